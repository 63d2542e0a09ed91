/*
 * disruptions.c - the disruptions: section: a supplier or a stage stopped,
 * slowed or lost, at set times or at random.
 *
 * Keys read (per disruption): name, supplier, stage, effect (outage,
 * lead_time, capacity, loss, closure), factor, unloading_rate, start,
 * duration, every, per_year (a frequency: random disruptions whose time
 * between is exponential with mean (time units a year) / per_year minus
 * the mean duration; 0: none), enabled (false: checked, then left out of
 * the world, as if the entry were not there).
 *
 * Not here: what a disruption does in a run (models/disruption.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario/internal.h"

enum {
    X_NAME, X_SUPPLIER, X_STAGE, X_EFFECT, X_FACTOR, X_UNLOADING_RATE,
    X_START, X_DURATION, X_EVERY, X_PER_YEAR, X_ENABLED, X_COUNT
};
static const char *const disruption_keys[X_COUNT] = {
    "name", "supplier", "stage", "effect", "factor", "unloading_rate",
    "start", "duration", "every", "per_year", "enabled",
};

/* A disruption's `stage:`: the index of a stage of the line. 0, or -1
 * after reporting. */
static int stage_ref(scn *c, const ynode *v, int *out)
{
    char shown[SHOWBUF], list[512];
    const char *names[LINE_STAGES_MAX];
    if (v->type != YN_SCALAR || scn_node_is_null(v)) {
        scn_type_error(c, v, "stage", "a stage name", "the name of a stage");
        return -1;
    }
    scn_show(shown, sizeof shown, v->text, v->len);
    if (!c->is_line) {
        scn_err_at(c, v, "stage '%s': the scenario has no stages; expected "
                         "supplier: for a disruption of a stock point's "
                         "supplier",
                   shown);
        return -1;
    }
    size_t n = c->line->n_stages;
    for (size_t k = 0; k < n; k++) {
        names[k] = c->line->stages[k].name;
        if (strlen(names[k]) == v->len &&
            memcmp(names[k], v->text, v->len) == 0) {
            *out = (int)k;
            return 0;
        }
    }
    if (n == 0)
        return -1; /* the stages are already reported */
    const char *sug = scn_suggest(v->text, v->len, names, n);
    if (sug) {
        scn_err_at(c, v, "no stage named '%s'; did you mean '%s'?", shown,
                   sug);
    } else {
        scn_join(list, sizeof list, names, n);
        scn_err_at(c, v, "no stage named '%s'; expected one of %s", shown,
                   list);
    }
    return -1;
}
/* In the order of disruption_effect (models/supplier.h). */
static const char *const effect_names[] = {"outage", "lead_time", "capacity",
                                           "loss", "closure"};

/* A disruption given as a frequency, per_year: F random disruptions a
 * year on average. Each lasts `duration` (a distribution, or a number as a
 * constant) and the time from the end of one to the start of the next is
 * exponential with mean tupy / F - (mean duration), so that a cycle (a
 * time between and a disruption) lasts tupy / F on average and the long-run
 * count is F a year. Refused when that mean is not > 0 (disruptions too
 * long for so many); per_year: 0 is none. Returns 1 for per_year: 0, 0
 * otherwise (errors reported). */
static int per_year(scn *c, const ynode *e, const ynode *const *f,
                    disruption_spec *d, int loss)
{
    double freq = 0.0;
    size_t before = c->errs.seq;
    if (loss)
        scn_err_at(c, f[X_PER_YEAR], "a loss is permanent and cannot "
                                     "repeat; expected a start time only");
    if (f[X_EVERY])
        scn_err_at(c, scn_after(f[X_EVERY], f[X_PER_YEAR]) ? f[X_EVERY]
                                                           : f[X_PER_YEAR],
                   "every and per_year are both given; expected one of "
                   "them (per_year: disruptions a year, every: the time "
                   "between them)");
    scn_get_num(c, f[X_PER_YEAR], "per_year", R_NONNEG,
                "disruptions a year >= 0 (0: none)", &freq);
    if (!f[X_DURATION])
        scn_err_at(c, e, "a disruption with per_year has no duration; "
                         "expected duration: a time or a distribution of "
                         "times > 0");
    else
        scn_set_dist(c, f[X_DURATION], "duration",
                     "a distribution of times >= 0", &d->random_duration);
    if (c->errs.seq != before)
        return 0;
    d->random = 1;
    double mean_duration = dist_mean(&d->random_duration);
    if (!(mean_duration > 0.0)) {
        scn_err_at(c, f[X_DURATION], "a disruption with per_year lasts 0 "
                                     "on average; expected a duration "
                                     "with a mean > 0");
        return 0;
    }
    if (freq == 0.0)
        return 1;
    double between = c->tupy / freq - mean_duration;
    if (!(between > 0.0)) {
        scn_err_at(c, f[X_PER_YEAR],
                   "per_year %g leaves no time between disruptions that "
                   "last %g on average (a year is %g time units: %g / %g = "
                   "%g per disruption); expected per_year < %g",
                   freq, mean_duration, c->tupy, c->tupy, freq,
                   c->tupy / freq, c->tupy / mean_duration);
        return 0;
    }
    char why[300];
    dist t;
    if (dist_exponential(&t, between, why, sizeof why)) {
        scn_err_at(c, f[X_PER_YEAR], "per_year %g: %s", freq, why);
        return 0;
    }
    dist_free(&d->time_between);
    d->time_between = t;
    return 0;
}

void scn_check_disruptions(scn *c, const ynode *v)
{
    char why[400], shown[SHOWBUF];
    if (!v)
        return;
    if (scn_check_list(
            c, v, "disruptions",
            "a list of {supplier: local, start: 180, duration: 21}"))
        return;
    if (v->n > SCN_LIST_MAX) {
        scn_err_at(c, v, "%zu disruptions; expected at most %d", v->n,
                   SCN_LIST_MAX);
        return;
    }
    c->dis = calloc(v->n ? v->n : 1, sizeof *c->dis);
    unsigned char *off = calloc(v->n ? v->n : 1, 1);
    if (!c->dis || !off) {
        free(off);
        c->oom = 1;
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const ynode *e = v->items[i], *f[X_COUNT];
        disruption_spec *d = &c->dis[i];
        double x;
        int k;
        size_t before = c->errs.seq;
        disruption_spec_init(d);
        c->n_dis = i + 1;
        snprintf(d->name, sizeof d->name, "disruption%zu", i);
        if (scn_check_map(c, e, "a disruption",
                          "{supplier: local, start: 180, duration: 21}"))
            continue;
        scn_map_fields(c, e, "a disruption", disruption_keys, X_COUNT, f);
        if (!scn_get_name(c, f[X_NAME], "name", DISRUPTION_NAME_MAX,
                          "a disruption name", d->name)) {
            for (size_t j = 0; j < i; j++)
                if (strcmp(c->dis[j].name, d->name) == 0)
                    scn_err_at(c, f[X_NAME], "two disruptions are named '%s'; "
                                             "expected unique names",
                               scn_show(shown, sizeof shown, d->name,
                                        strlen(d->name)));
        }
        if (f[X_SUPPLIER] && f[X_STAGE])
            scn_err_at(c, f[X_STAGE],
                       "a disruption hits a supplier or a stage, "
                       "not both; expected one of supplier: and "
                       "stage:");
        else if (f[X_STAGE]) {
            if (!stage_ref(c, f[X_STAGE], &k))
                d->stage = k;
        } else if (!f[X_SUPPLIER])
            scn_err_at(c, e,
                       "a disruption has no supplier; expected supplier: "
                       "the name of the supplier it hits%s",
                       c->is_line ? ", or stage: the stage it stops" : "");
        else if (!scn_supplier_ref(c, f[X_SUPPLIER], "supplier", &k))
            d->supplier = k;
        if (!scn_get_choice(c, f[X_EFFECT], "effect", effect_names, 5, &k))
            d->effect = (disruption_effect)k;
        if (f[X_STAGE] && d->effect != EFFECT_OUTAGE &&
            d->effect != EFFECT_LOSS)
            scn_err_at(c, f[X_EFFECT], "a stage can only be stopped; expected "
                                       "effect: outage or loss with stage:");
        if (d->effect == EFFECT_LEAD_TIME || d->effect == EFFECT_CAPACITY) {
            int lead = d->effect == EFFECT_LEAD_TIME;
            const char *expect = lead ? "a lead-time multiplier > 0"
                                      : "a capacity multiplier in (0, 1]";
            if (!f[X_FACTOR])
                scn_err_at(c, e, "a %s disruption has no factor; expected "
                                 "factor: %s",
                           effect_names[d->effect], expect);
            else if (!scn_get_num(c, f[X_FACTOR], "factor",
                                  lead ? R_POS : (range){0.0, 1.0, 1, 0, 0},
                                  expect, &x))
                d->factor = x;
        } else if (f[X_FACTOR]) {
            scn_err_at(c, f[X_FACTOR],
                       "factor does not apply to %s %s; expected "
                       "it with effect: lead_time or capacity",
                       d->effect == EFFECT_OUTAGE ? "an" : "a",
                       effect_names[d->effect]);
        }
        if (f[X_UNLOADING_RATE] && d->effect != EFFECT_CLOSURE)
            scn_err_at(c, f[X_UNLOADING_RATE],
                       "unloading_rate applies to a closure only; expected "
                       "it with effect: closure");
        else if (!scn_get_num(c, f[X_UNLOADING_RATE], "unloading_rate", R_POS,
                              "units per time unit > 0 unloaded once the "
                              "route reopens",
                              &x))
            d->unloading_rate = x;
        if (!scn_get_num(c, f[X_START], "start", R_NONNEG, "a time >= 0", &x))
            d->start = x;
        int loss = d->effect == EFFECT_LOSS;
        int enabled = 1;
        scn_get_bool(c, f[X_ENABLED], "enabled", "true or false", &enabled);
        if (f[X_PER_YEAR]) {
            /* A frequency: checked in full; 0 leaves it out. */
            if (per_year(c, e, f, d, loss) == 1)
                enabled = 0;
        } else if (scn_is_dist_form(f[X_EVERY]) ||
                   scn_is_dist_form(f[X_DURATION])) {
            /* Random: a plain number is a constant distribution. */
            d->random = 1;
            if (loss) {
                scn_err_at(
                    c,
                    scn_is_dist_form(f[X_EVERY]) ? f[X_EVERY] : f[X_DURATION],
                    "a loss is permanent and cannot be random; expected a "
                    "start time only");
                continue;
            }
            if (!f[X_EVERY])
                scn_err_at(c, e, "a random disruption has no every; expected "
                                 "every: a distribution of times between "
                                 "disruptions");
            else
                scn_set_dist(
                    c, f[X_EVERY], "every",
                    "a distribution of times between disruptions >= 0",
                    &d->time_between);
            if (!f[X_DURATION])
                scn_err_at(c, e,
                           "a random disruption has no duration; expected "
                           "duration: a distribution of times >= 0");
            else
                scn_set_dist(c, f[X_DURATION], "duration",
                             "a distribution of times >= 0",
                             &d->random_duration);
        } else if (loss) {
            if (f[X_DURATION])
                scn_err_at(c, f[X_DURATION],
                           "duration does not apply to a loss "
                           "(it is permanent); expected only a "
                           "start");
            if (f[X_EVERY])
                scn_err_at(c, f[X_EVERY],
                           "every does not apply to a loss (it is "
                           "permanent); expected only a start");
        } else {
            if (!f[X_DURATION])
                scn_err_at(c, e, "a disruption has no duration; expected "
                                 "duration: a time > 0");
            else if (!scn_get_num(c, f[X_DURATION], "duration", R_POS,
                                  "a time > 0", &x))
                d->duration = x;
            if (!scn_get_num(c, f[X_EVERY], "every", R_NONNEG,
                             "a repeat interval longer than the duration (0: "
                             "once)",
                             &x)) {
                if (x > 0.0 && x <= d->duration)
                    scn_err_at(c, f[X_EVERY],
                               "every (%g) must be longer than the "
                               "duration (%g); expected a repeat "
                               "interval > duration, or 0 for "
                               "once",
                               x, d->duration);
                else
                    d->every = x;
            }
        }
        if (c->errs.seq == before &&
            disruption_spec_check(d, c->n_sup, why, sizeof why))
            scn_err_at(c, e, "%s",
                       scn_with_expect(why, sizeof why,
                                       "a consistent disruption"));
        off[i] = !enabled;
    }
    /* Those switched off (enabled: false, per_year: 0) were checked like
     * the rest; the world gets only the others, in order. Their names
     * stay taken: each disruption's random stream is named after it, so
     * the others draw the same numbers either way. */
    size_t kept = 0;
    for (size_t i = 0; i < c->n_dis; i++) {
        if (off[i])
            disruption_spec_free(&c->dis[i]);
        else
            c->dis[kept++] = c->dis[i];
    }
    c->n_dis = kept;
    free(off);
}
