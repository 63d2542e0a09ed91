/*
 * internal.h - what the files of analysis/scenario/ share and nothing
 * else includes: the limits, the tree of YAML nodes (ynode), the parse
 * context (scn) every check reads and fills, and the functions one file
 * of the folder defines and others call, all named scn_*.
 *
 * Not the API: analysis/scenario.h is (scenario_parse, scenario_load,
 * scenario_free, scenario_policy); it also maps each section of the
 * format to the file that reads it.
 */
#ifndef JITSIM_SCENARIO_INTERNAL_H
#define JITSIM_SCENARIO_INTERNAL_H

#include <math.h>
#include <stddef.h>

#include "analysis/scenario.h"

/* Limits. A scenario is a page of YAML; these are far above any real one
 * (an empirical distribution of 300,000 observations fits) and low enough
 * that the worst input fails in a second or two: libfyaml's look-ahead for
 * a flow collection on one long line costs about 0.6 us a byte, against
 * 0.04 us for ordinary YAML. */
#define SCN_FILE_MAX ((size_t)4 << 20)
#define SCN_NODES_MAX 1000000
#define SCN_DEPTH_MAX 64
#define SCN_ERRORS_MAX 100
#define SCN_LIST_MAX 256   /* suppliers, disruptions, policies */
#define SCN_AXES_MAX 32
#define SCN_SWEEP_MAX 100000
/* Replications a policy, and replication rows a run holds in memory
 * (policies x replications; each row is its scenario's columns: 280
 * bytes for a stock point, 30 KB for a chain of 101 nodes). */
#define SCN_REPLICATIONS_MAX 100000
#define SCN_ROWS_MAX 1000000
/* Replications a whole sweep runs (points x policies x replications):
 * beyond it a sweep would run for days. */
#define SCN_SWEEP_RUNS_MAX 1e9
/* Units a supplier with servers may make in a replication (one event
 * each). */
#define SCN_UNITS_MAX 1e9
#define SCN_SHOW 60        /* characters of user text quoted in messages */

#if defined(__GNUC__)
#define SCN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SCN_PRINTF(f, a)
#endif

/* ---- the tree (document.c) ---------------------------------------------- */

/* The tree and its strings live in one arena, freed at once: no per-node
 * malloc, no recursive free. */
typedef struct arena {
    struct arena_block *head;
} arena;

typedef enum ynode_type { YN_SCALAR, YN_MAP, YN_SEQ } ynode_type;

typedef struct ynode {
    unsigned char type;
    unsigned char plain;  /* scalar written without quotes: may be a number */
    unsigned char quoted; /* ' or " style */
    unsigned char exact;  /* text maps byte for byte onto source columns */
    unsigned char copied; /* a copy made for an alias: its positions are
                             the anchored node's, not its own */
    int line, col;        /* 1-based; of the text itself for a quoted
                             scalar (libfyaml marks inside the quotes) */
    size_t pos, end;      /* byte offsets in the text where the node starts
                             (as line, col) and, for a scalar, ends; for
                             writing values back into the file
                             (scenario_rewrite) */
    const char *origin;   /* NULL: the file; else the --set path */
    char *text;           /* scalar, NUL-terminated (may hold NULs) */
    size_t len;
    struct ynode **items; /* list: items; mapping: key, value, key, ... */
    size_t n;
} ynode;

/* Anchors, by name, for aliases. Open addressing; names live in the arena. */
typedef struct anchor_map {
    const char **names;
    size_t *lens;
    ynode **nodes;
    size_t cap, n;
} anchor_map;

/* The YAML reader's state; after scn_build_tree fails, err holds the
 * first problem, at (err_line, err_col). */
typedef struct builder {
    struct scn *c;
    const char *origin;
    int line, col;  /* of the last event with a position */
    size_t pos;     /* its byte offset */
    anchor_map anchors;
    struct frame *stack;
    size_t depth, stack_cap;
    ynode *root;
    int docs;
    /* The first problem: reported by the caller. */
    int failed, err_line, err_col;
    char err[400];
} builder;

/* ---- errors (errors.c) -------------------------------------------------- */

typedef struct err_item {
    int rank; /* 0: the command line (--set), 1: the file */
    int line, col;
    size_t seq;
    char *text;
} err_item;

typedef struct errlist {
    err_item *v;
    size_t n, cap;
    size_t seq;           /* errors reported, kept or not */
    size_t dropped;       /* beyond SCN_ERRORS_MAX in file order */
    err_item first_drop;  /* the earliest dropped (text unused) */
} errlist;

/* ---- the parsing context ------------------------------------------------ */

typedef struct scn {
    const char *source;
    char dir[1024];
    arena mem;
    errlist errs;
    int oom;
    size_t nodes;
    ynode *root;
    const char *text;       /* the input and overrides, to try sweep values */
    size_t len;
    const char *const *overrides;
    size_t n_overrides;
    int inner;              /* a parse trying one sweep value */
    const ynode **axis_keys;

    /* What the checks produce. */
    scenario out;
    double horizon, warmup, tupy;
    item_spec item;
    double initial_inventory;
    demand_spec demand;
    /* The top-level calendar: (calendar.c); given even when it had
     * errors, so that what follows it is not refused again. */
    int calendar_given;
    calendar_spec calendar;
    int have_suppliers; /* the suppliers list was readable */
    size_t n_sup, n_dis, n_pol;
    supplier_spec *sups;
    unsigned char *sup_named;
    disruption_spec *dis;
    policy_spec *pols;
    const ynode **pol_nodes;
    unsigned char *pol_ok;

    /* A production line (a `stages:` section): the line every policy's
     * world gets a copy of, and each policy's own release sequence. */
    int is_line;
    int suppliers_absent;   /* a line without suppliers: (allowed) */
    line_spec *line;        /* on the heap: it is 75 kB */
    unsigned char product_named[LINE_PRODUCTS_MAX];
    struct pol_sequence {
        size_t n;
        unsigned char v[LINE_SEQUENCE_MAX];
    } *pol_seq;

    /* A supply chain (a `nodes:` section, nodes.c): the nodes, and each
     * policy's policy at each node (node_pols[i * n_nodes + k]). */
    size_t n_nodes;
    node_spec *chain;
    double *node_initial; /* a node's own initial_inventory; NaN: none */
    policy_spec *node_pols;
    size_t node_pol_rows;
    network_timing timing;
    network_rationing rationing;
    network_information information;
    int fixed_weeks;
} scn;

/* ---- key tables shared by two sections ---------------------------------- */

/* The top-level keys (top.c); line.c checks products: and raw: by them. */
enum {
    T_NAME, T_DESCRIPTION, T_TIME_UNIT, T_HORIZON, T_WARMUP, T_REPLICATIONS,
    T_SEED, T_ITEM, T_DEMAND, T_SUPPLIERS, T_DISRUPTIONS, T_POLICIES,
    T_BASELINE, T_SWEEP, T_PRODUCTS, T_RAW, T_STAGES, T_LESSON, T_LESSON_PART,
    T_CALENDAR, T_CLASSROOM, T_NODES, T_TIMING, T_RATIONING, T_FIXED_WEEKS,
    T_INFORMATION, T_COUNT
};
extern const char *const scn_top_keys[T_COUNT];

/* The item's keys (item.c); a product (products.c) takes them too. */
enum {
    I_UNIT_COST, I_HOLDING_COST, I_HOLDING_RATE, I_BACKORDER_COST,
    I_STOCKOUT_COST, I_LOST_SALES, I_INITIAL_INVENTORY, I_SHELF_LIFE,
    I_SCRAP_COST, I_PRICE, I_COUNT
};
extern const char *const scn_item_keys[I_COUNT];

/* ---- reading values (getters.c) ----------------------------------------- */

typedef struct range {
    double lo, hi;
    unsigned char lo_open, hi_open, whole;
} range;

static const range R_ANY = {-INFINITY, INFINITY, 0, 0, 0};
static const range R_NONNEG = {0.0, INFINITY, 0, 0, 0};
static const range R_POS = {0.0, INFINITY, 1, 0, 0};
static const range R_WHOLE = {0.0, 1e15, 0, 0, 1};
static const range R_UNIT = {0.0, 1.0, 0, 0, 0};

#define SHOWBUF (SCN_SHOW + 8)

/* ---- --set and sweep paths (overrides.c) -------------------------------- */

/* Where a path leads (scn_path_find). */
typedef struct path_target {
    ynode *holder; /* the mapping or list holding the value */
    size_t slot;   /* index of the value in holder->items */
    int create;    /* append key `last` to the mapping `holder` */
    int param;     /* rewrite parameter `last` of the compact string */
    const char *last;
    size_t last_len;
} path_target;

/* ---- shared functions, by file ------------------------------------------ */

/* document.c */
void *scn_arena_alloc(arena *a, size_t size);
char *scn_arena_strndup(arena *a, const char *s, size_t len);
void scn_arena_free(arena *a);
int scn_build_tree(scn *c, const char *text, size_t len, const char *origin,
                   builder *b, ynode **root);
int scn_precheck(const char *text, size_t len, int *eline, int *ecol,
                 char *msg, size_t size);

/* errors.c */
char *scn_format(const char *fmt, ...) SCN_PRINTF(1, 2);
void scn_err_at(scn *c, const ynode *n, const char *fmt, ...)
    SCN_PRINTF(3, 4);
void scn_err_col(scn *c, const ynode *n, int col, const char *fmt, ...)
    SCN_PRINTF(4, 5);
void scn_err_pos(scn *c, int line, int col, const char *fmt, ...)
    SCN_PRINTF(4, 5);
void scn_err_cmd(scn *c, const char *fmt, ...) SCN_PRINTF(2, 3);
const char *scn_with_expect(char *why, size_t size, const char *expect);
void scn_take_errors(scn *c, scenario_errors *errors);

/* getters.c */
const char *scn_show(char *buf, size_t size, const char *text, size_t len);
/* A count for a message as a whole number ("about 365000000000"), or
 * "more than 10^15" when it is beyond that or not finite: never a
 * 300-digit number. */
const char *scn_count(char *buf, size_t size, double x);
int scn_node_is_null(const ynode *n);
int scn_node_is(const ynode *n, const char *word);
const char *scn_describe(const ynode *n, char *buf, size_t size);
int scn_is_digit(int ch);
int scn_node_number(const ynode *n, double *out);
void scn_type_error(scn *c, const ynode *v, const char *key,
                    const char *kind, const char *expect);
int scn_get_num(scn *c, const ynode *v, const char *key, range r,
                const char *expect, double *out);
int scn_get_string(scn *c, const ynode *v, const char *key, size_t max,
                   const char *expect, char *buf);
int scn_get_name(scn *c, const ynode *v, const char *key, size_t max,
                 const char *expect, char *buf);
int scn_get_bool(scn *c, const ynode *v, const char *key,
                 const char *expect, int *out);
/* A warning at node n: the scenario is valid, but the user should know;
 * kept in scenario.warnings as "file:line:col: warning: TEXT". */
void scn_warn_at(scn *c, const ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int scn_get_choice(scn *c, const ynode *v, const char *key,
                   const char *const *choices, size_t n, int *out);
int scn_check_map(scn *c, const ynode *v, const char *key,
                  const char *expect);
int scn_check_list(scn *c, const ynode *v, const char *key,
                   const char *expect);
void scn_map_fields(scn *c, const ynode *map, const char *what,
                    const char *const *keys, size_t nkeys,
                    const ynode **vals);
int scn_after(const ynode *a, const ynode *b);
const ynode *scn_map_get(const ynode *map, const char *key);
const ynode *scn_map_key(const ynode *map, const char *key);

/* suggest.c */
const char *scn_suggest(const char *word, size_t len,
                        const char *const *cands, size_t n);
void scn_join(char *buf, size_t size, const char *const *words, size_t n);

/* dists.c */
int scn_get_numbers(scn *c, const ynode *v, const char *key,
                    double **out, size_t *n);
int scn_get_dist(scn *c, const ynode *v, const char *key,
                 const char *expect, dist *out);
int scn_set_dist(scn *c, const ynode *v, const char *key,
                 const char *expect, dist *slot);
int scn_is_dist_form(const ynode *v);
int scn_is_dist_param(const char *k, size_t len);

/* overrides.c */
char **scn_split_path(scn *c, const char *path, size_t len, size_t *n);
int scn_path_find(scn *c, char *const *comps, size_t n, path_target *t,
                  char *why, size_t size);
void scn_apply_override(scn *c, const char *spec);

/* The sections, one file each (the map is in analysis/scenario.h). */

/* top.c */
void scn_check_scenario(scn *c, ynode *root);
void scn_check_top(scn *c, const ynode *root);
void scn_check_baseline(scn *c, const ynode *v);

/* calendar.c: the top-level calendar (into c->calendar), a calendar
 * mapping (`own`: a supplier's, without start), a weekday name, and the
 * refusal of a calendar-like key (`what`) when the time unit is not day
 * (-1 after reporting). */
void scn_check_calendar(scn *c, const ynode *v);
int scn_read_calendar(scn *c, const ynode *v, const char *what, int own,
                      calendar_spec *cal);
int scn_get_weekday(scn *c, const ynode *v, const char *key, int *out);
int scn_needs_days(scn *c, const ynode *at, const char *what);

/* item.c */
void scn_read_item(scn *c, const ynode *const *f, item_spec *it,
                   double *initial);
void scn_check_item(scn *c, const ynode *v);

/* demand.c */
void scn_read_demand(scn *c, const ynode *v, demand_spec *d);
void scn_check_demand(scn *c, const ynode *root, const ynode *v);

/* suppliers.c */
int scn_supplier_ref(scn *c, const ynode *v, const char *key, int *out);
void scn_check_suppliers(scn *c, const ynode *root, const ynode *v);

/* disruptions.c */
void scn_check_disruptions(scn *c, const ynode *v);

/* line.c */
int scn_get_line_name(scn *c, const ynode *v, const char *what, char *buf);
void scn_check_line(scn *c, const ynode *const *f);

/* products.c */
int scn_find_product(const scn *c, const char *s, size_t len);
void scn_unknown_product(scn *c, const ynode *at, const char *s,
                         size_t len, const char *where, int with_default);
int scn_product_ref(scn *c, const ynode *v, const char *where,
                    int with_default);
void scn_check_products(scn *c, const ynode *v);
void scn_implicit_product(scn *c);

/* raw.c */
void scn_check_raw(scn *c, const ynode *v);

/* stages.c */
void scn_check_stages(scn *c, const ynode *v, int explicit_products);

/* policies.c */
void scn_check_policies(scn *c, const ynode *root, const ynode *v);
/* A node's own policy inside a chain's policy entry (nodes.c calls it),
 * of type `inherited` (the entry's; NULL for none) when it gives none: 0,
 * or -1 when it had mistakes. */
int scn_read_node_policy(scn *c, const ynode *e, policy_spec *p,
                         const policy_type *inherited);

/* nodes.c: the nodes: section and the chain's keys (timing, rationing,
 * fixed_weeks); a policy entry's per-node policies (`nodes:` inside it,
 * or its type for every node); the world's nodes for policy i. */
void scn_check_nodes(scn *c, const ynode *const *top);
void scn_read_policy_nodes(scn *c, size_t i, const ynode *e,
                           const ynode *v, const policy_spec *entry,
                           int typed);
int scn_build_nodes(scn *c, world_spec *w, size_t i);
void scn_free_nodes(scn *c);

/* sweep_axes.c */
void scn_check_sweep(scn *c, const ynode *v);
void scn_validate_axes(scn *c);

/* classroom.c: the classroom: block, and its sliders' ends tried. */
void scn_check_classroom(scn *c, const ynode *v);
void scn_validate_sliders(scn *c);

/* build.c: every policy's world, once the sections are checked;
 * `shared_errors` is how many errors the sections before the policies
 * had (a world is then not tried). */
void scn_build_worlds(scn *c, size_t shared_errors);

/* load.c: the parse context's life (a parse, or a rewrite.c that only
 * builds the tree). */
void scn_init(scn *c, const char *source);
void scn_fini(scn *c);

/* load.c: a whole parse; inner is 1 for a parse that tries one sweep
 * value (sweep.c), which does not try the sweep again. */
int scn_parse_text(const char *text, size_t len, const char *source,
                   const char *const *overrides, size_t n_overrides,
                   int inner, scenario *sc, scenario_errors *errors);

#endif
