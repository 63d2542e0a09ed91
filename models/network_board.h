/*
 * network_board.h - the board game's weekly steps (network_board.c) with
 * a hook at step 7: someone outside the rule (a person playing one role,
 * models/beer_game.c) may decide a node's order each week, after seeing
 * what the board shows at that moment. network_board_run (network.h) is
 * this without a hook: its results do not change.
 *
 * Not here: the game a person plays (beer_game.c), the rule (sterman.c).
 */
#ifndef JITSIM_NETWORK_BOARD_H
#define JITSIM_NETWORK_BOARD_H

#include <stddef.h>
#include <stdint.h>

#include "models/network.h"

/* What node `node` (0 the customer-facing node, counting up the chain)
 * sees in week `week` (1-based) when it orders: steps 1 to 6 done. */
typedef struct board_decision {
    size_t week, node;
    double on_hand, backlog;
    double incoming;    /* the order read this week */
    double received;    /* the shipment that arrived this week */
    double supply_line; /* orders not yet read + owed + in the boxes */
    double expected;    /* the rule's L^ */
    double cost;        /* this week's cost, charged at step 8 */
} board_decision;

/* Returns the order to place; `rule_order` is the node's own rule's
 * (the fixed flow in weeks 1 to fixed_weeks). */
typedef double (*board_order_fn)(void *ctx, const board_decision *seen,
                                 double rule_order);

int network_board_run_hooked(const struct world_spec *spec, uint64_t seed,
                             uint64_t replication, double *out,
                             board_week *weekly, size_t max_weeks,
                             network_level_fn levels, void *levels_ctx,
                             board_order_fn decide, void *decide_ctx);

#endif
