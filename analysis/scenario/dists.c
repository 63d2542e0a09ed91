/*
 * dists.c - reading a distribution-valued key: a number (a constant), the
 * compact string NAME(k=v, ...) (models/dist.h parses it), or the mapping
 * {dist: NAME, mean: ..., cv: ...}, checked here key by key.
 *
 * Keys read: dist, mean, cv, sd, min, max, shape, scale, p, n, values,
 * probs, value, rate (inside a distribution mapping).
 *
 * Not here: which keys of the format hold distributions (the section
 * files call scn_get_dist / scn_set_dist), sampling (models/dist.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario/internal.h"

enum {
    DK_DIST, DK_MEAN, DK_CV, DK_SD, DK_MIN, DK_MAX, DK_SHAPE, DK_SCALE, DK_P,
    DK_N, DK_VALUES, DK_PROBS, DK_VALUE, DK_RATE, DK_COUNT
};
static const char *const dist_keys[DK_COUNT] = {
    "dist", "mean", "cv", "sd", "min", "max", "shape", "scale", "p", "n",
    "values", "probs", "value", "rate",
};

#define DB(k) (1u << (k))
static const struct dist_name {
    const char *name;
    dist_kind kind;
    unsigned takes;
    const char *needs;
} dist_names[] = {
    {"constant", DIST_CONSTANT, DB(DK_VALUE) | DB(DK_MEAN) | DB(DK_CV),
     "value (or mean)"},
    {"uniform", DIST_UNIFORM,
     DB(DK_MIN) | DB(DK_MAX) | DB(DK_MEAN) | DB(DK_CV) | DB(DK_SD),
     "min and max, or mean with cv or sd"},
    {"exponential", DIST_EXPONENTIAL, DB(DK_MEAN) | DB(DK_CV) | DB(DK_RATE),
     "mean (or rate)"},
    {"normal", DIST_NORMAL, DB(DK_MEAN) | DB(DK_SD) | DB(DK_CV),
     "mean with sd or cv"},
    {"lognormal", DIST_LOGNORMAL, DB(DK_MEAN) | DB(DK_CV) | DB(DK_SD),
     "mean with cv or sd"},
    {"gamma", DIST_GAMMA,
     DB(DK_SHAPE) | DB(DK_SCALE) | DB(DK_MEAN) | DB(DK_CV) | DB(DK_SD),
     "shape and scale, or mean with cv or sd"},
    {"poisson", DIST_POISSON, DB(DK_MEAN), "mean"},
    {"negbinomial", DIST_NEGBINOMIAL,
     DB(DK_P) | DB(DK_N) | DB(DK_MEAN) | DB(DK_CV) | DB(DK_SD),
     "p and n, or mean with cv or sd"},
    {"negative_binomial", DIST_NEGBINOMIAL,
     DB(DK_P) | DB(DK_N) | DB(DK_MEAN) | DB(DK_CV) | DB(DK_SD),
     "p and n, or mean with cv or sd"},
    {"discrete", DIST_DISCRETE, DB(DK_VALUES) | DB(DK_PROBS),
     "values (and probs)"},
    {"empirical", DIST_DISCRETE, DB(DK_VALUES) | DB(DK_PROBS),
     "values (and probs)"},
};
#define N_DIST_NAMES (sizeof dist_names / sizeof dist_names[0])

/* A list of numbers (malloc'd; *n may be 0). */
int scn_get_numbers(scn *c, const ynode *v, const char *key,
                    double **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (scn_check_list(c, v, key, "a list of numbers [1, 2, 3]"))
        return -1;
    double *x = malloc((v->n ? v->n : 1) * sizeof *x);
    if (!x) {
        c->oom = 1;
        return -1;
    }
    int bad = 0;
    for (size_t i = 0; i < v->n; i++)
        if (scn_get_num(c, v->items[i], key, R_ANY, "a number", &x[i]) != 0)
            bad = 1;
    if (bad) {
        free(x);
        return -1;
    }
    *out = x;
    *n = v->n;
    return 0;
}

/* The mapping form {dist: NAME, ...}. */
static int dist_mapping(scn *c, const ynode *v, const char *key, dist *d)
{
    const ynode *f[DK_COUNT];
    char why[512], names[512], shown[SHOWBUF];
    double x[DK_COUNT] = {0};
    const char *all_names[N_DIST_NAMES];
    size_t before = c->errs.seq;

    for (size_t i = 0; i < N_DIST_NAMES; i++)
        all_names[i] = dist_names[i].name;
    scn_join(names, sizeof names, all_names, N_DIST_NAMES);
    scn_map_fields(c, v, "a distribution", dist_keys, DK_COUNT, f);
    if (!f[DK_DIST]) {
        scn_err_at(c, v,
                   "%s: the distribution has no dist; expected dist: NAME "
                   "(%s)",
                   key, names);
        return -1;
    }
    int which;
    if (scn_get_choice(c, f[DK_DIST], "distribution", all_names, N_DIST_NAMES,
                       &which))
        return -1;
    const struct dist_name *dn = &dist_names[which];
    int given[DK_COUNT] = {0};
    for (int k = DK_MEAN; k < DK_COUNT; k++) {
        if (!f[k])
            continue;
        if (!(dn->takes & DB(k))) {
            scn_err_at(c, f[k], "%s: %s takes no %s; expected %s", key,
                       dn->name, dist_keys[k], dn->needs);
            continue;
        }
        if (k == DK_VALUES || k == DK_PROBS)
            given[k] = 1;
        else if (scn_get_num(c, f[k], dist_keys[k], R_ANY, "a number",
                             &x[k]) == 0)
            given[k] = 1;
    }
    if (c->errs.seq != before)
        return -1;

    int rc = -1;
    why[0] = '\0';
    int mean = given[DK_MEAN], cv = given[DK_CV], sd = given[DK_SD];
    double cv_value = cv ? x[DK_CV] : 0.0;
    if (cv && sd) {
        scn_err_at(c, scn_after(f[DK_SD], f[DK_CV]) ? f[DK_SD] : f[DK_CV],
                   "%s: cv and sd are both given; expected one of them", key);
        return -1;
    }
    if (sd && !(x[DK_SD] >= 0.0)) {
        scn_err_at(c, f[DK_SD], "%s: sd must be >= 0, got %g; expected a "
                                "standard deviation >= 0",
                   key, x[DK_SD]);
        return -1;
    }
    if (sd && mean) {
        if (x[DK_MEAN] == 0.0) {
            scn_err_at(c, f[DK_SD],
                       "%s: sd with a mean of 0; expected cv, or a "
                       "mean != 0",
                       key);
            return -1;
        }
        /* The mean's own sign is the mean's to complain about, not the
         * cv's the user never wrote. */
        cv_value = x[DK_SD] / fabs(x[DK_MEAN]);
    }
    switch (dn->kind) {
    case DIST_CONSTANT:
        if (given[DK_VALUE] && mean) {
            scn_err_at(c, f[DK_MEAN], "%s: value and mean are both given; "
                                      "expected one of them",
                       key);
            return -1;
        }
        if (given[DK_VALUE])
            rc = dist_constant(d, x[DK_VALUE], why, sizeof why);
        else if (mean)
            rc = dist_from_mean_cv(d, DIST_CONSTANT, x[DK_MEAN], cv_value, why,
                                   sizeof why);
        else
            goto missing;
        break;
    case DIST_UNIFORM:
        if (given[DK_MIN] || given[DK_MAX]) {
            if (mean || cv || sd) {
                scn_err_at(c, v, "%s: uniform is given both min/max and mean; "
                                 "expected min and max, or mean with cv or sd",
                           key);
                return -1;
            }
            if (!(given[DK_MIN] && given[DK_MAX]))
                goto missing;
            rc = dist_uniform(d, x[DK_MIN], x[DK_MAX], why, sizeof why);
        } else if (mean && (cv || sd)) {
            rc = dist_from_mean_cv(d, DIST_UNIFORM, x[DK_MEAN], cv_value, why,
                                   sizeof why);
        } else {
            goto missing;
        }
        break;
    case DIST_EXPONENTIAL:
    case DIST_POISSON:
        if (given[DK_RATE]) {
            if (mean || cv) {
                scn_err_at(c, f[DK_RATE], "%s: rate and mean are both given; "
                                          "expected one of them",
                           key);
                return -1;
            }
            if (!(x[DK_RATE] > 0.0 && isfinite(1.0 / x[DK_RATE]))) {
                scn_err_at(c, f[DK_RATE], "%s: rate must be > 0, got %g; "
                                          "expected events per time unit > 0",
                           key, x[DK_RATE]);
                return -1;
            }
            rc = dist_exponential(d, 1.0 / x[DK_RATE], why, sizeof why);
            break;
        }
        if (!mean)
            goto missing;
        if (cv)
            rc = dist_from_mean_cv(d, dn->kind, x[DK_MEAN], cv_value, why,
                                   sizeof why);
        else if (dn->kind == DIST_EXPONENTIAL)
            rc = dist_exponential(d, x[DK_MEAN], why, sizeof why);
        else
            rc = dist_poisson(d, x[DK_MEAN], why, sizeof why);
        break;
    case DIST_NORMAL:
        if (!(mean && (sd || cv)))
            goto missing;
        rc = sd ? dist_normal(d, x[DK_MEAN], x[DK_SD], why, sizeof why)
                : dist_from_mean_cv(d, DIST_NORMAL, x[DK_MEAN], cv_value, why,
                                    sizeof why);
        break;
    case DIST_LOGNORMAL:
        if (!(mean && (sd || cv)))
            goto missing;
        rc = dist_lognormal(d, x[DK_MEAN], cv_value, why, sizeof why);
        break;
    case DIST_GAMMA:
    case DIST_NEGBINOMIAL: {
        int a = dn->kind == DIST_GAMMA ? DK_SHAPE : DK_P;
        int b = dn->kind == DIST_GAMMA ? DK_SCALE : DK_N;
        if (given[a] || given[b]) {
            if (mean || cv || sd) {
                scn_err_at(c, v,
                           "%s: %s is given both %s/%s and mean; expected "
                           "%s",
                           key, dn->name, dist_keys[a], dist_keys[b],
                           dn->needs);
                return -1;
            }
            if (!(given[a] && given[b]))
                goto missing;
            rc = dn->kind == DIST_GAMMA
                     ? dist_gamma(d, x[a], x[b], why, sizeof why)
                     : dist_negbinomial(d, x[a], x[b], why, sizeof why);
        } else if (mean && (cv || sd)) {
            rc = dist_from_mean_cv(d, dn->kind, x[DK_MEAN], cv_value, why,
                                   sizeof why);
        } else {
            goto missing;
        }
        break;
    }
    case DIST_DISCRETE: {
        double *values = NULL, *probs = NULL;
        size_t nv = 0, np = 0;
        if (!f[DK_VALUES])
            goto missing;
        if (scn_get_numbers(c, f[DK_VALUES], "values", &values, &nv))
            return -1;
        if (nv == 0) {
            scn_err_at(c, f[DK_VALUES],
                       "%s: values is empty; expected at least "
                       "one value",
                       key);
            free(values);
            return -1;
        }
        if (f[DK_PROBS]) {
            if (scn_get_numbers(c, f[DK_PROBS], "probs", &probs, &np)) {
                free(values);
                return -1;
            }
            if (np != nv) {
                scn_err_at(c, f[DK_PROBS],
                           "%s: probs has %zu entries and values "
                           "%zu; expected one probability per "
                           "value",
                           key, np, nv);
                free(values);
                free(probs);
                return -1;
            }
        } else {
            /* An empirical sample: every observation equally likely. */
            probs = malloc(nv * sizeof *probs);
            if (!probs) {
                free(values);
                c->oom = 1;
                return -1;
            }
            for (size_t i = 0; i < nv; i++)
                probs[i] = 1.0 / (double)nv;
        }
        rc = dist_discrete(d, values, probs, nv, why, sizeof why);
        free(values);
        free(probs);
        if (rc) {
            scn_err_at(c, f[DK_PROBS] ? f[DK_PROBS] : f[DK_VALUES], "%s: %s",
                       key,
                       scn_with_expect(why, sizeof why,
                                       "probabilities >= 0 that sum to 1"));
            return -1;
        }
        return 0;
    }
    }
    if (rc) {
        /* A rule in terms of cv, for a user who wrote sd: show the cv
         * their sd gives. */
        size_t n = strlen(why);
        if (sd && mean && strstr(why, "cv") && n + 64 < sizeof why)
            snprintf(why + n, sizeof why - n, " (sd %g / mean %g: cv %g)",
                     x[DK_SD], fabs(x[DK_MEAN]), cv_value);
        scn_err_at(c, v, "%s: %s", key,
                   scn_with_expect(why, sizeof why, dn->needs));
        return -1;
    }
    return 0;
missing:
    scn_err_at(c, v, "%s: %s needs %s; expected those keys in the mapping",
               key, scn_show(shown, sizeof shown, dn->name, strlen(dn->name)),
               dn->needs);
    return -1;
}

/* Any distribution-valued key: a number, the compact string, or the
 * mapping form. Every distribution here is of times or quantities, which
 * cannot be negative. */
int scn_get_dist(scn *c, const ynode *v, const char *key,
                 const char *expect, dist *out)
{
    char why[512], shown[SHOWBUF];
    char full[256];
    dist d;
    if (!v)
        return 1;
    snprintf(full, sizeof full, "%s (a number, NAME(mean=..., ...) or "
                                "{dist: NAME, ...})",
             expect);
    if (scn_node_is_null(v)) {
        scn_err_at(c, v, "%s has no value; expected %s", key, full);
        return -1;
    }
    if (v->type == YN_SCALAR) {
        double x;
        if (scn_node_number(v, &x)) {
            if (x < 0.0) {
                scn_err_at(c, v,
                           "%s must not be negative, got %s; expected %s", key,
                           scn_show(shown, sizeof shown, v->text, v->len),
                           expect);
                return -1;
            }
            if (dist_constant(&d, x, why, sizeof why)) {
                scn_err_at(c, v, "%s: %s", key,
                           scn_with_expect(why, sizeof why, expect));
                return -1;
            }
        } else {
            int col = 0;
            if (memchr(v->text, '\0', v->len)) {
                scn_err_at(c, v, "%s contains a NUL character; expected %s",
                           key, full);
                return -1;
            }
            if (dist_parse(v->text, &d, &col, why, sizeof why)) {
                /* Point into the string when it is written as is. */
                int at = v->exact && col >= 1 && (size_t)col <= v->len + 1
                             ? v->col + col - 1
                             : 0;
                scn_err_col(c, v, at, "%s: %s", key,
                            scn_with_expect(why, sizeof why, full));
                return -1;
            }
        }
    } else if (v->type == YN_MAP) {
        if (dist_mapping(c, v, key, &d))
            return -1;
    } else {
        scn_type_error(c, v, key, "a distribution", full);
        return -1;
    }
    if (dist_check_nonnegative(&d, why, sizeof why)) {
        scn_err_at(c, v, "%s: %s", key,
                   scn_with_expect(why, sizeof why, expect));
        dist_free(&d);
        return -1;
    }
    *out = d;
    return 0;
}

/* Replaces *slot by a freshly read distribution. */
int scn_set_dist(scn *c, const ynode *v, const char *key,
                 const char *expect, dist *slot)
{
    dist d;
    int rc = scn_get_dist(c, v, key, expect, &d);
    if (rc == 0) {
        dist_free(slot);
        *slot = d;
    }
    return rc;
}

/* Whether a node is written as a distribution rather than a number: a
 * string (compact form) or a mapping. */
int scn_is_dist_form(const ynode *v)
{
    double x;
    return v && ((v->type == YN_SCALAR && !scn_node_is_null(v) &&
                  !scn_node_number(v, &x)) ||
                 v->type == YN_MAP);
}

/* Whether k is the key of a distribution's parameter (mean, cv, ...):
 * --set paths and per-product maps tell them from names by it. */
int scn_is_dist_param(const char *k, size_t len)
{
    for (int i = DK_MEAN; i < DK_COUNT; i++)
        if (strlen(dist_keys[i]) == len && memcmp(dist_keys[i], k, len) == 0)
            return 1;
    return 0;
}
