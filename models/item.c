/*
 * item.c - item parameters and the holding cost conversion.
 */
#include "item.h"

#include <math.h>
#include <stdio.h>

void item_spec_init(item_spec *item)
{
    *item = (item_spec){
        .unit_cost = 1.0,
        .holding_cost = NAN,
        .holding_rate = 0.25,
        .backorder_cost = 0.0,
        .stockout_cost = 0.0,
        .lost_sales = 0,
        .shelf_life = 0.0,
        .scrap_cost = 0.0,
        .price = NAN,
    };
}

static int nonnegative(double x)
{
    return isfinite(x) && x >= 0.0;
}

int item_spec_check(const item_spec *item, char *err, size_t errlen)
{
    const char *bad = NULL;
    double value = 0.0;
    if (!nonnegative(item->unit_cost))
        bad = "unit_cost", value = item->unit_cost;
    else if (!isnan(item->holding_cost) && !nonnegative(item->holding_cost))
        bad = "holding_cost", value = item->holding_cost;
    else if (!isnan(item->holding_rate) && !nonnegative(item->holding_rate))
        bad = "holding_rate", value = item->holding_rate;
    else if (!nonnegative(item->backorder_cost))
        bad = "backorder_cost", value = item->backorder_cost;
    else if (!nonnegative(item->stockout_cost))
        bad = "stockout_cost", value = item->stockout_cost;
    else if (!nonnegative(item->shelf_life))
        bad = "shelf_life", value = item->shelf_life;
    else if (!nonnegative(item->scrap_cost))
        bad = "scrap_cost", value = item->scrap_cost;
    else if (!isnan(item->price) && !nonnegative(item->price))
        bad = "price", value = item->price;
    if (bad) {
        snprintf(err, errlen, "%s must be a number >= 0, got %g", bad, value);
        return -1;
    }
    if (isnan(item->holding_cost) && isnan(item->holding_rate)) {
        snprintf(err, errlen, "no holding cost; expected holding_cost (per "
                              "unit per time unit) or holding_rate (per "
                              "year, of unit_cost)");
        return -1;
    }
    return 0;
}

double item_holding_cost(const item_spec *item, double time_units_per_year)
{
    if (!isnan(item->holding_cost))
        return item->holding_cost;
    return item->holding_rate * item->unit_cost / time_units_per_year;
}

int item_holds_by_value(const item_spec *item)
{
    return isnan(item->holding_cost);
}

double item_scrap_cost(const item_spec *item)
{
    return item->scrap_cost;
}
