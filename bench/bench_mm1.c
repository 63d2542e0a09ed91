/*
 * bench_mm1.c - the M/M/1 queue (lambda 0.9, mu 1.0) through the library's
 * model (models/mm1.c on the kernel) against the bare hand-written loop of
 * bare_mm1.h, in interleaved rounds: the median CPU time per million
 * customers of each (and the wall time), their ratio, events per second,
 * and the mean sojourn against the exact 10.0. The bare loop runs twice a
 * round: drawing with gsl_ran_exponential (the yardstick of issue 19) and
 * as the model draws (-mean log(1 - u)), so that the kernel's own cost can
 * be told from the draws'.
 *
 * usage: bench_mm1 [CUSTOMERS [ROUNDS]]   (default 10,000,000 and 5)
 *
 * ROUNDS 0 runs the model once and no yardstick: the instruction-count
 * gate (bench/gate.sh) reads that.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "bare_mm1.h"
#include "bench_clock.h"
#include "models/mm1.h"

#define MAX_ROUNDS 101

int main(int argc, char **argv)
{
    double customers = argc > 1 ? strtod(argv[1], NULL) : 1e7;
    long rounds = argc > 2 ? strtol(argv[2], NULL, 10) : 5;
    if (!(customers >= 1.0) || rounds < 0 || rounds > MAX_ROUNDS) {
        fprintf(stderr, "usage: bench_mm1 [CUSTOMERS >= 1 [ROUNDS 0..%d]]\n",
                MAX_ROUNDS);
        return 2;
    }
    mm1_params p = {0.9, 1.0, 0.0, customers / 0.9};
    mm1_result res;
    bare_mm1_result bare = {0, 0.0};
    double cpu[MAX_ROUNDS], wall[MAX_ROUNDS], bare_cpu[2][MAX_ROUNDS],
        bare_wall[2][MAX_ROUNDS];
    long n = rounds ? rounds : 1;
    for (long k = 0; k < n; k++) {
        bench_mark start = bench_now();
        if (mm1_run(&p, 1, 0, &res) != 0) {
            fprintf(stderr, "bench_mm1: run failed\n");
            return 1;
        }
        bench_mark t = bench_since(start);
        double per_million = 1e6 / (double)res.departures;
        cpu[k] = t.cpu * per_million;
        wall[k] = t.wall * per_million;
        if (rounds == 0)
            break;
        for (int d = 0; d < 2; d++) {
            start = bench_now();
            if (bare_mm1(0.9, 1.0, res.departures, 1, d, &bare) != 0) {
                fprintf(stderr, "bench_mm1: out of memory\n");
                return 1;
            }
            t = bench_since(start);
            bare_cpu[d][k] = t.cpu * 1e6 / (double)bare.served;
            bare_wall[d][k] = t.wall * 1e6 / (double)bare.served;
        }
    }
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    printf("M/M/1 lambda 0.9 mu 1.0: %llu customers served, %llu events\n",
           (unsigned long long)res.departures,
           (unsigned long long)res.events);
    double c = bench_median(cpu, (size_t)n), w = bench_median(wall, (size_t)n);
    printf("kernel + model   %.1f ms CPU per million customers (wall %.1f), "
           "median of %ld\n",
           1e3 * c, 1e3 * w, n);
    printf("events per CPU second %.3e\n",
           (double)res.events / ((double)res.departures / 1e6) / c);
    const char *draw[2] = {"GSL's draw   ", "models' draw "};
    for (int d = 0; rounds > 0 && d < 2; d++) {
        double bc = bench_median(bare_cpu[d], (size_t)n);
        double bw = bench_median(bare_wall[d], (size_t)n);
        printf("bare loop, %s%.1f ms CPU per million customers (wall "
               "%.1f); kernel / bare %.2f\n",
               draw[d], 1e3 * bc, 1e3 * bw, c / bc);
    }
    if (rounds > 0)
        printf("bare loop mean sojourn %.4f\n", bare.mean_sojourn);
    printf("mean sojourn     %.4f (exact 10.0)\n", res.mean_sojourn);
    printf("mean in system   %.4f (exact 9.0)\n", res.mean_in_system);
    printf("peak RSS         %.1f MiB\n", (double)u.ru_maxrss / 1024.0);
    return 0;
}
