/*
 * test_optimize.c - `jitsim optimize`: on a (Q, r) world with a fill-rate
 * constraint it finds a setting within 1% of the cost of a 40 x 40 grid's
 * optimum, run on the same replications, with at most 5% of the grid's
 * runs; the scenario it writes reruns to the same numbers; its output is
 * the same for any thread count; every error of its command line; and
 * the writing of values into a scenario's text (scenario_rewrite).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/optimize.h"
#include "analysis/run.h"
#include "analysis/scenario.h"
#include "program.h"

/* Poisson demand of 5 a day, a constant lead time of 4 days, an order
 * cost, holding and backorder costs: the (Q, r) model's world. The
 * unconstrained optimum serves under 95% from stock, so the fill-rate
 * constraint binds and the best settings lie along its boundary, a
 * diagonal valley of the lattice (a lower r needs a larger Q). */
static const char qr_yaml[] =
    "name: qr\n"
    "horizon: 220\n"
    "warmup: 20\n"
    "replications: 8\n"
    "seed: 3\n"
    "item: {unit_cost: 10, holding_cost: 1, backorder_cost: 2}\n"
    "demand: {arrivals: poisson, rate: 5}\n"
    "suppliers:\n"
    "  - {name: s, lead_time: 4, order_cost: 40}\n"
    "policies:\n"
    "  - {name: EOQ, type: eoq, Q: auto, r: auto}\n";

#define SIDE 40 /* Q and r in 1..40 */

static sweep_axis axis(const char *path, const char *spec)
{
    sweep_axis a;
    char err[300];
    memset(&a, 0, sizeof a);
    snprintf(a.path, sizeof a.path, "%s", path);
    cr_assert_eq(sweep_parse_values(spec, &a, err, sizeof err), 0, "%s",
                 err);
    return a;
}

static void config(optimize_config *cfg, sweep_axis *axes,
                   sweep_constraint *fill)
{
    char err[300];
    axes[0] = axis("policies.EOQ.Q", "1:40:1");
    axes[1] = axis("policies.EOQ.r", "1:40:1");
    cr_assert_eq(sweep_parse_constraint("fill_rate>=0.95", NULL, fill, err,
                                        sizeof err),
                 0);
    memset(cfg, 0, sizeof *cfg);
    cfg->text = qr_yaml;
    cfg->len = strlen(qr_yaml);
    cfg->source = "qr.yaml";
    cfg->policy = "EOQ";
    cfg->n_axes = 2;
    cfg->axes = axes;
    cfg->objective = "operating_cost";
    cfg->n_constraints = 1;
    cfg->constraints = fill;
    cfg->jobs = 2;
}

typedef struct cell {
    double cost, fill, holding;
} cell;

/* The whole grid, each point run as `jitsim run --set ...` would (parse
 * with overrides, run_execute): the same seed and replications as the
 * search. */
static void run_grid(cell grid[SIDE][SIDE])
{
    for (int q = 1; q <= SIDE; q++)
        for (int r = 1; r <= SIDE; r++) {
            char a[64], b[64];
            snprintf(a, sizeof a, "policies.EOQ.Q=%d", q);
            snprintf(b, sizeof b, "policies.EOQ.r=%d", r);
            const char *over[] = {a, b};
            scenario sc;
            scenario_errors errors;
            scenario_errors_init(&errors);
            cr_assert_eq(scenario_parse(qr_yaml, strlen(qr_yaml), "qr.yaml",
                                        over, 2, &sc, &errors),
                         0);
            run_config rc = {0};
            rc.jobs = 1;
            run_result res;
            char err[300];
            cr_assert_eq(run_execute(&sc, &rc, &res, err, sizeof err), 0,
                         "%s", err);
            grid[q - 1][r - 1].cost =
                run_summary(&res, 0, (size_t)run_column(&res,
                                                        "operating_cost"))
                    ->mean;
            grid[q - 1][r - 1].fill =
                run_summary(&res, 0, (size_t)run_column(&res, "fill_rate"))
                    ->mean;
            grid[q - 1][r - 1].holding =
                run_summary(&res, 0,
                            (size_t)run_column(&res, "holding_cost"))
                    ->mean;
            run_result_free(&res);
            scenario_free(&sc);
        }
}

Test(optimize, within_one_percent_of_the_grid_optimum_with_few_runs)
{
    static cell grid[SIDE][SIDE];
    run_grid(grid);
    double best = INFINITY;
    int bq = 0, br = 0;
    for (int q = 0; q < SIDE; q++)
        for (int r = 0; r < SIDE; r++)
            if (grid[q][r].fill >= 0.95 && grid[q][r].cost < best) {
                best = grid[q][r].cost;
                bq = q + 1;
                br = r + 1;
            }
    cr_assert(isfinite(best));

    optimize_config cfg;
    sweep_axis axes[2];
    sweep_constraint fill;
    config(&cfg, axes, &fill);
    optimize_result res;
    scenario_errors errors;
    scenario_errors_init(&errors);
    char err[400];
    cr_assert_eq(optimize_run(&cfg, &res, &errors, err, sizeof err), 0, "%s",
                 err);
    cr_assert(res.found);
    int q = (int)res.best.values[0], r = (int)res.best.values[1];
    const cell *at = &grid[q - 1][r - 1];
    /* Common random numbers: the search's numbers for its setting are the
     * grid's for that point, to the last bit. */
    cr_assert_eq(res.best.objective.mean, at->cost, "%.17g vs %.17g",
                 res.best.objective.mean, at->cost);
    cr_assert_eq(res.best.constraint[0].mean, at->fill);
    cr_assert_geq(at->fill, 0.95);
    cr_assert_leq(at->cost, 1.01 * best,
                  "found Q=%d r=%d cost %.6g; the grid's best Q=%d r=%d "
                  "%.6g",
                  q, r, at->cost, bq, br, best);
    uint64_t grid_runs = (uint64_t)SIDE * SIDE * 8;
    cr_assert_eq(res.grid_points, (uint64_t)SIDE * SIDE);
    cr_assert_leq(res.runs, grid_runs / 20, "%llu runs of the grid's %llu",
                  (unsigned long long)res.runs,
                  (unsigned long long)grid_runs);
    cr_assert_eq(res.reps, 8);
    cr_assert_eq(res.best.reps, 8);
    /* It started from the policy's auto values (Q = EOQ = 20, r for a
     * 95% cycle service level = 28) and improved on them, clearly. */
    cr_assert_eq(res.start.values[0], 20.0);
    cr_assert_eq(res.start.values[1], 28.0);
    cr_assert_gt(res.start.diff.low, 0.0);
    cr_assert_eq(res.start.objective.mean, grid[19][27].cost);
    /* The screening: every finalist ran all replications, none beats the
     * best on the mean, and "clearly worse" is what its interval says. */
    cr_assert_geq(res.n_finalists, 2);
    for (size_t f = 1; f < res.n_finalists; f++) {
        const optimize_point *p = &res.finalists[f];
        cr_assert_eq(p->reps, 8);
        cr_assert(p->feasible);
        cr_assert_geq(p->objective.mean, res.best.objective.mean);
        cr_assert_eq(p->clearly_worse, p->diff.low > 0.0);
        const cell *c = &grid[(int)p->values[0] - 1][(int)p->values[1] - 1];
        cr_assert_float_eq(p->diff.mean, c->cost - at->cost, 1e-9);
    }

    /* The other direction on the same grid: the highest fill rate for a
     * holding cost of at most 12 a day (more is better for fill_rate). */
    double most = -INFINITY;
    for (int i = 0; i < SIDE; i++)
        for (int j = 0; j < SIDE; j++)
            if (grid[i][j].holding <= 12.0 && grid[i][j].fill > most)
                most = grid[i][j].fill;
    sweep_constraint held;
    cr_assert_eq(sweep_parse_constraint("holding_cost<=12", NULL, &held,
                                        err, sizeof err),
                 0);
    cfg.objective = "fill_rate";
    cfg.constraints = &held;
    cr_assert_eq(optimize_run(&cfg, &res, &errors, err, sizeof err), 0, "%s",
                 err);
    cr_assert(res.found);
    cr_assert_eq(res.maximise, 1);
    at = &grid[(int)res.best.values[0] - 1][(int)res.best.values[1] - 1];
    cr_assert_eq(res.best.objective.mean, at->fill);
    cr_assert_leq(at->holding, 12.0);
    cr_assert_geq(at->fill, 0.99 * most, "fill %.6g, the grid's best %.6g",
                  at->fill, most);
    cr_assert_leq(res.runs, grid_runs / 20);
    for (size_t f = 1; f < res.n_finalists; f++) {
        const optimize_point *p = &res.finalists[f];
        cr_assert_leq(p->objective.mean, res.best.objective.mean);
        cr_assert_eq(p->clearly_worse, p->diff.high < 0.0);
    }
    for (int k = 0; k < 2; k++)
        free(axes[k].values);
}

Test(optimize, the_scenario_written_reruns_to_the_same_numbers)
{
    optimize_config cfg;
    sweep_axis axes[2];
    sweep_constraint fill;
    config(&cfg, axes, &fill);
    cfg.replications = 6;
    cfg.seed = 11;
    cfg.seed_given = 1;
    optimize_result res;
    scenario_errors errors;
    scenario_errors_init(&errors);
    char err[400];
    cr_assert_eq(optimize_run(&cfg, &res, &errors, err, sizeof err), 0, "%s",
                 err);
    char *text;
    size_t len;
    cr_assert_eq(optimize_scenario_text(&cfg, &res, NULL, &text, &len, err,
                                        sizeof err),
                 0, "%s", err);
    /* The values are written where they stand, the seed and replications
     * given to the search too; the rest of the text is the file's. */
    char want[128];
    snprintf(want, sizeof want, "{name: EOQ, type: eoq, Q: %g, r: %g}",
             res.best.values[0], res.best.values[1]);
    cr_assert_not_null(strstr(text, want), "%s", text);
    cr_assert_not_null(strstr(text, "replications: 6\n"), "%s", text);
    cr_assert_not_null(strstr(text, "seed: 11\n"), "%s", text);
    cr_assert_not_null(strstr(text, "horizon: 220\nwarmup: 20\n"));
    scenario sc;
    cr_assert_eq(scenario_parse(text, len, "out.yaml", NULL, 0, &sc,
                                &errors),
                 0);
    run_config rc = {0};
    run_result run;
    cr_assert_eq(run_execute(&sc, &rc, &run, err, sizeof err), 0);
    cr_assert_eq(run.n_reps, 6);
    const estimate *cost =
        run_summary(&run, 0, (size_t)run_column(&run, "operating_cost"));
    const estimate *served =
        run_summary(&run, 0, (size_t)run_column(&run, "fill_rate"));
    cr_assert_eq(cost->mean, res.best.objective.mean);
    cr_assert_eq(cost->low, res.best.objective.low);
    cr_assert_eq(served->mean, res.best.constraint[0].mean);
    cr_assert_eq(served->high, res.best.constraint[0].high);
    run_result_free(&run);
    scenario_free(&sc);
    free(text);
    for (int k = 0; k < 2; k++)
        free(axes[k].values);
}

/* ---- the command ------------------------------------------------------------ */

static char work[64];

static void make_work(void)
{
    snprintf(work, sizeof work, "/tmp/jitsim_optimizeXXXXXX");
    cr_assert_not_null(mkdtemp(work));
    char path[128];
    snprintf(path, sizeof path, "%s/qr.yaml", work);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(qr_yaml, f);
    /* A second policy, for --policy, and one written as a block. */
    fputs("  - name: BS\n    type: base_stock\n", f);
    fclose(f);
}

static void remove_work(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
    cr_assert_eq(system(cmd), 0);
}

#define SEARCH                                                               \
    "optimize %s/qr.yaml --policy EOQ --vary policies.EOQ.Q=1:40 "           \
    "--vary policies.EOQ.r=1:40 --objective operating_cost "                 \
    "--constraint 'fill_rate>=0.95' -r 6"

Test(optimize, same_output_for_any_thread_count_and_the_file_reruns,
     .init = make_work, .fini = remove_work)
{
    char args[600];
    static char one[1 << 17];
    snprintf(args, sizeof args, SEARCH " -j 1 -o %s/one.yaml", work, work);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert_str_empty(o->err, "stderr: %s", o->err);
    snprintf(one, sizeof one, "%s", o->out);
    cr_assert_not_null(strstr(one, "best: Q="), "%s", one);
    cr_assert_not_null(strstr(one, "fill_rate>=0.95 met by the mean"));
    cr_assert_not_null(strstr(one, "not clearly worse"));
    cr_assert_not_null(strstr(one, "(the grid of the ranges: 1600 points, "
                                   "9600 runs;"));
    snprintf(args, sizeof args, SEARCH " -j 2 -o %s/two.yaml", work, work);
    o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    /* Identical but for the file's name. */
    char *at = strstr(one, "one.yaml");
    cr_assert_not_null(at);
    memcpy(at, "two", 3);
    at = strstr(at + 3, "one.yaml");
    cr_assert_not_null(at);
    memcpy(at, "two", 3);
    cr_assert_str_eq(o->out, one);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "cmp -s %s/one.yaml %s/two.yaml", work, work);
    cr_assert_eq(system(cmd), 0);
    /* The file runs as is, to the numbers printed: the best's operating
     * cost (4 significant digits). */
    double cost = NAN;
    const char *line = strstr(one, "  operating_cost");
    cr_assert_not_null(line);
    cr_assert_eq(sscanf(line, " operating_cost %lf", &cost), 1);
    snprintf(args, sizeof args, "run %s/one.yaml -j 1", work);
    o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    line = strstr(o->out, "\noperating_cost");
    cr_assert_not_null(line);
    double run_cost = NAN;
    cr_assert_eq(sscanf(line, " operating_cost %lf", &run_cost), 1);
    /* run rounds to its interval, optimize to 4 digits: the same mean. */
    char shown[64], run_shown[64];
    snprintf(shown, sizeof shown, "%.4g", cost);
    snprintf(run_shown, sizeof run_shown, "%.4g", run_cost);
    cr_assert_str_eq(run_shown, shown, "run says %.60s, optimize %s", line,
                     shown);
    /* The other policy is still there, untouched. */
    snprintf(cmd, sizeof cmd,
             "tail -2 %s/one.yaml | grep -qx '    type: base_stock'", work);
    cr_assert_eq(system(cmd), 0);
}

Test(optimize, progress_only_when_asked_or_on_a_terminal,
     .init = make_work, .fini = remove_work)
{
    char args[600];
    snprintf(args, sizeof args, SEARCH " -j 1 --progress", work);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert_not_null(strstr(o->err, "optimize: 1 candidates, 2 runs, "
                                      "step 9, 2 replications"),
                       "%s", o->err);
    snprintf(args, sizeof args, SEARCH " -j 1 -q", work);
    o = program_run(args);
    cr_assert_eq(o->status, 0);
    cr_assert_str_empty(o->out);
    cr_assert_str_empty(o->err);
}

Test(optimize, command_line_errors, .init = make_work, .fini = remove_work)
{
    struct {
        const char *args, *message;
    } cases[] = {
        {"", "jitsim optimize: no scenario given; expected"},
        {"%s/qr.yaml --policy EOQ", "nothing to search; expected --vary"},
        {"%s/qr.yaml --vary policies.EOQ.Q=1:9",
         "the scenario has several policies; expected --policy NAME"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.Q",
         "--vary expects PATH=RANGE"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.Q=1:x",
         "--vary policies.EOQ.Q: '1:x:1' is not a range"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.Q=9:1",
         "to (1) is below from (9)"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.Q=5,3",
         "--vary policies.EOQ.Q: the values are not increasing"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.Q=1:9 "
         "--vary policies.EOQ.Q=2:5",
         "--vary policies.EOQ.Q is given twice"},
        {"%s/qr.yaml --policy JIT --vary policies.JIT.cards=1:9",
         "--policy JIT: no such policy in the scenario; expected one of "
         "EOQ, BS"},
        {"%s/qr.yaml --policy EOQ --vary demand.rate=1:9",
         "--vary demand.rate: not a parameter of policy EOQ; expected "
         "policies.EOQ.KEY"},
        {"%s/qr.yaml --policy EOQ --vary policies.BS.S=1:9",
         "not a parameter of policy EOQ"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.Q=0:9",
         "--vary policies.EOQ.Q:"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.cards=1:9",
         "--vary policies.EOQ.cards:"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.Q=1:9 --objective "
         "cost",
         "--objective: no metric 'cost' in this scenario"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.Q=1:9 --constraint "
         "'fill>=1'",
         "--constraint: no metric 'fill' in this scenario"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.Q=1:9 --constraint "
         "fill_rate",
         "expected METRIC>=VALUE"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.Q=1:9 -r 0",
         "--replications must be between 1 and 100000"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.Q=1:9 -j 0",
         "--jobs must be between 1 and 4096"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.Q=1:9 --seed -1",
         "--seed expects a whole number"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.Q=1:9 --frobnicate",
         "unknown option '--frobnicate'"},
        {"%s/qr.yaml %s/qr.yaml", "one scenario at a time"},
        {"%s/nowhere.yaml --vary policies.EOQ.Q=1:9", "nowhere.yaml: cannot "
                                                      "open"},
        {"%s/qr.yaml --policy EOQ --vary policies.EOQ.Q=1:9 -o %s/",
         "no file name; expected -o FILE.yaml"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[600], full[700];
        snprintf(args, sizeof args, cases[i].args, work, work);
        snprintf(full, sizeof full, "optimize %s", args);
        outcome *o = program_run(full);
        cr_assert_eq(o->status, 2, "'%s' exited %d: %s", full, o->status,
                     o->err);
        cr_assert_not_null(strstr(o->err, cases[i].message),
                           "'%s' said '%s', not '%s'", full, o->err,
                           cases[i].message);
        cr_assert_eq(count_lines(o->err), 1, "'%s' said: %s", full, o->err);
        cr_assert_str_empty(o->out, "'%s' printed %s", full, o->out);
    }
}

Test(optimize, constraints_no_setting_meets, .init = make_work,
     .fini = remove_work)
{
    char args[600];
    snprintf(args, sizeof args,
             "optimize %s/qr.yaml --policy EOQ --vary policies.EOQ.Q=1:5 "
             "--vary policies.EOQ.r=1:5 --constraint 'fill_rate>=0.99' -r 3 "
             "-j 1 -o %s/none.yaml",
             work, work);
    outcome *o = program_run(args);
    cr_assert_eq(o->status, 1, "%s", o->err);
    cr_assert_not_null(strstr(o->out, "no candidate meets the constraints; "
                                      "the closest: Q=5 r=5"),
                       "%s", o->out);
    cr_assert_not_null(strstr(o->err, "no setting in the ranges meets the "
                                      "constraints"));
    cr_assert_eq(count_lines(o->err), 1, "%s", o->err);
    char path[128];
    snprintf(path, sizeof path, "%s/none.yaml", work);
    cr_assert_neq(access(path, F_OK), 0, "wrote a setting that fails");
}

/* ---- writing into a scenario's text ------------------------------------------ */

static char *rewrite(const char *text, const char *const *sets, size_t n)
{
    char *out = NULL, err[400];
    size_t len;
    cr_assert_eq(scenario_rewrite(text, strlen(text), sets, n, &out, &len,
                                  err, sizeof err),
                 0, "%s", err);
    cr_assert_eq(strlen(out), len);
    return out;
}

static void refused(const char *text, const char *set, const char *why)
{
    char *out = NULL, err[400];
    size_t len;
    cr_assert_eq(scenario_rewrite(text, strlen(text), &set, 1, &out, &len,
                                  err, sizeof err),
                 -1, "%s", set);
    cr_assert_null(out);
    cr_assert_not_null(strstr(err, why), "%s: %s", set, err);
}

Test(optimize, values_written_into_the_text)
{
    const char *block = "# kept\n"
                        "name: x   # kept too\n"
                        "policies:\n"
                        "  - name: 'A'\n"
                        "    type: eoq\n"
                        "    Q: \"30\"\n"
                        "  - {name: B, type: base_stock}\n";
    const char *sets[] = {"policies.A.Q=42", "policies.A.r=7",
                          "policies.A.service_level=0.9", "policies.B.S=15",
                          "seed=5"};
    char *out = rewrite(block, sets, 5);
    cr_assert_str_eq(out, "# kept\n"
                          "seed: 5\n"
                          "name: x   # kept too\n"
                          "policies:\n"
                          "  - r: 7\n"
                          "    service_level: 0.9\n"
                          "    name: 'A'\n"
                          "    type: eoq\n"
                          "    Q: 42\n"
                          "  - {S: 15, name: B, type: base_stock}\n");
    free(out);
    const char *flow = "{name: y, policies: [{name: K, type: kanban, "
                       "cards: auto}]}";
    const char *k[] = {"policies.K.cards=12", "policies.K.container=4"};
    out = rewrite(flow, k, 2);
    cr_assert_str_eq(out, "{name: y, policies: [{container: 4, name: K, "
                          "type: kanban, cards: 12}]}");
    free(out);

    const char *odd = "name: z\n"
                      "suppliers:\n"
                      "  - {name: s, lead_time: \"gamma(mean=2, cv=0.5)\"}\n"
                      "item: &it {unit_cost: 3}\n"
                      "other: *it\n"
                      "policies:\n"
                      "  - name: E\n"
                      "    type: eoq\n"
                      "    expedite: {factor: 0.5, cost: 2}\n"
                      "    Q: |\n"
                      "      30\n";
    refused(odd, "suppliers.s.lead_time.mean=3", "a parameter inside a "
                                                 "distribution");
    refused(odd, "other.unit_cost=4", "not one plain value");
    refused(odd, "policies.E.expedite=0.5", "not one plain value");
    refused(odd, "policies.E.Q=4", "not one plain value");
    refused(odd, "policies.F.Q=4", "no such key");
    refused(odd, "policies.E.Q", "is not PATH=VALUE");
    refused("- 1\n- 2\n", "a=1", "not a YAML mapping");
}
