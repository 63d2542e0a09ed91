/*
 * bench_sweep.c - a sweep on one thread and on two: the flagship lesson,
 * suppliers.local.order_cost from 1 to 50 in steps of 1, 30 replications
 * (50 points x 2 policies x 30 = 3,000 runs), computed the way `jitsim
 * sweep` computes them locally (app/cmd_sweep.c: a batch of 4 x threads
 * points in parallel, one thread each, then appended in order; here the
 * blocks are formatted but not written to disk).
 *
 * Parallel efficiency from CPU time, not wall time, since on a shared
 * machine the wall clock measures the other jobs: each thread reads its
 * own CPU clock around each point it computes, so every batch's critical
 * path is its busiest thread's CPU time. The speed-up two free cores would
 * give is the one-thread run's CPU time over (the sum of the batches'
 * critical paths + the serial part's CPU time); the efficiency is that
 * over 2. The work ratio (one-thread CPU over the two-thread run's process
 * CPU) shows what running in parallel costs in extra work (caches, memory
 * bandwidth, the OpenMP runtime's waiting). Wall times are printed too.
 *
 * usage: bench_sweep [REPLICATIONS [ROUNDS]]   (default 30 and 3)
 */
#define _POSIX_C_SOURCE 200809L
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/sweep.h"
#include "bench_clock.h"

#define MAX_ROUNDS 21
#define MAX_THREADS 2

typedef struct sweep_timing {
    double wall, cpu;   /* the whole sweep, process clocks */
    double critical;    /* sum over batches of the busiest thread's CPU */
    double serial;      /* the master's CPU outside the parallel loops */
    uint64_t runs;
} sweep_timing;

static int run_sweep(const sweep_plan *plan, const run_config *cfg, int jobs,
                     sweep_timing *out)
{
    memset(out, 0, sizeof *out);
    size_t batch = jobs > 1 ? (size_t)(4 * jobs) : 1;
    sweep_block blocks[4 * MAX_THREADS];
    int failed[4 * MAX_THREADS];
    run_config inner = *cfg;
    inner.jobs = 1;
    bench_mark start = bench_now();
    double master_start = bench_thread_cpu(), in_parallel = 0.0;
    for (uint64_t i = 0; i < plan->n_points; i += batch) {
        size_t n = (size_t)(plan->n_points - i < batch ? plan->n_points - i
                                                       : batch);
        double busy[MAX_THREADS] = {0.0};
#pragma omp parallel for schedule(dynamic, 1) num_threads(jobs)
        for (size_t k = 0; k < n; k++) {
            double t0 = bench_thread_cpu();
            scenario_errors errors;
            char err[512];
            scenario_errors_init(&errors);
            failed[k] = sweep_compute(plan, i + k, &inner, &blocks[k],
                                      &errors, err, sizeof err);
            if (failed[k])
                fprintf(stderr, "bench_sweep: %s\n", err);
            scenario_errors_free(&errors);
            double dt = bench_thread_cpu() - t0;
#pragma omp atomic update
            busy[omp_get_thread_num()] += dt;
        }
        /* The master's own share of the points is in busy[0]; what else
         * it spent (starting and joining threads, freeing blocks) counts
         * as serial. */
        in_parallel += busy[0];
        double critical = 0.0;
        for (int t = 0; t < jobs; t++)
            critical = busy[t] > critical ? busy[t] : critical;
        out->critical += critical;
        for (size_t k = 0; k < n; k++) {
            if (failed[k])
                return -1;
            out->runs += blocks[k].runs;
            sweep_block_free(&blocks[k]);
        }
    }
    out->serial = bench_thread_cpu() - master_start - in_parallel;
    bench_mark t = bench_since(start);
    out->wall = t.wall;
    out->cpu = t.cpu;
    return 0;
}

int main(int argc, char **argv)
{
    long reps = argc > 1 ? strtol(argv[1], NULL, 10) : 30;
    long rounds = argc > 2 ? strtol(argv[2], NULL, 10) : 3;
    if (reps < 1 || rounds < 1 || rounds > MAX_ROUNDS) {
        fprintf(stderr, "usage: bench_sweep [REPLICATIONS >= 1 [ROUNDS "
                        "1..%d]]\n",
                MAX_ROUNDS);
        return 2;
    }
    const char *path = JITSIM_SOURCE_DIR "/scenarios/flagship.yaml";
    FILE *f = fopen(path, "rb");
    static char text[1 << 16];
    size_t len = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (!f || len == 0 || len == sizeof text - 1) {
        fprintf(stderr, "bench_sweep: cannot read %s\n", path);
        return 1;
    }
    fclose(f);
    scenario base;
    scenario_errors errors;
    scenario_errors_init(&errors);
    if (scenario_parse(text, len, path, NULL, 0, &base, &errors)) {
        for (size_t i = 0; i < errors.n; i++)
            fprintf(stderr, "%s\n", errors.lines[i]);
        return 1;
    }
    scenario_errors_free(&errors);
    char err[512];
    sweep_axis axis;
    memset(&axis, 0, sizeof axis);
    snprintf(axis.path, sizeof axis.path, "suppliers.local.order_cost");
    run_config cfg = {.replications = (uint64_t)reps, .jobs = 1};
    sweep_plan plan;
    if (sweep_parse_values("1:50:1", &axis, err, sizeof err) ||
        sweep_plan_init(&plan, text, len, path, NULL, 0, &base, &axis, 1,
                        &cfg, 0, 0, err, sizeof err)) {
        fprintf(stderr, "bench_sweep: %s\n", err);
        return 1;
    }
    scenario_free(&base);

    double wall[2][MAX_ROUNDS], cpu[2][MAX_ROUNDS], speedup[MAX_ROUNDS],
        work[MAX_ROUNDS], wall_speedup[MAX_ROUNDS];
    uint64_t runs = 0;
    for (long k = 0; k < rounds; k++) {
        sweep_timing one, two;
        if (run_sweep(&plan, &cfg, 1, &one) || run_sweep(&plan, &cfg, 2, &two))
            return 1;
        runs = one.runs;
        wall[0][k] = one.wall;
        wall[1][k] = two.wall;
        cpu[0][k] = one.cpu;
        cpu[1][k] = two.cpu;
        speedup[k] = one.cpu / (two.critical + two.serial);
        work[k] = one.cpu / two.cpu;
        wall_speedup[k] = one.wall / two.wall;
    }
    printf("flagship sweep, order_cost 1:50:1, %ld replications: %llu runs; "
           "1 then 2 threads, %ld rounds, medians\n",
           reps, (unsigned long long)runs, rounds);
    for (int j = 0; j < 2; j++) {
        double c = bench_median(cpu[j], (size_t)rounds);
        double w = bench_median(wall[j], (size_t)rounds);
        printf("%d thread%s  %7.3f s CPU  %7.3f s wall  %8.0f runs per "
               "wall second\n",
               j + 1, j ? "s" : " ", c, w, (double)runs / w);
    }
    double s = bench_median(speedup, (size_t)rounds);
    printf("speed-up on two free cores (from CPU time) %.2fx: parallel "
           "efficiency %.2f\n",
           s, s / 2.0);
    printf("work ratio (1-thread CPU / 2-thread CPU) %.2f; wall-clock "
           "speed-up %.2fx (counts the machine's other jobs)\n",
           bench_median(work, (size_t)rounds),
           bench_median(wall_speedup, (size_t)rounds));
    sweep_plan_fini(&plan);
    return 0;
}
