/*
 * test_winners.c - which policy wins a sweep's points (winners.csv), axes
 * of names end to end, and the report's winner charts, --slice and --by.
 *
 * winners.csv is checked by hand on made-up files (every rule: the
 * constraints, ties, a policy alone, none, more-is-better), against
 * `jitsim run` of a point (winner, runner-up and the paired interval from
 * the run's own files), and byte for byte across thread counts, shards
 * merged and MPI ranks. An axis of names goes through points.csv,
 * summary.csv, best.csv, winners.csv and the report's tics.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/estimate.h"
#include "analysis/sweep.h"

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
    snprintf(work, sizeof work, "/tmp/jitsim_winnersXXXXXX");
    cr_assert_not_null(mkdtemp(work));
}

static void remove_work(void)
{
    sh("rm -rf '%s'", work);
}

/* work/rel into a static buffer (one at a time). */
static char *slurp(const char *rel)
{
    static char buf[1 << 20];
    char path[512];
    snprintf(path, sizeof path, "%s/%s", work, rel);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot read %s", path);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void spit(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", work, rel);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* ---- the rules, by hand ----------------------------------------------------- */

/* Three policies at five points (demand.rate), three replications each.
 *   point 0: B cheapest, C second: B - C per replication -1, -2, -3
 *            (mean -2, sd 1: interval -2 +- 4.303 * 1 / sqrt(3)) - not
 *            clear;
 *   point 1: A cheapest but fails fill_rate >= 0.9; C beats B by 1, 0.9,
 *            1.1 (mean -1, sd 0.1: [-1.248, -0.752]) - clear;
 *   point 2: only B meets the constraint - alone;
 *   point 3: nobody meets it;
 *   point 4: A and B tie at 5 (the earlier policy wins; their
 *            difference 0, 0 +- 2.48: not clear). */
static const char hand_summary[] =
    "point,policy,metric,mean,sd,ci_low,ci_high,n,diff,"
    "diff_ci_low,diff_ci_high,demand.rate\n"
    "0,\"A\",\"total_cost\",9,,,,3,,,,10\n"
    "0,\"A\",\"fill_rate\",0.95,,,,3,,,,10\n"
    "0,\"B\",\"total_cost\",5,,,,3,,,,10\n"
    "0,\"B\",\"fill_rate\",0.95,,,,3,,,,10\n"
    "0,\"C\",\"total_cost\",7,,,,3,,,,10\n"
    "0,\"C\",\"fill_rate\",0.95,,,,3,,,,10\n"
    "1,\"A\",\"total_cost\",1,,,,3,,,,20\n"
    "1,\"A\",\"fill_rate\",0.5,,,,3,,,,20\n"
    "1,\"B\",\"total_cost\",7,,,,3,,,,20\n"
    "1,\"B\",\"fill_rate\",0.95,,,,3,,,,20\n"
    "1,\"C\",\"total_cost\",6,,,,3,,,,20\n"
    "1,\"C\",\"fill_rate\",0.95,,,,3,,,,20\n"
    "2,\"A\",\"total_cost\",1,,,,3,,,,30\n"
    "2,\"A\",\"fill_rate\",0.5,,,,3,,,,30\n"
    "2,\"B\",\"total_cost\",8,,,,3,,,,30\n"
    "2,\"B\",\"fill_rate\",0.9,,,,3,,,,30\n"
    "2,\"C\",\"total_cost\",2,,,,3,,,,30\n"
    "2,\"C\",\"fill_rate\",0.8,,,,3,,,,30\n"
    "3,\"A\",\"total_cost\",1,,,,3,,,,40\n"
    "3,\"A\",\"fill_rate\",0.5,,,,3,,,,40\n"
    "3,\"B\",\"total_cost\",1,,,,3,,,,40\n"
    "3,\"B\",\"fill_rate\",0.5,,,,3,,,,40\n"
    "3,\"C\",\"total_cost\",1,,,,3,,,,40\n"
    "3,\"C\",\"fill_rate\",\"\",,,,3,,,,40\n"
    "4,\"A\",\"total_cost\",5,,,,3,,,,50\n"
    "4,\"A\",\"fill_rate\",1,,,,3,,,,50\n"
    "4,\"B\",\"total_cost\",5,,,,3,,,,50\n"
    "4,\"B\",\"fill_rate\",1,,,,3,,,,50\n"
    "4,\"C\",\"total_cost\",6,,,,3,,,,50\n"
    "4,\"C\",\"fill_rate\",1,,,,3,,,,50\n";

static void hand_files(void)
{
    spit("summary.csv", hand_summary);
    spit("sweep.id", "jitsim sweep\nidentity 0\npoints 5\n"
                     "axis 5 demand.rate\n");
    /* replications.csv: total_cost per (point, policy, replication). */
    static const double cost[5][3][3] = {
        {{9, 9, 9}, {4, 5, 6}, {5, 7, 9}},
        {{1, 1, 1}, {7, 7.1, 6.9}, {6, 6.2, 5.8}},
        {{1, 1, 1}, {8, 8, 8}, {2, 2, 2}},
        {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}},
        {{5, 5, 5}, {4, 5, 6}, {6, 6, 6}}};
    char path[512];
    snprintf(path, sizeof path, "%s/replications.csv", work);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("point,policy,replication,total_cost,fill_rate,"
          "demand.rate\n",
          f);
    const char *names = "ABC";
    for (int pt = 0; pt < 5; pt++)
        for (int p = 0; p < 3; p++)
            for (int rep = 0; rep < 3; rep++)
                fprintf(f, "%d,\"%c\",%d,%.10g,0.9,%d\n", pt, names[p],
                        rep, cost[pt][p][rep], 10 * (pt + 1));
    fclose(f);
}

static void interval_of(const double *a, const double *b, char *buf,
                        size_t len)
{
    estimate e;
    cr_assert_eq(estimate_paired(a, b, 3, 0.95, &e), 0);
    snprintf(buf, len, "%.10g,%.10g,%.10g", e.mean, e.low, e.high);
}

Test(winners, the_rules_by_hand, .init = make_work, .fini = remove_work)
{
    hand_files();
    sweep_constraint c = {"fill_rate", 'g', 0.9};
    char err[300];
    cr_assert_eq(sweep_winners(work, "total_cost", &c, 1, NULL, err,
                               sizeof err),
                 0, "%s", err);
    char p0[200], p1[200];
    interval_of((double[]){4, 5, 6}, (double[]){5, 7, 9}, p0, sizeof p0);
    interval_of((double[]){6, 6.2, 5.8}, (double[]){7, 7.1, 6.9}, p1,
                sizeof p1);
    char p4[200];
    interval_of((double[]){5, 5, 5}, (double[]){4, 5, 6}, p4, sizeof p4);
    char want[2048];
    snprintf(want, sizeof want,
             "point,\"demand.rate\",objective,winner,winner_mean,runner_up,"
             "runner_up_mean,diff,diff_ci_low,diff_ci_high,clearly_ahead,"
             "meeting\n"
             "0,10,total_cost,\"B\",5,\"C\",7,%s,no,3\n"
             "1,20,total_cost,\"C\",6,\"B\",7,%s,yes,2\n"
             "2,30,total_cost,\"B\",8,,,,,,alone,1\n"
             "3,40,total_cost,,,,,,,,,0\n"
             "4,50,total_cost,\"A\",5,\"B\",5,%s,no,3\n",
             p0, p1, p4);
    cr_assert_str_eq(slurp("winners.csv"), want);
    /* Numbers behind the strings: point 0's interval straddles 0, point
     * 1's does not. */
    double d, lo, hi;
    cr_assert_eq(sscanf(p0, "%lf,%lf,%lf", &d, &lo, &hi), 3);
    cr_assert(d == -2.0 && lo < 0.0 && hi > 0.0, "%s", p0);
    cr_assert_eq(sscanf(p1, "%lf,%lf,%lf", &d, &lo, &hi), 3);
    cr_assert(fabs(d + 1.0) < 1e-12 && hi < 0.0, "%s", p1);
    /* More is better for fill_rate: the highest wins; without a
     * constraint every policy meets none. Point 1: B and C tie at 0.95
     * (B, earlier, wins), A is third. */
    cr_assert_eq(sweep_winners(work, "fill_rate", NULL, 0, NULL, err,
                               sizeof err),
                 0, "%s", err);
    char *text = slurp("winners.csv");
    cr_assert_not_null(strstr(text, "\n1,20,fill_rate,\"B\",0.95,\"C\",0.95,"
                                     "0,0,0,no,3\n"),
                       "%s", text);
    /* C's fill rate is empty at point 3: it does not count. */
    cr_assert_not_null(strstr(text, "\n3,40,fill_rate,\"A\",0.5,\"B\",0.5,"
                                    "0,0,0,no,2\n"),
                       "%s", text);
    /* Without replications.csv the difference stays empty. */
    cr_assert_eq(sh("rm %s/replications.csv", work), 0);
    cr_assert_eq(sweep_winners(work, "total_cost", NULL, 0, NULL, err,
                               sizeof err),
                 0, "%s", err);
    cr_assert_not_null(strstr(slurp("winners.csv"),
                              "\n1,20,total_cost,\"A\",1,\"C\",6,,,,no,3\n"));
}

/* ---- against jitsim run ------------------------------------------------------ */

/* The cells of a CSV line (quotes removed; no newline inside a cell). */
static size_t split(const char *line, char cells[][128], size_t max)
{
    size_t n = 0, k = 0;
    int quoted = 0;
    for (const char *p = line; n < max; p++) {
        if (quoted) {
            if (*p == '"' && p[1] == '"') {
                if (k < 127)
                    cells[n][k++] = '"';
                p++;
            } else if (*p == '"') {
                quoted = 0;
            } else if (k < 127) {
                cells[n][k++] = *p;
            }
            continue;
        }
        if (*p == '"') {
            quoted = 1;
        } else if (*p == ',' || *p == '\n' || *p == '\0') {
            cells[n][k] = '\0';
            n++;
            k = 0;
            if (*p != ',')
                break;
        } else if (k < 127) {
            cells[n][k++] = *p;
        }
    }
    return n;
}

#define LVO                                                                 \
    "local-vs-offshore --set horizon=400 -r 8"

/* winners.csv's row of point `point` of sweep directory `dir` equals what
 * `jitsim run` of the point says: the cheapest of the run's policies meeting
 * fill_rate >= min_fill, the runner-up, and their paired interval from the
 * run's replications.csv. */
static void same_as_run(const char *dir, int point, const char *sets,
                        double min_fill)
{
    cr_assert_eq(sh("cd %s && %s run " LVO " %s -q -o run%d", work,
                    JITSIM_EXE, sets, point),
                 0);
    /* The run's means, per policy. */
    char rel[64], cells[32][128];
    snprintf(rel, sizeof rel, "run%d/summary.csv", point);
    char *text = slurp(rel);
    char names[8][128], means[8][128];
    double cost[8], fill[8];
    int n = 0;
    for (char *line = strchr(text, '\n') + 1; *line;
         line = strchr(line, '\n') + 1) {
        size_t m = split(line, cells, 32);
        cr_assert_geq(m, 5);
        int p = 0;
        while (p < n && strcmp(names[p], cells[1]))
            p++;
        if (p == n) {
            snprintf(names[n], 128, "%s", cells[1]);
            n++;
        }
        if (!strcmp(cells[2], "total_cost")) {
            snprintf(means[p], 128, "%s", cells[3]);
            cost[p] = strtod(cells[3], NULL);
        }
        if (!strcmp(cells[2], "fill_rate"))
            fill[p] = strtod(cells[3], NULL);
    }
    int first = -1, second = -1, meeting = 0;
    for (int p = 0; p < n; p++) {
        if (!(fill[p] >= min_fill))
            continue;
        meeting++;
        if (first < 0 || cost[p] < cost[first]) {
            second = first;
            first = p;
        } else if (second < 0 || cost[p] < cost[second]) {
            second = p;
        }
    }
    cr_assert_geq(first, 0);
    /* The run's replications of the two. */
    char want[1024];
    if (second >= 0) {
        snprintf(rel, sizeof rel, "run%d/replications.csv", point);
        text = slurp(rel);
        size_t col = 0, m = split(text, cells, 32);
        while (col < m && strcmp(cells[col], "total_cost"))
            col++;
        cr_assert_lt(col, m);
        double a[64], b[64];
        size_t na = 0, nb = 0;
        for (char *line = strchr(text, '\n') + 1; *line;
             line = strchr(line, '\n') + 1) {
            split(line, cells, 32);
            if (!strcmp(cells[1], names[first]))
                a[na++] = strtod(cells[col], NULL);
            else if (!strcmp(cells[1], names[second]))
                b[nb++] = strtod(cells[col], NULL);
        }
        cr_assert_eq(na, 8);
        cr_assert_eq(nb, 8);
        estimate e;
        cr_assert_eq(estimate_paired(a, b, na, 0.95, &e), 0);
        snprintf(want, sizeof want, "total_cost,\"%s\",%s,\"%s\",%s,%.10g,"
                                    "%.10g,%.10g,%s,%d\n",
                 names[first], means[first], names[second], means[second],
                 e.mean, e.low, e.high, e.high < 0.0 ? "yes" : "no",
                 meeting);
    } else {
        snprintf(want, sizeof want, "total_cost,\"%s\",%s,,,,,,alone,%d\n",
                 names[first], means[first], meeting);
    }
    snprintf(rel, sizeof rel, "%s/winners.csv", dir);
    text = slurp(rel);
    char head[32];
    snprintf(head, sizeof head, "\n%d,", point);
    char *row = strstr(text, head);
    cr_assert_not_null(row, "no row of point %d", point);
    row = strstr(row, ",total_cost,") + 1;
    cr_assert(strncmp(row, want, strlen(want)) == 0,
              "point %d:\n  sweep %.*s  run   %s", point,
              (int)(strchr(row, '\n') - row + 1), row, want);
}

#define GRID                                                                \
    LVO " --vary suppliers.offshore.unit_price=23,23.5,24 "                 \
        "--vary demand.rate=20,40 -q"

Test(winners, each_point_as_jitsim_run_says, .init = make_work,
     .fini = remove_work)
{
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -o all", work, JITSIM_EXE),
                 0);
    /* Point 2 is (23.5, 20): local-kanban wins there, offshore-EOQ at
     * (23, 20). */
    same_as_run("all", 0,
                "--set suppliers.offshore.unit_price=23 --set demand.rate=20",
                -1.0);
    same_as_run("all", 2,
                "--set suppliers.offshore.unit_price=23.5 "
                "--set demand.rate=20",
                -1.0);
    same_as_run("all", 5,
                "--set suppliers.offshore.unit_price=24 --set demand.rate=40",
                -1.0);
    char *text = slurp("all/winners.csv");
    cr_assert_not_null(strstr(text, "\n0,23,20,total_cost,\"offshore-EOQ\""));
    cr_assert_not_null(strstr(text, "\n2,23.5,20,total_cost,\"local-kanban\""));
    /* With a constraint the kanban's 96% at rate 20 does not count: the
     * offshore EOQ is alone there. */
    cr_assert_eq(sh("cd %s && %s sweep " GRID " --constraint "
                    "'fill_rate>=0.97' -o constrained",
                    work, JITSIM_EXE),
                 0);
    same_as_run("constrained", 2,
                "--set suppliers.offshore.unit_price=23.5 "
                "--set demand.rate=20",
                0.97);
    same_as_run("constrained", 3,
                "--set suppliers.offshore.unit_price=23.5 "
                "--set demand.rate=40",
                0.97);
    text = slurp("constrained/winners.csv");
    cr_assert_not_null(strstr(text, ",alone,1\n"), "%s", text);
}

static const char *files[] = {"summary.csv", "replications.csv",
                              "points.csv", "best.csv", "winners.csv",
                              "sweep.id"};

static void same_outputs(const char *a, const char *b)
{
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        cr_assert_eq(sh("cmp -s '%s/%s/%s' '%s/%s/%s'", work, a, files[i],
                        work, b, files[i]),
                     0, "%s differs between %s and %s", files[i], a, b);
}

#define SEARCH " --objective fill_rate --constraint 'total_cost<=1000'"

Test(winners, the_same_file_however_the_sweep_ran, .init = make_work,
     .fini = remove_work)
{
    cr_assert_eq(sh("cd %s && %s sweep " GRID SEARCH " -j 1 -o one", work,
                    JITSIM_EXE),
                 0);
    cr_assert_eq(sh("cd %s && %s sweep " GRID SEARCH " -j 2 -o two", work,
                    JITSIM_EXE),
                 0);
    same_outputs("one", "two");
    /* The shards record the search; merge makes the same with it. */
    for (int k = 1; k <= 4; k++)
        cr_assert_eq(sh("cd %s && %s sweep " GRID SEARCH " --shard %d/4 -o "
                        "s%d",
                        work, JITSIM_EXE, k, k),
                     0);
    cr_assert_eq(sh("grep -qx 'objective fill_rate' %s/s2/sweep.id && grep "
                    "-qx 'constraint total_cost<=1000' %s/s2/sweep.id",
                    work, work),
                 0);
    cr_assert_eq(sh("cd %s && %s merge -o merged s3 s1 s4 s2 >/dev/null",
                    work, JITSIM_EXE),
                 0);
    same_outputs("one", "merged");
    /* fill_rate: more is better. */
    cr_assert_not_null(strstr(slurp("one/winners.csv"),
                              ",fill_rate,\"offshore-EOQ\","));
    /* A shard searched otherwise is refused, before anything is written. */
    cr_assert_eq(sh("cd %s && %s sweep " GRID " --shard 4/4 -o s4 --resume",
                    work, JITSIM_EXE),
                 0);
    cr_assert_eq(sh("cd %s && %s merge -o other s1 s2 s3 s4 >/dev/null "
                    "2>err",
                    work, JITSIM_EXE),
                 2);
    cr_assert_eq(sh("grep -qF 's4 and s1 were searched with another "
                    "--objective or --constraint; expected the same for "
                    "every shard' %s/err && test ! -e %s/other/winners.csv",
                    work, work),
                 0);
    if (sh("command -v mpirun >/dev/null") != 0)
        return;
    const char *root = getuid() == 0 ? "--allow-run-as-root" : "";
    cr_assert_eq(sh("cd %s && ASAN_OPTIONS=detect_leaks=0 mpirun %s "
                    "--oversubscribe -x ASAN_OPTIONS -np 2 %s sweep " GRID
                    SEARCH " -j 1 -o mpi >/dev/null",
                    work, root, JITSIM_EXE),
                 0);
    same_outputs("one", "mpi");
}

/* ---- an axis of names, end to end ---------------------------------------- */

Test(winners, an_axis_of_names_end_to_end, .init = make_work,
     .fini = remove_work)
{
    cr_assert_eq(sh("cd %s && %s sweep " LVO " --vary "
                    "policies.offshore-EOQ.supplier=offshore,local --vary "
                    "demand.rate=20,40 -q -o names --report >/dev/null",
                    work, JITSIM_EXE),
                 0);
    cr_assert_str_eq(slurp("names/points.csv"),
                     "point,\"policies.offshore-EOQ.supplier\","
                     "\"demand.rate\"\n"
                     "0,\"offshore\",20\n1,\"offshore\",40\n"
                     "2,\"local\",20\n3,\"local\",40\n");
    cr_assert_eq(sh("grep -q '^categorical 0$' %s/names/sweep.id", work), 0);
    /* summary.csv's parameter cells as points.csv's. */
    cr_assert_eq(sh("f=%s/names/summary.csv; n=$(grep -c ',\"local\",40$' "
                    "$f); test $n -gt 0 && test $n -eq $(grep -c "
                    "'^3,' $f)",
                    work),
                 0);
    /* best.csv: the EOQ's best supplier, by name; the kanban owns none of
     * the axis, its cell empty. */
    char *best = slurp("names/best.csv");
    cr_assert_not_null(strstr(best, "\"offshore-EOQ\",\"offshore\",20,0,"),
                       "%s", best);
    cr_assert_not_null(strstr(best, "\"local-kanban\",,20,0,"), "%s", best);
    /* The winner at each point, its parameter cell by name. */
    char *win = slurp("names/winners.csv");
    cr_assert_not_null(strstr(win, "\n2,\"local\",20,total_cost,\""), "%s",
                       win);
    /* The report draws the winner map with the names as tics. */
    cr_assert_eq(sh("grep -qE \"xtics [(].offshore. 0, .local. 1[)]\" "
                    "%s/names/charts/winners_map.gp",
                    work),
                 0);
    cr_assert_eq(sh("test -s %s/names/charts/"
                    "total_cost_vs_policies_offshore-EOQ_supplier.dat",
                    work),
                 0);
    cr_assert_eq(sh("grep -q '<td>local</td>' %s/names/report.html", work),
                 0);
    /* One axis of names alone: bands. */
    cr_assert_eq(sh("cd %s && %s sweep " LVO " --vary "
                    "policies.offshore-EOQ.supplier=offshore,local -q "
                    "-o one --report >/dev/null && grep -qE \"xtics "
                    "[(].offshore. 0, .local. 1[)]\" one/charts/"
                    "winners_bands.gp",
                    work, JITSIM_EXE),
                 0);
}

Test(winners, the_strike_frequency_sweep_of_the_docs, .init = make_work,
     .fini = remove_work)
{
    /* docs/sweeps.md: strikes from none to six a year over lesson 19's
     * rare-strikes world (fewer replications and a shorter horizon). */
    cr_assert_eq(sh("cd %s && %s sweep dual-rare-strikes --vary "
                    "disruptions.strikes.per_year=0,1,2,4,6 -r 4 --set "
                    "horizon=300 -q -o strikes --report >/dev/null",
                    work, JITSIM_EXE),
                 0);
    char *text = slurp("strikes/winners.csv");
    const char *head = "point,\"disruptions.strikes.per_year\",objective,"
                       "winner,";
    cr_assert_eq(strncmp(text, head, strlen(head)), 0, "%s", text);
    cr_assert_not_null(strstr(text, "\n4,6,total_cost,\"dual-index\","),
                       "%s", text);
    cr_assert_eq(sh("test -s %s/strikes/charts/winners_bands.gp", work), 0);
}

/* ---- the report's slice and --by ---------------------------------------- */

Test(winners, report_slice_and_by, .init = make_work, .fini = remove_work)
{
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -o g >/dev/null", work,
                    JITSIM_EXE),
                 0);
    /* By default the other parameter at its first value (20), with
     * --slice at 40: the curve's points are the rate's. */
    cr_assert_eq(sh("cd %s && %s report g -q", work, JITSIM_EXE), 0);
    char *dat = slurp("g/charts/total_cost_vs_suppliers_offshore_unit_price"
                      ".dat");
    cr_assert_not_null(strstr(dat, " 0\n"), "%s", dat);
    cr_assert_null(strstr(dat, " 1\n"), "%s", dat);
    cr_assert_eq(sh("cd %s && %s report g -q --slice demand.rate=40", work,
                    JITSIM_EXE),
                 0);
    dat = slurp("g/charts/total_cost_vs_suppliers_offshore_unit_price.dat");
    /* Points 1, 3, 5 are rate 40. */
    cr_assert_not_null(strstr(dat, " 1\n"), "%s", dat);
    cr_assert_not_null(strstr(dat, " 5\n"), "%s", dat);
    cr_assert_null(strstr(dat, " 0\n"), "%s", dat);
    cr_assert_eq(sh("grep -q 'demand.rate=40' %s/g/report.html", work), 0);
    /* The winner map holds the sliced points only when a third axis... with
     * two it shows them all: six cells. */
    cr_assert_eq(sh("grep -c '^[0-9] [0-9] ' %s/g/charts/winners_map.dat | "
                    "grep -qx 6",
                    work),
                 0);
    /* --by: per policy, a line per rate. */
    cr_assert_eq(sh("cd %s && %s report g -q --by demand.rate", work,
                    JITSIM_EXE),
                 0);
    dat = slurp("g/charts/total_cost_vs_suppliers_offshore_unit_price_by_"
                "demand_rate_local-kanban.dat");
    cr_assert_not_null(strstr(dat, "# demand.rate = 20\n"), "%s", dat);
    cr_assert_not_null(strstr(dat, "# demand.rate = 40\n"), "%s", dat);
    /* Mistakes: the --slice/--by form, what the sweep has. */
    struct {
        const char *args, *message;
    } cases[] = {
        {"g --slice demand.rate", "--slice expects PARAMETER=VALUE"},
        {"g --slice nope=1",
         "--slice nope=1: the sweep has no parameter 'nope'; expected one "
         "of suppliers.offshore.unit_price, demand.rate"},
        {"g --slice demand.rate=30",
         "--slice demand.rate=30: '30' is not a value of demand.rate in "
         "this sweep; expected one of 20, 40"},
        {"g --by nope",
         "--by nope: the sweep has no parameter 'nope'; expected one of "
         "suppliers.offshore.unit_price, demand.rate"},
        {"run1 --slice demand.rate=20",
         "run1 holds a run: --slice chooses among a sweep's parameters"},
        {"one --by policies.offshore-EOQ.supplier",
         "--by policies.offshore-EOQ.supplier: the sweep has no other "
         "parameter to draw against"},
    };
    cr_assert_eq(sh("cd %s && %s run " LVO " -q -o run1 && %s sweep " LVO
                    " --vary policies.offshore-EOQ.supplier=offshore,local "
                    "-q -o one >/dev/null",
                    work, JITSIM_EXE, JITSIM_EXE),
                 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int status = sh("cd %s && %s report %s >/dev/null 2>err", work,
                        JITSIM_EXE, cases[i].args);
        cr_assert_eq(status, 2, "'%s' exited %d", cases[i].args, status);
        cr_assert_eq(sh("grep -qF -- \"%s\" %s/err", cases[i].message, work),
                     0, "'%s' did not say '%s': %s", cases[i].args,
                     cases[i].message, slurp("err"));
    }
}

/* ---- the command's mistakes ---------------------------------------------- */

Test(winners, command_line_errors, .init = make_work, .fini = remove_work)
{
    struct {
        const char *args, *message;
    } cases[] = {
        {"sweep " LVO " --vary policies.offshore-EOQ.supplier=offshore,,local",
         "jitsim sweep: --vary an empty value in 'offshore,,local'"},
        {"sweep " LVO " --vary policies.offshore-EOQ.supplier=local,local",
         "jitsim sweep: --vary 'local' is given twice in 'local,local'; "
         "expected each value once"},
        {"sweep " LVO " --vary policies.offshore-EOQ.supplier=local,moon -q",
         "--vary policies.offshore-EOQ.supplier: no supplier named 'moon'"},
        {"sweep " LVO " --vary policies.offshore-EOQ.release=during,later -q",
         "--vary policies.offshore-EOQ.release: "},
        {"optimize local-vs-offshore --policy offshore-EOQ --vary "
         "policies.offshore-EOQ.Q=100,big",
         "--vary policies.offshore-EOQ.Q: 'big' is not a number; expected "
         "FROM:TO[:STEP] or an increasing list of numbers"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int status = sh("cd %s && %s %s >/dev/null 2>err", work, JITSIM_EXE,
                        cases[i].args);
        cr_assert_eq(status, 2, "'%s' exited %d", cases[i].args, status);
        cr_assert_eq(sh("grep -qF -- \"%s\" %s/err", cases[i].message, work),
                     0, "'%s' did not say '%s': %s", cases[i].args,
                     cases[i].message, slurp("err"));
    }
}
