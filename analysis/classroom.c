/*
 * classroom.c - the classroom page's engine: scenario text in, one JSON
 * text out (classroom.h lists its fields).
 *
 * It parses and runs exactly as `jitsim run` does (scenario_parse with the
 * overrides, run_execute, the table, the sentences and summary.csv of
 * output.h), one thread, and writes into a memory stream, so that the
 * same code runs natively and in WebAssembly, where there are no files to
 * write and no threads.
 *
 * Not here: the exports of the wasm module (app/wasm/main.c), the page.
 */
#define _POSIX_C_SOURCE 200809L
#include "analysis/classroom.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/meta_json.h"
#include "analysis/output.h"
#include "analysis/run.h"
#include "analysis/scenario.h"

/* A number to 17 significant digits (it reads back as the same double);
 * NaN and infinities as null. */
static void put_number(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.17g", x);
    else
        fputs("null", f);
}

static void put_strings(FILE *f, const char *key, char *const *lines,
                        size_t n)
{
    fprintf(f, "\"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", f);
        json_put_string(f, lines[i]);
    }
    fputs("]", f);
}

/* Splits "a=1\nb=2" into its non-empty lines (the caller frees the copy
 * and the list). */
static size_t split_sets(const char *sets, char **copy, char ***list)
{
    *copy = NULL;
    *list = NULL;
    if (!sets || !*sets)
        return 0;
    size_t n = 1;
    for (const char *p = sets; *p; p++)
        n += *p == '\n';
    *copy = malloc(strlen(sets) + 1);
    *list = malloc(n * sizeof **list);
    if (!*copy || !*list)
        return 0;
    strcpy(*copy, sets);
    size_t k = 0;
    for (char *line = *copy, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (*line)
            (*list)[k++] = line;
    }
    return k;
}

static void put_sliders(FILE *f, const scenario *sc)
{
    fputs("\"classroom\": {\"metric\": ", f);
    json_put_string(f, sc->classroom_metric);
    fputs(", \"sliders\": [", f);
    for (size_t i = 0; i < sc->n_sliders; i++) {
        const scenario_slider *s = &sc->sliders[i];
        fputs(i ? ", {\"path\": " : "{\"path\": ", f);
        json_put_string(f, s->path);
        fputs(", \"label\": ", f);
        json_put_string(f, s->label);
        fputs(", \"min\": ", f);
        put_number(f, s->min);
        fputs(", \"max\": ", f);
        put_number(f, s->max);
        fputs(", \"step\": ", f);
        put_number(f, s->step);
        fputs(", \"value\": ", f);
        put_number(f, s->value);
        fputs("}", f);
    }
    fputs("]}", f);
}

static void put_summary(FILE *f, const run_result *r)
{
    fputs("\"summary\": [", f);
    for (size_t p = 0; p < r->n_policies; p++) {
        fputs(p ? ", [" : "[", f);
        for (size_t m = 0; m < r->columns.n; m++) {
            const estimate *e = run_summary(r, p, m), *d = run_diff(r, p, m);
            fputs(m ? ", [" : "[", f);
            double v[6] = {e->mean, e->low, e->high, d->mean, d->low, d->high};
            if (d->n == 0)
                v[3] = v[4] = v[5] = NAN;
            for (int k = 0; k < 6; k++) {
                if (k)
                    fputs(", ", f);
                put_number(f, v[k]);
            }
            fputs("]", f);
        }
        fputs("]", f);
    }
    fputs("]", f);
}

/* Replication 0's on-hand stock in equal buckets: each bucket's start,
 * its lowest, highest and last level (a sawtooth keeps its teeth), and
 * the backorders at its end. Before the first point the level is the
 * first point's. */
static void put_series(FILE *f, const run_result *r, double horizon)
{
    fputs("\"series\": [", f);
    for (size_t p = 0; p < r->n_policies; p++) {
        const timeseries *ts = &r->series[p];
        fputs(p ? ", {" : "{", f);
        size_t nb = CLASSROOM_SERIES_POINTS;
        double width = horizon / (double)nb;
        size_t i = 0;
        double level = ts->n ? ts->points[0].on_hand : NAN;
        double back = ts->n ? ts->points[0].backorders : NAN;
        fputs("\"t\": [", f);
        for (size_t b = 0; b < nb; b++) {
            if (b)
                fputs(", ", f);
            put_number(f, (double)b * width);
        }
        /* Three arrays built in one pass: written to a second stream. */
        char *rest = NULL;
        size_t rest_len = 0;
        FILE *g = open_memstream(&rest, &rest_len);
        if (!g) {
            fputs("]}", f);
            continue;
        }
        fputs("], \"low\": [", f);
        fputs("], \"backorders\": [", g);
        char *hi_text = NULL, *last_text = NULL;
        size_t hi_len = 0, last_len = 0;
        FILE *h = open_memstream(&hi_text, &hi_len);
        FILE *l = open_memstream(&last_text, &last_len);
        for (size_t b = 0; h && l && b < nb; b++) {
            double end = (double)(b + 1) * width;
            double lo = level, hi = level;
            while (i < ts->n && ts->points[i].t < end) {
                level = ts->points[i].on_hand;
                back = ts->points[i].backorders;
                lo = fmin(lo, level);
                hi = fmax(hi, level);
                i++;
            }
            const char *sep = b ? ", " : "";
            fputs(sep, f);
            put_number(f, lo);
            fputs(sep, h);
            put_number(h, hi);
            fputs(sep, l);
            put_number(l, level);
            fputs(sep, g);
            put_number(g, back);
        }
        if (h)
            fclose(h);
        if (l)
            fclose(l);
        fclose(g);
        fprintf(f, "], \"high\": [%s], \"last\": [%s%s]}",
                hi_text ? hi_text : "", last_text ? last_text : "",
                rest ? rest : "");
        free(hi_text);
        free(last_text);
        free(rest);
    }
    fputs("]", f);
}

/* The text a FILE* writer gives, as a JSON string. */
static void put_written(FILE *f, const char *key, const scenario *sc,
                        const run_result *r,
                        void (*write)(FILE *, const scenario *,
                                      const run_result *))
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (m) {
        write(m, sc, r);
        fclose(m);
    }
    fprintf(f, "\"%s\": ", key);
    json_put_string(f, text ? text : "");
    free(text);
}

static void summary_csv(FILE *f, const scenario *sc, const run_result *r)
{
    output_summary_csv(f, sc, r);
}

static void put_results(FILE *f, const scenario *sc, const run_result *r)
{
    fputs(", \"name\": ", f);
    json_put_string(f, sc->name);
    fputs(", \"description\": ", f);
    json_put_string(f, sc->description);
    fprintf(f, ", \"lesson\": %d, \"time_unit\": ", sc->lesson);
    json_put_string(f, sc->time_unit);
    fprintf(f, ", \"seed\": %llu, \"replications\": %llu, \"baseline\": %d",
            (unsigned long long)r->seed, (unsigned long long)r->n_reps,
            sc->baseline);
    fputs(", \"policies\": [", f);
    for (size_t p = 0; p < sc->n_policies; p++) {
        if (p)
            fputs(", ", f);
        json_put_string(f, sc->worlds[p].policy.name);
    }
    /* Each policy's parameters as simulated (auto ones resolved): where a
     * slider on an auto parameter starts. */
    fputs("], \"parameters\": [", f);
    for (size_t p = 0; p < sc->n_policies; p++) {
        const policy_spec *ps = &sc->worlds[p].policy;
        unsigned accepted = ps->type->accepted | ps->type->line_accepted;
        fputs(p ? ", {" : "{", f);
        int first = 1;
        for (int i = 0; i < PARAM_PLAN_DEMAND; i++) {
            if (!(accepted & (1u << i)) ||
                r->effective[p].state[i] != PARAM_GIVEN)
                continue;
            fprintf(f, "%s\"%s\": ", first ? "" : ", ",
                    policy_param_name((policy_param)i));
            put_number(f, r->effective[p].value[i]);
            first = 0;
        }
        fputs("}", f);
    }
    /* A loop sized with no margin (models/policy.h): the page shows it
     * beside the verdict, as the console does under the policy, so a
     * student who moves the cards below the demand over the lead time is
     * told why kanban now loses. "" when there is none. */
    fputs("], \"cautions\": [", f);
    for (size_t p = 0; p < sc->n_policies; p++) {
        const char *caution =
            r->plans ? world_plan_caution(r->plans[p]) : NULL;
        if (p)
            fputs(", ", f);
        json_put_string(f, caution ? caution : "");
    }
    fputs("], ", f);
    put_sliders(f, sc);
    verdict_basis basis = output_verdict_basis(sc);
    fputs(", \"verdict_metric\": ", f);
    json_put_string(f, metric_name((metric)basis.metric));
    fprintf(f, ", \"higher_is_better\": %d, \"columns\": [",
            basis.higher_is_better);
    for (size_t m = 0; m < r->columns.n; m++) {
        if (m)
            fputs(", ", f);
        json_put_string(f, r->columns.name[m]);
    }
    size_t rows[OUTPUT_TABLE_ROWS_MAX];
    size_t n_rows = output_table_metrics(sc, rows);
    fputs("], \"rows\": [", f);
    for (size_t i = 0; i < n_rows; i++)
        fprintf(f, "%s%zu", i ? ", " : "", rows[i]);
    fputs("], ", f);
    put_summary(f, r);
    fputs(", \"sentences\": [", f);
    int first = 1;
    for (size_t p = 0; p < r->n_policies; p++) {
        if ((int)p == sc->baseline)
            continue;
        char buf[2048];
        output_sentence(buf, sizeof buf, sc, r, p);
        fputs(first ? "" : ", ", f);
        json_put_string(f, buf);
        first = 0;
    }
    fputs("], ", f);
    put_written(f, "table", sc, r, output_print_table);
    fputs(", ", f);
    put_written(f, "summary_csv", sc, r, summary_csv);
    fputs(", ", f);
    put_series(f, r, sc->worlds[0].horizon);
}

char *classroom_run_json(const char *text, size_t len, const char *source,
                         const char *sets, uint64_t seed, int seed_given,
                         uint64_t replications, size_t *out_len)
{
    char *out = NULL, *copy = NULL, **list = NULL;
    size_t out_n = 0;
    FILE *f = open_memstream(&out, &out_n);
    if (!f)
        return NULL;
    size_t n_sets = split_sets(sets, &copy, &list);
    scenario sc;
    scenario_errors errors;
    scenario_errors_init(&errors);
    int rc = scenario_parse(text, len, source, (const char *const *)list,
                            n_sets, &sc, &errors);
    free(list);
    free(copy);
    if (rc) {
        fputs("{\"ok\": false, ", f);
        put_strings(f, "errors", errors.lines, errors.n);
        fputs("}", f);
        scenario_errors_free(&errors);
        fclose(f);
        *out_len = out_n;
        return out;
    }
    run_config cfg = {0};
    cfg.replications = replications;
    cfg.seed = seed;
    cfg.seed_given = seed_given;
    cfg.jobs = 1;
    cfg.keep_timeseries = 1;
    run_result r;
    char err[512];
    if (run_execute(&sc, &cfg, &r, err, sizeof err)) {
        char *line = err;
        fputs("{\"ok\": false, ", f);
        put_strings(f, "errors", &line, 1);
        fputs("}", f);
    } else {
        fputs("{\"ok\": true, \"errors\": [], \"warnings\": [", f);
        for (size_t i = 0; i < sc.n_warnings; i++) {
            if (i)
                fputs(", ", f);
            json_put_string(f, sc.warnings[i]);
        }
        fputs("]", f);
        put_results(f, &sc, &r);
        fputs("}", f);
        run_result_free(&r);
    }
    scenario_free(&sc);
    fclose(f);
    *out_len = out_n;
    return out;
}

char *classroom_export(const char *text, size_t len, const char *sets,
                       size_t *out_len, char *err, size_t errlen)
{
    char *copy = NULL, **list = NULL, *out = NULL;
    size_t n = split_sets(sets, &copy, &list);
    if (sets && *sets && (!copy || !list)) {
        snprintf(err, errlen, "out of memory");
        free(copy);
        free(list);
        return NULL;
    }
    if (scenario_rewrite(text, len, (const char *const *)list, n, &out,
                         out_len, err, errlen) != 0 &&
        scenario_emit(text, len, (const char *const *)list, n, &out,
                      out_len, err, errlen) != 0)
        out = NULL;
    free(list);
    free(copy);
    return out;
}
