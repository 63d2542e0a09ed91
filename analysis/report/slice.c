/*
 * slice.c - a sweep's parameters as the charts see them: parameters of
 * names (a categorical axis such as a supplier or a choice, whose cells in
 * summary.csv are quoted names) turned into their places 0, 1, 2, ...
 * with the names as tic labels; and the slice, the value each parameter is
 * held at where a chart shows fewer parameters than the sweep has
 * (`jitsim report --slice NAME=VALUE`, else the first point's value), with
 * the points of such a chart and the words that say what was held.
 *
 * Not the charts themselves (charts_sweep.c, charts_winners.c), nor
 * reading summary.csv (outputs.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/report/internal.h"

const char *param_name(const report *r, size_t k)
{
    return tcell(&r->summary, 0, (size_t)r->param_col[k]);
}

static int is_number(const char *s)
{
    if (!s[0])
        return 1; /* empty: NaN, as for any number column */
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    (void)v;
    return *end == '\0' && errno != ERANGE;
}

static int label_index(const report *r, size_t k, const char *s)
{
    for (size_t i = 0; i < r->n_labels[k]; i++)
        if (!strcmp(r->labels[k][i], s))
            return (int)i;
    return -1;
}

int slice_find_names(report *r)
{
    const table *t = &r->summary;
    for (size_t k = 0; k < r->n_params; k++) {
        size_t col = (size_t)r->param_col[k];
        for (size_t row = 1; row < t->rows && !r->categorical[k]; row++)
            if (!is_number(tcell(t, row, col)))
                r->categorical[k] = 1;
        if (!r->categorical[k])
            continue;
        /* Rows come in point order, and a sweep's first point of each of
         * an axis's values comes in the axis's order. */
        for (size_t row = 1; row < t->rows; row++) {
            const char *s = tcell(t, row, col);
            if (label_index(r, k, s) >= 0)
                continue;
            if (r->n_labels[k] == MAX_LABELS) {
                snprintf(r->err, r->errlen, "%s: column %s has more than %d "
                                            "names; expected at most %d",
                         t->path, param_name(r, k), MAX_LABELS, MAX_LABELS);
                return -1;
            }
            r->labels[k][r->n_labels[k]++] = s;
        }
    }
    return 0;
}

double slice_row_value(const report *r, size_t row, size_t k)
{
    const char *s = tcell(&r->summary, row, (size_t)r->param_col[k]);
    if (r->categorical[k])
        return (double)label_index(r, k, s);
    return s[0] ? strtod(s, NULL) : NAN;
}

void slice_label(const report *r, size_t k, double v, char *buf, size_t len)
{
    if (r->categorical[k] && v >= 0.0 && v < (double)r->n_labels[k])
        snprintf(buf, len, "%s", r->labels[k][(size_t)v]);
    else
        snprintf(buf, len, "%.6g", v);
}

void slice_cell(sbuf *d, const report *r, size_t row, size_t k)
{
    if (!row)
        sb_cell(d, "");
    else if (r->categorical[k])
        sb_printf(d, "%.0f", slice_row_value(r, row, k));
    else
        sb_cell(d, tcell(&r->summary, row, (size_t)r->param_col[k]));
}

void slice_tics(sbuf *g, const report *r, size_t k, const char *axis)
{
    if (!r->categorical[k])
        return;
    sb_printf(g, "set %stics (", axis);
    for (size_t i = 0; i < r->n_labels[k]; i++) {
        /* A tic label is a format: a % is doubled. */
        char label[2 * 256 + 1];
        size_t n = 0;
        for (const char *s = r->labels[k][i]; *s && n + 2 < sizeof label;
             s++) {
            if (*s == '%')
                label[n++] = '%';
            label[n++] = *s;
        }
        label[n] = '\0';
        sb_puts(g, i ? ", " : "");
        sb_gpstr(g, label);
        sb_printf(g, " %zu", i);
    }
    sb_printf(g, ")\nset %srange [-0.5:%zu.5]\n", axis,
              r->n_labels[k] ? r->n_labels[k] - 1 : 0);
}

/* The distinct values of parameter k, in order, into buf for a message. */
static void list_values(const report *r, size_t k, char *buf, size_t len)
{
    size_t used = 0, n = 0;
    double seen[64];
    buf[0] = '\0';
    for (size_t pt = 0; pt < r->n_points && n < 64; pt++) {
        if (!point_present(r, pt))
            continue;
        double v = r->param[pt * r->n_params + k];
        int dup = 0;
        for (size_t i = 0; i < n; i++)
            dup |= seen[i] == v;
        if (dup)
            continue;
        seen[n++] = v;
        char label[300];
        slice_label(r, k, v, label, sizeof label);
        if (used < len)
            used += (size_t)snprintf(buf + used, len - used, "%s%s",
                                     n > 1 ? ", " : "", label);
    }
}

static int find_param(const report *r, const char *name, size_t len)
{
    for (size_t k = 0; k < r->n_params; k++) {
        const char *p = param_name(r, k);
        if (strlen(p) == len && !memcmp(p, name, len))
            return (int)k;
    }
    return -1;
}

static void list_params(const report *r, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < r->n_params && used < len; k++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s",
                                 k ? ", " : "", param_name(r, k));
}

int slice_resolve(report *r)
{
    const report_options *opt = r->opt;
    char list[1024];
    r->by = -1;
    size_t first = 0;
    while (first < r->n_points && !point_present(r, first))
        first++;
    for (size_t k = 0; k < r->n_params; k++)
        r->held[k] = first < r->n_points ? r->param[first * r->n_params + k]
                                         : NAN;
    if (!opt)
        return 0;
    if (!r->is_sweep && (opt->n_slices || opt->by)) {
        snprintf(r->err, r->errlen, "%s holds a run: --%s chooses among a "
                                    "sweep's parameters; expected the "
                                    "directory of `jitsim sweep -o DIR`",
                 r->dir, opt->n_slices ? "slice" : "by");
        return -1;
    }
    for (size_t i = 0; i < opt->n_slices; i++) {
        const char *s = opt->slices[i], *eq = strchr(s, '=');
        if (!eq || eq == s) {
            snprintf(r->err, r->errlen, "--slice '%s': expected "
                                        "PARAMETER=VALUE, e.g. "
                                        "demand.rate=40",
                     s);
            return -1;
        }
        int k = find_param(r, s, (size_t)(eq - s));
        if (k < 0) {
            list_params(r, list, sizeof list);
            snprintf(r->err, r->errlen, "--slice %s: the sweep has no "
                                        "parameter '%.*s'; expected one of "
                                        "%s",
                     s, (int)(eq - s), s, list);
            return -1;
        }
        const char *value = eq + 1;
        double v = NAN;
        int found = 0;
        if (r->categorical[k]) {
            int i2 = label_index(r, (size_t)k, value);
            if (i2 >= 0) {
                v = i2;
                found = 1;
            }
        } else {
            char *end;
            double x = strtod(value, &end);
            for (size_t pt = 0; value[0] && !*end && pt < r->n_points &&
                                !found;
                 pt++) {
                double y = r->param[pt * r->n_params + (size_t)k];
                if (point_present(r, pt) &&
                    fabs(x - y) <= 1e-9 * fmax(fabs(x), fabs(y))) {
                    v = y;
                    found = 1;
                }
            }
        }
        if (!found) {
            list_values(r, (size_t)k, list, sizeof list);
            snprintf(r->err, r->errlen, "--slice %s: '%s' is not a value "
                                        "of %s in this sweep; expected one "
                                        "of %s",
                     s, value, param_name(r, (size_t)k), list);
            return -1;
        }
        r->held[k] = v;
        r->sliced[k] = 1;
    }
    if (opt->by) {
        int k = find_param(r, opt->by, strlen(opt->by));
        if (k < 0) {
            list_params(r, list, sizeof list);
            snprintf(r->err, r->errlen, "--by %s: the sweep has no "
                                        "parameter '%s'; expected one of %s",
                     opt->by, opt->by, list);
            return -1;
        }
        if (r->n_params < 2) {
            snprintf(r->err, r->errlen, "--by %s: the sweep has no other "
                                        "parameter to draw against; "
                                        "expected a sweep of two "
                                        "parameters or more",
                     opt->by);
            return -1;
        }
        r->by = k;
    }
    return 0;
}

int slice_holds(const report *r, size_t pt, const size_t *skip,
                size_t n_skip)
{
    for (size_t j = 0; j < r->n_params; j++) {
        int skipped = 0;
        for (size_t i = 0; i < n_skip; i++)
            skipped |= skip[i] == j;
        if (!skipped && !(r->param[pt * r->n_params + j] == r->held[j]))
            return 0;
    }
    return 1;
}

size_t slice_points(const report *r, size_t k, int free_axis,
                    double free_value, size_t *out)
{
    size_t skip[2] = {k, free_axis >= 0 ? (size_t)free_axis : k};
    size_t n = 0;
    for (size_t pt = 0; pt < r->n_points; pt++) {
        if (!point_present(r, pt) || !slice_holds(r, pt, skip, 2))
            continue;
        if (free_axis >= 0 &&
            !(r->param[pt * r->n_params + (size_t)free_axis] == free_value))
            continue;
        out[n++] = pt;
    }
    /* Insertion sort: axes are short. */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 &&
                           r->param[out[j] * r->n_params + k] <
                               r->param[out[j - 1] * r->n_params + k];
             j--) {
            size_t t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

void slice_words(const report *r, const size_t *shown, size_t n_shown,
                 char *buf, size_t len)
{
    size_t used = 0;
    int any = 0, chosen = 0;
    buf[0] = '\0';
    for (size_t j = 0; j < r->n_params; j++) {
        int skip = 0;
        for (size_t i = 0; i < n_shown; i++)
            skip |= shown[i] == j;
        if (skip)
            continue;
        chosen |= r->sliced[j];
        char label[300];
        slice_label(r, j, r->held[j], label, sizeof label);
        if (used < len)
            used += (size_t)snprintf(buf + used, len - used, "%s%s=%s",
                                     any ? ", " : " (other parameters held "
                                                  "at ",
                                     param_name(r, j), label);
        any = 1;
    }
    if (any && used < len)
        snprintf(buf + used, len - used, "%s)",
                 chosen ? "" : ": their first values; --slice chooses");
}

size_t slice_values(const report *r, size_t k, const size_t *skip,
                    size_t n_skip, double *out)
{
    size_t n = 0;
    for (size_t pt = 0; pt < r->n_points; pt++) {
        if (!point_present(r, pt) || !slice_holds(r, pt, skip, n_skip))
            continue;
        double v = r->param[pt * r->n_params + k];
        size_t i = 0;
        while (i < n && out[i] < v)
            i++;
        if (i < n && out[i] == v)
            continue;
        memmove(out + i + 1, out + i, (n - i) * sizeof *out);
        out[i] = v;
        n++;
    }
    return n;
}

size_t slice_place(const double *v, size_t n, double x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return i;
    return n;
}
