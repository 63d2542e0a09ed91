/*
 * kanban.c - the kanban control of a line: a loop of cards between each
 * stage and its output store (the next stage's input buffer, or the
 * finished-goods store for the last). A stage may make a unit of a product
 * only with one of that product's cards; a container of C units withdrawn
 * from its store sends C cards back, and a scrapped unit its own card.
 *
 * cards: auto per loop and product = ceil(D L (1 + safety) / C), the
 * Toyota formula with the product's demand rate D and the stage's planning
 * lead time L (prodline_stage_lead_time); a stage's own `cards`, or a given
 * total, is shared by demand. Each loop starts full: its buffer holds
 * cards x C units (the finished store the product's `initial` if fewer,
 * the other cards waiting at the stage).
 *
 * A machine takes the product whose oldest card waits longest and whose
 * input is there. Kanban as a stock-point policy is models/policies/
 * kanban.c, whose policy_type points here. Not the stages: stage.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "models/line/control.h"

typedef struct kanban_loop {
    /* Cards waiting at the stage, per product: the ones present at the
     * start (oldest) and then a ring of their return times. */
    double cards_initial[LINE_PRODUCTS_MAX];
    unit_ring cards[LINE_PRODUCTS_MAX];
    double pending;                     /* all cards waiting */
    double consumed[LINE_PRODUCTS_MAX]; /* withdrawn from the container */
    double loop_cards[LINE_PRODUCTS_MAX];
} kanban_loop;

/* One loop per stage. */
typedef struct kanban_state {
    kanban_loop loops[LINE_STAGES_MAX];
} kanban_state;

static kanban_loop *loop_of(const prodline *l, size_t k)
{
    return &((kanban_state *)l->control_state)->loops[k];
}

static int kanban_resolve(const prodline *l, policy_params *p, char *err,
                          size_t errlen)
{
    double d_total = line__demand_rate(l);
    if (!policy_param_given(p, PARAM_CONTAINER))
        policy_param_set(p, PARAM_CONTAINER, 1.0);
    if (line__check(p, PARAM_CONTAINER, 1.0, LINE_UNITS_MAX, 1, err, errlen))
        return -1;
    if (!policy_param_given(p, PARAM_SAFETY))
        policy_param_set(p, PARAM_SAFETY, 0.1);
    if (line__check(p, PARAM_SAFETY, 0.0, 100.0, 0, err, errlen))
        return -1;
    if (policy_param_given(p, PARAM_CARDS)) {
        if (line__check(p, PARAM_CARDS, 1.0, 1e9, 1, err, errlen))
            return -1;
    } else {
        /* The Toyota formula on the slowest loop, as a reported figure;
         * each loop computes its own in kanban_plan. */
        double worst = 0.0;
        for (size_t k = 0; k < l->n_stages; k++)
            if (l->stages[k].lead_time > worst)
                worst = l->stages[k].lead_time;
        double n = ceil(d_total * worst * (1.0 + p->value[PARAM_SAFETY]) /
                            p->value[PARAM_CONTAINER] -
                        1e-9);
        policy_param_set(p, PARAM_CARDS, n < 1.0 ? 1.0 : n);
    }
    return 0;
}

/* The cards of each loop and product. */
static int kanban_plan(prodline *l, char *err, size_t errlen)
{
    const policy_params *p = l->params;
    size_t np = l->n_products;
    double c = p->value[PARAM_CONTAINER];
    double safety = p->value[PARAM_SAFETY];
    for (size_t k = 0; k < l->n_stages; k++) {
        stage_run *st = &l->stages[k];
        kanban_loop *loop = loop_of(l, k);
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
            loop->loop_cards[i] = n < 1.0 ? 1.0 : n;
            /* A buffer starts full, unit by unit; the finished store
             * is a count and may start with any number. */
            if (k + 1 < l->n_stages &&
                loop->loop_cards[i] * c > LINE_UNITS_MAX) {
                snprintf(err, errlen, "stage %s: %g cards of %g units "
                                      "would start %g units in its "
                                      "buffer; at most %g expected",
                         st->spec->name, loop->loop_cards[i], c,
                         loop->loop_cards[i] * c, LINE_UNITS_MAX);
                return -1;
            }
        }
    }
    return 0;
}

static void kanban_plan_text(const prodline *l, char *buf, size_t len,
                             size_t *used)
{
    line__append(buf, len, used, "cards per loop:");
    for (size_t k = 0; k < l->n_stages; k++) {
        line__append(buf, len, used, "%s %s", k ? ";" : "",
                     l->stages[k].spec->name);
        line__per_product(l, buf, len, used, loop_of(l, k)->loop_cards,
                          sizeof(double));
    }
}

static void kanban_destroy(prodline *l)
{
    for (size_t k = 0; k < l->n_stages; k++)
        for (int p = 0; p < LINE_PRODUCTS_MAX; p++)
            free(loop_of(l, k)->cards[p].u);
}

/* Every loop full: its buffer holds its cards' units; the finished store
 * the product's `initial` if fewer, the other cards waiting at the last
 * stage. */
static int kanban_initial_stock(prodline *l, double *finished)
{
    for (size_t k = 0; k < l->n_stages; k++) {
        kanban_loop *loop = loop_of(l, k);
        loop->pending = 0.0;
        for (int p = 0; p < LINE_PRODUCTS_MAX; p++) {
            ring_clear(&loop->cards[p]);
            loop->cards_initial[p] = 0.0;
            loop->consumed[p] = 0.0;
        }
    }
    size_t last = l->n_stages - 1;
    double c = l->params->value[PARAM_CONTAINER];
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        for (size_t k = 0; k < last; k++)
            if (line__fill_store(l, k, (int)i,
                                 loop_of(l, k)->loop_cards[i] * c))
                return -1;
        double fg = loop_of(l, last)->loop_cards[i] * c;
        if (!isnan(pr->initial) && pr->initial < fg) {
            loop_of(l, last)->cards_initial[i] = fg - pr->initial;
            loop_of(l, last)->pending += fg - pr->initial;
            fg = pr->initial;
        }
        finished[i] = fg;
    }
    return 0;
}

/* A card waits at the stage. */
static int kanban_authorised(const prodline *l, size_t k)
{
    return loop_of(l, k)->pending > 0.0;
}

static void add_cards(prodline *l, size_t k, int product, double units)
{
    kanban_loop *loop = loop_of(l, k);
    double t = line__now(l);
    for (double i = 0; i < units; i++)
        if (ring_put(&loop->cards[product], t, t, t, product)) {
            l->failed = 1;
            return;
        }
    loop->pending += units;
    LINE_TRACE(l, LINE_CARD, (int)k, product, units);
}

/* `units` of `product` left stage k's output store (to the next stage or,
 * for the last stage, to customers): each emptied container sends its
 * cards back to the stage. */
static void kanban_withdrawn(prodline *l, size_t k, int product,
                             double units)
{
    kanban_loop *loop = loop_of(l, k);
    double c = l->params->value[PARAM_CONTAINER];
    loop->consumed[product] += units;
    while (loop->consumed[product] >= c) {
        loop->consumed[product] -= c;
        add_cards(l, k, product, c);
    }
    line__stage_dispatch(l, k);
}

/* A scrapped unit's card goes back at once. */
static void kanban_scrapped(prodline *l, size_t k, int product)
{
    add_cards(l, k, product, 1.0);
}

static double card_head(const kanban_loop *loop, int p)
{
    return loop->cards_initial[p] > 0.0
               ? -1.0
               : ring_head(&loop->cards[p])->released;
}

static int cards_of(const kanban_loop *loop, int p)
{
    return loop->cards_initial[p] > 0.0 || loop->cards[p].n > 0;
}

/* The product whose oldest card has waited longest, among those whose
 * input is there; its card is used. The first stage starts a new unit
 * (released now), a later one takes the unit from its input store, which
 * sends that loop's cards back as a withdrawal. */
static int kanban_take_job(prodline *l, size_t k, unit *job)
{
    kanban_loop *loop = loop_of(l, k);
    double t = line__now(l);
    int best = -1;
    double best_t = INFINITY;
    for (size_t p = 0; p < l->n_products; p++) {
        if (!cards_of(loop, (int)p))
            continue;
        if (k > 0 && l->stages[k - 1].out[p].n == 0)
            continue;
        double h = card_head(loop, (int)p);
        if (h < best_t) {
            best_t = h;
            best = (int)p;
        }
    }
    if (best < 0)
        return 0;
    if (loop->cards_initial[best] > 0.0)
        loop->cards_initial[best] -= 1.0;
    else
        (void)ring_pop(&loop->cards[best]);
    loop->pending -= 1.0;
    if (k == 0) {
        line__take_raw(l, best);
        *job = (unit){t, t, t, best};
        line__wip_add(l, &l->products[best], 1.0);
        if (l->observing)
            l->bucket_release[line__bucket_of(l)] += 1.0;
    } else {
        *job = line__take_from_store(l, k - 1, best);
        job->entered = t;
        kanban_withdrawn(l, k - 1, best, 1.0);
    }
    line__stage_wip_add(l, k, 1);
    return 1;
}

const line_control line_control_kanban = {
    .state_size = sizeof(kanban_state),
    .resolve = kanban_resolve,
    .plan = kanban_plan,
    .plan_text = kanban_plan_text,
    .destroy = kanban_destroy,
    .initial_stock = kanban_initial_stock,
    .authorised = kanban_authorised,
    .take_job = kanban_take_job,
    .withdrawn = kanban_withdrawn,
    .scrapped = kanban_scrapped,
};
