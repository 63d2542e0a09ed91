/*
 * table.c - a CSV file read whole into memory with libcsv (cells in one
 * pool, row 0 the header), its columns found by name and its cells read
 * as numbers, each failure one line naming the file, the row and what is
 * expected.
 *
 * Not a reader of what the files mean: outputs.c knows summary.csv's,
 * timeseries.csv's and replications.csv's columns.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "analysis/report/internal.h"

static void table_field(void *s, size_t len, void *data)
{
    table *t = data;
    if (t->oom)
        return;
    if (t->pool_len + len + 1 > t->pool_cap) {
        size_t cap = t->pool_cap ? t->pool_cap : 65536;
        while (cap < t->pool_len + len + 1)
            cap *= 2;
        char *grown = realloc(t->pool, cap);
        if (!grown) {
            t->oom = 1;
            return;
        }
        t->pool = grown;
        t->pool_cap = cap;
    }
    if (t->n_cells == t->cells_cap) {
        size_t cap = t->cells_cap ? t->cells_cap * 2 : 1024;
        size_t *grown = realloc(t->off, cap * sizeof *grown);
        if (!grown) {
            t->oom = 1;
            return;
        }
        t->off = grown;
        t->cells_cap = cap;
    }
    t->off[t->n_cells++] = t->pool_len;
    if (len && s)
        memcpy(t->pool + t->pool_len, s, len);
    t->pool_len += len;
    t->pool[t->pool_len++] = '\0';
    t->cur++;
}

static void table_row(int c, void *data)
{
    (void)c;
    table *t = data;
    if (t->oom)
        return;
    if (t->rows == 0) {
        t->cols = t->cur;
    } else if (t->cur != t->cols) {
        if (!t->bad_row) {
            t->bad_row = t->rows;
            t->bad_fields = t->cur;
        }
        t->n_cells -= t->cur; /* keep the cells aligned on rows */
        t->cur = 0;
        return;
    }
    t->rows++;
    t->cur = 0;
}

void table_free(table *t)
{
    free(t->pool);
    free(t->off);
    memset(t, 0, sizeof *t);
}

int table_column(const table *t, const char *name)
{
    for (size_t c = 0; c < t->cols; c++)
        if (strcmp(tcell(t, 0, c), name) == 0)
            return (int)c;
    return -1;
}

/* Reads dir/name. 1 read, 0 absent (optional files), -1 with a message. */
int table_read(const char *dir, const char *name, int required, table *t,
               char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    snprintf(t->path, sizeof t->path, "%s/%s", dir, name);
    FILE *f = fopen(t->path, "rb");
    if (!f) {
        if (errno == ENOENT && !required)
            return 0;
        if (errno == ENOENT)
            snprintf(err, errlen, "%s: not found; expected the output "
                                  "directory of `jitsim run -o DIR`",
                     t->path);
        else
            snprintf(err, errlen, "%s: cannot read (%s); expected a "
                                  "readable CSV file",
                     t->path, strerror(errno));
        return -1;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fclose(f);
        snprintf(err, errlen, "%s: out of memory", t->path);
        return -1;
    }
    char chunk[65536];
    size_t n;
    int bad = 0;
    while (!bad && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (csv_parse(&p, chunk, n, table_field, table_row, t) != n)
            bad = 1;
    if (!bad && csv_fini(&p, table_field, table_row, t) != 0)
        bad = 1;
    int read_error = ferror(f);
    fclose(f);
    int code = csv_error(&p);
    csv_free(&p);
    if (bad || read_error) {
        snprintf(err, errlen, "%s: %s; expected a CSV file as written by "
                              "jitsim",
                 t->path,
                 read_error ? "cannot be read" : csv_strerror(code));
        table_free(t);
        return -1;
    }
    if (t->oom) {
        snprintf(err, errlen, "%s: out of memory", t->path);
        table_free(t);
        return -1;
    }
    if (t->rows == 0) {
        snprintf(err, errlen, "%s: empty; expected a header line and rows",
                 t->path);
        table_free(t);
        return -1;
    }
    if (t->bad_row) {
        snprintf(err, errlen, "%s: row %zu has %zu fields; expected %zu, as "
                              "in the header",
                 t->path, t->bad_row + 1, t->bad_fields, t->cols);
        table_free(t);
        return -1;
    }
    return 1;
}

/* A cell as a number: empty is NaN. 0, or -1 with a message. */
int table_number(const table *t, size_t row, int col, double *out, char *err,
                 size_t errlen)
{
    const char *s = tcell(t, row, (size_t)col);
    if (!s[0]) {
        *out = NAN;
        return 0;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v)) {
        snprintf(err, errlen, "%s: row %zu, column %s: '%.40s' is not a "
                              "number; expected a number or an empty cell",
                 t->path, row + 1, tcell(t, 0, (size_t)col), s);
        return -1;
    }
    *out = v;
    return 0;
}

/* Every named column must be in the header. */
int table_need_columns(const table *t, const char *const *names, size_t n,
                       int *cols, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        cols[i] = table_column(t, names[i]);
        if (cols[i] < 0) {
            snprintf(err, errlen, "%s: no column '%s' in the header; "
                                  "expected the columns jitsim writes",
                     t->path, names[i]);
            return -1;
        }
    }
    return 0;
}
