/*
 * test_bullwhip.c - the bullwhip ratio of one stock point against the
 * closed forms of the literature (/work/shared/NETWORKS.md section 2), for
 * the order_up_to and pout policies; their checks and mechanics (returns).
 *
 * The ratio is the stock point's `bullwhip` metric: Var(units ordered per
 * bucket) / Var(units demanded per bucket) over the whole buckets of the
 * observed window (after the warm-up), a bucket being one review period
 * here (bullwhip_period = period = 1); a return counts as a negative
 * order. The closed forms assume i.i.d. demand per period, orders that
 * may be negative, and a constant safety term:
 *
 *   order-up-to, moving average of p periods (Chen, Drezner, Ryan &
 *     Simchi-Levi 2000):        1 + 2c/p + 2c^2/p^2
 *   order-up-to, exponential smoothing alpha (Chen, Ryan & Simchi-Levi
 *     2000):                    1 + 2c alpha + 2 c^2 alpha^2 / (2 - alpha)
 *   proportional order-up-to (Disney & Towill 2003): 1/(2 Ti - 1)
 *
 * What "L" is in those formulas. The order is S_t - S_{t-1} + D_{t-1}
 * with S_t = c F_t + safety: its variance depends on the multiplier c of
 * the forecast in the target and on nothing else; the lead time does not
 * enter the orders at all (it moves stock, not the position). In Chen et
 * al. c is "the lead time" L of their timing, where an order placed at the
 * end of period t arrives at the start of period t + L, so that it covers
 * L periods of demand; here it is `cover`, whose default (L + R)/R is the
 * lead time plus one review period: (L, p) = (1, 5) is lead time 0 and
 * (2, 5) lead time 1 with the default cover. One case gives the cover
 * outright with another lead time, to show that the cover is what
 * counts.
 *
 * Demand: one customer order a period (at whole times; a review at the
 * same instant comes first), N(100, 30) units, rounded to whole units (and
 * at 0: P = 4e-4), i.i.d. The sd is large so that negative orders (1% of
 * periods at (2, 5)) and so returns do happen. The safety stock is large
 * (600) so that a return always finds its units on hand, which the test
 * asserts (returns_short = 0): the position falls by the whole negative
 * order, as the formulas assume. Orders are whole units (rounded up,
 * returns down): the position after a review is S_t plus a rounding in
 * [0, 1), which adds at most Var ~ 1/6 unit^2 to the orders' 900 x ratio:
 * below 2e-4 of any ratio here.
 *
 * Each check: 30 replications of 20,000 periods after 200 of warm-up; the
 * closed form must lie in the replications' own 99% interval, mean +-
 * t(0.995, 29) s / sqrt(30).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/estimate.h"
#include "analysis/scenario.h"
#include "models/world.h"
#include "tests/test_row.h"

#define REPS 30
#define PERIODS 20000.0
#define WARMUP 200.0

static void spec_for(world_spec *w, const char *policy, double lead)
{
    char err[200];
    world_spec_init(w);
    w->warmup = WARMUP;
    w->horizon = WARMUP + PERIODS;
    w->bullwhip_period = 1.0;
    w->item.unit_cost = 10.0;
    w->item.holding_cost = 0.05;
    w->item.backorder_cost = 1.0;
    w->demand.arrivals = DEMAND_PERIODIC;
    w->demand.period = 1.0;
    dist_free(&w->demand.quantity);
    cr_assert_eq(dist_normal(&w->demand.quantity, 100.0, 30.0, err,
                             sizeof err), 0, "%s", err);
    supplier_spec s;
    supplier_spec_init(&s);
    snprintf(s.name, sizeof s.name, "supplier");
    dist_free(&s.lead_time);
    cr_assert_eq(dist_constant(&s.lead_time, lead, err, sizeof err), 0);
    cr_assert_eq(world_spec_add_supplier(w, &s), 0);
    supplier_spec_free(&s);
    snprintf(w->policy.name, sizeof w->policy.name, "P");
    w->policy.type = policy_find(policy);
    cr_assert_not_null(w->policy.type, "%s", policy);
    w->policy.supplier = 0;
    policy_param_set(&w->policy.params, PARAM_SAFETY_STOCK, 600.0);
    policy_param_set(&w->policy.params, PARAM_ALLOW_RETURNS, 1.0);
}

/* Runs REPS replications; returns the 99% interval of the ratio, and the
 * units returned over all of them. */
static estimate ratios(const world_spec *spec, double *returned)
{
    char err[300];
    world *w = world_create(spec, err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    double r[REPS];
    *returned = 0.0;
    for (int i = 0; i < REPS; i++) {
        test_row m;
        cr_assert_eq(world_run(w, 2026, (uint64_t)i, m.value), 0);
        r[i] = m.value[METRIC_BULLWHIP];
        const stockpt *sp = world_stockpt(w);
        cr_assert_eq(sp->returns_short, 0.0,
                     "a return found too little on hand");
        *returned += sp->units_returned;
    }
    world_destroy(w);
    estimate e;
    cr_assert_eq(estimate_mean(r, REPS, 0.99, &e), 0);
    return e;
}

static void inside(const estimate *e, double closed_form, const char *what)
{
    cr_assert(e->low <= closed_form && closed_form <= e->high,
              "%s: closed form %.4f outside [%.4f, %.4f] (mean %.4f)", what,
              closed_form, e->low, e->high, e->mean);
}

static double moving_average_ratio(double c, double p)
{
    return 1.0 + 2.0 * c / p + 2.0 * c * c / (p * p);
}

Test(bullwhip, order_up_to_moving_average_cover_1_window_5)
{
    /* Lead time 0, default cover (0 + 1) / 1 = 1: 1 + 2/5 + 2/25 = 1.48. */
    world_spec spec;
    spec_for(&spec, "order_up_to", 0.0);
    policy_param_set(&spec.policy.params, PARAM_WINDOW, 5.0);
    double returned;
    estimate e = ratios(&spec, &returned);
    cr_assert_float_eq(moving_average_ratio(1.0, 5.0), 1.48, 1e-12);
    inside(&e, 1.48, "(L, p) = (1, 5)");
    world_spec_free(&spec);
}

Test(bullwhip, order_up_to_moving_average_cover_2_window_5)
{
    /* Lead time 1, default cover 2: 1 + 4/5 + 8/25 = 2.12. Negative
     * orders happen (returns). */
    world_spec spec;
    spec_for(&spec, "order_up_to", 1.0);
    policy_param_set(&spec.policy.params, PARAM_WINDOW, 5.0);
    double returned;
    estimate e = ratios(&spec, &returned);
    cr_assert_float_eq(moving_average_ratio(2.0, 5.0), 2.12, 1e-12);
    inside(&e, 2.12, "(L, p) = (2, 5)");
    cr_assert_gt(returned, 0.0, "no return happened");
    world_spec_free(&spec);
}

Test(bullwhip, the_cover_counts_not_the_lead_time)
{
    /* Lead time 4, cover 2 given: still 2.12. */
    world_spec spec;
    spec_for(&spec, "order_up_to", 4.0);
    policy_param_set(&spec.policy.params, PARAM_WINDOW, 5.0);
    policy_param_set(&spec.policy.params, PARAM_COVER, 2.0);
    double returned;
    estimate e = ratios(&spec, &returned);
    inside(&e, 2.12, "lead time 4, cover 2");
    world_spec_free(&spec);
}

Test(bullwhip, order_up_to_exponential_smoothing)
{
    /* Cover 2 (lead time 1), alpha = 0.2: 1 + 0.8 + 0.32 / 1.8 = 1.9778. */
    world_spec spec;
    spec_for(&spec, "order_up_to", 1.0);
    policy_param_set(&spec.policy.params, PARAM_ALPHA, 0.2);
    double returned;
    estimate e = ratios(&spec, &returned);
    double c = 2.0, a = 0.2;
    double closed = 1.0 + 2.0 * c * a + 2.0 * c * c * a * a / (2.0 - a);
    cr_assert_float_eq(closed, 1.977778, 1e-6);
    inside(&e, closed, "(L, alpha) = (2, 0.2)");
    world_spec_free(&spec);
}

Test(bullwhip, pout_smooths_orders)
{
    /* Ti = 2: 1/3; Ti = 4: 1/7. Lead time 2 (it does not enter). */
    double ti[2] = {2.0, 4.0};
    for (int i = 0; i < 2; i++) {
        world_spec spec;
        spec_for(&spec, "pout", 2.0);
        policy_param_set(&spec.policy.params, PARAM_TI, ti[i]);
        double returned;
        estimate e = ratios(&spec, &returned);
        char what[40];
        snprintf(what, sizeof what, "Ti = %g", ti[i]);
        inside(&e, 1.0 / (2.0 * ti[i] - 1.0), what);
        world_spec_free(&spec);
    }
}

/* ---- the policies' rules, checks and returns ------------------------------ */

static world *made(const world_spec *spec)
{
    char err[300];
    world *w = world_create(spec, err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    return w;
}

static void refused(const world_spec *spec, const char *words)
{
    char err[300] = "";
    world *w = world_create(spec, err, sizeof err);
    cr_assert_null(w, "expected '%s'", words);
    cr_assert(strstr(err, words), "'%s' lacks '%s'", err, words);
}

Test(bullwhip, auto_rules_and_defaults)
{
    /* Lead time 3, period 2: cover (3 + 2) / 2 = 2.5 periods; safety
     * stock z(0.95) sd over 5 time units = 1.6449 sqrt(5 x 450) (var_D =
     * 900 / period 1 per time unit) = 78.02 -> 79; forecast a moving
     * average of 4; returns off. */
    world_spec spec;
    spec_for(&spec, "order_up_to", 3.0);
    spec.policy.params = (policy_params){0};
    policy_params_init(&spec.policy.params);
    policy_param_set(&spec.policy.params, PARAM_PERIOD, 2.0);
    world *w = made(&spec);
    const policy_params *p = world_effective_params(w);
    cr_assert_float_eq(p->value[PARAM_COVER], 2.5, 1e-12);
    cr_assert_eq(p->value[PARAM_FORECAST], 0.0);
    cr_assert_eq(p->value[PARAM_WINDOW], 4.0);
    /* Only the chosen forecast's parameter is set, so that the scenario
     * as run (which writes the set ones) reads back. */
    cr_assert_eq(p->state[PARAM_ALPHA], PARAM_UNSET);
    cr_assert_eq(p->value[PARAM_ALLOW_RETURNS], 0.0);
    cr_assert_eq(p->value[PARAM_SAFETY_STOCK],
                 ceil(1.6448536 * sqrt(5.0 * 900.0) - 1e-9));
    world_destroy(w);
    /* alpha given: exponential smoothing. */
    policy_param_set(&spec.policy.params, PARAM_ALPHA, 0.3);
    w = made(&spec);
    cr_assert_eq(world_effective_params(w)->value[PARAM_FORECAST], 1.0);
    cr_assert_eq(world_effective_params(w)->state[PARAM_WINDOW], PARAM_UNSET);
    world_destroy(w);
    world_spec_free(&spec);

    spec_for(&spec, "pout", 3.0);
    policy_param_set(&spec.policy.params, PARAM_TI, 3.0);
    w = made(&spec);
    cr_assert_float_eq(world_effective_params(w)->value[PARAM_COVER], 4.0,
                       1e-12);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(bullwhip, bad_parameters_are_refused)
{
    world_spec spec;
    spec_for(&spec, "pout", 1.0);
    refused(&spec, "Ti has no auto rule; expected the adjustment time");
    policy_param_set(&spec.policy.params, PARAM_TI, 0.5);
    refused(&spec, "Ti must be a number in [1, 1e+09], got 0.5");
    policy_param_set(&spec.policy.params, PARAM_TI, 2.0);
    policy_param_set(&spec.policy.params, PARAM_ALLOW_RETURNS, 2.0);
    refused(&spec, "allow_returns must be a whole number in [0, 1], got 2");
    policy_param_set(&spec.policy.params, PARAM_ALLOW_RETURNS, 1.0);
    policy_param_set(&spec.policy.params, PARAM_COVER, -1.0);
    refused(&spec, "cover must be a number in [0, 1e+09], got -1");
    world_spec_free(&spec);

    spec_for(&spec, "order_up_to", 1.0);
    policy_param_set(&spec.policy.params, PARAM_PERIOD, 0.0);
    refused(&spec, "period must be > 0, got 0");
    policy_param_set(&spec.policy.params, PARAM_PERIOD, 1.0);
    policy_param_set(&spec.policy.params, PARAM_WINDOW, 5.0);
    policy_param_set(&spec.policy.params, PARAM_ALPHA, 0.2);
    refused(&spec, "window is for a moving average, and the forecast is "
                   "exponential; expected alpha");
    policy_param_set(&spec.policy.params, PARAM_FORECAST, 0.0);
    refused(&spec, "alpha is for exponential smoothing, and the forecast is "
                   "a moving average; expected window");
    spec.policy.params.state[PARAM_ALPHA] = PARAM_UNSET;
    policy_param_set(&spec.policy.params, PARAM_WINDOW, 257.0);
    refused(&spec, "window must be a whole number in [1, 256], got 257");
    policy_param_set(&spec.policy.params, PARAM_WINDOW, 5.0);
    policy_param_set(&spec.policy.params, PARAM_SAFETY_STOCK, -1.0);
    refused(&spec, "safety_stock must be a number in [0, 1e+15], got -1");
    world_spec_free(&spec);
}

static void count_returns(void *ctx, const stockpt *sp, stockpt_event event,
                          double quantity, int source)
{
    (void)sp;
    cr_assert(event != STOCKPT_RETURNED || source == 0);
    if (event == STOCKPT_RETURNED)
        *(double *)ctx += quantity;
}

Test(bullwhip, returns_clipped_or_sent_back)
{
    /* Lead time 1, cover 2, window 5: 1% of the orders are negative. */
    world_spec spec;
    spec_for(&spec, "order_up_to", 1.0);
    policy_param_set(&spec.policy.params, PARAM_WINDOW, 5.0);
    spec.horizon = WARMUP + 2000.0;
    world *w = made(&spec);
    double traced = 0.0;
    world_trace(w, count_returns, &traced);
    test_row m;
    cr_assert_eq(world_run(w, 5, 0, m.value), 0);
    const stockpt *sp = world_stockpt(w);
    double returned = sp->units_returned;
    cr_assert_gt(returned, 0.0);
    /* Every return is traced (the warm-up's too). */
    cr_assert_geq(traced, returned);
    /* Units ordered less units returned is what the window's customers
     * took, give or take the position's change over the window (it stays
     * within one rounding of the targets, which differ by the
     * forecasts). */
    double net = sp->units_ordered - returned;
    cr_assert_leq(fabs(net - m.value[METRIC_UNITS_DEMANDED]), 2000.0,
                  "net %.0f demanded %.0f", net,
                  m.value[METRIC_UNITS_DEMANDED]);
    double with_returns = m.value[METRIC_BULLWHIP];
    world_destroy(w);

    /* Clipped: no return, and orders vary less than with returns on the
     * same demand (the clip cuts the low tail). */
    policy_param_set(&spec.policy.params, PARAM_ALLOW_RETURNS, 0.0);
    w = made(&spec);
    cr_assert_eq(world_run(w, 5, 0, m.value), 0);
    sp = world_stockpt(w);
    cr_assert_eq(sp->units_returned, 0.0);
    cr_assert_eq(sp->returns_short, 0.0);
    cr_assert_lt(m.value[METRIC_BULLWHIP], with_returns);
    world_destroy(w);

    /* Too little on hand: a return takes what there is, and the rest is
     * counted short. Lead time 20 against a cover of 10: the position
     * (~1000) is less than the pipeline (~2000), customers wait, and the
     * large swings of a cover of 10 make returns often. */
    world_spec_free(&spec);
    spec_for(&spec, "order_up_to", 20.0);
    spec.horizon = WARMUP + 2000.0;
    policy_param_set(&spec.policy.params, PARAM_WINDOW, 5.0);
    policy_param_set(&spec.policy.params, PARAM_COVER, 10.0);
    policy_param_set(&spec.policy.params, PARAM_SAFETY_STOCK, 0.0);
    w = made(&spec);
    cr_assert_eq(world_run(w, 5, 0, m.value), 0);
    sp = world_stockpt(w);
    cr_assert_gt(sp->returns_short, 0.0);
    cr_assert_geq(sp->on_hand, 0.0);
    world_destroy(w);
    world_spec_free(&spec);
}

static int parse(const char *yaml, scenario *sc, char *first, size_t len)
{
    scenario_errors e;
    scenario_errors_init(&e);
    int rc = scenario_parse(yaml, strlen(yaml), "t.yaml", NULL, 0, sc, &e);
    snprintf(first, len, "%s", e.n ? e.lines[0] : "");
    scenario_errors_free(&e);
    return rc;
}

Test(bullwhip, scenario_keys)
{
#define HEAD                                                                 \
    "name: t\nhorizon: 100\ndemand: {rate: 2}\n"                             \
    "suppliers:\n  - {name: local, lead_time: 2, order_cost: 50}\n"          \
    "policies:\n"
    scenario sc;
    char first[512];
    cr_assert_eq(parse(HEAD "  - {name: O, type: order_up_to, window: 5, "
                            "cover: 3, allow_returns: true}\n"
                            "  - {name: P, type: pout, Ti: 4, "
                            "allow_returns: false}\n",
                       &sc, first, sizeof first),
                 0, "%s", first);
    const policy_params *o = &sc.worlds[0].policy.params;
    cr_assert_eq(o->value[PARAM_WINDOW], 5.0);
    cr_assert_eq(o->value[PARAM_COVER], 3.0);
    cr_assert_eq(o->value[PARAM_ALLOW_RETURNS], 1.0);
    const policy_params *p = &sc.worlds[1].policy.params;
    cr_assert_eq(p->value[PARAM_TI], 4.0);
    cr_assert_eq(p->value[PARAM_ALLOW_RETURNS], 0.0);
    scenario_free(&sc);
    cr_assert_eq(parse(HEAD "  - {name: P, type: pout, Ti: 4, "
                            "allow_returns: maybe}\n",
                       &sc, first, sizeof first),
                 -1);
    cr_assert_str_eq(first, "t.yaml:7:49: unknown allow_returns 'maybe'; "
                            "expected one of false, true");
    cr_assert_eq(parse(HEAD "  - {name: P, type: pout, Ti: 4, window: 3}\n",
                       &sc, first, sizeof first),
                 -1);
    cr_assert(strstr(first, "pout takes no window"), "%s", first);
#undef HEAD
}
