/*
 * beer_game.h - the beer game as a person plays it: one role decided from
 * outside week by week, the other three by a rule, on Sterman's board
 * (models/network_board.c's weekly steps, its exact numbers: 36 weeks,
 * customers 4 then 8 from week 5, orders and shipments 2 weeks each, 12
 * on hand and 4 in every slot, 0.50 on hand and 1.00 backlog a
 * case-week; every order 4 in weeks 1-4).
 *
 * Each order (and each undo) replays the board from week 1 with the
 * orders given so far: a game is a pure function of (role, partners,
 * orders), so `back` is exact and a transcript replays the same game.
 *
 * Not here: the terminal (app/cmd_play.c), the classroom page's JSON
 * (analysis/classroom_play.c), the rule (policies/sterman.c).
 */
#ifndef JITSIM_BEER_GAME_H
#define JITSIM_BEER_GAME_H

#include <stddef.h>

#include "models/network.h"
#include "models/world.h"

#define BEER_ROLES 4
#define BEER_WEEKS 36
#define BEER_FIXED_WEEKS 4
#define BEER_BENCHMARK_COST 204.0 /* Sterman 1989: 46 + 50 + 54 + 54 */
#define BEER_ORDER_MAX 10000.0

/* The rule the computer plays the other roles with. */
typedef enum beer_partners {
    BEER_STERMAN,   /* the average player: theta .36, alpha_S .26, beta .34, S' 17 */
    BEER_BENCHMARK, /* theta 0, alpha_S 1, beta 1, S' 28, 28, 28, 20 */
    BEER_BASE_STOCK, /* order what was ordered: base stock at the starting position */
    BEER_PARTNERS_COUNT
} beer_partners;

/* "retailer", "wholesaler", "distributor", "factory"; NULL out of range. */
const char *beer_role_name(int role);
int beer_role_find(const char *name); /* -1 when none */
const char *beer_partners_name(beer_partners p);
int beer_partners_find(const char *name); /* -1 when none */

/* What the player's role sees when it orders in week `week`. */
typedef struct beer_view {
    int week; /* the week to decide, BEER_FIXED_WEEKS + 1..BEER_WEEKS */
    double on_hand, backlog;
    double incoming;    /* the order received this week */
    double received;    /* the shipment (production) that arrived */
    double supply_line; /* ordered, not yet received */
    double cost_so_far; /* weeks 1..week, this week's included */
    double rule_order;  /* what the partners' rule would order here */
} beer_view;

typedef struct beer_game {
    int role;
    beer_partners partners;
    world_spec spec;
    int n_orders;               /* the player's orders given, from week 5 */
    double orders[BEER_WEEKS];  /* orders[i]: week BEER_FIXED_WEEKS + 1 + i */
    /* The last replay: weeks[r * BEER_WEEKS + t - 1]; final for the weeks
     * before view.week (all of them once the game is over). */
    board_week weeks[BEER_ROLES * BEER_WEEKS];
    beer_view view;
} beer_game;

/* The board with every role under `partners` (for the game and tests). */
int beer_game_spec(world_spec *w, beer_partners partners);

int beer_game_start(beer_game *g, int role, beer_partners partners);
void beer_game_free(beer_game *g);
/* The player's order for view.week: a whole number in [0,
 * BEER_ORDER_MAX]; -1 (and why in err) otherwise or when over. */
int beer_game_order(beer_game *g, double cases, char *err, size_t errlen);
/* Undoes the last order; -1 when there is none. */
int beer_game_back(beer_game *g);
int beer_game_over(const beer_game *g);
/* Weeks whose records are final: view.week - 1, or BEER_WEEKS. */
int beer_game_weeks_done(const beer_game *g);
const board_week *beer_game_week(const beer_game *g, int role, int week);
/* A role's cost (role -1: the team's) over the weeks done. */
double beer_game_cost(const beer_game *g, int role);

#endif
