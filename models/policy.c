/*
 * policy.c - the policy registry, parameters, and the shared `auto' rules.
 */
#include "policy.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

/* The registry, in the order `jitsim policies` lists them: one line per
 * policy, X(name) for its `const policy_type policy_<name>`, defined in
 * models/policies/<name>.c or, for a control of lines only,
 * models/line/controls/<name>.c. */
#define POLICY_REGISTRY(X)                                                   \
    X(eoq)                                                                   \
    X(ss)                                                                    \
    X(periodic)                                                              \
    X(mrp)                                                                   \
    X(kanban)                                                                \
    X(base_stock)                                                            \
    X(make_to_order)                                                         \
    X(standing_split)                                                        \
    X(dual_index)                                                            \
    X(order_up_to)                                                           \
    X(pout)                                                                  \
    X(sterman)                                                               \
    X(echelon_base_stock)                                                    \
    X(conwip)                                                                \
    X(heijunka)                                                              \
    X(campaign)

#define POLICY_DECLARE(name) extern const policy_type policy_##name;
POLICY_REGISTRY(POLICY_DECLARE)
#undef POLICY_DECLARE

#define POLICY_ENTRY(name) &policy_##name,
static const policy_type *const registry[] = {POLICY_REGISTRY(POLICY_ENTRY)};
#undef POLICY_ENTRY

const policy_type *policy_find(const char *name)
{
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    return NULL;
}

size_t policy_type_count(void)
{
    return sizeof registry / sizeof registry[0];
}

const policy_type *policy_type_at(size_t i)
{
    return i < policy_type_count() ? registry[i] : NULL;
}

static const char *const param_names[PARAM_COUNT] = {
    [PARAM_Q] = "Q",
    [PARAM_r] = "r",
    [PARAM_s] = "s",
    [PARAM_S] = "S",
    [PARAM_R] = "R",
    [PARAM_SERVICE_LEVEL] = "service_level",
    [PARAM_FILL_RATE] = "fill_rate",
    [PARAM_CARDS] = "cards",
    [PARAM_CONTAINER] = "container",
    [PARAM_SAFETY] = "safety",
    [PARAM_FORECAST] = "forecast",
    [PARAM_ALPHA] = "alpha",
    [PARAM_WINDOW] = "window",
    [PARAM_SAFETY_STOCK] = "safety_stock",
    [PARAM_PERIOD] = "period",
    [PARAM_WIP] = "wip",
    [PARAM_PITCH] = "pitch",
    [PARAM_BATCH] = "batch",
    [PARAM_SPLIT] = "split",
    [PARAM_S_E] = "S_e",
    [PARAM_S_R] = "S_r",
    [PARAM_COVER] = "cover",
    [PARAM_ALLOW_RETURNS] = "allow_returns",
    [PARAM_TI] = "Ti",
    [PARAM_THETA] = "theta",
    [PARAM_ALPHA_S] = "alpha_s",
    [PARAM_BETA] = "beta",
    [PARAM_NOISE] = "noise",
    [PARAM_PLAN_DEMAND] = "_plan_demand",
    [PARAM_PLAN_LEAD_TIME] = "_plan_lead_time",
};

const char *policy_param_name(policy_param param)
{
    return (unsigned)param < PARAM_COUNT ? param_names[param] : "?";
}

int policy_param_find(const char *name)
{
    for (int i = 0; i < PARAM_COUNT; i++)
        if (strcmp(param_names[i], name) == 0)
            return i;
    return -1;
}

const char *policy_family_name(policy_family family)
{
    return family == POLICY_PULL ? "pull" : "push";
}

void policy_params_init(policy_params *p)
{
    for (int i = 0; i < PARAM_COUNT; i++) {
        p->value[i] = NAN;
        p->state[i] = PARAM_UNSET;
    }
}

void policy_param_set(policy_params *p, policy_param param, double value)
{
    p->value[param] = value;
    p->state[param] = PARAM_GIVEN;
}

void policy_param_set_auto(policy_params *p, policy_param param)
{
    p->value[param] = NAN;
    p->state[param] = PARAM_AUTO;
}

void policy_param_set_optimal(policy_params *p, policy_param param)
{
    p->value[param] = NAN;
    p->state[param] = PARAM_OPTIMAL;
}

int policy_param_given(const policy_params *p, policy_param param)
{
    return p->state[param] == PARAM_GIVEN;
}

double policy_z(double level)
{
    return gsl_cdf_ugaussian_Pinv(level);
}

int policy_params_format(const policy_type *type, const policy_params *p,
                         char *buf, size_t len)
{
    size_t used = 0;
    int total = 0;
    buf[0] = '\0';
    for (int i = 0; i < PARAM_COUNT; i++) {
        if (!((type->accepted | type->line_accepted) & (1u << i)) ||
            p->state[i] != PARAM_GIVEN)
            continue;
        int n = snprintf(buf + used, used < len ? len - used : 0, "%s%s=%.6g",
                         total ? " " : "", param_names[i], p->value[i]);
        if (n < 0)
            return n;
        total += n;
        used = (size_t)total < len ? (size_t)total : len;
    }
    return total;
}

double policy_eoq_quantity(const policy_context *ctx)
{
    double q = sqrt(2.0 * ctx->demand_rate * ctx->order_cost /
                    ctx->holding_cost);
    q = floor(q + 0.5);
    return q < 1.0 ? 1.0 : q;
}

double policy_span_demand_mean(const policy_context *ctx, double span)
{
    return ctx->demand_rate * span;
}

double policy_span_demand_sd(const policy_context *ctx, double span)
{
    /* Span = lead time (+ review period); its variability is the lead
     * time's. Lot-sizing policies take the whole variance
     * (policy_lead_time_variance says why). */
    return sqrt(span * ctx->demand_variance +
                ctx->demand_rate * ctx->demand_rate *
                    policy_lead_time_variance(ctx, 0));
}

double policy_lead_time_variance(const policy_context *ctx, int one_for_one)
{
    /* One-for-one with crossing orders: the units outstanding are the
     * customers of an M/G/infinity queue, whose number has the law it would
     * have with every lead time equal to the mean (Palm 1938), so transit
     * variance does not enter. Lots placed far apart seldom cross: each
     * cycle's risk is the demand over its own order's lead time, as in the
     * sequential model, so they keep the whole variance (an upper bound
     * when lots are frequent enough to cross). */
    if (ctx->deliveries == POLICY_DELIVERIES_INDEPENDENT && one_for_one)
        return ctx->serial_lead_time_variance;
    return ctx->lead_time_variance;
}

policy_context policy_lot_context(const policy_context *ctx, double units,
                                  int split)
{
    if (!(ctx->demand_rate > 0.0) || !(units > 0.0))
        return *ctx;
    double size = ctx->order_size > 0.0 ? ctx->order_size : 1.0;
    /* A lot no bigger than a customer order goes with every customer
     * order, at their times. */
    if (units <= size)
        return policy_seen_context(ctx, size / ctx->demand_rate,
                                   split ? size / units : 1.0,
                                   ctx->poisson_arrivals);
    return policy_seen_context(ctx, units / ctx->demand_rate, 1.0, 0);
}

/* ---- loss functions and the (Q, r) cost ----------------------------------- */

/* P(X >= k) for X Poisson(mean), k whole. */
static double poisson_at_least(double k, double mean)
{
    if (k <= 0.0)
        return 1.0;
    return gsl_cdf_poisson_Q((unsigned)(k - 1.0), mean);
}

double policy_loss(double y, double mean, double sd, int poisson)
{
    if (poisson) {
        /* E[X; X >= y] = mean P(X >= y - 1) for Poisson X, so
         * E[(X - y)^+] = mean P(X >= y - 1) - y P(X >= y). */
        double v = mean * poisson_at_least(y - 1.0, mean) -
                   y * poisson_at_least(y, mean);
        return v > 0.0 ? v : 0.0;
    }
    if (!(sd > 0.0))
        return mean > y ? mean - y : 0.0;
    double z = (y - mean) / sd;
    return sd * (gsl_ran_ugaussian_pdf(z) - z * gsl_cdf_ugaussian_Q(z));
}

double policy_tail(double y, double mean, double sd, int poisson)
{
    if (poisson)
        return poisson_at_least(floor(y) + 1.0, mean);
    if (!(sd > 0.0))
        return mean > y ? 1.0 : 0.0;
    return gsl_cdf_ugaussian_Q((y - mean) / sd);
}

/* sum over whole k >= y of B(k). Poisson, exactly: half of
 * E[(X - y)(X - y + 1); X >= y], from the factorial moments E[X(X-1); X >=
 * y] = mean^2 P(X >= y - 2) and E[X; X >= y] = mean P(X >= y - 1). Normal:
 * the integral of B from y - 1/2 (midpoint rule), the second-order loss
 * function sd^2 ((1 + z^2) Q(z) - z phi(z)) / 2. */
static double loss_sum_from(double y, double mean, double sd, int poisson)
{
    if (poisson) {
        double v = mean * mean * poisson_at_least(y - 2.0, mean) -
                   2.0 * (y - 1.0) * mean * poisson_at_least(y - 1.0, mean) +
                   y * (y - 1.0) * poisson_at_least(y, mean);
        return v > 0.0 ? 0.5 * v : 0.0;
    }
    double u = y - 0.5;
    if (!(sd > 0.0))
        return mean > u ? 0.5 * (mean - u) * (mean - u) : 0.0;
    double z = (u - mean) / sd;
    return 0.5 * sd * sd *
           ((1.0 + z * z) * gsl_cdf_ugaussian_Q(z) -
            z * gsl_ran_ugaussian_pdf(z));
}

double policy_qr_cost(const policy_context *ctx, double Q, double r,
                      double mean, double sd, int poisson)
{
    /* Positions y = r+1 .. r+Q, equally likely. sum B(y) telescopes into
     * the second-order loss; sum P(X >= y) = sum B(y-1) - B(y) = B(r) -
     * B(r+Q) (for the normal, B(y-1) - B(y) is P(X > y - 1/2) to second
     * order, consistent with the midpoint rule above). */
    double backorders = (loss_sum_from(r + 1.0, mean, sd, poisson) -
                         loss_sum_from(r + Q + 1.0, mean, sd, poisson)) /
                        Q;
    double on_hand = r + 0.5 * (Q + 1.0) - mean + backorders;
    double short_fraction =
        (policy_loss(r, mean, sd, poisson) -
         policy_loss(r + Q, mean, sd, poisson)) /
        Q;
    return ctx->order_cost * ctx->demand_rate / Q +
           ctx->holding_cost * on_hand + ctx->backorder_cost * backorders +
           ctx->stockout_cost * ctx->demand_rate * short_fraction;
}

double policy_qr_lost_sales_cost(const policy_context *ctx, double Q,
                                 double r, double mean, double sd,
                                 int poisson)
{
    double lost = policy_loss(r, mean, sd, poisson);
    return ctx->order_cost * ctx->demand_rate / Q +
           ctx->holding_cost * (0.5 * Q + r - mean + lost) +
           ctx->stockout_cost * ctx->demand_rate * lost / Q;
}

static double qr_cost_any(const policy_context *ctx, double Q, double r,
                          double mean, double sd, int poisson)
{
    return ctx->lost_sales
               ? policy_qr_lost_sales_cost(ctx, Q, r, mean, sd, poisson)
               : policy_qr_cost(ctx, Q, r, mean, sd, poisson);
}

/* The r minimising the cost for this Q, walking downhill from `start`:
 * the cost is convex in r (Zipkin 2000, ch. 6). The walk is bounded
 * so that a cost without a shortage penalty (which resolve refuses) cannot
 * loop. */
static double best_r_from(const policy_context *ctx, double Q, double start,
                          double mean, double sd, int poisson)
{
    double r = start, c = qr_cost_any(ctx, Q, r, mean, sd, poisson);
    double step = 1.0;
    double up = qr_cost_any(ctx, Q, r + 1.0, mean, sd, poisson);
    if (!(up < c))
        step = -1.0;
    else
        r += 1.0, c = up;
    for (double n = 0; n < 1e7; n++) {
        double next = qr_cost_any(ctx, Q, r + step, mean, sd, poisson);
        if (!(next < c))
            break;
        r += step, c = next;
    }
    return r;
}

double policy_qr_best_r(const policy_context *ctx, double Q, double mean,
                        double sd, int poisson)
{
    return best_r_from(ctx, Q, floor(mean), mean, sd, poisson);
}

void policy_qr_best(const policy_context *ctx, double mean, double sd,
                    int poisson, double *Q, double *r)
{
    /* The cost minimised over r is convex in Q (Zipkin 2000, ch. 6):
     * step Q up from 1 until the cost rises. */
    double best_q = 1.0, best_r = policy_qr_best_r(ctx, 1.0, mean, sd,
                                                    poisson);
    double best = qr_cost_any(ctx, 1.0, best_r, mean, sd, poisson);
    for (double q = 2.0; q < 1e7; q++) {
        /* r*(Q) moves little from one Q to the next. */
        double rq = best_r_from(ctx, q, best_r, mean, sd, poisson);
        double c = qr_cost_any(ctx, q, rq, mean, sd, poisson);
        if (!(c < best))
            break;
        best = c, best_q = q, best_r = rq;
    }
    *Q = best_q;
    *r = best_r;
}

int policy_resolve_service_level(policy_params *p, char *err, size_t errlen)
{
    if (p->state[PARAM_SERVICE_LEVEL] != PARAM_GIVEN)
        policy_param_set(p, PARAM_SERVICE_LEVEL, 0.95);
    return policy_check_range(p, PARAM_SERVICE_LEVEL, 0.5, 0.9999, 0, err,
                              errlen);
}

int policy_resolve_cover_target(policy_params *p, const policy_context *seen,
                                double R, char *err, size_t errlen)
{
    if (p->state[PARAM_COVER] != PARAM_GIVEN)
        policy_param_set(p, PARAM_COVER, (seen->lead_time + R) / R);
    if (policy_check_range(p, PARAM_COVER, 0.0, 1e9, 0, err, errlen))
        return -1;
    if (policy_resolve_service_level(p, err, errlen))
        return -1;
    if (p->state[PARAM_SAFETY_STOCK] != PARAM_GIVEN) {
        double span = p->value[PARAM_COVER] * R;
        double ss = policy_z(p->value[PARAM_SERVICE_LEVEL]) *
                    policy_span_demand_sd(seen, span);
        policy_param_set(p, PARAM_SAFETY_STOCK, ceil(ss - 1e-9));
    }
    if (policy_check_range(p, PARAM_SAFETY_STOCK, 0.0, 1e15, 0, err, errlen))
        return -1;
    if (p->state[PARAM_ALLOW_RETURNS] != PARAM_GIVEN)
        policy_param_set(p, PARAM_ALLOW_RETURNS, 0.0);
    if (policy_check_range(p, PARAM_ALLOW_RETURNS, 0.0, 1.0, 1, err, errlen))
        return -1;
    policy_param_set(p, PARAM_PLAN_DEMAND, seen->demand_rate);
    policy_param_set(p, PARAM_PLAN_LEAD_TIME, seen->lead_time);
    return 0;
}

double policy_cover(const policy_context *ctx, const policy_params *p,
                    double span)
{
    double level = policy_span_demand_mean(ctx, span) +
                   policy_z(p->value[PARAM_SERVICE_LEVEL]) *
                       policy_span_demand_sd(ctx, span);
    return ceil(level - 1e-9);
}

int policy_check_range(const policy_params *p, policy_param param, double lo,
                       double hi, int whole, char *err, size_t errlen)
{
    double v = p->value[param];
    if (!(isfinite(v) && v >= lo && v <= hi) ||
        (whole && v != floor(v))) {
        if (isinf(hi))
            snprintf(err, errlen, "%s must be a%s number >= %g, got %g",
                     param_names[param], whole ? " whole" : "", lo, v);
        else
            snprintf(err, errlen, "%s must be a%s number in [%g, %g], got %g",
                     param_names[param], whole ? " whole" : "", lo, hi, v);
        return -1;
    }
    return 0;
}

double policy_loop_caution(const policy_type *type,
                           const policy_params *effective,
                           const policy_context *ctx, char *buf, size_t len)
{
    if (len)
        buf[0] = '\0';
    if (!type->loop_load || !(ctx->demand_rate > 0.0) ||
        !(ctx->lead_time > 0.0))
        return 0.0;
    double units = 0.0, demanded = 0.0;
    double load = type->loop_load(effective, ctx, &units, &demanded);
    if (!(load >= LOOP_LOAD_CAUTION))
        return 0.0;
    /* A closed loop of N C units with lead time L serves at most N C / L
     * a time unit: at a load of 1 it has no way to catch up after a busy
     * spell, and its backlog grows over the run like a random walk's. */
    if (load >= 1.0 - 1e-9)
        snprintf(buf, len,
                 "caution: its loop holds %.4g unit%s, no more than the %.4g "
                 "demanded over the lead time its orders see (%.3g; load "
                 "%.2f): it cannot catch up after a busy spell and "
                 "customers wait longer the longer it runs; give safety "
                 "above 0 or more cards",
                 units, units == 1.0 ? "" : "s", demanded,
                 demanded / ctx->demand_rate, load);
    else
        snprintf(buf, len,
                 "caution: its loop holds %.4g unit%s against %.4g demanded "
                 "over the lead time its orders see (%.3g; load %.2f): "
                 "little margin, so customers wait long after a busy spell; "
                 "give more safety or cards",
                 units, units == 1.0 ? "" : "s", demanded,
                 demanded / ctx->demand_rate, load);
    return load;
}
