/*
 * test_sweepable.c - the questions a sweep can now ask of a scenario: an
 * axis of names in the sweep: block (suppliers, choices, booleans), a
 * disruption given as a frequency (per_year) and a disruption switched
 * off (enabled: false, per_year: 0). Each key read into its field, each
 * mistake as file:line:column, the frequency's realised count checked
 * against replications, and a disruption switched off checked to change
 * nothing at all.
 */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/estimate.h"
#include "analysis/output.h"
#include "analysis/run.h"
#include "analysis/scenario.h"
#include "models/world.h"

#include "scenario_check.h"
#include "tests/test_row.h"

#define HEAD                                                                \
    "name: s\n"                                                             \
    "horizon: 365\n"                                                        \
    "demand: {rate: 40}\n"                                                  \
    "suppliers:\n"                                                          \
    "  - {name: local, lead_time: 2, order_cost: 50}\n"                     \
    "  - {name: offshore, lead_time: 30, order_cost: 200}\n"
#define POLICIES                                                            \
    "policies:\n"                                                           \
    "  - {name: EOQ, type: eoq, supplier: offshore, Q: auto, r: auto,\n"    \
    "     emergency_stock: 40}\n"                                           \
    "  - {name: JIT, type: kanban, supplier: local, container: 20}\n"
/* A disruption of each kind the tests switch: lines 8 to 10. */
#define DISRUPTIONS                                                         \
    "disruptions:\n"                                                        \
    "  - {name: strike, supplier: offshore, per_year: 4, duration: 10}\n"   \
    "  - {name: storm, supplier: local, start: 100, duration: 5}\n"

/* ---- axes of names in the sweep: block ------------------------------------ */

Test(sweepable, a_sweep_block_of_names_choices_and_booleans)
{
    scenario sc;
    accept(HEAD DISRUPTIONS POLICIES
           "sweep:\n"
           "  policies.EOQ.supplier: [offshore, local]\n"
           "  policies.EOQ.release: [during, until_recovered]\n"
           "  disruptions.storm.enabled: [true, false]\n"
           "  demand.rate: [20, 40]\n",
           NULL, 0, &sc);
    cr_assert_eq(sc.n_axes, 4);
    const char *want[3][2] = {{"offshore", "local"},
                              {"during", "until_recovered"},
                              {"true", "false"}};
    for (size_t k = 0; k < 3; k++) {
        cr_assert_not_null(sc.axes[k].labels, "axis %zu holds names", k);
        cr_assert_eq(sc.axes[k].n_values, 2);
        for (size_t i = 0; i < 2; i++) {
            cr_assert_str_eq(sc.axes[k].labels[i], want[k][i]);
            cr_assert_eq(sc.axes[k].values[i], (double)i);
        }
    }
    cr_assert_null(sc.axes[3].labels, "numbers stay numbers");
    cr_assert_eq(sc.axes[3].values[1], 40.0);
    /* As an override each name is the key's text; as a cell, quoted. */
    char *o = sweep_axis_override(&sc.axes[0], 1);
    cr_assert_str_eq(o, "policies.EOQ.supplier=local");
    free(o);
    char cell[64];
    sweep_axis_cell(&sc.axes[1], 1, cell, sizeof cell);
    cr_assert_str_eq(cell, "\"until_recovered\"");
    sweep_axis_cell(&sc.axes[3], 0, cell, sizeof cell);
    cr_assert_str_eq(cell, "20");
    scenario_free(&sc);
}

Test(sweepable, a_name_that_reads_as_yaml_is_quoted_and_a_quote_doubled)
{
    sweep_axis a = {.path = "name", .n_values = 1};
    char *labels[1] = {"[odd \"one\"]"};
    double values[1] = {0};
    a.labels = labels;
    a.values = values;
    char *o = sweep_axis_override(&a, 0);
    cr_assert_str_eq(o, "name=\"[odd \\\"one\\\"]\"");
    free(o);
    char cell[64];
    sweep_axis_cell(&a, 0, cell, sizeof cell);
    cr_assert_str_eq(cell, "\"[odd \"\"one\"\"]\"");
    /* Copied deep, freed whole. */
    sweep_axis b;
    cr_assert_eq(sweep_axis_copy(&b, &a), 0);
    cr_assert_str_eq(b.labels[0], labels[0]);
    cr_assert_neq(b.labels[0], labels[0]);
    sweep_axis_free(&b);
    cr_assert_null(b.labels);
    cr_assert_eq(b.n_values, 0);
}

Test(sweepable, sweep_block_name_errors)
{
#define W(x) HEAD DISRUPTIONS POLICIES "sweep:\n  " x "\n"
    ERRORS(W("policies.EOQ.supplier: [offshore, offshore]"),
           "t.yaml:15:37: sweep policies.EOQ.supplier: 'offshore' is given "
           "twice; expected each value once");
    ERRORS(W("policies.EOQ.supplier: [offshore, {a: 1}]"),
           "t.yaml:15:37: sweep policies.EOQ.supplier: a value is a "
           "mapping; expected a number or a name of at most 200 "
           "characters");
    {
        char yaml[2048], name[202];
        memset(name, 'x', 201);
        name[201] = '\0';
        snprintf(yaml, sizeof yaml, W("policies.EOQ.supplier: [offshore, %s]"),
                 name);
        ERRORS(yaml, "t.yaml:15:37: sweep policies.EOQ.supplier: a value is "
                     "'xxxxxxxx");
    }
    ERRORS(W("policies.EOQ.supplier: [offshore, \"\"]"),
           "t.yaml:15:38: sweep policies.EOQ.supplier: a value is ''; "
           "expected a number or a name of at most 200 characters");
    /* Every name is tried, in order: the first refused is said. */
    ERRORS(W("policies.EOQ.supplier: [offshore, locl, nowhere]"),
           "t.yaml:15:3: sweep value 'locl' of policies.EOQ.supplier: no "
           "supplier named 'locl'; did you mean 'local'?");
    ERRORS(W("policies.EOQ.release: [during, until]"),
           "t.yaml:15:3: sweep value 'until' of policies.EOQ.release: ");
    ERRORS(W("disruptions.storm.enabled: [true, maybe]"),
           "t.yaml:15:3: sweep value 'maybe' of disruptions.storm.enabled: "
           "enabled must be true or false, got 'maybe'; expected true or "
           "false");
#undef W
}

/* ---- per_year --------------------------------------------------------------- */

Test(sweepable, per_year_is_a_random_disruption_of_that_frequency)
{
    scenario sc;
    accept(HEAD DISRUPTIONS POLICIES, NULL, 0, &sc);
    const world_spec *w = &sc.worlds[0];
    cr_assert_eq(w->n_disruptions, 2);
    const disruption_spec *d = &w->disruptions[0];
    cr_assert_str_eq(d->name, "strike");
    cr_assert_eq(d->random, 1);
    cr_assert_eq(d->random_duration.kind, DIST_CONSTANT);
    cr_assert_eq(d->time_between.kind, DIST_EXPONENTIAL);
    /* 365 / 4 = 91.25 days a cycle, 10 of them the strike. */
    cr_assert_float_eq(dist_mean(&d->time_between), 81.25, 1e-12);
    scenario_free(&sc);
    /* In weeks a year is 52: 52 / 2 - mean(duration 3 weeks) = 23; a
     * distribution's mean is what counts. */
    accept(HEAD "time_unit: week\n"
                "disruptions:\n"
                "  - {supplier: offshore, per_year: 2,\n"
                "     duration: \"gamma(mean=3, cv=0.5)\", start: 4}\n" POLICIES,
           NULL, 0, &sc);
    d = &sc.worlds[0].disruptions[0];
    cr_assert_float_eq(dist_mean(&d->time_between), 23.0, 1e-12);
    cr_assert_eq(d->start, 4.0);
    cr_assert_eq(d->random_duration.kind, DIST_GAMMA);
    scenario_free(&sc);
}

Test(sweepable, per_year_errors)
{
#define D(x) HEAD "disruptions:\n  - " x "\n" POLICIES
    ERRORS(D("{supplier: offshore, per_year: -1, duration: 10}"),
           "t.yaml:8:36: per_year must not be negative, got -1; expected "
           "disruptions a year >= 0 (0: none)");
    ERRORS(D("{supplier: offshore, per_year: 30, duration: 14}"),
           "t.yaml:8:36: per_year 30 leaves no time between disruptions "
           "that last 14 on average (a year is 365 time units: 365 / 30 = "
           "12.1667 per disruption); expected per_year < 26.0714");
    /* Exactly a year of disruptions leaves no time between either. */
    ERRORS(D("{supplier: offshore, per_year: 1, duration: 365}"),
           "t.yaml:8:36: per_year 1 leaves no time between disruptions");
    ERRORS(D("{supplier: offshore, per_year: 4, every: 50, duration: 10}"),
           "t.yaml:8:46: every and per_year are both given; expected one "
           "of them");
    ERRORS(D("{supplier: offshore, per_year: 4}"),
           "t.yaml:8:5: a disruption with per_year has no duration; "
           "expected duration:");
    ERRORS(D("{supplier: offshore, per_year: 4, duration: 0}"),
           "t.yaml:8:49: a disruption with per_year lasts 0 on average; "
           "expected a duration with a mean > 0");
    ERRORS(D("{supplier: offshore, effect: loss, per_year: 4, duration: 3}"),
           "t.yaml:8:50: a loss is permanent and cannot repeat; expected a "
           "start time only");
    ERRORS(D("{supplier: offshore, per_year: often, duration: 3}"),
           "t.yaml:8:36: per_year must be a number, got 'often'");
    /* The same through --set, in the --set form. */
    const char *set[] = {"disruptions.strike.per_year=40"};
    SET_ERRORS(HEAD DISRUPTIONS POLICIES, set,
               "--set disruptions.strike.per_year: per_year 40 leaves no "
               "time between disruptions that last 10 on average");
#undef D
}

/* The disruptions' starts in replications 0..n-1 of the scenario's first
 * world, counted from the trace. */
typedef struct counter {
    int begins;
} counter;

static void count_begins(void *ctx, const stockpt *sp, stockpt_event event,
                         double quantity, int source)
{
    (void)sp;
    (void)quantity;
    (void)source;
    if (event == STOCKPT_DISRUPTION_BEGIN)
        ((counter *)ctx)->begins++;
}

/* F disruptions a year, 10 days each, over 50 years: the mean count a
 * year over 40 replications has F in its 95% interval. (The first start
 * is drawn like every later one, so the count in [0, H] differs from
 * H F / 365 by less than one disruption, a fiftieth of a disruption a
 * year: far inside the interval.) A rule without the duration (365 / F
 * between the end of one and the start of the next) would give 3.6 a
 * year for F = 4 and 9.0 for F = 12: the interval must exclude it. */
static void realised_frequency(double F)
{
    char yaml[1024];
    snprintf(yaml, sizeof yaml,
             "name: f\nhorizon: 18250\n"
             "demand: {rate: 1}\n"
             "suppliers:\n  - {name: far, lead_time: 3}\n"
             "disruptions:\n"
             "  - {name: strike, supplier: far, per_year: %g, duration: 10}\n"
             "policies:\n  - {name: BS, type: base_stock, S: 5}\n",
             F);
    scenario sc;
    accept(yaml, NULL, 0, &sc);
    char err[300];
    world *w = world_create(&sc.worlds[0], err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    enum { N = 40 };
    double per_year[N];
    for (int rep = 0; rep < N; rep++) {
        counter c = {0};
        world_trace(w, count_begins, &c);
        test_row m;
        cr_assert_eq(world_run(w, sc.seed, (uint64_t)rep, m.value), 0);
        per_year[rep] = c.begins / 50.0;
    }
    world_destroy(w);
    estimate e;
    cr_assert_eq(estimate_mean(per_year, N, 0.95, &e), 0);
    cr_log_info("per_year %g: realised %.4g a year [%.4g, %.4g] over %d "
                "replications of 50 years",
                F, e.mean, e.low, e.high, N);
    cr_assert(e.low <= F && F <= e.high,
              "per_year %g: realised %g a year [%g, %g]", F, e.mean, e.low,
              e.high);
    double without_duration = 365.0 / (365.0 / F + 10.0);
    cr_assert_gt(e.low, without_duration,
                 "the interval [%g, %g] does not tell per_year's rule from "
                 "one without the duration (%g a year)",
                 e.low, e.high, without_duration);
    scenario_free(&sc);
}

Test(sweepable, per_year_realises_its_frequency)
{
    realised_frequency(4.0);
    realised_frequency(12.0);
}

/* ---- switched off: enabled: false, per_year: 0 --------------------------- */

/* summary.csv's rows of a scenario text, run. */
static char *summary_of(const char *yaml, const char *const *set,
                        size_t n_set)
{
    scenario sc;
    accept(yaml, set, n_set, &sc);
    run_config cfg = {.replications = 6, .jobs = 1};
    run_result r;
    char err[300];
    cr_assert_eq(run_execute(&sc, &cfg, &r, err, sizeof err), 0, "%s", err);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_eq(output_summary_csv(f, &sc, &r), 0);
    fclose(f);
    run_result_free(&r);
    scenario_free(&sc);
    return text;
}

#define ONE_DISRUPTION(extra)                                               \
    "disruptions:\n"                                                        \
    "  - {name: strike, supplier: offshore, per_year: 4, duration: 10" extra \
    "}\n"

Test(sweepable, a_disruption_switched_off_changes_nothing)
{
    char *none = summary_of(HEAD POLICIES, NULL, 0);
    char *on = summary_of(HEAD ONE_DISRUPTION("") POLICIES, NULL, 0);
    char *off = summary_of(HEAD ONE_DISRUPTION(", enabled: false") POLICIES,
                           NULL, 0);
    const char *zero_set[] = {"disruptions.strike.per_year=0"};
    char *zero = summary_of(HEAD ONE_DISRUPTION("") POLICIES, zero_set, 1);
    const char *off_set[] = {"disruptions.strike.enabled=false"};
    char *set_off = summary_of(HEAD ONE_DISRUPTION("") POLICIES, off_set, 1);
    cr_assert_str_eq(off, none, "enabled: false must be no disruption");
    cr_assert_str_eq(zero, none, "per_year: 0 must be no disruption");
    cr_assert_str_eq(set_off, none);
    cr_assert_str_neq(on, none, "the strike itself must matter");
    free(none);
    free(on);
    free(off);
    free(zero);
    free(set_off);
    /* Switched off, the others draw what they drew beside it: the storm
     * alone equals the storm beside a strike switched off. */
    char *storm = summary_of(
        HEAD "disruptions:\n"
             "  - {name: storm, supplier: local, per_year: 6, duration: 4}\n"
             POLICIES,
        NULL, 0);
    char *beside = summary_of(
        HEAD "disruptions:\n"
             "  - {name: strike, supplier: offshore, per_year: 4, "
             "duration: 10, enabled: false}\n"
             "  - {name: storm, supplier: local, per_year: 6, duration: 4}\n"
             POLICIES,
        NULL, 0);
    cr_assert_str_eq(beside, storm);
    free(storm);
    free(beside);
}

Test(sweepable, a_disruption_switched_off_is_still_checked)
{
    scenario sc;
    accept(HEAD ONE_DISRUPTION(", enabled: false") POLICIES, NULL, 0, &sc);
    cr_assert_eq(sc.worlds[0].n_disruptions, 0);
    scenario_free(&sc);
#define D(x) HEAD "disruptions:\n  - " x "\n" POLICIES
    ERRORS(D("{supplier: nowhere, start: 5, duration: 2, enabled: false}"),
           "t.yaml:8:16: no supplier named 'nowhere'");
    ERRORS(D("{supplier: local, start: 5, duration: -2, enabled: false}"),
           "t.yaml:8:43: duration must be > 0, got -2");
    ERRORS(D("{supplier: local, start: 5, duration: 2, enabled: no way}"),
           "t.yaml:8:55: enabled must be true or false, got 'no way'; "
           "expected true or false");
    ERRORS(D("{supplier: offshore, per_year: 0, duration: 0}"),
           "t.yaml:8:49: a disruption with per_year lasts 0 on average");
    /* Its name stays taken. */
    ERRORS(HEAD "disruptions:\n"
                "  - {name: s, supplier: local, start: 5, duration: 2, "
                "enabled: false}\n"
                "  - {name: s, supplier: local, start: 9, duration: 2}\n"
                POLICIES,
           "t.yaml:9:12: two disruptions are named 's'; expected unique "
           "names");
#undef D
}

/* The example of docs/scenario-format.md, in a world of HEAD's suppliers:
 * the flood left out, the strike four a year. */
Test(sweepable, the_documented_example)
{
    FILE *f = fopen(JITSIM_SOURCE_DIR "/docs/scenario-format.md", "r");
    cr_assert_not_null(f);
    static char doc[262144];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    char *start = strstr(doc, "### A frequency, or none");
    cr_assert_not_null(start);
    start = strstr(start, "```yaml\n");
    cr_assert_not_null(start);
    start += 8;
    char *end = strstr(start, "```\n");
    cr_assert_not_null(end);
    *end = '\0';
    static char yaml[4096];
    snprintf(yaml, sizeof yaml, "%s%s%s", HEAD, start, POLICIES);
    scenario sc;
    accept(yaml, NULL, 0, &sc);
    cr_assert_eq(sc.worlds[0].n_disruptions, 1);
    const disruption_spec *d = &sc.worlds[0].disruptions[0];
    cr_assert_str_eq(d->name, "strike");
    cr_assert_float_eq(dist_mean(&d->time_between), 365.0 / 4.0 - 14.0,
                       1e-9);
    scenario_free(&sc);
    (void)parse_documented; /* the helper reads whole scenarios only */
}
