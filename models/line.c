/*
 * line.c - production lines (see line.h): the spec, its columns, and the
 * simulation of stages, buffers, stores and controls.
 */
#include "line.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

_Static_assert(METRIC_COUNT + LINE_METRIC_COUNT +
                       LINE_STAGES_MAX * STAGE_METRIC_COUNT +
                       LINE_PRODUCTS_MAX * PRODUCT_METRIC_COUNT <=
                   METRIC_COLUMNS_MAX,
               "a row must hold every column of the largest line");

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

void line_columns(const line_spec *spec, metric_columns *cols)
{
    metric_columns_base(cols);
    if (spec->n_stages == 0)
        return;
    char name[METRIC_NAME_MAX];
    for (int m = 0; m < LINE_METRIC_COUNT; m++)
        metric_columns_add(cols, line_metric_names[m], line_metric_units[m]);
    for (size_t k = 0; k < spec->n_stages; k++)
        for (int m = 0; m < STAGE_METRIC_COUNT; m++) {
            snprintf(name, sizeof name, "%s.%s", spec->stages[k].name,
                     stage_metric_names[m]);
            metric_columns_add(cols, name, stage_metric_units[m]);
        }
    if (spec->n_products >= 2)
        for (size_t p = 0; p < spec->n_products; p++)
            for (int m = 0; m < PRODUCT_METRIC_COUNT; m++) {
                snprintf(name, sizeof name, "%s.%s", spec->products[p].name,
                         product_metric_names[m]);
                metric_columns_add(cols, name, product_metric_units[m]);
            }
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

/* ======================================================================== */
/* The runtime.                                                             */
/* ======================================================================== */

#include <gsl/gsl_randist.h>

#include "sim/sample.h"
#include "sim/stream.h"
#include "sim/twavg.h"

typedef enum control {
    CONTROL_KANBAN,
    CONTROL_CONWIP,
    CONTROL_MRP,
    CONTROL_HEIJUNKA,
    CONTROL_CAMPAIGN
} control;

/* A unit on its way: when it was released to the line, when it entered its
 * current stage, when it entered the store it sits in. */
typedef struct unit {
    double released;
    double entered;
    double stored;
    int product;
} unit;

/* A first-in first-out ring of units that grows by doubling; its
 * capacity is a power of two, so positions wrap with a mask. */
typedef struct unit_ring {
    unit *u;
    size_t cap, head, n;
} unit_ring;

/* Appends a unit, given field by field: building a unit on the stack and
 * copying it costs a store-forwarding stall on every append. */
static int ring_put(unit_ring *r, double released, double entered,
                    double stored, int product)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        unit *grown = malloc(cap * sizeof *grown);
        if (!grown)
            return -1;
        for (size_t i = 0; i < r->n; i++)
            grown[i] = r->u[(r->head + i) & (r->cap - 1)];
        free(r->u);
        r->u = grown;
        r->cap = cap;
        r->head = 0;
    }
    unit *slot = &r->u[(r->head + r->n) & (r->cap - 1)];
    slot->released = released;
    slot->entered = entered;
    slot->stored = stored;
    slot->product = product;
    r->n++;
    return 0;
}

static int ring_push(unit_ring *r, const unit *x)
{
    return ring_put(r, x->released, x->entered, x->stored, x->product);
}

static unit ring_pop(unit_ring *r)
{
    unit x = r->u[r->head];
    r->head = (r->head + 1) & (r->cap - 1);
    r->n--;
    return x;
}

static const unit *ring_head(const unit_ring *r)
{
    return &r->u[r->head];
}

enum machine_state {
    M_IDLE,
    M_SETUP,
    M_BUSY,
    M_DOWN,
    M_MAINTENANCE
};

/* What a stage's machine time is spent on; the first four are machine
 * states, the last three classify idle machines. */
enum time_use {
    USE_BUSY,
    USE_SETUP,
    USE_DOWN,
    USE_MAINTENANCE,
    USE_STARVED,
    USE_BLOCKED,
    USE_IDLE,
    USE_COUNT
};

/* A stage's levels over time, integrated together: a stage changes
 * several at one instant (a unit leaves, a machine goes idle, the next
 * unit starts), so one step of the clock serves them all. */
enum level {
    LEVEL_WIP,
    LEVEL_BUFFER,
    LEVEL_USE, /* then one per time use */
    LEVEL_COUNT = LEVEL_USE + USE_COUNT
};

typedef struct levels {
    double t_start, t_last;
    double level[LEVEL_COUNT];
    double area[LEVEL_COUNT];
} levels;

static void levels_advance(levels *lv, double t)
{
    double dt = t - lv->t_last;
    if (dt > 0.0) {
        for (int i = 0; i < LEVEL_COUNT; i++)
            lv->area[i] += lv->level[i] * dt;
        lv->t_last = t;
    }
}

static void levels_set(levels *lv, double t, int which, double value)
{
    levels_advance(lv, t);
    lv->level[which] = value;
}

/* Starts the window at t: the areas restart, the levels are kept. */
static void levels_reset(levels *lv, double t)
{
    levels_advance(lv, t);
    lv->t_start = lv->t_last = t;
    memset(lv->area, 0, sizeof lv->area);
}

static double levels_mean(levels *lv, double t, int which)
{
    levels_advance(lv, t);
    double span = lv->t_last - lv->t_start;
    return span > 0.0 ? lv->area[which] / span : lv->level[which];
}

typedef struct machine {
    int state;
    int resume;          /* state to resume after a repair */
    int last_product;    /* -1: none yet */
    int failing;         /* the pending phase event is a failure */
    int fail_after_pm;   /* a clock failure fell during maintenance */
    int held;            /* stopped by a disruption of its stage */
    unit job;
    double left;         /* time left in the current setup or process */
    double process;      /* the job's process time (drawn at its start) */
    double phase_start;
    double to_failure;   /* operating time left before the next failure */
    double since_pm;     /* operating time since the last maintenance */
    sim_event phase;     /* end of setup, process, repair or maintenance */
    sim_event failure;   /* clock failures */
} machine;

typedef struct stage_run {
    const stage_spec *spec;
    const dist *process[LINE_PRODUCTS_MAX];
    const dist *setup[LINE_PRODUCTS_MAX][LINE_PRODUCTS_MAX]; /* NULL: none */
    machine *machines;
    gsl_rng *process_rng, *setup_rng, *failure_rng, *quality_rng, *pm_rng;
    /* Kanban cards waiting at the stage, per product: the ones present at
     * the start (oldest) and then a ring of their return times. */
    double cards_initial[LINE_PRODUCTS_MAX];
    unit_ring cards[LINE_PRODUCTS_MAX];
    double pending;           /* all cards waiting */
    double consumed[LINE_PRODUCTS_MAX]; /* withdrawn from the container */
    double loop_cards[LINE_PRODUCTS_MAX];
    unit_ring rework;
    /* Its output store (the FG store for the last stage holds counts in
     * the product runs instead). */
    unit_ring out[LINE_PRODUCTS_MAX];
    double out_total;
    int in_stage;             /* units at the stage (queued or in work) */
    int stops;                /* disruptions stopping it now */
    int in_state[5];          /* machines per machine_state, now */
    int uses[USE_COUNT];      /* machines per time use, now */
    levels lv;                /* wip, buffer and the time uses */
    double lead_time;         /* planning estimate */
    /* Window counts. */
    double flow_sum, departures, good, setups, scrapped,
        reworked;
} stage_run;

typedef struct waiting_order {
    double arrival;
    double remaining;
    int observed;
} waiting_order;

typedef struct product_run {
    struct prodline *line;
    int index;
    const product_spec *spec;
    demand_process demand;
    gsl_rng *demand_rng;
    double on_hand;       /* finished */
    double in_line;       /* released, not yet finished */
    double backorders;
    waiting_order *waiting;
    size_t waiting_cap, waiting_head, waiting_n;
    twavg fg, wip, owed;
    sample lead_time;     /* customer */
    double share;         /* of total demand */
    double rate;          /* mean demand per time unit */
    double cap;           /* heijunka/campaign: cap on in line + on hand */
    double conwip_cards;
    double initial;
    double safety_stock;  /* mrp */
    double forecast;      /* mrp: units per period */
    double history[64];   /* mrp moving average */
    size_t n_history;
    double period_demand;
    double h;             /* holding cost per unit per time */
    /* Window counts. */
    double demanded, orders, filled, stockout_orders, short_units, lost,
        shipped, finished, scrapped;
} product_run;

struct prodline {
    const line_spec *spec;
    const policy_spec *policy;
    line_env env;
    const policy_params *params;
    control control;
    size_t n_products, n_stages;
    product_spec single; /* the product when the spec lists none */
    stage_run stages[LINE_STAGES_MAX];
    product_run products[LINE_PRODUCTS_MAX];
    sim *s;
    supplier *suppliers;
    order_pool *orders;
    /* Releases waiting for the first stage (push controls). */
    unit_ring releases;
    /* The repeating release sequence (heijunka, campaign). */
    int *sequence;
    size_t sequence_len, sequence_at;
    double pitch;
    double mrp_period, lot;
    /* Raw material. */
    int raw_unlimited;
    double raw_on_hand, raw_on_order;
    twavg raw_level, raw_pipeline;
    double raw_h, raw_price;
    gsl_rng *raw_quality_rng;
    /* The line. */
    twavg line_wip;
    double wip_now;
    sample line_lead;
    sample customer_lead; /* every product's customers */
    int observing;
    double window_start;
    double raw_orders, raw_units, raw_received_time, raw_receipts,
        raw_ordering, raw_transport, raw_purchase, raw_rejected;
    size_t n_buckets;
    double *bucket_demand, *bucket_release;
    line_level_fn level_fn;
    void *level_ctx;
    line_stage_fn stage_fn;
    void *stage_ctx;
    line_trace_fn trace_fn;
    void *trace_ctx;
    double stage_wip_now[LINE_STAGES_MAX];
    int failed; /* out of memory during the run */
};

static const product_spec *line_product(const prodline *l, size_t p)
{
    return l->spec->n_products ? &l->spec->products[p] : &l->single;
}

/* ---- checking and planning ------------------------------------------ */

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

static double availability(const stage_spec *st)
{
    double a = 1.0;
    if (st->breakdown.enabled) {
        double up = dist_mean(&st->breakdown.time_between);
        if (st->maintenance.enabled)
            up *= st->maintenance.mtbf_factor;
        double down = dist_mean(&st->breakdown.repair);
        a = up / (up + down);
    }
    if (st->maintenance.enabled)
        a *= st->maintenance.every /
             (st->maintenance.every + dist_mean(&st->maintenance.duration));
    return a;
}

/* The mean time a unit spends at a stage of `machines` servers, each
 * taking `service` per unit, fed at `rate`: Sakasegawa's approximation of
 * the M/M/c wait plus the service. An overloaded stage is given ten times
 * its service time, a figure the plan can still use. */
static double stage_sojourn(double service, double rate, int machines)
{
    double c = (double)machines;
    double rho = rate * service / c;
    if (!(rho < 0.98))
        return 10.0 * service;
    double wait = service * pow(rho, sqrt(2.0 * (c + 1.0)) - 1.0) /
                  (c * (1.0 - rho));
    return service + wait;
}

double prodline_stage_lead_time(const prodline *l, size_t k)
{
    return l->stages[k].lead_time;
}

double prodline_lead_time(const prodline *l)
{
    double sum = 0.0;
    for (size_t k = 0; k < l->n_stages; k++)
        sum += l->stages[k].lead_time;
    return sum;
}

/* A leveled sequence from the demand shares: the smallest repeating cycle
 * whose counts are proportional to demand within a tolerance, spread by
 * always releasing the product furthest behind its share (goal chasing). */
static size_t level_sequence(const double *share, size_t np, int *out,
                             size_t max)
{
    size_t len = np;
    int counts[LINE_PRODUCTS_MAX];
    for (size_t n = np; n <= max; n++) {
        double worst = 0.0;
        size_t total = 0;
        for (size_t p = 0; p < np; p++) {
            double c = floor(share[p] * (double)n + 0.5);
            if (c < 1.0)
                c = 1.0;
            counts[p] = (int)c;
            total += (size_t)c;
        }
        if (total != n)
            continue;
        for (size_t p = 0; p < np; p++) {
            double e = fabs((double)counts[p] / (double)n - share[p]) /
                       share[p];
            if (e > worst)
                worst = e;
        }
        len = n;
        if (worst <= 0.05)
            break;
    }
    if (len > max)
        len = max;
    double behind[LINE_PRODUCTS_MAX] = {0};
    int used[LINE_PRODUCTS_MAX] = {0};
    double total = 0.0;
    for (size_t p = 0; p < np; p++)
        total += counts[p];
    for (size_t i = 0; i < len; i++) {
        size_t best = 0;
        double best_gap = -1e300;
        for (size_t p = 0; p < np; p++) {
            behind[p] += counts[p] / total;
            if (used[p] < counts[p] && behind[p] > best_gap) {
                best_gap = behind[p];
                best = p;
            }
        }
        behind[best] -= 1.0;
        used[best]++;
        out[i] = (int)best;
    }
    return len;
}

/* Units that are made one record each at one instant (a buffer's start,
 * a release): a bound that keeps a mistyped number from exhausting
 * memory. */
#define LINE_UNITS_MAX 1e7

static const char *control_names[] = {"kanban", "conwip", "mrp", "heijunka",
                                      "campaign"};

static int resolve_control(prodline *l, policy_params *p, char *err,
                           size_t errlen)
{
    double d_total = 0.0;
    for (size_t i = 0; i < l->n_products; i++)
        d_total += l->products[i].rate;
    double lead = prodline_lead_time(l);
    char why[300];
#define CHECK(param, lo, hi, whole)                                          \
    if (policy_check_range(p, param, lo, hi, whole, why, sizeof why)) {      \
        snprintf(err, errlen, "%s", why);                                    \
        return -1;                                                           \
    }
    switch (l->control) {
    case CONTROL_KANBAN:
        if (!policy_param_given(p, PARAM_CONTAINER))
            policy_param_set(p, PARAM_CONTAINER, 1.0);
        CHECK(PARAM_CONTAINER, 1.0, LINE_UNITS_MAX, 1);
        if (!policy_param_given(p, PARAM_SAFETY))
            policy_param_set(p, PARAM_SAFETY, 0.1);
        CHECK(PARAM_SAFETY, 0.0, 100.0, 0);
        if (policy_param_given(p, PARAM_CARDS)) {
            CHECK(PARAM_CARDS, 1.0, 1e9, 1);
        } else {
            /* The Toyota formula on the slowest loop, as a reported
             * figure; each loop computes its own below. */
            double worst = 0.0;
            for (size_t k = 0; k < l->n_stages; k++)
                if (l->stages[k].lead_time > worst)
                    worst = l->stages[k].lead_time;
            double n = ceil(d_total * worst * (1.0 + p->value[PARAM_SAFETY]) /
                                p->value[PARAM_CONTAINER] -
                            1e-9);
            policy_param_set(p, PARAM_CARDS, n < 1.0 ? 1.0 : n);
        }
        break;
    case CONTROL_CONWIP:
        if (!policy_param_given(p, PARAM_SAFETY))
            policy_param_set(p, PARAM_SAFETY, 0.5);
        CHECK(PARAM_SAFETY, 0.0, 100.0, 0);
        if (!policy_param_given(p, PARAM_WIP)) {
            double n = ceil(d_total * lead * (1.0 + p->value[PARAM_SAFETY]) -
                            1e-9);
            policy_param_set(p, PARAM_WIP,
                             n < (double)l->n_products ? (double)l->n_products
                                                       : n);
        }
        CHECK(PARAM_WIP, (double)l->n_products, 1e9, 1);
        break;
    case CONTROL_MRP:
        if (!policy_param_given(p, PARAM_PERIOD))
            policy_param_set(p, PARAM_PERIOD, 1.0);
        CHECK(PARAM_PERIOD, 1e-9, 1e12, 0);
        if (!policy_param_given(p, PARAM_Q))
            policy_param_set(p, PARAM_Q, 1.0);
        CHECK(PARAM_Q, 1.0, LINE_UNITS_MAX, 1);
        if (!policy_param_given(p, PARAM_FORECAST))
            policy_param_set(p, PARAM_FORECAST,
                             policy_param_given(p, PARAM_ALPHA) ? 1.0 : 0.0);
        CHECK(PARAM_FORECAST, 0.0, 1.0, 1);
        if (!policy_param_given(p, PARAM_ALPHA))
            policy_param_set(p, PARAM_ALPHA, 0.2);
        CHECK(PARAM_ALPHA, 1e-9, 1.0, 0);
        if (!policy_param_given(p, PARAM_WINDOW))
            policy_param_set(p, PARAM_WINDOW, 4.0);
        CHECK(PARAM_WINDOW, 1.0, 64.0, 1);
        if (policy_resolve_service_level(p, why, sizeof why)) {
            snprintf(err, errlen, "%s", why);
            return -1;
        }
        if (policy_param_given(p, PARAM_SAFETY_STOCK)) {
            CHECK(PARAM_SAFETY_STOCK, 0.0, 1e12, 1);
        } else {
            /* Reported as the total; each product gets z sd of its own
             * demand over L + P. */
            double span = lead + p->value[PARAM_PERIOD];
            double total = 0.0;
            for (size_t i = 0; i < l->n_products; i++)
                total += ceil(policy_z(p->value[PARAM_SERVICE_LEVEL]) *
                                  sqrt(demand_variance_rate(
                                           &l->products[i].spec->demand) *
                                       span) -
                              1e-9);
            policy_param_set(p, PARAM_SAFETY_STOCK, total);
        }
        break;
    case CONTROL_HEIJUNKA:
    case CONTROL_CAMPAIGN:
        if (!policy_param_given(p, PARAM_SAFETY))
            policy_param_set(p, PARAM_SAFETY, 0.1);
        CHECK(PARAM_SAFETY, 0.0, 100.0, 0);
        if (!policy_param_given(p, PARAM_PITCH))
            policy_param_set(p, PARAM_PITCH,
                             1.0 / (d_total * (1.0 + p->value[PARAM_SAFETY])));
        CHECK(PARAM_PITCH, 1e-12, 1e12, 0);
        if (l->control == CONTROL_CAMPAIGN) {
            if (!policy_param_given(p, PARAM_BATCH))
                policy_param_set(p, PARAM_BATCH, 10.0);
            CHECK(PARAM_BATCH, 1.0, 1e6, 1);
        }
        break;
    }
#undef CHECK
    return 0;
}

/* Cards, caps and starting stock per product, once the parameters are
 * known. */
static int plan(prodline *l, char *err, size_t errlen)
{
    const policy_params *p = l->params;
    double lead = prodline_lead_time(l);
    size_t np = l->n_products;
    for (size_t i = 0; i < np; i++) {
        product_run *pr = &l->products[i];
        pr->initial = pr->spec->initial;
    }
    switch (l->control) {
    case CONTROL_KANBAN: {
        double c = p->value[PARAM_CONTAINER];
        double safety = p->value[PARAM_SAFETY];
        for (size_t k = 0; k < l->n_stages; k++) {
            stage_run *st = &l->stages[k];
            double total;
            if (!isnan(st->spec->cards))
                total = st->spec->cards;
            else if (policy_param_given(&l->policy->params, PARAM_CARDS))
                total = p->value[PARAM_CARDS];
            else
                total = -1.0; /* per product, from the formula */
            for (size_t i = 0; i < np; i++) {
                double n;
                if (total < 0.0)
                    n = ceil(l->products[i].rate * st->lead_time *
                                 (1.0 + safety) / c -
                             1e-9);
                else
                    n = np == 1 ? total
                                : floor(total * l->products[i].share + 0.5);
                st->loop_cards[i] = n < 1.0 ? 1.0 : n;
                /* A buffer starts full, unit by unit; the finished store
                 * is a count and may start with any number. */
                if (k + 1 < l->n_stages &&
                    st->loop_cards[i] * c > LINE_UNITS_MAX) {
                    snprintf(err, errlen, "stage %s: %g cards of %g units "
                                          "would start %g units in its "
                                          "buffer; at most %g expected",
                             st->spec->name, st->loop_cards[i], c,
                             st->loop_cards[i] * c, LINE_UNITS_MAX);
                    return -1;
                }
            }
        }
        break;
    }
    case CONTROL_CONWIP: {
        /* The cap shared by demand; every product keeps a card. */
        double w = p->value[PARAM_WIP];
        for (size_t i = 0; i < np; i++) {
            double n = np == 1 ? w : floor(w * l->products[i].share + 0.5);
            l->products[i].conwip_cards = n < 1.0 ? 1.0 : n;
            /* Cards not on finished units start as releases, unit by
             * unit. */
            double released = l->products[i].conwip_cards -
                              (isnan(l->products[i].initial)
                                   ? l->products[i].conwip_cards
                                   : l->products[i].initial);
            if (released > LINE_UNITS_MAX) {
                snprintf(err, errlen, "%g cards with %g finished units at "
                                      "the start would release %g units at "
                                      "once; at most %g expected",
                         l->products[i].conwip_cards,
                         l->products[i].initial, released, LINE_UNITS_MAX);
                return -1;
            }
        }
        break;
    }
    case CONTROL_MRP: {
        double span = lead + p->value[PARAM_PERIOD];
        for (size_t i = 0; i < np; i++) {
            product_run *pr = &l->products[i];
            if (policy_param_given(&l->policy->params, PARAM_SAFETY_STOCK))
                pr->safety_stock =
                    np == 1 ? p->value[PARAM_SAFETY_STOCK]
                            : floor(p->value[PARAM_SAFETY_STOCK] * pr->share +
                                    0.5);
            else
                pr->safety_stock =
                    ceil(policy_z(p->value[PARAM_SERVICE_LEVEL]) *
                             sqrt(demand_variance_rate(&pr->spec->demand) *
                                  span) -
                         1e-9);
        }
        break;
    }
    case CONTROL_HEIJUNKA:
    case CONTROL_CAMPAIGN: {
        int level[LINE_SEQUENCE_MAX];
        size_t len;
        if (l->spec->sequence_len) {
            len = l->spec->sequence_len;
            for (size_t i = 0; i < len; i++)
                level[i] = l->spec->sequence[i];
        } else {
            double share[LINE_PRODUCTS_MAX];
            for (size_t i = 0; i < np; i++)
                share[i] = l->products[i].share;
            len = level_sequence(share, np, level, 64);
        }
        size_t reps = l->control == CONTROL_CAMPAIGN
                          ? (size_t)p->value[PARAM_BATCH]
                          : 1;
        l->sequence_len = len * reps;
        l->sequence = malloc(l->sequence_len * sizeof *l->sequence);
        if (!l->sequence) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        if (l->control == CONTROL_HEIJUNKA) {
            memcpy(l->sequence, level, len * sizeof *level);
        } else {
            /* Each product's slots of `batch` cycles, in one block, in the
             * order products first appear. */
            size_t at = 0;
            int seen[LINE_PRODUCTS_MAX] = {0};
            for (size_t i = 0; i < len; i++) {
                int prod = level[i];
                if (seen[prod])
                    continue;
                seen[prod] = 1;
                size_t count = 0;
                for (size_t j = 0; j < len; j++)
                    count += level[j] == prod;
                for (size_t j = 0; j < count * reps; j++)
                    l->sequence[at++] = prod;
            }
        }
        l->pitch = p->value[PARAM_PITCH];
        double safety = p->value[PARAM_SAFETY];
        /* A product's slots are a server of rate slots / cycle facing its
         * demand: as a make-to-stock queue, a cap of N serves a fraction
         * 1 - rho^N of customers from stock, so N is the least with
         * rho^N <= 5%. Campaigns come in bursts, so their cap is also at
         * least a cycle's demand with two standard deviations. Both add
         * the demand over the line's lead time and a cycle's own slots. */
        double cycle = (double)l->sequence_len * l->pitch;
        for (size_t i = 0; i < np; i++) {
            product_run *pr = &l->products[i];
            double slots = 0.0;
            for (size_t j = 0; j < l->sequence_len; j++)
                slots += l->sequence[j] == (int)i;
            double rho = slots > 0.0 ? pr->rate * cycle / slots : INFINITY;
            double queue = rho < 1.0 ? ceil(log(0.05) / log(rho) - 1e-9)
                                     : 10.0 * pr->rate * cycle;
            double burst = ceil(pr->rate * cycle * (1.0 + safety) +
                                2.0 * sqrt(pr->rate * cycle) - 1e-9);
            if (l->control == CONTROL_CAMPAIGN && burst > queue)
                queue = burst;
            double cover = queue + ceil(pr->rate * lead - 1e-9);
            if (policy_param_given(&l->policy->params, PARAM_CARDS))
                pr->cap = np == 1 ? p->value[PARAM_CARDS]
                                  : floor(p->value[PARAM_CARDS] * pr->share +
                                          0.5);
            else
                pr->cap = cover + slots;
            if (pr->cap < 1.0)
                pr->cap = 1.0;
            if (isnan(pr->initial))
                pr->initial = fmin(pr->cap, cover + slots);
        }
        break;
    }
    }
    if (l->control == CONTROL_MRP) {
        l->mrp_period = p->value[PARAM_PERIOD];
        l->lot = p->value[PARAM_Q];
    }
    return 0;
}

static void stage_free(stage_run *st)
{
    free(st->machines);
    gsl_rng *rngs[] = {st->process_rng, st->setup_rng, st->failure_rng,
                       st->quality_rng, st->pm_rng};
    for (size_t i = 0; i < sizeof rngs / sizeof rngs[0]; i++)
        if (rngs[i])
            gsl_rng_free(rngs[i]);
    for (int p = 0; p < LINE_PRODUCTS_MAX; p++) {
        free(st->cards[p].u);
        free(st->out[p].u);
    }
    free(st->rework.u);
}

void prodline_destroy(prodline *l)
{
    if (!l)
        return;
    for (size_t k = 0; k < l->n_stages; k++)
        stage_free(&l->stages[k]);
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        if (pr->demand_rng)
            gsl_rng_free(pr->demand_rng);
        free(pr->waiting);
        sample_fini(&pr->lead_time);
    }
    if (l->raw_quality_rng)
        gsl_rng_free(l->raw_quality_rng);
    free(l->releases.u);
    free(l->sequence);
    free(l->bucket_demand);
    free(l->bucket_release);
    sample_fini(&l->line_lead);
    sample_fini(&l->customer_lead);
    free(l);
}

prodline *prodline_create(const line_spec *spec, const policy_spec *policy,
                          const line_env *env, policy_params *effective,
                          char *err, size_t errlen)
{
    if (line_spec_check(spec, env->n_suppliers, err, errlen))
        return NULL;
    const policy_type *type = policy->type;
    if (!type || !type->line_accepted) {
        snprintf(err, errlen, "policy %s: %s cannot control a line; expected "
                              "kanban, conwip, mrp, heijunka or campaign",
                 policy->name, type ? type->name : "(none)");
        return NULL;
    }
    for (int i = 0; i < PARAM_COUNT; i++)
        if (policy->params.state[i] != PARAM_UNSET &&
            !(type->line_accepted & (1u << i))) {
            snprintf(err, errlen, "policy %s: %s does not take %s when it "
                                  "controls a line",
                     policy->name, type->name,
                     policy_param_name((policy_param)i));
            return NULL;
        }
    control c = CONTROL_KANBAN;
    for (size_t i = 0; i < sizeof control_names / sizeof control_names[0];
         i++)
        if (strcmp(type->name, control_names[i]) == 0)
            c = (control)i;
    if (spec->sequence_len && c != CONTROL_HEIJUNKA &&
        c != CONTROL_CAMPAIGN) {
        snprintf(err, errlen, "policy %s: only heijunka and campaign take a "
                              "sequence",
                 policy->name);
        return NULL;
    }
    prodline *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    l->spec = spec;
    l->policy = policy;
    l->env = *env;
    l->control = c;
    l->params = effective;
    *effective = policy->params;
    l->n_stages = spec->n_stages;
    l->n_products = spec->n_products ? spec->n_products : 1;
    if (!spec->n_products) {
        /* A shallow copy: the world owns the item and demand. */
        snprintf(l->single.name, sizeof l->single.name, "product");
        l->single.item = *env->item;
        l->single.demand = *env->demand;
        l->single.initial = NAN;
    }
    double d_total = 0.0;
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        pr->line = l;
        pr->index = (int)i;
        pr->spec = line_product(l, i);
        pr->rate = demand_mean_rate(&pr->spec->demand);
        d_total += pr->rate;
        pr->h = item_holding_cost(&pr->spec->item, env->time_units_per_year);
        sample_init(&pr->lead_time);
    }
    for (size_t i = 0; i < l->n_products; i++)
        l->products[i].share = l->products[i].rate / d_total;
    sample_init(&l->line_lead);
    sample_init(&l->customer_lead);
    for (size_t k = 0; k < l->n_stages; k++) {
        stage_run *st = &l->stages[k];
        const stage_spec *ss = &spec->stages[k];
        st->spec = ss;
        int setup_possible = !(ss->setup_time.kind == DIST_CONSTANT &&
                               ss->setup_time.a == 0.0);
        double mean_process = 0.0, mean_setup = 0.0;
        for (size_t i = 0; i < l->n_products; i++) {
            st->process[i] = ss->product_process_given[i]
                                 ? &ss->product_process[i]
                                 : &ss->process_time;
            mean_process += l->products[i].share * dist_mean(st->process[i]);
            for (size_t j = 0; j < l->n_products; j++) {
                const dist *d = ss->setup_pair_given[i][j]
                                    ? &ss->setup_pair[i][j]
                                    : setup_possible ? &ss->setup_time
                                                     : NULL;
                st->setup[i][j] = i == j ? NULL : d;
                /* A change happens about (1 - share of the same) of the
                 * time under a random mix. */
                if (st->setup[i][j])
                    mean_setup += l->products[i].share *
                                  l->products[j].share * dist_mean(d);
            }
        }
        st->lead_time = stage_sojourn(mean_process / availability(ss) +
                                          mean_setup,
                                      d_total, ss->machines);
        st->machines = calloc((size_t)ss->machines, sizeof *st->machines);
        if (!st->machines) {
            snprintf(err, errlen, "out of memory");
            prodline_destroy(l);
            return NULL;
        }
    }
    char why[300];
    if (resolve_control(l, effective, why, sizeof why) ||
        plan(l, why, sizeof why)) {
        snprintf(err, errlen, "policy %s (%s): %s", policy->name, type->name,
                 why);
        prodline_destroy(l);
        return NULL;
    }
    const raw_spec *raw = &spec->raw;
    l->raw_unlimited = raw->supplier < 0;
    if (!l->raw_unlimited) {
        const supplier_spec *sup = &env->supplier_specs[raw->supplier];
        /* Like a stock point's supplier, raw material without a price of
         * its own is bought at the value of a unit. */
        l->raw_price = !isnan(sup->unit_price) ? sup->unit_price
                       : !isnan(raw->unit_cost) ? raw->unit_cost
                                                : 0.0;
        double value = isnan(raw->unit_cost) ? l->raw_price : raw->unit_cost;
        item_spec valued = *env->item;
        valued.unit_cost = value;
        l->raw_h = isnan(env->item->holding_cost)
                       ? item_holding_cost(&valued, env->time_units_per_year)
                       : 0.0;
    }
    double window = env->horizon - env->warmup;
    l->n_buckets = (size_t)ceil(window / env->bullwhip_period - 1e-9);
    if (l->n_buckets < 1)
        l->n_buckets = 1;
    if (l->n_buckets > 10000000)
        l->n_buckets = 10000000;
    l->bucket_demand = calloc(l->n_buckets, sizeof *l->bucket_demand);
    l->bucket_release = calloc(l->n_buckets, sizeof *l->bucket_release);
    if (!l->bucket_demand || !l->bucket_release) {
        snprintf(err, errlen, "out of memory");
        prodline_destroy(l);
        return NULL;
    }
    return l;
}

/* ---- levels and accounting ------------------------------------------- */

static double now_of(const prodline *l)
{
    return sim_now(l->s);
}

static void report_levels(prodline *l)
{
    if (!l->level_fn)
        return;
    double on_hand = 0.0, owed = 0.0;
    for (size_t i = 0; i < l->n_products; i++) {
        on_hand += l->products[i].on_hand;
        owed += l->products[i].backorders;
    }
    l->level_fn(l->level_ctx, now_of(l), on_hand, owed, l->raw_on_order,
                l->wip_now);
}

static const char *const event_names[] = {
    [LINE_CUSTOMER_ORDER] = "customer_order",
    [LINE_SHORT] = "short",
    [LINE_RELEASE] = "release",
    [LINE_CARD] = "kanban_card",
    [LINE_SETUP] = "setup",
    [LINE_DONE] = "unit_done",
    [LINE_FINISHED] = "finished",
    [LINE_SCRAP] = "scrap",
    [LINE_REWORK] = "rework",
    [LINE_BREAKDOWN] = "breakdown",
    [LINE_REPAIRED] = "repaired",
    [LINE_MAINTENANCE] = "maintenance",
    [LINE_STOPPED] = "stopped",
    [LINE_RESTARTED] = "restarted",
    [LINE_RAW_ORDER] = "raw_order",
    [LINE_RAW_RECEIPT] = "raw_receipt",
};

const char *line_event_name(line_event event)
{
    return (unsigned)event < sizeof event_names / sizeof event_names[0]
               ? event_names[event]
               : "?";
}

static void trace_event(prodline *l, line_event event, int stage,
                        int product, double quantity)
{
    line_trace_state state = {0.0, 0.0, l->wip_now, l->raw_on_hand};
    if (product >= 0) {
        state.on_hand = l->products[product].on_hand;
        state.backorders = l->products[product].backorders;
    } else {
        for (size_t i = 0; i < l->n_products; i++) {
            state.on_hand += l->products[i].on_hand;
            state.backorders += l->products[i].backorders;
        }
    }
    l->trace_fn(l->trace_ctx, now_of(l), event, stage, product, quantity,
                &state);
}

#define TRACE(l, event, stage, product, quantity)                           \
    do {                                                                    \
        if ((l)->trace_fn)                                                  \
            trace_event(l, event, stage, product, quantity);                \
    } while (0)

static void stage_wip_add(prodline *l, size_t k, int delta)
{
    stage_run *st = &l->stages[k];
    st->in_stage += delta;
    levels_set(&st->lv, now_of(l), LEVEL_WIP, (double)st->in_stage);
    l->stage_wip_now[k] = (double)st->in_stage;
    if (l->stage_fn)
        l->stage_fn(l->stage_ctx, now_of(l), l->stage_wip_now, l->n_stages,
                    l->wip_now);
}

static void line_wip_add(prodline *l, product_run *pr, double delta)
{
    double t = now_of(l);
    l->wip_now += delta;
    twavg_set(&l->line_wip, t, l->wip_now);
    pr->in_line += delta;
    twavg_set(&pr->wip, t, pr->in_line);
    if (l->stage_fn)
        l->stage_fn(l->stage_ctx, t, l->stage_wip_now, l->n_stages,
                    l->wip_now);
}

static size_t bucket_of(const prodline *l)
{
    double b = (now_of(l) - l->window_start) / l->env.bullwhip_period;
    size_t i = b > 0.0 ? (size_t)b : 0;
    return i < l->n_buckets ? i : l->n_buckets - 1;
}

static int has_input(const prodline *l, size_t k)
{
    if (k == 0)
        return l->raw_unlimited || l->raw_on_hand >= 1.0;
    return l->stages[k - 1].out_total > 0.0;
}

static int authorised(const prodline *l, size_t k)
{
    if (l->control == CONTROL_KANBAN)
        return l->stages[k].pending > 0.0;
    if (k == 0)
        return l->releases.n > 0;
    return 1;
}

/* Re-reads what every machine of stage k is doing, after any change. */
static void stage_account(prodline *l, size_t k)
{
    stage_run *st = &l->stages[k];
    int counts[USE_COUNT] = {
        [USE_BUSY] = st->in_state[M_BUSY],
        [USE_SETUP] = st->in_state[M_SETUP],
        [USE_DOWN] = st->in_state[M_DOWN],
        [USE_MAINTENANCE] = st->in_state[M_MAINTENANCE],
    };
    int idle = st->in_state[M_IDLE];
    if (idle) {
        int rework = st->rework.n > 0;
        int allowed = rework || authorised(l, k);
        int input = rework || has_input(l, k);
        int use = allowed ? USE_STARVED : input ? USE_BLOCKED : USE_IDLE;
        counts[use] = idle;
    }
    double t = now_of(l);
    for (int u = 0; u < USE_COUNT; u++)
        if (counts[u] != st->uses[u]) {
            st->uses[u] = counts[u];
            levels_set(&st->lv, t, LEVEL_USE + u, (double)counts[u]);
        }
}

/* ---- raw material ------------------------------------------------------ */

static void raw_reorder(prodline *l)
{
    if (l->raw_unlimited)
        return;
    const raw_spec *raw = &l->spec->raw;
    double position = l->raw_on_hand + l->raw_on_order;
    if (position > raw->s)
        return;
    supplier *sup = &l->suppliers[raw->supplier];
    double quantity = raw->S - position;
    if (quantity < sup->spec->min_order)
        quantity = ceil(sup->spec->min_order - 1e-9);
    uint32_t index = order_pool_acquire(l->orders);
    if (index == ORDER_NONE) {
        l->failed = 1;
        return;
    }
    order *o = order_at(l->orders, index);
    o->supplier = (uint32_t)raw->supplier;
    o->quantity = quantity;
    o->placed = now_of(l);
    o->observed = l->observing;
    o->replenishes_reserve = 0;
    o->transit_factor = 1.0;
    l->raw_on_order += quantity;
    twavg_set(&l->raw_pipeline, now_of(l), l->raw_on_order);
    if (l->observing) {
        l->raw_orders += 1.0;
        l->raw_units += quantity;
        l->raw_ordering += sup->spec->order_cost;
        l->raw_purchase += quantity * l->raw_price;
    }
    TRACE(l, LINE_RAW_ORDER, -1, -1, quantity);
    supplier_place(sup, index);
}

static void take_raw(prodline *l)
{
    if (l->raw_unlimited)
        return;
    l->raw_on_hand -= 1.0;
    twavg_set(&l->raw_level, now_of(l), l->raw_on_hand);
    raw_reorder(l);
}

static void stage_dispatch(prodline *l, size_t k);

/* ---- controls -------------------------------------------------------- */

static void release(prodline *l, int product)
{
    product_run *pr = &l->products[product];
    double t = now_of(l);
    if (ring_put(&l->releases, t, t, t, product)) {
        l->failed = 1;
        return;
    }
    stage_wip_add(l, 0, 1);
    line_wip_add(l, pr, 1.0);
    if (l->observing)
        l->bucket_release[bucket_of(l)] += 1.0;
    TRACE(l, LINE_RELEASE, 0, product, 1.0);
    stage_dispatch(l, 0);
}

static void add_cards(prodline *l, size_t k, int product, double units)
{
    stage_run *st = &l->stages[k];
    double t = now_of(l);
    for (double i = 0; i < units; i++)
        if (ring_put(&st->cards[product], t, t, t, product)) {
            l->failed = 1;
            return;
        }
    st->pending += units;
    TRACE(l, LINE_CARD, (int)k, product, units);
}

/* `units` of `product` left stage k's output store (to the next stage or,
 * for the last stage, to customers). */
static void withdrawn(prodline *l, size_t k, int product, double units)
{
    if (l->control == CONTROL_KANBAN) {
        stage_run *st = &l->stages[k];
        double c = l->params->value[PARAM_CONTAINER];
        st->consumed[product] += units;
        while (st->consumed[product] >= c) {
            st->consumed[product] -= c;
            add_cards(l, k, product, c);
        }
        stage_dispatch(l, k);
    } else if (l->control == CONTROL_CONWIP && k == l->n_stages - 1) {
        for (double i = 0; i < units; i++)
            release(l, product);
    }
}

/* ---- stages ------------------------------------------------------------ */

static double card_head(const stage_run *st, int p)
{
    return st->cards_initial[p] > 0.0 ? -1.0 : ring_head(&st->cards[p])->released;
}

static int cards_of(const stage_run *st, int p)
{
    return st->cards_initial[p] > 0.0 || st->cards[p].n > 0;
}

static unit take_from_store(prodline *l, size_t j, int product)
{
    stage_run *st = &l->stages[j];
    unit u = ring_pop(&st->out[product]);
    st->out_total -= 1.0;
    levels_set(&st->lv, now_of(l), LEVEL_BUFFER, st->out_total);
    return u;
}

static int take_job(prodline *l, size_t k, unit *job)
{
    stage_run *st = &l->stages[k];
    double t = now_of(l);
    if (st->rework.n) {
        *job = ring_pop(&st->rework);
        return 1;
    }
    if (k == 0 && !has_input(l, 0))
        return 0;
    if (l->control == CONTROL_KANBAN) {
        int best = -1;
        double best_t = INFINITY;
        for (size_t p = 0; p < l->n_products; p++) {
            if (!cards_of(st, (int)p))
                continue;
            if (k > 0 && l->stages[k - 1].out[p].n == 0)
                continue;
            double h = card_head(st, (int)p);
            if (h < best_t) {
                best_t = h;
                best = (int)p;
            }
        }
        if (best < 0)
            return 0;
        if (st->cards_initial[best] > 0.0)
            st->cards_initial[best] -= 1.0;
        else
            (void)ring_pop(&st->cards[best]);
        st->pending -= 1.0;
        if (k == 0) {
            take_raw(l);
            *job = (unit){t, t, t, best};
            line_wip_add(l, &l->products[best], 1.0);
            if (l->observing)
                l->bucket_release[bucket_of(l)] += 1.0;
        } else {
            *job = take_from_store(l, k - 1, best);
            job->entered = t;
            withdrawn(l, k - 1, best, 1.0);
        }
        stage_wip_add(l, k, 1);
        return 1;
    }
    if (k == 0) {
        if (!l->releases.n)
            return 0;
        *job = ring_pop(&l->releases);
        take_raw(l);
        return 1;
    }
    const stage_run *in = &l->stages[k - 1];
    int best = -1;
    double best_t = INFINITY;
    for (size_t p = 0; p < l->n_products; p++)
        if (in->out[p].n && ring_head(&in->out[p])->stored < best_t) {
            best_t = ring_head(&in->out[p])->stored;
            best = (int)p;
        }
    if (best < 0)
        return 0;
    *job = take_from_store(l, k - 1, best);
    job->entered = t;
    stage_wip_add(l, k, 1);
    return 1;
}

static void on_phase_end(sim *s, void *ctx, uint64_t arg);
static void on_clock_failure(sim *s, void *ctx, uint64_t arg);

static void set_state(stage_run *st, machine *mc, int state)
{
    st->in_state[mc->state]--;
    st->in_state[state]++;
    mc->state = state;
}

static uint64_t machine_arg(size_t k, int m)
{
    return (uint64_t)k << 32 | (uint32_t)m;
}

static void begin_phase(prodline *l, size_t k, int m, int state, double left)
{
    stage_run *st = &l->stages[k];
    machine *mc = &st->machines[m];
    const breakdown_spec *b = &st->spec->breakdown;
    set_state(st, mc, state);
    mc->left = left;
    mc->phase_start = now_of(l);
    mc->failing = 0;
    double dt = left;
    if (state == M_BUSY && b->enabled && !b->by_clock &&
        mc->to_failure < left) {
        dt = mc->to_failure;
        mc->failing = 1;
    }
    mc->phase = sim_schedule(l->s, now_of(l) + dt, on_phase_end, l,
                             machine_arg(k, m));
}

static void start_job(prodline *l, size_t k, int m, unit job)
{
    stage_run *st = &l->stages[k];
    machine *mc = &st->machines[m];
    int p = job.product;
    mc->job = job;
    mc->process = dist_sample(st->process[p], st->process_rng);
    double setup = 0.0;
    if (mc->last_product >= 0 && mc->last_product != p &&
        st->setup[mc->last_product][p]) {
        if (l->observing)
            st->setups += 1.0;
        setup = dist_sample(st->setup[mc->last_product][p], st->setup_rng);
        TRACE(l, LINE_SETUP, (int)k, p, setup);
    }
    mc->last_product = p;
    if (setup > 0.0)
        begin_phase(l, k, m, M_SETUP, setup);
    else
        begin_phase(l, k, m, M_BUSY, mc->process);
}

static void stage_dispatch(prodline *l, size_t k)
{
    stage_run *st = &l->stages[k];
    for (int m = 0; m < st->spec->machines; m++) {
        if (st->machines[m].state != M_IDLE)
            continue;
        unit job;
        if (!take_job(l, k, &job))
            break;
        start_job(l, k, m, job);
    }
    stage_account(l, k);
}

static double time_between_failures(stage_run *st)
{
    double t = dist_sample(&st->spec->breakdown.time_between,
                           st->failure_rng);
    if (st->spec->maintenance.enabled)
        t *= st->spec->maintenance.mtbf_factor;
    return t;
}

static void go_down(prodline *l, size_t k, int m, int resume)
{
    stage_run *st = &l->stages[k];
    machine *mc = &st->machines[m];
    mc->resume = resume;
    set_state(st, mc, M_DOWN);
    double repair = dist_sample(&st->spec->breakdown.repair, st->failure_rng);
    mc->phase = sim_schedule(l->s, now_of(l) + repair, on_phase_end, l,
                             machine_arg(k, m));
    TRACE(l, LINE_BREAKDOWN, (int)k, -1, repair);
}

static void finished(prodline *l, product_run *pr, unit u)
{
    double t = now_of(l);
    line_wip_add(l, pr, -1.0);
    if (l->observing) {
        if (sample_add(&l->line_lead, t - u.released))
            l->failed = 1;
        pr->finished += 1.0;
    }
    stage_run *last = &l->stages[l->n_stages - 1];
    if (pr->waiting_n) {
        waiting_order *w = &pr->waiting[pr->waiting_head];
        w->remaining -= 1.0;
        pr->backorders -= 1.0;
        twavg_set(&pr->owed, t, pr->backorders);
        if (w->remaining <= 0.0) {
            if (w->observed &&
                (sample_add(&pr->lead_time, t - w->arrival) ||
                 sample_add(&l->customer_lead, t - w->arrival)))
                l->failed = 1;
            pr->waiting_head =
                (pr->waiting_head + 1) & (pr->waiting_cap - 1);
            pr->waiting_n--;
        }
        if (l->observing)
            pr->shipped += 1.0;
        TRACE(l, LINE_FINISHED, (int)l->n_stages - 1, pr->index, 1.0);
        withdrawn(l, l->n_stages - 1, pr->index, 1.0);
    } else {
        pr->on_hand += 1.0;
        last->out_total += 1.0;
        twavg_set(&pr->fg, t, pr->on_hand);
        levels_set(&last->lv, t, LEVEL_BUFFER, last->out_total);
        TRACE(l, LINE_FINISHED, (int)l->n_stages - 1, pr->index, 1.0);
    }
}

static void finish_job(prodline *l, size_t k, int m)
{
    stage_run *st = &l->stages[k];
    machine *mc = &st->machines[m];
    const stage_spec *ss = st->spec;
    unit u = mc->job;
    product_run *pr = &l->products[u.product];
    double t = now_of(l);
    /* The machine's next state first: what follows may hand it work. */
    if (ss->maintenance.enabled && mc->since_pm >= ss->maintenance.every) {
        mc->since_pm = 0.0;
        set_state(st, mc, M_MAINTENANCE);
        double d = dist_sample(&ss->maintenance.duration, st->pm_rng);
        mc->phase =
            sim_schedule(l->s, t + d, on_phase_end, l, machine_arg(k, m));
        TRACE(l, LINE_MAINTENANCE, (int)k, -1, d);
    } else {
        set_state(st, mc, M_IDLE);
    }
    int defective = ss->defect_rate > 0.0 &&
                    gsl_rng_uniform(st->quality_rng) < ss->defect_rate;
    if (defective && ss->rework) {
        if (l->observing)
            st->reworked += 1.0;
        if (ring_push(&st->rework, &u))
            l->failed = 1;
        TRACE(l, LINE_REWORK, (int)k, u.product, 1.0);
    } else {
        stage_wip_add(l, k, -1);
        if (l->observing) {
            st->flow_sum += t - u.entered;
            st->departures += 1.0;
        }
        if (defective) {
            if (l->observing) {
                st->scrapped += 1.0;
                pr->scrapped += 1.0;
            }
            line_wip_add(l, pr, -1.0);
            TRACE(l, LINE_SCRAP, (int)k, u.product, 1.0);
            if (l->control == CONTROL_KANBAN)
                add_cards(l, k, u.product, 1.0);
            else if (l->control == CONTROL_CONWIP)
                release(l, u.product);
        } else {
            if (l->observing)
                st->good += 1.0;
            if (k + 1 < l->n_stages) {
                if (ring_put(&st->out[u.product], u.released, u.entered, t,
                             u.product))
                    l->failed = 1;
                st->out_total += 1.0;
                levels_set(&st->lv, t, LEVEL_BUFFER, st->out_total);
                TRACE(l, LINE_DONE, (int)k, u.product, 1.0);
                stage_dispatch(l, k + 1);
            } else {
                finished(l, pr, u);
            }
        }
    }
    stage_dispatch(l, k);
    report_levels(l);
}

static void repaired(prodline *l, size_t k, int m)
{
    stage_run *st = &l->stages[k];
    machine *mc = &st->machines[m];
    TRACE(l, LINE_REPAIRED, (int)k, -1, 0.0);
    double next = time_between_failures(st);
    if (st->spec->breakdown.by_clock)
        mc->failure = sim_schedule(l->s, now_of(l) + next, on_clock_failure,
                                   l, machine_arg(k, m));
    else
        mc->to_failure = next;
    if (st->stops > 0) {
        mc->held = 1; /* still down: the stage is stopped */
        stage_account(l, k);
        return;
    }
    if (mc->resume == M_SETUP || mc->resume == M_BUSY) {
        begin_phase(l, k, m, mc->resume, mc->left);
        stage_account(l, k);
    } else {
        set_state(st, mc, M_IDLE);
        stage_dispatch(l, k);
    }
}

static void on_phase_end(sim *s, void *ctx, uint64_t arg)
{
    prodline *l = ctx;
    size_t k = (size_t)(arg >> 32);
    int m = (int)(uint32_t)arg;
    stage_run *st = &l->stages[k];
    machine *mc = &st->machines[m];
    double elapsed = sim_now(s) - mc->phase_start;
    switch (mc->state) {
    case M_SETUP:
        begin_phase(l, k, m, M_BUSY, mc->process);
        stage_account(l, k);
        break;
    case M_BUSY:
        mc->since_pm += elapsed;
        if (st->spec->breakdown.enabled && !st->spec->breakdown.by_clock)
            mc->to_failure -= elapsed;
        if (mc->failing) {
            mc->left -= elapsed;
            go_down(l, k, m, M_BUSY);
            stage_account(l, k);
        } else {
            finish_job(l, k, m);
        }
        break;
    case M_DOWN:
        repaired(l, k, m);
        break;
    case M_MAINTENANCE:
        if (mc->fail_after_pm) {
            mc->fail_after_pm = 0;
            go_down(l, k, m, M_IDLE);
            stage_account(l, k);
        } else if (st->stops > 0) {
            mc->resume = M_IDLE;
            mc->held = 1;
            set_state(st, mc, M_DOWN);
            stage_account(l, k);
        } else {
            set_state(st, mc, M_IDLE);
            stage_dispatch(l, k);
        }
        break;
    default:
        break;
    }
}

static void on_clock_failure(sim *s, void *ctx, uint64_t arg)
{
    prodline *l = ctx;
    size_t k = (size_t)(arg >> 32);
    int m = (int)(uint32_t)arg;
    machine *mc = &l->stages[k].machines[m];
    double elapsed = sim_now(s) - mc->phase_start;
    switch (mc->state) {
    case M_SETUP:
    case M_BUSY:
        sim_cancel(s, mc->phase);
        mc->left -= elapsed;
        if (mc->state == M_BUSY)
            mc->since_pm += elapsed;
        go_down(l, k, m, mc->state);
        break;
    case M_MAINTENANCE:
        mc->fail_after_pm = 1;
        break;
    case M_DOWN: /* held by a stop: it is repaired during the stop */
        mc->held = 0;
        go_down(l, k, m, mc->resume);
        break;
    default:
        go_down(l, k, m, M_IDLE);
        break;
    }
    stage_account(l, k);
}

void prodline_stage_stop(prodline *l, size_t k, int begin)
{
    stage_run *st = &l->stages[k];
    double t = now_of(l);
    if (!begin) {
        if (--st->stops > 0)
            return;
        TRACE(l, LINE_RESTARTED, (int)k, -1, 0.0);
        for (int m = 0; m < st->spec->machines; m++) {
            machine *mc = &st->machines[m];
            if (!mc->held)
                continue;
            mc->held = 0;
            if (mc->resume == M_SETUP || mc->resume == M_BUSY)
                begin_phase(l, k, m, mc->resume, mc->left);
            else
                set_state(st, mc, M_IDLE);
        }
        stage_dispatch(l, k);
        return;
    }
    if (st->stops++ > 0)
        return;
    TRACE(l, LINE_STOPPED, (int)k, -1, 0.0);
    for (int m = 0; m < st->spec->machines; m++) {
        machine *mc = &st->machines[m];
        double elapsed = t - mc->phase_start;
        switch (mc->state) {
        case M_SETUP:
        case M_BUSY:
            sim_cancel(l->s, mc->phase);
            mc->left -= elapsed;
            if (mc->state == M_BUSY) {
                mc->since_pm += elapsed;
                if (st->spec->breakdown.enabled &&
                    !st->spec->breakdown.by_clock)
                    mc->to_failure -= elapsed;
            }
            mc->resume = mc->state;
            mc->held = 1;
            set_state(st, mc, M_DOWN);
            break;
        case M_IDLE:
            mc->resume = M_IDLE;
            mc->held = 1;
            set_state(st, mc, M_DOWN);
            break;
        default:
            /* Under repair or in maintenance: held when that ends. */
            break;
        }
    }
    stage_account(l, k);
}

/* ---- customers and plans ------------------------------------------------ */

static void on_customer_order(sim *s, void *ctx, double quantity)
{
    product_run *pr = ctx;
    prodline *l = pr->line;
    double t = sim_now(s);
    pr->period_demand += quantity;
    if (l->observing) {
        pr->demanded += quantity;
        pr->orders += 1.0;
        l->bucket_demand[bucket_of(l)] += quantity;
    }
    double take = quantity < pr->on_hand ? quantity : pr->on_hand;
    pr->on_hand -= take;
    stage_run *last = &l->stages[l->n_stages - 1];
    last->out_total -= take;
    twavg_set(&pr->fg, t, pr->on_hand);
    levels_set(&last->lv, t, LEVEL_BUFFER, last->out_total);
    if (l->observing) {
        pr->filled += take;
        pr->shipped += take;
    }
    if (take < quantity) {
        double short_units = quantity - take;
        if (l->observing) {
            pr->stockout_orders += 1.0;
            pr->short_units += short_units;
        }
        if (pr->spec->item.lost_sales) {
            if (l->observing)
                pr->lost += short_units;
        } else {
            if (pr->waiting_n == pr->waiting_cap) {
                size_t cap = pr->waiting_cap ? 2 * pr->waiting_cap : 16;
                waiting_order *grown = malloc(cap * sizeof *grown);
                if (!grown) {
                    l->failed = 1;
                    return;
                }
                for (size_t i = 0; i < pr->waiting_n; i++)
                    grown[i] = pr->waiting[(pr->waiting_head + i) %
                                           pr->waiting_cap];
                free(pr->waiting);
                pr->waiting = grown;
                pr->waiting_cap = cap;
                pr->waiting_head = 0;
            }
            pr->waiting[(pr->waiting_head + pr->waiting_n) %
                        pr->waiting_cap] =
                (waiting_order){t, short_units, l->observing};
            pr->waiting_n++;
            pr->backorders += short_units;
            twavg_set(&pr->owed, t, pr->backorders);
        }
    } else if (l->observing && (sample_add(&pr->lead_time, 0.0) ||
                                sample_add(&l->customer_lead, 0.0))) {
        l->failed = 1;
    }
    TRACE(l, LINE_CUSTOMER_ORDER, -1, pr->index, quantity);
    if (take < quantity)
        TRACE(l, LINE_SHORT, -1, pr->index, quantity - take);
    if (take > 0.0)
        withdrawn(l, l->n_stages - 1, pr->index, take);
    report_levels(l);
}

static double position_of(const product_run *pr)
{
    return pr->in_line + pr->on_hand - pr->backorders;
}

static void on_slot(sim *s, void *ctx, uint64_t arg)
{
    (void)arg;
    prodline *l = ctx;
    int p = l->sequence[l->sequence_at];
    if (++l->sequence_at == l->sequence_len)
        l->sequence_at = 0;
    if (position_of(&l->products[p]) < l->products[p].cap)
        release(l, p);
    double next = sim_now(s) + l->pitch;
    if (next < l->env.horizon)
        sim_schedule(s, next, on_slot, l, 0);
}

static void on_plan(sim *s, void *ctx, uint64_t first)
{
    prodline *l = ctx;
    const policy_params *p = l->params;
    double period = l->mrp_period;
    double lead = prodline_lead_time(l);
    size_t window = (size_t)p->value[PARAM_WINDOW];
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        if (!first) {
            if (p->value[PARAM_FORECAST] == 1.0) {
                double a = p->value[PARAM_ALPHA];
                pr->forecast = a * pr->period_demand + (1.0 - a) * pr->forecast;
            } else {
                pr->history[pr->n_history % window] = pr->period_demand;
                pr->n_history++;
                size_t n = pr->n_history < window ? pr->n_history : window;
                double sum = 0.0;
                for (size_t j = 0; j < n; j++)
                    sum += pr->history[j];
                pr->forecast = sum / (double)n;
            }
        }
        pr->period_demand = 0.0;
        double target =
            pr->forecast / period * (lead + period) + pr->safety_stock;
        double need = target - position_of(pr);
        if (need > 0.0) {
            double units = ceil(need / l->lot - 1e-9) * l->lot;
            for (double j = 0; j < units; j++)
                release(l, (int)i);
        }
    }
    double next = sim_now(s) + period;
    if (next < l->env.horizon)
        sim_schedule(s, next, on_plan, l, 0);
}

void prodline_receive(sim *s, void *ctx, uint32_t index)
{
    prodline *l = ctx;
    order o = *order_at(l->orders, index);
    order_pool_release(l->orders, index);
    const supplier_spec *sup = l->suppliers[o.supplier].spec;
    double rejected = 0.0;
    if (sup->defect_rate > 0.0)
        rejected = (double)gsl_ran_binomial(l->raw_quality_rng,
                                            sup->defect_rate,
                                            (unsigned)o.quantity);
    double t = sim_now(s);
    l->raw_on_order -= o.quantity;
    l->raw_on_hand += o.quantity - rejected;
    twavg_set(&l->raw_pipeline, t, l->raw_on_order);
    twavg_set(&l->raw_level, t, l->raw_on_hand);
    if (l->observing) {
        l->raw_transport += sup->shipment_cost + sup->unit_freight * o.quantity;
        l->raw_rejected += rejected;
        l->raw_purchase -= rejected * l->raw_price;
        if (o.observed) {
            l->raw_received_time += t - o.placed;
            l->raw_receipts += 1.0;
        }
    }
    TRACE(l, LINE_RAW_RECEIPT, -1, -1, o.quantity - rejected);
    raw_reorder(l);
    stage_dispatch(l, 0);
    report_levels(l);
}

/* ---- a replication ------------------------------------------------------- */

static int stream(gsl_rng **r, uint64_t seed, uint64_t replication,
                  const char *source)
{
    if (!*r && !(*r = stream_create(seed, replication, source)))
        return -1;
    stream_reseed(*r, seed, replication, source);
    return 0;
}

static void ring_clear(unit_ring *r)
{
    r->head = r->n = 0;
}

static int fill_store(prodline *l, size_t k, int product, double units)
{
    stage_run *st = &l->stages[k];
    for (double i = 0; i < units; i++)
        if (ring_put(&st->out[product], 0.0, 0.0, 0.0, product))
            return -1;
    st->out_total += units;
    l->wip_now += units;
    l->products[product].in_line += units;
    return 0;
}

int prodline_start(prodline *l, sim *s, supplier *suppliers,
                   order_pool *orders, uint64_t seed, uint64_t replication)
{
    l->s = s;
    l->suppliers = suppliers;
    l->orders = orders;
    l->failed = 0;
    l->observing = 0;
    l->window_start = 0.0;
    l->wip_now = 0.0;
    l->sequence_at = 0;
    ring_clear(&l->releases);
    sample_clear(&l->line_lead);
    char source[LINE_NAME_MAX + 32];
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        if (l->spec->n_products)
            snprintf(source, sizeof source, "demand.%s", pr->spec->name);
        else
            snprintf(source, sizeof source, "demand");
        if (stream(&pr->demand_rng, seed, replication, source))
            return -1;
        pr->on_hand = pr->in_line = pr->backorders = 0.0;
        pr->waiting_head = pr->waiting_n = 0;
        pr->period_demand = 0.0;
        pr->n_history = 0;
        pr->forecast = pr->rate * l->mrp_period;
        sample_clear(&pr->lead_time);
    }
    for (size_t k = 0; k < l->n_stages; k++) {
        stage_run *st = &l->stages[k];
        const stage_spec *ss = st->spec;
        const char *kinds[] = {"process", "setup", "failure", "quality",
                               "maintenance"};
        gsl_rng **rngs[] = {&st->process_rng, &st->setup_rng,
                            &st->failure_rng, &st->quality_rng, &st->pm_rng};
        for (size_t j = 0; j < 5; j++) {
            snprintf(source, sizeof source, "stage.%s.%s", ss->name,
                     kinds[j]);
            if (stream(rngs[j], seed, replication, source))
                return -1;
        }
        st->pending = 0.0;
        st->out_total = 0.0;
        st->in_stage = 0;
        st->stops = 0;
        ring_clear(&st->rework);
        for (int p = 0; p < LINE_PRODUCTS_MAX; p++) {
            ring_clear(&st->cards[p]);
            ring_clear(&st->out[p]);
            st->cards_initial[p] = 0.0;
            st->consumed[p] = 0.0;
        }
        for (int u = 0; u < USE_COUNT; u++)
            st->uses[u] = 0;
        memset(st->in_state, 0, sizeof st->in_state);
        st->in_state[M_IDLE] = ss->machines;
        for (int m = 0; m < ss->machines; m++) {
            machine *mc = &st->machines[m];
            memset(mc, 0, sizeof *mc);
            mc->state = M_IDLE;
            mc->last_product = -1;
            if (ss->breakdown.enabled) {
                double first = time_between_failures(st);
                if (ss->breakdown.by_clock)
                    mc->failure = sim_schedule(s, first, on_clock_failure, l,
                                               machine_arg(k, m));
                else
                    mc->to_failure = first;
            }
        }
    }
    if (!l->raw_unlimited) {
        if (stream(&l->raw_quality_rng, seed, replication, "raw.quality"))
            return -1;
        l->raw_on_hand = isnan(l->spec->raw.initial) ? l->spec->raw.S
                                                     : l->spec->raw.initial;
    }
    l->raw_on_order = 0.0;

    /* The starting state of the control. */
    size_t last = l->n_stages - 1;
    double c = l->control == CONTROL_KANBAN
                   ? l->params->value[PARAM_CONTAINER]
                   : 1.0;
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        double fg = 0.0;
        switch (l->control) {
        case CONTROL_KANBAN:
            for (size_t k = 0; k < last; k++)
                if (fill_store(l, k, (int)i, l->stages[k].loop_cards[i] * c))
                    return -1;
            fg = l->stages[last].loop_cards[i] * c;
            if (!isnan(pr->initial) && pr->initial < fg) {
                l->stages[last].cards_initial[i] = fg - pr->initial;
                l->stages[last].pending += fg - pr->initial;
                fg = pr->initial;
            }
            break;
        case CONTROL_CONWIP:
            fg = pr->conwip_cards;
            if (!isnan(pr->initial) && pr->initial < fg)
                fg = pr->initial;
            break;
        case CONTROL_MRP:
            fg = isnan(pr->initial)
                     ? ceil(pr->rate * (prodline_lead_time(l) +
                                        l->mrp_period) -
                            1e-9) +
                           pr->safety_stock
                     : pr->initial;
            break;
        case CONTROL_HEIJUNKA:
        case CONTROL_CAMPAIGN:
            fg = pr->initial;
            break;
        }
        pr->on_hand = fg;
        l->stages[last].out_total += fg;
    }
    double t0 = 0.0;
    twavg_init(&l->line_wip, t0, l->wip_now);
    twavg_init(&l->raw_level, t0, l->raw_on_hand);
    twavg_init(&l->raw_pipeline, t0, 0.0);
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        twavg_init(&pr->fg, t0, pr->on_hand);
        twavg_init(&pr->wip, t0, pr->in_line);
        twavg_init(&pr->owed, t0, 0.0);
    }
    for (size_t k = 0; k < l->n_stages; k++) {
        stage_run *st = &l->stages[k];
        memset(&st->lv, 0, sizeof st->lv);
        st->lv.t_start = st->lv.t_last = t0;
        st->lv.level[LEVEL_BUFFER] = st->out_total;
        l->stage_wip_now[k] = 0.0;
    }
    prodline_begin_window(l);
    l->observing = l->env.warmup <= 0.0;

    /* Conwip cards not in the store start as releases. */
    if (l->control == CONTROL_CONWIP)
        for (size_t i = 0; i < l->n_products; i++) {
            product_run *pr = &l->products[i];
            double missing = pr->conwip_cards - pr->on_hand;
            for (double j = 0; j < missing; j++)
                release(l, (int)i);
        }
    if (l->control == CONTROL_HEIJUNKA || l->control == CONTROL_CAMPAIGN)
        sim_schedule(s, 0.0, on_slot, l, 0);
    if (l->control == CONTROL_MRP)
        sim_schedule(s, 0.0, on_plan, l, 1);
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        demand_start(&pr->demand, &pr->spec->demand, s, pr->demand_rng,
                     l->env.horizon, on_customer_order, pr);
    }
    raw_reorder(l);
    for (size_t k = l->n_stages; k-- > 0;)
        stage_dispatch(l, k);
    report_levels(l);
    return l->failed ? -1 : 0;
}

void prodline_begin_window(prodline *l)
{
    double t = l->s ? now_of(l) : 0.0;
    l->observing = 1;
    l->window_start = t;
    twavg_reset(&l->line_wip, t);
    twavg_reset(&l->raw_level, t);
    twavg_reset(&l->raw_pipeline, t);
    sample_clear(&l->line_lead);
    sample_clear(&l->customer_lead);
    l->raw_orders = l->raw_units = l->raw_received_time = l->raw_receipts =
        0.0;
    l->raw_ordering = l->raw_transport = l->raw_purchase = l->raw_rejected =
        0.0;
    memset(l->bucket_demand, 0, l->n_buckets * sizeof *l->bucket_demand);
    memset(l->bucket_release, 0, l->n_buckets * sizeof *l->bucket_release);
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        twavg_reset(&pr->fg, t);
        twavg_reset(&pr->wip, t);
        twavg_reset(&pr->owed, t);
        sample_clear(&pr->lead_time);
        pr->demanded = pr->orders = pr->filled = pr->stockout_orders = 0.0;
        pr->short_units = pr->lost = pr->shipped = pr->finished = 0.0;
        pr->scrapped = 0.0;
        /* Customers already waiting are not the window's. */
        for (size_t j = 0; j < pr->waiting_n; j++)
            pr->waiting[(pr->waiting_head + j) % pr->waiting_cap].observed =
                0;
    }
    for (size_t k = 0; k < l->n_stages; k++) {
        stage_run *st = &l->stages[k];
        levels_reset(&st->lv, t);
        st->flow_sum = st->departures = st->good = st->setups = 0.0;
        st->scrapped = st->reworked = 0.0;
    }
}

void prodline_finish(prodline *l, metrics *out)
{
    double t = l->env.horizon;
    double span = t - l->window_start;
    for (int i = 0; i < METRIC_COLUMNS_MAX; i++)
        out->value[i] = NAN;
    twavg_close(&l->line_wip, t);
    twavg_close(&l->raw_level, t);
    twavg_close(&l->raw_pipeline, t);
    double holding = l->raw_h * twavg_mean(&l->raw_level);
    double shortage = 0.0, scrap_cost = 0.0, demanded = 0.0, orders = 0.0;
    double filled = 0.0, stockouts = 0.0, lost = 0.0, shipped = 0.0;
    double on_hand = 0.0, owed = 0.0, ready = 0.0, cash = 0.0, finished = 0.0;
    double clt_max = 0.0;
    double scrapped_total = 0.0, reworked = 0.0, setups = 0.0,
           setup_time = 0.0, down_sum = 0.0, setup_cost = 0.0;
    for (size_t k = 0; k < l->n_stages; k++) {
        stage_run *st = &l->stages[k];

        double machines = (double)st->spec->machines;
        double fractions[USE_COUNT];
        for (int u = 0; u < USE_COUNT; u++) {
            fractions[u] = levels_mean(&st->lv, t, LEVEL_USE + u) / machines;
        }
        double *v = out->value;
        v[line_column_stage(k, STAGE_WIP)] = levels_mean(&st->lv, t, LEVEL_WIP);
        v[line_column_stage(k, STAGE_FLOW_TIME)] =
            st->departures > 0.0 ? st->flow_sum / st->departures : NAN;
        v[line_column_stage(k, STAGE_THROUGHPUT)] = st->good / span;
        v[line_column_stage(k, STAGE_BUFFER)] =
            levels_mean(&st->lv, t, LEVEL_BUFFER);
        v[line_column_stage(k, STAGE_BUSY)] = fractions[USE_BUSY];
        v[line_column_stage(k, STAGE_SETUP)] = fractions[USE_SETUP];
        v[line_column_stage(k, STAGE_DOWN)] = fractions[USE_DOWN];
        v[line_column_stage(k, STAGE_MAINTENANCE)] =
            fractions[USE_MAINTENANCE];
        v[line_column_stage(k, STAGE_STARVED)] = fractions[USE_STARVED];
        v[line_column_stage(k, STAGE_BLOCKED)] = fractions[USE_BLOCKED];
        v[line_column_stage(k, STAGE_IDLE)] = fractions[USE_IDLE];
        v[line_column_stage(k, STAGE_SETUPS)] = st->setups;
        v[line_column_stage(k, STAGE_SCRAPPED)] = st->scrapped;
        v[line_column_stage(k, STAGE_REWORKED)] = st->reworked;
        scrapped_total += st->scrapped;
        reworked += st->reworked;
        setups += st->setups;
        setup_cost += st->setups * st->spec->setup_cost;
        setup_time += st->lv.area[LEVEL_USE + USE_SETUP];
        down_sum += fractions[USE_DOWN];
    }
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        twavg_close(&pr->fg, t);
        twavg_close(&pr->wip, t);
        twavg_close(&pr->owed, t);
        const item_spec *item = &pr->spec->item;
        double fg = twavg_mean(&pr->fg), wip = twavg_mean(&pr->wip);
        double b = twavg_mean(&pr->owed);
        double p_holding = pr->h * (fg + wip);
        double p_short = (item->backorder_cost * twavg_area(&pr->owed) +
                          item->stockout_cost * pr->short_units) /
                         span;
        /* Scrap is charged to the product at its unit value. */
        double p_scrap = pr->scrapped * item_scrap_cost(item) / span;
        scrap_cost += p_scrap;
        holding += p_holding;
        shortage += p_short;
        demanded += pr->demanded;
        orders += pr->orders;
        filled += pr->filled;
        stockouts += pr->stockout_orders;
        lost += pr->lost;
        shipped += pr->shipped;
        finished += pr->finished;
        on_hand += fg;
        owed += b;
        ready += twavg_positive_fraction(&pr->fg) / (double)l->n_products;
        cash += item->unit_cost * (fg + wip);
        if (sample_max(&pr->lead_time) > clt_max)
            clt_max = sample_max(&pr->lead_time);
        if (l->n_products >= 2) {
            double *v = out->value;
            v[line_column_product(l->spec, i, PRODUCT_UNITS_DEMANDED)] =
                pr->demanded;
            v[line_column_product(l->spec, i, PRODUCT_FILL_RATE)] =
                pr->demanded > 0.0 ? pr->filled / pr->demanded : NAN;
            v[line_column_product(l->spec, i,
                                  PRODUCT_CUSTOMER_LEAD_TIME_MEAN)] =
                sample_count(&pr->lead_time) ? sample_mean(&pr->lead_time)
                                             : NAN;
            v[line_column_product(l->spec, i,
                                  PRODUCT_CUSTOMER_LEAD_TIME_P95)] =
                sample_count(&pr->lead_time)
                    ? sample_quantile(&pr->lead_time, 0.95)
                    : NAN;
            v[line_column_product(l->spec, i, PRODUCT_AVG_ON_HAND)] = fg;
            v[line_column_product(l->spec, i, PRODUCT_AVG_BACKORDERS)] = b;
            v[line_column_product(l->spec, i, PRODUCT_THROUGHPUT)] =
                pr->finished / span;
            v[line_column_product(l->spec, i, PRODUCT_HOLDING_COST)] =
                p_holding;
            v[line_column_product(l->spec, i, PRODUCT_SHORTAGE_COST)] =
                p_short;
            v[line_column_product(l->spec, i, PRODUCT_TOTAL_COST)] =
                p_holding + p_short + p_scrap;
        }
    }
    double clt_n = (double)sample_count(&l->customer_lead);
    double clt_mean = sample_mean(&l->customer_lead);
    double clt_p95 = sample_quantile(&l->customer_lead, 0.95);
    cash += (isnan(l->spec->raw.unit_cost) ? l->raw_price
                                           : l->spec->raw.unit_cost) *
            (twavg_mean(&l->raw_level) + twavg_mean(&l->raw_pipeline)) *
            !l->raw_unlimited;
    double *v = out->value;
    double ordering = (l->raw_ordering + setup_cost) / span;
    double transport = l->raw_transport / span;
    double purchase = l->raw_purchase / span;
    double total = holding + ordering + transport + purchase + shortage +
                   scrap_cost;
    v[METRIC_HOLDING_COST] = holding;
    v[METRIC_ORDERING_COST] = ordering;
    v[METRIC_TRANSPORT_COST] = transport;
    v[METRIC_PURCHASE_COST] = purchase;
    v[METRIC_SHORTAGE_COST] = shortage;
    v[METRIC_SCRAP_COST] = scrap_cost;
    v[METRIC_TOTAL_COST] = total;
    v[METRIC_COST_PER_UNIT] = demanded > 0.0 ? total * span / demanded : NAN;
    v[METRIC_AVG_ON_HAND] = on_hand;
    v[METRIC_AVG_ON_ORDER] = twavg_mean(&l->raw_pipeline);
    v[METRIC_AVG_BACKORDERS] = owed;
    v[METRIC_AVG_WIP] = twavg_mean(&l->line_wip);
    v[METRIC_FILL_RATE] = demanded > 0.0 ? filled / demanded : NAN;
    v[METRIC_READY_RATE] = ready;
    v[METRIC_STOCKOUT_ORDERS] = stockouts;
    v[METRIC_LOST_UNITS] = lost;
    v[METRIC_UNITS_DEMANDED] = demanded;
    v[METRIC_CUSTOMER_ORDERS] = orders;
    v[METRIC_ORDERS_PLACED] = l->raw_orders;
    v[METRIC_AVG_ORDER_SIZE] =
        l->raw_orders > 0.0 ? l->raw_units / l->raw_orders : NAN;
    v[METRIC_CUSTOMER_LEAD_TIME_MEAN] = clt_n > 0.0 ? clt_mean : NAN;
    v[METRIC_CUSTOMER_LEAD_TIME_P95] = clt_n > 0.0 ? clt_p95 : NAN;
    v[METRIC_CUSTOMER_LEAD_TIME_MAX] = clt_n > 0.0 ? clt_max : NAN;
    v[METRIC_REPLENISHMENT_LEAD_TIME_MEAN] =
        l->raw_receipts > 0.0 ? l->raw_received_time / l->raw_receipts : NAN;
    v[METRIC_TURNOVER] = on_hand > 0.0 ? shipped / span *
                                             l->env.time_units_per_year /
                                             on_hand
                                       : NAN;
    v[METRIC_CASH_TIED_UP] = cash;
    /* Only whole buckets inside the window, as for a stock point. */
    size_t whole = (size_t)floor(span / l->env.bullwhip_period + 1e-9);
    if (whole > l->n_buckets)
        whole = l->n_buckets;
    double var_demand = metrics_bucket_variance(l->bucket_demand, whole);
    v[METRIC_BULLWHIP] =
        var_demand > 0.0
            ? metrics_bucket_variance(l->bucket_release, whole) / var_demand
            : NAN;
    v[METRIC_RECOVERY_TIME] = NAN;
    v[METRIC_SCRAPPED_UNITS] = scrapped_total;
    v[METRIC_REJECTED_UNITS] = l->raw_rejected;
    v[line_column_line(LINE_THROUGHPUT)] = finished / span;
    v[line_column_line(LINE_LEAD_TIME_MEAN)] =
        sample_count(&l->line_lead) ? sample_mean(&l->line_lead) : NAN;
    v[line_column_line(LINE_LEAD_TIME_P95)] =
        sample_count(&l->line_lead) ? sample_quantile(&l->line_lead, 0.95)
                                    : NAN;
    v[line_column_line(LINE_SETUPS)] = setups;
    v[line_column_line(LINE_SETUP_TIME)] = setup_time;
    v[line_column_line(LINE_REWORKED)] = reworked;
    v[line_column_line(LINE_AVAILABILITY)] =
        1.0 - down_sum / (double)l->n_stages;
}

void prodline_observe_levels(prodline *l, line_level_fn fn, void *ctx)
{
    l->level_fn = fn;
    l->level_ctx = ctx;
}

void prodline_trace(prodline *l, line_trace_fn fn, void *ctx)
{
    l->trace_fn = fn;
    l->trace_ctx = ctx;
}

void prodline_observe_stages(prodline *l, line_stage_fn fn, void *ctx)
{
    l->stage_fn = fn;
    l->stage_ctx = ctx;
}

int prodline_failed(const prodline *l)
{
    return l->failed;
}

/* Appends to buf like snprintf, keeping what fits. */
static void append(char *buf, size_t len, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
    if (*used >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *used, len - *used, fmt, ap);
    va_end(ap);
    if (n > 0)
        *used += (size_t)n < len - *used ? (size_t)n : len - *used - 1;
}

/* " A 3, B 2" or " 3" for one product (whole numbers). */
static void per_product(const prodline *l, char *buf, size_t len,
                        size_t *used, const double *value, size_t stride)
{
    for (size_t i = 0; i < l->n_products; i++) {
        double v = *(const double *)((const char *)value + i * stride);
        if (l->n_products == 1)
            append(buf, len, used, " %.0f", v);
        else
            append(buf, len, used, "%s %s %.0f", i ? "," : "",
                   l->products[i].spec->name, v);
    }
}

void prodline_plan(const prodline *l, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    switch (l->control) {
    case CONTROL_KANBAN:
        append(buf, len, &used, "cards per loop:");
        for (size_t k = 0; k < l->n_stages; k++) {
            append(buf, len, &used, "%s %s", k ? ";" : "",
                   l->stages[k].spec->name);
            per_product(l, buf, len, &used, l->stages[k].loop_cards,
                        sizeof(double));
        }
        break;
    case CONTROL_CONWIP:
        append(buf, len, &used, "cards:");
        per_product(l, buf, len, &used, &l->products[0].conwip_cards,
                    sizeof(product_run));
        break;
    case CONTROL_MRP:
        append(buf, len, &used, "planned lead time %.3g; safety stock:",
               prodline_lead_time(l));
        per_product(l, buf, len, &used, &l->products[0].safety_stock,
                    sizeof(product_run));
        break;
    case CONTROL_HEIJUNKA:
    case CONTROL_CAMPAIGN:
        append(buf, len, &used, "sequence of %zu slots:", l->sequence_len);
        if (l->sequence_len <= 24) {
            for (size_t j = 0; j < l->sequence_len; j++)
                append(buf, len, &used, " %s",
                       l->products[l->sequence[j]].spec->name);
        } else {
            /* Campaigns: the blocks, not every slot. */
            for (size_t j = 0; j < l->sequence_len;) {
                size_t run = 1;
                while (j + run < l->sequence_len &&
                       l->sequence[j + run] == l->sequence[j])
                    run++;
                append(buf, len, &used, "%s %zu %s", j ? "," : "", run,
                       l->products[l->sequence[j]].spec->name);
                j += run;
            }
        }
        append(buf, len, &used, "; caps:");
        per_product(l, buf, len, &used, &l->products[0].cap,
                    sizeof(product_run));
        break;
    }
}
