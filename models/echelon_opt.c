/*
 * echelon_opt.c - the Clark-Scarf / Chen-Zheng recursion for a serial
 * chain's optimal echelon base-stock levels, and the Shang-Song heuristic
 * (echelon_opt.h states the model and the discretisation).
 *
 * Is: numbers from a problem, on a grid. Is not: a policy (the network's
 * echelon_base_stock policy calls it) nor a simulation.
 *
 * The grid. Levels y = k d, k = 0..K (d = 1 for Poisson). Below 0 no grid
 * is needed: for y <= 0 every y - D is <= 0 (demand is not negative), so
 * C_j(y) = C_j(0) + s_j y exactly, s_j = sum_{i<=j} h_i - (p + sum_i h_i)
 * = -(p + sum_{i>j} h_i) < 0 (by induction from Cbar_0); hence also S*_j
 * >= 0 and Cbar_j is the same affine function below 0. An expectation
 * E[Chat_j(y - D)] is then the sum over the demand points m <= k on the
 * grid plus, for m > k, Chat_j(0) P(D > y) + a (y P(D > y) - E[D; D > y])
 * with a = h_j + s_{j-1}: partial sums of the demand's mass and mean give
 * it in closed form (for Poisson, from the exact mean: no truncation).
 */
#include "models/echelon_opt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

/* Poisson levels searched: the mean over all lead times plus this many
 * standard deviations and units (an optimum at the top is an error). */
#define POISSON_TAIL_SD 12.0
#define POISSON_TAIL_UNITS 30.0
/* Normal: levels up to the mean over all lead times plus this many sd;
 * each stage's lead-time demand up to its mean plus this many sd. */
#define NORMAL_LEVELS_SD 8.0
#define NORMAL_DEMAND_SD 8.0

void echelon_problem_init(echelon_problem *p)
{
    *p = (echelon_problem){0};
    p->demand = ECHELON_POISSON;
}

int echelon_problem_check(const echelon_problem *p, char *err, size_t errlen)
{
    if (p->n_stages < 1 || p->n_stages > ECHELON_STAGES_MAX) {
        snprintf(err, errlen,
                 "the chain has %zu stages; expected 1 to %d", p->n_stages,
                 ECHELON_STAGES_MAX);
        return -1;
    }
    for (size_t j = 0; j < p->n_stages; j++) {
        if (!(isfinite(p->holding[j]) && p->holding[j] >= 0.0)) {
            snprintf(err, errlen,
                     "stage %zu's echelon holding cost is %g; expected a "
                     "number >= 0", j + 1, p->holding[j]);
            return -1;
        }
        if (!(isfinite(p->lead_time[j]) && p->lead_time[j] >= 0.0)) {
            snprintf(err, errlen,
                     "stage %zu's lead time is %g; expected periods >= 0",
                     j + 1, p->lead_time[j]);
            return -1;
        }
    }
    if (!(isfinite(p->backorder_cost) && p->backorder_cost > 0.0)) {
        snprintf(err, errlen,
                 "the backorder cost is %g; expected a number > 0",
                 p->backorder_cost);
        return -1;
    }
    if (p->demand == ECHELON_POISSON) {
        if (!(isfinite(p->mean) && p->mean > 0.0)) {
            snprintf(err, errlen,
                     "the Poisson demand's mean is %g; expected a number > 0",
                     p->mean);
            return -1;
        }
    } else if (p->demand == ECHELON_NORMAL) {
        if (!(isfinite(p->mean) && p->mean >= 0.0 && isfinite(p->sd) &&
              p->sd > 0.0)) {
            snprintf(err, errlen,
                     "the normal demand has mean %g and sd %g; expected a "
                     "mean >= 0 and an sd > 0", p->mean, p->sd);
            return -1;
        }
        if (!(isfinite(p->grid_step) && p->grid_step >= 0.0)) {
            snprintf(err, errlen,
                     "the grid step is %g; expected a number > 0, or 0 for "
                     "the default", p->grid_step);
            return -1;
        }
    } else {
        snprintf(err, errlen, "unknown demand kind %d; expected Poisson or "
                              "normal", (int)p->demand);
        return -1;
    }
    return 0;
}

static double total_lead_time(const echelon_problem *p, size_t upto)
{
    double sum = 0.0;
    for (size_t j = 0; j < upto; j++)
        sum += p->lead_time[j];
    return sum;
}

/* The grid: its step and its last index K. */
static int grid_of(const echelon_problem *p, double *step, size_t *last,
                   char *err, size_t errlen)
{
    double span = total_lead_time(p, p->n_stages);
    double top;
    if (p->demand == ECHELON_POISSON) {
        double m = p->mean * span;
        top = ceil(m + POISSON_TAIL_SD * sqrt(m) + POISSON_TAIL_UNITS);
        *step = 1.0;
    } else {
        top = p->mean * span + NORMAL_LEVELS_SD * p->sd * sqrt(span);
        *step = p->grid_step > 0.0 ? p->grid_step
                                   : p->sd / ECHELON_STEPS_PER_SD;
        if (top / *step > ECHELON_GRID_MAX)
            *step = top / ECHELON_GRID_MAX;
    }
    double k = ceil(top / *step - 1e-9);
    /* Only Poisson can exceed it (the normal step was coarsened). */
    if (!(k <= (double)ECHELON_GRID_MAX)) {
        snprintf(err, errlen,
                 "the levels to search reach %g units, more than %d whole "
                 "units; expected a smaller Poisson demand over the lead "
                 "times, or normal demand",
                 top, ECHELON_GRID_MAX);
        return -1;
    }
    *last = (size_t)(k < 1.0 ? 1.0 : k);
    return 0;
}

/* The demand over `lead` periods on the grid: mass[m] of the point m d,
 * m = 0..last, non-zero only for m in [*from, *to] (normal: rounded to the
 * nearest point, the tails beyond 8 sd folded into the end cells;
 * Poisson: exact, the masses that underflow to 0 left out and the part
 * above `last` left to the tail terms). Sets the total mean in grid units
 * (the exact one for Poisson) in *mean_points. */
static void lead_demand(const echelon_problem *p, double lead, double step,
                        size_t last, double *mass, double *mean_points,
                        size_t *from, size_t *to)
{
    for (size_t m = 0; m <= last; m++)
        mass[m] = 0.0;
    *from = *to = 0;
    if (lead <= 0.0) {
        mass[0] = 1.0;
        *mean_points = 0.0;
        return;
    }
    if (p->demand == ECHELON_POISSON) {
        double mu = p->mean * lead;
        int seen = 0;
        for (size_t m = 0; m <= last; m++) {
            mass[m] = gsl_ran_poisson_pdf((unsigned)m, mu);
            if (mass[m] > 0.0) {
                if (!seen)
                    *from = m, seen = 1;
                *to = m;
            }
        }
        *mean_points = mu;
        return;
    }
    double mu = p->mean * lead, sd = p->sd * sqrt(lead);
    double hi = ceil((mu + NORMAL_DEMAND_SD * sd) / step);
    double lo = floor((mu - NORMAL_DEMAND_SD * sd) / step);
    size_t top = hi < (double)last ? (size_t)(hi < 1.0 ? 1.0 : hi) : last;
    size_t bottom = lo > 0.0 ? (size_t)lo : 0;
    if (bottom >= top)
        bottom = top - 1;
    /* Cell m holds ((m - 1/2) d, (m + 1/2) d]; cell `bottom` everything
     * below, cell `top` everything above (demand below 0 is 0).
     * Differences of the lower tail below the mean and of the upper tail
     * above it, for accuracy. */
    double sum = 0.0;
    for (size_t m = bottom; m <= top; m++) {
        double down = ((double)m - 0.5) * step, up = ((double)m + 0.5) * step;
        double v;
        if (m == bottom)
            v = gsl_cdf_gaussian_P(up - mu, sd);
        else if (m == top)
            v = gsl_cdf_gaussian_Q(down - mu, sd);
        else if (up <= mu)
            v = gsl_cdf_gaussian_P(up - mu, sd) -
                gsl_cdf_gaussian_P(down - mu, sd);
        else
            v = gsl_cdf_gaussian_Q(down - mu, sd) -
                gsl_cdf_gaussian_Q(up - mu, sd);
        mass[m] = v;
        sum += (double)m * v;
    }
    *from = bottom;
    *to = top;
    *mean_points = sum;
}

/* The recursion; with `given` (echelon levels, [0] = stage 1) it takes
 * S_j = the grid point nearest given[j] instead of the argmin. */
static int recursion(const echelon_problem *p, const double *given,
                     echelon_solution *out, char *err, size_t errlen)
{
    if (echelon_problem_check(p, err, errlen))
        return -1;
    if (given)
        for (size_t j = 0; j < p->n_stages; j++)
            if (!isfinite(given[j])) {
                snprintf(err, errlen,
                         "stage %zu's echelon level is %g; expected a number",
                         j + 1, given[j]);
                return -1;
            }
    double d;
    size_t K;
    if (grid_of(p, &d, &K, err, errlen))
        return -1;
    size_t n = K + 1;
    /* One block: Cbar_{j-1}, C_j, the demand's mass and its partial sums
     * of mass and of mean. */
    double *block = malloc(5 * n * sizeof *block);
    if (!block) {
        snprintf(err, errlen, "out of memory for a grid of %zu points", n);
        return -1;
    }
    double *cbar = block, *c = block + n, *mass = block + 2 * n;
    double *cum_mass = block + 3 * n, *cum_mean = block + 4 * n;

    double sum_h = 0.0;
    for (size_t j = 0; j < p->n_stages; j++)
        sum_h += p->holding[j];
    /* Cbar_0 is 0 at and above 0, of slope -(p + sum h) below. */
    for (size_t k = 0; k < n; k++)
        cbar[k] = 0.0;
    double slope_below = -(p->backorder_cost + sum_h);

    *out = (echelon_solution){.n_stages = p->n_stages, .grid_step = d};
    double previous_level = 0.0;
    int status = 0;
    for (size_t j = 0; j < p->n_stages; j++) {
        double h = p->holding[j];
        double mean_points;
        size_t from, to;
        lead_demand(p, p->lead_time[j], d, K, mass, &mean_points, &from,
                    &to);
        double cm = 0.0, cmean = 0.0;
        for (size_t m = 0; m < n; m++) {
            cm += mass[m];
            cmean += (double)m * mass[m];
            cum_mass[m] = cm;
            cum_mean[m] = cmean;
        }
        /* Chat_j(x) = h x + Cbar_{j-1}(x): of slope a below 0. */
        double a = h + slope_below;
        double chat0 = cbar[0];
        for (size_t k = 0; k < n; k++) {
            double sum = 0.0;
            size_t upto = k < to ? k : to;
            for (size_t m = from; m <= upto; m++) {
                size_t x = k - m;
                sum += mass[m] * (h * (double)x * d + cbar[x]);
            }
            double tail_mass = 1.0 - cum_mass[k];
            double tail_mean = mean_points - cum_mean[k];
            if (tail_mass < 0.0)
                tail_mass = 0.0;
            if (tail_mean < 0.0)
                tail_mean = 0.0;
            sum += chat0 * tail_mass +
                   a * d * ((double)k * tail_mass - tail_mean);
            c[k] = sum;
        }
        size_t best = 0;
        for (size_t k = 1; k < n; k++)
            if (c[k] < c[best])
                best = k;
        if (given) {
            /* A level below 0 is the affine part; above the grid, C_j
             * rises (the optimum is inside it), so the grid must hold it. */
            double at = floor(given[j] / d + 0.5);
            if (at < 0.0) {
                snprintf(err, errlen,
                         "stage %zu's echelon level %g is below 0; expected "
                         "a level >= 0", j + 1, given[j]);
                status = -1;
                break;
            }
            if (at > (double)K) {
                snprintf(err, errlen,
                         "stage %zu's echelon level %g is above the grid's "
                         "%g; expected a level within it", j + 1, given[j],
                         (double)K * d);
                status = -1;
                break;
            }
            best = (size_t)at;
        } else if (best == K && K > 0) {
            snprintf(err, errlen,
                     "stage %zu's optimal level is at the top of the grid "
                     "(%g units); expected a holding cost that keeps it "
                     "finite", j + 1, (double)K * d);
            status = -1;
            break;
        }
        double level = (double)best * d;
        out->echelon[j] = level;
        out->local[j] = level - previous_level;
        previous_level = level;
        out->cost = c[best];
        /* Cbar_j(x) = C_j(min(S*_j, x)). */
        for (size_t k = 0; k < n; k++)
            cbar[k] = c[k < best ? k : best];
        slope_below = a;
    }
    free(block);
    return status;
}

int echelon_optimal(const echelon_problem *p, echelon_solution *out,
                    char *err, size_t errlen)
{
    return recursion(p, NULL, out, err, errlen);
}

int echelon_cost(const echelon_problem *p, const double *levels,
                 echelon_solution *out, char *err, size_t errlen)
{
    return recursion(p, levels, out, err, errlen);
}

/* The newsvendor level for a critical ratio on the demand over `lead`. */
static double newsvendor(const echelon_problem *p, double lead, double ratio)
{
    if (lead <= 0.0)
        return 0.0;
    if (p->demand == ECHELON_NORMAL)
        return p->mean * lead +
               p->sd * sqrt(lead) * gsl_cdf_ugaussian_Pinv(ratio);
    double mu = p->mean * lead;
    double k = floor(mu - 12.0 * sqrt(mu));
    if (k < 0.0)
        k = 0.0;
    while (gsl_cdf_poisson_P((unsigned)k, mu) < ratio)
        k += 1.0;
    return k;
}

int echelon_shang_song(const echelon_problem *p, echelon_solution *out,
                       char *err, size_t errlen)
{
    if (echelon_problem_check(p, err, errlen))
        return -1;
    *out = (echelon_solution){.n_stages = p->n_stages, .cost = NAN};
    double previous_level = 0.0, below = 0.0;
    for (size_t j = 0; j < p->n_stages; j++) {
        double above = 0.0;
        for (size_t i = j + 1; i < p->n_stages; i++)
            above += p->holding[i];
        below += p->holding[j];
        if (!(p->holding[j] > 0.0)) {
            snprintf(err, errlen,
                     "stage %zu's echelon holding cost is 0; the heuristic "
                     "expects every one > 0", j + 1);
            return -1;
        }
        double b = p->backorder_cost + above;
        double lead = total_lead_time(p, j + 1);
        double upper = newsvendor(p, lead, b / (b + p->holding[j]));
        double lower = newsvendor(p, lead, b / (b + below));
        double level = 0.5 * (upper + lower);
        out->echelon[j] = level;
        out->local[j] = level - previous_level;
        previous_level = level;
    }
    return 0;
}
