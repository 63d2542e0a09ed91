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
    gp_begin(&g, "wip_by_stage", title, "summary.csv");
    gp_linetypes(&g, r);
    sb_puts(&g, "set title ");
    sb_gpstr(&g, title);
    sb_printf(&g, "\nset ylabel 'units at the stage, or in the buffer "
                  "after it'\n"
                  "set style data histograms\n"
                  "set style histogram errorbars gap 2 lw 1.5\n"
                  "set style fill solid 0.85 border rgb '#333333'\n"
                  "set boxwidth 0.9\n"
                  "set yrange [0:*]\n"
                  "set xrange [-0.6:%zu.6]\n"
                  "set xtics rotate by -30\n"
                  "set grid noxtics\n"
                  "plot ",
              rows - 1);
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_printf(&g, "%s'wip_by_stage.dat' using %zu:%zu:%zu%s lt %zu "
                      "title ",
                  p ? ", \\\n     " : "", 2 + 3 * p, 3 + 3 * p, 4 + 3 * p,
                  p ? "" : ":xtic(1)", p + 1);
        sb_gpstr(&g, r->policies[p]);
    }
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = gp_write(r, "wip_by_stage", &d, &g);
    if (rc == 0)
        charts_add(r, "wip_by_stage", title,
                   "Mean units at each stage of the line (queued for it or "
                   "in it) and in the buffer after it, for each policy, "
                   "with the 95% interval over the replications. Kanban "
                   "keeps its cards in the buffers; a push line lets work "
                   "pile up before the bottleneck or after a stage that "
                   "breaks down.");
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
    gp_begin(&g, "stage_utilisation", title, "summary.csv");
    sb_puts(&g, "set title ");
    sb_gpstr(&g, title);
    sb_printf(&g, "\nset ylabel 'share of machine time'\n"
                  "set format y '%%.0f%%%%'\n"
                  "set style data histograms\n"
                  "set style histogram rowstacked title offset 0,-1.4\n"
                  "set style fill solid 0.9 border rgb '#333333'\n"
                  "set boxwidth 0.75\n"
                  "set yrange [0:105]\n"
                  "set key outside right top vertical\n"
                  "set grid noxtics\n"
                  "set xtics rotate by -30 left\n"
                  "set bmargin 7\n"
                  "plot ");
    for (size_t k = 0; k < r->n_stages; k++) {
        sb_puts(&g, k ? ", \\\n     newhistogram " : "newhistogram ");
        sb_gpstr(&g, r->stages[k]);
        int first = 1;
        for (int s = 0; s < N_STATES; s++) {
            if (!used[s])
                continue;
            sb_printf(&g, ", \\\n       'stage_utilisation.dat' index %zu "
                          "using (100*$%d)%s lc rgb '%s' ",
                      k, 2 + s, first ? ":xtic(1)" : "",
                      utilisation_colours[s]);
            if (k == 0)
                sb_printf(&g, "title '%s'",
                          stage_metric_name(utilisation_states[s]));
            else
                sb_puts(&g, "notitle");
            first = 0;
        }
    }
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = gp_write(r, "stage_utilisation", &d, &g);
    if (rc == 0)
        charts_add(r, "stage_utilisation", title,
                   "For each stage (groups) and policy (bars), the share of "
                   "machine time spent busy, setting up, broken down, in "
                   "maintenance, starved (allowed to work but nothing to "
                   "work on), blocked (work waiting but not allowed: no "
                   "kanban card, a cap reached) and idle; each bar sums to "
                   "100%. States at zero everywhere are left out. A "
                   "bottleneck is busy nearly all the time; the stages after "
                   "it starve, those before it are blocked.");
    sb_free(&d);
    sb_free(&g);
    return rc;
}
