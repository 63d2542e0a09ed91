/*
 * conwip.c - pull, lines only: one cap on the units in a line. A unit
 * taken from the finished-goods store sends its card back to the first
 * stage, which releases one unit of the same product; the stages in
 * between work whenever they have input. Simulated by models/line.c.
 */
#include "models/policy.h"

const policy_type policy_conwip = {
    .name = "conwip",
    .family = POLICY_PULL,
    .summary = "lines: a cap on all units in the line; a sale releases one",
    .line_only = 1,
    .line_accepted = 1u << PARAM_WIP | 1u << PARAM_SAFETY,
    .line_help =
        "  wip            cap on units released and not yet sold (in the\n"
        "                 stages, their buffers and the finished-goods store);\n"
        "                 auto = ceil(D x (line lead time) x (1 + safety))\n"
        "                 (default auto)\n"
        "  safety         safety factor for wip: auto (default 0.5)\n",
};
