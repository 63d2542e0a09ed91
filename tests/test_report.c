/*
 * test_report.c - `jitsim report` and `jitsim run --report`: every chart's
 * data is the CSV's numbers, every SVG is well-formed XML with its series,
 * report.html needs nothing outside itself and holds every chart and table,
 * the lessons all get a report, the report still comes without gnuplot,
 * bad input is one line and exit 2, a sweep's summary gets its curves and
 * heat map, and a real browser (headless Chromium, when installed) renders
 * the flagship report.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "models/line.h"
#include "models/metrics.h"
#include "program.h"

/* ---- helpers ------------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static void temp_dir(char *buf, size_t len)
{
    snprintf(buf, len, "/tmp/jitsim_reportXXXXXX");
    cr_assert_not_null(mkdtemp(buf));
}

static void remove_tree(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

static int exists(const char *dir, const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat st;
    return stat(path, &st) == 0;
}

static int have_gnuplot(void)
{
    return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* The flagship lesson with its report, in a fresh directory. */
static void flagship_report(char *dir, size_t len)
{
    temp_dir(dir, len);
    char args[512];
    snprintf(args, sizeof args, "run flagship --report -o '%s' -q", dir);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
}

/* ---- a small CSV reader (quotes, no newlines inside fields) -------------- */

#define MAX_FIELDS 64

static int split_csv(char *line, char **fields)
{
    int n = 0;
    char *p = line;
    line[strcspn(line, "\r\n")] = '\0';
    for (;;) {
        char *out = p;
        fields[n++] = out;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '"' && p[1] == '"') {
                    *out++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else if (!*p) {
                    break;
                } else {
                    *out++ = *p++;
                }
            }
            char *rest = p;
            *out = '\0';
            p = rest;
        } else {
            while (*p && *p != ',')
                p++;
        }
        if (*p == ',') {
            *p++ = '\0';
            if (n == MAX_FIELDS)
                return n;
            continue;
        }
        *p = '\0';
        return n;
    }
}

typedef struct csv {
    int rows, cols;
    char *text;
    char **cell; /* rows * cols */
} csv;

static void csv_load(const char *path, csv *c)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    memset(c, 0, sizeof *c);
    int cap = 1024;
    c->cell = malloc((size_t)cap * MAX_FIELDS * sizeof *c->cell);
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        char *copy = strdup(line);
        char *fields[MAX_FIELDS];
        int n = split_csv(copy, fields);
        if (c->rows == 0)
            c->cols = n;
        cr_assert_eq(n, c->cols, "%s: row %d", path, c->rows + 1);
        if (c->rows == cap) {
            cap *= 2;
            c->cell = realloc(c->cell, (size_t)cap * MAX_FIELDS *
                                           sizeof *c->cell);
        }
        for (int i = 0; i < n; i++)
            c->cell[c->rows * MAX_FIELDS + i] = fields[i];
        c->rows++;
    }
    fclose(f);
}

static const char *cell(const csv *c, int row, const char *col)
{
    for (int i = 0; i < c->cols; i++)
        if (strcmp(c->cell[i], col) == 0)
            return c->cell[row * MAX_FIELDS + i];
    cr_assert_fail("no column %s", col);
    return NULL;
}

/* summary.csv's cell for (policy, metric, column), as text. */
static const char *summary(const csv *c, const char *policy,
                           const char *name, const char *col)
{
    for (int r = 1; r < c->rows; r++)
        if (!strcmp(cell(c, r, "policy"), policy) &&
            !strcmp(cell(c, r, "metric"), name))
            return cell(c, r, col);
    cr_assert_fail("no row %s %s", policy, name);
    return NULL;
}

/* A .dat token is the CSV cell's text, NaN for an empty cell. */
static void assert_same_number(const char *dat, const char *csv_text,
                               const char *what)
{
    if (!csv_text[0])
        cr_assert_str_eq(dat, "NaN", "%s", what);
    else
        cr_assert_str_eq(dat, csv_text, "%s", what);
}

/* The data lines of a .dat file, split into whitespace tokens (quoted
 * labels kept whole); blocks counted by double blank lines. */
typedef struct dat_line {
    int block;
    int n;
    char tok[16][128];
} dat_line;

static dat_line *dat_load(const char *path, int *n_lines)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    int cap = 1024, n = 0, block = 0, blanks = 0;
    dat_line *lines = malloc((size_t)cap * sizeof *lines);
    char buf[4096];
    while (fgets(buf, sizeof buf, f)) {
        if (buf[0] == '#')
            continue;
        if (buf[0] == '\n') {
            if (++blanks == 2 && n > 0)
                block++;
            continue;
        }
        blanks = 0;
        if (n == cap) {
            cap *= 2;
            lines = realloc(lines, (size_t)cap * sizeof *lines);
        }
        dat_line *l = &lines[n++];
        l->block = block;
        l->n = 0;
        char *p = buf;
        while (*p && l->n < 16) {
            while (*p == ' ' || *p == '\n')
                p++;
            if (!*p)
                break;
            char *start = p;
            if (*p == '"') {
                start = ++p;
                while (*p && *p != '"')
                    p++;
            } else {
                while (*p && *p != ' ' && *p != '\n')
                    p++;
            }
            snprintf(l->tok[l->n++], sizeof l->tok[0], "%.*s",
                     (int)(p - start), start);
            if (*p == '"')
                p++;
        }
    }
    fclose(f);
    *n_lines = n;
    return lines;
}

/* ---- a minimal XML well-formedness check --------------------------------- */

/* Tags nest and match, attributes are quoted, entities are complete, one
 * root element. Returns NULL or what is wrong. */
static const char *xml_check(const char *s)
{
    static char why[256];
    const char *stack[256];
    size_t lens[256];
    int depth = 0, roots = 0;
    const char *p = s;
    while (*p) {
        if (*p == '&') {
            const char *semi = p + 1;
            while (*semi && *semi != ';' && *semi != '<' && *semi != ' ' &&
                   semi - p < 12)
                semi++;
            if (*semi != ';') {
                snprintf(why, sizeof why, "bare & at offset %ld",
                         (long)(p - s));
                return why;
            }
            p = semi + 1;
            continue;
        }
        if (*p != '<') {
            if (depth == 0 && *p != ' ' && *p != '\n' && *p != '\t' &&
                *p != '\r') {
                snprintf(why, sizeof why, "text outside the root at %ld",
                         (long)(p - s));
                return why;
            }
            p++;
            continue;
        }
        if (!strncmp(p, "<?", 2)) {
            const char *e = strstr(p, "?>");
            if (!e)
                return "unterminated <?";
            p = e + 2;
            continue;
        }
        if (!strncmp(p, "<!--", 4)) {
            const char *e = strstr(p, "-->");
            if (!e)
                return "unterminated comment";
            p = e + 3;
            continue;
        }
        if (!strncmp(p, "<![CDATA[", 9)) {
            const char *e = strstr(p, "]]>");
            if (!e)
                return "unterminated CDATA";
            p = e + 3;
            continue;
        }
        if (!strncmp(p, "<!", 2)) {
            const char *e = strchr(p, '>');
            if (!e)
                return "unterminated declaration";
            p = e + 1;
            continue;
        }
        int closing = p[1] == '/';
        const char *name = p + 1 + closing;
        size_t n = strcspn(name, " \t\r\n/>");
        if (n == 0) {
            snprintf(why, sizeof why, "empty tag name at %ld",
                     (long)(p - s));
            return why;
        }
        const char *q = name + n;
        int self = 0;
        /* Attributes: name="value" or name='value'. */
        for (;;) {
            while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
                q++;
            if (*q == '>')
                break;
            if (q[0] == '/' && q[1] == '>') {
                self = 1;
                q++;
                break;
            }
            if (closing || !*q) {
                snprintf(why, sizeof why, "bad tag at %ld", (long)(p - s));
                return why;
            }
            /* name S? = S? value, as XML allows (gnuplot writes
             * "fill = 'rgb(...)'"). */
            size_t an = strcspn(q, " \t\r\n=/>");
            while (an && (q[an] == ' ' || q[an] == '\t' || q[an] == '\n'))
                an++;
            if (an == 0 || q[an] != '=') {
                snprintf(why, sizeof why, "attribute without value at %ld",
                         (long)(q - s));
                return why;
            }
            q += an + 1;
            while (*q == ' ')
                q++;
            char quote = *q;
            if (quote != '"' && quote != '\'') {
                snprintf(why, sizeof why, "unquoted attribute at %ld",
                         (long)(q - s));
                return why;
            }
            const char *e = strchr(q + 1, quote);
            if (!e || memchr(q + 1, '<', (size_t)(e - q - 1))) {
                snprintf(why, sizeof why, "bad attribute value at %ld",
                         (long)(q - s));
                return why;
            }
            q = e + 1;
        }
        if (closing) {
            if (depth == 0 || lens[depth - 1] != n ||
                strncmp(stack[depth - 1], name, n)) {
                snprintf(why, sizeof why, "</%.*s> does not match at %ld",
                         (int)n, name, (long)(p - s));
                return why;
            }
            depth--;
        } else if (!self) {
            if (depth == 0)
                roots++;
            if (depth == 256)
                return "too deep";
            stack[depth] = name;
            lens[depth++] = n;
        } else if (depth == 0) {
            roots++;
        }
        p = q + 1;
    }
    if (depth)
        return "unclosed element";
    if (roots != 1)
        return "not exactly one root element";
    return NULL;
}

Test(report, the_xml_checker_catches_what_it_should)
{
    cr_assert_null(xml_check("<?xml version='1.0'?>\n<a x=\"1\"><b/>t&amp;"
                             "<!-- c --><c y='2'>z</c></a>\n"));
    cr_assert_null(xml_check("<a><b c = 'd' e ='f'/></a>"));
    cr_assert_not_null(xml_check("<a><b></a></b>"));
    cr_assert_not_null(xml_check("<a x=1></a>"));
    cr_assert_not_null(xml_check("<a>&</a>"));
    cr_assert_not_null(xml_check("<a></a><b></b>"));
    cr_assert_not_null(xml_check("<a>"));
}

/* ---- the flagship report ------------------------------------------------- */

static const char *const run_charts[] = {
    "inventory", "inventory_zoom", "backorders", "costs",
    "costs_operating", "service", "differences"};
#define N_RUN_CHARTS 7

Test(report, each_dat_file_holds_exactly_the_numbers_of_its_csv)
{
    char dir[64], path[256];
    flagship_report(dir, sizeof dir);
    for (int i = 0; i < N_RUN_CHARTS; i++) {
        snprintf(path, sizeof path, "charts/%s.dat", run_charts[i]);
        cr_assert(exists(dir, path), "%s missing", path);
        snprintf(path, sizeof path, "charts/%s.gp", run_charts[i]);
        cr_assert(exists(dir, path), "%s missing", path);
    }
    csv ts, sum, reps;
    snprintf(path, sizeof path, "%s/timeseries.csv", dir);
    csv_load(path, &ts);
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    csv_load(path, &sum);
    snprintf(path, sizeof path, "%s/replications.csv", dir);
    csv_load(path, &reps);

    /* inventory, inventory_zoom, backorders: replication 0's rows, block
     * by block, in the CSV's order. */
    const char *level_charts[] = {"inventory", "inventory_zoom",
                                  "backorders"};
    const char *level_cols[] = {"on_hand", "on_hand", "backorders"};
    for (int c = 0; c < 3; c++) {
        int n;
        snprintf(path, sizeof path, "%s/charts/%s.dat", dir, level_charts[c]);
        dat_line *l = dat_load(path, &n);
        int k = 0, block = -1;
        const char *last_policy = "";
        for (int r = 1; r < ts.rows; r++) {
            if (strcmp(cell(&ts, r, "replication"), "0"))
                continue;
            if (strcmp(cell(&ts, r, "policy"), last_policy)) {
                last_policy = cell(&ts, r, "policy");
                block++;
            }
            cr_assert_lt(k, n, "%s: too few lines", level_charts[c]);
            cr_assert_eq(l[k].block, block);
            cr_assert_eq(l[k].n, 2);
            assert_same_number(l[k].tok[0], cell(&ts, r, "t"), "t");
            assert_same_number(l[k].tok[1], cell(&ts, r, level_cols[c]),
                               level_cols[c]);
            k++;
        }
        cr_assert_eq(k, n, "%s: %d lines for %d rows", level_charts[c], n,
                     k);
        cr_assert_eq(block, 1, "two policies, two blocks");
        free(l);
    }

    /* costs: the components, the total and its interval. */
    const char *parts[] = {"holding_cost",  "pipeline_holding_cost",
                           "ordering_cost", "transport_cost",
                           "purchase_cost", "shortage_cost",
                           "scrap_cost"};
    int n;
    snprintf(path, sizeof path, "%s/charts/costs.dat", dir);
    dat_line *l = dat_load(path, &n);
    cr_assert_eq(n, 2);
    for (int p = 0; p < 2; p++) {
        const char *pol = l[p].tok[0];
        cr_assert_str_eq(pol, p ? "kanban" : "EOQ");
        cr_assert_eq(l[p].n, 11);
        for (int k = 0; k < 7; k++)
            assert_same_number(l[p].tok[1 + k],
                               summary(&sum, pol, parts[k], "mean"),
                               parts[k]);
        assert_same_number(l[p].tok[8],
                           summary(&sum, pol, "total_cost", "mean"), "total");
        assert_same_number(l[p].tok[9],
                           summary(&sum, pol, "total_cost", "ci_low"), "lo");
        assert_same_number(l[p].tok[10],
                           summary(&sum, pol, "total_cost", "ci_high"), "hi");
    }
    free(l);

    /* costs_operating: the components verbatim; the operating total is
     * computed, from replications.csv: check it against them. */
    snprintf(path, sizeof path, "%s/charts/costs_operating.dat", dir);
    l = dat_load(path, &n);
    cr_assert_eq(n, 2);
    const char *op_parts[] = {"holding_cost",   "pipeline_holding_cost",
                              "ordering_cost",  "transport_cost",
                              "shortage_cost",  "scrap_cost"};
    for (int p = 0; p < 2; p++) {
        const char *pol = l[p].tok[0];
        cr_assert_eq(l[p].n, 10);
        for (int k = 0; k < 6; k++)
            assert_same_number(l[p].tok[1 + k],
                               summary(&sum, pol, op_parts[k], "mean"),
                               op_parts[k]);
        double sum_reps = 0.0;
        int count = 0;
        for (int r = 1; r < reps.rows; r++)
            if (!strcmp(cell(&reps, r, "policy"), pol)) {
                sum_reps += atof(cell(&reps, r, "total_cost")) -
                            atof(cell(&reps, r, "purchase_cost"));
                count++;
            }
        double op = atof(l[p].tok[7]);
        cr_assert_float_eq(op, sum_reps / count, 1e-6 * fabs(op) + 1e-9);
        cr_assert_lt(atof(l[p].tok[8]), op);
        cr_assert_gt(atof(l[p].tok[9]), op);
    }
    free(l);

    /* service: fill rate, lead time mean and p95, each with its interval. */
    snprintf(path, sizeof path, "%s/charts/service.dat", dir);
    l = dat_load(path, &n);
    cr_assert_eq(n, 2);
    const char *svc[] = {"fill_rate", "customer_lead_time_mean",
                         "customer_lead_time_p95"};
    const char *cols[] = {"mean", "ci_low", "ci_high"};
    for (int p = 0; p < 2; p++) {
        cr_assert_eq(l[p].n, 10);
        for (int k = 0; k < 3; k++)
            for (int j = 0; j < 3; j++)
                assert_same_number(l[p].tok[1 + 3 * k + j],
                                   summary(&sum, l[p].tok[0], svc[k],
                                           cols[j]),
                                   svc[k]);
    }
    free(l);

    /* differences: kanban's paired differences and EOQ's mean. */
    snprintf(path, sizeof path, "%s/charts/differences.dat", dir);
    l = dat_load(path, &n);
    cr_assert_geq(n, 5);
    int saw_total = 0;
    for (int k = 0; k < n; k++) {
        const char *m = l[k].tok[1];
        saw_total |= !strcmp(m, "total_cost");
        assert_same_number(l[k].tok[2], summary(&sum, "kanban", m, "diff"),
                           m);
        assert_same_number(l[k].tok[3],
                           summary(&sum, "kanban", m, "diff_ci_low"), m);
        assert_same_number(l[k].tok[4],
                           summary(&sum, "kanban", m, "diff_ci_high"), m);
        assert_same_number(l[k].tok[5], summary(&sum, "EOQ", m, "mean"), m);
    }
    cr_assert(saw_total);
    free(l);
    remove_tree(dir);
}

Test(report, every_svg_is_xml_with_its_series_and_every_png_is_a_png)
{
    if (!have_gnuplot())
        cr_skip_test("gnuplot is not installed (sudo apt-get install "
                     "gnuplot-nox)");
    char dir[64], path[256];
    flagship_report(dir, sizeof dir);
    const char *series[N_RUN_CHARTS][4] = {
        {"EOQ", "kanban", NULL},
        {"EOQ", "kanban", NULL},
        {"EOQ", "kanban", NULL},
        {"holding", "ordering", "total, 95% CI", NULL},
        {"holding", "ordering", "operating total, 95% CI", NULL},
        {"lead time: mean", "lead time: 95th percentile", "kanban", NULL},
        {"kanban", NULL}};
    for (int i = 0; i < N_RUN_CHARTS; i++) {
        snprintf(path, sizeof path, "%s/charts/%s.svg", dir, run_charts[i]);
        char *svg = slurp(path, NULL);
        cr_assert_not_null(svg, "%s missing", path);
        const char *why = xml_check(svg);
        cr_assert_null(why, "%s: %s", run_charts[i], why);
        for (int k = 0; series[i][k]; k++) {
            char title[128];
            /* The key's entry for the series. */
            snprintf(title, sizeof title, ">%s</text>", series[i][k]);
            cr_assert_not_null(strstr(svg, title), "%s: no series '%s'",
                               run_charts[i], series[i][k]);
        }
        free(svg);
        snprintf(path, sizeof path, "%s/charts/%s.png", dir, run_charts[i]);
        size_t len;
        char *png = slurp(path, &len);
        cr_assert_not_null(png, "%s missing", path);
        cr_assert_gt(len, 1000);
        cr_assert_eq(memcmp(png, "\x89PNG\r\n\x1a\n", 8), 0);
        free(png);
    }
    /* No temporary file left behind. */
    snprintf(path, sizeof path, "%s/charts", dir);
    DIR *d = opendir(path);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        cr_assert(e->d_name[0] != '.' || !strcmp(e->d_name, ".") ||
                      !strcmp(e->d_name, ".."),
                  "temporary %s left behind", e->d_name);
    closedir(d);
    /* A script re-runs on its own, as a user restyling it would. */
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "cd '%s/charts' && rm costs.svg costs.png && gnuplot costs.gp",
             dir);
    outcome *o = program_sh(cmd);
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert(exists(dir, "charts/costs.svg"));
    cr_assert(exists(dir, "charts/costs.png"));
    remove_tree(dir);
}

Test(report, the_html_is_self_contained_and_has_every_chart_and_table)
{
    char dir[64], path[256];
    flagship_report(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/report.html", dir);
    char *html = slurp(path, NULL);
    cr_assert_not_null(html);
    /* Nothing fetched from anywhere: no URL, no protocol-relative path, no
     * file reference; only in-page anchors and in-SVG references. */
    const char *banned[] = {"http:", "https:", "//", "src=", "@import",
                            "file:", "<link", "<script", "<img", "<iframe"};
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
        cr_assert_null(strstr(html, banned[i]), "report.html has '%s'",
                       banned[i]);
    for (const char *p = html; (p = strstr(p, "href=")) != NULL; p += 5)
        cr_assert(p[6] == '#', "href to %.30s", p + 5);
    for (const char *p = html; (p = strstr(p, "url(")) != NULL; p += 4)
        cr_assert(p[4] == '#', "url to %.30s", p + 4);
    int svgs = 0;
    for (const char *p = html; (p = strstr(p, "<svg")) != NULL; p += 4)
        svgs++;
    if (have_gnuplot()) {
        cr_assert_eq(svgs, N_RUN_CHARTS);
        for (int i = 0; i < N_RUN_CHARTS; i++) {
            char id[64];
            snprintf(id, sizeof id, "id=\"chart-%s\"", run_charts[i]);
            cr_assert_not_null(strstr(html, id), "no %s", id);
        }
    }
    /* The name, the description, the parameters, the tables, the
     * sentence. */
    const char *wanted[] = {
        "<h1>Flagship: EOQ sawtooth vs kanban</h1>",
        "A plant uses about 40 parts a day",
        "Policies as simulated", "Q=108 r=117 service_level=0.95",
        "cards=14 container=10 safety=0.5",
        "Comparison (mean &plusmn; 95% confidence interval)",
        "Paired differences against EOQ", "<td>total_cost",
        "<td>fill_rate", "kanban: operating cost", "average stock",
        "30 replications", "@media print",
        /* One supplier: the purchase cost is the same for both, and the
         * caption says so (test_report_layout.c: two prices). */
        "is the same for every policy here", "horizon 395 days"};
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
        cr_assert_not_null(strstr(html, wanted[i]), "no '%s'", wanted[i]);
    free(html);
    remove_tree(dir);
}

Test(report, without_gnuplot_the_scripts_data_and_tables_are_written)
{
    char dir[64], args[512], path[256];
    temp_dir(dir, sizeof dir);
    snprintf(args, sizeof args,
             "run -r 3 --set horizon=60 --set warmup=10 --timeseries -o '%s' "
             "-q",
             dir);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert(exists(dir, "meta.json"));
    /* A PATH where no gnuplot lives. */
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "env PATH=/nonexistent '%s' report '%s'",
             JITSIM_EXE, dir);
    o = program_sh(cmd);
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert_eq(count_lines(o->err), 1, "%s", o->err);
    cr_assert_not_null(strstr(o->err, "gnuplot"));
    cr_assert_not_null(strstr(o->err, "sudo apt-get install gnuplot-nox"),
                       "%s", o->err);
    for (int i = 0; i < N_RUN_CHARTS; i++) {
        char name[64];
        snprintf(name, sizeof name, "charts/%s.gp", run_charts[i]);
        cr_assert(exists(dir, name), "%s missing", name);
        snprintf(name, sizeof name, "charts/%s.dat", run_charts[i]);
        cr_assert(exists(dir, name), "%s missing", name);
        snprintf(name, sizeof name, "charts/%s.svg", run_charts[i]);
        cr_assert(!exists(dir, name), "%s drawn without gnuplot", name);
    }
    snprintf(path, sizeof path, "%s/report.html", dir);
    char *html = slurp(path, NULL);
    cr_assert_not_null(html);
    cr_assert_null(strstr(html, "<svg"));
    cr_assert_not_null(strstr(html, "gnuplot-nox"));
    cr_assert_not_null(strstr(html, "Comparison (mean"));
    cr_assert_not_null(strstr(html, "Paired differences against EOQ"));
    free(html);
    remove_tree(dir);
}

/* ---- every lesson, and the default directory ----------------------------- */

Test(report, every_lesson_gets_a_report)
{
    DIR *d = opendir(JITSIM_SOURCE_DIR "/scenarios");
    cr_assert_not_null(d);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 5, ".yaml") != 0)
            continue;
        char dir[64], args[1024], path[256];
        temp_dir(dir, sizeof dir);
        /* Short runs: the lessons' own lengths are their tests'. */
        snprintf(args, sizeof args,
                 "run '%s/scenarios/%s' -r 3 --set horizon=150 --set "
                 "warmup=20 --report -o '%s' -q",
                 JITSIM_SOURCE_DIR, e->d_name, dir);
        outcome *o = program_run(args);
        cr_assert_eq(o->status, 0, "%s: %s", e->d_name, o->err);
        snprintf(path, sizeof path, "%s/report.html", dir);
        char *html = slurp(path, NULL);
        cr_assert_not_null(html, "%s: no report.html", e->d_name);
        cr_assert_not_null(strstr(html, "Comparison (mean"), "%s",
                           e->d_name);
        if (have_gnuplot())
            cr_assert_not_null(strstr(html, "id=\"chart-inventory\""), "%s",
                               e->d_name);
        free(html);
        remove_tree(dir);
        files++;
    }
    closedir(d);
    cr_assert_geq(files, 1);
}

Test(report, run_report_without_out_writes_jitsim_report_NAME)
{
    char dir[64], cmd[1024];
    temp_dir(dir, sizeof dir);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' run flagship -r 3 --set horizon=60 --set "
             "warmup=10 --report",
             dir, JITSIM_EXE);
    outcome *o = program_sh(cmd);
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert(exists(dir, "jitsim-report-flagship/report.html"));
    cr_assert(exists(dir, "jitsim-report-flagship/timeseries.csv"));
    cr_assert(!exists(dir, "jitsim-report-flagship/events.csv"),
              "events.csv only with --trace");
    cr_assert_not_null(strstr(o->out, "jitsim-report-flagship/report.html"),
                       "%s", o->out);
    /* The page says what makes the same numbers again: the overrides and
     * the program. */
    char path[256];
    snprintf(path, sizeof path, "%s/jitsim-report-flagship/report.html",
             dir);
    size_t len;
    char *html = slurp(path, &len);
    cr_assert_not_null(strstr(html, " &middot; with <code>horizon=60; "
                                    "warmup=10</code> &middot; jitsim "),
                       "no overrides or program in the page's header");
    free(html);
    remove_tree(dir);
}

Test(report, a_loops_caution_is_on_the_page_beside_its_policy)
{
    /* The flagship's kanban with no safety: 10 cards of 10 for 90.73
     * demanded over the 2.27 days a card sees (load 0.91). The console
     * says so under the policy, and so must the page a manager reads. */
    char dir[64], args[512], path[256];
    temp_dir(dir, sizeof dir);
    snprintf(args, sizeof args,
             "run flagship -r 3 --set horizon=60 --set warmup=10 --set "
             "policies.kanban.safety=0 --report -o '%s' -q",
             dir);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    snprintf(path, sizeof path, "%s/report.html", dir);
    char *html = slurp(path, NULL);
    cr_assert_not_null(html);
    const char *caution = strstr(html, "<div class=\"plan caution\">caution: "
                                       "its loop holds 100 units against");
    cr_assert_not_null(caution, "no caution on the page");
    /* In the kanban's row, after its parameters, before the next row. */
    const char *params = strstr(html, "cards=10 container=10 safety=0");
    cr_assert(params && params < caution, "the caution is not after the "
                                          "kanban's parameters");
    cr_assert_null(strstr(params, "</tr>") < caution ? "ends early" : NULL);
    free(html);
    /* meta.json keeps it (the page is made from it). */
    snprintf(path, sizeof path, "%s/meta.json", dir);
    char *meta = slurp(path, NULL);
    cr_assert_not_null(strstr(meta, "\"plan\": \"caution: its loop holds "
                                    "100 units"),
                       "meta.json has no plan with the caution");
    free(meta);
    remove_tree(dir);
}

/* ---- bad input ----------------------------------------------------------- */

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

#define HEADER                                                              \
    "point,policy,metric,mean,sd,ci_low,ci_high,n,diff,"                    \
    "diff_ci_low,diff_ci_high\n"

Test(report, bad_input_is_one_line_and_exit_2)
{
    char dir[64], args[512];
    temp_dir(dir, sizeof dir);
    struct {
        const char *summary; /* NULL: no summary.csv */
        const char *meta;    /* NULL: no meta.json */
        const char *message;
    } cases[] = {
        {NULL, NULL, "summary.csv: not found; expected the output directory"},
        {"", NULL, "summary.csv: empty"},
        {HEADER, NULL, "summary.csv: no rows"},
        {"policy,metric\n\"EOQ\",\"x\"\n", NULL,
         "summary.csv: no column 'point'"},
        {HEADER ",\"EOQ\",\"total_cost\",1,2\n", NULL,
         "summary.csv: row 2 has 5 fields; expected 11"},
        {HEADER ",\"EOQ\",\"total_cost\",abc,1,1,1,3,,,\n", NULL,
         "row 2, column mean: 'abc' is not a number"},
        {HEADER ",\"EOQ,\"total_cost\",1,1,1,1,3,,,\n", NULL,
         "summary.csv: "},
        {HEADER "-4,\"EOQ\",\"total_cost\",1,1,1,1,3,,,\n", NULL,
         "column point"},
        {HEADER ",\"EOQ\",\"total_cost\",1,1,1,1,3,,,\n", "[1, 2",
         "meta.json: not a JSON object"},
        {HEADER ",\"EOQ\",\"total_cost\",1,1,1,1,3,,,\n", "{\"a\": ",
         "meta.json: not a JSON object"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/summary.csv", dir);
        remove(path);
        snprintf(path, sizeof path, "%s/meta.json", dir);
        remove(path);
        if (cases[i].summary)
            write_file(dir, "summary.csv", cases[i].summary);
        if (cases[i].meta)
            write_file(dir, "meta.json", cases[i].meta);
        snprintf(args, sizeof args, "report '%s'", dir);
        outcome *o = program_run(args);
        cr_assert_eq(o->status, 2, "case %zu: status %d, %s", i, o->status,
                     o->err);
        cr_assert_eq(count_lines(o->err), 1, "case %zu: %s", i, o->err);
        cr_assert_not_null(strstr(o->err, cases[i].message),
                           "case %zu: %s", i, o->err);
        cr_assert(!exists(dir, "report.html"), "case %zu", i);
    }
    /* A bad timeseries.csv beside a good summary. */
    char meta[256];
    snprintf(meta, sizeof meta, "%s/meta.json", dir);
    remove(meta);
    write_file(dir, "summary.csv",
               HEADER ",\"EOQ\",\"total_cost\",1,1,1,1,3,,,\n");
    write_file(dir, "timeseries.csv",
               "policy,replication,t,on_hand,backorders,on_order,wip\n"
               "\"EOQ\",0,x,1,0,0,0\n");
    snprintf(args, sizeof args, "report '%s'", dir);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 2, "%s", o->err);
    cr_assert_not_null(strstr(o->err, "timeseries.csv: row 2, column t"),
                       "%s", o->err);
    remove_tree(dir);

    o = program_run("report /nonexistent/jitsim/dir");
    cr_assert_eq(o->status, 2);
    cr_assert_eq(count_lines(o->err), 1);
    cr_assert_not_null(strstr(o->err, "not a directory"), "%s", o->err);
    o = program_run("report");
    cr_assert_eq(o->status, 2);
    cr_assert_eq(count_lines(o->err), 1, "%s", o->err);
    o = program_run("report a b");
    cr_assert_eq(o->status, 2);
    o = program_run("report --bogus");
    cr_assert_eq(o->status, 2);
    o = program_run("report --help");
    cr_assert_eq(o->status, 0);
    cr_assert_not_null(strstr(o->out, "usage: jitsim report DIR"));
}

/* Outputs written before 2026-12 repeated the scenario's name on every
 * row, in a first column `scenario`: still read, the column not taken for
 * a swept parameter. */
Test(report, a_summary_with_the_old_scenario_column_still_reads)
{
    char dir[64], args[512];
    temp_dir(dir, sizeof dir);
    write_file(dir, "summary.csv",
               "scenario,point,policy,metric,mean,sd,ci_low,ci_high,n,diff,"
               "diff_ci_low,diff_ci_high\n"
               "\"old\",,\"EOQ\",\"total_cost\",10,1,9,11,3,,,\n"
               "\"old\",,\"JIT\",\"total_cost\",12,1,11,13,3,2,1,3\n");
    snprintf(args, sizeof args, "report '%s'", dir);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert(exists(dir, "report.html"));
    /* Taken for a parameter, its text 'old' would have been "not a
     * number" (exit 2): the status above says it was not. */
    remove_tree(dir);
}

/* ---- a sweep's summary --------------------------------------------------- */

Test(report, a_sweep_gets_curves_and_a_heat_map)
{
    /* A sweep's summary.csv as `jitsim sweep` writes it: run's columns
     * plus one per swept parameter; 3 x 2 points. */
    char dir[64];
    temp_dir(dir, sizeof dir);
    char path[256];
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("point,policy,metric,mean,sd,ci_low,ci_high,n,diff,"
          "diff_ci_low,diff_ci_high,demand.rate,suppliers.local.lead_time."
          "mean\n",
          f);
    const char *names[] = {"total_cost", "fill_rate", "avg_on_hand",
                           "customer_lead_time_mean"};
    int point = 0;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 2; b++, point++)
            for (int p = 0; p < 2; p++)
                for (int m = 0; m < 4; m++) {
                    double rate = 20.0 * (a + 1), lt = 2.0 + 3.0 * b;
                    double mean = 100.0 + rate * lt * (p ? 0.9 : 1.0) + m;
                    fprintf(f, "%d,\"%s\",\"%s\",%.6g,1,%.6g,%.6g,5,",
                            point, p ? "kanban" : "EOQ", names[m], mean,
                            mean - 2, mean + 2);
                    if (p)
                        fprintf(f, "%.6g,%.6g,%.6g,", -rate * lt * 0.1,
                                -rate * lt * 0.1 - 3, -rate * lt * 0.1 + 3);
                    else
                        fputs(",,,", f);
                    fprintf(f, "%g,%g\n", rate, lt);
                }
    fclose(f);
    char args[512];
    snprintf(args, sizeof args, "report '%s'", dir);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    const char *charts[] = {
        "total_cost_vs_demand_rate", "fill_rate_vs_demand_rate",
        "total_cost_vs_suppliers_local_lead_time_mean", "heatmap_kanban"};
    for (int i = 0; i < 4; i++) {
        char name[128];
        snprintf(name, sizeof name, "charts/%s.gp", charts[i]);
        cr_assert(exists(dir, name), "%s missing", name);
        if (!have_gnuplot())
            continue;
        snprintf(path, sizeof path, "%s/charts/%s.svg", dir, charts[i]);
        char *svg = slurp(path, NULL);
        cr_assert_not_null(svg, "%s missing", path);
        cr_assert_null(xml_check(svg), "%s: %s", charts[i], xml_check(svg));
        if (i < 3) {
            cr_assert_not_null(strstr(svg, ">EOQ</text>"));
            cr_assert_not_null(strstr(svg, ">kanban</text>"));
        }
        free(svg);
    }
    /* The curve's data: demand.rate along the first axis, the lead time
     * held at its first value (2). */
    int n;
    snprintf(path, sizeof path, "%s/charts/total_cost_vs_demand_rate.dat",
             dir);
    dat_line *l = dat_load(path, &n);
    cr_assert_eq(n, 6);
    cr_assert_str_eq(l[0].tok[0], "20");
    cr_assert_str_eq(l[1].tok[0], "40");
    cr_assert_str_eq(l[2].tok[0], "60");
    cr_assert_str_eq(l[0].tok[1], "140"); /* 100 + 20 * 2 */
    cr_assert_eq(l[3].block, 1);
    free(l);
    snprintf(path, sizeof path, "%s/report.html", dir);
    char *html = slurp(path, NULL);
    cr_assert_not_null(html);
    cr_assert_not_null(strstr(html, "Total cost at each point"));
    cr_assert_null(strstr(html, "http"));
    free(html);
    remove_tree(dir);
}

/* ---- production lines ---------------------------------------------------- */

static const char *const line_stages[] = {"cut", "weld"};
static const char *const line_policies[] = {"Push", "JIT"};
static const char *const machine_states[] = {
    "busy", "setup", "down", "maintenance", "starved", "blocked", "idle"};

/* A value of the hand-made line: stage k's share of machine time in state
 * s under policy p (each stage's shares sum to 1), or its other measures. */
static double line_value(size_t p, size_t k, const char *measure)
{
    static const double shares[2][7] = {
        {0.55, 0.05, 0.04, 0.0, 0.20, 0.10, 0.06},
        {0.70, 0.02, 0.03, 0.0, 0.05, 0.15, 0.05}};
    for (int s = 0; s < 7; s++)
        if (!strcmp(measure, machine_states[s]))
            return shares[k][s] + (p ? 0.01 * (s == 0 ? -1 : s == 5) : 0.0);
    if (!strcmp(measure, "wip"))
        return 1.25 + 2.0 * (double)k - 0.5 * (double)p;
    return 0.75 + (double)k + (double)p;
}

/* summary.csv of a line run (point < 0) or of point `point` of a sweep of
 * demand.rate: the metrics, the line's own columns, two stages. */
static void line_rows(FILE *f, int point, double rate)
{
    for (size_t p = 0; p < 2; p++) {
        char names[METRIC_COUNT + LINE_METRIC_COUNT + 2 * STAGE_METRIC_COUNT]
                  [64];
        double means[sizeof names / sizeof names[0]];
        size_t n = 0;
        for (int m = 0; m < METRIC_COUNT; m++, n++) {
            snprintf(names[n], sizeof names[n], "%s", metric_name((metric)m));
            means[n] = m == METRIC_AVG_WIP ? 6.5 - p : 10.0 + m + p + rate;
        }
        for (int m = 0; m < LINE_METRIC_COUNT; m++, n++) {
            snprintf(names[n], sizeof names[n], "%s",
                     line_metric_name((line_metric)m));
            means[n] = 0.5 + m + 0.1 * (double)p + rate;
        }
        for (size_t k = 0; k < 2; k++)
            for (int m = 0; m < STAGE_METRIC_COUNT; m++, n++) {
                const char *measure = stage_metric_name((stage_metric)m);
                snprintf(names[n], sizeof names[n], "%s.%s", line_stages[k],
                         measure);
                means[n] = line_value(p, k, measure) + rate;
            }
        for (size_t i = 0; i < n; i++) {
            if (point >= 0)
                fprintf(f, "%d", point);
            fprintf(f, ",\"%s\",\"%s\",%.6g,0.1,%.6g,%.6g,4,",
                    line_policies[p], names[i], means[i], means[i] * 0.9,
                    means[i] * 1.1);
            if (p)
                fprintf(f, "%.6g,%.6g,%.6g", -0.1 * means[i],
                        -0.2 * means[i], -0.05 * means[i]);
            else
                fputs(",,", f);
            if (point >= 0)
                fprintf(f, ",%g", rate);
            fputc('\n', f);
        }
    }
}

Test(report, a_line_gets_wip_by_stage_and_stage_utilisation)
{
    char dir[64], path[256];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(HEADER, f);
    line_rows(f, -1, 0.0);
    fclose(f);
    char args[512];
    snprintf(args, sizeof args, "report '%s'", dir);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    csv c;
    csv_load(path, &c);
    /* wip_by_stage: a row per stage and one for the buffer between them,
     * mean ci_low ci_high per policy, each the CSV's text. */
    int n;
    snprintf(path, sizeof path, "%s/charts/wip_by_stage.dat", dir);
    dat_line *l = dat_load(path, &n);
    cr_assert_eq(n, 3);
    for (int k = 0; k < 3; k++) {
        char label[64], metric_text[64];
        const char *stage = line_stages[k == 2 ? 1 : 0];
        snprintf(label, sizeof label, k == 1 ? "%s buffer" : "%s", stage);
        snprintf(metric_text, sizeof metric_text,
                 k == 1 ? "%s.buffer" : "%s.wip", stage);
        cr_assert_str_eq(l[k].tok[0], label);
        cr_assert_eq(l[k].n, 7);
        for (int p = 0; p < 2; p++) {
            static const char *const cols[] = {"mean", "ci_low", "ci_high"};
            for (int j = 0; j < 3; j++)
                assert_same_number(l[k].tok[1 + 3 * p + j],
                                   summary(&c, line_policies[p], metric_text,
                                           cols[j]),
                                   metric_text);
        }
    }
    free(l);
    /* stage_utilisation: a block per stage, a row per policy, the seven
     * shares in order. */
    snprintf(path, sizeof path, "%s/charts/stage_utilisation.dat", dir);
    l = dat_load(path, &n);
    cr_assert_eq(n, 4);
    for (int i = 0; i < 4; i++) {
        int k = i / 2, p = i % 2;
        cr_assert_eq(l[i].block, k);
        cr_assert_str_eq(l[i].tok[0], line_policies[p]);
        cr_assert_eq(l[i].n, 8);
        for (int s = 0; s < 7; s++) {
            char metric_text[64];
            snprintf(metric_text, sizeof metric_text, "%s.%s",
                     line_stages[k], machine_states[s]);
            assert_same_number(l[i].tok[1 + s],
                               summary(&c, line_policies[p], metric_text,
                                       "mean"),
                               metric_text);
        }
    }
    free(l);
    /* A panel per stage; the script stacks only the states that occur
     * and names them in its legend: never maintenance. */
    snprintf(path, sizeof path, "%s/charts/stage_utilisation.gp", dir);
    char *gp = slurp(path, NULL);
    cr_assert_not_null(strstr(gp, "set title \"cut\""));
    cr_assert_not_null(strstr(gp, "set title \"weld\""));
    cr_assert_not_null(strstr(gp, "\"blocked\" at screen"));
    cr_assert_null(strstr(gp, "\"maintenance\" at screen"));
    free(gp);
    /* The differences show the line's WIP and lead time. */
    snprintf(path, sizeof path, "%s/charts/differences.dat", dir);
    char *diff = slurp(path, NULL);
    cr_assert_not_null(strstr(diff, "\"avg_wip\""));
    cr_assert_not_null(strstr(diff, "\"line_lead_time_mean\""));
    free(diff);
    snprintf(path, sizeof path, "%s/report.html", dir);
    char *html = slurp(path, NULL);
    cr_assert_not_null(html);
    cr_assert_not_null(strstr(html, "<h2 id=\"stages\">Stages"));
    cr_assert_not_null(strstr(html, "<tr><td>line_lead_time_mean <span"));
    if (have_gnuplot()) {
        const char *charts[] = {"wip_by_stage", "stage_utilisation"};
        for (int i = 0; i < 2; i++) {
            char id[80];
            snprintf(id, sizeof id, "<figure id=\"chart-%s\">", charts[i]);
            cr_assert_not_null(strstr(html, id), "%s not in the page",
                               charts[i]);
            snprintf(path, sizeof path, "%s/charts/%s.svg", dir, charts[i]);
            char *svg = slurp(path, NULL);
            cr_assert_not_null(svg, "%s missing", path);
            cr_assert_null(xml_check(svg), "%s: %s", charts[i],
                           xml_check(svg));
            cr_assert_not_null(strstr(svg, ">weld</text>"), "%s", charts[i]);
            free(svg);
        }
    }
    free(html);
    free(c.cell);
    /* --metric is for sweeps. */
    snprintf(args, sizeof args, "report '%s' --metric cut.wip", dir);
    o = program_run(args);
    cr_assert_eq(o->status, 2);
    cr_assert_not_null(strstr(o->err, "holds a run: --metric draws a "
                                      "sweep's response curves"));
    remove_tree(dir);
}

Test(report, a_line_sweep_draws_any_column)
{
    char dir[64], path[256];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("point,policy,metric,mean,sd,ci_low,ci_high,n,diff,"
          "diff_ci_low,diff_ci_high,demand.rate\n",
          f);
    for (int pt = 0; pt < 3; pt++)
        line_rows(f, pt, 0.5 * (pt + 1));
    fclose(f);
    /* The search of `sweep --objective weld.wip` left its best.csv. */
    write_file(dir, "best.csv",
               "policy,\"demand.rate\",point,objective,mean,ci_low,ci_high\n"
               "\"Push\",0.5,0,weld.wip,3.75,3,4\n");
    char args[512];
    snprintf(args, sizeof args, "report '%s' --metric cut.busy "
                                "--metric=weld.blocked",
             dir);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    const char *charts[] = {"total_cost_vs_demand_rate",
                            "throughput_vs_demand_rate",
                            "avg_wip_vs_demand_rate",
                            "line_lead_time_mean_vs_demand_rate",
                            "weld_wip_vs_demand_rate",
                            "cut_busy_vs_demand_rate",
                            "weld_blocked_vs_demand_rate"};
    for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++) {
        char name[128];
        snprintf(name, sizeof name, "charts/%s.dat", charts[i]);
        cr_assert(exists(dir, name), "%s missing", name);
    }
    /* weld.wip along demand.rate: Push's means at 0.5, 1, 1.5. */
    int n;
    snprintf(path, sizeof path, "%s/charts/weld_wip_vs_demand_rate.dat", dir);
    dat_line *l = dat_load(path, &n);
    cr_assert_eq(n, 6);
    cr_assert_str_eq(l[0].tok[0], "0.5");
    cr_assert_str_eq(l[0].tok[1], "3.75"); /* 1.25 + 2 + 0.5 */
    cr_assert_str_eq(l[2].tok[0], "1.5");
    cr_assert_str_eq(l[2].tok[1], "4.75");
    cr_assert_eq(l[3].block, 1);
    free(l);
    snprintf(path, sizeof path, "%s/charts/weld_wip_vs_demand_rate.gp", dir);
    char *gp = slurp(path, NULL);
    cr_assert_not_null(strstr(gp, "set ylabel \"weld.wip (units)\""));
    free(gp);
    /* A sweep has no stage charts: those are a run's. */
    cr_assert(!exists(dir, "charts/wip_by_stage.dat"));
    /* A column the sweep does not have. */
    snprintf(args, sizeof args, "report '%s' --metric paint.wip", dir);
    o = program_run(args);
    cr_assert_eq(o->status, 2);
    cr_assert_not_null(strstr(o->err, "no metric 'paint.wip'"), "%s",
                       o->err);
    cr_assert_eq(strchr(o->err, '\n'), o->err + strlen(o->err) - 1,
                 "one line: %s", o->err);
    remove_tree(dir);
}

/* ---- a real browser ------------------------------------------------------ */

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
           (unsigned long)p[2] << 8 | p[3];
}

/* Screenshots `page` (a file path) at 1280x2000; returns the PNG's size in
 * bytes and checks its dimensions. */
static size_t screenshot(const char *page, const char *png)
{
    char profile[] = "/tmp/jitsim_chromiumXXXXXX";
    cr_assert_not_null(mkdtemp(profile));
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "timeout 180 /usr/bin/chromium --headless --no-sandbox "
             "--disable-gpu --disable-background-networking "
             "--disable-component-update --disable-sync --no-first-run "
             "--hide-scrollbars --user-data-dir='%s' --screenshot='%s' "
             "--window-size=1280,2000 'file://%s'",
             profile, png, page);
    outcome *o = program_sh(cmd);
    remove_tree(profile);
    cr_assert_eq(o->status, 0, "chromium failed: %s", o->err);
    size_t len;
    unsigned char *data = (unsigned char *)slurp(png, &len);
    cr_assert_not_null(data, "no screenshot: %s", o->err);
    cr_assert_gt(len, 33);
    cr_assert_eq(memcmp(data, "\x89PNG\r\n\x1a\n", 8), 0);
    cr_assert_eq(memcmp(data + 12, "IHDR", 4), 0);
    cr_assert_eq(be32(data + 16), 1280, "width %lu", be32(data + 16));
    cr_assert_eq(be32(data + 20), 2000, "height %lu", be32(data + 20));
    free(data);
    return len;
}

Test(report, headless_chromium_renders_the_flagship_report, .timeout = 600)
{
    if (access("/usr/bin/chromium", X_OK) != 0)
        cr_skip_test("/usr/bin/chromium is absent: the browser test is "
                     "skipped (scripts/setup.sh --with-browser installs "
                     "it; CI does)");
    char dir[64], page[256], png[256], blank[256], blank_png[256];
    flagship_report(dir, sizeof dir);
    snprintf(page, sizeof page, "%s/report.html", dir);
    snprintf(png, sizeof png, "%s/screenshot.png", dir);
    /* A blank page of the same size: a blank PNG compresses to almost
     * nothing, a page of text and charts does not. */
    write_file(dir, "blank.html",
               "<!DOCTYPE html><html><body></body></html>\n");
    snprintf(blank, sizeof blank, "%s/blank.html", dir);
    snprintf(blank_png, sizeof blank_png, "%s/blank.png", dir);
    size_t blank_len = screenshot(blank, blank_png);
    size_t len = screenshot(page, png);
    cr_assert_gt(len, 10 * blank_len,
                 "the report's screenshot (%zu bytes) looks blank (a blank "
                 "page: %zu bytes)",
                 len, blank_len);
    cr_assert_gt(len, 50000, "screenshot of %zu bytes", len);
    remove_tree(dir);
}

Test(report, a_line_run_report_has_the_stage_charts)
{
    char dir[64];
    temp_dir(dir, sizeof dir);
    char args[512];
    snprintf(args, sizeof args,
             "run '%s/tests/data/line.yaml' -r 2 --report -o '%s' -q",
             JITSIM_SOURCE_DIR, dir);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert(exists(dir, "stage_wip.csv"));
    const char *charts[] = {"wip_by_stage", "stage_utilisation"};
    for (int i = 0; i < 2; i++) {
        char name[128];
        snprintf(name, sizeof name, "charts/%s.dat", charts[i]);
        cr_assert(exists(dir, name), "%s missing", name);
        snprintf(name, sizeof name, "charts/%s.gp", charts[i]);
        cr_assert(exists(dir, name), "%s missing", name);
    }
    /* Every stage's shares, as stacked, sum to 1 for every policy. */
    char path[256];
    snprintf(path, sizeof path, "%s/charts/stage_utilisation.dat", dir);
    int n;
    dat_line *l = dat_load(path, &n);
    cr_assert_eq(n, 2 * 3);
    for (int i = 0; i < n; i++) {
        double sum = 0.0;
        for (int s = 1; s < l[i].n; s++)
            sum += strtod(l[i].tok[s], NULL);
        cr_assert_float_eq(sum, 1.0, 1e-6, "%s: %g", l[i].tok[0], sum);
    }
    free(l);
    snprintf(path, sizeof path, "%s/report.html", dir);
    char *html = slurp(path, NULL);
    cr_assert_not_null(html);
    cr_assert_not_null(strstr(html, "<h2 id=\"stages\">Stages"));
    if (have_gnuplot()) {
        cr_assert_not_null(strstr(html, "<figure id=\"chart-wip_by_stage\">"));
        cr_assert_not_null(
            strstr(html, "<figure id=\"chart-stage_utilisation\">"));
    }
    free(html);
    remove_tree(dir);
}
