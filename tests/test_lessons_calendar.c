/*
 * test_lessons_calendar.c - the lesson on a working calendar (20: the
 * weekend), asserting its outcome with paired intervals as test_lessons.c
 * does (helpers in lessons_check.h; JITSIM_LESSON_SEED=N runs it with seed
 * N: it was checked with seeds 1 to 40).
 */
#include <criterion/criterion.h>
#include <math.h>

#include "analysis/estimate.h"
#include "analysis/run.h"
#include "analysis/scenario.h"
#include "lessons_check.h"

/* Lesson 20: the weekend. The rail runs every day, the plant and the mill
 * Monday to Friday: orders of Thursday and Friday arrive over the weekend,
 * those of Monday to Wednesday cover 2 working days. The textbook rule
 * sizes the loop for the average order and runs dry midweek; sized for a
 * Monday order it serves, at twice the stock and under half EOQ's; when
 * the rail stops at weekends too, the rule sizes the loop as in working
 * days and the weekend refill (the stock) goes. */
Test(lessons_calendar, weekend_kanban_sized_for_the_average_order_runs_dry_midweek)
{
    scenario sc;
    run_result r;
    load(LESSON("weekend.yaml"), &sc);
    execute(&sc, &r, 0);
    size_t k = policy(&sc, "kanban"), m = policy(&sc, "kanban-monday"),
           e = policy(&sc, "EOQ");
    /* 28.6 a day x 2.24 days (64 parts) x 1.25 / 10 = 8 cards. */
    cr_assert_eq(r.effective[k].value[PARAM_CARDS], 8.0,
                 "lesson weekend: the rule should give 8 cards, gave %g",
                 r.effective[k].value[PARAM_CARDS]);
    double kf = mean(&r, k, METRIC_FILL_RATE);
    cr_assert_lt(kf, 0.7,
                 "lesson weekend: kanban by the rule should serve under 70%% "
                 "of the demand from stock, served %g",
                 kf);
    estimate fill = *run_diff(&r, m, METRIC_FILL_RATE);
    cr_assert_gt(fill.low, 0.3,
                 "lesson weekend: sized for Monday, the loop should serve "
                 "over 30 points more; monday - rule = %g [%g, %g]",
                 CI(fill));
    cr_assert_gt(mean(&r, m, METRIC_FILL_RATE), 0.95,
                 "lesson weekend: kanban-monday should serve over 95%%");
    estimate stock = *run_diff(&r, m, METRIC_AVG_ON_HAND);
    double ks = mean(&r, k, METRIC_AVG_ON_HAND);
    cr_assert(stock.low > 0.8 * ks && stock.high < 1.5 * ks,
              "lesson weekend: kanban-monday should hold about twice the "
              "rule's stock; monday - rule = %g [%g, %g] against %g",
              CI(stock), ks);
    cr_assert_gt(mean(&r, e, METRIC_AVG_ON_HAND),
                 2.0 * mean(&r, m, METRIC_AVG_ON_HAND),
                 "lesson weekend: EOQ should hold over twice "
                 "kanban-monday's stock");
    estimate eoq_fill = paired(&r, e, m, METRIC_FILL_RATE);
    cr_assert_gt(eoq_fill.low, 0.0,
                 "lesson weekend: EOQ should serve better than "
                 "kanban-monday; EOQ - monday = %g [%g, %g]",
                 CI(eoq_fill));
    cr_assert_gt(mean(&r, e, METRIC_FILL_RATE), 0.995);

    /* The rail stops at weekends too: the rule gives 10 cards, and the
     * weekend refill goes. */
    const char *sets[] = {"suppliers.mill.lead_time_in=working_days"};
    scenario sw;
    run_result rw;
    load_with(LESSON("weekend.yaml"), sets, 1, &sw);
    execute(&sw, &rw, 0);
    cr_assert_eq(rw.effective[k].value[PARAM_CARDS], 10.0,
                 "lesson weekend: in working days the rule should give 10 "
                 "cards, gave %g",
                 rw.effective[k].value[PARAM_CARDS]);
    estimate less = across(&rw, &r, m, METRIC_AVG_ON_HAND);
    cr_assert_lt(less.high, -0.4 * mean(&r, m, METRIC_AVG_ON_HAND),
                 "lesson weekend: without the weekend's arrivals "
                 "kanban-monday should hold under 60%% of the stock; "
                 "working - calendar days = %g [%g, %g] against %g",
                 CI(less), mean(&r, m, METRIC_AVG_ON_HAND));
    estimate same = across(&rw, &r, m, METRIC_FILL_RATE);
    cr_assert(same.low > -0.05 && same.high < 0.0,
              "lesson weekend: kanban-monday should serve a little less "
              "(within 5 points); working - calendar days = %g [%g, %g]",
              CI(same));
    run_result_free(&rw);
    scenario_free(&sw);
    run_result_free(&r);
    scenario_free(&sc);
}
