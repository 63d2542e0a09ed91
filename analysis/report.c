/*
 * report.c - charts (gnuplot scripts, data, SVG and PNG) and report.html
 * from the files of a run or a sweep.
 *
 * The numbers in each chart's .dat file are the text of the CSV cells they
 * come from, copied verbatim (an empty cell becomes NaN, gnuplot's missing
 * value): whatever the chart shows can be traced to the CSV, and
 * percentages and offsets are computed by the .gp script, where a user can
 * see and change them. The only computed numbers are the interval of the
 * operating cost (costs_operating), which no CSV holds, and the colour scale
 * of the heat maps.
 *
 * gnuplot is run as a program, one process per chart, in DIR/charts, with
 * `out` set to a temporary name; its SVG and PNG are renamed when both are
 * complete.
 */
#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csv.h>
#include <libfyaml.h>

#include "analysis/atomic.h"
#include "analysis/estimate.h"
#include "models/line.h"
#include "models/metrics.h"

#define MAX_POLICIES 64
/* Distinct names in summary.csv's metric column (a line has up to
 * METRIC_COLUMNS_MAX; more come only from a file not written by jitsim,
 * and are left out). */
#define MAX_COLUMNS 4096
#define COLUMN_HASH 8192
#define MAX_STAGES LINE_STAGES_MAX
#define MAX_CHARTS 256
#define MAX_PARAMS 16
#define MAX_POINTS 100000
#define MAX_WINDOWS 500
#define PATH_LEN 4096
/* A path composed of a directory (PATH_LEN) and a file name. */
#define PATH_BUF (PATH_LEN + 512)

/* ---- growable strings ---------------------------------------------------- */

typedef struct sbuf {
    char *s;
    size_t n, cap;
    int oom;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *grown = realloc(b->s, cap);
        if (!grown) {
            b->oom = 1;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        sb_put(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_put(b, big, (size_t)n);
    free(big);
}

static void sb_free(sbuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

/* Text for HTML: & < > " escaped. */
static void sb_html(sbuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': sb_puts(b, "&amp;"); break;
        case '<': sb_puts(b, "&lt;"); break;
        case '>': sb_puts(b, "&gt;"); break;
        case '"': sb_puts(b, "&quot;"); break;
        default: sb_put(b, s, 1);
        }
    }
}

/* A gnuplot string literal: single quotes, where only '' needs escaping
 * (double quotes would interpret backslashes). */
static void sb_gpstr(sbuf *b, const char *s)
{
    sb_put(b, "'", 1);
    for (; *s; s++) {
        if (*s == '\'')
            sb_put(b, "''", 2);
        else if (*s == '\n' || *s == '\r')
            sb_put(b, " ", 1);
        else
            sb_put(b, s, 1);
    }
    sb_put(b, "'", 1);
}

/* A label in a .dat file: double-quoted; gnuplot data files cannot escape a
 * double quote, so one becomes a single quote. */
static void sb_datstr(sbuf *b, const char *s)
{
    sb_put(b, "\"", 1);
    for (; *s; s++)
        sb_put(b, *s == '"' ? "'" : (*s == '\n' ? " " : s), 1);
    sb_put(b, "\"", 1);
}

/* Text on one line (a comment of a .dat or .gp file): line breaks become
 * spaces. */
static void sb_line(sbuf *b, const char *s)
{
    for (; *s; s++)
        sb_put(b, (*s == '\n' || *s == '\r') ? " " : s, 1);
}

/* A CSV cell as a number in a .dat file: verbatim, empty as NaN. */
static void sb_cell(sbuf *b, const char *cell)
{
    sb_puts(b, cell[0] ? cell : "NaN");
}

static void sb_num(sbuf *b, double x)
{
    if (isfinite(x))
        sb_printf(b, "%.10g", x);
    else
        sb_puts(b, "NaN");
}

/* ---- files --------------------------------------------------------------- */

static int fill_text(FILE *f, void *ctx)
{
    const sbuf *b = ctx;
    return b->n && fwrite(b->s, 1, b->n, f) != b->n ? -1 : 0;
}

/* Writes dir/name from b through a temporary file renamed on success. */
static int write_text(const char *dir, const char *name, const sbuf *b,
                      char *err, size_t errlen)
{
    if (b->oom) {
        snprintf(err, errlen, "%s/%s: out of memory", dir, name);
        return -1;
    }
    return atomic_write(dir, name, fill_text, (void *)b, err, errlen);
}

/* Reads a whole file; NULL if it cannot be read (errno set). */
static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    sbuf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_put(&b, chunk, n);
    int bad = ferror(f) || b.oom;
    fclose(f);
    if (bad) {
        sb_free(&b);
        errno = EIO;
        return NULL;
    }
    if (!b.s)
        sb_put(&b, "", 0);
    if (b.oom)
        return NULL;
    *len = b.n;
    return b.s;
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int report_find_program(const char *name, char *path, size_t len)
{
    if (strchr(name, '/')) {
        if (access(name, X_OK) != 0)
            return -1;
        snprintf(path, len, "%s", name);
        return 0;
    }
    const char *env = getenv("PATH");
    if (!env || !*env)
        return -1;
    for (const char *p = env;;) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        /* An empty PATH entry is the current directory. */
        int w = n ? snprintf(path, len, "%.*s/%s", (int)n, p, name)
                  : snprintf(path, len, "./%s", name);
        struct stat st;
        if (w > 0 && (size_t)w < len && stat(path, &st) == 0 &&
            S_ISREG(st.st_mode) && access(path, X_OK) == 0)
            return 0;
        if (!colon)
            break;
        p = colon + 1;
    }
    return -1;
}

/* ---- CSV tables ---------------------------------------------------------- */

/* A whole CSV file in memory: every cell NUL-terminated in one pool, row 0
 * the header. */
typedef struct table {
    char path[PATH_LEN];
    char *pool;
    size_t pool_len, pool_cap;
    size_t *off;
    size_t n_cells, cells_cap;
    size_t cols, rows; /* rows: the header included */
    size_t cur;        /* fields of the row being read */
    size_t bad_row, bad_fields;
    int oom;
} table;

static void table_field(void *s, size_t len, void *data)
{
    table *t = data;
    if (t->oom)
        return;
    if (t->pool_len + len + 1 > t->pool_cap) {
        size_t cap = t->pool_cap ? t->pool_cap : 65536;
        while (cap < t->pool_len + len + 1)
            cap *= 2;
        char *grown = realloc(t->pool, cap);
        if (!grown) {
            t->oom = 1;
            return;
        }
        t->pool = grown;
        t->pool_cap = cap;
    }
    if (t->n_cells == t->cells_cap) {
        size_t cap = t->cells_cap ? t->cells_cap * 2 : 1024;
        size_t *grown = realloc(t->off, cap * sizeof *grown);
        if (!grown) {
            t->oom = 1;
            return;
        }
        t->off = grown;
        t->cells_cap = cap;
    }
    t->off[t->n_cells++] = t->pool_len;
    if (len && s)
        memcpy(t->pool + t->pool_len, s, len);
    t->pool_len += len;
    t->pool[t->pool_len++] = '\0';
    t->cur++;
}

static void table_row(int c, void *data)
{
    (void)c;
    table *t = data;
    if (t->oom)
        return;
    if (t->rows == 0) {
        t->cols = t->cur;
    } else if (t->cur != t->cols) {
        if (!t->bad_row) {
            t->bad_row = t->rows;
            t->bad_fields = t->cur;
        }
        t->n_cells -= t->cur; /* keep the cells aligned on rows */
        t->cur = 0;
        return;
    }
    t->rows++;
    t->cur = 0;
}

static void table_free(table *t)
{
    free(t->pool);
    free(t->off);
    memset(t, 0, sizeof *t);
}

static const char *tcell(const table *t, size_t row, size_t col)
{
    return t->pool + t->off[row * t->cols + col];
}

static int tcol(const table *t, const char *name)
{
    for (size_t c = 0; c < t->cols; c++)
        if (strcmp(tcell(t, 0, c), name) == 0)
            return (int)c;
    return -1;
}

/* Reads dir/name. 1 read, 0 absent (optional files), -1 with a message. */
static int table_read(const char *dir, const char *name, int required,
                      table *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    snprintf(t->path, sizeof t->path, "%s/%s", dir, name);
    FILE *f = fopen(t->path, "rb");
    if (!f) {
        if (errno == ENOENT && !required)
            return 0;
        if (errno == ENOENT)
            snprintf(err, errlen, "%s: not found; expected the output "
                                  "directory of `jitsim run -o DIR`",
                     t->path);
        else
            snprintf(err, errlen, "%s: cannot read (%s); expected a "
                                  "readable CSV file",
                     t->path, strerror(errno));
        return -1;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fclose(f);
        snprintf(err, errlen, "%s: out of memory", t->path);
        return -1;
    }
    char chunk[65536];
    size_t n;
    int bad = 0;
    while (!bad && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (csv_parse(&p, chunk, n, table_field, table_row, t) != n)
            bad = 1;
    if (!bad && csv_fini(&p, table_field, table_row, t) != 0)
        bad = 1;
    int read_error = ferror(f);
    fclose(f);
    int code = csv_error(&p);
    csv_free(&p);
    if (bad || read_error) {
        snprintf(err, errlen, "%s: %s; expected a CSV file as written by "
                              "jitsim",
                 t->path,
                 read_error ? "cannot be read" : csv_strerror(code));
        table_free(t);
        return -1;
    }
    if (t->oom) {
        snprintf(err, errlen, "%s: out of memory", t->path);
        table_free(t);
        return -1;
    }
    if (t->rows == 0) {
        snprintf(err, errlen, "%s: empty; expected a header line and rows",
                 t->path);
        table_free(t);
        return -1;
    }
    if (t->bad_row) {
        snprintf(err, errlen, "%s: row %zu has %zu fields; expected %zu, as "
                              "in the header",
                 t->path, t->bad_row + 1, t->bad_fields, t->cols);
        table_free(t);
        return -1;
    }
    return 1;
}

/* A cell as a number: empty is NaN. 0, or -1 with a message. */
static int tnum(const table *t, size_t row, int col, double *out, char *err,
                size_t errlen)
{
    const char *s = tcell(t, row, (size_t)col);
    if (!s[0]) {
        *out = NAN;
        return 0;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v)) {
        snprintf(err, errlen, "%s: row %zu, column %s: '%.40s' is not a "
                              "number; expected a number or an empty cell",
                 t->path, row + 1, tcell(t, 0, (size_t)col), s);
        return -1;
    }
    *out = v;
    return 0;
}

/* Every named column must be in the header. */
static int need_columns(const table *t, const char *const *names, size_t n,
                        int *cols, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        cols[i] = tcol(t, names[i]);
        if (cols[i] < 0) {
            snprintf(err, errlen, "%s: no column '%s' in the header; "
                                  "expected the columns jitsim writes",
                     t->path, names[i]);
            return -1;
        }
    }
    return 0;
}

/* ---- meta.json ----------------------------------------------------------- */

typedef struct meta_policy {
    char name[128];
    char type[64];
    char family[16];
    char params[512];
} meta_policy;

typedef struct meta_window {
    double start, end;
    char label[128];
    char effect[32];
    char supplier[64];
} meta_window;

typedef struct report_meta {
    int present;
    char scenario[256];
    char description[4096];
    char source[1024];
    char time_unit[32];
    char baseline[128];
    char windows_from[32];
    double horizon, warmup, replications, seed;
    int warmup_auto;
    size_t n_policies;
    meta_policy policies[MAX_POLICIES];
    size_t n_sentences;
    char sentences[MAX_POLICIES][1024];
    size_t n_windows;
    meta_window windows[MAX_WINDOWS];
} report_meta;

static void fy_quiet(struct fy_diag *diag, void *user, const char *buf,
                     size_t len)
{
    /* Parse errors become one line of ours; nothing goes to stderr. */
    (void)diag;
    (void)user;
    (void)buf;
    (void)len;
}

static const char *meta_scalar(struct fy_node *map, const char *key)
{
    struct fy_node *n = map ? fy_node_mapping_lookup_by_string(map, key,
                                                               FY_NT)
                            : NULL;
    if (!n || !fy_node_is_scalar(n))
        return NULL;
    return fy_node_get_scalar0(n);
}

static void meta_copy(struct fy_node *map, const char *key, char *buf,
                      size_t len)
{
    const char *s = meta_scalar(map, key);
    snprintf(buf, len, "%s", s ? s : "");
}

static double meta_number(struct fy_node *map, const char *key)
{
    const char *s = meta_scalar(map, key);
    if (!s)
        return NAN;
    char *end;
    double v = strtod(s, &end);
    return end != s && *end == '\0' && isfinite(v) ? v : NAN;
}

static struct fy_node *meta_sequence(struct fy_node *map, const char *key)
{
    struct fy_node *n = fy_node_mapping_lookup_by_string(map, key, FY_NT);
    return n && fy_node_is_sequence(n) ? n : NULL;
}

/* Reads dir/meta.json when present. 0 (m->present says whether it was),
 * or -1 with a message for a file that is not the JSON jitsim writes. */
static int meta_read(const char *dir, report_meta *m, char *err,
                     size_t errlen)
{
    memset(m, 0, sizeof *m);
    m->horizon = m->warmup = m->replications = m->seed = NAN;
    snprintf(m->time_unit, sizeof m->time_unit, "time unit");
    char path[PATH_LEN];
    snprintf(path, sizeof path, "%s/meta.json", dir);
    size_t len;
    char *text = read_all(path, &len);
    if (!text) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errlen, "%s: cannot read (%s); expected the JSON "
                              "file jitsim run writes",
                 path, strerror(errno));
        return -1;
    }
    struct fy_diag_cfg dc;
    fy_diag_cfg_default(&dc);
    dc.fp = NULL;
    dc.output_fn = fy_quiet;
    dc.colorize = false;
    struct fy_diag *diag = fy_diag_create(&dc);
    struct fy_parse_cfg pc;
    memset(&pc, 0, sizeof pc);
    pc.flags = FYPCF_QUIET | FYPCF_JSON_FORCE;
    pc.diag = diag;
    struct fy_document *doc =
        diag ? fy_document_build_from_string(&pc, text, len) : NULL;
    struct fy_node *root = doc ? fy_document_root(doc) : NULL;
    if (!root || !fy_node_is_mapping(root)) {
        snprintf(err, errlen, "%s: not a JSON object; expected the file "
                              "jitsim run writes (remove it to report "
                              "without it)",
                 path);
        if (doc)
            fy_document_destroy(doc);
        if (diag)
            fy_diag_destroy(diag);
        free(text);
        return -1;
    }
    m->present = 1;
    meta_copy(root, "scenario", m->scenario, sizeof m->scenario);
    meta_copy(root, "description", m->description, sizeof m->description);
    meta_copy(root, "source", m->source, sizeof m->source);
    meta_copy(root, "time_unit", m->time_unit, sizeof m->time_unit);
    if (!m->time_unit[0])
        snprintf(m->time_unit, sizeof m->time_unit, "time unit");
    meta_copy(root, "baseline", m->baseline, sizeof m->baseline);
    meta_copy(root, "disruptions_from", m->windows_from,
              sizeof m->windows_from);
    m->horizon = meta_number(root, "horizon");
    m->warmup = meta_number(root, "warmup");
    m->replications = meta_number(root, "replications");
    m->seed = meta_number(root, "seed");
    const char *wa = meta_scalar(root, "warmup_auto");
    m->warmup_auto = wa && strcmp(wa, "true") == 0;

    struct fy_node *seq, *item;
    void *it = NULL;
    if ((seq = meta_sequence(root, "policies")) != NULL)
        while ((item = fy_node_sequence_iterate(seq, &it)) != NULL &&
               m->n_policies < MAX_POLICIES) {
            if (!fy_node_is_mapping(item))
                continue;
            meta_policy *p = &m->policies[m->n_policies++];
            meta_copy(item, "name", p->name, sizeof p->name);
            meta_copy(item, "type", p->type, sizeof p->type);
            meta_copy(item, "family", p->family, sizeof p->family);
            meta_copy(item, "parameters", p->params, sizeof p->params);
        }
    it = NULL;
    if ((seq = meta_sequence(root, "sentences")) != NULL)
        while ((item = fy_node_sequence_iterate(seq, &it)) != NULL &&
               m->n_sentences < MAX_POLICIES) {
            const char *s = fy_node_is_scalar(item)
                                ? fy_node_get_scalar0(item)
                                : NULL;
            if (s)
                snprintf(m->sentences[m->n_sentences++],
                         sizeof m->sentences[0], "%s", s);
        }
    it = NULL;
    if ((seq = meta_sequence(root, "disruptions")) != NULL)
        while ((item = fy_node_sequence_iterate(seq, &it)) != NULL &&
               m->n_windows < MAX_WINDOWS) {
            if (!fy_node_is_mapping(item))
                continue;
            meta_window *w = &m->windows[m->n_windows];
            w->start = meta_number(item, "start");
            w->end = meta_number(item, "end");
            if (!isfinite(w->start) || !isfinite(w->end) || w->end < w->start)
                continue;
            meta_copy(item, "label", w->label, sizeof w->label);
            meta_copy(item, "effect", w->effect, sizeof w->effect);
            meta_copy(item, "supplier", w->supplier, sizeof w->supplier);
            m->n_windows++;
        }
    fy_document_destroy(doc);
    fy_diag_destroy(diag);
    free(text);
    return 0;
}

/* ---- the data of a report ------------------------------------------------ */

static const char *const summary_columns[] = {
    "scenario", "point", "policy", "metric", "mean", "sd", "ci_low",
    "ci_high", "n", "diff", "diff_ci_low", "diff_ci_high"};
enum {
    S_SCENARIO, S_POINT, S_POLICY, S_METRIC, S_MEAN, S_SD, S_LOW, S_HIGH,
    S_N, S_DIFF, S_DLOW, S_DHIGH, S_COUNT
};

typedef struct chart {
    char name[200];
    char title[256];
    char caption[1024];
    int drawn;
} chart;

typedef struct report {
    const char *dir;
    char charts_dir[PATH_LEN];
    report_meta *meta;
    table summary, reps, ts;
    int has_reps, has_ts;
    int sc[S_COUNT];               /* summary.csv's columns */
    double *num;                   /* summary's numeric cells [row*cols+c] */
    size_t n_policies;
    const char *policies[MAX_POLICIES];
    int baseline;                  /* -1: none */
    int is_sweep;
    size_t n_points;               /* 1 for a run */
    /* The columns: the METRIC_COUNT metrics in enum order (so a metric is
     * its own column), then every other name of summary.csv's metric
     * column in order of appearance (a line's columns). */
    size_t n_cols;
    const char *col_names[MAX_COLUMNS];
    unsigned short col_hash[COLUMN_HASH]; /* column + 1; 0: empty */
    size_t *at;                    /* [(pt*np + p)*n_cols + column]: row */
    unsigned char *present;        /* [pt]: the point has rows */
    /* A line's stages (from the columns STAGE.wip and STAGE.busy) and
     * the column of each of their measures (-1: absent). */
    size_t n_stages;
    char stages[MAX_STAGES][METRIC_NAME_MAX];
    int stage_col[MAX_STAGES][STAGE_METRIC_COUNT];
    size_t n_params;
    int param_col[MAX_PARAMS];     /* summary columns of swept parameters */
    double *param;                 /* [pt * n_params + k] */
    size_t n_charts;
    chart charts[MAX_CHARTS];
    char *err;
    size_t errlen;
} report;

static size_t row_of(const report *r, size_t pt, size_t p, size_t col)
{
    return r->at[(pt * r->n_policies + p) * r->n_cols + col];
}

static size_t column_hash(const char *name)
{
    uint64_t h = UINT64_C(0xCBF29CE484222325);
    for (; *name; name++) {
        h ^= (unsigned char)*name;
        h *= UINT64_C(0x100000001B3);
    }
    return (size_t)(h % COLUMN_HASH);
}

/* The column called `name`, or -1. */
static int column_of(const report *r, const char *name)
{
    for (size_t i = column_hash(name);; i = (i + 1) % COLUMN_HASH) {
        unsigned short c = r->col_hash[i];
        if (c == 0)
            return -1;
        if (strcmp(r->col_names[c - 1], name) == 0)
            return c - 1;
    }
}

/* The column called `name`, added if new; -1 when the table is full. */
static int column_add(report *r, const char *name)
{
    size_t i = column_hash(name);
    for (;; i = (i + 1) % COLUMN_HASH) {
        unsigned short c = r->col_hash[i];
        if (c == 0)
            break;
        if (strcmp(r->col_names[c - 1], name) == 0)
            return c - 1;
    }
    if (r->n_cols == MAX_COLUMNS)
        return -1;
    r->col_names[r->n_cols] = name;
    r->col_hash[i] = (unsigned short)(r->n_cols + 1);
    return (int)r->n_cols++;
}

/* A line's stages: each name STAGE with columns STAGE.wip and STAGE.busy,
 * in the order of the columns (the line's order). */
static void find_stages(report *r)
{
    const char *suffix = ".busy";
    size_t ns = strlen(suffix);
    for (size_t c = METRIC_COUNT; c < r->n_cols && r->n_stages < MAX_STAGES;
         c++) {
        const char *name = r->col_names[c];
        size_t n = strlen(name);
        if (n <= ns || strcmp(name + n - ns, suffix) != 0 ||
            n - ns >= METRIC_NAME_MAX)
            continue;
        char *stage = r->stages[r->n_stages];
        snprintf(stage, METRIC_NAME_MAX, "%.*s", (int)(n - ns), name);
        char full[METRIC_NAME_MAX + 32];
        snprintf(full, sizeof full, "%s.wip", stage);
        if (column_of(r, full) < 0)
            continue;
        for (int m = 0; m < STAGE_METRIC_COUNT; m++) {
            snprintf(full, sizeof full, "%s.%s", stage,
                     stage_metric_name((stage_metric)m));
            r->stage_col[r->n_stages][m] = column_of(r, full);
        }
        r->n_stages++;
    }
}

static double val(const report *r, size_t row, int scol)
{
    return row ? r->num[row * r->summary.cols + (size_t)r->sc[scol]] : NAN;
}

static const char *text(const report *r, size_t row, int scol)
{
    return row ? tcell(&r->summary, row, (size_t)r->sc[scol]) : "";
}

static double mean_of(const report *r, size_t pt, size_t p, size_t col)
{
    return val(r, row_of(r, pt, p, col), S_MEAN);
}

static int policy_index(report *r, const char *name)
{
    for (size_t i = 0; i < r->n_policies; i++)
        if (strcmp(r->policies[i], name) == 0)
            return (int)i;
    return -1;
}

/* Reads summary.csv into r: policies, points, the index, numbers. */
static int load_summary(report *r)
{
    table *t = &r->summary;
    int rc = table_read(r->dir, "summary.csv", 1, t, r->err, r->errlen);
    if (rc < 0)
        return -1;
    if (need_columns(t, summary_columns, S_COUNT, r->sc, r->err, r->errlen))
        return -1;
    if (t->rows < 2) {
        snprintf(r->err, r->errlen, "%s: no rows; expected one row per "
                                    "policy and metric",
                 t->path);
        return -1;
    }
    /* Any other column is a swept parameter (a sweep's summary.csv). */
    for (size_t c = 0; c < t->cols; c++) {
        int fixed = 0;
        for (int k = 0; k < S_COUNT; k++)
            fixed |= r->sc[k] == (int)c;
        if (!fixed && r->n_params < MAX_PARAMS)
            r->param_col[r->n_params++] = (int)c;
    }
    r->num = malloc(t->rows * t->cols * sizeof *r->num);
    if (!r->num) {
        snprintf(r->err, r->errlen, "%s: out of memory", t->path);
        return -1;
    }
    size_t max_point = 0;
    for (size_t row = 1; row < t->rows; row++) {
        for (size_t c = 0; c < t->cols; c++)
            r->num[row * t->cols + c] = NAN;
        for (int k = S_MEAN; k < S_COUNT; k++)
            if (tnum(t, row, r->sc[k], &r->num[row * t->cols + r->sc[k]],
                     r->err, r->errlen))
                return -1;
        for (size_t k = 0; k < r->n_params; k++)
            if (tnum(t, row, r->param_col[k],
                     &r->num[row * t->cols + (size_t)r->param_col[k]],
                     r->err, r->errlen))
                return -1;
        const char *name = tcell(t, row, (size_t)r->sc[S_POLICY]);
        if (!name[0]) {
            snprintf(r->err, r->errlen, "%s: row %zu has no policy; "
                                        "expected a policy name",
                     t->path, row + 1);
            return -1;
        }
        if (policy_index(r, name) < 0) {
            if (r->n_policies == MAX_POLICIES) {
                snprintf(r->err, r->errlen, "%s: more than %d policies; "
                                            "expected at most %d",
                         t->path, MAX_POLICIES, MAX_POLICIES);
                return -1;
            }
            r->policies[r->n_policies++] = name;
        }
        const char *pt = tcell(t, row, (size_t)r->sc[S_POINT]);
        if (pt[0]) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(pt, &end, 10);
            if (*end || pt[0] == '-' || errno || v >= MAX_POINTS) {
                snprintf(r->err, r->errlen, "%s: row %zu, column point: "
                                            "'%.40s'; expected a point "
                                            "number below %d or an empty "
                                            "cell",
                         t->path, row + 1, pt, MAX_POINTS);
                return -1;
            }
            r->is_sweep = 1;
            if (v > max_point)
                max_point = (size_t)v;
        }
    }
    r->n_points = max_point + 1;
    for (int m = 0; m < METRIC_COUNT; m++)
        column_add(r, metric_name((metric)m));
    int *col = malloc(t->rows * sizeof *col);
    if (!col) {
        snprintf(r->err, r->errlen, "%s: out of memory", t->path);
        return -1;
    }
    for (size_t row = 1; row < t->rows; row++)
        col[row] = column_add(r, tcell(t, row, (size_t)r->sc[S_METRIC]));
    r->at = calloc(r->n_points * r->n_policies * r->n_cols, sizeof *r->at);
    r->present = calloc(r->n_points, 1);
    r->param = malloc((r->n_points * r->n_params + 1) * sizeof *r->param);
    if (!r->at || !r->present || !r->param) {
        free(col);
        snprintf(r->err, r->errlen, "%s: out of memory", t->path);
        return -1;
    }
    for (size_t i = 0; i < r->n_points * r->n_params; i++)
        r->param[i] = NAN;
    for (size_t row = 1; row < t->rows; row++) {
        if (col[row] < 0)
            continue; /* beyond MAX_COLUMNS: not charted */
        const char *pt = tcell(t, row, (size_t)r->sc[S_POINT]);
        size_t point = pt[0] ? (size_t)strtoull(pt, NULL, 10) : 0;
        size_t p = (size_t)policy_index(r, tcell(t, row,
                                                 (size_t)r->sc[S_POLICY]));
        r->at[(point * r->n_policies + p) * r->n_cols + (size_t)col[row]] =
            row;
        if (p == 0)
            r->present[point] = 1;
        for (size_t k = 0; k < r->n_params; k++)
            r->param[point * r->n_params + k] =
                r->num[row * t->cols + (size_t)r->param_col[k]];
    }
    free(col);
    find_stages(r);
    /* The baseline: meta.json's, else the policy whose differences are
     * all empty (run.h: n 0 for the baseline). */
    r->baseline = r->meta->baseline[0] ? policy_index(r, r->meta->baseline)
                                       : -1;
    for (size_t p = 0; r->baseline < 0 && p < r->n_policies; p++) {
        int empty = 1;
        for (size_t pt = 0; pt < r->n_points && empty; pt++)
            for (size_t m = 0; m < r->n_cols && empty; m++) {
                size_t row = row_of(r, pt, p, m);
                empty = !row || text(r, row, S_DIFF)[0] == '\0';
            }
        if (empty && r->n_policies > 1)
            r->baseline = (int)p;
    }
    return 0;
}

static const char *const ts_columns[] = {"policy", "replication", "t",
                                         "on_hand", "backorders"};
enum { T_POLICY, T_REP, T_T, T_ON_HAND, T_BACKORDERS, T_COUNT };

static int load_timeseries(report *r, int *tc)
{
    int rc = table_read(r->dir, "timeseries.csv", 0, &r->ts, r->err,
                        r->errlen);
    if (rc <= 0)
        return rc;
    r->has_ts = 1;
    if (need_columns(&r->ts, ts_columns, T_COUNT, tc, r->err, r->errlen))
        return -1;
    for (size_t row = 1; row < r->ts.rows; row++)
        for (int k = T_REP; k < T_COUNT; k++) {
            double x;
            if (tnum(&r->ts, row, tc[k], &x, r->err, r->errlen))
                return -1;
        }
    return 1;
}

static const char *const rep_columns[] = {"point", "policy", "total_cost",
                                          "purchase_cost"};
enum { R_POINT, R_POLICY, R_TOTAL, R_PURCHASE, R_COUNT };

static int load_replications(report *r, int *rcols)
{
    int rc = table_read(r->dir, "replications.csv", 0, &r->reps, r->err,
                        r->errlen);
    if (rc <= 0)
        return rc;
    r->has_reps = 1;
    if (need_columns(&r->reps, rep_columns, R_COUNT, rcols, r->err,
                     r->errlen))
        return -1;
    for (size_t row = 1; row < r->reps.rows; row++)
        for (int k = R_TOTAL; k < R_COUNT; k++) {
            double x;
            if (tnum(&r->reps, row, rcols[k], &x, r->err, r->errlen))
                return -1;
        }
    return 1;
}

/* ---- gnuplot scripts ----------------------------------------------------- */

/* Okabe-Ito: tells policies apart for colour-blind readers and on a
 * washed-out projector (yellow left out: invisible on white). */
static const char *const policy_colours[] = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
    "#000000"};
#define N_COLOURS (sizeof policy_colours / sizeof policy_colours[0])

static const char *colour(size_t i)
{
    return policy_colours[i % N_COLOURS];
}

static chart *add_chart(report *r, const char *name, const char *title,
                        const char *caption)
{
    if (r->n_charts == MAX_CHARTS)
        return NULL;
    chart *c = &r->charts[r->n_charts++];
    snprintf(c->name, sizeof c->name, "%s", name);
    snprintf(c->title, sizeof c->title, "%s", title);
    snprintf(c->caption, sizeof c->caption, "%s", caption);
    c->drawn = 0;
    return c;
}

/* The top of every script: what it draws, from what, how to re-run it. */
static void gp_begin(sbuf *g, const char *name, const char *title,
                     const char *source)
{
    sb_printf(g, "# %s.gp - ", name);
    sb_line(g, title);
    sb_printf(g,
              "\n"
              "#\n"
              "# Written by `jitsim report` from %s.dat (%s).\n"
              "# To restyle: edit this file, then run `gnuplot %s.gp` in "
              "this directory;\n"
              "# it writes %s.svg and %s.png (PNG with pngcairo when "
              "available).\n"
              "if (!exists(\"out\")) out = '%s'\n"
              "fontname = 'Helvetica'\n"
              "do for [fmt in \"svg png\"] {\n"
              "if (fmt eq \"svg\") {\n"
              "    set terminal svg size 960,540 font fontname.',16' "
              "noenhanced background '#ffffff'\n"
              "} else {\n"
              "    if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
              "        set terminal pngcairo size 1280,720 font "
              "fontname.',15' noenhanced background '#ffffff'\n"
              "    } else {\n"
              "        set terminal png size 1280,720 noenhanced "
              "background '#ffffff'\n"
              "    }\n"
              "}\n"
              "set output out.'.'.fmt\n"
              "# The chart: everything from here to `set output` is drawn "
              "once per format.\n"
              "reset\n"
              "set border 3 lw 1.5\n"
              "set tics nomirror\n"
              "set grid ytics lc rgb '#dddddd' lw 1\n"
              "set key outside right top vertical noautotitle\n",
              name, source, name, name, name, name);
}

static void gp_end(sbuf *g)
{
    sb_puts(g, "set output\n}\n");
}

static void gp_linetypes(sbuf *g, const report *r)
{
    for (size_t p = 0; p < r->n_policies; p++)
        sb_printf(g, "set linetype %zu lc rgb '%s' lw 2.5 pt 7 ps 1.4\n",
                  p + 1, colour(p));
}

/* Writes NAME.dat and NAME.gp into the charts directory. */
static int write_chart(report *r, const char *name, const sbuf *dat,
                       const sbuf *gp)
{
    char file[300];
    snprintf(file, sizeof file, "%s.dat", name);
    if (write_text(r->charts_dir, file, dat, r->err, r->errlen))
        return -1;
    snprintf(file, sizeof file, "%s.gp", name);
    return write_text(r->charts_dir, file, gp, r->err, r->errlen);
}

/* ---- charts of a run ----------------------------------------------------- */

/* inventory / backorders: a level over time, one step line per policy;
 * inventory_zoom: on hand over a sixth of the observed window (the first
 * disruption in it, if any), where a sawtooth can be counted. */
static int chart_levels(report *r, const int *tc, int level_col,
                        const char *name)
{
    int on_hand = strncmp(name, "inventory", 9) == 0;
    int zoom = strcmp(name, "inventory_zoom") == 0;
    const report_meta *m = r->meta;
    sbuf d = {0}, g = {0};
    sb_printf(&d, "# %s.dat - %s over time, replication 0 of each policy, "
                  "from timeseries.csv\n"
                  "# one block per policy (gnuplot index 0, 1, ...); "
                  "columns: t %s\n",
              name, on_hand ? "units on hand" : "units backordered",
              on_hand ? "on_hand" : "backorders");
    size_t blocks = 0;
    const char *block_policy[MAX_POLICIES];
    for (size_t p = 0; p < r->n_policies; p++) {
        size_t rows = 0;
        for (size_t row = 1; row < r->ts.rows; row++) {
            if (strcmp(tcell(&r->ts, row, (size_t)tc[T_POLICY]),
                       r->policies[p]) != 0 ||
                strtod(tcell(&r->ts, row, (size_t)tc[T_REP]), NULL) != 0.0)
                continue;
            if (rows++ == 0) {
                sb_puts(&d, blocks ? "\n\n# policy: " : "# policy: ");
                sb_puts(&d, r->policies[p]);
                sb_puts(&d, "\n");
            }
            sb_cell(&d, tcell(&r->ts, row, (size_t)tc[T_T]));
            sb_puts(&d, " ");
            sb_cell(&d, tcell(&r->ts, row, (size_t)level_col));
            sb_puts(&d, "\n");
        }
        if (rows)
            block_policy[blocks++] = r->policies[p];
    }
    if (!blocks) {
        sb_free(&d);
        return 0;
    }
    char title[256], caption[1024];
    double from = NAN, to = NAN;
    if (zoom) {
        if (!isfinite(m->horizon) || !isfinite(m->warmup)) {
            sb_free(&d);
            return 0;
        }
        double span = ceil((m->horizon - m->warmup) / 6.0);
        from = m->warmup;
        if (m->n_windows) {
            const meta_window *w = &m->windows[0];
            from = w->start - span / 3.0 > m->warmup ? w->start - span / 3.0
                                                     : m->warmup;
            if (w->end + span / 3.0 > from + span)
                span = w->end + span / 3.0 - from;
        }
        from = floor(from); /* a round start reads better */
        to = from + span < m->horizon ? from + span : m->horizon;
    }
    if (zoom)
        snprintf(title, sizeof title, "Inventory on hand, %s %.4g to %.4g "
                                      "(replication 0)",
                 m->time_unit, from, to);
    else
        snprintf(title, sizeof title, "%s over time (replication 0)",
                 on_hand ? "Inventory on hand" : "Backorders");
    if (zoom)
        snprintf(caption, sizeof caption,
                 "A closer look at the chart above: count the deliveries "
                 "and see how low the stock gets before each one. A push "
                 "policy's big, rare deliveries make tall teeth; a pull "
                 "loop's small, frequent ones keep the level low and "
                 "steady.");
    else if (on_hand)
        snprintf(caption, sizeof caption,
                 "Units on hand in the first replication of each policy, "
                 "on the same demand (common random numbers). Look at the "
                 "shape: a push policy's sawtooth (big deliveries run down "
                 "to the reorder point) against a pull loop's low, flat "
                 "line; and at what happens inside the shaded disruption "
                 "windows. The grey band is the warm-up, not measured.");
    else
        snprintf(caption, sizeof caption,
                 "Units demanded but not yet delivered, same replication. "
                 "Backorders appear when stock runs out: look for how "
                 "often, how high and how long, especially during and "
                 "after a disruption.");
    gp_begin(&g, name, title, "timeseries.csv");
    gp_linetypes(&g, r);
    sb_puts(&g, "set title ");
    sb_gpstr(&g, title);
    sb_printf(&g, "\nset xlabel '%s'\n", m->time_unit);
    sb_printf(&g, "set ylabel '%s'\n",
              on_hand ? "units on hand" : "units backordered");
    sb_puts(&g, "set yrange [0:*]\n");
    if (zoom)
        sb_printf(&g, "set xrange [%.10g:%.10g]\n", from, to);
    else if (isfinite(m->horizon))
        sb_printf(&g, "set xrange [0:%.10g]\n", m->horizon);
    int obj = 1;
    if (isfinite(m->warmup) && m->warmup > 0.0) {
        sb_printf(&g, "set object %d rect from 0, graph 0 to %.10g, graph "
                      "1 behind fc rgb '#e8e8e8' fs solid 1.0 noborder\n",
                  obj++, m->warmup);
        if (!zoom)
            sb_printf(&g, "set label 1 'warm-up' at %.10g, graph 0.96 "
                          "center tc rgb '#666666'\n",
                      m->warmup / 2.0);
    }
    for (size_t w = 0; w < m->n_windows; w++)
        sb_printf(&g, "set object %d rect from %.10g, graph 0 to %.10g, "
                      "graph 1 behind fc rgb '#f7d4c6' fs solid 1.0 "
                      "noborder\n",
                  obj++, m->windows[w].start, m->windows[w].end);
    sb_puts(&g, "plot ");
    for (size_t b = 0; b < blocks; b++) {
        size_t p = (size_t)policy_index(r, block_policy[b]);
        sb_printf(&g, "%s'%s.dat' index %zu using 1:2 with steps lt %zu "
                      "title ",
                  b ? ", \\\n     " : "", name, b, p + 1);
        sb_gpstr(&g, block_policy[b]);
    }
    if (m->n_windows)
        sb_printf(&g, ", \\\n     keyentry with boxes fc rgb '#f7d4c6' fs "
                      "solid 1.0 noborder title '%s'",
                  m->windows[0].effect[0] && strcmp(m->windows[0].effect,
                                                    "outage") == 0
                      ? "supplier outage"
                      : "disruption");
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = write_chart(r, name, &d, &g);
    if (rc == 0)
        add_chart(r, name, title, caption);
    sb_free(&d);
    sb_free(&g);
    return rc;
}

static const metric cost_parts[] = {
    METRIC_HOLDING_COST, METRIC_ORDERING_COST, METRIC_TRANSPORT_COST,
    METRIC_PURCHASE_COST, METRIC_SHORTAGE_COST, METRIC_SCRAP_COST};
static const char *const cost_labels[] = {"holding", "ordering", "transport",
                                          "purchase", "shortage", "scrap"};
static const char *const cost_colours[] = {"#0072B2", "#E69F00", "#009E73",
                                           "#bbbbbb", "#D55E00", "#CC79A7"};
#define N_COST_PARTS 6

/* costs (operating = 0) and costs_operating (purchase left out; the total's
 * interval from replications.csv, per replication total - purchase). */
static int chart_costs(report *r, int operating, const int *rc_cols)
{
    const char *name = operating ? "costs_operating" : "costs";
    const report_meta *m = r->meta;
    sbuf d = {0}, g = {0};
    sb_printf(&d, "# %s.dat - mean cost per %s by component, from "
                  "summary.csv%s\n# columns: policy",
              name, m->time_unit,
              operating ? "; the last three (operating total, its 95% CI) "
                          "computed from replications.csv as total_cost - "
                          "purchase_cost per replication"
                        : "");
    for (int k = 0; k < N_COST_PARTS; k++)
        if (!operating || cost_parts[k] != METRIC_PURCHASE_COST)
            sb_printf(&d, " %s", metric_name(cost_parts[k]));
    sb_puts(&d, operating ? " operating_cost operating_ci_low "
                            "operating_ci_high\n"
                          : " total_cost ci_low ci_high\n");
    int used[N_COST_PARTS] = {0};
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_datstr(&d, r->policies[p]);
        for (int k = 0; k < N_COST_PARTS; k++) {
            if (operating && cost_parts[k] == METRIC_PURCHASE_COST)
                continue;
            size_t row = row_of(r, 0, p, cost_parts[k]);
            double x = val(r, row, S_MEAN);
            if (isfinite(x) && x != 0.0)
                used[k] = 1;
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_MEAN));
        }
        size_t tot = row_of(r, 0, p, METRIC_TOTAL_COST);
        if (!operating) {
            sb_puts(&d, " ");
            sb_cell(&d, text(r, tot, S_MEAN));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, tot, S_LOW));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, tot, S_HIGH));
            sb_puts(&d, "\n");
            continue;
        }
        estimate e = {.mean = val(r, tot, S_MEAN) -
                              mean_of(r, 0, p, METRIC_PURCHASE_COST),
                      .low = NAN,
                      .high = NAN};
        if (r->has_reps) {
            size_t n = 0;
            double *x = malloc(r->reps.rows * sizeof *x);
            for (size_t row = 1; x && row < r->reps.rows; row++) {
                if (tcell(&r->reps, row, (size_t)rc_cols[R_POINT])[0] ||
                    strcmp(tcell(&r->reps, row, (size_t)rc_cols[R_POLICY]),
                           r->policies[p]) != 0)
                    continue;
                double a, b;
                tnum(&r->reps, row, rc_cols[R_TOTAL], &a, r->err, r->errlen);
                tnum(&r->reps, row, rc_cols[R_PURCHASE], &b, r->err,
                     r->errlen);
                if (isfinite(a) && isfinite(b))
                    x[n++] = a - b;
            }
            estimate got;
            if (x && n >= 2 && estimate_mean(x, n, 0.95, &got) == 0)
                e = got;
            free(x);
        }
        sb_puts(&d, " ");
        sb_num(&d, e.mean);
        sb_puts(&d, " ");
        sb_num(&d, e.low);
        sb_puts(&d, " ");
        sb_num(&d, e.high);
        sb_puts(&d, "\n");
    }
    char title[256], caption[1024];
    if (operating) {
        snprintf(title, sizeof title, "Costs the policy changes, per %s "
                                      "(purchase excluded)",
                 m->time_unit);
        snprintf(caption, sizeof caption,
                 "The same bars without the purchase cost, which is "
                 "usually the same for every policy (the same units are "
                 "bought) and hides the rest. This is the trade-off: "
                 "holding against ordering and shortage. Whiskers: 95%% "
                 "interval of this operating total over the "
                 "replications.");
    } else {
        snprintf(title, sizeof title, "Cost per %s by component (whiskers: "
                                      "95%% CI of the total)",
                 m->time_unit);
        snprintf(caption, sizeof caption,
                 "Mean cost per %s of each policy, stacked by component, "
                 "with the 95%% confidence interval of the total. When the "
                 "purchase cost dominates, read the next chart.",
                 m->time_unit);
    }
    gp_begin(&g, name, title, operating ? "summary.csv, replications.csv"
                                        : "summary.csv");
    sb_puts(&g, "set title ");
    sb_gpstr(&g, title);
    sb_printf(&g, "\nset ylabel 'cost per %s'\n"
                  "set style data histograms\n"
                  "set style histogram rowstacked\n"
                  "set style fill solid 0.9 border rgb '#333333'\n"
                  "set boxwidth 0.6\n"
                  "set yrange [0:*]\n"
                  "set xrange [-0.6:%zu.6]\n"
                  "set key outside right top vertical\n"
                  "set grid noxtics\n",
              m->time_unit, r->n_policies - 1);
    int col = 2, first = 1;
    sb_puts(&g, "plot ");
    for (int k = 0; k < N_COST_PARTS; k++) {
        if (operating && cost_parts[k] == METRIC_PURCHASE_COST)
            continue;
        if (used[k] || (k < 2 && first)) {
            sb_printf(&g, "%s'%s.dat' using %d%s lc rgb '%s' title '%s'",
                      first ? "" : ", \\\n     ", name, col,
                      first ? ":xtic(1)" : "", cost_colours[k],
                      cost_labels[k]);
            first = 0;
        }
        col++;
    }
    sb_printf(&g, ", \\\n     '%s.dat' using 0:%d:%d:%d with yerrorbars "
                  "lc rgb '#000000' lw 2 pt 7 ps 0.6 title '%s'\n",
              name, col, col + 1, col + 2,
              operating ? "operating total, 95% CI" : "total, 95% CI");
    gp_end(&g);
    int rc = write_chart(r, name, &d, &g);
    if (rc == 0)
        add_chart(r, name, title, caption);
    sb_free(&d);
    sb_free(&g);
    return rc;
}

/* service: fill rate, and customer lead time mean and p95. */
static int chart_service(report *r)
{
    const report_meta *m = r->meta;
    static const metric cols[] = {METRIC_FILL_RATE,
                                  METRIC_CUSTOMER_LEAD_TIME_MEAN,
                                  METRIC_CUSTOMER_LEAD_TIME_P95};
    sbuf d = {0}, g = {0};
    sb_puts(&d, "# service.dat - service per policy, from summary.csv "
                "(mean, 95% CI)\n# columns: policy");
    for (int k = 0; k < 3; k++)
        sb_printf(&d, " %s %s_ci_low %s_ci_high", metric_name(cols[k]),
                  metric_name(cols[k]), metric_name(cols[k]));
    sb_puts(&d, "\n");
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_datstr(&d, r->policies[p]);
        for (int k = 0; k < 3; k++) {
            size_t row = row_of(r, 0, p, cols[k]);
            static const int which[] = {S_MEAN, S_LOW, S_HIGH};
            for (int j = 0; j < 3; j++) {
                sb_puts(&d, " ");
                sb_cell(&d, text(r, row, which[j]));
            }
        }
        sb_puts(&d, "\n");
    }
    const char *title = "Service: fill rate and customer lead time (95% CI)";
    gp_begin(&g, "service", title, "summary.csv");
    gp_linetypes(&g, r);
    sb_printf(&g, "set xrange [-0.5:%zu.5]\nset xtics (", r->n_policies - 1);
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_puts(&g, p ? ", " : "");
        sb_gpstr(&g, r->policies[p]);
        sb_printf(&g, " %zu", p);
    }
    sb_printf(&g, ")\n"
                  "set multiplot layout 1,2 title '%s'\n"
                  "set title 'Fill rate (share of units shipped from stock)'\n"
                  "set ylabel 'fill rate'\n"
                  "set key off\n"
                  "plot 'service.dat' using 0:2:3:4 with yerrorbars lt 1 "
                  "title 'fill rate'\n"
                  "set key outside bottom center horizontal\n"
                  "set title 'Customer lead time'\n"
                  "set ylabel '%s'\n"
                  "set yrange [0:*]\n"
                  "plot 'service.dat' using ($0-0.12):5:6:7 with yerrorbars "
                  "lt 1 title 'mean', \\\n"
                  "     'service.dat' using ($0+0.12):8:9:10 with yerrorbars "
                  "lt 2 pt 9 title 'p95'\n"
                  "unset multiplot\n",
              title, m->time_unit);
    gp_end(&g);
    int rc = write_chart(r, "service", &d, &g);
    if (rc == 0)
        add_chart(r, "service", title,
                  "Left: the fill rate (units shipped from stock on "
                  "arrival, over units demanded). Right: how long a "
                  "customer order waits for full delivery, on average and "
                  "at the 95th percentile (0 when served from stock). "
                  "Bars: 95% confidence intervals over the replications.");
    sb_free(&d);
    sb_free(&g);
    return rc;
}

static const metric forest_metrics[] = {
    METRIC_TOTAL_COST,      METRIC_HOLDING_COST,
    METRIC_ORDERING_COST,   METRIC_TRANSPORT_COST,
    METRIC_PURCHASE_COST,   METRIC_SHORTAGE_COST,
    METRIC_AVG_ON_HAND,     METRIC_FILL_RATE,
    METRIC_READY_RATE,      METRIC_CUSTOMER_LEAD_TIME_MEAN,
    METRIC_ORDERS_PLACED,   METRIC_CASH_TIED_UP};
#define N_FOREST (sizeof forest_metrics / sizeof forest_metrics[0])

/* differences: a forest plot of the paired differences, in % of the
 * baseline's mean (the metrics have different units). */
static int chart_differences(report *r)
{
    if (r->baseline < 0 || r->n_policies < 2)
        return 0;
    size_t base = (size_t)r->baseline;
    const char *base_name = r->policies[base];
    /* Rows: the metrics with a baseline mean to divide by; for a line,
     * its work in progress, lead time and throughput too. */
    size_t candidates[N_FOREST + 3], n_candidates = 0;
    for (size_t i = 0; i < N_FOREST; i++)
        candidates[n_candidates++] = forest_metrics[i];
    if (r->n_stages) {
        static const char *const line_rows[] = {
            "avg_wip", "line_lead_time_mean", "throughput"};
        for (size_t i = 0; i < 3; i++) {
            int c = column_of(r, line_rows[i]);
            if (c >= 0)
                candidates[n_candidates++] = (size_t)c;
        }
    }
    size_t rows[N_FOREST + 3];
    size_t n_rows = 0;
    for (size_t i = 0; i < n_candidates; i++) {
        double bm = mean_of(r, 0, base, candidates[i]);
        int any = 0;
        for (size_t p = 0; p < r->n_policies; p++)
            if (p != base &&
                isfinite(val(r, row_of(r, 0, p, candidates[i]), S_DIFF)))
                any = 1;
        if (isfinite(bm) && bm > 0.0 && any)
            rows[n_rows++] = candidates[i];
    }
    if (!n_rows)
        return 0;
    size_t k = r->n_policies - 1;
    sbuf d = {0}, g = {0};
    sb_printf(&d, "# differences.dat - paired differences against %s, "
                  "from summary.csv\n# one block per policy; columns: y "
                  "metric diff diff_ci_low diff_ci_high baseline_mean\n",
              base_name);
    size_t b = 0;
    for (size_t p = 0; p < r->n_policies; p++) {
        if (p == base)
            continue;
        sb_printf(&d, "%s# policy: %s\n", b ? "\n\n" : "", r->policies[p]);
        for (size_t i = 0; i < n_rows; i++) {
            /* Metric i centred on y = -i, the policies spread around it. */
            double y = -(double)i + (k > 1 ? 0.3 * ((double)(k - 1) / 2.0 -
                                                    (double)b) /
                                                 (double)(k - 1) * 2.0
                                           : 0.0);
            size_t row = row_of(r, 0, p, rows[i]);
            sb_printf(&d, "%.4g ", y);
            sb_datstr(&d, r->col_names[rows[i]]);
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_DIFF));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_DLOW));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_DHIGH));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row_of(r, 0, base, rows[i]), S_MEAN));
            sb_puts(&d, "\n");
        }
        b++;
    }
    char title[256];
    snprintf(title, sizeof title, "Paired differences against %s "
                                  "(%% of %s's mean, 95%% CI)",
             base_name, base_name);
    gp_begin(&g, "differences", title, "summary.csv");
    gp_linetypes(&g, r);
    sb_puts(&g, "set title ");
    sb_gpstr(&g, title);
    sb_printf(&g, "\nset xlabel 'difference, %% of %s'\n"
                  "set yrange [%.1f:0.6]\n"
                  "set grid xtics noytics lc rgb '#dddddd'\n"
                  "set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb "
                  "'#333333' lw 1.5 dt 2\n"
                  "set ytics (",
              base_name, -(double)n_rows + 0.4);
    for (size_t i = 0; i < n_rows; i++) {
        sb_puts(&g, i ? ", " : "");
        sb_gpstr(&g, r->col_names[rows[i]]);
        sb_printf(&g, " %d", -(int)i);
    }
    sb_puts(&g, ")\n"
                "pct(x) = abs(x) >= 10 ? sprintf('%+.0f%%', x) : "
                "sprintf('%+.1f%%', x)\n"
                "plot ");
    b = 0;
    for (size_t p = 0; p < r->n_policies; p++) {
        if (p == base)
            continue;
        sb_printf(&g, "%s'differences.dat' index %zu using "
                      "(100*$3/$6):1:(100*$4/$6):(100*$5/$6) with xerrorbars "
                      "lt %zu title ",
                  b ? ", \\\n     " : "", b, p + 1);
        sb_gpstr(&g, r->policies[p]);
        sb_printf(&g, ", \\\n     'differences.dat' index %zu using "
                      "(100*$3/$6):1:(pct(100*$3/$6)) with labels offset "
                      "0,0.8 tc lt %zu notitle",
                  b, p + 1);
        b++;
    }
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = write_chart(r, "differences", &d, &g);
    if (rc == 0) {
        char caption[1024];
        snprintf(caption, sizeof caption,
                 "Each policy minus %s, replication by replication (same "
                 "random numbers), as a percentage of %s's mean, with the "
                 "95%% interval of the paired difference. A bar wholly "
                 "left of the dashed zero line means lower than %s for "
                 "sure (at 95%%), wholly right higher; a bar across zero "
                 "means no clear difference.",
                 base_name, base_name, base_name);
        add_chart(r, "differences", title, caption);
    }
    sb_free(&d);
    sb_free(&g);
    return rc;
}

/* ---- charts of a line --------------------------------------------------- */

/* One row of wip_by_stage.dat: a label and, per policy, the mean and
 * interval of column c. */
static void wip_row(report *r, sbuf *d, const char *label, int c)
{
    sb_datstr(d, label);
    for (size_t p = 0; p < r->n_policies; p++) {
        size_t row = c >= 0 ? row_of(r, 0, p, (size_t)c) : 0;
        static const int which[] = {S_MEAN, S_LOW, S_HIGH};
        for (int j = 0; j < 3; j++) {
            sb_puts(d, " ");
            sb_cell(d, text(r, row, which[j]));
        }
    }
    sb_puts(d, "\n");
}

/* wip_by_stage: grouped bars, for each stage and then the buffer after
 * it (the last stage's is the finished store, left out), the mean WIP of
 * each policy with its 95% interval: where a line keeps its work. */
static int chart_wip_by_stage(report *r)
{
    if (!r->n_stages)
        return 0;
    sbuf d = {0}, g = {0};
    sb_puts(&d, "# wip_by_stage.dat - mean units at each stage (queued for "
                "it or in it) and in the buffer after it, from summary.csv "
                "(STAGE.wip, STAGE.buffer: mean, ci_low, ci_high)\n# one "
                "row per stage and buffer; columns: label, then for each "
                "policy in turn: mean ci_low ci_high (");
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_puts(&d, p ? ", " : "");
        sb_line(&d, r->policies[p]);
    }
    sb_puts(&d, ")\n");
    size_t rows = 0;
    for (size_t k = 0; k < r->n_stages; k++) {
        wip_row(r, &d, r->stages[k], r->stage_col[k][STAGE_WIP]);
        rows++;
        if (k + 1 < r->n_stages) {
            char label[METRIC_NAME_MAX + 16];
            snprintf(label, sizeof label, "%s buffer", r->stages[k]);
            wip_row(r, &d, label, r->stage_col[k][STAGE_BUFFER]);
            rows++;
        }
    }
    const char *title =
        "Work in progress by stage and buffer (mean, whiskers: 95% CI)";
    gp_begin(&g, "wip_by_stage", title, "summary.csv");
    gp_linetypes(&g, r);
    sb_puts(&g, "set title ");
    sb_gpstr(&g, title);
    sb_printf(&g, "\nset ylabel 'units at the stage, or in the buffer "
                  "after it'\n"
                  "set style data histograms\n"
                  "set style histogram errorbars gap 2 lw 1.5\n"
                  "set style fill solid 0.85 border rgb '#333333'\n"
                  "set boxwidth 0.9\n"
                  "set yrange [0:*]\n"
                  "set xrange [-0.6:%zu.6]\n"
                  "set xtics rotate by -30\n"
                  "set grid noxtics\n"
                  "plot ",
              rows - 1);
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_printf(&g, "%s'wip_by_stage.dat' using %zu:%zu:%zu%s lt %zu "
                      "title ",
                  p ? ", \\\n     " : "", 2 + 3 * p, 3 + 3 * p, 4 + 3 * p,
                  p ? "" : ":xtic(1)", p + 1);
        sb_gpstr(&g, r->policies[p]);
    }
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = write_chart(r, "wip_by_stage", &d, &g);
    if (rc == 0)
        add_chart(r, "wip_by_stage", title,
                  "Mean units at each stage of the line (queued for it or "
                  "in it) and in the buffer after it, for each policy, "
                  "with the 95% interval over the replications. Kanban "
                  "keeps its cards in the buffers; a push line lets work "
                  "pile up before the bottleneck or after a stage that "
                  "breaks down.");
    sb_free(&d);
    sb_free(&g);
    return rc;
}

/* The states of a stage's machines, in the order of the stacks. */
static const stage_metric utilisation_states[] = {
    STAGE_BUSY,    STAGE_SETUP,   STAGE_DOWN, STAGE_MAINTENANCE,
    STAGE_STARVED, STAGE_BLOCKED, STAGE_IDLE};
static const char *const utilisation_colours[] = {
    "#009E73", "#E69F00", "#D55E00", "#CC79A7",
    "#56B4E9", "#0072B2", "#d9d9d9"};
#define N_STATES 7

/* stage_utilisation: for each stage a group of stacked bars, one per
 * policy, splitting machine time into busy, setup, down, maintenance,
 * starved, blocked and idle (states zero everywhere left out). */
static int chart_stage_utilisation(report *r)
{
    if (!r->n_stages)
        return 0;
    int used[N_STATES] = {1, 0, 0, 0, 0, 0, 0};
    for (size_t k = 0; k < r->n_stages; k++)
        for (int s = 0; s < N_STATES; s++) {
            int c = r->stage_col[k][utilisation_states[s]];
            for (size_t p = 0; c >= 0 && p < r->n_policies; p++) {
                double x = mean_of(r, 0, p, (size_t)c);
                if (isfinite(x) && x != 0.0)
                    used[s] = 1;
            }
        }
    sbuf d = {0}, g = {0};
    sb_puts(&d, "# stage_utilisation.dat - mean share of machine time in "
                "each state, from summary.csv (STAGE.busy, ...)\n"
                "# one block per stage (gnuplot index 0, 1, ...), one row "
                "per policy; columns: policy");
    for (int s = 0; s < N_STATES; s++)
        sb_printf(&d, " %s", stage_metric_name(utilisation_states[s]));
    sb_puts(&d, "\n");
    for (size_t k = 0; k < r->n_stages; k++) {
        sb_puts(&d, k ? "\n\n# stage: " : "# stage: ");
        sb_line(&d, r->stages[k]);
        sb_puts(&d, "\n");
        for (size_t p = 0; p < r->n_policies; p++) {
            sb_datstr(&d, r->policies[p]);
            for (int s = 0; s < N_STATES; s++) {
                int c = r->stage_col[k][utilisation_states[s]];
                sb_puts(&d, " ");
                sb_cell(&d, text(r, c >= 0 ? row_of(r, 0, p, (size_t)c) : 0,
                                 S_MEAN));
            }
            sb_puts(&d, "\n");
        }
    }
    const char *title = "How each stage's machines spend their time (mean)";
    gp_begin(&g, "stage_utilisation", title, "summary.csv");
    sb_puts(&g, "set title ");
    sb_gpstr(&g, title);
    sb_printf(&g, "\nset ylabel 'share of machine time'\n"
                  "set format y '%%.0f%%%%'\n"
                  "set style data histograms\n"
                  "set style histogram rowstacked title offset 0,-1.4\n"
                  "set style fill solid 0.9 border rgb '#333333'\n"
                  "set boxwidth 0.75\n"
                  "set yrange [0:105]\n"
                  "set key outside right top vertical\n"
                  "set grid noxtics\n"
                  "set xtics rotate by -30 left\n"
                  "set bmargin 7\n"
                  "plot ");
    for (size_t k = 0; k < r->n_stages; k++) {
        sb_puts(&g, k ? ", \\\n     newhistogram " : "newhistogram ");
        sb_gpstr(&g, r->stages[k]);
        int first = 1;
        for (int s = 0; s < N_STATES; s++) {
            if (!used[s])
                continue;
            sb_printf(&g, ", \\\n       'stage_utilisation.dat' index %zu "
                          "using (100*$%d)%s lc rgb '%s' ",
                      k, 2 + s, first ? ":xtic(1)" : "",
                      utilisation_colours[s]);
            if (k == 0)
                sb_printf(&g, "title '%s'",
                          stage_metric_name(utilisation_states[s]));
            else
                sb_puts(&g, "notitle");
            first = 0;
        }
    }
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = write_chart(r, "stage_utilisation", &d, &g);
    if (rc == 0)
        add_chart(r, "stage_utilisation", title,
                  "For each stage (groups) and policy (bars), the share of "
                  "machine time spent busy, setting up, broken down, in "
                  "maintenance, starved (allowed to work but nothing to "
                  "work on), blocked (work waiting but not allowed: no "
                  "kanban card, a cap reached) and idle; each bar sums to "
                  "100%. States at zero everywhere are left out. A "
                  "bottleneck is busy nearly all the time; the stages after "
                  "it starve, those before it are blocked.");
    sb_free(&d);
    sb_free(&g);
    return rc;
}

/* ---- charts of a sweep --------------------------------------------------- */

static const metric sweep_metrics[] = {METRIC_TOTAL_COST, METRIC_FILL_RATE,
                                       METRIC_AVG_ON_HAND,
                                       METRIC_CUSTOMER_LEAD_TIME_MEAN};
#define N_SWEEP_METRICS 4

static int isalnum_ascii(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* A file-name-safe version of a parameter path. */
static void safe_name(char *out, size_t len, const char *s)
{
    size_t i = 0;
    for (; *s && i + 1 < len; s++)
        out[i++] = (isalnum_ascii(*s) || *s == '-') ? *s : '_';
    out[i] = '\0';
}

/* Whether the point exists (some row for the first policy). */
static int point_present(const report *r, size_t pt)
{
    return r->present[pt];
}

/* The points along axis k with every other axis at the first point's
 * value, sorted by axis k's value. */
static size_t axis_points(const report *r, size_t k, size_t *out)
{
    size_t first = 0;
    while (first < r->n_points && !point_present(r, first))
        first++;
    size_t n = 0;
    for (size_t pt = first; pt < r->n_points; pt++) {
        if (!point_present(r, pt))
            continue;
        int same = 1;
        for (size_t j = 0; j < r->n_params; j++)
            if (j != k && !(r->param[pt * r->n_params + j] ==
                            r->param[first * r->n_params + j]))
                same = 0;
        if (same)
            out[n++] = pt;
    }
    /* Insertion sort: axes are short. */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 &&
                           r->param[out[j] * r->n_params + k] <
                               r->param[out[j - 1] * r->n_params + k];
             j--) {
            size_t t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

static int chart_sweep_lines(report *r, size_t k, size_t m, size_t *pts)
{
    const char *column = r->col_names[m];
    size_t n = axis_points(r, k, pts);
    if (n < 2)
        return 0;
    const char *param = tcell(&r->summary, 0, (size_t)r->param_col[k]);
    char safe[96], safe_metric[METRIC_NAME_MAX], name[200];
    safe_name(safe, sizeof safe, param);
    safe_name(safe_metric, sizeof safe_metric, column);
    snprintf(name, sizeof name, "%s_vs_%s", safe_metric, safe);
    sbuf d = {0}, g = {0};
    sb_printf(&d, "# %s.dat - %s against %s, from summary.csv\n"
                  "# one block per policy; columns: %s mean ci_low ci_high "
                  "point\n",
              name, column, param, param);
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_printf(&d, "%s# policy: %s\n", p ? "\n\n" : "", r->policies[p]);
        for (size_t i = 0; i < n; i++) {
            size_t row = row_of(r, pts[i], p, m);
            sb_cell(&d, row ? tcell(&r->summary, row,
                                    (size_t)r->param_col[k])
                            : "");
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_MEAN));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_LOW));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_HIGH));
            sb_printf(&d, " %zu\n", pts[i]);
        }
    }
    char title[256];
    snprintf(title, sizeof title, "%s against %s (band: 95%% CI)",
             column, param);
    gp_begin(&g, name, title, "summary.csv");
    gp_linetypes(&g, r);
    sb_puts(&g, "set title ");
    sb_gpstr(&g, title);
    sb_puts(&g, "\nset xlabel ");
    sb_gpstr(&g, param);
    sb_puts(&g, "\nset ylabel ");
    sb_gpstr(&g, column);
    sb_puts(&g, "\nset style fill transparent solid 0.2 noborder\nplot ");
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_printf(&g, "%s'%s.dat' index %zu using 1:3:4 with filledcurves "
                      "lc rgb '%s' notitle, \\\n     '%s.dat' index %zu "
                      "using 1:2 with linespoints lt %zu title ",
                  p ? ", \\\n     " : "", name, p, colour(p), name, p,
                  p + 1);
        sb_gpstr(&g, r->policies[p]);
    }
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = write_chart(r, name, &d, &g);
    if (rc == 0) {
        char caption[1024];
        snprintf(caption, sizeof caption,
                 "Mean %s of each policy as %s varies%s, with its 95%% "
                 "interval as a band. Where the lines cross, the better "
                 "policy changes.",
                 column, param,
                 r->n_params > 1 ? " (the other swept parameters at their "
                                   "first value)"
                                 : "");
        add_chart(r, name, title, caption);
    }
    sb_free(&d);
    sb_free(&g);
    return rc;
}

/* Distinct values of axis k over the present points, sorted. */
static size_t axis_values(const report *r, size_t k, double *out)
{
    size_t n = 0;
    for (size_t pt = 0; pt < r->n_points; pt++) {
        if (!point_present(r, pt))
            continue;
        double v = r->param[pt * r->n_params + k];
        size_t i = 0;
        while (i < n && out[i] < v)
            i++;
        if (i < n && out[i] == v)
            continue;
        memmove(out + i + 1, out + i, (n - i) * sizeof *out);
        out[i] = v;
        n++;
    }
    return n;
}

static size_t value_index(const double *v, size_t n, double x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return i;
    return n;
}

/* heatmap_POLICY: the paired difference in total cost over the first two
 * swept parameters, in % of the baseline. */
static int chart_heatmap(report *r, size_t p, double *xs, double *ys)
{
    size_t base = (size_t)r->baseline;
    size_t nx = axis_values(r, 0, xs), ny = axis_values(r, 1, ys);
    if (nx < 2 || ny < 2)
        return 0;
    const char *px = tcell(&r->summary, 0, (size_t)r->param_col[0]);
    const char *py = tcell(&r->summary, 0, (size_t)r->param_col[1]);
    char safe[96], name[128];
    safe_name(safe, sizeof safe, r->policies[p]);
    snprintf(name, sizeof name, "heatmap_%s", safe);
    sbuf d = {0}, g = {0};
    sb_printf(&d, "# %s.dat - paired difference in total_cost, %s minus "
                  "%s, from summary.csv\n# columns: i j %s %s diff "
                  "diff_ci_low diff_ci_high baseline_mean point\n",
              name, r->policies[p], r->policies[base], px, py);
    double extent = 0.0, best = INFINITY;
    size_t best_i = 0, best_j = 0;
    int have_best = 0;
    for (size_t pt = 0; pt < r->n_points; pt++) {
        if (!point_present(r, pt))
            continue;
        /* Every other axis at the first point's value. */
        int other = 0;
        for (size_t j = 2; j < r->n_params; j++)
            if (!(r->param[pt * r->n_params + j] == r->param[j]))
                other = 1;
        if (other)
            continue;
        size_t i = value_index(xs, nx, r->param[pt * r->n_params]);
        size_t j = value_index(ys, ny, r->param[pt * r->n_params + 1]);
        size_t row = row_of(r, pt, p, METRIC_TOTAL_COST);
        size_t brow = row_of(r, pt, base, METRIC_TOTAL_COST);
        double rel = 100.0 * val(r, row, S_DIFF) / val(r, brow, S_MEAN);
        if (isfinite(rel)) {
            if (fabs(rel) > extent)
                extent = fabs(rel);
            if (rel < best) {
                best = rel;
                best_i = i;
                best_j = j;
                have_best = 1;
            }
        }
        sb_printf(&d, "%zu %zu ", i, j);
        sb_cell(&d, tcell(&r->summary, row ? row : brow,
                          (size_t)r->param_col[0]));
        sb_puts(&d, " ");
        sb_cell(&d, tcell(&r->summary, row ? row : brow,
                          (size_t)r->param_col[1]));
        sb_puts(&d, " ");
        sb_cell(&d, text(r, row, S_DIFF));
        sb_puts(&d, " ");
        sb_cell(&d, text(r, row, S_DLOW));
        sb_puts(&d, " ");
        sb_cell(&d, text(r, row, S_DHIGH));
        sb_puts(&d, " ");
        sb_cell(&d, text(r, brow, S_MEAN));
        sb_printf(&d, " %zu\n", pt);
    }
    if (!(extent > 0.0))
        extent = 1.0;
    char title[256];
    snprintf(title, sizeof title, "Total cost, %s minus %s (%% of %s)",
             r->policies[p], r->policies[base], r->policies[base]);
    gp_begin(&g, name, title, "summary.csv");
    sb_puts(&g, "set title ");
    sb_gpstr(&g, title);
    sb_puts(&g, "\nset xlabel ");
    sb_gpstr(&g, px);
    sb_puts(&g, "\nset ylabel ");
    sb_gpstr(&g, py);
    sb_printf(&g, "\nset grid noytics\n"
                  "set palette defined (-1 '#2166AC', 0 '#F7F7F7', 1 "
                  "'#B2182B')\n"
                  "set cbrange [%.4g:%.4g]\n"
                  "set cblabel '%% difference (blue: %s cheaper)'\n"
                  "set xrange [-0.5:%zu.5]\nset yrange [-0.5:%zu.5]\n"
                  "set xtics (",
              -extent, extent, r->policies[p], nx - 1, ny - 1);
    for (size_t i = 0; i < nx; i++)
        sb_printf(&g, "%s'%.6g' %zu", i ? ", " : "", xs[i], i);
    sb_puts(&g, ")\nset ytics (");
    for (size_t j = 0; j < ny; j++)
        sb_printf(&g, "%s'%.6g' %zu", j ? ", " : "", ys[j], j);
    sb_puts(&g, ")\n");
    if (have_best)
        sb_printf(&g, "set object 1 rect from %g,%g to %g,%g front fs "
                      "empty border lc rgb '#000000' lw 4\n",
                  (double)best_i - 0.46, (double)best_j - 0.46,
                  (double)best_i + 0.46, (double)best_j + 0.46);
    /* A label in parentheses: the interval straddles zero. */
    sb_printf(&g, "straddles(lo, hi) = (lo <= 0 && hi >= 0)\n"
                  "cell(d, lo, hi, b) = straddles(lo, hi) ? "
                  "sprintf('(%%+.0f%%%%)', 100*d/b) : "
                  "sprintf('%%+.0f%%%%', 100*d/b)\n"
                  "plot '%s.dat' using 1:2:(100*$5/$8) with image "
                  "notitle, \\\n     '%s.dat' using 1:2:(cell($5,$6,$7,$8)) "
                  "with labels tc rgb '#000000' notitle\n",
              name, name);
    gp_end(&g);
    int rc = write_chart(r, name, &d, &g);
    if (rc == 0) {
        char caption[1024];
        snprintf(caption, sizeof caption,
                 "Paired difference in total cost, %s minus %s, over the "
                 "grid of %s and %s, in %% of %s's cost%s. Blue: %s is "
                 "cheaper; red: %s is. A value in parentheses: the 95%% "
                 "interval straddles zero, no clear winner there. The "
                 "framed cell is the point where %s gains most.",
                 r->policies[p], r->policies[base], px, py,
                 r->policies[base],
                 r->n_params > 2 ? " (other parameters at their first "
                                   "value)"
                                 : "",
                 r->policies[p], r->policies[base], r->policies[p]);
        add_chart(r, name, title, caption);
    }
    sb_free(&d);
    sb_free(&g);
    return rc;
}

/* ---- drawing ------------------------------------------------------------- */

static void remove_in(const char *dir, const char *name)
{
    char path[PATH_BUF];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    remove(path);
}

/* Runs `gnuplot -e "out='.NAME.tmp'" NAME.gp` in the charts directory and
 * renames its SVG and PNG. 0, or -1 with gnuplot's first complaint. */
static int draw(report *r, const char *gnuplot, chart *c)
{
    char out_arg[300], script[300], log_name[300];
    snprintf(out_arg, sizeof out_arg, "out='.%s.tmp'", c->name);
    snprintf(script, sizeof script, "%s.gp", c->name);
    snprintf(log_name, sizeof log_name, ".%s.log", c->name);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(r->err, r->errlen, "cannot start gnuplot (%s)",
                 strerror(errno));
        return -1;
    }
    if (pid == 0) {
        /* The child: only async-signal-safe calls until exec. */
        if (chdir(r->charts_dir) != 0)
            _exit(126);
        int log = open(log_name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int null = open("/dev/null", O_RDONLY);
        if (log >= 0) {
            dup2(log, 1);
            dup2(log, 2);
        }
        if (null >= 0)
            dup2(null, 0);
        char *argv[] = {(char *)"gnuplot", (char *)"-e", out_arg, script,
                        NULL};
        execv(gnuplot, argv);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            status = -1;
            break;
        }
    char tmp_svg[300], tmp_png[300];
    snprintf(tmp_svg, sizeof tmp_svg, ".%s.tmp.svg", c->name);
    snprintf(tmp_png, sizeof tmp_png, ".%s.tmp.png", c->name);
    char a[PATH_BUF], b[PATH_BUF];
    int ok = status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    snprintf(a, sizeof a, "%s/%s", r->charts_dir, tmp_svg);
    ok = ok && file_exists(a);
    snprintf(a, sizeof a, "%s/%s", r->charts_dir, tmp_png);
    ok = ok && file_exists(a);
    if (!ok) {
        char why[300] = "";
        snprintf(a, sizeof a, "%s/%s", r->charts_dir, log_name);
        FILE *f = fopen(a, "r");
        if (f) {
            /* gnuplot's message: the last non-empty line of its output. */
            char line[300];
            while (fgets(line, sizeof line, f))
                if (line[0] != '\n' && line[0] != '\r' && line[0] != ' ') {
                    line[strcspn(line, "\r\n")] = '\0';
                    snprintf(why, sizeof why, "%s", line);
                }
            fclose(f);
        }
        snprintf(r->err, r->errlen, "gnuplot failed on %s/%s%s%s; run "
                                    "`gnuplot %s` there to see why",
                 r->charts_dir, script, why[0] ? ": " : "", why, script);
        remove_in(r->charts_dir, tmp_svg);
        remove_in(r->charts_dir, tmp_png);
        remove_in(r->charts_dir, log_name);
        return -1;
    }
    remove_in(r->charts_dir, log_name);
    const char *tmps[] = {tmp_svg, tmp_png};
    const char *exts[] = {"svg", "png"};
    for (int i = 0; i < 2; i++) {
        snprintf(a, sizeof a, "%s/%s", r->charts_dir, tmps[i]);
        snprintf(b, sizeof b, "%s/%s.%s", r->charts_dir, c->name, exts[i]);
        if (rename(a, b) != 0) {
            snprintf(r->err, r->errlen, "%s: cannot write (%s)", b,
                     strerror(errno));
            remove(a);
            return -1;
        }
    }
    c->drawn = 1;
    return 0;
}

/* ---- report.html --------------------------------------------------------- */

static const char css[] =
    ":root{--ink:#1b1b1b;--muted:#555;--line:#d5d5d5;--accent:#0072B2;"
    "--paper:#fff;--soft:#f4f6f8}\n"
    "*{box-sizing:border-box}\n"
    "html{font-size:18px}\n"
    "body{margin:0;background:var(--paper);color:var(--ink);"
    "font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,"
    "sans-serif;line-height:1.5}\n"
    "main{max-width:1120px;margin:0 auto;padding:2rem 1.5rem 4rem}\n"
    "h1{font-size:2.1rem;line-height:1.2;margin:0 0 .4rem}\n"
    "h2{font-size:1.5rem;margin:2.6rem 0 .8rem;padding-bottom:.25rem;"
    "border-bottom:3px solid var(--accent)}\n"
    "h3{font-size:1.2rem;margin:1.6rem 0 .5rem}\n"
    ".meta{color:var(--muted);margin:0 0 1.2rem}\n"
    ".description{white-space:pre-wrap;background:var(--soft);"
    "border-left:5px solid var(--accent);padding:1rem 1.25rem;margin:0;"
    "font-family:inherit;font-size:1rem}\n"
    "nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem "
    "1.2rem;margin:1rem 0}\n"
    "nav a{color:var(--accent)}\n"
    ".sentences li{font-size:1.2rem;margin:.5rem 0}\n"
    "table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;"
    "font-variant-numeric:tabular-nums}\n"
    "th,td{padding:.4rem .6rem;border-bottom:1px solid var(--line);"
    "text-align:right;vertical-align:top}\n"
    "th:first-child,td:first-child{text-align:left}\n"
    "thead th{border-bottom:2px solid var(--ink)}\n"
    "td.params,th.params{text-align:left}\n"
    "tr.baseline td{font-weight:600}\n"
    ".lower{color:#005a8c}.higher{color:#a33a00}\n"
    ".unit{color:var(--muted);font-size:.85em}\n"
    "figure{margin:2rem 0;page-break-inside:avoid;break-inside:avoid}\n"
    "figure svg{display:block;width:100%;height:auto;"
    "border:1px solid var(--line)}\n"
    "figcaption{color:var(--muted);margin-top:.5rem}\n"
    "figcaption b{color:var(--ink)}\n"
    ".note{background:#fff4e0;border-left:5px solid #E69F00;"
    "padding:.8rem 1.1rem}\n"
    "code{font-size:.92em;background:var(--soft);padding:0 .25em}\n"
    "footer{color:var(--muted);margin-top:3rem;font-size:.9rem}\n"
    "@media (min-width:1600px){html{font-size:22px}main{max-width:1500px}}\n"
    "@media (max-width:700px){html{font-size:16px}main{padding:1rem}}\n"
    "@media print{html{font-size:11pt}main{max-width:none;padding:0}"
    "nav{display:none}h2{break-after:avoid;page-break-after:avoid}"
    "table,figure,.description,.sentences{break-inside:avoid;"
    "page-break-inside:avoid}figure svg{border:none}"
    "a{color:inherit;text-decoration:none}"
    ".description{background:none;border-left:3px solid #999}"
    "@page{margin:14mm}}\n";

static const metric table_metrics[] = {
    METRIC_TOTAL_COST,      METRIC_HOLDING_COST,
    METRIC_ORDERING_COST,   METRIC_TRANSPORT_COST,
    METRIC_PURCHASE_COST,   METRIC_SHORTAGE_COST,
    METRIC_FILL_RATE,       METRIC_READY_RATE,
    METRIC_AVG_ON_HAND,     METRIC_CUSTOMER_LEAD_TIME_MEAN,
    METRIC_CUSTOMER_LEAD_TIME_P95, METRIC_ORDERS_PLACED,
    METRIC_TURNOVER,        METRIC_CASH_TIED_UP};
#define N_TABLE (sizeof table_metrics / sizeof table_metrics[0])

static void html_estimate(sbuf *h, const report *r, size_t row)
{
    double mean = val(r, row, S_MEAN);
    double hw = (val(r, row, S_HIGH) - val(r, row, S_LOW)) / 2.0;
    if (!isfinite(mean))
        sb_puts(h, "&ndash;");
    else if (!isfinite(hw))
        sb_printf(h, "%.4g", mean);
    else
        sb_printf(h, "%.4g &plusmn; %.2g", mean, hw);
}

/* Copies an SVG file into the page: without the XML prolog and the
 * namespace declarations (an HTML parser needs none), with its ids
 * prefixed (several gnuplot charts share the same ids) and its title set. */
static int html_svg(sbuf *h, const report *r, const chart *c, size_t index)
{
    char path[PATH_BUF];
    snprintf(path, sizeof path, "%s/%s.svg", r->charts_dir, c->name);
    size_t len;
    char *svg = read_all(path, &len);
    if (!svg)
        return -1;
    const char *s = strstr(svg, "<svg");
    if (!s) {
        free(svg);
        return -1;
    }
    char prefix[32];
    snprintf(prefix, sizeof prefix, "c%zu-", index);
    const char *tag_end = strchr(s, '>');
    const char *end = svg + len;
    for (const char *p = s; p < end;) {
        if (p < tag_end && strncmp(p, " xmlns", 6) == 0) {
            /* Skip the attribute up to its closing quote. */
            const char *q = strpbrk(p, "\"'");
            const char *close = q ? strchr(q + 1, *q) : NULL;
            if (close && close < tag_end) {
                p = close + 1;
                continue;
            }
        }
        if (p == tag_end) {
            sb_puts(h, " role=\"img\" aria-label=\"");
            sb_html(h, c->title);
            sb_puts(h, "\">");
            p++;
            continue;
        }
        if (p > svg && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n') &&
            (strncmp(p, "id='", 4) == 0 || strncmp(p, "id=\"", 4) == 0)) {
            sb_put(h, p, 4);
            sb_puts(h, prefix);
            p += 4;
            continue;
        }
        if (strncmp(p, "href='#", 7) == 0 || strncmp(p, "href=\"#", 7) == 0 ||
            strncmp(p, "url(#", 5) == 0) {
            size_t n = p[0] == 'u' ? 5 : 7;
            sb_put(h, p, n);
            sb_puts(h, prefix);
            p += n;
            continue;
        }
        if (strncmp(p, "<title>gnuplot_plot_", 20) == 0 &&
            strstr(p, "</title>")) {
            /* A tooltip naming gnuplot's plot number helps no reader. */
            p = strstr(p, "</title>") + 8;
            continue;
        }
        if (strncmp(p, "<title>Gnuplot</title>", 22) == 0) {
            sb_puts(h, "<title>");
            sb_html(h, c->title);
            sb_puts(h, "</title>");
            p += 22;
            continue;
        }
        sb_put(h, p, 1);
        p++;
    }
    free(svg);
    return 0;
}

/* The unit of a column: a metric's, or a line column's by its measure. */
static const char *column_unit(const report *r, size_t c)
{
    if (c < METRIC_COUNT)
        return metric_unit((metric)c);
    const char *name = r->col_names[c];
    static const struct {
        const char *name, *unit;
    } units[] = {
        /* line_metric's columns (models/line/spec.c) */
        {"throughput", "units/time"}, {"line_lead_time_mean", "time"},
        {"line_lead_time_p95", "time"}, {"setups", "setups"},
        {"setup_time", "time"},        {"reworked_units", "units"},
        {"availability", "fraction"},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(name, units[i].name) == 0)
            return units[i].unit;
    return "";
}

/* Rows of the comparison table: the main metrics, then a line's own. */
static size_t html_rows(const report *r, size_t *rows)
{
    size_t n = 0;
    for (size_t i = 0; i < N_TABLE; i++)
        rows[n++] = table_metrics[i];
    if (r->n_stages)
        for (int m = 0; m < LINE_METRIC_COUNT; m++) {
            int c = column_of(r, line_metric_name((line_metric)m));
            if (c >= 0)
                rows[n++] = (size_t)c;
        }
    if (r->n_stages && column_of(r, "avg_wip") >= 0)
        rows[n++] = METRIC_AVG_WIP;
    return n;
}

/* A line's stages: for each stage and policy, the mean of each measure
 * (fractions of machine time in %). */
static void html_stage_table(sbuf *h, const report *r)
{
    static const stage_metric cols[] = {
        STAGE_WIP,     STAGE_FLOW_TIME, STAGE_THROUGHPUT,  STAGE_BUFFER,
        STAGE_BUSY,    STAGE_SETUP,     STAGE_DOWN,        STAGE_MAINTENANCE,
        STAGE_STARVED, STAGE_BLOCKED,   STAGE_IDLE};
    size_t n_cols = sizeof cols / sizeof cols[0];
    sb_puts(h, "<h2 id=\"stages\">Stages (means over the replications; "
               "machine time in %)</h2>\n<table>\n<thead><tr><th>stage</th>"
               "<th class=\"params\">policy</th>");
    for (size_t c = 0; c < n_cols; c++)
        sb_printf(h, "<th>%s</th>", stage_metric_name(cols[c]));
    sb_puts(h, "</tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < r->n_stages; k++)
        for (size_t p = 0; p < r->n_policies; p++) {
            sb_puts(h, "<tr><td>");
            if (p == 0)
                sb_html(h, r->stages[k]);
            sb_puts(h, "</td><td class=\"params\">");
            sb_html(h, r->policies[p]);
            sb_puts(h, "</td>");
            for (size_t c = 0; c < n_cols; c++) {
                int col = r->stage_col[k][cols[c]];
                double x = col >= 0 ? mean_of(r, 0, p, (size_t)col) : NAN;
                if (!isfinite(x))
                    sb_puts(h, "<td>&ndash;</td>");
                else if (cols[c] >= STAGE_BUSY && cols[c] <= STAGE_IDLE)
                    sb_printf(h, "<td>%.1f</td>", 100.0 * x);
                else
                    sb_printf(h, "<td>%.4g</td>", x);
            }
            sb_puts(h, "</tr>\n");
        }
    sb_puts(h, "</tbody>\n</table>\n");
}

static void html_run_tables(sbuf *h, const report *r)
{
    size_t rows[N_TABLE + LINE_METRIC_COUNT + 1];
    size_t n_rows = html_rows(r, rows);
    sb_puts(h, "<h2 id=\"table\">Comparison (mean &plusmn; 95% "
               "confidence interval)</h2>\n<table>\n<thead><tr><th>metric"
               "</th>");
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_puts(h, "<th>");
        sb_html(h, r->policies[p]);
        sb_puts(h, (int)p == r->baseline ? " <span class=\"unit\">"
                                           "(baseline)</span></th>"
                                         : "</th>");
    }
    sb_puts(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n_rows; i++) {
        size_t m = rows[i];
        sb_puts(h, "<tr><td>");
        sb_html(h, r->col_names[m]);
        sb_printf(h, " <span class=\"unit\">%s</span></td>",
                  column_unit(r, m));
        for (size_t p = 0; p < r->n_policies; p++) {
            sb_puts(h, "<td>");
            html_estimate(h, r, row_of(r, 0, p, m));
            sb_puts(h, "</td>");
        }
        sb_puts(h, "</tr>\n");
    }
    sb_puts(h, "</tbody>\n</table>\n");
    if (r->n_stages)
        html_stage_table(h, r);
    if (r->baseline < 0 || r->n_policies < 2)
        return;
    sb_puts(h, "<h2 id=\"differences\">Paired differences against ");
    sb_html(h, r->policies[r->baseline]);
    sb_puts(h, " (same replications, 95% interval)</h2>\n<table>\n<thead>"
               "<tr><th>metric</th>");
    for (size_t p = 0; p < r->n_policies; p++) {
        if ((int)p == r->baseline)
            continue;
        sb_puts(h, "<th>");
        sb_html(h, r->policies[p]);
        sb_puts(h, " &minus; ");
        sb_html(h, r->policies[r->baseline]);
        sb_puts(h, "</th>");
    }
    sb_puts(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n_rows; i++) {
        size_t m = rows[i];
        sb_puts(h, "<tr><td>");
        sb_html(h, r->col_names[m]);
        sb_puts(h, "</td>");
        for (size_t p = 0; p < r->n_policies; p++) {
            if ((int)p == r->baseline)
                continue;
            size_t row = row_of(r, 0, p, m);
            double d = val(r, row, S_DIFF), lo = val(r, row, S_DLOW),
                   hi = val(r, row, S_DHIGH);
            if (!isfinite(lo) || !isfinite(d))
                sb_puts(h, "<td>&ndash;</td>");
            else
                sb_printf(h, "<td class=\"%s\">%+.4g [%+.3g, %+.3g]</td>",
                          lo > 0.0   ? "higher"
                          : hi < 0.0 ? "lower"
                                     : "same",
                          d, lo, hi);
        }
        sb_puts(h, "</tr>\n");
    }
    sb_puts(h, "</tbody>\n</table>\n");
}

static void html_sweep_table(sbuf *h, const report *r)
{
    sb_puts(h, "<h2 id=\"table\">Total cost at each point (mean &plusmn; "
               "95% confidence interval)</h2>\n<table>\n<thead><tr>"
               "<th>point</th>");
    for (size_t k = 0; k < r->n_params; k++) {
        sb_puts(h, "<th>");
        sb_html(h, tcell(&r->summary, 0, (size_t)r->param_col[k]));
        sb_puts(h, "</th>");
    }
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_puts(h, "<th>");
        sb_html(h, r->policies[p]);
        sb_puts(h, "</th>");
    }
    sb_puts(h, "</tr></thead>\n<tbody>\n");
    for (size_t pt = 0; pt < r->n_points; pt++) {
        if (!point_present(r, pt))
            continue;
        sb_printf(h, "<tr><td>%zu</td>", pt);
        for (size_t k = 0; k < r->n_params; k++)
            sb_printf(h, "<td>%.6g</td>", r->param[pt * r->n_params + k]);
        for (size_t p = 0; p < r->n_policies; p++) {
            sb_puts(h, "<td>");
            html_estimate(h, r, row_of(r, pt, p, METRIC_TOTAL_COST));
            sb_puts(h, "</td>");
        }
        sb_puts(h, "</tr>\n");
    }
    sb_puts(h, "</tbody>\n</table>\n");
}

static int write_html(report *r, int gnuplot_found)
{
    const report_meta *m = r->meta;
    sbuf h = {0};
    const char *name = m->scenario[0]
                           ? m->scenario
                           : tcell(&r->summary, 1, (size_t)r->sc[S_SCENARIO]);
    sb_puts(&h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                "content=\"width=device-width, initial-scale=1\">\n"
                "<title>");
    sb_html(&h, name);
    sb_puts(&h, " &ndash; jitsim report</title>\n<style>\n");
    sb_puts(&h, css);
    sb_puts(&h, "</style>\n</head>\n<body>\n<main>\n<h1>");
    sb_html(&h, name);
    sb_puts(&h, "</h1>\n<p class=\"meta\">");
    sb_puts(&h, r->is_sweep ? "Sweep" : "Run");
    if (isfinite(m->replications))
        sb_printf(&h, " &middot; %.0f replications", m->replications);
    if (isfinite(m->seed))
        sb_printf(&h, " &middot; seed %.0f", m->seed);
    if (isfinite(m->horizon)) {
        sb_printf(&h, " &middot; horizon %.6g ", m->horizon);
        sb_html(&h, m->time_unit);
        sb_puts(&h, "s");
    }
    if (isfinite(m->warmup)) {
        sb_printf(&h, " &middot; warm-up %.6g%s", m->warmup,
                  m->warmup_auto ? " (automatic, MSER-5)" : "");
    }
    if (m->source[0]) {
        sb_puts(&h, " &middot; ");
        sb_html(&h, m->source);
    }
    sb_puts(&h, "</p>\n");
    sb_puts(&h, "<nav><ul><li><a href=\"#policies\">Policies</a></li>");
    if (!r->is_sweep && m->n_sentences)
        sb_puts(&h, "<li><a href=\"#words\">In plain words</a></li>");
    if (gnuplot_found && r->n_charts)
        sb_puts(&h, "<li><a href=\"#charts\">Charts</a></li>");
    sb_puts(&h, "<li><a href=\"#table\">Table</a></li>");
    if (!r->is_sweep && r->n_stages)
        sb_puts(&h, "<li><a href=\"#stages\">Stages</a></li>");
    sb_puts(&h, "</ul></nav>\n");
    if (m->description[0]) {
        sb_puts(&h, "<div class=\"description\">");
        sb_html(&h, m->description);
        sb_puts(&h, "</div>\n");
    }

    sb_puts(&h, "<h2 id=\"policies\">Policies as simulated</h2>\n<table>\n"
                "<thead><tr><th>policy</th><th class=\"params\">type</th>"
                "<th class=\"params\">family</th><th class=\"params\">"
                "effective parameters</th></tr></thead>\n<tbody>\n");
    if (m->n_policies)
        for (size_t p = 0; p < m->n_policies; p++) {
            const meta_policy *mp = &m->policies[p];
            int is_base = strcmp(mp->name, m->baseline) == 0;
            sb_puts(&h, is_base ? "<tr class=\"baseline\"><td>" : "<tr><td>");
            sb_html(&h, mp->name);
            sb_puts(&h, is_base ? " (baseline)" : "");
            sb_puts(&h, "</td><td class=\"params\">");
            sb_html(&h, mp->type);
            sb_puts(&h, "</td><td class=\"params\">");
            sb_html(&h, mp->family);
            sb_puts(&h, "</td><td class=\"params\">");
            sb_html(&h, mp->params[0] ? mp->params : "-");
            sb_puts(&h, "</td></tr>\n");
        }
    else
        for (size_t p = 0; p < r->n_policies; p++) {
            sb_puts(&h, "<tr><td>");
            sb_html(&h, r->policies[p]);
            sb_puts(&h, "</td><td class=\"params\" colspan=\"3\">(no "
                        "meta.json: parameters unknown)</td></tr>\n");
        }
    sb_puts(&h, "</tbody>\n</table>\n");
    if (m->n_windows) {
        sb_printf(&h, "<p>Disruptions (%s): ",
                  m->windows_from[0] ? m->windows_from : "schedule");
        for (size_t w = 0; w < m->n_windows && w < 20; w++) {
            sb_puts(&h, w ? "; " : "");
            sb_html(&h, m->windows[w].label);
            sb_puts(&h, " (");
            sb_html(&h, m->windows[w].effect);
            sb_puts(&h, " at ");
            sb_html(&h, m->windows[w].supplier);
            sb_printf(&h, ") from %.4g to %.4g", m->windows[w].start,
                      m->windows[w].end);
        }
        sb_puts(&h, m->n_windows > 20 ? "; &hellip;</p>\n" : ".</p>\n");
    }

    if (!r->is_sweep && m->n_sentences) {
        sb_puts(&h, "<h2 id=\"words\">In plain words</h2>\n<ul "
                    "class=\"sentences\">\n");
        for (size_t i = 0; i < m->n_sentences; i++) {
            sb_puts(&h, "<li>");
            sb_html(&h, m->sentences[i]);
            sb_puts(&h, "</li>\n");
        }
        sb_puts(&h, "</ul>\n");
    }

    if (!gnuplot_found) {
        sb_puts(&h, "<p class=\"note\">Charts not drawn: gnuplot was not "
                    "found. Their scripts and data are in "
                    "<code>charts/</code>; install gnuplot "
                    "(<code>sudo apt-get install gnuplot-nox</code>) and "
                    "run <code>jitsim report</code> again.</p>\n");
    } else if (r->n_charts) {
        sb_puts(&h, "<h2 id=\"charts\">Charts</h2>\n");
        for (size_t i = 0; i < r->n_charts; i++) {
            const chart *c = &r->charts[i];
            if (!c->drawn)
                continue;
            sb_printf(&h, "<figure id=\"chart-%s\">\n", c->name);
            if (html_svg(&h, r, c, i)) {
                sb_free(&h);
                snprintf(r->err, r->errlen, "%s/%s.svg: cannot read; "
                                            "expected the chart gnuplot "
                                            "drew",
                         r->charts_dir, c->name);
                return -1;
            }
            sb_puts(&h, "\n<figcaption><b>");
            sb_html(&h, c->title);
            sb_puts(&h, ".</b> ");
            sb_html(&h, c->caption);
            sb_printf(&h, " <span class=\"unit\">(charts/%s.gp)</span>"
                          "</figcaption>\n</figure>\n",
                      c->name);
        }
    }

    if (r->is_sweep)
        html_sweep_table(&h, r);
    else
        html_run_tables(&h, r);
    sb_puts(&h, "<footer>Written by <code>jitsim report</code> from the CSV "
                "files beside this page. Each chart's gnuplot script "
                "(<code>.gp</code>) and data (<code>.dat</code>) are in "
                "<code>charts/</code>: edit a script and run "
                "<code>gnuplot NAME.gp</code> there to restyle it."
                "</footer>\n</main>\n</body>\n</html>\n");
    int rc = write_text(r->dir, "report.html", &h, r->err, r->errlen);
    sb_free(&h);
    return rc;
}

/* ---- the whole report ---------------------------------------------------- */

/* The objective of the best-point search in dir/best.csv, if any. */
static void best_objective(report *r, char *buf, size_t len)
{
    buf[0] = '\0';
    table t;
    char ignored[512];
    if (table_read(r->dir, "best.csv", 0, &t, ignored, sizeof ignored) <= 0)
        return;
    int c = tcol(&t, "objective");
    if (c >= 0 && t.rows > 1)
        snprintf(buf, len, "%s", tcell(&t, 1, (size_t)c));
    table_free(&t);
}

/* The columns a sweep's response curves show: the main metrics; a line's
 * throughput, WIP and lead time; the best-point search's objective; and
 * those asked for. 0, or -1 with a message for a column summary.csv does
 * not have. */
static int sweep_columns(report *r, const report_options *opt, size_t *cols,
                         size_t *n)
{
    *n = 0;
    const char *wanted[N_SWEEP_METRICS + 4 + 64];
    size_t n_wanted = 0;
    for (int i = 0; i < N_SWEEP_METRICS; i++)
        wanted[n_wanted++] = metric_name(sweep_metrics[i]);
    if (r->n_stages) {
        wanted[n_wanted++] = "throughput";
        wanted[n_wanted++] = "avg_wip";
        wanted[n_wanted++] = "line_lead_time_mean";
    }
    char objective[METRIC_NAME_MAX + 64];
    best_objective(r, objective, sizeof objective);
    if (objective[0])
        wanted[n_wanted++] = objective;
    size_t first_asked = n_wanted;
    for (size_t i = 0; opt && i < opt->n_columns && n_wanted < 64 + first_asked;
         i++)
        wanted[n_wanted++] = opt->columns[i];
    for (size_t i = 0; i < n_wanted; i++) {
        int c = column_of(r, wanted[i]);
        int has_rows = 0;
        for (size_t pt = 0; c >= 0 && pt < r->n_points && !has_rows; pt++)
            for (size_t p = 0; p < r->n_policies && !has_rows; p++)
                has_rows = row_of(r, pt, p, (size_t)c) != 0;
        if (!has_rows) {
            if (i < first_asked)
                continue; /* a metric this sweep does not have */
            snprintf(r->err, r->errlen, "%s: no metric '%s'; expected a "
                                        "name of its metric column (e.g. "
                                        "total_cost%s)",
                     r->summary.path, wanted[i],
                     r->n_stages ? ", throughput, STAGE.wip" : "");
            return -1;
        }
        int dup = 0;
        for (size_t j = 0; j < *n; j++)
            dup |= cols[j] == (size_t)c;
        if (!dup)
            cols[(*n)++] = (size_t)c;
    }
    return 0;
}

int report_write(const char *dir, report_outcome *out, char *err,
                 size_t errlen)
{
    return report_write_with(dir, NULL, out, err, errlen);
}

int report_write_with(const char *dir, const report_options *opt,
                      report_outcome *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: not a directory; expected the output "
                              "directory of `jitsim run -o DIR`",
                 dir);
        return REPORT_BAD_INPUT;
    }
    report *r = calloc(1, sizeof *r);
    report_meta *meta = calloc(1, sizeof *meta);
    if (!r || !meta) {
        free(r);
        free(meta);
        snprintf(err, errlen, "out of memory");
        return REPORT_FAILED;
    }
    r->dir = dir;
    r->meta = meta;
    r->err = err;
    r->errlen = errlen;
    snprintf(r->charts_dir, sizeof r->charts_dir, "%s/charts", dir);
    int tc[T_COUNT], rcols[R_COUNT];
    int rc = REPORT_BAD_INPUT;
    if (meta_read(dir, meta, err, errlen) || load_summary(r) ||
        load_timeseries(r, tc) < 0 || load_replications(r, rcols) < 0)
        goto done;
    out->is_sweep = r->is_sweep;
    if (!r->is_sweep && opt && opt->n_columns) {
        snprintf(err, errlen, "%s holds a run: --metric draws a sweep's "
                              "response curves; expected the directory of "
                              "`jitsim sweep -o DIR`",
                 dir);
        goto done;
    }
    rc = REPORT_FAILED;
    if (mkdir(r->charts_dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "%s: cannot create the charts directory (%s)",
                 r->charts_dir, strerror(errno));
        goto done;
    }
    if (!r->is_sweep) {
        if (r->has_ts &&
            (chart_levels(r, tc, tc[T_ON_HAND], "inventory") ||
             chart_levels(r, tc, tc[T_ON_HAND], "inventory_zoom") ||
             chart_levels(r, tc, tc[T_BACKORDERS], "backorders")))
            goto done;
        if (chart_costs(r, 0, rcols) || chart_costs(r, 1, rcols) ||
            chart_service(r) || chart_differences(r) ||
            chart_wip_by_stage(r) || chart_stage_utilisation(r))
            goto done;
    } else {
        size_t cols[N_SWEEP_METRICS + 4 + 64], n_cols;
        if (sweep_columns(r, opt, cols, &n_cols)) {
            rc = REPORT_BAD_INPUT;
            goto done;
        }
        size_t *pts = malloc(r->n_points * sizeof *pts);
        double *xs = malloc(r->n_points * sizeof *xs);
        double *ys = malloc(r->n_points * sizeof *ys);
        int bad = !pts || !xs || !ys;
        for (size_t k = 0; !bad && k < r->n_params; k++)
            for (size_t i = 0; !bad && i < n_cols; i++)
                bad = chart_sweep_lines(r, k, cols[i], pts) != 0;
        if (!bad && r->n_params >= 2 && r->baseline >= 0)
            for (size_t p = 0; !bad && p < r->n_policies; p++)
                if ((int)p != r->baseline)
                    bad = chart_heatmap(r, p, xs, ys) != 0;
        free(pts);
        free(xs);
        free(ys);
        if (bad) {
            if (!err[0])
                snprintf(err, errlen, "out of memory");
            goto done;
        }
    }
    out->n_charts = r->n_charts;
    char gnuplot[PATH_LEN];
    out->gnuplot_found = report_find_program("gnuplot", gnuplot,
                                             sizeof gnuplot) == 0;
    for (size_t i = 0; out->gnuplot_found && i < r->n_charts; i++) {
        if (draw(r, gnuplot, &r->charts[i]))
            goto done;
        out->n_drawn++;
    }
    if (write_html(r, out->gnuplot_found))
        goto done;
    rc = 0;
done:
    table_free(&r->summary);
    table_free(&r->reps);
    table_free(&r->ts);
    free(r->num);
    free(r->at);
    free(r->present);
    free(r->param);
    free(r);
    free(meta);
    return rc;
}
