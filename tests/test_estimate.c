/*
 * test_estimate.c - Student-t intervals: hand values, coverage, paired
 * differences, and the refusals.
 */
#include <criterion/criterion.h>
#include <math.h>

#include <gsl/gsl_randist.h>

#include "analysis/estimate.h"
#include "sim/stream.h"

Test(estimate, hand_computed_interval)
{
    const double x[] = {1, 2, 3, 4, 5};
    estimate e;
    cr_assert_eq(estimate_mean(x, 5, 0.95, &e), 0);
    cr_assert_eq(e.n, 5);
    cr_assert_float_eq(e.mean, 3.0, 1e-15);
    cr_assert_float_eq(e.sd, sqrt(2.5), 1e-15);
    /* t(0.975, 4) = 2.776445105 */
    cr_assert_float_eq(e.half_width, 2.776445105 * sqrt(2.5) / sqrt(5.0),
                       1e-8);
    cr_assert_float_eq(e.low, 3.0 - e.half_width, 1e-15);
    cr_assert_float_eq(e.high, 3.0 + e.half_width, 1e-15);
    cr_assert_eq(estimate_sign(&e), 1);
}

Test(estimate, single_value_has_no_interval)
{
    const double x[] = {4.5};
    estimate e;
    cr_assert_eq(estimate_mean(x, 1, 0.95, &e), 0);
    cr_assert_eq(e.mean, 4.5);
    cr_assert(isnan(e.low) && isnan(e.high));
    cr_assert_eq(estimate_sign(&e), 0);
}

Test(estimate, refuses_bad_input)
{
    const double x[] = {1.0, NAN, 2.0};
    const double y[] = {1.0, 2.0, 3.0};
    estimate e;
    cr_assert_eq(estimate_mean(x, 0, 0.95, &e), -1);
    cr_assert_eq(estimate_mean(x, 3, 0.95, &e), -1);
    cr_assert_eq(estimate_mean(y, 3, 1.0, &e), -1);
    cr_assert_eq(estimate_mean(y, 3, 0.0, &e), -1);
    cr_assert_eq(estimate_paired(y, x, 3, 0.95, &e), -1);
    cr_assert_eq(estimate_paired(y, y, 0, 0.95, &e), -1);
}

Test(estimate, coverage_of_95_percent_intervals)
{
    /* 2,000 intervals from samples of 10 normals of mean 3.7: about 95%
     * contain 3.7. The count is binomial(2000, 0.95), sd 9.7; the bounds
     * 93% and 97% are 4.1 sd away. */
    gsl_rng *r = stream_create(17, 0, "coverage");
    int covered = 0;
    for (int k = 0; k < 2000; k++) {
        double x[10];
        for (int i = 0; i < 10; i++)
            x[i] = 3.7 + gsl_ran_gaussian(r, 2.0);
        estimate e;
        estimate_mean(x, 10, 0.95, &e);
        covered += e.low <= 3.7 && 3.7 <= e.high;
    }
    cr_assert_geq(covered, 1860, "covered %d of 2000", covered);
    cr_assert_leq(covered, 1940, "covered %d of 2000", covered);
    gsl_rng_free(r);
}

Test(estimate, paired_difference_cancels_common_noise)
{
    /* Two "policies" share a large common noise; their true difference is
     * 0.5. The paired interval must contain 0.5, exclude 0, and be far
     * narrower than the unpaired intervals. */
    gsl_rng *r = stream_create(19, 0, "paired");
    double a[30], b[30];
    for (int i = 0; i < 30; i++) {
        double common = gsl_ran_gaussian(r, 10.0);
        a[i] = 100.0 + common + gsl_ran_gaussian(r, 0.3) + 0.5;
        b[i] = 100.0 + common + gsl_ran_gaussian(r, 0.3);
    }
    estimate d, ea;
    cr_assert_eq(estimate_paired(a, b, 30, 0.95, &d), 0);
    estimate_mean(a, 30, 0.95, &ea);
    cr_assert(d.low < 0.5 && 0.5 < d.high, "[%g, %g]", d.low, d.high);
    cr_assert_eq(estimate_sign(&d), 1);
    cr_assert_lt(d.half_width * 10.0, ea.half_width);
    estimate rev;
    estimate_paired(b, a, 30, 0.95, &rev);
    cr_assert_float_eq(rev.mean, -d.mean, 1e-12);
    cr_assert_eq(estimate_sign(&rev), -1);
    gsl_rng_free(r);
}
