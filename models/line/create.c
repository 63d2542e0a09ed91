/*
 * create.c - a line's runtime made from its spec (prodline_create) and
 * freed: the products' and stages' run state, the planning lead times the
 * controls' `auto` rules use, and the choice of the control from the
 * policy (its line_control, control.h), resolved and planned.
 *
 * Not a run: prodline_start (run.c) puts the starting state in place.
 * No control is named here except in one error message (see below).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/line/control.h"
#include "models/line/internal.h"
#include "sim/convert.h"

static const product_spec *line_product(const prodline *l, size_t p)
{
    return l->spec->n_products ? &l->spec->products[p] : &l->single;
}

double line__demand_rate(const prodline *l)
{
    double d_total = 0.0;
    for (size_t i = 0; i < l->n_products; i++)
        d_total += l->products[i].rate;
    return d_total;
}

int line__check(const policy_params *p, policy_param param, double lo,
                double hi, int whole, char *err, size_t errlen)
{
    char why[300];
    if (policy_check_range(p, param, lo, hi, whole, why, sizeof why)) {
        snprintf(err, errlen, "%s", why);
        return -1;
    }
    return 0;
}

/* ---- planning figures ------------------------------------------------- */

static double availability(const stage_spec *st)
{
    double a = 1.0;
    if (st->breakdown.enabled) {
        double up = dist_mean(&st->breakdown.time_between);
        if (st->maintenance.enabled)
            up *= st->maintenance.mtbf_factor;
        double down = dist_mean(&st->breakdown.repair);
        a = up / (up + down);
    }
    if (st->maintenance.enabled)
        a *= st->maintenance.every /
             (st->maintenance.every + dist_mean(&st->maintenance.duration));
    return a;
}

/* The mean time a unit spends at a stage of `machines` servers, each
 * taking `service` per unit, fed at `rate`: Sakasegawa's approximation of
 * the M/M/c wait plus the service. An overloaded stage is given ten times
 * its service time, a figure the plan can still use. */
static double stage_sojourn(double service, double rate, int machines)
{
    double c = (double)machines;
    double rho = rate * service / c;
    if (!(rho < 0.98))
        return 10.0 * service;
    double wait = service * pow(rho, sqrt(2.0 * (c + 1.0)) - 1.0) /
                  (c * (1.0 - rho));
    return service + wait;
}

double prodline_stage_lead_time(const prodline *l, size_t k)
{
    return l->stages[k].lead_time;
}

double prodline_lead_time(const prodline *l)
{
    double sum = 0.0;
    for (size_t k = 0; k < l->n_stages; k++)
        sum += l->stages[k].lead_time;
    return sum;
}

double prodline_planning_rate(const prodline *l)
{
    double sum = 0.0;
    for (size_t i = 0; i < l->n_products; i++)
        sum += l->products[i].rate;
    return sum;
}

/* ---- the control ------------------------------------------------------ */

/* The policy's control of lines, or NULL with a message: the policy must
 * control lines, take the parameters it is given there, and take the
 * line's sequence if it has one. */
static const line_control *control_of(const line_spec *spec,
                                      const policy_spec *policy, char *err,
                                      size_t errlen)
{
    const policy_type *type = policy->type;
    if (!type || !type->line) {
        /* The one place a control is named outside the registry: this
         * message's words predate the registry's order (mrp, kanban ...). */
        snprintf(err, errlen, "policy %s: %s cannot control a line; expected "
                              "kanban, conwip, mrp, heijunka or campaign",
                 policy->name, type ? type->name : "(none)");
        return NULL;
    }
    for (int i = 0; i < PARAM_COUNT; i++)
        if (policy->params.state[i] != PARAM_UNSET &&
            !(type->line_accepted & (1u << i))) {
            snprintf(err, errlen, "policy %s: %s does not take %s when it "
                                  "controls a line",
                     policy->name, type->name,
                     policy_param_name((policy_param)i));
            return NULL;
        }
    if (spec->sequence_len && !type->line->takes_sequence) {
        /* "only heijunka and campaign take a sequence": the registry's
         * controls that do. */
        char names[200] = "";
        size_t used = 0, n = 0, count = 0;
        for (size_t i = 0; i < policy_type_count(); i++) {
            const policy_type *t = policy_type_at(i);
            count += t->line && t->line->takes_sequence;
        }
        for (size_t i = 0; i < policy_type_count(); i++) {
            const policy_type *t = policy_type_at(i);
            if (!t->line || !t->line->takes_sequence)
                continue;
            n++;
            line__append(names, sizeof names, &used, "%s%s",
                         n == 1 ? "" : n == count ? " and " : ", ", t->name);
        }
        snprintf(err, errlen, "policy %s: only %s %s a sequence",
                 policy->name, names, count == 1 ? "takes" : "take");
        return NULL;
    }
    return type->line;
}

/* Each product's starting stock as its spec says, then the control's
 * cards, caps and sequences, once the parameters are known. */
static int plan(prodline *l, char *err, size_t errlen)
{
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        pr->initial = pr->spec->initial;
    }
    return l->control->plan ? l->control->plan(l, err, errlen) : 0;
}

/* ---- create and destroy ----------------------------------------------- */

static void stage_free(stage_run *st)
{
    free(st->machines);
    gsl_rng *rngs[] = {st->process_rng, st->setup_rng, st->failure_rng,
                       st->quality_rng, st->pm_rng};
    for (size_t i = 0; i < sizeof rngs / sizeof rngs[0]; i++)
        if (rngs[i])
            gsl_rng_free(rngs[i]);
    for (int p = 0; p < LINE_PRODUCTS_MAX; p++)
        free(st->out[p].u);
    free(st->rework.u);
}

void prodline_destroy(prodline *l)
{
    if (!l)
        return;
    if (l->control_state && l->control->destroy)
        l->control->destroy(l);
    free(l->control_state);
    for (size_t k = 0; k < l->n_stages; k++)
        stage_free(&l->stages[k]);
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        if (pr->demand_rng)
            gsl_rng_free(pr->demand_rng);
        free(pr->waiting);
        sample_fini(&pr->lead_time);
    }
    if (l->raw_quality_rng)
        gsl_rng_free(l->raw_quality_rng);
    free(l->releases.u);
    free(l->bucket_demand);
    free(l->bucket_release);
    sample_fini(&l->line_lead);
    sample_fini(&l->customer_lead);
    free(l);
}

prodline *prodline_create(const line_spec *spec, const policy_spec *policy,
                          const line_env *env, policy_params *effective,
                          char *err, size_t errlen)
{
    if (line_spec_check(spec, env->n_suppliers, err, errlen))
        return NULL;
    const line_control *control = control_of(spec, policy, err, errlen);
    if (!control)
        return NULL;
    prodline *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    l->spec = spec;
    l->policy = policy;
    l->env = *env;
    l->control = control;
    if (control->state_size &&
        !(l->control_state = calloc(1, control->state_size))) {
        snprintf(err, errlen, "out of memory");
        free(l);
        return NULL;
    }
    l->params = effective;
    *effective = policy->params;
    l->n_stages = spec->n_stages;
    l->n_products = spec->n_products ? spec->n_products : 1;
    if (!spec->n_products) {
        /* A shallow copy: the world owns the item and demand. */
        snprintf(l->single.name, sizeof l->single.name, "product");
        l->single.item = *env->item;
        l->single.demand = *env->demand;
        l->single.initial = NAN;
    }
    double d_total = 0.0;
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        pr->line = l;
        pr->index = (int)i;
        pr->spec = line_product(l, i);
        /* Every `auto` plans for the demand the measured window will see,
         * as shaped (a shock halving it all year halves the plan), as a
         * stock point's rules do (world_policy_context). */
        demand_planning_rates(&pr->spec->demand, env->warmup, env->horizon,
                              &pr->rate, &pr->variance_rate, NULL);
        d_total += pr->rate;
        pr->h = item_holding_cost(&pr->spec->item, env->time_units_per_year);
        sample_init(&pr->lead_time);
    }
    for (size_t i = 0; i < l->n_products; i++)
        l->products[i].share = l->products[i].rate / d_total;
    sample_init(&l->line_lead);
    sample_init(&l->customer_lead);
    for (size_t k = 0; k < l->n_stages; k++) {
        stage_run *st = &l->stages[k];
        const stage_spec *ss = &spec->stages[k];
        st->spec = ss;
        int setup_possible = !(ss->setup_time.kind == DIST_CONSTANT &&
                               ss->setup_time.a == 0.0);
        double mean_process = 0.0, mean_setup = 0.0;
        for (size_t i = 0; i < l->n_products; i++) {
            st->process[i] = ss->product_process_given[i]
                                 ? &ss->product_process[i]
                                 : &ss->process_time;
            mean_process += l->products[i].share * dist_mean(st->process[i]);
            for (size_t j = 0; j < l->n_products; j++) {
                const dist *d = ss->setup_pair_given[i][j]
                                    ? &ss->setup_pair[i][j]
                                    : setup_possible ? &ss->setup_time
                                                     : NULL;
                st->setup[i][j] = i == j ? NULL : d;
                /* A change happens about (1 - share of the same) of the
                 * time under a random mix. */
                if (st->setup[i][j])
                    mean_setup += l->products[i].share *
                                  l->products[j].share * dist_mean(d);
            }
        }
        st->lead_time = stage_sojourn(mean_process / availability(ss) +
                                          mean_setup,
                                      d_total, ss->machines);
        st->machines = calloc((size_t)ss->machines, sizeof *st->machines);
        if (!st->machines) {
            snprintf(err, errlen, "out of memory");
            prodline_destroy(l);
            return NULL;
        }
    }
    char why[300];
    if (control->resolve(l, effective, why, sizeof why) ||
        plan(l, why, sizeof why)) {
        snprintf(err, errlen, "policy %s (%s): %s", policy->name,
                 policy->type->name, why);
        prodline_destroy(l);
        return NULL;
    }
    const raw_spec *raw = &spec->raw;
    l->raw_unlimited = raw->supplier < 0;
    if (!l->raw_unlimited) {
        const supplier_spec *sup = &env->supplier_specs[raw->supplier];
        /* Like a stock point's supplier, raw material without a price of
         * its own is bought at the value of a unit (raw.unit_cost). Raw
         * material is worth what was paid for it landed: the price plus
         * the unit freight. */
        l->raw_price = supplier_unit_price(
            sup, isnan(raw->unit_cost) ? 0.0 : raw->unit_cost);
        l->raw_landed = supplier_landed_cost(
            sup, isnan(raw->unit_cost) ? 0.0 : raw->unit_cost);
        /* Held by value at the item's holding rate; a holding cost per
         * unit is the products' (finished and in the line), not the raw
         * material's. */
        l->raw_rate = item_holds_by_value(env->item)
                          ? env->item->holding_rate / env->time_units_per_year
                          : 0.0;
    }
    double window = env->horizon - env->warmup;
    /* Clamped as a double first: a horizon of 3e95 must not reach a
     * size_t conversion (undefined behaviour). */
    l->n_buckets = js_size_clamped(ceil(window / env->bullwhip_period - 1e-9),
                                   LINE_BUCKETS_MAX);
    if (l->n_buckets < 1)
        l->n_buckets = 1;
    l->bucket_demand = calloc(l->n_buckets, sizeof *l->bucket_demand);
    l->bucket_release = calloc(l->n_buckets, sizeof *l->bucket_release);
    if (!l->bucket_demand || !l->bucket_release) {
        snprintf(err, errlen, "out of memory");
        prodline_destroy(l);
        return NULL;
    }
    return l;
}

