/*
 * periodic.c - push: periodic review (R, S). Every R time units (first at
 * t = 0), order up to S.
 *
 * R: auto = the economic order interval EOQ / D, rounded to a whole number
 * of time units (at least 1). S: auto = demand over R + L plus z standard
 * deviations, for a target cycle service level; with deliveries in order,
 * L is the lead time an order sees when one goes every R
 * (policy_seen_context).
 */
#include <math.h>
#include <stdio.h>

#include "models/policy.h"
#include "models/stockpt.h"

static int periodic_resolve(policy_params *p, const policy_context *ctx,
                            char *err, size_t errlen)
{
    if (p->state[PARAM_R] != PARAM_GIVEN) {
        if (!(ctx->order_cost > 0.0 && ctx->holding_cost > 0.0 &&
              ctx->demand_rate > 0.0)) {
            snprintf(err, errlen, "R: auto needs an order cost > 0, a "
                                  "holding cost > 0 and demand; give R");
            return -1;
        }
        double r = floor(policy_eoq_quantity(ctx) / ctx->demand_rate + 0.5);
        policy_param_set(p, PARAM_R, r < 1.0 ? 1.0 : r);
    }
    if (!(p->value[PARAM_R] > 0.0) || !isfinite(p->value[PARAM_R])) {
        snprintf(err, errlen, "R must be a review period > 0, got %g",
                 p->value[PARAM_R]);
        return -1;
    }
    if (policy_resolve_service_level(p, err, errlen))
        return -1;
    if (p->state[PARAM_S] != PARAM_GIVEN) {
        policy_context seen =
            policy_seen_context(ctx, p->value[PARAM_R], 1.0, 0);
        double span = seen.lead_time + p->value[PARAM_R];
        policy_param_set(p, PARAM_S, policy_cover(&seen, p, span));
    }
    return policy_check_range(p, PARAM_S, 0.0, 1e15, 1, err, errlen);
}

static double periodic_initial(const policy_params *p)
{
    return p->value[PARAM_S];
}

static double periodic_review_period(const policy_params *p)
{
    return p->value[PARAM_R];
}

static void periodic_on_review(stockpt *sp, void *state)
{
    (void)state;
    stockpt_order(sp, stockpt_params(sp)->value[PARAM_S] -
                          stockpt_position(sp));
}

const policy_type policy_periodic = {
    .name = "periodic",
    .family = POLICY_PUSH,
    .summary = "periodic review (R, S): every R, order up to S",
    .help =
        "  R              review period; auto = EOQ / D rounded, at least 1\n"
        "                 (default auto)\n"
        "  S              order-up-to level; auto = demand over R + L + z sd\n"
        "                 (default auto)\n"
        "  service_level  cycle service level for S: auto (default 0.95)\n",
    .accepted = 1u << PARAM_R | 1u << PARAM_S | 1u << PARAM_SERVICE_LEVEL,
    .demand_sized = 1u << PARAM_R | 1u << PARAM_S,
    .target_sizes = 1u << PARAM_S,
    .resolve = periodic_resolve,
    .initial_inventory = periodic_initial,
    .review_period = periodic_review_period,
    .on_review = periodic_on_review,
};
