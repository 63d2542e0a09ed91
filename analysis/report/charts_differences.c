/*
 * charts_differences.c - the differences chart of a run: a forest plot of
 * each policy's paired differences against the baseline, metric by
 * metric, in % of the baseline's mean (the metrics have different units);
 * a line's work in progress, lead time and throughput too.
 *
 * The .dat file holds summary.csv's cells verbatim; the percentages are
 * computed by the .gp script. Not the paired-differences table of the
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
    size_t k = r->n_policies - 1;
    sbuf d = {0}, g = {0};
    sb_printf(&d, "# differences.dat - paired differences against %s, "
                  "from summary.csv\n# one block per policy; columns: y "
                  "metric diff diff_ci_low diff_ci_high baseline_mean\n",
              base_name);
    size_t b = 0;
    for (size_t p = 0; p < r->n_policies; p++) {
        if (p == base)
            continue;
        sb_printf(&d, "%s# policy: %s\n", b ? "\n\n" : "", r->policies[p]);
        for (size_t i = 0; i < n_rows; i++) {
            /* Metric i centred on y = -i, the policies spread around it. */
            double y = -(double)i + (k > 1 ? 0.3 * ((double)(k - 1) / 2.0 -
                                                    (double)b) /
                                                 (double)(k - 1) * 2.0
                                           : 0.0);
            size_t row = row_of(r, 0, p, rows[i]);
            sb_printf(&d, "%.4g ", y);
            sb_datstr(&d, r->col_names[rows[i]]);
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_DIFF));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_DLOW));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_DHIGH));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row_of(r, 0, base, rows[i]), S_MEAN));
            sb_puts(&d, "\n");
        }
        b++;
    }
    char title[256];
    snprintf(title, sizeof title, "Paired differences against %s "
                                  "(%% of %s's mean, 95%% CI)",
             base_name, base_name);
    gp_begin(&g, "differences", title, "summary.csv");
    gp_linetypes(&g, r);
    sb_puts(&g, "set title ");
    sb_gpstr(&g, title);
    char xlabel[200];
    snprintf(xlabel, sizeof xlabel, "difference, %% of %s", base_name);
    sb_puts(&g, "\nset xlabel ");
    sb_gpstr(&g, xlabel);
    sb_printf(&g, "\nset yrange [%.1f:0.6]\n"
                  "set grid xtics noytics lc rgb '#dddddd'\n"
                  "set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb "
                  "'#333333' lw 1.5 dt 2\n"
                  "set ytics (",
              -(double)n_rows + 0.4);
    for (size_t i = 0; i < n_rows; i++) {
        sb_puts(&g, i ? ", " : "");
        sb_gpstr(&g, r->col_names[rows[i]]);
        sb_printf(&g, " %d", -(int)i);
    }
    sb_puts(&g, ")\n"
                "pct(x) = abs(x) >= 10 ? sprintf('%+.0f%%', x) : "
                "sprintf('%+.1f%%', x)\n"
                "plot ");
    b = 0;
    for (size_t p = 0; p < r->n_policies; p++) {
        if (p == base)
            continue;
        sb_printf(&g, "%s'differences.dat' index %zu using "
                      "(100*$3/$6):1:(100*$4/$6):(100*$5/$6) with xerrorbars "
                      "lt %zu title ",
                  b ? ", \\\n     " : "", b, p + 1);
        sb_gpstr(&g, r->policies[p]);
        sb_printf(&g, ", \\\n     'differences.dat' index %zu using "
                      "(100*$3/$6):1:(pct(100*$3/$6)) with labels offset "
                      "0,0.8 tc lt %zu notitle",
                  b, p + 1);
        b++;
    }
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = gp_write(r, "differences", &d, &g);
    if (rc == 0) {
        char caption[1024];
        snprintf(caption, sizeof caption,
                 "Each policy minus %s, replication by replication (same "
                 "random numbers), as a percentage of %s's mean, with the "
                 "95%% interval of the paired difference. A bar wholly "
                 "left of the dashed zero line means lower than %s for "
                 "sure (at 95%%), wholly right higher; a bar across zero "
                 "means no clear difference.",
                 base_name, base_name, base_name);
        charts_add(r, "differences", title, caption);
    }
    sb_free(&d);
    sb_free(&g);
    return rc;
}
