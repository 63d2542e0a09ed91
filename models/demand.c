/*
 * demand.c - customer order processes: compound Poisson (thinned when
 * shaped), periodic, and replayed traces read with libcsv (a regular file
 * of bounded size and rows: fstat and fileno are POSIX).
 */
#define _POSIX_C_SOURCE 200809L
#include "demand.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>
#include <gsl/gsl_randist.h>

#include "sim/check.h"

#define TWO_PI 6.283185307179586476925286766559

static int is_shaped(const demand_spec *spec);
static int has_day_factor(const demand_spec *spec);
static int follows_calendar(const demand_spec *spec);

void demand_spec_init(demand_spec *spec)
{
    char err[8];
    memset(spec, 0, sizeof *spec);
    spec->arrivals = DEMAND_POISSON;
    spec->rate = 1.0;
    spec->period = 1.0;
    dist_constant(&spec->size, 1.0, err, sizeof err);
    dist_constant(&spec->quantity, 1.0, err, sizeof err);
    calendar_spec_init(&spec->calendar);
    for (int d = 0; d < CALENDAR_WEEK; d++)
        spec->weekday_factor[d] = 1.0;
}

void demand_spec_free(demand_spec *spec)
{
    dist_free(&spec->size);
    dist_free(&spec->quantity);
    free(spec->shocks);
    free(spec->trace_time);
    free(spec->trace_quantity);
    free(spec->trace_path);
    calendar_spec_free(&spec->calendar);
    spec->shocks = NULL;
    spec->trace_time = spec->trace_quantity = NULL;
    spec->trace_path = NULL;
    spec->n_shocks = spec->trace_n = 0;
}

static void *copy_bytes(const void *src, size_t bytes, int *failed)
{
    if (!src || bytes == 0)
        return NULL;
    void *dst = malloc(bytes);
    if (!dst) {
        *failed = 1;
        return NULL;
    }
    memcpy(dst, src, bytes);
    return dst;
}

int demand_spec_copy(demand_spec *dst, const demand_spec *src)
{
    int failed = 0;
    *dst = *src;
    dst->shocks = copy_bytes(src->shocks, src->n_shocks * sizeof *src->shocks,
                             &failed);
    dst->trace_time = copy_bytes(src->trace_time,
                                 src->trace_n * sizeof(double), &failed);
    dst->trace_quantity = copy_bytes(src->trace_quantity,
                                     src->trace_n * sizeof(double), &failed);
    dst->trace_path = src->trace_path
                          ? copy_bytes(src->trace_path,
                                       strlen(src->trace_path) + 1, &failed)
                          : NULL;
    if (calendar_spec_copy(&dst->calendar, &src->calendar))
        failed = 1;
    int size_failed = dist_copy(&dst->size, &src->size);
    int quantity_failed =
        size_failed ? -1 : dist_copy(&dst->quantity, &src->quantity);
    if (size_failed || quantity_failed || failed) {
        if (!size_failed)
            dist_free(&dst->size);
        if (!size_failed && !quantity_failed)
            dist_free(&dst->quantity);
        memset(&dst->size, 0, sizeof dst->size);
        memset(&dst->quantity, 0, sizeof dst->quantity);
        free(dst->shocks);
        free(dst->trace_time);
        free(dst->trace_quantity);
        free(dst->trace_path);
        calendar_spec_free(&dst->calendar);
        memset(dst, 0, sizeof *dst);
        return -1;
    }
    return 0;
}

int demand_spec_check(const demand_spec *spec, char *err, size_t errlen)
{
    char why[200];
    switch (spec->arrivals) {
    case DEMAND_POISSON:
        if (!(isfinite(spec->rate) && spec->rate > 0.0)) {
            snprintf(err, errlen, "rate must be a number of orders per time "
                                  "unit > 0, got %g",
                     spec->rate);
            return -1;
        }
        if (dist_check_nonnegative(&spec->size, why, sizeof why)) {
            snprintf(err, errlen, "size: %s", why);
            return -1;
        }
        break;
    case DEMAND_PERIODIC:
        if (!(isfinite(spec->period) && spec->period > 0.0)) {
            snprintf(err, errlen, "period must be a time > 0, got %g",
                     spec->period);
            return -1;
        }
        if (dist_check_nonnegative(&spec->quantity, why, sizeof why)) {
            snprintf(err, errlen, "quantity: %s", why);
            return -1;
        }
        break;
    case DEMAND_TRACE:
        if (spec->trace_n == 0) {
            snprintf(err, errlen, "the trace has no rows; expected time,"
                                  "quantity rows");
            return -1;
        }
        /* A trace is replayed as recorded: shaping it would be silently
         * ignored, so it is refused. */
        if (spec->calendar.active || spec->weekday_profile) {
            snprintf(err, errlen, "a calendar and a weekday profile do not "
                                  "apply to a trace; expected a trace "
                                  "replayed as recorded");
            return -1;
        }
        if (is_shaped(spec)) {
            snprintf(err, errlen, "trend, season and shocks do not apply to "
                                  "a trace; expected them only with poisson "
                                  "or periodic arrivals");
            return -1;
        }
        return 0;
    }
    if (!isfinite(spec->trend)) {
        snprintf(err, errlen, "trend must be a number, got %g", spec->trend);
        return -1;
    }
    if (!(spec->season_amplitude >= 0.0 && spec->season_amplitude <= 1.0)) {
        snprintf(err, errlen, "season amplitude must be in [0, 1], got %g",
                 spec->season_amplitude);
        return -1;
    }
    if (spec->season_amplitude > 0.0 &&
        !(isfinite(spec->season_period) && spec->season_period > 0.0)) {
        snprintf(err, errlen, "season period must be a time > 0, got %g",
                 spec->season_period);
        return -1;
    }
    if (!isfinite(spec->season_phase)) {
        snprintf(err, errlen, "season phase must be a number");
        return -1;
    }
    if (calendar_spec_check(&spec->calendar, why, sizeof why)) {
        snprintf(err, errlen, "calendar: %s", why);
        return -1;
    }
    if (spec->weekday_profile) {
        int some = 0;
        for (int d = 0; d < CALENDAR_WEEK; d++) {
            double f = spec->weekday_factor[d];
            if (!(isfinite(f) && f >= 0.0)) {
                snprintf(err, errlen, "weekday_profile: %s must be a "
                                      "factor >= 0, got %g",
                         calendar_weekday_name(d), f);
                return -1;
            }
            int open = !spec->calendar.active ||
                       (spec->calendar.work_days >> d) & 1u;
            some |= open && f > 0.0;
        }
        if (!some) {
            snprintf(err, errlen, "weekday_profile is 0 on every day "
                                  "customers may come; expected a factor "
                                  "> 0 on some working day");
            return -1;
        }
    }
    for (size_t i = 0; i < spec->n_shocks; i++) {
        const demand_shock *s = &spec->shocks[i];
        if (!(isfinite(s->start) && isfinite(s->end) && s->start < s->end)) {
            snprintf(err, errlen, "shock %zu: start (%g) must be before end "
                                  "(%g)",
                     i + 1, s->start, s->end);
            return -1;
        }
        if (!(isfinite(s->factor) && s->factor >= 0.0)) {
            snprintf(err, errlen, "shock %zu: factor must be >= 0, got %g",
                     i + 1, s->factor);
            return -1;
        }
    }
    return 0;
}

/* ---- trace files --------------------------------------------------------- */

typedef struct trace_reader {
    demand_spec *spec;
    const char *path;
    size_t capacity;
    long line;        /* physical line of the current row (1-based) */
    long row_line;    /* line where the current row started */
    int field;        /* fields seen in the current row */
    int rows;         /* rows seen, blank ones excluded */
    double values[2];
    int numeric[2];
    int error;
    char *err;
    size_t errlen;
} trace_reader;

static int parse_number(const char *text, size_t len, double *out)
{
    char buf[64];
    while (len > 0 && (*text == ' ' || *text == '\t'))
        text++, len--;
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t' ||
                       text[len - 1] == '\r'))
        len--;
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, text, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static void trace_field(void *data, size_t len, void *ctx)
{
    trace_reader *t = ctx;
    if (t->error)
        return;
    if (t->field < 2) {
        t->numeric[t->field] =
            parse_number(data ? data : "", len, &t->values[t->field]) == 0;
        if (!t->numeric[t->field] && len == 0)
            t->numeric[t->field] = -1; /* empty */
    }
    t->field++;
}

static void trace_fail(trace_reader *t, const char *fmt, double value)
{
    char what[200];
    snprintf(what, sizeof what, fmt, value);
    snprintf(t->err, t->errlen, "%s:%ld: %s", t->path, t->row_line, what);
    t->error = 1;
}

static void trace_row(int terminator, void *ctx)
{
    (void)terminator;
    trace_reader *t = ctx;
    if (t->error)
        goto next;
    if (t->field == 1 && t->numeric[0] == -1)
        goto next; /* a blank line */
    t->rows++;
    if (t->field != 2) {
        trace_fail(t, "expected 2 fields (time,quantity), found %g",
                   (double)t->field);
        goto next;
    }
    if (t->numeric[0] != 1 || t->numeric[1] != 1) {
        if (t->rows == 1)
            goto next; /* a header row */
        snprintf(t->err, t->errlen, "%s:%ld: not a number; expected "
                                    "time,quantity as two numbers",
                 t->path, t->row_line);
        t->error = 1;
        goto next;
    }
    double time = t->values[0], quantity = t->values[1];
    demand_spec *s = t->spec;
    if (time < 0.0) {
        trace_fail(t, "time must be >= 0, got %g", time);
        goto next;
    }
    if (s->trace_n > 0 && time < s->trace_time[s->trace_n - 1]) {
        trace_fail(t, "time %g is before the previous row's; expected "
                      "times in non-decreasing order",
                   time);
        goto next;
    }
    if (quantity < 0.0) {
        trace_fail(t, "quantity must be >= 0, got %g", quantity);
        goto next;
    }
    if (s->trace_n == DEMAND_TRACE_ROWS_MAX) {
        snprintf(t->err, t->errlen, "%s:%ld: more than %zu rows; expected "
                                    "a trace of at most %zu rows",
                 t->path, t->row_line, DEMAND_TRACE_ROWS_MAX,
                 DEMAND_TRACE_ROWS_MAX);
        t->error = 1;
        goto next;
    }
    if (s->trace_n == t->capacity) {
        size_t cap = t->capacity ? t->capacity * 2 : 256;
        double *times = realloc(s->trace_time, cap * sizeof *times);
        if (times)
            s->trace_time = times;
        double *qs = times ? realloc(s->trace_quantity, cap * sizeof *qs)
                           : NULL;
        if (!times || !qs) {
            snprintf(t->err, t->errlen, "%s: out of memory", t->path);
            t->error = 1;
            goto next;
        }
        s->trace_quantity = qs;
        t->capacity = cap;
    }
    s->trace_time[s->trace_n] = time;
    s->trace_quantity[s->trace_n] = quantity;
    s->trace_n++;
next:
    t->field = 0;
    t->numeric[0] = t->numeric[1] = 0;
}

int demand_parse_trace(demand_spec *spec, const char *text, size_t len,
                       const char *path, char *err, size_t errlen)
{
    struct csv_parser parser;
    if (csv_init(&parser, CSV_APPEND_NULL) != 0) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    free(spec->trace_time);
    free(spec->trace_quantity);
    free(spec->trace_path);
    spec->trace_time = spec->trace_quantity = NULL;
    spec->trace_n = 0;
    spec->trace_path = malloc(strlen(path) + 1);
    if (spec->trace_path)
        strcpy(spec->trace_path, path);
    trace_reader t = {.spec = spec, .path = path, .line = 1, .row_line = 1,
                      .err = err, .errlen = errlen};
    size_t start = 0;
    /* Spreadsheets save UTF-8 with a byte-order mark; it is no data. */
    if (len >= 3 && (unsigned char)text[0] == 0xEF &&
        (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF)
        start = 3;
    /* Fed line by line so that each row knows its physical line. */
    while (!t.error && start < len) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) + 1 : len;
        /* A NUL would end the number libcsv hands over early: 1<NUL>9999
         * would read as 1. */
        if (memchr(text + start, '\0', end - start)) {
            snprintf(err, errlen, "%s:%ld: a NUL byte; expected text rows "
                                  "of time,quantity",
                     path, t.line);
            t.error = 1;
            break;
        }
        if (csv_parse(&parser, text + start, end - start, trace_field,
                      trace_row, &t) != end - start) {
            snprintf(err, errlen, "%s:%ld: %s", path, t.line,
                     csv_strerror(csv_error(&parser)));
            t.error = 1;
        }
        start = end;
        if (nl) {
            t.line++;
            /* A row spans lines only inside quotes; rows start here. */
            t.row_line = t.field == 0 ? t.line : t.row_line;
        }
    }
    if (!t.error)
        csv_fini(&parser, trace_field, trace_row, &t);
    csv_free(&parser);
    if (!t.error && spec->trace_n == 0) {
        snprintf(err, errlen, "%s:1: no data rows; expected rows of "
                              "time,quantity",
                 path);
        t.error = 1;
    }
    if (t.error) {
        free(spec->trace_time);
        free(spec->trace_quantity);
        spec->trace_time = spec->trace_quantity = NULL;
        spec->trace_n = 0;
        return -1;
    }
    spec->arrivals = DEMAND_TRACE;
    return 0;
}

int demand_load_trace(demand_spec *spec, const char *path, char *err,
                      size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open (%s)", path, strerror(errno));
        return -1;
    }
    /* Only a regular file of a bounded size: /dev/zero or a pipe would be
     * read forever. */
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        snprintf(err, errlen, "%s: not a regular file; expected a CSV file "
                              "of time,quantity rows",
                 path);
        return -1;
    }
    if ((long long)st.st_size > DEMAND_TRACE_BYTES_MAX) {
        fclose(f);
        snprintf(err, errlen, "%s: %lld bytes; expected a trace of at most "
                              "%lld bytes",
                 path, (long long)st.st_size, DEMAND_TRACE_BYTES_MAX);
        return -1;
    }
    /* The size read is what counts (the file may grow meanwhile): at most
     * the limit plus one byte, to tell. */
    size_t cap = (size_t)st.st_size + 1;
    char *text = malloc(cap);
    if (!text) {
        fclose(f);
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    size_t len = fread(text, 1, cap, f);
    int bad = ferror(f);
    fclose(f);
    if (bad || len == cap) {
        free(text);
        snprintf(err, errlen, bad ? "%s: read error"
                                  : "%s: changed while being read",
                 path);
        return -1;
    }
    int rc = demand_parse_trace(spec, text, len, path, err, errlen);
    free(text);
    return rc;
}

void demand_trace_clip(demand_spec *spec, double horizon)
{
    if (spec->arrivals != DEMAND_TRACE)
        return;
    size_t n = 0;
    while (n < spec->trace_n && spec->trace_time[n] < horizon)
        n++;
    spec->trace_n = n;
}

/* ---- rates ---------------------------------------------------------------- */

double demand_mean_rate(const demand_spec *spec)
{
    switch (spec->arrivals) {
    case DEMAND_POISSON:
        return spec->rate * dist_mean(&spec->size);
    case DEMAND_PERIODIC:
        return dist_mean(&spec->quantity) / spec->period;
    case DEMAND_TRACE: {
        if (spec->trace_n == 0)
            return 0.0;
        double total = 0.0;
        for (size_t i = 0; i < spec->trace_n; i++)
            total += spec->trace_quantity[i];
        double span = floor(spec->trace_time[spec->trace_n - 1]) + 1.0;
        return total / span;
    }
    }
    return 0.0;
}

double demand_variance_rate(const demand_spec *spec)
{
    switch (spec->arrivals) {
    case DEMAND_POISSON: {
        double m = dist_mean(&spec->size);
        return spec->rate * (dist_variance(&spec->size) + m * m);
    }
    case DEMAND_PERIODIC:
        return dist_variance(&spec->quantity) / spec->period;
    case DEMAND_TRACE: {
        if (spec->trace_n == 0)
            return 0.0;
        /* Totals per whole time unit over [0, last time], one unit at a
         * time (rows are sorted by time): nothing is sized by the last
         * time, and no time becomes an integer. */
        double units = floor(spec->trace_time[spec->trace_n - 1]) + 1.0;
        if (!(units >= 2.0))
            return 0.0;
        size_t row = 0;
        double mean = 0.0, m2 = 0.0;
        if (units <= DEMAND_TRACE_UNITS_EXACT) {
            /* Welford over every unit, the empty ones included. */
            for (double u = 0.0; u < units; u += 1.0) {
                double total = 0.0;
                while (row < spec->trace_n &&
                       floor(spec->trace_time[row]) == u)
                    total += spec->trace_quantity[row++];
                double d = total - mean;
                mean += d / (u + 1.0);
                m2 += d * (total - mean);
            }
            return m2 / (units - 1.0);
        }
        /* A span too long to walk (only through the API: the scenario
         * reader drops rows past the horizon): the sums of the non-empty
         * units' totals and of their squares. */
        double sum = 0.0, sum2 = 0.0;
        while (row < spec->trace_n) {
            double u = floor(spec->trace_time[row]), total = 0.0;
            while (row < spec->trace_n && floor(spec->trace_time[row]) == u)
                total += spec->trace_quantity[row++];
            sum += total;
            sum2 += total * total;
        }
        mean = sum / units;
        double var = (sum2 - units * mean * mean) / (units - 1.0);
        return var > 0.0 ? var : 0.0;
    }
    }
    return 0.0;
}

/* The day's factor of m(t): 0 on a closed day of a calendar followed,
 * the weekday's factor of the profile, else 1. */
static double day_factor(const demand_spec *spec, double t)
{
    if (spec->calendar.active && !calendar_open_at(&spec->calendar, t))
        return 0.0;
    return spec->weekday_profile
               ? spec->weekday_factor[calendar_weekday(&spec->calendar, t)]
               : 1.0;
}

double demand_multiplier(const demand_spec *spec, double t)
{
    double m = day_factor(spec, t) * (1.0 + spec->trend * t);
    if (spec->season_amplitude > 0.0)
        m *= 1.0 + spec->season_amplitude *
                       sin(TWO_PI * (t - spec->season_phase) /
                           spec->season_period);
    for (size_t i = 0; i < spec->n_shocks; i++)
        if (t >= spec->shocks[i].start && t < spec->shocks[i].end)
            m *= spec->shocks[i].factor;
    return m > 0.0 ? m : 0.0;
}

/* Shaped by trend, season or shocks (what the thinning of Poisson
 * arrivals and the planning integrals handle). */
static int is_shaped(const demand_spec *spec)
{
    return spec->trend != 0.0 || spec->season_amplitude > 0.0 ||
           spec->n_shocks > 0;
}

/* Closed days remove customers (by the change of clock). */
static int follows_calendar(const demand_spec *spec)
{
    return spec->calendar.active && !calendar_always_open(&spec->calendar);
}

/* m(t) changes from one day to the next by the calendar or the weekday
 * profile. */
static int has_day_factor(const demand_spec *spec)
{
    if (follows_calendar(spec))
        return 1;
    if (spec->weekday_profile)
        for (int d = 0; d < CALENDAR_WEEK; d++)
            if (spec->weekday_factor[d] != 1.0)
                return 1;
    return 0;
}

/* The largest weekday factor on a day customers may come. */
static double profile_bound(const demand_spec *spec)
{
    if (!spec->weekday_profile)
        return 1.0;
    double bound = 0.0;
    for (int d = 0; d < CALENDAR_WEEK; d++)
        if ((!spec->calendar.active ||
             ((spec->calendar.work_days >> d) & 1u)) &&
            spec->weekday_factor[d] > bound)
            bound = spec->weekday_factor[d];
    return bound;
}

/* ---- the rate the auto rules plan for ------------------------------------- */

/* Integrals of m and m^2 over [a, b], a piece on which m is smooth (no shock
 * edge and no zero of the trend factor inside): composite three-point
 * Gauss-Legendre on sub-intervals of at most a 32nd of the season, exact for
 * polynomials of degree 5 and, for the sine, with an error about 1e-12 of
 * the integral. The nodes are inside the sub-intervals, so the value at a
 * shock's edge (where m jumps) is never sampled. */
static void integrate_piece(const demand_spec *spec, double a, double b,
                            double *m1, double *m2)
{
    static const double node = 0.77459666924148337704; /* sqrt(3/5) */
    size_t n = 4;
    if (spec->season_amplitude > 0.0) {
        double pieces = ceil(32.0 * (b - a) / spec->season_period);
        if (pieces > (double)n)
            n = pieces < 4e6 ? (size_t)pieces : 4000000u;
    }
    double h = (b - a) / (double)n;
    for (size_t i = 0; i < n; i++) {
        double mid = a + ((double)i + 0.5) * h, half = 0.5 * h;
        double xs[3] = {mid - node * half, mid, mid + node * half};
        double ws[3] = {5.0 / 9.0, 8.0 / 9.0, 5.0 / 9.0};
        for (int k = 0; k < 3; k++) {
            double m = demand_multiplier(spec, xs[k]);
            *m1 += ws[k] * half * m;
            *m2 += ws[k] * half * m * m;
        }
    }
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Mean of m and of m^2 over [from, to) when m changes only from day to
 * day (a calendar or a weekday profile, no trend, season or shock): a sum
 * over the days. */
static void daily_means(const demand_spec *spec, double from, double to,
                        double *mean, double *mean_square)
{
    double s1 = 0.0, s2 = 0.0;
    for (double day = floor(from); day < to; day += 1.0) {
        double a = day > from ? day : from;
        double b = day + 1.0 < to ? day + 1.0 : to;
        double m = demand_multiplier(spec, day);
        s1 += m * (b - a);
        s2 += m * m * (b - a);
    }
    *mean = s1 / (to - from);
    *mean_square = s2 / (to - from);
}

/* Mean of m and of m^2 over [from, to), by pieces between the shock edges,
 * the zero of the trend factor (where m has a kink or a jump) and, with a
 * calendar or a weekday profile, the edges of the days. */
static void multiplier_means(const demand_spec *spec, double from, double to,
                             double *mean, double *mean_square)
{
    int daily = has_day_factor(spec);
    if (daily && !is_shaped(spec)) {
        daily_means(spec, from, to, mean, mean_square);
        return;
    }
    double days = daily ? ceil(to) - floor(from) + 1.0 : 0.0;
    size_t cap = 3 + 2 * spec->n_shocks + (size_t)days, n = 0;
    double small[16];
    double *cuts = cap <= 16 ? small : malloc(cap * sizeof *cuts);
    if (!cuts) {
        /* Out of memory: one piece, jumps and all (still a fair mean). */
        double m1 = 0.0, m2 = 0.0;
        integrate_piece(spec, from, to, &m1, &m2);
        *mean = m1 / (to - from), *mean_square = m2 / (to - from);
        return;
    }
    cuts[n++] = from;
    cuts[n++] = to;
    if (spec->trend != 0.0) {
        double zero = -1.0 / spec->trend;
        if (zero > from && zero < to)
            cuts[n++] = zero;
    }
    for (size_t i = 0; i < spec->n_shocks; i++) {
        if (spec->shocks[i].start > from && spec->shocks[i].start < to)
            cuts[n++] = spec->shocks[i].start;
        if (spec->shocks[i].end > from && spec->shocks[i].end < to)
            cuts[n++] = spec->shocks[i].end;
    }
    if (daily)
        for (double day = floor(from) + 1.0; day < to; day += 1.0)
            cuts[n++] = day;
    qsort(cuts, n, sizeof *cuts, compare_doubles);
    double m1 = 0.0, m2 = 0.0;
    for (size_t i = 0; i + 1 < n; i++)
        if (cuts[i + 1] > cuts[i])
            integrate_piece(spec, cuts[i], cuts[i + 1], &m1, &m2);
    if (cuts != small)
        free(cuts);
    *mean = m1 / (to - from);
    *mean_square = m2 / (to - from);
}

double demand_multiplier_integral(const demand_spec *spec, double a,
                                  double b)
{
    if (!(b > a))
        return 0.0;
    if (!is_shaped(spec) && !has_day_factor(spec))
        return b - a;
    double m1, m2;
    multiplier_means(spec, a, b, &m1, &m2);
    return m1 * (b - a);
}

int demand_has_day_factor(const demand_spec *spec)
{
    return has_day_factor(spec);
}

/* Whether m takes one value over [from, to): no trend or season, and every
 * shock either covers the whole window or misses it. */
static int multiplier_constant(const demand_spec *spec, double from,
                               double to)
{
    if (spec->trend != 0.0 || spec->season_amplitude > 0.0 ||
        has_day_factor(spec))
        return 0;
    for (size_t i = 0; i < spec->n_shocks; i++) {
        const demand_shock *s = &spec->shocks[i];
        int covers = s->start <= from && s->end >= to;
        int misses = s->end <= from || s->start >= to;
        if (!covers && !misses)
            return 0;
    }
    return 1;
}

/* Periodic orders beyond this many in the window are averaged by the
 * integral instead of order by order (the difference is then below one
 * part in this many). */
#define PLANNING_PERIODS_MAX 200000.0

void demand_planning_rates(const demand_spec *spec, double from, double to,
                           double *mean, double *variance, int *constant)
{
    *mean = demand_mean_rate(spec);
    *variance = demand_variance_rate(spec);
    if (constant)
        *constant = 1;
    if ((!is_shaped(spec) && !has_day_factor(spec)) ||
        spec->arrivals == DEMAND_TRACE || !(to > from))
        return;
    int flat = multiplier_constant(spec, from, to);
    if (constant)
        *constant = flat;
    double m1, m2;
    if (flat) {
        m1 = demand_multiplier(spec, from);
        m2 = m1 * m1;
    } else if (spec->arrivals == DEMAND_PERIODIC &&
               (to - from) / spec->period <= PLANNING_PERIODS_MAX) {
        /* Orders come at k period: average m over those in the window. */
        double first = ceil(from / spec->period - 1e-12);
        double s1 = 0.0, s2 = 0.0, count = 0.0;
        for (double k = first; k * spec->period < to; k += 1.0) {
            double m = demand_multiplier(spec, k * spec->period);
            s1 += m, s2 += m * m, count += 1.0;
        }
        m1 = count > 0.0 ? s1 / count : 0.0;
        m2 = count > 0.0 ? s2 / count : 0.0;
    } else {
        multiplier_means(spec, from, to, &m1, &m2);
    }
    if (spec->arrivals == DEMAND_POISSON) {
        *mean *= m1;
        *variance *= m1;
    } else {
        *mean *= m1;
        *variance *= m2;
    }
}

/* An upper bound of the multiplier over [0, horizon]: each factor's own
 * maximum, multiplied. */
static double multiplier_bound(const demand_spec *spec, double horizon)
{
    double trend_max = 1.0 + spec->trend * horizon;
    if (trend_max < 1.0)
        trend_max = 1.0;
    double bound = trend_max * (1.0 + spec->season_amplitude);
    double shocks = 1.0;
    for (size_t i = 0; i < spec->n_shocks; i++)
        if (spec->shocks[i].factor > 1.0)
            shocks *= spec->shocks[i].factor;
    return bound * shocks;
}

double demand_expected_orders(const demand_spec *spec, double horizon)
{
    switch (spec->arrivals) {
    case DEMAND_POISSON: {
        double bound = is_shaped(spec) ? multiplier_bound(spec, horizon)
                                       : 1.0;
        /* Candidates are drawn in working time only. */
        double span = follows_calendar(spec)
                          ? calendar_working_time(&spec->calendar, horizon)
                          : horizon;
        return spec->rate * bound * profile_bound(spec) * span;
    }
    case DEMAND_PERIODIC:
        return horizon / spec->period;
    case DEMAND_TRACE:
        return (double)spec->trace_n;
    }
    return 0.0;
}

/* ---- the process ---------------------------------------------------------- */

/* x rounded to the nearest whole number, 0 if not positive. Below 2^52
 * the integer conversion's truncation is the floor (and costs no call to
 * floor, once per customer); from there on every double is whole. */
static double whole_units(double x)
{
    double y = x + 0.5;
    if (!(y >= 1.0))
        return 0.0;
    if (y >= 4503599627370496.0)
        return y;
    return (double)(int64_t)y;
}

static void deliver(demand_process *p, sim *s, double quantity)
{
    if (quantity > 0.0)
        p->sink(s, p->sink_ctx, quantity);
}

static void on_poisson(sim *s, void *ctx, uint64_t arg);

/* The next candidate: an exponential gap at the bounding rate, in working
 * time when the demand follows a calendar (kept as a running sum, so the
 * clock is never converted back and forth). */
static void schedule_poisson(demand_process *p, sim *s)
{
    if (!(p->mean_gap > 0.0))
        return;
    double gap = dist_exponential_draw(p->rng, p->mean_gap);
    double t;
    if (p->on_calendar) {
        p->working += gap;
        t = calendar_time_of_working(&p->spec->calendar, p->working);
    } else {
        t = sim_now(s) + gap;
    }
    if (t < p->horizon)
        sim_schedule(s, t, on_poisson, p, 0);
}

static void on_poisson(sim *s, void *ctx, uint64_t arg)
{
    (void)arg;
    demand_process *p = ctx;
    int accept = 1;
    if (p->thinned) {
        double u = gsl_rng_uniform(p->rng);
        accept = u * p->max_multiplier <
                 demand_multiplier(p->spec, sim_now(s));
    }
    if (accept)
        deliver(p, s, whole_units(dist_sample(&p->spec->size, p->rng)));
    schedule_poisson(p, s);
}

static void on_period(sim *s, void *ctx, uint64_t arg)
{
    (void)arg;
    demand_process *p = ctx;
    double q = dist_sample(&p->spec->quantity, p->rng) *
               demand_multiplier(p->spec, sim_now(s));
    deliver(p, s, whole_units(q));
    p->period_index++;
    double next = (double)p->period_index * p->spec->period;
    if (next < p->horizon)
        sim_schedule(s, next, on_period, p, 0);
}

static void on_trace_row(sim *s, void *ctx, uint64_t arg)
{
    demand_process *p = ctx;
    deliver(p, s, whole_units(p->spec->trace_quantity[arg]));
    size_t next = (size_t)arg + 1;
    if (next < p->spec->trace_n && p->spec->trace_time[next] < p->horizon)
        sim_schedule(s, p->spec->trace_time[next], on_trace_row, p, next);
}

void demand_start(demand_process *p, const demand_spec *spec, sim *s,
                  gsl_rng *rng, double horizon, demand_sink sink, void *ctx)
{
    *p = (demand_process){
        .spec = spec,
        .rng = rng,
        .sink = sink,
        .sink_ctx = ctx,
        .horizon = horizon,
        .max_multiplier = (is_shaped(spec) ? multiplier_bound(spec, horizon)
                                           : 1.0) *
                          profile_bound(spec),
    };
    switch (spec->arrivals) {
    case DEMAND_POISSON: {
        double rate = spec->rate * p->max_multiplier;
        p->mean_gap = rate > 0.0 ? 1.0 / rate : 0.0;
        p->on_calendar = follows_calendar(spec);
        p->thinned = is_shaped(spec) || spec->weekday_profile;
        schedule_poisson(p, s);
        break;
    }
    case DEMAND_PERIODIC:
        if (0.0 < horizon)
            sim_schedule(s, 0.0, on_period, p, 0);
        break;
    case DEMAND_TRACE:
        if (spec->trace_n > 0 && spec->trace_time[0] < horizon)
            sim_schedule(s, spec->trace_time[0], on_trace_row, p, 0);
        break;
    }
}
