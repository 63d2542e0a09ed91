/*
 * order_up_to.c - push: the forecast-based order-up-to policy of the
 * bullwhip literature (Chen, Drezner, Ryan & Simchi-Levi 2000, Management
 * Science 46(3):436-443; Chen, Ryan & Simchi-Levi 2000, Naval Research
 * Logistics 47:269-286).
 *
 * Every review period R (first at t = 0) the demand of the period just
 * ended updates a forecast F of the demand per period (a moving average of
 * the last `window` periods, or exponential smoothing F <- alpha x actual
 * + (1 - alpha) F), and the policy orders up to
 *
 *     S_t = F_t x cover + safety_stock,
 *
 * i.e. orders S_t - (inventory position): with the position at S_{t-1}
 * after the last review, the order is S_t - S_{t-1} + D_{t-1}, the form
 * whose variance the closed forms give (Var(O)/Var(D) = 1 + 2c/p +
 * 2c^2/p^2 for a moving average of p periods, 1 + 2 c alpha + 2 c^2
 * alpha^2 / (2 - alpha) for smoothing, c the cover: tests/test_bullwhip.c).
 *
 * cover: in review periods, auto = (L + R) / R, the lead time plus one
 * review period (what an order must last until the next order arrives);
 * the closed forms' "L" is this cover, not the lead time.
 * safety_stock: units, constant; auto = z sd of demand over cover x R.
 * allow_returns: 0 (default) clips a negative order at 0; 1 sends it back
 * as a return (stockpt_return: units leave the stock on hand at once), as
 * the closed forms assume. Orders are whole units, rounded up, returns
 * rounded down: the position after a review is the first whole step at
 * or above S_t.
 *
 * Is not: mrp, which plans with the same forecasts for a line too; this
 * is the textbook policy with the cover and the returns of the formulas.
 */
#include <math.h>
#include <stdio.h>

#include "models/policy.h"
#include "models/stockpt.h"

#define OUT_WINDOW_MAX 256

typedef struct out_state {
    double period_demand; /* demand since the last review */
    double forecast;      /* per review period */
    double history[OUT_WINDOW_MAX];
    int n_history;
    int next;
    int reviewed;
} out_state;

_Static_assert(sizeof(out_state) <= POLICY_STATE_MAX,
               "order_up_to state too big");

/* Forecast: 0 moving average, 1 exponential smoothing (as mrp's). */
static int resolve_forecast(policy_params *p, char *err, size_t errlen)
{
    int alpha_given = p->state[PARAM_ALPHA] == PARAM_GIVEN;
    int window_given = p->state[PARAM_WINDOW] == PARAM_GIVEN;
    if (p->state[PARAM_FORECAST] != PARAM_GIVEN)
        policy_param_set(p, PARAM_FORECAST, alpha_given ? 1.0 : 0.0);
    if (policy_check_range(p, PARAM_FORECAST, 0.0, 1.0, 1, err, errlen))
        return -1;
    int exponential = p->value[PARAM_FORECAST] == 1.0;
    if (exponential && window_given) {
        snprintf(err, errlen, "window is for a moving average, and the "
                              "forecast is exponential; expected alpha");
        return -1;
    }
    if (!exponential && alpha_given) {
        snprintf(err, errlen, "alpha is for exponential smoothing, and the "
                              "forecast is a moving average; expected "
                              "window");
        return -1;
    }
    /* Only the chosen forecast's parameter is set: the scenario as run
     * (analysis/effective.c) writes the set ones back, and must read back. */
    if (exponential) {
        if (!alpha_given)
            policy_param_set(p, PARAM_ALPHA, 0.2);
        if (!(p->value[PARAM_ALPHA] > 0.0 && p->value[PARAM_ALPHA] <= 1.0)) {
            snprintf(err, errlen, "alpha must be in (0, 1], got %g",
                     p->value[PARAM_ALPHA]);
            return -1;
        }
        return 0;
    }
    if (!window_given)
        policy_param_set(p, PARAM_WINDOW, 4.0);
    return policy_check_range(p, PARAM_WINDOW, 1.0, OUT_WINDOW_MAX, 1, err,
                              errlen);
}

static int out_resolve(policy_params *p, const policy_context *given,
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
    if (resolve_forecast(p, err, errlen))
        return -1;
    return policy_resolve_cover_target(p, &seen, R, err, errlen);
}

static double target_level(const policy_params *p, double forecast)
{
    return forecast * p->value[PARAM_COVER] + p->value[PARAM_SAFETY_STOCK];
}

static double out_initial(const policy_params *p)
{
    return ceil(target_level(p, p->value[PARAM_PLAN_DEMAND] *
                                    p->value[PARAM_PERIOD]) -
                1e-9);
}

static double out_review_period(const policy_params *p)
{
    return p->value[PARAM_PERIOD];
}

static void out_start(stockpt *sp, void *state)
{
    out_state *m = state;
    const policy_params *p = stockpt_params(sp);
    m->forecast = p->value[PARAM_PLAN_DEMAND] * p->value[PARAM_PERIOD];
}

static void out_on_demand(stockpt *sp, void *state, double quantity)
{
    (void)sp;
    out_state *m = state;
    m->period_demand += quantity;
}

static void update_forecast(out_state *m, const policy_params *p,
                            double actual)
{
    if (p->value[PARAM_FORECAST] == 1.0) {
        double a = p->value[PARAM_ALPHA];
        m->forecast = a * actual + (1.0 - a) * m->forecast;
        return;
    }
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

static void out_on_review(stockpt *sp, void *state)
{
    out_state *m = state;
    const policy_params *p = stockpt_params(sp);
    if (m->reviewed)
        update_forecast(m, p, m->period_demand);
    m->reviewed = 1;
    m->period_demand = 0.0;
    double q = target_level(p, m->forecast) - stockpt_position(sp);
    if (q > 0.0)
        stockpt_order(sp, q);
    else if (p->value[PARAM_ALLOW_RETURNS] == 1.0)
        stockpt_return(sp, -q);
}

const policy_type policy_order_up_to = {
    .name = "order_up_to",
    .family = POLICY_PUSH,
    .summary = "each period, order up to forecast x cover + safety stock",
    .help =
        "  period         review period R (default 1)\n"
        "  forecast       moving_average (0) or exponential (1) (default moving\n"
        "                 average, or exponential when alpha is given)\n"
        "  window         periods in the moving average (default 4)\n"
        "  alpha          smoothing constant in (0, 1] (default 0.2)\n"
        "  cover          review periods of forecast in the target; auto =\n"
        "                 (L + R) / R, lead time plus one review (default auto)\n"
        "  safety_stock   units; auto = z sd of demand over cover x R\n"
        "                 (default auto)\n"
        "  service_level  cycle service level for safety_stock: auto (default\n"
        "                 0.95)\n"
        "  allow_returns  1: a negative order goes back from stock on hand;\n"
        "                 0: clipped at 0 (default 0)\n",
    .accepted = 1u << PARAM_FORECAST | 1u << PARAM_ALPHA |
                1u << PARAM_WINDOW | 1u << PARAM_SAFETY_STOCK |
                1u << PARAM_PERIOD | 1u << PARAM_SERVICE_LEVEL |
                1u << PARAM_COVER | 1u << PARAM_ALLOW_RETURNS,
    .demand_sized = 1u << PARAM_SAFETY_STOCK | 1u << PARAM_PLAN_DEMAND,
    .target_sizes = 1u << PARAM_SAFETY_STOCK,
    .resolve = out_resolve,
    .initial_inventory = out_initial,
    .review_period = out_review_period,
    .start = out_start,
    .on_demand = out_on_demand,
    .on_review = out_on_review,
};
