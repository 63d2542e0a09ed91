/*
 * bench_line.c - a five-stage line making three products for a simulated
 * year at about 500 units a day (250, 150 and 100), each stage one machine
 * at about 80% load with exponential process times and, on two stages,
 * setups and breakdowns: replications per second on one core for each
 * control, events per second, and peak memory.
 *
 * usage: bench_line [RUNS]   (default 40 per control)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "models/world.h"

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int build(world_spec *w, const char *control, char *err, size_t len)
{
    world_spec_init(w);
    w->horizon = 365.0;
    w->warmup = 30.0;
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
    const char *controls[] = {"kanban", "conwip", "mrp", "heijunka",
                              "campaign"};
    char err[300];
    printf("five stages, three products, 500 units/day, one year; "
           "%ld runs per control, one core\n",
           runs);
    printf("%-10s %10s %10s %14s %12s\n", "control", "runs/s", "ms/run",
           "events/s", "throughput");
    for (size_t c = 0; c < sizeof controls / sizeof controls[0]; c++) {
        world_spec spec;
        if (build(&spec, controls[c], err, sizeof err)) {
            fprintf(stderr, "bench_line: %s\n", err);
            return 1;
        }
        world *w = world_create(&spec, err, sizeof err);
        if (!w) {
            fprintf(stderr, "bench_line: %s: %s\n", controls[c], err);
            return 1;
        }
        metrics m;
        uint64_t events = 0;
        double throughput = 0.0;
        double start = seconds_now();
        for (long r = 0; r < runs; r++) {
            if (world_run(w, 1, (uint64_t)r, &m) != 0) {
                fprintf(stderr, "bench_line: out of memory\n");
                return 1;
            }
            events += world_events(w);
            throughput += m.value[line_column_line(LINE_THROUGHPUT)];
        }
        double elapsed = seconds_now() - start;
        printf("%-10s %10.1f %10.2f %14.3e %12.1f\n", controls[c],
               (double)runs / elapsed, 1e3 * elapsed / (double)runs,
               (double)events / elapsed, throughput / (double)runs);
        world_destroy(w);
        world_spec_free(&spec);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak memory %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
    return 0;
}
