/*
 * optimize.c - the search of optimize.h: the candidates and their cache,
 * running a batch of them on common random numbers, the compass search
 * with growing replications, the final screening, and the scenario text
 * of the setting found.
 *
 * Not here: printing (app/cmd_optimize.c), the value syntax of the ranges
 * (sweep.c), the scenario text of the setting found (optimize_text.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "optimize.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "analysis/output.h"
#include "analysis/run.h"
#include "models/world.h"

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return rc;
}

static double seconds_now(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- candidates ------------------------------------------------------------ */

/* A point of the lattice and every replication run at it: for each, the
 * objective and the constraints' columns (`stride` numbers). */
typedef struct cand {
    size_t idx[OPTIMIZE_AXES_MAX];
    uint64_t reps;
    uint64_t cap;
    double *y; /* [rep * stride + j]: j 0 the objective, 1 + c constraint c */
} cand;

typedef struct search {
    const optimize_config *cfg;
    size_t d;
    size_t n[OPTIMIZE_AXES_MAX];
    const double *values[OPTIMIZE_AXES_MAX];
    int pi;
    size_t width; /* of the scenario's rows (world_row_width) */
    int col[1 + OPTIMIZE_CONSTRAINTS_MAX];
    size_t stride;
    int maximise;
    int fix_warmup;
    double warmup;
    uint64_t R, seed;
    int jobs;
    cand *c;
    size_t nc, capc;
    uint64_t runs;
    /* progress */
    size_t max_step;
    uint64_t level_reps;
    size_t incumbent;
    int have_incumbent;
    /* failures */
    scenario_errors *errors;
    char *err;
    size_t errlen;
} search;

/* The candidate at these lattice indices, made if new. SIZE_MAX when
 * memory runs out. */
static size_t cand_at(search *s, const size_t *idx)
{
    for (size_t i = 0; i < s->nc; i++)
        if (!memcmp(s->c[i].idx, idx, s->d * sizeof *idx))
            return i;
    if (s->nc == s->capc) {
        size_t cap = s->capc ? 2 * s->capc : 64;
        cand *grown = realloc(s->c, cap * sizeof *grown);
        if (!grown)
            return SIZE_MAX;
        s->c = grown;
        s->capc = cap;
    }
    cand *c = &s->c[s->nc];
    memset(c, 0, sizeof *c);
    memcpy(c->idx, idx, s->d * sizeof *idx);
    return s->nc++;
}

/* The overrides of candidate idx: "PATH=VALUE" per axis. */
static void cand_overrides(const search *s, const size_t *idx,
                           char (*texts)[320], const char **over)
{
    for (size_t k = 0; k < s->d; k++) {
        char num[40];
        optimize_format_value(num, sizeof num, s->values[k][idx[k]]);
        snprintf(texts[k], sizeof texts[k], "%s=%s", s->cfg->axes[k].path,
                 num);
        over[k] = texts[k];
    }
}

/* Parses the scenario with the candidate's values: its world_spec is
 * sc->worlds[s->pi]. 0, or OPTIMIZE_BAD_INPUT with the errors. */
static int cand_parse(search *s, const size_t *idx, scenario *sc)
{
    char texts[OPTIMIZE_AXES_MAX][320];
    const char *over[OPTIMIZE_AXES_MAX];
    cand_overrides(s, idx, texts, over);
    if (scenario_parse(s->cfg->text, s->cfg->len, s->cfg->source, over, s->d,
                       sc, s->errors))
        return OPTIMIZE_BAD_INPUT;
    if (s->fix_warmup)
        for (size_t p = 0; p < sc->n_policies; p++)
            sc->worlds[p].warmup = s->warmup;
    return 0;
}

/* ---- running a batch --------------------------------------------------------- */

static void report_progress(search *s)
{
    if (!s->cfg->progress)
        return;
    optimize_progress p = {0};
    double values[OPTIMIZE_AXES_MAX];
    p.objective = s->cfg->objective;
    p.candidates = s->nc;
    p.runs = s->runs;
    p.reps = s->level_reps;
    p.max_step = s->max_step;
    if (s->have_incumbent) {
        const cand *c = &s->c[s->incumbent];
        double sum = 0.0;
        uint64_t k = 0;
        for (uint64_t i = 0; i < c->reps; i++)
            if (isfinite(c->y[i * s->stride])) {
                sum += c->y[i * s->stride];
                k++;
            }
        p.have_best = k > 0;
        p.best_mean = k ? sum / (double)k : NAN;
        for (size_t a = 0; a < s->d; a++)
            values[a] = s->values[a][c->idx[a]];
        p.best_values = values;
    }
    s->cfg->progress(s->cfg->progress_ctx, &p);
}

/* Runs what the candidates ids[0..k) lack of replications 0..want-1, all
 * at once over the threads. 0, or an OPTIMIZE_ error. */
static int run_batch(search *s, const size_t *ids, size_t k, uint64_t want)
{
    size_t *need = malloc((k + 1) * sizeof *need);
    scenario *scs = calloc(k + 1, sizeof *scs);
    world_spec *specs = calloc(k + 1, sizeof *specs);
    uint64_t *first = calloc(k + 2, sizeof *first);
    int rc = 0;
    size_t m = 0, parsed = 0;
    if (!need || !scs || !specs || !first) {
        rc = fail(s->err, s->errlen, OPTIMIZE_FAILED, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < k; i++) {
        cand *c = &s->c[ids[i]];
        int dup = 0;
        for (size_t j = 0; j < m; j++)
            dup |= need[j] == ids[i];
        if (c->reps >= want || dup)
            continue;
        if (c->cap < want) {
            double *y = realloc(c->y, want * s->stride * sizeof *y);
            if (!y) {
                rc = fail(s->err, s->errlen, OPTIMIZE_FAILED,
                          "out of memory");
                goto done;
            }
            c->y = y;
            c->cap = want;
        }
        need[m++] = ids[i];
    }
    /* Each candidate's world is made once here, in order, so that a
     * refusal is found (and said) the same way for any thread count. */
    for (size_t j = 0; j < m; j++) {
        if ((rc = cand_parse(s, s->c[need[j]].idx, &scs[j])))
            goto done;
        parsed++;
        specs[j] = scs[j].worlds[s->pi];
        if (world_row_width(&specs[j]) != s->width) {
            rc = fail(s->err, s->errlen, OPTIMIZE_BAD_INPUT,
                      "a candidate has other columns than the scenario; "
                      "expected ranges that keep the line's stages and "
                      "products");
            goto done;
        }
        char why[512];
        world *w = world_create(&specs[j], why, sizeof why);
        if (!w) {
            rc = fail(s->err, s->errlen, OPTIMIZE_BAD_INPUT, "%s", why);
            goto done;
        }
        world_destroy(w);
        first[j + 1] = first[j] + (want - s->c[need[j]].reps);
    }
    long long tasks = (long long)first[m];
    int failed = 0;
    int jobs = s->jobs;
#pragma omp parallel num_threads(jobs) if (tasks > 1)
    {
        world **mine = calloc(m + 1, sizeof *mine);
        double *row = malloc(s->width * sizeof *row);
        if (!mine || !row) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (long long t = 0; t < tasks; t++) {
            if (!mine || !row)
                continue;
            size_t j = 0;
            while (first[j + 1] <= (uint64_t)t)
                j++;
            cand *c = &s->c[need[j]];
            uint64_t rep = c->reps + ((uint64_t)t - first[j]);
            char why[256];
            if (!mine[j] &&
                !(mine[j] = world_create(&specs[j], why, sizeof why))) {
#pragma omp atomic write
                failed = 1;
                continue;
            }
            if (world_run(mine[j], s->seed, rep, row)) {
#pragma omp atomic write
                failed = 1;
                continue;
            }
            for (size_t q = 0; q < s->stride; q++)
                c->y[rep * s->stride + q] = row[s->col[q]];
        }
        if (mine)
            for (size_t j = 0; j < m; j++)
                world_destroy(mine[j]);
        free(mine);
        free(row);
    }
    if (failed) {
        rc = fail(s->err, s->errlen, OPTIMIZE_FAILED,
                  "a replication ran out of memory; expected a smaller run "
                  "(a lower demand rate, a shorter horizon, or fewer jobs "
                  "at once with -j)");
        goto done;
    }
    for (size_t j = 0; j < m; j++) {
        s->runs += want - s->c[need[j]].reps;
        s->c[need[j]].reps = want;
    }
    if (m)
        report_progress(s);
done:
    for (size_t j = 0; j < parsed; j++)
        scenario_free(&scs[j]);
    free(need);
    free(scs);
    free(specs);
    free(first);
    return rc;
}

/* ---- judging ------------------------------------------------------------------ */

typedef struct judged {
    double mean[1 + OPTIMIZE_CONSTRAINTS_MAX];
    int feasible;
    double violation;
} judged;

static double mean_finite(const cand *c, size_t stride, size_t j,
                          uint64_t reps)
{
    double sum = 0.0;
    uint64_t k = 0;
    for (uint64_t i = 0; i < reps && i < c->reps; i++) {
        double v = c->y[i * stride + j];
        if (isfinite(v)) {
            sum += v;
            k++;
        }
    }
    return k ? sum / (double)k : NAN;
}


/* The candidate's means over its first `reps` replications and where it
 * stands with the constraints. */
static judged judge(const search *s, const cand *c, uint64_t reps)
{
    judged j = {0};
    for (size_t q = 0; q < s->stride; q++)
        j.mean[q] = mean_finite(c, s->stride, q, reps);
    j.feasible = isfinite(j.mean[0]);
    if (!j.feasible)
        j.violation = INFINITY;
    for (size_t q = 0; q < s->cfg->n_constraints; q++) {
        const sweep_constraint *k = &s->cfg->constraints[q];
        double x = j.mean[1 + q];
        if (!isfinite(x)) {
            j.feasible = 0;
            j.violation = INFINITY;
        } else if (!sweep_constraint_holds(k, x)) {
            double scale = fabs(k->value) > 1.0 ? fabs(k->value) : 1.0;
            j.feasible = 0;
            /* A strict bound met with equality falls short by nothing:
             * count it as a hair, so that it still ranks behind. */
            double shortfall = fabs(x - k->value) / scale;
            j.violation += shortfall > 0.0 ? shortfall : 1e-12;
        }
    }
    return j;
}

/* Whether a is strictly better than b (both judged on the same
 * replications): the feasibility rules of optimize.h. */
static int better(const search *s, const judged *a, const judged *b)
{
    if (a->feasible != b->feasible)
        return a->feasible;
    if (!a->feasible && a->violation != b->violation)
        return a->violation < b->violation;
    if (!isfinite(a->mean[0]))
        return 0;
    if (!isfinite(b->mean[0]))
        return 1;
    return s->maximise ? a->mean[0] > b->mean[0] : a->mean[0] < b->mean[0];
}

static int cand_better(const search *s, size_t a, size_t b, uint64_t reps)
{
    judged ja = judge(s, &s->c[a], reps), jb = judge(s, &s->c[b], reps);
    return better(s, &ja, &jb);
}

/* ---- the search ---------------------------------------------------------------- */

/* Polls the neighbours of x at the given steps: along each axis, or (with
 * diagonal) two axes at once. Returns the best neighbour strictly better
 * than x, x itself when none is, or SIZE_MAX after an error (in *rc). */
static size_t poll(search *s, size_t x, const size_t *step, uint64_t reps,
                   int diagonal, int *rc)
{
    size_t d = s->d;
    size_t max = diagonal ? 2 * d * (d - 1) : 2 * d;
    size_t *ids = malloc((max + 1) * sizeof *ids);
    if (!ids) {
        *rc = fail(s->err, s->errlen, OPTIMIZE_FAILED, "out of memory");
        return SIZE_MAX;
    }
    size_t k = 0;
    size_t base[OPTIMIZE_AXES_MAX];
    memcpy(base, s->c[x].idx, sizeof base);
    for (size_t a = 0; a < d; a++)
        for (size_t b = diagonal ? a + 1 : a; b < (diagonal ? d : a + 1);
             b++)
            for (int sa = -1; sa <= 1; sa += 2)
                for (int sb = -1; sb <= (diagonal ? 1 : -1); sb += 2) {
                    size_t idx[OPTIMIZE_AXES_MAX];
                    memcpy(idx, base, sizeof idx);
                    size_t axes[2] = {a, b};
                    int signs[2] = {sa, sb};
                    int moved = 1;
                    for (int q = 0; q < (diagonal ? 2 : 1); q++) {
                        size_t ax = axes[q];
                        size_t at = base[ax];
                        size_t to = signs[q] < 0
                                        ? (at > step[ax] ? at - step[ax] : 0)
                                        : (at + step[ax] < s->n[ax]
                                               ? at + step[ax]
                                               : s->n[ax] - 1);
                        moved &= to != at;
                        idx[ax] = to;
                    }
                    if (!moved)
                        continue;
                    size_t id = cand_at(s, idx);
                    if (id == SIZE_MAX) {
                        free(ids);
                        *rc = fail(s->err, s->errlen, OPTIMIZE_FAILED,
                                   "out of memory");
                        return SIZE_MAX;
                    }
                    int seen = 0;
                    for (size_t q = 0; q < k; q++)
                        seen |= ids[q] == id;
                    if (!seen)
                        ids[k++] = id;
                }
    if ((*rc = run_batch(s, ids, k, reps))) {
        free(ids);
        return SIZE_MAX;
    }
    size_t best = x;
    for (size_t q = 0; q < k; q++)
        if (cand_better(s, ids[q], best, reps))
            best = ids[q];
    free(ids);
    return best;
}

/* When no neighbour is better: a neighbour along one axis that is better
 * on the objective but breaks a constraint may be repaired by moving
 * along another axis (a lower reorder point needs a larger order
 * quantity to keep the fill rate): from it, walk along each other axis,
 * one step at a time, while the violation shrinks and the objective stays
 * better than x's, until a feasible point; the best such point that is
 * better than x is returned (x when none). Each walk is short: it stops
 * at the first step that does not bring it closer to feasibility.
 * SIZE_MAX after an error. */
static size_t repair(search *s, size_t x, const size_t *step, uint64_t reps,
                     int *rc)
{
    if (s->cfg->n_constraints == 0 || s->d < 2)
        return x;
    judged jx = judge(s, &s->c[x], reps);
    size_t found = x;
    for (size_t a = 0; a < s->d; a++)
        for (int sa = -1; sa <= 1; sa += 2) {
            size_t idx[OPTIMIZE_AXES_MAX];
            memcpy(idx, s->c[x].idx, sizeof idx);
            size_t at = idx[a];
            idx[a] = sa < 0 ? (at > step[a] ? at - step[a] : 0)
                            : (at + step[a] < s->n[a] ? at + step[a]
                                                      : s->n[a] - 1);
            if (idx[a] == at)
                continue;
            size_t nb = cand_at(s, idx);
            if (nb == SIZE_MAX || (*rc = run_batch(s, &nb, 1, reps)))
                return SIZE_MAX;
            judged jn = judge(s, &s->c[nb], reps);
            /* Only a neighbour better on the objective alone is worth
             * repairing. */
            judged plain = jn, plain_x = jx;
            plain.feasible = plain_x.feasible = 1;
            if (jn.feasible || !better(s, &plain, &plain_x))
                continue;
            for (size_t b = 0; b < s->d; b++)
                for (int sb = -1; b != a && sb <= 1; sb += 2) {
                    size_t walk[OPTIMIZE_AXES_MAX];
                    memcpy(walk, idx, sizeof walk);
                    double violation = jn.violation;
                    for (;;) {
                        size_t w = walk[b];
                        walk[b] = sb < 0 ? (w >= step[b] ? w - step[b] : w)
                                         : (w + step[b] < s->n[b]
                                                ? w + step[b]
                                                : w);
                        if (walk[b] == w)
                            break;
                        size_t id = cand_at(s, walk);
                        if (id == SIZE_MAX ||
                            (*rc = run_batch(s, &id, 1, reps)))
                            return SIZE_MAX;
                        judged jw = judge(s, &s->c[id], reps);
                        if (jw.feasible) {
                            if (cand_better(s, id, found, reps))
                                found = id;
                            break;
                        }
                        judged pw = jw;
                        pw.feasible = 1;
                        if (!(jw.violation < violation) ||
                            !better(s, &pw, &plain_x))
                            break;
                        violation = jw.violation;
                    }
                }
        }
    return found;
}

/* After a move from `from` to `to`: the same move again while it
 * improves and stays inside the ranges (Hooke and Jeeves's pattern move).
 * Returns where it ends, or SIZE_MAX after an error. */
static size_t pattern(search *s, size_t from, size_t to, uint64_t reps,
                      int *rc)
{
    for (;;) {
        size_t idx[OPTIMIZE_AXES_MAX];
        int inside = 1;
        for (size_t a = 0; a < s->d; a++) {
            long long next = 2 * (long long)s->c[to].idx[a] -
                             (long long)s->c[from].idx[a];
            inside &= next >= 0 && next < (long long)s->n[a];
            idx[a] = inside ? (size_t)next : 0;
        }
        if (!inside)
            return to;
        size_t id = cand_at(s, idx);
        if (id == SIZE_MAX) {
            *rc = fail(s->err, s->errlen, OPTIMIZE_FAILED, "out of memory");
            return SIZE_MAX;
        }
        if ((*rc = run_batch(s, &id, 1, reps)))
            return SIZE_MAX;
        if (!cand_better(s, id, to, reps))
            return to;
        from = to;
        to = id;
        s->incumbent = to;
    }
}

/* Replications at level l of 0..levels: all of R at the last, half as
 * many a level up, at least OPTIMIZE_R_MIN. */
static uint64_t level_reps(uint64_t R, size_t l, size_t levels)
{
    uint64_t r = R;
    for (size_t i = l; i < levels; i++)
        r = (r + 1) / 2;
    uint64_t floor_reps = R < OPTIMIZE_R_MIN ? R : OPTIMIZE_R_MIN;
    return r < floor_reps ? floor_reps : r;
}

static int search_run(search *s, size_t x, size_t *end)
{
    size_t step[OPTIMIZE_AXES_MAX];
    size_t levels = 0;
    for (size_t a = 0; a < s->d; a++) {
        step[a] = s->n[a] > 4 ? (s->n[a] - 1) / 4 : 1;
        size_t h = 0;
        for (size_t t = step[a]; t > 1; t /= 2)
            h++;
        if (h > levels)
            levels = h;
    }
    size_t level = 0;
    int rc;
    s->level_reps = level_reps(s->R, 0, levels);
    s->max_step = 0;
    for (size_t a = 0; a < s->d; a++)
        if (step[a] > s->max_step)
            s->max_step = step[a];
    s->incumbent = x;
    s->have_incumbent = 1;
    if ((rc = run_batch(s, &x, 1, s->level_reps)))
        return rc;
    for (;;) {
        uint64_t reps = s->level_reps;
        size_t next = poll(s, x, step, reps, 0, &rc);
        if (next == SIZE_MAX)
            return rc;
        if (next == x && s->d >= 2 &&
            (next = poll(s, x, step, reps, 1, &rc)) == SIZE_MAX)
            return rc;
        if (next == x && (next = repair(s, x, step, reps, &rc)) == SIZE_MAX)
            return rc;
        if (next != x) {
            s->incumbent = next;
            size_t to = pattern(s, x, next, reps, &rc);
            if (to == SIZE_MAX)
                return rc;
            x = to;
            s->incumbent = x;
            continue;
        }
        if (level == levels) {
            /* Before stopping: the axes at steps 2 and 3, which step over
             * a point that the noise made look infeasible or worse. */
            size_t wide[OPTIMIZE_AXES_MAX];
            for (size_t w = 2; w <= OPTIMIZE_WIDEN && next == x; w++) {
                for (size_t a = 0; a < s->d; a++)
                    wide[a] = w;
                if ((next = poll(s, x, wide, reps, 0, &rc)) == SIZE_MAX)
                    return rc;
            }
            if (next != x) {
                x = next;
                s->incumbent = x;
                continue;
            }
            break;
        }
        level++;
        s->max_step = 0;
        for (size_t a = 0; a < s->d; a++) {
            step[a] = step[a] > 1 ? step[a] / 2 : 1;
            if (step[a] > s->max_step)
                s->max_step = step[a];
        }
        s->level_reps = level_reps(s->R, level, levels);
        if ((rc = run_batch(s, &x, 1, s->level_reps)))
            return rc;
    }
    *end = x;
    return 0;
}

/* ---- the result ---------------------------------------------------------------- */

static void point_of(const search *s, size_t id, optimize_point *p)
{
    const cand *c = &s->c[id];
    memset(p, 0, sizeof *p);
    for (size_t a = 0; a < s->d; a++)
        p->values[a] = s->values[a][c->idx[a]];
    p->reps = c->reps;
    double *x = malloc((c->reps + 1) * sizeof *x);
    for (size_t q = 0; q < s->stride; q++) {
        estimate *e = q == 0 ? &p->objective : &p->constraint[q - 1];
        e->level = 0.95;
        e->mean = e->sd = e->half_width = e->low = e->high = NAN;
        size_t k = 0;
        for (uint64_t i = 0; x && i < c->reps; i++)
            if (isfinite(c->y[i * s->stride + q]))
                x[k++] = c->y[i * s->stride + q];
        if (k)
            estimate_mean(x, k, 0.95, e);
        e->n = k;
    }
    free(x);
    judged j = judge(s, c, c->reps);
    p->feasible = j.feasible;
    p->violation = j.violation;
    p->diff.mean = p->diff.low = p->diff.high = NAN;
}

/* The paired interval of a's objective minus b's, and whether it lies
 * wholly on the worse side. */
static void paired(const search *s, size_t a, size_t b, optimize_point *p)
{
    const cand *ca = &s->c[a], *cb = &s->c[b];
    uint64_t n = ca->reps < cb->reps ? ca->reps : cb->reps;
    double *x = malloc((n + 1) * sizeof *x), *y = malloc((n + 1) * sizeof *y);
    size_t k = 0;
    for (uint64_t i = 0; x && y && i < n; i++) {
        double u = ca->y[i * s->stride], v = cb->y[i * s->stride];
        if (isfinite(u) && isfinite(v)) {
            x[k] = u;
            y[k++] = v;
        }
    }
    memset(&p->diff, 0, sizeof p->diff);
    p->diff.level = 0.95;
    p->diff.mean = p->diff.low = p->diff.high = p->diff.sd =
        p->diff.half_width = NAN;
    if (k)
        estimate_paired(x, y, k, 0.95, &p->diff);
    p->clearly_worse = s->maximise ? p->diff.high < 0.0 : p->diff.low > 0.0;
    free(x);
    free(y);
}

/* The finalists: the best few feasible candidates with all replications,
 * best first (or, when none is feasible, the least infeasible alone). */
static int finish(search *s, size_t start, optimize_result *out)
{
    size_t *all = malloc((s->nc + 1) * sizeof *all);
    if (!all)
        return fail(s->err, s->errlen, OPTIMIZE_FAILED, "out of memory");
    size_t n_all = 0;
    for (size_t i = 0; i < s->nc; i++) {
        if (s->c[i].reps < s->R)
            continue;
        judged j = judge(s, &s->c[i], s->R);
        if (!j.feasible)
            continue;
        /* Insertion sort, best first; ties keep the earlier candidate. */
        size_t at = n_all++;
        while (at > 0 && cand_better(s, i, all[at - 1], s->R)) {
            all[at] = all[at - 1];
            at--;
        }
        all[at] = i;
    }
    size_t chosen[OPTIMIZE_FINALISTS];
    size_t n = n_all < OPTIMIZE_FINALISTS ? n_all : OPTIMIZE_FINALISTS;
    memcpy(chosen, all, n * sizeof *chosen);
    free(all);
    out->found = n > 0;
    if (!n) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < s->nc; i++)
            if (s->c[i].reps >= s->R &&
                (best == SIZE_MAX || cand_better(s, i, best, s->R)))
                best = i;
        chosen[n++] = best;
    }
    /* The starting point with all replications, to say what was gained. */
    int rc = run_batch(s, &start, 1, s->R);
    if (rc)
        return rc;
    out->n_finalists = n;
    for (size_t q = 0; q < n; q++) {
        point_of(s, chosen[q], &out->finalists[q]);
        if (q > 0)
            paired(s, chosen[q], chosen[0], &out->finalists[q]);
    }
    out->best = out->finalists[0];
    point_of(s, start, &out->start);
    paired(s, start, chosen[0], &out->start);
    return 0;
}

/* ---- setting up ------------------------------------------------------------------ */

static int check_input(search *s, const scenario *base, char *err,
                       size_t errlen)
{
    const optimize_config *cfg = s->cfg;
    if (!cfg->policy)
        return fail(err, errlen, OPTIMIZE_BAD_INPUT,
                    "no policy given; expected --policy NAME");
    s->pi = scenario_policy(base, cfg->policy);
    if (s->pi < 0) {
        char names[600] = "";
        size_t used = 0;
        for (size_t p = 0; p < base->n_policies && used < sizeof names; p++)
            used += (size_t)snprintf(names + used, sizeof names - used,
                                     "%s%s", p ? ", " : "",
                                     base->worlds[p].policy.name);
        return fail(err, errlen, OPTIMIZE_BAD_INPUT,
                    "--policy %s: no such policy in the scenario; expected "
                    "one of %s",
                    cfg->policy, names);
    }
    if (cfg->n_axes == 0)
        return fail(err, errlen, OPTIMIZE_BAD_INPUT,
                    "nothing to search; expected --vary "
                    "policies.%s.KEY=FROM:TO[:STEP]",
                    cfg->policy);
    if (cfg->n_axes > OPTIMIZE_AXES_MAX)
        return fail(err, errlen, OPTIMIZE_BAD_INPUT,
                    "%zu parameters to search; expected at most %d",
                    cfg->n_axes, OPTIMIZE_AXES_MAX);
    if (cfg->n_constraints > OPTIMIZE_CONSTRAINTS_MAX)
        return fail(err, errlen, OPTIMIZE_BAD_INPUT,
                    "%zu constraints; expected at most %d",
                    cfg->n_constraints, OPTIMIZE_CONSTRAINTS_MAX);
    char prefix[300];
    snprintf(prefix, sizeof prefix, "policies.%s.", cfg->policy);
    s->d = cfg->n_axes;
    for (size_t a = 0; a < s->d; a++) {
        const sweep_axis *ax = &cfg->axes[a];
        if (strncmp(ax->path, prefix, strlen(prefix)) != 0 ||
            !ax->path[strlen(prefix)])
            return fail(err, errlen, OPTIMIZE_BAD_INPUT,
                        "--vary %s: not a parameter of policy %s; expected "
                        "%sKEY (Q, r, S, cards, ...)",
                        ax->path, cfg->policy, prefix);
        for (size_t b = 0; b < a; b++)
            if (!strcmp(cfg->axes[b].path, ax->path))
                return fail(err, errlen, OPTIMIZE_BAD_INPUT,
                            "--vary %s is given twice; expected each "
                            "parameter once",
                            ax->path);
        if (ax->labels) {
            /* The first value that is not a number made it names. */
            size_t i = 0;
            char *end = NULL;
            for (; i + 1 < ax->n_values; i++) {
                strtod(ax->labels[i], &end);
                if (end == ax->labels[i] || *end)
                    break;
            }
            return fail(err, errlen, OPTIMIZE_BAD_INPUT,
                        "--vary %s: '%s' is not a number; expected "
                        "FROM:TO[:STEP] or an increasing list of numbers "
                        "(a search moves by steps, names have none)",
                        ax->path, ax->labels[i]);
        }
        if (ax->n_values == 0)
            return fail(err, errlen, OPTIMIZE_BAD_INPUT,
                        "--vary %s has no values; expected FROM:TO[:STEP]",
                        ax->path);
        for (size_t i = 1; i < ax->n_values; i++)
            if (!(ax->values[i] > ax->values[i - 1]))
                return fail(err, errlen, OPTIMIZE_BAD_INPUT,
                            "--vary %s: the values are not increasing; "
                            "expected a range or an increasing list",
                            ax->path);
        s->n[a] = ax->n_values;
        s->values[a] = ax->values;
    }
    metric_columns columns;
    if (world_columns(&base->worlds[s->pi], &columns) != 0)
        return fail(err, errlen, OPTIMIZE_FAILED, "out of memory");
    s->width = columns.n;
    for (size_t q = 0; q <= cfg->n_constraints; q++) {
        const char *name = q == 0 ? cfg->objective
                                  : cfg->constraints[q - 1].metric;
        int col = metric_columns_find(&columns, name);
        if (col < 0) {
            metric_columns_free(&columns);
            return fail(err, errlen, OPTIMIZE_BAD_INPUT,
                        "%s: no metric '%s' in this scenario; expected a "
                        "metric of docs/metrics.md",
                        q == 0 ? "--objective" : "--constraint", name);
        }
        s->col[q] = col;
    }
    metric_columns_free(&columns);
    s->stride = 1 + cfg->n_constraints;
    return 0;
}

/* The starting index on axis a: the policy's own value of the key as
 * resolved (given, auto or optimal), nearest on the lattice; else the
 * centre of the range. */
static size_t start_index(const search *s, size_t a, const world_spec *spec,
                          const policy_params *eff)
{
    const char *key = s->cfg->axes[a].path + strlen("policies.") +
                      strlen(s->cfg->policy) + 1;
    double v = NAN;
    int p = policy_param_find(key);
    if (p >= 0 && eff && eff->state[p] != PARAM_UNSET)
        v = eff->value[p];
    else if (!strcmp(key, "initial_inventory"))
        v = spec->policy.initial_inventory;
    else if (!strcmp(key, "emergency_stock"))
        v = spec->policy.emergency_stock;
    else if (!strcmp(key, "switch_after"))
        v = spec->policy.switch_after;
    if (!isfinite(v))
        return (s->n[a] - 1) / 2;
    size_t best = 0;
    for (size_t i = 1; i < s->n[a]; i++)
        if (fabs(s->values[a][i] - v) < fabs(s->values[a][best] - v))
            best = i;
    return best;
}

/* Before anything runs: each axis's first and last values with the others
 * at the start make valid scenarios (as sweep_check). */
static int check_ends(search *s, const size_t *start)
{
    for (size_t a = 0; a < s->d; a++)
        for (int end = 0; end < 2; end++) {
            size_t idx[OPTIMIZE_AXES_MAX];
            memcpy(idx, start, sizeof idx);
            idx[a] = end ? s->n[a] - 1 : 0;
            scenario sc;
            int rc = cand_parse(s, idx, &sc);
            if (rc)
                return rc;
            char why[512];
            /* A world borrows its spec: destroyed before the scenario. */
            world *w = world_create(&sc.worlds[s->pi], why, sizeof why);
            world_destroy(w);
            scenario_free(&sc);
            if (!w)
                return fail(s->err, s->errlen, OPTIMIZE_BAD_INPUT, "%s", why);
        }
    return 0;
}

int optimize_run(const optimize_config *cfg, optimize_result *out,
                 scenario_errors *errors, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    double started = seconds_now();
    search s;
    memset(&s, 0, sizeof s);
    s.cfg = cfg;
    s.errors = errors;
    s.err = err;
    s.errlen = errlen;
    scenario base;
    if (scenario_parse(cfg->text, cfg->len, cfg->source, NULL, 0, &base,
                       errors))
        return OPTIMIZE_BAD_INPUT;
    optimize_config local = *cfg;
    if (!local.objective)
        local.objective = output_verdict_basis(&base).metric == METRIC_PROFIT
                              ? "profit"
                              : "total_cost";
    s.cfg = &local;
    int rc = check_input(&s, &base, err, errlen);
    if (rc) {
        scenario_free(&base);
        return rc;
    }
    s.maximise = metric_higher_is_better(local.objective);
    s.R = cfg->replications ? cfg->replications : base.replications;
    s.seed = cfg->seed_given ? cfg->seed : base.seed;
    s.jobs = cfg->jobs;
#ifdef _OPENMP
    if (s.jobs <= 0)
        s.jobs = omp_get_num_procs();
#else
    s.jobs = 1;
#endif
    /* Where to start: the policy as the file resolves it. */
    size_t start_idx[OPTIMIZE_AXES_MAX] = {0};
    {
        char why[512];
        world *w = world_create(&base.worlds[s.pi], why, sizeof why);
        const policy_params *eff = w ? world_effective_params(w) : NULL;
        for (size_t a = 0; a < s.d; a++)
            start_idx[a] = start_index(&s, a, &base.worlds[s.pi], eff);
        world_destroy(w);
    }
    out->warmup = base.worlds[s.pi].warmup;
    int warmup_auto = base.warmup_auto;
    scenario_free(&base);
    if ((rc = check_ends(&s, start_idx)))
        goto done;
    if (warmup_auto) {
        /* One window for every candidate: chosen at the start, for the
         * policy alone (as run_execute would for it). */
        scenario sc;
        if ((rc = cand_parse(&s, start_idx, &sc)))
            goto done;
        scenario one = sc;
        one.worlds = &sc.worlds[s.pi];
        one.n_policies = 1;
        one.baseline = 0;
        s.warmup = run_auto_warmup(&one, s.seed);
        s.fix_warmup = 1;
        scenario_free(&sc);
        out->warmup = s.warmup;
        out->warmup_auto = 1;
    }
    size_t start = cand_at(&s, start_idx);
    if (start == SIZE_MAX) {
        rc = fail(err, errlen, OPTIMIZE_FAILED, "out of memory");
        goto done;
    }
    size_t end;
    if ((rc = search_run(&s, start, &end)))
        goto done;
    if ((rc = finish(&s, start, out)))
        goto done;
    out->n_axes = s.d;
    snprintf(out->objective, sizeof out->objective, "%s", local.objective);
    out->maximise = s.maximise;
    out->n_constraints = cfg->n_constraints;
    memcpy(out->constraints, cfg->constraints,
           cfg->n_constraints * sizeof *cfg->constraints);
    out->reps = s.R;
    out->seed = s.seed;
    out->grid_points = 1;
    for (size_t a = 0; a < s.d; a++)
        out->grid_points *= s.n[a];
    out->candidates = s.nc;
    out->runs = s.runs;
    out->seconds = seconds_now() - started;
done:
    for (size_t i = 0; i < s.nc; i++)
        free(s.c[i].y);
    free(s.c);
    return rc;
}
