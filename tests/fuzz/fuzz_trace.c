/*
 * fuzz_trace.c - libFuzzer target: the demand-trace reader
 * (demand_parse_trace, what demand_load_trace runs on a file's bytes) and
 * what is derived from an accepted trace (its rates, clipping).
 *
 * Not here: opening the file (regular files only, a size limit), which
 * the tests check.
 */
#include <stddef.h>
#include <stdint.h>

#include "models/demand.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[600];
    demand_spec spec;
    demand_spec_init(&spec);
    if (demand_parse_trace(&spec, (const char *)data, size, "fuzz.csv", err,
                           sizeof err) == 0) {
        (void)demand_mean_rate(&spec);
        (void)demand_variance_rate(&spec);
        (void)demand_expected_orders(&spec, 365.0);
        demand_trace_clip(&spec, 365.0);
        (void)demand_variance_rate(&spec);
    }
    demand_spec_free(&spec);
    return 0;
}
