/*
 * test_disruption.c - a stock point's response to disruptions of its
 * supplier (models/stockpt_disruption.c), on worlds computed by hand:
 * recovery_time, the emergency stock released during or until supply
 * recovers, and the backup supplier's own lots.
 *
 * The worlds: one customer order of one unit at every whole day (periodic
 * demand), constant lead times, scheduled disruptions, so that every
 * receipt and every shortage falls at a time the comments derive. Lead
 * times and disruption bounds are chosen off the whole days so that no two
 * events share a time.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/world.h"
#include "sim/stream.h"
#include "tests/test_row.h"

/* ---- building ------------------------------------------------------------ */

static void add_supplier(world_spec *w, const char *name, double lead)
{
    char err[200];
    supplier_spec s;
    supplier_spec_init(&s);
    snprintf(s.name, sizeof s.name, "%s", name);
    dist_free(&s.lead_time);
    cr_assert_eq(dist_constant(&s.lead_time, lead, err, sizeof err), 0);
    cr_assert_eq(world_spec_add_supplier(w, &s), 0);
    supplier_spec_free(&s);
}

/* One unit a day at t = 0, 1, 2, ...; a supplier `lead` away; a policy of
 * `type` ordering from it; backorders cost 1 a unit-day. */
static void unit_world(world_spec *w, const char *type, double lead,
                       double horizon)
{
    char err[200];
    world_spec_init(w);
    w->horizon = horizon;
    w->item.unit_cost = 10.0;
    w->item.holding_cost = 0.0;
    w->item.backorder_cost = 1.0;
    w->demand.arrivals = DEMAND_PERIODIC;
    w->demand.period = 1.0;
    dist_free(&w->demand.quantity);
    cr_assert_eq(dist_constant(&w->demand.quantity, 1.0, err, sizeof err),
                 0);
    add_supplier(w, "far", lead);
    snprintf(w->policy.name, sizeof w->policy.name, "P");
    w->policy.type = policy_find(type);
    cr_assert_not_null(w->policy.type);
    w->policy.supplier = 0;
}

/* Base stock S: after each day's demand, S - lead units are on hand. */
static void base_stock_world(world_spec *w, double S, double lead,
                             double horizon)
{
    unit_world(w, "base_stock", lead, horizon);
    policy_param_set(&w->policy.params, PARAM_S, S);
}

static void add_outage(world_spec *w, double start, double duration,
                       disruption_effect effect, double factor)
{
    disruption_spec d;
    disruption_spec_init(&d);
    snprintf(d.name, sizeof d.name, "d%zu", w->n_disruptions);
    d.supplier = 0;
    d.start = start;
    d.duration = duration;
    d.effect = effect;
    d.factor = factor;
    cr_assert_eq(world_spec_add_disruption(w, &d), 0);
    disruption_spec_free(&d);
}

/* What happened, for the checks that need more than a row. */
typedef struct log_entry {
    double t;
    stockpt_event event;
    double quantity;
    int supplier;
} log_entry;

typedef struct event_log {
    log_entry e[512];
    int n;
} event_log;

static void log_event(void *ctx, const stockpt *sp, stockpt_event event,
                      double quantity, int source)
{
    event_log *log = ctx;
    if (log->n < 512)
        log->e[log->n++] = (log_entry){stockpt_now(sp), event, quantity,
                                       source};
}

static event_log the_log;

/* Runs replication 0 and returns its metrics; the events in the_log. */
static test_row run(const world_spec *spec)
{
    char err[300];
    world *w = world_create(spec, err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    the_log.n = 0;
    world_trace(w, log_event, &the_log);
    test_row m;
    cr_assert_eq(world_run(w, 1, 0, m.value), 0);
    world_destroy(w);
    return m;
}

/* The n-th (from 0) event of a kind from `source` (-1: any), or NULL. */
static const log_entry *nth(stockpt_event event, int source, int n)
{
    for (int i = 0; i < the_log.n; i++)
        if (the_log.e[i].event == event &&
            (source < 0 || the_log.e[i].supplier == source) && n-- == 0)
            return &the_log.e[i];
    return NULL;
}

static int count(stockpt_event event, int source)
{
    int k = 0;
    while (nth(event, source, k))
        k++;
    return k;
}

#define EXPECT_RECOVERY(row, expected)                                      \
    cr_assert_float_eq((row).value[METRIC_RECOVERY_TIME], (expected), 1e-9, \
                       "recovery_time %g, expected %g",                     \
                       (row).value[METRIC_RECOVERY_TIME], (double)(expected))

/* ---- recovery_time --------------------------------------------------------- */

/* Base stock S = 6, lead time 5.25: the order placed at day k arrives at
 * k + 5.25, so each day's customer takes the last unit and the next
 * arrives a quarter day later; nobody waits.
 *
 * An outage in [10.5, 12.5) holds the orders of days 11 and 12 until
 * 12.5: they arrive at 17.75, not 16.25 and 17.25. The customer of day 16
 * takes the last unit; the customer of day 17 waits until 17.75. The
 * shortage comes 4.5 days after the outage ended. Supply has recovered at
 * 18.25 (the order of day 13, the first placed after the end, arrives;
 * every earlier one has), so the recovery runs from 10.5 to the end of the
 * shortage at 17.75: 7.25 days. */
Test(recovery, counts_a_shortage_that_starts_after_the_disruption_ended)
{
    world_spec spec;
    base_stock_world(&spec, 6.0, 5.25, 40.0);
    add_outage(&spec, 10.5, 2.0, EFFECT_OUTAGE, 1.0);
    test_row m = run(&spec);
    EXPECT_RECOVERY(m, 7.25);
    /* One unit waited 0.75 days. */
    cr_assert_float_eq(m.value[METRIC_AVG_BACKORDERS], 0.75 / 40.0, 1e-12);
    const log_entry *short1 = nth(STOCKPT_SHORT, -1, 0);
    cr_assert(short1 && short1->t == 17.0 && !nth(STOCKPT_SHORT, -1, 1));
    const log_entry *back = nth(STOCKPT_RECOVERED, 0, 0);
    cr_assert(back && back->t == 18.25, "recovered at %g",
              back ? back->t : NAN);
    world_spec_free(&spec);
}

/* The outage [10.5, 20.5) holds the orders of days 11 to 20, which arrive
 * together at 25.75. Customers wait from day 17 (during the outage) to
 * 25.75; the order of day 21 arrives at 26.25: recovery 25.75 - 10.5. */
Test(recovery, runs_to_the_end_of_a_shortage_begun_during_the_disruption)
{
    world_spec spec;
    base_stock_world(&spec, 6.0, 5.25, 40.0);
    add_outage(&spec, 10.5, 10.0, EFFECT_OUTAGE, 1.0);
    test_row m = run(&spec);
    EXPECT_RECOVERY(m, 15.25);
    /* 1 + 2 + ... + 9 units waited a day each, less 0.75 of the last 9. */
    cr_assert_float_eq(m.value[METRIC_AVG_BACKORDERS] * 40.0,
                       45.0 - 0.25 * 9.0, 1e-9);
    world_spec_free(&spec);
}

/* S = 7 keeps a unit more: the late orders of the outage cost nobody a
 * wait, and the recovery is instant. */
Test(recovery, is_zero_when_nobody_went_short)
{
    world_spec spec;
    base_stock_world(&spec, 7.0, 5.25, 40.0);
    add_outage(&spec, 10.5, 2.0, EFFECT_OUTAGE, 1.0);
    test_row m = run(&spec);
    EXPECT_RECOVERY(m, 0.0);
    cr_assert_eq(m.value[METRIC_STOCKOUT_ORDERS], 0.0);
    world_spec_free(&spec);
}

/* Independent deliveries (orders may cross). A lead-time disruption in
 * [10.5, 12.5), factor 3: the orders of days 11 and 12 take 15.75 days and
 * arrive at 26.75 and 27.75, after orders placed later. From day 17 one or two customers wait; each quarter-day
 * receipt serves one. At 26.75 the slow order of day 11 clears the
 * backlog, the customer of day 27 waits for the order of day 22 (27.25),
 * and at 27.75 the last order placed during the disruption arrives:
 * supply has recovered. The last shortage ended at 27.25: 16.75 days
 * after the start. (Counting from the first order placed after the end,
 * at 18.25, would have missed the shortages the slow orders caused.) */
Test(recovery, waits_for_the_orders_a_disruption_slowed)
{
    world_spec spec;
    base_stock_world(&spec, 6.0, 5.25, 40.0);
    spec.suppliers[0].deliveries = DELIVERIES_INDEPENDENT;
    add_outage(&spec, 10.5, 2.0, EFFECT_LEAD_TIME, 3.0);
    test_row m = run(&spec);
    EXPECT_RECOVERY(m, 16.75);
    const log_entry *back = nth(STOCKPT_RECOVERED, 0, 0);
    cr_assert(back && back->t == 27.75, "recovered at %g",
              back ? back->t : NAN);
    world_spec_free(&spec);
}

/* The same in order (the default): the orders of days 13 to 22 (due 18.25
 * to 27.25) wait behind the slow order of day 12 and arrive with it at
 * 27.75. The customers of days 17 to 27 wait (one is served at 26.75 by
 * the order of day 11), and supply recovers at 27.75, when the last wait,
 * that of day 27, ends: 17.25 days after the start. */
Test(recovery, in_order_the_slowed_orders_hold_back_the_later_ones)
{
    world_spec spec;
    base_stock_world(&spec, 6.0, 5.25, 40.0);
    add_outage(&spec, 10.5, 2.0, EFFECT_LEAD_TIME, 3.0);
    test_row m = run(&spec);
    EXPECT_RECOVERY(m, 17.25);
    world_spec_free(&spec);
}

/* Kanban, 3 cards of 4, lead time 5.25. The outage [10.5, 40.5) holds the
 * cards of days 11, 15 and 19; the stock is gone after day 19 and
 * customers wait from day 20. Cards go out only as waiting customers are
 * served, so the loop brings 12 units a lead time:
 *   45.75  the held 12 arrive: 26 waiting -> 14; 3 cards (due 51.0)
 *   51.0   12 arrive: 19 waiting -> 7 (supply has recovered, customers
 *          still wait); 3 cards (due 56.25)
 *   56.25  12 arrive: 13 waiting -> 1; 3 cards (due 61.5)
 *   61.5   12 arrive: 6 waiting -> 0.
 * Recovery: 61.5 - 10.5 = 51. */
static void kanban_outage_world(world_spec *spec, double horizon)
{
    unit_world(spec, "kanban", 5.25, horizon);
    policy_param_set(&spec->policy.params, PARAM_CARDS, 3.0);
    policy_param_set(&spec->policy.params, PARAM_CONTAINER, 4.0);
    add_outage(spec, 10.5, 30.0, EFFECT_OUTAGE, 1.0);
}

Test(recovery, ends_with_the_shortage_still_under_way_when_supply_recovered)
{
    world_spec spec;
    kanban_outage_world(&spec, 100.0);
    test_row m = run(&spec);
    EXPECT_RECOVERY(m, 51.0);
    const log_entry *back = nth(STOCKPT_RECOVERED, 0, 0);
    cr_assert(back && back->t == 51.0, "recovered at %g",
              back ? back->t : NAN);
    world_spec_free(&spec);
}

/* Unfinished at the horizon, an episode counts up to it: a lower bound,
 * not dropped. At 55 customers still wait (supply recovered at 51); at 18
 * in the first world the shortage is over but supply has not recovered
 * (18.25). */
Test(recovery, an_episode_unfinished_at_the_horizon_counts_up_to_it)
{
    world_spec spec;
    kanban_outage_world(&spec, 55.0);
    test_row m = run(&spec);
    EXPECT_RECOVERY(m, 55.0 - 10.5);
    world_spec_free(&spec);
    base_stock_world(&spec, 6.0, 5.25, 18.0);
    add_outage(&spec, 10.5, 2.0, EFFECT_OUTAGE, 1.0);
    m = run(&spec);
    EXPECT_RECOVERY(m, 18.0 - 10.5);
    world_spec_free(&spec);
    /* Nobody short by the horizon: 0 (the outage is still on at 12). */
    base_stock_world(&spec, 6.0, 5.25, 12.0);
    add_outage(&spec, 10.5, 2.0, EFFECT_OUTAGE, 1.0);
    m = run(&spec);
    EXPECT_RECOVERY(m, 0.0);
    world_spec_free(&spec);
}

/* Two outages, [10.5, 12.5) and [11.5, 13.5), act as one: the orders of
 * days 11 to 13 arrive at 18.75; customers wait from day 17 to 18.75;
 * the order of day 14 arrives at 19.25. One episode of 8.25 days. */
Test(recovery, overlapping_disruptions_are_one_episode)
{
    world_spec spec;
    base_stock_world(&spec, 6.0, 5.25, 40.0);
    add_outage(&spec, 10.5, 2.0, EFFECT_OUTAGE, 1.0);
    add_outage(&spec, 11.5, 2.0, EFFECT_OUTAGE, 1.0);
    test_row m = run(&spec);
    EXPECT_RECOVERY(m, 8.25);
    cr_assert_eq(count(STOCKPT_RECOVERED, 0), 1);
    world_spec_free(&spec);
}

/* [10.5, 12.5) then [14.5, 16.5): the second starts before supply has
 * recovered from the first (18.25), so it joins its episode. Customers
 * wait in [17, 17.75) (the first outage's orders) and [21, 21.75) (the
 * second's, days 15 and 16); the order of day 17 arrives at 22.25. One
 * episode from 10.5 to 21.75: 11.25 days (two episodes would read 7.25
 * each). Outages further apart, [10.5, 12.5) and [20.5, 23.5), are two
 * episodes: 7.25 and 28.75 - 20.5 = 8.25 days, mean 7.75. */
Test(recovery, a_disruption_before_supply_recovered_joins_the_episode)
{
    world_spec spec;
    base_stock_world(&spec, 6.0, 5.25, 40.0);
    add_outage(&spec, 10.5, 2.0, EFFECT_OUTAGE, 1.0);
    add_outage(&spec, 14.5, 2.0, EFFECT_OUTAGE, 1.0);
    test_row m = run(&spec);
    EXPECT_RECOVERY(m, 11.25);
    cr_assert_eq(count(STOCKPT_RECOVERED, 0), 1);
    world_spec_free(&spec);
    base_stock_world(&spec, 6.0, 5.25, 40.0);
    add_outage(&spec, 10.5, 2.0, EFFECT_OUTAGE, 1.0);
    add_outage(&spec, 20.5, 3.0, EFFECT_OUTAGE, 1.0);
    m = run(&spec);
    EXPECT_RECOVERY(m, 7.75);
    cr_assert_eq(count(STOCKPT_RECOVERED, 0), 2);
    world_spec_free(&spec);
}

/* With lost sales a shortage runs from a customer turned away until stock
 * is back. In the first world the customer of day 17 is lost, and stock
 * is back at 17.75: 7.25 days, as with backorders. An outage [10.5, 11.5)
 * only delays the order of day 11 to 16.75: the shelf is empty from day
 * 16 to 16.75, but nobody comes then, so nobody went short: 0. */
Test(recovery, with_lost_sales_counts_customers_turned_away)
{
    world_spec spec;
    base_stock_world(&spec, 6.0, 5.25, 40.0);
    spec.item.lost_sales = 1;
    spec.item.stockout_cost = 1.0;
    add_outage(&spec, 10.5, 2.0, EFFECT_OUTAGE, 1.0);
    test_row m = run(&spec);
    EXPECT_RECOVERY(m, 7.25);
    cr_assert_eq(m.value[METRIC_LOST_UNITS], 1.0);
    world_spec_free(&spec);
    base_stock_world(&spec, 6.0, 5.25, 40.0);
    spec.item.lost_sales = 1;
    spec.item.stockout_cost = 1.0;
    add_outage(&spec, 10.5, 1.0, EFFECT_OUTAGE, 1.0);
    m = run(&spec);
    EXPECT_RECOVERY(m, 0.0);
    cr_assert_eq(m.value[METRIC_LOST_UNITS], 0.0);
    world_spec_free(&spec);
}

/* Only disruptions starting in the observed window count. */
Test(recovery, a_disruption_before_the_window_is_not_counted)
{
    world_spec spec;
    base_stock_world(&spec, 6.0, 5.25, 40.0);
    spec.warmup = 11.0;
    add_outage(&spec, 10.5, 2.0, EFFECT_OUTAGE, 1.0);
    test_row m = run(&spec);
    cr_assert(isnan(m.value[METRIC_RECOVERY_TIME]));
    world_spec_free(&spec);
}

/* ---- the emergency stock ------------------------------------------------- */

/* The first world with one unit of emergency stock. Released until supply
 * recovers, it serves the customer of day 17; at 18.25 it is locked again
 * and the unit used is reordered from the supplier (due 23.5). Released
 * only during the outage, it is locked at 12.5, unused, and the customer
 * of day 17 waits as without it. */
Test(emergency_stock, released_until_supply_recovers_serves_the_late_shortage)
{
    world_spec spec;
    base_stock_world(&spec, 6.0, 5.25, 40.0);
    add_outage(&spec, 10.5, 2.0, EFFECT_OUTAGE, 1.0);
    spec.policy.emergency_stock = 1.0;
    cr_assert_eq(spec.policy.release, RELEASE_UNTIL_RECOVERED,
                 "until_recovered is the default");
    test_row m = run(&spec);
    EXPECT_RECOVERY(m, 0.0);
    cr_assert_eq(m.value[METRIC_SHORTAGE_COST], 0.0);
    cr_assert_eq(m.value[METRIC_STOCKOUT_ORDERS], 0.0);
    const log_entry *back = nth(STOCKPT_RECOVERED, 0, 0);
    cr_assert(back && back->t == 18.25 && back->quantity == 0.0,
              "recovered at %g with %g locked", back ? back->t : NAN,
              back ? back->quantity : NAN);
    /* The refill follows at once: one unit, the only order of 18.25. */
    int refills = 0;
    for (int i = 0; i < the_log.n; i++)
        if (the_log.e[i].event == STOCKPT_ORDER_PLACED &&
            the_log.e[i].t == 18.25) {
            cr_assert_eq(the_log.e[i].quantity, 1.0);
            refills++;
        }
    cr_assert_eq(refills, 1);

    spec.policy.release = RELEASE_DURING;
    m = run(&spec);
    EXPECT_RECOVERY(m, 7.25);
    cr_assert_float_eq(m.value[METRIC_SHORTAGE_COST], 0.75 / 40.0, 1e-12);
    world_spec_free(&spec);
}

/* ---- the backup supplier's own lot ---------------------------------------- */

/* A far supplier (10.25 days) and a near backup (0.5 days). */
static void backed_world(world_spec *spec, const char *type, double horizon)
{
    unit_world(spec, type, 10.25, horizon);
    add_supplier(spec, "near", 0.5);
    spec->suppliers[1].unit_price = 15.0;
    spec->policy.backup_supplier = 1;
    spec->policy.switch_after = 2.0;
}

/* The orders placed with supplier `source`: times and quantities. */
static int orders_with(int source, double *t, double *q, int max)
{
    int n = 0;
    for (int i = 0; i < the_log.n && n < max; i++)
        if (the_log.e[i].event == STOCKPT_ORDER_PLACED &&
            the_log.e[i].supplier == source) {
            t[n] = the_log.e[i].t;
            q[n++] = the_log.e[i].quantity;
        }
    return n;
}

/* EOQ, Q = 40, r = 10, starting with 50: it orders 40 at days 39 and 79
 * (the position reaches 10). An outage of the far supplier in [75.75,
 * 95.75), backup after 2 days: the order of day 79 goes to the backup.
 * Its own lot covers the demand until the far supplier can deliver again,
 * 1 a day x (10.25 lead time + 16.75 days of outage left) = 27, less the
 * 10 on hand: 17 units, not the far supplier's 40. They last until day
 * 96, when the outage is over and the next 40 go to the far supplier. */
Test(backup, covers_the_gap_not_the_primarys_lot)
{
    world_spec spec;
    backed_world(&spec, "eoq", 150.0);
    policy_param_set(&spec.policy.params, PARAM_Q, 40.0);
    policy_param_set(&spec.policy.params, PARAM_r, 10.0);
    add_outage(&spec, 75.75, 20.0, EFFECT_OUTAGE, 1.0);
    cr_assert_eq(spec.policy.backup_lot, 0.0, "cover_gap is the default");
    test_row m = run(&spec);
    double t[8], q[8];
    cr_assert_eq(orders_with(1, t, q, 8), 1);
    cr_assert(t[0] == 79.0 && q[0] == 17.0, "backup order of %g at %g",
              q[0], t[0]);
    int n = orders_with(0, t, q, 8);
    cr_assert(n >= 3 && t[1] == 96.0 && q[1] == 40.0,
              "the far supplier's order after the outage: %g at %g", q[1],
              t[1]);
    cr_assert_eq(m.value[METRIC_STOCKOUT_ORDERS], 0.0);
    /* A fixed lot: 25 instead. */
    spec.policy.backup_lot = 25.0;
    run(&spec);
    cr_assert_eq(orders_with(1, t, q, 8), 1);
    cr_assert(t[0] == 79.0 && q[0] == 25.0, "backup order of %g at %g",
              q[0], t[0]);
    world_spec_free(&spec);
}

/* Base stock S = 11 on the far supplier: after each day's demand the
 * shelf is empty and 10 units are on order (the order of day k arrives at
 * k + 10.25), then the day's order makes 11. An outage in [20.75, 30.75);
 * from 22.75 the day's order goes to the backup. On day 23 the gap is
 * 1 x (10.25 + 7.75 left) = 18 units; on order are 10, of which the far
 * supplier has not shipped 2 (days 21 and 22, held: they arrive when the
 * gap ends, at 41): 18 - (0 + 10 - 2) = 10, where base stock alone asks
 * for 1. That lifts the position to 20, above S, so base stock orders
 * nothing more until day 33, after the outage; the 10 serve days 31 to
 * 40, when nothing else arrives. A fixed lot of 5 orders 5 on day 23 and
 * again on day 28, when the position is back under S. */
Test(backup, leaves_out_what_the_disrupted_primary_has_not_shipped)
{
    world_spec spec;
    backed_world(&spec, "base_stock", 60.0);
    policy_param_set(&spec.policy.params, PARAM_S, 11.0);
    add_outage(&spec, 20.75, 10.0, EFFECT_OUTAGE, 1.0);
    test_row m = run(&spec);
    double t[8], q[8];
    cr_assert_eq(orders_with(1, t, q, 8), 1);
    cr_assert(t[0] == 23.0 && q[0] == 10.0, "backup order of %g at %g",
              q[0], t[0]);
    cr_assert_eq(m.value[METRIC_STOCKOUT_ORDERS], 0.0);
    spec.policy.backup_lot = 5.0;
    run(&spec);
    cr_assert_eq(orders_with(1, t, q, 8), 2);
    cr_assert(t[0] == 23.0 && q[0] == 5.0 && t[1] == 28.0 && q[1] == 5.0,
              "backup orders %g at %g, %g at %g", q[0], t[0], q[1], t[1]);
    world_spec_free(&spec);
}

/* A kanban loop whose cards went to the backup in lots of their own
 * returns to its N C units once the outage is over: the cards wait while
 * the surplus lasts. 4 cards of 5 on the far supplier (20 units for 10.25
 * days of lead time); an outage in [30.75, 50.75). At the end the loop
 * (on hand + on order + the units taken from the container being
 * emptied, a whole container's worth at most) is back to 20. */
Test(backup, a_kanban_loop_returns_to_its_cards_after_the_backups_lots)
{
    world_spec spec;
    backed_world(&spec, "kanban", 200.0);
    policy_param_set(&spec.policy.params, PARAM_CARDS, 4.0);
    policy_param_set(&spec.policy.params, PARAM_CONTAINER, 5.0);
    add_outage(&spec, 30.75, 20.0, EFFECT_OUTAGE, 1.0);
    char err[300];
    world *w = world_create(&spec, err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    the_log.n = 0;
    world_trace(w, log_event, &the_log);
    test_row m;
    cr_assert_eq(world_run(w, 1, 0, m.value), 0);
    double t[16], q[16];
    int n = orders_with(1, t, q, 16);
    cr_assert_geq(n, 1);
    cr_assert_gt(q[0], 5.0, "the backup's first lot covers the gap: %g",
                 q[0]);
    const stockpt *sp = world_stockpt(w);
    double loop = stockpt_on_hand(sp) + stockpt_on_order(sp);
    cr_assert(loop > 15.0 && loop <= 20.0, "the loop holds %g", loop);
    world_destroy(w);
    world_spec_free(&spec);
}

/* ---- the windows replayed (disruption_windows) ------------------------------ */

typedef struct window_list {
    double start[256], end[256];
    int n;
} window_list;

/* The log of the disruptions' begins and ends only. */
static void log_disruption(void *ctx, const stockpt *sp, stockpt_event event,
                           double quantity, int source)
{
    if (event == STOCKPT_DISRUPTION_BEGIN || event == STOCKPT_DISRUPTION_END)
        log_event(ctx, sp, event, quantity, source);
}

static void keep_window(void *ctx, double start, double end)
{
    window_list *l = ctx;
    if (l->n < 256) {
        l->start[l->n] = start;
        l->end[l->n++] = end;
    }
}

/* meta.json's realised disruptions are replayed from each disruption's
 * stream, not traced: the replay must give the very windows the world
 * ran. Three disruptions on three suppliers (so the trace says which is
 * which): random outages of exponential gaps and durations, a random
 * lead-time disruption of gamma durations, and a scheduled repeating
 * closure whose last window outlasts the horizon; ten replications of two
 * seeds. Every begin and end the trace holds is a replayed one, at the
 * same time to the bit, and the replay has no window the trace lacks. */
Test(windows, replayed_are_the_ones_the_world_ran)
{
    world_spec spec;
    unit_world(&spec, "base_stock", 3.25, 700.0);
    policy_param_set(&spec.policy.params, PARAM_S, 6.0);
    add_supplier(&spec, "b", 2.0);
    add_supplier(&spec, "c", 2.0);
    char err[200];
    for (int k = 0; k < 3; k++) {
        disruption_spec d;
        disruption_spec_init(&d);
        snprintf(d.name, sizeof d.name, "d%d", k);
        d.supplier = k;
        if (k < 2) {
            d.random = 1;
            d.effect = k == 0 ? EFFECT_OUTAGE : EFFECT_LEAD_TIME;
            d.factor = k == 0 ? 1.0 : 2.0;
            d.start = 5.0 * k;
            dist_free(&d.time_between);
            dist_free(&d.random_duration);
            cr_assert_eq(dist_exponential(&d.time_between, 40.0, err,
                                          sizeof err),
                         0);
            cr_assert_eq(k == 0 ? dist_exponential(&d.random_duration, 6.0,
                                                   err, sizeof err)
                                : dist_gamma(&d.random_duration, 2.0, 4.0,
                                             err, sizeof err),
                         0);
        } else {
            d.effect = EFFECT_CLOSURE;
            d.start = 33.5;
            d.duration = 12.0;
            d.every = 111.0; /* 33.5 + 6 x 111 = 699.5: ends past 700 */
        }
        cr_assert_eq(world_spec_add_disruption(&spec, &d), 0);
        disruption_spec_free(&d);
    }
    world *w = world_create(&spec, err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    world_trace(w, log_disruption, &the_log);
    int checked = 0, past_horizon = 0;
    for (uint64_t seed = 1; seed <= 2; seed++)
        for (uint64_t rep = 0; rep < 5; rep++) {
            the_log.n = 0;
            test_row m;
            cr_assert_eq(world_run(w, seed, rep, m.value), 0);
            cr_assert_lt(the_log.n, 512, "the log overflowed");
            for (int k = 0; k < 3; k++) {
                window_list l = {.n = 0};
                long n = disruption_windows(&spec.disruptions[k], seed, rep,
                                            spec.horizon, NULL, keep_window,
                                            &l);
                cr_assert_eq(n, l.n);
                cr_assert_gt(n, 0, "disruption %d never happened", k);
                cr_assert_eq(count(STOCKPT_DISRUPTION_BEGIN, k), l.n,
                             "seed %llu rep %llu d%d: %d begins traced, %d "
                             "replayed",
                             (unsigned long long)seed,
                             (unsigned long long)rep, k,
                             count(STOCKPT_DISRUPTION_BEGIN, k), l.n);
                int ends = l.n - (l.end[l.n - 1] >= spec.horizon);
                past_horizon += l.end[l.n - 1] >= spec.horizon;
                cr_assert_eq(count(STOCKPT_DISRUPTION_END, k), ends);
                for (int i = 0; i < l.n; i++) {
                    cr_assert_eq(nth(STOCKPT_DISRUPTION_BEGIN, k, i)->t,
                                 l.start[i]);
                    if (i < ends)
                        cr_assert_eq(nth(STOCKPT_DISRUPTION_END, k, i)->t,
                                     l.end[i]);
                    checked++;
                }
            }
        }
    cr_assert_geq(past_horizon, 10, "the closure's last window ends past "
                                    "the horizon in every replication");
    cr_assert_gt(checked, 100);
    /* A loss: one window, to infinity; a scratch stream gives the same. */
    disruption_spec d;
    disruption_spec_init(&d);
    d.effect = EFFECT_LOSS;
    d.start = 50.0;
    window_list l = {.n = 0};
    cr_assert_eq(disruption_windows(&d, 1, 0, 700.0, NULL, keep_window, &l),
                 1);
    cr_assert(l.start[0] == 50.0 && isinf(l.end[0]));
    d.start = 700.0;
    cr_assert_eq(disruption_windows(&d, 1, 0, 700.0, NULL, keep_window, &l),
                 0, "a start at the horizon never happens");
    disruption_spec_free(&d);
    gsl_rng *scratch = stream_create(0, 0, "scratch");
    window_list a = {.n = 0}, b = {.n = 0};
    disruption_windows(&spec.disruptions[0], 3, 7, 700.0, NULL, keep_window,
                       &a);
    disruption_windows(&spec.disruptions[0], 3, 7, 700.0, scratch,
                       keep_window, &b);
    gsl_rng_free(scratch);
    cr_assert_eq(a.n, b.n);
    for (int i = 0; i < a.n; i++)
        cr_assert(a.start[i] == b.start[i] && a.end[i] == b.end[i]);
    world_destroy(w);
    world_spec_free(&spec);
}
