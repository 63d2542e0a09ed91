/*
 * network.h - a supply chain of several stock points (nodes) joined by
 * links: what a node is (node_spec) and the run of a chain (network).
 *
 * Each node is a stock point with its own item costs, policy, initial
 * stock and, optionally, end customers. It replenishes from an external
 * supplier (one of the world's suppliers, as a single stock point does) or
 * from another node through a link: an order travels `order_delay` time
 * units to the upstream node (information lead time), which serves it
 * like a customer's order (from stock, or backordered and then served as
 * stock comes in, by the chain's rationing rule); every shipment then
 * travels the link's shipping lead time (a distribution, through the
 * link's own supplier model: its costs, deliveries in order, and with a
 * `capacity` one server shipping that many units per time unit). Serial
 * chains and trees (one node serving several) are networks; a node has
 * one source, so there are no cycles and no node with two upstreams.
 *
 * This is the C API; docs/networks.md describes the model for users and
 * analysis/scenario/nodes.c reads the `nodes:` section. The world
 * (world.h) runs a network when its spec lists nodes; a spec without
 * nodes is the one-node world, which this file never touches.
 *
 * Not here: the beer game's board timing (network_board.c), which steps a
 * serial chain week by week in the board game's exact order.
 */
#ifndef JITSIM_NETWORK_H
#define JITSIM_NETWORK_H

#include <stddef.h>
#include <stdint.h>

#include "models/demand.h"
#include "models/item.h"
#include "models/metrics.h"
#include "models/stockpt.h"
#include "models/supplier.h"

/* Nodes a chain may have. A network allocates what its own nodes need
 * when it is created (memory linear in its nodes), and its rows are as
 * wide as its own nodes make them (NETWORK_ROW_WIDTH), so the bound no
 * longer sizes any row; it sizes the few per-chain arrays kept on the
 * stack (a chain's order in network_board.c, echelon levels) and
 * scenario checks, and keeps a chain's column names (checked for
 * uniqueness pairwise once per run) to a few thousand. Raising it needs
 * only those arrays to follow. */
#define NETWORK_NODES_MAX 128
#define NODE_NAME_MAX 32

/* How a node short of stock shares what comes in among the orders
 * waiting for it (its own customers' and downstream nodes'). */
typedef enum network_rationing {
    RATIONING_FIFO,         /* oldest order first (the default) */
    RATIONING_PROPORTIONAL, /* in proportion to what each order still
                               waits for */
    RATIONING_PRIORITY,     /* by the nodes' rank (lower first; end
                               customers last), FIFO within a rank */
} network_rationing;

/* The order of the steps within a period. */
typedef enum network_timing {
    TIMING_EVENTS,     /* continuous time: every event when it falls; at an
                          instant a review comes before the customers */
    TIMING_BOARD_GAME, /* the beer game's weekly steps (network_board.c) */
    TIMING_PERIODIC,   /* continuous time, but at an instant the reviews
                          come after the customers and the orders arriving
                          then: the textbook period (receive, serve the
                          period's demand, then order) */
} network_timing;

/* What each node's policy knows. */
typedef enum network_information {
    INFORMATION_LOCAL,  /* its own stock, and the orders it receives */
    INFORMATION_SHARED, /* end customers' demand below it as it happens
                           (point of sale), and its echelon inventory
                           position (network.c) */
} network_information;

typedef struct node_spec {
    char name[NODE_NAME_MAX];
    item_spec item;
    int customers;       /* the node faces end customers with `demand` */
    demand_spec demand;  /* owned */
    int from;            /* the upstream node's index, or -1: policy.supplier
                            is an external supplier of the world */
    /* The link from the upstream node (from >= 0): its lead_time is the
     * shipping time; order_cost, shipment_cost, unit_freight, unit_price
     * and deliveries as a supplier's. Owned. */
    supplier_spec link;
    double order_delay;  /* >= 0: from an order placed to its arrival */
    double capacity;     /* units per time unit the link ships; 0: none */
    int rank;            /* RATIONING_PRIORITY: lower is served first */
    /* timing: board_game: units in every slot of the node's inbound
     * pipeline at the start (each order slot, each shipping or production
     * box); the expectation of the sterman rule starts there too. */
    double pipeline;
    /* Its policy: supplier is an index into the world's suppliers when
     * from < 0; ignored (the link) otherwise. */
    policy_spec policy;
} node_spec;

/* Defaults: no name, the item's defaults, no customers, fed by supplier
 * 0, a link with a constant lead time 1 and no costs, no order delay, no
 * capacity, rank 0, no policy. */
void node_spec_init(node_spec *n);
void node_spec_free(node_spec *n);
/* Deep copy into an uninitialised dst: 0 or -1 (memory). */
int node_spec_copy(node_spec *dst, const node_spec *src);

struct world_spec;
typedef struct network network;

/* Checks the chain and resolves every node's policy; NULL with "what is
 * wrong; what is expected" in err. The spec is borrowed (it must outlive
 * the network). */
network *network_create(const struct world_spec *spec, char *err,
                        size_t errlen);
void network_destroy(network *net);

/* The columns of a chain's rows: the METRIC_COUNT metrics of the whole
 * chain, then for each node NAME.METRIC for every metric, and
 * NAME.bullwhip_stage and NAME.net_stock_amplification: 0, or -1 when
 * memory runs out. Overwrites cols as metric_columns_base does. */
int network_columns(const struct world_spec *spec, metric_columns *cols);

/* The width of a chain's row (its columns' n): the chain's metrics, then
 * METRIC_COUNT + 2 per node. A 101-node chain's is 3772. */
#define NETWORK_ROW_WIDTH(n_nodes)                                           \
    ((size_t)METRIC_COUNT + (size_t)(n_nodes) * (METRIC_COUNT + 2))

/* Called after every change of a node's levels with the chain's totals
 * (every node's on hand, backorders, on order), in time order; under
 * timing: board_game once a week, at its start, with its end-of-week
 * levels. NULL removes. (world_observe_levels's observer.) */
typedef void (*network_level_fn)(void *ctx, double t, double on_hand,
                                 double backorders, double on_order);
void network_observe_levels(network *net, network_level_fn fn, void *ctx);

/* Called at each event worth narrating at any node (stockpt.h's events);
 * the stock point's node_index is the node's index. NULL removes. */
void network_trace(network *net, stockpt_trace_fn fn, void *ctx);
/* The name of node i's supplier `source` as its traces number it: the
 * upstream node's name for a node supplied by another, else the world's
 * supplier's. */
const char *network_supplier_name(const network *net, size_t i,
                                  int source);

/* Runs replication `replication` of `seed` into the row out, of
 * NETWORK_ROW_WIDTH(n_nodes) doubles: 0, or -1 (memory). */
int network_run(network *net, uint64_t seed, uint64_t replication,
                double *out);

size_t network_node_count(const network *net);
/* Node i's buckets of the last run (of bullwhip_period from the window's
 * start): the units it ordered in each and its net stock (on hand -
 * backorders) at the end of each; the number of whole buckets, 0 under
 * timing: board_game (its weeks are network_board_run's). */
size_t network_node_buckets(const network *net, size_t i,
                            const double **orders, const double **net_stock,
                            double *start, double *width);
/* Node i's policy parameters as simulated, and its stock point after the
 * last run (for tests). */
const policy_params *network_effective_params(const network *net, size_t i);
const stockpt *network_stockpt(const network *net, size_t i);
uint64_t network_events(const network *net);
/* Each node's policy as simulated, one line: "at NODE: TYPE PARAMS; ...". */
void network_plan(const network *net, char *buf, size_t len);

/* The board game's weekly steps (network_board.c) for a serial chain of
 * nodes all under the sterman policy; fills out like network_run.
 * `weekly`, when not NULL, gets each node's order, shipment, on hand,
 * backlog and cost of every week (n_nodes x weeks of each, node-major). */
typedef struct board_week {
    double order, shipped, on_hand, backlog, cost, incoming;
} board_week;
int network_board_check(const struct world_spec *spec, char *err,
                        size_t errlen);
int network_board_run(const struct world_spec *spec, uint64_t seed,
                      uint64_t replication, double *out,
                      board_week *weekly, size_t max_weeks,
                      network_level_fn levels, void *levels_ctx);

#endif
