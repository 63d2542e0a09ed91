/*
 * test_calendar.c - working calendars: open and closed days, hand-computed
 * working-day arithmetic (Friday plus 2 working days is Tuesday), every
 * query against a day-by-day count on random calendars, the model's
 * refusals.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "models/calendar.h"

enum { MON, TUE, WED, THU, FRI, SAT, SUN };
#define WEEKDAYS 0x1fu /* Monday to Friday */

static calendar_spec weekdays(int start)
{
    char err[200];
    calendar_spec cal;
    calendar_spec_init(&cal);
    cr_assert_eq(calendar_set_week(&cal, WEEKDAYS, start, err, sizeof err),
                 0, "%s", err);
    cal.active = 1;
    return cal;
}

Test(calendar, a_monday_to_friday_week)
{
    calendar_spec cal = weekdays(MON);
    int open[] = {1, 1, 1, 1, 1, 0, 0, 1, 1};
    for (int d = 0; d < 9; d++) {
        cr_assert_eq(calendar_open_at(&cal, d + 0.5), open[d], "day %d", d);
        cr_assert_eq(calendar_weekday(&cal, d + 0.99), d % 7);
    }
    /* A day is [k, k+1): Friday ends at 5, Saturday begins there. */
    cr_assert(calendar_open_at(&cal, 4.999999));
    cr_assert(!calendar_open_at(&cal, 5.0));
    cr_assert(calendar_open_at(&cal, 7.0));
    cr_assert_float_eq(calendar_open_days_before(&cal, 7), 5.0, 0);
    cr_assert_float_eq(calendar_open_days_before(&cal, 6), 5.0, 0);
    cr_assert_float_eq(calendar_open_days_before(&cal, 71), 51.0, 0);
    cr_assert_float_eq(calendar_next_open(&cal, 3.25), 3.25, 0);
    cr_assert_float_eq(calendar_next_open(&cal, 5.0), 7.0, 0);
    cr_assert_float_eq(calendar_next_open(&cal, 6.7), 7.0, 0);
    cr_assert_float_eq(calendar_nth_open_day(&cal, 5), 7.0, 0);
    cr_assert_float_eq(calendar_nth_open_day(&cal, 14), 18.0, 0);
    cr_assert_eq(calendar_always_open(&cal), 0);
    calendar_spec_free(&cal);
}

Test(calendar, working_days_on_hand_computed_cases)
{
    calendar_spec cal = weekdays(MON);
    /* Friday 10:00 (day 4) plus 2 working days: Monday, Tuesday 10:00. */
    cr_assert_float_eq(calendar_add_working(&cal, 4.0 + 10.0 / 24, 2.0),
                       8.0 + 10.0 / 24, 1e-12);
    /* Friday 0:00 plus 2: Friday and Monday are counted, Tuesday 0:00. */
    cr_assert_float_eq(calendar_add_working(&cal, 4.0, 2.0), 8.0, 0);
    /* Thursday 0:00 plus 2 ends with Friday's end: carried over the
     * weekend to Monday 0:00, never a Saturday. */
    cr_assert_float_eq(calendar_add_working(&cal, 3.0, 2.0), 7.0, 0);
    /* Saturday noon plus 1: nothing counts until Monday, Tuesday 0:00. */
    cr_assert_float_eq(calendar_add_working(&cal, 5.5, 1.0), 8.0, 0);
    /* Monday plus 5 is the next Monday; plus 0 is now, even on a
     * Sunday. */
    cr_assert_float_eq(calendar_add_working(&cal, 7.0, 5.0), 14.0, 0);
    cr_assert_float_eq(calendar_add_working(&cal, 6.5, 0.0), 6.5, 0);
    /* Wednesday 18:00 plus 2.5: Thursday 18:00 is 1, Friday 18:00 is 2,
     * half a day more runs 6 hours of Friday and 6 of Monday. */
    cr_assert_float_eq(calendar_add_working(&cal, 2.75, 2.5), 7.25, 1e-12);
    cr_assert_float_eq(calendar_working_time(&cal, 6.5), 5.0, 0);
    cr_assert_float_eq(calendar_working_time(&cal, 7.25), 5.25, 0);
    cr_assert_float_eq(calendar_time_of_working(&cal, 5.0), 7.0, 0);
    calendar_spec_free(&cal);
}

Test(calendar, holidays_close_their_day_and_shift_the_count)
{
    char err[200];
    calendar_spec cal = weekdays(MON);
    /* Wednesday 2, Thursday 3 and Monday 7 closed; Saturday 12 is closed
     * anyway and is not kept. */
    double days[] = {7, 3, 12, 2};
    cr_assert_eq(calendar_set_holidays(&cal, days, 4, 365, err, sizeof err),
                 0, "%s", err);
    cr_assert_eq(cal.n_holidays, 3);
    cr_assert(!calendar_open_at(&cal, 2.5));
    cr_assert(!calendar_open_at(&cal, 7.5));
    cr_assert(calendar_open_at(&cal, 4.5));
    cr_assert_float_eq(calendar_open_days_before(&cal, 8), 3.0, 0);
    cr_assert_float_eq(calendar_next_open(&cal, 1.5), 1.5, 0);
    cr_assert_float_eq(calendar_next_open(&cal, 2.5), 4.0, 0);
    cr_assert_float_eq(calendar_next_open(&cal, 5.0), 8.0, 0);
    /* Tuesday 1 plus 2 working days: Tuesday, Friday; Tuesday 8 0:00. */
    cr_assert_float_eq(calendar_add_working(&cal, 1.0, 2.0), 8.0, 0);
    /* Friday 4 plus 1: Friday; the weekend and Monday's holiday are
     * carried over, Tuesday 0:00. */
    cr_assert_float_eq(calendar_add_working(&cal, 4.0, 1.0), 8.0, 0);
    cr_assert_float_eq(calendar_nth_open_day(&cal, 2), 4.0, 0);
    cr_assert_float_eq(calendar_nth_open_day(&cal, 3), 8.0, 0);

    /* Every mistake, and the calendar is left as it was. */
    double twice[] = {9, 4, 9};
    cr_assert_eq(calendar_set_holidays(&cal, twice, 3, 365, err, sizeof err),
                 -1);
    cr_assert_str_eq(err, "holiday 9 is listed twice; expected each day "
                          "once");
    double late[] = {365};
    cr_assert_eq(calendar_set_holidays(&cal, late, 1, 365, err, sizeof err),
                 -1);
    cr_assert_str_eq(err, "holiday 365 is not a day of the run; expected a "
                          "whole day number in [0, 365)");
    double half[] = {2.5};
    cr_assert_eq(calendar_set_holidays(&cal, half, 1, 365, err, sizeof err),
                 -1);
    double negative[] = {-1};
    cr_assert_eq(
        calendar_set_holidays(&cal, negative, 1, 365, err, sizeof err), -1);
    cr_assert_eq(cal.n_holidays, 3);
    cr_assert_eq(calendar_spec_check(&cal, err, sizeof err), 0, "%s", err);
    calendar_spec_free(&cal);
}

Test(calendar, the_week_may_start_on_any_weekday)
{
    /* Day 0 a Saturday: days 0 and 1 closed, day 2 the first Monday. */
    calendar_spec cal = weekdays(SAT);
    cr_assert(!calendar_open_at(&cal, 0.5));
    cr_assert(!calendar_open_at(&cal, 1.5));
    cr_assert(calendar_open_at(&cal, 2.0));
    cr_assert_eq(calendar_weekday(&cal, 2.0), MON);
    cr_assert_float_eq(calendar_next_open(&cal, 0.0), 2.0, 0);
    cr_assert_float_eq(calendar_nth_open_day(&cal, 0), 2.0, 0);
    cr_assert_float_eq(calendar_nth_open_day(&cal, 5), 9.0, 0);
    /* Friday (day 6) plus 2: Monday, Tuesday (day 10). */
    cr_assert_float_eq(calendar_add_working(&cal, 6.0, 2.0), 10.0, 0);
    calendar_spec_free(&cal);
}

/* Day by day, for the random calendars below. */
static int naive_open(unsigned work, int start, const double *hol, size_t n,
                      long day)
{
    if (!((work >> ((start + day) % 7)) & 1u))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (hol[i] == (double)day)
            return 0;
    return 1;
}

Test(calendar, every_query_matches_a_day_by_day_count)
{
    char err[200];
    unsigned long x = 12345;
    for (int trial = 0; trial < 200; trial++) {
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        unsigned work = (unsigned)(x >> 33) & CALENDAR_ALL_DAYS;
        if (!work)
            work = 1u << (trial % 7);
        int start = (int)((x >> 40) % 7);
        double hol[40];
        size_t n = (size_t)((x >> 20) % 40);
        for (size_t i = 0; i < n; i++) {
            x = x * 6364136223846793005ul + 1442695040888963407ul;
            /* Runs of holidays too: days 50..59 often. */
            hol[i] = i < 10 && trial % 3 == 0 ? 50.0 + (double)i
                                               : (double)((x >> 33) % 200);
        }
        /* Unique. */
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            int dup = 0;
            for (size_t k = 0; k < m; k++)
                dup |= hol[k] == hol[i];
            if (!dup)
                hol[m++] = hol[i];
        }
        calendar_spec cal;
        calendar_spec_init(&cal);
        cr_assert_eq(calendar_set_week(&cal, work, start, err, sizeof err),
                     0);
        cr_assert_eq(calendar_set_holidays(&cal, hol, m, 400, err,
                                           sizeof err),
                     0, "%s", err);
        cr_assert_eq(calendar_spec_check(&cal, err, sizeof err), 0, "%s",
                     err);
        long open_before = 0, nth = 0;
        for (long d = 0; d < 300; d++) {
            int open = naive_open(work, start, hol, m, d);
            cr_assert_eq(calendar_open_at(&cal, (double)d + 0.3), open,
                         "trial %d day %ld", trial, d);
            cr_assert_float_eq(calendar_open_days_before(&cal, (double)d),
                               (double)open_before, 0, "trial %d day %ld",
                               trial, d);
            /* The next open day, found by walking. */
            long next = d;
            while (!naive_open(work, start, hol, m, next))
                next++;
            double want = next == d ? d + 0.3 : (double)next;
            cr_assert_float_eq(calendar_next_open(&cal, d + 0.3), want, 0,
                               "trial %d day %ld", trial, d);
            if (open) {
                cr_assert_float_eq(calendar_nth_open_day(&cal, (double)nth),
                                   (double)d, 0, "trial %d n %ld", trial,
                                   nth);
                cr_assert_float_eq(calendar_working_time(&cal, d + 0.25),
                                   nth + 0.25, 1e-12);
                cr_assert_float_eq(
                    calendar_time_of_working(&cal, nth + 0.25), d + 0.25,
                    1e-12);
                nth++;
            }
            open_before += open;
        }
        calendar_spec_free(&cal);
    }
}

Test(calendar, no_calendar_is_every_day_open)
{
    calendar_spec cal;
    calendar_spec_init(&cal);
    cr_assert(calendar_always_open(&cal));
    cr_assert(calendar_open_at(&cal, 5.5));
    cr_assert_float_eq(calendar_add_working(&cal, 4.2, 2.0), 6.2, 1e-12);
    cr_assert_float_eq(calendar_next_open(&cal, 5.5), 5.5, 0);
    calendar_spec copy;
    cr_assert_eq(calendar_spec_copy(&copy, &cal), 0);
    cr_assert_eq(copy.holidays, NULL);
    calendar_spec_free(&copy);
    calendar_spec_free(&cal);
}

Test(calendar, every_refusal_of_the_model)
{
    char err[200];
    calendar_spec cal;
    calendar_spec_init(&cal);
    cr_assert_eq(calendar_set_week(&cal, 0, MON, err, sizeof err), -1);
    cr_assert_str_eq(err, "a calendar needs at least one working day of the "
                          "week; expected work_days such as [mon, tue, wed, "
                          "thu, fri]");
    cr_assert_eq(calendar_set_week(&cal, 0x80, MON, err, sizeof err), -1);
    cr_assert_eq(calendar_set_week(&cal, WEEKDAYS, 7, err, sizeof err), -1);
    cr_assert_str_eq(err, "start must be a weekday (0 = Monday .. 6 = "
                          "Sunday), got 7");
    /* Fields filled by hand without the tables. */
    cal.work_days = WEEKDAYS;
    cr_assert_eq(calendar_spec_check(&cal, err, sizeof err), -1);
    cr_assert_str_eq(err, "the calendar's week tables do not match its "
                          "work_days and start; expected them set by "
                          "calendar_set_week");
    cr_assert_eq(calendar_set_week(&cal, WEEKDAYS, MON, err, sizeof err), 0);
    double h[] = {3, 4};
    double before[] = {3, 3};
    double unsorted[] = {4, 3};
    cal.holidays = h;
    cal.open_before = before;
    cal.n_holidays = 2;
    cr_assert_eq(calendar_spec_check(&cal, err, sizeof err), 0, "%s", err);
    cal.holidays = unsorted;
    cr_assert_eq(calendar_spec_check(&cal, err, sizeof err), -1);
    cr_assert_str_eq(err, "holiday 4: the holidays must be whole days >= 0 "
                          "on working weekdays, sorted and unique; expected "
                          "them set by calendar_set_holidays");
    cal.holidays = NULL;
    cal.open_before = NULL;
    cal.n_holidays = 0;
    cr_assert_eq(calendar_weekday_find("wed", 3), WED);
    cr_assert_eq(calendar_weekday_find("Wed", 3), -1);
    cr_assert_eq(calendar_weekday_find("wednesday", 9), -1);
    cr_assert_str_eq(calendar_weekday_name(SUN), "sun");
    cr_assert_str_eq(calendar_weekday_name(7), "?");
}
