/*
 * meta_json.c - meta.json, the account of a run or a sweep that its CSV
 * files cannot give: what was run (the program, the overrides, the item's
 * and suppliers' costs and terms, each policy with its supplier,
 * mitigations and every parameter in force with where its value came
 * from), the plain sentences, and the disruptions that happened
 * (meta_json.h lists the fields; docs/reports.md says what each means).
 *
 * The disruptions are replayed from their streams (disruption_windows),
 * not traced: the same windows the run met, for every replication, at no
 * cost to the run.
 *
 * Not here: the CSV files and the JSON of --format json (output.c),
 * reading meta.json back (analysis/report/meta.c).
 */
#include "meta_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/output.h"
#include "analysis/version.h"
#include "sim/stream.h"

/* ---- JSON values --------------------------------------------------------- */

void json_put_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

void json_put_number(FILE *out, double x)
{
    if (isfinite(x))
        fprintf(out, "%.10g", x);
    else
        fputs("null", out);
}

void json_put_exact(FILE *out, double x)
{
    if (!isfinite(x)) {
        fputs("null", out);
        return;
    }
    char buf[40];
    effective_format_value(buf, sizeof buf, x);
    fputs(buf, out);
}

/* "KEY": as the next field of an object. */
static void key(FILE *out, const char *k)
{
    fprintf(out, ", \"%s\": ", k);
}

static void bool_field(FILE *out, const char *k, int v)
{
    fprintf(out, ", \"%s\": %s", k, v ? "true" : "false");
}

static void num_field(FILE *out, const char *k, double v)
{
    key(out, k);
    json_put_exact(out, v);
}

static void str_field(FILE *out, const char *k, const char *v)
{
    key(out, k);
    if (v)
        json_put_string(out, v);
    else
        fputs("null", out);
}

static void dist_field(FILE *out, const char *k, const dist *d)
{
    char buf[1024];
    dist_format(d, buf, sizeof buf);
    str_field(out, k, buf);
}

/* ---- what was run -------------------------------------------------------- */

static void put_item(FILE *out, const world_spec *w)
{
    const item_spec *it = &w->item;
    fputs(",\n \"item\": {\"unit_cost\": ", out);
    json_put_exact(out, it->unit_cost);
    num_field(out, "holding_cost",
              item_holding_cost(it, w->time_units_per_year));
    num_field(out, "holding_rate", it->holding_rate);
    num_field(out, "backorder_cost", it->backorder_cost);
    num_field(out, "stockout_cost", it->stockout_cost);
    bool_field(out, "lost_sales", it->lost_sales);
    num_field(out, "shelf_life", it->shelf_life);
    num_field(out, "scrap_cost", it->scrap_cost);
    num_field(out, "price", it->price);
    fputc('}', out);
}

static void put_demand(FILE *out, const demand_spec *d, const run_result *r)
{
    /* The names of analysis/scenario/demand.c. */
    static const char *const arrivals[] = {"poisson", "periodic", "trace"};
    fputs(",\n \"demand\": {\"arrivals\": ", out);
    json_put_string(out, (size_t)d->arrivals < 3 ? arrivals[d->arrivals]
                                                 : "?");
    if (d->arrivals == DEMAND_POISSON) {
        num_field(out, "rate", d->rate);
        dist_field(out, "size", &d->size);
    } else if (d->arrivals == DEMAND_PERIODIC) {
        num_field(out, "period", d->period);
        dist_field(out, "quantity", &d->quantity);
    } else {
        str_field(out, "file", d->trace_path ? d->trace_path : "");
        num_field(out, "rows", (double)d->trace_n);
    }
    num_field(out, "trend", d->trend);
    if (d->season_amplitude > 0.0) {
        fputs(", \"season\": {\"amplitude\": ", out);
        json_put_exact(out, d->season_amplitude);
        num_field(out, "period", d->season_period);
        num_field(out, "phase", d->season_phase);
        fputc('}', out);
    }
    fputs(", \"shocks\": [", out);
    for (size_t i = 0; i < d->n_shocks; i++) {
        fputs(i ? ", {\"start\": " : "{\"start\": ", out);
        json_put_exact(out, d->shocks[i].start);
        num_field(out, "end", d->shocks[i].end);
        num_field(out, "factor", d->shocks[i].factor);
        fputc('}', out);
    }
    fputc(']', out);
    if (r && r->planning_used)
        num_field(out, "planning_rate", r->planning_rate);
    fputc('}', out);
}

static void put_suppliers(FILE *out, const world_spec *w)
{
    /* The names of analysis/scenario/suppliers.c. */
    static const char *const ownership[] = {"at_dispatch", "at_receipt"};
    static const char *const deliveries[] = {"in_order", "independent"};
    fputs(",\n \"suppliers\": [", out);
    for (size_t i = 0; i < w->n_suppliers; i++) {
        const supplier_spec *s = &w->suppliers[i];
        fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", out);
        json_put_string(out, s->name);
        dist_field(out, "lead_time", &s->lead_time);
        num_field(out, "lead_time_mean", supplier_mean_lead_time(s));
        num_field(out, "servers", s->servers);
        if (s->servers > 0)
            dist_field(out, "process_time", &s->process_time);
        num_field(out, "order_cost", s->order_cost);
        num_field(out, "shipment_cost", s->shipment_cost);
        num_field(out, "unit_freight", s->unit_freight);
        num_field(out, "unit_price",
                  supplier_unit_price(s, w->item.unit_cost));
        str_field(out, "unit_price_from",
                  isnan(s->unit_price) ? "item" : "supplier");
        num_field(out, "landed_cost",
                  supplier_landed_cost(s, w->item.unit_cost));
        num_field(out, "min_order", s->min_order);
        num_field(out, "defect_rate", s->defect_rate);
        str_field(out, "ownership",
                  (size_t)s->ownership < 2 ? ownership[s->ownership] : "?");
        str_field(out, "deliveries", (size_t)s->deliveries < 2
                                         ? deliveries[s->deliveries]
                                         : "?");
        fputc('}', out);
    }
    fputc(']', out);
}

static const char *supplier_of(const world_spec *w, int s)
{
    return s >= 0 && (size_t)s < w->n_suppliers ? w->suppliers[s].name
                                                : NULL;
}

/* Whether a sweep axis is parameter `param` of policy p (by its name or
 * its index). */
static int swept(const run_origin *o, const scenario *sc, size_t p,
                 const char *param)
{
    if (!o || !o->axes)
        return 0;
    char by_name[POLICY_NAME_MAX + 80], by_index[96];
    snprintf(by_name, sizeof by_name, "policies.%s.%s",
             sc->worlds[p].policy.name, param);
    snprintf(by_index, sizeof by_index, "policies.%zu.%s", p, param);
    for (size_t k = 0; k < o->n_axes; k++)
        if (!strcmp(o->axes[k].path, by_name) ||
            !strcmp(o->axes[k].path, by_index))
            return 1;
    return 0;
}

static const char *param_from(unsigned char state)
{
    switch (state) {
    case PARAM_GIVEN:
        return "given";
    case PARAM_AUTO:
        return "auto";
    case PARAM_OPTIMAL:
        return "optimal";
    case PARAM_HEURISTIC:
        return "shang_song";
    }
    return "default";
}

/* A policy's parameters: with a run's result, every one in force at its
 * value; for a sweep, those the scenario names (auto ones without a
 * value). Also their text as the console prints it. */
static void put_parameters(FILE *out, const scenario *sc, size_t p,
                           const run_result *r, const run_origin *o)
{
    const policy_spec *ps = &sc->worlds[p].policy;
    unsigned accepted = ps->type->accepted | ps->type->line_accepted;
    char text[512];
    size_t used = 0;
    text[0] = '\0';
    fputs(", \"parameters\": {", out);
    int first = 1;
    for (int i = 0; i < PARAM_PLAN_DEMAND; i++) {
        if (!(accepted & (1u << i)))
            continue;
        unsigned char state = ps->params.state[i];
        double value;
        if (r) {
            if (r->effective[p].state[i] != PARAM_GIVEN)
                continue;
            value = r->effective[p].value[i];
        } else {
            if (state == PARAM_UNSET)
                continue;
            value = state == PARAM_GIVEN ? ps->params.value[i] : NAN;
        }
        const char *name = policy_param_name((policy_param)i);
        fputs(first ? "" : ", ", out);
        first = 0;
        json_put_string(out, name);
        fputs(": {\"value\": ", out);
        json_put_exact(out, value);
        str_field(out, "from", param_from(state));
        if (swept(o, sc, p, name))
            bool_field(out, "swept", 1);
        fputc('}', out);
        if (!r) {
            size_t room = used < sizeof text ? sizeof text - used : 0;
            int n = isfinite(value)
                        ? snprintf(text + used, room, "%s%s=%.6g",
                                   used ? " " : "", name, value)
                        : snprintf(text + used, room, "%s%s=%s",
                                   used ? " " : "", name, param_from(state));
            if (n > 0)
                used += (size_t)n;
        }
    }
    fputc('}', out);
    if (r)
        policy_params_format(ps->type, &r->effective[p], text, sizeof text);
    str_field(out, "parameters_text", text);
}

static void put_policies(FILE *out, const scenario *sc, const run_result *r,
                         const run_origin *o)
{
    fputs(",\n \"policies\": [", out);
    for (size_t p = 0; p < sc->n_policies; p++) {
        const world_spec *w = &sc->worlds[p];
        const policy_spec *ps = &w->policy;
        fputs(p ? ",\n    {\"name\": " : "\n    {\"name\": ", out);
        json_put_string(out, ps->name);
        str_field(out, "type", ps->type->name);
        str_field(out, "family", policy_family_name(ps->type->family));
        bool_field(out, "baseline", (int)p == sc->baseline);
        str_field(out, "supplier", supplier_of(w, ps->supplier));
        str_field(out, "second_supplier", supplier_of(w, ps->second_supplier));
        str_field(out, "backup_supplier", supplier_of(w, ps->backup_supplier));
        if (ps->backup_supplier >= 0) {
            num_field(out, "switch_after", ps->switch_after);
            if (ps->backup_lot > 0.0)
                num_field(out, "backup_lot", ps->backup_lot);
            else
                str_field(out, "backup_lot", "cover_gap");
        }
        num_field(out, "emergency_stock", ps->emergency_stock);
        if (ps->emergency_stock > 0.0)
            str_field(out, "release", ps->release == RELEASE_DURING
                                          ? "during"
                                          : "until_recovered");
        key(out, "expedite");
        if (ps->expedite > 0.0) {
            fputs("{\"factor\": ", out);
            json_put_exact(out, ps->expedite);
            num_field(out, "cost", ps->expedite_cost);
            fputc('}', out);
        } else {
            fputs("null", out);
        }
        if (w->line.n_stages == 0) {
            double initial = ps->initial_inventory;
            if (isnan(initial) && r)
                initial = ps->type->initial_inventory
                              ? ps->type->initial_inventory(&r->effective[p])
                              : 0.0;
            fputs(", \"initial_inventory\": {\"value\": ", out);
            json_put_exact(out, initial);
            str_field(out, "from", isnan(ps->initial_inventory) ? "policy"
                                                                : "given");
            fputc('}', out);
        }
        put_parameters(out, sc, p, r, o);
        if (r && r->plans && r->plans[p][0])
            str_field(out, "plan", r->plans[p]);
        fputc('}', out);
    }
    fputc(']', out);
}

/* ---- the disruptions that happened --------------------------------------- */

/* What a disruption hits: a supplier, or a line's stage. */
static const char *target_name(const world_spec *w, const disruption_spec *d,
                               int *stage)
{
    *stage = d->stage >= 0 && (size_t)d->stage < w->line.n_stages;
    if (*stage)
        return w->line.stages[d->stage].name;
    return d->supplier >= 0 && (size_t)d->supplier < w->n_suppliers
               ? w->suppliers[d->supplier].name
               : "";
}

typedef struct window_out {
    FILE *out;
    const world_spec *w;
    const disruption_spec *d;
    int *first;
} window_out;

static void put_window(void *ctx, double start, double end)
{
    window_out *k = ctx;
    int stage;
    const char *target = target_name(k->w, k->d, &stage);
    fputs(*k->first ? "\n    {\"label\": " : ",\n    {\"label\": ", k->out);
    *k->first = 0;
    json_put_string(k->out, k->d->name);
    str_field(k->out, "supplier", target);
    str_field(k->out, "target", stage ? "stage" : "supplier");
    str_field(k->out, "effect", disruption_effect_name(k->d->effect));
    key(k->out, "start");
    json_put_number(k->out, start);
    key(k->out, "end");
    json_put_number(k->out, end < k->w->horizon ? end : k->w->horizon);
    fputc('}', k->out);
}

typedef struct window_count {
    double from, to;
    long n;
    double time;
} window_count;

static void count_window(void *ctx, double start, double end)
{
    window_count *c = ctx;
    double a = start > c->from ? start : c->from;
    double b = end < c->to ? end : c->to;
    if (b > a || (start >= c->from && start < c->to)) {
        c->n++;
        c->time += b > a ? b - a : 0.0;
    }
}

static void put_disruptions(FILE *out, const scenario *sc, uint64_t seed,
                            uint64_t reps, double warmup)
{
    const world_spec *w = &sc->worlds[0];
    gsl_rng *scratch = stream_create(seed, 0, "meta.disruptions");
    int first = 1;
    fputs(",\n \"disruptions\": [", out);
    for (size_t i = 0; scratch && i < w->n_disruptions; i++) {
        window_out k = {out, w, &w->disruptions[i], &first};
        disruption_windows(&w->disruptions[i], seed, 0, w->horizon, scratch,
                           put_window, &k);
    }
    fputs("], \"disruptions_from\": \"replication 0\"", out);
    if (!isfinite(warmup))
        warmup = 0.0;
    fputs(",\n \"disruption_window\": [", out);
    json_put_exact(out, warmup);
    fputs(", ", out);
    json_put_exact(out, w->horizon);
    fputs("],\n \"disruption_counts\": [", out);
    for (size_t i = 0; scratch && i < w->n_disruptions; i++) {
        const disruption_spec *d = &w->disruptions[i];
        int stage;
        const char *target = target_name(w, d, &stage);
        fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", out);
        json_put_string(out, d->name);
        str_field(out, "supplier", target);
        str_field(out, "target", stage ? "stage" : "supplier");
        str_field(out, "effect", disruption_effect_name(d->effect));
        bool_field(out, "random", d->random);
        long *n = calloc(reps ? reps : 1, sizeof *n);
        double *t = calloc(reps ? reps : 1, sizeof *t);
        uint64_t hit = 0;
        for (uint64_t rep = 0; n && t && rep < reps; rep++) {
            window_count c = {warmup, w->horizon, 0, 0.0};
            disruption_windows(d, seed, rep, w->horizon, scratch,
                               count_window, &c);
            n[rep] = c.n;
            t[rep] = c.time;
            hit += c.n > 0;
        }
        num_field(out, "replications_hit", (double)hit);
        fputs(", \"occurrences\": [", out);
        for (uint64_t rep = 0; n && rep < reps; rep++)
            fprintf(out, "%s%ld", rep ? ", " : "", n[rep]);
        fputs("], \"time\": [", out);
        for (uint64_t rep = 0; t && rep < reps; rep++) {
            fputs(rep ? ", " : "", out);
            json_put_number(out, t[rep]);
        }
        fputs("]}", out);
        free(n);
        free(t);
    }
    fputc(']', out);
    if (scratch)
        gsl_rng_free(scratch);
}

/* ---- the file ------------------------------------------------------------ */

int output_meta_json(FILE *out, const scenario *sc, const run_result *r,
                     const run_origin *o, const char *const *files,
                     size_t n_files)
{
    const world_spec *w0 = sc->n_policies ? &sc->worlds[0] : NULL;
    uint64_t reps = r ? r->n_reps : o ? o->replications : sc->replications;
    uint64_t seed = r ? r->seed : o ? o->seed : sc->seed;
    double warmup = r                ? r->warmup
                    : sc->warmup_auto ? NAN
                    : w0             ? w0->warmup
                                     : 0.0;
    fprintf(out, "{\"format\": %d, \"program\": \"jitsim %s\", "
                 "\"command\": ",
            META_JSON_FORMAT, JITSIM_VERSION_STRING);
    json_put_string(out, o && o->command ? o->command : r ? "run" : "sweep");
    fputs(",\n \"scenario\": ", out);
    json_put_string(out, sc->name);
    fputs(",\n \"description\": ", out);
    json_put_string(out, sc->description);
    fputs(",\n \"source\": ", out);
    json_put_string(out, sc->source);
    fputs(",\n \"time_unit\": ", out);
    json_put_string(out, sc->time_unit);
    fputs(", \"horizon\": ", out);
    json_put_number(out, w0 ? w0->horizon : NAN);
    fputs(", \"warmup\": ", out);
    json_put_number(out, warmup);
    fprintf(out, ", \"warmup_auto\": %s, \"replications\": %llu, "
                 "\"seed\": %llu,\n \"baseline\": ",
            (r ? r->warmup_was_auto : sc->warmup_auto) ? "true" : "false",
            (unsigned long long)reps, (unsigned long long)seed);
    json_put_string(out, sc->n_policies
                             ? sc->worlds[sc->baseline].policy.name
                             : "");
    fputs(",\n \"overrides\": [", out);
    for (size_t i = 0; o && i < o->n_sets; i++) {
        fputs(i ? ", " : "", out);
        json_put_string(out, o->sets[i]);
    }
    fputc(']', out);
    if (w0) {
        put_item(out, w0);
        put_demand(out, &w0->demand, r);
        put_suppliers(out, w0);
    }
    put_policies(out, sc, r, o);
    fputs(",\n \"sentences\": [", out);
    int first = 1;
    for (size_t p = 0; r && p < r->n_policies; p++) {
        if ((int)p == sc->baseline)
            continue;
        char sentence[1024];
        output_sentence(sentence, sizeof sentence, sc, r, p);
        fputs(first ? "\n    " : ",\n    ", out);
        json_put_string(out, sentence);
        first = 0;
    }
    fputs("],\n \"sweep\": [", out);
    const sweep_axis *axes = o && o->axes ? o->axes : sc->axes;
    size_t n_axes = o && o->axes ? o->n_axes : sc->n_axes;
    for (size_t a = 0; a < n_axes; a++) {
        fputs(a ? ", {\"path\": " : "{\"path\": ", out);
        json_put_string(out, axes[a].path);
        fputs(", \"values\": [", out);
        for (size_t v = 0; v < axes[a].n_values; v++) {
            if (v)
                fputs(", ", out);
            json_put_exact(out, axes[a].values[v]);
        }
        fputs("]}", out);
    }
    fputs("],\n \"files\": [", out);
    for (size_t i = 0; i < n_files; i++) {
        if (i)
            fputs(", ", out);
        json_put_string(out, files[i]);
    }
    fputc(']', out);
    if (w0)
        put_disruptions(out, sc, seed, reps, warmup);
    fputs("}\n", out);
    return ferror(out) ? -1 : 0;
}
