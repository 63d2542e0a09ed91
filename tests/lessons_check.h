/*
 * lessons_check.h - the lesson tests' helpers: load a lesson's file as
 * shipped (with overrides), run it with its own seed (or
 * JITSIM_LESSON_SEED), and read its paired outcomes. Included by
 * test_lessons.c and the test_lessons_*.c beside it; each test program
 * gets its own static copy (inline: a program need not use them all).
 */
#ifndef JITSIM_TESTS_LESSONS_CHECK_H
#define JITSIM_TESTS_LESSONS_CHECK_H

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "analysis/estimate.h"
#include "analysis/run.h"
#include "analysis/scenario.h"

#define LESSON(file) JITSIM_SOURCE_DIR "/scenarios/" file

static inline void load_with(const char *path, const char *const *sets,
                             size_t n_sets, scenario *sc)
{
    scenario_errors errors;
    scenario_errors_init(&errors);
    int rc = scenario_load(path, sets, n_sets, sc, &errors);
    cr_assert_eq(rc, 0, "lesson %s does not load: %s", path,
                 errors.n ? errors.lines[0] : "?");
    scenario_errors_free(&errors);
}

static inline void load(const char *path, scenario *sc)
{
    load_with(path, NULL, 0, sc);
}

/* The seed a lesson runs with: its own, or JITSIM_LESSON_SEED. */
static inline uint64_t lesson_seed(const scenario *sc)
{
    const char *seed = getenv("JITSIM_LESSON_SEED");
    return seed && *seed ? strtoull(seed, NULL, 10) : sc->seed;
}

static inline void execute(const scenario *sc, run_result *r, int trace)
{
    char err[300];
    run_config cfg = {.keep_trace = trace};
    cfg.seed = lesson_seed(sc);
    cfg.seed_given = 1;
    cr_assert_eq(run_execute(sc, &cfg, r, err, sizeof err), 0,
                 "lesson '%s' does not run: %s", sc->name, err);
}

static inline size_t policy(const scenario *sc, const char *name)
{
    int p = scenario_policy(sc, name);
    cr_assert_geq(p, 0, "lesson '%s' has no policy %s", sc->name, name);
    return (size_t)p;
}

static inline double mean(const run_result *r, size_t p, size_t m)
{
    return run_summary(r, p, m)->mean;
}

/* The paired difference a - b of a column (a metric, or a line's column)
 * over the replications of one run (run_diff gives it against the
 * baseline only). */
static inline estimate paired(const run_result *r, size_t a, size_t b,
                              size_t m)
{
    double *x = malloc(r->n_reps * sizeof *x);
    double *y = malloc(r->n_reps * sizeof *y);
    cr_assert(x && y);
    size_t n = 0;
    for (uint64_t rep = 0; rep < r->n_reps; rep++) {
        double va = run_row(r, a, rep)[m];
        double vb = run_row(r, b, rep)[m];
        if (isfinite(va) && isfinite(vb)) {
            x[n] = va;
            y[n] = vb;
            n++;
        }
    }
    estimate e;
    cr_assert_eq(estimate_paired(x, y, n, 0.95, &e), 0);
    free(x);
    free(y);
    return e;
}

/* The same policy in two runs of the same seed (same streams): the paired
 * effect of what the second run changed. */
static inline estimate across(const run_result *with,
                              const run_result *without, size_t p,
                              metric m)
{
    double *x = malloc(with->n_reps * sizeof *x);
    double *y = malloc(with->n_reps * sizeof *y);
    cr_assert(x && y && with->n_reps == without->n_reps);
    for (uint64_t rep = 0; rep < with->n_reps; rep++) {
        x[rep] = run_row(with, p, rep)[m];
        y[rep] = run_row(without, p, rep)[m];
    }
    estimate e;
    cr_assert_eq(estimate_paired(x, y, with->n_reps, 0.95, &e), 0);
    free(x);
    free(y);
    return e;
}

static inline double worst(const run_result *r, size_t p, metric m)
{
    double w = -INFINITY;
    for (uint64_t rep = 0; rep < r->n_reps; rep++)
        if (run_row(r, p, rep)[m] > w)
            w = run_row(r, p, rep)[m];
    return w;
}


#define CI(e) (e).mean, (e).low, (e).high

/* How much more a change (run a against run b, same seed) moved policy p
 * than policy q: per replication (a_p - b_p) - (a_q - b_q). */
static inline estimate moved_more(const run_result *a, const run_result *b,
                                  size_t p, size_t q, metric m)
{
    double *x = malloc(a->n_reps * sizeof *x);
    double *zero = calloc(a->n_reps, sizeof *zero);
    cr_assert(x && zero && a->n_reps == b->n_reps);
    for (uint64_t rep = 0; rep < a->n_reps; rep++)
        x[rep] =
            (run_row(a, p, rep)[m] - run_row(b, p, rep)[m]) -
            (run_row(a, q, rep)[m] - run_row(b, q, rep)[m]);
    estimate e;
    cr_assert_eq(estimate_paired(x, zero, a->n_reps, 0.95, &e), 0);
    free(x);
    free(zero);
    return e;
}

#endif
