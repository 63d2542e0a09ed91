/*
 * test_world.c - the mechanics of the inventory world: auto rules, every
 * check of world_create, mitigations, disruption effects, defects, shelf
 * life, lost sales, the warm-up, and metric identities.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "analysis/estimate.h"
#include "models/world.h"
#include "tests/test_row.h"

/* ---- building ------------------------------------------------------------ */

static void add_supplier(world_spec *w, const char *name, double lead)
{
    char err[200];
    supplier_spec s;
    supplier_spec_init(&s);
    snprintf(s.name, sizeof s.name, "%s", name);
    dist_free(&s.lead_time);
    cr_assert_eq(dist_constant(&s.lead_time, lead, err, sizeof err), 0);
    cr_assert_eq(world_spec_add_supplier(w, &s), 0);
    supplier_spec_free(&s);
}

static void simple_world(world_spec *w, const char *policy, double rate,
                         double lead)
{
    world_spec_init(w);
    w->horizon = 400.0;
    w->warmup = 0.0;
    w->item.unit_cost = 10.0;
    w->item.holding_cost = 0.05;
    w->item.backorder_cost = 1.0;
    w->demand.rate = rate;
    add_supplier(w, "local", lead);
    w->suppliers[0].order_cost = 20.0;
    snprintf(w->policy.name, sizeof w->policy.name, "P");
    w->policy.type = policy_find(policy);
    cr_assert_not_null(w->policy.type);
    w->policy.supplier = 0;
}

static world *build(const world_spec *spec)
{
    char err[300];
    world *w = world_create(spec, err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    return w;
}

static void expect_error(const world_spec *spec, const char *fragment)
{
    char err[300] = "";
    world *w = world_create(spec, err, sizeof err);
    cr_assert_null(w, "expected an error containing '%s'", fragment);
    cr_assert_not_null(strstr(err, fragment), "'%s' lacks '%s'", err,
                       fragment);
}

/* ---- auto rules ----------------------------------------------------------- */

Test(world, eoq_auto_rules)
{
    /* D = 40, K = 20, h = 0.05: Q = sqrt(2*40*20/0.05) = 178.9 -> 179.
     * L = 3 constant, Poisson unit demand: var_D = 40, sd_LTD =
     * sqrt(3*40) = 10.954; z(0.95) = 1.6449: r = 120 + 18.02 -> 139. */
    world_spec spec;
    simple_world(&spec, "eoq", 40.0, 3.0);
    world *w = build(&spec);
    const policy_params *p = world_effective_params(w);
    cr_assert_eq(p->value[PARAM_Q], 179.0);
    cr_assert_eq(p->value[PARAM_r], 139.0);
    cr_assert_eq(p->value[PARAM_SERVICE_LEVEL], 0.95);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, kanban_cards_follow_the_toyota_formula)
{
    /* ceil(D L (1 + a) / C) = ceil(40 * 3 * 1.1 / 25) = ceil(5.28) = 6. */
    world_spec spec;
    simple_world(&spec, "kanban", 40.0, 3.0);
    policy_param_set(&spec.policy.params, PARAM_CONTAINER, 25.0);
    policy_param_set(&spec.policy.params, PARAM_SAFETY, 0.1);
    world *w = build(&spec);
    cr_assert_eq(world_effective_params(w)->value[PARAM_CARDS], 6.0);
    test_row m;
    world_run(w, 1, 0, m.value);
    /* Every order is one container. */
    cr_assert_eq(m.value[METRIC_AVG_ORDER_SIZE], 25.0);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, base_stock_auto_uses_exact_poisson)
{
    /* X ~ Poisson(12): P(X <= 17) = 0.9370, P(X <= 18) = 0.9573, so the
     * smallest S with P(X <= S - 1) >= 0.95 is 19. */
    world_spec spec;
    simple_world(&spec, "base_stock", 4.0, 3.0);
    world *w = build(&spec);
    double S = world_effective_params(w)->value[PARAM_S];
    cr_assert_geq(gsl_cdf_poisson_P((unsigned)S - 1, 12.0), 0.95);
    cr_assert_lt(gsl_cdf_poisson_P((unsigned)S - 2, 12.0), 0.95);
    cr_assert_eq(S, 19.0);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, periodic_auto_rules)
{
    /* EOQ 179 / D 40 = 4.47 -> R = 4. S = 40*7 + 1.6449*sqrt(7*40)
     * = 280 + 27.52 -> 308. */
    world_spec spec;
    simple_world(&spec, "periodic", 40.0, 3.0);
    world *w = build(&spec);
    cr_assert_eq(world_effective_params(w)->value[PARAM_R], 4.0);
    cr_assert_eq(world_effective_params(w)->value[PARAM_S], 308.0);
    test_row m;
    world_run(w, 1, 0, m.value);
    /* One order per review at t = 4, 8, ..., 396; the review at t = 0
     * finds the position at S and orders nothing. */
    cr_assert_eq(m.value[METRIC_ORDERS_PLACED], 99.0);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, ss_defaults_and_order_up_to)
{
    world_spec spec;
    simple_world(&spec, "sS", 40.0, 3.0);
    policy_param_set(&spec.policy.params, PARAM_s, 150.0);
    policy_param_set(&spec.policy.params, PARAM_S, 400.0);
    world *w = build(&spec);
    test_row m;
    world_run(w, 2, 0, m.value);
    /* Order sizes S - position with position <= s: at least S - s. */
    cr_assert_geq(m.value[METRIC_AVG_ORDER_SIZE], 250.0);
    cr_assert_lt(m.value[METRIC_AVG_ORDER_SIZE], 270.0);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, mrp_places_an_order_every_period)
{
    world_spec spec;
    simple_world(&spec, "mrp", 40.0, 3.0);
    world *w = build(&spec);
    const policy_params *p = world_effective_params(w);
    cr_assert_eq(p->value[PARAM_PERIOD], 1.0);
    cr_assert_eq(p->value[PARAM_WINDOW], 4.0);
    /* 1.6449 * sqrt(4 * 40) = 20.8 -> 21. */
    cr_assert_eq(p->value[PARAM_SAFETY_STOCK], 21.0);
    test_row m;
    world_run(w, 3, 0, m.value);
    cr_assert_gt(m.value[METRIC_ORDERS_PLACED], 390.0);
    cr_assert_gt(m.value[METRIC_FILL_RATE], 0.9);
    /* A moving average of 4 periods passes demand noise on, amplified. */
    cr_assert_gt(m.value[METRIC_BULLWHIP], 1.0);
    world_destroy(w);
    world_spec_free(&spec);
}

/* ---- checks -------------------------------------------------------------- */

Test(world, every_check_of_world_create)
{
    world_spec spec;
    simple_world(&spec, "eoq", 40.0, 3.0);
    spec.horizon = 0.0;
    expect_error(&spec, "horizon must be a time > 0");
    spec.horizon = 100.0;
    spec.warmup = 100.0;
    expect_error(&spec, "warmup must be >= 0 and less than the horizon");
    spec.warmup = 0.0;
    spec.item.unit_cost = -1.0;
    expect_error(&spec, "item: unit_cost must be a number >= 0");
    spec.item.unit_cost = 10.0;
    spec.demand.rate = -5.0;
    expect_error(&spec, "demand:");
    spec.demand.rate = 40.0;
    spec.policy.supplier = 3;
    expect_error(&spec, "no such supplier");
    spec.policy.supplier = 0;
    spec.policy.backup_supplier = 0;
    expect_error(&spec, "backup supplier must be another");
    spec.policy.backup_supplier = -1;
    spec.policy.emergency_stock = -2.0;
    expect_error(&spec, "emergency_stock must be in");
    spec.policy.emergency_stock = 2.5;
    expect_error(&spec, "emergency_stock must be a whole number");
    spec.policy.emergency_stock = 0.0;
    spec.policy.release = (stockpt_release)7;
    expect_error(&spec, "release must be until_recovered or during");
    spec.policy.release = RELEASE_DURING;
    spec.policy.backup_lot = 0.5;
    expect_error(&spec, "backup_lot must be 0 (cover the gap) or a whole "
                        "number >= 1, got 0.5");
    spec.policy.backup_lot = 2.5;
    expect_error(&spec, "backup_lot must be 0");
    spec.policy.backup_lot = 0.0;
    spec.policy.expedite = 1.5;
    expect_error(&spec, "expedite must be in");
    spec.policy.expedite = 0.0;
    spec.policy.initial_inventory = -1.0;
    expect_error(&spec, "initial_inventory must be a whole number >= 0");
    spec.policy.initial_inventory = NAN;
    policy_param_set(&spec.policy.params, PARAM_CARDS, 3.0);
    expect_error(&spec, "eoq does not take cards");
    policy_params_init(&spec.policy.params);
    policy_param_set(&spec.policy.params, PARAM_SERVICE_LEVEL, 1.2);
    expect_error(&spec, "service_level must be a number in");
    policy_params_init(&spec.policy.params);
    spec.suppliers[0].order_cost = 0.0;
    expect_error(&spec, "Q: auto needs an order cost > 0");
    spec.suppliers[0].order_cost = 20.0;
    policy_param_set(&spec.policy.params, PARAM_Q, 2.5);
    expect_error(&spec, "Q must be a whole number");
    policy_params_init(&spec.policy.params);
    spec.policy.type = NULL;
    expect_error(&spec, "no type");
    spec.policy.type = policy_find("eoq");
    spec.suppliers[0].defect_rate = 1.0;
    expect_error(&spec, "defect_rate must be in [0, 1)");
    spec.suppliers[0].defect_rate = 0.0;
    spec.suppliers[0].deliveries = (supplier_deliveries)2;
    expect_error(&spec, "deliveries must be in_order or independent");
    spec.suppliers[0].deliveries = DELIVERIES_INDEPENDENT;
    add_supplier(&spec, "local", 1.0);
    expect_error(&spec, "two suppliers are named local");
    world_spec_free(&spec);
}

Test(world, disruption_checks)
{
    world_spec spec;
    simple_world(&spec, "kanban", 40.0, 3.0);
    disruption_spec d;
    disruption_spec_init(&d);
    d.effect = EFFECT_CAPACITY;
    d.factor = 0.0;
    world_spec_add_disruption(&spec, &d);
    expect_error(&spec, "factor must be in (0, 1] for a capacity effect");
    spec.disruptions[0].effect = EFFECT_LEAD_TIME;
    spec.disruptions[0].factor = -1.0;
    expect_error(&spec, "factor must be > 0 for a lead_time effect");
    spec.disruptions[0].effect = EFFECT_OUTAGE;
    spec.disruptions[0].duration = 0.0;
    expect_error(&spec, "duration must be > 0");
    spec.disruptions[0].duration = 5.0;
    spec.disruptions[0].every = 3.0;
    expect_error(&spec, "must be longer than the duration");
    spec.disruptions[0].every = 0.0;
    spec.disruptions[0].unloading_rate = 10.0;
    expect_error(&spec, "unloading_rate applies to a closure only, not to "
                        "effect outage");
    spec.disruptions[0].effect = EFFECT_CLOSURE;
    spec.disruptions[0].unloading_rate = -1.0;
    expect_error(&spec, "unloading_rate must be a rate > 0 (or 0 for no "
                        "limit), got -1");
    spec.disruptions[0].unloading_rate = INFINITY;
    expect_error(&spec, "unloading_rate must be a rate > 0");
    spec.disruptions[0].unloading_rate = 10.0;
    world_destroy(build(&spec)); /* a closure with a rate is fine */
    spec.disruptions[0].stage = 0;
    expect_error(&spec, "a stage can only stop (an outage or a loss)");
    spec.disruptions[0].stage = -1;
    spec.disruptions[0].supplier = 7;
    expect_error(&spec, "no such supplier");
    disruption_spec_free(&d);
    world_spec_free(&spec);
}

/* ---- mechanics ------------------------------------------------------------ */

Test(world, make_to_order_with_constant_lead_time)
{
    /* Every customer waits exactly the lead time; nothing is ever on hand. */
    world_spec spec;
    simple_world(&spec, "make_to_order", 10.0, 2.5);
    spec.warmup = 50.0;
    world *w = build(&spec);
    test_row m;
    world_run(w, 4, 0, m.value);
    cr_assert_float_eq(m.value[METRIC_CUSTOMER_LEAD_TIME_MEAN], 2.5, 1e-9);
    cr_assert_float_eq(m.value[METRIC_CUSTOMER_LEAD_TIME_MAX], 2.5, 1e-9);
    cr_assert_eq(m.value[METRIC_FILL_RATE], 0.0);
    cr_assert_eq(m.value[METRIC_AVG_ON_HAND], 0.0);
    cr_assert(isnan(m.value[METRIC_TURNOVER]));
    cr_assert_float_eq(m.value[METRIC_REPLENISHMENT_LEAD_TIME_MEAN], 2.5,
                       1e-9);
    /* Little: backorders = rate x wait. */
    cr_assert_float_eq(m.value[METRIC_AVG_BACKORDERS], 25.0, 2.0);
    cr_assert_eq(m.value[METRIC_STOCKOUT_ORDERS],
                 m.value[METRIC_CUSTOMER_ORDERS]);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, cost_identities)
{
    world_spec spec;
    simple_world(&spec, "eoq", 40.0, 3.0);
    spec.suppliers[0].shipment_cost = 7.0;
    spec.suppliers[0].unit_freight = 0.5;
    spec.suppliers[0].unit_price = 9.0;
    spec.item.stockout_cost = 3.0;
    spec.item.price = 12.0;
    spec.warmup = 40.0;
    world *w = build(&spec);
    test_row m;
    world_run(w, 5, 0, m.value);
    const double *v = m.value;
    double T = 360.0;
    cr_assert_float_eq(v[METRIC_TOTAL_COST],
                       v[METRIC_HOLDING_COST] +
                           v[METRIC_PIPELINE_HOLDING_COST] +
                           v[METRIC_ORDERING_COST] +
                           v[METRIC_TRANSPORT_COST] + v[METRIC_PURCHASE_COST] +
                           v[METRIC_SHORTAGE_COST] + v[METRIC_SCRAP_COST],
                       1e-9);
    cr_assert_float_eq(v[METRIC_OPERATING_COST],
                       v[METRIC_TOTAL_COST] - v[METRIC_PURCHASE_COST], 1e-9);
    /* A holding cost per unit charges units, on hand and owned on the
     * way (every order ships at once here, so on order is in transit). */
    cr_assert_float_eq(v[METRIC_HOLDING_COST], 0.05 * v[METRIC_AVG_ON_HAND],
                       1e-12);
    cr_assert_float_eq(v[METRIC_PIPELINE_HOLDING_COST],
                       0.05 * v[METRIC_AVG_ON_ORDER], 1e-9);
    cr_assert_float_eq(v[METRIC_ORDERING_COST],
                       20.0 * v[METRIC_ORDERS_PLACED] / T, 1e-9);
    /* What was ordered, at the price; what was sold, at the landed cost
     * (price 9 + freight 0.5) of the units delivered, which the revenue
     * at 12 a unit counts. */
    cr_assert_float_eq(v[METRIC_ORDERED_VALUE],
                       9.0 * v[METRIC_ORDERS_PLACED] *
                           v[METRIC_AVG_ORDER_SIZE] / T,
                       1e-9);
    cr_assert_float_eq(v[METRIC_PURCHASE_COST],
                       9.5 / 12.0 * v[METRIC_REVENUE], 1e-9);
    cr_assert_float_eq(v[METRIC_PROFIT],
                       v[METRIC_REVENUE] - v[METRIC_TOTAL_COST], 1e-9);
    cr_assert_float_eq(v[METRIC_COST_PER_UNIT],
                       v[METRIC_TOTAL_COST] * T / v[METRIC_UNITS_DEMANDED],
                       1e-9);
    cr_assert_float_eq(v[METRIC_CASH_TIED_UP],
                       9.5 * (v[METRIC_AVG_ON_HAND] + v[METRIC_AVG_ON_ORDER]),
                       1e-9);
    cr_assert_gt(v[METRIC_TRANSPORT_COST], 0.0);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, warmup_forgets_what_came_before)
{
    /* A large initial stock is used up during the warm-up: the window sees
     * the steady state only. */
    world_spec spec;
    simple_world(&spec, "base_stock", 10.0, 1.0);
    policy_param_set(&spec.policy.params, PARAM_S, 15.0);
    spec.policy.initial_inventory = 2000.0;
    spec.warmup = 300.0;
    spec.horizon = 700.0;
    world *w = build(&spec);
    test_row m;
    world_run(w, 6, 0, m.value);
    cr_assert_lt(m.value[METRIC_AVG_ON_HAND], 15.0);
    cr_assert_float_eq(m.value[METRIC_UNITS_DEMANDED] / 400.0, 10.0, 1.0);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, lost_sales_lose_units_and_keep_no_backorders)
{
    world_spec spec;
    simple_world(&spec, "kanban", 10.0, 3.0);
    spec.item.lost_sales = 1;
    spec.item.stockout_cost = 5.0;
    policy_param_set(&spec.policy.params, PARAM_CARDS, 20.0);
    world *w = build(&spec);
    test_row m;
    world_run(w, 7, 0, m.value);
    cr_assert_gt(m.value[METRIC_LOST_UNITS], 0.0);
    cr_assert_eq(m.value[METRIC_AVG_BACKORDERS], 0.0);
    cr_assert_float_eq(m.value[METRIC_FILL_RATE],
                       1.0 - m.value[METRIC_LOST_UNITS] /
                                 m.value[METRIC_UNITS_DEMANDED],
                       1e-12);
    cr_assert_float_eq(m.value[METRIC_SHORTAGE_COST],
                       5.0 * m.value[METRIC_LOST_UNITS] / 400.0, 1e-9);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, defects_are_rejected_and_replaced)
{
    world_spec spec;
    simple_world(&spec, "base_stock", 20.0, 1.0);
    spec.suppliers[0].defect_rate = 0.1;
    spec.horizon = 2000.0;
    world *w = build(&spec);
    test_row m;
    world_run(w, 8, 0, m.value);
    double received = m.value[METRIC_ORDERS_PLACED] *
                      m.value[METRIC_AVG_ORDER_SIZE];
    /* About 10% of units received are rejected (replacements included in
     * the denominator: rejected / (ordered + rejected) = 0.1). */
    double share = m.value[METRIC_REJECTED_UNITS] /
                   (received + m.value[METRIC_REJECTED_UNITS]);
    cr_assert_float_eq(share, 0.1, 0.01, "share %g", share);
    /* Replacements are not orders of the policy: one-for-one still orders
     * one unit per unit demanded. */
    cr_assert_float_eq(received, m.value[METRIC_UNITS_DEMANDED], 25.0);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, shelf_life_scraps_old_stock)
{
    /* 100 units at t = 0, demand 1/day, shelf life 30: about 70 scrapped
     * at t = 30, the rest reordered one for one. */
    world_spec spec;
    simple_world(&spec, "base_stock", 1.0, 1.0);
    policy_param_set(&spec.policy.params, PARAM_S, 100.0);
    spec.item.shelf_life = 30.0;
    spec.item.scrap_cost = 2.0;
    spec.item.price = 15.0;
    spec.horizon = 31.0;
    world *w = build(&spec);
    test_row m;
    world_run(w, 9, 0, m.value);
    cr_assert_gt(m.value[METRIC_SCRAPPED_UNITS], 50.0);
    cr_assert_lt(m.value[METRIC_SCRAPPED_UNITS], 90.0);
    /* Scrapping costs its disposal; the value of what was scrapped (10 a
     * unit) is in the cost of goods with what was sold. */
    cr_assert_float_eq(m.value[METRIC_SCRAP_COST],
                       2.0 * m.value[METRIC_SCRAPPED_UNITS] / 31.0, 1e-9);
    cr_assert_float_eq(m.value[METRIC_PURCHASE_COST],
                       10.0 * m.value[METRIC_SCRAPPED_UNITS] / 31.0 +
                           10.0 / 15.0 * m.value[METRIC_REVENUE],
                       1e-9);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, min_order_rounds_orders_up)
{
    world_spec spec;
    simple_world(&spec, "base_stock", 10.0, 1.0);
    spec.suppliers[0].min_order = 12.0;
    world *w = build(&spec);
    test_row m;
    world_run(w, 10, 0, m.value);
    cr_assert_geq(m.value[METRIC_AVG_ORDER_SIZE], 12.0);
    world_destroy(w);
    world_spec_free(&spec);
}

static void add_outage(world_spec *spec, double start, double duration,
                       disruption_effect effect, double factor)
{
    disruption_spec d;
    disruption_spec_init(&d);
    d.supplier = 0;
    d.start = start;
    d.duration = duration;
    d.effect = effect;
    d.factor = factor;
    cr_assert_eq(world_spec_add_disruption(spec, &d), 0);
    disruption_spec_free(&d);
}

Test(world, backup_supplier_takes_over_after_the_switching_delay)
{
    world_spec plain, backed;
    simple_world(&plain, "base_stock", 10.0, 2.0);
    add_outage(&plain, 100.0, 60.0, EFFECT_OUTAGE, 1.0);
    simple_world(&backed, "base_stock", 10.0, 2.0);
    add_outage(&backed, 100.0, 60.0, EFFECT_OUTAGE, 1.0);
    add_supplier(&backed, "far", 6.0);
    backed.suppliers[1].unit_price = 12.0;
    backed.policy.backup_supplier = 1;
    backed.policy.switch_after = 5.0;
    world *a = build(&plain), *b = build(&backed);
    test_row ma, mb;
    world_run(a, 11, 0, ma.value);
    world_run(b, 11, 0, mb.value);
    /* Without a backup, customers wait for the whole outage. */
    cr_assert_gt(ma.value[METRIC_CUSTOMER_LEAD_TIME_MAX], 50.0);
    /* With it, at most about switch_after + the backup's lead time. */
    cr_assert_lt(mb.value[METRIC_CUSTOMER_LEAD_TIME_MAX], 13.0);
    /* The backup's first lot covers the gap until the primary can deliver
     * again less the position, so the backlog of the switching delay too:
     * it waits only for that lot, about 400 unit-days against about 18,000
     * without a backup. */
    cr_assert_lt(mb.value[METRIC_AVG_BACKORDERS],
                 ma.value[METRIC_AVG_BACKORDERS] / 20.0);
    /* The backup's higher price shows in the purchase cost. */
    cr_assert_gt(mb.value[METRIC_PURCHASE_COST],
                 ma.value[METRIC_PURCHASE_COST]);
    world_destroy(a);
    world_destroy(b);
    world_spec_free(&plain);
    world_spec_free(&backed);
}

Test(world, expediting_shortens_lead_times_while_customers_wait)
{
    world_spec plain, fast;
    simple_world(&plain, "make_to_order", 10.0, 4.0);
    simple_world(&fast, "make_to_order", 10.0, 4.0);
    fast.policy.expedite = 0.25;
    fast.policy.expedite_cost = 2.0;
    world *a = build(&plain), *b = build(&fast);
    test_row ma, mb;
    world_run(a, 12, 0, ma.value);
    world_run(b, 12, 0, mb.value);
    cr_assert_float_eq(ma.value[METRIC_CUSTOMER_LEAD_TIME_MEAN], 4.0, 1e-9);
    cr_assert_float_eq(mb.value[METRIC_CUSTOMER_LEAD_TIME_MEAN], 1.0, 1e-9);
    cr_assert_float_eq(mb.value[METRIC_TRANSPORT_COST],
                       2.0 * mb.value[METRIC_UNITS_DEMANDED] / 400.0, 0.1);
    world_destroy(a);
    world_destroy(b);
    world_spec_free(&plain);
    world_spec_free(&fast);
}

Test(world, lead_time_disruption_multiplies_transit)
{
    world_spec spec;
    simple_world(&spec, "make_to_order", 10.0, 2.0);
    add_outage(&spec, 0.0, 1000.0, EFFECT_LEAD_TIME, 3.0);
    world *w = build(&spec);
    test_row m;
    world_run(w, 13, 0, m.value);
    cr_assert_float_eq(m.value[METRIC_CUSTOMER_LEAD_TIME_MEAN], 6.0, 1e-9);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, permanent_loss_stops_supply_for_good)
{
    world_spec spec;
    simple_world(&spec, "kanban", 10.0, 1.0);
    add_outage(&spec, 100.0, 0.0, EFFECT_LOSS, 1.0);
    world *w = build(&spec);
    test_row m;
    world_run(w, 14, 0, m.value);
    /* Roughly the first 100 days are served, the last 300 not. */
    cr_assert_lt(m.value[METRIC_FILL_RATE], 0.3);
    /* A loss never recovers: it counts up to the horizon, a lower bound
     * of its recovery time. */
    cr_assert_float_eq(m.value[METRIC_RECOVERY_TIME], 300.0, 1e-9,
                       "a loss never recovers: %g",
                       m.value[METRIC_RECOVERY_TIME]);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, capacity_disruption_slows_a_plant)
{
    char err[200];
    world_spec spec;
    simple_world(&spec, "make_to_order", 1.0, 0.0);
    spec.suppliers[0].servers = 4;
    dist_free(&spec.suppliers[0].process_time);
    dist_constant(&spec.suppliers[0].process_time, 3.0, err, sizeof err);
    world *w = build(&spec);
    test_row normal, cut;
    world_run(w, 15, 0, normal.value);
    world_destroy(w);
    /* A quarter of the servers: 1 server making a unit in 3 days for 1
     * order a day cannot keep up. */
    add_outage(&spec, 0.0, 1000.0, EFFECT_CAPACITY, 0.25);
    w = build(&spec);
    world_run(w, 15, 0, cut.value);
    cr_assert_lt(normal.value[METRIC_CUSTOMER_LEAD_TIME_MEAN], 6.0);
    cr_assert_gt(cut.value[METRIC_CUSTOMER_LEAD_TIME_MEAN], 50.0);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, random_disruptions_recur)
{
    char err[200];
    world_spec spec;
    simple_world(&spec, "kanban", 10.0, 1.0);
    spec.horizon = 3650.0;
    policy_param_set(&spec.policy.params, PARAM_CARDS, 15.0);
    disruption_spec d;
    disruption_spec_init(&d);
    snprintf(d.name, sizeof d.name, "strikes");
    d.random = 1;
    dist_free(&d.time_between);
    dist_free(&d.random_duration);
    dist_exponential(&d.time_between, 100.0, err, sizeof err);
    dist_exponential(&d.random_duration, 5.0, err, sizeof err);
    world_spec_add_disruption(&spec, &d);
    disruption_spec_free(&d);
    world *w = build(&spec);
    test_row a, b;
    world_run(w, 16, 0, a.value);
    world_run(w, 16, 1, b.value);
    cr_assert(isfinite(a.value[METRIC_RECOVERY_TIME]));
    cr_assert_lt(a.value[METRIC_FILL_RATE], 0.999);
    cr_assert_neq(a.value[METRIC_FILL_RATE], b.value[METRIC_FILL_RATE]);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, replications_reuse_the_world_deterministically)
{
    world_spec spec;
    simple_world(&spec, "eoq", 30.0, 2.0);
    world *w = build(&spec);
    test_row first, again, other;
    world_run(w, 17, 3, first.value);
    world_run(w, 17, 4, other.value);
    world_run(w, 17, 3, again.value);
    cr_assert_arr_eq(first.value, again.value, sizeof first.value);
    cr_assert_neq(first.value[METRIC_TOTAL_COST],
                  other.value[METRIC_TOTAL_COST]);
    world_destroy(w);
    world_spec_free(&spec);
}

typedef struct trace_log {
    char lines[64][96];
    int n;
    const world *w;
} trace_log;

static void log_event(void *ctx, const stockpt *sp, stockpt_event event,
                      double quantity, int supplier_index)
{
    trace_log *log = ctx;
    if (log->n < 64)
        snprintf(log->lines[log->n++], sizeof log->lines[0],
                 "%g %s %g %s", stockpt_now(sp), stockpt_event_name(event),
                 quantity,
                 world_supplier_name(log->w, supplier_index));
}

Test(world, trace_tells_what_happened_in_order)
{
    char err[200];
    world_spec spec;
    simple_world(&spec, "make_to_order", 1.0, 2.0);
    spec.demand.arrivals = DEMAND_PERIODIC;
    dist_free(&spec.demand.quantity);
    dist_constant(&spec.demand.quantity, 3.0, err, sizeof err);
    spec.horizon = 2.5;
    world *w = build(&spec);
    static trace_log log;
    log.n = 0;
    log.w = w;
    world_trace(w, log_event, &log);
    test_row m;
    world_run(w, 1, 0, m.value);
    const char *expected[] = {
        "0 customer_order 3 ",    "0 short 3 ",
        "0 order_placed 3 local", "0 dispatched 3 local",
        "1 customer_order 3 ",    "1 short 3 ",
        "1 order_placed 3 local", "1 dispatched 3 local",
        "2 receipt 3 local",      "2 customer_order 3 ",
        "2 short 3 ",             "2 order_placed 3 local",
        "2 dispatched 3 local",
    };
    cr_assert_eq(log.n, 13);
    for (int i = 0; i < 13; i++)
        cr_assert_str_eq(log.lines[i], expected[i], "line %d", i);
    world_destroy(w);
    world_spec_free(&spec);
}

/* ---- nodes and links ------------------------------------------------------ */

/* A spec without nodes of its own is the one-node world: a stock point fed
 * by a link from each supplier, and a receipt reaches that node. */
Test(world, a_spec_is_the_one_node_world)
{
    world_spec spec;
    simple_world(&spec, "eoq", 5.0, 2.0);
    add_supplier(&spec, "backup", 1.0);
    world *w = build(&spec);
    cr_assert_eq(world_node_count(w), 1);
    cr_assert_eq(world_node_kind_of(w, 0), WORLD_NODE_STOCK_POINT);
    cr_assert_eq(world_link_count(w), 2);
    test_row m;
    cr_assert_eq(world_run(w, 1, 0, m.value), 0);
    cr_assert_gt(world_stockpt(w)->replenishments, 0.0);
    world_destroy(w);
    world_spec_free(&spec);
}

/* ---- auto rules plan for the demand as shaped ------------------------------ */

static void add_shock(world_spec *spec, double start, double end,
                      double factor)
{
    demand_spec *d = &spec->demand;
    demand_shock *grown =
        realloc(d->shocks, (d->n_shocks + 1) * sizeof *grown);
    cr_assert_not_null(grown);
    grown[d->n_shocks++] = (demand_shock){start, end, factor};
    d->shocks = grown;
}

Test(world, a_shock_halving_demand_all_year_halves_the_plan)
{
    /* Demand 40 a day halved over the whole horizon: the rules plan for
     * 20. Q = sqrt(2 20 20 / 0.05) = 126.5 -> 126; r = 60 + 1.6449
     * sqrt(3 20) = 72.7 -> 73 (the shaped process is Poisson(20): var_D =
     * 20); cards = ceil(20 3 1.1 / 25) = ceil(2.64) = 3 (6 for 40). */
    const char *types[] = {"eoq", "kanban"};
    for (int i = 0; i < 2; i++) {
        world_spec spec;
        simple_world(&spec, types[i], 40.0, 3.0);
        add_shock(&spec, 0.0, spec.horizon, 0.5);
        if (i == 1) {
            policy_param_set(&spec.policy.params, PARAM_CONTAINER, 25.0);
            policy_param_set(&spec.policy.params, PARAM_SAFETY, 0.1);
        }
        world *w = build(&spec);
        cr_assert_float_eq(world_planning_rate(w), 20.0, 1e-12);
        cr_assert(world_demand_sized(w));
        const policy_params *p = world_effective_params(w);
        if (i == 0) {
            cr_assert_eq(p->value[PARAM_Q], 126.0);
            cr_assert_eq(p->value[PARAM_r], 73.0);
        } else {
            cr_assert_eq(p->value[PARAM_CARDS], 3.0);
        }
        world_destroy(w);
        world_spec_free(&spec);
    }
}

Test(world, the_planning_rate_is_the_mean_over_the_window)
{
    world_spec spec;
    simple_world(&spec, "eoq", 40.0, 3.0);
    /* A shock halving days [100, 200) of a [0, 400) window: 40 (1 - 0.5
     * 100 / 400) = 35. */
    add_shock(&spec, 100.0, 200.0, 0.5);
    world *w = build(&spec);
    cr_assert_float_eq(world_planning_rate(w), 35.0, 1e-9);
    world_destroy(w);
    /* Measured from day 200 on, the shock is over: 40. */
    spec.warmup = 200.0;
    w = build(&spec);
    cr_assert_float_eq(world_planning_rate(w), 40.0, 1e-12);
    world_destroy(w);
    /* A trend of +0.1% a day over [0, 400): the mean of 1 + 0.001 t is
     * 1.2, so 48. */
    spec.warmup = 0.0;
    free(spec.demand.shocks);
    spec.demand.shocks = NULL;
    spec.demand.n_shocks = 0;
    spec.demand.trend = 0.001;
    w = build(&spec);
    cr_assert_float_eq(world_planning_rate(w), 48.0, 1e-9);
    world_destroy(w);
    /* A season of amplitude 0.5 and period 100, phase 0, over [0, 50):
     * the mean of 1 + 0.5 sin(2 pi t / 100) over half a period is 1 + 0.5
     * 2 / pi: 40 (1 + 1 / pi) = 52.732. */
    spec.demand.trend = 0.0;
    spec.demand.season_amplitude = 0.5;
    spec.demand.season_period = 100.0;
    spec.horizon = 50.0;
    w = build(&spec);
    cr_assert_float_eq(world_planning_rate(w),
                       40.0 * (1.0 + 1.0 / 3.14159265358979323846),
                       1e-9);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, periodic_orders_plan_for_the_shaped_quantities)
{
    /* One order of 10 a day; days [0, 100) doubled out of [0, 400): the
     * orders at 0 .. 99 count twice, so 10 (1 + 100 / 400) = 12.5. */
    char err[100];
    world_spec spec;
    simple_world(&spec, "eoq", 1.0, 3.0);
    spec.demand.arrivals = DEMAND_PERIODIC;
    spec.demand.period = 1.0;
    dist_free(&spec.demand.quantity);
    cr_assert_eq(dist_constant(&spec.demand.quantity, 10.0, err, sizeof err),
                 0);
    add_shock(&spec, 0.0, 100.0, 2.0);
    world *w = build(&spec);
    cr_assert_float_eq(world_planning_rate(w), 12.5, 1e-12);
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, given_parameters_are_not_sized_from_demand)
{
    world_spec spec;
    simple_world(&spec, "eoq", 40.0, 3.0);
    policy_param_set(&spec.policy.params, PARAM_Q, 100.0);
    policy_param_set(&spec.policy.params, PARAM_r, 120.0);
    world *w = build(&spec);
    cr_assert_not(world_demand_sized(w));
    world_destroy(w);
    world_spec_free(&spec);
}

Test(world, optimal_needs_a_cost_model_and_a_shortage_cost)
{
    world_spec spec;
    simple_world(&spec, "sS", 40.0, 3.0);
    policy_param_set_optimal(&spec.policy.params, PARAM_s);
    expect_error(&spec, "s: optimal needs a cost model");
    world_spec_free(&spec);
    simple_world(&spec, "eoq", 40.0, 3.0);
    spec.item.backorder_cost = 0.0;
    policy_param_set_optimal(&spec.policy.params, PARAM_r);
    expect_error(&spec, "backorder_cost or stockout_cost");
    spec.item.backorder_cost = 1.0;
    policy_param_set(&spec.policy.params, PARAM_SERVICE_LEVEL, 0.9);
    expect_error(&spec, "not both");
    world_spec_free(&spec);
    simple_world(&spec, "base_stock", 4.0, 3.0);
    policy_param_set_optimal(&spec.policy.params, PARAM_S);
    policy_param_set(&spec.policy.params, PARAM_FILL_RATE, 0.9);
    expect_error(&spec, "not both");
    world_spec_free(&spec);
}

Test(world, base_stock_drops_transit_variance_when_orders_cross)
{
    /* Compound demand (no exact Poisson): 4 orders a day of 2 units,
     * var_D = 4 x 4 = 16, L gamma mean 3 var 2.25. Independent transit:
     * X ~ normal(24, sqrt(3 x 16) = 6.93), and the variance of L must not
     * add D^2 var_L = 144 (which would make sd 13.9). With k = 2 the
     * fill rate 1 - (B(S - 2) - B(S)) / 2 first reaches 0.95 at S = 37
     * (0.9578; at 36 it is 0.9432; normal loss, computed apart). */
    char err[100];
    world_spec spec;
    simple_world(&spec, "base_stock", 4.0, 3.0);
    dist_free(&spec.demand.size);
    cr_assert_eq(dist_constant(&spec.demand.size, 2.0, err, sizeof err), 0);
    dist_free(&spec.suppliers[0].lead_time);
    cr_assert_eq(dist_gamma(&spec.suppliers[0].lead_time, 4.0, 0.75, err,
                            sizeof err),
                 0);
    spec.suppliers[0].deliveries = DELIVERIES_INDEPENDENT;
    world *w = build(&spec);
    cr_assert_eq(world_effective_params(w)->value[PARAM_S], 37.0, "S = %g",
                 world_effective_params(w)->value[PARAM_S]);
    world_destroy(w);
    world_spec_free(&spec);
}

/* A holding rate charges a yearly share of what the goods are worth, at
 * what was paid for them: landed cost (price 8 + freight 0.4), not the
 * item's unit cost of 10. Goods at sea are the buyer's from dispatch, so
 * pipeline holding is rate x landed x on order (every order ships at once
 * here); at_receipt leaves them to the supplier. */
Test(world, stock_and_goods_in_transit_are_held_at_their_landed_cost)
{
    world_spec spec;
    simple_world(&spec, "eoq", 40.0, 35.0);
    spec.item.holding_cost = NAN;
    spec.item.holding_rate = 0.25;
    spec.suppliers[0].unit_price = 8.0;
    spec.suppliers[0].unit_freight = 0.4;
    spec.warmup = 30.0;
    spec.horizon = 760.0;
    policy_param_set(&spec.policy.params, PARAM_Q, 2000.0);
    policy_param_set(&spec.policy.params, PARAM_r, 1500.0);
    double daily = 0.25 / 365.0;
    world *w = build(&spec);
    for (uint64_t rep = 0; rep < 3; rep++) {
        test_row m;
        cr_assert_eq(world_run(w, 8, rep, m.value), 0);
        const double *v = m.value;
        cr_assert_float_eq(v[METRIC_PIPELINE_HOLDING_COST],
                           daily * 8.4 * v[METRIC_AVG_ON_ORDER], 1e-9);
        cr_assert_float_eq(v[METRIC_HOLDING_COST],
                           daily * 8.4 * v[METRIC_AVG_ON_HAND], 1e-9);
        cr_assert_float_eq(v[METRIC_CASH_TIED_UP],
                           8.4 * (v[METRIC_AVG_ON_HAND] +
                                  v[METRIC_AVG_ON_ORDER]),
                           1e-6);
        /* About 1400 units at sea on average (40 a day for 35 days). */
        cr_assert_float_eq(v[METRIC_AVG_ON_ORDER], 1400.0, 60.0);
    }
    world_destroy(w);
    spec.suppliers[0].ownership = OWNERSHIP_AT_RECEIPT;
    w = build(&spec);
    test_row m;
    cr_assert_eq(world_run(w, 8, 0, m.value), 0);
    cr_assert_eq(m.value[METRIC_PIPELINE_HOLDING_COST], 0.0);
    cr_assert_gt(m.value[METRIC_AVG_ON_ORDER], 1000.0);
    world_destroy(w);
    world_spec_free(&spec);
}

/* The parameters as simulated are those in force: a fill-rate target or a
 * safety factor that sizes nothing (its parameter was given) is not shown
 * as if it were. */
Test(world, parameters_as_simulated_are_those_in_force)
{
    world_spec spec;
    simple_world(&spec, "base_stock", 5.0, 2.0);
    policy_param_set(&spec.policy.params, PARAM_S, 30.0);
    world *w = build(&spec);
    char text[200];
    policy_params_format(spec.policy.type, world_effective_params(w), text,
                         sizeof text);
    cr_assert_str_eq(text, "S=30");
    world_destroy(w);
    policy_params_init(&spec.policy.params);
    w = build(&spec);
    policy_params_format(spec.policy.type, world_effective_params(w), text,
                         sizeof text);
    cr_assert_not_null(strstr(text, "fill_rate=0.95"), "%s", text);
    world_destroy(w);
    world_spec_free(&spec);
    simple_world(&spec, "kanban", 5.0, 2.0);
    policy_param_set(&spec.policy.params, PARAM_CARDS, 4.0);
    policy_param_set(&spec.policy.params, PARAM_CONTAINER, 5.0);
    w = build(&spec);
    policy_params_format(spec.policy.type, world_effective_params(w), text,
                         sizeof text);
    cr_assert_str_eq(text, "cards=4 container=5");
    world_destroy(w);
    world_spec_free(&spec);
}
