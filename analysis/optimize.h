/*
 * optimize.h - searching the parameters of one policy that minimise (or,
 * for profit and the like, maximise) an objective under constraints,
 * without running a whole grid (`jitsim optimize`, docs/optimize.md).
 *
 * The search lives on the lattice of the given ranges: each parameter is
 * an axis of values (the --vary syntax of sweep.h), and a candidate is one
 * value per axis. Every candidate runs on common random numbers:
 * replication i of every candidate uses the streams of (seed, i), so two
 * candidates are compared pair by pair, and a candidate that needs more
 * replications runs only the ones it lacks (the cache keeps every
 * replication of every candidate; nothing is run twice).
 *
 * The method (docs/optimize.md says it in words):
 *  - a compass search (pattern search: Hooke and Jeeves 1961; Torczon
 *    1997; Kolda, Lewis and Torczon 2003) on the lattice, from the policy's
 *    values as resolved (given or auto, the nearest lattice value) or the
 *    centre of the range when the parameter has no value of its own. It
 *    polls +-step along each axis; when none is better, the diagonal
 *    pairs (+-step on two axes at once, which is how one moves along a
 *    constraint's boundary); after a move it repeats the move while that
 *    improves (the pattern move). When neither finds a better point, a
 *    neighbour that is better on the objective but breaks a constraint
 *    is repaired: from it, a walk along each other axis, step by step
 *    while the violation shrinks, to the first feasible point (a lower
 *    reorder point with the larger order quantity that keeps the fill
 *    rate). When that fails too the steps halve. At step 1 with all
 *    replications, before stopping, the axes are polled at steps 2 to
 *    OPTIMIZE_WIDEN, which steps over a point the noise made look
 *    infeasible; the search ends when that finds nothing better either.
 *  - Replications grow as the steps shrink: the last level (step 1) runs
 *    all R replications, each level above half of the one below it, at
 *    least 2 (or R when R < 2).
 *  - Constraints are judged on the sample means: a candidate whose means
 *    meet every constraint is feasible; feasible beats infeasible; two
 *    feasible compare by the objective's mean; two infeasible by their
 *    total violation (each constraint's shortfall over its threshold's
 *    size, |threshold| or 1 when smaller) and then by the objective
 *    (Deb's feasibility rules, 2000). A candidate replaces the incumbent
 *    only when strictly better; ties keep the incumbent.
 *  - At the end, a screening among the best few feasible candidates run
 *    with all replications (OPTIMIZE_FINALISTS): the paired-t interval
 *    (95%, no multiplicity correction) of each one's objective minus the
 *    best's; those whose interval does not lie wholly on the worse side
 *    are "not clearly worse" (the screening of Nelson, Swann, Goldsman
 *    and Wang 2001, with paired intervals instead of their pooled
 *    variance). The starting point also runs all replications, to say
 *    how much the search gained.
 *
 * With `warmup: auto`, the warm-up is chosen once, at the starting point
 * (as run.h's run_auto_warmup for the policy alone), and every candidate
 * uses it: one observation window for all.
 *
 * Deterministic for any thread count: the candidates of one step are
 * known before they run, every replication is stored at its own index,
 * and decisions read only the stored numbers.
 *
 * optimize.c searches, optimize_text.c writes the setting as a scenario;
 * the command (app/cmd_optimize.c) prints.
 */
#ifndef JITSIM_OPTIMIZE_H
#define JITSIM_OPTIMIZE_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/estimate.h"
#include "analysis/scenario.h"
#include "analysis/sweep.h"

#define OPTIMIZE_AXES_MAX 8
#define OPTIMIZE_CONSTRAINTS_MAX 8
/* Candidates screened at the end (the best included). */
#define OPTIMIZE_FINALISTS 6
/* The widest poll tried at the end (steps 2 .. OPTIMIZE_WIDEN). */
#define OPTIMIZE_WIDEN 3
/* The fewest replications a level runs (when R allows). */
#define OPTIMIZE_R_MIN 2

/* Where the search stands, after each batch of runs. */
typedef struct optimize_progress {
    const char *objective;
    size_t candidates;  /* distinct candidates run so far */
    uint64_t runs;      /* replications run so far */
    uint64_t reps;      /* replications of the current level */
    size_t max_step;    /* the largest step, in lattice positions */
    int have_best;
    double best_mean;   /* the incumbent's objective mean */
    int best_feasible;
    const double *best_values; /* n_axes values */
} optimize_progress;

/* What is asked. */
typedef struct optimize_config {
    const char *text; /* the scenario's bytes (borrowed) */
    size_t len;
    const char *source; /* its name in messages */
    const char *policy; /* the policy whose parameters are searched */
    size_t n_axes;
    const sweep_axis *axes; /* paths policies.POLICY.KEY, values increasing
                               (borrowed) */
    const char *objective;  /* a column; NULL: profit with lost sales and a
                               price, else total_cost (as sweep) */
    size_t n_constraints;
    const sweep_constraint *constraints;
    uint64_t replications; /* R; 0: the scenario's */
    uint64_t seed;
    int seed_given;
    int jobs; /* threads; 0: all cores */
    /* Called after each batch of runs (NULL: none). */
    void (*progress)(void *ctx, const optimize_progress *p);
    void *progress_ctx;
} optimize_config;

/* One candidate as reported. */
typedef struct optimize_point {
    double values[OPTIMIZE_AXES_MAX];
    uint64_t reps;
    estimate objective;
    estimate constraint[OPTIMIZE_CONSTRAINTS_MAX];
    int feasible;        /* every constraint's mean meets it */
    double violation;    /* 0 when feasible */
    estimate diff;       /* objective minus the best's, paired (the
                            finalists and the start; n 0 for the best) */
    int clearly_worse;   /* diff lies wholly on the worse side */
} optimize_point;

typedef struct optimize_result {
    size_t n_axes;
    char objective[METRIC_NAME_MAX];
    int maximise;        /* more of the objective is better */
    size_t n_constraints;
    sweep_constraint constraints[OPTIMIZE_CONSTRAINTS_MAX];
    uint64_t reps;       /* R */
    uint64_t seed;
    double warmup;       /* as simulated */
    int warmup_auto;     /* chosen once by the search (written to OUT) */
    uint64_t grid_points; /* the lattice's size, for comparison */
    size_t candidates;   /* distinct candidates run */
    uint64_t runs;       /* replications run */
    double seconds;
    int found;           /* some candidate is feasible */
    optimize_point best; /* the best (the least infeasible when !found) */
    optimize_point start; /* the starting point, with all replications */
    size_t n_finalists;  /* the best first, then the others screened */
    optimize_point finalists[OPTIMIZE_FINALISTS];
} optimize_result;

/* Return values of optimize_run besides 0. */
enum { OPTIMIZE_FAILED = -1, OPTIMIZE_BAD_INPUT = -2 };

/* Runs the search. 0 with the result; OPTIMIZE_BAD_INPUT with the error
 * lines in `errors` (a range value that makes the scenario invalid, as a
 * scenario's errors) or one line in err ("what is wrong; what is
 * expected": an unknown policy, a path that is not the policy's, an
 * objective or constraint the scenario has no column for); or
 * OPTIMIZE_FAILED with a message (out of memory, a replication that
 * failed). */
int optimize_run(const optimize_config *cfg, optimize_result *out,
                 scenario_errors *errors, char *err, size_t errlen);

/* The shortest text that reads back as exactly x (whole numbers as
 * such: 100, not 1e+02): what a candidate's override says is what the
 * file written says. */
void optimize_format_value(char *buf, size_t len, double x);

/* The overrides ("PATH=VALUE") that turn the scenario into the setting
 * found: the axes' values, and `warmup` when the search chose it. Up to
 * OPTIMIZE_AXES_MAX + 1 strings of `size` bytes each into `texts`;
 * returns their number. */
size_t optimize_overrides(const optimize_config *cfg,
                          const optimize_result *r, char (*texts)[320]);

/* The scenario's text with the setting found written into it (as
 * scenario_rewrite, plus `replications` and `seed` when the search was
 * given its own), checked: the text is parsed again as the file
 * `out_path` (NULL: the scenario's own name; a relative trace is found
 * from its directory) and the policy's specification must be the one the
 * search ran. 0 with a malloc'd text, or -1 with "what is wrong; what is
 * expected". */
int optimize_scenario_text(const optimize_config *cfg,
                           const optimize_result *r, const char *out_path,
                           char **text, size_t *len, char *err,
                           size_t errlen);

#endif
