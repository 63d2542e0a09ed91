/*
 * estimate.h - point estimates and confidence intervals over replications.
 *
 * Replications of a simulation are independent and identically distributed,
 * so the mean of a metric over n replications has a Student-t interval with
 * n - 1 degrees of freedom. A paired comparison takes, replication by
 * replication, the difference of two policies run on the same random numbers
 * and builds the interval of that difference: the common noise cancels, so
 * the interval is much narrower than comparing two separate intervals.
 *
 * This is not a general statistics library: it is what the experiment
 * runners need, on top of gsl_stats_* and gsl_cdf_tdist_Pinv.
 */
#ifndef JITSIM_ESTIMATE_H
#define JITSIM_ESTIMATE_H

#include <stddef.h>

typedef struct estimate {
    size_t n;
    double mean;
    double sd;         /* sample standard deviation (n - 1) */
    double half_width; /* t(level, n-1) * sd / sqrt(n); NaN when n < 2 */
    double low;        /* mean - half_width; NaN when n < 2 */
    double high;       /* mean + half_width; NaN when n < 2 */
    double level;      /* confidence level, e.g. 0.95 */
} estimate;

/* Mean and `level` confidence interval of x[0..n-1]. Returns 0, or -1 if
 * n == 0, level is not in (0, 1), or a value is not finite. */
int estimate_mean(const double *x, size_t n, double level, estimate *out);

/* The same for the paired differences a[i] - b[i]. Returns 0 or -1 as above. */
int estimate_paired(const double *a, const double *b, size_t n, double level,
                    estimate *out);

/* Whether the interval lies wholly above (1), wholly below (-1) zero, or
 * contains it (0); 0 also when the interval is undefined. */
int estimate_sign(const estimate *e);

#endif
