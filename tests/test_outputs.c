/*
 * test_outputs.c - a run's output directory as one set: a write that fails
 * part-way leaves the previous run's files as they were, files an earlier
 * run left are removed, `report` reads only the files meta.json lists and
 * removes charts it did not draw, and a bad -o fails before the run.
 *
 * The failed write is real, not simulated by the library: the program runs
 * under a file-size limit (ulimit -f, SIGXFSZ ignored), so its small files
 * can be written and its large time series cannot, as on a full disk. This
 * works alike for root and other users.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "program.h"

static char work[64];

static void make_work(void)
{
    snprintf(work, sizeof work, "/tmp/jitsim_outputsXXXXXX");
    cr_assert_not_null(mkdtemp(work));
}

static void remove_work(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
    cr_assert_eq(system(cmd), 0);
}

/* Runs `cd WORK && jitsim ARGS`. */
static outcome *in_work(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s", work, JITSIM_EXE, args);
    return program_sh(cmd);
}

static int exists(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", work, name);
    struct stat st;
    return stat(path, &st) == 0;
}

static char *slurp(const char *name)
{
    static char buf[2][1 << 16];
    static int which = 0;
    which ^= 1;
    char path[256];
    snprintf(path, sizeof path, "%s/%s", work, name);
    program_slurp(path, buf[which], sizeof buf[which]);
    return buf[which];
}

/* Issue 15, failure 1: the new run's summary.csv and replications.csv are
 * written, its timeseries.csv fails (the size limit, like a full disk):
 * none of the new files is put in place, meta.json and the CSV files
 * still agree on the first run's seed, and the error says so. */
Test(outputs, a_failed_write_leaves_the_previous_set_intact,
     .init = make_work, .fini = remove_work)
{
    outcome *o = in_work("run flagship -r 2 -q --seed 7 --timeseries "
                         "-o d");
    cr_assert_eq(o->status, 0, "%s", o->err);
    char summary[1 << 16], reps[1 << 16], meta[1 << 16];
    snprintf(summary, sizeof summary, "%s", slurp("d/summary.csv"));
    snprintf(reps, sizeof reps, "%s", slurp("d/replications.csv"));
    snprintf(meta, sizeof meta, "%s", slurp("d/meta.json"));
    cr_assert(strlen(summary) > 1000 && strlen(summary) < 50000);
    cr_assert(strlen(reps) > 100 && strlen(reps) < 50000);
    /* 200 blocks: 100 kB (dash) or 200 kB (bash), between the small files
     * and timeseries.csv's megabyte. */
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && trap '' XFSZ && ulimit -f 200 && exec '%s' run "
             "flagship -r 2 -q --seed 99 --timeseries -o d",
             work, JITSIM_EXE);
    o = program_sh(cmd);
    cr_assert_eq(o->status, 1, "%s", o->err);
    cr_assert_not_null(strstr(o->err, "d/timeseries.csv: cannot write"),
                       "%s", o->err);
    cr_assert_not_null(strstr(o->err, "d keeps the previous files"), "%s",
                       o->err);
    cr_assert_eq(count_lines(o->err), 1, "%s", o->err);
    cr_assert_str_eq(slurp("d/summary.csv"), summary);
    cr_assert_str_eq(slurp("d/replications.csv"), reps);
    cr_assert_str_eq(slurp("d/meta.json"), meta);
    cr_assert_not_null(strstr(meta, "\"seed\": 7"));
    /* No staging directory is left behind. */
    snprintf(cmd, sizeof cmd, "ls -A '%s/d' | grep -q '^\\.'", work);
    cr_assert_neq(program_sh(cmd)->status, 0, "a hidden file is left in d");
}

/* Issue 15, failure 2: a second run without --timeseries and --trace
 * removes the first run's timeseries.csv and events.csv; meta.json lists
 * the run's files; a report draws no inventory chart from a time series
 * that is not the run's; and chart files of an earlier report that this
 * one did not draw are removed (a user's other files stay). */
Test(outputs, stale_files_are_removed_and_not_reported,
     .init = make_work, .fini = remove_work)
{
    outcome *o = in_work("run flagship -r 2 -q --seed 7 --timeseries "
                         "--trace -o d");
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert(exists("d/timeseries.csv") && exists("d/events.csv"));
    o = in_work("run flagship -r 2 -q --seed 7 --report -o d");
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert(exists("d/charts/inventory.dat"));
    cr_assert(exists("d/report.html"));
    cr_assert(!exists("d/events.csv"), "events.csv of the first run kept");
    o = in_work("run flagship -r 2 -q --seed 99 -o d");
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert(!exists("d/timeseries.csv"), "timeseries.csv of seed 7 kept");
    cr_assert(!exists("d/report.html"), "report.html of seed 7 kept");
    cr_assert(!exists("d/charts/inventory.dat"), "seed 7's chart kept");
    cr_assert_not_null(strstr(slurp("d/meta.json"),
                              "\"files\": [\"summary.csv\", "
                              "\"replications.csv\", \"scenario.yaml\", "
                              "\"meta.json\"]"),
                       "%s", slurp("d/meta.json"));
    /* A time series put back by hand (or left by an older jitsim) is not
     * the run's: the report leaves it out. */
    o = in_work("run flagship -r 2 -q --seed 7 --timeseries -o e");
    cr_assert_eq(o->status, 0, "%s", o->err);
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && cp e/timeseries.csv d/ && mkdir -p d/charts && "
             "touch d/charts/heatmap_old.dat d/charts/heatmap_old.gp "
             "d/charts/heatmap_old.svg d/charts/notes.txt",
             work);
    cr_assert_eq(program_sh(cmd)->status, 0);
    o = in_work("report d -q");
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert(!exists("d/charts/inventory.dat"),
              "the report drew a time series that is not the run's");
    cr_assert(exists("d/charts/costs.dat"));
    cr_assert(!exists("d/charts/heatmap_old.dat") &&
                  !exists("d/charts/heatmap_old.gp") &&
                  !exists("d/charts/heatmap_old.svg"),
              "an earlier report's chart kept");
    cr_assert(exists("d/charts/notes.txt"), "a user's file was removed");
}

/* Issue 15, failure 9 (its -o part): an -o that names a file, or a
 * directory whose output name is taken by a directory, is refused before
 * the run, with exit 2 and one line. */
Test(outputs, a_bad_output_directory_is_refused_before_the_run,
     .init = make_work, .fini = remove_work)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && touch f && mkdir -p g/events.csv",
             work);
    cr_assert_eq(program_sh(cmd)->status, 0);
    /* The old code ran the 200 replications, then failed with exit 1. */
    outcome *o = in_work("run flagship -r 200 -q -o f");
    cr_assert_eq(o->status, 2, "%s", o->err);
    cr_assert_str_eq(o->err, "jitsim run: f is a file, not a directory; "
                             "expected an output directory (existing or "
                             "to create)\n");
    o = in_work("run flagship -r 200 -q --trace -o g");
    cr_assert_eq(o->status, 2, "%s", o->err);
    cr_assert_not_null(strstr(o->err, "g/events.csv: cannot write (a "
                                      "directory holds the name)"),
                       "%s", o->err);
    cr_assert_eq(count_lines(o->err), 1, "%s", o->err);
    o = in_work("run flagship -r 200 -q -o missing/parent/d");
    cr_assert_eq(o->status, 2, "%s", o->err);
    cr_assert_not_null(strstr(o->err, "cannot create the output directory"),
                       "%s", o->err);
}

/* Issue 15, fault test: `kill -9` while the new set is put in place. The
 * program runs under strace, which kills it (SIGKILL) as it enters its
 * N-th rename, for every N from the staged files' renames to the last
 * rename into place. Whatever N, the directory is either the previous set,
 * whole and readable, or marked incomplete, and then `report` refuses it
 * with exit 2 and one line; the next complete run removes the mark and the
 * killed run's staging directory. (The leak checker cannot run under
 * ptrace: it is off for the traced runs only, in the sanitizer build.) */
Test(outputs, a_run_killed_while_putting_its_set_in_place_is_never_read,
     .init = make_work, .fini = remove_work)
{
    outcome *o = in_work("run flagship -r 2 -q --seed 7 --timeseries "
                         "-o d");
    cr_assert_eq(o->status, 0, "%s", o->err);
    char summary[1 << 16], meta[1 << 16];
    snprintf(summary, sizeof summary, "%s", slurp("d/summary.csv"));
    snprintf(meta, sizeof meta, "%s", slurp("d/meta.json"));
    int kept = 0, marked = 0;
    /* Five files (summary.csv, replications.csv, timeseries.csv,
     * scenario.yaml, meta.json): five renames in the staging directory,
     * five into place, and one past the last (the run completes). */
    for (int n = 1; n <= 11; n++) {
        char cmd[4096];
        snprintf(cmd, sizeof cmd,
                 "exec 2>/dev/null; cd '%s' && "
                 "ASAN_OPTIONS=\"$ASAN_OPTIONS:detect_leaks=0\" "
                 "strace -f -o /dev/null "
                 "-e inject=rename:signal=KILL:when=%d '%s' run flagship "
                 "-r 2 -q --seed 99 --timeseries -o d",
                 work, n, JITSIM_EXE);
        int status = system(cmd);
        if (n == 11) {
            cr_assert_eq(status, 0, "the run with no kill failed");
            break;
        }
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 137,
                  "rename %d: not killed (status %d)", n, status);
        if (!exists("d/" ".jitsim-incomplete")) {
            kept++;
            cr_assert_str_eq(slurp("d/summary.csv"), summary,
                             "killed at rename %d: summary.csv changed "
                             "without the mark",
                             n);
            cr_assert_str_eq(slurp("d/meta.json"), meta);
            o = in_work("report d -q");
            cr_assert_eq(o->status, 0, "%s", o->err);
        } else {
            marked++;
            o = in_work("report d -q");
            cr_assert_eq(o->status, 2, "killed at rename %d: %s", n, o->err);
            cr_assert_not_null(strstr(o->err, "a run was stopped while it "
                                              "put its outputs in place"),
                               "%s", o->err);
            cr_assert_eq(count_lines(o->err), 1, "%s", o->err);
            o = in_work("run flagship -r 2 -q --seed 7 --timeseries -o d");
            cr_assert_eq(o->status, 0, "%s", o->err);
        }
    }
    cr_assert_eq(kept, 5, "kills before the first rename into place");
    cr_assert_eq(marked, 5, "kills during the renames into place");
    /* The last, complete run left no mark and removed every killed run's
     * staging directory. */
    cr_assert_not_null(strstr(slurp("d/meta.json"), "\"seed\": 99"));
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "ls -A '%s/d' | grep -q '^\\.'", work);
    cr_assert_neq(program_sh(cmd)->status, 0, "a hidden file is left in d");
}
