/*
 * metrics.c - what a line's run measures: the observed window's start
 * (prodline_begin_window: areas and counts restart, the levels are kept)
 * and, at the horizon, every column of the row (prodline_finish): costs,
 * service, lead times and the line's, stages' and products' own columns
 * (docs/metrics.md defines them).
 *
 * Not the counting itself, which the run does as it goes (stage.c,
 * flow.c, raw.c); the columns' names are spec.c's.
 */
#include <math.h>
#include <string.h>

#include "models/line/internal.h"
#include "sim/convert.h"

/* Starts the window at t: the areas restart, the levels are kept. */
static void levels_reset(levels *lv, double t)
{
    levels_due(lv, t);
    levels_advance(lv, t);
    lv->t_start = lv->t_last = t;
    memset(lv->area, 0, sizeof lv->area);
}

static double levels_mean(levels *lv, double t, int which)
{
    levels_due(lv, t);
    levels_advance(lv, t);
    double span = lv->t_last - lv->t_start;
    return span > 0.0 ? lv->area[which] / span : lv->level[which];
}

void prodline_begin_window(prodline *l)
{
    double t = l->s ? line__now(l) : 0.0;
    l->observing = 1;
    l->window_start = t;
    twavg_reset(&l->line_wip, t);
    twavg_reset(&l->raw_level, t);
    twavg_reset(&l->raw_pipeline, t);
    twavg_reset(&l->raw_level_value, t);
    twavg_reset(&l->raw_transit, t);
    sample_clear(&l->line_lead);
    sample_clear(&l->customer_lead);
    l->raw_orders = l->raw_units = l->raw_received_time = l->raw_receipts =
        0.0;
    l->raw_ordering = l->raw_transport = l->raw_purchase = l->raw_rejected =
        0.0;
    memset(l->bucket_demand, 0, l->n_buckets * sizeof *l->bucket_demand);
    memset(l->bucket_release, 0, l->n_buckets * sizeof *l->bucket_release);
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        twavg_reset(&pr->fg, t);
        twavg_reset(&pr->wip, t);
        twavg_reset(&pr->owed, t);
        sample_clear(&pr->lead_time);
        pr->demanded = pr->orders = pr->filled = pr->stockout_orders = 0.0;
        pr->short_units = pr->lost = pr->shipped = pr->finished = 0.0;
        pr->scrapped = pr->cost_of_goods = 0.0;
        /* Customers already waiting are not the window's. */
        for (size_t j = 0; j < pr->waiting_n; j++)
            pr->waiting[(pr->waiting_head + j) % pr->waiting_cap].observed =
                0;
    }
    for (size_t k = 0; k < l->n_stages; k++) {
        stage_run *st = &l->stages[k];
        levels_reset(&st->lv, t);
        st->flow_sum = st->departures = st->good = st->setups = 0.0;
        st->scrapped = st->reworked = 0.0;
    }
}

void prodline_finish(prodline *l, double *out)
{
    double t = l->env.horizon;
    double span = t - l->window_start;
    for (size_t i = 0, n = line_row_width(l->spec); i < n; i++)
        out[i] = NAN;
    twavg_close(&l->line_wip, t);
    twavg_close(&l->raw_level, t);
    twavg_close(&l->raw_pipeline, t);
    twavg_close(&l->raw_level_value, t);
    twavg_close(&l->raw_transit, t);
    /* Raw material is held at a yearly rate of what it is worth, on hand
     * and owned in transit (nothing with unlimited material, whose value
     * is 0). */
    double raw_value = twavg_mean(&l->raw_level_value);
    double transit_value = twavg_mean(&l->raw_transit);
    double holding = l->raw_rate * raw_value;
    double pipeline_holding = l->raw_rate * transit_value;
    double cost_of_goods = 0.0;
    double shortage = 0.0, scrap_cost = 0.0, demanded = 0.0, orders = 0.0;
    double filled = 0.0, stockouts = 0.0, lost = 0.0, shipped = 0.0;
    double revenue = 0.0; /* NaN when a product has no price */
    double on_hand = 0.0, owed = 0.0, ready = 0.0, cash = 0.0, finished = 0.0;
    double clt_max = 0.0;
    double scrapped_total = 0.0, reworked = 0.0, setups = 0.0,
           setup_time = 0.0, down_sum = 0.0, setup_cost = 0.0;
    for (size_t k = 0; k < l->n_stages; k++) {
        stage_run *st = &l->stages[k];

        double machines = (double)st->spec->machines;
        double fractions[USE_COUNT];
        for (int u = 0; u < USE_COUNT; u++) {
            fractions[u] = levels_mean(&st->lv, t, LEVEL_USE + u) / machines;
        }
        double *v = out;
        v[line_column_stage(k, STAGE_WIP)] = levels_mean(&st->lv, t, LEVEL_WIP);
        v[line_column_stage(k, STAGE_FLOW_TIME)] =
            st->departures > 0.0 ? st->flow_sum / st->departures : NAN;
        v[line_column_stage(k, STAGE_THROUGHPUT)] = st->good / span;
        v[line_column_stage(k, STAGE_BUFFER)] =
            levels_mean(&st->lv, t, LEVEL_BUFFER);
        v[line_column_stage(k, STAGE_BUSY)] = fractions[USE_BUSY];
        v[line_column_stage(k, STAGE_SETUP)] = fractions[USE_SETUP];
        v[line_column_stage(k, STAGE_DOWN)] = fractions[USE_DOWN];
        v[line_column_stage(k, STAGE_MAINTENANCE)] =
            fractions[USE_MAINTENANCE];
        v[line_column_stage(k, STAGE_STARVED)] = fractions[USE_STARVED];
        v[line_column_stage(k, STAGE_BLOCKED)] = fractions[USE_BLOCKED];
        v[line_column_stage(k, STAGE_IDLE)] = fractions[USE_IDLE];
        v[line_column_stage(k, STAGE_SETUPS)] = st->setups;
        v[line_column_stage(k, STAGE_SCRAPPED)] = st->scrapped;
        v[line_column_stage(k, STAGE_REWORKED)] = st->reworked;
        scrapped_total += st->scrapped;
        reworked += st->reworked;
        setups += st->setups;
        setup_cost += st->setups * st->spec->setup_cost;
        setup_time += st->lv.area[LEVEL_USE + USE_SETUP];
        down_sum += fractions[USE_DOWN];
    }
    for (size_t i = 0; i < l->n_products; i++) {
        product_run *pr = &l->products[i];
        twavg_close(&pr->fg, t);
        twavg_close(&pr->wip, t);
        twavg_close(&pr->owed, t);
        const item_spec *item = &pr->spec->item;
        double fg = twavg_mean(&pr->fg), wip = twavg_mean(&pr->wip);
        double b = twavg_mean(&pr->owed);
        double p_holding = pr->h * (fg + wip);
        double p_short = (item->backorder_cost * twavg_area(&pr->owed) +
                          item->stockout_cost * pr->short_units) /
                         span;
        /* A scrapped unit loses its value (the product's unit cost) and
         * costs its disposal. */
        double p_scrap =
            pr->scrapped * (item->unit_cost + item_scrap_cost(item)) / span;
        scrap_cost += p_scrap;
        holding += p_holding;
        shortage += p_short;
        demanded += pr->demanded;
        orders += pr->orders;
        filled += pr->filled;
        stockouts += pr->stockout_orders;
        lost += pr->lost;
        shipped += pr->shipped;
        revenue += item->price * pr->shipped / span;
        cost_of_goods += pr->cost_of_goods;
        finished += pr->finished;
        on_hand += fg;
        owed += b;
        ready += twavg_positive_fraction(&pr->fg) / (double)l->n_products;
        cash += item->unit_cost * (fg + wip);
        if (sample_max(&pr->lead_time) > clt_max)
            clt_max = sample_max(&pr->lead_time);
        if (l->n_products >= 2) {
            double *v = out;
            v[line_column_product(l->spec, i, PRODUCT_UNITS_DEMANDED)] =
                pr->demanded;
            v[line_column_product(l->spec, i, PRODUCT_FILL_RATE)] =
                pr->demanded > 0.0 ? pr->filled / pr->demanded : NAN;
            v[line_column_product(l->spec, i,
                                  PRODUCT_CUSTOMER_LEAD_TIME_MEAN)] =
                sample_count(&pr->lead_time) ? sample_mean(&pr->lead_time)
                                             : NAN;
            v[line_column_product(l->spec, i,
                                  PRODUCT_CUSTOMER_LEAD_TIME_P95)] =
                sample_count(&pr->lead_time)
                    ? sample_quantile(&pr->lead_time, 0.95)
                    : NAN;
            v[line_column_product(l->spec, i, PRODUCT_AVG_ON_HAND)] = fg;
            v[line_column_product(l->spec, i, PRODUCT_AVG_BACKORDERS)] = b;
            v[line_column_product(l->spec, i, PRODUCT_THROUGHPUT)] =
                pr->finished / span;
            v[line_column_product(l->spec, i, PRODUCT_HOLDING_COST)] =
                p_holding;
            v[line_column_product(l->spec, i, PRODUCT_SHORTAGE_COST)] =
                p_short;
            v[line_column_product(l->spec, i, PRODUCT_TOTAL_COST)] =
                p_holding + p_short + p_scrap;
        }
    }
    double clt_n = (double)sample_count(&l->customer_lead);
    double clt_mean = sample_mean(&l->customer_lead);
    double clt_p95 = sample_quantile(&l->customer_lead, 0.95);
    /* Money in stock: the products' units at their unit cost, the raw
     * material at what was paid for it, on hand and owned in transit. */
    cash += raw_value + transit_value;
    double *v = out;
    double ordering = (l->raw_ordering + setup_cost) / span;
    double transport = l->raw_transport / span;
    /* The cost of goods: the material of the units delivered to customers
     * in the window. A scrapped unit's material is in its scrap cost. */
    double purchase = cost_of_goods / span;
    double total = holding + pipeline_holding + ordering + transport +
                   purchase + shortage + scrap_cost;
    v[METRIC_HOLDING_COST] = holding;
    v[METRIC_PIPELINE_HOLDING_COST] = pipeline_holding;
    v[METRIC_ORDERING_COST] = ordering;
    v[METRIC_TRANSPORT_COST] = transport;
    v[METRIC_PURCHASE_COST] = purchase;
    v[METRIC_SHORTAGE_COST] = shortage;
    v[METRIC_SCRAP_COST] = scrap_cost;
    v[METRIC_TOTAL_COST] = total;
    v[METRIC_OPERATING_COST] = total - purchase;
    v[METRIC_ORDERED_VALUE] = l->raw_purchase / span;
    v[METRIC_REVENUE] = revenue;
    v[METRIC_PROFIT] = revenue - total;
    v[METRIC_COST_PER_UNIT] = demanded > 0.0 ? total * span / demanded : NAN;
    v[METRIC_AVG_ON_HAND] = on_hand;
    v[METRIC_AVG_ON_ORDER] = twavg_mean(&l->raw_pipeline);
    v[METRIC_AVG_BACKORDERS] = owed;
    v[METRIC_AVG_WIP] = twavg_mean(&l->line_wip);
    v[METRIC_FILL_RATE] = demanded > 0.0 ? filled / demanded : NAN;
    v[METRIC_READY_RATE] = ready;
    v[METRIC_STOCKOUT_ORDERS] = stockouts;
    v[METRIC_LOST_UNITS] = lost;
    v[METRIC_UNITS_DEMANDED] = demanded;
    v[METRIC_CUSTOMER_ORDERS] = orders;
    v[METRIC_ORDERS_PLACED] = l->raw_orders;
    v[METRIC_AVG_ORDER_SIZE] =
        l->raw_orders > 0.0 ? l->raw_units / l->raw_orders : NAN;
    v[METRIC_CUSTOMER_LEAD_TIME_MEAN] = clt_n > 0.0 ? clt_mean : NAN;
    v[METRIC_CUSTOMER_LEAD_TIME_P95] = clt_n > 0.0 ? clt_p95 : NAN;
    v[METRIC_CUSTOMER_LEAD_TIME_MAX] = clt_n > 0.0 ? clt_max : NAN;
    v[METRIC_REPLENISHMENT_LEAD_TIME_MEAN] =
        l->raw_receipts > 0.0 ? l->raw_received_time / l->raw_receipts : NAN;
    /* A line's stock is all it holds: raw material, work in process and
     * finished goods. */
    double held = twavg_mean(&l->raw_level) * !l->raw_unlimited +
                  twavg_mean(&l->line_wip) + on_hand;
    v[METRIC_TURNOVER] =
        held > 0.0 ? shipped / span * l->env.time_units_per_year / held
                   : NAN;
    v[METRIC_CASH_TIED_UP] = cash;
    /* Only whole buckets inside the window, as for a stock point. */
    size_t whole = js_size_clamped(floor(span / l->env.bullwhip_period + 1e-9),
                                   l->n_buckets);
    double var_demand = metrics_bucket_variance(l->bucket_demand, whole);
    v[METRIC_BULLWHIP] =
        var_demand > 0.0
            ? metrics_bucket_variance(l->bucket_release, whole) / var_demand
            : NAN;
    v[METRIC_RECOVERY_TIME] = NAN;
    v[METRIC_SCRAPPED_UNITS] = scrapped_total;
    v[METRIC_REJECTED_UNITS] = l->raw_rejected;
    v[line_column_line(LINE_THROUGHPUT)] = finished / span;
    v[line_column_line(LINE_LEAD_TIME_MEAN)] =
        sample_count(&l->line_lead) ? sample_mean(&l->line_lead) : NAN;
    v[line_column_line(LINE_LEAD_TIME_P95)] =
        sample_count(&l->line_lead) ? sample_quantile(&l->line_lead, 0.95)
                                    : NAN;
    v[line_column_line(LINE_SETUPS)] = setups;
    v[line_column_line(LINE_SETUP_TIME)] = setup_time;
    v[line_column_line(LINE_REWORKED)] = reworked;
    v[line_column_line(LINE_AVAILABILITY)] =
        1.0 - down_sum / (double)l->n_stages;
}
