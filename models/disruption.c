/*
 * disruption.c - disruption descriptions, their checks, and the windows a
 * disruption has in a replication (replayed from its stream).
 *
 * Not here: applying a disruption (supplier.c, the world's events).
 */
#include "disruption.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/stream.h"

void disruption_spec_init(disruption_spec *spec)
{
    char err[8];
    memset(spec, 0, sizeof *spec);
    snprintf(spec->name, sizeof spec->name, "disruption");
    spec->effect = EFFECT_OUTAGE;
    spec->stage = -1;
    spec->factor = 1.0;
    spec->duration = 1.0;
    dist_constant(&spec->time_between, 1.0, err, sizeof err);
    dist_constant(&spec->random_duration, 1.0, err, sizeof err);
}

void disruption_spec_free(disruption_spec *spec)
{
    dist_free(&spec->time_between);
    dist_free(&spec->random_duration);
}

int disruption_spec_copy(disruption_spec *dst, const disruption_spec *src)
{
    *dst = *src;
    if (dist_copy(&dst->time_between, &src->time_between) != 0)
        return -1;
    if (dist_copy(&dst->random_duration, &src->random_duration) != 0) {
        dist_free(&dst->time_between);
        return -1;
    }
    return 0;
}

const char *disruption_effect_name(disruption_effect effect)
{
    switch (effect) {
    case EFFECT_OUTAGE:
        return "outage";
    case EFFECT_LEAD_TIME:
        return "lead_time";
    case EFFECT_CAPACITY:
        return "capacity";
    case EFFECT_LOSS:
        return "loss";
    case EFFECT_CLOSURE:
        return "closure";
    }
    return "?";
}

int disruption_spec_check(const disruption_spec *spec, size_t n_suppliers,
                          char *err, size_t errlen)
{
    char why[200];
    const char *name = spec->name;
    if (spec->stage >= 0) {
        /* The line checks the stage's index (disruption.h). */
        if (spec->effect != EFFECT_OUTAGE && spec->effect != EFFECT_LOSS) {
            snprintf(err, errlen, "disruption %s: a stage can only stop (an "
                                  "outage or a loss)",
                     name);
            return -1;
        }
    } else if (spec->supplier < 0 || (size_t)spec->supplier >= n_suppliers) {
        snprintf(err, errlen, "disruption %s: no such supplier", name);
        return -1;
    }
    if (spec->effect == EFFECT_LEAD_TIME &&
        !(isfinite(spec->factor) && spec->factor > 0.0)) {
        snprintf(err, errlen, "disruption %s: factor must be > 0 for a "
                              "lead_time effect, got %g",
                 name, spec->factor);
        return -1;
    }
    if (spec->effect == EFFECT_CAPACITY &&
        !(spec->factor > 0.0 && spec->factor <= 1.0)) {
        snprintf(err, errlen, "disruption %s: factor must be in (0, 1] for a "
                              "capacity effect (use an outage for 0), got %g",
                 name, spec->factor);
        return -1;
    }
    if (!(isfinite(spec->unloading_rate) && spec->unloading_rate >= 0.0)) {
        snprintf(err, errlen, "disruption %s: unloading_rate must be a rate "
                              "> 0 (or 0 for no limit), got %g",
                 name, spec->unloading_rate);
        return -1;
    }
    if (spec->unloading_rate > 0.0 && spec->effect != EFFECT_CLOSURE) {
        snprintf(err, errlen, "disruption %s: unloading_rate applies to a "
                              "closure only, not to effect %s",
                 name, disruption_effect_name(spec->effect));
        return -1;
    }
    if (spec->random) {
        if (spec->effect == EFFECT_LOSS) {
            snprintf(err, errlen, "disruption %s: a loss is permanent and "
                                  "cannot be random; expected a start",
                     name);
            return -1;
        }
        if (dist_check_nonnegative(&spec->time_between, why, sizeof why) ||
            !(dist_mean(&spec->time_between) > 0.0)) {
            snprintf(err, errlen, "disruption %s: time between disruptions "
                                  "must be non-negative with a mean > 0",
                     name);
            return -1;
        }
        if (dist_check_nonnegative(&spec->random_duration, why, sizeof why)) {
            snprintf(err, errlen, "disruption %s: duration: %s", name, why);
            return -1;
        }
        return 0;
    }
    if (!(isfinite(spec->start) && spec->start >= 0.0)) {
        snprintf(err, errlen, "disruption %s: start must be a time >= 0, "
                              "got %g",
                 name, spec->start);
        return -1;
    }
    if (spec->effect != EFFECT_LOSS &&
        !(isfinite(spec->duration) && spec->duration > 0.0)) {
        snprintf(err, errlen, "disruption %s: duration must be > 0, got %g",
                 name, spec->duration);
        return -1;
    }
    if (!(isfinite(spec->every) && spec->every >= 0.0)) {
        snprintf(err, errlen, "disruption %s: every must be >= 0, got %g",
                 name, spec->every);
        return -1;
    }
    if (spec->every > 0.0 && spec->every <= spec->duration) {
        snprintf(err, errlen, "disruption %s: every (%g) must be longer than "
                              "the duration (%g)",
                 name, spec->every, spec->duration);
        return -1;
    }
    return 0;
}

long disruption_windows(const disruption_spec *d, uint64_t seed,
                        uint64_t replication, double horizon, gsl_rng *rng,
                        disruption_window_fn fn, void *ctx)
{
    char source[DISRUPTION_NAME_MAX + 16];
    snprintf(source, sizeof source, "disruption.%s", d->name);
    gsl_rng *own = NULL;
    if (!rng) {
        own = rng = stream_create(seed, replication, source);
        if (!rng)
            return -1;
    } else {
        stream_reseed(rng, seed, replication, source);
    }
    long n = 0;
    /* As start_disruptions: the first start; then as on_disruption_begin
     * (a duration drawn at each start) and on_disruption_end (the next
     * start drawn at each end, or a repeat from the last start). An event
     * at or past the horizon never happens. */
    double begin = d->start;
    if (d->random)
        begin += dist_sample(&d->time_between, rng);
    while (begin < horizon) {
        n++;
        if (d->effect == EFFECT_LOSS) {
            if (fn)
                fn(ctx, begin, INFINITY);
            break;
        }
        double end = begin + (d->random ? dist_sample(&d->random_duration,
                                                      rng)
                                        : d->duration);
        if (fn)
            fn(ctx, begin, end);
        if (!(end < horizon))
            break;
        if (d->random)
            begin = end + dist_sample(&d->time_between, rng);
        else if (d->every > 0.0)
            begin += d->every;
        else
            break;
    }
    if (own)
        gsl_rng_free(own);
    return n;
}
