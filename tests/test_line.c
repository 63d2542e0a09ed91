/*
 * test_line.c - production lines against closed forms and exact counts.
 *
 * Each stochastic check runs REPS replications with a fixed seed and
 * asserts that the exact value lies inside the runs' own 99% Student-t
 * interval, and that the interval is narrow enough to mean something. A
 * failure means the model is wrong until proven otherwise: never widen an
 * interval to pass. The two-station tandem line is checked against the
 * stationary distribution of its Markov chain, solved here with GSL.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "analysis/estimate.h"
#include "models/world.h"
#include "tests/test_row.h"

#define REPS 20

/* ---- building lines ------------------------------------------------------ */

static void line_world(world_spec *w, double rate, const char *control)
{
    world_spec_init(w);
    w->horizon = 5000.0;
    w->warmup = 200.0;
    w->item.unit_cost = 10.0;
    w->item.holding_cost = 0.1;
    w->item.backorder_cost = 1.0;
    w->demand.arrivals = DEMAND_POISSON;
    w->demand.rate = rate;
    snprintf(w->policy.name, sizeof w->policy.name, "%s", control);
    w->policy.type = policy_find(control);
    cr_assert_not_null(w->policy.type, "control %s", control);
}

static stage_spec *add_stage(world_spec *w, const char *name,
                             double mean_process, int exponential)
{
    char err[200];
    stage_spec *st = &w->line.stages[w->line.n_stages++];
    stage_spec_init(st);
    snprintf(st->name, sizeof st->name, "%s", name);
    dist_free(&st->process_time);
    if (exponential)
        cr_assert_eq(dist_exponential(&st->process_time, mean_process, err,
                                      sizeof err),
                     0);
    else
        cr_assert_eq(dist_constant(&st->process_time, mean_process, err,
                                   sizeof err),
                     0);
    return st;
}

static void add_product(world_spec *w, const char *name, double rate)
{
    product_spec *p = &w->line.products[w->line.n_products++];
    product_spec_init(p);
    snprintf(p->name, sizeof p->name, "%s", name);
    p->item.unit_cost = 10.0;
    p->item.holding_cost = 0.1;
    p->item.backorder_cost = 1.0;
    p->demand.arrivals = DEMAND_POISSON;
    p->demand.rate = rate;
}

static size_t column(const world_spec *w, const char *name)
{
    metric_columns *cols = malloc(sizeof *cols);
    cr_assert_not_null(cols);
    cr_assert_eq(world_columns(w, cols), 0);
    int i = metric_columns_find(cols, name);
    metric_columns_free(cols);
    free(cols);
    cr_assert_geq(i, 0, "no column %s", name);
    return (size_t)i;
}

typedef struct reps_sample {
    double x[REPS];
} reps_sample;

/* Runs REPS replications and collects the named columns. */
static void run_reps(const world_spec *spec, uint64_t seed,
                     const char *const *names, size_t n, reps_sample *out)
{
    char err[300];
    world *w = world_create(spec, err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    size_t idx[16];
    for (size_t i = 0; i < n; i++)
        idx[i] = column(spec, names[i]);
    for (int r = 0; r < REPS; r++) {
        test_row row;
        cr_assert_eq(world_run(w, seed, (uint64_t)r, row.value), 0);
        for (size_t i = 0; i < n; i++)
            out[i].x[r] = row.value[idx[i]];
    }
    world_destroy(w);
}

static estimate interval(const reps_sample *s)
{
    estimate e;
    cr_assert_eq(estimate_mean(s->x, REPS, 0.99, &e), 0);
    return e;
}

/* Asserts that `exact` lies in the 99% interval of s and that the interval
 * half-width is below `max_half`. */
static void assert_covers(const reps_sample *s, double exact, double max_half,
                          const char *what)
{
    estimate e = interval(s);
    cr_assert(e.low <= exact && exact <= e.high,
              "%s: %.5f outside the 99%% interval [%.5f, %.5f]", what, exact,
              e.low, e.high);
    cr_assert_lt(e.half_width, max_half, "%s: interval too wide (%.5f)", what,
                 e.half_width);
}

/* ---- closed forms ------------------------------------------------------ */

/* One exponential station in a kanban loop of N cards facing Poisson unit
 * demand is the M/M/1 make-to-stock queue: the finished store is N minus
 * the number in an M/M/1 queue, so a customer finds stock with probability
 * P(queue < N) = 1 - rho^N, and the station is busy a fraction rho. */
Test(line_validation, kanban_station_is_mm1_make_to_stock)
{
    const double lambda = 0.8, mu = 1.0;
    const int cards[] = {2, 5, 9};
    for (size_t c = 0; c < sizeof cards / sizeof cards[0]; c++) {
        world_spec w;
        line_world(&w, lambda, "kanban");
        w.horizon = 20000.0;
        add_stage(&w, "press", 1.0 / mu, 1);
        policy_param_set(&w.policy.params, PARAM_CARDS, cards[c]);
        const char *names[] = {"fill_rate", "press.busy", "ready_rate"};
        reps_sample s[3];
        run_reps(&w, 11, names, 3, s);
        double rho = lambda / mu;
        double fill = 1.0 - pow(rho, cards[c]);
        assert_covers(&s[0], fill, 0.02, "fill rate");
        assert_covers(&s[1], rho, 0.01, "utilisation");
        /* PASTA: the time the store is stocked equals the fill rate. */
        assert_covers(&s[2], fill, 0.02, "ready rate");
        world_spec_free(&w);
    }
}

/* Little's law, L = lambda W, for the whole line and for each stage of a
 * three-stage CONWIP line with parallel machines and random times. */
Test(line_validation, littles_law_for_the_line_and_each_stage)
{
    world_spec w;
    line_world(&w, 0.9, "conwip");
    add_stage(&w, "cut", 0.5, 1);
    stage_spec *weld = add_stage(&w, "weld", 1.6, 1);
    weld->machines = 2;
    add_stage(&w, "paint", 0.7, 1);
    policy_param_set(&w.policy.params, PARAM_WIP, 12);
    const char *names[] = {
        "avg_wip",        "throughput",      "line_lead_time_mean",
        "cut.wip",        "cut.throughput",  "cut.flow_time",
        "weld.wip",       "weld.throughput", "weld.flow_time",
        "paint.wip",      "paint.throughput", "paint.flow_time",
    };
    reps_sample s[12];
    run_reps(&w, 3, names, 12, s);
    for (size_t g = 0; g < 4; g++) {
        reps_sample diff;
        for (int r = 0; r < REPS; r++)
            diff.x[r] = s[3 * g].x[r] -
                        s[3 * g + 1].x[r] * s[3 * g + 2].x[r];
        estimate l = interval(&s[3 * g]);
        cr_assert_gt(l.mean, 0.1, "%s", names[3 * g]);
        /* Within the window the identity holds up to the units inside at
         * its two ends: a relative error under 1%. */
        estimate e = interval(&diff);
        cr_assert_lt(fabs(e.mean), 0.01 * l.mean,
                     "Little's law for %s: L - lambda W = %.4f (L %.3f)",
                     names[3 * g], e.mean, l.mean);
    }
    world_spec_free(&w);
}

/* Stationary distribution of a continuous-time Markov chain with
 * generator q (n x n, row sums zero): solve pi Q = 0 with sum pi = 1. */
static void stationary(const double *q, size_t n, double *pi)
{
    gsl_matrix *a = gsl_matrix_alloc(n, n);
    gsl_vector *b = gsl_vector_calloc(n);
    gsl_vector *x = gsl_vector_alloc(n);
    gsl_permutation *perm = gsl_permutation_alloc(n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(a, i, j, q[j * n + i]); /* Q transposed */
    for (size_t j = 0; j < n; j++)
        gsl_matrix_set(a, n - 1, j, 1.0); /* replace one balance equation */
    gsl_vector_set(b, n - 1, 1.0);
    int sign;
    cr_assert_eq(gsl_linalg_LU_decomp(a, perm, &sign), 0);
    cr_assert_eq(gsl_linalg_LU_solve(a, perm, b, x), 0);
    for (size_t i = 0; i < n; i++)
        pi[i] = gsl_vector_get(x, i);
    gsl_matrix_free(a);
    gsl_vector_free(b);
    gsl_vector_free(x);
    gsl_permutation_free(perm);
}

/* Two exponential stations, the first never starved, the second never
 * blocked, with a kanban loop of N cards between the first station and its
 * output buffer: units in the buffer plus the one in work at station 1 are
 * at most N (a buffer of N - 1 with blocking after service). States: 0 =
 * station 2 idle (empty buffer); 1 + j = station 2 busy with j units in the
 * buffer, j = 0..N. Throughput = mu2 P(station 2 busy). */
static double tandem_throughput(double mu1, double mu2, int n_cards)
{
    size_t n = (size_t)n_cards + 2;
    double *q = calloc(n * n, sizeof *q);
    double *pi = calloc(n, sizeof *pi);
    cr_assert(q && pi);
#define RATE(from, to, r) (q[(from) * n + (to)] += (r), q[(from) * n + (from)] -= (r))
    RATE(0, 1, mu1); /* a unit made goes straight to station 2 */
    for (int j = 0; j <= n_cards; j++) {
        size_t s = 1 + (size_t)j;
        if (j < n_cards)
            RATE(s, s + 1, mu1);
        RATE(s, j > 0 ? s - 1 : 0, mu2);
    }
#undef RATE
    stationary(q, n, pi);
    double busy = 1.0 - pi[0];
    free(q);
    free(pi);
    return mu2 * busy;
}

Test(line_validation, two_station_tandem_with_a_finite_buffer)
{
    const double mu1 = 1.0, mu2 = 1.1;
    const int buffers[] = {1, 3, 6};
    for (size_t b = 0; b < sizeof buffers / sizeof buffers[0]; b++) {
        world_spec w;
        line_world(&w, 1e-6, "kanban"); /* customers never take anything */
        stage_spec *first = add_stage(&w, "first", 1.0 / mu1, 1);
        stage_spec *second = add_stage(&w, "second", 1.0 / mu2, 1);
        first->cards = buffers[b];
        second->cards = 1e9; /* the second station is never blocked */
        policy_param_set(&w.policy.params, PARAM_CARDS, 1);
        w.line.n_products = 1;
        product_spec *p = &w.line.products[0];
        product_spec_init(p);
        p->demand.rate = 1e-6;
        p->initial = 0.0; /* all the last loop's cards start as orders */
        const char *names[] = {"throughput", "first.blocked"};
        reps_sample s[2];
        run_reps(&w, 5, names, 2, s);
        double exact = tandem_throughput(mu1, mu2, buffers[b]);
        assert_covers(&s[0], exact, 0.01, "tandem throughput");
        estimate blocked = interval(&s[1]);
        /* Station 1 is blocked exactly when it is not working: 1 - X/mu1. */
        cr_assert(blocked.low <= 1.0 - exact / mu1 &&
                      1.0 - exact / mu1 <= blocked.high,
                  "blocked %.4f vs %.4f", blocked.mean, 1.0 - exact / mu1);
        world_spec_free(&w);
    }
}

static void add_breakdowns(stage_spec *st, double mtbf, double mttr,
                           int by_clock)
{
    char err[200];
    st->breakdown.enabled = 1;
    st->breakdown.by_clock = by_clock;
    cr_assert_eq(dist_exponential(&st->breakdown.time_between, mtbf, err,
                                  sizeof err),
                 0);
    cr_assert_eq(dist_exponential(&st->breakdown.repair, mttr, err,
                                  sizeof err),
                 0);
}

/* Failures by the clock: the station is up MTBF / (MTBF + MTTR) of the
 * time. Failures by operating time: of the time it works or is repaired,
 * the same fraction is work. */
Test(line_validation, availability_is_mtbf_over_mtbf_plus_mttr)
{
    const double mtbf = 10.0, mttr = 2.0;
    const double a = mtbf / (mtbf + mttr);
    world_spec w;
    line_world(&w, 0.5, "conwip");
    stage_spec *st = add_stage(&w, "press", 1.0, 1);
    add_breakdowns(st, mtbf, mttr, 1);
    policy_param_set(&w.policy.params, PARAM_WIP, 20);
    const char *names[] = {"availability", "press.down"};
    reps_sample s[2];
    run_reps(&w, 9, names, 2, s);
    assert_covers(&s[0], a, 0.02, "availability by clock");
    world_spec_free(&w);

    line_world(&w, 0.5, "conwip");
    st = add_stage(&w, "press", 1.0, 1);
    add_breakdowns(st, mtbf, mttr, 0);
    policy_param_set(&w.policy.params, PARAM_WIP, 20);
    const char *names2[] = {"press.busy", "press.down"};
    run_reps(&w, 9, names2, 2, s);
    reps_sample ratio;
    for (int r = 0; r < REPS; r++)
        ratio.x[r] = s[0].x[r] / (s[0].x[r] + s[1].x[r]);
    assert_covers(&ratio, a, 0.02, "availability by operating time");
    world_spec_free(&w);
}

/* Changeovers in a repeating sequence: the cyclic count of neighbours that
 * differ. */
static int sequence_changes(const char *seq)
{
    size_t n = strlen(seq);
    int changes = 0;
    for (size_t i = 0; i < n; i++)
        changes += seq[i] != seq[(i + 1) % n];
    return changes;
}

static void mix_line(world_spec *w, const char *control, double setup)
{
    char err[200];
    line_world(w, 1.0, control);
    add_product(w, "A", 0.3);
    add_product(w, "B", 0.2);
    add_product(w, "C", 0.1);
    stage_spec *st = add_stage(w, "press", 0.5, 1);
    dist_free(&st->setup_time);
    cr_assert_eq(dist_constant(&st->setup_time, setup, err, sizeof err), 0);
    /* Caps that never bind: every slot is used, so the released sequence
     * is exactly the policy's. (The WIP cap, at least 1, does not bind
     * either: a unit takes at most 0.5 + 0.2 < the pitch, so the line
     * never holds two.) */
    policy_param_set(&w->policy.params, PARAM_CARDS, 1e7);
    policy_param_set(&w->policy.params, PARAM_PITCH, 1.5);
    /* A B A C A B, as a leveled 3:2:1 mix */
    const unsigned char seq[] = {0, 1, 0, 2, 0, 1};
    memcpy(w->line.sequence, seq, sizeof seq);
    w->line.sequence_len = sizeof seq;
}

Test(line_validation, heijunka_and_campaign_share_throughput_and_count_setups)
{
    /* Without setups both release one unit a pitch: the same throughput. */
    world_spec lev, camp;
    mix_line(&lev, "heijunka", 0.0);
    mix_line(&camp, "campaign", 0.0);
    policy_param_set(&camp.policy.params, PARAM_BATCH, 10);
    const char *names[] = {"throughput", "press.setups"};
    reps_sample a[2], b[2];
    run_reps(&lev, 4, names, 2, a);
    run_reps(&camp, 4, names, 2, b);
    assert_covers(&a[0], 1.0 / 1.5, 0.01, "leveled throughput");
    assert_covers(&b[0], 1.0 / 1.5, 0.01, "campaign throughput");
    world_spec_free(&lev);
    world_spec_free(&camp);

    /* Without a setup time there is no setup to count. */
    for (int r = 0; r < REPS; r++)
        cr_assert_eq(a[1].x[r] + b[1].x[r], 0.0);

    /* With setups, the station changes over as often as the sequence
     * does: 6 changes in 6 slots leveled, 3 in 60 by campaigns. */
    mix_line(&lev, "heijunka", 0.2);
    mix_line(&camp, "campaign", 0.2);
    policy_param_set(&camp.policy.params, PARAM_BATCH, 10);
    run_reps(&lev, 4, names, 2, a);
    run_reps(&camp, 4, names, 2, b);
    double slots = (lev.horizon - lev.warmup) / 1.5;
    double leveled = slots / 6.0 * sequence_changes("ABACAB");
    double campaign = slots / 60.0 * 3.0;
    for (int r = 0; r < REPS; r++) {
        cr_assert_lt(fabs(a[1].x[r] - leveled), 7.0,
                     "leveled setups %.0f, the sequence's %.1f", a[1].x[r],
                     leveled);
        cr_assert_lt(fabs(b[1].x[r] - campaign), 4.0,
                     "campaign setups %.0f, the sequence's %.1f", b[1].x[r],
                     campaign);
    }
    world_spec_free(&lev);
    world_spec_free(&camp);
}

/* A setup on a stage of one machine is folded into its processing event
 * (stage.c): its end is a pending change of the stage's time uses, which
 * a failure or a stop during the setup drops and the resumed setup folds
 * again. Whatever interrupts them, the setup share of the window is the
 * setups counted times their constant duration, but for the one setup
 * that may straddle either edge of the window (begun before it and not
 * counted, or counted and ending after it): within one duration. */
Test(line, a_folded_setup_counts_its_whole_time_through_failures_and_stops)
{
    const double setup = 0.2;
    for (int by_clock = 0; by_clock <= 1; by_clock++) {
        world_spec w;
        mix_line(&w, "heijunka", setup);
        add_breakdowns(&w.line.stages[0], 5.0, 0.5, by_clock);
        disruption_spec d;
        disruption_spec_init(&d);
        snprintf(d.name, sizeof d.name, "strike");
        d.stage = 0;
        d.start = 1000.0;
        d.duration = 40.0;
        cr_assert_eq(world_spec_add_disruption(&w, &d), 0);
        disruption_spec_free(&d);
        char err[300];
        world *x = world_create(&w, err, sizeof err);
        cr_assert_not_null(x, "%s", err);
        size_t share = column(&w, "press.setup");
        size_t count = column(&w, "press.setups");
        size_t down = column(&w, "press.down");
        double span = w.horizon - w.warmup;
        for (uint64_t r = 0; r < 5; r++) {
            test_row m;
            cr_assert_eq(world_run(x, 11, r, m.value), 0);
            double time = m.value[share] * span;
            double counted = m.value[count] * setup;
            cr_assert(fabs(time - counted) <= setup + 1e-9,
                      "by_clock %d: setup time %.9f, %g setups of %g",
                      by_clock, time, m.value[count], setup);
            cr_assert_gt(m.value[count], 1000.0);
            /* Down at least the stop, plus the repairs. */
            cr_assert_gt(m.value[down] * span, 40.0);
        }
        world_destroy(x);
        world_spec_free(&w);
    }
}

/* ---- behaviour ------------------------------------------------------- */

Test(line, a_run_is_a_function_of_seed_and_replication)
{
    world_spec w;
    line_world(&w, 0.8, "kanban");
    stage_spec *st = add_stage(&w, "cut", 0.4, 1);
    add_breakdowns(st, 30.0, 2.0, 0);
    st->defect_rate = 0.05;
    st->rework = 1;
    add_stage(&w, "weld", 0.9, 1);
    char err[300];
    world *x = world_create(&w, err, sizeof err);
    cr_assert_not_null(x, "%s", err);
    test_row m1, m2, m3;
    cr_assert_eq(world_run(x, 7, 3, m1.value), 0);
    cr_assert_eq(world_run(x, 7, 4, m3.value), 0);
    cr_assert_eq(world_run(x, 7, 3, m2.value), 0);
    metric_columns *cols = malloc(sizeof *cols);
    cr_assert_eq(world_columns(&w, cols), 0);
    cr_assert_eq(cols->n, world_row_width(&w));
    cr_assert_eq(memcmp(m1.value, m2.value, cols->n * sizeof(double)), 0);
    cr_assert_neq(m1.value[METRIC_TOTAL_COST], m3.value[METRIC_TOTAL_COST]);
    metric_columns_free(cols);
    free(cols);
    world_destroy(x);
    world_spec_free(&w);
}

Test(line, every_stage_time_use_sums_to_one)
{
    world_spec w;
    line_world(&w, 0.8, "mrp");
    stage_spec *st = add_stage(&w, "cut", 0.4, 1);
    add_breakdowns(st, 30.0, 2.0, 1);
    st->maintenance.enabled = 1;
    st->maintenance.every = 20.0;
    st->maintenance.mtbf_factor = 2.0;
    char err[200];
    cr_assert_eq(dist_constant(&st->maintenance.duration, 1.0, err,
                               sizeof err),
                 0);
    st = add_stage(&w, "weld", 0.9, 1);
    st->machines = 2;
    st->defect_rate = 0.1;
    const char *uses[] = {"busy", "setup", "down", "maintenance",
                          "starved", "blocked", "idle"};
    world *x = world_create(&w, err, sizeof err);
    cr_assert_not_null(x, "%s", err);
    test_row m;
    cr_assert_eq(world_run(x, 1, 0, m.value), 0);
    const char *stages[] = {"cut", "weld"};
    for (size_t k = 0; k < 2; k++) {
        double sum = 0.0;
        for (size_t u = 0; u < 7; u++) {
            char name[64];
            snprintf(name, sizeof name, "%s.%s", stages[k], uses[u]);
            double v = m.value[column(&w, name)];
            cr_assert(v >= 0.0 && v <= 1.0, "%s = %g", name, v);
            sum += v;
        }
        cr_assert_float_eq(sum, 1.0, 1e-9, "%s sums to %.12f", stages[k],
                           sum);
    }
    cr_assert_gt(m.value[column(&w, "cut.maintenance")], 0.0);
    cr_assert_gt(m.value[column(&w, "weld.scrapped")], 0.0);
    world_destroy(x);
    world_spec_free(&w);
}

Test(line, controls_see_the_same_customers)
{
    const char *controls[] = {"kanban", "conwip", "mrp", "heijunka",
                              "campaign"};
    double demanded[5];
    for (size_t c = 0; c < 5; c++) {
        world_spec w;
        line_world(&w, 1.0, controls[c]);
        add_product(&w, "A", 0.5);
        add_product(&w, "B", 0.3);
        add_stage(&w, "cut", 0.3, 1);
        add_stage(&w, "weld", 0.4, 1);
        char err[300];
        world *x = world_create(&w, err, sizeof err);
        cr_assert_not_null(x, "%s: %s", controls[c], err);
        test_row m;
        cr_assert_eq(world_run(x, 2, 0, m.value), 0);
        demanded[c] = m.value[column(&w, "A.units_demanded")];
        double thr = m.value[column(&w, "throughput")];
        /* Every control keeps up with demand of 0.8 a time unit. */
        cr_assert(thr > 0.7 && thr < 0.9, "%s throughput %g", controls[c],
                  thr);
        world_destroy(x);
        world_spec_free(&w);
    }
    for (size_t c = 1; c < 5; c++)
        cr_assert_eq(demanded[c], demanded[0]);
}

Test(line, rework_costs_capacity_and_scrap_costs_units)
{
    world_spec w;
    line_world(&w, 0.5, "conwip");
    stage_spec *st = add_stage(&w, "cut", 1.0, 1);
    st->defect_rate = 0.2;
    st->rework = 1;
    policy_param_set(&w.policy.params, PARAM_WIP, 30);
    const char *names[] = {"cut.busy", "reworked_units", "scrapped_units"};
    reps_sample s[3];
    run_reps(&w, 8, names, 3, s);
    /* Each good unit takes 1 / (1 - p) passes: busy = 0.5 / 0.8. */
    assert_covers(&s[0], 0.5 / 0.8, 0.02, "busy with rework");
    cr_assert_eq(interval(&s[2]).mean, 0.0);
    cr_assert_gt(interval(&s[1]).mean, 0.0);
    world_spec_free(&w);
}

/* ---- accounting ---------------------------------------------------------- */

/* A one-stage CONWIP line making product A (price 50, unit cost 10, 0.1
 * per unit and day to hold) from raw material bought at 4 plus 1 of
 * freight (landed 5) from a supplier without servers and a constant
 * lead time of 2, by (20, 60); the item holds raw material at 25% a
 * year of its value. */
static void raw_line(world_spec *w, supplier_ownership ownership)
{
    char err[200];
    line_world(w, 1.0, "conwip");
    w->item.holding_cost = NAN;
    w->item.holding_rate = 0.25;
    add_product(w, "A", 1.0);
    w->line.products[0].item.price = 50.0;
    add_stage(w, "cut", 0.5, 1);
    supplier_spec sup;
    supplier_spec_init(&sup);
    snprintf(sup.name, sizeof sup.name, "mill");
    dist_free(&sup.lead_time);
    cr_assert_eq(dist_constant(&sup.lead_time, 2.0, err, sizeof err), 0);
    sup.unit_price = 4.0;
    sup.unit_freight = 1.0;
    sup.shipment_cost = 3.0;
    sup.ownership = ownership;
    cr_assert_eq(world_spec_add_supplier(w, &sup), 0);
    supplier_spec_free(&sup);
    w->line.raw.supplier = 0;
    w->line.raw.s = 20.0;
    w->line.raw.S = 60.0;
}

static void assert_close(double got, double want, const char *what, int r)
{
    cr_assert(fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want)),
              "%s, replication %d: %.12g, expected %.12g", what, r, got,
              want);
}

/* The raw store's books, as a stock point's: exact identities on every
 * replication's columns. */
Test(line, raw_material_is_valued_at_landed_cost_and_owned_in_transit)
{
    const char *names[] = {"pipeline_holding_cost", "avg_on_order",
                           "purchase_cost", "revenue", "holding_cost",
                           "avg_on_hand", "avg_wip", "turnover",
                           "cash_tied_up", "ordered_value", "orders_placed",
                           "avg_order_size"};
    enum { PIPE, ON_ORDER, PURCHASE, REVENUE, HOLDING, FG, WIP, TURNOVER,
           CASH, ORDERED, ORDERS, SIZE, N };
    world_spec w;
    raw_line(&w, OWNERSHIP_AT_DISPATCH);
    reps_sample s[N], at_receipt[N];
    run_reps(&w, 21, names, N, s);
    double T = w.horizon - w.warmup, year = w.time_units_per_year;
    double h_raw = 0.25 / year * 5.0; /* per raw unit held, landed 5 */
    world_spec_free(&w);
    raw_line(&w, OWNERSHIP_AT_RECEIPT);
    run_reps(&w, 21, names, N, at_receipt);
    world_spec_free(&w);
    for (int r = 0; r < REPS; r++) {
        /* No servers: everything on order is in transit, owned from
         * dispatch, held at its landed value. */
        cr_assert_gt(s[ON_ORDER].x[r], 0.0);
        assert_close(s[PIPE].x[r], h_raw * s[ON_ORDER].x[r],
                     "pipeline holding = h x avg on order", r);
        /* The cost of goods: 5 for each unit delivered, delivered =
         * revenue T / 50. */
        cr_assert_gt(s[PURCHASE].x[r], 0.0);
        assert_close(s[PURCHASE].x[r], 5.0 * s[REVENUE].x[r] / 50.0,
                     "purchase = landed x units delivered / T", r);
        /* What was ordered, at the price without the freight. */
        assert_close(s[ORDERED].x[r],
                     4.0 * s[ORDERS].x[r] * s[SIZE].x[r] / T,
                     "ordered value = price x units ordered / T", r);
        /* Raw units on hand from the holding cost: the product's 0.1 per
         * unit finished or in the line, the rest the raw material's. */
        double raw = (s[HOLDING].x[r] - 0.1 * (s[FG].x[r] + s[WIP].x[r])) /
                     h_raw;
        cr_assert_gt(raw, 0.0);
        /* Turnover counts everything held: raw, WIP and finished. */
        assert_close(s[TURNOVER].x[r],
                     s[REVENUE].x[r] / 50.0 * year /
                         (raw + s[WIP].x[r] + s[FG].x[r]),
                     "turnover = shipped a year / (raw + WIP + finished)",
                     r);
        /* Cash: the product's units at 10, the raw material at 5 on hand
         * and in transit. */
        assert_close(s[CASH].x[r],
                     10.0 * (s[FG].x[r] + s[WIP].x[r]) +
                         5.0 * (raw + s[ON_ORDER].x[r]),
                     "cash tied up", r);
        /* Owned at receipt: nothing held in transit, nothing else moves. */
        cr_assert_eq(at_receipt[PIPE].x[r], 0.0);
        cr_assert_eq(at_receipt[PURCHASE].x[r], s[PURCHASE].x[r]);
        assert_close(at_receipt[CASH].x[r],
                     s[CASH].x[r] - 5.0 * s[ON_ORDER].x[r],
                     "cash tied up, owned at receipt", r);
    }
}

/* Unlimited raw material is free: no cost of goods, nothing in transit. */
Test(line, unlimited_raw_material_costs_nothing)
{
    world_spec w;
    line_world(&w, 1.0, "conwip");
    add_stage(&w, "cut", 0.5, 1);
    const char *names[] = {"purchase_cost", "pipeline_holding_cost",
                           "ordered_value", "throughput"};
    reps_sample s[4];
    run_reps(&w, 22, names, 4, s);
    for (int r = 0; r < REPS; r++) {
        cr_assert_gt(s[3].x[r], 0.0);
        cr_assert_eq(s[0].x[r] + s[1].x[r] + s[2].x[r], 0.0);
    }
    world_spec_free(&w);
}

/* Every `auto` of a line plans for the demand as shaped over the window:
 * product A's demand of 8 halved by a shock all year is planned as 4, the
 * same plan (cards, wip, safety stocks, pitch, sequence, caps) as an
 * unshaped demand of 4, for every control; B's 2 is not shaped, so the mix
 * is 2:1, not 4:1. By hand for CONWIP: D = 6 and the station's service
 * 0.8 / 6 puts it at rho 0.8, its M/M/1 sojourn 5 services = 2 / 3, so
 * wip = ceil(6 x 2/3 x 1.5) = 6 (at 10 a day the station would be
 * overloaded, planned as 10 services: ceil(10 x 4/3 x 1.5) = 20). */
Test(line, auto_rules_plan_for_the_shaped_demand)
{
    const char *controls[] = {"kanban", "conwip", "mrp", "heijunka",
                              "campaign"};
    for (size_t c = 0; c < 5; c++) {
        world_spec shaped, flat;
        line_world(&shaped, 1.0, controls[c]);
        line_world(&flat, 1.0, controls[c]);
        add_product(&shaped, "A", 8.0);
        add_product(&flat, "A", 4.0);
        add_product(&shaped, "B", 2.0);
        add_product(&flat, "B", 2.0);
        demand_spec *d = &shaped.line.products[0].demand;
        d->shocks = malloc(sizeof *d->shocks);
        cr_assert_not_null(d->shocks);
        d->shocks[0] = (demand_shock){0.0, shaped.horizon, 0.5};
        d->n_shocks = 1;
        add_stage(&shaped, "cut", 0.2 * 4.0 / 6.0, 1);
        add_stage(&flat, "cut", 0.2 * 4.0 / 6.0, 1);
        char err[300], plan_s[LINE_PLAN_MAX], plan_f[LINE_PLAN_MAX];
        world *a = world_create(&shaped, err, sizeof err);
        cr_assert_not_null(a, "%s: %s", controls[c], err);
        world *b = world_create(&flat, err, sizeof err);
        cr_assert_not_null(b, "%s: %s", controls[c], err);
        world_plan(a, plan_s, sizeof plan_s);
        world_plan(b, plan_f, sizeof plan_f);
        cr_assert_str_eq(plan_s, plan_f, "%s", controls[c]);
        const policy_params *pa = world_effective_params(a);
        const policy_params *pb = world_effective_params(b);
        for (int i = 0; i < PARAM_COUNT; i++)
            cr_assert(pa->value[i] == pb->value[i] ||
                          (isnan(pa->value[i]) && isnan(pb->value[i])),
                      "%s: %s %g planned for the shaped demand, %g for 6",
                      controls[c], policy_param_name((policy_param)i),
                      pa->value[i], pb->value[i]);
        if (c == 1)
            cr_assert_eq(pa->value[PARAM_WIP], 6.0);
        world_destroy(a);
        world_destroy(b);
        world_spec_free(&shaped);
        world_spec_free(&flat);
    }
}

/* ---- errors ------------------------------------------------------------ */

static void assert_refused(const world_spec *w, const char *expect)
{
    char err[300] = "";
    world *x = world_create(w, err, sizeof err);
    cr_assert_null(x, "accepted; expected \"%s\"", expect);
    cr_assert(strstr(err, expect), "message \"%s\" lacks \"%s\"", err, expect);
}

Test(line, bad_specs_are_refused_with_a_reason)
{
    world_spec w;
    line_world(&w, 1.0, "eoq");
    add_stage(&w, "cut", 0.5, 1);
    assert_refused(&w, "eoq cannot control a line");
    world_spec_free(&w);

    line_world(&w, 1.0, "kanban");
    add_stage(&w, "cut", 0.5, 1);
    add_stage(&w, "cut", 0.5, 1);
    assert_refused(&w, "two stages are named cut");
    world_spec_free(&w);

    line_world(&w, 1.0, "kanban");
    add_product(&w, "cut", 1.0);
    add_stage(&w, "cut", 0.5, 1);
    assert_refused(&w, "a stage and a product are both named cut");
    world_spec_free(&w);

    line_world(&w, 1.0, "kanban");
    stage_spec *st = add_stage(&w, "cut", 0.5, 1);
    st->defect_rate = 1.0;
    assert_refused(&w, "defect_rate must be in [0, 1)");
    world_spec_free(&w);

    line_world(&w, 1.0, "kanban");
    add_stage(&w, "cut", 0.5, 1);
    w.line.sequence_len = 1;
    assert_refused(&w, "only heijunka and campaign take a sequence");
    world_spec_free(&w);

    line_world(&w, 1.0, "conwip");
    add_stage(&w, "cut", 0.5, 1);
    policy_param_set(&w.policy.params, PARAM_CARDS, 3);
    assert_refused(&w, "conwip does not take cards");
    world_spec_free(&w);

    /* Numbers that would make millions of records at one instant. */
    line_world(&w, 1.0, "kanban");
    add_stage(&w, "cut", 0.5, 1);
    add_stage(&w, "weld", 0.5, 1);
    policy_param_set(&w.policy.params, PARAM_CARDS, 1e9);
    assert_refused(&w, "stage cut: 1e+09 cards of 1 units would start 1e+09 "
                       "units in its buffer");
    world_spec_free(&w);

    line_world(&w, 1.0, "conwip");
    add_stage(&w, "cut", 0.5, 1);
    policy_param_set(&w.policy.params, PARAM_WIP, 1e9);
    w.line.n_products = 1;
    product_spec_init(&w.line.products[0]);
    w.line.products[0].initial = 0.0;
    assert_refused(&w, "would release 1e+09 units at once");
    world_spec_free(&w);

    line_world(&w, 1.0, "mrp");
    add_stage(&w, "cut", 0.5, 1);
    policy_param_set(&w.policy.params, PARAM_Q, 1e12);
    assert_refused(&w, "Q must be a whole number in [1, 1e+07]");
    world_spec_free(&w);

    line_world(&w, 1.0, "conwip");
    assert_refused(&w, "conwip controls a production line");
    world_spec_free(&w);

    line_world(&w, 1.0, "kanban");
    add_stage(&w, "cut", 0.5, 1);
    w.line.raw.supplier = 0;
    assert_refused(&w, "raw: no such supplier");
    world_spec_free(&w);
}

Test(line, the_plan_tells_what_the_auto_rules_made)
{
    world_spec w;
    mix_line(&w, "heijunka", 0.0);
    char err[300], plan[LINE_PLAN_MAX];
    world *x = world_create(&w, err, sizeof err);
    cr_assert_not_null(x, "%s", err);
    world_plan(x, plan, sizeof plan);
    /* wip: D = 0.6 and L = 0.5 + 0.5 x 0.3 / 0.7 (M/M/1 at rho 0.3), so
     * ceil(D L 1.1) = ceil(0.471) = 1, plus the sequence's 6 slots. */
    cr_assert_str_eq(plan, "sequence of 6 slots: A B A C A B; caps: A 5000000, "
                           "B 3333333, C 1666667; wip 7");
    world_destroy(x);
    world_spec_free(&w);

    line_world(&w, 0.8, "kanban");
    add_stage(&w, "press", 1.0, 1);
    stage_spec *st = add_stage(&w, "pack", 0.5, 1);
    st->cards = 7;
    policy_param_set(&w.policy.params, PARAM_CARDS, 5);
    x = world_create(&w, err, sizeof err);
    cr_assert_not_null(x, "%s", err);
    world_plan(x, plan, sizeof plan);
    cr_assert_str_eq(plan, "cards per loop: press 5; pack 7");
    world_destroy(x);
    world_spec_free(&w);
}

/* A scheduled stop of a stage: its machines are down exactly for the
 * stop, whatever they were doing, and resume their units after it. */
Test(line, a_disruption_stops_a_stage_for_exactly_its_duration)
{
    world_spec w;
    line_world(&w, 0.5, "conwip");
    stage_spec *st = add_stage(&w, "press", 1.0, 1);
    st->machines = 2;
    add_stage(&w, "pack", 0.5, 1);
    policy_param_set(&w.policy.params, PARAM_WIP, 20);
    disruption_spec d;
    disruption_spec_init(&d);
    snprintf(d.name, sizeof d.name, "strike");
    d.stage = 0;
    d.start = 1000.0;
    d.duration = 40.0;
    cr_assert_eq(world_spec_add_disruption(&w, &d), 0);
    disruption_spec_free(&d);
    char err[300];
    world *x = world_create(&w, err, sizeof err);
    cr_assert_not_null(x, "%s", err);
    size_t down = column(&w, "press.down"), busy = column(&w, "press.busy");
    size_t thr = column(&w, "throughput");
    for (uint64_t r = 0; r < 5; r++) {
        test_row m;
        cr_assert_eq(world_run(x, 3, r, m.value), 0);
        cr_assert_float_eq(m.value[down], 40.0 / (w.horizon - w.warmup),
                           1e-12, "press.down %.15g", m.value[down]);
        cr_assert_gt(m.value[busy], 0.2);
        /* The line catches up: throughput stays the demand's. */
        cr_assert(fabs(m.value[thr] - 0.5) < 0.05, "throughput %g",
                  m.value[thr]);
    }
    world_destroy(x);

    /* A stage that does not exist, or an effect a stage cannot have. */
    w.disruptions[0].stage = 5;
    x = world_create(&w, err, sizeof err);
    cr_assert_null(x);
    cr_assert(strstr(err, "disruption strike: no such stage"), "%s", err);
    w.disruptions[0].stage = 0;
    w.disruptions[0].effect = EFFECT_CAPACITY;
    w.disruptions[0].factor = 0.5;
    x = world_create(&w, err, sizeof err);
    cr_assert_null(x);
    cr_assert(strstr(err, "a stage can only stop"), "%s", err);
    world_spec_free(&w);
}
