/*
 * main.c (app/wasm/) - what the WebAssembly module exports to the
 * classroom page (and to Node's WASI in the parity test): memory for the
 * page to write a scenario into, and the run (analysis/classroom.h), which
 * returns its JSON text. A reactor module: no main; the page calls
 * _initialize once, then these.
 *
 *   jitsim_alloc(n) -> pointer      jitsim_free(pointer)
 *   jitsim_run(text, len, name, sets, seed_hi, seed_lo, seed_given,
 *              replications) -> pointer to a NUL-terminated JSON text
 *   jitsim_export(text, len, sets) -> the text with the sets written
 *              in (classroom_export), or 0 with the message as result
 *   jitsim_export_ok() -> 1 when the last export gave a text
 *   jitsim_play(role, partners, orders) -> the beer game played so far
 *              (analysis/play.h's JSON): the player's role, the
 *              partners' rule and the orders from week 5 on, each a
 *              NUL-terminated text; the game replays from week 1
 *   jitsim_result_len() -> the length in bytes of the last result
 *
 * name is the NUL-terminated file name messages give (file:line:col),
 * sets a NUL-terminated text of "path=value" lines, or 0. The caller frees
 * the text, the name, the sets and the result with jitsim_free.
 *
 * Built by scripts/build-wasm.sh only (CMake's glob of app/ does not reach
 * this folder).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/classroom.h"
#include "analysis/play.h"

#define EXPORT(name) __attribute__((export_name(name)))

static size_t result_len;
static int export_ok;

EXPORT("jitsim_alloc") void *jitsim_alloc(size_t n)
{
    return malloc(n ? n : 1);
}

EXPORT("jitsim_free") void jitsim_free(void *p)
{
    free(p);
}

EXPORT("jitsim_run")
char *jitsim_run(const char *text, size_t len, const char *name,
                 const char *sets,
                 uint32_t seed_hi, uint32_t seed_lo, int seed_given,
                 uint32_t replications)
{
    uint64_t seed = ((uint64_t)seed_hi << 32) | seed_lo;
    return classroom_run_json(text, len, name, sets, seed,
                              seed_given, replications, &result_len);
}

EXPORT("jitsim_result_len") size_t jitsim_result_len(void)
{
    return result_len;
}

EXPORT("jitsim_export")
char *jitsim_export(const char *text, size_t len, const char *sets)
{
    static char err[512];
    char *out = classroom_export(text, len, sets, &result_len, err,
                                 sizeof err);
    export_ok = out != NULL;
    if (out)
        return out;
    result_len = strlen(err);
    char *copy = malloc(result_len + 1);
    if (copy)
        memcpy(copy, err, result_len + 1);
    return copy;
}

EXPORT("jitsim_export_ok") int jitsim_export_ok(void)
{
    return export_ok;
}

EXPORT("jitsim_play")
char *jitsim_play(const char *role, const char *partners, const char *orders)
{
    return play_json(role, partners, orders, &result_len);
}
