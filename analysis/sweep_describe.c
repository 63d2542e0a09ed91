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
                   const run_origin *o, int whole, char *warning,
                   size_t warnlen, char *err, size_t errlen)
{
    if (warnlen)
        warning[0] = '\0';
    const char *files[10];
    size_t n = 0;
    files[n++] = "summary.csv";
    files[n++] = "replications.csv";
    files[n++] = "points.csv";
    if (whole) {
        files[n++] = "best.csv";
        files[n++] = "winners.csv";
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
