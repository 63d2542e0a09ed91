/*
 * bench_line.c - a five-stage line making three products for a simulated
 * year at about 500 units a day (250, 150 and 100), each stage one machine
 * at about 80% load with exponential process times and, on two stages,
 * setups and breakdowns: runs per CPU second on one core for each control
 * (the controls take turns, run by run, so that a burst of load on the
 * machine falls on all of them), the median CPU and wall milliseconds of a
 * run, events per run, units made and peak memory.
 *
 * usage: bench_line [RUNS [DAYS [CONTROL]]]
 *        (default 40 runs per control, 365 days, every control)
 *
 * DAYS shortens the year (the warm-up scales with it: 30 days of 365);
 * the instruction-count gate (bench/gate.sh) runs a few short runs of one
 * control and reads `units`, the good units made in the observed window
 * of all its runs.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench_clock.h"
#include "models/world.h"

#define N_CONTROLS 5

static int build(world_spec *w, const char *control, double days, char *err,
                 size_t len)
{
    world_spec_init(w);
    w->horizon = days;
    w->warmup = 30.0 * days / 365.0;
    const char *names[] = {"A", "B", "C"};
    const double rates[] = {250.0, 150.0, 100.0};
    for (size_t p = 0; p < 3; p++) {
        product_spec *ps = &w->line.products[w->line.n_products++];
        product_spec_init(ps);
        snprintf(ps->name, sizeof ps->name, "%s", names[p]);
        ps->item.unit_cost = 20.0 + 10.0 * (double)p;
        ps->item.backorder_cost = 2.0;
        ps->demand.rate = rates[p];
    }
    const char *stages[] = {"cut", "press", "weld", "paint", "pack"};
    for (size_t k = 0; k < 5; k++) {
        stage_spec *st = &w->line.stages[w->line.n_stages++];
        stage_spec_init(st);
        snprintf(st->name, sizeof st->name, "%s", stages[k]);
        dist_free(&st->process_time);
        if (dist_exponential(&st->process_time, 0.8 / 500.0, err, len))
            return -1;
        if (k == 1 || k == 3) {
            dist_free(&st->setup_time);
            if (dist_constant(&st->setup_time, 0.0002, err, len))
                return -1;
            st->breakdown.enabled = 1;
            if (dist_exponential(&st->breakdown.time_between, 5.0, err,
                                 len) ||
                dist_exponential(&st->breakdown.repair, 0.05, err, len))
                return -1;
        }
    }
    snprintf(w->policy.name, sizeof w->policy.name, "%s", control);
    w->policy.type = policy_find(control);
    if (w->policy.type == policy_find("kanban"))
        policy_param_set(&w->policy.params, PARAM_CARDS, 30.0);
    return 0;
}

int main(int argc, char **argv)
{
    long runs = argc > 1 ? strtol(argv[1], NULL, 10) : 40;
    double days = argc > 2 ? strtod(argv[2], NULL) : 365.0;
    const char *only = argc > 3 ? argv[3] : NULL;
    const char *all[N_CONTROLS] = {"kanban", "conwip", "mrp", "heijunka",
                                   "campaign"};
    if (runs < 1 || !(days >= 1.0 && days <= 3650.0)) {
        fprintf(stderr, "usage: bench_line [RUNS >= 1 [DAYS 1..3650 "
                        "[CONTROL]]]\n");
        return 2;
    }
    const char *controls[N_CONTROLS];
    size_t n = 0;
    for (size_t c = 0; c < N_CONTROLS; c++)
        if (!only || !strcmp(only, all[c]))
            controls[n++] = all[c];
    if (n == 0) {
        fprintf(stderr, "bench_line: no control '%s'\n", only);
        return 2;
    }
    char err[300];
    world_spec spec[N_CONTROLS];
    world *w[N_CONTROLS];
    for (size_t c = 0; c < n; c++) {
        if (build(&spec[c], controls[c], days, err, sizeof err)) {
            fprintf(stderr, "bench_line: %s\n", err);
            return 1;
        }
        w[c] = world_create(&spec[c], err, sizeof err);
        if (!w[c]) {
            fprintf(stderr, "bench_line: %s: %s\n", controls[c], err);
            return 1;
        }
    }
    double *cpu = malloc((size_t)runs * n * sizeof *cpu);
    double *wall = malloc((size_t)runs * n * sizeof *wall);
    if (!cpu || !wall) {
        fprintf(stderr, "bench_line: out of memory\n");
        return 1;
    }
    uint64_t events[N_CONTROLS] = {0};
    double units[N_CONTROLS] = {0}, total_cpu[N_CONTROLS] = {0};
    for (long r = 0; r < runs; r++) {
        for (size_t c = 0; c < n; c++) {
            /* The row: as wide as the line's columns (world_row_width),
             * allocated outside the timed part. */
            double *m = malloc(world_row_width(&spec[c]) * sizeof *m);
            if (!m) {
                fprintf(stderr, "bench_line: out of memory\n");
                return 1;
            }
            bench_mark start = bench_now();
            if (world_run(w[c], 1, (uint64_t)r, m) != 0) {
                fprintf(stderr, "bench_line: out of memory\n");
                return 1;
            }
            bench_mark t = bench_since(start);
            cpu[c * (size_t)runs + (size_t)r] = t.cpu;
            wall[c * (size_t)runs + (size_t)r] = t.wall;
            total_cpu[c] += t.cpu;
            events[c] += world_events(w[c]);
            units[c] += m[line_column_line(LINE_THROUGHPUT)] *
                        (spec[c].horizon - spec[c].warmup);
            free(m);
        }
    }
    printf("five stages, three products, 500 units/day, %g days; %ld runs "
           "per control in turns, one core\n",
           days, runs);
    printf("%-10s %12s %12s %13s %12s %14s %10s\n", "control", "runs/CPU s",
           "CPU ms/run", "wall ms/run", "events/run", "CPU events/s",
           "units");
    for (size_t c = 0; c < n; c++) {
        double mc = bench_median(cpu + c * (size_t)runs, (size_t)runs);
        double mw = bench_median(wall + c * (size_t)runs, (size_t)runs);
        printf("%-10s %12.1f %12.2f %13.2f %12.0f %14.3e %10.0f\n",
               controls[c], 1.0 / mc, 1e3 * mc, 1e3 * mw,
               (double)events[c] / (double)runs,
               (double)events[c] / total_cpu[c], units[c]);
        world_destroy(w[c]);
        world_spec_free(&spec[c]);
    }
    free(cpu);
    free(wall);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("(medians of the runs; runs/CPU s = 1 / median CPU time)\n");
    printf("peak memory %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
    return 0;
}
