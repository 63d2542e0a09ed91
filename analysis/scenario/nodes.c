/*
 * nodes.c - a supply chain: the nodes: section, the chain's own top-level
 * keys, each policy entry's policy at every node, and the nodes of each
 * policy's world.
 *
 * Keys read, per node: name, supplier (an external supplier) or from
 * (another node), order_delay, and for a link from a node: lead_time (the
 * shipping time, a distribution), order_cost, shipment_cost,
 * unit_freight, unit_price, deliveries, capacity; customers (default: true
 * for a node that supplies no other), demand (default: the top-level
 * demand:), item (keys over the top-level item:), initial_inventory,
 * pipeline, rank. At the top level: timing (events, board_game or
 * periodic),
 * rationing (fifo, proportional or priority), information (local or
 * shared), fixed_weeks. In a policy
 * entry: nodes: {NODE: {type: ..., params...}}, each node not listed
 * taking the entry's own type and parameters, and every node the entry's
 * parameters that it takes and does not set itself.
 *
 * A nodes: list of one node supplied from outside, under events timing,
 * is the single stock point: its world is the one-node world_spec
 * (scn_build_nodes fills the spec's item, demand and policy, not nodes),
 * so its results are those of the same scenario written without nodes:.
 *
 * Not here: the model's own checks (models/network.c), which world_create
 * applies again.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/network.h"

#include "analysis/scenario/internal.h"

enum {
    N_NAME, N_SUPPLIER, N_FROM, N_ORDER_DELAY, N_LEAD_TIME, N_ORDER_COST,
    N_SHIPMENT_COST, N_UNIT_FREIGHT, N_UNIT_PRICE, N_DELIVERIES, N_CAPACITY,
    N_CUSTOMERS, N_DEMAND, N_ITEM, N_INITIAL_INVENTORY, N_PIPELINE, N_RANK,
    N_COUNT
};
static const char *const node_keys[N_COUNT] = {
    "name", "supplier", "from", "order_delay", "lead_time", "order_cost",
    "shipment_cost", "unit_freight", "unit_price", "deliveries", "capacity",
    "customers", "demand", "item", "initial_inventory", "pipeline", "rank",
};
/* The keys of a link from another node (not of an external supplier,
 * whose own entry in suppliers: has them). */
static const int link_keys[] = {N_LEAD_TIME,  N_ORDER_COST,  N_SHIPMENT_COST,
                                N_UNIT_FREIGHT, N_UNIT_PRICE, N_DELIVERIES,
                                N_CAPACITY};

/* In the order of network_timing. */
static const char *const timings[] = {"events", "board_game", "periodic"};
static const char *const rationings[] = {"fifo", "proportional", "priority"};
static const char *const deliveries[] = {"in_order", "independent"};
static const char *const informations[] = {"local", "shared"};

static int find_node(const scn *c, const char *s, size_t len)
{
    for (size_t k = 0; k < c->n_nodes; k++)
        if (strlen(c->chain[k].name) == len &&
            memcmp(c->chain[k].name, s, len) == 0)
            return (int)k;
    return -1;
}

/* "no node named 'x'; did you mean 'y'?" or the list. */
static void unknown_node(scn *c, const ynode *v, const char *what)
{
    char shown[SHOWBUF], list[512];
    const char *names[NETWORK_NODES_MAX];
    for (size_t k = 0; k < c->n_nodes; k++)
        names[k] = c->chain[k].name;
    scn_show(shown, sizeof shown, v->text, v->len);
    const char *s = scn_suggest(v->text, v->len, names, c->n_nodes);
    if (s) {
        scn_err_at(c, v, "%s: no node named '%s'; did you mean '%s'?", what,
                   shown, s);
    } else {
        scn_join(list, sizeof list, names, c->n_nodes);
        scn_err_at(c, v, "%s: no node named '%s'; expected one of %s", what,
                   shown, list);
    }
}

/* A node's item: the top-level item with the node's keys over it. */
static void read_node_item(scn *c, const ynode *v, node_spec *n,
                           double *initial)
{
    const ynode *f[I_COUNT];
    n->item = c->item;
    if (!v || scn_check_map(c, v, "item", "a mapping of the node's item "
                                          "costs ({holding_cost: 0.5})"))
        return;
    size_t before = c->errs.seq;
    scn_map_fields(c, v, "a node's item", scn_item_keys, I_COUNT, f);
    scn_read_item(c, f, &n->item, initial);
    char why[400];
    if (c->errs.seq == before && item_spec_check(&n->item, why, sizeof why))
        scn_err_at(c, v, "item: %s",
                   scn_with_expect(why, sizeof why, "a consistent item"));
}

/* The link from the upstream node, from the node's own keys. */
static void read_link(scn *c, const ynode *const *f, node_spec *n)
{
    double x;
    int k;
    snprintf(n->link.name, sizeof n->link.name, "link.%s", n->name);
    if (f[N_LEAD_TIME])
        scn_set_dist(c, f[N_LEAD_TIME], "lead_time",
                     "a shipping time >= 0: a number or a distribution",
                     &n->link.lead_time);
    if (!scn_get_num(c, f[N_ORDER_COST], "order_cost", R_NONNEG,
                     "a cost >= 0 per order", &x))
        n->link.order_cost = x;
    if (!scn_get_num(c, f[N_SHIPMENT_COST], "shipment_cost", R_NONNEG,
                     "a cost >= 0 per shipment received", &x))
        n->link.shipment_cost = x;
    if (!scn_get_num(c, f[N_UNIT_FREIGHT], "unit_freight", R_NONNEG,
                     "a cost >= 0 per unit shipped", &x))
        n->link.unit_freight = x;
    if (!scn_get_num(c, f[N_UNIT_PRICE], "unit_price", R_NONNEG,
                     "a price >= 0 per unit (default: the item's unit_cost)",
                     &x))
        n->link.unit_price = x;
    if (!scn_get_choice(c, f[N_DELIVERIES], "deliveries", deliveries, 2, &k))
        n->link.deliveries = (supplier_deliveries)k;
    if (!scn_get_num(c, f[N_CAPACITY], "capacity", R_POS,
                     "units per time unit > 0 the link ships", &x))
        n->capacity = x;
    char why[400];
    if (supplier_spec_check(&n->link, why, sizeof why))
        scn_err_at(c, f[N_LEAD_TIME] ? f[N_LEAD_TIME] : f[N_FROM],
                   "the link from %s: %s", c->chain[n->from].name,
                   scn_with_expect(why, sizeof why, "a valid link"));
}

static void read_node(scn *c, const ynode *e, size_t i)
{
    const ynode *f[N_COUNT];
    node_spec *n = &c->chain[i];
    double x;
    int b;
    if (scn_check_map(c, e, "a node", "{name: retailer, from: warehouse, "
                                      "lead_time: 2}"))
        return;
    scn_map_fields(c, e, "a node", node_keys, N_COUNT, f);
    if (!f[N_NAME])
        scn_err_at(c, e, "a node has no name; expected name: a unique name");
    else if (!scn_get_name(c, f[N_NAME], "name", NODE_NAME_MAX,
                           "a node name", n->name) &&
             find_node(c, n->name, strlen(n->name)) != (int)i)
        scn_err_at(c, f[N_NAME], "two nodes are named '%s'; expected unique "
                                 "names",
                   n->name);
    /* Its source: another node or an external supplier, not both. */
    n->from = -1;
    n->policy.supplier = -1;
    if (f[N_FROM] && f[N_SUPPLIER]) {
        scn_err_at(c, scn_map_key(e, "supplier"),
                   "a node has one source, here from: and supplier:; "
                   "expected one of them");
    } else if (f[N_FROM]) {
        const ynode *v = f[N_FROM];
        int k = v->type == YN_SCALAR ? find_node(c, v->text, v->len) : -1;
        if (v->type != YN_SCALAR || scn_node_is_null(v))
            scn_type_error(c, v, "from", "a node name",
                           "the name of the node that supplies it");
        else if (k < 0)
            unknown_node(c, v, "from");
        else if (k == (int)i)
            scn_err_at(c, v, "node %s supplies itself; expected another "
                             "node or supplier: an external supplier",
                       n->name);
        else
            n->from = k;
    } else if (f[N_SUPPLIER]) {
        int k;
        if (!scn_supplier_ref(c, f[N_SUPPLIER], "supplier", &k))
            n->policy.supplier = k;
    } else {
        scn_err_at(c, e, "nobody supplies node %s; expected from: another "
                         "node, or supplier: an external supplier",
                   n->name);
    }
    for (size_t k = 0; !f[N_FROM] && k < sizeof link_keys / sizeof *link_keys;
         k++)
        if (f[link_keys[k]])
            scn_err_at(c, scn_map_key(e, node_keys[link_keys[k]]),
                       "%s belongs to a link from another node; expected it "
                       "in the supplier's entry of suppliers:, or from: a "
                       "node",
                       node_keys[link_keys[k]]);
    if (!scn_get_num(c, f[N_ORDER_DELAY], "order_delay", R_NONNEG,
                     "a time >= 0 from placing an order to its arrival "
                     "upstream",
                     &x)) {
        if (!f[N_FROM] && x > 0.0 && c->timing != TIMING_BOARD_GAME)
            scn_err_at(c, f[N_ORDER_DELAY],
                       "order_delay with an external supplier is a "
                       "board_game step; expected it on a link from another "
                       "node (the supplier's lead time covers the rest)");
        n->order_delay = x;
    }
    if (n->from >= 0)
        read_link(c, f, n);
    double initial = NAN;
    read_node_item(c, f[N_ITEM], n, &initial);
    if (!scn_get_num(c, f[N_INITIAL_INVENTORY], "initial_inventory",
                     R_WHOLE, "a whole number of units >= 0", &x))
        initial = x;
    c->node_initial[i] = initial;
    if (!scn_get_bool(c, f[N_CUSTOMERS], "customers",
                      "true (the node sells to end customers) or false", &b))
        n->customers = b + 2; /* given: 2 or 3, settled below */
    if (f[N_DEMAND]) {
        demand_spec_free(&n->demand);
        demand_spec_init(&n->demand);
        scn_read_demand(c, f[N_DEMAND], &n->demand);
        if (!n->customers)
            n->customers = 3; /* a demand of its own means customers */
    }
    if (f[N_PIPELINE] && c->timing != TIMING_BOARD_GAME)
        scn_err_at(c, scn_map_key(e, "pipeline"),
                   "pipeline is the board game's starting flow; expected it "
                   "only with timing: board_game");
    else if (!scn_get_num(c, f[N_PIPELINE], "pipeline", R_WHOLE,
                     "a whole number of units >= 0 in every slot of the "
                     "inbound pipeline at the start (timing: board_game)",
                     &x))
        n->pipeline = x;
    if (f[N_RANK] && c->rationing != RATIONING_PRIORITY)
        scn_err_at(c, scn_map_key(e, "rank"),
                   "rank orders the nodes for rationing: priority; expected "
                   "it only with rationing: priority");
    else if (!scn_get_num(c, f[N_RANK], "rank", (range){0.0, 1e6, 0, 0, 1},
                     "a whole number >= 0 (rationing: priority serves the "
                     "lowest first)",
                     &x))
        n->rank = (int)x;
}

/* Customers by default at the nodes that supply no other; the others'
 * demand is the top-level one. */
static void settle_customers(scn *c, const ynode *v)
{
    int facing = 0;
    for (size_t i = 0; i < c->n_nodes; i++) {
        node_spec *n = &c->chain[i];
        int supplies = 0;
        for (size_t j = 0; j < c->n_nodes; j++)
            supplies |= c->chain[j].from == (int)i;
        n->customers = n->customers ? n->customers == 3 : !supplies;
        if (n->customers &&
            !scn_map_get(v->items[i], "demand")) {
            demand_spec_free(&n->demand);
            if (demand_spec_copy(&n->demand, &c->demand)) {
                demand_spec_init(&n->demand);
                c->oom = 1;
            }
        }
        facing |= n->customers;
        if (!supplies && !n->customers)
            scn_err_at(c, v->items[i], "node %s supplies no node and has no "
                                       "customers; expected customers: true, "
                                       "or a node supplied from it",
                       n->name);
    }
}

/* Following each node's sources must reach an external supplier. */
static void check_cycles(scn *c, const ynode *v)
{
    for (size_t i = 0; i < c->n_nodes; i++) {
        int at = (int)i;
        size_t steps = 0;
        while (at >= 0 && steps <= c->n_nodes) {
            at = c->chain[at].from;
            steps++;
        }
        if (at >= 0) {
            scn_err_at(c, scn_map_get(v->items[i], "from"),
                       "node %s: its sources make a cycle; expected each "
                       "chain of from: to end at a node with supplier:",
                       c->chain[i].name);
            return; /* once: every node of the cycle would say it */
        }
    }
}

void scn_check_nodes(scn *c, const ynode *const *top)
{
    double x;
    int k;
    const ynode *v = top[T_NODES];
    if (!scn_get_choice(c, top[T_TIMING], "timing", timings, 3, &k))
        c->timing = (network_timing)k;
    if (!scn_get_choice(c, top[T_RATIONING], "rationing", rationings, 3, &k))
        c->rationing = (network_rationing)k;
    if (!scn_get_choice(c, top[T_INFORMATION], "information", informations,
                        2, &k))
        c->information = (network_information)k;
    c->fixed_weeks = 4;
    if (top[T_FIXED_WEEKS] && v && c->timing != TIMING_BOARD_GAME)
        scn_err_at(c, top[T_FIXED_WEEKS],
                   "fixed_weeks applies to the board game; expected it only "
                   "with timing: board_game");
    else if (!scn_get_num(c, top[T_FIXED_WEEKS], "fixed_weeks",
                     (range){0.0, 1e5, 0, 0, 1},
                     "a whole number of weeks >= 0 whose orders are the "
                     "pipeline's flow (timing: board_game)",
                     &x))
        c->fixed_weeks = (int)x;
    if (!v) {
        static const int chain_keys[] = {T_TIMING, T_RATIONING,
                                         T_FIXED_WEEKS, T_INFORMATION};
        for (size_t j = 0; j < 4; j++)
            if (top[chain_keys[j]])
                scn_err_at(c, top[chain_keys[j]],
                           "%s applies to a supply chain; expected a nodes: "
                           "section with it",
                           scn_top_keys[chain_keys[j]]);
        return;
    }
    if (scn_check_list(c, v, "nodes",
                       "a list of {name: ..., from: NODE or supplier: NAME}"))
        return;
    if (c->is_line) {
        scn_err_at(c, v, "nodes: and stages: together; expected a supply "
                         "chain of stock points or a production line");
        return;
    }
    if (v->n == 0 || v->n > NETWORK_NODES_MAX) {
        scn_err_at(c, v, "nodes has %zu entries; expected 1 to %d nodes "
                         "(each adds %d columns to a row)",
                   v->n, NETWORK_NODES_MAX, METRIC_COUNT + 2);
        return;
    }
    c->chain = calloc(v->n, sizeof *c->chain);
    c->node_initial = calloc(v->n, sizeof *c->node_initial);
    if (!c->chain || !c->node_initial) {
        c->oom = 1;
        return;
    }
    c->n_nodes = v->n;
    c->out.chain = 1;
    /* Names first: from: may name a node listed after it. */
    for (size_t i = 0; i < v->n; i++) {
        node_spec_init(&c->chain[i]);
        const ynode *name = scn_map_get(v->items[i], "name");
        if (name && name->type == YN_SCALAR && name->len < NODE_NAME_MAX &&
            !memchr(name->text, '\0', name->len))
            memcpy(c->chain[i].name, name->text, name->len);
    }
    size_t before = c->errs.seq;
    for (size_t i = 0; i < v->n; i++)
        read_node(c, v->items[i], i);
    if (c->errs.seq != before)
        return;
    check_cycles(c, v);
    settle_customers(c, v);
}

void scn_read_policy_nodes(scn *c, size_t i, const ynode *e, const ynode *v,
                           const policy_spec *entry, int typed)
{
    const policy_spec *all = typed ? entry : NULL;
    size_t n = c->n_nodes;
    if (c->node_pol_rows <= i) {
        policy_spec *grown =
            realloc(c->node_pols, (i + 1) * n * sizeof *grown);
        if (!grown) {
            c->oom = 1;
            return;
        }
        /* Rows skipped (an entry with mistakes) hold no policy. */
        for (size_t k = c->node_pol_rows * n; k < (i + 1) * n; k++)
            policy_spec_init(&grown[k]);
        c->node_pols = grown;
        c->node_pol_rows = i + 1;
    }
    policy_spec *row = &c->node_pols[i * n];
    unsigned char given[NETWORK_NODES_MAX] = {0};
    for (size_t k = 0; k < n; k++) {
        policy_spec_init(&row[k]);
        if (all)
            row[k] = *all;
    }
    if (v && !scn_check_map(c, v, "nodes", "a mapping of node names to "
                                           "policies ({dc: {type: kanban, "
                                           "cards: 8}})"))
        for (size_t j = 0; j + 1 < v->n; j += 2) {
            const ynode *key = v->items[j];
            if (key->type != YN_SCALAR) {
                scn_type_error(c, key, "nodes", "a node name",
                               "a node's name as the key");
                continue;
            }
            int k = find_node(c, key->text, key->len);
            if (k < 0) {
                unknown_node(c, key, "policy nodes");
                continue;
            }
            scn_read_node_policy(c, v->items[j + 1], &row[k],
                                 all ? all->type : NULL);
            given[k] = 1;
            /* The entry's own parameters (or --set policies.NAME.P) apply
             * to the nodes that take them and do not set them. */
            const policy_type *t = row[k].type;
            for (int q = 0; t && q < PARAM_PLAN_DEMAND; q++)
                if (row[k].params.state[q] == PARAM_UNSET &&
                    entry->params.state[q] != PARAM_UNSET &&
                    (t->accepted & (1u << q))) {
                    row[k].params.state[q] = entry->params.state[q];
                    row[k].params.value[q] = entry->params.value[q];
                }
        }
    for (size_t k = 0; k < n; k++) {
        snprintf(row[k].name, sizeof row[k].name, "%s", c->pols[i].name);
        if (!given[k] && !all)
            scn_err_at(c, e, "policy %s gives node %s no policy; expected "
                             "type: for every node, or %s: {type: ...} in "
                             "its nodes:",
                       c->pols[i].name, c->chain[k].name, c->chain[k].name);
    }
}

int scn_build_nodes(scn *c, world_spec *w, size_t i)
{
    size_t n = c->n_nodes;
    if (!n)
        return 0;
    const policy_spec *row = &c->node_pols[i * n];
    /* One node supplied from outside is the single stock point. */
    if (n == 1 && c->chain[0].from < 0 && c->timing == TIMING_EVENTS &&
        c->rationing == RATIONING_FIFO) {
        w->item = c->chain[0].item;
        demand_spec_free(&w->demand);
        if (demand_spec_copy(&w->demand, &c->chain[0].demand)) {
            demand_spec_init(&w->demand);
            return -1;
        }
        w->policy = row[0];
        w->policy.supplier = c->chain[0].policy.supplier;
        if (!isnan(c->node_initial[0]))
            w->policy.initial_inventory = c->node_initial[0];
        return 0;
    }
    w->timing = c->timing;
    w->rationing = c->rationing;
    w->information = c->information;
    w->fixed_weeks = c->fixed_weeks;
    for (size_t k = 0; k < n; k++) {
        node_spec node = c->chain[k];
        int source = node.policy.supplier;
        node.policy = row[k];
        node.policy.supplier = source < 0 ? 0 : source;
        if (!isnan(c->node_initial[k]))
            node.policy.initial_inventory = c->node_initial[k];
        if (world_spec_add_node(w, &node))
            return -1;
    }
    /* The first node's policy labels the alternative. */
    w->policy = w->nodes[0].policy;
    snprintf(w->policy.name, sizeof w->policy.name, "%s", c->pols[i].name);
    return 0;
}

void scn_free_nodes(scn *c)
{
    for (size_t k = 0; k < c->n_nodes; k++)
        node_spec_free(&c->chain[k]);
    free(c->chain);
    free(c->node_initial);
    free(c->node_pols);
    c->chain = NULL;
    c->node_pols = NULL;
    c->node_initial = NULL;
    c->n_nodes = c->node_pol_rows = 0;
}
