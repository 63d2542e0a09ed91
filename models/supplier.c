/*
 * supplier.c - capacity queue, shipping (in order or not, on the
 * calendar's open days), the end of the route (closed, unloading), and
 * disruption state.
 *
 * Three intrusive lists of the order pool's `next` links, so nothing is
 * allocated per order: the queue for the servers, the finished orders held
 * at the supplier (outage, closure), and the shipments waiting at the
 * receiving end of a closed route (the landing). An order is in at most one
 * of them at a time.
 */
#include "supplier.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/check.h"
#include "sim/stream.h"

static int check_calendar(const supplier_spec *spec, char *err,
                          size_t errlen);

void supplier_spec_init(supplier_spec *spec)
{
    char err[8];
    memset(spec, 0, sizeof *spec);
    snprintf(spec->name, sizeof spec->name, "supplier");
    dist_constant(&spec->lead_time, 1.0, err, sizeof err);
    dist_constant(&spec->process_time, 0.0, err, sizeof err);
    spec->unit_price = NAN;
    calendar_spec_init(&spec->calendar);
}

void supplier_spec_free(supplier_spec *spec)
{
    dist_free(&spec->lead_time);
    dist_free(&spec->process_time);
    calendar_spec_free(&spec->calendar);
}

int supplier_spec_copy(supplier_spec *dst, const supplier_spec *src)
{
    *dst = *src;
    if (dist_copy(&dst->lead_time, &src->lead_time) != 0)
        return -1;
    if (dist_copy(&dst->process_time, &src->process_time) != 0) {
        dist_free(&dst->lead_time);
        return -1;
    }
    if (calendar_spec_copy(&dst->calendar, &src->calendar) != 0) {
        dist_free(&dst->lead_time);
        dist_free(&dst->process_time);
        return -1;
    }
    return 0;
}

int supplier_spec_check(const supplier_spec *spec, char *err, size_t errlen)
{
    char why[200];
    if (spec->name[0] == '\0') {
        snprintf(err, errlen, "a supplier needs a name");
        return -1;
    }
    if (dist_check_nonnegative(&spec->lead_time, why, sizeof why) != 0) {
        snprintf(err, errlen, "supplier %s: lead_time: %s", spec->name, why);
        return -1;
    }
    if (spec->servers < 0) {
        snprintf(err, errlen, "supplier %s: servers must be >= 0, got %d",
                 spec->name, spec->servers);
        return -1;
    }
    if (spec->servers > 0) {
        if (dist_check_nonnegative(&spec->process_time, why, sizeof why)) {
            snprintf(err, errlen, "supplier %s: process_time: %s",
                     spec->name, why);
            return -1;
        }
        if (!(dist_mean(&spec->process_time) > 0.0)) {
            snprintf(err, errlen,
                     "supplier %s: process_time must have a mean > 0 when "
                     "servers is given",
                     spec->name);
            return -1;
        }
    }
    struct {
        const char *name;
        double value;
    } costs[] = {
        {"order_cost", spec->order_cost},
        {"shipment_cost", spec->shipment_cost},
        {"unit_freight", spec->unit_freight},
        {"min_order", spec->min_order},
    };
    for (size_t i = 0; i < sizeof costs / sizeof costs[0]; i++)
        if (!(isfinite(costs[i].value) && costs[i].value >= 0.0)) {
            snprintf(err, errlen, "supplier %s: %s must be a number >= 0, "
                                  "got %g",
                     spec->name, costs[i].name, costs[i].value);
            return -1;
        }
    if (!isnan(spec->unit_price) &&
        !(isfinite(spec->unit_price) && spec->unit_price >= 0.0)) {
        snprintf(err, errlen, "supplier %s: unit_price must be a number >= 0, "
                              "got %g",
                 spec->name, spec->unit_price);
        return -1;
    }
    if (spec->deliveries != DELIVERIES_IN_ORDER &&
        spec->deliveries != DELIVERIES_INDEPENDENT) {
        snprintf(err, errlen, "supplier %s: deliveries must be in_order or "
                              "independent",
                 spec->name);
        return -1;
    }
    if (!(spec->defect_rate >= 0.0 && spec->defect_rate < 1.0)) {
        snprintf(err, errlen, "supplier %s: defect_rate must be in [0, 1), "
                              "got %g",
                 spec->name, spec->defect_rate);
        return -1;
    }
    return check_calendar(spec, err, errlen);
}

/* The calendar and what the transit is counted in. */
static int check_calendar(const supplier_spec *spec, char *err,
                          size_t errlen)
{
    char why[200];
    if (calendar_spec_check(&spec->calendar, why, sizeof why)) {
        snprintf(err, errlen, "supplier %s: calendar: %s", spec->name, why);
        return -1;
    }
    if (spec->lead_time_in != LEAD_TIME_IN_CALENDAR_DAYS &&
        spec->lead_time_in != LEAD_TIME_IN_WORKING_DAYS) {
        snprintf(err, errlen, "supplier %s: lead_time_in must be calendar "
                              "or working days, got %d",
                 spec->name, (int)spec->lead_time_in);
        return -1;
    }
    if (spec->lead_time_in == LEAD_TIME_IN_WORKING_DAYS &&
        !spec->calendar.active) {
        snprintf(err, errlen, "supplier %s: lead_time_in: working_days "
                              "needs the supplier's calendar; expected "
                              "calendar: follow or its own work_days",
                 spec->name);
        return -1;
    }
    return 0;
}

double supplier_mean_lead_time(const supplier_spec *spec)
{
    double mean = dist_mean(&spec->lead_time);
    if (spec->servers > 0)
        mean += dist_mean(&spec->process_time);
    return mean;
}

double supplier_lead_time_variance(const supplier_spec *spec)
{
    double var = dist_variance(&spec->lead_time);
    if (spec->servers > 0)
        var += dist_variance(&spec->process_time);
    return var;
}

double supplier_unit_price(const supplier_spec *spec, double fallback)
{
    return isnan(spec->unit_price) ? fallback : spec->unit_price;
}

double supplier_landed_cost(const supplier_spec *spec, double fallback)
{
    return supplier_unit_price(spec, fallback) + spec->unit_freight;
}

int supplier_init(supplier *sup, const supplier_spec *spec, sim *s,
                  order_pool *orders, uint64_t seed, uint64_t replication,
                  supplier_arrival_fn on_arrival, void *ctx)
{
    char source[SUPPLIER_NAME_MAX + 32];
    gsl_rng *lead = sup->lead_rng, *process = sup->process_rng;
    snprintf(source, sizeof source, "supplier.%s.lead_time", spec->name);
    if (!lead && !(lead = stream_create(seed, replication, source)))
        return -1;
    stream_reseed(lead, seed, replication, source);
    snprintf(source, sizeof source, "supplier.%s.process_time", spec->name);
    if (!process && !(process = stream_create(seed, replication, source))) {
        gsl_rng_free(lead);
        return -1;
    }
    stream_reseed(process, seed, replication, source);
    *sup = (supplier){
        .spec = spec,
        .s = s,
        .orders = orders,
        .lead_rng = lead,
        .process_rng = process,
        .on_arrival = on_arrival,
        .arrival_ctx = ctx,
        .lead_factor = 1.0,
        .mean_lead = dist_mean(&spec->lead_time),
        .capacity_factor = 1.0,
        .queue_head = ORDER_NONE,
        .queue_tail = ORDER_NONE,
        .held_head = ORDER_NONE,
        .held_tail = ORDER_NONE,
        .landing_head = ORDER_NONE,
        .landing_tail = ORDER_NONE,
        .unload_rate = INFINITY,
        .unload_left = -1.0,
        .last_arrival = -INFINITY,
    };
    return 0;
}

void supplier_on_dispatch(supplier *sup, supplier_arrival_fn fn, void *ctx)
{
    sup->on_dispatch = fn;
    sup->dispatch_ctx = ctx;
}

void supplier_fini(supplier *sup)
{
    if (sup->lead_rng)
        gsl_rng_free(sup->lead_rng);
    if (sup->process_rng)
        gsl_rng_free(sup->process_rng);
    sup->lead_rng = sup->process_rng = NULL;
}

static void append(order_pool *pool, uint32_t *head, uint32_t *tail,
                   uint32_t index)
{
    order_at(pool, index)->next = ORDER_NONE;
    if (*tail == ORDER_NONE)
        *head = index;
    else
        order_at(pool, *tail)->next = index;
    *tail = index;
}

static uint32_t pop_front(order_pool *pool, uint32_t *head, uint32_t *tail)
{
    uint32_t index = *head;
    *head = order_at(pool, index)->next;
    if (*head == ORDER_NONE)
        *tail = ORDER_NONE;
    return index;
}

/* ---- the receiving end --------------------------------------------------- */

static void on_unloaded(sim *s, void *ctx, uint64_t arg);

/* Unloads the landing's first shipment: after `wait`, or, when wait < 0,
 * after its quantity / rate (at once without a rate). */
static void unload_next(supplier *sup, double wait)
{
    if (wait < 0.0)
        wait = isinf(sup->unload_rate)
                   ? 0.0
                   : order_at(sup->orders, sup->landing_head)->quantity /
                         sup->unload_rate;
    sup->unload_due = sim_now(sup->s) + wait;
    sup->unload_event =
        sim_schedule(sup->s, sup->unload_due, on_unloaded, sup, 0);
    sup->unloading = 1;
}

/* A shipment reaches the receiving end: it is received, or waits while
 * the route is closed or a backlog is still being unloaded (it cannot
 * overtake the backlog). Only from the supplier's own event handlers. */
static void arrive(supplier *sup, uint32_t index);

static void on_unloaded(sim *s, void *ctx, uint64_t arg)
{
    (void)s;
    (void)arg;
    supplier *sup = ctx;
    sup->unloading = 0;
    /* Without a rate the whole backlog at once, in the order it was due;
     * what a receipt ships with no transit joins the end and comes too. */
    do {
        uint32_t index = pop_front(sup->orders, &sup->landing_head,
                                   &sup->landing_tail);
        sup->on_arrival(sup->s, sup->arrival_ctx, index);
    } while (isinf(sup->unload_rate) && sup->landing_head != ORDER_NONE &&
             sup->closures == 0);
    if (sup->landing_head == ORDER_NONE) {
        if (sup->closures == 0)
            sup->unload_rate = INFINITY;
    } else if (sup->closures == 0 && !sup->unloading) {
        unload_next(sup, -1.0);
    }
}

static void arrive(supplier *sup, uint32_t index)
{
    if (sup->closures > 0 || sup->landing_head != ORDER_NONE) {
        append(sup->orders, &sup->landing_head, &sup->landing_tail, index);
        if (sup->closures == 0 && !sup->unloading)
            unload_next(sup, -1.0);
        return;
    }
    sup->on_arrival(sup->s, sup->arrival_ctx, index);
}

static void on_arrival_event(sim *s, void *ctx, uint64_t arg)
{
    (void)s;
    arrive(ctx, (uint32_t)arg);
}

/* ---- shipping on working days ------------------------------------------ */

static void ship(supplier *sup, uint32_t index, int in_own_event);

static void on_working_day(sim *s, void *ctx, uint64_t arg)
{
    (void)s;
    ship(ctx, (uint32_t)arg, 1);
}

/* An order ready on a day the supplier's calendar closes waits for the
 * start of the next open day (an event carrying the order, nothing
 * allocated), and is shipped then as if it were just ready. 1 when it
 * waits. */
static int wait_for_working_day(supplier *sup, uint32_t index)
{
    const calendar_spec *cal = &sup->spec->calendar;
    double now = sim_now(sup->s);
    if (!cal->active || calendar_open_at(cal, now))
        return 0;
    sim_schedule(sup->s, calendar_next_open(cal, now), on_working_day, sup,
                 index);
    return 1;
}

/* When a transit of `transit` days that starts now ends: counted in
 * working days of the supplier's calendar when it says so. */
static double transit_end(const supplier *sup, double transit)
{
    double now = sim_now(sup->s);
    if (sup->spec->lead_time_in == LEAD_TIME_IN_WORKING_DAYS)
        return calendar_add_working(&sup->spec->calendar, now, transit);
    return now + transit;
}

/* Ships a finished order. `in_own_event` says the caller is one of the
 * supplier's own event handlers, where an order with no transit can be
 * delivered at once (one event fewer per order of a make-to-order plant);
 * elsewhere the stock point may be in the middle of an update, so the
 * arrival is always an event. */
/* A shipment's arrival: through the lane if the supplier has one. */
static void schedule_arrival(supplier *sup, double arrival, uint32_t index)
{
    if (sup->arrival_lane)
        sim_schedule_lane(sup->s, sup->arrival_lane, arrival, on_arrival_event,
                          sup, index);
    else
        sim_schedule(sup->s, arrival, on_arrival_event, sup, index);
}

static void ship(supplier *sup, uint32_t index, int in_own_event)
{
    if (sup->outages > 0 || sup->closures > 0) {
        append(sup->orders, &sup->held_head, &sup->held_tail, index);
        return;
    }
    if (wait_for_working_day(sup, index))
        return;
    double transit = dist_sample(&sup->spec->lead_time, sup->lead_rng);
    transit *= sup->lead_factor;
    double factor = order_at(sup->orders, index)->transit_factor;
    if (factor > 0.0)
        transit *= factor;
    double now = sim_now(sup->s), arrival = transit_end(sup, transit);
    /* In order, a shipment waits for the one dispatched before it; an
     * expedited one (factor < 1) travels apart by a faster mode. */
    if (sup->spec->deliveries == DELIVERIES_IN_ORDER &&
        !(factor > 0.0 && factor < 1.0)) {
        if (arrival < sup->last_arrival)
            arrival = sup->last_arrival;
        sup->last_arrival = arrival;
    }
    if (sup->on_dispatch)
        sup->on_dispatch(sup->s, sup->dispatch_ctx, index);
    if (arrival == now && in_own_event)
        arrive(sup, index);
    else
        schedule_arrival(sup, arrival, index);
}

int supplier_servers_now(const supplier *sup)
{
    if (sup->outages > 0)
        return 0;
    /* Not negative, so the conversion's truncation is the floor (and
     * costs no call to floor). */
    return (int)(sup->spec->servers * sup->capacity_factor + 1e-9);
}

static void on_unit_made(sim *s, void *ctx, uint64_t arg);

static void start_units(supplier *sup)
{
    int servers = supplier_servers_now(sup);
    while (sup->busy < servers && sup->queue_head != ORDER_NONE) {
        uint32_t index = sup->queue_head;
        order *o = order_at(sup->orders, index);
        o->units_started += 1.0;
        if (o->units_started >= o->quantity)
            pop_front(sup->orders, &sup->queue_head, &sup->queue_tail);
        sup->busy++;
        double t = dist_sample(&sup->spec->process_time, sup->process_rng);
        sim_schedule(sup->s, sim_now(sup->s) + t, on_unit_made, sup, index);
    }
}

static void on_unit_made(sim *s, void *ctx, uint64_t arg)
{
    (void)s;
    supplier *sup = ctx;
    uint32_t index = (uint32_t)arg;
    order *o = order_at(sup->orders, index);
    sup->busy--;
    o->units_done += 1.0;
    if (o->units_done >= o->quantity)
        ship(sup, index, 1);
    start_units(sup);
}

void supplier_on_order(supplier *sup, supplier_arrival_fn fn, void *ctx)
{
    sup->on_order = fn;
    sup->order_ctx = ctx;
}

void supplier_place(supplier *sup, uint32_t index)
{
    JS_CHECK(order_at(sup->orders, index)->quantity > 0.0,
             "order of %g units", order_at(sup->orders, index)->quantity);
    if (sup->on_order) {
        sup->on_order(sup->s, sup->order_ctx, index);
        return;
    }
    supplier_fill(sup, index);
}

void supplier_fill(supplier *sup, uint32_t index)
{
    if (sup->spec->servers == 0) {
        ship(sup, index, 0);
        return;
    }
    append(sup->orders, &sup->queue_head, &sup->queue_tail, index);
    start_units(sup);
}

/* Ships the finished orders an outage or a closure held, once neither
 * holds them any more. */
static void release_held(supplier *sup)
{
    if (sup->outages > 0 || sup->closures > 0)
        return;
    while (sup->held_head != ORDER_NONE)
        ship(sup, pop_front(sup->orders, &sup->held_head, &sup->held_tail),
             0);
}

void supplier_disruption_begin(supplier *sup, disruption_effect effect,
                               double factor, double unloading_rate)
{
    switch (effect) {
    case EFFECT_OUTAGE:
    case EFFECT_LOSS:
        sup->outages++;
        break;
    case EFFECT_CLOSURE:
        sup->closures++;
        if (unloading_rate > 0.0 && unloading_rate < sup->unload_rate)
            sup->unload_rate = unloading_rate;
        /* The shipment being unloaded waits too, keeping the time it
         * still needs. */
        if (sup->unloading) {
            sim_cancel(sup->s, sup->unload_event);
            sup->unloading = 0;
            sup->unload_left = sup->unload_due - sim_now(sup->s);
        }
        break;
    case EFFECT_LEAD_TIME:
        sup->lead_disruptions++;
        sup->lead_factor *= factor;
        break;
    case EFFECT_CAPACITY:
        sup->capacity_disruptions++;
        sup->capacity_factor *= factor;
        break;
    }
}

void supplier_disruption_end(supplier *sup, disruption_effect effect,
                             double factor)
{
    switch (effect) {
    case EFFECT_OUTAGE:
    case EFFECT_LOSS:
        JS_CHECK(sup->outages > 0, "outage ended that never began");
        --sup->outages;
        release_held(sup);
        break;
    case EFFECT_CLOSURE:
        JS_CHECK(sup->closures > 0, "closure ended that never began");
        if (--sup->closures > 0)
            break;
        /* The route reopens: first what waited at its end (in the order
         * it was due), then what waited at the supplier sets off. */
        if (sup->landing_head != ORDER_NONE) {
            unload_next(sup, sup->unload_left);
            sup->unload_left = -1.0;
        } else {
            sup->unload_rate = INFINITY;
        }
        release_held(sup);
        break;
    /* Back to exactly 1 when none is left, whatever the rounding of the
     * divisions. */
    case EFFECT_LEAD_TIME:
        sup->lead_factor /= factor;
        if (--sup->lead_disruptions == 0)
            sup->lead_factor = 1.0;
        break;
    case EFFECT_CAPACITY:
        sup->capacity_factor /= factor;
        if (--sup->capacity_disruptions == 0)
            sup->capacity_factor = 1.0;
        break;
    }
    start_units(sup);
}

int supplier_is_disrupted(const supplier *sup)
{
    return sup->outages > 0 || sup->closures > 0 ||
           sup->lead_disruptions > 0 || sup->capacity_disruptions > 0;
}

int supplier_is_up(const supplier *sup)
{
    return sup->outages == 0 && sup->closures == 0;
}
