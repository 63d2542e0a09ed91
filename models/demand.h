/*
 * demand.h - the customer demand seen by a stock point.
 *
 * Three processes: (a) Poisson arrivals of customer orders, each of a size
 * drawn from a distribution (compound Poisson); (b) one customer order per
 * period, its quantity drawn from a distribution; (c) a trace of (time,
 * quantity) rows replayed from a CSV file. (a) and (b) may be shaped by a
 * multiplier m(t) = (1 + trend t) (1 + amplitude sin(2 pi (t - phase) /
 * season_period)) x (the factor of every shock window [start, end) holding
 * t), floored at 0: for (a) it scales the arrival rate (non-homogeneous
 * Poisson by thinning), for (b) the period's quantity.
 *
 * A calendar (models/calendar.h) may shape (a) and (b) too: following it,
 * no customer comes on a closed day, and the rate (or the period's
 * quantity) is that of an open day, so a Monday-to-Friday week brings 5
 * days of the rate, not 7. A weekday profile multiplies m(t) by its
 * weekday's factor. Poisson arrivals follow the calendar by a change of
 * clock: they are drawn in working time (calendar.h's W) at the rate and
 * mapped back to calendar time, so no candidate is drawn for a closed
 * day; periodic orders that fall on a closed day are no orders. Every
 * rate the `auto` rules plan for is per calendar day (the total expected
 * demand over the window / its length).
 *
 * Units are whole: a drawn size or quantity is rounded to the nearest whole
 * number; an order of zero units is not delivered to the sink (it is no
 * order). The process draws only from the stream it is given, whatever the
 * policy does, so every policy run on a replication sees the same demand.
 *
 * This module does not know about stock: it calls a sink for each order.
 */
#ifndef JITSIM_DEMAND_H
#define JITSIM_DEMAND_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "models/calendar.h"
#include "models/dist.h"
#include "sim/sim.h"

typedef enum demand_arrivals {
    DEMAND_POISSON,  /* rate, size */
    DEMAND_PERIODIC, /* period, quantity */
    DEMAND_TRACE     /* trace rows */
} demand_arrivals;

typedef struct demand_shock {
    double start;  /* time the window opens */
    double end;    /* time it closes (exclusive) */
    double factor; /* multiplier inside the window, >= 0 */
} demand_shock;

typedef struct demand_spec {
    demand_arrivals arrivals;
    double rate;     /* DEMAND_POISSON: customer orders per time unit, > 0 */
    dist size;       /* DEMAND_POISSON: units per order (default constant 1) */
    double period;   /* DEMAND_PERIODIC: time between orders, > 0 */
    dist quantity;   /* DEMAND_PERIODIC: units per period */
    double trend;    /* growth per time unit: 0.001 = +0.1% per unit */
    double season_amplitude; /* in [0, 1]; 0 = no seasonality */
    double season_period;    /* > 0 when amplitude > 0 */
    double season_phase;     /* time of the upward zero crossing */
    size_t n_shocks;
    demand_shock *shocks; /* owned */
    size_t trace_n;       /* DEMAND_TRACE: rows, sorted by time */
    double *trace_time;   /* owned */
    double *trace_quantity; /* owned */
    char *trace_path;     /* owned; for messages */
    /* The days customers come: with calendar.active, none on a closed
     * day (poisson and periodic only). Its `start` names the weekdays of
     * weekday_factor even when inactive. Owned. */
    calendar_spec calendar;
    int weekday_profile;          /* weekday_factor applies */
    double weekday_factor[CALENDAR_WEEK]; /* >= 0, Monday first */
} demand_spec;

/* Sets a spec to Poisson arrivals of `rate` orders of one unit, unshaped. */
void demand_spec_init(demand_spec *spec);
void demand_spec_free(demand_spec *spec);
/* Deep copy into an uninitialised dst. 0 or -1 (out of memory). */
int demand_spec_copy(demand_spec *dst, const demand_spec *src);

/* Checks a spec; returns 0 or -1 with "what is wrong; what is expected" in
 * err. */
int demand_spec_check(const demand_spec *spec, char *err, size_t errlen);

/* A trace is a regular file of at most DEMAND_TRACE_BYTES_MAX bytes and
 * DEMAND_TRACE_ROWS_MAX rows (16 bytes a row in memory: 64 MB). */
#define DEMAND_TRACE_BYTES_MAX ((long long)64 << 20)
#define DEMAND_TRACE_ROWS_MAX ((size_t)4000000)
/* demand_variance_rate walks every time unit of a trace up to this span;
 * past it (a span the scenario reader never lets through) it sums the
 * non-empty units only. */
#define DEMAND_TRACE_UNITS_EXACT 1e8

/* Reads a trace CSV (libcsv): an optional header row, then rows of
 * time,quantity with times >= 0 and non-decreasing and quantities >= 0.
 * Only a regular file is read (not a device or a pipe), within the limits
 * above; a NUL byte is refused. On error returns -1 and writes
 * "PATH:LINE: what is wrong; what is expected" to err. Sets arrivals to
 * DEMAND_TRACE. */
int demand_load_trace(demand_spec *spec, const char *path, char *err,
                      size_t errlen);
/* Drops the rows at or after `horizon` (they are never replayed): what is
 * derived from the trace (its rates) is then sized by the horizon, not by
 * its last time. Keeps at least nothing: a trace may end up empty. */
void demand_trace_clip(demand_spec *spec, double horizon);
/* Reads a trace from memory, as demand_load_trace reads a file (`path`
 * only names it in messages): for tests and the fuzzer. */
int demand_parse_trace(demand_spec *spec, const char *text, size_t len,
                       const char *path, char *err, size_t errlen);

/* The long-run mean of units demanded per time unit, without shaping
 * (rate x mean size; mean quantity / period; total / span for a trace),
 * and the variance of units demanded per time unit (rate x E[size^2];
 * variance of quantity / period; the variance of per-unit-time totals for
 * a trace). These feed the `auto` rules of the policies. */
double demand_mean_rate(const demand_spec *spec);
double demand_variance_rate(const demand_spec *spec);

/* How many customer orders the process schedules over [0, horizon): for
 * Poisson arrivals the candidates drawn before thinning (rate x the bound
 * of the multiplier x horizon), for periodic ones horizon / period, for a
 * trace its rows. What a run's length and memory grow with; the scenario
 * reader refuses more than DEMAND_ORDERS_MAX. Infinite when unbounded. */
#define DEMAND_ORDERS_MAX 1e9
double demand_expected_orders(const demand_spec *spec, double horizon);

/* The shaping multiplier at time t: trend, season and shocks, times the
 * day's factor (0 on a day the demand's calendar closes, else its
 * weekday's factor in the profile, else 1). */
double demand_multiplier(const demand_spec *spec, double t);

/* The demand the `auto` rules plan for: the mean and the variance of units
 * demanded per time unit as shaped (trend, season, shocks) over the window
 * [from, to). For Poisson arrivals the shaped process is a non-homogeneous
 * compound Poisson process, so both the mean and the variance rate are the
 * unshaped ones times the mean of m(t) over the window (integrated by
 * Gauss-Legendre, piecewise between shock edges, fine enough that the error
 * is below 1e-9 of the rate); for periodic orders the mean is the unshaped
 * one times the mean of m at the order instants in the window and the
 * variance rate var(quantity) x mean of m^2 / period; a trace is not
 * shaped and gives demand_mean_rate and demand_variance_rate. Also writes
 * whether m is the same at every instant of the window (`constant`, may be
 * NULL): a Poisson process shaped by a constant factor is still Poisson. */
void demand_planning_rates(const demand_spec *spec, double from, double to,
                           double *mean, double *variance, int *constant);

/* The integral of m(t) over [a, b) (0 when b <= a), by the integration
 * of demand_planning_rates: the demand expected in the interval is the
 * unshaped rate times it. Whether m changes from day to day (a calendar
 * followed, or a weekday profile that is not all 1). */
double demand_multiplier_integral(const demand_spec *spec, double a,
                                  double b);
int demand_has_day_factor(const demand_spec *spec);

/* A customer order of `quantity` whole units arrives now. */
typedef void (*demand_sink)(sim *s, void *ctx, double quantity);

/* The running process. Embed it; it allocates nothing. */
typedef struct demand_process {
    const demand_spec *spec;
    gsl_rng *rng;
    demand_sink sink;
    void *sink_ctx;
    double horizon;
    double max_multiplier; /* bound on m(t) over [0, horizon] for thinning */
    double working;        /* DEMAND_POISSON on a calendar: working time
                              of the next candidate */
    /* DEMAND_POISSON, fixed at the start rather than worked out again for
     * each customer: the mean gap between candidates (1 / the bounding
     * rate; 0: no customers), whether gaps are in working time, whether
     * candidates are thinned. */
    double mean_gap;
    int on_calendar, thinned;
    size_t next_row;       /* DEMAND_TRACE */
    unsigned long period_index; /* DEMAND_PERIODIC */
} demand_process;

/* Schedules the first order on s; the process then runs by itself until
 * the horizon (it schedules nothing at or after it). Periodic orders arrive
 * at t = 0, period, 2 period, ...; trace orders at their times. */
void demand_start(demand_process *p, const demand_spec *spec, sim *s,
                  gsl_rng *rng, double horizon, demand_sink sink, void *ctx);

#endif
