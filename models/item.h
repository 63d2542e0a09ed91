/*
 * item.h - the item stocked: what a unit is worth and what holding it or
 * failing to supply it costs.
 *
 * Costs are per unit and per time unit of the scenario (a day by default).
 * The holding cost may be given directly, or as a yearly carrying rate of
 * the unit cost (storage, insurance, obsolescence, cost of capital), which
 * is converted with the number of time units in a year. This module holds
 * parameters only; the stock point does the accounting.
 */
#ifndef JITSIM_ITEM_H
#define JITSIM_ITEM_H

#include <stddef.h>

typedef struct item_spec {
    double unit_cost;      /* value of one unit, >= 0 */
    double holding_cost;   /* per unit per time unit; NaN: from holding_rate */
    double holding_rate;   /* per year, fraction of unit_cost; NaN: not given */
    double backorder_cost; /* per unit backordered per time unit, >= 0 */
    double stockout_cost;  /* per unit short on arrival (backordered or lost) */
    int lost_sales;        /* 1: unmet demand is lost; 0: it is backordered */
    double shelf_life;     /* time a unit may be held; 0: unlimited */
    double scrap_cost;     /* per unit scrapped at shelf life, beyond what
                              was paid for it (purchase_cost counts that) */
    double price;          /* selling price per unit delivered; NaN: none */
} item_spec;

/* Defaults: unit cost 1, holding_rate 0.25 a year, no shortage costs,
 * backorders, no shelf life, no disposal cost, no selling price. */
void item_spec_init(item_spec *item);

/* Checks the values; 0, or -1 with "what is wrong; what is expected". */
int item_spec_check(const item_spec *item, char *err, size_t errlen);

/* Holding cost per unit per time unit: holding_cost if given, else
 * holding_rate * unit_cost / time_units_per_year. */
double item_holding_cost(const item_spec *item, double time_units_per_year);

/* Whether holding is charged on the value of the stock (holding_rate, a
 * yearly fraction of what was paid) rather than per unit (holding_cost). */
int item_holds_by_value(const item_spec *item);

/* Cost of scrapping one unit that outlived its shelf life. */
double item_scrap_cost(const item_spec *item);

#endif
