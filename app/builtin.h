/*
 * builtin.h - the scenario files embedded in the program at build time
 * (the .yaml files of scenarios/), so that lessons run from any
 * directory.
 */
#ifndef JITSIM_BUILTIN_H
#define JITSIM_BUILTIN_H

#include <stddef.h>

typedef struct builtin_scenario {
    const char *name; /* file name without .yaml */
    const char *text;
    size_t size;
} builtin_scenario;

/* Ends with an entry whose name is NULL. */
extern const builtin_scenario builtin_scenarios[];

/* The built-in scenario of that name, or NULL. */
const builtin_scenario *builtin_find(const char *name);

/* The source name to parse built-in `b` under: "DIR/NAME.yaml (built-in)"
 * where DIR is the first directory holding NAME.yaml of: the scenarios/
 * directory beside the program's own directory (a build tree inside the
 * source tree), the installed share/jitsim/scenarios, ./scenarios; or
 * "NAME.yaml (built-in)" if none does. The directory matters because a
 * scenario's relative demand `file` (scenarios/data/...) is resolved from
 * it, so that a lesson replaying a trace runs by name from anywhere. */
void builtin_source(const builtin_scenario *b, char *out, size_t len);

/* For a name that is neither a file nor a built-in scenario: writes the
 * hint that follows "expected a scenario file or a lesson name": the
 * built-in it most likely misspells ("did you mean 'outage'?"), else up to
 * three whose text mentions it most ("lessons that mention 'plant': ..."),
 * else where the list is ("jitsim lessons lists them"). */
void builtin_suggest(const char *what, char *out, size_t len);

/* The scenario `jitsim` runs with no arguments. */
#define BUILTIN_DEFAULT "flagship"

#endif
