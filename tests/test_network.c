/*
 * test_network.c - supply chains of stock points (models/network.c,
 * models/network_board.c): the beer game's board timing against its
 * published benchmark, week by week; serial chains and trees in continuous
 * time against closed forms; every refusal of network_create.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/estimate.h"
#include "models/network.h"
#include "models/world.h"
#include "tests/test_row.h"

static void set_const(dist *d, double x)
{
    char err[200];
    dist_free(d);
    cr_assert_eq(dist_constant(d, x, err, sizeof err), 0, "%s", err);
}

static void add_supplier(world_spec *w, const char *name, double lead)
{
    supplier_spec s;
    supplier_spec_init(&s);
    snprintf(s.name, sizeof s.name, "%s", name);
    set_const(&s.lead_time, lead);
    cr_assert_eq(world_spec_add_supplier(w, &s), 0);
    supplier_spec_free(&s);
}

/* A node: `from` is another node's index, or -1 for supplier 0. */
static void add_node(world_spec *w, const char *name, int from,
                     const char *policy, int customers)
{
    node_spec n;
    node_spec_init(&n);
    snprintf(n.name, sizeof n.name, "%s", name);
    n.from = from;
    n.customers = customers;
    n.item = w->item;
    if (customers) {
        demand_spec_free(&n.demand);
        cr_assert_eq(demand_spec_copy(&n.demand, &w->demand), 0);
    }
    snprintf(n.policy.name, sizeof n.policy.name, "P");
    n.policy.type = policy_find(policy);
    cr_assert_not_null(n.policy.type, "%s", policy);
    n.policy.supplier = 0;
    cr_assert_eq(world_spec_add_node(w, &n), 0);
    node_spec_free(&n);
}

/* ---- the beer game ------------------------------------------------------- */

/* Sterman's board: retailer, wholesaler, distributor, factory; demand 4 in
 * weeks 1-4 and 8 after (a periodic order of 4 at t = 0, 1, ..., doubled
 * from t = 4, i.e. week 5); shipping 2 weeks, orders 2 weeks, production
 * 1 + 2; 12 on hand, 4 in every slot; holding 0.5, backlog 1. */
static void beer_game(world_spec *w, double theta, double alpha, double beta,
                      const double *anchor)
{
    static const char *const names[] = {"retailer", "wholesaler",
                                        "distributor", "factory"};
    world_spec_init(w);
    w->horizon = 36.0;
    w->time_units_per_year = 52.0;
    w->timing = TIMING_BOARD_GAME;
    w->fixed_weeks = 4;
    w->item.holding_cost = 0.5;
    w->item.backorder_cost = 1.0;
    w->demand.arrivals = DEMAND_PERIODIC;
    w->demand.period = 1.0;
    set_const(&w->demand.quantity, 4.0);
    w->demand.shocks = calloc(1, sizeof *w->demand.shocks);
    w->demand.n_shocks = 1;
    w->demand.shocks[0] = (demand_shock){4.0, 1e7, 2.0};
    add_supplier(w, "brewery", 2.0);
    for (int k = 0; k < 4; k++) {
        add_node(w, names[k], k == 3 ? -1 : k + 1, "sterman", k == 0);
        node_spec *n = &w->nodes[k];
        n->order_delay = k == 3 ? 1.0 : 2.0;
        set_const(&n->link.lead_time, 2.0);
        n->pipeline = 4.0;
        n->policy.initial_inventory = 12.0;
        policy_param_set(&n->policy.params, PARAM_THETA, theta);
        policy_param_set(&n->policy.params, PARAM_ALPHA_S, alpha);
        policy_param_set(&n->policy.params, PARAM_BETA, beta);
        policy_param_set(&n->policy.params, PARAM_S, anchor[k]);
    }
    w->policy = w->nodes[0].policy;
}

#define WEEKS 36

Test(board_game, benchmark_costs_46_50_54_54_total_204)
{
    static const double anchor[] = {28, 28, 28, 20};
    world_spec w;
    beer_game(&w, 0.0, 1.0, 1.0, anchor);
    char err[300];
    cr_assert_eq(network_board_check(&w, err, sizeof err), 0, "%s", err);
    board_week weeks[4 * WEEKS];
    test_row out;
    cr_assert_eq(network_board_run(&w, 1, 0, out.value, weeks, WEEKS, NULL, NULL), 0);
    static const double expected[] = {46, 50, 54, 54};
    double total = 0.0;
    for (int k = 0; k < 4; k++) {
        double cost = 0.0;
        for (int t = 0; t < WEEKS; t++)
            cost += weeks[k * WEEKS + t].cost;
        cr_assert_eq(cost, expected[k], "stage %d costs %g", k, cost);
        total += cost;
    }
    cr_assert_eq(total, 204.0);
    /* The row's rates: cost per week. */
    cr_assert_float_eq(out.value[METRIC_TOTAL_COST] * WEEKS, 204.0, 1e-9);
    world_spec_free(&w);
}

Test(board_game, weeks_1_to_5_step_by_step)
{
    static const double anchor[] = {28, 28, 28, 20};
    world_spec w;
    beer_game(&w, 0.0, 1.0, 1.0, anchor);
    board_week weeks[4 * WEEKS];
    test_row out;
    cr_assert_eq(network_board_run(&w, 1, 0, out.value, weeks, WEEKS, NULL, NULL), 0);
    /* Weeks 1-4: every stage receives 4, ships 4, keeps 12, orders 4. */
    for (int k = 0; k < 4; k++)
        for (int t = 0; t < 4; t++) {
            const board_week *b = &weeks[k * WEEKS + t];
            cr_assert_eq(b->incoming, 4.0, "stage %d week %d", k, t + 1);
            cr_assert_eq(b->shipped, 4.0, "stage %d week %d", k, t + 1);
            cr_assert_eq(b->on_hand, 12.0, "stage %d week %d", k, t + 1);
            cr_assert_eq(b->backlog, 0.0);
            cr_assert_eq(b->order, 4.0);
            cr_assert_eq(b->cost, 6.0);
        }
    /* Week 5: the retailer's customers want 8; it receives 4, ships 8
     * (not 20: the clone bug), keeps 12 + 4 - 8 = 8, and orders
     * L^ + (S' - S - SL) = 4 + (28 - 8 - 12) = 12, its supply line being
     * week 4's order in the wholesaler's incoming slot and the two
     * shipping boxes, 4 each. Upstream, demand has not changed yet, but
     * the first free decision also raises the inventory position from its
     * fixed-week 12 + 12 = 24 to S' = 28: the wholesaler and distributor
     * order 4 + 28 - 24 = 8; the factory (S' = 20, two production boxes)
     * 4 + 20 - 20 = 4. */
    const board_week *r5 = &weeks[0 * WEEKS + 4];
    cr_assert_eq(r5->incoming, 8.0);
    cr_assert_eq(r5->shipped, 8.0);
    cr_assert_eq(r5->on_hand, 8.0);
    cr_assert_eq(r5->backlog, 0.0);
    cr_assert_eq(r5->order, 12.0);
    cr_assert_eq(r5->cost, 4.0);
    for (int k = 1; k < 4; k++) {
        const board_week *b = &weeks[k * WEEKS + 4];
        cr_assert_eq(b->incoming, 4.0, "stage %d", k);
        cr_assert_eq(b->shipped, 4.0);
        cr_assert_eq(b->on_hand, 12.0);
        cr_assert_eq(b->order, k == 3 ? 4.0 : 8.0, "stage %d orders %g", k,
                     b->order);
    }
    world_spec_free(&w);
}

/* ---- continuous time: a serial chain against its closed form ------------ */

#define REPS 30
#define COL(node, m) (METRIC_COUNT + (node) * (METRIC_COUNT + 2) + (m))

/* Two nodes, base stock at both: a warehouse (node 0, S2, supplied in L2)
 * feeding a retailer (node 1, S1, shipping L1, order delay `delay`), whose
 * customers are Poisson(lambda) of one unit. */
static void serial_two(world_spec *w, double lambda, double L2, double S2,
                       double L1, double S1, double delay)
{
    world_spec_init(w);
    w->horizon = 2100.0;
    w->warmup = 100.0;
    w->item.holding_cost = 1.0;
    w->item.backorder_cost = 9.0;
    w->demand.rate = lambda;
    add_supplier(w, "plant", L2);
    add_node(w, "warehouse", -1, "base_stock", 0);
    add_node(w, "retailer", 0, "base_stock", 1);
    policy_param_set(&w->nodes[0].policy.params, PARAM_S, S2);
    policy_param_set(&w->nodes[1].policy.params, PARAM_S, S1);
    set_const(&w->nodes[1].link.lead_time, L1);
    w->nodes[1].order_delay = delay;
    w->policy = w->nodes[0].policy;
}

static double poisson_pmf(double mean, int k)
{
    double p = exp(-mean);
    for (int i = 1; i <= k; i++)
        p *= mean / i;
    return p;
}

/* E[(X - s)^+] for X Poisson(mean). */
static double poisson_excess(double mean, int s)
{
    double e = mean - s;
    for (int k = 0; k < s; k++)
        e += (s - k) * poisson_pmf(mean, k);
    return e;
}

static void run_chain(const world_spec *spec, const int *cols, size_t n_cols,
                      double (*x)[REPS])
{
    char err[400];
    world *w = world_create(spec, err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    for (int r = 0; r < REPS; r++) {
        test_row row;
        cr_assert_eq(world_run(w, 7, (uint64_t)r, row.value), 0);
        for (size_t i = 0; i < n_cols; i++)
            x[i][r] = row.value[cols[i]];
    }
    world_destroy(w);
}

static void assert_inside(const char *what, const double *x, double exact)
{
    estimate e;
    cr_assert_eq(estimate_mean(x, REPS, 0.99, &e), 0, "%s", what);
    if (getenv("CHAIN_VERBOSE"))
        fprintf(stderr, "%s: exact %.6g, [%.6g, %.6g]\n", what, exact, e.low,
                e.high);
    cr_assert(e.low <= exact && exact <= e.high,
              "%s: exact %.6g outside the 99%% interval [%.6g, %.6g]", what,
              exact, e.low, e.high);
    /* Tight enough to tell: within 5% of the value. */
    cr_assert_lt(e.half_width, 0.05 * fabs(exact), "%s: half-width %g", what,
                 e.half_width);
}

/* One-for-one at both stages, FIFO at the warehouse: units reach the
 * retailer in the order they were ordered, so its net stock L1 after t is
 * S1 - D(t, t + L1] - B2(t), with B2 = (X2 - S2)^+, X2 ~ Poisson(lambda
 * L2), independent of the later demand (Axsaeter, Inventory Control,
 * ch. 10 on serial systems). Hence its backorders E[(D1 + B2 - S1)^+] and
 * fill rate P(D1 + B2 <= S1 - 1); the warehouse's backorders E[B2]; and
 * by Little's law at the warehouse, the retailer's replenishment lead time
 * delay + L1 + E[B2] / lambda. */
Test(chain, serial_base_stock_matches_the_closed_form)
{
    double lambda = 2.0, L2 = 3.0, S2 = 6.0, L1 = 2.0, S1 = 5.0;
    double delay = 0.5;
    world_spec w;
    serial_two(&w, lambda, L2, S2, L1, S1, delay);
    /* The retailer sees its order delay too: D1 over delay + L1. */
    double m1 = lambda * (delay + L1), m2 = lambda * L2;
    double b2 = poisson_excess(m2, (int)S2);
    double b1 = 0.0, fill = 0.0;
    for (int j = 0; j < 60; j++) {
        double pj = j == 0 ? 0.0 : poisson_pmf(m2, (int)S2 + j);
        if (j == 0)
            for (int k = 0; k <= (int)S2; k++)
                pj += poisson_pmf(m2, k);
        /* B2 = j with probability pj. */
        double e = poisson_excess(m1, (int)S1 - j < 0 ? 0 : (int)S1 - j);
        if ((int)S1 - j < 0)
            e += j - S1;
        b1 += pj * e;
        for (int k = 0; k <= (int)S1 - 1 - j; k++)
            fill += pj * poisson_pmf(m1, k);
    }
    static const int cols[] = {
        COL(0, METRIC_AVG_BACKORDERS),
        COL(1, METRIC_AVG_BACKORDERS),
        COL(1, METRIC_FILL_RATE),
        COL(1, METRIC_REPLENISHMENT_LEAD_TIME_MEAN),
        METRIC_FILL_RATE,
    };
    double x[5][REPS];
    run_chain(&w, cols, 5, x);
    assert_inside("warehouse backorders", x[0], b2);
    assert_inside("retailer backorders", x[1], b1);
    assert_inside("retailer fill rate", x[2], fill);
    assert_inside("retailer lead time", x[3], delay + L1 + b2 / lambda);
    /* The chain's fill rate is its end customers': the retailer's. */
    for (int r = 0; r < REPS; r++)
        cr_assert_eq(x[4][r], x[2][r]);
    world_spec_free(&w);
}

/* ---- a tree: rationing at a short warehouse ----------------------------- */

/* A warehouse (S = 2, supplied in 4) far too small for two retailers
 * (S = 3 each, shipping 1), each with Poisson(1) customers. */
static void short_tree(world_spec *w, network_rationing rule)
{
    world_spec_init(w);
    w->horizon = 1100.0;
    w->warmup = 100.0;
    w->item.holding_cost = 1.0;
    w->item.backorder_cost = 5.0;
    w->demand.rate = 1.0;
    w->rationing = rule;
    add_supplier(w, "plant", 4.0);
    add_node(w, "dc", -1, "base_stock", 0);
    add_node(w, "east", 0, "base_stock", 1);
    add_node(w, "west", 0, "base_stock", 1);
    policy_param_set(&w->nodes[0].policy.params, PARAM_S, 2.0);
    for (int k = 1; k < 3; k++) {
        policy_param_set(&w->nodes[k].policy.params, PARAM_S, 3.0);
        set_const(&w->nodes[k].link.lead_time, 1.0);
    }
    w->nodes[1].rank = 0;
    w->nodes[2].rank = 1;
    w->policy = w->nodes[0].policy;
}

/* East's and west's realised lead times, and the warehouse's units
 * shipped, under a rule. */
static void tree_lead_times(network_rationing rule, double (*x)[REPS])
{
    world_spec w;
    short_tree(&w, rule);
    static const int cols[] = {
        COL(1, METRIC_REPLENISHMENT_LEAD_TIME_MEAN),
        COL(2, METRIC_REPLENISHMENT_LEAD_TIME_MEAN),
        COL(0, METRIC_UNITS_DEMANDED),
        COL(1, METRIC_UNITS_DEMANDED),
        COL(2, METRIC_UNITS_DEMANDED),
    };
    run_chain(&w, cols, 5, x);
    world_spec_free(&w);
}

Test(chain, rationing_by_priority_serves_the_first_rank_first)
{
    double fifo[5][REPS], prio[5][REPS], prop[5][REPS];
    tree_lead_times(RATIONING_FIFO, fifo);
    tree_lead_times(RATIONING_PRIORITY, prio);
    tree_lead_times(RATIONING_PROPORTIONAL, prop);
    estimate d;
    /* FIFO and proportional treat the two alike: no difference. */
    estimate_paired(fifo[0], fifo[1], REPS, 0.99, &d);
    cr_assert_eq(estimate_sign(&d), 0, "fifo: east - west = %g", d.mean);
    estimate_paired(prop[0], prop[1], REPS, 0.99, &d);
    cr_assert_eq(estimate_sign(&d), 0, "proportional: %g", d.mean);
    /* Priority: east (rank 0) waits less than west, and less than under
     * FIFO; west more. */
    estimate_paired(prio[0], prio[1], REPS, 0.99, &d);
    cr_assert_eq(estimate_sign(&d), -1, "priority: east - west = %g", d.mean);
    estimate_paired(prio[0], fifo[0], REPS, 0.99, &d);
    cr_assert_eq(estimate_sign(&d), -1, "east: priority - fifo = %g", d.mean);
    /* Every unit the retailers order reaches the warehouse as its demand:
     * what the warehouse is asked for is what they ordered (one for one,
     * up to the orders in their order delay, none here). */
    for (int r = 0; r < REPS; r++) {
        cr_assert_lt(fabs(fifo[2][r] - fifo[3][r] - fifo[4][r]), 12.0);
        cr_assert_lt(fabs(prio[2][r] - prio[3][r] - prio[4][r]), 12.0);
    }
}

/* ---- disruptions upstream ----------------------------------------------- */

/* An outage of the plant for 60 days, every 300 days: the warehouse, which
 * buys from it, runs short, and the retailer through it; both alternatives
 * (base stock with more or less stock upstream) meet the same outages. */
Test(chain, an_outage_upstream_reaches_the_retailer_through_the_warehouse)
{
    world_spec calm, hit;
    serial_two(&calm, 2.0, 3.0, 6.0, 2.0, 5.0, 0.0);
    serial_two(&hit, 2.0, 3.0, 6.0, 2.0, 5.0, 0.0);
    disruption_spec d;
    disruption_spec_init(&d);
    snprintf(d.name, sizeof d.name, "strike");
    d.start = 150.0;
    d.duration = 60.0;
    d.every = 300.0;
    cr_assert_eq(world_spec_add_disruption(&hit, &d), 0);
    disruption_spec_free(&d);
    static const int cols[] = {COL(0, METRIC_AVG_BACKORDERS),
                               COL(1, METRIC_FILL_RATE),
                               COL(1, METRIC_REPLENISHMENT_LEAD_TIME_MEAN)};
    double a[3][REPS], b[3][REPS];
    run_chain(&calm, cols, 3, a);
    run_chain(&hit, cols, 3, b);
    estimate e;
    estimate_paired(b[0], a[0], REPS, 0.99, &e);
    cr_assert_eq(estimate_sign(&e), 1, "warehouse backorders %g", e.mean);
    estimate_paired(b[1], a[1], REPS, 0.99, &e);
    cr_assert_eq(estimate_sign(&e), -1, "retailer fill rate %g", e.mean);
    estimate_paired(b[2], a[2], REPS, 0.99, &e);
    cr_assert_eq(estimate_sign(&e), 1, "retailer lead time %g", e.mean);
    /* During each 60-day outage the warehouse's 6 units last 3 days, then
     * its backorders grow by 2 a day to about 114, then clear 3 days
     * after the outage ends (the held orders ship at once): a triangle of
     * about 114 x 57 / 2 plus 114 x 3, some 3600 unit-days every 300
     * days, 12 on average. */
    estimate_mean(b[0], REPS, 0.99, &e);
    cr_assert_gt(e.mean, 10.0, "warehouse backorders %g", e.mean);
    world_spec_free(&calm);
    world_spec_free(&hit);
}

/* ---- Little's law at every node, and a kanban chain's cards ------------ */

/* The units on order at a node are the rate it orders times the time an
 * order takes to arrive (L = lambda W; unit orders, so per order is per
 * unit): at the warehouse and at the retailer, whose W holds the wait at
 * the warehouse. Within 1% per replication (the window's edges). */
Test(chain, littles_law_holds_at_every_node)
{
    world_spec w;
    serial_two(&w, 2.0, 3.0, 6.0, 2.0, 5.0, 0.5);
    double T = w.horizon - w.warmup;
    static const int cols[] = {
        COL(0, METRIC_AVG_ON_ORDER), COL(0, METRIC_ORDERS_PLACED),
        COL(0, METRIC_REPLENISHMENT_LEAD_TIME_MEAN),
        COL(1, METRIC_AVG_ON_ORDER), COL(1, METRIC_ORDERS_PLACED),
        COL(1, METRIC_REPLENISHMENT_LEAD_TIME_MEAN),
    };
    double x[6][REPS];
    run_chain(&w, cols, 6, x);
    for (int node = 0; node < 2; node++)
        for (int r = 0; r < REPS; r++) {
            double L = x[3 * node][r];
            double lw = x[3 * node + 1][r] / T * x[3 * node + 2][r];
            cr_assert_lt(fabs(L - lw), 0.01 * L, "node %d rep %d: %g vs %g",
                         node, r, L, lw);
        }
    world_spec_free(&w);
}

/* A kanban chain sends cards upstream node by node: every card the shop
 * sends (a unit it ordered) is a unit the warehouse is asked for, and
 * each loop holds its cards: on hand + on order <= N at every node. */
Test(chain, a_kanban_chain_passes_cards_upstream)
{
    world_spec w;
    serial_two(&w, 2.0, 3.0, 0.0, 2.0, 0.0, 0.0);
    w.warmup = 0.0;
    for (int k = 0; k < 2; k++) {
        w.nodes[k].policy.type = policy_find("kanban");
        policy_params_init(&w.nodes[k].policy.params);
        policy_param_set(&w.nodes[k].policy.params, PARAM_CARDS,
                         k == 0 ? 9.0 : 7.0);
    }
    char err[300];
    world *made = world_create(&w, err, sizeof err);
    cr_assert_not_null(made, "%s", err);
    test_row row;
    for (uint64_t r = 0; r < 5; r++) {
        cr_assert_eq(world_run(made, 3, r, row.value), 0);
        double *v = row.value;
        double asked = v[COL(0, METRIC_UNITS_DEMANDED)];
        double sent = v[COL(1, METRIC_ORDERS_PLACED)] *
                      v[COL(1, METRIC_AVG_ORDER_SIZE)];
        cr_assert_gt(sent, 3000.0);
        /* Orders placed at the horizon's instant arrive just after it. */
        cr_assert_leq(sent - asked, 1.0, "sent %g, asked %g", sent, asked);
        cr_assert_geq(sent - asked, 0.0);
        for (size_t k = 0; k < 2; k++) {
            const stockpt *sp = world_node_stockpt(made, k);
            cr_assert_leq(sp->on_hand + sp->on_order, k == 0 ? 9.0 : 7.0);
        }
    }
    world_destroy(made);
    world_spec_free(&w);
}

/* ---- shared information: echelon positions and point-of-sale data ------ */

/* One-for-one with no order delay, the warehouse ordering on the
 * customers' sales up to an echelon level S1 + S2 does what it does
 * ordering on the retailer's orders up to S2 (Axsaeter: echelon and
 * installation base stock coincide in a serial one-for-one chain): the
 * same rows. With an order delay, sharing spares the warehouse the delay:
 * the retailer waits less for it. */
Test(chain, shared_information_is_echelon_base_stock)
{
    world_spec local, shared;
    serial_two(&local, 2.0, 3.0, 6.0, 2.0, 5.0, 0.0);
    serial_two(&shared, 2.0, 3.0, 11.0, 2.0, 5.0, 0.0);
    shared.information = INFORMATION_SHARED;
    /* The warehouse's opening stock stays its installation's 6. */
    shared.nodes[0].policy.initial_inventory = 6.0;
    char err[300];
    world *a = world_create(&local, err, sizeof err);
    cr_assert_not_null(a, "%s", err);
    world *b = world_create(&shared, err, sizeof err);
    cr_assert_not_null(b, "%s", err);
    metric_columns cols;
    cr_assert_eq(world_columns(&local, &cols), 0);
    for (uint64_t r = 0; r < 5; r++) {
        test_row x, y;
        cr_assert_eq(world_run(a, 11, r, x.value), 0);
        cr_assert_eq(world_run(b, 11, r, y.value), 0);
        for (size_t c = 0; c < cols.n; c++)
            if (!(isnan(x.value[c]) && isnan(y.value[c])))
                cr_assert_float_eq(x.value[c], y.value[c], 1e-9,
                                   "%s: %g local, %g shared", cols.name[c],
                                   x.value[c], y.value[c]);
    }
    metric_columns_free(&cols);
    world_destroy(a);
    world_destroy(b);
    world_spec_free(&local);
    world_spec_free(&shared);

    /* An order delay of 2: shared information cuts the retailer's wait. */
    serial_two(&local, 2.0, 3.0, 6.0, 2.0, 9.0, 2.0);
    serial_two(&shared, 2.0, 3.0, 15.0, 2.0, 9.0, 2.0);
    shared.information = INFORMATION_SHARED;
    shared.nodes[0].policy.initial_inventory = 6.0;
    static const int lead[] = {COL(1, METRIC_REPLENISHMENT_LEAD_TIME_MEAN)};
    double u[1][REPS], v[1][REPS];
    run_chain(&local, lead, 1, u);
    run_chain(&shared, lead, 1, v);
    estimate d;
    estimate_paired(v[0], u[0], REPS, 0.99, &d);
    cr_assert_eq(estimate_sign(&d), -1, "shared - local lead time %g [%g, %g]",
                 d.mean, d.low, d.high);
    world_spec_free(&local);
    world_spec_free(&shared);
}

/* ---- bullwhip and net-stock amplification -------------------------------- */

/* One-for-one at both stages, no order delay: every node orders, in each
 * bucket, exactly what customers bought in it: bullwhip and
 * bullwhip_stage are 1 at every node, and so is the chain's. The
 * retailer's net stock S1 - D(L1) - B2 (see the closed form above) has
 * variance lambda L1 + Var(B2): its amplification over the customers'
 * per-day variance lambda is L1 + Var(B2) / lambda; the warehouse's,
 * S2 - X2, lambda L2 / lambda = L2. */
Test(chain, bullwhip_and_net_stock_amplification_of_base_stock)
{
    double lambda = 2.0, L2 = 3.0, S2 = 6.0, L1 = 2.0, S1 = 5.0;
    world_spec w;
    serial_two(&w, lambda, L2, S2, L1, S1, 0.0);
    double m2 = lambda * L2, e1 = 0.0, e2 = 0.0;
    for (int k = (int)S2 + 1; k < 80; k++) {
        double p = poisson_pmf(m2, k), b = k - S2;
        e1 += p * b;
        e2 += p * b * b;
    }
    double var_b2 = e2 - e1 * e1;
    static const int cols[] = {
        COL(0, METRIC_BULLWHIP), COL(0, METRIC_COUNT),
        COL(1, METRIC_BULLWHIP), COL(1, METRIC_COUNT), METRIC_BULLWHIP,
        COL(1, METRIC_COUNT + 1), COL(0, METRIC_COUNT + 1),
    };
    double x[7][REPS];
    run_chain(&w, cols, 7, x);
    for (int r = 0; r < REPS; r++)
        for (int i = 0; i < 5; i++)
            cr_assert_float_eq(x[i][r], 1.0, 1e-12, "column %d: %g", i,
                               x[i][r]);
    assert_inside("retailer net-stock amplification", x[5],
                  L1 + var_b2 / lambda);
    assert_inside("warehouse net-stock amplification", x[6], L2);
    world_spec_free(&w);
}

/* ---- a link's capacity --------------------------------------------------- */

/* A warehouse with ample stock ships to the retailer through a link of
 * capacity 4 units a day: one server taking 1/4 day a unit, fed the
 * retailer's one-unit orders as a Poisson(2) stream: an M/D/1 queue, mean
 * wait rho / (2 mu (1 - rho)) = 0.125 and service 0.25, then the 2 days
 * of shipping: the retailer's lead time is 2.375. */
Test(chain, a_link_capacity_is_an_md1_queue)
{
    world_spec w;
    serial_two(&w, 2.0, 3.0, 40.0, 2.0, 5.0, 0.0);
    w.nodes[1].capacity = 4.0;
    static const int cols[] = {COL(1, METRIC_REPLENISHMENT_LEAD_TIME_MEAN),
                               COL(0, METRIC_AVG_BACKORDERS)};
    double x[2][REPS];
    run_chain(&w, cols, 2, x);
    for (int r = 0; r < REPS; r++)
        cr_assert_lt(x[1][r], 1e-3, "the warehouse must not run short");
    assert_inside("retailer lead time behind a capacity", x[0], 2.375);
    world_spec_free(&w);
}

/* ---- every stock-point policy at every node ----------------------------- */

/* Each policy at both nodes of a chain (auto parameters; the two-source
 * ones at the warehouse, with a second supplier): it runs, and the
 * warehouse is asked for what the shop ordered (less what was still
 * travelling as information at the horizon: no order delay here, so at
 * most the horizon's own orders). */
Test(chain, every_policy_works_at_every_node)
{
    size_t tried = 0;
    for (size_t t = 0; t < policy_type_count(); t++) {
        const policy_type *type = policy_type_at(t);
        if (type->line_only)
            continue;
        world_spec w;
        serial_two(&w, 2.0, 3.0, 0.0, 2.0, 0.0, 0.0);
        w.warmup = 0.0;
        w.horizon = 400.0;
        add_supplier(&w, "air", 1.0);
        w.suppliers[0].order_cost = 20.0;
        w.suppliers[1].order_cost = 40.0;
        for (int k = 0; k < 2; k++) {
            policy_spec *p = &w.nodes[k].policy;
            const policy_type *use =
                type->dual_sourced && k == 1 ? policy_find("base_stock")
                                             : type;
            p->type = use;
            policy_params_init(&p->params);
            if (use == policy_find("sterman"))
                policy_param_set(&p->params, PARAM_S, 30.0);
            /* Echelon levels, on echelon positions (the warehouse's echelon
             * 30, the retailer's 15). */
            if (use == policy_find("echelon_base_stock")) {
                policy_param_set(&p->params, PARAM_S, k == 0 ? 30.0 : 15.0);
                w.information = INFORMATION_SHARED;
            }
            if (use == policy_find("standing_split"))
                policy_param_set(&p->params, PARAM_SPLIT, 0.7);
            /* A parameter without an auto rule, by name (a type may have
             * one this test does not know of). */
            int ti = policy_param_find("Ti");
            if (ti >= 0 && (use->accepted & (1u << ti)))
                policy_param_set(&p->params, (policy_param)ti, 2.0);
            if (use->dual_sourced)
                p->second_supplier = 1;
        }
        w.nodes[1].link.order_cost = 20.0;
        char err[400];
        world *made = world_create(&w, err, sizeof err);
        cr_assert_not_null(made, "%s: %s", type->name, err);
        test_row row;
        cr_assert_eq(world_run(made, 5, 0, row.value), 0, "%s", type->name);
        double *v = row.value;
        double asked = v[COL(0, METRIC_UNITS_DEMANDED)];
        double sent = v[COL(1, METRIC_ORDERS_PLACED)] *
                      v[COL(1, METRIC_AVG_ORDER_SIZE)];
        cr_assert_gt(sent, 100.0, "%s: the shop ordered %g", type->name,
                     sent);
        /* sent is orders x (units / orders): exact up to one rounding. */
        cr_assert_geq(sent, asked * (1.0 - 1e-12), "%s: sent %g, asked %g",
                      type->name, sent, asked);
        cr_assert_leq(sent - asked, 200.0, "%s: sent %g, asked %g",
                      type->name, sent, asked);
        /* Make to order holds no stock: every customer waits. */
        if (type != policy_find("make_to_order"))
            cr_assert_gt(v[METRIC_FILL_RATE], 0.1, "%s: fill rate %g",
                         type->name, v[METRIC_FILL_RATE]);
        world_destroy(made);
        world_spec_free(&w);
        tried++;
    }
    cr_assert_geq(tried, 10);
}

/* ---- the sterman rule at a single stock point, in continuous time ------- */

/* Customers take 4 a day; the rule expects 4 (the planned demand) and
 * holds the position at S': once settled, it orders exactly 4 every day;
 * with theta = 1 it follows the last day's orders: still 4. */
Test(sterman, orders_what_is_taken_once_settled)
{
    for (int variant = 0; variant < 2; variant++) {
        world_spec w;
        world_spec_init(&w);
        w.horizon = 200.0;
        w.warmup = 20.0;
        w.item.holding_cost = 0.5;
        w.item.backorder_cost = 1.0;
        w.demand.arrivals = DEMAND_PERIODIC;
        w.demand.period = 1.0;
        set_const(&w.demand.quantity, 4.0);
        add_supplier(&w, "local", 2.0);
        snprintf(w.policy.name, sizeof w.policy.name, "S");
        w.policy.type = policy_find("sterman");
        w.policy.supplier = 0;
        policy_param_set(&w.policy.params, PARAM_S, 16.0);
        policy_param_set(&w.policy.params, PARAM_THETA, variant ? 1.0 : 0.0);
        char err[300];
        world *made = world_create(&w, err, sizeof err);
        cr_assert_not_null(made, "%s", err);
        test_row row;
        cr_assert_eq(world_run(made, 1, 0, row.value), 0);
        cr_assert_eq(row.value[METRIC_ORDERS_PLACED], 180.0);
        cr_assert_eq(row.value[METRIC_AVG_ORDER_SIZE], 4.0);
        /* Constant demand and orders: no variance to compare. */
        cr_assert(isnan(row.value[METRIC_BULLWHIP]));
        world_destroy(made);
        world_spec_free(&w);
    }
}

/* ---- the network engine with one node is the single stock point -------- */

/* Without random draws (a fixed order of 3 every day, a constant lead
 * time), a one-node network run by network.c gives its node exactly the
 * columns the one-node world gives (only the customers' stream names
 * differ, and nothing is drawn from them): the engine adds nothing of its
 * own. The scenario reader maps a one-node nodes: list onto the one-node
 * world itself (test_scenario_nodes.c checks those outputs byte for
 * byte). */
Test(chain, one_node_network_engine_matches_the_single_stock_point)
{
    static const char *const types[] = {"eoq",       "sS",   "periodic",
                                        "mrp",       "kanban", "base_stock",
                                        "sterman"};
    for (size_t t = 0; t < sizeof types / sizeof *types; t++) {
        world_spec single, chain;
        for (int k = 0; k < 2; k++) {
            world_spec *w = k ? &chain : &single;
            world_spec_init(w);
            w->horizon = 300.0;
            w->warmup = 30.0;
            w->item.unit_cost = 10.0;
            w->item.holding_cost = 0.05;
            w->item.backorder_cost = 1.0;
            w->demand.arrivals = DEMAND_PERIODIC;
            w->demand.period = 1.0;
            set_const(&w->demand.quantity, 3.0);
            add_supplier(w, "local", 2.0);
            w->suppliers[0].order_cost = 20.0;
            snprintf(w->policy.name, sizeof w->policy.name, "P");
            w->policy.type = policy_find(types[t]);
            w->policy.supplier = 0;
            if (strcmp(types[t], "sterman") == 0)
                policy_param_set(&w->policy.params, PARAM_S, 15.0);
        }
        add_node(&chain, "shop", -1, types[t], 1);
        chain.nodes[0].policy.params = single.policy.params;
        char err[300];
        world *a = world_create(&single, err, sizeof err);
        cr_assert_not_null(a, "%s: %s", types[t], err);
        world *b = world_create(&chain, err, sizeof err);
        cr_assert_not_null(b, "%s: %s", types[t], err);
        test_row x, y;
        cr_assert_eq(world_run(a, 1, 0, x.value), 0);
        cr_assert_eq(world_run(b, 1, 0, y.value), 0);
        for (int m = 0; m < METRIC_COUNT; m++) {
            double u = x.value[m], v = y.value[COL(0, m)];
            cr_assert((isnan(u) && isnan(v)) || u == v,
                      "%s: %s %.17g single, %.17g in the network", types[t],
                      metric_name((metric)m), u, v);
        }
        cr_assert_gt(x.value[METRIC_ORDERS_PLACED], 10.0, "%s", types[t]);
        world_destroy(a);
        world_destroy(b);
        world_spec_free(&single);
        world_spec_free(&chain);
    }
}

/* ---- timing: periodic ---------------------------------------------------- */

/* A (R = 1, S = 10) review, 3 taken every day, a lead time of 2: at each
 * instant the receipt comes first. Under events timing the review comes
 * before the day's customers: after it the position is S with two orders
 * of 3 out (4 on hand), then the customers take 3: 1 on hand all day.
 * Under periodic timing the customers come first and the review restores
 * the position after them: 4 on hand all day. */
Test(chain, periodic_timing_reviews_after_the_periods_demand)
{
    /* R = 1, S = 10: events 1 (S - 9), periodic 4 (S - 6). R = 2, S = 12
     * (orders of 6 every other day): events S - 10.5 = 1.5, periodic
     * S - 7.5 = 4.5, the review still after the customers though its
     * timer was set before them. */
    static const struct {
        double R, S, events, periodic;
    } cases[] = {{1.0, 10.0, 1.0, 4.0}, {2.0, 12.0, 1.5, 4.5}};
    for (size_t c = 0; c < 2; c++) {
        double on_hand[2];
        for (int k = 0; k < 2; k++) {
            world_spec w;
            world_spec_init(&w);
            w.horizon = 100.0;
            w.warmup = 10.0;
            w.item.holding_cost = 1.0;
            w.demand.arrivals = DEMAND_PERIODIC;
            w.demand.period = 1.0;
            set_const(&w.demand.quantity, 3.0);
            add_supplier(&w, "local", 2.0);
            add_node(&w, "shop", -1, "periodic", 1);
            policy_param_set(&w.nodes[0].policy.params, PARAM_R, cases[c].R);
            policy_param_set(&w.nodes[0].policy.params, PARAM_S, cases[c].S);
            w.timing = k ? TIMING_PERIODIC : TIMING_EVENTS;
            w.policy = w.nodes[0].policy;
            char err[300];
            world *made = world_create(&w, err, sizeof err);
            cr_assert_not_null(made, "%s", err);
            test_row row;
            cr_assert_eq(world_run(made, 1, 0, row.value), 0);
            on_hand[k] = row.value[COL(0, METRIC_AVG_ON_HAND)];
            cr_assert_eq(row.value[COL(0, METRIC_FILL_RATE)], 1.0);
            world_destroy(made);
            world_spec_free(&w);
        }
        cr_assert_float_eq(on_hand[0], cases[c].events, 1e-12, "events: %g",
                           on_hand[0]);
        cr_assert_float_eq(on_hand[1], cases[c].periodic, 1e-12,
                           "periodic: %g", on_hand[1]);
    }
}
