/*
 * kanban.c - pull: N cards, each authorising one container of C units.
 * When a container is emptied (C units have left the loop's stock to
 * customers) its card goes upstream as an order for C. At most N containers
 * exist, full, in transit or being consumed; customers who find no stock
 * wait, and their demand releases no card until it is served.
 *
 * cards: auto = ceil(D L (1 + safety) / C), the Toyota formula, with D the
 * mean demand rate and L the supplier's mean lead time; with deliveries in
 * order, the mean lead time a card sees when one goes every C / D
 * (policy_lot_context): frequent cards wait for the slowest recent
 * shipment. No variance enters: the safety factor is the buffer.
 *
 * Cards are numbered 1..N for the teaching trace. Full containers are used
 * oldest first and the supplier returns cards in the order it got them, so
 * both queues are first-in first-out and the cards go upstream in a fixed
 * cycle (cards not backed by the initial stock first, at t = 0): the k-th
 * card sent is card ((k - 1) mod N) + 1. Units are interchangeable, so
 * when lead times cross this labelling is as true as any other; a counter
 * is all the state it needs.
 *
 * The loop holds N C units: on hand, on order, and taken from the
 * container being emptied. A card orders C, which keeps it so, unless an
 * order was not C: a backup supplier's own lot (backup_lot) or a
 * supplier's minimum order. Then the next card orders what brings the loop
 * back to N C (more than C, or less, or nothing: the card waits until the
 * surplus is used), so that a disruption does not leave the loop with
 * more or fewer containers for good.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "models/policy.h"
#include "models/stockpt.h"

/* As a line's control: models/line/controls/kanban.c. */
extern const struct line_control line_control_kanban;

typedef struct kanban_state {
    double consumed;     /* units taken from the container being emptied */
    uint64_t cards_sent; /* cards sent upstream so far (numbers the cards) */
} kanban_state;

static int kanban_resolve(policy_params *p, const policy_context *ctx,
                          char *err, size_t errlen)
{
    if (p->state[PARAM_CONTAINER] != PARAM_GIVEN)
        policy_param_set(p, PARAM_CONTAINER, 1.0);
    if (policy_check_range(p, PARAM_CONTAINER, 1.0, 1e12, 1, err, errlen))
        return -1;
    if (p->state[PARAM_SAFETY] != PARAM_GIVEN)
        policy_param_set(p, PARAM_SAFETY, 0.0);
    if (policy_check_range(p, PARAM_SAFETY, 0.0, 100.0, 0, err, errlen))
        return -1;
    if (p->state[PARAM_CARDS] != PARAM_GIVEN) {
        policy_context seen =
            policy_lot_context(ctx, p->value[PARAM_CONTAINER], 1);
        double n = ceil(ctx->demand_rate * seen.lead_time *
                            (1.0 + p->value[PARAM_SAFETY]) /
                            p->value[PARAM_CONTAINER] -
                        1e-9);
        policy_param_set(p, PARAM_CARDS, n < 1.0 ? 1.0 : n);
    }
    return policy_check_range(p, PARAM_CARDS, 1.0, 1e9, 1, err, errlen);
}

/* The loop's load: D L over N C, L the lead time a card sees. */
static double kanban_load(const policy_params *p, const policy_context *ctx,
                          double *units, double *demanded)
{
    policy_context seen =
        policy_lot_context(ctx, p->value[PARAM_CONTAINER], 1);
    *units = p->value[PARAM_CARDS] * p->value[PARAM_CONTAINER];
    *demanded = ctx->demand_rate * seen.lead_time;
    return *units > 0.0 ? *demanded / *units : INFINITY;
}

static double kanban_initial(const policy_params *p)
{
    return p->value[PARAM_CARDS] * p->value[PARAM_CONTAINER];
}

/* At the start the loop holds N containers' worth: what is on hand, the
 * rest as cards already upstream. With less stock than the cards hold
 * (an `initial_inventory` below N C), the cards no stock backs go to the
 * supplier now, as orders of C, and the remainder below one container is
 * counted as already taken from the container being emptied: otherwise
 * those cards would never be sent and the loop would run short of them
 * all horizon. With more, the surplus is taken first without releasing a
 * card (a negative count), so the loop settles at N cards. Either way
 * on hand + on order + taken = N C from the start. */
static void kanban_start(stockpt *sp, void *state)
{
    kanban_state *k = state;
    const policy_params *p = stockpt_params(sp);
    double container = p->value[PARAM_CONTAINER];
    uint64_t cards = (uint64_t)p->value[PARAM_CARDS];
    double missing = p->value[PARAM_CARDS] * container - stockpt_on_hand(sp);
    if (missing <= 0.0) {
        k->consumed = missing;
        return;
    }
    double upstream = floor(missing / container);
    k->consumed = missing - upstream * container;
    for (double i = 0; i < upstream; i++) {
        stockpt_trace_card(sp, (int)(k->cards_sent++ % cards) + 1);
        stockpt_order(sp, container);
    }
}

/* The container being emptied is empty: its cards go upstream. Out of
 * line: most withdrawals (every customer's) only count. */
static __attribute__((noinline)) void send_cards(stockpt *sp,
                                                 kanban_state *k,
                                                 double container)
{
    const policy_params *p = stockpt_params(sp);
    uint64_t cards = (uint64_t)p->value[PARAM_CARDS];
    double loop_units = p->value[PARAM_CARDS] * container;
    while (k->consumed >= container) {
        k->consumed -= container;
        /* C, unless an order of another size changed the loop. */
        double due = loop_units - (stockpt_on_hand(sp) +
                                   stockpt_on_order(sp) + k->consumed);
        if (due <= 0.0)
            continue;
        stockpt_trace_card(sp, (int)(k->cards_sent++ % cards) + 1);
        stockpt_order(sp, due);
    }
}

static void kanban_on_withdrawal(stockpt *sp, void *state, double quantity)
{
    kanban_state *k = state;
    double container = stockpt_params(sp)->value[PARAM_CONTAINER];
    k->consumed += quantity;
    if (k->consumed >= container)
        send_cards(sp, k, container);
}

const policy_type policy_kanban = {
    .name = "kanban",
    .family = POLICY_PULL,
    .summary = "N cards of C units: each emptied container orders C",
    .help =
        "  cards          number of kanban cards N; auto = ceil(D L (1 + safety)\n"
        "                 / C), the Toyota formula (default auto)\n"
        "  container      units per container C (default 1)\n"
        "  safety         safety factor alpha for cards: auto (default 0)\n",
    .accepted = 1u << PARAM_CARDS | 1u << PARAM_CONTAINER |
                1u << PARAM_SAFETY,
    .resolve = kanban_resolve,
    .demand_sized = 1u << PARAM_CARDS,
    .target_sizes = 1u << PARAM_CARDS,
    .initial_inventory = kanban_initial,
    .loop_load = kanban_load,
    .start = kanban_start,
    .on_withdrawal = kanban_on_withdrawal,
    .line_accepted = 1u << PARAM_CARDS | 1u << PARAM_CONTAINER |
                     1u << PARAM_SAFETY,
    .line_help =
        "  cards          cards per loop (a loop per stage, between it and its\n"
        "                 output store), a stage's own `cards` overriding;\n"
        "                 auto = ceil(D L (1 + safety) / C) with L the stage's\n"
        "                 planning lead time (queueing, setups and breakdowns\n"
        "                 counted: docs/lines.md)\n"
        "  container      units per container C (default 1)\n"
        "  safety         safety factor alpha (default 0.1)\n",
    .line = &line_control_kanban,
};
