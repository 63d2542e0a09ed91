/*
 * network.c - a supply chain of stock points in continuous time: its
 * checks, the resolution of each node's policy, the events that join the
 * nodes (an order travelling upstream, the upstream node serving it, the
 * shipment travelling down), and the metrics of the chain and of each
 * node. network.h says what a node and a link are.
 *
 * How an order between nodes goes:
 * 1. The downstream node's policy orders as from any supplier
 *    (stockpt_order); the link's supplier hands the order to
 *    on_link_order instead of shipping it.
 * 2. After the link's order_delay (an event, even for 0) the order
 *    reaches the upstream node, which serves it like a customer's order
 *    (stockpt_demand_order: the same accounting, so its fill rate, its
 *    backorders and its policy's on_demand see it), backordering what it
 *    cannot ship.
 * 3. Every unit taken for it is shipped as it is taken (ship_down): the
 *    whole order, or, when the upstream node is short, the part taken now
 *    as an order of its own split from it; the rest waits upstream. The
 *    link's supplier model ships it (capacity, transit, deliveries in
 *    order), and the downstream node receives it like any shipment.
 * The downstream node's realised replenishment lead time (its
 * replenishment_lead_time_mean) thus holds the order delay, the wait
 * upstream and the shipping.
 *
 * Random numbers: each node's customers draw from the stream
 * "demand.NODE", each link from "supplier.link.NODE.*", each external
 * supplier and each disruption from its own (as in the one-node world):
 * every alternative (policies: entry) sees the same customers and the same
 * disruptions (common random numbers). Disruptions hit external suppliers;
 * every node that buys outside hears of them, and its mitigations
 * (emergency stock, backup supplier) respond as a single stock point's.
 *
 * Not here: reading scenarios (analysis/scenario/nodes.c), the board
 * game's weekly steps (network_board.c), the columns and the row
 * (network_metrics.c), the one-node world (world.c).
 */
#include "models/network.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/network_internal.h"
#include "models/world.h"
#include "sim/convert.h"
#include "sim/stream.h"

void node_spec_init(node_spec *n)
{
    memset(n, 0, sizeof *n);
    item_spec_init(&n->item);
    demand_spec_init(&n->demand);
    supplier_spec_init(&n->link);
    policy_spec_init(&n->policy);
    n->from = -1;
}

void node_spec_free(node_spec *n)
{
    demand_spec_free(&n->demand);
    supplier_spec_free(&n->link);
}

int node_spec_copy(node_spec *dst, const node_spec *src)
{
    *dst = *src;
    if (demand_spec_copy(&dst->demand, &src->demand) != 0) {
        demand_spec_init(&dst->demand);
        supplier_spec_init(&dst->link);
        return -1;
    }
    if (supplier_spec_copy(&dst->link, &src->link) != 0) {
        supplier_spec_init(&dst->link);
        return -1;
    }
    return 0;
}

/* ---- checks -------------------------------------------------------------- */

static int find_node(const world_spec *spec, const char *name)
{
    for (size_t i = 0; i < spec->n_nodes; i++)
        if (strcmp(spec->nodes[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Whether node i serves end customers, directly or through the nodes it
 * supplies (every node must: one that serves nobody only piles stock). */
static int serves_customers(const world_spec *spec, size_t i, int depth)
{
    if (spec->nodes[i].customers)
        return 1;
    if (depth > (int)spec->n_nodes)
        return 0;
    for (size_t j = 0; j < spec->n_nodes; j++)
        if (spec->nodes[j].from == (int)i &&
            serves_customers(spec, j, depth + 1))
            return 1;
    return 0;
}

static int check_nodes(const world_spec *spec, char *err, size_t errlen)
{
    if (spec->n_nodes > NETWORK_NODES_MAX) {
        snprintf(err, errlen, "%zu nodes; expected at most %d", spec->n_nodes,
                 NETWORK_NODES_MAX);
        return -1;
    }
    if (spec->line.n_stages > 0) {
        snprintf(err, errlen, "nodes and stages together; expected a supply "
                              "chain of stock points or a production line");
        return -1;
    }
    for (size_t i = 0; i < spec->n_nodes; i++) {
        const node_spec *n = &spec->nodes[i];
        if (!n->name[0] || find_node(spec, n->name) != (int)i) {
            snprintf(err, errlen, "node %zu: %s name; expected a unique name",
                     i + 1, n->name[0] ? "a repeated" : "no");
            return -1;
        }
        if (n->from >= (int)spec->n_nodes || n->from == (int)i) {
            snprintf(err, errlen, "node %s: supplied by %s; expected another "
                                  "node or an external supplier",
                     n->name, n->from == (int)i ? "itself" : "no such node");
            return -1;
        }
        if (n->from < 0 && (n->policy.supplier < 0 ||
                            (size_t)n->policy.supplier >= spec->n_suppliers)) {
            snprintf(err, errlen, "node %s: no supplier; expected an external "
                                  "supplier or another node (from:)",
                     n->name);
            return -1;
        }
        /* Following the sources upstream must reach an external supplier
         * within n steps: otherwise the links make a cycle. */
        int at = (int)i;
        size_t steps = 0;
        while (at >= 0 && steps <= spec->n_nodes) {
            at = spec->nodes[at].from;
            steps++;
        }
        if (at >= 0) {
            snprintf(err, errlen, "node %s: its sources make a cycle; expected "
                                  "a chain or tree that starts at an external "
                                  "supplier",
                     n->name);
            return -1;
        }
        if (!(n->order_delay >= 0.0 && n->order_delay <= 1e15) ||
            !(n->capacity >= 0.0 && isfinite(n->capacity))) {
            snprintf(err, errlen, "node %s: order_delay and capacity must be "
                                  ">= 0",
                     n->name);
            return -1;
        }
        if (!serves_customers(spec, i, 0)) {
            snprintf(err, errlen, "node %s: serves no customers, directly or "
                                  "through other nodes; expected customers: "
                                  "true, or a node it supplies",
                     n->name);
            return -1;
        }
        if (n->customers && demand_spec_check(&n->demand, err, errlen))
            return -1;
    }
    if (spec->timing != TIMING_EVENTS && spec->timing != TIMING_BOARD_GAME &&
        spec->timing != TIMING_PERIODIC)
        return snprintf(err, errlen, "unknown timing"), -1;
    if ((unsigned)spec->rationing > RATIONING_PRIORITY)
        return snprintf(err, errlen, "unknown rationing"), -1;
    if ((unsigned)spec->information > INFORMATION_SHARED)
        return snprintf(err, errlen, "unknown information"), -1;
    if (spec->information == INFORMATION_SHARED &&
        spec->timing == TIMING_BOARD_GAME)
        return snprintf(err, errlen, "timing: board_game is played with "
                                     "local information; expected "
                                     "information: local"),
               -1;
    return 0;
}

/* ---- each node's policy -------------------------------------------------- */

/* A one-node world_spec that views node i: its item, demand and policy,
 * and as suppliers the external ones or its link alone. Borrowed
 * pointers: never freed. */
static void node_view(const world_spec *spec, const net_node *node,
                      world_spec *view)
{
    const node_spec *n = node->spec;
    *view = *spec;
    view->n_nodes = 0;
    view->nodes = NULL;
    view->item = n->item;
    view->policy = node->policy;
    view->n_disruptions = 0;
    view->disruptions = NULL;
    /* A node without customers plans with the first customer-facing
     * node's demand law; its rate is set apart (plan_demand). */
    view->demand = n->demand;
    if (!n->customers)
        for (size_t j = 0; j < spec->n_nodes; j++)
            if (spec->nodes[j].customers) {
                view->demand = spec->nodes[j].demand;
                break;
            }
    if (n->from >= 0) {
        view->suppliers = (supplier_spec *)&node->link_spec;
        view->n_suppliers = 1;
        view->policy.supplier = 0;
    }
}

/* The end-customer demand node i serves (its own and its descendants'):
 * mean and variance per time unit over the window. */
static void plan_demand(const world_spec *spec, size_t i, double *mean,
                        double *var, int depth)
{
    const node_spec *n = &spec->nodes[i];
    if (n->customers) {
        double m, v;
        int flat;
        demand_planning_rates(&n->demand, spec->warmup, spec->horizon, &m, &v,
                              &flat);
        *mean += m;
        *var += v;
    }
    if (depth > (int)spec->n_nodes)
        return;
    for (size_t j = 0; j < spec->n_nodes; j++)
        if (spec->nodes[j].from == (int)i)
            plan_demand(spec, j, mean, var, depth + 1);
}

static int resolve_node(network *net, net_node *node, double echelon_level,
                        double echelon_lead, char *err, size_t errlen)
{
    const world_spec *spec = net->spec;
    const node_spec *n = node->spec;
    node->policy = n->policy;
    if (node->has_link_spec) { /* resolved again for its echelon */
        supplier_spec_free(&node->link_spec);
        node->has_link_spec = 0;
    }
    if (isfinite(echelon_level)) /* sized for the chain: network_echelon.c */
        policy_param_set(&node->policy.params, PARAM_S, echelon_level);
    if (n->from >= 0) {
        if (supplier_spec_copy(&node->link_spec, &n->link) != 0)
            return snprintf(err, errlen, "out of memory"), -1;
        node->has_link_spec = 1;
        snprintf(node->link_spec.name, sizeof node->link_spec.name,
                 "link.%s", n->name);
        if (n->capacity > 0.0) {
            dist_free(&node->link_spec.process_time);
            node->link_spec.servers = 1;
            if (dist_constant(&node->link_spec.process_time,
                              1.0 / n->capacity, err, errlen))
                return -1;
        }
        node->policy.supplier = 0;
        if (node->policy.backup_supplier >= 0 ||
            node->policy.second_supplier >= 0 ||
            node->policy.emergency_stock > 0.0) {
            snprintf(err, errlen, "node %s: a node supplied by another node "
                                  "has one source and no emergency stock; "
                                  "expected no backup_supplier, "
                                  "second_supplier or emergency_stock",
                     n->name);
            return -1;
        }
    }
    /* Every check of a single stock point, on the node's own view. */
    world_spec view;
    node_view(spec, node, &view);
    char why[400];
    world *alone = world_create(&view, why, sizeof why);
    if (!alone) {
        snprintf(err, errlen, "node %s: %s", n->name, why);
        return -1;
    }
    world_destroy(alone);
    /* Its auto rules: the customer demand it serves through the chain,
     * and a lead time of the order delay plus the link's. */
    policy_context ctx;
    world_policy_context(&view, &ctx);
    double mean = 0.0, var = 0.0;
    plan_demand(spec, node->index, &mean, &var, 0);
    if (!n->customers) {
        ctx.demand_rate = mean;
        ctx.demand_variance = var;
    }
    ctx.lead_time += n->order_delay;
    node->plan_lead_time = ctx.lead_time;
    ctx.lead_time += echelon_lead; /* network__echelon_lead */
    node->planning_rate = ctx.demand_rate;
    node->effective = node->policy.params;
    const policy_type *type = node->policy.type;
    if (type->resolve(&node->effective, &ctx, why, sizeof why)) {
        snprintf(err, errlen, "node %s: policy %s (%s): %s", n->name,
                 node->policy.name, type->name, why);
        return -1;
    }
    /* A loop sized with no margin over the lead time it sees here (its
     * link's, not the wait upstream: that only adds to it). */
    node->loop_load = policy_loop_caution(type, &node->effective, &ctx,
                                          node->caution,
                                          sizeof node->caution);
    /* As in a single stock point: a service target or a safety factor
     * is not in force when the user gave all it would size. */
    unsigned sized = type->target_sizes;
    int all_given = sized != 0;
    for (int i = 0; i < PARAM_COUNT; i++)
        if ((sized & (1u << i)) && node->policy.params.state[i] != PARAM_GIVEN)
            all_given = 0;
    if (all_given) {
        node->effective.state[PARAM_SERVICE_LEVEL] = PARAM_UNSET;
        node->effective.state[PARAM_FILL_RATE] = PARAM_UNSET;
        node->effective.state[PARAM_SAFETY] = PARAM_UNSET;
    }
    node->review_period =
        type->review_period ? type->review_period(&node->effective) : 0.0;
    return 0;
}

/* Each node's list of the nodes below it, in one pool of sum(depth)
 * entries: the echelon position walks them instead of every node. */
static int list_below(network *net)
{
    const world_spec *spec = net->spec;
    size_t total = 0;
    for (size_t k = 0; k < net->n; k++)
        for (int at = spec->nodes[k].from; at >= 0; at = spec->nodes[at].from)
            total++;
    net->below_pool = malloc((total + 1) * sizeof *net->below_pool);
    if (!net->below_pool)
        return -1;
    size_t used = 0;
    for (size_t j = 0; j < net->n; j++) {
        net->nodes[j].below = net->below_pool + used;
        for (size_t k = 0; k < net->n; k++)
            for (int at = spec->nodes[k].from; at >= 0;
                 at = spec->nodes[at].from)
                if ((size_t)at == j) {
                    net->below_pool[used++] = (uint32_t)k;
                    break;
                }
        net->nodes[j].n_below =
            (size_t)(net->below_pool + used - net->nodes[j].below);
    }
    return 0;
}

network *network_create(const world_spec *spec, char *err, size_t errlen)
{
    if (check_nodes(spec, err, errlen))
        return NULL;
    for (size_t i = 0; i < spec->n_suppliers; i++)
        if (supplier_spec_check(&spec->suppliers[i], err, errlen))
            return NULL;
    for (size_t i = 0; i < spec->n_disruptions; i++) {
        if (spec->disruptions[i].stage >= 0) {
            snprintf(err, errlen, "disruption %s: hits a stage, but a supply "
                                  "chain has no production line",
                     spec->disruptions[i].name);
            return NULL;
        }
        if (disruption_spec_check(&spec->disruptions[i], spec->n_suppliers,
                                  err, errlen))
            return NULL;
    }
    if (spec->n_disruptions > 0 && spec->timing == TIMING_BOARD_GAME) {
        snprintf(err, errlen, "timing: board_game has no disruptions; "
                              "expected none, or timing: events");
        return NULL;
    }
    if (spec->timing == TIMING_BOARD_GAME &&
        network_board_check(spec, err, errlen))
        return NULL;
    double echelon_levels[NETWORK_NODES_MAX];
    if (network__echelon_levels(spec, echelon_levels, err, errlen))
        return NULL;
    network *net = calloc(1, sizeof *net);
    if (!net) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    net->spec = spec;
    net->n = spec->n_nodes;
    net->board = spec->timing == TIMING_BOARD_GAME;
    net->nodes = calloc(net->n, sizeof *net->nodes);
    net->ranks = calloc(net->n, sizeof *net->ranks);
    net->in_delay = calloc(net->n, sizeof *net->in_delay);
    if (!net->nodes || !net->ranks || !net->in_delay ||
        list_below(net) != 0) {
        snprintf(err, errlen, "out of memory");
        free(net->nodes);
        net->nodes = NULL;
        network_destroy(net);
        return NULL;
    }
    for (size_t i = 0; i < net->n; i++) {
        net_node *node = &net->nodes[i];
        node->net = net;
        node->index = i;
        node->spec = &spec->nodes[i];
        net->ranks[i] = spec->nodes[i].rank;
        if (resolve_node(net, node, echelon_levels[i], 0.0, err, errlen)) {
            network_destroy(net);
            return NULL;
        }
    }
    /* Sharing information, a node orders on its echelon position: its
     * auto rules plan for the echelon's lead time (network_echelon.c). */
    for (size_t i = 0; spec->information == INFORMATION_SHARED && i < net->n;
         i++) {
        double extra = network__echelon_lead(net, i);
        if (extra > 0.0 && resolve_node(net, &net->nodes[i],
                                        echelon_levels[i], extra, err,
                                        errlen)) {
            network_destroy(net);
            return NULL;
        }
    }
    net->s = sim_create();
    net->external = calloc(spec->n_suppliers + 1, sizeof *net->external);
    net->disruptions =
        calloc(spec->n_disruptions + 1, sizeof *net->disruptions);
    order_pool_init(&net->orders);
    if (!net->s || !net->external || !net->disruptions) {
        snprintf(err, errlen, "out of memory");
        network_destroy(net);
        return NULL;
    }
    return net;
}

void network_destroy(network *net)
{
    if (!net)
        return;
    if (net->external)
        for (size_t i = 0; i < net->spec->n_suppliers; i++)
            supplier_fini(&net->external[i]);
    free(net->external);
    if (net->disruptions)
        for (size_t i = 0; i < net->spec->n_disruptions; i++)
            if (net->disruptions[i].rng)
                gsl_rng_free(net->disruptions[i].rng);
    free(net->disruptions);
    for (size_t i = 0; net->nodes && i < net->n; i++) {
        net_node *node = &net->nodes[i];
        if (node->demand_rng)
            gsl_rng_free(node->demand_rng);
        stockpt_fini(&node->sp);
        supplier_fini(&node->link);
        sim_lane_fini(&node->link_lane);
        sim_lane_fini(&node->order_lane);
        if (node->has_link_spec)
            supplier_spec_free(&node->link_spec);
        free(node->net_stock);
    }
    free(net->nodes);
    free(net->ranks);
    free(net->in_delay);
    free(net->below_pool);
    free(net->end_demand);
    order_pool_fini(&net->orders);
    if (net->s)
        sim_destroy(net->s);
    free(net);
}

size_t network_node_count(const network *net)
{
    return net->n;
}

const policy_params *network_effective_params(const network *net, size_t i)
{
    return &net->nodes[i].effective;
}

const stockpt *network_stockpt(const network *net, size_t i)
{
    return &net->nodes[i].sp;
}

void network_observe_levels(network *net, network_level_fn fn, void *ctx)
{
    net->level_fn = fn;
    net->level_ctx = ctx;
}

void network_trace(network *net, stockpt_trace_fn fn, void *ctx)
{
    net->trace = fn;
    net->trace_ctx = ctx;
}

const char *network_supplier_name(const network *net, size_t i,
                                  int source)
{
    if (i >= net->n)
        return "";
    const node_spec *n = net->nodes[i].spec;
    if (n->from >= 0)
        return net->spec->nodes[n->from].name;
    return source >= 0 && (size_t)source < net->spec->n_suppliers
               ? net->spec->suppliers[source].name
               : "";
}

/* A node's levels changed: the chain's totals, moved by this node's
 * change alone (O(1) whatever the chain's size), go to the observer. */
static void on_node_levels(void *ctx, double t, double on_hand,
                           double backorders, double on_order)
{
    net_node *node = ctx;
    network *net = node->net;
    double h = on_hand; /* on hand and the emergency stock locked */
    net->total_on_hand += h - node->last_on_hand;
    net->total_backorders += backorders - node->last_backorders;
    net->total_on_order += on_order - node->last_on_order;
    node->last_on_hand = h;
    node->last_backorders = backorders;
    node->last_on_order = on_order;
    net->level_fn(net->level_ctx, t, net->total_on_hand,
                  net->total_backorders, net->total_on_order);
}

uint64_t network_events(const network *net)
{
    return net->s ? sim_fired(net->s) : 0;
}

/* ---- events -------------------------------------------------------------- */

static size_t bucket_now(const network *net)
{
    return js_size_clamped((sim_now(net->s) - net->window_start) /
                               net->spec->bullwhip_period,
                           net->n_buckets - 1);
}

static void on_customer_order(sim *s, void *ctx, double quantity)
{
    net_node *node = ctx;
    network *net = node->net;
    if (net->observing)
        net->end_demand[bucket_now(net)] += quantity;
    stockpt_demand(s, &node->sp, quantity);
    /* Shared information: every node above hears of the sale now, the
     * nearest first. */
    if (net->spec->information == INFORMATION_SHARED)
        for (int up = node->spec->from; up >= 0;
             up = net->nodes[up].spec->from)
            stockpt_signal_demand(&net->nodes[up].sp, quantity);
}

/* What node j's echelon adds to its own position: every node below it,
 * their positions, less what they ordered that is still information
 * (counted in the orderer's on order, not yet in anyone's backorders). */
static double echelon_rest(const void *ctx)
{
    const net_node *node = ctx;
    const network *net = node->net;
    double rest = 0.0;
    for (size_t b = 0; b < node->n_below; b++) {
        size_t k = node->below[b];
        rest += stockpt_installation_position(&net->nodes[k].sp) -
                net->in_delay[k];
    }
    return rest;
}

static void on_arrival(sim *s, void *ctx, uint32_t index)
{
    network *net = ctx;
    net_node *node = &net->nodes[order_at(&net->orders, index)->node];
    stockpt_receive(s, &node->sp, index);
}

static void on_dispatch(sim *s, void *ctx, uint32_t index)
{
    network *net = ctx;
    net_node *node = &net->nodes[order_at(&net->orders, index)->node];
    stockpt_dispatched(s, &node->sp, index);
}

/* The order reaches the upstream node. */
static void on_order_upstream(sim *s, void *ctx, uint64_t index)
{
    (void)s;
    net_node *down = ctx;
    net_node *up = &down->net->nodes[down->spec->from];
    double quantity = order_at(&down->net->orders, (uint32_t)index)->quantity;
    down->net->in_delay[down->index] -= quantity;
    stockpt_demand_order(&up->sp, quantity, (uint32_t)index);
}

/* A node ordered from its upstream node: the order travels. */
static void on_link_order(sim *s, void *ctx, uint32_t index)
{
    net_node *down = ctx;
    down->net->in_delay[down->index] +=
        order_at(&down->net->orders, index)->quantity;
    sim_schedule_lane(s, &down->order_lane,
                      sim_now(s) + down->spec->order_delay, on_order_upstream,
                      down, index);
}

/* The upstream node took `units` for order `index`: ship them. */
static void ship_down(void *ctx, uint32_t index, double units)
{
    net_node *up = ctx;
    network *net = up->net;
    order *o = order_at(&net->orders, index);
    net_node *down = &net->nodes[o->node];
    if (units >= o->quantity) {
        supplier_fill(&down->link, index);
        return;
    }
    /* A part: an order of its own, shipped now; the rest still waits
     * upstream. The pool may move when it grows: copy first. */
    order part = *o;
    uint32_t j = order_pool_acquire(&net->orders);
    o = order_at(&net->orders, index);
    o->quantity -= units;
    part.quantity = units;
    part.next = ORDER_NONE;
    *order_at(&net->orders, j) = part;
    down->sp.loop_orders_open += 1.0; /* each part is received alone */
    supplier_fill(&down->link, j);
}

static void on_review_now(sim *s, void *ctx, uint64_t arg)
{
    (void)s;
    (void)arg;
    stockpt_review(&((net_node *)ctx)->sp);
}

/* A review; under timing: periodic it waits for the end of the events
 * already due at this instant (the period's customers, the receipts and
 * the orders arriving now), as an event at the same time scheduled now. */
static void on_review(sim *s, void *ctx, uint64_t arg)
{
    (void)arg;
    net_node *node = ctx;
    if (node->net->spec->timing == TIMING_PERIODIC)
        sim_schedule(s, sim_now(s), on_review_now, node, 0);
    else
        stockpt_review(&node->sp);
    sim_schedule(s, sim_now(s) + node->review_period, on_review, node, 0);
}

/* Net stock at the end of bucket k. */
static void on_sample(sim *s, void *ctx, uint64_t k)
{
    network *net = ctx;
    for (size_t i = 0; i < net->n; i++) {
        const stockpt *sp = &net->nodes[i].sp;
        net->nodes[i].net_stock[k] = sp->on_hand - sp->backorders;
    }
    net->sampled = k + 1;
    if (k + 1 < net->n_buckets)
        sim_schedule(s, net->window_start +
                            (double)(k + 2) * net->spec->bullwhip_period,
                     on_sample, net, k + 1);
}

/* ---- disruptions of the external suppliers (as world.c's) -------------- */

/* The nodes that buy outside hear of a disruption of supplier `source`
 * (each stock point reacts if it is its primary or backup). */
static void tell_nodes(network *net, int source, int begin,
                       double planned_end)
{
    for (size_t i = 0; i < net->n; i++) {
        net_node *node = &net->nodes[i];
        if (node->spec->from >= 0)
            continue;
        if (begin)
            stockpt_disruption_begin(&node->sp, source, planned_end);
        else
            stockpt_disruption_end(&node->sp, source);
    }
}

static void on_disruption_end(sim *s, void *ctx, uint64_t index);

static void on_disruption_begin(sim *s, void *ctx, uint64_t index)
{
    network *net = ctx;
    const disruption_spec *d = &net->spec->disruptions[index];
    disruption_run *run = &net->disruptions[index];
    run->began = sim_now(s);
    double planned_end = d->effect == EFFECT_LOSS ? NAN
                         : d->random ? sim_now(s) +
                                           dist_mean(&d->random_duration)
                                     : sim_now(s) + d->duration;
    supplier_disruption_begin(&net->external[d->supplier], d->effect,
                              d->factor, d->unloading_rate);
    tell_nodes(net, d->supplier, 1, planned_end);
    if (d->effect == EFFECT_LOSS)
        return;
    double duration = d->random ? dist_sample(&d->random_duration, run->rng)
                                : d->duration;
    sim_schedule(s, sim_now(s) + duration, on_disruption_end, net, index);
}

static void on_disruption_end(sim *s, void *ctx, uint64_t index)
{
    network *net = ctx;
    const disruption_spec *d = &net->spec->disruptions[index];
    disruption_run *run = &net->disruptions[index];
    supplier_disruption_end(&net->external[d->supplier], d->effect,
                            d->factor);
    tell_nodes(net, d->supplier, 0, NAN);
    double next;
    if (d->random)
        next = sim_now(s) + dist_sample(&d->time_between, run->rng);
    else if (d->every > 0.0)
        next = run->began + d->every;
    else
        return;
    sim_schedule(s, next, on_disruption_begin, net, index);
}

/* The same streams as the one-node world's: "disruption.NAME". */
static int start_disruptions(network *net, uint64_t seed,
                             uint64_t replication)
{
    const world_spec *spec = net->spec;
    for (size_t i = 0; i < spec->n_disruptions; i++) {
        const disruption_spec *d = &spec->disruptions[i];
        disruption_run *run = &net->disruptions[i];
        char source[DISRUPTION_NAME_MAX + 16];
        snprintf(source, sizeof source, "disruption.%s", d->name);
        if (!run->rng &&
            !(run->rng = stream_create(seed, replication, source)))
            return -1;
        stream_reseed(run->rng, seed, replication, source);
        double first = d->start;
        if (d->random)
            first += dist_sample(&d->time_between, run->rng);
        if (first < spec->horizon)
            sim_schedule(net->s, first, on_disruption_begin, net, i);
    }
    return 0;
}

static void begin_window(network *net)
{
    net->observing = 1;
    net->window_start = sim_now(net->s);
    net->sampled = 0;
    memset(net->end_demand, 0, net->n_buckets * sizeof *net->end_demand);
    for (size_t i = 0; i < net->n; i++)
        stockpt_begin_window(&net->nodes[i].sp);
    sim_schedule(net->s, net->window_start + net->spec->bullwhip_period,
                 on_sample, net, 0);
}

static void on_warmup_end(sim *s, void *ctx, uint64_t arg)
{
    (void)s;
    (void)arg;
    begin_window(ctx);
}

/* ---- a run --------------------------------------------------------------- */

static int allocate_buckets(network *net)
{
    const world_spec *spec = net->spec;
    size_t n = js_size_clamped(
        ceil((spec->horizon - spec->warmup) / spec->bullwhip_period),
        STOCKPT_BUCKETS_MAX);
    if (n < 1)
        n = 1;
    if (net->end_demand && net->n_buckets == n)
        return 0;
    free(net->end_demand);
    net->n_buckets = n;
    net->end_demand = calloc(n, sizeof *net->end_demand);
    if (!net->end_demand)
        return -1;
    for (size_t i = 0; i < net->n; i++) {
        free(net->nodes[i].net_stock);
        net->nodes[i].net_stock = calloc(n, sizeof(double));
        if (!net->nodes[i].net_stock)
            return -1;
    }
    return 0;
}

static int start_node(network *net, net_node *node, uint64_t seed,
                      uint64_t replication)
{
    const world_spec *spec = net->spec;
    const node_spec *n = node->spec;
    supplier *sups = net->external;
    size_t n_sups = spec->n_suppliers;
    if (n->from >= 0) {
        if (supplier_init(&node->link, &node->link_spec, net->s, &net->orders,
                          seed, replication, on_arrival, net) != 0)
            return -1;
        supplier_on_dispatch(&node->link, on_dispatch, net);
        supplier_on_order(&node->link, on_link_order, node);
        if (sim_lane_init(net->s, &node->link_lane) != 0 ||
            sim_lane_init(net->s, &node->order_lane) != 0)
            return -1;
        node->link.arrival_lane = &node->link_lane;
        sups = &node->link;
        n_sups = 1;
    }
    if (stockpt_init(&node->sp, net->s, &n->item, &node->policy,
                     &node->effective, sups, n_sups, &net->orders,
                     spec->time_units_per_year, spec->warmup, spec->horizon,
                     spec->bullwhip_period, seed, replication) != 0)
        return -1;
    node->sp.node_index = (uint32_t)node->index;
    node->sp.ship_fn = ship_down;
    node->sp.ship_ctx = node;
    node->sp.plan_rate = node->planning_rate;
    node->sp.rationing = (int)spec->rationing;
    net->in_delay[node->index] = 0.0;
    if (spec->information == INFORMATION_SHARED ||
        network__orders_on_echelon(n)) {
        node->sp.echelon = echelon_rest;
        node->sp.echelon_ctx = node;
    }
    if (net->level_fn) {
        node->sp.level_hook = on_node_levels;
        node->sp.level_ctx = node;
    }
    /* The chain's totals start from every node's initial levels. */
    node->last_on_hand = node->sp.on_hand + node->sp.reserve_locked;
    node->last_backorders = node->sp.backorders;
    node->last_on_order = node->sp.on_order;
    net->total_on_hand += node->last_on_hand;
    net->total_backorders += node->last_backorders;
    net->total_on_order += node->last_on_order;
    if (net->trace) {
        node->sp.trace = net->trace;
        node->sp.trace_ctx = net->trace_ctx;
    }
    node->sp.node_rank = net->ranks;
    if (n->customers) {
        char source[NODE_NAME_MAX + 16];
        snprintf(source, sizeof source, "demand.%s", n->name);
        if (!node->demand_rng &&
            !(node->demand_rng = stream_create(seed, replication, source)))
            return -1;
        stream_reseed(node->demand_rng, seed, replication, source);
    }
    return 0;
}

int network_run(network *net, uint64_t seed, uint64_t replication,
                double *out)
{
    const world_spec *spec = net->spec;
    if (net->board)
        return network_board_run(spec, seed, replication, out, NULL, 0,
                                 net->level_fn, net->level_ctx);
    sim_reset(net->s);
    order_pool_clear(&net->orders);
    net->observing = 0;
    net->total_on_hand = net->total_backorders = net->total_on_order = 0.0;
    net->window_start = spec->warmup;
    if (allocate_buckets(net) != 0)
        return -1;
    for (size_t i = 0; i < spec->n_suppliers; i++) {
        if (supplier_init(&net->external[i], &spec->suppliers[i], net->s,
                          &net->orders, seed, replication, on_arrival,
                          net) != 0)
            return -1;
        supplier_on_dispatch(&net->external[i], on_dispatch, net);
    }
    for (size_t i = 0; i < net->n; i++)
        if (start_node(net, &net->nodes[i], seed, replication) != 0)
            return -1;
    if (spec->warmup > 0.0)
        sim_schedule(net->s, spec->warmup, on_warmup_end, net, 0);
    else
        begin_window(net);
    for (size_t i = 0; i < net->n; i++)
        stockpt_start(&net->nodes[i].sp);
    if (start_disruptions(net, seed, replication) != 0)
        return -1;
    for (size_t i = 0; i < net->n; i++)
        if (net->nodes[i].review_period > 0.0)
            sim_schedule(net->s, 0.0, on_review, &net->nodes[i], 0);
    for (size_t i = 0; i < net->n; i++) {
        net_node *node = &net->nodes[i];
        if (node->spec->customers)
            demand_start(&node->demand, &node->spec->demand, net->s,
                         node->demand_rng, spec->horizon, on_customer_order,
                         node);
    }
    sim_run_until(net->s, spec->horizon);
    /* The bucket that ends at the horizon: its sample would fall at the
     * horizon, which the run does not reach (nothing at or after it
     * fires); the levels now are those at the horizon. */
    for (size_t k = net->sampled; net->observing && k < net->n_buckets; k++)
        for (size_t i = 0; i < net->n; i++) {
            const stockpt *sp = &net->nodes[i].sp;
            net->nodes[i].net_stock[k] = sp->on_hand - sp->backorders;
        }
    network__finish(net, out);
    for (size_t i = 0; i < net->n; i++)
        if (stockpt_failed(&net->nodes[i].sp))
            return -1;
    return sim_failed(net->s) ? -1 : 0;
}
