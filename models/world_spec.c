/*
 * world_spec.c - what a world is made of, before it runs: building and
 * freeing a world_spec, the columns of its rows, the policy context its
 * auto rules plan with (the demand over the measured window, the
 * sources' lead times), and the checks every world passes before it is
 * created (the clock, the item, the demand, the suppliers, the
 * disruptions, the policy's parameters).
 *
 * It is not the running world (models/world.c creates one from a checked
 * spec, wires its events and runs the clock) nor the scenario file's
 * reader (analysis/scenario/), which fills a spec and reports mistakes
 * with their line and column; these checks are the model's own, for the
 * C API and for what the reader cannot see.
 */
#include "world.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/calendar_plan.h"
#include "models/world_internal.h"

void world_spec_init(world_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->horizon = 365.0;
    spec->warmup = 0.0;
    spec->time_units_per_year = 365.0;
    spec->bullwhip_period = 1.0;
    item_spec_init(&spec->item);
    demand_spec_init(&spec->demand);
    policy_spec_init(&spec->policy);
    line_spec_init(&spec->line);
}

void world_spec_free(world_spec *spec)
{
    for (size_t i = 0; i < spec->n_suppliers; i++)
        supplier_spec_free(&spec->suppliers[i]);
    free(spec->suppliers);
    for (size_t i = 0; i < spec->n_disruptions; i++)
        disruption_spec_free(&spec->disruptions[i]);
    free(spec->disruptions);
    demand_spec_free(&spec->demand);
    line_spec_free(&spec->line);
    for (size_t i = 0; i < spec->n_nodes; i++)
        node_spec_free(&spec->nodes[i]);
    free(spec->nodes);
    spec->nodes = NULL;
    spec->n_nodes = 0;
    spec->suppliers = NULL;
    spec->disruptions = NULL;
    spec->n_suppliers = spec->n_disruptions = 0;
}

int world_spec_add_supplier(world_spec *spec, const supplier_spec *sup)
{
    supplier_spec *grown = realloc(spec->suppliers, (spec->n_suppliers + 1) *
                                                        sizeof *grown);
    if (!grown)
        return -1;
    spec->suppliers = grown;
    if (supplier_spec_copy(&grown[spec->n_suppliers], sup) != 0)
        return -1;
    spec->n_suppliers++;
    return 0;
}

int world_spec_add_disruption(world_spec *spec, const disruption_spec *d)
{
    disruption_spec *grown = realloc(
        spec->disruptions, (spec->n_disruptions + 1) * sizeof *grown);
    if (!grown)
        return -1;
    spec->disruptions = grown;
    if (disruption_spec_copy(&grown[spec->n_disruptions], d) != 0)
        return -1;
    spec->n_disruptions++;
    return 0;
}

int world_spec_add_node(world_spec *spec, const node_spec *node)
{
    node_spec *grown =
        realloc(spec->nodes, (spec->n_nodes + 1) * sizeof *grown);
    if (!grown)
        return -1;
    spec->nodes = grown;
    if (node_spec_copy(&grown[spec->n_nodes], node) != 0)
        return -1;
    spec->n_nodes++;
    return 0;
}

int world_spec_supplier(const world_spec *spec, const char *name)
{
    for (size_t i = 0; i < spec->n_suppliers; i++)
        if (strcmp(spec->suppliers[i].name, name) == 0)
            return (int)i;
    return -1;
}

int world_columns(const world_spec *spec, metric_columns *cols)
{
    if (spec->n_nodes > 0)
        return network_columns(spec, cols);
    return line_columns(&spec->line, cols);
}

size_t world_row_width(const world_spec *spec)
{
    if (spec->n_nodes > 0)
        return NETWORK_ROW_WIDTH(spec->n_nodes);
    return line_row_width(&spec->line);
}

static int demand_is_unshaped(const demand_spec *d)
{
    return d->trend == 0.0 && d->season_amplitude == 0.0 &&
           d->n_shocks == 0;
}

/* One source's figures for the rules that weigh two sources. */
static void policy_source_of(const world_spec *spec, const supplier_spec *sup,
                             struct policy_source *out)
{
    out->lead_time = supplier_mean_lead_time(sup);
    out->lead_time_variance = supplier_lead_time_variance(sup);
    out->transit = dist_mean(&sup->lead_time);
    out->constant_lead_time =
        sup->lead_time.kind == DIST_CONSTANT && sup->servers == 0;
    out->capacitated = sup->servers > 0;
    out->order_cost = sup->order_cost;
    out->shipment_cost = sup->shipment_cost;
    out->landed_cost = supplier_landed_cost(sup, spec->item.unit_cost);
    out->holding_cost =
        item_holds_by_value(&spec->item)
            ? spec->item.holding_rate * out->landed_cost /
                  spec->time_units_per_year
            : item_holding_cost(&spec->item, spec->time_units_per_year);
    out->transit_holding_cost =
        sup->ownership == OWNERSHIP_AT_DISPATCH ? out->holding_cost : 0.0;
    /* On a calendar: the lead time in the demand it covers. */
    if (calendar_plan_applies(&spec->demand, sup)) {
        calendar_plan_lead_time(&spec->demand, sup, spec->warmup,
                                spec->horizon, &out->lead_time,
                                &out->lead_time_variance);
        out->transit = out->lead_time - (sup->servers > 0
                                             ? dist_mean(&sup->process_time)
                                             : 0.0);
        if (out->lead_time_variance > 0.0)
            out->constant_lead_time = 0;
    }
}

void world_policy_context(const world_spec *spec, policy_context *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    const demand_spec *d = &spec->demand;
    /* The rules plan for the demand the measured window will see, shaped
     * (a shock halving demand all year halves the rate planned for). */
    int flat = 1;
    demand_planning_rates(d, spec->warmup, spec->horizon, &ctx->demand_rate,
                          &ctx->demand_variance, &flat);
    ctx->poisson_arrivals = d->arrivals == DEMAND_POISSON;
    ctx->poisson_unit_demand = d->arrivals == DEMAND_POISSON &&
                               d->size.kind == DIST_CONSTANT &&
                               d->size.a == 1.0 &&
                               (demand_is_unshaped(d) || flat);
    switch (d->arrivals) {
    case DEMAND_POISSON:
        ctx->order_size = dist_mean(&d->size);
        ctx->order_size_variance = dist_variance(&d->size);
        break;
    case DEMAND_PERIODIC:
        ctx->order_size = ctx->demand_rate * d->period;
        ctx->order_size_variance = ctx->demand_variance * d->period;
        break;
    case DEMAND_TRACE:
        ctx->order_size = d->trace_n ? ctx->demand_rate *
                                           (floor(d->trace_time[d->trace_n -
                                                                1]) +
                                            1.0) /
                                           (double)d->trace_n
                                     : 1.0;
        break;
    }
    int p = spec->policy.supplier;
    if (p >= 0 && (size_t)p < spec->n_suppliers) {
        const supplier_spec *sup = &spec->suppliers[p];
        ctx->lead_time = supplier_mean_lead_time(sup);
        ctx->lead_time_variance = supplier_lead_time_variance(sup);
        /* Units leave the servers first come first served: that part of
         * the lead time cannot be overtaken. */
        ctx->serial_lead_time_variance =
            sup->servers > 0 ? dist_variance(&sup->process_time) : 0.0;
        ctx->constant_lead_time =
            sup->lead_time.kind == DIST_CONSTANT && sup->servers == 0;
        ctx->capacitated = sup->servers > 0;
        ctx->order_cost = sup->order_cost;
        ctx->deliveries = sup->deliveries == DELIVERIES_IN_ORDER
                              ? POLICY_DELIVERIES_IN_ORDER
                              : POLICY_DELIVERIES_INDEPENDENT;
        ctx->transit = &sup->lead_time;
        /* On a calendar: the lead time in the demand it covers. The law of
         * the transit alone is then not the lead time's (its days are not
         * the rules' days): the rules that need it go without. */
        if (calendar_plan_applies(&spec->demand, sup)) {
            calendar_plan_lead_time(&spec->demand, sup, spec->warmup,
                                    spec->horizon, &ctx->lead_time,
                                    &ctx->lead_time_variance);
            ctx->transit = NULL;
            /* The demand covered changes from one order to the next. */
            if (ctx->lead_time_variance > 0.0)
                ctx->constant_lead_time = 0;
        }
    }
    ctx->holding_cost =
        item_holding_cost(&spec->item, spec->time_units_per_year);
    /* A holding rate is charged on what the stock cost landed (stockpt.c):
     * the rules size for what holding a unit from this supplier costs. */
    if (p >= 0 && (size_t)p < spec->n_suppliers &&
        item_holds_by_value(&spec->item)) {
        ctx->holding_cost =
            spec->item.holding_rate *
            supplier_landed_cost(&spec->suppliers[p], spec->item.unit_cost) /
            spec->time_units_per_year;
    }
    ctx->backorder_cost = spec->item.backorder_cost;
    ctx->stockout_cost = spec->item.stockout_cost;
    ctx->lost_sales = spec->item.lost_sales;
    int sources[2] = {p, spec->policy.second_supplier};
    for (int k = 0; k < 2; k++) {
        if (sources[k] < 0 || (size_t)sources[k] >= spec->n_suppliers)
            break;
        policy_source_of(spec, &spec->suppliers[sources[k]],
                         &ctx->source[k]);
        ctx->n_sources = k + 1;
    }
}

/* What every world checks: the clock, the item, the demand (when the
 * world has one of its own), the suppliers and the disruptions. */
int world__check_world(const world_spec *spec, int needs_demand,
                       int needs_supplier, char *err, size_t errlen)
{
    char why[400];
    if (!(spec->horizon > 0.0 && spec->horizon <= WORLD_HORIZON_MAX)) {
        snprintf(err, errlen, "horizon must be a time > 0 and at most "
                              "10^7, got %g",
                 spec->horizon);
        return -1;
    }
    if (!(isfinite(spec->warmup) && spec->warmup >= 0.0 &&
          spec->warmup < spec->horizon)) {
        snprintf(err, errlen, "warmup must be >= 0 and less than the horizon "
                              "(%g), got %g",
                 spec->horizon, spec->warmup);
        return -1;
    }
    if (!(spec->time_units_per_year > 0.0) ||
        !(spec->bullwhip_period > 0.0)) {
        snprintf(err, errlen, "time_units_per_year and bullwhip_period must "
                              "be > 0");
        return -1;
    }
    if (item_spec_check(&spec->item, why, sizeof why)) {
        snprintf(err, errlen, "item: %s", why);
        return -1;
    }
    if (needs_demand && demand_spec_check(&spec->demand, why, sizeof why)) {
        snprintf(err, errlen, "demand: %s", why);
        return -1;
    }
    if (needs_supplier && spec->n_suppliers == 0) {
        snprintf(err, errlen, "no supplier; expected at least one");
        return -1;
    }
    for (size_t i = 0; i < spec->n_suppliers; i++) {
        if (supplier_spec_check(&spec->suppliers[i], err, errlen))
            return -1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(spec->suppliers[i].name, spec->suppliers[j].name) ==
                0) {
                snprintf(err, errlen, "two suppliers are named %s; names "
                                      "must be unique",
                         spec->suppliers[i].name);
                return -1;
            }
    }
    for (size_t i = 0; i < spec->n_disruptions; i++)
        if (disruption_spec_check(&spec->disruptions[i], spec->n_suppliers,
                                  err, errlen))
            return -1;
    return 0;
}

/* `optimal` only where the policy has a cost model for the parameter. */
int world__check_optimal(const policy_spec *p, unsigned accepted,
                         char *err, size_t errlen)
{
    for (int i = 0; i < PARAM_COUNT; i++)
        if (p->params.state[i] == PARAM_OPTIMAL &&
            !(accepted & (1u << i))) {
            snprintf(err, errlen, "policy %s: %s: optimal needs a cost model, "
                                  "which %s%s has not for it; expected a "
                                  "number or auto",
                     p->name, policy_param_name((policy_param)i),
                     p->type ? p->type->name : "the policy",
                     accepted == 0 ? "" : " here");
            return -1;
        }
    return 0;
}

int world__check_spec(const world_spec *spec, char *err, size_t errlen)
{
    if (world__check_world(spec, 1, 1, err, errlen))
        return -1;
    for (size_t i = 0; i < spec->n_disruptions; i++)
        if (spec->disruptions[i].stage >= 0) {
            snprintf(err, errlen, "disruption %s: hits a stage, but the "
                                  "world has no production line",
                     spec->disruptions[i].name);
            return -1;
        }
    const policy_spec *p = &spec->policy;
    if (!p->type) {
        snprintf(err, errlen, "policy %s: no type; expected one of the "
                              "registered policies",
                 p->name);
        return -1;
    }
    if (p->supplier < 0 || (size_t)p->supplier >= spec->n_suppliers) {
        snprintf(err, errlen, "policy %s: no such supplier", p->name);
        return -1;
    }
    if (p->backup_supplier >= 0 &&
        ((size_t)p->backup_supplier >= spec->n_suppliers ||
         p->backup_supplier == p->supplier)) {
        snprintf(err, errlen, "policy %s: the backup supplier must be another "
                              "existing supplier",
                 p->name);
        return -1;
    }
    if (p->type->dual_sourced &&
        (p->second_supplier < 0 ||
         (size_t)p->second_supplier >= spec->n_suppliers ||
         p->second_supplier == p->supplier)) {
        snprintf(err, errlen, "policy %s: %s orders from two suppliers; the "
                              "second supplier must be another existing "
                              "supplier",
                 p->name, p->type->name);
        return -1;
    }
    if (!p->type->dual_sourced && p->second_supplier >= 0) {
        snprintf(err, errlen, "policy %s: %s orders from one supplier and "
                              "takes no second supplier",
                 p->name, p->type->name);
        return -1;
    }
    if (p->type->dual_sourced && p->backup_supplier >= 0) {
        snprintf(err, errlen, "policy %s: %s orders from two suppliers and "
                              "takes no backup supplier",
                 p->name, p->type->name);
        return -1;
    }
    struct {
        const char *name;
        double value, lo, hi;
    } checks[] = {
        {"emergency_stock", p->emergency_stock, 0.0, 1e15},
        {"switch_after", p->switch_after, 0.0, 1e15},
        {"expedite", p->expedite, 0.0, 1.0},
        {"expedite_cost", p->expedite_cost, 0.0, 1e15},
    };
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++)
        if (!(checks[i].value >= checks[i].lo &&
              checks[i].value <= checks[i].hi)) {
            snprintf(err, errlen, "policy %s: %s must be in [%g, %g], got %g",
                     p->name, checks[i].name, checks[i].lo, checks[i].hi,
                     checks[i].value);
            return -1;
        }
    if (p->release != RELEASE_UNTIL_RECOVERED &&
        p->release != RELEASE_DURING) {
        snprintf(err, errlen, "policy %s: release must be until_recovered "
                              "or during",
                 p->name);
        return -1;
    }
    if (!(p->backup_lot == 0.0 ||
          (p->backup_lot >= 1.0 && p->backup_lot <= 1e15 &&
           p->backup_lot == floor(p->backup_lot)))) {
        snprintf(err, errlen, "policy %s: backup_lot must be 0 (cover the "
                              "gap) or a whole number >= 1, got %g",
                 p->name, p->backup_lot);
        return -1;
    }
    if (p->emergency_stock != floor(p->emergency_stock)) {
        snprintf(err, errlen, "policy %s: emergency_stock must be a whole "
                              "number of units, got %g",
                 p->name, p->emergency_stock);
        return -1;
    }
    if (!isnan(p->initial_inventory) &&
        !(p->initial_inventory >= 0.0 && isfinite(p->initial_inventory) &&
          p->initial_inventory == floor(p->initial_inventory))) {
        snprintf(err, errlen, "policy %s: initial_inventory must be a whole "
                              "number >= 0, got %g",
                 p->name, p->initial_inventory);
        return -1;
    }
    for (int i = 0; i < PARAM_COUNT; i++)
        if (p->params.state[i] != PARAM_UNSET &&
            !(p->type->accepted & (1u << i))) {
            snprintf(err, errlen, "policy %s: %s does not take %s",
                     p->name, p->type->name,
                     policy_param_name((policy_param)i));
            return -1;
        }
    return world__check_optimal(p, p->type->optimal_accepted, err, errlen);
}

