/*
 * top.c - the top level of a scenario file: its own keys, the baseline,
 * and the order in which the sections are checked (scn_check_scenario).
 *
 * Keys read: name, description, time_unit, horizon, warmup, replications,
 * seed, baseline, lesson, lesson_part; and which of calendar, item,
 * demand, suppliers, disruptions, policies, sweep, products, raw, stages,
 * classroom, nodes (with timing, rationing, fixed_weeks, information)
 * are given (each section is read by its own file: calendar.c,
 * item.c, demand.c, suppliers.c, disruptions.c, policies.c, sweep.c,
 * line.c, classroom.c, nodes.c).
 *
 * Not here: a section's keys, building the worlds (build.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario/internal.h"

const char *const scn_top_keys[T_COUNT] = {
    "name", "description", "time_unit", "horizon", "warmup", "replications",
    "seed", "item", "demand", "suppliers", "disruptions", "policies",
    "baseline", "sweep", "products", "raw", "stages", "lesson",
    "lesson_part", "calendar", "classroom", "nodes", "timing",
    "rationing", "fixed_weeks", "information",
};

static const char *const time_units[] = {"day", "week", "hour", "month",
                                         "year"};
static const double units_per_year[] = {365.0, 52.0, 8760.0, 12.0, 1.0};

void scn_check_top(scn *c, const ynode *root)
{
    const ynode *f[T_COUNT];
    double x;
    scenario *sc = &c->out;
    scn_map_fields(c, root, "the scenario", scn_top_keys, T_COUNT, f);
    if (!f[T_NAME])
        scn_err_at(c, root, "the scenario has no name; expected name: a short "
                            "title");
    else
        scn_get_string(c, f[T_NAME], "name", sizeof sc->name, "a short title",
                       sc->name);
    scn_get_string(c, f[T_DESCRIPTION], "description", sizeof sc->description,
                   "a text", sc->description);
    int unit = 0;
    scn_get_choice(c, f[T_TIME_UNIT], "time_unit", time_units, 5, &unit);
    snprintf(sc->time_unit, sizeof sc->time_unit, "%s", time_units[unit]);
    c->tupy = units_per_year[unit];
    int have_horizon = 0;
    if (!f[T_HORIZON])
        scn_err_at(c, root,
                   "the scenario has no horizon; expected horizon: the "
                   "run length in time units > 0");
    else if (!scn_get_num(c, f[T_HORIZON], "horizon",
                          (range){0.0, WORLD_HORIZON_MAX, 1, 0, 0},
                          "the run length in time units > 0 and at most "
                          "10^7",
                          &x)) {
        c->horizon = x;
        have_horizon = 1;
    }
    const ynode *w = f[T_WARMUP];
    if (w && scn_node_is(w, "auto") && w->plain) {
        sc->warmup_auto = 1;
        c->warmup = 0.0;
    } else if (!scn_get_num(c, w, "warmup", R_NONNEG,
                            "a time >= 0 and less than the horizon, or auto",
                            &x)) {
        if (have_horizon && x >= c->horizon)
            scn_err_at(c, w,
                       "warmup must be less than the horizon (%g), got %g; "
                       "expected a time in [0, horizon)",
                       c->horizon, x);
        else
            c->warmup = x;
    }
    if (!scn_get_num(c, f[T_REPLICATIONS], "replications",
                     (range){1.0, SCN_REPLICATIONS_MAX, 0, 0, 1},
                     "a whole number >= 1 and at most 100000 (30 is usual; 1 gives "
                     "no interval)",
                     &x))
        sc->replications = (uint64_t)x;
    /* A lesson's place in the teaching order: its number, and which of
     * the lesson's files this is (`jitsim lessons` lists them so). */
    if (!scn_get_num(c, f[T_LESSON], "lesson", (range){1.0, 999.0, 0, 0, 1},
                     "the lesson's number, a whole number in [1, 999]", &x))
        sc->lesson = (int)x;
    if (!scn_get_num(c, f[T_LESSON_PART], "lesson_part",
                     (range){1.0, 99.0, 0, 0, 1},
                     "which file of the lesson this is, a whole number in "
                     "[1, 99]",
                     &x)) {
        if (!f[T_LESSON])
            scn_err_at(c, f[T_LESSON_PART],
                       "lesson_part without lesson; expected lesson: the "
                       "lesson's number beside it");
        else
            sc->lesson_part = (int)x;
    }
    const ynode *s = f[T_SEED];
    if (s) {
        int ok = s->type == YN_SCALAR && s->plain && s->len > 0 &&
                 s->len <= 20;
        for (size_t i = 0; ok && i < s->len; i++)
            ok = scn_is_digit((unsigned char)s->text[i]);
        errno = 0;
        unsigned long long v = ok ? strtoull(s->text, NULL, 10) : 0;
        if (ok && errno != ERANGE)
            sc->seed = (uint64_t)v;
        else
            scn_type_error(c, s, "seed", "a whole number >= 0",
                           "a whole number in [0, 18446744073709551615]");
    }
}

void scn_check_baseline(scn *c, const ynode *v)
{
    char shown[SHOWBUF], list[512];
    const char *names[SCN_LIST_MAX];
    if (!v || !c->n_pol)
        return;
    if (v->type != YN_SCALAR || scn_node_is_null(v)) {
        scn_type_error(c, v, "baseline", "a policy name",
                       "the name of a policy");
        return;
    }
    for (size_t i = 0; i < c->n_pol; i++) {
        names[i] = c->pols[i].name;
        if (scn_node_is(v, c->pols[i].name)) {
            c->out.baseline = (int)i;
            return;
        }
    }
    const char *s = scn_suggest(v->text, v->len, names, c->n_pol);
    scn_show(shown, sizeof shown, v->text, v->len);
    if (s) {
        scn_err_at(c, v, "no policy named '%s'; did you mean '%s'?", shown, s);
    } else {
        scn_join(list, sizeof list, names, c->n_pol);
        scn_err_at(c, v, "no policy named '%s'; expected one of %s", shown,
                   list);
    }
}

/* What a run or a sweep would hold and run, against what can: a run keeps
 * a row per policy and replication in memory; a sweep runs points x
 * policies x replications. Refused at the replications (or the sweep)
 * with the count, as a whole number. */
static void check_run_size(scn *c, const ynode *root, const ynode **f)
{
    const scenario *sc = &c->out;
    char count[40], total[40];
    double reps = (double)sc->replications;
    double rows = (double)c->n_pol * reps;
    const ynode *at = f[T_REPLICATIONS] ? f[T_REPLICATIONS] : root;
    if (rows > SCN_ROWS_MAX) {
        scn_err_at(c, at,
                   "%zu policies x %.0f replications are %s rows; expected "
                   "at most %d (fewer replications)",
                   c->n_pol, reps, scn_count(count, sizeof count, rows),
                   SCN_ROWS_MAX);
        return;
    }
    if (!sc->n_axes || c->inner)
        return;
    double points = 1.0;
    for (size_t a = 0; a < sc->n_axes; a++)
        points *= (double)sc->axes[a].n_values;
    double runs = points * rows;
    if (!(runs <= SCN_SWEEP_RUNS_MAX))
        scn_err_at(c, f[T_SWEEP],
                   "the sweep has %s points x %zu policies x %.0f "
                   "replications = %s replications to run; expected at "
                   "most 10^9 (fewer values or replications)",
                   scn_count(count, sizeof count, points), c->n_pol, reps,
                   scn_count(total, sizeof total, runs));
}

void scn_check_scenario(scn *c, ynode *root)
{
    scn_check_top(c, root);
    const ynode *f[T_COUNT];
    for (int k = 0; k < T_COUNT; k++)
        f[k] = scn_map_get(root, scn_top_keys[k]);
    /* A stages: section makes the scenario a production line: products:
     * may replace demand:, suppliers: are needed only for raw:, and the
     * policies are the line's controls. */
    c->is_line = f[T_STAGES] != NULL;
    if (c->is_line) {
        c->line = malloc(sizeof *c->line);
        if (!c->line) {
            c->oom = 1;
            return;
        }
        line_spec_init(c->line);
    }
    /* The calendar first: the demand and the suppliers may follow it. */
    scn_check_calendar(c, f[T_CALENDAR]);
    scn_check_item(c, f[T_ITEM]);
    if (c->is_line && f[T_PRODUCTS]) {
        if (f[T_DEMAND])
            scn_err_at(
                c, scn_map_key(root, "demand"),
                "demand: is given with products:; expected each product's "
                "demand in its entry (products: [{name: A, demand: "
                "{...}}]), or no products: for a one-product line");
    } else {
        scn_check_demand(c, root, f[T_DEMAND]);
    }
    if (c->is_line && !f[T_SUPPLIERS])
        c->suppliers_absent = 1;
    else
        scn_check_suppliers(c, root, f[T_SUPPLIERS]);
    /* The line first: a disruption may name one of its stages. */
    scn_check_line(c, f);
    /* A supply chain's nodes before the policies, which may name them. */
    scn_check_nodes(c, f);
    scn_check_disruptions(c, f[T_DISRUPTIONS]);
    if (c->oom)
        return;
    size_t shared_errors = c->errs.seq;
    scn_check_policies(c, root, f[T_POLICIES]);
    scn_check_baseline(c, f[T_BASELINE]);
    scn_check_sweep(c, f[T_SWEEP]);
    scn_check_classroom(c, f[T_CLASSROOM]);
    if (c->oom || !c->n_pol)
        return;
    check_run_size(c, root, f);

    /* Each policy's world (build.c); then the sweep's extreme values,
     * each tried by parsing the file again (sweep.c). */
    scn_build_worlds(c, shared_errors);
    scn_validate_axes(c);
    scn_validate_sliders(c);
}
