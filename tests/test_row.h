/*
 * test_row.h - a row of one run on a test's stack, for the tests that run
 * a world directly (world_run, network_run, ...) and read its columns.
 *
 * The product sizes a row exactly for its scenario (world_row_width,
 * analysis/run.h); a test keeps one buffer wide enough for any scenario a
 * test builds, a chain of NETWORK_NODES_MAX nodes, so that it can stay on
 * the stack and be passed as `m.value`. test_rows.c checks the exact
 * widths, with rows allocated to them under the sanitizers.
 */
#ifndef JITSIM_TEST_ROW_H
#define JITSIM_TEST_ROW_H

#include "models/metrics.h"
#include "models/network.h"

typedef struct test_row {
    double value[NETWORK_ROW_WIDTH(NETWORK_NODES_MAX)];
} test_row;

#endif
