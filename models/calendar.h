/*
 * calendar.h - a working calendar: which days are open, and time counted
 * in working days.
 *
 * Time is in days from t = 0, and day k is the interval [k, k + 1). Day 0
 * is the weekday `start` (Monday unless said), so day k is the weekday
 * (start + k) mod 7. A day is open when its weekday is a working day and
 * it is not a holiday; a holiday is a day number (a whole number >= 0),
 * not a date. A calendar is whole days: it opens and closes only at whole
 * times.
 *
 * Working time W(t) is the open time in [0, t): each open day counts 1, a
 * closed day 0. Its inverse, C(w), is the instant working time w is
 * reached, taken on an open day: when w is a whole number, the start of
 * the next open day (so a count that ends with an open day's end carries
 * over the closed days after it). Every query is O(1) or O(log holidays):
 * the holidays are sorted once, when set, with the number of open days
 * before each; nothing is allocated after that.
 *
 * The calendar of a spec that was only initialised is every day open (no
 * calendar); queries work on it and cost O(1).
 *
 * Not here: what follows a calendar (demand.c thins its customers by it,
 * supplier.c ships on its open days) nor reading one from a file
 * (analysis/scenario/calendar.c).
 */
#ifndef JITSIM_CALENDAR_H
#define JITSIM_CALENDAR_H

#include <stddef.h>

enum { CALENDAR_WEEK = 7 };
/* Every weekday a working day: the bits of calendar_spec.work_days. */
#define CALENDAR_ALL_DAYS 0x7fu
/* Holidays a calendar holds at most (274 years of daily holidays). */
#define CALENDAR_HOLIDAYS_MAX ((size_t)100000)

typedef struct calendar_spec {
    int active;         /* a calendar was given: something follows it */
    unsigned work_days; /* bit w: weekday w (0 = Monday) is a working day */
    int start;          /* weekday of day 0, 0 = Monday .. 6 = Sunday */
    /* Holidays on working weekdays, sorted, unique (owned); a holiday on
     * a weekday that is closed anyway changes nothing and is not kept. */
    size_t n_holidays;
    double *holidays;
    double *open_before; /* open days before holidays[i] (owned) */
    /* Derived from work_days and start when they are set: working
     * weekdays among the first r days of a week from day 0 (r = 0..7),
     * and the r-th of them (r = 0..6) counted from day 0. */
    int week_open[CALENDAR_WEEK + 1];
    int week_nth[CALENDAR_WEEK];
} calendar_spec;

/* No calendar: every day open, day 0 a Monday, no holidays, inactive. */
void calendar_spec_init(calendar_spec *cal);
void calendar_spec_free(calendar_spec *cal);
/* Deep copy into an uninitialised dst. 0, or -1 out of memory (dst is
 * then an initialised calendar). */
int calendar_spec_copy(calendar_spec *dst, const calendar_spec *src);

/* Sets the working weekdays and the weekday of day 0 (and the derived
 * tables; the holidays are sorted again for them). 0, or -1 with "what is
 * wrong; what is expected" in err (no working day, start out of 0..6). */
int calendar_set_week(calendar_spec *cal, unsigned work_days, int start,
                      char *err, size_t errlen);
/* Replaces the holidays with `days` (n of them, any order): each a whole
 * number >= 0 and below `last` (the horizon), none twice. 0, or -1 with a
 * message (the calendar is then unchanged) or out of memory ("out of
 * memory"). */
int calendar_set_holidays(calendar_spec *cal, const double *days, size_t n,
                          double last, char *err, size_t errlen);

/* Checks a calendar set through the functions above or by hand (the C API
 * may fill the fields): 0 or -1 with a message. */
int calendar_spec_check(const calendar_spec *cal, char *err, size_t errlen);

/* Whether every day is open (no closed weekday, no holiday). */
int calendar_always_open(const calendar_spec *cal);

/* The weekday of the day holding time t (0 = Monday), t >= 0. */
int calendar_weekday(const calendar_spec *cal, double t);
/* Whether the day holding time t >= 0 is open. */
int calendar_open_at(const calendar_spec *cal, double t);
/* Open days in [0, day) for a whole day >= 0. */
double calendar_open_days_before(const calendar_spec *cal, double day);
/* The day number of the n-th open day from day 0 (n = 0 is the first). */
double calendar_nth_open_day(const calendar_spec *cal, double n);
/* t when its day is open, else the start of the next open day. */
double calendar_next_open(const calendar_spec *cal, double t);
/* W(t), the open time in [0, t), and its inverse C(w) (see above). */
double calendar_working_time(const calendar_spec *cal, double t);
double calendar_time_of_working(const calendar_spec *cal, double w);
/* The instant `working` days of open time after t: C(W(t) + working); t
 * itself when working is 0. Friday 10:00 plus 2 working days of a Monday
 * to Friday calendar is Tuesday 10:00; Thursday 0:00 plus 2 is Monday
 * 0:00 (the count ends with Friday's end, carried over the weekend). */
double calendar_add_working(const calendar_spec *cal, double t,
                            double working);

/* Weekday names: "mon" .. "sun"; -1 for no weekday. */
const char *calendar_weekday_name(int weekday);
int calendar_weekday_find(const char *name, size_t len);

#endif
