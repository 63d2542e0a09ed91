/*
 * test_rows.c - the rows of a run are as wide as the scenario's columns
 * (models/metrics.h, analysis/run.h), and metric_columns grows on the
 * heap: its error paths, freeing and adding again.
 *
 * The widths are counted by hand from the enums: METRIC_COUNT 35 metrics;
 * a line adds LINE_METRIC_COUNT 7, STAGE_METRIC_COUNT 14 a stage and, with
 * two products or more, PRODUCT_METRIC_COUNT 10 a product; a chain adds
 * METRIC_COUNT + 2 = 37 a node. Rows allocated to exactly these widths let
 * the sanitizer build (scripts/setup.sh --sanitize) catch a model writing
 * past its row. Not the values in the rows: the model tests check those.
 */
#include <criterion/criterion.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/run.h"
#include "analysis/scenario.h"
#include "models/beer_game.h"
#include "models/line.h"
#include "models/metrics.h"
#include "models/network.h"
#include "models/world.h"

#define SCENARIO(file) JITSIM_SOURCE_DIR "/scenarios/" file

static void load(const char *path, const char *const *sets, size_t n_sets,
                 scenario *sc)
{
    scenario_errors errors;
    scenario_errors_init(&errors);
    int rc = scenario_load(path, sets, n_sets, sc, &errors);
    cr_assert_eq(rc, 0, "%s: %s", path, errors.n ? errors.lines[0] : "");
    scenario_errors_free(&errors);
}

static void parse(const char *yaml, scenario *sc)
{
    scenario_errors errors;
    scenario_errors_init(&errors);
    int rc = scenario_parse(yaml, strlen(yaml), "t.yaml", NULL, 0, sc,
                            &errors);
    cr_assert_eq(rc, 0, "%s", errors.n ? errors.lines[0] : "");
    scenario_errors_free(&errors);
}

static void run(const scenario *sc, uint64_t reps, run_result *r)
{
    run_config cfg = {.jobs = 2, .replications = reps};
    char err[300];
    cr_assert_eq(run_execute(sc, &cfg, r, err, sizeof err), 0, "%s", err);
}

/* The rows of r: one block of n_policies x n_reps rows of `width`
 * doubles, each row where run_row says, and the block no larger than
 * that (plus the one double that keeps an empty run's block non-NULL,
 * and what the allocator rounds up: a large block to a 4 KB page; under
 * the sanitizers exactly). */
static void check_rows(const run_result *r, size_t width)
{
    cr_assert_eq(r->columns.n, width);
    size_t n = r->n_policies * (size_t)r->n_reps;
    for (size_t p = 0; p < r->n_policies; p++)
        for (uint64_t k = 0; k < r->n_reps; k++)
            cr_assert_eq(run_row(r, p, k),
                         r->rows + (p * r->n_reps + k) * width);
    size_t need = n * width * sizeof(double);
    size_t usable = malloc_usable_size(r->rows);
    cr_assert_geq(usable, need);
    cr_assert_lt(usable, need + 4096 + 64, "%zu bytes for %zu", usable,
                 need);
}

/* ---- a stock point --------------------------------------------------------- */

/* Ten policies x 1,000 replications of one stock point: 10,000 rows of 35
 * doubles, 2.8 MB (it was 10,000 x 4,800 doubles, 384 MB). */
Test(rows, a_stock_point_row_is_metric_count_wide)
{
    static char yaml[4096];
    size_t used = (size_t)snprintf(
        yaml, sizeof yaml,
        "name: ten\nhorizon: 20\nwarmup: 0\nreplications: 1000\n"
        "item: {holding_cost: 1, backorder_cost: 4}\n"
        "demand: {rate: 5}\n"
        "suppliers:\n  - {name: plant, lead_time: 1}\n"
        "policies:\n");
    for (int k = 1; k <= 10; k++)
        used += (size_t)snprintf(yaml + used, sizeof yaml - used,
                                 "  - {name: S%d, type: base_stock, S: %d}\n",
                                 k, k);
    scenario sc;
    parse(yaml, &sc);
    cr_assert_eq(sc.n_policies, 10);
    cr_assert_eq(world_row_width(&sc.worlds[0]), METRIC_COUNT);
    cr_assert_eq(METRIC_COUNT, 35);
    run_result r;
    run(&sc, 0, &r);
    cr_assert_eq(r.n_reps, 1000);
    check_rows(&r, METRIC_COUNT);
    cr_assert_lt(malloc_usable_size(r.rows),
                 10 * 1000 * METRIC_COUNT * sizeof(double) + 4096 + 64);
    /* Each row holds its own replication: more stock, fewer backorders,
     * replication by replication (common random numbers). */
    for (uint64_t k = 0; k < r.n_reps; k++)
        cr_assert_geq(run_row(&r, 0, k)[METRIC_AVG_BACKORDERS],
                      run_row(&r, 9, k)[METRIC_AVG_BACKORDERS]);
    run_result_free(&r);
    cr_assert_eq(r.rows, NULL);
    cr_assert_eq(r.columns.n, 0);
    scenario_free(&sc);
}

/* world_run writes the METRIC_COUNT columns of a stock point into a row
 * of exactly that many, the same numbers as the run's row. */
Test(rows, world_run_fills_a_row_of_its_width)
{
    scenario sc;
    static const char *const sets[] = {"replications=3", "horizon=60"};
    load(SCENARIO("flagship.yaml"), sets, 2, &sc);
    run_result r;
    run(&sc, 0, &r);
    check_rows(&r, METRIC_COUNT);
    for (size_t p = 0; p < sc.n_policies; p++) {
        world_spec spec = sc.worlds[p];
        spec.warmup = r.warmup;
        char err[300];
        world *w = world_create(&spec, err, sizeof err);
        cr_assert_not_null(w, "%s", err);
        double *row = malloc(world_row_width(&spec) * sizeof *row);
        cr_assert_not_null(row);
        cr_assert_eq(world_run(w, r.seed, 2, row), 0);
        cr_assert_eq(memcmp(row, run_row(&r, p, 2),
                            METRIC_COUNT * sizeof *row),
                     0);
        free(row);
        world_destroy(w);
    }
    run_result_free(&r);
    scenario_free(&sc);
}

/* ---- lines ------------------------------------------------------------------- */

/* Two stages, three products: 35 + 7 + 2 x 14 + 3 x 10 = 100 columns. */
Test(rows, a_line_with_products_has_its_own_columns)
{
    scenario sc;
    static const char *const sets[] = {"replications=2", "horizon=40",
                                       "warmup=5"};
    load(SCENARIO("line-heijunka.yaml"), sets, 3, &sc);
    cr_assert_eq(sc.worlds[0].line.n_stages, 2);
    cr_assert_eq(sc.worlds[0].line.n_products, 3);
    cr_assert_eq(line_row_width(&sc.worlds[0].line), 100);
    cr_assert_eq(world_row_width(&sc.worlds[0]), 100);
    metric_columns cols;
    cr_assert_eq(world_columns(&sc.worlds[0], &cols), 0);
    cr_assert_eq(cols.n, 100);
    cr_assert_eq(metric_columns_find(&cols, "C.total_cost"), 99);
    cr_assert_eq(metric_columns_find(&cols, "assemble.reworked"),
                 (int)line_column_stage(1, STAGE_REWORKED));
    metric_columns_free(&cols);
    run_result r;
    run(&sc, 0, &r);
    check_rows(&r, 100);
    /* The last product's last column is written (a row's every column). */
    cr_assert_gt(run_row(&r, 1, 1)[99], 0.0);
    run_result_free(&r);
    scenario_free(&sc);
}

/* Four stages, one product (no product columns): 35 + 7 + 4 x 14 = 98. */
Test(rows, a_line_of_one_product_has_no_product_columns)
{
    scenario sc;
    static const char *const sets[] = {"replications=2", "horizon=30",
                                       "warmup=5"};
    load(SCENARIO("line-kanban-vs-mrp.yaml"), sets, 3, &sc);
    cr_assert_eq(sc.worlds[0].line.n_stages, 4);
    cr_assert_eq(world_row_width(&sc.worlds[0]), 98);
    run_result r;
    run(&sc, 0, &r);
    check_rows(&r, 98);
    cr_assert_eq(strcmp(r.columns.name[97], "assemble.reworked"), 0);
    run_result_free(&r);
    scenario_free(&sc);
}

/* ---- chains ------------------------------------------------------------------ */

/* A warehouse and 100 retailers: 35 + 101 x 37 = 3772 columns, 30 KB a
 * row (it was 38 KB for any scenario). */
Test(rows, a_101_node_chain_has_37_columns_a_node)
{
    static char yaml[64 * 1024];
    size_t used = (size_t)snprintf(
        yaml, sizeof yaml,
        "name: tree\nhorizon: 30\nwarmup: 0\nreplications: 2\n"
        "item: {holding_cost: 1, backorder_cost: 4}\n"
        "demand: {rate: 1}\n"
        "suppliers:\n  - {name: plant, lead_time: 3}\n"
        "nodes:\n  - {name: warehouse, supplier: plant}\n");
    for (int k = 1; k <= 100; k++)
        used += (size_t)snprintf(yaml + used, sizeof yaml - used,
                                 "  - {name: r%03d, from: warehouse, "
                                 "lead_time: 1, customers: true}\n",
                                 k);
    snprintf(yaml + used, sizeof yaml - used,
             "policies:\n  - {name: BS, type: base_stock, S: 3}\n"
             "  - {name: BS2, type: base_stock, S: 5}\n");
    scenario sc;
    parse(yaml, &sc);
    cr_assert_eq(sc.worlds[0].n_nodes, 101);
    cr_assert_eq(NETWORK_ROW_WIDTH(101), 3772);
    cr_assert_eq(world_row_width(&sc.worlds[0]), 3772);
    run_result r;
    run(&sc, 0, &r);
    check_rows(&r, 3772);
    int last = run_column(&r, "r100.net_stock_amplification");
    cr_assert_eq(last, 3771);
    /* The widest chain still fits the report's columns. */
    cr_assert_eq(NETWORK_ROW_WIDTH(NETWORK_NODES_MAX), 4771);
    run_result_free(&r);
    scenario_free(&sc);
}

/* The beer game's board runs into a row of its four nodes' width. */
Test(rows, the_board_fills_a_row_of_four_nodes)
{
    world_spec w;
    cr_assert_eq(beer_game_spec(&w, BEER_BENCHMARK), 0);
    cr_assert_eq(w.n_nodes, BEER_ROLES);
    cr_assert_eq(world_row_width(&w), 35 + 4 * 37);
    double *row = malloc(world_row_width(&w) * sizeof *row);
    cr_assert_not_null(row);
    cr_assert_eq(network_board_run(&w, 1, 0, row, NULL, 0, NULL, NULL), 0);
    metric_columns cols;
    cr_assert_eq(world_columns(&w, &cols), 0);
    cr_assert_eq(cols.n, world_row_width(&w));
    metric_columns_free(&cols);
    free(row);
    world_spec_free(&w);
}

/* ---- metric_columns ------------------------------------------------------ */

Test(columns, base_is_the_enum_in_order)
{
    metric_columns c;
    cr_assert_eq(metric_columns_base(&c), 0);
    cr_assert_eq(c.n, METRIC_COUNT);
    cr_assert_geq(c.cap, c.n);
    for (int m = 0; m < METRIC_COUNT; m++) {
        cr_assert_str_eq(c.name[m], metric_name((metric)m));
        cr_assert_str_eq(c.unit[m], metric_unit((metric)m));
        cr_assert_eq(metric_columns_find(&c, metric_name((metric)m)), m);
    }
    cr_assert_eq(metric_columns_find(&c, "nothing"), -1);
    metric_columns_free(&c);
}

Test(columns, a_name_too_long_or_taken_is_refused_and_changes_nothing)
{
    metric_columns c;
    cr_assert_eq(metric_columns_base(&c), 0);
    char name[METRIC_NAME_MAX + 1];
    memset(name, 'x', METRIC_NAME_MAX);
    name[METRIC_NAME_MAX] = '\0'; /* 72 characters: one too many */
    cr_assert_eq(metric_columns_add(&c, name, "units"), -1);
    cr_assert_eq(c.n, METRIC_COUNT);
    name[METRIC_NAME_MAX - 1] = '\0'; /* 71: the longest */
    cr_assert_eq(metric_columns_add(&c, name, "units"), 0);
    cr_assert_eq(c.n, METRIC_COUNT + 1);
    cr_assert_str_eq(c.name[METRIC_COUNT], name);
    /* Taken: a metric's name, and the one just added. */
    cr_assert_eq(metric_columns_add(&c, "total_cost", "units"), -1);
    cr_assert_eq(metric_columns_add(&c, name, "time"), -1);
    cr_assert_eq(c.n, METRIC_COUNT + 1);
    cr_assert_str_eq(c.unit[METRIC_COUNT], "units");
    metric_columns_free(&c);
}

Test(columns, free_leaves_it_empty_and_adding_again_works)
{
    metric_columns c;
    cr_assert_eq(metric_columns_base(&c), 0);
    metric_columns_free(&c);
    cr_assert_eq(c.n, 0);
    cr_assert_eq(c.cap, 0);
    cr_assert_null(c.name);
    cr_assert_null(c.unit);
    cr_assert_eq(metric_columns_find(&c, "total_cost"), -1);
    metric_columns_free(&c); /* twice: nothing to free */
    cr_assert_eq(metric_columns_add(&c, "cut.wip", "units"), 0);
    cr_assert_eq(c.n, 1);
    cr_assert_eq(metric_columns_find(&c, "cut.wip"), 0);
    cr_assert_str_eq(c.unit[0], "units");
    metric_columns_free(&c);
    /* An empty one made with {0} is the same as a freed one. */
    metric_columns e = {0};
    cr_assert_eq(metric_columns_add(&e, "a", "units"), 0);
    metric_columns_free(&e);
    cr_assert_eq(metric_columns_base(&c), 0);
    cr_assert_eq(c.n, METRIC_COUNT);
    metric_columns_free(&c);
}

/* No cap: past the old fixed 4,800, every name kept and found. */
Test(columns, grows_past_the_old_cap)
{
    metric_columns c;
    cr_assert_eq(metric_columns_base(&c), 0);
    char name[32];
    for (int k = 0; k < 5000; k++) {
        snprintf(name, sizeof name, "n%04d.x", k);
        cr_assert_eq(metric_columns_add(&c, name, "ratio"), 0);
    }
    cr_assert_eq(c.n, METRIC_COUNT + 5000);
    cr_assert_eq(metric_columns_find(&c, "n4999.x"), METRIC_COUNT + 4999);
    cr_assert_eq(metric_columns_find(&c, "n0000.x"), METRIC_COUNT);
    cr_assert_str_eq(c.name[METRIC_TOTAL_COST], "total_cost");
    metric_columns_free(&c);
}
