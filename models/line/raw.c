/*
 * raw.c - a line's raw-material store: the first stage takes one unit per
 * unit it starts; with a supplier the store reorders by (s, S), owns what
 * its supplier dispatches (prodline_dispatched) and receives
 * (prodline_receive, defects found on receipt rejected). And the value of
 * the material, as a stock point values its stock (models/stockpt.c):
 * the landed cost paid (price plus unit freight) pooled at a moving
 * average in the store, then in each product's units until they are
 * shipped (cost of goods) or scrapped.
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
    o->owned_in_transit = 0;
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

void line__take_raw_unit(prodline *l, int product)
{
    /* One unit at the store's average cost; the last one takes what is
     * left, so that no rounding stays in an empty store. */
    double value = l->raw_on_hand > 1.0 ? l->raw_value / l->raw_on_hand
                                        : l->raw_value;
    l->raw_on_hand -= 1.0;
    l->raw_value -= value;
    double t = line__now(l);
    twavg_set(&l->raw_level, t, l->raw_on_hand);
    twavg_set(&l->raw_level_value, t, l->raw_value);
    product_run *pr = &l->products[product];
    pr->material_units += 1.0;
    pr->material_value += value;
    line__raw_reorder(l);
}

void line__material_in(prodline *l, product_run *pr, double units)
{
    if (l->raw_unlimited)
        return;
    pr->material_units += units;
    pr->material_value += units * l->raw_landed;
}

void line__material_leaves(prodline *l, product_run *pr, double units,
                           int shipped)
{
    if (pr->material_units <= 0.0)
        return;
    double value = units < pr->material_units
                       ? pr->material_value * units / pr->material_units
                       : pr->material_value;
    pr->material_units -= units;
    pr->material_value -= value;
    if (pr->material_units <= 0.0)
        pr->material_units = pr->material_value = 0.0;
    if (shipped && l->observing)
        pr->cost_of_goods += value;
}

void prodline_dispatched(sim *s, void *ctx, uint32_t index)
{
    prodline *l = ctx;
    order *o = order_at(l->orders, index);
    if (l->suppliers[o->supplier].spec->ownership != OWNERSHIP_AT_DISPATCH)
        return;
    o->owned_in_transit = 1;
    l->raw_transit_units += o->quantity;
    l->raw_transit_value += o->quantity * l->raw_landed;
    twavg_set(&l->raw_transit, sim_now(s), l->raw_transit_value);
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
    /* Good units join the store at their landed cost; rejected ones are
     * not paid for, and the freight spent on them is a transport cost. */
    l->raw_value += (o.quantity - rejected) * l->raw_landed;
    if (o.owned_in_transit) {
        l->raw_transit_units -= o.quantity;
        l->raw_transit_value -= o.quantity * l->raw_landed;
        if (l->raw_transit_units <= 0.0)
            l->raw_transit_units = l->raw_transit_value = 0.0;
        twavg_set(&l->raw_transit, t, l->raw_transit_value);
    }
    twavg_set(&l->raw_pipeline, t, l->raw_on_order);
    twavg_set(&l->raw_level, t, l->raw_on_hand);
    twavg_set(&l->raw_level_value, t, l->raw_value);
    if (l->observing) {
        l->raw_transport += sup->shipment_cost + sup->unit_freight * rejected;
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
