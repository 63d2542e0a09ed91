/*
 * cmd_policies.c - `jitsim policies`: every policy with its family, its
 * parameters, their defaults and `auto` rules, as a stock point's policy
 * and as the control of a production line.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "models/policy.h"

static void policies_usage(FILE *out)
{
    fprintf(out, "usage: jitsim policies\n\n"
                 "Lists the replenishment policies, their parameters, the\n"
                 "defaults and the rules behind 'auto', and for those that\n"
                 "can control a production line (a scenario with stages:)\n"
                 "their parameters as a line control.\n");
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
        /* "lines only" says what a summary's "lines: " would repeat. */
        const char *summary = t->summary;
        if (t->line_only && strncmp(summary, "lines: ", 7) == 0)
            summary += 7;
        printf("%s (%s%s): %s\n", t->name, policy_family_name(t->family),
               t->line_only ? ", lines only" : "", summary);
        if (t->help && !t->line_only)
            printf("%s", t->help);
        if (t->line && t->line_help) {
            /* The line help's lines, indented under their heading. */
            printf("  as a line control:\n");
            for (const char *p = t->line_help; *p;) {
                size_t n = strcspn(p, "\n");
                printf("  %.*s\n", (int)n, p);
                p += n + (p[n] == '\n');
            }
        }
        printf("\n");
    }
    printf("Every policy of a stock point also takes: supplier,\n"
           "initial_inventory, emergency_stock and its release\n"
           "(until_recovered or during), backup_supplier with switch_after\n"
           "and backup_lot (cover_gap or a number), expedite; standing_split\n"
           "and dual_index take a second_supplier (the fast source;\n"
           "supplier: is the regular one) instead of a backup_supplier. A\n"
           "line control takes only what is listed under \"as a line\n"
           "control\"; \"lines only\" types need a scenario with stages:\n"
           "(docs/scenario-format.md).\n");
    return EXIT_OK;
}

const command cmd_policies = {
    "policies",
    "list the policies, their parameters and auto rules",
    policies_main,
    policies_usage,
};
