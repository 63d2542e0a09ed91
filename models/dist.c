/*
 * dist.c - the distributions of dist.h: constructors and their checks,
 * samplers on GSL, exact moments, and the compact text form (parse and
 * format).
 *
 * It is not a general statistics library: it offers the few families an
 * inventory model needs, each described the way practitioners describe it.
 * It does not read scenario files; dist_parse reads one distribution's text.
 */
#include "dist.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

/* ---- errors --------------------------------------------------------------- */

/* Where a constructor's complaint lands: the message, and which parameter
 * (0 or 1 in the constructor's order, -1 for a relation between them) it is
 * about, so that dist_parse can point at the right key. */
typedef struct problem {
    char *err;
    size_t errlen;
    int param;
} problem;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail(problem *pb, int param, const char *fmt, ...)
{
    if (pb->err && pb->errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(pb->err, pb->errlen, fmt, ap);
        va_end(ap);
    }
    pb->param = param;
    return -1;
}

static int need_finite(problem *pb, int param, const char *name, double x)
{
    if (!isfinite(x))
        return fail(pb, param, "%s must be a finite number, got %g", name, x);
    return 0;
}

static int need_positive(problem *pb, int param, const char *name, double x)
{
    if (need_finite(pb, param, name, x) != 0)
        return -1;
    if (!(x > 0.0))
        return fail(pb, param, "%s must be > 0, got %g", name, x);
    return 0;
}

static int need_nonnegative(problem *pb, int param, const char *name,
                            double x)
{
    if (need_finite(pb, param, name, x) != 0)
        return -1;
    if (!(x >= 0.0))
        return fail(pb, param, "%s must be >= 0, got %g", name, x);
    return 0;
}

/* ---- constructors --------------------------------------------------------- */

/* GSL's Poisson sampler returns an unsigned int and converts mu * 7/8 to
 * one: means much above 1e9 overflow it. */
#define POISSON_MEAN_MAX 1e9

/* A normal truncated further into its tail than this is, to within double
 * precision, an exponential; its tail probability would also underflow near
 * 37 standard deviations. */
#define NORMAL_TAIL_MAX 30.0

static void set_simple(dist *d, dist_kind kind, double a, double b)
{
    *d = (dist){.kind = kind, .a = a, .b = b};
}

static int make_constant(dist *d, double value, problem *pb)
{
    if (need_finite(pb, 0, "value", value) != 0)
        return -1;
    set_simple(d, DIST_CONSTANT, value, 0.0);
    return 0;
}

static int make_uniform(dist *d, double min, double max, problem *pb)
{
    if (need_finite(pb, 0, "min", min) != 0 ||
        need_finite(pb, 1, "max", max) != 0)
        return -1;
    if (!(min <= max))
        return fail(pb, 1, "min must be <= max, got min %g and max %g", min,
                    max);
    set_simple(d, DIST_UNIFORM, min, max);
    return 0;
}

static int make_exponential(dist *d, double mean, problem *pb)
{
    if (need_positive(pb, 0, "mean", mean) != 0)
        return -1;
    set_simple(d, DIST_EXPONENTIAL, mean, 0.0);
    return 0;
}

static int make_normal(dist *d, double mean, double sd, problem *pb)
{
    if (need_finite(pb, 0, "mean", mean) != 0 ||
        need_nonnegative(pb, 1, "sd", sd) != 0)
        return -1;
    if (sd == 0.0 && mean < 0.0)
        return fail(pb, 0,
                    "mean must be >= 0 when sd is 0, got %g; a normal "
                    "truncated at 0 cannot sit below 0",
                    mean);
    if (sd > 0.0 && mean < -NORMAL_TAIL_MAX * sd)
        return fail(pb, 0,
                    "mean %g is more than %g sd below 0; expected a mean "
                    ">= %g (use exponential for a far tail)",
                    mean, NORMAL_TAIL_MAX, -NORMAL_TAIL_MAX * sd);
    set_simple(d, DIST_NORMAL, mean, sd);
    return 0;
}

static int make_lognormal(dist *d, double mean, double cv, problem *pb)
{
    if (need_positive(pb, 0, "mean", mean) != 0 ||
        need_nonnegative(pb, 1, "cv", cv) != 0)
        return -1;
    if (!isfinite(log1p(cv * cv)))
        return fail(pb, 1, "cv %g is too large; expected a cv below 1e150",
                    cv);
    set_simple(d, DIST_LOGNORMAL, mean, cv);
    return 0;
}

static int make_gamma(dist *d, double shape, double scale, problem *pb)
{
    if (need_positive(pb, 0, "shape", shape) != 0 ||
        need_positive(pb, 1, "scale", scale) != 0)
        return -1;
    set_simple(d, DIST_GAMMA, shape, scale);
    return 0;
}

static int make_poisson(dist *d, double mean, problem *pb)
{
    if (need_nonnegative(pb, 0, "mean", mean) != 0)
        return -1;
    if (mean > POISSON_MEAN_MAX)
        return fail(pb, 0,
                    "mean %g is too large for a poisson; expected a mean "
                    "<= %g (use normal for huge counts)",
                    mean, POISSON_MEAN_MAX);
    set_simple(d, DIST_POISSON, mean, 0.0);
    return 0;
}

static int make_negbinomial(dist *d, double p, double n, problem *pb)
{
    if (need_finite(pb, 0, "p", p) != 0)
        return -1;
    if (!(p > 0.0 && p <= 1.0))
        return fail(pb, 0, "p must be in (0, 1], got %g", p);
    if (need_positive(pb, 1, "n", n) != 0)
        return -1;
    double mean = n * (1.0 - p) / p;
    if (!(mean <= POISSON_MEAN_MAX))
        return fail(pb, -1,
                    "mean n(1-p)/p = %g is too large; expected a mean <= %g",
                    mean, POISSON_MEAN_MAX);
    set_simple(d, DIST_NEGBINOMIAL, p, n);
    return 0;
}

/* Probabilities that sum to 1 up to rounding are kept as given, so that
 * formatting a distribution and parsing it back reproduces it bit for bit;
 * others (within the 1e-3 tolerance) are divided by their sum. */
static int make_discrete(dist *d, const double *values, const double *probs,
                         size_t n, problem *pb)
{
    if (n == 0 || !values || !probs)
        return fail(pb, 0, "values must not be empty; expected at least one "
                           "value with its probability");
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i]))
            return fail(pb, 0, "value %zu must be a finite number, got %g",
                        i + 1, values[i]);
        if (!isfinite(probs[i]) || !(probs[i] >= 0.0))
            return fail(pb, 1, "probability %zu must be >= 0, got %g", i + 1,
                        probs[i]);
        sum += probs[i];
    }
    if (!(fabs(sum - 1.0) <= 1e-3))
        return fail(pb, 1,
                    "probabilities sum to %.6g; expected a sum of 1 (within "
                    "0.001)",
                    sum);
    double *v = malloc(n * sizeof *v);
    double *p = malloc(n * sizeof *p);
    if (!v || !p) {
        free(v);
        free(p);
        return fail(pb, -1, "out of memory; expected fewer values");
    }
    int rescale = fabs(sum - 1.0) > 4.0 * (double)n * DBL_EPSILON;
    for (size_t i = 0; i < n; i++) {
        v[i] = values[i];
        p[i] = rescale ? probs[i] / sum : probs[i];
    }
    gsl_ran_discrete_t *table = gsl_ran_discrete_preproc(n, p);
    if (!table) {
        free(v);
        free(p);
        return fail(pb, -1, "out of memory; expected fewer values");
    }
    *d = (dist){.kind = DIST_DISCRETE, .n = n, .values = v, .probs = p,
                .table = table};
    return 0;
}

/* Every relation that mean and cv cannot satisfy is blamed on the cv
 * (parameter 1): given the mean, the cv is what the user must change. */
static int make_from_mean_cv(dist *d, dist_kind kind, double mean, double cv,
                             problem *pb)
{
    if (kind == DIST_CONSTANT) {
        if (need_finite(pb, 0, "mean", mean) != 0)
            return -1;
        if (cv != 0.0)
            return fail(pb, 1,
                        "a constant has cv 0, got %g; use a distribution "
                        "with variability for cv > 0",
                        cv);
        return make_constant(d, mean, pb);
    }
    if (kind == DIST_DISCRETE)
        return fail(pb, -1, "a discrete distribution cannot be built from "
                            "mean and cv; expected values and probs");
    if (need_positive(pb, 0, "mean", mean) != 0 ||
        need_nonnegative(pb, 1, "cv", cv) != 0)
        return -1;
    switch (kind) {
    case DIST_UNIFORM: {
        double half = mean * cv * sqrt(3.0);
        double min = mean - half;
        /* cv = 1/sqrt(3) exactly should give min 0, not -1e-17. */
        if (min < 0.0 && min > -1e-12 * mean)
            min = 0.0;
        if (min < 0.0)
            return fail(pb, 1,
                        "a uniform with mean %g and cv %g reaches below 0 "
                        "(min %g); expected cv <= 1/sqrt(3) = 0.57735",
                        mean, cv, min);
        return make_uniform(d, min, mean + half, pb);
    }
    case DIST_EXPONENTIAL:
        if (!(fabs(cv - 1.0) <= 1e-9))
            return fail(pb, 1,
                        "an exponential has cv 1, got %g; use gamma for "
                        "another cv",
                        cv);
        return make_exponential(d, mean, pb);
    case DIST_NORMAL:
        return make_normal(d, mean, cv * mean, pb);
    case DIST_LOGNORMAL:
        return make_lognormal(d, mean, cv, pb);
    case DIST_GAMMA: {
        if (cv == 0.0)
            return fail(pb, 1,
                        "a gamma needs cv > 0, got 0; use constant(value=%g) "
                        "for no variability",
                        mean);
        double shape = 1.0 / (cv * cv), scale = mean * cv * cv;
        if (!(shape > 0.0 && isfinite(shape) && scale > 0.0 &&
              isfinite(scale)))
            return fail(pb, 1,
                        "cv %g is out of range for a gamma of mean %g; "
                        "expected a cv between 1e-150 and 1e150",
                        cv, mean);
        return make_gamma(d, shape, scale, pb);
    }
    case DIST_POISSON: {
        double want = 1.0 / sqrt(mean);
        if (!(fabs(cv - want) <= 1e-6 * want))
            return fail(pb, 1,
                        "a poisson of mean %g has cv %.6g, got %g; use "
                        "negbinomial for a larger cv",
                        mean, want, cv);
        return make_poisson(d, mean, pb);
    }
    case DIST_NEGBINOMIAL: {
        double var = (cv * mean) * (cv * mean);
        if (!isfinite(var))
            return fail(pb, 1, "cv %g is too large; expected a finite "
                               "variance (cv * mean)^2", cv);
        if (!(var > mean))
            return fail(pb, 1,
                        "a negbinomial of mean %g needs cv > 1/sqrt(mean) "
                        "= %.6g, got %g; use poisson for cv = 1/sqrt(mean)",
                        mean, 1.0 / sqrt(mean), cv);
        return make_negbinomial(d, mean / var, mean * mean / (var - mean),
                                pb);
    }
    default:
        return fail(pb, -1, "unknown distribution kind %d; expected one of "
                            "dist_kind", (int)kind);
    }
}

#define PROBLEM(err, errlen) {(err), (errlen), -1}

int dist_constant(dist *d, double value, char *err, size_t errlen)
{
    problem pb = PROBLEM(err, errlen);
    return make_constant(d, value, &pb);
}

int dist_uniform(dist *d, double min, double max, char *err, size_t errlen)
{
    problem pb = PROBLEM(err, errlen);
    return make_uniform(d, min, max, &pb);
}

int dist_exponential(dist *d, double mean, char *err, size_t errlen)
{
    problem pb = PROBLEM(err, errlen);
    return make_exponential(d, mean, &pb);
}

int dist_normal(dist *d, double mean, double sd, char *err, size_t errlen)
{
    problem pb = PROBLEM(err, errlen);
    return make_normal(d, mean, sd, &pb);
}

int dist_lognormal(dist *d, double mean, double cv, char *err, size_t errlen)
{
    problem pb = PROBLEM(err, errlen);
    return make_lognormal(d, mean, cv, &pb);
}

int dist_gamma(dist *d, double shape, double scale, char *err, size_t errlen)
{
    problem pb = PROBLEM(err, errlen);
    return make_gamma(d, shape, scale, &pb);
}

int dist_poisson(dist *d, double mean, char *err, size_t errlen)
{
    problem pb = PROBLEM(err, errlen);
    return make_poisson(d, mean, &pb);
}

int dist_negbinomial(dist *d, double p, double n, char *err, size_t errlen)
{
    problem pb = PROBLEM(err, errlen);
    return make_negbinomial(d, p, n, &pb);
}

int dist_discrete(dist *d, const double *values, const double *probs,
                  size_t n, char *err, size_t errlen)
{
    problem pb = PROBLEM(err, errlen);
    return make_discrete(d, values, probs, n, &pb);
}

int dist_from_mean_cv(dist *d, dist_kind kind, double mean, double cv,
                      char *err, size_t errlen)
{
    problem pb = PROBLEM(err, errlen);
    return make_from_mean_cv(d, kind, mean, cv, &pb);
}

/* ---- ownership ------------------------------------------------------------ */

void dist_free(dist *d)
{
    if (!d)
        return;
    free(d->values);
    free(d->probs);
    if (d->table)
        gsl_ran_discrete_free(d->table);
    d->values = NULL;
    d->probs = NULL;
    d->table = NULL;
    d->n = 0;
}

int dist_copy(dist *dst, const dist *src)
{
    if (src->kind != DIST_DISCRETE) {
        set_simple(dst, src->kind, src->a, src->b);
        return 0;
    }
    /* GSL has no copy of an alias table: it is rebuilt from the (already
     * normalised) probabilities, which are copied bit for bit. */
    *dst = (dist){.kind = DIST_CONSTANT};
    double *v = malloc(src->n * sizeof *v);
    double *p = malloc(src->n * sizeof *p);
    gsl_ran_discrete_t *table =
        v && p ? gsl_ran_discrete_preproc(src->n, src->probs) : NULL;
    if (!table) {
        free(v);
        free(p);
        return -1;
    }
    memcpy(v, src->values, src->n * sizeof *v);
    memcpy(p, src->probs, src->n * sizeof *p);
    *dst = (dist){.kind = DIST_DISCRETE, .n = src->n, .values = v,
                  .probs = p, .table = table};
    return 0;
}

/* ---- sampling ------------------------------------------------------------- */

/* Inversion on [0, inf): one uniform per variate. When 0 lies below the
 * mean (alpha <= 0) the lower-tail form is accurate; above it, the upper
 * tail Q(alpha) is small and 1 - Phi(alpha) would lose every digit, so the
 * upper-tail form is used. */
static double sample_truncated_normal(double mu, double sd, gsl_rng *r)
{
    if (sd == 0.0)
        return mu;
    double u = gsl_rng_uniform_pos(r);
    double alpha = -mu / sd;
    double z;
    if (alpha <= 0.0) {
        double f0 = gsl_cdf_ugaussian_P(alpha);
        z = gsl_cdf_ugaussian_Pinv(f0 + u * (1.0 - f0));
    } else {
        double q0 = gsl_cdf_ugaussian_Q(alpha);
        z = gsl_cdf_ugaussian_Qinv((1.0 - u) * q0);
    }
    double x = mu + sd * z;
    return x > 0.0 ? x : 0.0; /* rounding can land a hair below 0 */
}

/* GSL's negative binomial is a Poisson of a gamma; its Poisson would
 * overflow on a gamma variate beyond about 4e9, which a very skewed
 * negative binomial can draw even with a moderate mean. There the Poisson
 * noise is below 0.003% of the variate and the rounded gamma is used. */
static double sample_negbinomial(double p, double n, gsl_rng *r)
{
    double lambda = gsl_ran_gamma(r, n, 1.0) * (1.0 - p) / p;
    if (lambda < POISSON_MEAN_MAX)
        return (double)gsl_ran_poisson(r, lambda);
    return floor(lambda + 0.5);
}

double dist_sample(const dist *d, gsl_rng *r)
{
    switch (d->kind) {
    case DIST_CONSTANT:
        return d->a;
    case DIST_UNIFORM:
        return gsl_ran_flat(r, d->a, d->b);
    case DIST_EXPONENTIAL:
        return gsl_ran_exponential(r, d->a);
    case DIST_NORMAL:
        return sample_truncated_normal(d->a, d->b, r);
    case DIST_LOGNORMAL: {
        if (d->b == 0.0)
            return d->a;
        double sigma2 = log1p(d->b * d->b);
        return gsl_ran_lognormal(r, log(d->a) - 0.5 * sigma2, sqrt(sigma2));
    }
    case DIST_GAMMA:
        return gsl_ran_gamma(r, d->a, d->b);
    case DIST_POISSON:
        return (double)gsl_ran_poisson(r, d->a);
    case DIST_NEGBINOMIAL:
        return sample_negbinomial(d->a, d->b, r);
    case DIST_DISCRETE:
        return d->values[gsl_ran_discrete(r, d->table)];
    }
    return 0.0;
}

/* ---- moments -------------------------------------------------------------- */

/* Moments of N(mu, sd^2) truncated to [0, inf): with alpha = -mu/sd and the
 * inverse Mills ratio lambda = phi(alpha) / (1 - Phi(alpha)),
 * mean = mu + sd lambda, variance = sd^2 (1 + alpha lambda - lambda^2). */
static void truncated_normal_moments(double mu, double sd, double *mean,
                                     double *var)
{
    if (sd == 0.0) {
        *mean = mu;
        *var = 0.0;
        return;
    }
    double alpha = -mu / sd;
    if (alpha < -38.0) {
        /* The cut-off mass is below 1e-300: nothing is truncated, and
         * alpha * lambda would be inf * 0. */
        *mean = mu;
        *var = sd * sd;
        return;
    }
    double lambda = gsl_ran_ugaussian_pdf(alpha) / gsl_cdf_ugaussian_Q(alpha);
    *mean = mu + sd * lambda;
    *var = sd * sd * (1.0 + alpha * lambda - lambda * lambda);
}

double dist_mean(const dist *d)
{
    switch (d->kind) {
    case DIST_CONSTANT:
        return d->a;
    case DIST_UNIFORM:
        return 0.5 * (d->a + d->b);
    case DIST_EXPONENTIAL:
    case DIST_LOGNORMAL:
    case DIST_POISSON:
        return d->a;
    case DIST_NORMAL: {
        double mean, var;
        truncated_normal_moments(d->a, d->b, &mean, &var);
        return mean;
    }
    case DIST_GAMMA:
        return d->a * d->b;
    case DIST_NEGBINOMIAL:
        return d->b * (1.0 - d->a) / d->a;
    case DIST_DISCRETE: {
        double mean = 0.0;
        for (size_t i = 0; i < d->n; i++)
            mean += d->values[i] * d->probs[i];
        return mean;
    }
    }
    return 0.0;
}

double dist_variance(const dist *d)
{
    switch (d->kind) {
    case DIST_CONSTANT:
        return 0.0;
    case DIST_UNIFORM:
        return (d->b - d->a) * (d->b - d->a) / 12.0;
    case DIST_EXPONENTIAL:
        return d->a * d->a;
    case DIST_NORMAL: {
        double mean, var;
        truncated_normal_moments(d->a, d->b, &mean, &var);
        return var;
    }
    case DIST_LOGNORMAL:
        return (d->a * d->b) * (d->a * d->b);
    case DIST_GAMMA:
        return d->a * d->b * d->b;
    case DIST_POISSON:
        return d->a;
    case DIST_NEGBINOMIAL:
        return d->b * (1.0 - d->a) / (d->a * d->a);
    case DIST_DISCRETE: {
        /* Two passes: the mean first, then squared deviations, which stays
         * accurate when the values are large and close together. */
        double mean = dist_mean(d), var = 0.0;
        for (size_t i = 0; i < d->n; i++)
            var += d->probs[i] * (d->values[i] - mean) * (d->values[i] - mean);
        return var;
    }
    }
    return 0.0;
}

double dist_cv(const dist *d)
{
    double mean = dist_mean(d);
    if (mean == 0.0)
        return 0.0;
    return sqrt(dist_variance(d)) / fabs(mean);
}

static int is_whole(double x)
{
    return isfinite(x) && x == floor(x);
}

int dist_is_integer(const dist *d)
{
    switch (d->kind) {
    case DIST_POISSON:
    case DIST_NEGBINOMIAL:
        return 1;
    case DIST_CONSTANT:
        return is_whole(d->a);
    case DIST_UNIFORM: /* degenerate ones only */
        return d->a == d->b && is_whole(d->a);
    case DIST_NORMAL:
    case DIST_LOGNORMAL:
        return d->b == 0.0 && is_whole(d->a);
    case DIST_DISCRETE:
        for (size_t i = 0; i < d->n; i++)
            if (d->probs[i] > 0.0 && !is_whole(d->values[i]))
                return 0;
        return 1;
    case DIST_EXPONENTIAL:
    case DIST_GAMMA:
        return 0;
    }
    return 0;
}

int dist_check_nonnegative(const dist *d, char *err, size_t errlen)
{
    problem pb = PROBLEM(err, errlen);
    switch (d->kind) {
    case DIST_CONSTANT:
        if (d->a < 0.0)
            return fail(&pb, 0, "value %g is negative; expected a value >= 0",
                        d->a);
        return 0;
    case DIST_UNIFORM:
        if (d->a < 0.0)
            return fail(&pb, 0,
                        "uniform min %g is negative; expected min >= 0", d->a);
        return 0;
    case DIST_DISCRETE:
        for (size_t i = 0; i < d->n; i++)
            if (d->probs[i] > 0.0 && d->values[i] < 0.0)
                return fail(&pb, 0,
                            "discrete value %g is negative; expected values "
                            ">= 0",
                            d->values[i]);
        return 0;
    default:
        return 0; /* truncated or supported on [0, inf) */
    }
}

const char *dist_kind_name(dist_kind kind)
{
    switch (kind) {
    case DIST_CONSTANT:
        return "constant";
    case DIST_UNIFORM:
        return "uniform";
    case DIST_EXPONENTIAL:
        return "exponential";
    case DIST_NORMAL:
        return "normal";
    case DIST_LOGNORMAL:
        return "lognormal";
    case DIST_GAMMA:
        return "gamma";
    case DIST_POISSON:
        return "poisson";
    case DIST_NEGBINOMIAL:
        return "negbinomial";
    case DIST_DISCRETE:
        return "discrete";
    }
    return "unknown";
}

/* ---- the text form: keys and names ---------------------------------------- */

enum key {
    KEY_VALUE,
    KEY_MEAN,
    KEY_MIN,
    KEY_MAX,
    KEY_CV,
    KEY_SD,
    KEY_RATE,
    KEY_SHAPE,
    KEY_SCALE,
    KEY_P,
    KEY_N,
    KEY_VALUES,
    KEY_PROBS,
    KEY_COUNT
};

static const char *const key_names[KEY_COUNT] = {
    "value", "mean", "min",   "max", "cv", "sd",     "rate",
    "shape", "scale", "p", "n",  "values", "probs"};

#define K(key) (1u << (key))
#define MAX_ALTERNATIVES 3

/* One spelling of a distribution and the key sets it accepts, each set a
 * complete description (in the order messages list them). */
typedef struct form {
    const char *name;
    dist_kind kind;
    unsigned alternatives[MAX_ALTERNATIVES];
} form;

static const form forms[] = {
    {"constant", DIST_CONSTANT, {K(KEY_VALUE), K(KEY_MEAN)}},
    {"uniform", DIST_UNIFORM,
     {K(KEY_MIN) | K(KEY_MAX), K(KEY_MEAN) | K(KEY_CV)}},
    {"exponential", DIST_EXPONENTIAL, {K(KEY_MEAN), K(KEY_RATE)}},
    {"normal", DIST_NORMAL,
     {K(KEY_MEAN) | K(KEY_SD), K(KEY_MEAN) | K(KEY_CV)}},
    {"lognormal", DIST_LOGNORMAL,
     {K(KEY_MEAN) | K(KEY_CV), K(KEY_MEAN) | K(KEY_SD)}},
    {"gamma", DIST_GAMMA,
     {K(KEY_SHAPE) | K(KEY_SCALE), K(KEY_MEAN) | K(KEY_CV),
      K(KEY_MEAN) | K(KEY_SD)}},
    {"poisson", DIST_POISSON, {K(KEY_MEAN)}},
    {"negbinomial", DIST_NEGBINOMIAL,
     {K(KEY_P) | K(KEY_N), K(KEY_MEAN) | K(KEY_CV)}},
    {"negative_binomial", DIST_NEGBINOMIAL,
     {K(KEY_P) | K(KEY_N), K(KEY_MEAN) | K(KEY_CV)}},
    {"discrete", DIST_DISCRETE, {K(KEY_VALUES) | K(KEY_PROBS)}},
    {"empirical", DIST_DISCRETE, {K(KEY_VALUES) | K(KEY_PROBS)}},
};

#define N_FORMS (sizeof forms / sizeof forms[0])

static unsigned allowed_keys(const form *f)
{
    unsigned all = 0;
    for (int i = 0; i < MAX_ALTERNATIVES; i++)
        all |= f->alternatives[i];
    return all;
}

/* A growing string for messages: never overflows, truncates silently. */
typedef struct text_buf {
    char *s;
    size_t cap;
    size_t len; /* what would have been written */
} text_buf;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(text_buf *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n;
    if (t->len < t->cap)
        n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
    else
        n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len += (size_t)n;
}

/* "min and max, or mean and cv" / "shape and scale, mean and cv, or mean
 * and sd" */
static void describe_alternatives(text_buf *t, const form *f)
{
    int count = 0;
    while (count < MAX_ALTERNATIVES && f->alternatives[count])
        count++;
    for (int i = 0; i < count; i++) {
        if (i > 0)
            put(t, "%s", i == count - 1 ? ", or " : ", ");
        int first = 1;
        for (int k = 0; k < KEY_COUNT; k++)
            if (f->alternatives[i] & K(k)) {
                put(t, first ? "%s" : " and %s", key_names[k]);
                first = 0;
            }
    }
}

/* "shape, scale, mean, cv or sd": every key in the order it first appears
 * among the alternatives. */
static void describe_keys(text_buf *t, const form *f)
{
    int order[KEY_COUNT], count = 0;
    unsigned seen = 0;
    for (int i = 0; i < MAX_ALTERNATIVES; i++)
        for (int k = 0; k < KEY_COUNT; k++)
            if ((f->alternatives[i] & K(k)) && !(seen & K(k))) {
                seen |= K(k);
                order[count++] = k;
            }
    for (int i = 0; i < count; i++)
        put(t, "%s%s", i == 0 ? "" : i == count - 1 ? " or " : ", ",
            key_names[order[i]]);
}

/* ---- the text form: lexing ------------------------------------------------ */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_ident(char c)
{
    return is_ident_start(c) || is_digit(c);
}

static size_t skip_spaces(const char *text, size_t pos)
{
    while (is_space(text[pos]))
        pos++;
    return pos;
}

/* The length of the decimal number at s (sign, digits, point, exponent),
 * 0 if there is none. Hexadecimal, inf and nan, which strtod would take,
 * are not numbers here. */
static size_t scan_number(const char *s)
{
    size_t i = 0, digits = 0;
    if (s[i] == '+' || s[i] == '-')
        i++;
    while (is_digit(s[i]))
        i++, digits++;
    if (s[i] == '.') {
        i++;
        while (is_digit(s[i]))
            i++, digits++;
    }
    if (digits == 0)
        return 0;
    if (s[i] == 'e' || s[i] == 'E') {
        size_t j = i + 1;
        if (s[j] == '+' || s[j] == '-')
            j++;
        if (is_digit(s[j])) {
            while (is_digit(s[j]))
                j++;
            i = j;
        }
    }
    return i;
}

/* Converts the number of `len` characters at s (as scanned above). strtod
 * reads a copy, so it cannot run past the token; the program runs in the
 * "C" locale, where the decimal separator is '.'. Returns -1 if the number
 * is too long or out of range. */
static int number_value(const char *s, size_t len, double *x)
{
    char buf[400];
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    double v = strtod(buf, &end);
    if (end != buf + len || !isfinite(v))
        return -1;
    *x = v;
    return 0;
}

/* A token quoted in a message: at most 24 bytes, unprintable ones as '?'. */
static const char *show_token(const char *s, size_t len, char out[32])
{
    size_t n = len > 24 ? 24 : len, i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    if (len > n) {
        memcpy(out + i, "...", 3);
        i += 3;
    }
    out[i] = '\0';
    return out;
}

/* Levenshtein distance, letters compared without case; strings longer than
 * 32 characters are "far" from every name. */
static size_t edit_distance(const char *a, size_t na, const char *b)
{
    size_t nb = strlen(b);
    if (na > 32 || nb > 32)
        return (size_t)-1;
    size_t row[33];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            char ca = a[i - 1], cb = b[j - 1];
            if (ca >= 'A' && ca <= 'Z')
                ca = (char)(ca - 'A' + 'a');
            size_t cost = ca == cb ? 0 : 1;
            size_t best = diagonal + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diagonal = row[j];
            row[j] = best;
        }
    }
    return row[nb];
}

/* The name a mistyped one most likely meant: the nearest by edit distance
 * if it is close (at most a third of its letters, and at least 1), or one
 * that the text begins (3 letters or more); NULL otherwise. */
static const char *suggest_name(const char *s, size_t len)
{
    const char *best = NULL;
    size_t best_distance = (size_t)-1;
    for (size_t i = 0; i < N_FORMS; i++) {
        size_t distance = edit_distance(s, len, forms[i].name);
        size_t limit = strlen(forms[i].name) / 3;
        if (limit < 1)
            limit = 1;
        if (distance <= limit && distance < best_distance) {
            best = forms[i].name;
            best_distance = distance;
        }
    }
    if (best || len < 3)
        return best;
    for (size_t i = 0; i < N_FORMS; i++)
        if (strlen(forms[i].name) > len &&
            strncmp(forms[i].name, s, len) == 0)
            return forms[i].name;
    return NULL;
}

/* ---- the text form: parsing ----------------------------------------------- */

typedef struct parsed_key {
    int present;
    size_t column; /* 1-based column of the key's name */
    size_t value_column;
    double x;
    double *list; /* values and probs: owned */
    size_t list_n;
} parsed_key;

typedef struct parser {
    const char *text;
    size_t pos;
    int *err_column;
    char *err;
    size_t errlen;
    const form *f;
    size_t name_column;
    size_t close_column;  /* the ')' */
    parsed_key keys[KEY_COUNT];
    int order[KEY_COUNT]; /* keys in the order given */
    int n_given;
} parser;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int parse_error(parser *ps, size_t column, const char *fmt, ...)
{
    if (ps->err_column)
        *ps->err_column = (int)(column > (size_t)0x7fffffff ? 0x7fffffff
                                                            : column);
    if (ps->err && ps->errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ps->err, ps->errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static void free_keys(parser *ps)
{
    for (int k = 0; k < KEY_COUNT; k++) {
        free(ps->keys[k].list);
        ps->keys[k].list = NULL;
    }
}

/* The end of a value token: it runs to a separator or a space. */
static size_t token_end(const char *text, size_t pos)
{
    while (text[pos] && text[pos] != ',' && text[pos] != ')' &&
           text[pos] != ';' && text[pos] != '(' && !is_space(text[pos]))
        pos++;
    return pos;
}

static int missing_value(parser *ps, int key)
{
    return parse_error(ps, ps->pos + 1,
                       "missing value for %s; expected %s=NUMBER",
                       key_names[key], key_names[key]);
}

static int parse_scalar(parser *ps, int key)
{
    const char *text = ps->text;
    size_t start = ps->pos, end = token_end(text, start);
    if (end == start)
        return missing_value(ps, key);
    size_t len = scan_number(text + start);
    double x;
    if (len == 0 || start + len != end ||
        number_value(text + start, len, &x) != 0) {
        char tok[32];
        return parse_error(ps, start + 1,
                           "bad number '%s' for %s; expected a number like "
                           "2.5",
                           show_token(text + start, end - start, tok),
                           key_names[key]);
    }
    ps->keys[key].x = x;
    ps->pos = end;
    return 0;
}

/* values=1;2;3 - numbers separated by ';', spaces allowed around them. */
static int parse_list(parser *ps, int key)
{
    const char *text = ps->text;
    parsed_key *pk = &ps->keys[key];
    size_t cap = 0;
    for (;;) {
        size_t start = ps->pos, end = token_end(text, start);
        if (end == start)
            return missing_value(ps, key);
        size_t len = scan_number(text + start);
        double x;
        if (len == 0 || start + len != end ||
            number_value(text + start, len, &x) != 0) {
            char tok[32];
            return parse_error(ps, start + 1,
                               "bad number '%s' in %s; expected numbers "
                               "separated by ';' like 1;2;3",
                               show_token(text + start, end - start, tok),
                               key_names[key]);
        }
        if (pk->list_n == cap) {
            size_t new_cap = cap ? 2 * cap : 8;
            double *grown = realloc(pk->list, new_cap * sizeof *grown);
            if (!grown)
                return parse_error(ps, start + 1,
                                   "out of memory; expected a shorter list");
            pk->list = grown;
            cap = new_cap;
        }
        pk->list[pk->list_n++] = x;
        ps->pos = skip_spaces(text, end);
        if (text[ps->pos] != ';')
            return 0;
        ps->pos = skip_spaces(text, ps->pos + 1);
    }
}

/* KEY=VALUE, ... ) */
static int parse_arguments(parser *ps)
{
    const char *text = ps->text;
    const char *fname = ps->f->name;
    ps->pos = skip_spaces(text, ps->pos);
    if (text[ps->pos] == ')') {
        ps->close_column = ps->pos + 1;
        ps->pos++;
        return 0;
    }
    for (;;) {
        size_t start = ps->pos;
        if (!is_ident_start(text[start])) {
            if (text[start] == '\0')
                return parse_error(ps, start + 1,
                                   "missing ')'; expected KEY=VALUE or ')' "
                                   "to close %s(",
                                   fname);
            char tok[32];
            return parse_error(ps, start + 1,
                               "unexpected '%s'; expected a key name like "
                               "mean=",
                               show_token(text + start, 1, tok));
        }
        size_t end = start;
        while (is_ident(text[end]))
            end++;
        int key = -1;
        for (int k = 0; k < KEY_COUNT; k++)
            if (strlen(key_names[k]) == end - start &&
                memcmp(key_names[k], text + start, end - start) == 0)
                key = k;
        if (key < 0 || !(allowed_keys(ps->f) & K(key))) {
            char tok[32], keys[160];
            text_buf t = {keys, sizeof keys, 0};
            describe_keys(&t, ps->f);
            return parse_error(ps, start + 1,
                               "unknown key '%s' for %s; expected %s",
                               show_token(text + start, end - start, tok),
                               fname, keys);
        }
        if (ps->keys[key].present)
            return parse_error(ps, start + 1,
                               "duplicate key '%s'; expected each key once",
                               key_names[key]);
        ps->keys[key].present = 1;
        ps->keys[key].column = start + 1;
        ps->order[ps->n_given++] = key;
        ps->pos = skip_spaces(text, end);
        if (text[ps->pos] != '=')
            return parse_error(ps, ps->pos + 1,
                               "missing '=' after %s; expected %s=VALUE",
                               key_names[key], key_names[key]);
        ps->pos = skip_spaces(text, ps->pos + 1);
        ps->keys[key].value_column = ps->pos + 1;
        int rc = (key == KEY_VALUES || key == KEY_PROBS)
                     ? parse_list(ps, key)
                     : parse_scalar(ps, key);
        if (rc != 0)
            return -1;
        ps->pos = skip_spaces(text, ps->pos);
        char c = text[ps->pos];
        if (c == ')') {
            ps->close_column = ps->pos + 1;
            ps->pos++;
            return 0;
        }
        if (c == ',') {
            ps->pos = skip_spaces(text, ps->pos + 1);
            continue;
        }
        if (c == '\0')
            return parse_error(ps, ps->pos + 1,
                               "missing ')'; expected ')' to close %s(",
                               fname);
        char tok[32];
        return parse_error(ps, ps->pos + 1,
                           "unexpected '%s' after the value of %s; expected "
                           "',' or ')'",
                           show_token(text + ps->pos, 1, tok),
                           key_names[key]);
    }
}

/* Checks that the keys given form one of the form's alternatives; returns
 * it, or 0 after reporting what conflicts or is missing. */
static unsigned match_alternative(parser *ps)
{
    const form *f = ps->f;
    unsigned given = 0;
    for (int i = 0; i < ps->n_given; i++)
        given |= K(ps->order[i]);
    char alts[160];
    text_buf t = {alts, sizeof alts, 0};
    describe_alternatives(&t, f);
    for (int i = 0; i < MAX_ALTERNATIVES; i++)
        if (f->alternatives[i] && f->alternatives[i] == given)
            return given;
    /* A key that no alternative holds together with the keys before it. */
    unsigned so_far = 0;
    for (int i = 0; i < ps->n_given; i++) {
        int key = ps->order[i];
        unsigned with = so_far | K(key);
        int fits = 0;
        for (int a = 0; a < MAX_ALTERNATIVES; a++)
            if ((f->alternatives[a] & with) == with)
                fits = 1;
        if (!fits) {
            int other = ps->order[0];
            for (int j = 0; j < i; j++) {
                int shares = 0;
                for (int a = 0; a < MAX_ALTERNATIVES; a++)
                    if ((f->alternatives[a] & (K(key) | K(ps->order[j]))) ==
                        (K(key) | K(ps->order[j])))
                        shares = 1;
                if (!shares) {
                    other = ps->order[j];
                    break;
                }
            }
            parse_error(ps, ps->keys[key].column,
                        "'%s' cannot be combined with '%s'; %s takes %s",
                        key_names[key], key_names[other], f->name, alts);
            return 0;
        }
        so_far = with;
    }
    /* Every key fits some alternative: one key is missing. */
    for (int a = 0; a < MAX_ALTERNATIVES; a++) {
        unsigned alt = f->alternatives[a];
        if (alt && (alt & given) == given) {
            unsigned missing = alt & ~given;
            for (int k = 0; k < KEY_COUNT; k++)
                if (missing & K(k)) {
                    parse_error(ps, ps->close_column, "missing '%s'; %s takes %s",
                                key_names[k], f->name, alts);
                    return 0;
                }
        }
    }
    parse_error(ps, ps->close_column, "missing keys; %s takes %s", f->name,
                alts);
    return 0;
}

/* Builds the distribution from the keys; a constructor's complaint is
 * placed at the value of the key it is about (or at the name). */
static int build(parser *ps, unsigned given, dist *d)
{
    parsed_key *k = ps->keys;
    problem pb = PROBLEM(ps->err, ps->errlen);
    int blame[2] = {-1, -1}; /* the key of constructor parameters 0 and 1 */
    int rc;
    switch (ps->f->kind) {
    case DIST_CONSTANT:
        blame[0] = given == K(KEY_VALUE) ? KEY_VALUE : KEY_MEAN;
        rc = make_constant(d, k[blame[0]].x, &pb);
        break;
    case DIST_UNIFORM:
        if (given == (K(KEY_MIN) | K(KEY_MAX))) {
            blame[0] = KEY_MIN, blame[1] = KEY_MAX;
            rc = make_uniform(d, k[KEY_MIN].x, k[KEY_MAX].x, &pb);
        } else {
            blame[0] = KEY_MEAN, blame[1] = KEY_CV;
            rc = make_from_mean_cv(d, DIST_UNIFORM, k[KEY_MEAN].x,
                                   k[KEY_CV].x, &pb);
        }
        break;
    case DIST_EXPONENTIAL:
        if (given == K(KEY_RATE)) {
            blame[0] = KEY_RATE;
            double rate = k[KEY_RATE].x;
            if (need_positive(&pb, 0, "rate", rate) != 0)
                rc = -1;
            else if (!isfinite(1.0 / rate))
                rc = fail(&pb, 0, "rate %g is too small; expected a rate "
                                  "whose inverse is finite", rate);
            else
                rc = make_exponential(d, 1.0 / rate, &pb);
        } else {
            blame[0] = KEY_MEAN;
            rc = make_exponential(d, k[KEY_MEAN].x, &pb);
        }
        break;
    case DIST_NORMAL:
        blame[0] = KEY_MEAN;
        if (given & K(KEY_SD)) {
            blame[1] = KEY_SD;
            rc = make_normal(d, k[KEY_MEAN].x, k[KEY_SD].x, &pb);
        } else {
            blame[1] = KEY_CV;
            rc = make_from_mean_cv(d, DIST_NORMAL, k[KEY_MEAN].x,
                                   k[KEY_CV].x, &pb);
        }
        break;
    case DIST_LOGNORMAL:
    case DIST_GAMMA:
        if (given == (K(KEY_SHAPE) | K(KEY_SCALE))) {
            blame[0] = KEY_SHAPE, blame[1] = KEY_SCALE;
            rc = make_gamma(d, k[KEY_SHAPE].x, k[KEY_SCALE].x, &pb);
        } else if (given & K(KEY_CV)) {
            blame[0] = KEY_MEAN, blame[1] = KEY_CV;
            rc = make_from_mean_cv(d, ps->f->kind, k[KEY_MEAN].x,
                                   k[KEY_CV].x, &pb);
        } else {
            /* mean and sd: the cv is sd / mean, for a positive mean. */
            blame[0] = KEY_MEAN, blame[1] = KEY_SD;
            double mean = k[KEY_MEAN].x, sd = k[KEY_SD].x;
            if (need_positive(&pb, 0, "mean", mean) != 0 ||
                need_nonnegative(&pb, 1, "sd", sd) != 0)
                rc = -1;
            else
                rc = make_from_mean_cv(d, ps->f->kind, mean, sd / mean, &pb);
        }
        break;
    case DIST_POISSON:
        blame[0] = KEY_MEAN;
        rc = make_poisson(d, k[KEY_MEAN].x, &pb);
        break;
    case DIST_NEGBINOMIAL:
        if (given == (K(KEY_P) | K(KEY_N))) {
            blame[0] = KEY_P, blame[1] = KEY_N;
            rc = make_negbinomial(d, k[KEY_P].x, k[KEY_N].x, &pb);
        } else {
            blame[0] = KEY_MEAN, blame[1] = KEY_CV;
            rc = make_from_mean_cv(d, DIST_NEGBINOMIAL, k[KEY_MEAN].x,
                                   k[KEY_CV].x, &pb);
        }
        break;
    case DIST_DISCRETE:
        blame[0] = KEY_VALUES, blame[1] = KEY_PROBS;
        if (k[KEY_VALUES].list_n != k[KEY_PROBS].list_n) {
            rc = fail(&pb, 1,
                      "probs has %zu entries but values has %zu; expected "
                      "one probability per value",
                      k[KEY_PROBS].list_n, k[KEY_VALUES].list_n);
            break;
        }
        rc = make_discrete(d, k[KEY_VALUES].list, k[KEY_PROBS].list,
                           k[KEY_VALUES].list_n, &pb);
        break;
    default:
        rc = fail(&pb, -1, "unknown distribution");
        break;
    }
    if (rc != 0 && ps->err_column) {
        int key = pb.param == 0 || pb.param == 1 ? blame[pb.param] : -1;
        *ps->err_column =
            (int)(key >= 0 ? ps->keys[key].value_column : ps->name_column);
    }
    return rc;
}

static int parse_named(parser *ps, dist *d)
{
    const char *text = ps->text;
    size_t start = ps->pos, end = start;
    while (is_ident(text[end]))
        end++;
    for (size_t i = 0; i < N_FORMS; i++)
        if (strlen(forms[i].name) == end - start &&
            memcmp(forms[i].name, text + start, end - start) == 0)
            ps->f = &forms[i];
    char tok[32];
    if (!ps->f) {
        const char *hint = suggest_name(text + start, end - start);
        if (hint)
            return parse_error(ps, start + 1,
                               "unknown distribution '%s'; did you mean %s?",
                               show_token(text + start, end - start, tok),
                               hint);
        return parse_error(ps, start + 1,
                           "unknown distribution '%s'; expected a number or "
                           "one of constant, uniform, exponential, normal, "
                           "lognormal, gamma, poisson, negbinomial, discrete",
                           show_token(text + start, end - start, tok));
    }
    ps->name_column = start + 1;
    ps->pos = skip_spaces(text, end);
    if (text[ps->pos] != '(')
        return parse_error(ps, ps->pos + 1,
                           "missing '(' after %s; expected %s(KEY=VALUE, "
                           "...)",
                           ps->f->name, ps->f->name);
    ps->pos++;
    if (parse_arguments(ps) != 0)
        return -1;
    size_t rest = skip_spaces(text, ps->pos);
    if (text[rest] != '\0')
        return parse_error(ps, rest + 1,
                           "unexpected text '%s' after ')'; expected the end "
                           "of the distribution",
                           show_token(text + rest, strlen(text + rest), tok));
    unsigned given = match_alternative(ps);
    if (!given)
        return -1;
    return build(ps, given, d);
}

int dist_parse(const char *text, dist *d, int *err_column, char *err,
               size_t errlen)
{
    parser ps = {.text = text, .err_column = err_column, .err = err,
                 .errlen = errlen};
    if (!text)
        return parse_error(&ps, 1, "no distribution; expected a number or "
                                   "NAME(KEY=VALUE, ...)");
    ps.pos = skip_spaces(text, 0);
    char c = text[ps.pos];
    char tok[32];
    if (c == '\0')
        return parse_error(&ps, ps.pos + 1,
                           "empty distribution; expected a number or "
                           "NAME(KEY=VALUE, ...)");
    if (is_digit(c) || c == '.' || c == '+' || c == '-') {
        /* A bare number: a constant. */
        size_t start = ps.pos, end = start;
        while (text[end] && !is_space(text[end]))
            end++;
        size_t len = scan_number(text + start);
        double x;
        if (len == 0 || start + len != end ||
            number_value(text + start, len, &x) != 0)
            return parse_error(&ps, start + 1,
                               "bad number '%s'; expected a number or "
                               "NAME(KEY=VALUE, ...)",
                               show_token(text + start, end - start, tok));
        size_t rest = skip_spaces(text, end);
        if (text[rest] != '\0')
            return parse_error(&ps, rest + 1,
                               "unexpected text '%s' after the number; "
                               "expected the end of the distribution",
                               show_token(text + rest, strlen(text + rest),
                                          tok));
        problem pb = PROBLEM(err, errlen);
        if (make_constant(d, x, &pb) != 0) {
            if (err_column)
                *err_column = (int)(start + 1);
            return -1;
        }
        return 0;
    }
    if (!is_ident_start(c))
        return parse_error(&ps, ps.pos + 1,
                           "unexpected '%s'; expected a number or "
                           "NAME(KEY=VALUE, ...)",
                           show_token(text + ps.pos, 1, tok));
    int rc = parse_named(&ps, d);
    free_keys(&ps);
    return rc;
}

/* ---- the text form: formatting -------------------------------------------- */

/* The shortest %g form that reads back as the same double. */
static void put_number(text_buf *t, double x)
{
    char buf[40];
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(buf, sizeof buf, "%.*g", precision, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    put(t, "%s", buf);
}

int dist_format(const dist *d, char *buf, size_t len)
{
    text_buf t = {buf, len, 0};
    if (buf && len > 0)
        buf[0] = '\0';
    const char *name = dist_kind_name(d->kind);
    switch (d->kind) {
    case DIST_CONSTANT:
        put_number(&t, d->a);
        break;
    case DIST_UNIFORM:
        put(&t, "uniform(min=");
        put_number(&t, d->a);
        put(&t, ", max=");
        put_number(&t, d->b);
        put(&t, ")");
        break;
    case DIST_EXPONENTIAL:
    case DIST_POISSON:
        put(&t, "%s(mean=", name);
        put_number(&t, d->a);
        put(&t, ")");
        break;
    case DIST_NORMAL:
        put(&t, "normal(mean=");
        put_number(&t, d->a);
        put(&t, ", sd=");
        put_number(&t, d->b);
        put(&t, ")");
        break;
    case DIST_LOGNORMAL:
        put(&t, "lognormal(mean=");
        put_number(&t, d->a);
        put(&t, ", cv=");
        put_number(&t, d->b);
        put(&t, ")");
        break;
    case DIST_GAMMA:
        put(&t, "gamma(shape=");
        put_number(&t, d->a);
        put(&t, ", scale=");
        put_number(&t, d->b);
        put(&t, ")");
        break;
    case DIST_NEGBINOMIAL:
        put(&t, "negbinomial(p=");
        put_number(&t, d->a);
        put(&t, ", n=");
        put_number(&t, d->b);
        put(&t, ")");
        break;
    case DIST_DISCRETE:
        put(&t, "discrete(values=");
        for (size_t i = 0; i < d->n; i++) {
            if (i > 0)
                put(&t, ";");
            put_number(&t, d->values[i]);
        }
        put(&t, ", probs=");
        for (size_t i = 0; i < d->n; i++) {
            if (i > 0)
                put(&t, ";");
            put_number(&t, d->probs[i]);
        }
        put(&t, ")");
        break;
    }
    return t.len > 0x7fffffff ? 0x7fffffff : (int)t.len;
}
