/*
 * standing_split.c - push, two sources: periodic review (R, S) whose every
 * order is split, a fixed fraction `split` to the first source (the
 * policy's supplier: regular, slow, cheap) and the rest to the second
 * (its second_supplier: fast, dear). The standing split of dual-sourcing
 * practice ("80% offshore, 20% local"), the benchmark against which the
 * dual-index policy (dual_index.c) is measured.
 *
 * Every R time units (first at t = 0) the order q = S - position (all
 * units on order from both sources) is split in whole units so that the
 * units sent to the first source so far are always round(split x all
 * units ordered so far): the fraction is exact over any run, whatever the
 * rounding of one order (a supplier's min_order, which rounds its part up,
 * is the one exception). A part of 0 units places no order; each part that
 * is placed pays its own supplier's price, order cost, freight and
 * ownership terms.
 *
 * split: given, in [0, 1] (no auto: the fraction is the analyst's
 * choice). R: auto = the economic order interval sqrt(2 K / (h D)),
 * rounded, at least 1, with K the order costs of the sources in use and h
 * the holding cost of the mix. S: auto = the cover of the demand that the
 * position must outlast. With lead times L1 (first) and L2 (second), the
 * units of the orders of the last L2 + R time units are all still counted
 * in the position but not all on hand, and those of the L1 - L2 before
 * only in the part `split` (for L1 >= L2; symmetric otherwise): net stock
 * at the end of a cycle is S less the demand over R + L2 plus `split`
 * times the demand over the L1 - L2 before it. So S = D (R + f L1 + (1 -
 * f) L2) + z sqrt(var_D (R + L_min + f_slow^2 |L1 - L2|) + D^2 (f^2
 * var_L1 + (1 - f)^2 var_L2)), f = split, f_slow the share of the slower
 * source, rounded up: exact in mean, and for constant lead times in
 * variance (the lead-time term interpolates between the two single-source
 * rules). service_level as for periodic (default 0.95).
 */
#include <math.h>
#include <stdio.h>

#include "models/policy.h"
#include "models/stockpt.h"

typedef struct split_state {
    double ordered;       /* units ordered by the policy so far */
    double ordered_first; /* of which, to the first source */
} split_state;

_Static_assert(sizeof(split_state) <= POLICY_STATE_MAX,
               "standing_split's state must fit in the stock point");

static int split_resolve(policy_params *p, const policy_context *ctx,
                         char *err, size_t errlen)
{
    if (ctx->n_sources < 2) {
        snprintf(err, errlen, "standing_split has no second supplier; "
                              "expected second_supplier: a supplier");
        return -1;
    }
    if (p->state[PARAM_SPLIT] != PARAM_GIVEN) {
        snprintf(err, errlen, "split has no auto rule; expected split: the "
                              "fraction of every order that goes to the "
                              "first supplier, a number in [0, 1]");
        return -1;
    }
    if (policy_check_range(p, PARAM_SPLIT, 0.0, 1.0, 0, err, errlen))
        return -1;
    double f = p->value[PARAM_SPLIT];
    const struct policy_source *first = &ctx->source[0],
                               *second = &ctx->source[1];
    if (p->state[PARAM_R] != PARAM_GIVEN) {
        double k = (f > 0.0 ? first->order_cost : 0.0) +
                   (f < 1.0 ? second->order_cost : 0.0);
        double h = f * first->holding_cost + (1.0 - f) * second->holding_cost;
        if (!(k > 0.0 && h > 0.0 && ctx->demand_rate > 0.0)) {
            snprintf(err, errlen, "R: auto needs an order cost > 0, a "
                                  "holding cost > 0 and demand; give R");
            return -1;
        }
        double r = floor(sqrt(2.0 * k / (h * ctx->demand_rate)) + 0.5);
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
        double l1 = first->lead_time, l2 = second->lead_time;
        double f_slow = l1 >= l2 ? f : 1.0 - f;
        double gap = fabs(l1 - l2), fast = l1 < l2 ? l1 : l2;
        double R = p->value[PARAM_R], D = ctx->demand_rate;
        double mean = D * (R + f * l1 + (1.0 - f) * l2);
        double var = ctx->demand_variance * (R + fast + f_slow * f_slow * gap) +
                     D * D *
                         (f * f * first->lead_time_variance +
                          (1.0 - f) * (1.0 - f) * second->lead_time_variance);
        double s = ceil(mean + policy_z(p->value[PARAM_SERVICE_LEVEL]) *
                                   sqrt(var) -
                        1e-9);
        policy_param_set(p, PARAM_S, s < 0.0 ? 0.0 : s);
    }
    return policy_check_range(p, PARAM_S, 0.0, 1e15, 1, err, errlen);
}

static double split_initial(const policy_params *p)
{
    return p->value[PARAM_S];
}

static double split_review_period(const policy_params *p)
{
    return p->value[PARAM_R];
}

static void split_on_review(stockpt *sp, void *state)
{
    split_state *st = state;
    const policy_params *p = stockpt_params(sp);
    double q = p->value[PARAM_S] - stockpt_position(sp);
    if (!(q > 0.0))
        return;
    q = ceil(q - 1e-9);
    /* The first source's running share, rounded to whole units: what it
     * has had so far plus this part is round(split x everything). */
    st->ordered += q;
    double first =
        floor(p->value[PARAM_SPLIT] * st->ordered + 0.5) - st->ordered_first;
    if (first > q)
        first = q;
    if (first < 0.0)
        first = 0.0;
    st->ordered_first += first;
    stockpt_order_from(sp, STOCKPT_FIRST_SOURCE, first);
    stockpt_order_from(sp, STOCKPT_SECOND_SOURCE, q - first);
}

const policy_type policy_standing_split = {
    .name = "standing_split",
    .family = POLICY_PUSH,
    .summary = "two sources: every R, order up to S, a fraction split of "
               "each order to the first supplier, the rest to the second",
    .help =
        "  split          fraction of every order to the first supplier (the\n"
        "                 rest to second_supplier), in [0, 1]; required\n"
        "  R              review period; auto = sqrt(2 K / (h D)) rounded, at\n"
        "                 least 1, K the order costs of both sources (default\n"
        "                 auto)\n"
        "  S              order-up-to level; auto = D (R + f L1 + (1 - f) L2) +\n"
        "                 z sd, f = split (default auto)\n"
        "  service_level  cycle service level for S: auto (default 0.95)\n",
    .accepted = 1u << PARAM_SPLIT | 1u << PARAM_R | 1u << PARAM_S |
                1u << PARAM_SERVICE_LEVEL,
    .demand_sized = 1u << PARAM_R | 1u << PARAM_S,
    .target_sizes = 1u << PARAM_S,
    .dual_sourced = 1,
    .resolve = split_resolve,
    .initial_inventory = split_initial,
    .review_period = split_review_period,
    .on_review = split_on_review,
};
