/*
 * world.h - everything one replication of one policy needs, built from a
 * description, run to the horizon, producing one row of metrics.
 *
 * A world_spec describes the item, the demand, the suppliers, the
 * disruptions and the policy (with its mitigations). world_create checks it
 * all, resolves the policy's `auto` parameters, and allocates what a run
 * needs; world_run then runs replication after replication without
 * allocating again (except when a run reaches a new peak of open orders or
 * waiting customers). Random streams are named by source, so every policy
 * run on the same (seed, replication) sees the same demand and the same
 * disruptions: common random numbers.
 *
 * This is the C API the tests and the scenario loader use; it knows nothing
 * of files.
 */
#ifndef JITSIM_WORLD_H
#define JITSIM_WORLD_H

#include <stddef.h>
#include <stdint.h>

#include "models/demand.h"
#include "models/disruption.h"
#include "models/item.h"
#include "models/line.h"
#include "models/metrics.h"
#include "models/network.h"
#include "models/stockpt.h"
#include "models/supplier.h"

/* The longest horizon, in time units: a bullwhip bucket is kept per time
 * unit (STOCKPT_BUCKETS_MAX of them). */
#define WORLD_HORIZON_MAX 1e7

typedef struct world_spec {
    double horizon;             /* the run stops here (exclusive) */
    double warmup;              /* the observed window starts here */
    double time_units_per_year; /* 365 for days, 52 for weeks, ... */
    double bullwhip_period;     /* bucket length for the bullwhip ratio */
    item_spec item;
    demand_spec demand;
    size_t n_suppliers;
    supplier_spec *suppliers;
    size_t n_disruptions;
    disruption_spec *disruptions;
    policy_spec policy;
    /* A production line (models/line.h) when line.n_stages > 0: the policy
     * then controls the line and must be one that can (line_accepted). */
    line_spec line;
    /* A supply chain (models/network.h) when n_nodes > 0: the nodes (each
     * with its own item, demand and policy; `item`, `demand` and `policy`
     * above are then only the first node's, for the analysis layer's
     * labels), the order of steps, and how a short node shares its
     * stock among the orders waiting. */
    size_t n_nodes;
    node_spec *nodes;
    network_timing timing;
    network_rationing rationing;
    network_information information;
    int fixed_weeks; /* timing: board_game: the first weeks' orders are
                        the pipeline's flow (the beer game's 4) */
} world_spec;

/* Defaults: horizon 365, no warm-up, 365 time units a year, bullwhip over
 * 1 time unit, the item and demand defaults, no supplier, no disruption, no
 * policy. */
void world_spec_init(world_spec *spec);
/* Frees what the spec owns (suppliers, disruptions, demand). */
void world_spec_free(world_spec *spec);
/* Appends a copy (the spec takes ownership of the copy). 0 or -1. */
int world_spec_add_supplier(world_spec *spec, const supplier_spec *sup);
int world_spec_add_disruption(world_spec *spec, const disruption_spec *d);
int world_spec_add_node(world_spec *spec, const node_spec *node);
/* Index of the supplier with this name, or -1. */
int world_spec_supplier(const world_spec *spec, const char *name);

/* The columns of this spec's rows: the METRIC_COUNT metrics, and a
 * line's own (line_columns) or a chain's (network_columns). 0, or -1
 * when memory runs out. Overwrites cols as metric_columns_base does:
 * free it with metric_columns_free. */
int world_columns(const world_spec *spec, metric_columns *cols);
/* The width of this spec's rows, world_columns' n without making the
 * names: METRIC_COUNT for a stock point, line_row_width for a line,
 * NETWORK_ROW_WIDTH for a chain. world_run writes exactly this many. */
size_t world_row_width(const world_spec *spec);

/* What the policy's `auto` rules are given for this spec. Everything is
 * in calendar time: the demand rate as it falls on the demand's calendar
 * (total expected demand / the window's length), and on a calendar the
 * lead time measured in the demand it covers (models/calendar_plan.h). */
void world_policy_context(const world_spec *spec, policy_context *ctx);

typedef struct world world;

/* What a world holds: nodes (places holding stock under one policy) and
 * the links that feed them (world.c says more). A world_spec describes the
 * one-node world: node 0 is a stock point, or a line when the spec has
 * stages, and every supplier links to it. */
typedef enum world_node_kind {
    WORLD_NODE_STOCK_POINT,
    WORLD_NODE_LINE,
} world_node_kind;

/* Checks the spec and resolves the policy. The spec is borrowed: it must
 * outlive the world and not change. NULL with a message in err ("what is
 * wrong; what is expected") if the spec is invalid or memory runs out. */
world *world_create(const world_spec *spec, char *err, size_t errlen);
void world_destroy(world *w);

/* The nodes and links of a created world, and the kind of node i. */
size_t world_node_count(const world *w);
world_node_kind world_node_kind_of(const world *w, size_t node);
size_t world_link_count(const world *w);

/* The policy's parameters as simulated (auto values resolved); for a
 * supply chain, its first node's as given (each node's as simulated:
 * network_effective_params). */
const policy_params *world_effective_params(const world *w);

/* The mean demand per time unit the policy's `auto` and `optimal` rules
 * planned for: the demand as shaped over the observed window [warmup,
 * horizon) (demand_planning_rates). For a line, 0: its controls take
 * their rate from the line's products (models/line.c). */
double world_planning_rate(const world *w);
/* Whether some parameter of the policy was sized from that rate (an auto
 * or optimal parameter, or a default computed from demand). */
int world_demand_sized(const world *w);

/* For a line, what its control's `auto` rules planned (prodline_plan);
 * for a supply chain, each node's policy as simulated (network_plan),
 * then "; caution at NODE: ..." when a node's closed loop has no margin;
 * for a stock point, "caution: ..." when its loop has none
 * (policy_loop_caution), else empty. */
void world_plan(const world *w, char *buf, size_t len);
/* The caution in a plan from world_plan, without its "caution: " (a
 * stock point's: "its loop holds ...") or with its node (a chain's:
 * "caution at NODE: its loop holds ..."); NULL when the plan has none. */
const char *world_plan_caution(const char *plan);

/* Runs replication `replication` of `seed` and fills the row out, of
 * world_row_width(spec) doubles. 0, or -1 if memory ran out. */
int world_run(world *w, uint64_t seed, uint64_t replication, double *out);

/* Events fired by the last run (for benchmarks). */
uint64_t world_events(const world *w);

/* Observers for tests and traces, called after the stock point handled the
 * event: every customer order (quantity demanded) and every receipt of a
 * replenishment (quantity received, defective units included). NULL
 * removes. */
typedef enum world_event_kind { WORLD_DEMAND, WORLD_RECEIPT } world_event_kind;
typedef void (*world_observer)(void *ctx, world_event_kind kind, double t,
                               double quantity);
void world_observe(world *w, world_observer fn, void *ctx);

/* Called after every change of the stock levels, in time order (several
 * calls may share a time). NULL removes. */
typedef void (*world_level_observer)(void *ctx, double t, double on_hand,
                                     double backorders, double on_order);
void world_observe_levels(world *w, world_level_observer fn, void *ctx);

/* Called at every event worth narrating (stockpt.h lists them), after the
 * stock point handled it. NULL removes. */
void world_trace(world *w, stockpt_trace_fn fn, void *ctx);

/* For lines: called after every change of the WIP at a stage, in time
 * order, with the WIP of every stage. NULL removes. The level observer
 * above is called too, with the total finished goods. */
void world_observe_stages(world *w, line_stage_fn fn, void *ctx);

/* For lines: called at every event worth narrating (line.h lists them).
 * NULL removes. */
void world_trace_line(world *w, line_trace_fn fn, void *ctx);

/* The name of supplier i (for traces). */
const char *world_supplier_name(const world *w, int i);

/* The stock point of the last run (for tests that look inside). */
const stockpt *world_stockpt(const world *w);
/* A supply chain's node `node` after the last run: its orders per bucket
 * and net stock at each bucket's end (network_node_buckets); 0 buckets
 * for a world without nodes. */
size_t world_node_buckets(const world *w, size_t node, const double **orders,
                          const double **net_stock, double *start,
                          double *width);
/* Node i's stock point (a supply chain's; node 0 is world_stockpt). */
const stockpt *world_node_stockpt(const world *w, size_t node);

#endif
