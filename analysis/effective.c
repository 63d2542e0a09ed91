/*
 * effective.c - scenario.yaml: the scenario a run or a sweep ran, written
 * as a file that runs as is (effective.h says what goes into it), and the
 * check that it reads back as what ran.
 *
 * The check compares the worlds parsed from the new text with those that
 * ran, field by field: the scenario's settings, the item, the demand, the
 * suppliers, the disruptions, a line's stages and products, each policy
 * with its mitigations and its parameters in force. A text that differs
 * is not written: a scenario.yaml that says something else than the run
 * would be worse than none.
 *
 * Not here: writing values into a text (scenario/rewrite.c,
 * scenario/emit.c), meta.json (meta_json.c).
 */
#define _DEFAULT_SOURCE
#include "effective.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/version.h"

/* ---- values and paths ---------------------------------------------------- */

void effective_format_value(char *buf, size_t len, double x)
{
    if (x > -1e15 && x < 1e15 && x == floor(x)) {
        snprintf(buf, len, "%.0f", x == 0.0 ? 0.0 : x);
        return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, len, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

/* How a path names policy p: by its name when the name is one path
 * component that is not an index, else by its index. */
static void policy_ref(const scenario *sc, size_t p, char *buf, size_t len)
{
    const char *name = sc->worlds[p].policy.name;
    int plain = name[0] != '\0' && !strpbrk(name, ".=");
    int digits = 1;
    for (const char *c = name; *c; c++)
        digits = digits && *c >= '0' && *c <= '9';
    if (plain && !digits)
        snprintf(buf, len, "%s", name);
    else
        snprintf(buf, len, "%zu", p);
}

/* A file name as a YAML value that reads back as itself. */
static void quoted_path(char *buf, size_t len, const char *path)
{
    size_t used = 0;
    if (len < 3) {
        buf[0] = '\0';
        return;
    }
    buf[used++] = '"';
    for (const char *c = path; *c && used + 3 < len; c++) {
        if (*c == '"' || *c == '\\')
            buf[used++] = '\\';
        buf[used++] = *c;
    }
    buf[used++] = '"';
    buf[used] = '\0';
}

/* Appends "PATH=VALUE" unless the list is full (counted either way). */
static void add_set(char (*texts)[EFFECTIVE_SET_LEN], size_t max, size_t *n,
                    const char *path, const char *value)
{
    if (*n < max)
        snprintf(texts[*n], EFFECTIVE_SET_LEN, "%s=%s", path, value);
    (*n)++;
}

/* A demand trace read from a relative path: its absolute path, so that
 * the scenario runs from any directory. */
static void trace_set(char (*texts)[EFFECTIVE_SET_LEN], size_t max,
                      size_t *n, const char *path, const demand_spec *d)
{
    if (d->arrivals != DEMAND_TRACE || !d->trace_path)
        return;
    char real[PATH_MAX], quoted[EFFECTIVE_SET_LEN];
    if (!realpath(d->trace_path, real))
        return;
    quoted_path(quoted, sizeof quoted, real);
    add_set(texts, max, n, path, quoted);
}

/* Whether a set names `path` exactly (a later set of the same path would
 * replace it; rewrite refuses two edits of one value). */
static int same_path(const char *set, const char *path)
{
    size_t n = strlen(path);
    return strncmp(set, path, n) == 0 && set[n] == '=';
}

/* The traces a scenario reads, made absolute. */
static void trace_sets(const scenario *sc, char (*gen)[EFFECTIVE_SET_LEN],
                       size_t max, size_t *n)
{
    if (!sc->n_policies)
        return;
    const world_spec *w = &sc->worlds[0];
    trace_set(gen, max, n, "demand.file", &w->demand);
    /* A line's products: their own demands, unless the line's one product
     * is the item and demand (then demand.file said it). */
    for (size_t i = 0;
         w->demand.arrivals != DEMAND_TRACE && i < w->line.n_products; i++) {
        char path[LINE_NAME_MAX + 32];
        snprintf(path, sizeof path, "products.%s.demand.file",
                 w->line.products[i].name);
        trace_set(gen, max, n, path, &w->line.products[i].demand);
    }
}

/* o's sets, less those a generated one of the same path replaces, then
 * the generated ones: into texts (at most max; the count is returned). */
static size_t merge_sets(const run_origin *o, char (*gen)[EFFECTIVE_SET_LEN],
                         size_t n_gen, char (*texts)[EFFECTIVE_SET_LEN],
                         size_t max)
{
    if (n_gen > max)
        return max + 1;
    size_t n = 0;
    for (size_t i = 0; i < o->n_sets; i++) {
        int replaced = 0;
        for (size_t g = 0; g < n_gen && !replaced; g++) {
            const char *eq = strchr(gen[g], '=');
            char path[EFFECTIVE_SET_LEN];
            snprintf(path, sizeof path, "%.*s", (int)(eq - gen[g]), gen[g]);
            replaced = same_path(o->sets[i], path);
        }
        if (!replaced) {
            if (n < max)
                snprintf(texts[n], EFFECTIVE_SET_LEN, "%s", o->sets[i]);
            n++;
        }
    }
    for (size_t g = 0; g < n_gen; g++) {
        if (n < max)
            memcpy(texts[n], gen[g], EFFECTIVE_SET_LEN);
        n++;
    }
    return n;
}

size_t effective_run_sets(const run_origin *o, const scenario *sc,
                          const run_result *r,
                          char (*texts)[EFFECTIVE_SET_LEN], size_t max)
{
    char(*gen)[EFFECTIVE_SET_LEN] = calloc(max + 1, sizeof *gen);
    size_t n_gen = 0;
    if (!gen)
        return max + 1;
    /* A chain's `auto` values are each node's: the file keeps them auto
     * (they resolve again to the same values). */
    for (size_t p = 0; !sc->chain && p < sc->n_policies && p < r->n_policies;
         p++) {
        const policy_spec *ps = &sc->worlds[p].policy;
        const policy_params *eff = &r->effective[p];
        unsigned accepted = ps->type->accepted | ps->type->line_accepted;
        char ref[POLICY_NAME_MAX + 8];
        policy_ref(sc, p, ref, sizeof ref);
        for (int i = 0; i < PARAM_PLAN_DEMAND; i++) {
            if (!(accepted & (1u << i)) || ps->params.state[i] == PARAM_GIVEN ||
                eff->state[i] != PARAM_GIVEN)
                continue;
            char path[POLICY_NAME_MAX + 64], num[40];
            snprintf(path, sizeof path, "policies.%s.%s", ref,
                     policy_param_name((policy_param)i));
            effective_format_value(num, sizeof num, eff->value[i]);
            add_set(gen, max, &n_gen, path, num);
        }
    }
    char num[40];
    if (sc->warmup_auto) {
        effective_format_value(num, sizeof num, r->warmup);
        add_set(gen, max, &n_gen, "warmup", num);
    }
    if (r->n_reps != sc->replications) {
        snprintf(num, sizeof num, "%llu", (unsigned long long)r->n_reps);
        add_set(gen, max, &n_gen, "replications", num);
    }
    if (r->seed != sc->seed) {
        snprintf(num, sizeof num, "%llu", (unsigned long long)r->seed);
        add_set(gen, max, &n_gen, "seed", num);
    }
    trace_sets(sc, gen, max, &n_gen);
    size_t n = merge_sets(o, gen, n_gen, texts, max);
    free(gen);
    return n;
}

/* ---- the check ----------------------------------------------------------- */

/* Where two readings of a scenario differ, said in err; 0 when they
 * agree. */
typedef struct diff {
    char *err;
    size_t errlen;
    int found;
} diff;

static int differ(diff *d, const char *what)
{
    if (!d->found)
        snprintf(d->err, d->errlen, "%s differs", what);
    d->found = 1;
    return 1;
}

static int same_num(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

static void num(diff *d, const char *what, double a, double b)
{
    if (!same_num(a, b))
        differ(d, what);
}

static void dists(diff *d, const char *what, const dist *a, const dist *b)
{
    char x[512], y[512];
    dist_format(a, x, sizeof x);
    dist_format(b, y, sizeof y);
    if (strcmp(x, y))
        differ(d, what);
}

static void items(diff *d, const item_spec *a, const item_spec *b)
{
    num(d, "item.unit_cost", a->unit_cost, b->unit_cost);
    num(d, "item.holding_cost", a->holding_cost, b->holding_cost);
    num(d, "item.holding_rate", a->holding_rate, b->holding_rate);
    num(d, "item.backorder_cost", a->backorder_cost, b->backorder_cost);
    num(d, "item.stockout_cost", a->stockout_cost, b->stockout_cost);
    num(d, "item.lost_sales", a->lost_sales, b->lost_sales);
    num(d, "item.shelf_life", a->shelf_life, b->shelf_life);
    num(d, "item.scrap_cost", a->scrap_cost, b->scrap_cost);
    num(d, "item.price", a->price, b->price);
}

static void demands(diff *d, const demand_spec *a, const demand_spec *b)
{
    num(d, "demand.arrivals", a->arrivals, b->arrivals);
    num(d, "demand.rate", a->rate, b->rate);
    dists(d, "demand.size", &a->size, &b->size);
    num(d, "demand.period", a->period, b->period);
    dists(d, "demand.quantity", &a->quantity, &b->quantity);
    num(d, "demand.trend", a->trend, b->trend);
    num(d, "demand.season", a->season_amplitude, b->season_amplitude);
    num(d, "demand.season.period", a->season_period, b->season_period);
    num(d, "demand.season.phase", a->season_phase, b->season_phase);
    if (a->n_shocks != b->n_shocks)
        differ(d, "demand.shocks");
    for (size_t i = 0; i < a->n_shocks && i < b->n_shocks; i++)
        if (!same_num(a->shocks[i].start, b->shocks[i].start) ||
            !same_num(a->shocks[i].end, b->shocks[i].end) ||
            !same_num(a->shocks[i].factor, b->shocks[i].factor))
            differ(d, "demand.shocks");
    if (a->trace_n != b->trace_n ||
        (a->trace_n &&
         (memcmp(a->trace_time, b->trace_time,
                 a->trace_n * sizeof *a->trace_time) ||
          memcmp(a->trace_quantity, b->trace_quantity,
                 a->trace_n * sizeof *a->trace_quantity))))
        differ(d, "demand.file");
}

static void suppliers(diff *d, const world_spec *a, const world_spec *b)
{
    if (a->n_suppliers != b->n_suppliers)
        differ(d, "suppliers");
    for (size_t i = 0; i < a->n_suppliers && i < b->n_suppliers; i++) {
        const supplier_spec *x = &a->suppliers[i], *y = &b->suppliers[i];
        if (strcmp(x->name, y->name))
            differ(d, "a supplier's name");
        dists(d, "a supplier's lead_time", &x->lead_time, &y->lead_time);
        num(d, "a supplier's servers", x->servers, y->servers);
        if (x->servers)
            dists(d, "a supplier's process_time", &x->process_time,
                  &y->process_time);
        num(d, "a supplier's order_cost", x->order_cost, y->order_cost);
        num(d, "a supplier's shipment_cost", x->shipment_cost,
            y->shipment_cost);
        num(d, "a supplier's unit_freight", x->unit_freight, y->unit_freight);
        num(d, "a supplier's unit_price", x->unit_price, y->unit_price);
        num(d, "a supplier's min_order", x->min_order, y->min_order);
        num(d, "a supplier's defect_rate", x->defect_rate, y->defect_rate);
        num(d, "a supplier's ownership", x->ownership, y->ownership);
        num(d, "a supplier's deliveries", x->deliveries, y->deliveries);
    }
}

static void disruptions(diff *d, const world_spec *a, const world_spec *b)
{
    if (a->n_disruptions != b->n_disruptions)
        differ(d, "disruptions");
    for (size_t i = 0; i < a->n_disruptions && i < b->n_disruptions; i++) {
        const disruption_spec *x = &a->disruptions[i], *y = &b->disruptions[i];
        if (strcmp(x->name, y->name) || x->supplier != y->supplier ||
            x->stage != y->stage || x->effect != y->effect ||
            x->random != y->random)
            differ(d, "a disruption");
        num(d, "a disruption's factor", x->factor, y->factor);
        num(d, "a disruption's unloading_rate", x->unloading_rate,
            y->unloading_rate);
        num(d, "a disruption's start", x->start, y->start);
        if (x->random) {
            dists(d, "a disruption's every", &x->time_between,
                  &y->time_between);
            dists(d, "a disruption's duration", &x->random_duration,
                  &y->random_duration);
        } else {
            num(d, "a disruption's duration", x->duration, y->duration);
            num(d, "a disruption's every", x->every, y->every);
        }
    }
}

static void lines(diff *d, const line_spec *a, const line_spec *b)
{
    if (a->n_stages != b->n_stages || a->n_products != b->n_products ||
        a->sequence_len != b->sequence_len ||
        memcmp(a->sequence, b->sequence, a->sequence_len))
        differ(d, "the line");
    for (size_t k = 0; k < a->n_stages && k < b->n_stages; k++) {
        const stage_spec *x = &a->stages[k], *y = &b->stages[k];
        if (strcmp(x->name, y->name) || x->machines != y->machines ||
            x->rework != y->rework ||
            x->breakdown.enabled != y->breakdown.enabled ||
            x->breakdown.by_clock != y->breakdown.by_clock ||
            x->maintenance.enabled != y->maintenance.enabled)
            differ(d, "a stage");
        dists(d, "a stage's process_time", &x->process_time,
              &y->process_time);
        dists(d, "a stage's setup_time", &x->setup_time, &y->setup_time);
        num(d, "a stage's setup_cost", x->setup_cost, y->setup_cost);
        num(d, "a stage's defect_rate", x->defect_rate, y->defect_rate);
        num(d, "a stage's cards", x->cards, y->cards);
        if (x->breakdown.enabled) {
            dists(d, "a stage's mtbf", &x->breakdown.time_between,
                  &y->breakdown.time_between);
            dists(d, "a stage's mttr", &x->breakdown.repair,
                  &y->breakdown.repair);
        }
        if (x->maintenance.enabled) {
            num(d, "a stage's maintenance", x->maintenance.every,
                y->maintenance.every);
            dists(d, "a stage's maintenance", &x->maintenance.duration,
                  &y->maintenance.duration);
        }
        for (size_t p = 0; p < a->n_products && p < LINE_PRODUCTS_MAX; p++) {
            if (x->product_process_given[p] != y->product_process_given[p])
                differ(d, "a stage's process_time");
            else if (x->product_process_given[p])
                dists(d, "a stage's process_time", &x->product_process[p],
                      &y->product_process[p]);
        }
    }
    for (size_t p = 0; p < a->n_products && p < b->n_products; p++) {
        const product_spec *x = &a->products[p], *y = &b->products[p];
        if (strcmp(x->name, y->name))
            differ(d, "a product");
        items(d, &x->item, &y->item);
        demands(d, &x->demand, &y->demand);
        num(d, "a product's initial", x->initial, y->initial);
    }
    num(d, "raw.supplier", a->raw.supplier, b->raw.supplier);
    num(d, "raw.s", a->raw.s, b->raw.s);
    num(d, "raw.S", a->raw.S, b->raw.S);
    num(d, "raw.unit_cost", a->raw.unit_cost, b->raw.unit_cost);
    num(d, "raw.initial", a->raw.initial, b->raw.initial);
}

/* A policy's keys beside its parameters. */
static void policy_keys(diff *d, const policy_spec *x, const policy_spec *y)
{
    if (strcmp(x->name, y->name) || x->type != y->type)
        differ(d, "a policy's name or type");
    if (x->supplier != y->supplier || x->second_supplier != y->second_supplier ||
        x->backup_supplier != y->backup_supplier || x->release != y->release)
        differ(d, "a policy's suppliers");
    num(d, "a policy's initial_inventory", x->initial_inventory,
        y->initial_inventory);
    num(d, "a policy's emergency_stock", x->emergency_stock,
        y->emergency_stock);
    num(d, "a policy's switch_after", x->switch_after, y->switch_after);
    num(d, "a policy's backup_lot", x->backup_lot, y->backup_lot);
    num(d, "a policy's expedite", x->expedite, y->expedite);
    num(d, "a policy's expedite cost", x->expedite_cost, y->expedite_cost);
}

/* The worlds of two readings: the same but for the policies' parameters
 * (compared by the caller) and the warm-up (`warmup`, as run). */
static void worlds(diff *d, const world_spec *a, const world_spec *b,
                   double warmup)
{
    num(d, "horizon", a->horizon, b->horizon);
    num(d, "warmup", warmup, b->warmup);
    num(d, "time_unit", a->time_units_per_year, b->time_units_per_year);
    num(d, "the bullwhip period", a->bullwhip_period, b->bullwhip_period);
    items(d, &a->item, &b->item);
    demands(d, &a->demand, &b->demand);
    suppliers(d, a, b);
    disruptions(d, a, b);
    lines(d, &a->line, &b->line);
    policy_keys(d, &a->policy, &b->policy);
}

static void scenarios(diff *d, const scenario *a, const scenario *b)
{
    if (strcmp(a->name, b->name) || strcmp(a->time_unit, b->time_unit) ||
        strcmp(a->description, b->description))
        differ(d, "the name, time unit or description");
    if (a->n_policies != b->n_policies || a->baseline != b->baseline)
        differ(d, "the policies");
}

static void axes(diff *d, const sweep_axis *a, size_t n_a,
                 const sweep_axis *b, size_t n_b)
{
    if (n_a != n_b)
        differ(d, "the sweep");
    for (size_t k = 0; k < n_a && k < n_b; k++)
        if (strcmp(a[k].path, b[k].path) || a[k].n_values != b[k].n_values ||
            memcmp(a[k].values, b[k].values,
                   a[k].n_values * sizeof *a[k].values))
            differ(d, "the sweep");
}

/* A run's check: the new reading b, as it would run, against sc and r. */
static void run_check(diff *d, const scenario *sc, const run_result *r,
                      const scenario *b)
{
    scenarios(d, sc, b);
    if (b->warmup_auto)
        differ(d, "warmup");
    if (b->replications != r->n_reps || b->seed != r->seed)
        differ(d, "replications or seed");
    axes(d, sc->axes, sc->n_axes, b->axes, b->n_axes);
    for (size_t p = 0; !d->found && p < sc->n_policies; p++) {
        const world_spec *x = &sc->worlds[p], *y = &b->worlds[p];
        worlds(d, x, y, r->warmup);
        /* Every parameter in force is given, at its value. */
        const policy_params *eff = &r->effective[p];
        for (int i = 0; !sc->chain && i < PARAM_PLAN_DEMAND; i++)
            if (eff->state[i] == PARAM_GIVEN &&
                ((x->policy.type->accepted | x->policy.type->line_accepted) &
                 (1u << i)) &&
                (y->policy.params.state[i] != PARAM_GIVEN ||
                 !same_num(y->policy.params.value[i], eff->value[i])))
                differ(d, "a policy's parameter");
    }
}

/* A sweep's check: the new reading b against the base reading a. */
static void sweep_check_text(diff *d, const run_origin *o, const scenario *a,
                             const scenario *b)
{
    scenarios(d, a, b);
    if (a->warmup_auto != b->warmup_auto)
        differ(d, "warmup");
    if (b->replications != o->replications || b->seed != o->seed)
        differ(d, "replications or seed");
    axes(d, o->axes, o->n_axes, b->axes, b->n_axes);
    for (size_t p = 0; !d->found && p < a->n_policies; p++) {
        const world_spec *x = &a->worlds[p], *y = &b->worlds[p];
        worlds(d, x, y, x->warmup);
        for (int i = 0; i < PARAM_COUNT; i++)
            if (x->policy.params.state[i] != y->policy.params.state[i] ||
                (x->policy.params.state[i] == PARAM_GIVEN &&
                 !same_num(x->policy.params.value[i],
                           y->policy.params.value[i])))
                differ(d, "a policy's parameter");
    }
}

/* ---- the text ------------------------------------------------------------ */

/* A comment line's worth of text: no line breaks. */
static void comment_line(char *buf, size_t len, const char *s)
{
    snprintf(buf, len, "%s", s);
    for (char *c = buf; *c; c++)
        if (*c == '\n' || *c == '\r')
            *c = ' ';
}

/* The comment that opens scenario.yaml: what wrote it, from what, and
 * how to run it again. */
static char *header(const run_origin *o, const char *source, int anew,
                    size_t n_written)
{
    size_t cap = 2048 + o->n_sets * (EFFECTIVE_SET_LEN + 8);
    char *h = malloc(cap);
    if (!h)
        return NULL;
    size_t used = 0;
#define ADD(...)                                                            \
    used += (size_t)snprintf(h + used, used < cap ? cap - used : 0,         \
                             __VA_ARGS__)
    char line[EFFECTIVE_SET_LEN + 64];
    comment_line(line, sizeof line, source ? source : "the scenario");
    int sweep = o->axes != NULL;
    ADD("# The scenario as `jitsim %s` ran it (jitsim %s), from\n# %s\n",
        o->command, JITSIM_VERSION_STRING, line);
    if (o->n_sets) {
        ADD("# with these overrides written in:\n");
        for (size_t i = 0; i < o->n_sets; i++) {
            comment_line(line, sizeof line, o->sets[i]);
            ADD("#   --set %s\n", line);
        }
    }
    if (sweep)
        ADD("# and its grid as run (the file's sweep: block and --vary) as "
            "the sweep:\n# block at the end. `auto` values stay: each point "
            "resolves its own.\n# `jitsim sweep THIS_FILE` runs the same "
            "points (%llu replications, seed %llu).\n",
            (unsigned long long)o->replications,
            (unsigned long long)o->seed);
    else
        ADD("# %s %zu value%s written in: the parameters in force that the "
            "file did not\n# give (auto, optimal, defaults), the warm-up "
            "chosen by auto, the command\n# line's replications and seed; "
            "meta.json lists them. `jitsim run THIS_FILE`\n# runs it again "
            "(%llu replications, seed %llu).\n",
            o->n_sets ? "and" : "with", n_written,
            n_written == 1 ? "" : "s", (unsigned long long)o->replications,
            (unsigned long long)o->seed);
    if (anew)
        ADD("# Written anew from the scenario's tree (an override could not "
            "be written\n# where it stands): the file's comments are not "
            "kept.\n");
    ADD("\n");
#undef ADD
    return h;
}

/* header + text, after a byte-order mark if the text has one. */
static int prepend(const char *head, char **text, size_t *len)
{
    size_t hn = strlen(head), bom = 0;
    if (*len >= 3 && !memcmp(*text, "\xEF\xBB\xBF", 3))
        bom = 3;
    char *t = malloc(*len + hn + 1);
    if (!t)
        return -1;
    memcpy(t, *text, bom);
    memcpy(t + bom, head, hn);
    memcpy(t + bom + hn, *text + bom, *len - bom);
    t[*len + hn] = '\0';
    free(*text);
    *text = t;
    *len += hn;
    return 0;
}

typedef enum { CHECK_RUN, CHECK_SWEEP } check_kind;

typedef struct check_ctx {
    check_kind kind;
    const run_origin *o;
    const scenario *sc; /* the run's, or the sweep's base */
    const run_result *r;
} check_ctx;

/* Parses text as `path` and compares. 0, or -1 with why in err. */
static int check(const check_ctx *k, const char *text, size_t len,
                 const char *path, char *err, size_t errlen)
{
    scenario b;
    scenario_errors errors;
    scenario_errors_init(&errors);
    if (scenario_parse(text, len, path, NULL, 0, &b, &errors)) {
        snprintf(err, errlen, "it does not read back: %s",
                 errors.n ? errors.lines[0] : "?");
        scenario_errors_free(&errors);
        return -1;
    }
    scenario_errors_free(&errors);
    diff d = {err, errlen, 0};
    if (k->kind == CHECK_RUN)
        run_check(&d, k->sc, k->r, &b);
    else
        sweep_check_text(&d, k->o, k->sc, &b);
    scenario_free(&b);
    return d.found ? -1 : 0;
}

/* The sets written in place, else the tree written anew; then (a sweep)
 * the sweep: block; each result checked. */
static int compose(const check_ctx *k, const char *const *sets,
                   size_t n_sets, size_t n_generated, const char *source,
                   const char *path, char **text, size_t *len, char *err,
                   size_t errlen)
{
    const run_origin *o = k->o;
    char why[2][600] = {"", ""};
    for (int anew = 0; anew < 2; anew++) {
        char *t = NULL;
        size_t n = 0;
        int rc = anew ? scenario_emit(o->text, o->len, sets, n_sets, &t, &n,
                                      why[anew], sizeof why[anew])
                      : scenario_rewrite(o->text, o->len, sets, n_sets, &t,
                                         &n, why[anew], sizeof why[anew]);
        if (rc == 0 && k->kind == CHECK_SWEEP) {
            char *s = NULL;
            size_t sn = 0;
            rc = scenario_replace_sweep(
                t, n, o->axes, o->n_axes,
                "# The grid as run (the file's sweep: block and --vary).\n",
                &s, &sn, why[anew], sizeof why[anew]);
            free(t);
            t = s;
            n = sn;
        }
        if (rc == 0)
            rc = check(k, t, n, path, why[anew], sizeof why[anew]);
        char *head = rc == 0 ? header(o, source, anew, n_generated) : NULL;
        if (rc == 0 && (!head || prepend(head, &t, &n))) {
            snprintf(why[anew], sizeof why[anew], "out of memory");
            rc = -1;
        }
        free(head);
        if (rc == 0) {
            *text = t;
            *len = n;
            return 0;
        }
        free(t);
    }
    snprintf(err, errlen, "%s not written: %s", path, why[1]);
    return -1;
}

#define MAX_EFFECTIVE_SETS 4096

int effective_run_text(const run_origin *o, const scenario *sc,
                       const run_result *r, const char *path, char **text,
                       size_t *len, char *err, size_t errlen)
{
    *text = NULL;
    *len = 0;
    if (!o->text) {
        snprintf(err, errlen, "%s not written: the scenario's text is not "
                              "known",
                 path);
        return -1;
    }
    char(*texts)[EFFECTIVE_SET_LEN] = malloc(MAX_EFFECTIVE_SETS *
                                             sizeof *texts);
    const char **sets = malloc(MAX_EFFECTIVE_SETS * sizeof *sets);
    if (!texts || !sets) {
        free(texts);
        free(sets);
        snprintf(err, errlen, "%s not written: out of memory", path);
        return -1;
    }
    size_t n = effective_run_sets(o, sc, r, texts, MAX_EFFECTIVE_SETS);
    int rc = -1;
    if (n > MAX_EFFECTIVE_SETS) {
        snprintf(err, errlen, "%s not written: more than %d values to "
                              "write",
                 path, MAX_EFFECTIVE_SETS);
    } else {
        size_t generated = 0;
        for (size_t i = 0; i < n; i++) {
            sets[i] = texts[i];
            int user = 0;
            for (size_t j = 0; j < o->n_sets && !user; j++)
                user = strcmp(sets[i], o->sets[j]) == 0;
            generated += !user;
        }
        check_ctx k = {CHECK_RUN, o, sc, r};
        rc = compose(&k, sets, n, generated, sc->source, path, text, len,
                     err, errlen);
    }
    free(texts);
    free(sets);
    return rc;
}

int effective_sweep_text(const run_origin *o, const scenario *base,
                         const char *path, char **text, size_t *len,
                         char *err, size_t errlen)
{
    *text = NULL;
    *len = 0;
    if (!o->text) {
        snprintf(err, errlen, "%s not written: the scenario's text is not "
                              "known",
                 path);
        return -1;
    }
    size_t max = o->n_sets + 16;
    char(*gen)[EFFECTIVE_SET_LEN] = calloc(max + 1, sizeof *gen);
    char(*texts)[EFFECTIVE_SET_LEN] = calloc(max + 1, sizeof *texts);
    const char **sets = calloc(max + 1, sizeof *sets);
    int rc = -1;
    if (!gen || !texts || !sets) {
        snprintf(err, errlen, "%s not written: out of memory", path);
        goto done;
    }
    size_t n_gen = 0;
    char num[40];
    if (o->replications != base->replications) {
        snprintf(num, sizeof num, "%llu",
                 (unsigned long long)o->replications);
        add_set(gen, max, &n_gen, "replications", num);
    }
    if (o->seed != base->seed) {
        snprintf(num, sizeof num, "%llu", (unsigned long long)o->seed);
        add_set(gen, max, &n_gen, "seed", num);
    }
    trace_sets(base, gen, max, &n_gen);
    size_t n = merge_sets(o, gen, n_gen, texts, max);
    if (n > max) {
        snprintf(err, errlen, "%s not written: too many values to write",
                 path);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        sets[i] = texts[i];
    check_ctx k = {CHECK_SWEEP, o, base, NULL};
    rc = compose(&k, sets, n, n_gen, base->source, path, text, len, err,
                 errlen);
done:
    free(gen);
    free(texts);
    free(sets);
    return rc;
}
