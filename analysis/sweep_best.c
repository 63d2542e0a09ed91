/*
 * sweep_best.c - the searches' common ground and best.csv: constraints
 * (parsed, judged, recorded), sweep.id read back, and for each policy and
 * each combination of the parameters that are not its own, the best point
 * meeting the constraints, streamed from summary.csv.
 *
 * Not which policy wins at each point (sweep_winners.c), nor running the
 * points (sweep.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "sweep.h"
#include "sweep_internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "analysis/output.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (err && errlen)
        vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- constraints --------------------------------------------------------- */

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
        if (sweep_parse_double(v, strlen(v), &c->value))
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

int sweep_constraint_holds(const sweep_constraint *c, double x)
{
    return sweep_meets(c, x);
}

void sweep_constraint_text(const sweep_constraint *c, char *buf, size_t len)
{
    const char *op = c->op == 'g' ? ">=" : c->op == 'l' ? "<=" : c->op == '>'
                                                                    ? ">"
                                                                    : "<";
    /* The shortest of 15 or 17 digits that reads back the same. */
    char num[40];
    snprintf(num, sizeof num, "%.15g", c->value);
    if (strtod(num, NULL) != c->value)
        snprintf(num, sizeof num, "%.17g", c->value);
    snprintf(buf, len, "%s%s%s", c->metric, op, num);
}

int sweep_meets(const sweep_constraint *c, double x)
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

/* ---- best.csv ------------------------------------------------------------- */

/* The search streams summary.csv once. A group is a policy's set of
 * points sharing the values of the parameters that are not the policy's
 * own; it is complete after (product of the sizes of the policy axes)
 * points, and is then written and forgotten. Points are numbered with the
 * last axis fastest, so with the policy axes last only one group is open at
 * a time, and memory stays flat however many points the sweep has. */

#define BEST_MAX_POLICIES 64

/* An axis value as read from summary.csv (a number's text, a name). */
typedef char param_text[SWEEP_NAME_MAX + 1];

typedef struct best_choice {
    int found;
    long long point;
    double mean, low, high;
    param_text params[SWEEP_AXES_MAX];
} best_choice;

typedef struct best_group {
    char key[SWEEP_AXES_MAX * (SWEEP_NAME_MAX + 2)];
    param_text params[SWEEP_AXES_MAX];
    uint64_t seen;
    best_choice choice[BEST_MAX_POLICIES];
} best_group;

typedef struct best_search {
    /* from sweep.id */
    size_t n_axes;
    char names[SWEEP_AXES_MAX][256];
    int categorical[SWEEP_AXES_MAX];
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
    int met[SWEEP_CONSTRAINTS_MAX];
    param_text params[SWEEP_AXES_MAX];
    char key[SWEEP_AXES_MAX * (SWEEP_NAME_MAX + 2)];
    /* open groups */
    best_group *groups;
    size_t n_groups, cap_groups;
    /* the CSV row being parsed */
    int field, row;
    char cell[SUMMARY_MEAN][128]; /* point, policy, metric */
    double numbers[3];
    param_text cells[SWEEP_AXES_MAX];
    int failed;
} best_search;


int sweep_is_policy_param(const char *name)
{
    return strncmp(name, "policies.", 9) == 0;
}

int sweep_is_own_param(const char *name, const char *policy)
{
    size_t n = strlen(policy);
    return sweep_is_policy_param(name) && strncmp(name + 9, policy, n) == 0 &&
           name[9 + n] == '.';
}

void sweep_put_cell(FILE *f, const char *text, int categorical)
{
    if (categorical)
        csv_fwrite(f, text, strlen(text));
    else
        fputs(text, f);
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
            if (!sweep_is_policy_param(b->names[k]))
                sweep_put_cell(b->csv, g->params[k], b->categorical[k]);
            else if (c->found && sweep_is_own_param(b->names[k], policy))
                sweep_put_cell(b->csv, c->params[k], b->categorical[k]);
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
            if (!sweep_is_policy_param(b->names[k]))
                fprintf(b->out, " %s=%s", b->names[k], g->params[k]);
        if (c->found) {
            fprintf(b->out, ": point %lld", c->point);
            for (size_t k = 0; k < b->n_axes; k++)
                if (sweep_is_own_param(b->names[k], policy))
                    fprintf(b->out, " %s=%s", b->names[k], c->params[k]);
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
        if (b->field < SUMMARY_MEAN)
            snprintf(b->cell[b->field], sizeof b->cell[0], "%.*s", (int)len,
                     text);
        else if (b->field == SUMMARY_MEAN || b->field == SUMMARY_CI_LOW ||
                 b->field == SUMMARY_CI_HIGH) {
            double v = NAN;
            if (len)
                sweep_parse_double(text, len, &v);
            b->numbers[b->field == SUMMARY_MEAN     ? 0
                       : b->field == SUMMARY_CI_LOW ? 1
                                                    : 2] = v;
        } else if (b->field >= SUMMARY_FIXED &&
                   (size_t)(b->field - SUMMARY_FIXED) < b->n_axes)
            snprintf(b->cells[b->field - SUMMARY_FIXED], sizeof b->cells[0],
                     "%.*s",
                     (int)len, text);
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
    long long point = strtoll(b->cell[SUMMARY_POINT], NULL, 10);
    const char *policy = b->cell[SUMMARY_POLICY];
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
            memcpy(b->params[k], b->cells[k], sizeof b->params[k]);
            if (!sweep_is_policy_param(b->names[k]))
                used += (size_t)snprintf(b->key + used,
                                         used < sizeof b->key
                                             ? sizeof b->key - used
                                             : 0,
                                         "%s|", b->cells[k]);
        }
    }
    const char *m = b->cell[SUMMARY_METRIC];
    if (strcmp(m, b->objective) == 0) {
        b->mean = b->numbers[0];
        b->low = b->numbers[1];
        b->high = b->numbers[2];
        b->have_objective = 1;
    }
    for (size_t c = 0; c < b->n_constraints; c++)
        if (strcmp(m, b->constraints[c].metric) == 0)
            b->met[c] = isfinite(b->numbers[0]) &&
                        sweep_meets(&b->constraints[c], b->numbers[0]);
}

int sweep_id_read(const char *dir, sweep_id *id, char *err, size_t errlen)
{
    char path[4200], line[400];
    memset(id, 0, sizeof *id);
    id->outputs = SWEEP_OUT_ALL;
    sweep_path_in(path, sizeof path, dir, "sweep.id");
    FILE *f = fopen(path, "r");
    if (!f)
        return fail(err, errlen, "%s: cannot read (%s)", path,
                    strerror(errno));
    while (fgets(line, sizeof line, f)) {
        unsigned long long n;
        int at = 0;
        line[strcspn(line, "\n")] = '\0';
        if (sscanf(line, "axis %llu %n", &n, &at) == 1 && at > 0 &&
            id->n_axes < SWEEP_AXES_MAX) {
            snprintf(id->names[id->n_axes], sizeof id->names[0], "%s",
                     line + at);
            id->sizes[id->n_axes++] = n;
        } else if (sscanf(line, "categorical %llu", &n) == 1 &&
                   n < SWEEP_AXES_MAX) {
            id->categorical[n] = 1;
        } else if (!strncmp(line, "outputs ", 8)) {
            if (sweep_parse_outputs(line + 8, &id->outputs, NULL, 0) != 0) {
                fclose(f);
                return fail(err, errlen, "%s: outputs '%s'; expected the "
                                         "files of --outputs",
                            path, line + 8);
            }
        } else if (!strncmp(line, "objective ", 10)) {
            id->has_search = 1;
            snprintf(id->objective, sizeof id->objective, "%s", line + 10);
        } else if (!strncmp(line, "constraint ", 11) &&
                   id->n_constraints < SWEEP_CONSTRAINTS_MAX &&
                   sweep_parse_constraint(line + 11, NULL,
                                          &id->constraints[id->n_constraints],
                                          NULL, 0) == 0) {
            id->n_constraints++;
        }
    }
    fclose(f);
    return 0;
}

int sweep_recorded_search(const char *dir, char *objective,
                          sweep_constraint *constraints,
                          size_t *n_constraints, char *err, size_t errlen)
{
    sweep_id *id = malloc(sizeof *id);
    if (!id)
        return fail(err, errlen, "out of memory");
    int rc = sweep_id_read(dir, id, err, errlen);
    if (rc == 0 && id->has_search) {
        snprintf(objective, METRIC_NAME_MAX, "%s", id->objective);
        memcpy(constraints, id->constraints,
               id->n_constraints * sizeof *constraints);
        *n_constraints = id->n_constraints;
        rc = 1;
    }
    free(id);
    return rc;
}

/* The axes of sweep.id, and how many points a policy's group has. */
static int read_axes(const char *dir, best_search *b, char *err,
                     size_t errlen)
{
    sweep_id *id = malloc(sizeof *id);
    if (!id)
        return fail(err, errlen, "out of memory");
    if (sweep_id_read(dir, id, err, errlen)) {
        free(id);
        return -1;
    }
    b->per_group = 1;
    b->n_axes = id->n_axes;
    for (size_t k = 0; k < id->n_axes; k++) {
        memcpy(b->names[k], id->names[k], sizeof b->names[k]);
        b->categorical[k] = id->categorical[k];
        if (sweep_is_policy_param(b->names[k]))
            b->per_group *= id->sizes[k];
    }
    free(id);
    return 0;
}

int sweep_best(const char *dir, const char *objective,
               const sweep_constraint *constraints, size_t n_constraints,
               FILE *out, char *err, size_t errlen)
{
    if (n_constraints > SWEEP_CONSTRAINTS_MAX)
        return fail(err, errlen, "at most %d constraints",
                    SWEEP_CONSTRAINTS_MAX);
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
    sweep_path_in(path, sizeof path, dir, "summary.csv");
    sweep_path_in(best_path, sizeof best_path, dir, "best.csv");
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
