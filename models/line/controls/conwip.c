/*
 * conwip.c - pull, lines only: one cap on the units in a line. A unit
 * taken from the finished-goods store sends its card back to the first
 * stage, which releases one unit of the same product; the stages in
 * between work whenever they have input (the push rule). A scrapped unit
 * releases its replacement at once.
 *
 * wip: auto = ceil(D x (line lead time) x (1 + safety)), shared by
 * demand, every product keeping at least one card. Cards not on finished
 * units at the start are released at time 0.
 *
 * The whole control, its policy_type and its line_control: a policy of
 * lines only manages no stock point. Not the stages: models/line/stage.c.
 */
#include <math.h>
#include <stdio.h>

#include "models/line/control.h"

typedef struct conwip_state {
    double cards[LINE_PRODUCTS_MAX]; /* per product */
} conwip_state;

static double *cards_of(const prodline *l)
{
    return ((conwip_state *)l->control_state)->cards;
}

static int conwip_resolve(const prodline *l, policy_params *p, char *err,
                          size_t errlen)
{
    double d_total = line__demand_rate(l);
    double lead = prodline_lead_time(l);
    if (!policy_param_given(p, PARAM_SAFETY))
        policy_param_set(p, PARAM_SAFETY, 0.5);
    if (line__check(p, PARAM_SAFETY, 0.0, 100.0, 0, err, errlen))
        return -1;
    if (!policy_param_given(p, PARAM_WIP)) {
        double n = ceil(d_total * lead * (1.0 + p->value[PARAM_SAFETY]) -
                        1e-9);
        policy_param_set(p, PARAM_WIP,
                         n < (double)l->n_products ? (double)l->n_products
                                                   : n);
    }
    return line__check(p, PARAM_WIP, (double)l->n_products, 1e9, 1, err,
                       errlen);
}

static int conwip_plan(prodline *l, char *err, size_t errlen)
{
    const policy_params *p = l->params;
    size_t np = l->n_products;
    double *cards = cards_of(l);
    /* The cap shared by demand; every product keeps a card. */
    double w = p->value[PARAM_WIP];
    for (size_t i = 0; i < np; i++) {
        double n = np == 1 ? w : floor(w * l->products[i].share + 0.5);
        cards[i] = n < 1.0 ? 1.0 : n;
        /* Cards not on finished units start as releases, unit by
         * unit. */
        double released = cards[i] - (isnan(l->products[i].initial)
                                          ? cards[i]
                                          : l->products[i].initial);
        if (released > LINE_UNITS_MAX) {
            snprintf(err, errlen, "%g cards with %g finished units at "
                                  "the start would release %g units at "
                                  "once; at most %g expected",
                     cards[i], l->products[i].initial, released,
                     LINE_UNITS_MAX);
            return -1;
        }
    }
    return 0;
}

static void conwip_plan_text(const prodline *l, char *buf, size_t len,
                             size_t *used)
{
    line__append(buf, len, used, "cards:");
    line__per_product(l, buf, len, used, cards_of(l), sizeof(double));
}

/* Every card on a finished unit, or the product's `initial` if fewer. */
static int conwip_initial_stock(prodline *l, double *finished)
{
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        double fg = cards_of(l)[i];
        if (!isnan(pr->initial) && pr->initial < fg)
            fg = pr->initial;
        finished[i] = fg;
    }
    return 0;
}

/* Cards not in the store start as releases. */
static void conwip_start(prodline *l)
{
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        double missing = cards_of(l)[i] - pr->on_hand;
        for (double j = 0; j < missing; j++)
            line__release(l, (int)i);
    }
}

/* A unit sold from the finished-goods store sends its card back. */
static void conwip_withdrawn(prodline *l, size_t k, int product,
                             double units)
{
    if (k == l->n_stages - 1)
        for (double i = 0; i < units; i++)
            line__release(l, product);
}

static void conwip_scrapped(prodline *l, size_t k, int product)
{
    (void)k;
    line__release(l, product);
}

static const line_control line_control_conwip = {
    .state_size = sizeof(conwip_state),
    .resolve = conwip_resolve,
    .plan = conwip_plan,
    .plan_text = conwip_plan_text,
    .initial_stock = conwip_initial_stock,
    .start = conwip_start,
    .withdrawn = conwip_withdrawn,
    .scrapped = conwip_scrapped,
};

const policy_type policy_conwip = {
    .name = "conwip",
    .family = POLICY_PULL,
    .summary = "lines: a cap on all units in the line; a sale releases one",
    .line_only = 1,
    .line_accepted = 1u << PARAM_WIP | 1u << PARAM_SAFETY,
    .line_help =
        "  wip            cap on units released and not yet sold (in the\n"
        "                 stages, their buffers and the finished-goods store);\n"
        "                 auto = ceil(D x (line lead time) x (1 + safety))\n"
        "                 (default auto)\n"
        "  safety         safety factor for wip: auto (default 0.5)\n",
    .line = &line_control_conwip,
};
