/*
 * play.h - what is made of a beer game a person played (models/beer_game.h):
 * the orders chart as SVG, the benchmark's costs to compare with, and the
 * whole game as one JSON text for the classroom page's Play tab.
 *
 * Not here: the game itself (models/beer_game.c), the terminal
 * (app/cmd_play.c), the page (app/classroom/page.js).
 */
#ifndef JITSIM_PLAY_H
#define JITSIM_PLAY_H

#include <stddef.h>
#include <stdio.h>

#include "models/beer_game.h"

/* Every role's orders over the weeks done, one polyline each (class
 * "series", data-role the role's name), and the customers' orders
 * dashed, as a standalone SVG document. */
void play_svg(FILE *f, const beer_game *g);

/* The benchmark rule's cost of each role over weeks 1..weeks (all four
 * roles under it: 46, 50, 54, 54 over 36 weeks). 0, or -1. */
int play_benchmark_costs(int weeks, double cost[BEER_ROLES]);

/* The game of `role` against `partners` (names as beer_game.h's) after
 * the player's orders in `orders` (whole numbers from week 5 on,
 * separated by spaces or commas; more than the game holds are refused).
 * A malloc'd JSON text: ok, error (one line when not ok), role, partners,
 * roles (names), weeks, fixed_weeks, week (to decide; weeks + 1 when
 * over), over, view {on_hand, backlog, incoming, received, supply_line,
 * cost_so_far}, weeks_done, orders [role][week], customers [week], costs
 * [role], team_cost, benchmark_costs [role] and benchmark_team_cost over
 * the same weeks, benchmark_total (204), svg (play_svg's text). NULL when
 * memory runs out. */
char *play_json(const char *role, const char *partners, const char *orders,
                size_t *out_len);

#endif
