/*
 * supplier.h - a source of replenishment: its lead time, capacity, prices,
 * quality, and its state under disruptions.
 *
 * Without servers a supplier has unlimited capacity: an order ships when it
 * is placed and arrives one lead time (transit) later. With `servers`, the
 * units of all orders queue first come first served for the servers, each
 * making one unit in a process time; an order ships when its last unit is
 * made. Lead times then grow with load: a make-to-order supplier is an
 * M/M/c queue, and a kanban loop around it a closed queue.
 *
 * Deliveries in order (the default, `deliveries: in_order`): a shipment
 * never arrives before one dispatched earlier from the same supplier; its
 * arrival is max(dispatch + its own transit draw, the previous shipment's
 * arrival), Zipkin's sequential lead times, so only the supplier's last
 * arrival time is kept. A shipment is late when an earlier one is: frequent
 * orders see a longer lead time on average than one transit draw
 * (models/policy_lead.c sizes for it). An expedited order travels apart (a
 * faster mode): it neither waits for earlier shipments nor holds later
 * ones. Independent deliveries: each shipment arrives one own transit draw
 * after dispatch, and a later one may overtake an earlier one.
 *
 * Disruptions act here (docs/scenario-format.md has a table of what each
 * does to orders not yet shipped, shipments in transit and orders placed
 * during it). An outage (or a permanent loss) stops production and holds
 * every finished order at the supplier until it ends; shipments already in
 * transit still arrive. A closure closes the route at the receiving end:
 * production goes on, but finished orders are held at the supplier and
 * shipments due to arrive wait at the end of the route until it reopens;
 * then they arrive at once, or one after another at an unloading rate (each
 * taking quantity / rate, in the order they were due), and a shipment due
 * while that backlog is unloaded joins its end. A lead-time disruption
 * multiplies the transit times of orders shipped while it lasts; a capacity
 * disruption multiplies the number of servers (rounded down). Overlapping
 * disruptions combine: outages and closures are counted, the route reopens
 * when the last closure ends, and the backlog is unloaded at the slowest
 * rate of the closures that kept it closed.
 *
 * A supplier may have a working calendar (models/calendar.h): it then
 * ships only on its open days. An order that is ready (placed, or made by
 * the servers, or released by the end of an outage) on a closed day leaves
 * at the start of the next open day. Its servers work every day: the
 * calendar holds shipments, not production. The transit is in calendar
 * days unless lead_time_in is working days: then it counts only the
 * calendar's open days (calendar_add_working), so it never ends on a
 * closed day.
 *
 * The supplier does not decide what to order, nor account costs: the stock
 * point does. It reports each arrival through a callback.
 */
#ifndef JITSIM_SUPPLIER_H
#define JITSIM_SUPPLIER_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/calendar.h"
#include "models/dist.h"
#include "models/order.h"
#include "sim/sim.h"

#define SUPPLIER_NAME_MAX 64

/* When the buyer comes to own what it ordered, and so holds it at its
 * cost: from dispatch (goods at sea are the buyer's, FOB origin) or from
 * receipt (the supplier carries them, delivered terms). */
typedef enum supplier_ownership {
    OWNERSHIP_AT_DISPATCH,
    OWNERSHIP_AT_RECEIPT,
} supplier_ownership;

/* What the transit time is counted in. */
typedef enum supplier_lead_time_in {
    LEAD_TIME_IN_CALENDAR_DAYS,
    LEAD_TIME_IN_WORKING_DAYS,
} supplier_lead_time_in;

/* Whether a later shipment may overtake an earlier one (supplier.c). */
typedef enum supplier_deliveries {
    DELIVERIES_IN_ORDER,
    DELIVERIES_INDEPENDENT,
} supplier_deliveries;

typedef struct supplier_spec {
    char name[SUPPLIER_NAME_MAX];
    dist lead_time;       /* transit time (owned) */
    int servers;          /* 0: unlimited capacity */
    dist process_time;    /* per unit, when servers > 0 (owned) */
    double order_cost;    /* fixed cost per order placed */
    double shipment_cost; /* cost per shipment received */
    double unit_freight;  /* transport cost per unit received */
    double unit_price;    /* per unit bought; NaN: the item's unit cost */
    double min_order;     /* orders are at least this many units */
    double defect_rate;   /* fraction of units rejected on receipt */
    supplier_ownership ownership; /* default: at dispatch */
    supplier_deliveries deliveries; /* default: in order */
    /* The days it ships (owned): with calendar.active, only open ones;
     * inactive, every day. */
    calendar_spec calendar;
    supplier_lead_time_in lead_time_in; /* working days need a calendar */
} supplier_spec;

/* Defaults: name "supplier", lead time constant 1, unlimited capacity, no
 * costs, unit price from the item, no minimum, no defects, owned by the
 * buyer from dispatch, deliveries in order, ships every day, transit in
 * calendar days. */
void supplier_spec_init(supplier_spec *spec);
void supplier_spec_free(supplier_spec *spec);
int supplier_spec_copy(supplier_spec *dst, const supplier_spec *src);
int supplier_spec_check(const supplier_spec *spec, char *err, size_t errlen);

/* What one unit costs from this supplier: its unit_price, or `fallback`
 * (the item's value) when it names none; landed, plus its unit freight.
 * Stock is valued, and the auto rules size holding, at the landed cost. */
double supplier_unit_price(const supplier_spec *spec, double fallback);
double supplier_landed_cost(const supplier_spec *spec, double fallback);

/* Mean and variance of the replenishment lead time of a one-unit order
 * when the supplier is idle: transit plus one process time. The `auto`
 * rules use these; queueing under load is what the simulation adds. */
double supplier_mean_lead_time(const supplier_spec *spec);
double supplier_lead_time_variance(const supplier_spec *spec);

typedef void (*supplier_arrival_fn)(sim *s, void *ctx, uint32_t order_index);

typedef struct supplier {
    const supplier_spec *spec;
    sim *s;
    order_pool *orders;
    gsl_rng *lead_rng;    /* "<name>.lead_time" */
    gsl_rng *process_rng; /* "<name>.process_time" */
    supplier_arrival_fn on_arrival;
    void *arrival_ctx;
    supplier_arrival_fn on_dispatch; /* optional: an order leaves for transit */
    void *dispatch_ctx;
    int outages;            /* active outages and losses */
    int closures;           /* active closures of the route */
    int lead_disruptions;     /* active lead-time disruptions */
    int capacity_disruptions; /* active capacity disruptions */
    double lead_factor;     /* product of active lead-time multipliers */
    double mean_lead;       /* the lead time's mean (the spec's, fixed
                               for the run: read at every dispatch) */
    double capacity_factor; /* product of active capacity multipliers */
    int busy;               /* servers making a unit */
    uint32_t queue_head;    /* orders with units not yet started */
    uint32_t queue_tail;
    uint32_t held_head;     /* finished orders held by an outage or a
                               closure */
    uint32_t held_tail;
    uint32_t landing_head;  /* shipments waiting at the closed (or still
                               unloading) end of the route, in the order
                               they were due */
    uint32_t landing_tail;
    double unload_rate;     /* units per time unit; INFINITY: all at once */
    int unloading;          /* an unloading event is pending */
    sim_event unload_event;
    double unload_due;      /* when it fires */
    double unload_left;     /* paused by a closure: time left for the
                               shipment being unloaded; < 0: none */
    double last_arrival;    /* in order: the latest arrival scheduled */
    /* A link from another node of a supply chain (models/network.c): an
     * order placed goes to `on_order` instead of being made and shipped;
     * the upstream node fills it later with supplier_fill. NULL for an
     * external supplier. */
    supplier_arrival_fn on_order;
    void *order_ctx;
    /* Optional (set after supplier_init): its shipments' arrivals go
     * through this lane of the kernel (sim_schedule_lane), which holds
     * them in one event while they come in time order (a constant
     * transit time). NULL: each arrival is an event of its own. */
    sim_lane *arrival_lane;
} supplier;

/* Sets up the runtime for one replication (streams positioned for
 * (seed, replication)); allocates the streams on first use only. Returns 0
 * or -1 when out of memory. */
int supplier_init(supplier *sup, const supplier_spec *spec, sim *s,
                  order_pool *orders, uint64_t seed, uint64_t replication,
                  supplier_arrival_fn on_arrival, void *ctx);
void supplier_fini(supplier *sup);
/* Also tell `fn` when an order is dispatched (starts its transit): after
 * supplier_init, for the replication. NULL removes. */
void supplier_on_dispatch(supplier *sup, supplier_arrival_fn fn, void *ctx);

/* Takes an order (already in the pool, quantity > 0). */
void supplier_place(supplier *sup, uint32_t order_index);
/* Hands orders placed to `fn` instead (a link from an upstream node):
 * after supplier_init, for the replication. */
void supplier_on_order(supplier *sup, supplier_arrival_fn fn, void *ctx);
/* Makes (with servers) and ships an order as supplier_place would have:
 * the upstream node of a link has the units for it now. Never delivers
 * in the caller's event: the arrival is an event of its own. */
void supplier_fill(supplier *sup, uint32_t order_index);

typedef enum disruption_effect {
    EFFECT_OUTAGE,
    EFFECT_LEAD_TIME,
    EFFECT_CAPACITY,
    EFFECT_LOSS,
    EFFECT_CLOSURE
} disruption_effect;

/* `factor` for lead_time and capacity; `unloading_rate` for a closure
 * (units per time unit once it reopens; 0: no limit). */
void supplier_disruption_begin(supplier *sup, disruption_effect effect,
                               double factor, double unloading_rate);
void supplier_disruption_end(supplier *sup, disruption_effect effect,
                             double factor);

/* Whether any disruption is acting on the supplier now. */
int supplier_is_disrupted(const supplier *sup);
/* Whether it can ship now (no outage, loss or closure). */
int supplier_is_up(const supplier *sup);

/* The number of servers available now. */
int supplier_servers_now(const supplier *sup);

#endif
