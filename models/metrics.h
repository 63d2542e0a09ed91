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

/* A row holds the METRIC_COUNT metrics above, then, for a production line
 * (models/line.h), its own columns: line-wide, per stage and per product.
 * A metric_columns says which columns a scenario's rows have and what they
 * are called; the metrics above always come first, in enum order. */
/* A supply chain of NETWORK_NODES_MAX (128) nodes has METRIC_COUNT + 128
 * (METRIC_COUNT + 2) = 4771 columns; a line at most 352. */
#define METRIC_COLUMNS_MAX 4800
#define METRIC_NAME_MAX 72

typedef struct metrics {
    double value[METRIC_COLUMNS_MAX];
} metrics;

typedef struct metric_columns {
    size_t n;
    char name[METRIC_COLUMNS_MAX][METRIC_NAME_MAX];
    const char *unit[METRIC_COLUMNS_MAX]; /* static strings */
} metric_columns;

/* Just the METRIC_COUNT metrics of the enum. */
void metric_columns_base(metric_columns *c);
/* Appends a column; -1 when full or the name is too long or taken. */
int metric_columns_add(metric_columns *c, const char *name,
                       const char *unit);
/* Index of the column called `name`, or -1. */
int metric_columns_find(const metric_columns *c, const char *name);

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
