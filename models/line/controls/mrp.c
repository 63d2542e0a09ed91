/*
 * mrp.c - the MRP control of a line, push: every planning period P, each
 * product's forecast (a moving average, or exponential smoothing when
 * alpha is given) is turned into a target of forecast demand over L + P
 * plus a safety stock, L the line's planned lead time; what the product
 * has and is owed falls short of it is released to the first stage in
 * whole lots of Q. The stages work whenever they have input.
 *
 * safety_stock: auto per product = ceil(z sd of its demand over L + P);
 * a given one is a total shared by demand. The finished store starts with
 * a period and a lead time's demand plus the safety stock.
 *
 * MRP as a stock-point policy is models/policies/mrp.c, whose policy_type
 * points here. Not the stages: models/line/stage.c.
 */
#include <math.h>
#include <stdio.h>

#include "models/line/control.h"

typedef struct mrp_product {
    double safety_stock;
    double forecast;    /* units per period */
    double history[64]; /* moving average */
    size_t n_history;
    double period_demand;
} mrp_product;

typedef struct mrp_state {
    double period, lot;
    mrp_product products[LINE_PRODUCTS_MAX];
} mrp_state;

static mrp_state *state_of(const prodline *l)
{
    return l->control_state;
}

static int mrp_resolve(const prodline *l, policy_params *p, char *err,
                       size_t errlen)
{
    double lead = prodline_lead_time(l);
    char why[300];
    if (!policy_param_given(p, PARAM_PERIOD))
        policy_param_set(p, PARAM_PERIOD, 1.0);
    if (line__check(p, PARAM_PERIOD, 1e-9, 1e12, 0, err, errlen))
        return -1;
    if (!policy_param_given(p, PARAM_Q))
        policy_param_set(p, PARAM_Q, 1.0);
    if (line__check(p, PARAM_Q, 1.0, LINE_UNITS_MAX, 1, err, errlen))
        return -1;
    if (!policy_param_given(p, PARAM_FORECAST))
        policy_param_set(p, PARAM_FORECAST,
                         policy_param_given(p, PARAM_ALPHA) ? 1.0 : 0.0);
    if (line__check(p, PARAM_FORECAST, 0.0, 1.0, 1, err, errlen))
        return -1;
    if (!policy_param_given(p, PARAM_ALPHA))
        policy_param_set(p, PARAM_ALPHA, 0.2);
    if (line__check(p, PARAM_ALPHA, 1e-9, 1.0, 0, err, errlen))
        return -1;
    if (!policy_param_given(p, PARAM_WINDOW))
        policy_param_set(p, PARAM_WINDOW, 4.0);
    if (line__check(p, PARAM_WINDOW, 1.0, 64.0, 1, err, errlen))
        return -1;
    if (policy_resolve_service_level(p, why, sizeof why)) {
        snprintf(err, errlen, "%s", why);
        return -1;
    }
    if (policy_param_given(p, PARAM_SAFETY_STOCK)) {
        if (line__check(p, PARAM_SAFETY_STOCK, 0.0, 1e12, 1, err, errlen))
            return -1;
    } else {
        /* Reported as the total; each product gets z sd of its own
         * demand over L + P. */
        double span = lead + p->value[PARAM_PERIOD];
        double total = 0.0;
        for (size_t i = 0; i < l->n_products; i++)
            total += ceil(policy_z(p->value[PARAM_SERVICE_LEVEL]) *
                              sqrt(l->products[i].variance_rate *
                                   span) -
                          1e-9);
        policy_param_set(p, PARAM_SAFETY_STOCK, total);
    }
    return 0;
}

/* Each product's safety stock, the period and the lot. */
static int mrp_plan(prodline *l, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    const policy_params *p = l->params;
    mrp_state *m = state_of(l);
    double lead = prodline_lead_time(l);
    size_t np = l->n_products;
    double span = lead + p->value[PARAM_PERIOD];
    for (size_t i = 0; i < np; i++) {
        product_run *pr = &l->products[i];
        mrp_product *mp = &m->products[i];
        if (policy_param_given(&l->policy->params, PARAM_SAFETY_STOCK))
            mp->safety_stock =
                np == 1 ? p->value[PARAM_SAFETY_STOCK]
                        : floor(p->value[PARAM_SAFETY_STOCK] * pr->share +
                                0.5);
        else
            mp->safety_stock =
                ceil(policy_z(p->value[PARAM_SERVICE_LEVEL]) *
                         sqrt(pr->variance_rate *
                              span) -
                     1e-9);
    }
    m->period = p->value[PARAM_PERIOD];
    m->lot = p->value[PARAM_Q];
    return 0;
}

static void mrp_plan_text(const prodline *l, char *buf, size_t len,
                          size_t *used)
{
    line__append(buf, len, used, "planned lead time %.3g; safety stock:",
                 prodline_lead_time(l));
    line__per_product(l, buf, len, used,
                      &state_of(l)->products[0].safety_stock,
                      sizeof(mrp_product));
}

/* A period and a lead time's demand plus the safety stock, unless the
 * product says. */
static int mrp_initial_stock(prodline *l, double *finished)
{
    mrp_state *m = state_of(l);
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        finished[i] =
            isnan(pr->initial)
                ? ceil(pr->rate * (prodline_lead_time(l) + m->period) -
                       1e-9) +
                      m->products[i].safety_stock
                : pr->initial;
    }
    return 0;
}

static void on_demand(prodline *l, int product, double quantity)
{
    state_of(l)->products[product].period_demand += quantity;
}

/* A planning period: forecasts updated from the period's demand (not at
 * the first), and what falls short of the target released in lots. */
static void on_plan(sim *s, void *ctx, uint64_t first)
{
    prodline *l = ctx;
    mrp_state *m = state_of(l);
    const policy_params *p = l->params;
    double period = m->period;
    double lead = prodline_lead_time(l);
    size_t window = (size_t)p->value[PARAM_WINDOW];
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        mrp_product *mp = &m->products[i];
        if (!first) {
            if (p->value[PARAM_FORECAST] == 1.0) {
                double a = p->value[PARAM_ALPHA];
                mp->forecast =
                    a * mp->period_demand + (1.0 - a) * mp->forecast;
            } else {
                mp->history[mp->n_history % window] = mp->period_demand;
                mp->n_history++;
                size_t n = mp->n_history < window ? mp->n_history : window;
                double sum = 0.0;
                for (size_t j = 0; j < n; j++)
                    sum += mp->history[j];
                mp->forecast = sum / (double)n;
            }
        }
        mp->period_demand = 0.0;
        double target =
            mp->forecast / period * (lead + period) + mp->safety_stock;
        double need = target - line__position(pr);
        if (need > 0.0) {
            double units = ceil(need / m->lot - 1e-9) * m->lot;
            for (double j = 0; j < units; j++)
                line__release(l, (int)i);
        }
    }
    double next = sim_now(s) + period;
    if (next < l->env.horizon)
        sim_schedule(s, next, on_plan, l, 0);
}

/* The forecasts start at the mean demand; the first plan at time 0. */
static void mrp_start(prodline *l)
{
    mrp_state *m = state_of(l);
    for (size_t i = 0; i < l->n_products; i++) {
        mrp_product *mp = &m->products[i];
        mp->period_demand = 0.0;
        mp->n_history = 0;
        mp->forecast = l->products[i].rate * m->period;
    }
    sim_schedule(l->s, 0.0, on_plan, l, 1);
}

const line_control line_control_mrp = {
    .state_size = sizeof(mrp_state),
    .resolve = mrp_resolve,
    .plan = mrp_plan,
    .plan_text = mrp_plan_text,
    .initial_stock = mrp_initial_stock,
    .start = mrp_start,
    .on_demand = on_demand,
};
