/*
 * bench_hold.c - the classic hold model: N events pending; each event, when
 * it fires, schedules one new event at now + Exp(1). Prints nanoseconds per
 * hold (CPU time of the process, and wall time), events per second and
 * memory for N = 10^3 .. 10^6.
 *
 * usage: bench_hold [HOLDS]   (default 10,000,000 holds per N)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <gsl/gsl_randist.h>

#include "bench_clock.h"
#include "sim/sim.h"
#include "sim/stream.h"

static long peak_rss_kib(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

static void hold(sim *s, void *ctx, uint64_t arg)
{
    gsl_rng *r = ctx;
    sim_schedule(s, sim_now(s) + gsl_ran_exponential(r, 1.0), hold, r, arg);
}

int main(int argc, char **argv)
{
    uint64_t holds = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
    printf("hold model: %llu holds per size, Exp(1) increments, generator "
           "taus2\n",
           (unsigned long long)holds);
    printf("%10s %12s %12s %14s %12s %13s\n", "pending", "CPU ns/hold",
           "wall ns/hold", "CPU events/s", "kernel MiB", "peak RSS MiB");
    for (size_t n = 1000; n <= 1000000; n *= 10) {
        sim *s = sim_create();
        gsl_rng *r = stream_create(1, n, "hold");
        for (size_t i = 0; i < n; i++)
            sim_schedule(s, gsl_ran_exponential(r, 1.0), hold, r, 0);
        /* Let the time distribution settle before measuring. */
        for (size_t i = 0; i < 2 * n; i++)
            sim_step(s);
        bench_mark start = bench_now();
        for (uint64_t i = 0; i < holds; i++)
            sim_step(s);
        bench_mark t = bench_since(start);
        printf("%10zu %12.1f %12.1f %14.3e %12.1f %13.1f\n", n,
               1e9 * t.cpu / (double)holds, 1e9 * t.wall / (double)holds,
               (double)holds / t.cpu, (double)sim_memory(s) / 1048576.0,
               (double)peak_rss_kib() / 1024.0);
        gsl_rng_free(r);
        sim_destroy(s);
    }
    return 0;
}
