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
 * see and change them. The one computed number in a .dat file is the
 * interval of the operating cost (costs_operating), which no CSV holds;
 * the scripts' ranges and the captions' figures (the purchase cost's
 * share, whether it is the same for every policy) are computed here from
 * the same cells.
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

/* Whether meta.json names a policy of the family ("push", "pull"). */
static int has_family(const report *r, const char *family)
{
    for (size_t p = 0; p < r->meta->n_policies; p++)
        if (strcmp(r->meta->policies[p].family, family) == 0)
            return 1;
    return 0;
}

/* The captions of inventory, inventory_zoom and backorders: what to look
 * at, saying only what this run holds (a warm-up, disruptions, push and
 * pull policies). */
static void levels_caption(const report *r, const char *name, char *out,
                           size_t len)
{
    const report_meta *m = r->meta;
    int push = has_family(r, "push"), pull = has_family(r, "pull");
    int warm = isfinite(m->warmup) && m->warmup > 0.0;
    const char *shape =
        push && pull
            ? "Look at the shape: a push policy's sawtooth (big deliveries "
              "run down to the reorder point) against a pull loop's low, "
              "flat line."
            : "Look at the shape: how high each policy's deliveries lift "
              "the stock and how far it runs down before the next.";
    if (strcmp(name, "inventory") == 0)
        snprintf(out, len,
                 "Units on hand in the first replication of each policy, on "
                 "the same demand (common random numbers). %s%s%s",
                 shape,
                 m->n_windows ? " And at what happens inside the shaded "
                                "disruption windows."
                              : "",
                 warm ? " The grey band is the warm-up, not measured." : "");
    else if (strcmp(name, "inventory_zoom") == 0)
        snprintf(out, len,
                 "A closer look at the chart above: count the deliveries and "
                 "see how low the stock gets before each one.%s",
                 push && pull ? " A push policy's big, rare deliveries make "
                                "tall teeth; a pull loop's small, frequent "
                                "ones keep the level low and steady."
                              : "");
    else
        snprintf(out, len,
                 "Units demanded but not yet delivered, same replication. "
                 "Backorders appear when stock runs out: look for how often, "
                 "how high and how long%s.",
                 m->n_windows ? ", especially during and after a disruption"
                              : "");
}

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
    levels_caption(r, name, caption, sizeof caption);
    /* The policies' legend below the plot, in as many columns as their
     * names allow, and the disruption's band in it. */
    legend lg = {0};
    for (size_t b = 0; b < blocks; b++) {
        size_t p = (size_t)outputs_policy_index(r, block_policy[b]);
        legend_add(&lg, LEGEND_LINE, p + 1, NULL, block_policy[b], 0);
    }
    if (m->n_windows)
        legend_add(&lg, LEGEND_BOX, 0, "#f7d4c6",
                   strcmp(m->windows[0].effect, "outage") == 0
                       ? "supplier outage"
                       : "disruption",
                   0);
    canvas cv = {960.0, 0.0};
    legend_lay_out(&lg, cv.w - 2.0 * FONT_PX);
    double top = title_height(title, cv.w);
    double bottom = 2.0 * LINE_PX + FONT_PX + lg.height + FONT_PX;
    cv.h = top + 380.0 + bottom;
    gp_begin(&g, name, title, "timeseries.csv", &cv);
    gp_linetypes(&g, r);
    gp_title_lines(&g, title, &cv, "title");
    char plural[48];
    sb_printf(&g, "set xlabel '%s'\n", time_units(r, plural, sizeof plural));
    sb_printf(&g, "set ylabel '%s'\n",
              on_hand ? "units on hand" : "units backordered");
    sb_puts(&g, "set yrange [0:*]\nunset key\n");
    sb_printf(&g, "set tmargin at screen %.6f\nset bmargin at screen %.6f\n",
              1.0 - top / cv.h, bottom / cv.h);
    if (zoom)
        sb_printf(&g, "set xrange [%.10g:%.10g]\n", from, to);
    else if (isfinite(m->horizon))
        sb_printf(&g, "set xrange [0:%.10g]\n", m->horizon);
    int obj = 1;
    if (isfinite(m->warmup) && m->warmup > 0.0) {
        sb_printf(&g, "set object %d rect from 0, graph 0 to %.10g, graph "
                      "1 behind fc rgb '#e8e8e8' fs solid 1.0 noborder\n",
                  obj++, m->warmup);
        if (!zoom && isfinite(m->horizon) &&
            m->warmup >= 0.1 * m->horizon)
            sb_printf(&g, "set label 1 'warm-up' at %.10g, graph 0.96 "
                          "center tc rgb '#666666'\n",
                      m->warmup / 2.0);
    }
    for (size_t w = 0; w < m->n_windows; w++)
        sb_printf(&g, "set object %d rect from %.10g, graph 0 to %.10g, "
                      "graph 1 behind fc rgb '#f7d4c6' fs solid 1.0 "
                      "noborder\n",
                  obj++, m->windows[w].start, m->windows[w].end);
    gp_legend(&g, &lg, &cv, FONT_PX, cv.h - lg.height - FONT_PX);
    sb_puts(&g, "plot ");
    for (size_t b = 0; b < blocks; b++) {
        size_t p = (size_t)outputs_policy_index(r, block_policy[b]);
        sb_printf(&g, "%s'%s.dat' index %zu using 1:2 with steps lt %zu "
                      "title ",
                  b ? ", \\\n     " : "", name, b, p + 1);
        sb_gpstr(&g, block_policy[b]);
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

/* Within this share of the largest, the policies' purchase costs are
 * "the same": what a few units bought more or less at the end of the
 * horizon make, not a difference in price or in units sold. */
#define SAME_PURCHASE 0.005

/* The captions of costs and costs_operating, saying what holds for this
 * run: whether the purchase cost dominates, and whether it is the same
 * for every policy or differs (sources at different prices). */
static void cost_caption(const report *r, int operating, char *out,
                         size_t len)
{
    double lo = INFINITY, hi = -INFINITY, share_lo = INFINITY,
           share_hi = -INFINITY;
    size_t p_lo = 0, p_hi = 0;
    for (size_t p = 0; p < r->n_policies; p++) {
        double pc = mean_of(r, 0, p, METRIC_PURCHASE_COST);
        double tc = mean_of(r, 0, p, METRIC_TOTAL_COST);
        if (!isfinite(pc))
            continue;
        if (pc < lo) {
            lo = pc;
            p_lo = p;
        }
        if (pc > hi) {
            hi = pc;
            p_hi = p;
        }
        if (isfinite(tc) && tc > 0.0) {
            share_lo = fmin(share_lo, pc / tc);
            share_hi = fmax(share_hi, pc / tc);
        }
    }
    char unit[64], a[32], b[32];
    unit_words(r, "cost/time", unit, sizeof unit);
    format_number(a, sizeof a, lo, 4, 0);
    format_number(b, sizeof b, hi, 4, 0);
    int none = !(hi > 0.0);
    int same = !none && hi - lo <= SAME_PURCHASE * hi;
    if (!operating) {
        char share[160] = "";
        char s_lo[32], s_hi[32];
        format_number(s_lo, sizeof s_lo, 100.0 * share_lo, 3, 0);
        format_number(s_hi, sizeof s_hi, 100.0 * share_hi, 3, 0);
        if (!none && share_hi >= 0.5 && strcmp(s_lo, s_hi) != 0)
            snprintf(share, sizeof share,
                     " Purchase is %s%% to %s%% of the total here and "
                     "hides the rest: the next chart leaves it out.",
                     s_lo, s_hi);
        else if (!none && share_hi >= 0.5)
            snprintf(share, sizeof share,
                     " Purchase is %s%% of the total here and hides the "
                     "rest: the next chart leaves it out.",
                     s_hi);
        else if (!none && isfinite(share_hi))
            snprintf(share, sizeof share,
                     " Purchase is at most %s%% of the total here.", s_hi);
        snprintf(out, len,
                 "Mean cost %s of each policy, stacked by component "
                 "(components zero for every policy left out), with the 95%% "
                 "confidence interval of the total.%s",
                 unit, share);
        return;
    }
    char purchase[700];
    if (none)
        snprintf(purchase, sizeof purchase,
                 "The purchase cost is zero here: these bars are the whole "
                 "cost.");
    else if (same && strcmp(a, b) == 0)
        snprintf(purchase, sizeof purchase,
                 "The same bars without the purchase cost (the goods "
                 "delivered or scrapped), which is the same for every "
                 "policy here (%s %s) and would hide the rest.",
                 a, unit);
    else if (same)
        snprintf(purchase, sizeof purchase,
                 "The same bars without the purchase cost (the goods "
                 "delivered or scrapped), which is the same for every "
                 "policy here (%s to %s %s, within %.1f%%) and would hide "
                 "the rest.",
                 a, b, unit, 100.0 * SAME_PURCHASE);
    else
        snprintf(purchase, sizeof purchase,
                 "The same bars without the purchase cost (the goods "
                 "delivered or scrapped), which is not the same for every "
                 "policy here: from %s %s (%s) to %s (%s), by the prices of "
                 "their sources and the units they buy. So these bars leave "
                 "out a real difference: compare totals in the chart above.",
                 a, unit, r->policies[p_lo], b, r->policies[p_hi]);
    snprintf(out, len,
             "%s This is the trade-off: holding (on hand and in transit) "
             "against ordering, transport and shortage. Whiskers: 95%% "
             "interval of this operating total over the replications.",
             purchase);
}

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
    double x_max = 0.0; /* the longest bar or whisker */
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_datstr(&d, r->policies[p]);
        double stack = 0.0;
        for (int k = 0; k < N_COST_PARTS; k++) {
            if (operating && cost_parts[k] == METRIC_PURCHASE_COST)
                continue;
            size_t row = row_of(r, 0, p, cost_parts[k]);
            double x = val(r, row, S_MEAN);
            if (isfinite(x) && x != 0.0)
                used[k] = 1;
            if (isfinite(x))
                stack += x;
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_MEAN));
        }
        size_t tot = row_of(r, 0, p, METRIC_TOTAL_COST);
        x_max = fmax(x_max, stack);
        if (!operating) {
            x_max = fmax(x_max, fmax(val(r, tot, S_MEAN),
                                     val(r, tot, S_HIGH)));
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
        x_max = fmax(x_max, fmax(e.mean, e.high));
        sb_puts(&d, " ");
        sb_num(&d, e.mean);
        sb_puts(&d, " ");
        sb_num(&d, e.low);
        sb_puts(&d, " ");
        sb_num(&d, e.high);
        sb_puts(&d, "\n");
    }
    char title[256], caption[1024];
    if (operating)
        snprintf(title, sizeof title, "Costs the policy changes, per %s "
                                      "(purchase excluded)",
                 m->time_unit);
    else
        snprintf(title, sizeof title, "Cost per %s by component (whiskers: "
                                      "95%% CI of the total)",
                 m->time_unit);
    cost_caption(r, operating, caption, sizeof caption);

    /* One row per policy, its name at the left; the components stacked
     * left to right; the legend of the components below. */
    policy_rows pr;
    rows_lay_out(&pr, r, -1, 24.0, 1.5 * LINE_PX);
    legend lg = {0};
    for (int k = 0; k < N_COST_PARTS; k++)
        if (used[k] && !(operating && cost_parts[k] == METRIC_PURCHASE_COST))
            legend_add(&lg, LEGEND_BOX, 0, cost_colours[k], cost_labels[k],
                       0);
    legend_add(&lg, LEGEND_POINT, 0, "#000000",
               operating ? "operating total, 95% CI" : "total, 95% CI", 0);
    canvas cv = {960.0, 0.0};
    legend_lay_out(&lg, cv.w - 2.0 * FONT_PX);
    double left = pr.names_px + 1.5 * FONT_PX, right = 2.5 * FONT_PX;
    double top = title_height(title, cv.w);
    double bottom = 2.0 * LINE_PX + FONT_PX + lg.height + FONT_PX;
    cv.h = top + pr.height + bottom;
    axis_range ax;
    axis_fit(&ax, 0.0, x_max, cv.w - left - right, 1, "");
    gp_begin(&g, name, title,
             operating ? "summary.csv, replications.csv" : "summary.csv",
             &cv);
    gp_title_lines(&g, title, &cv, "title");
    char unit[64];
    unit_words(r, "cost/time", unit, sizeof unit);
    sb_printf(&g, "set xlabel 'cost %s'\n"
                  "unset key\n"
                  "set style fill solid 0.9 border rgb '#333333'\n"
                  "set grid xtics noytics lc rgb '#dddddd' lw 1\n"
                  "set border 3 lw 1.5\n",
              unit);
    gp_margins(&g, &cv, left, right, top, bottom);
    gp_rows(&g, &pr, 1);
    gp_axis(&g, "x", &ax);
    gp_legend(&g, &lg, &cv, FONT_PX, cv.h - lg.height - FONT_PX);
    /* A component's bar runs from the sum of the components before it to
     * that sum plus its own (an empty cell counts as 0). */
    sb_puts(&g, "z(x) = (x == x) ? x : 0\n"
                "y(i) = Y[int(i) + 1]\n"
                "h = 0.3 * ");
    sb_printf(&g, "%.10g\nplot ", 1.5 * LINE_PX);
    int col = 2, first = 1;
    char before[256] = "0";
    for (int k = 0; k < N_COST_PARTS; k++) {
        if (operating && cost_parts[k] == METRIC_PURCHASE_COST)
            continue;
        char upto[sizeof before];
        size_t n = strlen(before);
        snprintf(upto, sizeof upto, "%.*s+z($%d)",
                 (int)(n < sizeof before - 16 ? n : sizeof before - 16),
                 before, col);
        if (used[k]) {
            sb_printf(&g, "%s'%s.dat' using (%s):(y($0)):(%s):(%s):"
                          "(y($0)-h):(y($0)+h) with boxxyerror lc rgb '%s' "
                          "notitle",
                      first ? "" : ", \\\n     ", name, upto, before, upto,
                      cost_colours[k]);
            first = 0;
        }
        snprintf(before, sizeof before, "%s", upto);
        col++;
    }
    sb_printf(&g, "%s'%s.dat' using %d:(y($0)):%d:%d with xerrorbars "
                  "lc rgb '#000000' lw 2 pt 7 ps 0.6 notitle\n",
              first ? "" : ", \\\n     ", name, col, col + 1, col + 2);
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
    /* The ranges: fill rate over its intervals; lead time from 0. */
    double f_lo = INFINITY, f_hi = -INFINITY, t_hi = 0.0;
    for (size_t p = 0; p < r->n_policies; p++) {
        for (int j = S_MEAN; j <= S_HIGH; j++) {
            if (j == S_SD)
                continue;
            double f = val(r, row_of(r, 0, p, METRIC_FILL_RATE), j);
            if (isfinite(f)) {
                f_lo = fmin(f_lo, f);
                f_hi = fmax(f_hi, f);
            }
            for (int k = 1; k < 3; k++) {
                double t = val(r, row_of(r, 0, p, cols[k]), j);
                if (isfinite(t))
                    t_hi = fmax(t_hi, t);
            }
        }
    }
    if (!(t_hi > 0.0))
        t_hi = 1.0;
    if (!isfinite(f_lo)) {
        f_lo = 0.0;
        f_hi = 1.0;
    }
    /* No fill rate exceeds 1: an interval past it is cut at the frame. */
    f_hi = fmin(f_hi, 1.0);
    f_lo = fmin(f_lo, 0.99);

    /* Two panels side by side, one row per policy, the names at the left
     * of the first; the mean and p95 markers explained below. */
    policy_rows pr;
    rows_lay_out(&pr, r, -1, 18.0, 1.5 * LINE_PX);
    canvas cv = {960.0, 0.0};
    double left = pr.names_px + 1.5 * FONT_PX, right = 2.5 * FONT_PX,
           gap = 4.0 * FONT_PX;
    double pw = (cv.w - left - right - gap) / 2.0;
    static const char *const panel_titles[] = {
        "Fill rate (share of units shipped from stock)",
        "Customer lead time"};
    char wrapped[2][512];
    size_t head_lines = 1;
    for (int k = 0; k < 2; k++) {
        size_t n = wrap_text(panel_titles[k], pw / FONT_PX, 3, wrapped[k],
                             sizeof wrapped[k]);
        if (n > head_lines)
            head_lines = n;
    }
    legend lg = {0};
    legend_add(&lg, LEGEND_POINT, 0, "#333333", "lead time: mean", 0);
    legend_add(&lg, LEGEND_HOLLOW, 0, "#333333", "lead time: 95th percentile",
               0);
    legend_lay_out(&lg, cv.w - 2.0 * FONT_PX);
    double top = title_height(title, cv.w) +
                 (double)head_lines * LINE_PX + 0.5 * LINE_PX;
    double bottom = 2.0 * LINE_PX + FONT_PX + lg.height + FONT_PX;
    cv.h = top + pr.height + bottom;
    axis_range fx, tx;
    axis_fit(&fx, f_lo, f_hi, pw, 0, "");
    axis_fit(&tx, 0.0, t_hi, pw, 1, "");
    char plural[48];
    time_units(r, plural, sizeof plural);

    gp_begin(&g, "service", title, "summary.csv", &cv);
    gp_linetypes(&g, r);
    sb_puts(&g, "unset key\n"
                "set grid xtics noytics lc rgb '#dddddd' lw 1\n"
                "y(i) = Y[int(i) + 1]\n");
    gp_title_lines(&g, title, &cv, "multiplot title");
    for (int k = 0; k < 2; k++) {
        double l = left + (double)k * (pw + gap);
        gp_margins(&g, &cv, l, cv.w - l - pw, top, bottom);
        gp_rows(&g, &pr, k == 0);
        sb_puts(&g, "set title ");
        sb_gptext(&g, wrapped[k]);
        sb_puts(&g, "\n");
        if (k == 0) {
            gp_axis(&g, "x", &fx);
            sb_puts(&g, "set xlabel 'fill rate'\n"
                        "plot 'service.dat' using 2:(y($0)):3:4:"
                        "(int($0)+1) with xerrorbars lc variable pt 7 "
                        "ps 1.2 lw 2\n");
        } else {
            /* The legend with the last panel: set earlier, its labels
             * would be drawn again with each. */
            gp_legend(&g, &lg, &cv, FONT_PX, cv.h - lg.height - FONT_PX);
            gp_axis(&g, "x", &tx);
            sb_printf(&g, "set xlabel '%s'\n"
                          "plot 'service.dat' using 5:(y($0)-5):6:7:"
                          "(int($0)+1) with xerrorbars lc variable pt 7 "
                          "ps 1.2 lw 2, \\\n"
                          "     'service.dat' using 8:(y($0)+5):9:10:"
                          "(int($0)+1) with xerrorbars lc variable pt 6 "
                          "ps 1.2 lw 2\n",
                      plural);
        }
    }
    sb_puts(&g, "unset multiplot\n");
    gp_end(&g);
    int rc = gp_write(r, "service", &d, &g);
    if (rc == 0)
        charts_add(r, "service", title,
                   "Left: the fill rate (units shipped from stock on "
                   "arrival, over units demanded). Right: how long a "
                   "customer order waits for full delivery, on average "
                   "(filled) and at the 95th percentile (hollow; 0 when "
                   "served from stock). Bars: 95% confidence intervals over "
                   "the replications.");
    sb_free(&d);
    sb_free(&g);
    return rc;
}
