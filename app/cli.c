/*
 * cli.c - option parsing helpers shared by the subcommands.
 *
 * Hand-written rather than getopt_long, which is not C11 and whose messages
 * we could not make one clear line.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "jitsim%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_option_value(int argc, char **argv, int *i, const char *name,
                     const char **value)
{
    const char *arg = argv[*i];
    size_t len = strlen(name);
    if (strncmp(arg, name, len) != 0)
        return 0;
    if (arg[len] == '=') {
        *value = arg + len + 1;
        return 1;
    }
    /* A short option takes its value attached, as getopt does: -j1, -r5,
     * -oDIR. */
    if (len == 2 && name[0] == '-' && name[1] != '-' && arg[len] != '\0') {
        *value = arg + len;
        return 1;
    }
    if (arg[len] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        cli_error(argv[0], "option %s needs a value", name);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}

int cli_parse_double(const char *cmd, const char *option, const char *text,
                     double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        cli_error(cmd, "%s expects a number, got '%s'", option, text);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_u64(const char *cmd, const char *option, const char *text,
                  uint64_t *out)
{
    char *end;
    errno = 0;
    if (text[0] == '-' || text[0] == '+' || text[0] == '\0') {
        cli_error(cmd, "%s expects a whole number >= 0, got '%s'", option,
                  text);
        return -1;
    }
    unsigned long long v = strtoull(text, &end, 10);
    if (*end != '\0' || errno == ERANGE) {
        cli_error(cmd, "%s expects a whole number >= 0 and at most "
                       "18446744073709551615, got '%s'",
                  option, text);
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}
