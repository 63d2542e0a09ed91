/*
 * order.c - the pool of replenishment orders.
 */
#include "order.h"

#include <stdlib.h>
#include <string.h>

#include "sim/check.h"

void order_pool_init(order_pool *pool)
{
    memset(pool, 0, sizeof *pool);
    pool->free_head = ORDER_NONE;
}

void order_pool_fini(order_pool *pool)
{
    free(pool->items);
    order_pool_init(pool);
}

void order_pool_clear(order_pool *pool)
{
    pool->used = 0;
    pool->open = 0;
    pool->free_head = ORDER_NONE;
}

uint32_t order_pool_acquire(order_pool *pool)
{
    uint32_t index = pool->free_head;
    if (index != ORDER_NONE) {
        pool->free_head = pool->items[index].next;
    } else {
        if (pool->used == pool->capacity) {
            uint32_t cap = pool->capacity ? pool->capacity * 2 : 64;
            JS_CHECK(cap > pool->capacity && cap < ORDER_NONE,
                     "too many open orders (%u)", pool->capacity);
            order *items = realloc(pool->items, (size_t)cap * sizeof *items);
            JS_CHECK(items != NULL, "out of memory for %u orders", cap);
            pool->items = items;
            pool->capacity = cap;
        }
        index = pool->used++;
    }
    /* A compound literal, not memset: the compiler writes the 88 bytes in
     * place instead of calling the library for them. */
    pool->items[index] = (order){.next = ORDER_NONE, .open = 1};
    pool->open++;
    return index;
}

void order_pool_release(order_pool *pool, uint32_t index)
{
    pool->items[index].next = pool->free_head;
    pool->items[index].open = 0;
    pool->free_head = index;
    pool->open--;
}
