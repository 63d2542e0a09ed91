/*
 * test_scenario_nodes.c - the nodes: section of a scenario (a supply
 * chain, analysis/scenario/nodes.c): every key landing in its field, each
 * policy's policy per node, every mistake with its file:line:column, and
 * the one-node chain that is the single stock point, byte for byte.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario.h"
#include "scenario_check.h"

#define HEAD                                                                 \
    "name: t\nhorizon: 100\ndemand: {rate: 2}\n"                             \
    "suppliers:\n  - {name: plant, lead_time: 3}\n"
#define TWO                                                                  \
    "nodes:\n"                                                               \
    "  - {name: dc, supplier: plant}\n"                                      \
    "  - {name: shop, from: dc, lead_time: 2, order_delay: 1}\n"
#define POL "policies:\n  - {name: B, type: base_stock, S: 4}\n"

Test(nodes, every_key_lands_in_its_field)
{
    static const char yaml[] =
        HEAD
        "item: {holding_cost: 1, backorder_cost: 9}\n"
        "rationing: priority\n"
        "information: shared\n"
        "nodes:\n"
        "  - name: dc\n"
        "    supplier: plant\n"
        "    item: {holding_cost: 0.5}\n"
        "    initial_inventory: 7\n"
        "    rank: 2\n"
        "  - name: shop\n"
        "    from: dc\n"
        "    order_delay: 1.5\n"
        "    lead_time: {dist: exponential, mean: 2}\n"
        "    order_cost: 3\n"
        "    shipment_cost: 4\n"
        "    unit_freight: 0.25\n"
        "    unit_price: 12\n"
        "    deliveries: independent\n"
        "    capacity: 5\n"
        "    demand: {rate: 3}\n"
        "  - {name: kiosk, from: dc, customers: true}\n"
        "policies:\n"
        "  - name: Mixed\n"
        "    type: base_stock\n"
        "    S: 4\n"
        "    nodes:\n"
        "      dc: {type: kanban, cards: 8}\n"
        "  - {name: Same, type: base_stock, S: 6}\n";
    scenario sc;
    accept(yaml, NULL, 0, &sc);
    cr_assert_eq(sc.n_policies, 2);
    const world_spec *w = &sc.worlds[0];
    cr_assert_eq(w->n_nodes, 3);
    const node_spec *dc = &w->nodes[0], *shop = &w->nodes[1],
                    *kiosk = &w->nodes[2];
    cr_assert_str_eq(dc->name, "dc");
    cr_assert_eq(dc->from, -1);
    cr_assert_eq(dc->policy.supplier, 0);
    cr_assert_eq(dc->item.holding_cost, 0.5);
    cr_assert_eq(dc->item.backorder_cost, 9.0);
    cr_assert_eq(dc->policy.initial_inventory, 7.0);
    cr_assert_eq(dc->rank, 2);
    cr_assert_eq(dc->customers, 0, "dc supplies others: no customers");
    cr_assert_str_eq(dc->policy.type->name, "kanban");
    cr_assert_eq(dc->policy.params.value[PARAM_CARDS], 8.0);
    cr_assert_str_eq(dc->policy.name, "Mixed");
    cr_assert_eq(shop->from, 0);
    cr_assert_eq(shop->order_delay, 1.5);
    cr_assert_eq(shop->link.lead_time.kind, DIST_EXPONENTIAL);
    cr_assert_eq(shop->link.order_cost, 3.0);
    cr_assert_eq(shop->link.shipment_cost, 4.0);
    cr_assert_eq(shop->link.unit_freight, 0.25);
    cr_assert_eq(shop->link.unit_price, 12.0);
    cr_assert_eq(shop->link.deliveries, DELIVERIES_INDEPENDENT);
    cr_assert_eq(shop->capacity, 5.0);
    cr_assert_eq(shop->customers, 1);
    cr_assert_eq(shop->demand.rate, 3.0);
    cr_assert_str_eq(shop->policy.type->name, "base_stock");
    cr_assert_eq(shop->policy.params.value[PARAM_S], 4.0);
    cr_assert_eq(kiosk->customers, 1);
    cr_assert_eq(kiosk->demand.rate, 2.0, "the top-level demand");
    cr_assert_eq(w->timing, TIMING_EVENTS);
    cr_assert_eq(w->rationing, RATIONING_PRIORITY);
    cr_assert_eq(w->information, INFORMATION_SHARED);
    cr_assert_str_eq(w->policy.name, "Mixed");
    const world_spec *w2 = &sc.worlds[1];
    for (size_t k = 0; k < 3; k++) {
        cr_assert_str_eq(w2->nodes[k].policy.type->name, "base_stock");
        cr_assert_eq(w2->nodes[k].policy.params.value[PARAM_S], 6.0);
    }
    scenario_free(&sc);
}

/* A node's policy without a type takes its entry's: local base stock at
 * levels of its own per node, written without repeating the type. */
Test(nodes, a_nodes_policy_takes_its_entrys_type)
{
    static const char yaml[] = HEAD TWO
        "policies:\n"
        "  - {name: Local, type: base_stock, nodes: {dc: {S: 6}, shop: {S: "
        "9}}}\n";
    scenario sc;
    accept(yaml, NULL, 0, &sc);
    const world_spec *w = &sc.worlds[0];
    cr_assert_str_eq(w->nodes[0].policy.type->name, "base_stock");
    cr_assert_eq(w->nodes[0].policy.params.value[PARAM_S], 6.0);
    cr_assert_str_eq(w->nodes[1].policy.type->name, "base_stock");
    cr_assert_eq(w->nodes[1].policy.params.value[PARAM_S], 9.0);
    scenario_free(&sc);
}

Test(nodes, errors)
{
    /* An unknown node, with a suggestion, and without. */
    ERRORS(HEAD "nodes:\n  - {name: dc, supplier: plant}\n"
                "  - {name: shop, from: dcc}\n" POL,
           "t.yaml:8:24: from: no node named 'dcc'; did you mean 'dc'?");
    ERRORS(HEAD "nodes:\n  - {name: dc, supplier: plant}\n"
                "  - {name: shop, from: far}\n" POL,
           "t.yaml:8:24: from: no node named 'far'; expected one of dc, "
           "shop");
    /* A cycle, and a node supplying itself. */
    ERRORS(HEAD "nodes:\n  - {name: a, from: b}\n  - {name: b, from: a}\n"
                "  - {name: c, from: b}\n" POL,
           "t.yaml:7:21: node a: its sources make a cycle; expected each "
           "chain of from: to end at a node with supplier:");
    ERRORS(HEAD "nodes:\n  - {name: a, from: a}\n" POL,
           "t.yaml:7:21: node a supplies itself; expected another node or "
           "supplier: an external supplier");
    /* A node nobody supplies; one with two sources. */
    ERRORS(HEAD "nodes:\n  - {name: dc, supplier: plant}\n"
                "  - {name: shop}\n" POL,
           "t.yaml:8:5: nobody supplies node shop; expected from: another "
           "node, or supplier: an external supplier");
    ERRORS(HEAD "nodes:\n  - {name: dc, supplier: plant, from: dc}\n" POL,
           "t.yaml:7:16: a node has one source, here from: and supplier:; "
           "expected one of them");
    /* A link's key on a node supplied from outside. */
    ERRORS(HEAD "nodes:\n  - {name: dc, supplier: plant, lead_time: 2}\n" POL,
           "t.yaml:7:33: lead_time belongs to a link from another node; "
           "expected it in the supplier's entry of suppliers:, or from: a "
           "node");
    ERRORS(HEAD "nodes:\n  - {name: dc, supplier: plant, order_delay: 2}\n"
               POL,
           "t.yaml:7:46: order_delay with an external supplier is a "
           "board_game step");
    /* Names: none, twice, an unknown supplier. */
    ERRORS(HEAD "nodes:\n  - {supplier: plant}\n" POL,
           "t.yaml:7:5: a node has no name; expected name: a unique name");
    ERRORS(HEAD "nodes:\n  - {name: dc, supplier: plant}\n"
                "  - {name: dc, from: dc}\n" POL,
           "t.yaml:8:12: two nodes are named 'dc'; expected unique names");
    ERRORS(HEAD "nodes:\n  - {name: dc, supplier: plnt}\n" POL,
           "t.yaml:7:26: no supplier named 'plnt'; did you mean 'plant'?");
    /* A node with nobody to serve. */
    ERRORS(HEAD "nodes:\n  - {name: dc, supplier: plant, customers: false}\n"
               POL,
           "t.yaml:7:5: node dc supplies no node and has no customers; "
           "expected customers: true, or a node supplied from it");
    /* Policies: a node without one, an unknown node, supplier: at the
     * entry, nodes: without a chain. */
    ERRORS(HEAD TWO "policies:\n  - {name: K, nodes: {dc: {type: kanban}}}\n",
           "t.yaml:10:5: policy K gives node shop no policy; expected type: "
           "for every node, or shop: {type: ...} in its nodes:");
    ERRORS(HEAD TWO "policies:\n  - {name: K, type: kanban, nodes: {dcx: "
                    "{type: kanban}}}\n",
           "t.yaml:10:37: policy nodes: no node named 'dcx'; did you mean "
           "'dc'?");
    ERRORS(HEAD TWO "policies:\n  - {name: K, type: kanban, supplier: "
                    "plant}\n",
           "t.yaml:10:29: in a supply chain each node names its source");
    ERRORS(HEAD "policies:\n  - {name: K, type: kanban, nodes: {dc: {type: "
                "kanban}}}\n",
           "t.yaml:7:29: the scenario has no nodes: section; expected nodes: "
           "in a policy only beside a nodes: section");
    ERRORS(HEAD TWO "policies:\n  - {name: K, type: kanban, nodes: {dc: "
                    "{name: x, type: kanban}}}\n",
           "t.yaml:10:48: a node's policy has the name of its entry in "
           "policies:; expected no name here");
    /* Neither the node nor its entry gives a type. */
    ERRORS(HEAD TWO "policies:\n  - {name: K, nodes: {dc: {cards: 4}, "
                    "shop: {type: kanban}}}\n",
           "t.yaml:10:27: a node's policy has no type; expected type: one "
           "of");
    ERRORS(HEAD TWO "policies:\n  - {name: K, type: kanban, nodes: {dc: "
                    "{type: kanbn}}}\n",
           "t.yaml:10:48: unknown policy type 'kanbn'; did you mean "
           "'kanban'?");
    /* The chain's keys: without nodes, and bad values. */
    ERRORS(HEAD "timing: board_game\n" POL,
           "t.yaml:6:9: timing applies to a supply chain; expected a nodes: "
           "section with it");
    ERRORS(HEAD TWO "rationing: fair\n" POL,
           "t.yaml:9:12: unknown rationing 'fair'");
    ERRORS(HEAD TWO "nodes2: 1\n" POL, "t.yaml:9:1: unknown key 'nodes2'");
    /* Keys of another timing or rationing. */
    ERRORS(HEAD "nodes:\n  - {name: dc, supplier: plant, pipeline: 4}\n" POL,
           "t.yaml:7:33: pipeline is the board game's starting flow; "
           "expected it only with timing: board_game");
    ERRORS(HEAD "nodes:\n  - {name: dc, supplier: plant, rank: 1}\n" POL,
           "t.yaml:7:33: rank orders the nodes for rationing: priority; "
           "expected it only with rationing: priority");
    ERRORS(HEAD TWO "fixed_weeks: 4\n" POL,
           "t.yaml:9:14: fixed_weeks applies to the board game; expected it "
           "only with timing: board_game");
    ERRORS(HEAD TWO "timing: weekly\n" POL,
           "t.yaml:9:9: unknown timing 'weekly'; expected one of events, "
           "board_game, periodic");
    ERRORS(HEAD TWO "information: everyone\n" POL,
           "t.yaml:9:14: unknown information 'everyone'; expected one of "
           "local, shared");
    ERRORS(HEAD "information: shared\n" POL,
           "t.yaml:6:14: information applies to a supply chain; expected a "
           "nodes: section with it");
    /* The model's own refusals, at the policy. */
    ERRORS(HEAD TWO "timing: board_game\n" POL,
           "t.yaml:11:5: node dc: timing: board_game steps the sterman rule");
}

/* The example of docs/scenario-format.md's supply chains section. */
Test(nodes, the_documented_example_parses)
{
    scenario sc;
    parse_documented("## Supply chains", &sc);
    cr_assert_eq(sc.worlds[0].n_nodes, 3);
    cr_assert_eq(sc.n_policies, 2);
    scenario_free(&sc);
}

/* ---- the one-node chain is the single stock point ----------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    static char buf[1 << 20];
    *len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    char *copy = malloc(*len + 1);
    memcpy(copy, buf, *len);
    return copy;
}

static void run_to(const char *yaml, const char *dir, const char *name)
{
    char path[512], cmd[2048];
    snprintf(path, sizeof path, "%s/%s.yaml", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(yaml, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "'%s' run '%s' -o '%s/%s' -q > /dev/null",
             JITSIM_EXE, path, dir, name);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

Test(nodes, one_node_is_the_single_stock_point_byte_for_byte)
{
#define SHARED                                                               \
    "name: one\nhorizon: 300\nwarmup: 20\nreplications: 5\n"                 \
    "item: {unit_cost: 10, holding_rate: 0.25, backorder_cost: 2}\n"         \
    "demand: {arrivals: poisson, rate: 3, size: {dist: poisson, mean: 2}}\n" \
    "suppliers:\n  - {name: far, lead_time: {dist: gamma, mean: 4, cv: "    \
    "0.5}, order_cost: 40}\n  - {name: near, lead_time: 1}\n"
#define POLICIES                                                             \
    "policies:\n  - {name: EOQ, type: eoq, Q: auto, r: auto}\n"              \
    "  - {name: JIT, type: kanban, cards: auto, safety: 0.2}\n"             \
    "  - {name: Fast, type: base_stock, fill_rate: 0.9, supplier: near}\n"
    static const char plain[] = SHARED POLICIES;
    /* The same as one node: the supplier named at the node, the near
     * supplier for Fast through a node's own policy... which a one-node
     * chain cannot name per policy; so Fast orders from the node's. */
    static const char plain_far[] =
        SHARED "policies:\n  - {name: EOQ, type: eoq, Q: auto, r: auto}\n"
               "  - {name: JIT, type: kanban, cards: auto, safety: 0.2}\n"
               "  - {name: Fast, type: base_stock, fill_rate: 0.9}\n";
    static const char chain[] =
        SHARED "nodes:\n  - {name: shop, supplier: far}\n"
               "policies:\n  - {name: EOQ, type: eoq, Q: auto, r: auto}\n"
               "  - name: JIT\n    nodes: {shop: {type: kanban, cards: "
               "auto, safety: 0.2}}\n"
               "  - {name: Fast, type: base_stock, fill_rate: 0.9}\n";
    (void)plain;
    char dir[] = "/tmp/jitsim_nodesXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    run_to(plain_far, dir, "plain");
    run_to(chain, dir, "chain");
    static const char *const files[] = {"summary.csv", "replications.csv"};
    for (size_t i = 0; i < 2; i++) {
        char a[600], b[600];
        snprintf(a, sizeof a, "%s/plain/%s", dir, files[i]);
        snprintf(b, sizeof b, "%s/chain/%s", dir, files[i]);
        size_t na, nb;
        char *x = slurp(a, &na), *y = slurp(b, &nb);
        cr_assert_gt(na, 100);
        cr_assert_eq(na, nb, "%s: %zu bytes against %zu", files[i], na, nb);
        cr_assert_eq(memcmp(x, y, na), 0, "%s differs", files[i]);
        free(x);
        free(y);
    }
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* jitsim run on a chain prints the table and writes the CSV files, with
 * the chain's columns and each node's. */
Test(nodes, jitsim_run_writes_a_chains_files)
{
    char dir[] = "/tmp/jitsim_chainXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    static const char yaml[] =
        "name: chain\nhorizon: 200\nwarmup: 10\nreplications: 3\n"
        "timing: periodic\n"
        "item: {holding_cost: 1, backorder_cost: 4}\n"
        "demand: {rate: 2}\n"
        "suppliers:\n  - {name: plant, lead_time: 3}\n"
        "nodes:\n  - {name: dc, supplier: plant}\n"
        "  - {name: shop, from: dc, lead_time: 1}\n"
        "policies:\n  - {name: B, type: base_stock, S: 6}\n"
        "  - {name: K, type: kanban, cards: 6}\n";
    run_to(yaml, dir, "c");
    char path[600];
    snprintf(path, sizeof path, "%s/c/replications.csv", dir);
    size_t n;
    char *rows = slurp(path, &n);
    rows[n] = '\0';
    static const char *const columns[] = {
        ",total_cost,", ",dc.total_cost,", ",shop.fill_rate,",
        ",shop.replenishment_lead_time_mean,", ",dc.bullwhip,",
        ",shop.bullwhip_stage,", ",dc.net_stock_amplification"};
    for (size_t i = 0; i < sizeof columns / sizeof *columns; i++)
        cr_assert_not_null(strstr(rows, columns[i]), "no column %s",
                           columns[i]);
    free(rows);
    snprintf(path, sizeof path, "%s/c/summary.csv", dir);
    rows = slurp(path, &n);
    rows[n] = '\0';
    cr_assert_not_null(strstr(rows, "\"K\",\"shop.avg_backorders\","));
    free(rows);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}
