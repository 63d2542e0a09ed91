/*
 * convert.h - doubles to integers without undefined behaviour.
 *
 * Converting a double outside an integer type's range (3e95 to size_t,
 * NaN to anything) is undefined in C; gcc's -fsanitize=float-cast-overflow
 * reports it. Every double that becomes a count or an index goes through
 * here and is clamped to [0, max] first (NaN becomes 0).
 *
 * Not here: deciding what a sensible bound is; the callers name theirs
 * (and the scenario reader refuses inputs that would need clamping).
 */
#ifndef JITSIM_CONVERT_H
#define JITSIM_CONVERT_H

#include <stddef.h>
#include <stdint.h>

/* x clamped to [0, max], truncated toward zero; NaN gives 0. max must be
 * exactly representable as a double or below 2^53 for the bound to be
 * exact (every caller's is). */
static inline size_t js_size_clamped(double x, size_t max)
{
    if (!(x > 0.0))
        return 0;
    /* Below 2^63 (every caller's bound), through the signed conversions:
     * one instruction each way instead of the unsigned sequences (this
     * runs once per customer), the same values (x < max < 2^63). */
    if (max <= (size_t)INT64_MAX) {
        if (x >= (double)(int64_t)max)
            return max;
        return (size_t)(int64_t)x;
    }
    if (x >= (double)max)
        return max;
    return (size_t)x;
}

#endif
