/*
 * charts_winners.c - which policy wins where, from a sweep's winners.csv:
 * winners_map (two or more swept parameters: a cell per point of the first
 * two, in the winner's colour, lighter and hatched where it is not clearly
 * ahead of the runner-up), winners_bands (one parameter: a band per value
 * in the winner's colour, and below it the paired difference winner minus
 * runner-up with its 95% interval); and the response curves of --by
 * (METRIC_vs_PARAM_by_BY_POLICY: per policy, one line per value of the
 * parameter BY).
 *
 * A parameter not drawn is held at its slice (slice.c: --slice or its
 * first value). The colours are the policies' own (gp_colour), as in every
 * other chart. The .dat files hold winners.csv's and summary.csv's cells;
 * computed are only the cells' places, colours and band edges.
 *
 * Not winners.csv itself (analysis/sweep_winners.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/report/internal.h"

/* ---- winners.csv ------------------------------------------------------- */

enum { W_POINT, W_WINNER, W_RUNNER_UP, W_DIFF, W_LOW, W_HIGH, W_CLEAR,
       W_OBJECTIVE, W_COUNT };
static const char *const winner_columns[W_COUNT] = {
    "point", "winner", "runner_up", "diff", "diff_ci_low", "diff_ci_high",
    "clearly_ahead", "objective"};

/* What winners.csv says of each point. */
typedef struct winner_of {
    int policy; /* -1: no policy meets the constraints (or no row) */
    int clear;  /* clearly ahead, or the only one meeting them */
    size_t row; /* winners.csv's row, 0: none */
} winner_of;

typedef struct winners_file {
    table t;
    int col[W_COUNT];
    winner_of *at; /* [point] */
    char objective[METRIC_NAME_MAX];
} winners_file;

static void winners_free(winners_file *w)
{
    table_free(&w->t);
    free(w->at);
}

/* Reads winners.csv: 1, 0 when absent (a sweep written before it), -1
 * with a message. */
static int winners_read(report *r, winners_file *w)
{
    memset(w, 0, sizeof *w);
    int rc = table_read(r->dir, "winners.csv", 0, &w->t, r->err, r->errlen);
    if (rc <= 0)
        return rc;
    if (table_need_columns(&w->t, winner_columns, W_COUNT, w->col, r->err,
                           r->errlen))
        return -1;
    w->at = calloc(r->n_points ? r->n_points : 1, sizeof *w->at);
    if (!w->at) {
        snprintf(r->err, r->errlen, "out of memory");
        return -1;
    }
    for (size_t pt = 0; pt < r->n_points; pt++)
        w->at[pt].policy = -1;
    for (size_t row = 1; row < w->t.rows; row++) {
        const char *pt_text = tcell(&w->t, row, (size_t)w->col[W_POINT]);
        char *end;
        unsigned long long pt = strtoull(pt_text, &end, 10);
        if (!pt_text[0] || *end || pt >= r->n_points) {
            snprintf(r->err, r->errlen, "%s: row %zu, column point: "
                                        "'%.40s'; expected a point of "
                                        "summary.csv",
                     w->t.path, row + 1, pt_text);
            return -1;
        }
        const char *name = tcell(&w->t, row, (size_t)w->col[W_WINNER]);
        int p = name[0] ? outputs_policy_index(r, name) : -1;
        if (name[0] && p < 0) {
            snprintf(r->err, r->errlen, "%s: row %zu: winner '%.60s' is not "
                                        "a policy of summary.csv; expected "
                                        "the files of one sweep",
                     w->t.path, row + 1, name);
            return -1;
        }
        const char *clear = tcell(&w->t, row, (size_t)w->col[W_CLEAR]);
        w->at[pt].policy = p;
        w->at[pt].clear = !strcmp(clear, "yes") || !strcmp(clear, "alone");
        w->at[pt].row = row;
        if (!w->objective[0])
            snprintf(w->objective, sizeof w->objective, "%s",
                     tcell(&w->t, row, (size_t)w->col[W_OBJECTIVE]));
    }
    return 1;
}

/* A colour as a number for `lc rgb variable`; light mixes it 55% with
 * white (a winner not clearly ahead). */
static long colour_value(const char *hex, int light)
{
    long v = strtol(hex + 1, NULL, 16);
    if (!light)
        return v;
    long out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
        long c = (v >> shift) & 0xFF;
        c = c + (255 - c) * 55 / 100;
        out |= c << shift;
    }
    return out;
}

#define NO_WINNER_COLOUR "#D9D9D9"
#define HATCH_COLOUR "#404040"
#define HATCH "fs transparent pattern 4 noborder lc rgb '" HATCH_COLOUR "'"

/* The legend, drawn below the chart (layout.c): each policy winning
 * somewhere in its colour, then what hatching means and the colour of
 * the points no policy could take. */
static void winners_legend(legend *lg, const report *r, const int *wins,
                           int any_unclear, int any_none, double width)
{
    memset(lg, 0, sizeof *lg);
    for (size_t p = 0; p < r->n_policies; p++)
        if (wins[p])
            legend_add(lg, LEGEND_BOX, 0, gp_colour(p), r->policies[p], 0);
    if (any_unclear)
        legend_add(lg, LEGEND_BOX, 0, HATCH_COLOUR, "not clearly ahead", 4);
    if (any_none)
        legend_add(lg, LEGEND_BOX, 0, NO_WINNER_COLOUR,
                   "none meets the constraints", 0);
    legend_lay_out(lg, width);
}


/* Tics at the places 0, 1, ... labelled with the values, one in `every`
 * labelled where they would not fit side by side. */
static void tics(sbuf *g, const report *r, size_t k, const char *axis,
                 const double *v, size_t n, size_t every)
{
    sb_printf(g, "set %stics (", axis);
    for (size_t i = 0; i < n; i++) {
        char label[300] = "";
        if (i % (every ? every : 1) == 0)
            slice_label(r, k, v[i], label, sizeof label);
        sb_puts(g, i ? ", " : "");
        sb_gptic(g, label);
        sb_printf(g, " %zu", i);
    }
    sb_puts(g, ")\n");
}

/* How many tics in one can be labelled: labels of parameter k side by
 * side across span_px, or one line apart when vertical. */
static size_t tic_every(const report *r, size_t k, const double *v, size_t n,
                        double span_px, int vertical)
{
    double widest = 0.0;
    for (size_t i = 0; i < n && !vertical; i++) {
        char label[300];
        slice_label(r, k, v[i], label, sizeof label);
        widest = fmax(widest, text_em(label) * FONT_PX);
    }
    double need = vertical ? 1.25 * LINE_PX : widest + FONT_PX;
    double cell = span_px / (double)(n ? n : 1);
    size_t every = (size_t)ceil(need / cell);
    return every ? every : 1;
}

/* ---- the map --------------------------------------------------------------- */

static int write_map(report *r, const winners_file *w, double *xs,
                     double *ys)
{
    static const size_t grid[2] = {0, 1};
    size_t nx = slice_values(r, 0, grid, 2, xs);
    size_t ny = slice_values(r, 1, grid, 2, ys);
    if (nx < 1 || ny < 1)
        return 0;
    const char *px = param_name(r, 0), *py = param_name(r, 1);
    const char *name = "winners_map";
    sbuf d = {0}, g = {0};
    sb_printf(&d, "# %s.dat - the winner at each point, from winners.csv\n"
                  "# block 0: i j colour policy clearly_ahead point %s %s "
                  "(policy -1: none meets the constraints)\n"
                  "# block 1: the cells not clearly ahead: i j\n",
              name, px, py);
    int wins[MAX_POLICIES] = {0};
    int any_unclear = 0, any_none = 0;
    sbuf unclear = {0};
    for (size_t pt = 0; pt < r->n_points; pt++) {
        if (!point_present(r, pt) || !slice_holds(r, pt, grid, 2))
            continue;
        const winner_of *o = &w->at[pt];
        size_t i = slice_place(xs, nx, r->param[pt * r->n_params]);
        size_t j = slice_place(ys, ny, r->param[pt * r->n_params + 1]);
        long colour = o->policy >= 0
                          ? colour_value(gp_colour((size_t)o->policy),
                                         !o->clear)
                          : colour_value(NO_WINNER_COLOUR, 0);
        sb_printf(&d, "%zu %zu %ld %d %d %zu ", i, j, colour, o->policy,
                  o->clear, pt);
        char label[300];
        slice_label(r, 0, xs[i], label, sizeof label);
        sb_datstr(&d, label);
        sb_puts(&d, " ");
        slice_label(r, 1, ys[j], label, sizeof label);
        sb_datstr(&d, label);
        sb_puts(&d, "\n");
        if (o->policy >= 0) {
            wins[o->policy] = 1;
            if (!o->clear) {
                any_unclear = 1;
                sb_printf(&unclear, "%zu %zu\n", i, j);
            }
        } else {
            any_none = 1;
        }
    }
    /* gnuplot cannot plot an empty block: a cell off the chart stands in. */
    sb_printf(&d, "\n\n%s", unclear.n ? unclear.s : "-9 -9\n");
    sb_free(&unclear);
    char title[512], held[512];
    snprintf(title, sizeof title, "Which policy wins (%s)",
             w->objective[0] ? w->objective : "objective");
    /* The canvas: the title, the plot, the x label and the legend below. */
    canvas cv = {960.0, 0.0};
    legend lg;
    winners_legend(&lg, r, wins, any_unclear, any_none,
                   cv.w - 2.0 * FONT_PX);
    double top = title_height(title, cv.w);
    double plot_h = 380.0;
    double bottom = 3.0 * LINE_PX + lg.height + FONT_PX;
    cv.h = top + plot_h + bottom;
    double left = 8.0 * FONT_PX, right = 2.0 * FONT_PX;
    gp_begin(&g, name, title, "winners.csv", &cv);
    gp_title_lines(&g, title, &cv, "title");
    sb_puts(&g, "set xlabel ");
    sb_gpstr(&g, px);
    sb_puts(&g, "\nset ylabel ");
    sb_gpstr(&g, py);
    sb_printf(&g, "\nunset key\nset grid noytics\nset xrange [-0.5:%zu.5]\n"
                  "set yrange [-0.5:%zu.5]\n",
              nx - 1, ny - 1);
    gp_margins(&g, &cv, left, right, top, bottom);
    tics(&g, r, 0, "x", xs, nx,
         tic_every(r, 0, xs, nx, cv.w - left - right, 0));
    tics(&g, r, 1, "y", ys, ny, tic_every(r, 1, ys, ny, plot_h, 1));
    gp_legend(&g, &lg, &cv, FONT_PX, cv.h - lg.height - FONT_PX);
    sb_printf(&g, "set style fill solid 1.0 noborder\n"
                  "plot '%s.dat' index 0 using 1:2:(0.5):(0.5):3 with "
                  "boxxyerror lc rgb variable notitle, \\\n     '%s.dat' "
                  "index 1 using 1:2:(0.5):(0.5) with boxxyerror %s "
                  "notitle\n",
              name, name, HATCH);
    gp_end(&g);
    int rc = gp_write(r, name, &d, &g);
    if (rc == 0) {
        char caption[1400];
        slice_words(r, grid, 2, held, sizeof held);
        snprintf(caption, sizeof caption,
                 "The policy with the best mean %s at each point of %s and "
                 "%s%s, among those meeting the sweep's constraints "
                 "(winners.csv). A lighter, hatched cell: its paired 95%% "
                 "interval against the runner-up includes 0, so the winner "
                 "there is not clearly ahead; more replications may tell.",
                 w->objective, px, py, held);
        charts_add(r, name, title, caption);
    }
    sb_free(&d);
    sb_free(&g);
    return rc;
}

int chart_winner_map(report *r)
{
    winners_file w;
    int rc = winners_read(r, &w);
    if (rc <= 0) {
        winners_free(&w);
        return rc < 0 ? CHART_BAD_INPUT : 0;
    }
    double *xs = malloc(r->n_points * sizeof *xs);
    double *ys = malloc(r->n_points * sizeof *ys);
    rc = xs && ys ? write_map(r, &w, xs, ys) : -1;
    if (!xs || !ys)
        snprintf(r->err, r->errlen, "out of memory");
    free(xs);
    free(ys);
    winners_free(&w);
    return rc ? CHART_FAILED : 0;
}

/* ---- the bands ------------------------------------------------------------- */

static int write_bands(report *r, const winners_file *w, size_t *pts)
{
    size_t n = slice_points(r, 0, -1, 0.0, pts);
    if (n < 1)
        return 0;
    const char *px = param_name(r, 0), *name = "winners_bands";
    int categorical = r->categorical[0];
    /* Where each value sits on x, and its band's edges: halfway to its
     * neighbours (a parameter of names: its place, a unit wide). */
    double *x = malloc(n * sizeof *x);
    if (!x) {
        snprintf(r->err, r->errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        x[i] = categorical ? (double)i : r->param[pts[i] * r->n_params];
    sbuf d = {0}, g = {0}, unclear = {0}, labels = {0};
    sb_printf(&d, "# %s.dat - the winner along %s, from winners.csv\n"
                  "# block 0: x from to colour policy clearly_ahead point "
                  "diff diff_ci_low diff_ci_high (winner minus runner-up)\n"
                  "# block 1: the bands not clearly ahead: x from to\n",
              name, px);
    int wins[MAX_POLICIES] = {0};
    int any_none = 0;
    size_t run_start = 0;
    for (size_t i = 0; i < n; i++) {
        double lo = i > 0 ? 0.5 * (x[i - 1] + x[i])
                          : n > 1 ? x[0] - 0.5 * (x[1] - x[0]) : x[0] - 0.5;
        double hi = i + 1 < n ? 0.5 * (x[i] + x[i + 1])
                              : n > 1 ? x[i] + 0.5 * (x[i] - x[i - 1])
                                      : x[i] + 0.5;
        const winner_of *o = &w->at[pts[i]];
        long colour = o->policy >= 0
                          ? colour_value(gp_colour((size_t)o->policy),
                                         !o->clear)
                          : colour_value(NO_WINNER_COLOUR, 0);
        sb_printf(&d, "%.10g %.10g %.10g %ld %d %d %zu ", x[i], lo, hi,
                  colour, o->policy, o->clear, pts[i]);
        for (int c = W_DIFF; c <= W_HIGH; c++) {
            sb_cell(&d, o->row ? tcell(&w->t, o->row, (size_t)w->col[c])
                               : "");
            sb_puts(&d, c < W_HIGH ? " " : "\n");
        }
        if (o->policy >= 0) {
            wins[o->policy] = 1;
            if (!o->clear)
                sb_printf(&unclear, "%.10g %.10g %.10g\n", x[i], lo, hi);
        } else {
            any_none = 1;
        }
        /* A run of one winner is named once, in its middle. */
        if (i + 1 == n || w->at[pts[i + 1]].policy != o->policy) {
            const winner_of *first = &w->at[pts[run_start]];
            double mid = 0.5 * (x[run_start] + x[i]);
            if (first->policy >= 0) {
                sb_puts(&labels, "set label ");
                sb_gpstr(&labels, r->policies[first->policy]);
                sb_printf(&labels, " at %.10g, 0.5 center front\n", mid);
            }
            run_start = i + 1;
        }
    }
    sb_printf(&d, "\n\n%s", unclear.n ? unclear.s : "-1e300 -1e300 -1e300\n");
    double lo = n > 1 ? x[0] - 0.5 * (x[1] - x[0]) : x[0] - 0.5;
    double hi = n > 1 ? x[n - 1] + 0.5 * (x[n - 1] - x[n - 2]) : x[0] + 0.5;
    char title[512], held[512];
    snprintf(title, sizeof title, "Which policy wins along %s (%s)", px,
             w->objective[0] ? w->objective : "objective");
    /* The canvas: the title; the bands; the differences with the x label;
     * the legend below. */
    canvas cv = {960.0, 0.0};
    legend lg;
    winners_legend(&lg, r, wins, unclear.n > 0, any_none,
                   cv.w - 2.0 * FONT_PX);
    double top = title_height(title, cv.w);
    double bands_h = 120.0, gap = LINE_PX, diff_h = 260.0;
    double bottom = 3.0 * LINE_PX + lg.height + FONT_PX;
    cv.h = top + bands_h + gap + diff_h + bottom;
    double left = 7.0 * FONT_PX, right = 2.0 * FONT_PX;
    gp_begin(&g, name, title, "winners.csv", &cv);
    gp_title_lines(&g, title, &cv, "multiplot title");
    gp_legend(&g, &lg, &cv, FONT_PX, cv.h - lg.height - FONT_PX);
    sb_printf(&g, "unset key\nset xrange [%.10g:%.10g]\n", lo, hi);
    if (categorical) /* x[i] = i: the places */
        tics(&g, r, 0, "x", x, n,
             tic_every(r, 0, x, n, cv.w - left - right, 0));
    gp_margins(&g, &cv, left, right, top, cv.h - top - bands_h);
    sb_printf(&g, "set yrange [0:1]\nunset ytics\nset grid noytics\n"
                  "set format x ''\nset style fill solid 1.0 noborder\n");
    sb_puts(&g, labels.s ? labels.s : "");
    sb_printf(&g, "plot '%s.dat' index 0 using 1:(0.5):2:3:(0):(1):4 with "
                  "boxxyerror lc rgb variable notitle, \\\n     '%s.dat' "
                  "index 1 using 1:(0.5):2:3:(0):(1) with boxxyerror %s "
                  "notitle\n",
              name, name, HATCH);
    sb_puts(&g, "unset label\nunset object\nunset arrow\n");
    gp_margins(&g, &cv, left, right, top + bands_h + gap, bottom);
    sb_puts(&g, "set autoscale y\nset ytics\nset grid ytics\n"
                "set format x\nset xlabel ");
    sb_gpstr(&g, px);
    sb_printf(&g, "\nset ylabel 'winner - runner-up'\nset xzeroaxis lt -1\n"
                  "plot '%s.dat' index 0 using 1:8:9:10 with yerrorbars pt 7 "
                  "lc rgb '#333333' notitle\n"
                  "unset multiplot\n",
              name);
    gp_end(&g);
    int rc = gp_write(r, name, &d, &g);
    if (rc == 0) {
        static const size_t shown[1] = {0};
        char caption[1400];
        slice_words(r, shown, 1, held, sizeof held);
        snprintf(caption, sizeof caption,
                 "Top: the policy with the best mean %s at each value of "
                 "%s%s, among those meeting the sweep's constraints "
                 "(winners.csv); lighter and hatched where its paired 95%% "
                 "interval against the runner-up includes 0 (not clearly "
                 "ahead). Bottom: that paired difference, winner minus "
                 "runner-up, with its interval: where it crosses 0 the two "
                 "cannot be told apart.",
                 w->objective, px, held);
        charts_add(r, name, title, caption);
    }
    free(x);
    sb_free(&d);
    sb_free(&g);
    sb_free(&unclear);
    sb_free(&labels);
    return rc;
}

int chart_winner_bands(report *r)
{
    winners_file w;
    int rc = winners_read(r, &w);
    if (rc <= 0) {
        winners_free(&w);
        return rc < 0 ? CHART_BAD_INPUT : 0;
    }
    size_t *pts = malloc(r->n_points * sizeof *pts);
    rc = pts ? write_bands(r, &w, pts) : -1;
    if (!pts)
        snprintf(r->err, r->errlen, "out of memory");
    free(pts);
    winners_free(&w);
    return rc ? CHART_FAILED : 0;
}

/* ---- one line per value of a second parameter (--by) ---------------------- */

static void safe_name(char *out, size_t len, const char *s)
{
    size_t i = 0;
    for (; *s && i + 1 < len; s++) {
        char c = *s;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '-';
        out[i++] = ok ? c : '_';
    }
    out[i] = '\0';
}

static int write_by(report *r, size_t p, size_t k, size_t m, double *bys,
                    size_t *pts)
{
    size_t b = (size_t)r->by;
    size_t skip[2] = {k, b};
    size_t nb = slice_values(r, b, skip, 2, bys);
    const char *column = r->col_names[m], *px = param_name(r, k),
               *pb = param_name(r, b);
    char name[200], s_col[METRIC_NAME_MAX], s_k[96], s_b[96], s_p[96];
    safe_name(s_col, sizeof s_col, column);
    safe_name(s_k, sizeof s_k, px);
    safe_name(s_b, sizeof s_b, pb);
    safe_name(s_p, sizeof s_p, r->policies[p]);
    snprintf(name, sizeof name, "%.60s_vs_%.48s_by_%.40s_%.32s", s_col, s_k,
             s_b, s_p);
    sbuf d = {0}, g = {0};
    sb_printf(&d, "# %s.dat - %s of %s against %s, one block per value of "
                  "%s, from summary.csv\n# columns: %s mean ci_low ci_high "
                  "point\n",
              name, column, r->policies[p], px, pb, px);
    size_t drawn = 0;
    for (size_t v = 0; v < nb; v++) {
        char label[300];
        slice_label(r, b, bys[v], label, sizeof label);
        sb_printf(&d, "%s# %s = %s\n", v ? "\n\n" : "", pb, label);
        size_t n = slice_points(r, k, (int)b, bys[v], pts);
        for (size_t i = 0; i < n; i++) {
            size_t row = row_of(r, pts[i], p, m);
            slice_cell(&d, r, row, k);
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_MEAN));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_LOW));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_HIGH));
            sb_printf(&d, " %zu\n", pts[i]);
        }
        drawn += n > 0;
    }
    if (drawn == 0) {
        sb_free(&d);
        return 0;
    }
    char title[512], held[512];
    snprintf(title, sizeof title, "%s of %s against %s, a line per %s",
             column, r->policies[p], px, pb);
    /* A line per value of BY, in the policies' styles by place (colour
     * with dash and point: gp_linetypes' first nb), the legend below. */
    static char keys[MAX_POLICIES][300];
    size_t n_keys = nb < MAX_POLICIES ? nb : MAX_POLICIES;
    legend lg = {0};
    for (size_t v = 0; v < n_keys; v++) {
        char label[280];
        slice_label(r, b, bys[v], label, sizeof label);
        snprintf(keys[v], sizeof keys[v], "%s = %s", pb, label);
        legend_add(&lg, LEGEND_LINE, v + 1, NULL, keys[v], 0);
    }
    canvas cv = {960.0, 0.0};
    legend_lay_out(&lg, cv.w - 2.0 * FONT_PX);
    double top = title_height(title, cv.w);
    double bottom = 2.0 * LINE_PX + FONT_PX + lg.height + FONT_PX;
    cv.h = top + 380.0 + bottom;
    gp_begin(&g, name, title, "summary.csv", &cv);
    for (size_t v = 0; v < n_keys; v++)
        sb_printf(&g, "set linetype %zu lc rgb '%s' lw 2.5 dt %d pt %d "
                      "ps 1.4\n",
                  v + 1, gp_colour(v), gp_dash(v), gp_point(v));
    gp_title_lines(&g, title, &cv, "title");
    sb_puts(&g, "set xlabel ");
    sb_gpstr(&g, px);
    sb_puts(&g, "\nset ylabel ");
    sb_gpstr(&g, column);
    sb_puts(&g, "\n");
    slice_tics(&g, r, k, "x");
    sb_printf(&g, "unset key\n"
                  "set tmargin at screen %.6f\nset bmargin at screen %.6f\n"
                  "set style fill transparent solid 0.2 noborder\n",
              1.0 - top / cv.h, bottom / cv.h);
    gp_legend(&g, &lg, &cv, FONT_PX, cv.h - lg.height - FONT_PX);
    sb_puts(&g, "plot ");
    for (size_t v = 0; v < n_keys; v++)
        sb_printf(&g, "%s'%s.dat' index %zu using 1:3:4 with filledcurves "
                      "lc rgb '%s' notitle, \\\n     '%s.dat' index %zu "
                      "using 1:2 with linespoints lt %zu notitle",
                  v ? ", \\\n     " : "", name, v, gp_colour(v), name, v,
                  v + 1);
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = gp_write(r, name, &d, &g);
    if (rc == 0) {
        char caption[1400];
        slice_words(r, skip, 2, held, sizeof held);
        snprintf(caption, sizeof caption,
                 "Mean %s of %s as %s varies, one line per value of %s%s, "
                 "with its 95%% interval as a band.",
                 column, r->policies[p], px, pb, held);
        charts_add(r, name, title, caption);
    }
    sb_free(&d);
    sb_free(&g);
    return rc;
}

/* The columns of the --by curves: winners.csv's objective (else
 * total_cost) and those asked for with --metric. */
static size_t by_columns(report *r, size_t *cols)
{
    size_t n = 0;
    winners_file w;
    const char *objective = "total_cost";
    if (winners_read(r, &w) > 0 && w.objective[0])
        objective = w.objective;
    int c = outputs_column_of(r, objective);
    if (c >= 0)
        cols[n++] = (size_t)c;
    for (size_t i = 0; r->opt && i < r->opt->n_columns && n < 64; i++) {
        c = outputs_column_of(r, r->opt->columns[i]);
        int dup = 0;
        for (size_t j = 0; j < n; j++)
            dup |= c >= 0 && cols[j] == (size_t)c;
        if (c >= 0 && !dup)
            cols[n++] = (size_t)c;
    }
    winners_free(&w);
    return n;
}

int chart_sweep_by(report *r)
{
    size_t cols[65];
    size_t n_cols = by_columns(r, cols);
    double *bys = malloc(r->n_points * sizeof *bys);
    size_t *pts = malloc(r->n_points * sizeof *pts);
    int bad = !bys || !pts;
    for (size_t p = 0; !bad && p < r->n_policies; p++)
        for (size_t k = 0; !bad && k < r->n_params; k++)
            for (size_t i = 0; !bad && i < n_cols; i++)
                if ((int)k != r->by)
                    bad = write_by(r, p, k, cols[i], bys, pts) != 0;
    free(bys);
    free(pts);
    if (bad && !r->err[0])
        snprintf(r->err, r->errlen, "out of memory");
    return bad ? CHART_FAILED : 0;
}
