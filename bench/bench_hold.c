/*
 * bench_hold.c - the classic hold model: N events pending; each event, when
 * it fires, schedules one new event at now + Exp(1). jitsim's kernel (a
 * handler called per event, its records pooled) against the plain 4-ary
 * heap of ref_heap.h, with the same generator and the same draws, in
 * interleaved rounds: the median CPU nanoseconds per hold of each (and
 * wall), their ratio, and memory, for N = 10^3 .. 10^6.
 *
 * usage: bench_hold [HOLDS [ROUNDS]]   (default 4,000,000 holds, 5 rounds)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <gsl/gsl_randist.h>

#include "bench_clock.h"
#include "ref_heap.h"
#include "sim/sim.h"
#include "sim/stream.h"

#define MAX_ROUNDS 101

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
    uint64_t holds = argc > 1 ? strtoull(argv[1], NULL, 10) : 4000000;
    long rounds = argc > 2 ? strtol(argv[2], NULL, 10) : 5;
    if (holds < 1 || rounds < 1 || rounds > MAX_ROUNDS) {
        fprintf(stderr, "usage: bench_hold [HOLDS >= 1 [ROUNDS 1..%d]]\n",
                MAX_ROUNDS);
        return 2;
    }
    printf("hold model: %llu holds per size and round, Exp(1) increments, "
           "generator taus2; medians of %ld interleaved rounds\n",
           (unsigned long long)holds, rounds);
    printf("%10s %12s %12s %12s %12s %8s %12s %13s\n", "pending",
           "jitsim CPU", "jitsim wall", "4-ary CPU", "4-ary wall", "ratio",
           "kernel MiB", "peak RSS MiB");
    printf("%10s %12s %12s %12s %12s %8s\n", "", "ns/hold", "ns/hold",
           "ns/hold", "ns/hold", "CPU");
    for (size_t n = 1000; n <= 1000000; n *= 10) {
        sim *s = sim_create();
        gsl_rng *r = stream_create(1, n, "hold");
        gsl_rng *rr = stream_create(1, n, "hold");
        ref_heap q;
        if (!s || !r || !rr || ref_heap_init(&q, n)) {
            fprintf(stderr, "bench_hold: out of memory\n");
            return 1;
        }
        for (size_t i = 0; i < n; i++) {
            sim_schedule(s, gsl_ran_exponential(r, 1.0), hold, r, 0);
            ref_push(&q, gsl_ran_exponential(rr, 1.0));
        }
        /* Let the time distribution settle before measuring. */
        for (size_t i = 0; i < 2 * n; i++) {
            sim_step(s);
            ref_hold(&q, gsl_ran_exponential(rr, 1.0));
        }
        double cpu[MAX_ROUNDS], wall[MAX_ROUNDS], rcpu[MAX_ROUNDS],
            rwall[MAX_ROUNDS], ratio[MAX_ROUNDS];
        for (long k = 0; k < rounds; k++) {
            bench_mark start = bench_now();
            for (uint64_t i = 0; i < holds; i++)
                sim_step(s);
            bench_mark t = bench_since(start);
            cpu[k] = 1e9 * t.cpu / (double)holds;
            wall[k] = 1e9 * t.wall / (double)holds;
            start = bench_now();
            for (uint64_t i = 0; i < holds; i++)
                ref_hold(&q, gsl_ran_exponential(rr, 1.0));
            t = bench_since(start);
            rcpu[k] = 1e9 * t.cpu / (double)holds;
            rwall[k] = 1e9 * t.wall / (double)holds;
            ratio[k] = cpu[k] / rcpu[k];
        }
        printf("%10zu %12.1f %12.1f %12.1f %12.1f %8.2f %12.1f %13.1f\n", n,
               bench_median(cpu, (size_t)rounds),
               bench_median(wall, (size_t)rounds),
               bench_median(rcpu, (size_t)rounds),
               bench_median(rwall, (size_t)rounds),
               bench_median(ratio, (size_t)rounds),
               (double)sim_memory(s) / 1048576.0,
               (double)peak_rss_kib() / 1024.0);
        gsl_rng_free(r);
        gsl_rng_free(rr);
        ref_heap_free(&q);
        sim_destroy(s);
    }
    printf("(ratio: the median over rounds of jitsim's CPU time over the "
           "4-ary heap's in the same round)\n");
    return 0;
}
