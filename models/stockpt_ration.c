/*
 * stockpt_ration.c - a short stock point's rationing among the orders
 * waiting for it, other than first come first served (stockpt.c's own
 * loop): in proportion to what each still waits for, or by the priority
 * of the node that placed it (models/network.h: network_rationing).
 *
 * Proportional: when the usable stock A is less than the W units waiting,
 * each order gets floor(A r_i / W) of its r_i, and the units left over go
 * one each to the oldest orders not yet whole; with enough stock, all are
 * served. Priority: the orders of the lowest node rank first, then the
 * next, end customers last, oldest first within a rank. Orders served in
 * full leave the queue, the others keep their place. Whole units
 * throughout; nothing allocated.
 *
 * Not here: FIFO (stockpt__serve_waiting), the shipping of what is served
 * (the network's ship_fn, called by stockpt__serve_entry).
 */
#include <limits.h>
#include <math.h>

#include "models/stockpt.h"
#include "models/stockpt_internal.h"

#define AT(sp, i) (&(sp)->waiting[((sp)->waiting_head + (i)) & \
                                  ((sp)->waiting_cap - 1)])

static int rank_of(const stockpt *sp, const backorder *b)
{
    if (!b->node_order || !sp->node_rank)
        return INT_MAX;
    return sp->node_rank[sp->orders->items[b->node_order - 1].node];
}

/* Drops the entries served in full, keeping the others' order. */
static void compact(stockpt *sp)
{
    size_t kept = 0;
    for (size_t i = 0; i < sp->waiting_n; i++) {
        backorder b = *AT(sp, i);
        if (b.remaining > 0.0)
            *AT(sp, kept++) = b;
    }
    sp->waiting_n = kept;
}

static void proportional(stockpt *sp)
{
    double avail = floor(sp->on_hand + 1e-9), wanted = 0.0;
    for (size_t i = 0; i < sp->waiting_n; i++)
        wanted += AT(sp, i)->remaining;
    if (avail >= wanted) {
        for (size_t i = 0; i < sp->waiting_n; i++)
            stockpt__serve_entry(sp, AT(sp, i), AT(sp, i)->remaining);
        return;
    }
    /* Shares first (computed on what waited before any is served), then
     * the leftover units one by one, oldest first. */
    double given = 0.0;
    double share[64];
    size_t n = sp->waiting_n < 64 ? sp->waiting_n : 64;
    for (size_t i = 0; i < n; i++) {
        share[i] = floor(avail * AT(sp, i)->remaining / wanted);
        given += share[i];
    }
    for (size_t i = 0; i < n && given < avail; i++)
        if (share[i] < AT(sp, i)->remaining) {
            share[i] += 1.0;
            given += 1.0;
        }
    for (size_t i = 0; i < n; i++)
        if (share[i] > 0.0)
            stockpt__serve_entry(sp, AT(sp, i), share[i]);
    /* Beyond 64 orders waiting, the rest in FIFO order. */
    for (size_t i = n; i < sp->waiting_n && sp->on_hand > 0.0; i++)
        stockpt__serve_entry(sp, AT(sp, i), AT(sp, i)->remaining);
}

static void priority(stockpt *sp)
{
    int level = INT_MIN;
    while (sp->on_hand > 0.0) {
        /* The lowest rank above `level` still waiting. */
        int next = INT_MAX;
        int any = 0;
        for (size_t i = 0; i < sp->waiting_n; i++) {
            const backorder *b = AT(sp, i);
            int r = rank_of(sp, b);
            if (b->remaining > 0.0 && r > level && r <= next) {
                next = r;
                any = 1;
            }
        }
        if (!any)
            break;
        for (size_t i = 0; i < sp->waiting_n && sp->on_hand > 0.0; i++) {
            backorder *b = AT(sp, i);
            if (b->remaining > 0.0 && rank_of(sp, b) == next)
                stockpt__serve_entry(sp, b, b->remaining);
        }
        if (next == INT_MAX)
            break;
        level = next;
    }
}

void stockpt__serve_rationed(stockpt *sp)
{
    if (sp->rationing == 1)
        proportional(sp);
    else
        priority(sp);
    compact(sp);
}
