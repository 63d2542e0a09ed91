/*
 * outputs.c - a run's or a sweep's files read back into a report:
 * summary.csv (its policies, its points, the index of its rows by point,
 * policy and column, its numbers, a sweep's parameters, a line's stages,
 * the baseline), and timeseries.csv and replications.csv when present,
 * their columns checked and their numbers validated.
 *
 * Not a CSV parser (table.c) nor a reader of meta.json (meta.c); it draws
 * nothing.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/report/internal.h"

static const char *const summary_columns[] = {
    "point", "policy", "metric", "mean", "sd", "ci_low",
    "ci_high", "n", "diff", "diff_ci_low", "diff_ci_high"};

static size_t column_hash(const char *name)
{
    uint64_t h = UINT64_C(0xCBF29CE484222325);
    for (; *name; name++) {
        h ^= (unsigned char)*name;
        h *= UINT64_C(0x100000001B3);
    }
    return (size_t)(h % COLUMN_HASH);
}

/* The column called `name`, or -1. */
int outputs_column_of(const report *r, const char *name)
{
    for (size_t i = column_hash(name);; i = (i + 1) % COLUMN_HASH) {
        unsigned short c = r->col_hash[i];
        if (c == 0)
            return -1;
        if (strcmp(r->col_names[c - 1], name) == 0)
            return c - 1;
    }
}

/* The column called `name`, added if new; -1 when the table is full. */
static int column_add(report *r, const char *name)
{
    size_t i = column_hash(name);
    for (;; i = (i + 1) % COLUMN_HASH) {
        unsigned short c = r->col_hash[i];
        if (c == 0)
            break;
        if (strcmp(r->col_names[c - 1], name) == 0)
            return c - 1;
    }
    if (r->n_cols == MAX_COLUMNS)
        return -1;
    r->col_names[r->n_cols] = name;
    r->col_hash[i] = (unsigned short)(r->n_cols + 1);
    return (int)r->n_cols++;
}

/* A line's stages: each name STAGE with columns STAGE.wip and STAGE.busy,
 * in the order of the columns (the line's order). */
static void find_stages(report *r)
{
    const char *suffix = ".busy";
    size_t ns = strlen(suffix);
    for (size_t c = METRIC_COUNT; c < r->n_cols && r->n_stages < MAX_STAGES;
         c++) {
        const char *name = r->col_names[c];
        size_t n = strlen(name);
        if (n <= ns || strcmp(name + n - ns, suffix) != 0 ||
            n - ns >= METRIC_NAME_MAX)
            continue;
        char *stage = r->stages[r->n_stages];
        snprintf(stage, METRIC_NAME_MAX, "%.*s", (int)(n - ns), name);
        char full[METRIC_NAME_MAX + 32];
        snprintf(full, sizeof full, "%s.wip", stage);
        if (outputs_column_of(r, full) < 0)
            continue;
        for (int m = 0; m < STAGE_METRIC_COUNT; m++) {
            snprintf(full, sizeof full, "%s.%s", stage,
                     stage_metric_name((stage_metric)m));
            r->stage_col[r->n_stages][m] = outputs_column_of(r, full);
        }
        r->n_stages++;
    }
}

int outputs_policy_index(report *r, const char *name)
{
    for (size_t i = 0; i < r->n_policies; i++)
        if (strcmp(r->policies[i], name) == 0)
            return (int)i;
    return -1;
}

/* Reads summary.csv into r: policies, points, the index, numbers. */
int outputs_load_summary(report *r)
{
    table *t = &r->summary;
    int rc = table_read(r->dir, "summary.csv", 1, t, r->err, r->errlen);
    if (rc < 0)
        return -1;
    if (table_need_columns(t, summary_columns, S_COUNT, r->sc, r->err,
                           r->errlen))
        return -1;
    if (t->rows < 2) {
        snprintf(r->err, r->errlen, "%s: no rows; expected one row per "
                                    "policy and metric",
                 t->path);
        return -1;
    }
    /* Any other column is a swept parameter (a sweep's summary.csv), but
     * for the scenario's name that outputs before 2026-12 repeated on
     * every row (meta.json holds it now). */
    for (size_t c = 0; c < t->cols; c++) {
        int fixed = !strcmp(tcell(t, 0, c), "scenario");
        for (int k = 0; k < S_COUNT; k++)
            fixed |= r->sc[k] == (int)c;
        if (!fixed && r->n_params < MAX_PARAMS)
            r->param_col[r->n_params++] = (int)c;
    }
    if (slice_find_names(r))
        return -1;
    r->num = malloc(t->rows * t->cols * sizeof *r->num);
    if (!r->num) {
        snprintf(r->err, r->errlen, "%s: out of memory", t->path);
        return -1;
    }
    size_t max_point = 0;
    for (size_t row = 1; row < t->rows; row++) {
        for (size_t c = 0; c < t->cols; c++)
            r->num[row * t->cols + c] = NAN;
        for (int k = S_MEAN; k < S_COUNT; k++)
            if (table_number(t, row, r->sc[k],
                             &r->num[row * t->cols + r->sc[k]], r->err,
                             r->errlen))
                return -1;
        for (size_t k = 0; k < r->n_params; k++)
            if (r->categorical[k])
                r->num[row * t->cols + (size_t)r->param_col[k]] =
                    slice_row_value(r, row, k);
            else if (table_number(t, row, r->param_col[k],
                                  &r->num[row * t->cols +
                                          (size_t)r->param_col[k]],
                                  r->err, r->errlen))
                return -1;
        const char *name = tcell(t, row, (size_t)r->sc[S_POLICY]);
        if (!name[0]) {
            snprintf(r->err, r->errlen, "%s: row %zu has no policy; "
                                        "expected a policy name",
                     t->path, row + 1);
            return -1;
        }
        if (outputs_policy_index(r, name) < 0) {
            if (r->n_policies == MAX_POLICIES) {
                snprintf(r->err, r->errlen, "%s: more than %d policies; "
                                            "expected at most %d",
                         t->path, MAX_POLICIES, MAX_POLICIES);
                return -1;
            }
            r->policies[r->n_policies++] = name;
        }
        const char *pt = tcell(t, row, (size_t)r->sc[S_POINT]);
        if (pt[0]) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(pt, &end, 10);
            if (*end || pt[0] == '-' || errno || v >= MAX_POINTS) {
                snprintf(r->err, r->errlen, "%s: row %zu, column point: "
                                            "'%.40s'; expected a point "
                                            "number below %d or an empty "
                                            "cell",
                         t->path, row + 1, pt, MAX_POINTS);
                return -1;
            }
            r->is_sweep = 1;
            if (v > max_point)
                max_point = (size_t)v;
        }
    }
    r->n_points = max_point + 1;
    for (int m = 0; m < METRIC_COUNT; m++)
        column_add(r, metric_name((metric)m));
    int *col = malloc(t->rows * sizeof *col);
    if (!col) {
        snprintf(r->err, r->errlen, "%s: out of memory", t->path);
        return -1;
    }
    for (size_t row = 1; row < t->rows; row++)
        col[row] = column_add(r, tcell(t, row, (size_t)r->sc[S_METRIC]));
    r->at = calloc(r->n_points * r->n_policies * r->n_cols, sizeof *r->at);
    r->present = calloc(r->n_points, 1);
    r->param = malloc((r->n_points * r->n_params + 1) * sizeof *r->param);
    if (!r->at || !r->present || !r->param) {
        free(col);
        snprintf(r->err, r->errlen, "%s: out of memory", t->path);
        return -1;
    }
    for (size_t i = 0; i < r->n_points * r->n_params; i++)
        r->param[i] = NAN;
    for (size_t row = 1; row < t->rows; row++) {
        if (col[row] < 0)
            continue; /* beyond MAX_COLUMNS: not charted */
        const char *pt = tcell(t, row, (size_t)r->sc[S_POINT]);
        size_t point = pt[0] ? (size_t)strtoull(pt, NULL, 10) : 0;
        size_t p = (size_t)outputs_policy_index(
            r, tcell(t, row, (size_t)r->sc[S_POLICY]));
        r->at[(point * r->n_policies + p) * r->n_cols + (size_t)col[row]] =
            row;
        if (p == 0)
            r->present[point] = 1;
        for (size_t k = 0; k < r->n_params; k++)
            r->param[point * r->n_params + k] =
                r->num[row * t->cols + (size_t)r->param_col[k]];
    }
    free(col);
    find_stages(r);
    /* The baseline: meta.json's, else the policy whose differences are
     * all empty (run.h: n 0 for the baseline). */
    r->baseline = r->meta->baseline[0]
                      ? outputs_policy_index(r, r->meta->baseline)
                      : -1;
    for (size_t p = 0; r->baseline < 0 && p < r->n_policies; p++) {
        int empty = 1;
        for (size_t pt = 0; pt < r->n_points && empty; pt++)
            for (size_t m = 0; m < r->n_cols && empty; m++) {
                size_t row = row_of(r, pt, p, m);
                empty = !row || text(r, row, S_DIFF)[0] == '\0';
            }
        if (empty && r->n_policies > 1)
            r->baseline = (int)p;
    }
    return 0;
}

static const char *const ts_columns[] = {"policy", "replication", "t",
                                         "on_hand", "backorders"};

int outputs_load_timeseries(report *r)
{
    int *tc = r->ts_col;
    /* A file meta.json does not list is an earlier run's: not read. */
    if (!meta_lists(r->meta, "timeseries.csv"))
        return 0;
    int rc = table_read(r->dir, "timeseries.csv", 0, &r->ts, r->err,
                        r->errlen);
    if (rc <= 0)
        return rc;
    r->has_ts = 1;
    if (table_need_columns(&r->ts, ts_columns, T_COUNT, tc, r->err, r->errlen))
        return -1;
    for (size_t row = 1; row < r->ts.rows; row++)
        for (int k = T_REP; k < T_COUNT; k++) {
            double x;
            if (table_number(&r->ts, row, tc[k], &x, r->err, r->errlen))
                return -1;
        }
    return 1;
}

static const char *const rep_columns[] = {"point", "policy", "total_cost",
                                          "purchase_cost"};

int outputs_load_replications(report *r)
{
    int *rcols = r->rep_col;
    if (!meta_lists(r->meta, "replications.csv"))
        return 0;
    int rc = table_read(r->dir, "replications.csv", 0, &r->reps, r->err,
                        r->errlen);
    if (rc <= 0)
        return rc;
    r->has_reps = 1;
    if (table_need_columns(&r->reps, rep_columns, R_COUNT, rcols, r->err,
                           r->errlen))
        return -1;
    for (size_t row = 1; row < r->reps.rows; row++)
        for (int k = R_TOTAL; k < R_COUNT; k++) {
            double x;
            if (table_number(&r->reps, row, rcols[k], &x, r->err, r->errlen))
                return -1;
        }
    return 1;
}

static const char *const node_columns[] = {"policy", "node", "t", "orders",
                                           "net_stock"};

int outputs_load_nodes(report *r)
{
    int *nc = r->node_col;
    if (!meta_lists(r->meta, "nodes.csv"))
        return 0;
    int rc = table_read(r->dir, "nodes.csv", 0, &r->nodes, r->err,
                        r->errlen);
    if (rc <= 0)
        return rc;
    r->has_nodes = 1;
    if (table_need_columns(&r->nodes, node_columns, N_COUNT, nc, r->err,
                           r->errlen))
        return -1;
    for (size_t row = 1; row < r->nodes.rows; row++)
        for (int k = N_T; k < N_COUNT; k++) {
            double x;
            if (table_number(&r->nodes, row, nc[k], &x, r->err, r->errlen))
                return -1;
        }
    return 1;
}
