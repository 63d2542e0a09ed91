/*
 * stage.c - a line's stages and their machines: which job a free machine
 * takes, setups, processing, breakdowns (by clock or operating time,
 * preempt-resume), preventive maintenance, defects (scrap or rework), stops
 * by disruptions, and the time shares each machine spends (busy, setup,
 * down, maintenance, starved, blocked, idle).
 *
 * Not what authorises a job (the control's, control.h, with the push rule
 * here as the default) nor the stores the units go to (flow.c).
 */
#include <math.h>

#include <gsl/gsl_rng.h>

#include "models/line/control.h"
#include "models/line/internal.h"

/* Whether stage k may start a job: the control's rule, or the push rule
 * (the first stage works on what was released to it, the others whenever
 * they have input). */
static int authorised(const prodline *l, size_t k)
{
    if (l->control->authorised)
        return l->control->authorised(l, k);
    if (k == 0)
        return l->releases.n > 0;
    return 1;
}

/* One time use's count of machines: its level changes only when the count
 * does (most accounts change nothing). */
static inline void use_set(stage_run *st, double t, int use, int count)
{
    if (count != st->uses[use]) {
        st->uses[use] = count;
        levels_set(&st->lv, t, LEVEL_USE + use, (double)count);
    }
}

/* Re-reads what every machine of stage k is doing, after any change. The
 * uses are compared one by one, not through an array of counts built and
 * looped over: this runs after every dispatch, several times a unit, and
 * mostly finds nothing changed. The levels change at one instant in any
 * order with the same areas. */
static __attribute__((noinline)) void stage_account_now(prodline *l, size_t k)
{
    stage_run *st = &l->stages[k];
    double t = line__now(l);
    st->states_changed = 0;
    use_set(st, t, USE_BUSY, st->in_state[M_BUSY]);
    use_set(st, t, USE_SETUP, st->in_state[M_SETUP]);
    use_set(st, t, USE_DOWN, st->in_state[M_DOWN]);
    use_set(st, t, USE_MAINTENANCE, st->in_state[M_MAINTENANCE]);
    int idle = st->in_state[M_IDLE];
    int use = USE_IDLE;
    if (idle) {
        int rework = st->rework.n > 0;
        int allowed = rework || authorised(l, k);
        int input = rework || line__has_input(l, k);
        use = allowed ? USE_STARVED : input ? USE_BLOCKED : USE_IDLE;
    }
    use_set(st, t, USE_STARVED, use == USE_STARVED ? idle : 0);
    use_set(st, t, USE_BLOCKED, use == USE_BLOCKED ? idle : 0);
    use_set(st, t, USE_IDLE, use == USE_IDLE ? idle : 0);
}

/* With every machine at work and none changed state since the last
 * account, every use is as accounted (the idle ones 0): most dispatches
 * end so, a neighbour's unit done having dispatched a busy stage. */
static inline void stage_account(prodline *l, size_t k)
{
    const stage_run *st = &l->stages[k];
    if (st->in_state[M_IDLE] || st->states_changed)
        stage_account_now(l, k);
}

/* The push rule: the first stage takes the units released to it in
 * order; a later stage the unit that has waited longest in its input, of
 * any product. */
static int take_pushed(prodline *l, size_t k, unit *job)
{
    double t = line__now(l);
    if (k == 0) {
        if (!l->releases.n)
            return 0;
        *job = ring_pop(&l->releases);
        line__take_raw(l, job->product);
        return 1;
    }
    const stage_run *in = &l->stages[k - 1];
    int best = -1;
    double best_t = INFINITY;
    for (size_t p = 0; p < l->n_products; p++)
        if (in->out[p].n && ring_head(&in->out[p])->stored < best_t) {
            best_t = ring_head(&in->out[p])->stored;
            best = (int)p;
        }
    if (best < 0)
        return 0;
    *job = line__take_from_store(l, k - 1, best);
    job->entered = t;
    line__stage_wip_add(l, k, 1);
    return 1;
}

/* Stage k's next job: a unit to rework first, then what the control
 * allows. */
static int take_job(prodline *l, size_t k, unit *job)
{
    stage_run *st = &l->stages[k];
    if (st->rework.n) {
        *job = ring_pop(&st->rework);
        return 1;
    }
    if (k == 0 && !line__has_input(l, 0))
        return 0;
    if (l->control->take_job)
        return l->control->take_job(l, k, job);
    return take_pushed(l, k, job);
}

static void on_phase_end(sim *s, void *ctx, uint64_t arg);

static void set_state(stage_run *st, machine *mc, int state)
{
    st->in_state[mc->state]--;
    st->in_state[state]++;
    st->states_changed = 1;
    mc->state = state;
}

__attribute__((noinline)) void line__levels_apply_pending(levels *lv)
{
    levels_advance(lv, lv->pending_t);
    lv->level[lv->pending_which[0]] = lv->pending_value[0];
    lv->level[lv->pending_which[1]] = lv->pending_value[1];
    lv->pending_t = INFINITY;
}

/* A setup folded into its processing event: one event ends both, at the
 * instant the processing (or an operating-time failure during it) would
 * have ended after a setup-end event; the setup's end is the stage's
 * levels' pending change (setup 1 -> 0, busy 0 -> 1) and the machine's
 * own, applied when first looked at (setup_settle). Only for a stage of
 * one machine: nothing else of the stage changes state during the setup,
 * so its end changes those two time uses and nothing else; with more
 * machines the account at its end would also classify the idle ones at
 * that instant. About one event a unit less on a stage with setups. */
static __attribute__((noinline)) void
begin_folded_setup(prodline *l, size_t k, int m, double left)
{
    stage_run *st = &l->stages[k];
    machine *mc = &st->machines[m];
    const breakdown_spec *b = &st->spec->breakdown;
    double end = line__now(l) + left;
    mc->setup_end = end;
    st->lv.pending_t = end;
    st->lv.pending_which[0] = LEVEL_USE + USE_SETUP;
    st->lv.pending_value[0] = 0.0;
    st->lv.pending_which[1] = LEVEL_USE + USE_BUSY;
    st->lv.pending_value[1] = 1.0;
    double dt = mc->process;
    if (b->enabled && !b->by_clock && mc->to_failure < mc->process) {
        dt = mc->to_failure;
        mc->failing = 1;
    }
    mc->phase = sim_schedule(l->s, end + dt, on_phase_end, l,
                             line__machine_arg(k, m));
}

/* The folded setup's end, once its instant has come: the machine is
 * busy since then on its job, as the setup-end event would have left it
 * (its account changed the two time uses, which the levels apply
 * themselves). */
static __attribute__((noinline)) void setup_settle(stage_run *st,
                                                  machine *mc)
{
    if (st->lv.pending_t < INFINITY)
        line__levels_apply_pending(&st->lv);
    int changed = st->states_changed;
    set_state(st, mc, M_BUSY);
    st->states_changed = changed;
    st->uses[USE_SETUP] = st->in_state[M_SETUP];
    st->uses[USE_BUSY] = st->in_state[M_BUSY];
    mc->left = mc->process;
    mc->phase_start = mc->setup_end;
    mc->setup_end = INFINITY;
}

static inline void setup_settle_due(stage_run *st, machine *mc, double t)
{
    if (mc->setup_end <= t)
        setup_settle(st, mc);
}

/* A folded setup interrupted before its end (a failure, a stop): its end
 * is no longer due. */
static inline void setup_unfold(stage_run *st, machine *mc)
{
    if (mc->setup_end < INFINITY) {
        mc->setup_end = INFINITY;
        st->lv.pending_t = INFINITY;
    }
}

static void begin_phase(prodline *l, size_t k, int m, int state, double left)
{
    stage_run *st = &l->stages[k];
    machine *mc = &st->machines[m];
    const breakdown_spec *b = &st->spec->breakdown;
    set_state(st, mc, state);
    mc->left = left;
    mc->phase_start = line__now(l);
    mc->failing = 0;
    if (state == M_SETUP && st->spec->machines == 1) {
        begin_folded_setup(l, k, m, left);
        return;
    }
    double dt = left;
    if (state == M_BUSY && b->enabled && !b->by_clock &&
        mc->to_failure < left) {
        dt = mc->to_failure;
        mc->failing = 1;
    }
    mc->phase = sim_schedule(l->s, line__now(l) + dt, on_phase_end, l,
                             line__machine_arg(k, m));
}

static void start_job(prodline *l, size_t k, int m, unit job)
{
    stage_run *st = &l->stages[k];
    machine *mc = &st->machines[m];
    int p = job.product;
    mc->job = job;
    mc->process = dist_sample(st->process[p], st->process_rng);
    double setup = 0.0;
    if (mc->last_product >= 0 && mc->last_product != p &&
        st->setup[mc->last_product][p]) {
        if (l->observing)
            st->setups += 1.0;
        setup = dist_sample(st->setup[mc->last_product][p], st->setup_rng);
        LINE_TRACE(l, LINE_SETUP, (int)k, p, setup);
    }
    mc->last_product = p;
    if (setup > 0.0)
        begin_phase(l, k, m, M_SETUP, setup);
    else
        begin_phase(l, k, m, M_BUSY, mc->process);
}

/* Lets the idle machines of stage k take jobs, then accounts. Out of
 * line: most dispatches end at line__stage_dispatch's first test. */
static __attribute__((noinline)) void stage_dispatch_idle(prodline *l,
                                                         size_t k)
{
    stage_run *st = &l->stages[k];
    for (int m = 0; m < st->spec->machines; m++) {
        if (st->machines[m].state != M_IDLE)
            continue;
        unit job;
        if (!take_job(l, k, &job))
            break;
        start_job(l, k, m, job);
    }
    stage_account_now(l, k);
}

void line__stage_dispatch(prodline *l, size_t k)
{
    /* Most dispatches find every machine at work (a unit done downstream
     * dispatches its stage's neighbours): then no machine is looked at,
     * and the account has nothing to do unless a machine changed state
     * since the last. */
    stage_run *st = &l->stages[k];
    if (st->in_state[M_IDLE])
        stage_dispatch_idle(l, k);
    else if (st->states_changed)
        stage_account_now(l, k);
}

double line__time_between_failures(stage_run *st)
{
    double t = dist_sample(&st->spec->breakdown.time_between,
                           st->failure_rng);
    if (st->spec->maintenance.enabled)
        t *= st->spec->maintenance.mtbf_factor;
    return t;
}

static void go_down(prodline *l, size_t k, int m, int resume)
{
    stage_run *st = &l->stages[k];
    machine *mc = &st->machines[m];
    mc->resume = resume;
    set_state(st, mc, M_DOWN);
    double repair = dist_sample(&st->spec->breakdown.repair, st->failure_rng);
    mc->phase = sim_schedule(l->s, line__now(l) + repair, on_phase_end, l,
                             line__machine_arg(k, m));
    LINE_TRACE(l, LINE_BREAKDOWN, (int)k, -1, repair);
}

static void finish_job(prodline *l, size_t k, int m)
{
    stage_run *st = &l->stages[k];
    machine *mc = &st->machines[m];
    const stage_spec *ss = st->spec;
    unit u = mc->job;
    product_run *pr = &l->products[u.product];
    double t = line__now(l);
    /* The machine's next state first: what follows may hand it work. */
    if (ss->maintenance.enabled && mc->since_pm >= ss->maintenance.every) {
        mc->since_pm = 0.0;
        set_state(st, mc, M_MAINTENANCE);
        double d = dist_sample(&ss->maintenance.duration, st->pm_rng);
        mc->phase = sim_schedule(l->s, t + d, on_phase_end, l,
                                 line__machine_arg(k, m));
        LINE_TRACE(l, LINE_MAINTENANCE, (int)k, -1, d);
    } else {
        set_state(st, mc, M_IDLE);
    }
    int defective = ss->defect_rate > 0.0 &&
                    gsl_rng_uniform(st->quality_rng) < ss->defect_rate;
    if (defective && ss->rework) {
        if (l->observing)
            st->reworked += 1.0;
        if (ring_push(&st->rework, &u))
            l->failed = 1;
        LINE_TRACE(l, LINE_REWORK, (int)k, u.product, 1.0);
    } else {
        line__stage_wip_add(l, k, -1);
        if (l->observing) {
            st->flow_sum += t - u.entered;
            st->departures += 1.0;
        }
        if (defective) {
            if (l->observing) {
                st->scrapped += 1.0;
                pr->scrapped += 1.0;
            }
            line__wip_add(l, pr, -1.0);
            /* Its material leaves the books uncounted: scrap_cost charges
             * the unit at its product's unit cost. */
            line__material_out(l, pr, 1.0, 0);
            LINE_TRACE(l, LINE_SCRAP, (int)k, u.product, 1.0);
            if (l->control->scrapped)
                l->control->scrapped(l, k, u.product);
        } else {
            if (l->observing)
                st->good += 1.0;
            if (k + 1 < l->n_stages) {
                if (ring_put(&st->out[u.product], u.released, u.entered, t,
                             u.product))
                    l->failed = 1;
                st->out_total += 1.0;
                levels_set(&st->lv, t, LEVEL_BUFFER, st->out_total);
                LINE_TRACE(l, LINE_DONE, (int)k, u.product, 1.0);
                line__stage_dispatch(l, k + 1);
            } else {
                line__finished(l, pr, u);
            }
        }
    }
    line__stage_dispatch(l, k);
    line__report_levels(l);
}

static void repaired(prodline *l, size_t k, int m)
{
    stage_run *st = &l->stages[k];
    machine *mc = &st->machines[m];
    LINE_TRACE(l, LINE_REPAIRED, (int)k, -1, 0.0);
    double next = line__time_between_failures(st);
    if (st->spec->breakdown.by_clock)
        mc->failure = sim_schedule(l->s, line__now(l) + next,
                                   line__on_clock_failure, l,
                                   line__machine_arg(k, m));
    else
        mc->to_failure = next;
    if (st->stops > 0) {
        mc->held = 1; /* still down: the stage is stopped */
        stage_account(l, k);
        return;
    }
    if (mc->resume == M_SETUP || mc->resume == M_BUSY) {
        begin_phase(l, k, m, mc->resume, mc->left);
        stage_account(l, k);
    } else {
        set_state(st, mc, M_IDLE);
        line__stage_dispatch(l, k);
    }
}

static void on_phase_end(sim *s, void *ctx, uint64_t arg)
{
    prodline *l = ctx;
    size_t k = (size_t)(arg >> 32);
    int m = (int)(uint32_t)arg;
    stage_run *st = &l->stages[k];
    machine *mc = &st->machines[m];
    if (mc->state == M_SETUP && mc->setup_end <= sim_now(s))
        setup_settle(st, mc); /* the folded setup's processing ends */
    double elapsed = sim_now(s) - mc->phase_start;
    switch (mc->state) {
    case M_SETUP:
        begin_phase(l, k, m, M_BUSY, mc->process);
        stage_account(l, k);
        break;
    case M_BUSY:
        mc->since_pm += elapsed;
        if (st->spec->breakdown.enabled && !st->spec->breakdown.by_clock)
            mc->to_failure -= elapsed;
        if (mc->failing) {
            mc->left -= elapsed;
            go_down(l, k, m, M_BUSY);
            stage_account(l, k);
        } else {
            finish_job(l, k, m);
        }
        break;
    case M_DOWN:
        repaired(l, k, m);
        break;
    case M_MAINTENANCE:
        if (mc->fail_after_pm) {
            mc->fail_after_pm = 0;
            go_down(l, k, m, M_IDLE);
            stage_account(l, k);
        } else if (st->stops > 0) {
            mc->resume = M_IDLE;
            mc->held = 1;
            set_state(st, mc, M_DOWN);
            stage_account(l, k);
        } else {
            set_state(st, mc, M_IDLE);
            line__stage_dispatch(l, k);
        }
        break;
    default:
        break;
    }
}

void line__on_clock_failure(sim *s, void *ctx, uint64_t arg)
{
    prodline *l = ctx;
    size_t k = (size_t)(arg >> 32);
    int m = (int)(uint32_t)arg;
    stage_run *st = &l->stages[k];
    machine *mc = &st->machines[m];
    setup_settle_due(st, mc, sim_now(s));
    double elapsed = sim_now(s) - mc->phase_start;
    switch (mc->state) {
    case M_SETUP:
    case M_BUSY:
        setup_unfold(st, mc);
        sim_cancel(s, mc->phase);
        mc->left -= elapsed;
        if (mc->state == M_BUSY)
            mc->since_pm += elapsed;
        go_down(l, k, m, mc->state);
        break;
    case M_MAINTENANCE:
        mc->fail_after_pm = 1;
        break;
    case M_DOWN: /* held by a stop: it is repaired during the stop */
        mc->held = 0;
        go_down(l, k, m, mc->resume);
        break;
    default:
        go_down(l, k, m, M_IDLE);
        break;
    }
    stage_account(l, k);
}

void prodline_stage_stop(prodline *l, size_t k, int begin)
{
    stage_run *st = &l->stages[k];
    double t = line__now(l);
    if (!begin) {
        if (--st->stops > 0)
            return;
        LINE_TRACE(l, LINE_RESTARTED, (int)k, -1, 0.0);
        for (int m = 0; m < st->spec->machines; m++) {
            machine *mc = &st->machines[m];
            if (!mc->held)
                continue;
            mc->held = 0;
            if (mc->resume == M_SETUP || mc->resume == M_BUSY)
                begin_phase(l, k, m, mc->resume, mc->left);
            else
                set_state(st, mc, M_IDLE);
        }
        line__stage_dispatch(l, k);
        return;
    }
    if (st->stops++ > 0)
        return;
    LINE_TRACE(l, LINE_STOPPED, (int)k, -1, 0.0);
    for (int m = 0; m < st->spec->machines; m++) {
        machine *mc = &st->machines[m];
        setup_settle_due(st, mc, t);
        double elapsed = t - mc->phase_start;
        switch (mc->state) {
        case M_SETUP:
        case M_BUSY:
            setup_unfold(st, mc);
            sim_cancel(l->s, mc->phase);
            mc->left -= elapsed;
            if (mc->state == M_BUSY) {
                mc->since_pm += elapsed;
                if (st->spec->breakdown.enabled &&
                    !st->spec->breakdown.by_clock)
                    mc->to_failure -= elapsed;
            }
            mc->resume = mc->state;
            mc->held = 1;
            set_state(st, mc, M_DOWN);
            break;
        case M_IDLE:
            mc->resume = M_IDLE;
            mc->held = 1;
            set_state(st, mc, M_DOWN);
            break;
        default:
            /* Under repair or in maintenance: held when that ends. */
            break;
        }
    }
    stage_account(l, k);
}
