/*
 * spec.c - a production line's spec (models/line.h): init, free, deep copy
 * and the checks of a line_spec, and the names of a line's columns.
 *
 * Not the run: nothing here allocates a prodline or reads a policy; the
 * model is in the other files of models/line/ (internal.h lists them).
 */
#include "models/line.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const line_metric_names[LINE_METRIC_COUNT] = {
    [LINE_THROUGHPUT] = "throughput",
    [LINE_LEAD_TIME_MEAN] = "line_lead_time_mean",
    [LINE_LEAD_TIME_P95] = "line_lead_time_p95",
    [LINE_SETUPS] = "setups",
    [LINE_SETUP_TIME] = "setup_time",
    [LINE_REWORKED] = "reworked_units",
    [LINE_AVAILABILITY] = "availability",
};
static const char *const line_metric_units[LINE_METRIC_COUNT] = {
    [LINE_THROUGHPUT] = "units/time",
    [LINE_LEAD_TIME_MEAN] = "time",
    [LINE_LEAD_TIME_P95] = "time",
    [LINE_SETUPS] = "setups",
    [LINE_SETUP_TIME] = "time",
    [LINE_REWORKED] = "units",
    [LINE_AVAILABILITY] = "fraction",
};

static const char *const stage_metric_names[STAGE_METRIC_COUNT] = {
    [STAGE_WIP] = "wip",
    [STAGE_FLOW_TIME] = "flow_time",
    [STAGE_THROUGHPUT] = "throughput",
    [STAGE_BUFFER] = "buffer",
    [STAGE_BUSY] = "busy",
    [STAGE_SETUP] = "setup",
    [STAGE_DOWN] = "down",
    [STAGE_MAINTENANCE] = "maintenance",
    [STAGE_STARVED] = "starved",
    [STAGE_BLOCKED] = "blocked",
    [STAGE_IDLE] = "idle",
    [STAGE_SETUPS] = "setups",
    [STAGE_SCRAPPED] = "scrapped",
    [STAGE_REWORKED] = "reworked",
};
static const char *const stage_metric_units[STAGE_METRIC_COUNT] = {
    [STAGE_WIP] = "units",
    [STAGE_FLOW_TIME] = "time",
    [STAGE_THROUGHPUT] = "units/time",
    [STAGE_BUFFER] = "units",
    [STAGE_BUSY] = "fraction",
    [STAGE_SETUP] = "fraction",
    [STAGE_DOWN] = "fraction",
    [STAGE_MAINTENANCE] = "fraction",
    [STAGE_STARVED] = "fraction",
    [STAGE_BLOCKED] = "fraction",
    [STAGE_IDLE] = "fraction",
    [STAGE_SETUPS] = "setups",
    [STAGE_SCRAPPED] = "units",
    [STAGE_REWORKED] = "units",
};

static const char *const product_metric_names[PRODUCT_METRIC_COUNT] = {
    [PRODUCT_UNITS_DEMANDED] = "units_demanded",
    [PRODUCT_FILL_RATE] = "fill_rate",
    [PRODUCT_CUSTOMER_LEAD_TIME_MEAN] = "customer_lead_time_mean",
    [PRODUCT_CUSTOMER_LEAD_TIME_P95] = "customer_lead_time_p95",
    [PRODUCT_AVG_ON_HAND] = "avg_on_hand",
    [PRODUCT_AVG_BACKORDERS] = "avg_backorders",
    [PRODUCT_THROUGHPUT] = "throughput",
    [PRODUCT_HOLDING_COST] = "holding_cost",
    [PRODUCT_SHORTAGE_COST] = "shortage_cost",
    [PRODUCT_TOTAL_COST] = "total_cost",
};
static const char *const product_metric_units[PRODUCT_METRIC_COUNT] = {
    [PRODUCT_UNITS_DEMANDED] = "units",
    [PRODUCT_FILL_RATE] = "fraction",
    [PRODUCT_CUSTOMER_LEAD_TIME_MEAN] = "time",
    [PRODUCT_CUSTOMER_LEAD_TIME_P95] = "time",
    [PRODUCT_AVG_ON_HAND] = "units",
    [PRODUCT_AVG_BACKORDERS] = "units",
    [PRODUCT_THROUGHPUT] = "units/time",
    [PRODUCT_HOLDING_COST] = "cost/time",
    [PRODUCT_SHORTAGE_COST] = "cost/time",
    [PRODUCT_TOTAL_COST] = "cost/time",
};

const char *line_metric_name(line_metric m)
{
    return (unsigned)m < LINE_METRIC_COUNT ? line_metric_names[m] : "?";
}

const char *stage_metric_name(stage_metric m)
{
    return (unsigned)m < STAGE_METRIC_COUNT ? stage_metric_names[m] : "?";
}

const char *product_metric_name(product_metric m)
{
    return (unsigned)m < PRODUCT_METRIC_COUNT ? product_metric_names[m]
                                              : "?";
}

size_t line_column_line(line_metric m)
{
    return METRIC_COUNT + (size_t)m;
}

size_t line_column_stage(size_t stage, stage_metric m)
{
    return METRIC_COUNT + LINE_METRIC_COUNT + stage * STAGE_METRIC_COUNT +
           (size_t)m;
}

size_t line_column_product(const line_spec *spec, size_t product,
                           product_metric m)
{
    return line_column_stage(spec->n_stages, 0) +
           product * PRODUCT_METRIC_COUNT + (size_t)m;
}

size_t line_row_width(const line_spec *spec)
{
    if (spec->n_stages == 0)
        return METRIC_COUNT;
    return line_column_stage(spec->n_stages, 0) +
           (spec->n_products >= 2 ? spec->n_products * PRODUCT_METRIC_COUNT
                                  : 0);
}

/* A name already taken or too long cannot happen (stage and product names
 * are unique and short, checked by the scenario): only memory fails. */
int line_columns(const line_spec *spec, metric_columns *cols)
{
    if (metric_columns_base(cols) != 0)
        return -1;
    if (spec->n_stages == 0)
        return 0;
    char name[METRIC_NAME_MAX];
    int rc = 0;
    for (int m = 0; m < LINE_METRIC_COUNT; m++)
        rc |= metric_columns_add(cols, line_metric_names[m],
                                 line_metric_units[m]);
    for (size_t k = 0; k < spec->n_stages; k++)
        for (int m = 0; m < STAGE_METRIC_COUNT; m++) {
            snprintf(name, sizeof name, "%s.%s", spec->stages[k].name,
                     stage_metric_names[m]);
            rc |= metric_columns_add(cols, name, stage_metric_units[m]);
        }
    if (spec->n_products >= 2)
        for (size_t p = 0; p < spec->n_products; p++)
            for (int m = 0; m < PRODUCT_METRIC_COUNT; m++) {
                snprintf(name, sizeof name, "%s.%s", spec->products[p].name,
                         product_metric_names[m]);
                rc |= metric_columns_add(cols, name, product_metric_units[m]);
            }
    if (rc) {
        metric_columns_free(cols);
        return -1;
    }
    return 0;
}

void product_spec_init(product_spec *p)
{
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "product");
    item_spec_init(&p->item);
    demand_spec_init(&p->demand);
    p->initial = NAN;
}

void product_spec_free(product_spec *p)
{
    demand_spec_free(&p->demand);
}

void stage_spec_init(stage_spec *st)
{
    memset(st, 0, sizeof *st);
    snprintf(st->name, sizeof st->name, "stage");
    st->machines = 1;
    dist_constant(&st->process_time, 1.0, NULL, 0);
    dist_constant(&st->setup_time, 0.0, NULL, 0);
    st->maintenance.mtbf_factor = 1.0;
    st->cards = NAN;
}

void stage_spec_free(stage_spec *st)
{
    dist_free(&st->process_time);
    dist_free(&st->setup_time);
    for (int p = 0; p < LINE_PRODUCTS_MAX; p++) {
        if (st->product_process_given[p])
            dist_free(&st->product_process[p]);
        for (int q = 0; q < LINE_PRODUCTS_MAX; q++)
            if (st->setup_pair_given[p][q])
                dist_free(&st->setup_pair[p][q]);
    }
    if (st->breakdown.enabled) {
        dist_free(&st->breakdown.time_between);
        dist_free(&st->breakdown.repair);
    }
    if (st->maintenance.enabled)
        dist_free(&st->maintenance.duration);
    memset(st, 0, sizeof *st);
}

void line_spec_init(line_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->raw.supplier = -1;
    spec->raw.s = spec->raw.S = NAN;
    spec->raw.unit_cost = NAN;
    spec->raw.initial = NAN;
}

void line_spec_free(line_spec *spec)
{
    for (size_t p = 0; p < spec->n_products; p++)
        product_spec_free(&spec->products[p]);
    for (size_t k = 0; k < spec->n_stages; k++)
        stage_spec_free(&spec->stages[k]);
    line_spec_init(spec);
}

static int copy_stage(stage_spec *dst, const stage_spec *src)
{
    memcpy(dst, src, sizeof *dst);
    /* Deep-copy every owned distribution; on failure free what was made. */
    int ok = dist_copy(&dst->process_time, &src->process_time) == 0;
    ok = ok && dist_copy(&dst->setup_time, &src->setup_time) == 0;
    for (int p = 0; ok && p < LINE_PRODUCTS_MAX; p++) {
        if (src->product_process_given[p])
            ok = dist_copy(&dst->product_process[p],
                           &src->product_process[p]) == 0;
        for (int q = 0; ok && q < LINE_PRODUCTS_MAX; q++)
            if (src->setup_pair_given[p][q])
                ok = dist_copy(&dst->setup_pair[p][q],
                               &src->setup_pair[p][q]) == 0;
    }
    if (ok && src->breakdown.enabled)
        ok = dist_copy(&dst->breakdown.time_between,
                       &src->breakdown.time_between) == 0 &&
             dist_copy(&dst->breakdown.repair, &src->breakdown.repair) == 0;
    if (ok && src->maintenance.enabled)
        ok = dist_copy(&dst->maintenance.duration,
                       &src->maintenance.duration) == 0;
    return ok ? 0 : -1;
}

int line_spec_copy(line_spec *dst, const line_spec *src)
{
    line_spec_init(dst);
    dst->raw = src->raw;
    dst->sequence_len = src->sequence_len;
    memcpy(dst->sequence, src->sequence, sizeof dst->sequence);
    for (size_t p = 0; p < src->n_products; p++) {
        product_spec *d = &dst->products[p];
        memcpy(d, &src->products[p], sizeof *d);
        if (demand_spec_copy(&d->demand, &src->products[p].demand) != 0) {
            line_spec_free(dst);
            return -1;
        }
        dst->n_products = p + 1;
    }
    for (size_t k = 0; k < src->n_stages; k++) {
        if (copy_stage(&dst->stages[k], &src->stages[k]) != 0) {
            line_spec_free(dst);
            return -1;
        }
        dst->n_stages = k + 1;
    }
    return 0;
}

/* ---- checks ---------------------------------------------------------- */

static int valid_name(const char *name)
{
    if (!name[0])
        return 0;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
            return 0;
    return 1;
}

int line_spec_check(const line_spec *spec, size_t n_suppliers, char *err,
                    size_t errlen)
{
    char why[300];
    if (spec->n_stages == 0 || spec->n_stages > LINE_STAGES_MAX) {
        snprintf(err, errlen, "a line needs 1 to %d stages, got %zu",
                 LINE_STAGES_MAX, spec->n_stages);
        return -1;
    }
    if (spec->n_products > LINE_PRODUCTS_MAX) {
        snprintf(err, errlen, "a line makes at most %d products, got %zu",
                 LINE_PRODUCTS_MAX, spec->n_products);
        return -1;
    }
    for (size_t p = 0; p < spec->n_products; p++) {
        const product_spec *ps = &spec->products[p];
        if (!valid_name(ps->name)) {
            snprintf(err, errlen, "product %zu: a name of letters, digits, _ "
                                  "and - is expected",
                     p + 1);
            return -1;
        }
        for (size_t q = 0; q < p; q++)
            if (strcmp(spec->products[q].name, ps->name) == 0) {
                snprintf(err, errlen, "two products are named %s; names must "
                                      "be unique",
                         ps->name);
                return -1;
            }
        if (item_spec_check(&ps->item, why, sizeof why) ||
            demand_spec_check(&ps->demand, why, sizeof why)) {
            snprintf(err, errlen, "product %s: %s", ps->name, why);
            return -1;
        }
        if (!isnan(ps->initial) &&
            !(ps->initial >= 0.0 && ps->initial == floor(ps->initial) &&
              ps->initial < 1e12)) {
            snprintf(err, errlen, "product %s: initial must be a whole "
                                  "number >= 0, got %g",
                     ps->name, ps->initial);
            return -1;
        }
    }
    for (size_t k = 0; k < spec->n_stages; k++) {
        const stage_spec *st = &spec->stages[k];
        if (!valid_name(st->name)) {
            snprintf(err, errlen, "stage %zu: a name of letters, digits, _ "
                                  "and - is expected",
                     k + 1);
            return -1;
        }
        for (size_t j = 0; j < k; j++)
            if (strcmp(spec->stages[j].name, st->name) == 0) {
                snprintf(err, errlen, "two stages are named %s; names must be "
                                      "unique",
                         st->name);
                return -1;
            }
        /* Their columns would share names ("A.throughput"). */
        for (size_t p = 0; p < spec->n_products; p++)
            if (strcmp(spec->products[p].name, st->name) == 0) {
                snprintf(err, errlen, "a stage and a product are both named "
                                      "%s; names must differ",
                         st->name);
                return -1;
            }
    /* The message goes to its own buffer: `why` may be an argument. */
#define STAGE_FAIL(...)                                                       \
    do {                                                                      \
        char message[400];                                                    \
        snprintf(message, sizeof message, __VA_ARGS__);                       \
        snprintf(err, errlen, "stage %s: %s", st->name, message);             \
        return -1;                                                            \
    } while (0)
        if (st->machines < 1 || st->machines > 10000)
            STAGE_FAIL("machines must be a whole number in [1, 10000], got %d",
                       st->machines);
        if (dist_check_nonnegative(&st->process_time, why, sizeof why) ||
            dist_check_nonnegative(&st->setup_time, why, sizeof why))
            STAGE_FAIL("%s", why);
        if (!(st->defect_rate >= 0.0 && st->defect_rate < 1.0))
            STAGE_FAIL("defect_rate must be in [0, 1), got %g",
                       st->defect_rate);
        if (!(st->setup_cost >= 0.0 && isfinite(st->setup_cost)))
            STAGE_FAIL("setup_cost must be >= 0, got %g", st->setup_cost);
        if (!isnan(st->cards) &&
            !(st->cards >= 1.0 && st->cards == floor(st->cards) &&
              st->cards <= 1e9))
            STAGE_FAIL("cards must be a whole number in [1, 1e9], got %g",
                       st->cards);
        if (st->breakdown.enabled) {
            if (dist_check_nonnegative(&st->breakdown.time_between, why,
                                       sizeof why) ||
                dist_check_nonnegative(&st->breakdown.repair, why,
                                       sizeof why))
                STAGE_FAIL("breakdowns: %s", why);
            if (!(dist_mean(&st->breakdown.time_between) > 0.0))
                STAGE_FAIL("breakdowns: the mean time between failures must "
                           "be > 0");
        }
        if (st->maintenance.enabled) {
            if (!(st->maintenance.every > 0.0 &&
                  isfinite(st->maintenance.every)))
                STAGE_FAIL("maintenance: every must be a time > 0, got %g",
                           st->maintenance.every);
            if (!(st->maintenance.mtbf_factor >= 1.0 &&
                  isfinite(st->maintenance.mtbf_factor)))
                STAGE_FAIL("maintenance: mtbf_factor must be >= 1, got %g",
                           st->maintenance.mtbf_factor);
            if (dist_check_nonnegative(&st->maintenance.duration, why,
                                       sizeof why))
                STAGE_FAIL("maintenance: %s", why);
        }
#undef STAGE_FAIL
    }
    const raw_spec *raw = &spec->raw;
    if (raw->supplier >= 0) {
        if ((size_t)raw->supplier >= n_suppliers) {
            snprintf(err, errlen, "raw: no such supplier");
            return -1;
        }
        if (!(raw->s >= 0.0 && raw->S > raw->s && isfinite(raw->S) &&
              raw->s == floor(raw->s) && raw->S == floor(raw->S))) {
            snprintf(err, errlen, "raw: whole s >= 0 and S > s are expected, "
                                  "got s %g and S %g",
                     raw->s, raw->S);
            return -1;
        }
    }
    size_t np = spec->n_products ? spec->n_products : 1;
    for (size_t i = 0; i < spec->sequence_len; i++)
        if (spec->sequence[i] >= np) {
            snprintf(err, errlen, "sequence: entry %zu names no product",
                     i + 1);
            return -1;
        }
    return 0;
}
