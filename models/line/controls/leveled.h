/*
 * leveled.h - what heijunka and campaign share (leveled.c): a repeating
 * sequence of products offered to the first stage one slot every `pitch`,
 * a slot used when its product is below its cap; the leveled cycle from
 * the demand mix; the caps; the plan in words.
 *
 * Folder-private to models/line/controls/. Not a control: heijunka.c and
 * campaign.c each build their sequence from the cycle and define their
 * line_control with these callbacks.
 */
#ifndef JITSIM_LINE_LEVELED_H
#define JITSIM_LINE_LEVELED_H

#include "models/line/control.h"

typedef struct leveled_state {
    int *sequence;  /* the repeating release sequence (owned) */
    size_t sequence_len, sequence_at;
    double pitch;
    double cap[LINE_PRODUCTS_MAX]; /* on units in line + on hand */
    double wip_cap;                /* on the line's WIP, all products */
} leveled_state;

static inline leveled_state *leveled_of(const prodline *l)
{
    return l->control_state;
}

/* safety (default 0.1) and pitch (auto 1 / (D (1 + safety))). */
int leveled_resolve(const prodline *l, policy_params *p, char *err,
                    size_t errlen);
/* The cap on the line's WIP, once the sequence's length is known:
 * wip auto = ceil(D x (line lead time) x (1 + safety)) + `cycle_slots`
 * (one sequence's slots). */
int leveled_resolve_wip(const prodline *l, policy_params *p,
                        size_t cycle_slots, char *err, size_t errlen);
/* The leveled cycle into level[]: the spec's sequence, or one from the
 * demand mix; returns its length. */
size_t leveled_cycle(const prodline *l, int *level);
/* Allocates the state's sequence of `len` slots. 0 or -1 with a message. */
int leveled_alloc(prodline *l, size_t len, char *err, size_t errlen);
/* With the sequence made: the pitch and each product's cap and starting
 * stock; with `bursts`, a cap covers a cycle's demand and two standard
 * deviations too (campaigns come in bursts). */
void leveled_caps(prodline *l, int bursts);

/* The line_control callbacks both share. */
void leveled_plan_text(const prodline *l, char *buf, size_t len,
                       size_t *used);
void leveled_destroy(prodline *l);
int leveled_initial_stock(prodline *l, double *finished);
void leveled_start(prodline *l);

#endif
