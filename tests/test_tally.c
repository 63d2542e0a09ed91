/*
 * test_tally.c - tally moments against hand values and gsl_stats_*, the
 * P-square quantile against exact quantiles and GSL's own estimator.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rstat.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/stream.h"
#include "sim/tally.h"

Test(tally, hand_computed_small_sample)
{
    const double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
    tally t;
    tally_init(&t);
    for (int i = 0; i < 8; i++)
        tally_add(&t, x[i]);
    cr_assert_eq(tally_count(&t), 8);
    cr_assert_float_eq(tally_mean(&t), 5.0, 1e-15);
    cr_assert_float_eq(tally_variance(&t), 32.0 / 7.0, 1e-14);
    cr_assert_eq(tally_min(&t), 2.0);
    cr_assert_eq(tally_max(&t), 9.0);
}

Test(tally, empty_and_single_value_conventions)
{
    tally t;
    tally_init(&t);
    cr_assert_eq(tally_mean(&t), 0.0);
    cr_assert_eq(tally_variance(&t), 0.0);
    cr_assert_eq(tally_quantile(&t), 0.0);
    cr_assert_eq(tally_min(&t), 0.0);
    tally_add(&t, 3.25);
    cr_assert_eq(tally_mean(&t), 3.25);
    cr_assert_eq(tally_variance(&t), 0.0);
    cr_assert_eq(tally_quantile(&t), 3.25);
}

Test(tally, quantile_is_exact_up_to_five_values)
{
    /* gsl_stats_quantile_from_sorted_data's interpolation: index p(n-1). */
    const double x[] = {7.0, 1.0, 4.0, 10.0, 2.0};
    double sorted[5];
    for (int n = 1; n <= 5; n++) {
        tally t;
        tally_init_quantile(&t, 0.95);
        for (int i = 0; i < n; i++) {
            tally_add(&t, x[i]);
            sorted[i] = x[i];
        }
        gsl_sort(sorted, 1, (size_t)n);
        double exact =
            gsl_stats_quantile_from_sorted_data(sorted, 1, (size_t)n, 0.95);
        cr_assert_float_eq(tally_quantile(&t), exact, 1e-12, "n=%d", n);
    }
}

Test(tally, moments_match_gsl_on_random_data)
{
    enum { N = 100000 };
    double *x = malloc(N * sizeof *x);
    gsl_rng *r = stream_create(3, 0, "tally");
    tally t;
    tally_init(&t);
    for (int i = 0; i < N; i++) {
        /* A large offset tests the numerical stability of the update. */
        x[i] = 1e6 + gsl_ran_gamma(r, 2.0, 1.5);
        tally_add(&t, x[i]);
    }
    cr_assert_float_eq(tally_mean(&t), gsl_stats_mean(x, 1, N), 1e-8);
    cr_assert_float_eq(tally_variance(&t), gsl_stats_variance(x, 1, N),
                       1e-6 * gsl_stats_variance(x, 1, N));
    cr_assert_eq(tally_min(&t), gsl_stats_min(x, 1, N));
    cr_assert_eq(tally_max(&t), gsl_stats_max(x, 1, N));
    free(x);
    gsl_rng_free(r);
}

Test(tally, p95_tracks_exact_quantile_and_gsl_rstat)
{
    enum { N = 200000 };
    double *x = malloc(N * sizeof *x);
    gsl_rng *r = stream_create(4, 0, "p95");
    gsl_rstat_quantile_workspace *w = gsl_rstat_quantile_alloc(0.95);
    tally t;
    tally_init(&t);
    for (int i = 0; i < N; i++) {
        x[i] = gsl_ran_exponential(r, 2.0);
        tally_add(&t, x[i]);
        gsl_rstat_quantile_add(x[i], w);
    }
    gsl_sort(x, 1, N);
    double exact = gsl_stats_quantile_from_sorted_data(x, 1, N, 0.95);
    /* Exponential(mean 2): p95 = 2 ln 20 = 5.9915. */
    cr_assert_float_eq(exact, 5.9915, 0.06);
    cr_assert_float_eq(tally_quantile(&t), exact, 0.01 * exact);
    cr_assert_float_eq(tally_quantile(&t), gsl_rstat_quantile_get(w),
                       1e-9 * exact);
    gsl_rstat_quantile_free(w);
    free(x);
    gsl_rng_free(r);
}

Test(tally, other_quantiles)
{
    enum { N = 100000 };
    gsl_rng *r = stream_create(5, 0, "median");
    tally t;
    tally_init_quantile(&t, 0.5);
    for (int i = 0; i < N; i++)
        tally_add(&t, gsl_rng_uniform(r));
    cr_assert_float_eq(tally_quantile(&t), 0.5, 0.01);
    gsl_rng_free(r);
}
