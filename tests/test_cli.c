/*
 * test_cli.c - the jitsim program as a user meets it: the default run, help,
 * version, and every error path of the command line (one line, exit 2).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "program.h"

/* The first line of stderr, for messages that must be one line. */
static const char *first_line(const char *s, char *buf, size_t cap)
{
    size_t n = strcspn(s, "\n");
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

/* One replication runs: its values without intervals, and no paired
 * differences, said as such. */
Test(cli, one_replication_runs_and_says_it_has_no_interval)
{
    outcome *o = program_run("run flagship -r 1");
    cr_assert_eq(o->status, 0, "stderr: %s", o->err);
    cr_assert_not_null(strstr(o->out, "1 replication, seed 2026"), "%s",
                       o->out);
    cr_assert_not_null(strstr(o->out, "metric (one run, no CI)"), "%s",
                       o->out);
    cr_assert_null(strstr(o->out, "±"), "%s", o->out);
    cr_assert_not_null(strstr(o->out, "no paired differences: they need at "
                                      "least 2 replications"),
                       "%s", o->out);
    cr_assert_not_null(strstr(o->out, "kanban: operating cost"), "%s",
                       o->out);
}

/* A directory named like a lesson (the output of `run flagship -o
 * flagship`) does not hide the lesson; a file of that name does. */
Test(cli, a_directory_named_like_a_lesson_does_not_hide_it)
{
    char dir[] = "/tmp/jitsim_lessonXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "cd '%s' && mkdir flagship && '%s' run flagship "
                              "-r 2",
             dir, JITSIM_EXE);
    outcome *o = program_sh(cmd);
    cr_assert_eq(o->status, 0, "stderr: %s", o->err);
    cr_assert_not_null(strstr(o->out, "Flagship: EOQ sawtooth vs kanban"),
                       "%s", o->out);
    snprintf(cmd, sizeof cmd, "cd '%s' && rmdir flagship && echo 'name: x' "
                              "> flagship && '%s' run flagship -r 2 -q",
             dir, JITSIM_EXE);
    o = program_sh(cmd);
    cr_assert_eq(o->status, 2, "a file named flagship is the scenario");
    cr_assert_not_null(strstr(o->err, "flagship:"), "%s", o->err);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* Issue 16: a name that is neither a file nor a lesson says so and names
 * the lessons meant: a near miss by spelling, else those whose text
 * mentions the word most; a path keeps the file's message. Every command
 * that takes a scenario says the same. */
Test(cli, a_name_that_is_no_file_and_no_lesson_names_the_close_lessons)
{
    const char *near = "outge: no such file (No such file or "
                       "directory) and no lesson of that name; expected a "
                       "scenario file or a lesson name: did you mean "
                       "'outage'?\n";
    const char *cmds[] = {"run outge", "validate outge",
                          "sweep outge --vary demand.rate=1,2"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        outcome *o = program_run(cmds[i]);
        cr_assert_eq(o->status, 2, "%s", cmds[i]);
        cr_assert_str_eq(o->err, near, "%s: %s", cmds[i], o->err);
    }
    outcome *o = program_run("lessons outge");
    cr_assert_eq(o->status, 2);
    cr_assert_str_eq(o->err, "jitsim lessons: no lesson named 'outge'; "
                             "expected a lesson name: did you mean "
                             "'outage'?\n");
    o = program_run("run plant");
    cr_assert_eq(o->status, 2);
    cr_assert_not_null(strstr(o->err, "expected a scenario file or a lesson "
                                      "name: those that mention 'plant': "
                                      "flagship, "),
                       "%s", o->err);
    cr_assert_eq(count_lines(o->err), 1, "%s", o->err);
    o = program_run("run xyzzy");
    cr_assert_not_null(strstr(o->err, "lesson name: jitsim lessons lists "
                                      "them\n"),
                       "%s", o->err);
    o = program_run("run /nonexistent/plant.yaml");
    cr_assert_eq(o->status, 2);
    cr_assert_str_eq(o->err, "/nonexistent/plant.yaml: cannot open "
                             "the file (No such file or directory); "
                             "expected a readable scenario file\n");
}

Test(cli, no_arguments_runs_the_flagship_lesson)
{
    outcome *o = program_run("");
    cr_assert_eq(o->status, 0, "stderr: %s", o->err);
    cr_assert_not_null(strstr(o->out, "Flagship: EOQ sawtooth vs kanban"));
    cr_assert_not_null(strstr(o->out, "paired differences against EOQ"));
    cr_assert_not_null(strstr(o->out, "kanban: operating cost"), "%s", o->out);
    cr_assert_not_null(strstr(o->out, "average stock"), "%s", o->out);
    cr_assert_str_eq(o->err, "");
    /* `jitsim run` without a file is the same run. */
    static char first[sizeof o->out];
    strcpy(first, o->out);
    o = program_run("run");
    cr_assert_str_eq(o->out, first);
}

Test(cli, mm1_demonstration_matches_its_closed_forms)
{
    outcome *o = program_run("mm1");
    cr_assert_eq(o->status, 0, "stderr: %s", o->err);
    cr_assert_not_null(strstr(o->out, "mean time in system W"));
    cr_assert_not_null(strstr(o->out, "10.0000"), "%s", o->out);
    cr_assert_null(strstr(o->out, "OUTSIDE"), "%s", o->out);
}

Test(cli, version_and_help)
{
    outcome *o = program_run("--version");
    cr_assert_eq(o->status, 0);
    cr_assert_str_eq(o->out, "jitsim 0.1.0\n");
    o = program_run("--help");
    cr_assert_eq(o->status, 0);
    cr_assert_not_null(strstr(o->out, "usage: jitsim"));
    cr_assert_not_null(strstr(o->out, "mm1"));
    cr_assert_not_null(strstr(o->out, "run"));
    o = program_run("policies");
    cr_assert_eq(o->status, 0);
    cr_assert_not_null(strstr(o->out, "kanban (pull)"));
    cr_assert_not_null(strstr(o->out, "Toyota formula"));
    cr_assert_not_null(strstr(o->out, "eoq (push)"));
    /* Controls of production lines: their own parameters, and the types
     * that control lines only marked as such. */
    cr_assert_not_null(strstr(o->out, "conwip (pull, lines only): a cap"));
    cr_assert_not_null(strstr(o->out, "campaign (push, lines only)"));
    const char *k = strstr(o->out, "kanban (pull)");
    const char *k_line = strstr(k, "  as a line control:\n    cards ");
    cr_assert_not_null(k_line);
    cr_assert_lt(k_line, strstr(k, "\n\n"), "kanban's own entry");
    const char *eoq = strstr(o->out, "eoq (push)");
    cr_assert_gt(strstr(eoq, "as a line control"), strstr(eoq, "\n\n"),
                 "eoq cannot control a line");
    cr_assert_not_null(strstr(strstr(o->out, "conwip ("),
                              "  as a line control:\n    wip "));
    o = program_run("help mm1");
    cr_assert_eq(o->status, 0);
    cr_assert_not_null(strstr(o->out, "--lambda"));
    o = program_run("mm1 --help");
    cr_assert_eq(o->status, 0);
    cr_assert_not_null(strstr(o->out, "--replications"));
}

struct bad_case {
    const char *args;
    const char *message;
};

Test(cli, every_usage_error_is_one_line_and_exit_2)
{
    const struct bad_case cases[] = {
        {"--frobnicate", "jitsim: unknown option '--frobnicate'"},
        {"frobnicate", "jitsim: unknown command 'frobnicate'"},
        {"help frobnicate", "jitsim: unknown command 'frobnicate'"},
        {"mm1 --bogus", "jitsim mm1: unknown option '--bogus'"},
        {"mm1 --lambda abc", "jitsim mm1: --lambda expects a number, got 'abc'"},
        {"mm1 --lambda 1e999", "jitsim mm1: --lambda expects a number, got '1e999'"},
        {"mm1 --mu", "jitsim mm1: option --mu needs a value"},
        {"mm1 --lambda -1", "jitsim mm1: lambda must be a positive number"},
        {"mm1 --mu=0", "jitsim mm1: mu must be a positive number"},
        {"mm1 --warmup -3", "jitsim mm1: warmup must be a number >= 0"},
        {"mm1 --horizon 10 --warmup 20",
         "jitsim mm1: horizon must be a number greater than warmup"},
        {"mm1 --replications 1",
         "jitsim mm1: --replications must be between 2 and 1000000"},
        {"mm1 --replications -4",
         "jitsim mm1: --replications expects a whole number >= 0, got '-4'"},
        {"mm1 --seed 1.5", "jitsim mm1: --seed expects a whole number >= 0"},
        {"mm1 --seed 99999999999999999999999",
         "jitsim mm1: --seed expects a whole number >= 0"},
        {"run --bogus", "jitsim run: unknown option '--bogus'"},
        {"run -r 0", "jitsim run: --replications must be at least 1"},
        {"run -j 0", "jitsim run: --jobs must be between 1 and 4096"},
        {"run --format xml", "jitsim run: --format expects table, csv or json"},
        {"run --set nonsense", "jitsim run: --set expects PATH=VALUE"},
        {"run --timeseries", "jitsim run: --timeseries writes timeseries.csv"},
        {"run a.yaml b.yaml", "jitsim run: one scenario at a time"},
        {"run /nonexistent/file.yaml", "/nonexistent/file.yaml"},
        {"run --set demand.rate=-4", "--set demand.rate: rate must be > 0"},
        {"validate", "jitsim validate: no file given"},
        {"validate --bogus", "jitsim validate: unknown option '--bogus'"},
        {"policies extra", "jitsim policies: unknown argument 'extra'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        outcome *o = program_run(cases[i].args);
        char line[512];
        cr_assert_eq(o->status, 2, "'%s' exited %d", cases[i].args,
                     o->status);
        cr_assert_eq(strncmp(first_line(o->err, line, sizeof line),
                             cases[i].message, strlen(cases[i].message)),
                     0, "'%s' said '%s'", cases[i].args, line);
        cr_assert_str_eq(o->out, "", "'%s' wrote to stdout",
                         cases[i].args);
    }
}

Test(cli, bad_value_errors_are_exactly_one_line)
{
    outcome *o = program_run("mm1 --lambda abc");
    cr_assert_eq(count_lines(o->err), 1, "%s", o->err);
}

Test(cli, overloaded_queue_says_there_is_no_steady_state)
{
    outcome *o = program_run("mm1 --lambda 2 --horizon 200 --warmup 10 "
                     "--replications 3");
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert_not_null(strstr(o->out, "no steady state"));
}

Test(cli, every_scenario_file_validates_and_runs)
{
    DIR *d = opendir(JITSIM_SOURCE_DIR "/scenarios");
    cr_assert_not_null(d);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 5, ".yaml") != 0)
            continue;
        char args[1024];
        snprintf(args, sizeof args, "validate '%s/scenarios/%s'",
                 JITSIM_SOURCE_DIR, e->d_name);
        outcome *o = program_run(args);
        cr_assert_eq(o->status, 0, "%s: %s", e->d_name, o->err);
        /* Short runs: the lessons' own horizons are the lesson tests'. */
        snprintf(args, sizeof args,
                 "run '%s/scenarios/%s' -r 3 --set horizon=120 "
                 "--set warmup=20 --format csv",
                 JITSIM_SOURCE_DIR, e->d_name);
        o = program_run(args);
        cr_assert_eq(o->status, 0, "%s: %s", e->d_name, o->err);
        cr_assert_not_null(strstr(o->out, "total_cost"), "%s", e->d_name);
        files++;
    }
    closedir(d);
    cr_assert_geq(files, 1);
}

Test(cli, run_writes_its_files_and_traces)
{
    char dir[] = "/tmp/jitsim_cli_runXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char args[512];
    snprintf(args, sizeof args,
             "run -r 2 --set horizon=10 --set warmup=0 -o %s --timeseries "
             "--trace -q",
             dir);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert_str_eq(o->out, "");
    const char *files[] = {"summary.csv", "replications.csv",
                           "timeseries.csv", "events.csv"};
    for (int i = 0; i < 4; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        FILE *f = fopen(path, "r");
        cr_assert_not_null(f, "%s missing", files[i]);
        char header[256] = "";
        cr_assert_not_null(fgets(header, sizeof header, f));
        fclose(f);
        if (i == 2)
            cr_assert_str_eq(header, "policy,replication,t,on_hand,"
                                     "backorders,on_order,wip\n");
        if (i == 3)
            cr_assert_str_eq(header, "policy,replication,t,event,quantity,"
                                     "supplier,on_hand,backorders,"
                                     "on_order\n");
        remove(path);
    }
    rmdir(dir);
    o = program_run("run -r 2 --set horizon=2 --set warmup=0 --trace=stdout");
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert_not_null(strstr(o->out, "== kanban (kanban), replication 0"));
    cr_assert_not_null(strstr(o->out, ": customer order for 1; "));
    cr_assert_not_null(strstr(o->out, "container emptied, kanban card 1 sent "
                                      "to supplier local: order of 10"),
                       "%s", o->out);
    o = program_run("run -r 2 --set horizon=20 --set warmup=0 --format json");
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert_eq(strncmp(o->out, "{\"scenario\": \"Flagship", 22), 0);
}

#define LINE_YAML JITSIM_SOURCE_DIR "/tests/data/line.yaml"

Test(cli, a_line_run_writes_its_columns_stage_wip_and_blocks)
{
    char dir[] = "/tmp/jitsim_cli_lineXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char args[512];
    snprintf(args, sizeof args, "run '%s' -r 2 -o %s --timeseries",
             LINE_YAML, dir);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    /* The terminal: the rate the controls' auto rules planned for (the
     * two products' 0.5 + 0.3 a day), the line's block and a block of
     * stages per policy. */
    cr_assert_not_null(strstr(o->out, "  auto rules sized for demand 0.8 a "
                                      "day over the window [24, 240)\n"),
                       "%s", o->out);
    cr_assert_not_null(strstr(o->out, "\nline (mean ± 95% CI) "));
    cr_assert_not_null(strstr(o->out, "\nline_lead_time_mean "));
    cr_assert_not_null(strstr(o->out, "\nstages under Push (means"));
    cr_assert_not_null(strstr(o->out, "\nstages under CW (means"));
    cr_assert_not_null(strstr(o->out, "\n  weld "));
    /* Two products: a row each under every policy. */
    const char *products = strstr(o->out, "\nproducts under CW (means");
    cr_assert_not_null(products, "%s", o->out);
    cr_assert_not_null(strstr(products, "\n  A "), "%s", products);
    cr_assert_not_null(strstr(products, "\n  B "), "%s", products);
    char path[256], header[8192];
    snprintf(path, sizeof path, "%s/replications.csv", dir);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    cr_assert_not_null(fgets(header, sizeof header, f));
    fclose(f);
    const char *columns[] = {",avg_wip,", ",profit,throughput,",
                             ",availability,cut.wip,cut.flow_time,",
                             ",weld.blocked,weld.idle,",
                             ",A.units_demanded,A.fill_rate,",
                             ",B.total_cost\n"};
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        cr_assert_not_null(strstr(header, columns[i]), "no %s in %s",
                           columns[i], header);
    snprintf(path, sizeof path, "%s/stage_wip.csv", dir);
    f = fopen(path, "r");
    cr_assert_not_null(f, "no stage_wip.csv");
    cr_assert_not_null(fgets(header, sizeof header, f));
    cr_assert_str_eq(header, "policy,replication,t,\"cut\",\"weld\"\n");
    int rows = 0;
    while (fgets(header, sizeof header, f))
        rows++;
    fclose(f);
    cr_assert_gt(rows, 100);
    /* timeseries.csv's wip is the line's: not always 0. */
    snprintf(path, sizeof path, "%s/timeseries.csv", dir);
    f = fopen(path, "r");
    cr_assert_not_null(f);
    int positive = 0;
    while (fgets(header, sizeof header, f)) {
        const char *last = strrchr(header, ',');
        positive += last && strtod(last + 1, NULL) > 0.0;
    }
    fclose(f);
    cr_assert_gt(positive, 10);
    const char *files[] = {"summary.csv", "replications.csv", "meta.json",
                           "timeseries.csv", "stage_wip.csv"};
    for (int i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        cr_assert_eq(remove(path), 0, "%s missing", files[i]);
    }
    rmdir(dir);
    snprintf(args, sizeof args, "run '%s' -r 2 --format json", LINE_YAML);
    o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert_not_null(strstr(o->out, "\"weld.busy\": {\"mean\": "));
    cr_assert_not_null(strstr(o->out, "\"B.fill_rate\": {\"mean\": "));
}

/* Issue 15: a one-letter option takes its value attached, as getopt's
 * would (-j1 was "unknown option"), and a bad seed names its upper bound. */
Test(cli, short_options_take_attached_values)
{
    outcome *o = program_run("run flagship -r2 -j1 --set horizon=60");
    cr_assert_eq(o->status, 0, "stderr: %s", o->err);
    cr_assert_not_null(strstr(o->out, "2 replications"), "%s", o->out);
    o = program_run("run flagship -j0");
    char line[512];
    cr_assert_eq(o->status, 2);
    cr_assert_str_eq(first_line(o->err, line, sizeof line),
                     "jitsim run: --jobs must be between 1 and 4096, got 0");
    o = program_run("run flagship --seed 18446744073709551616");
    cr_assert_eq(o->status, 2);
    cr_assert_str_eq(first_line(o->err, line, sizeof line),
                     "jitsim run: --seed expects a whole number >= 0 and at "
                     "most 18446744073709551615, got "
                     "'18446744073709551616'");
}

/* Issue 15: a policy named J''y (two apostrophes in a row) drew no chart:
 * gnuplot 5.4 ends a single-quoted 'J''''y' early. Every chart now draws
 * with the name as it is. */
Test(cli, a_name_with_quotes_draws_every_chart)
{
    char dir[] = "/tmp/jitsim_quotes_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[256], cmd[1024];
    snprintf(path, sizeof path, "%s/q.yaml", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("name: quotes\nhorizon: 60\nreplications: 2\n"
          "demand: {rate: 5}\n"
          "item: {unit_cost: 10, holding_rate: 0.2, backorder_cost: 5}\n"
          "suppliers: [{name: s, lead_time: 2, order_cost: 50}]\n"
          "policies:\n"
          "  - {name: \"J''y\", type: eoq, Q: 50, r: 20}\n"
          "  - {name: 'a\"b\\c}{', type: eoq, Q: 30, r: 20}\n",
          f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "run %s -o %s/out --report", path, dir);
    outcome *o = program_run(cmd);
    cr_assert_eq(o->status, 0, "stderr: %s", o->err);
    cr_assert_not_null(strstr(o->out, "7 charts drawn"), "%s\n%s", o->out,
                       o->err);
    snprintf(cmd, sizeof cmd, "grep -h 'title \"J' %s/out/charts/inventory.gp",
             dir);
    o = program_sh(cmd);
    cr_assert_not_null(strstr(o->out, "title \"J''y\""), "%s", o->out);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    program_sh(cmd);
}

/* Display columns of a line (UTF-8: continuation bytes take none). */
static int columns_of(const char *line, size_t len)
{
    int w = 0;
    for (size_t i = 0; i < len; i++)
        w += ((unsigned char)line[i] & 0xC0) != 0x80;
    return w;
}

/* Issue 16: money read as 4.408e+04 ± 28 and a long policy name broke the
 * columns. Numbers are fixed, rounded to their interval's two digits; each
 * column is as wide as its widest cell, so every row of a block is as wide
 * as its header. */
Test(cli, the_table_keeps_its_columns_and_writes_money_without_exponents)
{
    char path[] = "/tmp/jitsim_long_namesXXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    const char *yaml =
        "name: long names\nhorizon: 400\nwarmup: 30\nreplications: 5\n"
        "demand: {rate: 40}\nsuppliers: [{name: s, lead_time: 25}]\n"
        "item: {unit_cost: 50, holding_rate: 0.25, backorder_cost: 5}\n"
        "policies:\n"
        "  - {name: kanban-with-emergency-stock-from-the-local-distributor,"
        " type: kanban, cards: 120, container: 10}\n"
        "  - {name: EOQ, type: eoq, Q: 3000, r: 1100}\n";
    cr_assert_eq(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
    close(fd);
    char args[256];
    snprintf(args, sizeof args, "run %s", path);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert_null(strstr(o->out, "e+"), "%s", o->out);
    /* cash_tied_up is some 60000: whole units, no exponent. */
    const char *cash = strstr(o->out, "\ncash_tied_up");
    cr_assert_not_null(cash);
    double value = 0.0;
    cr_assert_eq(sscanf(cash, " cash_tied_up %*s %*s %*s %lf", &value), 1,
                 "%.120s", cash);
    cr_assert_gt(value, 1e4);
    /* Each block (header to blank line) has rows of one width. */
    const char *blocks[] = {"metric (mean ± 95% CI)", "metric  "};
    for (size_t b = 0; b < 2; b++) {
        const char *line = strstr(o->out, blocks[b]);
        cr_assert_not_null(line, "%s", blocks[b]);
        const char *end = strchr(line, '\n');
        int width = columns_of(line, (size_t)(end - line)), rows = 0;
        for (line = end + 1; *line && *line != '\n'; line = end + 1) {
            end = strchr(line, '\n');
            cr_assert_eq(columns_of(line, (size_t)(end - line)), width,
                         "%.*s", (int)(end - line), line);
            rows++;
        }
        cr_assert_gt(rows, 10);
    }
    remove(path);
}
