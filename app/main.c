/*
 * main.c - the jitsim program: global options and the subcommand table.
 *
 * Each subcommand is its own file (cmd_*.c) exporting a `command`; adding one
 * is adding a file and a line in `commands` below.
 */
#include <stdio.h>
#include <string.h>

#include "builtin.h"
#include "cli.h"

static const command *const commands[] = {
    &cmd_run,
    &cmd_lessons,
    &cmd_play,
    &cmd_classroom,
    &cmd_report,
    &cmd_validate,
    &cmd_sweep,
    &cmd_optimize,
    &cmd_merge,
    &cmd_policies,
    &cmd_mm1,
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

/* Run when no subcommand is given. */
static const command *const default_command = &cmd_run;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: jitsim [--help] [--version] [COMMAND [OPTIONS]]\n"
            "\n"
            "jitsim simulates just-in-time pull inventory policies against\n"
            "push policies and reports costs, service and lead times with\n"
            "confidence intervals. With no command it runs the built-in\n"
            "flagship lesson (jitsim lessons %s tells its story).\n"
            "\n"
            "commands:\n",
            BUILTIN_DEFAULT);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out, "\n'jitsim COMMAND --help' describes a command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        char *default_argv[] = {(char *)default_command->name, NULL};
        return default_command->main(1, default_argv);
    }
    const char *first = argv[1];
    if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0 ||
        strcmp(first, "help") == 0) {
        if (argc > 2 && strcmp(first, "help") == 0) {
            for (size_t i = 0; i < N_COMMANDS; i++)
                if (strcmp(argv[2], commands[i]->name) == 0) {
                    commands[i]->usage(stdout);
                    return EXIT_OK;
                }
            cli_error(NULL, "unknown command '%s'", argv[2]);
            usage(stderr);
            return EXIT_USAGE;
        }
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(first, "--version") == 0 || strcmp(first, "-V") == 0) {
        printf("jitsim %s\n", JITSIM_VERSION_STRING);
        return EXIT_OK;
    }
    if (first[0] == '-') {
        cli_error(NULL, "unknown option '%s'", first);
        usage(stderr);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(first, commands[i]->name) == 0)
            return commands[i]->main(argc - 1, argv + 1);
    cli_error(NULL, "unknown command '%s'", first);
    usage(stderr);
    return EXIT_USAGE;
}
