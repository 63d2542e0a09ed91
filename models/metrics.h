/*
 * metrics.h - the measures of one run of one policy, exactly as defined in
 * docs/metrics.md (DESIGN section 4).
 *
 * A run produces one row: a value per metric, in the fixed order of the
 * enum below, which is also the column order of replications.csv. A value
 * is NaN when the metric does not apply to the run (no disruption to
 * recover from, no stock to turn over); writers print NaN as an empty cell.
 */
#ifndef JITSIM_METRICS_H
#define JITSIM_METRICS_H

#include <stddef.h>

typedef enum metric {
    METRIC_HOLDING_COST,
    METRIC_PIPELINE_HOLDING_COST,
    METRIC_ORDERING_COST,
    METRIC_TRANSPORT_COST,
    METRIC_PURCHASE_COST,
    METRIC_SHORTAGE_COST,
    METRIC_SCRAP_COST,
    METRIC_TOTAL_COST,
    METRIC_OPERATING_COST,
    METRIC_COST_PER_UNIT,
    METRIC_AVG_ON_HAND,
    METRIC_AVG_ON_ORDER,
    METRIC_AVG_BACKORDERS,
    METRIC_AVG_WIP,
    METRIC_FILL_RATE,
    METRIC_READY_RATE,
    METRIC_STOCKOUT_ORDERS,
    METRIC_LOST_UNITS,
    METRIC_UNITS_DEMANDED,
    METRIC_CUSTOMER_ORDERS,
    METRIC_ORDERS_PLACED,
    METRIC_AVG_ORDER_SIZE,
    METRIC_CUSTOMER_LEAD_TIME_MEAN,
    METRIC_CUSTOMER_LEAD_TIME_P95,
    METRIC_CUSTOMER_LEAD_TIME_MAX,
    METRIC_REPLENISHMENT_LEAD_TIME_MEAN,
    METRIC_TURNOVER,
    METRIC_CASH_TIED_UP,
    METRIC_BULLWHIP,
    METRIC_RECOVERY_TIME,
    METRIC_SCRAPPED_UNITS,
    METRIC_REJECTED_UNITS,
    METRIC_ORDERED_VALUE,
    METRIC_REVENUE,
    METRIC_PROFIT,
    METRIC_COUNT
} metric;

/* A row is the doubles of one run: the METRIC_COUNT metrics above, then,
 * for a production line (models/line.h), its own columns (line-wide, per
 * stage, per product), or for a supply chain (models/network.h) each
 * node's. Rows are plain `double *` of exactly the scenario's width
 * (world_row_width, equal to its metric_columns' n): a stock point's row
 * is METRIC_COUNT doubles, not the widest chain's, so that a run of
 * millions of replications holds only what its scenario measures. The
 * caller owns the row (analysis/run.h keeps all of a run's rows in one
 * array with a stride of the width); a model writes every column of it
 * and never beyond.
 *
 * A metric_columns says which columns a scenario's rows have and what
 * they are called; the metrics above always come first, in enum order.
 * It grows on the heap as columns are added (no fixed cap: a chain of
 * NETWORK_NODES_MAX nodes has 4771); a name is at most METRIC_NAME_MAX - 1
 * characters, which keeps each name in one fixed slot (`name[i]` is a
 * char array, the layout the writers index). Made once per run, never
 * per replication. */
#define METRIC_NAME_MAX 72

typedef struct metric_columns {
    size_t n;                      /* columns: the width of a row */
    size_t cap;                    /* slots allocated in name and unit */
    char (*name)[METRIC_NAME_MAX]; /* [n] */
    const char **unit;             /* [n], static strings */
} metric_columns;

/* Makes c just the METRIC_COUNT metrics of the enum, whatever c held
 * before (which is not freed: call metric_columns_free first). 0, or -1
 * when memory runs out (c is then empty). */
int metric_columns_base(metric_columns *c);
/* Appends a column, growing the arrays; also on an empty or freed c. -1
 * when the name is too long or taken, or memory runs out (c unchanged). */
int metric_columns_add(metric_columns *c, const char *name,
                       const char *unit);
/* Index of the column called `name`, or -1. */
int metric_columns_find(const metric_columns *c, const char *name);
/* Frees the arrays and leaves c empty (n 0), ready for metric_columns_add
 * or metric_columns_base again. Safe on an empty c. */
void metric_columns_free(metric_columns *c);

const char *metric_name(metric m);
/* The unit of the metric, e.g. "cost/time", "units", "fraction". */
const char *metric_unit(metric m);
/* -1 if no metric has this name. */
int metric_find(const char *name);

/* Whether more is better for the column of this name (profit, revenue,
 * service, turnover, throughput, availability): a search maximises it. */
int metric_higher_is_better(const char *name);

/* The sample variance (n - 1) of x[0..n-1], NaN for fewer than two: the
 * bullwhip ratio's per-bucket variances. */
double metrics_bucket_variance(const double *x, size_t n);

#endif
