/*
 * layout.c - where a chart's text goes, so that no label overprints
 * another: a label's width estimated from the advance widths of DejaVu
 * Sans, names wrapped into lines, rows of policies placed one under the
 * other (each as tall as its name), tics spaced to fit their labels, a
 * legend laid out in columns below a chart, a title wrapped to the chart's
 * width, and margins given in pixels.
 *
 * Why estimate widths: gnuplot's SVG names the font (Helvetica) but the
 * browser draws it with what it has; DejaVu Sans, what fontconfig gives
 * on Debian for Helvetica, is the widest of the usual substitutes (wider
 * than Liberation Sans, Arial or Helvetica itself), so a layout made with
 * its widths holds for all of them. Every chart of a report is laid out
 * here in SVG pixels at FONT_PX; the PNG is the same chart at 4/3 the size
 * with a relatively smaller font, so it holds there too.
 *
 * Not the charts (charts_*.c) nor the gnuplot script's common top
 * (gnuplot.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/report/internal.h"

/* DejaVu Sans's advance widths of ' ' .. '~', in thousandths of an em
 * (read from DejaVuSans.ttf's hmtx table). */
static const short ascii_width[95] = {
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361,
    318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337,
    838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295,
    295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989,
    685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615,
    352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521,
    392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838};

/* A code point's width in em: ASCII from the table; anything else (an
 * accented letter, a CJK character) as a full em, which none exceeds by
 * much. */
static double char_em(const char *p)
{
    unsigned char c = (unsigned char)*p;
    if (c >= 32 && c < 127)
        return ascii_width[c - 32] / 1000.0;
    return c < 32 ? ascii_width[0] / 1000.0 : 1.0;
}

/* The length in bytes of the UTF-8 character at p (1 for a stray byte). */
static size_t char_len(const char *p)
{
    unsigned char c = (unsigned char)*p;
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (size_t i = 1; i < n; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

double text_em(const char *s)
{
    double w = 0.0;
    for (; *s; s += char_len(s))
        w += char_em(s);
    return w;
}

static double span_em(const char *s, size_t n)
{
    double w = 0.0;
    for (size_t i = 0; i < n && s[i]; i += char_len(s + i))
        w += char_em(s + i);
    return w;
}

double widest_line_em(const char *wrapped)
{
    double best = 0.0;
    for (const char *p = wrapped;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        double w = span_em(p, n);
        if (w > best)
            best = w;
        if (!nl)
            return best;
        p = nl + 1;
    }
}

size_t text_lines(const char *wrapped)
{
    size_t n = 1;
    for (; *wrapped; wrapped++)
        n += *wrapped == '\n';
    return n;
}

#define ELLIPSIS "\xE2\x80\xA6"
#define ELLIPSIS_EM 1.0

/* Appends a line break to out (of len). */
static void put_break(char *out, size_t len, size_t *at)
{
    if (*at + 1 < len)
        out[(*at)++] = '\n';
    out[*at] = '\0';
}

/* Appends n bytes of s to out (of len), control characters as spaces. */
static void put(char *out, size_t len, size_t *at, const char *s, size_t n)
{
    for (size_t i = 0; i < n && *at + 1 < len; i++)
        out[(*at)++] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
    out[*at] = '\0';
}

size_t wrap_text(const char *s, double max_em, size_t max_lines, char *out,
                 size_t len)
{
    size_t at = 0, lines = 0;
    out[0] = '\0';
    while (*s == ' ')
        s++;
    while (*s) {
        /* The longest prefix that fits, and the last place to break in
         * it: after a space (dropped), or after - _ / (kept). */
        double w = 0.0;
        size_t fit = 0, brk = 0, resume = 0;
        for (size_t i = 0; s[i];) {
            size_t n = char_len(s + i);
            double cw = char_em(s + i);
            if (fit && w + cw > max_em && s[i] != ' ')
                break;
            w += cw;
            i += n;
            fit = i;
            if (s[i - 1] == ' ') {
                brk = i - 1;
                resume = i;
            } else if (s[i - 1] == '-' || s[i - 1] == '_' ||
                       s[i - 1] == '/') {
                brk = i;
                resume = i;
            }
        }
        int rest_fits = s[fit] == '\0';
        if (lines + 1 == max_lines && !rest_fits) {
            /* The last line allowed: cut it to leave room for "...". */
            size_t cut = 0;
            double cw = 0.0;
            for (size_t i = 0; s[i];) {
                size_t n = char_len(s + i);
                if (cw + char_em(s + i) + ELLIPSIS_EM > max_em)
                    break;
                cw += char_em(s + i);
                i += n;
                cut = i;
            }
            while (cut && s[cut - 1] == ' ')
                cut--;
            if (lines)
                put_break(out, len, &at);
            put(out, len, &at, s, cut);
            put(out, len, &at, ELLIPSIS, strlen(ELLIPSIS));
            return lines + 1;
        }
        size_t take = fit, next = fit;
        if (!rest_fits && brk) {
            take = brk;
            next = resume;
        }
        while (take && s[take - 1] == ' ')
            take--;
        if (lines)
            put_break(out, len, &at);
        put(out, len, &at, s, take);
        lines++;
        s += next;
        while (*s == ' ')
            s++;
    }
    return lines ? lines : 1;
}

void wrap_title(const char *title, double width_px, char *out, size_t len)
{
    wrap_text(title, (width_px - 2.0 * FONT_PX) / FONT_PX, 4, out, len);
}

static void gp_string(sbuf *g, const char *wrapped, int tic)
{
    sb_put(g, "\"", 1);
    for (const char *s = wrapped; *s; s++) {
        if (tic && *s == '%')
            sb_puts(g, "%%");
        else if (*s == '\n')
            sb_puts(g, "\\n");
        else if (*s == '"' || *s == '\\') {
            sb_put(g, "\\", 1);
            sb_put(g, s, 1);
        } else if ((unsigned char)*s < 0x20 || *s == 0x7f)
            sb_put(g, " ", 1);
        else
            sb_put(g, s, 1);
    }
    sb_put(g, "\"", 1);
}

/* A gnuplot string of wrapped text: double-quoted, each line break as
 * gnuplot's \n, quotes and backslashes escaped. */
void sb_gptext(sbuf *g, const char *wrapped)
{
    gp_string(g, wrapped, 0);
}

/* The same as a tic's label, which gnuplot reads as a format: % doubled
 * ("97% service level"). */
void sb_gptic(sbuf *g, const char *wrapped)
{
    gp_string(g, wrapped, 1);
}

/* ---- tics ------------------------------------------------------------- */

/* 1, 2 or 5 times a power of ten: the smallest that gives at most
 * max_tics intervals over span. */
static double nice_step(double span, double max_tics)
{
    if (!(span > 0.0) || !(max_tics >= 1.0))
        return span > 0.0 ? span : 1.0;
    double raw = span / max_tics;
    double p = pow(10.0, floor(log10(raw)));
    static const double m[] = {1.0, 2.0, 5.0, 10.0};
    for (int i = 0; i < 4; i++)
        if (m[i] * p >= raw * (1.0 - 1e-9))
            return m[i] * p;
    return 10.0 * p;
}

static void tic_text(char *buf, size_t len, double x, const char *suffix)
{
    if (fabs(x) < 1e-12)
        x = 0.0;
    snprintf(buf, len, "%.6g%s", x, suffix);
}

/* The widest label of the tics k * step in [a0, a1]. */
static double widest_tic(double a0, double a1, double step,
                         const char *suffix, size_t *n_tics)
{
    double widest = 0.0;
    size_t n = 0;
    char buf[64];
    for (double k = ceil(a0 / step - 1e-9); k * step <= a1 + step * 1e-9;
         k += 1.0) {
        tic_text(buf, sizeof buf, k * step, suffix);
        widest = fmax(widest, text_em(buf) * FONT_PX);
        n++;
    }
    *n_tics = n;
    return widest;
}

void axis_fit(axis_range *a, double lo, double hi, double plot_px,
              int from_zero, const char *suffix)
{
    if (!isfinite(lo) || !isfinite(hi)) {
        lo = 0.0;
        hi = 1.0;
    }
    if (from_zero) {
        if (lo > 0.0)
            lo = 0.0;
        if (hi < 0.0)
            hi = 0.0;
    }
    if (!(hi > lo)) {
        double pad = fabs(lo) > 0.0 ? fabs(lo) * 0.1 : 1.0;
        if (from_zero && lo == 0.0)
            hi += pad;
        else {
            lo -= pad;
            hi += pad;
        }
    }
    snprintf(a->suffix, sizeof a->suffix, "%s", suffix);
    /* The range rounded out to whole tics, as many tics as their labels
     * allow: each label and a gap of two ems between neighbours. */
    for (double max = 12.0; max >= 2.0; max -= 1.0) {
        double step = nice_step(hi - lo, max);
        double a0 = floor(lo / step + 1e-9) * step;
        double a1 = ceil(hi / step - 1e-9) * step;
        size_t n;
        double widest = widest_tic(a0, a1, step, suffix, &n);
        if (n >= 2 && plot_px / (double)(n - 1) >= widest + 2.0 * FONT_PX) {
            a->lo = a0;
            a->hi = a1;
            a->step = step;
            a->widest_px = widest;
            return;
        }
    }
    /* A range so lopsided that rounding it out to tics would squash it
     * (-88% to +124534%): the range as it is, padded, with the round
     * tics that fit inside it, at least one. */
    double pad = 0.04 * (hi - lo);
    a->lo = from_zero && lo == 0.0 ? 0.0 : lo - pad;
    a->hi = hi + pad;
    double step = nice_step(a->hi - a->lo, 1.0);
    for (double max = 12.0; max >= 1.0; max -= 1.0) {
        step = nice_step(a->hi - a->lo, max);
        size_t n;
        double widest = widest_tic(a->lo, a->hi, step, suffix, &n);
        a->widest_px = widest;
        if (n >= 1 && (n == 1 || plot_px * step / (a->hi - a->lo) >=
                                     widest + 2.0 * FONT_PX))
            break;
    }
    a->step = step;
}

void gp_axis(sbuf *g, const char *axis, const axis_range *a)
{
    /* 0, not -0 (a range rounded up from below). */
    sb_printf(g, "set %srange [%.10g:%.10g]\nset %stics (", axis,
              a->lo == 0.0 ? 0.0 : a->lo, a->hi == 0.0 ? 0.0 : a->hi, axis);
    int first = 1;
    for (double k = ceil(a->lo / a->step - 1e-9);
         k * a->step <= a->hi + a->step * 1e-9; k += 1.0) {
        double x = k * a->step;
        char buf[64];
        tic_text(buf, sizeof buf, x, a->suffix);
        /* A tic's label is a format: % doubled. */
        sb_puts(g, first ? "\"" : ", \"");
        for (const char *c = buf; *c; c++)
            sb_puts(g, *c == '%' ? "%%" : (char[]){*c, 0});
        sb_printf(g, "\" %.10g", fabs(x) < 1e-12 ? 0.0 : x);
        first = 0;
    }
    sb_puts(g, ")\n");
}

/* ---- rows of policies --------------------------------------------------- */

void rows_lay_out(policy_rows *pr, const report *r, int skip, double wrap_em,
                  double min_pitch)
{
    memset(pr, 0, sizeof *pr);
    double y = 0.0;
    for (size_t p = 0; p < r->n_policies; p++) {
        if ((int)p == skip)
            continue;
        size_t i = pr->n++;
        pr->policy[i] = p;
        size_t lines = wrap_text(r->policies[p], wrap_em, 3, pr->label[i],
                                 sizeof pr->label[i]);
        double w = widest_line_em(pr->label[i]) * FONT_PX;
        if (w > pr->names_px)
            pr->names_px = w;
        double pitch = (double)lines * LINE_PX + 0.5 * LINE_PX;
        if (pitch < min_pitch)
            pitch = min_pitch;
        pr->y[i] = y + pitch / 2.0;
        y += pitch;
    }
    pr->height = y;
}

void gp_rows(sbuf *g, const policy_rows *pr, int names)
{
    /* y in pixels from the top of the plot: rows as tall as their
     * names. */
    sb_printf(g, "set yrange [%.10g:0]\nset ytics (", pr->height);
    for (size_t i = 0; i < pr->n; i++) {
        sb_puts(g, i ? ", " : "");
        if (names)
            sb_gptic(g, pr->label[i]);
        else
            sb_puts(g, "\"\"");
        sb_printf(g, " %.10g", pr->y[i]);
    }
    sb_printf(g, ")\nset ytics nomirror scale 0\narray Y[%zu] = [",
              pr->n ? pr->n : 1);
    for (size_t i = 0; i < pr->n; i++)
        sb_printf(g, "%s%.10g", i ? ", " : "", pr->y[i]);
    sb_puts(g, pr->n ? "]\n" : "0]\n");
}

/* ---- margins and legends ---------------------------------------------- */

void gp_margins(sbuf *g, const canvas *c, double left, double right,
                double top, double bottom)
{
    sb_printf(g, "set lmargin at screen %.6f\nset rmargin at screen %.6f\n"
                 "set tmargin at screen %.6f\nset bmargin at screen %.6f\n",
              left / c->w, 1.0 - right / c->w, 1.0 - top / c->h,
              bottom / c->h);
}

#define SAMPLE_PX (2.5 * FONT_PX)
#define LEGEND_GAP_PX (1.5 * FONT_PX)

/* An item's title as the legend shows it: cut with "..." to fit a column
 * of at most max_px. */
static void legend_title(const legend_item *it, double max_px, char *out,
                         size_t len)
{
    wrap_text(it->title, (max_px - SAMPLE_PX - 0.5 * FONT_PX) / FONT_PX, 1,
              out, len);
}

void legend_add(legend *l, int kind, size_t lt, const char *colour,
                const char *title, int pattern)
{
    if (l->n < sizeof l->items / sizeof l->items[0])
        l->items[l->n++] = (legend_item){kind, lt, colour, title, pattern};
}

void legend_lay_out(legend *l, double width_px)
{
    /* The most columns that fit, each as wide as its widest entry,
     * filled down then across. Past six entries none is wider than half
     * the width (a longer name is cut with an ellipsis: the tables give
     * it whole), so that one name cannot make a legend of one column. */
    double cap = l->n > 6 ? width_px / 2.0 : width_px;
    double item[MAX_POLICIES + 8];
    for (size_t i = 0; i < l->n; i++) {
        item[i] = SAMPLE_PX + 0.5 * FONT_PX +
                  text_em(l->items[i].title) * FONT_PX + LEGEND_GAP_PX;
        if (item[i] > cap)
            item[i] = cap;
    }
    l->cols = 1;
    l->rows = l->n;
    l->col_x[0] = 0.0;
    l->col_w[0] = width_px;
    for (size_t cols = l->n; cols > 1; cols--) {
        size_t rows = (l->n + cols - 1) / cols;
        if ((l->n + rows - 1) / rows != cols)
            continue; /* the same rows with fewer columns */
        double x = 0.0, xs[MAX_POLICIES + 8], ws[MAX_POLICIES + 8];
        for (size_t c = 0; c < cols; c++) {
            double w = 0.0;
            for (size_t i = c * rows; i < (c + 1) * rows && i < l->n; i++)
                w = fmax(w, item[i]);
            xs[c] = x;
            ws[c] = w;
            x += w;
        }
        if (x <= width_px) {
            l->cols = cols;
            l->rows = rows;
            memcpy(l->col_x, xs, cols * sizeof *xs);
            memcpy(l->col_w, ws, cols * sizeof *ws);
            break;
        }
    }
    l->height = (double)l->rows * LINE_PX;
}

void gp_legend(sbuf *g, const legend *l, const canvas *c, double x0,
               double y0)
{
    for (size_t i = 0; i < l->n; i++) {
        const legend_item *it = &l->items[i];
        /* Column-major: read down, then across. */
        size_t col = i / l->rows, row = i % l->rows;
        double x = x0 + l->col_x[col];
        double y = y0 + ((double)row + 0.5) * LINE_PX;
        double sx = x / c->w, ex = (x + SAMPLE_PX) / c->w,
               sy = 1.0 - y / c->h;
        switch (it->kind) {
        case LEGEND_BOX:
            sb_printf(g, "set object %zu rect from screen %.6f, screen %.6f "
                         "to screen %.6f, screen %.6f fc rgb '%s' ",
                      1000 + i, sx, 1.0 - (y - 0.3 * LINE_PX) / c->h, ex,
                      1.0 - (y + 0.3 * LINE_PX) / c->h, it->colour);
            if (it->pattern)
                sb_printf(g, "fs pattern %d border rgb '%s' front\n",
                          it->pattern, it->colour);
            else
                sb_puts(g, "fs solid 0.9 border rgb '#333333' front\n");
            break;
        case LEGEND_LINE:
            sb_printf(g, "set arrow %zu from screen %.6f, screen %.6f to "
                         "screen %.6f, screen %.6f nohead lt %zu front\n",
                      1000 + i, sx, sy, ex, sy, it->lt);
            break;
        case LEGEND_POINT: {
            /* An object circle of the series' colour stands for its
             * point (a key entry would need gnuplot's key). */
            double cx = (x + SAMPLE_PX / 2.0) / c->w;
            sb_printf(g, "set object %zu circle at screen %.6f, screen %.6f "
                         "size screen %.6f fc rgb '%s' fs solid 1.0 "
                         "noborder front\n",
                      1000 + i, cx, sy, 0.25 * FONT_PX / c->w,
                      it->colour ? it->colour : gp_colour(it->lt - 1));
            break;
        }
        case LEGEND_HOLLOW: {
            double cx = (x + SAMPLE_PX / 2.0) / c->w;
            sb_printf(g, "set object %zu circle at screen %.6f, screen %.6f "
                         "size screen %.6f fs empty border rgb '%s' lw 2 "
                         "front\n",
                      1000 + i, cx, sy, 0.25 * FONT_PX / c->w,
                      it->colour ? it->colour : gp_colour(it->lt - 1));
            break;
        }
        }
        char title[512];
        legend_title(it, l->col_w[col], title, sizeof title);
        sb_printf(g, "set label %zu ", 1000 + i);
        sb_gptext(g, title);
        sb_printf(g, " at screen %.6f, screen %.6f left front\n",
                  (x + SAMPLE_PX + 0.5 * FONT_PX) / c->w,
                  1.0 - (y + 0.3 * FONT_PX) / c->h);
    }
}

double title_height(const char *title, double width_px)
{
    char wrapped[1024];
    wrap_title(title, width_px, wrapped, sizeof wrapped);
    return ((double)text_lines(wrapped) + 1.0) * LINE_PX;
}

double gp_title_lines(sbuf *g, const char *title, const canvas *c,
                      const char *how)
{
    char wrapped[1024];
    wrap_title(title, c->w, wrapped, sizeof wrapped);
    if (strcmp(how, "title") == 0) {
        /* A label centred on the canvas, not gnuplot's title, which is
         * centred on the plot and runs off the side when the margins
         * differ (a column of names at the left). */
        sb_puts(g, "set label 999 ");
        sb_gptext(g, wrapped);
        sb_printf(g, " at screen 0.5, screen %.6f center front\n",
                  1.0 - LINE_PX / c->h);
    } else {
        sb_printf(g, "set %s ", how);
        sb_gptext(g, wrapped);
        sb_puts(g, "\n");
    }
    return (double)text_lines(wrapped);
}
