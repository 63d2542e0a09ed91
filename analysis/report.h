/*
 * report.h - charts and a self-contained HTML page from the files of a run
 * (or a sweep) in a directory.
 *
 * Input, in DIR: summary.csv (required), replications.csv and
 * timeseries.csv (when present and, if meta.json lists the run's files,
 * listed: a file of an earlier run is not read), meta.json (when present:
 * the scenario's name, description, effective parameters, sentences,
 * disruption windows and files, written by output_write_run).
 *
 * Output: DIR/charts/NAME.dat (the numbers, copied verbatim from the CSV
 * files), NAME.gp (a gnuplot script a user can edit and re-run with
 * `gnuplot NAME.gp` in DIR/charts), and, when gnuplot is found on PATH,
 * NAME.svg and NAME.png drawn by running it; then DIR/report.html, which
 * inlines the SVG charts and the tables and needs nothing else (no network,
 * no other file). Every file is written under a temporary name and renamed
 * when complete; chart files in DIR/charts that this report did not write
 * (an earlier run's or scenario's) are removed. Without gnuplot the .dat and .gp files and the HTML (tables
 * only) are still written.
 *
 * The charts of a run: inventory (on hand over time, replication 0 of each
 * policy, warm-up and disruption windows shaded), backorders (the same for
 * backorders), costs (stacked cost components, 95% interval of the total),
 * costs_operating (the same without the purchase cost, which rarely depends
 * on the policy and would dwarf the rest), service (fill rate; customer
 * lead time mean and p95, with intervals) and differences (a forest plot of
 * the paired differences against the baseline, in % of the baseline); for
 * a production line (summary.csv has STAGE.wip and STAGE.busy columns),
 * wip_by_stage (grouped bars of each stage's mean WIP per policy, 95%
 * interval) and stage_utilisation (stacked bars of each stage's machine
 * time: busy, setup, down, maintenance, starved, blocked, idle). Of a
 * sweep: NAME_vs_PARAM (a column against each swept parameter, one line per
 * policy, interval band: the main metrics, a line's throughput, WIP and
 * lead time, best.csv's objective and any asked for) and, with two swept
 * parameters, heatmap_POLICY (the paired difference in total cost over the
 * grid). docs/reports.md tells what each shows.
 *
 * This module reads files and draws; it does not run simulations and knows
 * nothing of scenario files. Its code is the folder analysis/report/
 * (internal.h there says which file does what).
 */
#ifndef JITSIM_REPORT_H
#define JITSIM_REPORT_H

#include <stddef.h>

/* report_write's results besides 0. */
enum {
    REPORT_BAD_INPUT = -1, /* DIR or a file in it is not what is expected */
    REPORT_FAILED = -2     /* a file could not be written, gnuplot failed */
};

typedef struct report_outcome {
    int gnuplot_found; /* 0: charts written as .dat/.gp only */
    int is_sweep;
    size_t n_charts;   /* charts written (.dat + .gp each) */
    size_t n_drawn;    /* of them, drawn as SVG and PNG */
} report_outcome;

/* Writes the charts and report.html into dir. gnuplot is looked up on the
 * PATH of the environment. Returns 0, REPORT_BAD_INPUT or REPORT_FAILED,
 * with one line in err ("what is wrong; what is expected"). */
int report_write(const char *dir, report_outcome *out, char *err,
                 size_t errlen);

typedef struct report_options {
    /* A sweep's response curves of these columns too (names of
     * summary.csv's metric column, e.g. "assembly.wip"); a name the sweep
     * does not have, or any for a run, is REPORT_BAD_INPUT. */
    const char *const *columns;
    size_t n_columns;
    /* A sweep's charts that show fewer parameters than it has hold the
     * others at these values ("demand.rate=40", a name for a parameter of
     * names) instead of the first point's; a parameter or value the sweep
     * does not have is REPORT_BAD_INPUT. */
    const char *const *slices;
    size_t n_slices;
    /* A swept parameter: the response curves drawn again, per policy, with
     * one line per value of it (NULL: none). */
    const char *by;
} report_options;

/* report_write with options (NULL: none). */
int report_write_with(const char *dir, const report_options *opt,
                      report_outcome *out, char *err, size_t errlen);

/* Removes DIR/charts's chart files (NAME.dat, .gp, .svg, .png) and the
 * folder when that empties it: for a run written without a report, whose
 * directory held an earlier run's. */
void report_forget(const char *dir);

/* The full path of an executable `name` on PATH (as `command -v`): 0 and
 * path filled, or -1. */
int report_find_program(const char *name, char *path, size_t len);

/* The line to print when gnuplot is missing. */
#define REPORT_NO_GNUPLOT                                                   \
    "gnuplot not found on PATH: charts written as .gp scripts and .dat "    \
    "data only, report.html shows the tables; install gnuplot with "        \
    "`sudo apt-get install gnuplot-nox` and run `jitsim report` again"

#endif
