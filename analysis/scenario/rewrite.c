/*
 * rewrite.c - writing values into a scenario's own text
 * (scenario_rewrite): `jitsim optimize -o OUT.yaml` writes the setting it
 * found into a copy of the scenario that runs as is.
 *
 * Each "PATH=VALUE" is found in the tree as --set finds it
 * (scn_path_find), and then changed in the text, not in the tree: a value
 * the file holds is replaced where it stands, a key the file lacks is
 * added to its mapping just before the mapping's first key, in that
 * mapping's style (a line at the same indentation in a block mapping,
 * "KEY: VALUE, " in a flow one). Everything else, comments and layout
 * included, is kept byte for byte, so the file stays the user's.
 *
 * Not here: the meaning of the values. The caller parses the result to
 * check that it says what was meant (optimize.c does). Only plain values
 * on one line are replaced: a value that is a mapping or a list, a
 * parameter inside a compact distribution string, a value reached through
 * an alias, or a multi-line scalar is refused with a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario/internal.h"

typedef struct edit {
    size_t pos, del;  /* replace text[pos, pos + del) */
    char *ins;        /* by this (owned) */
    size_t order;     /* the set's index: ties keep the sets' order */
} edit;

static int fail(char *err, size_t errlen, const char *path, const char *why)
{
    snprintf(err, errlen, "cannot write %s into the scenario's text: %s",
             path, why);
    return -1;
}

/* Edits at the same place go in the sets' order; applied from the end of
 * the text back, so positions stay valid. */
static int later_first(const void *a, const void *b)
{
    const edit *x = a, *y = b;
    if (x->pos != y->pos)
        return x->pos < y->pos ? 1 : -1;
    return x->order < y->order ? 1 : x->order > y->order ? -1 : 0;
}

/* The edit adding KEY: VALUE to a mapping of the file. */
static int insertion(const char *text, const ynode *map, const char *key,
                     size_t key_len, const char *value, edit *e)
{
    if (map->type != YN_MAP || map->n < 2 || map->copied || map->origin)
        return -1;
    const ynode *first = map->items[0];
    if (first->type != YN_SCALAR || first->copied || first->origin)
        return -1;
    size_t at = first->pos;
    /* libfyaml marks a quoted key inside its quotes. */
    if (first->quoted && at > 0 && (text[at - 1] == '"' ||
                                    text[at - 1] == '\''))
        at--;
    /* Flow style when what precedes the first key is '{'. */
    size_t p = at;
    while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t' ||
                     text[p - 1] == '\n' || text[p - 1] == '\r'))
        p--;
    int flow = p > 0 && text[p - 1] == '{';
    size_t line = at;
    while (line > 0 && text[line - 1] != '\n')
        line--;
    size_t indent = at - line;
    size_t n = key_len + strlen(value) + indent + 8;
    e->ins = malloc(n);
    if (!e->ins)
        return -1;
    if (flow) {
        snprintf(e->ins, n, "%.*s: %s, ", (int)key_len, key, value);
    } else {
        /* The new line starts where the first key starts: what stands
         * before it on its line ("  - ") becomes spaces. */
        int w = snprintf(e->ins, n, "%.*s: %s\n", (int)key_len, key, value);
        memset(e->ins + w, ' ', indent);
        e->ins[(size_t)w + indent] = '\0';
    }
    e->pos = at;
    e->del = 0;
    return 0;
}

int scenario_rewrite(const char *text, size_t len, const char *const *sets,
                     size_t n_sets, char **out, size_t *out_len, char *err,
                     size_t errlen)
{
    *out = NULL;
    *out_len = 0;
    scn c;
    scn_init(&c, "<rewrite>");
    builder b;
    ynode *root = NULL;
    edit *edits = calloc(n_sets + 1, sizeof *edits);
    int rc = -1;
    if (!edits) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    if (scn_build_tree(&c, text, len, NULL, &b, &root) || !root ||
        root->type != YN_MAP) {
        snprintf(err, errlen, "the scenario's text is not a YAML mapping; "
                              "expected the scenario that was run");
        goto done;
    }
    c.root = root;
    for (size_t i = 0; i < n_sets; i++) {
        const char *spec = sets[i];
        const char *eq = strchr(spec, '=');
        char path[300], why[600];
        if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof path) {
            snprintf(err, errlen, "'%s' is not PATH=VALUE; expected "
                                  "PATH=VALUE",
                     spec);
            goto done;
        }
        memcpy(path, spec, (size_t)(eq - spec));
        path[eq - spec] = '\0';
        const char *value = eq + 1;
        size_t n = 0;
        char **comps = scn_split_path(&c, spec, (size_t)(eq - spec), &n);
        path_target t;
        if (!comps || scn_path_find(&c, comps, n, &t, why, sizeof why)) {
            fail(err, errlen, path, "no such key; expected a path of --set");
            goto done;
        }
        edit *e = &edits[i];
        e->order = i;
        if (t.param) {
            fail(err, errlen, path, "it is a parameter inside a "
                                    "distribution; expected a plain value");
            goto done;
        }
        if (t.create) {
            if (insertion(text, t.holder, t.last, t.last_len, value, e)) {
                fail(err, errlen, path, "its mapping is not written in the "
                                        "file; expected a key of a "
                                        "mapping the file holds");
                goto done;
            }
            continue;
        }
        const ynode *old = t.holder->items[t.slot];
        if (old->type != YN_SCALAR || !old->exact || old->copied ||
            old->origin) {
            fail(err, errlen, path, "its value is not one plain value on "
                                    "one line of the file; expected "
                                    "KEY: VALUE");
            goto done;
        }
        size_t from = old->pos, to = old->end;
        /* A quoted value is replaced quotes and all: the new one is a
         * number. */
        if (old->quoted && from > 0 && to < len &&
            (text[from - 1] == '"' || text[from - 1] == '\'') &&
            text[to] == text[from - 1]) {
            from--;
            to++;
        }
        if (to < from || to > len) {
            fail(err, errlen, path, "its place in the file is unknown");
            goto done;
        }
        e->pos = from;
        e->del = to - from;
        e->ins = malloc(strlen(value) + 1);
        if (!e->ins) {
            snprintf(err, errlen, "out of memory");
            goto done;
        }
        strcpy(e->ins, value);
    }
    qsort(edits, n_sets, sizeof *edits, later_first);
    for (size_t i = 0; i + 1 < n_sets; i++)
        if (edits[i + 1].pos + edits[i + 1].del > edits[i].pos &&
            edits[i + 1].del > 0) {
            snprintf(err, errlen, "two values to write overlap in the "
                                  "file; expected distinct paths");
            goto done;
        }
    size_t cap = len + 1;
    for (size_t i = 0; i < n_sets; i++)
        cap += strlen(edits[i].ins);
    char *buf = malloc(cap);
    if (!buf) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    memcpy(buf, text, len);
    size_t used = len;
    for (size_t i = 0; i < n_sets; i++) {
        const edit *e = &edits[i];
        size_t ins = strlen(e->ins);
        memmove(buf + e->pos + ins, buf + e->pos + e->del,
                used - e->pos - e->del);
        memcpy(buf + e->pos, e->ins, ins);
        used = used - e->del + ins;
    }
    buf[used] = '\0';
    *out = buf;
    *out_len = used;
    rc = 0;
done:
    if (edits)
        for (size_t i = 0; i < n_sets; i++)
            free(edits[i].ins);
    free(edits);
    scn_fini(&c);
    return rc;
}
