/*
 * suggest.c - "did you mean 'X'?": the nearest of a list of words to a
 * misspelt one, and a list of words joined for "expected one of ...".
 *
 * Not here: the messages themselves; every caller words its own.
 */
#include <stdio.h>
#include <string.h>

#include "analysis/scenario/internal.h"

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

static int same_ignoring_case(const char *a, size_t la, const char *b)
{
    size_t lb = strlen(b);
    if (la != lb)
        return 0;
    for (size_t i = 0; i < la; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return 0;
    return 1;
}

/* Optimal string alignment distance (insertions, deletions, substitutions,
 * adjacent transpositions), for words of at most 64 bytes. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t rows[3][65];
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (prev[j - 1] + cost < best)
                best = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

/* The candidate within 2 edits (fewer than the word's length, so a one-
 * letter key does not match every one-letter name), or one that differs
 * only in case, or one the word abbreviates; NULL if none. */
const char *scn_suggest(const char *word, size_t len,
                        const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i])
            continue;
        if (same_ignoring_case(word, len, cands[i]))
            return cands[i];
        size_t d = edit_distance(word, len, cands[i], strlen(cands[i]));
        /* An abbreviation ("lin" for "linear") is as good as one typo. */
        if (len >= 3 && strlen(cands[i]) > len &&
            memcmp(cands[i], word, len) == 0)
            d = 1;
        if (d < best_d && d < len) {
            best = cands[i];
            best_d = d;
        }
    }
    return best;
}

/* "a, b, c" (the first 16). */
void scn_join(char *buf, size_t size, const char *const *words, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0, shown = 0; i < n && used < size; i++) {
        if (!words[i])
            continue;
        int w = shown == 16 ? snprintf(buf + used, size - used, ", ...")
                            : snprintf(buf + used, size - used, "%s%s",
                                       shown ? ", " : "", words[i]);
        if (w < 0)
            break;
        used += (size_t)w;
        if (++shown > 16)
            break;
    }
}

const char *scenario_suggest(const char *word, const char *const *cands,
                             size_t n)
{
    return scn_suggest(word, strlen(word), cands, n);
}
