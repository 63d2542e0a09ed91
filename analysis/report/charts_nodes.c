/*
 * charts_nodes.c - a supply chain's charts, from nodes.csv (replication 0
 * of each policy, bucket by bucket; run --timeseries or --report writes
 * it for a chain), one chart per policy:
 *   node_orders_POLICY - the units each node ordered per bucket over time,
 *                        a line per node: the bullwhip fan;
 *   node_stock_POLICY  - each node's net stock at each bucket's end, on
 *                        hand above zero and backlog below;
 * and from summary.csv (any chain's run):
 *   node_costs         - each node's total cost per time unit, a row per
 *                        node and a bar per policy, with its 95% CI.
 * At most NODES_DRAWN nodes, in the order of the scenario's nodes: (the
 * caption says when some are left out; nodes.csv has them all).
 *
 * Not here: the chain's totals over time (charts_stock.c draws
 * timeseries.csv) and in the comparison table.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/report/internal.h"

/* Lines a chart tells apart: seven colours, then the second dash. */
#define NODES_DRAWN 8

static int safe_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-';
}

/* The nodes of policy `policy` in nodes.csv, in order of first
 * appearance (at most max); the number of distinct nodes in all. */
static size_t nodes_of(const report *r, const char *policy,
                       const char **names, size_t max)
{
    const int *nc = r->node_col;
    size_t n = 0, all = 0;
    const char *last = NULL;
    for (size_t row = 1; row < r->nodes.rows; row++) {
        if (strcmp(tcell(&r->nodes, row, (size_t)nc[N_POLICY]), policy))
            continue;
        const char *node = tcell(&r->nodes, row, (size_t)nc[N_NODE]);
        /* The file holds each node's buckets together. */
        if (last && strcmp(last, node) == 0)
            continue;
        last = node;
        all++;
        if (n < max)
            names[n++] = node;
    }
    return all;
}

/* One chart of policy p: column `col` (N_ORDERS or N_NET_STOCK) of each
 * drawn node. */
static int chart_nodes(report *r, size_t p, int col)
{
    const int *nc = r->node_col;
    const report_meta *m = r->meta;
    int orders = col == N_ORDERS;
    const char *policy = r->policies[p];
    const char *names[NODES_DRAWN];
    size_t all = nodes_of(r, policy, names, NODES_DRAWN);
    size_t drawn = all < NODES_DRAWN ? all : NODES_DRAWN;
    if (drawn == 0)
        return 0;
    char name[200], safe[120];
    size_t k = 0;
    for (const char *s = policy; *s && k + 1 < sizeof safe; s++)
        safe[k++] = safe_char(*s) ? *s : '_';
    safe[k] = '\0';
    snprintf(name, sizeof name, "%s_%s",
             orders ? "node_orders" : "node_stock", safe);
    sbuf d = {0}, g = {0};
    sb_printf(&d, "# %s.dat - %s, replication 0 of policy %s, from "
                  "nodes.csv\n# one block per node (gnuplot index 0, 1, "
                  "...); columns: t %s\n",
              name,
              orders ? "units each node ordered per bucket"
                     : "each node's net stock at each bucket's end",
              policy, orders ? "orders" : "net_stock");
    double width = NAN, first_t = NAN, lo = 0.0;
    for (size_t b = 0; b < drawn; b++) {
        sb_puts(&d, b ? "\n\n# node: " : "# node: ");
        sb_puts(&d, names[b]);
        sb_puts(&d, "\n");
        for (size_t row = 1; row < r->nodes.rows; row++) {
            if (strcmp(tcell(&r->nodes, row, (size_t)nc[N_POLICY]),
                       policy) != 0 ||
                strcmp(tcell(&r->nodes, row, (size_t)nc[N_NODE]),
                       names[b]) != 0)
                continue;
            double t = strtod(tcell(&r->nodes, row, (size_t)nc[N_T]), NULL);
            double x = strtod(tcell(&r->nodes, row, (size_t)nc[col]), NULL);
            if (isnan(first_t))
                first_t = t;
            else if (isnan(width) && t > first_t)
                width = t - first_t;
            lo = fmin(lo, x);
            sb_cell(&d, tcell(&r->nodes, row, (size_t)nc[N_T]));
            sb_puts(&d, " ");
            sb_cell(&d, tcell(&r->nodes, row, (size_t)nc[col]));
            sb_puts(&d, "\n");
        }
    }
    char plural[48], bucket[96], title[256], caption[1024], left_out[160];
    time_units(r, plural, sizeof plural);
    if (isnan(width) || width == 1.0)
        snprintf(bucket, sizeof bucket, "%s", m->time_unit);
    else
        snprintf(bucket, sizeof bucket, "%.4g %s", width, plural);
    left_out[0] = '\0';
    if (all > drawn)
        snprintf(left_out, sizeof left_out,
                 " The first %zu of the %zu nodes are drawn; nodes.csv has "
                 "every one.",
                 drawn, all);
    if (orders) {
        snprintf(title, sizeof title, "Orders of each node per %s, %s "
                                      "(replication 0)",
                 bucket, policy);
        snprintf(caption, sizeof caption,
                 "Units each node ordered from its supplier in each %s, in "
                 "the first replication of %s, nodes in the order of the "
                 "scenario. Look at the fan: when the nodes further from "
                 "the customers order in wider swings than the nodes below "
                 "them, that is the bullwhip effect (each node's "
                 "bullwhip_stage in summary.csv is the ratio of the "
                 "variances).%s",
                 bucket, policy, left_out);
    } else {
        snprintf(title, sizeof title, "Net stock of each node, %s "
                                      "(replication 0)",
                 policy);
        snprintf(caption, sizeof caption,
                 "Each node's on hand less its backlog at the end of each "
                 "%s, in the first replication of %s: above zero the stock "
                 "it holds, below zero the orders it owes. Look at which "
                 "node holds the chain's stock and which one runs into "
                 "backlog.%s",
                 bucket, policy, left_out);
    }
    legend lg = {0};
    for (size_t b = 0; b < drawn; b++)
        legend_add(&lg, LEGEND_LINE, b + 1, NULL, names[b], 0);
    canvas cv = {960.0, 0.0};
    legend_lay_out(&lg, cv.w - 2.0 * FONT_PX);
    double top = title_height(title, cv.w);
    double bottom = 2.0 * LINE_PX + FONT_PX + lg.height + FONT_PX;
    cv.h = top + 380.0 + bottom;
    gp_begin(&g, name, title, "nodes.csv", &cv);
    for (size_t b = 0; b < drawn; b++)
        sb_printf(&g, "set linetype %zu lc rgb '%s' lw 2.5 dt %d pt %d "
                      "ps 1.4\n",
                  b + 1, gp_colour(b), gp_dash(b), gp_point(b));
    gp_title_lines(&g, title, &cv, "title");
    sb_printf(&g, "set xlabel '%s'\n", plural);
    sb_printf(&g, "set ylabel '%s'\n",
              orders ? "units ordered" : "net stock (units)");
    sb_puts(&g, "unset key\n");
    if (orders || lo >= 0.0)
        sb_puts(&g, "set yrange [0:*]\n");
    else
        sb_puts(&g, "set xzeroaxis lc rgb '#888888' lw 1\n");
    sb_printf(&g, "set tmargin at screen %.6f\nset bmargin at screen %.6f\n",
              1.0 - top / cv.h, bottom / cv.h);
    if (isfinite(m->horizon))
        sb_printf(&g, "set xrange [%.10g:%.10g]\n",
                  isfinite(m->warmup) ? m->warmup : 0.0, m->horizon);
    gp_legend(&g, &lg, &cv, FONT_PX, cv.h - lg.height - FONT_PX);
    sb_puts(&g, "plot ");
    for (size_t b = 0; b < drawn; b++) {
        /* A bucket's value holds over the bucket that ends at t. */
        sb_printf(&g, "%s'%s.dat' index %zu using 1:2 with %s lt %zu "
                      "title ",
                  b ? ", \\\n     " : "", name, b,
                  orders ? "fsteps" : "lines", b + 1);
        sb_gpstr(&g, names[b]);
    }
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = gp_write(r, name, &d, &g);
    if (rc == 0)
        charts_add(r, name, title, caption);
    sb_free(&d);
    sb_free(&g);
    return rc;
}

int chart_node_orders(report *r)
{
    for (size_t p = 0; p < r->n_policies; p++) {
        int rc = chart_nodes(r, p, N_ORDERS);
        if (rc)
            return rc;
    }
    return 0;
}

int chart_node_stock(report *r)
{
    for (size_t p = 0; p < r->n_policies; p++) {
        int rc = chart_nodes(r, p, N_NET_STOCK);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- costs per node (summary.csv) ---------------------------------------- */

/* Rows a node_costs chart holds: the first nodes of the scenario. */
#define NODE_ROWS_MAX 12

/* The chain's nodes, from summary.csv's NODE.bullwhip_stage columns, in
 * order (at most max); the number of nodes in all. */
static size_t summary_nodes(const report *r, char (*names)[METRIC_NAME_MAX],
                            size_t max)
{
    static const char tail[] = ".bullwhip_stage";
    size_t n = 0, all = 0, tl = sizeof tail - 1;
    for (size_t c = METRIC_COUNT; c < r->n_cols; c++) {
        const char *name = r->col_names[c];
        size_t len = strlen(name);
        if (len <= tl || strcmp(name + len - tl, tail) != 0)
            continue;
        all++;
        if (n < max)
            snprintf(names[n++], METRIC_NAME_MAX, "%.*s", (int)(len - tl),
                     name);
    }
    return all;
}

int chart_node_costs(report *r)
{
    char nodes[NODE_ROWS_MAX][METRIC_NAME_MAX];
    size_t all = summary_nodes(r, nodes, NODE_ROWS_MAX);
    size_t n = all < NODE_ROWS_MAX ? all : NODE_ROWS_MAX;
    if (n == 0)
        return 0;
    const char *name = "node_costs";
    const report_meta *m = r->meta;
    int cols[NODE_ROWS_MAX];
    char column[METRIC_NAME_MAX + 16];
    for (size_t k = 0; k < n; k++) {
        snprintf(column, sizeof column, "%s.total_cost", nodes[k]);
        cols[k] = outputs_column_of(r, column);
    }
    sbuf d = {0}, g = {0};
    sb_printf(&d, "# %s.dat - each node's total cost per %s, from "
                  "summary.csv\n# one block per policy (gnuplot index 0, "
                  "1, ...); columns: node_row mean ci_low ci_high\n",
              name, m->time_unit);
    double x_max = 0.0;
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_puts(&d, p ? "\n\n# policy: " : "# policy: ");
        sb_puts(&d, r->policies[p]);
        sb_puts(&d, "\n");
        for (size_t k = 0; k < n; k++) {
            size_t row = cols[k] >= 0 ? row_of(r, 0, p, (size_t)cols[k]) : 0;
            sb_printf(&d, "%zu ", k);
            sb_cell(&d, text(r, row, S_MEAN));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_LOW));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_HIGH));
            sb_puts(&d, "\n");
            double x = fmax(val(r, row, S_MEAN), val(r, row, S_HIGH));
            if (isfinite(x))
                x_max = fmax(x_max, x);
        }
    }
    if (!(x_max > 0.0))
        x_max = 1.0;
    char title[256], caption[1024], left_out[160];
    snprintf(title, sizeof title, "Cost of each node per %s (whiskers: 95%% "
                                  "CI)",
             m->time_unit);
    left_out[0] = '\0';
    if (all > n)
        snprintf(left_out, sizeof left_out,
                 " The first %zu of the %zu nodes are drawn; summary.csv "
                 "has every one.",
                 n, all);
    snprintf(caption, sizeof caption,
             "Each node's total cost (holding, ordering, transport, "
             "purchase from its supplier, shortage), a bar per policy, "
             "nodes in the order of the scenario. Look at where in the "
             "chain each policy spends: stock held upstream, backlog "
             "downstream.%s",
             left_out);
    /* A row per node, its name at the left; in it a bar per policy. */
    policy_rows pr;
    memset(&pr, 0, sizeof pr);
    double bar = 12.0, y = 0.0;
    for (size_t k = 0; k < n; k++) {
        size_t lines = wrap_text(nodes[k], 14.0, 3, pr.label[k],
                                 sizeof pr.label[k]);
        pr.names_px = fmax(pr.names_px, widest_line_em(pr.label[k]) *
                                            FONT_PX);
        double pitch = fmax((double)lines * LINE_PX,
                            (double)r->n_policies * bar) +
                       0.75 * LINE_PX;
        pr.y[k] = y + pitch / 2.0;
        y += pitch;
    }
    pr.n = n;
    pr.height = y;
    legend lg = {0};
    for (size_t p = 0; p < r->n_policies; p++)
        legend_add(&lg, LEGEND_BOX, 0, gp_colour(p), r->policies[p],
                   gp_pattern(p));
    canvas cv = {960.0, 0.0};
    legend_lay_out(&lg, cv.w - 2.0 * FONT_PX);
    double left = pr.names_px + 1.5 * FONT_PX, right = 2.5 * FONT_PX;
    double top = title_height(title, cv.w);
    double bottom = 2.0 * LINE_PX + FONT_PX + lg.height + FONT_PX;
    cv.h = top + pr.height + bottom;
    axis_range ax;
    axis_fit(&ax, 0.0, x_max, cv.w - left - right, 1, "");
    gp_begin(&g, name, title, "summary.csv", &cv);
    gp_linetypes(&g, r);
    gp_title_lines(&g, title, &cv, "title");
    char unit[64];
    unit_words(r, "cost/time", unit, sizeof unit);
    sb_printf(&g, "set xlabel 'cost %s'\n"
                  "unset key\n"
                  "set grid xtics noytics lc rgb '#dddddd' lw 1\n"
                  "set border 3 lw 1.5\n",
              unit);
    gp_margins(&g, &cv, left, right, top, bottom);
    gp_rows(&g, &pr, 1);
    gp_axis(&g, "x", &ax);
    gp_legend(&g, &lg, &cv, FONT_PX, cv.h - lg.height - FONT_PX);
    /* Policy p's bar sits at its place within the node's row. */
    sb_printf(&g, "y(i) = Y[int(i) + 1]\nh = %.10g\n", bar * 0.4);
    sb_puts(&g, "plot ");
    for (size_t p = 0; p < r->n_policies; p++) {
        double off = ((double)p - ((double)r->n_policies - 1.0) / 2.0) * bar;
        sb_printf(&g, "%s'%s.dat' index %zu using (0):(y($1)%+.10g):(0):2:"
                      "(y($1)%+.10g-h):(y($1)%+.10g+h) with boxxyerror "
                      "fs %s lc rgb '%s' notitle, \\\n     "
                      "'%s.dat' index %zu using 2:(y($1)%+.10g):3:4 with "
                      "xerrorbars lc rgb '#333333' lw 1.5 pt 7 ps 0.4 "
                      "notitle",
                  p ? ", \\\n     " : "", name, p, off, off, off,
                  gp_pattern(p) ? "pattern 4 border rgb '#333333'" : "solid 0.9 border rgb '#333333'",
                  gp_colour(p), name, p, off);
    }
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = gp_write(r, name, &d, &g);
    if (rc == 0)
        charts_add(r, name, title, caption);
    sb_free(&d);
    sb_free(&g);
    return rc;
}
