/*
 * test_world_calendar.c - a Monday-to-Friday world: no customer on a
 * weekend and weekly totals of 5 x the rate (from the observed events,
 * within intervals from the replications), no shipment on a closed day
 * (from the trace), transits in working days exact on every order, the
 * lead time the `auto` rules plan with against hand-computed values, and
 * the time change: a world on a calendar sizes its kanban as the world of
 * its working days does.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "models/world.h"
#include "tests/test_row.h"

#define WEEKDAYS 0x1fu

static calendar_spec monday_to_friday(const double *holidays, size_t n)
{
    char err[200];
    calendar_spec cal;
    calendar_spec_init(&cal);
    cr_assert_eq(calendar_set_week(&cal, WEEKDAYS, 0, err, sizeof err), 0);
    cr_assert_eq(calendar_set_holidays(&cal, holidays, n, 1e6, err,
                                       sizeof err),
                 0, "%s", err);
    cal.active = 1;
    return cal;
}

/* A stock point buying from `local` (constant lead time), with the
 * demand and the supplier on a Monday-to-Friday calendar as asked. */
static void weekday_world(world_spec *w, const char *policy, double rate,
                          double lead, int demand_follows,
                          int supplier_follows, int working_days)
{
    char err[200];
    world_spec_init(w);
    w->horizon = 700.0;
    w->item.unit_cost = 10.0;
    w->item.holding_cost = 0.05;
    w->item.backorder_cost = 1.0;
    w->demand.rate = rate;
    double holidays[] = {9, 100};
    calendar_spec cal = monday_to_friday(holidays, 2);
    if (demand_follows) {
        calendar_spec_free(&w->demand.calendar);
        cr_assert_eq(calendar_spec_copy(&w->demand.calendar, &cal), 0);
    }
    supplier_spec s;
    supplier_spec_init(&s);
    snprintf(s.name, sizeof s.name, "local");
    dist_free(&s.lead_time);
    cr_assert_eq(dist_constant(&s.lead_time, lead, err, sizeof err), 0);
    s.order_cost = 20.0;
    if (supplier_follows) {
        calendar_spec_free(&s.calendar);
        cr_assert_eq(calendar_spec_copy(&s.calendar, &cal), 0);
    }
    s.lead_time_in = working_days ? LEAD_TIME_IN_WORKING_DAYS
                                  : LEAD_TIME_IN_CALENDAR_DAYS;
    cr_assert_eq(world_spec_add_supplier(w, &s), 0);
    supplier_spec_free(&s);
    calendar_spec_free(&cal);
    snprintf(w->policy.name, sizeof w->policy.name, "P");
    w->policy.type = policy_find(policy);
    cr_assert_not_null(w->policy.type);
    w->policy.supplier = 0;
}

static world *build(const world_spec *spec)
{
    char err[300];
    world *w = world_create(spec, err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    return w;
}

/* ---- the lead time the auto rules see ------------------------------------ */

/* The demand's and the supplier's calendars: none, or Monday to Friday
 * without holidays (whole weeks, for the closed forms below). */
static void set_calendars(world_spec *w, int demand, int ships)
{
    calendar_spec cal = monday_to_friday(NULL, 0);
    calendar_spec_free(&w->demand.calendar);
    calendar_spec_init(&w->demand.calendar);
    calendar_spec_free(&w->suppliers[0].calendar);
    calendar_spec_init(&w->suppliers[0].calendar);
    if (demand)
        cr_assert_eq(calendar_spec_copy(&w->demand.calendar, &cal), 0);
    if (ships)
        cr_assert_eq(calendar_spec_copy(&w->suppliers[0].calendar, &cal), 0);
    calendar_spec_free(&cal);
}

Test(world_calendar, planned_lead_times_against_hand_computed_values)
{
    world_spec spec;
    policy_context ctx;
    weekday_world(&spec, "kanban", 40.0, 2.0, 1, 1, 1);

    /* Everything on the calendar, 2 working days: every order covers 2
     * working days of demand, 80 units; the rate is 40 x 5/7 a calendar
     * day, so L = 80 / (200/7) = 2.8, and it does not vary. */
    set_calendars(&spec, 1, 1);
    world_policy_context(&spec, &ctx);
    cr_assert_float_eq(ctx.demand_rate, 200.0 / 7.0, 1e-9);
    cr_assert_float_eq(ctx.lead_time, 2.8, 1e-9);
    cr_assert_float_eq(ctx.lead_time_variance, 0.0, 1e-9);
    cr_assert_eq(ctx.constant_lead_time, 1);

    /* The supplier ships on weekdays, 2 calendar days of transit: placed
     * Monday to Wednesday an order covers 2 working days, placed at x of
     * a Thursday 2 - x, of a Friday 1 - x. Mean (3 x 2 + 1.5 + 0.5) / 5
     * = 1.6 working days = 64 units, L = 64 / (200/7) = 2.24; the
     * covered days' variance (3 x 4 + 7/3 + 1/3) / 5 - 1.6^2 = 0.37333
     * (in working days^2), x (7/5)^2 in calendar days^2. */
    spec.suppliers[0].lead_time_in = LEAD_TIME_IN_CALENDAR_DAYS;
    world_policy_context(&spec, &ctx);
    cr_assert_float_eq(ctx.lead_time, 2.24, 1e-9);
    /* 16 midpoints a day: E[x^2] is 1/3 - 1/(12 x 256). */
    double ex2 = 1.0 / 3.0 - 1.0 / (12.0 * 256.0);
    double var = (3.0 * 4.0 + (4.0 - 2.0 + ex2) + ex2) / 5.0 - 1.6 * 1.6;
    cr_assert_float_eq(ctx.lead_time_variance, var * 1.96, 1e-9);
    cr_assert_eq(ctx.constant_lead_time, 0);

    /* Customers every day at 40, the supplier ships on weekdays with 2
     * calendar days of transit: an order waits for Monday on a weekend (a
     * mean of 1.5 days from a Saturday, 0.5 from a Sunday): L = 2 + 2/7;
     * the waits' variance 8/21 - (2/7)^2 = 44/147 (less the midpoints'
     * 2/(7 x 12 x 256)). */
    set_calendars(&spec, 0, 1);
    world_policy_context(&spec, &ctx);
    cr_assert_float_eq(ctx.demand_rate, 40.0, 1e-9);
    cr_assert_float_eq(ctx.lead_time, 2.0 + 2.0 / 7.0, 1e-9);
    cr_assert_float_eq(ctx.lead_time_variance,
                       44.0 / 147.0 - 2.0 / (7.0 * 12.0 * 256.0), 1e-9);

    /* The demand on weekdays, the supplier every day, 2 calendar days:
     * the same 1.6 working days covered as when it shipped on weekdays
     * (orders are placed on weekdays only). */
    set_calendars(&spec, 1, 0);
    spec.suppliers[0].lead_time_in = LEAD_TIME_IN_CALENDAR_DAYS;
    world_policy_context(&spec, &ctx);
    cr_assert_float_eq(ctx.lead_time, 2.24, 1e-9);

    /* No calendar: the lead time as it is. */
    set_calendars(&spec, 0, 0);
    world_policy_context(&spec, &ctx);
    cr_assert_float_eq(ctx.lead_time, 2.0, 0);
    cr_assert_float_eq(ctx.lead_time_variance, 0.0, 0);
    world_spec_free(&spec);
}

Test(world_calendar, a_random_transit_in_working_days_is_stretched)
{
    char err[200];
    world_spec spec;
    policy_context ctx;
    weekday_world(&spec, "eoq", 40.0, 2.0, 1, 1, 1);
    set_calendars(&spec, 1, 1);
    dist_free(&spec.suppliers[0].lead_time);
    cr_assert_eq(dist_gamma(&spec.suppliers[0].lead_time, 4.0, 0.5,
                                    err, sizeof err),
                 0, "%s", err);
    world_policy_context(&spec, &ctx);
    /* A working day of transit covers 7/5 of a calendar day's demand:
     * var 1 (working days^2) becomes 1.96; no spread between orders. */
    cr_assert_float_eq(ctx.lead_time, 2.8, 1e-9);
    cr_assert_float_eq(ctx.lead_time_variance, 1.96, 1e-9);
    world_spec_free(&spec);
}

/* The time change: a kanban loop on a calendar is the loop of its
 * working days, so auto sizes it with as many cards. */
Test(world_calendar, kanban_cards_are_those_of_the_working_days)
{
    world_spec spec, plain;
    weekday_world(&spec, "kanban", 40.0, 2.0, 1, 1, 1);
    set_calendars(&spec, 1, 1);
    policy_param_set(&spec.policy.params, PARAM_CONTAINER, 10.0);
    policy_param_set(&spec.policy.params, PARAM_SAFETY, 0.25);
    weekday_world(&plain, "kanban", 40.0, 2.0, 0, 0, 0);
    set_calendars(&plain, 0, 0);
    plain.policy.params = spec.policy.params;
    world *a = build(&spec), *b = build(&plain);
    /* 40 x 2 x 1.25 / 10 = 10 cards either way. */
    cr_assert_eq(world_effective_params(a)->value[PARAM_CARDS], 10.0);
    cr_assert_eq(world_effective_params(b)->value[PARAM_CARDS], 10.0);
    world_destroy(a);
    world_destroy(b);
    world_spec_free(&spec);
    world_spec_free(&plain);
}

/* ---- the run --------------------------------------------------------------- */

#define EVENTS_MAX 200000

typedef struct event {
    double t, quantity;
    stockpt_event kind;
} event;

typedef struct event_log {
    size_t n;
    event e[EVENTS_MAX];
} event_log;

static event_log events;

static void log_event(void *ctx, const stockpt *sp, stockpt_event kind,
                      double quantity, int source)
{
    (void)source;
    event_log *log = ctx;
    cr_assert_lt(log->n, EVENTS_MAX);
    log->e[log->n++] = (event){stockpt_now(sp), quantity, kind};
}

/* Every order of a kanban loop on a calendar, from the trace: it leaves
 * on an open day (at once, or at the start of the next open day), and
 * arrives exactly `lead` working days after it left; no customer comes on
 * a closed day. The orders are matched first in, first out, which holds
 * for a constant lead time. */
static void check_orders(const world_spec *spec, double lead, int working)
{
    const calendar_spec *cal = &spec->suppliers[0].calendar;
    world *w = build(spec);
    events.n = 0;
    world_trace(w, log_event, &events);
    test_row m;
    cr_assert_eq(world_run(w, 3, 0, m.value), 0);
    static double placed[EVENTS_MAX], left[EVENTS_MAX];
    size_t n_placed = 0, n_left = 0, n_received = 0, waited = 0;
    for (size_t i = 0; i < events.n; i++) {
        const event *e = &events.e[i];
        switch (e->kind) {
        case STOCKPT_CUSTOMER_ORDER:
            if (spec->demand.calendar.active)
                cr_assert(calendar_open_at(cal, e->t),
                          "a customer at %g, a closed day", e->t);
            break;
        case STOCKPT_ORDER_PLACED:
            placed[n_placed++] = e->t;
            break;
        case STOCKPT_DISPATCHED: {
            double when = placed[n_left];
            cr_assert(calendar_open_at(cal, e->t), "shipped at %g", e->t);
            cr_assert_float_eq(e->t, calendar_next_open(cal, when), 0,
                               "placed at %g, shipped at %g", when, e->t);
            waited += e->t > when;
            left[n_left++] = e->t;
            break;
        }
        case STOCKPT_RECEIPT: {
            double from = left[n_received++];
            double want = working ? calendar_add_working(cal, from, lead)
                                  : from + lead;
            cr_assert_float_eq(e->t, want, 1e-9, "left %g, received %g",
                               from, e->t);
            if (working)
                cr_assert(calendar_open_at(cal, e->t));
            break;
        }
        default:
            break;
        }
    }
    cr_assert_gt(n_received, 100);
    if (!spec->demand.calendar.active)
        cr_assert_gt(waited, 10, "orders placed on weekends waited");
    world_destroy(w);
}

Test(world_calendar, no_shipment_on_a_closed_day_and_exact_working_days)
{
    world_spec spec;
    /* All on the calendar (holidays on days 9 and 100). */
    weekday_world(&spec, "kanban", 40.0, 2.0, 1, 1, 1);
    policy_param_set(&spec.policy.params, PARAM_CONTAINER, 10.0);
    check_orders(&spec, 2.0, 1);
    world_spec_free(&spec);
    /* Customers every day: weekend orders wait for Monday; the transit
     * runs 1.5 calendar days. */
    weekday_world(&spec, "kanban", 40.0, 1.5, 0, 1, 0);
    policy_param_set(&spec.policy.params, PARAM_CONTAINER, 10.0);
    check_orders(&spec, 1.5, 0);
    world_spec_free(&spec);
}

/* ---- weekly totals ----------------------------------------------------- */

typedef struct week_sums {
    double weekend, total;
} week_sums;

static void on_observe(void *ctx, world_event_kind kind, double t,
                       double quantity)
{
    week_sums *s = ctx;
    if (kind != WORLD_DEMAND)
        return;
    s->total += quantity;
    if (fmod(floor(t), 7.0) >= 5.0)
        s->weekend += quantity;
}

Test(world_calendar, weekly_totals_are_five_days_of_the_rate)
{
    enum { REPS = 30 };
    world_spec spec;
    weekday_world(&spec, "eoq", 40.0, 2.0, 1, 1, 1);
    set_calendars(&spec, 1, 1);
    spec.horizon = 7.0 * 52;
    world *w = build(&spec);
    double per_week[REPS], mean = 0.0, var = 0.0;
    for (int r = 0; r < REPS; r++) {
        week_sums s = {0};
        world_observe(w, on_observe, &s);
        test_row m;
        cr_assert_eq(world_run(w, 11, (uint64_t)r, m.value), 0);
        cr_assert_eq(s.weekend, 0.0, "demand on a weekend");
        per_week[r] = s.total / 52.0;
        mean += per_week[r] / REPS;
    }
    for (int r = 0; r < REPS; r++)
        var += (per_week[r] - mean) * (per_week[r] - mean) / (REPS - 1);
    double half = gsl_cdf_tdist_Pinv(0.995, REPS - 1) * sqrt(var / REPS);
    /* The rate is per open day: 5 x 40 a week, not 7 x 40. */
    cr_assert(fabs(mean - 200.0) < half, "weekly mean %g +- %g", mean,
              half);
    world_destroy(w);
    world_spec_free(&spec);
}

/* ---- the model's own refusals (the C API is used without files) -------- */

static void expect_error(const world_spec *spec, const char *fragment)
{
    char err[300] = "";
    world *w = world_create(spec, err, sizeof err);
    cr_assert_null(w, "expected an error containing '%s'", fragment);
    cr_assert_not_null(strstr(err, fragment), "'%s' lacks '%s'", err,
                       fragment);
}

Test(world_calendar, every_check_of_world_create)
{
    world_spec spec;
    weekday_world(&spec, "eoq", 40.0, 2.0, 1, 0, 0);
    policy_param_set(&spec.policy.params, PARAM_Q, 100.0);
    policy_param_set(&spec.policy.params, PARAM_r, 50.0);
    spec.suppliers[0].lead_time_in = LEAD_TIME_IN_WORKING_DAYS;
    expect_error(&spec, "supplier local: lead_time_in: working_days needs "
                        "the supplier's calendar; expected calendar: follow "
                        "or its own work_days");
    spec.suppliers[0].lead_time_in = (supplier_lead_time_in)7;
    expect_error(&spec, "supplier local: lead_time_in must be calendar or "
                        "working days, got 7");
    spec.suppliers[0].lead_time_in = LEAD_TIME_IN_CALENDAR_DAYS;
    spec.suppliers[0].calendar.start = 9;
    expect_error(&spec, "supplier local: calendar: start must be a weekday");
    spec.suppliers[0].calendar.start = 0;
    spec.demand.weekday_profile = 1;
    spec.demand.weekday_factor[5] = -2.0;
    expect_error(&spec, "weekday_profile: sat must be a factor >= 0, got -2");
    spec.demand.weekday_factor[5] = 1.0;
    spec.demand.calendar.work_days = 0;
    expect_error(&spec, "calendar: a calendar needs at least one working day");
    spec.demand.calendar.work_days = WEEKDAYS;
    world *w = build(&spec);
    world_destroy(w);
    world_spec_free(&spec);
}

/* In order (the default) with a random transit in working days: a
 * shipment that waits for an earlier one arrives with it, so on an open
 * day too; none leaves on a closed day. */
Test(world_calendar, in_order_working_day_transits_arrive_on_open_days)
{
    char err[200];
    world_spec spec;
    weekday_world(&spec, "kanban", 40.0, 2.0, 1, 1, 1);
    policy_param_set(&spec.policy.params, PARAM_CONTAINER, 10.0);
    cr_assert_eq(spec.suppliers[0].deliveries, DELIVERIES_IN_ORDER);
    dist_free(&spec.suppliers[0].lead_time);
    cr_assert_eq(dist_gamma(&spec.suppliers[0].lead_time, 2.0, 1.0, err,
                            sizeof err),
                 0);
    const calendar_spec *cal = &spec.suppliers[0].calendar;
    world *w = build(&spec);
    events.n = 0;
    world_trace(w, log_event, &events);
    test_row m;
    cr_assert_eq(world_run(w, 5, 0, m.value), 0);
    size_t received = 0;
    for (size_t i = 0; i < events.n; i++) {
        const event *e = &events.e[i];
        if (e->kind == STOCKPT_DISPATCHED)
            cr_assert(calendar_open_at(cal, e->t), "shipped at %g", e->t);
        if (e->kind != STOCKPT_RECEIPT)
            continue;
        cr_assert(calendar_open_at(cal, e->t), "received at %g", e->t);
        received++;
    }
    cr_assert_gt(received, 1000);
    world_destroy(w);
    world_spec_free(&spec);
}
