/*
 * charts_differences.c - the differences chart of a run: a forest plot of
 * each policy's paired differences against the baseline, in % of the
 * baseline's mean, one panel per metric with its own scale (one policy
 * ordering twenty-eight times as often must not squash every other bar),
 * the policies as rows named at the left, each difference's value in a
 * column at the right of its panel, coloured by whether it is better or
 * worse than the baseline for that metric; a line's work in progress,
 * lead time and throughput too.
 *
 * The .dat file holds summary.csv's cells verbatim; the percentages are
 * computed by the .gp script (the ranges and the labels' widths, which
 * only lay the chart out, here). Not the paired-differences table of the
 * page (html.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/report/internal.h"

static const metric forest_metrics[] = {
    METRIC_TOTAL_COST,      METRIC_OPERATING_COST,
    METRIC_HOLDING_COST,    METRIC_PIPELINE_HOLDING_COST,
    METRIC_ORDERING_COST,   METRIC_TRANSPORT_COST,
    METRIC_PURCHASE_COST,   METRIC_SHORTAGE_COST,
    METRIC_AVG_ON_HAND,     METRIC_FILL_RATE,
    METRIC_READY_RATE,      METRIC_CUSTOMER_LEAD_TIME_MEAN,
    METRIC_ORDERS_PLACED,   METRIC_CASH_TIED_UP};
#define N_FOREST (sizeof forest_metrics / sizeof forest_metrics[0])

/* The colours of a difference's value: better, worse, no clear
 * difference, neither better nor worse (html.c's classes). */
#define BETTER_RGB "#005a8c"
#define WORSE_RGB "#a33a00"
#define UNCLEAR_RGB "#888888"
#define NEITHER_RGB "#1b1b1b"

/* A difference's class as the script's cls() computes it: 0 the
 * interval holds 0 (or is unknown), 1 better, 2 worse, 3 neither (dir: 1
 * more is better, -1 less is, 0 neither). */
static int difference_class(double lo, double hi, int dir)
{
    if (isnan(lo) || isnan(hi) || (lo <= 0.0 && hi >= 0.0))
        return 0;
    if (dir == 0)
        return 3;
    return (lo > 0.0) == (dir > 0) ? 1 : 2;
}

/* A percentage as the script's pct() writes it. */
static void pct_text(char *buf, size_t len, double x)
{
    snprintf(buf, len, fabs(x) >= 10.0 ? "%+.0f%%" : "%+.1f%%", x);
}

/* differences: a forest plot of the paired differences, in % of the
 * baseline's mean (the metrics have different units). For a report with a
 * baseline and another policy (charts.c). */
int chart_differences(report *r)
{
    size_t base = (size_t)r->baseline;
    const char *base_name = r->policies[base];
    /* Rows: the metrics with a baseline mean to divide by; for a line,
     * its work in progress, lead time and throughput too. */
    size_t candidates[N_FOREST + 3], n_candidates = 0;
    for (size_t i = 0; i < N_FOREST; i++)
        candidates[n_candidates++] = forest_metrics[i];
    if (r->n_stages) {
        static const char *const line_rows[] = {
            "avg_wip", "line_lead_time_mean", "throughput"};
        for (size_t i = 0; i < 3; i++) {
            int c = outputs_column_of(r, line_rows[i]);
            if (c >= 0)
                candidates[n_candidates++] = (size_t)c;
        }
    }
    size_t rows[N_FOREST + 3];
    size_t n_rows = 0;
    for (size_t i = 0; i < n_candidates; i++) {
        double bm = mean_of(r, 0, base, candidates[i]);
        int any = 0;
        for (size_t p = 0; p < r->n_policies; p++)
            if (p != base &&
                isfinite(val(r, row_of(r, 0, p, candidates[i]), S_DIFF)))
                any = 1;
        if (isfinite(bm) && bm > 0.0 && any)
            rows[n_rows++] = candidates[i];
    }
    if (!n_rows)
        return 0;
    sbuf d = {0}, g = {0};
    sb_printf(&d, "# differences.dat - paired differences against %s, "
                  "from summary.csv\n# one block per metric (gnuplot index "
                  "0, 1, ...), one row per policy; columns: row metric diff "
                  "diff_ci_low diff_ci_high baseline_mean linetype policy\n",
              base_name);
    /* Each panel's range, and the widest value label, for the layout. */
    double lo[N_FOREST + 3], hi[N_FOREST + 3], value_px = 0.0;
    for (size_t i = 0; i < n_rows; i++) {
        sb_printf(&d, "%s# metric: %s\n", i ? "\n\n" : "",
                  r->col_names[rows[i]]);
        double bm = mean_of(r, 0, base, rows[i]);
        lo[i] = INFINITY;
        hi[i] = -INFINITY;
        size_t b = 0;
        for (size_t p = 0; p < r->n_policies; p++) {
            if (p == base)
                continue;
            size_t row = row_of(r, 0, p, rows[i]);
            sb_printf(&d, "%zu ", b++);
            sb_datstr(&d, r->col_names[rows[i]]);
            static const int cols[] = {S_DIFF, S_DLOW, S_DHIGH};
            for (int j = 0; j < 3; j++) {
                sb_puts(&d, " ");
                sb_cell(&d, text(r, row, cols[j]));
                double x = 100.0 * val(r, row, cols[j]) / bm;
                if (isfinite(x)) {
                    lo[i] = fmin(lo[i], x);
                    hi[i] = fmax(hi[i], x);
                }
            }
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row_of(r, 0, base, rows[i]), S_MEAN));
            sb_printf(&d, " %zu ", p + 1);
            sb_datstr(&d, r->policies[p]);
            sb_puts(&d, "\n");
            char label[64];
            pct_text(label, sizeof label,
                     100.0 * val(r, row, S_DIFF) / bm);
            value_px = fmax(value_px, text_em(label) * FONT_PX);
        }
    }

    /* The layout: the policies' names at the left of each row of panels,
     * C panels across, each a plot and the column of its values. */
    char title[512];
    snprintf(title, sizeof title, "Paired differences against %s "
                                  "(%% of %s's mean, 95%% CI)",
             base_name, base_name);
    policy_rows pr;
    rows_lay_out(&pr, r, (int)base, 16.0, 1.25 * LINE_PX);
    canvas cv = {1200.0, 0.0};
    double left = pr.names_px + 1.5 * FONT_PX, right = FONT_PX;
    double value_col = value_px + 1.5 * FONT_PX;
    size_t cols = (size_t)((cv.w - left - right) / (17.5 * FONT_PX));
    if (cols < 1)
        cols = 1;
    if (cols > 4)
        cols = 4;
    if (cols > n_rows)
        cols = n_rows;
    double pw = (cv.w - left - right) / (double)cols;
    double plot_w = pw - value_col - FONT_PX;
    size_t panel_rows = (n_rows + cols - 1) / cols;
    double head = 2.0 * LINE_PX, foot = 1.5 * LINE_PX;
    double panel_h = head + pr.height + foot;
    legend lg = {0};
    char better[300];
    snprintf(better, sizeof better, "better than %s (95%%)", base_name);
    legend_add(&lg, LEGEND_POINT, 0, BETTER_RGB, better, 0);
    legend_add(&lg, LEGEND_POINT, 0, WORSE_RGB, "worse", 0);
    legend_add(&lg, LEGEND_POINT, 0, UNCLEAR_RGB, "no clear difference",
               0);
    legend_add(&lg, LEGEND_POINT, 0, NEITHER_RGB,
               "a count, neither better nor worse", 0);
    legend_lay_out(&lg, cv.w - 2.0 * FONT_PX);
    double top = title_height(title, cv.w);
    double bottom = FONT_PX + lg.height + FONT_PX;
    cv.h = top + (double)panel_rows * panel_h + bottom;

    gp_begin(&g, "differences", title, "summary.csv", &cv);
    gp_linetypes(&g, r);
    sb_puts(&g, "unset key\n"
                "set grid xtics noytics lc rgb '#dddddd'\n"
                "set arrow 1 from first 0, graph 0 to first 0, graph 1 "
                "nohead lc rgb '#333333' lw 1.5 dt 2\n"
                "y(i) = Y[int(i) + 1]\n"
                "pct(x) = abs(x) >= 10 ? sprintf('%+.0f%%', x) : "
                "sprintf('%+.1f%%', x)\n"
                "# A difference's class: 0 the interval holds 0, 1 better, "
                "2 worse, 3 neither\n# (dir: 1 more is better, -1 less "
                "is, 0 neither).\n"
                "cls(lo, hi, dir) = (lo != lo || hi != hi || (lo <= 0 && "
                "hi >= 0)) ? 0 : dir == 0 ? 3 : ((lo > 0) == (dir > 0)) ? "
                "1 : 2\n");
    gp_title_lines(&g, title, &cv, "multiplot title");
    for (size_t i = 0; i < n_rows; i++) {
        size_t col = i % cols, prow = i / cols;
        double l = left + (double)col * pw;
        double t = top + (double)prow * panel_h + head;
        gp_margins(&g, &cv, l, cv.w - l - plot_w, t,
                   cv.h - t - pr.height);
        gp_rows(&g, &pr, col == 0);
        char ptitle[256];
        wrap_text(r->col_names[rows[i]], pw / FONT_PX, 1, ptitle,
                  sizeof ptitle);
        sb_puts(&g, "set title ");
        sb_gptext(&g, ptitle);
        sb_puts(&g, "\n");
        axis_range ax;
        axis_fit(&ax, lo[i], hi[i], plot_w, 1, "%");
        gp_axis(&g, "x", &ax);
        int dir = column_direction(r, rows[i]);
        /* The legend's labels with the last panel: set earlier, they
         * would be drawn again with each. */
        if (i + 1 == n_rows)
            gp_legend(&g, &lg, &cv, FONT_PX, cv.h - lg.height - FONT_PX);
        sb_printf(&g, "plot 'differences.dat' index %zu using "
                      "(100*$3/$6):(y($1)):(100*$4/$6):(100*$5/$6):7 with "
                      "xerrorbars lc variable pt 7 ps 1.2 lw 2",
                  i);
        static const char *const class_rgb[] = {UNCLEAR_RGB, BETTER_RGB,
                                                WORSE_RGB, NEITHER_RGB};
        /* A class's labels only when some row has it: gnuplot 5.4 can
         * crash on a `with labels` plot whose every point is undefined. */
        int present[4] = {0};
        for (size_t p = 0; p < r->n_policies; p++) {
            if (p == base)
                continue;
            size_t row = row_of(r, 0, p, rows[i]);
            present[difference_class(val(r, row, S_DLOW),
                                     val(r, row, S_DHIGH), dir)] = 1;
        }
        for (int k = 0; k < 4; k++)
            if (present[k])
                sb_printf(&g, ", \\\n     'differences.dat' index %zu "
                              "using (cls($4,$5,%d) == %d ? %.10g : NaN):"
                              "(y($1)):(pct(100*$3/$6)) with labels left "
                              "offset char 1,0 tc rgb '%s'",
                          i, dir, k, ax.hi == 0.0 ? 0.0 : ax.hi,
                          class_rgb[k]);
        sb_puts(&g, "\n");
    }
    sb_puts(&g, "unset multiplot\n");
    gp_end(&g);
    int rc = gp_write(r, "differences", &d, &g);
    if (rc == 0) {
        /* Name the metrics left out for a zero baseline mean. */
        char left_out[400] = "";
        size_t n_out = 0, at = 0;
        for (size_t i = 0; i < n_candidates; i++) {
            int kept = 0;
            for (size_t j = 0; j < n_rows; j++)
                kept |= rows[j] == candidates[i];
            double bm = mean_of(r, 0, base, candidates[i]);
            if (kept || !(isfinite(bm) && bm == 0.0))
                continue;
            int w = snprintf(left_out + at, sizeof left_out - at, "%s%s",
                             n_out ? ", " : "", r->col_names[candidates[i]]);
            if (w > 0 && (size_t)w < sizeof left_out - at)
                at += (size_t)w;
            n_out++;
        }
        char caption[1400];
        snprintf(caption, sizeof caption,
                 "Each policy minus %s, replication by replication (same "
                 "random numbers), as a percentage of %s's mean, with the "
                 "95%% interval of the paired difference; one panel per "
                 "metric, each on its own scale. A bar wholly left of the "
                 "dashed zero line means lower than %s for sure (at 95%%), "
                 "wholly right higher, across zero no clear difference. "
                 "The value at the right of each bar is blue where the "
                 "policy is better than %s for that metric (lower for a "
                 "cost, a stock or a wait; higher for a fill rate), orange "
                 "where it is worse, grey where the interval holds 0, black "
                 "for a count that is neither (orders_placed).%s%s%s",
                 base_name, base_name, base_name, base_name,
                 n_out ? " Left out, as their baseline mean is 0: " : "",
                 left_out, n_out ? "." : "");
        charts_add(r, "differences", title, caption);
    }
    sb_free(&d);
    sb_free(&g);
    return rc;
}
