/*
 * network_board.c - timing: board_game: a serial chain stepped week by
 * week in the beer game's exact order (Sterman 1989; the replica of Edali
 * & Yasarcan 2014, JASSS 17(4) 2), every node under the sterman rule.
 *
 * Week t (1-based; it spans the time units [t - 1, t)), every node doing
 * each step before any node does the next:
 *   1. Receive: the last shipping box arrives on hand; the boxes move one
 *      place on (the top node's production boxes likewise).
 *   2. Ship: min(on hand, backlog + incoming order) into the downstream
 *      node's first box (the customer-facing node's leave the chain); the
 *      top node's oldest production decision enters its first box.
 *   3. Backlog and on hand are updated.
 *   4. The expectation: L^ = theta incoming + (1 - theta) L^.
 *   5. The orders move one slot upstream.
 *   6. S = on hand - backlog; SL = the order slots not yet read by the
 *      supplier + what the supplier owes + the shipping (production) boxes.
 *   7. The order: the pipeline's flow in weeks 1..fixed_weeks, else the
 *      sterman rule (models/policies/sterman.h), or for kanban what brings
 *      on hand + SL + the order back to cards x container, in whole
 *      containers (a backlog sends no card: customers not served have
 *      emptied no container).
 *   8. Costs: holding cost x on hand + backorder cost x backlog.
 * network_board_run_hooked (network_board.h) lets someone outside the
 * rule decide a node's order at step 7 (a person playing: beer_game.c).
 * A link's order_delay d (whole weeks >= 1) is the number of order slots:
 * an order decided in week t is read by the supplier in week t + d (the
 * beer game's order box and incoming slot: d = 2; the factory's production
 * decision enters production the next week: d = 1). A shipping (or
 * production) lead time L (constant, whole weeks >= 1) is the number of
 * boxes: shipped in week t, received in week t + L. At the start every
 * slot and box holds the node's `pipeline` units, the backlog is 0 and the
 * expectation is `pipeline`.
 *
 * Customers: the customer-facing node's demand process (stream
 * "demand.NODE", as in continuous time) summed over each week. Noise:
 * stream "board.noise.NODE", drawn only when noise > 0. Nothing here is
 * allocated per week; a run allocates its scratch once.
 *
 * Not here: continuous-time chains (network.c), the rule's text
 * (sterman.c).
 */
#include "models/network.h"
#include "models/network_board.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "models/policies/sterman.h"
#include "models/world.h"
#include "sim/stream.h"

#define BOARD_SLOTS_MAX 16
#define BOARD_WEEKS_MAX 100000

static int whole_in(double x, double lo, double hi)
{
    return x >= lo && x <= hi && x == floor(x);
}

/* The chain from the customer-facing node up: chain[0] faces customers,
 * chain[n - 1] buys outside. -1 when the nodes are not one serial chain. */
static int chain_order(const world_spec *spec, size_t *chain)
{
    int at = -1;
    for (size_t i = 0; i < spec->n_nodes; i++)
        if (spec->nodes[i].customers) {
            if (at >= 0)
                return -1;
            at = (int)i;
        }
    size_t n = 0;
    while (at >= 0 && n < spec->n_nodes) {
        chain[n++] = (size_t)at;
        at = spec->nodes[at].from;
    }
    return n == spec->n_nodes && at < 0 ? 0 : -1;
}

/* The lead time of node k's inbound boxes: its link's, or the top node's
 * external supplier's. */
static const dist *inbound(const world_spec *spec, const node_spec *n)
{
    return n->from >= 0 ? &n->link.lead_time
                        : &spec->suppliers[n->policy.supplier].lead_time;
}

int network_board_check(const world_spec *spec, char *err, size_t errlen)
{
    size_t chain[NETWORK_NODES_MAX];
    if (spec->n_nodes > NETWORK_NODES_MAX || chain_order(spec, chain)) {
        snprintf(err, errlen, "timing: board_game needs a serial chain: one "
                              "node facing customers, each node supplied by "
                              "the next, the last by an external supplier");
        return -1;
    }
    if (!whole_in(spec->horizon, 1.0, BOARD_WEEKS_MAX) ||
        !whole_in(spec->warmup, 0.0, spec->horizon - 1.0)) {
        snprintf(err, errlen, "timing: board_game counts whole weeks; "
                              "expected a whole horizon in [1, %d] and a "
                              "whole warmup below it",
                 BOARD_WEEKS_MAX);
        return -1;
    }
    if (spec->fixed_weeks < 0) {
        snprintf(err, errlen, "fixed_weeks must be >= 0");
        return -1;
    }
    for (size_t i = 0; i < spec->n_nodes; i++) {
        const node_spec *n = &spec->nodes[i];
        const dist *lead = inbound(spec, n);
        int kanban = n->policy.type &&
                     strcmp(n->policy.type->name, "kanban") == 0;
        if (!n->policy.type ||
            (strcmp(n->policy.type->name, "sterman") != 0 && !kanban)) {
            snprintf(err, errlen, "node %s: timing: board_game steps the "
                                  "sterman rule or kanban cards; expected "
                                  "type: sterman or kanban at every node",
                     n->name);
            return -1;
        }
        if (kanban && !policy_param_given(&n->policy.params, PARAM_CARDS)) {
            snprintf(err, errlen, "node %s: timing: board_game needs kanban's "
                                  "cards given; expected cards: the units "
                                  "the loop holds (on hand + supply line + "
                                  "this week's order: 28 in the beer game)",
                     n->name);
            return -1;
        }
        if (lead->kind != DIST_CONSTANT ||
            !whole_in(lead->a, 1.0, BOARD_SLOTS_MAX) ||
            !whole_in(n->order_delay, 1.0, BOARD_SLOTS_MAX)) {
            snprintf(err, errlen, "node %s: timing: board_game moves boxes "
                                  "week by week; expected a constant lead "
                                  "time and an order_delay, each a whole "
                                  "number of weeks in [1, %d]",
                     n->name, BOARD_SLOTS_MAX);
            return -1;
        }
        if (!(n->pipeline >= 0.0 && isfinite(n->pipeline))) {
            snprintf(err, errlen, "node %s: pipeline must be >= 0", n->name);
            return -1;
        }
        if (n->from >= 0 && n->capacity > 0.0) {
            snprintf(err, errlen, "node %s: timing: board_game has no "
                                  "capacity; expected none",
                     n->name);
            return -1;
        }
    }
    return 0;
}

typedef struct board_node {
    const node_spec *spec;
    policy_params params;
    int kanban; /* else sterman */
    int d, L;
    double on_hand, backlog, expected;
    double ord[BOARD_SLOTS_MAX];  /* ord[0] the newest order */
    double ship[BOARD_SLOTS_MAX]; /* ship[L - 1] arrives next */
    double h, b;
    gsl_rng *noise;
    /* Sums over the observed weeks. */
    double cost_h, cost_b, sum_on_hand, sum_backlog, sum_line, incoming;
    double filled, orders_placed, units_ordered, units_shipped;
} board_node;

typedef struct sum_var {
    double n, mean, m2;
} sum_var;

static void sv_add(sum_var *s, double x)
{
    s->n += 1.0;
    double d = x - s->mean;
    s->mean += d / s->n;
    s->m2 += d * (x - s->mean);
}

static double sv_var(const sum_var *s)
{
    return s->n >= 2.0 ? s->m2 / (s->n - 1.0) : NAN;
}

static double ratio(double a, double b)
{
    return b > 0.0 ? a / b : NAN;
}

typedef struct week_sink {
    double *weeks;
    size_t n;
} week_sink;

/* A customer order in [t - 1, t) is week t's. */
static void on_customer(sim *s, void *ctx, double quantity)
{
    week_sink *w = ctx;
    size_t k = (size_t)floor(sim_now(s));
    if (k < w->n)
        w->weeks[k] += quantity;
}

/* The customers' units of each week, from the customer-facing node's
 * demand process. */
static int weekly_demand(const node_spec *n, double horizon, uint64_t seed,
                         uint64_t replication, double *weeks, size_t n_weeks)
{
    char source[NODE_NAME_MAX + 16];
    snprintf(source, sizeof source, "demand.%s", n->name);
    gsl_rng *rng = stream_create(seed, replication, source);
    sim *s = sim_create();
    if (!rng || !s) {
        if (rng)
            gsl_rng_free(rng);
        if (s)
            sim_destroy(s);
        return -1;
    }
    week_sink sink = {weeks, n_weeks};
    memset(weeks, 0, n_weeks * sizeof *weeks);
    demand_process p;
    demand_start(&p, &n->demand, s, rng, horizon, on_customer, &sink);
    sim_run_until(s, horizon);
    int failed = sim_failed(s);
    sim_destroy(s);
    gsl_rng_free(rng);
    return failed ? -1 : 0;
}

static int set_up(const world_spec *spec, const size_t *chain,
                  board_node *nodes, uint64_t seed, uint64_t replication)
{
    size_t n = spec->n_nodes;
    for (size_t k = 0; k < n; k++) {
        board_node *bn = &nodes[k];
        const node_spec *ns = &spec->nodes[chain[k]];
        memset(bn, 0, sizeof *bn);
        bn->spec = ns;
        bn->params = ns->policy.params;
        bn->kanban = strcmp(ns->policy.type->name, "kanban") == 0;
        policy_context ctx;
        memset(&ctx, 0, sizeof ctx);
        ctx.demand_rate = ns->pipeline;
        char why[300];
        if (ns->policy.type->resolve(&bn->params, &ctx, why, sizeof why))
            return -1; /* network_create resolved it already */
        bn->d = (int)ns->order_delay;
        bn->L = (int)inbound(spec, ns)->a;
        for (int j = 0; j < bn->d; j++)
            bn->ord[j] = ns->pipeline;
        for (int j = 0; j < bn->L; j++)
            bn->ship[j] = ns->pipeline;
        double initial = ns->policy.initial_inventory;
        bn->on_hand = !isnan(initial) ? initial
                      : ns->policy.type->initial_inventory
                          ? ns->policy.type->initial_inventory(&bn->params)
                          : 0.0;
        bn->expected = ns->pipeline;
        bn->h = item_holding_cost(&ns->item, spec->time_units_per_year);
        bn->b = ns->item.backorder_cost;
        if (bn->params.value[PARAM_NOISE] > 0.0) {
            char source[NODE_NAME_MAX + 16];
            snprintf(source, sizeof source, "board.noise.%s", ns->name);
            bn->noise = stream_create(seed, replication, source);
            if (!bn->noise)
                return -1;
        }
    }
    return 0;
}

int network_board_run(const world_spec *spec, uint64_t seed,
                      uint64_t replication, double *out, board_week *weekly,
                      size_t max_weeks, network_level_fn levels,
                      void *levels_ctx)
{
    return network_board_run_hooked(spec, seed, replication, out, weekly,
                                    max_weeks, levels, levels_ctx, NULL,
                                    NULL);
}

int network_board_run_hooked(const world_spec *spec, uint64_t seed,
                             uint64_t replication, double *out,
                             board_week *weekly, size_t max_weeks,
                             network_level_fn levels, void *levels_ctx,
                             board_order_fn decide, void *decide_ctx)
{
    size_t chain[NETWORK_NODES_MAX];
    if (chain_order(spec, chain))
        return -1;
    size_t n = spec->n_nodes, weeks = (size_t)spec->horizon;
    size_t first = (size_t)spec->warmup; /* weeks before it: warm-up */
    double *demand = malloc(weeks * sizeof *demand);
    board_node *nodes = calloc(n, sizeof *nodes);
    sum_var *var_orders = calloc(n, sizeof *var_orders);
    sum_var *var_in = calloc(n, sizeof *var_in);
    sum_var *var_net = calloc(n, sizeof *var_net);
    sum_var var_end = {0};
    int rc = -1;
    if (!demand || !nodes || !var_orders || !var_in || !var_net)
        goto done;
    if (weekly_demand(&spec->nodes[chain[0]], spec->horizon, seed,
                      replication, demand, weeks) ||
        set_up(spec, chain, nodes, seed, replication))
        goto done;
    double incoming[NETWORK_NODES_MAX], shipped[NETWORK_NODES_MAX];
    double received[NETWORK_NODES_MAX];
    for (size_t t = 1; t <= weeks; t++) {
        int observed = t > first;
        /* 1. Receive. */
        for (size_t k = 0; k < n; k++) {
            board_node *bn = &nodes[k];
            received[k] = bn->ship[bn->L - 1];
            bn->on_hand += bn->ship[bn->L - 1];
            for (int j = bn->L - 1; j > 0; j--)
                bn->ship[j] = bn->ship[j - 1];
            bn->ship[0] = 0.0;
        }
        /* 2. Ship (the incoming orders are read before anyone ships). */
        for (size_t k = 0; k < n; k++)
            incoming[k] = k == 0 ? demand[t - 1]
                                 : nodes[k - 1].ord[nodes[k - 1].d - 1];
        for (size_t k = 0; k < n; k++) {
            board_node *bn = &nodes[k];
            double want = bn->backlog + incoming[k];
            shipped[k] = bn->on_hand < want ? bn->on_hand : want;
            if (observed) {
                double free_units = bn->on_hand - bn->backlog;
                bn->filled += free_units <= 0.0      ? 0.0
                              : free_units < incoming[k] ? free_units
                                                         : incoming[k];
            }
            if (k > 0)
                nodes[k - 1].ship[0] = shipped[k];
        }
        nodes[n - 1].ship[0] = nodes[n - 1].ord[nodes[n - 1].d - 1];
        for (size_t k = 0; k < n; k++) {
            board_node *bn = &nodes[k];
            double theta = bn->params.value[PARAM_THETA];
            /* 3. Backlog and on hand; 4. the expectation. */
            bn->backlog += incoming[k] - shipped[k];
            bn->on_hand -= shipped[k];
            bn->expected =
                theta * incoming[k] + (1.0 - theta) * bn->expected;
            /* 5. The orders move one slot upstream. */
            for (int j = bn->d - 1; j > 0; j--)
                bn->ord[j] = bn->ord[j - 1];
            bn->ord[0] = 0.0;
        }
        for (size_t k = 0; k < n; k++) {
            board_node *bn = &nodes[k];
            /* 6. Stock and supply line; 7. the order. */
            double line = k + 1 < n ? nodes[k + 1].backlog : 0.0;
            for (int j = 1; j < bn->d; j++)
                line += bn->ord[j];
            for (int j = 0; j < bn->L; j++)
                line += bn->ship[j];
            double stock = bn->on_hand - bn->backlog, o;
            if (t <= (size_t)spec->fixed_weeks) {
                o = bn->spec->pipeline;
            } else if (bn->kanban) {
                /* A card per container emptied: the loop (on hand, supply
                 * line, this order) back to N C; a backlog sends none. */
                double c = bn->params.value[PARAM_CONTAINER];
                double gap = bn->params.value[PARAM_CARDS] * c -
                             bn->on_hand - line;
                o = gap > 0.0 ? c * floor(gap / c + 1e-9) : 0.0;
            } else {
                double sd = bn->params.value[PARAM_NOISE];
                double noise =
                    sd > 0.0 ? gsl_ran_gaussian(bn->noise, sd) : 0.0;
                o = sterman_order(&bn->params, bn->expected, stock, line,
                                  noise);
            }
            if (decide) {
                /* Someone else decides (a person playing this role). */
                board_decision seen = {
                    .week = t, .node = k, .on_hand = bn->on_hand,
                    .backlog = bn->backlog, .incoming = incoming[k],
                    .received = received[k], .supply_line = line,
                    .expected = bn->expected,
                    .cost = bn->h * bn->on_hand + bn->b * bn->backlog,
                };
                o = decide(decide_ctx, &seen, o);
            }
            bn->ord[0] = o;
            /* 8. Costs at the end of the week. */
            double cost = bn->h * bn->on_hand + bn->b * bn->backlog;
            if (weekly && t <= max_weeks)
                weekly[k * max_weeks + (t - 1)] = (board_week){
                    .order = o,
                    .shipped = shipped[k],
                    .on_hand = bn->on_hand,
                    .backlog = bn->backlog,
                    .cost = cost,
                    .incoming = incoming[k],
                };
            if (!observed)
                continue;
            bn->cost_h += bn->h * bn->on_hand;
            bn->cost_b += bn->b * bn->backlog;
            bn->sum_on_hand += bn->on_hand;
            bn->sum_backlog += bn->backlog;
            bn->sum_line += line;
            bn->incoming += incoming[k];
            bn->units_shipped += shipped[k];
            bn->orders_placed += o > 0.0;
            bn->units_ordered += o;
            sv_add(&var_orders[k], o);
            sv_add(&var_in[k], incoming[k]);
            sv_add(&var_net[k], stock);
        }
        if (observed)
            sv_add(&var_end, demand[t - 1]);
        if (levels) {
            double h = 0.0, b = 0.0, line = 0.0;
            for (size_t k = 0; k < n; k++) {
                h += nodes[k].on_hand;
                b += nodes[k].backlog;
                for (int j = 0; j < nodes[k].L; j++)
                    line += nodes[k].ship[j];
                for (int j = 0; j < nodes[k].d; j++)
                    line += nodes[k].ord[j];
            }
            levels(levels_ctx, (double)(t - 1), h, b, line);
        }
    }
    /* The row: the chain's columns, then each node's in spec order. */
    double T = (double)(weeks - first), *v = out;
    size_t per = METRIC_COUNT + 2;
    for (int m = 0; m < METRIC_COUNT; m++)
        v[m] = 0.0;
    for (size_t k = 0; k < n; k++) {
        board_node *bn = &nodes[k];
        double *nv = v + METRIC_COUNT + chain[k] * per;
        for (size_t m = 0; m < per; m++)
            nv[m] = NAN;
        nv[METRIC_HOLDING_COST] = bn->cost_h / T;
        nv[METRIC_SHORTAGE_COST] = bn->cost_b / T;
        nv[METRIC_TOTAL_COST] = (bn->cost_h + bn->cost_b) / T;
        nv[METRIC_OPERATING_COST] = nv[METRIC_TOTAL_COST];
        nv[METRIC_PIPELINE_HOLDING_COST] = nv[METRIC_ORDERING_COST] = 0.0;
        nv[METRIC_TRANSPORT_COST] = nv[METRIC_PURCHASE_COST] = 0.0;
        nv[METRIC_SCRAP_COST] = 0.0;
        nv[METRIC_AVG_ON_HAND] = bn->sum_on_hand / T;
        nv[METRIC_AVG_BACKORDERS] = bn->sum_backlog / T;
        nv[METRIC_AVG_ON_ORDER] = bn->sum_line / T;
        nv[METRIC_AVG_WIP] = 0.0;
        nv[METRIC_FILL_RATE] = ratio(bn->filled, bn->incoming);
        nv[METRIC_UNITS_DEMANDED] = bn->incoming;
        nv[METRIC_ORDERS_PLACED] = bn->orders_placed;
        nv[METRIC_AVG_ORDER_SIZE] = ratio(bn->units_ordered,
                                          bn->orders_placed);
        nv[METRIC_COST_PER_UNIT] = ratio(bn->cost_h + bn->cost_b,
                                         bn->incoming);
        nv[METRIC_BULLWHIP] = ratio(sv_var(&var_orders[k]), sv_var(&var_end));
        nv[METRIC_COUNT] = ratio(sv_var(&var_orders[k]), sv_var(&var_in[k]));
        nv[METRIC_COUNT + 1] = ratio(sv_var(&var_net[k]), sv_var(&var_end));
        static const metric summed[] = {
            METRIC_HOLDING_COST, METRIC_SHORTAGE_COST, METRIC_TOTAL_COST,
            METRIC_OPERATING_COST, METRIC_AVG_ON_HAND, METRIC_AVG_BACKORDERS,
            METRIC_AVG_ON_ORDER, METRIC_ORDERS_PLACED,
        };
        for (size_t m = 0; m < sizeof summed / sizeof summed[0]; m++)
            v[summed[m]] += nv[summed[m]];
    }
    for (int m = 0; m < METRIC_COUNT; m++)
        if (v[m] == 0.0 && m != METRIC_HOLDING_COST &&
            m != METRIC_SHORTAGE_COST && m != METRIC_TOTAL_COST &&
            m != METRIC_OPERATING_COST && m != METRIC_AVG_ON_HAND &&
            m != METRIC_AVG_BACKORDERS && m != METRIC_AVG_ON_ORDER &&
            m != METRIC_ORDERS_PLACED && m != METRIC_PIPELINE_HOLDING_COST &&
            m != METRIC_ORDERING_COST && m != METRIC_TRANSPORT_COST &&
            m != METRIC_PURCHASE_COST && m != METRIC_SCRAP_COST &&
            m != METRIC_AVG_WIP)
            v[m] = NAN;
    v[METRIC_FILL_RATE] = ratio(nodes[0].filled, nodes[0].incoming);
    v[METRIC_UNITS_DEMANDED] = nodes[0].incoming;
    v[METRIC_COST_PER_UNIT] = ratio(v[METRIC_TOTAL_COST] * T,
                                    nodes[0].incoming);
    v[METRIC_BULLWHIP] =
        ratio(sv_var(&var_orders[n - 1]), sv_var(&var_end));
    rc = 0;
done:
    if (nodes)
        for (size_t k = 0; k < n; k++)
            if (nodes[k].noise)
                gsl_rng_free(nodes[k].noise);
    free(demand);
    free(nodes);
    free(var_orders);
    free(var_in);
    free(var_net);
    return rc;
}
