/*
 * network_metrics.c - a supply chain's columns and row: each node's stock
 * point metrics under its name, its bullwhip against end-customer demand,
 * its own stage's amplification and its net-stock amplification; the
 * chain's totals and its end customers' service (docs/metrics.md, Supply
 * chains); and the plan text of each node's policy as simulated.
 *
 * Not here: the run that fills the stock points and buckets (network.c).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/network_internal.h"
#include "models/world.h"
#include "sim/convert.h"

/* Node i's policy as simulated: "TYPE PARAMS". */
static void node_policy_text(const net_node *node, char *buf, size_t len)
{
    char params[400];
    policy_params_format(node->policy.type, &node->effective, params,
                         sizeof params);
    snprintf(buf, len, "%s%s%s", node->policy.type->name,
             params[0] ? " " : "", params);
}

/* Appends to buf (of len, used so far) as snprintf would. */
static void append(char *buf, size_t len, size_t *used, const char *fmt,
                   const char *a, const char *b)
{
    if (*used >= len)
        return;
    int w = snprintf(buf + *used, len - *used, fmt, a, b);
    if (w > 0)
        *used += (size_t)w;
}

/* Each distinct policy once, with the nodes under it: "at every node:
 * TEXT", or "at dc: TEXT; at r001 and 99 more: TEXT" (nodes in spec
 * order, up to three named, the rest counted), so that a hundred
 * retailers under one rule take one clause. */
/* The most loaded node's caution, with the other nodes that have one:
 * "; caution at shop (and 2 more): its loop holds ...". */
static void append_caution(const network *net, char *buf, size_t len,
                           size_t *used)
{
    size_t worst = net->n, others = 0;
    for (size_t i = 0; i < net->n; i++) {
        if (!net->nodes[i].caution[0])
            continue;
        if (worst == net->n ||
            net->nodes[i].loop_load > net->nodes[worst].loop_load) {
            if (worst != net->n)
                others++;
            worst = i;
        } else {
            others++;
        }
    }
    if (worst == net->n)
        return;
    char where[96];
    if (others)
        snprintf(where, sizeof where, "%s (and %zu more)",
                 net->nodes[worst].spec->name, others);
    else
        snprintf(where, sizeof where, "%s", net->nodes[worst].spec->name);
    const char *text = net->nodes[worst].caution;
    const char *prefix = "caution: ";
    if (strncmp(text, prefix, strlen(prefix)) == 0)
        text += strlen(prefix);
    append(buf, len, used, "; caution at %s: %s", where, text);
}

void network_plan(const network *net, char *buf, size_t len)
{
    size_t used = 0;
    char text[480], other[480], names[160], more[32];
    if (len)
        buf[0] = '\0';
    for (size_t i = 0; i < net->n; i++) {
        node_policy_text(&net->nodes[i], text, sizeof text);
        /* Told already with an earlier node of the same policy? */
        int told = 0;
        for (size_t j = 0; j < i && !told; j++) {
            node_policy_text(&net->nodes[j], other, sizeof other);
            told = strcmp(text, other) == 0;
        }
        if (told)
            continue;
        size_t same = 0, named = 0, at = 0;
        names[0] = '\0';
        for (size_t j = i; j < net->n; j++) {
            if (j != i) {
                node_policy_text(&net->nodes[j], other, sizeof other);
                if (strcmp(text, other) != 0)
                    continue;
            }
            same++;
            if (named < 3 && at < sizeof names) {
                int w = snprintf(names + at, sizeof names - at, "%s%s",
                                 named ? ", " : "", net->nodes[j].spec->name);
                if (w > 0)
                    at += (size_t)w;
                named++;
            }
        }
        if (same == net->n) {
            append(buf, len, &used, "%sat every node: %s", "", text);
            append_caution(net, buf, len, &used);
            return;
        }
        more[0] = '\0';
        if (same > named)
            snprintf(more, sizeof more, " and %zu more", same - named);
        append(buf, len, &used, "%sat %s", used ? "; " : "", names);
        append(buf, len, &used, "%s: %s", more, text);
    }
    append_caution(net, buf, len, &used);
}

/* ---- columns ------------------------------------------------------------- */

static const char *const node_extra[] = {"bullwhip_stage",
                                         "net_stock_amplification"};

/* Node names are unique and under NODE_NAME_MAX (the scenario checks
 * both), so a name cannot be taken or too long: only memory fails. */
int network_columns(const world_spec *spec, metric_columns *cols)
{
    if (metric_columns_base(cols) != 0)
        return -1;
    char name[METRIC_NAME_MAX];
    int rc = 0;
    for (size_t i = 0; i < spec->n_nodes; i++) {
        for (int m = 0; m < METRIC_COUNT; m++) {
            snprintf(name, sizeof name, "%s.%s", spec->nodes[i].name,
                     metric_name((metric)m));
            rc |= metric_columns_add(cols, name, metric_unit((metric)m));
        }
        for (int k = 0; k < 2; k++) {
            snprintf(name, sizeof name, "%s.%s", spec->nodes[i].name,
                     node_extra[k]);
            rc |= metric_columns_add(cols, name, "ratio");
        }
    }
    if (rc) {
        metric_columns_free(cols);
        return -1;
    }
    return 0;
}

static double ratio(double num, double den)
{
    return den > 0.0 ? num / den : NAN;
}

/* Whole buckets inside the window. */
static size_t whole_buckets(const network *net)
{
    double T = net->spec->horizon - net->window_start;
    size_t whole = js_size_clamped(floor(T / net->spec->bullwhip_period +
                                         1e-9),
                                   net->n_buckets);
    return whole > net->n_buckets ? net->n_buckets : whole;
}

size_t network_node_buckets(const network *net, size_t i,
                            const double **orders, const double **net_stock,
                            double *start, double *width)
{
    if (net->board || i >= net->n || !net->end_demand)
        return 0;
    *orders = net->nodes[i].sp.bucket_orders;
    *net_stock = net->nodes[i].net_stock;
    *start = net->window_start;
    *width = net->spec->bullwhip_period;
    return whole_buckets(net);
}

void network__finish(network *net, double *out)
{
    const world_spec *spec = net->spec;
    double *v = out;
    size_t per = METRIC_COUNT + 2, whole = whole_buckets(net);
    double var_end = metrics_bucket_variance(net->end_demand, whole);
    double T = spec->horizon - net->window_start;
    for (int m = 0; m < METRIC_COUNT; m++)
        v[m] = 0.0;
    double filled = 0.0, demanded = 0.0, orders = 0.0, lead_sum = 0.0;
    double lead_n = 0.0, repl_sum = 0.0, repl_n = 0.0, shipped = 0.0;
    double lead_max = NAN, lead_p95 = NAN, ready = NAN, recovery = NAN;
    size_t facing = 0;
    for (size_t i = 0; i < net->n; i++) {
        net_node *node = &net->nodes[i];
        stockpt *sp = &node->sp;
        double row[METRIC_COUNT];
        stockpt_finish(sp, spec->horizon, row);
        double *nv = v + METRIC_COUNT + i * per;
        memcpy(nv, row, METRIC_COUNT * sizeof *nv);
        nv[METRIC_BULLWHIP] =
            ratio(metrics_bucket_variance(sp->bucket_orders, whole), var_end);
        nv[METRIC_COUNT] = row[METRIC_BULLWHIP];
        nv[METRIC_COUNT + 1] =
            ratio(metrics_bucket_variance(node->net_stock, whole), var_end);
        static const metric summed[] = {
            METRIC_HOLDING_COST,  METRIC_PIPELINE_HOLDING_COST,
            METRIC_ORDERING_COST, METRIC_TRANSPORT_COST,
            METRIC_PURCHASE_COST, METRIC_SHORTAGE_COST,
            METRIC_SCRAP_COST,    METRIC_TOTAL_COST,
            METRIC_OPERATING_COST, METRIC_AVG_ON_HAND,
            METRIC_AVG_ON_ORDER,  METRIC_AVG_BACKORDERS,
            METRIC_ORDERS_PLACED, METRIC_CASH_TIED_UP,
            METRIC_SCRAPPED_UNITS, METRIC_REJECTED_UNITS,
            METRIC_ORDERED_VALUE, METRIC_REVENUE,
        };
        for (size_t k = 0; k < sizeof summed / sizeof summed[0]; k++)
            v[summed[k]] += row[summed[k]];
        repl_sum += sp->replenishment_time_sum;
        repl_n += sp->replenishments;
        if (!isnan(row[METRIC_RECOVERY_TIME]))
            recovery = isnan(recovery) || row[METRIC_RECOVERY_TIME] >
                                              recovery
                           ? row[METRIC_RECOVERY_TIME]
                           : recovery;
        if (!node->spec->customers)
            continue;
        /* End customers: the nodes that face them (a node facing both
         * customers and downstream nodes counts both: docs/networks.md). */
        facing++;
        filled += sp->filled_on_arrival;
        demanded += sp->units_demanded;
        orders += sp->customer_orders;
        shipped += sp->units_shipped;
        v[METRIC_STOCKOUT_ORDERS] += sp->stockout_orders;
        v[METRIC_LOST_UNITS] += sp->lost_units;
        size_t count = sample_count(&sp->customer_lead_time);
        if (count > 0) {
            lead_sum += sample_mean(&sp->customer_lead_time) * (double)count;
            lead_n += (double)count;
            double mx = sample_max(&sp->customer_lead_time);
            lead_max = isnan(lead_max) || mx > lead_max ? mx : lead_max;
            lead_p95 = row[METRIC_CUSTOMER_LEAD_TIME_P95];
        }
        ready = row[METRIC_READY_RATE];
    }
    /* The chain's bullwhip: what it orders from outside, per bucket,
     * against end-customer demand. */
    double var_out = NAN;
    if (whole >= 2) {
        double mean = 0.0, m2 = 0.0;
        for (size_t b = 0; b < whole; b++) {
            double x = 0.0;
            for (size_t i = 0; i < net->n; i++)
                if (net->nodes[i].spec->from < 0)
                    x += net->nodes[i].sp.bucket_orders[b];
            double d = x - mean;
            mean += d / (double)(b + 1);
            m2 += d * (x - mean);
        }
        var_out = m2 / (double)(whole - 1);
    }
    v[METRIC_BULLWHIP] = ratio(var_out, var_end);
    v[METRIC_UNITS_DEMANDED] = demanded;
    v[METRIC_CUSTOMER_ORDERS] = orders;
    v[METRIC_FILL_RATE] = ratio(filled, demanded);
    v[METRIC_READY_RATE] = facing == 1 ? ready : NAN;
    v[METRIC_COST_PER_UNIT] = ratio(v[METRIC_TOTAL_COST] * T, demanded);
    v[METRIC_AVG_WIP] = 0.0;
    v[METRIC_AVG_ORDER_SIZE] = NAN;
    v[METRIC_CUSTOMER_LEAD_TIME_MEAN] = ratio(lead_sum, lead_n);
    v[METRIC_CUSTOMER_LEAD_TIME_P95] = facing == 1 ? lead_p95 : NAN;
    v[METRIC_CUSTOMER_LEAD_TIME_MAX] = lead_max;
    v[METRIC_REPLENISHMENT_LEAD_TIME_MEAN] = ratio(repl_sum, repl_n);
    v[METRIC_TURNOVER] = ratio(shipped * spec->time_units_per_year / T,
                               v[METRIC_AVG_ON_HAND]);
    v[METRIC_RECOVERY_TIME] = recovery;
    v[METRIC_PROFIT] = v[METRIC_REVENUE] - v[METRIC_TOTAL_COST];
}
