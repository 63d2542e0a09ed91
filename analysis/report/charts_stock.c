/*
 * charts_stock.c - the charts of a run of stock points: inventory,
 * inventory_zoom and backorders (levels over time, from timeseries.csv),
 * costs and costs_operating (stacked cost components) and service (fill
 * rate and customer lead time), one function each.
 *
 * The numbers in each .dat file are the text of the CSV cells they come
 * from, copied verbatim (an empty cell becomes NaN, gnuplot's missing
 * value): whatever the chart shows can be traced to the CSV, and
 * percentages and offsets are computed by the .gp script, where a user can
 * see and change them. The one computed number here is the interval of the
 * operating cost (costs_operating), which no CSV holds.
 *
 * Not the table that orders the charts (charts.c), nor a line's or a
 * sweep's charts (charts_line.c, charts_sweep.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/estimate.h"
#include "analysis/report/internal.h"

/* inventory / backorders: a level over time, one step line per policy;
 * inventory_zoom: on hand over a sixth of the observed window (the first
 * disruption in it, if any), where a sawtooth can be counted. */
static int chart_levels(report *r, int level_col, const char *name)
{
    const int *tc = r->ts_col;
    int on_hand = strncmp(name, "inventory", 9) == 0;
    int zoom = strcmp(name, "inventory_zoom") == 0;
    const report_meta *m = r->meta;
    sbuf d = {0}, g = {0};
    sb_printf(&d, "# %s.dat - %s over time, replication 0 of each policy, "
                  "from timeseries.csv\n"
                  "# one block per policy (gnuplot index 0, 1, ...); "
                  "columns: t %s\n",
              name, on_hand ? "units on hand" : "units backordered",
              on_hand ? "on_hand" : "backorders");
    size_t blocks = 0;
    const char *block_policy[MAX_POLICIES];
    for (size_t p = 0; p < r->n_policies; p++) {
        size_t rows = 0;
        for (size_t row = 1; row < r->ts.rows; row++) {
            if (strcmp(tcell(&r->ts, row, (size_t)tc[T_POLICY]),
                       r->policies[p]) != 0 ||
                strtod(tcell(&r->ts, row, (size_t)tc[T_REP]), NULL) != 0.0)
                continue;
            if (rows++ == 0) {
                sb_puts(&d, blocks ? "\n\n# policy: " : "# policy: ");
                sb_puts(&d, r->policies[p]);
                sb_puts(&d, "\n");
            }
            sb_cell(&d, tcell(&r->ts, row, (size_t)tc[T_T]));
            sb_puts(&d, " ");
            sb_cell(&d, tcell(&r->ts, row, (size_t)level_col));
            sb_puts(&d, "\n");
        }
        if (rows)
            block_policy[blocks++] = r->policies[p];
    }
    if (!blocks) {
        sb_free(&d);
        return 0;
    }
    char title[256], caption[1024];
    double from = NAN, to = NAN;
    if (zoom) {
        if (!isfinite(m->horizon) || !isfinite(m->warmup)) {
            sb_free(&d);
            return 0;
        }
        double span = ceil((m->horizon - m->warmup) / 6.0);
        from = m->warmup;
        if (m->n_windows) {
            const meta_window *w = &m->windows[0];
            from = w->start - span / 3.0 > m->warmup ? w->start - span / 3.0
                                                     : m->warmup;
            if (w->end + span / 3.0 > from + span)
                span = w->end + span / 3.0 - from;
        }
        from = floor(from); /* a round start reads better */
        to = from + span < m->horizon ? from + span : m->horizon;
    }
    if (zoom)
        snprintf(title, sizeof title, "Inventory on hand, %s %.4g to %.4g "
                                      "(replication 0)",
                 m->time_unit, from, to);
    else
        snprintf(title, sizeof title, "%s over time (replication 0)",
                 on_hand ? "Inventory on hand" : "Backorders");
    if (zoom)
        snprintf(caption, sizeof caption,
                 "A closer look at the chart above: count the deliveries "
                 "and see how low the stock gets before each one. A push "
                 "policy's big, rare deliveries make tall teeth; a pull "
                 "loop's small, frequent ones keep the level low and "
                 "steady.");
    else if (on_hand)
        snprintf(caption, sizeof caption,
                 "Units on hand in the first replication of each policy, "
                 "on the same demand (common random numbers). Look at the "
                 "shape: a push policy's sawtooth (big deliveries run down "
                 "to the reorder point) against a pull loop's low, flat "
                 "line; and at what happens inside the shaded disruption "
                 "windows. The grey band is the warm-up, not measured.");
    else
        snprintf(caption, sizeof caption,
                 "Units demanded but not yet delivered, same replication. "
                 "Backorders appear when stock runs out: look for how "
                 "often, how high and how long, especially during and "
                 "after a disruption.");
    gp_begin(&g, name, title, "timeseries.csv");
    gp_linetypes(&g, r);
    sb_puts(&g, "set title ");
    sb_gpstr(&g, title);
    sb_printf(&g, "\nset xlabel '%s'\n", m->time_unit);
    sb_printf(&g, "set ylabel '%s'\n",
              on_hand ? "units on hand" : "units backordered");
    sb_puts(&g, "set yrange [0:*]\n");
    if (zoom)
        sb_printf(&g, "set xrange [%.10g:%.10g]\n", from, to);
    else if (isfinite(m->horizon))
        sb_printf(&g, "set xrange [0:%.10g]\n", m->horizon);
    int obj = 1;
    if (isfinite(m->warmup) && m->warmup > 0.0) {
        sb_printf(&g, "set object %d rect from 0, graph 0 to %.10g, graph "
                      "1 behind fc rgb '#e8e8e8' fs solid 1.0 noborder\n",
                  obj++, m->warmup);
        if (!zoom)
            sb_printf(&g, "set label 1 'warm-up' at %.10g, graph 0.96 "
                          "center tc rgb '#666666'\n",
                      m->warmup / 2.0);
    }
    for (size_t w = 0; w < m->n_windows; w++)
        sb_printf(&g, "set object %d rect from %.10g, graph 0 to %.10g, "
                      "graph 1 behind fc rgb '#f7d4c6' fs solid 1.0 "
                      "noborder\n",
                  obj++, m->windows[w].start, m->windows[w].end);
    sb_puts(&g, "plot ");
    for (size_t b = 0; b < blocks; b++) {
        size_t p = (size_t)outputs_policy_index(r, block_policy[b]);
        sb_printf(&g, "%s'%s.dat' index %zu using 1:2 with steps lt %zu "
                      "title ",
                  b ? ", \\\n     " : "", name, b, p + 1);
        sb_gpstr(&g, block_policy[b]);
    }
    if (m->n_windows)
        sb_printf(&g, ", \\\n     keyentry with boxes fc rgb '#f7d4c6' fs "
                      "solid 1.0 noborder title '%s'",
                  m->windows[0].effect[0] && strcmp(m->windows[0].effect,
                                                    "outage") == 0
                      ? "supplier outage"
                      : "disruption");
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = gp_write(r, name, &d, &g);
    if (rc == 0)
        charts_add(r, name, title, caption);
    sb_free(&d);
    sb_free(&g);
    return rc;
}

int chart_inventory(report *r)
{
    return chart_levels(r, r->ts_col[T_ON_HAND], "inventory");
}

int chart_inventory_zoom(report *r)
{
    return chart_levels(r, r->ts_col[T_ON_HAND], "inventory_zoom");
}

int chart_backorders(report *r)
{
    return chart_levels(r, r->ts_col[T_BACKORDERS], "backorders");
}

static const metric cost_parts[] = {
    METRIC_HOLDING_COST,  METRIC_PIPELINE_HOLDING_COST, METRIC_ORDERING_COST,
    METRIC_TRANSPORT_COST, METRIC_PURCHASE_COST,        METRIC_SHORTAGE_COST,
    METRIC_SCRAP_COST};
static const char *const cost_labels[] = {
    "holding", "pipeline holding", "ordering", "transport",
    "purchase", "shortage",         "scrap"};
static const char *const cost_colours[] = {"#0072B2", "#56B4E9", "#E69F00",
                                           "#009E73", "#bbbbbb", "#D55E00",
                                           "#CC79A7"};
#define N_COST_PARTS 7

/* costs (operating = 0) and costs_operating (purchase left out; the total's
 * interval from replications.csv, per replication total - purchase). */
static int chart_cost_stack(report *r, int operating)
{
    const int *rc_cols = r->rep_col;
    const char *name = operating ? "costs_operating" : "costs";
    const report_meta *m = r->meta;
    sbuf d = {0}, g = {0};
    sb_printf(&d, "# %s.dat - mean cost per %s by component, from "
                  "summary.csv%s\n# columns: policy",
              name, m->time_unit,
              operating ? "; the last three (operating total, its 95% CI) "
                          "computed from replications.csv as total_cost - "
                          "purchase_cost per replication"
                        : "");
    for (int k = 0; k < N_COST_PARTS; k++)
        if (!operating || cost_parts[k] != METRIC_PURCHASE_COST)
            sb_printf(&d, " %s", metric_name(cost_parts[k]));
    sb_puts(&d, operating ? " operating_cost operating_ci_low "
                            "operating_ci_high\n"
                          : " total_cost ci_low ci_high\n");
    int used[N_COST_PARTS] = {0};
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_datstr(&d, r->policies[p]);
        for (int k = 0; k < N_COST_PARTS; k++) {
            if (operating && cost_parts[k] == METRIC_PURCHASE_COST)
                continue;
            size_t row = row_of(r, 0, p, cost_parts[k]);
            double x = val(r, row, S_MEAN);
            if (isfinite(x) && x != 0.0)
                used[k] = 1;
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_MEAN));
        }
        size_t tot = row_of(r, 0, p, METRIC_TOTAL_COST);
        if (!operating) {
            sb_puts(&d, " ");
            sb_cell(&d, text(r, tot, S_MEAN));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, tot, S_LOW));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, tot, S_HIGH));
            sb_puts(&d, "\n");
            continue;
        }
        estimate e = {.mean = val(r, tot, S_MEAN) -
                              mean_of(r, 0, p, METRIC_PURCHASE_COST),
                      .low = NAN,
                      .high = NAN};
        if (r->has_reps) {
            size_t n = 0;
            double *x = malloc(r->reps.rows * sizeof *x);
            for (size_t row = 1; x && row < r->reps.rows; row++) {
                if (tcell(&r->reps, row, (size_t)rc_cols[R_POINT])[0] ||
                    strcmp(tcell(&r->reps, row, (size_t)rc_cols[R_POLICY]),
                           r->policies[p]) != 0)
                    continue;
                double a, b;
                table_number(&r->reps, row, rc_cols[R_TOTAL], &a, r->err,
                             r->errlen);
                table_number(&r->reps, row, rc_cols[R_PURCHASE], &b, r->err,
                             r->errlen);
                if (isfinite(a) && isfinite(b))
                    x[n++] = a - b;
            }
            estimate got;
            if (x && n >= 2 && estimate_mean(x, n, 0.95, &got) == 0)
                e = got;
            free(x);
        }
        sb_puts(&d, " ");
        sb_num(&d, e.mean);
        sb_puts(&d, " ");
        sb_num(&d, e.low);
        sb_puts(&d, " ");
        sb_num(&d, e.high);
        sb_puts(&d, "\n");
    }
    char title[256], caption[1024];
    if (operating) {
        snprintf(title, sizeof title, "Costs the policy changes, per %s "
                                      "(purchase excluded)",
                 m->time_unit);
        snprintf(caption, sizeof caption,
                 "The same bars without the purchase cost (the cost of "
                 "the goods delivered or scrapped), which differs between "
                 "policies only through their prices and the units they "
                 "sell, and otherwise hides the rest. This is the "
                 "trade-off: holding (on hand and in transit) against "
                 "ordering, transport and shortage. Whiskers: 95%% "
                 "interval of this operating total over the "
                 "replications.");
    } else {
        snprintf(title, sizeof title, "Cost per %s by component (whiskers: "
                                      "95%% CI of the total)",
                 m->time_unit);
        snprintf(caption, sizeof caption,
                 "Mean cost per %s of each policy, stacked by component, "
                 "with the 95%% confidence interval of the total. When the "
                 "purchase cost dominates, read the next chart.",
                 m->time_unit);
    }
    gp_begin(&g, name, title, operating ? "summary.csv, replications.csv"
                                        : "summary.csv");
    sb_puts(&g, "set title ");
    sb_gpstr(&g, title);
    sb_printf(&g, "\nset ylabel 'cost per %s'\n"
                  "set style data histograms\n"
                  "set style histogram rowstacked\n"
                  "set style fill solid 0.9 border rgb '#333333'\n"
                  "set boxwidth 0.6\n"
                  "set yrange [0:*]\n"
                  "set xrange [-0.6:%zu.6]\n"
                  "set key outside right top vertical\n"
                  "set grid noxtics\n",
              m->time_unit, r->n_policies - 1);
    int col = 2, first = 1;
    sb_puts(&g, "plot ");
    for (int k = 0; k < N_COST_PARTS; k++) {
        if (operating && cost_parts[k] == METRIC_PURCHASE_COST)
            continue;
        if (used[k] || (k < 2 && first)) {
            sb_printf(&g, "%s'%s.dat' using %d%s lc rgb '%s' title '%s'",
                      first ? "" : ", \\\n     ", name, col,
                      first ? ":xtic(1)" : "", cost_colours[k],
                      cost_labels[k]);
            first = 0;
        }
        col++;
    }
    sb_printf(&g, ", \\\n     '%s.dat' using 0:%d:%d:%d with yerrorbars "
                  "lc rgb '#000000' lw 2 pt 7 ps 0.6 title '%s'\n",
              name, col, col + 1, col + 2,
              operating ? "operating total, 95% CI" : "total, 95% CI");
    gp_end(&g);
    int rc = gp_write(r, name, &d, &g);
    if (rc == 0)
        charts_add(r, name, title, caption);
    sb_free(&d);
    sb_free(&g);
    return rc;
}

int chart_costs(report *r)
{
    return chart_cost_stack(r, 0);
}

int chart_costs_operating(report *r)
{
    return chart_cost_stack(r, 1);
}

/* service: fill rate, and customer lead time mean and p95. */
int chart_service(report *r)
{
    const report_meta *m = r->meta;
    static const metric cols[] = {METRIC_FILL_RATE,
                                  METRIC_CUSTOMER_LEAD_TIME_MEAN,
                                  METRIC_CUSTOMER_LEAD_TIME_P95};
    sbuf d = {0}, g = {0};
    sb_puts(&d, "# service.dat - service per policy, from summary.csv "
                "(mean, 95% CI)\n# columns: policy");
    for (int k = 0; k < 3; k++)
        sb_printf(&d, " %s %s_ci_low %s_ci_high", metric_name(cols[k]),
                  metric_name(cols[k]), metric_name(cols[k]));
    sb_puts(&d, "\n");
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_datstr(&d, r->policies[p]);
        for (int k = 0; k < 3; k++) {
            size_t row = row_of(r, 0, p, cols[k]);
            static const int which[] = {S_MEAN, S_LOW, S_HIGH};
            for (int j = 0; j < 3; j++) {
                sb_puts(&d, " ");
                sb_cell(&d, text(r, row, which[j]));
            }
        }
        sb_puts(&d, "\n");
    }
    const char *title = "Service: fill rate and customer lead time (95% CI)";
    gp_begin(&g, "service", title, "summary.csv");
    gp_linetypes(&g, r);
    sb_printf(&g, "set xrange [-0.5:%zu.5]\nset xtics (", r->n_policies - 1);
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_puts(&g, p ? ", " : "");
        sb_gpstr(&g, r->policies[p]);
        sb_printf(&g, " %zu", p);
    }
    sb_printf(&g, ")\n"
                  "set multiplot layout 1,2 title '%s'\n"
                  "set title 'Fill rate (share of units shipped from stock)'\n"
                  "set ylabel 'fill rate'\n"
                  "set key off\n"
                  "plot 'service.dat' using 0:2:3:4 with yerrorbars lt 1 "
                  "title 'fill rate'\n"
                  "set key outside bottom center horizontal\n"
                  "set title 'Customer lead time'\n"
                  "set ylabel '%s'\n"
                  "set yrange [0:*]\n"
                  "plot 'service.dat' using ($0-0.12):5:6:7 with yerrorbars "
                  "lt 1 title 'mean', \\\n"
                  "     'service.dat' using ($0+0.12):8:9:10 with yerrorbars "
                  "lt 2 pt 9 title 'p95'\n"
                  "unset multiplot\n",
              title, m->time_unit);
    gp_end(&g);
    int rc = gp_write(r, "service", &d, &g);
    if (rc == 0)
        charts_add(r, "service", title,
                   "Left: the fill rate (units shipped from stock on "
                   "arrival, over units demanded). Right: how long a "
                   "customer order waits for full delivery, on average and "
                   "at the 95th percentile (0 when served from stock). "
                   "Bars: 95% confidence intervals over the replications.");
    sb_free(&d);
    sb_free(&g);
    return rc;
}
