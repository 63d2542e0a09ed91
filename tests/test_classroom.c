/*
 * test_classroom.c - the classroom page's native side: the classroom:
 * block of a scenario (every key, every mistake with its file:line:col),
 * the engine's JSON (analysis/classroom.c: the same numbers as a run, the
 * errors as the reader gives them, the export rerunning to the same
 * numbers), every lesson's sliders accepted at both ends, and the command
 * (the page for a lesson and for the library, the missing engine).
 *
 * The wasm engine itself is tested against this one by
 * tests/classroom/parity.sh and in a browser by tests/classroom/browser.sh
 * (only with -DJITSIM_CLASSROOM=ON).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/classroom.h"
#include "analysis/output.h"
#include "analysis/run.h"
#include "program.h"
#include "scenario_check.h"

#define WORLD                                                               \
    "name: t\n"                                                             \
    "horizon: 100\n"                                                        \
    "replications: 5\n"                                                     \
    "seed: 3\n"                                                             \
    "demand: {rate: 10}\n"                                                  \
    "suppliers:\n"                                                          \
    "  - name: local\n"                                                     \
    "    lead_time: \"gamma(mean=2, cv=0.25)\"\n"                         \
    "    order_cost: 5\n"                                                   \
    "policies:\n"                                                           \
    "  - {name: EOQ, type: eoq, supplier: local, Q: auto, r: auto}\n"      \
    "  - {name: kanban, type: kanban, supplier: local, container: 5, "      \
    "cards: auto}\n"

Test(classroom, every_key_lands_in_its_field)
{
    scenario sc;
    accept(WORLD "classroom:\n"
                 "  metric: fill_rate\n"
                 "  sliders:\n"
                 "    - {path: suppliers.local.order_cost, label: Order "
                 "cost, range: [0.5, 10], step: 0.5}\n"
                 "    - {path: suppliers.local.lead_time.mean, label: Lead "
                 "time, range: [0.5, 6], step: 0.25}\n"
                 "    - {path: policies.kanban.cards, label: Cards, range: "
                 "[1, 30], step: 1}\n",
           NULL, 0, &sc);
    cr_assert_str_eq(sc.classroom_metric, "fill_rate");
    cr_assert_eq(sc.n_sliders, 3);
    cr_assert_str_eq(sc.sliders[0].path, "suppliers.local.order_cost");
    cr_assert_str_eq(sc.sliders[0].label, "Order cost");
    cr_assert_eq(sc.sliders[0].min, 0.5);
    cr_assert_eq(sc.sliders[0].max, 10.0);
    cr_assert_eq(sc.sliders[0].step, 0.5);
    cr_assert_eq(sc.sliders[0].value, 5.0);
    /* A parameter inside a distribution's text, and auto (no number). */
    cr_assert_eq(sc.sliders[1].value, 2.0);
    cr_assert(isnan(sc.sliders[2].value));
    scenario_free(&sc);
    /* Without the block: no sliders, the verdict's metric. */
    accept(WORLD, NULL, 0, &sc);
    cr_assert_eq(sc.n_sliders, 0);
    cr_assert_str_eq(sc.classroom_metric, "");
    scenario_free(&sc);
}

Test(classroom, errors)
{
    ERRORS(WORLD "classroom: 3\n",
           "t.yaml:13:12: classroom must be a mapping, got '3'; "
           "expected a mapping {metric: ..., sliders: [...]}");
    ERRORS(WORLD "classroom: {colour: red}\n",
           "t.yaml:13:13: unknown key 'colour' in classroom; expected "
           "one of metric, sliders");
    ERRORS(WORLD "classroom: {metric: fil_rate}\n",
           "t.yaml:13:21: unknown metric 'fil_rate'; did you mean "
           "'fill_rate'?");
    ERRORS(WORLD "classroom: {sliders: 3}\n",
           "t.yaml:13:22: sliders must be a list, got '3'; expected a "
           "list of sliders [{path: ..., label: ..., range: [lo, hi], "
           "step: ...}]");
    ERRORS(WORLD "classroom:\n"
                 "  sliders:\n"
                 "    - {path: demand.rate, label: x, range: [1, 20], step: 1, colour: red}\n",
           "t.yaml:15:62: unknown key 'colour' in a slider; expected "
           "one of path, label, range, step");
    ERRORS(WORLD "classroom:\n"
                 "  sliders:\n"
                 "    - {path: demand.rate, label: x, range: [1, 20]}\n",
           "t.yaml:15:7: the slider lacks its step; expected path, "
           "label, range and step");
    ERRORS(WORLD "classroom:\n"
                 "  sliders:\n"
                 "    - {path: demand.rate, label: x, range: [20, 1], step: 1}\n",
           "t.yaml:15:44: range holds 2 numbers and the first is not "
           "below the second; expected [lo, hi] with lo < hi");
    ERRORS(WORLD "classroom:\n"
                 "  sliders:\n"
                 "    - {path: demand.rate, label: x, range: [1, 2, 3], step: 1}\n",
           "t.yaml:15:44: range holds 3 numbers; expected [lo, hi] with "
           "lo < hi");
    ERRORS(WORLD "classroom:\n"
                 "  sliders:\n"
                 "    - {path: demand.rate, label: x, range: [1, 20], step: 0}\n",
           "t.yaml:15:59: step must be > 0, got 0; expected a number > "
           "0 (the slider's smallest move)");
    ERRORS(WORLD "classroom:\n"
                 "  sliders:\n"
                 "    - {path: demand.rate, label: x, range: [1, 2], step: 5}\n",
           "t.yaml:15:58: step 5 is wider than the range [1, 2]; "
           "expected at most 1");
    ERRORS(WORLD "classroom:\n"
                 "  sliders:\n"
                 "    - {path: demand.rate, label: '', range: [1, 2], step: 1}\n",
           "t.yaml:15:35: label is empty; expected a short text the "
           "page shows");
    ERRORS(WORLD "classroom:\n"
                 "  sliders:\n"
                 "    - {path: suppliers.far.order_cost, label: x, range: [1, 2], step: 1}\n",
           "t.yaml:15:14: slider path 'suppliers.far.order_cost' names "
           "no key of the scenario; expected an entry name (local) or "
           "an index below 1");
    ERRORS(WORLD "classroom:\n"
                 "  sliders:\n"
                 "    - {path: demand.rate, label: x, range: [1, 2], step: 1}\n"
                 "    - {path: demand.rate, label: y, range: [1, 2], step: 1}\n",
           "t.yaml:16:7: slider path 'demand.rate' is given twice; "
           "expected each path once");
    /* An end the scenario refuses, found by trying it (at the range). */
    ERRORS(WORLD "classroom:\n"
                 "  sliders:\n"
                 "    - {path: demand.rate, label: x, range: [-5, 20], step: 1}\n",
           "t.yaml:15:44: slider demand.rate at -5: rate must be > 0, "
           "got -5; expected customer orders per time unit > 0");
    ERRORS(WORLD "classroom:\n"
                 "  sliders:\n"
                 "    - {path: demand.rte, label: x, range: [1, 20], step: 1}\n",
           "t.yaml:15:43: slider demand.rte at 1: unknown key 'rte' in "
           "the demand; did you mean 'rate'?");
}

/* Every lesson's sliders are accepted at both ends (the reader tries
 * them) and start on their own grid. */
Test(classroom, every_lesson_has_sliders_that_work)
{
    scenario sc_doc;
    char out[4096];
    outcome *o = program_run("lessons");
    cr_assert_eq(o->status, 0);
    size_t lessons = 0;
    char *save = NULL;
    char *listing = strdup(o->out);
    int on = 0;
    for (char *line = strtok_r(listing, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(line, "Lessons", 7)) {
            on = 1;
            continue;
        }
        if (!strncmp(line, "Examples", 8))
            break;
        char a[64], b[128];
        if (!on || sscanf(line, "%63s %127s", a, b) < 1)
            continue;
        const char *name = (a[0] >= '0' && a[0] <= '9') ? b : a;
        snprintf(out, sizeof out, JITSIM_SOURCE_DIR "/scenarios/%s.yaml",
                 name);
        scenario sc;
        scenario_errors e;
        scenario_errors_init(&e);
        cr_assert_eq(scenario_load(out, NULL, 0, &sc, &e), 0, "%s: %s", name,
                     e.n ? e.lines[0] : "");
        cr_assert_geq(sc.n_sliders, 1, "%s has no sliders", name);
        for (size_t k = 0; k < sc.n_sliders; k++) {
            const scenario_slider *s = &sc.sliders[k];
            if (isnan(s->value))
                continue;
            double steps = (s->value - s->min) / s->step;
            cr_assert(s->value >= s->min && s->value <= s->max,
                      "%s: %s starts at %g outside [%g, %g]", name, s->path,
                      s->value, s->min, s->max);
            cr_assert(fabs(steps - round(steps)) < 1e-9,
                      "%s: %s starts at %g, off its grid", name, s->path,
                      s->value);
        }
        scenario_free(&sc);
        lessons++;
    }
    free(listing);
    cr_assert_geq(lessons, 20);
    /* The documented block of docs/scenario-format.md is accepted too. */
    parse_documented("## classroom\n", &sc_doc);
    cr_assert_geq(sc_doc.n_sliders, 1);
    scenario_free(&sc_doc);
}

static char *run_json(const char *yaml, const char *sets, uint64_t seed,
                      int seed_given, uint64_t reps)
{
    size_t len = 0;
    char *out = classroom_run_json(yaml, strlen(yaml), "t.yaml", sets, seed,
                                   seed_given, reps, &len);
    cr_assert_not_null(out);
    cr_assert_eq(strlen(out), len);
    return out;
}

/* The JSON's summary.csv is the run's own, and its numbers are the run's
 * to 17 digits. */
Test(classroom, engine_gives_the_runs_numbers)
{
    const char *sets = "suppliers.local.order_cost=1\n";
    char *json = run_json(WORLD, sets, 9, 1, 4);
    scenario sc;
    const char *list[] = {"suppliers.local.order_cost=1"};
    accept(WORLD, list, 1, &sc);
    run_config cfg = {.replications = 4, .seed = 9, .seed_given = 1,
                      .jobs = 1};
    run_result r;
    char err[256];
    cr_assert_eq(run_execute(&sc, &cfg, &r, err, sizeof err), 0);
    char *csv = NULL;
    size_t csv_len = 0;
    FILE *m = open_memstream(&csv, &csv_len);
    output_summary_csv(m, &sc, &r);
    fclose(m);
    /* The CSV inside the JSON, escaped: its first row. */
    char *nl = strchr(csv, '\n');
    cr_assert_not_null(nl);
    char *second = nl + 1, *end = strchr(second, '\n');
    *end = '\0';
    char escaped[1024];
    size_t k = 0;
    for (const char *c = second; *c && k + 2 < sizeof escaped; c++) {
        if (*c == '"')
            escaped[k++] = '\\';
        escaped[k++] = *c;
    }
    escaped[k] = '\0';
    cr_assert_not_null(strstr(json, escaped), "summary.csv row %s absent",
                       escaped);
    /* The total cost's mean of the baseline to 17 digits. */
    char mean[64];
    snprintf(mean, sizeof mean, "[%.17g, ",
             run_summary(&r, 0, METRIC_TOTAL_COST)->mean);
    cr_assert_not_null(strstr(json, mean), "%s absent", mean);
    cr_assert_not_null(strstr(json, "\"ok\": true"));
    cr_assert_not_null(strstr(json, "\"seed\": 9, \"replications\": 4"));
    cr_assert_not_null(strstr(json, "\"series\": [{\"t\": [0, "));
    free(csv);
    run_result_free(&r);
    scenario_free(&sc);
    free(json);
}

Test(classroom, a_loops_caution_reaches_the_page)
{
    /* The kanban's 4 containers of 5 against about 22 demanded over the
     * lead time its cards see: the console's caution, per policy, "" for
     * the EOQ. */
    char *json = run_json(WORLD, "policies.kanban.cards=4\n", 9, 1, 2);
    cr_assert_not_null(strstr(json, "\"cautions\": [\"\", \"its loop holds "),
                       "no caution for the kanban");
    free(json);
    /* With a margin, nothing. */
    json = run_json(WORLD, "policies.kanban.cards=6\n", 9, 1, 2);
    cr_assert_not_null(strstr(json, "\"cautions\": [\"\", \"\"]"));
    free(json);
}

Test(classroom, engine_gives_the_readers_errors)
{
    char *json = run_json("name: t\nhorizon: soon\n", "", 0, 0, 0);
    cr_assert(strncmp(json, "{\"ok\": false, \"errors\": [\"t.yaml:1:1: the "
                            "scenario has no demand", 40) == 0, "%s", json);
    cr_assert_not_null(strstr(json, "\"t.yaml:2:10: horizon must be a "
                                    "number, got 'soon'; expected"),
                       "%s", json);
    free(json);
    json = run_json(WORLD, "demand.rate=-1", 0, 0, 0);
    cr_assert_not_null(strstr(json, "\"--set demand.rate: rate must be > 0"),
                       "%s", json);
    free(json);
}

/* Replaces each warning's "t.yaml:LINE:COL: " or "--set PATH: " with
 * nothing, in place. */
static void strip_warning_positions(char *json)
{
    char *w = strstr(json, "\"warnings\": [");
    if (!w)
        return;
    char *end = strchr(w, ']');
    for (char *p = w; (p = strstr(p, ": warning: ")) != NULL && p < end;) {
        char *start = p;
        while (start > w && start[-1] != '"')
            start--;
        size_t cut = (size_t)(p + 2 - start);
        memmove(start, p + 2, strlen(p + 2) + 1);
        end -= cut;
        p = start + 1;
    }
}

/* The page's download: the sets written into the text, comments kept,
 * and the text reruns to the numbers of the sets. */
Test(classroom, export_reruns_to_the_same_numbers)
{
    const char *yaml = "# a comment\n" WORLD;
    const char *sets = "suppliers.local.order_cost=1.5\nseed=11\n"
                       "suppliers.local.lead_time.mean=3";
    char err[256];
    size_t len = 0;
    char *text = classroom_export(yaml, strlen(yaml), sets, &len, err,
                                  sizeof err);
    cr_assert_not_null(text, "%s", err);
    char *a = run_json(text, "", 0, 0, 0);
    char *b = run_json(yaml, sets, 0, 0, 0);
    /* The same run; only the warnings' positions may differ (the text
     * was rewritten, so a line moved): the same warnings after them. */
    strip_warning_positions(a);
    strip_warning_positions(b);
    cr_assert_str_eq(a, b);
    /* In place when it can: order cost and seed alone keep the comment. */
    free(text);
    text = classroom_export(yaml, strlen(yaml),
                            "suppliers.local.order_cost=1.5\nseed=11", &len,
                            err, sizeof err);
    cr_assert_not_null(text);
    cr_assert_not_null(strstr(text, "# a comment\n"));
    cr_assert_not_null(strstr(text, "order_cost: 1.5\n"));
    cr_assert_not_null(strstr(text, "seed: 11\n"));
    free(text);
    free(a);
    free(b);
}

Test(classroom, command_writes_pages_or_says_how_to_build_the_engine)
{
    outcome *o = program_run("classroom flagship -o /tmp/jitsim_cls_x.html "
                             "--wasm /nonexistent/jitsim.wasm");
    cr_assert_eq(o->status, 1);
    cr_assert_not_null(strstr(o->err, "/nonexistent/jitsim.wasm: cannot "
                                      "read a WebAssembly module"));
    /* A fake engine: the page is written with it inlined, for one lesson
     * and for the whole library. */
    FILE *f = fopen("/tmp/jitsim_cls_fake.wasm", "wb");
    cr_assert_not_null(f);
    fwrite("\0asm\1\0\0\0", 1, 8, f);
    fclose(f);
    o = program_run("classroom flagship -o /tmp/jitsim_cls_one.html --wasm "
                    "/tmp/jitsim_cls_fake.wasm");
    cr_assert_eq(o->status, 0, "%s", o->err);
    static char page[4 << 20];
    program_slurp("/tmp/jitsim_cls_one.html", page, sizeof page);
    cr_assert_not_null(strstr(page, "AGFzbQEAAAA="), "the engine inlined");
    cr_assert_not_null(strstr(page, "{\"file\": \"flagship.yaml\", "
                                    "\"title\": \"Flagship: EOQ sawtooth "
                                    "vs kanban\", \"lesson\": 1"));
    cr_assert_null(strstr(page, "@PAGE_JS@"));
    /* No external resource: nothing loaded from elsewhere. */
    cr_assert_null(strstr(page, "src=\"http"));
    cr_assert_null(strstr(page, "href=\"http"));
    cr_assert_null(strstr(page, "url(http"));
    cr_assert_null(strstr(page, "@import"));
    cr_assert_not_null(strstr(page, "default-src 'none'"), "the page's CSP");
    o = program_run("classroom -o /tmp/jitsim_cls_all.html --wasm "
                    "/tmp/jitsim_cls_fake.wasm");
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert_not_null(strstr(o->out, "32 lessons"), "%s", o->out);
    program_slurp("/tmp/jitsim_cls_all.html", page, sizeof page);
    cr_assert_not_null(strstr(page, "\"file\": \"weekend.yaml\""));
    cr_assert_null(strstr(page, "example-all-policies"));
    /* Mistakes: no page name, two lessons, a bad lesson. */
    o = program_run("classroom flagship");
    cr_assert_eq(o->status, 2);
    cr_assert_str_eq(o->err, "jitsim classroom: the page needs a name: -o "
                             "PAGE.html\n");
    o = program_run("classroom flagship outage -o x.html");
    cr_assert_eq(o->status, 2);
    o = program_run("classroom flagshp -o x.html");
    cr_assert_eq(o->status, 2);
    cr_assert_not_null(strstr(o->err, "did you mean 'flagship'?"), "%s",
                       o->err);
    remove("/tmp/jitsim_cls_one.html");
    remove("/tmp/jitsim_cls_all.html");
    remove("/tmp/jitsim_cls_fake.wasm");
}
