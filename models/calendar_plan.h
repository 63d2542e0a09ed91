/*
 * calendar_plan.h - what the `auto` rules see of a working calendar: the
 * lead time through the demand it has to cover.
 *
 * The rules plan in calendar days: a rate D per calendar day (the total
 * expected demand over the window / its length, demand_planning_rates)
 * and a lead time L, whose product D L they take as the demand over a
 * lead time. On a calendar that product is wrong unless L is measured in
 * the demand it covers: an order placed on a Thursday of a Monday-to-
 * Friday plant, 2 calendar days from its supplier, covers one working day
 * of demand, one placed on a Monday two. So here L is
 *
 *   L = E[ integral of m over the order's lead time ] / mean m,
 *
 * the expectation over the instants orders are placed (customers come:
 * each instant weighted by m(t)), the lead time being the wait for the
 * supplier's next open day plus the mean transit (in working days when
 * the supplier counts them), and mean m the mean multiplier over the
 * window. D L is then the mean demand over a lead time exactly. The
 * variance the rules give D^2 is that of the transit, scaled by the
 * demand one more day of transit covers (on a Monday-to-Friday plant,
 * 7/5 of a calendar day for a working day), plus the variance from one
 * placement instant to another of the demand covered (the weekend), both
 * divided by (mean m)^2. A supplier's servers add one process time and
 * its variance.
 *
 * It applies when the demand changes from day to day (a calendar
 * followed, a weekday profile) or the supplier has a calendar; otherwise
 * the rules see the lead time's own mean and variance. The expectation is
 * a weighted sum over 16 instants a day: every day of the window, or,
 * past 511 days, 73 whole weeks spread evenly over it.
 */
#ifndef JITSIM_CALENDAR_PLAN_H
#define JITSIM_CALENDAR_PLAN_H

#include "models/demand.h"
#include "models/supplier.h"

/* Whether calendar_plan_lead_time applies to this demand and supplier. */
int calendar_plan_applies(const demand_spec *demand,
                          const supplier_spec *sup);

/* The lead time's mean and variance in calendar days of demand over the
 * window [from, to), as above. */
void calendar_plan_lead_time(const demand_spec *demand,
                             const supplier_spec *sup, double from,
                             double to, double *mean, double *variance);

#endif
