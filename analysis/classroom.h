/*
 * classroom.h - the engine of the classroom page: a scenario's text in,
 * its results out as one JSON text, with no files, threads or programs.
 *
 * The page (`jitsim classroom`, docs/classroom.md) runs this code
 * compiled to WebAssembly (app/wasm/main.c exports it); the command line
 * runs the same function natively (`jitsim classroom --json`), which is
 * how the parity test compares the two.
 *
 * The JSON object holds:
 *   ok, errors (file:line:col lines, as the command line prints them),
 *   warnings; and when ok: name, description, lesson, time_unit, seed,
 *   replications, baseline (index), policies (names), parameters (per
 *   policy, each parameter as simulated, auto ones resolved), classroom {metric,
 *   sliders [{path, label, min, max, step, value}]}, verdict_metric,
 *   columns (names), rows (the table's metric indices), summary
 *   [policy][column] = [mean, low, high, diff, diff_low, diff_high] (every
 *   number to 17 significant digits, NaN as null), sentences (the plain
 *   words, one per policy but the baseline), table (the text table the
 *   command line prints), summary_csv (summary.csv's text, byte for byte
 *   `jitsim run --format csv`), and series: per policy replication 0's
 *   on-hand stock and backorders over the run, in at most
 *   CLASSROOM_SERIES_POINTS buckets of equal length, each with the time
 *   of its start and the lowest, highest and last on-hand level in it.
 *
 * Not here: the page itself (app/cmd_classroom.c and app/classroom/).
 */
#ifndef JITSIM_CLASSROOM_H
#define JITSIM_CLASSROOM_H

#include <stddef.h>
#include <stdint.h>

#define CLASSROOM_SERIES_POINTS 400

/* Runs the scenario `text` (len bytes, named `source` in messages) with
 * the overrides in `sets` (lines "path=value", as --set; NULL or "" for
 * none), `seed` (when seed_given) and `replications` (0: the scenario's).
 * Returns a malloc'd NUL-terminated JSON text (*out_len bytes), or NULL
 * when memory runs out. */
char *classroom_run_json(const char *text, size_t len, const char *source,
                         const char *sets, uint64_t seed, int seed_given,
                         uint64_t replications, size_t *out_len);

/* The scenario's text with the overrides in `sets` (lines "path=value")
 * written into it, for the page's download, which `jitsim run` reruns to
 * the same numbers: in place where the value stands, the rest of the text
 * and its comments kept (scenario_rewrite); written anew from the tree
 * when a value cannot be replaced in place, such as a parameter inside a
 * distribution's text (scenario_emit). A malloc'd NUL-terminated text, or
 * NULL with a message in err. */
char *classroom_export(const char *text, size_t len, const char *sets,
                       size_t *out_len, char *err, size_t errlen);

#endif
