/*
 * bench_mto.c - the product path at kernel scale: a make-to-order stock
 * point whose supplier is one exponential server (an M/M/1 world, lambda
 * 0.9, mu 1.0) with every statistic of docs/metrics.md, one replication of
 * two million customers. Prints customers per second and the mean customer
 * lead time against the exact 1/(mu - lambda) = 10.
 *
 * usage: bench_mto [CUSTOMERS]   (default 2,000,000)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "models/world.h"

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    double customers = argc > 1 ? strtod(argv[1], NULL) : 2e6;
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
    metrics m;
    double start = seconds_now();
    world_run(w, 1, 0, &m);
    double elapsed = seconds_now() - start;
    double served = m.value[METRIC_CUSTOMER_ORDERS];
    printf("make-to-order, one exponential server (M/M/1, rho 0.9): %.0f "
           "customers\n",
           served);
    printf("customers per second %.3e (%.1f ns per customer, %llu events)\n",
           served / elapsed, 1e9 * elapsed / served,
           (unsigned long long)world_events(w));
    printf("mean customer lead time %.4f (exact 10.0)\n",
           m.value[METRIC_CUSTOMER_LEAD_TIME_MEAN]);
    world_destroy(w);
    world_spec_free(&spec);
    return 0;
}
