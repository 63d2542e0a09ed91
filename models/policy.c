/*
 * policy.c - the policy registry, parameters, and the shared `auto' rules.
 */
#include "policy.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

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
     * time's. */
    return sqrt(span * ctx->demand_variance +
                ctx->demand_rate * ctx->demand_rate *
                    ctx->lead_time_variance);
}

int policy_resolve_service_level(policy_params *p, char *err, size_t errlen)
{
    if (p->state[PARAM_SERVICE_LEVEL] != PARAM_GIVEN)
        policy_param_set(p, PARAM_SERVICE_LEVEL, 0.95);
    return policy_check_range(p, PARAM_SERVICE_LEVEL, 0.5, 0.9999, 0, err,
                              errlen);
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
