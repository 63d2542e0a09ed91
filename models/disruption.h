/*
 * disruption.h - what can go wrong with a supplier, and when.
 *
 * A disruption hits one supplier with one effect (see supplier.h): an
 * outage, a lead-time multiplier, a capacity multiplier, a permanent loss,
 * or a closure of the route (optionally with an unloading rate once it
 * reopens). Its timing is scheduled (a start and a duration, optionally
 * repeating every `every` time units) or random (the time between the end
 * of one and the start of the next, and the duration, both distributions,
 * drawn from the stream "disruption.<name>", the same for every policy).
 *
 * This module holds the description and checks it; the world turns it into
 * events and the supplier applies the effect.
 */
#ifndef JITSIM_DISRUPTION_H
#define JITSIM_DISRUPTION_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/dist.h"
#include "models/supplier.h"

#define DISRUPTION_NAME_MAX 64

typedef struct disruption_spec {
    char name[DISRUPTION_NAME_MAX];
    int supplier;              /* index into the world's suppliers */
    int stage;                 /* or, for a line, the index of the stage it
                                  stops (outage or loss only); -1: none */
    disruption_effect effect;
    double factor;             /* lead_time: > 0; capacity: in (0, 1] */
    double unloading_rate;     /* closure: units per time unit unloaded
                                  once it reopens; 0: all at once (and 0
                                  for every other effect) */
    int random;                /* 0: scheduled; 1: random */
    double start;              /* scheduled: first start; random: the
                                  first start is start + a time between */
    double duration;           /* scheduled: > 0 (ignored for loss) */
    double every;              /* scheduled: 0, or the repeat interval */
    dist time_between;         /* random: end of one to start of the next */
    dist random_duration;      /* random: how long each lasts */
} disruption_spec;

/* Defaults: a one-off outage of supplier 0 from t = 0 for 1 time unit. */
void disruption_spec_init(disruption_spec *spec);
void disruption_spec_free(disruption_spec *spec);
int disruption_spec_copy(disruption_spec *dst, const disruption_spec *src);
int disruption_spec_check(const disruption_spec *spec, size_t n_suppliers,
                          char *err, size_t errlen);

const char *disruption_effect_name(disruption_effect effect);

/* A window of a disruption: [start, end). */
typedef void (*disruption_window_fn)(void *ctx, double start, double end);

/* The windows disruption d has in replication `replication` of a run of
 * `seed`, without running anything: the world draws its times from its
 * own stream ("disruption.NAME") and nothing else, so replaying the same
 * draws in the same order gives the windows every policy met (common
 * random numbers). Each window begins before `horizon`; its end may lie
 * past the horizon (a disruption the run ended during) and is INFINITY
 * for a loss. `rng` is scratch space (NULL: one is made and freed here).
 * Returns the number of windows, or -1 when a stream cannot be made.
 * models/world.c's on_disruption_begin and on_disruption_end are what
 * this mirrors; tests/test_disruption.c checks the two agree. */
long disruption_windows(const disruption_spec *d, uint64_t seed,
                        uint64_t replication, double horizon, gsl_rng *rng,
                        disruption_window_fn fn, void *ctx);

#endif
