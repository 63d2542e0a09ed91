/*
 * scenario_check.h - the scenario tests' helpers: parse a YAML text, and
 * check that it is refused with exactly the given errors (ERRORS,
 * SET_ERRORS) or accepted (accept). Included by test_scenario.c and
 * test_scenario_line.c; each test program gets its own static copy.
 */
#ifndef JITSIM_TESTS_SCENARIO_CHECK_H
#define JITSIM_TESTS_SCENARIO_CHECK_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "analysis/scenario.h"

static int parse_with(const char *yaml, const char *const *set, size_t n_set,
                      scenario *sc, scenario_errors *e)
{
    scenario_errors_init(e);
    return scenario_parse(yaml, strlen(yaml), "t.yaml", set, n_set, sc, e);
}

static void joined(const scenario_errors *e, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < e->n && used < size; i++) {
        int w = snprintf(buf + used, size - used, "\n  %s", e->lines[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

/* Parses `yaml` (with overrides) and checks that it fails with exactly the
 * errors whose prefixes are given, in this order. */
static void check_errors(const char *yaml, const char *const *set,
                         size_t n_set, const char *const *want)
{
    scenario sc;
    scenario_errors e;
    char all[16384];
    size_t n = 0;
    while (want[n])
        n++;
    int rc = parse_with(yaml, set, n_set, &sc, &e);
    joined(&e, all, sizeof all);
    cr_assert_eq(rc, -1, "expected the scenario to be refused");
    cr_assert_eq(e.n, n, "expected %zu errors, got %zu:%s", n, e.n, all);
    for (size_t i = 0; i < n; i++)
        cr_assert(strncmp(e.lines[i], want[i], strlen(want[i])) == 0,
                  "error %zu:\n  want %s\n  got  %s", i, want[i], e.lines[i]);
    /* The failure leaves nothing behind. */
    cr_assert_eq(sc.worlds, NULL);
    cr_assert_eq(sc.n_policies, 0);
    scenario_errors_free(&e);
    cr_assert_eq(e.n, 0);
}

#define ERRORS(yaml, ...)                                                    \
    check_errors(yaml, NULL, 0, (const char *const[]){__VA_ARGS__, NULL})
#define SET_ERRORS(yaml, set, ...)                                           \
    check_errors(yaml, set, sizeof set / sizeof set[0],                      \
                 (const char *const[]){__VA_ARGS__, NULL})

/* Parses a scenario that must be accepted. */
static void accept(const char *yaml, const char *const *set, size_t n_set,
                   scenario *sc)
{
    scenario_errors e;
    char all[16384];
    int rc = parse_with(yaml, set, n_set, sc, &e);
    joined(&e, all, sizeof all);
    cr_assert_eq(rc, 0, "expected success, got:%s", all);
    cr_assert_eq(e.n, 0);
    scenario_errors_free(&e);
}

/* Parses the first ```yaml block of docs/scenario-format.md after the
 * line `heading` (NULL: from the top), which must be accepted. */
static void parse_documented(const char *heading, scenario *sc)
{
    FILE *f = fopen(JITSIM_SOURCE_DIR "/docs/scenario-format.md", "r");
    cr_assert_not_null(f);
    static char doc[262144];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    char *start = heading ? strstr(doc, heading) : doc;
    cr_assert_not_null(start, "no %s in the format's docs", heading);
    start = strstr(start, "```yaml\n");
    cr_assert_not_null(start);
    start += 8;
    char *end = strstr(start, "```\n");
    cr_assert_not_null(end);
    scenario_errors e;
    scenario_errors_init(&e);
    int rc = scenario_parse(start, (size_t)(end - start), "example.yaml",
                            NULL, 0, sc, &e);
    cr_assert_eq(rc, 0, "%s", e.n ? e.lines[0] : "");
    scenario_errors_free(&e);
}

#endif
