/*
 * line.h - production lines: stages chained through stock points, from a
 * raw-material store to a finished-goods store facing customer demand, for
 * one or several products, under one control (kanban, conwip, mrp,
 * heijunka or campaign).
 *
 *   raw store -> stage 1 -> buffer 1 -> stage 2 -> ... -> stage K -> FG store
 *                                                                  -> customers
 *
 * A stage has `machines` identical machines. A machine takes one unit from
 * the stage's input (the raw store for the first stage, else the previous
 * stage's output buffer), sets up if the product differs from its last one,
 * processes it, and puts it into the stage's output (a buffer, or the
 * finished-goods store for the last stage). Machines break down (time
 * between failures counted in operating time or clock time; a breakdown
 * interrupts the unit, which resumes after the repair), stop for preventive
 * maintenance every `every` units of operating time, and make defects that
 * are scrapped or reworked (processed again by the same stage).
 *
 * Controls (the policy's type, one per line):
 *   kanban   - a loop of cards between each stage and its output store; a
 *              unit withdrawn from the store sends its card to the stage,
 *              which may then make one more of that product.
 *   conwip   - one loop around the whole line: a unit sold from the
 *              finished-goods store releases one unit at the first stage.
 *   mrp      - push: every period, the first stage is given what a forecast
 *              and the finished stock say is needed, in lots; the stages
 *              work whenever they have input.
 *   heijunka - every pitch, the next product of a leveled repeating
 *              sequence is released if below its cap; stages push.
 *   campaign - as heijunka, with the sequence run in product blocks.
 *
 * This header is the model's C API; the model is the folder models/line/
 * (internal.h lists its files), each control one file in
 * models/line/controls/ (control.h). Scenario files are read by
 * analysis/scenario/ (a line's sections: line.c, products.c, raw.c,
 * stages.c), and world.c runs a line when its spec has stages.
 */
#ifndef JITSIM_LINE_H
#define JITSIM_LINE_H

#include <stddef.h>
#include <stdint.h>

#include "models/demand.h"
#include "models/dist.h"
#include "models/item.h"
#include "models/metrics.h"
#include "models/stockpt.h"
#include "models/supplier.h"

#define LINE_NAME_MAX 32
#define LINE_PRODUCTS_MAX 8
#define LINE_STAGES_MAX 16
#define LINE_SEQUENCE_MAX 256
/* Bullwhip buckets a line keeps, as for a stock point. */
#define LINE_BUCKETS_MAX STOCKPT_BUCKETS_MAX

typedef struct product_spec {
    char name[LINE_NAME_MAX];
    item_spec item;       /* costs of the finished product */
    demand_spec demand;   /* its customers (owned) */
    double initial;       /* finished units at the start; NaN: the
                             control's natural level */
} product_spec;

typedef struct breakdown_spec {
    int enabled;
    dist time_between; /* time between failures (owned) */
    dist repair;       /* repair time (owned) */
    int by_clock;      /* 1: clock time; 0: operating (processing) time */
} breakdown_spec;

typedef struct maintenance_spec {
    int enabled;
    double every;       /* operating time between maintenance stops, > 0 */
    dist duration;      /* length of a stop (owned) */
    double mtbf_factor; /* multiplies the time between failures, >= 1 */
} maintenance_spec;

typedef struct stage_spec {
    char name[LINE_NAME_MAX];
    int machines;          /* >= 1 */
    dist process_time;     /* per unit, every product unless overridden */
    /* Per-product processing times: used where given[p] is set. */
    dist product_process[LINE_PRODUCTS_MAX];
    unsigned char product_process_given[LINE_PRODUCTS_MAX];
    /* Time to set up when a machine changes product: one value, or per
     * (from, to) pair where given. A machine's first unit needs none. */
    dist setup_time;
    dist setup_pair[LINE_PRODUCTS_MAX][LINE_PRODUCTS_MAX];
    unsigned char setup_pair_given[LINE_PRODUCTS_MAX][LINE_PRODUCTS_MAX];
    double setup_cost;     /* per setup */
    breakdown_spec breakdown;
    maintenance_spec maintenance;
    double defect_rate;    /* in [0, 1) */
    int rework;            /* 1: defects are processed again; 0: scrapped */
    double cards;          /* kanban: cards of this stage's loop; NaN: the
                              policy's */
} stage_spec;

/* Where the first stage's material comes from. Without a supplier it is
 * unlimited and free. With one, the raw store reorders from that supplier
 * (lead times, capacity, disruptions, prices and costs as for any supplier)
 * by an (s, S) rule: when on hand + on order <= s, order up to S. One unit
 * of raw material makes one unit of any product. */
typedef struct raw_spec {
    int supplier;       /* index into the world's suppliers, or -1 */
    double s, S;        /* reorder level and order-up-to level */
    double unit_cost;   /* the price of a raw unit when the supplier
                           names none (stock is valued at the landed
                           cost paid); NaN: 0 */
    double initial;     /* raw units at the start; NaN: S */
} raw_spec;

typedef struct line_spec {
    /* Products: none means one product, made of the world's item and
     * demand, named after the item ("product"). */
    size_t n_products;
    product_spec products[LINE_PRODUCTS_MAX];
    size_t n_stages;    /* 0: not a line */
    stage_spec stages[LINE_STAGES_MAX];
    raw_spec raw;
    /* heijunka/campaign: the repeating sequence of product indices; empty:
     * leveled from the demand mix. */
    size_t sequence_len;
    unsigned char sequence[LINE_SEQUENCE_MAX];
} line_spec;

/* Zero stages and products, unlimited raw material. */
void line_spec_init(line_spec *spec);
void line_spec_free(line_spec *spec);
/* Deep copy into an uninitialised dst. 0 or -1. */
int line_spec_copy(line_spec *dst, const line_spec *src);
/* A stage with one machine, constant process time 1, no setup, no
 * breakdown, no maintenance, no defects. */
void stage_spec_init(stage_spec *st);
void stage_spec_free(stage_spec *st);
void product_spec_init(product_spec *p);
void product_spec_free(product_spec *p);

/* Per-stage columns after the line-wide ones, in this order. */
typedef enum stage_metric {
    STAGE_WIP,          /* units at the stage: queued for it or in it */
    STAGE_FLOW_TIME,    /* mean time from entering the stage to its output */
    STAGE_THROUGHPUT,   /* good units put into its output per time */
    STAGE_BUFFER,       /* mean units in its output buffer (FG: on hand) */
    STAGE_BUSY,         /* fractions of machine time, summing to 1 */
    STAGE_SETUP,
    STAGE_DOWN,
    STAGE_MAINTENANCE,
    STAGE_STARVED,      /* allowed to work, no input */
    STAGE_BLOCKED,      /* input there, not allowed (no card, cap) */
    STAGE_IDLE,         /* neither work allowed nor input */
    STAGE_SETUPS,       /* count over the window */
    STAGE_SCRAPPED,
    STAGE_REWORKED,
    STAGE_METRIC_COUNT
} stage_metric;

typedef enum line_metric {
    LINE_THROUGHPUT,        /* good units into the FG store per time */
    LINE_LEAD_TIME_MEAN,    /* release to the FG store */
    LINE_LEAD_TIME_P95,
    LINE_SETUPS,            /* all stages */
    LINE_SETUP_TIME,        /* machine time spent setting up */
    LINE_REWORKED,          /* units reworked */
    LINE_AVAILABILITY,      /* mean over stages of 1 - down fraction */
    LINE_METRIC_COUNT
} line_metric;

/* Per product (only with two products or more), in this order. */
typedef enum product_metric {
    PRODUCT_UNITS_DEMANDED,
    PRODUCT_FILL_RATE,
    PRODUCT_CUSTOMER_LEAD_TIME_MEAN,
    PRODUCT_CUSTOMER_LEAD_TIME_P95,
    PRODUCT_AVG_ON_HAND,     /* finished goods */
    PRODUCT_AVG_BACKORDERS,
    PRODUCT_THROUGHPUT,
    PRODUCT_HOLDING_COST,    /* its finished goods and its WIP */
    PRODUCT_SHORTAGE_COST,
    PRODUCT_TOTAL_COST,
    PRODUCT_METRIC_COUNT
} product_metric;

const char *line_metric_name(line_metric m);
const char *stage_metric_name(stage_metric m);
const char *product_metric_name(product_metric m);

/* The columns of a line's rows: the METRIC_COUNT metrics, then the
 * line_metric ones by name, then "<stage>.<stage metric>" for each stage,
 * then "<product>.<product metric>" for each product when there are two or
 * more. Columns for a spec with no stages are just the METRIC_COUNT. 0, or
 * -1 when memory runs out; overwrites cols as metric_columns_base does. */
int line_columns(const line_spec *spec, metric_columns *cols);
/* Their number, the width of the line's rows (prodline_finish writes
 * exactly this many): METRIC_COUNT with no stages. */
size_t line_row_width(const line_spec *spec);
/* Where a column lives in a row. */
size_t line_column_line(line_metric m);
size_t line_column_stage(size_t stage, stage_metric m);
size_t line_column_product(const line_spec *spec, size_t product,
                           product_metric m);

/* Checks a spec against the world's suppliers; 0 or -1 with a message. */
int line_spec_check(const line_spec *spec, size_t n_suppliers, char *err,
                    size_t errlen);

typedef struct prodline prodline;

/* Observers (optional). The level observer gets, after each change, the
 * total finished on hand, backorders, raw on order and the line's WIP
 * (avg_wip's level: units in the stages and the buffers between them); the
 * stage observer the WIP at each stage (array of n_stages, buffers not
 * included) and the line's WIP. */
typedef void (*line_level_fn)(void *ctx, double t, double on_hand,
                              double backorders, double on_order, double wip);
typedef void (*line_stage_fn)(void *ctx, double t, const double *stage_wip,
                              size_t n_stages, double line_wip);

/* What a line's teaching trace reports (events.csv, --trace=stdout). */
typedef enum line_event {
    LINE_CUSTOMER_ORDER, /* product, quantity demanded */
    LINE_SHORT,          /* product, quantity not served on arrival */
    LINE_RELEASE,        /* product released to the first stage */
    LINE_CARD,           /* a kanban card of product returns to stage */
    LINE_SETUP,          /* stage changes over to product */
    LINE_DONE,           /* stage finished a unit of product */
    LINE_FINISHED,       /* a unit of product reaches the finished store */
    LINE_SCRAP,          /* stage scrapped a unit of product */
    LINE_REWORK,         /* stage sends a unit of product back through */
    LINE_BREAKDOWN,      /* a machine of stage fails */
    LINE_REPAIRED,       /* and is repaired */
    LINE_MAINTENANCE,    /* a machine of stage stops for maintenance */
    LINE_STOPPED,        /* a disruption stops stage */
    LINE_RESTARTED,      /* and it starts again */
    LINE_RAW_ORDER,      /* raw material ordered, quantity */
    LINE_RAW_RECEIPT     /* raw material received, quantity */
} line_event;

const char *line_event_name(line_event event);

/* The state after a traced event: the product's finished stock and
 * waiting customers (or the totals when the event has no product), the
 * line's WIP and the raw store's stock. */
typedef struct line_trace_state {
    double on_hand, backorders, wip, raw;
} line_trace_state;

/* stage and product are -1 when the event has none. */
typedef void (*line_trace_fn)(void *ctx, double t, line_event event,
                              int stage, int product, double quantity,
                              const line_trace_state *state);

/* ---- the runtime (world.c drives it) ------------------------------------ */

/* The world's part of a line run: the clock, the world's suppliers and
 * their order pool, the observed window and the year length. */
typedef struct line_env {
    double horizon;
    double warmup;
    double time_units_per_year;
    double bullwhip_period;
    const item_spec *item;       /* the world's item: raw holding rate, and
                                    the product when the spec lists none */
    const demand_spec *demand;   /* the world's demand, likewise */
    const supplier_spec *supplier_specs;
    size_t n_suppliers;
} line_env;

/* Checks the spec and the control, resolves the control's `auto`
 * parameters into *effective (from policy->params) and allocates. NULL
 * with "what is wrong; what is expected" in err. The specs are borrowed. */
prodline *prodline_create(const line_spec *spec, const policy_spec *policy,
                          const line_env *env, policy_params *effective,
                          char *err, size_t errlen);
void prodline_destroy(prodline *l);

/* One replication: puts the initial state in place and schedules the
 * demand, releases and breakdowns on s. Orders for raw material go to
 * suppliers[raw.supplier] through `orders`; the world routes their arrival
 * to prodline_receive. 0, or -1 when out of memory. */
int prodline_start(prodline *l, sim *s, supplier *suppliers,
                   order_pool *orders, uint64_t seed, uint64_t replication);
void prodline_receive(sim *s, void *ctx, uint32_t order_index);
/* An order for raw material left its supplier (supplier_on_dispatch): the
 * line owns it in transit from now unless the supplier says at_receipt. */
void prodline_dispatched(sim *s, void *ctx, uint32_t order_index);
/* A disruption stops stage k (begin) or lets it go again (end). Machines
 * in work stop where they are and resume after; a machine under repair
 * or in maintenance stays stopped until both are over. Stops nest. */
void prodline_stage_stop(prodline *l, size_t k, int begin);

/* Starts the observed window now. */
void prodline_begin_window(prodline *l);
/* Closes the window at the horizon and fills every column of out, a row
 * of line_row_width(spec) doubles. */
void prodline_finish(prodline *l, double *out);

/* What the control's `auto` rules made of the line, for people: the
 * cards of each loop, the CONWIP cards, MRP's safety stocks and planned
 * lead time, or heijunka's sequence and caps, per product. */
#define LINE_PLAN_MAX 1024
void prodline_plan(const prodline *l, char *buf, size_t len);

/* Whether the last run ran out of memory (its figures are then wrong). */
int prodline_failed(const prodline *l);

void prodline_observe_levels(prodline *l, line_level_fn fn, void *ctx);
void prodline_trace(prodline *l, line_trace_fn fn, void *ctx);
void prodline_observe_stages(prodline *l, line_stage_fn fn, void *ctx);

/* Planning figures (after create): a stage's lead-time estimate per unit
 * (mean process time over the demand mix, inflated by availability and
 * maintenance, plus the expected setup), and the line's (their sum). */
double prodline_stage_lead_time(const prodline *l, size_t stage);
double prodline_lead_time(const prodline *l);
/* The demand rate the `auto` rules planned for: every product's, as shaped
 * over the observed window, summed. */
double prodline_planning_rate(const prodline *l);

#endif
