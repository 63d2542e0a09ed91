/*
 * base_stock.c - pull: one-for-one replenishment. Every unit demanded is
 * reordered at once, keeping the inventory position at S.
 *
 * S: auto = the smallest S meeting a target fill rate. With Poisson unit
 * demand and a constant lead time the lead-time demand X is Poisson(D L)
 * and the fill rate is exactly P(X <= S - 1); otherwise X is taken as
 * normal (mean D L, sd sqrt(L sigma_D^2 + D^2 sigma_L^2)) and S = D L + z sd
 * rounded up. Given a cycle service level instead, P(X <= S) is used.
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_cdf.h>

#include "models/policy.h"
#include "models/stockpt.h"

static int base_stock_resolve(policy_params *p, const policy_context *ctx,
                              char *err, size_t errlen)
{
    int by_cycle = p->state[PARAM_SERVICE_LEVEL] == PARAM_GIVEN;
    if (by_cycle && p->state[PARAM_FILL_RATE] == PARAM_GIVEN) {
        snprintf(err, errlen, "give fill_rate or service_level, not both");
        return -1;
    }
    policy_param target = by_cycle ? PARAM_SERVICE_LEVEL : PARAM_FILL_RATE;
    if (p->state[target] != PARAM_GIVEN)
        policy_param_set(p, target, 0.95);
    if (policy_check_range(p, target, 0.01, 0.9999, 0, err, errlen))
        return -1;
    if (p->state[PARAM_S] != PARAM_GIVEN) {
        double level = p->value[target];
        double mean = ctx->demand_rate * ctx->lead_time;
        double s;
        if (ctx->poisson_unit_demand && ctx->constant_lead_time) {
            /* Fill rate P(X <= S-1); cycle service P(X <= S). */
            unsigned k = 0;
            while (gsl_cdf_poisson_P(k, mean) < level && k < 100000000u)
                k++;
            s = by_cycle ? (double)k : (double)k + 1.0;
        } else {
            s = ceil(mean + policy_z(level) *
                                policy_span_demand_sd(ctx, ctx->lead_time) -
                     1e-9);
        }
        policy_param_set(p, PARAM_S, s < 0.0 ? 0.0 : s);
    }
    return policy_check_range(p, PARAM_S, 0.0, 1e15, 1, err, errlen);
}

static double base_stock_initial(const policy_params *p)
{
    return p->value[PARAM_S];
}

static void base_stock_on_demand(stockpt *sp, void *state, double quantity)
{
    (void)state;
    (void)quantity;
    stockpt_order(sp, stockpt_params(sp)->value[PARAM_S] -
                          stockpt_position(sp));
}

const policy_type policy_base_stock = {
    .name = "base_stock",
    .family = POLICY_PULL,
    .summary = "one-for-one: reorder every unit withdrawn (level S)",
    .help =
        "  S              base-stock level; auto = smallest S meeting the target:\n"
        "                 exact Poisson(D L) for Poisson unit demand and a constant\n"
        "                 lead time, normal approximation otherwise (default auto)\n"
        "  fill_rate      target fill rate for S: auto (default 0.95)\n"
        "  service_level  or a target cycle service level instead\n",
    .accepted = 1u << PARAM_S | 1u << PARAM_FILL_RATE |
                1u << PARAM_SERVICE_LEVEL,
    .resolve = base_stock_resolve,
    .initial_inventory = base_stock_initial,
    .on_demand = base_stock_on_demand,
};
