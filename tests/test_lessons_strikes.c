/*
 * test_lessons_strikes.c - the lessons about strikes at a distant
 * supplier (18: emergency stock released until supply recovers or only
 * during the strike, 19: dual sourcing as strikes grow), each asserting
 * its outcome with paired intervals as test_lessons.c does (helpers in
 * lessons_check.h; JITSIM_LESSON_SEED=N runs them with seed N: both were
 * checked with seeds 1 to 40).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "analysis/estimate.h"
#include "analysis/output.h"
#include "analysis/run.h"
#include "analysis/scenario.h"
#include "lessons_check.h"

/* The shortage of a strike 25 days upstream comes after the strike: an
 * emergency stock locked again at its end buys little, one kept until
 * supply recovers buys most of it, and pays for its holding. */
Test(lessons_strikes, emergency_stock_pays_when_released_until_supply_recovers_not_only_during_the_strike)
{
    scenario sc;
    run_result r;
    load(LESSON("emergency-stock.yaml"), &sc);
    execute(&sc, &r, 0);
    size_t none = policy(&sc, "no-reserve"), dur = policy(&sc, "during"),
           until = policy(&sc, "until-recovered");
    estimate d = *run_diff(&r, until, METRIC_SHORTAGE_COST);
    cr_assert_lt(d.high, 0.0,
                 "lesson emergency-stock: released until supply recovers, "
                 "the emergency stock should cut the shortage cost; "
                 "until_recovered - during = %g [%g, %g]", CI(d));
    /* Released only during, it saves a seventeenth as much (at most a
     * quarter over seeds 1 to 40). */
    estimate idle = paired(&r, dur, none, METRIC_SHORTAGE_COST);
    cr_assert_lt(fabs(idle.mean), fabs(d.mean) / 3.0,
                 "lesson emergency-stock: released only during the strike "
                 "it should buy little; during - no-reserve = %g [%g, %g] "
                 "against until_recovered - during = %g",
                 CI(idle), d.mean);
    /* ... and does not pay for its holding: on average (in two seeds of
     * 1 to 40, 3 and 17, the interval reaches below zero: there it saved
     * 7 a day of shortage against 11 of holding). The same parts kept
     * until recovery cost clearly less in total. */
    d = paired(&r, dur, none, METRIC_TOTAL_COST);
    cr_assert_gt(d.mean, 0.0,
                 "lesson emergency-stock: released only during, it should "
                 "cost its holding and buy little; during - no-reserve = %g "
                 "[%g, %g]", CI(d));
    d = paired(&r, until, dur, METRIC_TOTAL_COST);
    cr_assert_lt(d.high, 0.0,
                 "lesson emergency-stock: kept until supply recovers, the "
                 "same parts should cost less in total than released only "
                 "during; until_recovered - during = %g [%g, %g]", CI(d));
    /* Released until recovery, the shortage it saves pays for its holding
     * and more: the total falls below no reserve's. */
    estimate held = paired(&r, until, none, METRIC_HOLDING_COST);
    d = paired(&r, until, none, METRIC_TOTAL_COST);
    cr_assert_lt(d.high, 0.0,
                 "lesson emergency-stock: released until supply recovers, it "
                 "should pay for its holding (%g a day) and more; "
                 "until_recovered - no-reserve = %g [%g, %g]", held.mean,
                 CI(d));
    cr_assert_lt(mean(&r, until, METRIC_RECOVERY_TIME),
                 0.1 * mean(&r, dur, METRIC_RECOVERY_TIME),
                 "lesson emergency-stock: until supply recovers, customers "
                 "should hardly go short (recovery %g days against %g)",
                 mean(&r, until, METRIC_RECOVERY_TIME),
                 mean(&r, dur, METRIC_RECOVERY_TIME));
    run_result_free(&r);
    scenario_free(&sc);
}

/* Lesson 19: dual sourcing as port strikes go from one a year to six.
 * Rare: offshore is far cheaper than local, dual-index cheaper still, the
 * standing 80/20 split dearer than offshore alone. Frequent: offshore's
 * lead over local is gone, dual-index is cheapest by a wide margin, and
 * the strikes raised offshore's cost far more than dual-index's, which
 * answers them by buying locally. */
Test(lessons_strikes, dual_sourcing_dual_index_cheapest_and_barely_moved_by_frequent_strikes)
{
    scenario rare, frequent;
    run_result rr, rf;
    load(LESSON("dual-rare-strikes.yaml"), &rare);
    load(LESSON("dual-frequent-strikes.yaml"), &frequent);
    execute(&rare, &rr, 0);
    execute(&frequent, &rf, 0);
    size_t off = policy(&rare, "offshore"), loc = policy(&rare, "local"),
           split = policy(&rare, "split"), di = policy(&rare, "dual-index");
    cr_assert_eq(policy(&frequent, "dual-index"), di);
    cr_assert_eq(output_verdict_basis(&rare).metric, METRIC_TOTAL_COST);

    estimate d = *run_diff(&rr, loc, METRIC_TOTAL_COST);
    cr_assert_gt(d.low, 30.0,
                 "lesson dual-sourcing, rare strikes: local should cost "
                 "over 30 a day more than offshore; local - offshore = %g "
                 "[%g, %g]", CI(d));
    d = *run_diff(&rr, di, METRIC_TOTAL_COST);
    cr_assert_lt(d.high, 0.0,
                 "lesson dual-sourcing, rare strikes: dual-index should cost "
                 "less than offshore; dual-index - offshore = %g [%g, %g]",
                 CI(d));
    d = *run_diff(&rr, split, METRIC_TOTAL_COST);
    cr_assert_gt(d.low, 0.0,
                 "lesson dual-sourcing, rare strikes: the 80/20 split should "
                 "cost more than offshore; split - offshore = %g [%g, %g]",
                 CI(d));

    d = *run_diff(&rf, loc, METRIC_TOTAL_COST);
    cr_assert_lt(d.low, 0.0,
                 "lesson dual-sourcing, frequent strikes: offshore should "
                 "have lost its lead over local; local - offshore = %g [%g, "
                 "%g]", CI(d));
    d = *run_diff(&rf, di, METRIC_TOTAL_COST);
    cr_assert_lt(d.high, -25.0,
                 "lesson dual-sourcing, frequent strikes: dual-index should "
                 "cost over 25 a day less than offshore; dual-index - "
                 "offshore = %g [%g, %g]", CI(d));
    d = paired(&rf, di, loc, METRIC_TOTAL_COST);
    cr_assert_lt(d.high, 0.0,
                 "lesson dual-sourcing, frequent strikes: dual-index should "
                 "cost less than local; dual-index - local = %g [%g, %g]",
                 CI(d));
    d = *run_diff(&rf, split, METRIC_TOTAL_COST);
    cr_assert_gt(d.low, 0.0,
                 "lesson dual-sourcing, frequent strikes: the 80/20 split "
                 "should still cost more than offshore; split - offshore = "
                 "%g [%g, %g]", CI(d));

    /* The strikes' toll, replication by replication (the same demand in
     * both files): offshore's rise less dual-index's. */
    double *rise = malloc(rr.n_reps * sizeof *rise);
    double *zero = calloc(rr.n_reps, sizeof *zero);
    cr_assert(rise && zero && rr.n_reps == rf.n_reps);
    for (uint64_t rep = 0; rep < rr.n_reps; rep++)
        rise[rep] = (run_row(&rf, off, rep)[METRIC_TOTAL_COST] -
                     run_row(&rr, off, rep)[METRIC_TOTAL_COST]) -
                    (run_row(&rf, di, rep)[METRIC_TOTAL_COST] -
                     run_row(&rr, di, rep)[METRIC_TOTAL_COST]);
    cr_assert_eq(estimate_paired(rise, zero, rr.n_reps, 0.95, &d), 0);
    cr_assert_gt(d.low, 20.0,
                 "lesson dual-sourcing: six strikes a year should raise "
                 "offshore's cost by over 20 a day more than dual-index's; "
                 "difference of the rises %g [%g, %g]", CI(d));
    free(rise);
    free(zero);
    d = across(&rf, &rr, di, METRIC_PURCHASE_COST);
    cr_assert_gt(d.low, 5.0,
                 "lesson dual-sourcing: dual-index should buy more locally "
                 "with frequent strikes (purchase cost up by over 5 a day: "
                 "2.5 parts a day at 2 more each); %g [%g, %g]", CI(d));
    run_result_free(&rr);
    run_result_free(&rf);
    scenario_free(&rare);
    scenario_free(&frequent);
}
