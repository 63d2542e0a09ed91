/*
 * sweep_winners.c - winners.csv: which policy wins at each point of a
 * sweep, and whether clearly.
 *
 * At each point the policies meeting every constraint (judged on their
 * means in summary.csv, as best.csv judges them) are ranked by the mean of
 * the objective; the first is the winner, the second the runner-up. Their
 * paired difference (winner minus runner-up, replication by replication:
 * the same random numbers) comes from the point's rows in
 * replications.csv, with a 95% Student-t interval; the winner is clearly
 * ahead when that interval excludes 0.
 *
 * Both files are in point order (however the sweep was run: threads, MPI
 * ranks, merged shards), so they are streamed side by side, one point at
 * a time: summary.csv pushes its rows through the CSV parser, and at the
 * end of each point the rows of that point are pulled from
 * replications.csv. Memory holds one point, whatever the sweep's size, and
 * the file depends only on the two files, so every way of running the
 * sweep writes the same winners.csv.
 *
 * Not the best point of each policy (sweep_best.c), nor drawing the
 * winners (analysis/report/charts_winners.c).
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

#include "analysis/estimate.h"
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
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

#define WIN_MAX_POLICIES 64

/* A policy's standing at the point being read. */
typedef struct standing {
    int seen;
    int have_objective;
    double mean;
    int met[SWEEP_CONSTRAINTS_MAX];
} standing;

/* A replication's value of the objective. */
typedef struct rep_value {
    long long rep;
    double value;
} rep_value;

/* A row of replications.csv, as far as the winners need it. */
typedef struct rep_row {
    long long point;
    int policy;
    long long rep;
    double value;
} rep_row;

typedef struct winners {
    sweep_id *id;
    const char *objective;
    int maximise;
    const sweep_constraint *constraints;
    size_t n_constraints;
    FILE *csv;
    /* policies in order of appearance */
    char policies[WIN_MAX_POLICIES][64];
    size_t n_policies;
    /* per policy: points won, of them clearly */
    uint64_t won[WIN_MAX_POLICIES], clear[WIN_MAX_POLICIES];
    uint64_t points, no_winner;
    /* summary.csv: the point being read */
    long long point;
    standing st[WIN_MAX_POLICIES];
    char cells[SWEEP_AXES_MAX][SWEEP_NAME_MAX + 1];
    /* summary.csv: the row being parsed */
    int field, row;
    char cell[SUMMARY_MEAN][128]; /* point, policy, metric */
    double number;
    char row_cells[SWEEP_AXES_MAX][SWEEP_NAME_MAX + 1];
    /* replications.csv, pulled */
    FILE *reps;
    struct csv_parser rp;
    int reps_eof, rep_col; /* the objective's column; -1: none */
    int r_field, r_row;
    rep_row r_cur;
    rep_row *queue;
    size_t q_head, q_n, q_cap;
    /* the two policies' rows at the point, then their pairs */
    rep_value *ra, *rb;
    size_t n_a, n_b, cap_a, cap_b;
    double *a, *b;
    size_t cap_pairs;
    int failed;
} winners;

static int policy_index(winners *w, const char *name)
{
    for (size_t i = 0; i < w->n_policies; i++)
        if (!strcmp(w->policies[i], name))
            return (int)i;
    if (w->n_policies == WIN_MAX_POLICIES)
        return -1;
    snprintf(w->policies[w->n_policies], sizeof w->policies[0], "%.63s",
             name);
    return (int)w->n_policies++;
}

/* ---- replications.csv, pulled point by point ----------------------------- */

static void rep_field(void *data, size_t len, void *ctx)
{
    winners *w = ctx;
    const char *text = data ? data : "";
    if (w->r_row == 0) {
        if (w->r_field >= REPS_FIXED && w->rep_col < 0 &&
            strlen(w->objective) == len && !memcmp(text, w->objective, len))
            w->rep_col = w->r_field;
    } else if (w->r_field == REPS_POINT) {
        w->r_cur.point = len ? strtoll(text, NULL, 10) : -1;
    } else if (w->r_field == REPS_POLICY) {
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), text);
        w->r_cur.policy = policy_index(w, name);
    } else if (w->r_field == REPS_REPLICATION) {
        w->r_cur.rep = len ? strtoll(text, NULL, 10) : -1;
    } else if (w->r_field == w->rep_col) {
        double v = NAN;
        if (len)
            sweep_parse_double(text, len, &v);
        w->r_cur.value = v;
    }
    w->r_field++;
}

static void rep_end(int terminator, void *ctx)
{
    (void)terminator;
    winners *w = ctx;
    int header = w->r_row++ == 0;
    w->r_field = 0;
    if (header)
        return;
    if (w->q_n == w->q_cap) {
        size_t cap = w->q_cap ? 2 * w->q_cap : 1024;
        rep_row *q = realloc(w->queue, cap * sizeof *q);
        if (!q) {
            w->failed = 1;
            return;
        }
        w->queue = q;
        w->q_cap = cap;
    }
    w->queue[w->q_n++] = w->r_cur;
    w->r_cur.value = NAN;
}

/* The next row of replications.csv without taking it: 1, or 0 at the
 * end. */
static int rep_peek(winners *w, rep_row **out)
{
    char buf[65536];
    while (w->q_head == w->q_n) {
        if (w->reps_eof || !w->reps || w->failed)
            return 0;
        w->q_head = w->q_n = 0;
        size_t n = fread(buf, 1, sizeof buf, w->reps);
        if (n == 0) {
            csv_fini(&w->rp, rep_field, rep_end, w);
            w->reps_eof = 1;
        } else {
            csv_parse(&w->rp, buf, n, rep_field, rep_end, w);
        }
    }
    *out = &w->queue[w->q_head];
    return 1;
}

static int push(rep_value **v, size_t *n, size_t *cap, const rep_row *r)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        rep_value *g = realloc(*v, c * sizeof *g);
        if (!g)
            return -1;
        *v = g;
        *cap = c;
    }
    (*v)[(*n)++] = (rep_value){r->rep, r->value};
    return 0;
}

static int by_rep(const void *x, const void *y)
{
    long long a = ((const rep_value *)x)->rep, b = ((const rep_value *)y)->rep;
    return (a > b) - (a < b);
}

/* The paired difference of policies pa and pb at the point, from the
 * point's rows of replications.csv (which are consumed; pa < 0 only
 * consumes them), paired by replication number: memory grows with the
 * point's rows, whatever numbers a file holds. 0, or -1 when there are
 * fewer than two pairs. */
static int paired(winners *w, long long point, int pa, int pb, estimate *e)
{
    w->n_a = w->n_b = 0;
    rep_row *r;
    while (rep_peek(w, &r) && r->point <= point) {
        w->q_head++;
        if (r->point != point || pa < 0)
            continue;
        int bad = 0;
        if (r->policy == pa)
            bad = push(&w->ra, &w->n_a, &w->cap_a, r);
        else if (r->policy == pb)
            bad = push(&w->rb, &w->n_b, &w->cap_b, r);
        if (bad) {
            w->failed = 1;
            return -1;
        }
    }
    if (pa < 0 || w->n_a < 2 || w->n_b < 2)
        return -1;
    /* jitsim writes them in replication order: the sort only checks. */
    qsort(w->ra, w->n_a, sizeof *w->ra, by_rep);
    qsort(w->rb, w->n_b, sizeof *w->rb, by_rep);
    size_t need = w->n_a < w->n_b ? w->n_a : w->n_b;
    if (need > w->cap_pairs) {
        double *x = realloc(w->a, need * sizeof *x);
        if (x)
            w->a = x;
        double *y = realloc(w->b, need * sizeof *y);
        if (y)
            w->b = y;
        if (!x || !y) {
            w->failed = 1;
            return -1;
        }
        w->cap_pairs = need;
    }
    size_t n = 0;
    for (size_t i = 0, j = 0; i < w->n_a && j < w->n_b;) {
        if (w->ra[i].rep < w->rb[j].rep) {
            i++;
        } else if (w->ra[i].rep > w->rb[j].rep) {
            j++;
        } else {
            w->a[n] = w->ra[i++].value;
            w->b[n++] = w->rb[j++].value;
        }
    }
    if (n < 2)
        return -1;
    return estimate_paired(w->a, w->b, n, 0.95, e);
}

/* ---- summary.csv, pushed --------------------------------------------------- */

static void put_number(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.10g", x);
}

/* The point read so far is complete: rank, pair, write. */
static void finish_point(winners *w)
{
    if (w->point < 0)
        return;
    int first = -1, second = -1;
    size_t meeting = 0;
    for (size_t p = 0; p < w->n_policies; p++) {
        const standing *s = &w->st[p];
        int ok = s->seen && s->have_objective && isfinite(s->mean);
        for (size_t c = 0; c < w->n_constraints; c++)
            ok = ok && s->met[c];
        if (!ok)
            continue;
        meeting++;
        /* Strictly better only: of equals, the earlier policy ranks
         * first, as in best.csv. */
        if (first < 0 || (w->maximise ? s->mean > w->st[first].mean
                                      : s->mean < w->st[first].mean)) {
            second = first;
            first = (int)p;
        } else if (second < 0 || (w->maximise ? s->mean > w->st[second].mean
                                              : s->mean < w->st[second].mean)) {
            second = (int)p;
        }
    }
    estimate e;
    int have_diff = first >= 0 && second >= 0 &&
                    paired(w, w->point, first, second, &e) == 0;
    if (first < 0 || second < 0)
        paired(w, w->point, -1, -1, &e); /* consume the point's rows */
    FILE *f = w->csv;
    fprintf(f, "%lld", w->point);
    for (size_t k = 0; k < w->id->n_axes; k++) {
        fputc(',', f);
        sweep_put_cell(f, w->cells[k], w->id->categorical[k]);
    }
    fputc(',', f);
    output_put_name(f, w->objective);
    fputc(',', f);
    if (first >= 0) {
        csv_fwrite(f, w->policies[first], strlen(w->policies[first]));
        fputc(',', f);
        put_number(f, w->st[first].mean);
    } else {
        fputc(',', f);
    }
    fputc(',', f);
    if (second >= 0) {
        csv_fwrite(f, w->policies[second], strlen(w->policies[second]));
        fputc(',', f);
        put_number(f, w->st[second].mean);
    } else {
        fputc(',', f);
    }
    fputc(',', f);
    const char *clear = "";
    if (have_diff) {
        put_number(f, e.mean);
        fputc(',', f);
        put_number(f, e.low);
        fputc(',', f);
        put_number(f, e.high);
        int sign = estimate_sign(&e);
        clear = (w->maximise ? sign > 0 : sign < 0) ? "yes" : "no";
    } else {
        fputs(",,", f);
        if (first >= 0)
            clear = second >= 0 ? "no" : "alone";
    }
    fprintf(f, ",%s,%zu\n", clear, meeting);
    w->points++;
    if (first >= 0) {
        w->won[first]++;
        w->clear[first] += clear[0] == 'y' || clear[0] == 'a';
    } else {
        w->no_winner++;
    }
}

static void summary_field(void *data, size_t len, void *ctx)
{
    winners *w = ctx;
    const char *text = data ? data : "";
    if (w->row > 0) {
        if (w->field < SUMMARY_MEAN)
            snprintf(w->cell[w->field], sizeof w->cell[0], "%.*s", (int)len,
                     text);
        else if (w->field == SUMMARY_MEAN) {
            w->number = NAN;
            if (len)
                sweep_parse_double(text, len, &w->number);
        } else if (w->field >= SUMMARY_FIXED &&
                   (size_t)(w->field - SUMMARY_FIXED) < w->id->n_axes)
            snprintf(w->row_cells[w->field - SUMMARY_FIXED],
                     sizeof w->row_cells[0],
                     "%.*s", (int)len, text);
    }
    w->field++;
}

static void summary_end(int terminator, void *ctx)
{
    (void)terminator;
    winners *w = ctx;
    int header = w->row++ == 0;
    w->field = 0;
    if (header || w->failed)
        return;
    long long point = strtoll(w->cell[SUMMARY_POINT], NULL, 10);
    if (point != w->point) {
        finish_point(w);
        w->point = point;
        memset(w->st, 0, sizeof w->st);
        memcpy(w->cells, w->row_cells, sizeof w->cells);
    }
    int p = policy_index(w, w->cell[SUMMARY_POLICY]);
    if (p < 0)
        return;
    standing *s = &w->st[p];
    s->seen = 1;
    const char *m = w->cell[SUMMARY_METRIC];
    if (!strcmp(m, w->objective)) {
        s->mean = w->number;
        s->have_objective = 1;
    }
    for (size_t c = 0; c < w->n_constraints; c++)
        if (!strcmp(m, w->constraints[c].metric))
            s->met[c] = isfinite(w->number) &&
                        sweep_meets(&w->constraints[c], w->number);
}

/* ---- the file ---------------------------------------------------------------- */

static void print_tally(const winners *w, FILE *out)
{
    fprintf(out, "winners (%s, %s mean%s): ", w->objective,
            w->maximise ? "highest" : "lowest",
            w->n_constraints ? " meeting the constraints" : "");
    int any = 0;
    for (size_t p = 0; p < w->n_policies; p++) {
        if (!w->won[p])
            continue;
        fprintf(out, "%s%s %llu %s (%llu clearly)", any ? ", " : "",
                w->policies[p], (unsigned long long)w->won[p],
                w->won[p] == 1 ? "point" : "points",
                (unsigned long long)w->clear[p]);
        any = 1;
    }
    if (w->no_winner)
        fprintf(out, "%s%llu %s with no policy meeting the constraints",
                any ? "; " : "", (unsigned long long)w->no_winner,
                w->no_winner == 1 ? "point" : "points");
    else if (!any)
        fprintf(out, "no point");
    fputc('\n', out);
}

int sweep_winners(const char *dir, const char *objective,
                  const sweep_constraint *constraints, size_t n_constraints,
                  FILE *out, char *err, size_t errlen)
{
    if (n_constraints > SWEEP_CONSTRAINTS_MAX)
        return fail(err, errlen, "at most %d constraints",
                    SWEEP_CONSTRAINTS_MAX);
    winners *w = calloc(1, sizeof *w);
    sweep_id *id = calloc(1, sizeof *id);
    if (!w || !id) {
        free(w);
        free(id);
        return fail(err, errlen, "out of memory");
    }
    if (sweep_id_read(dir, id, err, errlen)) {
        free(w);
        free(id);
        return -1;
    }
    w->id = id;
    w->objective = objective;
    w->maximise = metric_higher_is_better(objective);
    w->constraints = constraints;
    w->n_constraints = n_constraints;
    w->point = -1;
    w->rep_col = -1;
    char path[4200], reps_path[4200], win_path[4200], temp[4300];
    sweep_path_in(path, sizeof path, dir, "summary.csv");
    sweep_path_in(reps_path, sizeof reps_path, dir, "replications.csv");
    sweep_path_in(win_path, sizeof win_path, dir, "winners.csv");
    snprintf(temp, sizeof temp, "%s.tmp", win_path);
    FILE *f = fopen(path, "rb");
    /* Without replications.csv the differences stay empty. */
    w->reps = fopen(reps_path, "rb");
    w->csv = fopen(temp, "w");
    int rc = 0;
    if (!f || !w->csv)
        rc = fail(err, errlen, "%s: cannot read summary.csv or write "
                               "winners.csv (%s)",
                  dir, strerror(errno));
    if (rc == 0) {
        fputs("point", w->csv);
        for (size_t k = 0; k < id->n_axes; k++) {
            fputc(',', w->csv);
            csv_fwrite(w->csv, id->names[k], strlen(id->names[k]));
        }
        fputs(",objective,winner,winner_mean,runner_up,runner_up_mean,diff,"
              "diff_ci_low,diff_ci_high,clearly_ahead,meeting\n",
              w->csv);
        struct csv_parser parser;
        csv_init(&parser, CSV_APPEND_NULL);
        csv_init(&w->rp, CSV_APPEND_NULL);
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
            csv_parse(&parser, buf, n, summary_field, summary_end, w);
        csv_fini(&parser, summary_field, summary_end, w);
        csv_free(&parser);
        finish_point(w);
        csv_free(&w->rp);
        if (out)
            print_tally(w, out);
    }
    if (f)
        fclose(f);
    if (w->reps)
        fclose(w->reps);
    int closed = w->csv ? fclose(w->csv) : 0;
    if (rc == 0 && (w->failed || closed != 0 || rename(temp, win_path) != 0))
        rc = fail(err, errlen, "%s: cannot write", win_path);
    if (rc)
        remove(temp);
    free(w->queue);
    free(w->ra);
    free(w->rb);
    free(w->a);
    free(w->b);
    free(w);
    free(id);
    return rc;
}
