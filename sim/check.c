/*
 * check.c - the report of a failed internal check (see check.h).
 */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void js_fatal(const char *file, int line, const char *func, const char *fmt,
              ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "jitsim: internal error at %s:%d (%s): ", file, line,
            func);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
