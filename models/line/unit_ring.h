/*
 * unit_ring.h - a unit on its way through a line, and the first-in
 * first-out rings of units that hold a line's buffers, stores, rework
 * queues, releases and cards (folder-private to models/line/).
 *
 * Static inline: they sit on the hottest paths of a run (every unit is put
 * and taken several times). Not a general container: units only.
 */
#ifndef JITSIM_LINE_UNIT_RING_H
#define JITSIM_LINE_UNIT_RING_H

#include <stdlib.h>

/* A unit on its way: when it was released to the line, when it entered its
 * current stage, when it entered the store it sits in. */
typedef struct unit {
    double released;
    double entered;
    double stored;
    int product;
} unit;

/* A first-in first-out ring of units that grows by doubling; its
 * capacity is a power of two, so positions wrap with a mask. */
typedef struct unit_ring {
    unit *u;
    size_t cap, head, n;
} unit_ring;

/* Appends a unit, given field by field: building a unit on the stack and
 * copying it costs a store-forwarding stall on every append. */
static inline int ring_put(unit_ring *r, double released, double entered,
                    double stored, int product)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        unit *grown = malloc(cap * sizeof *grown);
        if (!grown)
            return -1;
        for (size_t i = 0; i < r->n; i++)
            grown[i] = r->u[(r->head + i) & (r->cap - 1)];
        free(r->u);
        r->u = grown;
        r->cap = cap;
        r->head = 0;
    }
    unit *slot = &r->u[(r->head + r->n) & (r->cap - 1)];
    slot->released = released;
    slot->entered = entered;
    slot->stored = stored;
    slot->product = product;
    r->n++;
    return 0;
}

static inline int ring_push(unit_ring *r, const unit *x)
{
    return ring_put(r, x->released, x->entered, x->stored, x->product);
}

static inline unit ring_pop(unit_ring *r)
{
    unit x = r->u[r->head];
    r->head = (r->head + 1) & (r->cap - 1);
    r->n--;
    return x;
}

static inline const unit *ring_head(const unit_ring *r)
{
    return &r->u[r->head];
}

static inline void ring_clear(unit_ring *r)
{
    r->head = r->n = 0;
}

#endif
