/*
 * output.c - what a run writes: summary.csv, replications.csv and the
 * other CSV files, with scenario.yaml and meta.json, put in place as one
 * set; the events told in words; the JSON of --format json.
 *
 * Not here: the comparison table and the plain-words verdict printed on
 * the terminal (table.c), meta.json's content (meta_json.c),
 * scenario.yaml's (effective.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include "analysis/atomic.h"
#include "analysis/effective.h"
#include "analysis/meta_json.h"
#include "models/calendar.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

/* Whether the scenario is a production line (its policies share it). */
static int is_line(const scenario *sc)
{
    return sc->n_policies > 0 && sc->worlds[0].line.n_stages > 0;
}

/* ---- CSV ----------------------------------------------------------------- */

static void put_text(FILE *f, const char *text)
{
    csv_fwrite(f, text, strlen(text));
}

void output_put_name(FILE *f, const char *name)
{
    int plain = name[0] != '\0';
    for (const char *p = name; *p; p++)
        plain = plain && ((*p >= 'a' && *p <= 'z') ||
                          (*p >= 'A' && *p <= 'Z') ||
                          (*p >= '0' && *p <= '9') || *p == '_' ||
                          *p == '.' || *p == '-');
    if (plain)
        fputs(name, f);
    else
        put_text(f, name);
}

static void put_number(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.10g", x);
}

static void put_estimate(FILE *f, const estimate *e)
{
    put_number(f, e->mean);
    fputc(',', f);
    put_number(f, e->sd);
    fputc(',', f);
    put_number(f, e->low);
    fputc(',', f);
    put_number(f, e->high);
    fputc(',', f);
    fprintf(f, "%zu", e->n);
}

/* The swept parameters' columns: header names, or a row's values. */
static void put_axis_names(FILE *f, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fputc(',', f);
        put_text(f, names[i]);
    }
}

static void put_axis_values(FILE *f, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fputc(',', f);
        fputs(cells[i], f);
    }
}

static void put_point(FILE *f, long point)
{
    if (point >= 0)
        fprintf(f, "%ld", point);
}

void output_summary_header(FILE *f, const char *const *axes, size_t n_axes)
{
    fputs("point,policy,metric,mean,sd,ci_low,ci_high,n,diff,"
          "diff_ci_low,diff_ci_high",
          f);
    put_axis_names(f, axes, n_axes);
    fputc('\n', f);
}

void output_summary_rows(FILE *f, const scenario *sc, const run_result *r,
                         long point, const char *const *values,
                         size_t n_values)
{
    for (size_t p = 0; p < r->n_policies; p++)
        for (size_t m = 0; m < r->columns.n; m++) {
            put_point(f, point);
            fputc(',', f);
            put_text(f, sc->worlds[p].policy.name);
            fputc(',', f);
            put_text(f, r->columns.name[m]);
            fputc(',', f);
            put_estimate(f, run_summary(r, p, m));
            const estimate *d = run_diff(r, p, m);
            fputc(',', f);
            put_number(f, d->mean);
            fputc(',', f);
            put_number(f, d->low);
            fputc(',', f);
            put_number(f, d->high);
            put_axis_values(f, values, n_values);
            fputc('\n', f);
        }
}

int output_summary_csv(FILE *f, const scenario *sc, const run_result *r)
{
    output_summary_header(f, NULL, 0);
    output_summary_rows(f, sc, r, -1, NULL, 0);
    return ferror(f) ? -1 : 0;
}

void output_replications_header(FILE *f, const metric_columns *columns,
                                const char *const *axes, size_t n_axes)
{
    fputs("point,policy,replication", f);
    for (size_t m = 0; m < columns->n; m++) {
        fputc(',', f);
        output_put_name(f, columns->name[m]);
    }
    put_axis_names(f, axes, n_axes);
    fputc('\n', f);
}

void output_replications_rows(FILE *f, const scenario *sc,
                              const run_result *r, long point,
                              const char *const *values, size_t n_values)
{
    for (size_t p = 0; p < r->n_policies; p++)
        for (uint64_t rep = 0; rep < r->n_reps; rep++) {
            put_point(f, point);
            fputc(',', f);
            put_text(f, sc->worlds[p].policy.name);
            fprintf(f, ",%llu", (unsigned long long)rep);
            const double *row = run_row(r, p, rep);
            for (size_t m = 0; m < r->columns.n; m++) {
                fputc(',', f);
                put_number(f, row[m]);
            }
            put_axis_values(f, values, n_values);
            fputc('\n', f);
        }
}

static int replications_csv(FILE *f, const scenario *sc, const run_result *r)
{
    output_replications_header(f, &r->columns, NULL, 0);
    output_replications_rows(f, sc, r, -1, NULL, 0);
    return ferror(f) ? -1 : 0;
}

static int timeseries_csv(FILE *f, const scenario *sc, const run_result *r)
{
    fputs("policy,replication,t,on_hand,backorders,on_order,wip\n", f);
    for (size_t p = 0; p < r->n_policies; p++) {
        const timeseries *ts = &r->series[p];
        for (size_t i = 0; i < ts->n; i++) {
            const timeseries_point *pt = &ts->points[i];
            put_text(f, sc->worlds[p].policy.name);
            fprintf(f, ",0,%.10g,%.10g,%.10g,%.10g,%.10g\n", pt->t,
                    pt->on_hand, pt->backorders, pt->on_order, pt->wip);
        }
    }
    return ferror(f) ? -1 : 0;
}

/* stage_wip.csv: a line's WIP at each stage after each change. */
static int stage_wip_csv(FILE *f, const scenario *sc, const run_result *r)
{
    const line_spec *line = &sc->worlds[0].line;
    fputs("policy,replication,t", f);
    for (size_t k = 0; k < line->n_stages; k++) {
        fputc(',', f);
        put_text(f, line->stages[k].name);
    }
    fputc('\n', f);
    for (size_t p = 0; p < r->n_policies; p++) {
        const timeseries *ts = &r->series[p];
        if (ts->n_stages != line->n_stages)
            continue;
        for (size_t i = 0; i < ts->stage_n; i++) {
            put_text(f, sc->worlds[p].policy.name);
            fprintf(f, ",0,%.10g", ts->stage_t[i]);
            for (size_t k = 0; k < ts->n_stages; k++)
                fprintf(f, ",%.10g", ts->stage_wip[i * ts->n_stages + k]);
            fputc('\n', f);
        }
    }
    return ferror(f) ? -1 : 0;
}

/* nodes.csv: a chain's nodes bucket by bucket, replication 0 of each
 * policy: t is the bucket's end; orders the units the node ordered in
 * the bucket; net_stock its on hand - backorders at t. */
static int nodes_csv(FILE *f, const scenario *sc, const run_result *r)
{
    fputs("policy,node,t,orders,net_stock\n", f);
    for (size_t p = 0; p < r->n_policies; p++) {
        const node_series *ns = &r->nodes[p];
        const world_spec *w = &sc->worlds[p];
        for (size_t k = 0; k < ns->n_nodes && k < w->n_nodes; k++)
            for (size_t b = 0; b < ns->n; b++) {
                put_text(f, w->policy.name);
                fputc(',', f);
                put_text(f, w->nodes[k].name);
                fprintf(f, ",%.10g,%.10g,%.10g\n",
                        ns->start + (double)(b + 1) * ns->width,
                        ns->orders[k * ns->n + b],
                        ns->net_stock[k * ns->n + b]);
            }
    }
    return ferror(f) ? -1 : 0;
}

/* The name of a line's stage or product in a trace (empty for -1). */
static const char *stage_name(const world_spec *w, int k)
{
    return k >= 0 && (size_t)k < w->line.n_stages ? w->line.stages[k].name
                                                  : "";
}

static const char *product_name(const world_spec *w, int p)
{
    if (p < 0)
        return "";
    return (size_t)p < w->line.n_products ? w->line.products[p].name
                                          : "product";
}

/* A stock-point event's supplier by name: for a chain's node supplied by
 * another node, that node; else the world's supplier (empty for none). */
static const char *event_supplier(const world_spec *w, const trace_record *e)
{
    if (w->n_nodes > 0 && e->node >= 0 && (size_t)e->node < w->n_nodes) {
        const node_spec *n = &w->nodes[e->node];
        if (n->from >= 0 && e->supplier >= 0)
            return w->nodes[n->from].name;
    }
    return e->supplier >= 0 && (size_t)e->supplier < w->n_suppliers
               ? w->suppliers[e->supplier].name
               : "";
}

/* The node an event is of, for a chain ("" otherwise). */
static const char *event_node(const world_spec *w, const trace_record *e)
{
    return w->n_nodes > 0 && e->node >= 0 && (size_t)e->node < w->n_nodes
               ? w->nodes[e->node].name
               : "";
}

/* events.csv: one row per traced event. A line's rows have their own
 * columns (stage, product, wip, raw) instead of a stock point's
 * (supplier, on_order); a supply chain's have a node column after t (the
 * stock point the event is of), and its levels are that node's. */
int output_events_csv(FILE *f, const scenario *sc, const run_result *r)
{
    int line = sc->n_policies && sc->worlds[0].line.n_stages;
    int chain = sc->n_policies && sc->worlds[0].n_nodes > 0;
    fputs(line    ? "policy,replication,t,event,quantity,stage,product,"
                    "on_hand,backorders,wip,raw\n"
          : chain ? "policy,replication,t,node,event,quantity,supplier,"
                    "on_hand,backorders,on_order\n"
                  : "policy,replication,t,event,quantity,supplier,on_hand,"
                    "backorders,on_order\n",
          f);
    for (size_t p = 0; p < r->n_policies; p++) {
        const trace_log *log = &r->traces[p];
        const world_spec *w = &sc->worlds[p];
        for (size_t i = 0; i < log->n; i++) {
            const trace_record *e = &log->records[i];
            put_text(f, w->policy.name);
            fprintf(f, ",0,%.10g,", e->t);
            if (chain) {
                put_text(f, event_node(w, e));
                fputc(',', f);
            }
            fprintf(f, "%s,%.10g,",
                    line ? line_event_name((line_event)e->line_event)
                         : stockpt_event_name(e->event),
                    e->quantity);
            if (line) {
                if (e->stage >= 0)
                    put_text(f, stage_name(w, e->stage));
                fputc(',', f);
                if (e->product >= 0)
                    put_text(f, product_name(w, e->product));
                fprintf(f, ",%.10g,%.10g,%.10g,%.10g\n", e->on_hand,
                        e->backorders, e->wip, e->raw);
            } else {
                if (e->supplier >= 0)
                    put_text(f, event_supplier(w, e));
                fprintf(f, ",%.10g,%.10g,%.10g\n", e->on_hand,
                        e->backorders, e->on_order);
            }
        }
    }
    return ferror(f) ? -1 : 0;
}

/* What a disruption of supplier `s` is called in words: its effect when
 * every disruption of that supplier has the same one. */
static const char *disruption_words(const world_spec *w, int s)
{
    static const char *const words[] = {"outage", "lead-time disruption",
                                        "capacity cut", "permanent loss",
                                        "closure"};
    int effect = -1;
    for (size_t i = 0; i < w->n_disruptions; i++) {
        const disruption_spec *d = &w->disruptions[i];
        if (d->supplier != s)
            continue;
        if (effect >= 0 && effect != (int)d->effect)
            return "disruption";
        effect = (int)d->effect;
    }
    return effect >= 0 && (size_t)effect < sizeof words / sizeof words[0]
               ? words[effect]
               : "disruption";
}

/* One line event in words. */
static void narrate_line_event(FILE *out, const world_spec *w,
                               const trace_record *e)
{
    const char *st = stage_name(w, e->stage);
    const char *pr = product_name(w, e->product);
    int several = w->line.n_products > 1;
    switch ((line_event)e->line_event) {
    case LINE_CUSTOMER_ORDER:
        fprintf(out, "customer order for %g%s%s; %g on hand, %g waiting\n",
                e->quantity, several ? " of " : "", several ? pr : "",
                e->on_hand, e->backorders);
        break;
    case LINE_SHORT:
        fprintf(out, "  %g short: the customer waits\n", e->quantity);
        break;
    case LINE_RELEASE:
        fprintf(out, "a unit%s%s released to %s (%g in the line)\n",
                several ? " of " : "", several ? pr : "", st, e->wip);
        break;
    case LINE_CARD:
        fprintf(out, "kanban card%s%s back at %s: make %g more\n",
                several ? " for " : "", several ? pr : "", st, e->quantity);
        break;
    case LINE_SETUP:
        fprintf(out, "%s changes over to %s (%.3g)\n", st, pr, e->quantity);
        break;
    case LINE_DONE:
        fprintf(out, "%s finished a unit%s%s\n", st, several ? " of " : "",
                several ? pr : "");
        break;
    case LINE_FINISHED:
        fprintf(out, "%s finished a unit%s%s for the store; %g on hand, %g "
                     "waiting\n",
                st, several ? " of " : "", several ? pr : "", e->on_hand,
                e->backorders);
        break;
    case LINE_SCRAP:
        fprintf(out, "%s scrapped a defective unit%s%s\n", st,
                several ? " of " : "", several ? pr : "");
        break;
    case LINE_REWORK:
        fprintf(out, "%s found a defect%s%s: the unit goes through again\n",
                st, several ? " in " : "", several ? pr : "");
        break;
    case LINE_BREAKDOWN:
        fprintf(out, "a machine of %s breaks down; repair takes %.3g\n", st,
                e->quantity);
        break;
    case LINE_REPAIRED:
        fprintf(out, "a machine of %s is repaired\n", st);
        break;
    case LINE_MAINTENANCE:
        fprintf(out, "a machine of %s stops for maintenance (%.3g)\n", st,
                e->quantity);
        break;
    case LINE_STOPPED:
        fprintf(out, "a disruption stops %s\n", st);
        break;
    case LINE_RESTARTED:
        fprintf(out, "%s starts again\n", st);
        break;
    case LINE_RAW_ORDER:
        fprintf(out, "raw material ordered: %g (%g in store)\n",
                e->quantity, e->raw);
        break;
    case LINE_RAW_RECEIPT:
        fprintf(out, "raw material received: %g good (%g in store)\n",
                e->quantity, e->raw);
        break;
    }
}

/* Whether record i is a shipment that left the moment it was ordered:
 * told with the order, not again (only one that waited is told: a closed
 * day, an outage, the servers). */
static int dispatched_on_placing(const trace_log *log, size_t i)
{
    const trace_record *e = &log->records[i];
    if (e->line_event >= 0 || e->event != STOCKPT_DISPATCHED || i == 0)
        return 0;
    const trace_record *o = e - 1;
    return o->line_event < 0 && o->event == STOCKPT_ORDER_PLACED &&
           o->t == e->t && o->supplier == e->supplier && o->node == e->node &&
           o->quantity == e->quantity;
}

void output_narrate(FILE *out, const scenario *sc, const run_result *r)
{
    for (size_t p = 0; p < r->n_policies; p++) {
        const trace_log *log = &r->traces[p];
        const world_spec *w = &sc->worlds[p];
        const char *name = w->policy.name;
        fprintf(out, "== %s (%s), replication 0\n", name,
                w->policy.type->name);
        for (size_t i = 0; i < log->n; i++) {
            const trace_record *e = &log->records[i];
            const char *sup = event_supplier(w, e);
            if (dispatched_on_placing(log, i))
                continue;
            if (sc->has_calendar)
                fprintf(out, "%s %.2f (%s): ", sc->time_unit, e->t,
                        calendar_weekday_name(
                            (int)((sc->calendar_start +
                                   (long long)floor(e->t)) %
                                  CALENDAR_WEEK)));
            else
                fprintf(out, "%s %.2f: ", sc->time_unit, e->t);
            /* A chain's events say which node did what. */
            if (w->n_nodes > 0 && e->line_event < 0)
                fprintf(out, "%s: ", event_node(w, e));
            if (e->line_event == LINE_RELEASE) {
                /* A plan releases many at one instant: one sentence. */
                size_t n = 1;
                while (i + n < log->n && e[n].line_event == LINE_RELEASE &&
                       e[n].t == e->t && e[n].product == e->product)
                    n++;
                if (n > 1) {
                    int several = w->line.n_products > 1;
                    fprintf(out, "%zu units%s%s released to %s (%g in the "
                                 "line)\n",
                            n, several ? " of " : "",
                            several ? product_name(w, e->product) : "",
                            stage_name(w, e->stage), e[n - 1].wip);
                    i += n - 1;
                    continue;
                }
            }
            if (e->line_event >= 0) {
                narrate_line_event(out, w, e);
                continue;
            }
            switch (e->event) {
            case STOCKPT_CUSTOMER_ORDER:
                /* A chain's node without customers hears only the
                 * orders of the nodes it supplies. */
                if (w->n_nodes > 0 && e->node >= 0 &&
                    (size_t)e->node < w->n_nodes &&
                    !w->nodes[e->node].customers)
                    fprintf(out, "order for %g arrives from downstream; "
                                 "%g on hand, %g waiting\n",
                            e->quantity, e->on_hand, e->backorders);
                else
                    fprintf(out, "customer order for %g; %g on hand, %g "
                                 "waiting\n",
                            e->quantity, e->on_hand, e->backorders);
                break;
            case STOCKPT_SHORT:
                fprintf(out, "  %g short: %s\n", e->quantity,
                        w->item.lost_sales ? "the sale is lost"
                                           : "the customer waits");
                break;
            case STOCKPT_KANBAN_CARD: {
                /* The card's order follows at the same instant: tell
                 * both in one sentence. */
                const trace_record *o = i + 1 < log->n ? &e[1] : NULL;
                if (o && o->event == STOCKPT_ORDER_PLACED && o->t == e->t) {
                    fprintf(out, "container emptied, kanban card %g sent "
                                 "to supplier %s: order of %g (%g on "
                                 "order)\n",
                            e->quantity, sup, o->quantity, o->on_order);
                    i++;
                } else {
                    fprintf(out, "container emptied, kanban card %g sent "
                                 "to supplier %s\n",
                            e->quantity, sup);
                }
                break;
            }
            case STOCKPT_ORDER_PLACED:
                fprintf(out, "order of %g placed with %s (%g on "
                             "order)\n",
                        e->quantity, sup, e->on_order);
                break;
            case STOCKPT_RECEIPT: {
                /* The levels are those just after the receipt; waiting
                 * customers are served from it next, oldest first. */
                double served = e->on_hand < e->backorders ? e->on_hand
                                                           : e->backorders;
                if (served > 0.0)
                    fprintf(out, "%g received from %s, %g of them to "
                                 "waiting customers; %g on hand, %g still "
                                 "waiting\n",
                            e->quantity, sup, served, e->on_hand - served,
                            e->backorders - served);
                else
                    fprintf(out, "%g received from %s; %g on hand, %g "
                                 "waiting\n",
                            e->quantity, sup, e->on_hand, e->backorders);
                break;
            }
            case STOCKPT_REJECTED:
                fprintf(out, "  %g defective, sent back to %s\n",
                        e->quantity, sup);
                break;
            case STOCKPT_DISRUPTION_BEGIN:
                fprintf(out, "%s at supplier %s begins\n",
                        disruption_words(w, e->supplier), sup);
                break;
            case STOCKPT_DISRUPTION_END:
                fprintf(out, "%s at supplier %s ends\n",
                        disruption_words(w, e->supplier), sup);
                break;
            case STOCKPT_RECOVERED:
                fprintf(out, "supply from %s has recovered: what the "
                             "disruption held back and an order placed "
                             "since have arrived",
                        sup);
                if (w->policy.emergency_stock > 0.0 &&
                    w->policy.release == RELEASE_UNTIL_RECOVERED)
                    fprintf(out, "; emergency stock locked again (%g of "
                                 "%g left)",
                            e->quantity, w->policy.emergency_stock);
                fputc('\n', out);
                break;
            case STOCKPT_REVIEW:
                fprintf(out, "review: position %g\n",
                        e->on_hand + e->on_order - e->backorders);
                break;
            case STOCKPT_DISPATCHED:
                fprintf(out, "shipment of %g leaves %s\n", e->quantity,
                        sup);
                break;
            case STOCKPT_RETURNED:
                fprintf(out, "return of %g sent back to %s (%g on hand)\n",
                        e->quantity, sup, e->on_hand);
                break;
            }
        }
    }
}

void output_trace_window(run_result *r, double from, double to)
{
    if (!r->traces)
        return;
    for (size_t p = 0; p < r->n_policies; p++) {
        trace_log *log = &r->traces[p];
        size_t kept = 0;
        for (size_t i = 0; i < log->n; i++)
            if (log->records[i].t >= from && log->records[i].t < to)
                log->records[kept++] = log->records[i];
        log->n = kept;
    }
}

typedef int (*csv_writer)(FILE *f, const scenario *sc, const run_result *r);

typedef struct csv_job {
    csv_writer fn;
    const scenario *sc;
    const run_result *r;
} csv_job;

static int fill_csv(FILE *f, void *ctx)
{
    const csv_job *job = ctx;
    return job->fn(f, job->sc, job->r);
}

/* Every file a run may write into its directory: checked free before the
 * run, and those a run did not write removed when its set is in place (an
 * earlier run's; report.html describes that run too). */
static const char *const run_file_names[] = {
    "summary.csv", "replications.csv", "timeseries.csv", "stage_wip.csv",
    "nodes.csv",   "events.csv",       "scenario.yaml",  "meta.json",
    "report.html"};
#define N_RUN_FILES (sizeof run_file_names / sizeof run_file_names[0])
#define N_CSV_FILES 6 /* the first six */

size_t output_run_files(const scenario *sc, const run_result *r,
                        const char *names[OUTPUT_RUN_FILES_MAX])
{
    size_t n = 0;
    names[n++] = "summary.csv";
    names[n++] = "replications.csv";
    if (r->series)
        names[n++] = "timeseries.csv";
    if (r->series && is_line(sc))
        names[n++] = "stage_wip.csv";
    if (r->nodes)
        names[n++] = "nodes.csv";
    if (r->traces)
        names[n++] = "events.csv";
    return n;
}

static csv_writer writer_of(const char *name)
{
    if (!strcmp(name, "summary.csv"))
        return output_summary_csv;
    if (!strcmp(name, "replications.csv"))
        return replications_csv;
    if (!strcmp(name, "timeseries.csv"))
        return timeseries_csv;
    if (!strcmp(name, "stage_wip.csv"))
        return stage_wip_csv;
    if (!strcmp(name, "nodes.csv"))
        return nodes_csv;
    return output_events_csv;
}

typedef struct meta_job {
    const scenario *sc;
    const run_result *r;
    const run_origin *o;
    const char *const *files;
    size_t n_files;
} meta_job;

static int fill_meta(FILE *f, void *ctx)
{
    const meta_job *job = ctx;
    return output_meta_json(f, job->sc, job->r, job->o, job->files,
                            job->n_files);
}

typedef struct text_job {
    const char *text;
    size_t len;
} text_job;

static int fill_text(FILE *f, void *ctx)
{
    const text_job *job = ctx;
    return fwrite(job->text, 1, job->len, f) == job->len ? 0 : -1;
}

int output_begin(output_set *set, const char *dir, char *err,
                        size_t errlen)
{
    return output_set_begin(set, dir, run_file_names, N_RUN_FILES, err,
                            errlen);
}

/* The CSV files and, with meta (a run's result), scenario.yaml (when it
 * can be written; else why in warning) and meta.json last, as one set. */
static int write_set(output_set *set, const scenario *sc, const run_result *r,
                     const run_result *meta, const run_origin *o,
                     char *err, size_t errlen, char *warning,
                     size_t warnlen)
{
    const char *files[OUTPUT_RUN_FILES_MAX + 2];
    size_t n = output_run_files(sc, r, files);
    char *yaml = NULL;
    size_t yaml_len = 0;
    for (size_t i = 0; i < n; i++) {
        csv_job job = {writer_of(files[i]), sc, r};
        if (output_set_write(set, files[i], fill_csv, &job, err, errlen))
            goto failed;
    }
    if (meta && o) {
        char path[4200];
        snprintf(path, sizeof path, "%s/scenario.yaml", set->dir);
        if (effective_run_text(o, sc, meta, path, &yaml, &yaml_len, warning,
                               warnlen) == 0) {
            text_job job = {yaml, yaml_len};
            if (output_set_write(set, "scenario.yaml", fill_text, &job, err,
                                 errlen))
                goto failed;
            files[n++] = "scenario.yaml";
        }
    }
    if (meta) {
        files[n] = "meta.json";
        meta_job job = {sc, meta, o, files, n + 1};
        if (output_set_write(set, "meta.json", fill_meta, &job, err, errlen))
            goto failed;
    }
    free(yaml);
    yaml = NULL;
    /* Without meta.json (the library's CSV-only set), an existing one is
     * left: it is not this function's to judge. */
    if (output_set_commit(set, run_file_names, meta ? N_RUN_FILES : N_CSV_FILES, err,
                          errlen))
        return -1;
    return 0;
failed:
    free(yaml);
    output_set_abort(set);
    size_t used = strlen(err);
    snprintf(err + used, errlen - used, "; %s keeps the previous files, "
                                        "none of this run's was put in place",
             set->dir);
    return -1;
}

int output_write_csv(const scenario *sc, const run_result *r, const char *dir,
                     char *err, size_t errlen)
{
    output_set set;
    if (output_begin(&set, dir, err, errlen))
        return -1;
    return write_set(&set, sc, r, NULL, NULL, err, errlen, NULL, 0);
}

int output_write_run(output_set *set, const scenario *sc,
                     const run_result *written, const run_result *r,
                     const run_origin *o, char *err, size_t errlen,
                     char *warning, size_t warnlen)
{
    if (warning && warnlen)
        warning[0] = '\0';
    return write_set(set, sc, written, r, o, err, errlen, warning, warnlen);
}

/* ---- JSON ---------------------------------------------------------------- */

void output_print_json(FILE *out, const scenario *sc, const run_result *r)
{
    fputs("{\"scenario\": ", out);
    json_put_string(out, sc->name);
    fprintf(out, ", \"replications\": %llu, \"seed\": %llu, \"warmup\": ",
            (unsigned long long)r->n_reps, (unsigned long long)r->seed);
    json_put_number(out, r->warmup);
    fputs(", \"baseline\": ", out);
    json_put_string(out, sc->worlds[sc->baseline].policy.name);
    fputs(", \"policies\": [", out);
    for (size_t p = 0; p < r->n_policies; p++) {
        const policy_spec *ps = &sc->worlds[p].policy;
        fputs(p ? ", {\"name\": " : "{\"name\": ", out);
        json_put_string(out, ps->name);
        fputs(", \"type\": ", out);
        json_put_string(out, ps->type->name);
        fputs(", \"parameters\": {", out);
        int first = 1;
        for (int i = 0; i < PARAM_COUNT; i++) {
            if (!(ps->type->accepted & (1u << i)) ||
                r->effective[p].state[i] != PARAM_GIVEN)
                continue;
            fprintf(out, "%s\"%s\": ", first ? "" : ", ",
                    policy_param_name((policy_param)i));
            json_put_number(out, r->effective[p].value[i]);
            first = 0;
        }
        fputs("}, \"metrics\": {", out);
        for (size_t m = 0; m < r->columns.n; m++) {
            const estimate *e = run_summary(r, p, m);
            const estimate *d = run_diff(r, p, m);
            fputs(m ? ", " : "", out);
            json_put_string(out, r->columns.name[m]);
            fputs(": {\"mean\": ", out);
            json_put_number(out, e->mean);
            fputs(", \"ci_low\": ", out);
            json_put_number(out, e->low);
            fputs(", \"ci_high\": ", out);
            json_put_number(out, e->high);
            fputs(", \"diff\": ", out);
            json_put_number(out, d->mean);
            fputs(", \"diff_ci_low\": ", out);
            json_put_number(out, d->low);
            fputs(", \"diff_ci_high\": ", out);
            json_put_number(out, d->high);
            fputc('}', out);
        }
        fputs("}}", out);
    }
    fputs("]}\n", out);
}
