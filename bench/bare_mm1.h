/*
 * bare_mm1.h - the yardstick of the M/M/1 benchmarks: the same queue
 * (lambda, mu, first come first served) written as one hand-made loop with
 * no event list and no model, drawing its exponentials from the same GSL
 * generator (taus2 streams) with gsl_ran_exponential (-mean log1p(-u)), or,
 * asked, with -mean log(1 - u) as jitsim's models draw them (models/dist.h:
 * the same variates up to rounding, twice as fast). It is what a
 * simulation of this queue cannot beat by much; jitsim's figures are read
 * against it (docs/kernel.md). It is not a model: nothing but the mean
 * sojourn.
 */
#ifndef JITSIM_BENCH_BARE_MM1_H
#define JITSIM_BENCH_BARE_MM1_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "models/dist.h"
#include "sim/stream.h"

typedef struct bare_mm1_result {
    uint64_t served;
    double mean_sojourn;
} bare_mm1_result;

static inline double bare_exp(gsl_rng *r, double mean, int log_1m)
{
    return log_1m ? dist_exponential_draw(r, mean)
                  : gsl_ran_exponential(r, mean);
}

/* Serves `customers` customers; 0, or -1 out of memory. The arrival times
 * of those in the system wait in a ring that doubles when full. log_1m: draw
 * as the models do (-mean log(1 - u)) rather than as GSL does. */
static inline int bare_mm1(double lambda, double mu, uint64_t customers,
                           uint64_t seed, int log_1m, bare_mm1_result *out)
{
    gsl_rng *arrivals = stream_create(seed, 0, "arrivals");
    gsl_rng *service = stream_create(seed, 0, "service");
    size_t cap = 1024, head = 0, count = 0;
    double *ring = malloc(cap * sizeof *ring);
    int rc = -1;
    if (!arrivals || !service || !ring)
        goto done;
    double next_arrival = bare_exp(arrivals, 1.0 / lambda, log_1m);
    double next_departure = INFINITY, sojourn = 0.0;
    uint64_t served = 0;
    while (served < customers) {
        if (next_arrival < next_departure) {
            double now = next_arrival;
            if (count == cap) {
                double *r = malloc(2 * cap * sizeof *r);
                if (!r)
                    goto done;
                for (size_t i = 0; i < count; i++)
                    r[i] = ring[(head + i) & (cap - 1)];
                free(ring);
                ring = r;
                head = 0;
                cap *= 2;
            }
            ring[(head + count++) & (cap - 1)] = now;
            if (count == 1)
                next_departure =
                    now + bare_exp(service, 1.0 / mu, log_1m);
            next_arrival = now + bare_exp(arrivals, 1.0 / lambda, log_1m);
        } else {
            double now = next_departure;
            sojourn += now - ring[head];
            head = (head + 1) & (cap - 1);
            count--;
            served++;
            next_departure =
                count ? now + bare_exp(service, 1.0 / mu, log_1m)
                      : INFINITY;
        }
    }
    out->served = served;
    out->mean_sojourn = sojourn / (double)served;
    rc = 0;
done:
    free(ring);
    gsl_rng_free(arrivals);
    gsl_rng_free(service);
    return rc;
}

#endif
