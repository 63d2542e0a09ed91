/*
 * charts.c - the table of charts: every kind of chart a report can hold,
 * in the order they are written and shown on the page, each with the
 * function that writes it and the predicate that says whether it belongs
 * in this report; and the loop that writes them.
 *
 * Adding a chart is a function (in a charts_*.c file, declared in
 * internal.h) and a line of chart_types below; docs/reports.md tells how.
 *
 * Not the charts themselves (charts_stock.c, charts_differences.c,
 * charts_line.c, charts_sweep.c, charts_winners.c), nor drawing them
 * (gnuplot.c).
 */
#include <stdio.h>
#include <string.h>

#include "analysis/report/internal.h"

static int of_run(const report *r)
{
    return !r->is_sweep;
}

/* The levels over time need timeseries.csv (run --timeseries). */
static int of_run_with_timeseries(const report *r)
{
    return !r->is_sweep && r->has_ts;
}

/* Paired differences need a baseline and another policy. */
static int of_run_with_baseline(const report *r)
{
    return !r->is_sweep && r->baseline >= 0 && r->n_policies >= 2;
}

/* A production line: summary.csv has STAGE.wip and STAGE.busy columns. */
static int of_line(const report *r)
{
    return !r->is_sweep && r->n_stages;
}

/* A supply chain's run: summary.csv has NODE.bullwhip_stage columns. */
static int of_chain_run(const report *r)
{
    if (r->is_sweep)
        return 0;
    for (size_t c = METRIC_COUNT; c < r->n_cols; c++) {
        const char *dot = strrchr(r->col_names[c], '.');
        if (dot && strcmp(dot, ".bullwhip_stage") == 0)
            return 1;
    }
    return 0;
}

/* A supply chain run with its time series: nodes.csv. */
static int of_chain(const report *r)
{
    return !r->is_sweep && r->has_nodes;
}

static int of_sweep(const report *r)
{
    return r->is_sweep;
}

/* Winners: a map over two swept parameters, bands along one. */
static int of_sweep_two(const report *r)
{
    return r->is_sweep && r->n_params >= 2;
}

static int of_sweep_one(const report *r)
{
    return r->is_sweep && r->n_params == 1;
}

/* Curves per policy, a line per value of --by's parameter. */
static int of_sweep_by(const report *r)
{
    return r->is_sweep && r->by >= 0;
}

/* A heat map needs two swept parameters and a baseline. */
static int of_sweep_grid(const report *r)
{
    return r->is_sweep && r->n_params >= 2 && r->baseline >= 0;
}

static const chart_type chart_types[] = {
    {"inventory", of_run_with_timeseries, chart_inventory},
    {"inventory_zoom", of_run_with_timeseries, chart_inventory_zoom},
    {"backorders", of_run_with_timeseries, chart_backorders},
    {"costs", of_run, chart_costs},
    {"costs_operating", of_run, chart_costs_operating},
    {"service", of_run, chart_service},
    {"differences", of_run_with_baseline, chart_differences},
    {"wip_by_stage", of_line, chart_wip_by_stage},
    {"stage_utilisation", of_line, chart_stage_utilisation},
    {"node_orders_POLICY", of_chain, chart_node_orders},
    {"node_stock_POLICY", of_chain, chart_node_stock},
    {"node_costs", of_chain_run, chart_node_costs},
    {"winners_map", of_sweep_two, chart_winner_map},
    {"winners_bands", of_sweep_one, chart_winner_bands},
    {"METRIC_vs_PARAM", of_sweep, chart_sweep_curves},
    {"METRIC_vs_PARAM_by_BY_POLICY", of_sweep_by, chart_sweep_by},
    {"heatmap_POLICY", of_sweep_grid, chart_heatmaps},
};

int charts_write(report *r)
{
    for (size_t i = 0; i < sizeof chart_types / sizeof chart_types[0]; i++) {
        const chart_type *t = &chart_types[i];
        if (t->applies && !t->applies(r))
            continue;
        int rc = t->write(r);
        if (rc)
            return rc;
    }
    return 0;
}

chart *charts_add(report *r, const char *name, const char *title,
                  const char *caption)
{
    if (r->n_charts == MAX_CHARTS)
        return NULL;
    chart *c = &r->charts[r->n_charts++];
    snprintf(c->name, sizeof c->name, "%s", name);
    snprintf(c->title, sizeof c->title, "%s", title);
    snprintf(c->caption, sizeof c->caption, "%s", caption);
    c->drawn = 0;
    return c;
}
