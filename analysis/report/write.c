/*
 * write.c - report_write: reads a run's or a sweep's directory (meta.json,
 * summary.csv, timeseries.csv, replications.csv), writes every chart that
 * applies (the table of charts.c), draws them with gnuplot when it is on
 * PATH and writes report.html; and frees what it read.
 *
 * Not any chart nor the page: it knows the steps and their order, and maps
 * their failures to REPORT_BAD_INPUT or REPORT_FAILED.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "analysis/report/internal.h"

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
        outputs_load_timeseries(r) < 0 || outputs_load_replications(r) < 0)
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
    if (html_write(r, out->gnuplot_found))
        goto done;
    rc = 0;
done:
    table_free(&r->summary);
    table_free(&r->reps);
    table_free(&r->ts);
    free(r->num);
    free(r->at);
    free(r->present);
    free(r->param);
    free(r);
    free(meta);
    return rc;
}
