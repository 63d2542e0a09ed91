/*
 * bench_policies.c - one replication of a year of daily demand (Poisson,
 * 40 orders a day, unit size, a local supplier with a gamma lead time) for
 * each policy: runs per CPU second, CPU and wall microseconds per run,
 * events per CPU second.
 *
 * usage: bench_policies [RUNS [POLICY]]
 *        (default 2,000 runs per policy, every policy; POLICY benches that
 *        policy only: kanban its two rows, the defaults and the flagship's
 *        sizing)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_clock.h"
#include "models/world.h"

int main(int argc, char **argv)
{
    long runs = argc > 1 ? strtol(argv[1], NULL, 10) : 2000;
    const char *only = argc > 2 ? argv[2] : NULL;
    if (runs < 1) {
        fprintf(stderr, "usage: bench_policies [RUNS >= 1 [POLICY]]\n");
        return 2;
    }
    if (only && (!policy_find(only) || policy_find(only)->line_only)) {
        fprintf(stderr, "bench_policies: no stock-point policy '%s'\n",
                only);
        return 2;
    }
    char err[300];
    printf("one year, Poisson demand 40/day, gamma(2, cv 0.25) lead time; "
           "%ld runs per policy\n",
           runs);
    printf("%-14s %12s %12s %12s %14s\n", "policy", "runs/CPU s",
           "CPU us/run", "wall us/run", "CPU events/s");
    /* Every policy with its defaults, then kanban sized as in the
     * flagship lesson (the container-20 loop without safety above runs
     * short 30% of the time, which costs time too). */
    for (size_t i = 0; i <= policy_type_count(); i++) {
        int flagship_kanban = i == policy_type_count();
        const policy_type *type =
            flagship_kanban ? policy_find("kanban") : policy_type_at(i);
        if (type->line_only)
            continue; /* bench_line measures the line controls */
        if (only && strcmp(only, type->name))
            continue;
        world_spec spec;
        world_spec_init(&spec);
        spec.horizon = 365.0;
        spec.warmup = 30.0;
        spec.item.unit_cost = 20.0;
        spec.item.backorder_cost = 1.5;
        spec.demand.rate = 40.0;
        supplier_spec sup;
        supplier_spec_init(&sup);
        snprintf(sup.name, sizeof sup.name, "local");
        dist_free(&sup.lead_time);
        if (dist_from_mean_cv(&sup.lead_time, DIST_GAMMA, 2.0, 0.25, err,
                              sizeof err) != 0) {
            fprintf(stderr, "bench_policies: %s\n", err);
            return 1;
        }
        sup.order_cost = 50.0;
        world_spec_add_supplier(&spec, &sup);
        supplier_spec_free(&sup);
        if (type->dual_sourced) {
            /* The second source: twice as fast, a third dearer. */
            supplier_spec_init(&sup);
            snprintf(sup.name, sizeof sup.name, "express");
            dist_free(&sup.lead_time);
            if (dist_from_mean_cv(&sup.lead_time, DIST_GAMMA, 1.0, 0.25, err,
                                  sizeof err) != 0) {
                fprintf(stderr, "bench_policies: %s\n", err);
                return 1;
            }
            sup.order_cost = 50.0;
            sup.unit_price = 4.0 / 3.0 * spec.item.unit_cost;
            world_spec_add_supplier(&spec, &sup);
            supplier_spec_free(&sup);
            spec.policy.second_supplier = 1;
        }
        snprintf(spec.policy.name, sizeof spec.policy.name, "%s", type->name);
        spec.policy.type = type;
        spec.policy.supplier = 0;
        if (type == policy_find("kanban"))
            policy_param_set(&spec.policy.params, PARAM_CONTAINER,
                             flagship_kanban ? 10.0 : 20.0);
        if (type == policy_find("standing_split"))
            policy_param_set(&spec.policy.params, PARAM_SPLIT, 0.8);
        if (flagship_kanban)
            policy_param_set(&spec.policy.params, PARAM_SAFETY, 0.5);
        world *w = world_create(&spec, err, sizeof err);
        if (!w) {
            fprintf(stderr, "bench_policies: %s: %s\n", type->name, err);
            return 1;
        }
        double m[METRIC_COUNT]; /* a stock point's row */
        uint64_t events = 0;
        bench_mark start = bench_now();
        for (long r = 0; r < runs; r++) {
            world_run(w, 1, (uint64_t)r, m);
            events += world_events(w);
        }
        bench_mark t = bench_since(start);
        printf("%-14s %12.0f %12.1f %12.1f %14.3e\n",
               flagship_kanban ? "kanban C10 a.5" : type->name,
               (double)runs / t.cpu, 1e6 * t.cpu / (double)runs,
               1e6 * t.wall / (double)runs, (double)events / t.cpu);
        world_destroy(w);
        world_spec_free(&spec);
    }
    return 0;
}
