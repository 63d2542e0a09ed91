/*
 * tally.c - Welford moments and the P-square quantile estimator.
 */
#include "tally.h"

#include <math.h>

#include "check.h"

void tally_init_quantile(tally *t, double p)
{
    JS_CHECK(p > 0.0 && p < 1.0, "quantile %g outside (0, 1)", p);
    *t = (tally){0};
    t->p = p;
    t->dwant[0] = 0.0;
    t->dwant[1] = p / 2.0;
    t->dwant[2] = p;
    t->dwant[3] = (1.0 + p) / 2.0;
    t->dwant[4] = 1.0;
    for (int i = 0; i < 5; i++) {
        t->pos[i] = i + 1;
        t->want[i] = 1.0 + 4.0 * t->dwant[i];
    }
}

void tally_init(tally *t)
{
    tally_init_quantile(t, 0.95);
}

static double parabolic(const tally *t, int i, double d)
{
    const double *q = t->q, *n = t->pos;
    return q[i] + d / (n[i + 1] - n[i - 1]) *
                      ((n[i] - n[i - 1] + d) * (q[i + 1] - q[i]) /
                           (n[i + 1] - n[i]) +
                       (n[i + 1] - n[i] - d) * (q[i] - q[i - 1]) /
                           (n[i] - n[i - 1]));
}

static double linear(const tally *t, int i, int d)
{
    return t->q[i] + d * (t->q[i + d] - t->q[i]) / (t->pos[i + d] - t->pos[i]);
}

static void quantile_add(tally *t, double x)
{
    if (t->n <= 5) {
        /* The first five observations are kept sorted (insertion). */
        int i = (int)t->n - 1;
        while (i > 0 && t->q[i - 1] > x) {
            t->q[i] = t->q[i - 1];
            i--;
        }
        t->q[i] = x;
        return;
    }
    int k;
    if (x < t->q[0]) {
        t->q[0] = x;
        k = 0;
    } else if (x >= t->q[4]) {
        t->q[4] = x;
        k = 3;
    } else {
        k = 0;
        while (k < 3 && x >= t->q[k + 1])
            k++;
    }
    for (int i = k + 1; i < 5; i++)
        t->pos[i] += 1.0;
    for (int i = 0; i < 5; i++)
        t->want[i] += t->dwant[i];
    for (int i = 1; i <= 3; i++) {
        double d = t->want[i] - t->pos[i];
        if ((d >= 1.0 && t->pos[i + 1] - t->pos[i] > 1.0) ||
            (d <= -1.0 && t->pos[i - 1] - t->pos[i] < -1.0)) {
            int step = d >= 0.0 ? 1 : -1;
            double candidate = parabolic(t, i, step);
            if (t->q[i - 1] < candidate && candidate < t->q[i + 1])
                t->q[i] = candidate;
            else
                t->q[i] = linear(t, i, step);
            t->pos[i] += step;
        }
    }
}

void tally_add(tally *t, double x)
{
    t->n++;
    if (t->n == 1) {
        t->mean = x;
        t->m2 = 0.0;
        t->min = t->max = x;
    } else {
        double delta = x - t->mean;
        t->mean += delta / (double)t->n;
        t->m2 += delta * (x - t->mean);
        if (x < t->min)
            t->min = x;
        if (x > t->max)
            t->max = x;
    }
    quantile_add(t, x);
}

uint64_t tally_count(const tally *t)
{
    return t->n;
}

double tally_mean(const tally *t)
{
    return t->n ? t->mean : 0.0;
}

double tally_variance(const tally *t)
{
    return t->n > 1 ? t->m2 / (double)(t->n - 1) : 0.0;
}

double tally_sd(const tally *t)
{
    return sqrt(tally_variance(t));
}

double tally_min(const tally *t)
{
    return t->n ? t->min : 0.0;
}

double tally_max(const tally *t)
{
    return t->n ? t->max : 0.0;
}

double tally_quantile(const tally *t)
{
    if (t->n == 0)
        return 0.0;
    if (t->n <= 5) {
        /* Exact, interpolated between order statistics. */
        double index = t->p * (double)(t->n - 1);
        int lo = (int)index;
        double frac = index - lo;
        if (lo >= (int)t->n - 1)
            return t->q[t->n - 1];
        return (1.0 - frac) * t->q[lo] + frac * t->q[lo + 1];
    }
    return t->q[2];
}
