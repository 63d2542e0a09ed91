/*
 * sweep.h - parameter sweeps: the Cartesian grid of swept values, each
 * point run like `jitsim run`, streamed point by point into files that
 * survive interruption.
 *
 * A sweep is a plan (the scenario text, the --set overrides and the axes)
 * and a numbering of its points: point p has, on axis k, the value of index
 * (p / stride_k) % n_k, the last axis varying fastest. A point is computed
 * by parsing the scenario with the axes' values as extra overrides (so a
 * point is checked exactly as a scenario is) and running it; its rows are
 * formatted into a block of text. Blocks are appended to the output files
 * in point order, each flushed as a whole and recorded in a journal, so an
 * interrupted sweep resumes where it stopped and the final files are
 * byte-identical to an uninterrupted run's, whatever the thread count,
 * number of MPI ranks or shards.
 *
 * Files in the output directory: summary.csv and replications.csv (the
 * columns of `run`, a line's included, `point` the point's index, plus one
 * column per swept parameter: a number, or a name in quotes on an axis of
 * names), points.csv (point and the parameter values), sweep.id (what
 * sweep this is, which axes hold names, and the search made of its rows),
 * journal (byte offsets after each finished point), and after the sweep
 * best.csv (the best point of each policy) and winners.csv (the best
 * policy at each point, and by how much).
 *
 * This module computes and writes; the command (app/cmd_sweep.c) drives the
 * loop, the progress line and MPI.
 */
#ifndef JITSIM_SWEEP_H
#define JITSIM_SWEEP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis/run.h"
#include "analysis/scenario.h"

#define SWEEP_AXES_MAX 16
#define SWEEP_CONSTRAINTS_MAX 8

/* A constraint of the best-point search: COLUMN OP VALUE, the column any
 * of the run's (a metric, or a line's column such as assembly.wip). */
typedef struct sweep_constraint {
    char metric[METRIC_NAME_MAX];
    int op; /* '<', '>', 'l' (<=), 'g' (>=) */
    double value;
} sweep_constraint;

typedef struct sweep_plan {
    const char *text; /* the scenario file's bytes (borrowed) */
    size_t len;
    const char *source;            /* name in messages */
    const char *const *sets;       /* --set overrides (borrowed) */
    size_t n_sets;
    size_t n_axes;
    sweep_axis axes[SWEEP_AXES_MAX]; /* values owned */
    const char *names[SWEEP_AXES_MAX]; /* = axes[k].path */
    uint64_t n_points;
    uint64_t identity; /* hash of everything that determines the output */
    int shard_k, shard_n; /* this process's slice; 0/0 for all points */
    /* The columns of every point's rows (the base scenario's: the metrics,
     * and a line's own); a point with others is an error. */
    metric_columns columns; /* owned: sweep_plan_fini frees it */
    /* The search made of the rows (best.csv, winners.csv), recorded in
     * sweep.id so that `merge` makes the same: sweep_plan_search. Not part
     * of the identity (a resumed sweep may search otherwise). */
    char objective[METRIC_NAME_MAX];
    size_t n_constraints;
    sweep_constraint constraints[SWEEP_CONSTRAINTS_MAX];
    /* The files kept (SWEEP_OUT_*; --outputs), recorded in sweep.id and,
     * when not all, part of the identity: sweep_plan_outputs. */
    unsigned outputs;
} sweep_plan;

/* The files a sweep can keep (--outputs): summary.csv always (every other
 * file and the report are made from it), the others by choice. A file
 * left out is not written at all, except replications.csv while
 * winners.csv is wanted: the winners' paired differences are made from
 * it, so it is written during the sweep and removed at its end. */
enum {
    SWEEP_OUT_SUMMARY = 1u << 0,
    SWEEP_OUT_REPLICATIONS = 1u << 1,
    SWEEP_OUT_POINTS = 1u << 2,
    SWEEP_OUT_BEST = 1u << 3,
    SWEEP_OUT_WINNERS = 1u << 4,
    SWEEP_OUT_ALL = (1u << 5) - 1
};

/* Parses --outputs: a comma-separated list of summary, replications,
 * points, best, winners (or all). 0, or -1 with "what is wrong; what is
 * expected". */
int sweep_parse_outputs(const char *spec, unsigned *outputs, char *err,
                        size_t errlen);
/* The list as --outputs takes it ("summary,best"), in a fixed order. */
void sweep_outputs_text(unsigned outputs, char *buf, size_t len);
/* The file name of an SWEEP_OUT_* bit. */
const char *sweep_output_file(unsigned bit);
/* Records the files the sweep keeps; a set other than all changes the
 * identity, so that a resume with another set is another sweep's. */
void sweep_plan_outputs(sweep_plan *plan, unsigned outputs);
/* The files sweep.id in dir records (all when it names none, as before
 * --outputs). 0, or -1 with a message. */
int sweep_recorded_outputs(const char *dir, unsigned *outputs, char *err,
                           size_t errlen);
/* Whether replications.csv is written while the sweep runs. */
int sweep_writes_replications(unsigned outputs);
/* After winners.csv is made: removes replications.csv from dir when it
 * was written only for the winners. 0, or -1 with a message. */
int sweep_outputs_finish(const char *dir, unsigned outputs, char *err,
                         size_t errlen);

/* Parses a --vary SPEC ("1,2,5", "from:to:step", "log:from:to:count", or
 * names "overseas,local", "true,false": a list with any value that is not
 * a number is an axis of names) into axis values. 0, or -1 with "what is
 * wrong; what is expected". A step range ends exactly on `to` when it
 * lands there within rounding. */
int sweep_parse_values(const char *spec, sweep_axis *axis, char *err,
                       size_t errlen);

/* Builds the plan from the scenario's own sweep block (`base`, already
 * parsed with the --set overrides) and the --vary axes, which replace block
 * axes of the same path. The identity covers the text, the overrides, the
 * axes, replications and seed, not the shard: the shards of one sweep share
 * it, which is how merge recognises them; the shard is recorded beside it,
 * so that a shard's directory resumes only that shard. 0, or -1 with a
 * message. */
int sweep_plan_init(sweep_plan *plan, const char *text, size_t len,
                    const char *source, const char *const *sets,
                    size_t n_sets, const scenario *base,
                    const sweep_axis *vary, size_t n_vary,
                    const run_config *cfg, int shard_k, int shard_n,
                    char *err, size_t errlen);
void sweep_plan_fini(sweep_plan *plan);
/* Records the search (objective, constraints; at most
 * SWEEP_CONSTRAINTS_MAX) that sweep.id will carry. */
void sweep_plan_search(sweep_plan *plan, const char *objective,
                       const sweep_constraint *constraints,
                       size_t n_constraints);

/* Checks, before anything runs, that each axis's first and last values
 * make a valid scenario (the other axes at their first). 0, or -1 with the
 * error lines in `errors`. */
int sweep_check(const sweep_plan *plan, scenario_errors *errors);

/* The value index on each axis of point p. */
void sweep_point_index(const sweep_plan *plan, uint64_t p, size_t *index);

/* The room a CSV cell of an axis value takes (a name quoted, its quotes
 * doubled). */
#define SWEEP_CELL_MAX (2 * SWEEP_NAME_MAX + 4)

/* One point's output, formatted. */
typedef struct sweep_block {
    char *summary;
    size_t summary_len;
    char *replications;
    size_t replications_len;
    char *points;
    size_t points_len;
    uint64_t runs;
    uint64_t events;
} sweep_block;

void sweep_block_free(sweep_block *b);

/* Computes point p (parse with the point's values, run, format). 0, or -1
 * with the error lines in `errors` (a value that makes the scenario
 * invalid) or a message in err. */
int sweep_compute(const sweep_plan *plan, uint64_t p, const run_config *cfg,
                  sweep_block *out, scenario_errors *errors, char *err,
                  size_t errlen);

/* Serialises a block into one buffer and back (for MPI). */
char *sweep_block_pack(const sweep_block *b, size_t *len);
int sweep_block_unpack(const char *buf, size_t len, sweep_block *b);

/* The output files of one sweep (or shard). */
typedef struct sweep_writer {
    char dir[4096];
    FILE *summary, *replications, *points, *journal;
    uint64_t next_point_rank; /* how many of this writer's points are done */
} sweep_writer;

/* Opens dir for the plan. With resume, keeps what the journal says is
 * finished (truncating any partial point) and sets next_point_rank; without
 * it, starts afresh. A directory holding another sweep (another identity) is
 * refused unless force. 0, or -1 with a message. */
int sweep_writer_open(sweep_writer *w, const sweep_plan *plan, const char *dir,
                      int resume, int force, char *err, size_t errlen);
/* Appends a finished point and flushes it, then records it in the journal.
 * 0, or -1 with a message. */
int sweep_writer_append(sweep_writer *w, const sweep_block *b, char *err,
                        size_t errlen);
int sweep_writer_close(sweep_writer *w, char *err, size_t errlen);

/* The journal's last complete record in dir: the number of finished points
 * and the sizes of summary.csv, replications.csv and points.csv after
 * them. 1, or 0 when there is none. */
int sweep_read_journal(const char *dir, uint64_t *done, long offsets[3]);

/* Joins the outputs of shard directories into `out`, in point order, as
 * one run would have written them. Refuses, before writing anything, a
 * directory that is not a shard (a whole sweep included), shards of
 * different sweeps or splits, a shard given twice, a missing shard, and a
 * shard whose journal does not record all its points (saying what to
 * resume); reads each shard's rows up to its journal's last record. The
 * merged files are put in place together, the journal (the completion
 * record) last; a failed merge leaves `out` as it was. The caller holds
 * out's lock (dirlock.h). 0, or -1 with a message. */
int sweep_merge(const char *out, const char *const *dirs, size_t n_dirs,
                char *err, size_t errlen);

/* Parses "fill_rate>=0.95" (or <=, >, <). With columns, the name must be
 * one of them; with NULL only the form is checked. 0, or -1 with "what is
 * wrong; what is expected". */
int sweep_parse_constraint(const char *text, const metric_columns *columns,
                           sweep_constraint *c, char *err, size_t errlen);

/* Whether a value x of the constraint's column meets it. */
int sweep_constraint_holds(const sweep_constraint *c, double x);

/* Reads dir/summary.csv and writes dir/best.csv: for each policy and each
 * combination of the parameters that are not the policy's own
 * ("policies.NAME..."), the point minimising the mean of the objective
 * (a column name, as in summary.csv's metric column) among those meeting
 * every constraint (on the policy's means). Prints the same as a table on
 * `out` (NULL: silent). 0, or -1 with a message. */
int sweep_best(const char *dir, const char *objective,
               const sweep_constraint *constraints, size_t n_constraints,
               FILE *out, char *err, size_t errlen);

/* Reads dir/summary.csv and dir/replications.csv (both in point order)
 * and writes dir/winners.csv: for each point, the policy with the best
 * mean of the objective among those meeting every constraint (judged on
 * the policy's means, as sweep_best judges them; lowest, or highest where
 * more is better), the runner-up, and the paired difference winner minus
 * runner-up over the replications (common random numbers) with its 95%
 * interval: the winner is clearly ahead when the interval excludes 0.
 * Columns: point, one per swept parameter, objective, winner,
 * winner_mean, runner_up, runner_up_mean, diff, diff_ci_low,
 * diff_ci_high, clearly_ahead (yes, no; alone: the only policy meeting
 * the constraints; empty: none does), meeting (how many policies meet
 * them). Prints a count of the points each policy wins on `out` (NULL:
 * silent). 0, or -1 with a message. */
int sweep_winners(const char *dir, const char *objective,
                  const sweep_constraint *constraints, size_t n_constraints,
                  FILE *out, char *err, size_t errlen);

/* The search recorded in dir/sweep.id (sweep_plan_search) into objective
 * (METRIC_NAME_MAX bytes) and constraints (SWEEP_CONSTRAINTS_MAX): 1 when
 * recorded, 0 when sweep.id has none (an older sweep), -1 with a message
 * when it cannot be read. */
int sweep_recorded_search(const char *dir, char *objective,
                          sweep_constraint *constraints,
                          size_t *n_constraints, char *err, size_t errlen);

#endif
