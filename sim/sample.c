/*
 * sample.c - exact quantiles by selection (Hoare's quickselect).
 */
#include "sample.h"

#include <stdlib.h>
#include <string.h>

void sample_init(sample *s)
{
    memset(s, 0, sizeof *s);
}

void sample_fini(sample *s)
{
    free(s->positive);
    sample_init(s);
}

void sample_clear(sample *s)
{
    s->n_positive = 0;
    s->zeros = 0;
    s->sum = 0.0;
    s->max = 0.0;
}

int sample_add(sample *s, double x)
{
    if (!(x > 0.0)) {
        s->zeros++;
        return 0;
    }
    if (s->n_positive == s->capacity) {
        size_t cap = s->capacity ? s->capacity * 2 : 1024;
        double *grown = realloc(s->positive, cap * sizeof *grown);
        if (!grown)
            return -1;
        s->positive = grown;
        s->capacity = cap;
    }
    s->positive[s->n_positive++] = x;
    s->sum += x;
    if (x > s->max)
        s->max = x;
    return 0;
}

uint64_t sample_count(const sample *s)
{
    return s->zeros + s->n_positive;
}

double sample_mean(const sample *s)
{
    uint64_t n = sample_count(s);
    return n ? s->sum / (double)n : 0.0;
}

double sample_max(const sample *s)
{
    return s->max;
}

/* The k-th smallest (0-based) of x[0..n-1], partially reordering x so that
 * x[k] holds it, no value before it is larger and none after it smaller. */
static double select_kth(double *x, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        double pivot = x[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (x[i] < pivot)
                i++;
            while (x[j] > pivot)
                j--;
            if (i <= j) {
                double t = x[i];
                x[i] = x[j];
                x[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return x[k];
    }
    return x[k];
}

/* The k-th smallest of the whole sample: zeros first. */
static double order_statistic(sample *s, uint64_t k)
{
    if (k < s->zeros)
        return 0.0;
    return select_kth(s->positive, s->n_positive, (size_t)(k - s->zeros));
}

double sample_quantile(sample *s, double p)
{
    uint64_t n = sample_count(s);
    if (n == 0)
        return 0.0;
    if (p < 0.0)
        p = 0.0;
    if (p > 1.0)
        p = 1.0;
    double index = p * (double)(n - 1);
    uint64_t lo = (uint64_t)index;
    double frac = index - (double)lo;
    double a = order_statistic(s, lo);
    if (lo + 1 >= n || frac == 0.0)
        return a;
    double b;
    if (lo >= s->zeros) {
        /* select_kth left every value above position k at least x[k]:
         * the next order statistic is their minimum, a scan instead of a
         * second selection. */
        size_t k = (size_t)(lo - s->zeros);
        b = s->positive[k + 1];
        for (size_t i = k + 2; i < s->n_positive; i++)
            b = s->positive[i] < b ? s->positive[i] : b;
    } else {
        b = order_statistic(s, lo + 1);
    }
    return a + frac * (b - a);
}
