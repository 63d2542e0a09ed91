/*
 * getters.c - typed reading of one value of the tree: a number within a
 * range, a string, a name, true/false, one of a list of words, a mapping
 * or a list; the key table of a mapping (scn_map_fields), with its unknown
 * and repeated keys reported; and quoting user text in messages.
 *
 * Every getter returns 1 when the value is absent (NULL), 0 with the value
 * stored, and -1 after reporting what is wrong with it, so that a caller
 * keeps its default on anything but 0.
 *
 * Not here: distributions (dists.c), did-you-mean (suggest.c), what any
 * particular key means (the section files).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario/internal.h"

/* ---- showing user text -------------------------------------------------- */

/* Copies at most SCN_SHOW characters of user text, control characters
 * replaced, so that a message stays one readable line. */
const char *scn_count(char *buf, size_t size, double x)
{
    if (!(x < 1e15))
        snprintf(buf, size, "more than 10^15");
    else
        snprintf(buf, size, "%.0f", x > 0.0 ? ceil(x) : 0.0);
    return buf;
}

const char *scn_show(char *buf, size_t size, const char *text, size_t len)
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

int scn_node_is_null(const ynode *n)
{
    if (!n || n->type != YN_SCALAR || !n->plain)
        return 0;
    return n->len == 0 || (n->len == 1 && n->text[0] == '~') ||
           strcmp(n->text, "null") == 0 || strcmp(n->text, "Null") == 0 ||
           strcmp(n->text, "NULL") == 0;
}

int scn_node_is(const ynode *n, const char *word)
{
    return n && n->type == YN_SCALAR && n->len == strlen(word) &&
           memcmp(n->text, word, n->len) == 0;
}

/* "a list", "a mapping", "nothing", or the scalar quoted. */
const char *scn_describe(const ynode *n, char *buf, size_t size)
{
    if (n->type == YN_MAP)
        return "a mapping";
    if (n->type == YN_SEQ)
        return "a list";
    if (scn_node_is_null(n))
        return "nothing";
    char shown[SHOWBUF];
    snprintf(buf, size, "'%s'",
             scn_show(shown, sizeof shown, n->text, n->len));
    return buf;
}

/* ---- reading values ----------------------------------------------------- */

int scn_is_digit(int ch)
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
    while (i < len && scn_is_digit((unsigned char)s[i]))
        i++, digits++;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && scn_is_digit((unsigned char)s[i]))
            i++, digits++;
    }
    if (!digits)
        return 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t exp = 0;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        while (i < len && scn_is_digit((unsigned char)s[i]))
            i++, exp++;
        if (!exp)
            return 0;
    }
    return i == len;
}

int scn_node_number(const ynode *n, double *out)
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

void scn_type_error(scn *c, const ynode *v, const char *key,
                    const char *kind, const char *expect)
{
    char buf[SHOWBUF + 8];
    if (scn_node_is_null(v))
        scn_err_at(c, v, "%s has no value; expected %s", key, expect);
    else
        scn_err_at(c, v, "%s must be %s, got %s; expected %s", key, kind,
                   scn_describe(v, buf, sizeof buf), expect);
}

/* Reads a number in r. Returns 1 if v is NULL (absent), 0 with *out set,
 * -1 after reporting an error. */
int scn_get_num(scn *c, const ynode *v, const char *key, range r,
                const char *expect, double *out)
{
    double x;
    char shown[SHOWBUF];
    if (!v)
        return 1;
    if (!scn_node_number(v, &x)) {
        scn_type_error(c, v, key, "a number", expect);
        return -1;
    }
    const char *t = scn_show(shown, sizeof shown, v->text, v->len);
    if (x < r.lo || (r.lo_open && x == r.lo)) {
        if (r.lo == 0.0 && !r.lo_open)
            scn_err_at(c, v, "%s must not be negative, got %s; expected %s",
                       key, t, expect);
        else
            scn_err_at(c, v, "%s must be %s %g, got %s; expected %s", key,
                       r.lo_open ? ">" : ">=", r.lo, t, expect);
        return -1;
    }
    if (x > r.hi || (r.hi_open && x == r.hi)) {
        scn_err_at(c, v, "%s must be %s %g, got %s; expected %s", key,
                   r.hi_open ? "<" : "<=", r.hi, t, expect);
        return -1;
    }
    if (r.whole && x != floor(x)) {
        scn_err_at(c, v, "%s must be a whole number, got %s; expected %s", key,
                   t, expect);
        return -1;
    }
    *out = x;
    return 0;
}

/* A string of at most max - 1 bytes, copied into buf (max bytes). */
int scn_get_string(scn *c, const ynode *v, const char *key, size_t max,
                   const char *expect, char *buf)
{
    if (!v)
        return 1;
    if (v->type != YN_SCALAR || scn_node_is_null(v)) {
        scn_type_error(c, v, key, "a string", expect);
        return -1;
    }
    if (memchr(v->text, '\0', v->len)) {
        scn_err_at(c, v, "%s contains a NUL character; expected %s", key,
                   expect);
        return -1;
    }
    if (v->len >= max) {
        scn_err_at(c, v,
                   "%s is %zu bytes long; expected %s of at most %zu bytes",
                   key, v->len, expect, max - 1);
        return -1;
    }
    memcpy(buf, v->text, v->len + 1);
    return 0;
}

/* A name that --set paths can reach: no dots, not empty. */
int scn_get_name(scn *c, const ynode *v, const char *key, size_t max,
                 const char *expect, char *buf)
{
    int rc = scn_get_string(c, v, key, max, expect, buf);
    if (rc)
        return rc;
    if (buf[0] == '\0') {
        scn_err_at(c, v, "%s is empty; expected %s", key, expect);
        return -1;
    }
    if (strchr(buf, '.')) {
        char shown[SHOWBUF];
        scn_err_at(c, v,
                   "%s '%s' contains a '.'; expected %s without dots "
                   "(--set and sweep paths use dots)",
                   key, scn_show(shown, sizeof shown, buf, strlen(buf)),
                   expect);
        return -1;
    }
    return 0;
}

int scn_get_bool(scn *c, const ynode *v, const char *key,
                 const char *expect, int *out)
{
    if (!v)
        return 1;
    if (v->type == YN_SCALAR && v->plain) {
        static const char *const yes[] = {"true", "True", "TRUE"};
        static const char *const no[] = {"false", "False", "FALSE"};
        for (int i = 0; i < 3; i++) {
            if (scn_node_is(v, yes[i])) {
                *out = 1;
                return 0;
            }
            if (scn_node_is(v, no[i])) {
                *out = 0;
                return 0;
            }
        }
    }
    scn_type_error(c, v, key, "true or false", expect);
    return -1;
}

/* One of `choices`; *out is its index. */
int scn_get_choice(scn *c, const ynode *v, const char *key,
                   const char *const *choices, size_t n, int *out)
{
    char list[512], shown[SHOWBUF];
    if (!v)
        return 1;
    scn_join(list, sizeof list, choices, n);
    if (v->type != YN_SCALAR || scn_node_is_null(v)) {
        char expect[600];
        snprintf(expect, sizeof expect, "one of %s", list);
        scn_type_error(c, v, key, "a name", expect);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (scn_node_is(v, choices[i])) {
            *out = (int)i;
            return 0;
        }
    const char *s = scn_suggest(v->text, v->len, choices, n);
    scn_show(shown, sizeof shown, v->text, v->len);
    if (s)
        scn_err_at(c, v, "unknown %s '%s'; did you mean '%s'?", key, shown, s);
    else
        scn_err_at(c, v, "unknown %s '%s'; expected one of %s", key, shown,
                   list);
    return -1;
}

int scn_check_map(scn *c, const ynode *v, const char *key,
                  const char *expect)
{
    if (v->type == YN_MAP)
        return 0;
    scn_type_error(c, v, key, "a mapping", expect);
    return -1;
}

int scn_check_list(scn *c, const ynode *v, const char *key,
                   const char *expect)
{
    if (v->type == YN_SEQ)
        return 0;
    scn_type_error(c, v, key, "a list", expect);
    return -1;
}

/* Sorts the pairs of a mapping into the slots of a key table: vals[k] is
 * the value of keys[k] or NULL. Reports unknown and repeated keys. */
void scn_map_fields(scn *c, const ynode *map, const char *what,
                    const char *const *keys, size_t nkeys,
                    const ynode **vals)
{
    char shown[SHOWBUF], list[512], buf[SHOWBUF + 8];
    for (size_t k = 0; k < nkeys; k++)
        vals[k] = NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const ynode *key = map->items[i], *val = map->items[i + 1];
        if (key->type != YN_SCALAR) {
            scn_err_at(c, key,
                       "a key in %s is %s; expected a name (KEY: VALUE)", what,
                       scn_describe(key, buf, sizeof buf));
            continue;
        }
        size_t k = 0;
        while (k < nkeys && !(keys[k] && scn_node_is(key, keys[k])))
            k++;
        scn_show(shown, sizeof shown, key->text, key->len);
        if (k == nkeys) {
            const char *s = scn_suggest(key->text, key->len, keys, nkeys);
            if (s) {
                scn_err_at(c, key,
                           "unknown key '%s' in %s; did you mean '%s'?", shown,
                           what, s);
            } else {
                scn_join(list, sizeof list, keys, nkeys);
                scn_err_at(c, key,
                           "unknown key '%s' in %s; expected one of %s", shown,
                           what, list);
            }
            continue;
        }
        if (vals[k]) {
            scn_err_at(c, key,
                       "%s is given twice in %s; expected each key once",
                       shown, what);
            continue;
        }
        vals[k] = val;
    }
}

/* Whether a comes after b in the file. */
int scn_after(const ynode *a, const ynode *b)
{
    return a->line > b->line || (a->line == b->line && a->col > b->col);
}

/* ---- looking a key up -------------------------------------------------- */

/* The value of `key` in a mapping, or NULL. */
const ynode *scn_map_get(const ynode *map, const char *key)
{
    if (!map || map->type != YN_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2)
        if (scn_node_is(map->items[i], key))
            return map->items[i + 1];
    return NULL;
}

/* The key node of `key` in a mapping (for errors about the key itself). */
const ynode *scn_map_key(const ynode *map, const char *key)
{
    if (!map || map->type != YN_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2)
        if (scn_node_is(map->items[i], key))
            return map->items[i];
    return NULL;
}
