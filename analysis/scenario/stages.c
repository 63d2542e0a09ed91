/*
 * stages.c - the stages: section of a production line, in flow order.
 *
 * Keys read (per stage): name, machines, process_time (one distribution,
 * or one per product with default), setup_time (one, or FROM->TO pairs
 * with default), setup_cost, breakdowns {mtbf, mttr, by}, maintenance
 * {every, duration, mtbf_factor}, defect_rate, defects (scrap, rework),
 * cards.
 *
 * Not here: the products the per-product maps name (products.c), running
 * the stages (models/line.c).
 */
#include <math.h>
#include <string.h>

#include "analysis/scenario/internal.h"

enum {
    ST_NAME, ST_MACHINES, ST_PROCESS_TIME, ST_SETUP_TIME, ST_SETUP_COST,
    ST_BREAKDOWNS, ST_MAINTENANCE, ST_DEFECT_RATE, ST_DEFECTS, ST_CARDS,
    ST_COUNT
};
static const char *const stage_keys[ST_COUNT] = {
    "name", "machines", "process_time", "setup_time", "setup_cost",
    "breakdowns", "maintenance", "defect_rate", "defects", "cards",
};
static const char *const defect_names[] = {"scrap", "rework"};
static const char *const clock_names[] = {"operating", "clock"};

/* A distribution whose mean must be > 0 (a process time, a time between
 * failures). */
static int get_dist_positive(scn *c, const ynode *v, const char *key,
                             const char *expect, dist *out)
{
    int rc = scn_get_dist(c, v, key, expect, out);
    if (rc)
        return rc;
    if (!(dist_mean(out) > 0.0)) {
        scn_err_at(c, v, "%s has a mean of %g; expected %s", key,
                   dist_mean(out), expect);
        dist_free(out);
        return -1;
    }
    return 0;
}

/* Whether a mapping is one distribution ({dist: NAME, ...}) rather than
 * one per product. */
static int is_per_product(const ynode *v)
{
    return v && v->type == YN_MAP && !scn_map_get(v, "dist");
}

/* A key of a per-product map that is no product: said plainly when it
 * looks like a distribution's parameter written without `dist:`. */
static void per_product_key_error(scn *c, const ynode *key, const char *map,
                                  const char *form)
{
    char shown[SHOWBUF];
    scn_show(shown, sizeof shown, key->text, key->len);
    if (scn_is_dist_param(key->text, key->len))
        scn_err_at(c, key, "%s has no dist: and '%s' is no product; expected "
                           "{dist: NAME, %s: ...} for one distribution, or %s "
                           "for one per product",
                   map, shown, shown, form);
    else
        scn_unknown_product(c, key, key->text, key->len, map, 1);
}

static const char *const process_expect =
    "a distribution of times per unit with mean > 0";

static void stage_process_time(scn *c, const ynode *v, stage_spec *st)
{
    if (!is_per_product(v)) {
        dist d;
        if (!get_dist_positive(c, v, "process_time", process_expect, &d)) {
            dist_free(&st->process_time);
            st->process_time = d;
        }
        return;
    }
    const ynode *seen[LINE_PRODUCTS_MAX] = {0}, *def = NULL;
    char shown[SHOWBUF];
    size_t before = c->errs.seq;
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const ynode *key = v->items[i], *val = v->items[i + 1];
        if (key->type != YN_SCALAR || memchr(key->text, '\0', key->len)) {
            char buf[SHOWBUF + 8];
            scn_err_at(c, key,
                       "a key in process_time is %s; expected a product "
                       "name or default",
                       scn_describe(key, buf, sizeof buf));
            continue;
        }
        const ynode **slot;
        int p = -1;
        if (scn_node_is(key, "default")) {
            slot = &def;
        } else if ((p = scn_find_product(c, key->text, key->len)) >= 0) {
            slot = &seen[p];
        } else {
            per_product_key_error(c, key, "process_time",
                                  "{A: 0.5, B: 0.7, default: 0.6}");
            continue;
        }
        if (*slot) {
            scn_err_at(c, key,
                       "%s is given twice in process_time; expected each "
                       "product once",
                       scn_show(shown, sizeof shown, key->text, key->len));
            continue;
        }
        *slot = val;
        dist d;
        if (get_dist_positive(c, val, "process_time", process_expect, &d))
            continue;
        if (p < 0) {
            dist_free(&st->process_time);
            st->process_time = d;
        } else {
            st->product_process[p] = d;
            st->product_process_given[p] = 1;
        }
    }
    if (def || c->errs.seq != before)
        return;
    /* Without a default, every product needs its own. */
    const char *missing[LINE_PRODUCTS_MAX];
    size_t n = 0;
    for (size_t p = 0; p < c->line->n_products; p++)
        if (!seen[p] && c->product_named[p])
            missing[n++] = c->line->products[p].name;
    if (n) {
        char list[512];
        scn_join(list, sizeof list, missing, n);
        scn_err_at(c, v,
                   "process_time gives no time for %s %s and no default; "
                   "expected a distribution for every product, or "
                   "default: one for the products not listed",
                   n > 1 ? "products" : "product", list);
    }
}

static void stage_setup_time(scn *c, const ynode *v, stage_spec *st)
{
    const char *expect = "a distribution of setup times >= 0";
    if (!is_per_product(v)) {
        scn_set_dist(c, v, "setup_time", expect, &st->setup_time);
        return;
    }
    const ynode *def = NULL;
    char shown[SHOWBUF];
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const ynode *key = v->items[i], *val = v->items[i + 1];
        if (key->type != YN_SCALAR || memchr(key->text, '\0', key->len)) {
            char buf[SHOWBUF + 8];
            scn_err_at(c, key,
                       "a key in setup_time is %s; expected FROM->TO (two "
                       "product names) or default",
                       scn_describe(key, buf, sizeof buf));
            continue;
        }
        scn_show(shown, sizeof shown, key->text, key->len);
        if (scn_node_is(key, "default")) {
            if (def) {
                scn_err_at(c, key, "default is given twice in setup_time; "
                                   "expected it once");
                continue;
            }
            def = key;
            scn_set_dist(c, val, "setup_time", expect, &st->setup_time);
            continue;
        }
        /* FROM->TO: names hold no '>', so the arrow is where it is. */
        const char *gt = memchr(key->text, '>', key->len);
        if (!gt || gt == key->text || gt[-1] != '-') {
            if (scn_is_dist_param(key->text, key->len))
                per_product_key_error(c, key, "setup_time",
                                      "{default: 0.2, A->B: 1}");
            else
                scn_err_at(c, key,
                           "unknown key '%s' in setup_time; expected "
                           "default or FROM->TO with two product names "
                           "(A->B)",
                           shown);
            continue;
        }
        const char *a = key->text, *ae = gt - 1, *b = gt + 1,
                   *be = key->text + key->len;
        while (a < ae && *a == ' ')
            a++;
        while (ae > a && ae[-1] == ' ')
            ae--;
        while (b < be && *b == ' ')
            b++;
        while (be > b && be[-1] == ' ')
            be--;
        int from = scn_find_product(c, a, (size_t)(ae - a));
        int to = scn_find_product(c, b, (size_t)(be - b));
        if (from < 0)
            scn_unknown_product(c, key, a, (size_t)(ae - a), "setup_time", 0);
        if (to < 0)
            scn_unknown_product(c, key, b, (size_t)(be - b), "setup_time", 0);
        if (from < 0 || to < 0)
            continue;
        if (from == to) {
            scn_err_at(c, key,
                       "%s: a machine needs no setup to go on with the "
                       "same product; expected two different products",
                       shown);
            continue;
        }
        if (st->setup_pair_given[from][to]) {
            scn_err_at(c, key,
                       "%s is given twice in setup_time; expected each "
                       "pair once",
                       shown);
            continue;
        }
        dist d;
        if (!scn_get_dist(c, val, "setup_time", expect, &d)) {
            st->setup_pair[from][to] = d;
            st->setup_pair_given[from][to] = 1;
        }
    }
}

static const char *const breakdown_keys[] = {"mtbf", "mttr", "by"};

static void stage_breakdowns(scn *c, const ynode *v, stage_spec *st)
{
    const ynode *g[3];
    dist mtbf, mttr;
    int by = 0;
    const char *example = "{mtbf: \"exponential(mean=40)\", mttr: "
                          "\"exponential(mean=2)\", by: operating}";
    if (scn_check_map(c, v, "breakdowns", example))
        return;
    scn_map_fields(c, v, "breakdowns", breakdown_keys, 3, g);
    if (!g[0])
        scn_err_at(c, v,
                   "breakdowns has no mtbf; expected mtbf: a distribution "
                   "of times between failures with mean > 0");
    if (!g[1])
        scn_err_at(c, v,
                   "breakdowns has no mttr; expected mttr: a distribution "
                   "of repair times >= 0");
    int ok_tbf = g[0] && !get_dist_positive(c, g[0], "mtbf",
                                            "a distribution of times between "
                                            "failures with mean > 0",
                                            &mtbf);
    int ok_ttr = g[1] && !scn_get_dist(c, g[1], "mttr",
                                       "a distribution of repair times >= 0",
                                       &mttr);
    int ok_by = scn_get_choice(c, g[2], "by", clock_names, 2, &by) >= 0;
    if (ok_tbf && ok_ttr && ok_by) {
        st->breakdown.enabled = 1;
        st->breakdown.time_between = mtbf;
        st->breakdown.repair = mttr;
        st->breakdown.by_clock = by;
        return;
    }
    if (ok_tbf)
        dist_free(&mtbf);
    if (ok_ttr)
        dist_free(&mttr);
}

static const char *const maintenance_keys[] = {"every", "duration",
                                               "mtbf_factor"};

static void stage_maintenance(scn *c, const ynode *v, stage_spec *st)
{
    const ynode *g[3];
    double every = 0.0, factor = 1.0;
    dist duration;
    size_t before = c->errs.seq;
    if (scn_check_map(c, v, "maintenance",
                      "{every: 40, duration: 1, mtbf_factor: 3}"))
        return;
    scn_map_fields(c, v, "maintenance", maintenance_keys, 3, g);
    if (!g[0])
        scn_err_at(c, v,
                   "maintenance has no every; expected every: the operating "
                   "time between stops > 0");
    else
        scn_get_num(c, g[0], "every", R_POS,
                    "the operating time between stops > 0", &every);
    if (!g[1])
        scn_err_at(c, v, "maintenance has no duration; expected duration: a "
                         "distribution of times >= 0");
    scn_get_num(c, g[2], "mtbf_factor", (range){1.0, INFINITY, 0, 0, 0},
                "a multiplier >= 1 of the time between failures", &factor);
    if (g[1] && !scn_get_dist(c, g[1], "duration",
                              "a distribution of times >= 0", &duration)) {
        if (c->errs.seq != before) {
            dist_free(&duration);
            return;
        }
        st->maintenance.enabled = 1;
        st->maintenance.every = every;
        st->maintenance.duration = duration;
        st->maintenance.mtbf_factor = factor;
    }
}

void scn_check_stages(scn *c, const ynode *v, int explicit_products)
{
    char shown[SHOWBUF];
    line_spec *line = c->line;
    if (scn_check_list(
            c, v, "stages",
            "a list of {name: cut, process_time: ...} in flow order"))
        return;
    if (v->n == 0 || v->n > LINE_STAGES_MAX) {
        scn_err_at(c, v, "%zu stages; expected 1 to %d stages, in flow order",
                   v->n, LINE_STAGES_MAX);
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const ynode *e = v->items[i], *f[ST_COUNT];
        stage_spec *st = &line->stages[i];
        double x;
        int k;
        stage_spec_init(st);
        line->n_stages = i + 1;
        if (scn_check_map(c, e, "a stage", "{name: cut, machines: 1, "
                                           "process_time: 0.5}"))
            continue;
        scn_map_fields(c, e, "a stage", stage_keys, ST_COUNT, f);
        if (!f[ST_NAME]) {
            scn_err_at(c, e,
                       "a stage has no name; expected name: a unique name");
        } else if (!scn_get_line_name(c, f[ST_NAME], "stage", st->name)) {
            scn_show(shown, sizeof shown, st->name, strlen(st->name));
            int dup = 0;
            for (size_t j = 0; j < i; j++)
                dup |= strcmp(line->stages[j].name, st->name) == 0;
            if (dup)
                scn_err_at(c, f[ST_NAME],
                           "two stages are named '%s'; expected "
                           "unique names",
                           shown);
            else if (explicit_products &&
                     scn_find_product(c, st->name, strlen(st->name)) >= 0)
                scn_err_at(c, f[ST_NAME],
                           "stage '%s' has the name of a product; "
                           "expected stage names unlike the "
                           "products' (their columns would "
                           "clash)",
                           shown);
        }
        if (!scn_get_num(c, f[ST_MACHINES], "machines",
                         (range){1, 1e6, 0, 0, 1},
                         "a whole number of machines >= 1", &x))
            st->machines = (int)x;
        if (!f[ST_PROCESS_TIME])
            scn_err_at(c, e, "a stage has no process_time; expected "
                             "process_time: %s, or one per product",
                       process_expect);
        else
            stage_process_time(c, f[ST_PROCESS_TIME], st);
        if (f[ST_SETUP_TIME])
            stage_setup_time(c, f[ST_SETUP_TIME], st);
        if (!scn_get_num(c, f[ST_SETUP_COST], "setup_cost", R_NONNEG,
                         "a cost >= 0 per setup", &x))
            st->setup_cost = x;
        if (f[ST_BREAKDOWNS])
            stage_breakdowns(c, f[ST_BREAKDOWNS], st);
        if (f[ST_MAINTENANCE])
            stage_maintenance(c, f[ST_MAINTENANCE], st);
        if (!scn_get_num(c, f[ST_DEFECT_RATE], "defect_rate",
                         (range){0.0, 1.0, 0, 1, 0}, "a fraction in [0, 1)",
                         &x))
            st->defect_rate = x;
        if (!scn_get_choice(c, f[ST_DEFECTS], "defects", defect_names, 2, &k))
            st->rework = k;
        if (!scn_get_num(c, f[ST_CARDS], "cards", (range){1, 1e9, 0, 0, 1},
                         "a whole number of kanban cards >= 1", &x))
            st->cards = x;
    }
}
