/*
 * bench_run.c - the whole product path of `jitsim run -j 1 -o DIR` on a
 * scenario file: parse, build, run every replication with every statistic,
 * summarise, write the CSV files. Prints the start-up time (parse and
 * build) and customers per second.
 *
 * usage: bench_run [SCENARIO.yaml]   (default bench/mto_mm1.yaml)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "analysis/output.h"
#include "analysis/run.h"
#include "analysis/scenario.h"

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    const char *path =
        argc > 1 ? argv[1] : JITSIM_SOURCE_DIR "/bench/mto_mm1.yaml";
    double t0 = seconds_now();
    scenario sc;
    scenario_errors errors;
    scenario_errors_init(&errors);
    if (scenario_load(path, NULL, 0, &sc, &errors) != 0) {
        for (size_t i = 0; i < errors.n; i++)
            fprintf(stderr, "%s\n", errors.lines[i]);
        return 2;
    }
    scenario_errors_free(&errors);
    double t1 = seconds_now();
    run_config cfg = {.jobs = 1};
    run_result r;
    char err[300];
    if (run_execute(&sc, &cfg, &r, err, sizeof err) != 0) {
        fprintf(stderr, "bench_run: %s\n", err);
        return 1;
    }
    char dir[] = "/tmp/jitsim_benchXXXXXX";
    if (!mkdtemp(dir) || output_write_csv(&sc, &r, dir, err, sizeof err)) {
        fprintf(stderr, "bench_run: %s\n", err);
        return 1;
    }
    double t2 = seconds_now();
    double customers = 0.0;
    for (size_t p = 0; p < r.n_policies; p++)
        for (uint64_t k = 0; k < r.n_reps; k++)
            customers += run_row(&r, p, k)->value[METRIC_CUSTOMER_ORDERS];
    printf("%s: %.0f customers, %llu events\n", sc.name, customers,
           (unsigned long long)r.events);
    printf("start-up (parse + check) %.2f ms\n", 1e3 * (t1 - t0));
    printf("run + summaries + CSV    %.3f s: %.3e customers per second "
           "(%.1f ns per customer)\n",
           t2 - t1, customers / (t2 - t1), 1e9 * (t2 - t1) / customers);
    printf("mean customer lead time  %.4f%s\n",
           run_summary(&r, 0, METRIC_CUSTOMER_LEAD_TIME_MEAN)->mean,
           argc > 1 ? "" : " (exact 1/(mu - lambda) = 10.0)");
    char file[128];
    const char *names[] = {"summary.csv", "replications.csv"};
    for (int i = 0; i < 2; i++) {
        snprintf(file, sizeof file, "%s/%s", dir, names[i]);
        remove(file);
    }
    rmdir(dir);
    run_result_free(&r);
    scenario_free(&sc);
    return 0;
}
