/*
 * suppliers.c - the suppliers: section, and a reference to a supplier by
 * name from elsewhere (a policy, a disruption, raw:).
 *
 * Keys read (per supplier): name, lead_time, servers, process_time,
 * order_cost, shipment_cost, unit_freight, unit_price, min_order,
 * defect_rate, ownership, deliveries, calendar (ignore, follow, or its own
 * {work_days, holidays}), lead_time_in (calendar_days, working_days).
 *
 * Not here: how a supplier serves orders (models/supplier.c).
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario/internal.h"

enum {
    S_NAME, S_LEAD_TIME, S_SERVERS, S_PROCESS_TIME, S_ORDER_COST,
    S_SHIPMENT_COST, S_UNIT_FREIGHT, S_UNIT_PRICE, S_MIN_ORDER, S_DEFECT_RATE,
    S_OWNERSHIP, S_DELIVERIES, S_CALENDAR, S_LEAD_TIME_IN, S_COUNT
};
static const char *const supplier_keys[S_COUNT] = {
    "name", "lead_time", "servers", "process_time", "order_cost",
    "shipment_cost", "unit_freight", "unit_price", "min_order",
    "defect_rate", "ownership", "deliveries", "calendar", "lead_time_in",
};
/* In the order of supplier_ownership (models/supplier.h). */
static const char *const ownership_names[] = {"at_dispatch", "at_receipt"};
/* In the order of supplier_deliveries (models/supplier.h). */
static const char *const deliveries_names[] = {"in_order", "independent"};

/* In the order of supplier_lead_time_in (models/supplier.h). */
static const char *const lead_time_in_names[] = {"calendar_days",
                                                 "working_days"};

/* calendar: ignore (ships every day; the default), follow (the
 * scenario's calendar) or its own {work_days, holidays}; and
 * lead_time_in, whose working days are the supplier's calendar's. */
static void read_supplier_calendar(scn *c, const ynode *cal,
                                   const ynode *in, supplier_spec *s)
{
    char shown[SHOWBUF];
    if (cal && cal->type == YN_MAP) {
        scn_read_calendar(c, cal, "calendar", 1, &s->calendar);
    } else if (cal && (scn_node_is(cal, "follow") ||
                       scn_node_is(cal, "ignore"))) {
        if (scn_node_is(cal, "follow")) {
            if (!c->calendar_given)
                scn_err_at(c, cal,
                           "calendar: follow, but the scenario has no "
                           "calendar; expected a calendar: section at the "
                           "top level, or the supplier's own calendar: "
                           "{work_days: [mon, tue, wed, thu, fri]}");
            else if (calendar_spec_copy(&s->calendar, &c->calendar))
                c->oom = 1;
        }
    } else if (cal) {
        static const char expect[] = "ignore, follow, or the supplier's "
                                     "own {work_days: [...], holidays: "
                                     "[...]}";
        if (cal->type == YN_SCALAR && !scn_node_is_null(cal))
            scn_err_at(c, cal, "unknown calendar '%s'; expected %s",
                       scn_show(shown, sizeof shown, cal->text, cal->len),
                       expect);
        else
            scn_type_error(c, cal, "calendar", "ignore, follow or a mapping",
                           expect);
    }
    int lead_in = 0;
    if (!in || scn_get_choice(c, in, "lead_time_in", lead_time_in_names, 2,
                              &lead_in))
        return;
    if (lead_in == LEAD_TIME_IN_WORKING_DAYS &&
        !(cal && (cal->type == YN_MAP || scn_node_is(cal, "follow"))))
        scn_err_at(c, in,
                   "lead_time_in: working_days needs the supplier's "
                   "calendar; expected calendar: follow or the supplier's "
                   "own calendar: {work_days: [...]} beside it");
    /* A calendar refused already (here or at the top) is not refused
     * again through lead_time_in. */
    else if (lead_in != LEAD_TIME_IN_WORKING_DAYS || s->calendar.active)
        s->lead_time_in = (supplier_lead_time_in)lead_in;
}

static int find_supplier(const scn *c, const ynode *v)
{
    for (size_t i = 0; i < c->n_sup; i++)
        if (c->sup_named[i] && scn_node_is(v, c->sups[i].name))
            return (int)i;
    return -1;
}

/* Reports a name that is no supplier; -1. */
int scn_supplier_ref(scn *c, const ynode *v, const char *key, int *out)
{
    char shown[SHOWBUF], list[512];
    const char *names[SCN_LIST_MAX];
    if (!v)
        return 1;
    if (v->type != YN_SCALAR || scn_node_is_null(v)) {
        scn_type_error(c, v, key, "a supplier name", "the name of a supplier");
        return -1;
    }
    int i = find_supplier(c, v);
    if (i >= 0) {
        *out = i;
        return 0;
    }
    if (c->suppliers_absent) {
        scn_show(shown, sizeof shown, v->text, v->len);
        scn_err_at(c, v, "no supplier named '%s': the scenario has no "
                         "suppliers; expected a suppliers: list that names it",
                   shown);
        return -1;
    }
    if (!c->have_suppliers)
        return -1; /* already reported: no usable suppliers list */
    for (size_t k = 0; k < c->n_sup; k++)
        names[k] = c->sup_named[k] ? c->sups[k].name : NULL;
    const char *s = scn_suggest(v->text, v->len, names, c->n_sup);
    scn_show(shown, sizeof shown, v->text, v->len);
    if (s) {
        scn_err_at(c, v, "no supplier named '%s'; did you mean '%s'?", shown,
                   s);
    } else {
        scn_join(list, sizeof list, names, c->n_sup);
        scn_err_at(c, v, "no supplier named '%s'; expected one of %s", shown,
                   list);
    }
    return -1;
}

void scn_check_suppliers(scn *c, const ynode *root, const ynode *v)
{
    char why[400], shown[SHOWBUF];
    if (!v) {
        scn_err_at(c, root,
                   "the scenario has no suppliers; expected suppliers: "
                   "a list of {name: ..., lead_time: ...}");
        return;
    }
    if (scn_check_list(c, v, "suppliers",
                       "a list of {name: local, lead_time: 2, ...}"))
        return;
    if (v->n == 0) {
        scn_err_at(c, v, "suppliers is empty; expected at least one supplier");
        return;
    }
    if (v->n > SCN_LIST_MAX) {
        scn_err_at(c, v, "%zu suppliers; expected at most %d", v->n,
                   SCN_LIST_MAX);
        return;
    }
    c->sups = calloc(v->n, sizeof *c->sups);
    c->sup_named = calloc(v->n, 1);
    if (!c->sups || !c->sup_named) {
        c->oom = 1;
        return;
    }
    c->have_suppliers = 1;
    for (size_t i = 0; i < v->n; i++) {
        const ynode *e = v->items[i], *f[S_COUNT];
        supplier_spec *s = &c->sups[i];
        double x;
        size_t before = c->errs.seq;
        supplier_spec_init(s);
        c->n_sup = i + 1;
        if (scn_check_map(c, e, "a supplier",
                          "{name: local, lead_time: 2, order_cost: 50}"))
            continue;
        scn_map_fields(c, e, "a supplier", supplier_keys, S_COUNT, f);
        if (!f[S_NAME]) {
            scn_err_at(c, e, "a supplier has no name; expected name: a unique "
                             "name");
        } else if (!scn_get_name(c, f[S_NAME], "name", SUPPLIER_NAME_MAX,
                                 "a supplier name", s->name)) {
            int dup = find_supplier(c, f[S_NAME]);
            if (dup >= 0)
                scn_err_at(c, f[S_NAME],
                           "two suppliers are named '%s'; expected "
                           "unique names",
                           scn_show(shown, sizeof shown, s->name,
                                    strlen(s->name)));
            else
                c->sup_named[i] = 1;
        }
        if (!f[S_LEAD_TIME])
            scn_err_at(c, e,
                       "a supplier has no lead_time; expected lead_time: a "
                       "distribution of times >= 0");
        else
            scn_set_dist(c, f[S_LEAD_TIME], "lead_time",
                         "a distribution of times >= 0", &s->lead_time);
        int servers_rc = scn_get_num(c, f[S_SERVERS], "servers",
                                     (range){0.0, 1e6, 0, 0, 1},
                                     "a whole number of servers >= 0 (0: "
                                     "unlimited capacity)",
                                     &x);
        if (servers_rc == 0)
            s->servers = (int)x;
        /* Servers make the units one event each: a supplier that would
         * make more than SCN_UNITS_MAX over a replication (the demand's
         * units; demand: is read before suppliers:) cannot run. */
        double units = c->is_line ? 0.0
                                  : demand_mean_rate(&c->demand) * c->horizon;
        if (servers_rc == 0 && s->servers > 0 && !(units <= SCN_UNITS_MAX)) {
            char count[40];
            scn_err_at(c, f[S_SERVERS],
                       "servers make each unit in turn, and the demand "
                       "needs %s units a replication; expected at most "
                       "10^9 (no servers for a supplier of unlimited "
                       "capacity, a lower demand or a shorter horizon)",
                       scn_count(count, sizeof count, units));
        }
        if (s->servers > 0 && !f[S_PROCESS_TIME])
            scn_err_at(c, f[S_SERVERS],
                       "servers without a process_time; expected "
                       "process_time: a distribution of times "
                       "> 0 per unit");
        else if (f[S_PROCESS_TIME] && s->servers == 0 && servers_rc >= 0)
            scn_err_at(c, f[S_PROCESS_TIME],
                       "process_time without servers; "
                       "expected servers: a whole number "
                       ">= 1 with it");
        else
            scn_set_dist(c, f[S_PROCESS_TIME], "process_time",
                         "a distribution of times > 0 per unit",
                         &s->process_time);
        if (!scn_get_num(c, f[S_ORDER_COST], "order_cost", R_NONNEG,
                         "a cost >= 0 per order", &x))
            s->order_cost = x;
        if (!scn_get_num(c, f[S_SHIPMENT_COST], "shipment_cost", R_NONNEG,
                         "a cost >= 0 per shipment", &x))
            s->shipment_cost = x;
        if (!scn_get_num(c, f[S_UNIT_FREIGHT], "unit_freight", R_NONNEG,
                         "a cost >= 0 per unit shipped", &x))
            s->unit_freight = x;
        if (!scn_get_num(c, f[S_UNIT_PRICE], "unit_price", R_NONNEG,
                         "a price >= 0 per unit", &x))
            s->unit_price = x;
        if (!scn_get_num(c, f[S_MIN_ORDER], "min_order", R_NONNEG,
                         "a number of units >= 0", &x))
            s->min_order = x;
        if (!scn_get_num(c, f[S_DEFECT_RATE], "defect_rate",
                         (range){0.0, 1.0, 0, 1, 0}, "a fraction in [0, 1)",
                         &x))
            s->defect_rate = x;
        int owned = 0;
        if (f[S_OWNERSHIP] &&
            !scn_get_choice(c, f[S_OWNERSHIP], "ownership", ownership_names,
                            2, &owned))
            s->ownership = (supplier_ownership)owned;
        int deliveries = 0;
        if (f[S_DELIVERIES] &&
            !scn_get_choice(c, f[S_DELIVERIES], "deliveries",
                            deliveries_names, 2, &deliveries))
            s->deliveries = (supplier_deliveries)deliveries;
        read_supplier_calendar(c, f[S_CALENDAR], f[S_LEAD_TIME_IN], s);
        if (c->errs.seq == before && supplier_spec_check(s, why, sizeof why))
            scn_err_at(c, e, "%s",
                       scn_with_expect(why, sizeof why,
                                       "a consistent supplier"));
    }
}
