/*
 * flow.c - units in and out of a line: releases to the first stage, the
 * line's and the stages' WIP, the finished-goods stores and their
 * customers (backorders first come first served, or lost sales), the
 * levels reported to observers, and the trace.
 *
 * Not the stages (stage.c) nor the raw store (raw.c); what a customer's
 * order or a withdrawal releases is the control's (control.h).
 */
#include <stdlib.h>

#include "models/line/control.h"
#include "models/line/internal.h"
#include "sim/convert.h"

void line__report_levels(prodline *l)
{
    if (!l->level_fn)
        return;
    double on_hand = 0.0, owed = 0.0;
    for (size_t i = 0; i < l->n_products; i++) {
        on_hand += l->products[i].on_hand;
        owed += l->products[i].backorders;
    }
    l->level_fn(l->level_ctx, line__now(l), on_hand, owed, l->raw_on_order,
                l->wip_now);
}

static const char *const event_names[] = {
    [LINE_CUSTOMER_ORDER] = "customer_order",
    [LINE_SHORT] = "short",
    [LINE_RELEASE] = "release",
    [LINE_CARD] = "kanban_card",
    [LINE_SETUP] = "setup",
    [LINE_DONE] = "unit_done",
    [LINE_FINISHED] = "finished",
    [LINE_SCRAP] = "scrap",
    [LINE_REWORK] = "rework",
    [LINE_BREAKDOWN] = "breakdown",
    [LINE_REPAIRED] = "repaired",
    [LINE_MAINTENANCE] = "maintenance",
    [LINE_STOPPED] = "stopped",
    [LINE_RESTARTED] = "restarted",
    [LINE_RAW_ORDER] = "raw_order",
    [LINE_RAW_RECEIPT] = "raw_receipt",
};

const char *line_event_name(line_event event)
{
    return (unsigned)event < sizeof event_names / sizeof event_names[0]
               ? event_names[event]
               : "?";
}

void line__trace_event(prodline *l, line_event event, int stage,
                       int product, double quantity)
{
    line_trace_state state = {0.0, 0.0, l->wip_now, l->raw_on_hand};
    if (product >= 0) {
        state.on_hand = l->products[product].on_hand;
        state.backorders = l->products[product].backorders;
    } else {
        for (size_t i = 0; i < l->n_products; i++) {
            state.on_hand += l->products[i].on_hand;
            state.backorders += l->products[i].backorders;
        }
    }
    l->trace_fn(l->trace_ctx, line__now(l), event, stage, product, quantity,
                &state);
}

void line__stage_wip_add(prodline *l, size_t k, int delta)
{
    stage_run *st = &l->stages[k];
    st->in_stage += delta;
    levels_set(&st->lv, line__now(l), LEVEL_WIP, (double)st->in_stage);
    l->stage_wip_now[k] = (double)st->in_stage;
    if (l->stage_fn)
        l->stage_fn(l->stage_ctx, line__now(l), l->stage_wip_now,
                    l->n_stages, l->wip_now);
}

void line__wip_add(prodline *l, product_run *pr, double delta)
{
    double t = line__now(l);
    l->wip_now += delta;
    twavg_set(&l->line_wip, t, l->wip_now);
    pr->in_line += delta;
    twavg_set(&pr->wip, t, pr->in_line);
    if (l->stage_fn)
        l->stage_fn(l->stage_ctx, t, l->stage_wip_now, l->n_stages,
                    l->wip_now);
}

size_t line__bucket_of(const prodline *l)
{
    double b = (line__now(l) - l->window_start) / l->env.bullwhip_period;
    size_t i = js_size_clamped(b, l->n_buckets - 1);
    return i;
}

int line__has_input(const prodline *l, size_t k)
{
    if (k == 0)
        return l->raw_unlimited || l->raw_on_hand >= 1.0;
    return l->stages[k - 1].out_total > 0.0;
}

void line__release(prodline *l, int product)
{
    product_run *pr = &l->products[product];
    double t = line__now(l);
    if (ring_put(&l->releases, t, t, t, product)) {
        l->failed = 1;
        return;
    }
    levels_due(&l->stages[0].lv, t);
    line__stage_wip_add(l, 0, 1);
    line__wip_add(l, pr, 1.0);
    if (l->observing)
        l->bucket_release[line__bucket_of(l)] += 1.0;
    LINE_TRACE(l, LINE_RELEASE, 0, product, 1.0);
    line__stage_dispatch(l, 0);
}

unit line__take_from_store(prodline *l, size_t j, int product)
{
    stage_run *st = &l->stages[j];
    unit u = ring_pop(&st->out[product]);
    st->out_total -= 1.0;
    levels_due(&st->lv, line__now(l));
    levels_set(&st->lv, line__now(l), LEVEL_BUFFER, st->out_total);
    return u;
}

void line__finished(prodline *l, product_run *pr, unit u)
{
    double t = line__now(l);
    line__wip_add(l, pr, -1.0);
    if (l->observing) {
        if (sample_add(&l->line_lead, t - u.released))
            l->failed = 1;
        pr->finished += 1.0;
    }
    stage_run *last = &l->stages[l->n_stages - 1];
    if (pr->waiting_n) {
        waiting_order *w = &pr->waiting[pr->waiting_head];
        w->remaining -= 1.0;
        pr->backorders -= 1.0;
        twavg_set(&pr->owed, t, pr->backorders);
        if (w->remaining <= 0.0) {
            if (w->observed &&
                (sample_add(&pr->lead_time, t - w->arrival) ||
                 sample_add(&l->customer_lead, t - w->arrival)))
                l->failed = 1;
            pr->waiting_head =
                (pr->waiting_head + 1) & (pr->waiting_cap - 1);
            pr->waiting_n--;
        }
        if (l->observing)
            pr->shipped += 1.0;
        line__material_out(l, pr, 1.0, 1);
        LINE_TRACE(l, LINE_FINISHED, (int)l->n_stages - 1, pr->index, 1.0);
        if (l->control->withdrawn)
            l->control->withdrawn(l, l->n_stages - 1, pr->index, 1.0);
    } else {
        pr->on_hand += 1.0;
        last->out_total += 1.0;
        twavg_set(&pr->fg, t, pr->on_hand);
        levels_set(&last->lv, t, LEVEL_BUFFER, last->out_total);
        LINE_TRACE(l, LINE_FINISHED, (int)l->n_stages - 1, pr->index, 1.0);
    }
}

void line__on_customer_order(sim *s, void *ctx, double quantity)
{
    product_run *pr = ctx;
    prodline *l = pr->line;
    double t = sim_now(s);
    if (l->control->on_demand)
        l->control->on_demand(l, pr->index, quantity);
    if (l->observing) {
        pr->demanded += quantity;
        pr->orders += 1.0;
        l->bucket_demand[line__bucket_of(l)] += quantity;
    }
    double take = quantity < pr->on_hand ? quantity : pr->on_hand;
    pr->on_hand -= take;
    stage_run *last = &l->stages[l->n_stages - 1];
    last->out_total -= take;
    levels_due(&last->lv, t);
    twavg_set(&pr->fg, t, pr->on_hand);
    levels_set(&last->lv, t, LEVEL_BUFFER, last->out_total);
    if (l->observing) {
        pr->filled += take;
        pr->shipped += take;
    }
    if (take > 0.0)
        line__material_out(l, pr, take, 1);
    if (take < quantity) {
        double short_units = quantity - take;
        if (l->observing) {
            pr->stockout_orders += 1.0;
            pr->short_units += short_units;
        }
        if (pr->spec->item.lost_sales) {
            if (l->observing)
                pr->lost += short_units;
        } else {
            if (pr->waiting_n == pr->waiting_cap) {
                size_t cap = pr->waiting_cap ? 2 * pr->waiting_cap : 16;
                waiting_order *grown = malloc(cap * sizeof *grown);
                if (!grown) {
                    l->failed = 1;
                    return;
                }
                for (size_t i = 0; i < pr->waiting_n; i++)
                    grown[i] = pr->waiting[(pr->waiting_head + i) %
                                           pr->waiting_cap];
                free(pr->waiting);
                pr->waiting = grown;
                pr->waiting_cap = cap;
                pr->waiting_head = 0;
            }
            pr->waiting[(pr->waiting_head + pr->waiting_n) %
                        pr->waiting_cap] =
                (waiting_order){t, short_units, l->observing};
            pr->waiting_n++;
            pr->backorders += short_units;
            twavg_set(&pr->owed, t, pr->backorders);
        }
    } else if (l->observing && (sample_add(&pr->lead_time, 0.0) ||
                                sample_add(&l->customer_lead, 0.0))) {
        l->failed = 1;
    }
    LINE_TRACE(l, LINE_CUSTOMER_ORDER, -1, pr->index, quantity);
    if (take < quantity)
        LINE_TRACE(l, LINE_SHORT, -1, pr->index, quantity - take);
    if (take > 0.0 && l->control->withdrawn)
        l->control->withdrawn(l, l->n_stages - 1, pr->index, take);
    line__report_levels(l);
}
