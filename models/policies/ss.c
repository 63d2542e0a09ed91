/*
 * ss.c - push: (s, S). When the inventory position is at or below s, order
 * up to S. Reviewed after every customer order, or every R time units when
 * R is given (the textbook periodic (R, s, S) system).
 *
 * s: auto = demand over L (+ R) plus z standard deviations, for a target
 * cycle service level; S: auto = s + the economic order quantity. With
 * deliveries in order, L is the lead time an order sees when orders go
 * every max(R, lot / D) (policy_seen_context), the lot being the EOQ (S
 * given: S less the mean lead-time demand).
 */
#include <math.h>
#include <stdio.h>

#include "models/policy.h"
#include "models/stockpt.h"

/* How often (s, S) orders, for the lead time its orders see: a lot of
 * about S - s (the EOQ, or S less the mean lead-time demand when S is
 * given), at least one review period apart. */
static policy_context ss_seen(const policy_params *p,
                              const policy_context *ctx)
{
    double units = 1.0;
    if (p->state[PARAM_S] == PARAM_GIVEN)
        units = p->value[PARAM_S] - ctx->demand_rate * ctx->lead_time;
    else if (ctx->order_cost > 0.0 && ctx->holding_cost > 0.0)
        units = policy_eoq_quantity(ctx);
    if (!(units >= 1.0))
        units = 1.0;
    double R = p->value[PARAM_R];
    if (R > 0.0 && ctx->demand_rate > 0.0 && R > units / ctx->demand_rate)
        return policy_seen_context(ctx, R, 1.0, 0);
    return policy_lot_context(ctx, units, 0);
}

static int ss_resolve(policy_params *p, const policy_context *given,
                      char *err, size_t errlen)
{
    if (p->state[PARAM_R] != PARAM_GIVEN)
        policy_param_set(p, PARAM_R, 0.0);
    if (policy_check_range(p, PARAM_R, 0.0, INFINITY, 0, err, errlen))
        return -1;
    policy_context seen = ss_seen(p, given);
    const policy_context *ctx = &seen;
    if (policy_resolve_service_level(p, err, errlen))
        return -1;
    if (p->state[PARAM_s] != PARAM_GIVEN) {
        double span = ctx->lead_time + p->value[PARAM_R];
        policy_param_set(p, PARAM_s, policy_cover(ctx, p, span));
    }
    if (policy_check_range(p, PARAM_s, -1e15, 1e15, 1, err, errlen))
        return -1;
    if (p->state[PARAM_S] != PARAM_GIVEN) {
        if (!(ctx->order_cost > 0.0 && ctx->holding_cost > 0.0)) {
            snprintf(err, errlen, "S: auto needs an order cost > 0 and a "
                                  "holding cost > 0; give S instead");
            return -1;
        }
        policy_param_set(p, PARAM_S, p->value[PARAM_s] + policy_eoq_quantity(ctx));
    }
    if (policy_check_range(p, PARAM_S, p->value[PARAM_s] + 1.0, 1e15, 1, err,
                           errlen)) {
        snprintf(err, errlen, "S must be a whole number greater than s (%g), "
                              "got %g",
                 p->value[PARAM_s], p->value[PARAM_S]);
        return -1;
    }
    return 0;
}

static double ss_initial(const policy_params *p)
{
    return p->value[PARAM_S] > 0.0 ? p->value[PARAM_S] : 0.0;
}

static double ss_review_period(const policy_params *p)
{
    return p->value[PARAM_R];
}

static void ss_check(stockpt *sp)
{
    const policy_params *p = stockpt_params(sp);
    double position = stockpt_position(sp);
    if (position <= p->value[PARAM_s])
        stockpt_order(sp, p->value[PARAM_S] - position);
}

static void ss_on_demand(stockpt *sp, void *state, double quantity)
{
    (void)state;
    (void)quantity;
    if (stockpt_params(sp)->value[PARAM_R] == 0.0)
        ss_check(sp);
}

static void ss_on_review(stockpt *sp, void *state)
{
    (void)state;
    ss_check(sp);
}

static void ss_start(stockpt *sp, void *state)
{
    (void)state;
    if (stockpt_params(sp)->value[PARAM_R] == 0.0)
        ss_check(sp);
}

const policy_type policy_ss = {
    .name = "sS",
    .family = POLICY_PUSH,
    .summary = "(s, S): order up to S when the position is <= s",
    .help =
        "  s              reorder level; auto = demand over L (+ R) + z sd\n"
        "                 (default auto)\n"
        "  S              order-up-to level; auto = s + EOQ (default auto)\n"
        "  R              review period; 0 = after every customer order (default 0)\n"
        "  service_level  cycle service level for s: auto (default 0.95)\n",
    .accepted = 1u << PARAM_s | 1u << PARAM_S | 1u << PARAM_R |
                1u << PARAM_SERVICE_LEVEL,
    .demand_sized = 1u << PARAM_s | 1u << PARAM_S,
    .target_sizes = 1u << PARAM_s,
    .resolve = ss_resolve,
    .initial_inventory = ss_initial,
    .review_period = ss_review_period,
    .start = ss_start,
    .on_demand = ss_on_demand,
    .on_review = ss_on_review,
};
