/*
 * table.c - the comparison printed on the terminal: the policies as
 * simulated (with, under each, the supplier and mitigations that differ
 * between them: policy_words.h), a table of means with their 95% intervals (and a line's,
 * stages' and products' blocks), the paired differences against the
 * baseline, and one plain-words sentence per policy on the verdict's basis
 * (output_verdict_basis: profit, operating cost or total cost).
 *
 * Not here: the files a run writes (output.c).
 */
#include "output.h"
#include "policy_words.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Whether the scenario is a production line (its policies share it). */
static int is_line(const scenario *sc)
{
    return sc->n_policies > 0 && sc->worlds[0].line.n_stages > 0;
}

/* ---- the table ----------------------------------------------------------- */

static const metric table_rows[] = {
    METRIC_TOTAL_COST,
    METRIC_OPERATING_COST,
    METRIC_HOLDING_COST,
    METRIC_PIPELINE_HOLDING_COST,
    METRIC_ORDERING_COST,
    METRIC_TRANSPORT_COST,
    METRIC_PURCHASE_COST,
    METRIC_SHORTAGE_COST,
    METRIC_FILL_RATE,
    METRIC_READY_RATE,
    METRIC_AVG_ON_HAND,
    METRIC_CASH_TIED_UP,
    METRIC_CUSTOMER_LEAD_TIME_MEAN,
    METRIC_CUSTOMER_LEAD_TIME_P95,
    METRIC_ORDERS_PLACED,
    METRIC_TURNOVER,
};
#define N_TABLE_ROWS (sizeof table_rows / sizeof table_rows[0])

/* The table's rows: the fixed ones, then those that only mean something
 * when the scenario has what they measure (a disruption, defects, lost
 * sales, a shelf life), so that a lesson's key metric is on screen. */
size_t output_table_metrics(const scenario *sc, size_t *rows)
{
    size_t n = 0;
    for (size_t i = 0; i < N_TABLE_ROWS; i++)
        rows[n++] = table_rows[i];
    int disrupted = 0, defects = 0, lost = 0, perishable = 0, priced = 0;
    for (size_t p = 0; p < sc->n_policies; p++) {
        const world_spec *w = &sc->worlds[p];
        priced |= !isnan(w->item.price);
        disrupted |= w->n_disruptions > 0;
        lost |= w->item.lost_sales;
        perishable |= w->item.shelf_life > 0.0;
        for (size_t s = 0; s < w->n_suppliers; s++)
            defects |= w->suppliers[s].defect_rate > 0.0;
    }
    if (disrupted)
        rows[n++] = METRIC_RECOVERY_TIME;
    if (defects)
        rows[n++] = METRIC_REJECTED_UNITS;
    if (lost)
        rows[n++] = METRIC_LOST_UNITS;
    if (perishable)
        rows[n++] = METRIC_SCRAPPED_UNITS;
    if (priced) {
        rows[n++] = METRIC_REVENUE;
        rows[n++] = METRIC_PROFIT;
    }
    return n;
}

/* Decimals that show `spread` (a half-width) to two significant digits:
 * a mean and its interval are rounded alike, so 68402 ± 68 rather than
 * 6.84e+04 ± 68, and 0.9768 ± 0.0014. Without a spread, four significant
 * digits of x. At most 6 decimals; none for large numbers. */
static int decimals_for(double x, double spread)
{
    double ref = spread > 0.0 && isfinite(spread) ? spread : fabs(x);
    if (!(ref > 0.0) || !isfinite(ref))
        return 0;
    int keep = spread > 0.0 && isfinite(spread) ? 1 : 3;
    int d = keep - (int)floor(log10(ref));
    return d < 0 ? 0 : d > 6 ? 6 : d;
}

/* A number in fixed notation with `decimals`, `sign` forcing a + on
 * positive values; e-notation only past what fixed notation keeps short
 * (|x| >= 10^9, or a non-zero value below 10^-6). */
static int format_fixed(char *buf, size_t len, double x, int decimals,
                        int sign)
{
    double a = fabs(x);
    if (a >= 1e9 || (a > 0.0 && a < 1e-6))
        return snprintf(buf, len, sign ? "%+.3g" : "%.3g", x);
    if (x == 0.0)
        x = 0.0; /* no -0 */
    /* A value that rounds to zero prints without a sign's minus. */
    if (fabs(x) < 0.5 * pow(10.0, -decimals))
        x = 0.0;
    return snprintf(buf, len, sign ? "%+.*f" : "%.*f", decimals, x);
}

static void format_estimate(char *buf, size_t len, const estimate *e)
{
    if (!isfinite(e->mean)) {
        snprintf(buf, len, "-");
        return;
    }
    int h_known = isfinite(e->half_width);
    int d = decimals_for(e->mean, h_known ? e->half_width : 0.0);
    int n = format_fixed(buf, len, e->mean, d, 0);
    if (h_known && n > 0 && (size_t)n < len) {
        snprintf(buf + n, len - (size_t)n, " ± ");
        n += (int)strlen(" ± ");
        if ((size_t)n < len)
            format_fixed(buf + n, len - (size_t)n, e->half_width, d, 0);
    }
}

/* A paired difference: its mean and interval, rounded alike. */
static void format_difference(char *buf, size_t len, const estimate *d)
{
    if (!isfinite(d->low)) {
        snprintf(buf, len, "-");
        return;
    }
    int dec = decimals_for(d->mean, 0.5 * (d->high - d->low));
    char m[40], lo[40], hi[40];
    format_fixed(m, sizeof m, d->mean, dec, 1);
    format_fixed(lo, sizeof lo, d->low, dec, 1);
    format_fixed(hi, sizeof hi, d->high, dec, 1);
    snprintf(buf, len, "%s [%s, %s]", m, lo, hi);
}

/* Display width of a UTF-8 string (the ± sign is two bytes, one column). */
static int display_width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* A row's label, padded to `width` display columns (printf pads bytes). */
static void print_label(FILE *out, const char *text, int width)
{
    fprintf(out, "%s%*s", text, width - display_width(text), "");
}

static void print_cell(FILE *out, const char *text, int width)
{
    fprintf(out, "  %*s%s", width - display_width(text), "", text);
}

/* Rows of estimates: a column's name, then its mean ± half-width for
 * each policy, each policy's column as wide as its widest cell. */
static void print_estimates(FILE *out, const run_result *r,
                            const size_t *rows, size_t n_rows, int label,
                            const int *widths)
{
    for (size_t i = 0; i < n_rows; i++) {
        size_t m = rows[i];
        fprintf(out, "%-*s", label, r->columns.name[m]);
        for (size_t p = 0; p < r->n_policies; p++) {
            char cell[96];
            format_estimate(cell, sizeof cell, run_summary(r, p, m));
            print_cell(out, cell, widths[p]);
        }
        fputc('\n', out);
    }
}

/* Rows of paired differences against the baseline. */
static void print_differences(FILE *out, const scenario *sc,
                              const run_result *r, const size_t *rows,
                              size_t n_rows, int label, const int *widths)
{
    for (size_t i = 0; i < n_rows; i++) {
        size_t m = rows[i];
        fprintf(out, "%-*s", label, r->columns.name[m]);
        for (size_t p = 0; p < r->n_policies; p++) {
            if ((int)p == sc->baseline)
                continue;
            char cell[128];
            format_difference(cell, sizeof cell, run_diff(r, p, m));
            print_cell(out, cell, widths[p]);
        }
        fputc('\n', out);
    }
}

/* Widens each policy's column to its name and to every cell of `rows`:
 * estimates, or paired differences when `differences` is set. */
static void widen_columns(const scenario *sc, const run_result *r,
                          const size_t *rows, size_t n_rows, int differences,
                          int *widths)
{
    for (size_t p = 0; p < r->n_policies; p++) {
        int w = display_width(sc->worlds[p].policy.name);
        if (w > widths[p])
            widths[p] = w;
        for (size_t i = 0; i < n_rows; i++) {
            char cell[128];
            if (differences)
                format_difference(cell, sizeof cell, run_diff(r, p, rows[i]));
            else
                format_estimate(cell, sizeof cell,
                                run_summary(r, p, rows[i]));
            w = display_width(cell);
            if (w > widths[p])
                widths[p] = w;
        }
    }
}

/* The line block's rows: the line-wide measures a reader compares first. */
#define N_LINE_ROWS 6
static size_t line_table_columns(const scenario *sc, const run_result *r,
                                 size_t *rows)
{
    if (!is_line(sc) || r->columns.n < line_column_stage(0, 0))
        return 0;
    rows[0] = line_column_line(LINE_THROUGHPUT);
    rows[1] = line_column_line(LINE_LEAD_TIME_MEAN);
    rows[2] = line_column_line(LINE_LEAD_TIME_P95);
    rows[3] = METRIC_AVG_WIP;
    rows[4] = line_column_line(LINE_SETUPS);
    rows[5] = line_column_line(LINE_AVAILABILITY);
    return N_LINE_ROWS;
}

/* Per policy, one row per stage: its mean WIP and flow time and how its
 * machines spent their time (idle is what the shares leave to 100%).
 * Maintenance gets a column only when some stage has it. The intervals are
 * in summary.csv. */
static void print_stages(FILE *out, const scenario *sc, const run_result *r)
{
    const line_spec *line = &sc->worlds[0].line;
    if (r->columns.n < line_column_stage(line->n_stages, 0))
        return;
    int maintenance = 0;
    int name_width = 8;
    for (size_t k = 0; k < line->n_stages; k++) {
        maintenance |= line->stages[k].maintenance.enabled;
        int w = display_width(line->stages[k].name);
        if (w > name_width)
            name_width = w;
    }
    static const struct {
        stage_metric m;
        const char *head;
    } cols[] = {
        {STAGE_WIP, "wip"},         {STAGE_FLOW_TIME, "flow time"},
        {STAGE_BUSY, "busy"},       {STAGE_SETUP, "setup"},
        {STAGE_DOWN, "down"},       {STAGE_MAINTENANCE, "maint."},
        {STAGE_STARVED, "starved"}, {STAGE_BLOCKED, "blocked"},
    };
    size_t n_cols = sizeof cols / sizeof cols[0];
    int width = 9;
    for (size_t p = 0; p < r->n_policies; p++) {
        fprintf(out, "\nstages under %s (means; shares of machine time, "
                     "the rest idle):\n  %-*s",
                sc->worlds[p].policy.name, name_width, "stage");
        for (size_t c = 0; c < n_cols; c++)
            if (cols[c].m != STAGE_MAINTENANCE || maintenance)
                print_cell(out, cols[c].head, width);
        fputc('\n', out);
        for (size_t k = 0; k < line->n_stages; k++) {
            fprintf(out, "  %s%*s", line->stages[k].name,
                    name_width - display_width(line->stages[k].name), "");
            for (size_t c = 0; c < n_cols; c++) {
                if (cols[c].m == STAGE_MAINTENANCE && !maintenance)
                    continue;
                double x = run_summary(r, p,
                                       line_column_stage(k, cols[c].m))
                               ->mean;
                char cell[32];
                if (!isfinite(x))
                    snprintf(cell, sizeof cell, "-");
                else if (cols[c].m >= STAGE_BUSY)
                    snprintf(cell, sizeof cell, "%.1f%%", 100.0 * x);
                else
                    snprintf(cell, sizeof cell, "%.4g", x);
                print_cell(out, cell, width);
            }
            fputc('\n', out);
        }
    }
}

/* With two products or more: per policy, a row per product of what its
 * customers and its stock saw (the CSVs have every product column). */
static void print_products(FILE *out, const scenario *sc,
                           const run_result *r)
{
    const line_spec *line = &sc->worlds[0].line;
    if (line->n_products < 2 ||
        r->columns.n < line_column_product(line, line->n_products, 0))
        return;
    int name_width = 8;
    for (size_t i = 0; i < line->n_products; i++) {
        int w = display_width(line->products[i].name);
        if (w > name_width)
            name_width = w;
    }
    static const struct {
        product_metric m;
        const char *head;
    } cols[] = {
        {PRODUCT_UNITS_DEMANDED, "demanded"},
        {PRODUCT_FILL_RATE, "fill rate"},
        {PRODUCT_CUSTOMER_LEAD_TIME_MEAN, "wait"},
        {PRODUCT_AVG_ON_HAND, "on hand"},
        {PRODUCT_AVG_BACKORDERS, "owed"},
        {PRODUCT_TOTAL_COST, "cost"},
    };
    int width = 10;
    for (size_t p = 0; p < r->n_policies; p++) {
        fprintf(out, "\nproducts under %s (means; wait: customer lead "
                     "time, owed: backorders):\n  %-*s",
                sc->worlds[p].policy.name, name_width, "product");
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
            print_cell(out, cols[c].head, width);
        fputc('\n', out);
        for (size_t i = 0; i < line->n_products; i++) {
            fprintf(out, "  %s%*s", line->products[i].name,
                    name_width - display_width(line->products[i].name), "");
            for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
                double x =
                    run_summary(r, p, line_column_product(line, i, cols[c].m))
                        ->mean;
                char cell[32];
                if (!isfinite(x))
                    snprintf(cell, sizeof cell, "-");
                else if (cols[c].m == PRODUCT_FILL_RATE)
                    snprintf(cell, sizeof cell, "%.1f%%", 100.0 * x);
                else
                    snprintf(cell, sizeof cell, "%.4g", x);
                print_cell(out, cell, width);
            }
            fputc('\n', out);
        }
    }
}

/* What one unit costs landed from supplier i of world w, or NaN for none:
 * the supplier's price (the item's unit cost when it names none) plus its
 * unit freight. */
static double landed_price(const world_spec *w, int i)
{
    if (i < 0 || (size_t)i >= w->n_suppliers)
        return NAN;
    return supplier_landed_cost(&w->suppliers[i], w->item.unit_cost);
}

static int same_price(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

verdict_basis output_verdict_basis(const scenario *sc)
{
    int lost_with_price = 0, same = 1;
    for (size_t p = 0; p < sc->n_policies; p++) {
        const world_spec *w = &sc->worlds[p];
        lost_with_price |= w->item.lost_sales && !isnan(w->item.price);
        const world_spec *w0 = &sc->worlds[0];
        if (!same_price(landed_price(w, w->policy.supplier),
                        landed_price(w0, w0->policy.supplier)) ||
            !same_price(landed_price(w, w->policy.backup_supplier),
                        landed_price(w0, w0->policy.backup_supplier)) ||
            !same_price(landed_price(w, w->policy.second_supplier),
                        landed_price(w0, w0->policy.second_supplier)))
            same = 0;
    }
    /* Lost sales are only priced right by what they fail to earn. */
    if (lost_with_price)
        return (verdict_basis){METRIC_PROFIT, "profit", 1};
    /* Purchases at one price for all are (nearly) the same for every
     * policy; a percentage of a total they dominate hides the difference
     * the policies make. */
    if (same && sc->n_policies > 1)
        return (verdict_basis){METRIC_OPERATING_COST,
                               "operating cost (total less purchases, "
                               "all at one price)",
                               0};
    return (verdict_basis){METRIC_TOTAL_COST, "total cost", 0};
}

void output_sentence(char *buf, size_t len, const scenario *sc,
                     const run_result *r, size_t p)
{
    size_t base = (size_t)sc->baseline;
    const char *name = sc->worlds[p].policy.name;
    const char *base_name = sc->worlds[base].policy.name;
    verdict_basis basis = output_verdict_basis(sc);
    const char *what = basis.words;
    const estimate *cost = run_diff(r, p, basis.metric);
    double base_cost = run_summary(r, base, basis.metric)->mean;
    size_t used = 0;
#define APPEND(...)                                                         \
    do {                                                                    \
        int n_ = snprintf(buf + used, used < len ? len - used : 0,          \
                          __VA_ARGS__);                                     \
        if (n_ > 0)                                                         \
            used += (size_t)n_;                                             \
    } while (0)
    if (!(base_cost > 0.0) || !isfinite(cost->low)) {
        APPEND("%s: %s %.4g per %s against %.4g for %s", name, what,
               run_summary(r, p, basis.metric)->mean, sc->time_unit,
               base_cost, base_name);
    } else {
        double pct = 100.0 * cost->mean / base_cost;
        double lo = 100.0 * cost->low / base_cost;
        double hi = 100.0 * cost->high / base_cost;
        int sign = estimate_sign(cost);
        /* Whole percents, or one decimal when the difference is small or
         * the interval would read "15% to 15%". */
        int digits = fabs(pct) < 10.0 || hi - lo < 2.0 ? 1 : 0;
        if (sign == 0)
            APPEND("%s: %s not clearly different from %s (%+.*f%%, "
                   "95%% CI %+.*f%% to %+.*f%%)",
                   name, what, base_name, digits, pct, digits, lo, digits,
                   hi);
        else
            APPEND("%s: %s %.*f%% %s than %s (95%% CI %.*f%% to "
                   "%.*f%%)",
                   name, what, digits, fabs(pct),
                   sign < 0 ? "lower" : "higher", base_name, digits,
                   sign < 0 ? -hi : lo, digits, sign < 0 ? -lo : hi);
    }
    const estimate *fill = run_diff(r, p, METRIC_FILL_RATE);
    if (isfinite(fill->low)) {
        int sign = estimate_sign(fill);
        if (sign == 0)
            APPEND(", fill rate about the same (%+.1f points, 95%% CI %+.1f "
                   "to %+.1f)",
                   100.0 * fill->mean, 100.0 * fill->low, 100.0 * fill->high);
        else
            APPEND(", fill rate %.1f points %s (95%% CI %.1f to %.1f)",
                   100.0 * fabs(fill->mean), sign < 0 ? "lower" : "higher",
                   100.0 * (sign < 0 ? -fill->high : fill->low),
                   100.0 * (sign < 0 ? -fill->low : fill->high));
    }
    const estimate *stock = run_diff(r, p, METRIC_AVG_ON_HAND);
    double base_stock = run_summary(r, base, METRIC_AVG_ON_HAND)->mean;
    /* Past tripling, a ratio reads better than thousands of percent. */
    double stock_ratio = 1.0 + stock->mean / base_stock;
    if (isfinite(stock->low) && base_stock > 0.0 && estimate_sign(stock) &&
        stock_ratio >= 3.0)
        APPEND(", average stock %.*f times %s's", stock_ratio < 10.0 ? 1 : 0,
               stock_ratio, base_name);
    else if (isfinite(stock->low) && base_stock > 0.0 && estimate_sign(stock))
        APPEND(", average stock %.0f%% %s", fabs(100.0 * stock->mean /
                                                 base_stock),
               stock->mean < 0.0 ? "lower" : "higher");
    if (is_line(sc) && r->columns.n > line_column_line(LINE_LEAD_TIME_MEAN)) {
        /* The claims made for lines: less work in progress, shorter lead
         * times; said only when the interval is clear of zero. */
        const struct {
            size_t column;
            const char *words;
        } line_claims[] = {
            {METRIC_AVG_WIP, "work in progress"},
            {line_column_line(LINE_LEAD_TIME_MEAN), "line lead time"},
        };
        for (size_t i = 0; i < 2; i++) {
            const estimate *d = run_diff(r, p, line_claims[i].column);
            double b = run_summary(r, base, line_claims[i].column)->mean;
            if (isfinite(d->low) && b > 0.0 && estimate_sign(d))
                APPEND(", %s %.0f%% %s", line_claims[i].words,
                       fabs(100.0 * d->mean / b),
                       d->mean < 0.0 ? "lower" : "higher");
        }
    }
    APPEND(".");
#undef APPEND
}

/* ---- a supply chain's nodes ---------------------------------------------- */

/* The columns of the per-node block (NODE.METRIC). */
static const metric node_metrics[] = {
    METRIC_TOTAL_COST, METRIC_FILL_RATE, METRIC_AVG_ON_HAND,
    METRIC_AVG_BACKORDERS, METRIC_ORDERS_PLACED, METRIC_BULLWHIP,
};
#define N_NODE_METRICS (sizeof node_metrics / sizeof node_metrics[0])
/* Customer-facing nodes beyond this many are summed up (lowest, mean,
 * highest) rather than listed: a hundred retailers in three lines. */
#define NODES_LISTED_MAX 10

/* Policy p's mean of node k's metric m, or NaN. */
static double node_mean(const scenario *sc, const run_result *r, size_t p,
                        size_t k, metric m)
{
    char name[METRIC_NAME_MAX];
    snprintf(name, sizeof name, "%s.%s", sc->worlds[p].nodes[k].name,
             metric_name(m));
    int c = run_column(r, name);
    return c >= 0 ? run_summary(r, p, (size_t)c)->mean : NAN;
}

static void print_node_row(FILE *out, const char *label, const double *v)
{
    fprintf(out, "  %-24s", label);
    for (size_t j = 0; j < N_NODE_METRICS; j++) {
        if (isnan(v[j]))
            fprintf(out, " %14s", "-");
        else if (fabs(v[j]) >= 1000.0)
            fprintf(out, " %14.0f", v[j]); /* no exponent on a big cost */
        else
            fprintf(out, " %14.4g", v[j]);
    }
    fputc('\n', out);
}

/* Each policy's nodes, one line each (the means over the replications;
 * summary.csv has every NODE.METRIC with its interval): the nodes that
 * supply others, then the customer-facing ones, listed when few, else
 * their lowest, mean and highest value of each column. */
static void print_nodes(FILE *out, const scenario *sc, const run_result *r)
{
    if (!sc->n_policies || sc->worlds[0].n_nodes < 2)
        return;
    for (size_t p = 0; p < r->n_policies; p++) {
        const world_spec *w = &sc->worlds[p];
        size_t facing = 0;
        for (size_t k = 0; k < w->n_nodes; k++)
            facing += w->nodes[k].customers != 0;
        int listed = facing <= NODES_LISTED_MAX;
        fprintf(out, "\nnodes under %s (means; each with its interval in "
                     "summary.csv):\n  %-24s",
                w->policy.name, "node");
        for (size_t j = 0; j < N_NODE_METRICS; j++)
            fprintf(out, " %14s", metric_name(node_metrics[j]));
        fputc('\n', out);
        double v[N_NODE_METRICS], lo[N_NODE_METRICS], hi[N_NODE_METRICS],
            sum[N_NODE_METRICS];
        size_t counted[N_NODE_METRICS] = {0};
        for (size_t j = 0; j < N_NODE_METRICS; j++) {
            lo[j] = hi[j] = NAN;
            sum[j] = 0.0;
        }
        for (int pass = 0; pass < 2; pass++)
            for (size_t k = 0; k < w->n_nodes; k++) {
                /* First the nodes without customers of their own, then
                 * the customer-facing ones. */
                int faces = w->nodes[k].customers != 0;
                if (faces != pass)
                    continue;
                for (size_t j = 0; j < N_NODE_METRICS; j++)
                    v[j] = node_mean(sc, r, p, k, node_metrics[j]);
                if (!faces || listed) {
                    print_node_row(out, w->nodes[k].name, v);
                    continue;
                }
                for (size_t j = 0; j < N_NODE_METRICS; j++) {
                    if (isnan(v[j]))
                        continue;
                    lo[j] = isnan(lo[j]) || v[j] < lo[j] ? v[j] : lo[j];
                    hi[j] = isnan(hi[j]) || v[j] > hi[j] ? v[j] : hi[j];
                    sum[j] += v[j];
                    counted[j]++;
                }
            }
        if (listed)
            continue;
        char label[48];
        for (size_t j = 0; j < N_NODE_METRICS; j++)
            v[j] = counted[j] ? sum[j] / (double)counted[j] : NAN;
        snprintf(label, sizeof label, "%zu facing customers:", facing);
        fprintf(out, "  %s\n", label);
        print_node_row(out, "  lowest", lo);
        print_node_row(out, "  mean", v);
        print_node_row(out, "  highest", hi);
    }
}

void output_print_table(FILE *out, const scenario *sc, const run_result *r)
{
    fprintf(out, "%s\n", sc->name);
    fprintf(out, "%llu replication%s, seed %llu, horizon %g %ss, warm-up %g%s"
                 "\n\n",
            (unsigned long long)r->n_reps, r->n_reps == 1 ? "" : "s",
            (unsigned long long)r->seed,
            sc->n_policies ? sc->worlds[0].horizon : 0.0, sc->time_unit,
            r->warmup, r->warmup_was_auto ? " (auto, MSER-5)" : "");
    fprintf(out, "policies as simulated:\n");
    /* The supplier and mitigations, when they tell policies apart. */
    unsigned differing = policy_words_differing(sc);
    for (size_t p = 0; p < r->n_policies; p++) {
        const policy_spec *ps = &sc->worlds[p].policy;
        char params[512];
        policy_params_format(ps->type, &r->effective[p], params,
                             sizeof params);
        fprintf(out, "  %-12s %-14s %s (%s)%s\n", ps->name, ps->type->name,
                params[0] ? params : "-",
                policy_family_name(ps->type->family),
                (int)p == sc->baseline ? "  [baseline]" : "");
        if (differing) {
            char words[512];
            policy_words(sc, p, differing, words, sizeof words);
            fprintf(out, "  %-12s %-14s %s\n", "", "", words);
        }
        if (r->plans && r->plans[p][0])
            fprintf(out, "  %-12s %-14s %s\n", "", "", r->plans[p]);
    }
    /* Auto rules plan for the demand as shaped over the window: say which
     * rate, so a shock or a trend in the plan is visible. */
    if (r->planning_used && sc->n_policies)
        fprintf(out, "  auto rules sized for demand %.4g a %s over the "
                     "window [%g, %g)\n",
                r->planning_rate, sc->time_unit, r->warmup,
                sc->worlds[0].horizon);
    fputc('\n', out);

    size_t rows[N_TABLE_ROWS + 6];
    size_t n_rows = output_table_metrics(sc, rows);
    size_t line_rows[N_LINE_ROWS];
    size_t n_line = line_table_columns(sc, r, line_rows);
    /* Columns as wide as their widest cell (a long policy name, a wide
     * interval) and at least 16, so that every row keeps its columns. */
    int label = 24;
    int *widths = malloc(2 * (r->n_policies ? r->n_policies : 1) *
                         sizeof *widths);
    if (!widths) {
        fprintf(out, "(out of memory printing the table)\n");
        return;
    }
    int *diff_widths = widths + r->n_policies;
    for (size_t p = 0; p < r->n_policies; p++)
        widths[p] = diff_widths[p] = 16;
    widen_columns(sc, r, rows, n_rows, 0, widths);
    widen_columns(sc, r, line_rows, n_line, 0, widths);
    widen_columns(sc, r, rows, n_rows, 1, diff_widths);
    widen_columns(sc, r, line_rows, n_line, 1, diff_widths);
    /* One replication is a single run: its values, no interval. */
    int one = r->n_reps < 2;
    print_label(out, one ? "metric (one run, no CI)" : "metric (mean ± 95% CI)",
                label);
    for (size_t p = 0; p < r->n_policies; p++)
        print_cell(out, sc->worlds[p].policy.name, widths[p]);
    fputc('\n', out);
    print_estimates(out, r, rows, n_rows, label, widths);
    print_nodes(out, sc, r);
    if (n_line) {
        fputc('\n', out);
        print_label(out, "line (mean ± 95% CI)", label);
        for (size_t p = 0; p < r->n_policies; p++)
            print_cell(out, sc->worlds[p].policy.name, widths[p]);
        fputc('\n', out);
        print_estimates(out, r, line_rows, n_line, label, widths);
        print_stages(out, sc, r);
        print_products(out, sc, r);
    }
    if (r->n_policies > 1 && one)
        fprintf(out, "\nno paired differences: they need at least 2 "
                     "replications\n\n");
    if (r->n_policies > 1 && !one) {
        fprintf(out, "\npaired differences against %s (same replications):"
                     "\n",
                sc->worlds[sc->baseline].policy.name);
        fprintf(out, "%-*s", label, "metric");
        for (size_t p = 0; p < r->n_policies; p++)
            if ((int)p != sc->baseline)
                print_cell(out, sc->worlds[p].policy.name, diff_widths[p]);
        fputc('\n', out);
        print_differences(out, sc, r, rows, n_rows, label, diff_widths);
        if (n_line) {
            fputc('\n', out);
            print_differences(out, sc, r, line_rows, n_line, label,
                              diff_widths);
        }
        fputc('\n', out);
    }
    free(widths);
    for (size_t p = 0; r->n_policies > 1 && p < r->n_policies; p++) {
        if ((int)p == sc->baseline)
            continue;
        char sentence[1024];
        output_sentence(sentence, sizeof sentence, sc, r, p);
        fprintf(out, "%s\n", sentence);
    }
}

