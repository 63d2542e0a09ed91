/*
 * test_lessons_transit.c - the lessons about goods on the way (16: a port
 * strike stopping the goods at sea, 17: deliveries in order or not), each
 * asserting its outcome with paired intervals as test_lessons.c does
 * (helpers in lessons_check.h; JITSIM_LESSON_SEED=N runs them with seed
 * N: both were checked with seeds 1 to 40).
 */
#include <criterion/criterion.h>
#include <math.h>

#include "analysis/estimate.h"
#include "analysis/run.h"
#include "analysis/scenario.h"
#include "lessons_check.h"

Test(lessons_transit, port_strike_hurts_pull_most_and_more_than_an_outage)
{
    static const char *const outage[] = {"disruptions.strike.effect=outage"};
    static const char *const slow[] = {
        "disruptions.strike.unloading_rate=200"};
    scenario sc, so, ss;
    run_result r, ro, rs;
    load(LESSON("port-strike.yaml"), &sc);
    load_with(LESSON("port-strike.yaml"), outage, 1, &so);
    load_with(LESSON("port-strike.yaml"), slow, 1, &ss);
    execute(&sc, &r, 0);
    execute(&so, &ro, 0);
    execute(&ss, &rs, 0);
    size_t k = policy(&sc, "kanban"), e = policy(&sc, "EOQ");
    /* 1. Kanban's parts are at sea when the port closes; EOQ's stock on
     * hand (four weeks) carries it through most of the strike. */
    estimate d = *run_diff(&r, k, METRIC_FILL_RATE);
    cr_assert_lt(d.high, -0.02,
                 "lesson 16: the strike should cost kanban over 2 points "
                 "more fill rate than EOQ; kanban - EOQ = %g [%g, %g]",
                 CI(d));
    /* 2. An outage lets the goods at sea land: the strike is worse for
     * both, and the extra damage is kanban's. */
    estimate dk = across(&r, &ro, k, METRIC_FILL_RATE);
    estimate de = across(&r, &ro, e, METRIC_FILL_RATE);
    cr_assert(dk.high < -0.01 && de.high < 0.0,
              "lesson 16: a closure should hurt both policies more than an "
              "outage; closure - outage = %g [%g, %g] for kanban, %g [%g, "
              "%g] for EOQ", CI(dk), CI(de));
    estimate more = moved_more(&r, &ro, k, e, METRIC_FILL_RATE);
    cr_assert_lt(more.high, 0.0,
                 "lesson 16: the closure should cost kanban more than EOQ "
                 "over an outage; difference of the changes = %g [%g, %g]",
                 CI(more));
    /* 3. A port unloading 200 a day takes over nine days for one of EOQ's
     * lots and under a day and a half for a kanban container: the slow
     * restart costs EOQ over a point, and more than it costs kanban. */
    estimate slow_e = across(&rs, &r, e, METRIC_FILL_RATE);
    cr_assert_lt(slow_e.high, -0.01,
                 "lesson 16: slow unloading should cost EOQ over a point; "
                 "slow - at once = %g [%g, %g]", CI(slow_e));
    estimate slow_more = moved_more(&rs, &r, e, k, METRIC_FILL_RATE);
    cr_assert_lt(slow_more.high, 0.0,
                 "lesson 16: slow unloading should cost EOQ more than "
                 "kanban; difference of the changes = %g [%g, %g]",
                 CI(slow_more));
    run_result_free(&r);
    run_result_free(&ro);
    run_result_free(&rs);
    scenario_free(&sc);
    scenario_free(&so);
    scenario_free(&ss);
}

Test(lessons_transit, deliveries_independent_lead_times_flattered_pull)
{
    static const char *const independent[] = {
        "suppliers.local.deliveries=independent"};
    scenario sc, si;
    run_result r, ri;
    load(LESSON("deliveries.yaml"), &sc);
    load_with(LESSON("deliveries.yaml"), independent, 1, &si);
    execute(&sc, &r, 0);
    execute(&si, &ri, 0);
    size_t e = policy(&sc, "EOQ"), k = policy(&sc, "kanban"),
           b = policy(&sc, "base-stock");
    /* 1. EOQ's lots, three days apart, seldom wait for one another: its
     * figures hardly move. */
    estimate fe = across(&r, &ri, e, METRIC_FILL_RATE);
    cr_assert(fe.low > -0.015 && fe.high < 0.005,
              "lesson 17: EOQ's fill rate should move by under 1.5 points; "
              "in order - independent = %g [%g, %g]", CI(fe));
    estimate se = across(&r, &ri, e, METRIC_AVG_ON_HAND);
    cr_assert_lt(fabs(se.mean), 0.02 * mean(&ri, e, METRIC_AVG_ON_HAND),
                 "lesson 17: EOQ's stock should hardly move; %g [%g, %g]",
                 CI(se));
    /* Kanban, even resized by its formula (more cards), loses service:
     * the independent model flattered it against EOQ. */
    cr_assert_gt(r.effective[k].value[PARAM_CARDS],
                 ri.effective[k].value[PARAM_CARDS]);
    estimate fk = moved_more(&r, &ri, k, e, METRIC_FILL_RATE);
    cr_assert_lt(fk.high, -0.04,
                 "lesson 17: in order should cost kanban over 4 points more "
                 "fill rate than EOQ; difference of the changes = %g [%g, %g]",
                 CI(fk));
    estimate sk = across(&r, &ri, k, METRIC_AVG_ON_HAND);
    cr_assert_gt(sk.low, 0.0, "lesson 17: and kanban holds more; %g [%g, %g]",
                 CI(sk));
    /* Base stock meets its 95% target in both (its rule knows the mode),
     * but in order needs over twice the level, and then ties up more cash
     * than EOQ, which it did not with independent deliveries. */
    double S = r.effective[b].value[PARAM_S], Si = ri.effective[b].value[PARAM_S];
    cr_assert_gt(S, 2.0 * Si, "lesson 17: base stock S %g in order, %g "
                              "independent", S, Si);
    const estimate *fb = run_summary(&r, b, METRIC_FILL_RATE);
    cr_assert(fb->high > 0.95 && fb->low < 0.96,
              "lesson 17: base stock should meet its 95%% target in order; "
              "%g [%g, %g]", CI(*fb));
    estimate cash = paired(&r, b, e, METRIC_CASH_TIED_UP);
    estimate cash_i = paired(&ri, b, e, METRIC_CASH_TIED_UP);
    cr_assert(cash.low > 0.0 && cash_i.high < 0.0,
              "lesson 17: base stock should tie up less cash than EOQ with "
              "independent deliveries, more in order; base - EOQ = %g [%g, "
              "%g] in order, %g [%g, %g] independent", CI(cash), CI(cash_i));
    run_result_free(&r);
    run_result_free(&ri);
    scenario_free(&sc);
    scenario_free(&si);
}
