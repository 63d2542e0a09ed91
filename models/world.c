/*
 * world.c - wiring a replication together and running it.
 *
 * A world holds a list of nodes and the links that feed them. A node is a
 * place that holds stock under one policy: a stock point, or a production
 * line with its finished-goods stores. A link feeds a node: today from an
 * external supplier; the supply-chain issue adds links from one node to
 * another (an upstream node's shipments) and more nodes. A world_spec
 * without nodes of its own describes the one-node world: its item, demand
 * and policy are node 0's, and every supplier links to node 0. Events carry
 * the node they concern (customer orders and reviews as their context,
 * receipts through the order's `node`), so nothing here assumes one node.
 *
 * It is not the model of a node (models/stockpt.c, models/line.h) nor of a
 * supplier (models/supplier.c): it only creates them, wires their events
 * and runs the clock.
 *
 * Order of things at t = 0: the initial stock is put in place and the
 * policy starts; then disruptions starting at 0 take effect, then the first
 * review, then the first customer order. Events at equal times fire in the
 * order they were scheduled, so at any later instant a review comes before
 * the period's demand, and a receipt scheduled earlier comes before both.
 * The warm-up reset is scheduled first, so events at exactly the warm-up
 * time are inside the observed window.
 */
#include "world.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/calendar_plan.h"
#include "models/world_internal.h"
#include "sim/check.h"
#include "sim/stream.h"

typedef struct disruption_run {
    gsl_rng *rng;
    double began;
} disruption_run;

/* One node's run state: its model, its policy as resolved, and its own
 * customers. */
typedef struct world_node {
    world *w; /* the way back for the node's event handlers */
    world_node_kind kind;
    policy_params effective; /* the node's policy, auto values resolved */
    double review_period;    /* 0 for continuous review */
    char caution[POLICY_CAUTION_MAX]; /* policy_loop_caution's, or "" */
    stockpt sp;              /* WORLD_NODE_STOCK_POINT */
    prodline *line;          /* WORLD_NODE_LINE: the line, its stores */
    demand_process demand;   /* the node's customers */
    gsl_rng *demand_rng;
} world_node;

/* What feeds a node. */
typedef struct world_link {
    size_t to;    /* the node fed */
    int supplier; /* the external supplier shipping on this link */
} world_link;

struct world {
    const world_spec *spec;
    sim *s;
    order_pool orders;
    supplier *suppliers;
    disruption_run *disruptions;
    world_node *nodes;
    size_t n_nodes;
    world_link *links;
    size_t n_links;
    world_observer observer;
    void *observer_ctx;
    world_level_observer level_observer;
    void *level_ctx;
    stockpt_trace_fn trace;
    void *trace_ctx;
    prodline *line; /* when the spec has stages */
    line_stage_fn stage_observer;
    void *stage_ctx;
    line_trace_fn line_tracer;
    void *line_trace_ctx;
    double planning_rate; /* the demand rate the auto rules planned for */
    int demand_sized;     /* some auto or optimal rule used it */
    network *net;         /* a supply chain (spec->n_nodes > 0) runs here */
};

/* The node of the one-node world; the only one until the spec can list
 * more. */
static world_node *first_node(const world *w)
{
    return &w->nodes[0];
}

/* A world of the spec's one node, of this kind, with every supplier
 * linked to it; NULL when memory runs out. */
static world *world_new(const world_spec *spec, world_node_kind kind)
{
    world *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->spec = spec;
    w->n_nodes = 1;
    w->n_links = spec->n_suppliers;
    w->nodes = calloc(w->n_nodes, sizeof *w->nodes);
    w->links = calloc(w->n_links + 1, sizeof *w->links);
    if (!w->nodes || !w->links) {
        free(w->nodes);
        free(w->links);
        free(w);
        return NULL;
    }
    w->nodes[0].w = w;
    w->nodes[0].kind = kind;
    for (size_t i = 0; i < w->n_links; i++)
        w->links[i] = (world_link){.to = 0, .supplier = (int)i};
    return w;
}

/* The kernel, the suppliers' and disruptions' run state and the order
 * pool, once per world. w on success; NULL (w destroyed) otherwise. */
static world *allocate_run(world *w, char *err, size_t errlen)
{
    const world_spec *spec = w->spec;
    w->s = sim_create();
    w->suppliers = calloc(spec->n_suppliers + 1, sizeof *w->suppliers);
    w->disruptions = calloc(spec->n_disruptions + 1, sizeof *w->disruptions);
    order_pool_init(&w->orders);
    if (!w->s || !w->suppliers || !w->disruptions) {
        snprintf(err, errlen, "out of memory");
        world_destroy(w);
        return NULL;
    }
    return w;
}

static world *create_line_world(const world_spec *spec, char *err,
                                size_t errlen)
{
    /* Without products the line makes the world's item for its demand. */
    if (world__check_world(spec, spec->line.n_products == 0, 0, err, errlen))
        return NULL;
    for (size_t i = 0; i < spec->n_disruptions; i++)
        if ((size_t)spec->disruptions[i].stage >= spec->line.n_stages &&
            spec->disruptions[i].stage >= 0) {
            snprintf(err, errlen, "disruption %s: no such stage",
                     spec->disruptions[i].name);
            return NULL;
        }
    world *w = world_new(spec, WORLD_NODE_LINE);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    /* A line's controls have no cost model for `optimal` (models/line.c
     * sizes them). */
    if (world__check_optimal(&spec->policy, 0, err, errlen)) {
        world_destroy(w);
        return NULL;
    }
    world_node *node = first_node(w);
    line_env env = {
        .horizon = spec->horizon,
        .warmup = spec->warmup,
        .time_units_per_year = spec->time_units_per_year,
        .bullwhip_period = spec->bullwhip_period,
        .item = &spec->item,
        .demand = &spec->demand,
        .supplier_specs = spec->suppliers,
        .n_suppliers = spec->n_suppliers,
    };
    node->line = prodline_create(&spec->line, &spec->policy, &env,
                                 &node->effective, err, errlen);
    if (!node->line) {
        world_destroy(w);
        return NULL;
    }
    /* Every `auto` of a control plans from the products' demand. */
    w->planning_rate = prodline_planning_rate(node->line);
    for (int i = 0; i < PARAM_COUNT; i++)
        if ((spec->policy.type->line_accepted & (1u << i)) &&
            spec->policy.params.state[i] != PARAM_GIVEN)
            w->demand_sized = 1;
    return allocate_run(w, err, errlen);
}

/* A supply chain: the network runs it (models/network.c). */
static world *create_network_world(const world_spec *spec, char *err,
                                   size_t errlen)
{
    world *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    w->spec = spec;
    w->net = network_create(spec, err, errlen);
    if (!w->net) {
        free(w);
        return NULL;
    }
    w->planning_rate = NAN;
    return w;
}

world *world_create(const world_spec *spec, char *err, size_t errlen)
{
    if (spec->n_nodes > 0)
        return create_network_world(spec, err, errlen);
    if (spec->line.n_stages > 0)
        return create_line_world(spec, err, errlen);
    if (spec->policy.type && spec->policy.type->line_only) {
        snprintf(err, errlen, "policy %s: %s controls a production line; add "
                              "stages, or use a stock policy",
                 spec->policy.name, spec->policy.type->name);
        return NULL;
    }
    if (world__check_spec(spec, err, errlen))
        return NULL;
    world *w = world_new(spec, WORLD_NODE_STOCK_POINT);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    world_node *node = first_node(w);
    node->effective = spec->policy.params;
    policy_context ctx;
    world_policy_context(spec, &ctx);
    w->planning_rate = ctx.demand_rate;
    for (int i = 0; i < PARAM_COUNT; i++)
        if ((spec->policy.type->demand_sized & (1u << i)) &&
            spec->policy.params.state[i] != PARAM_GIVEN)
            w->demand_sized = 1;
    char why[300];
    if (spec->policy.type->resolve(&node->effective, &ctx, why, sizeof why)) {
        snprintf(err, errlen, "policy %s (%s): %s", spec->policy.name,
                 spec->policy.type->name, why);
        world_destroy(w);
        return NULL;
    }
    /* A loop sized with no margin: said by world_plan. */
    policy_loop_caution(spec->policy.type, &node->effective, &ctx,
                        node->caution, sizeof node->caution);
    /* Parameters as simulated are those in force: a service target or a
     * safety factor sizes nothing when the user gave what it would size. */
    unsigned sized = spec->policy.type->target_sizes;
    int all_given = sized != 0;
    for (int i = 0; i < PARAM_COUNT; i++)
        if ((sized & (1u << i)) && spec->policy.params.state[i] != PARAM_GIVEN)
            all_given = 0;
    if (all_given) {
        node->effective.state[PARAM_SERVICE_LEVEL] = PARAM_UNSET;
        node->effective.state[PARAM_FILL_RATE] = PARAM_UNSET;
        node->effective.state[PARAM_SAFETY] = PARAM_UNSET;
    }
    node->review_period =
        spec->policy.type->review_period
            ? spec->policy.type->review_period(&node->effective)
            : 0.0;
    return allocate_run(w, err, errlen);
}

void world_destroy(world *w)
{
    if (!w)
        return;
    network_destroy(w->net);
    if (w->suppliers)
        for (size_t i = 0; i < w->spec->n_suppliers; i++)
            supplier_fini(&w->suppliers[i]);
    free(w->suppliers);
    if (w->disruptions)
        for (size_t i = 0; i < w->spec->n_disruptions; i++)
            if (w->disruptions[i].rng)
                gsl_rng_free(w->disruptions[i].rng);
    free(w->disruptions);
    for (size_t i = 0; i < w->n_nodes; i++) {
        world_node *node = &w->nodes[i];
        if (node->demand_rng)
            gsl_rng_free(node->demand_rng);
        if (node->kind == WORLD_NODE_LINE)
            prodline_destroy(node->line);
        else
            stockpt_fini(&node->sp);
    }
    free(w->nodes);
    free(w->links);
    order_pool_fini(&w->orders);
    sim_destroy(w->s);
    free(w);
}

size_t world_node_count(const world *w)
{
    if (w->net)
        return network_node_count(w->net);
    return w->n_nodes;
}

world_node_kind world_node_kind_of(const world *w, size_t node)
{
    if (w->net)
        return WORLD_NODE_STOCK_POINT;
    return w->nodes[node].kind;
}

size_t world_link_count(const world *w)
{
    return w->n_links;
}

const policy_params *world_effective_params(const world *w)
{
    /* A chain's nodes each resolve their own (network_effective_params);
     * the alternative is described by what it gives. */
    if (w->net)
        return &w->spec->policy.params;
    return &first_node(w)->effective;
}

double world_planning_rate(const world *w)
{
    return w->planning_rate;
}

int world_demand_sized(const world *w)
{
    return w->demand_sized;
}

void world_plan(const world *w, char *buf, size_t len)
{
    if (w->net) {
        network_plan(w->net, buf, len);
        return;
    }
    const world_node *node = first_node(w);
    if (node->kind == WORLD_NODE_LINE) {
        prodline_plan(node->line, buf, len);
        return;
    }
    /* A stock point: what its auto rules planned is among its parameters;
     * only a loop sized with no margin has something to add. */
    if (len)
        snprintf(buf, len, "%s", node->caution);
}

const char *world_plan_caution(const char *plan)
{
    static const char single[] = "caution: ", chain[] = "; caution at ";
    if (strncmp(plan, single, sizeof single - 1) == 0)
        return plan + sizeof single - 1;
    const char *at = strstr(plan, chain);
    return at ? at + 2 : NULL;
}

uint64_t world_events(const world *w)
{
    if (w->net)
        return network_events(w->net);
    return sim_fired(w->s);
}

const stockpt *world_stockpt(const world *w)
{
    if (w->net)
        return network_stockpt(w->net, 0);
    return &first_node(w)->sp;
}

const stockpt *world_node_stockpt(const world *w, size_t node)
{
    if (w->net)
        return network_stockpt(w->net, node);
    return &first_node(w)->sp;
}

size_t world_node_buckets(const world *w, size_t node, const double **orders,
                          const double **net_stock, double *start,
                          double *width)
{
    return w->net ? network_node_buckets(w->net, node, orders, net_stock,
                                         start, width)
                  : 0;
}

void world_observe_levels(world *w, world_level_observer fn, void *ctx)
{
    w->level_observer = fn;
    w->level_ctx = ctx;
}

void world_trace_line(world *w, line_trace_fn fn, void *ctx)
{
    w->line_tracer = fn;
    w->line_trace_ctx = ctx;
}

void world_observe_stages(world *w, line_stage_fn fn, void *ctx)
{
    w->stage_observer = fn;
    w->stage_ctx = ctx;
}

/* The world's level observer has no WIP argument: lines report through
 * this adapter. */
static void line_levels(void *ctx, double t, double on_hand,
                        double backorders, double on_order, double wip)
{
    (void)wip;
    world *w = ctx;
    w->level_observer(w->level_ctx, t, on_hand, backorders, on_order);
}

void world_trace(world *w, stockpt_trace_fn fn, void *ctx)
{
    w->trace = fn;
    w->trace_ctx = ctx;
}

const char *world_supplier_name(const world *w, int i)
{
    return i >= 0 && (size_t)i < w->spec->n_suppliers
               ? w->spec->suppliers[i].name
               : "";
}

void world_observe(world *w, world_observer fn, void *ctx)
{
    w->observer = fn;
    w->observer_ctx = ctx;
}

/* ---- events -------------------------------------------------------------- */

/* A customer order at a stock-point node (lines take their customers
 * themselves). */
static void on_customer_order(sim *s, void *ctx, double quantity)
{
    world_node *node = ctx;
    stockpt_demand(s, &node->sp, quantity);
    world *w = node->w;
    if (w->observer)
        w->observer(w->observer_ctx, WORLD_DEMAND, sim_now(s), quantity);
}

/* A shipment reached the node that placed the order. */
static void on_order_arrival(sim *s, void *ctx, uint32_t order_index)
{
    world *w = ctx;
    const order *o = order_at(&w->orders, order_index);
    world_node *node = &w->nodes[o->node];
    if (node->kind == WORLD_NODE_LINE) {
        prodline_receive(s, node->line, order_index);
        return;
    }
    double quantity = o->quantity;
    stockpt_receive(s, &node->sp, order_index);
    if (w->observer)
        w->observer(w->observer_ctx, WORLD_RECEIPT, sim_now(s), quantity);
}

/* A shipment left its supplier for the node that ordered it: goods in
 * transit that the node may own (a stock point's stock, a line's raw
 * material). */
static void on_order_dispatched(sim *s, void *ctx, uint32_t order_index)
{
    world *w = ctx;
    world_node *node = &w->nodes[order_at(&w->orders, order_index)->node];
    if (node->kind == WORLD_NODE_LINE)
        prodline_dispatched(s, node->line, order_index);
    else
        stockpt_dispatched(s, &node->sp, order_index);
}

static void on_review(sim *s, void *ctx, uint64_t arg)
{
    (void)arg;
    world_node *node = ctx;
    stockpt_review(&node->sp);
    sim_schedule(s, sim_now(s) + node->review_period, on_review, node, 0);
}

static void on_warmup_end(sim *s, void *ctx, uint64_t arg)
{
    (void)s;
    (void)arg;
    world *w = ctx;
    for (size_t i = 0; i < w->n_nodes; i++) {
        world_node *node = &w->nodes[i];
        if (node->kind == WORLD_NODE_LINE)
            prodline_begin_window(node->line);
        else
            stockpt_begin_window(&node->sp);
    }
}

/* The stock-point nodes that buy from supplier i hear of its disruptions
 * (lines follow their supplier's state themselves), and of when one that
 * begins is planned to end (NaN: no end planned). */
static void tell_nodes_of_disruption(world *w, int source, int begin,
                                     double planned_end)
{
    for (size_t i = 0; i < w->n_links; i++) {
        world_node *node = &w->nodes[w->links[i].to];
        if (w->links[i].supplier != source ||
            node->kind != WORLD_NODE_STOCK_POINT)
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
    world *w = ctx;
    const disruption_spec *d = &w->spec->disruptions[index];
    disruption_run *run = &w->disruptions[index];
    run->began = sim_now(s);
    /* What a planner knows of its end: a scheduled one's, a random one's
     * mean (not the duration about to be drawn); a loss has none. */
    double planned_end = d->effect == EFFECT_LOSS ? NAN
                         : d->random ? sim_now(s) +
                                           dist_mean(&d->random_duration)
                                     : sim_now(s) + d->duration;
    if (d->stage >= 0) {
        prodline_stage_stop(first_node(w)->line, (size_t)d->stage, 1);
    } else {
        supplier_disruption_begin(&w->suppliers[d->supplier], d->effect,
                                  d->factor, d->unloading_rate);
        tell_nodes_of_disruption(w, d->supplier, 1, planned_end);
    }
    if (d->effect == EFFECT_LOSS)
        return;
    double duration = d->random ? dist_sample(&d->random_duration, run->rng)
                                : d->duration;
    sim_schedule(s, sim_now(s) + duration, on_disruption_end, w, index);
}

static void on_disruption_end(sim *s, void *ctx, uint64_t index)
{
    world *w = ctx;
    const disruption_spec *d = &w->spec->disruptions[index];
    disruption_run *run = &w->disruptions[index];
    if (d->stage >= 0) {
        prodline_stage_stop(first_node(w)->line, (size_t)d->stage, 0);
    } else {
        supplier_disruption_end(&w->suppliers[d->supplier], d->effect,
                                d->factor);
        tell_nodes_of_disruption(w, d->supplier, 0, NAN);
    }
    double next;
    if (d->random)
        next = sim_now(s) + dist_sample(&d->time_between, run->rng);
    else if (d->every > 0.0)
        next = run->began + d->every;
    else
        return;
    sim_schedule(s, next, on_disruption_begin, w, index);
}

static int start_disruptions(world *w, uint64_t seed, uint64_t replication);

static int run_line(world *w, world_node *node, uint64_t seed,
                    uint64_t replication, double *out)
{
    const world_spec *spec = w->spec;
    prodline *line = node->line;
    prodline_observe_levels(line, w->level_observer ? line_levels : NULL, w);
    prodline_observe_stages(line, w->stage_observer, w->stage_ctx);
    prodline_trace(line, w->line_tracer, w->line_trace_ctx);
    if (spec->warmup > 0.0)
        sim_schedule(w->s, spec->warmup, on_warmup_end, w, 0);
    if (prodline_start(line, w->s, w->suppliers, &w->orders, seed,
                       replication) != 0 ||
        start_disruptions(w, seed, replication) != 0)
        return -1;
    sim_run_until(w->s, spec->horizon);
    prodline_finish(line, out);
    return prodline_failed(line) || sim_failed(w->s) ? -1 : 0;
}

int world_run(world *w, uint64_t seed, uint64_t replication, double *out)
{
    const world_spec *spec = w->spec;
    if (w->net) {
        network_observe_levels(w->net, w->level_observer, w->level_ctx);
        network_trace(w->net, w->trace, w->trace_ctx);
        return network_run(w->net, seed, replication, out);
    }
    sim_reset(w->s);
    order_pool_clear(&w->orders);
    world_node *node = first_node(w);
    /* One stock point and no observer: its suppliers and its demand call
     * it directly (what on_order_arrival, on_order_dispatched and
     * on_customer_order would do then, without their tests: a
     * make-to-order world goes through each once per customer). */
    int direct = node->kind != WORLD_NODE_LINE && !w->observer;
    for (size_t i = 0; i < spec->n_suppliers; i++) {
        if (supplier_init(&w->suppliers[i], &spec->suppliers[i], w->s,
                          &w->orders, seed, replication,
                          direct ? stockpt_receive : on_order_arrival,
                          direct ? (void *)&node->sp : (void *)w) != 0)
            return -1;
        supplier_on_dispatch(&w->suppliers[i],
                             direct ? stockpt_dispatched : on_order_dispatched,
                             direct ? (void *)&node->sp : (void *)w);
    }
    if (node->kind == WORLD_NODE_LINE)
        return run_line(w, node, seed, replication, out);
    stockpt *sp = &node->sp;
    if (stockpt_init(sp, w->s, &spec->item, &spec->policy, &node->effective,
                     w->suppliers, spec->n_suppliers, &w->orders,
                     spec->time_units_per_year, spec->warmup, spec->horizon,
                     spec->bullwhip_period, seed, replication) != 0)
        return -1;
    sp->plan_rate = w->planning_rate;
    sp->level_hook = w->level_observer;
    sp->level_ctx = w->level_ctx;
    sp->trace = w->trace;
    sp->trace_ctx = w->trace_ctx;
    if (!node->demand_rng &&
        !(node->demand_rng = stream_create(seed, replication, "demand")))
        return -1;
    stream_reseed(node->demand_rng, seed, replication, "demand");

    if (spec->warmup > 0.0)
        sim_schedule(w->s, spec->warmup, on_warmup_end, w, 0);
    else
        stockpt_begin_window(sp);
    stockpt_start(sp);
    if (start_disruptions(w, seed, replication) != 0)
        return -1;
    if (node->review_period > 0.0)
        sim_schedule(w->s, 0.0, on_review, node, 0);
    demand_start(&node->demand, &spec->demand, w->s, node->demand_rng,
                 spec->horizon, direct ? stockpt_demand : on_customer_order,
                 direct ? (void *)sp : (void *)node);
    sim_run_until(w->s, spec->horizon);
    stockpt_finish(sp, spec->horizon, out);
    return stockpt_failed(sp) || sim_failed(w->s) ? -1 : 0;
}

static int start_disruptions(world *w, uint64_t seed, uint64_t replication)
{
    const world_spec *spec = w->spec;
    for (size_t i = 0; i < spec->n_disruptions; i++) {
        const disruption_spec *d = &spec->disruptions[i];
        disruption_run *run = &w->disruptions[i];
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
            sim_schedule(w->s, first, on_disruption_begin, w, i);
    }
    return 0;
}
