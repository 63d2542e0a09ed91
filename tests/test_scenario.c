/*
 * test_scenario.c - the scenario loader: every key read into the right
 * field, every mistake reported as "file:line:column: what; expected", all
 * of a file's mistakes together and in file order, --set overrides, sweep
 * forms, and input that must fail cleanly (bad YAML, binary bytes, deep
 * nesting, huge files).
 */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/scenario.h"

#include "scenario_check.h"

/* The smallest valid scenario, five lines the error tests build on. */
#define NAME_HORIZON "name: t\nhorizon: 100\n"
#define DEMAND "demand: {rate: 2}\n"
#define SUPPLIER "suppliers:\n  - {name: local, lead_time: 2, order_cost: 50}\n"
#define POLICY "policies:\n  - {name: EOQ, type: eoq, Q: 20, r: 5}\n"
#define MINIMAL NAME_HORIZON DEMAND SUPPLIER POLICY

/* ---- every key ---------------------------------------------------------- */

static const char full_yaml[] =
    "name: Full\n"
    "description: every key of the format\n"
    "time_unit: week\n"
    "horizon: 104\n"
    "warmup: 8\n"
    "replications: 12\n"
    "seed: 18446744073709551615\n"
    "item:\n"
    "  unit_cost: 20\n"
    "  holding_rate: 0.25\n"
    "  backorder_cost: 1.5\n"
    "  stockout_cost: 3\n"
    "  lost_sales: false\n"
    "  initial_inventory: 40\n"
    "  shelf_life: 30\n"
    "  scrap_cost: 5\n"
    "  price: 29\n"
    "demand:\n"
    "  arrivals: poisson\n"
    "  rate: 40\n"
    "  size: \"poisson(mean=2)\"\n"
    "  trend: 0.001\n"
    "  season: {amplitude: 0.3, period: 52, phase: 4}\n"
    "  shocks:\n"
    "    - {start: 20, end: 30, factor: 1.5}\n"
    "    - {start: 60, end: 61, factor: 0}\n"
    "suppliers:\n"
    "  - name: local\n"
    "    lead_time: \"gamma(mean=2, cv=0.25)\"\n"
    "    servers: 2\n"
    "    process_time: {dist: exponential, mean: 0.01}\n"
    "    order_cost: 50\n"
    "    shipment_cost: 25\n"
    "    unit_freight: 0.5\n"
    "    unit_price: 18\n"
    "    min_order: 10\n"
    "    defect_rate: 0.02\n"
    "    ownership: at_receipt\n"
    "    deliveries: independent\n"
    "  - {name: offshore, lead_time: {dist: lognormal, mean: 30, cv: 0.4},\n"
    "     unit_price: 16}\n"
    "disruptions:\n"
    "  - {name: strike, supplier: local, effect: outage, start: 50,\n"
    "     duration: 3, every: 20}\n"
    "  - {supplier: offshore, effect: lead_time, factor: 2,\n"
    "     every: \"exponential(mean=40)\",\n"
    "     duration: {dist: uniform, min: 1, max: 3}}\n"
    "  - {supplier: local, effect: capacity, factor: 0.5, start: 10,\n"
    "     duration: 2}\n"
    "  - {supplier: offshore, effect: loss, start: 90}\n"
    "  - {name: port, supplier: offshore, effect: closure, start: 40,\n"
    "     duration: 10, unloading_rate: 500}\n"
    "policies:\n"
    "  - {name: JIT, type: kanban, supplier: local, container: 20,\n"
    "     cards: auto, safety: 0.1}\n"
    "  - {name: EOQ, type: eoq, Q: auto, r: 12, service_level: 0.95,\n"
    "     initial_inventory: 100, backup_supplier: offshore,\n"
    "     backup_lot: cover_gap}\n"
    "  - name: Hybrid\n"
    "    type: kanban\n"
    "    container: 20\n"
    "    cards: 5\n"
    "    emergency_stock: 200\n"
    "    release: during\n"
    "    backup_supplier: offshore\n"
    "    switch_after: 3\n"
    "    backup_lot: 50\n"
    "    expedite: {factor: 0.5, cost: 2}\n"
    "  - {name: Plan, type: mrp, forecast: exponential, alpha: 0.3,\n"
    "     window: 4, safety_stock: auto, period: 1}\n"
    "  - {name: Base, type: base_stock, S: 30, fill_rate: 0.9,\n"
    "     expedite: 0.8}\n"
    "  - {name: Per, type: periodic, R: 2, S: auto}\n"
    "  - {name: MTO, type: make_to_order}\n"
    "  - {name: SS, type: sS, s: 10, S: 50, R: 0}\n"
    "  - {name: Split, type: standing_split, supplier: offshore,\n"
    "     second_supplier: local, split: 0.7, R: 4, S: auto}\n"
    "  - {name: Dual, type: dual_index, supplier: offshore,\n"
    "     second_supplier: local, S_e: 90, S_r: auto, R: 1}\n"
    "baseline: EOQ\n"
    "sweep:\n"
    "  demand.rate: [20, 40, 80]\n"
    "  suppliers.local.lead_time.mean: {from: 1, to: 7, step: 2}\n"
    "  policies.JIT.safety: {from: 0.01, to: 1, count: 3, scale: log}\n";

static void assert_param(const policy_spec *p, policy_param k, int state,
                         double value)
{
    cr_assert_eq(p->params.state[k], state, "%s %s: state %d, want %d",
                 p->name, policy_param_name(k), p->params.state[k], state);
    if (state == PARAM_GIVEN)
        cr_assert_float_eq(p->params.value[k], value, 1e-12, "%s %s",
                           p->name, policy_param_name(k));
}

Test(scenario, every_key_lands_in_its_field)
{
    scenario sc;
    accept(full_yaml, NULL, 0, &sc);
    cr_assert_str_eq(sc.name, "Full");
    cr_assert_str_eq(sc.description, "every key of the format");
    cr_assert_str_eq(sc.time_unit, "week");
    cr_assert_str_eq(sc.source, "t.yaml");
    cr_assert_eq(sc.replications, 12);
    cr_assert_eq(sc.seed, UINT64_MAX);
    cr_assert_eq(sc.warmup_auto, 0);
    cr_assert_eq(sc.n_policies, 10);
    cr_assert_eq(sc.baseline, 1);

    for (size_t i = 0; i < sc.n_policies; i++) {
        const world_spec *w = &sc.worlds[i];
        cr_assert_eq(w->horizon, 104.0);
        cr_assert_eq(w->warmup, 8.0);
        cr_assert_eq(w->time_units_per_year, 52.0);
        cr_assert_eq(w->bullwhip_period, 1.0);

        const item_spec *it = &w->item;
        cr_assert_eq(it->unit_cost, 20.0);
        cr_assert(isnan(it->holding_cost));
        cr_assert_eq(it->holding_rate, 0.25);
        cr_assert_eq(it->backorder_cost, 1.5);
        cr_assert_eq(it->stockout_cost, 3.0);
        cr_assert_eq(it->lost_sales, 0);
        cr_assert_eq(it->shelf_life, 30.0);
        cr_assert_eq(it->scrap_cost, 5.0);
        cr_assert_eq(it->price, 29.0);

        const demand_spec *d = &w->demand;
        cr_assert_eq(d->arrivals, DEMAND_POISSON);
        cr_assert_eq(d->rate, 40.0);
        cr_assert_eq(d->size.kind, DIST_POISSON);
        cr_assert_float_eq(dist_mean(&d->size), 2.0, 1e-12);
        cr_assert_eq(d->trend, 0.001);
        cr_assert_eq(d->season_amplitude, 0.3);
        cr_assert_eq(d->season_period, 52.0);
        cr_assert_eq(d->season_phase, 4.0);
        cr_assert_eq(d->n_shocks, 2);
        cr_assert_eq(d->shocks[0].start, 20.0);
        cr_assert_eq(d->shocks[0].end, 30.0);
        cr_assert_eq(d->shocks[0].factor, 1.5);
        cr_assert_eq(d->shocks[1].start, 60.0);
        cr_assert_eq(d->shocks[1].end, 61.0);
        cr_assert_eq(d->shocks[1].factor, 0.0);

        cr_assert_eq(w->n_suppliers, 2);
        const supplier_spec *s = &w->suppliers[0];
        cr_assert_str_eq(s->name, "local");
        cr_assert_eq(s->lead_time.kind, DIST_GAMMA);
        cr_assert_float_eq(dist_mean(&s->lead_time), 2.0, 1e-9);
        cr_assert_float_eq(dist_cv(&s->lead_time), 0.25, 1e-9);
        cr_assert_eq(s->servers, 2);
        cr_assert_eq(s->process_time.kind, DIST_EXPONENTIAL);
        cr_assert_float_eq(dist_mean(&s->process_time), 0.01, 1e-12);
        cr_assert_eq(s->order_cost, 50.0);
        cr_assert_eq(s->shipment_cost, 25.0);
        cr_assert_eq(s->unit_freight, 0.5);
        cr_assert_eq(s->unit_price, 18.0);
        cr_assert_eq(s->min_order, 10.0);
        cr_assert_eq(s->defect_rate, 0.02);
        cr_assert_eq(s->ownership, OWNERSHIP_AT_RECEIPT);
        cr_assert_eq(s->deliveries, DELIVERIES_INDEPENDENT);
        s = &w->suppliers[1];
        cr_assert_str_eq(s->name, "offshore");
        cr_assert_eq(s->lead_time.kind, DIST_LOGNORMAL);
        cr_assert_float_eq(dist_mean(&s->lead_time), 30.0, 1e-9);
        cr_assert_float_eq(dist_cv(&s->lead_time), 0.4, 1e-9);
        cr_assert_eq(s->servers, 0);
        cr_assert_eq(s->order_cost, 0.0);
        cr_assert_eq(s->unit_price, 16.0);
        cr_assert_eq(s->defect_rate, 0.0);
        cr_assert_eq(s->ownership, OWNERSHIP_AT_DISPATCH);
        cr_assert_eq(s->deliveries, DELIVERIES_IN_ORDER);

        cr_assert_eq(w->n_disruptions, 5);
        const disruption_spec *x = &w->disruptions[0];
        cr_assert_str_eq(x->name, "strike");
        cr_assert_eq(x->supplier, 0);
        cr_assert_eq(x->effect, EFFECT_OUTAGE);
        cr_assert_eq(x->random, 0);
        cr_assert_eq(x->start, 50.0);
        cr_assert_eq(x->duration, 3.0);
        cr_assert_eq(x->every, 20.0);
        x = &w->disruptions[1];
        cr_assert_str_eq(x->name, "disruption1");
        cr_assert_eq(x->supplier, 1);
        cr_assert_eq(x->effect, EFFECT_LEAD_TIME);
        cr_assert_eq(x->factor, 2.0);
        cr_assert_eq(x->random, 1);
        cr_assert_eq(x->start, 0.0);
        cr_assert_eq(x->time_between.kind, DIST_EXPONENTIAL);
        cr_assert_float_eq(dist_mean(&x->time_between), 40.0, 1e-12);
        cr_assert_eq(x->random_duration.kind, DIST_UNIFORM);
        cr_assert_float_eq(dist_mean(&x->random_duration), 2.0, 1e-12);
        x = &w->disruptions[2];
        cr_assert_str_eq(x->name, "disruption2");
        cr_assert_eq(x->effect, EFFECT_CAPACITY);
        cr_assert_eq(x->factor, 0.5);
        cr_assert_eq(x->start, 10.0);
        cr_assert_eq(x->duration, 2.0);
        cr_assert_eq(x->every, 0.0);
        x = &w->disruptions[3];
        cr_assert_eq(x->effect, EFFECT_LOSS);
        cr_assert_eq(x->supplier, 1);
        cr_assert_eq(x->start, 90.0);
        cr_assert_eq(x->unloading_rate, 0.0);
        x = &w->disruptions[4];
        cr_assert_str_eq(x->name, "port");
        cr_assert_eq(x->effect, EFFECT_CLOSURE);
        cr_assert_eq(x->supplier, 1);
        cr_assert_eq(x->start, 40.0);
        cr_assert_eq(x->duration, 10.0);
        cr_assert_eq(x->unloading_rate, 500.0);
    }
    /* Deep copies: no world shares memory with another. */
    cr_assert_neq(sc.worlds[0].suppliers, sc.worlds[1].suppliers);
    cr_assert_neq(sc.worlds[0].disruptions, sc.worlds[1].disruptions);
    cr_assert_neq(sc.worlds[0].demand.shocks, sc.worlds[1].demand.shocks);

    const policy_spec *p = &sc.worlds[0].policy;
    cr_assert_str_eq(p->name, "JIT");
    cr_assert_eq(p->type, policy_find("kanban"));
    cr_assert_eq(p->supplier, 0);
    assert_param(p, PARAM_CONTAINER, PARAM_GIVEN, 20);
    assert_param(p, PARAM_CARDS, PARAM_AUTO, 0);
    assert_param(p, PARAM_SAFETY, PARAM_GIVEN, 0.1);
    assert_param(p, PARAM_Q, PARAM_UNSET, 0);
    cr_assert_eq(p->initial_inventory, 40.0); /* the item's */
    cr_assert_eq(p->emergency_stock, 0.0);
    cr_assert_eq(p->release, RELEASE_UNTIL_RECOVERED);
    cr_assert_eq(p->backup_supplier, -1);
    cr_assert_eq(p->backup_lot, 0.0); /* cover_gap */
    cr_assert_eq(p->second_supplier, -1);
    cr_assert_eq(p->expedite, 0.0);

    p = &sc.worlds[1].policy;
    cr_assert_str_eq(p->name, "EOQ");
    cr_assert_eq(p->type, policy_find("eoq"));
    assert_param(p, PARAM_Q, PARAM_AUTO, 0);
    assert_param(p, PARAM_r, PARAM_GIVEN, 12);
    assert_param(p, PARAM_SERVICE_LEVEL, PARAM_GIVEN, 0.95);
    cr_assert_eq(p->initial_inventory, 100.0); /* its own */
    cr_assert_eq(p->backup_supplier, 1);
    cr_assert_eq(p->backup_lot, 0.0); /* cover_gap, as given */

    p = &sc.worlds[2].policy;
    cr_assert_str_eq(p->name, "Hybrid");
    cr_assert_eq(p->supplier, 0); /* the first supplier by default */
    assert_param(p, PARAM_CARDS, PARAM_GIVEN, 5);
    cr_assert_eq(p->emergency_stock, 200.0);
    cr_assert_eq(p->release, RELEASE_DURING);
    cr_assert_eq(p->backup_supplier, 1);
    cr_assert_eq(p->switch_after, 3.0);
    cr_assert_eq(p->backup_lot, 50.0);
    cr_assert_eq(p->expedite, 0.5);
    cr_assert_eq(p->expedite_cost, 2.0);

    p = &sc.worlds[3].policy;
    cr_assert_eq(p->type, policy_find("mrp"));
    assert_param(p, PARAM_FORECAST, PARAM_GIVEN, 1);
    assert_param(p, PARAM_ALPHA, PARAM_GIVEN, 0.3);
    assert_param(p, PARAM_WINDOW, PARAM_GIVEN, 4);
    assert_param(p, PARAM_SAFETY_STOCK, PARAM_AUTO, 0);
    assert_param(p, PARAM_PERIOD, PARAM_GIVEN, 1);

    p = &sc.worlds[4].policy;
    assert_param(p, PARAM_S, PARAM_GIVEN, 30);
    assert_param(p, PARAM_FILL_RATE, PARAM_GIVEN, 0.9);
    cr_assert_eq(p->expedite, 0.8);
    cr_assert_eq(p->expedite_cost, 0.0);

    p = &sc.worlds[5].policy;
    assert_param(p, PARAM_R, PARAM_GIVEN, 2);
    assert_param(p, PARAM_S, PARAM_AUTO, 0);
    cr_assert_eq(sc.worlds[6].policy.type, policy_find("make_to_order"));
    p = &sc.worlds[7].policy;
    cr_assert_eq(p->type, policy_find("sS"));
    assert_param(p, PARAM_s, PARAM_GIVEN, 10);
    assert_param(p, PARAM_S, PARAM_GIVEN, 50);
    assert_param(p, PARAM_R, PARAM_GIVEN, 0);
    p = &sc.worlds[8].policy;
    cr_assert_eq(p->type, policy_find("standing_split"));
    cr_assert_eq(p->supplier, 1);
    cr_assert_eq(p->second_supplier, 0);
    assert_param(p, PARAM_SPLIT, PARAM_GIVEN, 0.7);
    assert_param(p, PARAM_R, PARAM_GIVEN, 4);
    assert_param(p, PARAM_S, PARAM_AUTO, 0);
    p = &sc.worlds[9].policy;
    cr_assert_eq(p->type, policy_find("dual_index"));
    cr_assert_eq(p->supplier, 1);
    cr_assert_eq(p->second_supplier, 0);
    assert_param(p, PARAM_S_E, PARAM_GIVEN, 90);
    assert_param(p, PARAM_S_R, PARAM_AUTO, 0);
    assert_param(p, PARAM_R, PARAM_GIVEN, 1);

    cr_assert_eq(sc.n_axes, 3);
    cr_assert_str_eq(sc.axes[0].path, "demand.rate");
    cr_assert_eq(sc.axes[0].n_values, 3);
    cr_assert_eq(sc.axes[0].values[0], 20.0);
    cr_assert_eq(sc.axes[0].values[1], 40.0);
    cr_assert_eq(sc.axes[0].values[2], 80.0);
    cr_assert_str_eq(sc.axes[1].path, "suppliers.local.lead_time.mean");
    cr_assert_eq(sc.axes[1].n_values, 4);
    for (size_t i = 0; i < 4; i++)
        cr_assert_eq(sc.axes[1].values[i], 1.0 + 2.0 * (double)i);
    cr_assert_str_eq(sc.axes[2].path, "policies.JIT.safety");
    cr_assert_eq(sc.axes[2].n_values, 3);
    cr_assert_float_eq(sc.axes[2].values[0], 0.01, 1e-15);
    cr_assert_float_eq(sc.axes[2].values[1], 0.1, 1e-15);
    cr_assert_float_eq(sc.axes[2].values[2], 1.0, 1e-15);

    cr_assert_eq(scenario_policy(&sc, "Hybrid"), 2);
    cr_assert_eq(scenario_policy(&sc, "SS"), 7);
    cr_assert_eq(scenario_policy(&sc, "nope"), -1);

    /* Every world is ready for world_create. */
    for (size_t i = 0; i < sc.n_policies; i++) {
        char err[300];
        world *w = world_create(&sc.worlds[i], err, sizeof err);
        cr_assert_not_null(w, "%s: %s", sc.worlds[i].policy.name, err);
        world_destroy(w);
    }
    scenario_free(&sc);
    cr_assert_eq(sc.worlds, NULL);
    cr_assert_eq(sc.axes, NULL);
}

Test(scenario, defaults)
{
    scenario sc;
    accept(MINIMAL, NULL, 0, &sc);
    cr_assert_str_eq(sc.name, "t");
    cr_assert_str_eq(sc.description, "");
    cr_assert_str_eq(sc.time_unit, "day");
    cr_assert_eq(sc.replications, 30);
    cr_assert_eq(sc.seed, 1);
    cr_assert_eq(sc.warmup_auto, 0);
    cr_assert_eq(sc.baseline, 0);
    cr_assert_eq(sc.n_axes, 0);
    cr_assert_eq(sc.n_policies, 1);
    const world_spec *w = &sc.worlds[0];
    cr_assert_eq(w->horizon, 100.0);
    cr_assert_eq(w->warmup, 0.0);
    cr_assert_eq(w->time_units_per_year, 365.0);
    cr_assert_eq(w->item.unit_cost, 1.0);
    cr_assert_eq(w->item.holding_rate, 0.25);
    cr_assert(isnan(w->item.holding_cost));
    cr_assert_eq(w->demand.arrivals, DEMAND_POISSON);
    cr_assert_eq(w->demand.rate, 2.0);
    cr_assert_eq(w->demand.size.kind, DIST_CONSTANT);
    cr_assert_eq(dist_mean(&w->demand.size), 1.0);
    cr_assert_eq(w->n_disruptions, 0);
    cr_assert_eq(w->suppliers[0].lead_time.kind, DIST_CONSTANT);
    cr_assert_eq(dist_mean(&w->suppliers[0].lead_time), 2.0);
    cr_assert(isnan(w->suppliers[0].unit_price));
    cr_assert_eq(w->suppliers[0].deliveries, DELIVERIES_IN_ORDER);
    cr_assert(isnan(w->policy.initial_inventory));
    cr_assert_eq(w->policy.backup_supplier, -1);
    scenario_free(&sc);
}

Test(scenario, time_units_and_auto_warmup)
{
    static const struct {
        const char *unit;
        double per_year;
    } units[] = {{"day", 365}, {"week", 52}, {"hour", 8760}, {"month", 12},
                 {"year", 1}};
    for (size_t i = 0; i < 5; i++) {
        char yaml[512];
        snprintf(yaml, sizeof yaml, "time_unit: %s\nwarmup: auto\n" MINIMAL,
                 units[i].unit);
        scenario sc;
        accept(yaml, NULL, 0, &sc);
        cr_assert_str_eq(sc.time_unit, units[i].unit);
        cr_assert_eq(sc.worlds[0].time_units_per_year, units[i].per_year);
        cr_assert_eq(sc.warmup_auto, 1);
        cr_assert_eq(sc.worlds[0].warmup, 0.0);
        scenario_free(&sc);
    }
}

Test(scenario, holding_cost_periodic_and_lost_sales)
{
    scenario sc;
    accept(NAME_HORIZON
           "item: {holding_cost: 0.02, lost_sales: true}\n"
           "demand: {arrivals: periodic, quantity: \"normal(mean=10, sd=2)\","
           " period: 7}\n" SUPPLIER
           "policies:\n"
           "  - {name: P, type: periodic, R: 7, S: 90, initial_inventory: 0}\n",
           NULL, 0, &sc);
    const world_spec *w = &sc.worlds[0];
    cr_assert_eq(w->item.holding_cost, 0.02);
    cr_assert(isnan(w->item.holding_rate));
    cr_assert_eq(w->item.lost_sales, 1);
    cr_assert_eq(w->demand.arrivals, DEMAND_PERIODIC);
    cr_assert_eq(w->demand.period, 7.0);
    cr_assert_eq(w->demand.quantity.kind, DIST_NORMAL);
    cr_assert_eq(w->policy.initial_inventory, 0.0);
    scenario_free(&sc);
}

/* ---- distributions ------------------------------------------------------ */

Test(scenario, distribution_forms)
{
    static const struct {
        const char *text;
        dist_kind kind;
        double mean;
    } cases[] = {
        {"3", DIST_CONSTANT, 3},
        {"\"gamma(mean=2, cv=0.5)\"", DIST_GAMMA, 2},
        {"\"exponential(mean=3)\"", DIST_EXPONENTIAL, 3},
        {"{dist: constant, value: 4}", DIST_CONSTANT, 4},
        {"{dist: constant, mean: 4}", DIST_CONSTANT, 4},
        {"{dist: uniform, min: 1, max: 3}", DIST_UNIFORM, 2},
        {"{dist: uniform, mean: 2, cv: 0.2}", DIST_UNIFORM, 2},
        {"{dist: exponential, mean: 5}", DIST_EXPONENTIAL, 5},
        {"{dist: exponential, rate: 0.25}", DIST_EXPONENTIAL, 4},
        {"{dist: normal, mean: 10, sd: 2}", DIST_NORMAL, -1},
        {"{dist: normal, mean: 10, cv: 0.2}", DIST_NORMAL, -1},
        {"{dist: lognormal, mean: 30, cv: 0.4}", DIST_LOGNORMAL, 30},
        {"{dist: lognormal, mean: 30, sd: 12}", DIST_LOGNORMAL, 30},
        {"{dist: gamma, shape: 4, scale: 0.5}", DIST_GAMMA, 2},
        {"{dist: gamma, mean: 2, sd: 1}", DIST_GAMMA, 2},
        {"{dist: poisson, mean: 4}", DIST_POISSON, 4},
        {"{dist: negbinomial, mean: 4, cv: 0.8}", DIST_NEGBINOMIAL, 4},
        {"{dist: negative_binomial, p: 0.5, n: 4}", DIST_NEGBINOMIAL, 4},
        {"{dist: discrete, values: [1, 2, 3], probs: [0.2, 0.5, 0.3]}",
         DIST_DISCRETE, 2.1},
        {"{dist: empirical, values: [1, 2, 3, 6]}", DIST_DISCRETE, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char yaml[1024];
        snprintf(yaml, sizeof yaml,
                 NAME_HORIZON DEMAND
                 "suppliers:\n  - {name: local, lead_time: %s}\n" POLICY,
                 cases[i].text);
        scenario sc;
        accept(yaml, NULL, 0, &sc);
        const dist *d = &sc.worlds[0].suppliers[0].lead_time;
        cr_assert_eq(d->kind, cases[i].kind, "%s", cases[i].text);
        if (cases[i].mean >= 0)
            cr_assert_float_eq(dist_mean(d), cases[i].mean, 1e-9, "%s",
                               cases[i].text);
        scenario_free(&sc);
    }
}

Test(scenario, distribution_errors)
{
#define LT(x)                                                                \
    NAME_HORIZON DEMAND "suppliers:\n  - {name: local, lead_time: " x "}\n"   \
        POLICY
    /* The example of the format reference, to the letter. */
    ERRORS(LT("-2"), "t.yaml:5:30: lead_time must not be negative, got -2; "
                     "expected a distribution of times >= 0");
    ERRORS(LT("[1, 2]"), "t.yaml:5:30: lead_time must be a distribution, got "
                         "a list; expected a distribution of times >= 0");
    ERRORS(LT("{dist: gama, mean: 2, cv: 1}"),
           "t.yaml:5:37: unknown distribution 'gama'; did you mean 'gamma'?");
    ERRORS(LT("{mean: 2}"), "t.yaml:5:30: lead_time: the distribution has "
                            "no dist; expected dist: NAME");
    ERRORS(LT("{dist: gamma, min: 1, mean: 2, cv: 1}"),
           "t.yaml:5:49: lead_time: gamma takes no min; expected shape and "
           "scale, or mean with cv or sd");
    ERRORS(LT("{dist: gamma, mean: 2}"),
           "t.yaml:5:30: lead_time: gamma needs shape and scale, or mean "
           "with cv or sd; expected those keys in the mapping");
    ERRORS(LT("{dist: normal, mean: 2, sd: 1, cv: 0.5}"),
           "t.yaml:5:65: lead_time: cv and sd are both given; expected one "
           "of them");
    /* Issue 16: errors name the key the user wrote. gamma(mean=35,
     * sd=-5) complained of a cv of -0.142857; a negative mean of one; a
     * rule in cv shows the cv the sd gives. */
    ERRORS(LT("{dist: gamma, mean: 35, sd: -5}"),
           "t.yaml:5:58: lead_time: sd must be >= 0, got -5; expected a "
           "standard deviation >= 0");
    ERRORS(LT("{dist: gamma, mean: -35, sd: 5}"),
           "t.yaml:5:30: lead_time: mean must be > 0, got -35;");
    ERRORS(LT("{dist: negbinomial, mean: 3, sd: 1}"),
           "t.yaml:5:30: lead_time: a negative binomial needs variance > "
           "mean, i.e. cv > 1/sqrt(mean) = 0.57735 (sd 1 / mean 3: cv "
           "0.333333);");
    ERRORS(LT("{dist: discrete, values: [1, 2], probs: [0.5, 0.6]}"),
           "t.yaml:5:70: lead_time: ");
    ERRORS(LT("{dist: discrete, values: [1, 2], probs: [1]}"),
           "t.yaml:5:70: lead_time: probs has 1 entries and values 2; "
           "expected one probability per value");
    ERRORS(LT("{dist: discrete, values: [1, x]}"),
           "t.yaml:5:59: values must be a number, got 'x'; expected a number");
    ERRORS(LT("{dist: uniform, min: -1, max: 3}"), "t.yaml:5:30: lead_time: ");
    ERRORS(LT("\"gamma(mean=2, cv=-1)\""), "t.yaml:5:48: lead_time: cv ");
    ERRORS(LT("'40'x"), "t.yaml:");
#undef LT
}

Test(scenario, compact_form_error_points_into_the_string)
{
    scenario sc;
    scenario_errors e;
    const char *yaml = NAME_HORIZON DEMAND
        "suppliers:\n  - {name: local, lead_time: \"gamma(mean=2, cvv=1)\"}\n"
        POLICY;
    cr_assert_eq(parse_with(yaml, NULL, 0, &sc, &e), -1);
    cr_assert_eq(e.n, 1);
    /* Line 5, column 31 is the 'g' inside the quotes; dist_parse finds
     * the unknown key at column 15 of the string: column 45 of the line. */
    cr_assert(strncmp(e.lines[0], "t.yaml:5:45: lead_time: ", 24) == 0, "%s",
              e.lines[0]);
    cr_assert(strstr(e.lines[0], "cvv") != NULL, "%s", e.lines[0]);
    scenario_errors_free(&e);
    /* Written over several lines, the string cannot be mapped column by
     * column: the error points at its start. */
    const char *folded = NAME_HORIZON DEMAND
        "suppliers:\n  - name: local\n    lead_time: \"gamma(mean=2,\n"
        "      cvv=1)\"\n" POLICY;
    cr_assert_eq(parse_with(folded, NULL, 0, &sc, &e), -1);
    cr_assert_eq(e.n, 1);
    cr_assert(strncmp(e.lines[0], "t.yaml:6:17: lead_time: ", 24) == 0, "%s",
              e.lines[0]);
    scenario_errors_free(&e);
}

/* ---- errors: top level -------------------------------------------------- */

Test(scenario, missing_required_keys_point_at_the_mapping)
{
    ERRORS("description: x\n",
           "t.yaml:1:1: the scenario has no name; expected name:",
           "t.yaml:1:1: the scenario has no horizon; expected horizon:",
           "t.yaml:1:1: the scenario has no demand; expected demand:",
           "t.yaml:1:1: the scenario has no suppliers; expected suppliers:",
           "t.yaml:1:1: the scenario has no policies; expected policies:");
    ERRORS(NAME_HORIZON DEMAND "suppliers:\n  - {lead_time: 2}\n" POLICY,
           "t.yaml:5:5: a supplier has no name; expected name: a unique name");
    ERRORS(NAME_HORIZON DEMAND
           "suppliers:\n  - name: local\n    order_cost: 5\n" POLICY,
           "t.yaml:5:5: a supplier has no lead_time; expected lead_time: a "
           "distribution of times >= 0");
}

Test(scenario, top_level_values)
{
    ERRORS("name: t\nhorizon: -5\n" DEMAND SUPPLIER POLICY,
           "t.yaml:2:10: horizon must be > 0, got -5; expected the run "
           "length in time units > 0 and at most 10^7");
    ERRORS("name: t\nhorizon: long\n" DEMAND SUPPLIER POLICY,
           "t.yaml:2:10: horizon must be a number, got 'long'; expected");
    ERRORS("name: t\nhorizon: \"100\"\n" DEMAND SUPPLIER POLICY,
           "t.yaml:2:11: horizon must be a number, got '100'; expected");
    ERRORS("name: t\nhorizon:\n" DEMAND SUPPLIER POLICY,
           "t.yaml:2:1: horizon has no value; expected the run length");
    ERRORS(MINIMAL "warmup: 100\n",
           "t.yaml:8:9: warmup must be less than the horizon (100), got 100; "
           "expected a time in [0, horizon)");
    ERRORS(MINIMAL "warmup: -1\n",
           "t.yaml:8:9: warmup must not be negative, got -1; expected");
    ERRORS(MINIMAL "replications: 0\n",
           "t.yaml:8:15: replications must be >= 1, got 0; expected a whole "
           "number >= 1");
    ERRORS(MINIMAL "replications: 2.5\n",
           "t.yaml:8:15: replications must be a whole number, got 2.5;");
    ERRORS(MINIMAL "seed: -1\n",
           "t.yaml:8:7: seed must be a whole number >= 0, got '-1'; expected");
    ERRORS(MINIMAL "seed: 18446744073709551616\n",
           "t.yaml:8:7: seed must be a whole number >= 0");
    ERRORS(MINIMAL "time_unit: dya\n",
           "t.yaml:8:12: unknown time_unit 'dya'; did you mean 'day'?");
    ERRORS(MINIMAL "time_unit: fortnight\n",
           "t.yaml:8:12: unknown time_unit 'fortnight'; expected one of day, "
           "week, hour, month, year");
    ERRORS(MINIMAL "name: again\n",
           "t.yaml:8:1: name is given twice in the scenario; expected each "
           "key once");
    ERRORS(MINIMAL "name2: x\n", "t.yaml:8:1: unknown key 'name2' in the "
                                 "scenario; did you mean 'name'?");
    ERRORS(MINIMAL "colour: red\n",
           "t.yaml:8:1: unknown key 'colour' in the scenario; expected one "
           "of name, description, time_unit, horizon,");
    ERRORS(MINIMAL "description: [a]\n",
           "t.yaml:8:14: description must be a string, got a list;");
    ERRORS(MINIMAL "baseline: EQO\n",
           "t.yaml:8:11: no policy named 'EQO'; did you mean 'EOQ'?");
    ERRORS(MINIMAL "baseline: Lean\n",
           "t.yaml:8:11: no policy named 'Lean'; expected one of EOQ");
    ERRORS(MINIMAL "[1]: x\n", "t.yaml:8:1: a key in the scenario is a list; "
                               "expected a name (KEY: VALUE)");
    ERRORS(MINIMAL "lesson: 0\n",
           "t.yaml:8:9: lesson must be >= 1, got 0; expected the lesson's "
           "number, a whole number in [1, 999]");
    ERRORS(MINIMAL "lesson: 2.5\n",
           "t.yaml:8:9: lesson must be a whole number, got 2.5;");
    ERRORS(MINIMAL "lesson_part: 2\n",
           "t.yaml:8:14: lesson_part without lesson; expected lesson: the "
           "lesson's number beside it");
    ERRORS(MINIMAL "lesson: 3\nlesson_part: 100\n",
           "t.yaml:9:14: lesson_part must be <= 99, got 100;");
}

/* Issue 15: bounds that match what can run, refused where they are
 * written. A horizon of 3e95 used to reach a size_t conversion (undefined
 * behaviour) and 1e15 failed mid-run "out of memory"; replications: 1e9
 * was accepted and could never run; rate: 1e9 aborted a minute into the
 * run; a tiny step printed a 300-digit count. */
Test(scenario, bounds_that_match_what_can_run)
{
    ERRORS("name: t\nhorizon: 3e95\n" DEMAND SUPPLIER POLICY,
           "t.yaml:2:10: horizon must be <= 1e+07, got 3e95; expected the "
           "run length in time units > 0 and at most 10^7");
    ERRORS("name: t\nhorizon: 1e15\n" DEMAND SUPPLIER POLICY,
           "t.yaml:2:10: horizon must be <= 1e+07, got 1e15;");
    ERRORS(MINIMAL "replications: 1e9\n",
           "t.yaml:8:15: replications must be <= 100000, got 1e9; expected "
           "a whole number >= 1 and at most 100000");
    ERRORS("name: t\nhorizon: 365\ndemand: {rate: 1e9}\n" SUPPLIER POLICY,
           "t.yaml:3:16: this demand gives 365000000000 customer orders a "
           "replication over the horizon (365); expected at most 10^9");
    ERRORS("name: t\nhorizon: 1e7\ndemand: {arrivals: periodic, "
           "quantity: 1, period: 1e-3}\n" SUPPLIER POLICY,
           "t.yaml:3:51: this demand gives 10000000000 customer orders a "
           "replication");
    /* Servers make units one event each: 1000 orders a day of 2000 units
     * for 1000 days is 2e9 unit events, past what a run can hold; the
     * same demand from an uncapacitated supplier is fine. */
    ERRORS("name: t\nhorizon: 1000\ndemand: {rate: 1000, size: 2000}\n"
           "suppliers:\n  - {name: p, lead_time: 1, servers: 2, "
           "process_time: 0.0001}\n" POLICY,
           "t.yaml:5:38: servers make each unit in turn, and the demand "
           "needs 2000000000 units a replication; expected at most 10^9");
    scenario unlimited;
    accept("name: t\nhorizon: 1000\ndemand: {rate: 1000, size: 2000}\n"
           "suppliers:\n  - {name: p, lead_time: 1}\n" POLICY,
           NULL, 0, &unlimited);
    scenario_free(&unlimited);
    ERRORS(MINIMAL "sweep:\n  demand.rate: {from: 1, to: 2, step: 1e-300}\n",
           "t.yaml:9:39: the step gives more than 10^15 values; expected at "
           "most 100000");
    ERRORS(MINIMAL "replications: 100000\nsweep:\n  demand.rate: "
                   "{from: 1, to: 2, count: 100000}\n",
           "t.yaml:10:3: the sweep has 100000 points x 1 policies x 100000 "
           "replications = 10000000000 replications to run; expected at "
           "most 10^9");
    ERRORS(MINIMAL "seed: 18446744073709551616\n",
           "t.yaml:8:7: seed must be a whole number >= 0, got "
           "'18446744073709551616'; expected a whole number in [0, "
           "18446744073709551615]");
}

/* Issue 16: one pass of validate reports every mistake. A policy's given
 * values were checked only once the shared sections were right; now they
 * are checked beside the sections' mistakes, on a stand-in world. A value
 * that is fine (Q: 20) draws no complaint from the stand-in. */
Test(scenario, every_mistake_in_one_pass)
{
    ERRORS(NAME_HORIZON "demand: {rate: -2, sizee: 3}\n" SUPPLIER
           "policies:\n  - {name: E, type: eoq, Q: -5, r: 3}\n"
           "  - {name: F, type: eoq, Q: 20, r: 5}\n"
           "  - {name: K, type: kanban, cards: 2.5, container: 1}\n",
           "t.yaml:3:16: rate must be > 0, got -2;",
           "t.yaml:3:20: unknown key 'sizee' in the demand; did you mean "
           "'size'?",
           "t.yaml:7:29: policy E (eoq): Q must be a whole number >= 1, "
           "got -5;",
           "t.yaml:9:36: policy K (kanban): cards must be a whole number");
}

/* r: optimal reaches the policy as its own state, resolved by the model
 * (models/policies/eoq.c) when the world is created. */
Test(scenario, optimal_parameters)
{
    scenario sc;
    accept(NAME_HORIZON DEMAND SUPPLIER
           "policies:\n  - {name: E, type: eoq, Q: optimal, r: optimal}\n"
           "  - {name: B, type: base_stock, S: optimal}\n"
           "item: {backorder_cost: 1}\n",
           NULL, 0, &sc);
    assert_param(&sc.worlds[0].policy, PARAM_Q, PARAM_OPTIMAL, 0.0);
    assert_param(&sc.worlds[0].policy, PARAM_r, PARAM_OPTIMAL, 0.0);
    assert_param(&sc.worlds[1].policy, PARAM_S, PARAM_OPTIMAL, 0.0);
    scenario_free(&sc);
}

/* A lesson's place in the teaching order, for `jitsim lessons`. */
Test(scenario, lesson_number_and_part)
{
    scenario sc;
    accept(MINIMAL, NULL, 0, &sc);
    cr_assert_eq(sc.lesson, 0);
    cr_assert_eq(sc.lesson_part, 0);
    scenario_free(&sc);
    accept(MINIMAL "lesson: 12\nlesson_part: 3\n", NULL, 0, &sc);
    cr_assert_eq(sc.lesson, 12);
    cr_assert_eq(sc.lesson_part, 3);
    scenario_free(&sc);
}

Test(scenario, item_errors)
{
    ERRORS(MINIMAL "item: {holding_cost: 1, holding_rate: 0.2}\n",
           "t.yaml:8:39: holding_cost and holding_rate are both given; "
           "expected one of them");
    ERRORS(MINIMAL "item: {holding_rate: 0.2, holding_cost: 1}\n",
           "t.yaml:8:41: holding_cost and holding_rate are both given;");
    ERRORS(MINIMAL "item: {price: -1}\n",
           "t.yaml:8:15: price must not be negative, got -1; expected the "
           "selling price per unit delivered, >= 0");
    ERRORS(MINIMAL "item: {price: cheap}\n",
           "t.yaml:8:15: price must be a number, got 'cheap';");
    ERRORS(MINIMAL "item: {unit_cost: -3}\n",
           "t.yaml:8:19: unit_cost must not be negative, got -3; expected a "
           "value >= 0 per unit");
    ERRORS(MINIMAL "item: {lost_sales: yes}\n",
           "t.yaml:8:20: lost_sales must be true or false, got 'yes'; "
           "expected true (unmet demand is lost) or false");
    ERRORS(MINIMAL "item: {initial_inventory: 2.5}\n",
           "t.yaml:8:27: initial_inventory must be a whole number, got 2.5;");
    ERRORS(MINIMAL "item: {unit_cots: 3}\n",
           "t.yaml:8:8: unknown key 'unit_cots' in the item; did you mean "
           "'unit_cost'?");
    ERRORS(MINIMAL "item: 20\n", "t.yaml:8:7: item must be a mapping, got "
                                 "'20'; expected");
}

Test(scenario, demand_errors)
{
#define D(x) NAME_HORIZON "demand: " x "\n" SUPPLIER POLICY
    ERRORS(D("{arrivals: poisson}"),
           "t.yaml:3:9: poisson demand has no rate; expected rate:");
    ERRORS(D("{rate: 0}"), "t.yaml:3:16: rate must be > 0, got 0; expected "
                           "customer orders per time unit > 0");
    ERRORS(D("{rate: 2, quantity: 3}"),
           "t.yaml:3:29: quantity does not apply to poisson arrivals; "
           "expected rate and size");
    ERRORS(D("{arrivals: periodic, period: 2}"),
           "t.yaml:3:9: periodic demand has no quantity; expected quantity:");
    ERRORS(D("{arrivals: periodic, quantity: 5, period: 0}"),
           "t.yaml:3:51: period must be > 0, got 0;");
    ERRORS(D("{arrivals: periodc, quantity: 5}"),
           "t.yaml:3:20: unknown arrivals 'periodc'; did you mean "
           "'periodic'?");
    ERRORS(D("{arrivals: trace}"),
           "t.yaml:3:9: trace demand has no file; expected file:");
    ERRORS(D("{arrivals: trace, file: no.csv, rate: 3}"),
           "t.yaml:3:33: demand file: ",
           "t.yaml:3:47: rate does not apply to trace arrivals; expected "
           "only file");
    ERRORS(D("{rate: 2, size: -1}"),
           "t.yaml:3:25: size must not be negative, got -1; expected a "
           "distribution of units per order >= 0");
    ERRORS(D("{rate: 2, season: {amplitude: 2, period: 365}}"),
           "t.yaml:3:39: amplitude must be <= 1, got 2; expected a fraction "
           "in [0, 1]");
    ERRORS(D("{rate: 2, season: {amplitude: 0.2}}"),
           "t.yaml:3:27: the season has no period; expected period:");
    ERRORS(D("{rate: 2, shocks: [{start: 10, end: 5, factor: 2}]}"),
           "t.yaml:3:45: end must be after start (10), got 5; expected a "
           "time > start");
    ERRORS(D("{rate: 2, shocks: [{start: 10, end: 20}]}"),
           "t.yaml:3:28: a shock has no factor; expected");
    ERRORS(D("{rate: 2, trend: x}"),
           "t.yaml:3:26: trend must be a number, got 'x';");
    ERRORS(D("[2]"), "t.yaml:3:9: demand must be a mapping, got a list;");
#undef D
}

Test(scenario, demand_trace_file)
{
    char dir[] = "/tmp/jitsim_scenario_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[256], csv[256], bad[256];
    snprintf(csv, sizeof csv, "%s/demand.csv", dir);
    snprintf(bad, sizeof bad, "%s/bad.csv", dir);
    snprintf(path, sizeof path, "%s/lesson.yaml", dir);
    FILE *f = fopen(csv, "w");
    fputs("time,quantity\n0,3\n1.5,2\n4,7\n", f);
    fclose(f);
    f = fopen(bad, "w");
    fputs("time,quantity\n0,3\n1,-2\n", f);
    fclose(f);
    f = fopen(path, "w");
    fputs(NAME_HORIZON "demand: {arrivals: trace, file: demand.csv}\n"
          SUPPLIER POLICY, f);
    fclose(f);

    scenario sc;
    scenario_errors e;
    scenario_errors_init(&e);
    cr_assert_eq(scenario_load(path, NULL, 0, &sc, &e), 0);
    const demand_spec *d = &sc.worlds[0].demand;
    cr_assert_eq(d->arrivals, DEMAND_TRACE);
    cr_assert_eq(d->trace_n, 3);
    cr_assert_eq(d->trace_time[1], 1.5);
    cr_assert_eq(d->trace_quantity[2], 7.0);
    scenario_free(&sc);

    /* The CSV's own message, behind the position of the `file` value. */
    const char *set[] = {"demand.file=bad.csv"};
    cr_assert_eq(scenario_load(path, set, 1, &sc, &e), -1);
    cr_assert_eq(e.n, 1);
    char want[1024];
    snprintf(want, sizeof want, "--set demand.file: demand file: %s:3:", bad);
    cr_assert(strncmp(e.lines[0], want, strlen(want)) == 0, "%s",
              e.lines[0]);
    scenario_errors_free(&e);

    f = fopen(path, "w");
    fputs(NAME_HORIZON "demand: {arrivals: trace, file: bad.csv}\n"
          SUPPLIER POLICY, f);
    fclose(f);
    cr_assert_eq(scenario_load(path, NULL, 0, &sc, &e), -1);
    cr_assert_eq(e.n, 1);
    snprintf(want, sizeof want, "%s:3:33: demand file: %s:3:", path, bad);
    cr_assert(strncmp(e.lines[0], want, strlen(want)) == 0, "%s",
              e.lines[0]);
    scenario_errors_free(&e);

    const char *missing[] = {"demand.file=nowhere.csv"};
    cr_assert_eq(scenario_load(path, missing, 1, &sc, &e), -1);
    cr_assert_eq(e.n, 1);
    cr_assert(strstr(e.lines[0], "nowhere.csv") != NULL, "%s", e.lines[0]);
    scenario_errors_free(&e);

    remove(csv);
    remove(bad);
    remove(path);
    rmdir(dir);
}

Test(scenario, supplier_errors)
{
#define S(x) NAME_HORIZON DEMAND "suppliers:\n  - " x "\n" POLICY
    ERRORS(S("{name: local, lead_time: 2, ownership: at_sea}"),
           "t.yaml:5:44: unknown ownership 'at_sea'; expected one of "
           "at_dispatch, at_receipt");
    ERRORS(S("{name: local, lead_time: 2, deliveries: fifo}"),
           "t.yaml:5:45: unknown deliveries 'fifo'; expected one of "
           "in_order, independent");
    ERRORS(S("{name: local, lead_time: 2, deliveries: in_ordre}"),
           "t.yaml:5:45: unknown deliveries 'in_ordre'; did you mean "
           "'in_order'?");
    ERRORS(S("{name: local, lead_time: 2, deliveries: [in_order]}"),
           "t.yaml:5:45: deliveries must be a name");
    ERRORS(S("{name: local, lead_time: 2, lead_tmie: 3}"),
           "t.yaml:5:33: unknown key 'lead_tmie' in a supplier; did you mean "
           "'lead_time'?");
    ERRORS(NAME_HORIZON DEMAND "suppliers: []\n" POLICY,
           "t.yaml:4:12: suppliers is empty; expected at least one supplier");
    ERRORS(NAME_HORIZON DEMAND "suppliers: {name: local}\n" POLICY,
           "t.yaml:4:12: suppliers must be a list, got a mapping;");
    ERRORS(S("local"), "t.yaml:5:5: a supplier must be a mapping, got "
                       "'local'; expected");
    ERRORS(S("{name: local, lead_time: 2, servers: 2}"),
           "t.yaml:5:42: servers without a process_time; expected "
           "process_time:");
    ERRORS(S("{name: local, lead_time: 2, process_time: 1}"),
           "t.yaml:5:47: process_time without servers; expected servers:");
    ERRORS(S("{name: local, lead_time: 2, servers: 1.5, process_time: 1}"),
           "t.yaml:5:42: servers must be a whole number, got 1.5;");
    ERRORS(S("{name: local, lead_time: 2, defect_rate: 1}"),
           "t.yaml:5:46: defect_rate must be < 1, got 1; expected a fraction "
           "in [0, 1)");
    ERRORS(S("{name: local, lead_time: 2, order_cost: -50}"),
           "t.yaml:5:45: order_cost must not be negative, got -50;");
    ERRORS(S("{name: lo.cal, lead_time: 2}"),
           "t.yaml:5:12: name 'lo.cal' contains a '.'; expected a supplier "
           "name without dots");
    ERRORS(NAME_HORIZON DEMAND
           "suppliers:\n  - {name: local, lead_time: 2}\n"
           "  - {name: local, lead_time: 3}\n" POLICY,
           "t.yaml:6:12: two suppliers are named 'local'; expected unique "
           "names");
#undef S
}

Test(scenario, disruption_errors)
{
#define X(x) MINIMAL "disruptions:\n  - " x "\n"
    ERRORS(X("{start: 10, duration: 5}"),
           "t.yaml:9:5: a disruption has no supplier; expected supplier:");
    ERRORS(X("{supplier: locl, duration: 5}"),
           "t.yaml:9:16: no supplier named 'locl'; did you mean 'local'?");
    ERRORS(X("{supplier: nowhere, duration: 5}"),
           "t.yaml:9:16: no supplier named 'nowhere'; expected one of local");
    ERRORS(X("{supplier: local, effect: outtage, duration: 5}"),
           "t.yaml:9:31: unknown effect 'outtage'; did you mean 'outage'?");
    ERRORS(X("{supplier: local, duration: 5, factor: 2}"),
           "t.yaml:9:44: factor does not apply to an outage; expected it "
           "with effect: lead_time or capacity");
    ERRORS(X("{supplier: local, duration: 5, unloading_rate: 100}"),
           "t.yaml:9:52: unloading_rate applies to a closure only; expected "
           "it with effect: closure");
    ERRORS(X("{supplier: local, effect: lead_time, factor: 2, duration: 5, "
             "unloading_rate: 100}"),
           "t.yaml:9:82: unloading_rate applies to a closure only;");
    ERRORS(X("{supplier: local, effect: closure, duration: 5, "
             "unloading_rate: 0}"),
           "t.yaml:9:69: unloading_rate must be > 0, got 0; expected units "
           "per time unit > 0 unloaded once the route reopens");
    ERRORS(X("{supplier: local, effect: closure, duration: 5, "
             "unloading_rate: -3}"),
           "t.yaml:9:69: unloading_rate must be > 0, got -3;");
    ERRORS(X("{supplier: local, effect: closure, duration: 5, "
             "unloading_rate: fast}"),
           "t.yaml:9:69: unloading_rate must be a number");
    ERRORS(X("{supplier: local, effect: closure, duration: 5, factor: 2}"),
           "t.yaml:9:61: factor does not apply to a closure; expected it "
           "with effect: lead_time or capacity");
    ERRORS(X("{supplier: local, effect: closure, start: 5}"),
           "t.yaml:9:5: a disruption has no duration; expected duration: a "
           "time > 0");
    ERRORS(X("{supplier: local, effect: lead_time, duration: 5}"),
           "t.yaml:9:5: a lead_time disruption has no factor; expected "
           "factor: a lead-time multiplier > 0");
    ERRORS(X("{supplier: local, effect: capacity, factor: 1.5, duration: 5}"),
           "t.yaml:9:49: factor must be <= 1, got 1.5; expected a capacity "
           "multiplier in (0, 1]");
    ERRORS(X("{supplier: local, start: 10}"),
           "t.yaml:9:5: a disruption has no duration; expected duration: a "
           "time > 0");
    ERRORS(X("{supplier: local, duration: 5, every: 5}"),
           "t.yaml:9:43: every (5) must be longer than the duration (5); "
           "expected a repeat interval > duration, or 0 for once");
    ERRORS(X("{supplier: local, duration: 0}"),
           "t.yaml:9:33: duration must be > 0, got 0; expected a time > 0");
    ERRORS(X("{supplier: local, effect: loss, start: 5, duration: 3}"),
           "t.yaml:9:57: duration does not apply to a loss (it is "
           "permanent); expected only a start");
    ERRORS(X("{supplier: local, effect: loss, every: \"exponential(mean=9)\"}"),
           "t.yaml:9:45: a loss is permanent and cannot be random;");
    ERRORS(X("{supplier: local, every: \"exponential(mean=90)\"}"),
           "t.yaml:9:5: a random disruption has no duration; expected "
           "duration: a distribution of times >= 0");
    ERRORS(X("{supplier: local, duration: {dist: exponential, mean: 9}}"),
           "t.yaml:9:5: a random disruption has no every; expected every:");
    ERRORS(MINIMAL "disruptions:\n"
                   "  - {name: strike, supplier: local, duration: 2}\n"
                   "  - {name: strike, supplier: local, duration: 3}\n",
           "t.yaml:10:12: two disruptions are named 'strike'; expected "
           "unique names");
#undef X
}

Test(scenario, random_disruption_with_a_constant)
{
    scenario sc;
    accept(MINIMAL "disruptions:\n"
                   "  - {supplier: local, every: \"exponential(mean=90)\", "
                   "duration: 4, start: 30}\n",
           NULL, 0, &sc);
    const disruption_spec *d = &sc.worlds[0].disruptions[0];
    cr_assert_eq(d->random, 1);
    cr_assert_eq(d->start, 30.0);
    cr_assert_eq(d->random_duration.kind, DIST_CONSTANT);
    cr_assert_eq(dist_mean(&d->random_duration), 4.0);
    cr_assert_eq(d->time_between.kind, DIST_EXPONENTIAL);
    cr_assert_str_eq(d->name, "disruption0");
    scenario_free(&sc);
}

Test(scenario, policy_errors)
{
#define P(x) NAME_HORIZON DEMAND SUPPLIER "policies:\n  - " x "\n"
    ERRORS(P("{name: JIT, type: kanbn}"),
           "t.yaml:7:23: unknown policy type 'kanbn'; did you mean "
           "'kanban'?");
    ERRORS(P("{name: JIT, type: ss}"),
           "t.yaml:7:23: unknown policy type 'ss'; did you mean 'sS'?");
    ERRORS(P("{name: JIT, type: lean}"),
           "t.yaml:7:23: unknown policy type 'lean'; expected one of eoq, sS, "
           "periodic, mrp, kanban, base_stock, make_to_order");
    ERRORS(P("{name: JIT}"), "t.yaml:7:5: a policy has no type; expected "
                             "type: one of eoq,");
    /* optimal only where the type has a cost model for the parameter. */
    ERRORS(P("{name: JIT, type: kanban, cards: optimal}"),
           "t.yaml:7:38: cards must be a number, got 'optimal'; expected a "
           "number, or auto");
    ERRORS(P("{name: E, type: eoq, Q: 20, r: optim}"),
           "t.yaml:7:36: r must be a number, got 'optim'; expected a number, "
           "auto or optimal");
    ERRORS(P("{type: eoq, Q: 5}"),
           "t.yaml:7:5: a policy has no name; expected name:");
    ERRORS(P("{name: JIT, type: kanban, Q: 5}"),
           "t.yaml:7:31: kanban takes no Q; expected its parameters cards, "
           "container, safety");
    ERRORS(P("{name: JIT, type: make_to_order, S: 5}"),
           "t.yaml:7:38: make_to_order takes no S; expected no parameters");
    ERRORS(P("{name: JIT, type: kanban, crads: 5}"),
           "t.yaml:7:31: unknown key 'crads' in a policy; did you mean "
           "'cards'?");
    ERRORS(P("{name: JIT, type: kanban, cards: many}"),
           "t.yaml:7:38: cards must be a number, got 'many'; expected a "
           "number, or auto");
    ERRORS(P("{name: JIT, type: kanban, supplier: far}"),
           "t.yaml:7:41: no supplier named 'far'; expected one of local");
    ERRORS(P("{name: JIT, type: kanban, backup_supplier: local}"),
           "t.yaml:7:48: backup_supplier is the policy's own supplier; "
           "expected another supplier");
    ERRORS(P("{name: JIT, type: kanban, switch_after: 3}"),
           "t.yaml:7:45: switch_after without a backup_supplier; expected "
           "backup_supplier:");
    ERRORS(P("{name: JIT, type: kanban, expedite: 1.5}"),
           "t.yaml:7:41: expedite must be <= 1, got 1.5; expected a transit "
           "multiplier in (0, 1]");
    ERRORS(P("{name: JIT, type: kanban, expedite: {cost: 2}}"),
           "t.yaml:7:41: expedite has no factor; expected factor:");
    ERRORS(P("{name: JIT, type: kanban, emergency_stock: 2.5}"),
           "t.yaml:7:48: emergency_stock must be a whole number, got 2.5;");
    ERRORS(P("{name: JIT, type: kanban, release: during}"),
           "t.yaml:7:40: release without an emergency_stock; expected "
           "emergency_stock: units held for disruptions with it");
    ERRORS(P("{name: JIT, type: kanban, emergency_stock: 9, release: "
             "until_recovery}"),
           "t.yaml:7:60: unknown release 'until_recovery'; did you mean "
           "'until_recovered'?");
    ERRORS(P("{name: JIT, type: kanban, emergency_stock: 9, release: 1}"),
           "t.yaml:7:60: unknown release '1'; expected one of "
           "until_recovered, during");
    ERRORS(P("{name: JIT, type: kanban, emergency_stock: 9, release: []}"),
           "t.yaml:7:60: release must be a name, got a list; expected one "
           "of until_recovered, during");
    ERRORS(P("{name: JIT, type: kanban, backup_lot: 5}"),
           "t.yaml:7:43: backup_lot without a backup_supplier; expected "
           "backup_supplier: a supplier name with it");
#define BACKED(x)                                                            \
    NAME_HORIZON DEMAND "suppliers:\n  - {name: local, lead_time: 2}\n"       \
                        "  - {name: far, lead_time: 9}\n"                      \
                        "policies:\n  - {name: E, type: eoq, "                 \
                        "backup_supplier: far, backup_lot: " x "}\n"
    ERRORS(BACKED("cover"), "t.yaml:8:60: unknown backup_lot 'cover'; did "
                            "you mean 'cover_gap'?");
    ERRORS(BACKED("lots"), "t.yaml:8:60: backup_lot must be cover_gap or a "
                           "number, got 'lots'; expected cover_gap, or a "
                           "whole number of units >= 1 per backup order");
    ERRORS(BACKED("0"), "t.yaml:8:60: backup_lot must be >= 1, got 0; "
                        "expected cover_gap, or a whole number of units >= 1 "
                        "per backup order");
    ERRORS(BACKED("2.5"), "t.yaml:8:60: backup_lot must be a whole number, "
                          "got 2.5;");
    ERRORS(BACKED("[5]"), "t.yaml:8:60: backup_lot must be a number, got a "
                          "list; expected cover_gap, or a whole number");
#undef BACKED
    ERRORS(P("{name: M, type: mrp, forecast: naive}"),
           "t.yaml:7:36: unknown forecast 'naive'; expected one of "
           "moving_average, exponential");
    ERRORS(NAME_HORIZON DEMAND SUPPLIER
           "policies:\n  - {name: A, type: eoq, Q: 5}\n"
           "  - {name: A, type: kanban}\n",
           "t.yaml:8:12: two policies are named 'A'; expected unique names");
    ERRORS(NAME_HORIZON DEMAND SUPPLIER "policies: []\n",
           "t.yaml:6:11: policies is empty; expected at least one policy");
#undef P
}

/* second_supplier: the second source of standing_split and dual_index,
 * and their parameters' refusals (world_create's, at the value). */
Test(scenario, dual_sourcing_errors)
{
#define P2(x)                                                               \
    NAME_HORIZON DEMAND "suppliers:\n  - {name: far, lead_time: 20}\n"      \
                        "  - {name: near, lead_time: 2}\n"                  \
                        "policies:\n  - " x "\n"
#define DI "{name: D, type: dual_index, supplier: far, "
#define SPLIT "{name: S, type: standing_split, supplier: far, "
    ERRORS(P2(DI "S_e: 5}"),
           "t.yaml:8:5: dual_index orders from two suppliers and has no "
           "second_supplier; expected second_supplier: the fast source's "
           "name (supplier: is the regular one)");
    ERRORS(P2(DI "second_supplier: nera}"),
           "t.yaml:8:65: no supplier named 'nera'; did you mean 'near'?");
    ERRORS(P2(DI "second_supplier: [near]}"),
           "t.yaml:8:65: second_supplier must be a supplier name, got a "
           "list; expected the name of a supplier");
    ERRORS(P2(DI "second_supplier: far}"),
           "t.yaml:8:65: second_supplier is the policy's own supplier; "
           "expected another supplier");
    ERRORS(P2("{name: D, type: dual_index, second_supplier: far}"),
           "t.yaml:8:50: second_supplier is the policy's own supplier; "
           "expected another supplier");
    ERRORS(P2("{name: E, type: eoq, Q: 5, r: 2, second_supplier: near}"),
           "t.yaml:8:38: eoq orders from one supplier and takes no "
           "second_supplier; expected second_supplier only with "
           "standing_split or dual_index");
    ERRORS(P2(DI "second_supplier: near, backup_supplier: near}"),
           "t.yaml:8:71: dual_index orders from two suppliers and takes no "
           "backup_supplier; expected second_supplier alone (the second "
           "source is its hedge)");
    ERRORS(P2("{name: D, type: dual_index, supplier: near, "
              "second_supplier: far}"),
           "t.yaml:8:5: policy D (dual_index): dual_index needs the first "
           "supplier slower than the second: mean lead times 2 and 20; "
           "expected supplier: the slow source and second_supplier: the "
           "fast one");
    ERRORS(P2(DI "second_supplier: near, S_e: 30, S_r: 20}"),
           "t.yaml:8:85: policy D (dual_index): S_r must be at least S_e, "
           "got S_r = 20 and S_e = 30; expected S_r >= S_e");
    ERRORS(P2(DI "second_supplier: near, S_e: optimal, S_r: 40}"),
           "t.yaml:8:76: policy D (dual_index): S_e: optimal searches both "
           "levels; expected S_e: optimal and S_r: optimal together");
    ERRORS(P2(DI "second_supplier: near, S_e: optimal, S_r: optimal}"),
           "t.yaml:8:76: policy D (dual_index): S_e: optimal needs a "
           "backorder_cost or stockout_cost > 0; expected S_e and S_r "
           "given, or auto");
    ERRORS(P2(DI "second_supplier: near, S_e: 2.5}"),
           "t.yaml:8:76: policy D (dual_index): S_e must be a whole number");
    ERRORS(P2(DI "second_supplier: near, S: 40}"),
           "t.yaml:8:71: dual_index takes no S; expected its parameters R, "
           "service_level, S_e, S_r");
    ERRORS(P2(SPLIT "second_supplier: near}"),
           "t.yaml:8:5: policy S (standing_split): split has no auto rule; "
           "expected split: the fraction of every order that goes to the "
           "first supplier, a number in [0, 1]");
    ERRORS(P2(SPLIT "second_supplier: near, split: auto}"),
           "t.yaml:8:82: policy S (standing_split): split has no auto "
           "rule;");
    ERRORS(P2(SPLIT "second_supplier: near, split: 1.5}"),
           "t.yaml:8:82: policy S (standing_split): split must be a number "
           "in [0, 1], got 1.5");
    ERRORS(P2(SPLIT "second_supplier: near, split: optimal}"),
           "t.yaml:8:82: split must be a number, got 'optimal'; expected a "
           "number, or auto");
    ERRORS(P2(SPLIT "second_supplier: near, split: 0.5, S_e: 4}"),
           "t.yaml:8:87: standing_split takes no S_e; expected its "
           "parameters S, R, service_level, split");
    ERRORS(P2(SPLIT "split: 0.5}"),
           "t.yaml:8:5: standing_split orders from two suppliers and has no "
           "second_supplier;");
#undef SPLIT
#undef DI
#undef P2
}

Test(scenario, more_errors_in_one_file)
{
    ERRORS("name: t\n"
           "horizon: 100\n"
           "demand: {rate: 2}\n"
           "suppliers:\n"
           "  - {name: local, lead_time: {dist: gamma, mena: 2, cv: 1}, "
           "servers: -1}\n"
           "disruptions:\n"
           "  - {supplier: local, start: -1, duration: 2}\n"
           "policies:\n"
           "  - {name: [EOQ], type: eoq, Q: 20, r: 5}\n"
           "seed: '7'\n"
           "time_unit: 7\n"
           "sweep:\n"
           "  demand.rate: {from: 1, to: 9, count: 1}\n"
           "  horizon: {from: 1, to: 9, count: 3, scale: lin}\n",
           "t.yaml:5:44: unknown key 'mena' in a distribution; did you mean "
           "'mean'?",
           "t.yaml:5:70: servers must not be negative, got -1; expected a "
           "whole number of servers >= 0",
           "t.yaml:7:30: start must not be negative, got -1; expected a time "
           ">= 0",
           "t.yaml:9:12: name must be a string, got a list; expected a "
           "policy name",
           "t.yaml:10:8: seed must be a whole number >= 0, got '7';",
           "t.yaml:11:12: unknown time_unit '7'; expected one of day,",
           "t.yaml:13:40: count must be >= 2, got 1; expected a whole number "
           "of values >= 2",
           "t.yaml:14:46: unknown scale 'lin'; did you mean 'linear'?");
}

Test(scenario, resolve_errors_from_world_create)
{
    /* No order cost: the EOQ formula has nothing to work with. It points
     * at the Q that asked for it. */
    ERRORS(NAME_HORIZON DEMAND
           "suppliers:\n  - {name: local, lead_time: 2}\n"
           "policies:\n  - {name: EOQ, type: eoq, Q: auto}\n",
           "t.yaml:7:31: policy EOQ (eoq): Q: auto needs an order cost > 0");
    /* A resolve error about a parameter the file does not give points at
     * the policy. */
    ERRORS(MINIMAL "  - {name: B, type: base_stock, fill_rate: 0.9, "
                   "service_level: 0.9}\n",
           "t.yaml:8:5: policy B (base_stock): give fill_rate or "
           "service_level, not both");
}

Test(scenario, policy_values)
{
    scenario sc;
    accept(NAME_HORIZON DEMAND SUPPLIER
           "policies:\n"
           "  - {name: M, type: mrp, forecast: moving_average, window: 3}\n"
           "  - {name: N, type: mrp, forecast: 1, alpha: auto}\n"
           "  - {name: K, type: kanban, cards: 4, container: 5,\n"
           "     safety: 0.25, initial_inventory: 7, expedite: 1}\n",
           NULL, 0, &sc);
    assert_param(&sc.worlds[0].policy, PARAM_FORECAST, PARAM_GIVEN, 0);
    assert_param(&sc.worlds[0].policy, PARAM_WINDOW, PARAM_GIVEN, 3);
    assert_param(&sc.worlds[1].policy, PARAM_FORECAST, PARAM_GIVEN, 1);
    assert_param(&sc.worlds[1].policy, PARAM_ALPHA, PARAM_AUTO, 0);
    const policy_spec *k = &sc.worlds[2].policy;
    assert_param(k, PARAM_CARDS, PARAM_GIVEN, 4);
    assert_param(k, PARAM_CONTAINER, PARAM_GIVEN, 5);
    assert_param(k, PARAM_SAFETY, PARAM_GIVEN, 0.25);
    cr_assert_eq(k->initial_inventory, 7.0);
    cr_assert_eq(k->expedite, 1.0);
    scenario_free(&sc);
}

/* ---- many errors at once ------------------------------------------------ */

Test(scenario, all_errors_in_file_order)
{
    const char *yaml =
        "name: broken\n"                                       /* 1 */
        "horizn: 100\n"                                        /* 2 */
        "time_unit: dya\n"                                     /* 3 */
        "item: {unit_cost: -1, lost_sales: yes}\n"             /* 4 */
        "demand: {rate: 2}\n"                                  /* 5 */
        "suppliers:\n"                                         /* 6 */
        "  - {name: local, lead_time: -2}\n"                   /* 7 */
        "disruptions:\n"                                       /* 8 */
        "  - {supplier: locl, duration: 3}\n"                  /* 9 */
        "policies:\n"                                          /* 10 */
        "  - {name: JIT, type: kanbn}\n"                       /* 11 */
        "baseline: JTI\n";                                     /* 12 */
    ERRORS(yaml, "t.yaml:1:1: the scenario has no horizon;",
           "t.yaml:2:1: unknown key 'horizn' in the scenario; did you mean "
           "'horizon'?",
           "t.yaml:3:12: unknown time_unit 'dya'; did you mean 'day'?",
           "t.yaml:4:19: unit_cost must not be negative, got -1;",
           "t.yaml:4:35: lost_sales must be true or false, got 'yes';",
           "t.yaml:7:30: lead_time must not be negative, got -2;",
           "t.yaml:9:16: no supplier named 'locl'; did you mean 'local'?",
           "t.yaml:11:23: unknown policy type 'kanbn'; did you mean 'kanban'?",
           "t.yaml:12:11: no policy named 'JTI'; did you mean 'JIT'?");
}

Test(scenario, too_many_errors_are_capped)
{
    /* 300 unknown keys: the first 100 in file order, and one line saying
     * how many more there were and from where. */
    size_t cap = 300 * 16 + 256;
    char *yaml = malloc(cap);
    size_t used = (size_t)snprintf(yaml, cap, MINIMAL);
    for (int i = 0; i < 300; i++)
        used += (size_t)snprintf(yaml + used, cap - used, "junk%03d: 1\n", i);
    scenario sc;
    scenario_errors e;
    cr_assert_eq(parse_with(yaml, NULL, 0, &sc, &e), -1);
    cr_assert_eq(e.n, 101);
    cr_assert(strncmp(e.lines[0], "t.yaml:8:1: unknown key 'junk000'", 33) == 0,
              "%s", e.lines[0]);
    cr_assert(strncmp(e.lines[99], "t.yaml:107:1: unknown key 'junk099'",
                      35) == 0,
              "%s", e.lines[99]);
    cr_assert_str_eq(e.lines[100], "t.yaml:108:1: 200 more errors from here "
                                   "on; expected fewer (fix the ones above "
                                   "first)");
    scenario_errors_free(&e);
    free(yaml);
}

/* ---- overrides ---------------------------------------------------------- */

#define SET_YAML                                                             \
    "name: s\n" \
    "horizon: 365\n" \
    "item: {unit_cost: 20}\n" \
    "demand: {rate: 40}\n" \
    "suppliers:\n" \
    "  - {name: local, lead_time: \"gamma(mean=2, cv=0.25)\",\n"             \
    "     order_cost: 50}\n"                                                   \
    "  - {name: offshore, lead_time: {dist: lognormal, mean: 30, cv: 0.4}}\n" \
    "  - {name: near, lead_time: 3}\n" \
    "disruptions:\n" \
    "  - {supplier: local, start: 180, duration: 21}\n" \
    "  - {name: storm, supplier: offshore, start: 10, duration: 2}\n" \
    "policies:\n" \
    "  - {name: JIT, type: kanban, container: 20, cards: auto}\n" \
    "  - {name: EOQ, type: eoq, Q: auto}\n"

Test(scenario, overrides_reach_every_kind_of_path)
{
    const char *set[] = {
        "horizon=100",
        "demand.rate=25",
        "item.unit_cost=7.5",
        "suppliers.local.lead_time.mean=5",
        "suppliers.offshore.lead_time.mean=20",
        "suppliers.near.lead_time.mean=4",
        "suppliers.2.order_cost=9",
        "policies.JIT.cards=7",
        "policies.EOQ.r=3",
        "disruptions.0.duration=4",
        "disruptions.storm.start=12",
        "disruptions.disruption0.start=100",
        "warmup=10",
        "name=Kanban: the basics",
    };
    scenario sc;
    accept(SET_YAML, set, sizeof set / sizeof set[0], &sc);
    const world_spec *w = &sc.worlds[0];
    cr_assert_str_eq(sc.name, "Kanban: the basics");
    cr_assert_eq(w->horizon, 100.0);
    cr_assert_eq(w->warmup, 10.0);
    cr_assert_eq(w->demand.rate, 25.0);
    cr_assert_eq(w->item.unit_cost, 7.5);
    /* The compact string was rewritten: mean 5, cv still 0.25. */
    cr_assert_eq(w->suppliers[0].lead_time.kind, DIST_GAMMA);
    cr_assert_float_eq(dist_mean(&w->suppliers[0].lead_time), 5.0, 1e-9);
    cr_assert_float_eq(dist_cv(&w->suppliers[0].lead_time), 0.25, 1e-9);
    cr_assert_float_eq(dist_mean(&w->suppliers[1].lead_time), 20.0, 1e-9);
    cr_assert_float_eq(dist_cv(&w->suppliers[1].lead_time), 0.4, 1e-9);
    cr_assert_eq(dist_mean(&w->suppliers[2].lead_time), 4.0);
    cr_assert_eq(w->suppliers[2].order_cost, 9.0);
    assert_param(&w->policy, PARAM_CARDS, PARAM_GIVEN, 7);
    assert_param(&sc.worlds[1].policy, PARAM_r, PARAM_GIVEN, 3);
    cr_assert_eq(w->disruptions[0].duration, 4.0);
    cr_assert_eq(w->disruptions[0].start, 100.0);
    cr_assert_eq(w->disruptions[1].start, 12.0);
    scenario_free(&sc);
}

Test(scenario, overrides_take_whole_values)
{
    const char *set[] = {
        "suppliers.local.lead_time={dist: uniform, min: 1, max: 5}",
        "suppliers.offshore.lead_time=exponential(mean=9)",
        "demand={arrivals: periodic, quantity: 30, period: 7}",
        "item.lost_sales=true",
        "policies.JIT.cards=auto",
        "description='quoted: yes'",
    };
    scenario sc;
    accept(SET_YAML, set, sizeof set / sizeof set[0], &sc);
    const world_spec *w = &sc.worlds[0];
    cr_assert_eq(w->suppliers[0].lead_time.kind, DIST_UNIFORM);
    cr_assert_eq(dist_mean(&w->suppliers[0].lead_time), 3.0);
    cr_assert_eq(w->suppliers[1].lead_time.kind, DIST_EXPONENTIAL);
    cr_assert_eq(w->demand.arrivals, DEMAND_PERIODIC);
    cr_assert_eq(w->demand.period, 7.0);
    cr_assert_eq(w->item.lost_sales, 1);
    assert_param(&w->policy, PARAM_CARDS, PARAM_AUTO, 0);
    cr_assert_str_eq(sc.description, "quoted: yes");
    scenario_free(&sc);
}

Test(scenario, override_errors)
{
    const char *a[] = {"suppliers.locl.lead_time=3"};
    SET_ERRORS(SET_YAML, a,
               "--set suppliers.locl.lead_time: no such key; did you mean "
               "'local'?");
    const char *b[] = {"demand.season.amplitude=0.2"};
    SET_ERRORS(SET_YAML, b,
               "--set demand.season.amplitude: no such key; expected one of "
               "rate");
    const char *c[] = {"horizon=-5"};
    SET_ERRORS(SET_YAML, c,
               "--set horizon: horizon must be > 0, got -5; expected the run "
               "length in time units > 0 and at most 10^7");
    const char *d[] = {"horizon"};
    SET_ERRORS(SET_YAML, d,
               "--set horizon: no PATH=; expected PATH=VALUE (e.g. "
               "demand.rate=40)");
    const char *e[] = {"suppliers..lead_time=3"};
    SET_ERRORS(SET_YAML, e, "--set suppliers..lead_time: empty key in the "
                            "path; expected KEY.KEY...");
    const char *f[] = {"suppliers.9.lead_time=3"};
    SET_ERRORS(SET_YAML, f,
               "--set suppliers.9.lead_time: no such key; expected an entry "
               "name (local, offshore, near) or an index below 3");
    const char *g[] = {"horizon.mean=3"};
    SET_ERRORS(SET_YAML, g, "--set horizon.mean: ");
    const char *h[] = {"suppliers.local.lead_time.mean=-1"};
    SET_ERRORS(SET_YAML, h, "--set suppliers.local.lead_time.mean: "
                            "lead_time: ");
    const char *i[] = {"policies.JIT.Q=5"};
    SET_ERRORS(SET_YAML, i, "--set policies.JIT.Q: kanban takes no Q;");
    const char *j[] = {"demand={rate: [}"};
    SET_ERRORS(SET_YAML, j, "--set demand: ");
    const char *k[] = {"demand.rte=3"};
    SET_ERRORS(SET_YAML, k, "--set demand.rte: unknown key 'rte' in the "
                            "demand; did you mean 'rate'?");
    /* Override errors come first, then the file's, each in order. */
    const char *l[] = {"horizon=0", "policies.EOQ.type=eqo"};
    SET_ERRORS("name: s\n" "horizon: 365\n" "item: {unit_cost: -1}\n"
               DEMAND SUPPLIER POLICY, l,
               "--set horizon: horizon must be > 0, got 0;",
               "--set policies.EOQ.type: unknown policy type 'eqo'; did you "
               "mean 'eoq'?",
               "t.yaml:3:19: unit_cost must not be negative");
}

/* ---- sweep -------------------------------------------------------------- */

Test(scenario, sweep_forms)
{
    scenario sc;
    accept(SET_YAML
           "sweep:\n"
           "  demand.rate: [20, 40, 80]\n"
           "  suppliers.local.lead_time.mean: {from: 1, to: 2, step: 0.25}\n"
           "  policies.JIT.container: {from: 10, to: 40, count: 4}\n"
           "  item.unit_cost: {from: 1, to: 1000, count: 4, scale: log}\n"
           "  suppliers.offshore.lead_time.cv: [0.2]\n",
           NULL, 0, &sc);
    cr_assert_eq(sc.n_axes, 5);
    cr_assert_eq(sc.axes[1].n_values, 5);
    cr_assert_eq(sc.axes[1].values[4], 2.0);
    cr_assert_eq(sc.axes[2].n_values, 4);
    cr_assert_eq(sc.axes[2].values[1], 20.0);
    cr_assert_eq(sc.axes[2].values[3], 40.0);
    cr_assert_eq(sc.axes[3].n_values, 4);
    cr_assert_float_eq(sc.axes[3].values[1], 10.0, 1e-12);
    cr_assert_float_eq(sc.axes[3].values[2], 100.0, 1e-12);
    cr_assert_eq(sc.axes[3].values[3], 1000.0);
    cr_assert_str_eq(sc.axes[4].path, "suppliers.offshore.lead_time.cv");
    scenario_free(&sc);
}

Test(scenario, sweep_errors)
{
#define W(x) SET_YAML "sweep:\n  " x "\n"
    ERRORS(W("demand.rate: {from: 1, to: 9, step: 1, count: 3}"),
           "t.yaml:17:49: step and count are both given; expected one of "
           "them");
    ERRORS(W("demand.rate: {from: 1, to: 9}"),
           "t.yaml:17:16: the sweep range of demand.rate has neither step "
           "nor count;");
    ERRORS(W("demand.rate: {from: 9, to: 1, step: 1}"),
           "t.yaml:17:30: to (1) is below from (9); expected from <= to");
    ERRORS(W("demand.rate: {from: 1, to: 9, step: 0}"),
           "t.yaml:17:39: step must be > 0, got 0;");
    ERRORS(W("demand.rate: {from: 0, to: 9, count: 3, scale: log}"),
           "t.yaml:17:23: from must be > 0 on a log scale, got 0;");
    ERRORS(W("demand.rate: []"), "t.yaml:17:16: sweep demand.rate is empty;");
    ERRORS(W("demand.rate: 4"), "t.yaml:17:16: demand.rate must be a list or "
                                "a range, got '4';");
    /* A name makes the list an axis of names, each tried: demand.rate
     * reads numbers only. */
    ERRORS(W("demand.rate: [1, x]"),
           "t.yaml:17:3: sweep value 'x' of demand.rate: rate must be a "
           "number, got 'x'; expected customer orders per time unit > 0");
    ERRORS(W("suppliers.locl.lead_time: [1, 2]"),
           "t.yaml:17:3: sweep path 'suppliers.locl.lead_time' names no key "
           "of the scenario; did you mean 'local'?");
    /* A path that would create a key, or values out of bounds, show when
     * the extreme values are tried. */
    ERRORS(W("demand.rte: [1, 2]"),
           "t.yaml:17:3: sweep value 1 of demand.rte: unknown key 'rte' in "
           "the demand; did you mean 'rate'?");
    ERRORS(W("demand.rate: [5, 0, 10]"),
           "t.yaml:17:3: sweep value 0 of demand.rate: rate must be > 0, got "
           "0;");
#undef W
}

/* ---- malformed input ---------------------------------------------------- */

static void refused(const char *text, size_t len, const char *prefix)
{
    scenario sc;
    scenario_errors e;
    scenario_errors_init(&e);
    int rc = scenario_parse(text, len, "t.yaml", NULL, 0, &sc, &e);
    cr_assert_eq(rc, -1);
    cr_assert_geq(e.n, 1);
    for (size_t i = 0; i < e.n; i++)
        cr_assert(strchr(e.lines[i], '\n') == NULL, "not one line: %s",
                  e.lines[i]);
    if (prefix)
        cr_assert(strncmp(e.lines[0], prefix, strlen(prefix)) == 0,
                  "want %s\ngot  %s", prefix, e.lines[0]);
    scenario_errors_free(&e);
}

Test(scenario, bad_yaml_is_one_line)
{
    scenario sc;
    scenario_errors e;
    const char *yaml = "name: t\nhorizon: [1, 2\ndemand: 3\n";
    cr_assert_eq(parse_with(yaml, NULL, 0, &sc, &e), -1);
    cr_assert_eq(e.n, 1);
    cr_assert(strncmp(e.lines[0], "t.yaml:", 7) == 0, "%s", e.lines[0]);
    size_t n = strlen(e.lines[0]);
    cr_assert(n > 21 &&
                  strcmp(e.lines[0] + n - 21, "; expected valid YAML") == 0,
              "%s", e.lines[0]);
    scenario_errors_free(&e);
    refused("a: 'open\n", 9, "t.yaml:");
    refused("a: 1\n b: 2\n", 11, "t.yaml:");
    refused("a: *nothing\n", 12, "t.yaml:1:4: alias *nothing names no "
                                 "complete anchor;");
    refused("a: &x [1, *x]\n", 14, "t.yaml:1:11: alias *x names no complete");
    refused("a: 1\n---\nb: 2\n", 14, "t.yaml:2:1: a second YAML document");
}

Test(scenario, empty_and_wrong_roots)
{
    refused("", 0, "t.yaml:1:1: the file is empty; expected a scenario "
                   "mapping");
    refused(NULL, 0, "t.yaml:1:1: the file is empty;");
    refused("# only a comment\n\n", 18, "t.yaml:1:1: the file is empty;");
    refused("- a\n- b\n", 8, "t.yaml:1:1: the file holds a list; expected a "
                             "scenario mapping");
    refused("hello\n", 6, "t.yaml:1:1: the file holds 'hello'; expected a "
                          "scenario mapping");
    refused("~\n", 2, "t.yaml:1:1: the file is empty;");
}

Test(scenario, binary_bytes_and_bad_encoding)
{
    refused("name: t\0horizon: 5\n", 19, "t.yaml:1:8: NUL byte; expected text");
    refused("name: \xff\xfe\n", 9, "t.yaml:1:7: invalid UTF-8 byte 0xFF;");
    refused("name: caf\xc3\n", 11, "t.yaml:1:10: invalid UTF-8 byte 0xC3;");
    refused("name: \xed\xa0\x80\n", 10, "t.yaml:1:7: invalid UTF-8");
    /* Valid UTF-8 is fine. */
    scenario sc;
    accept("name: caf\xc3\xa9 \xe2\x82\xac\nhorizon: 100\n" DEMAND SUPPLIER
           POLICY, NULL, 0, &sc);
    cr_assert_str_eq(sc.name, "caf\xc3\xa9 \xe2\x82\xac");
    scenario_free(&sc);
    /* A NUL inside a quoted string is refused where it matters. */
    ERRORS(MINIMAL "description: \"a\\0b\"\n",
           "t.yaml:8:15: description contains a NUL character;");

    /* Random bytes, with a fixed seed: refused, never a crash. */
    unsigned long x = 12345;
    char buf[4096];
    for (int round = 0; round < 200; round++) {
        size_t len = (size_t)(round * 20 % 4096);
        for (size_t i = 0; i < len; i++) {
            x = x * 6364136223846793005ul + 1442695040888963407ul;
            buf[i] = (char)(x >> 56);
        }
        scenario_errors e;
        scenario_errors_init(&e);
        cr_assert_eq(scenario_parse(buf, len, "t.yaml", NULL, 0, &sc, &e), -1);
        scenario_errors_free(&e);
    }
}

Test(scenario, every_prefix_of_a_valid_file_is_handled)
{
    /* Cut the full scenario at every byte, and flip every 7th byte to a
     * character YAML cares about: refused or accepted, never a crash. */
    size_t len = strlen(full_yaml);
    char *buf = malloc(len + 1);
    for (size_t cut = 0; cut < len; cut += 5) {
        scenario sc;
        scenario_errors e;
        scenario_errors_init(&e);
        if (scenario_parse(full_yaml, cut, "t.yaml", NULL, 0, &sc, &e) == 0)
            scenario_free(&sc);
        scenario_errors_free(&e);
    }
    static const char nasty[] = ":-[]{}'\"#&*!|>%@`,? \t\n";
    for (size_t at = 0; at < len; at += 7) {
        memcpy(buf, full_yaml, len + 1);
        buf[at] = nasty[at % (sizeof nasty - 1)];
        scenario sc;
        scenario_errors e;
        scenario_errors_init(&e);
        if (scenario_parse(buf, len, "t.yaml", NULL, 0, &sc, &e) == 0)
            scenario_free(&sc);
        for (size_t i = 0; i < e.n; i++)
            cr_assert(strchr(e.lines[i], '\n') == NULL);
        scenario_errors_free(&e);
    }
    free(buf);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

Test(scenario, deep_nesting_fails_fast)
{
    size_t n = 1000000;
    char *buf = malloc(2 * n + 16);
    memset(buf, '[', n);
    double t0 = seconds();
    refused(buf, n, "t.yaml:1:65: brackets nested deeper than 64 levels;");
    memset(buf, '{', n);
    refused(buf, n, "t.yaml:1:65: brackets nested deeper than 64 levels;");
    /* Block nesting, by indentation. */
    size_t used = 0;
    for (int depth = 0; depth < 100; depth++) {
        for (int k = 0; k < depth; k++)
            buf[used++] = ' ';
        used += (size_t)sprintf(buf + used, "k:\n");
    }
    refused(buf, used, "t.yaml:65:65: nested deeper than 64 levels;");
    /* An alias bomb: each level doubles; copies count as values. */
    used = (size_t)sprintf(buf, "a0: &a0 [x, x]\n");
    for (int k = 1; k < 40; k++)
        used += (size_t)sprintf(buf + used, "a%d: &a%d [*a%d, *a%d]\n", k, k,
                                k - 1, k - 1);
    refused(buf, used, "t.yaml:");
    cr_assert_lt(seconds() - t0, 5.0);
    free(buf);
}

Test(scenario, huge_files_fail_cleanly)
{
    double t0 = seconds();
    /* 100 MB: the length alone refuses it, before a byte is read (the
     * buffer is 16 bytes; a read past them would trip the sanitizers). */
    static const char head[16] = "name: t\nhoriz";
    refused(head, 100u << 20, "t.yaml:1:1: the file is larger than 4 MB;");
    /* The same from a file: a sparse 100 MB file is read no further than
     * needed to refuse it. */
    char path[] = "/tmp/jitsim_huge_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(ftruncate(fd, (off_t)100 << 20), 0);
    close(fd);
    scenario sc;
    scenario_errors e;
    scenario_errors_init(&e);
    cr_assert_eq(scenario_load(path, NULL, 0, &sc, &e), -1);
    cr_assert_eq(e.n, 1);
    cr_assert(strstr(e.lines[0], ":1:1: the file is larger than 4 MB;") != NULL,
              "%s", e.lines[0]);
    scenario_errors_free(&e);
    remove(path);

    /* Under the size limit, but more values than a scenario has: refused
     * at the limit, in time linear in what was read. */
    size_t len = (4u << 20) - 4;
    char *buf = malloc(len + 4);
    for (size_t i = 0; i < len; i += 4)
        memcpy(buf + i, "- 1\n", 4);
    refused(buf, len, "t.yaml:1000000:3: more than 1000000 values;");
    /* A long flat list under an unknown key: parsed, one error. */
    size_t used = (size_t)sprintf(buf, MINIMAL "junk:\n");
    for (int i = 0; i < 200000; i++) {
        memcpy(buf + used, "  - 1\n", 6);
        used += 6;
    }
    cr_assert_eq(scenario_parse(buf, used, "t.yaml", NULL, 0, &sc, &e), -1);
    cr_assert_eq(e.n, 1);
    cr_assert(strncmp(e.lines[0], "t.yaml:8:1: unknown key 'junk'", 30) == 0);
    scenario_errors_free(&e);
    /* A long empirical distribution is accepted. */
    used = (size_t)sprintf(buf, NAME_HORIZON DEMAND POLICY
                           "suppliers:\n  - name: local\n    lead_time:\n"
                           "      dist: empirical\n      values: [");
    for (int i = 0; i < 100000; i++)
        used += (size_t)sprintf(buf + used, "%s%d",
                                i == 0 ? "" : i % 20 ? ", " : ",\n        ",
                                i % 17);
    used += (size_t)sprintf(buf + used, "]\n");
    accept(buf, NULL, 0, &sc);
    cr_assert_eq(sc.worlds[0].suppliers[0].lead_time.kind, DIST_DISCRETE);
    /* The mean of i % 17 for i < 100000: (5882 * 136 + 15) / 100000. */
    cr_assert_float_eq(dist_mean(&sc.worlds[0].suppliers[0].lead_time),
                       7.99967, 1e-9);
    scenario_free(&sc);
    cr_assert_lt(seconds() - t0, 20.0);
    free(buf);
}

Test(scenario, load_reports_unreadable_files)
{
    scenario sc;
    scenario_errors e;
    scenario_errors_init(&e);
    cr_assert_eq(scenario_load("/nonexistent/x.yaml", NULL, 0, &sc, &e), -1);
    cr_assert_eq(e.n, 1);
    cr_assert_str_eq(e.lines[0], "/nonexistent/x.yaml: cannot open the file "
                                 "(No such file or directory); expected a "
                                 "readable scenario file");
    scenario_errors_free(&e);
    cr_assert_eq(scenario_load("/", NULL, 0, &sc, &e), -1);
    cr_assert_eq(e.n, 1);
    scenario_errors_free(&e);
}

Test(scenario, the_documented_example_is_valid)
{
    /* docs/scenario-format.md opens with a complete scenario; it must stay
     * one that loads. */
    scenario sc;
    parse_documented(NULL, &sc);
    cr_assert_str_eq(sc.name, "Kanban vs EOQ under a supplier outage");
    cr_assert_eq(sc.n_policies, 3);
    cr_assert_eq(sc.baseline, scenario_policy(&sc, "EOQ"));
    cr_assert_eq(sc.n_axes, 2);
    cr_assert_eq(sc.axes[1].n_values, 7);
    const policy_spec *h = &sc.worlds[2].policy;
    cr_assert_eq(h->emergency_stock, 200.0);
    cr_assert_eq(h->backup_supplier, 1);
    cr_assert_eq(h->switch_after, 3.0);
    cr_assert_eq(sc.worlds[0].disruptions[0].start, 180.0);
    cr_assert_eq(sc.worlds[0].disruptions[0].duration, 21.0);
    scenario_free(&sc);
}
