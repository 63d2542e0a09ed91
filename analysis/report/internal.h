/*
 * internal.h - what the files of analysis/report/ share: the string
 * builder, the CSV tables, meta.json's contents, the report being written
 * (the run's outputs indexed, the charts written so far), the gnuplot
 * helpers and the table of charts.
 *
 * Not the public interface: app/ and tests/ include analysis/report.h
 * (report_write, report_write_with, report_find_program); nothing outside
 * this folder includes this header.
 *
 * The files: sbuf.c (growable strings, whole files in and out), table.c
 * (a CSV file in memory), meta.c (meta.json), outputs.c (a run's or a
 * sweep's files read into a report), columns.c (a column's unit in words,
 * whether more of it is better), layout.c (where a chart's text goes:
 * widths, wrapping, rows, legends, tics, margins), gnuplot.c (scripts,
 * the policies' styles, running gnuplot), charts.c (the table of charts),
 * charts_stock.c, charts_differences.c, charts_line.c and charts_sweep.c
 * (one function per chart), html.c (report.html) and write.c
 * (report_write: the driver).
 */
#ifndef JITSIM_REPORT_INTERNAL_H
#define JITSIM_REPORT_INTERNAL_H

#include <math.h>
#include <stddef.h>

#include "analysis/report.h"
#include "models/line.h"
#include "models/metrics.h"
#include "models/network.h"

#define MAX_POLICIES 64
/* Distinct names in summary.csv's metric column the report charts: the
 * widest row jitsim writes, a chain of NETWORK_NODES_MAX nodes (4771
 * columns), rounded up. A report reads files, once: the bound keeps its
 * tables fixed; more names come only from a file not written by jitsim,
 * and are left out. The rows of a run are sized by their scenario
 * (analysis/run.h), not by this. */
#define MAX_COLUMNS 4800
#define COLUMN_HASH (2 * MAX_COLUMNS)
_Static_assert(NETWORK_ROW_WIDTH(NETWORK_NODES_MAX) <= MAX_COLUMNS,
               "the report must chart every column of the widest chain");
#define MAX_STAGES LINE_STAGES_MAX
#define MAX_CHARTS 256
#define MAX_PARAMS 16
/* The names of one categorical parameter. */
#define MAX_LABELS 256
#define MAX_POINTS 100000
#define MAX_WINDOWS 500
#define PATH_LEN 4096
/* A path composed of a directory (PATH_LEN) and a file name. */
#define PATH_BUF (PATH_LEN + 512)

/* ---- growable strings (sbuf.c) ------------------------------------------- */

typedef struct sbuf {
    char *s;
    size_t n, cap;
    int oom;
} sbuf;

void sb_put(sbuf *b, const char *s, size_t n);
void sb_puts(sbuf *b, const char *s);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void sb_printf(sbuf *b, const char *fmt, ...);
void sb_free(sbuf *b);
/* Text for HTML: & < > " escaped. */
void sb_html(sbuf *b, const char *s);
/* A gnuplot string literal: single quotes, where only '' needs escaping
 * (double quotes would interpret backslashes). */
void sb_gpstr(sbuf *b, const char *s);
/* A label in a .dat file: double-quoted; gnuplot data files cannot escape a
 * double quote, so one becomes a single quote. */
void sb_datstr(sbuf *b, const char *s);
/* Text on one line (a comment of a .dat or .gp file): line breaks become
 * spaces. */
void sb_line(sbuf *b, const char *s);
/* A CSV cell as a number in a .dat file: verbatim, empty as NaN. */
void sb_cell(sbuf *b, const char *cell);
void sb_num(sbuf *b, double x);
/* Writes dir/name from b through a temporary file renamed on success. */
int sb_write_file(const char *dir, const char *name, const sbuf *b,
                  char *err, size_t errlen);
/* Reads a whole file; NULL if it cannot be read (errno set). */
char *sb_read_file(const char *path, size_t *len);

/* ---- CSV tables (table.c) ------------------------------------------------ */

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

static inline const char *tcell(const table *t, size_t row, size_t col)
{
    return t->pool + t->off[row * t->cols + col];
}

/* Reads dir/name. 1 read, 0 absent (optional files), -1 with a message. */
int table_read(const char *dir, const char *name, int required, table *t,
               char *err, size_t errlen);
void table_free(table *t);
/* The column called name, or -1. */
int table_column(const table *t, const char *name);
/* A cell as a number: empty is NaN. 0, or -1 with a message. */
int table_number(const table *t, size_t row, int col, double *out, char *err,
                 size_t errlen);
/* Every named column must be in the header. */
int table_need_columns(const table *t, const char *const *names, size_t n,
                       int *cols, char *err, size_t errlen);

/* ---- meta.json (meta.c) -------------------------------------------------- */

typedef struct meta_policy {
    char name[128];
    char type[64];
    char family[16];
    char params[512];
    char plan[1024]; /* meta.json's "plan": a line's or a chain's plan,
                        a loop's caution (models/policy.h); "" for none */
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
    char program[64];    /* "jitsim 0.1.0": what made the files */
    char overrides[1024]; /* the --set overrides, "; "-separated */
    double horizon, warmup, replications, seed;
    int warmup_auto;
    size_t n_policies;
    meta_policy policies[MAX_POLICIES];
    size_t n_sentences;
    char sentences[MAX_POLICIES][1024];
    size_t n_windows;
    meta_window windows[MAX_WINDOWS];
    /* meta.json's "files" (a run's set): only they are read; without the
     * field (a sweep's directory, an older run) every file present is. */
    int has_files;
    size_t n_files;
    char files[16][64];
} report_meta;

/* 1 if the directory's file `name` belongs to what meta.json describes. */
int meta_lists(const report_meta *m, const char *name);

/* Reads dir/meta.json when present. 0 (m->present says whether it was),
 * or -1 with a message for a file that is not the JSON jitsim writes. */
int meta_read(const char *dir, report_meta *m, char *err, size_t errlen);

/* ---- the data of a report (outputs.c) ------------------------------------ */

/* summary.csv's columns. */
enum {
    S_POINT, S_POLICY, S_METRIC, S_MEAN, S_SD, S_LOW, S_HIGH,
    S_N, S_DIFF, S_DLOW, S_DHIGH, S_COUNT
};
/* timeseries.csv's columns. */
enum { T_POLICY, T_REP, T_T, T_ON_HAND, T_BACKORDERS, T_COUNT };
/* replications.csv's columns. */
enum { R_POINT, R_POLICY, R_TOTAL, R_PURCHASE, R_COUNT };
/* nodes.csv's columns (a supply chain's, with the time series). */
enum { N_POLICY, N_NODE, N_T, N_ORDERS, N_NET_STOCK, N_COUNT };

/* A chart written: its files are charts/NAME.dat and NAME.gp. */
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
    const report_options *opt;     /* NULL: none */
    table summary, reps, ts, nodes;
    int has_reps, has_ts, has_nodes;
    int sc[S_COUNT];               /* summary.csv's columns */
    int ts_col[T_COUNT];           /* timeseries.csv's (when has_ts) */
    int rep_col[R_COUNT];          /* replications.csv's (when has_reps) */
    int node_col[N_COUNT];         /* nodes.csv's (when has_nodes) */
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
    double *param;                 /* [pt * n_params + k]; of a parameter
                                      of names, the name's index */
    /* Parameters of names (a categorical axis: a cell that is not a
     * number): their names in order of first appearance, which is the
     * axis's order (slice.c). */
    int categorical[MAX_PARAMS];
    size_t n_labels[MAX_PARAMS];
    const char *labels[MAX_PARAMS][MAX_LABELS];
    /* The value each parameter is held at where a chart shows fewer
     * parameters than the sweep has: --slice's, else the first point's
     * (slice.c); by: --by's parameter, -1 for none. */
    int sliced[MAX_PARAMS];
    double held[MAX_PARAMS];
    int by;
    size_t n_charts;
    chart charts[MAX_CHARTS];
    char *err;
    size_t errlen;
} report;

static inline size_t row_of(const report *r, size_t pt, size_t p,
                            size_t col)
{
    return r->at[(pt * r->n_policies + p) * r->n_cols + col];
}

static inline double val(const report *r, size_t row, int scol)
{
    return row ? r->num[row * r->summary.cols + (size_t)r->sc[scol]] : NAN;
}

static inline const char *text(const report *r, size_t row, int scol)
{
    return row ? tcell(&r->summary, row, (size_t)r->sc[scol]) : "";
}

static inline double mean_of(const report *r, size_t pt, size_t p,
                             size_t col)
{
    return val(r, row_of(r, pt, p, col), S_MEAN);
}

/* Whether the point exists (some row for the first policy). */
static inline int point_present(const report *r, size_t pt)
{
    return r->present[pt];
}

/* The column called `name`, or -1. */
int outputs_column_of(const report *r, const char *name);
/* The index of the policy called `name`, or -1. */
int outputs_policy_index(report *r, const char *name);
/* Reads summary.csv into r: policies, points, the index, numbers. */
int outputs_load_summary(report *r);
/* Read timeseries.csv / replications.csv when present: 1 read, 0 absent,
 * -1 with a message. */
int outputs_load_timeseries(report *r);
int outputs_load_replications(report *r);
/* nodes.csv, a supply chain's (charts_nodes.c draws it). */
int outputs_load_nodes(report *r);

/* ---- parameters of names, slices (slice.c) ------------------------------- */

/* Reads the names of the parameters whose cells are not numbers and turns
 * their cells into indices (outputs_load_summary calls it before reading
 * the numbers). 0, or -1 with a message. */
int slice_find_names(report *r);
/* Parameter k's value at a summary row: a number, or a name's index. */
double slice_row_value(const report *r, size_t row, size_t k);
/* Resolves --slice and --by (r->opt) into r->held, r->sliced and r->by,
 * and holds the other parameters at the first point's values. 0, or -1
 * with a message for a parameter or a value the sweep does not have. */
int slice_resolve(report *r);
/* The present points with every parameter but k (and but `free_axis`
 * when >= 0, which must be at free_value) at its held value, sorted by
 * parameter k. */
size_t slice_points(const report *r, size_t k, int free_axis,
                    double free_value, size_t *out);
/* Whether point pt has every parameter but those in skip[0..n_skip) at
 * its held value. */
int slice_holds(const report *r, size_t pt, const size_t *skip,
                size_t n_skip);
/* The distinct values of parameter k, sorted, over the present points
 * that slice_holds for skip[0..n_skip); and the place of x among them (n
 * when absent). */
size_t slice_values(const report *r, size_t k, const size_t *skip,
                    size_t n_skip, double *out);
size_t slice_place(const double *v, size_t n, double x);
/* Parameter k's value v as a label: a name, or the number to 6 digits. */
void slice_label(const report *r, size_t k, double v, char *buf,
                 size_t len);
/* A .dat cell for parameter k at a summary row: the number verbatim, or a
 * name's index (drawn at its place with slice_tics). */
void slice_cell(sbuf *d, const report *r, size_t row, size_t k);
/* For a parameter of names on axis ("x" or "y"): tics at 0, 1, ... labelled
 * with the names, and the range around them; nothing for numbers. */
void slice_tics(sbuf *g, const report *r, size_t k, const char *axis);
/* " (other parameters at ...)" for a chart showing the parameters in
 * shown[0..n_shown): the held values, or "" when there are no others. */
void slice_words(const report *r, const size_t *shown, size_t n_shown,
                 char *buf, size_t len);
/* The name of parameter k (its summary.csv column). */
const char *param_name(const report *r, size_t k);

/* ---- what a column means to a reader (columns.c) ------------------------- */

/* The unit of column c as summary.csv's metrics give it ("cost/time",
 * "units", ...; a line's columns by their measure; "" if unknown). */
const char *column_unit(const report *r, size_t c);
/* The same in words, in the scenario's time unit: "cost/time" is "per
 * day", "time" is "days", "units/time" is "units per day". */
void column_unit_words(const report *r, size_t c, char *out, size_t len);
/* A unit in words ("cost/time" -> "per day"), for any unit string. */
void unit_words(const report *r, const char *unit, char *out, size_t len);
/* The time unit in the plural ("days", "time units"). */
const char *time_units(const report *r, char *buf, size_t len);
/* Whether more of column c is better (+1: fill rate, profit, throughput;
 * see metric_higher_is_better), worse (-1: costs, stock, lead times), or
 * neither (0: counts such as orders_placed, which a policy trades). */
int column_direction(const report *r, size_t c);
/* x to sig significant digits in plain decimals from 1e-4 to 1e9 (money
 * reads 44080, not 4.408e+04), with a sign when `sign`. */
void format_number(char *buf, size_t len, double x, int sig, int sign);

/* ---- where a chart's text goes (layout.c) -------------------------------- */

/* The SVG's font size in pixels (gp_begin) and gnuplot's spacing of
 * lines of text at that size. */
#define FONT_PX 16.0
#define LINE_PX 24.0

/* A chart's size in SVG pixels (the PNG is 4/3 of it). */
typedef struct canvas {
    double w, h;
} canvas;

/* A label's width in ems (DejaVu Sans: an upper bound for the fonts a
 * browser draws Helvetica with). */
double text_em(const char *s);
/* The widest line of a text with line breaks, in ems; its number of
 * lines. */
double widest_line_em(const char *wrapped);
size_t text_lines(const char *wrapped);
/* s wrapped into lines of at most max_em, at most max_lines of them
 * (breaking at spaces, else after - _ /, else anywhere; the last line
 * ends with an ellipsis when the rest does not fit), lines joined by
 * '\n'. Returns the number of lines. */
size_t wrap_text(const char *s, double max_em, size_t max_lines, char *out,
                 size_t len);
/* A title wrapped to a chart width_px wide. */
void wrap_title(const char *title, double width_px, char *out, size_t len);
/* Wrapped text as a gnuplot string ("\n" between lines). */
void sb_gptext(sbuf *g, const char *wrapped);
/* The same for a tic's label, which gnuplot reads as a format (% doubled). */
void sb_gptic(sbuf *g, const char *wrapped);

/* An axis whose tics are spaced so that their labels fit. */
typedef struct axis_range {
    double lo, hi, step;
    double widest_px; /* the widest tic label */
    char suffix[8];   /* after each tic's number ("%") */
} axis_range;
/* Fits lo..hi (with 0 when from_zero) to round tics whose labels, each
 * the number and suffix, fit plot_px side by side. */
void axis_fit(axis_range *a, double lo, double hi, double plot_px,
              int from_zero, const char *suffix);
/* set Xrange and the tics (axis "x" or "y"). */
void gp_axis(sbuf *g, const char *axis, const axis_range *a);

/* Policies as rows of a chart, top to bottom in the order of the
 * scenario: each row as tall as its wrapped name. y is in pixels from the
 * top of the plot (the chart's y axis is in pixels, reversed). */
typedef struct policy_rows {
    size_t n;
    size_t policy[MAX_POLICIES];
    char label[MAX_POLICIES][320];
    double y[MAX_POLICIES]; /* the row's centre */
    double height;          /* of all the rows */
    double names_px;        /* the widest name */
} policy_rows;
/* Every policy but skip (-1: none), names wrapped at wrap_em, rows at
 * least min_pitch pixels tall. */
void rows_lay_out(policy_rows *pr, const report *r, int skip, double wrap_em,
                  double min_pitch);
/* set yrange, the names as y tics (blank when names is 0) and the array
 * Y[row] of the rows' centres for the plot's `using`. */
void gp_rows(sbuf *g, const policy_rows *pr, int names);

/* The plot's margins in pixels from the canvas's edges. */
void gp_margins(sbuf *g, const canvas *c, double left, double right,
                double top, double bottom);
/* The pixels a title takes at the top of a chart width_px wide. */
double title_height(const char *title, double width_px);
/* A title wrapped to the canvas, centred on it: `how` is "title" (a
 * single plot: drawn as a label) or "multiplot title"; returns its
 * number of lines. */
double gp_title_lines(sbuf *g, const char *title, const canvas *c,
                      const char *how);

/* A legend drawn by the script itself (labels, arrows and boxes at
 * computed places) in columns, so that long names neither overprint nor
 * squash the plot as gnuplot's own key would. */
enum { LEGEND_LINE, LEGEND_BOX, LEGEND_POINT, LEGEND_HOLLOW };
typedef struct legend_item {
    int kind;
    size_t lt;          /* LEGEND_LINE, LEGEND_POINT: the linetype */
    const char *colour; /* LEGEND_BOX (and a point's colour if set) */
    const char *title;
    int pattern;        /* LEGEND_BOX: gnuplot's fill pattern, 0 solid */
} legend_item;
typedef struct legend {
    size_t n;
    legend_item items[MAX_POLICIES + 8];
    size_t cols, rows;
    double col_x[MAX_POLICIES + 8], col_w[MAX_POLICIES + 8];
    double height;
} legend;
/* Appends an item (up to the legend's capacity). */
void legend_add(legend *l, int kind, size_t lt, const char *colour,
                const char *title, int pattern);
/* Columns across width_px: fills cols, rows, col_x, col_w and height. */
void legend_lay_out(legend *l, double width_px);
/* Draws it with its top left corner at (x0, y0) pixels. */
void gp_legend(sbuf *g, const legend *l, const canvas *c, double x0,
               double y0);

/* ---- gnuplot (gnuplot.c) ------------------------------------------------- */

/* Policy i's colour, dash type and point type: twelve policies have
 * twelve different pairs of colour and dash, and of colour and point. */
const char *gp_colour(size_t i);
int gp_dash(size_t i);
int gp_point(size_t i);
/* Policy i's fill for bars: 0 solid, else gnuplot's pattern (past seven
 * policies, as colours come round again). */
int gp_pattern(size_t i);
/* The top of every script: what it draws, from what, how to re-run it;
 * the terminals, SVG of the canvas's size and PNG of 4/3 of it. */
void gp_begin(sbuf *g, const char *name, const char *title,
              const char *source, const canvas *c);
void gp_end(sbuf *g);
void gp_linetypes(sbuf *g, const report *r);
/* Writes NAME.dat and NAME.gp into the charts directory. */
int gp_write(report *r, const char *name, const sbuf *dat, const sbuf *gp);
/* Runs `gnuplot -e "out='.NAME.tmp'" NAME.gp` in the charts directory and
 * renames its SVG and PNG. 0, or -1 with gnuplot's first complaint. */
int gp_draw(report *r, const char *gnuplot, chart *c);

/* ---- the charts (charts.c, charts_*.c) ----------------------------------- */

/* What a chart's write function returns besides 0 (err says what). */
enum {
    CHART_FAILED = -1,   /* a file could not be written */
    CHART_BAD_INPUT = -2 /* the options ask for what the files lack */
};

/* A kind of chart: a line of the table of charts (charts.c). */
typedef struct chart_type {
    /* The file stem (charts/NAME.gp), or the pattern of a family of
     * charts (METRIC_vs_PARAM). */
    const char *name;
    /* Whether the chart belongs in this report (a run's or a sweep's, a
     * line's, ...). */
    int (*applies)(const report *r);
    /* Writes the chart's .dat and .gp (none when the files hold nothing
     * to draw) and records it with charts_add: 0, CHART_FAILED or
     * CHART_BAD_INPUT. */
    int (*write)(report *r);
} chart_type;

/* Writes every chart that applies, in the order of the table (the order
 * of the page): 0, CHART_FAILED or CHART_BAD_INPUT. */
int charts_write(report *r);
/* Records a chart written, for drawing and for the page; NULL when
 * MAX_CHARTS are recorded. */
chart *charts_add(report *r, const char *name, const char *title,
                  const char *caption);

/* charts_stock.c: a run's levels over time, costs and service. */
int chart_inventory(report *r);
int chart_inventory_zoom(report *r);
int chart_backorders(report *r);
int chart_costs(report *r);
int chart_costs_operating(report *r);
int chart_service(report *r);
/* charts_differences.c */
int chart_differences(report *r);
/* charts_line.c: a production line's stages. */
int chart_wip_by_stage(report *r);
int chart_stage_utilisation(report *r);
/* A supply chain's nodes over time (charts_nodes.c). */
int chart_node_orders(report *r);
int chart_node_stock(report *r);
int chart_node_costs(report *r);
/* charts_sweep.c */
int chart_sweep_curves(report *r);
int chart_heatmaps(report *r);
/* charts_winners.c: winners.csv drawn (a map over two parameters, bands
 * along one), and the curves of --by (one line per value of a second
 * parameter). */
int chart_winner_map(report *r);
int chart_winner_bands(report *r);
int chart_sweep_by(report *r);

/* ---- report.html (html.c) ------------------------------------------------ */

/* Writes DIR/report.html: the charts drawn (none when gnuplot_found is 0)
 * and the tables. 0, or -1 with a message. */
int html_write(report *r, int gnuplot_found);

#endif
