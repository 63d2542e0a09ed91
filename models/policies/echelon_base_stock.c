/*
 * echelon_base_stock.c - push: echelon base stock (Clark & Scarf 1960),
 * the optimal policy of a serial chain under periodic review.
 *
 * Every review period R (default 1, first at t = 0) the node orders up to
 * its echelon level S against its echelon inventory position: in a
 * supply chain, whatever its `information`, the node's own position plus
 * every node's below it, less the orders still travelling between them
 * (network.c); alone, its own. Each node orders S - (echelon position),
 * whole units, rounded up; never negative.
 *
 * S: a number per node (the node's ECHELON level, not its local one); or,
 * in a serial chain where every node runs this policy, `auto` (the
 * optimal echelon levels, models/echelon_opt.c) or `shang_song` (the
 * Shang & Song 2003 heuristic): the network sizes those for the whole
 * chain before this resolve sees them (models/network_echelon.c), so here
 * S is always a number. Outside a chain, `auto` is refused.
 *
 * Is not: base_stock (continuous review, one-for-one, its own position)
 * nor periodic (an (R, S) policy sized for one stock point alone).
 */
#include <math.h>
#include <stdio.h>

#include "models/policy.h"
#include "models/stockpt.h"

static int ebs_resolve(policy_params *p, const policy_context *ctx, char *err,
                       size_t errlen)
{
    (void)ctx;
    if (p->state[PARAM_R] != PARAM_GIVEN)
        policy_param_set(p, PARAM_R, 1.0);
    if (!(p->value[PARAM_R] > 0.0) || !isfinite(p->value[PARAM_R])) {
        snprintf(err, errlen, "R must be a review period > 0, got %g",
                 p->value[PARAM_R]);
        return -1;
    }
    if (p->state[PARAM_S] != PARAM_GIVEN) {
        snprintf(err, errlen, "S: %s sizes the echelon levels of a serial "
                              "supply chain; expected nodes: with every node "
                              "under echelon_base_stock, or a number",
                 p->state[PARAM_S] == PARAM_HEURISTIC ? "shang_song"
                                                      : "auto");
        return -1;
    }
    return policy_check_range(p, PARAM_S, 0.0, 1e15, 0, err, errlen);
}

static double ebs_initial(const policy_params *p)
{
    return ceil(p->value[PARAM_S] - 1e-9);
}

static double ebs_review_period(const policy_params *p)
{
    return p->value[PARAM_R];
}

static void ebs_on_review(stockpt *sp, void *state)
{
    (void)state;
    double q = stockpt_params(sp)->value[PARAM_S] - stockpt_position(sp);
    if (q > 1e-9)
        stockpt_order(sp, ceil(q - 1e-9));
}

const policy_type policy_echelon_base_stock = {
    .name = "echelon_base_stock",
    .family = POLICY_PUSH,
    .summary = "every R, order up to the echelon level S (Clark-Scarf)",
    .help =
        "  S              echelon order-up-to level; in a serial chain with\n"
        "                 information: shared and timing: periodic, auto =\n"
        "                 the optimal levels (Chen & Zheng), shang_song = the\n"
        "                 Shang & Song heuristic (required elsewhere)\n"
        "  R              review period, the model's period (default 1)\n",
    .accepted = 1u << PARAM_S | 1u << PARAM_R,
    .resolve = ebs_resolve,
    .initial_inventory = ebs_initial,
    .review_period = ebs_review_period,
    .on_review = ebs_on_review,
};
