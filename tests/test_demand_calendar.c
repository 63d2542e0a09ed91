/*
 * test_demand_calendar.c - demand on a working calendar: no customer on a
 * closed day, weekly totals of 5 x the rate for a Monday-to-Friday week
 * (within intervals from the weeks simulated), weekday profiles, periodic
 * orders, the rates the `auto` rules plan for against sums done by hand,
 * the clock change (the same exponential gaps, mapped to calendar time),
 * and the model's refusals.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/demand.h"
#include "sim/sim.h"
#include "sim/stream.h"

#define MAX_ORDERS 400000
#define WEEKDAYS 0x1fu

typedef struct recorder {
    size_t n;
    double t[MAX_ORDERS];
    double q[MAX_ORDERS];
} recorder;

static recorder rec, other;

static void record(sim *s, void *ctx, double quantity)
{
    recorder *r = ctx;
    cr_assert_lt(r->n, MAX_ORDERS);
    r->t[r->n] = sim_now(s);
    r->q[r->n++] = quantity;
}

static void run_into(recorder *r, const demand_spec *spec, double horizon,
                     uint64_t seed)
{
    sim *s = sim_create();
    gsl_rng *g = stream_create(seed, 0, "demand");
    demand_process p;
    r->n = 0;
    demand_start(&p, spec, s, g, horizon, record, r);
    sim_run_until(s, horizon);
    gsl_rng_free(g);
    sim_destroy(s);
}

/* A demand of `rate` one-unit orders a day following a Monday-to-Friday
 * calendar starting on a Monday, with these holidays. */
static void weekday_demand(demand_spec *spec, double rate,
                           const double *holidays, size_t n)
{
    char err[200];
    demand_spec_init(spec);
    spec->rate = rate;
    spec->calendar.active = 1;
    cr_assert_eq(calendar_set_week(&spec->calendar, WEEKDAYS, 0, err,
                                   sizeof err),
                 0);
    cr_assert_eq(calendar_set_holidays(&spec->calendar, holidays, n, 1e7,
                                       err, sizeof err),
                 0, "%s", err);
    cr_assert_eq(demand_spec_check(spec, err, sizeof err), 0, "%s", err);
}

/* Mean and the half-width of a 99.9% interval (z = 3.29, many weeks) of
 * xs[0..n). */
static void interval(const double *xs, size_t n, double *mean, double *half)
{
    double m = 0.0, v = 0.0;
    for (size_t i = 0; i < n; i++)
        m += xs[i] / (double)n;
    for (size_t i = 0; i < n; i++)
        v += (xs[i] - m) * (xs[i] - m) / (double)(n - 1);
    *mean = m;
    *half = 3.29 * sqrt(v / (double)n);
}

enum { WEEKS = 3000 };

Test(demand_calendar, no_customer_on_a_closed_day_and_five_days_a_week)
{
    /* Wednesday of week 1 is a holiday: that week is left out of the
     * totals. */
    double holidays[] = {9};
    demand_spec spec;
    weekday_demand(&spec, 10.0, holidays, 1);
    run_into(&rec, &spec, 7.0 * WEEKS, 1);
    static double week[WEEKS], monday[WEEKS];
    memset(week, 0, sizeof week);
    memset(monday, 0, sizeof monday);
    for (size_t i = 0; i < rec.n; i++) {
        double day = floor(rec.t[i]);
        int weekday = (int)fmod(day, 7.0);
        cr_assert(weekday < 5 && day != 9.0, "a customer on day %g", day);
        week[(size_t)(day / 7.0)] += rec.q[i];
        if (weekday == 0)
            monday[(size_t)(day / 7.0)] += rec.q[i];
    }
    cr_assert_float_eq(week[1], 40.0, 5.0 * sqrt(40.0));
    week[1] = week[0];
    double mean, half;
    interval(week, WEEKS, &mean, &half);
    /* The rate is per open day: 5 x 10 a week, not 7 x 10. */
    cr_assert(fabs(mean - 50.0) < half, "weekly mean %g +- %g", mean, half);
    interval(monday, WEEKS, &mean, &half);
    cr_assert(fabs(mean - 10.0) < half, "Monday mean %g +- %g", mean, half);
    demand_spec_free(&spec);
}

Test(demand_calendar, the_clock_change_keeps_the_same_draws)
{
    /* The calendar maps working time to calendar time: the k-th customer
     * is the k-th of the same demand without a calendar, moved by C. */
    demand_spec plain, spec;
    demand_spec_init(&plain);
    plain.rate = 3.0;
    double holidays[] = {2, 3, 4, 30};
    weekday_demand(&spec, 3.0, holidays, 4);
    double horizon = 400.0;
    run_into(&rec, &spec, horizon, 7);
    run_into(&other, &plain, horizon, 7);
    cr_assert_gt(rec.n, 700);
    for (size_t i = 0; i < rec.n; i++)
        cr_assert_float_eq(
            rec.t[i], calendar_time_of_working(&spec.calendar, other.t[i]),
            1e-9, "customer %zu", i);
    demand_spec_free(&plain);
    demand_spec_free(&spec);
}

Test(demand_calendar, a_weekday_profile_multiplies_each_weekday)
{
    char err[200];
    demand_spec spec;
    demand_spec_init(&spec);
    spec.rate = 10.0;
    spec.weekday_profile = 1;
    double f[7] = {1.2, 1.0, 1.0, 1.0, 0.8, 0.5, 0.0};
    memcpy(spec.weekday_factor, f, sizeof f);
    /* Day 0 a Wednesday: the profile follows the weekday, not the day
     * number. */
    cr_assert_eq(calendar_set_week(&spec.calendar, 0x7f, 2, err, sizeof err),
                 0);
    cr_assert_eq(demand_spec_check(&spec, err, sizeof err), 0, "%s", err);
    cr_assert_float_eq(demand_multiplier(&spec, 0.5), 1.0, 0);
    cr_assert_float_eq(demand_multiplier(&spec, 4.5), 0.0, 0);
    cr_assert_float_eq(demand_multiplier(&spec, 5.5), 1.2, 0);
    run_into(&rec, &spec, 7.0 * WEEKS, 2);
    static double week[WEEKS], saturday[WEEKS];
    memset(week, 0, sizeof week);
    memset(saturday, 0, sizeof saturday);
    for (size_t i = 0; i < rec.n; i++) {
        int weekday = calendar_weekday(&spec.calendar, rec.t[i]);
        cr_assert_neq(weekday, 6, "a customer on a Sunday");
        size_t w = (size_t)(rec.t[i] / 7.0);
        week[w] += rec.q[i];
        if (weekday == 5)
            saturday[w] += rec.q[i];
    }
    double mean, half;
    interval(week, WEEKS, &mean, &half);
    cr_assert(fabs(mean - 55.0) < half, "weekly mean %g +- %g", mean, half);
    interval(saturday, WEEKS, &mean, &half);
    cr_assert(fabs(mean - 5.0) < half, "Saturday mean %g +- %g", mean, half);
    /* Planned per calendar day: 55 / 7. */
    double m, v;
    int constant;
    demand_planning_rates(&spec, 0.0, 7.0 * WEEKS, &m, &v, &constant);
    cr_assert_float_eq(m, 55.0 / 7.0, 1e-9);
    cr_assert_float_eq(v, 55.0 / 7.0, 1e-9);
    cr_assert_eq(constant, 0);
    demand_spec_free(&spec);
}

Test(demand_calendar, periodic_orders_skip_closed_days)
{
    char err[200];
    demand_spec spec;
    weekday_demand(&spec, 1.0, NULL, 0);
    spec.arrivals = DEMAND_PERIODIC;
    spec.period = 0.5;
    dist_free(&spec.quantity);
    dist_constant(&spec.quantity, 10.0, err, sizeof err);
    run_into(&rec, &spec, 70.0, 3);
    /* Two orders an open day, 50 open days. */
    cr_assert_eq(rec.n, 100);
    for (size_t i = 0; i < rec.n; i++)
        cr_assert(calendar_open_at(&spec.calendar, rec.t[i]));
    double m, v;
    demand_planning_rates(&spec, 0.0, 70.0, &m, &v, NULL);
    cr_assert_float_eq(m, 20.0 * 50.0 / 70.0, 1e-12);
    demand_spec_free(&spec);
}

Test(demand_calendar, planning_rates_are_per_calendar_day)
{
    double holidays[] = {8};
    demand_spec spec;
    weekday_demand(&spec, 10.0, holidays, 1);
    double m, v;
    int constant;
    /* 100 weeks, 499 open days. */
    demand_planning_rates(&spec, 0.0, 700.0, &m, &v, &constant);
    cr_assert_float_eq(m, 10.0 * 499.0 / 700.0, 1e-12);
    cr_assert_float_eq(v, 10.0 * 499.0 / 700.0, 1e-12);
    cr_assert_eq(constant, 0);
    /* From Thursday noon to Wednesday (the holiday is Tuesday 8): half
     * of Thursday, Friday, Monday, Wednesday. */
    demand_planning_rates(&spec, 3.5, 10.0, &m, &v, NULL);
    cr_assert_float_eq(m, 10.0 * 3.5 / 6.5, 1e-12);
    /* With a trend: m(t) = 1 + 0.001 t on open days, integrated exactly
     * day by day. */
    spec.trend = 0.001;
    double sum = 0.0;
    for (int day = 0; day < 700; day++)
        if (day % 7 < 5 && day != 8)
            sum += 1.0 + 0.001 * (day + 0.5);
    demand_planning_rates(&spec, 0.0, 700.0, &m, &v, NULL);
    cr_assert_float_eq(m, 10.0 * sum / 700.0, 1e-9);
    /* Candidates are drawn in working time only. */
    spec.trend = 0.0;
    cr_assert_float_eq(demand_expected_orders(&spec, 700.0), 4990.0, 1e-9);
    demand_spec_free(&spec);
}

Test(demand_calendar, every_refusal_of_the_model)
{
    char err[300];
    demand_spec spec;
    weekday_demand(&spec, 10.0, NULL, 0);
    spec.weekday_profile = 1;
    spec.weekday_factor[2] = -1.0;
    cr_assert_eq(demand_spec_check(&spec, err, sizeof err), -1);
    cr_assert_str_eq(err, "weekday_profile: wed must be a factor >= 0, got "
                          "-1");
    spec.weekday_factor[2] = NAN;
    cr_assert_eq(demand_spec_check(&spec, err, sizeof err), -1);
    /* Customers only on Saturdays and Sundays, which the calendar
     * closes. */
    for (int d = 0; d < 5; d++)
        spec.weekday_factor[d] = 0.0;
    cr_assert_eq(demand_spec_check(&spec, err, sizeof err), -1);
    cr_assert_str_eq(err, "weekday_profile is 0 on every day customers may "
                          "come; expected a factor > 0 on some working "
                          "day");
    spec.weekday_factor[0] = 1.0;
    cr_assert_eq(demand_spec_check(&spec, err, sizeof err), 0, "%s", err);
    spec.calendar.work_days = 0x3;
    cr_assert_eq(demand_spec_check(&spec, err, sizeof err), -1);
    cr_assert_str_eq(err, "calendar: the calendar's week tables do not "
                          "match its work_days and start; expected them "
                          "set by calendar_set_week");
    demand_spec_free(&spec);

    demand_spec_init(&spec);
    static const char rows[] = "0,3\n1,5\n";
    cr_assert_eq(demand_parse_trace(&spec, rows, sizeof rows - 1, "t.csv",
                                    err, sizeof err),
                 0);
    spec.calendar.active = 1;
    cr_assert_eq(demand_spec_check(&spec, err, sizeof err), -1);
    cr_assert_str_eq(err, "a calendar and a weekday profile do not apply to "
                          "a trace; expected a trace replayed as recorded");
    spec.calendar.active = 0;
    spec.weekday_profile = 1;
    cr_assert_eq(demand_spec_check(&spec, err, sizeof err), -1);
    demand_spec_free(&spec);
}

Test(demand_calendar, a_copy_owns_its_holidays)
{
    double holidays[] = {1, 2};
    demand_spec spec, copy;
    weekday_demand(&spec, 10.0, holidays, 2);
    cr_assert_eq(demand_spec_copy(&copy, &spec), 0);
    cr_assert_neq(copy.calendar.holidays, spec.calendar.holidays);
    demand_spec_free(&spec);
    cr_assert(!calendar_open_at(&copy.calendar, 2.5));
    cr_assert_eq(copy.calendar.n_holidays, 2);
    demand_spec_free(&copy);
}
