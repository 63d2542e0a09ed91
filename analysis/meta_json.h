/*
 * meta_json.h - meta.json: what a run's or a sweep's directory holds
 * beside its CSV files, for people defending a result and for `jitsim
 * report` (analysis/report/meta.c reads it back). docs/reports.md
 * documents every field; this is its shape, format 2:
 *
 *   format (2), program ("jitsim 0.1.0", as --version), command ("run",
 *   "sweep"), scenario, description, source, time_unit, horizon, warmup
 *   (as run; a sweep with warmup: auto: null), warmup_auto, replications,
 *   seed, baseline (a policy's name),
 *   overrides [the --set PATH=VALUE, verbatim, in order],
 *   item {unit_cost, holding_cost (per time unit, as charged),
 *     holding_rate, backorder_cost, stockout_cost, lost_sales, shelf_life,
 *     scrap_cost, price},
 *   demand {arrivals, rate, size, period, quantity, trend, season,
 *     shocks, file, rows, planning_rate},
 *   suppliers [{name, lead_time (a distribution as dist_parse reads it),
 *     lead_time_mean, servers, process_time, order_cost, shipment_cost,
 *     unit_freight, unit_price (as charged), unit_price_from ("supplier" or
 *     "item"), landed_cost, min_order, defect_rate, ownership,
 *     deliveries}],
 *   policies [{name, type, family, baseline, supplier, second_supplier,
 *     backup_supplier, switch_after, backup_lot, emergency_stock, release,
 *     expedite {factor, cost} or null, initial_inventory {value, from},
 *     parameters {NAME: {value, from: given|auto|optimal|default, swept}},
 *     parameters_text (as the console prints them), plan}],
 *   sentences [one per non-baseline policy, as printed; a run's],
 *   sweep [{path, values}] (a run: the file's sweep: block; a sweep: the
 *     grid as run),
 *   files [the files of the set, meta.json included],
 *   disruptions [{label, supplier, target, effect, start, end}]
 *     (replication 0's windows as they happened, random ones included,
 *     clipped to the horizon), disruptions_from ("replication 0"),
 *   disruption_counts [{name, supplier, target, effect, random,
 *     replications_hit, occurrences [per replication], time [per
 *     replication]}] (the windows that overlap the observed window
 *     [warmup, horizon) and how long they overlap it).
 *
 * A sweep's meta.json describes its base scenario (the file with the
 * --set overrides): parameters as given, `auto` ones without a value
 * (each point resolves its own), swept ones marked; its disruptions are
 * the base's.
 *
 * Not here: the CSV files (output.c), scenario.yaml (effective.h).
 */
#ifndef JITSIM_META_JSON_H
#define JITSIM_META_JSON_H

#include <stdio.h>

#include "analysis/effective.h"
#include "analysis/run.h"
#include "analysis/scenario.h"

#define META_JSON_FORMAT 2

/* meta.json's content on a stream: r is the run's result, or NULL for a
 * sweep (then o's axes, replications and seed say what ran). o may be
 * NULL (no overrides known). 0, or -1 when the stream failed. */
int output_meta_json(FILE *out, const scenario *sc, const run_result *r,
                     const run_origin *o, const char *const *files,
                     size_t n_files);

/* A sweep's description, written into dir before its points run:
 * scenario.yaml (effective_sweep_text; left out, with why in warning,
 * when it would not read back as the sweep) and meta.json, whose files
 * list the sweep's: those of `outputs` (SWEEP_OUT_* of sweep.h, --outputs),
 * best.csv and winners.csv only when `whole` (not for a shard). 0, or -1
 * with "PATH: cannot write (why)" in err. sweep_describe.c. */
int sweep_describe(const char *dir, const scenario *base,
                   const run_origin *o, unsigned outputs, int whole,
                   char *warning, size_t warnlen, char *err, size_t errlen);

/* JSON values: a string with escapes; a number (%.10g), null when not
 * finite; and a number that reads back as the same double. */
void json_put_string(FILE *out, const char *s);
void json_put_number(FILE *out, double x);
void json_put_exact(FILE *out, double x);

#endif
