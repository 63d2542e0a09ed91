/*
 * cmd_merge.c - `jitsim merge -o OUT DIR...`: join the outputs of sweep
 * shards (--shard K/N) into the files one run would have written.
 */
#include <stdio.h>
#include <string.h>

#include "analysis/dirlock.h"
#include "analysis/sweep.h"
#include "cli.h"

#define MAX_DIRS 4096

static void merge_usage(FILE *out)
{
    fprintf(out, "usage: jitsim merge -o OUT DIR...\n"
                 "\n"
                 "Joins the output directories of the shards of one sweep\n"
                 "(jitsim sweep --shard K/N) into OUT, in point order, and\n"
                 "writes best.csv and winners.csv with the shards' own\n"
                 "--objective and --constraint (recorded in sweep.id), so\n"
                 "OUT holds what one process would have written (with\n"
                 "the shards' --outputs, the files they chose).\n");
}

/* best.csv and winners.csv with the search the shards recorded (an
 * older sweep's shards recorded none: total_cost, no constraint). */
static int searches(const char *out, char *err, size_t errlen)
{
    char objective[METRIC_NAME_MAX] = "total_cost";
    sweep_constraint constraints[SWEEP_CONSTRAINTS_MAX];
    size_t n = 0;
    if (sweep_recorded_search(out, objective, constraints, &n, err,
                              errlen) < 0)
        return -1;
    unsigned outputs = SWEEP_OUT_ALL;
    if (sweep_recorded_outputs(out, &outputs, err, errlen))
        return -1;
    return ((outputs & SWEEP_OUT_BEST) &&
            sweep_best(out, objective, constraints, n, NULL, err, errlen)) ||
           ((outputs & SWEEP_OUT_WINNERS) &&
            sweep_winners(out, objective, constraints, n, NULL, err,
                          errlen)) ||
           sweep_outputs_finish(out, outputs, err, errlen);
}

static int merge_main(int argc, char **argv)
{
    const char *out = NULL;
    const char *dirs[MAX_DIRS];
    size_t n = 0;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            merge_usage(stdout);
            return EXIT_OK;
        }
        if ((r = cli_option_value(argc, argv, &i, "--out", &v)) ||
            (r = cli_option_value(argc, argv, &i, "-o", &v))) {
            if (r < 0)
                return EXIT_USAGE;
            out = v;
            continue;
        }
        if (argv[i][0] == '-') {
            cli_error("merge", "unknown option '%s'", argv[i]);
            merge_usage(stderr);
            return EXIT_USAGE;
        }
        if (n == MAX_DIRS) {
            cli_error("merge", "at most %d directories", MAX_DIRS);
            return EXIT_USAGE;
        }
        dirs[n++] = argv[i];
    }
    if (!out || n == 0) {
        cli_error("merge", "expected -o OUT and at least one shard "
                           "directory");
        merge_usage(stderr);
        return EXIT_USAGE;
    }
    char err[1024];
    /* OUT is written like a sweep's directory: one writer at a time. */
    int lock = dirlock_take(out, err, sizeof err);
    if (lock < 0) {
        cli_error("merge", "%s", err);
        return EXIT_USAGE;
    }
    int rc = EXIT_OK;
    if (sweep_merge(out, dirs, n, err, sizeof err)) {
        cli_error("merge", "%s", err);
        rc = EXIT_USAGE;
    } else if (searches(out, err, sizeof err)) {
        cli_error("merge", "%s", err);
        rc = EXIT_FAILED;
    } else {
        printf("%zu shards merged into %s/\n", n, out);
    }
    dirlock_release(lock);
    return rc;
}

const command cmd_merge = {
    "merge",
    "join the outputs of sweep shards",
    merge_main,
    merge_usage,
};
