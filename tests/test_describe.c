/*
 * test_describe.c - outputs that describe themselves (issue 16, part 1):
 * meta.json's structure and values for a world with two suppliers, a
 * backup, an emergency stock, expediting, a second source, random and
 * scheduled disruptions and a --set override; scenario.yaml run again
 * giving the same summary.csv byte for byte (in place, written anew, with
 * auto and optimal values, an auto warm-up, a trace file, a sweep); the
 * console's "policies as simulated" telling policies apart; the writer's
 * own pieces (scenario_emit, scenario_replace_sweep, the read-back check).
 *
 * The values meta.json must hold are computed here another way: the auto
 * and optimal parameters by world_create on the scenario parsed with the
 * override, the disruptions from the run's own trace (events.csv).
 */
#define _DEFAULT_SOURCE
#include <criterion/criterion.h>
#include <libfyaml.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/effective.h"
#include "analysis/report/internal.h"
#include "analysis/run.h"
#include "analysis/scenario.h"
#include "analysis/version.h"
#include "models/world.h"
#include "program.h"

static char work[64];

static void make_work(void)
{
    snprintf(work, sizeof work, "/tmp/jitsim_describeXXXXXX");
    cr_assert_not_null(mkdtemp(work));
}

static void remove_work(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
    cr_assert_eq(system(cmd), 0);
}

/* Runs `cd WORK && jitsim ARGS`. */
static outcome *in_work(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s", work, JITSIM_EXE, args);
    return program_sh(cmd);
}

static void write_work(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", work, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static char *slurp(const char *name)
{
    static char buf[4][1 << 17];
    static int which = 0;
    which = (which + 1) % 4;
    char path[256];
    snprintf(path, sizeof path, "%s/%s", work, name);
    program_slurp(path, buf[which], sizeof buf[which]);
    return buf[which];
}

static int exists(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", work, name);
    struct stat st;
    return stat(path, &st) == 0;
}

/* The world of the checks: two suppliers of different prices and lead
 * times; a plain EOQ, one with a backup and an emergency stock released
 * during disruptions, one on the near supplier with optimal (Q, r) and
 * expediting, and a standing split over both; a random outage of the far
 * supplier and a repeating closure of the near one. */
static const char *const world_yaml =
    "name: describe\n"
    "horizon: 400\n"
    "warmup: 20\n"
    "replications: 4\n"
    "seed: 3\n"
    "item: {unit_cost: 10, holding_rate: 0.25, backorder_cost: 2}\n"
    "demand: {arrivals: poisson, rate: 20}\n"
    "suppliers:\n"
    "  - name: overseas   # far and cheap\n"
    "    lead_time: \"gamma(mean=20, cv=0.3)\"\n"
    "    order_cost: 80\n"
    "    unit_price: 8\n"
    "  - name: local\n"
    "    lead_time: 2\n"
    "    order_cost: 20\n"
    "    unit_price: 9.5\n"
    "disruptions:\n"
    "  - name: strike\n"
    "    supplier: overseas\n"
    "    effect: outage\n"
    "    every: \"exponential(mean=80)\"\n"
    "    duration: \"exponential(mean=6)\"\n"
    "  - name: storm\n"
    "    supplier: local\n"
    "    effect: closure\n"
    "    start: 100\n"
    "    duration: 5\n"
    "    every: 150\n"
    "policies:\n"
    "  - {name: plain, type: eoq, supplier: overseas, Q: auto, r: auto}\n"
    "  - name: backed\n"
    "    type: eoq\n"
    "    supplier: overseas\n"
    "    Q: auto\n"
    "    r: auto\n"
    "    backup_supplier: local\n"
    "    switch_after: 5\n"
    "    emergency_stock: 300\n"
    "    release: during\n"
    "  - name: near\n"
    "    type: eoq\n"
    "    supplier: local\n"
    "    Q: optimal\n"
    "    r: optimal\n"
    "    expedite: {factor: 0.5, cost: 2}\n"
    "  - {name: split, type: standing_split, supplier: overseas,\n"
    "     second_supplier: local, split: 0.7}\n";

#define OVERRIDE "suppliers.local.unit_price=8.5"

/* ---- reading meta.json --------------------------------------------------- */

static struct fy_document *load_json(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", work, name);
    struct fy_parse_cfg pc;
    memset(&pc, 0, sizeof pc);
    pc.flags = FYPCF_QUIET | FYPCF_JSON_FORCE;
    struct fy_document *d = fy_document_build_from_file(&pc, path);
    cr_assert_not_null(d, "%s is not JSON", name);
    return d;
}

static struct fy_node *node_at(struct fy_document *d, const char *path)
{
    return fy_node_by_path(fy_document_root(d), path, FY_NT,
                           FYNWF_DONT_FOLLOW);
}

/* The scalar at a path ("null" included), or NULL. */
static const char *text_at(struct fy_document *d, const char *path)
{
    struct fy_node *n = node_at(d, path);
    return n && fy_node_is_scalar(n) ? fy_node_get_scalar0(n) : NULL;
}

#define EXPECT_TEXT(d, path, want)                                          \
    do {                                                                    \
        const char *got_ = text_at((d), (path));                            \
        cr_assert(got_ && !strcmp(got_, (want)), "%s: '%s', expected '%s'", \
                  (path), got_ ? got_ : "(none)", (want));                  \
    } while (0)

static double num_at(struct fy_document *d, const char *path)
{
    const char *t = text_at(d, path);
    cr_assert_not_null(t, "%s: missing", path);
    char *end;
    double x = strtod(t, &end);
    cr_assert(end != t && *end == '\0', "%s: '%s' is not a number", path, t);
    return x;
}

static int count_at(struct fy_document *d, const char *path)
{
    struct fy_node *n = node_at(d, path);
    cr_assert(n && fy_node_is_sequence(n), "%s: not a list", path);
    return fy_node_sequence_item_count(n);
}

/* ---- meta.json ----------------------------------------------------------- */

/* The parameters world_create resolves for policy `name` of the scenario
 * parsed with the override: what meta.json must say was in force. */
static policy_params resolved(const scenario *sc, const char *name)
{
    int p = scenario_policy(sc, name);
    cr_assert_geq(p, 0);
    char err[300];
    world *w = world_create(&sc->worlds[p], err, sizeof err);
    cr_assert_not_null(w, "%s", err);
    policy_params out = *world_effective_params(w);
    world_destroy(w);
    return out;
}

Test(meta, says_what_ran_with_costs_mitigations_and_origins,
     .init = make_work, .fini = remove_work)
{
    write_work("w.yaml", world_yaml);
    outcome *o = in_work("run w.yaml --set " OVERRIDE " -q --trace -o d");
    cr_assert_eq(o->status, 0, "%s", o->err);
    struct fy_document *d = load_json("d/meta.json");
    char version[64];
    snprintf(version, sizeof version, "jitsim %s", JITSIM_VERSION_STRING);
    EXPECT_TEXT(d, "/program", version);
    o = program_run("--version");
    cr_assert_str_eq(o->out, "jitsim " JITSIM_VERSION_STRING "\n");
    EXPECT_TEXT(d, "/format", "2");
    EXPECT_TEXT(d, "/command", "run");
    cr_assert_eq(count_at(d, "/overrides"), 1);
    EXPECT_TEXT(d, "/overrides/0", OVERRIDE);
    cr_assert_eq(num_at(d, "/replications"), 4.0);
    cr_assert_eq(num_at(d, "/seed"), 3.0);
    cr_assert_eq(num_at(d, "/horizon"), 400.0);
    cr_assert_eq(num_at(d, "/warmup"), 20.0);
    /* The item and the suppliers' terms; the override landed. */
    cr_assert_eq(num_at(d, "/item/unit_cost"), 10.0);
    cr_assert_float_eq(num_at(d, "/item/holding_cost"), 0.25 * 10 / 365,
                       1e-15);
    EXPECT_TEXT(d, "/item/price", "null");
    EXPECT_TEXT(d, "/suppliers/0/name", "overseas");
    EXPECT_TEXT(d, "/suppliers/0/lead_time", "gamma(shape=11.111111111111111, "
                                            "scale=1.7999999999999998)");
    cr_assert_float_eq(num_at(d, "/suppliers/0/lead_time_mean"), 20.0,
                       1e-12);
    cr_assert_eq(num_at(d, "/suppliers/0/order_cost"), 80.0);
    cr_assert_eq(num_at(d, "/suppliers/0/unit_price"), 8.0);
    cr_assert_eq(num_at(d, "/suppliers/1/unit_price"), 8.5);
    EXPECT_TEXT(d, "/suppliers/1/unit_price_from", "supplier");
    cr_assert_eq(num_at(d, "/suppliers/1/landed_cost"), 8.5);
    EXPECT_TEXT(d, "/suppliers/1/deliveries", "in_order");
    EXPECT_TEXT(d, "/suppliers/1/ownership", "at_dispatch");
    EXPECT_TEXT(d, "/demand/arrivals", "poisson");
    cr_assert_eq(num_at(d, "/demand/rate"), 20.0);
    /* Each policy's supplier and mitigations. */
    cr_assert_eq(count_at(d, "/policies"), 4);
    EXPECT_TEXT(d, "/policies/0/supplier", "overseas");
    EXPECT_TEXT(d, "/policies/0/backup_supplier", "null");
    EXPECT_TEXT(d, "/policies/0/baseline", "true");
    EXPECT_TEXT(d, "/policies/1/backup_supplier", "local");
    cr_assert_eq(num_at(d, "/policies/1/switch_after"), 5.0);
    EXPECT_TEXT(d, "/policies/1/backup_lot", "cover_gap");
    cr_assert_eq(num_at(d, "/policies/1/emergency_stock"), 300.0);
    EXPECT_TEXT(d, "/policies/1/release", "during");
    EXPECT_TEXT(d, "/policies/1/expedite", "null");
    EXPECT_TEXT(d, "/policies/2/supplier", "local");
    cr_assert_eq(num_at(d, "/policies/2/expedite/factor"), 0.5);
    cr_assert_eq(num_at(d, "/policies/2/expedite/cost"), 2.0);
    EXPECT_TEXT(d, "/policies/3/second_supplier", "local");
    EXPECT_TEXT(d, "/policies/3/initial_inventory/from", "policy");
    /* Every parameter in force, at the value world_create resolves, with
     * where it came from. */
    scenario sc;
    scenario_errors errors;
    scenario_errors_init(&errors);
    const char *sets[] = {OVERRIDE};
    cr_assert_eq(scenario_parse(world_yaml, strlen(world_yaml), "w.yaml",
                                sets, 1, &sc, &errors),
                 0);
    policy_params plain = resolved(&sc, "plain");
    policy_params near = resolved(&sc, "near");
    policy_params split = resolved(&sc, "split");
    cr_assert_eq(num_at(d, "/policies/0/parameters/Q/value"),
                 plain.value[PARAM_Q]);
    EXPECT_TEXT(d, "/policies/0/parameters/Q/from", "auto");
    cr_assert_eq(num_at(d, "/policies/0/parameters/r/value"),
                 plain.value[PARAM_r]);
    EXPECT_TEXT(d, "/policies/0/parameters/service_level/from", "default");
    cr_assert_eq(num_at(d, "/policies/0/parameters/service_level/value"),
                 0.95);
    cr_assert_eq(num_at(d, "/policies/2/parameters/Q/value"),
                 near.value[PARAM_Q]);
    EXPECT_TEXT(d, "/policies/2/parameters/Q/from", "optimal");
    cr_assert_eq(num_at(d, "/policies/2/parameters/r/value"),
                 near.value[PARAM_r]);
    EXPECT_TEXT(d, "/policies/2/parameters/r/from", "optimal");
    cr_assert_null(node_at(d, "/policies/2/parameters/service_level"),
                   "r: optimal meets no service level");
    cr_assert_eq(num_at(d, "/policies/3/parameters/split/value"), 0.7);
    EXPECT_TEXT(d, "/policies/3/parameters/split/from", "given");
    cr_assert_eq(num_at(d, "/policies/3/parameters/S/value"),
                 split.value[PARAM_S]);
    /* The near supplier's lower price moved the optimal Q: the override
     * reached the auto rules (holding at the landed cost 8.5, not 9.5). */
    char dearer[] = "suppliers.local.unit_price=9.5";
    const char *dearer_sets[] = {dearer};
    scenario sc2;
    cr_assert_eq(scenario_parse(world_yaml, strlen(world_yaml), "w.yaml",
                                dearer_sets, 1, &sc2, &errors),
                 0);
    cr_assert_neq(resolved(&sc2, "near").value[PARAM_Q],
                  near.value[PARAM_Q]);
    scenario_free(&sc2);
    scenario_free(&sc);
    scenario_errors_free(&errors);

    /* The disruptions of replication 0 are the ones the trace holds: the
     * strike's begins and ends in events.csv (policy plain). */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "(cd '%s' && grep '^\"plain\",0,.*,"
                              "disruption_' d/events.csv > dis.csv)",
             work);
    cr_assert_eq(program_sh(cmd)->status, 0);
    char *events = slurp("dis.csv");
    double begin[64], end[64];
    int nb = 0, ne = 0;
    for (char *line = strtok(events, "\n"); line; line = strtok(NULL, "\n")) {
        char policy[32], event[32], sup[32];
        double t, q;
        int rep;
        if (sscanf(line, "\"%31[^\"]\",%d,%lf,%31[^,],%lf,\"%31[^\"]\"",
                   policy, &rep, &t, event, &q, sup) != 6 ||
            strcmp(policy, "plain") || strcmp(sup, "overseas"))
            continue;
        if (!strcmp(event, "disruption_begin") && nb < 64)
            begin[nb++] = t;
        if (!strcmp(event, "disruption_end") && ne < 64)
            end[ne++] = t;
    }
    cr_assert_geq(nb, 2, "the strike hit %d times in replication 0", nb);
    int strikes = 0, in_window = 0;
    double time = 0.0;
    int n_windows = count_at(d, "/disruptions");
    for (int i = 0; i < n_windows; i++) {
        char path[64];
        snprintf(path, sizeof path, "/disruptions/%d/label", i);
        if (strcmp(text_at(d, path), "strike"))
            continue;
        snprintf(path, sizeof path, "/disruptions/%d/start", i);
        double s = num_at(d, path);
        snprintf(path, sizeof path, "/disruptions/%d/end", i);
        double e = num_at(d, path);
        cr_assert_lt(strikes, nb);
        cr_assert_float_eq(s, begin[strikes], 1e-7 * (1 + s));
        cr_assert_float_eq(e, strikes < ne ? end[strikes] : 400.0,
                           1e-7 * (1 + e));
        if (e > 20.0) {
            in_window++;
            time += e - (s > 20.0 ? s : 20.0);
        }
        strikes++;
    }
    cr_assert_eq(strikes, nb);
    EXPECT_TEXT(d, "/disruption_counts/0/name", "strike");
    EXPECT_TEXT(d, "/disruption_counts/0/random", "true");
    cr_assert_eq(count_at(d, "/disruption_counts/0/occurrences"), 4);
    cr_assert_eq(num_at(d, "/disruption_counts/0/occurrences/0"), in_window);
    cr_assert_float_eq(num_at(d, "/disruption_counts/0/time/0"), time,
                       1e-6 * time);
    /* The storm: days 100, 250 (and 400 is the horizon): twice in every
     * replication, 5 days each. */
    EXPECT_TEXT(d, "/disruption_counts/1/name", "storm");
    for (int rep = 0; rep < 4; rep++) {
        char path[64];
        snprintf(path, sizeof path, "/disruption_counts/1/occurrences/%d",
                 rep);
        cr_assert_eq(num_at(d, path), 2.0);
        snprintf(path, sizeof path, "/disruption_counts/1/time/%d", rep);
        cr_assert_eq(num_at(d, path), 10.0);
    }
    cr_assert_eq(num_at(d, "/disruption_counts/1/replications_hit"), 4.0);
    /* The files of the set, this one and scenario.yaml included. */
    EXPECT_TEXT(d, "/files/2", "events.csv");
    EXPECT_TEXT(d, "/files/3", "scenario.yaml");
    EXPECT_TEXT(d, "/files/4", "meta.json");
    fy_document_destroy(d);

    /* The report's reader takes the parameters and tells the policies
     * apart as the console does. */
    static report_meta m;
    char dir[256], err[512];
    snprintf(dir, sizeof dir, "%s/d", work);
    cr_assert_eq(meta_read(dir, &m, err, sizeof err), 0, "%s", err);
    cr_assert_eq(m.n_policies, 4);
    char want[512];
    snprintf(want, sizeof want,
             "Q=%g r=%g service_level=0.95 supplier=overseas "
             "second_supplier=none backup_supplier=none emergency_stock=0 "
             "expedite=none",
             plain.value[PARAM_Q], plain.value[PARAM_r]);
    cr_assert_str_eq(m.policies[0].params, want);
    cr_assert_not_null(strstr(m.policies[1].params,
                              "backup_supplier=local switch_after=5 "
                              "backup_lot=cover_gap emergency_stock=300 "
                              "release=during"),
                       "%s", m.policies[1].params);
    cr_assert_not_null(strstr(m.policies[2].params,
                              "expedite=0.5 expedite_cost=2"),
                       "%s", m.policies[2].params);
    cr_assert_eq(m.n_windows, (size_t)n_windows);
}

/* An older meta.json (the parameters one string, no format) still reads,
 * and a format-2 one with fields of unexpected types reads what it can. */
Test(meta, the_reader_takes_the_earlier_format_and_odd_fields,
     .init = make_work, .fini = remove_work)
{
    write_work("meta.json",
               "{\"scenario\": \"old\", \"time_unit\": \"week\", "
               "\"horizon\": 52, \"policies\": [{\"name\": \"EOQ\", "
               "\"type\": \"eoq\", \"family\": \"push\", \"parameters\": "
               "\"Q=40 r=12\", \"baseline\": true}], \"files\": "
               "[\"summary.csv\", \"meta.json\"]}\n");
    static report_meta m;
    char err[512];
    cr_assert_eq(meta_read(work, &m, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(m.policies[0].params, "Q=40 r=12");
    cr_assert_str_eq(m.time_unit, "week");
    cr_assert_eq(m.horizon, 52.0);
    write_work("meta.json",
               "{\"format\": 2, \"policies\": [{\"name\": \"A\", "
               "\"parameters\": {\"Q\": {\"value\": 40, \"from\": "
               "\"given\"}, \"r\": {\"value\": null, \"from\": \"auto\"}, "
               "\"S\": 7, \"s\": [1]}, \"supplier\": [\"x\"], "
               "\"expedite\": 3}, {\"name\": \"B\", \"parameters\": {}, "
               "\"supplier\": \"y\", \"backup_supplier\": {}}], "
               "\"disruptions\": [{\"start\": 5, \"end\": null}, "
               "{\"start\": 1, \"end\": 2}]}\n");
    cr_assert_eq(meta_read(work, &m, err, sizeof err), 0, "%s", err);
    cr_assert_eq(m.n_policies, 2);
    cr_assert_str_eq(m.policies[0].params, "Q=40 r=auto supplier=none");
    cr_assert_str_eq(m.policies[1].params, "supplier=y");
    cr_assert_eq(m.n_windows, 1);
}

/* ---- scenario.yaml ------------------------------------------------------- */

/* summary.csv of two directories, equal byte for byte. */
static void same_summary(const char *a, const char *b)
{
    char pa[128], pb[128];
    snprintf(pa, sizeof pa, "%s/summary.csv", a);
    snprintf(pb, sizeof pb, "%s/summary.csv", b);
    char *x = slurp(pa), *y = slurp(pb);
    cr_assert_gt(strlen(x), 1000, "%s: %zu bytes", pa, strlen(x));
    cr_assert_str_eq(x, y, "%s and %s differ", pa, pb);
}

/* The run again from its scenario.yaml alone (no --set, --seed or -r),
 * from another directory: the same numbers. In place: the file's
 * comments kept, the override and the resolved values where they stood. */
Test(scenario_yaml, runs_again_to_the_same_summary,
     .init = make_work, .fini = remove_work)
{
    write_work("w.yaml", world_yaml);
    outcome *o = in_work("run w.yaml --set " OVERRIDE
                         " --set warmup=auto -r 3 --seed 11 -q -o d");
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert_str_eq(o->err, "");
    char *yaml = slurp("d/scenario.yaml");
    cr_assert_not_null(strstr(yaml, "  - name: overseas   # far and cheap\n"),
                       "the file's comment was not kept:\n%s", yaml);
    cr_assert_not_null(strstr(yaml, "    unit_price: 8.5\n"), "%s", yaml);
    cr_assert_not_null(strstr(yaml, "replications: 3\n"), "%s", yaml);
    cr_assert_not_null(strstr(yaml, "seed: 11\n"), "%s", yaml);
    cr_assert_null(strstr(yaml, ": auto"), "an auto value was left:\n%s",
                   yaml);
    cr_assert_null(strstr(yaml, ": optimal"), "%s", yaml);
    cr_assert_not_null(strstr(yaml, "\nwarmup: "), "%s", yaml);
    cr_assert_null(strstr(yaml, "Written anew"), "%s", yaml);
    o = in_work("run w.yaml --set " OVERRIDE " -r 3 --seed 11 --format csv");
    cr_assert_eq(o->status, 0);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cd '%s' && mkdir e && cp d/scenario.yaml e/ "
                              "&& cd e && '%s' run scenario.yaml -q -o ../f",
             work, JITSIM_EXE);
    o = program_sh(cmd);
    cr_assert_eq(o->status, 0, "%s", o->err);
    same_summary("d", "f");
    /* meta.json of the rerun: the same parameters, now given. */
    cr_assert_not_null(strstr(slurp("f/meta.json"), "\"overrides\": []"));
    cr_assert_not_null(strstr(slurp("d/meta.json"), "\"warmup_auto\": true"));
    cr_assert_not_null(strstr(slurp("f/meta.json"),
                              "\"warmup_auto\": false"));
}

/* An override that cannot be written where it stands (a mapping replaced
 * by a value, a policy renamed before its auto values are written): the
 * document is written anew from its tree, says so, and runs the same. */
Test(scenario_yaml, written_anew_when_a_value_cannot_be_written_in_place,
     .init = make_work, .fini = remove_work)
{
    write_work("w.yaml", world_yaml);
    outcome *o = in_work(
        "run w.yaml --set 'item={unit_cost: 12, holding_rate: 0.3, "
        "backorder_cost: 2}' --set policies.0.name=first -r 2 -q -o d");
    cr_assert_eq(o->status, 0, "%s", o->err);
    char *yaml = slurp("d/scenario.yaml");
    cr_assert_not_null(strstr(yaml, "Written anew"), "%s", yaml);
    cr_assert_not_null(strstr(yaml, "  - name: first\n"), "%s", yaml);
    cr_assert_not_null(strstr(yaml, "  unit_cost: 12\n"), "%s", yaml);
    cr_assert_null(strstr(yaml, "far and cheap"), "%s", yaml);
    o = in_work("run d/scenario.yaml -q -o e");
    cr_assert_eq(o->status, 0, "%s", o->err);
    same_summary("d", "e");
}

/* A demand trace named relative to the scenario: scenario.yaml names it
 * by its absolute path, and runs from anywhere. */
Test(scenario_yaml, a_trace_runs_from_any_directory,
     .init = make_work, .fini = remove_work)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cd '%s' && mkdir -p s/data && "
                              "cp '%s/scenarios/example-demand-trace.yaml' "
                              "s/ && cp '%s/scenarios/data/'*.csv s/data/",
             work, JITSIM_SOURCE_DIR, JITSIM_SOURCE_DIR);
    cr_assert_eq(program_sh(cmd)->status, 0);
    outcome *o = in_work("run s/example-demand-trace.yaml -r 2 -q -o d");
    cr_assert_eq(o->status, 0, "%s", o->err);
    char want[PATH_MAX + 32], real[PATH_MAX];
    cr_assert_not_null(realpath(work, real));
    snprintf(want, sizeof want, "file: \"%s/s/data/", real);
    cr_assert_not_null(strstr(slurp("d/scenario.yaml"), want), "%s",
                       slurp("d/scenario.yaml"));
    o = in_work("run d/scenario.yaml -q -o e");
    cr_assert_eq(o->status, 0, "%s", o->err);
    same_summary("d", "e");
}

/* A sweep's directory: meta.json (so that its report knows the
 * policies) and scenario.yaml with the grid as run, which `jitsim sweep`
 * runs to the same summary.csv; the --vary axis joins the file's. */
Test(scenario_yaml, a_sweep_describes_itself_and_runs_again,
     .init = make_work, .fini = remove_work)
{
    char text[4096];
    snprintf(text, sizeof text,
             "%s"
             "sweep:\n"
             "  # the far supplier's order cost\n"
             "  suppliers.overseas.order_cost: [40, 80]\n"
             "# the end\n",
             world_yaml);
    write_work("w.yaml", text);
    outcome *o = in_work("sweep w.yaml --vary demand.rate=10:20:10 --set "
                         OVERRIDE " -r 2 --seed 4 -q -j 2 -o d");
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert(exists("d/meta.json") && exists("d/scenario.yaml"));
    char *yaml = slurp("d/scenario.yaml");
    cr_assert_not_null(strstr(yaml, "# the end\n"), "%s", yaml);
    cr_assert_null(strstr(yaml, "  # the far supplier's order cost\n"), "%s",
                   yaml);
    cr_assert_not_null(strstr(yaml, "\nsweep:\n"
                                    "  suppliers.overseas.order_cost: "
                                    "[40, 80]\n"
                                    "  demand.rate: [10, 20]\n"),
                       "%s", yaml);
    cr_assert_not_null(strstr(yaml, "    Q: auto\n"), "a sweep keeps auto");
    struct fy_document *d = load_json("d/meta.json");
    EXPECT_TEXT(d, "/command", "sweep");
    EXPECT_TEXT(d, "/overrides/0", OVERRIDE);
    cr_assert_eq(num_at(d, "/replications"), 2.0);
    cr_assert_eq(num_at(d, "/seed"), 4.0);
    EXPECT_TEXT(d, "/policies/0/parameters/Q/value", "null");
    EXPECT_TEXT(d, "/policies/0/parameters/Q/from", "auto");
    EXPECT_TEXT(d, "/sweep/1/path", "demand.rate");
    cr_assert_eq(num_at(d, "/sweep/1/values/1"), 20.0);
    EXPECT_TEXT(d, "/suppliers/1/unit_price", "8.5");
    fy_document_destroy(d);
    o = in_work("sweep d/scenario.yaml -q -j 2 -o e");
    cr_assert_eq(o->status, 0, "%s", o->err);
    same_summary("d", "e");
    o = in_work("report d -q");
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert_null(strstr(slurp("d/report.html"), "parameters unknown"));
    cr_assert_not_null(strstr(slurp("d/report.html"),
                              "Q=auto r=auto supplier=overseas"));
}

/* An axis of names is written as names (a supplier's, quoted when the
 * name needs it), and the sweep runs again from the file. */
Test(scenario_yaml, a_sweep_of_names_runs_again, .init = make_work,
     .fini = remove_work)
{
    write_work("w.yaml", world_yaml);
    outcome *o = in_work("sweep w.yaml --vary policies.plain.supplier="
                         "overseas,local --vary demand.rate=10,20 -r 2 -q "
                         "-o d");
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert_not_null(strstr(slurp("d/scenario.yaml"),
                              "\nsweep:\n"
                              "  policies.plain.supplier: [overseas, local]\n"
                              "  demand.rate: [10, 20]\n"),
                       "%s", slurp("d/scenario.yaml"));
    o = in_work("sweep d/scenario.yaml -q -o e");
    cr_assert_eq(o->status, 0, "%s", o->err);
    same_summary("d", "e");
}

/* ---- the console --------------------------------------------------------- */

/* The line under a policy's line in "policies as simulated", or "". */
static const char *under(const char *out, const char *name, char *buf,
                         size_t len)
{
    char head[64];
    snprintf(head, sizeof head, "\n  %-12s ", name);
    const char *at = strstr(out, head);
    cr_assert_not_null(at, "no line for %s in:\n%s", name, out);
    at = strchr(at + 1, '\n');
    const char *eol = strchr(at + 1, '\n');
    snprintf(buf, len, "%.*s", (int)(eol - at - 1), at + 1);
    return buf;
}

Test(console, policies_as_simulated_say_what_tells_them_apart,
     .init = make_work, .fini = remove_work)
{
    write_work("w.yaml", world_yaml);
    outcome *o = in_work("run w.yaml -r 2");
    cr_assert_eq(o->status, 0, "%s", o->err);
    char line[512];
    const char *pad = "                              "; /* 30 */
    char want[512];
    snprintf(want, sizeof want, "%ssupplier=overseas second_supplier=none "
                                "backup_supplier=none emergency_stock=0 "
                                "expedite=none",
             pad);
    cr_assert_str_eq(under(o->out, "plain", line, sizeof line), want);
    snprintf(want, sizeof want,
             "%ssupplier=overseas second_supplier=none backup_supplier=local "
             "switch_after=5 backup_lot=cover_gap emergency_stock=300 "
             "release=during expedite=none",
             pad);
    cr_assert_str_eq(under(o->out, "backed", line, sizeof line), want);
    snprintf(want, sizeof want,
             "%ssupplier=local second_supplier=none backup_supplier=none "
             "emergency_stock=0 expedite=0.5 expedite_cost=2",
             pad);
    cr_assert_str_eq(under(o->out, "near", line, sizeof line), want);
    snprintf(want, sizeof want,
             "%ssupplier=overseas second_supplier=local "
             "backup_supplier=none emergency_stock=0 expedite=none",
             pad);
    cr_assert_str_eq(under(o->out, "split", line, sizeof line), want);
    /* Policies alike but for their parameters: no such line. */
    o = program_run("run flagship -r 2");
    cr_assert_eq(o->status, 0, "%s", o->err);
    cr_assert_null(strstr(o->out, "supplier="), "%s", o->out);
    cr_assert_null(strstr(o->out, "emergency_stock="), "%s", o->out);
    /* One key differing: only that key. */
    o = program_run("run flagship -r 2 --set policies.kanban.emergency_stock=50");
    cr_assert_eq(o->status, 0, "%s", o->err);
    snprintf(want, sizeof want, "%semergency_stock=50 release=until_recovered",
             pad);
    cr_assert_str_eq(under(o->out, "kanban", line, sizeof line), want);
    snprintf(want, sizeof want, "%semergency_stock=0", pad);
    cr_assert_str_eq(under(o->out, "EOQ", line, sizeof line), want);
}

/* ---- the writer's pieces ------------------------------------------------- */

/* The tree written anew reads back as the same scenario, and is a fixed
 * point (writing its own text anew gives it back): every built-in
 * scenario, and odd scalars (quoted numbers, a colon, a multi-line
 * description, an empty value, an alias). */
Test(pieces, emit_writes_what_the_reader_reads, .init = make_work,
     .fini = remove_work)
{
    static const char *const odd =
        "name: \"odd: a name\"\n"
        "horizon: 30\n"
        "description: |\n  two\n  lines \"quoted\"\n"
        "item: {unit_cost: 10, holding_rate: 0.25, backorder_cost: 2}\n"
        "demand: {rate: &r 20}\n"
        "suppliers: [{name: '5', lead_time: 2, order_cost: 20}]\n"
        "policies:\n"
        "  - {name: 'yes', type: eoq, supplier: '5', Q: auto, r: auto}\n"
        "  - {name: '-x', type: base_stock, supplier: '5', S: 40}\n"
        "sweep: {demand.rate: [10, *r]}\n";
    char err[512], *a = NULL, *b = NULL;
    size_t na, nb;
    cr_assert_eq(scenario_emit(odd, strlen(odd), NULL, 0, &a, &na, err,
                               sizeof err),
                 0, "%s", err);
    cr_assert_eq(scenario_emit(a, na, NULL, 0, &b, &nb, err, sizeof err), 0,
                 "%s", err);
    cr_assert_str_eq(a, b);
    scenario x, y;
    scenario_errors errors;
    scenario_errors_init(&errors);
    cr_assert_eq(scenario_parse(odd, strlen(odd), "odd", NULL, 0, &x,
                                &errors),
                 0);
    cr_assert_eq(scenario_parse(a, na, "odd", NULL, 0, &y, &errors), 0,
                 "%s\n%s", errors.n ? errors.lines[0] : "", a);
    cr_assert_str_eq(y.name, "odd: a name");
    cr_assert_str_eq(y.description, x.description);
    cr_assert_str_eq(y.worlds[0].policy.name, "yes");
    cr_assert_str_eq(y.worlds[1].policy.name, "-x");
    cr_assert_str_eq(y.worlds[0].suppliers[0].name, "5");
    cr_assert_eq(y.worlds[0].policy.params.state[PARAM_Q], PARAM_AUTO);
    cr_assert_eq(y.n_axes, 1);
    cr_assert_eq(y.axes[0].values[1], 20.0);
    scenario_free(&x);
    scenario_free(&y);
    free(a);
    free(b);
    /* Every built-in scenario. */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "(ls '%s'/scenarios/*.yaml > '%s/list')",
             JITSIM_SOURCE_DIR, work);
    cr_assert_eq(program_sh(cmd)->status, 0);
    char *list = slurp("list");
    int files = 0;
    for (char *path = strtok(list, "\n"); path; path = strtok(NULL, "\n")) {
        static char text[1 << 17];
        program_slurp(path, text, sizeof text);
        cr_assert_eq(scenario_emit(text, strlen(text), NULL, 0, &a, &na, err,
                                   sizeof err),
                     0, "%s: %s", path, err);
        cr_assert_eq(scenario_emit(a, na, NULL, 0, &b, &nb, err, sizeof err),
                     0);
        cr_assert_str_eq(a, b, "%s: not a fixed point", path);
        cr_assert_eq(scenario_parse(text, strlen(text), path, NULL, 0, &x,
                                    &errors),
                     0);
        cr_assert_eq(scenario_parse(a, na, path, NULL, 0, &y, &errors), 0,
                     "%s written anew: %s", path,
                     errors.n ? errors.lines[0] : "");
        cr_assert_str_eq(x.name, y.name);
        cr_assert_str_eq(x.description, y.description);
        cr_assert_eq(x.n_policies, y.n_policies);
        cr_assert_eq(x.n_axes, y.n_axes);
        for (size_t p = 0; p < x.n_policies; p++)
            cr_assert_eq(memcmp(&x.worlds[p].policy.params,
                                &y.worlds[p].policy.params,
                                sizeof x.worlds[p].policy.params),
                         0, "%s: a policy's parameters", path);
        scenario_free(&x);
        scenario_free(&y);
        free(a);
        free(b);
        files++;
    }
    cr_assert_gt(files, 20, "%d files in %s", files, slurp("list"));
    snprintf(cmd, sizeof cmd, "(ls '%s'/scenarios/*.yaml | wc -l)",
             JITSIM_SOURCE_DIR);
    int listed = atoi(program_sh(cmd)->out);
    cr_assert_eq(files, listed, "%d of %d", files, listed);
    scenario_errors_free(&errors);
    /* An override that names nothing is the writer's error. */
    const char *bad[] = {"policies.nobody.Q=3"};
    cr_assert_eq(scenario_emit(odd, strlen(odd), bad, 1, &a, &na, err,
                               sizeof err),
                 -1);
    cr_assert_not_null(strstr(err, "nobody"), "%s", err);
    cr_assert_eq(scenario_emit("- a\n- b\n", 8, NULL, 0, &a, &na, err,
                               sizeof err),
                 -1);
}

Test(pieces, replace_sweep_cuts_the_block_and_appends_the_grid)
{
    sweep_axis axes[2] = {{"demand.rate", 3, (double[]){10, 0.1, 1e-7}, NULL},
                          {"policies.my policy: x.Q", 1, (double[]){40}, NULL}};
    const char *text = "name: s\n"
                       "sweep:   # the grid\n"
                       "  demand.rate: [1,\n"
                       "     2]\n"
                       "  # inside\n"
                       "  horizon: {from: 1, to: 2, step: 1}\n"
                       "\n"
                       "# before horizon\n"
                       "horizon: 30\n";
    char err[256], *out = NULL;
    size_t n;
    cr_assert_eq(scenario_replace_sweep(text, strlen(text), axes, 2,
                                        "# grid\n", &out, &n, err,
                                        sizeof err),
                 0, "%s", err);
    cr_assert_str_eq(out, "name: s\n"
                          "\n"
                          "# before horizon\n"
                          "horizon: 30\n"
                          "# grid\n"
                          "sweep:\n"
                          "  demand.rate: [10, 0.1, 1e-07]\n"
                          "  \"policies.my policy: x.Q\": [40]\n");
    free(out);
    /* No block, no axes: the text as it was; without a final newline,
     * one is added before the block. */
    cr_assert_eq(scenario_replace_sweep("name: s\n", 8, NULL, 0, NULL, &out,
                                        &n, err, sizeof err),
                 0);
    cr_assert_str_eq(out, "name: s\n");
    free(out);
    cr_assert_eq(scenario_replace_sweep("name: s", 7, axes, 1, NULL, &out,
                                        &n, err, sizeof err),
                 0);
    cr_assert_str_eq(out, "name: s\nsweep:\n  demand.rate: [10, 0.1, "
                          "1e-07]\n");
    free(out);
    /* A flow mapping at the top, a document end: refused. */
    cr_assert_eq(scenario_replace_sweep("{name: s}\n", 10, axes, 1, NULL,
                                        &out, &n, err, sizeof err),
                 -1);
    cr_assert_not_null(strstr(err, "block mapping"), "%s", err);
    cr_assert_eq(scenario_replace_sweep("name: s\n...\n", 12, axes, 1, NULL,
                                        &out, &n, err, sizeof err),
                 -1);
    /* Many values wrap at 78 columns and read back exactly. */
    double many[40];
    for (int i = 0; i < 40; i++)
        many[i] = 1.0 / (i + 3);
    sweep_axis wide = {"demand.rate", 40, many, NULL};
    cr_assert_eq(scenario_replace_sweep("name: s\n", 8, &wide, 1, NULL, &out,
                                        &n, err, sizeof err),
                 0);
    for (char *l = out; (l = strchr(l, '\n')) && l[1]; l++)
        cr_assert_leq(strcspn(l + 1, "\n"), 78);
    scenario sc;
    scenario_errors errors;
    scenario_errors_init(&errors);
    char *full = malloc(n + 128);
    snprintf(full, n + 128, "%shorizon: 9\ndemand: {rate: 1}\nsuppliers: [{name: a, lead_time: 1}]\n"
                            "policies: [{name: p, type: base_stock, S: 1}]\n",
             out);
    cr_assert_eq(scenario_parse(full, strlen(full), "w", NULL, 0, &sc,
                                &errors),
                 0, "%s", errors.n ? errors.lines[0] : "");
    cr_assert_eq(sc.n_axes, 1);
    cr_assert_eq(memcmp(sc.axes[0].values, many, sizeof many), 0);
    scenario_free(&sc);
    scenario_errors_free(&errors);
    free(full);
    free(out);
}

/* A text that does not read back as the run is not written: the check
 * compares the worlds, and says what differs. */
Test(pieces, a_text_that_says_something_else_is_not_written)
{
    scenario sc;
    scenario_errors errors;
    scenario_errors_init(&errors);
    cr_assert_eq(scenario_parse(world_yaml, strlen(world_yaml), "w.yaml",
                                NULL, 0, &sc, &errors),
                 0);
    run_config cfg = {.replications = 1, .jobs = 1};
    run_result r;
    char err[512];
    cfg.seed_given = 1;
    cfg.seed = sc.seed;
    cfg.replications = sc.replications;
    sc.worlds[0].horizon = 100; /* not what the text says */
    cr_assert_eq(run_execute(&sc, &cfg, &r, err, sizeof err), 0, "%s", err);
    run_origin o = {"run", world_yaml, strlen(world_yaml), NULL, 0, NULL, 0,
                    r.n_reps, r.seed};
    char *text = NULL;
    size_t len = 0;
    cr_assert_eq(effective_run_text(&o, &sc, &r, "/tmp/x/scenario.yaml",
                                    &text, &len, err, sizeof err),
                 -1);
    cr_assert_null(text);
    cr_assert_str_eq(err, "/tmp/x/scenario.yaml not written: horizon "
                          "differs");
    sc.worlds[0].horizon = 400;
    cr_assert_eq(effective_run_text(&o, &sc, &r, "/tmp/x/scenario.yaml",
                                    &text, &len, err, sizeof err),
                 0, "%s", err);
    cr_assert_eq(strlen(text), len);
    free(text);
    o.text = NULL;
    cr_assert_eq(effective_run_text(&o, &sc, &r, "s.yaml", &text, &len, err,
                                    sizeof err),
                 -1);
    cr_assert_str_eq(err, "s.yaml not written: the scenario's text is not "
                          "known");
    run_result_free(&r);
    scenario_free(&sc);
    scenario_errors_free(&errors);
}
