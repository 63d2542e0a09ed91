/*
 * calendar.c - open and closed days, and working-day arithmetic.
 *
 * Everything rests on two counts. The working weekdays before day d, with
 * P working weekdays a week, are floor(d / 7) P + week_open[d mod 7] (day
 * 0 is the table's first day, so `start` is in the table, not in d). The
 * open days before d are that less the holidays before d (a binary
 * search: every holiday kept is on a working weekday). The inverse, the
 * n-th open day, is the (n + h)-th working weekday where h counts the
 * holidays with at most n open days before them (open_before[i] is
 * non-decreasing, so h is a binary search too), and the m-th working
 * weekday is floor(m / P) weeks plus week_nth[m mod P] days.
 */
#include "calendar.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const weekday_names[CALENDAR_WEEK] = {
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
};

const char *calendar_weekday_name(int weekday)
{
    return weekday >= 0 && weekday < CALENDAR_WEEK ? weekday_names[weekday]
                                                   : "?";
}

int calendar_weekday_find(const char *name, size_t len)
{
    for (int w = 0; w < CALENDAR_WEEK; w++)
        if (len == 3 && memcmp(name, weekday_names[w], 3) == 0)
            return w;
    return -1;
}

/* The tables of a week from day 0 (calendar.h). */
static void fill_week(calendar_spec *cal)
{
    int open = 0;
    memset(cal->week_nth, 0, sizeof cal->week_nth);
    for (int r = 0; r < CALENDAR_WEEK; r++) {
        cal->week_open[r] = open;
        if (cal->work_days & (1u << ((cal->start + r) % CALENDAR_WEEK)))
            cal->week_nth[open++] = r;
    }
    cal->week_open[CALENDAR_WEEK] = open;
}

void calendar_spec_init(calendar_spec *cal)
{
    memset(cal, 0, sizeof *cal);
    cal->work_days = CALENDAR_ALL_DAYS;
    fill_week(cal);
}

void calendar_spec_free(calendar_spec *cal)
{
    free(cal->holidays);
    free(cal->open_before);
    cal->holidays = cal->open_before = NULL;
    cal->n_holidays = 0;
}

int calendar_spec_copy(calendar_spec *dst, const calendar_spec *src)
{
    *dst = *src;
    dst->holidays = dst->open_before = NULL;
    if (src->n_holidays == 0) {
        dst->n_holidays = 0;
        return 0;
    }
    size_t bytes = src->n_holidays * sizeof(double);
    dst->holidays = malloc(bytes);
    dst->open_before = malloc(bytes);
    if (!dst->holidays || !dst->open_before) {
        calendar_spec_free(dst);
        calendar_spec_init(dst);
        return -1;
    }
    memcpy(dst->holidays, src->holidays, bytes);
    memcpy(dst->open_before, src->open_before, bytes);
    return 0;
}

static int weekday_of_day(const calendar_spec *cal, double day)
{
    long long k = (long long)day;
    return (int)((cal->start + k % CALENDAR_WEEK) % CALENDAR_WEEK);
}

static int working_weekday(const calendar_spec *cal, double day)
{
    return (cal->work_days >> weekday_of_day(cal, day)) & 1u;
}

/* Working weekdays in [0, day), holidays or not. */
static double working_weekdays_before(const calendar_spec *cal, double day)
{
    double weeks = floor(day / CALENDAR_WEEK);
    int r = (int)(day - weeks * CALENDAR_WEEK);
    return weeks * cal->week_open[CALENDAR_WEEK] + cal->week_open[r];
}

/* The number of holidays < day. */
static size_t holidays_before(const calendar_spec *cal, double day)
{
    size_t lo = 0, hi = cal->n_holidays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->holidays[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* open_before[i] for every kept holiday. */
static void fill_open_before(calendar_spec *cal)
{
    for (size_t i = 0; i < cal->n_holidays; i++)
        cal->open_before[i] =
            working_weekdays_before(cal, cal->holidays[i]) - (double)i;
}

/* Keeps the holidays that fall on working weekdays (a holiday on a closed
 * weekday changes nothing), in place. */
static void keep_closing_holidays(calendar_spec *cal)
{
    size_t kept = 0;
    for (size_t i = 0; i < cal->n_holidays; i++)
        if (working_weekday(cal, cal->holidays[i]))
            cal->holidays[kept++] = cal->holidays[i];
    cal->n_holidays = kept;
    fill_open_before(cal);
}

int calendar_set_week(calendar_spec *cal, unsigned work_days, int start,
                      char *err, size_t errlen)
{
    if ((work_days & CALENDAR_ALL_DAYS) == 0 ||
        (work_days & ~CALENDAR_ALL_DAYS) != 0) {
        snprintf(err, errlen, "a calendar needs at least one working day of "
                              "the week; expected work_days such as [mon, "
                              "tue, wed, thu, fri]");
        return -1;
    }
    if (start < 0 || start >= CALENDAR_WEEK) {
        snprintf(err, errlen, "start must be a weekday (0 = Monday .. 6 = "
                              "Sunday), got %d",
                 start);
        return -1;
    }
    cal->work_days = work_days;
    cal->start = start;
    fill_week(cal);
    keep_closing_holidays(cal);
    return 0;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int calendar_set_holidays(calendar_spec *cal, const double *days, size_t n,
                          double last, char *err, size_t errlen)
{
    if (n > CALENDAR_HOLIDAYS_MAX) {
        snprintf(err, errlen, "%zu holidays; expected at most %zu", n,
                 CALENDAR_HOLIDAYS_MAX);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (!(days[i] >= 0.0 && days[i] < last && days[i] == floor(days[i]))) {
            snprintf(err, errlen, "holiday %g is not a day of the run; "
                                  "expected a whole day number in [0, %g)",
                     days[i], last);
            return -1;
        }
    double *sorted = n ? malloc(n * sizeof *sorted) : NULL;
    double *before = n ? malloc(n * sizeof *before) : NULL;
    if (n && (!sorted || !before)) {
        free(sorted);
        free(before);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (n)
        memcpy(sorted, days, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, compare_doubles);
    for (size_t i = 1; i < n; i++)
        if (sorted[i] == sorted[i - 1]) {
            snprintf(err, errlen, "holiday %g is listed twice; expected "
                                  "each day once",
                     sorted[i]);
            free(sorted);
            free(before);
            return -1;
        }
    calendar_spec_free(cal);
    cal->holidays = sorted;
    cal->open_before = before;
    cal->n_holidays = n;
    keep_closing_holidays(cal);
    return 0;
}

int calendar_spec_check(const calendar_spec *cal, char *err, size_t errlen)
{
    calendar_spec week;
    calendar_spec_init(&week);
    if (calendar_set_week(&week, cal->work_days, cal->start, err, errlen))
        return -1;
    if (memcmp(week.week_open, cal->week_open, sizeof week.week_open) ||
        memcmp(week.week_nth, cal->week_nth, sizeof week.week_nth)) {
        snprintf(err, errlen, "the calendar's week tables do not match its "
                              "work_days and start; expected them set by "
                              "calendar_set_week");
        return -1;
    }
    for (size_t i = 0; i < cal->n_holidays; i++) {
        double h = cal->holidays[i];
        if (!(h >= 0.0 && h == floor(h) && isfinite(h)) ||
            (i > 0 && !(h > cal->holidays[i - 1])) ||
            !working_weekday(cal, h) ||
            cal->open_before[i] !=
                working_weekdays_before(cal, h) - (double)i) {
            snprintf(err, errlen, "holiday %g: the holidays must be whole "
                                  "days >= 0 on working weekdays, sorted "
                                  "and unique; expected them set by "
                                  "calendar_set_holidays",
                     h);
            return -1;
        }
    }
    return 0;
}

int calendar_always_open(const calendar_spec *cal)
{
    return cal->work_days == CALENDAR_ALL_DAYS && cal->n_holidays == 0;
}

int calendar_weekday(const calendar_spec *cal, double t)
{
    return weekday_of_day(cal, floor(t));
}

static int holiday(const calendar_spec *cal, double day)
{
    size_t i = holidays_before(cal, day);
    return i < cal->n_holidays && cal->holidays[i] == day;
}

int calendar_open_at(const calendar_spec *cal, double t)
{
    double day = floor(t);
    return working_weekday(cal, day) && !holiday(cal, day);
}

double calendar_open_days_before(const calendar_spec *cal, double day)
{
    return working_weekdays_before(cal, day) -
           (double)holidays_before(cal, day);
}

double calendar_nth_open_day(const calendar_spec *cal, double n)
{
    /* h: holidays with at most n open days before them. */
    size_t lo = 0, hi = cal->n_holidays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->open_before[mid] <= n)
            lo = mid + 1;
        else
            hi = mid;
    }
    double m = n + (double)lo;
    double per_week = cal->week_open[CALENDAR_WEEK];
    double weeks = floor(m / per_week);
    int r = (int)(m - weeks * per_week);
    return weeks * CALENDAR_WEEK + cal->week_nth[r];
}

double calendar_next_open(const calendar_spec *cal, double t)
{
    if (calendar_always_open(cal))
        return t;
    double day = floor(t);
    double open =
        calendar_nth_open_day(cal, calendar_open_days_before(cal, day));
    return open == day ? t : open;
}

double calendar_working_time(const calendar_spec *cal, double t)
{
    if (calendar_always_open(cal))
        return t;
    double day = floor(t);
    double w = calendar_open_days_before(cal, day);
    return calendar_open_at(cal, t) ? w + (t - day) : w;
}

double calendar_time_of_working(const calendar_spec *cal, double w)
{
    if (calendar_always_open(cal))
        return w;
    double n = floor(w);
    return calendar_nth_open_day(cal, n) + (w - n);
}

double calendar_add_working(const calendar_spec *cal, double t,
                            double working)
{
    if (!(working > 0.0))
        return t;
    return calendar_time_of_working(cal,
                                     calendar_working_time(cal, t) + working);
}
