/*
 * fuzz_scenario.c - libFuzzer target: the scenario reader (scenario_parse)
 * on any bytes. A refusal is fine; a crash, a leak, undefined behaviour or
 * a hang is what the fuzzer looks for.
 *
 * Not here: running the scenario (that is the simulator's job, and bounded
 * by what the reader accepts).
 */
#include <stddef.h>
#include <stdint.h>

#include "analysis/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    scenario sc;
    scenario_errors e;
    scenario_errors_init(&e);
    if (scenario_parse((const char *)data, size, "fuzz.yaml", NULL, 0, &sc,
                       &e) == 0)
        scenario_free(&sc);
    scenario_errors_free(&e);
    return 0;
}
