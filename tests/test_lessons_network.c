/*
 * test_lessons_network.c - the lesson on supply chains (21: the beer
 * game), asserting every outcome its text states. The board game's
 * customers order a fixed 4 then 8, so every figure is exact and the same
 * for every seed (helpers in lessons_check.h).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "analysis/estimate.h"
#include "analysis/output.h"
#include "analysis/run.h"
#include "analysis/scenario.h"
#include "lessons_check.h"

/* A column of policy p by name, times the weeks for a cost. */
static double col(const run_result *r, size_t p, const char *name)
{
    int c = run_column(r, name);
    cr_assert_geq(c, 0, "no column %s", name);
    return mean(r, p, (size_t)c);
}

#define WEEKS 36.0

/* The human rule costs about 13 times the benchmark's 204 (Sterman: about
 * ten times for real players), its factory's orders vary 83 times as much
 * as customer demand against the retailer's 5.5, and the distributor pays
 * most; counting the whole supply line (beta = 1) removes most of the
 * swing but not the cost of a slow, low target. */
Test(lessons_network, beer_game_human_rule_amplifies_orders_upstream)
{
    scenario sc;
    run_result r;
    load(LESSON("beer-game.yaml"), &sc);
    execute(&sc, &r, 0);
    size_t human = policy(&sc, "Human"), bench = policy(&sc, "Benchmark"),
           kanban = policy(&sc, "Kanban");
    cr_assert_float_eq(col(&r, bench, "total_cost") * WEEKS, 204.0, 1e-9);
    static const char *const stages[] = {"retailer", "wholesaler",
                                         "distributor", "factory"};
    static const double bench_costs[] = {46, 50, 54, 54};
    char name[96];
    for (int k = 0; k < 4; k++) {
        snprintf(name, sizeof name, "%s.total_cost", stages[k]);
        cr_assert_float_eq(col(&r, bench, name) * WEEKS, bench_costs[k],
                           1e-9, "%s", name);
    }
    double h = col(&r, human, "total_cost") * WEEKS;
    cr_assert_float_eq(h, 2694.0, 1e-9, "human: %g", h);
    cr_assert_float_eq(col(&r, human, "factory.bullwhip"), 82.56005859375,
                       1e-9);
    cr_assert_float_eq(col(&r, human, "retailer.bullwhip"), 5.51171875,
                       1e-9);
    /* The swing grows stage by stage. */
    double prev = 0.0;
    for (int k = 0; k < 4; k++) {
        snprintf(name, sizeof name, "%s.bullwhip", stages[k]);
        double b = col(&r, human, name);
        cr_assert_gt(b, prev, "%s %g after %g", name, b, prev);
        prev = b;
    }
    /* The distributor pays most. */
    double most = col(&r, human, "distributor.total_cost");
    for (int k = 0; k < 4; k++) {
        snprintf(name, sizeof name, "%s.total_cost", stages[k]);
        cr_assert_leq(col(&r, human, name), most);
    }
    /* Kanban sized for 4 a week: 708, the retailer's backlog growing. */
    cr_assert_float_eq(col(&r, kanban, "total_cost") * WEEKS, 708.0, 1e-9);
    cr_assert_float_eq(col(&r, kanban, "retailer.avg_backorders"),
                       13.0 + 1.0 / 3.0, 1e-9);
    run_result_free(&r);
    scenario_free(&sc);

    /* Question 3: beta = 1. */
    const char *beta[] = {"policies.Human.beta=1"};
    load_with(LESSON("beer-game.yaml"), beta, 1, &sc);
    execute(&sc, &r, 0);
    human = policy(&sc, "Human");
    cr_assert_float_eq(col(&r, human, "total_cost") * WEEKS, 1796.5, 1e-9);
    cr_assert_lt(col(&r, human, "factory.bullwhip"), 5.2);
    run_result_free(&r);
    scenario_free(&sc);

    /* Question 4: 36 cards. */
    const char *cards[] = {"policies.Kanban.cards=36"};
    load_with(LESSON("beer-game.yaml"), cards, 1, &sc);
    execute(&sc, &r, 0);
    kanban = policy(&sc, "Kanban");
    cr_assert_float_eq(col(&r, kanban, "total_cost") * WEEKS, 422.0, 1e-9);
    cr_assert_lt(col(&r, kanban, "factory.bullwhip"), 2.0);
    cr_assert_lt(col(&r, kanban, "retailer.avg_backorders"), 0.2);
    run_result_free(&r);
    scenario_free(&sc);
}
