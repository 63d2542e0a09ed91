/*
 * test_dist.c - distributions: sample moments against the exact ones,
 * mean/cv construction, the truncated normal, discrete frequencies, every
 * constructor's refusal, and the text form (parse, errors with columns,
 * round trips, junk input).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "models/dist.h"
#include "sim/stream.h"

#define N 200000

/* Sample mean within 5 standard errors of the exact mean; sample variance
 * within 5 standard errors too, using the sample fourth central moment. */
static void check_moments(const dist *d, const char *what)
{
    gsl_rng *r = stream_create(99, 0, what);
    double *x = malloc(N * sizeof *x);
    double sum = 0.0;
    for (int i = 0; i < N; i++) {
        x[i] = dist_sample(d, r);
        sum += x[i];
    }
    double mean = sum / N, m2 = 0.0, m4 = 0.0;
    for (int i = 0; i < N; i++) {
        double e = x[i] - mean;
        m2 += e * e;
        m4 += e * e * e * e;
    }
    m2 /= N - 1;
    m4 /= N;
    double var = dist_variance(d);
    double se_mean = sqrt(var / N);
    double se_var = sqrt((m4 - m2 * m2) / N);
    cr_assert_float_eq(mean, dist_mean(d), 5.0 * se_mean + 1e-12,
                       "%s: mean %g vs %g", what, mean, dist_mean(d));
    cr_assert_float_eq(m2, var, 5.0 * se_var + 1e-12, "%s: var %g vs %g",
                       what, m2, var);
    free(x);
    gsl_rng_free(r);
}

Test(dist, every_kind_has_the_right_moments)
{
    char err[200];
    dist d;
    cr_assert_eq(dist_uniform(&d, 2.0, 5.0, err, sizeof err), 0);
    check_moments(&d, "uniform");
    cr_assert_eq(dist_exponential(&d, 3.0, err, sizeof err), 0);
    check_moments(&d, "exponential");
    cr_assert_eq(dist_normal(&d, 10.0, 2.0, err, sizeof err), 0);
    check_moments(&d, "normal");
    cr_assert_eq(dist_normal(&d, 1.0, 2.0, err, sizeof err), 0);
    check_moments(&d, "normal truncated");
    cr_assert_eq(dist_lognormal(&d, 30.0, 0.4, err, sizeof err), 0);
    check_moments(&d, "lognormal");
    cr_assert_eq(dist_gamma(&d, 16.0, 0.125, err, sizeof err), 0);
    check_moments(&d, "gamma");
    cr_assert_eq(dist_poisson(&d, 3.5, err, sizeof err), 0);
    check_moments(&d, "poisson");
    cr_assert_eq(dist_negbinomial(&d, 0.4, 3.0, err, sizeof err), 0);
    check_moments(&d, "negbinomial");
    const double v[] = {1, 2, 3, 4}, p[] = {0.1667, 0.3333, 0.3333, 0.1667};
    cr_assert_eq(dist_discrete(&d, v, p, 4, err, sizeof err), 0);
    check_moments(&d, "discrete");
    dist_free(&d);
    cr_assert_eq(dist_constant(&d, 7.0, err, sizeof err), 0);
    gsl_rng *r = stream_create(1, 0, "c");
    cr_assert_eq(dist_sample(&d, r), 7.0);
    cr_assert_eq(dist_variance(&d), 0.0);
    gsl_rng_free(r);
}

Test(dist, truncated_normal_closed_form_and_no_negative_draw)
{
    char err[200];
    dist d;
    cr_assert_eq(dist_normal(&d, 1.0, 2.0, err, sizeof err), 0);
    /* Mean of N(1, 2^2) truncated at 0: 1 + 2 phi(0.5) / (1 - Phi(-0.5)). */
    double expected = 1.0 + 2.0 * gsl_ran_ugaussian_pdf(0.5) /
                                (1.0 - gsl_cdf_ugaussian_P(-0.5));
    cr_assert_float_eq(dist_mean(&d), expected, 1e-12);
    cr_assert_float_eq(expected, 2.0183, 1e-4);
    gsl_rng *r = stream_create(3, 0, "tn");
    for (int i = 0; i < 100000; i++)
        cr_assert_geq(dist_sample(&d, r), 0.0);
    gsl_rng_free(r);
    /* Far above zero the truncation vanishes. */
    cr_assert_eq(dist_normal(&d, 100.0, 2.0, err, sizeof err), 0);
    cr_assert_float_eq(dist_mean(&d), 100.0, 1e-9);
    cr_assert_float_eq(dist_variance(&d), 4.0, 1e-9);
}

Test(dist, from_mean_and_cv)
{
    char err[200];
    dist d;
    dist_kind kinds[] = {DIST_LOGNORMAL, DIST_GAMMA, DIST_UNIFORM,
                         DIST_NEGBINOMIAL};
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(dist_from_mean_cv(&d, kinds[i], 8.0, 0.5, err,
                                       sizeof err),
                     0, "%s", err);
        cr_assert_float_eq(dist_mean(&d), 8.0, 1e-9, "%s",
                           dist_kind_name(kinds[i]));
        cr_assert_float_eq(dist_cv(&d), 0.5, 1e-9, "%s",
                           dist_kind_name(kinds[i]));
    }
    cr_assert_eq(dist_from_mean_cv(&d, DIST_NORMAL, 10.0, 0.2, err,
                                   sizeof err),
                 0);
    cr_assert_eq(d.a, 10.0);
    cr_assert_float_eq(d.b, 2.0, 1e-12);
    cr_assert_eq(dist_from_mean_cv(&d, DIST_EXPONENTIAL, 4.0, 1.0, err,
                                   sizeof err),
                 0);
    cr_assert_eq(dist_from_mean_cv(&d, DIST_POISSON, 4.0, 0.5, err,
                                   sizeof err),
                 0);
    cr_assert_eq(dist_from_mean_cv(&d, DIST_CONSTANT, 4.0, 0.0, err,
                                   sizeof err),
                 0);
}

Test(dist, refusals_say_what_is_wrong)
{
    char err[200];
    dist d;
    struct {
        int rc;
        const char *fragment;
    } cases[] = {
        {dist_exponential(&d, -1.0, err, sizeof err), "mean must be > 0"},
        {dist_uniform(&d, 5.0, 2.0, err, sizeof err), "must not exceed max"},
        {dist_normal(&d, 1.0, -2.0, err, sizeof err), "sd must be >= 0"},
        {dist_gamma(&d, 0.0, 1.0, err, sizeof err), "shape must be > 0"},
        {dist_lognormal(&d, 3.0, 0.0, err, sizeof err), "cv must be > 0"},
        {dist_poisson(&d, -3.0, err, sizeof err), "mean must be in"},
        {dist_negbinomial(&d, 1.5, 2.0, err, sizeof err), "p must be in"},
        {dist_constant(&d, NAN, err, sizeof err), "finite"},
        {dist_from_mean_cv(&d, DIST_GAMMA, 5.0, -0.1, err, sizeof err),
         "cv must be >= 0"},
        {dist_from_mean_cv(&d, DIST_EXPONENTIAL, 5.0, 0.5, err, sizeof err),
         "an exponential has cv 1"},
        {dist_from_mean_cv(&d, DIST_NEGBINOMIAL, 5.0, 0.2, err, sizeof err),
         "needs variance > mean"},
        {dist_from_mean_cv(&d, DIST_UNIFORM, 5.0, 0.9, err, sizeof err),
         "would go below 0"},
        {dist_from_mean_cv(&d, DIST_POISSON, 4.0, 1.0, err, sizeof err),
         "cv is 1/sqrt(mean)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_assert_eq(cases[i].rc, -1, "case %zu", i);
    /* Messages are checked one at a time (err is overwritten). */
    dist_exponential(&d, -1.0, err, sizeof err);
    cr_assert_str_eq(err, "mean must be > 0, got -1");
    const double v[] = {1, 2}, p[] = {0.5, 0.6}, neg[] = {-0.1, 1.1};
    cr_assert_eq(dist_discrete(&d, v, p, 2, err, sizeof err), -1);
    cr_assert_not_null(strstr(err, "sum to 1.1"), "%s", err);
    cr_assert_eq(dist_discrete(&d, v, neg, 2, err, sizeof err), -1);
    cr_assert_not_null(strstr(err, "must be >= 0"), "%s", err);
    cr_assert_eq(dist_discrete(&d, v, p, 0, err, sizeof err), -1);
}

Test(dist, nonnegative_and_integer_checks)
{
    char err[200];
    dist d;
    dist_uniform(&d, -1.0, 2.0, err, sizeof err);
    cr_assert_eq(dist_check_nonnegative(&d, err, sizeof err), -1);
    cr_assert_not_null(strstr(err, "negative"));
    dist_constant(&d, -2.0, err, sizeof err);
    cr_assert_eq(dist_check_nonnegative(&d, err, sizeof err), -1);
    dist_gamma(&d, 2.0, 1.0, err, sizeof err);
    cr_assert_eq(dist_check_nonnegative(&d, err, sizeof err), 0);
    cr_assert_eq(dist_is_integer(&d), 0);
    dist_poisson(&d, 2.0, err, sizeof err);
    cr_assert_eq(dist_is_integer(&d), 1);
    dist_constant(&d, 2.5, err, sizeof err);
    cr_assert_eq(dist_is_integer(&d), 0);
}

static dist parse_ok(const char *text)
{
    dist d;
    int column = 0;
    char err[200] = "";
    cr_assert_eq(dist_parse(text, &d, &column, err, sizeof err), 0,
                 "'%s': %s", text, err);
    return d;
}

static void parse_fails(const char *text, int column, const char *fragment)
{
    dist d;
    int at = 0;
    char err[200] = "";
    cr_assert_eq(dist_parse(text, &d, &at, err, sizeof err), -1, "'%s'",
                 text);
    cr_assert_eq(at, column, "'%s': column %d, expected %d (%s)", text, at,
                 column, err);
    cr_assert_not_null(strstr(err, fragment), "'%s': '%s' lacks '%s'", text,
                       err, fragment);
}

Test(dist, parses_the_compact_forms)
{
    dist d = parse_ok("5");
    cr_assert_eq(d.kind, DIST_CONSTANT);
    cr_assert_eq(d.a, 5.0);
    d = parse_ok("  gamma(mean=2, cv=0.25) ");
    cr_assert_eq(d.kind, DIST_GAMMA);
    cr_assert_float_eq(dist_mean(&d), 2.0, 1e-12);
    cr_assert_float_eq(dist_cv(&d), 0.25, 1e-12);
    d = parse_ok("exponential(rate=4)");
    cr_assert_float_eq(dist_mean(&d), 0.25, 1e-12);
    d = parse_ok("Uniform( min = 1 , max=3 )");
    cr_assert_eq(d.a, 1.0);
    cr_assert_eq(d.b, 3.0);
    d = parse_ok("lognormal(mean=30, cv=0.4)");
    cr_assert_float_eq(dist_cv(&d), 0.4, 1e-12);
    d = parse_ok("normal(mean=10, sd=2)");
    cr_assert_eq(d.b, 2.0);
    d = parse_ok("negative_binomial(mean=4, cv=0.8)");
    cr_assert_float_eq(dist_mean(&d), 4.0, 1e-9);
    d = parse_ok("poisson(mean=3)");
    cr_assert_eq(d.a, 3.0);
    d = parse_ok("discrete(values=1;2;3, probs=0.2;0.5;0.3)");
    cr_assert_eq(d.n, 3);
    cr_assert_float_eq(dist_mean(&d), 2.1, 1e-12);
    dist_free(&d);
    d = parse_ok("empirical(values=[5;10], probs=[0.5;0.5])");
    cr_assert_float_eq(dist_mean(&d), 7.5, 1e-12);
    dist_free(&d);
}

Test(dist, parse_errors_point_at_the_column)
{
    parse_fails("gama(mean=2, cv=0.25)", 1, "did you mean 'gamma'?");
    parse_fails("wibble(x=1)", 1, "unknown distribution 'wibble'");
    parse_fails("gamma(mean=2, cv=0.25", 22, "expected ',' or ')'");
    parse_fails("gamma(mean=2, sigma=1)", 15, "gamma takes no 'sigma'");
    parse_fails("gamma(mean=2, mean=3)", 15, "'mean' is given twice");
    parse_fails("gamma(mean=two)", 12, "'mean' must be a number");
    parse_fails("gamma mean=2", 7, "expected '('");
    parse_fails("gamma(mean=2)", 1, "gamma needs shape and scale");
    parse_fails("gamma(mean=2, cv=0.5) x", 23, "unexpected text after ')'");
    parse_fails("5 days", 3, "unexpected text after the number");
    parse_fails("", 1, "expected a number or a distribution");
    parse_fails("exponential(mean=-1)", 18, "mean must be > 0");
    parse_fails("discrete(values=1;2, probs=1)", 22, "2 values but 1 probs");
}

Test(dist, format_round_trips_exactly)
{
    const char *texts[] = {
        "7.25",
        "uniform(min=0.1, max=3.3)",
        "exponential(mean=2.7)",
        "normal(mean=10, sd=2.2)",
        "lognormal(mean=30, cv=0.4)",
        "gamma(mean=2, cv=0.3)",
        "poisson(mean=3.3)",
        "negbinomial(mean=4, cv=0.9)",
        "discrete(values=1;2;3, probs=0.2;0.5;0.3)",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        dist a = parse_ok(texts[i]);
        char buf[512];
        cr_assert_lt(dist_format(&a, buf, sizeof buf), (int)sizeof buf);
        dist b = parse_ok(buf);
        cr_assert_eq(a.kind, b.kind, "%s", buf);
        cr_assert_eq(a.a, b.a, "%s", buf);
        cr_assert_eq(a.b, b.b, "%s", buf);
        cr_assert_eq(dist_mean(&a), dist_mean(&b), "%s", buf);
        dist_free(&a);
        dist_free(&b);
    }
}

Test(dist, copies_are_deep)
{
    dist a = parse_ok("discrete(values=1;2, probs=0.5;0.5)");
    dist b;
    cr_assert_eq(dist_copy(&b, &a), 0);
    cr_assert_neq(a.values, b.values);
    dist_free(&a);
    cr_assert_float_eq(dist_mean(&b), 1.5, 1e-12);
    gsl_rng *r = stream_create(2, 0, "copy");
    double x = dist_sample(&b, r);
    cr_assert(x == 1.0 || x == 2.0);
    gsl_rng_free(r);
    dist_free(&b);
}

Test(dist, junk_never_crashes)
{
    gsl_rng *r = stream_create(4, 0, "junk");
    const char alphabet[] = "gamma(=,;)[] 0123456789.e-+xyzdiscretevalues";
    char text[64];
    for (int k = 0; k < 10000; k++) {
        size_t n = gsl_rng_uniform_int(r, sizeof text - 1);
        for (size_t i = 0; i < n; i++)
            text[i] = gsl_rng_uniform(r) < 0.8
                          ? alphabet[gsl_rng_uniform_int(r,
                                                         sizeof alphabet - 1)]
                          : (char)(1 + gsl_rng_uniform_int(r, 255));
        text[n] = '\0';
        dist d;
        int column = 0;
        char err[200];
        if (dist_parse(text, &d, &column, err, sizeof err) == 0)
            dist_free(&d);
        else
            cr_assert(column >= 1 && (size_t)column <= n + 1,
                      "column %d for '%s'", column, text);
    }
    gsl_rng_free(r);
}
