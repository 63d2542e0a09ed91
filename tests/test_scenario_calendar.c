/*
 * test_scenario_calendar.c - the calendar keys of a scenario file: the
 * top-level calendar:, a demand's calendar: and weekday_profile:, a
 * supplier's calendar: and lead_time_in:; every key landing in its field
 * with its default, --set on them, and every mistake as
 * "file:line:column: what; expected".
 */
#include <criterion/criterion.h>
#include <string.h>

#include "analysis/scenario.h"

#include "scenario_check.h"

#define NAME_HORIZON "name: t\nhorizon: 100\n"
#define DEMAND "demand: {rate: 2}\n"
#define SUPPLIER "suppliers:\n  - {name: local, lead_time: 2, order_cost: 50}\n"
#define POLICY "policies:\n  - {name: EOQ, type: eoq, Q: 20, r: 5}\n"
#define WEEKDAYS "calendar: {work_days: [mon, tue, wed, thu, fri]}\n"

static const char full_yaml[] =
    "name: Calendar\n"
    "horizon: 364\n"
    "calendar:\n"
    "  work_days: [tue, mon, wed, thu, fri]\n"
    "  holidays: [100, 3, 12]\n"
    "  start: wed\n"
    "demand:\n"
    "  rate: 40\n"
    "  weekday_profile: {mon: 1.2, fri: 0.8, sun: 0}\n"
    "suppliers:\n"
    "  - name: local\n"
    "    lead_time: 2\n"
    "    calendar: follow\n"
    "    lead_time_in: working_days\n"
    "  - name: far\n"
    "    lead_time: 30\n"
    "    calendar: {work_days: [mon, wed], holidays: [7]}\n"
    "  - {name: any, lead_time: 1, calendar: ignore,\n"
    "     lead_time_in: calendar_days}\n"
    "  - {name: plain, lead_time: 1}\n"
    "policies:\n"
    "  - {name: EOQ, type: eoq, supplier: local, Q: 20, r: 5}\n";

Test(scenario_calendar, every_key_lands_in_its_field)
{
    scenario sc;
    accept(full_yaml, NULL, 0, &sc);
    cr_assert_eq(sc.has_calendar, 1);
    cr_assert_eq(sc.calendar_start, 2);
    const world_spec *w = &sc.worlds[0];
    /* The demand follows the calendar by default. */
    const calendar_spec *d = &w->demand.calendar;
    cr_assert_eq(d->active, 1);
    cr_assert_eq(d->work_days, 0x1fu);
    cr_assert_eq(d->start, 2);
    /* Day 3 is a Saturday (day 0 a Wednesday): not kept; 12 and 100 are
     * a Monday and a Friday. */
    cr_assert_eq(d->n_holidays, 2);
    cr_assert_eq(d->holidays[0], 12.0);
    cr_assert_eq(d->holidays[1], 100.0);
    cr_assert_eq(w->demand.weekday_profile, 1);
    double want[7] = {1.2, 1, 1, 1, 0.8, 1, 0};
    for (int k = 0; k < 7; k++)
        cr_assert_float_eq(w->demand.weekday_factor[k], want[k], 0);
    const supplier_spec *s = w->suppliers;
    cr_assert_eq(s[0].calendar.active, 1);
    cr_assert_eq(s[0].calendar.n_holidays, 2);
    cr_assert_eq(s[0].lead_time_in, LEAD_TIME_IN_WORKING_DAYS);
    /* Its own: Mondays and Wednesdays, day 0 the scenario's Wednesday;
     * day 7 is a Wednesday, a holiday. */
    cr_assert_eq(s[1].calendar.active, 1);
    cr_assert_eq(s[1].calendar.work_days, 0x5u);
    cr_assert_eq(s[1].calendar.start, 2);
    cr_assert(!calendar_open_at(&s[1].calendar, 7.5));
    cr_assert(calendar_open_at(&s[1].calendar, 14.5));
    cr_assert(!calendar_open_at(&s[1].calendar, 13.5));
    cr_assert_eq(s[1].lead_time_in, LEAD_TIME_IN_CALENDAR_DAYS);
    /* Ignore, and the default: ships every day. */
    cr_assert_eq(s[2].calendar.active, 0);
    cr_assert_eq(s[3].calendar.active, 0);
    cr_assert_eq(s[3].lead_time_in, LEAD_TIME_IN_CALENDAR_DAYS);
    scenario_free(&sc);
}

Test(scenario_calendar, defaults_and_ignore)
{
    scenario sc;
    /* No calendar: nothing follows one, day 0 is a Monday for a
     * profile. */
    accept(NAME_HORIZON
           "demand: {rate: 2, weekday_profile: {sat: 0.5, sun: 0}}\n" SUPPLIER
               POLICY,
           NULL, 0, &sc);
    cr_assert_eq(sc.has_calendar, 0);
    cr_assert_eq(sc.worlds[0].demand.calendar.active, 0);
    cr_assert_eq(sc.worlds[0].demand.calendar.start, 0);
    cr_assert_float_eq(demand_multiplier(&sc.worlds[0].demand, 5.5), 0.5,
                       0);
    scenario_free(&sc);
    /* calendar: {} is every day open, from a Monday. */
    accept(NAME_HORIZON "calendar: {start: sun}\n" DEMAND SUPPLIER POLICY,
           NULL, 0, &sc);
    cr_assert_eq(sc.worlds[0].demand.calendar.active, 1);
    cr_assert_eq(sc.worlds[0].demand.calendar.work_days, 0x7fu);
    cr_assert(calendar_always_open(&sc.worlds[0].demand.calendar));
    scenario_free(&sc);
    /* A demand that ignores the calendar keeps its weekdays' names. */
    accept(NAME_HORIZON "calendar: {work_days: [mon], start: fri}\n"
                        "demand: {rate: 2, calendar: ignore}\n" SUPPLIER
                            POLICY,
           NULL, 0, &sc);
    cr_assert_eq(sc.worlds[0].demand.calendar.active, 0);
    cr_assert_eq(sc.worlds[0].demand.calendar.start, 4);
    scenario_free(&sc);
}

Test(scenario_calendar, a_trace_is_replayed_as_recorded)
{
    FILE *f = fopen("calendar-trace.csv", "w");
    cr_assert_not_null(f);
    fputs("time,quantity\n5.5,3\n", f);
    fclose(f);
    scenario sc;
    accept(NAME_HORIZON WEEKDAYS
           "demand: {arrivals: trace, file: calendar-trace.csv}\n" SUPPLIER
               POLICY,
           NULL, 0, &sc);
    cr_assert_eq(sc.worlds[0].demand.calendar.active, 0);
    scenario_free(&sc);
    ERRORS(NAME_HORIZON WEEKDAYS
           "demand: {arrivals: trace, file: calendar-trace.csv, calendar: "
           "follow}\n" SUPPLIER POLICY,
           "t.yaml:4:63: calendar does not apply to trace arrivals; "
           "expected only file");
    remove("calendar-trace.csv");
}

Test(scenario_calendar, set_reaches_the_calendar_keys)
{
    scenario sc;
    const char *set[] = {"calendar.start=fri", "demand.calendar=ignore",
                         "suppliers.local.lead_time_in=working_days",
                         "demand.weekday_profile.mon=3"};
    accept(NAME_HORIZON WEEKDAYS
           "demand: {rate: 2, weekday_profile: {mon: 2}}\n"
           "suppliers:\n  - {name: local, lead_time: 2, calendar: "
           "follow}\n" POLICY,
           set, 4, &sc);
    cr_assert_eq(sc.calendar_start, 4);
    cr_assert_eq(sc.worlds[0].demand.calendar.active, 0);
    cr_assert_eq(sc.worlds[0].demand.weekday_factor[0], 3.0);
    cr_assert_eq(sc.worlds[0].suppliers[0].lead_time_in,
                 LEAD_TIME_IN_WORKING_DAYS);
    scenario_free(&sc);
}

Test(scenario_calendar, calendar_errors)
{
#define C(x) NAME_HORIZON "calendar: " x "\n" DEMAND SUPPLIER POLICY
    ERRORS(C("{work_days: [mon, tues]}"),
           "t.yaml:3:29: unknown weekday 'tues'; did you mean 'tue'?");
    ERRORS(C("{work_days: [mon, fri, mon]}"),
           "t.yaml:3:34: mon is listed twice in work_days; expected each "
           "weekday once");
    ERRORS(C("{work_days: []}"),
           "t.yaml:3:23: work_days is empty; expected at least one weekday, "
           "such as [mon, tue, wed, thu, fri]");
    ERRORS(C("{work_days: mon}"),
           "t.yaml:3:23: work_days must be a list, got 'mon'; expected a "
           "list of weekdays [mon, tue, wed, thu, fri]");
    ERRORS(C("{work_days: [1]}"),
           "t.yaml:3:24: unknown weekday '1'; expected one of mon, tue, wed, "
           "thu, fri, sat, sun");
    ERRORS(C("{holidays: [100, -1, 2.5, 3, 3]}"),
           "t.yaml:3:23: a holiday must be < 100, got 100; expected a whole "
           "day number in [0, 100) (day 0 is the first day of the run)",
           "t.yaml:3:28: a holiday must not be negative, got -1;",
           "t.yaml:3:32: a holiday must be a whole number, got 2.5;",
           "t.yaml:3:40: holiday 3 is listed twice; expected each day once");
    ERRORS(C("{holidays: 3}"),
           "t.yaml:3:22: holidays must be a list, got '3'; expected a list "
           "of day numbers [0, 359] (day 0 is the first day of the run)");
    ERRORS(C("{start: monday}"),
           "t.yaml:3:19: unknown start 'monday'; expected one of mon, tue, "
           "wed, thu, fri, sat, sun");
    ERRORS(C("[mon]"),
           "t.yaml:3:11: calendar must be a mapping, got a list; expected a "
           "mapping {work_days: [mon, tue, wed, thu, fri], holidays: [...], "
           "start: mon}");
    ERRORS(C("{work_day: [mon]}"),
           "t.yaml:3:12: unknown key 'work_day' in the calendar; did you "
           "mean 'work_days'?");
    /* A calendar opens and closes days: hours or weeks are refused. */
    ERRORS(NAME_HORIZON "time_unit: hour\n" WEEKDAYS DEMAND SUPPLIER POLICY,
           "t.yaml:4:11: calendar needs time_unit: day, got hour; expected "
           "time_unit: day (a calendar opens and closes whole days), or no "
           "calendar");
    ERRORS(NAME_HORIZON "time_unit: week\n" WEEKDAYS DEMAND SUPPLIER POLICY,
           "t.yaml:4:11: calendar needs time_unit: day, got week;");
#undef C
}

Test(scenario_calendar, demand_errors)
{
#define D(x) NAME_HORIZON WEEKDAYS "demand: " x "\n" SUPPLIER POLICY
    ERRORS(NAME_HORIZON "demand: {rate: 2, calendar: follow}\n" SUPPLIER
               POLICY,
           "t.yaml:3:29: calendar: follow, but the scenario has no "
           "calendar; expected a calendar: section at the top level");
    ERRORS(D("{rate: 2, calendar: always}"),
           "t.yaml:4:29: unknown calendar 'always'; expected one of "
           "follow, ignore");
    ERRORS(D("{rate: 2, weekday_profile: {mon: 1, tues: 2}}"),
           "t.yaml:4:45: unknown key 'tues' in the weekday profile; did you "
           "mean 'tue'?");
    ERRORS(D("{rate: 2, weekday_profile: {mon: -1}}"),
           "t.yaml:4:42: mon must not be negative, got -1; expected a "
           "demand factor >= 0 for that weekday (1 when left out)");
    ERRORS(D("{rate: 2, weekday_profile: {mon: 0, tue: 0, wed: 0, thu: 0, "
             "fri: 0}}"),
           "t.yaml:4:36: weekday_profile is 0 on every day customers may "
           "come; expected a factor > 0 on some working day");
    ERRORS(D("{rate: 2, weekday_profile: [1, 2]}"),
           "t.yaml:4:36: weekday_profile must be a mapping, got a list;");
    ERRORS(NAME_HORIZON "time_unit: week\n"
                        "demand: {rate: 2, weekday_profile: {mon: 2}}\n"
               SUPPLIER POLICY,
           "t.yaml:4:36: weekday_profile needs time_unit: day, got week; "
           "expected time_unit: day");
    /* Shocks and the calendar together are fine. */
    scenario sc;
    accept(D("{rate: 2, shocks: [{start: 10, end: 20, factor: 2}]}"), NULL,
           0, &sc);
    scenario_free(&sc);
#undef D
}

Test(scenario_calendar, supplier_errors)
{
#define S(x) NAME_HORIZON DEMAND "suppliers:\n  - " x "\n" POLICY
    ERRORS(S("{name: local, lead_time: 2, calendar: follow}"),
           "t.yaml:5:43: calendar: follow, but the scenario has no "
           "calendar; expected a calendar: section at the top level, or "
           "the supplier's own calendar: {work_days: [mon, tue, wed, thu, "
           "fri]}");
    ERRORS(S("{name: local, lead_time: 2, calendar: sometimes}"),
           "t.yaml:5:43: unknown calendar 'sometimes'; expected ignore, "
           "follow, or the supplier's own {work_days: [...], holidays: "
           "[...]}");
    ERRORS(S("{name: local, lead_time: 2, calendar: [mon]}"),
           "t.yaml:5:43: calendar must be ignore, follow or a mapping, got "
           "a list; expected ignore, follow, or the supplier's own");
    ERRORS(S("{name: local, lead_time: 2, lead_time_in: working_days}"),
           "t.yaml:5:47: lead_time_in: working_days needs the supplier's "
           "calendar; expected calendar: follow or the supplier's own "
           "calendar: {work_days: [...]} beside it");
    ERRORS(S("{name: local, lead_time: 2, calendar: ignore, lead_time_in: "
             "working_days}"),
           "t.yaml:5:65: lead_time_in: working_days needs the supplier's "
           "calendar;");
    ERRORS(S("{name: local, lead_time: 2, lead_time_in: hours}"),
           "t.yaml:5:47: unknown lead_time_in 'hours'; expected one of "
           "calendar_days, working_days");
    ERRORS(S("{name: local, lead_time: 2, calendar: {start: mon}}"),
           "t.yaml:5:44: unknown key 'start' in a supplier's calendar; "
           "expected one of work_days, holidays");
    ERRORS(S("{name: local, lead_time: 2, calendar: {work_days: [sun, "
             "sun]}}"),
           "t.yaml:5:61: sun is listed twice in work_days;");
    ERRORS(S("{name: local, lead_time: 2, calendar: {holidays: [100]}}"),
           "t.yaml:5:55: a holiday must be < 100, got 100;");
    ERRORS(NAME_HORIZON "time_unit: hour\n" DEMAND
           "suppliers:\n  - {name: local, lead_time: 2, calendar: "
           "{work_days: [mon]}, lead_time_in: working_days}\n" POLICY,
           "t.yaml:6:43: calendar needs time_unit: day, got hour;");
#undef S
}

/* A calendar with an error is reported once: what follows it is not
 * refused again. */
Test(scenario_calendar, one_mistake_one_error)
{
    ERRORS(NAME_HORIZON "calendar: {work_days: []}\n"
                        "demand: {rate: 2, calendar: follow}\n"
                        "suppliers:\n  - {name: local, lead_time: 2, "
                        "calendar: follow, lead_time_in: working_days}\n"
               POLICY,
           "t.yaml:3:23: work_days is empty;");
}

/* The example of docs/scenario-format.md's calendar section is valid. */
Test(scenario_calendar, the_documented_example_is_valid)
{
    scenario sc;
    parse_documented("## Working calendars", &sc);
    cr_assert_eq(sc.has_calendar, 1);
    cr_assert_eq(sc.worlds[0].suppliers[0].lead_time_in,
                 LEAD_TIME_IN_WORKING_DAYS);
    scenario_free(&sc);
}
