/*
 * test_loop_caution.c - a closed loop sized with no margin is named, and
 * the reason it is named holds in the simulation (models/policy.h,
 * policy_loop_caution; models/world.c world_plan; models/network_metrics.c
 * network_plan).
 *
 * A kanban loop of N containers of C units, lead time L, serves at most
 * N C / L a time unit. The Toyota formula N = D L (1 + safety) / C with
 * the default safety 0 makes that exactly D: a queue at load 1, whose
 * backlog is a reflected random walk, growing like the square root of
 * time. A comparison of kanban against anything else at that sizing is a
 * comparison against a loop that cannot keep up, so the run says so under
 * the policy (console, meta.json's "plan", report). These tests check the
 * words, the thresholds, the chain's form, and the dynamics the words
 * claim: at load 1 the mean backlog over a run of 9 times the length is
 * about 3 times as large (sqrt 9); at load 0.83 it does not grow.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/run.h"
#include "analysis/scenario.h"
#include "models/policy.h"
#include "models/world.h"

static void parse(const char *yaml, scenario *sc)
{
    scenario_errors e;
    scenario_errors_init(&e);
    int rc = scenario_parse(yaml, strlen(yaml), "t.yaml", NULL, 0, sc, &e);
    cr_assert_eq(rc, 0, "%s", e.n ? e.lines[0] : "");
    scenario_errors_free(&e);
}

/* The plan text of policy `p` of a scenario. */
static void plan_of(const char *yaml, size_t p, char *buf, size_t len)
{
    scenario sc;
    parse(yaml, &sc);
    char err[512];
    world *w = world_create(&sc.worlds[p], err, sizeof err);
    cr_assert(w, "%s", err);
    world_plan(w, buf, len);
    world_destroy(w);
    scenario_free(&sc);
}

#define ONE_POINT(POLICIES)                                                  \
    "name: t\nhorizon: 400\nwarmup: 0\nreplications: 2\n"                    \
    "item: {holding_cost: 1, backorder_cost: 5}\n"                           \
    "demand: {rate: 40}\n"                                                   \
    "suppliers:\n  - {name: plant, lead_time: 2}\n"                          \
    "policies:\n" POLICIES

Test(loop_caution, kanban_at_the_toyota_formula_with_no_safety_is_named)
{
    char plan[1024];
    plan_of(ONE_POINT("  - {name: K, type: kanban}\n"), 0, plan, sizeof plan);
    /* D L = 40 x 2 = 80 = the 80 cards of 1 the formula gives. */
    cr_assert_str_eq(plan,
                     "caution: its loop holds 80 units, no more than the 80 "
                     "demanded over the lead time its orders see (2; load "
                     "1.00): it cannot catch up after a busy spell and "
                     "customers wait longer the longer it runs; give safety "
                     "above 0 or more cards");
}

Test(loop_caution, the_thresholds)
{
    char plan[1024];
    /* 89 cards: load 80 / 89 = 0.899 < 0.9: nothing to say. */
    plan_of(ONE_POINT("  - {name: K, type: kanban, cards: 89}\n"), 0, plan,
            sizeof plan);
    cr_assert_str_eq(plan, "");
    /* 88 cards: 0.909: little margin. */
    plan_of(ONE_POINT("  - {name: K, type: kanban, cards: 88}\n"), 0, plan,
            sizeof plan);
    cr_assert(strstr(plan, "caution: its loop holds 88 units against 80 "
                           "demanded") != NULL,
              "%s", plan);
    cr_assert(strstr(plan, "load 0.91") != NULL, "%s", plan);
    cr_assert(strstr(plan, "little margin") != NULL, "%s", plan);
    /* 20 containers of 4: 80 units, load 1 again. */
    plan_of(ONE_POINT("  - {name: K, type: kanban, cards: 20, container: 4}\n"),
            0, plan, sizeof plan);
    cr_assert(strstr(plan, "holds 80 units, no more than") != NULL, "%s",
              plan);
    /* Fewer cards than the lead time's demand: load above 1. */
    plan_of(ONE_POINT("  - {name: K, type: kanban, cards: 64}\n"), 0, plan,
            sizeof plan);
    cr_assert(strstr(plan, "load 1.25") != NULL, "%s", plan);
    /* safety 0.2: 96 cards, load 0.83: nothing. */
    plan_of(ONE_POINT("  - {name: K, type: kanban, safety: 0.2}\n"), 0, plan,
            sizeof plan);
    cr_assert_str_eq(plan, "");
    /* Open loops have nothing to say, whatever their levels. */
    plan_of(ONE_POINT("  - {name: B, type: base_stock, S: 10}\n"), 0, plan,
            sizeof plan);
    cr_assert_str_eq(plan, "");
    plan_of(ONE_POINT("  - {name: Q, type: sS, s: 1, S: 2}\n"), 0, plan,
            sizeof plan);
    cr_assert_str_eq(plan, "");
}

Test(loop_caution, a_chain_names_its_most_loaded_node)
{
    const char *yaml =
        "name: t\nhorizon: 400\nwarmup: 0\nreplications: 2\n"
        "item: {holding_cost: 1, backorder_cost: 5}\n"
        "demand: {rate: 40}\n"
        "suppliers:\n  - {name: plant, lead_time: 2}\n"
        "nodes:\n"
        "  - {name: dc, supplier: plant}\n"
        "  - {name: shop, from: dc, lead_time: 1}\n"
        "policies:\n"
        "  - {name: K, type: kanban, nodes: {dc: {type: kanban, cards: 100},"
        " shop: {type: kanban, cards: 40}}}\n"
        "  - {name: L, type: kanban, nodes: {dc: {type: kanban, cards: 84},"
        " shop: {type: kanban, cards: 38}}}\n"
        "  - {name: S, type: kanban, safety: 0.25}\n";
    char plan[1024];
    /* K: the dc 80 / 100 = 0.8, the shop 40 / 40 = 1: the shop alone. */
    plan_of(yaml, 0, plan, sizeof plan);
    cr_assert(strstr(plan, "; caution at shop: its loop holds 40 units, no "
                           "more than the 40 demanded over the lead time "
                           "its orders see (1; load 1.00)") != NULL,
              "%s", plan);
    /* L: the dc 0.95, the shop 1.05: the shop, and one more. */
    plan_of(yaml, 1, plan, sizeof plan);
    cr_assert(strstr(plan, "; caution at shop (and 1 more): its loop holds "
                           "38 units, no more than the 40 demanded") != NULL,
              "%s", plan);
    /* S: every node at 0.8 (the dc 100 cards for 80, the shop 50 for
     * 40). */
    plan_of(yaml, 2, plan, sizeof plan);
    cr_assert_str_eq(plan, "at dc: kanban cards=100 container=1 "
                           "safety=0.25; at shop: kanban cards=50 "
                           "container=1 safety=0.25");
}

/* Mean backorders over the run, with its interval, at a horizon. */
static estimate backlog(const char *policy, double horizon)
{
    char yaml[1024];
    snprintf(yaml, sizeof yaml,
             "name: t\nhorizon: %g\nwarmup: 0\nreplications: 20\nseed: 7\n"
             "item: {holding_cost: 1, backorder_cost: 5}\n"
             "demand: {rate: 40}\n"
             "suppliers:\n  - {name: plant, lead_time: 2}\n"
             "policies:\n  - %s\n",
             horizon, policy);
    scenario sc;
    parse(yaml, &sc);
    run_config cfg = {.jobs = 1};
    run_result r;
    char err[512];
    cr_assert_eq(run_execute(&sc, &cfg, &r, err, sizeof err), 0, "%s", err);
    estimate e = *run_summary(&r, 0, METRIC_AVG_BACKORDERS);
    run_result_free(&r);
    scenario_free(&sc);
    return e;
}

Test(loop_caution, at_load_one_the_backlog_grows_with_the_run)
{
    /* A reflected random walk's mean over [0, t] grows like sqrt(t): nine
     * times the run, about three times the backlog. Asserted loosely
     * (more than twice, the intervals apart), as the claim is growth. */
    estimate short_run = backlog("{name: K, type: kanban}", 400.0);
    estimate long_run = backlog("{name: K, type: kanban}", 3600.0);
    cr_assert_gt(long_run.mean, 2.0 * short_run.mean, "%.3f against %.3f",
                 long_run.mean, short_run.mean);
    cr_assert_gt(long_run.low, short_run.high, "[%.3f, %.3f] against "
                 "[%.3f, %.3f]", long_run.low, long_run.high,
                 short_run.low, short_run.high);
    /* With safety 0.2 (load 0.83) the loop keeps up: the long run's
     * backlog is no larger than the short run's, within their intervals
     * (both small: a stable queue's). */
    estimate short_safe = backlog("{name: K, type: kanban, safety: 0.2}",
                                  400.0);
    estimate long_safe = backlog("{name: K, type: kanban, safety: 0.2}",
                                 3600.0);
    cr_assert_lt(long_safe.low, short_safe.high, "[%.4f, %.4f] against "
                 "[%.4f, %.4f]", long_safe.low, long_safe.high,
                 short_safe.low, short_safe.high);
    cr_assert_lt(long_safe.mean, 0.1 * long_run.mean, "%.4f against %.4f",
                 long_safe.mean, long_run.mean);
}

Test(loop_caution, the_scenario_warns_at_the_policy_before_any_run)
{
    /* What `validate`, `sweep` and `optimize` print before running:
     * a warning at the policy's line and column. */
    scenario sc;
    parse(ONE_POINT("  - {name: B, type: base_stock}\n"
                    "  - {name: K, type: kanban}\n"),
          &sc);
    cr_assert_eq(sc.n_warnings, 1);
    cr_assert_str_eq(sc.warnings[0],
                     "t.yaml:11:5: warning: policy K: its loop holds 80 "
                     "units, no more than the 80 demanded over the lead "
                     "time its orders see (2; load 1.00): it cannot catch "
                     "up after a busy spell and customers wait longer the "
                     "longer it runs; give safety above 0 or more cards");
    scenario_free(&sc);
    parse(ONE_POINT("  - {name: K, type: kanban, safety: 0.2}\n"), &sc);
    cr_assert_eq(sc.n_warnings, 0, "%s", sc.warnings[0]);
    scenario_free(&sc);
}

Test(loop_caution, nothing_to_say_without_demand_or_lead_time)
{
    /* The edges: no demand planned for, or no lead time, is no load. */
    const policy_type *kanban = policy_find("kanban");
    cr_assert_not_null(kanban);
    policy_params p;
    memset(&p, 0, sizeof p);
    policy_param_set(&p, PARAM_CARDS, 1.0);
    policy_param_set(&p, PARAM_CONTAINER, 1.0);
    policy_context ctx;
    memset(&ctx, 0, sizeof ctx);
    char buf[POLICY_CAUTION_MAX] = "x";
    ctx.demand_rate = 0.0, ctx.lead_time = 2.0;
    cr_assert_eq(policy_loop_caution(kanban, &p, &ctx, buf, sizeof buf), 0.0);
    cr_assert_str_eq(buf, "");
    ctx.demand_rate = 40.0, ctx.lead_time = 0.0;
    cr_assert_eq(policy_loop_caution(kanban, &p, &ctx, buf, sizeof buf), 0.0);
    cr_assert_str_eq(buf, "");
    /* One card against 80 over the lead time: load 80, said, returned. */
    ctx.lead_time = 2.0;
    double load = policy_loop_caution(kanban, &p, &ctx, buf, sizeof buf);
    cr_assert_float_eq(load, 80.0, 1e-12);
    cr_assert(strstr(buf, "holds 1 unit, no more than the 80 demanded") !=
                  NULL,
              "%s", buf);
}
