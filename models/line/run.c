/*
 * run.c - one replication of a line (prodline_start): the random streams,
 * the stages, machines, stores and raw material put back in their
 * starting state, the control's starting stock and first events, the
 * customers' demand; and the observers a run reports to.
 *
 * Not what happens next (stage.c, flow.c, raw.c) nor the measurement of
 * the window (metrics.c).
 */
#include <math.h>
#include <stdio.h>

#include "models/line/control.h"
#include "models/line/internal.h"
#include "sim/stream.h"

static int stream(gsl_rng **r, uint64_t seed, uint64_t replication,
                  const char *source)
{
    if (!*r && !(*r = stream_create(seed, replication, source)))
        return -1;
    stream_reseed(*r, seed, replication, source);
    return 0;
}

int line__fill_store(prodline *l, size_t k, int product, double units)
{
    stage_run *st = &l->stages[k];
    for (double i = 0; i < units; i++)
        if (ring_put(&st->out[product], 0.0, 0.0, 0.0, product))
            return -1;
    st->out_total += units;
    l->wip_now += units;
    l->products[product].in_line += units;
    line__material_in(l, &l->products[product], units);
    return 0;
}

int prodline_start(prodline *l, sim *s, supplier *suppliers,
                   order_pool *orders, uint64_t seed, uint64_t replication)
{
    l->s = s;
    l->suppliers = suppliers;
    l->orders = orders;
    l->failed = 0;
    l->observing = 0;
    l->window_start = 0.0;
    l->wip_now = 0.0;
    ring_clear(&l->releases);
    sample_clear(&l->line_lead);
    char source[LINE_NAME_MAX + 32];
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        if (l->spec->n_products)
            snprintf(source, sizeof source, "demand.%s", pr->spec->name);
        else
            snprintf(source, sizeof source, "demand");
        if (stream(&pr->demand_rng, seed, replication, source))
            return -1;
        pr->on_hand = pr->in_line = pr->backorders = 0.0;
        pr->material_units = pr->material_value = 0.0;
        pr->waiting_head = pr->waiting_n = 0;
        sample_clear(&pr->lead_time);
    }
    for (size_t k = 0; k < l->n_stages; k++) {
        stage_run *st = &l->stages[k];
        const stage_spec *ss = st->spec;
        const char *kinds[] = {"process", "setup", "failure", "quality",
                               "maintenance"};
        gsl_rng **rngs[] = {&st->process_rng, &st->setup_rng,
                            &st->failure_rng, &st->quality_rng, &st->pm_rng};
        for (size_t j = 0; j < 5; j++) {
            snprintf(source, sizeof source, "stage.%s.%s", ss->name,
                     kinds[j]);
            if (stream(rngs[j], seed, replication, source))
                return -1;
        }
        st->out_total = 0.0;
        st->in_stage = 0;
        st->stops = 0;
        ring_clear(&st->rework);
        for (int p = 0; p < LINE_PRODUCTS_MAX; p++)
            ring_clear(&st->out[p]);
        for (int u = 0; u < USE_COUNT; u++)
            st->uses[u] = 0;
        memset(st->in_state, 0, sizeof st->in_state);
        st->in_state[M_IDLE] = ss->machines;
        st->states_changed = 1;
        for (int m = 0; m < ss->machines; m++) {
            machine *mc = &st->machines[m];
            memset(mc, 0, sizeof *mc);
            mc->state = M_IDLE;
            mc->last_product = -1;
            mc->setup_end = INFINITY;
            if (ss->breakdown.enabled) {
                double first = line__time_between_failures(st);
                if (ss->breakdown.by_clock)
                    mc->failure =
                        sim_schedule(s, first, line__on_clock_failure, l,
                                     line__machine_arg(k, m));
                else
                    mc->to_failure = first;
            }
        }
    }
    if (!l->raw_unlimited) {
        if (stream(&l->raw_quality_rng, seed, replication, "raw.quality"))
            return -1;
        l->raw_on_hand = isnan(l->spec->raw.initial) ? l->spec->raw.S
                                                     : l->spec->raw.initial;
    }
    l->raw_on_order = 0.0;
    /* The opening raw stock as if bought at the landed cost. */
    l->raw_value = l->raw_unlimited ? 0.0 : l->raw_on_hand * l->raw_landed;
    l->raw_transit_units = l->raw_transit_value = 0.0;

    /* The starting state of the control. */
    size_t last = l->n_stages - 1;
    double fg[LINE_PRODUCTS_MAX];
    if (l->control->initial_stock(l, fg))
        return -1;
    for (size_t i = 0; i < l->n_products; i++) {
        l->products[i].on_hand = fg[i];
        l->stages[last].out_total += fg[i];
        line__material_in(l, &l->products[i], fg[i]);
    }
    double t0 = 0.0;
    twavg_init(&l->line_wip, t0, l->wip_now);
    twavg_init(&l->raw_level, t0, l->raw_on_hand);
    twavg_init(&l->raw_pipeline, t0, 0.0);
    twavg_init(&l->raw_level_value, t0, l->raw_value);
    twavg_init(&l->raw_transit, t0, 0.0);
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        twavg_init(&pr->fg, t0, pr->on_hand);
        twavg_init(&pr->wip, t0, pr->in_line);
        twavg_init(&pr->owed, t0, 0.0);
    }
    for (size_t k = 0; k < l->n_stages; k++) {
        stage_run *st = &l->stages[k];
        memset(&st->lv, 0, sizeof st->lv);
        st->lv.pending_t = INFINITY;
        st->lv.t_start = st->lv.t_last = t0;
        st->lv.level[LEVEL_BUFFER] = st->out_total;
        l->stage_wip_now[k] = 0.0;
    }
    prodline_begin_window(l);
    l->observing = l->env.warmup <= 0.0;

    /* Its first releases and its own events, before the customers'. */
    if (l->control->start)
        l->control->start(l);
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        demand_start(&pr->demand, &pr->spec->demand, s, pr->demand_rng,
                     l->env.horizon, line__on_customer_order, pr);
    }
    line__raw_reorder(l);
    for (size_t k = l->n_stages; k-- > 0;)
        line__stage_dispatch(l, k);
    line__report_levels(l);
    return l->failed ? -1 : 0;
}

void prodline_observe_levels(prodline *l, line_level_fn fn, void *ctx)
{
    l->level_fn = fn;
    l->level_ctx = ctx;
}

void prodline_trace(prodline *l, line_trace_fn fn, void *ctx)
{
    l->trace_fn = fn;
    l->trace_ctx = ctx;
}

void prodline_observe_stages(prodline *l, line_stage_fn fn, void *ctx)
{
    l->stage_fn = fn;
    l->stage_ctx = ctx;
}

int prodline_failed(const prodline *l)
{
    return l->failed;
}
