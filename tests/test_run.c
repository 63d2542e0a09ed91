/*
 * test_run.c - running scenarios: determinism across thread counts, the
 * exact CSV columns, a golden summary.csv, atomic writes, the automatic
 * warm-up, and the flagship lesson's outcome.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/output.h"
#include "analysis/run.h"
#include "analysis/scenario.h"
#include "models/line.h"

static const char small_yaml[] =
    "name: small\n"
    "horizon: 200\n"
    "warmup: 20\n"
    "replications: 6\n"
    "seed: 42\n"
    "item: {unit_cost: 10, holding_rate: 0.3, backorder_cost: 1}\n"
    "demand: {arrivals: poisson, rate: 12, size: \"poisson(mean=2)\"}\n"
    "suppliers:\n"
    "  - {name: near, lead_time: \"gamma(mean=2, cv=0.3)\", order_cost: 40}\n"
    "disruptions:\n"
    "  - {supplier: near, start: 100, duration: 10}\n"
    "policies:\n"
    "  - {name: EOQ, type: eoq, Q: auto, r: auto}\n"
    "  - {name: JIT, type: kanban, container: 12, cards: auto, safety: 0.3}\n"
    "  - {name: BS, type: base_stock, S: auto}\n"
    "baseline: EOQ\n";

static void parse(const char *yaml, scenario *sc)
{
    scenario_errors errors;
    scenario_errors_init(&errors);
    int rc = scenario_parse(yaml, strlen(yaml), "test.yaml", NULL, 0, sc,
                            &errors);
    cr_assert_eq(rc, 0, "%s", errors.n ? errors.lines[0] : "?");
    scenario_errors_free(&errors);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void temp_dir(char *path, size_t len)
{
    snprintf(path, len, "/tmp/jitsim_runXXXXXX");
    cr_assert_not_null(mkdtemp(path));
}

Test(run, identical_results_for_any_thread_count)
{
    scenario sc;
    parse(small_yaml, &sc);
    run_result one, two;
    char err[300];
    run_config cfg1 = {.jobs = 1}, cfg2 = {.jobs = 2};
    cr_assert_eq(run_execute(&sc, &cfg1, &one, err, sizeof err), 0, "%s",
                 err);
    cr_assert_eq(run_execute(&sc, &cfg2, &two, err, sizeof err), 0, "%s",
                 err);
    cr_assert_eq(one.n_reps, 6);
    cr_assert_arr_eq(one.rows, two.rows,
                     one.n_policies * one.n_reps * one.columns.n *
                         sizeof *one.rows);
    char a[64], b[64];
    temp_dir(a, sizeof a);
    temp_dir(b, sizeof b);
    cr_assert_eq(output_write_csv(&sc, &one, a, err, sizeof err), 0);
    cr_assert_eq(output_write_csv(&sc, &two, b, err, sizeof err), 0);
    const char *files[] = {"summary.csv", "replications.csv"};
    for (int i = 0; i < 2; i++) {
        char pa[128], pb[128];
        size_t la, lb;
        snprintf(pa, sizeof pa, "%s/%s", a, files[i]);
        snprintf(pb, sizeof pb, "%s/%s", b, files[i]);
        char *x = slurp(pa, &la), *y = slurp(pb, &lb);
        cr_assert_eq(la, lb);
        cr_assert_eq(memcmp(x, y, la), 0, "%s differs", files[i]);
        free(x);
        free(y);
        remove(pa);
        remove(pb);
    }
    rmdir(a);
    rmdir(b);
    run_result_free(&one);
    run_result_free(&two);
    scenario_free(&sc);
}

Test(run, summary_csv_has_the_exact_columns_and_matches_the_golden_file)
{
    scenario sc;
    parse(small_yaml, &sc);
    run_result r;
    char err[300], dir[64], path[128];
    run_config cfg = {.jobs = 2};
    cr_assert_eq(run_execute(&sc, &cfg, &r, err, sizeof err), 0);
    temp_dir(dir, sizeof dir);
    cr_assert_eq(output_write_csv(&sc, &r, dir, err, sizeof err), 0);
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    /* Written through a private temporary file, but readable as any file
     * the user creates: 0666 less the umask. */
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    mode_t mask = umask(022);
    umask(mask);
    cr_assert_eq(st.st_mode & 0777, 0666 & ~mask, "mode %o", st.st_mode);
    size_t len, golden_len;
    char *got = slurp(path, &len);
    const char *header = "point,policy,metric,mean,sd,ci_low,"
                         "ci_high,n,diff,diff_ci_low,diff_ci_high\n";
    cr_assert_eq(strncmp(got, header, strlen(header)), 0);
    /* One row per policy and metric. */
    size_t rows = 0;
    for (size_t i = 0; i < len; i++)
        rows += got[i] == '\n';
    cr_assert_eq(rows, 1 + 3 * METRIC_COUNT);
    char *golden = slurp(JITSIM_SOURCE_DIR "/tests/golden/small_summary.csv",
                         &golden_len);
    cr_assert_eq(len, golden_len, "summary.csv changed (%zu vs %zu bytes); "
                                  "if deliberate, regenerate the golden file",
                 len, golden_len);
    cr_assert_eq(memcmp(got, golden, len), 0,
                 "summary.csv differs from tests/golden/small_summary.csv");
    /* The baseline has no paired difference; the others do. */
    cr_assert_not_null(strstr(got, "\n,\"EOQ\",\"total_cost\","));
    /* The scenario's name is meta.json's, not on every row. */
    cr_assert_null(strstr(got, "\"small\""));
    cr_assert_not_null(strstr(got, ",,,\n"));
    free(got);
    free(golden);
    snprintf(path, sizeof path, "%s/replications.csv", dir);
    got = slurp(path, &len);
    cr_assert_eq(strncmp(got, "point,policy,replication,"
                              "holding_cost,pipeline_holding_cost,",
                         51),
                 0);
    free(got);
    remove(path);
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    remove(path);
    rmdir(dir);
    run_result_free(&r);
    scenario_free(&sc);
}

Test(run, a_failed_write_leaves_no_partial_file)
{
    scenario sc;
    parse(small_yaml, &sc);
    run_result r;
    char err[300], dir[64], path[160];
    run_config cfg = {.jobs = 1, .replications = 2};
    cr_assert_eq(run_execute(&sc, &cfg, &r, err, sizeof err), 0);
    temp_dir(dir, sizeof dir);
    /* replications.csv cannot be created: a directory holds its name. */
    snprintf(path, sizeof path, "%s/replications.csv", dir);
    cr_assert_eq(mkdir(path, 0700), 0);
    cr_assert_eq(output_write_csv(&sc, &r, dir, err, sizeof err), -1);
    cr_assert_not_null(strstr(err, "replications.csv: cannot write"), "%s",
                       err);
    DIR *d = opendir(dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        cr_assert(e->d_name[0] != '.' || !strcmp(e->d_name, ".") ||
                      !strcmp(e->d_name, ".."),
                  "temporary file %s left behind", e->d_name);
    closedir(d);
    rmdir(path);
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    remove(path);
    rmdir(dir);
    /* An output directory that cannot be made. */
    cr_assert_eq(output_write_csv(&sc, &r, "/nonexistent/dir/out", err,
                                  sizeof err),
                 -1);
    cr_assert_not_null(strstr(err, "cannot create the output directory"));
    run_result_free(&r);
    scenario_free(&sc);
}

Test(run, mser5_finds_the_end_of_a_transient)
{
    /* 100 values decaying from 50, then 900 around 10: the truncation
     * lands near the end of the decay. */
    enum { N = 1000 };
    double x[N];
    for (int i = 0; i < N; i++)
        x[i] = 10.0 + (i < 100 ? 40.0 * (100 - i) / 100.0 : 0.0) +
               ((i * 7919) % 13 - 6) * 0.1;
    size_t d = run_mser5(x, N);
    cr_assert_geq(d, 80);
    cr_assert_leq(d, 120);
    cr_assert_eq(d % 5, 0);
    /* A stationary series needs no truncation. */
    for (int i = 0; i < N; i++)
        x[i] = 10.0 + ((i * 7919) % 13 - 6) * 0.1;
    cr_assert_leq(run_mser5(x, N), 25);
}

Test(run, warmup_auto_removes_the_initial_overstock)
{
    /* Base stock starting with ten times its level: the pilot's level
     * falls for about 100 days; MSER-5 cuts there. */
    static const char yaml[] =
        "name: auto warm-up\n"
        "horizon: 1000\n"
        "warmup: auto\n"
        "replications: 3\n"
        "item: {unit_cost: 10, holding_rate: 0.3}\n"
        "demand: {rate: 10}\n"
        "suppliers: [{name: s, lead_time: 1}]\n"
        "policies: [{name: BS, type: base_stock, S: 100, "
        "initial_inventory: 1000}]\n";
    scenario sc;
    parse(yaml, &sc);
    cr_assert(sc.warmup_auto);
    run_result r;
    char err[300];
    run_config cfg = {.jobs = 1};
    cr_assert_eq(run_execute(&sc, &cfg, &r, err, sizeof err), 0);
    cr_assert(r.warmup_was_auto);
    cr_assert_geq(r.warmup, 85.0, "warm-up %g", r.warmup);
    cr_assert_leq(r.warmup, 200.0, "warm-up %g", r.warmup);
    /* With the transient removed, the on-hand is the steady state's
     * (about S - D L = 90), not inflated by the initial 1000. */
    cr_assert_lt(run_summary(&r, 0, METRIC_AVG_ON_HAND)->mean, 95.0);
    run_result_free(&r);
    scenario_free(&sc);
}

Test(run, flagship_kanban_holds_less_stock_for_a_little_service)
{
    scenario sc;
    scenario_errors errors;
    scenario_errors_init(&errors);
    cr_assert_eq(scenario_load(JITSIM_SOURCE_DIR "/scenarios/flagship.yaml",
                               NULL, 0, &sc, &errors),
                 0);
    scenario_errors_free(&errors);
    run_result r;
    char err[300];
    run_config cfg = {0};
    cr_assert_eq(run_execute(&sc, &cfg, &r, err, sizeof err), 0);
    int kanban = scenario_policy(&sc, "kanban");
    cr_assert_geq(kanban, 0);
    const estimate *stock = run_diff(&r, (size_t)kanban, METRIC_AVG_ON_HAND);
    cr_assert_eq(estimate_sign(stock), -1, "stock diff [%g, %g]", stock->low,
                 stock->high);
    double eoq_stock = run_summary(&r, (size_t)sc.baseline,
                                   METRIC_AVG_ON_HAND)->mean;
    cr_assert_lt(stock->high, -0.45 * eoq_stock, "about half the stock");
    /* Deliveries in order cost kanban one to three points (lesson 1). */
    const estimate *fill = run_diff(&r, (size_t)kanban, METRIC_FILL_RATE);
    cr_assert(fill->mean > -0.03 && fill->mean < -0.01,
              "kanban - EOQ fill rate %g", fill->mean);
    const estimate *orders =
        run_diff(&r, (size_t)kanban, METRIC_ORDERING_COST);
    cr_assert_eq(estimate_sign(orders), 1, "kanban orders more often");
    run_result_free(&r);
    scenario_free(&sc);
}

/* ---- columns and production lines ---------------------------------------- */

/* A run_result made by hand: the base metrics and two columns of a line's
 * kind, two policies, three replications with known values. */
static void hand_result(run_result *r)
{
    memset(r, 0, sizeof *r);
    cr_assert_eq(metric_columns_base(&r->columns), 0);
    cr_assert_eq(metric_columns_add(&r->columns, "cut.wip", "units"), 0);
    cr_assert_eq(metric_columns_add(&r->columns, "a b,c", "units"), 0);
    r->n_policies = 2;
    r->n_reps = 3;
    r->rows = calloc(6 * r->columns.n, sizeof *r->rows);
    r->effective = calloc(2, sizeof *r->effective);
    for (size_t p = 0; p < 2; p++)
        for (size_t i = 0; i < 3; i++) {
            double *m = r->rows + (p * 3 + i) * r->columns.n;
            cr_assert_eq(m, run_row(r, p, i));
            for (size_t c = 0; c < r->columns.n; c++)
                m[c] = 1.0 + (double)c;
            m[METRIC_COUNT] = 2.5 + (double)i + 10.0 * (double)p;
            m[METRIC_COUNT + 1] = (double)p;
        }
    cr_assert_eq(run_summarise(r, 0), 0);
}

static char *stream_text(void (*fill)(FILE *, void *), void *ctx)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fill(f, ctx);
    fclose(f);
    return buf;
}

typedef struct hand_ctx {
    scenario *sc;
    run_result *r;
} hand_ctx;

static void put_summary(FILE *f, void *ctx)
{
    hand_ctx *h = ctx;
    output_summary_csv(f, h->sc, h->r);
}

static void put_replications(FILE *f, void *ctx)
{
    hand_ctx *h = ctx;
    output_replications_header(f, &h->r->columns, NULL, 0);
    output_replications_rows(f, h->sc, h->r, -1, NULL, 0);
}

static void put_json(FILE *f, void *ctx)
{
    hand_ctx *h = ctx;
    output_print_json(f, h->sc, h->r);
}

Test(run, every_writer_follows_the_columns_of_the_run)
{
    scenario sc;
    parse(small_yaml, &sc);
    run_result r;
    hand_result(&r);
    cr_assert_eq(run_column(&r, "cut.wip"), METRIC_COUNT);
    cr_assert_eq(run_column(&r, "fill_rate"), METRIC_FILL_RATE);
    cr_assert_eq(run_column(&r, "nope"), -1);
    /* The summary of a column of the line's kind: 2.5, 3.5, 4.5 and 12.5,
     * 13.5, 14.5; paired difference 10 exactly. */
    const estimate *e = run_summary(&r, 0, METRIC_COUNT);
    cr_assert_float_eq(e->mean, 3.5, 1e-12);
    cr_assert_eq(e->n, 3);
    const estimate *d = run_diff(&r, 1, METRIC_COUNT);
    cr_assert_float_eq(d->mean, 10.0, 1e-12);
    cr_assert_eq(run_diff(&r, 0, METRIC_COUNT)->n, 0);
    hand_ctx h = {&sc, &r};
    char *text = stream_text(put_summary, &h);
    size_t rows = 0;
    for (const char *p = text; *p; p++)
        rows += *p == '\n';
    cr_assert_eq(rows, 1 + 2 * (METRIC_COUNT + 2));
    cr_assert_not_null(strstr(text, "\n,\"EOQ\",\"cut.wip\",3.5,1,"));
    cr_assert_not_null(strstr(text, "\n,\"JIT\",\"cut.wip\",13.5,1,"));
    cr_assert_not_null(strstr(text, ",3,10,10,10\n"));
    cr_assert_not_null(strstr(text, "\"a b,c\""));
    free(text);
    /* replications.csv: a plain name bare, any other quoted. */
    text = stream_text(put_replications, &h);
    cr_assert_not_null(strstr(text, ",profit,cut.wip,\"a b,c\"\n"),
                       "%.300s", text);
    /* The last metric's column holds METRIC_COUNT (1 + its index). */
    char tail[64];
    snprintf(tail, sizeof tail, ",%d,2.5,0\n", METRIC_COUNT);
    cr_assert_not_null(strstr(text, tail), "%s", text);
    snprintf(tail, sizeof tail, ",%d,14.5,1\n", METRIC_COUNT);
    cr_assert_not_null(strstr(text, tail));
    free(text);
    text = stream_text(put_json, &h);
    cr_assert_not_null(strstr(text, "\"cut.wip\": {\"mean\": 3.5,"));
    cr_assert_not_null(strstr(text, "\"a b,c\": {\"mean\": 0,"));
    free(text);
    run_result_free(&r);
    scenario_free(&sc);
}

/* The small scenario's demand and policies on a two-stage line built by
 * hand (the C API, not the loader): cut breaks down, weld has preventive
 * maintenance and reworks its defects. */
static void small_line(scenario *sc)
{
    static const char yaml[] =
        "name: small line\n"
        "horizon: 300\n"
        "warmup: 30\n"
        "replications: 4\n"
        "seed: 5\n"
        "item: {unit_cost: 10, holding_rate: 0.3, backorder_cost: 1}\n"
        "demand: {arrivals: poisson, rate: 0.7, size: 1}\n"
        "suppliers:\n"
        "  - {name: s, lead_time: 1}\n"
        "policies:\n"
        "  - {name: MRP, type: mrp}\n"
        "  - {name: kanban, type: kanban, cards: 3}\n"
        "baseline: MRP\n";
    parse(yaml, sc);
    line_spec l;
    line_spec_init(&l);
    l.n_stages = 2;
    for (int k = 0; k < 2; k++) {
        stage_spec *st = &l.stages[k];
        stage_spec_init(st);
        snprintf(st->name, sizeof st->name, "%s", k ? "weld" : "cut");
        dist_free(&st->process_time);
        cr_assert_eq(dist_exponential(&st->process_time, k ? 0.9 : 0.5,
                                      NULL, 0),
                     0);
    }
    l.stages[0].breakdown.enabled = 1;
    dist_exponential(&l.stages[0].breakdown.time_between, 40.0, NULL, 0);
    dist_exponential(&l.stages[0].breakdown.repair, 2.0, NULL, 0);
    l.stages[1].maintenance.enabled = 1;
    l.stages[1].maintenance.every = 30.0;
    dist_constant(&l.stages[1].maintenance.duration, 1.0, NULL, 0);
    l.stages[1].defect_rate = 0.05;
    l.stages[1].rework = 1;
    for (size_t p = 0; p < sc->n_policies; p++)
        cr_assert_eq(line_spec_copy(&sc->worlds[p].line, &l), 0);
    line_spec_free(&l);
}

static double cell_of(const char *header, const char *row, const char *name)
{
    /* The field of `row` under `name` in `header` (no quoted commas). */
    int index = -1, i = 0;
    for (const char *p = header; *p && *p != '\n'; i++) {
        size_t n = strcspn(p, ",\n");
        char field[128];
        snprintf(field, sizeof field, "%.*s", (int)n, p);
        if (!strcmp(field, name))
            index = i;
        p += n;
        if (*p == ',')
            p++;
    }
    cr_assert_geq(index, 0, "no column %s", name);
    const char *p = row;
    for (int k = 0; k < index; k++)
        p += strcspn(p, ",\n") + 1;
    return strtod(p, NULL);
}

Test(run, a_line_has_its_columns_stage_wip_and_table)
{
    scenario sc;
    small_line(&sc);
    run_result r;
    char err[300], dir[64], path[160];
    run_config cfg = {.jobs = 2, .keep_timeseries = 1};
    cr_assert_eq(run_execute(&sc, &cfg, &r, err, sizeof err), 0, "%s", err);
    cr_assert_eq(r.columns.n, METRIC_COUNT + LINE_METRIC_COUNT +
                                  2 * STAGE_METRIC_COUNT);
    cr_assert_eq(run_column(&r, "weld.blocked"),
                 (int)line_column_stage(1, STAGE_BLOCKED));
    temp_dir(dir, sizeof dir);
    cr_assert_eq(output_write_csv(&sc, &r, dir, err, sizeof err), 0, "%s",
                 err);
    size_t len;
    snprintf(path, sizeof path, "%s/replications.csv", dir);
    char *reps = slurp(path, &len);
    char *header = reps;
    cr_assert_not_null(strstr(header, ",profit,throughput,"
                                      "line_lead_time_mean,"));
    cr_assert_not_null(strstr(header, ",cut.wip,cut.flow_time,"));
    cr_assert_not_null(strstr(header, ",weld.scrapped,weld.reworked\n"));
    /* Every row: fractions of machine time in [0, 1] summing to 1 per
     * stage, WIP and flow time >= 0, throughput near the demand. */
    static const char *const states[] = {"busy",    "setup",   "down",
                                         "maintenance", "starved",
                                         "blocked", "idle"};
    size_t n_rows = 0;
    for (char *row = strchr(reps, '\n') + 1; *row;
         row = strchr(row, '\n') + 1, n_rows++) {
        for (int k = 0; k < 2; k++) {
            const char *stage = k ? "weld" : "cut";
            char name[64];
            double sum = 0.0;
            for (int s = 0; s < 7; s++) {
                snprintf(name, sizeof name, "%s.%s", stage, states[s]);
                double x = cell_of(header, row, name);
                cr_assert(x >= 0.0 && x <= 1.0, "%s = %g", name, x);
                sum += x;
            }
            cr_assert_float_eq(sum, 1.0, 1e-6, "%s: shares sum to %g",
                               stage, sum);
            snprintf(name, sizeof name, "%s.wip", stage);
            cr_assert_geq(cell_of(header, row, name), 0.0);
            snprintf(name, sizeof name, "%s.flow_time", stage);
            cr_assert_gt(cell_of(header, row, name), 0.0);
        }
        cr_assert_gt(cell_of(header, row, "cut.down"), 0.0);
        cr_assert_gt(cell_of(header, row, "weld.maintenance"), 0.0);
        double tp = cell_of(header, row, "throughput");
        cr_assert(tp > 0.5 && tp < 0.9, "throughput %g", tp);
        double a = cell_of(header, row, "availability");
        cr_assert(a > 0.9 && a <= 1.0, "availability %g", a);
    }
    cr_assert_eq(n_rows, 2 * 4);
    free(reps);
    /* stage_wip.csv: a column per stage; timeseries.csv's wip is the
     * line's, the stages' plus the buffer between them, at every instant
     * the stages changed. */
    snprintf(path, sizeof path, "%s/stage_wip.csv", dir);
    char *stages = slurp(path, &len);
    cr_assert_eq(strncmp(stages, "policy,replication,t,\"cut\",\"weld\"\n",
                         34),
                 0, "%.80s", stages);
    snprintf(path, sizeof path, "%s/timeseries.csv", dir);
    char *ts = slurp(path, &len);
    size_t checked = 0, positive = 0;
    for (char *row = strchr(stages, '\n') + 1; *row && checked < 200;
         row = strchr(row, '\n') + 1, checked++) {
        char policy[32];
        double t, cut, weld;
        cr_assert_eq(sscanf(row, "\"%31[^\"]\",0,%lf,%lf,%lf", policy, &t,
                            &cut, &weld),
                     4);
        cr_assert(cut >= 0.0 && weld >= 0.0);
        positive += cut + weld > 0.0;
        char key[128];
        snprintf(key, sizeof key, "\"%s\",0,%.10g,", policy, t);
        const char *at = strstr(ts, key);
        cr_assert_not_null(at, "no timeseries point at %s", key);
        double on_hand, back, on_order, wip;
        cr_assert_eq(sscanf(at + strlen(key), "%lf,%lf,%lf,%lf", &on_hand,
                            &back, &on_order, &wip),
                     4);
        cr_assert_geq(wip, cut + weld - 1e-9, "t %g", t);
    }
    cr_assert_gt(positive, 10);
    free(stages);
    free(ts);
    /* The table: the line's block and each policy's stages. */
    char *table = NULL;
    FILE *f = open_memstream(&table, &len);
    output_print_table(f, &sc, &r);
    fclose(f);
    cr_assert_not_null(strstr(table, "\nline (mean ± 95% CI)"));
    cr_assert_not_null(strstr(table, "\nline_lead_time_p95 "));
    cr_assert_not_null(strstr(table, "stages under kanban (means"));
    /* One product: no block of products (the line's figures are its). */
    cr_assert_null(strstr(table, "products under"), "%s", table);
    cr_assert_not_null(strstr(table, "\n  weld "));
    cr_assert_not_null(strstr(table, "maint."));
    free(table);
    const char *names[] = {"summary.csv", "replications.csv",
                           "timeseries.csv", "stage_wip.csv"};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
    rmdir(dir);
    run_result_free(&r);
    scenario_free(&sc);
}

Test(run, ordinary_scenarios_write_no_stage_wip)
{
    scenario sc;
    parse(small_yaml, &sc);
    run_result r;
    char err[300], dir[64], path[160];
    run_config cfg = {.jobs = 1, .replications = 2, .keep_timeseries = 1};
    cr_assert_eq(run_execute(&sc, &cfg, &r, err, sizeof err), 0);
    cr_assert_eq(r.columns.n, METRIC_COUNT);
    temp_dir(dir, sizeof dir);
    cr_assert_eq(output_write_csv(&sc, &r, dir, err, sizeof err), 0);
    snprintf(path, sizeof path, "%s/stage_wip.csv", dir);
    cr_assert_neq(access(path, F_OK), 0);
    /* Without stages there is no WIP over time. */
    size_t len;
    snprintf(path, sizeof path, "%s/timeseries.csv", dir);
    char *ts = slurp(path, &len);
    for (char *row = strchr(ts, '\n') + 1; *row;
         row = strchr(row, '\n') + 1) {
        const char *end = row + strcspn(row, "\n");
        cr_assert(end - row > 2 && end[-2] == ',' && end[-1] == '0',
                  "%.*s", (int)(end - row), row);
    }
    free(ts);
    const char *names[] = {"summary.csv", "replications.csv",
                           "timeseries.csv"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
    rmdir(dir);
    run_result_free(&r);
    scenario_free(&sc);
}

/* warmup: auto must end for any horizon. Dividing the end of an interval
 * by its length used to round back into the same interval and spin
 * forever at 300, 365, 395, 730 and 1350 days; 1000 worked. The timeout
 * only turns a hang into a failure. Each pilot's cut lies inside the
 * horizon and is a multiple of five intervals (MSER-5's batches). */
Test(run, warmup_auto_ends_for_every_horizon, .timeout = 120)
{
    static const double horizons[] = {30,  50,  100, 200,  300,
                                      365, 395, 730, 1000, 1350};
    for (size_t k = 0; k < sizeof horizons / sizeof horizons[0]; k++) {
        char horizon[40];
        snprintf(horizon, sizeof horizon, "horizon=%g", horizons[k]);
        const char *sets[] = {horizon, "warmup=auto", NULL};
        scenario sc;
        scenario_errors errors;
        scenario_errors_init(&errors);
        cr_assert_eq(scenario_load(JITSIM_SOURCE_DIR
                                   "/scenarios/flagship.yaml",
                                   sets, 2, &sc, &errors),
                     0, "horizon %g", horizons[k]);
        scenario_errors_free(&errors);
        double warmup = run_auto_warmup(&sc, sc.seed);
        double bucket = horizons[k] / 1000.0;
        cr_assert_geq(warmup, 0.0);
        cr_assert_lt(warmup, horizons[k], "horizon %g: warm-up %g",
                     horizons[k], warmup);
        double batches = warmup / (5.0 * bucket);
        cr_assert_float_eq(batches, round(batches), 1e-6,
                           "horizon %g: warm-up %g", horizons[k], warmup);
        scenario_free(&sc);
    }
}

/* Where the observed window cuts a lot must not move the verdict. The
 * offshore lots of the local-vs-offshore lesson are some 59 days apart;
 * the warm-up walks across one lot cycle. purchase_cost is the cost of the
 * goods that left the stock, so the paired difference of total cost keeps
 * one value: every pair of intervals overlaps. The price of what was
 * ordered in the window (ordered_value, the old purchase cost) jumps by a
 * lot's value whenever a lot falls in or out of the window: the same check
 * on it fails, which is what made verdicts flip with the warm-up. */
Test(run, the_verdict_does_not_move_with_the_warm_up)
{
    static const char *const warmups[] = {"warmup=60", "warmup=75",
                                          "warmup=90", "warmup=105",
                                          "warmup=120"};
    enum { N = sizeof warmups / sizeof warmups[0] };
    estimate total[N], ordered[N];
    for (size_t k = 0; k < N; k++) {
        const char *sets[] = {warmups[k], "suppliers.local.unit_price=19"};
        scenario sc;
        scenario_errors errors;
        scenario_errors_init(&errors);
        cr_assert_eq(scenario_load(JITSIM_SOURCE_DIR
                                   "/scenarios/local-vs-offshore.yaml",
                                   sets, 2, &sc, &errors),
                     0);
        scenario_errors_free(&errors);
        run_result r;
        char err[300];
        run_config cfg = {.jobs = 2};
        cr_assert_eq(run_execute(&sc, &cfg, &r, err, sizeof err), 0, "%s",
                     err);
        int offshore = scenario_policy(&sc, "offshore-EOQ");
        cr_assert_geq(offshore, 0);
        total[k] = *run_diff(&r, (size_t)offshore, METRIC_TOTAL_COST);
        ordered[k] = *run_diff(&r, (size_t)offshore, METRIC_ORDERED_VALUE);
        run_result_free(&r);
        scenario_free(&sc);
    }
    int ordered_moved = 0;
    for (size_t a = 0; a < N; a++)
        for (size_t b = a + 1; b < N; b++) {
            cr_assert(total[a].low <= total[b].high &&
                          total[b].low <= total[a].high,
                      "total cost difference at %s: %g [%g, %g]; at %s: %g "
                      "[%g, %g]",
                      warmups[a], total[a].mean, total[a].low, total[a].high,
                      warmups[b], total[b].mean, total[b].low,
                      total[b].high);
            ordered_moved |= ordered[a].low > ordered[b].high ||
                             ordered[b].low > ordered[a].high;
        }
    cr_assert(ordered_moved, "the value ordered in the window should move "
                             "with the warm-up (the check must be able to "
                             "fail)");
}

/* With sales lost, a policy that runs out saves the purchase of what it
 * did not sell; only the margin lost shows what running out costs. A
 * lower service level must lower profit, and the verdict must compare
 * profit. */
Test(run, with_lost_sales_a_lower_service_level_lowers_profit)
{
    static const char yaml[] =
        "name: lost sales\n"
        "horizon: 400\n"
        "warmup: 30\n"
        "replications: 20\n"
        "seed: 3\n"
        "item: {unit_cost: 12, holding_rate: 0.3, price: 16, "
        "stockout_cost: 1, lost_sales: true}\n"
        "demand: {rate: 30}\n"
        "suppliers: [{name: s, lead_time: \"gamma(mean=3, cv=0.3)\", "
        "order_cost: 15}]\n"
        "policies:\n"
        "  - {name: high, type: eoq, Q: auto, r: auto, service_level: 0.95}\n"
        "  - {name: low, type: eoq, Q: auto, r: auto, service_level: 0.5}\n";
    scenario sc;
    parse(yaml, &sc);
    cr_assert_eq(sc.n_warnings, 0, "%s", sc.warnings[0]);
    run_result r;
    char err[300];
    run_config cfg = {.jobs = 2};
    cr_assert_eq(run_execute(&sc, &cfg, &r, err, sizeof err), 0, "%s", err);
    cr_assert_gt(run_diff(&r, 1, METRIC_LOST_UNITS)->low, 0.0);
    const estimate *profit = run_diff(&r, 1, METRIC_PROFIT);
    cr_assert_lt(profit->high, 0.0, "profit low - high = %g [%g, %g]",
                 profit->mean, profit->low, profit->high);
    cr_assert_eq(output_verdict_basis(&sc).metric, METRIC_PROFIT);
    char sentence[1024];
    output_sentence(sentence, sizeof sentence, &sc, &r, 1);
    cr_assert_not_null(strstr(sentence, "low: profit "), "%s", sentence);
    cr_assert_not_null(strstr(sentence, " lower than high"), "%s", sentence);
    run_result_free(&r);
    scenario_free(&sc);
}

/* Lost sales without a price: valid, with a warning at the lost_sales
 * key saying what a lost unit costs. */
Test(run, lost_sales_without_a_price_are_warned_of)
{
    static const char yaml[] =
        "name: lost sales\n"
        "horizon: 100\n"
        "item: {unit_cost: 12, stockout_cost: 4,\n"
        "       lost_sales: true}\n"
        "demand: {rate: 30}\n"
        "suppliers: [{name: s, lead_time: 3}]\n"
        "policies: [{name: E, type: eoq, Q: 100, r: 50}]\n";
    scenario sc;
    parse(yaml, &sc);
    cr_assert_eq(sc.n_warnings, 1);
    cr_assert_str_eq(sc.warnings[0],
                     "test.yaml:4:20: warning: lost sales without a price: a "
                     "lost unit costs only its stockout_cost (4) and saves "
                     "its purchase, so losing sales can look cheap; expected "
                     "item.price (the selling price), so that a lost sale "
                     "costs its margin and the verdict ranks policies by "
                     "profit");
    scenario_free(&sc);
}
