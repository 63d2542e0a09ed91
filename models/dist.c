/*
 * dist.c - distributions: constructors with validation, sampling, exact
 * moments, and the compact text form.
 */
#include "dist.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

static int fail(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Writes the message (if there is room for one) and returns -1. */
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static void set2(dist *d, dist_kind kind, double a, double b)
{
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->a = a;
    d->b = b;
}

int dist_constant(dist *d, double value, char *err, size_t errlen)
{
    if (!isfinite(value))
        return fail(err, errlen, "value must be a finite number, got %g",
                    value);
    set2(d, DIST_CONSTANT, value, 0.0);
    return 0;
}

int dist_uniform(dist *d, double min, double max, char *err, size_t errlen)
{
    if (!isfinite(min) || !isfinite(max))
        return fail(err, errlen, "min and max must be finite numbers");
    if (!(min <= max))
        return fail(err, errlen, "min (%g) must not exceed max (%g)", min,
                    max);
    set2(d, DIST_UNIFORM, min, max);
    return 0;
}

int dist_exponential(dist *d, double mean, char *err, size_t errlen)
{
    if (!(isfinite(mean) && mean > 0.0))
        return fail(err, errlen, "mean must be > 0, got %g", mean);
    set2(d, DIST_EXPONENTIAL, mean, 0.0);
    return 0;
}

int dist_normal(dist *d, double mean, double sd, char *err, size_t errlen)
{
    if (!isfinite(mean))
        return fail(err, errlen, "mean must be a finite number, got %g",
                    mean);
    if (!(isfinite(sd) && sd >= 0.0))
        return fail(err, errlen, "sd must be >= 0, got %g", sd);
    if (sd == 0.0 && mean < 0.0)
        return fail(err, errlen, "a normal truncated at 0 with sd 0 needs "
                                 "mean >= 0, got %g",
                    mean);
    if (sd > 0.0 && -mean / sd > 37.0)
        return fail(err, errlen, "mean %g is so far below 0 that the "
                                 "truncated normal has no mass; expected a "
                                 "larger mean or sd",
                    mean);
    set2(d, DIST_NORMAL, mean, sd);
    return 0;
}

int dist_lognormal(dist *d, double mean, double cv, char *err, size_t errlen)
{
    if (!(isfinite(mean) && mean > 0.0))
        return fail(err, errlen, "mean must be > 0, got %g", mean);
    if (!(isfinite(cv) && cv > 0.0))
        return fail(err, errlen, "cv must be > 0, got %g", cv);
    set2(d, DIST_LOGNORMAL, mean, cv);
    return 0;
}

int dist_gamma(dist *d, double shape, double scale, char *err, size_t errlen)
{
    if (!(isfinite(shape) && shape > 0.0))
        return fail(err, errlen, "shape must be > 0, got %g", shape);
    if (!(isfinite(scale) && scale > 0.0))
        return fail(err, errlen, "scale must be > 0, got %g", scale);
    set2(d, DIST_GAMMA, shape, scale);
    return 0;
}

int dist_poisson(dist *d, double mean, char *err, size_t errlen)
{
    if (!(isfinite(mean) && mean >= 0.0 && mean < 1e9))
        return fail(err, errlen, "mean must be in [0, 1e9), got %g", mean);
    set2(d, DIST_POISSON, mean, 0.0);
    return 0;
}

int dist_negbinomial(dist *d, double p, double n, char *err, size_t errlen)
{
    if (!(p > 0.0 && p <= 1.0))
        return fail(err, errlen, "p must be in (0, 1], got %g", p);
    if (!(isfinite(n) && n > 0.0))
        return fail(err, errlen, "n must be > 0, got %g", n);
    set2(d, DIST_NEGBINOMIAL, p, n);
    return 0;
}

int dist_discrete(dist *d, const double *values, const double *probs,
                  size_t n, char *err, size_t errlen)
{
    if (n == 0)
        return fail(err, errlen, "no values; expected at least one");
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i]))
            return fail(err, errlen, "values must be finite numbers, got %g",
                        values[i]);
        if (!(isfinite(probs[i]) && probs[i] >= 0.0))
            return fail(err, errlen, "probabilities must be >= 0, got %g",
                        probs[i]);
        total += probs[i];
    }
    if (fabs(total - 1.0) > 1e-3)
        return fail(err, errlen, "probabilities sum to %g; expected 1 "
                                 "(within 0.001)",
                    total);
    double *v = malloc(n * sizeof *v), *p = malloc(n * sizeof *p);
    gsl_ran_discrete_t *table = NULL;
    if (v && p) {
        for (size_t i = 0; i < n; i++) {
            v[i] = values[i];
            p[i] = probs[i] / total;
        }
        table = gsl_ran_discrete_preproc(n, p);
    }
    if (!table) {
        free(v);
        free(p);
        return fail(err, errlen, "out of memory for %zu values", n);
    }
    memset(d, 0, sizeof *d);
    d->kind = DIST_DISCRETE;
    d->n = n;
    d->values = v;
    d->probs = p;
    d->table = table;
    return 0;
}

int dist_from_mean_cv(dist *d, dist_kind kind, double mean, double cv,
                      char *err, size_t errlen)
{
    if (!isfinite(mean))
        return fail(err, errlen, "mean must be a finite number, got %g",
                    mean);
    if (!(isfinite(cv) && cv >= 0.0))
        return fail(err, errlen, "cv must be >= 0, got %g", cv);
    switch (kind) {
    case DIST_CONSTANT:
        if (cv != 0.0)
            return fail(err, errlen, "a constant has cv 0, got %g", cv);
        return dist_constant(d, mean, err, errlen);
    case DIST_EXPONENTIAL:
        if (fabs(cv - 1.0) > 1e-9)
            return fail(err, errlen, "an exponential has cv 1, got %g", cv);
        return dist_exponential(d, mean, err, errlen);
    case DIST_NORMAL:
        return dist_normal(d, mean, cv * fabs(mean), err, errlen);
    case DIST_LOGNORMAL:
        if (cv == 0.0)
            return fail(err, errlen, "cv must be > 0 for a lognormal (use a "
                                     "constant for 0), got %g",
                        cv);
        return dist_lognormal(d, mean, cv, err, errlen);
    case DIST_GAMMA:
        if (!(mean > 0.0))
            return fail(err, errlen, "mean must be > 0, got %g", mean);
        if (cv == 0.0)
            return fail(err, errlen, "cv must be > 0 for a gamma (use a "
                                     "constant for 0), got %g",
                        cv);
        return dist_gamma(d, 1.0 / (cv * cv), mean * cv * cv, err, errlen);
    case DIST_UNIFORM: {
        double half = mean * cv * sqrt(3.0);
        if (mean - half < 0.0)
            return fail(err, errlen, "a uniform with this mean and cv would "
                                     "go below 0 (cv at most 0.577), got "
                                     "cv %g",
                        cv);
        return dist_uniform(d, mean - half, mean + half, err, errlen);
    }
    case DIST_POISSON:
        if (!(mean > 0.0))
            return fail(err, errlen, "mean must be > 0, got %g", mean);
        if (fabs(cv - 1.0 / sqrt(mean)) > 1e-6 / sqrt(mean))
            return fail(err, errlen, "a Poisson's cv is 1/sqrt(mean) = %g; "
                                     "give the mean only",
                        1.0 / sqrt(mean));
        return dist_poisson(d, mean, err, errlen);
    case DIST_NEGBINOMIAL: {
        if (!(mean > 0.0))
            return fail(err, errlen, "mean must be > 0, got %g", mean);
        double var = (cv * mean) * (cv * mean);
        if (!(var > mean))
            return fail(err, errlen, "a negative binomial needs variance > "
                                     "mean, i.e. cv > 1/sqrt(mean) = %g",
                        1.0 / sqrt(mean));
        return dist_negbinomial(d, mean / var, mean * mean / (var - mean),
                                err, errlen);
    }
    case DIST_DISCRETE:
        return fail(err, errlen, "a discrete distribution needs values and "
                                 "probabilities, not mean and cv");
    }
    return fail(err, errlen, "unknown distribution");
}

void dist_free(dist *d)
{
    if (d->kind == DIST_DISCRETE) {
        free(d->values);
        free(d->probs);
        if (d->table)
            gsl_ran_discrete_free(d->table);
    }
    d->values = d->probs = NULL;
    d->table = NULL;
    d->n = 0;
}

int dist_copy(dist *dst, const dist *src)
{
    if (src->kind != DIST_DISCRETE) {
        *dst = *src;
        dst->values = dst->probs = NULL;
        dst->table = NULL;
        dst->n = 0;
        return 0;
    }
    char err[64];
    return dist_discrete(dst, src->values, src->probs, src->n, err,
                         sizeof err);
}

/* ---- moments ------------------------------------------------------------- */

/* Truncated at 0: alpha = -mu/sigma, lambda = phi(alpha) / (1 - Phi(alpha)). */
static double truncated_lambda(const dist *d)
{
    double alpha = -d->a / d->b;
    return gsl_ran_ugaussian_pdf(alpha) / gsl_cdf_ugaussian_Q(alpha);
}

double dist_mean(const dist *d)
{
    switch (d->kind) {
    case DIST_CONSTANT:
        return d->a;
    case DIST_UNIFORM:
        return 0.5 * (d->a + d->b);
    case DIST_EXPONENTIAL:
        return d->a;
    case DIST_NORMAL:
        if (d->b == 0.0)
            return d->a;
        return d->a + d->b * truncated_lambda(d);
    case DIST_LOGNORMAL:
        return d->a;
    case DIST_GAMMA:
        return d->a * d->b;
    case DIST_POISSON:
        return d->a;
    case DIST_NEGBINOMIAL:
        return d->b * (1.0 - d->a) / d->a;
    case DIST_DISCRETE: {
        double m = 0.0;
        for (size_t i = 0; i < d->n; i++)
            m += d->values[i] * d->probs[i];
        return m;
    }
    }
    return NAN;
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
        if (d->b == 0.0)
            return 0.0;
        double alpha = -d->a / d->b, lambda = truncated_lambda(d);
        return d->b * d->b * (1.0 + alpha * lambda - lambda * lambda);
    }
    case DIST_LOGNORMAL:
        return (d->b * d->a) * (d->b * d->a);
    case DIST_GAMMA:
        return d->a * d->b * d->b;
    case DIST_POISSON:
        return d->a;
    case DIST_NEGBINOMIAL:
        return d->b * (1.0 - d->a) / (d->a * d->a);
    case DIST_DISCRETE: {
        double m = dist_mean(d), v = 0.0;
        for (size_t i = 0; i < d->n; i++)
            v += (d->values[i] - m) * (d->values[i] - m) * d->probs[i];
        return v;
    }
    }
    return NAN;
}

double dist_cv(const dist *d)
{
    double m = dist_mean(d);
    return m != 0.0 ? sqrt(dist_variance(d)) / fabs(m) : 0.0;
}

int dist_is_integer(const dist *d)
{
    switch (d->kind) {
    case DIST_POISSON:
    case DIST_NEGBINOMIAL:
        return 1;
    case DIST_CONSTANT:
        return d->a == floor(d->a);
    case DIST_DISCRETE:
        for (size_t i = 0; i < d->n; i++)
            if (d->values[i] != floor(d->values[i]))
                return 0;
        return 1;
    default:
        return 0;
    }
}

int dist_check_nonnegative(const dist *d, char *err, size_t errlen)
{
    switch (d->kind) {
    case DIST_CONSTANT:
        if (d->a < 0.0)
            return fail(err, errlen, "must not be negative, got %g; expected "
                                     "a value >= 0",
                        d->a);
        return 0;
    case DIST_UNIFORM:
        if (d->a < 0.0)
            return fail(err, errlen, "min must not be negative, got %g; "
                                     "expected values >= 0",
                        d->a);
        return 0;
    case DIST_DISCRETE:
        for (size_t i = 0; i < d->n; i++)
            if (d->values[i] < 0.0 && d->probs[i] > 0.0)
                return fail(err, errlen, "value %g is negative; expected "
                                         "values >= 0",
                            d->values[i]);
        return 0;
    default:
        return 0;
    }
}

const char *dist_kind_name(dist_kind kind)
{
    static const char *const names[] = {
        "constant", "uniform",  "exponential", "normal",  "lognormal",
        "gamma",    "poisson",  "negbinomial", "discrete",
    };
    return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind]
                                                            : "?";
}

/* ---- sampling ------------------------------------------------------------- */

double dist_sample_other(const dist *d, gsl_rng *r)
{
    switch (d->kind) {
    case DIST_CONSTANT:
        return d->a;
    case DIST_UNIFORM:
        return gsl_ran_flat(r, d->a, d->b);
    case DIST_EXPONENTIAL:
        return dist_exponential_draw(r, d->a);
    case DIST_NORMAL: {
        if (d->b == 0.0)
            return d->a;
        /* Inversion on [0, inf): u uniform over the upper part of the CDF.
         * Working with upper tails keeps precision when 0 is far below the
         * mean or far above it. */
        double alpha = -d->a / d->b;
        double upper = gsl_cdf_ugaussian_Q(alpha); /* P(Z > alpha) */
        double u = gsl_rng_uniform_pos(r);
        double z = gsl_cdf_ugaussian_Qinv(u * upper);
        double x = d->a + d->b * z;
        return x > 0.0 ? x : 0.0;
    }
    case DIST_LOGNORMAL: {
        double s2 = log1p(d->b * d->b);
        double mu = log(d->a) - 0.5 * s2;
        return gsl_ran_lognormal(r, mu, sqrt(s2));
    }
    case DIST_GAMMA:
        return gsl_ran_gamma(r, d->a, d->b);
    case DIST_POISSON:
        return (double)gsl_ran_poisson(r, d->a);
    case DIST_NEGBINOMIAL:
        return (double)gsl_ran_negative_binomial(r, d->a, d->b);
    case DIST_DISCRETE:
        return d->values[gsl_ran_discrete(r, d->table)];
    }
    return 0.0;
}

/* ---- text form ------------------------------------------------------------ */

typedef struct param_text {
    char key[16];
    double value;     /* for scalar keys */
    double *list;     /* for values/probs (owned) */
    size_t n_list;
    int column;       /* 1-based column of the key */
    int value_column; /* 1-based column of the value */
} param_text;

#define MAX_PARAMS 8

static const struct {
    const char *name;
    dist_kind kind;
} kind_names[] = {
    {"constant", DIST_CONSTANT},       {"uniform", DIST_UNIFORM},
    {"exponential", DIST_EXPONENTIAL}, {"normal", DIST_NORMAL},
    {"lognormal", DIST_LOGNORMAL},     {"gamma", DIST_GAMMA},
    {"poisson", DIST_POISSON},         {"negbinomial", DIST_NEGBINOMIAL},
    {"negative_binomial", DIST_NEGBINOMIAL},
    {"discrete", DIST_DISCRETE},       {"empirical", DIST_DISCRETE},
};
#define N_KIND_NAMES (sizeof kind_names / sizeof kind_names[0])

/* Keys each kind accepts, as alternative sets. */
static const char *allowed_keys(dist_kind kind)
{
    switch (kind) {
    case DIST_CONSTANT:
        return "value or mean";
    case DIST_UNIFORM:
        return "min and max, or mean and cv";
    case DIST_EXPONENTIAL:
        return "mean or rate";
    case DIST_NORMAL:
        return "mean and sd, or mean and cv";
    case DIST_LOGNORMAL:
        return "mean and cv, or mean and sd";
    case DIST_GAMMA:
        return "shape and scale, mean and cv, or mean and sd";
    case DIST_POISSON:
        return "mean";
    case DIST_NEGBINOMIAL:
        return "p and n, or mean and cv";
    case DIST_DISCRETE:
        return "values and probs";
    }
    return "";
}

static int key_allowed(dist_kind kind, const char *key)
{
    static const char *const keys[][6] = {
        [DIST_CONSTANT] = {"value", "mean"},
        [DIST_UNIFORM] = {"min", "max", "mean", "cv"},
        [DIST_EXPONENTIAL] = {"mean", "rate"},
        [DIST_NORMAL] = {"mean", "sd", "cv"},
        [DIST_LOGNORMAL] = {"mean", "cv", "sd"},
        [DIST_GAMMA] = {"shape", "scale", "mean", "cv", "sd"},
        [DIST_POISSON] = {"mean"},
        [DIST_NEGBINOMIAL] = {"p", "n", "mean", "cv"},
        [DIST_DISCRETE] = {"values", "probs"},
    };
    for (int i = 0; i < 6 && keys[kind][i]; i++)
        if (strcmp(keys[kind][i], key) == 0)
            return 1;
    return 0;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 30 || lb > 30)
        return 99;
    size_t row[32];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static void skip_space(const char *text, size_t *i)
{
    while (text[*i] == ' ' || text[*i] == '\t')
        (*i)++;
}

/* Reads a number at text[*i]; 0 or -1. */
static int read_number(const char *text, size_t *i, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text + *i, &end);
    if (end == text + *i || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    *i = (size_t)(end - text);
    return 0;
}

static void free_params(param_text *params, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(params[i].list);
}

static const param_text *find_param(const param_text *params, size_t n,
                                    const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(params[i].key, key) == 0)
            return &params[i];
    return NULL;
}

int dist_parse(const char *text, dist *d, int *err_column, char *err,
               size_t errlen)
{
    size_t i = 0;
    *err_column = 1;
    skip_space(text, &i);
    /* A bare number is a constant. */
    if (text[i] == '-' || text[i] == '+' || text[i] == '.' ||
        isdigit((unsigned char)text[i])) {
        double v;
        size_t start = i;
        if (read_number(text, &i, &v) != 0) {
            *err_column = (int)start + 1;
            return fail(err, errlen, "not a number; expected a number or "
                                     "NAME(KEY=VALUE, ...)");
        }
        skip_space(text, &i);
        if (text[i] != '\0') {
            *err_column = (int)i + 1;
            return fail(err, errlen, "unexpected text after the number; "
                                     "expected a number alone");
        }
        return dist_constant(d, v, err, errlen);
    }
    size_t name_start = i;
    char name[32];
    size_t len = 0;
    while (isalnum((unsigned char)text[i]) || text[i] == '_') {
        if (len + 1 < sizeof name)
            name[len++] = (char)tolower((unsigned char)text[i]);
        i++;
    }
    name[len] = '\0';
    if (len == 0) {
        *err_column = (int)i + 1;
        return fail(err, errlen, "expected a number or a distribution "
                                 "NAME(KEY=VALUE, ...)");
    }
    int kind = -1;
    for (size_t k = 0; k < N_KIND_NAMES; k++)
        if (strcmp(kind_names[k].name, name) == 0)
            kind = (int)kind_names[k].kind;
    if (kind < 0) {
        const char *best = NULL;
        size_t best_distance = 3;
        for (size_t k = 0; k < N_KIND_NAMES; k++) {
            size_t dd = edit_distance(name, kind_names[k].name);
            if (dd < best_distance) {
                best_distance = dd;
                best = kind_names[k].name;
            }
        }
        *err_column = (int)name_start + 1;
        if (err && errlen) {
            if (best)
                snprintf(err, errlen, "unknown distribution '%s'; did you "
                                      "mean '%s'?",
                         name, best);
            else
                snprintf(err, errlen, "unknown distribution '%s'; expected "
                                      "constant, uniform, exponential, "
                                      "normal, lognormal, gamma, poisson, "
                                      "negbinomial or discrete",
                         name);
        }
        return -1;
    }
    skip_space(text, &i);
    if (text[i] != '(') {
        *err_column = (int)i + 1;
        return fail(err, errlen, "expected '(' after the distribution's "
                                 "name");
    }
    i++;
    param_text params[MAX_PARAMS];
    size_t n_params = 0;
    int rc = -1;
    for (;;) {
        skip_space(text, &i);
        if (text[i] == ')' && n_params == 0) {
            i++;
            break;
        }
        size_t key_start = i;
        char key[16];
        size_t klen = 0;
        while (isalnum((unsigned char)text[i]) || text[i] == '_') {
            if (klen + 1 < sizeof key)
                key[klen++] = (char)tolower((unsigned char)text[i]);
            i++;
        }
        key[klen] = '\0';
        if (klen == 0) {
            *err_column = (int)i + 1;
            fail(err, errlen, "expected KEY=VALUE");
            goto done;
        }
        if (!key_allowed((dist_kind)kind, key)) {
            *err_column = (int)key_start + 1;
            if (err && errlen)
                snprintf(err, errlen, "%s takes no '%s'; expected %s", name,
                         key, allowed_keys((dist_kind)kind));
            goto done;
        }
        if (find_param(params, n_params, key)) {
            *err_column = (int)key_start + 1;
            if (err && errlen)
                snprintf(err, errlen, "'%s' is given twice; expected it once",
                         key);
            goto done;
        }
        if (n_params == MAX_PARAMS) {
            *err_column = (int)key_start + 1;
            fail(err, errlen, "too many parameters");
            goto done;
        }
        skip_space(text, &i);
        if (text[i] != '=') {
            *err_column = (int)i + 1;
            if (err && errlen)
                snprintf(err, errlen, "expected '=' after '%s'", key);
            goto done;
        }
        i++;
        skip_space(text, &i);
        param_text *p = &params[n_params++];
        memset(p, 0, sizeof *p);
        snprintf(p->key, sizeof p->key, "%s", key);
        p->column = (int)key_start + 1;
        p->value_column = (int)i + 1;
        if (!strcmp(key, "values") || !strcmp(key, "probs")) {
            /* A list separated by ';' (commas separate parameters). */
            int bracket = text[i] == '[';
            if (bracket)
                i++;
            for (;;) {
                skip_space(text, &i);
                double v;
                size_t at = i;
                if (read_number(text, &i, &v) != 0) {
                    *err_column = (int)at + 1;
                    if (err && errlen)
                        snprintf(err, errlen, "not a number in '%s'; "
                                              "expected numbers separated "
                                              "by ';'",
                                 key);
                    goto done;
                }
                double *grown = realloc(p->list, (p->n_list + 1) *
                                                     sizeof *grown);
                if (!grown) {
                    fail(err, errlen, "out of memory");
                    goto done;
                }
                p->list = grown;
                p->list[p->n_list++] = v;
                skip_space(text, &i);
                if (text[i] == ';') {
                    i++;
                    continue;
                }
                break;
            }
            if (bracket) {
                if (text[i] != ']') {
                    *err_column = (int)i + 1;
                    fail(err, errlen, "expected ']' to close the list");
                    goto done;
                }
                i++;
            }
        } else {
            size_t at = i;
            if (read_number(text, &i, &p->value) != 0) {
                *err_column = (int)at + 1;
                if (err && errlen)
                    snprintf(err, errlen, "'%s' must be a number", key);
                goto done;
            }
        }
        skip_space(text, &i);
        if (text[i] == ',') {
            i++;
            continue;
        }
        if (text[i] == ')') {
            i++;
            break;
        }
        *err_column = (int)i + 1;
        fail(err, errlen, "expected ',' or ')'");
        goto done;
    }
    skip_space(text, &i);
    if (text[i] != '\0') {
        *err_column = (int)i + 1;
        fail(err, errlen, "unexpected text after ')'");
        goto done;
    }

    /* Build from the given parameters. */
    {
        const param_text *mean = find_param(params, n_params, "mean");
        const param_text *cv = find_param(params, n_params, "cv");
        const param_text *sd = find_param(params, n_params, "sd");
        const param_text *first = n_params ? &params[0] : NULL;
        *err_column = first ? first->column : (int)name_start + 1;
        char why[200];
        int built = -1;
        const char *missing = NULL;
        switch ((dist_kind)kind) {
        case DIST_CONSTANT: {
            const param_text *v = find_param(params, n_params, "value");
            if (!v)
                v = mean;
            if (!v || n_params != 1)
                missing = "value";
            else
                built = dist_constant(d, v->value, why, sizeof why);
            break;
        }
        case DIST_UNIFORM: {
            const param_text *lo = find_param(params, n_params, "min");
            const param_text *hi = find_param(params, n_params, "max");
            if (lo && hi && n_params == 2)
                built = dist_uniform(d, lo->value, hi->value, why,
                                     sizeof why);
            else if (mean && cv && n_params == 2)
                built = dist_from_mean_cv(d, DIST_UNIFORM, mean->value,
                                          cv->value, why, sizeof why);
            else
                missing = allowed_keys(DIST_UNIFORM);
            break;
        }
        case DIST_EXPONENTIAL: {
            const param_text *rate = find_param(params, n_params, "rate");
            if (mean && n_params == 1)
                built = dist_exponential(d, mean->value, why, sizeof why);
            else if (rate && n_params == 1) {
                if (!(rate->value > 0.0)) {
                    snprintf(why, sizeof why, "rate must be > 0, got %g",
                             rate->value);
                } else {
                    built = dist_exponential(d, 1.0 / rate->value, why,
                                             sizeof why);
                }
            } else
                missing = allowed_keys(DIST_EXPONENTIAL);
            break;
        }
        case DIST_NORMAL:
            if (mean && sd && n_params == 2)
                built = dist_normal(d, mean->value, sd->value, why,
                                    sizeof why);
            else if (mean && cv && n_params == 2)
                built = dist_from_mean_cv(d, DIST_NORMAL, mean->value,
                                          cv->value, why, sizeof why);
            else
                missing = allowed_keys(DIST_NORMAL);
            break;
        case DIST_LOGNORMAL:
            if (mean && cv && n_params == 2)
                built = dist_lognormal(d, mean->value, cv->value, why,
                                       sizeof why);
            else if (mean && sd && n_params == 2)
                built = mean->value > 0.0
                            ? dist_lognormal(d, mean->value,
                                             sd->value / mean->value, why,
                                             sizeof why)
                            : dist_lognormal(d, mean->value, 0.0, why,
                                             sizeof why);
            else
                missing = allowed_keys(DIST_LOGNORMAL);
            break;
        case DIST_GAMMA: {
            const param_text *shape = find_param(params, n_params, "shape");
            const param_text *scale = find_param(params, n_params, "scale");
            if (shape && scale && n_params == 2)
                built = dist_gamma(d, shape->value, scale->value, why,
                                   sizeof why);
            else if (mean && cv && n_params == 2)
                built = dist_from_mean_cv(d, DIST_GAMMA, mean->value,
                                          cv->value, why, sizeof why);
            else if (mean && sd && n_params == 2)
                built = dist_from_mean_cv(
                    d, DIST_GAMMA, mean->value,
                    mean->value > 0.0 ? sd->value / mean->value : -1.0, why,
                    sizeof why);
            else
                missing = allowed_keys(DIST_GAMMA);
            break;
        }
        case DIST_POISSON:
            if (mean && n_params == 1)
                built = dist_poisson(d, mean->value, why, sizeof why);
            else
                missing = "mean";
            break;
        case DIST_NEGBINOMIAL: {
            const param_text *p = find_param(params, n_params, "p");
            const param_text *n = find_param(params, n_params, "n");
            if (p && n && n_params == 2)
                built = dist_negbinomial(d, p->value, n->value, why,
                                         sizeof why);
            else if (mean && cv && n_params == 2)
                built = dist_from_mean_cv(d, DIST_NEGBINOMIAL, mean->value,
                                          cv->value, why, sizeof why);
            else
                missing = allowed_keys(DIST_NEGBINOMIAL);
            break;
        }
        case DIST_DISCRETE: {
            const param_text *v = find_param(params, n_params, "values");
            const param_text *p = find_param(params, n_params, "probs");
            if (!v || !p) {
                missing = "values and probs";
            } else if (v->n_list != p->n_list) {
                *err_column = p->column;
                snprintf(why, sizeof why, "%zu values but %zu probs; "
                                          "expected as many of each",
                         v->n_list, p->n_list);
            } else {
                built = dist_discrete(d, v->list, p->list, v->n_list, why,
                                      sizeof why);
            }
            break;
        }
        }
        if (missing) {
            *err_column = (int)name_start + 1;
            if (err && errlen)
                snprintf(err, errlen, "%s needs %s", name, missing);
        } else if (built != 0) {
            /* Point at the parameter the message names, if it names one. */
            for (size_t k = 0; k < n_params; k++) {
                size_t key_len = strlen(params[k].key);
                if (!strncmp(why, params[k].key, key_len) &&
                    why[key_len] == ' ')
                    *err_column = params[k].value_column;
            }
            if (err && errlen)
                snprintf(err, errlen, "%s", why);
        } else {
            rc = 0;
        }
    }
done:
    free_params(params, n_params);
    return rc;
}

int dist_format(const dist *d, char *buf, size_t len)
{
    switch (d->kind) {
    case DIST_CONSTANT:
        return snprintf(buf, len, "%.17g", d->a);
    case DIST_UNIFORM:
        return snprintf(buf, len, "uniform(min=%.17g, max=%.17g)", d->a,
                        d->b);
    case DIST_EXPONENTIAL:
        return snprintf(buf, len, "exponential(mean=%.17g)", d->a);
    case DIST_NORMAL:
        return snprintf(buf, len, "normal(mean=%.17g, sd=%.17g)", d->a, d->b);
    case DIST_LOGNORMAL:
        return snprintf(buf, len, "lognormal(mean=%.17g, cv=%.17g)", d->a,
                        d->b);
    case DIST_GAMMA:
        return snprintf(buf, len, "gamma(shape=%.17g, scale=%.17g)", d->a,
                        d->b);
    case DIST_POISSON:
        return snprintf(buf, len, "poisson(mean=%.17g)", d->a);
    case DIST_NEGBINOMIAL:
        return snprintf(buf, len, "negbinomial(p=%.17g, n=%.17g)", d->a,
                        d->b);
    case DIST_DISCRETE: {
        int total = snprintf(buf, len, "discrete(values=");
        for (int pass = 0; pass < 2; pass++) {
            const double *x = pass ? d->probs : d->values;
            if (pass) {
                int n = snprintf(buf + (total < (int)len ? total : (int)len),
                                 total < (int)len ? len - (size_t)total : 0,
                                 ", probs=");
                total += n;
            }
            for (size_t i = 0; i < d->n; i++) {
                int n = snprintf(buf + (total < (int)len ? total : (int)len),
                                 total < (int)len ? len - (size_t)total : 0,
                                 "%s%.17g", i ? ";" : "", x[i]);
                total += n;
            }
        }
        int n = snprintf(buf + (total < (int)len ? total : (int)len),
                         total < (int)len ? len - (size_t)total : 0, ")");
        return total + n;
    }
    }
    return snprintf(buf, len, "?");
}
