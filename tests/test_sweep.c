/*
 * test_sweep.c - sweeps: grid expansion, option errors, byte-identical
 * output for any thread count, for shards merged, for MPI ranks and for a
 * resumed interruption; the best-point search checked by hand.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analysis/sweep.h"

/* ---- grid expansion -------------------------------------------------------- */

static void values_are(const char *spec, const double *expected, size_t n)
{
    sweep_axis a;
    char err[300];
    cr_assert_eq(sweep_parse_values(spec, &a, err, sizeof err), 0, "%s: %s",
                 spec, err);
    cr_assert_eq(a.n_values, n, "%s: %zu values", spec, a.n_values);
    for (size_t i = 0; i < n; i++)
        cr_assert_float_eq(a.values[i], expected[i], 1e-12, "%s [%zu]", spec,
                           i);
    free(a.values);
}

Test(sweep, value_lists_and_ranges)
{
    values_are("1,2,5", (double[]){1, 2, 5}, 3);
    values_are("2.5", (double[]){2.5}, 1);
    values_are("1:7:1", (double[]){1, 2, 3, 4, 5, 6, 7}, 7);
    values_are("0:1:0.25", (double[]){0, 0.25, 0.5, 0.75, 1}, 5);
    values_are("log:1:1000:4", (double[]){1, 10, 100, 1000}, 4);
    values_are("1:2:5", (double[]){1}, 1);
    /* A float step lands exactly on the end despite rounding. */
    sweep_axis a;
    char err[300];
    cr_assert_eq(sweep_parse_values("0.1:0.7:0.1", &a, err, sizeof err), 0);
    cr_assert_eq(a.n_values, 7);
    cr_assert_eq(a.values[6], 0.7, "last %.17g", a.values[6]);
    free(a.values);
    cr_assert_eq(sweep_parse_values("log:1:100:3", &a, err, sizeof err), 0);
    cr_assert_eq(a.values[2], 100.0);
    free(a.values);
}

Test(sweep, bad_value_specs)
{
    sweep_axis a;
    char err[300];
    struct {
        const char *spec, *fragment;
    } cases[] = {
        {"1,,3", "an empty value in '1,,3'"},
        {"", "an empty value in ''"},
        {"a,b,a", "'a' is given twice in 'a,b,a'"},
        {"5:1:1", "to (1) is below from (5)"},
        {"1:5:0", "the step must be > 0"},
        {"1:5", "is not a range"},
        {"log:0:10:3", "FROM > 0"},
        {"log:1:10:1.5", "whole COUNT"},
        {"1:2:3:4", "is not a range"},
    };
    /* A name past 200 characters. */
    char spec[300] = "a,";
    memset(spec + 2, 'b', 201);
    spec[203] = '\0';
    cr_assert_eq(sweep_parse_values(spec, &a, err, sizeof err), -1);
    cr_assert_not_null(strstr(err, "is longer than 200 characters; expected "
                                   "a shorter name"),
                       "%s", err);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_assert_eq(sweep_parse_values(cases[i].spec, &a, err, sizeof err),
                     -1, "%s", cases[i].spec);
        cr_assert_not_null(strstr(err, cases[i].fragment), "'%s': %s",
                           cases[i].spec, err);
    }
}

Test(sweep, constraints)
{
    metric_columns cols;
    cr_assert_eq(metric_columns_base(&cols), 0);
    sweep_constraint c;
    char err[300];
    cr_assert_eq(sweep_parse_constraint("fill_rate>=0.95", &cols, &c, err,
                                        sizeof err),
                 0);
    cr_assert_str_eq(c.metric, "fill_rate");
    cr_assert_eq(c.op, 'g');
    cr_assert_eq(c.value, 0.95);
    cr_assert_eq(sweep_parse_constraint("avg_backorders < 2", &cols, &c, err,
                                        sizeof err),
                 0);
    cr_assert_str_eq(c.metric, "avg_backorders");
    cr_assert_eq(c.op, '<');
    cr_assert_eq(sweep_parse_constraint("fillrate>=1", &cols, &c, err,
                                        sizeof err),
                 -1);
    cr_assert_not_null(strstr(err, "no metric 'fillrate'"));
    /* A line's columns are names like any other. */
    cr_assert_eq(sweep_parse_constraint("assembly.wip<=4", &cols, &c, err,
                                        sizeof err),
                 -1);
    cr_assert_eq(metric_columns_add(&cols, "assembly.wip", "units"), 0);
    cr_assert_eq(sweep_parse_constraint("assembly.wip<=4", &cols, &c, err,
                                        sizeof err),
                 0, "%s", err);
    cr_assert_str_eq(c.metric, "assembly.wip");
    cr_assert_eq(c.op, 'l');
    cr_assert_eq(c.value, 4.0);
    /* Without columns only the form is checked. */
    cr_assert_eq(sweep_parse_constraint("anything.at_all>1", NULL, &c, err,
                                        sizeof err),
                 0);
    cr_assert_eq(sweep_parse_constraint("fill_rate", NULL, &c, err,
                                        sizeof err),
                 -1);
    cr_assert_eq(sweep_parse_constraint("fill_rate>=high", NULL, &c, err,
                                        sizeof err),
                 -1);
    metric_columns_free(&cols);
}

/* ---- the command ---------------------------------------------------------- */

static int sh(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static int sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int raw = system(cmd);
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

static char work[64];

static void make_work(void)
{
    snprintf(work, sizeof work, "/tmp/jitsim_sweepXXXXXX");
    cr_assert_not_null(mkdtemp(work));
}

static void remove_work(void)
{
    sh("rm -rf '%s'", work);
}

/* A merged directory describes itself as one process's does: the same
 * scenario.yaml and meta.json (its files those of the whole sweep). */
static const char *files[] = {"summary.csv",   "replications.csv",
                              "points.csv",    "best.csv",
                              "winners.csv",   "scenario.yaml",
                              "meta.json"};

static void same_outputs(const char *a, const char *b)
{
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        cr_assert_eq(sh("cmp -s '%s/%s/%s' '%s/%s/%s'", work, a, files[i],
                        work, b, files[i]),
                     0, "%s differs between %s and %s", files[i], a, b);
}

#define GRID                                                                \
    "flagship --vary demand.rate=20,40,80 "                                 \
    "--vary policies.kanban.container=5:20:5 -r 4 -q "                      \
    "--set horizon=150 --set warmup=10"

Test(sweep, identical_for_any_thread_count_and_for_merged_shards,
     .init = make_work, .fini = remove_work)
{
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -j 1 -o one", work,
                    JITSIM_EXE),
                 0);
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -j 2 -o two", work,
                    JITSIM_EXE),
                 0);
    same_outputs("one", "two");
    for (int k = 1; k <= 3; k++)
        cr_assert_eq(sh("cd %s && %s sweep " GRID " --shard %d/3 -o s%d",
                        work, JITSIM_EXE, k, k),
                     0);
    cr_assert_eq(sh("cd %s && %s merge -o merged s2 s3 s1 >/dev/null", work,
                    JITSIM_EXE),
                 0);
    same_outputs("one", "merged");
    /* 3 x 4 points, 2 policies, one summary row per metric. */
    char path[256];
    snprintf(path, sizeof path, "%s/one/points.csv", work);
    FILE *f = fopen(path, "r");
    char line[256];
    int lines = 0;
    while (fgets(line, sizeof line, f))
        lines++;
    fclose(f);
    cr_assert_eq(lines, 13);
    /* A shard's directory resumes that shard only. */
    cr_assert_eq(sh("cd %s && %s sweep " GRID " --shard 2/3 -o s1 --resume "
                    "2>/dev/null",
                    work, JITSIM_EXE),
                 2);
    /* A missing shard is refused. */
    cr_assert_eq(sh("cd %s && %s merge -o partial s1 s2 2>/dev/null", work,
                    JITSIM_EXE),
                 2);
}

Test(sweep, an_interrupted_sweep_resumes_to_the_same_files,
     .init = make_work, .fini = remove_work)
{
    const char *grid = "flagship --vary demand.rate=10:300:10 -r 6 -q -j 1 "
                       "--set horizon=150 --set warmup=10";
    cr_assert_eq(sh("cd %s && %s sweep %s -o all", work, JITSIM_EXE, grid),
                 0);
    /* Killed part-way (if it finishes first, resuming must change
     * nothing). */
    pid_t pid = fork();
    if (pid == 0) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "cd %s && exec %s sweep %s -o cut", work,
                 JITSIM_EXE, grid);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    nanosleep(&(struct timespec){0, 150000000}, NULL);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    cr_assert_eq(sh("cd %s && %s sweep %s -o cut --resume", work,
                    JITSIM_EXE, grid),
                 0);
    same_outputs("all", "cut");
    /* A point cut in the middle of its rows: the journal still says 5
     * points, the files hold half of the sixth. */
    cr_assert_eq(sh("cd %s && %s sweep flagship --vary demand.rate=10:100:10 "
                    "-r 3 -q -o whole && %s sweep flagship "
                    "--vary demand.rate=10:100:10 -r 3 -q -o torn",
                    work, JITSIM_EXE, JITSIM_EXE),
                 0);
    char path[256];
    snprintf(path, sizeof path, "%s/torn/journal", work);
    FILE *j = fopen(path, "r");
    char line[200];
    long offsets[3] = {0};
    for (int k = 0; k <= 5 && fgets(line, sizeof line, j); k++)
        sscanf(line, "%*u %ld %ld %ld", &offsets[0], &offsets[1],
               &offsets[2]);
    fclose(j);
    cr_assert_eq(sh("cd %s/torn && head -n 6 journal > j && printf '6 12' >> j "
                    "&& mv j journal && truncate -s %ld summary.csv && "
                    "truncate -s %ld replications.csv && truncate -s %ld "
                    "points.csv",
                    work, offsets[0] + 100, offsets[1] + 50, offsets[2]),
                 0);
    cr_assert_eq(sh("cd %s && %s sweep flagship --vary demand.rate=10:100:10 "
                    "-r 3 -q -o torn --resume",
                    work, JITSIM_EXE),
                 0);
    same_outputs("whole", "torn");
}

Test(sweep, refuses_another_sweeps_directory_unless_forced,
     .init = make_work, .fini = remove_work)
{
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -o out", work, JITSIM_EXE),
                 0);
    cr_assert_eq(sh("cd %s && %s sweep flagship --vary demand.rate=1,2 -r 2 "
                    "-q -o out 2>err",
                    work, JITSIM_EXE),
                 2);
    cr_assert_eq(sh("grep -q 'holds the output of another sweep' %s/err",
                    work),
                 0);
    cr_assert_eq(sh("cd %s && %s sweep flagship --vary demand.rate=1,2 -r 2 "
                    "-q -o out --force",
                    work, JITSIM_EXE),
                 0);
}

Test(sweep, command_line_errors, .init = make_work, .fini = remove_work)
{
    struct {
        const char *args, *message;
    } cases[] = {
        {"sweep", "jitsim sweep: no scenario given"},
        {"sweep flagship -q", "jitsim sweep: nothing to sweep"},
        {"sweep flagship --vary demand.rate", "--vary expects PATH=VALUES"},
        {"sweep flagship --vary demand.rate=a,b",
         "--vary demand.rate: rate must be a number, got 'a'"},
        {"sweep flagship --vary nosuch.key=1,2",
         "--vary nosuch.key: no such key"},
        {"sweep flagship --vary demand.rate=1 --shard 4/3",
         "--shard expects K/N"},
        {"sweep flagship --vary demand.rate=1 --objective cost",
         "--objective: no metric 'cost'"},
        {"sweep flagship --vary demand.rate=1 --constraint fill",
         "expected METRIC>=VALUE"},
        {"sweep flagship --vary demand.rate=1 -r 0",
         "--replications must be at least 1"},
        {"sweep flagship --vary demand.rate=-5,5 -q",
         "rate must be > 0"},
        {"merge", "jitsim merge: expected -o OUT"},
        {"merge -o x nowhere", "nowhere: no sweep.id"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int status = sh("cd %s && %s %s >/dev/null 2>err", work, JITSIM_EXE,
                        cases[i].args);
        cr_assert_eq(status, 2, "'%s' exited %d", cases[i].args, status);
        cr_assert_eq(sh("grep -qF -- \"%s\" %s/err", cases[i].message, work),
                     0, "'%s' did not say '%s'", cases[i].args,
                     cases[i].message);
    }
}

Test(sweep, progress_only_on_a_terminal_or_when_asked, .init = make_work,
     .fini = remove_work)
{
    cr_assert_eq(sh("cd %s && %s sweep flagship --vary demand.rate=20,40 -r 2 "
                    "--set horizon=50 -o a >/dev/null 2>quiet",
                    work, JITSIM_EXE),
                 0);
    cr_assert_eq(sh("test ! -s %s/quiet", work), 0, "stderr not silent");
    cr_assert_eq(sh("cd %s && %s sweep flagship --vary demand.rate=20,40 -r 2 "
                    "--set horizon=50 -o b --progress >/dev/null 2>loud",
                    work, JITSIM_EXE),
                 0);
    cr_assert_eq(sh("grep -q 'sweep: 2 points, 8 runs in' %s/loud", work), 0);
}

Test(sweep, report_of_a_two_parameter_sweep, .init = make_work,
     .fini = remove_work)
{
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -o rep --report", work,
                    JITSIM_EXE),
                 0);
    cr_assert_eq(sh("test -s %s/rep/report.html", work), 0);
    cr_assert_eq(sh("test -s %s/rep/charts/heatmap_kanban.gp", work), 0);
    cr_assert_eq(sh("grep -q 'total_cost' %s/rep/charts/"
                    "total_cost_vs_demand_rate.dat",
                    work),
                 0);
    /* Shards have no report of their own: only the merged sweep does. */
    cr_assert_eq(sh("cd %s && %s sweep " GRID " --shard 1/2 -o half "
                    "--report && test ! -e half/report.html",
                    work, JITSIM_EXE),
                 0);
}

Test(sweep, best_point_by_hand, .init = make_work, .fini = remove_work)
{
    /* A hand-made summary: at rate 10, kanban's cheapest point meeting
     * fill_rate >= 0.9 is point 1 (point 0 is cheaper but fails it). */
    char path[256];
    snprintf(path, sizeof path, "%s/summary.csv", work);
    FILE *f = fopen(path, "w");
    fputs("point,policy,metric,mean,sd,ci_low,ci_high,n,diff,"
          "diff_ci_low,diff_ci_high,demand.rate,policies.K.cards\n"
          "0,\"K\",\"total_cost\",5,1,4,6,3,,,,10,2\n"
          "0,\"K\",\"fill_rate\",0.8,0,0.8,0.8,3,,,,10,2\n"
          "1,\"K\",\"total_cost\",7,1,6,8,3,,,,10,3\n"
          "1,\"K\",\"fill_rate\",0.95,0,0.9,1,3,,,,10,3\n"
          "2,\"K\",\"total_cost\",9,1,8,10,3,,,,10,4\n"
          "2,\"K\",\"fill_rate\",0.99,0,0.9,1,3,,,,10,4\n"
          "3,\"K\",\"total_cost\",3,1,2,4,3,,,,20,2\n"
          "3,\"K\",\"fill_rate\",0.5,0,0.5,0.5,3,,,,20,2\n",
          f);
    fclose(f);
    snprintf(path, sizeof path, "%s/sweep.id", work);
    f = fopen(path, "w");
    fputs("jitsim sweep\nidentity 0\npoints 6\naxis 2 demand.rate\n"
          "axis 3 policies.K.cards\n",
          f);
    fclose(f);
    sweep_constraint c = {"fill_rate", 'g', 0.9};
    char err[300];
    cr_assert_eq(sweep_best(work, "total_cost", &c, 1, NULL, err,
                            sizeof err),
                 0, "%s", err);
    snprintf(path, sizeof path, "%s/best.csv", work);
    f = fopen(path, "r");
    char text[1024] = "";
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    cr_assert_str_eq(text,
                     "policy,\"demand.rate\",\"policies.K.cards\",point,"
                     "objective,mean,ci_low,ci_high\n"
                     "\"K\",10,3,1,total_cost,7,6,8\n"
                     "\"K\",20,,,total_cost,,,\n");
    /* More fill is better: the best point is the highest, with the same
     * constraint: point 2 at rate 10. */
    cr_assert_eq(sweep_best(work, "fill_rate", &c, 1, NULL, err,
                            sizeof err),
                 0, "%s", err);
    f = fopen(path, "r");
    n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    cr_assert_str_eq(text,
                     "policy,\"demand.rate\",\"policies.K.cards\",point,"
                     "objective,mean,ci_low,ci_high\n"
                     "\"K\",10,4,2,fill_rate,0.99,0.9,1\n"
                     "\"K\",20,,,fill_rate,,,\n");
}

Test(sweep, mpi_ranks_write_what_one_process_writes, .init = make_work,
     .fini = remove_work)
{
    if (sh("command -v mpirun >/dev/null") != 0)
        cr_skip_test("mpirun is not installed (scripts/setup.sh installs "
                     "openmpi-bin)");
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -j 1 -o one", work,
                    JITSIM_EXE),
                 0);
    const char *root = getuid() == 0 ? "--allow-run-as-root" : "";
    int status = sh("cd %s && ASAN_OPTIONS=detect_leaks=0 mpirun %s "
                    "--oversubscribe -x ASAN_OPTIONS -np 2 %s sweep " GRID
                    " -j 1 -o mpi",
                    work, root, JITSIM_EXE);
    cr_assert_eq(status, 0, "mpirun exited %d", status);
    same_outputs("one", "mpi");
}

#define LINE_YAML JITSIM_SOURCE_DIR "/tests/data/line.yaml"

Test(sweep, a_line_sweep_searches_and_draws_any_column, .init = make_work,
     .fini = remove_work)
{
    cr_assert_eq(sh("cd %s && %s sweep '%s' --vary policies.JIT.cards=2,3,4 "
                    "-r 2 -q -o line --objective weld.wip "
                    "--constraint 'A.fill_rate>=0.1' --report",
                    work, JITSIM_EXE, LINE_YAML),
                 0);
    /* best.csv: the objective is the stage's column, for every policy. */
    cr_assert_eq(sh("grep -c ',weld.wip,' %s/line/best.csv | grep -qx 3",
                    work),
                 0);
    /* replications.csv carries the line's columns, summary.csv its rows. */
    cr_assert_eq(sh("head -1 %s/line/replications.csv | grep -q "
                    "',cut.busy,.*,B.total_cost,\"policies.JIT.cards\"$'",
                    work),
                 0);
    cr_assert_eq(sh("grep -q '^2,\"JIT\",\"weld.starved\",' "
                    "%s/line/summary.csv",
                    work),
                 0);
    /* The report draws the objective and the line's main columns. */
    const char *charts[] = {"weld_wip_vs_policies_JIT_cards",
                            "throughput_vs_policies_JIT_cards",
                            "avg_wip_vs_policies_JIT_cards"};
    for (int i = 0; i < 3; i++)
        cr_assert_eq(sh("test -s %s/line/charts/%s.gp", work, charts[i]), 0,
                     "%s missing", charts[i]);
    /* A column the scenario does not have: one line, exit 2, nothing
     * run. */
    cr_assert_eq(sh("cd %s && %s sweep '%s' --vary policies.JIT.cards=2,3 "
                    "--objective paint.wip -o bad 2>err",
                    work, JITSIM_EXE, LINE_YAML),
                 2);
    cr_assert_eq(sh("grep -qF \"no metric 'paint.wip' in this scenario; "
                    "expected a metric of docs/metrics.md or a column of "
                    "its line (e.g. throughput, cut.wip)\" %s/err && "
                    "test $(wc -l < %s/err) -eq 1 && test ! -e %s/bad",
                    work, work, work),
                 0);
    /* Not a line: its stages' columns are not there. */
    cr_assert_eq(sh("cd %s && %s sweep flagship --vary demand.rate=1,2 "
                    "--constraint 'cut.wip<2' -o bad 2>err",
                    work, JITSIM_EXE),
                 2);
    cr_assert_eq(sh("grep -qF -- \"--constraint: no metric 'cut.wip'\" %s/err",
                    work),
                 0);
}

/* ---- one writer, checked merges (issue 15) -------------------------------- */

/* Issue 15, failure 3: a second writer of a sweep's directory (a --resume
 * beside a live sweep, a merge into it) is refused at once, naming the
 * holder; the lock goes with its holder, kill -9 included. The live sweep
 * is stopped (SIGSTOP) while holding its lock, so that nothing depends on
 * how fast it runs. */
/* The live sweep of the test below: killed by the test's end whatever
 * happens, so that a failed assertion never leaves a stopped process
 * holding ctest's output pipe. */
static pid_t live_sweep;

static void kill_live_sweep(void)
{
    if (live_sweep > 0) {
        kill(live_sweep, SIGKILL);
        waitpid(live_sweep, NULL, 0);
        live_sweep = 0;
    }
    remove_work();
}

Test(sweep, a_second_writer_of_a_directory_is_refused, .init = make_work,
     .fini = kill_live_sweep)
{
    const char *grid = "flagship --vary demand.rate=1:1000:1 -r 2 -q -j 1";
    pid_t pid = fork();
    if (pid == 0) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "cd %s && exec %s sweep %s -o live", work,
                 JITSIM_EXE, grid);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    live_sweep = pid;
    /* Until the sweep holds its lock (its pid is in the lock file) and
     * has recorded a point in its journal. */
    char path[256], journal[256], holder[256] = "";
    snprintf(path, sizeof path, "%s/live/lock", work);
    snprintf(journal, sizeof journal, "%s/live/journal", work);
    struct stat st;
    while (!strstr(holder, "pid") || stat(journal, &st) != 0 ||
           st.st_size == 0) {
        cr_assert_eq(waitpid(pid, NULL, WNOHANG), 0, "the sweep ended");
        nanosleep(&(struct timespec){0, 10000000}, NULL);
        FILE *f = fopen(path, "r");
        if (f) {
            size_t n = fread(holder, 1, sizeof holder - 1, f);
            holder[n] = '\0';
            fclose(f);
        }
    }
    kill(pid, SIGSTOP);
    char expected[128];
    snprintf(expected, sizeof expected, "pid %ld on host ", (long)pid);
    cr_assert_not_null(strstr(holder, expected), "%s", holder);
    cr_assert_eq(sh("cd %s && %s sweep %s -o live --resume 2>err", work,
                    JITSIM_EXE, grid),
                 2);
    cr_assert_eq(sh("grep -q 'jitsim sweep: live is being written by "
                    "another jitsim (pid %ld on host ' %s/err",
                    (long)pid, work),
                 0);
    cr_assert_eq(sh("cd %s && %s sweep " GRID " --shard 1/1 -o one && "
                    "%s merge -o live one 2>err",
                    work, JITSIM_EXE, JITSIM_EXE),
                 2);
    cr_assert_eq(sh("grep -q 'jitsim merge: live is being written by "
                    "another jitsim (pid %ld' %s/err",
                    (long)pid, work),
                 0);
    /* The refused writers changed nothing: the stopped sweep's journal is
     * still its own (a rewrite would have emptied it). */
    cr_assert_eq(sh("test -s %s/live/journal", work), 0);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    live_sweep = 0;
    /* Killed, it holds nothing: the next writer goes ahead. */
    cr_assert_eq(sh("cd %s && %s sweep flagship --vary demand.rate=1:3:1 "
                    "-r 2 -q -j 1 -o live --force",
                    work, JITSIM_EXE),
                 0);
}

static int err_has(const char *text)
{
    return sh("grep -qF '%s' %s/err", text, work) == 0;
}

/* Issue 15, failure 4: merge reads the shards' journals. A shard whose
 * journal does not cover its points, or whose rows are shorter than its
 * journal, is refused (saying what to do) and the failed merge leaves no
 * completion record and an earlier merge intact; the same shard twice and
 * a whole sweep among shards are refused with the right message. */
Test(sweep, merge_checks_the_shards, .init = make_work, .fini = remove_work)
{
    for (int k = 1; k <= 3; k++)
        cr_assert_eq(sh("cd %s && %s sweep " GRID " --shard %d/3 -o s%d",
                        work, JITSIM_EXE, k, k),
                     0);
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -o whole", work,
                    JITSIM_EXE),
                 0);
    /* The same shard twice. */
    cr_assert_eq(sh("cd %s && %s merge -o m s1 s2 s2 s3 2>err", work,
                    JITSIM_EXE),
                 2);
    cr_assert(err_has("s2 and s2 are both shard 2/3; expected each shard "
                      "once"));
    /* A whole sweep given with its shards. */
    cr_assert_eq(sh("cd %s && %s merge -o m whole s1 s2 s3 2>err", work,
                    JITSIM_EXE),
                 2);
    cr_assert(err_has("whole holds a whole sweep (run without --shard), "
                      "not a shard"));
    cr_assert(!err_has("is in no shard"));
    /* A shard cut: its journal records 1 of its 4 points. */
    cr_assert_eq(sh("cd %s && cp -r s2 cut && head -n 2 cut/journal > j && "
                    "mv j cut/journal",
                    work),
                 0);
    cr_assert_eq(sh("cd %s && %s merge -o m s1 cut s3 2>err", work,
                    JITSIM_EXE),
                 2);
    cr_assert(err_has("cut: shard 2/3 finished 1 of its 4 points; expected "
                      "every shard finished: resume it (jitsim sweep ... "
                      "--shard 2/3 --resume -o cut)"));
    cr_assert_neq(sh("test -e %s/m/journal", work), 0,
                  "a failed merge wrote a completion record");
    cr_assert_neq(sh("test -e %s/m/summary.csv", work), 0);
    /* A complete merge, then a failed one over it: the first stays. */
    cr_assert_eq(sh("cd %s && %s merge -o m s1 s2 s3 >/dev/null", work,
                    JITSIM_EXE),
                 0);
    same_outputs("whole", "m");
    cr_assert_eq(sh("cd %s && cp -r s3 torn && truncate -s 1000 "
                    "torn/replications.csv",
                    work),
                 0);
    cr_assert_eq(sh("cd %s && %s merge -o m s1 s2 torn 2>err", work,
                    JITSIM_EXE),
                 2);
    cr_assert(err_has("torn/replications.csv: shorter than its journal "
                      "records"));
    same_outputs("whole", "m");
    cr_assert_eq(sh("test \"$(tail -n 1 %s/whole/journal)\" = "
                    "\"$(cat %s/m/journal)\"",
                    work, work),
                 0, "the first merge's completion record is gone");
    /* Rows past a shard's journal (a point being written when it stopped)
     * are not taken. */
    cr_assert_eq(sh("cd %s && tail -n 1 s1/replications.csv >> "
                    "s1/replications.csv && %s merge -o m2 s1 s2 s3 "
                    ">/dev/null",
                    work, JITSIM_EXE),
                 0);
    same_outputs("whole", "m2");
}

/* A sweep of a million runs or more says its size before it starts (a
 * --vary grid can reach 2^40 points); a shard says its own part. Run as one
 * shard of a thousand so that the test runs a thousand runs only. */
Test(sweep, a_large_sweep_says_its_size_before_it_starts, .init = make_work,
     .fini = remove_work)
{
    cr_assert_eq(sh("cd %s && %s sweep flagship -r 1000 --set horizon=20 "
                    "--set warmup=0 --vary policies.kanban.cards=1:500:1 "
                    "--shard 1/1000 -o big 2>err.txt >/dev/null",
                    work, JITSIM_EXE),
                 0);
    cr_assert_eq(sh("cd %s && grep -qxF 'sweep: 500 points x 2 policies x "
                    "1000 replications = 1e+06 runs; shard 1/1000 runs 1 "
                    "point (2000 runs)' err.txt",
                    work),
                 0);
    /* Smaller: nothing; quiet: nothing. */
    cr_assert_eq(sh("cd %s && %s sweep flagship -r 1000 --set horizon=20 "
                    "--set warmup=0 --vary policies.kanban.cards=1:499:1 "
                    "--shard 1/1000 -o small 2>err.txt >/dev/null && "
                    "! grep -q 'sweep:' err.txt",
                    work, JITSIM_EXE),
                 0);
    cr_assert_eq(sh("cd %s && %s sweep flagship -r 1000 --set horizon=20 "
                    "--set warmup=0 --vary policies.kanban.cards=1:500:1 "
                    "--shard 2/1000 -o quiet -q 2>err.txt && test ! -s err.txt",
                    work, JITSIM_EXE),
                 0);
}
