/*
 * demand.c - customer demand: compound Poisson arrivals thinned by the
 * shaping multiplier, periodic orders scaled by it, and traces read from CSV
 * (libcsv) and replayed.
 *
 * The running process keeps one event pending at a time and allocates
 * nothing. Its draws per order are fixed by the spec alone - never by what
 * the sink does - so every policy on a replication sees the same demand.
 * It knows nothing of stock, and nothing of scenario files.
 */
#include "demand.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <gsl/gsl_randist.h>

#include "sim/check.h"

/* Strict C11 has no M_PI. */
#define TWO_PI 6.283185307179586476925286766559

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Units are whole: the nearest whole number, halves rounded up. */
static double whole_units(double x)
{
    return floor(x + 0.5);
}

static char *copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c)
        memcpy(c, s, n);
    return c;
}

/* ---- the spec -------------------------------------------------------------- */

void demand_spec_init(demand_spec *spec)
{
    *spec = (demand_spec){.arrivals = DEMAND_POISSON, .rate = 1.0,
                          .period = 1.0};
    dist_constant(&spec->size, 1.0, NULL, 0);
    dist_constant(&spec->quantity, 1.0, NULL, 0);
}

void demand_spec_free(demand_spec *spec)
{
    dist_free(&spec->size);
    dist_free(&spec->quantity);
    free(spec->shocks);
    free(spec->trace_time);
    free(spec->trace_quantity);
    free(spec->trace_path);
    spec->shocks = NULL;
    spec->n_shocks = 0;
    spec->trace_time = NULL;
    spec->trace_quantity = NULL;
    spec->trace_path = NULL;
    spec->trace_n = 0;
}

static void *copy_array(const void *src, size_t n, size_t size, int *failed)
{
    if (!src || n == 0)
        return NULL;
    void *dst = malloc(n * size);
    if (!dst) {
        *failed = 1;
        return NULL;
    }
    memcpy(dst, src, n * size);
    return dst;
}

int demand_spec_copy(demand_spec *dst, const demand_spec *src)
{
    *dst = *src;
    /* Until every owned part is copied, dst owns nothing. */
    dst->size = (dist){.kind = DIST_CONSTANT, .a = 1.0};
    dst->quantity = (dist){.kind = DIST_CONSTANT, .a = 1.0};
    dst->shocks = NULL;
    dst->trace_time = NULL;
    dst->trace_quantity = NULL;
    dst->trace_path = NULL;
    int failed = 0;
    dst->shocks = copy_array(src->shocks, src->n_shocks, sizeof *src->shocks,
                             &failed);
    dst->trace_time = copy_array(src->trace_time, src->trace_n,
                                 sizeof *src->trace_time, &failed);
    dst->trace_quantity = copy_array(src->trace_quantity, src->trace_n,
                                     sizeof *src->trace_quantity, &failed);
    if (src->trace_path) {
        dst->trace_path = copy_string(src->trace_path);
        failed |= !dst->trace_path;
    }
    if (dist_copy(&dst->size, &src->size) != 0)
        failed = 1;
    if (dist_copy(&dst->quantity, &src->quantity) != 0)
        failed = 1;
    if (failed) {
        demand_spec_free(dst);
        return -1;
    }
    return 0;
}

static int check_shaping(const demand_spec *spec, char *err, size_t errlen)
{
    if (!isfinite(spec->trend))
        return fail(err, errlen,
                    "trend must be a finite number, got %g; expected a "
                    "growth per time unit like 0.001",
                    spec->trend);
    double amplitude = spec->season_amplitude;
    if (!(amplitude >= 0.0 && amplitude <= 1.0))
        return fail(err, errlen,
                    "season_amplitude must be in [0, 1], got %g", amplitude);
    if (amplitude > 0.0) {
        if (!(spec->season_period > 0.0) || !isfinite(spec->season_period))
            return fail(err, errlen,
                        "season_period must be > 0 when season_amplitude is "
                        "%g, got %g",
                        amplitude, spec->season_period);
        if (!isfinite(spec->season_phase))
            return fail(err, errlen,
                        "season_phase must be a finite number, got %g",
                        spec->season_phase);
    }
    if (spec->n_shocks > 0 && !spec->shocks)
        return fail(err, errlen, "%zu shocks but no shock windows; expected "
                                 "n_shocks windows", spec->n_shocks);
    for (size_t i = 0; i < spec->n_shocks; i++) {
        const demand_shock *k = &spec->shocks[i];
        /* An end at infinity is a permanent shift of the level. */
        if (!isfinite(k->start) || isnan(k->end) || !(k->start < k->end))
            return fail(err, errlen,
                        "shock %zu: start must be < end, got start %g and "
                        "end %g",
                        i + 1, k->start, k->end);
        if (!(k->factor >= 0.0) || !isfinite(k->factor))
            return fail(err, errlen,
                        "shock %zu: factor must be >= 0, got %g", i + 1,
                        k->factor);
    }
    return 0;
}

static int is_shaped(const demand_spec *spec)
{
    return spec->trend != 0.0 || spec->season_amplitude != 0.0 ||
           spec->n_shocks > 0;
}

int demand_spec_check(const demand_spec *spec, char *err, size_t errlen)
{
    char why[200];
    switch (spec->arrivals) {
    case DEMAND_POISSON:
        if (!(spec->rate > 0.0) || !isfinite(spec->rate))
            return fail(err, errlen,
                        "demand rate must be > 0, got %g; expected customer "
                        "orders per time unit",
                        spec->rate);
        if (dist_check_nonnegative(&spec->size, why, sizeof why) != 0)
            return fail(err, errlen, "demand size: %s", why);
        break;
    case DEMAND_PERIODIC:
        if (!(spec->period > 0.0) || !isfinite(spec->period))
            return fail(err, errlen,
                        "demand period must be > 0, got %g; expected the "
                        "time between orders",
                        spec->period);
        if (dist_check_nonnegative(&spec->quantity, why, sizeof why) != 0)
            return fail(err, errlen, "demand quantity: %s", why);
        break;
    case DEMAND_TRACE:
        /* A trace is replayed as recorded: shaping it would silently
         * change the data. */
        if (is_shaped(spec))
            return fail(err, errlen,
                        "trend, seasonality and shocks do not apply to a "
                        "trace; expected them only with poisson or periodic "
                        "arrivals");
        if (spec->trace_n > 0 &&
            (!spec->trace_time || !spec->trace_quantity))
            return fail(err, errlen, "trace has %zu rows but no data; "
                                     "expected a loaded trace",
                        spec->trace_n);
        for (size_t i = 0; i < spec->trace_n; i++) {
            double t = spec->trace_time[i], q = spec->trace_quantity[i];
            if (!(t >= 0.0) || !isfinite(t) ||
                (i > 0 && t < spec->trace_time[i - 1]))
                return fail(err, errlen,
                            "trace row %zu: time %g; expected times >= 0 "
                            "and non-decreasing",
                            i + 1, t);
            if (!(q >= 0.0) || !isfinite(q))
                return fail(err, errlen,
                            "trace row %zu: quantity %g; expected a "
                            "quantity >= 0",
                            i + 1, q);
        }
        return 0;
    default:
        return fail(err, errlen,
                    "unknown arrivals %d; expected poisson, periodic or "
                    "trace",
                    (int)spec->arrivals);
    }
    return check_shaping(spec, err, errlen);
}

double demand_multiplier(const demand_spec *spec, double t)
{
    double m = 1.0 + spec->trend * t;
    if (spec->season_amplitude != 0.0)
        m *= 1.0 + spec->season_amplitude *
                       sin(TWO_PI * (t - spec->season_phase) /
                           spec->season_period);
    for (size_t i = 0; i < spec->n_shocks; i++)
        if (spec->shocks[i].start <= t && t < spec->shocks[i].end)
            m *= spec->shocks[i].factor;
    return m > 0.0 ? m : 0.0; /* also turns -0 and NaN into 0 */
}

/* ---- long-run rates -------------------------------------------------------- */

/* The trace's totals per whole time unit [k, k+1), k = 0 .. floor(last
 * time): their mean and (sample) variance, in two passes over the rows and
 * without storing the windows, most of which may be empty. */
static void trace_rates(const demand_spec *spec, double *mean, double *var)
{
    *mean = *var = 0.0;
    size_t n = spec->trace_n;
    if (n == 0)
        return;
    double windows = floor(spec->trace_time[n - 1]) + 1.0;
    double total = 0.0;
    for (size_t i = 0; i < n; i++)
        total += whole_units(spec->trace_quantity[i]);
    *mean = total / windows;
    if (windows < 2.0)
        return;
    double squares = 0.0, nonempty = 0.0;
    size_t i = 0;
    while (i < n) {
        double window = floor(spec->trace_time[i]), sum = 0.0;
        while (i < n && floor(spec->trace_time[i]) == window)
            sum += whole_units(spec->trace_quantity[i++]);
        squares += (sum - *mean) * (sum - *mean);
        nonempty += 1.0;
    }
    squares += (windows - nonempty) * *mean * *mean;
    *var = squares / (windows - 1.0);
}

double demand_mean_rate(const demand_spec *spec)
{
    switch (spec->arrivals) {
    case DEMAND_POISSON:
        return spec->rate * dist_mean(&spec->size);
    case DEMAND_PERIODIC:
        return dist_mean(&spec->quantity) / spec->period;
    case DEMAND_TRACE: {
        double mean, var;
        trace_rates(spec, &mean, &var);
        return mean;
    }
    }
    return 0.0;
}

double demand_variance_rate(const demand_spec *spec)
{
    switch (spec->arrivals) {
    case DEMAND_POISSON: {
        /* Compound Poisson: Var N(t) sizes = rate t E[size^2]. */
        double m = dist_mean(&spec->size);
        return spec->rate * (dist_variance(&spec->size) + m * m);
    }
    case DEMAND_PERIODIC:
        return dist_variance(&spec->quantity) / spec->period;
    case DEMAND_TRACE: {
        double mean, var;
        trace_rates(spec, &mean, &var);
        return var;
    }
    }
    return 0.0;
}

/* ---- trace files ----------------------------------------------------------- */

/* Longer fields are not numbers anyway; they are cut for the message. */
#define FIELD_MAX 64

typedef struct trace_reader {
    const char *path;
    unsigned long line; /* the physical line being fed, 1-based */
    size_t fields;      /* in the current row */
    char field[2][FIELD_MAX];
    size_t field_len[2]; /* full length, possibly > FIELD_MAX - 1 */
    int seen_row;        /* a header is possible until the first row */
    size_t n, cap;
    double *time, *quantity;
    int failed;
    char *err;
    size_t errlen;
} trace_reader;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void reader_fail(trace_reader *tr, const char *fmt, ...)
{
    if (tr->failed)
        return;
    tr->failed = 1;
    if (tr->err && tr->errlen > 0) {
        int n = snprintf(tr->err, tr->errlen, "%s:%lu: ", tr->path, tr->line);
        if (n >= 0 && (size_t)n < tr->errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(tr->err + n, tr->errlen - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
}

/* A field as it may appear in a message: printable, cut at 24 bytes. */
static const char *show_field(const trace_reader *tr, int i, char out[32])
{
    size_t len = tr->field_len[i], n = len > 24 ? 24 : len, k;
    for (k = 0; k < n; k++) {
        unsigned char c = (unsigned char)tr->field[i][k];
        out[k] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    if (len > n) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = '\0';
    return out;
}

/* A plain decimal number filling the whole field (libcsv has trimmed the
 * spaces of unquoted fields). Hexadecimal, inf and nan are refused. */
static int field_number(const trace_reader *tr, int i, double *x)
{
    size_t len = tr->field_len[i];
    const char *s = tr->field[i];
    if (len == 0 || len >= FIELD_MAX)
        return -1;
    for (size_t k = 0; k < len; k++) {
        char c = s[k];
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' ||
              c == 'e' || c == 'E'))
            return -1;
    }
    char *end;
    double v = strtod(s, &end);
    if (end != s + len || !isfinite(v))
        return -1;
    *x = v;
    return 0;
}

static void on_field(void *data, size_t len, void *ctx)
{
    trace_reader *tr = ctx;
    if (tr->failed)
        return;
    if (tr->fields < 2) {
        int i = (int)tr->fields;
        size_t keep = len < FIELD_MAX - 1 ? len : FIELD_MAX - 1;
        if (keep > 0)
            memcpy(tr->field[i], data, keep);
        tr->field[i][keep] = '\0';
        tr->field_len[i] = len;
    }
    tr->fields++;
}

static void on_row(int terminator, void *ctx)
{
    (void)terminator;
    trace_reader *tr = ctx;
    size_t fields = tr->fields;
    tr->fields = 0;
    if (tr->failed || fields == 0)
        return;
    double t, q;
    char shown[32];
    int first_row = !tr->seen_row;
    tr->seen_row = 1;
    if (first_row && field_number(tr, 0, &t) != 0)
        return; /* a header row */
    if (fields != 2) {
        reader_fail(tr,
                    "%zu fields; expected 2 fields per row, time,quantity",
                    fields);
        return;
    }
    if (field_number(tr, 0, &t) != 0) {
        reader_fail(tr, "time '%s' is not a number; expected a time >= 0",
                    show_field(tr, 0, shown));
        return;
    }
    if (field_number(tr, 1, &q) != 0) {
        reader_fail(tr,
                    "quantity '%s' is not a number; expected a quantity "
                    ">= 0",
                    show_field(tr, 1, shown));
        return;
    }
    if (t < 0.0) {
        reader_fail(tr, "time %g is negative; expected a time >= 0", t);
        return;
    }
    if (tr->n > 0 && t < tr->time[tr->n - 1]) {
        reader_fail(tr,
                    "time %g is before the previous row's %g; expected "
                    "non-decreasing times",
                    t, tr->time[tr->n - 1]);
        return;
    }
    if (q < 0.0) {
        reader_fail(tr,
                    "quantity %g is negative; expected a quantity >= 0", q);
        return;
    }
    if (tr->n == tr->cap) {
        size_t cap = tr->cap ? 2 * tr->cap : 256;
        double *time = realloc(tr->time, cap * sizeof *time);
        if (time)
            tr->time = time;
        double *quantity = time ? realloc(tr->quantity, cap * sizeof
                                          *quantity)
                                : NULL;
        if (!quantity) {
            reader_fail(tr, "out of memory; expected a smaller trace");
            return;
        }
        tr->quantity = quantity;
        tr->cap = cap;
    }
    tr->time[tr->n] = t;
    tr->quantity[tr->n] = q;
    tr->n++;
}

/* Feeds the file to libcsv one physical line at a time, so that the line
 * number is known when a row ends (a row is reported at the line where it
 * ends, which differs only for quoted fields holding newlines). */
static int read_trace(FILE *f, struct csv_parser *p, trace_reader *tr)
{
    unsigned char buf[65536];
    int at_start = 1;
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
        size_t pos = 0;
        /* A UTF-8 byte order mark (spreadsheets write one) is no data. */
        if (at_start && got >= 3 && buf[0] == 0xEF && buf[1] == 0xBB &&
            buf[2] == 0xBF)
            pos = 3;
        at_start = 0;
        while (pos < got) {
            const unsigned char *nl = memchr(buf + pos, '\n', got - pos);
            size_t len = nl ? (size_t)(nl - (buf + pos)) + 1 : got - pos;
            if (csv_parse(p, buf + pos, len, on_field, on_row, tr) != len) {
                reader_fail(tr,
                            "malformed CSV (%s); expected fields separated "
                            "by commas, quotes doubled inside quoted fields",
                            csv_strerror(csv_error(p)));
                return -1;
            }
            if (tr->failed)
                return -1;
            pos += len;
            if (nl)
                tr->line++;
        }
    }
    if (ferror(f))
        return -2;
    if (csv_fini(p, on_field, on_row, tr) != 0) {
        reader_fail(tr, "unterminated quoted field; expected a closing '\"'");
        return -1;
    }
    return tr->failed ? -1 : 0;
}

int demand_load_trace(demand_spec *spec, const char *path, char *err,
                      size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(err, errlen, "%s: cannot open (%s)", path,
                    strerror(errno));
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fclose(f);
        return fail(err, errlen, "%s: out of memory", path);
    }
    trace_reader tr = {.path = path, .line = 1, .err = err,
                       .errlen = errlen};
    int rc = read_trace(f, &p, &tr);
    int read_errno = errno;
    csv_free(&p);
    fclose(f);
    if (rc == -2) {
        fail(err, errlen, "%s: cannot read (%s)", path, strerror(read_errno));
    } else if (rc == 0 && tr.n == 0) {
        rc = fail(err, errlen,
                  "%s: no data rows; expected rows of time,quantity", path);
    }
    char *path_copy = rc == 0 ? copy_string(path) : NULL;
    if (rc == 0 && !path_copy)
        rc = fail(err, errlen, "%s: out of memory", path);
    if (rc != 0) {
        free(tr.time);
        free(tr.quantity);
        return -1;
    }
    free(spec->trace_time);
    free(spec->trace_quantity);
    free(spec->trace_path);
    spec->trace_time = tr.time;
    spec->trace_quantity = tr.quantity;
    spec->trace_n = tr.n;
    spec->trace_path = path_copy;
    spec->arrivals = DEMAND_TRACE;
    return 0;
}

/* ---- the running process --------------------------------------------------- */

/* An upper bound of m(t) over [0, horizon], for thinning. The trend factor
 * is linear, so its largest value is at an end; the season's is 1 +
 * amplitude; the shock product is piecewise constant and changes only where
 * a window opens or closes, so its largest value over [0, horizon) is at 0
 * or at one of those times. The product of the three bounds bounds m. */
static double multiplier_bound(const demand_spec *spec, double horizon)
{
    double trend = 1.0;
    if (spec->trend > 0.0)
        trend = 1.0 + spec->trend * horizon;
    double season = 1.0 + spec->season_amplitude;
    double shock = 0.0;
    for (size_t i = 0; i <= 2 * spec->n_shocks; i++) {
        double t = i == 0 ? 0.0
                   : i % 2 ? spec->shocks[(i - 1) / 2].start
                           : spec->shocks[(i - 1) / 2].end;
        if (!(t >= 0.0 && t < horizon))
            continue;
        double product = 1.0;
        for (size_t k = 0; k < spec->n_shocks; k++)
            if (spec->shocks[k].start <= t && t < spec->shocks[k].end)
                product *= spec->shocks[k].factor;
        if (product > shock)
            shock = product;
    }
    return trend * season * shock;
}

static void deliver(demand_process *p, sim *s, double quantity)
{
    if (quantity > 0.0)
        p->sink(s, p->sink_ctx, quantity);
}

static void on_poisson(sim *s, void *ctx, uint64_t arg);

static void next_candidate(demand_process *p, sim *s, double now)
{
    double t = now + gsl_ran_exponential(p->rng, 1.0 / (p->spec->rate *
                                                         p->max_multiplier));
    if (t < p->horizon)
        sim_schedule(s, t, on_poisson, p, 0);
}

/* A candidate arrival of the bounding process: accepted with probability
 * m(t) / bound. The draws are, in order: the acceptance uniform (shaped
 * demand only), the size (accepted candidates), the next gap. */
static void on_poisson(sim *s, void *ctx, uint64_t arg)
{
    (void)arg;
    demand_process *p = ctx;
    const demand_spec *spec = p->spec;
    double now = sim_now(s);
    int accepted = 1;
    if (is_shaped(spec))
        accepted = gsl_rng_uniform(p->rng) * p->max_multiplier <
                   demand_multiplier(spec, now);
    if (accepted)
        deliver(p, s, whole_units(dist_sample(&spec->size, p->rng)));
    next_candidate(p, s, now);
}

static double period_time(const demand_process *p, unsigned long k)
{
    /* k * period, not a running sum, so that times do not drift. */
    return (double)k * p->spec->period;
}

static void on_period(sim *s, void *ctx, uint64_t arg)
{
    (void)arg;
    demand_process *p = ctx;
    const demand_spec *spec = p->spec;
    double now = sim_now(s);
    double q = dist_sample(&spec->quantity, p->rng);
    if (is_shaped(spec))
        q *= demand_multiplier(spec, now);
    deliver(p, s, whole_units(q));
    double next = period_time(p, ++p->period_index);
    if (next < p->horizon)
        sim_schedule(s, next, on_period, p, 0);
}

static void on_trace(sim *s, void *ctx, uint64_t arg)
{
    (void)arg;
    demand_process *p = ctx;
    const demand_spec *spec = p->spec;
    deliver(p, s, whole_units(spec->trace_quantity[p->next_row]));
    p->next_row++;
    if (p->next_row < spec->trace_n &&
        spec->trace_time[p->next_row] < p->horizon)
        sim_schedule(s, spec->trace_time[p->next_row], on_trace, p, 0);
}

void demand_start(demand_process *p, const demand_spec *spec, sim *s,
                  gsl_rng *rng, double horizon, demand_sink sink, void *ctx)
{
    JS_CHECK(!isnan(horizon), "demand horizon is NaN");
    *p = (demand_process){.spec = spec, .rng = rng, .sink = sink,
                          .sink_ctx = ctx, .horizon = horizon,
                          .max_multiplier = 1.0};
    double now = sim_now(s);
    switch (spec->arrivals) {
    case DEMAND_POISSON:
        if (is_shaped(spec))
            p->max_multiplier = multiplier_bound(spec, horizon);
        JS_CHECK(isfinite(p->max_multiplier),
                 "demand multiplier unbounded over [0, %g] (trend %g)",
                 horizon, spec->trend);
        if (p->max_multiplier > 0.0) /* else m = 0 throughout: no orders */
            next_candidate(p, s, now);
        break;
    case DEMAND_PERIODIC: {
        /* The first period boundary at or after now (0 in a fresh run). */
        double k = ceil(now / spec->period);
        JS_CHECK(k >= 0.0 && k < (double)ULONG_MAX, "periodic demand index %g",
                 k);
        p->period_index = (unsigned long)k;
        double t = period_time(p, p->period_index);
        if (t < now) /* rounding in now / period */
            t = period_time(p, ++p->period_index);
        if (t < horizon)
            sim_schedule(s, t, on_period, p, 0);
        break;
    }
    case DEMAND_TRACE:
        while (p->next_row < spec->trace_n &&
               spec->trace_time[p->next_row] < now)
            p->next_row++;
        if (p->next_row < spec->trace_n &&
            spec->trace_time[p->next_row] < horizon)
            sim_schedule(s, spec->trace_time[p->next_row], on_trace, p, 0);
        break;
    }
}
