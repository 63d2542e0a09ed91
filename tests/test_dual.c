/*
 * test_dual.c - the dual-sourcing policies (standing_split, dual_index):
 * how they split and route orders, what each source's order costs, the
 * checks of a second source, their auto rules against closed forms, and
 * dual_index's optimal levels against a brute-force search over its two
 * levels on a small world. Not here: the scenario keys' errors
 * (test_scenario.c) and the lesson (test_lessons.c).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/estimate.h"
#include "models/world.h"
#include "tests/test_row.h"

/* ---- building ------------------------------------------------------------ */

static void add_supplier(world_spec *w, const char *name, double lead,
                         double price)
{
    char err[200];
    supplier_spec s;
    supplier_spec_init(&s);
    snprintf(s.name, sizeof s.name, "%s", name);
    dist_free(&s.lead_time);
    cr_assert_eq(dist_constant(&s.lead_time, lead, err, sizeof err), 0);
    s.unit_price = price;
    cr_assert_eq(world_spec_add_supplier(w, &s), 0);
    supplier_spec_free(&s);
}

/* Poisson demand of one unit at `rate`; a slow, cheap first supplier
 * (lead time 4, price 10) and a fast, dear second one (lead time 1, price
 * 11); holding 1 and backorders 19 per unit and day, goods in transit the
 * supplier's (so that the two sources differ by price and lead time
 * only); 2000 days observed after 100. */
static void dual_world(world_spec *w, const char *policy, double rate)
{
    world_spec_init(w);
    w->horizon = 2100.0;
    w->warmup = 100.0;
    w->item.unit_cost = 10.0;
    w->item.holding_cost = 1.0;
    w->item.backorder_cost = 19.0;
    w->demand.rate = rate;
    add_supplier(w, "slow", 4.0, 10.0);
    add_supplier(w, "fast", 1.0, 11.0);
    w->suppliers[0].ownership = OWNERSHIP_AT_RECEIPT;
    w->suppliers[1].ownership = OWNERSHIP_AT_RECEIPT;
    snprintf(w->policy.name, sizeof w->policy.name, "P");
    w->policy.type = policy_find(policy);
    cr_assert_not_null(w->policy.type);
    w->policy.supplier = 0;
    if (w->policy.type->dual_sourced)
        w->policy.second_supplier = 1;
    policy_param_set(&w->policy.params, PARAM_R, 1.0);
}

static world *build(const world_spec *spec)
{
    char err[300];
    world *w = world_create(spec, err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    return w;
}

static void expect_error(const world_spec *spec, const char *fragment)
{
    char err[300] = "";
    world *w = world_create(spec, err, sizeof err);
    cr_assert_null(w, "expected an error containing '%s'", fragment);
    cr_assert_not_null(strstr(err, fragment), "'%s' lacks '%s'", err,
                       fragment);
}

/* The units and orders each supplier got, from the trace: all of them, and
 * those placed and received in the observed window. */
typedef struct by_source {
    double warmup;
    double ordered[2], orders[2];           /* whole run */
    double window_units[2], window_orders[2]; /* placed in the window */
    double received[2];                     /* received in the window */
    int other;                              /* an order to a third */
} by_source;

static void count_sources(void *ctx, const stockpt *sp, stockpt_event event,
                          double quantity, int source)
{
    by_source *b = ctx;
    int in_window = stockpt_now(sp) >= b->warmup;
    if (event != STOCKPT_ORDER_PLACED && event != STOCKPT_RECEIPT)
        return;
    if (source < 0 || source > 1) {
        b->other = 1;
        return;
    }
    if (event == STOCKPT_ORDER_PLACED) {
        b->ordered[source] += quantity;
        b->orders[source] += 1.0;
        if (in_window) {
            b->window_units[source] += quantity;
            b->window_orders[source] += 1.0;
        }
    } else if (in_window) {
        b->received[source] += quantity;
    }
}

static void run_rows(const world_spec *spec, uint64_t seed, size_t n,
                     metric m, double *out)
{
    world *w = build(spec);
    for (size_t rep = 0; rep < n; rep++) {
        test_row row;
        cr_assert_eq(world_run(w, seed, rep, row.value), 0);
        out[rep] = row.value[m];
    }
    world_destroy(w);
}

#define CI(e) (e).mean, (e).low, (e).high

/* ---- the second source ----------------------------------------------------- */

Test(dual, every_check_of_a_second_source)
{
    world_spec spec;
    dual_world(&spec, "dual_index", 5.0);
    spec.policy.second_supplier = -1;
    expect_error(&spec, "dual_index orders from two suppliers; the second "
                        "supplier must be another existing supplier");
    spec.policy.second_supplier = 0;
    expect_error(&spec, "the second supplier must be another");
    spec.policy.second_supplier = 2;
    expect_error(&spec, "the second supplier must be another");
    spec.policy.second_supplier = 1;
    spec.policy.backup_supplier = 1;
    expect_error(&spec, "dual_index orders from two suppliers and takes no "
                        "backup supplier");
    spec.policy.backup_supplier = -1;
    /* The first source must be the slow one. */
    spec.policy.supplier = 1;
    spec.policy.second_supplier = 0;
    expect_error(&spec, "needs the first supplier slower than the second: "
                        "mean lead times 1 and 4");
    spec.policy.supplier = 0;
    spec.policy.second_supplier = 1;
    policy_param_set(&spec.policy.params, PARAM_S_E, 10.0);
    policy_param_set(&spec.policy.params, PARAM_S_R, 9.0);
    expect_error(&spec, "S_r must be at least S_e");
    policy_param_set(&spec.policy.params, PARAM_S_R, 20.5);
    expect_error(&spec, "S_r must be a whole number");
    policy_param_set_optimal(&spec.policy.params, PARAM_S_R);
    expect_error(&spec, "S_r: optimal searches both levels; expected S_e: "
                        "optimal and S_r: optimal together");
    policy_param_set_optimal(&spec.policy.params, PARAM_S_E);
    policy_param_set(&spec.policy.params, PARAM_SERVICE_LEVEL, 0.9);
    expect_error(&spec, "S_e: optimal minimises cost and meets no service "
                        "target");
    spec.policy.params.state[PARAM_SERVICE_LEVEL] = PARAM_UNSET;
    policy_param_set(&spec.policy.params, PARAM_R, 2.0);
    expect_error(&spec, "S_e: optimal needs the lead-time gap "
                        "L_r - L_e a whole number of review periods R");
    policy_param_set(&spec.policy.params, PARAM_R, 1.0);
    spec.item.backorder_cost = 0.0;
    expect_error(&spec, "needs a backorder_cost or stockout_cost > 0");
    spec.item.backorder_cost = 19.0;
    spec.item.lost_sales = 1;
    expect_error(&spec, "needs backorders (not lost_sales)");
    spec.item.lost_sales = 0;
    char err[100];
    dist_free(&spec.suppliers[1].lead_time);
    cr_assert_eq(dist_gamma(&spec.suppliers[1].lead_time, 4.0, 0.25, err,
                            sizeof err),
                 0);
    expect_error(&spec, "needs constant lead times from both suppliers");
    world_spec_free(&spec);

    /* A policy of one source takes no second one. */
    dual_world(&spec, "periodic", 5.0);
    spec.policy.second_supplier = 1;
    expect_error(&spec, "periodic orders from one supplier and takes no "
                        "second supplier");
    world_spec_free(&spec);

    dual_world(&spec, "standing_split", 5.0);
    expect_error(&spec, "split has no auto rule; expected split: the fraction");
    policy_param_set(&spec.policy.params, PARAM_SPLIT, 1.5);
    expect_error(&spec, "split must be a number in [0, 1], got 1.5");
    policy_param_set(&spec.policy.params, PARAM_SPLIT, 0.5);
    spec.policy.params.state[PARAM_R] = PARAM_UNSET;
    expect_error(&spec, "R: auto needs an order cost > 0");
    world_spec_free(&spec);
}

/* ---- standing_split ------------------------------------------------------- */

/* Every order is split so that the first source's units are always
 * round(split x all units ordered): exactly, over the run; and the units
 * received in the window from each source are in that proportion within
 * the replications' interval. Each part pays its own supplier's price and
 * order cost. */
Test(dual, standing_split_sends_the_fraction_split_to_the_first_source)
{
    static const double splits[] = {0.7, 0.25};
    for (int i = 0; i < 2; i++) {
        world_spec spec;
        dual_world(&spec, "standing_split", 5.0);
        spec.suppliers[0].order_cost = 3.0;
        spec.suppliers[1].order_cost = 2.0;
        double f = splits[i];
        policy_param_set(&spec.policy.params, PARAM_SPLIT, f);
        world *w = build(&spec);
        enum { N = 20 };
        double share[N];
        for (uint64_t rep = 0; rep < N; rep++) {
            by_source b = {.warmup = spec.warmup};
            world_trace(w, count_sources, &b);
            test_row m;
            cr_assert_eq(world_run(w, 3, rep, m.value), 0);
            cr_assert_eq(b.other, 0);
            double total = b.ordered[0] + b.ordered[1];
            cr_assert_eq(b.ordered[0], floor(f * total + 0.5),
                         "split %g: %g of %g units to the first source", f,
                         b.ordered[0], total);
            share[rep] = b.received[0] / (b.received[0] + b.received[1]);
            double T = spec.horizon - spec.warmup;
            cr_assert_float_eq(m.value[METRIC_ORDERING_COST] * T,
                               3.0 * b.window_orders[0] +
                                   2.0 * b.window_orders[1],
                               1e-6);
            cr_assert_float_eq(m.value[METRIC_ORDERED_VALUE] * T,
                               10.0 * b.window_units[0] +
                                   11.0 * b.window_units[1],
                               1e-6);
            cr_assert_eq(m.value[METRIC_ORDERS_PLACED],
                         b.window_orders[0] + b.window_orders[1]);
        }
        estimate e;
        cr_assert_eq(estimate_mean(share, N, 0.95, &e), 0);
        cr_assert(e.low <= f && f <= e.high,
                  "split %g: share received from the first source %g [%g, "
                  "%g]",
                  f, CI(e));
        world_destroy(w);
        world_spec_free(&spec);
    }
}

/* Periodic review with every order split: on order on average D (f L1 +
 * (1 - f) L2) (Little's law, each source holding its share of the flow
 * for its own lead time), and the position S - D R / 2 on average. */
Test(dual, standing_split_pipeline_and_position_closed_forms)
{
    world_spec spec;
    dual_world(&spec, "standing_split", 5.0);
    policy_param_set(&spec.policy.params, PARAM_SPLIT, 0.6);
    policy_param_set(&spec.policy.params, PARAM_R, 2.0);
    enum { N = 30 };
    double on_order[N], on_hand[N], owed[N];
    run_rows(&spec, 5, N, METRIC_AVG_ON_ORDER, on_order);
    run_rows(&spec, 5, N, METRIC_AVG_ON_HAND, on_hand);
    run_rows(&spec, 5, N, METRIC_AVG_BACKORDERS, owed);
    double position[N];
    for (int i = 0; i < N; i++)
        position[i] = on_hand[i] - owed[i] + on_order[i];
    world *w = build(&spec);
    double S = world_effective_params(w)->value[PARAM_S];
    /* S auto: D (R + f L1 + (1 - f) L2) + z sqrt(D (R + L2 + f^2 (L1 -
     * L2))) = 5 (2 + 2.4 + 0.4) + 1.6449 sqrt(5 (3 + 1.08)) = 31.43,
     * rounded up. */
    cr_assert_eq(S, 32.0);
    world_destroy(w);
    estimate pipe, pos;
    cr_assert_eq(estimate_mean(on_order, N, 0.95, &pipe), 0);
    cr_assert_eq(estimate_mean(position, N, 0.95, &pos), 0);
    double expect_pipe = 5.0 * (0.6 * 4.0 + 0.4 * 1.0);
    cr_assert(pipe.low <= expect_pipe && expect_pipe <= pipe.high,
              "on order %g [%g, %g], expected %g", CI(pipe), expect_pipe);
    double expect_pos = S - 5.0 * 2.0 / 2.0;
    cr_assert(pos.low <= expect_pos && expect_pos <= pos.high,
              "position %g [%g, %g], expected %g", CI(pos), expect_pos);
    world_spec_free(&spec);
}

/* The same replications as a single-source policy: standing_split with
 * split 1 is periodic (R, S) on the first supplier, with split 0 on the
 * second; dual_index with S_e below any position it reaches never
 * expedites and is periodic (R, S_r) on the first, and with S_r = S_e
 * orders only from the second. */
static void assert_same_rows(const world_spec *a, const world_spec *b,
                             double tolerance)
{
    world *wa = build(a), *wb = build(b);
    for (uint64_t rep = 0; rep < 3; rep++) {
        test_row ma, mb;
        world_run(wa, 7, rep, ma.value);
        world_run(wb, 7, rep, mb.value);
        for (int m = 0; m < METRIC_COUNT; m++)
            cr_assert(ma.value[m] == mb.value[m] ||
                          (isnan(ma.value[m]) && isnan(mb.value[m])) ||
                          fabs(ma.value[m] - mb.value[m]) <=
                              tolerance * fabs(mb.value[m]),
                      "%s: %.17g and %.17g", metric_name((metric)m),
                      ma.value[m], mb.value[m]);
    }
    world_destroy(wa);
    world_destroy(wb);
}

Test(dual, each_policy_reduces_to_single_sourcing_at_its_extremes)
{
    world_spec dual, single;
    for (int second = 0; second < 2; second++) {
        dual_world(&dual, "standing_split", 5.0);
        policy_param_set(&dual.policy.params, PARAM_SPLIT, second ? 0 : 1);
        policy_param_set(&dual.policy.params, PARAM_S, 25.0);
        dual_world(&single, "periodic", 5.0);
        single.policy.supplier = second;
        policy_param_set(&single.policy.params, PARAM_S, 25.0);
        /* A dual-sourced policy's opening stock is valued at the first
         * supplier's price; the window starts after it has been sold, but
         * the moving average keeps the last bits of the difference. */
        assert_same_rows(&dual, &single, second ? 1e-12 : 0.0);
        world_spec_free(&dual);
        world_spec_free(&single);
    }
    dual_world(&dual, "dual_index", 5.0);
    policy_param_set(&dual.policy.params, PARAM_S_E, -1000.0);
    policy_param_set(&dual.policy.params, PARAM_S_R, 26.0);
    dual_world(&single, "periodic", 5.0);
    policy_param_set(&single.policy.params, PARAM_S, 26.0);
    assert_same_rows(&dual, &single, 0.0);
    world_spec_free(&dual);
    world_spec_free(&single);
    dual_world(&dual, "dual_index", 5.0);
    policy_param_set(&dual.policy.params, PARAM_S_E, 12.0);
    policy_param_set(&dual.policy.params, PARAM_S_R, 12.0);
    dual_world(&single, "periodic", 5.0);
    single.policy.supplier = 1;
    policy_param_set(&single.policy.params, PARAM_S, 12.0);
    assert_same_rows(&dual, &single, 1e-12);
    world_spec_free(&dual);
    world_spec_free(&single);
}

/* ---- dual_index ------------------------------------------------------------ */

/* Deterministic demand of 5 a day (one order a day, at the review's
 * instant): with S_r - S_e = D (L_r - L_e) and S_e covering the demand
 * over L_e + R, the slow source carries the whole flow and the fast one
 * gets nothing, until an outage holds the slow source's orders at the
 * supplier: they are not due, so the expedited position falls and the
 * fast source covers exactly the demand of the outage, while the
 * regular position, which counts the held orders, stops the slow
 * source from ordering them twice. */
Test(dual, dual_index_expedites_what_an_outage_holds_and_only_that)
{
    char err[100];
    world_spec spec;
    dual_world(&spec, "dual_index", 5.0);
    spec.demand.arrivals = DEMAND_PERIODIC;
    spec.demand.period = 1.0;
    dist_free(&spec.demand.quantity);
    cr_assert_eq(dist_constant(&spec.demand.quantity, 5.0, err, sizeof err),
                 0);
    spec.horizon = 300.0;
    spec.warmup = 0.0;
    policy_param_set(&spec.policy.params, PARAM_S_E, 10.0);
    policy_param_set(&spec.policy.params, PARAM_S_R, 25.0);
    spec.policy.initial_inventory = 25.0;
    disruption_spec d;
    disruption_spec_init(&d);
    d.supplier = 0;
    d.start = 100.5;
    d.duration = 10.0;
    cr_assert_eq(world_spec_add_disruption(&spec, &d), 0);
    disruption_spec_free(&d);
    world *w = build(&spec);
    by_source b = {.warmup = 0.0};
    world_trace(w, count_sources, &b);
    test_row m;
    cr_assert_eq(world_run(w, 1, 0, m.value), 0);
    /* The outage holds the orders of days 101 to 110: ten days of demand
     * come from the fast source, and nothing else ever does. */
    cr_assert_eq(b.ordered[1], 50.0, "fast source: %g units", b.ordered[1]);
    /* The last review (day 299) reorders the demand of days 0 to 298. */
    cr_assert_eq(b.ordered[0] + b.ordered[1], 5.0 * 299.0,
                 "every unit sold is reordered once: %g + %g",
                 b.ordered[0], b.ordered[1]);
    world_destroy(w);
    world_spec_free(&spec);
}

/* auto: S_e covers D (L_e + R) at the service level, S_r adds D (L_r -
 * L_e). Poisson(5), L_e = 1, R = 1: 10 + 1.6449 sqrt(10) = 15.2 -> 16;
 * S_r = 16 + 15. */
Test(dual, dual_index_auto_levels)
{
    world_spec spec;
    dual_world(&spec, "dual_index", 5.0);
    world *w = build(&spec);
    const policy_params *p = world_effective_params(w);
    cr_assert_eq(p->value[PARAM_S_E], 16.0);
    cr_assert_eq(p->value[PARAM_S_R], 31.0);
    cr_assert_eq(p->value[PARAM_R], 1.0);
    world_destroy(w);
    /* R: auto, the first supplier's economic order interval
     * sqrt(2 K / (h D)) = sqrt(2 40 / 5) = 4; 1 without an order cost. */
    spec.policy.params.state[PARAM_R] = PARAM_UNSET;
    w = build(&spec);
    cr_assert_eq(world_effective_params(w)->value[PARAM_R], 1.0);
    world_destroy(w);
    spec.suppliers[0].order_cost = 40.0;
    w = build(&spec);
    cr_assert_eq(world_effective_params(w)->value[PARAM_R], 4.0);
    world_destroy(w);
    world_spec_free(&spec);
}

/* R: auto for the split: the order costs of the sources it uses (40 + 10
 * with f = 0.5: sqrt(2 50 / 5) = 4.47, rounded to 4; 40 alone with f =
 * 1: sqrt(16) = 4; 10 alone with f = 0: sqrt(4) = 2). */
Test(dual, standing_split_auto_review_period)
{
    static const double splits[] = {0.5, 1.0, 0.0}, want[] = {4.0, 4.0, 2.0};
    for (int i = 0; i < 3; i++) {
        world_spec spec;
        dual_world(&spec, "standing_split", 5.0);
        spec.suppliers[0].order_cost = 40.0;
        spec.suppliers[1].order_cost = 10.0;
        spec.policy.params.state[PARAM_R] = PARAM_UNSET;
        policy_param_set(&spec.policy.params, PARAM_SPLIT, splits[i]);
        world *w = build(&spec);
        cr_assert_eq(world_effective_params(w)->value[PARAM_R], want[i],
                     "split %g: R = %g", splits[i],
                     world_effective_params(w)->value[PARAM_R]);
        world_destroy(w);
        world_spec_free(&spec);
    }
}

/* The brute force: the mean total cost of every (S_e, S_r) of a grid on
 * the small world, under common random numbers (seed 11); its best point
 * must be inside the grid. Then, on fresh replications (seed 12, so the
 * search's luck does not flatter its winner), the levels of `optimal`
 * (the paper's separation) must cost no more than the grid's best
 * (the paired interval reaches zero or below), and dual_index at them
 * must beat the best single source of each supplier (base_stock with S:
 * optimal, continuous review) with paired intervals below zero. */
Test(dual, dual_index_optimal_matches_a_brute_force_search,
     .timeout = 600)
{
    enum { SE_LO = 7, SE_HI = 17, D_LO = 8, D_HI = 21, N = 8, M = 40 };
    world_spec spec;
    dual_world(&spec, "dual_index", 5.0);
    double best = INFINITY;
    int best_se = 0, best_delta = 0;
    double cost[N];
    for (int se = SE_LO; se <= SE_HI; se++)
        for (int delta = D_LO; delta <= D_HI; delta++) {
            policy_param_set(&spec.policy.params, PARAM_S_E, se);
            policy_param_set(&spec.policy.params, PARAM_S_R, se + delta);
            run_rows(&spec, 11, N, METRIC_TOTAL_COST, cost);
            double mean = 0.0;
            for (int i = 0; i < N; i++)
                mean += cost[i] / N;
            if (mean < best)
                best = mean, best_se = se, best_delta = delta;
        }
    cr_assert(best_se > SE_LO && best_se < SE_HI && best_delta > D_LO &&
                  best_delta < D_HI,
              "the brute-force optimum S_e = %d, S_r - S_e = %d is on the "
              "grid's edge",
              best_se, best_delta);

    policy_param_set_optimal(&spec.policy.params, PARAM_S_E);
    policy_param_set_optimal(&spec.policy.params, PARAM_S_R);
    world *w = build(&spec);
    double opt_se = world_effective_params(w)->value[PARAM_S_E];
    double opt_sr = world_effective_params(w)->value[PARAM_S_R];
    world_destroy(w);
    double at_opt[M], at_grid[M], slow[M], fast[M];
    run_rows(&spec, 12, M, METRIC_TOTAL_COST, at_opt);
    policy_param_set(&spec.policy.params, PARAM_S_E, best_se);
    policy_param_set(&spec.policy.params, PARAM_S_R, best_se + best_delta);
    run_rows(&spec, 12, M, METRIC_TOTAL_COST, at_grid);
    estimate e;
    cr_assert_eq(estimate_paired(at_opt, at_grid, M, 0.95, &e), 0);
    cr_assert_leq(e.low, 0.0,
                  "optimal (S_e %g, S_r %g) costs more than the grid's best "
                  "(S_e %d, S_r %d): %g [%g, %g]",
                  opt_se, opt_sr, best_se, best_se + best_delta, CI(e));
    cr_log_info("brute force: S_e %d, S_r %d (cost %g); optimal: S_e %g, "
                "S_r %g; optimal - grid %g [%g, %g]",
                best_se, best_se + best_delta, best, opt_se, opt_sr, CI(e));

    for (int source = 0; source < 2; source++) {
        world_spec single;
        dual_world(&single, "base_stock", 5.0);
        policy_params_init(&single.policy.params);
        policy_param_set_optimal(&single.policy.params, PARAM_S);
        single.policy.supplier = source;
        run_rows(&single, 12, M, METRIC_TOTAL_COST, source ? fast : slow);
        cr_assert_eq(estimate_paired(at_grid, source ? fast : slow, M, 0.95,
                                     &e),
                     0);
        cr_assert_lt(e.high, 0.0,
                     "dual_index at its best levels should beat the %s "
                     "source alone: %g [%g, %g]",
                     source ? "fast" : "slow", CI(e));
        cr_log_info("dual_index - %s alone: %g [%g, %g]",
                    source ? "fast" : "slow", CI(e));
        world_spec_free(&single);
    }
    world_spec_free(&spec);
}
