/*
 * eoq.c - push: continuous review (Q, r). When the inventory position falls
 * to r or below after a customer order, order Q (repeatedly, until the
 * position is above r).
 *
 * Q: auto = sqrt(2 D K / h), the economic order quantity (Harris 1913).
 * r: auto = D L + z sigma_LTD for a target cycle service level, with
 * sigma_LTD = sqrt(L sigma_D^2 + D^2 sigma_L^2), rounded up. With
 * deliveries in order, L is the lead time a lot sees when lots go every
 * Q / D (policy_lot_context; Q the given one, or the EOQ for auto and
 * optimal): for lots far apart, one transit draw.
 * r (and Q): optimal = the minimum of the expected ordering + holding +
 * shortage cost of the continuous-review model (Hadley and Whitin 1963;
 * Zipkin 2000, chapter 6; policy_qr_cost): exact for Poisson unit demand
 * and a constant lead time, lead-time demand normal otherwise, Hadley and
 * Whitin's approximation with lost sales.
 */
#include <math.h>
#include <stdio.h>

#include "models/policy.h"
#include "models/stockpt.h"

static int exact_poisson(const policy_context *ctx)
{
    return ctx->poisson_unit_demand && ctx->constant_lead_time;
}

/* Q minimising the cost with r fixed, walking downhill from the EOQ. */
static double best_q_for_r(const policy_context *ctx, double r, double mean,
                           double sd, int poisson)
{
    double q = ctx->order_cost > 0.0 ? policy_eoq_quantity(ctx) : 1.0;
    double c = ctx->lost_sales
                   ? policy_qr_lost_sales_cost(ctx, q, r, mean, sd, poisson)
                   : policy_qr_cost(ctx, q, r, mean, sd, poisson);
    for (int dir = 1; dir >= -1; dir -= 2)
        for (;;) {
            double next_q = q + dir;
            if (next_q < 1.0)
                break;
            double next =
                ctx->lost_sales
                    ? policy_qr_lost_sales_cost(ctx, next_q, r, mean, sd,
                                                poisson)
                    : policy_qr_cost(ctx, next_q, r, mean, sd, poisson);
            if (!(next < c))
                break;
            q = next_q, c = next;
        }
    return q;
}

static int eoq_resolve(policy_params *p, const policy_context *given,
                       char *err, size_t errlen)
{
    /* The lot size sets how often lots go, which the lead time they see
     * depends on when deliveries keep their order. */
    double lot_size = p->state[PARAM_Q] == PARAM_GIVEN ? p->value[PARAM_Q]
                 : given->order_cost > 0.0 && given->holding_cost > 0.0
                     ? policy_eoq_quantity(given)
                     : 1.0;
    policy_context seen = policy_lot_context(given, lot_size, 0);
    const policy_context *ctx = &seen;
    int q_optimal = p->state[PARAM_Q] == PARAM_OPTIMAL;
    int r_optimal = p->state[PARAM_r] == PARAM_OPTIMAL;
    if (r_optimal && p->state[PARAM_SERVICE_LEVEL] == PARAM_GIVEN) {
        snprintf(err, errlen, "r: optimal minimises cost and meets no "
                              "service level; give r: optimal or a "
                              "service_level, not both");
        return -1;
    }
    /* The service level is r's target: no default when r minimises cost
     * (it would be printed as if it had been used). */
    if (!r_optimal && policy_resolve_service_level(p, err, errlen))
        return -1;
    double shortage = ctx->lost_sales
                          ? ctx->stockout_cost
                          : ctx->backorder_cost + ctx->stockout_cost;
    if ((q_optimal || r_optimal) &&
        !(ctx->holding_cost > 0.0 && shortage > 0.0)) {
        snprintf(err, errlen, "%s: optimal needs a holding cost > 0 and a "
                              "%s > 0",
                 r_optimal ? "r" : "Q",
                 ctx->lost_sales ? "stockout_cost"
                                 : "backorder_cost or stockout_cost");
        return -1;
    }
    double mean = ctx->demand_rate * ctx->lead_time;
    double sd = policy_span_demand_sd(ctx, ctx->lead_time);
    int poisson = exact_poisson(ctx);
    if (q_optimal && r_optimal) {
        double q, r;
        policy_qr_best(ctx, mean, sd, poisson, &q, &r);
        policy_param_set(p, PARAM_Q, q);
        policy_param_set(p, PARAM_r, r);
    }
    if (p->state[PARAM_Q] != PARAM_GIVEN && !q_optimal) {
        if (!(ctx->order_cost > 0.0 && ctx->holding_cost > 0.0)) {
            snprintf(err, errlen, "Q: auto needs an order cost > 0 and a "
                                  "holding cost > 0; give Q instead");
            return -1;
        }
        policy_param_set(p, PARAM_Q, policy_eoq_quantity(ctx));
    }
    if (p->state[PARAM_r] != PARAM_GIVEN && !r_optimal)
        policy_param_set(p, PARAM_r, policy_cover(ctx, p, ctx->lead_time));
    if (q_optimal && p->state[PARAM_Q] != PARAM_GIVEN) {
        if (policy_check_range(p, PARAM_r, -1e15, 1e15, 1, err, errlen))
            return -1;
        policy_param_set(p, PARAM_Q,
                         best_q_for_r(ctx, p->value[PARAM_r], mean, sd,
                                      poisson));
    }
    if (policy_check_range(p, PARAM_Q, 1.0, INFINITY, 1, err, errlen))
        return -1;
    if (r_optimal && p->state[PARAM_r] != PARAM_GIVEN)
        policy_param_set(p, PARAM_r,
                         policy_qr_best_r(ctx, p->value[PARAM_Q], mean, sd,
                                          poisson));
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
        "  service_level  cycle service level for r: auto (default 0.95)\n"
        "  Q, r: optimal  least expected ordering + holding + shortage cost of\n"
        "                 the (Q, r) model (Hadley-Whitin / Zipkin)\n",
    .accepted = 1u << PARAM_Q | 1u << PARAM_r | 1u << PARAM_SERVICE_LEVEL,
    .optimal_accepted = 1u << PARAM_Q | 1u << PARAM_r,
    .demand_sized = 1u << PARAM_Q | 1u << PARAM_r,
    .target_sizes = 1u << PARAM_r,
    .resolve = eoq_resolve,
    .initial_inventory = eoq_initial,
    .start = eoq_start,
    .on_demand = eoq_check,
};
