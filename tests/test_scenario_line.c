/*
 * test_scenario_line.c - production lines in scenario files: products:,
 * raw:, stages: and the policies that control a line, read into each
 * policy's world_spec.line; every mistake reported at its place; --set and
 * sweep paths reaching stages and products by name.
 *
 * Only the parsed specs are tested: running a line is models/line/'s.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario.h"
#include "models/policy.h"

#include "scenario_check.h"

static void assert_param(const policy_spec *p, policy_param k, int state,
                         double value)
{
    cr_assert_eq(p->params.state[k], state, "%s %s: state %d, want %d",
                 p->name, policy_param_name(k), p->params.state[k], state);
    if (state == PARAM_GIVEN)
        cr_assert_float_eq(p->params.value[k], value, 1e-12, "%s %s",
                           p->name, policy_param_name(k));
}

static void assert_dist(const dist *d, dist_kind kind, double mean,
                        const char *what)
{
    cr_assert_eq(d->kind, kind, "%s: kind %s, want %s", what,
                 dist_kind_name(d->kind), dist_kind_name(kind));
    cr_assert_float_eq(dist_mean(d), mean, 1e-12, "%s: mean %g, want %g",
                       what, dist_mean(d), mean);
}

/* ---- a full line -------------------------------------------------------- */

static const char full_line[] =
    "name: Three products, three stages\n"
    "horizon: 200\n"
    "warmup: 20\n"
    "replications: 5\n"
    "item: {unit_cost: 10, holding_rate: 0.2, backorder_cost: 1,\n"
    "       initial_inventory: 4}\n"
    "products:\n"
    "  - name: A\n"
    "    unit_cost: 30\n"
    "    holding_rate: 0.25\n"
    "    backorder_cost: 2\n"
    "    demand: {arrivals: poisson, rate: 20, size: 1}\n"
    "    initial: 10\n"
    "  - name: B\n"
    "    holding_cost: 0.05\n"
    "    demand: {arrivals: periodic, quantity: 7, period: 2}\n"
    "  - {name: C-2, unit_cost: 50, lost_sales: true, demand: {rate: 5}}\n"
    "suppliers:\n"
    "  - {name: steel, lead_time: \"gamma(mean=2, cv=0.5)\", order_cost: 40}\n"
    "  - {name: spare, lead_time: 9}\n"
    "disruptions:\n"
    "  - {supplier: steel, start: 100, duration: 5}\n"
    "raw: {supplier: steel, s: 200, S: 600, unit_cost: 5, initial: 550}\n"
    "stages:\n"
    "  - name: cut\n"
    "    machines: 2\n"
    "    process_time: \"exponential(mean=0.01)\"\n"
    "    setup_time: {default: 0.2, \"A->B\": 1.0, B->A: \"exponential(mean=0.5)\"}\n"
    "    setup_cost: 100\n"
    "    breakdowns: {mtbf: \"exponential(mean=40)\", mttr: \"exponential(mean=2)\"}\n"
    "    defect_rate: 0.02\n"
    "    cards: 5\n"
    "  - name: weld\n"
    "    process_time: {A: \"gamma(mean=0.01, cv=0.5)\", B: 0.02, default: 0.015}\n"
    "    setup_time: 0.5\n"
    "    breakdowns: {mtbf: 100, mttr: {dist: uniform, min: 1, max: 3}, by: clock}\n"
    "    maintenance: {every: 40, duration: 1, mtbf_factor: 3}\n"
    "    defect_rate: 0.05\n"
    "    defects: rework\n"
    "  - name: pack_1\n"
    "    machines: 3\n"
    "    process_time: {A: 0.01, B: 0.03, C-2: \"lognormal(mean=0.02, cv=0.3)\"}\n"
    "    maintenance: {every: 100, duration: \"exponential(mean=2)\"}\n"
    "    defects: scrap\n"
    "policies:\n"
    "  - {name: JIT, type: kanban, cards: 4, container: 1, safety: 0.1}\n"
    "  - {name: CW, type: conwip, wip: 30}\n"
    "  - {name: Push, type: mrp, period: 1, Q: 50, safety_stock: 20}\n"
    "  - {name: Leveled, type: heijunka, pitch: auto, cards: auto,\n"
    "     sequence: [A, B, A, C-2]}\n"
    "  - {name: Batches, type: campaign, batch: 10, sequence: [C-2]}\n"
    "baseline: CW\n";

static void assert_full_line(const line_spec *l)
{
    /* Products: their own keys over the item's. */
    cr_assert_eq(l->n_products, 3);
    const product_spec *a = &l->products[0], *b = &l->products[1],
                       *c = &l->products[2];
    cr_assert_str_eq(a->name, "A");
    cr_assert_str_eq(b->name, "B");
    cr_assert_str_eq(c->name, "C-2");
    cr_assert_eq(a->item.unit_cost, 30.0);
    cr_assert_eq(a->item.holding_rate, 0.25);
    cr_assert(isnan(a->item.holding_cost));
    cr_assert_eq(a->item.backorder_cost, 2.0);
    cr_assert_eq(a->item.lost_sales, 0);
    cr_assert_eq(a->demand.arrivals, DEMAND_POISSON);
    cr_assert_eq(a->demand.rate, 20.0);
    assert_dist(&a->demand.size, DIST_CONSTANT, 1.0, "A size");
    cr_assert_eq(a->initial, 10.0);
    cr_assert_eq(b->item.unit_cost, 10.0); /* the item's */
    cr_assert_eq(b->item.holding_cost, 0.05);
    cr_assert(isnan(b->item.holding_rate));
    cr_assert_eq(b->item.backorder_cost, 1.0);
    cr_assert_eq(b->demand.arrivals, DEMAND_PERIODIC);
    cr_assert_eq(b->demand.period, 2.0);
    assert_dist(&b->demand.quantity, DIST_CONSTANT, 7.0, "B quantity");
    cr_assert_eq(b->initial, 4.0); /* the item's initial_inventory */
    cr_assert_eq(c->item.unit_cost, 50.0);
    cr_assert_eq(c->item.holding_rate, 0.2);
    cr_assert_eq(c->item.lost_sales, 1);
    cr_assert_eq(c->demand.rate, 5.0);

    /* Raw material. */
    cr_assert_eq(l->raw.supplier, 0);
    cr_assert_eq(l->raw.s, 200.0);
    cr_assert_eq(l->raw.S, 600.0);
    cr_assert_eq(l->raw.unit_cost, 5.0);
    cr_assert_eq(l->raw.initial, 550.0);

    cr_assert_eq(l->n_stages, 3);
    /* cut: one process time, setup pairs over a default, breakdowns. */
    const stage_spec *cut = &l->stages[0];
    cr_assert_str_eq(cut->name, "cut");
    cr_assert_eq(cut->machines, 2);
    assert_dist(&cut->process_time, DIST_EXPONENTIAL, 0.01, "cut process");
    for (int p = 0; p < LINE_PRODUCTS_MAX; p++)
        cr_assert_eq(cut->product_process_given[p], 0);
    assert_dist(&cut->setup_time, DIST_CONSTANT, 0.2, "cut setup default");
    cr_assert_eq(cut->setup_pair_given[0][1], 1);
    assert_dist(&cut->setup_pair[0][1], DIST_CONSTANT, 1.0, "cut A->B");
    cr_assert_eq(cut->setup_pair_given[1][0], 1);
    assert_dist(&cut->setup_pair[1][0], DIST_EXPONENTIAL, 0.5, "cut B->A");
    int pairs = 0;
    for (int p = 0; p < LINE_PRODUCTS_MAX; p++)
        for (int q = 0; q < LINE_PRODUCTS_MAX; q++)
            pairs += cut->setup_pair_given[p][q];
    cr_assert_eq(pairs, 2);
    cr_assert_eq(cut->setup_cost, 100.0);
    cr_assert_eq(cut->breakdown.enabled, 1);
    assert_dist(&cut->breakdown.time_between, DIST_EXPONENTIAL, 40.0,
                "cut mtbf");
    assert_dist(&cut->breakdown.repair, DIST_EXPONENTIAL, 2.0, "cut mttr");
    cr_assert_eq(cut->breakdown.by_clock, 0);
    cr_assert_eq(cut->maintenance.enabled, 0);
    cr_assert_eq(cut->defect_rate, 0.02);
    cr_assert_eq(cut->rework, 0);
    cr_assert_eq(cut->cards, 5.0);

    /* weld: per product with a default, maintenance, rework. */
    const stage_spec *weld = &l->stages[1];
    cr_assert_str_eq(weld->name, "weld");
    cr_assert_eq(weld->machines, 1);
    assert_dist(&weld->process_time, DIST_CONSTANT, 0.015, "weld default");
    cr_assert_eq(weld->product_process_given[0], 1);
    assert_dist(&weld->product_process[0], DIST_GAMMA, 0.01, "weld A");
    cr_assert_float_eq(dist_cv(&weld->product_process[0]), 0.5, 1e-12);
    cr_assert_eq(weld->product_process_given[1], 1);
    assert_dist(&weld->product_process[1], DIST_CONSTANT, 0.02, "weld B");
    cr_assert_eq(weld->product_process_given[2], 0);
    assert_dist(&weld->setup_time, DIST_CONSTANT, 0.5, "weld setup");
    cr_assert_eq(weld->setup_pair_given[0][1], 0);
    cr_assert_eq(weld->setup_cost, 0.0);
    cr_assert_eq(weld->breakdown.enabled, 1);
    assert_dist(&weld->breakdown.time_between, DIST_CONSTANT, 100.0,
                "weld mtbf");
    assert_dist(&weld->breakdown.repair, DIST_UNIFORM, 2.0, "weld mttr");
    cr_assert_eq(weld->breakdown.by_clock, 1);
    cr_assert_eq(weld->maintenance.enabled, 1);
    cr_assert_eq(weld->maintenance.every, 40.0);
    assert_dist(&weld->maintenance.duration, DIST_CONSTANT, 1.0,
                "weld maintenance");
    cr_assert_eq(weld->maintenance.mtbf_factor, 3.0);
    cr_assert_eq(weld->defect_rate, 0.05);
    cr_assert_eq(weld->rework, 1);
    cr_assert(isnan(weld->cards));

    /* pack_1: every product listed, no default; defaults elsewhere. */
    const stage_spec *pack = &l->stages[2];
    cr_assert_str_eq(pack->name, "pack_1");
    cr_assert_eq(pack->machines, 3);
    for (int p = 0; p < 3; p++)
        cr_assert_eq(pack->product_process_given[p], 1);
    assert_dist(&pack->product_process[0], DIST_CONSTANT, 0.01, "pack A");
    assert_dist(&pack->product_process[1], DIST_CONSTANT, 0.03, "pack B");
    assert_dist(&pack->product_process[2], DIST_LOGNORMAL, 0.02, "pack C");
    assert_dist(&pack->setup_time, DIST_CONSTANT, 0.0, "pack setup");
    cr_assert_eq(pack->breakdown.enabled, 0);
    cr_assert_eq(pack->maintenance.enabled, 1);
    cr_assert_eq(pack->maintenance.every, 100.0);
    assert_dist(&pack->maintenance.duration, DIST_EXPONENTIAL, 2.0,
                "pack maintenance");
    cr_assert_eq(pack->maintenance.mtbf_factor, 1.0);
    cr_assert_eq(pack->defect_rate, 0.0);
    cr_assert_eq(pack->rework, 0);
}

Test(scenario_line, a_full_line_lands_in_every_field)
{
    scenario sc;
    accept(full_line, NULL, 0, &sc);
    cr_assert_eq(sc.n_policies, 5);
    cr_assert_eq(sc.baseline, 1);
    static const char *const names[] = {"JIT", "CW", "Push", "Leveled",
                                        "Batches"};
    static const char *const types[] = {"kanban", "conwip", "mrp",
                                        "heijunka", "campaign"};
    for (size_t i = 0; i < sc.n_policies; i++) {
        const world_spec *w = &sc.worlds[i];
        cr_assert_str_eq(w->policy.name, names[i]);
        cr_assert_str_eq(w->policy.type->name, types[i]);
        /* A line's control orders from no supplier; the raw store does. */
        cr_assert_eq(w->policy.supplier, -1);
        cr_assert(isnan(w->policy.initial_inventory));
        cr_assert_eq(w->n_suppliers, 2);
        cr_assert_eq(w->n_disruptions, 1);
        cr_assert_eq(w->disruptions[0].supplier, 0);
        assert_full_line(&w->line);
        /* Each world owns its line: no shared distribution tables. */
        if (i > 0)
            cr_assert_neq(&w->line.stages[0].process_time,
                          &sc.worlds[0].line.stages[0].process_time);
    }
    const world_spec *w = sc.worlds;
    assert_param(&w[0].policy, PARAM_CARDS, PARAM_GIVEN, 4);
    assert_param(&w[0].policy, PARAM_CONTAINER, PARAM_GIVEN, 1);
    assert_param(&w[0].policy, PARAM_SAFETY, PARAM_GIVEN, 0.1);
    assert_param(&w[1].policy, PARAM_WIP, PARAM_GIVEN, 30);
    assert_param(&w[2].policy, PARAM_PERIOD, PARAM_GIVEN, 1);
    assert_param(&w[2].policy, PARAM_Q, PARAM_GIVEN, 50);
    assert_param(&w[2].policy, PARAM_SAFETY_STOCK, PARAM_GIVEN, 20);
    assert_param(&w[3].policy, PARAM_PITCH, PARAM_AUTO, 0);
    assert_param(&w[3].policy, PARAM_CARDS, PARAM_AUTO, 0);
    assert_param(&w[4].policy, PARAM_BATCH, PARAM_GIVEN, 10);
    /* The sequence is the policy's own. */
    cr_assert_eq(w[0].line.sequence_len, 0);
    cr_assert_eq(w[1].line.sequence_len, 0);
    cr_assert_eq(w[2].line.sequence_len, 0);
    cr_assert_eq(w[3].line.sequence_len, 4);
    static const unsigned char leveled[] = {0, 1, 0, 2};
    cr_assert_arr_eq(w[3].line.sequence, leveled, 4);
    cr_assert_eq(w[4].line.sequence_len, 1);
    cr_assert_eq(w[4].line.sequence[0], 2);
    scenario_free(&sc);
}

Test(scenario_line, one_product_from_item_and_demand)
{
    scenario sc;
    accept("name: One product\n"
           "horizon: 100\n"
           "item: {unit_cost: 12, holding_cost: 0.1, stockout_cost: 3,\n"
           "       initial_inventory: 6}\n"
           "demand: {arrivals: poisson, rate: 8, size: \"poisson(mean=2)\"}\n"
           "stages:\n"
           "  - {name: make, process_time: 0.05}\n"
           "  - {name: test, machines: 2, process_time: {product: 0.04}}\n"
           "policies:\n"
           "  - {name: CW, type: conwip, wip: auto, safety: 0.2}\n"
           "  - {name: JIT, type: kanban}\n",
           NULL, 0, &sc);
    cr_assert_eq(sc.n_policies, 2);
    for (size_t i = 0; i < sc.n_policies; i++) {
        const world_spec *w = &sc.worlds[i];
        const line_spec *l = &w->line;
        /* No suppliers: raw material is unlimited. */
        cr_assert_eq(w->n_suppliers, 0);
        cr_assert_eq(l->raw.supplier, -1);
        cr_assert(isnan(l->raw.s) && isnan(l->raw.S));
        cr_assert_eq(l->n_products, 1);
        const product_spec *p = &l->products[0];
        cr_assert_str_eq(p->name, "product");
        cr_assert_eq(p->item.unit_cost, 12.0);
        cr_assert_eq(p->item.holding_cost, 0.1);
        cr_assert_eq(p->item.stockout_cost, 3.0);
        cr_assert_eq(p->initial, 6.0);
        cr_assert_eq(p->demand.rate, 8.0);
        assert_dist(&p->demand.size, DIST_POISSON, 2.0, "size");
        /* The world's own item and demand are the same. */
        cr_assert_eq(w->item.unit_cost, 12.0);
        cr_assert_eq(w->demand.rate, 8.0);
        cr_assert_eq(l->n_stages, 2);
        cr_assert_str_eq(l->stages[0].name, "make");
        assert_dist(&l->stages[0].process_time, DIST_CONSTANT, 0.05, "make");
        cr_assert_eq(l->stages[1].machines, 2);
        cr_assert_eq(l->stages[1].product_process_given[0], 1);
        assert_dist(&l->stages[1].product_process[0], DIST_CONSTANT, 0.04,
                    "test");
        cr_assert_eq(l->sequence_len, 0);
    }
    assert_param(&sc.worlds[0].policy, PARAM_WIP, PARAM_AUTO, 0);
    assert_param(&sc.worlds[0].policy, PARAM_SAFETY, PARAM_GIVEN, 0.2);
    assert_param(&sc.worlds[1].policy, PARAM_CARDS, PARAM_UNSET, 0);
    scenario_free(&sc);
}

Test(scenario_line, a_stock_point_scenario_has_no_line)
{
    scenario sc;
    accept("name: t\nhorizon: 100\ndemand: {rate: 2}\n"
           "suppliers:\n  - {name: local, lead_time: 2}\n"
           "policies:\n  - {name: JIT, type: kanban, cards: 3}\n",
           NULL, 0, &sc);
    cr_assert_eq(sc.worlds[0].line.n_stages, 0);
    cr_assert_eq(sc.worlds[0].line.n_products, 0);
    cr_assert_eq(sc.worlds[0].policy.supplier, 0);
    scenario_free(&sc);
}

/* ---- mistakes ----------------------------------------------------------- */

/* Two products, two stages, one kanban: lines 1 to 10. */
#define HEAD "name: t\nhorizon: 100\n"
#define PRODUCTS                                                             \
    "products:\n"                                                            \
    "  - {name: A, demand: {rate: 2}}\n"                                     \
    "  - {name: B, demand: {rate: 1}}\n"
#define STAGES                                                               \
    "stages:\n"                                                              \
    "  - {name: cut, process_time: 0.1}\n"                                   \
    "  - {name: pack, process_time: 0.2}\n"
#define KANBAN "policies:\n  - {name: JIT, type: kanban, cards: 4}\n"
#define LINE HEAD PRODUCTS STAGES KANBAN

Test(scenario_line, the_base_of_the_error_tests_is_valid)
{
    scenario sc;
    accept(LINE, NULL, 0, &sc);
    cr_assert_eq(sc.worlds[0].line.n_stages, 2);
    scenario_free(&sc);
}

Test(scenario_line, stage_errors)
{
    /* An unknown key, with a suggestion. */
    ERRORS(HEAD PRODUCTS
           "stages:\n"
           "  - {name: cut, process_time: 0.1, machnes: 2}\n" KANBAN,
           "t.yaml:7:36: unknown key 'machnes' in a stage; did you mean "
           "'machines'?");
    /* Two stages of one name. */
    ERRORS(HEAD PRODUCTS
           "stages:\n"
           "  - {name: cut, process_time: 0.1}\n"
           "  - {name: cut, process_time: 0.2}\n" KANBAN,
           "t.yaml:8:12: two stages are named 'cut'; expected unique names");
    /* Machines and defects out of bounds. */
    ERRORS(HEAD PRODUCTS
           "stages:\n"
           "  - {name: cut, process_time: 0.1, machines: 0}\n"
           "  - {name: pack, process_time: 0.2, defect_rate: 1.0}\n" KANBAN,
           "t.yaml:7:46: machines must be >= 1, got 0; expected a whole "
           "number of machines >= 1",
           "t.yaml:8:50: defect_rate must be < 1, got 1.0; expected a "
           "fraction in [0, 1)");
    /* A per-product process time without a default must list every
     * product. */
    ERRORS(HEAD PRODUCTS
           "stages:\n"
           "  - {name: cut, process_time: {A: 0.1}}\n" KANBAN,
           "t.yaml:7:31: process_time gives no time for product B and no "
           "default; expected a distribution for every product, or "
           "default: one for the products not listed");
    /* Seventeen stages. */
    char many[4096];
    size_t used = (size_t)snprintf(many, sizeof many, "%s%sstages:\n",
                                   HEAD, PRODUCTS);
    for (int i = 0; i < 17; i++)
        used += (size_t)snprintf(many + used, sizeof many - used,
                                 "  - {name: s%d, process_time: 0.1}\n", i);
    snprintf(many + used, sizeof many - used, "%s", KANBAN);
    ERRORS(many, "t.yaml:7:3: 17 stages; expected 1 to 16 stages, in flow "
                 "order");
    ERRORS(HEAD PRODUCTS "stages: []\n" KANBAN,
           "t.yaml:6:9: 0 stages; expected 1 to 16 stages, in flow order");
}

Test(scenario_line, more_stage_errors)
{
    ERRORS(HEAD PRODUCTS
           "stages:\n"
           "  - {machines: 2}\n"
           "  - {name: \"a b\", process_time: {A: 0.1, mean: 2}}\n"
           "  - {name: A, process_time: 0, setup_time: {A->A: 1, B->C: 1}}\n"
           "  - name: ok\n"
           "    process_time: 0.1\n"
           "    breakdowns: {mtbf: 0, by: calendar}\n"
           "    maintenance: {every: 0, mtbf_factor: 0.5}\n"
           "    defects: sell\n"
           "    cards: 2.5\n" KANBAN,
           "t.yaml:7:5: a stage has no name; expected name: a unique name",
           "t.yaml:7:5: a stage has no process_time; expected process_time: "
           "a distribution of times per unit with mean > 0, or one per "
           "product",
           "t.yaml:8:13: stage name 'a b' has a character other than "
           "letters, digits, '_' and '-'; expected a stage name of letters, "
           "digits, '_' and '-'",
           "t.yaml:8:42: process_time has no dist: and 'mean' is no product; "
           "expected {dist: NAME, mean: ...} for one distribution, or {A: "
           "0.5, B: 0.7, default: 0.6} for one per product",
           "t.yaml:9:12: stage 'A' has the name of a product; expected stage "
           "names unlike the products' (their columns would clash)",
           "t.yaml:9:29: process_time has a mean of 0; expected a "
           "distribution of times per unit with mean > 0",
           "t.yaml:9:45: A->A: a machine needs no setup to go on with the "
           "same product; expected two different products",
           "t.yaml:9:54: unknown product 'C' in setup_time; expected one of "
           "A, B",
           "t.yaml:12:17: breakdowns has no mttr; expected mttr: a "
           "distribution of repair times >= 0",
           "t.yaml:12:24: mtbf has a mean of 0; expected a distribution of "
           "times between failures with mean > 0",
           "t.yaml:12:31: unknown by 'calendar'; expected one of operating, "
           "clock",
           "t.yaml:13:18: maintenance has no duration; expected duration: a "
           "distribution of times >= 0",
           "t.yaml:13:26: every must be > 0, got 0; expected the operating "
           "time between stops > 0",
           "t.yaml:13:42: mtbf_factor must be >= 1, got 0.5; expected a "
           "multiplier >= 1 of the time between failures",
           "t.yaml:14:14: unknown defects 'sell'; expected one of scrap, "
           "rework",
           "t.yaml:15:12: cards must be a whole number, got 2.5; expected a "
           "whole number of kanban cards >= 1");
}

Test(scenario_line, product_errors)
{
    ERRORS(HEAD
           "products:\n"
           "  - {name: A, demand: {rate: 2}}\n"
           "  - {name: A, demand: {rate: 1}, unit_cst: 3}\n"
           "  - {name: default, initial_inventory: 3, initial: -1}\n"
           "demand: {rate: 3}\n" STAGES KANBAN,
           "t.yaml:5:12: two products are named 'A'; expected unique names",
           "t.yaml:5:34: unknown key 'unit_cst' in a product; did you mean "
           "'unit_cost'?",
           "t.yaml:6:5: a product has no demand; expected demand: "
           "{arrivals: poisson, rate: 20, size: 1}",
           "t.yaml:6:12: product name 'default' is reserved (process_time "
           "and setup_time maps use it as a key); expected another name",
           "t.yaml:6:21: unknown key 'initial_inventory' in a product; "
           "expected one of name, demand, initial, unit_cost,",
           "t.yaml:6:52: initial must not be negative, got -1; expected a "
           "whole number of finished units >= 0",
           "t.yaml:7:1: demand: is given with products:; expected each "
           "product's demand in its entry (products: [{name: A, demand: "
           "{...}}]), or no products: for a one-product line");
    /* Nine products. */
    char many[4096];
    size_t used = (size_t)snprintf(many, sizeof many, "%sproducts:\n", HEAD);
    for (int i = 0; i < 9; i++)
        used += (size_t)snprintf(many + used, sizeof many - used,
                                 "  - {name: p%d, demand: {rate: 1}}\n", i);
    snprintf(many + used, sizeof many - used, "%s%s", STAGES, KANBAN);
    ERRORS(many, "t.yaml:4:3: 9 products; expected 1 to 8 (or no products: "
                 "for one product made of item: and demand:)");
    /* A product's demand is checked as the top level's. */
    ERRORS(HEAD
           "products:\n"
           "  - {name: A, demand: {rate: 0}}\n" STAGES KANBAN,
           "t.yaml:4:30: rate must be > 0, got 0;");
    /* Without products:, demand: is needed. */
    ERRORS(HEAD STAGES KANBAN,
           "t.yaml:1:1: the scenario has no demand; expected demand: "
           "{arrivals: poisson, rate: 40, size: 1}, or products: with a "
           "demand each");
}

Test(scenario_line, raw_errors)
{
    ERRORS(LINE "raw: {supplier: steel, s: 10, S: 20}\n",
           "t.yaml:11:17: no supplier named 'steel': the scenario has no "
           "suppliers; expected a suppliers: list that names it");
    ERRORS(LINE "suppliers:\n  - {name: steel, lead_time: 2}\n"
                "raw: {supplier: stel, s: 10, S: 20}\n",
           "t.yaml:13:17: no supplier named 'stel'; did you mean 'steel'?");
    ERRORS(LINE "suppliers:\n  - {name: steel, lead_time: 2}\n"
                "raw: {supplier: steel, s: 200, S: 200}\n",
           "t.yaml:13:35: S must be above s (200), got 200; expected an "
           "order-up-to level > s");
    ERRORS(LINE "suppliers:\n  - {name: steel, lead_time: 2}\n"
                "raw: {s: 1.5, unit_cost: -1}\n",
           "t.yaml:13:6: raw has no supplier; expected supplier:",
           "t.yaml:13:6: raw has no S; expected S: the order-up-to level",
           "t.yaml:13:10: s must be a whole number, got 1.5;",
           "t.yaml:13:26: unit_cost must not be negative, got -1;");
    /* A disruption needs a supplier too. */
    ERRORS(LINE "disruptions:\n  - {supplier: steel, start: 5, duration: 2}\n",
           "t.yaml:12:16: no supplier named 'steel': the scenario has no "
           "suppliers;");
}

Test(scenario_line, a_disruption_may_stop_a_stage)
{
    scenario sc;
    accept(LINE "disruptions:\n"
                "  - {name: strike, stage: pack, start: 5, duration: 2}\n"
                "  - {stage: cut, effect: loss, start: 50}\n",
           NULL, 0, &sc);
    for (size_t i = 0; i < sc.n_policies; i++) {
        const world_spec *w = &sc.worlds[i];
        cr_assert_eq(w->n_disruptions, 2);
        cr_assert_eq(w->disruptions[0].stage, 1);
        cr_assert_eq(w->disruptions[0].duration, 2.0);
        cr_assert_eq(w->disruptions[1].stage, 0);
        cr_assert_eq(w->disruptions[1].effect, EFFECT_LOSS);
    }
    scenario_free(&sc);
    ERRORS(LINE "disruptions:\n  - {stage: pak, start: 5, duration: 2}\n",
           "t.yaml:12:13: no stage named 'pak'; did you mean 'pack'?");
    ERRORS(LINE "disruptions:\n"
                "  - {stage: pack, supplier: x, start: 5, duration: 2}\n",
           "t.yaml:12:13: a disruption hits a supplier or a stage, not both;");
    ERRORS(LINE "disruptions:\n"
                "  - {stage: pack, effect: lead_time, factor: 2, start: 5, "
                "duration: 2}\n",
           "t.yaml:12:27: a stage can only be stopped; expected effect: "
           "outage or loss with stage:");
    /* A closure closes a supplier's route: a stage has none. */
    ERRORS(LINE "disruptions:\n"
                "  - {stage: pack, effect: closure, start: 5, duration: 2}\n",
           "t.yaml:12:27: a stage can only be stopped; expected effect: "
           "outage or loss with stage:");
    ERRORS(LINE "disruptions:\n"
                "  - {stage: pack, effect: closure, unloading_rate: 4, "
                "start: 5, duration: 2}\n",
           "t.yaml:12:27: a stage can only be stopped; expected effect: "
           "outage or loss with stage:");
    ERRORS(HEAD "demand: {rate: 1}\n"
                "suppliers: [{name: s, lead_time: 1}]\n"
                "disruptions: [{stage: press, start: 1, duration: 1}]\n"
                "policies: [{name: E, type: eoq, supplier: s, Q: 5, r: 2}]\n",
           "t.yaml:5:23: stage 'press': the scenario has no stages; expected "
           "supplier:");
}

Test(scenario_line, policy_errors)
{
    /* A sequence naming no product. */
    ERRORS(HEAD PRODUCTS STAGES
           "policies:\n"
           "  - {name: L, type: heijunka, sequence: [A, B, Bee, D]}\n",
           "t.yaml:10:48: unknown product 'Bee' in sequence; did you mean "
           "'B'?",
           "t.yaml:10:53: unknown product 'D' in sequence; expected one of "
           "A, B");
    /* A sequence on a policy that releases no sequence. */
    ERRORS(HEAD PRODUCTS STAGES
           "policies:\n"
           "  - {name: JIT, type: kanban, sequence: [A, B]}\n",
           "t.yaml:10:31: kanban takes no sequence; expected sequence only "
           "with heijunka or campaign, on a production line");
    /* A stock point's policy cannot control a line. */
    ERRORS(HEAD PRODUCTS STAGES
           "policies:\n"
           "  - {name: EOQ, type: eoq, Q: 20}\n",
           "t.yaml:10:23: eoq cannot control a production line; expected one "
           "of mrp, kanban, conwip, heijunka, campaign (or no stages: for a "
           "single stock point)");
    /* A line control without a line. */
    ERRORS(HEAD
           "demand: {rate: 2}\n"
           "suppliers:\n  - {name: local, lead_time: 2}\n"
           "policies:\n"
           "  - {name: CW, type: conwip, wip: 30}\n",
           "t.yaml:7:22: conwip controls a production line; add a stages: "
           "section, or use one of eoq, sS, periodic, mrp, kanban, "
           "base_stock, make_to_order");
    /* Parameters are those of the type as a line control; stock-point
     * keys do not apply. */
    ERRORS(HEAD PRODUCTS STAGES
           "suppliers:\n  - {name: local, lead_time: 2}\n"
           "policies:\n"
           "  - {name: JIT, type: kanban, wip: 3, supplier: local,\n"
           "     emergency_stock: 5, initial_inventory: 2, second_supplier: "
           "local}\n"
           "  - {name: CW, type: conwip, cards: 3, wip: 0}\n"
           "  - {name: L, type: heijunka, pitch: -1, sequence: []}\n"
           "  - {name: C, type: campaign, batch: 0.5}\n",
           "t.yaml:12:31: kanban takes no wip as a line control; expected "
           "its parameters cards, container, safety",
           "t.yaml:12:39: supplier does not apply to a policy controlling a "
           "production line; expected raw: {supplier: NAME, s: ..., S: ...}",
           "t.yaml:13:6: emergency_stock does not apply to a policy "
           "controlling a production line;",
           "t.yaml:13:26: initial_inventory does not apply to a policy "
           "controlling a production line; expected initial: in each "
           "product",
           "t.yaml:13:48: second_supplier does not apply to a policy "
           "controlling a production line; expected raw: {supplier: NAME, "
           "...} to say where the line's material comes from "
           "(second_supplier is a dual-sourced stock point's)",
           "t.yaml:14:30: conwip takes no cards as a line control; expected "
           "its parameters safety, wip",
           "t.yaml:14:45: wip must be >= 1, got 0; expected a whole number "
           "of units >= 1, or auto",
           "t.yaml:15:38: pitch must be > 0, got -1; expected a time > 0 "
           "between releases, or auto",
           "t.yaml:15:52: sequence has 0 entries; expected 1 to 256 product "
           "names",
           "t.yaml:16:38: batch must be >= 1, got 0.5; expected a "
           "whole number of leveled cycles >= 1, or auto");
    ERRORS(HEAD PRODUCTS STAGES
           "suppliers:\n  - {name: local, lead_time: 2}\n"
           "policies:\n"
           "  - {name: JIT, type: kanban, release: during, backup_lot: 4}\n",
           "t.yaml:12:31: release does not apply to a policy controlling a "
           "production line; expected name, type, sequence and the "
           "control's parameters (release is a stock point's mitigation)",
           "t.yaml:12:48: backup_lot does not apply to a policy controlling "
           "a production line; expected name, type, sequence and the "
           "control's parameters (backup_lot is a stock point's "
           "mitigation)");
    /* products: and raw: belong to lines. */
    ERRORS("name: t\nhorizon: 100\ndemand: {rate: 2}\n"
           "suppliers:\n  - {name: local, lead_time: 2}\n"
           "products:\n  - {name: A, demand: {rate: 2}}\n"
           "raw: {supplier: local, s: 1, S: 2}\n"
           "policies:\n  - {name: JIT, type: kanban}\n",
           "t.yaml:6:1: products: belongs to a production line; expected a "
           "stages: section with it, or no products:",
           "t.yaml:8:1: raw: belongs to a production line; expected a "
           "stages: section with it, or no raw:");
}

Test(scenario_line, all_errors_of_a_line_at_once)
{
    ERRORS(HEAD
           "products:\n"
           "  - {name: A, demand: {rate: 2}}\n"
           "stages:\n"
           "  - {name: cut, process_time: 0.1, machnes: 2}\n"
           "  - {name: cut, process_time: 0.2, defect_rate: 1.0}\n"
           "policies:\n"
           "  - {name: EOQ, type: eoq}\n"
           "  - {name: L, type: heijunka, sequence: [B]}\n",
           "t.yaml:6:36: unknown key 'machnes' in a stage; did you mean "
           "'machines'?",
           "t.yaml:7:12: two stages are named 'cut';",
           "t.yaml:7:49: defect_rate must be < 1, got 1.0;",
           "t.yaml:9:23: eoq cannot control a production line;",
           "t.yaml:10:42: unknown product 'B' in sequence; expected one of "
           "A");
}

/* ---- --set and sweep ---------------------------------------------------- */

Test(scenario_line, overrides_reach_stages_products_and_raw)
{
    const char *set[] = {
        "stages.cut.machines=3",
        "products.A.demand.rate=5",
        "products.B.unit_cost=31",
        "stages.cut.process_time.mean=0.02",
        "stages.weld.process_time.A.cv=0.25",
        "stages.weld.process_time.default=0.03",
        "stages.cut.setup_time.A->B=2",
        "stages.cut.defect_rate=0.1",
        "stages.weld.cards=7",
        "stages.cut.breakdowns.mtbf.mean=60",
        "stages.weld.maintenance.every=50",
        "raw.S=700",
        "raw.s=100",
        "policies.CW.wip=12",
        "policies.Leveled.pitch=0.05",
    };
    scenario sc;
    accept(full_line, set, sizeof set / sizeof set[0], &sc);
    for (size_t i = 0; i < sc.n_policies; i++) {
        const line_spec *l = &sc.worlds[i].line;
        const stage_spec *cut = &l->stages[0], *weld = &l->stages[1];
        cr_assert_eq(cut->machines, 3);
        cr_assert_eq(l->products[0].demand.rate, 5.0);
        cr_assert_eq(l->products[1].item.unit_cost, 31.0);
        /* The compact string was rewritten. */
        assert_dist(&cut->process_time, DIST_EXPONENTIAL, 0.02, "cut");
        assert_dist(&weld->product_process[0], DIST_GAMMA, 0.01, "weld A");
        cr_assert_float_eq(dist_cv(&weld->product_process[0]), 0.25, 1e-12);
        assert_dist(&weld->process_time, DIST_CONSTANT, 0.03, "weld");
        assert_dist(&cut->setup_pair[0][1], DIST_CONSTANT, 2.0, "A->B");
        cr_assert_eq(cut->defect_rate, 0.1);
        cr_assert_eq(weld->cards, 7.0);
        assert_dist(&cut->breakdown.time_between, DIST_EXPONENTIAL, 60.0,
                    "mtbf");
        cr_assert_eq(weld->maintenance.every, 50.0);
        cr_assert_eq(l->raw.S, 700.0);
        cr_assert_eq(l->raw.s, 100.0);
    }
    assert_param(&sc.worlds[1].policy, PARAM_WIP, PARAM_GIVEN, 12);
    assert_param(&sc.worlds[3].policy, PARAM_PITCH, PARAM_GIVEN, 0.05);
    scenario_free(&sc);
}

Test(scenario_line, override_errors)
{
    const char *a[] = {"stages.cutt.machines=3"};
    SET_ERRORS(LINE, a,
               "--set stages.cutt.machines: no such key; did you mean 'cut'?");
    const char *b[] = {"stages.cut.machines=0"};
    SET_ERRORS(LINE, b,
               "--set stages.cut.machines: machines must be >= 1, got 0;");
    const char *c[] = {"products.C.demand.rate=3"};
    SET_ERRORS(LINE, c,
               "--set products.C.demand.rate: no such key; expected an entry "
               "name (A, B) or an index below 2");
    const char *d[] = {"policies.JIT.wip=3"};
    SET_ERRORS(LINE, d,
               "--set policies.JIT.wip: kanban takes no wip as a line "
               "control; expected its parameters cards, container, safety");
    /* A whole per-product map, replacing one distribution. */
    const char *e[] = {"stages.cut.process_time={A: 0.1}"};
    SET_ERRORS(LINE, e,
               "--set stages.cut.process_time: process_time gives no time "
               "for product B and no default;");
}

Test(scenario_line, a_sweep_of_a_stage_reaches_every_world)
{
    static const char yaml[] = LINE
        "  - {name: CW, type: conwip, wip: 10}\n"
        "sweep:\n"
        "  stages.cut.process_time.mean: [0.05, 0.1, 0.2]\n"
        "  products.A.demand.rate: {from: 1, to: 3, step: 1}\n";
    scenario sc;
    accept(yaml, NULL, 0, &sc);
    cr_assert_eq(sc.n_axes, 2);
    cr_assert_str_eq(sc.axes[0].path, "stages.cut.process_time.mean");
    cr_assert_eq(sc.axes[0].n_values, 3);
    cr_assert_eq(sc.axes[0].values[2], 0.2);
    cr_assert_str_eq(sc.axes[1].path, "products.A.demand.rate");
    cr_assert_eq(sc.axes[1].n_values, 3);
    scenario_free(&sc);
    /* A point of the sweep is the file with the axes as overrides (as
     * analysis/sweep.c applies them). */
    const char *point[] = {"stages.cut.process_time.mean=0.2",
                           "products.A.demand.rate=3"};
    accept(yaml, point, 2, &sc);
    cr_assert_eq(sc.n_policies, 2);
    for (size_t i = 0; i < sc.n_policies; i++) {
        const line_spec *l = &sc.worlds[i].line;
        assert_dist(&l->stages[0].process_time, DIST_CONSTANT, 0.2, "cut");
        assert_dist(&l->stages[1].process_time, DIST_CONSTANT, 0.2, "pack");
        cr_assert_eq(l->products[0].demand.rate, 3.0);
        cr_assert_eq(l->products[1].demand.rate, 1.0);
    }
    scenario_free(&sc);
    /* Values the model refuses show before any run. */
    ERRORS(LINE "sweep:\n  stages.cut.machines: [1, 0]\n",
           "t.yaml:12:3: sweep value 0 of stages.cut.machines: machines must "
           "be >= 1, got 0;");
    ERRORS(LINE "sweep:\n  stages.cat.machines: [1, 2]\n",
           "t.yaml:12:3: sweep path 'stages.cat.machines' names no key of the "
           "scenario; did you mean 'cut'?");
}

Test(scenario_line, the_documented_line_is_valid)
{
    /* docs/scenario-format.md's "Production lines" example must stay one
     * that loads. */
    scenario sc;
    parse_documented("## Production lines", &sc);
    cr_assert_eq(sc.n_policies, 5);
    const line_spec *l = &sc.worlds[4].line;
    cr_assert_eq(l->n_products, 3);
    cr_assert_eq(l->n_stages, 3);
    cr_assert_str_eq(l->stages[2].name, "pack");
    cr_assert_eq(l->stages[2].cards, 5.0);
    cr_assert_eq(l->raw.S, 600.0);
    cr_assert_eq(l->products[1].item.holding_rate, 0.25);
    cr_assert_eq(sc.worlds[3].line.sequence_len, 7);
    scenario_free(&sc);
}
