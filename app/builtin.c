/*
 * builtin.c - lookup of the embedded scenario files, and where their data
 * files live.
 */
#define _POSIX_C_SOURCE 200809L
#include "builtin.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

const builtin_scenario *builtin_find(const char *name)
{
    for (const builtin_scenario *b = builtin_scenarios; b->name; b++)
        if (strcmp(b->name, name) == 0)
            return b;
    return NULL;
}

static int readable(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f)
        fclose(f);
    return f != NULL;
}

void builtin_source(const builtin_scenario *b, char *out, size_t len)
{
    char exe[2048], dirs[4][2200], probe[2400];
    size_t n_dirs = 0;
    /* The program's directory (Linux; elsewhere only ./scenarios). */
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(dirs[n_dirs++], sizeof dirs[0], "%s/../scenarios", exe);
            snprintf(dirs[n_dirs++], sizeof dirs[0],
                     "%s/../share/jitsim/scenarios", exe);
        }
    }
    snprintf(dirs[n_dirs++], sizeof dirs[0], "scenarios");
#ifdef JITSIM_SOURCE_SCENARIOS
    snprintf(dirs[n_dirs++], sizeof dirs[0], "%s", JITSIM_SOURCE_SCENARIOS);
#endif
    for (size_t i = 0; i < n_dirs; i++) {
        snprintf(probe, sizeof probe, "%s/%s.yaml", dirs[i], b->name);
        if (readable(probe)) {
            snprintf(out, len, "%s (built-in)", probe);
            return;
        }
    }
    snprintf(out, len, "%s.yaml (built-in)", b->name);
}
