/*
 * output.h - what a run produces for people and for programs: the
 * comparison table and plain sentences on a terminal, and the CSV files
 * (libcsv) an analyst takes into R, pandas or a spreadsheet.
 *
 * A run's files are one set (atomic.h): written whole into a staging
 * directory, then renamed into place together, so a failed write leaves
 * the previous run's files as they were, never a mix of two runs; files of
 * an earlier run that this one did not write are removed, and meta.json
 * lists the files that belong to the run. Numbers are printed with %.10g; an undefined
 * value (NaN) is an empty cell.
 *
 * Columns (fixed; scripts depend on them):
 *   summary.csv       scenario, point, policy, metric, mean, sd, ci_low,
 *                     ci_high, n, diff, diff_ci_low, diff_ci_high; one row
 *                     per policy and column of the run (run_result.columns)
 *   replications.csv  scenario, point, policy, replication, <each column>
 *                     (the metrics, then for a line its own columns)
 *   timeseries.csv    policy, replication, t, on_hand, backorders,
 *                     on_order, wip (for a line: units in its stages)
 *   stage_wip.csv     (lines, with the time series) policy, replication,
 *                     t, then the WIP of each stage, named by the stage
 *   nodes.csv         (chains, with the time series) policy, node, t,
 *                     orders, net_stock: each node bucket by bucket
 *   events.csv        policy, replication, t, event, quantity, supplier,
 *                     on_hand, backorders, on_order (a chain's: node after
 *                     t; see docs/networks.md) (for a kanban_card
 *                     event, quantity is the card's number; for
 *                     recovered, the emergency units locked again)
 *
 * Beside them, scenario.yaml is the scenario as run (effective.h), and
 * meta.json holds what the CSV files cannot (meta_json.h): the program,
 * the overrides, the costs and terms, the policies as simulated with
 * every parameter in force, the plain sentences and the disruptions that
 * happened. `jitsim report` reads it to title and annotate its charts
 * (report.h).
 */
#ifndef JITSIM_OUTPUT_H
#define JITSIM_OUTPUT_H

#include <stdio.h>

#include "analysis/atomic.h"
#include "analysis/effective.h"
#include "analysis/run.h"
#include "analysis/scenario.h"

/* Writes summary.csv, replications.csv and (when kept) timeseries.csv,
 * stage_wip.csv (a line's), nodes.csv (a chain's) and events.csv into
 * dir, creating it if needed, as one set (an existing meta.json is left).
 * 0, or -1 with a message naming the file and saying that the previous
 * files were kept. */
int output_write_csv(const scenario *sc, const run_result *r, const char *dir,
                     char *err, size_t errlen);

/* The names of the CSV files a result writes, in order. */
#define OUTPUT_RUN_FILES_MAX 6
size_t output_run_files(const scenario *sc, const run_result *r,
                        const char *names[OUTPUT_RUN_FILES_MAX]);

/* For `run -o DIR`, before the run: checks DIR (a directory or creatable;
 * created) and that no output name in it is a directory, and starts the
 * set. 0, or -1 with "what; what is expected". */
int output_begin(output_set *set, const char *dir, char *err, size_t errlen);

/* Writes the CSV files of `written`, then scenario.yaml and meta.json
 * (of `r`, which may hold more than is written, e.g. a trace kept for the
 * report only), meta.json last, and puts them in place together; removes
 * the files of an earlier run this one did not write (its report.html
 * included). `o` says how the run came about (the scenario's text, the
 * --set overrides): scenario.yaml is the scenario as run (effective.h),
 * left out, with why in `warning`, when its text would not read back as
 * the run. meta.json's fields are in meta_json.h. On failure the set is
 * abandoned and DIR keeps its previous files. 0, or -1 with a message
 * naming the file. */
int output_write_run(output_set *set, const scenario *sc,
                     const run_result *written, const run_result *r,
                     const run_origin *o, char *err, size_t errlen,
                     char *warning, size_t warnlen);

/* The effective parameters, the comparison table, the paired differences
 * against the baseline and one sentence per policy. For a line, a block of
 * line-wide measures (throughput, line lead time, WIP, setups,
 * availability) and, per policy, a row per stage (WIP, flow time, the
 * shares of machine time); every column is in the CSV files. */
void output_print_table(FILE *out, const scenario *sc, const run_result *r);

/* The metrics the table shows for this scenario, in its order (at most
 * OUTPUT_TABLE_ROWS_MAX): the fixed rows, then those only some scenarios
 * have (recovery, rejects, lost sales, scrap, revenue and profit). */
#define OUTPUT_TABLE_ROWS_MAX 24
size_t output_table_metrics(const scenario *sc, size_t *rows);

/* events.csv (policy, replication, t, event, quantity, supplier, on_hand,
 * backorders, on_order) of a traced run. */
int output_events_csv(FILE *out, const scenario *sc, const run_result *r);

/* The traced events in words, for teaching: "day 12.40: customer order
 * for 3; 0 on hand, 1 waiting" (with a calendar, "day 12.40 (sat): ..."), "day 12.40: container emptied, kanban card
 * 3 sent to supplier local: order of 20 (40 on order)", "day 15.00: outage
 * at supplier local begins". */
void output_narrate(FILE *out, const scenario *sc, const run_result *r);

/* The fixed columns of summary.csv, in order (a sweep's parameters
 * follow). The scenario's name is not among them: meta.json holds it,
 * once, where a 7,875-point sweep repeated its title on every row. */
enum {
    SUMMARY_POINT,
    SUMMARY_POLICY,
    SUMMARY_METRIC,
    SUMMARY_MEAN,
    SUMMARY_SD,
    SUMMARY_CI_LOW,
    SUMMARY_CI_HIGH,
    SUMMARY_N,
    SUMMARY_DIFF,
    SUMMARY_DIFF_LOW,
    SUMMARY_DIFF_HIGH,
    SUMMARY_FIXED
};
/* replications.csv's: then a column per metric, then the parameters. */
enum { REPS_POINT, REPS_POLICY, REPS_REPLICATION, REPS_FIXED };

/* The pieces of summary.csv and replications.csv, for sweeps: the header
 * with one column per swept parameter (replications.csv's with one per
 * column of the rows), and the rows of one point (point -1 leaves the
 * column empty, as in a plain run) with the swept parameters' values as
 * CSV cells written as given (sweep_axis_cell: numbers, quoted names). */
void output_summary_header(FILE *f, const char *const *axes, size_t n_axes);
void output_summary_rows(FILE *f, const scenario *sc, const run_result *r,
                         long point, const char *const *values,
                         size_t n_values);
void output_replications_header(FILE *f, const metric_columns *columns,
                                const char *const *axes, size_t n_axes);
void output_replications_rows(FILE *f, const scenario *sc,
                              const run_result *r, long point,
                              const char *const *values, size_t n_values);

/* Keeps only the traced events with from <= t < to (--trace-window), so
 * that the narration and events.csv tell that window only. */
void output_trace_window(run_result *r, double from, double to);

/* summary.csv's rows on a stream (for --format csv). */
int output_summary_csv(FILE *out, const scenario *sc, const run_result *r);

/* A JSON object with the scenario, effective parameters and summaries. */
void output_print_json(FILE *out, const scenario *sc, const run_result *r);

/* What the verdict compares: profit when sales can be lost and the item
 * has a price (a lost sale then costs its margin); operating cost (total
 * less purchases) when every policy buys at the same landed price, so
 * that purchases every policy pays do not dilute the difference; total
 * cost otherwise. `higher_is_better` is 1 for profit. */
typedef struct verdict_basis {
    int metric;
    const char *words;
    int higher_is_better;
} verdict_basis;
verdict_basis output_verdict_basis(const scenario *sc);

/* One plain sentence comparing policy p with the baseline on the verdict's
 * basis, e.g. "kanban: total cost 31% lower than EOQ (95% CI 27% to 35%),
 * fill rate 2.1 points lower (95% CI 1.5 to 2.7)". For a line, clear differences in work in
 * progress and line lead time are said too. */

void output_sentence(char *buf, size_t len, const scenario *sc,
                     const run_result *r, size_t p);

/* A column's name in a CSV header: bare when it is a plain word (as the
 * metrics' names always were, and a line's "assembly.wip"), quoted when a
 * stage or product name makes it anything else. */
void output_put_name(FILE *f, const char *name);

#endif
