/*
 * write.c - report_write: reads a run's or a sweep's directory (meta.json,
 * summary.csv, timeseries.csv, replications.csv), writes every chart that
 * applies (the table of charts.c), draws them with gnuplot when it is on
 * PATH, removes chart files it did not write this time (an earlier run's
 * or scenario's) and writes report.html; and frees what it read. Of a
 * run's directory it reads only the files its meta.json lists.
 *
 * Not any chart nor the page: it knows the steps and their order, and maps
 * their failures to REPORT_BAD_INPUT or REPORT_FAILED.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "analysis/atomic.h"
#include "analysis/report/internal.h"

/* 1 for a chart file's extension (what gp_write writes), 2 for a
 * picture's (what gp_draw draws), 0 for another file. */
static int chart_file(const char *name, size_t *stem)
{
    static const char *const exts[] = {".dat", ".gp", ".svg", ".png"};
    size_t n = strlen(name);
    for (size_t i = 0; i < 4; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcmp(name + n - e, exts[i]) == 0) {
            *stem = n - e;
            return i < 2 ? 1 : 2;
        }
    }
    return 0;
}

/* Removes charts_dir's chart files whose chart is not in r (r NULL: all);
 * other files (a user's own) are left. */
static void clear_charts(const char *charts_dir, const report *r)
{
    DIR *d = opendir(charts_dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t stem;
        int kind = e->d_name[0] == '.' ? 0 : chart_file(e->d_name, &stem);
        if (!kind)
            continue;
        int kept = 0;
        /* A picture stays only if drawn now: an older one is stale. */
        for (size_t i = 0; r && !kept && i < r->n_charts; i++)
            kept = strlen(r->charts[i].name) == stem &&
                   strncmp(r->charts[i].name, e->d_name, stem) == 0 &&
                   (kind == 1 || r->charts[i].drawn);
        if (!kept) {
            char path[PATH_LEN + 300];
            snprintf(path, sizeof path, "%s/%s", charts_dir, e->d_name);
            remove(path);
        }
    }
    closedir(d);
}

void report_forget(const char *dir)
{
    char charts_dir[PATH_LEN];
    snprintf(charts_dir, sizeof charts_dir, "%s/charts", dir);
    clear_charts(charts_dir, NULL);
    rmdir(charts_dir); /* when empty */
}

int report_write(const char *dir, report_outcome *out, char *err,
                 size_t errlen)
{
    return report_write_with(dir, NULL, out, err, errlen);
}

int report_write_with(const char *dir, const report_options *opt,
                      report_outcome *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: not a directory; expected the output "
                              "directory of `jitsim run -o DIR`",
                 dir);
        return REPORT_BAD_INPUT;
    }
    if (output_set_incomplete(dir)) {
        snprintf(err, errlen, "%s: a run was stopped while it put its "
                              "outputs in place, so they mix two runs (%s/%s); "
                              "expected a complete set: run it again",
                 dir, dir, OUTPUT_SET_INCOMPLETE);
        return REPORT_BAD_INPUT;
    }
    report *r = calloc(1, sizeof *r);
    report_meta *meta = calloc(1, sizeof *meta);
    if (!r || !meta) {
        free(r);
        free(meta);
        snprintf(err, errlen, "out of memory");
        return REPORT_FAILED;
    }
    r->dir = dir;
    r->meta = meta;
    r->opt = opt;
    r->err = err;
    r->errlen = errlen;
    snprintf(r->charts_dir, sizeof r->charts_dir, "%s/charts", dir);
    int rc = REPORT_BAD_INPUT;
    if (meta_read(dir, meta, err, errlen) || outputs_load_summary(r) ||
        outputs_load_timeseries(r) < 0 || outputs_load_replications(r) < 0 ||
        outputs_load_nodes(r) < 0 ||
        slice_resolve(r))
        goto done;
    out->is_sweep = r->is_sweep;
    if (!r->is_sweep && opt && opt->n_columns) {
        snprintf(err, errlen, "%s holds a run: --metric draws a sweep's "
                              "response curves; expected the directory of "
                              "`jitsim sweep -o DIR`",
                 dir);
        goto done;
    }
    rc = REPORT_FAILED;
    if (mkdir(r->charts_dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "%s: cannot create the charts directory (%s)",
                 r->charts_dir, strerror(errno));
        goto done;
    }
    int charts_rc = charts_write(r);
    if (charts_rc) {
        if (charts_rc == CHART_BAD_INPUT)
            rc = REPORT_BAD_INPUT;
        goto done;
    }
    out->n_charts = r->n_charts;
    char gnuplot[PATH_LEN];
    out->gnuplot_found = report_find_program("gnuplot", gnuplot,
                                             sizeof gnuplot) == 0;
    for (size_t i = 0; out->gnuplot_found && i < r->n_charts; i++) {
        if (gp_draw(r, gnuplot, &r->charts[i]))
            goto done;
        out->n_drawn++;
    }
    /* Before the page: a chart an earlier report drew that this one did
     * not must not stay beside the new ones. */
    clear_charts(r->charts_dir, r);
    if (html_write(r, out->gnuplot_found))
        goto done;
    rc = 0;
done:
    table_free(&r->summary);
    table_free(&r->reps);
    table_free(&r->ts);
    table_free(&r->nodes);
    free(r->num);
    free(r->at);
    free(r->present);
    free(r->param);
    free(r);
    free(meta);
    return rc;
}
