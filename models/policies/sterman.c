/*
 * sterman.c - push: Sterman's anchoring-and-adjustment ordering rule, the
 * rule fitted to beer-game players (Sterman 1989, "Modeling managerial
 * behavior", Management Science 35(3):321-339). Every review period R:
 *
 *   L^ = theta L + (1 - theta) L^        L: the orders received in the period
 *   O  = max(0, round(L^ + alpha_s (S' - S - beta SL)))
 *   S  = on hand - backorders,  SL = the supply line: every unit ordered and
 *        not yet received (in the order delay, owed by the supplier, or in
 *        transit)
 *
 * rounded half away from zero. theta = 0, alpha_s = 1, beta = 1 is the
 * benchmark (an order-up-to rule on the inventory position, anchored on a
 * constant expectation); Sterman's average player is theta = 0.36,
 * alpha_s = 0.26, beta = 0.34, S' = 17: counting a third of the supply line
 * is the misperception of feedback the beer game teaches.
 *
 * Parameters: S (the anchor S', required), theta (default 0), alpha_s
 * (default 1), beta (default 1), R (default 1), noise (the sd of a normal
 * term added to the order before rounding, default 0: drawn from the
 * stock point's "stock.quality" stream, or under timing: board_game from
 * "board.noise.NODE"). The expectation starts at the planned demand over
 * R. Under timing: board_game, models/network_board.c steps the same rule
 * (sterman_order) in the board game's weekly order.
 *
 * Not here: the board game's own step order (network_board.c).
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_randist.h>

#include "models/policy.h"
#include "models/policies/sterman.h"
#include "models/stockpt.h"

typedef struct sterman_state {
    double expected; /* L^ */
    double incoming; /* orders received since the last review */
} sterman_state;

static int sterman_resolve(policy_params *p, const policy_context *ctx,
                           char *err, size_t errlen)
{
    if (!policy_param_given(p, PARAM_S)) {
        snprintf(err, errlen, "S: the anchor S' is required; expected S: a "
                              "number of units (28 is the beer game's "
                              "benchmark)");
        return -1;
    }
    static const struct {
        policy_param param;
        double fallback, lo, hi;
    } defaults[] = {
        {PARAM_THETA, 0.0, 0.0, 1.0},
        {PARAM_ALPHA_S, 1.0, 0.0, 1.0},
        {PARAM_BETA, 1.0, 0.0, 1.0},
        {PARAM_R, 1.0, 1e-9, 1e9},
        {PARAM_NOISE, 0.0, 0.0, 1e9},
    };
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
        if (!policy_param_given(p, defaults[i].param))
            policy_param_set(p, defaults[i].param, defaults[i].fallback);
        if (policy_check_range(p, defaults[i].param, defaults[i].lo,
                               defaults[i].hi, 0, err, errlen))
            return -1;
    }
    if (policy_check_range(p, PARAM_S, -1e15, 1e15, 0, err, errlen))
        return -1;
    policy_param_set(p, PARAM_PLAN_DEMAND, ctx->demand_rate);
    return 0;
}

static double sterman_initial(const policy_params *p)
{
    double s = p->value[PARAM_S];
    return s > 0.0 ? floor(s) : 0.0;
}

static double sterman_review_period(const policy_params *p)
{
    return p->value[PARAM_R];
}

static void sterman_start(stockpt *sp, void *state)
{
    sterman_state *st = state;
    const policy_params *p = stockpt_params(sp);
    st->expected = p->value[PARAM_PLAN_DEMAND] * p->value[PARAM_R];
    st->incoming = 0.0;
}

static void sterman_on_demand(stockpt *sp, void *state, double quantity)
{
    (void)sp;
    ((sterman_state *)state)->incoming += quantity;
}

double sterman_order(const policy_params *p, double expected, double stock,
                     double supply_line, double noise)
{
    double x = expected + p->value[PARAM_ALPHA_S] *
                              (p->value[PARAM_S] - stock -
                               p->value[PARAM_BETA] * supply_line) +
               noise;
    double o = round(x);
    return o > 0.0 ? o : 0.0;
}

static void sterman_on_review(stockpt *sp, void *state)
{
    sterman_state *st = state;
    const policy_params *p = stockpt_params(sp);
    double theta = p->value[PARAM_THETA];
    st->expected = theta * st->incoming + (1.0 - theta) * st->expected;
    st->incoming = 0.0;
    double stock = stockpt_on_hand(sp) - stockpt_backorders(sp);
    double sd = p->value[PARAM_NOISE];
    double noise = sd > 0.0 ? gsl_ran_gaussian(sp->quality_rng, sd) : 0.0;
    stockpt_order(sp, sterman_order(p, st->expected, stock,
                                    stockpt_on_order(sp), noise));
}

const policy_type policy_sterman = {
    .name = "sterman",
    .family = POLICY_PUSH,
    .summary = "anchoring and adjustment (Sterman 1989): expected orders "
               "plus a share of the stock and supply-line gaps",
    .help = "  S              the anchor S' (desired stock + counted supply "
            "line); required\n"
            "  theta          weight of the latest orders received in the "
            "expectation, [0, 1] (default 0)\n"
            "  alpha_s        fraction of the gap ordered, [0, 1] (default "
            "1)\n"
            "  beta           fraction of the supply line counted, [0, 1] "
            "(default 1)\n"
            "  R              review period (default 1)\n"
            "  noise          sd of a normal term added to each order "
            "(default 0)\n",
    .accepted = (1u << PARAM_S) | (1u << PARAM_THETA) | (1u << PARAM_ALPHA_S) |
                (1u << PARAM_BETA) | (1u << PARAM_R) | (1u << PARAM_NOISE),
    .resolve = sterman_resolve,
    .initial_inventory = sterman_initial,
    .review_period = sterman_review_period,
    .start = sterman_start,
    .on_demand = sterman_on_demand,
    .on_review = sterman_on_review,
};
