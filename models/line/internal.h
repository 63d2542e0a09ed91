/*
 * internal.h - what the files of models/line/ share: the run's state (the
 * prodline and its stages, machines and products), the levels a stage
 * integrates, and the operations a control may call (release a unit,
 * dispatch a stage, take raw material, trace).
 *
 * Folder-private: the public API is models/line.h; the controls'
 * interface is control.h. The files:
 *   spec.c        line_spec init/free/copy/check, column names
 *   create.c      prodline_create/destroy, the planning lead times, the
 *                 choice of the control
 *   run.c         a replication: prodline_start, the observers
 *   stage.c       stages and their machines: jobs, setups, phases,
 *                 breakdowns, maintenance, defects, stops
 *   flow.c        units in and out: releases, WIP, the finished-goods
 *                 stores and their customers, the trace
 *   raw.c         the raw-material store and its supplier
 *   metrics.c     the observed window and the columns of a run
 *   plan_text.c   prodline_plan, the plan in words
 *   controls/     one file per control (control.h)
 */
#ifndef JITSIM_LINE_INTERNAL_H
#define JITSIM_LINE_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "models/line.h"
#include "models/line/unit_ring.h"
#include "sim/check.h"
#include "sim/sample.h"
#include "sim/sim.h"
#include "sim/twavg.h"

struct line_control;

/* Units that are made one record each at one instant (a buffer's start,
 * a release): a bound that keeps a mistyped number from exhausting
 * memory. */
#define LINE_UNITS_MAX 1e7

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

/* A change of two levels due at a known instant (a setup folded into its
 * processing event ends: stage.c) is held as pending and applied, at its
 * own instant, before any later change: the areas are integrated over
 * the same intervals as if an event had made it. pending_t is INFINITY
 * when none is. */
typedef struct levels {
    double t_start, t_last;
    double pending_t;
    int pending_which[2];
    double pending_value[2];
    double level[LEVEL_COUNT];
    double area[LEVEL_COUNT];
} levels;

static inline void levels_advance(levels *lv, double t)
{
    double dt = t - lv->t_last;
    if (dt > 0.0) {
        for (int i = 0; i < LEVEL_COUNT; i++)
            lv->area[i] += lv->level[i] * dt;
        lv->t_last = t;
    }
}

static inline void levels_set(levels *lv, double t, int which, double value)
{
    levels_advance(lv, t);
    lv->level[which] = value;
}

/* stage.c: advances to the pending change's instant and applies it. */
void line__levels_apply_pending(levels *lv);

/* Applies the pending change if its instant has come: called before a
 * stage's levels change or are read from outside the stage's own events
 * (a later stage takes from its store, a customer from the last, a
 * release to the first, the window's start and end). The stage's own
 * events (stage.c) settle a folded setup first, which applies it; the
 * hot levels_set has no test. */
static inline void levels_due(levels *lv, double t)
{
    if (JS_UNLIKELY(lv->pending_t <= t))
        line__levels_apply_pending(lv);
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
    double setup_end;    /* a setup folded into the processing event
                            ends here (stage.c); INFINITY: none */
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
    unit_ring rework;
    /* Its output store (the FG store for the last stage holds counts in
     * the product runs instead). */
    unit_ring out[LINE_PRODUCTS_MAX];
    double out_total;
    int in_stage;             /* units at the stage (queued or in work) */
    int stops;                /* disruptions stopping it now */
    int in_state[5];          /* machines per machine_state, now */
    int uses[USE_COUNT];      /* machines per time use, now */
    int states_changed;       /* a machine changed state since the uses
                                 were last accounted (stage.c) */
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
    double rate;          /* planned demand per time unit: the mean over
                             the observed window, as shaped */
    double variance_rate; /* and its variance per time unit, likewise */
    double initial;       /* finished units at the start: the spec's, or
                             the control's plan; NaN: its natural level */
    double h;             /* holding cost per unit per time */
    /* The raw material in the product's units that have taken it (from
     * the first stage's start until they leave: to a customer or scrap),
     * at the landed cost paid for it: a moving average per product, so
     * that a unit leaves with the average of what its product's units
     * cost. The finished units at the start and kanban's full buffers
     * count as made from material bought at the landed cost. */
    double material_units, material_value;
    /* Window counts. */
    double demanded, orders, filled, stockout_orders, short_units, lost,
        shipped, finished, scrapped;
    double cost_of_goods; /* raw value of the units shipped */
} product_run;

struct prodline {
    const line_spec *spec;
    const policy_spec *policy;
    line_env env;
    const policy_params *params;
    /* The control (control.h) and its private state, control->state_size
     * bytes. */
    const struct line_control *control;
    void *control_state;
    size_t n_products, n_stages;
    product_spec single; /* the product when the spec lists none */
    stage_run stages[LINE_STAGES_MAX];
    product_run products[LINE_PRODUCTS_MAX];
    sim *s;
    supplier *suppliers;
    order_pool *orders;
    /* Releases waiting for the first stage (controls that push). */
    unit_ring releases;
    /* Raw material, valued at what was paid for it landed (the price
     * plus the unit freight), pooled at a moving average; owned in
     * transit from dispatch unless the supplier says at_receipt. */
    int raw_unlimited;
    double raw_on_hand, raw_on_order;
    double raw_value;                /* of the raw units on hand */
    double raw_transit_units, raw_transit_value; /* owned in transit */
    twavg raw_level, raw_pipeline, raw_level_value, raw_transit;
    double raw_rate;  /* holding rate per time unit (0: not charged) */
    double raw_price, raw_landed;
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

/* ---- shared by the files of the folder ------------------------------- */

static inline double line__now(const prodline *l)
{
    return sim_now(l->s);
}

/* create.c: mean total demand per time unit, the products' rates summed
 * in order. */
double line__demand_rate(const prodline *l);

/* What the product has and is owed: in the line plus on hand less
 * backorders. */
static inline double line__position(const product_run *pr)
{
    return pr->in_line + pr->on_hand - pr->backorders;
}

/* flow.c: releases, WIP, the trace and the finished-goods stores. */
void line__trace_event(prodline *l, line_event event, int stage, int product,
                       double quantity);
#define LINE_TRACE(l, event, stage, product, quantity)                      \
    do {                                                                    \
        if ((l)->trace_fn)                                                  \
            line__trace_event(l, event, stage, product, quantity);          \
    } while (0)
void line__report_levels(prodline *l);
void line__stage_wip_add(prodline *l, size_t k, int delta);
void line__wip_add(prodline *l, product_run *pr, double delta);
/* The bullwhip bucket of now. */
size_t line__bucket_of(const prodline *l);
/* Whether stage k has a unit to take (raw material for the first). */
int line__has_input(const prodline *l, size_t k);
/* Takes the oldest unit of product from stage j's output store. */
unit line__take_from_store(prodline *l, size_t j, int product);
/* Releases one unit of product to the first stage, which then dispatches
 * (the controls that push). */
void line__release(prodline *l, int product);
/* The customers of a product (demand_start's handler). */
void line__on_customer_order(sim *s, void *ctx, double quantity);
/* Unit u of pr reaches the finished-goods store. */
void line__finished(prodline *l, product_run *pr, unit u);

/* stage.c */
/* Lets every idle machine of stage k take a job it may make. */
void line__stage_dispatch(prodline *l, size_t k);
double line__time_between_failures(stage_run *st);
void line__on_clock_failure(sim *s, void *ctx, uint64_t arg);
static inline uint64_t line__machine_arg(size_t k, int m)
{
    return (uint64_t)k << 32 | (uint32_t)m;
}

/* run.c: puts `units` new units of product into stage k's output store,
 * at the start of a run. 0 or -1 when out of memory. */
int line__fill_store(prodline *l, size_t k, int product, double units);

/* raw.c */
/* Orders raw material when the (s, S) rule says so. */
void line__raw_reorder(prodline *l);
/* The first stage takes one unit of raw material for a unit of product;
 * its value joins the product's material (with unlimited raw material,
 * nothing). */
void line__take_raw_unit(prodline *l, int product);
static inline void line__take_raw(prodline *l, int product)
{
    /* Tested here: unlimited material costs a unit started no call. */
    if (!l->raw_unlimited)
        line__take_raw_unit(l, product);
}
/* A unit of product leaves the line's books (shipped or scrapped): its
 * share of the product's material value; counted as cost of goods when
 * shipped in the window. */
void line__material_leaves(prodline *l, product_run *pr, double units,
                           int shipped);
static inline void line__material_out(prodline *l, product_run *pr,
                                      double units, int shipped)
{
    /* Tested here: with unlimited (free) material, a shipment costs no
     * call. */
    if (!l->raw_unlimited)
        line__material_leaves(l, pr, units, shipped);
}
/* Units of product made at the start from material bought at the landed
 * cost (finished stock, full buffers). */
void line__material_in(prodline *l, product_run *pr, double units);

#endif
