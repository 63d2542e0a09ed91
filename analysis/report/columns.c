/*
 * columns.c - what a column of summary.csv means to a reader of the
 * report: its unit, in words and in the scenario's time unit ("per day",
 * not "cost/time"), and whether more of it is better, worse, or neither
 * (which colours a difference in the page and in the differences chart).
 *
 * Not the metrics' definitions (models/metrics.c, docs/metrics.md): the
 * units here come from there and from a line's columns (models/line/
 * spec.c), said the way a chart's axis or a table's row says them.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/report/internal.h"

const char *column_unit(const report *r, size_t c)
{
    if (c < METRIC_COUNT)
        return metric_unit((metric)c);
    const char *name = r->col_names[c];
    /* A stage's or product's column (cut.wip, A.fill_rate) by its
     * measure, after the last dot. */
    const char *dot = strrchr(name, '.');
    const char *measure = dot ? dot + 1 : name;
    static const struct {
        const char *name, *unit;
    } units[] = {
        /* line_metric's, stage_metric's and product_metric's columns
         * (models/line/spec.c) */
        {"throughput", "units/time"},
        {"line_lead_time_mean", "time"},
        {"line_lead_time_p95", "time"},
        {"setups", "setups"},
        {"setup_time", "time"},
        {"reworked_units", "units"},
        {"availability", "fraction"},
        {"wip", "units"},
        {"flow_time", "time"},
        {"buffer", "units"},
        {"busy", "fraction"},
        {"setup", "fraction"},
        {"down", "fraction"},
        {"maintenance", "fraction"},
        {"starved", "fraction"},
        {"blocked", "fraction"},
        {"idle", "fraction"},
        {"scrapped", "units"},
        {"reworked", "units"},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(dot ? measure : name, units[i].name) == 0)
            return units[i].unit;
    if (dot) {
        int m = metric_find(measure);
        if (m >= 0)
            return metric_unit((metric)m);
    }
    return "";
}

const char *time_units(const report *r, char *buf, size_t len)
{
    snprintf(buf, len, "%ss", r->meta->time_unit);
    return buf;
}

void unit_words(const report *r, const char *unit, char *out, size_t len)
{
    const char *tu = r->meta->time_unit;
    char plural[48];
    time_units(r, plural, sizeof plural);
    if (!strcmp(unit, "cost/time") || !strcmp(unit, "money/time"))
        snprintf(out, len, "per %s", tu);
    else if (!strcmp(unit, "time"))
        snprintf(out, len, "%s", plural);
    else if (!strcmp(unit, "units/time"))
        snprintf(out, len, "units per %s", tu);
    else if (!strcmp(unit, "cost/unit"))
        snprintf(out, len, "per unit");
    else if (!strcmp(unit, "1/year"))
        snprintf(out, len, "per year");
    else
        snprintf(out, len, "%s", unit);
}

void column_unit_words(const report *r, size_t c, char *out, size_t len)
{
    unit_words(r, column_unit(r, c), out, len);
}

int column_direction(const report *r, size_t c)
{
    const char *name = r->col_names[c];
    if (metric_higher_is_better(name))
        return 1;
    /* Counts and sizes a policy chooses rather than suffers: more orders
     * of less each is neither better nor worse by itself (their cost is
     * in ordering_cost). */
    static const char *const neither[] = {
        "units_demanded", "customer_orders", "orders_placed",
        "avg_order_size", "avg_on_order",    "ordered_value",
        "setups"};
    const char *dot = strrchr(name, '.');
    const char *base = dot ? dot + 1 : name;
    for (size_t i = 0; i < sizeof neither / sizeof neither[0]; i++)
        if (strcmp(base, neither[i]) == 0)
            return 0;
    return -1;
}

void format_number(char *buf, size_t len, double x, int sig, int sign)
{
    double ax = fabs(x);
    if (!isfinite(x) || (ax != 0.0 && (ax < 1e-4 || ax >= 1e9))) {
        snprintf(buf, len, sign ? "%+.*g" : "%.*g", sig, x);
        return;
    }
    int dec = ax == 0.0 ? 0 : sig - 1 - (int)floor(log10(ax));
    snprintf(buf, len, sign ? "%+.*f" : "%.*f", dec < 0 ? 0 : dec, x);
    if (strchr(buf, '.')) {
        size_t n = strlen(buf);
        while (n && buf[n - 1] == '0')
            buf[--n] = '\0';
        if (n && buf[n - 1] == '.')
            buf[--n] = '\0';
    }
    if (!strcmp(buf, "-0") || !strcmp(buf, "+0"))
        snprintf(buf, len, sign ? "+0" : "0");
}
