/*
 * cmd_policies.c - `jitsim policies`: every policy with its family, its
 * parameters, their defaults and `auto` rules.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "models/policy.h"

static void policies_usage(FILE *out)
{
    fprintf(out, "usage: jitsim policies\n\n"
                 "Lists the replenishment policies, their parameters, the\n"
                 "defaults and the rules behind 'auto'.\n");
}

static int policies_main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            policies_usage(stdout);
            return EXIT_OK;
        }
        cli_error("policies", "unknown argument '%s'", argv[i]);
        policies_usage(stderr);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < policy_type_count(); i++) {
        const policy_type *t = policy_type_at(i);
        printf("%s (%s): %s\n", t->name, policy_family_name(t->family),
               t->summary);
        if (t->help)
            printf("%s", t->help);
        printf("\n");
    }
    printf("Every policy also takes: supplier, initial_inventory,\n"
           "emergency_stock, backup_supplier, switch_after, expedite.\n");
    return EXIT_OK;
}

const command cmd_policies = {
    "policies",
    "list the policies, their parameters and auto rules",
    policies_main,
    policies_usage,
};
