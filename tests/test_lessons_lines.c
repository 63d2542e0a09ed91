/*
 * test_lessons_lines.c - the lessons on production lines (11: kanban
 * against MRP, 12: CONWIP against kanban, 13: heijunka, 14: TPM, 15:
 * quality on a line), each asserting its outcome with paired intervals as
 * test_lessons.c does (helpers in lessons_check.h; JITSIM_LESSON_SEED=N
 * runs them with seed N: each was checked with seeds 1 to 40). A line
 * lesson takes about a second of processor time: most of the lesson
 * tests' time is here.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis/estimate.h"
#include "analysis/run.h"
#include "analysis/scenario.h"
#include "models/world.h"
#include "lessons_check.h"

/* ---- production lines ------------------------------------------------------ */

/* A line column (models/line.h) by name, as the rows of this scenario have
 * it. */
static size_t line_column(const scenario *sc, const char *name)
{
    metric_columns *cols = malloc(sizeof *cols);
    cr_assert_not_null(cols);
    cr_assert_eq(world_columns(&sc->worlds[0], cols), 0);
    int c = metric_columns_find(cols, name);
    metric_columns_free(cols);
    free(cols);
    cr_assert_geq(c, 0, "lesson '%s' has no column %s", sc->name, name);
    return (size_t)c;
}

Test(lessons_lines, line_kanban_cuts_wip_lead_time_and_stock_but_feels_the_breakdowns)
{
    static const char *const reliable[] = {"stages.press.breakdowns.mttr=0"};
    scenario sc, sc0;
    run_result r, r0;
    load(LESSON("line-kanban-vs-mrp.yaml"), &sc);
    load_with(LESSON("line-kanban-vs-mrp.yaml"), reliable, 1, &sc0);
    execute(&sc, &r, 0);
    execute(&sc0, &r0, 0);
    size_t k = policy(&sc, "kanban"), m = policy(&sc, "MRP");
    size_t lead = line_column(&sc, "line_lead_time_mean");
    estimate wip = paired(&r, k, m, METRIC_AVG_WIP);
    estimate lt = paired(&r, k, m, lead);
    estimate fg = paired(&r, k, m, METRIC_AVG_ON_HAND);
    cr_assert_lt(wip.high, -0.15 * mean(&r, m, METRIC_AVG_WIP),
                 "lesson 11: kanban should hold over 15%% less WIP; kanban - "
                 "MRP = %g [%g, %g]", CI(wip));
    cr_assert_lt(lt.high, -0.15 * mean(&r, m, lead),
                 "lesson 11: kanban's line lead time should be over 15%% "
                 "shorter; kanban - MRP = %g [%g, %g]", CI(lt));
    cr_assert_lt(fg.high, -0.5 * mean(&r, m, METRIC_AVG_ON_HAND),
                 "lesson 11: kanban should hold under half MRP's finished "
                 "stock; kanban - MRP = %g [%g, %g]", CI(fg));
    estimate fill = paired(&r, k, m, METRIC_FILL_RATE);
    cr_assert_lt(fill.high, -0.005,
                 "lesson 11: the breakdowns should cost kanban service; "
                 "kanban - MRP fill rate = %g [%g, %g]", CI(fill));
    estimate fill0 = paired(&r0, k, m, METRIC_FILL_RATE);
    cr_assert_gt(fill0.low, -0.005,
                 "lesson 11: without breakdowns kanban should serve as well "
                 "as MRP; kanban - MRP = %g [%g, %g]", CI(fill0));
    run_result_free(&r);
    run_result_free(&r0);
    scenario_free(&sc);
    scenario_free(&sc0);
}

Test(lessons_lines, line_conwip_keeps_the_same_cards_as_finished_stock_and_serves_better)
{
    scenario sc;
    run_result r;
    load(LESSON("line-conwip-vs-kanban.yaml"), &sc);
    execute(&sc, &r, 0);
    size_t c = policy(&sc, "CONWIP"), k = policy(&sc, "kanban");
    size_t lead = line_column(&sc, "line_lead_time_mean");
    estimate fill = paired(&r, c, k, METRIC_FILL_RATE);
    cr_assert_gt(fill.low, 0.01,
                 "lesson 12: CONWIP should serve over a point better with "
                 "the same cards; CONWIP - kanban = %g [%g, %g]", CI(fill));
    estimate lt = paired(&r, c, k, lead);
    cr_assert_lt(lt.high, -0.5 * mean(&r, k, lead),
                 "lesson 12: CONWIP's line lead time should be under half "
                 "kanban's; CONWIP - kanban = %g [%g, %g]", CI(lt));
    estimate wip = paired(&r, c, k, METRIC_AVG_WIP);
    estimate fg = paired(&r, c, k, METRIC_AVG_ON_HAND);
    cr_assert(wip.high < 0.0 && fg.low > 0.0,
              "lesson 12: CONWIP should keep its cards as finished stock, "
              "not WIP; WIP %g [%g, %g], finished %g [%g, %g]", CI(wip),
              CI(fg));
    estimate cost = paired(&r, c, k, METRIC_TOTAL_COST);
    cr_assert_lt(cost.high, 0.0,
                 "lesson 12: CONWIP should cost less; CONWIP - kanban = %g "
                 "[%g, %g]", CI(cost));
    run_result_free(&r);
    scenario_free(&sc);
}

Test(lessons_lines, line_heijunka_halves_finished_stock_for_many_more_setups)
{
    static const char *const slow[] = {"stages.press.setup_time=0.04"};
    scenario sc, sc1;
    run_result r, r1;
    load(LESSON("line-heijunka.yaml"), &sc);
    load_with(LESSON("line-heijunka.yaml"), slow, 1, &sc1);
    execute(&sc, &r, 0);
    execute(&sc1, &r1, 0);
    size_t h = policy(&sc, "heijunka"), b = policy(&sc, "campaign");
    estimate fg = paired(&r, h, b, METRIC_AVG_ON_HAND);
    cr_assert_lt(fg.high, -0.5 * mean(&r, b, METRIC_AVG_ON_HAND),
                 "lesson 13: leveling should more than halve finished stock; "
                 "heijunka - campaign = %g [%g, %g]", CI(fg));
    const char *products[] = {"A", "B", "C"};
    for (size_t i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "%s.avg_on_hand", products[i]);
        estimate d = paired(&r, h, b, line_column(&sc, name));
        cr_assert_lt(d.high, 0.0,
                     "lesson 13: heijunka should hold less of %s; "
                     "heijunka - campaign = %g [%g, %g]", products[i], CI(d));
    }
    cr_assert_gt(mean(&r, h, METRIC_FILL_RATE), 0.99,
                 "lesson 13: heijunka should still serve 99%% from stock");
    size_t setups = line_column(&sc, "setups");
    cr_assert_gt(mean(&r, h, setups), 10.0 * mean(&r, b, setups),
                 "lesson 13: leveling should take over ten times the setups");
    estimate cost = paired(&r, h, b, METRIC_TOTAL_COST);
    cr_assert_lt(cost.high, 0.0,
                 "lesson 13: with three-minute setups heijunka should cost "
                 "less; heijunka - campaign = %g [%g, %g]", CI(cost));
    /* An hour's changeover: the press cannot level any more. */
    cr_assert_lt(mean(&r1, h, METRIC_FILL_RATE),
                 mean(&r1, b, METRIC_FILL_RATE) - 0.2,
                 "lesson 13: with hour-long setups heijunka's service should "
                 "collapse (heijunka %g, campaign %g)",
                 mean(&r1, h, METRIC_FILL_RATE),
                 mean(&r1, b, METRIC_FILL_RATE));
    /* ... but a pull system bounds its WIP: heijunka's cap is wip auto =
     * ceil(D L 1.1) + 10 slots, D = 100 a day and L the planning lead
     * time: the press's service 0.005 + 0.04 x (1 - 0.6^2 - 0.3^2 - 0.1^2)
     * = 0.0266 at 100 a day is overloaded, planned as 10 services
     * (0.266); the assembly's M/M/1 sojourn 0.006 / (1 - 0.6) = 0.015.
     * ceil(100 x 0.281 x 1.1) + 10 = 31 + 10 = 41. A release never takes
     * the line above the cap, so each replication's avg_wip is at most
     * 41 (without the cap it grew to 15,000 units); the press, behind,
     * keeps the line at it, so it stays above 40. */
    cr_assert_eq(r1.effective[h].value[PARAM_WIP], 41.0,
                 "lesson 13: heijunka's WIP cap %g, expected 41",
                 r1.effective[h].value[PARAM_WIP]);
    for (uint64_t i = 0; i < r1.n_reps; i++) {
        double wip = run_row(&r1, h, i)[METRIC_AVG_WIP];
        cr_assert(wip <= 41.0 && wip > 40.0,
                  "lesson 13: overloaded heijunka's WIP should stay at its "
                  "cap of 41; replication %llu: %g",
                  (unsigned long long)i, wip);
    }
    /* Without the overload the cap never binds: at most a few units are
     * in the line at once against its 14. */
    cr_assert_eq(r.effective[h].value[PARAM_WIP], 14.0);
    cr_assert_lt(mean(&r, h, METRIC_AVG_WIP), 2.0,
                 "lesson 13: heijunka's WIP %g",
                 mean(&r, h, METRIC_AVG_WIP));
    run_result_free(&r);
    run_result_free(&r1);
    scenario_free(&sc);
    scenario_free(&sc1);
}

Test(lessons_lines, line_tpm_makes_the_lean_line_viable)
{
    scenario sb, st;
    run_result rb, rt;
    load(LESSON("line-breakdowns.yaml"), &sb);
    load(LESSON("line-tpm.yaml"), &st);
    execute(&sb, &rb, 0);
    execute(&st, &rt, 0);
    size_t lean = policy(&sb, "lean"), buf = policy(&sb, "buffered");
    estimate gap = paired(&rb, lean, buf, METRIC_FILL_RATE);
    cr_assert_lt(gap.high, -0.03,
                 "lesson 14: on the unreliable press the lean line should "
                 "serve over 3 points worse; lean - buffered = %g [%g, %g]",
                 CI(gap));
    estimate gain = across(&rt, &rb, lean, METRIC_FILL_RATE);
    cr_assert_gt(gain.low, 0.02,
                 "lesson 14: TPM should give the lean line over 2 points of "
                 "fill rate; with - without = %g [%g, %g]", CI(gain));
    size_t avail = line_column(&st, "availability");
    cr_assert_gt(mean(&rt, lean, avail), mean(&rb, lean, avail),
                 "lesson 14: with TPM the line should be up more of the time");
    cr_assert_gt(mean(&rt, lean, METRIC_FILL_RATE), 0.97,
                 "lesson 14: with TPM the lean line should serve over 97%%");
    estimate cost = paired(&rt, lean, buf, METRIC_TOTAL_COST);
    cr_assert_lt(cost.high, -0.4 * mean(&rt, buf, METRIC_TOTAL_COST),
                 "lesson 14: with TPM the lean line should cost under 60%% of "
                 "the buffered one; lean - buffered = %g [%g, %g]", CI(cost));
    run_result_free(&rb);
    run_result_free(&rt);
    scenario_free(&sb);
    scenario_free(&st);
}

Test(lessons_lines, line_quality_kanban_shows_defects_at_the_line_mrp_hides_them_in_stock)
{
    static const char *const clean[] = {"stages.weld.defect_rate=0"};
    scenario sc, sc0;
    run_result r, r0;
    load(LESSON("line-quality.yaml"), &sc);
    load_with(LESSON("line-quality.yaml"), clean, 1, &sc0);
    execute(&sc, &r, 0);
    execute(&sc0, &r0, 0);
    size_t k = policy(&sc, "kanban"), m = policy(&sc, "MRP");
    size_t starved = line_column(&sc, "assemble.starved");
    /* MRP: the defects go into the stock figures. */
    estimate wip_m = across(&r, &r0, m, METRIC_AVG_WIP);
    estimate fg_m = across(&r, &r0, m, METRIC_AVG_ON_HAND);
    cr_assert(wip_m.low > 0.1 * mean(&r0, m, METRIC_AVG_WIP) &&
                  fg_m.high < -0.1 * mean(&r0, m, METRIC_AVG_ON_HAND),
              "lesson 15: MRP should absorb the defects in stock (WIP up, "
              "finished down over 10%%); WIP %g [%g, %g], finished %g "
              "[%g, %g]", CI(wip_m), CI(fg_m));
    /* Kanban: the stock does not move; the next station waits. */
    estimate wip_k = across(&r, &r0, k, METRIC_AVG_WIP);
    cr_assert_lt(fabs(wip_k.mean), 0.1 * mean(&r0, k, METRIC_AVG_WIP),
                 "lesson 15: kanban's WIP should hardly change; with - "
                 "without = %g [%g, %g]", CI(wip_k));
    double s1 = mean(&r, k, starved), s0 = mean(&r0, k, starved);
    cr_assert_gt(s1, 5.0 * s0 + 0.001,
                 "lesson 15: under kanban the last stage should wait for "
                 "parts far more often (%g against %g)", s1, s0);
    double sk = mean(&r, k, METRIC_SCRAPPED_UNITS);
    double sm = mean(&r, m, METRIC_SCRAPPED_UNITS);
    cr_assert_lt(fabs(sk - sm), 0.03 * sm,
                 "lesson 15: both lines should scrap the same parts "
                 "(kanban %g, MRP %g)", sk, sm);
    run_result_free(&r);
    run_result_free(&r0);
    scenario_free(&sc);
    scenario_free(&sc0);
}
