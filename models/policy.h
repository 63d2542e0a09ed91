/*
 * policy.h - replenishment policies as plug-ins.
 *
 * A policy type is a `const struct policy_type` of callbacks, like GSL's
 * gsl_rng_type: its name, family (pull or push), which parameters it takes,
 * a `resolve` step that turns `auto` parameters into numbers from the
 * demand, lead time and costs, and the callbacks the stock point calls on a
 * customer order, a withdrawal from stock, a receipt and a periodic review.
 * A NULL callback means "not interested". One file per policy in
 * models/policies/, one line per policy in the registry (policy.c).
 *
 * A policy that can control a production line points to its line control
 * (models/line/control.h); the controls of lines only (conwip, heijunka,
 * campaign) are defined with it, one file each in models/line/controls/.
 *
 * Policies act only through stockpt_order() (stockpt_order_from() for the
 * two sources of a dual-sourced type) and read the stock point's
 * state; they never touch the kernel or the suppliers directly.
 */
#ifndef JITSIM_POLICY_H
#define JITSIM_POLICY_H

#include <stddef.h>

typedef struct stockpt stockpt;
struct line_control;
struct dist;

typedef enum policy_family { POLICY_PUSH, POLICY_PULL } policy_family;

/* Parameters, by their textbook letters. */
typedef enum policy_param {
    PARAM_Q,             /* order quantity */
    PARAM_r,             /* reorder point */
    PARAM_s,             /* (s, S) reorder level */
    PARAM_S,             /* order-up-to level */
    PARAM_R,             /* review period */
    PARAM_SERVICE_LEVEL, /* target cycle service level, (0, 1) */
    PARAM_FILL_RATE,     /* target fill rate, (0, 1) */
    PARAM_CARDS,         /* kanban cards */
    PARAM_CONTAINER,     /* units per kanban container */
    PARAM_SAFETY,        /* kanban safety factor alpha */
    PARAM_FORECAST,      /* mrp: 0 moving average, 1 exponential smoothing */
    PARAM_ALPHA,         /* mrp: smoothing constant, (0, 1] */
    PARAM_WINDOW,        /* mrp: moving-average periods */
    PARAM_SAFETY_STOCK,  /* mrp: units */
    PARAM_PERIOD,        /* mrp: planning period */
    PARAM_WIP,           /* conwip: cap on units in the line */
    PARAM_PITCH,         /* heijunka, campaign: time between releases */
    PARAM_BATCH,         /* campaign: units of a product in a row */
    PARAM_SPLIT,         /* standing_split: fraction to the first source */
    PARAM_S_E,           /* dual_index: expedited order-up-to level */
    PARAM_S_R,           /* dual_index: regular order-up-to level */
    PARAM_COVER,         /* order_up_to, pout: periods of forecast covered */
    PARAM_ALLOW_RETURNS, /* order_up_to, pout: 1 lets an order be negative */
    PARAM_TI,            /* pout: the inventory's adjustment time T_i */
    PARAM_THETA,         /* sterman: weight of the latest incoming order */
    PARAM_ALPHA_S,       /* sterman: fraction of the stock gap ordered */
    PARAM_BETA,          /* sterman: fraction of the supply line counted */
    PARAM_NOISE,         /* sterman: sd of the order's noise (board game) */
    /* Set by resolve for the policy's own use; never given by users. */
    PARAM_PLAN_DEMAND,    /* mean demand per time unit */
    PARAM_PLAN_LEAD_TIME, /* mean lead time */
    PARAM_COUNT
} policy_param;

/* PARAM_OPTIMAL: minimise the expected cost of the policy's textbook model
 * (only for the parameters in the type's `optimal_accepted`). */
typedef enum param_state {
    PARAM_UNSET,
    PARAM_AUTO,
    PARAM_GIVEN,
    PARAM_OPTIMAL,
    /* A named heuristic instead of the optimum: echelon_base_stock's
     * `S: shang_song` (Shang & Song 2003), sized by the network. */
    PARAM_HEURISTIC
} param_state;

typedef struct policy_params {
    double value[PARAM_COUNT];
    unsigned char state[PARAM_COUNT];
} policy_params;

/* How a supplier's orders reach the stock point (the supplier's
 * `deliveries`, models/supplier.h). INDEPENDENT: each order draws its own
 * transit time, so a later order may arrive first (orders cross); the
 * units outstanding under one-for-one ordering are then an M/G/infinity
 * queue whose count depends on the lead time's mean only (Palm's theorem).
 * IN_ORDER: deliveries keep the order they were placed in (Zipkin's
 * sequential lead times), so a long lead time delays every later order too
 * and the lead time's variance adds D^2 var_L to the lead-time demand's
 * variance for every policy; and the lead time an order sees is the
 * longest of the recent transit draws, longer than one draw when orders
 * are frequent (policy_seen_context). */
typedef enum policy_deliveries {
    POLICY_DELIVERIES_INDEPENDENT,
    POLICY_DELIVERIES_IN_ORDER
} policy_deliveries;

/* What the `auto` rules need to know about the world. Rates are per time
 * unit; the lead time is the supplier's when idle (transit plus one unit's
 * process time), and on a working calendar the lead time measured in the
 * demand it covers (models/calendar_plan.h). */
typedef struct policy_context {
    /* Mean units per time unit as shaped over the observed window (the
     * planning rate: demand_planning_rates), and its variance rate. */
    double demand_rate;
    double demand_variance;
    int poisson_unit_demand;   /* Poisson arrivals of one unit each, at a
                                  constant rate over the window */
    int poisson_arrivals;      /* customer orders arrive as a Poisson
                                  process (of rate demand_rate /
                                  order_size); else at regular times */
    double order_size;         /* mean units per customer order */
    double order_size_variance; /* their variance */
    double lead_time;          /* mean */
    double lead_time_variance; /* of one order's lead time */
    /* The part of lead_time_variance orders cannot overtake each other in
     * (the process times at first-come-first-served servers); the rest is
     * transit, drawn per order. */
    double serial_lead_time_variance;
    int constant_lead_time;
    int capacitated;           /* the supplier has servers: lead times grow
                                  with load and are not independent */
    policy_deliveries deliveries;
    /* The supplier's transit-time law (its `lead_time`), for the rules
     * that need more than its moments; NULL when unknown. */
    const struct dist *transit;
    double order_cost;         /* fixed cost per order */
    double holding_cost;       /* per unit per time unit */
    double backorder_cost;     /* per unit backordered per time unit */
    double stockout_cost;      /* per unit short on arrival */
    int lost_sales;            /* unmet demand is lost, not backordered */
    /* Each source a policy orders from, side by side for the rules of the
     * dual-sourcing policies (policy_type.dual_sourced), which weigh one
     * against the other: [0] the policy's supplier (the figures above
     * repeat its lead time and order cost), [1] its second_supplier when
     * it has one. n_sources is 0 without a supplier. */
    int n_sources;
    struct policy_source {
        double lead_time;          /* mean: transit plus one process time */
        double lead_time_variance;
        double transit;            /* mean transit time alone */
        int constant_lead_time;    /* constant transit and no servers */
        int capacitated;           /* the supplier has servers */
        double order_cost;         /* per order placed */
        double shipment_cost;      /* per shipment received */
        double landed_cost;        /* unit price plus unit freight */
        /* What holding one unit bought from it costs per time unit: on
         * hand, and in transit (0 when the supplier owns goods in transit,
         * ownership: at_receipt). */
        double holding_cost;
        double transit_holding_cost;
    } source[2];
} policy_context;

/* A policy's private state lives in the stock point, inline. */
#define POLICY_STATE_MAX 2304

typedef struct policy_type {
    const char *name;
    policy_family family;
    const char *summary;
    /* Parameters, defaults and auto rules, one "  name: ..." per line. */
    const char *help;
    unsigned accepted; /* bit (1u << PARAM_x) for each parameter it takes */
    /* Fills `auto` and defaulted parameters in p and checks them all;
     * returns 0 or -1 with "what is wrong; what is expected" in err. */
    int (*resolve)(policy_params *p, const policy_context *ctx, char *err,
                   size_t errlen);
    /* Units on hand at the start when the user gives none. */
    double (*initial_inventory)(const policy_params *p);
    /* Time between reviews (first at t = 0), or 0 for none. */
    double (*review_period)(const policy_params *p);
    /* Called at the start of each replication, after the initial stock. */
    void (*start)(stockpt *sp, void *state);
    /* A customer order of `quantity` units arrived (stock already taken). */
    void (*on_demand)(stockpt *sp, void *state, double quantity);
    /* `quantity` units left the loop's stock (to a customer). */
    void (*on_withdrawal)(stockpt *sp, void *state, double quantity);
    /* `quantity` good units were received. */
    void (*on_receipt)(stockpt *sp, void *state, double quantity);
    /* A periodic review. */
    void (*on_review)(stockpt *sp, void *state);
    /* Parameters it takes when it controls a production line (a scenario
     * with stages, models/line.h); 0 for none (a control may have none). */
    unsigned line_accepted;
    /* Set for controls of lines only (conwip, heijunka, campaign): they
     * manage no single stock point and have no callbacks above. */
    int line_only;
    /* Parameters and defaults as a line control, like `help`. */
    const char *line_help;
    /* What it does as a line's control (models/line/control.h); NULL when
     * it cannot control a line. */
    const struct line_control *line;
    /* Parameters that take `optimal` (a cost model exists): bits as in
     * `accepted`. */
    unsigned optimal_accepted;
    /* Parameters whose `auto` or `optimal` rule uses the demand rate: when
     * one is not given, the run says which rate it planned for. */
    unsigned demand_sized;
    /* Parameters a service target (service_level, fill_rate) or a safety
     * factor sizes: when the user gives them all, no target is in force
     * and none is shown among the parameters as simulated. */
    unsigned target_sizes;
    /* It orders from two sources: its supplier (the first, regular one)
     * and a second_supplier (policy_spec), through stockpt_order_from. */
    int dual_sourced;
    /* A closed loop (kanban): the demand over the lead time its orders
     * see, over the units the loop holds (its load; at 1 or more it cannot
     * keep up). NULL when the policy has no closed loop. */
    double (*loop_load)(const policy_params *effective,
                        const policy_context *ctx, double *units,
                        double *demanded);
} policy_type;

/* A closed loop sized with no margin over the demand over its lead time
 * (load at least LOOP_LOAD_CAUTION): one line saying so, what it means and
 * what to change, into buf (empty when there is nothing to say; room for
 * POLICY_CAUTION_MAX bytes is enough). Printed under the policy as
 * simulated, so that a kanban that loses a comparison because its cards
 * carry no buffer is not mistaken for kanban losing. Returns the load
 * when it said something, else 0. */
#define LOOP_LOAD_CAUTION 0.9
#define POLICY_CAUTION_MAX 320
double policy_loop_caution(const policy_type *type,
                           const policy_params *effective,
                           const policy_context *ctx, char *buf, size_t len);

/* The registry. */
const policy_type *policy_find(const char *name);
size_t policy_type_count(void);
const policy_type *policy_type_at(size_t i);

const char *policy_param_name(policy_param param);
/* -1 if no parameter has this name. */
int policy_param_find(const char *name);
const char *policy_family_name(policy_family family);

void policy_params_init(policy_params *p);
void policy_param_set(policy_params *p, policy_param param, double value);
void policy_param_set_auto(policy_params *p, policy_param param);
void policy_param_set_optimal(policy_params *p, policy_param param);
int policy_param_given(const policy_params *p, policy_param param);

/* The standard normal quantile z with P(Z <= z) = level. */
double policy_z(double level);

/* Writes "Q=40 r=12 ..." for the parameters that are set. */
int policy_params_format(const policy_type *type, const policy_params *p,
                         char *buf, size_t len);

/* Shared `auto` helpers. */
/* sqrt(2 D K / h), rounded to the nearest whole unit, at least 1. */
double policy_eoq_quantity(const policy_context *ctx);
/* Mean and standard deviation of demand over a time span (lead time plus
 * review period): sqrt(span sigma_D^2 + D^2 sigma_L^2). */
double policy_span_demand_mean(const policy_context *ctx, double span);
double policy_span_demand_sd(const policy_context *ctx, double span);

/* service_level: defaults to 0.95, must be in [0.5, 0.9999]. 0 or -1. */
int policy_resolve_service_level(policy_params *p, char *err, size_t errlen);

/* What the order-up-to policies with a target (order_up_to, pout) share,
 * reviewing every R: cover (default lead time plus one review, in
 * reviews), service_level, safety_stock (default z sd of demand over the
 * cover), allow_returns (default no), and the plan's demand and lead
 * time from `seen`. 0, or -1 with a message. */
int policy_resolve_cover_target(policy_params *p, const policy_context *seen,
                                double R, char *err, size_t errlen);

/* Units covering demand over `span` at the policy's service level: the
 * mean plus z standard deviations, rounded up (a reorder point or an
 * order-up-to level). */
double policy_cover(const policy_context *ctx, const policy_params *p,
                    double span);

/* The variance of one order's lead time that enters the lead-time demand
 * of a policy (the D^2 var_L term). `one_for_one`: the policy orders every
 * unit as it is demanded (base stock), so with independent deliveries the
 * outstanding units are an M/G/infinity queue and only the serial part
 * counts; lot-sizing policies keep the whole variance (docs/policies.md
 * says why). With in-order deliveries it is always the whole variance. */
double policy_lead_time_variance(const policy_context *ctx, int one_for_one);

/* Lead times as orders see them (models/policy_lead.c). The context a
 * policy plan with when its orders go in groups of `group` (>= 1, usually
 * 1; need not be whole) every `interval` time units: with deliveries in
 * order, lead_time and lead_time_variance are those of the lead time an
 * order sees, max over earlier orders j (and itself) of (their transit -
 * the time since they were placed), which depends on how often orders go
 * (`poisson`: the groups are a Poisson process of rate 1 / interval, else
 * one every interval exactly). The same context otherwise (independent
 * deliveries, a constant transit, no transit law). */
policy_context policy_seen_context(const policy_context *ctx, double interval,
                                   double group, int poisson);
/* The same for a policy that orders `units` at a time (a lot, a
 * container): every units / D at regular times, or with every customer
 * order (and at their times) when units is no more than an order's size;
 * then, with `split`, a customer order of k units sends k / units orders
 * at once (kanban's containers), else one (a multiple of the lot). */
policy_context policy_lot_context(const policy_context *ctx, double units,
                                  int split);
/* In order, one-for-one ordering on a Poisson process of orders of rate
 * `nu`: the number N of orders outstanding at a moment is 0 with
 * probability exp(-nu E[T]), else 1 + Poisson(nu U), U the age of the
 * oldest order whose own transit has not elapsed, P(U > u) = 1 - exp(-nu
 * E[(T - u)^+]). Sets its mean and variance, and P(N = k) for k < n into
 * pmf (when not NULL). 0, or -1 without a transit law (or memory). */
int policy_in_order_outstanding(const policy_context *ctx, double nu,
                                double *mean, double *variance, double *pmf,
                                size_t n);

/* The first-order loss function of lead-time demand X, B(y) = E[(X -
 * y)^+]: exact for Poisson X (mean `mean`), else normal with that mean and
 * standard deviation `sd`. */
double policy_loss(double y, double mean, double sd, int poisson);
/* P(X > y) for the same X (for Poisson, y whole). */
double policy_tail(double y, double mean, double sd, int poisson);

/* The expected cost per time unit of a continuous-review (Q, r) policy
 * (base stock is Q = 1, r = S - 1) in the Hadley-Whitin / Zipkin model:
 * K D / Q + (1/Q) sum over the positions y = r+1 .. r+Q of
 * h E[(y - X)^+] + b E[(X - y)^+] + p D P(X >= y), X the lead-time demand
 * (Poisson exact; normal: the sum becomes an integral). Backorders only;
 * for lost sales see policy_qr_lost_sales_cost. */
double policy_qr_cost(const policy_context *ctx, double Q, double r,
                      double mean, double sd, int poisson);
/* The (Q, r) cost with lost sales, Hadley and Whitin's approximation:
 * K D / Q + h (Q / 2 + r - mean + B(r)) + p D B(r) / Q. */
double policy_qr_lost_sales_cost(const policy_context *ctx, double Q,
                                 double r, double mean, double sd,
                                 int poisson);
/* The r minimising the (Q, r) cost for a given Q (the cost is convex in
 * r), and the Q (with its r) minimising it jointly. */
double policy_qr_best_r(const policy_context *ctx, double Q, double mean,
                        double sd, int poisson);
void policy_qr_best(const policy_context *ctx, double mean, double sd,
                    int poisson, double *Q, double *r);

/* Resolve helpers: check that a parameter is a number in [lo, hi] and
 * whole when asked. Return 0 or -1 with a message. */
int policy_check_range(const policy_params *p, policy_param param, double lo,
                       double hi, int whole, char *err, size_t errlen);

#endif
