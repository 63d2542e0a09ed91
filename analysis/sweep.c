/*
 * sweep.c - grid numbering, computing a point, resumable output and the
 * best-point search (merging shards is sweep_merge.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "sweep.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "analysis/output.h"
#include "analysis/report.h"
#include "models/world.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- values ---------------------------------------------------------------- */

static int parse_double(const char *text, size_t len, double *out)
{
    char buf[64];
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

#define SWEEP_VALUES_MAX 1000000

int sweep_parse_values(const char *spec, sweep_axis *axis, char *err,
                       size_t errlen)
{
    const char *expect = "a list 1,2,5, a range FROM:TO:STEP or "
                         "log:FROM:TO:COUNT";
    axis->values = NULL;
    axis->n_values = 0;
    int log_scale = strncmp(spec, "log:", 4) == 0;
    const char *body = log_scale ? spec + 4 : spec;
    if (log_scale || strchr(body, ':')) {
        double part[3];
        const char *p = body;
        for (int i = 0; i < 3; i++) {
            const char *end = strchr(p, ':');
            size_t n = end ? (size_t)(end - p) : strlen(p);
            if ((i < 2 && !end) || (i == 2 && end) ||
                parse_double(p, n, &part[i]))
                return fail(err, errlen, "'%s' is not a range; expected %s",
                            spec, expect);
            p = end ? end + 1 : p + n;
        }
        double from = part[0], to = part[1];
        if (to < from)
            return fail(err, errlen, "'%s': to (%g) is below from (%g); "
                                     "expected from <= to",
                        spec, to, from);
        size_t n;
        if (log_scale) {
            if (!(from > 0.0) || part[2] != floor(part[2]) || part[2] < 2 ||
                part[2] > SWEEP_VALUES_MAX)
                return fail(err, errlen, "'%s': expected log:FROM:TO:COUNT "
                                         "with FROM > 0 and a whole COUNT "
                                         ">= 2",
                            spec);
            n = (size_t)part[2];
        } else {
            double step = part[2];
            if (!(step > 0.0))
                return fail(err, errlen, "'%s': the step must be > 0; "
                                         "expected FROM:TO:STEP",
                            spec);
            double span = (to - from) / step;
            if (span + 1.0 > SWEEP_VALUES_MAX)
                return fail(err, errlen, "'%s' gives too many values; "
                                         "expected at most %d",
                            spec, SWEEP_VALUES_MAX);
            n = (size_t)floor(span + 1e-9) + 1;
        }
        double *v = malloc(n * sizeof *v);
        if (!v)
            return fail(err, errlen, "out of memory");
        for (size_t i = 0; i < n; i++) {
            if (log_scale)
                v[i] = from * pow(to / from, (double)i / (double)(n - 1));
            else
                v[i] = from + (double)i * part[2];
        }
        /* Land exactly on `to` when rounding alone keeps us off it. */
        if (log_scale || fabs(v[n - 1] - to) <= 1e-9 * fabs(part[2]))
            v[n - 1] = to;
        axis->values = v;
        axis->n_values = n;
        return 0;
    }
    size_t n = 1;
    for (const char *p = spec; *p; p++)
        n += *p == ',';
    if (n > SWEEP_VALUES_MAX)
        return fail(err, errlen, "too many values in '%s'", spec);
    double *v = malloc(n * sizeof *v);
    if (!v)
        return fail(err, errlen, "out of memory");
    const char *p = spec;
    for (size_t i = 0; i < n; i++) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (parse_double(p, len, &v[i])) {
            free(v);
            return fail(err, errlen, "'%.*s' is not a number; expected %s",
                        (int)len, p, expect);
        }
        p = end ? end + 1 : p + len;
    }
    axis->values = v;
    axis->n_values = n;
    return 0;
}

/* ---- the plan ----------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001B3);
    }
    return h;
}

static int copy_axis(sweep_axis *dst, const sweep_axis *src)
{
    *dst = *src;
    dst->values = malloc(src->n_values * sizeof *dst->values);
    if (!dst->values)
        return -1;
    memcpy(dst->values, src->values, src->n_values * sizeof *dst->values);
    return 0;
}

void sweep_plan_fini(sweep_plan *plan)
{
    for (size_t k = 0; k < plan->n_axes; k++)
        free(plan->axes[k].values);
    plan->n_axes = 0;
}

int sweep_plan_init(sweep_plan *plan, const char *text, size_t len,
                    const char *source, const char *const *sets,
                    size_t n_sets, const scenario *base,
                    const sweep_axis *vary, size_t n_vary,
                    const run_config *cfg, int shard_k, int shard_n,
                    char *err, size_t errlen)
{
    memset(plan, 0, sizeof *plan);
    if (shard_n > 1) {
        plan->shard_k = shard_k;
        plan->shard_n = shard_n;
    }
    plan->text = text;
    plan->len = len;
    plan->source = source;
    if (base->n_policies)
        world_columns(&base->worlds[0], &plan->columns);
    else
        metric_columns_base(&plan->columns);
    plan->sets = sets;
    plan->n_sets = n_sets;
    for (size_t i = 0; i < base->n_axes + n_vary; i++) {
        const sweep_axis *a =
            i < base->n_axes ? &base->axes[i] : &vary[i - base->n_axes];
        size_t k = 0;
        while (k < plan->n_axes && strcmp(plan->axes[k].path, a->path))
            k++;
        if (k == plan->n_axes) {
            if (plan->n_axes == SWEEP_AXES_MAX) {
                sweep_plan_fini(plan);
                return fail(err, errlen, "more than %d swept parameters",
                            SWEEP_AXES_MAX);
            }
            plan->n_axes++;
        } else {
            free(plan->axes[k].values);
        }
        if (copy_axis(&plan->axes[k], a)) {
            plan->axes[k].values = NULL;
            sweep_plan_fini(plan);
            return fail(err, errlen, "out of memory");
        }
    }
    if (plan->n_axes == 0)
        return fail(err, errlen, "nothing to sweep; expected a sweep: block "
                                 "in the scenario or --vary PATH=VALUES");
    plan->n_points = 1;
    for (size_t k = 0; k < plan->n_axes; k++) {
        plan->names[k] = plan->axes[k].path;
        if (plan->n_points > (UINT64_C(1) << 40) / plan->axes[k].n_values) {
            sweep_plan_fini(plan);
            return fail(err, errlen, "the grid has too many points; "
                                     "expected at most 2^40");
        }
        plan->n_points *= plan->axes[k].n_values;
    }
    uint64_t h = UINT64_C(0xCBF29CE484222325);
    h = fnv(h, text, len);
    for (size_t i = 0; i < n_sets; i++)
        h = fnv(h, sets[i], strlen(sets[i]) + 1);
    for (size_t k = 0; k < plan->n_axes; k++) {
        h = fnv(h, plan->axes[k].path, strlen(plan->axes[k].path) + 1);
        h = fnv(h, plan->axes[k].values,
                plan->axes[k].n_values * sizeof(double));
    }
    uint64_t reps = cfg->replications, seed = cfg->seed_given ? cfg->seed
                                                              : base->seed;
    h = fnv(h, &reps, sizeof reps);
    h = fnv(h, &seed, sizeof seed);
    plan->identity = h;
    return 0;
}

void sweep_point_values(const sweep_plan *plan, uint64_t p, double *values)
{
    for (size_t k = plan->n_axes; k-- > 0;) {
        size_t n = plan->axes[k].n_values;
        values[k] = plan->axes[k].values[p % n];
        p /= n;
    }
}

/* Parses the scenario with the given axis values as overrides. */
static int parse_with(const sweep_plan *plan, const double *values,
                      scenario *sc, scenario_errors *errors)
{
    size_t n_over = plan->n_sets + plan->n_axes;
    const char **over = malloc((n_over + 1) * sizeof *over);
    char(*texts)[320] = malloc((plan->n_axes + 1) * sizeof *texts);
    if (!over || !texts) {
        free(over);
        free(texts);
        return -1;
    }
    for (size_t i = 0; i < plan->n_sets; i++)
        over[i] = plan->sets[i];
    for (size_t k = 0; k < plan->n_axes; k++) {
        snprintf(texts[k], sizeof texts[k], "%s=%.17g", plan->axes[k].path,
                 values[k]);
        over[plan->n_sets + k] = texts[k];
    }
    int rc = scenario_parse(plan->text, plan->len, plan->source, over, n_over,
                            sc, errors);
    free(over);
    free(texts);
    return rc;
}

int sweep_check(const sweep_plan *plan, scenario_errors *errors)
{
    double values[SWEEP_AXES_MAX];
    for (size_t k = 0; k < plan->n_axes; k++)
        values[k] = plan->axes[k].values[0];
    for (size_t k = 0; k < plan->n_axes; k++)
        for (int end = 0; end < 2; end++) {
            double saved = values[k];
            values[k] = plan->axes[k].values[end ? plan->axes[k].n_values - 1
                                                 : 0];
            scenario sc;
            int rc = parse_with(plan, values, &sc, errors);
            values[k] = saved;
            if (rc != 0)
                return -1;
            scenario_free(&sc);
        }
    return 0;
}

/* ---- one point -------------------------------------------------------------- */

void sweep_block_free(sweep_block *b)
{
    free(b->summary);
    free(b->replications);
    free(b->points);
    memset(b, 0, sizeof *b);
}

int sweep_compute(const sweep_plan *plan, uint64_t p, const run_config *cfg,
                  sweep_block *out, scenario_errors *errors, char *err,
                  size_t errlen)
{
    memset(out, 0, sizeof *out);
    double values[SWEEP_AXES_MAX];
    sweep_point_values(plan, p, values);
    scenario sc;
    if (parse_with(plan, values, &sc, errors) != 0)
        return fail(err, errlen, "point %llu is not a valid scenario",
                    (unsigned long long)p);
    run_result r;
    if (run_execute(&sc, cfg, &r, err, errlen) != 0) {
        scenario_free(&sc);
        return -1;
    }
    /* Every point's rows must fit the files' header. */
    int same = r.columns.n == plan->columns.n;
    for (size_t m = 0; same && m < r.columns.n; m++)
        same = strcmp(r.columns.name[m], plan->columns.name[m]) == 0;
    if (!same) {
        run_result_free(&r);
        scenario_free(&sc);
        return fail(err, errlen, "point %llu has other columns than the "
                                 "scenario (%zu against %zu); expected "
                                 "swept values that keep the line's stages "
                                 "and products",
                    (unsigned long long)p, r.columns.n, plan->columns.n);
    }
    FILE *f = open_memstream(&out->summary, &out->summary_len);
    FILE *g = open_memstream(&out->replications, &out->replications_len);
    FILE *h = open_memstream(&out->points, &out->points_len);
    if (!f || !g || !h) {
        if (f)
            fclose(f);
        if (g)
            fclose(g);
        if (h)
            fclose(h);
        run_result_free(&r);
        scenario_free(&sc);
        sweep_block_free(out);
        return fail(err, errlen, "out of memory");
    }
    output_summary_rows(f, &sc, &r, (long)p, values, plan->n_axes);
    output_replications_rows(g, &sc, &r, (long)p, values, plan->n_axes);
    fprintf(h, "%llu", (unsigned long long)p);
    for (size_t k = 0; k < plan->n_axes; k++)
        fprintf(h, ",%.10g", values[k]);
    fputc('\n', h);
    fclose(f);
    fclose(g);
    fclose(h);
    out->runs = r.n_policies * r.n_reps;
    out->events = r.events;
    run_result_free(&r);
    scenario_free(&sc);
    return 0;
}

char *sweep_block_pack(const sweep_block *b, size_t *len)
{
    uint64_t head[5] = {b->summary_len, b->replications_len, b->points_len,
                        b->runs, b->events};
    *len = sizeof head + b->summary_len + b->replications_len + b->points_len;
    char *buf = malloc(*len);
    if (!buf)
        return NULL;
    char *p = buf;
    memcpy(p, head, sizeof head);
    p += sizeof head;
    memcpy(p, b->summary, b->summary_len);
    p += b->summary_len;
    memcpy(p, b->replications, b->replications_len);
    p += b->replications_len;
    memcpy(p, b->points, b->points_len);
    return buf;
}

int sweep_block_unpack(const char *buf, size_t len, sweep_block *b)
{
    uint64_t head[5];
    memset(b, 0, sizeof *b);
    if (len < sizeof head)
        return -1;
    memcpy(head, buf, sizeof head);
    if (head[0] + head[1] + head[2] != len - sizeof head)
        return -1;
    const char *p = buf + sizeof head;
    size_t lens[3] = {head[0], head[1], head[2]};
    char **dst[3] = {&b->summary, &b->replications, &b->points};
    for (int i = 0; i < 3; i++) {
        *dst[i] = malloc(lens[i] + 1);
        if (!*dst[i]) {
            sweep_block_free(b);
            return -1;
        }
        memcpy(*dst[i], p, lens[i]);
        (*dst[i])[lens[i]] = '\0';
        p += lens[i];
    }
    b->summary_len = lens[0];
    b->replications_len = lens[1];
    b->points_len = lens[2];
    b->runs = head[3];
    b->events = head[4];
    return 0;
}

/* ---- writing, resuming ------------------------------------------------------- */

static void path_in(char *out, size_t len, const char *dir, const char *name)
{
    snprintf(out, len, "%s/%s", dir, name);
}

static int write_identity(const char *dir, const sweep_plan *plan,
                          char *err, size_t errlen)
{
    char path[4200], temp[4300];
    path_in(path, sizeof path, dir, "sweep.id");
    snprintf(temp, sizeof temp, "%s.tmp", path);
    FILE *f = fopen(temp, "w");
    if (!f)
        return fail(err, errlen, "%s: cannot write (%s)", path,
                    strerror(errno));
    fprintf(f, "jitsim sweep\nidentity %016llx\npoints %llu\n",
            (unsigned long long)plan->identity,
            (unsigned long long)plan->n_points);
    for (size_t k = 0; k < plan->n_axes; k++)
        fprintf(f, "axis %zu %s\n", plan->axes[k].n_values,
                plan->axes[k].path);
    if (plan->shard_n > 1)
        fprintf(f, "shard %d/%d\n", plan->shard_k, plan->shard_n);
    if (fclose(f) != 0 || rename(temp, path) != 0)
        return fail(err, errlen, "%s: cannot write (%s)", path,
                    strerror(errno));
    return 0;
}

/* 1 if dir holds a sweep of this identity, 0 if it holds none, -1 if it
 * holds another sweep's (or something else). */
static int same_sweep(const char *dir, const sweep_plan *plan)
{
    char path[4200], line[128];
    path_in(path, sizeof path, dir, "sweep.id");
    FILE *f = fopen(path, "r");
    if (!f) {
        path_in(path, sizeof path, dir, "summary.csv");
        FILE *g = fopen(path, "r");
        if (g) {
            fclose(g);
            return -1;
        }
        return 0;
    }
    unsigned long long id = 0;
    int found = 0, k = 0, n = 0;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "identity %llx", &id) == 1)
            found = 1;
        sscanf(line, "shard %d/%d", &k, &n);
    }
    fclose(f);
    return found && id == plan->identity && k == plan->shard_k &&
                   n == plan->shard_n
               ? 1
               : -1;
}

int sweep_read_journal(const char *dir, uint64_t *done, long offsets[3])
{
    char path[4200], line[200];
    path_in(path, sizeof path, dir, "journal");
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int have = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long long n;
        long a, b, c;
        size_t len = strlen(line);
        if (len == 0 || line[len - 1] != '\n')
            break; /* cut by an interruption */
        if (sscanf(line, "%llu %ld %ld %ld", &n, &a, &b, &c) == 4) {
            *done = n;
            offsets[0] = a;
            offsets[1] = b;
            offsets[2] = c;
            have = 1;
        }
    }
    fclose(f);
    return have;
}

static const char *const output_names[3] = {"summary.csv", "replications.csv",
                                            "points.csv"};

static int journal_record(sweep_writer *w, char *err, size_t errlen)
{
    fprintf(w->journal, "%llu %ld %ld %ld\n",
            (unsigned long long)w->next_point_rank, ftell(w->summary),
            ftell(w->replications), ftell(w->points));
    if (fflush(w->journal) != 0)
        return fail(err, errlen, "%s/journal: cannot write (%s)", w->dir,
                    strerror(errno));
    return 0;
}

int sweep_writer_open(sweep_writer *w, const sweep_plan *plan, const char *dir,
                      int resume, int force, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    snprintf(w->dir, sizeof w->dir, "%s", dir);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return fail(err, errlen, "%s: cannot create the output directory (%s)",
                    dir, strerror(errno));
    int same = same_sweep(dir, plan);
    if (same < 0 && !force)
        return fail(err, errlen, "%s holds the output of another sweep; "
                                 "expected an empty directory, the same "
                                 "sweep with --resume, or --force",
                    dir);
    uint64_t done = 0;
    long offsets[3] = {0, 0, 0};
    int resuming = resume && same == 1 && sweep_read_journal(dir, &done, offsets);
    FILE **files[3] = {&w->summary, &w->replications, &w->points};
    char path[4200];
    for (int i = 0; i < 3; i++) {
        path_in(path, sizeof path, dir, output_names[i]);
        if (resuming && truncate(path, offsets[i]) != 0)
            return fail(err, errlen, "%s: cannot resume (%s)", path,
                        strerror(errno));
        *files[i] = fopen(path, resuming ? "a" : "w");
        if (!*files[i])
            return fail(err, errlen, "%s: cannot write (%s)", path,
                        strerror(errno));
    }
    path_in(path, sizeof path, dir, "journal");
    if (resuming) {
        /* Rewrite the journal without any cut record. */
        w->journal = fopen(path, "w");
    } else {
        w->journal = fopen(path, "w");
    }
    if (!w->journal)
        return fail(err, errlen, "%s: cannot write (%s)", path,
                    strerror(errno));
    if (write_identity(dir, plan, err, errlen))
        return -1;
    if (!resuming) {
        /* A fresh start: what an earlier sweep here derived from its rows
         * (the search, the report) no longer holds. */
        static const char *const derived[] = {"best.csv", "report.html"};
        for (size_t i = 0; i < 2; i++) {
            path_in(path, sizeof path, dir, derived[i]);
            remove(path);
        }
        report_forget(dir);
        output_summary_header(w->summary, plan->names, plan->n_axes);
        output_replications_header(w->replications, &plan->columns,
                                   plan->names, plan->n_axes);
        fputs("point", w->points);
        for (size_t k = 0; k < plan->n_axes; k++) {
            fputc(',', w->points);
            csv_fwrite(w->points, plan->names[k], strlen(plan->names[k]));
        }
        fputc('\n', w->points);
    }
    w->next_point_rank = done;
    for (int i = 0; i < 3; i++)
        if (fflush(*files[i]) != 0)
            return fail(err, errlen, "%s: cannot write", output_names[i]);
    return journal_record(w, err, errlen);
}

int sweep_writer_append(sweep_writer *w, const sweep_block *b, char *err,
                        size_t errlen)
{
    if (fwrite(b->summary, 1, b->summary_len, w->summary) != b->summary_len ||
        fwrite(b->replications, 1, b->replications_len, w->replications) !=
            b->replications_len ||
        fwrite(b->points, 1, b->points_len, w->points) != b->points_len ||
        fflush(w->summary) || fflush(w->replications) || fflush(w->points))
        return fail(err, errlen, "%s: cannot write the output (%s)", w->dir,
                    strerror(errno));
    w->next_point_rank++;
    return journal_record(w, err, errlen);
}

int sweep_writer_close(sweep_writer *w, char *err, size_t errlen)
{
    int rc = 0;
    FILE **files[4] = {&w->summary, &w->replications, &w->points,
                       &w->journal};
    for (int i = 0; i < 4; i++)
        if (*files[i] && fclose(*files[i]) != 0)
            rc = -1;
    if (rc)
        fail(err, errlen, "%s: cannot finish writing", w->dir);
    return rc;
}

/* ---- the best point --------------------------------------------------------- */

int sweep_parse_constraint(const char *text, const metric_columns *columns,
                           sweep_constraint *c, char *err, size_t errlen)
{
    const char *ops[] = {">=", "<=", ">", "<"};
    const int codes[] = {'g', 'l', '>', '<'};
    for (int i = 0; i < 4; i++) {
        const char *at = strstr(text, ops[i]);
        if (!at)
            continue;
        char name[METRIC_NAME_MAX];
        size_t n = (size_t)(at - text);
        while (n > 0 && text[n - 1] == ' ')
            n--;
        if (n == 0 || n >= sizeof name)
            break;
        memcpy(name, text, n);
        name[n] = '\0';
        if (columns && metric_columns_find(columns, name) < 0)
            return fail(err, errlen, "--constraint '%s': no metric '%s'; "
                                     "expected a metric of docs/metrics.md "
                                     "or a column of the scenario's line "
                                     "(e.g. STAGE.wip)",
                        text, name);
        const char *v = at + strlen(ops[i]);
        while (*v == ' ')
            v++;
        if (parse_double(v, strlen(v), &c->value))
            return fail(err, errlen, "--constraint '%s': '%s' is not a "
                                     "number",
                        text, v);
        snprintf(c->metric, sizeof c->metric, "%s", name);
        c->op = codes[i];
        return 0;
    }
    return fail(err, errlen, "--constraint '%s': expected METRIC>=VALUE "
                             "(or <=, >, <), e.g. fill_rate>=0.95",
                text);
}

static int meets(const sweep_constraint *c, double x)
{
    switch (c->op) {
    case 'g':
        return x >= c->value;
    case 'l':
        return x <= c->value;
    case '>':
        return x > c->value;
    default:
        return x < c->value;
    }
}

int sweep_constraint_holds(const sweep_constraint *c, double x)
{
    return meets(c, x);
}

/* The search streams summary.csv once. A group is a policy's set of
 * points sharing the values of the parameters that are not the policy's
 * own; it is complete after (product of the sizes of the policy axes)
 * points, and is then written and forgotten. Points are numbered with the
 * last axis fastest, so with the policy axes last only one group is open at
 * a time, and memory stays flat however many points the sweep has. */

#define BEST_MAX_POLICIES 64

typedef struct best_choice {
    int found;
    long long point;
    double mean, low, high;
    double params[SWEEP_AXES_MAX];
} best_choice;

typedef struct best_group {
    char key[SWEEP_AXES_MAX * 32];
    double params[SWEEP_AXES_MAX];
    uint64_t seen;
    best_choice choice[BEST_MAX_POLICIES];
} best_group;

typedef struct best_search {
    /* from sweep.id */
    size_t n_axes;
    char names[SWEEP_AXES_MAX][256];
    uint64_t per_group;
    /* the search */
    const char *objective;
    int maximise; /* more of the objective is better (profit, service) */
    const sweep_constraint *constraints;
    size_t n_constraints;
    FILE *csv;
    FILE *out;
    size_t printed, written;
    /* policies, in order of appearance */
    char policies[BEST_MAX_POLICIES][64];
    size_t n_policies;
    /* the (point, policy) being read */
    long long point;
    int policy;
    double mean, low, high;
    int have_objective;
    int feasible;
    int met[8];
    double params[SWEEP_AXES_MAX];
    char key[SWEEP_AXES_MAX * 32];
    /* open groups */
    best_group *groups;
    size_t n_groups, cap_groups;
    /* the CSV row being parsed */
    int field, row;
    char cell[4][128];
    double numbers[3];
    char param_text[SWEEP_AXES_MAX][32];
    int failed;
} best_search;


static int is_policy_param(const char *name)
{
    return strncmp(name, "policies.", 9) == 0;
}

/* Whether a swept parameter is the policy's own ("policies.NAME...."). */
static int is_own_param(const char *name, const char *policy)
{
    size_t n = strlen(policy);
    return is_policy_param(name) && strncmp(name + 9, policy, n) == 0 &&
           name[9 + n] == '.';
}

static void write_group(best_search *b, best_group *g)
{
    for (size_t p = 0; p < b->n_policies; p++) {
        const best_choice *c = &g->choice[p];
        const char *policy = b->policies[p];
        csv_fwrite(b->csv, policy, strlen(policy));
        /* Another policy's parameters do not change this policy's results
         * (common random numbers): their cells stay empty. */
        for (size_t k = 0; k < b->n_axes; k++) {
            fputc(',', b->csv);
            if (!is_policy_param(b->names[k]))
                fprintf(b->csv, "%.10g", g->params[k]);
            else if (c->found && is_own_param(b->names[k], policy))
                fprintf(b->csv, "%.10g", c->params[k]);
        }
        fputc(',', b->csv);
        if (c->found)
            fprintf(b->csv, "%lld", c->point);
        fputc(',', b->csv);
        output_put_name(b->csv, b->objective);
        fputc(',', b->csv);
        if (c->found) {
            fprintf(b->csv, "%.10g,", c->mean);
            if (isfinite(c->low))
                fprintf(b->csv, "%.10g", c->low);
            fputc(',', b->csv);
            if (isfinite(c->high))
                fprintf(b->csv, "%.10g", c->high);
        } else {
            fputs(",,", b->csv);
        }
        fputc('\n', b->csv);
        b->written++;
        if (!b->out)
            continue;
        if (b->printed == 40) {
            fprintf(b->out, "  ... (the rest in best.csv)\n");
            b->printed++;
        }
        if (b->printed > 40)
            continue;
        b->printed++;
        fprintf(b->out, "  %-12s", policy);
        for (size_t k = 0; k < b->n_axes; k++)
            if (!is_policy_param(b->names[k]))
                fprintf(b->out, " %s=%g", b->names[k], g->params[k]);
        if (c->found) {
            fprintf(b->out, ": point %lld", c->point);
            for (size_t k = 0; k < b->n_axes; k++)
                if (is_own_param(b->names[k], policy))
                    fprintf(b->out, " %s=%g", b->names[k], c->params[k]);
            fprintf(b->out, ", %s %.4g [%.4g, %.4g]\n", b->objective,
                    c->mean, c->low, c->high);
        } else {
            fprintf(b->out, ": no point meets the constraints\n");
        }
    }
}

static best_group *find_group(best_search *b)
{
    for (size_t i = 0; i < b->n_groups; i++)
        if (!strcmp(b->groups[i].key, b->key))
            return &b->groups[i];
    if (b->n_groups == b->cap_groups) {
        size_t cap = b->cap_groups ? b->cap_groups * 2 : 8;
        best_group *g = realloc(b->groups, cap * sizeof *g);
        if (!g)
            return NULL;
        b->groups = g;
        b->cap_groups = cap;
    }
    best_group *g = &b->groups[b->n_groups++];
    memset(g, 0, sizeof *g);
    snprintf(g->key, sizeof g->key, "%s", b->key);
    memcpy(g->params, b->params, sizeof g->params);
    return g;
}

/* The (point, policy) read so far is complete: offer it to its group. */
static void finish_record(best_search *b, int point_done)
{
    if (b->point < 0)
        return;
    best_group *g = find_group(b);
    if (!g) {
        b->failed = 1;
        return;
    }
    if (b->policy >= 0) {
        int ok = b->have_objective && isfinite(b->mean);
        for (size_t c = 0; c < b->n_constraints; c++)
            ok = ok && b->met[c];
        best_choice *c = &g->choice[b->policy];
        int better = b->maximise ? b->mean > c->mean : b->mean < c->mean;
        if (ok && (!c->found || better)) {
            c->found = 1;
            c->point = b->point;
            c->mean = b->mean;
            c->low = b->low;
            c->high = b->high;
            memcpy(c->params, b->params, sizeof c->params);
        }
    }
    if (point_done && ++g->seen == b->per_group) {
        write_group(b, g);
        *g = b->groups[--b->n_groups];
    }
}

static void search_field(void *data, size_t len, void *ctx)
{
    best_search *b = ctx;
    const char *text = data ? data : "";
    if (b->row > 0) {
        if (b->field < 4)
            snprintf(b->cell[b->field], sizeof b->cell[0], "%.*s", (int)len,
                     text);
        else if (b->field == 4 || b->field == 6 || b->field == 7) {
            double v = NAN;
            if (len)
                parse_double(text, len, &v);
            b->numbers[b->field == 4 ? 0 : b->field == 6 ? 1 : 2] = v;
        } else if (b->field >= 12 && (size_t)(b->field - 12) < b->n_axes)
            snprintf(b->param_text[b->field - 12], 32, "%.*s", (int)len,
                     text);
    }
    b->field++;
}

static void search_row(int terminator, void *ctx)
{
    (void)terminator;
    best_search *b = ctx;
    int header = b->row++ == 0;
    b->field = 0;
    if (header || b->failed)
        return;
    long long point = strtoll(b->cell[1], NULL, 10);
    const char *policy = b->cell[2];
    int pi = -1;
    for (size_t i = 0; i < b->n_policies; i++)
        if (!strcmp(b->policies[i], policy))
            pi = (int)i;
    if (pi < 0 && b->n_policies < BEST_MAX_POLICIES) {
        snprintf(b->policies[b->n_policies], 64, "%.63s", policy);
        pi = (int)b->n_policies++;
    }
    if (point != b->point || pi != b->policy) {
        finish_record(b, point != b->point);
        b->point = point;
        b->policy = pi;
        b->have_objective = 0;
        memset(b->met, 0, sizeof b->met);
        /* The group key: the values of the parameters no policy owns. */
        size_t used = 0;
        b->key[0] = '\0';
        for (size_t k = 0; k < b->n_axes; k++) {
            b->params[k] = strtod(b->param_text[k], NULL);
            if (!is_policy_param(b->names[k]))
                used += (size_t)snprintf(b->key + used,
                                         used < sizeof b->key
                                             ? sizeof b->key - used
                                             : 0,
                                         "%s|", b->param_text[k]);
        }
    }
    const char *m = b->cell[3];
    if (strcmp(m, b->objective) == 0) {
        b->mean = b->numbers[0];
        b->low = b->numbers[1];
        b->high = b->numbers[2];
        b->have_objective = 1;
    }
    for (size_t c = 0; c < b->n_constraints; c++)
        if (strcmp(m, b->constraints[c].metric) == 0)
            b->met[c] = isfinite(b->numbers[0]) &&
                        meets(&b->constraints[c], b->numbers[0]);
}

/* Reads the axes (names and sizes) from sweep.id. */
static int read_axes(const char *dir, best_search *b, char *err,
                     size_t errlen)
{
    char path[4200], line[400];
    path_in(path, sizeof path, dir, "sweep.id");
    FILE *f = fopen(path, "r");
    if (!f)
        return fail(err, errlen, "%s: cannot read (%s)", path,
                    strerror(errno));
    b->per_group = 1;
    while (fgets(line, sizeof line, f)) {
        unsigned long long n;
        int at = 0;
        if (sscanf(line, "axis %llu %n", &n, &at) == 1 && at > 0 &&
            b->n_axes < SWEEP_AXES_MAX) {
            line[strcspn(line, "\n")] = '\0';
            snprintf(b->names[b->n_axes], 256, "%s", line + at);
            if (is_policy_param(b->names[b->n_axes]))
                b->per_group *= n;
            b->n_axes++;
        }
    }
    fclose(f);
    return 0;
}

int sweep_best(const char *dir, const char *objective,
               const sweep_constraint *constraints, size_t n_constraints,
               FILE *out, char *err, size_t errlen)
{
    if (n_constraints > 8)
        return fail(err, errlen, "at most 8 constraints");
    best_search *b = calloc(1, sizeof *b);
    if (!b)
        return fail(err, errlen, "out of memory");
    if (read_axes(dir, b, err, errlen)) {
        free(b);
        return -1;
    }
    b->objective = objective;
    b->maximise = metric_higher_is_better(objective);
    b->constraints = constraints;
    b->n_constraints = n_constraints;
    b->point = -1;
    b->policy = -1;
    b->out = out;
    char path[4200], best_path[4200], temp[4300];
    path_in(path, sizeof path, dir, "summary.csv");
    path_in(best_path, sizeof best_path, dir, "best.csv");
    snprintf(temp, sizeof temp, "%s.tmp", best_path);
    FILE *f = fopen(path, "rb");
    b->csv = fopen(temp, "w");
    if (!f || !b->csv) {
        if (f)
            fclose(f);
        if (b->csv)
            fclose(b->csv);
        free(b);
        return fail(err, errlen, "%s: cannot read or write best.csv", dir);
    }
    fputs("policy", b->csv);
    for (size_t k = 0; k < b->n_axes; k++) {
        fputc(',', b->csv);
        csv_fwrite(b->csv, b->names[k], strlen(b->names[k]));
    }
    fputs(",point,objective,mean,ci_low,ci_high\n", b->csv);
    if (out)
        fprintf(out, "best points (%s, %s mean)%s\n", objective,
                b->maximise ? "highest" : "lowest",
                n_constraints ? " meeting the constraints" : "");
    struct csv_parser parser;
    csv_init(&parser, CSV_APPEND_NULL);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        csv_parse(&parser, buf, n, search_field, search_row, b);
    csv_fini(&parser, search_field, search_row, b);
    csv_free(&parser);
    fclose(f);
    finish_record(b, 1);
    /* Groups left open (a partial sweep): write them as they stand. */
    for (size_t i = 0; i < b->n_groups; i++)
        write_group(b, &b->groups[i]);
    int failed = b->failed;
    free(b->groups);
    int closed = fclose(b->csv);
    free(b);
    if (failed || closed != 0 || rename(temp, best_path) != 0) {
        remove(temp);
        return fail(err, errlen, "%s: cannot write", best_path);
    }
    return 0;
}
