/*
 * sweep_axes.c - the sweep: section: the paths to vary and their values, as a
 * list or a range; and the check that each path's extreme values are
 * accepted, by parsing the file again with them set.
 *
 * Keys read: a path per axis (as in --set), and in a range: from, to,
 * step, count, scale (linear, log). A list holding a value that is not a
 * number is an axis of names (a categorical axis: suppliers, choices,
 * booleans), each name applied as the text of the path's key.
 *
 * Not here: finding a path (overrides.c), running the points (the runner
 * applies each point as --set overrides, analysis/sweep.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario/internal.h"

/* ---- an axis -------------------------------------------------------------- */

void sweep_axis_free(sweep_axis *a)
{
    if (a->labels)
        for (size_t i = 0; i < a->n_values; i++)
            free(a->labels[i]);
    free(a->labels);
    free(a->values);
    a->labels = NULL;
    a->values = NULL;
    a->n_values = 0;
}

int sweep_axis_copy(sweep_axis *dst, const sweep_axis *src)
{
    memcpy(dst->path, src->path, sizeof dst->path);
    dst->n_values = src->n_values;
    dst->labels = NULL;
    dst->values = malloc((src->n_values ? src->n_values : 1) *
                         sizeof *dst->values);
    if (!dst->values) {
        dst->n_values = 0;
        return -1;
    }
    memcpy(dst->values, src->values, src->n_values * sizeof *dst->values);
    if (!src->labels)
        return 0;
    dst->labels = calloc(src->n_values, sizeof *dst->labels);
    for (size_t i = 0; dst->labels && i < src->n_values; i++) {
        dst->labels[i] = strdup(src->labels[i]);
        if (!dst->labels[i]) {
            sweep_axis_free(dst);
            return -1;
        }
    }
    if (!dst->labels) {
        sweep_axis_free(dst);
        return -1;
    }
    return 0;
}

char *sweep_axis_override(const sweep_axis *a, size_t i)
{
    if (!a->labels)
        return scn_format("%s=%.17g", a->path, a->values[i]);
    const char *t = a->labels[i];
    if (t[0] != '[' && t[0] != '{' && t[0] != '"' && t[0] != '\'')
        return scn_format("%s=%s", a->path, t);
    /* Read as YAML: a double-quoted scalar says the name exactly. */
    size_t n = strlen(a->path) + 2 * strlen(t) + 4;
    char *out = malloc(n);
    if (!out)
        return NULL;
    size_t k = (size_t)snprintf(out, n, "%s=\"", a->path);
    for (; *t; t++) {
        if (*t == '"' || *t == '\\')
            out[k++] = '\\';
        out[k++] = *t;
    }
    out[k++] = '"';
    out[k] = '\0';
    return out;
}

void sweep_axis_cell(const sweep_axis *a, size_t i, char *buf, size_t len)
{
    if (!a->labels) {
        snprintf(buf, len, "%.10g", a->values[i]);
        return;
    }
    size_t k = 0;
    if (len < 3) {
        if (len)
            buf[0] = '\0';
        return;
    }
    buf[k++] = '"';
    for (const char *t = a->labels[i]; *t && k + 3 < len; t++) {
        if (*t == '"')
            buf[k++] = '"';
        buf[k++] = *t;
    }
    buf[k++] = '"';
    buf[k] = '\0';
}

/* ---- the sweep: section ------------------------------------------------ */

/* A list with a value that is not a number: an axis of names, each
 * given once. 0, or -1 after reporting. */
static int sweep_names(scn *c, const ynode *v, const char *path,
                       sweep_axis *axis)
{
    char shown[SHOWBUF];
    char **labels = calloc(v->n, sizeof *labels);
    double *values = malloc(v->n * sizeof *values);
    int bad = !labels || !values;
    if (bad)
        c->oom = 1;
    for (size_t i = 0; !bad && i < v->n; i++) {
        const ynode *e = v->items[i];
        if (e->type != YN_SCALAR || scn_node_is_null(e) || e->len == 0 ||
            e->len > SWEEP_NAME_MAX || memchr(e->text, '\0', e->len)) {
            char buf[SHOWBUF + 8];
            scn_err_at(c, e, "sweep %s: a value is %s; expected a number "
                             "or a name of at most %d characters",
                       path, scn_describe(e, buf, sizeof buf),
                       SWEEP_NAME_MAX);
            bad = 1;
            break;
        }
        for (size_t j = 0; j < i; j++)
            if (strlen(labels[j]) == e->len &&
                memcmp(labels[j], e->text, e->len) == 0) {
                scn_err_at(c, e, "sweep %s: '%s' is given twice; expected "
                                 "each value once",
                           path, scn_show(shown, sizeof shown, e->text,
                                          e->len));
                bad = 1;
            }
        if (bad)
            break;
        labels[i] = strndup(e->text, e->len);
        values[i] = (double)i;
        if (!labels[i]) {
            c->oom = 1;
            bad = 1;
        }
    }
    if (bad) {
        for (size_t i = 0; labels && i < v->n; i++)
            free(labels[i]);
        free(labels);
        free(values);
        return -1;
    }
    axis->labels = labels;
    axis->values = values;
    axis->n_values = v->n;
    return 0;
}

static const char *const range_keys[] = {"from", "to", "step", "count",
                                         "scale"};
static const char *const scale_names[] = {"linear", "log"};

static int sweep_values(scn *c, const ynode *v, const char *path,
                        sweep_axis *axis)
{
    const char *expect = "a list of numbers or names, {from, to, step} or "
                         "{from, to, count, scale: log}";
    double *values = NULL;
    size_t n = 0;
    if (v->type == YN_SEQ) {
        if (v->n == 0) {
            scn_err_at(c, v, "sweep %s is empty; expected %s", path, expect);
            return -1;
        }
        if (v->n > SCN_SWEEP_MAX) {
            scn_err_at(c, v, "sweep %s has %zu values; expected at most %d",
                       path, v->n, SCN_SWEEP_MAX);
            return -1;
        }
        /* Any value that is not a number makes it an axis of names. */
        for (size_t i = 0; i < v->n; i++) {
            double x;
            if (v->items[i]->type != YN_SCALAR ||
                !scn_node_number(v->items[i], &x))
                return sweep_names(c, v, path, axis);
        }
        if (scn_get_numbers(c, v, path, &values, &n))
            return -1;
    } else if (v->type == YN_MAP) {
        const ynode *g[5];
        double from = 0, to = 0, step = 0, count = 0;
        int scale = 0;
        size_t before = c->errs.seq;
        scn_map_fields(c, v, "a sweep range", range_keys, 5, g);
        if (!g[0] || !g[1])
            scn_err_at(c, v, "the sweep range of %s has no %s; expected %s",
                       path, !g[0] ? "from" : "to", expect);
        scn_get_num(c, g[0], "from", R_ANY, "a number", &from);
        scn_get_num(c, g[1], "to", R_ANY, "a number", &to);
        if (g[2] && g[3])
            scn_err_at(c, scn_after(g[2], g[3]) ? g[2] : g[3],
                       "step and count are both given; expected one of them");
        else if (!g[2] && !g[3])
            scn_err_at(c, v,
                       "the sweep range of %s has neither step nor count; "
                       "expected %s",
                       path, expect);
        scn_get_num(c, g[2], "step", R_POS, "a step > 0", &step);
        scn_get_num(c, g[3], "count", (range){2.0, SCN_SWEEP_MAX, 0, 0, 1},
                    "a whole number of values >= 2", &count);
        scn_get_choice(c, g[4], "scale", scale_names, 2, &scale);
        if (c->errs.seq != before)
            return -1;
        if (to < from) {
            scn_err_at(c, g[1],
                       "to (%g) is below from (%g); expected from <= to", to,
                       from);
            return -1;
        }
        if (g[2]) {
            if (scale == 1) {
                scn_err_at(c, g[4],
                           "scale: log goes with count; expected {from, "
                           "to, count, scale: log}");
                return -1;
            }
            double span = (to - from) / step;
            if (!(span + 1.0 <= SCN_SWEEP_MAX)) {
                char shown_n[40];
                scn_err_at(c, g[2],
                           "the step gives %s values; expected at most "
                           "%d",
                           scn_count(shown_n, sizeof shown_n,
                                     floor(span + 1e-9) + 1.0),
                           SCN_SWEEP_MAX);
                return -1;
            }
            n = (size_t)floor(span + 1e-9) + 1;
        } else {
            n = (size_t)count;
            if (scale == 1 && !(from > 0.0)) {
                scn_err_at(c, g[0], "from must be > 0 on a log scale, got %g; "
                                    "expected a number > 0",
                           from);
                return -1;
            }
        }
        values = malloc(n * sizeof *values);
        if (!values) {
            c->oom = 1;
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            if (g[2])
                values[i] = from + (double)i * step;
            else if (scale == 1)
                values[i] = from * pow(to / from, (double)i / (double)(n - 1));
            else
                values[i] = from + (to - from) * (double)i / (double)(n - 1);
        }
        /* Exactly on `to` when the range reaches it but for rounding
         * (0.1 to 0.7 by 0.1 ends on 0.7, not 0.7000000000000001). */
        if (!g[2] || fabs(values[n - 1] - to) <= 1e-9 * step)
            values[n - 1] = to;
    } else {
        scn_type_error(c, v, path, "a list or a range", expect);
        return -1;
    }
    axis->values = values;
    axis->n_values = n;
    return 0;
}

void scn_check_sweep(scn *c, const ynode *v)
{
    char shown[SHOWBUF], why[600];
    if (!v)
        return;
    if (scn_check_map(c, v, "sweep", "a mapping of paths to values "
                                     "(demand.rate: [20, 40, 80])"))
        return;
    if (v->n / 2 > SCN_AXES_MAX) {
        scn_err_at(c, v, "%zu sweep axes; expected at most %d", v->n / 2,
                   SCN_AXES_MAX);
        return;
    }
    c->out.axes = calloc(v->n / 2 + 1, sizeof *c->out.axes);
    c->axis_keys = calloc(v->n / 2 + 1, sizeof *c->axis_keys);
    if (!c->out.axes || !c->axis_keys) {
        c->oom = 1;
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const ynode *key = v->items[i], *val = v->items[i + 1];
        char buf[SHOWBUF + 8];
        sweep_axis *axis = &c->out.axes[c->out.n_axes];
        if (key->type != YN_SCALAR || memchr(key->text, '\0', key->len) ||
            key->len >= sizeof axis->path) {
            scn_err_at(c, key, "a sweep key is %s; expected a path such as "
                               "demand.rate",
                       scn_describe(key, buf, sizeof buf));
            continue;
        }
        scn_show(shown, sizeof shown, key->text, key->len);
        size_t n = 0;
        char **comps = scn_split_path(c, key->text, key->len, &n);
        path_target t;
        if (!comps) {
            scn_err_at(c, key,
                       "sweep path '%s' has an empty key; expected "
                       "KEY.KEY... (e.g. suppliers.local.lead_time.mean)",
                       shown);
            continue;
        }
        if (scn_path_find(c, comps, n, &t, why, sizeof why)) {
            scn_err_at(c, key,
                       "sweep path '%s' names no key of the scenario; %s",
                       shown, why);
            continue;
        }
        int dup = 0;
        for (size_t j = 0; j < c->out.n_axes; j++)
            if (strcmp(c->out.axes[j].path, key->text) == 0)
                dup = 1;
        if (dup) {
            scn_err_at(c, key, "sweep path '%s' is given twice; expected each "
                               "path once",
                       shown);
            continue;
        }
        memcpy(axis->path, key->text, key->len + 1);
        c->axis_keys[c->out.n_axes] = key;
        if (sweep_values(c, val, axis->path, axis) == 0)
            c->out.n_axes++;
    }
}

/* ---- its extreme values, tried --------------------------------------- */

/* A sweep path may create a key (as --set does), so only applying a value
 * shows a typo ("demand.rte") or a value out of bounds. The file is parsed
 * again with the smallest and the largest value of each axis set, which
 * is cheap for a scenario and done only when the file is otherwise valid.
 */
void scn_validate_axes(scn *c)
{
    if (c->inner || c->errs.seq || c->oom)
        return;
    const char **list = malloc((c->n_overrides + 1) * sizeof *list);
    if (!list) {
        c->oom = 1;
        return;
    }
    for (size_t i = 0; i < c->n_overrides; i++)
        list[i] = c->overrides[i];
    for (size_t a = 0; a < c->out.n_axes; a++) {
        const sweep_axis *axis = &c->out.axes[a];
        double lo = axis->values[0], hi = axis->values[0];
        for (size_t i = 1; i < axis->n_values; i++) {
            lo = fmin(lo, axis->values[i]);
            hi = fmax(hi, axis->values[i]);
        }
        /* Numbers: the smallest and the largest; names: every one. */
        size_t tries = axis->labels ? axis->n_values : 2;
        for (size_t k = 0; k < tries; k++) {
            double value = k ? hi : lo;
            if (!axis->labels && k && hi == lo)
                break;
            char *set = axis->labels ? sweep_axis_override(axis, k)
                                     : scn_format("%s=%.15g", axis->path,
                                                  value);
            if (!set) {
                c->oom = 1;
                break;
            }
            list[c->n_overrides] = set;
            scenario tmp;
            scenario_errors e;
            scenario_errors_init(&e);
            int rc = scn_parse_text(c->text, c->len, c->source, list,
                                    c->n_overrides + 1, 1, &tmp, &e);
            free(set);
            if (rc == 0) {
                scenario_free(&tmp);
                continue;
            }
            /* The first problem, without the --set prefix it got. */
            const char *why = e.n ? e.lines[0] : "it is refused";
            size_t plen = strlen(axis->path);
            if (strncmp(why, "--set ", 6) == 0 &&
                strncmp(why + 6, axis->path, plen) == 0 &&
                strncmp(why + 6 + plen, ": ", 2) == 0)
                why += 8 + plen;
            if (axis->labels)
                scn_err_at(c, c->axis_keys[a], "sweep value '%s' of %s: %s",
                           axis->labels[k], axis->path, why);
            else
                scn_err_at(c, c->axis_keys[a], "sweep value %g of %s: %s",
                           value, axis->path, why);
            scenario_errors_free(&e);
            break;
        }
    }
    free(list);
}
