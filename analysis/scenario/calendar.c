/*
 * calendar.c - the calendar: section (the working days of the place the
 * scenario models: its customers follow it unless told not to) and a
 * supplier's own calendar.
 *
 * Keys read: work_days (a list of weekdays mon .. sun, default all seven),
 * holidays (a list of day numbers in [0, horizon), default none), start
 * (the weekday of day 0, default mon). A supplier's own calendar takes
 * work_days and holidays; its day 0 is the scenario's (start).
 *
 * A calendar opens and closes whole days, so it needs time_unit: day; any
 * other unit is refused at the calendar (hours of a shift are not
 * modelled).
 *
 * Not here: what a calendar means (models/calendar.h), which demand and
 * suppliers follow it (demand.c, suppliers.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario/internal.h"

enum { C_WORK_DAYS, C_HOLIDAYS, C_START, C_COUNT };
static const char *const calendar_keys[C_COUNT] = {
    "work_days", "holidays", "start",
};

static const char *const weekday_names[CALENDAR_WEEK] = {
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
};

int scn_needs_days(scn *c, const ynode *at, const char *what)
{
    if (strcmp(c->out.time_unit, "day") == 0)
        return 0;
    scn_err_at(c, at,
               "%s needs time_unit: day, got %s; expected time_unit: day "
               "(a calendar opens and closes whole days), or no %s",
               what, c->out.time_unit, what);
    return -1;
}

int scn_get_weekday(scn *c, const ynode *v, const char *key, int *out)
{
    return scn_get_choice(c, v, key, weekday_names, CALENDAR_WEEK, out);
}

/* work_days: a non-empty list of weekdays, each once. 0 with the bits in
 * *out, or -1 after reporting. */
static int read_work_days(scn *c, const ynode *v, unsigned *out)
{
    char shown[SHOWBUF];
    if (scn_check_list(c, v, "work_days",
                       "a list of weekdays [mon, tue, wed, thu, fri]"))
        return -1;
    if (v->n == 0) {
        scn_err_at(c, v, "work_days is empty; expected at least one weekday, "
                         "such as [mon, tue, wed, thu, fri]");
        return -1;
    }
    unsigned days = 0;
    int bad = 0;
    for (size_t i = 0; i < v->n; i++) {
        int d;
        if (scn_get_weekday(c, v->items[i], "weekday", &d)) {
            bad = 1;
            continue;
        }
        if (days & (1u << d)) {
            scn_err_at(c, v->items[i],
                       "%s is listed twice in work_days; expected each "
                       "weekday once",
                       scn_show(shown, sizeof shown, v->items[i]->text,
                                v->items[i]->len));
            bad = 1;
        }
        days |= 1u << d;
    }
    if (bad)
        return -1;
    *out = days;
    return 0;
}

/* holidays: whole day numbers in [0, horizon), each once. */
static int read_holidays(scn *c, const ynode *v, double **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (scn_check_list(c, v, "holidays",
                       "a list of day numbers [0, 359] (day 0 is the first "
                       "day of the run)"))
        return -1;
    if (v->n > CALENDAR_HOLIDAYS_MAX) {
        scn_err_at(c, v, "%zu holidays; expected at most %zu", v->n,
                   CALENDAR_HOLIDAYS_MAX);
        return -1;
    }
    double *days = malloc((v->n ? v->n : 1) * sizeof *days);
    if (!days) {
        c->oom = 1;
        return -1;
    }
    char expect[160];
    snprintf(expect, sizeof expect,
             "a whole day number in [0, %g) (day 0 is the first day of the "
             "run)",
             c->horizon);
    int bad = 0;
    size_t kept = 0;
    for (size_t i = 0; i < v->n; i++) {
        double x;
        if (scn_get_num(c, v->items[i], "a holiday",
                        (range){0.0, c->horizon, 0, 1, 1}, expect, &x)) {
            bad = 1;
            continue;
        }
        int twice = 0;
        for (size_t k = 0; k < kept && !twice; k++)
            twice = days[k] == x;
        if (twice) {
            scn_err_at(c, v->items[i],
                       "holiday %g is listed twice; expected each day once",
                       x);
            bad = 1;
            continue;
        }
        days[kept++] = x;
    }
    if (bad) {
        free(days);
        return -1;
    }
    *out = days;
    *n = kept;
    return 0;
}

int scn_read_calendar(scn *c, const ynode *v, const char *what, int own,
                      calendar_spec *cal)
{
    const ynode *f[C_COUNT];
    char why[300];
    size_t before = c->errs.seq;
    if (scn_needs_days(c, v, what))
        return -1;
    if (scn_check_map(c, v, what,
                      own ? "a mapping {work_days: [mon, tue, wed, thu, "
                            "fri], holidays: [...]}"
                          : "a mapping {work_days: [mon, tue, wed, thu, "
                            "fri], holidays: [...], start: mon}"))
        return -1;
    /* A supplier's own calendar has no start: day 0 is one day for all. */
    scn_map_fields(c, v, own ? "a supplier's calendar" : "the calendar",
                   calendar_keys, own ? C_START : C_COUNT, f);
    if (own)
        f[C_START] = NULL;
    unsigned days = CALENDAR_ALL_DAYS;
    int start = own ? c->calendar.start : 0;
    if (f[C_WORK_DAYS])
        read_work_days(c, f[C_WORK_DAYS], &days);
    scn_get_weekday(c, f[C_START], "start", &start);
    double *holidays = NULL;
    size_t n = 0;
    if (f[C_HOLIDAYS])
        read_holidays(c, f[C_HOLIDAYS], &holidays, &n);
    if (c->errs.seq != before || c->oom) {
        free(holidays);
        return -1;
    }
    calendar_spec_free(cal);
    calendar_spec_init(cal);
    int rc = calendar_set_week(cal, days, start, why, sizeof why);
    if (!rc)
        rc = calendar_set_holidays(cal, holidays, n, c->horizon, why,
                                   sizeof why);
    free(holidays);
    if (rc) {
        /* Checked above: only memory can fail here. */
        c->oom = 1;
        return -1;
    }
    cal->active = 1;
    return 0;
}

void scn_check_calendar(scn *c, const ynode *v)
{
    if (!v)
        return;
    c->calendar_given = 1;
    if (!scn_read_calendar(c, v, "calendar", 0, &c->calendar)) {
        c->out.has_calendar = 1;
        c->out.calendar_start = c->calendar.start;
    }
}
