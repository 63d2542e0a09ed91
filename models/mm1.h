/*
 * mm1.h - the M/M/1 queue: the kernel's reference workload.
 *
 * Customers arrive as a Poisson process of rate lambda and are served first
 * come first served by one server with exponential service times of rate mu.
 * It is also a make-to-order production stage in miniature, and the model
 * whose closed forms (W = 1/(mu - lambda), L = rho/(1 - rho)) check the
 * kernel, the random streams and the statistics end to end.
 *
 * Random sources: "arrivals" and "service", so a run is a pure function of
 * (parameters, seed, replication).
 */
#ifndef JITSIM_MM1_H
#define JITSIM_MM1_H

#include <stdint.h>

typedef struct mm1_params {
    double lambda;  /* arrival rate, > 0 */
    double mu;      /* service rate, > 0 */
    double warmup;  /* statistics start here, >= 0 */
    double horizon; /* the run stops here, > warmup */
} mm1_params;

typedef struct mm1_result {
    double mean_sojourn;   /* arrival to departure, customers departing in
                              [warmup, horizon) */
    double mean_in_system; /* time-average number in system over the window */
    double utilisation;    /* fraction of the window the server was busy */
    double throughput;     /* departures per time unit in the window */
    uint64_t departures;   /* customers counted in mean_sojourn */
    uint64_t events;       /* events fired, warm-up included */
} mm1_result;

/* Checks the parameters; returns NULL if valid, else a message saying which
 * is wrong and what is expected. A queue with lambda >= mu is valid (it
 * grows without bound), though it has no steady state. */
const char *mm1_check(const mm1_params *p);

/* Runs one replication. Returns 0, or -1 if the parameters are invalid or
 * memory runs out. */
int mm1_run(const mm1_params *p, uint64_t seed, uint64_t replication,
            mm1_result *out);

/* The steady-state values for lambda < mu (NaN otherwise). */
double mm1_exact_sojourn(const mm1_params *p);
double mm1_exact_in_system(const mm1_params *p);

#endif
