/*
 * demand.c - the demand: section (and a product's demand:, read the same
 * way): how customer orders arrive.
 *
 * Keys read: arrivals (poisson, periodic, trace), rate, size, quantity,
 * period, file, trend, season {amplitude, period, phase}, shocks [{start,
 * end, factor}], calendar (follow, ignore: the top-level calendar's
 * closed days; follow by default when there is one), weekday_profile
 * {mon: 1.2, ..., sun: 0}.
 *
 * Not here: generating the orders (models/demand.c), reading the trace
 * file (demand_load_trace).
 */
#include <stdio.h>
#include <stdlib.h>

#include "analysis/scenario/internal.h"

enum {
    D_ARRIVALS, D_RATE, D_SIZE, D_QUANTITY, D_PERIOD, D_FILE, D_TREND,
    D_SEASON, D_SHOCKS, D_CALENDAR, D_WEEKDAY_PROFILE, D_COUNT
};
static const char *const demand_keys[D_COUNT] = {
    "arrivals", "rate", "size", "quantity", "period", "file", "trend",
    "season", "shocks", "calendar", "weekday_profile",
};
static const char *const arrival_names[] = {"poisson", "periodic", "trace"};
/* The keys each kind of arrivals takes, and what to say otherwise. */
static const unsigned arrival_takes[] = {
    1u << D_ARRIVALS | 1u << D_RATE | 1u << D_SIZE | 1u << D_TREND |
        1u << D_SEASON | 1u << D_SHOCKS | 1u << D_CALENDAR |
        1u << D_WEEKDAY_PROFILE,
    1u << D_ARRIVALS | 1u << D_QUANTITY | 1u << D_PERIOD | 1u << D_TREND |
        1u << D_SEASON | 1u << D_SHOCKS | 1u << D_CALENDAR |
        1u << D_WEEKDAY_PROFILE,
    1u << D_ARRIVALS | 1u << D_FILE,
};
static const char *const arrival_expect[] = {
    "rate and size (quantity and period go with arrivals: periodic)",
    "quantity and period (rate and size go with arrivals: poisson)",
    "only file (a trace is replayed as recorded, unshaped)",
};

static const char *const season_keys[] = {"amplitude", "period", "phase"};
static const char *const shock_keys[] = {"start", "end", "factor"};

static const char *const follow_names[] = {"follow", "ignore"};

/* calendar: and weekday_profile: of a poisson or periodic demand. The
 * demand follows the top-level calendar unless it says ignore; either way
 * its calendar names the weekdays of the profile (day 0's is the
 * calendar's start). */
static void read_demand_calendar(scn *c, const ynode *const *f,
                                 demand_spec *d)
{
    char why[200];
    int choice = c->calendar_given ? 0 : 1; /* follow_names */
    const ynode *k = f[D_CALENDAR];
    if (k && !scn_get_choice(c, k, "calendar", follow_names, 2, &choice) &&
        choice == 0 && !c->calendar_given)
        scn_err_at(c, k,
                   "calendar: follow, but the scenario has no calendar; "
                   "expected a calendar: section at the top level "
                   "({work_days: [mon, tue, wed, thu, fri]}), or no "
                   "calendar key here");
    calendar_spec_free(&d->calendar);
    if (choice == 0 && c->calendar.active) {
        if (calendar_spec_copy(&d->calendar, &c->calendar))
            c->oom = 1;
    } else {
        calendar_spec_init(&d->calendar);
        calendar_set_week(&d->calendar, CALENDAR_ALL_DAYS,
                          c->calendar.start, why, sizeof why);
    }
    const ynode *p = f[D_WEEKDAY_PROFILE];
    if (!p || scn_needs_days(c, p, "weekday_profile") ||
        scn_check_map(c, p, "weekday_profile",
                      "a mapping of weekdays to factors {mon: 1.2, sat: "
                      "0.5, sun: 0}"))
        return;
    static const char *const days[CALENDAR_WEEK] = {
        "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    };
    const ynode *g[CALENDAR_WEEK];
    scn_map_fields(c, p, "the weekday profile", days, CALENDAR_WEEK, g);
    d->weekday_profile = 1;
    int some = 0;
    for (int w = 0; w < CALENDAR_WEEK; w++) {
        double x;
        if (!scn_get_num(c, g[w], days[w], R_NONNEG,
                         "a demand factor >= 0 for that weekday (1 when "
                         "left out)",
                         &x))
            d->weekday_factor[w] = x;
        some |= d->weekday_factor[w] > 0.0 &&
                ((d->calendar.work_days >> w) & 1u);
    }
    if (!some)
        scn_err_at(c, p,
                   "weekday_profile is 0 on every day customers may come; "
                   "expected a factor > 0 on some working day");
}

static void join_path(char *out, size_t size, const char *dir,
                      const char *file)
{
    if (file[0] == '/' || dir[0] == '\0')
        snprintf(out, size, "%s", file);
    else
        snprintf(out, size, "%s/%s", dir, file);
}

/* Reads a demand mapping (the top level's, or a product's) into d. */
void scn_read_demand(scn *c, const ynode *v, demand_spec *d)
{
    const ynode *f[D_COUNT];
    double x;
    size_t before = c->errs.seq;
    if (scn_check_map(c, v, "demand", "a mapping (demand: {arrivals: poisson, "
                                      "rate: 40, size: 1})"))
        return;
    scn_map_fields(c, v, "the demand", demand_keys, D_COUNT, f);
    int arrivals = 0;
    if (scn_get_choice(c, f[D_ARRIVALS], "arrivals", arrival_names, 3,
                       &arrivals) < 0)
        return;
    d->arrivals = (demand_arrivals)arrivals;
    for (int k = 0; k < D_COUNT; k++)
        if (f[k] && !(arrival_takes[arrivals] & (1u << k)))
            scn_err_at(c, f[k],
                       "%s does not apply to %s arrivals; expected %s",
                       demand_keys[k], arrival_names[arrivals],
                       arrival_expect[arrivals]);
    if (arrivals == DEMAND_POISSON) {
        if (!f[D_RATE])
            scn_err_at(c, v, "poisson demand has no rate; expected rate: "
                             "customer orders per time unit > 0");
        else if (!scn_get_num(c, f[D_RATE], "rate", R_POS,
                              "customer orders per time unit > 0", &x))
            d->rate = x;
        scn_set_dist(c, f[D_SIZE], "size",
                     "a distribution of units per order >= 0", &d->size);
    } else if (arrivals == DEMAND_PERIODIC) {
        if (!f[D_QUANTITY])
            scn_err_at(c, v,
                       "periodic demand has no quantity; expected quantity: "
                       "a distribution of units per period >= 0");
        else
            scn_set_dist(c, f[D_QUANTITY], "quantity",
                         "a distribution of units per period >= 0",
                         &d->quantity);
        if (!scn_get_num(c, f[D_PERIOD], "period", R_POS,
                         "a time between orders > 0", &x))
            d->period = x;
    } else {
        char file[1024], path[2200], why[2600];
        if (!f[D_FILE]) {
            scn_err_at(c, v,
                       "trace demand has no file; expected file: a CSV of "
                       "time,quantity rows");
        } else if (!scn_get_string(c, f[D_FILE], "file", sizeof file,
                                   "a CSV file name", file)) {
            join_path(path, sizeof path, c->dir, file);
            if (demand_load_trace(d, path, why, sizeof why)) {
                scn_err_at(c, f[D_FILE], "demand file: %s",
                           scn_with_expect(why, sizeof why,
                                           "a CSV of time,quantity rows"));
                demand_spec_free(d);
                demand_spec_init(d);
                d->arrivals = DEMAND_TRACE;
            } else if (c->horizon > 0.0) {
                /* Rows at or past the horizon are never replayed: dropped,
                 * so that nothing is sized by a far last time. */
                demand_trace_clip(d, c->horizon);
                if (d->trace_n == 0)
                    scn_err_at(c, f[D_FILE],
                               "demand file: %s: no row before the horizon "
                               "(%g); expected rows of time,quantity with "
                               "times < horizon",
                               path, c->horizon);
            }
        }
    }
    if (arrivals != DEMAND_TRACE) {
        read_demand_calendar(c, f, d);
        if (!scn_get_num(c, f[D_TREND], "trend", R_ANY,
                         "a growth rate per time unit (0.001 is +0.1%)", &x))
            d->trend = x;
        const ynode *s = f[D_SEASON];
        if (s && !scn_check_map(c, s, "season",
                                "a mapping {amplitude: 0.3, period: 365, "
                                "phase: 0}")) {
            const ynode *g[3];
            scn_map_fields(c, s, "the season", season_keys, 3, g);
            double amp = 0.0;
            if (!g[0])
                scn_err_at(c, s, "the season has no amplitude; expected "
                                 "amplitude: a fraction in [0, 1]");
            else if (!scn_get_num(c, g[0], "amplitude", R_UNIT,
                                  "a fraction in [0, 1]", &amp))
                d->season_amplitude = amp;
            if (!g[1] && amp > 0.0)
                scn_err_at(c, s,
                           "the season has no period; expected period: the "
                           "length of a cycle > 0");
            else if (!scn_get_num(c, g[1], "period", R_POS,
                                  "the length of a cycle > 0", &x))
                d->season_period = x;
            if (!scn_get_num(c, g[2], "phase", R_ANY,
                             "the time of the upward zero crossing", &x))
                d->season_phase = x;
        }
        const ynode *sh = f[D_SHOCKS];
        if (sh && !scn_check_list(c, sh, "shocks",
                                  "a list of {start, end, factor}")) {
            d->shocks = calloc(sh->n ? sh->n : 1, sizeof *d->shocks);
            if (!d->shocks) {
                c->oom = 1;
                return;
            }
            for (size_t i = 0; i < sh->n; i++) {
                const ynode *e = sh->items[i], *g[3];
                demand_shock shock = {0.0, 0.0, 1.0};
                size_t b0 = c->errs.seq;
                if (scn_check_map(c, e, "a shock", "{start: 100, end: 130, "
                                                   "factor: 1.5}"))
                    continue;
                scn_map_fields(c, e, "a shock", shock_keys, 3, g);
                for (int k = 0; k < 3; k++)
                    if (!g[k])
                        scn_err_at(c, e, "a shock has no %s; expected {start: "
                                         "100, end: 130, factor: 1.5}",
                                   shock_keys[k]);
                int start_ok = scn_get_num(c, g[0], "start", R_NONNEG,
                                           "a time >= 0", &shock.start) == 0;
                if (!scn_get_num(c, g[1], "end", R_NONNEG, "a time > start",
                                 &shock.end) &&
                    start_ok && shock.end <= shock.start)
                    scn_err_at(c, g[1],
                               "end must be after start (%g), got %g; "
                               "expected a time > start",
                               shock.start, shock.end);
                scn_get_num(c, g[2], "factor", R_NONNEG,
                            "a demand multiplier >= 0", &shock.factor);
                if (c->errs.seq == b0)
                    d->shocks[d->n_shocks++] = shock;
            }
        }
    }
    char why[400];
    if (c->errs.seq == before && demand_spec_check(d, why, sizeof why)) {
        scn_err_at(c, v, "demand: %s",
                   scn_with_expect(why, sizeof why, "a consistent demand"));
        return;
    }
    /* A run's length and memory grow with its customer orders: more than
     * can run is refused here, not an hour into the run. */
    double orders = demand_expected_orders(d, c->horizon);
    if (c->errs.seq == before && c->horizon > 0.0 &&
        !(orders <= DEMAND_ORDERS_MAX)) {
        char count[40];
        scn_err_at(c, f[D_RATE] ? f[D_RATE] : f[D_PERIOD] ? f[D_PERIOD] : v,
                   "this demand gives %s customer orders a replication "
                   "over the horizon (%g); expected at most 10^9 (a lower "
                   "rate, a longer period or a shorter horizon)",
                   scn_count(count, sizeof count, orders), c->horizon);
    }
}

void scn_check_demand(scn *c, const ynode *root, const ynode *v)
{
    if (!v) {
        scn_err_at(c, root, "the scenario has no demand; expected demand: "
                            "{arrivals: poisson, rate: 40, size: 1}%s",
                   c->is_line ? ", or products: with a demand each" : "");
        return;
    }
    scn_read_demand(c, v, &c->demand);
}
