/*
 * order.h - replenishment orders and the pool they live in.
 *
 * An order is placed by a stock point on a supplier, may queue for the
 * supplier's servers, travels for a lead time, and is received. Orders are
 * referred to by index (events carry the index) because the pool grows by
 * reallocation; nothing holds a pointer to an order across events. The pool
 * allocates only when the number of open orders reaches a new peak.
 */
#ifndef JITSIM_ORDER_H
#define JITSIM_ORDER_H

#include <stdint.h>

#define ORDER_NONE UINT32_MAX

typedef struct order {
    uint32_t next;        /* link in a supplier queue, or the free list */
    uint32_t supplier;    /* index of the supplier filling it */
    uint32_t node;        /* index of the world's node that placed it */
    double quantity;      /* whole units */
    double placed;        /* time placed */
    double units_started; /* units a server has started */
    double units_done;    /* units made */
    double transit_factor; /* multiplies the transit time; 0 means 1 */
    int observed;         /* placed inside the observed window */
    int replenishes_reserve; /* refills an emergency stock, not the loop */
    int owned_in_transit; /* dispatched, and the buyer's from dispatch */
    int open;             /* in use (between acquire and release) */
    /* When the buyer expects it: its dispatch time plus its supplier's
     * mean transit time (times the lead-time factors in force at
     * dispatch); INFINITY until it is dispatched. Set by the stock point,
     * for policies that look at when their pipeline arrives. */
    double due;
} order;

typedef struct order_pool {
    order *items;
    uint32_t capacity;
    uint32_t used; /* high-water mark */
    uint32_t free_head;
    uint32_t open;
} order_pool;

void order_pool_init(order_pool *pool);
void order_pool_fini(order_pool *pool);
/* Forgets every order, keeping the memory. */
void order_pool_clear(order_pool *pool);
/* A zeroed order's index; aborts with a diagnostic when memory runs out. */
uint32_t order_pool_acquire(order_pool *pool);
void order_pool_release(order_pool *pool, uint32_t index);

static inline order *order_at(order_pool *pool, uint32_t index)
{
    return &pool->items[index];
}

#endif
