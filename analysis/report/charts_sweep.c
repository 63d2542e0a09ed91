/*
 * charts_sweep.c - the charts of a sweep (summary.csv with a point column
 * and one column per swept parameter): METRIC_vs_PARAM (a column against
 * each swept parameter, one line per policy, interval band) for the main
 * metrics, a line's throughput, WIP and lead time, best.csv's objective
 * and the columns asked for; and, with two swept parameters,
 * heatmap_POLICY (the paired difference in total cost over the grid).
 * Each family is one function of the table of charts, drawing one chart
 * per column and parameter, or per policy.
 *
 * The .dat files hold summary.csv's cells verbatim (a parameter of names
 * as its place, its names the tics: slice.c); the only computed numbers
 * are the heat maps' colour scale. Parameters not drawn are held at their
 * slice (slice.c). Not the sweep's table on the page (html.c), nor the
 * winners (charts_winners.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/report/internal.h"

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

/* The points along axis k with every other axis at its held value (the
 * first point's, or --slice's), sorted by axis k's value. */
static size_t axis_points(const report *r, size_t k, size_t *out)
{
    return slice_points(r, k, -1, 0.0, out);
}

/* Whether the policies' mean curves of column m along the points pts
 * cross: the sentence the caption says, true for these data. */
static void lines_cross(const report *r, size_t m, size_t k,
                        const char *param, const size_t *pts, size_t n,
                        char *out, size_t len)
{
    for (size_t a = 0; a < r->n_policies; a++)
        for (size_t b = a + 1; b < r->n_policies; b++)
            for (size_t i = 0; i + 1 < n; i++) {
                double d0 = mean_of(r, pts[i], a, m) -
                            mean_of(r, pts[i], b, m);
                double d1 = mean_of(r, pts[i + 1], a, m) -
                            mean_of(r, pts[i + 1], b, m);
                if (isfinite(d0) && isfinite(d1) &&
                    ((d0 < 0.0 && d1 > 0.0) || (d0 > 0.0 && d1 < 0.0))) {
                    char from[300], to[300];
                    slice_label(r, k, r->param[pts[i] * r->n_params + k],
                                from, sizeof from);
                    slice_label(r, k,
                                r->param[pts[i + 1] * r->n_params + k], to,
                                sizeof to);
                    snprintf(out, len,
                             "Where the lines cross the order of the "
                             "policies changes (%s and %s cross between "
                             "%s = %s and %s).",
                             r->policies[a], r->policies[b], param, from,
                             to);
                    return;
                }
            }
    snprintf(out, len, "The means do not cross over this range: the "
                       "policies keep the same order throughout.");
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
            slice_cell(&d, r, row, k);
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_MEAN));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_LOW));
            sb_puts(&d, " ");
            sb_cell(&d, text(r, row, S_HIGH));
            sb_printf(&d, " %zu\n", pts[i]);
        }
    }
    char title[512];
    snprintf(title, sizeof title, "%s against %s (band: 95%% CI)",
             column, param);
    legend lg = {0};
    for (size_t p = 0; p < r->n_policies; p++)
        legend_add(&lg, LEGEND_LINE, p + 1, NULL, r->policies[p], 0);
    canvas cv = {960.0, 0.0};
    legend_lay_out(&lg, cv.w - 2.0 * FONT_PX);
    double top = title_height(title, cv.w);
    double bottom = 2.0 * LINE_PX + FONT_PX + lg.height + FONT_PX;
    cv.h = top + 380.0 + bottom;
    char unit[64], ylabel[METRIC_NAME_MAX + 80];
    column_unit_words(r, m, unit, sizeof unit);
    snprintf(ylabel, sizeof ylabel, unit[0] ? "%s (%s)" : "%s%s", column,
             unit);
    gp_begin(&g, name, title, "summary.csv", &cv);
    gp_linetypes(&g, r);
    gp_title_lines(&g, title, &cv, "title");
    sb_puts(&g, "set xlabel ");
    sb_gpstr(&g, param);
    sb_puts(&g, "\nset ylabel ");
    sb_gpstr(&g, ylabel);
    sb_puts(&g, "\n");
    slice_tics(&g, r, k, "x");
    sb_printf(&g, "unset key\n"
                  "set tmargin at screen %.6f\nset bmargin at screen %.6f\n"
                  "set style fill transparent solid 0.2 noborder\n",
              1.0 - top / cv.h, bottom / cv.h);
    gp_legend(&g, &lg, &cv, FONT_PX, cv.h - lg.height - FONT_PX);
    sb_puts(&g, "plot ");
    for (size_t p = 0; p < r->n_policies; p++) {
        sb_printf(&g, "%s'%s.dat' index %zu using 1:3:4 with filledcurves "
                      "lc rgb '%s' notitle, \\\n     '%s.dat' index %zu "
                      "using 1:2 with linespoints lt %zu title ",
                  p ? ", \\\n     " : "", name, p, gp_colour(p), name, p,
                  p + 1);
        sb_gpstr(&g, r->policies[p]);
    }
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = gp_write(r, name, &d, &g);
    if (rc == 0) {
        char caption[1400], crossing[600], held[512];
        lines_cross(r, m, k, param, pts, n, crossing, sizeof crossing);
        slice_words(r, &k, 1, held, sizeof held);
        snprintf(caption, sizeof caption,
                 "Mean %s of each policy as %s varies%s, with its 95%% "
                 "interval as a band. %s",
                 column, param, held, crossing);
        charts_add(r, name, title, caption);
    }
    sb_free(&d);
    sb_free(&g);
    return rc;
}


/* heatmap_POLICY: the paired difference in total cost over the first two
 * swept parameters, in % of the baseline. */
static int chart_heatmap(report *r, size_t p, double *xs, double *ys)
{
    size_t base = (size_t)r->baseline;
    /* Every other axis at its held value. */
    static const size_t grid[2] = {0, 1};
    size_t nx = slice_values(r, 0, grid, 2, xs);
    size_t ny = slice_values(r, 1, grid, 2, ys);
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
        if (!slice_holds(r, pt, grid, 2))
            continue;
        size_t i = slice_place(xs, nx, r->param[pt * r->n_params]);
        size_t j = slice_place(ys, ny, r->param[pt * r->n_params + 1]);
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
    char title[512];
    snprintf(title, sizeof title, "Total cost, %s minus %s (%% of %s)",
             r->policies[p], r->policies[base], r->policies[base]);
    canvas cv = {960.0, 0.0};
    double top = title_height(title, cv.w);
    double bottom = 3.0 * LINE_PX;
    double plot_h = 380.0;
    cv.h = top + plot_h + bottom;
    /* The plot's width between the values' tics and the colour box: a
     * tic label shown only every so many cells when they are narrow, a
     * cell's value only when it fits the cell. */
    double left = 7.0 * FONT_PX, right = 10.0 * FONT_PX;
    double plot_w = cv.w - left - right;
    double cell_w = plot_w / (double)nx, cell_h = plot_h / (double)ny;
    double widest_x = 0.0, widest_cell = text_em("(+100%)") * FONT_PX;
    char buf[64];
    for (size_t i = 0; i < nx; i++) {
        slice_label(r, 0, xs[i], buf, sizeof buf);
        widest_x = fmax(widest_x, text_em(buf) * FONT_PX);
    }
    if (extent >= 999.5) {
        snprintf(buf, sizeof buf, "(%+.0f%%)", -extent);
        widest_cell = text_em(buf) * FONT_PX;
    }
    size_t every_x = (size_t)ceil((widest_x + FONT_PX) / cell_w);
    size_t every_y = (size_t)ceil(1.25 * LINE_PX / cell_h);
    int cell_labels = cell_w >= widest_cell + 0.5 * FONT_PX &&
                      cell_h >= 1.25 * LINE_PX;
    gp_begin(&g, name, title, "summary.csv", &cv);
    gp_title_lines(&g, title, &cv, "title");
    sb_puts(&g, "set xlabel ");
    sb_gpstr(&g, px);
    sb_puts(&g, "\nset ylabel ");
    sb_gpstr(&g, py);
    sb_printf(&g, "\nset grid noytics\n"
                  "set palette defined (-1 '#2166AC', 0 '#F7F7F7', 1 "
                  "'#B2182B')\n"
                  "set cbrange [%.4g:%.4g]\n"
                  "set cblabel 'difference, %% of the baseline (blue: "
                  "cheaper)'\n"
                  "set xrange [-0.5:%zu.5]\nset yrange [-0.5:%zu.5]\n",
              -extent, extent, nx - 1, ny - 1);
    gp_margins(&g, &cv, left, right, top, bottom);
    sb_puts(&g, "set xtics (");
    for (size_t i = 0; i < nx; i++) {
        char xb[300] = "";
        if (i % every_x == 0)
            slice_label(r, 0, xs[i], xb, sizeof xb);
        sb_puts(&g, i ? ", " : "");
        sb_gptic(&g, xb);
        sb_printf(&g, " %zu", i);
    }
    sb_puts(&g, ")\nset ytics (");
    for (size_t j = 0; j < ny; j++) {
        char yb[300] = "";
        if (j % every_y == 0)
            slice_label(r, 1, ys[j], yb, sizeof yb);
        sb_puts(&g, j ? ", " : "");
        sb_gptic(&g, yb);
        sb_printf(&g, " %zu", j);
    }
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
                  "notitle",
              name);
    if (cell_labels)
        sb_printf(&g, ", \\\n     '%s.dat' using 1:2:(cell($5,$6,$7,$8)) "
                      "with labels tc rgb '#000000' notitle",
                  name);
    sb_puts(&g, "\n");
    gp_end(&g);
    int rc = gp_write(r, name, &d, &g);
    if (rc == 0) {
        char caption[1600], frame[400], held[512];
        slice_words(r, grid, 2, held, sizeof held);
        if (have_best && best < 0.0)
            snprintf(frame, sizeof frame, "The framed cell is the point "
                                          "where %s gains most.",
                     r->policies[p]);
        else if (have_best)
            snprintf(frame, sizeof frame, "%s is nowhere cheaper than %s; "
                                          "the framed cell is where it "
                                          "comes closest.",
                     r->policies[p], r->policies[base]);
        else
            frame[0] = '\0';
        snprintf(caption, sizeof caption,
                 "Paired difference in total cost, %s minus %s, over the "
                 "grid of %s and %s, in %% of %s's cost%s. Blue: %s is "
                 "cheaper; red: %s is.%s %s",
                 r->policies[p], r->policies[base], px, py,
                 r->policies[base], held, r->policies[p],
                 r->policies[base],
                 cell_labels ? " A value in parentheses: the 95% interval "
                               "straddles zero, no clear winner there."
                             : " The cells are too small to print their "
                               "values: this chart's .dat file holds them.",
                 frame);
        charts_add(r, name, title, caption);
    }
    sb_free(&d);
    sb_free(&g);
    return rc;
}

/* The objective of the best-point search in dir/best.csv, if any. */
static void best_objective(report *r, char *buf, size_t len)
{
    buf[0] = '\0';
    table t;
    char ignored[512];
    if (table_read(r->dir, "best.csv", 0, &t, ignored, sizeof ignored) <= 0)
        return;
    int c = table_column(&t, "objective");
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
        int c = outputs_column_of(r, wanted[i]);
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

/* METRIC_vs_PARAM: each column of sweep_columns against each swept
 * parameter. */
int chart_sweep_curves(report *r)
{
    size_t cols[N_SWEEP_METRICS + 4 + 64], n_cols;
    if (sweep_columns(r, r->opt, cols, &n_cols))
        return CHART_BAD_INPUT;
    size_t *pts = malloc(r->n_points * sizeof *pts);
    int bad = !pts;
    for (size_t k = 0; !bad && k < r->n_params; k++)
        for (size_t i = 0; !bad && i < n_cols; i++)
            bad = chart_sweep_lines(r, k, cols[i], pts) != 0;
    free(pts);
    if (bad && !r->err[0])
        snprintf(r->err, r->errlen, "out of memory");
    return bad ? CHART_FAILED : 0;
}

/* heatmap_POLICY for each policy but the baseline. For a sweep of two
 * parameters or more with a baseline (charts.c). */
int chart_heatmaps(report *r)
{
    double *xs = malloc(r->n_points * sizeof *xs);
    double *ys = malloc(r->n_points * sizeof *ys);
    int bad = !xs || !ys;
    for (size_t p = 0; !bad && p < r->n_policies; p++)
        if ((int)p != r->baseline)
            bad = chart_heatmap(r, p, xs, ys) != 0;
    free(xs);
    free(ys);
    if (bad && !r->err[0])
        snprintf(r->err, r->errlen, "out of memory");
    return bad ? CHART_FAILED : 0;
}
