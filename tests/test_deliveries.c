/*
 * test_deliveries.c - how shipments reach the stock point: deliveries in
 * order or independent (supplier `deliveries`), and closures of the route
 * (disruption `effect: closure`), against exact counts, traces and
 * closed forms.
 *
 * Stochastic checks assert that the exact value lies inside the
 * replications' own 99% Student-t interval, and that the interval is
 * narrow enough for the check to mean something (as test_validation.c).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_expint.h>

#include "analysis/estimate.h"
#include "models/supplier.h"
#include "models/world.h"
#include "sim/stream.h"
#include "tests/test_row.h"

#define REPS 20

/* ---- building worlds ---------------------------------------------------- */

/* Poisson unit demand of `rate` from one supplier whose transit is `lead`
 * (owned: the world's copy is made from it). */
static void poisson_world(world_spec *w, double rate, const dist *lead,
                          supplier_deliveries deliveries, const char *policy)
{
    world_spec_init(w);
    w->horizon = 2100.0;
    w->warmup = 100.0;
    w->item.unit_cost = 10.0;
    w->item.holding_cost = 0.1;
    w->item.backorder_cost = 1.0;
    w->demand.arrivals = DEMAND_POISSON;
    w->demand.rate = rate;
    supplier_spec s;
    supplier_spec_init(&s);
    snprintf(s.name, sizeof s.name, "route");
    dist_free(&s.lead_time);
    cr_assert_eq(dist_copy(&s.lead_time, lead), 0);
    s.deliveries = deliveries;
    cr_assert_eq(world_spec_add_supplier(w, &s), 0);
    supplier_spec_free(&s);
    snprintf(w->policy.name, sizeof w->policy.name, "%s", policy);
    w->policy.type = policy_find(policy);
    cr_assert_not_null(w->policy.type);
    w->policy.supplier = 0;
}

static world *build(const world_spec *spec)
{
    char err[300];
    world *w = world_create(spec, err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    return w;
}

static void add_disruption(world_spec *w, disruption_effect effect,
                           double start, double duration, double factor,
                           double unloading_rate)
{
    disruption_spec d;
    disruption_spec_init(&d);
    snprintf(d.name, sizeof d.name, "d%zu", w->n_disruptions);
    d.effect = effect;
    d.start = start;
    d.duration = duration;
    d.factor = factor;
    d.unloading_rate = unloading_rate;
    cr_assert_eq(world_spec_add_disruption(w, &d), 0);
    disruption_spec_free(&d);
}

static estimate interval(const double *x, size_t n)
{
    estimate e;
    cr_assert_eq(estimate_mean(x, n, 0.99, &e), 0);
    return e;
}

static void assert_inside(const char *what, const double *x, double exact,
                          double max_relative_width)
{
    estimate e = interval(x, REPS);
    cr_log_info("%s: exact %.6g, simulated %.6g [%.6g, %.6g]", what, exact,
                e.mean, e.low, e.high);
    cr_assert(e.low <= exact && exact <= e.high,
              "%s: exact %.6g outside the 99%% interval [%.6g, %.6g]", what,
              exact, e.low, e.high);
    cr_assert_leq(e.half_width, max_relative_width * fabs(exact),
                  "%s: interval half-width %.4g too wide to test %.6g", what,
                  e.half_width, exact);
}

/* ---- never crossing ----------------------------------------------------- */

/* A supplier driven directly: orders of one unit placed at Poisson times,
 * numbered in `placed` in the order they are dispatched (no servers: an
 * order ships when placed); a receipt is out of order when an order
 * dispatched later was received before it. */
typedef struct crossing {
    sim *s;
    order_pool pool;
    supplier sup;
    gsl_rng *rng;
    double rate;
    uint64_t placed, received, crossed;
    double latest; /* the largest number received so far */
} crossing;

static void count_receipt(sim *s, void *ctx, uint32_t index)
{
    (void)s;
    crossing *c = ctx;
    double n = order_at(&c->pool, index)->placed;
    if (n < c->latest)
        c->crossed++;
    else
        c->latest = n;
    c->received++;
    order_pool_release(&c->pool, index);
}

static void place_next(sim *s, void *ctx, uint64_t arg)
{
    (void)arg;
    crossing *c = ctx;
    uint32_t index = order_pool_acquire(&c->pool);
    order *o = order_at(&c->pool, index);
    o->quantity = 1.0;
    o->transit_factor = 1.0;
    o->placed = (double)c->placed++;
    supplier_place(&c->sup, index);
    sim_schedule(s, sim_now(s) + gsl_ran_exponential(c->rng, 1.0 / c->rate),
                 place_next, c, 0);
}

typedef struct timed_disruption {
    disruption_effect effect;
    double start, end, factor, rate;
} timed_disruption;

static void begin_disruption(sim *s, void *ctx, uint64_t arg);
static void end_disruption(sim *s, void *ctx, uint64_t arg);

static crossing *the_crossing;
static const timed_disruption *the_disruptions;

static void begin_disruption(sim *s, void *ctx, uint64_t arg)
{
    (void)ctx;
    const timed_disruption *d = &the_disruptions[arg];
    supplier_disruption_begin(&the_crossing->sup, d->effect, d->factor,
                              d->rate);
    sim_schedule(s, d->end, end_disruption, NULL, arg);
}

static void end_disruption(sim *s, void *ctx, uint64_t arg)
{
    (void)s;
    (void)ctx;
    const timed_disruption *d = &the_disruptions[arg];
    supplier_disruption_end(&the_crossing->sup, d->effect, d->factor);
}

/* Over a million shipments, 1,000 a day for 1,000 days, with a lognormal
 * transit of mean 2 and cv 1.5 (a draw of 5 is common, of 0.3 too), and
 * with the disruptions that move arrivals: transit tripled for 60 days, a
 * 20-day closure whose backlog of some 20,000 units is unloaded at 2,000 a
 * day (shipments due meanwhile join its end), a closure overlapping a
 * lead-time disruption, an outage and another closure. In order, no
 * receipt may come before one dispatched earlier; independent, many do. */
static void run_crossing(supplier_deliveries deliveries, crossing *c)
{
    static const timed_disruption disruptions[] = {
        {EFFECT_LEAD_TIME, 200.0, 260.0, 3.0, 0.0},
        {EFFECT_CLOSURE, 400.0, 420.0, 1.0, 2000.0},
        {EFFECT_CLOSURE, 600.0, 650.0, 1.0, 0.0},
        {EFFECT_LEAD_TIME, 620.0, 700.0, 0.5, 0.0},
        {EFFECT_OUTAGE, 640.0, 660.0, 1.0, 0.0},
        {EFFECT_CLOSURE, 645.0, 655.0, 1.0, 5000.0},
    };
    char err[200];
    supplier_spec spec;
    supplier_spec_init(&spec);
    dist_free(&spec.lead_time);
    cr_assert_eq(dist_lognormal(&spec.lead_time, 2.0, 1.5, err, sizeof err),
                 0);
    spec.deliveries = deliveries;
    memset(c, 0, sizeof *c);
    c->s = sim_create();
    cr_assert_not_null(c->s);
    order_pool_init(&c->pool);
    c->rng = stream_create(7, 0, "test.orders");
    c->rate = 1000.0;
    c->latest = -1.0;
    cr_assert_eq(supplier_init(&c->sup, &spec, c->s, &c->pool, 7, 0,
                               count_receipt, c),
                 0);
    the_crossing = c;
    the_disruptions = disruptions;
    for (uint64_t i = 0; i < sizeof disruptions / sizeof disruptions[0]; i++)
        sim_schedule(c->s, disruptions[i].start, begin_disruption, NULL, i);
    sim_schedule(c->s, 0.0, place_next, c, 0);
    sim_run_until(c->s, 1000.0);
    supplier_fini(&c->sup);
    gsl_rng_free(c->rng);
    order_pool_fini(&c->pool);
    sim_destroy(c->s);
    supplier_spec_free(&spec);
}

Test(deliveries, in_order_deliveries_never_cross_over_a_million_shipments)
{
    static crossing in_order, independent;
    run_crossing(DELIVERIES_IN_ORDER, &in_order);
    /* A million placed; in order, tens of thousands are still on the way
     * at the end, behind the slowest recent draws. */
    cr_assert_gt(in_order.placed, 990000);
    cr_assert_gt(in_order.received, 900000, "%llu received of %llu",
                 (unsigned long long)in_order.received,
                 (unsigned long long)in_order.placed);
    cr_assert_eq(in_order.crossed, 0,
                 "in order: %llu of %llu receipts came before one "
                 "dispatched earlier",
                 (unsigned long long)in_order.crossed,
                 (unsigned long long)in_order.received);
    run_crossing(DELIVERIES_INDEPENDENT, &independent);
    /* Same orders (same streams): the modes differ in arrivals only. */
    cr_assert_eq(independent.placed, in_order.placed);
    cr_assert_gt(independent.crossed, independent.received / 10,
                 "independent: only %llu of %llu receipts crossed",
                 (unsigned long long)independent.crossed,
                 (unsigned long long)independent.received);
}

/* ---- closures, in a trace ----------------------------------------------- */

#define TRACE_MAX 20000

typedef struct traced {
    double t[TRACE_MAX], q[TRACE_MAX];
    int n;
} traced;

typedef struct closure_trace {
    traced placed, received;
    int begins, ends;
} closure_trace;

static void record(void *ctx, const stockpt *sp, stockpt_event event,
                   double quantity, int supplier_index)
{
    (void)supplier_index;
    closure_trace *c = ctx;
    traced *into = event == STOCKPT_ORDER_PLACED ? &c->placed
                   : event == STOCKPT_RECEIPT    ? &c->received
                                                 : NULL;
    c->begins += event == STOCKPT_DISRUPTION_BEGIN;
    c->ends += event == STOCKPT_DISRUPTION_END;
    if (!into)
        return;
    cr_assert_lt(into->n, TRACE_MAX);
    into->t[into->n] = stockpt_now(sp);
    into->q[into->n++] = quantity;
}

/* Base stock at S = 30 with Poisson demand of 10 a day, one order per
 * unit, from a route of exactly 5 days: every order placed at t arrives
 * at t + 5 unless a disruption holds it. Poisson times, so no order falls
 * on a disruption's boundary. */
static void closure_world(world_spec *w)
{
    char err[100];
    dist five;
    cr_assert_eq(dist_constant(&five, 5.0, err, sizeof err), 0);
    poisson_world(w, 10.0, &five, DELIVERIES_IN_ORDER, "base_stock");
    w->horizon = 200.0;
    w->warmup = 0.0;
    policy_param_set(&w->policy.params, PARAM_S, 30.0);
}

static void run_traced(const world_spec *spec, closure_trace *c)
{
    world *w = build(spec);
    memset(c, 0, sizeof *c);
    world_trace(w, record, c);
    test_row m;
    cr_assert_eq(world_run(w, 3, 0, m.value), 0);
    world_destroy(w);
}

/* Receipts in [from, to), and their units. */
static int received_between(const closure_trace *c, double from, double to,
                            double *units)
{
    int n = 0;
    double q = 0.0;
    for (int i = 0; i < c->received.n; i++)
        if (c->received.t[i] >= from && c->received.t[i] < to)
            n++, q += c->received.q[i];
    if (units)
        *units = q;
    return n;
}

/* The orders placed in (from, to), in the order placed: first index and
 * count. */
static int placed_between(const closure_trace *c, double from, double to,
                          int *first)
{
    int n = 0;
    *first = -1;
    for (int i = 0; i < c->placed.n; i++)
        if (c->placed.t[i] > from && c->placed.t[i] < to) {
            if (*first < 0)
                *first = i;
            n++;
        }
    return n;
}

/* The receipts at exactly time t must be the orders placed in (from, to),
 * in the order they were placed. */
static void assert_released(const closure_trace *c, double t, double from,
                            double to)
{
    int first, n = placed_between(c, from, to, &first);
    cr_assert_gt(n, 5, "too few orders in (%g, %g) to test", from, to);
    int k = 0;
    for (int i = 0; i < c->received.n; i++) {
        if (c->received.t[i] != t)
            continue;
        cr_assert_lt(k, n, "more receipts at %g than orders placed in "
                           "(%g, %g)", t, from, to);
        cr_assert_eq(c->received.q[i], c->placed.q[first + k],
                     "receipt %d at %g is not the %d-th order", k, t, k);
        k++;
    }
    cr_assert_eq(k, n, "%d receipts at %g, %d orders placed in (%g, %g)", k,
                 t, n, from, to);
}

Test(deliveries, a_closure_holds_goods_at_sea_and_releases_them_at_its_end)
{
    world_spec spec;
    closure_world(&spec);
    add_disruption(&spec, EFFECT_CLOSURE, 100.0, 30.0, 1.0, 0.0);
    static closure_trace c;
    run_traced(&spec, &c);
    cr_assert_eq(c.begins, 1);
    cr_assert_eq(c.ends, 1);
    /* Nothing arrives from the closed route... */
    cr_assert_eq(received_between(&c, 100.0, 130.0, NULL), 0,
                 "a receipt during the closure");
    /* ... what was at sea (placed in the 5 days before it) lands at once
     * when it ends, in the order it was due ... */
    assert_released(&c, 130.0, 95.0, 100.0);
    /* ... and what was ordered during it waited at the supplier, sails at
     * 130 and lands 5 days later. */
    cr_assert_eq(received_between(&c, 130.000001, 135.0, NULL), 0);
    assert_released(&c, 135.0, 100.0, 130.0);
    /* Everything placed is received (or still on the way at the end). */
    double in = 0.0, out = 0.0;
    for (int i = 0; i < c.placed.n; i++)
        in += c.placed.t[i] < 195.0 ? c.placed.q[i] : 0.0;
    received_between(&c, 0.0, 200.0, &out);
    cr_assert_eq(out, in);
    /* An outage instead lets the goods at sea land during it. */
    spec.disruptions[0].effect = EFFECT_OUTAGE;
    run_traced(&spec, &c);
    cr_assert_gt(received_between(&c, 100.0, 105.0, NULL), 20);
    cr_assert_eq(received_between(&c, 105.0, 130.0, NULL), 0);
    assert_released(&c, 135.0, 100.0, 130.0);
    world_spec_free(&spec);
}

Test(deliveries, an_unloading_rate_releases_one_shipment_after_another)
{
    world_spec spec;
    closure_world(&spec);
    add_disruption(&spec, EFFECT_CLOSURE, 100.0, 30.0, 1.0, 40.0);
    static closure_trace c;
    run_traced(&spec, &c);
    cr_assert_eq(received_between(&c, 100.0, 130.0, NULL), 0);
    /* The held shipments come out in the order they were due, each taking
     * its quantity / 40 a day after the one before. */
    int first, n = placed_between(&c, 95.0, 100.0, &first);
    cr_assert_gt(n, 20);
    int r = 0;
    while (r < c.received.n && c.received.t[r] < 130.0)
        r++;
    double t = 130.0;
    for (int k = 0; k < n; k++, r++) {
        t += c.placed.q[first + k] / 40.0;
        cr_assert_float_eq(c.received.t[r], t, 1e-9,
                           "shipment %d landed at %.9g, expected %.9g", k,
                           c.received.t[r], t);
        cr_assert_eq(c.received.q[r], c.placed.q[first + k]);
    }
    /* The backlog is cleared before 135, when what waited at the supplier
     * lands: nothing slows that. */
    cr_assert_lt(t, 135.0);
    cr_assert_eq(received_between(&c, t + 1e-9, 135.0, NULL), 0);
    assert_released(&c, 135.0, 100.0, 130.0);
    world_spec_free(&spec);
}

Test(deliveries, overlapping_closures_and_outages_combine)
{
    world_spec spec;
    closure_world(&spec);
    /* An outage from 97 to 125, closures from 100 to 120 and 110 to 130:
     * the route is closed from 100 until the last closure ends at 130,
     * and the supplier ships nothing from 97 until then. */
    add_disruption(&spec, EFFECT_OUTAGE, 97.0, 28.0, 1.0, 0.0);
    add_disruption(&spec, EFFECT_CLOSURE, 100.0, 20.0, 1.0, 0.0);
    add_disruption(&spec, EFFECT_CLOSURE, 110.0, 20.0, 1.0, 0.0);
    static closure_trace c;
    run_traced(&spec, &c);
    cr_assert_eq(c.begins, 3);
    cr_assert_eq(c.ends, 3);
    cr_assert_gt(received_between(&c, 97.0, 100.0, NULL), 20,
                 "the goods at sea land during the outage alone");
    cr_assert_eq(received_between(&c, 100.0, 130.0, NULL), 0);
    assert_released(&c, 130.0, 95.0, 97.0);
    cr_assert_eq(received_between(&c, 130.000001, 135.0, NULL), 0);
    assert_released(&c, 135.0, 97.0, 130.0);
    world_spec_free(&spec);
}

/* ---- the pipeline, by level integrals --------------------------------- */

/* Time averages of the units on order and of their square over the
 * observed window of one replication. */
typedef struct pipeline_watch {
    double from, last_t, last, area, area2;
} pipeline_watch;

static void watch_pipeline(void *ctx, double t, double on_hand,
                           double backorders, double on_order)
{
    (void)on_hand;
    (void)backorders;
    pipeline_watch *p = ctx;
    double since = p->last_t > p->from ? p->last_t : p->from;
    if (t > since) {
        p->area += p->last * (t - since);
        p->area2 += p->last * p->last * (t - since);
    }
    p->last_t = t;
    p->last = on_order;
}

/* Per replication: the mean units on order, their variance (time average
 * of the square less the square of the mean), and the fill rate. */
static void pipeline_moments(const world_spec *spec, uint64_t seed,
                             double *mean, double *var, double *fill)
{
    world *w = build(spec);
    for (int r = 0; r < REPS; r++) {
        pipeline_watch p = {.from = spec->warmup};
        world_observe_levels(w, watch_pipeline, &p);
        test_row m;
        cr_assert_eq(world_run(w, seed, (uint64_t)r, m.value), 0);
        watch_pipeline(&p, spec->horizon, 0.0, 0.0, p.last);
        double T = spec->horizon - spec->warmup;
        mean[r] = p.area / T;
        var[r] = p.area2 / T - mean[r] * mean[r];
        fill[r] = m.value[METRIC_FILL_RATE];
        cr_assert_float_eq(mean[r], m.value[METRIC_AVG_ON_ORDER],
                           1e-9 * mean[r] + 1e-9);
    }
    world_destroy(w);
}

/* Independent deliveries, one-for-one: the units on order are the
 * customers of an M/G/infinity queue, Poisson with mean lambda E[L]
 * whatever L's law (Palm 1938): mean AND variance 10 x 2 = 20, with a
 * lognormal transit of cv 1 whose variance (4) would add 400 to the
 * variance if it entered. */
Test(deliveries, independent_pipeline_is_poisson_with_mean_lambda_EL)
{
    char err[100];
    dist lead;
    cr_assert_eq(dist_lognormal(&lead, 2.0, 1.0, err, sizeof err), 0);
    world_spec spec;
    poisson_world(&spec, 10.0, &lead, DELIVERIES_INDEPENDENT, "base_stock");
    policy_param_set(&spec.policy.params, PARAM_S, 25.0);
    double mean[REPS], var[REPS], fill[REPS];
    pipeline_moments(&spec, 11, mean, var, fill);
    assert_inside("mean on order", mean, 20.0, 0.02);
    assert_inside("variance on order", var, 20.0, 0.05);
    /* The fill rate is then P(Poisson(20) <= S - 1). */
    assert_inside("fill rate", fill, gsl_cdf_poisson_P(24, 20.0), 0.02);
    world_spec_free(&spec);
    dist_free(&lead);
}

/* In order, one-for-one (base stock S = 80), Poisson demand of lambda =
 * 10 a day, exponential transit of mean m = 2.
 *
 * The law of the orders outstanding N at a moment t (derived here, and in
 * models/policy_lead.c). Order j, placed at t_j with its own draw T_j,
 * arrives at max over i <= j of (t_i + T_i). Call an order "alive" at t
 * when its own draw has not elapsed: t_i + T_i > t. Order j is still
 * outstanding iff some order placed no later than it is alive. So the
 * orders outstanding are exactly those placed since the oldest alive
 * order, of age U: N = 0 if none is alive, else 1 + (orders placed in the
 * last U). Looked back from t, orders are a Poisson process of rate
 * lambda in their age a, each alive independently with probability P(T >
 * a): the alive ones are Poisson of intensity lambda P(T > a), so P(U > u)
 * = 1 - exp(-lambda E[(T - u)^+]), and no order is alive with probability
 * exp(-lambda E[T]). Given U = u, the orders younger than u are Poisson
 * (lambda u), independent of the older ones that fixed U. Hence
 *   E[N] = P(U > 0) + lambda E[U] = 1 - exp(-lambda m)
 *          + lambda integral_0^inf (1 - exp(-lambda E[(T - u)^+])) du.
 * For exponential T, E[(T - u)^+] = m exp(-u / m); with y = lambda m
 * exp(-u / m) the integral is m Ein(rho), rho = lambda m, Ein(x) =
 * integral_0^x (1 - e^-y) / y dy = E1(x) + ln x + gamma (Euler's gamma):
 *   E[N] = 1 - exp(-rho) + rho (E1(rho) + ln rho + gamma) = 72.46
 * for rho = 20, against lambda m = 20 with independent deliveries: the
 * lead time an order sees is about m (ln rho + gamma) = 7.1 days, not 2.
 * The fill rate is P(N <= S - 1) (PASTA), from the law's table.
 */
Test(deliveries, in_order_base_stock_matches_the_sequential_law)
{
    const double lambda = 10.0, m = 2.0, rho = lambda * m;
    double exact = 1.0 - exp(-rho) +
                   rho * (gsl_sf_expint_E1(rho) + log(rho) + M_EULER);
    cr_assert_float_eq(exact, 72.46, 0.01, "E[N] = %g", exact);
    char err[100];
    dist lead;
    cr_assert_eq(dist_exponential(&lead, m, err, sizeof err), 0);
    world_spec spec;
    poisson_world(&spec, lambda, &lead, DELIVERIES_IN_ORDER, "base_stock");
    policy_param_set(&spec.policy.params, PARAM_S, 80.0);
    /* The library's law: its mean is the closed form, its table sums to
     * 1 and has that mean. */
    policy_context ctx;
    world_policy_context(&spec, &ctx);
    cr_assert_eq(ctx.deliveries, POLICY_DELIVERIES_IN_ORDER);
    enum { K = 400 };
    double law_mean, law_var, pmf[K];
    cr_assert_eq(policy_in_order_outstanding(&ctx, lambda, &law_mean,
                                             &law_var, pmf, K),
                 0);
    cr_assert_float_eq(law_mean, exact, 1e-4 * exact, "library %g, exact %g",
                       law_mean, exact);
    double total = 0.0, first = 0.0, below_S = 0.0;
    for (int k = 0; k < K; k++) {
        total += pmf[k];
        first += k * pmf[k];
        if (k <= 79)
            below_S += pmf[k];
    }
    cr_assert_float_eq(total, 1.0, 1e-6);
    cr_assert_float_eq(first, exact, 1e-3 * exact);
    /* The simulation: mean, variance of N and the fill rate P(N <= 79). */
    double mean[REPS], var[REPS], fill[REPS];
    pipeline_moments(&spec, 13, mean, var, fill);
    assert_inside("mean on order", mean, exact, 0.02);
    assert_inside("variance on order", var, law_var, 0.1);
    assert_inside("fill rate", fill, below_S, 0.03);
    cr_assert_lt(below_S, 0.8, "in order S = 80 serves %g, far from "
                               "independent's P(Poisson(20) <= 79) = 1",
                 below_S);
    world_spec_free(&spec);
    dist_free(&lead);
}

/* ---- the lead time an order sees --------------------------------------- */

/* One order every day exactly (periodic demand of 10 at each whole day, a
 * periodic (R = 1, S) review), in order, transit uniform on [0, 3]. An
 * order's lead time L is max over k >= 0 of (T_k - k), the draws of the
 * order k days earlier, so P(L <= x) = prod over k of G(x + k) with G(x) =
 * min(1, x / 3): x (x + 1) (x + 2) / 27 on [0, 1], x (x + 1) / 9 on [1, 2],
 * x / 3 on [2, 3]. E[L] = 3 - integral of P(L <= x) = 3 - (1/12 + 23/54
 * + 5/6) = 179/108 = 1.657, against E[T] = 1.5. */
Test(deliveries, in_order_lots_see_the_longest_recent_transit)
{
    const double exact = 179.0 / 108.0;
    char err[100];
    dist lead;
    cr_assert_eq(dist_uniform(&lead, 0.0, 3.0, err, sizeof err), 0);
    world_spec spec;
    poisson_world(&spec, 10.0, &lead, DELIVERIES_IN_ORDER, "periodic");
    spec.demand.arrivals = DEMAND_PERIODIC;
    spec.demand.period = 1.0;
    dist_free(&spec.demand.quantity);
    cr_assert_eq(dist_constant(&spec.demand.quantity, 10.0, err, sizeof err),
                 0);
    policy_param_set(&spec.policy.params, PARAM_R, 1.0);
    policy_param_set(&spec.policy.params, PARAM_S, 60.0);
    policy_context ctx;
    world_policy_context(&spec, &ctx);
    policy_context seen = policy_seen_context(&ctx, 1.0, 1.0, 0);
    cr_assert_float_eq(seen.lead_time, exact, 2e-4, "rule %g, exact %g",
                       seen.lead_time, exact);
    /* Independent: one draw. */
    ctx.deliveries = POLICY_DELIVERIES_INDEPENDENT;
    cr_assert_eq(policy_seen_context(&ctx, 1.0, 1.0, 0).lead_time, 1.5);
    world *w = build(&spec);
    double lt[REPS];
    for (int r = 0; r < REPS; r++) {
        test_row m;
        cr_assert_eq(world_run(w, 17, (uint64_t)r, m.value), 0);
        lt[r] = m.value[METRIC_REPLENISHMENT_LEAD_TIME_MEAN];
    }
    world_destroy(w);
    assert_inside("replenishment lead time", lt, exact, 0.01);
    world_spec_free(&spec);
    dist_free(&lead);
}

/* Orders sent several at once: a daily call-off of exactly 40 empties four
 * containers of 10 at once, and a kanban loop with cards to spare sends
 * their four cards together. The j-th of a group waits for its own draw
 * and the j - 1 before it, and for every earlier group: P(L <= x) = G(x)^j
 * prod over k >= 1 of G(x + k)^4, averaged over j = 1..4 (the rule's law,
 * models/policy_lead.c), against the simulated mean lead time. */
Test(deliveries, in_order_containers_sent_together_wait_for_each_other)
{
    char err[100];
    dist lead;
    cr_assert_eq(dist_gamma(&lead, 16.0, 0.125, err, sizeof err), 0);
    world_spec spec;
    poisson_world(&spec, 40.0, &lead, DELIVERIES_IN_ORDER, "kanban");
    spec.demand.arrivals = DEMAND_PERIODIC;
    spec.demand.period = 1.0;
    dist_free(&spec.demand.quantity);
    cr_assert_eq(dist_constant(&spec.demand.quantity, 40.0, err, sizeof err),
                 0);
    policy_param_set(&spec.policy.params, PARAM_CONTAINER, 10.0);
    policy_param_set(&spec.policy.params, PARAM_CARDS, 30.0);
    policy_context ctx;
    world_policy_context(&spec, &ctx);
    double rule = policy_lot_context(&ctx, 10.0, 1).lead_time;
    /* Sent one at a time, a day apart, they would hardly wait at all. */
    double alone = policy_seen_context(&ctx, 1.0, 1.0, 0).lead_time;
    cr_assert_gt(rule, alone + 0.2, "groups %g, alone %g", rule, alone);
    world *w = build(&spec);
    double lt[REPS];
    for (int r = 0; r < REPS; r++) {
        test_row m;
        cr_assert_eq(world_run(w, 23, (uint64_t)r, m.value), 0);
        cr_assert_eq(m.value[METRIC_FILL_RATE], 1.0);
        lt[r] = m.value[METRIC_REPLENISHMENT_LEAD_TIME_MEAN];
    }
    world_destroy(w);
    assert_inside("lead time of containers sent four at once", lt, rule,
                  0.01);
    world_spec_free(&spec);
    dist_free(&lead);
}

/* The auto rules plan for the mode. Lots far apart (EOQ's 108 every 2.7
 * days against a transit of 2 +- 0.5) see one draw: r hardly moves. A
 * container every quarter day waits for the slowest recent shipment: the
 * Toyota formula plans for its mean, so kanban needs more cards in order.
 * One-for-one at 40 a day: independent, S is Palm's Poisson(80) quantile
 * (96); in order, the sequential law's (much higher), and the simulation
 * meets the target with it. */
Test(deliveries, every_auto_rule_plans_for_the_mode)
{
    char err[100];
    dist lead;
    cr_assert_eq(dist_gamma(&lead, 16.0, 0.125, err, sizeof err), 0);
    double r[2], cards[2], S[2];
    for (int mode = 0; mode < 2; mode++) {
        supplier_deliveries d =
            mode ? DELIVERIES_INDEPENDENT : DELIVERIES_IN_ORDER;
        world_spec spec;
        poisson_world(&spec, 40.0, &lead, d, "eoq");
        spec.item.holding_cost = NAN;
        spec.item.unit_cost = 50.0;
        spec.item.holding_rate = 0.25;
        spec.suppliers[0].order_cost = 5.0;
        world *w = build(&spec);
        r[mode] = world_effective_params(w)->value[PARAM_r];
        cr_assert_eq(world_effective_params(w)->value[PARAM_Q], 108.0);
        world_destroy(w);
        spec.policy.type = policy_find("kanban");
        policy_param_set(&spec.policy.params, PARAM_CONTAINER, 10.0);
        policy_param_set(&spec.policy.params, PARAM_SAFETY, 0.5);
        w = build(&spec);
        cards[mode] = world_effective_params(w)->value[PARAM_CARDS];
        world_destroy(w);
        spec.policy.type = policy_find("base_stock");
        policy_params_init(&spec.policy.params);
        policy_param_set(&spec.policy.params, PARAM_FILL_RATE, 0.95);
        w = build(&spec);
        S[mode] = world_effective_params(w)->value[PARAM_S];
        world_destroy(w);
        world_spec_free(&spec);
    }
    cr_log_info("r %g / %g, cards %g / %g, S %g / %g (in order / "
                "independent)", r[0], r[1], cards[0], cards[1], S[0], S[1]);
    cr_assert_leq(fabs(r[0] - r[1]), 1.0, "r in order %g, independent %g",
                  r[0], r[1]);
    cr_assert_eq(cards[1], 12.0); /* ceil(40 x 2 x 1.5 / 10) */
    cr_assert_gt(cards[0], cards[1], "cards in order %g, independent %g",
                 cards[0], cards[1]);
    cr_assert_eq(S[1], 96.0);
    cr_assert_gt(S[0], S[1] + 10.0);
    /* In order, base stock meets its target with the S of the law. */
    world_spec spec;
    poisson_world(&spec, 40.0, &lead, DELIVERIES_IN_ORDER, "base_stock");
    spec.horizon = 600.0;
    policy_param_set(&spec.policy.params, PARAM_FILL_RATE, 0.95);
    world *w = build(&spec);
    double fill[REPS];
    for (int rep = 0; rep < REPS; rep++) {
        test_row m;
        cr_assert_eq(world_run(w, 19, (uint64_t)rep, m.value), 0);
        fill[rep] = m.value[METRIC_FILL_RATE];
    }
    world_destroy(w);
    policy_context ctx;
    world_policy_context(&spec, &ctx);
    enum { K = 600 };
    double pmf[K], below = 0.0;
    cr_assert_eq(policy_in_order_outstanding(&ctx, 40.0, NULL, NULL, pmf, K),
                 0);
    for (int k = 0; k < (int)S[0]; k++)
        below += pmf[k];
    cr_assert_geq(below, 0.95);
    assert_inside("fill rate in order", fill, below, 0.01);
    world_spec_free(&spec);
    dist_free(&lead);
}

/* ---- an expedited order travels apart ------------------------------------ */

typedef struct landing_log {
    order_pool pool;
    double t[4];
    double n[4];
    int count;
} landing_log;

static void log_landing(sim *s, void *ctx, uint32_t index)
{
    landing_log *l = ctx;
    if (l->count < 4) {
        l->t[l->count] = sim_now(s);
        l->n[l->count++] = order_at(&l->pool, index)->placed;
    }
    order_pool_release(&l->pool, index);
}

static void place_numbered(supplier *sup, order_pool *pool, double n,
                           double factor)
{
    uint32_t index = order_pool_acquire(pool);
    order *o = order_at(pool, index);
    o->quantity = 1.0;
    o->placed = n;
    o->transit_factor = factor;
    supplier_place(sup, index);
}

/* In order, a route of exactly 10 days: order 0 at t = 0; order 1,
 * expedited by a factor 0.1 (a faster mode), overtakes it and lands at 1;
 * order 2, regular, waits for order 0 only (lands at 10, behind it, not
 * held by the expedited one); order 3, placed at 0.5, at 10.5. */
Test(deliveries, an_expedited_order_travels_apart_from_the_deliveries_in_order)
{
    char err[100];
    supplier_spec spec;
    supplier_spec_init(&spec);
    dist_free(&spec.lead_time);
    cr_assert_eq(dist_constant(&spec.lead_time, 10.0, err, sizeof err), 0);
    static landing_log log;
    memset(&log, 0, sizeof log);
    order_pool_init(&log.pool);
    sim *s = sim_create();
    supplier sup = {0};
    cr_assert_eq(supplier_init(&sup, &spec, s, &log.pool, 1, 0, log_landing,
                               &log),
                 0);
    place_numbered(&sup, &log.pool, 0.0, 1.0);
    place_numbered(&sup, &log.pool, 1.0, 0.1);
    place_numbered(&sup, &log.pool, 2.0, 1.0);
    sim_run_until(s, 0.5);
    place_numbered(&sup, &log.pool, 3.0, 1.0);
    sim_run_until(s, 20.0);
    cr_assert_eq(log.count, 4);
    double t[] = {1.0, 10.0, 10.0, 10.5}, n[] = {1.0, 0.0, 2.0, 3.0};
    for (int i = 0; i < 4; i++) {
        cr_assert_float_eq(log.t[i], t[i], 1e-12, "landing %d at %g", i,
                           log.t[i]);
        cr_assert_eq(log.n[i], n[i], "landing %d is order %g", i, log.n[i]);
    }
    supplier_fini(&sup);
    sim_destroy(s);
    order_pool_fini(&log.pool);
    supplier_spec_free(&spec);
}
