/*
 * emit.c - a scenario's text written anew: the whole document from its
 * tree with overrides applied (scenario_emit), and the sweep: block
 * replaced by given axes (scenario_replace_sweep). With rewrite.c's
 * scenario_rewrite they make the effective scenario a run or a sweep
 * leaves in its directory (analysis/effective.c).
 *
 * scenario_emit is the way out when scenario_rewrite cannot write an
 * override into the text where it stands (a value that is a mapping or a
 * list, a path reached through an alias or through a policy renamed by an
 * earlier override): the overrides are applied to the tree as --set
 * applies them, in order, and the tree is written in block style. The
 * file's comments and layout are lost; its meaning is not: a scalar
 * written plain stays plain (a number, auto, true), one that was quoted
 * (or is not safe unquoted) is double-quoted with escapes.
 *
 * Not here: the meaning of the values (the caller parses the result and
 * compares), writing a value in place (rewrite.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario/internal.h"

/* ---- a growable buffer --------------------------------------------------- */

typedef struct obuf {
    char *s;
    size_t n, cap;
    int oom;
} obuf;

static void put(obuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *grown = realloc(b->s, cap);
        if (!grown) {
            b->oom = 1;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void puts_(obuf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void indent(obuf *b, int n)
{
    for (int i = 0; i < n; i++)
        put(b, " ", 1);
}

/* ---- scalars ------------------------------------------------------------- */

/* Whether text reads back, unquoted in block context, as this very plain
 * scalar: conservative (what it refuses is double-quoted, which reads
 * back as the same string). */
static int plain_safe(const char *s, size_t len)
{
    if (len == 0 || s[0] == ' ' || s[len - 1] == ' ' || s[len - 1] == ':')
        return 0;
    if (strchr("?:,[]{}#&*!|>'\"%@`", s[0]))
        return 0;
    if (s[0] == '-' && (len == 1 || s[1] == ' ' || s[1] == '-'))
        return 0;
    if (len >= 3 && !memcmp(s, "...", 3))
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return 0;
        if (i + 1 < len && ((c == ':' && s[i + 1] == ' ') ||
                            (c == ' ' && s[i + 1] == '#')))
            return 0;
    }
    return 1;
}

static void put_quoted(obuf *b, const char *s, size_t len)
{
    put(b, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(b, esc, 2);
        } else if (c == '\n') {
            put(b, "\\n", 2);
        } else if (c == '\t') {
            put(b, "\\t", 2);
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(esc, sizeof esc, "\\x%02x", c);
            put(b, esc, 4);
        } else {
            put(b, (const char *)&s[i], 1);
        }
    }
    put(b, "\"", 1);
}

/* A scalar as it was meant: plain when it was plain and can be, else
 * double-quoted. A plain empty scalar (null) writes nothing. */
static void put_scalar(obuf *b, const ynode *n)
{
    if (n->plain && n->len == 0)
        return;
    if (n->plain && plain_safe(n->text, n->len))
        put(b, n->text, n->len);
    else
        put_quoted(b, n->text, n->len);
}

/* ---- the tree in block style --------------------------------------------- */

static int put_seq(obuf *b, const ynode *seq, int at);

/* A mapping's entries at column `at`; the first on the current line when
 * first_inline (an entry of a list: "- key: value"). */
static int put_map(obuf *b, const ynode *map, int at, int first_inline)
{
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const ynode *k = map->items[i], *v = map->items[i + 1];
        if (k->type != YN_SCALAR)
            return -1;
        if (i > 0 || !first_inline)
            indent(b, at);
        put_scalar(b, k);
        put(b, ":", 1);
        if (v->type == YN_SCALAR) {
            if (!(v->plain && v->len == 0))
                put(b, " ", 1);
            put_scalar(b, v);
            put(b, "\n", 1);
        } else if (v->n == 0) {
            puts_(b, v->type == YN_MAP ? " {}\n" : " []\n");
        } else {
            put(b, "\n", 1);
            if ((v->type == YN_MAP ? put_map(b, v, at + 2, 0)
                                   : put_seq(b, v, at + 2)) != 0)
                return -1;
        }
    }
    return 0;
}

static int put_seq(obuf *b, const ynode *seq, int at)
{
    for (size_t i = 0; i < seq->n; i++) {
        const ynode *v = seq->items[i];
        indent(b, at);
        put(b, "-", 1);
        if (v->type == YN_SCALAR) {
            if (!(v->plain && v->len == 0))
                put(b, " ", 1);
            put_scalar(b, v);
            put(b, "\n", 1);
        } else if (v->n == 0) {
            puts_(b, v->type == YN_MAP ? " {}\n" : " []\n");
        } else if (v->type == YN_MAP) {
            put(b, " ", 1);
            if (put_map(b, v, at + 2, 1))
                return -1;
        } else {
            put(b, "\n", 1);
            if (put_seq(b, v, at + 2))
                return -1;
        }
    }
    return 0;
}

int scenario_emit(const char *text, size_t len, const char *const *sets,
                  size_t n_sets, char **out, size_t *out_len, char *err,
                  size_t errlen)
{
    *out = NULL;
    *out_len = 0;
    scn c;
    scn_init(&c, "<emit>");
    builder bld;
    ynode *root = NULL;
    obuf b = {0};
    int rc = -1;
    if (scn_build_tree(&c, text, len, NULL, &bld, &root) || !root ||
        root->type != YN_MAP) {
        snprintf(err, errlen, "the scenario's text is not a YAML mapping; "
                              "expected the scenario that was run");
        goto done;
    }
    c.root = root;
    for (size_t i = 0; i < n_sets; i++)
        scn_apply_override(&c, sets[i]);
    if (c.oom) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    if (c.errs.n) {
        snprintf(err, errlen, "%s", c.errs.v[0].text);
        goto done;
    }
    if (put_map(&b, root, 0, 0)) {
        snprintf(err, errlen, "a key of the scenario is not a single "
                              "value; expected KEY: VALUE");
        goto done;
    }
    if (b.oom || !b.s) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    *out = b.s;
    *out_len = b.n;
    b.s = NULL;
    rc = 0;
done:
    free(b.s);
    scn_fini(&c);
    return rc;
}

/* ---- the sweep: block ---------------------------------------------------- */

/* The shortest text that reads back as x (a whole number as such). The
 * same rule as optimize_format_value, which lives a layer up. */
static void format_exact(char *buf, size_t len, double x)
{
    if (x > -1e15 && x < 1e15 && x == (double)(long long)x) {
        snprintf(buf, len, "%lld", (long long)x);
        return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, len, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

/* The end of the line holding byte `at`: the byte after its newline. */
static size_t line_after(const char *text, size_t len, size_t at)
{
    while (at < len && text[at] != '\n')
        at++;
    return at < len ? at + 1 : len;
}

int scenario_replace_sweep(const char *text, size_t len,
                           const sweep_axis *axes, size_t n_axes,
                           const char *comment, char **out, size_t *out_len,
                           char *err, size_t errlen)
{
    *out = NULL;
    *out_len = 0;
    scn c;
    scn_init(&c, "<sweep>");
    builder bld;
    ynode *root = NULL;
    obuf b = {0};
    int rc = -1;
    if (scn_build_tree(&c, text, len, NULL, &bld, &root) || !root ||
        root->type != YN_MAP) {
        snprintf(err, errlen, "the scenario's text is not a YAML mapping; "
                              "expected the scenario that was run");
        goto done;
    }
    /* A block mapping at the top: every key at the start of its line. */
    for (size_t i = 0; i < root->n; i += 2)
        if (root->items[i]->col > 1 + root->items[i]->quoted ||
            root->items[i]->copied || root->items[i]->origin) {
            snprintf(err, errlen, "the scenario's top level is not a block "
                                  "mapping; expected KEY: VALUE lines");
            goto done;
        }
    /* A document end ("...") before the end of the text would leave the
     * block outside the document. */
    for (size_t p = 0; p < len; p = line_after(text, len, p))
        if (len - p >= 3 && !memcmp(text + p, "...", 3)) {
            snprintf(err, errlen, "the scenario's text ends its document "
                                  "with '...'; expected none");
            goto done;
        }
    size_t cut = len, cut_end = len;
    for (size_t i = 0; i + 1 < root->n; i += 2) {
        const ynode *k = root->items[i];
        if (!scn_node_is(k, "sweep"))
            continue;
        size_t start = k->pos;
        while (start > 0 && text[start - 1] != '\n')
            start--;
        /* The block runs over the indented lines that follow; comment
         * and blank lines after its last one are the next section's. */
        size_t end = line_after(text, len, k->pos);
        for (size_t p = end; p < len;) {
            size_t q = line_after(text, len, p);
            size_t f = p;
            while (f < q && (text[f] == ' ' || text[f] == '\t'))
                f++;
            int blank = f == q || text[f] == '\n' || text[f] == '\r' ||
                        text[f] == '#';
            if (!blank && f == p)
                break; /* the next top-level key */
            if (!blank)
                end = q;
            p = q;
        }
        cut = start;
        cut_end = end;
        break;
    }
    put(&b, text, cut);
    put(&b, text + cut_end, len - cut_end);
    if (n_axes) {
        if (b.n > 0 && b.s[b.n - 1] != '\n')
            put(&b, "\n", 1);
        if (comment)
            puts_(&b, comment);
        puts_(&b, "sweep:\n");
        for (size_t k = 0; k < n_axes; k++) {
            const sweep_axis *a = &axes[k];
            indent(&b, 2);
            if (plain_safe(a->path, strlen(a->path)))
                puts_(&b, a->path);
            else
                put_quoted(&b, a->path, strlen(a->path));
            puts_(&b, ": [");
            size_t column = 6 + strlen(a->path);
            for (size_t v = 0; v < a->n_values; v++) {
                /* An axis of names writes its names, numbers their exact
                 * values. */
                char num[40];
                const char *cell = num;
                if (a->labels)
                    cell = a->labels[v];
                else
                    format_exact(num, sizeof num, a->values[v]);
                size_t cell_len = strlen(cell);
                if (v) {
                    if (column + cell_len + 2 > 78) {
                        puts_(&b, ",\n    ");
                        column = 4;
                    } else {
                        puts_(&b, ", ");
                        column += 2;
                    }
                }
                if (a->labels && !plain_safe(cell, cell_len))
                    put_quoted(&b, cell, cell_len);
                else
                    puts_(&b, cell);
                column += cell_len;
            }
            puts_(&b, "]\n");
        }
    }
    if (b.oom) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    if (!b.s)
        put(&b, "", 0);
    if (b.oom || !b.s) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    *out = b.s;
    *out_len = b.n;
    b.s = NULL;
    rc = 0;
done:
    free(b.s);
    scn_fini(&c);
    return rc;
}
