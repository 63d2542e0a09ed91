/*
 * control.h - a production line's control as a plug-in: kanban, conwip,
 * mrp, heijunka, campaign, one file each in models/line/controls/.
 *
 * A control is a `const line_control` of callbacks, in the shape of a
 * stock point's policy_type (models/policy.h): the line calls them and
 * knows no control by name. The policy registry (models/policy.c) is the
 * only list of controls: a policy_type that can control a line points to
 * its line_control (policy_type.line) and says which parameters it takes
 * there and their help (line_accepted, line_help). For a control of lines
 * only, the policy_type and the line_control are defined in the same file
 * here; kanban and mrp, stock-point policies too, keep their policy_type in
 * models/policies/ and point here.
 *
 * What a control decides: its `auto` parameters (resolve), what it sets up
 * before a run (plan: cards, caps, sequences) and the plan in words, the
 * starting stock, what it starts at time 0 (first releases, its own timed
 * events), whether a stage may start a job and which, what a customer's
 * order, a withdrawal from a store and a scrapped unit release. A NULL
 * callback means "not interested", or for authorised and take_job the
 * push rule: the first stage works on the units released to it, the others
 * whenever they have input.
 *
 * A control keeps its own state in l->control_state (state_size bytes,
 * zeroed when the line is created) and acts through the operations of
 * internal.h: line__release, line__stage_dispatch, line__take_raw, ...
 * Not the line's model: stages, machines and accounting are internal.h's.
 */
#ifndef JITSIM_LINE_CONTROL_H
#define JITSIM_LINE_CONTROL_H

#include <stddef.h>

#include "models/line/internal.h"
#include "models/policy.h"

typedef struct line_control {
    /* Whether it takes the line's `sequence` (line_spec.sequence). */
    int takes_sequence;
    /* Bytes of private state: l->control_state, zeroed at create. */
    size_t state_size;

    /* ---- before any run (prodline_create) ---- */
    /* Fills the `auto` and defaulted parameters in p from the line (its
     * demand, its stages' planning lead times) and checks them all;
     * returns 0 or -1 with "what is wrong; what is expected" in err. */
    int (*resolve)(const prodline *l, policy_params *p, char *err,
                   size_t errlen);
    /* With l->params resolved: cards, caps, sequences, and each product's
     * `initial` when NaN. 0 or -1 with a message. NULL: nothing. */
    int (*plan)(prodline *l, char *err, size_t errlen);
    /* The plan for people (prodline_plan), appended with line__append. */
    void (*plan_text)(const prodline *l, char *buf, size_t len,
                      size_t *used);
    /* Frees what plan allocated in the state. NULL: nothing. */
    void (*destroy)(prodline *l);

    /* ---- a run (prodline_start) ---- */
    /* Puts the state back for a new run, fills the buffers it starts
     * full, and gives the finished units of each product at the start in
     * finished[]. 0, or -1 when out of memory. */
    int (*initial_stock)(prodline *l, double *finished);
    /* At time 0, once the stock is in place and the window open: first
     * releases, its own timed events (slots, planning periods). NULL:
     * nothing. */
    void (*start)(prodline *l);
    /* Whether stage k may start a new job: read for every dispatch (the
     * blocked and starved time shares). NULL: the push rule. */
    int (*authorised)(const prodline *l, size_t k);
    /* Stage k takes its next job into *job (rework and raw material are
     * the line's); 1, or 0 when none. NULL: the push rule. */
    int (*take_job)(prodline *l, size_t k, unit *job);
    /* A customer order for `quantity` of product arrived (before any stock
     * is taken). NULL: nothing. */
    void (*on_demand)(prodline *l, int product, double quantity);
    /* `units` of product left the finished-goods store to customers (k is
     * the last stage): a sale, or a finished unit handed to a waiting
     * customer. NULL: nothing. (The stores between stages are left by
     * take_job, which a control that cares supplies.) */
    void (*withdrawn)(prodline *l, size_t k, int product, double units);
    /* Stage k scrapped a unit of product. NULL: nothing. */
    void (*scrapped)(prodline *l, size_t k, int product);
} line_control;

/* Helpers for controls. */

/* policy_check_range, with its message in err. */
int line__check(const policy_params *p, policy_param param, double lo,
                double hi, int whole, char *err, size_t errlen);
/* Appends to buf like snprintf, keeping what fits (plan_text.c). */
void line__append(char *buf, size_t len, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* " A 3, B 2" or " 3" for one product (whole numbers): value[i * stride
 * bytes] for each product i. */
void line__per_product(const prodline *l, char *buf, size_t len,
                       size_t *used, const double *value, size_t stride);

#endif
