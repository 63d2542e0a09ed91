/*
 * supplier.c - capacity queue, shipping (on the calendar's open days),
 * and disruption state.
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
        .capacity_factor = 1.0,
        .queue_head = ORDER_NONE,
        .queue_tail = ORDER_NONE,
        .held_head = ORDER_NONE,
        .held_tail = ORDER_NONE,
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

static void on_arrival_event(sim *s, void *ctx, uint64_t arg)
{
    supplier *sup = ctx;
    sup->on_arrival(s, sup->arrival_ctx, (uint32_t)arg);
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
static void ship(supplier *sup, uint32_t index, int in_own_event)
{
    if (sup->outages > 0) {
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
    if (sup->on_dispatch)
        sup->on_dispatch(sup->s, sup->dispatch_ctx, index);
    if (transit == 0.0 && in_own_event)
        sup->on_arrival(sup->s, sup->arrival_ctx, index);
    else
        sim_schedule(sup->s, transit_end(sup, transit), on_arrival_event,
                     sup, index);
}

int supplier_servers_now(const supplier *sup)
{
    if (sup->outages > 0)
        return 0;
    return (int)floor(sup->spec->servers * sup->capacity_factor + 1e-9);
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

void supplier_place(supplier *sup, uint32_t index)
{
    JS_CHECK(order_at(sup->orders, index)->quantity > 0.0,
             "order of %g units", order_at(sup->orders, index)->quantity);
    if (sup->spec->servers == 0) {
        ship(sup, index, 0);
        return;
    }
    append(sup->orders, &sup->queue_head, &sup->queue_tail, index);
    start_units(sup);
}

void supplier_disruption_begin(supplier *sup, disruption_effect effect,
                               double factor)
{
    switch (effect) {
    case EFFECT_OUTAGE:
    case EFFECT_LOSS:
        sup->outages++;
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
        if (--sup->outages == 0) {
            while (sup->held_head != ORDER_NONE)
                ship(sup,
                     pop_front(sup->orders, &sup->held_head,
                               &sup->held_tail),
                     0);
        }
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
    return sup->outages > 0 || sup->lead_disruptions > 0 ||
           sup->capacity_disruptions > 0;
}

int supplier_is_up(const supplier *sup)
{
    return sup->outages == 0;
}
