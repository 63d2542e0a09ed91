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

/* The scenario `jitsim` runs with no arguments. */
#define BUILTIN_DEFAULT "flagship"

#endif
