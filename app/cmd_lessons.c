/*
 * cmd_lessons.c - `jitsim lessons [NAME [run options]]`: the lesson
 * library. Without NAME it lists the built-in lessons in teaching order
 * with their titles, then the analyst examples and any other built-in
 * scenario; with NAME it prints the lesson's text (its description) and
 * runs it exactly as `jitsim run NAME` would, with run's options.
 *
 * It is not a second runner: the run is cmd_run's. The lessons themselves
 * are data (the .yaml files of scenarios/, embedded at build time), and so
 * is their order: a lesson's files say `lesson: N` (and `lesson_part: K`
 * for the second file of a lesson on); this file only sorts them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario.h"
#include "builtin.h"
#include "cli.h"

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

/* A built-in scenario and its place in the teaching order. */
typedef struct lesson_entry {
    const builtin_scenario *b;
    int number; /* 0: not a lesson */
    int part;
    int loads;
    char title[256];
} lesson_entry;

static lesson_entry lesson_of(const builtin_scenario *b)
{
    lesson_entry e = {.b = b};
    scenario sc;
    if (load_quietly(b, &sc))
        return e;
    e.loads = 1;
    e.number = sc.lesson;
    e.part = sc.lesson_part ? sc.lesson_part : 1;
    snprintf(e.title, sizeof e.title, "%s", sc.name);
    scenario_free(&sc);
    return e;
}

static int by_teaching_order(const void *pa, const void *pb)
{
    const lesson_entry *a = pa, *b = pb;
    if (a->number != b->number)
        return a->number < b->number ? -1 : 1;
    if (a->part != b->part)
        return a->part < b->part ? -1 : 1;
    return strcmp(a->b->name, b->b->name);
}

static void list_one(const lesson_entry *e)
{
    char number[16] = "";
    /* A lesson in several files numbers its first file only. */
    if (e->number && e->part == 1)
        snprintf(number, sizeof number, "%d", e->number);
    if (!e->loads)
        printf("  %3s  %-27s (does not load: see jitsim validate %s)\n",
               number, e->b->name, e->b->name);
    else
        printf("  %3s  %-27s %s\n", number, e->b->name, e->title);
}

static int is_example(const builtin_scenario *b)
{
    return strncmp(b->name, EXAMPLE_PREFIX, strlen(EXAMPLE_PREFIX)) == 0;
}

static int list_all(void)
{
    size_t n = 0;
    while (builtin_scenarios[n].name)
        n++;
    lesson_entry *all = calloc(n + 1, sizeof *all);
    if (!all) {
        cli_error("lessons", "out of memory");
        return EXIT_FAILED;
    }
    for (size_t i = 0; i < n; i++)
        all[i] = lesson_of(&builtin_scenarios[i]);
    qsort(all, n, sizeof *all, by_teaching_order);
    printf("Lessons (jitsim lessons NAME shows one and runs it):\n");
    for (size_t i = 0; i < n; i++)
        if (all[i].number)
            list_one(&all[i]);
    int header = 0;
    for (size_t i = 0; i < n; i++) {
        if (all[i].number || !is_example(all[i].b))
            continue;
        if (!header++)
            printf("\nExamples for analysts:\n");
        list_one(&all[i]);
    }
    header = 0;
    for (size_t i = 0; i < n; i++) {
        if (all[i].number || is_example(all[i].b))
            continue;
        if (!header++)
            printf("\nOther built-in scenarios:\n");
        list_one(&all[i]);
    }
    free(all);
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
        char hint[512];
        builtin_suggest(name, hint, sizeof hint);
        cli_error("lessons", "no lesson named '%s'; expected a lesson "
                             "name: %s",
                  name, hint);
        return EXIT_USAGE;
    }
    scenario sc;
    if (cli_load_scenario(name, NULL, 0, &sc))
        return EXIT_USAGE;
    if (sc.lesson && sc.lesson_part <= 1)
        printf("Lesson %d: %s\n", sc.lesson, sc.name);
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
