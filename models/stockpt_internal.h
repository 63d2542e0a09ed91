/*
 * stockpt_internal.h - what the stock point's two files share: stockpt.c
 * (stock, customers, pipeline, accounting) and stockpt_disruption.c (the
 * response to disruptions of the primary supplier: emergency stock, backup
 * supplier and its lots, and the recovery of each disruption).
 *
 * Private to those files: not installed, and not for policies, which use
 * stockpt.h only.
 */
#ifndef JITSIM_STOCKPT_INTERNAL_H
#define JITSIM_STOCKPT_INTERNAL_H

#include "models/stockpt.h"

/* Tells the trace, if any, of an event (stockpt.h lists them). */
#define TRACE(sp, event, quantity, supplier)                                \
    do {                                                                    \
        if ((sp)->trace)                                                    \
            (sp)->trace((sp)->trace_ctx, (sp), (event), (quantity),         \
                        (supplier));                                        \
    } while (0)

/* stockpt.c */

/* Records the levels after a change (every change goes through here). */
void stockpt__levels_changed(stockpt *sp);
/* Serves waiting customers from what is on hand, oldest first. */
void stockpt__serve_waiting(stockpt *sp);
/* Places an order of `quantity` whole units on supplier `supplier_index`;
 * `charged`: its costs count (0 for a free replacement of rejects). */
void stockpt__place(stockpt *sp, double quantity, int replenishes_reserve,
                    int supplier_index, int charged);

/* Serves waiting entry b with up to `wanted` units from usable stock
 * (its customer or downstream node gets them); pops nothing. The units
 * served. */
double stockpt__serve_entry(stockpt *sp, backorder *b, double wanted);

/* stockpt_ration.c: serves the waiting orders by sp->rationing when it is
 * not FIFO (a supply chain's node short of stock). */
void stockpt__serve_rationed(stockpt *sp);

/* stockpt_disruption.c */

/* A shortage began, or ended at `now` (called by levels_changed). */
void stockpt__shortage_began(stockpt *sp);
void stockpt__shortage_ended(stockpt *sp, double now);
/* A receipt of a loop order placed at `placed` has been put on hand and
 * has served the customers it could: supply may have recovered. */
void stockpt__loop_receipt(stockpt *sp, double placed);
/* The quantity to order from the backup supplier when the policy asks
 * for `requested` units: the backup's own lot (backup_lot). */
double stockpt__backup_quantity(const stockpt *sp, double requested);
/* The observed window starts: episodes begun before it are not counted. */
void stockpt__recovery_begin_window(stockpt *sp);
/* recovery_time over the window closing at `horizon` (NaN: no episode). */
double stockpt__recovery_time(const stockpt *sp, double horizon);

#endif
