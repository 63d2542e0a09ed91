/*
 * run.c - replications, threads, summaries and the automatic warm-up.
 */
#include "run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "models/world.h"

/* ---- timeseries ---------------------------------------------------------- */

/* Appends the last observed state, or replaces the previous point when it
 * has the same time (several changes at one instant: keep the last). */
static void push_point(timeseries *ts)
{
    if (ts->n > 0 && ts->points[ts->n - 1].t == ts->last.t) {
        ts->points[ts->n - 1] = ts->last;
        return;
    }
    if (ts->n == ts->capacity) {
        size_t cap = ts->capacity ? ts->capacity * 2 : 1024;
        timeseries_point *p = realloc(ts->points, cap * sizeof *p);
        if (!p)
            return; /* the series is cut short; the run goes on */
        ts->points = p;
        ts->capacity = cap;
    }
    ts->points[ts->n++] = ts->last;
}

static void record_level(void *ctx, double t, double on_hand,
                         double backorders, double on_order)
{
    timeseries *ts = ctx;
    ts->last.t = t;
    ts->last.on_hand = on_hand;
    ts->last.backorders = backorders;
    ts->last.on_order = on_order;
    push_point(ts);
}

/* A line's stages: the line's WIP (stages and buffers, avg_wip's level)
 * goes into the levels' wip, each stage into the per-stage series. */
static void record_stages(void *ctx, double t, const double *stage_wip,
                          size_t n_stages, double line_wip)
{
    timeseries *ts = ctx;
    ts->last.t = t;
    ts->last.wip = line_wip;
    push_point(ts);
    if (ts->n_stages == 0 || n_stages != ts->n_stages)
        return;
    size_t i = ts->stage_n;
    if (i > 0 && ts->stage_t[i - 1] == t) {
        i--;
    } else {
        if (ts->stage_n == ts->stage_capacity) {
            size_t cap = ts->stage_capacity ? ts->stage_capacity * 2 : 1024;
            double *tt = realloc(ts->stage_t, cap * sizeof *tt);
            if (!tt)
                return;
            ts->stage_t = tt;
            double *w = realloc(ts->stage_wip,
                                cap * n_stages * sizeof *w);
            if (!w)
                return;
            ts->stage_wip = w;
            ts->stage_capacity = cap;
        }
        ts->stage_n++;
    }
    ts->stage_t[i] = t;
    memcpy(&ts->stage_wip[i * n_stages], stage_wip,
           n_stages * sizeof *stage_wip);
}

/* ---- traces --------------------------------------------------------------- */

/* The next record of a trace, or NULL when memory ran out (the trace is
 * then cut short; the run goes on). */
static trace_record *next_record(trace_log *log)
{
    if (log->n == log->capacity) {
        size_t cap = log->capacity ? log->capacity * 2 : 1024;
        trace_record *grown = realloc(log->records, cap * sizeof *grown);
        if (!grown)
            return NULL;
        log->records = grown;
        log->capacity = cap;
    }
    return &log->records[log->n++];
}

static void record_event(void *ctx, const stockpt *sp, stockpt_event event,
                         double quantity, int supplier_index)
{
    trace_record *r = next_record(ctx);
    if (r)
        *r = (trace_record){
            stockpt_now(sp), event, quantity, supplier_index,
            stockpt_on_hand(sp), stockpt_backorders(sp), stockpt_on_order(sp),
            -1, -1, -1, 0.0, 0.0, (int)sp->node_index};
}

static void record_line_event(void *ctx, double t, line_event event,
                              int stage, int product, double quantity,
                              const line_trace_state *state)
{
    trace_record *r = next_record(ctx);
    if (r)
        *r = (trace_record){t, STOCKPT_CUSTOMER_ORDER, quantity, -1,
                            state->on_hand, state->backorders, 0.0,
                            (int)event, stage, product, state->wip,
                            state->raw, -1};
}

/* ---- a chain's nodes -------------------------------------------------------- */

/* Copies replication 0's buckets of every node: 0, or -1 (memory). */
static int keep_node_series(const world *w, const world_spec *spec,
                            node_series *ns)
{
    size_t n_nodes = spec->n_nodes, n = 0;
    for (size_t k = 0; k < n_nodes; k++) {
        const double *orders, *net;
        double start, width;
        size_t got = world_node_buckets(w, k, &orders, &net, &start, &width);
        if (k == 0) {
            n = got;
            ns->n_nodes = n_nodes;
            ns->n = n;
            ns->start = start;
            ns->width = width;
            if (n == 0)
                return 0;
            ns->orders = malloc(n_nodes * n * sizeof *ns->orders);
            ns->net_stock = malloc(n_nodes * n * sizeof *ns->net_stock);
            if (!ns->orders || !ns->net_stock)
                return -1;
        }
        if (got != n)
            return -1;
        memcpy(ns->orders + k * n, orders, n * sizeof *orders);
        memcpy(ns->net_stock + k * n, net, n * sizeof *net);
    }
    return 0;
}

/* ---- summaries ------------------------------------------------------------ */

/* The estimate of the k values gathered in scratch; NaN when there are
 * none (a metric can be undefined in every replication). */
static void summarise_gathered(const double *scratch, size_t k,
                               estimate *out)
{
    memset(out, 0, sizeof *out);
    out->level = 0.95;
    out->mean = out->sd = out->half_width = out->low = out->high = NAN;
    if (k > 0)
        estimate_mean(scratch, k, 0.95, out);
}

/* Mean and interval over the finite values (a metric can be undefined in a
 * replication: no disruption to recover from, no stock to turn over). */
static void summarise(const double *x, size_t n, double *scratch,
                      estimate *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]))
            scratch[k++] = x[i];
    summarise_gathered(scratch, k, out);
}

/* The same for the differences a - b where both are defined. */
static void summarise_pairs(const double *a, const double *b, size_t n,
                            double *scratch, estimate *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(a[i]) && isfinite(b[i]))
            scratch[k++] = a[i] - b[i];
    summarise_gathered(scratch, k, out);
}

static double seconds_now(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- MSER-5 -------------------------------------------------------------- */

size_t run_mser5(const double *x, size_t n)
{
    size_t batches = n / 5;
    if (batches < 4)
        return 0;
    double *means = malloc(batches * sizeof *means);
    if (!means)
        return 0;
    for (size_t b = 0; b < batches; b++) {
        double sum = 0.0;
        for (size_t i = 0; i < 5; i++)
            sum += x[5 * b + i];
        means[b] = sum / 5.0;
    }
    /* Suffix sums give every truncation's mean and variance in O(n). */
    double sum = 0.0, sumsq = 0.0;
    size_t best = 0;
    double best_stat = INFINITY;
    double *stat = malloc(batches * sizeof *stat);
    if (!stat) {
        free(means);
        return 0;
    }
    for (size_t d = batches; d-- > 0;) {
        sum += means[d];
        sumsq += means[d] * means[d];
        double m = (double)(batches - d);
        double mean = sum / m;
        double ss = sumsq - m * mean * mean;
        stat[d] = (ss > 0.0 ? ss : 0.0) / (m * m);
    }
    for (size_t d = 0; d <= batches / 2; d++)
        if (stat[d] < best_stat) {
            best_stat = stat[d];
            best = d;
        }
    free(stat);
    free(means);
    return 5 * best;
}

typedef struct level_sampler {
    double bucket;   /* length of one interval */
    double *area;    /* integral of the level per interval */
    size_t n;
    double t_last;
    double level;
} level_sampler;

static void sample_level(void *ctx, double t, double on_hand,
                         double backorders, double on_order)
{
    (void)on_order;
    level_sampler *ls = ctx;
    /* Spread the old level over the intervals from t_last to t. The
     * interval index advances by counting, never by dividing again: the
     * end of interval i, (i + 1) * bucket, divided by bucket can round
     * back down to i, and the loop would stop advancing. */
    double from = ls->t_last;
    for (size_t i = (size_t)(from / ls->bucket); from < t && i < ls->n;
         i++) {
        double end = (double)(i + 1) * ls->bucket;
        double to = t < end ? t : end;
        if (to > from) {
            ls->area[i] += ls->level * (to - from);
            from = to;
        }
    }
    ls->t_last = t;
    ls->level = on_hand - backorders;
}

double run_auto_warmup(const scenario *sc, uint64_t seed)
{
    enum { INTERVALS = 1000 };
    double warmup = 0.0;
    for (size_t p = 0; p < sc->n_policies; p++) {
        world_spec pilot = sc->worlds[p];
        pilot.warmup = 0.0;
        char err[256];
        world *w = world_create(&pilot, err, sizeof err);
        if (!w)
            continue;
        double area[INTERVALS] = {0};
        level_sampler ls = {pilot.horizon / INTERVALS, area, INTERVALS, 0.0,
                            0.0};
        world_observe_levels(w, sample_level, &ls);
        double *m = malloc(world_row_width(&pilot) * sizeof *m);
        if (m && world_run(w, seed, UINT64_MAX, m) == 0) {
            sample_level(&ls, pilot.horizon, 0.0, 0.0, 0.0);
            for (size_t i = 0; i < INTERVALS; i++)
                area[i] /= ls.bucket;
            double d = (double)run_mser5(area, INTERVALS) * ls.bucket;
            if (d > warmup)
                warmup = d;
        }
        free(m);
        world_destroy(w);
    }
    return warmup;
}

int run_summarise(run_result *r, size_t baseline)
{
    size_t np = r->n_policies, nc = r->columns.n;
    uint64_t reps = r->n_reps;
    free(r->summary);
    free(r->diff);
    r->summary = calloc(np * nc + 1, sizeof *r->summary);
    r->diff = calloc(np * nc + 1, sizeof *r->diff);
    double *a = malloc((reps + 1) * sizeof *a);
    double *b = malloc((reps + 1) * sizeof *b);
    double *scratch = malloc((reps + 1) * sizeof *scratch);
    if (!r->summary || !r->diff || !a || !b || !scratch) {
        free(a), free(b), free(scratch);
        free(r->summary), free(r->diff);
        r->summary = r->diff = NULL;
        return -1;
    }
    for (size_t p = 0; p < np; p++)
        for (size_t m = 0; m < nc; m++) {
            for (uint64_t i = 0; i < reps; i++) {
                a[i] = run_row(r, p, i)[m];
                b[i] = run_row(r, baseline, i)[m];
            }
            summarise(a, reps, scratch, &r->summary[p * nc + m]);
            estimate *d = &r->diff[p * nc + m];
            if (p == baseline) {
                memset(d, 0, sizeof *d);
                d->mean = d->low = d->high = d->sd = d->half_width = NAN;
            } else {
                summarise_pairs(a, b, reps, scratch, d);
            }
        }
    free(a), free(b), free(scratch);
    return 0;
}

/* ---- running ---------------------------------------------------------------- */

void run_result_free(run_result *r)
{
    free(r->rows);
    metric_columns_free(&r->columns);
    free(r->summary);
    free(r->diff);
    free(r->effective);
    free(r->plans);
    if (r->series)
        for (size_t p = 0; p < r->n_policies; p++) {
            free(r->series[p].points);
            free(r->series[p].stage_t);
            free(r->series[p].stage_wip);
        }
    free(r->series);
    if (r->nodes)
        for (size_t p = 0; p < r->n_policies; p++) {
            free(r->nodes[p].orders);
            free(r->nodes[p].net_stock);
        }
    free(r->nodes);
    if (r->traces)
        for (size_t p = 0; p < r->n_policies; p++)
            free(r->traces[p].records);
    free(r->traces);
    memset(r, 0, sizeof *r);
}

int run_execute(const scenario *sc, const run_config *cfg, run_result *out,
                char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    size_t np = sc->n_policies;
    uint64_t reps = cfg->replications ? cfg->replications : sc->replications;
    uint64_t seed = cfg->seed_given ? cfg->seed : sc->seed;
    out->n_policies = np;
    out->n_reps = reps;
    out->seed = seed;
    int columns_rc = np ? world_columns(&sc->worlds[0], &out->columns)
                        : metric_columns_base(&out->columns);
    /* One block for every row, each exactly the scenario's width. */
    size_t width = out->columns.n;
    out->rows = columns_rc == 0 ? calloc(np * reps * width + 1,
                                         sizeof *out->rows)
                                : NULL;
    out->effective = calloc(np, sizeof *out->effective);
    out->plans = calloc(np, sizeof *out->plans);
    out->series = cfg->keep_timeseries ? calloc(np, sizeof *out->series)
                                       : NULL;
    out->traces = cfg->keep_trace ? calloc(np, sizeof *out->traces) : NULL;
    int chain = np && sc->worlds[0].n_nodes > 0;
    out->nodes = cfg->keep_timeseries && chain
                     ? calloc(np, sizeof *out->nodes)
                     : NULL;
    world_spec *specs = calloc(np, sizeof *specs);
    if (!out->rows || !out->effective || !out->plans ||
        (cfg->keep_timeseries && !out->series) ||
        (cfg->keep_trace && !out->traces) ||
        (cfg->keep_timeseries && chain && !out->nodes) || !specs) {
        free(specs);
        run_result_free(out);
        snprintf(err, errlen, "out of memory for %zu policies x %llu "
                              "replications",
                 np, (unsigned long long)reps);
        return -1;
    }

    size_t n_stages = np ? sc->worlds[0].line.n_stages : 0;
    for (size_t p = 0; out->series && p < np; p++)
        out->series[p].n_stages = n_stages;

    double started = seconds_now();
    out->warmup_was_auto = sc->warmup_auto;
    out->warmup = sc->warmup_auto ? run_auto_warmup(sc, seed)
                                  : (np ? sc->worlds[0].warmup : 0.0);
    /* Shallow copies share the owned parts with the scenario; only the
     * warm-up differs. */
    for (size_t p = 0; p < np; p++) {
        specs[p] = sc->worlds[p];
        specs[p].warmup = out->warmup;
        /* The rows are laid out for the first world's columns; every
         * policy of a scenario runs the same stock point, line or chain. */
        size_t own = world_row_width(&specs[p]);
        if (own != width) {
            free(specs);
            run_result_free(out);
            snprintf(err, errlen, "policy %zu's rows have %zu columns, the "
                                  "first's %zu; expected the same stock "
                                  "point, line or chain for every policy",
                     p + 1, own, width);
            return -1;
        }
        world *w = world_create(&specs[p], err, errlen);
        if (!w) {
            free(specs);
            run_result_free(out);
            return -1;
        }
        out->effective[p] = *world_effective_params(w);
        world_plan(w, out->plans[p], sizeof out->plans[p]);
        if (world_demand_sized(w)) {
            out->planning_used = 1;
            out->planning_rate = world_planning_rate(w);
        }
        world_destroy(w);
    }

    int failed = 0;
    uint64_t events = 0;
    int jobs = cfg->jobs;
#ifdef _OPENMP
    if (jobs <= 0)
        jobs = omp_get_num_procs();
#else
    jobs = 1;
#endif
    long long tasks = (long long)(np * reps);
    /* Each thread keeps one world per policy it meets: building a world
     * costs allocations, a replication on it none. */
#pragma omp parallel num_threads(jobs) reduction(+ : events)
    {
        world **mine = calloc(np, sizeof *mine);
        if (!mine) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (long long task = 0; task < tasks; task++) {
            if (!mine)
                continue;
            size_t p = (size_t)(task / (long long)reps);
            uint64_t rep = (uint64_t)(task % (long long)reps);
            char why[256];
            if (!mine[p] &&
                !(mine[p] = world_create(&specs[p], why, sizeof why))) {
#pragma omp atomic write
                failed = 1;
                continue;
            }
            int keep = cfg->keep_timeseries && rep == 0;
            world_observe_levels(mine[p], keep ? record_level : NULL,
                                 keep ? &out->series[p] : NULL);
            if (n_stages)
                world_observe_stages(mine[p], keep ? record_stages : NULL,
                                     keep ? &out->series[p] : NULL);
            int trace = cfg->keep_trace && rep == 0;
            world_trace(mine[p], trace ? record_event : NULL,
                        trace ? &out->traces[p] : NULL);
            world_trace_line(mine[p], trace ? record_line_event : NULL,
                             trace ? &out->traces[p] : NULL);
            double *row = out->rows + (p * reps + rep) * width;
            if (world_run(mine[p], seed, rep, row) ||
                (keep && out->nodes &&
                 keep_node_series(mine[p], &specs[p], &out->nodes[p]))) {
#pragma omp atomic write
                failed = 1;
            }
            events += world_events(mine[p]);
        }
        if (mine)
            for (size_t p = 0; p < np; p++)
                world_destroy(mine[p]);
        free(mine);
    }
    free(specs);
    if (failed) {
        run_result_free(out);
        snprintf(err, errlen, "a replication ran out of memory; expected a "
                              "smaller run (a lower demand rate, a shorter "
                              "horizon, or fewer jobs at once with -j)");
        return -1;
    }
    out->events = events;

    if (run_summarise(out, (size_t)sc->baseline) != 0) {
        run_result_free(out);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    out->seconds = seconds_now() - started;
    return 0;
}
