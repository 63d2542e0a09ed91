/*
 * beer_game.c - the beer game as a person plays it (beer_game.h): the
 * board built as lesson 21 has it (scenarios/beer-game.yaml, the numbers
 * of Sterman 1989), stepped by network_board.c with the player's role's
 * orders supplied through its step-7 hook, replayed from week 1 at every
 * order and undo (36 weeks x 4 roles: microseconds).
 *
 * The partners' rules, all Sterman's anchoring and adjustment:
 *   sterman    theta .36, alpha_S .26, beta .34, S' 17 (his fitted mean);
 *   benchmark  theta 0, alpha_S 1, beta 1, S' 28, 28, 28, 20 (204);
 *   base_stock theta 1, alpha_S 0: the order is the order received, which
 *              is installation base stock with its level at the starting
 *              inventory position (the position never moves: an incoming
 *              order lowers it, the same order placed restores it).
 *
 * Not here: the terminal (app/cmd_play.c), the steps (network_board.c).
 */
#include "models/beer_game.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/network_board.h"

static const char *const role_names[BEER_ROLES] = {
    "retailer", "wholesaler", "distributor", "factory"};
static const char *const partner_names[BEER_PARTNERS_COUNT] = {
    "sterman", "benchmark", "base_stock"};

const char *beer_role_name(int role)
{
    return role >= 0 && role < BEER_ROLES ? role_names[role] : NULL;
}

int beer_role_find(const char *name)
{
    for (int r = 0; r < BEER_ROLES; r++)
        if (name && strcmp(name, role_names[r]) == 0)
            return r;
    return -1;
}

const char *beer_partners_name(beer_partners p)
{
    return (int)p >= 0 && p < BEER_PARTNERS_COUNT ? partner_names[p] : NULL;
}

int beer_partners_find(const char *name)
{
    for (int p = 0; p < BEER_PARTNERS_COUNT; p++)
        if (name && strcmp(name, partner_names[p]) == 0)
            return p;
    return -1;
}

static int set_const(dist *d, double x)
{
    char err[200];
    dist_free(d);
    return dist_constant(d, x, err, sizeof err);
}

int beer_game_spec(world_spec *w, beer_partners partners)
{
    static const double rules[BEER_PARTNERS_COUNT][4] = {
        /* theta, alpha_S, beta, S' (the factory's S' below) */
        {0.36, 0.26, 0.34, 17.0},
        {0.0, 1.0, 1.0, 28.0},
        {1.0, 0.0, 0.0, 0.0},
    };
    if ((int)partners < 0 || partners >= BEER_PARTNERS_COUNT)
        return -1;
    const double *rule = rules[partners];
    world_spec_init(w);
    w->horizon = BEER_WEEKS;
    w->time_units_per_year = 52.0;
    w->timing = TIMING_BOARD_GAME;
    w->fixed_weeks = BEER_FIXED_WEEKS;
    w->item.holding_cost = 0.5;
    w->item.backorder_cost = 1.0;
    /* Customers: 4 at t = 0, 1, ..., doubled from t = 4 (week 5). */
    w->demand.arrivals = DEMAND_PERIODIC;
    w->demand.period = 1.0;
    w->demand.shocks = calloc(1, sizeof *w->demand.shocks);
    if (!w->demand.shocks || set_const(&w->demand.quantity, 4.0))
        goto fail;
    w->demand.n_shocks = 1;
    w->demand.shocks[0] = (demand_shock){4.0, 1e7, 2.0};
    supplier_spec s;
    supplier_spec_init(&s);
    snprintf(s.name, sizeof s.name, "brewery");
    int bad = set_const(&s.lead_time, 2.0) || world_spec_add_supplier(w, &s);
    supplier_spec_free(&s);
    if (bad)
        goto fail;
    for (int k = 0; k < BEER_ROLES; k++) {
        node_spec n;
        node_spec_init(&n);
        snprintf(n.name, sizeof n.name, "%s", role_names[k]);
        n.from = k == BEER_ROLES - 1 ? -1 : k + 1;
        n.customers = k == 0;
        n.item = w->item;
        if (k == 0) {
            demand_spec_free(&n.demand);
            if (demand_spec_copy(&n.demand, &w->demand)) {
                node_spec_free(&n);
                goto fail;
            }
        }
        snprintf(n.policy.name, sizeof n.policy.name, "%s",
                 partner_names[partners]);
        n.policy.type = policy_find("sterman");
        n.policy.supplier = 0;
        n.order_delay = k == BEER_ROLES - 1 ? 1.0 : 2.0;
        n.pipeline = 4.0;
        n.policy.initial_inventory = 12.0;
        double anchor = partners == BEER_BENCHMARK && k == BEER_ROLES - 1
                            ? 20.0
                            : rule[3];
        policy_param_set(&n.policy.params, PARAM_THETA, rule[0]);
        policy_param_set(&n.policy.params, PARAM_ALPHA_S, rule[1]);
        policy_param_set(&n.policy.params, PARAM_BETA, rule[2]);
        policy_param_set(&n.policy.params, PARAM_S, anchor);
        bad = !n.policy.type || set_const(&n.link.lead_time, 2.0) ||
              world_spec_add_node(w, &n);
        node_spec_free(&n);
        if (bad)
            goto fail;
    }
    w->policy = w->nodes[0].policy;
    return 0;
fail:
    world_spec_free(w);
    return -1;
}

/* The step-7 hook: the player's orders, then the first week not given
 * seen (the rule plays on from there; those weeks are not kept). */
static double decide(void *ctx, const board_decision *seen, double rule)
{
    beer_game *g = ctx;
    if ((int)seen->node != g->role || seen->week <= BEER_FIXED_WEEKS)
        return rule;
    int i = (int)seen->week - BEER_FIXED_WEEKS - 1;
    if (i < g->n_orders)
        return g->orders[i];
    if (i == g->n_orders) {
        beer_view *v = &g->view;
        v->on_hand = seen->on_hand;
        v->backlog = seen->backlog;
        v->incoming = seen->incoming;
        v->received = seen->received;
        v->supply_line = seen->supply_line;
        v->rule_order = rule;
        v->cost_so_far = seen->cost;
    }
    return rule;
}

static int replay(beer_game *g)
{
    memset(&g->view, 0, sizeof g->view);
    g->view.week = BEER_FIXED_WEEKS + 1 + g->n_orders;
    double out[NETWORK_ROW_WIDTH(BEER_ROLES)];
    if (network_board_run_hooked(&g->spec, 1, 0, out, g->weeks, BEER_WEEKS,
                                 NULL, NULL, decide, g))
        return -1;
    if (g->view.week > BEER_WEEKS) {
        g->view.week = BEER_WEEKS + 1;
        return 0;
    }
    for (int t = 1; t < g->view.week; t++)
        g->view.cost_so_far += beer_game_week(g, g->role, t)->cost;
    return 0;
}

int beer_game_start(beer_game *g, int role, beer_partners partners)
{
    memset(g, 0, sizeof *g);
    if (!beer_role_name(role) || beer_game_spec(&g->spec, partners)) {
        memset(g, 0, sizeof *g); /* nothing to free */
        return -1;
    }
    g->role = role;
    g->partners = partners;
    if (replay(g)) {
        beer_game_free(g);
        return -1;
    }
    return 0;
}

void beer_game_free(beer_game *g)
{
    if (g->spec.nodes)
        world_spec_free(&g->spec);
    memset(g, 0, sizeof *g);
}

int beer_game_over(const beer_game *g)
{
    return g->view.week > BEER_WEEKS;
}

int beer_game_order(beer_game *g, double cases, char *err, size_t errlen)
{
    if (beer_game_over(g)) {
        snprintf(err, errlen, "the game is over (week %d was the last)",
                 BEER_WEEKS);
        return -1;
    }
    if (!(cases >= 0.0 && cases <= BEER_ORDER_MAX) || cases != floor(cases)) {
        snprintf(err, errlen, "an order is a whole number of cases from 0 "
                              "to %g", BEER_ORDER_MAX);
        return -1;
    }
    g->orders[g->n_orders++] = cases;
    if (replay(g)) {
        g->n_orders--;
        snprintf(err, errlen, "the board could not be replayed");
        return -1;
    }
    return 0;
}

int beer_game_back(beer_game *g)
{
    if (g->n_orders == 0)
        return -1;
    g->n_orders--;
    return replay(g);
}

int beer_game_weeks_done(const beer_game *g)
{
    return g->view.week - 1;
}

const board_week *beer_game_week(const beer_game *g, int role, int week)
{
    if (role < 0 || role >= BEER_ROLES || week < 1 || week > BEER_WEEKS)
        return NULL;
    return &g->weeks[role * BEER_WEEKS + week - 1];
}

double beer_game_cost(const beer_game *g, int role)
{
    double sum = 0.0;
    int done = beer_game_weeks_done(g);
    for (int r = 0; r < BEER_ROLES; r++)
        if (role < 0 || r == role)
            for (int t = 1; t <= done; t++)
                sum += beer_game_week(g, r, t)->cost;
    return sum;
}
