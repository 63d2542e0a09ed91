/*
 * mrp.c - push: forecast-driven planning. Every period P (first at t = 0)
 * the demand of the period just ended updates a forecast (moving average
 * of the last `window` periods, or simple exponential smoothing with
 * `alpha`), and a planned order releases what the forecast says the next
 * L + P time units need, plus the safety stock, less the inventory
 * position: the plan, not the actual withdrawals, drives the orders, which
 * is what makes MRP amplify demand changes (bullwhip).
 *
 * The forecast starts at the mean demand per period. safety_stock: auto =
 * z sigma over L + P for a target cycle service level. With deliveries in
 * order, L (planned and for the safety stock) is the lead time an order
 * sees when one goes every period (policy_seen_context).
 */
#include <math.h>
#include <stdio.h>

#include "models/policy.h"
#include "models/stockpt.h"

/* As a line's control: models/line/controls/mrp.c. */
extern const struct line_control line_control_mrp;

#define MRP_WINDOW_MAX 256

typedef struct mrp_state {
    double period_demand; /* demand since the last review */
    double forecast;      /* per period */
    double history[MRP_WINDOW_MAX];
    int n_history;
    int next;
    int reviewed;
} mrp_state;

_Static_assert(sizeof(mrp_state) <= POLICY_STATE_MAX, "mrp state too big");

static int mrp_resolve(policy_params *p, const policy_context *given,
                       char *err, size_t errlen)
{
    if (p->state[PARAM_PERIOD] != PARAM_GIVEN)
        policy_param_set(p, PARAM_PERIOD, 1.0);
    if (!(p->value[PARAM_PERIOD] > 0.0) || !isfinite(p->value[PARAM_PERIOD])) {
        snprintf(err, errlen, "period must be > 0, got %g",
                 p->value[PARAM_PERIOD]);
        return -1;
    }
    policy_context seen =
        policy_seen_context(given, p->value[PARAM_PERIOD], 1.0, 0);
    const policy_context *ctx = &seen;
    if (p->state[PARAM_FORECAST] != PARAM_GIVEN)
        policy_param_set(p, PARAM_FORECAST,
                         p->state[PARAM_ALPHA] == PARAM_GIVEN ? 1.0 : 0.0);
    if (policy_check_range(p, PARAM_FORECAST, 0.0, 1.0, 1, err, errlen))
        return -1;
    if (p->state[PARAM_ALPHA] != PARAM_GIVEN)
        policy_param_set(p, PARAM_ALPHA, 0.2);
    if (!(p->value[PARAM_ALPHA] > 0.0 && p->value[PARAM_ALPHA] <= 1.0)) {
        snprintf(err, errlen, "alpha must be in (0, 1], got %g",
                 p->value[PARAM_ALPHA]);
        return -1;
    }
    if (p->state[PARAM_WINDOW] != PARAM_GIVEN)
        policy_param_set(p, PARAM_WINDOW, 4.0);
    if (policy_check_range(p, PARAM_WINDOW, 1.0, MRP_WINDOW_MAX, 1, err,
                           errlen))
        return -1;
    if (policy_resolve_service_level(p, err, errlen))
        return -1;
    if (p->state[PARAM_SAFETY_STOCK] != PARAM_GIVEN) {
        double span = ctx->lead_time + p->value[PARAM_PERIOD];
        double ss = policy_z(p->value[PARAM_SERVICE_LEVEL]) *
                    policy_span_demand_sd(ctx, span);
        policy_param_set(p, PARAM_SAFETY_STOCK, ceil(ss - 1e-9));
    }
    if (policy_check_range(p, PARAM_SAFETY_STOCK, 0.0, 1e15, 0, err, errlen))
        return -1;
    policy_param_set(p, PARAM_PLAN_DEMAND, ctx->demand_rate);
    policy_param_set(p, PARAM_PLAN_LEAD_TIME, ctx->lead_time);
    return 0;
}

static double target_level(const policy_params *p, double forecast)
{
    double periods = (p->value[PARAM_PLAN_LEAD_TIME] + p->value[PARAM_PERIOD]) /
                     p->value[PARAM_PERIOD];
    return forecast * periods + p->value[PARAM_SAFETY_STOCK];
}

static double mrp_initial(const policy_params *p)
{
    return ceil(target_level(p, p->value[PARAM_PLAN_DEMAND] *
                                    p->value[PARAM_PERIOD]) -
                1e-9);
}

static double mrp_review_period(const policy_params *p)
{
    return p->value[PARAM_PERIOD];
}

static void mrp_start(stockpt *sp, void *state)
{
    mrp_state *m = state;
    const policy_params *p = stockpt_params(sp);
    m->forecast = p->value[PARAM_PLAN_DEMAND] * p->value[PARAM_PERIOD];
}

static void mrp_on_demand(stockpt *sp, void *state, double quantity)
{
    (void)sp;
    mrp_state *m = state;
    m->period_demand += quantity;
}

static void mrp_on_review(stockpt *sp, void *state)
{
    mrp_state *m = state;
    const policy_params *p = stockpt_params(sp);
    if (m->reviewed) {
        double actual = m->period_demand;
        if (p->value[PARAM_FORECAST] == 1.0) {
            double a = p->value[PARAM_ALPHA];
            m->forecast = a * actual + (1.0 - a) * m->forecast;
        } else {
            int window = (int)p->value[PARAM_WINDOW];
            m->history[m->next] = actual;
            m->next = (m->next + 1) % window;
            if (m->n_history < window)
                m->n_history++;
            double sum = 0.0;
            for (int i = 0; i < m->n_history; i++)
                sum += m->history[i];
            m->forecast = sum / m->n_history;
        }
    }
    m->reviewed = 1;
    m->period_demand = 0.0;
    stockpt_order(sp, target_level(p, m->forecast) - stockpt_position(sp));
}

const policy_type policy_mrp = {
    .name = "mrp",
    .family = POLICY_PUSH,
    .summary = "forecast-driven: each period, order what the plan needs",
    .help =
        "  period         planning period P (default 1)\n"
        "  forecast       moving_average (0) or exponential (1) (default moving\n"
        "                 average, or exponential when alpha is given)\n"
        "  window         periods in the moving average (default 4)\n"
        "  alpha          smoothing constant in (0, 1] (default 0.2)\n"
        "  safety_stock   units; auto = z sd of demand over L + P (default auto)\n"
        "  service_level  cycle service level for safety_stock: auto (default 0.95)\n",
    .accepted = 1u << PARAM_FORECAST | 1u << PARAM_ALPHA |
                1u << PARAM_WINDOW | 1u << PARAM_SAFETY_STOCK |
                1u << PARAM_PERIOD | 1u << PARAM_SERVICE_LEVEL,
    .demand_sized = 1u << PARAM_SAFETY_STOCK | 1u << PARAM_PLAN_DEMAND,
    .target_sizes = 1u << PARAM_SAFETY_STOCK,
    .resolve = mrp_resolve,
    .initial_inventory = mrp_initial,
    .review_period = mrp_review_period,
    .start = mrp_start,
    .on_demand = mrp_on_demand,
    .on_review = mrp_on_review,
    .line_accepted = 1u << PARAM_FORECAST | 1u << PARAM_ALPHA |
                     1u << PARAM_WINDOW | 1u << PARAM_SAFETY_STOCK |
                     1u << PARAM_PERIOD | 1u << PARAM_SERVICE_LEVEL |
                     1u << PARAM_Q,
    .line_help =
        "  period         planning period P: each period, releases to the first\n"
        "                 stage what the plan needs (default 1)\n"
        "  Q              lot size: releases are whole lots of Q (default 1)\n"
        "  forecast, window, alpha   as for a stock point, per product\n"
        "  safety_stock   finished units per product; auto = z sd of demand\n"
        "                 over L + P, L the line's planned lead time\n"
        "  service_level  for safety_stock (default 0.95)\n",
    .line = &line_control_mrp,
};
