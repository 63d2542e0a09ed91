/*
 * pout.c - push: the proportional order-up-to policy (Disney & Towill,
 * "On the bullwhip and inventory variance produced by an ordering
 * policy", Omega 31(3):157-167, 2003; John, Naim & Towill 1994). Every
 * review period R (first at t = 0) it orders
 *
 *     O_t = mu + (target - IP_t) / Ti,
 *
 * mu the known mean demand per period (D R, the demand planned for),
 * IP_t the inventory position, target = mu x cover + safety_stock: a
 * fraction 1/Ti of the gap between the target and the position, on top
 * of the mean. Ti = 1 is order-up-to with a known mean (orders copy
 * demand); a larger Ti smooths orders: with i.i.d. demand and negative
 * orders allowed, Var(O)/Var(D) = 1/(2 Ti - 1), since the gap e_t =
 * target - IP_t follows e_{t+1} = (1 - 1/Ti) e_t + (D_t - mu), an AR(1)
 * of variance sigma^2 / (1 - (1 - 1/Ti)^2) (tests/test_bullwhip.c). The
 * price is inventory variance: the gap closes slowly.
 *
 * Ti: required, in review periods, >= 1 (below 1 the policy over-corrects
 * and orders oscillate). cover: auto = (L + R) / R; safety_stock: auto = z
 * sd over cover x R; allow_returns as order_up_to (a negative order goes
 * back from stock on hand, else it is clipped at 0). Orders are whole
 * units rounded up, returns rounded down.
 */
#include <math.h>
#include <stdio.h>

#include "models/policy.h"
#include "models/stockpt.h"

static int pout_resolve(policy_params *p, const policy_context *given,
                        char *err, size_t errlen)
{
    if (p->state[PARAM_PERIOD] != PARAM_GIVEN)
        policy_param_set(p, PARAM_PERIOD, 1.0);
    double R = p->value[PARAM_PERIOD];
    if (!(R > 0.0) || !isfinite(R)) {
        snprintf(err, errlen, "period must be > 0, got %g", R);
        return -1;
    }
    policy_context seen = policy_seen_context(given, R, 1.0, 0);
    if (p->state[PARAM_TI] != PARAM_GIVEN) {
        snprintf(err, errlen, "Ti has no auto rule; expected the adjustment "
                              "time in review periods, a number >= 1");
        return -1;
    }
    if (policy_check_range(p, PARAM_TI, 1.0, 1e9, 0, err, errlen))
        return -1;
    return policy_resolve_cover_target(p, &seen, R, err, errlen);
}

/* The known mean per review period. */
static double period_mean(const policy_params *p)
{
    return p->value[PARAM_PLAN_DEMAND] * p->value[PARAM_PERIOD];
}

static double target_level(const policy_params *p)
{
    return period_mean(p) * p->value[PARAM_COVER] +
           p->value[PARAM_SAFETY_STOCK];
}

static double pout_initial(const policy_params *p)
{
    return ceil(target_level(p) - 1e-9);
}

static double pout_review_period(const policy_params *p)
{
    return p->value[PARAM_PERIOD];
}

static void pout_on_review(stockpt *sp, void *state)
{
    (void)state;
    const policy_params *p = stockpt_params(sp);
    double q = period_mean(p) +
               (target_level(p) - stockpt_position(sp)) / p->value[PARAM_TI];
    if (q > 0.0)
        stockpt_order(sp, q);
    else if (p->value[PARAM_ALLOW_RETURNS] == 1.0)
        stockpt_return(sp, -q);
}

const policy_type policy_pout = {
    .name = "pout",
    .family = POLICY_PUSH,
    .summary = "proportional order-up-to: the mean plus 1/Ti of the gap",
    .help =
        "  Ti             review periods to close the gap to the target, >= 1\n"
        "                 (required)\n"
        "  period         review period R (default 1)\n"
        "  cover          review periods of mean demand in the target; auto =\n"
        "                 (L + R) / R (default auto)\n"
        "  safety_stock   units; auto = z sd of demand over cover x R\n"
        "                 (default auto)\n"
        "  service_level  cycle service level for safety_stock: auto (default\n"
        "                 0.95)\n"
        "  allow_returns  1: a negative order goes back from stock on hand;\n"
        "                 0: clipped at 0 (default 0)\n",
    .accepted = 1u << PARAM_TI | 1u << PARAM_PERIOD | 1u << PARAM_COVER |
                1u << PARAM_SAFETY_STOCK | 1u << PARAM_SERVICE_LEVEL |
                1u << PARAM_ALLOW_RETURNS,
    .demand_sized = 1u << PARAM_SAFETY_STOCK | 1u << PARAM_PLAN_DEMAND,
    .target_sizes = 1u << PARAM_SAFETY_STOCK,
    .resolve = pout_resolve,
    .initial_inventory = pout_initial,
    .review_period = pout_review_period,
    .on_review = pout_on_review,
};
