/*
 * scenario.c - reading a scenario file: YAML to a tree that remembers where
 * every value came from, the --set overrides applied to that tree, every
 * key checked against its table, and one world_spec per policy.
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
 * Errors are collected, never fatal, and sorted by position at the end, so
 * they come out in file order whatever order the checks ran in. A check
 * that fails leaves the default in place, so later checks see a coherent
 * spec and do not pile consequential errors on the first one.
 *
 * This module reads and checks; it runs nothing, and it records the sweep
 * block without expanding it (the runner applies each point as --set
 * overrides).
 */
#include "scenario.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "models/policy.h"

/* Limits. A scenario is a page of YAML; these are far above any real one
 * (an empirical distribution of 300,000 observations fits) and low enough
 * that the worst input fails in a second or two: libfyaml's look-ahead for
 * a flow collection on one long line costs about 0.6 us a byte, against
 * 0.04 us for ordinary YAML. */
#define SCN_FILE_MAX ((size_t)4 << 20)
#define SCN_NODES_MAX 1000000
#define SCN_DEPTH_MAX 64
#define SCN_ERRORS_MAX 100
#define SCN_LIST_MAX 256   /* suppliers, disruptions, policies */
#define SCN_AXES_MAX 32
#define SCN_SWEEP_MAX 100000
#define SCN_SHOW 60        /* characters of user text quoted in messages */

#if defined(__GNUC__)
#define SCN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SCN_PRINTF(f, a)
#endif

/* ---- arena -------------------------------------------------------------- */

/* The tree and its strings live in one arena, freed at once: no per-node
 * malloc, no recursive free. */
typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    max_align_t data[];
} arena_block;

typedef struct arena {
    arena_block *head;
} arena;

static void *arena_alloc(arena *a, size_t size)
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

static char *arena_strndup(arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    if (p) {
        if (len)
            memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

static void arena_free(arena *a)
{
    while (a->head) {
        arena_block *next = a->head->next;
        free(a->head);
        a->head = next;
    }
}

/* ---- the tree ----------------------------------------------------------- */

typedef enum ynode_type { YN_SCALAR, YN_MAP, YN_SEQ } ynode_type;

typedef struct ynode {
    unsigned char type;
    unsigned char plain;  /* scalar written without quotes: may be a number */
    unsigned char quoted; /* ' or " style */
    unsigned char exact;  /* text maps byte for byte onto source columns */
    int line, col;        /* 1-based; of the text itself for a quoted
                             scalar (libfyaml marks inside the quotes) */
    const char *origin;   /* NULL: the file; else the --set path */
    char *text;           /* scalar, NUL-terminated (may hold NULs) */
    size_t len;
    struct ynode **items; /* list: items; mapping: key, value, key, ... */
    size_t n;
} ynode;

/* Anchors, by name, for aliases. Open addressing; names live in the arena. */
typedef struct anchor_map {
    const char **names;
    size_t *lens;
    ynode **nodes;
    size_t cap, n;
} anchor_map;

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

/* ---- errors ------------------------------------------------------------- */

typedef struct err_item {
    int rank; /* 0: the command line (--set), 1: the file */
    int line, col;
    size_t seq;
    char *text;
} err_item;

typedef struct errlist {
    err_item *v;
    size_t n, cap;
    size_t seq;           /* errors reported, kept or not */
    size_t dropped;       /* beyond SCN_ERRORS_MAX in file order */
    err_item first_drop;  /* the earliest dropped (text unused) */
} errlist;

static int err_cmp(const void *pa, const void *pb)
{
    const err_item *a = pa, *b = pb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Keeps the first SCN_ERRORS_MAX in file order; a junk file of a million
 * bad keys costs a sort every SCN_ERRORS_MAX errors, not a million lines. */
static void errlist_trim(errlist *e)
{
    qsort(e->v, e->n, sizeof *e->v, err_cmp);
    if (e->n <= SCN_ERRORS_MAX)
        return;
    if (!e->dropped || err_cmp(&e->v[SCN_ERRORS_MAX], &e->first_drop) < 0)
        e->first_drop = e->v[SCN_ERRORS_MAX];
    for (size_t i = SCN_ERRORS_MAX; i < e->n; i++)
        free(e->v[i].text);
    e->dropped += e->n - SCN_ERRORS_MAX;
    e->n = SCN_ERRORS_MAX;
}

/* ---- the parsing context ------------------------------------------------ */

typedef struct scn {
    const char *source;
    char dir[1024];
    arena mem;
    errlist errs;
    int oom;
    size_t nodes;
    ynode *root;
    const char *text;       /* the input and overrides, to try sweep values */
    size_t len;
    const char *const *overrides;
    size_t n_overrides;
    int inner;              /* a parse trying one sweep value */
    const ynode **axis_keys;

    /* What the checks produce. */
    scenario out;
    double horizon, warmup, tupy;
    item_spec item;
    double initial_inventory;
    demand_spec demand;
    int have_suppliers; /* the suppliers list was readable */
    size_t n_sup, n_dis, n_pol;
    supplier_spec *sups;
    unsigned char *sup_named;
    disruption_spec *dis;
    policy_spec *pols;
    const ynode **pol_nodes;
    unsigned char *pol_ok;

    /* A production line (a `stages:` section): the line every policy's
     * world gets a copy of, and each policy's own release sequence. */
    int is_line;
    int suppliers_absent;   /* a line without suppliers: (allowed) */
    line_spec *line;        /* on the heap: it is 75 kB */
    unsigned char product_named[LINE_PRODUCTS_MAX];
    struct pol_sequence {
        size_t n;
        unsigned char v[LINE_SEQUENCE_MAX];
    } *pol_seq;
} scn;

static char *vformat(const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static char *format(const char *fmt, ...) SCN_PRINTF(1, 2);
static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(fmt, ap);
    va_end(ap);
    return s;
}

static void err_push(scn *c, int rank, int line, int col, char *text)
{
    errlist *e = &c->errs;
    if (!text) {
        c->oom = 1;
        return;
    }
    /* One line per error, whatever the user text held. */
    for (char *p = text; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    if (e->n == e->cap) {
        if (e->n >= 2 * SCN_ERRORS_MAX)
            errlist_trim(e);
        if (e->n == e->cap) {
            size_t cap = e->cap ? 2 * e->cap : 16;
            err_item *grown = realloc(e->v, cap * sizeof *grown);
            if (!grown) {
                free(text);
                c->oom = 1;
                return;
            }
            e->v = grown;
            e->cap = cap;
        }
    }
    e->v[e->n++] = (err_item){rank, line, col, e->seq++, text};
}

/* An error at node n (column `col` when > 0, else the node's). */
static void err_vnode(scn *c, const ynode *n, int col, const char *fmt,
                      va_list ap)
{
    char *msg = vformat(fmt, ap);
    if (!msg) {
        c->oom = 1;
        return;
    }
    if (n && n->origin) {
        err_push(c, 0, 0, 0, format("--set %s: %s", n->origin, msg));
    } else {
        int line = n ? n->line : 1, column = col > 0 ? col : n ? n->col : 1;
        err_push(c, 1, line, column,
                 format("%s:%d:%d: %s", c->source, line, column, msg));
    }
    free(msg);
}

static void err_at(scn *c, const ynode *n, const char *fmt, ...)
    SCN_PRINTF(3, 4);
static void err_at(scn *c, const ynode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vnode(c, n, 0, fmt, ap);
    va_end(ap);
}

static void err_col(scn *c, const ynode *n, int col, const char *fmt, ...)
    SCN_PRINTF(4, 5);
static void err_col(scn *c, const ynode *n, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vnode(c, n, col, fmt, ap);
    va_end(ap);
}

static void err_pos(scn *c, int line, int col, const char *fmt, ...)
    SCN_PRINTF(4, 5);
static void err_pos(scn *c, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = vformat(fmt, ap);
    va_end(ap);
    if (!msg) {
        c->oom = 1;
        return;
    }
    err_push(c, 1, line, col,
             format("%s:%d:%d: %s", c->source, line, col, msg));
    free(msg);
}

/* A command-line error: the text is the whole line. */
static void err_cmd(scn *c, const char *fmt, ...) SCN_PRINTF(2, 3);
static void err_cmd(scn *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_push(c, 0, 0, 0, vformat(fmt, ap));
    va_end(ap);
}

/* ---- showing user text -------------------------------------------------- */

/* Copies at most SCN_SHOW characters of user text, control characters
 * replaced, so that a message stays one readable line. */
static const char *show(char *buf, size_t size, const char *text, size_t len)
{
    size_t o = 0, limit = size - 4 < SCN_SHOW ? size - 4 : SCN_SHOW;
    size_t i = 0;
    for (; i < len && o < limit; i++) {
        unsigned char ch = (unsigned char)text[i];
        buf[o++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    if (i < len) {
        /* Do not cut a UTF-8 sequence in two. */
        while (o > 0 && ((unsigned char)buf[o - 1] & 0xC0) == 0x80)
            o--;
        if (o > 0 && ((unsigned char)buf[o - 1] & 0xC0) == 0xC0)
            o--;
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}

#define SHOWBUF (SCN_SHOW + 8)

static int node_is_null(const ynode *n)
{
    if (!n || n->type != YN_SCALAR || !n->plain)
        return 0;
    return n->len == 0 || (n->len == 1 && n->text[0] == '~') ||
           strcmp(n->text, "null") == 0 || strcmp(n->text, "Null") == 0 ||
           strcmp(n->text, "NULL") == 0;
}

static int node_is(const ynode *n, const char *word)
{
    return n && n->type == YN_SCALAR && n->len == strlen(word) &&
           memcmp(n->text, word, n->len) == 0;
}

/* "a list", "a mapping", "nothing", or the scalar quoted. */
static const char *describe(const ynode *n, char *buf, size_t size)
{
    if (n->type == YN_MAP)
        return "a mapping";
    if (n->type == YN_SEQ)
        return "a list";
    if (node_is_null(n))
        return "nothing";
    char shown[SHOWBUF];
    snprintf(buf, size, "'%s'", show(shown, sizeof shown, n->text, n->len));
    return buf;
}

/* ---- did you mean ------------------------------------------------------- */

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

static int same_ignoring_case(const char *a, size_t la, const char *b)
{
    size_t lb = strlen(b);
    if (la != lb)
        return 0;
    for (size_t i = 0; i < la; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return 0;
    return 1;
}

/* Optimal string alignment distance (insertions, deletions, substitutions,
 * adjacent transpositions), for words of at most 64 bytes. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t rows[3][65];
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (prev[j - 1] + cost < best)
                best = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

/* The candidate within 2 edits (fewer than the word's length, so a one-
 * letter key does not match every one-letter name), or one that differs
 * only in case, or one the word abbreviates; NULL if none. */
static const char *suggest(const char *word, size_t len,
                           const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i])
            continue;
        if (same_ignoring_case(word, len, cands[i]))
            return cands[i];
        size_t d = edit_distance(word, len, cands[i], strlen(cands[i]));
        /* An abbreviation ("lin" for "linear") is as good as one typo. */
        if (len >= 3 && strlen(cands[i]) > len &&
            memcmp(cands[i], word, len) == 0)
            d = 1;
        if (d < best_d && d < len) {
            best = cands[i];
            best_d = d;
        }
    }
    return best;
}

/* "a, b, c" (the first 16). */
static void join(char *buf, size_t size, const char *const *words, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0, shown = 0; i < n && used < size; i++) {
        if (!words[i])
            continue;
        int w = shown == 16 ? snprintf(buf + used, size - used, ", ...")
                            : snprintf(buf + used, size - used, "%s%s",
                                       shown ? ", " : "", words[i]);
        if (w < 0)
            break;
        used += (size_t)w;
        if (++shown > 16)
            break;
    }
}

/* ---- reading values ----------------------------------------------------- */

static int is_digit(int ch)
{
    return ch >= '0' && ch <= '9';
}

/* YAML's decimal numbers:
 * [-+]? (digits [. digits?] | . digits) [e [-+]? digits] */
static int text_is_number(const char *s, size_t len)
{
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < len && is_digit((unsigned char)s[i]))
        i++, digits++;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && is_digit((unsigned char)s[i]))
            i++, digits++;
    }
    if (!digits)
        return 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t exp = 0;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        while (i < len && is_digit((unsigned char)s[i]))
            i++, exp++;
        if (!exp)
            return 0;
    }
    return i == len;
}

static int node_number(const ynode *n, double *out)
{
    if (!n || n->type != YN_SCALAR || !n->plain ||
        !text_is_number(n->text, n->len))
        return 0;
    double v = strtod(n->text, NULL);
    if (!isfinite(v))
        return 0;
    *out = v;
    return 1;
}

typedef struct range {
    double lo, hi;
    unsigned char lo_open, hi_open, whole;
} range;

static const range R_ANY = {-INFINITY, INFINITY, 0, 0, 0};
static const range R_NONNEG = {0.0, INFINITY, 0, 0, 0};
static const range R_POS = {0.0, INFINITY, 1, 0, 0};
static const range R_WHOLE = {0.0, 1e15, 0, 0, 1};
static const range R_UNIT = {0.0, 1.0, 0, 0, 0};

static void type_error(scn *c, const ynode *v, const char *key,
                       const char *kind, const char *expect)
{
    char buf[SHOWBUF + 8];
    if (node_is_null(v))
        err_at(c, v, "%s has no value; expected %s", key, expect);
    else
        err_at(c, v, "%s must be %s, got %s; expected %s", key, kind,
               describe(v, buf, sizeof buf), expect);
}

/* Reads a number in r. Returns 1 if v is NULL (absent), 0 with *out set,
 * -1 after reporting an error. */
static int get_num(scn *c, const ynode *v, const char *key, range r,
                   const char *expect, double *out)
{
    double x;
    char shown[SHOWBUF];
    if (!v)
        return 1;
    if (!node_number(v, &x)) {
        type_error(c, v, key, "a number", expect);
        return -1;
    }
    const char *t = show(shown, sizeof shown, v->text, v->len);
    if (x < r.lo || (r.lo_open && x == r.lo)) {
        if (r.lo == 0.0 && !r.lo_open)
            err_at(c, v, "%s must not be negative, got %s; expected %s", key,
                   t, expect);
        else
            err_at(c, v, "%s must be %s %g, got %s; expected %s", key,
                   r.lo_open ? ">" : ">=", r.lo, t, expect);
        return -1;
    }
    if (x > r.hi || (r.hi_open && x == r.hi)) {
        err_at(c, v, "%s must be %s %g, got %s; expected %s", key,
               r.hi_open ? "<" : "<=", r.hi, t, expect);
        return -1;
    }
    if (r.whole && x != floor(x)) {
        err_at(c, v, "%s must be a whole number, got %s; expected %s", key, t,
               expect);
        return -1;
    }
    *out = x;
    return 0;
}

/* A string of at most max - 1 bytes, copied into buf (max bytes). */
static int get_string(scn *c, const ynode *v, const char *key, size_t max,
                      const char *expect, char *buf)
{
    if (!v)
        return 1;
    if (v->type != YN_SCALAR || node_is_null(v)) {
        type_error(c, v, key, "a string", expect);
        return -1;
    }
    if (memchr(v->text, '\0', v->len)) {
        err_at(c, v, "%s contains a NUL character; expected %s", key, expect);
        return -1;
    }
    if (v->len >= max) {
        err_at(c, v, "%s is %zu bytes long; expected %s of at most %zu bytes",
               key, v->len, expect, max - 1);
        return -1;
    }
    memcpy(buf, v->text, v->len + 1);
    return 0;
}

/* A name that --set paths can reach: no dots, not empty. */
static int get_name(scn *c, const ynode *v, const char *key, size_t max,
                    const char *expect, char *buf)
{
    int rc = get_string(c, v, key, max, expect, buf);
    if (rc)
        return rc;
    if (buf[0] == '\0') {
        err_at(c, v, "%s is empty; expected %s", key, expect);
        return -1;
    }
    if (strchr(buf, '.')) {
        char shown[SHOWBUF];
        err_at(c, v, "%s '%s' contains a '.'; expected %s without dots "
                     "(--set and sweep paths use dots)",
               key, show(shown, sizeof shown, buf, strlen(buf)), expect);
        return -1;
    }
    return 0;
}

static int get_bool(scn *c, const ynode *v, const char *key,
                    const char *expect, int *out)
{
    if (!v)
        return 1;
    if (v->type == YN_SCALAR && v->plain) {
        static const char *const yes[] = {"true", "True", "TRUE"};
        static const char *const no[] = {"false", "False", "FALSE"};
        for (int i = 0; i < 3; i++) {
            if (node_is(v, yes[i])) {
                *out = 1;
                return 0;
            }
            if (node_is(v, no[i])) {
                *out = 0;
                return 0;
            }
        }
    }
    type_error(c, v, key, "true or false", expect);
    return -1;
}

/* One of `choices`; *out is its index. */
static int get_choice(scn *c, const ynode *v, const char *key,
                      const char *const *choices, size_t n, int *out)
{
    char list[512], shown[SHOWBUF];
    if (!v)
        return 1;
    join(list, sizeof list, choices, n);
    if (v->type != YN_SCALAR || node_is_null(v)) {
        char expect[600];
        snprintf(expect, sizeof expect, "one of %s", list);
        type_error(c, v, key, "a name", expect);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (node_is(v, choices[i])) {
            *out = (int)i;
            return 0;
        }
    const char *s = suggest(v->text, v->len, choices, n);
    show(shown, sizeof shown, v->text, v->len);
    if (s)
        err_at(c, v, "unknown %s '%s'; did you mean '%s'?", key, shown, s);
    else
        err_at(c, v, "unknown %s '%s'; expected one of %s", key, shown, list);
    return -1;
}

static int check_map(scn *c, const ynode *v, const char *key,
                     const char *expect)
{
    if (v->type == YN_MAP)
        return 0;
    type_error(c, v, key, "a mapping", expect);
    return -1;
}

static int check_list(scn *c, const ynode *v, const char *key,
                      const char *expect)
{
    if (v->type == YN_SEQ)
        return 0;
    type_error(c, v, key, "a list", expect);
    return -1;
}

/* Sorts the pairs of a mapping into the slots of a key table: vals[k] is
 * the value of keys[k] or NULL. Reports unknown and repeated keys. */
static void map_fields(scn *c, const ynode *map, const char *what,
                       const char *const *keys, size_t nkeys,
                       const ynode **vals)
{
    char shown[SHOWBUF], list[512], buf[SHOWBUF + 8];
    for (size_t k = 0; k < nkeys; k++)
        vals[k] = NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const ynode *key = map->items[i], *val = map->items[i + 1];
        if (key->type != YN_SCALAR) {
            err_at(c, key, "a key in %s is %s; expected a name (KEY: VALUE)",
                   what, describe(key, buf, sizeof buf));
            continue;
        }
        size_t k = 0;
        while (k < nkeys && !(keys[k] && node_is(key, keys[k])))
            k++;
        show(shown, sizeof shown, key->text, key->len);
        if (k == nkeys) {
            const char *s = suggest(key->text, key->len, keys, nkeys);
            if (s) {
                err_at(c, key, "unknown key '%s' in %s; did you mean '%s'?",
                       shown, what, s);
            } else {
                join(list, sizeof list, keys, nkeys);
                err_at(c, key, "unknown key '%s' in %s; expected one of %s",
                       shown, what, list);
            }
            continue;
        }
        if (vals[k]) {
            err_at(c, key, "%s is given twice in %s; expected each key once",
                   shown, what);
            continue;
        }
        vals[k] = val;
    }
}

/* Whether a comes after b in the file. */
static int after(const ynode *a, const ynode *b)
{
    return a->line > b->line || (a->line == b->line && a->col > b->col);
}

/* ---- distributions ------------------------------------------------------ */

/* Appends "; expected EXPECT" to a module's message if it says nothing
 * after a semicolon (what is wrong; what to do). */
static const char *with_expect(char *why, size_t size, const char *expect)
{
    if (!strchr(why, ';')) {
        size_t used = strlen(why);
        snprintf(why + used, size - used, "; expected %s", expect);
    }
    return why;
}

enum {
    DK_DIST, DK_MEAN, DK_CV, DK_SD, DK_MIN, DK_MAX, DK_SHAPE, DK_SCALE, DK_P,
    DK_N, DK_VALUES, DK_PROBS, DK_VALUE, DK_RATE, DK_COUNT
};
static const char *const dist_keys[DK_COUNT] = {
    "dist", "mean", "cv", "sd", "min", "max", "shape", "scale", "p", "n",
    "values", "probs", "value", "rate",
};

#define DB(k) (1u << (k))
static const struct dist_name {
    const char *name;
    dist_kind kind;
    unsigned takes;
    const char *needs;
} dist_names[] = {
    {"constant", DIST_CONSTANT, DB(DK_VALUE) | DB(DK_MEAN) | DB(DK_CV),
     "value (or mean)"},
    {"uniform", DIST_UNIFORM,
     DB(DK_MIN) | DB(DK_MAX) | DB(DK_MEAN) | DB(DK_CV) | DB(DK_SD),
     "min and max, or mean with cv or sd"},
    {"exponential", DIST_EXPONENTIAL, DB(DK_MEAN) | DB(DK_CV) | DB(DK_RATE),
     "mean (or rate)"},
    {"normal", DIST_NORMAL, DB(DK_MEAN) | DB(DK_SD) | DB(DK_CV),
     "mean with sd or cv"},
    {"lognormal", DIST_LOGNORMAL, DB(DK_MEAN) | DB(DK_CV) | DB(DK_SD),
     "mean with cv or sd"},
    {"gamma", DIST_GAMMA,
     DB(DK_SHAPE) | DB(DK_SCALE) | DB(DK_MEAN) | DB(DK_CV) | DB(DK_SD),
     "shape and scale, or mean with cv or sd"},
    {"poisson", DIST_POISSON, DB(DK_MEAN), "mean"},
    {"negbinomial", DIST_NEGBINOMIAL,
     DB(DK_P) | DB(DK_N) | DB(DK_MEAN) | DB(DK_CV) | DB(DK_SD),
     "p and n, or mean with cv or sd"},
    {"negative_binomial", DIST_NEGBINOMIAL,
     DB(DK_P) | DB(DK_N) | DB(DK_MEAN) | DB(DK_CV) | DB(DK_SD),
     "p and n, or mean with cv or sd"},
    {"discrete", DIST_DISCRETE, DB(DK_VALUES) | DB(DK_PROBS),
     "values (and probs)"},
    {"empirical", DIST_DISCRETE, DB(DK_VALUES) | DB(DK_PROBS),
     "values (and probs)"},
};
#define N_DIST_NAMES (sizeof dist_names / sizeof dist_names[0])

/* A list of numbers (malloc'd; *n may be 0). */
static int get_numbers(scn *c, const ynode *v, const char *key,
                       double **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (check_list(c, v, key, "a list of numbers [1, 2, 3]"))
        return -1;
    double *x = malloc((v->n ? v->n : 1) * sizeof *x);
    if (!x) {
        c->oom = 1;
        return -1;
    }
    int bad = 0;
    for (size_t i = 0; i < v->n; i++)
        if (get_num(c, v->items[i], key, R_ANY, "a number", &x[i]) != 0)
            bad = 1;
    if (bad) {
        free(x);
        return -1;
    }
    *out = x;
    *n = v->n;
    return 0;
}

/* The mapping form {dist: NAME, ...}. */
static int dist_mapping(scn *c, const ynode *v, const char *key, dist *d)
{
    const ynode *f[DK_COUNT];
    char why[512], names[512], shown[SHOWBUF];
    double x[DK_COUNT] = {0};
    const char *all_names[N_DIST_NAMES];
    size_t before = c->errs.seq;

    for (size_t i = 0; i < N_DIST_NAMES; i++)
        all_names[i] = dist_names[i].name;
    join(names, sizeof names, all_names, N_DIST_NAMES);
    map_fields(c, v, "a distribution", dist_keys, DK_COUNT, f);
    if (!f[DK_DIST]) {
        err_at(c, v, "%s: the distribution has no dist; expected dist: NAME "
                     "(%s)",
               key, names);
        return -1;
    }
    int which;
    if (get_choice(c, f[DK_DIST], "distribution", all_names, N_DIST_NAMES,
                   &which))
        return -1;
    const struct dist_name *dn = &dist_names[which];
    int given[DK_COUNT] = {0};
    for (int k = DK_MEAN; k < DK_COUNT; k++) {
        if (!f[k])
            continue;
        if (!(dn->takes & DB(k))) {
            err_at(c, f[k], "%s: %s takes no %s; expected %s", key, dn->name,
                   dist_keys[k], dn->needs);
            continue;
        }
        if (k == DK_VALUES || k == DK_PROBS)
            given[k] = 1;
        else if (get_num(c, f[k], dist_keys[k], R_ANY, "a number", &x[k]) == 0)
            given[k] = 1;
    }
    if (c->errs.seq != before)
        return -1;

    int rc = -1;
    why[0] = '\0';
    int mean = given[DK_MEAN], cv = given[DK_CV], sd = given[DK_SD];
    double cv_value = cv ? x[DK_CV] : 0.0;
    if (cv && sd) {
        err_at(c, after(f[DK_SD], f[DK_CV]) ? f[DK_SD] : f[DK_CV],
               "%s: cv and sd are both given; expected one of them", key);
        return -1;
    }
    if (sd && mean) {
        if (x[DK_MEAN] == 0.0) {
            err_at(c, f[DK_SD], "%s: sd with a mean of 0; expected cv, or a "
                                "mean != 0",
                   key);
            return -1;
        }
        cv_value = x[DK_SD] / x[DK_MEAN];
    }
    switch (dn->kind) {
    case DIST_CONSTANT:
        if (given[DK_VALUE] && mean) {
            err_at(c, f[DK_MEAN], "%s: value and mean are both given; "
                                  "expected one of them",
                   key);
            return -1;
        }
        if (given[DK_VALUE])
            rc = dist_constant(d, x[DK_VALUE], why, sizeof why);
        else if (mean)
            rc = dist_from_mean_cv(d, DIST_CONSTANT, x[DK_MEAN], cv_value, why,
                                   sizeof why);
        else
            goto missing;
        break;
    case DIST_UNIFORM:
        if (given[DK_MIN] || given[DK_MAX]) {
            if (mean || cv || sd) {
                err_at(c, v, "%s: uniform is given both min/max and mean; "
                             "expected min and max, or mean with cv or sd",
                       key);
                return -1;
            }
            if (!(given[DK_MIN] && given[DK_MAX]))
                goto missing;
            rc = dist_uniform(d, x[DK_MIN], x[DK_MAX], why, sizeof why);
        } else if (mean && (cv || sd)) {
            rc = dist_from_mean_cv(d, DIST_UNIFORM, x[DK_MEAN], cv_value, why,
                                   sizeof why);
        } else {
            goto missing;
        }
        break;
    case DIST_EXPONENTIAL:
    case DIST_POISSON:
        if (given[DK_RATE]) {
            if (mean || cv) {
                err_at(c, f[DK_RATE], "%s: rate and mean are both given; "
                                      "expected one of them",
                       key);
                return -1;
            }
            if (!(x[DK_RATE] > 0.0 && isfinite(1.0 / x[DK_RATE]))) {
                err_at(c, f[DK_RATE], "%s: rate must be > 0, got %g; "
                                      "expected events per time unit > 0",
                       key, x[DK_RATE]);
                return -1;
            }
            rc = dist_exponential(d, 1.0 / x[DK_RATE], why, sizeof why);
            break;
        }
        if (!mean)
            goto missing;
        if (cv)
            rc = dist_from_mean_cv(d, dn->kind, x[DK_MEAN], cv_value, why,
                                   sizeof why);
        else if (dn->kind == DIST_EXPONENTIAL)
            rc = dist_exponential(d, x[DK_MEAN], why, sizeof why);
        else
            rc = dist_poisson(d, x[DK_MEAN], why, sizeof why);
        break;
    case DIST_NORMAL:
        if (!(mean && (sd || cv)))
            goto missing;
        rc = sd ? dist_normal(d, x[DK_MEAN], x[DK_SD], why, sizeof why)
                : dist_from_mean_cv(d, DIST_NORMAL, x[DK_MEAN], cv_value, why,
                                    sizeof why);
        break;
    case DIST_LOGNORMAL:
        if (!(mean && (sd || cv)))
            goto missing;
        rc = dist_lognormal(d, x[DK_MEAN], cv_value, why, sizeof why);
        break;
    case DIST_GAMMA:
    case DIST_NEGBINOMIAL: {
        int a = dn->kind == DIST_GAMMA ? DK_SHAPE : DK_P;
        int b = dn->kind == DIST_GAMMA ? DK_SCALE : DK_N;
        if (given[a] || given[b]) {
            if (mean || cv || sd) {
                err_at(c, v, "%s: %s is given both %s/%s and mean; expected "
                             "%s",
                       key, dn->name, dist_keys[a], dist_keys[b], dn->needs);
                return -1;
            }
            if (!(given[a] && given[b]))
                goto missing;
            rc = dn->kind == DIST_GAMMA
                     ? dist_gamma(d, x[a], x[b], why, sizeof why)
                     : dist_negbinomial(d, x[a], x[b], why, sizeof why);
        } else if (mean && (cv || sd)) {
            rc = dist_from_mean_cv(d, dn->kind, x[DK_MEAN], cv_value, why,
                                   sizeof why);
        } else {
            goto missing;
        }
        break;
    }
    case DIST_DISCRETE: {
        double *values = NULL, *probs = NULL;
        size_t nv = 0, np = 0;
        if (!f[DK_VALUES])
            goto missing;
        if (get_numbers(c, f[DK_VALUES], "values", &values, &nv))
            return -1;
        if (nv == 0) {
            err_at(c, f[DK_VALUES], "%s: values is empty; expected at least "
                                    "one value",
                   key);
            free(values);
            return -1;
        }
        if (f[DK_PROBS]) {
            if (get_numbers(c, f[DK_PROBS], "probs", &probs, &np)) {
                free(values);
                return -1;
            }
            if (np != nv) {
                err_at(c, f[DK_PROBS], "%s: probs has %zu entries and values "
                                       "%zu; expected one probability per "
                                       "value",
                       key, np, nv);
                free(values);
                free(probs);
                return -1;
            }
        } else {
            /* An empirical sample: every observation equally likely. */
            probs = malloc(nv * sizeof *probs);
            if (!probs) {
                free(values);
                c->oom = 1;
                return -1;
            }
            for (size_t i = 0; i < nv; i++)
                probs[i] = 1.0 / (double)nv;
        }
        rc = dist_discrete(d, values, probs, nv, why, sizeof why);
        free(values);
        free(probs);
        if (rc) {
            err_at(c, f[DK_PROBS] ? f[DK_PROBS] : f[DK_VALUES], "%s: %s", key,
                   with_expect(why, sizeof why,
                               "probabilities >= 0 that sum to 1"));
            return -1;
        }
        return 0;
    }
    }
    if (rc) {
        err_at(c, v, "%s: %s", key,
               with_expect(why, sizeof why, dn->needs));
        return -1;
    }
    return 0;
missing:
    err_at(c, v, "%s: %s needs %s; expected those keys in the mapping", key,
           show(shown, sizeof shown, dn->name, strlen(dn->name)), dn->needs);
    return -1;
}

/* Any distribution-valued key: a number, the compact string, or the
 * mapping form. Every distribution here is of times or quantities, which
 * cannot be negative. */
static int get_dist(scn *c, const ynode *v, const char *key,
                    const char *expect, dist *out)
{
    char why[512], shown[SHOWBUF];
    char full[256];
    dist d;
    if (!v)
        return 1;
    snprintf(full, sizeof full, "%s (a number, NAME(mean=..., ...) or "
                                "{dist: NAME, ...})",
             expect);
    if (node_is_null(v)) {
        err_at(c, v, "%s has no value; expected %s", key, full);
        return -1;
    }
    if (v->type == YN_SCALAR) {
        double x;
        if (node_number(v, &x)) {
            if (x < 0.0) {
                err_at(c, v, "%s must not be negative, got %s; expected %s",
                       key, show(shown, sizeof shown, v->text, v->len),
                       expect);
                return -1;
            }
            if (dist_constant(&d, x, why, sizeof why)) {
                err_at(c, v, "%s: %s", key,
                       with_expect(why, sizeof why, expect));
                return -1;
            }
        } else {
            int col = 0;
            if (memchr(v->text, '\0', v->len)) {
                err_at(c, v, "%s contains a NUL character; expected %s", key,
                       full);
                return -1;
            }
            if (dist_parse(v->text, &d, &col, why, sizeof why)) {
                /* Point into the string when it is written as is. */
                int at = v->exact && col >= 1 && (size_t)col <= v->len + 1
                             ? v->col + col - 1
                             : 0;
                err_col(c, v, at, "%s: %s", key,
                        with_expect(why, sizeof why, full));
                return -1;
            }
        }
    } else if (v->type == YN_MAP) {
        if (dist_mapping(c, v, key, &d))
            return -1;
    } else {
        type_error(c, v, key, "a distribution", full);
        return -1;
    }
    if (dist_check_nonnegative(&d, why, sizeof why)) {
        err_at(c, v, "%s: %s", key, with_expect(why, sizeof why, expect));
        dist_free(&d);
        return -1;
    }
    *out = d;
    return 0;
}

/* Replaces *slot by a freshly read distribution. */
static int set_dist(scn *c, const ynode *v, const char *key,
                    const char *expect, dist *slot)
{
    dist d;
    int rc = get_dist(c, v, key, expect, &d);
    if (rc == 0) {
        dist_free(slot);
        *slot = d;
    }
    return rc;
}

/* Whether a node is written as a distribution rather than a number: a
 * string (compact form) or a mapping. */
static int is_dist_form(const ynode *v)
{
    double x;
    return v && ((v->type == YN_SCALAR && !node_is_null(v) &&
                  !node_number(v, &x)) ||
                 v->type == YN_MAP);
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

typedef struct builder {
    scn *c;
    const char *origin;
    int line, col;  /* of the last event with a position */
    anchor_map anchors;
    frame *stack;
    size_t depth, stack_cap;
    ynode *root;
    int docs;
    /* The first problem: reported by the caller. */
    int failed, err_line, err_col;
    char err[400];
} builder;

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
    ynode *n = arena_alloc(&b->c->mem, sizeof *n);
    if (!n) {
        b->c->oom = 1;
        build_fail(b, b->line, b->col, "out of memory");
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->type = (unsigned char)type;
    n->line = b->line;
    n->col = b->col;
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
    if (src->n) {
        n->items = arena_alloc(&b->c->mem, src->n * sizeof *n->items);
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
    }
}

static void register_anchor(builder *b, struct fy_token *anchor, ynode *n)
{
    size_t len;
    const char *name = anchor ? fy_token_get_text(anchor, &len) : NULL;
    if (!name)
        return;
    const char *copy = arena_strndup(&b->c->mem, name, len);
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
        n->text = arena_strndup(&b->c->mem, text, len);
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
            show(shown, sizeof shown, name ? name : "", name ? len : 0);
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
                f->anchor = arena_strndup(&b->c->mem, name, len);
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
            n->items = arena_alloc(&b->c->mem, f->n * sizeof *n->items);
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
static int build_tree(scn *c, const char *text, size_t len, const char *origin,
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
static int precheck(const char *text, size_t len, int *eline, int *ecol,
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

/* ---- --set overrides ---------------------------------------------------- */

static ynode *new_scalar(scn *c, const char *text, size_t len, int plain,
                         const char *origin)
{
    ynode *n = arena_alloc(&c->mem, sizeof *n);
    char *t = arena_strndup(&c->mem, text, len);
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

static const ynode *map_get(const ynode *map, const char *key)
{
    if (!map || map->type != YN_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2)
        if (node_is(map->items[i], key))
            return map->items[i + 1];
    return NULL;
}

/* Whether a list is the scenario's disruptions (looked up each time: an
 * override may have replaced it). */
static int is_disruption_list(const scn *c, const ynode *list)
{
    return list == map_get(c->root, "disruptions");
}

/* The name an entry of a list goes by in paths: its `name`, or for a
 * disruption without one, its default name. */
static int entry_named(const scn *c, const ynode *list, size_t i,
                       const char *name, size_t len)
{
    const ynode *e = list->items[i];
    const ynode *n = map_get(e, "name");
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

typedef struct target {
    ynode *holder; /* the mapping or list holding the value */
    size_t slot;   /* index of the value in holder->items */
    int create;    /* append key `last` to the mapping `holder` */
    int param;     /* rewrite parameter `last` of the compact string */
    const char *last;
    size_t last_len;
} target;

static int is_dist_param(const char *k, size_t len)
{
    for (int i = DK_MEAN; i < DK_COUNT; i++)
        if (strlen(dist_keys[i]) == len && memcmp(dist_keys[i], k, len) == 0)
            return 1;
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
            const ynode *name = map_get(holder->items[i], "name");
            if (name && name->type == YN_SCALAR) {
                words[n++] = name->text;
            } else if (is_disruption_list(c, holder)) {
                snprintf(def[n], sizeof def[n], "disruption%zu", i);
                words[n] = def[n];
                n++;
            }
        }
    }
    const char *s = suggest(k, len, words, n);
    if (s) {
        snprintf(why, size, "did you mean '%s'?", s);
        return;
    }
    char list[512];
    join(list, sizeof list, words, n);
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
static int path_find(scn *c, char *const *comps, size_t n, target *t,
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
            while (j + 1 < cur->n && !node_is(cur->items[j], k))
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
                numeric = is_digit((unsigned char)k[q]);
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
            int number = node_number(cur, &x);
            int compact = !number && memchr(cur->text, '(', cur->len) != NULL;
            int dist_valued = is_dist_key(comps[i - 1]) ||
                              (i >= 2 && is_per_product_key(comps[i - 2]));
            if (last && is_dist_param(k, len) && dist_valued &&
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
    if (node_number(old, &x))
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
        if (precheck(text, len, &line, &col, why, sizeof why)) {
            err_cmd(c, "--set %s: %s", label, why);
            return NULL;
        }
        int rc = build_tree(c, text, len, label, &b, &root);
        c->nodes = nodes; /* overrides do not count against the file */
        if (rc != 0) {
            err_cmd(c, "--set %s: %s (in the value)", label, b.err);
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
    ynode **items = arena_alloc(&c->mem, (map->n + 2) * sizeof *items);
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
static char **split_path(scn *c, const char *path, size_t len, size_t *n)
{
    size_t count = 1;
    for (size_t i = 0; i < len; i++)
        count += path[i] == '.';
    char **comps = arena_alloc(&c->mem, count * sizeof *comps);
    if (!comps) {
        c->oom = 1;
        return NULL;
    }
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= len; i++)
        if (i == len || path[i] == '.') {
            if (i == start)
                return NULL;
            comps[k++] = arena_strndup(&c->mem, path + start, i - start);
            if (!comps[k - 1]) {
                c->oom = 1;
                return NULL;
            }
            start = i + 1;
        }
    *n = count;
    return comps;
}

static void apply_override(scn *c, const char *spec)
{
    char shown[SHOWBUF], why[600];
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec) {
        err_cmd(c, "--set %s: no PATH=; expected PATH=VALUE (e.g. "
                   "demand.rate=40)",
                show(shown, sizeof shown, spec, strlen(spec)));
        return;
    }
    size_t plen = (size_t)(eq - spec), n = 0;
    char *label = arena_strndup(&c->mem, spec, plen);
    if (!label) {
        c->oom = 1;
        return;
    }
    char **comps = split_path(c, spec, plen, &n);
    if (!comps) {
        err_cmd(c, "--set %s: empty key in the path; expected KEY.KEY... "
                   "(e.g. suppliers.local.lead_time)",
                show(shown, sizeof shown, label, plen));
        return;
    }
    target t;
    if (path_find(c, comps, n, &t, why, sizeof why)) {
        err_cmd(c, "--set %s: no such key; %s",
                show(shown, sizeof shown, label, plen), why);
        return;
    }
    ynode *value = override_value(c, label, eq + 1);
    if (!value)
        return;
    if (t.param) {
        if (value->type != YN_SCALAR) {
            err_cmd(c, "--set %s: a distribution parameter takes a number; "
                       "expected PATH=NUMBER",
                    show(shown, sizeof shown, label, plen));
            return;
        }
        const ynode *old = t.holder->items[t.slot];
        ynode *n2 = rewrite_param(c, old, t.last, value, label);
        if (n2)
            t.holder->items[t.slot] = n2;
        else if (!c->oom)
            err_cmd(c, "--set %s: '%s' is not written NAME(KEY=VALUE, ...); "
                       "expected a distribution such as gamma(mean=2, cv=0.5)",
                    show(shown, sizeof shown, label, plen),
                    show(why, SHOWBUF, old->text, old->len));
    } else if (t.create) {
        ynode *key = new_scalar(c, t.last, t.last_len, 1, label);
        if (key)
            append_pair(c, t.holder, key, value);
    } else {
        t.holder->items[t.slot] = value;
    }
}

/* ---- the scenario ------------------------------------------------------- */

enum {
    T_NAME, T_DESCRIPTION, T_TIME_UNIT, T_HORIZON, T_WARMUP, T_REPLICATIONS,
    T_SEED, T_ITEM, T_DEMAND, T_SUPPLIERS, T_DISRUPTIONS, T_POLICIES,
    T_BASELINE, T_SWEEP, T_PRODUCTS, T_RAW, T_STAGES, T_COUNT
};
static const char *const top_keys[T_COUNT] = {
    "name", "description", "time_unit", "horizon", "warmup", "replications",
    "seed", "item", "demand", "suppliers", "disruptions", "policies",
    "baseline", "sweep", "products", "raw", "stages",
};

static const char *const time_units[] = {"day", "week", "hour", "month",
                                         "year"};
static const double units_per_year[] = {365.0, 52.0, 8760.0, 12.0, 1.0};

enum {
    I_UNIT_COST, I_HOLDING_COST, I_HOLDING_RATE, I_BACKORDER_COST,
    I_STOCKOUT_COST, I_LOST_SALES, I_INITIAL_INVENTORY, I_SHELF_LIFE,
    I_SCRAP_COST, I_COUNT
};
static const char *const item_keys[I_COUNT] = {
    "unit_cost", "holding_cost", "holding_rate", "backorder_cost",
    "stockout_cost", "lost_sales", "initial_inventory", "shelf_life",
    "scrap_cost",
};

/* Reads the item keys found (f[k] for item_keys[k], NULL when absent) over
 * the values already in *it: the top-level item over the defaults, a
 * product over the top-level item. `initial` takes initial_inventory. */
static void read_item(scn *c, const ynode *const *f, item_spec *it,
                      double *initial)
{
    double x;
    int b;
    if (!get_num(c, f[I_UNIT_COST], "unit_cost", R_NONNEG,
                 "a value >= 0 per unit", &x))
        it->unit_cost = x;
    if (f[I_HOLDING_COST] && f[I_HOLDING_RATE]) {
        const ynode *second = after(f[I_HOLDING_COST], f[I_HOLDING_RATE])
                                  ? f[I_HOLDING_COST]
                                  : f[I_HOLDING_RATE];
        err_at(c, second, "holding_cost and holding_rate are both given; "
                          "expected one of them (holding_cost per unit per "
                          "time unit, or holding_rate per year of unit_cost)");
    } else if (!get_num(c, f[I_HOLDING_COST], "holding_cost", R_NONNEG,
                        "a cost >= 0 per unit per time unit", &x)) {
        it->holding_cost = x;
        it->holding_rate = NAN;
    } else if (!get_num(c, f[I_HOLDING_RATE], "holding_rate", R_NONNEG,
                        "a fraction of unit_cost per year >= 0 (0.25 is "
                        "25%)",
                        &x)) {
        /* Over an inherited holding_cost, the rate given here wins. */
        it->holding_rate = x;
        it->holding_cost = NAN;
    }
    if (!get_num(c, f[I_BACKORDER_COST], "backorder_cost", R_NONNEG,
                 "a cost >= 0 per unit backordered per time unit", &x))
        it->backorder_cost = x;
    if (!get_num(c, f[I_STOCKOUT_COST], "stockout_cost", R_NONNEG,
                 "a cost >= 0 per unit short", &x))
        it->stockout_cost = x;
    if (!get_bool(c, f[I_LOST_SALES], "lost_sales",
                  "true (unmet demand is lost) or false (it is backordered)",
                  &b))
        it->lost_sales = b;
    if (initial && !get_num(c, f[I_INITIAL_INVENTORY], "initial_inventory",
                            R_WHOLE, "a whole number of units >= 0", &x))
        *initial = x;
    if (!get_num(c, f[I_SHELF_LIFE], "shelf_life", R_NONNEG,
                 "a time >= 0 (0: unlimited)", &x))
        it->shelf_life = x;
    if (!get_num(c, f[I_SCRAP_COST], "scrap_cost", R_NONNEG,
                 "a cost >= 0 per unit scrapped", &x))
        it->scrap_cost = x;
}

static void check_item(scn *c, const ynode *v)
{
    const ynode *f[I_COUNT];
    size_t before = c->errs.seq;
    if (!v)
        return;
    if (check_map(c, v, "item", "a mapping of the item's costs (item: "
                                "{unit_cost: 20, holding_rate: 0.25})"))
        return;
    map_fields(c, v, "the item", item_keys, I_COUNT, f);
    item_spec *it = &c->item;
    read_item(c, f, it, &c->initial_inventory);
    char why[400];
    if (c->errs.seq == before && item_spec_check(it, why, sizeof why))
        err_at(c, v, "item: %s",
               with_expect(why, sizeof why, "a consistent item"));
}

enum {
    D_ARRIVALS, D_RATE, D_SIZE, D_QUANTITY, D_PERIOD, D_FILE, D_TREND,
    D_SEASON, D_SHOCKS, D_COUNT
};
static const char *const demand_keys[D_COUNT] = {
    "arrivals", "rate", "size", "quantity", "period", "file", "trend",
    "season", "shocks",
};
static const char *const arrival_names[] = {"poisson", "periodic", "trace"};
/* The keys each kind of arrivals takes, and what to say otherwise. */
static const unsigned arrival_takes[] = {
    1u << D_ARRIVALS | 1u << D_RATE | 1u << D_SIZE | 1u << D_TREND |
        1u << D_SEASON | 1u << D_SHOCKS,
    1u << D_ARRIVALS | 1u << D_QUANTITY | 1u << D_PERIOD | 1u << D_TREND |
        1u << D_SEASON | 1u << D_SHOCKS,
    1u << D_ARRIVALS | 1u << D_FILE,
};
static const char *const arrival_expect[] = {
    "rate and size (quantity and period go with arrivals: periodic)",
    "quantity and period (rate and size go with arrivals: poisson)",
    "only file (a trace is replayed as recorded, unshaped)",
};

static const char *const season_keys[] = {"amplitude", "period", "phase"};
static const char *const shock_keys[] = {"start", "end", "factor"};

static void join_path(char *out, size_t size, const char *dir,
                      const char *file)
{
    if (file[0] == '/' || dir[0] == '\0')
        snprintf(out, size, "%s", file);
    else
        snprintf(out, size, "%s/%s", dir, file);
}

/* Reads a demand mapping (the top level's, or a product's) into d. */
static void read_demand(scn *c, const ynode *v, demand_spec *d)
{
    const ynode *f[D_COUNT];
    double x;
    size_t before = c->errs.seq;
    if (check_map(c, v, "demand", "a mapping (demand: {arrivals: poisson, "
                                  "rate: 40, size: 1})"))
        return;
    map_fields(c, v, "the demand", demand_keys, D_COUNT, f);
    int arrivals = 0;
    if (get_choice(c, f[D_ARRIVALS], "arrivals", arrival_names, 3,
                   &arrivals) < 0)
        return;
    d->arrivals = (demand_arrivals)arrivals;
    for (int k = 0; k < D_COUNT; k++)
        if (f[k] && !(arrival_takes[arrivals] & (1u << k)))
            err_at(c, f[k], "%s does not apply to %s arrivals; expected %s",
                   demand_keys[k], arrival_names[arrivals],
                   arrival_expect[arrivals]);
    if (arrivals == DEMAND_POISSON) {
        if (!f[D_RATE])
            err_at(c, v, "poisson demand has no rate; expected rate: "
                         "customer orders per time unit > 0");
        else if (!get_num(c, f[D_RATE], "rate", R_POS,
                          "customer orders per time unit > 0", &x))
            d->rate = x;
        set_dist(c, f[D_SIZE], "size",
                 "a distribution of units per order >= 0", &d->size);
    } else if (arrivals == DEMAND_PERIODIC) {
        if (!f[D_QUANTITY])
            err_at(c, v, "periodic demand has no quantity; expected quantity: "
                         "a distribution of units per period >= 0");
        else
            set_dist(c, f[D_QUANTITY], "quantity",
                     "a distribution of units per period >= 0", &d->quantity);
        if (!get_num(c, f[D_PERIOD], "period", R_POS,
                     "a time between orders > 0", &x))
            d->period = x;
    } else {
        char file[1024], path[2200], why[2600];
        if (!f[D_FILE]) {
            err_at(c, v, "trace demand has no file; expected file: a CSV of "
                         "time,quantity rows");
        } else if (!get_string(c, f[D_FILE], "file", sizeof file,
                               "a CSV file name", file)) {
            join_path(path, sizeof path, c->dir, file);
            if (demand_load_trace(d, path, why, sizeof why)) {
                err_at(c, f[D_FILE], "demand file: %s",
                       with_expect(why, sizeof why,
                                   "a CSV of time,quantity rows"));
                demand_spec_free(d);
                demand_spec_init(d);
                d->arrivals = DEMAND_TRACE;
            }
        }
    }
    if (arrivals != DEMAND_TRACE) {
        if (!get_num(c, f[D_TREND], "trend", R_ANY,
                     "a growth rate per time unit (0.001 is +0.1%)", &x))
            d->trend = x;
        const ynode *s = f[D_SEASON];
        if (s && !check_map(c, s, "season",
                            "a mapping {amplitude: 0.3, period: 365, "
                            "phase: 0}")) {
            const ynode *g[3];
            map_fields(c, s, "the season", season_keys, 3, g);
            double amp = 0.0;
            if (!g[0])
                err_at(c, s, "the season has no amplitude; expected "
                             "amplitude: a fraction in [0, 1]");
            else if (!get_num(c, g[0], "amplitude", R_UNIT,
                              "a fraction in [0, 1]", &amp))
                d->season_amplitude = amp;
            if (!g[1] && amp > 0.0)
                err_at(c, s, "the season has no period; expected period: the "
                             "length of a cycle > 0");
            else if (!get_num(c, g[1], "period", R_POS,
                              "the length of a cycle > 0", &x))
                d->season_period = x;
            if (!get_num(c, g[2], "phase", R_ANY,
                         "the time of the upward zero crossing", &x))
                d->season_phase = x;
        }
        const ynode *sh = f[D_SHOCKS];
        if (sh && !check_list(c, sh, "shocks",
                              "a list of {start, end, factor}")) {
            d->shocks = calloc(sh->n ? sh->n : 1, sizeof *d->shocks);
            if (!d->shocks) {
                c->oom = 1;
                return;
            }
            for (size_t i = 0; i < sh->n; i++) {
                const ynode *e = sh->items[i], *g[3];
                demand_shock shock = {0.0, 0.0, 1.0};
                size_t b0 = c->errs.seq;
                if (check_map(c, e, "a shock", "{start: 100, end: 130, "
                                               "factor: 1.5}"))
                    continue;
                map_fields(c, e, "a shock", shock_keys, 3, g);
                for (int k = 0; k < 3; k++)
                    if (!g[k])
                        err_at(c, e, "a shock has no %s; expected {start: "
                                     "100, end: 130, factor: 1.5}",
                               shock_keys[k]);
                int start_ok = get_num(c, g[0], "start", R_NONNEG,
                                       "a time >= 0", &shock.start) == 0;
                if (!get_num(c, g[1], "end", R_NONNEG, "a time > start",
                             &shock.end) &&
                    start_ok && shock.end <= shock.start)
                    err_at(c, g[1], "end must be after start (%g), got %g; "
                                    "expected a time > start",
                           shock.start, shock.end);
                get_num(c, g[2], "factor", R_NONNEG,
                        "a demand multiplier >= 0", &shock.factor);
                if (c->errs.seq == b0)
                    d->shocks[d->n_shocks++] = shock;
            }
        }
    }
    char why[400];
    if (c->errs.seq == before && demand_spec_check(d, why, sizeof why))
        err_at(c, v, "demand: %s",
               with_expect(why, sizeof why, "a consistent demand"));
}

static void check_demand(scn *c, const ynode *root, const ynode *v)
{
    if (!v) {
        err_at(c, root, "the scenario has no demand; expected demand: "
                        "{arrivals: poisson, rate: 40, size: 1}%s",
               c->is_line ? ", or products: with a demand each" : "");
        return;
    }
    read_demand(c, v, &c->demand);
}

enum {
    S_NAME, S_LEAD_TIME, S_SERVERS, S_PROCESS_TIME, S_ORDER_COST,
    S_SHIPMENT_COST, S_UNIT_FREIGHT, S_UNIT_PRICE, S_MIN_ORDER, S_DEFECT_RATE,
    S_COUNT
};
static const char *const supplier_keys[S_COUNT] = {
    "name", "lead_time", "servers", "process_time", "order_cost",
    "shipment_cost", "unit_freight", "unit_price", "min_order",
    "defect_rate",
};

static int find_supplier(const scn *c, const ynode *v)
{
    for (size_t i = 0; i < c->n_sup; i++)
        if (c->sup_named[i] && node_is(v, c->sups[i].name))
            return (int)i;
    return -1;
}

/* Reports a name that is no supplier; -1. */
static int supplier_ref(scn *c, const ynode *v, const char *key, int *out)
{
    char shown[SHOWBUF], list[512];
    const char *names[SCN_LIST_MAX];
    if (!v)
        return 1;
    if (v->type != YN_SCALAR || node_is_null(v)) {
        type_error(c, v, key, "a supplier name", "the name of a supplier");
        return -1;
    }
    int i = find_supplier(c, v);
    if (i >= 0) {
        *out = i;
        return 0;
    }
    if (c->suppliers_absent) {
        show(shown, sizeof shown, v->text, v->len);
        err_at(c, v, "no supplier named '%s': the scenario has no "
                     "suppliers; expected a suppliers: list that names it",
               shown);
        return -1;
    }
    if (!c->have_suppliers)
        return -1; /* already reported: no usable suppliers list */
    for (size_t k = 0; k < c->n_sup; k++)
        names[k] = c->sup_named[k] ? c->sups[k].name : NULL;
    const char *s = suggest(v->text, v->len, names, c->n_sup);
    show(shown, sizeof shown, v->text, v->len);
    if (s) {
        err_at(c, v, "no supplier named '%s'; did you mean '%s'?", shown, s);
    } else {
        join(list, sizeof list, names, c->n_sup);
        err_at(c, v, "no supplier named '%s'; expected one of %s", shown,
               list);
    }
    return -1;
}

static void check_suppliers(scn *c, const ynode *root, const ynode *v)
{
    char why[400], shown[SHOWBUF];
    if (!v) {
        err_at(c, root, "the scenario has no suppliers; expected suppliers: "
                        "a list of {name: ..., lead_time: ...}");
        return;
    }
    if (check_list(c, v, "suppliers",
                   "a list of {name: local, lead_time: 2, ...}"))
        return;
    if (v->n == 0) {
        err_at(c, v, "suppliers is empty; expected at least one supplier");
        return;
    }
    if (v->n > SCN_LIST_MAX) {
        err_at(c, v, "%zu suppliers; expected at most %d", v->n, SCN_LIST_MAX);
        return;
    }
    c->sups = calloc(v->n, sizeof *c->sups);
    c->sup_named = calloc(v->n, 1);
    if (!c->sups || !c->sup_named) {
        c->oom = 1;
        return;
    }
    c->have_suppliers = 1;
    for (size_t i = 0; i < v->n; i++) {
        const ynode *e = v->items[i], *f[S_COUNT];
        supplier_spec *s = &c->sups[i];
        double x;
        size_t before = c->errs.seq;
        supplier_spec_init(s);
        c->n_sup = i + 1;
        if (check_map(c, e, "a supplier",
                      "{name: local, lead_time: 2, order_cost: 50}"))
            continue;
        map_fields(c, e, "a supplier", supplier_keys, S_COUNT, f);
        if (!f[S_NAME]) {
            err_at(c, e, "a supplier has no name; expected name: a unique "
                         "name");
        } else if (!get_name(c, f[S_NAME], "name", SUPPLIER_NAME_MAX,
                             "a supplier name", s->name)) {
            int dup = find_supplier(c, f[S_NAME]);
            if (dup >= 0)
                err_at(c, f[S_NAME], "two suppliers are named '%s'; expected "
                                     "unique names",
                       show(shown, sizeof shown, s->name, strlen(s->name)));
            else
                c->sup_named[i] = 1;
        }
        if (!f[S_LEAD_TIME])
            err_at(c, e, "a supplier has no lead_time; expected lead_time: a "
                         "distribution of times >= 0");
        else
            set_dist(c, f[S_LEAD_TIME], "lead_time",
                     "a distribution of times >= 0", &s->lead_time);
        int servers_rc = get_num(c, f[S_SERVERS], "servers",
                                 (range){0.0, 1e6, 0, 0, 1},
                                 "a whole number of servers >= 0 (0: "
                                 "unlimited capacity)",
                                 &x);
        if (servers_rc == 0)
            s->servers = (int)x;
        if (s->servers > 0 && !f[S_PROCESS_TIME])
            err_at(c, f[S_SERVERS], "servers without a process_time; expected "
                                    "process_time: a distribution of times "
                                    "> 0 per unit");
        else if (f[S_PROCESS_TIME] && s->servers == 0 && servers_rc >= 0)
            err_at(c, f[S_PROCESS_TIME], "process_time without servers; "
                                         "expected servers: a whole number "
                                         ">= 1 with it");
        else
            set_dist(c, f[S_PROCESS_TIME], "process_time",
                     "a distribution of times > 0 per unit",
                     &s->process_time);
        if (!get_num(c, f[S_ORDER_COST], "order_cost", R_NONNEG,
                     "a cost >= 0 per order", &x))
            s->order_cost = x;
        if (!get_num(c, f[S_SHIPMENT_COST], "shipment_cost", R_NONNEG,
                     "a cost >= 0 per shipment", &x))
            s->shipment_cost = x;
        if (!get_num(c, f[S_UNIT_FREIGHT], "unit_freight", R_NONNEG,
                     "a cost >= 0 per unit shipped", &x))
            s->unit_freight = x;
        if (!get_num(c, f[S_UNIT_PRICE], "unit_price", R_NONNEG,
                     "a price >= 0 per unit", &x))
            s->unit_price = x;
        if (!get_num(c, f[S_MIN_ORDER], "min_order", R_NONNEG,
                     "a number of units >= 0", &x))
            s->min_order = x;
        if (!get_num(c, f[S_DEFECT_RATE], "defect_rate",
                     (range){0.0, 1.0, 0, 1, 0}, "a fraction in [0, 1)", &x))
            s->defect_rate = x;
        if (c->errs.seq == before && supplier_spec_check(s, why, sizeof why))
            err_at(c, e, "%s",
                   with_expect(why, sizeof why, "a consistent supplier"));
    }
}

enum {
    X_NAME, X_SUPPLIER, X_STAGE, X_EFFECT, X_FACTOR, X_START, X_DURATION,
    X_EVERY, X_COUNT
};
static const char *const disruption_keys[X_COUNT] = {
    "name", "supplier", "stage", "effect", "factor", "start", "duration",
    "every",
};

/* A disruption's `stage:`: the index of a stage of the line. 0, or -1
 * after reporting. */
static int stage_ref(scn *c, const ynode *v, int *out)
{
    char shown[SHOWBUF], list[512];
    const char *names[LINE_STAGES_MAX];
    if (v->type != YN_SCALAR || node_is_null(v)) {
        type_error(c, v, "stage", "a stage name", "the name of a stage");
        return -1;
    }
    show(shown, sizeof shown, v->text, v->len);
    if (!c->is_line) {
        err_at(c, v, "stage '%s': the scenario has no stages; expected "
                     "supplier: for a disruption of a stock point's "
                     "supplier",
               shown);
        return -1;
    }
    size_t n = c->line->n_stages;
    for (size_t k = 0; k < n; k++) {
        names[k] = c->line->stages[k].name;
        if (strlen(names[k]) == v->len &&
            memcmp(names[k], v->text, v->len) == 0) {
            *out = (int)k;
            return 0;
        }
    }
    if (n == 0)
        return -1; /* the stages are already reported */
    const char *sug = suggest(v->text, v->len, names, n);
    if (sug) {
        err_at(c, v, "no stage named '%s'; did you mean '%s'?", shown, sug);
    } else {
        join(list, sizeof list, names, n);
        err_at(c, v, "no stage named '%s'; expected one of %s", shown, list);
    }
    return -1;
}
static const char *const effect_names[] = {"outage", "lead_time", "capacity",
                                           "loss"};

static void check_disruptions(scn *c, const ynode *v)
{
    char why[400], shown[SHOWBUF];
    if (!v)
        return;
    if (check_list(c, v, "disruptions",
                   "a list of {supplier: local, start: 180, duration: 21}"))
        return;
    if (v->n > SCN_LIST_MAX) {
        err_at(c, v, "%zu disruptions; expected at most %d", v->n,
               SCN_LIST_MAX);
        return;
    }
    c->dis = calloc(v->n ? v->n : 1, sizeof *c->dis);
    if (!c->dis) {
        c->oom = 1;
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const ynode *e = v->items[i], *f[X_COUNT];
        disruption_spec *d = &c->dis[i];
        double x;
        int k;
        size_t before = c->errs.seq;
        disruption_spec_init(d);
        c->n_dis = i + 1;
        snprintf(d->name, sizeof d->name, "disruption%zu", i);
        if (check_map(c, e, "a disruption",
                      "{supplier: local, start: 180, duration: 21}"))
            continue;
        map_fields(c, e, "a disruption", disruption_keys, X_COUNT, f);
        if (!get_name(c, f[X_NAME], "name", DISRUPTION_NAME_MAX,
                      "a disruption name", d->name)) {
            for (size_t j = 0; j < i; j++)
                if (strcmp(c->dis[j].name, d->name) == 0)
                    err_at(c, f[X_NAME], "two disruptions are named '%s'; "
                                         "expected unique names",
                           show(shown, sizeof shown, d->name,
                                strlen(d->name)));
        }
        if (f[X_SUPPLIER] && f[X_STAGE])
            err_at(c, f[X_STAGE], "a disruption hits a supplier or a stage, "
                                  "not both; expected one of supplier: and "
                                  "stage:");
        else if (f[X_STAGE]) {
            if (!stage_ref(c, f[X_STAGE], &k))
                d->stage = k;
        } else if (!f[X_SUPPLIER])
            err_at(c, e, "a disruption has no supplier; expected supplier: "
                         "the name of the supplier it hits%s",
                   c->is_line ? ", or stage: the stage it stops" : "");
        else if (!supplier_ref(c, f[X_SUPPLIER], "supplier", &k))
            d->supplier = k;
        if (!get_choice(c, f[X_EFFECT], "effect", effect_names, 4, &k))
            d->effect = (disruption_effect)k;
        if (f[X_STAGE] && d->effect != EFFECT_OUTAGE &&
            d->effect != EFFECT_LOSS)
            err_at(c, f[X_EFFECT], "a stage can only be stopped; expected "
                                   "effect: outage or loss with stage:");
        if (d->effect == EFFECT_LEAD_TIME || d->effect == EFFECT_CAPACITY) {
            int lead = d->effect == EFFECT_LEAD_TIME;
            const char *expect = lead ? "a lead-time multiplier > 0"
                                      : "a capacity multiplier in (0, 1]";
            if (!f[X_FACTOR])
                err_at(c, e, "a %s disruption has no factor; expected "
                             "factor: %s",
                       effect_names[d->effect], expect);
            else if (!get_num(c, f[X_FACTOR], "factor",
                              lead ? R_POS : (range){0.0, 1.0, 1, 0, 0},
                              expect, &x))
                d->factor = x;
        } else if (f[X_FACTOR]) {
            err_at(c, f[X_FACTOR], "factor does not apply to an %s; expected "
                                   "it with effect: lead_time or capacity",
                   effect_names[d->effect]);
        }
        if (!get_num(c, f[X_START], "start", R_NONNEG, "a time >= 0", &x))
            d->start = x;
        int loss = d->effect == EFFECT_LOSS;
        if (is_dist_form(f[X_EVERY]) || is_dist_form(f[X_DURATION])) {
            /* Random: a plain number is a constant distribution. */
            d->random = 1;
            if (loss) {
                err_at(c, is_dist_form(f[X_EVERY]) ? f[X_EVERY]
                                                   : f[X_DURATION],
                       "a loss is permanent and cannot be random; expected a "
                       "start time only");
                continue;
            }
            if (!f[X_EVERY])
                err_at(c, e, "a random disruption has no every; expected "
                             "every: a distribution of times between "
                             "disruptions");
            else
                set_dist(c, f[X_EVERY], "every",
                         "a distribution of times between disruptions >= 0",
                         &d->time_between);
            if (!f[X_DURATION])
                err_at(c, e, "a random disruption has no duration; expected "
                             "duration: a distribution of times >= 0");
            else
                set_dist(c, f[X_DURATION], "duration",
                         "a distribution of times >= 0", &d->random_duration);
        } else if (loss) {
            if (f[X_DURATION])
                err_at(c, f[X_DURATION], "duration does not apply to a loss "
                                         "(it is permanent); expected only a "
                                         "start");
            if (f[X_EVERY])
                err_at(c, f[X_EVERY], "every does not apply to a loss (it is "
                                      "permanent); expected only a start");
        } else {
            if (!f[X_DURATION])
                err_at(c, e, "a disruption has no duration; expected "
                             "duration: a time > 0");
            else if (!get_num(c, f[X_DURATION], "duration", R_POS,
                              "a time > 0", &x))
                d->duration = x;
            if (!get_num(c, f[X_EVERY], "every", R_NONNEG,
                         "a repeat interval longer than the duration (0: "
                         "once)",
                         &x)) {
                if (x > 0.0 && x <= d->duration)
                    err_at(c, f[X_EVERY], "every (%g) must be longer than the "
                                          "duration (%g); expected a repeat "
                                          "interval > duration, or 0 for "
                                          "once",
                           x, d->duration);
                else
                    d->every = x;
            }
        }
        if (c->errs.seq == before &&
            disruption_spec_check(d, c->n_sup, why, sizeof why))
            err_at(c, e, "%s",
                   with_expect(why, sizeof why, "a consistent disruption"));
    }
}

/* ---- production lines --------------------------------------------------- */

/* The key node of `key` in a mapping (for errors about the key itself). */
static const ynode *map_key(const ynode *map, const char *key)
{
    if (!map || map->type != YN_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2)
        if (node_is(map->items[i], key))
            return map->items[i];
    return NULL;
}

/* Stage and product names become column names ("cut.wip") and keys of the
 * per-product maps: letters, digits, '_' and '-', and never a word those
 * maps use themselves. */
static int get_line_name(scn *c, const ynode *v, const char *what, char *buf)
{
    char expect[128], shown[SHOWBUF];
    snprintf(expect, sizeof expect, "a %s name of letters, digits, '_' and "
                                    "'-'",
             what);
    int rc = get_name(c, v, "name", LINE_NAME_MAX, expect, buf);
    if (rc)
        return rc;
    show(shown, sizeof shown, buf, strlen(buf));
    for (const char *q = buf; *q; q++) {
        int ch = (unsigned char)*q;
        if (!(is_digit(ch) || (ch >= 'a' && ch <= 'z') ||
              (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '-')) {
            err_at(c, v, "%s name '%s' has a character other than letters, "
                         "digits, '_' and '-'; expected %s",
                   what, shown, expect);
            return -1;
        }
    }
    if (strcmp(buf, "default") == 0 || strcmp(buf, "dist") == 0) {
        err_at(c, v, "%s name '%s' is reserved (process_time and setup_time "
                     "maps use it as a key); expected another name",
               what, shown);
        return -1;
    }
    return 0;
}

static int find_product(const scn *c, const char *s, size_t len)
{
    for (size_t k = 0; k < c->line->n_products; k++)
        if (c->product_named[k] && strlen(c->line->products[k].name) == len &&
            memcmp(c->line->products[k].name, s, len) == 0)
            return (int)k;
    return -1;
}

/* Reports a product name that names no product (at node `at`), in `where`;
 * `with_default` adds `default` to the names offered. */
static void unknown_product(scn *c, const ynode *at, const char *s,
                            size_t len, const char *where, int with_default)
{
    char shown[SHOWBUF], list[512];
    const char *names[LINE_PRODUCTS_MAX + 1];
    size_t n = 0;
    for (size_t k = 0; k < c->line->n_products; k++)
        if (c->product_named[k])
            names[n++] = c->line->products[k].name;
    if (with_default)
        names[n++] = "default";
    const char *sug = suggest(s, len, names, n);
    show(shown, sizeof shown, s, len);
    if (sug) {
        err_at(c, at, "unknown product '%s' in %s; did you mean '%s'?", shown,
               where, sug);
    } else {
        join(list, sizeof list, names, n);
        err_at(c, at, "unknown product '%s' in %s; expected one of %s", shown,
               where, list);
    }
}

/* A scalar naming a product: its index, or -1 after reporting. */
static int product_ref(scn *c, const ynode *v, const char *where,
                       int with_default)
{
    if (v->type != YN_SCALAR || node_is_null(v) ||
        memchr(v->text, '\0', v->len)) {
        char expect[80];
        snprintf(expect, sizeof expect, "a product name in %s", where);
        type_error(c, v, where, "a product name", expect);
        return -1;
    }
    int k = find_product(c, v->text, v->len);
    if (k < 0)
        unknown_product(c, v, v->text, v->len, where, with_default);
    return k;
}

enum { PR_NAME, PR_DEMAND, PR_INITIAL, PR_ITEM, PR_COUNT = PR_ITEM + I_COUNT };

static void check_products(scn *c, const ynode *v)
{
    char why[400], shown[SHOWBUF];
    const char *keys[PR_COUNT] = {"name", "demand", "initial"};
    line_spec *line = c->line;
    /* A product takes the item's keys but initial_inventory: its own
     * `initial` says the same. */
    for (int k = 0; k < I_COUNT; k++)
        keys[PR_ITEM + k] = k == I_INITIAL_INVENTORY ? NULL : item_keys[k];
    if (check_list(c, v, "products",
                   "a list of {name: A, demand: {...}, unit_cost: ...}"))
        return;
    if (v->n == 0 || v->n > LINE_PRODUCTS_MAX) {
        err_at(c, v, "%zu products; expected 1 to %d (or no products: for one "
                     "product made of item: and demand:)",
               v->n, LINE_PRODUCTS_MAX);
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const ynode *e = v->items[i], *f[PR_COUNT];
        product_spec *p = &line->products[i];
        double x;
        size_t before = c->errs.seq;
        product_spec_init(p);
        line->n_products = i + 1;
        p->item = c->item;
        p->initial = c->initial_inventory;
        if (check_map(c, e, "a product",
                      "{name: A, demand: {rate: 20}, unit_cost: 30}"))
            continue;
        map_fields(c, e, "a product", keys, PR_COUNT, f);
        if (!f[PR_NAME]) {
            err_at(c, e, "a product has no name; expected name: a unique "
                         "name");
        } else if (!get_line_name(c, f[PR_NAME], "product", p->name)) {
            if (find_product(c, p->name, strlen(p->name)) >= 0)
                err_at(c, f[PR_NAME], "two products are named '%s'; expected "
                                      "unique names",
                       show(shown, sizeof shown, p->name, strlen(p->name)));
            else
                c->product_named[i] = 1;
        }
        if (!f[PR_DEMAND])
            err_at(c, e, "a product has no demand; expected demand: "
                         "{arrivals: poisson, rate: 20, size: 1}");
        else
            read_demand(c, f[PR_DEMAND], &p->demand);
        if (!get_num(c, f[PR_INITIAL], "initial", R_WHOLE,
                     "a whole number of finished units >= 0", &x))
            p->initial = x;
        read_item(c, f + PR_ITEM, &p->item, NULL);
        if (c->errs.seq == before && item_spec_check(&p->item, why,
                                                     sizeof why))
            err_at(c, e, "product %s: %s", p->name,
                   with_expect(why, sizeof why, "a consistent item"));
    }
}

/* Without products:, the line makes one product of the item and demand. */
static void implicit_product(scn *c)
{
    product_spec *p = &c->line->products[0];
    product_spec_init(p);
    c->line->n_products = 1;
    c->product_named[0] = 1;
    p->item = c->item;
    p->initial = c->initial_inventory;
    demand_spec_free(&p->demand);
    if (demand_spec_copy(&p->demand, &c->demand)) {
        demand_spec_init(&p->demand);
        c->oom = 1;
    }
}

enum { RW_SUPPLIER, RW_s, RW_S, RW_UNIT_COST, RW_INITIAL, RW_COUNT };
static const char *const raw_keys[RW_COUNT] = {"supplier", "s", "S",
                                               "unit_cost", "initial"};

static void check_raw(scn *c, const ynode *v)
{
    const ynode *f[RW_COUNT];
    raw_spec *raw = &c->line->raw;
    double x;
    int k;
    if (check_map(c, v, "raw", "a mapping {supplier: NAME, s: 200, S: 600}"))
        return;
    map_fields(c, v, "raw", raw_keys, RW_COUNT, f);
    if (!f[RW_SUPPLIER])
        err_at(c, v, "raw has no supplier; expected supplier: the supplier "
                     "of raw material (leave raw: out for unlimited "
                     "material)");
    else if (!supplier_ref(c, f[RW_SUPPLIER], "supplier", &k))
        raw->supplier = k;
    int have_s = 0;
    if (!f[RW_s])
        err_at(c, v, "raw has no s; expected s: the reorder level, a whole "
                     "number of units >= 0");
    else if (!get_num(c, f[RW_s], "s", R_WHOLE,
                      "a reorder level, a whole number of units >= 0", &x)) {
        raw->s = x;
        have_s = 1;
    }
    if (!f[RW_S])
        err_at(c, v, "raw has no S; expected S: the order-up-to level, a "
                     "whole number of units > s");
    else if (!get_num(c, f[RW_S], "S", R_WHOLE,
                      "an order-up-to level, a whole number of units > s",
                      &x)) {
        if (have_s && x <= raw->s)
            err_at(c, f[RW_S], "S must be above s (%g), got %g; expected an "
                               "order-up-to level > s",
                   raw->s, x);
        else
            raw->S = x;
    }
    if (!get_num(c, f[RW_UNIT_COST], "unit_cost", R_NONNEG,
                 "a value >= 0 per raw unit", &x))
        raw->unit_cost = x;
    if (!get_num(c, f[RW_INITIAL], "initial", R_WHOLE,
                 "a whole number of raw units >= 0", &x))
        raw->initial = x;
}

enum {
    ST_NAME, ST_MACHINES, ST_PROCESS_TIME, ST_SETUP_TIME, ST_SETUP_COST,
    ST_BREAKDOWNS, ST_MAINTENANCE, ST_DEFECT_RATE, ST_DEFECTS, ST_CARDS,
    ST_COUNT
};
static const char *const stage_keys[ST_COUNT] = {
    "name", "machines", "process_time", "setup_time", "setup_cost",
    "breakdowns", "maintenance", "defect_rate", "defects", "cards",
};
static const char *const defect_names[] = {"scrap", "rework"};
static const char *const clock_names[] = {"operating", "clock"};

/* A distribution whose mean must be > 0 (a process time, a time between
 * failures). */
static int get_dist_positive(scn *c, const ynode *v, const char *key,
                             const char *expect, dist *out)
{
    int rc = get_dist(c, v, key, expect, out);
    if (rc)
        return rc;
    if (!(dist_mean(out) > 0.0)) {
        err_at(c, v, "%s has a mean of %g; expected %s", key, dist_mean(out),
               expect);
        dist_free(out);
        return -1;
    }
    return 0;
}

/* Whether a mapping is one distribution ({dist: NAME, ...}) rather than
 * one per product. */
static int is_per_product(const ynode *v)
{
    return v && v->type == YN_MAP && !map_get(v, "dist");
}

/* A key of a per-product map that is no product: said plainly when it
 * looks like a distribution's parameter written without `dist:`. */
static void per_product_key_error(scn *c, const ynode *key, const char *map,
                                  const char *form)
{
    char shown[SHOWBUF];
    show(shown, sizeof shown, key->text, key->len);
    if (is_dist_param(key->text, key->len))
        err_at(c, key, "%s has no dist: and '%s' is no product; expected "
                       "{dist: NAME, %s: ...} for one distribution, or %s "
                       "for one per product",
               map, shown, shown, form);
    else
        unknown_product(c, key, key->text, key->len, map, 1);
}

static const char *const process_expect =
    "a distribution of times per unit with mean > 0";

static void stage_process_time(scn *c, const ynode *v, stage_spec *st)
{
    if (!is_per_product(v)) {
        dist d;
        if (!get_dist_positive(c, v, "process_time", process_expect, &d)) {
            dist_free(&st->process_time);
            st->process_time = d;
        }
        return;
    }
    const ynode *seen[LINE_PRODUCTS_MAX] = {0}, *def = NULL;
    char shown[SHOWBUF];
    size_t before = c->errs.seq;
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const ynode *key = v->items[i], *val = v->items[i + 1];
        if (key->type != YN_SCALAR || memchr(key->text, '\0', key->len)) {
            char buf[SHOWBUF + 8];
            err_at(c, key, "a key in process_time is %s; expected a product "
                           "name or default",
                   describe(key, buf, sizeof buf));
            continue;
        }
        const ynode **slot;
        int p = -1;
        if (node_is(key, "default")) {
            slot = &def;
        } else if ((p = find_product(c, key->text, key->len)) >= 0) {
            slot = &seen[p];
        } else {
            per_product_key_error(c, key, "process_time",
                                  "{A: 0.5, B: 0.7, default: 0.6}");
            continue;
        }
        if (*slot) {
            err_at(c, key, "%s is given twice in process_time; expected each "
                           "product once",
                   show(shown, sizeof shown, key->text, key->len));
            continue;
        }
        *slot = val;
        dist d;
        if (get_dist_positive(c, val, "process_time", process_expect, &d))
            continue;
        if (p < 0) {
            dist_free(&st->process_time);
            st->process_time = d;
        } else {
            st->product_process[p] = d;
            st->product_process_given[p] = 1;
        }
    }
    if (def || c->errs.seq != before)
        return;
    /* Without a default, every product needs its own. */
    const char *missing[LINE_PRODUCTS_MAX];
    size_t n = 0;
    for (size_t p = 0; p < c->line->n_products; p++)
        if (!seen[p] && c->product_named[p])
            missing[n++] = c->line->products[p].name;
    if (n) {
        char list[512];
        join(list, sizeof list, missing, n);
        err_at(c, v, "process_time gives no time for %s %s and no default; "
                     "expected a distribution for every product, or "
                     "default: one for the products not listed",
               n > 1 ? "products" : "product", list);
    }
}

static void stage_setup_time(scn *c, const ynode *v, stage_spec *st)
{
    const char *expect = "a distribution of setup times >= 0";
    if (!is_per_product(v)) {
        set_dist(c, v, "setup_time", expect, &st->setup_time);
        return;
    }
    const ynode *def = NULL;
    char shown[SHOWBUF];
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const ynode *key = v->items[i], *val = v->items[i + 1];
        if (key->type != YN_SCALAR || memchr(key->text, '\0', key->len)) {
            char buf[SHOWBUF + 8];
            err_at(c, key, "a key in setup_time is %s; expected FROM->TO (two "
                           "product names) or default",
                   describe(key, buf, sizeof buf));
            continue;
        }
        show(shown, sizeof shown, key->text, key->len);
        if (node_is(key, "default")) {
            if (def) {
                err_at(c, key, "default is given twice in setup_time; "
                               "expected it once");
                continue;
            }
            def = key;
            set_dist(c, val, "setup_time", expect, &st->setup_time);
            continue;
        }
        /* FROM->TO: names hold no '>', so the arrow is where it is. */
        const char *gt = memchr(key->text, '>', key->len);
        if (!gt || gt == key->text || gt[-1] != '-') {
            if (is_dist_param(key->text, key->len))
                per_product_key_error(c, key, "setup_time",
                                      "{default: 0.2, A->B: 1}");
            else
                err_at(c, key, "unknown key '%s' in setup_time; expected "
                               "default or FROM->TO with two product names "
                               "(A->B)",
                       shown);
            continue;
        }
        const char *a = key->text, *ae = gt - 1, *b = gt + 1,
                   *be = key->text + key->len;
        while (a < ae && *a == ' ')
            a++;
        while (ae > a && ae[-1] == ' ')
            ae--;
        while (b < be && *b == ' ')
            b++;
        while (be > b && be[-1] == ' ')
            be--;
        int from = find_product(c, a, (size_t)(ae - a));
        int to = find_product(c, b, (size_t)(be - b));
        if (from < 0)
            unknown_product(c, key, a, (size_t)(ae - a), "setup_time", 0);
        if (to < 0)
            unknown_product(c, key, b, (size_t)(be - b), "setup_time", 0);
        if (from < 0 || to < 0)
            continue;
        if (from == to) {
            err_at(c, key, "%s: a machine needs no setup to go on with the "
                           "same product; expected two different products",
                   shown);
            continue;
        }
        if (st->setup_pair_given[from][to]) {
            err_at(c, key, "%s is given twice in setup_time; expected each "
                           "pair once",
                   shown);
            continue;
        }
        dist d;
        if (!get_dist(c, val, "setup_time", expect, &d)) {
            st->setup_pair[from][to] = d;
            st->setup_pair_given[from][to] = 1;
        }
    }
}

static const char *const breakdown_keys[] = {"mtbf", "mttr", "by"};

static void stage_breakdowns(scn *c, const ynode *v, stage_spec *st)
{
    const ynode *g[3];
    dist mtbf, mttr;
    int by = 0;
    const char *example = "{mtbf: \"exponential(mean=40)\", mttr: "
                          "\"exponential(mean=2)\", by: operating}";
    if (check_map(c, v, "breakdowns", example))
        return;
    map_fields(c, v, "breakdowns", breakdown_keys, 3, g);
    if (!g[0])
        err_at(c, v, "breakdowns has no mtbf; expected mtbf: a distribution "
                     "of times between failures with mean > 0");
    if (!g[1])
        err_at(c, v, "breakdowns has no mttr; expected mttr: a distribution "
                     "of repair times >= 0");
    int ok_tbf = g[0] && !get_dist_positive(c, g[0], "mtbf",
                                            "a distribution of times between "
                                            "failures with mean > 0",
                                            &mtbf);
    int ok_ttr = g[1] && !get_dist(c, g[1], "mttr",
                                   "a distribution of repair times >= 0",
                                   &mttr);
    int ok_by = get_choice(c, g[2], "by", clock_names, 2, &by) >= 0;
    if (ok_tbf && ok_ttr && ok_by) {
        st->breakdown.enabled = 1;
        st->breakdown.time_between = mtbf;
        st->breakdown.repair = mttr;
        st->breakdown.by_clock = by;
        return;
    }
    if (ok_tbf)
        dist_free(&mtbf);
    if (ok_ttr)
        dist_free(&mttr);
}

static const char *const maintenance_keys[] = {"every", "duration",
                                               "mtbf_factor"};

static void stage_maintenance(scn *c, const ynode *v, stage_spec *st)
{
    const ynode *g[3];
    double every = 0.0, factor = 1.0;
    dist duration;
    size_t before = c->errs.seq;
    if (check_map(c, v, "maintenance",
                  "{every: 40, duration: 1, mtbf_factor: 3}"))
        return;
    map_fields(c, v, "maintenance", maintenance_keys, 3, g);
    if (!g[0])
        err_at(c, v, "maintenance has no every; expected every: the operating "
                     "time between stops > 0");
    else
        get_num(c, g[0], "every", R_POS,
                "the operating time between stops > 0", &every);
    if (!g[1])
        err_at(c, v, "maintenance has no duration; expected duration: a "
                     "distribution of times >= 0");
    get_num(c, g[2], "mtbf_factor", (range){1.0, INFINITY, 0, 0, 0},
            "a multiplier >= 1 of the time between failures", &factor);
    if (g[1] && !get_dist(c, g[1], "duration",
                          "a distribution of times >= 0", &duration)) {
        if (c->errs.seq != before) {
            dist_free(&duration);
            return;
        }
        st->maintenance.enabled = 1;
        st->maintenance.every = every;
        st->maintenance.duration = duration;
        st->maintenance.mtbf_factor = factor;
    }
}

static void check_stages(scn *c, const ynode *v, int explicit_products)
{
    char shown[SHOWBUF];
    line_spec *line = c->line;
    if (check_list(c, v, "stages",
                   "a list of {name: cut, process_time: ...} in flow order"))
        return;
    if (v->n == 0 || v->n > LINE_STAGES_MAX) {
        err_at(c, v, "%zu stages; expected 1 to %d stages, in flow order",
               v->n, LINE_STAGES_MAX);
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const ynode *e = v->items[i], *f[ST_COUNT];
        stage_spec *st = &line->stages[i];
        double x;
        int k;
        stage_spec_init(st);
        line->n_stages = i + 1;
        if (check_map(c, e, "a stage", "{name: cut, machines: 1, "
                                       "process_time: 0.5}"))
            continue;
        map_fields(c, e, "a stage", stage_keys, ST_COUNT, f);
        if (!f[ST_NAME]) {
            err_at(c, e, "a stage has no name; expected name: a unique name");
        } else if (!get_line_name(c, f[ST_NAME], "stage", st->name)) {
            show(shown, sizeof shown, st->name, strlen(st->name));
            int dup = 0;
            for (size_t j = 0; j < i; j++)
                dup |= strcmp(line->stages[j].name, st->name) == 0;
            if (dup)
                err_at(c, f[ST_NAME], "two stages are named '%s'; expected "
                                      "unique names",
                       shown);
            else if (explicit_products &&
                     find_product(c, st->name, strlen(st->name)) >= 0)
                err_at(c, f[ST_NAME], "stage '%s' has the name of a product; "
                                      "expected stage names unlike the "
                                      "products' (their columns would "
                                      "clash)",
                       shown);
        }
        if (!get_num(c, f[ST_MACHINES], "machines", (range){1, 1e6, 0, 0, 1},
                     "a whole number of machines >= 1", &x))
            st->machines = (int)x;
        if (!f[ST_PROCESS_TIME])
            err_at(c, e, "a stage has no process_time; expected "
                         "process_time: %s, or one per product",
                   process_expect);
        else
            stage_process_time(c, f[ST_PROCESS_TIME], st);
        if (f[ST_SETUP_TIME])
            stage_setup_time(c, f[ST_SETUP_TIME], st);
        if (!get_num(c, f[ST_SETUP_COST], "setup_cost", R_NONNEG,
                     "a cost >= 0 per setup", &x))
            st->setup_cost = x;
        if (f[ST_BREAKDOWNS])
            stage_breakdowns(c, f[ST_BREAKDOWNS], st);
        if (f[ST_MAINTENANCE])
            stage_maintenance(c, f[ST_MAINTENANCE], st);
        if (!get_num(c, f[ST_DEFECT_RATE], "defect_rate",
                     (range){0.0, 1.0, 0, 1, 0}, "a fraction in [0, 1)", &x))
            st->defect_rate = x;
        if (!get_choice(c, f[ST_DEFECTS], "defects", defect_names, 2, &k))
            st->rework = k;
        if (!get_num(c, f[ST_CARDS], "cards", (range){1, 1e9, 0, 0, 1},
                     "a whole number of kanban cards >= 1", &x))
            st->cards = x;
    }
}

/* The line's sections, in a scenario with stages: (and the mistake of
 * giving products: or raw: without one). */
static void check_line(scn *c, const ynode *const *f)
{
    if (!c->is_line) {
        for (int k = T_PRODUCTS; k <= T_RAW; k++) {
            const ynode *key = map_key(c->root, top_keys[k]);
            if (key)
                err_at(c, key, "%s: belongs to a production line; expected "
                               "a stages: section with it, or no %s:",
                       top_keys[k], top_keys[k]);
        }
        return;
    }
    if (f[T_PRODUCTS])
        check_products(c, f[T_PRODUCTS]);
    else
        implicit_product(c);
    if (f[T_RAW])
        check_raw(c, f[T_RAW]);
    check_stages(c, f[T_STAGES], f[T_PRODUCTS] != NULL);
}

enum {
    P_NAME, P_TYPE, P_SUPPLIER, P_INITIAL_INVENTORY, P_EMERGENCY_STOCK,
    P_BACKUP_SUPPLIER, P_SWITCH_AFTER, P_EXPEDITE, P_SEQUENCE, P_COMMON
};
static const char *const policy_common[P_COMMON] = {
    "name", "type", "supplier", "initial_inventory", "emergency_stock",
    "backup_supplier", "switch_after", "expedite", "sequence",
};
/* Parameters users give: the ones before the internal _plan ones. */
#define PARAM_USER PARAM_PLAN_DEMAND

static const char *const forecast_names[] = {"moving_average",
                                             "exponential"};

static void check_expedite(scn *c, const ynode *v, policy_spec *p)
{
    double x;
    const char *expect = "a transit multiplier in (0, 1], or {factor: 0.5, "
                         "cost: 2}";
    if (v->type == YN_MAP) {
        static const char *const keys[] = {"factor", "cost"};
        const ynode *g[2];
        map_fields(c, v, "expedite", keys, 2, g);
        if (!g[0])
            err_at(c, v, "expedite has no factor; expected factor: a transit "
                         "multiplier in (0, 1]");
        else if (!get_num(c, g[0], "factor", (range){0.0, 1.0, 1, 0, 0},
                          "a transit multiplier in (0, 1]", &x))
            p->expedite = x;
        if (!get_num(c, g[1], "cost", R_NONNEG, "a cost >= 0 per unit "
                                                "expedited",
                     &x))
            p->expedite_cost = x;
    } else if (!get_num(c, v, "expedite", (range){0.0, 1.0, 1, 0, 0}, expect,
                        &x)) {
        p->expedite = x;
    }
}

/* Whether a type releases products one pitch slot at a time, and so takes
 * a `sequence` (heijunka, campaign). */
static int takes_sequence(const policy_type *type)
{
    return type && (type->line_accepted & (1u << PARAM_PITCH));
}

/* "kanban, mrp, ..." for the types that can (line = 1) or the ones that
 * cannot be used without a line (line = 0). */
static void type_list(char *buf, size_t size, int line, int sequence)
{
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < policy_type_count() && n < 64; i++) {
        const policy_type *t = policy_type_at(i);
        if (sequence ? takes_sequence(t)
                     : line ? t->line_accepted != 0 : !t->line_only)
            names[n++] = t->name;
    }
    join(buf, size, names, n);
}

/* A policy's `sequence`: product names, into seq. */
static void check_sequence(scn *c, const ynode *v, struct pol_sequence *seq)
{
    if (check_list(c, v, "sequence", "a list of product names [A, B, A, C]"))
        return;
    if (v->n == 0 || v->n > LINE_SEQUENCE_MAX) {
        err_at(c, v, "sequence has %zu entries; expected 1 to %d product "
                     "names",
               v->n, LINE_SEQUENCE_MAX);
        return;
    }
    size_t before = c->errs.seq;
    for (size_t i = 0; i < v->n; i++) {
        const ynode *e = v->items[i];
        int k = product_ref(c, e, "sequence", 0);
        if (k >= 0)
            seq->v[i] = (unsigned char)k;
    }
    if (c->errs.seq == before)
        seq->n = v->n;
}

/* In a line scenario, the stock point's keys of a policy have no meaning:
 * say what to use instead. */
static void line_policy_keys(scn *c, const ynode *e)
{
    static const struct {
        int key;
        const char *instead;
    } keys[] = {
        {P_SUPPLIER, "raw: {supplier: NAME, s: ..., S: ...} to say where "
                     "the line's material comes from"},
        {P_INITIAL_INVENTORY, "initial: in each product for its finished "
                              "units at the start"},
        {P_EMERGENCY_STOCK, "name, type, sequence and the control's "
                            "parameters (emergency_stock is a stock point's "
                            "mitigation)"},
        {P_BACKUP_SUPPLIER, "name, type, sequence and the control's "
                            "parameters (backup_supplier is a stock point's "
                            "mitigation)"},
        {P_SWITCH_AFTER, "name, type, sequence and the control's "
                         "parameters (switch_after is a stock point's "
                         "mitigation)"},
        {P_EXPEDITE, "name, type, sequence and the control's parameters "
                     "(expedite is a stock point's mitigation)"},
    };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const ynode *key = map_key(e, policy_common[keys[k].key]);
        if (key)
            err_at(c, key, "%s does not apply to a policy controlling a "
                           "production line; expected %s",
                   policy_common[keys[k].key], keys[k].instead);
    }
}

/* Bounds of the line controls' own parameters, checked here because no
 * stock-point resolve step sees them. */
static range line_param_range(int param, const char **expect)
{
    switch (param) {
    case PARAM_WIP:
        *expect = "a whole number of units >= 1, or auto";
        return (range){1.0, 1e15, 0, 0, 1};
    case PARAM_PITCH:
        *expect = "a time > 0 between releases, or auto";
        return R_POS;
    case PARAM_BATCH:
        *expect = "a whole number of leveled cycles >= 1, or auto";
        return (range){1.0, 1e6, 0, 0, 1};
    default:
        *expect = "a number, or auto";
        return R_ANY;
    }
}

static void check_policies(scn *c, const ynode *root, const ynode *v)
{
    char shown[SHOWBUF], list[512];
    const char *type_names[64];
    size_t n_types = policy_type_count();
    if (n_types > 64)
        n_types = 64;
    for (size_t i = 0; i < n_types; i++)
        type_names[i] = policy_type_at(i)->name;
    if (!v) {
        err_at(c, root, "the scenario has no policies; expected policies: a "
                        "list of {name: ..., type: ...}");
        return;
    }
    if (check_list(c, v, "policies",
                   "a list of {name: JIT, type: kanban, ...}"))
        return;
    if (v->n == 0) {
        err_at(c, v, "policies is empty; expected at least one policy");
        return;
    }
    if (v->n > SCN_LIST_MAX) {
        err_at(c, v, "%zu policies; expected at most %d", v->n, SCN_LIST_MAX);
        return;
    }
    c->pols = calloc(v->n, sizeof *c->pols);
    c->pol_nodes = calloc(v->n, sizeof *c->pol_nodes);
    c->pol_ok = calloc(v->n, 1);
    c->pol_seq = calloc(v->n, sizeof *c->pol_seq);
    if (!c->pols || !c->pol_nodes || !c->pol_ok || !c->pol_seq) {
        c->oom = 1;
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const ynode *e = v->items[i];
        policy_spec *p = &c->pols[i];
        size_t before = c->errs.seq;
        double x;
        int k;
        policy_spec_init(p);
        c->n_pol = i + 1;
        c->pol_nodes[i] = e;
        if (check_map(c, e, "a policy", "{name: JIT, type: kanban, cards: "
                                        "auto}"))
            continue;
        /* The keys: the common ones, then this type's parameters: as a
         * stock point's policy, or as a line's control. */
        const ynode *type_node = map_get(e, "type");
        const policy_type *type = NULL;
        if (type_node && type_node->type == YN_SCALAR &&
            !memchr(type_node->text, '\0', type_node->len))
            type = policy_find(type_node->text);
        /* A type used where it cannot work is reported once, at its type;
         * its parameters are then read without checking them against it. */
        int misplaced = type && (c->is_line ? type->line_accepted == 0
                                            : type->line_only);
        const policy_type *keyed = misplaced ? NULL : type;
        unsigned accepted = !keyed           ? 0
                            : c->is_line ? keyed->line_accepted
                                         : keyed->accepted;
        const char *keys[P_COMMON + PARAM_COUNT];
        const ynode *f[P_COMMON + PARAM_COUNT];
        for (int j = 0; j < P_COMMON; j++)
            keys[j] = policy_common[j];
        for (int j = 0; j < PARAM_COUNT; j++)
            keys[P_COMMON + j] =
                j < PARAM_USER && (!keyed || (accepted & (1u << j)))
                    ? policy_param_name((policy_param)j)
                    : NULL;
        /* A parameter of another policy deserves a better message than
         * "unknown key". */
        for (size_t j = 0; keyed && j + 1 < e->n; j += 2) {
            const ynode *key = e->items[j];
            if (key->type != YN_SCALAR)
                continue;
            int pi = memchr(key->text, '\0', key->len)
                         ? -1
                         : policy_param_find(key->text);
            if (pi >= 0 && pi < PARAM_USER && !(accepted & (1u << pi))) {
                const char *own[PARAM_COUNT];
                size_t n_own = 0;
                for (int q = 0; q < PARAM_USER; q++)
                    if (accepted & (1u << q))
                        own[n_own++] = policy_param_name((policy_param)q);
                join(list, sizeof list, own, n_own);
                err_at(c, key, "%s takes no %s%s; expected %s%s", keyed->name,
                       key->text, c->is_line ? " as a line control" : "",
                       n_own ? "its parameters " : "no parameters", list);
                /* Mark it known so map_fields does not report it again. */
                keys[P_COMMON + pi] = policy_param_name((policy_param)pi);
            }
        }
        map_fields(c, e, "a policy", keys, P_COMMON + PARAM_COUNT, f);
        for (int j = 0; j < PARAM_USER; j++)
            if (keyed && !(accepted & (1u << j)))
                f[P_COMMON + j] = NULL;
        if (!f[P_NAME]) {
            err_at(c, e, "a policy has no name; expected name: a unique name");
        } else if (!get_name(c, f[P_NAME], "name", POLICY_NAME_MAX,
                             "a policy name", p->name)) {
            for (size_t j = 0; j < i; j++)
                if (strcmp(c->pols[j].name, p->name) == 0) {
                    err_at(c, f[P_NAME], "two policies are named '%s'; "
                                         "expected unique names",
                           show(shown, sizeof shown, p->name,
                                strlen(p->name)));
                    break;
                }
        }
        join(list, sizeof list, type_names, n_types);
        if (!f[P_TYPE]) {
            err_at(c, e, "a policy has no type; expected type: one of %s",
                   list);
        } else if (!type) {
            const ynode *t = f[P_TYPE];
            if (t->type != YN_SCALAR || node_is_null(t)) {
                char expect[600];
                snprintf(expect, sizeof expect, "one of %s", list);
                type_error(c, t, "type", "a policy name", expect);
            } else {
                const char *s = suggest(t->text, t->len, type_names, n_types);
                show(shown, sizeof shown, t->text, t->len);
                if (s)
                    err_at(c, t, "unknown policy type '%s'; did you mean "
                                 "'%s'?",
                           shown, s);
                else
                    err_at(c, t, "unknown policy type '%s'; expected one of "
                                 "%s",
                           shown, list);
            }
        } else if (misplaced && c->is_line) {
            type_list(list, sizeof list, 1, 0);
            err_at(c, f[P_TYPE], "%s cannot control a production line; "
                                 "expected one of %s (or no stages: for a "
                                 "single stock point)",
                   type->name, list);
        } else if (misplaced) {
            type_list(list, sizeof list, 0, 0);
            err_at(c, f[P_TYPE], "%s controls a production line; add a "
                                 "stages: section, or use one of %s",
                   type->name, list);
        }
        p->type = type;
        if (c->is_line) {
            /* A line's control orders from no supplier (the raw store
             * does) and has no stock point of its own. */
            p->supplier = -1;
            line_policy_keys(c, e);
        } else {
            p->supplier = 0;
            if (!supplier_ref(c, f[P_SUPPLIER], "supplier", &k))
                p->supplier = k;
        }
        for (int j = 0; j < PARAM_USER; j++) {
            const ynode *pv = f[P_COMMON + j];
            const char *name = policy_param_name((policy_param)j);
            const char *expect = "a number, or auto";
            range r = c->is_line ? line_param_range(j, &expect) : R_ANY;
            if (!pv)
                continue;
            if (node_is(pv, "auto") && pv->plain) {
                policy_param_set_auto(&p->params, (policy_param)j);
            } else if (j == PARAM_FORECAST && pv->type == YN_SCALAR &&
                       !node_number(pv, &x)) {
                if (!get_choice(c, pv, name, forecast_names, 2, &k))
                    policy_param_set(&p->params, PARAM_FORECAST, k);
            } else if (!get_num(c, pv, name, r,
                                j == PARAM_FORECAST
                                    ? "moving_average or exponential"
                                    : expect,
                                &x)) {
                policy_param_set(&p->params, (policy_param)j, x);
            }
        }
        if (f[P_SEQUENCE]) {
            if (!c->is_line || (keyed && !takes_sequence(keyed))) {
                type_list(list, sizeof list, 1, 1);
                /* "heijunka, campaign" reads "heijunka or campaign". */
                char *last = strrchr(list, ',');
                if (last && strlen(list) + 3 < sizeof list) {
                    memmove(last + 3, last + 1, strlen(last + 1) + 1);
                    memcpy(last, " or", 3);
                }
                err_at(c, map_key(e, "sequence"), "%s takes no sequence; "
                                                  "expected sequence only "
                                                  "with %s, on a production "
                                                  "line",
                       type ? type->name : "this policy", list);
            } else {
                check_sequence(c, f[P_SEQUENCE], &c->pol_seq[i]);
            }
        }
        if (c->is_line) {
            c->pol_ok[i] = c->errs.seq == before && type != NULL;
            continue;
        }
        if (!get_num(c, f[P_INITIAL_INVENTORY], "initial_inventory", R_WHOLE,
                     "a whole number of units >= 0", &x))
            p->initial_inventory = x;
        else if (!f[P_INITIAL_INVENTORY])
            p->initial_inventory = c->initial_inventory;
        if (!get_num(c, f[P_EMERGENCY_STOCK], "emergency_stock", R_WHOLE,
                     "a whole number of units >= 0 held for disruptions", &x))
            p->emergency_stock = x;
        if (!supplier_ref(c, f[P_BACKUP_SUPPLIER], "backup_supplier", &k)) {
            if (k == p->supplier)
                err_at(c, f[P_BACKUP_SUPPLIER], "backup_supplier is the "
                                                "policy's own supplier; "
                                                "expected another supplier");
            else
                p->backup_supplier = k;
        }
        if (f[P_SWITCH_AFTER] && !f[P_BACKUP_SUPPLIER])
            err_at(c, f[P_SWITCH_AFTER], "switch_after without a "
                                         "backup_supplier; expected "
                                         "backup_supplier: a supplier name "
                                         "with it");
        else if (!get_num(c, f[P_SWITCH_AFTER], "switch_after", R_NONNEG,
                          "a time >= 0 before orders go to the backup", &x))
            p->switch_after = x;
        if (f[P_EXPEDITE])
            check_expedite(c, f[P_EXPEDITE], p);
        c->pol_ok[i] = c->errs.seq == before && type != NULL;
    }
}

/* ---- sweep -------------------------------------------------------------- */

static const char *const range_keys[] = {"from", "to", "step", "count",
                                         "scale"};
static const char *const scale_names[] = {"linear", "log"};

static int sweep_values(scn *c, const ynode *v, const char *path,
                        sweep_axis *axis)
{
    const char *expect = "a list of numbers, {from, to, step} or {from, to, "
                         "count, scale: log}";
    double *values = NULL;
    size_t n = 0;
    if (v->type == YN_SEQ) {
        if (v->n == 0) {
            err_at(c, v, "sweep %s is empty; expected %s", path, expect);
            return -1;
        }
        if (v->n > SCN_SWEEP_MAX) {
            err_at(c, v, "sweep %s has %zu values; expected at most %d", path,
                   v->n, SCN_SWEEP_MAX);
            return -1;
        }
        if (get_numbers(c, v, path, &values, &n))
            return -1;
    } else if (v->type == YN_MAP) {
        const ynode *g[5];
        double from = 0, to = 0, step = 0, count = 0;
        int scale = 0;
        size_t before = c->errs.seq;
        map_fields(c, v, "a sweep range", range_keys, 5, g);
        if (!g[0] || !g[1])
            err_at(c, v, "the sweep range of %s has no %s; expected %s", path,
                   !g[0] ? "from" : "to", expect);
        get_num(c, g[0], "from", R_ANY, "a number", &from);
        get_num(c, g[1], "to", R_ANY, "a number", &to);
        if (g[2] && g[3])
            err_at(c, after(g[2], g[3]) ? g[2] : g[3],
                   "step and count are both given; expected one of them");
        else if (!g[2] && !g[3])
            err_at(c, v, "the sweep range of %s has neither step nor count; "
                         "expected %s",
                   path, expect);
        get_num(c, g[2], "step", R_POS, "a step > 0", &step);
        get_num(c, g[3], "count", (range){2.0, SCN_SWEEP_MAX, 0, 0, 1},
                "a whole number of values >= 2", &count);
        get_choice(c, g[4], "scale", scale_names, 2, &scale);
        if (c->errs.seq != before)
            return -1;
        if (to < from) {
            err_at(c, g[1], "to (%g) is below from (%g); expected from <= to",
                   to, from);
            return -1;
        }
        if (g[2]) {
            if (scale == 1) {
                err_at(c, g[4], "scale: log goes with count; expected {from, "
                                "to, count, scale: log}");
                return -1;
            }
            double span = (to - from) / step;
            if (span + 1.0 > SCN_SWEEP_MAX) {
                err_at(c, g[2], "the step gives %.0f values; expected at most "
                                "%d",
                       floor(span + 1e-9) + 1.0, SCN_SWEEP_MAX);
                return -1;
            }
            n = (size_t)floor(span + 1e-9) + 1;
        } else {
            n = (size_t)count;
            if (scale == 1 && !(from > 0.0)) {
                err_at(c, g[0], "from must be > 0 on a log scale, got %g; "
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
        type_error(c, v, path, "a list or a range", expect);
        return -1;
    }
    axis->values = values;
    axis->n_values = n;
    return 0;
}

static void check_sweep(scn *c, const ynode *v)
{
    char shown[SHOWBUF], why[600];
    if (!v)
        return;
    if (check_map(c, v, "sweep", "a mapping of paths to values "
                                 "(demand.rate: [20, 40, 80])"))
        return;
    if (v->n / 2 > SCN_AXES_MAX) {
        err_at(c, v, "%zu sweep axes; expected at most %d", v->n / 2,
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
            err_at(c, key, "a sweep key is %s; expected a path such as "
                           "demand.rate",
                   describe(key, buf, sizeof buf));
            continue;
        }
        show(shown, sizeof shown, key->text, key->len);
        size_t n = 0;
        char **comps = split_path(c, key->text, key->len, &n);
        target t;
        if (!comps) {
            err_at(c, key, "sweep path '%s' has an empty key; expected "
                           "KEY.KEY... (e.g. suppliers.local.lead_time.mean)",
                   shown);
            continue;
        }
        if (path_find(c, comps, n, &t, why, sizeof why)) {
            err_at(c, key, "sweep path '%s' names no key of the scenario; %s",
                   shown, why);
            continue;
        }
        int dup = 0;
        for (size_t j = 0; j < c->out.n_axes; j++)
            if (strcmp(c->out.axes[j].path, key->text) == 0)
                dup = 1;
        if (dup) {
            err_at(c, key, "sweep path '%s' is given twice; expected each "
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

/* ---- putting it together ------------------------------------------------ */

static void validate_axes(scn *c);

static void check_top(scn *c, const ynode *root)
{
    const ynode *f[T_COUNT];
    double x;
    scenario *sc = &c->out;
    map_fields(c, root, "the scenario", top_keys, T_COUNT, f);
    if (!f[T_NAME])
        err_at(c, root, "the scenario has no name; expected name: a short "
                        "title");
    else
        get_string(c, f[T_NAME], "name", sizeof sc->name, "a short title",
                   sc->name);
    get_string(c, f[T_DESCRIPTION], "description", sizeof sc->description,
               "a text", sc->description);
    int unit = 0;
    get_choice(c, f[T_TIME_UNIT], "time_unit", time_units, 5, &unit);
    snprintf(sc->time_unit, sizeof sc->time_unit, "%s", time_units[unit]);
    c->tupy = units_per_year[unit];
    int have_horizon = 0;
    if (!f[T_HORIZON])
        err_at(c, root, "the scenario has no horizon; expected horizon: the "
                        "run length in time units > 0");
    else if (!get_num(c, f[T_HORIZON], "horizon", R_POS,
                      "the run length in time units > 0", &x)) {
        c->horizon = x;
        have_horizon = 1;
    }
    const ynode *w = f[T_WARMUP];
    if (w && node_is(w, "auto") && w->plain) {
        sc->warmup_auto = 1;
        c->warmup = 0.0;
    } else if (!get_num(c, w, "warmup", R_NONNEG,
                        "a time >= 0 and less than the horizon, or auto",
                        &x)) {
        if (have_horizon && x >= c->horizon)
            err_at(c, w, "warmup must be less than the horizon (%g), got %g; "
                         "expected a time in [0, horizon)",
                   c->horizon, x);
        else
            c->warmup = x;
    }
    if (!get_num(c, f[T_REPLICATIONS], "replications",
                 (range){2.0, 1e9, 0, 0, 1},
                 "a whole number >= 2 (30 is usual)", &x))
        sc->replications = (uint64_t)x;
    const ynode *s = f[T_SEED];
    if (s) {
        int ok = s->type == YN_SCALAR && s->plain && s->len > 0 &&
                 s->len <= 20;
        for (size_t i = 0; ok && i < s->len; i++)
            ok = is_digit((unsigned char)s->text[i]);
        errno = 0;
        unsigned long long v = ok ? strtoull(s->text, NULL, 10) : 0;
        if (ok && errno != ERANGE)
            sc->seed = (uint64_t)v;
        else
            type_error(c, s, "seed", "a whole number >= 0",
                       "a whole number in [0, 18446744073709551615]");
    }
}

static void check_baseline(scn *c, const ynode *v)
{
    char shown[SHOWBUF], list[512];
    const char *names[SCN_LIST_MAX];
    if (!v || !c->n_pol)
        return;
    if (v->type != YN_SCALAR || node_is_null(v)) {
        type_error(c, v, "baseline", "a policy name", "the name of a policy");
        return;
    }
    for (size_t i = 0; i < c->n_pol; i++) {
        names[i] = c->pols[i].name;
        if (node_is(v, c->pols[i].name)) {
            c->out.baseline = (int)i;
            return;
        }
    }
    const char *s = suggest(v->text, v->len, names, c->n_pol);
    show(shown, sizeof shown, v->text, v->len);
    if (s) {
        err_at(c, v, "no policy named '%s'; did you mean '%s'?", shown, s);
    } else {
        join(list, sizeof list, names, c->n_pol);
        err_at(c, v, "no policy named '%s'; expected one of %s", shown, list);
    }
}

static int build_world(scn *c, world_spec *w, size_t i)
{
    world_spec_init(w);
    w->horizon = c->horizon;
    w->warmup = c->warmup;
    w->time_units_per_year = c->tupy;
    w->item = c->item;
    demand_spec_free(&w->demand);
    if (demand_spec_copy(&w->demand, &c->demand)) {
        demand_spec_init(&w->demand);
        return -1;
    }
    for (size_t k = 0; k < c->n_sup; k++)
        if (world_spec_add_supplier(w, &c->sups[k]))
            return -1;
    for (size_t k = 0; k < c->n_dis; k++)
        if (world_spec_add_disruption(w, &c->dis[k]))
            return -1;
    w->policy = c->pols[i];
    if (c->is_line) {
        /* Each world owns its copy of the line, with its policy's own
         * release sequence. */
        line_spec_free(&w->line);
        if (line_spec_copy(&w->line, c->line))
            return -1;
        w->line.sequence_len = c->pol_seq[i].n;
        memcpy(w->line.sequence, c->pol_seq[i].v, c->pol_seq[i].n);
    }
    return 0;
}

/* world_create's message names the policy; point at the parameter it
 * names when the file gives it, else at the policy. */
static void report_world(scn *c, size_t i, const char *msg)
{
    const ynode *at = c->pol_nodes[i];
    const char *rest = msg;
    const char *colon = strstr(msg, "): ");
    if (strncmp(msg, "policy ", 7) == 0 && colon)
        rest = colon + 3;
    size_t len = 0;
    while (rest[len] && rest[len] != ' ' && rest[len] != ':')
        len++;
    for (size_t j = 0; at->type == YN_MAP && j + 1 < at->n; j += 2) {
        const ynode *key = at->items[j];
        if (key->type == YN_SCALAR && key->len == len && len > 0 &&
            memcmp(key->text, rest, len) == 0 &&
            policy_param_find(key->text) >= 0) {
            at = at->items[j + 1];
            break;
        }
    }
    char why[600];
    snprintf(why, sizeof why, "%s", msg);
    err_at(c, at, "%s",
           with_expect(why, sizeof why, "parameters the policy can use"));
}

static void check_scenario(scn *c, ynode *root)
{
    scenario *sc = &c->out;
    check_top(c, root);
    const ynode *f[T_COUNT];
    for (int k = 0; k < T_COUNT; k++)
        f[k] = map_get(root, top_keys[k]);
    /* A stages: section makes the scenario a production line: products:
     * may replace demand:, suppliers: are needed only for raw:, and the
     * policies are the line's controls. */
    c->is_line = f[T_STAGES] != NULL;
    if (c->is_line) {
        c->line = malloc(sizeof *c->line);
        if (!c->line) {
            c->oom = 1;
            return;
        }
        line_spec_init(c->line);
    }
    check_item(c, f[T_ITEM]);
    if (c->is_line && f[T_PRODUCTS]) {
        if (f[T_DEMAND])
            err_at(c, map_key(root, "demand"),
                   "demand: is given with products:; expected each product's "
                   "demand in its entry (products: [{name: A, demand: "
                   "{...}}]), or no products: for a one-product line");
    } else {
        check_demand(c, root, f[T_DEMAND]);
    }
    if (c->is_line && !f[T_SUPPLIERS])
        c->suppliers_absent = 1;
    else
        check_suppliers(c, root, f[T_SUPPLIERS]);
    /* The line first: a disruption may name one of its stages. */
    check_line(c, f);
    check_disruptions(c, f[T_DISRUPTIONS]);
    if (c->oom)
        return;
    size_t shared_errors = c->errs.seq;
    check_policies(c, root, f[T_POLICIES]);
    check_baseline(c, f[T_BASELINE]);
    check_sweep(c, f[T_SWEEP]);
    if (c->oom || !c->n_pol)
        return;

    /* Each policy's world: world_create resolves the `auto` parameters,
     * which is where "Q: auto needs an order cost" shows up. */
    sc->worlds = calloc(c->n_pol, sizeof *sc->worlds);
    if (!sc->worlds) {
        c->oom = 1;
        return;
    }
    sc->n_policies = c->n_pol;
    for (size_t i = 0; i < c->n_pol; i++) {
        world_spec *w = &sc->worlds[i];
        char err[600];
        if (build_world(c, w, i)) {
            c->oom = 1;
            return;
        }
        if (shared_errors || !c->pol_ok[i])
            continue;
        world *made = world_create(w, err, sizeof err);
        if (!made)
            report_world(c, i, err);
        world_destroy(made);
    }
    validate_axes(c);
}

static int parse_text(const char *text, size_t len, const char *source,
                      const char *const *overrides, size_t n_overrides,
                      int inner, scenario *sc, scenario_errors *errors);

/* A sweep path may create a key (as --set does), so only applying a value
 * shows a typo ("demand.rte") or a value out of bounds. The file is parsed
 * again with the smallest and the largest value of each axis set, which
 * is cheap for a scenario and done only when the file is otherwise valid.
 */
static void validate_axes(scn *c)
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
        for (int k = 0; k < 2; k++) {
            double value = k ? hi : lo;
            if (k && hi == lo)
                break;
            char *set = format("%s=%.15g", axis->path, value);
            if (!set) {
                c->oom = 1;
                break;
            }
            list[c->n_overrides] = set;
            scenario tmp;
            scenario_errors e;
            scenario_errors_init(&e);
            int rc = parse_text(c->text, c->len, c->source, list,
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
            err_at(c, c->axis_keys[a], "sweep value %g of %s: %s", value,
                   axis->path, why);
            scenario_errors_free(&e);
            break;
        }
    }
    free(list);
}

/* ---- public ------------------------------------------------------------- */

void scenario_errors_init(scenario_errors *errors)
{
    errors->n = 0;
    errors->lines = NULL;
}

void scenario_errors_free(scenario_errors *errors)
{
    for (size_t i = 0; i < errors->n; i++)
        free(errors->lines[i]);
    free(errors->lines);
    scenario_errors_init(errors);
}

static void scn_init(scn *c, const char *source)
{
    memset(c, 0, sizeof *c);
    c->source = source ? source : "<scenario>";
    /* The directory of the file, for a relative trace file. */
    const char *slash = strrchr(c->source, '/');
    if (slash && (size_t)(slash - c->source) < sizeof c->dir) {
        size_t n = slash == c->source ? 1 : (size_t)(slash - c->source);
        memcpy(c->dir, c->source, n);
        c->dir[n] = '\0';
    }
    c->horizon = 365.0;
    c->tupy = 365.0;
    c->initial_inventory = NAN;
    item_spec_init(&c->item);
    demand_spec_init(&c->demand);
    c->out.replications = 30;
    c->out.seed = 1;
    snprintf(c->out.time_unit, sizeof c->out.time_unit, "day");
}

static void scn_fini(scn *c)
{
    for (size_t i = 0; i < c->n_sup; i++)
        supplier_spec_free(&c->sups[i]);
    free(c->sups);
    free(c->sup_named);
    for (size_t i = 0; i < c->n_dis; i++)
        disruption_spec_free(&c->dis[i]);
    free(c->dis);
    free(c->pols);
    free(c->pol_nodes);
    free(c->pol_ok);
    free(c->pol_seq);
    if (c->line) {
        line_spec_free(c->line);
        free(c->line);
    }
    free(c->axis_keys);
    demand_spec_free(&c->demand);
    for (size_t i = 0; i < c->errs.n; i++)
        free(c->errs.v[i].text);
    free(c->errs.v);
    arena_free(&c->mem);
}

/* Moves the errors out, sorted, at most SCN_ERRORS_MAX and a last line
 * saying how many more there were. */
static void take_errors(scn *c, scenario_errors *errors)
{
    errlist *e = &c->errs;
    if (c->oom)
        err_push(c, 0, 0, 0, format("%s: out of memory; expected a smaller "
                                    "scenario or more memory",
                                    c->source));
    errlist_trim(e);
    size_t extra = e->dropped ? 1 : 0;
    errors->lines = calloc(e->n + extra, sizeof *errors->lines);
    if (!errors->lines) {
        errors->n = 0;
        return;
    }
    for (size_t i = 0; i < e->n; i++) {
        errors->lines[i] = e->v[i].text;
        e->v[i].text = NULL;
    }
    errors->n = e->n;
    if (extra) {
        char *last = format("%s:%d:%d: %zu more errors from here on; "
                            "expected fewer (fix the ones above first)",
                            c->source, e->first_drop.line, e->first_drop.col,
                            e->dropped);
        if (last)
            errors->lines[errors->n++] = last;
    }
    e->n = 0;
}

int scenario_parse(const char *text, size_t len, const char *source,
                   const char *const *overrides, size_t n_overrides,
                   scenario *sc, scenario_errors *errors)
{
    return parse_text(text, len, source, overrides, n_overrides, 0, sc,
                      errors);
}

static int parse_text(const char *text, size_t len, const char *source,
                      const char *const *overrides, size_t n_overrides,
                      int inner, scenario *sc, scenario_errors *errors)
{
    scn c;
    char why[400];
    int line, col;
    scn_init(&c, source);
    memset(sc, 0, sizeof *sc);
    if (!text)
        len = 0;
    c.text = text ? text : "";
    c.len = len;
    c.overrides = overrides;
    c.n_overrides = overrides ? n_overrides : 0;
    c.inner = inner;
    if (len > SCN_FILE_MAX) {
        err_pos(&c, 1, 1, "the file is larger than %zu MB; expected a "
                          "scenario file (long data belongs in a CSV trace)",
                SCN_FILE_MAX >> 20);
    } else if (precheck(text ? text : "", len, &line, &col, why,
                        sizeof why)) {
        err_pos(&c, line, col, "%s", why);
    } else {
        builder b;
        ynode *root = NULL;
        if (build_tree(&c, text ? text : "", len, NULL, &b, &root)) {
            err_pos(&c, b.err_line, b.err_col, "%s", b.err);
        } else if (!root || node_is_null(root)) {
            err_pos(&c, 1, 1, "the file is empty; expected a scenario "
                              "mapping (name:, horizon:, demand:, "
                              "suppliers:, policies:)");
        } else if (root->type != YN_MAP) {
            char buf[SHOWBUF + 8];
            err_at(&c, root, "the file holds %s; expected a scenario mapping "
                             "(name:, horizon:, demand:, suppliers:, "
                             "policies:)",
                   describe(root, buf, sizeof buf));
        } else {
            c.root = root;
            for (size_t i = 0; i < n_overrides; i++)
                if (overrides && overrides[i])
                    apply_override(&c, overrides[i]);
            check_scenario(&c, root);
        }
    }
    snprintf(c.out.source, sizeof c.out.source, "%s", c.source);
    if (c.errs.n == 0 && !c.oom) {
        *sc = c.out;
        scn_fini(&c);
        return 0;
    }
    take_errors(&c, errors);
    scenario_free(&c.out);
    scn_fini(&c);
    return -1;
}

int scenario_load(const char *path, const char *const *overrides,
                  size_t n_overrides, scenario *sc, scenario_errors *errors)
{
    memset(sc, 0, sizeof *sc);
    FILE *fp = fopen(path, "rb");
    char *line = NULL;
    if (!fp) {
        line = format("%s: cannot open the file (%s); expected a readable "
                      "scenario file",
                      path, strerror(errno));
    } else {
        /* Read at most one byte past the limit: enough to refuse. */
        size_t cap = 65536, len = 0;
        char *buf = malloc(cap);
        while (buf) {
            if (len == cap) {
                if (cap > SCN_FILE_MAX) {
                    break;
                }
                char *grown = realloc(buf, cap * 2);
                if (!grown) {
                    free(buf);
                    buf = NULL;
                    break;
                }
                buf = grown;
                cap *= 2;
            }
            size_t got = fread(buf + len, 1, cap - len, fp);
            len += got;
            if (got == 0)
                break;
        }
        int bad = ferror(fp);
        fclose(fp);
        if (!buf) {
            line = format("%s: out of memory reading the file; expected a "
                          "smaller scenario",
                          path);
        } else if (bad) {
            free(buf);
            line = format("%s: cannot read the file; expected a readable "
                          "scenario file",
                          path);
        } else {
            int rc = scenario_parse(buf, len, path, overrides, n_overrides,
                                    sc, errors);
            free(buf);
            return rc;
        }
    }
    errors->lines = calloc(1, sizeof *errors->lines);
    if (errors->lines && line) {
        errors->lines[0] = line;
        errors->n = 1;
    } else {
        free(line);
    }
    return -1;
}

void scenario_free(scenario *sc)
{
    for (size_t i = 0; i < sc->n_policies; i++)
        world_spec_free(&sc->worlds[i]);
    free(sc->worlds);
    for (size_t i = 0; i < sc->n_axes; i++)
        free(sc->axes[i].values);
    free(sc->axes);
    memset(sc, 0, sizeof *sc);
}

int scenario_policy(const scenario *sc, const char *name)
{
    for (size_t i = 0; i < sc->n_policies; i++)
        if (strcmp(sc->worlds[i].policy.name, name) == 0)
            return (int)i;
    return -1;
}
