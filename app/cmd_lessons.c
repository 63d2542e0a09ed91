/*
 * cmd_lessons.c - `jitsim lessons [NAME [run options]]`: the lesson
 * library. Without NAME it lists the built-in lessons in teaching order
 * with their titles, then the analyst examples and any other built-in
 * scenario; with NAME it prints the lesson's text (its description) and
 * runs it exactly as `jitsim run NAME` would, with run's options.
 *
 * It is not a second runner: the run is cmd_run's. The lessons themselves
 * are data (the .yaml files of scenarios/, embedded at build time); this
 * file only knows their order.
 */
#include <stdio.h>
#include <string.h>

#include "analysis/scenario.h"
#include "builtin.h"
#include "cli.h"

/* Teaching order; a lesson in several files numbers its first file only.
 * docs/lessons.md follows the same order. */
static const struct lesson_entry {
    const char *number;
    const char *name;
} lessons[] = {
    {"1", "flagship"},
    {"2", "volatility-low"},
    {"", "volatility-medium"},
    {"", "volatility-high"},
    {"3", "outage"},
    {"4", "mitigation"},
    {"5", "local-vs-offshore"},
    {"6", "transport-milkrun"},
    {"", "transport-truck"},
    {"7", "seasonal"},
    {"8", "quality"},
    {"9", "claims-stable"},
    {"", "claims-volatile"},
    {"10", "random-outages"},
    {"11", "line-kanban-vs-mrp"},
    {"12", "line-conwip-vs-kanban"},
    {"13", "line-heijunka"},
    {"14", "line-breakdowns"},
    {"", "line-tpm"},
    {"15", "line-quality"},
};
#define N_LESSONS (sizeof lessons / sizeof lessons[0])

#define EXAMPLE_PREFIX "example-"

static void lessons_usage(FILE *out)
{
    fprintf(out,
            "usage: jitsim lessons [NAME [run options]]\n"
            "\n"
            "Without NAME, lists the built-in lessons and examples. With\n"
            "NAME, prints the lesson (the situation, what to look at, the\n"
            "questions) and runs it as 'jitsim run NAME' does; run's\n"
            "options apply, e.g.\n"
            "\n"
            "  jitsim lessons outage --trace=stdout --trace-window 179:200\n"
            "  jitsim lessons transport-truck --set "
            "suppliers.supplier.shipment_cost=8\n"
            "\n"
            "docs/lessons.md is the instructors' guide: goals, answers and\n"
            "variations for every lesson.\n");
}

static const struct lesson_entry *lesson_find(const char *name)
{
    for (size_t i = 0; i < N_LESSONS; i++)
        if (strcmp(lessons[i].name, name) == 0)
            return &lessons[i];
    return NULL;
}

/* The scenario of a built-in, parsed without overrides and quietly; 0 or
 * -1 (its errors are what `jitsim validate NAME` shows). */
static int load_quietly(const builtin_scenario *b, scenario *sc)
{
    char source[2600];
    scenario_errors errors;
    scenario_errors_init(&errors);
    builtin_source(b, source, sizeof source);
    int rc = scenario_parse(b->text, b->size, source, NULL, 0, sc, &errors);
    scenario_errors_free(&errors);
    return rc;
}

static void list_one(const char *number, const builtin_scenario *b)
{
    scenario sc;
    if (load_quietly(b, &sc)) {
        printf("  %3s  %-27s (does not load: see jitsim validate %s)\n",
               number, b->name, b->name);
        return;
    }
    printf("  %3s  %-27s %s\n", number, b->name, sc.name);
    scenario_free(&sc);
}

static int list_all(void)
{
    printf("Lessons (jitsim lessons NAME shows one and runs it):\n");
    for (size_t i = 0; i < N_LESSONS; i++) {
        const builtin_scenario *b = builtin_find(lessons[i].name);
        if (b)
            list_one(lessons[i].number, b);
    }
    int header = 0;
    for (const builtin_scenario *b = builtin_scenarios; b->name; b++) {
        if (strncmp(b->name, EXAMPLE_PREFIX, strlen(EXAMPLE_PREFIX)) != 0)
            continue;
        if (!header++)
            printf("\nExamples for analysts:\n");
        list_one("", b);
    }
    header = 0;
    for (const builtin_scenario *b = builtin_scenarios; b->name; b++) {
        if (lesson_find(b->name) ||
            strncmp(b->name, EXAMPLE_PREFIX, strlen(EXAMPLE_PREFIX)) == 0)
            continue;
        if (!header++)
            printf("\nOther built-in scenarios:\n");
        list_one("", b);
    }
    return EXIT_OK;
}

static int lessons_main(int argc, char **argv)
{
    if (argc < 2)
        return list_all();
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
        lessons_usage(stdout);
        return EXIT_OK;
    }
    if (name[0] == '-') {
        cli_error("lessons", "expected a lesson name before the options, "
                             "got '%s' ('jitsim lessons' lists them)",
                  name);
        return EXIT_USAGE;
    }
    const builtin_scenario *b = builtin_find(name);
    if (!b) {
        cli_error("lessons", "no lesson named '%s'; 'jitsim lessons' lists "
                             "them",
                  name);
        return EXIT_USAGE;
    }
    scenario sc;
    if (cli_load_scenario(name, NULL, 0, &sc))
        return EXIT_USAGE;
    const struct lesson_entry *l = lesson_find(name);
    if (l && l->number[0])
        printf("Lesson %s: %s\n", l->number, sc.name);
    else
        printf("%s\n", sc.name);
    size_t n = strlen(sc.description);
    printf("\n%s%s\n", sc.description,
           n && sc.description[n - 1] == '\n' ? "" : "\n");
    scenario_free(&sc);
    fflush(stdout);
    /* The run: `jitsim run NAME [options]`, argv shifted by one. */
    argv[0] = (char *)cmd_run.name;
    return cmd_run.main(argc, argv);
}

const command cmd_lessons = {
    "lessons",
    "list the built-in lessons, or show one and run it",
    lessons_main,
    lessons_usage,
};
