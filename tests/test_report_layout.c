/*
 * test_report_layout.c - a report of many policies with long names reads
 * as well as one of two: a world of twelve policies (written here: two
 * sources at different prices, names of up to fifty characters, one a
 * single unbreakable word) gets twelve distinct line styles, a paired-
 * difference chart with one scale per metric, units in its time unit,
 * differences coloured better or worse by metric, captions true for its
 * data; and in a real browser (headless Chromium) no two labels of a
 * chart overprint, no label leaves its chart, and the tables fit or
 * scroll inside a 1280-pixel page, for the run and for a sweep.
 *
 * Not the report's data (test_report.c checks every chart's .dat against
 * the CSV files).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "program.h"

/* ---- helpers ------------------------------------------------------------- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

static void remove_tree(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

static int have_gnuplot(void)
{
    return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* Twelve policies on one part: an overseas source at 8 (orders cost 120)
 * and a local one at 9.50; base-stock from overseas orders every unit
 * (its ordering cost is a thousand times the baseline's, the bar that
 * squashed every other). */
static const char twelve_yaml[] =
    "name: \"Twelve policies, two sources\"\n"
    "description: |\n"
    "  Twelve policies on one part; the sources charge 8.00 and 9.50.\n"
    "time_unit: day\n"
    "horizon: 150\n"
    "warmup: 20\n"
    "replications: 3\n"
    "seed: 3\n"
    "item: {unit_cost: 8, holding_rate: 0.25, backorder_cost: 2}\n"
    "demand: {arrivals: poisson, rate: 40, size: 1}\n"
    "suppliers:\n"
    "  - {name: overseas, lead_time: \"gamma(mean=6, cv=0.3)\", "
    "order_cost: 120, unit_price: 8}\n"
    "  - {name: local, lead_time: \"gamma(mean=2, cv=0.25)\", "
    "order_cost: 5, unit_price: 9.5}\n"
    "policies:\n"
    "  - {name: EOQ from overseas with emergency stock, type: eoq, "
    "supplier: overseas, Q: auto, r: auto, service_level: 0.95}\n"
    "  - {name: \"EOQ from the local supplier, reorder at auto point\", "
    "type: eoq, supplier: local, Q: auto, r: auto, service_level: 0.95}\n"
    "  - {name: sS overseas, type: sS, supplier: overseas, s: auto, "
    "S: auto, service_level: 0.95}\n"
    "  - {name: periodic_review_weekly_from_the_overseas_supplier, "
    "type: periodic, supplier: overseas, R: 7, S: auto, "
    "service_level: 0.95}\n"
    "  - {name: MRP local, type: mrp, supplier: local, period: 1, "
    "forecast: exponential, alpha: 0.2, safety_stock: auto, "
    "service_level: 0.95}\n"
    "  - {name: kanban local small containers, type: kanban, "
    "supplier: local, container: 10, cards: auto, safety: 0.5}\n"
    "  - {name: kanban local big containers, type: kanban, supplier: local, "
    "container: 50, cards: auto, safety: 0.5}\n"
    "  - {name: base-stock local, type: base_stock, supplier: local, "
    "S: auto, fill_rate: 0.95}\n"
    "  - {name: base-stock overseas high fill, type: base_stock, "
    "supplier: overseas, S: auto, fill_rate: 0.99}\n"
    "  - {name: MTO, type: make_to_order, supplier: local}\n"
    "  - {name: sS local with a reorder point set for a 97% service level, "
    "type: sS, supplier: local, s: auto, S: auto, service_level: 0.97}\n"
    "  - {name: \"periodic review every two weeks, local\", type: periodic, "
    "supplier: local, R: 14, S: auto, service_level: 0.95}\n"
    "baseline: EOQ from overseas with emergency stock\n";

#define N_TWELVE 12

/* The twelve-policy world's report in dir (a fresh directory); a sweep of
 * it when `sweep`; the scripts and tables only (no gnuplot on the PATH:
 * quicker) when `scripts_only`. */
/* A serial chain of four nodes, the beer game's stages, one named at
 * length; two policies. */
static const char chain_yaml[] =
    "name: four stages\nhorizon: 120\nwarmup: 20\nreplications: 3\n"
    "item: {holding_cost: 1, backorder_cost: 4}\n"
    "demand: {rate: 5}\n"
    "suppliers:\n  - {name: plant, lead_time: 2}\n"
    "nodes:\n  - {name: factory, supplier: plant}\n"
    "  - {name: regional-distribution-centre, from: factory, "
    "lead_time: 2, order_delay: 1}\n"
    "  - {name: wholesaler, from: regional-distribution-centre, "
    "lead_time: 2, order_delay: 1}\n"
    "  - {name: retailer, from: wholesaler, lead_time: 2, order_delay: 1, "
    "customers: true}\n"
    "policies:\n  - {name: one-for-one base stock, type: base_stock}\n"
    "  - {name: sS, type: sS, s: 15, S: 40}\n";

static void twelve_report_with(char *dir, size_t len, int sweep,
                               int scripts_only)
{
    snprintf(dir, len, "/tmp/jitsim_layoutXXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char yaml[256], args[1024];
    snprintf(yaml, sizeof yaml, "%s/twelve.yaml", dir);
    write_text(yaml, twelve_yaml);
    if (sweep)
        snprintf(args, sizeof args,
                 "sweep '%s' --vary demand.rate=20,40 --vary "
                 "suppliers.local.lead_time.mean=1,3 -r 2 --set horizon=80 "
                 "--set warmup=10 --report -o '%s/out' -q",
                 yaml, dir);
    else
        snprintf(args, sizeof args, "run '%s' --report -o '%s/out' -q", yaml,
                 dir);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s'%s' %s",
             scripts_only ? "env PATH=/nonexistent " : "", JITSIM_EXE, args);
    outcome *o = program_sh(cmd);
    cr_assert_eq(o->status, 0, "%s", o->err);
}

static void twelve_report(char *dir, size_t len, int sweep)
{
    twelve_report_with(dir, len, sweep, 0);
}

/* ---- styles, scales, units, colours, captions ---------------------------- */

Test(report_layout, twelve_policies_get_twelve_distinct_line_styles)
{
    char dir[64], path[256];
    twelve_report_with(dir, sizeof dir, 0, 1);
    static const char *const okabe_ito[] = {"#0072B2", "#D55E00", "#009E73",
                                            "#CC79A7", "#E69F00", "#56B4E9",
                                            "#000000", "#F0E442"};
    const char *charts[] = {"inventory", "backorders", "differences",
                            "service"};
    for (size_t c = 0; c < sizeof charts / sizeof charts[0]; c++) {
        snprintf(path, sizeof path, "%s/out/charts/%s.gp", dir, charts[c]);
        char *gp = slurp(path);
        cr_assert_not_null(gp, "%s", path);
        char colour[N_TWELVE][16];
        int dash[N_TWELVE], point[N_TWELVE], n = 0;
        for (const char *p = gp; (p = strstr(p, "set linetype ")) != NULL;
             p++) {
            int lt;
            char rgb[16];
            cr_assert_eq(sscanf(p, "set linetype %d lc rgb '%15[^']'", &lt,
                                rgb),
                         2, "%s: %.60s", charts[c], p);
            cr_assert_eq(lt, n + 1);
            cr_assert_lt(n, N_TWELVE, "%s: more linetypes than policies",
                         charts[c]);
            /* dt and pt on the same line; gnuplot's defaults (solid, the
             * linetype's own point) without them. */
            size_t eol = strcspn(p, "\n");
            const char *dt = strstr(p, " dt "), *pt = strstr(p, " pt ");
            dash[n] = dt && (size_t)(dt - p) < eol ? atoi(dt + 4) : 1;
            point[n] = pt && (size_t)(pt - p) < eol ? atoi(pt + 4) : -1;
            snprintf(colour[n], sizeof colour[n], "%s", rgb);
            int safe = 0;
            for (size_t k = 0; k < sizeof okabe_ito / sizeof okabe_ito[0];
                 k++)
                safe |= strcmp(rgb, okabe_ito[k]) == 0;
            cr_assert(safe, "%s: %s is not an Okabe-Ito colour", charts[c],
                      rgb);
            n++;
        }
        cr_assert_eq(n, N_TWELVE, "%s: %d linetypes", charts[c], n);
        /* No two policies share colour and dash (lines), or colour and
         * point (markers). */
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++) {
                int same = strcmp(colour[a], colour[b]) == 0;
                cr_assert(!(same && dash[a] == dash[b]),
                          "%s: policies %d and %d both %s dt %d", charts[c],
                          a + 1, b + 1, colour[a], dash[a]);
                cr_assert(!(same && point[a] == point[b]),
                          "%s: policies %d and %d both %s pt %d", charts[c],
                          a + 1, b + 1, colour[a], point[a]);
            }
        free(gp);
    }
    remove_tree(dir);
}

Test(report_layout, the_differences_chart_has_a_scale_per_metric)
{
    char dir[64], path[256];
    twelve_report_with(dir, sizeof dir, 0, 1);
    /* The data: per metric, in order of appearance, the extremes of the
     * intervals in % of the baseline's mean (columns: row metric diff lo
     * hi base ...). */
    snprintf(path, sizeof path, "%s/out/charts/differences.dat", dir);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    double lo[32], hi[32];
    char names[32][64];
    int blocks = 0;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        double row, d, l, h, b;
        char metric[64];
        cr_assert_eq(sscanf(line, "%lf \"%63[^\"]\" %lf %lf %lf %lf", &row,
                            metric, &d, &l, &h, &b),
                     6, "%s", line);
        int m = 0;
        while (m < blocks && strcmp(names[m], metric) != 0)
            m++;
        if (m == blocks) {
            cr_assert_lt(blocks, 32);
            lo[m] = INFINITY;
            hi[m] = -INFINITY;
            snprintf(names[m], sizeof names[m], "%s", metric);
            blocks++;
        }
        const double x[] = {d, l, h};
        for (int k = 0; k < 3; k++)
            if (isfinite(x[k])) {
                lo[m] = fmin(lo[m], 100.0 * x[k] / b);
                hi[m] = fmax(hi[m], 100.0 * x[k] / b);
            }
    }
    fclose(f);
    int n_blocks = blocks;
    cr_assert_geq(n_blocks, 8, "%d metrics", n_blocks);
    /* The script: one x range per metric, in the data's order, holding
     * its data and 0, which fill at least a third of it: no metric's
     * scale is set by another's (the +1000% of one squashing the -5% of
     * the rest). */
    snprintf(path, sizeof path, "%s/out/charts/differences.gp", dir);
    char *gp = slurp(path);
    cr_assert_not_null(gp);
    int panels = 0, orders = -1, fill = -1;
    double a = 0.0, b = 0.0;
    for (const char *p = gp; (p = strstr(p, "set xrange [")) != NULL; p++) {
        cr_assert_lt(panels, n_blocks, "more x ranges than metrics");
        cr_assert_eq(sscanf(p, "set xrange [%lf:%lf]", &a, &b), 2);
        double dlo = fmin(lo[panels], 0.0), dhi = fmax(hi[panels], 0.0);
        cr_assert(a <= dlo + 1e-9 && b >= dhi - 1e-9,
                  "%s: [%g, %g] does not hold %g..%g", names[panels], a, b,
                  dlo, dhi);
        cr_assert_geq(dhi - dlo, (b - a) / 3.0,
                      "%s: %g..%g squashed in [%g, %g]", names[panels], dlo,
                      dhi, a, b);
        if (!strcmp(names[panels], "orders_placed"))
            orders = panels;
        if (!strcmp(names[panels], "fill_rate"))
            fill = panels;
        panels++;
    }
    cr_assert_eq(panels, n_blocks, "%d x ranges for %d metrics", panels,
                 n_blocks);
    cr_assert(orders >= 0 && fill >= 0);
    /* The metric that ran past +1000% has its own scale; fill rate, a few
     * % at most, its own. */
    cr_assert_gt(hi[orders], 1000.0);
    cr_assert_lt(fabs(lo[fill]), 150.0);
    free(gp);
    remove_tree(dir);
}

/* The class of the td of the paired-differences table in the row of
 * `metric`, column `col` (0: the first policy after the baseline). */
static void difference_class(const char *html, const char *metric, int col,
                             char *out, size_t len)
{
    const char *table = strstr(html, "<h2 id=\"differences\">");
    cr_assert_not_null(table);
    char row[128];
    snprintf(row, sizeof row, "<tr><td>%s <span", metric);
    const char *p = strstr(table, row);
    cr_assert_not_null(p, "no row %s", metric);
    p = strstr(p, "</td>");
    for (int k = 0; k <= col; k++) {
        p = strstr(p + 1, "<td");
        cr_assert_not_null(p);
    }
    out[0] = '\0';
    sscanf(p, "<td class=\"%63[^\"]\"", out);
    (void)len;
}

Test(report_layout, units_colours_and_captions_fit_the_data)
{
    char dir[64], path[256];
    twelve_report(dir, sizeof dir, 0);
    snprintf(path, sizeof path, "%s/out/report.html", dir);
    char *html = slurp(path);
    cr_assert_not_null(html);
    /* Units in the scenario's time unit, in the tables and on the axes. */
    cr_assert_null(strstr(html, "cost/time"));
    cr_assert_not_null(
        strstr(html, "<td>total_cost <span class=\"unit\">per day</span>"));
    cr_assert_not_null(strstr(
        html, "<td>customer_lead_time_mean <span class=\"unit\">days</span>"));
    const char *scripts[] = {"costs", "costs_operating", "service",
                             "inventory"};
    const char *labels[] = {"set xlabel 'cost per day'",
                            "set xlabel 'cost per day'",
                            "set xlabel 'days'", "set xlabel 'days'"};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/out/charts/%s.gp", dir, scripts[i]);
        char *gp = slurp(path);
        cr_assert_not_null(gp);
        cr_assert_null(strstr(gp, "/time"), "%s", scripts[i]);
        cr_assert_not_null(strstr(gp, labels[i]), "%s: no %s", scripts[i],
                           labels[i]);
        free(gp);
    }
    /* Better or worse by metric: the local EOQ (column 0) holds less
     * stock (better) and turns it more often (better, where higher is
     * better); make-to-order (column 8) fills no order from stock
     * (worse, where a lower fill rate is worse). */
    char cls[64];
    difference_class(html, "holding_cost", 0, cls, sizeof cls);
    cr_assert_str_eq(cls, "better");
    difference_class(html, "turnover", 0, cls, sizeof cls);
    cr_assert_str_eq(cls, "better");
    difference_class(html, "fill_rate", 8, cls, sizeof cls);
    cr_assert_str_eq(cls, "worse");
    difference_class(html, "total_cost", 8, cls, sizeof cls);
    cr_assert_str_eq(cls, "worse");
    /* Money in plain decimals, not 4.408e+04. */
    cr_assert_null(strstr(html, "e+0"));
    /* The sources charge 8 and 9.50: the purchase cost is not the same
     * for every policy, and the caption says so. */
    cr_assert_null(strstr(html, "is the same for every policy"));
    cr_assert_not_null(strstr(html, "is not the same for every policy here"));
    free(html);
    remove_tree(dir);
}

/* ---- a real browser ------------------------------------------------------ */

/* Run in the page by the browser: every text of each chart's SVG against
 * every other (bounding boxes), each inside its SVG; the page no wider
 * than the window; each table's box inside it, no cell's text outside its
 * cell or over another's. Its findings go into <pre id="jitsim-check">. */
static const char check_js[] =
    "(function () {\n"
    "  var out = [], texts = 0, cells = 0, figs = 0, tables = 0;\n"
    "  var vw = document.documentElement.clientWidth;\n"
    "  function overlap(a, b) {\n"
    "    return a.left < b.right - 1 && b.left < a.right - 1 &&\n"
    "           a.top < b.bottom - 1 && b.top < a.bottom - 1;\n"
    "  }\n"
    "  function inside(a, b) {\n"
    "    return a.left >= b.left - 1 && a.right <= b.right + 1 &&\n"
    "           a.top >= b.top - 1 && a.bottom <= b.bottom + 1;\n"
    "  }\n"
    "  function box(r) {\n"
    "    return '[' + Math.round(r.left) + ',' + Math.round(r.top) + ' ' +\n"
    "           Math.round(r.width) + 'x' + Math.round(r.height) + ']';\n"
    "  }\n"
    "  document.querySelectorAll('figure').forEach(function (f) {\n"
    "    var svg = f.querySelector('svg');\n"
    "    if (!svg) return;\n"
    "    figs++;\n"
    "    var sr = svg.getBoundingClientRect(), ts = [];\n"
    "    svg.querySelectorAll('text').forEach(function (t) {\n"
    "      var s = t.textContent.trim();\n"
    "      if (!s) return;\n"
    "      var r = t.getBoundingClientRect();\n"
    "      if (!r.width) return;\n"
    "      texts++;\n"
    "      ts.push({s: s, r: r});\n"
    "      if (!inside(r, sr))\n"
    "        out.push('OUTSIDE ' + f.id + ' \"' + s + '\" ' + box(r));\n"
    "    });\n"
    "    for (var i = 0; i < ts.length; i++)\n"
    "      for (var j = i + 1; j < ts.length; j++)\n"
    "        if (overlap(ts[i].r, ts[j].r))\n"
    "          out.push('OVERLAP ' + f.id + ' \"' + ts[i].s + '\" ' +\n"
    "                   box(ts[i].r) + ' \"' + ts[j].s + '\" ' +\n"
    "                   box(ts[j].r));\n"
    "  });\n"
    "  if (document.documentElement.scrollWidth > vw + 1)\n"
    "    out.push('PAGE ' + document.documentElement.scrollWidth +\n"
    "             ' pixels wide in a window of ' + vw);\n"
    "  document.querySelectorAll('table').forEach(function (t, k) {\n"
    "    tables++;\n"
    "    var br = t.parentElement.getBoundingClientRect();\n"
    "    if (br.left < -1 || br.right > vw + 1)\n"
    "      out.push('TABLE ' + k + ' ' + box(br) + ' leaves the page');\n"
    "    t.querySelectorAll('tr').forEach(function (tr) {\n"
    "      var rs = [];\n"
    "      tr.querySelectorAll('th,td').forEach(function (c) {\n"
    "        cells++;\n"
    "        if (c.scrollWidth > c.clientWidth + 1)\n"
    "          out.push('CELL overflows \"' + c.textContent + '\"');\n"
    "        var range = document.createRange();\n"
    "        range.selectNodeContents(c);\n"
    "        var rr = range.getBoundingClientRect();\n"
    "        if (!rr.width) return;\n"
    "        if (!inside(rr, c.getBoundingClientRect()))\n"
    "          out.push('CELL text outside \"' + c.textContent + '\"');\n"
    "        rs.push({s: c.textContent, r: rr});\n"
    "      });\n"
    "      for (var i = 0; i < rs.length; i++)\n"
    "        for (var j = i + 1; j < rs.length; j++)\n"
    "          if (overlap(rs[i].r, rs[j].r))\n"
    "            out.push('OVERLAP cells \"' + rs[i].s + '\" \"' +\n"
    "                     rs[j].s + '\"');\n"
    "    });\n"
    "  });\n"
    "  var pre = document.createElement('pre');\n"
    "  pre.id = 'jitsim-check';\n"
    "  pre.textContent = 'figures=' + figs + ' texts=' + texts +\n"
    "    ' tables=' + tables + ' cells=' + cells + ' width=' + vw + '\\n' +\n"
    "    out.join('\\n');\n"
    "  document.body.appendChild(pre);\n"
    "})();\n";

/* Opens dir/report.html with check_js appended in headless Chromium (a
 * 1280 x 2000 window) and returns what the script found (malloc'd): a
 * line of counts, then one line per problem. */
static char *browser_check(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/report.html", dir);
    char *html = slurp(path);
    cr_assert_not_null(html, "%s", path);
    char *end = strstr(html, "</body>");
    cr_assert_not_null(end);
    *end = '\0';
    snprintf(path, sizeof path, "%s/check.html", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "%s<script>\n%s</script>\n</body>\n</html>\n", html,
            check_js);
    fclose(f);
    free(html);
    char profile[] = "/tmp/jitsim_chromiumXXXXXX", dom[256], cmd[2048];
    cr_assert_not_null(mkdtemp(profile));
    snprintf(dom, sizeof dom, "%s/dom.html", dir);
    /* The DOM (megabytes of inline SVG) into a file of its own: the
     * subshell's output is program_sh's. */
    snprintf(cmd, sizeof cmd,
             "(timeout 180 /usr/bin/chromium --headless --no-sandbox "
             "--disable-gpu --disable-background-networking "
             "--disable-component-update --disable-sync --no-first-run "
             "--hide-scrollbars --user-data-dir='%s' "
             "--window-size=1280,2000 --dump-dom 'file://%s' >'%s')",
             profile, path, dom);
    outcome *o = program_sh(cmd);
    remove_tree(profile);
    cr_assert_eq(o->status, 0, "chromium failed: %s", o->err);
    char *text = slurp(dom);
    cr_assert_not_null(text);
    char *p = strstr(text, "<pre id=\"jitsim-check\">");
    cr_assert_not_null(p, "the check did not run: %.300s", o->err);
    p += strlen("<pre id=\"jitsim-check\">");
    char *q = strstr(p, "</pre>");
    cr_assert_not_null(q);
    *q = '\0';
    char *found = strdup(p);
    free(text);
    return found;
}

/* The counts line of a check, and that nothing else was found. */
static void assert_laid_out_cells(const char *found, int figures,
                                  int min_cells)
{
    int figs = -1, texts = -1, tables = -1, cells = -1, width = -1;
    cr_assert_eq(sscanf(found, "figures=%d texts=%d tables=%d cells=%d "
                               "width=%d",
                        &figs, &texts, &tables, &cells, &width),
                 5, "%.200s", found);
    cr_assert_eq(width, 1280);
    cr_assert_eq(figs, figures, "%d charts in the page", figs);
    cr_assert_gt(texts, 20 * figures, "%d texts", texts);
    cr_assert_geq(tables, 2);
    cr_assert_gt(cells, min_cells);
    const char *problems = strchr(found, '\n');
    cr_assert(!problems || !problems[1], "%.4000s", problems);
}

static void assert_laid_out(const char *found, int figures)
{
    assert_laid_out_cells(found, figures, 100);
}

Test(report_layout, headless_chromium_finds_no_label_over_another,
     .timeout = 600)
{
    if (access("/usr/bin/chromium", X_OK) != 0)
        cr_skip_test("/usr/bin/chromium is absent: the browser test is "
                     "skipped (scripts/setup.sh --with-browser installs "
                     "it; CI does)");
    if (!have_gnuplot())
        cr_skip_test("gnuplot is not installed: no charts to check");
    char dir[64], out[128];
    twelve_report(dir, sizeof dir, 0);
    snprintf(out, sizeof out, "%s/out", dir);
    char *found = browser_check(out);
    /* inventory, inventory_zoom, backorders, costs, costs_operating,
     * service, differences */
    assert_laid_out(found, 7);
    free(found);
    remove_tree(dir);
    /* A sweep of two axes: the winner map, four curves per axis, a heat
     * map per policy but the baseline, titles that hold two long names. */
    twelve_report(dir, sizeof dir, 1);
    snprintf(out, sizeof out, "%s/out", dir);
    found = browser_check(out);
    assert_laid_out(found, 1 + 2 * 4 + N_TWELVE - 1);
    free(found);
    remove_tree(dir);
    /* A supply chain of four nodes (one with a long name) under two
     * policies: besides the seven charts of a run, each policy's orders
     * and net stock of every node, and every node's cost. */
    snprintf(dir, sizeof dir, "/tmp/jitsim_layoutXXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char yaml[256], cmd[1024];
    snprintf(yaml, sizeof yaml, "%s/chain.yaml", dir);
    write_text(yaml, chain_yaml);
    snprintf(cmd, sizeof cmd, "'%s' run '%s' --report -o '%s/out' -q",
             JITSIM_EXE, yaml, dir);
    outcome *o = program_sh(cmd);
    cr_assert_eq(o->status, 0, "%s", o->err);
    snprintf(out, sizeof out, "%s/out", dir);
    found = browser_check(out);
    /* Two policies: a smaller table than twelve's. */
    assert_laid_out_cells(found, 7 + 2 * 2 + 1, 40);
    free(found);
    remove_tree(dir);
}
