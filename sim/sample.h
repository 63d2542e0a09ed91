/*
 * sample.h - a whole sample of observations, for exact quantiles.
 *
 * Where a run needs an exact percentile of many observations that are
 * mostly zero (customer lead times: most customers are served from stock),
 * keeping the positive values and a count of the zeros is both exact and
 * cheaper per observation than a streaming estimator. The buffer grows by
 * doubling and is kept across sample_clear, so a replication allocates
 * only when it reaches a new peak. Quantiles use the interpolation of
 * gsl_stats_quantile_from_sorted_data (index p (n - 1)).
 *
 * Use tally.h instead when memory must stay constant.
 */
#ifndef JITSIM_SAMPLE_H
#define JITSIM_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct sample {
    double *positive; /* the observations > 0, in arrival order */
    size_t n_positive;
    size_t capacity;
    uint64_t zeros;   /* observations <= 0 (stored as 0) */
    double sum;
    double max;
} sample;

void sample_init(sample *s);
void sample_fini(sample *s);
/* Forgets the observations, keeping the memory. */
void sample_clear(sample *s);
/* Adds x (values <= 0 count as 0). 0, or -1 when out of memory. */
int sample_add(sample *s, double x);

uint64_t sample_count(const sample *s);
double sample_mean(const sample *s); /* 0 when empty */
double sample_max(const sample *s);  /* 0 when empty */
/* The p-quantile, 0 <= p <= 1 (0 when empty). Reorders the stored values. */
double sample_quantile(sample *s, double p);

#endif
