/*
 * raw.c - a line's raw-material store: the first stage takes one unit per
 * unit it starts; with a supplier the store reorders by (s, S) and
 * receives (prodline_receive, defects found on receipt rejected).
 *
 * Unlimited and free without a supplier. Not the supplier itself
 * (models/supplier.c), which the world drives.
 */
#include <math.h>

#include <gsl/gsl_randist.h>

#include "models/line/internal.h"

void line__raw_reorder(prodline *l)
{
    if (l->raw_unlimited)
        return;
    const raw_spec *raw = &l->spec->raw;
    double position = l->raw_on_hand + l->raw_on_order;
    if (position > raw->s)
        return;
    supplier *sup = &l->suppliers[raw->supplier];
    double quantity = raw->S - position;
    if (quantity < sup->spec->min_order)
        quantity = ceil(sup->spec->min_order - 1e-9);
    uint32_t index = order_pool_acquire(l->orders);
    if (index == ORDER_NONE) {
        l->failed = 1;
        return;
    }
    order *o = order_at(l->orders, index);
    o->supplier = (uint32_t)raw->supplier;
    o->quantity = quantity;
    o->placed = line__now(l);
    o->observed = l->observing;
    o->replenishes_reserve = 0;
    o->transit_factor = 1.0;
    l->raw_on_order += quantity;
    twavg_set(&l->raw_pipeline, line__now(l), l->raw_on_order);
    if (l->observing) {
        l->raw_orders += 1.0;
        l->raw_units += quantity;
        l->raw_ordering += sup->spec->order_cost;
        l->raw_purchase += quantity * l->raw_price;
    }
    LINE_TRACE(l, LINE_RAW_ORDER, -1, -1, quantity);
    supplier_place(sup, index);
}

void line__take_raw(prodline *l)
{
    if (l->raw_unlimited)
        return;
    l->raw_on_hand -= 1.0;
    twavg_set(&l->raw_level, line__now(l), l->raw_on_hand);
    line__raw_reorder(l);
}

void prodline_receive(sim *s, void *ctx, uint32_t index)
{
    prodline *l = ctx;
    order o = *order_at(l->orders, index);
    order_pool_release(l->orders, index);
    const supplier_spec *sup = l->suppliers[o.supplier].spec;
    double rejected = 0.0;
    if (sup->defect_rate > 0.0)
        rejected = (double)gsl_ran_binomial(l->raw_quality_rng,
                                            sup->defect_rate,
                                            (unsigned)o.quantity);
    double t = sim_now(s);
    l->raw_on_order -= o.quantity;
    l->raw_on_hand += o.quantity - rejected;
    twavg_set(&l->raw_pipeline, t, l->raw_on_order);
    twavg_set(&l->raw_level, t, l->raw_on_hand);
    if (l->observing) {
        l->raw_transport += sup->shipment_cost + sup->unit_freight * o.quantity;
        l->raw_rejected += rejected;
        l->raw_purchase -= rejected * l->raw_price;
        if (o.observed) {
            l->raw_received_time += t - o.placed;
            l->raw_receipts += 1.0;
        }
    }
    LINE_TRACE(l, LINE_RAW_RECEIPT, -1, -1, o.quantity - rejected);
    line__raw_reorder(l);
    line__stage_dispatch(l, 0);
    line__report_levels(l);
}
