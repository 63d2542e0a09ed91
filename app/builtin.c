/*
 * builtin.c - lookup of the embedded scenario files, and where their data
 * files live.
 */
#define _POSIX_C_SOURCE 200809L
#include "builtin.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analysis/scenario.h"

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

/* Times `word` occurs in text, ignoring case. */
static size_t mentions(const char *text, size_t size, const char *word)
{
    size_t n = strlen(word), count = 0;
    if (n == 0 || n > size)
        return 0;
    for (size_t i = 0; i + n <= size; i++) {
        size_t k = 0;
        while (k < n && tolower((unsigned char)text[i + k]) ==
                            tolower((unsigned char)word[k]))
            k++;
        count += k == n;
    }
    return count;
}

void builtin_suggest(const char *what, char *out, size_t len)
{
    const char *names[256];
    size_t n = 0;
    for (const builtin_scenario *b = builtin_scenarios; b->name && n < 256;
         b++)
        names[n++] = b->name;
    const char *near = scenario_suggest(what, names, n);
    if (near) {
        snprintf(out, len, "did you mean '%s'?", near);
        return;
    }
    /* The three that mention it most, in order (ties: the list's order). */
    const builtin_scenario *best[3] = {NULL, NULL, NULL};
    size_t score[3] = {0, 0, 0};
    for (const builtin_scenario *b = builtin_scenarios; b->name; b++) {
        size_t m = mentions(b->text, b->size, what);
        for (size_t k = 0; m > 0 && k < 3; k++)
            if (m > score[k]) {
                for (size_t j = 2; j > k; j--) {
                    best[j] = best[j - 1];
                    score[j] = score[j - 1];
                }
                best[k] = b;
                score[k] = m;
                break;
            }
    }
    if (!best[0] || strlen(what) < 3) {
        snprintf(out, len, "jitsim lessons lists them");
        return;
    }
    int w = snprintf(out, len, "those that mention '%s': %s", what,
                     best[0]->name);
    for (size_t k = 1; k < 3 && best[k] && w > 0 && (size_t)w < len; k++)
        w += snprintf(out + w, len - (size_t)w, ", %s", best[k]->name);
    if (w > 0 && (size_t)w < len)
        snprintf(out + w, len - (size_t)w, " (jitsim lessons lists them "
                                           "all)");
}
