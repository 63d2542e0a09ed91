/*
 * raw.c - the raw: section of a production line: where its material
 * comes from, an (s, S) store in front of the first stage.
 *
 * Keys read: supplier, s, S, unit_cost, initial.
 *
 * Not here: the line's other sections (line.c).
 */
#include "analysis/scenario/internal.h"

enum { RW_SUPPLIER, RW_s, RW_S, RW_UNIT_COST, RW_INITIAL, RW_COUNT };
static const char *const raw_keys[RW_COUNT] = {"supplier", "s", "S",
                                               "unit_cost", "initial"};

void scn_check_raw(scn *c, const ynode *v)
{
    const ynode *f[RW_COUNT];
    raw_spec *raw = &c->line->raw;
    double x;
    int k;
    if (scn_check_map(c, v, "raw",
                      "a mapping {supplier: NAME, s: 200, S: 600}"))
        return;
    scn_map_fields(c, v, "raw", raw_keys, RW_COUNT, f);
    if (!f[RW_SUPPLIER])
        scn_err_at(c, v,
                   "raw has no supplier; expected supplier: the supplier "
                   "of raw material (leave raw: out for unlimited "
                   "material)");
    else if (!scn_supplier_ref(c, f[RW_SUPPLIER], "supplier", &k))
        raw->supplier = k;
    int have_s = 0;
    if (!f[RW_s])
        scn_err_at(c, v,
                   "raw has no s; expected s: the reorder level, a whole "
                   "number of units >= 0");
    else if (!scn_get_num(c, f[RW_s], "s", R_WHOLE,
                          "a reorder level, a whole number of units >= 0",
                          &x)) {
        raw->s = x;
        have_s = 1;
    }
    if (!f[RW_S])
        scn_err_at(c, v, "raw has no S; expected S: the order-up-to level, a "
                         "whole number of units > s");
    else if (!scn_get_num(c, f[RW_S], "S", R_WHOLE,
                          "an order-up-to level, a whole number of units > s",
                          &x)) {
        if (have_s && x <= raw->s)
            scn_err_at(c, f[RW_S],
                       "S must be above s (%g), got %g; expected an "
                       "order-up-to level > s",
                       raw->s, x);
        else
            raw->S = x;
    }
    if (!scn_get_num(c, f[RW_UNIT_COST], "unit_cost", R_NONNEG,
                     "a value >= 0 per raw unit", &x))
        raw->unit_cost = x;
    if (!scn_get_num(c, f[RW_INITIAL], "initial", R_WHOLE,
                     "a whole number of raw units >= 0", &x))
        raw->initial = x;
}
