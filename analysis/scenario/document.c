/*
 * document.c - the YAML reader: text to a tree of ynode that remembers the
 * line and column of every value.
 *
 * The tree is built from libfyaml's event parser rather than kept as a
 * fy_document, for three reasons: events carry the start mark of every
 * node (libfyaml 0.7 exposes no position for a document's mappings and
 * sequences, and a missing key is reported at its mapping); a scalar keeps
 * its style, so a quoted "40" is a string and a plain 40 a number; and the
 * limits that keep hostile input cheap are ours to enforce: file size,
 * nesting depth, the number of nodes (aliases are expanded by copying, so
 * an alias bomb runs into the same limit), the number of errors kept.
 *
 * Here: the arena the tree lives in, anchors and aliases, the event-to-tree
 * builder (scn_build_tree) and the byte-level precheck (scn_precheck). Not
 * here: what any key means (the section files), reporting (errors.c; the
 * builder leaves its one problem in builder.err for the caller).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "analysis/scenario/internal.h"

/* ---- arena -------------------------------------------------------------- */

/* The blocks of an arena (internal.h): the tree and its strings, freed at
 * once. */
typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    max_align_t data[];
} arena_block;

void *scn_arena_alloc(arena *a, size_t size)
{
    size = (size + 15u) & ~(size_t)15u;
    arena_block *b = a->head;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > 65536u ? size : 65536u;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->used = 0;
        b->cap = cap;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    return p;
}

char *scn_arena_strndup(arena *a, const char *s, size_t len)
{
    char *p = scn_arena_alloc(a, len + 1);
    if (p) {
        if (len)
            memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

void scn_arena_free(arena *a)
{
    while (a->head) {
        arena_block *next = a->head->next;
        free(a->head);
        a->head = next;
    }
}

/* ---- anchors, by name, for aliases ------------------------------------ */

static size_t name_hash(const char *s, size_t len)
{
    size_t h = 1469598103u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static ynode *anchor_get(const anchor_map *m, const char *s, size_t len)
{
    if (!m->cap)
        return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = name_hash(s, len) & mask;; i = (i + 1) & mask) {
        if (!m->names[i])
            return NULL;
        if (m->lens[i] == len && memcmp(m->names[i], s, len) == 0)
            return m->nodes[i];
    }
}

static int anchor_put(anchor_map *m, const char *s, size_t len, ynode *node)
{
    if (2 * (m->n + 1) > m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 16;
        anchor_map g = {calloc(cap, sizeof *g.names),
                        calloc(cap, sizeof *g.lens),
                        calloc(cap, sizeof *g.nodes), cap, 0};
        if (!g.names || !g.lens || !g.nodes) {
            free(g.names);
            free(g.lens);
            free(g.nodes);
            return -1;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->names[i])
                anchor_put(&g, m->names[i], m->lens[i], m->nodes[i]);
        free(m->names);
        free(m->lens);
        free(m->nodes);
        *m = g;
    }
    size_t i = name_hash(s, len) & (m->cap - 1);
    while (m->names[i] &&
           !(m->lens[i] == len && memcmp(m->names[i], s, len) == 0))
        i = (i + 1) & (m->cap - 1);
    if (!m->names[i])
        m->n++;
    /* A redefined anchor replaces the old one (YAML allows it). */
    m->names[i] = s;
    m->lens[i] = len;
    m->nodes[i] = node;
    return 0;
}

static void anchor_free(anchor_map *m)
{
    free(m->names);
    free(m->lens);
    free(m->nodes);
    memset(m, 0, sizeof *m);
}

/* ---- YAML to tree ------------------------------------------------------- */

static void diag_sink(struct fy_diag *diag, void *user, const char *buf,
                      size_t len)
{
    /* Errors are collected and read back; nothing goes to stderr. */
    (void)diag;
    (void)user;
    (void)buf;
    (void)len;
}

typedef struct frame {
    ynode *node;
    ynode **buf;
    size_t n, cap;
    const char *anchor;
    size_t anchor_len;
} frame;

static void build_fail(builder *b, int line, int col, const char *fmt, ...)
    SCN_PRINTF(4, 5);
static void build_fail(builder *b, int line, int col, const char *fmt, ...)
{
    if (b->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->err, sizeof b->err, fmt, ap);
    va_end(ap);
    b->failed = 1;
    b->err_line = line;
    b->err_col = col;
}

static ynode *new_node(builder *b, int type)
{
    if (++b->c->nodes > SCN_NODES_MAX) {
        build_fail(b, b->line, b->col, "more than %d values; expected a "
                                       "scenario of ordinary size (long data "
                                       "belongs in a CSV trace)",
                   SCN_NODES_MAX);
        return NULL;
    }
    ynode *n = scn_arena_alloc(&b->c->mem, sizeof *n);
    if (!n) {
        b->c->oom = 1;
        build_fail(b, b->line, b->col, "out of memory");
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->type = (unsigned char)type;
    n->line = b->line;
    n->col = b->col;
    n->pos = b->pos;
    n->origin = b->origin;
    return n;
}

/* A deep copy for an alias (nesting is bounded by SCN_DEPTH_MAX). */
static ynode *copy_node(builder *b, const ynode *src, int depth)
{
    if (depth > SCN_DEPTH_MAX) {
        build_fail(b, b->line, b->col, "an alias nests deeper than %d "
                                       "levels; expected a flatter scenario",
                   SCN_DEPTH_MAX);
        return NULL;
    }
    ynode *n = new_node(b, src->type);
    if (!n)
        return NULL;
    *n = *src;
    n->copied = 1;
    if (src->n) {
        n->items = scn_arena_alloc(&b->c->mem, src->n * sizeof *n->items);
        if (!n->items) {
            b->c->oom = 1;
            build_fail(b, b->line, b->col, "out of memory");
            return NULL;
        }
        for (size_t i = 0; i < src->n; i++)
            if (!(n->items[i] = copy_node(b, src->items[i], depth + 1)))
                return NULL;
    }
    return n;
}

static void attach(builder *b, ynode *n)
{
    if (b->depth == 0) {
        b->root = n;
        return;
    }
    frame *f = &b->stack[b->depth - 1];
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 8;
        ynode **grown = realloc(f->buf, cap * sizeof *grown);
        if (!grown) {
            b->c->oom = 1;
            build_fail(b, b->line, b->col, "out of memory");
            return;
        }
        f->buf = grown;
        f->cap = cap;
    }
    f->buf[f->n++] = n;
}

static void set_mark(builder *b, const struct fy_mark *m)
{
    if (m) {
        b->line = m->line + 1;
        b->col = m->column + 1;
        b->pos = m->input_pos;
    }
}

static void register_anchor(builder *b, struct fy_token *anchor, ynode *n)
{
    size_t len;
    const char *name = anchor ? fy_token_get_text(anchor, &len) : NULL;
    if (!name)
        return;
    const char *copy = scn_arena_strndup(&b->c->mem, name, len);
    if (!copy || anchor_put(&b->anchors, copy, len, n)) {
        b->c->oom = 1;
        build_fail(b, b->line, b->col, "out of memory");
    }
}

static void on_event(builder *b, struct fy_event *e)
{
    switch (e->type) {
    case FYET_DOCUMENT_START:
        if (++b->docs > 1)
            build_fail(b, b->line, b->col, "a second YAML document starts "
                                           "here; expected one document per "
                                           "scenario");
        break;
    case FYET_SCALAR: {
        ynode *n = new_node(b, YN_SCALAR);
        if (!n)
            return;
        size_t len = 0;
        const char *text = fy_token_get_text(e->scalar.value, &len);
        if (!text) {
            text = "";
            len = 0;
        }
        enum fy_scalar_style style = fy_token_scalar_style(e->scalar.value);
        n->text = scn_arena_strndup(&b->c->mem, text, len);
        if (!n->text) {
            b->c->oom = 1;
            build_fail(b, b->line, b->col, "out of memory");
            return;
        }
        n->len = len;
        n->plain = style == FYSS_PLAIN;
        if (e->scalar.tag) {
            size_t tl;
            const char *tag = fy_token_get_text(e->scalar.tag, &tl);
            /* !!str 5 is the string "5". */
            if (tag && tl >= 3 && memcmp(tag + tl - 3, "str", 3) == 0)
                n->plain = 0;
        }
        n->quoted = style == FYSS_SINGLE_QUOTED || style == FYSS_DOUBLE_QUOTED;
        const struct fy_mark *s = fy_event_start_mark(e);
        const struct fy_mark *t = fy_event_end_mark(e);
        n->exact = s && t && s->line == t->line &&
                   (n->plain || n->quoted) &&
                   (size_t)(t->column - s->column) == len;
        n->end = t ? t->input_pos : n->pos;
        attach(b, n);
        register_anchor(b, e->scalar.anchor, n);
        break;
    }
    case FYET_ALIAS: {
        /* libfyaml marks an alias after its '*'. */
        if (b->col > 1)
            b->col--;
        size_t len = 0;
        const char *name = fy_token_get_text(e->alias.anchor, &len);
        ynode *target = name ? anchor_get(&b->anchors, name, len) : NULL;
        if (!target) {
            char shown[SHOWBUF];
            scn_show(shown, sizeof shown, name ? name : "", name ? len : 0);
            build_fail(b, b->line, b->col, "alias *%s names no complete "
                                           "anchor; expected &%s defined "
                                           "before it, outside the aliased "
                                           "node",
                       shown, shown);
            return;
        }
        ynode *n = copy_node(b, target, (int)b->depth);
        if (!n)
            return;
        n->line = b->line;
        n->col = b->col;
        attach(b, n);
        break;
    }
    case FYET_MAPPING_START:
    case FYET_SEQUENCE_START: {
        if (b->depth >= SCN_DEPTH_MAX) {
            build_fail(b, b->line, b->col, "nested deeper than %d levels; "
                                           "expected a scenario (a few levels "
                                           "deep)",
                       SCN_DEPTH_MAX);
            return;
        }
        ynode *n = new_node(b, e->type == FYET_MAPPING_START ? YN_MAP : YN_SEQ);
        if (!n)
            return;
        attach(b, n);
        if (b->depth == b->stack_cap) {
            size_t cap = b->stack_cap ? 2 * b->stack_cap : 8;
            frame *grown = realloc(b->stack, cap * sizeof *grown);
            if (!grown) {
                b->c->oom = 1;
                build_fail(b, b->line, b->col, "out of memory");
                return;
            }
            b->stack = grown;
            b->stack_cap = cap;
        }
        struct fy_token *anchor = e->type == FYET_MAPPING_START
                                      ? e->mapping_start.anchor
                                      : e->sequence_start.anchor;
        frame *f = &b->stack[b->depth++];
        memset(f, 0, sizeof *f);
        f->node = n;
        if (anchor) {
            size_t len;
            const char *name = fy_token_get_text(anchor, &len);
            if (name) {
                f->anchor = scn_arena_strndup(&b->c->mem, name, len);
                f->anchor_len = len;
            }
        }
        break;
    }
    case FYET_MAPPING_END:
    case FYET_SEQUENCE_END: {
        if (b->depth == 0)
            return;
        frame *f = &b->stack[--b->depth];
        ynode *n = f->node;
        if (f->n) {
            n->items = scn_arena_alloc(&b->c->mem, f->n * sizeof *n->items);
            if (!n->items) {
                b->c->oom = 1;
                build_fail(b, b->line, b->col, "out of memory");
            } else {
                memcpy(n->items, f->buf, f->n * sizeof *n->items);
                n->n = f->n;
            }
        }
        free(f->buf);
        f->buf = NULL;
        /* Registered only now: an alias inside its own anchor is refused
         * rather than copied half-built. */
        if (f->anchor && anchor_put(&b->anchors, f->anchor, f->anchor_len, n)) {
            b->c->oom = 1;
            build_fail(b, b->line, b->col, "out of memory");
        }
        break;
    }
    default:
        break;
    }
}

/* Parses YAML text into a tree. Returns 0 (root NULL for an empty
 * document) or -1 with the problem in b->err at (err_line, err_col). */
int scn_build_tree(scn *c, const char *text, size_t len, const char *origin,
                   builder *b, ynode **root)
{
    memset(b, 0, sizeof *b);
    b->c = c;
    b->origin = origin;
    b->line = b->col = 1;
    *root = NULL;

    struct fy_diag_cfg dc;
    fy_diag_cfg_default(&dc);
    dc.fp = NULL;
    dc.output_fn = diag_sink;
    dc.colorize = false;
    struct fy_diag *diag = fy_diag_create(&dc);
    if (!diag) {
        c->oom = 1;
        build_fail(b, 1, 1, "out of memory");
        return -1;
    }
    fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg pc;
    memset(&pc, 0, sizeof pc);
    pc.flags = FYPCF_QUIET;
    pc.diag = diag;
    struct fy_parser *fyp = fy_parser_create(&pc);
    if (!fyp || fy_parser_set_string(fyp, text, len) != 0) {
        if (fyp)
            fy_parser_destroy(fyp);
        fy_diag_destroy(diag);
        c->oom = 1;
        build_fail(b, 1, 1, "out of memory");
        return -1;
    }
    struct fy_event *e;
    while (!b->failed && (e = fy_parser_parse(fyp)) != NULL) {
        set_mark(b, fy_event_start_mark(e));
        on_event(b, e);
        fy_parser_event_free(fyp, e);
    }
    if (!b->failed && fy_parser_get_stream_error(fyp)) {
        void *it = NULL;
        struct fy_diag_error *de = fy_diag_errors_iterate(diag, &it);
        /* libfyaml's diagnostic positions are 1-based. */
        if (de && de->msg)
            build_fail(b, de->line > 0 ? de->line : b->line,
                       de->column > 0 ? de->column : b->col, "%s; expected "
                                                             "valid YAML",
                       de->msg);
        else
            build_fail(b, b->line, b->col, "invalid YAML; expected valid "
                                           "YAML");
    }
    for (size_t i = 0; i < b->depth; i++)
        free(b->stack[i].buf);
    free(b->stack);
    b->stack = NULL;
    anchor_free(&b->anchors);
    fy_parser_destroy(fyp);
    fy_diag_destroy(diag);
    if (b->failed)
        return -1;
    *root = b->root;
    return 0;
}

/* Checks what libfyaml would mishandle or handle slowly, in one pass: NUL
 * bytes (it stops reading at the first, silently), invalid UTF-8, and flow
 * collections nested so deep that its look-ahead turns slow. */
int scn_precheck(const char *text, size_t len, int *eline, int *ecol,
                 char *msg, size_t size)
{
    size_t line = 1, col = 1, depth = 0;
    int quote = 0; /* 0, '\'' or '"' */
    int comment = 0;
    unsigned char prev = '\n';
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == 0) {
            snprintf(msg, size, "NUL byte; expected text (YAML)");
            *eline = (int)line;
            *ecol = (int)col;
            return -1;
        }
        if (ch >= 0x80) {
            /* Validate one UTF-8 sequence. */
            size_t need = ch >= 0xF0 && ch <= 0xF4   ? 3
                          : ch >= 0xE0 && ch <= 0xEF ? 2
                          : ch >= 0xC2 && ch <= 0xDF ? 1
                                                     : 0;
            int ok = need > 0 && need <= len - i - 1;
            for (size_t k = 1; ok && k <= need; k++)
                ok = ((unsigned char)text[i + k] & 0xC0) == 0x80;
            if (ok && need == 2) {
                unsigned char n1 = (unsigned char)text[i + 1];
                ok = !(ch == 0xE0 && n1 < 0xA0) && !(ch == 0xED && n1 > 0x9F);
            } else if (ok && need == 3) {
                unsigned char n1 = (unsigned char)text[i + 1];
                ok = !(ch == 0xF0 && n1 < 0x90) && !(ch == 0xF4 && n1 > 0x8F);
            }
            if (!ok) {
                snprintf(msg, size, "invalid UTF-8 byte 0x%02X; expected UTF-8 "
                                    "text",
                         ch);
                *eline = (int)line;
                *ecol = (int)col;
                return -1;
            }
            i += need;
            col++;
            prev = 'a';
            continue;
        }
        if (ch == '\n') {
            line++;
            col = 1;
            comment = 0;
            prev = '\n';
            continue;
        }
        if (comment) {
            col++;
            continue;
        }
        if (quote == '"') {
            if (ch == '\\' && i + 1 < len && text[i + 1] != '\n') {
                i++;
                col++;
            } else if (ch == '"') {
                quote = 0;
            }
        } else if (quote == '\'') {
            if (ch == '\'')
                quote = 0; /* '' reopens at once: same effect */
        } else if (ch == '#' && (prev == ' ' || prev == '\t' || prev == '\n')) {
            comment = 1;
        } else if ((ch == '"' || ch == '\'') &&
                   (prev == ' ' || prev == '\t' || prev == '\n' ||
                    prev == '[' || prev == '{' || prev == ',' || prev == ':' ||
                    prev == '-')) {
            quote = ch;
        } else if (ch == '[' || ch == '{') {
            if (++depth > SCN_DEPTH_MAX) {
                snprintf(msg, size, "brackets nested deeper than %d levels; "
                                    "expected a scenario (a few levels deep)",
                         SCN_DEPTH_MAX);
                *eline = (int)line;
                *ecol = (int)col;
                return -1;
            }
        } else if ((ch == ']' || ch == '}') && depth > 0) {
            depth--;
        }
        prev = ch;
        col++;
    }
    return 0;
}
