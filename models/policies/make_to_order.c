/*
 * make_to_order.c - pull: no stock. Every customer order places its own
 * replenishment of the same size and is delivered when it arrives.
 */
#include "models/policy.h"
#include "models/stockpt.h"

static int mto_resolve(policy_params *p, const policy_context *ctx, char *err,
                       size_t errlen)
{
    (void)p;
    (void)ctx;
    (void)err;
    (void)errlen;
    return 0;
}

static void mto_on_demand(stockpt *sp, void *state, double quantity)
{
    (void)state;
    /* Units the order could not take from stock (there is none unless an
     * initial inventory was given) are ordered; keeping the position at 0
     * does exactly that. */
    (void)quantity;
    stockpt_order(sp, -stockpt_position(sp));
}

const policy_type policy_make_to_order = {
    .name = "make_to_order",
    .family = POLICY_PULL,
    .summary = "no stock: each customer order places its own order",
    .help =
        "  (no parameters)\n",
    .accepted = 0,
    .resolve = mto_resolve,
    .on_demand = mto_on_demand,
};
