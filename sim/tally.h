/*
 * tally.h - statistics of observations within one run (sample statistics).
 *
 * A tally takes a stream of values (customer lead times, order sizes) and
 * keeps their count, mean and variance (Welford's update, stable for long
 * runs), minimum, maximum and one streaming quantile (by default the 95th
 * percentile) estimated with the P-square algorithm of Jain and Chlamtac
 * (CACM 28(10), 1985), in constant memory. With five or fewer observations
 * the quantile is exact (interpolated as gsl_stats_quantile_from_sorted_data).
 *
 * It lives in sim/ rather than analysis/ because models own their tallies
 * while they run, and models may not depend on analysis/. Statistics across
 * replications (intervals, paired differences) are in analysis/estimate.h.
 * A tally allocates nothing.
 */
#ifndef JITSIM_TALLY_H
#define JITSIM_TALLY_H

#include <stdint.h>

typedef struct tally {
    uint64_t n;
    double mean;
    double m2; /* sum of squared deviations from the mean */
    double min;
    double max;
    double p;      /* the quantile tracked, in (0, 1) */
    double q[5];   /* P-square marker heights */
    double pos[5]; /* marker positions, 1-based */
    double want[5];
    double dwant[5];
} tally;

/* Empties the tally; it tracks the 95th percentile. */
void tally_init(tally *t);
/* Empties the tally; it tracks the quantile p, 0 < p < 1. */
void tally_init_quantile(tally *t, double p);

void tally_add(tally *t, double x);

/* Empty-tally conventions: mean, variance, quantile, min and max are 0. */
uint64_t tally_count(const tally *t);
double tally_mean(const tally *t);
double tally_variance(const tally *t); /* sample variance, n - 1 */
double tally_sd(const tally *t);
double tally_min(const tally *t);
double tally_max(const tally *t);
double tally_quantile(const tally *t);

#endif
