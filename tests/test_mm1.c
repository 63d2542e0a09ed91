/*
 * test_mm1.c - the M/M/1 queue against its closed forms: the end-to-end check
 * of kernel, streams and statistics.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "analysis/estimate.h"
#include "models/mm1.h"

#define REPS 30

Test(mm1, closed_forms_inside_the_runs_own_99_percent_interval)
{
    /* rho = 0.9: W = 1/(mu - lambda) = 10, L = rho/(1 - rho) = 9. */
    mm1_params p = {0.9, 1.0, 20000.0, 220000.0};
    double w[REPS], l[REPS], u[REPS], x[REPS];
    for (int r = 0; r < REPS; r++) {
        mm1_result res;
        cr_assert_eq(mm1_run(&p, 2026, (uint64_t)r, &res), 0);
        w[r] = res.mean_sojourn;
        l[r] = res.mean_in_system;
        u[r] = res.utilisation;
        x[r] = res.throughput;
    }
    estimate ew, el, eu, ex;
    estimate_mean(w, REPS, 0.99, &ew);
    estimate_mean(l, REPS, 0.99, &el);
    estimate_mean(u, REPS, 0.99, &eu);
    estimate_mean(x, REPS, 0.99, &ex);
    cr_assert_float_eq(mm1_exact_sojourn(&p), 10.0, 1e-12);
    cr_assert_float_eq(mm1_exact_in_system(&p), 9.0, 1e-12);
    cr_assert(ew.low <= 10.0 && 10.0 <= ew.high, "W in [%g, %g]", ew.low,
              ew.high);
    cr_assert(el.low <= 9.0 && 9.0 <= el.high, "L in [%g, %g]", el.low,
              el.high);
    cr_assert(eu.low <= 0.9 && 0.9 <= eu.high, "rho in [%g, %g]", eu.low,
              eu.high);
    cr_assert(ex.low <= 0.9 && 0.9 <= ex.high, "X in [%g, %g]", ex.low,
              ex.high);
    /* The intervals are tight enough to mean something. */
    cr_assert_lt(ew.half_width, 0.5, "W half width %g", ew.half_width);
    /* Little's law: L = lambda W, with the observed throughput. */
    cr_assert_lt(fabs(el.mean - ex.mean * ew.mean), 0.02 * el.mean,
                 "L %g vs lambda W %g", el.mean, ex.mean * ew.mean);
}

Test(mm1, light_load_matches_closed_form)
{
    /* rho = 0.5: W = 2, L = 1; the interval is narrow. */
    mm1_params p = {0.5, 1.0, 1000.0, 50000.0};
    double w[REPS];
    for (int r = 0; r < REPS; r++) {
        mm1_result res;
        mm1_run(&p, 9, (uint64_t)r, &res);
        w[r] = res.mean_sojourn;
    }
    estimate e;
    estimate_mean(w, REPS, 0.99, &e);
    cr_assert(e.low <= 2.0 && 2.0 <= e.high, "[%g, %g]", e.low, e.high);
    cr_assert_lt(e.half_width, 0.05);
}

Test(mm1, rejects_invalid_parameters)
{
    mm1_result res;
    const mm1_params bad[] = {
        {0.0, 1.0, 0.0, 10.0},  {0.9, -1.0, 0.0, 10.0},
        {0.9, 1.0, -1.0, 10.0}, {0.9, 1.0, 10.0, 10.0},
        {NAN, 1.0, 0.0, 10.0},  {0.9, 1.0, 0.0, INFINITY},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_not_null(mm1_check(&bad[i]), "case %zu", i);
        cr_assert_eq(mm1_run(&bad[i], 1, 0, &res), -1, "case %zu", i);
    }
    mm1_params over = {1.5, 1.0, 0.0, 10.0};
    cr_assert_null(mm1_check(&over));
    cr_assert(isnan(mm1_exact_sojourn(&over)));
}
