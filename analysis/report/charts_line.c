/*
 * charts_line.c - the charts of a production line's stages (a run whose
 * summary.csv has STAGE.wip and STAGE.busy columns): wip_by_stage (each
 * stage's and buffer's mean WIP per policy) and stage_utilisation (each
 * stage's machine time split by state), one function each.
 *
 * Both read summary.csv only; their .dat files hold its cells verbatim
 * (the stacks' percentages are computed by the script). Not the stage
 * table of the page (html.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/report/internal.h"

/* One row of wip_by_stage.dat: a label and, per policy, the mean and
 * interval of column c. */
static void wip_row(report *r, sbuf *d, const char *label, int c)
{
    sb_datstr(d, label);
    for (size_t p = 0; p < r->n_policies; p++) {
        size_t row = c >= 0 ? row_of(r, 0, p, (size_t)c) : 0;
        static const int which[] = {S_MEAN, S_LOW, S_HIGH};
        for (int j = 0; j < 3; j++) {
            sb_puts(d, " ");
            sb_cell(d, text(r, row, which[j]));
        }
    }
    sb_puts(d, "\n");
}

/* wip_by_stage: grouped bars, for each stage and then the buffer after
 * it (the last stage's is the finished store, left out), the mean WIP of
 * each policy with its 95% interval: where a line keeps its work. */
int chart_wip_by_stage(report *r)
{
    sbuf d = {0}, g = {0};
    sb_puts(&d, "# wip_by_stage.dat - mean units at each stage (queued for "
                "it or in it) and in the buffer after it, from summary.csv "
                "(STAGE.wip, STAGE.buffer: mean, ci_low, ci_high)\n# one "
                "row per stage and buffer; columns: label, then for each "
                "policy in turn: mean ci_low ci_high (");
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_puts(&d, p ? ", " : "");
        sb_line(&d, r->policies[p]);
    }
    sb_puts(&d, ")\n");
    size_t rows = 0;
    for (size_t k = 0; k < r->n_stages; k++) {
        wip_row(r, &d, r->stages[k], r->stage_col[k][STAGE_WIP]);
        rows++;
        if (k + 1 < r->n_stages) {
            char label[METRIC_NAME_MAX + 16];
            snprintf(label, sizeof label, "%s buffer", r->stages[k]);
            wip_row(r, &d, label, r->stage_col[k][STAGE_BUFFER]);
            rows++;
        }
    }
    const char *title =
        "Work in progress by stage and buffer (mean, whiskers: 95% CI)";
    /* The groups' names wrapped to their width under the plot, the
     * policies' legend in columns below them. */
    canvas cv = {960.0, 0.0};
    double plot_w = cv.w - 9.0 * FONT_PX;
    double slot = plot_w / (double)(rows ? rows : 1);
    char labels[2 * MAX_STAGES][256];
    size_t label_lines = 1, li = 0;
    for (size_t k = 0; k < r->n_stages; k++) {
        char buffer[METRIC_NAME_MAX + 16];
        snprintf(buffer, sizeof buffer, "%s buffer", r->stages[k]);
        const char *names[2] = {r->stages[k], buffer};
        for (int j = 0; j < (k + 1 < r->n_stages ? 2 : 1); j++) {
            size_t n = wrap_text(names[j], (slot - FONT_PX) / FONT_PX, 3,
                                 labels[li], sizeof labels[li]);
            if (n > label_lines)
                label_lines = n;
            li++;
        }
    }
    legend lg = {0};
    for (size_t p = 0; p < r->n_policies; p++)
        legend_add(&lg, LEGEND_BOX, 0, gp_colour(p), r->policies[p],
                   gp_pattern(p));
    legend_lay_out(&lg, cv.w - 2.0 * FONT_PX);
    double top = title_height(title, cv.w);
    double bottom = ((double)label_lines + 0.5) * LINE_PX + FONT_PX +
                    lg.height + FONT_PX;
    cv.h = top + 380.0 + bottom;
    gp_begin(&g, "wip_by_stage", title, "summary.csv", &cv);
    gp_linetypes(&g, r);
    gp_title_lines(&g, title, &cv, "title");
    sb_printf(&g, "set ylabel 'units (mean)'\n"
                  "set style data histograms\n"
                  "set style histogram errorbars gap 2 lw 1.5\n"
                  "set boxwidth 0.9\n"
                  "set yrange [0:*]\n"
                  "set xrange [-0.6:%zu.6]\n"
                  "set grid noxtics\n"
                  "unset key\n"
                  "set lmargin at screen %.6f\nset rmargin at screen %.6f\n"
                  "set tmargin at screen %.6f\nset bmargin at screen %.6f\n"
                  "set xtics (",
              rows - 1, 7.5 * FONT_PX / cv.w, 1.0 - 1.5 * FONT_PX / cv.w,
              1.0 - top / cv.h, bottom / cv.h);
    for (size_t i = 0; i < li; i++) {
        sb_puts(&g, i ? ", " : "");
        sb_gptic(&g, labels[i]);
        sb_printf(&g, " %zu", i);
    }
    sb_puts(&g, ")\n");
    gp_legend(&g, &lg, &cv, FONT_PX, cv.h - lg.height - FONT_PX);
    sb_puts(&g, "plot ");
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_printf(&g, "%s'wip_by_stage.dat' using %zu:%zu:%zu lt %zu ",
                  p ? ", \\\n     " : "", 2 + 3 * p, 3 + 3 * p, 4 + 3 * p,
                  p + 1);
        if (gp_pattern(p))
            sb_printf(&g, "fs pattern %d border lt %zu ", gp_pattern(p),
                      p + 1);
        else
            sb_puts(&g, "fs solid 0.85 border rgb '#333333' ");
        sb_puts(&g, "title ");
        sb_gpstr(&g, r->policies[p]);
    }
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = gp_write(r, "wip_by_stage", &d, &g);
    if (rc == 0)
        charts_add(r, "wip_by_stage", title,
                   "Mean units at each stage of the line (queued for it or "
                   "in it) and in the buffer after it, for each policy, "
                   "with the 95% interval over the replications. Look for "
                   "where each control keeps its work: a kanban line in its "
                   "buffers, up to its cards; a push line before its "
                   "bottleneck or after a stage that breaks down.");
    sb_free(&d);
    sb_free(&g);
    return rc;
}

/* The states of a stage's machines, in the order of the stacks. */
static const stage_metric utilisation_states[] = {
    STAGE_BUSY,    STAGE_SETUP,   STAGE_DOWN, STAGE_MAINTENANCE,
    STAGE_STARVED, STAGE_BLOCKED, STAGE_IDLE};
static const char *const utilisation_colours[] = {
    "#009E73", "#E69F00", "#D55E00", "#CC79A7",
    "#56B4E9", "#0072B2", "#d9d9d9"};
#define N_STATES 7

/* stage_utilisation: for each stage a group of stacked bars, one per
 * policy, splitting machine time into busy, setup, down, maintenance,
 * starved, blocked and idle (states zero everywhere left out). */
int chart_stage_utilisation(report *r)
{
    int used[N_STATES] = {1, 0, 0, 0, 0, 0, 0};
    for (size_t k = 0; k < r->n_stages; k++)
        for (int s = 0; s < N_STATES; s++) {
            int c = r->stage_col[k][utilisation_states[s]];
            for (size_t p = 0; c >= 0 && p < r->n_policies; p++) {
                double x = mean_of(r, 0, p, (size_t)c);
                if (isfinite(x) && x != 0.0)
                    used[s] = 1;
            }
        }
    sbuf d = {0}, g = {0};
    sb_puts(&d, "# stage_utilisation.dat - mean share of machine time in "
                "each state, from summary.csv (STAGE.busy, ...)\n"
                "# one block per stage (gnuplot index 0, 1, ...), one row "
                "per policy; columns: policy");
    for (int s = 0; s < N_STATES; s++)
        sb_printf(&d, " %s", stage_metric_name(utilisation_states[s]));
    sb_puts(&d, "\n");
    for (size_t k = 0; k < r->n_stages; k++) {
        sb_puts(&d, k ? "\n\n# stage: " : "# stage: ");
        sb_line(&d, r->stages[k]);
        sb_puts(&d, "\n");
        for (size_t p = 0; p < r->n_policies; p++) {
            sb_datstr(&d, r->policies[p]);
            for (int s = 0; s < N_STATES; s++) {
                int c = r->stage_col[k][utilisation_states[s]];
                sb_puts(&d, " ");
                sb_cell(&d, text(r, c >= 0 ? row_of(r, 0, p, (size_t)c) : 0,
                                 S_MEAN));
            }
            sb_puts(&d, "\n");
        }
    }
    const char *title = "How each stage's machines spend their time (mean)";
    /* A panel per stage, a row per policy (named at the left of each row
     * of panels), the states stacked left to right to 100%. */
    policy_rows pr;
    rows_lay_out(&pr, r, -1, 16.0, 1.25 * LINE_PX);
    canvas cv = {1200.0, 0.0};
    double left = pr.names_px + 1.5 * FONT_PX, right = 1.5 * FONT_PX;
    size_t cols = (size_t)((cv.w - left - right) / (14.0 * FONT_PX));
    if (cols < 1)
        cols = 1;
    if (cols > r->n_stages)
        cols = r->n_stages ? r->n_stages : 1;
    double pw = (cv.w - left - right) / (double)cols;
    double plot_w = pw - 2.5 * FONT_PX;
    size_t panel_rows = (r->n_stages + cols - 1) / cols;
    double head = 2.0 * LINE_PX, foot = 1.5 * LINE_PX;
    double panel_h = head + pr.height + foot;
    legend lg = {0};
    for (int s = 0; s < N_STATES; s++)
        if (used[s])
            legend_add(&lg, LEGEND_BOX, 0, utilisation_colours[s],
                       stage_metric_name(utilisation_states[s]), 0);
    legend_lay_out(&lg, cv.w - 2.0 * FONT_PX);
    double top = title_height(title, cv.w);
    double bottom = FONT_PX + lg.height + FONT_PX;
    cv.h = top + (double)panel_rows * panel_h + bottom;
    axis_range ax;
    axis_fit(&ax, 0.0, 100.0, plot_w, 1, "%");
    gp_begin(&g, "stage_utilisation", title, "summary.csv", &cv);
    sb_puts(&g, "unset key\n"
                "set style fill solid 0.9 border rgb '#333333'\n"
                "set grid xtics noytics lc rgb '#dddddd'\n"
                "z(x) = (x == x) ? x : 0\n"
                "y(i) = Y[int(i) + 1]\n");
    sb_printf(&g, "h = %.10g\n", 0.3 * 1.25 * LINE_PX);
    gp_title_lines(&g, title, &cv, "multiplot title");
    for (size_t k = 0; k < r->n_stages; k++) {
        size_t col = k % cols, prow = k / cols;
        double l = left + (double)col * pw;
        double t = top + (double)prow * panel_h + head;
        gp_margins(&g, &cv, l, cv.w - l - plot_w, t, cv.h - t - pr.height);
        gp_rows(&g, &pr, col == 0);
        gp_axis(&g, "x", &ax);
        char ptitle[256];
        wrap_text(r->stages[k], pw / FONT_PX, 1, ptitle, sizeof ptitle);
        sb_puts(&g, "set title ");
        sb_gptext(&g, ptitle);
        sb_puts(&g, "\n");
        if (k + 1 == r->n_stages)
            gp_legend(&g, &lg, &cv, FONT_PX, cv.h - lg.height - FONT_PX);
        sb_puts(&g, "plot ");
        char before[256] = "0";
        int first = 1;
        for (int s = 0; s < N_STATES; s++) {
            char upto[sizeof before];
            size_t n = strlen(before);
            snprintf(upto, sizeof upto, "%.*s+100*z($%d)",
                     (int)(n < sizeof before - 20 ? n : sizeof before - 20),
                     before, 2 + s);
            if (used[s]) {
                sb_printf(&g, "%s'stage_utilisation.dat' index %zu using "
                              "(%s):(y($0)):(%s):(%s):(y($0)-h):(y($0)+h) "
                              "with boxxyerror lc rgb '%s'",
                          first ? "" : ", \\\n     ", k, upto, before, upto,
                          utilisation_colours[s]);
                first = 0;
            }
            snprintf(before, sizeof before, "%s", upto);
        }
        sb_puts(&g, "\n");
    }
    sb_puts(&g, "unset multiplot\n");
    gp_end(&g);
    int rc = gp_write(r, "stage_utilisation", &d, &g);
    if (rc == 0) {
        /* The busiest stage under each policy: the bottleneck, named
         * when every policy agrees on it. */
        int busiest = -1, agree = 1;
        double busy_max = 0.0;
        for (size_t p = 0; p < r->n_policies; p++) {
            int best = -1;
            double most = -1.0;
            for (size_t k = 0; k < r->n_stages; k++) {
                int c = r->stage_col[k][STAGE_BUSY];
                double x = c >= 0 ? mean_of(r, 0, p, (size_t)c) : NAN;
                if (isfinite(x) && x > most) {
                    most = x;
                    best = (int)k;
                }
            }
            if (p == 0)
                busiest = best;
            else if (best != busiest)
                agree = 0;
            busy_max = fmax(busy_max, most);
        }
        char bottleneck[300] = "";
        if (busiest >= 0 && agree && r->n_stages > 1)
            snprintf(bottleneck, sizeof bottleneck,
                     " Here the busiest stage is %s under every policy "
                     "(up to %.0f%% of its time).",
                     r->stages[busiest], 100.0 * busy_max);
        else if (busiest >= 0 && r->n_stages > 1)
            snprintf(bottleneck, sizeof bottleneck,
                     " Here the busiest stage depends on the policy.");
        char caption[1400];
        snprintf(caption, sizeof caption,
                 "For each stage (panels) and policy (bars), the share of "
                 "machine time spent busy, setting up, broken down, in "
                 "maintenance, starved (allowed to work but nothing to "
                 "work on), blocked (work waiting but not allowed: no "
                 "kanban card, a cap reached) and idle; each bar sums to "
                 "100%%. States at zero everywhere are left out. A "
                 "bottleneck is busy most of the time; the stages after it "
                 "starve, those before it may be blocked.%s",
                 bottleneck);
        charts_add(r, "stage_utilisation", title, caption);
    }
    sb_free(&d);
    sb_free(&g);
    return rc;
}
