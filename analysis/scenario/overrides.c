/*
 * overrides.c - the --set overrides and the paths of a sweep:
 * "demand.rate=40", "suppliers.local.lead_time.mean=3",
 * "policies.JIT.cards=5". A path is found in the tree (scn_path_find),
 * entries of a list by name or index, and the value replaces the node, is
 * added as a new key, or rewrites one parameter of a compact distribution
 * string. The tree is then checked as if the file said so.
 *
 * Not here: checking the values (the section files do, on the changed
 * tree), the sweep block itself (sweep.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario/internal.h"

static ynode *new_scalar(scn *c, const char *text, size_t len, int plain,
                         const char *origin)
{
    ynode *n = scn_arena_alloc(&c->mem, sizeof *n);
    char *t = scn_arena_strndup(&c->mem, text, len);
    if (!n || !t) {
        c->oom = 1;
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->type = YN_SCALAR;
    n->plain = (unsigned char)plain;
    n->text = t;
    n->len = len;
    n->origin = origin;
    return n;
}

/* Whether a list is the scenario's disruptions (looked up each time: an
 * override may have replaced it). */
static int is_disruption_list(const scn *c, const ynode *list)
{
    return list == scn_map_get(c->root, "disruptions");
}

/* The name an entry of a list goes by in paths: its `name`, or for a
 * disruption without one, its default name. */
static int entry_named(const scn *c, const ynode *list, size_t i,
                       const char *name, size_t len)
{
    const ynode *e = list->items[i];
    const ynode *n = scn_map_get(e, "name");
    if (n)
        return n->type == YN_SCALAR && n->len == len &&
               memcmp(n->text, name, len) == 0;
    if (e->type == YN_MAP && is_disruption_list(c, list)) {
        char def[64];
        snprintf(def, sizeof def, "disruption%zu", i);
        return strlen(def) == len && memcmp(def, name, len) == 0;
    }
    return 0;
}

/* The keys whose values are distributions: only below them does a path
 * reach into a compact string or a constant. */
static int is_dist_key(const char *k)
{
    static const char *const keys[] = {"lead_time", "process_time", "size",
                                        "quantity", "every", "duration",
                                        "setup_time", "mtbf", "mttr"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(k, keys[i]) == 0)
            return 1;
    return 0;
}

/* The keys of a stage that may hold one distribution per product (or per
 * pair of products): stages.cut.process_time.A.mean reaches into A's. */
static int is_per_product_key(const char *k)
{
    return strcmp(k, "process_time") == 0 || strcmp(k, "setup_time") == 0;
}

/* "did you mean 'X'?" or "expected one of ..." for a path component that
 * matches nothing in `holder`. */
static void path_expected(const scn *c, const ynode *holder, const char *k,
                          size_t len, char *why, size_t size)
{
    const char *words[SCN_LIST_MAX + 1];
    size_t n = 0;
    char def[SCN_LIST_MAX][32];
    if (holder->type == YN_MAP) {
        for (size_t i = 0; i + 1 < holder->n && n < SCN_LIST_MAX; i += 2)
            if (holder->items[i]->type == YN_SCALAR)
                words[n++] = holder->items[i]->text;
    } else if (holder->type == YN_SEQ) {
        for (size_t i = 0; i < holder->n && n < SCN_LIST_MAX; i++) {
            const ynode *name = scn_map_get(holder->items[i], "name");
            if (name && name->type == YN_SCALAR) {
                words[n++] = name->text;
            } else if (is_disruption_list(c, holder)) {
                snprintf(def[n], sizeof def[n], "disruption%zu", i);
                words[n] = def[n];
                n++;
            }
        }
    }
    const char *s = scn_suggest(k, len, words, n);
    if (s) {
        snprintf(why, size, "did you mean '%s'?", s);
        return;
    }
    char list[512];
    scn_join(list, sizeof list, words, n);
    if (holder->type == YN_SEQ)
        snprintf(why, size, "expected an entry name%s%s%s or an index below "
                            "%zu",
                 n ? " (" : "", list, n ? ")" : "", holder->n);
    else if (holder->type == YN_MAP && n)
        snprintf(why, size, "expected one of %s", list);
    else
        snprintf(why, size, "expected a path to a value of the scenario");
}

/* Finds where a path leads. comps[i] are NUL-terminated components. */
int scn_path_find(scn *c, char *const *comps, size_t n, path_target *t,
                  char *why, size_t size)
{
    ynode *cur = c->root, *holder = NULL;
    size_t slot = 0;
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < n; i++) {
        const char *k = comps[i];
        size_t len = strlen(k);
        int last = i + 1 == n;
        if (cur->type == YN_MAP) {
            size_t j = 0;
            while (j + 1 < cur->n && !scn_node_is(cur->items[j], k))
                j += 2;
            if (j + 1 >= cur->n) {
                if (last) {
                    t->holder = cur;
                    t->create = 1;
                    t->last = k;
                    t->last_len = len;
                    return 0;
                }
                path_expected(c, cur, k, len, why, size);
                return -1;
            }
            holder = cur;
            slot = j + 1;
        } else if (cur->type == YN_SEQ) {
            size_t j = 0, index = 0;
            int numeric = len > 0 && len < 10;
            for (size_t q = 0; numeric && q < len; q++)
                numeric = scn_is_digit((unsigned char)k[q]);
            if (numeric) {
                index = (size_t)strtoul(k, NULL, 10);
                j = index < cur->n ? index : cur->n;
            } else {
                while (j < cur->n && !entry_named(c, cur, j, k, len))
                    j++;
            }
            if (j >= cur->n) {
                path_expected(c, cur, k, len, why, size);
                return -1;
            }
            holder = cur;
            slot = j;
        } else {
            /* A scalar: only a distribution's parameter lies below it. */
            double x;
            int number = scn_node_number(cur, &x);
            int compact = !number && memchr(cur->text, '(', cur->len) != NULL;
            int dist_valued = is_dist_key(comps[i - 1]) ||
                              (i >= 2 && is_per_product_key(comps[i - 2]));
            if (last && scn_is_dist_param(k, len) && dist_valued &&
                (compact || (number && (strcmp(k, "mean") == 0 ||
                                        strcmp(k, "value") == 0)))) {
                t->holder = holder;
                t->slot = slot;
                t->param = 1;
                t->last = k;
                t->last_len = len;
                return 0;
            }
            snprintf(why, size, "expected a path to a value (%s is a single "
                                "value%s)",
                     comps[i - 1],
                     number ? "; only .mean sets a constant distribution" : "");
            return -1;
        }
        cur = holder->items[slot];
    }
    t->holder = holder;
    t->slot = slot;
    return 0;
}

/* Rewrites KEY=VALUE inside "name(k=v, ...)", or appends it; a constant
 * (a bare number) takes the new number as a whole. */
static ynode *rewrite_param(scn *c, const ynode *old, const char *key,
                            const ynode *value, const char *origin)
{
    double x;
    if (scn_node_number(old, &x))
        return new_scalar(c, value->text, value->len, value->plain, origin);
    const char *s = old->text;
    const char *open = memchr(s, '(', old->len);
    const char *close = NULL;
    if (!open)
        return NULL;
    for (const char *p = s + old->len; p > open; p--)
        if (p[-1] == ')') {
            close = p - 1;
            break;
        }
    if (!open || !close)
        return NULL;
    size_t klen = strlen(key);
    const char *vstart = NULL, *vend = NULL;
    for (const char *p = open + 1; p < close;) {
        const char *end = p;
        while (end < close && *end != ',')
            end++;
        const char *a = p, *eq = memchr(p, '=', (size_t)(end - p));
        while (a < end && *a == ' ')
            a++;
        if (eq) {
            const char *ke = eq;
            while (ke > a && ke[-1] == ' ')
                ke--;
            if ((size_t)(ke - a) == klen && memcmp(a, key, klen) == 0) {
                vstart = eq + 1;
                vend = end;
                break;
            }
        }
        p = end < close ? end + 1 : close;
    }
    size_t cap = old->len + value->len + klen + 8;
    char *buf = malloc(cap);
    if (!buf) {
        c->oom = 1;
        return NULL;
    }
    size_t used;
    if (vstart) {
        size_t head = (size_t)(vstart - s);
        memcpy(buf, s, head);
        used = head;
        memcpy(buf + used, value->text, value->len);
        used += value->len;
        size_t tail = old->len - (size_t)(vend - s);
        memcpy(buf + used, vend, tail);
        used += tail;
    } else {
        int empty = 1;
        for (const char *p = open + 1; p < close; p++)
            if (*p != ' ')
                empty = 0;
        size_t head = (size_t)(close - s);
        memcpy(buf, s, head);
        used = head;
        used += (size_t)snprintf(buf + used, cap - used, "%s%s=",
                                 empty ? "" : ", ", key);
        memcpy(buf + used, value->text, value->len);
        used += value->len;
        size_t tail = old->len - head;
        memcpy(buf + used, close, tail);
        used += tail;
    }
    ynode *n = new_scalar(c, buf, used, 0, origin);
    free(buf);
    return n;
}

/* The value of an override: flow collections and quoted strings are read
 * as YAML; anything else is taken verbatim as a plain scalar, so that
 * "gamma(mean=2, cv=0.3)" or "Kanban: the basics" need no quoting. */
static ynode *override_value(scn *c, const char *label, const char *text)
{
    size_t len = strlen(text);
    if (text[0] == '[' || text[0] == '{' || text[0] == '"' ||
        text[0] == '\'') {
        builder b;
        ynode *root = NULL;
        char why[400];
        int line, col;
        size_t nodes = c->nodes;
        if (scn_precheck(text, len, &line, &col, why, sizeof why)) {
            scn_err_cmd(c, "--set %s: %s", label, why);
            return NULL;
        }
        int rc = scn_build_tree(c, text, len, label, &b, &root);
        c->nodes = nodes; /* overrides do not count against the file */
        if (rc != 0) {
            scn_err_cmd(c, "--set %s: %s (in the value)", label, b.err);
            return NULL;
        }
        if (!root)
            return new_scalar(c, "", 0, 1, label);
        return root;
    }
    return new_scalar(c, text, len, 1, label);
}

static int append_pair(scn *c, ynode *map, ynode *key, ynode *value)
{
    ynode **items = scn_arena_alloc(&c->mem, (map->n + 2) * sizeof *items);
    if (!items) {
        c->oom = 1;
        return -1;
    }
    if (map->n)
        memcpy(items, map->items, map->n * sizeof *items);
    items[map->n] = key;
    items[map->n + 1] = value;
    map->items = items;
    map->n += 2;
    return 0;
}

/* Splits a path on dots into arena strings; NULL if a component is empty. */
char **scn_split_path(scn *c, const char *path, size_t len, size_t *n)
{
    size_t count = 1;
    for (size_t i = 0; i < len; i++)
        count += path[i] == '.';
    char **comps = scn_arena_alloc(&c->mem, count * sizeof *comps);
    if (!comps) {
        c->oom = 1;
        return NULL;
    }
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= len; i++)
        if (i == len || path[i] == '.') {
            if (i == start)
                return NULL;
            comps[k++] = scn_arena_strndup(&c->mem, path + start, i - start);
            if (!comps[k - 1]) {
                c->oom = 1;
                return NULL;
            }
            start = i + 1;
        }
    *n = count;
    return comps;
}

void scn_apply_override(scn *c, const char *spec)
{
    char shown[SHOWBUF], why[600];
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec) {
        scn_err_cmd(c, "--set %s: no PATH=; expected PATH=VALUE (e.g. "
                       "demand.rate=40)",
                    scn_show(shown, sizeof shown, spec, strlen(spec)));
        return;
    }
    size_t plen = (size_t)(eq - spec), n = 0;
    char *label = scn_arena_strndup(&c->mem, spec, plen);
    if (!label) {
        c->oom = 1;
        return;
    }
    char **comps = scn_split_path(c, spec, plen, &n);
    if (!comps) {
        scn_err_cmd(c, "--set %s: empty key in the path; expected KEY.KEY... "
                       "(e.g. suppliers.local.lead_time)",
                    scn_show(shown, sizeof shown, label, plen));
        return;
    }
    path_target t;
    if (scn_path_find(c, comps, n, &t, why, sizeof why)) {
        scn_err_cmd(c, "--set %s: no such key; %s",
                    scn_show(shown, sizeof shown, label, plen), why);
        return;
    }
    ynode *value = override_value(c, label, eq + 1);
    if (!value)
        return;
    if (t.param) {
        if (value->type != YN_SCALAR) {
            scn_err_cmd(c,
                        "--set %s: a distribution parameter takes a number; "
                        "expected PATH=NUMBER",
                        scn_show(shown, sizeof shown, label, plen));
            return;
        }
        const ynode *old = t.holder->items[t.slot];
        ynode *n2 = rewrite_param(c, old, t.last, value, label);
        if (n2)
            t.holder->items[t.slot] = n2;
        else if (!c->oom)
            scn_err_cmd(
                c,
                "--set %s: '%s' is not written NAME(KEY=VALUE, ...); "
                "expected a distribution such as gamma(mean=2, cv=0.5)",
                scn_show(shown, sizeof shown, label, plen),
                scn_show(why, SHOWBUF, old->text, old->len));
    } else if (t.create) {
        ynode *key = new_scalar(c, t.last, t.last_len, 1, label);
        if (key)
            append_pair(c, t.holder, key, value);
    } else {
        t.holder->items[t.slot] = value;
    }
}
