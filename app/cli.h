/*
 * cli.h - what the subcommands of the jitsim program share: option parsing
 * helpers and the exit statuses. The program is thin: each subcommand parses
 * its options and calls the library.
 */
#ifndef JITSIM_CLI_H
#define JITSIM_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis/scenario.h"
#include "analysis/version.h"

/* Exit statuses: 0 success, 1 the run failed, 2 the user's input is wrong. */
enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

typedef struct command {
    const char *name;
    const char *summary;
    int (*main)(int argc, char **argv); /* argv[0] is the command's name */
    void (*usage)(FILE *out);            /* prints the command's help */
} command;

extern const command cmd_run;
extern const command cmd_validate;
extern const command cmd_sweep;
extern const command cmd_optimize;
extern const command cmd_merge;
extern const command cmd_policies;
extern const command cmd_mm1;
extern const command cmd_lessons;
extern const command cmd_classroom;
extern const command cmd_play;

/* Loads FILE, or a built-in scenario by name when no such file exists,
 * applying the --set overrides; prints every error line to stderr and
 * returns -1, or 0. */
int cli_load_text(const char *what, char **text, size_t *len, char *source,
                  size_t source_len);
int cli_load_scenario(const char *what, const char *const *sets,
                      size_t n_sets, scenario *sc);
/* The same, also giving the scenario's bytes as read (malloc'd, for the
 * effective scenario.yaml) when text is not NULL. */
int cli_load_scenario_text(const char *what, const char *const *sets,
                           size_t n_sets, scenario *sc, char **text,
                           size_t *text_len);
extern const command cmd_report;

/* Makes DIR's report (cmd_report.c); returns an exit status. */
int cli_report(const char *dir, int quiet);

/* Option values: "--name=value" or "--name value". If argv[*i] is option
 * `name` (its value the next argument, after `=`, or for a one-letter
 * option attached as in -j1), stores its value, advances *i past it and
 * returns 1; returns 0 if
 * argv[*i] is another option; returns -1 (after printing one line) if the
 * option lacks its value. */
int cli_option_value(int argc, char **argv, int *i, const char *name,
                     const char **value);

/* Parse a whole string as a finite number / a non-negative integer;
 * on failure print "jitsim CMD: OPTION expects WHAT, got 'TEXT'" and
 * return -1. */
int cli_parse_double(const char *cmd, const char *option, const char *text,
                     double *out);
int cli_parse_u64(const char *cmd, const char *option, const char *text,
                  uint64_t *out);

/* Prints "jitsim CMD: MESSAGE" to stderr. */
void cli_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
