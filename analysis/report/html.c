/*
 * html.c - report.html: one self-contained page (styles inline, charts
 * inlined as SVG, no network, no other file) with the scenario's name,
 * description and effective parameters, the sentences, every chart drawn
 * with its caption, and the tables: for a run the comparison, a line's
 * stages and the paired differences; for a sweep the total cost at each
 * point.
 *
 * Not the charts: it shows the charts recorded by charts_write, in their
 * order, and knows none by name.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/report/internal.h"
#include "models/world.h"

static const char css[] =
    ":root{--ink:#1b1b1b;--muted:#555;--line:#d5d5d5;--accent:#0072B2;"
    "--paper:#fff;--soft:#f4f6f8}\n"
    "*{box-sizing:border-box}\n"
    "html{font-size:18px}\n"
    "body{margin:0;background:var(--paper);color:var(--ink);"
    "font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,"
    "sans-serif;line-height:1.5}\n"
    "main{max-width:1120px;margin:0 auto;padding:2rem 1.5rem 4rem;"
    "overflow-wrap:break-word}\n"
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
    /* A table wider than the page scrolls inside its box, its first
     * column (the metric, the policy) kept in view; numbers never wrap,
     * names wrap, anywhere if they must. */
    ".scroll{overflow-x:auto;max-width:100%;margin:.5rem 0 1rem}\n"
    "table{border-collapse:collapse;width:100%;margin:0;"
    "font-variant-numeric:tabular-nums}\n"
    "th,td{padding:.4rem .6rem;border-bottom:1px solid var(--line);"
    "text-align:right;vertical-align:top}\n"
    "td{white-space:nowrap}\n"
    "th{overflow-wrap:anywhere;min-width:5em}\n"
    "th:first-child,td:first-child{text-align:left;position:sticky;left:0;"
    "background:var(--paper)}\n"
    "thead th{border-bottom:2px solid var(--ink);vertical-align:bottom}\n"
    "td.params,th.params,td.text,th.text{text-align:left}\n"
    "td.params{white-space:normal;overflow-wrap:break-word}\n"
    "div.plan{font-size:0.9em;color:#444;margin-top:0.3em}\n"
    "div.plan.caution{color:#8a3b00;font-weight:600}\n"
    "td.name{white-space:normal;overflow-wrap:anywhere}\n"
    "td.name{min-width:8em}\n"
    "tr.baseline td{font-weight:600}\n"
    ".better{color:#005a8c}.worse{color:#a33a00}"
    ".unclear{color:var(--muted)}\n"
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
    ".scroll{overflow:visible}"
    "nav{display:none}h2{break-after:avoid;page-break-after:avoid}"
    "table,figure,.description,.sentences{break-inside:avoid;"
    "page-break-inside:avoid}figure svg{border:none}"
    "a{color:inherit;text-decoration:none}"
    ".description{background:none;border-left:3px solid #999}"
    "@page{margin:14mm}}\n";

static const metric table_metrics[] = {
    METRIC_TOTAL_COST,      METRIC_OPERATING_COST,
    METRIC_HOLDING_COST,    METRIC_PIPELINE_HOLDING_COST,
    METRIC_ORDERING_COST,   METRIC_TRANSPORT_COST,
    METRIC_PURCHASE_COST,   METRIC_SHORTAGE_COST,
    METRIC_FILL_RATE,       METRIC_READY_RATE,
    METRIC_AVG_ON_HAND,     METRIC_CUSTOMER_LEAD_TIME_MEAN,
    METRIC_CUSTOMER_LEAD_TIME_P95, METRIC_ORDERS_PLACED,
    METRIC_TURNOVER,        METRIC_CASH_TIED_UP};
#define N_TABLE (sizeof table_metrics / sizeof table_metrics[0])

static void sb_number(sbuf *h, double x, int sig, int sign)
{
    char buf[64];
    format_number(buf, sizeof buf, x, sig, sign);
    sb_puts(h, buf);
}

static void html_estimate(sbuf *h, const report *r, size_t row)
{
    double mean = val(r, row, S_MEAN);
    double hw = (val(r, row, S_HIGH) - val(r, row, S_LOW)) / 2.0;
    if (!isfinite(mean)) {
        sb_puts(h, "&ndash;");
        return;
    }
    sb_number(h, mean, 4, 0);
    if (isfinite(hw)) {
        sb_puts(h, " &plusmn; ");
        sb_number(h, hw, 2, 0);
    }
}

/* Copies an SVG file into the page: without the XML prolog and the
 * namespace declarations (an HTML parser needs none), with its ids
 * prefixed (several gnuplot charts share the same ids) and its title set. */
static int html_svg(sbuf *h, const report *r, const chart *c, size_t index)
{
    char path[PATH_BUF];
    snprintf(path, sizeof path, "%s/%s.svg", r->charts_dir, c->name);
    size_t len;
    char *svg = sb_read_file(path, &len);
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

/* Rows of the comparison table: the main metrics, then a line's own. */
static size_t html_rows(const report *r, size_t *rows)
{
    size_t n = 0;
    for (size_t i = 0; i < N_TABLE; i++)
        rows[n++] = table_metrics[i];
    if (r->n_stages)
        for (int m = 0; m < LINE_METRIC_COUNT; m++) {
            int c = outputs_column_of(r, line_metric_name((line_metric)m));
            if (c >= 0)
                rows[n++] = (size_t)c;
        }
    if (r->n_stages && outputs_column_of(r, "avg_wip") >= 0)
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
               "machine time in %)</h2>\n<div class=\"scroll\"><table>\n"
               "<thead><tr><th>stage</th><th class=\"text\">policy</th>");
    for (size_t c = 0; c < n_cols; c++) {
        /* Each measure's unit, in words (shares of machine time in %). */
        char unit[64] = "%";
        int col = r->n_stages ? r->stage_col[0][cols[c]] : -1;
        if (!(cols[c] >= STAGE_BUSY && cols[c] <= STAGE_IDLE) && col >= 0)
            column_unit_words(r, (size_t)col, unit, sizeof unit);
        else if (col < 0)
            unit[0] = '\0';
        sb_printf(h, "<th>%s <span class=\"unit\">",
                  stage_metric_name(cols[c]));
        sb_html(h, unit);
        sb_puts(h, "</span></th>");
    }
    sb_puts(h, "</tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < r->n_stages; k++)
        for (size_t p = 0; p < r->n_policies; p++) {
            sb_puts(h, "<tr><td>");
            if (p == 0)
                sb_html(h, r->stages[k]);
            sb_puts(h, "</td><td class=\"text name\">");
            sb_html(h, r->policies[p]);
            sb_puts(h, "</td>");
            for (size_t c = 0; c < n_cols; c++) {
                int col = r->stage_col[k][cols[c]];
                double x = col >= 0 ? mean_of(r, 0, p, (size_t)col) : NAN;
                if (!isfinite(x))
                    sb_puts(h, "<td>&ndash;</td>");
                else if (cols[c] >= STAGE_BUSY && cols[c] <= STAGE_IDLE)
                    sb_printf(h, "<td>%.1f</td>", 100.0 * x);
                else {
                    sb_puts(h, "<td>");
                    sb_number(h, x, 4, 0);
                    sb_puts(h, "</td>");
                }
            }
            sb_puts(h, "</tr>\n");
        }
    sb_puts(h, "</tbody>\n</table></div>\n");
}

/* A paired difference's class: better or worse than the baseline at 95%
 * (by the column's direction), unclear (the interval holds 0), or
 * neither (a count a policy trades, such as orders_placed). */
static const char *difference_class(const report *r, size_t m, double lo,
                                    double hi)
{
    int dir = column_direction(r, m);
    if (lo <= 0.0 && hi >= 0.0)
        return "unclear";
    if (dir == 0)
        return "neither";
    return (lo > 0.0) == (dir > 0) ? "better" : "worse";
}

static void html_run_tables(sbuf *h, const report *r)
{
    size_t rows[N_TABLE + LINE_METRIC_COUNT + 1];
    size_t n_rows = html_rows(r, rows);
    sb_puts(h, "<h2 id=\"table\">Comparison (mean &plusmn; 95% "
               "confidence interval)</h2>\n<div class=\"scroll\"><table>\n"
               "<thead><tr><th>metric</th>");
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
        char unit[64];
        column_unit_words(r, m, unit, sizeof unit);
        sb_puts(h, "<tr><td>");
        sb_html(h, r->col_names[m]);
        sb_puts(h, " <span class=\"unit\">");
        sb_html(h, unit);
        sb_puts(h, "</span></td>");
        for (size_t p = 0; p < r->n_policies; p++) {
            sb_puts(h, "<td>");
            html_estimate(h, r, row_of(r, 0, p, m));
            sb_puts(h, "</td>");
        }
        sb_puts(h, "</tr>\n");
    }
    sb_puts(h, "</tbody>\n</table></div>\n");
    if (r->n_stages)
        html_stage_table(h, r);
    if (r->baseline < 0 || r->n_policies < 2)
        return;
    const char *base = r->policies[r->baseline];
    sb_puts(h, "<h2 id=\"differences\">Paired differences against ");
    sb_html(h, base);
    sb_puts(h, " (same replications, 95% interval)</h2>\n<p>Each policy "
               "minus ");
    sb_html(h, base);
    sb_puts(h, ", replication by replication. <span class=\"better\">Blue: "
               "better than ");
    sb_html(h, base);
    sb_puts(h, "</span> at 95% (lower for a cost, a stock or a wait; higher "
               "for a fill rate, a turnover, a profit); <span class=\"worse\">"
               "orange: worse</span>; <span class=\"unclear\">grey: no clear "
               "difference</span> (the interval holds 0); black: a count "
               "that is neither better nor worse by itself "
               "(orders_placed).</p>\n<div class=\"scroll\"><table>\n<thead>"
               "<tr><th>metric</th>");
    for (size_t p = 0; p < r->n_policies; p++) {
        if ((int)p == r->baseline)
            continue;
        sb_puts(h, "<th>");
        sb_html(h, r->policies[p]);
        sb_puts(h, "</th>");
    }
    sb_puts(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n_rows; i++) {
        size_t m = rows[i];
        char unit[64];
        column_unit_words(r, m, unit, sizeof unit);
        sb_puts(h, "<tr><td>");
        sb_html(h, r->col_names[m]);
        sb_puts(h, " <span class=\"unit\">");
        sb_html(h, unit);
        sb_puts(h, "</span></td>");
        for (size_t p = 0; p < r->n_policies; p++) {
            if ((int)p == r->baseline)
                continue;
            size_t row = row_of(r, 0, p, m);
            double d = val(r, row, S_DIFF), lo = val(r, row, S_DLOW),
                   hi = val(r, row, S_DHIGH);
            if (!isfinite(lo) || !isfinite(hi) || !isfinite(d)) {
                sb_puts(h, "<td>&ndash;</td>");
                continue;
            }
            sb_printf(h, "<td class=\"%s\">",
                      difference_class(r, m, lo, hi));
            sb_number(h, d, 4, 1);
            sb_puts(h, " [");
            sb_number(h, lo, 3, 1);
            sb_puts(h, ", ");
            sb_number(h, hi, 3, 1);
            sb_puts(h, "]</td>");
        }
        sb_puts(h, "</tr>\n");
    }
    sb_puts(h, "</tbody>\n</table></div>\n");
}

static void html_sweep_table(sbuf *h, const report *r)
{
    char unit[64];
    column_unit_words(r, METRIC_TOTAL_COST, unit, sizeof unit);
    sb_puts(h, "<h2 id=\"table\">Total cost at each point (");
    sb_html(h, unit);
    sb_puts(h, "; mean &plusmn; 95% confidence interval)</h2>\n"
               "<div class=\"scroll\">"
               "<table>\n<thead><tr><th>point</th>");
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
        for (size_t k = 0; k < r->n_params; k++) {
            char label[300];
            slice_label(r, k, r->param[pt * r->n_params + k], label,
                        sizeof label);
            sb_puts(h, "<td>");
            sb_html(h, label);
            sb_puts(h, "</td>");
        }
        for (size_t p = 0; p < r->n_policies; p++) {
            sb_puts(h, "<td>");
            html_estimate(h, r, row_of(r, pt, p, METRIC_TOTAL_COST));
            sb_puts(h, "</td>");
        }
        sb_puts(h, "</tr>\n");
    }
    sb_puts(h, "</tbody>\n</table></div>\n");
}

int html_write(report *r, int gnuplot_found)
{
    const report_meta *m = r->meta;
    sbuf h = {0};
    /* The scenario's name is meta.json's (summary.csv's rows no longer
     * repeat it); without one, the directory's. */
    const char *name = m->scenario[0] ? m->scenario : r->dir;
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
        char plural[48];
        sb_printf(&h, " &middot; horizon %.6g ", m->horizon);
        sb_html(&h, time_units(r, plural, sizeof plural));
    }
    if (isfinite(m->warmup)) {
        char plural[48];
        sb_printf(&h, " &middot; warm-up %.6g ", m->warmup);
        sb_html(&h, time_units(r, plural, sizeof plural));
        sb_puts(&h, m->warmup_auto ? " (automatic, MSER-5)" : "");
    }
    if (m->source[0]) {
        sb_puts(&h, " &middot; ");
        sb_html(&h, m->source);
    }
    /* What a reader needs to make the same numbers again: the overrides
     * given on the command line and the program that ran. */
    if (m->overrides[0]) {
        sb_puts(&h, " &middot; with <code>");
        sb_html(&h, m->overrides);
        sb_puts(&h, "</code>");
    }
    if (m->program[0]) {
        sb_puts(&h, " &middot; ");
        sb_html(&h, m->program);
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

    sb_puts(&h, "<h2 id=\"policies\">Policies as simulated</h2>\n"
                "<div class=\"scroll\"><table>\n"
                "<thead><tr><th>policy</th><th class=\"text\">type</th>"
                "<th class=\"text\">family</th><th class=\"params\">"
                "effective parameters</th></tr></thead>\n<tbody>\n");
    if (m->n_policies)
        for (size_t p = 0; p < m->n_policies; p++) {
            const meta_policy *mp = &m->policies[p];
            int is_base = strcmp(mp->name, m->baseline) == 0;
            sb_puts(&h, is_base ? "<tr class=\"baseline\"><td class=\"name\">"
                                : "<tr><td class=\"name\">");
            sb_html(&h, mp->name);
            sb_puts(&h, is_base ? " (baseline)" : "");
            sb_puts(&h, "</td><td class=\"text\">");
            sb_html(&h, mp->type);
            sb_puts(&h, "</td><td class=\"text\">");
            sb_html(&h, mp->family);
            sb_puts(&h, "</td><td class=\"params\">");
            sb_html(&h, mp->params[0] ? mp->params : "-");
            /* What the auto rules planned, and a caution about them: the
             * manager reading the page must see it beside the figures. */
            if (mp->plan[0]) {
                int caution = world_plan_caution(mp->plan) != NULL;
                sb_puts(&h, caution ? "<div class=\"plan caution\">"
                                    : "<div class=\"plan\">");
                sb_html(&h, mp->plan);
                sb_puts(&h, "</div>");
            }
            sb_puts(&h, "</td></tr>\n");
        }
    else
        for (size_t p = 0; p < r->n_policies; p++) {
            sb_puts(&h, "<tr><td class=\"name\">");
            sb_html(&h, r->policies[p]);
            sb_puts(&h, "</td><td class=\"params\" colspan=\"3\">(no "
                        "meta.json: parameters unknown)</td></tr>\n");
        }
    sb_puts(&h, "</tbody>\n</table></div>\n");
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
            sb_puts(&h, ") from ");
            sb_html(&h, m->time_unit);
            sb_printf(&h, " %.4g to %.4g", m->windows[w].start,
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
    int rc = sb_write_file(r->dir, "report.html", &h, r->err, r->errlen);
    sb_free(&h);
    return rc;
}
