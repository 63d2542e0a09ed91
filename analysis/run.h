/*
 * run.h - running a scenario: every policy x every replication on common
 * random numbers, summarised with intervals and paired differences.
 *
 * Replication r of every policy uses the streams of (seed, r), so the
 * policies face the same demand and the same disruptions and their
 * difference can be estimated pair by pair. Work is spread over threads
 * (OpenMP) at (policy, replication) granularity; each result is stored at
 * its own index, so the output is identical for any thread count.
 *
 * This module computes; output.h formats and writes.
 */
#ifndef JITSIM_RUN_H
#define JITSIM_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/estimate.h"
#include "analysis/scenario.h"
#include "models/metrics.h"
#include "models/policy.h"
#include "models/stockpt.h"

typedef struct run_config {
    uint64_t replications; /* 0: the scenario's */
    uint64_t seed;
    int seed_given;        /* 0: the scenario's seed */
    int jobs;              /* threads; 0: all cores */
    int keep_timeseries;   /* record replication 0 of each policy */
    int keep_trace;        /* record replication 0's events, each policy */
} run_config;

typedef struct timeseries_point {
    double t;
    double on_hand;
    double backorders;
    double on_order;
    double wip; /* units in the stages of a line (0 without one) */
} timeseries_point;

/* Replication 0's levels after each change; several changes at one instant
 * keep the last state. For a line, also the WIP of each stage: stage_wip
 * holds n_stages values per point of stage_t. */
typedef struct timeseries {
    timeseries_point *points;
    size_t n;
    size_t capacity;
    timeseries_point last; /* the levels as last observed */
    size_t n_stages;       /* 0: not a line */
    double *stage_t;
    double *stage_wip;     /* [i * n_stages + stage] */
    size_t stage_n;
    size_t stage_capacity;
} timeseries;

typedef struct trace_record {
    double t;
    stockpt_event event;
    double quantity;
    int supplier;       /* index, or -1 */
    double on_hand;     /* levels just after the event */
    double backorders;
    double on_order;
    /* Lines only (line_event >= 0): the event, its stage and product
     * (-1 when none), the line's WIP and the raw store's stock after it;
     * on_hand and backorders are then the product's. */
    int line_event;
    int stage, product;
    double wip, raw;
    /* A supply chain's node (its index in the world's nodes) whose stock
     * point the event is of; a stock point's `supplier` is then that
     * node's own (its link: the upstream node). -1 for lines. */
    int node;
} trace_record;

typedef struct trace_log {
    trace_record *records;
    size_t n;
    size_t capacity;
} trace_log;

/* A supply chain's nodes in replication 0, bucket by bucket (of the
 * scenario's bullwhip_period from the window's start): the units each
 * node ordered in the bucket and its net stock at the bucket's end. */
typedef struct node_series {
    size_t n_nodes;
    size_t n;          /* whole buckets */
    double start, width;
    double *orders;    /* [node * n + bucket] */
    double *net_stock; /* the same layout */
} node_series;

typedef struct run_result {
    /* The columns of every row: the scenario's (world_columns of its first
     * world; all policies of a scenario share them). */
    metric_columns columns;
    size_t n_policies;
    uint64_t n_reps;
    uint64_t seed;
    double warmup;          /* as simulated (auto resolved) */
    int warmup_was_auto;
    /* Every replication's row, one block: row (policy, rep) is the
     * columns.n doubles from (policy * n_reps + rep) * columns.n, so a
     * stock point's run holds n_policies x n_reps x METRIC_COUNT doubles
     * and a chain's its own width (run_row). */
    double *rows;
    estimate *summary;      /* [policy * columns.n + column] */
    estimate *diff;         /* same layout; vs the baseline (n 0 for it) */
    policy_params *effective; /* per policy */
    char (*plans)[LINE_PLAN_MAX]; /* per policy: a line's plan, or "" */
    /* The demand rate the stock policies' auto rules planned for (the mean
     * as shaped over the window: world_planning_rate), when some policy
     * sized a parameter from it (planning_used). */
    double planning_rate;
    int planning_used;
    timeseries *series;     /* per policy, when kept */
    trace_log *traces;      /* per policy, when kept */
    node_series *nodes;     /* per policy, a chain's with the timeseries */
    uint64_t events;
    double seconds;
} run_result;

/* Runs the scenario. 0, or -1 with a message (out of memory, a world that
 * cannot be built). */
int run_execute(const scenario *sc, const run_config *cfg, run_result *out,
                char *err, size_t errlen);
void run_result_free(run_result *r);

/* The row of replication rep of policy: columns.n doubles. */
static inline const double *run_row(const run_result *r, size_t policy,
                                    uint64_t rep)
{
    return r->rows + (policy * r->n_reps + rep) * r->columns.n;
}

/* The summary of a column (a metric of the enum, or a line's column from
 * line_column_stage() and the like) over the replications. */
static inline const estimate *run_summary(const run_result *r, size_t policy,
                                          size_t column)
{
    return &r->summary[policy * r->columns.n + column];
}

static inline const estimate *run_diff(const run_result *r, size_t policy,
                                       size_t column)
{
    return &r->diff[policy * r->columns.n + column];
}

/* The index of the column called `name`, or -1. */
static inline int run_column(const run_result *r, const char *name)
{
    return metric_columns_find(&r->columns, name);
}

/* Fills the summary and the paired differences from the rows (rows,
 * n_policies, n_reps and columns set), allocating both arrays; the
 * baseline's differences are NaN with n 0. 0, or -1 when memory runs
 * out. run_execute calls it; tests can call it on rows of their own. */
int run_summarise(run_result *r, size_t baseline);

/* The MSER-5 truncation point of a series of observations (White 1997):
 * the batch count d (batches of 5) minimising the variance of the mean of
 * what remains over (n_batches - d)^2, searched over the first half.
 * Returns the number of observations to delete (a multiple of 5). */
size_t run_mser5(const double *x, size_t n);

/* Chooses a warm-up for a scenario: a pilot replication of each policy
 * without warm-up, its inventory level (on hand minus backorders) averaged
 * over 1,000 equal intervals, MSER-5 on that series; the largest over the
 * policies. */
double run_auto_warmup(const scenario *sc, uint64_t seed);

#endif
