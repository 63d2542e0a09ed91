/*
 * network_internal.h - what the files of a supply chain's run share:
 * network.c (checks, policies, events, the run) and network_metrics.c
 * (the columns, the row, the plan text). Not installed; the API is
 * network.h.
 */
#ifndef JITSIM_NETWORK_INTERNAL_H
#define JITSIM_NETWORK_INTERNAL_H

#include "models/network.h"

struct world_spec;

typedef struct net_node {
    struct network *net;
    size_t index;
    const node_spec *spec;
    policy_spec policy;      /* the node's policy as its stock point sees it */
    policy_params effective; /* auto values resolved */
    double review_period;
    double planning_rate;
    double plan_lead_time; /* its auto rules' own lead time (order delay
                              included), before any echelon's */
    double loop_load;      /* a closed loop's load (policy_loop_caution) */
    char caution[POLICY_CAUTION_MAX]; /* policy_loop_caution's, or "" */
    stockpt sp;
    supplier link;           /* from the upstream node */
    /* The kernel's lanes of the link's shipments and of the orders on
     * their way up (a constant order delay): one event each in the event
     * list, however many are in transit (sim.h, lanes). */
    sim_lane link_lane, order_lane;
    supplier_spec link_spec; /* the link, with its capacity as a server */
    int has_link_spec;
    demand_process demand;
    gsl_rng *demand_rng;
    double *net_stock; /* at the end of each bucket of the window */
    /* The nodes below it (supplied by it, directly or not), for the
     * echelon position under shared information: into the network's
     * below_pool, allocated at creation. */
    const uint32_t *below;
    size_t n_below;
    /* Its levels as last reported to the level observer, so the chain's
     * totals move by the change alone. */
    double last_on_hand, last_backorders, last_on_order;
} net_node;

typedef struct disruption_run {
    gsl_rng *rng;
    double began;
} disruption_run;

struct network {
    const struct world_spec *spec;
    sim *s;
    order_pool orders;
    supplier *external;
    disruption_run *disruptions;
    net_node *nodes; /* n, allocated at creation */
    size_t n;
    uint32_t *below_pool; /* every node's `below` lists */
    double *end_demand; /* end customers' units, per bucket */
    size_t n_buckets;
    size_t sampled; /* buckets whose net stock was sampled */
    double window_start;
    int observing;
    int board; /* timing: board_game */
    int *ranks;      /* n; rationing: priority */
    double *in_delay; /* n; units ordered by node k still travelling as
                         information */
    network_level_fn level_fn;     /* the chain's totals, for timeseries */
    void *level_ctx;
    double total_on_hand, total_backorders, total_on_order;
    /* Every node's trace (network_trace), or NULL: the stock point's
     * node_index says which node. */
    stockpt_trace_fn trace;
    void *trace_ctx;
};

/* The chain's row after a run: node i's metrics in the columns from
 * METRIC_COUNT + i (METRIC_COUNT + 2) on, the chain's own in the first
 * METRIC_COUNT (network_metrics.c). */
void network__finish(network *net, double *out);

/* echelon_base_stock's chain-wide levels (network_echelon.c): levels[i]
 * the echelon S node i's `S: auto` or `S: shang_song` stands for, NaN for
 * a node given its S or under another policy. 0, or -1 with a message
 * (not a serial chain, not periodic, not shared information...). */
/* Whether node n's policy orders on its echelon position whatever the
 * chain's information (echelon_base_stock: the position is its
 * definition; it hears no demand). */
int network__orders_on_echelon(const node_spec *n);
/* Sharing information: what node i's echelon adds to its own lead time
 * for its auto rules, the longest way down to end customers of each node
 * below's own lead time (order delay included), plus its review period
 * unless timing: periodic (where a receipt is shipped down at the same
 * instant); 0 for a node facing customers only. Needs every node
 * resolved once. */
double network__echelon_lead(const network *net, size_t i);
int network__echelon_levels(const struct world_spec *spec,
                            double levels[NETWORK_NODES_MAX], char *err,
                            size_t errlen);

#endif
