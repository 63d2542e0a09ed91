/*
 * sweep_describe.c - what a sweep's directory says about itself, written
 * before its points run: scenario.yaml (the sweep as run, which `jitsim
 * sweep DIR/scenario.yaml` runs again: effective.h) and meta.json (its
 * base scenario, the grid and the files, meta_json.h), each written whole
 * or not at all.
 *
 * Not here: the points' files (sweep.c), the report (analysis/report/).
 */
#include "meta_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/atomic.h"
#include "analysis/sweep.h"

typedef struct text_job {
    const char *text;
    size_t len;
} text_job;

static int fill_text(FILE *f, void *ctx)
{
    const text_job *job = ctx;
    return fwrite(job->text, 1, job->len, f) == job->len ? 0 : -1;
}

typedef struct meta_job {
    const scenario *sc;
    const run_origin *o;
    const char *const *files;
    size_t n_files;
} meta_job;

static int fill_meta(FILE *f, void *ctx)
{
    const meta_job *job = ctx;
    return output_meta_json(f, job->sc, NULL, job->o, job->files,
                            job->n_files);
}

int sweep_describe(const char *dir, const scenario *base,
                   const run_origin *o, unsigned outputs, int whole,
                   char *warning, size_t warnlen, char *err, size_t errlen)
{
    if (warnlen)
        warning[0] = '\0';
    const char *files[10];
    size_t n = 0;
    /* In the order of the SWEEP_OUT_* bits: summary, replications,
     * points, best, winners (sweep_merge.c's fill_meta relies on it). A
     * shard's replications.csv is kept whenever it is written: merge
     * makes the winners from it. */
    for (unsigned bit = SWEEP_OUT_SUMMARY; bit <= SWEEP_OUT_WINNERS;
         bit <<= 1) {
        int kept = (outputs & bit) != 0;
        if (bit == SWEEP_OUT_REPLICATIONS && !whole)
            kept = sweep_writes_replications(outputs);
        if ((bit == SWEEP_OUT_BEST || bit == SWEEP_OUT_WINNERS) && !whole)
            kept = 0;
        if (kept)
            files[n++] = sweep_output_file(bit);
    }
    files[n++] = "sweep.id";
    files[n++] = "journal";
    char path[4200];
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    char *text = NULL;
    size_t len = 0;
    if (effective_sweep_text(o, base, path, &text, &len, warning, warnlen) ==
        0) {
        text_job job = {text, len};
        int rc = atomic_write(dir, "scenario.yaml", fill_text, &job, err,
                              errlen);
        free(text);
        if (rc)
            return -1;
        files[n++] = "scenario.yaml";
    } else {
        /* An earlier sweep's would say something else. */
        remove(path);
    }
    files[n++] = "meta.json";
    meta_job job = {base, o, files, n};
    return atomic_write(dir, "meta.json", fill_meta, &job, err, errlen);
}
