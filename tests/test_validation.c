/*
 * test_validation.c - the inventory models against closed forms.
 *
 * Each stochastic check runs REPS replications with a fixed seed and
 * asserts that the exact value lies inside the runs' own 99% Student-t
 * interval, and that the interval is narrow enough for the check to mean
 * something. A failure here means the model is wrong until proven
 * otherwise: never widen the interval to pass.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "analysis/estimate.h"
#include "models/world.h"
#include "tests/test_row.h"

#define REPS 20

/* ---- building worlds ------------------------------------------------------ */

static void add_supplier(world_spec *w, const char *name, double lead,
                         int servers, double process_mean)
{
    char err[200];
    supplier_spec s;
    supplier_spec_init(&s);
    snprintf(s.name, sizeof s.name, "%s", name);
    dist_free(&s.lead_time);
    cr_assert_eq(dist_constant(&s.lead_time, lead, err, sizeof err), 0);
    if (servers > 0) {
        s.servers = servers;
        dist_free(&s.process_time);
        cr_assert_eq(dist_exponential(&s.process_time, process_mean, err,
                                      sizeof err),
                     0, "%s", err);
    }
    cr_assert_eq(world_spec_add_supplier(w, &s), 0);
    supplier_spec_free(&s);
}

/* Poisson unit demand of `rate`, one supplier with a constant lead time. */
static void poisson_world(world_spec *w, double rate, double lead,
                          const char *policy)
{
    world_spec_init(w);
    w->horizon = 5000.0;
    w->warmup = 100.0;
    w->item.unit_cost = 10.0;
    w->item.holding_cost = 0.1;
    w->item.backorder_cost = 1.0;
    w->demand.arrivals = DEMAND_POISSON;
    w->demand.rate = rate;
    add_supplier(w, "local", lead, 0, 0.0);
    snprintf(w->policy.name, sizeof w->policy.name, "%s", policy);
    w->policy.type = policy_find(policy);
    cr_assert_not_null(w->policy.type, "policy %s", policy);
    w->policy.supplier = 0;
}

typedef struct reps_sample {
    double x[REPS];
} reps_sample;

/* Runs REPS replications and collects the given metrics. */
static void run_reps(const world_spec *spec, uint64_t seed, const metric *m,
                     size_t n_metrics, reps_sample *out)
{
    char err[300];
    world *w = world_create(spec, err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    for (int r = 0; r < REPS; r++) {
        test_row row;
        cr_assert_eq(world_run(w, seed, (uint64_t)r, row.value), 0);
        for (size_t i = 0; i < n_metrics; i++)
            out[i].x[r] = row.value[m[i]];
    }
    world_destroy(w);
}

static void assert_inside(const char *what, const reps_sample *s, double exact,
                          double max_relative_width)
{
    estimate e;
    cr_assert_eq(estimate_mean(s->x, REPS, 0.99, &e), 0, "%s: no estimate",
                 what);
    cr_assert(e.low <= exact && exact <= e.high,
              "%s: exact %.6g outside the 99%% interval [%.6g, %.6g]", what,
              exact, e.low, e.high);
    cr_assert_leq(e.half_width, max_relative_width * fabs(exact) + 1e-12,
                  "%s: interval half-width %.4g too wide to test %.6g", what,
                  e.half_width, exact);
}

/* ---- 1. deterministic EOQ ----------------------------------------------- */

Test(validation, deterministic_eoq_matches_the_textbook)
{
    /* D = 100 units/day as one unit every 0.01 day, K = 500, h = 0.1:
     * Q* = sqrt(2 D K / h) = 1000. L = 2.995 days and r = floor(D L) = 299:
     * each order arrives just as the last unit of the cycle is used. */
    char err[300];
    world_spec w;
    world_spec_init(&w);
    w.horizon = 2100.0;
    w.warmup = 100.0;
    w.item.holding_cost = 0.1;
    w.demand.arrivals = DEMAND_PERIODIC;
    w.demand.period = 0.01;
    dist_free(&w.demand.quantity);
    dist_constant(&w.demand.quantity, 1.0, err, sizeof err);
    add_supplier(&w, "local", 2.995, 0, 0.0);
    w.suppliers[0].order_cost = 500.0;
    w.policy.type = policy_find("eoq");
    w.policy.supplier = 0;
    policy_param_set_auto(&w.policy.params, PARAM_Q);
    policy_param_set(&w.policy.params, PARAM_r, 299.0);
    world *sim_world = world_create(&w, err, sizeof err);
    cr_assert_not_null(sim_world, "%s", err);
    cr_assert_eq(world_effective_params(sim_world)->value[PARAM_Q], 1000.0);
    test_row m;
    cr_assert_eq(world_run(sim_world, 1, 0, m.value), 0);
    double h = 0.1, Q = 1000.0, D = 100.0, K = 500.0;
    cr_assert_float_eq(m.value[METRIC_HOLDING_COST], h * Q / 2.0,
                       0.005 * h * Q / 2.0, "holding %g",
                       m.value[METRIC_HOLDING_COST]);
    cr_assert_float_eq(m.value[METRIC_ORDERING_COST], K * D / Q,
                       0.005 * K * D / Q, "ordering %g",
                       m.value[METRIC_ORDERING_COST]);
    cr_assert_eq(m.value[METRIC_FILL_RATE], 1.0);
    cr_assert_eq(m.value[METRIC_STOCKOUT_ORDERS], 0.0);
    cr_assert_eq(m.value[METRIC_AVG_BACKORDERS], 0.0);
    cr_assert_eq(m.value[METRIC_SHORTAGE_COST], 0.0);
    cr_assert_float_eq(m.value[METRIC_AVG_ORDER_SIZE], 1000.0, 1e-9);
    world_destroy(sim_world);
    world_spec_free(&w);
}

/* ---- 2. base stock with Poisson demand ---------------------------------- */

Test(validation, base_stock_poisson_fill_rate_on_hand_and_backorders)
{
    const double lambda = 5.0, L = 2.0, mean = lambda * L;
    const double levels[] = {8.0, 10.0, 13.0};
    for (int k = 0; k < 3; k++) {
        double S = levels[k];
        double fill = gsl_cdf_poisson_P((unsigned)(S - 1), mean);
        double on_hand = 0.0, backorders = 0.0;
        for (unsigned x = 0; x < 200; x++) {
            double p = gsl_ran_poisson_pdf(x, mean);
            if (x < S)
                on_hand += (S - x) * p;
            else
                backorders += (x - S) * p;
        }
        world_spec w;
        poisson_world(&w, lambda, L, "base_stock");
        policy_param_set(&w.policy.params, PARAM_S, S);
        metric m[] = {METRIC_FILL_RATE, METRIC_AVG_ON_HAND,
                      METRIC_AVG_BACKORDERS, METRIC_READY_RATE};
        reps_sample s[4];
        run_reps(&w, 11 + (uint64_t)k, m, 4, s);
        assert_inside("fill rate", &s[0], fill, 0.02);
        assert_inside("on hand", &s[1], on_hand, 0.03);
        assert_inside("backorders", &s[2], backorders, 0.10);
        /* PASTA: Poisson arrivals see time averages, so the ready rate
         * (a time average) and the fill rate (an arrival average) estimate
         * the same number: their paired difference is centred on 0. */
        estimate pasta;
        estimate_paired(s[3].x, s[0].x, REPS, 0.99, &pasta);
        cr_assert(pasta.low <= 0.0 && 0.0 <= pasta.high,
                  "ready - fill in [%g, %g]", pasta.low, pasta.high);
        cr_assert_lt(pasta.half_width, 0.002);
        world_spec_free(&w);
    }
}

/* ---- 3. (Q, r) with Poisson demand --------------------------------------- */

Test(validation, qr_poisson_position_uniform_exact_results)
{
    const double lambda = 5.0, L = 2.0, mean = lambda * L, Q = 20.0,
                 r = 8.0;
    double fill = 0.0, on_hand = 0.0, backorders = 0.0;
    for (double y = r + 1; y <= r + Q; y++) {
        fill += gsl_cdf_poisson_P((unsigned)(y - 1), mean) / Q;
        for (unsigned x = 0; x < 200; x++) {
            double p = gsl_ran_poisson_pdf(x, mean);
            if (x < y)
                on_hand += (y - x) * p / Q;
            else
                backorders += (x - y) * p / Q;
        }
    }
    world_spec w;
    poisson_world(&w, lambda, L, "eoq");
    policy_param_set(&w.policy.params, PARAM_Q, Q);
    policy_param_set(&w.policy.params, PARAM_r, r);
    metric m[] = {METRIC_FILL_RATE, METRIC_AVG_ON_HAND, METRIC_AVG_BACKORDERS,
                  METRIC_ORDERS_PLACED};
    reps_sample s[4];
    run_reps(&w, 21, m, 4, s);
    assert_inside("fill rate", &s[0], fill, 0.02);
    assert_inside("on hand", &s[1], on_hand, 0.03);
    assert_inside("backorders", &s[2], backorders, 0.10);
    /* Orders: lambda T / Q. */
    assert_inside("orders", &s[3], lambda * 4900.0 / Q, 0.02);
    world_spec_free(&w);
}

/* ---- 4. make-to-order: M/M/1 and M/M/3 ----------------------------------- */

Test(validation, make_to_order_is_an_mm1_queue)
{
    const double lambda = 0.8, mu = 1.0;
    world_spec w;
    poisson_world(&w, lambda, 0.0, "make_to_order");
    /* One server making a unit in Exp(1), no transit. */
    supplier_spec_free(&w.suppliers[0]);
    w.n_suppliers = 0;
    add_supplier(&w, "plant", 0.0, 1, 1.0 / mu);
    w.horizon = 20100.0;
    metric m[] = {METRIC_CUSTOMER_LEAD_TIME_MEAN, METRIC_FILL_RATE,
                  METRIC_AVG_ON_ORDER, METRIC_REPLENISHMENT_LEAD_TIME_MEAN};
    reps_sample s[4];
    run_reps(&w, 31, m, 4, s);
    assert_inside("customer lead time", &s[0], 1.0 / (mu - lambda), 0.08);
    assert_inside("replenishment lead time", &s[3], 1.0 / (mu - lambda),
                  0.08);
    /* Units in the system: L = rho / (1 - rho). */
    assert_inside("on order", &s[2], (lambda / mu) / (1.0 - lambda / mu),
                  0.08);
    for (int r = 0; r < REPS; r++)
        cr_assert_eq(s[1].x[r], 0.0, "make-to-order holds no stock");
    world_spec_free(&w);
}

/* Time with at least `servers` units at the supplier (all servers busy):
 * by PASTA, the probability that an arriving unit waits. */
typedef struct busy_clock {
    double servers;
    double warmup;
    double last_t;
    double last_on_order;
    double busy_time;
} busy_clock;

static void clock_levels(void *ctx, double t, double on_hand,
                         double backorders, double on_order)
{
    (void)on_hand;
    (void)backorders;
    busy_clock *c = ctx;
    double from = c->last_t > c->warmup ? c->last_t : c->warmup;
    if (t > from && c->last_on_order >= c->servers)
        c->busy_time += t - from;
    c->last_t = t;
    c->last_on_order = on_order;
}

Test(validation, make_to_order_with_three_servers_is_mm3)
{
    const double lambda = 2.4, mu = 1.0;
    const int c = 3;
    /* Erlang C: probability that an arriving unit waits. */
    double a = lambda / mu, rho = a / c, sum = 0.0, term = 1.0;
    for (int k = 0; k < c; k++) {
        if (k > 0)
            term *= a / k;
        sum += term;
    }
    double last = term * a / c; /* a^c / c! */
    double wait_probability = last / (1.0 - rho) / (sum + last / (1.0 - rho));
    double mean_wait = wait_probability / (c * mu - lambda);
    cr_assert_float_eq(wait_probability, 0.6472, 0.0001);
    world_spec w;
    poisson_world(&w, lambda, 0.0, "make_to_order");
    supplier_spec_free(&w.suppliers[0]);
    w.n_suppliers = 0;
    add_supplier(&w, "plant", 0.0, c, 1.0 / mu);
    w.horizon = 10100.0;
    char err[300];
    world *sim_world = world_create(&w, err, sizeof err);
    cr_assert_not_null(sim_world, "%s", err);
    reps_sample lead, waits;
    for (int r = 0; r < REPS; r++) {
        busy_clock clock = {c, w.warmup, 0.0, 0.0, 0.0};
        world_observe_levels(sim_world, clock_levels, &clock);
        test_row m;
        cr_assert_eq(world_run(sim_world, 41, (uint64_t)r, m.value), 0);
        clock_levels(&clock, w.horizon, 0.0, 0.0, 0.0);
        lead.x[r] = m.value[METRIC_CUSTOMER_LEAD_TIME_MEAN];
        waits.x[r] = clock.busy_time / (w.horizon - w.warmup);
    }
    assert_inside("mean wait + service", &lead, mean_wait + 1.0 / mu, 0.05);
    assert_inside("waiting probability", &waits, wait_probability, 0.03);
    world_destroy(sim_world);
    world_spec_free(&w);
}

/* ---- 5. kanban around an exponential supplier --------------------------- */

Test(validation, kanban_is_a_make_to_stock_queue)
{
    const double lambda = 0.8, mu = 1.0, rho = lambda / mu;
    const int N = 5;
    double fill = 1.0 - pow(rho, N);
    double on_hand = N - rho * (1.0 - pow(rho, N)) / (1.0 - rho);
    world_spec w;
    poisson_world(&w, lambda, 0.0, "kanban");
    supplier_spec_free(&w.suppliers[0]);
    w.n_suppliers = 0;
    add_supplier(&w, "plant", 0.0, 1, 1.0 / mu);
    w.horizon = 20100.0;
    policy_param_set(&w.policy.params, PARAM_CARDS, N);
    policy_param_set(&w.policy.params, PARAM_CONTAINER, 1.0);
    metric m[] = {METRIC_FILL_RATE, METRIC_AVG_ON_HAND};
    reps_sample s[2];
    run_reps(&w, 51, m, 2, s);
    assert_inside("fill rate", &s[0], fill, 0.03);
    assert_inside("on hand", &s[1], on_hand, 0.03);
    world_spec_free(&w);
}

/* ---- 6. Little's law on the pipeline ------------------------------------- */

Test(validation, littles_law_on_the_pipeline)
{
    char err[200];
    world_spec w;
    poisson_world(&w, 20.0, 0.0, "eoq");
    dist_free(&w.suppliers[0].lead_time);
    cr_assert_eq(dist_gamma(&w.suppliers[0].lead_time, 4.0, 1.25, err,
                            sizeof err),
                 0, "%s", err);
    /* Each order its own transit, so that W's mean is the transit's 5 (in
     * order, lots wait for late ones: tests/test_deliveries.c). */
    w.suppliers[0].deliveries = DELIVERIES_INDEPENDENT;
    policy_param_set(&w.policy.params, PARAM_Q, 50.0);
    policy_param_set(&w.policy.params, PARAM_r, 110.0);
    metric m[] = {METRIC_AVG_ON_ORDER, METRIC_ORDERS_PLACED,
                  METRIC_AVG_ORDER_SIZE, METRIC_REPLENISHMENT_LEAD_TIME_MEAN};
    reps_sample s[4];
    run_reps(&w, 61, m, 4, s);
    /* Per replication, L - lambda W over the window: its mean is 0 up to
     * edge effects of a few orders in 4900 days. */
    reps_sample diff;
    double T = w.horizon - w.warmup;
    for (int r = 0; r < REPS; r++) {
        double units_per_time = s[1].x[r] * s[2].x[r] / T;
        diff.x[r] = s[0].x[r] - units_per_time * s[3].x[r];
        cr_assert_float_eq(s[0].x[r], units_per_time * s[3].x[r],
                           0.01 * s[0].x[r], "rep %d: L %g vs lambda W %g",
                           r, s[0].x[r], units_per_time * s[3].x[r]);
    }
    estimate e;
    estimate_mean(diff.x, REPS, 0.99, &e);
    cr_assert(e.low <= 0.0 && 0.0 <= e.high, "L - lambda W in [%g, %g]",
              e.low, e.high);
    assert_inside("on order", &s[0], 20.0 * 5.0, 0.02);
    world_spec_free(&w);
}

/* ---- 7. a scheduled outage ------------------------------------------------ */

typedef struct receipt_log {
    double t[20000];
    int n;
} receipt_log;

static void log_receipts(void *ctx, world_event_kind kind, double t,
                         double quantity)
{
    (void)quantity;
    receipt_log *log = ctx;
    if (kind == WORLD_RECEIPT && log->n < 20000)
        log->t[log->n++] = t;
}

static void outage_world(world_spec *w, double emergency)
{
    disruption_spec d;
    poisson_world(w, 10.0, 2.0, "kanban");
    w->horizon = 400.0;
    w->warmup = 50.0;
    policy_param_set(&w->policy.params, PARAM_CONTAINER, 10.0);
    policy_param_set(&w->policy.params, PARAM_SAFETY, 0.2);
    w->policy.emergency_stock = emergency;
    disruption_spec_init(&d);
    snprintf(d.name, sizeof d.name, "flood");
    d.supplier = 0;
    d.start = 200.0;
    d.duration = 14.0;
    cr_assert_eq(world_spec_add_disruption(w, &d), 0);
    disruption_spec_free(&d);
}

Test(validation, an_outage_stops_receipts_and_emergency_stock_helps)
{
    char err[300];
    world_spec plain, hedged;
    outage_world(&plain, 0.0);
    outage_world(&hedged, 150.0);
    world *a = world_create(&plain, err, sizeof err);
    world *b = world_create(&hedged, err, sizeof err);
    cr_assert(a && b, "%s", err);
    static receipt_log log;
    double backorders_a[REPS], backorders_b[REPS];
    for (int r = 0; r < REPS; r++) {
        test_row ma, mb;
        log.n = 0;
        world_observe(a, log_receipts, &log);
        cr_assert_eq(world_run(a, 71, (uint64_t)r, ma.value), 0);
        int during = 0, after = 0;
        for (int i = 0; i < log.n; i++) {
            /* Orders in transit at 200 arrive by 202; nothing ships in
             * [200, 214), so nothing arrives in [202, 216). */
            if (log.t[i] >= 202.0 && log.t[i] < 216.0)
                during++;
            if (log.t[i] >= 216.0)
                after++;
        }
        cr_assert_eq(during, 0, "rep %d: %d receipts during the outage", r,
                     during);
        cr_assert_gt(after, 0);
        cr_assert(isfinite(ma.value[METRIC_RECOVERY_TIME]) &&
                      ma.value[METRIC_RECOVERY_TIME] >= 14.0,
                  "rep %d: recovery %g", r, ma.value[METRIC_RECOVERY_TIME]);
        cr_assert_eq(world_run(b, 71, (uint64_t)r, mb.value), 0);
        backorders_a[r] = ma.value[METRIC_AVG_BACKORDERS];
        backorders_b[r] = mb.value[METRIC_AVG_BACKORDERS];
    }
    estimate d;
    estimate_paired(backorders_b, backorders_a, REPS, 0.99, &d);
    cr_assert_eq(estimate_sign(&d), -1,
                 "emergency stock must cut backorders: diff [%g, %g]", d.low,
                 d.high);
    world_destroy(a);
    world_destroy(b);
    world_spec_free(&plain);
    world_spec_free(&hedged);
}

/* ---- 8. common random numbers -------------------------------------------- */

typedef struct demand_log {
    double t[200000];
    double q[200000];
    int n;
} demand_log;

static void log_demand(void *ctx, world_event_kind kind, double t, double q)
{
    demand_log *log = ctx;
    if (kind == WORLD_DEMAND && log->n < 200000) {
        log->t[log->n] = t;
        log->q[log->n++] = q;
    }
}

Test(validation, policies_on_one_replication_see_the_same_demand)
{
    char err[300];
    static demand_log a, b;
    world_spec kanban, eoq;
    poisson_world(&kanban, 30.0, 3.0, "kanban");
    poisson_world(&eoq, 30.0, 3.0, "eoq");
    dist_free(&kanban.demand.size);
    dist_free(&eoq.demand.size);
    cr_assert_eq(dist_poisson(&kanban.demand.size, 2.5, err, sizeof err), 0);
    cr_assert_eq(dist_poisson(&eoq.demand.size, 2.5, err, sizeof err), 0);
    kanban.horizon = eoq.horizon = 1000.0;
    eoq.suppliers[0].order_cost = 100.0;
    world *wk = world_create(&kanban, err, sizeof err);
    world *we = world_create(&eoq, err, sizeof err);
    cr_assert(wk && we, "%s", err);
    world_observe(wk, log_demand, &a);
    world_observe(we, log_demand, &b);
    test_row m;
    a.n = b.n = 0;
    world_run(wk, 5, 3, m.value);
    world_run(we, 5, 3, m.value);
    cr_assert_gt(a.n, 20000);
    cr_assert_eq(a.n, b.n);
    cr_assert_arr_eq(a.t, b.t, (size_t)a.n * sizeof a.t[0]);
    cr_assert_arr_eq(a.q, b.q, (size_t)a.n * sizeof a.q[0]);
    /* Another replication is another demand. */
    b.n = 0;
    world_run(we, 5, 4, m.value);
    cr_assert(b.n != a.n || memcmp(a.t, b.t, sizeof a.t[0] * 100) != 0);
    world_destroy(wk);
    world_destroy(we);
    world_spec_free(&kanban);
    world_spec_free(&eoq);
}

/* ---- 8. base stock sized for a fill rate ---------------------------------- */

/* Poisson unit demand of 40 a day over a mean lead time of 2: X ~
 * Poisson(80), whatever the lead-time law when each order draws its own
 * (Palm's theorem). The smallest S with P(X <= S - 1) >= 0.95 is 96
 * (P(X <= 94) = 0.9466, P(X <= 95) = 0.9555); a cycle-service quantile of
 * a normal with the lead time's variance added would give far more. */
static void fill_rate_world(world_spec *w, int random_lead_time)
{
    char err[200];
    poisson_world(w, 40.0, 2.0, "base_stock");
    w->horizon = 2600.0;
    if (random_lead_time) {
        /* Gamma, mean 2, cv 0.5: var_L = 1, D^2 var_L = 1600 twenty times
         * L var_D = 80. Each order draws its own (in order, see
         * tests/test_deliveries.c). */
        dist_free(&w->suppliers[0].lead_time);
        cr_assert_eq(dist_gamma(&w->suppliers[0].lead_time, 4.0, 0.5, err,
                                sizeof err),
                     0, "%s", err);
        w->suppliers[0].deliveries = DELIVERIES_INDEPENDENT;
    }
    policy_param_set(&w->policy.params, PARAM_FILL_RATE, 0.95);
}

Test(validation, base_stock_fill_rate_target_is_met_not_overshot)
{
    double exact = gsl_cdf_poisson_P(95, 80.0);
    cr_assert(exact >= 0.95 && exact < 0.96, "P(X <= 95) = %g", exact);
    cr_assert_lt(gsl_cdf_poisson_P(94, 80.0), 0.95);
    for (int random = 0; random < 2; random++) {
        world_spec w;
        fill_rate_world(&w, random);
        char err[300];
        world *sw = world_create(&w, err, sizeof err);
        cr_assert_not_null(sw, "%s", err);
        cr_assert_eq(world_effective_params(sw)->value[PARAM_S], 96.0,
                     "S = %g (random lead time %d)",
                     world_effective_params(sw)->value[PARAM_S], random);
        world_destroy(sw);
        /* The simulation agrees with Palm: the fill rate is P(X <= 95)
         * with random lead times too, inside [0.95, 0.96]. Telling 0.955
         * from the band's edges takes a half-width under 0.0025: 100
         * replications of 2,500 days. */
        enum { N = 100 };
        double fill[N];
        sw = world_create(&w, err, sizeof err);
        for (int r = 0; r < N; r++) {
            test_row row;
            cr_assert_eq(world_run(sw, 81 + (uint64_t)random, (uint64_t)r,
                                   row.value),
                         0);
            fill[r] = row.value[METRIC_FILL_RATE];
        }
        world_destroy(sw);
        estimate e;
        cr_assert_eq(estimate_mean(fill, N, 0.99, &e), 0);
        cr_assert(e.low <= exact && exact <= e.high,
                  "fill rate (random lead time %d): exact %.5f outside the "
                  "99%% interval [%.5f, %.5f]",
                  random, exact, e.low, e.high);
        cr_assert_lt(e.half_width, 0.0025, "half-width %g", e.half_width);
        cr_assert(e.low > 0.95 && e.high < 0.96, "fill rate in [%g, %g]",
                  e.low, e.high);
        world_spec_free(&w);
    }
}

/* ---- 9. (Q, r) at its cost optimum ----------------------------------------- */

/* The expected cost per day of (Q, r) with Poisson(m) lead-time demand X,
 * by brute force: the position is uniform on r+1 .. r+Q and the net stock
 * a lead time later is position - X (Hadley and Whitin 1963). Holding h on
 * (y - X)^+, backorders b on (X - y)^+, K per order. Independent of the
 * model's own loss-function code. */
static double qr_brute_cost(double Q, double r, double lambda, double m,
                            double K, double h, double b)
{
    double cost = K * lambda / Q;
    for (double y = r + 1; y <= r + Q; y++)
        for (unsigned x = 0; x < 400; x++) {
            double p = gsl_ran_poisson_pdf(x, m);
            cost += (x < y ? h * (y - x) : b * (x - y)) * p / Q;
        }
    return cost;
}

static void brute_best_r(double Q, double lambda, double m, double K,
                         double h, double b, double *r_best, double *c_best)
{
    *c_best = INFINITY;
    for (double r = -Q - 5; r <= 4 * m + 20; r++) {
        double c = qr_brute_cost(Q, r, lambda, m, K, h, b);
        if (c < *c_best)
            *c_best = c, *r_best = r;
    }
}

static void qr_cost_reps(const world_spec *w, uint64_t seed, reps_sample *out)
{
    metric m[] = {METRIC_HOLDING_COST, METRIC_ORDERING_COST,
                  METRIC_SHORTAGE_COST};
    reps_sample s[3];
    run_reps(w, seed, m, 3, s);
    for (int r = 0; r < REPS; r++)
        out->x[r] = s[0].x[r] + s[1].x[r] + s[2].x[r];
}

Test(validation, r_optimal_is_the_closed_form_optimum_of_poisson_qr)
{
    /* lambda 5, L 2 (X ~ Poisson(10)), h 0.1, b 1, K 10, Q 20. */
    const double lambda = 5.0, m = 10.0, K = 10.0, h = 0.1, b = 1.0,
                 Q = 20.0;
    double r_best, c_best;
    brute_best_r(Q, lambda, m, K, h, b, &r_best, &c_best);
    /* The optimum is sharp: both neighbours cost more. */
    cr_assert_gt(qr_brute_cost(Q, r_best - 1, lambda, m, K, h, b), c_best);
    cr_assert_gt(qr_brute_cost(Q, r_best + 1, lambda, m, K, h, b), c_best);
    world_spec w;
    poisson_world(&w, lambda, 2.0, "eoq");
    w.suppliers[0].order_cost = K;
    policy_param_set(&w.policy.params, PARAM_Q, Q);
    policy_param_set_optimal(&w.policy.params, PARAM_r);
    char err[300];
    world *sw = world_create(&w, err, sizeof err);
    cr_assert_not_null(sw, "%s", err);
    cr_assert_eq(world_effective_params(sw)->value[PARAM_r], r_best,
                 "r = %g, brute force %g",
                 world_effective_params(sw)->value[PARAM_r], r_best);
    world_destroy(sw);
    reps_sample cost;
    qr_cost_reps(&w, 91, &cost);
    assert_inside("cost at the optimal r", &cost, c_best, 0.03);
    world_spec_free(&w);
}

Test(validation, q_and_r_optimal_jointly_match_brute_force)
{
    const double lambda = 5.0, m = 10.0, K = 10.0, h = 0.1, b = 1.0;
    double best = INFINITY, q_best = 0, r_best = 0;
    for (double q = 1; q <= 80; q++) {
        double r, c;
        brute_best_r(q, lambda, m, K, h, b, &r, &c);
        if (c < best)
            best = c, q_best = q, r_best = r;
    }
    world_spec w;
    poisson_world(&w, lambda, 2.0, "eoq");
    w.suppliers[0].order_cost = K;
    policy_param_set_optimal(&w.policy.params, PARAM_Q);
    policy_param_set_optimal(&w.policy.params, PARAM_r);
    char err[300];
    world *sw = world_create(&w, err, sizeof err);
    cr_assert_not_null(sw, "%s", err);
    const policy_params *p = world_effective_params(sw);
    cr_assert_eq(p->value[PARAM_Q], q_best, "Q = %g, brute force %g",
                 p->value[PARAM_Q], q_best);
    cr_assert_eq(p->value[PARAM_r], r_best, "r = %g, brute force %g",
                 p->value[PARAM_r], r_best);
    /* Not the EOQ (sqrt(2 5 10 / 0.1) = 32) nor a 95% cover: the
     * shortage cost moves both. */
    world_destroy(sw);
    reps_sample cost;
    qr_cost_reps(&w, 92, &cost);
    assert_inside("cost at the optimal (Q, r)", &cost, best, 0.03);
    world_spec_free(&w);
}

Test(validation, base_stock_optimal_is_the_critical_ratio)
{
    /* Q = 1: the smallest S with P(X <= S) >= b / (b + h) = 1 / 1.1. */
    const double lambda = 5.0, m = 10.0, h = 0.1, b = 1.0;
    double S = 0;
    while (gsl_cdf_poisson_P((unsigned)S, m) < b / (b + h))
        S++;
    world_spec w;
    poisson_world(&w, lambda, 2.0, "base_stock");
    policy_param_set_optimal(&w.policy.params, PARAM_S);
    char err[300];
    world *sw = world_create(&w, err, sizeof err);
    cr_assert_not_null(sw, "%s", err);
    cr_assert_eq(world_effective_params(sw)->value[PARAM_S], S, "S = %g, "
                 "critical ratio %g",
                 world_effective_params(sw)->value[PARAM_S], S);
    world_destroy(sw);
    world_spec_free(&w);
}

Test(validation, base_stock_optimal_with_lost_sales_is_erlang_loss)
{
    /* Lost sales, one-for-one: the orders outstanding are an Erlang loss
     * system with S servers offered a = D L = 10. Cost h (S - a (1 - E_S))
     * + p D E_S with p = 2, h = 0.1; the simulated fill rate is 1 - E_S. */
    const double lambda = 5.0, a = 10.0, h = 0.1, p = 2.0;
    double E = 1.0, best = p * lambda, best_s = 0, best_e = 1.0;
    for (double s = 1; s < 100; s++) {
        E = a * E / (s + a * E);
        double c = h * (s - a * (1.0 - E)) + p * lambda * E;
        if (c < best)
            best = c, best_s = s, best_e = E;
    }
    world_spec w;
    poisson_world(&w, lambda, 2.0, "base_stock");
    w.item.lost_sales = 1;
    w.item.backorder_cost = 0.0;
    w.item.stockout_cost = p;
    policy_param_set_optimal(&w.policy.params, PARAM_S);
    char err[300];
    world *sw = world_create(&w, err, sizeof err);
    cr_assert_not_null(sw, "%s", err);
    cr_assert_eq(world_effective_params(sw)->value[PARAM_S], best_s,
                 "S = %g, Erlang %g",
                 world_effective_params(sw)->value[PARAM_S], best_s);
    world_destroy(sw);
    metric m[] = {METRIC_FILL_RATE};
    reps_sample s[1];
    run_reps(&w, 93, m, 1, s);
    assert_inside("fill rate 1 - Erlang B", &s[0], 1.0 - best_e, 0.01);
    world_spec_free(&w);
}

/* ---- 10. a kanban loop started short of its cards -------------------------- */

Test(validation, kanban_started_below_its_cards_keeps_them_all)
{
    /* 10 cards of 20 around a constant lead time of 5 at 20 a day (the
     * loop holds 200, lead-time demand 100). Started with 50 on hand, the
     * 150 units no stock backs go upstream at t = 0 as 7 containers and
     * half of one taken; after the first lead time the loop is the fully
     * stocked one, so after a warm-up both serve the same. */
    world_spec full, short_start;
    poisson_world(&full, 20.0, 5.0, "kanban");
    full.horizon = 530.0;
    full.warmup = 30.0;
    policy_param_set(&full.policy.params, PARAM_CARDS, 10.0);
    policy_param_set(&full.policy.params, PARAM_CONTAINER, 20.0);
    poisson_world(&short_start, 20.0, 5.0, "kanban");
    short_start.horizon = 530.0;
    short_start.warmup = 30.0;
    short_start.policy.params = full.policy.params;
    short_start.policy.initial_inventory = 50.0;
    metric m[] = {METRIC_FILL_RATE, METRIC_AVG_ON_HAND, METRIC_AVG_ON_ORDER};
    reps_sample a[3], b[3];
    run_reps(&full, 101, m, 3, a);
    run_reps(&short_start, 101, m, 3, b);
    /* Fill rate, stock and pipeline: the paired differences over the
     * window are centred on 0 (before the fix the short loop ran on 2 or
     * 3 cards, with a fill rate near 0). */
    for (int i = 0; i < 3; i++) {
        estimate d;
        estimate_paired(b[i].x, a[i].x, REPS, 0.99, &d);
        cr_assert(d.low <= 0.0 && 0.0 <= d.high,
                  "metric %d: short start - full in [%g, %g]", i, d.low,
                  d.high);
    }
    estimate fill;
    estimate_mean(b[0].x, REPS, 0.99, &fill);
    cr_assert_gt(fill.low, 0.99, "fill rate %g", fill.mean);
    world_spec_free(&full);
    world_spec_free(&short_start);
}
