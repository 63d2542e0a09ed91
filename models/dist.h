/*
 * dist.h - probability distributions for lead times, order sizes, demand
 * quantities, process times and disruption timings.
 *
 * One tagged union over GSL's samplers. Every distribution can be built from
 * its natural parameters or, where mean and coefficient of variation fix its
 * shape, from `mean` and `cv` - the way practitioners describe a lead time
 * ("30 days, give or take 40%"). Constructors validate their parameters and
 * say what is wrong and what is expected; sampling never fails.
 *
 * The normal is truncated at zero (a lead time or a demand is never
 * negative): it is sampled by inversion on [0, inf), one uniform per draw,
 * and dist_mean/dist_variance report the truncated moments, not mu and
 * sigma^2. Every sampler draws a fixed number of uniforms per variate where
 * GSL allows it, which keeps common random numbers aligned.
 *
 * This module does not know where its parameters come from (scenario files
 * are parsed elsewhere); dist_parse reads only the compact text form.
 */
#ifndef JITSIM_DIST_H
#define JITSIM_DIST_H

#include <stddef.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

typedef enum dist_kind {
    DIST_CONSTANT,    /* value */
    DIST_UNIFORM,     /* min, max (continuous) */
    DIST_EXPONENTIAL, /* mean */
    DIST_NORMAL,      /* mean, sd of the untruncated normal; truncated at 0 */
    DIST_LOGNORMAL,   /* mean, cv of the variate (not of its log) */
    DIST_GAMMA,       /* shape k, scale theta (mean k theta) */
    DIST_POISSON,     /* mean */
    DIST_NEGBINOMIAL, /* p, n (failures before the n-th success), mean >= 0 */
    DIST_DISCRETE     /* values[i] with probability probs[i] */
} dist_kind;

typedef struct dist {
    dist_kind kind;
    double a; /* first parameter: value, min, mean, mu, k, p ... */
    double b; /* second parameter: max, sd, cv, theta, n ... */
    /* DIST_DISCRETE only (owned; NULL otherwise). */
    size_t n;
    double *values;
    double *probs; /* normalised to sum to 1 */
    gsl_ran_discrete_t *table;
} dist;

/* Constructors. Each returns 0, or -1 with a message in err (one phrase,
 * "what is wrong; what is expected", no location) and *d untouched. */
int dist_constant(dist *d, double value, char *err, size_t errlen);
int dist_uniform(dist *d, double min, double max, char *err, size_t errlen);
int dist_exponential(dist *d, double mean, char *err, size_t errlen);
int dist_normal(dist *d, double mean, double sd, char *err, size_t errlen);
int dist_lognormal(dist *d, double mean, double cv, char *err, size_t errlen);
int dist_gamma(dist *d, double shape, double scale, char *err, size_t errlen);
int dist_poisson(dist *d, double mean, char *err, size_t errlen);
int dist_negbinomial(dist *d, double p, double n, char *err, size_t errlen);
/* probs must be >= 0 and sum to 1 within 1e-3 (then normalised). */
int dist_discrete(dist *d, const double *values, const double *probs,
                  size_t n, char *err, size_t errlen);

/* The member of `kind` with this mean and coefficient of variation
 * (sd/mean): constant (cv must be 0), exponential (cv must be 1), normal
 * (sd = cv*mean; the untruncated parameters), lognormal, gamma, uniform
 * (symmetric about the mean), negative binomial (needs variance > mean,
 * i.e. cv^2 > 1/mean), poisson (cv must be 1/sqrt(mean)). Returns 0 or -1
 * with a message as above. */
int dist_from_mean_cv(dist *d, dist_kind kind, double mean, double cv,
                      char *err, size_t errlen);

/* Parses the compact form: a bare number (constant) or
 * NAME(KEY=VALUE, ...), e.g. "gamma(mean=2, cv=0.25)", "exponential(mean=3)",
 * "uniform(min=1, max=3)", "normal(mean=10, sd=2)", "poisson(mean=4)",
 * "negbinomial(mean=4, cv=0.8)", "discrete(values=1;2;3, probs=.2;.5;.3)".
 * Names: constant, uniform, exponential, normal, lognormal, gamma, poisson,
 * negbinomial (also negative_binomial), discrete (also empirical).
 * On error returns -1, sets *err_column to the 1-based column in `text`
 * where the problem is, and writes a message to err. */
int dist_parse(const char *text, dist *d, int *err_column, char *err,
               size_t errlen);

/* Writes the canonical form (what was simulated, `auto` values resolved)
 * as accepted by dist_parse; returns what snprintf returns. */
int dist_format(const dist *d, char *buf, size_t len);

/* Frees what a discrete distribution owns; safe on any constructed dist and
 * on a zeroed one. */
void dist_free(dist *d);

/* Deep copy into an unconstructed dst. Returns 0 or -1 (out of memory). */
int dist_copy(dist *dst, const dist *src);

/* An exponential variate of the given mean from one uniform: what
 * gsl_ran_exponential computes, -mean log1p(-u), as -mean log(1 - u),
 * which is the same number up to rounding and about twice as fast (the
 * line models draw one for every unit at every stage). */
static inline double dist_exponential_draw(gsl_rng *r, double mean)
{
    return -mean * log(1.0 - gsl_rng_uniform(r));
}

/* The kinds other than constant and exponential (dist.c). */
double dist_sample_other(const dist *d, gsl_rng *r);

/* One variate (never negative for the kinds above except a uniform or
 * discrete given negative values, which constructors used for times
 * reject via dist_check_nonnegative). Inline for the two kinds models draw
 * most, so that each place that draws tests its own distribution's kind:
 * one shared switch, called in turn for a constant and an exponential,
 * was a mispredicted jump nearly every time. */
static inline double dist_sample(const dist *d, gsl_rng *r)
{
    if (d->kind == DIST_CONSTANT)
        return d->a;
    if (d->kind == DIST_EXPONENTIAL)
        return dist_exponential_draw(r, d->a);
    return dist_sample_other(d, r);
}

double dist_mean(const dist *d);
double dist_variance(const dist *d);
double dist_cv(const dist *d); /* sd / mean; 0 when the mean is 0 */
/* P(X <= x) (models/dist_cdf.c). */
double dist_cdf(const dist *d, double x);

/* Whether every variate is a whole number (poisson, negbinomial, constant
 * or discrete with whole values): order sizes need it. */
int dist_is_integer(const dist *d);

/* Returns 0 if the distribution can produce no negative value, else -1
 * with a message. */
int dist_check_nonnegative(const dist *d, char *err, size_t errlen);

const char *dist_kind_name(dist_kind kind);

#endif
