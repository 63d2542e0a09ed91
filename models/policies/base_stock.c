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
 * queue) and the fill rate is P(X <= S - 1). With deliveries in order
 * and Poisson customers, the number of orders outstanding has the exact
 * law of policy_in_order_outstanding (models/policy_lead.c), used as it
 * is for unit demand; otherwise X is normal with the mean and variance of
 * that law (compound: a sum of that many sizes), or, with a capacitated
 * supplier or periodic customers, mean D L and variance L var_D (+ D^2
 * var_L where orders cannot cross: policy_lead_time_variance), L the lead
 * time an order sees; E[B(S - k)] taken to second order in k. The
 * normal understates the right tail of skewed compound demand: with lots
 * of Poisson(2) units a target of 0.95 reaches about 0.948. A cycle service
 * level target uses P(X <= S) instead.
 *
 * S: optimal = the S minimising h E[on hand] + b E[backorders] + p D
 * P(short) (Hadley and Whitin 1963; Zipkin 2000): with p = 0 the newsvendor
 * critical ratio, the smallest S with P(X <= S) >= b / (b + h). With lost
 * sales and Poisson unit demand the outstanding orders are an Erlang loss
 * system with S servers (Palm), exact (independent deliveries); with the
 * in-order law, the minimum over its table; otherwise Hadley and Whitin's
 * lost-sales approximation.
 *
 * It is not a model of the supplier's queue: a capacitated supplier's lead
 * time is taken at its idle value (the simulation adds the queueing).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "models/policy.h"
#include "models/stockpt.h"

/* The lead-time demand X the rules size S on: the units outstanding. */
typedef struct ltd {
    double mean, sd;
    int poisson;  /* exactly Poisson(mean) */
    double *pmf;  /* or exactly this law, P(X = k) for k < n (owned) */
    size_t n;
} ltd;

/* Poisson lead-time demand is exact: Poisson unit demand, an uncapacitated
 * supplier, and lead times that are constant or drawn per order. */
static int exact_poisson(const policy_context *ctx)
{
    return ctx->poisson_unit_demand && !ctx->capacitated &&
           (ctx->constant_lead_time ||
            ctx->deliveries == POLICY_DELIVERIES_INDEPENDENT);
}

/* Deliveries in order: the orders outstanding N have the law of
 * policy_in_order_outstanding when customers are a Poisson process (one
 * order each), exactly; the units are the sizes of those N orders. Else
 * the lead time an order sees (policy_lot_context) in the usual normal. */
static void lead_time_demand(const policy_context *ctx, ltd *x)
{
    *x = (ltd){.mean = ctx->demand_rate * ctx->lead_time};
    if (exact_poisson(ctx)) {
        x->poisson = 1;
        x->sd = sqrt(x->mean);
        return;
    }
    double size = ctx->order_size > 0.0 ? ctx->order_size : 1.0;
    double nu = ctx->demand_rate / size, n_mean, n_var;
    if (ctx->deliveries == POLICY_DELIVERIES_IN_ORDER &&
        ctx->poisson_arrivals && !ctx->capacitated &&
        policy_in_order_outstanding(ctx, nu, &n_mean, &n_var, NULL, 0) ==
            0) {
        /* A sum of N i.i.d. sizes. */
        x->mean = n_mean * size;
        x->sd = sqrt(n_mean * ctx->order_size_variance +
                     size * size * n_var);
        if (!ctx->poisson_unit_demand)
            return;
        size_t n = (size_t)ceil(n_mean + 20.0 * sqrt(n_var) + 40.0);
        x->pmf = malloc(n * sizeof *x->pmf);
        if (x->pmf && policy_in_order_outstanding(ctx, nu, NULL, NULL,
                                                  x->pmf, n) == 0) {
            x->n = n;
            return;
        }
        free(x->pmf);
        x->pmf = NULL;
        return;
    }
    policy_context seen = policy_lot_context(ctx, 1.0, 0);
    x->mean = ctx->demand_rate * seen.lead_time;
    x->sd = sqrt(seen.lead_time * ctx->demand_variance +
                 ctx->demand_rate * ctx->demand_rate *
                     policy_lead_time_variance(&seen, 1));
}

/* The smallest S meeting `level`: fill rate, or cycle service level when
 * `by_cycle`. */
static double level_for_target(const policy_context *ctx, const ltd *x,
                               double level, int by_cycle)
{
    double mean = x->mean;
    if (x->pmf) {
        /* Fill rate P(X <= S - 1); cycle service P(X <= S). */
        double cdf = 0.0;
        size_t k = 0;
        for (; k < x->n; k++) {
            cdf += x->pmf[k];
            if (cdf >= level)
                break;
        }
        return by_cycle ? (double)k : (double)k + 1.0;
    }
    if (x->poisson) {
        /* Fill rate P(X <= S - 1); cycle service P(X <= S). */
        double k = floor(mean - 10.0 * sqrt(mean));
        if (k < 0.0)
            k = 0.0;
        while (gsl_cdf_poisson_P((unsigned)k, mean) < level && k < 1e8)
            k++;
        return by_cycle ? k : k + 1.0;
    }
    double sd = x->sd;
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

/* Backorders, X with the law x->pmf: the S minimising h E[(S - X)^+] + b
 * E[(X - S)^+] + p D P(X >= S), the (Q, r) cost with Q = 1 (policy.h),
 * convex in S. */
static double table_optimum(const policy_context *ctx, const ltd *x)
{
    /* S = 0: nothing on hand, all of X owed. */
    double below = 0.0;     /* P(X < S) */
    double under = 0.0;     /* E[(S - X)^+] */
    double over = x->mean;  /* E[(X - S)^+] */
    double best_s = 0.0;
    double best = ctx->backorder_cost * over +
                  ctx->stockout_cost * ctx->demand_rate;
    for (size_t s = 1; s < x->n; s++) {
        /* From S - 1 to S: every X < S gains a unit on hand, every X >=
         * S owes one less. */
        below += x->pmf[s - 1];
        under += below;
        over -= 1.0 - below;
        double cost = ctx->holding_cost * under +
                      ctx->backorder_cost * (over > 0.0 ? over : 0.0) +
                      ctx->stockout_cost * ctx->demand_rate * (1.0 - below);
        if (!(cost < best))
            break;
        best = cost, best_s = (double)s;
    }
    return best_s;
}

static double optimal_level(const policy_context *ctx, const ltd *x)
{
    if (ctx->lost_sales && x->poisson)
        return erlang_optimum(ctx);
    if (!ctx->lost_sales && x->pmf)
        return table_optimum(ctx, x);
    /* Base stock is (Q, r) with Q = 1 and S = r + 1. */
    return policy_qr_best_r(ctx, 1.0, x->mean, x->sd, x->poisson) + 1.0;
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
        ltd x;
        lead_time_demand(ctx, &x);
        double s = optimal_level(ctx, &x);
        free(x.pmf);
        policy_param_set(p, PARAM_S, s < 0.0 ? 0.0 : s);
        return policy_check_range(p, PARAM_S, 0.0, 1e15, 1, err, errlen);
    }
    policy_param target = by_cycle ? PARAM_SERVICE_LEVEL : PARAM_FILL_RATE;
    if (p->state[target] != PARAM_GIVEN)
        policy_param_set(p, target, 0.95);
    if (policy_check_range(p, target, 0.01, 0.9999, 0, err, errlen))
        return -1;
    if (p->state[PARAM_S] != PARAM_GIVEN) {
        ltd x;
        lead_time_demand(ctx, &x);
        double s = level_for_target(ctx, &x, p->value[target], by_cycle);
        free(x.pmf);
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
