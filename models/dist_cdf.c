/*
 * dist_cdf.c - the distribution function of every kind of dist.
 *
 * The auto rules need a lead time's whole law, not only its mean and
 * variance, where deliveries keep their order (models/policy_lead.c): the
 * lead time an order sees is the largest of several transit draws. Kept
 * apart from dist.c, which builds, parses and samples distributions.
 */
#include "dist.h"

#include <gsl/gsl_cdf.h>

double dist_cdf(const dist *d, double x)
{
    switch (d->kind) {
    case DIST_CONSTANT:
        return x >= d->a ? 1.0 : 0.0;
    case DIST_UNIFORM:
        if (x >= d->b)
            return 1.0;
        if (x < d->a)
            return 0.0;
        return (x - d->a) / (d->b - d->a);
    case DIST_EXPONENTIAL:
        return x <= 0.0 ? 0.0 : gsl_cdf_exponential_P(x, d->a);
    case DIST_NORMAL: {
        if (x < 0.0)
            return 0.0;
        if (d->b == 0.0)
            return x >= d->a ? 1.0 : 0.0;
        /* Truncated at 0, as sampled (dist.c): upper tails keep the
         * precision far from the mean. */
        double kept = gsl_cdf_ugaussian_Q(-d->a / d->b);
        return 1.0 - gsl_cdf_ugaussian_Q((x - d->a) / d->b) / kept;
    }
    case DIST_LOGNORMAL: {
        if (x <= 0.0)
            return 0.0;
        double s2 = log1p(d->b * d->b);
        return gsl_cdf_lognormal_P(x, log(d->a) - 0.5 * s2, sqrt(s2));
    }
    case DIST_GAMMA:
        return x <= 0.0 ? 0.0 : gsl_cdf_gamma_P(x, d->a, d->b);
    case DIST_POISSON:
        return x < 0.0 ? 0.0 : gsl_cdf_poisson_P((unsigned)floor(x), d->a);
    case DIST_NEGBINOMIAL:
        return x < 0.0 ? 0.0
                       : gsl_cdf_negative_binomial_P((unsigned)floor(x),
                                                     d->a, d->b);
    case DIST_DISCRETE: {
        double p = 0.0;
        for (size_t i = 0; i < d->n; i++)
            if (d->values[i] <= x)
                p += d->probs[i];
        return p > 1.0 ? 1.0 : p;
    }
    }
    return NAN;
}
