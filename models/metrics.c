/*
 * metrics.c - metric names and units (definitions in docs/metrics.md).
 */
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    const char *unit;
} table[METRIC_COUNT] = {
    [METRIC_HOLDING_COST] = {"holding_cost", "cost/time"},
    [METRIC_PIPELINE_HOLDING_COST] = {"pipeline_holding_cost", "cost/time"},
    [METRIC_ORDERING_COST] = {"ordering_cost", "cost/time"},
    [METRIC_TRANSPORT_COST] = {"transport_cost", "cost/time"},
    [METRIC_PURCHASE_COST] = {"purchase_cost", "cost/time"},
    [METRIC_SHORTAGE_COST] = {"shortage_cost", "cost/time"},
    [METRIC_SCRAP_COST] = {"scrap_cost", "cost/time"},
    [METRIC_TOTAL_COST] = {"total_cost", "cost/time"},
    [METRIC_OPERATING_COST] = {"operating_cost", "cost/time"},
    [METRIC_COST_PER_UNIT] = {"cost_per_unit", "cost/unit"},
    [METRIC_AVG_ON_HAND] = {"avg_on_hand", "units"},
    [METRIC_AVG_ON_ORDER] = {"avg_on_order", "units"},
    [METRIC_AVG_BACKORDERS] = {"avg_backorders", "units"},
    [METRIC_AVG_WIP] = {"avg_wip", "units"},
    [METRIC_FILL_RATE] = {"fill_rate", "fraction"},
    [METRIC_READY_RATE] = {"ready_rate", "fraction"},
    [METRIC_STOCKOUT_ORDERS] = {"stockout_orders", "orders"},
    [METRIC_LOST_UNITS] = {"lost_units", "units"},
    [METRIC_UNITS_DEMANDED] = {"units_demanded", "units"},
    [METRIC_CUSTOMER_ORDERS] = {"customer_orders", "orders"},
    [METRIC_ORDERS_PLACED] = {"orders_placed", "orders"},
    [METRIC_AVG_ORDER_SIZE] = {"avg_order_size", "units"},
    [METRIC_CUSTOMER_LEAD_TIME_MEAN] = {"customer_lead_time_mean", "time"},
    [METRIC_CUSTOMER_LEAD_TIME_P95] = {"customer_lead_time_p95", "time"},
    [METRIC_CUSTOMER_LEAD_TIME_MAX] = {"customer_lead_time_max", "time"},
    [METRIC_REPLENISHMENT_LEAD_TIME_MEAN] = {"replenishment_lead_time_mean",
                                             "time"},
    [METRIC_TURNOVER] = {"turnover", "1/year"},
    [METRIC_CASH_TIED_UP] = {"cash_tied_up", "money"},
    [METRIC_BULLWHIP] = {"bullwhip", "ratio"},
    [METRIC_RECOVERY_TIME] = {"recovery_time", "time"},
    [METRIC_SCRAPPED_UNITS] = {"scrapped_units", "units"},
    [METRIC_REJECTED_UNITS] = {"rejected_units", "units"},
    [METRIC_ORDERED_VALUE] = {"ordered_value", "cost/time"},
    [METRIC_REVENUE] = {"revenue", "money/time"},
    [METRIC_PROFIT] = {"profit", "money/time"},
};

int metric_higher_is_better(const char *name)
{
    static const char *const better_higher[] = {
        "profit", "revenue", "fill_rate", "ready_rate", "turnover",
        "throughput", "availability",
    };
    /* A stage's or product's column ("A.fill_rate") by its last part. */
    const char *dot = strrchr(name, '.');
    const char *base = dot ? dot + 1 : name;
    for (size_t i = 0; i < sizeof better_higher / sizeof better_higher[0];
         i++)
        if (strcmp(base, better_higher[i]) == 0)
            return 1;
    return 0;
}

const char *metric_name(metric m)
{
    return (unsigned)m < METRIC_COUNT ? table[m].name : "?";
}

const char *metric_unit(metric m)
{
    return (unsigned)m < METRIC_COUNT ? table[m].unit : "?";
}

int metric_find(const char *name)
{
    for (int m = 0; m < METRIC_COUNT; m++)
        if (strcmp(table[m].name, name) == 0)
            return m;
    return -1;
}

int metric_columns_base(metric_columns *c)
{
    *c = (metric_columns){0};
    for (int m = 0; m < METRIC_COUNT; m++)
        if (metric_columns_add(c, table[m].name, table[m].unit) != 0) {
            metric_columns_free(c);
            return -1;
        }
    return 0;
}

/* Room for one more column: the arrays double (from METRIC_COUNT), so a
 * chain's thousands of columns cost a dozen reallocations once per run. */
static int reserve_one(metric_columns *c)
{
    if (c->n < c->cap)
        return 0;
    size_t cap = c->cap ? 2 * c->cap : METRIC_COUNT;
    char(*name)[METRIC_NAME_MAX] = realloc(c->name, cap * sizeof *name);
    if (!name)
        return -1;
    c->name = name;
    const char **unit = realloc(c->unit, cap * sizeof *unit);
    if (!unit)
        return -1;
    c->unit = unit;
    c->cap = cap;
    return 0;
}

int metric_columns_add(metric_columns *c, const char *name, const char *unit)
{
    if (strlen(name) >= METRIC_NAME_MAX || metric_columns_find(c, name) >= 0 ||
        reserve_one(c) != 0)
        return -1;
    snprintf(c->name[c->n], METRIC_NAME_MAX, "%s", name);
    c->unit[c->n] = unit;
    c->n++;
    return 0;
}

void metric_columns_free(metric_columns *c)
{
    free(c->name);
    free(c->unit);
    *c = (metric_columns){0};
}

int metric_columns_find(const metric_columns *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->name[i], name) == 0)
            return (int)i;
    return -1;
}

double metrics_bucket_variance(const double *x, size_t n)
{
    if (n < 2)
        return NAN;
    double mean = 0.0, m2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = x[i] - mean;
        mean += d / (double)(i + 1);
        m2 += d * (x[i] - mean);
    }
    return m2 / (double)(n - 1);
}
