/*
 * classroom.c - the classroom: section: what the classroom page (`jitsim
 * classroom`, docs/classroom.md) lets students change, and the metric its
 * chart follows.
 *
 *   classroom:
 *     metric: operating_cost          # optional; default: the verdict's
 *     sliders:
 *       - path: suppliers.local.order_cost   # as in --set
 *         label: Cost of one order
 *         range: [0.1, 10]
 *         step: 0.1
 *
 * Keys read: metric, sliders; in a slider: path, label, range, step. The
 * path must lead to a key of the scenario (as a sweep's), and both ends of
 * the range are tried by parsing the file again with them set, as the
 * sweep's extreme values are (a slider that the page could move onto a
 * refused value is refused here, at its entry). The file's own value at
 * the path is kept for the slider's starting position.
 *
 * Not here: the page (app/cmd_classroom.c), the runs it makes
 * (analysis/classroom.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario/internal.h"
#include "models/metrics.h"

enum { CL_METRIC, CL_SLIDERS, CL_COUNT };
static const char *const classroom_keys[CL_COUNT] = {"metric", "sliders"};

enum { SL_PATH, SL_LABEL, SL_RANGE, SL_STEP, SL_COUNT };
static const char *const slider_keys[SL_COUNT] = {"path", "label", "range",
                                                  "step"};

/* The number a compact distribution's text gives parameter `key`
 * ("gamma(mean=2, cv=0.25)", "mean" -> 2), or NaN. */
static double compact_param(const char *text, const char *key)
{
    size_t klen = strlen(key);
    for (const char *p = strchr(text, '('); p && *p; p++) {
        if ((p[-1] == '(' || p[-1] == ',' || p[-1] == ' ') &&
            strncmp(p, key, klen) == 0) {
            const char *q = p + klen;
            while (*q == ' ')
                q++;
            if (*q != '=')
                continue;
            char *end;
            double x = strtod(q + 1, &end);
            return end == q + 1 ? NAN : x;
        }
    }
    return NAN;
}

/* The value the file holds at a path found by scn_path_find, as a number;
 * NaN when there is none or it is not a number. */
static double value_at(const path_target *t)
{
    if (t->create || !t->holder)
        return NAN;
    const ynode *v = t->holder->items[t->slot];
    double x;
    if (v->type != YN_SCALAR)
        return NAN;
    if (scn_node_number(v, &x))
        return x;
    if (t->param) {
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)t->last_len, t->last);
        return compact_param(v->text, key);
    }
    return NAN;
}

static void read_slider(scn *c, const ynode *v, scenario_slider *s, int *ok)
{
    const ynode *f[SL_COUNT];
    char why[512], shown[SHOWBUF];
    *ok = 0;
    if (scn_check_map(c, v, "a slider",
                      "a mapping {path: ..., label: ..., range: [lo, hi], "
                      "step: ...}"))
        return;
    scn_map_fields(c, v, "a slider", slider_keys, SL_COUNT, f);
    int good = 1;
    if (!f[SL_PATH] || !f[SL_LABEL] || !f[SL_RANGE] || !f[SL_STEP]) {
        scn_err_at(c, v,
                   "the slider lacks %s; expected path, label, range and "
                   "step",
                   !f[SL_PATH]    ? "its path"
                   : !f[SL_LABEL] ? "its label"
                   : !f[SL_RANGE] ? "its range"
                                  : "its step");
        good = 0;
    }
    if (f[SL_PATH] &&
        scn_get_string(c, f[SL_PATH], "path", sizeof s->path,
                       "a path as in --set, e.g. demand.rate", s->path) == 0) {
        size_t n = 0;
        char **comps = scn_split_path(c, s->path, strlen(s->path), &n);
        path_target t;
        scn_show(shown, sizeof shown, s->path, strlen(s->path));
        if (!comps) {
            scn_err_at(c, f[SL_PATH],
                       "slider path '%s' has an empty key; expected "
                       "KEY.KEY... (e.g. suppliers.local.order_cost)",
                       shown);
            good = 0;
        } else if (scn_path_find(c, comps, n, &t, why, sizeof why)) {
            scn_err_at(c, f[SL_PATH],
                       "slider path '%s' names no key of the scenario; %s",
                       shown, why);
            good = 0;
        } else {
            s->value = value_at(&t);
        }
    } else {
        good = 0;
    }
    if (f[SL_LABEL] &&
        (scn_get_string(c, f[SL_LABEL], "label", sizeof s->label,
                        "a short text the page shows", s->label) ||
         (!s->label[0] && (scn_err_at(c, f[SL_LABEL],
                                      "label is empty; expected a short "
                                      "text the page shows"),
                           1))))
        good = 0;
    if (f[SL_RANGE]) {
        double *r = NULL;
        size_t nr = 0;
        if (scn_get_numbers(c, f[SL_RANGE], "range", &r, &nr)) {
            good = 0;
        } else if (nr != 2 || !(r[0] < r[1])) {
            scn_err_at(c, f[SL_RANGE],
                       "range holds %zu number%s%s; expected [lo, hi] with "
                       "lo < hi",
                       nr, nr == 1 ? "" : "s",
                       nr == 2 ? " and the first is not below the second"
                               : "");
            good = 0;
        } else {
            s->min = r[0];
            s->max = r[1];
        }
        free(r);
    }
    if (f[SL_STEP] &&
        scn_get_num(c, f[SL_STEP], "step", R_POS,
                    "a number > 0 (the slider's smallest move)", &s->step))
        good = 0;
    else if (good && s->step > s->max - s->min) {
        scn_err_at(c, f[SL_STEP],
                   "step %g is wider than the range [%g, %g]; expected at "
                   "most %g",
                   s->step, s->min, s->max, s->max - s->min);
        good = 0;
    }
    *ok = good;
}

void scn_check_classroom(scn *c, const ynode *v)
{
    const ynode *f[CL_COUNT];
    scenario *sc = &c->out;
    if (!v)
        return;
    if (scn_check_map(c, v, "classroom",
                      "a mapping {metric: ..., sliders: [...]}"))
        return;
    scn_map_fields(c, v, "classroom", classroom_keys, CL_COUNT, f);
    if (f[CL_METRIC]) {
        const char *names[METRIC_COUNT];
        for (int m = 0; m < METRIC_COUNT; m++)
            names[m] = metric_name((metric)m);
        int m = 0;
        if (scn_get_choice(c, f[CL_METRIC], "metric", names, METRIC_COUNT,
                           &m) == 0)
            snprintf(sc->classroom_metric, sizeof sc->classroom_metric, "%s",
                     names[m]);
    }
    const ynode *list = f[CL_SLIDERS];
    if (!list ||
        scn_check_list(c, list, "sliders",
                       "a list of sliders [{path: ..., label: ..., range: "
                       "[lo, hi], step: ...}]"))
        return;
    if (list->n > SCENARIO_SLIDERS_MAX) {
        scn_err_at(c, list, "%zu sliders; expected at most %d", list->n,
                   SCENARIO_SLIDERS_MAX);
        return;
    }
    for (size_t i = 0; i < list->n; i++) {
        scenario_slider *s = &sc->sliders[sc->n_sliders];
        memset(s, 0, sizeof *s);
        s->value = NAN;
        int ok = 0;
        read_slider(c, list->items[i], s, &ok);
        for (size_t j = 0; ok && j < sc->n_sliders; j++)
            if (strcmp(sc->sliders[j].path, s->path) == 0) {
                scn_err_at(c, list->items[i],
                           "slider path '%s' is given twice; expected each "
                           "path once",
                           s->path);
                ok = 0;
            }
        if (ok)
            sc->n_sliders++;
    }
}

/* Both ends of each slider, tried by parsing the file again with the
 * value set (only when the file is otherwise valid, and not from a parse
 * that is itself such a try). */
void scn_validate_sliders(scn *c)
{
    if (c->inner || c->errs.seq || c->oom || !c->out.n_sliders)
        return;
    const char **list = malloc((c->n_overrides + 1) * sizeof *list);
    if (!list) {
        c->oom = 1;
        return;
    }
    for (size_t i = 0; i < c->n_overrides; i++)
        list[i] = c->overrides[i];
    const ynode *sliders = scn_map_get(scn_map_get(c->root, "classroom"),
                                       "sliders");
    for (size_t k = 0; k < c->out.n_sliders; k++) {
        const scenario_slider *s = &c->out.sliders[k];
        for (int end = 0; end < 2; end++) {
            double value = end ? s->max : s->min;
            char *set = scn_format("%s=%.15g", s->path, value);
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
            const char *why = e.n ? e.lines[0] : "it is refused";
            size_t plen = strlen(s->path);
            if (strncmp(why, "--set ", 6) == 0 &&
                strncmp(why + 6, s->path, plen) == 0 &&
                strncmp(why + 6 + plen, ": ", 2) == 0)
                why += 8 + plen;
            /* At the slider's entry (its range key when it has one). */
            const ynode *at = sliders && k < sliders->n ? sliders->items[k]
                                                        : c->root;
            const ynode *range_key = scn_map_get(at, "range");
            scn_err_at(c, range_key ? range_key : at,
                       "slider %s at %g: %s", s->path, value, why);
            scenario_errors_free(&e);
            break;
        }
    }
    free(list);
}
