/*
 * test_demand.c - demand processes: counts and moments against their exact
 * values, shaping (trend, season, shocks), determinism, traces and every
 * trace error with its file:line.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/demand.h"
#include "sim/sim.h"
#include "sim/stream.h"

#define MAX_ORDERS 600000

typedef struct recorder {
    size_t n;
    double t[MAX_ORDERS];
    double q[MAX_ORDERS];
} recorder;

static recorder rec;

static void record(sim *s, void *ctx, double quantity)
{
    recorder *r = ctx;
    cr_assert_lt(r->n, MAX_ORDERS);
    r->t[r->n] = sim_now(s);
    r->q[r->n++] = quantity;
}

static void run(const demand_spec *spec, double horizon, uint64_t seed)
{
    sim *s = sim_create();
    gsl_rng *r = stream_create(seed, 0, "demand");
    demand_process p;
    rec.n = 0;
    demand_start(&p, spec, s, r, horizon, record, &rec);
    sim_run_until(s, horizon);
    gsl_rng_free(r);
    sim_destroy(s);
}

static double units_between(double from, double to)
{
    double total = 0.0;
    for (size_t i = 0; i < rec.n; i++)
        if (rec.t[i] >= from && rec.t[i] < to)
            total += rec.q[i];
    return total;
}

Test(demand, poisson_count)
{
    demand_spec spec;
    demand_spec_init(&spec);
    spec.rate = 40.0;
    run(&spec, 10000.0, 1);
    /* Poisson(400,000): sd 632. */
    cr_assert_float_eq((double)rec.n, 400000.0, 5.0 * 632.5);
    for (size_t i = 0; i < rec.n; i++) {
        cr_assert_eq(rec.q[i], 1.0);
        cr_assert_lt(rec.t[i], 10000.0);
    }
    demand_spec_free(&spec);
}

Test(demand, compound_poisson_rate_and_variance)
{
    char err[200];
    demand_spec spec;
    demand_spec_init(&spec);
    spec.rate = 5.0;
    dist_free(&spec.size);
    dist_poisson(&spec.size, 3.0, err, sizeof err);
    /* Mean 5 * 3 = 15 units per time unit, variance 5 * (3 + 9) = 60. */
    cr_assert_float_eq(demand_mean_rate(&spec), 15.0, 1e-12);
    cr_assert_float_eq(demand_variance_rate(&spec), 60.0, 1e-12);
    enum { WINDOWS = 20000 };
    run(&spec, WINDOWS, 2);
    static double per[WINDOWS];
    memset(per, 0, sizeof per);
    for (size_t i = 0; i < rec.n; i++)
        per[(size_t)rec.t[i]] += rec.q[i];
    double mean = 0.0, var = 0.0;
    for (int w = 0; w < WINDOWS; w++)
        mean += per[w] / WINDOWS;
    for (int w = 0; w < WINDOWS; w++)
        var += (per[w] - mean) * (per[w] - mean) / (WINDOWS - 1);
    /* se of the mean sqrt(60/20000) = 0.055; of the variance about
     * 60 * sqrt(2/20000) = 0.6 (a little more for this skewed law). */
    cr_assert_float_eq(mean, 15.0, 5.0 * 0.055, "mean %g", mean);
    cr_assert_float_eq(var, 60.0, 5.0 * 0.75, "variance %g", var);
    demand_spec_free(&spec);
}

Test(demand, periodic_normal_quantities)
{
    char err[200];
    demand_spec spec;
    demand_spec_init(&spec);
    spec.arrivals = DEMAND_PERIODIC;
    spec.period = 1.0;
    dist_free(&spec.quantity);
    dist_normal(&spec.quantity, 100.0, 10.0, err, sizeof err);
    run(&spec, 10000.0, 3);
    cr_assert_eq(rec.n, 10000);
    cr_assert_eq(rec.t[0], 0.0);
    cr_assert_eq(rec.t[9999], 9999.0);
    double mean = units_between(0.0, 10000.0) / 10000.0;
    cr_assert_float_eq(mean, 100.0, 5.0 * 0.1);
    for (size_t i = 0; i < rec.n; i++)
        cr_assert_eq(rec.q[i], floor(rec.q[i]), "whole units");
    demand_spec_free(&spec);
}

Test(demand, seasonality_shifts_demand_between_halves)
{
    /* m(t) = 1 + 0.5 sin(2 pi t / 100): the first half of each season has
     * integral 50 + 50/pi, the second 50 - 50/pi; ratio 1.934. */
    demand_spec spec;
    demand_spec_init(&spec);
    spec.rate = 20.0;
    spec.season_amplitude = 0.5;
    spec.season_period = 100.0;
    run(&spec, 10000.0, 4);
    double first = 0.0, second = 0.0;
    for (int k = 0; k < 100; k++) {
        first += units_between(100.0 * k, 100.0 * k + 50.0);
        second += units_between(100.0 * k + 50.0, 100.0 * k + 100.0);
    }
    double expected_first = 20.0 * 100 * (50.0 + 50.0 / 3.14159265358979323846);
    double expected_second = 20.0 * 100 * (50.0 - 50.0 / 3.14159265358979323846);
    cr_assert_float_eq(first, expected_first, 5.0 * sqrt(expected_first));
    cr_assert_float_eq(second, expected_second, 5.0 * sqrt(expected_second));
    demand_spec_free(&spec);
}

Test(demand, shocks_and_trend)
{
    demand_spec spec;
    demand_spec_init(&spec);
    spec.rate = 50.0;
    demand_shock shock = {200.0, 210.0, 3.0};
    spec.shocks = malloc(sizeof shock);
    spec.shocks[0] = shock;
    spec.n_shocks = 1;
    cr_assert_float_eq(demand_multiplier(&spec, 205.0), 3.0, 1e-12);
    cr_assert_float_eq(demand_multiplier(&spec, 210.0), 1.0, 1e-12);
    run(&spec, 400.0, 5);
    double inside = units_between(200.0, 210.0);
    cr_assert_float_eq(inside, 1500.0, 5.0 * sqrt(1500.0));
    double before = units_between(0.0, 200.0);
    cr_assert_float_eq(before, 10000.0, 5.0 * 100.0);
    demand_spec_free(&spec);

    demand_spec_init(&spec);
    spec.rate = 10.0;
    spec.trend = 0.001; /* +0.1% a time unit: rate 10 -> 30 over 2000 */
    run(&spec, 2000.0, 6);
    /* Integral of 10 (1 + 0.001 t) over [0, 2000] = 40,000. */
    cr_assert_float_eq(units_between(0.0, 2000.0), 40000.0, 5.0 * 200.0);
    cr_assert_float_eq(units_between(1900.0, 2000.0), 2950.0,
                       5.0 * sqrt(2950.0));
    demand_spec_free(&spec);
}

Test(demand, same_stream_same_orders)
{
    char err[200];
    static double t1[1000], q1[1000];
    demand_spec spec;
    demand_spec_init(&spec);
    spec.rate = 3.0;
    dist_free(&spec.size);
    dist_from_mean_cv(&spec.size, DIST_GAMMA, 4.0, 0.5, err, sizeof err);
    run(&spec, 300.0, 7);
    size_t n = rec.n;
    memcpy(t1, rec.t, n * sizeof *t1);
    memcpy(q1, rec.q, n * sizeof *q1);
    run(&spec, 300.0, 7);
    cr_assert_eq(rec.n, n);
    cr_assert_arr_eq(rec.t, t1, n * sizeof *t1);
    cr_assert_arr_eq(rec.q, q1, n * sizeof *q1);
    demand_spec_free(&spec);
}

Test(demand, zero_sized_orders_are_not_delivered)
{
    char err[200];
    demand_spec spec;
    demand_spec_init(&spec);
    spec.rate = 10.0;
    dist_free(&spec.size);
    const double v[] = {0.0, 2.0}, p[] = {0.5, 0.5};
    dist_discrete(&spec.size, v, p, 2, err, sizeof err);
    run(&spec, 1000.0, 8);
    for (size_t i = 0; i < rec.n; i++)
        cr_assert_eq(rec.q[i], 2.0);
    cr_assert_float_eq((double)rec.n, 5000.0, 5.0 * sqrt(5000.0));
    demand_spec_free(&spec);
}

/* ---- traces ---------------------------------------------------------------- */

static char trace_path[64];

static const char *write_trace(const char *text)
{
    snprintf(trace_path, sizeof trace_path, "/tmp/jitsim_traceXXXXXX");
    int fd = mkstemp(trace_path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return trace_path;
}

Test(demand, trace_replays_exactly)
{
    char err[300];
    demand_spec spec;
    demand_spec_init(&spec);
    const char *path = write_trace("time,quantity\n0.5,3\n1.25,7\n\n"
                                   "4,2\n9.5,10\n12,1\n");
    cr_assert_eq(demand_load_trace(&spec, path, err, sizeof err), 0, "%s",
                 err);
    cr_assert_eq(spec.arrivals, DEMAND_TRACE);
    cr_assert_eq(spec.trace_n, 5);
    run(&spec, 10.0, 9);
    cr_assert_eq(rec.n, 4, "rows at or after the horizon are not replayed");
    const double t[] = {0.5, 1.25, 4.0, 9.5}, q[] = {3, 7, 2, 10};
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(rec.t[i], t[i]);
        cr_assert_eq(rec.q[i], q[i]);
    }
    /* 23 units over 13 whole time units [0, 13). */
    cr_assert_float_eq(demand_mean_rate(&spec), 23.0 / 13.0, 1e-12);
    remove(path);
    demand_spec_free(&spec);
}

Test(demand, trace_with_a_byte_order_mark_and_no_header)
{
    char err[300];
    demand_spec spec;
    demand_spec_init(&spec);
    const char *path = write_trace("\xEF\xBB\xBF" "1,4\n2,5\n");
    cr_assert_eq(demand_load_trace(&spec, path, err, sizeof err), 0, "%s",
                 err);
    cr_assert_eq(spec.trace_n, 2, "the first row is data, not a header");
    cr_assert_eq(spec.trace_quantity[0], 4.0);
    /* Shaping a recorded trace is refused rather than ignored. */
    spec.trend = 0.01;
    cr_assert_eq(demand_spec_check(&spec, err, sizeof err), -1);
    cr_assert_not_null(strstr(err, "do not apply to a trace"));
    remove(path);
    demand_spec_free(&spec);
}

static void trace_fails(const char *text, const char *expected_suffix)
{
    char err[300], expected[400];
    demand_spec spec;
    demand_spec_init(&spec);
    const char *path = write_trace(text);
    cr_assert_eq(demand_load_trace(&spec, path, err, sizeof err), -1);
    snprintf(expected, sizeof expected, "%s:%s", path, expected_suffix);
    cr_assert_eq(strncmp(err, expected, strlen(expected)), 0,
                 "got '%s', expected '%s'", err, expected);
    remove(path);
    demand_spec_free(&spec);
}

Test(demand, trace_errors_name_file_and_line)
{
    trace_fails("t,q\n1,2\n2,abc\n", "3: not a number");
    trace_fails("1,2\n0.5,1\n", "2: time 0.5 is before the previous row's");
    trace_fails("1,2\n2,-1\n", "2: quantity must be >= 0");
    trace_fails("1,2\n2,3,4\n", "2: expected 2 fields");
    trace_fails("-1,2\n", "1: time must be >= 0");
    trace_fails("time,quantity\n", "1: no data rows");
    char err[300];
    demand_spec spec;
    demand_spec_init(&spec);
    cr_assert_eq(demand_load_trace(&spec, "/nonexistent/x.csv", err,
                                   sizeof err),
                 -1);
    cr_assert_str_eq(err,
                     "/nonexistent/x.csv: cannot open (No such file or "
                     "directory)");
    demand_spec_free(&spec);
}

Test(demand, spec_checks)
{
    char err[300];
    demand_spec spec;
    demand_spec_init(&spec);
    spec.rate = 0.0;
    cr_assert_eq(demand_spec_check(&spec, err, sizeof err), -1);
    cr_assert_not_null(strstr(err, "rate must be"));
    spec.rate = 1.0;
    spec.season_amplitude = 1.5;
    cr_assert_eq(demand_spec_check(&spec, err, sizeof err), -1);
    cr_assert_not_null(strstr(err, "amplitude"));
    spec.season_amplitude = 0.5;
    spec.season_period = 0.0;
    cr_assert_eq(demand_spec_check(&spec, err, sizeof err), -1);
    spec.season_amplitude = 0.0;
    spec.arrivals = DEMAND_PERIODIC;
    spec.period = -1.0;
    cr_assert_eq(demand_spec_check(&spec, err, sizeof err), -1);
    cr_assert_not_null(strstr(err, "period must be"));
    spec.period = 1.0;
    cr_assert_eq(demand_spec_check(&spec, err, sizeof err), 0);
    demand_spec copy;
    cr_assert_eq(demand_spec_copy(&copy, &spec), 0);
    demand_spec_free(&copy);
    demand_spec_free(&spec);
}

/* Issue 15: a trace is read within limits. A device is refused at once
 * (/dev/zero used to be read until memory ran out), a NUL inside a field
 * is refused rather than cutting the number short (20,1<NUL>9999 read as
 * 1), and a far last time sizes nothing: the variance walks the rows, and
 * 1e300 (a float-to-integer overflow before) gives a finite answer. */
Test(demand, trace_limits_device_nul_and_far_times)
{
    char err[300];
    demand_spec spec;
    demand_spec_init(&spec);
    cr_assert_eq(demand_load_trace(&spec, "/dev/zero", err, sizeof err), -1);
    cr_assert_str_eq(err, "/dev/zero: not a regular file; expected a CSV "
                          "file of time,quantity rows");

    static const char nul[] = "time,quantity\n0,3\n20,1\0" "9999\n";
    cr_assert_eq(demand_parse_trace(&spec, nul, sizeof nul - 1, "t.csv", err,
                                    sizeof err),
                 -1);
    cr_assert_str_eq(err, "t.csv:3: a NUL byte; expected text rows of "
                          "time,quantity");

    static const char far[] = "0,3\n1,5\n1e300,7\n";
    cr_assert_eq(demand_parse_trace(&spec, far, sizeof far - 1, "t.csv", err,
                                    sizeof err),
                 0, "%s", err);
    double v = demand_variance_rate(&spec);
    cr_assert(isfinite(v) && v >= 0.0, "variance %g", v);
    /* Clipped at a horizon of 10, the far row is gone and the variance is
     * the one of totals 3, 5 over units 0 and 1. */
    demand_trace_clip(&spec, 10.0);
    cr_assert_eq(spec.trace_n, 2);
    cr_assert_float_eq(demand_variance_rate(&spec), 2.0, 1e-12);
    demand_spec_free(&spec);
}

/* The variance of a trace's totals per time unit, empty units included,
 * is what the array version gave: totals 4, 0, 0, 6 over four units. */
Test(demand, trace_variance_counts_empty_units)
{
    char err[300];
    demand_spec spec;
    demand_spec_init(&spec);
    static const char rows[] = "0.2,1\n0.7,3\n3.5,6\n";
    cr_assert_eq(demand_parse_trace(&spec, rows, sizeof rows - 1, "t.csv",
                                    err, sizeof err),
                 0, "%s", err);
    /* mean 2.5; squares 2.25 + 6.25 + 6.25 + 12.25 = 27, / 3 */
    cr_assert_float_eq(demand_variance_rate(&spec), 9.0, 1e-12);
    demand_spec_free(&spec);
}
