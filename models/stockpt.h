/*
 * stockpt.h - a stock point: the inventory a policy manages, and the
 * accounting of everything docs/metrics.md measures.
 *
 * It holds the units on hand, the customer orders waiting (a FIFO queue,
 * each remembering its arrival time, so customer lead times are exact), the
 * pipeline of open replenishment orders, and an optional emergency stock
 * that is released when its supplier is disrupted. Unmet demand is
 * backordered, or lost in lost-sales mode. It owns one policy and calls it
 * on each customer order, withdrawal, receipt and review; the policy acts
 * back only through stockpt_order() (or stockpt_order_from(), naming one of
 * a dual-sourced policy's two sources).
 *
 * Mitigations, each optional: the emergency stock, usable from a
 * disruption's start until supply has recovered (or only while it lasts:
 * `release`); a backup supplier that takes new orders, in lots of its own
 * (`backup_lot`), once the primary has been disrupted for `switch_after`
 * time units; expediting (orders placed while customers wait travel at
 * `expedite` times the lead time, for `expedite_cost` per unit). They and
 * the recovery of each disruption are in stockpt_disruption.c.
 *
 * The stock point does not create events of its own except shelf-life
 * expiries; the world (world.h) wires demand, suppliers and disruptions to
 * it and drives the clock.
 */
#ifndef JITSIM_STOCKPT_H
#define JITSIM_STOCKPT_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/item.h"
#include "models/metrics.h"
#include "models/order.h"
#include "models/policy.h"
#include "models/supplier.h"
#include "sim/sample.h"
#include "sim/sim.h"

#define POLICY_NAME_MAX 64
/* Bullwhip buckets a stock point keeps (one per bucket_length of the
 * observed window): 10^7 doubles of each kind. The scenario reader keeps
 * horizons within it (WORLD_HORIZON_MAX); past it the last bucket takes
 * the rest. */
#define STOCKPT_BUCKETS_MAX ((size_t)10000000)

/* How long the emergency stock stays usable once a disruption of the
 * primary supplier starts: until supply has recovered (an order placed
 * after the disruption ended has arrived, and every order placed before
 * it: stockpt_disruption.c), or only while the disruption lasts. */
typedef enum stockpt_release {
    RELEASE_UNTIL_RECOVERED,
    RELEASE_DURING,
} stockpt_release;

typedef struct policy_spec {
    char name[POLICY_NAME_MAX];
    const policy_type *type;
    int supplier;              /* index of the supplier it orders from */
    policy_params params;      /* as given; `auto` resolved by world_create */
    double initial_inventory;  /* NaN: the policy's natural level */
    double emergency_stock;    /* units held back for disruptions, >= 0 */
    stockpt_release release;   /* default: until recovered */
    int backup_supplier;       /* index, or -1 for none */
    int second_supplier;       /* a dual-sourced policy's second source
                                  (policy_type.dual_sourced), or -1 */
    double switch_after;       /* time before orders go to the backup */
    double backup_lot;         /* 0: cover the gap; else a fixed lot, >= 1 */
    double expedite;           /* transit multiplier in (0, 1]; 0: none */
    double expedite_cost;      /* per unit expedited */
} policy_spec;

void policy_spec_init(policy_spec *spec);

/* What a trace reports (for teaching traces and events.csv). */
typedef enum stockpt_event {
    STOCKPT_CUSTOMER_ORDER,   /* quantity demanded */
    STOCKPT_SHORT,            /* quantity not served on arrival */
    STOCKPT_ORDER_PLACED,     /* quantity ordered from `supplier` */
    STOCKPT_RECEIPT,          /* quantity received from `supplier` */
    STOCKPT_REJECTED,         /* defective quantity sent back */
    STOCKPT_DISRUPTION_BEGIN, /* a disruption of `supplier` starts */
    STOCKPT_DISRUPTION_END,
    STOCKPT_REVIEW,
    STOCKPT_KANBAN_CARD,      /* a kanban card goes to `supplier`; the
                                 `quantity` field is the card's number,
                                 1..N; the order it authorises follows */
    STOCKPT_RECOVERED,        /* supply from `supplier` (the primary) has
                                 recovered from a disruption (see
                                 stockpt_release); `quantity`: the
                                 emergency units locked again now */
    STOCKPT_DISPATCHED,       /* `supplier` ships an order of `quantity`:
                                 right after it is placed, or later when
                                 it waited (a closed day, an outage, the
                                 servers) */
    STOCKPT_RETURNED          /* `quantity` units sent back to `supplier`
                                 (stockpt_return) */
} stockpt_event;

const char *stockpt_event_name(stockpt_event event);

typedef void (*stockpt_trace_fn)(void *ctx, const struct stockpt *sp,
                                 stockpt_event event, double quantity,
                                 int supplier);

typedef struct backorder {
    double arrival;   /* when the customer order arrived */
    double remaining; /* units still owed */
    int observed;     /* arrived inside the observed window */
    /* A downstream node's order (models/network.c): its index in the
     * order pool plus 1; 0 for an end customer. */
    uint32_t node_order;
} backorder;

typedef struct lot {
    double expiry;
    double quantity;
    uint64_t serial;
} lot;

/* A disruption episode of the primary supplier (stockpt_disruption.c):
 * from the start of a disruption until supply has recovered, i.e. an
 * order placed after the episode's last disruption ended has arrived, and
 * so has every order placed before. Disruptions that overlap, or start
 * before supply has recovered from the previous one, join the episode. */
typedef struct stockpt_episode {
    int open;         /* under way: disrupted, or ended and not recovered */
    int observed;     /* it started inside the observed window */
    int had_shortage; /* a customer went short since it started */
    double start;
    double ended_at;  /* when its last disruption ended */
    double before_open;  /* loop orders placed before then, not received */
    int after_received;  /* a loop order placed since then was received */
} stockpt_episode;

struct stockpt {
    sim *s;
    const item_spec *item;
    const policy_spec *spec;
    policy_params params; /* effective: auto resolved */
    const policy_type *type;
    unsigned char policy_state[POLICY_STATE_MAX];
    supplier *suppliers;
    size_t n_suppliers;
    order_pool *orders;
    gsl_rng *quality_rng; /* "stock.quality": defects found on receipt */
    double holding_cost;  /* per unit per time unit */
    double time_units_per_year;

    /* State. */
    double on_hand;         /* usable units (includes released reserve) */
    double reserve_locked;  /* emergency units not released */
    double reserve_in_hand; /* released emergency units still on hand */
    double on_order;        /* units ordered and not received */
    double reserve_on_order; /* of which, to refill the emergency stock */
    double primary_unshipped; /* loop orders not yet shipped by the primary */
    double loop_orders_open;  /* loop orders (not refills) not received */
    double backorders;      /* units owed to waiting customers */
    /* A shortage: customers waiting (backorders > 0); in lost-sales mode,
     * from a customer turned away until stock is back on hand. */
    int shortage;
    int turned_away;        /* lost sales: a customer just went short */
    double last_recovered;  /* time the last shortage ended */
    int use_backup;
    int disruptions_on_primary;
    double planned_end;     /* of the primary's disruptions; NaN: unknown */
    sim_event backup_switch;
    int reserve_released;   /* the emergency stock is usable */
    /* What the backup's `cover_gap` lot plans with (world.c sets them). */
    double plan_rate;       /* demand per time unit */
    double primary_lead_time; /* the primary's mean lead time */

    backorder *waiting; /* ring of waiting customer orders */
    size_t waiting_cap, waiting_head, waiting_n;
    lot *lots; /* ring of lots on hand, oldest first (shelf life only) */
    size_t lots_cap, lots_head, lots_n;
    uint64_t next_lot_serial;
    stockpt_episode episode;
    /* Episodes whose supply recovered while customers were waiting: each
     * recovers when that shortage ends. */
    double pending_n, pending_start_sum;

    int failed; /* memory ran out during the run: its numbers are void */
    /* Accounting over the observed window. */
    int observing;
    double window_start;
    /* Integrals over the window of the levels, advanced together at each
     * change (one time step for four levels). */
    double level_time;     /* time of the last change */
    double area_physical;  /* on hand including the locked reserve */
    double area_pipeline;  /* on order */
    double area_owed;      /* backorders */
    double time_ready;     /* time with usable on hand > 0 */
    double area_value;     /* value of the stock on hand */
    double area_transit;   /* units owned in transit */
    double area_transit_value;
    double level_physical, level_pipeline, level_owed, level_usable;
    double level_value, level_transit, level_transit_value;
    /* Valuation: the stock on hand (the emergency stock included) is worth
     * what was paid for it, at its moving average landed cost; goods owned
     * in transit at their own landed cost. */
    double stock_value;
    double transit_units, transit_value;
    sample customer_lead_time;
    double replenishment_time_sum; /* only the mean is reported */
    double replenishments;
    double units_demanded, customer_orders, filled_on_arrival;
    double stockout_orders, units_short, lost_units, units_shipped;
    double orders_placed, units_ordered;
    double ordering_cost, transport_cost, scrap_cost;
    double cost_of_goods;  /* value of what left the stock (purchase_cost) */
    double ordered_value;  /* price of what was ordered, less rejects */
    double scrapped_units, rejected_units;
    double recovery_sum, recovery_count;
    /* Returns (stockpt_return): units returned in the window, and units
     * a return asked for that were not on hand, over the whole run. */
    double units_returned, returns_short;
    /* Optional: called at each event worth narrating (traces). */
    stockpt_trace_fn trace;
    void *trace_ctx;
    /* Optional: called after every change of the levels (timeseries). */
    void (*level_hook)(void *ctx, double t, double on_hand,
                       double backorders, double on_order);
    void *level_ctx;
    double bucket_length; /* bullwhip buckets */
    double buckets_per_time; /* 1 / bucket_length */
    size_t n_buckets;
    double *bucket_demand;
    double *bucket_orders;
    /* In a supply chain (models/network.c): the node this stock point is
     * (orders it places carry it), and where the units taken for a
     * downstream node's order go (stockpt_demand_order). */
    uint32_t node_index;
    void (*ship_fn)(void *ctx, uint32_t order_index, double units);
    void *ship_ctx;
    /* How units coming in are shared among the orders waiting:
     * network_rationing (0: FIFO, 1: proportional, 2: priority by
     * node_rank[the ordering node], end customers last). */
    int rationing;
    const int *node_rank;
    /* Sharing information (network.c): what the rest of the node's
     * echelon adds to its inventory position (its descendants'
     * positions, less the orders between them still in an order delay);
     * NULL: the installation's own position. */
    double (*echelon)(const void *ctx);
    const void *echelon_ctx;
};

/* Policy-facing. */
double stockpt_now(const stockpt *sp);
double stockpt_on_hand(const stockpt *sp);
double stockpt_on_order(const stockpt *sp);
double stockpt_backorders(const stockpt *sp);
/* on hand + on order - backorders (the emergency stock excluded); in a
 * supply chain sharing information, the node's echelon inventory
 * position: that of every node it supplies, directly or not, added (less
 * the orders between them still travelling as information). */
double stockpt_position(const stockpt *sp);
/* The node's own position, whatever the information. */
double stockpt_installation_position(const stockpt *sp);
const policy_params *stockpt_params(const stockpt *sp);
/* Places a replenishment order for `quantity` units (rounded up to whole
 * units and to the supplier's minimum); nothing for quantity <= 0. */
void stockpt_order(stockpt *sp, double quantity);
/* A return, a negative order (for the policies that allow one, as the
 * bullwhip closed forms assume): `quantity` units (rounded down to whole
 * units) leave the loop's own stock on hand at once, back to the
 * policy's supplier, so the inventory position falls by as much. Only
 * what is on hand goes (the pipeline is not touched); the rest is counted
 * in returns_short. Counted as a negative order in the bullwhip buckets,
 * not in orders_placed or units_ordered; refunded at the supplier's unit
 * price (ordered_value falls), the stock's value falls by the units' share
 * of it (not a cost of goods sold); no order cost. Returns the units
 * returned; nothing for quantity < 1. */
double stockpt_return(stockpt *sp, double quantity);
/* The two sources of a dual-sourced policy (policy_type.dual_sourced):
 * the first is its supplier (the regular, slow and cheap one), the second
 * its second_supplier (the fast one). */
typedef enum stockpt_source {
    STOCKPT_FIRST_SOURCE,
    STOCKPT_SECOND_SOURCE
} stockpt_source;
/* stockpt_order to a given source (each order pays that supplier's price,
 * order cost, freight and ownership terms); the second source exists only
 * for a dual-sourced policy. stockpt_order is the first source. */
void stockpt_order_from(stockpt *sp, stockpt_source source, double quantity);
/* Units the policy has on order from `source` (refills of the emergency
 * stock excluded) that are due within `within` time units from now:
 * dispatched, and expected (order.due: dispatch plus the supplier's mean
 * transit) at or before now + within. INFINITY counts every unit on
 * order from it, dispatched or not. Scans the open orders: for a review,
 * not for every customer. */
double stockpt_pipeline(const stockpt *sp, stockpt_source source,
                        double within);
/* Tells the trace (if any) that kanban card `card` goes to the supplier
 * the next order will go to. For narration only: it changes nothing. */
void stockpt_trace_card(stockpt *sp, int card);

/* World-facing. */
int stockpt_init(stockpt *sp, sim *s, const item_spec *item,
                 const policy_spec *spec, const policy_params *effective,
                 supplier *suppliers, size_t n_suppliers, order_pool *orders,
                 double time_units_per_year, double warmup, double horizon,
                 double bucket_length, uint64_t seed, uint64_t replication);
void stockpt_fini(stockpt *sp);
/* Puts the initial stock in place and starts the policy. */
void stockpt_start(stockpt *sp);
/* A customer order (demand sink). */
void stockpt_demand(sim *s, void *ctx, double quantity);
/* A downstream node's order `order_index` of `quantity` units arrived
 * (models/network.c): served like a customer's (the same accounting), but
 * always backordered when short, and every unit taken for it goes to
 * ship_fn as it is taken (at once, or later from a receipt). */
void stockpt_demand_order(stockpt *sp, double quantity, uint32_t order_index);
/* End customers below the node bought `quantity` (information shared):
 * its policy hears of it as of its own demand; no stock moves. */
void stockpt_signal_demand(stockpt *sp, double quantity);
/* A replenishment arrived (supplier callback). */
void stockpt_receive(sim *s, void *ctx, uint32_t order_index);
/* An order left its supplier for transit (supplier callback). */
void stockpt_dispatched(sim *s, void *ctx, uint32_t order_index);
void stockpt_review(stockpt *sp);
/* A disruption of `supplier` begins; it is planned to end at
 * `planned_end` (a scheduled disruption's end, a random one's start plus
 * its mean duration; NaN when no end is planned, as for a loss). */
void stockpt_disruption_begin(stockpt *sp, int supplier, double planned_end);
void stockpt_disruption_end(stockpt *sp, int supplier);
/* Starts the observed window at the current time. */
void stockpt_begin_window(stockpt *sp);
/* Closes the window at the horizon and computes the metrics into out[0 ..
 * METRIC_COUNT - 1], which is all it writes. */
void stockpt_finish(stockpt *sp, double horizon, double *out);
/* 1 when memory ran out during the run (a queue could not grow): the run
 * is an error, reported by the caller, not an abort. */
int stockpt_failed(const stockpt *sp);

#endif
