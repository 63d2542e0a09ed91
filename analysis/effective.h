/*
 * effective.h - the scenario a run or a sweep ran, as a file that runs as
 * is: scenario.yaml in its output directory (docs/reports.md, "The files
 * of an output directory").
 *
 * A run's scenario.yaml is the scenario's own text with written into it:
 * the --set overrides (verbatim, in order), every policy parameter in
 * force that the file did not give (the values `auto` and `optimal`
 * resolved to, and the types' defaults), the warm-up `warmup: auto`
 * chose, the replications and seed given on the command line, and a demand
 * trace's file as an absolute path. `jitsim run DIR/scenario.yaml` then
 * runs the same worlds and writes the same summary.csv.
 *
 * A sweep's scenario.yaml is the text with the --set overrides,
 * replications and seed written in and the grid as run (the file's sweep:
 * block with the --vary axes, every value listed) as its sweep: block:
 * `jitsim sweep DIR/scenario.yaml` runs the same points. Its `auto` and
 * `optimal` values stay as they are: each point resolves its own.
 *
 * Values are written into the text where they stand, comments and layout
 * kept (scenario_rewrite, scenario_replace_sweep); when one cannot be (a
 * value that is a mapping, a policy renamed by an override), the document
 * is written anew from its tree (scenario_emit) and says so. Either way
 * the result is parsed back and compared with what ran: a text that does
 * not read back as the run is not written.
 *
 * Not here: meta.json (meta_json.h), which lists the same values with
 * where each came from.
 */
#ifndef JITSIM_EFFECTIVE_H
#define JITSIM_EFFECTIVE_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/run.h"
#include "analysis/scenario.h"

/* What a command was asked, beside the scenario it parsed: what meta.json
 * and scenario.yaml need to say how the run came about. */
typedef struct run_origin {
    const char *command;          /* "run" or "sweep" */
    const char *text;             /* the scenario's bytes as read; NULL:
                                     unknown (no scenario.yaml) */
    size_t len;
    const char *const *sets;      /* --set PATH=VALUE, verbatim, in order */
    size_t n_sets;
    const sweep_axis *axes;       /* a sweep's grid as run (the file's
                                     block and --vary); NULL for a run */
    size_t n_axes;
    uint64_t replications;        /* as run (per point for a sweep) */
    uint64_t seed;
} run_origin;

/* The overrides that make the scenario's text say what a run ran, in the
 * order they are applied: o's sets, then per policy its parameters in
 * force that the file did not give, the warm-up when auto, the
 * replications and seed when they are not the file's, a demand trace's
 * file made absolute. Writes at most `max` into texts (each at most 320
 * bytes) and returns how many there are (more than max: the caller's
 * array was too small). */
#define EFFECTIVE_SET_LEN 320
size_t effective_run_sets(const run_origin *o, const scenario *sc,
                          const run_result *r, char (*texts)[EFFECTIVE_SET_LEN],
                          size_t max);

/* A run's scenario.yaml: a malloc'd text in *text (*len bytes), checked by
 * parsing it as `path` (where it will be read from) against sc and r. 0,
 * or -1 with "what; why" in err (then nothing is to be written). */
int effective_run_text(const run_origin *o, const scenario *sc,
                       const run_result *r, const char *path, char **text,
                       size_t *len, char *err, size_t errlen);

/* A sweep's scenario.yaml: base is the scenario parsed with o's sets; o's
 * axes, replications and seed are the sweep's. 0, or -1 with a message. */
int effective_sweep_text(const run_origin *o, const scenario *base,
                         const char *path, char **text, size_t *len,
                         char *err, size_t errlen);

/* The text that reads back as x, shortest first (100, not 1e+02). */
void effective_format_value(char *buf, size_t len, double x);

#endif
