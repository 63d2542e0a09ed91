/*
 * test_chain_scale.c - supply chains at scale and their outputs: a
 * warehouse with a hundred retailers (every node's columns, exact flows),
 * the bound on the number of nodes, traces that name the node (events.csv
 * and --trace=stdout; a single stock point's events.csv unchanged), and
 * sweeps over a node's keys and a node's policy, sharded and merged.
 *
 * Not here: the model's validation against closed forms (test_network.c),
 * the nodes: section's keys and errors (test_scenario_nodes.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario.h"
#include "models/world.h"
#include "scenario_check.h"

/* ---- helpers ------------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    *len = fread(buf, 1, (size_t)n, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

/* Runs `jitsim ARGS` (the paths quoted by the caller); its exit status. */
static int jitsim(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' %s", JITSIM_EXE, args);
    return system(cmd);
}

static void remove_dir(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* A warehouse supplied by a plant and `retailers` retailers, each with
 * Poisson customers at `rate`; policies appended by the caller. */
static size_t tree_text(char *buf, size_t len, int retailers, double rate)
{
    size_t used = (size_t)snprintf(
        buf, len,
        "name: tree\nhorizon: 60\nwarmup: 0\nreplications: 2\n"
        "item: {holding_cost: 1, backorder_cost: 4}\n"
        "demand: {rate: %g}\n"
        "suppliers:\n  - {name: plant, lead_time: 3}\n"
        "nodes:\n  - {name: warehouse, supplier: plant}\n",
        rate);
    for (int k = 0; k < retailers && used < len; k++)
        used += (size_t)snprintf(buf + used, len - used,
                                 "  - {name: r%03d, from: warehouse, "
                                 "lead_time: 1, customers: true}\n",
                                 k + 1);
    return used;
}

/* ---- a hundred retailers ------------------------------------------------- */

/* One warehouse and 100 retailers: every node's 37 columns in the row
 * (35 + 101 x 37 = 3772), and under one-for-one base stock without order
 * delay the warehouse is asked, unit for unit and at the same instants,
 * for exactly what the retailers' customers take: its units demanded
 * equal the chain's, and the chain's equal the sum over retailers. */
Test(scale, a_warehouse_and_a_hundred_retailers)
{
    static char yaml[64 * 1024];
    size_t used = tree_text(yaml, sizeof yaml, 100, 2.0);
    snprintf(yaml + used, sizeof yaml - used,
             "policies:\n  - name: BS\n    type: base_stock\n    S: 4\n"
             "    nodes: {warehouse: {type: base_stock, S: 700}}\n");
    scenario sc;
    accept(yaml, NULL, 0, &sc);
    cr_assert_eq(sc.worlds[0].n_nodes, 101);
    char err[400];
    world *w = world_create(&sc.worlds[0], err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    /* The row exactly as wide as the chain's columns: the sanitizers
     * catch a write past it. */
    cr_assert_eq(world_row_width(&sc.worlds[0]), 3772);
    metric_columns *cols = malloc(sizeof *cols);
    double *row = malloc(world_row_width(&sc.worlds[0]) * sizeof *row);
    cr_assert(cols && row);
    cr_assert_eq(world_columns(&sc.worlds[0], cols), 0);
    cr_assert_eq(cols->n, METRIC_COUNT + 101 * (METRIC_COUNT + 2));
    cr_assert_eq(cols->n, 3772);
    int last = metric_columns_find(cols, "r100.net_stock_amplification");
    cr_assert_eq(last, 3771);
    cr_assert_eq(metric_columns_find(cols, "warehouse.total_cost"),
                 METRIC_COUNT + METRIC_TOTAL_COST);
    cr_assert_eq(world_run(w, 1, 0, row), 0);
    double retailers = 0.0;
    char name[METRIC_NAME_MAX];
    for (int k = 1; k <= 100; k++) {
        snprintf(name, sizeof name, "r%03d.units_demanded", k);
        int c = metric_columns_find(cols, name);
        cr_assert_geq(c, 0);
        cr_assert_gt(row[c], 60.0, "%s", name); /* about 120 each */
        retailers += row[c];
    }
    int wh = metric_columns_find(cols, "warehouse.units_demanded");
    cr_assert_eq(row[METRIC_UNITS_DEMANDED], retailers);
    cr_assert_eq(row[wh], retailers);
    /* Each retailer orders one for one: its orders placed are its
     * customers' orders (unit demand). */
    int placed = metric_columns_find(cols, "r042.orders_placed");
    int asked = metric_columns_find(cols, "r042.customer_orders");
    cr_assert_eq(row[placed], row[asked]);
    metric_columns_free(cols);
    free(cols);
    free(row);
    world_destroy(w);
    scenario_free(&sc);
}

/* More nodes than a row can hold: refused at the list, with where. */
Test(scale, too_many_nodes_is_a_scenario_error)
{
    (void)parse_documented; /* scenario_check.h's, for other programs */
    static char yaml[64 * 1024];
    size_t used = tree_text(yaml, sizeof yaml, NETWORK_NODES_MAX, 1.0);
    snprintf(yaml + used, sizeof yaml - used,
             "policies:\n  - {name: BS, type: base_stock, S: 4}\n");
    ERRORS(yaml, "t.yaml:10:3: nodes has 129 entries; expected 1 to 128 "
                 "nodes (each adds 37 columns to a row)");
    /* The largest allowed runs its checks. */
    used = tree_text(yaml, sizeof yaml, NETWORK_NODES_MAX - 1, 1.0);
    snprintf(yaml + used, sizeof yaml - used,
             "policies:\n  - {name: BS, type: base_stock, S: 4}\n");
    scenario sc;
    accept(yaml, NULL, 0, &sc);
    cr_assert_eq(sc.worlds[0].n_nodes, NETWORK_NODES_MAX);
    scenario_free(&sc);
}

/* ---- traces ---------------------------------------------------------------- */

#define CHAIN                                                                \
    "name: chain\nhorizon: 30\nreplications: 2\n"                            \
    "item: {holding_cost: 1, backorder_cost: 4}\n"                           \
    "demand: {rate: 2}\n"                                                    \
    "suppliers:\n  - {name: plant, lead_time: 3}\n"                          \
    "nodes:\n  - {name: dc, supplier: plant}\n"                              \
    "  - {name: shop, from: dc, lead_time: 1, order_delay: 0.5}\n"           \
    "policies:\n  - {name: B, type: base_stock, S: 4}\n"

/* events.csv names the node of every event and, for a node supplied by
 * another, that node as its supplier; each order the shop places reaches
 * the dc as an order of the same size exactly 0.5 later. */
Test(trace, a_chains_events_name_the_node)
{
    char dir[] = "/tmp/jitsim_chain_traceXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[600], args[1400];
    snprintf(path, sizeof path, "%s/c.yaml", dir);
    write_file(path, CHAIN);
    snprintf(args, sizeof args, "run '%s' --trace -o '%s/out' -q", path,
             dir);
    cr_assert_eq(jitsim(args), 0);
    snprintf(path, sizeof path, "%s/out/events.csv", dir);
    size_t n;
    char *text = slurp(path, &n);
    const char *header = "policy,replication,t,node,event,quantity,supplier,"
                         "on_hand,backorders,on_order\n";
    cr_assert_eq(strncmp(text, header, strlen(header)), 0, "%.100s", text);
    /* Every shop order: its time; every order reaching the dc. */
    double shop_orders[512], dc_arrivals[512];
    size_t n_orders = 0, n_arrivals = 0, shop_rows = 0, dc_rows = 0;
    char *save = NULL;
    for (char *line = strtok_r(text + strlen(header), "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        double t, q;
        char node[32], event[32], rest[128];
        cr_assert_eq(sscanf(line, "\"B\",0,%lf,\"%31[^\"]\",%31[^,],%lf,%127s",
                            &t, node, event, &q, rest),
                     5, "%s", line);
        int shop = strcmp(node, "shop") == 0;
        cr_assert(shop || strcmp(node, "dc") == 0, "%s", line);
        shop_rows += shop;
        dc_rows += !shop;
        if (strcmp(event, "order_placed") == 0) {
            /* The shop buys from the dc, the dc from the plant. */
            cr_assert_eq(strncmp(rest, shop ? "\"dc\"," : "\"plant\",",
                                 shop ? 5 : 8),
                         0, "%s", line);
            if (shop && n_orders < 512)
                shop_orders[n_orders++] = t;
        }
        if (!shop && strcmp(event, "customer_order") == 0 &&
            n_arrivals < 512)
            dc_arrivals[n_arrivals++] = t;
    }
    cr_assert_gt(shop_rows, 50);
    cr_assert_gt(dc_rows, 50);
    /* Orders placed before 29.5 arrive before the horizon, in order. */
    size_t k = 0;
    for (size_t i = 0; i < n_orders && shop_orders[i] + 0.5 < 30.0; i++, k++) {
        cr_assert_lt(k, n_arrivals);
        /* events.csv prints 10 significant digits: within 1e-8 at t < 30. */
        cr_assert_float_eq(dc_arrivals[k], shop_orders[i] + 0.5, 1e-8);
    }
    cr_assert_eq(k, n_arrivals);
    free(text);
    remove_dir(dir);
}

/* --trace=stdout says which node did what. */
Test(trace, narration_names_the_node)
{
    char dir[] = "/tmp/jitsim_chain_narrXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[600], args[1400];
    snprintf(path, sizeof path, "%s/c.yaml", dir);
    write_file(path, CHAIN);
    snprintf(args, sizeof args, "run '%s' --trace=stdout > '%s/told.txt'",
             path, dir);
    cr_assert_eq(jitsim(args), 0);
    snprintf(path, sizeof path, "%s/told.txt", dir);
    size_t n;
    char *text = slurp(path, &n);
    static const char *const said[] = {
        ": shop: customer order for 1; ",
        ": shop: order of 1 placed with dc (",
        ": dc: order for 1 arrives from downstream; ",
        ": dc: order of 1 placed with plant (",
        ": shop: shipment of 1 leaves dc\n",
        ": shop: 1 received from dc",
    };
    for (size_t i = 0; i < sizeof said / sizeof *said; i++)
        cr_assert_not_null(strstr(text, said[i]), "no '%s'", said[i]);
    free(text);
    remove_dir(dir);
}

/* A single stock point's events.csv keeps its columns, and a one-node
 * nodes: list (the single stock point) writes the same file, byte for
 * byte. */
Test(trace, a_single_stock_points_events_are_unchanged)
{
#define ONE_HEAD                                                             \
    "name: one\nhorizon: 40\nreplications: 2\n"                              \
    "item: {holding_cost: 1, backorder_cost: 4}\n"                           \
    "demand: {rate: 2}\n"                                                    \
    "suppliers:\n  - {name: plant, lead_time: 3}\n"
    char dir[] = "/tmp/jitsim_one_traceXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[600], args[1400];
    snprintf(path, sizeof path, "%s/plain.yaml", dir);
    write_file(path, ONE_HEAD "policies:\n  - {name: K, type: kanban, "
                              "cards: 8}\n");
    snprintf(args, sizeof args, "run '%s' --trace -o '%s/plain' -q", path,
             dir);
    cr_assert_eq(jitsim(args), 0);
    snprintf(path, sizeof path, "%s/node.yaml", dir);
    write_file(path, ONE_HEAD "nodes:\n  - {name: shop, supplier: plant}\n"
                              "policies:\n  - {name: K, type: kanban, "
                              "cards: 8}\n");
    snprintf(args, sizeof args, "run '%s' --trace -o '%s/node' -q", path,
             dir);
    cr_assert_eq(jitsim(args), 0);
    size_t na, nb;
    snprintf(path, sizeof path, "%s/plain/events.csv", dir);
    char *a = slurp(path, &na);
    snprintf(path, sizeof path, "%s/node/events.csv", dir);
    char *b = slurp(path, &nb);
    const char *header = "policy,replication,t,event,quantity,supplier,"
                         "on_hand,backorders,on_order\n";
    cr_assert_eq(strncmp(a, header, strlen(header)), 0);
    cr_assert_gt(na, 1000);
    cr_assert_eq(na, nb);
    cr_assert_eq(memcmp(a, b, na), 0);
    free(a);
    free(b);
    remove_dir(dir);
}

/* ---- sweeps ---------------------------------------------------------------- */

#define SWEPT                                                                \
    "name: chain sweep\nhorizon: 200\nwarmup: 10\nreplications: 3\n"         \
    "item: {holding_cost: 1, backorder_cost: 4}\n"                           \
    "demand: {rate: 2}\n"                                                    \
    "suppliers:\n  - {name: plant, lead_time: 3}\n"                          \
    "nodes:\n  - {name: dc, supplier: plant}\n"                              \
    "  - {name: retailer, from: dc, lead_time: 1, order_delay: 0.5}\n"       \
    "policies:\n  - {name: B, type: base_stock, S: 6}\n"                     \
    "  - name: Chain\n    type: kanban\n    cards: 6\n"                      \
    "    nodes: {dc: {type: kanban, cards: 8}}\n"                            \
    "sweep:\n  nodes.retailer.lead_time: [1, 2]\n"                           \
    "  policies.Chain.nodes.dc.cards: [6, 10]\n"

/* The mean of `metric` for `policy` at `point` in a sweep's summary.csv. */
static double swept(const char *summary, int point, const char *policy,
                    const char *column)
{
    char key[200];
    snprintf(key, sizeof key, "\n%d,\"%s\",\"%s\",", point, policy, column);
    const char *at = strstr(summary, key);
    cr_assert_not_null(at, "no %s", key + 1);
    return strtod(at + strlen(key), NULL);
}

/* A node's link and a node's policy are sweep axes; sharded and merged,
 * the files are those of one process. */
Test(sweep, a_nodes_keys_are_axes_and_shards_merge)
{
    char dir[] = "/tmp/jitsim_chain_sweepXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[600], args[2000];
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    write_file(path, SWEPT);
    snprintf(args, sizeof args, "sweep '%s' -o '%s/whole' -q -j 1", path,
             dir);
    cr_assert_eq(jitsim(args), 0);
    for (int k = 1; k <= 2; k++) {
        snprintf(args, sizeof args,
                 "sweep '%s' -o '%s/part%d' --shard %d/2 -q -j 1", path, dir,
                 k, k);
        cr_assert_eq(jitsim(args), 0, "%s", args);
    }
    snprintf(args, sizeof args,
             "merge -o '%s/merged' '%s/part1' '%s/part2' > /dev/null", dir,
             dir, dir);
    cr_assert_eq(jitsim(args), 0);
    size_t n, m;
    snprintf(path, sizeof path, "%s/whole/summary.csv", dir);
    char *whole = slurp(path, &n);
    snprintf(path, sizeof path, "%s/merged/summary.csv", dir);
    char *merged = slurp(path, &m);
    cr_assert_eq(n, m);
    cr_assert_eq(memcmp(whole, merged, n), 0);
    /* Points: 0 (lead 1, cards 6), 1 (1, 10), 2 (2, 6), 3 (2, 10). The
     * retailer waits at least the order delay and the shipping. */
    const char *lead = "retailer.replenishment_lead_time_mean";
    cr_assert_geq(swept(whole, 0, "B", lead), 1.5);
    cr_assert_geq(swept(whole, 2, "B", lead), 2.5);
    /* The cards axis is Chain's alone: B's rows do not move with it;
     * more cards at the dc hold more stock there. */
    cr_assert_eq(swept(whole, 0, "B", "total_cost"),
                 swept(whole, 1, "B", "total_cost"));
    cr_assert_gt(swept(whole, 1, "Chain", "dc.avg_on_hand"),
                 swept(whole, 0, "Chain", "dc.avg_on_hand"));
    free(whole);
    free(merged);
    remove_dir(dir);
}

/* ---- nodes.csv ------------------------------------------------------------- */

#define FOUR                                                                 \
    "name: four\nhorizon: 120\nwarmup: 20\nreplications: 4\n"              \
    "item: {holding_cost: 1, backorder_cost: 4}\n"                           \
    "demand: {rate: 5}\n"                                                    \
    "suppliers:\n  - {name: plant, lead_time: 2}\n"                          \
    "nodes:\n  - {name: factory, supplier: plant}\n"                         \
    "  - {name: distributor, from: factory, lead_time: 2, order_delay: 1}\n" \
    "  - {name: wholesaler, from: distributor, lead_time: 2, "               \
    "order_delay: 1}\n"                                                      \
    "  - {name: retailer, from: wholesaler, lead_time: 2, order_delay: 1, "  \
    "customers: true}\n"                                                     \
    "policies:\n  - {name: BS, type: base_stock}\n"                         \
    "  - {name: sS, type: sS, s: 15, S: 40}\n"

/* The value of column `column` in replications.csv's row of policy BS,
 * replication 0. */
static double rep0(const char *csv, const char *column)
{
    const char *eol = strchr(csv, '\n');
    int at = -1, k = 0;
    char name[80];
    for (const char *p = csv; p < eol; k++) {
        size_t n = strcspn(p, ",\n");
        snprintf(name, sizeof name, "%.*s", (int)n, p);
        if (strcmp(name, column) == 0)
            at = k;
        p += n + 1;
    }
    cr_assert_geq(at, 0, "no column %s", column);
    const char *row = strstr(csv, "\n,\"BS\",0,");
    cr_assert_not_null(row);
    row++;
    for (int j = 0; j < at; j++)
        row = strchr(row, ',') + 1;
    return strtod(row, NULL);
}

/* With the time series a chain writes nodes.csv: every node's 100 daily
 * buckets of the window [20, 120); under one-for-one base stock each
 * order is one unit, so a node's orders summed over the buckets are its
 * orders_placed in replication 0. The rows are the same with one thread
 * or two: the net stock of the bucket that ends at the horizon is the
 * replication's own. */
Test(nodes_csv, every_nodes_buckets_add_up_to_its_orders)
{
    char dir[] = "/tmp/jitsim_nodes_csvXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[600], args[1400];
    snprintf(path, sizeof path, "%s/f.yaml", dir);
    write_file(path, FOUR);
    for (int j = 1; j <= 2; j++) {
        snprintf(args, sizeof args,
                 "run '%s' --timeseries -o '%s/j%d' -q -j %d", path, dir, j,
                 j);
        cr_assert_eq(jitsim(args), 0);
    }
    size_t n, m;
    snprintf(path, sizeof path, "%s/j1/nodes.csv", dir);
    char *nodes = slurp(path, &n);
    snprintf(path, sizeof path, "%s/j1/replications.csv", dir);
    char *reps = slurp(path, &m);
    const char *header = "policy,node,t,orders,net_stock\n";
    cr_assert_eq(strncmp(nodes, header, strlen(header)), 0);
    static const char *const names[] = {"factory", "distributor",
                                        "wholesaler", "retailer"};
    for (size_t k = 0; k < 4; k++) {
        char key[64], column[80];
        snprintf(key, sizeof key, "\n\"BS\",\"%s\",", names[k]);
        double sum = 0.0, t = 0.0, last_t = 20.0;
        int buckets = 0;
        for (const char *p = strstr(nodes, key); p; p = strstr(p + 1, key)) {
            double orders, net;
            cr_assert_eq(sscanf(p + strlen(key), "%lf,%lf,%lf", &t, &orders,
                                &net),
                         3);
            cr_assert_eq(t, last_t + 1.0);
            last_t = t;
            sum += orders;
            buckets++;
        }
        cr_assert_eq(buckets, 100, "%s: %d buckets", names[k], buckets);
        snprintf(column, sizeof column, "%s.orders_placed", names[k]);
        cr_assert_eq(sum, rep0(reps, column), "%s", names[k]);
    }
    for (int f = 0; f < 2; f++) {
        const char *file = f ? "replications.csv" : "nodes.csv";
        size_t a_n, b_n;
        snprintf(path, sizeof path, "%s/j1/%s", dir, file);
        char *a = slurp(path, &a_n);
        snprintf(path, sizeof path, "%s/j2/%s", dir, file);
        char *b = slurp(path, &b_n);
        cr_assert_eq(a_n, b_n, "%s", file);
        cr_assert_eq(memcmp(a, b, a_n), 0, "%s differs with -j 2", file);
        free(a);
        free(b);
    }
    free(nodes);
    free(reps);
    remove_dir(dir);
}

/* The report's chain charts hold the CSV files' cells verbatim: the
 * retailer's orders of policy sS bucket by bucket, and each node's total
 * cost with its interval. */
Test(nodes_csv, the_chain_charts_hold_the_csv_cells)
{
    char dir[] = "/tmp/jitsim_chain_chartsXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[600], args[1400];
    snprintf(path, sizeof path, "%s/f.yaml", dir);
    write_file(path, FOUR);
    /* Scripts and data only: no gnuplot on the PATH. */
    snprintf(args, sizeof args, "run '%s' --report -o '%s/out' -q", path,
             dir);
    char cmd[2000];
    snprintf(cmd, sizeof cmd, "env PATH=/nonexistent '%s' %s 2>/dev/null",
             JITSIM_EXE, args);
    cr_assert_eq(system(cmd), 0);
    size_t n;
    snprintf(path, sizeof path, "%s/out/nodes.csv", dir);
    char *nodes = slurp(path, &n);
    snprintf(path, sizeof path, "%s/out/charts/node_orders_sS.dat", dir);
    char *dat = slurp(path, &n);
    /* Block 3 (the retailer): "t orders" for each of its rows. */
    const char *block = strstr(dat, "# node: retailer\n");
    cr_assert_not_null(block);
    block += strlen("# node: retailer\n");
    size_t rows = 0;
    for (const char *p = strstr(nodes, "\n\"sS\",\"retailer\","); p;
         p = strstr(p + 1, "\n\"sS\",\"retailer\",")) {
        const char *cells = p + strlen("\n\"sS\",\"retailer\",");
        size_t t_len = strcspn(cells, ",");
        const char *orders = cells + t_len + 1;
        size_t o_len = strcspn(orders, ",");
        char want[80];
        snprintf(want, sizeof want, "%.*s %.*s\n", (int)t_len, cells,
                 (int)o_len, orders);
        cr_assert_eq(strncmp(block, want, strlen(want)), 0, "%s", want);
        block += strlen(want);
        rows++;
    }
    cr_assert_eq(rows, 100);
    free(dat);
    free(nodes);
    snprintf(path, sizeof path, "%s/out/summary.csv", dir);
    char *summary = slurp(path, &n);
    snprintf(path, sizeof path, "%s/out/charts/node_costs.dat", dir);
    dat = slurp(path, &n);
    const char *bs = strstr(dat, "# policy: BS\n");
    cr_assert_not_null(bs);
    static const char *const names[] = {"factory", "distributor",
                                        "wholesaler", "retailer"};
    for (size_t k = 0; k < 4; k++) {
        char key[80];
        snprintf(key, sizeof key, ",\"BS\",\"%s.total_cost\",", names[k]);
        const char *row = strstr(summary, key);
        cr_assert_not_null(row, "%s", key);
        /* mean, sd, ci_low, ci_high */
        const char *mean = row + strlen(key);
        const char *sd = strchr(mean, ',') + 1;
        const char *low = strchr(sd, ',') + 1;
        const char *high = strchr(low, ',') + 1;
        char want[200];
        snprintf(want, sizeof want, "\n%zu %.*s %.*s %.*s\n", k,
                 (int)strcspn(mean, ","), mean, (int)strcspn(low, ","), low,
                 (int)strcspn(high, ","), high);
        cr_assert_not_null(strstr(bs, want), "%s", want);
    }
    free(dat);
    free(summary);
    remove_dir(dir);
}
