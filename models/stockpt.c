/*
 * stockpt.c - stock, customers, pipeline, mitigations and accounting.
 *
 * Conventions (docs/metrics.md states them for users):
 * - Units are whole. A customer order takes what is on hand at once; the
 *   rest is backordered (FIFO) or lost. Customers that find stock are served
 *   with lead time 0.
 * - Receipts serve waiting customers first, oldest first.
 * - Defective units are found on receipt, rejected (not paid for) and
 *   replaced by the same supplier at no ordering cost; the replacement is
 *   not an order placed by the policy.
 * - The observed window is [warmup, horizon). Everything before the warm-up
 *   is forgotten, including the lead times of orders placed before it and of
 *   customers who arrived before it; costs are rates over the window.
 * - The response to disruptions (emergency stock, backup supplier) and
 *   the recovery of each are in stockpt_disruption.c.
 * - Stock is worth what was paid for it: the landed cost (the supplier's
 *   price plus its unit freight) of each receipt, pooled at a moving
 *   average; the initial and emergency stock at the primary supplier's
 *   landed cost. purchase_cost is the cost of goods that left the stock in
 *   the window (delivered to customers or scrapped), so where the window
 *   cuts a lot does not move it; ordered_value keeps the price of what was
 *   ordered in the window. Goods in transit are the buyer's from dispatch
 *   unless the supplier says at_receipt, and are held at their value.
 */
#include "stockpt.h"
#include "stockpt_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "sim/check.h"
#include "sim/convert.h"
#include "sim/stream.h"

void policy_spec_init(policy_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    policy_params_init(&spec->params);
    spec->initial_inventory = NAN;
    spec->release = RELEASE_UNTIL_RECOVERED;
    spec->backup_supplier = -1;
    spec->backup_lot = 0.0; /* cover the gap */
    spec->second_supplier = -1;
}

const char *stockpt_event_name(stockpt_event event)
{
    static const char *const names[] = {
        "customer_order", "short",           "order_placed",
        "receipt",        "rejected",        "disruption_begin",
        "disruption_end", "review",          "kanban_card",
        "recovered",      "dispatched",      "returned",
    };
    return (unsigned)event < sizeof names / sizeof names[0] ? names[event]
                                                             : "?";
}

/* ---- growable rings (grow only when a new peak is reached) ------------- */

/* NULL when memory runs out (the ring is left as it was): the caller marks
 * the run failed, which the run reports as an error rather than an abort.
 * Capacities are powers of two (64, doubled), so that an index wraps with a
 * mask (RING_AT) rather than a division, which would cost more than the
 * rest of a customer's bookkeeping in the ring. */
static void *grow_ring(void *items, size_t size, size_t *cap, size_t head,
                       size_t n)
{
    size_t new_cap = *cap ? *cap * 2 : 64;
    char *fresh = new_cap <= SIZE_MAX / size ? malloc(new_cap * size) : NULL;
    if (!fresh)
        return NULL;
    for (size_t i = 0; i < n; i++)
        memcpy(fresh + i * size, (char *)items + ((head + i) & (*cap - 1)) * size,
               size);
    free(items);
    *cap = new_cap;
    return fresh;
}

#define RING_AT(i, cap) ((i) & ((cap) - 1))

static backorder *waiting_front(stockpt *sp)
{
    return &sp->waiting[sp->waiting_head];
}

static void waiting_push(stockpt *sp, backorder b)
{
    if (sp->waiting_n == sp->waiting_cap) {
        backorder *grown = grow_ring(sp->waiting, sizeof *sp->waiting,
                                     &sp->waiting_cap, sp->waiting_head,
                                     sp->waiting_n);
        if (!grown) {
            sp->failed = 1;
            return;
        }
        sp->waiting = grown;
        sp->waiting_head = 0;
    }
    sp->waiting[RING_AT(sp->waiting_head + sp->waiting_n, sp->waiting_cap)] = b;
    sp->waiting_n++;
}

static void waiting_pop(stockpt *sp)
{
    sp->waiting_head = RING_AT(sp->waiting_head + 1, sp->waiting_cap);
    sp->waiting_n--;
}

/* ---- level changes: every change goes through here so that the
 *      time-weighted averages never miss one ----------------------------- */

/* Accounts the levels held since the last change, up to `now`. */
static void advance_levels(stockpt *sp, double now)
{
    double dt = now - sp->level_time;
    /* Several changes at one instant (a receipt right after its dispatch,
     * the levels after it): nothing to add, since level * 0 adds zero to
     * an area exactly (levels are finite; areas start at +0). */
    if (dt == 0.0)
        return;
    sp->area_physical += sp->level_physical * dt;
    sp->area_pipeline += sp->level_pipeline * dt;
    sp->area_owed += sp->level_owed * dt;
    sp->area_value += sp->level_value * dt;
    sp->area_transit += sp->level_transit * dt;
    sp->area_transit_value += sp->level_transit_value * dt;
    if (sp->level_usable > 0.0)
        sp->time_ready += dt;
    sp->level_time = now;
}

/* stockpt__levels_changed's body, inline in take_order (once per
 * customer: a call's register saves were a tenth of its cost). */
static inline __attribute__((always_inline)) void levels_changed(stockpt *sp)
{
    double now = sim_now(sp->s);
    advance_levels(sp, now);
    sp->level_physical = sp->on_hand + sp->reserve_locked;
    sp->level_usable = sp->on_hand;
    sp->level_pipeline = sp->on_order;
    sp->level_owed = sp->backorders;
    sp->level_value = sp->stock_value;
    if (sp->level_hook)
        sp->level_hook(sp->level_ctx, now, sp->on_hand + sp->reserve_locked,
                       sp->backorders, sp->on_order);
    /* With lost sales nobody waits: a shortage runs from a customer
     * turned away until stock is back on hand (an empty shelf that turned
     * nobody away is none). */
    int short_now = sp->item->lost_sales
                        ? sp->on_hand <= 0.0 &&
                              (sp->shortage || sp->turned_away)
                        : sp->backorders > 0.0;
    sp->turned_away = 0;
    if (short_now && !sp->shortage)
        stockpt__shortage_began(sp);
    else if (!short_now && sp->shortage)
        stockpt__shortage_ended(sp, now);
    sp->shortage = short_now;
}

void stockpt__levels_changed(stockpt *sp)
{
    levels_changed(sp);
}

static size_t bucket_of(const stockpt *sp)
{
    /* Truncation is the floor here: a negative offset clamps to 0. */
    return js_size_clamped((sim_now(sp->s) - sp->window_start) *
                               sp->buckets_per_time,
                           sp->n_buckets - 1);
}

/* ---- valuation ----------------------------------------------------------- */

static double landed_cost(const stockpt *sp, const supplier_spec *sup)
{
    return supplier_landed_cost(sup, sp->item->unit_cost);
}

static double unit_price(const stockpt *sp, const supplier_spec *sup)
{
    return supplier_unit_price(sup, sp->item->unit_cost);
}

/* Takes `units` out of the stock's value at its average cost; the value
 * of goods leaving in the window is their cost of goods. Units on hand are
 * on_hand plus the locked emergency stock; the caller has already taken
 * the units away, so the average is over what was there before. */
static void take_value(stockpt *sp, double units)
{
    if (units <= 0.0)
        return;
    double before = sp->on_hand + sp->reserve_locked + units;
    double value = before > 0.0 ? sp->stock_value * units / before : 0.0;
    if (units >= before)
        value = sp->stock_value; /* the last units take what is left */
    sp->stock_value -= value;
    if (sp->observing)
        sp->cost_of_goods += value;
}

/* ---- shelf life ---------------------------------------------------------- */

/* Lots hold the loop's own units (the emergency stock is not aged). Lots
 * are consumed and expire oldest first, so an expiring lot, if any of it
 * is left, is the oldest. */
static void on_expiry(sim *s, void *ctx, uint64_t serial)
{
    (void)s;
    stockpt *sp = ctx;
    if (sp->lots_n == 0 || sp->lots[sp->lots_head].serial != serial)
        return; /* consumed before it expired */
    double q = sp->lots[sp->lots_head].quantity;
    sp->lots_head = RING_AT(sp->lots_head + 1, sp->lots_cap);
    sp->lots_n--;
    sp->on_hand -= q;
    take_value(sp, q);
    if (sp->observing) {
        sp->scrapped_units += q;
        sp->scrap_cost += q * item_scrap_cost(sp->item);
    }
    /* Scrapped units left the loop like a withdrawal: a kanban card
     * goes back upstream. */
    if (sp->type->on_withdrawal)
        sp->type->on_withdrawal(sp, sp->policy_state, q);
    stockpt__levels_changed(sp);
}

static void lots_add(stockpt *sp, double quantity)
{
    if (sp->item->shelf_life <= 0.0 || quantity <= 0.0)
        return;
    if (sp->lots_n == sp->lots_cap) {
        lot *grown = grow_ring(sp->lots, sizeof *sp->lots, &sp->lots_cap,
                               sp->lots_head, sp->lots_n);
        if (!grown) {
            sp->failed = 1;
            return;
        }
        sp->lots = grown;
        sp->lots_head = 0;
    }
    uint64_t serial = sp->next_lot_serial++;
    double expiry = sim_now(sp->s) + sp->item->shelf_life;
    sp->lots[RING_AT(sp->lots_head + sp->lots_n, sp->lots_cap)] =
        (lot){expiry, quantity, serial};
    sp->lots_n++;
    sim_schedule(sp->s, expiry, on_expiry, sp, serial);
}

static void lots_take(stockpt *sp, double quantity)
{
    while (quantity > 0.0 && sp->lots_n > 0) {
        lot *head = &sp->lots[sp->lots_head];
        double take = head->quantity < quantity ? head->quantity : quantity;
        head->quantity -= take;
        quantity -= take;
        if (head->quantity <= 0.0) {
            sp->lots_head = RING_AT(sp->lots_head + 1, sp->lots_cap);
            sp->lots_n--;
        }
    }
}

/* ---- taking stock -------------------------------------------------------- */

/* Takes up to `wanted` units from usable stock, the loop's own units first
 * and released emergency units last; tells the policy about the loop's. */
static inline __attribute__((always_inline)) double
take_stock(stockpt *sp, double wanted)
{
    double loop_units = sp->on_hand - sp->reserve_in_hand;
    double from_loop = wanted < loop_units ? wanted : loop_units;
    if (from_loop < 0.0)
        from_loop = 0.0;
    double from_reserve = wanted - from_loop;
    if (from_reserve > sp->reserve_in_hand)
        from_reserve = sp->reserve_in_hand;
    sp->on_hand -= from_loop + from_reserve;
    sp->reserve_in_hand -= from_reserve;
    take_value(sp, from_loop + from_reserve);
    lots_take(sp, from_loop);
    if (sp->observing)
        sp->units_shipped += from_loop + from_reserve;
    if (from_loop > 0.0 && sp->type->on_withdrawal)
        sp->type->on_withdrawal(sp, sp->policy_state, from_loop);
    return from_loop + from_reserve;
}

double stockpt__serve_entry(stockpt *sp, backorder *b, double wanted)
{
    double got = take_stock(sp, wanted);
    if (got <= 0.0)
        return 0.0;
    b->remaining -= got;
    sp->backorders -= got;
    if (b->node_order)
        sp->ship_fn(sp->ship_ctx, b->node_order - 1, got);
    if (b->remaining <= 0.0 && b->observed && sp->observing &&
        sample_add(&sp->customer_lead_time, sim_now(sp->s) - b->arrival) != 0)
        sp->failed = 1;
    return got;
}

void stockpt__serve_waiting(stockpt *sp)
{
    if (sp->rationing != 0 && sp->waiting_n > 1) {
        stockpt__serve_rationed(sp);
        return;
    }
    while (sp->waiting_n > 0 && sp->on_hand > 0.0) {
        backorder *b = waiting_front(sp);
        double got = take_stock(sp, b->remaining);
        if (got <= 0.0)
            break;
        b->remaining -= got;
        sp->backorders -= got;
        if (b->node_order)
            sp->ship_fn(sp->ship_ctx, b->node_order - 1, got);
        if (b->remaining <= 0.0) {
            if (b->observed && sp->observing &&
                sample_add(&sp->customer_lead_time,
                           sim_now(sp->s) - b->arrival) != 0)
                sp->failed = 1;
            waiting_pop(sp);
        }
    }
}

/* A customer's order (node_order 0) or a downstream node's (its order
 * index + 1). */
static void take_order(stockpt *sp, double quantity, uint32_t node_order)
{
    if (sp->observing) {
        sp->units_demanded += quantity;
        sp->customer_orders += 1.0;
        sp->bucket_demand[bucket_of(sp)] += quantity;
    }
    double got = sp->waiting_n == 0 ? take_stock(sp, quantity) : 0.0;
    double short_units = quantity - got;
    if (node_order && got > 0.0)
        sp->ship_fn(sp->ship_ctx, node_order - 1, got);
    TRACE(sp, STOCKPT_CUSTOMER_ORDER, quantity, -1);
    if (short_units > 0.0)
        TRACE(sp, STOCKPT_SHORT, short_units, -1);
    if (sp->observing)
        sp->filled_on_arrival += got;
    if (short_units > 0.0) {
        if (sp->observing) {
            sp->stockout_orders += 1.0;
            sp->units_short += short_units;
        }
        if (sp->item->lost_sales && !node_order) {
            if (sp->observing)
                sp->lost_units += short_units;
            sp->turned_away = 1;
        } else {
            waiting_push(sp, (backorder){sim_now(sp->s), short_units,
                                         sp->observing, node_order});
            sp->backorders += short_units;
        }
    } else if (sp->observing) {
        sample_add(&sp->customer_lead_time, 0.0); /* a count: cannot fail */
    }
    /* Sharing information, a node's policy hears end customers' demand
     * (stockpt_signal_demand), not its downstream nodes' orders. */
    if (sp->type->on_demand && !(node_order && sp->echelon))
        sp->type->on_demand(sp, sp->policy_state, quantity);
    levels_changed(sp);
}

void stockpt_demand(sim *s, void *ctx, double quantity)
{
    (void)s;
    take_order(ctx, quantity, 0);
}

void stockpt_demand_order(stockpt *sp, double quantity, uint32_t order_index)
{
    take_order(sp, quantity, order_index + 1);
}

/* ---- ordering and receiving --------------------------------------------- */

static int ordering_supplier(const stockpt *sp)
{
    return sp->use_backup ? sp->spec->backup_supplier : sp->spec->supplier;
}

/* stockpt__place's body, inline in the stock point's own calls (a
 * customer's order in make-to-order places one per customer). */
static inline void place(stockpt *sp, double quantity,
                         int replenishes_reserve, int supplier_index,
                         int charged)
{
    supplier *sup = &sp->suppliers[supplier_index];
    uint32_t index = order_pool_acquire(sp->orders);
    order *o = order_at(sp->orders, index);
    o->supplier = (uint32_t)supplier_index;
    o->node = sp->node_index;
    o->quantity = quantity;
    o->placed = sim_now(sp->s);
    o->observed = sp->observing && charged;
    o->replenishes_reserve = replenishes_reserve;
    int expedited = charged && sp->spec->expedite > 0.0 &&
                    sp->backorders > 0.0;
    o->transit_factor = expedited ? sp->spec->expedite : 1.0;
    o->due = INFINITY; /* until dispatched */
    sp->on_order += quantity;
    if (replenishes_reserve) {
        sp->reserve_on_order += quantity;
    } else {
        sp->loop_orders_open += 1.0;
        if (supplier_index == sp->spec->supplier)
            sp->primary_unshipped += quantity;
    }
    if (sp->observing && charged) {
        sp->orders_placed += 1.0;
        sp->units_ordered += quantity;
        sp->ordering_cost += sup->spec->order_cost;
        sp->ordered_value += quantity * unit_price(sp, sup->spec);
        if (expedited)
            sp->transport_cost += quantity * sp->spec->expedite_cost;
        sp->bucket_orders[bucket_of(sp)] += quantity;
    }
    TRACE(sp, STOCKPT_ORDER_PLACED, quantity, supplier_index);
    supplier_place(sup, index);
}

void stockpt__place(stockpt *sp, double quantity, int replenishes_reserve,
                    int supplier_index, int charged)
{
    place(sp, quantity, replenishes_reserve, supplier_index, charged);
}

/* The supplier an order to `source` goes to now. */
static int source_supplier(const stockpt *sp, stockpt_source source)
{
    return source == STOCKPT_SECOND_SOURCE ? sp->spec->second_supplier
                                           : ordering_supplier(sp);
}

void stockpt_order(stockpt *sp, double quantity)
{
    stockpt_order_from(sp, STOCKPT_FIRST_SOURCE, quantity);
}

/* ceil(x), without the call for the positive x below 2^52 that orders
 * are (once per order: make-to-order orders per customer): the integer
 * conversion truncates, which is the floor there. */
static inline double whole_above(double x)
{
    if (!(x > 0.0 && x < 4503599627370496.0))
        return ceil(x);
    double t = (double)(int64_t)x;
    return t < x ? t + 1.0 : t;
}

void stockpt_order_from(stockpt *sp, stockpt_source source, double quantity)
{
    if (!(quantity > 0.0))
        return;
    int which = source_supplier(sp, source);
    JS_CHECK(which >= 0 && (size_t)which < sp->n_suppliers,
             "order to a source the policy does not have (%d)", (int)source);
    /* The policy says when to order; the backup, how much it sells. */
    if (sp->use_backup && source == STOCKPT_FIRST_SOURCE) {
        quantity = stockpt__backup_quantity(sp, quantity);
        if (!(quantity > 0.0))
            return;
    }
    quantity = whole_above(quantity - 1e-9);
    double minimum = sp->suppliers[which].spec->min_order;
    if (quantity < minimum)
        quantity = ceil(minimum - 1e-9);
    place(sp, quantity, 0, which, 1);
    /* Policies order only from inside a stock-point event (a customer
     * order, a withdrawal, a receipt, a review, the start), which updates
     * the levels when it ends, at this same instant. */
}

double stockpt_return(stockpt *sp, double quantity)
{
    double wanted = floor(quantity + 1e-9);
    if (!(wanted >= 1.0))
        return 0.0;
    double loop_units = floor(sp->on_hand - sp->reserve_in_hand + 1e-9);
    double units = wanted < loop_units ? wanted : loop_units;
    if (units < 0.0)
        units = 0.0;
    sp->returns_short += wanted - units;
    if (units <= 0.0)
        return 0.0;
    /* The units' share of the stock's value leaves with them, as in
     * take_value, but they are not goods sold. */
    double before = sp->on_hand + sp->reserve_locked;
    sp->stock_value -= before > units ? sp->stock_value * units / before
                                      : sp->stock_value;
    sp->on_hand -= units;
    lots_take(sp, units);
    if (sp->observing) {
        sp->units_returned += units;
        sp->ordered_value -=
            units * unit_price(sp, sp->suppliers[ordering_supplier(sp)].spec);
        sp->bucket_orders[bucket_of(sp)] -= units;
    }
    TRACE(sp, STOCKPT_RETURNED, units, ordering_supplier(sp));
    /* Called from inside a stock-point event, which updates the levels
     * when it ends (as stockpt_order). */
    return units;
}

void stockpt_trace_card(stockpt *sp, int card)
{
    TRACE(sp, STOCKPT_KANBAN_CARD, (double)card, ordering_supplier(sp));
}

void stockpt_receive(sim *s, void *ctx, uint32_t index)
{
    stockpt *sp = ctx;
    order o = *order_at(sp->orders, index);
    order_pool_release(sp->orders, index);
    const supplier_spec *sup = sp->suppliers[o.supplier].spec;
    double rejected = 0.0;
    if (sup->defect_rate > 0.0)
        rejected = (double)gsl_ran_binomial(sp->quality_rng, sup->defect_rate,
                                            (unsigned)o.quantity);
    double good = o.quantity - rejected;
    sp->on_order -= o.quantity;
    if (o.replenishes_reserve)
        sp->reserve_on_order -= o.quantity;
    double landed = landed_cost(sp, sup);
    if (o.owned_in_transit) {
        advance_levels(sp, sim_now(s));
        sp->transit_units -= o.quantity;
        sp->transit_value -= o.quantity * landed;
        if (sp->transit_units <= 0.0)
            sp->transit_units = sp->transit_value = 0.0;
        sp->level_transit = sp->transit_units;
        sp->level_transit_value = sp->transit_value;
    }
    /* Good units join the stock at their landed cost. Rejected units are
     * not paid for; the freight spent on them is a transport cost. */
    sp->stock_value += good * landed;
    if (sp->observing) {
        sp->transport_cost +=
            sup->shipment_cost + sup->unit_freight * rejected;
        sp->rejected_units += rejected;
        sp->ordered_value -= rejected * unit_price(sp, sup);
        if (o.observed) {
            sp->replenishment_time_sum += sim_now(s) - o.placed;
            sp->replenishments += 1.0;
        }
    }
    /* The good units go on hand before the trace tells the receipt, so
     * that it reports the levels after it; the replacement is placed and
     * the lots and policy updated in the same order as always, so that
     * events and random draws come in the same sequence. A refill of the
     * emergency stock is locked, unless the stock is released now. */
    if (o.replenishes_reserve && !sp->reserve_released)
        sp->reserve_locked += good;
    else
        sp->on_hand += good;
    if (o.replenishes_reserve && sp->reserve_released)
        sp->reserve_in_hand += good;
    TRACE(sp, STOCKPT_RECEIPT, o.quantity, (int)o.supplier);
    if (rejected > 0.0) {
        TRACE(sp, STOCKPT_REJECTED, rejected, (int)o.supplier);
        stockpt__place(sp, rejected, o.replenishes_reserve, (int)o.supplier,
                       0);
    }
    if (!o.replenishes_reserve) {
        lots_add(sp, good);
        if (sp->type->on_receipt)
            sp->type->on_receipt(sp, sp->policy_state, good);
    }
    if (!o.replenishes_reserve || sp->reserve_released)
        stockpt__serve_waiting(sp);
    stockpt__levels_changed(sp);
    if (!o.replenishes_reserve) {
        sp->loop_orders_open -= 1.0;
        stockpt__loop_receipt(sp, o.placed);
    }
}

void stockpt_dispatched(sim *s, void *ctx, uint32_t index)
{
    stockpt *sp = ctx;
    order *o = order_at(sp->orders, index);
    const supplier *from = &sp->suppliers[o->supplier];
    const supplier_spec *sup = from->spec;
    TRACE(sp, STOCKPT_DISPATCHED, o->quantity, (int)o->supplier);
    if (!o->replenishes_reserve && (int)o->supplier == sp->spec->supplier)
        sp->primary_unshipped -= o->quantity;
    /* What the buyer expects when a shipment leaves: the mean transit, as
     * stretched by the disruptions in force (the draw itself is not
     * known to it), in working days when the supplier counts them. */
    double transit = from->mean_lead * from->lead_factor *
                     (o->transit_factor > 0.0 ? o->transit_factor : 1.0);
    o->due = sup->lead_time_in == LEAD_TIME_IN_WORKING_DAYS
                 ? calendar_add_working(&sup->calendar, sim_now(s), transit)
                 : sim_now(s) + transit;
    if (sup->ownership != OWNERSHIP_AT_DISPATCH)
        return;
    /* The transit levels change here, between the stock point's own
     * events; the other levels do not, so only the integrals advance. */
    advance_levels(sp, sim_now(s));
    o->owned_in_transit = 1;
    sp->transit_units += o->quantity;
    sp->transit_value += o->quantity * landed_cost(sp, sup);
    sp->level_transit = sp->transit_units;
    sp->level_transit_value = sp->transit_value;
}

void stockpt_review(stockpt *sp)
{
    TRACE(sp, STOCKPT_REVIEW, 0.0, -1);
    if (sp->type->on_review)
        sp->type->on_review(sp, sp->policy_state);
    stockpt__levels_changed(sp);
}

/* ---- set-up and results -------------------------------------------------- */

int stockpt_init(stockpt *sp, sim *s, const item_spec *item,
                 const policy_spec *spec, const policy_params *effective,
                 supplier *suppliers, size_t n_suppliers, order_pool *orders,
                 double time_units_per_year, double warmup, double horizon,
                 double bucket_length, uint64_t seed, uint64_t replication)
{
    /* Keep the memory of the previous replication. */
    backorder *waiting = sp->waiting;
    size_t waiting_cap = sp->waiting_cap;
    lot *lots = sp->lots;
    size_t lots_cap = sp->lots_cap;
    gsl_rng *quality = sp->quality_rng;
    double *bucket_demand = sp->bucket_demand;
    double *bucket_orders = sp->bucket_orders;
    size_t n_buckets_old = sp->n_buckets;
    sample lead_times = sp->customer_lead_time;

    memset(sp, 0, sizeof *sp);
    sp->waiting = waiting;
    sp->waiting_cap = waiting_cap;
    sp->lots = lots;
    sp->lots_cap = lots_cap;
    sp->customer_lead_time = lead_times;
    sample_clear(&sp->customer_lead_time);

    if (!quality && !(quality = stream_create(seed, replication,
                                              "stock.quality")))
        return -1;
    stream_reseed(quality, seed, replication, "stock.quality");
    sp->quality_rng = quality;
    sp->failed = 0;

    /* Clamped as a double first (a huge horizon must not reach a size_t
     * conversion); the scenario reader keeps horizons far below it. */
    size_t n_buckets = js_size_clamped(ceil((horizon - warmup) /
                                            bucket_length),
                                       STOCKPT_BUCKETS_MAX);
    if (n_buckets < 1)
        n_buckets = 1;
    if (n_buckets != n_buckets_old || !bucket_demand) {
        free(bucket_demand);
        free(bucket_orders);
        bucket_demand = calloc(n_buckets, sizeof *bucket_demand);
        bucket_orders = calloc(n_buckets, sizeof *bucket_orders);
        if (!bucket_demand || !bucket_orders) {
            free(bucket_demand);
            free(bucket_orders);
            sp->bucket_demand = sp->bucket_orders = NULL;
            return -1;
        }
    }
    sp->bucket_demand = bucket_demand;
    sp->bucket_orders = bucket_orders;
    sp->n_buckets = n_buckets;
    sp->bucket_length = bucket_length;
    sp->buckets_per_time = 1.0 / bucket_length;

    sp->s = s;
    sp->item = item;
    sp->spec = spec;
    sp->params = *effective;
    sp->type = spec->type;
    sp->suppliers = suppliers;
    sp->n_suppliers = n_suppliers;
    sp->orders = orders;
    sp->holding_cost = item_holding_cost(item, time_units_per_year);
    sp->time_units_per_year = time_units_per_year;
    sp->planned_end = NAN;
    sp->primary_lead_time =
        supplier_mean_lead_time(suppliers[spec->supplier].spec);
    return 0;
}

void stockpt_fini(stockpt *sp)
{
    free(sp->waiting);
    free(sp->lots);
    free(sp->bucket_demand);
    free(sp->bucket_orders);
    sample_fini(&sp->customer_lead_time);
    if (sp->quality_rng)
        gsl_rng_free(sp->quality_rng);
    memset(sp, 0, sizeof *sp);
}

void stockpt_start(stockpt *sp)
{
    double initial = sp->spec->initial_inventory;
    if (isnan(initial))
        initial = sp->type->initial_inventory
                      ? sp->type->initial_inventory(&sp->params)
                      : 0.0;
    sp->on_hand = initial;
    lots_add(sp, initial);
    sp->reserve_locked = sp->spec->emergency_stock;
    /* What the opening stock would have cost from the primary supplier. */
    sp->stock_value =
        (initial + sp->reserve_locked) *
        landed_cost(sp, sp->suppliers[sp->spec->supplier].spec);
    memset(sp->policy_state, 0, sizeof sp->policy_state);
    if (sp->type->start)
        sp->type->start(sp, sp->policy_state);
    stockpt__levels_changed(sp);
}

void stockpt_begin_window(stockpt *sp)
{
    double now = sim_now(sp->s);
    sp->observing = 1;
    sp->window_start = now;
    advance_levels(sp, now);
    sp->area_physical = sp->area_pipeline = sp->area_owed = 0.0;
    sp->area_value = sp->area_transit = sp->area_transit_value = 0.0;
    sp->time_ready = 0.0;
    /* Waiting customers who arrived before the window are not counted. */
    for (size_t i = 0; i < sp->waiting_n; i++)
        sp->waiting[RING_AT(sp->waiting_head + i, sp->waiting_cap)].observed = 0;
    memset(sp->bucket_demand, 0, sp->n_buckets * sizeof *sp->bucket_demand);
    memset(sp->bucket_orders, 0, sp->n_buckets * sizeof *sp->bucket_orders);
    stockpt__recovery_begin_window(sp);
}

static double ratio(double num, double den)
{
    return den > 0.0 ? num / den : NAN;
}

void stockpt_finish(stockpt *sp, double horizon, double *out)
{
    advance_levels(sp, horizon);
    double T = horizon - sp->window_start;
    double *v = out;
    double avg_on_hand = sp->area_physical / T;
    double avg_on_order = sp->area_pipeline / T;
    double avg_value = sp->area_value / T;
    double avg_transit_value = sp->area_transit_value / T;
    /* A holding rate charges a yearly fraction of what the goods are worth;
     * a holding cost, an amount per unit and time unit. */
    if (item_holds_by_value(sp->item)) {
        double rate = sp->item->holding_rate / sp->time_units_per_year;
        v[METRIC_HOLDING_COST] = rate * avg_value;
        v[METRIC_PIPELINE_HOLDING_COST] = rate * avg_transit_value;
    } else {
        v[METRIC_HOLDING_COST] = sp->holding_cost * avg_on_hand;
        v[METRIC_PIPELINE_HOLDING_COST] =
            sp->holding_cost * sp->area_transit / T;
    }
    v[METRIC_ORDERING_COST] = sp->ordering_cost / T;
    v[METRIC_TRANSPORT_COST] = sp->transport_cost / T;
    v[METRIC_PURCHASE_COST] = sp->cost_of_goods / T;
    v[METRIC_SHORTAGE_COST] =
        (sp->item->backorder_cost * sp->area_owed +
         sp->item->stockout_cost * sp->units_short) /
        T;
    v[METRIC_SCRAP_COST] = sp->scrap_cost / T;
    v[METRIC_TOTAL_COST] =
        v[METRIC_HOLDING_COST] + v[METRIC_PIPELINE_HOLDING_COST] +
        v[METRIC_ORDERING_COST] + v[METRIC_TRANSPORT_COST] +
        v[METRIC_PURCHASE_COST] + v[METRIC_SHORTAGE_COST] +
        v[METRIC_SCRAP_COST];
    v[METRIC_OPERATING_COST] =
        v[METRIC_TOTAL_COST] - v[METRIC_PURCHASE_COST];
    v[METRIC_ORDERED_VALUE] = sp->ordered_value / T;
    double revenue = sp->item->price * sp->units_shipped / T;
    v[METRIC_REVENUE] = revenue; /* NaN without a price */
    v[METRIC_PROFIT] = revenue - v[METRIC_TOTAL_COST];
    v[METRIC_COST_PER_UNIT] =
        ratio(v[METRIC_TOTAL_COST] * T, sp->units_demanded);
    v[METRIC_AVG_ON_HAND] = avg_on_hand;
    v[METRIC_AVG_ON_ORDER] = avg_on_order;
    v[METRIC_AVG_BACKORDERS] = sp->area_owed / T;
    v[METRIC_AVG_WIP] = 0.0;
    v[METRIC_FILL_RATE] = ratio(sp->filled_on_arrival, sp->units_demanded);
    v[METRIC_READY_RATE] = sp->time_ready / T;
    v[METRIC_STOCKOUT_ORDERS] = sp->stockout_orders;
    v[METRIC_LOST_UNITS] = sp->lost_units;
    v[METRIC_UNITS_DEMANDED] = sp->units_demanded;
    v[METRIC_CUSTOMER_ORDERS] = sp->customer_orders;
    v[METRIC_ORDERS_PLACED] = sp->orders_placed;
    v[METRIC_AVG_ORDER_SIZE] = ratio(sp->units_ordered, sp->orders_placed);
    int served = sample_count(&sp->customer_lead_time) > 0;
    v[METRIC_CUSTOMER_LEAD_TIME_MEAN] =
        served ? sample_mean(&sp->customer_lead_time) : NAN;
    v[METRIC_CUSTOMER_LEAD_TIME_P95] =
        served ? sample_quantile(&sp->customer_lead_time, 0.95) : NAN;
    v[METRIC_CUSTOMER_LEAD_TIME_MAX] =
        served ? sample_max(&sp->customer_lead_time) : NAN;
    v[METRIC_REPLENISHMENT_LEAD_TIME_MEAN] =
        ratio(sp->replenishment_time_sum, sp->replenishments);
    v[METRIC_TURNOVER] =
        ratio(sp->units_shipped * sp->time_units_per_year / T, avg_on_hand);
    v[METRIC_CASH_TIED_UP] = avg_value + avg_transit_value;
    /* Only whole buckets inside the window. */
    size_t whole = js_size_clamped(floor(T / sp->bucket_length + 1e-9),
                                   sp->n_buckets);
    if (whole > sp->n_buckets)
        whole = sp->n_buckets;
    v[METRIC_BULLWHIP] =
        ratio(metrics_bucket_variance(sp->bucket_orders, whole),
              metrics_bucket_variance(sp->bucket_demand, whole));
    v[METRIC_RECOVERY_TIME] = stockpt__recovery_time(sp, horizon);
    v[METRIC_SCRAPPED_UNITS] = sp->scrapped_units;
    v[METRIC_REJECTED_UNITS] = sp->rejected_units;
}

/* ---- policy-facing accessors --------------------------------------------- */

double stockpt_now(const stockpt *sp)
{
    return sim_now(sp->s);
}

double stockpt_on_hand(const stockpt *sp)
{
    return sp->on_hand - sp->reserve_in_hand;
}

double stockpt_on_order(const stockpt *sp)
{
    return sp->on_order - sp->reserve_on_order;
}

double stockpt_backorders(const stockpt *sp)
{
    return sp->backorders;
}

double stockpt_installation_position(const stockpt *sp)
{
    return stockpt_on_hand(sp) + sp->on_order - sp->reserve_on_order -
           sp->backorders;
}

double stockpt_position(const stockpt *sp)
{
    double position = stockpt_installation_position(sp);
    /* In a chain sharing information: the echelon's (network.c). */
    if (sp->echelon)
        position += sp->echelon(sp->echelon_ctx);
    return position;
}

void stockpt_signal_demand(stockpt *sp, double quantity)
{
    if (sp->type->on_demand)
        sp->type->on_demand(sp, sp->policy_state, quantity);
    stockpt__levels_changed(sp);
}

double stockpt_pipeline(const stockpt *sp, stockpt_source source,
                        double within)
{
    int which = source == STOCKPT_SECOND_SOURCE ? sp->spec->second_supplier
                                                : sp->spec->supplier;
    int backup = source == STOCKPT_SECOND_SOURCE ? -1
                                                 : sp->spec->backup_supplier;
    /* Due times on a common grid (a review period, lead times) must
     * compare equal through the rounding of sums of times. */
    double now = sim_now(sp->s);
    double by = now + within + 1e-9 * (1.0 + fabs(now));
    double units = 0.0;
    /* The pool holds every node's orders: this stock point's are those
     * of its node. */
    for (uint32_t i = 0; i < sp->orders->used; i++) {
        const order *o = &sp->orders->items[i];
        if (!o->open || o->replenishes_reserve || o->node != sp->node_index ||
            ((int)o->supplier != which && (int)o->supplier != backup))
            continue;
        if (isinf(within) || o->due <= by)
            units += o->quantity;
    }
    return units;
}

const policy_params *stockpt_params(const stockpt *sp)
{
    return &sp->params;
}

int stockpt_failed(const stockpt *sp)
{
    return sp->failed;
}
