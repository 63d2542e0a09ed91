/*
 * test_echelon_chain.c - echelon base stock and multi-stage bullwhip in a
 * simulated supply chain, against the closed forms: the Clark-Scarf
 * optimum of Snyder & Shen's Example 6.1 (Poisson demand, computed by
 * models/echelon_opt.c) and Chen, Drezner, Ryan & Simchi-Levi's (2000)
 * bullwhip of a two-stage chain with and without shared demand data; and
 * every refusal of echelon_base_stock's chain-wide S.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/estimate.h"
#include "analysis/run.h"
#include "analysis/scenario.h"
#include "models/echelon_opt.h"
#include "models/network.h"

static void parse(const char *text, const char *const *sets, size_t n_sets,
                  scenario *sc)
{
    scenario_errors errors;
    scenario_errors_init(&errors);
    int rc = scenario_parse(text, strlen(text), "chain.yaml", sets, n_sets,
                            sc, &errors);
    cr_assert_eq(rc, 0, "does not load: %s", errors.n ? errors.lines[0] : "?");
    scenario_errors_free(&errors);
}

/* The one error a scenario gives, which must contain `what`. */
static void refused(const char *text, const char *const *sets, size_t n_sets,
                    const char *where, const char *what)
{
    scenario sc;
    scenario_errors errors;
    scenario_errors_init(&errors);
    int rc = scenario_parse(text, strlen(text), "chain.yaml", sets, n_sets,
                            &sc, &errors);
    cr_assert_eq(rc, -1, "accepted; expected '%s'", what);
    cr_assert_geq(errors.n, 1);
    cr_assert(strstr(errors.lines[0], what) != NULL, "%s", errors.lines[0]);
    cr_assert(strncmp(errors.lines[0], where, strlen(where)) == 0,
              "%s; expected at %s", errors.lines[0], where);
    scenario_errors_free(&errors);
}

static void execute(const scenario *sc, run_result *r)
{
    char err[300];
    run_config cfg = {.jobs = 1};
    cr_assert_eq(run_execute(sc, &cfg, r, err, sizeof err), 0, "%s", err);
}

static double at(const run_result *r, size_t p, uint64_t rep,
                 const char *name)
{
    int c = run_column(r, name);
    cr_assert_geq(c, 0, "no column %s", name);
    return run_row(r, p, rep)[c];
}

static estimate column(const run_result *r, size_t p, const char *name,
                       double level)
{
    double *x = malloc(r->n_reps * sizeof *x);
    cr_assert_not_null(x);
    for (uint64_t rep = 0; rep < r->n_reps; rep++)
        x[rep] = at(r, p, rep, name);
    estimate e;
    cr_assert_eq(estimate_mean(x, r->n_reps, level, &e), 0);
    free(x);
    return e;
}

/* ---- Clark-Scarf: Snyder & Shen Example 6.1, Poisson(5) ----------------- */

/* Stage 1 (retailer) local holding 7, stage 2 (middle) 4, stage 3 (top)
 * 2: echelon costs 3, 2, 2. Lead times 1, 1, 2 periods; p = 37.12 at the
 * retailer only; one customer order a period of Poisson(5) units. Under
 * timing: periodic every event of a period falls at its integer instant
 * (receipts, the customers, then the reviews), so the levels the
 * simulation integrates over [t, t + 1) are the end-of-period levels the
 * recursion charges. */
static const char *const example_6_1 =
    "name: example 6.1\n"
    "time_unit: day\n"
    "horizon: 4050\n"
    "warmup: 50\n"
    "replications: 40\n"
    "timing: periodic\n"
    "information: shared\n"
    "item: {holding_cost: 2, backorder_cost: 0}\n"
    "demand: {arrivals: periodic, quantity: \"poisson(mean=5)\", period: 1}\n"
    "suppliers:\n"
    "  - {name: outside, lead_time: 2}\n"
    "nodes:\n"
    "  - {name: retailer, from: middle, lead_time: 1, customers: true, "
    "item: {holding_cost: 7, backorder_cost: 37.12}}\n"
    "  - {name: middle, from: top, lead_time: 1, item: {holding_cost: 4}}\n"
    "  - {name: top, supplier: outside, item: {holding_cost: 2}}\n"
    "policies:\n"
    "  - {name: Optimal, type: echelon_base_stock, S: auto}\n"
    "  - {name: ShangSong, type: echelon_base_stock, S: shang_song}\n"
    "  - {name: Off, type: echelon_base_stock, nodes: {retailer: {type: "
    "echelon_base_stock, S: 7}, middle: {type: echelon_base_stock, S: 15}, "
    "top: {type: echelon_base_stock, S: 26}}}\n";

/* The Clark-Scarf cost of a replication: local holding on every node's
 * stock on hand (the chain's holding_cost), p on the retailer's
 * backorders (its shortage_cost), and the units in transit into stage j
 * at stage j + 1's local holding cost (the simulation charges them at
 * the receiver's: its pipeline_holding_cost / its holding cost is the
 * units in transit). What the outside supplier ships is not charged. */
static double clark_scarf_cost(const run_result *r, size_t p, uint64_t rep)
{
    return at(r, p, rep, "holding_cost") + at(r, p, rep, "shortage_cost") +
           4.0 * at(r, p, rep, "retailer.pipeline_holding_cost") / 7.0 +
           2.0 * at(r, p, rep, "middle.pipeline_holding_cost") / 4.0;
}

static estimate simulated_cost(const run_result *r, size_t p)
{
    double x[64];
    cr_assert_leq(r->n_reps, 64);
    for (uint64_t rep = 0; rep < r->n_reps; rep++)
        x[rep] = clark_scarf_cost(r, p, rep);
    estimate e;
    cr_assert_eq(estimate_mean(x, r->n_reps, 0.99, &e), 0);
    return e;
}

static double model_cost(const double *levels)
{
    echelon_problem pb;
    echelon_problem_init(&pb);
    pb.n_stages = 3;
    const double h[3] = {3, 2, 2}, L[3] = {1, 1, 2};
    memcpy(pb.holding, h, sizeof h);
    memcpy(pb.lead_time, L, sizeof L);
    pb.backorder_cost = 37.12;
    pb.demand = ECHELON_POISSON;
    pb.mean = 5.0;
    echelon_solution s;
    char err[200];
    cr_assert_eq(echelon_cost(&pb, levels, &s, err, sizeof err), 0, "%s",
                 err);
    return s.cost;
}

Test(echelon_chain, example_6_1_simulates_to_the_clark_scarf_optimum)
{
    scenario sc;
    run_result r;
    parse(example_6_1, NULL, 0, &sc);
    execute(&sc, &r);
    size_t opt = (size_t)scenario_policy(&sc, "Optimal");
    /* S* = (9, 15, 26) at retailer, middle, top. */
    static const char *const names[] = {"retailer", "middle", "top"};
    static const double S[] = {9, 15, 26};
    char want[80];
    for (int k = 0; k < 3; k++) {
        snprintf(want, sizeof want, "at %s: echelon_base_stock S=%g",
                 names[k], S[k]);
        cr_assert(strstr(r.plans[opt], want) != NULL, "%s not in %s", want,
                  r.plans[opt]);
    }
    estimate e = simulated_cost(&r, opt);
    double optimum = model_cost(S);
    cr_assert_float_eq(optimum, 72.0467, 1e-4);
    cr_assert(e.low <= optimum && optimum <= e.high,
              "simulated %.4f [%.4f, %.4f], Clark-Scarf %.4f", e.mean, e.low,
              e.high, optimum);
    cr_assert_lt(e.half_width, 0.01 * optimum, "half-width %g", e.half_width);
    cr_log_info("Clark-Scarf cost: simulated %.4f [%.4f, %.4f] (99%%), "
                "recursion %.4f",
                e.mean, e.low, e.high, optimum);
    /* The backorders alone: (p + sum h) E[B] of the recursion is the
     * retailer's shortage; checked through the whole cost above. A level
     * off the optimum costs what the recursion says too (the retailer at
     * 7 instead of 9). */
    size_t off = (size_t)scenario_policy(&sc, "Off");
    static const double S_off[] = {7, 15, 26};
    double off_cost = model_cost(S_off);
    estimate f = simulated_cost(&r, off);
    cr_assert(f.low <= off_cost && off_cost <= f.high,
              "off: simulated %.4f [%.4f, %.4f], recursion %.4f", f.mean,
              f.low, f.high, off_cost);
    cr_assert_gt(off_cost, optimum + 1.0);
    cr_log_info("S = (7, 15, 26): simulated %.4f [%.4f, %.4f], recursion "
                "%.4f",
                f.mean, f.low, f.high, off_cost);
    /* Shang & Song's heuristic rounds to the same whole levels here:
     * every replication the same as the optimum's. */
    size_t ss = (size_t)scenario_policy(&sc, "ShangSong");
    for (uint64_t rep = 0; rep < r.n_reps; rep++)
        cr_assert_eq(clark_scarf_cost(&r, ss, rep),
                     clark_scarf_cost(&r, opt, rep));
    run_result_free(&r);
    scenario_free(&sc);
}

/* Echelon base stock orders on echelon positions whatever the chain's
 * information: local data gives the same rows. */
Test(echelon_chain, echelon_base_stock_is_the_same_on_local_data)
{
    scenario a, b;
    run_result ra, rb;
    const char *local[] = {"information=local", "replications=3"};
    const char *shared[] = {"replications=3"};
    parse(example_6_1, shared, 1, &a);
    parse(example_6_1, local, 2, &b);
    execute(&a, &ra);
    execute(&b, &rb);
    cr_assert_eq(ra.columns.n, rb.columns.n);
    for (size_t p = 0; p < ra.n_policies; p++)
        for (uint64_t rep = 0; rep < ra.n_reps; rep++)
            for (size_t c = 0; c < ra.columns.n; c++) {
                double x = run_row(&ra, p, rep)[c],
                       y = run_row(&rb, p, rep)[c];
                cr_assert(x == y || (isnan(x) && isnan(y)), "%s: %g, %g",
                          ra.columns.name[c], x, y);
            }
    run_result_free(&ra);
    run_result_free(&rb);
    scenario_free(&a);
    scenario_free(&b);
}

/* ---- refusals ----------------------------------------------------------- */

static const char *const tree =
    "name: tree\n"
    "horizon: 100\n"
    "timing: periodic\n"
    "information: shared\n"
    "item: {holding_cost: 1, backorder_cost: 9}\n"
    "demand: {arrivals: periodic, quantity: \"poisson(mean=5)\"}\n"
    "suppliers:\n"
    "  - {name: outside, lead_time: 2}\n"
    "nodes:\n"
    "  - {name: east, from: dc, customers: true}\n"
    "  - {name: west, from: dc, customers: true}\n"
    "  - {name: dc, supplier: outside}\n"
    "policies:\n"
    "  - {name: Echelon, type: echelon_base_stock, S: auto}\n";

Test(echelon_chain, auto_levels_refused_outside_a_periodic_serial_chain)
{
    refused(tree, NULL, 0, "chain.yaml:14:",
            "echelon_base_stock S: auto is for serial chains only (node west "
            "is a second node facing customers)");
    const char *events[] = {"timing=events"};
    refused(example_6_1, events, 1, "chain.yaml:",
            "expected timing: periodic");
    refused("name: mixed\n"
            "horizon: 100\n"
            "timing: periodic\n"
            "information: shared\n"
            "item: {holding_cost: 1, backorder_cost: 9}\n"
            "demand: {arrivals: periodic, quantity: 5}\n"
            "suppliers: [{name: outside, lead_time: 2}]\n"
            "nodes:\n"
            "  - {name: shop, from: dc, customers: true}\n"
            "  - {name: dc, supplier: outside}\n"
            "policies:\n"
            "  - {name: M, type: echelon_base_stock, S: auto, nodes: {dc: "
            "{type: periodic, R: 1, S: 30}}}\n",
            NULL, 0, "chain.yaml:12:",
            "node dc: S: auto sizes every node of the chain; expected "
            "echelon_base_stock at every node");
    /* One stock point alone has no chain to size for. */
    refused("name: alone\nhorizon: 100\n"
            "suppliers: [{name: s, lead_time: 2}]\n"
            "demand: {rate: 5}\n"
            "policies:\n"
            "  - {name: E, type: echelon_base_stock, S: auto}\n",
            NULL, 0, "chain.yaml:6:",
            "S: auto sizes the echelon levels of a serial supply chain");
    refused("name: alone\nhorizon: 100\n"
            "suppliers: [{name: s, lead_time: 2}]\n"
            "demand: {rate: 5}\n"
            "policies:\n"
            "  - {name: E, type: echelon_base_stock, S: shang_song}\n",
            NULL, 0, "chain.yaml:6:", "S: shang_song sizes");
    /* shang_song is a word of this policy's S only. */
    refused("name: alone\nhorizon: 100\n"
            "suppliers: [{name: s, lead_time: 2}]\n"
            "demand: {rate: 5}\n"
            "policies:\n"
            "  - {name: E, type: periodic, R: 1, S: shang_song}\n",
            NULL, 0, "chain.yaml:6:", "S must be a number, got 'shang_song'");
}

Test(echelon_chain, given_levels_run_a_single_stock_point)
{
    scenario sc;
    run_result r;
    parse("name: alone\nhorizon: 100\n"
          "replications: 2\n"
          "suppliers: [{name: s, lead_time: 2}]\n"
          "demand: {rate: 5}\n"
          "policies:\n"
          "  - {name: E, type: echelon_base_stock, S: 20}\n",
          NULL, 0, &sc);
    execute(&sc, &r);
    cr_assert_gt(at(&r, 0, 0, "fill_rate"), 0.5);
    run_result_free(&r);
    scenario_free(&sc);
}

/* ---- bullwhip of a two-stage chain -------------------------------------- */

/* order_up_to at both stages: a moving average of p = 5 periods, a cover
 * of L = 2 (lead time 1 + one review), returns allowed, i.i.d. normal
 * demand N(100, 10^2) a period (rounded to whole units: a variance of
 * 1/12 more, 0.08%). */
static const char *const two_stage =
    "name: bullwhip\n"
    "time_unit: day\n"
    "horizon: 20050\n"
    "warmup: 50\n"
    "replications: 10\n"
    "timing: periodic\n"
    "information: local\n"
    "item: {holding_cost: 1, backorder_cost: 5}\n"
    "demand: {arrivals: periodic, quantity: {dist: normal, mean: 100, sd: "
    "10}, period: 1}\n"
    "suppliers:\n"
    "  - {name: plant, lead_time: 1}\n"
    "nodes:\n"
    "  - {name: retailer, from: warehouse, lead_time: 1, customers: true}\n"
    "  - {name: warehouse, supplier: plant}\n"
    "policies:\n"
    "  - {name: OUT, type: order_up_to, window: 5, allow_returns: true}\n";

static double chen_et_al(double L, double p)
{
    return 1.0 + 2.0 * L / p + 2.0 * L * L / (p * p);
}

Test(echelon_chain, two_stages_local_amplify_beyond_the_product)
{
    scenario sc;
    run_result r;
    parse(two_stage, NULL, 0, &sc);
    execute(&sc, &r);
    estimate one = column(&r, 0, "retailer.bullwhip", 0.99);
    estimate two = column(&r, 0, "warehouse.bullwhip", 0.99);
    double single = chen_et_al(2.0, 5.0); /* 2.12 */
    cr_assert(one.low <= single && single <= one.high,
              "retailer %.4f [%.4f, %.4f], closed form %.4f", one.mean,
              one.low, one.high, single);
    /* The bound: at least the product 2.12^2 = 4.49 (about 5.15). */
    cr_assert_gt(two.low, single * single, "warehouse %.4f [%.4f, %.4f]",
                 two.mean, two.low, two.high);
    cr_log_info("local: retailer %.4f [%.4f, %.4f], warehouse %.4f [%.4f, "
                "%.4f]",
                one.mean, one.low, one.high, two.mean, two.low, two.high);
    run_result_free(&r);
    scenario_free(&sc);
}

/* Sharing the customers' sales, the warehouse forecasts them and orders
 * on its echelon position with the echelon's cover: the covers add, and
 * so does the closed form's L (Chen et al. 2000: 1 + 2 sum L / p + 2 (sum
 * L)^2 / p^2). Under timing: events a receipt at the warehouse waits for
 * the shop's next review, a day: the echelon's cover is 2 + 2 = 4, 3.88.
 * Under timing: periodic the shop's review at that instant ships it at
 * once: the cover is 1 + 2 = 3, 2.92. */
static void shared_bullwhip(const char *timing, double cover)
{
    scenario sc;
    run_result r;
    const char *sets[] = {"information=shared", timing};
    parse(two_stage, sets, 2, &sc);
    execute(&sc, &r);
    char want[32];
    snprintf(want, sizeof want, "cover=%g", cover);
    const char *wh = strstr(r.plans[0], "at warehouse: order_up_to");
    cr_assert(wh && strstr(wh, want), "%s: %s", want, r.plans[0]);
    estimate one = column(&r, 0, "retailer.bullwhip", 0.99);
    estimate two = column(&r, 0, "warehouse.bullwhip", 0.99);
    double single = chen_et_al(2.0, 5.0), both = chen_et_al(cover, 5.0);
    cr_assert(one.low <= single && single <= one.high,
              "retailer %.4f [%.4f, %.4f], closed form %.4f", one.mean,
              one.low, one.high, single);
    cr_assert(two.low <= both && both <= two.high,
              "%s: warehouse %.4f [%.4f, %.4f], closed form %.4f", timing,
              two.mean, two.low, two.high, both);
    cr_log_info("shared, %s: retailer %.4f [%.4f, %.4f], warehouse %.4f "
                "[%.4f, %.4f] against %.4f",
                timing, one.mean, one.low, one.high, two.mean, two.low,
                two.high, both);
    /* The echelon's cover holds the warehouse's stock: it seldom owes. */
    cr_assert_gt(column(&r, 0, "warehouse.fill_rate", 0.99).mean, 0.9);
    run_result_free(&r);
    scenario_free(&sc);
}

Test(echelon_chain, two_stages_sharing_demand_add_their_covers)
{
    shared_bullwhip("timing=events", 4.0);
    shared_bullwhip("timing=periodic", 3.0);
}
