/*
 * fuzz_merge.c - libFuzzer target: `jitsim merge` on two shard directories
 * whose files come from the input: sweep.id, journal, summary.csv,
 * replications.csv and points.csv of shard a, then the same of shard b,
 * separated by the byte 0x1e (ASCII record separator); missing parts are
 * missing files. The merge runs on both shards, then on a alone (a missing
 * shard), into a private output directory.
 *
 * What it checks: the readers merge takes shards with (sweep.id, the
 * journal and its offsets, the CSV rows up to them) refuse anything they
 * cannot use with a message, and never crash, leak or read out of bounds;
 * and so do the searches made of a sweep's rows afterwards (best.csv and
 * winners.csv, streamed from summary.csv and replications.csv with the
 * axes of sweep.id), run on shard a's files.
 * Not here: the CSV and meta.json readers of `report` (fuzz_report_files).
 */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/sweep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];

static const char *const names[] = {"sweep.id", "journal", "summary.csv",
                                    "replications.csv", "points.csv"};
#define N_NAMES (sizeof names / sizeof names[0])

static void make_root(void)
{
    char path[128];
    snprintf(root, sizeof root, "/tmp/jitsim_fuzz_merge_XXXXXX");
    if (!mkdtemp(root))
        abort();
    const char *dirs[] = {"a", "b", "out"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
        if (mkdir(path, 0700) != 0)
            abort();
    }
}

/* Writes dir/name with the part, or removes it when the part is absent. */
static void put(const char *dir, const char *name, const uint8_t *part,
                size_t len, int present)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s/%s", root, dir, name);
    if (!present) {
        remove(path);
        return;
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (len && fwrite(part, 1, len, f) != len)
        abort();
    if (fclose(f) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!root[0])
        make_root();
    const uint8_t *p = data, *end = data + size;
    int more = size > 0;
    for (size_t i = 0; i < 2 * N_NAMES; i++) {
        const char *dir = i < N_NAMES ? "a" : "b";
        if (!more) {
            put(dir, names[i % N_NAMES], NULL, 0, 0);
            continue;
        }
        const uint8_t *sep = memchr(p, 0x1e, (size_t)(end - p));
        const uint8_t *stop = sep ? sep : end;
        put(dir, names[i % N_NAMES], p, (size_t)(stop - p), 1);
        if (sep)
            p = sep + 1;
        else
            more = 0;
    }
    char a[128], b[128], out[128], err[1024];
    snprintf(a, sizeof a, "%s/a", root);
    snprintf(b, sizeof b, "%s/b", root);
    snprintf(out, sizeof out, "%s/out", root);
    const char *both[] = {a, b};
    (void)sweep_merge(out, both, 2, err, sizeof err);
    (void)sweep_merge(out, both, 1, err, sizeof err);
    sweep_constraint c = {"fill_rate", 'g', 0.9};
    (void)sweep_best(a, "total_cost", &c, 1, NULL, err, sizeof err);
    (void)sweep_winners(a, "total_cost", &c, 1, NULL, err, sizeof err);
    (void)sweep_winners(a, "fill_rate", NULL, 0, NULL, err, sizeof err);
    return 0;
}
