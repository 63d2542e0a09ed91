/*
 * item.c - the item: section, the costs of the one item a stock point
 * holds (and, on a line, the defaults of every product).
 *
 * Keys read: unit_cost, holding_cost, holding_rate, backorder_cost,
 * stockout_cost, lost_sales, initial_inventory, shelf_life, scrap_cost,
 * price.
 *
 * Not here: a product's own item keys (products.c reads them with
 * scn_read_item, over these).
 */
#include <math.h>

#include "analysis/scenario/internal.h"

const char *const scn_item_keys[I_COUNT] = {
    "unit_cost", "holding_cost", "holding_rate", "backorder_cost",
    "stockout_cost", "lost_sales", "initial_inventory", "shelf_life",
    "scrap_cost", "price",
};

/* Reads the item keys found (f[k] for item_keys[k], NULL when absent) over
 * the values already in *it: the top-level item over the defaults, a
 * product over the top-level item. `initial` takes initial_inventory. */
void scn_read_item(scn *c, const ynode *const *f, item_spec *it,
                   double *initial)
{
    double x;
    int b;
    if (!scn_get_num(c, f[I_UNIT_COST], "unit_cost", R_NONNEG,
                     "a value >= 0 per unit", &x))
        it->unit_cost = x;
    if (f[I_HOLDING_COST] && f[I_HOLDING_RATE]) {
        const ynode *second = scn_after(f[I_HOLDING_COST], f[I_HOLDING_RATE])
                                  ? f[I_HOLDING_COST]
                                  : f[I_HOLDING_RATE];
        scn_err_at(c, second,
                   "holding_cost and holding_rate are both given; "
                   "expected one of them (holding_cost per unit per "
                   "time unit, or holding_rate per year of unit_cost)");
    } else if (!scn_get_num(c, f[I_HOLDING_COST], "holding_cost", R_NONNEG,
                            "a cost >= 0 per unit per time unit", &x)) {
        it->holding_cost = x;
        it->holding_rate = NAN;
    } else if (!scn_get_num(c, f[I_HOLDING_RATE], "holding_rate", R_NONNEG,
                            "a fraction of unit_cost per year >= 0 (0.25 is "
                            "25%)",
                            &x)) {
        /* Over an inherited holding_cost, the rate given here wins. */
        it->holding_rate = x;
        it->holding_cost = NAN;
    }
    if (!scn_get_num(c, f[I_BACKORDER_COST], "backorder_cost", R_NONNEG,
                     "a cost >= 0 per unit backordered per time unit", &x))
        it->backorder_cost = x;
    if (!scn_get_num(c, f[I_STOCKOUT_COST], "stockout_cost", R_NONNEG,
                     "a cost >= 0 per unit short", &x))
        it->stockout_cost = x;
    if (!scn_get_bool(
            c, f[I_LOST_SALES], "lost_sales",
            "true (unmet demand is lost) or false (it is backordered)", &b))
        it->lost_sales = b;
    if (initial && !scn_get_num(c, f[I_INITIAL_INVENTORY], "initial_inventory",
                                R_WHOLE, "a whole number of units >= 0", &x))
        *initial = x;
    if (!scn_get_num(c, f[I_SHELF_LIFE], "shelf_life", R_NONNEG,
                     "a time >= 0 (0: unlimited)", &x))
        it->shelf_life = x;
    if (!scn_get_num(c, f[I_SCRAP_COST], "scrap_cost", R_NONNEG,
                     "a cost >= 0 per unit scrapped", &x))
        it->scrap_cost = x;
    if (!scn_get_num(c, f[I_PRICE], "price", R_NONNEG,
                     "the selling price per unit delivered, >= 0", &x))
        it->price = x;
}

void scn_check_item(scn *c, const ynode *v)
{
    const ynode *f[I_COUNT];
    size_t before = c->errs.seq;
    if (!v)
        return;
    if (scn_check_map(c, v, "item", "a mapping of the item's costs (item: "
                                    "{unit_cost: 20, holding_rate: 0.25})"))
        return;
    scn_map_fields(c, v, "the item", scn_item_keys, I_COUNT, f);
    item_spec *it = &c->item;
    scn_read_item(c, f, it, &c->initial_inventory);
    char why[400];
    if (c->errs.seq == before && item_spec_check(it, why, sizeof why))
        scn_err_at(c, v, "item: %s",
                   scn_with_expect(why, sizeof why, "a consistent item"));
    /* A lost sale is never bought, so without a price it looks cheap: it
     * costs only its stockout_cost, while a policy that sells the unit
     * pays for it. */
    if (it->lost_sales && isnan(it->price))
        scn_warn_at(c, f[I_LOST_SALES],
                    "lost sales without a price: a lost unit costs only its "
                    "stockout_cost (%g) and saves its purchase, so losing "
                    "sales can look cheap; expected item.price (the selling "
                    "price), so that a lost sale costs its margin and the "
                    "verdict ranks policies by profit",
                    it->stockout_cost);
}
