/*
 * echelon_opt.h - optimal echelon base-stock levels of a serial chain
 * (Clark & Scarf 1960, by the recursion of Chen & Zheng 1994), and the
 * Shang & Song (2003) heuristic.
 *
 * Stages 1..N in series, stage 1 the most downstream (it serves the
 * customers), stage N fed by an outside supplier with ample stock. Periodic
 * review; demand i.i.d. per period at stage 1; unmet demand is backordered
 * at p per unit per period; h_j is stage j's ECHELON holding cost per unit
 * per period (its local holding cost minus its supplier's); L_j the lead
 * time into stage j, in periods (need not be whole). The recursion
 * (/work/shared/NETWORKS.md section 3; Snyder & Shen, Fundamentals of
 * Supply Chain Theory, ch. 6):
 *
 *   Cbar_0(x) = (p + sum_i h_i) max(-x, 0)
 *   for j = 1..N:
 *       Chat_j(x) = h_j x + Cbar_{j-1}(x)
 *       C_j(y)    = E[Chat_j(y - D_j)],   D_j the demand over L_j periods
 *       S*_j      = argmin_y C_j(y)
 *       Cbar_j(x) = C_j(min(S*_j, x))
 *   optimal cost per period = C_N(S*_N)
 *
 * Pure functions: no global state; the one block of working memory a call
 * needs is allocated and freed inside it (out of memory is an error
 * returned, never an abort). This is the model the network's
 * `echelon_base_stock` policy sizes `S: auto` with; it knows nothing of
 * the simulator.
 */
#ifndef JITSIM_ECHELON_OPT_H
#define JITSIM_ECHELON_OPT_H

#include <stddef.h>

/* The longest chain the functions accept. */
#define ECHELON_STAGES_MAX 16
/* The most grid points: a normal discretisation's finer step (asked for,
 * or the default on a very long grid) is coarsened to fit; Poisson levels
 * beyond it are refused. A call costs at most points x (the points a
 * stage's lead-time demand spans) x N operations. */
#define ECHELON_GRID_MAX 40000
/* The default normal grid step: the demand's standard deviation per
 * period over this. */
#define ECHELON_STEPS_PER_SD 100.0

typedef enum echelon_demand {
    ECHELON_POISSON, /* Poisson(mean) per period: exact, on whole units */
    ECHELON_NORMAL   /* N(mean, sd^2) per period: on a grid (see below) */
} echelon_demand;

typedef struct echelon_problem {
    size_t n_stages;                       /* N, 1..ECHELON_STAGES_MAX */
    double holding[ECHELON_STAGES_MAX];    /* h_j >= 0, [0] = stage 1 */
    double lead_time[ECHELON_STAGES_MAX];  /* L_j >= 0 periods, [0] = stage 1 */
    double backorder_cost;                 /* p > 0, at stage 1 only */
    echelon_demand demand;
    double mean;       /* demand per period: > 0 for Poisson, >= 0 normal */
    double sd;         /* normal only, > 0 */
    /* Normal only: the grid step in units; 0 for the default sd /
     * ECHELON_STEPS_PER_SD (coarsened to keep within ECHELON_GRID_MAX). */
    double grid_step;
} echelon_problem;

typedef struct echelon_solution {
    size_t n_stages;
    double echelon[ECHELON_STAGES_MAX]; /* S*_j, [0] = stage 1 */
    double local[ECHELON_STAGES_MAX];   /* S*_j - S*_{j-1} (S*_0 = 0) */
    double cost;                        /* expected cost per period */
    /* The grid step used: 1 for Poisson, the normal discretisation's step
     * otherwise (S* are points of it; 0 for the heuristic). */
    double grid_step;
} echelon_solution;

/* Fills a problem with N = 0 and everything zero or unset, for a caller
 * to fill in. */
void echelon_problem_init(echelon_problem *p);

/* Checks a problem: 0, or -1 with "what is wrong; what is expected". */
int echelon_problem_check(const echelon_problem *p, char *err,
                          size_t errlen);

/* The optimal echelon base-stock levels and their expected cost per
 * period, by the recursion above.
 *
 * Poisson demand: exact on whole units (the lead-time demand Poisson(mean
 * L_j); the part of each expectation below zero in closed form, so no
 * truncation error), levels searched up to the mean over all lead times
 * + 12 sd + 30 (at most ECHELON_GRID_MAX). Ties go to the smallest level.
 *
 * Normal demand: the levels are points of a grid of step d (grid_step,
 * default sd / 100); the demand over L_j is the normal N(mean L_j, sd^2
 * L_j) rounded to the nearest point of the grid (cell masses from the
 * normal distribution function; the mass below max(0, mean L_j - 8 sd
 * sqrt(L_j)) folded into the first cell, as demand is not negative, and
 * the mass above mean L_j + 8 sd sqrt(L_j) into the last). The levels searched run from 0 to mean sum L + 8 sd
 * sqrt(sum L); below 0 every C_j is affine (slope -(p + sum_{i>j} h_i),
 * exactly, since demand is not negative), which the recursion uses
 * instead of a grid. Error: each S*_j within d/2 of the continuous
 * problem's minimiser, plus the O(d^2) moved by the rounding of demand,
 * and the cost within O(d^2) (tests/test_echelon.c).
 *
 * S*_j may lie below S*_{j-1} (a stage j with lead time 0 adds no delay
 * and caps the stage below): stage j-1's level in effect is then the
 * smaller, min over i >= j-1 of S*_i, and local[j] is negative; a policy
 * orders up to the levels as given (echelon orders up to min(S*_{j-1},
 * what stage j can ship) do the rest). All lead times zero: S* = 0 and
 * cost 0, not an error. Returns 0, or -1
 * with a message (a bad problem, out of memory, an optimum off the grid). */
int echelon_optimal(const echelon_problem *p, echelon_solution *out,
                    char *err, size_t errlen);

/* The expected cost per period of given echelon levels (levels[0] =
 * stage 1), by the same recursion with S_j = levels[j] (normal: the
 * nearest grid point) in place of the argmin: Cbar_j(x) = C_j(min(S_j,
 * x)), cost C_N(S_N), the exact evaluation of an echelon base-stock
 * policy (Chen & Zheng 1994). Levels must be >= 0 and within the grid of
 * echelon_optimal. Fills out (echelon, local, cost) as that does. */
int echelon_cost(const echelon_problem *p, const double *levels,
                 echelon_solution *out, char *err, size_t errlen);

/* The Shang & Song (2003, Management Science 49(5):618-638) heuristic:
 * for each j, two newsvendors on the demand over sum_{i<=j} L_i with
 * backorder cost p + sum_{i>j} h_i, one with holding cost h_j and one
 * with sum_{i<=j} h_i; S_j is the midpoint of their solutions (normal:
 * the quantile; Poisson: the smallest whole level reaching the critical
 * ratio, so S_j may be a half). `cost` is NaN: the heuristic has none of
 * its own. Returns 0 or -1 with a message. */
int echelon_shang_song(const echelon_problem *p, echelon_solution *out,
                       char *err, size_t errlen);

#endif
