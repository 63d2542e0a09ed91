/*
 * stockpt_disruption.c - a stock point's response to disruptions of its
 * primary supplier (the emergency stock, the backup supplier and its
 * lots), and how long each disruption took to recover from.
 *
 * Only disruptions of the policy's own supplier count; those of other
 * suppliers are traced and otherwise ignored. Overlapping disruptions of
 * the primary act as one (a count of those in force).
 *
 * Episodes. A disruption starts an episode; the episode ends when supply
 * has recovered: when a loop order (not a refill of the emergency stock)
 * placed at or after the end of the episode's last disruption has
 * arrived, from whichever supplier the policy then ordered from, and
 * every loop order placed before that end has arrived too (orders held or
 * slowed by the disruption, or overtaken in transit). Until then the goods
 * a disruption kept back are still missing: with a lead time L, its
 * shortage comes up to L after it ends. A disruption that starts before
 * supply has recovered joins the episode (back-to-back disruptions are one
 * episode, measured from the first start).
 *
 * Emergency stock: released (usable after the loop's own units) when an
 * episode starts; locked again, with what was used reordered from the
 * primary as a refill, at the episode's recovery (release:
 * until_recovered, the default) or at the end of its disruptions (release:
 * during, which leaves a long supply line short after the end).
 *
 * Backup supplier: orders placed switch_after into the disruption go to
 * the backup until the disruption ends. The policy decides when to order;
 * the backup's lot is its own: `cover_gap` orders up to the demand until
 * the primary can deliver again, plan_rate x (primary's mean lead time +
 * what is left of the disruption as planned), less the units on hand
 * (released emergency stock included) and on order from any supplier
 * (refills of the emergency stock excluded, and orders the primary has not
 * shipped yet: held by its outage, they arrive when the gap ends), less
 * backorders; or a fixed lot. The planned end is a scheduled
 * disruption's end or a random one's start plus its mean duration; none
 * for a loss (nothing left is planned). Only orders to the first source
 * go to the backup (a dual-sourced type takes no backup).
 *
 * recovery_time (docs/metrics.md): per episode started in the window, 0 if
 * no customer went short from its start until supply recovered; otherwise
 * from its start to the end of the last shortage that began by then (the
 * first moment after it with no customer waiting; with lost sales, stock
 * back on hand after a customer was turned away). An episode unfinished at
 * the horizon counts up to the horizon (a lower bound), or 0 if nobody
 * went short in it. Nothing here allocates: the open episode is one
 * struct, and episodes waiting for a shortage to end all end together, so
 * a count and a sum of starts hold them.
 *
 * Not here: what a disruption does to the supplier (supplier.c) or when it
 * happens (world.c).
 */
#include <math.h>

#include "stockpt_internal.h"

static void on_switch_to_backup(sim *s, void *ctx, uint64_t arg)
{
    (void)s;
    (void)arg;
    stockpt *sp = ctx;
    sp->use_backup = 1;
}

/* The locked emergency stock becomes usable; waiting customers get it. */
static void release_reserve(stockpt *sp)
{
    sp->reserve_released = 1;
    if (sp->reserve_locked > 0.0) {
        sp->on_hand += sp->reserve_locked;
        sp->reserve_in_hand += sp->reserve_locked;
        sp->reserve_locked = 0.0;
        stockpt__serve_waiting(sp);
    }
}

/* Locks what is left of the emergency stock and reorders what was used,
 * to be put back into the reserve on arrival. */
static void lock_reserve(stockpt *sp)
{
    if (!sp->reserve_released)
        return;
    sp->reserve_released = 0;
    sp->on_hand -= sp->reserve_in_hand;
    sp->reserve_locked += sp->reserve_in_hand;
    sp->reserve_in_hand = 0.0;
    double used =
        sp->spec->emergency_stock - sp->reserve_locked - sp->reserve_on_order;
    if (used > 0.0)
        stockpt__place(sp, used, 1, sp->spec->supplier, 1);
}

void stockpt_disruption_begin(stockpt *sp, int supplier_index,
                              double planned_end)
{
    TRACE(sp, STOCKPT_DISRUPTION_BEGIN, 0.0, supplier_index);
    if (supplier_index != sp->spec->supplier)
        return;
    /* Overlapping: planned to end when the last does; unknown if any is. */
    if (sp->disruptions_on_primary == 0 || isnan(planned_end) ||
        planned_end > sp->planned_end)
        sp->planned_end = planned_end;
    if (sp->disruptions_on_primary++ > 0)
        return; /* already disrupted: mitigations are in effect */
    stockpt_episode *e = &sp->episode;
    if (!e->open) {
        *e = (stockpt_episode){.open = 1,
                               .observed = sp->observing,
                               .had_shortage = sp->shortage,
                               .start = sim_now(sp->s)};
    }
    if (sp->spec->emergency_stock > 0.0)
        release_reserve(sp);
    if (sp->spec->backup_supplier >= 0) {
        sp->backup_switch = sim_schedule(sp->s, sim_now(sp->s) +
                                                    sp->spec->switch_after,
                                         on_switch_to_backup, sp, 0);
    }
    stockpt__levels_changed(sp);
}

void stockpt_disruption_end(stockpt *sp, int supplier_index)
{
    TRACE(sp, STOCKPT_DISRUPTION_END, 0.0, supplier_index);
    if (supplier_index != sp->spec->supplier)
        return;
    if (--sp->disruptions_on_primary > 0)
        return;
    sp->planned_end = NAN;
    stockpt_episode *e = &sp->episode;
    e->ended_at = sim_now(sp->s);
    e->before_open = sp->loop_orders_open;
    e->after_received = 0;
    if (sp->spec->release == RELEASE_DURING)
        lock_reserve(sp);
    if (sp->spec->backup_supplier >= 0) {
        sim_cancel(sp->s, sp->backup_switch);
        sp->use_backup = 0;
    }
    stockpt__levels_changed(sp);
}

void stockpt__loop_receipt(stockpt *sp, double placed)
{
    stockpt_episode *e = &sp->episode;
    if (!e->open || sp->disruptions_on_primary > 0)
        return;
    if (placed < e->ended_at)
        e->before_open -= 1.0;
    else
        e->after_received = 1;
    if (!e->after_received || e->before_open > 0.0)
        return;
    /* Supply has recovered. */
    e->open = 0;
    TRACE(sp, STOCKPT_RECOVERED,
          sp->spec->release == RELEASE_UNTIL_RECOVERED ? sp->reserve_in_hand
                                                       : 0.0,
          sp->spec->supplier);
    if (e->observed) {
        if (sp->shortage) {
            /* Customers still wait: the episode ends with this shortage. */
            sp->pending_n += 1.0;
            sp->pending_start_sum += e->start;
        } else {
            sp->recovery_sum +=
                e->had_shortage ? sp->last_recovered - e->start : 0.0;
            sp->recovery_count += 1.0;
        }
    }
    if (sp->spec->release == RELEASE_UNTIL_RECOVERED) {
        lock_reserve(sp);
        stockpt__levels_changed(sp);
    }
}

void stockpt__shortage_began(stockpt *sp)
{
    if (sp->episode.open)
        sp->episode.had_shortage = 1;
}

void stockpt__shortage_ended(stockpt *sp, double now)
{
    sp->last_recovered = now;
    if (sp->pending_n > 0.0) {
        sp->recovery_sum += sp->pending_n * now - sp->pending_start_sum;
        sp->recovery_count += sp->pending_n;
        sp->pending_n = sp->pending_start_sum = 0.0;
    }
}

double stockpt__backup_quantity(const stockpt *sp, double requested)
{
    (void)requested; /* the primary's lot is not the backup's */
    if (sp->spec->backup_lot > 0.0)
        return sp->spec->backup_lot;
    double now = sim_now(sp->s);
    double left = isnan(sp->planned_end) || sp->planned_end < now
                      ? 0.0
                      : sp->planned_end - now;
    double cover = sp->plan_rate * (sp->primary_lead_time + left);
    /* What the primary has not shipped arrives when the gap ends, not in
     * it. */
    double position = sp->on_hand + sp->on_order - sp->reserve_on_order -
                      sp->primary_unshipped - sp->backorders;
    return cover - position;
}

void stockpt__recovery_begin_window(stockpt *sp)
{
    sp->episode.observed = 0;
    sp->pending_n = sp->pending_start_sum = 0.0;
    sp->recovery_sum = sp->recovery_count = 0.0;
}

double stockpt__recovery_time(const stockpt *sp, double horizon)
{
    double sum = sp->recovery_sum, n = sp->recovery_count;
    /* Unfinished at the horizon: counted up to it, a lower bound. */
    sum += sp->pending_n * horizon - sp->pending_start_sum;
    n += sp->pending_n;
    const stockpt_episode *e = &sp->episode;
    if (e->open && e->observed) {
        sum += e->had_shortage ? horizon - e->start : 0.0;
        n += 1.0;
    }
    return n > 0.0 ? sum / n : NAN;
}
