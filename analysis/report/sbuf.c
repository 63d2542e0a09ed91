/*
 * sbuf.c - the report's growable strings: appending text, the escapes of
 * HTML, gnuplot string literals and .dat labels, and a whole file read
 * into a string or written from one (through a temporary file renamed when
 * complete).
 *
 * Not a general-purpose string library: it serves the report's files only,
 * and an allocation failure is remembered (oom) and reported when the
 * string is written rather than at each append.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/atomic.h"
#include "analysis/report/internal.h"

void sb_put(sbuf *b, const char *s, size_t n)
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

void sb_puts(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

void sb_printf(sbuf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        sb_put(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_put(b, big, (size_t)n);
    free(big);
}

void sb_free(sbuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

/* Text for HTML: & < > " escaped. */
void sb_html(sbuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': sb_puts(b, "&amp;"); break;
        case '<': sb_puts(b, "&lt;"); break;
        case '>': sb_puts(b, "&gt;"); break;
        case '"': sb_puts(b, "&quot;"); break;
        default: sb_put(b, s, 1);
        }
    }
}

/* A gnuplot string literal: double quotes, with \\ and \" escaped. Not
 * single quotes: gnuplot 5.4 ends a single-quoted string at the second of
 * two escaped quotes in a row ('J''''y' for the name J''y is a syntax
 * error), while a double-quoted string takes any run of ' as it is. Line
 * breaks and other control characters become spaces (a script line is
 * one line). */
void sb_gpstr(sbuf *b, const char *s)
{
    sb_put(b, "\"", 1);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') {
            sb_put(b, "\\", 1);
            sb_put(b, s, 1);
        } else if ((unsigned char)*s < 0x20 || *s == 0x7f) {
            sb_put(b, " ", 1);
        } else {
            sb_put(b, s, 1);
        }
    }
    sb_put(b, "\"", 1);
}

/* A label in a .dat file: double-quoted; gnuplot data files cannot escape a
 * double quote, so one becomes a single quote. */
void sb_datstr(sbuf *b, const char *s)
{
    sb_put(b, "\"", 1);
    for (; *s; s++)
        sb_put(b, *s == '"' ? "'" : (*s == '\n' ? " " : s), 1);
    sb_put(b, "\"", 1);
}

/* Text on one line (a comment of a .dat or .gp file): line breaks become
 * spaces. */
void sb_line(sbuf *b, const char *s)
{
    for (; *s; s++)
        sb_put(b, (*s == '\n' || *s == '\r') ? " " : s, 1);
}

/* A CSV cell as a number in a .dat file: verbatim, empty as NaN. */
void sb_cell(sbuf *b, const char *cell)
{
    sb_puts(b, cell[0] ? cell : "NaN");
}

void sb_num(sbuf *b, double x)
{
    if (isfinite(x))
        sb_printf(b, "%.10g", x);
    else
        sb_puts(b, "NaN");
}

static int fill_text(FILE *f, void *ctx)
{
    const sbuf *b = ctx;
    return b->n && fwrite(b->s, 1, b->n, f) != b->n ? -1 : 0;
}

/* Writes dir/name from b through a temporary file renamed on success. */
int sb_write_file(const char *dir, const char *name, const sbuf *b,
                  char *err, size_t errlen)
{
    if (b->oom) {
        snprintf(err, errlen, "%s/%s: out of memory", dir, name);
        return -1;
    }
    return atomic_write(dir, name, fill_text, (void *)b, err, errlen);
}

/* Reads a whole file; NULL if it cannot be read (errno set). */
char *sb_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    sbuf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_put(&b, chunk, n);
    int bad = ferror(f) || b.oom;
    fclose(f);
    if (bad) {
        sb_free(&b);
        errno = EIO;
        return NULL;
    }
    if (!b.s)
        sb_put(&b, "", 0);
    if (b.oom)
        return NULL;
    *len = b.n;
    return b.s;
}
