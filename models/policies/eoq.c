/*
 * eoq.c - push: continuous review (Q, r). When the inventory position falls
 * to r or below after a customer order, order Q (repeatedly, until the
 * position is above r).
 *
 * Q: auto = sqrt(2 D K / h), the economic order quantity (Harris 1913).
 * r: auto = D L + z sigma_LTD for a target cycle service level, with
 * sigma_LTD = sqrt(L sigma_D^2 + D^2 sigma_L^2), rounded up.
 */
#include <math.h>
#include <stdio.h>

#include "models/policy.h"
#include "models/stockpt.h"

static int eoq_resolve(policy_params *p, const policy_context *ctx, char *err,
                       size_t errlen)
{
    if (policy_resolve_service_level(p, err, errlen))
        return -1;
    if (p->state[PARAM_Q] != PARAM_GIVEN) {
        if (!(ctx->order_cost > 0.0 && ctx->holding_cost > 0.0)) {
            snprintf(err, errlen, "Q: auto needs an order cost > 0 and a "
                                  "holding cost > 0; give Q instead");
            return -1;
        }
        policy_param_set(p, PARAM_Q, policy_eoq_quantity(ctx));
    }
    if (policy_check_range(p, PARAM_Q, 1.0, INFINITY, 1, err, errlen))
        return -1;
    if (p->state[PARAM_r] != PARAM_GIVEN) {
        policy_param_set(p, PARAM_r, policy_cover(ctx, p, ctx->lead_time));
    }
    return policy_check_range(p, PARAM_r, -1e15, 1e15, 1, err, errlen);
}

static double eoq_initial(const policy_params *p)
{
    double level = p->value[PARAM_r] + p->value[PARAM_Q];
    return level > 0.0 ? level : 0.0;
}

static void eoq_check(stockpt *sp, void *state, double quantity)
{
    (void)state;
    (void)quantity;
    const policy_params *p = stockpt_params(sp);
    double position = stockpt_position(sp);
    double r = p->value[PARAM_r], q = p->value[PARAM_Q];
    if (position > r)
        return;
    /* Enough batches of Q to lift the position above r. */
    double batches = floor((r - position) / q) + 1.0;
    stockpt_order(sp, batches * q);
}

static void eoq_start(stockpt *sp, void *state)
{
    eoq_check(sp, state, 0.0);
}

const policy_type policy_eoq = {
    .name = "eoq",
    .family = POLICY_PUSH,
    .summary = "continuous review (Q, r): order Q when the position is <= r",
    .help =
        "  Q              order quantity; auto = sqrt(2 D K / h) (default auto)\n"
        "  r              reorder point; auto = D L + z sd(lead-time demand),\n"
        "                 sd = sqrt(L var_D + D^2 var_L) (default auto)\n"
        "  service_level  cycle service level for r: auto (default 0.95)\n",
    .accepted = 1u << PARAM_Q | 1u << PARAM_r | 1u << PARAM_SERVICE_LEVEL,
    .resolve = eoq_resolve,
    .initial_inventory = eoq_initial,
    .start = eoq_start,
    .on_demand = eoq_check,
};
