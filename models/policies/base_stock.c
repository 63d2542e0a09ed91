/*
 * base_stock.c - pull: one-for-one replenishment. Every unit demanded is
 * reordered at once, keeping the inventory position at S.
 *
 * S: auto = the smallest S meeting a target. A fill-rate target (units
 * filled from stock / units demanded) is met through the loss function of
 * the lead-time demand X, not through a cycle-service quantile: a customer
 * order of k units finds the S - X units left after the X outstanding, so
 * it is short of B(S - k) - B(S) units, B(y) = E[(X - y)^+], and the fill
 * rate is 1 - E[B(S - k) - B(S)] / E[k] (Zipkin 2000, ch. 6). For
 * Poisson unit demand X is exactly Poisson(D L) whenever the lead times are
 * independent (Palm's theorem: outstanding orders are an M/G/infinity
 * queue) and the fill rate is P(X <= S - 1); otherwise X is normal with
 * mean D L and variance L var_D (+ D^2 var_L where orders cannot cross:
 * policy_lead_time_variance), E[B(S - k)] taken to second order in k. The
 * normal understates the right tail of skewed compound demand: with lots
 * of Poisson(2) units a target of 0.95 reaches about 0.948. A cycle service
 * level target uses P(X <= S) instead.
 *
 * S: optimal = the S minimising h E[on hand] + b E[backorders] + p D
 * P(short) (Hadley and Whitin 1963; Zipkin 2000): with p = 0 the newsvendor
 * critical ratio, the smallest S with P(X <= S) >= b / (b + h). With lost
 * sales and Poisson unit demand the outstanding orders are an Erlang loss
 * system with S servers (Palm), exact; otherwise Hadley and Whitin's
 * lost-sales approximation.
 *
 * It is not a model of the supplier's queue: a capacitated supplier's lead
 * time is taken at its idle value (the simulation adds the queueing).
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "models/policy.h"
#include "models/stockpt.h"

/* Poisson lead-time demand is exact: Poisson unit demand, an uncapacitated
 * supplier, and lead times that are constant or drawn per order. */
static int exact_poisson(const policy_context *ctx)
{
    return ctx->poisson_unit_demand && !ctx->capacitated &&
           (ctx->constant_lead_time ||
            ctx->deliveries == POLICY_DELIVERIES_INDEPENDENT);
}

static double lead_time_demand_sd(const policy_context *ctx)
{
    return sqrt(ctx->lead_time * ctx->demand_variance +
                ctx->demand_rate * ctx->demand_rate *
                    policy_lead_time_variance(ctx, 1));
}

/* The smallest S meeting `level`: fill rate, or cycle service level when
 * `by_cycle`. */
static double level_for_target(const policy_context *ctx, double level,
                               int by_cycle)
{
    double mean = ctx->demand_rate * ctx->lead_time;
    if (exact_poisson(ctx)) {
        /* Fill rate P(X <= S - 1); cycle service P(X <= S). */
        double k = floor(mean - 10.0 * sqrt(mean));
        if (k < 0.0)
            k = 0.0;
        while (gsl_cdf_poisson_P((unsigned)k, mean) < level && k < 1e8)
            k++;
        return by_cycle ? k : k + 1.0;
    }
    double sd = lead_time_demand_sd(ctx);
    if (by_cycle)
        return ceil(mean + policy_z(level) * sd - 1e-9);
    /* 1 - E[B(S - k) - B(S)] / E[k] over the order size k, increasing in
     * S. E[B(S - k)] to second order in k about its mean: B'' is the
     * density, so larger orders' extra shortage adds var(k) f(S - k) / 2. */
    double k = ctx->order_size >= 1.0 ? ctx->order_size : 1.0;
    double s = floor(mean - 10.0 * sd - k);
    if (s < 0.0)
        s = 0.0;
    while (s < 1e15) {
        double density =
            sd > 0.0 ? gsl_ran_gaussian_pdf(s - k - mean, sd) : 0.0;
        double short_units = policy_loss(s - k, mean, sd, 0) +
                             0.5 * ctx->order_size_variance * density -
                             policy_loss(s, mean, sd, 0);
        if (1.0 - short_units / k >= level)
            break;
        s++;
    }
    return s;
}

/* Lost sales, Poisson unit demand: the S minimising h (S - a (1 - E)) +
 * p D E + K D (1 - E), E the Erlang loss probability of S servers offered
 * a = D L (on hand is S less the busy servers; each unit sold is one order
 * of K). The cost is convex in S: stop where it rises. */
static double erlang_optimum(const policy_context *ctx)
{
    double a = ctx->demand_rate * ctx->lead_time, D = ctx->demand_rate;
    double loss = 1.0; /* Erlang B with 0 servers */
    double best_s = 0.0;
    double best = ctx->stockout_cost * D * loss +
                  ctx->order_cost * D * (1.0 - loss);
    for (double s = 1.0; s < 1e8; s++) {
        loss = a * loss / (s + a * loss);
        double cost = ctx->holding_cost * (s - a * (1.0 - loss)) +
                      ctx->stockout_cost * D * loss +
                      ctx->order_cost * D * (1.0 - loss);
        if (!(cost < best))
            break;
        best = cost, best_s = s;
    }
    return best_s;
}

static double optimal_level(const policy_context *ctx)
{
    double mean = ctx->demand_rate * ctx->lead_time;
    int poisson = exact_poisson(ctx);
    if (ctx->lost_sales && poisson)
        return erlang_optimum(ctx);
    /* Base stock is (Q, r) with Q = 1 and S = r + 1. */
    return policy_qr_best_r(ctx, 1.0, mean, lead_time_demand_sd(ctx),
                            poisson) +
           1.0;
}

static int base_stock_resolve(policy_params *p, const policy_context *ctx,
                              char *err, size_t errlen)
{
    int by_cycle = p->state[PARAM_SERVICE_LEVEL] == PARAM_GIVEN;
    int target_given = by_cycle || p->state[PARAM_FILL_RATE] == PARAM_GIVEN;
    if (by_cycle && p->state[PARAM_FILL_RATE] == PARAM_GIVEN) {
        snprintf(err, errlen, "give fill_rate or service_level, not both");
        return -1;
    }
    if (p->state[PARAM_S] == PARAM_OPTIMAL) {
        if (target_given) {
            snprintf(err, errlen, "S: optimal minimises cost and meets no "
                                  "service target; give S: optimal or a "
                                  "fill_rate / service_level, not both");
            return -1;
        }
        double shortage = ctx->lost_sales
                              ? ctx->stockout_cost
                              : ctx->backorder_cost + ctx->stockout_cost;
        if (!(ctx->holding_cost > 0.0 && shortage > 0.0)) {
            snprintf(err, errlen, "S: optimal needs a holding cost > 0 and a "
                                  "%s > 0",
                     ctx->lost_sales ? "stockout_cost"
                                     : "backorder_cost or stockout_cost");
            return -1;
        }
        double s = optimal_level(ctx);
        policy_param_set(p, PARAM_S, s < 0.0 ? 0.0 : s);
        return policy_check_range(p, PARAM_S, 0.0, 1e15, 1, err, errlen);
    }
    policy_param target = by_cycle ? PARAM_SERVICE_LEVEL : PARAM_FILL_RATE;
    if (p->state[target] != PARAM_GIVEN)
        policy_param_set(p, target, 0.95);
    if (policy_check_range(p, target, 0.01, 0.9999, 0, err, errlen))
        return -1;
    if (p->state[PARAM_S] != PARAM_GIVEN) {
        double s = level_for_target(ctx, p->value[target], by_cycle);
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
        "                 fill rate 1 - (B(S - k) - B(S)) / k, B the loss function\n"
        "                 of lead-time demand (exact Poisson(D L) for Poisson unit\n"
        "                 demand, normal otherwise); optimal = least holding +\n"
        "                 shortage cost (critical ratio b / (b + h)) (default auto)\n"
        "  fill_rate      target fill rate for S: auto (default 0.95)\n"
        "  service_level  or a target cycle service level instead\n",
    .accepted = 1u << PARAM_S | 1u << PARAM_FILL_RATE |
                1u << PARAM_SERVICE_LEVEL,
    .optimal_accepted = 1u << PARAM_S,
    .demand_sized = 1u << PARAM_S,
    .target_sizes = 1u << PARAM_S,
    .resolve = base_stock_resolve,
    .initial_inventory = base_stock_initial,
    .on_demand = base_stock_on_demand,
};
