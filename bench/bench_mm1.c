/*
 * bench_mm1.c - the M/M/1 queue (lambda 0.9, mu 1.0) through the library's
 * model: wall time per million customers, events per second, and the mean
 * sojourn against the exact 10.0.
 *
 * usage: bench_mm1 [CUSTOMERS]   (default 10,000,000)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "models/mm1.h"

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    double customers = argc > 1 ? strtod(argv[1], NULL) : 1e7;
    mm1_params p = {0.9, 1.0, 0.0, customers / 0.9};
    mm1_result res;
    double start = seconds_now();
    if (mm1_run(&p, 1, 0, &res) != 0) {
        fprintf(stderr, "bench_mm1: run failed\n");
        return 1;
    }
    double elapsed = seconds_now() - start;
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    printf("M/M/1 lambda 0.9 mu 1.0: %.0f customers served\n",
           (double)res.departures);
    printf("wall time        %.3f s (%.1f ms per million customers)\n",
           elapsed, 1e3 * elapsed / ((double)res.departures / 1e6));
    printf("events per second %.3e (%llu events)\n",
           (double)res.events / elapsed, (unsigned long long)res.events);
    printf("mean sojourn     %.4f (exact 10.0)\n", res.mean_sojourn);
    printf("mean in system   %.4f (exact 9.0)\n", res.mean_in_system);
    printf("peak RSS         %.1f MiB\n", (double)u.ru_maxrss / 1024.0);
    return 0;
}
