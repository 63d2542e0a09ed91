/*
 * sweep.c - the values of an axis, grid numbering, computing a point and
 * resumable output. Not the searches made of the rows afterwards
 * (sweep_best.c: best.csv, sweep_winners.c: winners.csv) nor merging
 * shards (sweep_merge.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "sweep.h"
#include "sweep_internal.h"

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

int sweep_parse_double(const char *text, size_t len, double *out)
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

/* A list with a value that is not a number: an axis of names (a supplier,
 * a choice, a boolean), each once; values become 0, 1, 2, ... (axis
 * values already holds n slots). 0, or -1 with a message. */
static int parse_names(const char *spec, sweep_axis *axis, char *err,
                       size_t errlen)
{
    size_t n = axis->n_values;
    char **labels = calloc(n, sizeof *labels);
    if (!labels)
        return fail(err, errlen, "out of memory");
    const char *p = spec;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > SWEEP_NAME_MAX)
            rc = fail(err, errlen, "'%.40s...' is longer than %d "
                                   "characters; expected a shorter name",
                      p, SWEEP_NAME_MAX);
        for (size_t j = 0; rc == 0 && j < i; j++)
            if (strlen(labels[j]) == len && !memcmp(labels[j], p, len))
                rc = fail(err, errlen, "'%.*s' is given twice in '%s'; "
                                       "expected each value once",
                          (int)len, p, spec);
        if (rc == 0 && !(labels[i] = strndup(p, len)))
            rc = fail(err, errlen, "out of memory");
        axis->values[i] = (double)i;
        p = end ? end + 1 : p + len;
    }
    if (rc) {
        for (size_t i = 0; i < n; i++)
            free(labels[i]);
        free(labels);
        return -1;
    }
    axis->labels = labels;
    return 0;
}

int sweep_parse_values(const char *spec, sweep_axis *axis, char *err,
                       size_t errlen)
{
    const char *expect = "a list 1,2,5, a range FROM:TO:STEP or "
                         "log:FROM:TO:COUNT";
    axis->values = NULL;
    axis->labels = NULL;
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
                sweep_parse_double(p, n, &part[i]))
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
    int names = 0;
    for (size_t i = 0; i < n; i++) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0) {
            free(v);
            return fail(err, errlen, "an empty value in '%s'; expected %s, "
                                     "or names a,b,c",
                        spec, expect);
        }
        if (sweep_parse_double(p, len, &v[i]))
            names = 1;
        p = end ? end + 1 : p + len;
    }
    axis->values = v;
    axis->n_values = n;
    if (names && parse_names(spec, axis, err, errlen)) {
        free(v);
        axis->values = NULL;
        axis->n_values = 0;
        return -1;
    }
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

void sweep_plan_fini(sweep_plan *plan)
{
    for (size_t k = 0; k < plan->n_axes; k++)
        sweep_axis_free(&plan->axes[k]);
    plan->n_axes = 0;
    metric_columns_free(&plan->columns);
}

int sweep_plan_init(sweep_plan *plan, const char *text, size_t len,
                    const char *source, const char *const *sets,
                    size_t n_sets, const scenario *base,
                    const sweep_axis *vary, size_t n_vary,
                    const run_config *cfg, int shard_k, int shard_n,
                    char *err, size_t errlen)
{
    memset(plan, 0, sizeof *plan);
    plan->outputs = SWEEP_OUT_ALL;
    if (shard_n > 1) {
        plan->shard_k = shard_k;
        plan->shard_n = shard_n;
    }
    plan->text = text;
    plan->len = len;
    plan->source = source;
    if ((base->n_policies ? world_columns(&base->worlds[0], &plan->columns)
                          : metric_columns_base(&plan->columns)) != 0)
        return fail(err, errlen, "out of memory");
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
            sweep_axis_free(&plan->axes[k]);
        }
        if (sweep_axis_copy(&plan->axes[k], a)) {
            sweep_plan_fini(plan);
            return fail(err, errlen, "out of memory");
        }
    }
    if (plan->n_axes == 0) {
        sweep_plan_fini(plan);
        return fail(err, errlen, "nothing to sweep; expected a sweep: block "
                                 "in the scenario or --vary PATH=VALUES");
    }
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
        for (size_t i = 0; plan->axes[k].labels && i < plan->axes[k].n_values;
             i++)
            h = fnv(h, plan->axes[k].labels[i],
                    strlen(plan->axes[k].labels[i]) + 1);
    }
    uint64_t reps = cfg->replications, seed = cfg->seed_given ? cfg->seed
                                                              : base->seed;
    h = fnv(h, &reps, sizeof reps);
    h = fnv(h, &seed, sizeof seed);
    plan->identity = h;
    return 0;
}

void sweep_plan_search(sweep_plan *plan, const char *objective,
                       const sweep_constraint *constraints,
                       size_t n_constraints)
{
    snprintf(plan->objective, sizeof plan->objective, "%s", objective);
    if (n_constraints > SWEEP_CONSTRAINTS_MAX)
        n_constraints = SWEEP_CONSTRAINTS_MAX;
    memcpy(plan->constraints, constraints,
           n_constraints * sizeof *constraints);
    plan->n_constraints = n_constraints;
}

void sweep_point_index(const sweep_plan *plan, uint64_t p, size_t *index)
{
    for (size_t k = plan->n_axes; k-- > 0;) {
        size_t n = plan->axes[k].n_values;
        index[k] = (size_t)(p % n);
        p /= n;
    }
}

/* Parses the scenario with the axes at the given value indices as
 * overrides. */
static int parse_with(const sweep_plan *plan, const size_t *index,
                      scenario *sc, scenario_errors *errors)
{
    size_t n_over = plan->n_sets + plan->n_axes;
    const char **over = malloc((n_over + 1) * sizeof *over);
    char *texts[SWEEP_AXES_MAX] = {0};
    int rc = over ? 0 : -1;
    for (size_t i = 0; over && i < plan->n_sets; i++)
        over[i] = plan->sets[i];
    for (size_t k = 0; rc == 0 && k < plan->n_axes; k++) {
        texts[k] = sweep_axis_override(&plan->axes[k], index[k]);
        over[plan->n_sets + k] = texts[k];
        if (!texts[k])
            rc = -1;
    }
    if (rc == 0)
        rc = scenario_parse(plan->text, plan->len, plan->source, over,
                            n_over, sc, errors);
    for (size_t k = 0; k < plan->n_axes; k++)
        free(texts[k]);
    free(over);
    return rc;
}

int sweep_check(const sweep_plan *plan, scenario_errors *errors)
{
    size_t index[SWEEP_AXES_MAX] = {0};
    for (size_t k = 0; k < plan->n_axes; k++) {
        /* Numbers: the first and the last; names: every one. */
        const sweep_axis *a = &plan->axes[k];
        size_t tries = a->labels ? a->n_values : 2;
        for (size_t t = 0; t < tries; t++) {
            index[k] = a->labels ? t : t ? a->n_values - 1 : 0;
            scenario sc;
            int rc = parse_with(plan, index, &sc, errors);
            index[k] = 0;
            if (rc != 0)
                return -1;
            scenario_free(&sc);
        }
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
    size_t index[SWEEP_AXES_MAX];
    sweep_point_index(plan, p, index);
    scenario sc;
    if (parse_with(plan, index, &sc, errors) != 0)
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
        size_t n_columns = r.columns.n;
        run_result_free(&r);
        scenario_free(&sc);
        return fail(err, errlen, "point %llu has other columns than the "
                                 "scenario (%zu against %zu); expected "
                                 "swept values that keep the line's stages "
                                 "and products",
                    (unsigned long long)p, n_columns, plan->columns.n);
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
    /* The axes' cells: numbers as summary.csv writes them, names quoted. */
    char cells[SWEEP_AXES_MAX][SWEEP_CELL_MAX];
    const char *cell[SWEEP_AXES_MAX];
    for (size_t k = 0; k < plan->n_axes; k++) {
        sweep_axis_cell(&plan->axes[k], index[k], cells[k], sizeof cells[k]);
        cell[k] = cells[k];
    }
    output_summary_rows(f, &sc, &r, (long)p, cell, plan->n_axes);
    output_replications_rows(g, &sc, &r, (long)p, cell, plan->n_axes);
    fprintf(h, "%llu", (unsigned long long)p);
    for (size_t k = 0; k < plan->n_axes; k++)
        fprintf(h, ",%s", cell[k]);
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

void sweep_path_in(char *out, size_t len, const char *dir, const char *name)
{
    snprintf(out, len, "%s/%s", dir, name);
}

static int write_identity(const char *dir, const sweep_plan *plan,
                          char *err, size_t errlen)
{
    char path[4200], temp[4300];
    sweep_path_in(path, sizeof path, dir, "sweep.id");
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
    /* Which axes hold names: their cells are quoted text. */
    for (size_t k = 0; k < plan->n_axes; k++)
        if (plan->axes[k].labels)
            fprintf(f, "categorical %zu\n", k);
    /* The search of best.csv and winners.csv, for merge to make again. */
    if (plan->objective[0])
        fprintf(f, "objective %s\n", plan->objective);
    for (size_t i = 0; i < plan->n_constraints; i++) {
        char text[METRIC_NAME_MAX + 40];
        sweep_constraint_text(&plan->constraints[i], text, sizeof text);
        fprintf(f, "constraint %s\n", text);
    }
    if (plan->outputs != SWEEP_OUT_ALL) {
        char list[128];
        sweep_outputs_text(plan->outputs, list, sizeof list);
        fprintf(f, "outputs %s\n", list);
    }
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
    sweep_path_in(path, sizeof path, dir, "sweep.id");
    FILE *f = fopen(path, "r");
    if (!f) {
        sweep_path_in(path, sizeof path, dir, "summary.csv");
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
    sweep_path_in(path, sizeof path, dir, "journal");
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

/* A file's size so far; 0 for one the sweep does not write. */
static long size_of(FILE *f)
{
    return f ? ftell(f) : 0;
}

static int journal_record(sweep_writer *w, char *err, size_t errlen)
{
    fprintf(w->journal, "%llu %ld %ld %ld\n",
            (unsigned long long)w->next_point_rank, size_of(w->summary),
            size_of(w->replications), size_of(w->points));
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
    unsigned recorded = SWEEP_OUT_ALL;
    char quiet_err[8];
    if (same < 0 && !force &&
        sweep_recorded_outputs(dir, &recorded, quiet_err,
                               sizeof quiet_err) == 0 &&
        recorded != plan->outputs) {
        char was[128], now[128];
        sweep_outputs_text(recorded, was, sizeof was);
        sweep_outputs_text(plan->outputs, now, sizeof now);
        return fail(err, errlen, "%s holds a sweep that keeps --outputs %s, "
                                 "not %s; expected the same --outputs (to "
                                 "resume it), another directory, or --force",
                    dir, was, now);
    }
    if (same < 0 && !force)
        return fail(err, errlen, "%s holds the output of another sweep; "
                                 "expected an empty directory, the same "
                                 "sweep with --resume, or --force",
                    dir);
    uint64_t done = 0;
    long offsets[3] = {0, 0, 0};
    int resuming = resume && same == 1 && sweep_read_journal(dir, &done, offsets);
    FILE **files[3] = {&w->summary, &w->replications, &w->points};
    int written[3] = {1, sweep_writes_replications(plan->outputs),
                      (plan->outputs & SWEEP_OUT_POINTS) != 0};
    char path[4200];
    for (int i = 0; i < 3; i++) {
        sweep_path_in(path, sizeof path, dir, output_names[i]);
        if (!written[i]) {
            /* An earlier sweep's would pass for this one's. */
            if (remove(path) != 0 && errno != ENOENT)
                return fail(err, errlen, "%s: cannot remove (%s)", path,
                            strerror(errno));
            continue;
        }
        if (resuming && truncate(path, offsets[i]) != 0)
            return fail(err, errlen, "%s: cannot resume (%s)", path,
                        strerror(errno));
        *files[i] = fopen(path, resuming ? "a" : "w");
        if (!*files[i])
            return fail(err, errlen, "%s: cannot write (%s)", path,
                        strerror(errno));
    }
    sweep_path_in(path, sizeof path, dir, "journal");
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
        static const char *const derived[] = {"best.csv", "winners.csv",
                                              "report.html"};
        for (size_t i = 0; i < 3; i++) {
            sweep_path_in(path, sizeof path, dir, derived[i]);
            remove(path);
        }
        report_forget(dir);
        output_summary_header(w->summary, plan->names, plan->n_axes);
        if (w->replications)
            output_replications_header(w->replications, &plan->columns,
                                       plan->names, plan->n_axes);
        if (w->points) {
            fputs("point", w->points);
            for (size_t k = 0; k < plan->n_axes; k++) {
                fputc(',', w->points);
                csv_fwrite(w->points, plan->names[k],
                           strlen(plan->names[k]));
            }
            fputc('\n', w->points);
        }
    }
    w->next_point_rank = done;
    for (int i = 0; i < 3; i++)
        if (*files[i] && fflush(*files[i]) != 0)
            return fail(err, errlen, "%s: cannot write", output_names[i]);
    return journal_record(w, err, errlen);
}

int sweep_writer_append(sweep_writer *w, const sweep_block *b, char *err,
                        size_t errlen)
{
    if (fwrite(b->summary, 1, b->summary_len, w->summary) != b->summary_len ||
        (w->replications &&
         (fwrite(b->replications, 1, b->replications_len, w->replications) !=
              b->replications_len ||
          fflush(w->replications))) ||
        (w->points &&
         (fwrite(b->points, 1, b->points_len, w->points) != b->points_len ||
          fflush(w->points))) ||
        fflush(w->summary))
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
