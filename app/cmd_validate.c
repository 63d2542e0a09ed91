/*
 * cmd_validate.c - `jitsim validate FILE...`: check scenario files without
 * running them. Every mistake of every file is listed, one line each.
 */
#include <stdio.h>
#include <string.h>

#include "analysis/scenario.h"
#include "cli.h"

static void validate_usage(FILE *out)
{
    fprintf(out, "usage: jitsim validate FILE...\n"
                 "\n"
                 "Checks scenario files and prints every mistake as\n"
                 "FILE:LINE:COLUMN: what is wrong; what is expected,\n"
                 "and what is not a mistake but worth knowing before a\n"
                 "run as FILE:LINE:COLUMN: warning: ... (on stderr).\n"
                 "Exit status 0 when all are valid, 2 otherwise.\n");
}

static int validate_main(int argc, char **argv)
{
    int files = 0, bad = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            validate_usage(stdout);
            return EXIT_OK;
        }
        if (argv[i][0] == '-') {
            cli_error("validate", "unknown option '%s'", argv[i]);
            validate_usage(stderr);
            return EXIT_USAGE;
        }
    }
    for (int i = 1; i < argc; i++) {
        scenario sc;
        files++;
        if (cli_load_scenario(argv[i], NULL, 0, &sc)) {
            bad++;
            continue;
        }
        printf("%s: valid (%zu policies)\n", argv[i], sc.n_policies);
        scenario_free(&sc);
    }
    if (files == 0) {
        cli_error("validate", "no file given");
        validate_usage(stderr);
        return EXIT_USAGE;
    }
    return bad ? EXIT_USAGE : EXIT_OK;
}

const command cmd_validate = {
    "validate",
    "check scenario files without running them",
    validate_main,
    validate_usage,
};
