/*
 * builtin.c - lookup of the embedded scenario files.
 */
#include "builtin.h"

#include <string.h>

const builtin_scenario *builtin_find(const char *name)
{
    for (const builtin_scenario *b = builtin_scenarios; b->name; b++)
        if (strcmp(b->name, name) == 0)
            return b;
    return NULL;
}
