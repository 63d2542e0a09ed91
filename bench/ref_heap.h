/*
 * ref_heap.h - the yardstick of the hold benchmark: the fastest plain event
 * list we know for the hold pattern, with nothing but times in it. A
 * 4-ary min-heap of 16-byte entries {time bits, sequence}, compared as one
 * 128-bit integer and the smallest child chosen without branches, laid out so that a node's four
 * children share one 64-byte cache line, a hold done as one bottom-up
 * sift from the root (the hole goes down along the smallest children to a
 * leaf, then the new entry rises from there), the grandchildren's four
 * cache lines prefetched a level ahead.
 *
 * It holds no handler, context or argument, so it is not an event list a
 * model could use; bench_hold reads jitsim's kernel against it (docs/
 * kernel.md). Times must be non-negative (their bit patterns then order
 * as the doubles do).
 */
#ifndef JITSIM_BENCH_REF_HEAP_H
#define JITSIM_BENCH_REF_HEAP_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct ref_entry {
    uint64_t time_bits;
    uint64_t seq;
} ref_entry;

typedef struct ref_heap {
    ref_entry *h;
    void *block;
    size_t n;
    uint64_t next_seq;
} ref_heap;

static inline unsigned __int128 ref_key(const ref_entry *e)
{
    return (unsigned __int128)e->time_bits << 64 | e->seq;
}

static inline uint64_t ref_bits(double t)
{
    uint64_t b;
    memcpy(&b, &t, sizeof b);
    return b;
}

static inline double ref_time(uint64_t b)
{
    double t;
    memcpy(&t, &b, sizeof t);
    return t;
}

/* Room for `capacity` entries, the root at byte 48 of a cache line. */
static inline int ref_heap_init(ref_heap *q, size_t capacity)
{
    q->block = aligned_alloc(64, capacity * sizeof(ref_entry) + 64);
    q->h = q->block ? (ref_entry *)((char *)q->block + 48) : NULL;
    q->n = 0;
    q->next_seq = 0;
    return q->block ? 0 : -1;
}

static inline void ref_heap_free(ref_heap *q)
{
    free(q->block);
}

static inline void ref_push(ref_heap *q, double t)
{
    ref_entry x = {ref_bits(t), q->next_seq++};
    ref_entry *h = q->h;
    size_t i = q->n++;
    while (i > 0 && ref_key(&x) < ref_key(&h[(i - 1) / 4])) {
        h[i] = h[(i - 1) / 4];
        i = (i - 1) / 4;
    }
    h[i] = x;
}

/* a if !pick_b, else b, without a branch (which child is smallest is a
 * coin toss a branch predictor loses). */
static inline size_t ref_select(size_t a, size_t b, int pick_b)
{
    return a ^ ((a ^ b) & -(size_t)pick_b);
}

/* Pops the soonest entry and pushes one at its time + dt: one sift. */
static inline void ref_hold(ref_heap *q, double dt)
{
    ref_entry *h = q->h;
    size_t n = q->n, hole = 0, c = 1;
    ref_entry x = {ref_bits(ref_time(h[0].time_bits) + dt), q->next_seq++};
    while (c + 3 < n) {
        size_t g = 4 * c + 1;
        __builtin_prefetch(&h[g]);
        __builtin_prefetch(&h[g + 4]);
        __builtin_prefetch(&h[g + 8]);
        __builtin_prefetch(&h[g + 12]);
        size_t a = c + (ref_key(&h[c + 1]) < ref_key(&h[c]));
        size_t b = c + 2 + (ref_key(&h[c + 3]) < ref_key(&h[c + 2]));
        size_t m = ref_select(a, b, ref_key(&h[b]) < ref_key(&h[a]));
        h[hole] = h[m];
        hole = m;
        c = 4 * m + 1;
    }
    if (c < n) { /* a last family of one to three children */
        size_t m = c;
        for (size_t i = c + 1; i < n; i++)
            m = ref_select(m, i, ref_key(&h[i]) < ref_key(&h[m]));
        h[hole] = h[m];
        hole = m;
    }
    unsigned __int128 kx = ref_key(&x);
    while (hole > 0 && kx < ref_key(&h[(hole - 1) / 4])) {
        h[hole] = h[(hole - 1) / 4];
        hole = (hole - 1) / 4;
    }
    h[hole] = x;
}

#endif
