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
                     one.n_policies * one.n_reps * sizeof *one.rows);
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
    const char *header = "scenario,point,policy,metric,mean,sd,ci_low,"
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
    cr_assert_not_null(strstr(got, "\"small\",,\"EOQ\",\"total_cost\","));
    cr_assert_not_null(strstr(got, ",,,\n"));
    free(got);
    free(golden);
    snprintf(path, sizeof path, "%s/replications.csv", dir);
    got = slurp(path, &len);
    cr_assert_eq(strncmp(got, "scenario,point,policy,replication,"
                              "holding_cost,ordering_cost,",
                         60),
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

Test(run, flagship_kanban_holds_less_stock_at_similar_service)
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
    cr_assert_lt(stock->high, -0.5 * eoq_stock, "more than half less stock");
    const estimate *fill = run_diff(&r, (size_t)kanban, METRIC_FILL_RATE);
    cr_assert_lt(fabs(fill->mean), 0.01, "fill rates within a point");
    const estimate *orders =
        run_diff(&r, (size_t)kanban, METRIC_ORDERING_COST);
    cr_assert_eq(estimate_sign(orders), 1, "kanban orders more often");
    run_result_free(&r);
    scenario_free(&sc);
}
