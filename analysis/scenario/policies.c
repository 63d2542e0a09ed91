/*
 * policies.c - the policies: section: the policies to compare, as a stock
 * point's replenishment rule or as a production line's control.
 *
 * Keys read (per policy): name, type, supplier, initial_inventory,
 * emergency_stock, release (until_recovered or during), backup_supplier,
 * switch_after, backup_lot (cover_gap or a number), expedite (a number or
 * {factor, cost}), sequence, second_supplier (the second source of a
 * dual-sourced type, required by it and refused by the others), nodes
 * (in a supply chain: each node's own policy, read by nodes.c through
 * scn_read_node_policy), and the
 * parameters the type accepts
 * (models/policy.h: cards, Q, s, S, ..., each a number or auto, or
 * optimal where the type has a cost model for it).
 *
 * Not here: the types and their `auto` rules (models/policies/), which
 * world_create resolves (build.c reports its refusals).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/policy.h"

#include "analysis/scenario/internal.h"

enum {
    P_NAME, P_TYPE, P_SUPPLIER, P_INITIAL_INVENTORY, P_EMERGENCY_STOCK,
    P_RELEASE, P_BACKUP_SUPPLIER, P_SWITCH_AFTER, P_BACKUP_LOT, P_EXPEDITE,
    P_SEQUENCE, P_SECOND_SUPPLIER, P_NODES, P_COMMON
};
static const char *const policy_common[P_COMMON] = {
    "name", "type", "supplier", "initial_inventory", "emergency_stock",
    "release", "backup_supplier", "switch_after", "backup_lot", "expedite",
    "sequence", "second_supplier", "nodes",
};
/* In the order of stockpt_release. */
static const char *const release_names[] = {"until_recovered", "during"};
/* Parameters users give: the ones before the internal _plan ones. */
#define PARAM_USER PARAM_PLAN_DEMAND

static const char *const forecast_names[] = {"moving_average",
                                             "exponential"};
/* allow_returns: false (0) or true (1). */
static const char *const boolean_names[] = {"false", "true"};

static void check_expedite(scn *c, const ynode *v, policy_spec *p)
{
    double x;
    const char *expect = "a transit multiplier in (0, 1], or {factor: 0.5, "
                         "cost: 2}";
    if (v->type == YN_MAP) {
        static const char *const keys[] = {"factor", "cost"};
        const ynode *g[2];
        scn_map_fields(c, v, "expedite", keys, 2, g);
        if (!g[0])
            scn_err_at(c, v,
                       "expedite has no factor; expected factor: a transit "
                       "multiplier in (0, 1]");
        else if (!scn_get_num(c, g[0], "factor", (range){0.0, 1.0, 1, 0, 0},
                              "a transit multiplier in (0, 1]", &x))
            p->expedite = x;
        if (!scn_get_num(c, g[1], "cost", R_NONNEG, "a cost >= 0 per unit "
                                                    "expedited",
                         &x))
            p->expedite_cost = x;
    } else if (!scn_get_num(c, v, "expedite", (range){0.0, 1.0, 1, 0, 0},
                            expect, &x)) {
        p->expedite = x;
    }
}

/* release (only with an emergency stock) and backup_lot (only with a
 * backup supplier). */
static void check_mitigation_keys(scn *c, const ynode *const *f,
                                  policy_spec *p)
{
    double x;
    int k;
    if (f[P_RELEASE] && !f[P_EMERGENCY_STOCK])
        scn_err_at(c, f[P_RELEASE], "release without an emergency_stock; "
                                    "expected emergency_stock: units held "
                                    "for disruptions with it");
    else if (!scn_get_choice(c, f[P_RELEASE], "release", release_names, 2,
                             &k))
        p->release = (stockpt_release)k;
    const ynode *bl = f[P_BACKUP_LOT];
    if (bl && !f[P_BACKUP_SUPPLIER]) {
        scn_err_at(c, bl, "backup_lot without a backup_supplier; expected "
                          "backup_supplier: a supplier name with it");
    } else if (bl && bl->type == YN_SCALAR && !scn_node_number(bl, &x) &&
               !scn_node_is_null(bl)) {
        static const char *const lots[] = {"cover_gap"};
        char shown[SHOWBUF];
        scn_show(shown, sizeof shown, bl->text, bl->len);
        if (scn_node_is(bl, "cover_gap"))
            p->backup_lot = 0.0;
        else if (scn_suggest(bl->text, bl->len, lots, 1))
            scn_err_at(c, bl, "unknown backup_lot '%s'; did you mean "
                              "'cover_gap'?",
                       shown);
        else
            scn_err_at(c, bl, "backup_lot must be cover_gap or a number, "
                              "got '%s'; expected cover_gap, or a whole "
                              "number of units >= 1 per backup order",
                       shown);
    } else if (!scn_get_num(c, bl, "backup_lot", (range){1.0, 1e15, 0, 0, 1},
                            "cover_gap, or a whole number of units >= 1 "
                            "per backup order",
                            &x)) {
        p->backup_lot = x;
    }
}

/* "standing_split or dual_index": the types that order from two
 * sources. */
static void dual_list(char *buf, size_t size)
{
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < policy_type_count() && n < 64; i++)
        if (policy_type_at(i)->dual_sourced)
            names[n++] = policy_type_at(i)->name;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s",
                 i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
}

/* A stock point's second source: required by a dual-sourced type, another
 * supplier than its first, and with no backup_supplier beside it (the
 * second source is its hedge); refused by the other types. */
static void check_second_supplier(scn *c, const ynode *e, const ynode **f,
                                  const policy_type *type, policy_spec *p)
{
    char list[256];
    int k;
    if (!type || type->line_only)
        return; /* reported at its type */
    if (!type->dual_sourced) {
        if (f[P_SECOND_SUPPLIER]) {
            dual_list(list, sizeof list);
            scn_err_at(c, scn_map_key(e, "second_supplier"),
                       "%s orders from one supplier and takes no "
                       "second_supplier; expected second_supplier only with "
                       "%s",
                       type->name, list);
        }
        return;
    }
    if (!f[P_SECOND_SUPPLIER]) {
        scn_err_at(c, e, "%s orders from two suppliers and has no "
                         "second_supplier; expected second_supplier: the fast "
                         "source's name (supplier: is the regular one)",
                   type->name);
    } else if (!scn_supplier_ref(c, f[P_SECOND_SUPPLIER], "second_supplier",
                                 &k)) {
        if (k == p->supplier)
            scn_err_at(c, f[P_SECOND_SUPPLIER],
                       "second_supplier is the policy's own supplier; "
                       "expected another supplier");
        else
            p->second_supplier = k;
    }
    if (f[P_BACKUP_SUPPLIER])
        scn_err_at(c, scn_map_key(e, "backup_supplier"),
                   "%s orders from two suppliers and takes no "
                   "backup_supplier; expected second_supplier alone (the "
                   "second source is its hedge)",
                   type->name);
}

/* Whether a type releases products one pitch slot at a time, and so takes
 * a `sequence` (heijunka, campaign). */
static int takes_sequence(const policy_type *type)
{
    return type && (type->line_accepted & (1u << PARAM_PITCH));
}

/* "kanban, mrp, ..." for the types that can (line = 1) or the ones that
 * cannot be used without a line (line = 0). */
static void type_list(char *buf, size_t size, int line, int sequence)
{
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < policy_type_count() && n < 64; i++) {
        const policy_type *t = policy_type_at(i);
        if (sequence ? takes_sequence(t)
                     : line ? t->line != NULL : !t->line_only)
            names[n++] = t->name;
    }
    scn_join(buf, size, names, n);
}

/* A policy's `sequence`: product names, into seq. */
static void check_sequence(scn *c, const ynode *v, struct pol_sequence *seq)
{
    if (scn_check_list(c, v, "sequence",
                       "a list of product names [A, B, A, C]"))
        return;
    if (v->n == 0 || v->n > LINE_SEQUENCE_MAX) {
        scn_err_at(c, v, "sequence has %zu entries; expected 1 to %d product "
                         "names",
                   v->n, LINE_SEQUENCE_MAX);
        return;
    }
    size_t before = c->errs.seq;
    for (size_t i = 0; i < v->n; i++) {
        const ynode *e = v->items[i];
        int k = scn_product_ref(c, e, "sequence", 0);
        if (k >= 0)
            seq->v[i] = (unsigned char)k;
    }
    if (c->errs.seq == before)
        seq->n = v->n;
}

/* In a line scenario, the stock point's keys of a policy have no meaning:
 * say what to use instead. */
static void line_policy_keys(scn *c, const ynode *e)
{
    static const struct {
        int key;
        const char *instead;
    } keys[] = {
        {P_SUPPLIER, "raw: {supplier: NAME, s: ..., S: ...} to say where "
                     "the line's material comes from"},
        {P_INITIAL_INVENTORY, "initial: in each product for its finished "
                              "units at the start"},
        {P_EMERGENCY_STOCK, "name, type, sequence and the control's "
                            "parameters (emergency_stock is a stock point's "
                            "mitigation)"},
        {P_RELEASE, "name, type, sequence and the control's parameters "
                    "(release is a stock point's mitigation)"},
        {P_BACKUP_SUPPLIER, "name, type, sequence and the control's "
                            "parameters (backup_supplier is a stock point's "
                            "mitigation)"},
        {P_SWITCH_AFTER, "name, type, sequence and the control's "
                         "parameters (switch_after is a stock point's "
                         "mitigation)"},
        {P_BACKUP_LOT, "name, type, sequence and the control's parameters "
                       "(backup_lot is a stock point's mitigation)"},
        {P_EXPEDITE, "name, type, sequence and the control's parameters "
                     "(expedite is a stock point's mitigation)"},
        {P_SECOND_SUPPLIER, "raw: {supplier: NAME, ...} to say where the "
                            "line's material comes from (second_supplier "
                            "is a dual-sourced stock point's)"},
    };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const ynode *key = scn_map_key(e, policy_common[keys[k].key]);
        if (key)
            scn_err_at(c, key, "%s does not apply to a policy controlling a "
                               "production line; expected %s",
                       policy_common[keys[k].key], keys[k].instead);
    }
}

/* Bounds of the line controls' own parameters, checked here because no
 * stock-point resolve step sees them. */
static range line_param_range(int param, const char **expect)
{
    switch (param) {
    case PARAM_WIP:
        *expect = "a whole number of units >= 1, or auto";
        return (range){1.0, 1e15, 0, 0, 1};
    case PARAM_PITCH:
        *expect = "a time > 0 between releases, or auto";
        return R_POS;
    case PARAM_BATCH:
        *expect = "a whole number of leveled cycles >= 1, or auto";
        return (range){1.0, 1e6, 0, 0, 1};
    default:
        *expect = "a number, or auto";
        return R_ANY;
    }
}

/* One policy entry e into p: the i-th of policies: (inner 0), or a
 * node's own policy inside a chain's entry (inner 1: no name, no
 * sequence, no supplier; nodes.c). 0, or -1 when it had mistakes. */
static int read_policy(scn *c, const ynode *e, policy_spec *p, size_t i,
                       int inner, const policy_type *inherited)
{
    size_t before = c->errs.seq;
    double x;
    int k;
    char shown[SHOWBUF], list[512];
    const char *type_names[64];
    size_t n_types = policy_type_count();
    if (n_types > 64)
        n_types = 64;
    for (size_t j = 0; j < n_types; j++)
        type_names[j] = policy_type_at(j)->name;
    policy_spec_init(p);
    if (scn_check_map(c, e, inner ? "a node's policy" : "a policy",
                      "{name: JIT, type: kanban, cards: auto}"))
        return -1;
    /* The keys: the common ones, then this type's parameters: as a
     * stock point's policy, or as a line's control. */
    const ynode *type_node = scn_map_get(e, "type");
    const policy_type *type = NULL;
    if (type_node && type_node->type == YN_SCALAR &&
        !memchr(type_node->text, '\0', type_node->len))
        type = policy_find(type_node->text);
    /* A node's policy without a type of its own takes its entry's
     * ({name: Local, type: base_stock, nodes: {shop: {S: 9}}}). */
    if (!type_node && inner && inherited)
        type = inherited;
    /* A type used where it cannot work is reported once, at its type;
     * its parameters are then read without checking them against it. */
    int misplaced = type && (c->is_line ? type->line == NULL
                                        : type->line_only);
    const policy_type *keyed = misplaced ? NULL : type;
    unsigned accepted = !keyed           ? 0
                        : c->is_line ? keyed->line_accepted
                                     : keyed->accepted;
    const char *keys[P_COMMON + PARAM_COUNT];
    const ynode *f[P_COMMON + PARAM_COUNT];
    for (int j = 0; j < P_COMMON; j++)
        keys[j] = policy_common[j];
    for (int j = 0; j < PARAM_COUNT; j++)
        keys[P_COMMON + j] =
            j < PARAM_USER && (!keyed || (accepted & (1u << j)))
                ? policy_param_name((policy_param)j)
                : NULL;
    /* A parameter of another policy deserves a better message than
     * "unknown key". */
    for (size_t j = 0; keyed && j + 1 < e->n; j += 2) {
        const ynode *key = e->items[j];
        if (key->type != YN_SCALAR)
            continue;
        int pi = memchr(key->text, '\0', key->len)
                     ? -1
                     : policy_param_find(key->text);
        if (pi >= 0 && pi < PARAM_USER && !(accepted & (1u << pi))) {
            const char *own[PARAM_COUNT];
            size_t n_own = 0;
            for (int q = 0; q < PARAM_USER; q++)
                if (accepted & (1u << q))
                    own[n_own++] = policy_param_name((policy_param)q);
            scn_join(list, sizeof list, own, n_own);
            scn_err_at(c, key, "%s takes no %s%s; expected %s%s",
                       keyed->name, key->text,
                       c->is_line ? " as a line control" : "",
                       n_own ? "its parameters " : "no parameters", list);
            /* Mark it known so map_fields does not report it again. */
            keys[P_COMMON + pi] = policy_param_name((policy_param)pi);
        }
    }
    scn_map_fields(c, e, "a policy", keys, P_COMMON + PARAM_COUNT, f);
    for (int j = 0; j < PARAM_USER; j++)
        if (keyed && !(accepted & (1u << j)))
            f[P_COMMON + j] = NULL;
    if (inner) {
        if (f[P_NAME])
            scn_err_at(c, f[P_NAME], "a node's policy has the name of its "
                                     "entry in policies:; expected no "
                                     "name here");
    } else if (!f[P_NAME]) {
        scn_err_at(c, e,
                   "a policy has no name; expected name: a unique name");
    } else if (!scn_get_name(c, f[P_NAME], "name", POLICY_NAME_MAX,
                             "a policy name", p->name)) {
        for (size_t j = 0; j < i; j++)
            if (strcmp(c->pols[j].name, p->name) == 0) {
                scn_err_at(c, f[P_NAME], "two policies are named '%s'; "
                                         "expected unique names",
                           scn_show(shown, sizeof shown, p->name,
                                    strlen(p->name)));
                break;
            }
    }
    scn_join(list, sizeof list, type_names, n_types);
    /* A chain's entry may give each node its own type instead. */
    int per_node = !inner && c->n_nodes > 0 && f[P_NODES];
    if (!f[P_TYPE] && !per_node && !(inner && inherited)) {
        if (inner)
            scn_err_at(c, e, "a node's policy has no type; expected type: "
                             "one of %s, here or in its policy's entry "
                             "(then every node takes it)",
                       list);
        else
            scn_err_at(c, e,
                       "a policy has no type; expected type: one of %s%s",
                       list,
                       c->n_nodes ? ", or nodes: {NODE: {type: ...}}" : "");
    } else if (!f[P_TYPE]) {
    } else if (!type) {
        const ynode *t = f[P_TYPE];
        if (t->type != YN_SCALAR || scn_node_is_null(t)) {
            char expect[600];
            snprintf(expect, sizeof expect, "one of %s", list);
            scn_type_error(c, t, "type", "a policy name", expect);
        } else {
            const char *s =
                scn_suggest(t->text, t->len, type_names, n_types);
            scn_show(shown, sizeof shown, t->text, t->len);
            if (s)
                scn_err_at(c, t, "unknown policy type '%s'; did you mean "
                                 "'%s'?",
                           shown, s);
            else
                scn_err_at(c, t,
                           "unknown policy type '%s'; expected one of "
                           "%s",
                           shown, list);
        }
    } else if (misplaced && c->is_line) {
        type_list(list, sizeof list, 1, 0);
        scn_err_at(c, f[P_TYPE], "%s cannot control a production line; "
                                 "expected one of %s (or no stages: for a "
                                 "single stock point)",
                   type->name, list);
    } else if (misplaced) {
        type_list(list, sizeof list, 0, 0);
        scn_err_at(c, f[P_TYPE], "%s controls a production line; add a "
                                 "stages: section, or use one of %s",
                   type->name, list);
    }
    p->type = type;
    if (c->is_line) {
        /* A line's control orders from no supplier (the raw store
         * does) and has no stock point of its own. */
        p->supplier = -1;
        line_policy_keys(c, e);
    } else if (c->n_nodes > 0 && f[P_SUPPLIER]) {
        scn_err_at(c, scn_map_key(e, "supplier"),
                   "in a supply chain each node names its source; expected "
                   "supplier: or from: in the node's entry of nodes:");
    } else {
        p->supplier = 0;
        if (!scn_supplier_ref(c, f[P_SUPPLIER], "supplier", &k))
            p->supplier = k;
    }
    for (int j = 0; j < PARAM_USER; j++) {
        const ynode *pv = f[P_COMMON + j];
        const char *name = policy_param_name((policy_param)j);
        /* `optimal` where the type has a cost model for it. */
        int optimal = !c->is_line && type &&
                      (type->optimal_accepted & (1u << j));
        const char *expect =
            optimal ? "a number, auto or optimal" : "a number, or auto";
        range r = c->is_line ? line_param_range(j, &expect) : R_ANY;
        if (!pv)
            continue;
        if (scn_node_is(pv, "auto") && pv->plain) {
            policy_param_set_auto(&p->params, (policy_param)j);
        } else if (optimal && scn_node_is(pv, "optimal") && pv->plain) {
            policy_param_set_optimal(&p->params, (policy_param)j);
        } else if (j == PARAM_S && type &&
                   strcmp(type->name, "echelon_base_stock") == 0 &&
                   scn_node_is(pv, "shang_song") && pv->plain) {
            /* The heuristic levels, sized by the chain (network_echelon.c). */
            p->params.value[PARAM_S] = NAN;
            p->params.state[PARAM_S] = PARAM_HEURISTIC;
        } else if (j == PARAM_FORECAST && pv->type == YN_SCALAR &&
                   !scn_node_number(pv, &x)) {
            if (!scn_get_choice(c, pv, name, forecast_names, 2, &k))
                policy_param_set(&p->params, PARAM_FORECAST, k);
        } else if (j == PARAM_ALLOW_RETURNS && pv->type == YN_SCALAR &&
                   !scn_node_number(pv, &x)) {
            if (!scn_get_choice(c, pv, name, boolean_names, 2, &k))
                policy_param_set(&p->params, PARAM_ALLOW_RETURNS, k);
        } else if (!scn_get_num(c, pv, name, r,
                                j == PARAM_FORECAST
                                    ? "moving_average or exponential"
                                : j == PARAM_ALLOW_RETURNS
                                    ? "true or false"
                                    : expect,
                                &x)) {
            policy_param_set(&p->params, (policy_param)j, x);
        }
    }
    if (f[P_SEQUENCE]) {
        if (!c->is_line || (keyed && !takes_sequence(keyed))) {
            type_list(list, sizeof list, 1, 1);
            /* "heijunka, campaign" reads "heijunka or campaign". */
            char *last = strrchr(list, ',');
            if (last && strlen(list) + 3 < sizeof list) {
                memmove(last + 3, last + 1, strlen(last + 1) + 1);
                memcpy(last, " or", 3);
            }
            scn_err_at(c, scn_map_key(e, "sequence"),
                       "%s takes no sequence; "
                       "expected sequence only "
                       "with %s, on a production "
                       "line",
                       type ? type->name : "this policy", list);
        } else {
            check_sequence(c, f[P_SEQUENCE], &c->pol_seq[i]);
        }
    }
    if (c->is_line) {
        return c->errs.seq == before && type != NULL ? 0 : -1;
    }
    if (!scn_get_num(c, f[P_INITIAL_INVENTORY], "initial_inventory",
                     R_WHOLE, "a whole number of units >= 0", &x))
        p->initial_inventory = x;
    else if (!f[P_INITIAL_INVENTORY])
        p->initial_inventory = c->initial_inventory;
    if (!scn_get_num(c, f[P_EMERGENCY_STOCK], "emergency_stock", R_WHOLE,
                     "a whole number of units >= 0 held for disruptions",
                     &x))
        p->emergency_stock = x;
    if (!scn_supplier_ref(c, f[P_BACKUP_SUPPLIER], "backup_supplier",
                          &k)) {
        if (k == p->supplier)
            scn_err_at(c, f[P_BACKUP_SUPPLIER],
                       "backup_supplier is the "
                       "policy's own supplier; "
                       "expected another supplier");
        else
            p->backup_supplier = k;
    }
    if (f[P_SWITCH_AFTER] && !f[P_BACKUP_SUPPLIER])
        scn_err_at(c, f[P_SWITCH_AFTER],
                   "switch_after without a "
                   "backup_supplier; expected "
                   "backup_supplier: a supplier name "
                   "with it");
    else if (!scn_get_num(c, f[P_SWITCH_AFTER], "switch_after", R_NONNEG,
                          "a time >= 0 before orders go to the backup",
                          &x))
        p->switch_after = x;
    check_mitigation_keys(c, f, p);
    if (f[P_EXPEDITE])
        check_expedite(c, f[P_EXPEDITE], p);
    check_second_supplier(c, e, f, type, p);
    if (f[P_NODES] && (inner || !c->n_nodes))
        scn_err_at(c, scn_map_key(e, "nodes"),
                   "%s; expected nodes: in a policy only beside a nodes: "
                   "section, to give each node its own policy",
                   inner ? "a node's policy has no nodes of its own"
                         : "the scenario has no nodes: section");
    else if (!inner && c->n_nodes)
        scn_read_policy_nodes(c, i, e, f[P_NODES], p, type != NULL);
    return c->errs.seq == before && (type != NULL || per_node) ? 0 : -1;
}

int scn_read_node_policy(scn *c, const ynode *e, policy_spec *p,
                         const policy_type *inherited)
{
    return read_policy(c, e, p, 0, 1, inherited);
}

void scn_check_policies(scn *c, const ynode *root, const ynode *v)
{
    if (!v) {
        scn_err_at(c, root,
                   "the scenario has no policies; expected policies: a "
                   "list of {name: ..., type: ...}");
        return;
    }
    if (scn_check_list(c, v, "policies",
                       "a list of {name: JIT, type: kanban, ...}"))
        return;
    if (v->n == 0) {
        scn_err_at(c, v, "policies is empty; expected at least one policy");
        return;
    }
    if (v->n > SCN_LIST_MAX) {
        scn_err_at(c, v, "%zu policies; expected at most %d", v->n,
                   SCN_LIST_MAX);
        return;
    }
    c->pols = calloc(v->n, sizeof *c->pols);
    c->pol_nodes = calloc(v->n, sizeof *c->pol_nodes);
    c->pol_ok = calloc(v->n, 1);
    c->pol_seq = calloc(v->n, sizeof *c->pol_seq);
    if (!c->pols || !c->pol_nodes || !c->pol_ok || !c->pol_seq) {
        c->oom = 1;
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        c->n_pol = i + 1;
        c->pol_nodes[i] = v->items[i];
        c->pol_ok[i] = read_policy(c, v->items[i], &c->pols[i], i, 0, NULL) == 0;
    }
}
