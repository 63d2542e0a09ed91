/*
 * test_twavg.c - time-weighted averages by hand and against gsl_stats_wmean.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>

#include <gsl/gsl_statistics_double.h>

#include "sim/stream.h"
#include "sim/twavg.h"

Test(twavg, hand_computed_with_warmup_reset)
{
    twavg w;
    twavg_init(&w, 0.0, 0.0);
    twavg_set(&w, 1.0, 2.0);
    twavg_reset(&w, 2.0); /* level 2 kept, area restarts */
    cr_assert_eq(twavg_area(&w), 0.0);
    twavg_set(&w, 3.0, 5.0);  /* +2 * 1 */
    twavg_add(&w, 4.0, -5.0); /* +5 * 1, level 0 */
    twavg_close(&w, 6.0);     /* +0 * 2 */
    cr_assert_float_eq(twavg_area(&w), 7.0, 1e-15);
    cr_assert_float_eq(twavg_mean(&w), 7.0 / 4.0, 1e-15);
    cr_assert_float_eq(twavg_positive_fraction(&w), 0.5, 1e-15);
    cr_assert_eq(w.min, 0.0);
    cr_assert_eq(w.max, 5.0);
    cr_assert_eq(twavg_level(&w), 0.0);
}

Test(twavg, zero_length_window_reports_current_level)
{
    twavg w;
    twavg_init(&w, 3.0, 4.0);
    cr_assert_eq(twavg_mean(&w), 4.0);
    cr_assert_eq(twavg_positive_fraction(&w), 1.0);
}

Test(twavg, matches_weighted_mean_on_random_path)
{
    enum { N = 50000 };
    double *level = malloc(N * sizeof *level);
    double *dur = malloc(N * sizeof *dur);
    gsl_rng *r = stream_create(8, 0, "path");
    twavg w;
    double t = 0.0;
    level[0] = 3.0;
    twavg_init(&w, 0.0, level[0]);
    for (int i = 0; i < N; i++) {
        dur[i] = gsl_rng_uniform(r);
        t += dur[i];
        if (i + 1 < N) {
            level[i + 1] = (double)gsl_rng_uniform_int(r, 50) - 10.0;
            twavg_set(&w, t, level[i + 1]);
        }
    }
    twavg_close(&w, t);
    double expected = gsl_stats_wmean(dur, 1, level, 1, N);
    cr_assert_float_eq(twavg_mean(&w), expected, 1e-9 * fabs(expected));
    free(level);
    free(dur);
    gsl_rng_free(r);
}

Test(twavg, going_back_in_time_is_a_fatal_check, .signal = SIGABRT)
{
    twavg w;
    twavg_init(&w, 5.0, 1.0);
    twavg_set(&w, 4.0, 2.0);
}
