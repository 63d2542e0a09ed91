/*
 * dual_index.c - push, two sources: the dual-index policy of
 * Veeraraghavan and Scheller-Wolf (S. Veeraraghavan and A. Scheller-Wolf,
 * "Now or later: a simple policy for effective dual sourcing in
 * capacitated systems", Operations Research 56(4):850-864, 2008).
 *
 * Every R time units (first at t = 0), two order-up-to levels and two
 * inventory positions:
 * 1. the expedited position, on hand - backorders + everything on order
 *    from the second (fast) source + what is on order from the first
 *    (slow) source and due within L_e, the second source's mean lead
 *    time, from now, is raised to S_e by an order to the second source;
 * 2. the regular position, on hand - backorders + everything on order
 *    (the order just placed included), is raised to S_r by an order to
 *    the first source.
 * An order from the first source is due at its dispatch plus the
 * supplier's mean transit (order.due): one held at its supplier by an
 * outage is not due, so the expedited position falls during the outage
 * and the fast source covers it, while the regular position, which counts
 * it, keeps the slow source from ordering it again.
 *
 * Levels: given, auto or optimal (both auto or both optimal when neither
 * is given). auto: S_e covers the demand over L_e + R at the service level
 * (D (L_e + R) + z sqrt(var_D (L_e + R) + D^2 var_Le), rounded up), and
 * S_r = S_e + D (L_r - L_e) rounded: the slow source carries the mean
 * flow and the fast one what exceeds it (a heuristic; optimal is the
 * cost-minimising pair).
 *
 * optimal: the paper's separation (its section 4). With constant lead
 * times and L_r - L_e a whole number k of periods R, the overshoot O of
 * the expedited position above S_e, and so the orders to each source, are
 * a process that depends on Delta = S_r - S_e and the demand only, not on
 * S_e: with X_t = O_{t-1} - d_{t-1} + q_r(t-k), q_e(t) = max(-X_t, 0),
 * O_t = max(X_t, 0), q_r(t) = max(Delta - O_t - sum of q_r(t-k+1 .. t-1),
 * 0). Between the arrival of the expedited order of a review and that of
 * the next, net stock is S_e + O - (demand over the time since the review),
 * a time u in [L_e, L_e + R). So for each Delta the process is simulated
 * over N periods (a fixed internal stream, the same demand for every
 * Delta), and the cost per time unit is
 *   sum over o of P(O = o) G(S_e + o)
 *   + [c_e E q_e + c_r E q_r + (K_e + k_e) P(q_e > 0) + (K_r + k_r)
 *     P(q_r > 0)] / R + transit holding (h'_e L_e E q_e + h'_r L_r E q_r)
 *     / R,
 * G(y) = (1/R) integral over u of h E[(y - D_u)^+] + b E[(D_u - y)^+]
 * du + p (B_{L_e+R}(y) - B_{L_e}(y)) / R (units short: the rise of the
 * backorders between arrivals), c the landed unit costs, K the order
 * costs, k the shipment costs, h'
 * the transit holding costs (0 when the supplier owns goods in transit),
 * h the holding cost of the units' mix, D_u Poisson (Poisson unit demand)
 * or normal with mean D u and variance var_D u, the integral by Simpson's
 * rule. S_e minimises the first sum (a newsvendor over the overshoot,
 * convex); Delta is searched on a grid of DI_GRID steps, then by a
 * pattern search around its best, halving the step down to one unit.
 * Needs constant lead times, uncapacitated suppliers, backorders, h > 0
 * and b or p > 0. The period demand of the simulation is Poisson(D R), or
 * a gamma of mean D R and variance var_D R rounded to whole units.
 *
 * R: auto = the economic order interval of the first source, EOQ / D
 * rounded, at least 1, when it has an order cost; else 1.
 *
 * The first supplier must be the slower one (L_r > L_e, mean lead times).
 * The policy's state is empty; resolve keeps L_e in _plan_lead_time.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "models/policy.h"
#include "models/stockpt.h"
#include "sim/stream.h"

/* Periods simulated per Delta after a warm-up, and the coarse grid's
 * size. 20,000 periods put the expediting rate within about 1% of its
 * value; common random numbers over Delta keep the search's comparisons
 * far tighter than that. */
#define DI_PERIODS 20000
#define DI_WARMUP 500
#define DI_GRID 64
/* Simpson intervals for the integral over a review period. */
#define DI_SIMPSON 16
/* Refused beyond: the search holds a histogram of this many values. */
#define DI_DELTA_MAX 1e7

/* ---- optimal: the separation of Veeraraghavan and Scheller-Wolf -------- */

typedef struct di_search {
    const policy_context *ctx;
    double R, le, lr;  /* review period, mean lead times */
    size_t k;          /* (L_r - L_e) / R periods */
    double *demand;    /* DI_WARMUP + DI_PERIODS period demands */
    double *ring;      /* the last k regular orders */
    double *hist;      /* P(O = o), o = 0 .. delta */
    /* G's three parts on whole y in [y_lo, y_lo + n_g): E[(y - D_u)^+]
     * and E[(D_u - y)^+] averaged over u, and the units short. */
    double y_lo;
    size_t n_g;
    double *g_over, *g_under, *g_short;
} di_search;

/* E[(D_u - y)^+] for the demand over u. */
static double di_loss(const di_search *s, double y, double u)
{
    const policy_context *ctx = s->ctx;
    double mean = ctx->demand_rate * u;
    if (!(mean > 0.0))
        return y < 0.0 ? -y : 0.0;
    return policy_loss(y, mean, sqrt(ctx->demand_variance * u),
                       ctx->poisson_unit_demand);
}

static int di_tables(di_search *s)
{
    const policy_context *ctx = s->ctx;
    double D = ctx->demand_rate;
    double lo_sd = sqrt(ctx->demand_variance * s->le);
    double hi_sd = sqrt(ctx->demand_variance * (s->le + s->R));
    s->y_lo = floor(D * s->le - 12.0 * lo_sd - 12.0);
    double y_hi = ceil(D * (s->le + s->R) + 12.0 * hi_sd + 12.0);
    s->n_g = (size_t)(y_hi - s->y_lo) + 1;
    s->g_over = malloc(s->n_g * sizeof *s->g_over);
    s->g_under = malloc(s->n_g * sizeof *s->g_under);
    s->g_short = malloc(s->n_g * sizeof *s->g_short);
    if (!s->g_over || !s->g_under || !s->g_short)
        return -1;
    for (size_t i = 0; i < s->n_g; i++) {
        double y = s->y_lo + (double)i, under = 0.0, over = 0.0;
        for (int j = 0; j <= DI_SIMPSON; j++) {
            double u = s->le + s->R * j / DI_SIMPSON;
            double w = (j == 0 || j == DI_SIMPSON) ? 1.0 : (j % 2 ? 4.0 : 2.0);
            double b = di_loss(s, y, u);
            under += w * b;
            /* E[(y - D)^+] = y - E[D] + E[(D - y)^+]. */
            over += w * (y - D * u + b);
        }
        s->g_under[i] = under / (3.0 * DI_SIMPSON);
        s->g_over[i] = over / (3.0 * DI_SIMPSON);
        s->g_short[i] =
            (di_loss(s, y, s->le + s->R) - di_loss(s, y, s->le)) / s->R;
    }
    return 0;
}

/* G(y) with the on-hand holding cost h; outside the table, its limits
 * (all demand short below, none above). */
static double di_g(const di_search *s, double y, double h)
{
    const policy_context *ctx = s->ctx;
    double D = ctx->demand_rate, over, under, shrt;
    double i = y - s->y_lo;
    if (i < 0.0) {
        over = 0.0;
        under = D * (s->le + 0.5 * s->R) - y;
        shrt = D;
    } else if (i >= (double)s->n_g) {
        over = y - D * (s->le + 0.5 * s->R);
        under = shrt = 0.0;
    } else {
        size_t k = (size_t)i;
        over = s->g_over[k];
        under = s->g_under[k];
        shrt = s->g_short[k];
    }
    return h * over + ctx->backorder_cost * under + ctx->stockout_cost * shrt;
}

typedef struct di_point {
    double cost, s_e;
} di_point;

/* The process for one Delta and the best S_e for it, starting the
 * downhill walk at `s_start`. */
static di_point di_evaluate(di_search *s, double delta, double s_start)
{
    const policy_context *ctx = s->ctx;
    const struct policy_source *reg = &ctx->source[0], *exp = &ctx->source[1];
    size_t k = s->k, n = (size_t)delta + 1;
    for (size_t i = 0; i < k; i++)
        s->ring[i] = 0.0;
    for (size_t i = 0; i < n; i++)
        s->hist[i] = 0.0;
    double overshoot = 0.0, last_demand = 0.0, ring_sum = 0.0;
    double sum_qe = 0.0, n_qe = 0.0, sum_qr = 0.0, n_qr = 0.0;
    double o_min = delta, o_max = 0.0;
    for (size_t t = 0, slot = 0; t < DI_WARMUP + DI_PERIODS;
         t++, slot = slot + 1 == k ? 0 : slot + 1) {
        double entering = s->ring[slot]; /* q_r(t - k): now within L_e */
        double x = overshoot - last_demand + entering;
        double qe = x < 0.0 ? -x : 0.0;
        overshoot = x > 0.0 ? x : 0.0;
        double recent = ring_sum - entering;
        double qr = delta - overshoot - recent;
        if (qr < 0.0)
            qr = 0.0;
        ring_sum = recent + qr;
        s->ring[slot] = qr;
        last_demand = s->demand[t];
        if (t < DI_WARMUP)
            continue;
        sum_qe += qe, n_qe += qe > 0.0;
        sum_qr += qr, n_qr += qr > 0.0;
        /* The overshoot never exceeds Delta (the regular position after
         * ordering is max(S_r, ...), and each review lowers it by the
         * demand); min() only guards the histogram. */
        double o = overshoot < delta ? overshoot : delta;
        s->hist[(size_t)o] += 1.0;
        if (o < o_min)
            o_min = o;
        if (o > o_max)
            o_max = o;
    }
    double N = DI_PERIODS, R = s->R;
    double eqe = sum_qe / N, eqr = sum_qr / N;
    double flow = eqe + eqr;
    double share = flow > 0.0 ? eqe / flow : 0.0;
    double h = (1.0 - share) * reg->holding_cost + share * exp->holding_cost;
    double fixed =
        (exp->landed_cost * eqe + reg->landed_cost * eqr +
         (exp->order_cost + exp->shipment_cost) * n_qe / N +
         (reg->order_cost + reg->shipment_cost) * n_qr / N +
         exp->transit_holding_cost * exp->transit * eqe +
         reg->transit_holding_cost * reg->transit * eqr) /
        R;
    /* The newsvendor part, convex in S_e: walk downhill. */
    size_t lo = (size_t)o_min, hi = (size_t)o_max;
#define DI_NEWS(se, out)                                                    \
    do {                                                                    \
        double acc_ = 0.0;                                                  \
        for (size_t o_ = lo; o_ <= hi; o_++)                                \
            if (s->hist[o_] > 0.0)                                          \
                acc_ += s->hist[o_] * di_g(s, (se) + (double)o_, h);        \
        (out) = acc_ / N;                                                   \
    } while (0)
    double se = s_start, c, next;
    DI_NEWS(se, c);
    DI_NEWS(se + 1.0, next);
    double step = 1.0;
    if (!(next < c))
        step = -1.0;
    else
        se += 1.0, c = next;
    for (double guard = 0; guard < 1e8; guard++) {
        DI_NEWS(se + step, next);
        if (!(next < c))
            break;
        se += step, c = next;
    }
#undef DI_NEWS
    return (di_point){c + fixed, se};
}

static int di_optimal(policy_params *p, const policy_context *ctx, char *err,
                      size_t errlen)
{
    const struct policy_source *reg = &ctx->source[0], *exp = &ctx->source[1];
    double R = p->value[PARAM_R];
    const char *why = NULL;
    double gap = (reg->lead_time - exp->lead_time) / R;
    if (!reg->constant_lead_time || !exp->constant_lead_time)
        why = "constant lead times from both suppliers, without servers";
    else if (fabs(gap - floor(gap + 0.5)) > 1e-9 * (1.0 + gap))
        why = "the lead-time gap L_r - L_e a whole number of review periods "
              "R";
    else if (ctx->lost_sales)
        why = "backorders (not lost_sales)";
    else if (!(ctx->demand_rate > 0.0))
        why = "demand";
    else if (!(reg->holding_cost > 0.0 && exp->holding_cost > 0.0))
        why = "a holding cost > 0";
    else if (!(ctx->backorder_cost > 0.0 || ctx->stockout_cost > 0.0))
        why = "a backorder_cost or stockout_cost > 0";
    if (why) {
        snprintf(err, errlen, "S_e: optimal needs %s; expected S_e and S_r "
                              "given, or auto",
                 why);
        return -1;
    }
    di_search s = {.ctx = ctx, .R = R, .le = exp->lead_time,
                   .lr = reg->lead_time};
    s.k = (size_t)floor(gap + 0.5);
    double D = ctx->demand_rate, span = reg->lead_time - exp->lead_time + R;
    double delta_hi =
        ceil(D * span + 8.0 * sqrt(ctx->demand_variance * span) + 10.0);
    if (!(delta_hi < DI_DELTA_MAX) || s.k > 1000000) {
        snprintf(err, errlen, "S_e: optimal searches S_r - S_e up to %g "
                              "units over %zu periods; expected at most %g "
                              "and 10^6: give S_e and S_r",
                 delta_hi, s.k, DI_DELTA_MAX);
        return -1;
    }
    int rc = -1;
    gsl_rng *rng = stream_create(0, 0, "policy.dual_index.optimal");
    s.demand = malloc((DI_WARMUP + DI_PERIODS) * sizeof *s.demand);
    s.ring = malloc(s.k * sizeof *s.ring);
    s.hist = malloc(((size_t)delta_hi + 1) * sizeof *s.hist);
    if (!rng || !s.demand || !s.ring || !s.hist || di_tables(&s)) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    double m = D * R, v = ctx->demand_variance * R;
    for (size_t t = 0; t < DI_WARMUP + DI_PERIODS; t++) {
        if (ctx->poisson_unit_demand)
            s.demand[t] = (double)gsl_ran_poisson(rng, m);
        else if (v > 0.0)
            s.demand[t] = floor(gsl_ran_gamma(rng, m * m / v, v / m) + 0.5);
        else
            s.demand[t] = floor(m + 0.5);
    }
    /* A coarse grid over Delta, then every unit around its best. */
    double step = ceil(delta_hi / DI_GRID);
    if (step < 1.0)
        step = 1.0;
    double se0 = ceil(D * (exp->lead_time + R));
    di_point best = {INFINITY, se0};
    double best_delta = 0.0;
    for (double d = 0.0; d <= delta_hi; d += step) {
        di_point pt = di_evaluate(&s, d, best.s_e);
        if (pt.cost < best.cost)
            best = pt, best_delta = d;
    }
    /* Then a pattern search around it, halving the step to one unit. */
    for (double h = floor(step / 2.0); h >= 1.0; h = floor(h / 2.0)) {
        int moved = 1;
        while (moved) {
            moved = 0;
            for (int side = -1; side <= 1; side += 2) {
                double d = best_delta + side * h;
                if (d < 0.0 || d > delta_hi)
                    continue;
                di_point pt = di_evaluate(&s, d, best.s_e);
                if (pt.cost < best.cost) {
                    best = pt, best_delta = d, moved = 1;
                    break;
                }
            }
        }
    }
    policy_param_set(p, PARAM_S_E, best.s_e);
    policy_param_set(p, PARAM_S_R, best.s_e + best_delta);
    rc = 0;
done:
    if (rng)
        gsl_rng_free(rng);
    free(s.demand);
    free(s.ring);
    free(s.hist);
    free(s.g_over);
    free(s.g_under);
    free(s.g_short);
    return rc;
}

/* ---- resolve and the review ----------------------------------------------- */

static int di_resolve(policy_params *p, const policy_context *ctx, char *err,
                      size_t errlen)
{
    if (ctx->n_sources < 2) {
        snprintf(err, errlen, "dual_index has no second supplier; expected "
                              "second_supplier: a supplier");
        return -1;
    }
    const struct policy_source *reg = &ctx->source[0], *exp = &ctx->source[1];
    if (!(reg->lead_time > exp->lead_time)) {
        snprintf(err, errlen, "dual_index needs the first supplier slower "
                              "than the second: mean lead times %g and %g; "
                              "expected supplier: the slow source and "
                              "second_supplier: the fast one",
                 reg->lead_time, exp->lead_time);
        return -1;
    }
    if (p->state[PARAM_R] != PARAM_GIVEN) {
        double r = 1.0;
        if (reg->order_cost > 0.0 && reg->holding_cost > 0.0 &&
            ctx->demand_rate > 0.0)
            r = floor(sqrt(2.0 * reg->order_cost /
                           (reg->holding_cost * ctx->demand_rate)) +
                      0.5);
        policy_param_set(p, PARAM_R, r < 1.0 ? 1.0 : r);
    }
    if (!(p->value[PARAM_R] > 0.0) || !isfinite(p->value[PARAM_R])) {
        snprintf(err, errlen, "R must be a review period > 0, got %g",
                 p->value[PARAM_R]);
        return -1;
    }
    int se = p->state[PARAM_S_E], sr = p->state[PARAM_S_R];
    int optimal = se == PARAM_OPTIMAL || sr == PARAM_OPTIMAL;
    if (optimal && !(se == PARAM_OPTIMAL && sr == PARAM_OPTIMAL)) {
        snprintf(err, errlen, "%s: optimal searches both levels; expected "
                              "S_e: optimal and S_r: optimal together",
                 se == PARAM_OPTIMAL ? "S_e" : "S_r");
        return -1;
    }
    if (optimal) {
        if (p->state[PARAM_SERVICE_LEVEL] == PARAM_GIVEN) {
            snprintf(err, errlen, "S_e: optimal minimises cost and meets no "
                                  "service target; expected the levels "
                                  "optimal or a service_level, not both");
            return -1;
        }
        if (di_optimal(p, ctx, err, errlen))
            return -1;
    } else {
        if (policy_resolve_service_level(p, err, errlen))
            return -1;
        double R = p->value[PARAM_R], D = ctx->demand_rate;
        if (se != PARAM_GIVEN) {
            double span = exp->lead_time + R;
            double sd = sqrt(ctx->demand_variance * span +
                             D * D * exp->lead_time_variance);
            policy_param_set(
                p, PARAM_S_E,
                ceil(D * span +
                     policy_z(p->value[PARAM_SERVICE_LEVEL]) * sd - 1e-9));
        }
        if (sr != PARAM_GIVEN)
            policy_param_set(
                p, PARAM_S_R,
                p->value[PARAM_S_E] +
                    floor(D * (reg->lead_time - exp->lead_time) + 0.5));
    }
    if (policy_check_range(p, PARAM_S_E, -1e15, 1e15, 1, err, errlen) ||
        policy_check_range(p, PARAM_S_R, -1e15, 1e15, 1, err, errlen))
        return -1;
    if (p->value[PARAM_S_R] < p->value[PARAM_S_E]) {
        snprintf(err, errlen, "S_r must be at least S_e, got S_r = %g and "
                              "S_e = %g; expected S_r >= S_e (the regular "
                              "position counts all the expedited one does)",
                 p->value[PARAM_S_R], p->value[PARAM_S_E]);
        return -1;
    }
    policy_param_set(p, PARAM_PLAN_LEAD_TIME, exp->lead_time);
    return 0;
}

static double di_initial(const policy_params *p)
{
    /* The regular level on hand: the pipeline fills while it runs down
     * (the warm-up should cover L_r). */
    double s = p->value[PARAM_S_R];
    return s > 0.0 ? s : 0.0;
}

static double di_review_period(const policy_params *p)
{
    return p->value[PARAM_R];
}

static void di_on_review(stockpt *sp, void *state)
{
    (void)state;
    const policy_params *p = stockpt_params(sp);
    double le = p->value[PARAM_PLAN_LEAD_TIME];
    double expedited = stockpt_on_hand(sp) - stockpt_backorders(sp) +
                       stockpt_pipeline(sp, STOCKPT_SECOND_SOURCE, INFINITY) +
                       stockpt_pipeline(sp, STOCKPT_FIRST_SOURCE, le);
    stockpt_order_from(sp, STOCKPT_SECOND_SOURCE,
                       p->value[PARAM_S_E] - expedited);
    stockpt_order_from(sp, STOCKPT_FIRST_SOURCE,
                       p->value[PARAM_S_R] - stockpt_position(sp));
}

const policy_type policy_dual_index = {
    .name = "dual_index",
    .family = POLICY_PUSH,
    .summary = "two sources: every R, raise the expedited position to S_e "
               "from the second supplier, then the regular one to S_r from "
               "the first (Veeraraghavan & Scheller-Wolf 2008)",
    .help =
        "  S_e            expedited order-up-to level (on hand - backorders +\n"
        "                 on order from second_supplier + on order from the\n"
        "                 first due within L_e); auto = D (L_e + R) + z sd;\n"
        "                 optimal = least expected cost, searched over\n"
        "                 S_r - S_e by the overshoot's simulation (constant\n"
        "                 lead times, L_r - L_e whole periods) (default auto)\n"
        "  S_r            regular order-up-to level (the whole position);\n"
        "                 auto = S_e + D (L_r - L_e); optimal with S_e\n"
        "                 (default auto)\n"
        "  R              review period; auto = EOQ / D of the first supplier\n"
        "                 rounded, at least 1, or 1 without an order cost\n"
        "                 (default auto)\n"
        "  service_level  cycle service level for auto S_e (default 0.95)\n",
    .accepted = 1u << PARAM_S_E | 1u << PARAM_S_R | 1u << PARAM_R |
                1u << PARAM_SERVICE_LEVEL,
    .optimal_accepted = 1u << PARAM_S_E | 1u << PARAM_S_R,
    .demand_sized = 1u << PARAM_R | 1u << PARAM_S_E | 1u << PARAM_S_R,
    .target_sizes = 1u << PARAM_S_E | 1u << PARAM_S_R,
    .dual_sourced = 1,
    .resolve = di_resolve,
    .initial_inventory = di_initial,
    .review_period = di_review_period,
    .on_review = di_on_review,
};
