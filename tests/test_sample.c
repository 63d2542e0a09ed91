/*
 * test_sample.c - exact quantiles of a stored sample against sorting.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/sample.h"
#include "sim/stream.h"

Test(sample, quantiles_match_the_sorted_data)
{
    enum { N = 20001 };
    gsl_rng *r = stream_create(6, 0, "sample");
    double *all = malloc(N * sizeof *all);
    const double levels[] = {0.0, 0.3, 0.5, 0.9, 0.95, 0.99, 1.0};
    for (int trial = 0; trial < 4; trial++) {
        sample s;
        sample_init(&s);
        size_t n = (size_t)(N - 7 * trial);
        double sum = 0.0;
        for (size_t i = 0; i < n; i++) {
            /* Many zeros and many ties, as customer lead times have. */
            double u = gsl_rng_uniform(r);
            all[i] = u < 0.6 ? 0.0 : (double)gsl_rng_uniform_int(r, 50) / 4.0;
            sum += all[i];
            cr_assert_eq(sample_add(&s, all[i]), 0);
        }
        gsl_sort(all, 1, n);
        cr_assert_eq(sample_count(&s), n);
        cr_assert_float_eq(sample_mean(&s), sum / (double)n, 1e-12);
        cr_assert_eq(sample_max(&s), all[n - 1]);
        for (size_t k = 0; k < sizeof levels / sizeof levels[0]; k++)
            cr_assert_float_eq(sample_quantile(&s, levels[k]),
                               gsl_stats_quantile_from_sorted_data(
                                   all, 1, n, levels[k]),
                               1e-12, "trial %d p %g", trial, levels[k]);
        sample_fini(&s);
    }
    free(all);
    gsl_rng_free(r);
}

/* Distinct values, so that a quantile between two order statistics
 * interpolates between different numbers: the second is found by a scan
 * above the first's selection (sample.c), which this checks against the
 * sorted data, with and without zeros below. */
Test(sample, interpolated_quantiles_of_distinct_values_match_the_sorted_data)
{
    enum { N = 10007 };
    gsl_rng *r = stream_create(7, 0, "sample");
    double *all = malloc(N * sizeof *all);
    /* 3335.5 / (N - 1): between the last zero (every third value of
     * 10,007 is one: 3,336 zeros) and the smallest positive value. */
    const double levels[] = {0.001, 0.37, 0.51, 0.95, 0.999,
                             3335.5 / (N - 1)};
    for (int zeros = 0; zeros < 2; zeros++) {
        sample s;
        sample_init(&s);
        for (size_t i = 0; i < N; i++) {
            all[i] = zeros && i % 3 == 0 ? 0.0 : gsl_rng_uniform_pos(r);
            cr_assert_eq(sample_add(&s, all[i]), 0);
        }
        gsl_sort(all, 1, N);
        for (size_t k = 0; k < sizeof levels / sizeof levels[0]; k++) {
            double want = gsl_stats_quantile_from_sorted_data(all, 1, N,
                                                              levels[k]);
            size_t lo = (size_t)(levels[k] * (N - 1));
            if (all[lo + 1] == 0.0)
                continue; /* among the zeros */
            cr_assert_neq(want, all[lo], "p %g must fall between two values",
                          levels[k]);
            cr_assert_float_eq(sample_quantile(&s, levels[k]), want, 1e-15,
                               "zeros %d p %g", zeros, levels[k]);
        }
        sample_fini(&s);
    }
    free(all);
    gsl_rng_free(r);
}

Test(sample, small_and_empty_samples)
{
    sample s;
    sample_init(&s);
    cr_assert_eq(sample_quantile(&s, 0.95), 0.0);
    cr_assert_eq(sample_mean(&s), 0.0);
    sample_add(&s, 3.0);
    cr_assert_eq(sample_quantile(&s, 0.95), 3.0);
    sample_add(&s, 0.0);
    /* {0, 3}: index 0.95 -> 0 + 0.95 * 3. */
    cr_assert_float_eq(sample_quantile(&s, 0.95), 2.85, 1e-12);
    sample_clear(&s);
    cr_assert_eq(sample_count(&s), 0);
    sample_add(&s, 5.0);
    sample_add(&s, 1.0);
    sample_add(&s, 5.0);
    cr_assert_eq(sample_quantile(&s, 0.5), 5.0);
    cr_assert_eq(sample_quantile(&s, 0.0), 1.0);
    sample_fini(&s);
}
