/*
 * scenario.h - scenario files: one world and the policies to compare in it.
 *
 * A scenario file (YAML, docs/scenario-format.md) is parsed with libfyaml,
 * every value checked against a key table (type, bounds, default), and
 * turned into an immutable `scenario`: the shared description of the world
 * and, per policy, a complete world_spec ready for world_create. Every user
 * mistake becomes one line "file:line:column: what is wrong; what is
 * expected"; all the mistakes of a file are reported in one go.
 *
 * A scenario with a `stages:` section is a production line: every world
 * then holds its own deep copy of the line (world_spec.line, models/line.h)
 * with its policy's release sequence, the products always listed (one
 * named "product", made of item: and demand:, when the file lists none),
 * and the policy as the line's control (its supplier -1: material comes
 * from line.raw). With products:, world_spec.demand is left at its default
 * and the products' demands are the line's.
 *
 * This module reads and checks; it does not run anything (see run.h).
 *
 * The reader is the folder analysis/scenario/, one file per section:
 *   name, description, time_unit, horizon,
 *   warmup, replications, seed, baseline,
 *   lesson, lesson_part                   top.c (and the sections' order)
 *   classroom:                            classroom.c
 *   calendar: (and a supplier's calendar:) calendar.c
 *   item:                                 item.c
 *   demand: (and a product's demand:)     demand.c
 *   suppliers:                            suppliers.c
 *   disruptions:                          disruptions.c
 *   policies:                             policies.c
 *   sweep:                                sweep_axes.c
 *   products:, raw:, stages:              products.c, raw.c, stages.c
 *                                         (line.c: which ones apply)
 *   nodes:, timing, rationing,
 *   fixed_weeks, a policy's nodes:        nodes.c (a supply chain)
 *   any distribution ({dist: ...})        dists.c
 * and behind them: document.c (YAML to a tree that keeps positions),
 * getters.c and suggest.c (typed values, did-you-mean), errors.c (the
 * error list), overrides.c (--set and sweep paths), build.c (a world per
 * policy), load.c (the functions below), rewrite.c (values written back
 * into a file's text), emit.c (a text written anew: the whole tree, or a
 * new sweep: block); internal.h is what they share.
 */
#ifndef JITSIM_SCENARIO_H
#define JITSIM_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "models/world.h"

#define SCENARIO_TEXT_MAX 4096
#define SCENARIO_WARNINGS_MAX 8
#define SCENARIO_WARNING_MAX 640
/* The longest name a categorical sweep axis takes. */
#define SWEEP_NAME_MAX 200
/* The sliders a lesson's classroom: block declares (the classroom page). */
#define SCENARIO_SLIDERS_MAX 8

/* One slider of the classroom page: a path as in --set, what the page
 * calls it, its range and step, and the file's own value at the path
 * (NaN when the file has none or it is not a number, such as auto). */
typedef struct scenario_slider {
    char path[256];
    char label[128];
    double min, max, step;
    double value;
} scenario_slider;

/* One swept parameter: a path as in --set ("demand.rate",
 * "suppliers.local.lead_time.mean", "policies.JIT.cards") and its values:
 * numbers, or names (a categorical axis: a supplier's name, a choice such
 * as release: until_recovered, a boolean), each applied as the text the
 * path's key reads. */
typedef struct sweep_axis {
    char path[256];
    size_t n_values;
    double *values; /* owned; of a categorical axis 0, 1, 2, ... */
    char **labels;  /* owned; NULL for numbers, else the n_values names */
} sweep_axis;

/* Frees an axis's values (and names) and empties it. */
void sweep_axis_free(sweep_axis *a);
/* A deep copy: 0, or -1 when memory runs out (dst then empty). */
int sweep_axis_copy(sweep_axis *dst, const sweep_axis *src);
/* "PATH=VALUE" of value i as an override (--set) applies it: a number to
 * 17 digits, a name as written (in double quotes, escaped, when it would
 * otherwise read as YAML: starting with [ { " or '). NULL when memory runs
 * out; the caller frees. */
char *sweep_axis_override(const sweep_axis *a, size_t i);
/* Value i as a CSV cell: a number to 10 digits (as summary.csv writes
 * numbers), a name in double quotes (a doubled quote inside). */
void sweep_axis_cell(const sweep_axis *a, size_t i, char *buf, size_t len);

typedef struct scenario {
    char name[256];
    char description[SCENARIO_TEXT_MAX];
    char time_unit[32];     /* "day" by default */
    int has_calendar;       /* the scenario has a calendar: */
    int calendar_start;     /* its weekday of day 0, 0 = Monday */
    char source[1024];      /* file name, or "<built-in NAME>" */
    uint64_t replications;  /* default 30 */
    uint64_t seed;          /* default 1 */
    int warmup_auto;        /* warmup: auto (MSER-5 on a pilot run) */
    int lesson;             /* place in the teaching order; 0: not a lesson */
    int lesson_part;        /* which file of the lesson, from 1 */
    int chain;              /* the file has a nodes: section (a supply
                               chain; one node is the single stock point) */
    size_t n_policies;
    world_spec *worlds;     /* one per policy, in file order (owned) */
    int baseline;           /* index of the baseline policy; default 0 */
    size_t n_axes;
    sweep_axis *axes;       /* the sweep: block, in file order (owned) */
    /* What is valid but likely not what the user meant, one line each:
     * "file:line:column: warning: what; expected what". */
    size_t n_warnings;
    char warnings[SCENARIO_WARNINGS_MAX][SCENARIO_WARNING_MAX];
    /* The classroom: block (the page `jitsim classroom` writes): its
     * sliders, in file order, and the metric its chart shows ("": the
     * verdict's). */
    size_t n_sliders;
    scenario_slider sliders[SCENARIO_SLIDERS_MAX];
    char classroom_metric[64];
} scenario;

/* An error list: every problem found, each one line
 * "file:line:column: what is wrong; what is expected". */
typedef struct scenario_errors {
    size_t n;
    char **lines; /* owned */
} scenario_errors;

void scenario_errors_init(scenario_errors *errors);
void scenario_errors_free(scenario_errors *errors);

/* Parses `text` (len bytes, need not be NUL-terminated) named `source` in
 * messages, applying the overrides ("path=value", as --set) before checking.
 * Returns 0 and fills sc, or -1 and fills errors (sc is then empty). The
 * file's directory is used to resolve a relative demand trace `file`. */
int scenario_parse(const char *text, size_t len, const char *source,
                   const char *const *overrides, size_t n_overrides,
                   scenario *sc, scenario_errors *errors);

/* Reads and parses a file; unreadable files are one error line too. */
int scenario_load(const char *path, const char *const *overrides,
                  size_t n_overrides, scenario *sc, scenario_errors *errors);

void scenario_free(scenario *sc);

/* Index of the policy named `name`, or -1. */
int scenario_policy(const scenario *sc, const char *name);

/* The word of `cands` that `word` most likely misspells (within two edits,
 * a difference of case, or an abbreviation), or NULL: the scenario
 * reader's "did you mean", for the program's own names (lessons). */
const char *scenario_suggest(const char *word, const char *const *cands,
                             size_t n);

/* Writes `sets` ("PATH=VALUE", paths as --set) into the scenario's text
 * itself: a value the file holds is replaced where it stands, a missing
 * key is added to its mapping in the mapping's style; the rest of the
 * text, comments included, is kept byte for byte. Only plain one-line
 * values (not a mapping, a list, a parameter inside a distribution string
 * or a value reached through an alias). 0 with a malloc'd NUL-terminated
 * text in *out (*out_len bytes), or -1 with "what is wrong; what is
 * expected" in err. It does not check the values: parse the result. */
int scenario_rewrite(const char *text, size_t len, const char *const *sets,
                     size_t n_sets, char **out, size_t *out_len, char *err,
                     size_t errlen);

/* The scenario's text written anew from its tree with `sets` applied in
 * order as --set applies them (emit.c): for what scenario_rewrite cannot
 * write in place. Block style; comments and layout are lost, the meaning
 * kept (plain scalars stay plain, others are double-quoted). 0 with a
 * malloc'd NUL-terminated text, or -1 with a message in err. */
int scenario_emit(const char *text, size_t len, const char *const *sets,
                  size_t n_sets, char **out, size_t *out_len, char *err,
                  size_t errlen);

/* The text with its top-level sweep: block (the key's line and the
 * indented lines after it) cut out and, when n_axes > 0, a new one
 * appended at the end: `comment` (lines starting with '#', or NULL), then
 * "sweep:" with each axis as "  PATH: [v1, v2, ...]", every value written
 * so that it reads back as the same double. The rest of the text is kept
 * byte for byte. Refuses a top level that is not a block mapping. 0 with
 * a malloc'd text, or -1 with a message. */
int scenario_replace_sweep(const char *text, size_t len,
                           const sweep_axis *axes, size_t n_axes,
                           const char *comment, char **out, size_t *out_len,
                           char *err, size_t errlen);

#endif
