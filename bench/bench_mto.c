/*
 * bench_mto.c - the product path at kernel scale: a make-to-order stock
 * point whose supplier is one exponential server (an M/M/1 world, lambda
 * 0.9, mu 1.0) with every statistic of docs/metrics.md, one replication of
 * two million customers, against the bare loop of bare_mm1.h on as many
 * customers, in interleaved rounds (the bare loop drawing as GSL does and
 * as the models do, bare_mm1.h). Prints the median CPU time per
 * customer of each (and wall time), the world's customers per second as a
 * fraction of the bare loop's, and the mean customer lead time against the
 * exact 1/(mu - lambda) = 10.
 *
 * usage: bench_mto [CUSTOMERS [ROUNDS]]   (default 2,000,000 and 3)
 *
 * ROUNDS 0 runs the world once and no yardstick (for the instruction-count
 * gate, bench/gate.sh).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>

#include "bare_mm1.h"
#include "bench_clock.h"
#include "models/world.h"

#define MAX_ROUNDS 101

int main(int argc, char **argv)
{
    double customers = argc > 1 ? strtod(argv[1], NULL) : 2e6;
    long rounds = argc > 2 ? strtol(argv[2], NULL, 10) : 3;
    if (!(customers >= 1.0) || rounds < 0 || rounds > MAX_ROUNDS) {
        fprintf(stderr, "usage: bench_mto [CUSTOMERS >= 1 [ROUNDS 0..%d]]\n",
                MAX_ROUNDS);
        return 2;
    }
    char err[300];
    world_spec spec;
    world_spec_init(&spec);
    spec.horizon = customers / 0.9;
    spec.warmup = 0.0;
    spec.item.holding_cost = 1.0;
    spec.demand.rate = 0.9;
    supplier_spec plant;
    supplier_spec_init(&plant);
    snprintf(plant.name, sizeof plant.name, "plant");
    dist_free(&plant.lead_time);
    dist_constant(&plant.lead_time, 0.0, err, sizeof err);
    plant.servers = 1;
    dist_free(&plant.process_time);
    dist_exponential(&plant.process_time, 1.0, err, sizeof err);
    world_spec_add_supplier(&spec, &plant);
    supplier_spec_free(&plant);
    snprintf(spec.policy.name, sizeof spec.policy.name, "MTO");
    spec.policy.type = policy_find("make_to_order");
    spec.policy.supplier = 0;
    world *w = world_create(&spec, err, sizeof err);
    if (!w) {
        fprintf(stderr, "bench_mto: %s\n", err);
        return 1;
    }
    double m[METRIC_COUNT]; /* a stock point's row */
    double cpu[MAX_ROUNDS], wall[MAX_ROUNDS], bare_cpu[2][MAX_ROUNDS],
        bare_wall[2][MAX_ROUNDS];
    long n = rounds ? rounds : 1;
    double served = 0.0;
    for (long k = 0; k < n; k++) {
        bench_mark start = bench_now();
        if (world_run(w, 1, 0, m) != 0) {
            fprintf(stderr, "bench_mto: out of memory\n");
            return 1;
        }
        bench_mark t = bench_since(start);
        served = m[METRIC_CUSTOMER_ORDERS];
        cpu[k] = t.cpu / served;
        wall[k] = t.wall / served;
        if (rounds == 0)
            break;
        for (int d = 0; d < 2; d++) {
            bare_mm1_result bare;
            start = bench_now();
            if (bare_mm1(0.9, 1.0, (uint64_t)served, 1, d, &bare) != 0) {
                fprintf(stderr, "bench_mto: out of memory\n");
                return 1;
            }
            t = bench_since(start);
            bare_cpu[d][k] = t.cpu / (double)bare.served;
            bare_wall[d][k] = t.wall / (double)bare.served;
        }
    }
    double c = bench_median(cpu, (size_t)n), wl = bench_median(wall, (size_t)n);
    printf("make-to-order, one exponential server (M/M/1, rho 0.9): %.0f "
           "customers, %llu events\n",
           served, (unsigned long long)world_events(w));
    printf("world     %.1f ns CPU per customer (wall %.1f), %.3e customers "
           "per CPU second, median of %ld\n",
           1e9 * c, 1e9 * wl, 1.0 / c, n);
    const char *draw[2] = {"GSL's draw   ", "models' draw "};
    for (int d = 0; rounds > 0 && d < 2; d++) {
        double bc = bench_median(bare_cpu[d], (size_t)n);
        printf("bare loop, %s%.1f ns CPU per customer (wall %.1f); the "
               "world runs at %.2f of its speed\n",
               draw[d], 1e9 * bc, 1e9 * bench_median(bare_wall[d], (size_t)n),
               bc / c);
    }
    printf("mean customer lead time %.4f (exact 10.0)\n",
           m[METRIC_CUSTOMER_LEAD_TIME_MEAN]);
    world_destroy(w);
    world_spec_free(&spec);
    return 0;
}
