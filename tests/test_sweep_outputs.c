/*
 * test_sweep_outputs.c - `sweep --outputs`: the list read and its errors,
 * the files a sweep keeps (and never writes), what meta.json lists, the
 * same rows and winners as a sweep keeping everything, shards merged to
 * what one process keeps, and a resume with another list refused.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/sweep.h"

Test(sweep_outputs, lists_read_and_written_back)
{
    unsigned set = 0;
    char err[400], text[128];
    cr_assert_eq(sweep_parse_outputs("summary", &set, err, sizeof err), 0);
    cr_assert_eq(set, SWEEP_OUT_SUMMARY);
    cr_assert_eq(sweep_parse_outputs("winners,summary,best", &set, err,
                                     sizeof err),
                 0);
    cr_assert_eq(set, SWEEP_OUT_SUMMARY | SWEEP_OUT_BEST | SWEEP_OUT_WINNERS);
    sweep_outputs_text(set, text, sizeof text);
    cr_assert_str_eq(text, "summary,best,winners");
    cr_assert_eq(sweep_parse_outputs("all", &set, err, sizeof err), 0);
    cr_assert_eq(set, SWEEP_OUT_ALL);
    sweep_outputs_text(set, text, sizeof text);
    cr_assert_str_eq(text, "summary,replications,points,best,winners");
    /* The replications are written while the winners need them. */
    cr_assert(sweep_writes_replications(SWEEP_OUT_SUMMARY |
                                        SWEEP_OUT_WINNERS));
    cr_assert(!sweep_writes_replications(SWEEP_OUT_SUMMARY | SWEEP_OUT_BEST));
    cr_assert_str_eq(sweep_output_file(SWEEP_OUT_POINTS), "points.csv");

    struct {
        const char *spec, *fragment;
    } bad[] = {
        {"summary,bogus", "unknown file 'bogus'"},
        {"summary,,best", "an empty name in ''"},
        {"", "an empty name in ''"},
        {"summary,", "an empty name in ''"},
        {"best,winners", "'best,winners' leaves out summary"},
        {"Summary", "unknown file 'Summary'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        set = 12345;
        cr_assert_eq(sweep_parse_outputs(bad[i].spec, &set, err, sizeof err),
                     -1, "%s", bad[i].spec);
        cr_assert_eq(set, 12345u, "%s: the set changed", bad[i].spec);
        cr_assert_not_null(strstr(err, bad[i].fragment), "'%s': %s",
                           bad[i].spec, err);
        cr_assert_not_null(strstr(err, "expected a comma-separated list of "
                                       "summary, replications, points, "
                                       "best, winners (or all)"),
                           "%s", err);
    }
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
    snprintf(work, sizeof work, "/tmp/jitsim_outputsXXXXXX");
    cr_assert_not_null(mkdtemp(work));
}

static void remove_work(void)
{
    sh("rm -rf '%s'", work);
}

static int exists(const char *dir, const char *name)
{
    char path[256];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s/%s", work, dir, name);
    return stat(path, &st) == 0;
}

static void same_file(const char *a, const char *b, const char *name)
{
    cr_assert_eq(sh("cmp -s '%s/%s/%s' '%s/%s/%s'", work, a, name, work, b,
                    name),
                 0, "%s differs between %s and %s", name, a, b);
}

/* The files meta.json lists, as its line has them. */
static void meta_lists(const char *dir, const char *list)
{
    cr_assert_eq(sh("grep -qxF ' \"files\": [%s],' '%s/%s/meta.json'", list,
                    work, dir),
                 0, "%s/meta.json does not list [%s]", dir, list);
}

#define GRID                                                                \
    "flagship --vary demand.rate=20,40 "                                    \
    "--vary policies.kanban.container=5,10,20 -r 4 -q "                     \
    "--set horizon=150 --set warmup=10"

Test(sweep_outputs, a_sweep_keeps_the_files_chosen_with_the_same_rows,
     .init = make_work, .fini = remove_work)
{
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -o all", work, JITSIM_EXE),
                 0);
    /* The means and the best points, nothing else. */
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -o lean --outputs "
                    "summary,best",
                    work, JITSIM_EXE),
                 0);
    same_file("all", "lean", "summary.csv");
    same_file("all", "lean", "best.csv");
    cr_assert(!exists("lean", "replications.csv"));
    cr_assert(!exists("lean", "points.csv"));
    cr_assert(!exists("lean", "winners.csv"));
    meta_lists("lean", "\"summary.csv\", \"best.csv\", \"sweep.id\", "
                       "\"journal\", \"scenario.yaml\", \"meta.json\"");
    meta_lists("all", "\"summary.csv\", \"replications.csv\", "
                      "\"points.csv\", \"best.csv\", \"winners.csv\", "
                      "\"sweep.id\", \"journal\", \"scenario.yaml\", "
                      "\"meta.json\"");
    /* Never written, not written then removed: the journal records no
     * byte of either. */
    cr_assert_eq(sh("tail -n 1 %s/lean/journal | grep -q '^6 [0-9]* 0 0$'",
                    work),
                 0);
    /* The winners' paired differences come from the replications, which
     * are written for them and removed at the end. */
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -o win --outputs "
                    "summary,winners",
                    work, JITSIM_EXE),
                 0);
    same_file("all", "win", "summary.csv");
    same_file("all", "win", "winners.csv");
    cr_assert(!exists("win", "replications.csv"));
    cr_assert(!exists("win", "best.csv"));
    meta_lists("win", "\"summary.csv\", \"winners.csv\", \"sweep.id\", "
                      "\"journal\", \"scenario.yaml\", \"meta.json\"");
    cr_assert_eq(sh("grep -qx 'outputs summary,winners' %s/win/sweep.id",
                    work),
                 0);
    /* The default records no list: sweep.id as before --outputs. */
    cr_assert_eq(sh("grep -q '^outputs' %s/all/sweep.id", work), 1);
    /* The report of a sweep without replications.csv. */
    cr_assert_eq(sh("cd %s && %s report lean >/dev/null", work, JITSIM_EXE),
                 0);
    cr_assert(exists("lean", "report.html"));
}

Test(sweep_outputs, shards_merge_to_what_one_process_keeps,
     .init = make_work, .fini = remove_work)
{
    const char *keep = "--outputs summary,points,winners";
    cr_assert_eq(sh("cd %s && %s sweep " GRID " %s -o one", work, JITSIM_EXE,
                    keep),
                 0);
    for (int k = 1; k <= 2; k++)
        cr_assert_eq(sh("cd %s && %s sweep " GRID " %s --shard %d/2 -o s%d",
                        work, JITSIM_EXE, keep, k, k),
                     0);
    /* A shard keeps what merge needs: the replications for the winners. */
    cr_assert(exists("s1", "replications.csv"));
    cr_assert(!exists("s1", "winners.csv"));
    cr_assert_eq(sh("cd %s && %s merge -o merged s2 s1 >/dev/null", work,
                    JITSIM_EXE),
                 0);
    const char *names[] = {"summary.csv", "points.csv", "winners.csv",
                           "scenario.yaml", "meta.json", "sweep.id"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        same_file("one", "merged", names[i]);
    cr_assert(!exists("merged", "replications.csv"));
    cr_assert(!exists("merged", "best.csv"));
    /* Shards that keep other files are not one sweep's. */
    cr_assert_eq(sh("cd %s && %s sweep " GRID " --outputs summary --shard "
                    "2/2 -o other",
                    work, JITSIM_EXE),
                 0);
    cr_assert_eq(sh("cd %s && %s merge -o bad s1 other 2>err", work,
                    JITSIM_EXE),
                 2);
    cr_assert_eq(sh("grep -q 'another sweep' %s/err", work), 0);
}

Test(sweep_outputs, a_resume_keeps_the_same_list,
     .init = make_work, .fini = remove_work)
{
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -o out --outputs summary",
                    work, JITSIM_EXE),
                 0);
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -o out --resume 2>err", work,
                    JITSIM_EXE),
                 2);
    cr_assert_eq(sh("grep -qF 'out holds a sweep that keeps --outputs "
                    "summary, not summary,replications,points,best,winners; "
                    "expected the same --outputs (to resume it), another "
                    "directory, or --force' %s/err",
                    work),
                 0);
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -o out --resume --outputs "
                    "summary",
                    work, JITSIM_EXE),
                 0);
    /* Over a sweep that kept everything, --force leaves none of its
     * files behind to pass for this one's. */
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -o full", work, JITSIM_EXE),
                 0);
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -o full --force --outputs "
                    "summary",
                    work, JITSIM_EXE),
                 0);
    const char *gone[] = {"replications.csv", "points.csv", "best.csv",
                          "winners.csv"};
    for (size_t i = 0; i < 4; i++)
        cr_assert(!exists("full", gone[i]), "%s left behind", gone[i]);
    /* A bad list is a usage error before anything runs. */
    cr_assert_eq(sh("cd %s && %s sweep " GRID " -o none --outputs points "
                    "2>err",
                    work, JITSIM_EXE),
                 2);
    cr_assert_eq(sh("grep -qF \"jitsim sweep: --outputs: 'points' leaves "
                    "out summary\" %s/err",
                    work),
                 0);
    cr_assert(!exists("none", "summary.csv"));
}
