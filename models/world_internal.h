/*
 * world_internal.h - what models/world.c and models/world_spec.c share:
 * the checks a spec passes before a world is created from it. Not part of
 * the C API (models/world.h).
 */
#ifndef JITSIM_WORLD_INTERNAL_H
#define JITSIM_WORLD_INTERNAL_H

#include <stddef.h>

#include "models/world.h"

/* The clock, the item, the demand (when the world has one of its own:
 * needs_demand), the suppliers (needs_supplier) and the disruptions. 0,
 * or -1 with "what is wrong; what is expected" in err. */
int world__check_world(const world_spec *spec, int needs_demand,
                       int needs_supplier, char *err, size_t errlen);
/* `optimal` only where the policy has a cost model for the parameter
 * (bits of `accepted`). */
int world__check_optimal(const policy_spec *p, unsigned accepted, char *err,
                         size_t errlen);
/* A one-stock-point world's whole spec: the world's checks, the policy's
 * type, parameters and sources. */
int world__check_spec(const world_spec *spec, char *err, size_t errlen);

#endif
