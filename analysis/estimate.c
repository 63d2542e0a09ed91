/*
 * estimate.c - Student-t intervals and paired differences.
 */
#include "estimate.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

int estimate_mean(const double *x, size_t n, double level, estimate *out)
{
    if (n == 0 || !(level > 0.0 && level < 1.0))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return -1;
    out->n = n;
    out->level = level;
    out->mean = gsl_stats_mean(x, 1, n);
    if (n < 2) {
        out->sd = 0.0;
        out->half_width = out->low = out->high = NAN;
        return 0;
    }
    out->sd = gsl_stats_sd_m(x, 1, n, out->mean);
    double t = gsl_cdf_tdist_Pinv(0.5 + level / 2.0, (double)(n - 1));
    out->half_width = t * out->sd / sqrt((double)n);
    out->low = out->mean - out->half_width;
    out->high = out->mean + out->half_width;
    return 0;
}

int estimate_paired(const double *a, const double *b, size_t n, double level,
                    estimate *out)
{
    if (n == 0)
        return -1;
    double *d = malloc(n * sizeof *d);
    if (!d)
        return -1;
    for (size_t i = 0; i < n; i++)
        d[i] = a[i] - b[i];
    int rc = estimate_mean(d, n, level, out);
    free(d);
    return rc;
}

int estimate_sign(const estimate *e)
{
    if (!(e->n >= 2) || isnan(e->low))
        return 0;
    if (e->low > 0.0)
        return 1;
    if (e->high < 0.0)
        return -1;
    return 0;
}
