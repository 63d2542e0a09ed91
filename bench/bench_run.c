/*
 * bench_run.c - the whole product path of `jitsim run -j 1 -o DIR` on a
 * scenario file: parse, build, run every replication with every statistic,
 * summarise, write the CSV files. Prints the start-up time (parse and
 * build), the CPU time per customer and customers per CPU second, and (on
 * the default make-to-order M/M/1 scenario) the same against the bare loop
 * of bare_mm1.h on as many customers (drawing as GSL does and as the
 * models do), in interleaved rounds (medians).
 *
 * usage: bench_run [SCENARIO.yaml [ROUNDS]]
 *        (default bench/mto_mm1.yaml and 3 rounds)
 *
 * ROUNDS 0 runs the path once and no yardstick.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/output.h"
#include "analysis/run.h"
#include "analysis/scenario.h"
#include "bare_mm1.h"
#include "bench_clock.h"

#define MAX_ROUNDS 101

/* One pass of the path; the customers served, or -1. */
static double product_path(const char *path, bench_mark *startup,
                           bench_mark *rest, double *lead_time,
                           uint64_t *events, char *name, size_t name_len)
{
    bench_mark t0 = bench_now();
    scenario sc;
    scenario_errors errors;
    scenario_errors_init(&errors);
    if (scenario_load(path, NULL, 0, &sc, &errors) != 0) {
        for (size_t i = 0; i < errors.n; i++)
            fprintf(stderr, "%s\n", errors.lines[i]);
        scenario_errors_free(&errors);
        return -1;
    }
    scenario_errors_free(&errors);
    *startup = bench_since(t0);
    bench_mark t1 = bench_now();
    run_config cfg = {.jobs = 1};
    run_result r;
    char err[300];
    if (run_execute(&sc, &cfg, &r, err, sizeof err) != 0) {
        fprintf(stderr, "bench_run: %s\n", err);
        scenario_free(&sc);
        return -1;
    }
    char dir[] = "/tmp/jitsim_benchXXXXXX";
    if (!mkdtemp(dir) || output_write_csv(&sc, &r, dir, err, sizeof err)) {
        fprintf(stderr, "bench_run: %s\n", err);
        return -1;
    }
    *rest = bench_since(t1);
    double customers = 0.0;
    for (size_t p = 0; p < r.n_policies; p++)
        for (uint64_t k = 0; k < r.n_reps; k++)
            customers += run_row(&r, p, k)[METRIC_CUSTOMER_ORDERS];
    *lead_time = run_summary(&r, 0, METRIC_CUSTOMER_LEAD_TIME_MEAN)->mean;
    *events = r.events;
    snprintf(name, name_len, "%s", sc.name);
    char file[128];
    const char *names[] = {"summary.csv", "replications.csv"};
    for (int i = 0; i < 2; i++) {
        snprintf(file, sizeof file, "%s/%s", dir, names[i]);
        remove(file);
    }
    rmdir(dir);
    run_result_free(&r);
    scenario_free(&sc);
    return customers;
}

int main(int argc, char **argv)
{
    int own = argc < 2;
    const char *path = own ? JITSIM_SOURCE_DIR "/bench/mto_mm1.yaml" : argv[1];
    long rounds = argc > 2 ? strtol(argv[2], NULL, 10) : 3;
    if (rounds < 0 || rounds > MAX_ROUNDS) {
        fprintf(stderr, "usage: bench_run [SCENARIO.yaml [ROUNDS 0..%d]]\n",
                MAX_ROUNDS);
        return 2;
    }
    long n = rounds ? rounds : 1;
    double up_cpu[MAX_ROUNDS], cpu[MAX_ROUNDS], wall[MAX_ROUNDS],
        bare_cpu[2][MAX_ROUNDS];
    double customers = 0.0, lead_time = 0.0;
    uint64_t events = 0;
    char name[256];
    for (long k = 0; k < n; k++) {
        bench_mark up, rest;
        customers = product_path(path, &up, &rest, &lead_time, &events, name,
                                 sizeof name);
        if (customers < 0.0)
            return 1;
        up_cpu[k] = up.cpu;
        cpu[k] = rest.cpu / customers;
        wall[k] = rest.wall / customers;
        if (rounds == 0 || !own)
            continue;
        /* The scenario's two replications of about a million each. */
        for (int d = 0; d < 2; d++) {
            bare_mm1_result bare;
            bench_mark start = bench_now();
            if (bare_mm1(0.9, 1.0, (uint64_t)(customers / 2), 1, d, &bare) ||
                bare_mm1(0.9, 1.0, (uint64_t)(customers / 2), 2, d, &bare)) {
                fprintf(stderr, "bench_run: out of memory\n");
                return 1;
            }
            bare_cpu[d][k] =
                bench_since(start).cpu / (double)(2 * bare.served);
        }
    }
    double c = bench_median(cpu, (size_t)n);
    printf("%s: %.0f customers, %llu events; median of %ld\n", name,
           customers, (unsigned long long)events, n);
    printf("start-up (parse + check) %.2f ms CPU\n",
           1e3 * bench_median(up_cpu, (size_t)n));
    printf("run + summaries + CSV    %.1f ns CPU per customer (wall %.1f): "
           "%.3e customers per CPU second\n",
           1e9 * c, 1e9 * bench_median(wall, (size_t)n), 1.0 / c);
    const char *draw[2] = {"GSL's draw  ", "models' draw"};
    for (int d = 0; rounds > 0 && own && d < 2; d++) {
        double bc = bench_median(bare_cpu[d], (size_t)n);
        printf("bare loop, %s %.1f ns CPU per customer: the product path "
               "runs at %.2f of its speed\n",
               draw[d], 1e9 * bc, bc / c);
    }
    printf("mean customer lead time  %.4f%s\n", lead_time,
           own ? " (exact 1/(mu - lambda) = 10.0)" : "");
    return 0;
}
