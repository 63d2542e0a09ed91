/*
 * bench_chain.c - supply chains (models/network.c): runs per CPU second of
 * one replication of a simulated year, against the aims of
 * docs/networks.md (Speed):
 *   - a serial chain of four nodes (factory, distributor, wholesaler,
 *     retailer), Poisson demand of 40 a day at the retailer: at least 300
 *     runs per CPU second on one core;
 *   - one warehouse and 100 retailers, Poisson 40 a day at each: at least
 *     10 runs per CPU second.
 * Each under one-for-one base stock (an order per customer: the most
 * events) and under (s, S) with its auto values (orders in batches).
 * Prints runs per CPU second, events per run and per CPU second, in
 * interleaved rounds (medians). Never passes or fails on time.
 *
 * usage: bench_chain [ROUNDS [SHAPE POLICY]]   (default 3 rounds, all)
 *        SHAPE 0 (serial) or 1 (tree), POLICY 0 (base stock) or 1 (sS):
 *        that one alone, e.g. under callgrind.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario.h"
#include "bench_clock.h"
#include "models/world.h"

#define MAX_ROUNDS 31
#define TEXT_MAX (64 * 1024)

/* The scenario's text: a serial chain of four, or a warehouse and
 * `retailers` retailers. */
static void chain_text(char *buf, size_t len, int tree, int retailers)
{
    size_t used = (size_t)snprintf(
        buf, len,
        "name: bench chain\nhorizon: 365\nwarmup: 30\nreplications: 1\n"
        "item: {unit_cost: 20, holding_rate: 0.25, backorder_cost: 1.5}\n"
        "demand: {rate: 40}\n"
        "suppliers:\n  - {name: plant, lead_time: {dist: gamma, mean: 2, "
        "cv: 0.25}, order_cost: 50}\n"
        "nodes:\n");
    if (!tree) {
        used += (size_t)snprintf(
            buf + used, len - used,
            "  - {name: factory, supplier: plant}\n"
            "  - {name: distributor, from: factory, lead_time: 2, "
            "order_delay: 0.5, order_cost: 20}\n"
            "  - {name: wholesaler, from: distributor, lead_time: 2, "
            "order_delay: 0.5, order_cost: 20}\n"
            "  - {name: retailer, from: wholesaler, lead_time: 2, "
            "order_delay: 0.5, order_cost: 20, customers: true}\n");
    } else {
        used += (size_t)snprintf(buf + used, len - used,
                                 "  - {name: warehouse, supplier: plant}\n");
        for (int k = 0; k < retailers && used < len; k++)
            used += (size_t)snprintf(
                buf + used, len - used,
                "  - {name: r%03d, from: warehouse, lead_time: 1, order_cost: 20, "
                "customers: true}\n",
                k + 1);
    }
    snprintf(buf + used, len - used,
             "policies:\n"
             "  - {name: base-stock, type: base_stock}\n"
             "  - {name: sS, type: sS}\n");
}

typedef struct shape {
    const char *what;
    int tree, retailers;
    double aim; /* runs per CPU second */
} shape;

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : 3;
    long only_shape = argc > 3 ? strtol(argv[2], NULL, 10) : -1;
    long only_policy = argc > 3 ? strtol(argv[3], NULL, 10) : -1;
    if (rounds < 1 || rounds > MAX_ROUNDS) {
        fprintf(stderr, "usage: bench_chain [ROUNDS 1..%d]\n", MAX_ROUNDS);
        return 2;
    }
    static const shape shapes[] = {
        {"serial chain of 4, 40/day", 0, 0, 300.0},
        {"warehouse + 100 retailers, 40/day each", 1, 100, 10.0},
    };
    static char text[TEXT_MAX];
    printf("one simulated year (warm-up 30 days), gamma lead time from the "
           "plant; median of %ld rounds, CPU time\n",
           rounds);
    printf("%-40s %-11s %10s %8s %12s %14s\n", "chain", "policy",
           "runs/CPU s", "aim", "events/run", "events/CPU s");
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const shape *sh = &shapes[s];
        if (only_shape >= 0 && (size_t)only_shape != s)
            continue;
        chain_text(text, sizeof text, sh->tree, sh->retailers);
        scenario sc;
        scenario_errors errors;
        scenario_errors_init(&errors);
        if (scenario_parse(text, strlen(text), "bench_chain", NULL, 0, &sc,
                           &errors) != 0) {
            for (size_t i = 0; i < errors.n; i++)
                fprintf(stderr, "%s\n", errors.lines[i]);
            scenario_errors_free(&errors);
            return 1;
        }
        scenario_errors_free(&errors);
        for (size_t p = 0; p < sc.n_policies; p++) {
            if (only_policy >= 0 && (size_t)only_policy != p)
                continue;
            char err[300];
            world *w = world_create(&sc.worlds[p], err, sizeof err);
            if (!w) {
                fprintf(stderr, "bench_chain: %s\n", err);
                return 1;
            }
            double *m = malloc(world_row_width(&sc.worlds[p]) * sizeof *m);
            if (!m)
                return 1;
            /* Enough runs for about a fifth of a second a round. */
            long runs = sh->tree ? 3 : 60;
            double rate[MAX_ROUNDS];
            uint64_t events = 0;
            for (long r = 0; r < rounds; r++) {
                double start = bench_thread_cpu();
                uint64_t fired = 0;
                for (long k = 0; k < runs; k++) {
                    if (world_run(w, 1, (uint64_t)k, m) != 0) {
                        fprintf(stderr, "bench_chain: run failed\n");
                        return 1;
                    }
                    fired += world_events(w);
                }
                double cpu = bench_thread_cpu() - start;
                rate[r] = (double)runs / cpu;
                events = fired / (uint64_t)runs;
            }
            double med = bench_median(rate, (size_t)rounds);
            printf("%-40s %-11s %10.1f %8.0f %12llu %14.3e\n", sh->what,
                   sc.worlds[p].policy.name, med, sh->aim,
                   (unsigned long long)events, med * (double)events);
            free(m);
            world_destroy(w);
        }
        scenario_free(&sc);
    }
    return 0;
}
