/*
 * errors.c - collecting the mistakes of a scenario: one line each,
 * "file:line:column: what is wrong; what is expected", or "--set PATH: ..."
 * for a command-line override.
 *
 * Errors are collected, never fatal, and sorted by position at the end, so
 * they come out in file order whatever order the checks ran in. A check
 * that fails leaves the default in place, so later checks see a coherent
 * spec and do not pile consequential errors on the first one. At most
 * SCN_ERRORS_MAX are kept, and a last line says how many more there were.
 *
 * Not here: the wording of any message (the file that finds the mistake
 * writes it), quoting user text (scn_show, getters.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario/internal.h"

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

char *scn_format(const char *fmt, ...)
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
        err_push(c, 0, 0, 0, scn_format("--set %s: %s", n->origin, msg));
    } else {
        int line = n ? n->line : 1, column = col > 0 ? col : n ? n->col : 1;
        err_push(c, 1, line, column,
                 scn_format("%s:%d:%d: %s", c->source, line, column, msg));
    }
    free(msg);
}

void scn_err_at(scn *c, const ynode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vnode(c, n, 0, fmt, ap);
    va_end(ap);
}

void scn_err_col(scn *c, const ynode *n, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vnode(c, n, col, fmt, ap);
    va_end(ap);
}

void scn_err_pos(scn *c, int line, int col, const char *fmt, ...)
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
             scn_format("%s:%d:%d: %s", c->source, line, col, msg));
    free(msg);
}

void scn_warn_at(scn *c, const ynode *n, const char *fmt, ...)
{
    scenario *sc = &c->out;
    /* A parse trying one sweep value says nothing the main parse said. */
    if (c->inner || sc->n_warnings == SCENARIO_WARNINGS_MAX)
        return;
    char msg[SCENARIO_WARNING_MAX - 200]; /* room left for the position */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char *line = sc->warnings[sc->n_warnings++];
    /* A warning line has a fixed size: a longer one is cut (the result is
     * looked at so that gcc knows the cut is meant). */
    int w;
    if (n && n->origin)
        w = snprintf(line, SCENARIO_WARNING_MAX, "--set %s: warning: %s",
                     n->origin, msg);
    else
        w = snprintf(line, SCENARIO_WARNING_MAX, "%s:%d:%d: warning: %s",
                     c->source, n ? n->line : 1, n ? n->col : 1, msg);
    if (w < 0)
        line[0] = '\0';
}

/* A command-line error: the text is the whole line. */
void scn_err_cmd(scn *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_push(c, 0, 0, 0, vformat(fmt, ap));
    va_end(ap);
}

/* Appends "; expected EXPECT" to a module's message if it says nothing
 * after a semicolon (what is wrong; what to do). */
const char *scn_with_expect(char *why, size_t size, const char *expect)
{
    if (!strchr(why, ';')) {
        size_t used = strlen(why);
        snprintf(why + used, size - used, "; expected %s", expect);
    }
    return why;
}

/* Moves the errors out, sorted, at most SCN_ERRORS_MAX and a last line
 * saying how many more there were. */
void scn_take_errors(scn *c, scenario_errors *errors)
{
    errlist *e = &c->errs;
    if (c->oom)
        err_push(c, 0, 0, 0,
                 scn_format("%s: out of memory; expected a smaller "
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
        char *last = scn_format("%s:%d:%d: %zu more errors from here on; "
                                "expected fewer (fix the ones above first)",
                                c->source, e->first_drop.line,
                                e->first_drop.col, e->dropped);
        if (last)
            errors->lines[errors->n++] = last;
    }
    e->n = 0;
}
