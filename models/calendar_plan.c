/*
 * calendar_plan.c - the lead time the `auto` rules plan with on a working
 * calendar (calendar_plan.h says what and why): a weighted sum over
 * placement instants of the demand an order's lead time covers.
 */
#include "calendar_plan.h"

#include <math.h>

#define PLAN_DAYS_MAX 511
#define PLAN_WEEKS 73 /* 511 days */
#define PLAN_POINTS_A_DAY 16

int calendar_plan_applies(const demand_spec *demand,
                          const supplier_spec *sup)
{
    return sup->calendar.active || demand_has_day_factor(demand);
}

/* When an order placed at t with `transit` days of transit arrives: it
 * leaves on the supplier's next open day. */
static double arrival(const supplier_spec *sup, double t, double transit)
{
    double ship = calendar_next_open(&sup->calendar, t);
    if (sup->lead_time_in == LEAD_TIME_IN_WORKING_DAYS)
        return calendar_add_working(&sup->calendar, ship, transit);
    return ship + transit;
}

void calendar_plan_lead_time(const demand_spec *demand,
                             const supplier_spec *sup, double from,
                             double to, double *mean, double *variance)
{
    double transit = dist_mean(&sup->lead_time);
    double process = sup->servers > 0 ? dist_mean(&sup->process_time) : 0.0;
    double process_var =
        sup->servers > 0 ? dist_variance(&sup->process_time) : 0.0;
    *mean = transit + process;
    *variance = dist_variance(&sup->lead_time) + process_var;
    double first = floor(from), span = ceil(to) - first;
    if (!(to > from) || !(span >= 1.0))
        return;
    double level = demand_multiplier_integral(demand, from, to) / (to - from);
    if (!(level > 0.0))
        return;
    /* Every day, or whole weeks spread evenly over the window: every
     * weekday is sampled as often. */
    size_t days = span > PLAN_DAYS_MAX ? PLAN_WEEKS * CALENDAR_WEEK
                                       : (size_t)span;
    /* Sums of the weights, the demand covered (in units of m), its
     * square, and the demand one more day of transit covers. */
    double w = 0.0, c = 0.0, cc = 0.0, more = 0.0;
    for (size_t i = 0; i < days; i++) {
        double day = first + (double)i;
        if (span > PLAN_DAYS_MAX) {
            size_t week = i / CALENDAR_WEEK;
            day = first + floor((double)week * (span - CALENDAR_WEEK) /
                                (PLAN_WEEKS - 1)) +
                  (double)(i % CALENDAR_WEEK);
        }
        for (int j = 0; j < PLAN_POINTS_A_DAY; j++) {
            double t = day + (j + 0.5) / PLAN_POINTS_A_DAY;
            if (t < from || t >= to)
                continue;
            double g = demand_multiplier(demand, t);
            if (!(g > 0.0))
                continue;
            double end = arrival(sup, t, transit);
            double covered = demand_multiplier_integral(demand, t, end);
            double longer = demand_multiplier_integral(
                demand, end, arrival(sup, t, transit + 1.0));
            w += g;
            c += g * covered;
            cc += g * covered * covered;
            more += g * longer;
        }
    }
    if (!(w > 0.0))
        return;
    double m = c / w, spread = cc / w - m * m;
    double stretch = more / w / level;
    *mean = m / level + process;
    *variance = dist_variance(&sup->lead_time) * stretch * stretch +
                (spread > 0.0 ? spread : 0.0) / (level * level) +
                process_var;
}
