/*
 * test_sim.c - the event list against a reference, FIFO ties, cancellation,
 * run_until's window, reset, compaction, sequence renumbering, lanes (the
 * same order as plain events), and the checks that stop a model
 * scheduling into the past.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "sim/sim.h"
#include "sim/stream.h"

void sim__set_next_seq(sim *s, uint64_t seq);
void sim__limit_pending(sim *s, uint32_t slots);

/* ---- a log of fired events ---------------------------------------------- */

#define LOG_MAX 200000
static uint64_t fired_log[LOG_MAX];
static double fired_time[LOG_MAX];
static size_t fired_count;

static void record(sim *s, void *ctx, uint64_t arg)
{
    (void)ctx;
    cr_assert_lt(fired_count, LOG_MAX);
    fired_time[fired_count] = sim_now(s);
    fired_log[fired_count++] = arg;
}

static void reset_log(void)
{
    fired_count = 0;
}

/* ---- reference: an unsorted array scanned for the minimum ---------------- */

typedef struct ref_event {
    double t;
    uint64_t seq;
    uint64_t id;
    sim_event handle;
    int live;
} ref_event;

Test(sim, matches_reference_on_random_operations)
{
    enum { OPS = 100000 };
    sim *s = sim_create();
    cr_assert_not_null(s);
    gsl_rng *r = stream_create(2024, 0, "operations");
    ref_event *ref = calloc(OPS, sizeof *ref);
    size_t n_ref = 0, live = 0;
    uint64_t seq = 0;
    reset_log();
    for (int op = 0; op < OPS; op++) {
        double u = gsl_rng_uniform(r);
        if (u < 0.5 || live == 0) {
            /* Times on a coarse grid so that many events tie. */
            double t = sim_now(s) + (double)gsl_rng_uniform_int(r, 20) * 0.5;
            ref_event *e = &ref[n_ref];
            e->t = t;
            e->seq = seq++;
            e->id = n_ref;
            e->live = 1;
            e->handle = sim_schedule(s, t, record, NULL, e->id);
            n_ref++;
            live++;
        } else if (u < 0.65) {
            /* Cancel a random live event. */
            size_t k = gsl_rng_uniform_int(r, n_ref);
            while (!ref[k].live)
                k = (k + 1) % n_ref;
            cr_assert_eq(sim_cancel(s, ref[k].handle), 1);
            ref[k].live = 0;
            live--;
        } else if (u < 0.70) {
            /* Cancelling a fired or cancelled event does nothing. */
            size_t k = gsl_rng_uniform_int(r, n_ref);
            if (!ref[k].live)
                cr_assert_eq(sim_cancel(s, ref[k].handle), 0);
        } else {
            size_t best = SIZE_MAX;
            for (size_t k = 0; k < n_ref; k++)
                if (ref[k].live &&
                    (best == SIZE_MAX || ref[k].t < ref[best].t ||
                     (ref[k].t == ref[best].t && ref[k].seq < ref[best].seq)))
                    best = k;
            size_t before = fired_count;
            cr_assert_eq(sim_step(s), 1);
            cr_assert_eq(fired_count, before + 1);
            cr_assert_eq(fired_log[before], ref[best].id,
                         "op %d: fired %llu, expected %zu", op,
                         (unsigned long long)fired_log[before], best);
            cr_assert_eq(sim_now(s), ref[best].t);
            ref[best].live = 0;
            live--;
        }
        cr_assert_eq(sim_pending(s), live);
    }
    /* Drain: the rest fires in (time, schedule order). */
    size_t before = fired_count;
    while (sim_step(s))
        ;
    cr_assert_eq(fired_count - before, live);
    for (size_t i = before + 1; i < fired_count; i++) {
        const ref_event *a = &ref[fired_log[i - 1]], *b = &ref[fired_log[i]];
        cr_assert(a->t < b->t || (a->t == b->t && a->seq < b->seq));
    }
    cr_assert_eq(sim_pending(s), 0);
    free(ref);
    gsl_rng_free(r);
    sim_destroy(s);
}

Test(sim, equal_times_fire_in_scheduling_order)
{
    sim *s = sim_create();
    reset_log();
    for (uint64_t i = 0; i < 1000; i++)
        sim_schedule(s, 5.0, record, NULL, i);
    sim_schedule(s, 1.0, record, NULL, 5000);
    cr_assert_eq(sim_run_until(s, 10.0), 1001);
    cr_assert_eq(fired_log[0], 5000);
    for (uint64_t i = 0; i < 1000; i++)
        cr_assert_eq(fired_log[i + 1], i);
    sim_destroy(s);
}

/* An event scheduled at the current time by a handler fires after the
 * events already scheduled for that time. */
static void schedule_now(sim *s, void *ctx, uint64_t arg)
{
    record(s, ctx, arg);
    if (arg < 3)
        sim_schedule(s, sim_now(s), schedule_now, ctx, arg + 10);
}

Test(sim, events_scheduled_now_fire_after_earlier_ties)
{
    sim *s = sim_create();
    reset_log();
    sim_schedule(s, 2.0, schedule_now, NULL, 1);
    sim_schedule(s, 2.0, schedule_now, NULL, 2);
    sim_run_until(s, 3.0);
    cr_assert_eq(fired_count, 4);
    cr_assert_eq(fired_log[0], 1);
    cr_assert_eq(fired_log[1], 2);
    cr_assert_eq(fired_log[2], 11);
    cr_assert_eq(fired_log[3], 12);
    sim_destroy(s);
}

Test(sim, cancel_head_tail_and_fired)
{
    sim *s = sim_create();
    reset_log();
    sim_event head = sim_schedule(s, 1.0, record, NULL, 1);
    sim_schedule(s, 2.0, record, NULL, 2);
    sim_event tail = sim_schedule(s, 3.0, record, NULL, 3);
    cr_assert_eq(sim_pending(s), 3);
    cr_assert_eq(sim_cancel(s, head), 1);
    cr_assert_eq(sim_cancel(s, head), 0, "second cancel is harmless");
    cr_assert_eq(sim_cancel(s, tail), 1);
    cr_assert_eq(sim_pending(s), 1);
    cr_assert_eq(sim_step(s), 1);
    cr_assert_eq(fired_log[0], 2);
    cr_assert_eq(sim_now(s), 2.0);
    cr_assert_eq(sim_step(s), 0, "cancelled tail must not fire");
    cr_assert_eq(fired_count, 1);

    /* A fired event's slot is reused; its old handle must not cancel the
     * new event. */
    sim_event old = sim_schedule(s, 4.0, record, NULL, 4);
    cr_assert_eq(sim_step(s), 1);
    sim_event reused = sim_schedule(s, 5.0, record, NULL, 5);
    cr_assert_eq(reused.slot, old.slot);
    cr_assert_eq(sim_cancel(s, old), 0);
    cr_assert_eq(sim_pending(s), 1);
    cr_assert_eq(sim_step(s), 1);
    cr_assert_eq(fired_log[2], 5);
    cr_assert_eq(sim_cancel(s, (sim_event){999999, 0}), 0);
    sim_destroy(s);
}

static void cancel_other(sim *s, void *ctx, uint64_t arg)
{
    record(s, NULL, arg);
    cr_assert_eq(sim_cancel(s, *(sim_event *)ctx), 1);
}

Test(sim, handler_can_cancel_a_pending_event)
{
    sim *s = sim_create();
    reset_log();
    sim_event victim;
    sim_schedule(s, 1.0, cancel_other, &victim, 1);
    victim = sim_schedule(s, 2.0, record, NULL, 2);
    sim_schedule(s, 3.0, record, NULL, 3);
    sim_run_until(s, 10.0);
    cr_assert_eq(fired_count, 2);
    cr_assert_eq(fired_log[1], 3);
    sim_destroy(s);
}

Test(sim, run_until_excludes_the_end_time)
{
    sim *s = sim_create();
    reset_log();
    sim_schedule(s, 1.0, record, NULL, 1);
    sim_schedule(s, 4.0, record, NULL, 2);
    sim_event at_end = sim_schedule(s, 4.0, record, NULL, 3);
    sim_schedule(s, 9.0, record, NULL, 4);
    /* A cancelled event before t_end must not let a later one through. */
    sim_event early = sim_schedule(s, 3.5, record, NULL, 5);
    sim_cancel(s, early);
    cr_assert_eq(sim_run_until(s, 4.0), 1);
    cr_assert_eq(sim_now(s), 4.0);
    cr_assert_eq(sim_pending(s), 3);
    cr_assert_eq(sim_cancel(s, at_end), 1);
    cr_assert_eq(sim_run_until(s, 100.0), 2);
    cr_assert_eq(fired_log[1], 2);
    cr_assert_eq(fired_log[2], 4);
    cr_assert_eq(sim_now(s), 100.0);
    cr_assert_eq(sim_fired(s), 3);
    sim_destroy(s);
}

Test(sim, reset_forgets_events_and_invalidates_handles)
{
    sim *s = sim_create();
    reset_log();
    sim_event e = sim_schedule(s, 7.0, record, NULL, 1);
    sim_run_until(s, 2.0);
    sim_reset(s);
    cr_assert_eq(sim_now(s), 0.0);
    cr_assert_eq(sim_pending(s), 0);
    cr_assert_eq(sim_fired(s), 0);
    cr_assert_eq(sim_cancel(s, e), 0);
    sim_schedule(s, 1.0, record, NULL, 2);
    sim_run_until(s, 10.0);
    cr_assert_eq(fired_count, 1);
    cr_assert_eq(fired_log[0], 2);
    sim_destroy(s);
}

Test(sim, cancelled_events_do_not_grow_memory)
{
    sim *s = sim_create();
    sim_schedule(s, 1e9, record, NULL, 0);
    for (int round = 0; round < 200; round++) {
        sim_event ev[1000];
        for (int i = 0; i < 1000; i++)
            ev[i] = sim_schedule(s, 1.0 + i, record, NULL, 1);
        for (int i = 0; i < 1000; i++)
            cr_assert_eq(sim_cancel(s, ev[i]), 1);
    }
    cr_assert_eq(sim_pending(s), 1);
    /* 200,000 cancelled events were scheduled; compaction keeps the heap
     * and pool to a few thousand entries (48 bytes each). */
    cr_assert_lt(sim_memory(s), (size_t)4096 * 48 + 4096);
    reset_log();
    sim_run_until(s, 2e9);
    cr_assert_eq(fired_count, 1);
    cr_assert_eq(fired_log[0], 0);
    sim_destroy(s);
}

Test(sim, sequence_renumbering_keeps_order)
{
    sim *s = sim_create();
    reset_log();
    sim_schedule(s, 1.0, record, NULL, 0);
    sim_schedule(s, 1.0, record, NULL, 1);
    sim_schedule(s, 0.5, record, NULL, 2);
    sim__set_next_seq(s, ((uint64_t)1 << 38) - 2);
    for (uint64_t i = 3; i < 10; i++)
        sim_schedule(s, 1.0, record, NULL, i); /* crosses the limit */
    sim_run_until(s, 2.0);
    cr_assert_eq(fired_count, 10);
    cr_assert_eq(fired_log[0], 2);
    cr_assert_eq(fired_log[1], 0);
    cr_assert_eq(fired_log[2], 1);
    for (uint64_t i = 3; i < 10; i++)
        cr_assert_eq(fired_log[i], i);
    sim_destroy(s);
}

/* Each event schedules two: the pending count doubles until the pool's
 * limit, standing in for memory running out. */
static uint64_t doubled;
static void double_up(sim *s, void *ctx, uint64_t arg)
{
    (void)ctx;
    doubled++;
    sim_schedule_in(s, 1.0, double_up, NULL, arg);
    sim_event second = sim_schedule_in(s, 1.0, double_up, NULL, arg);
    if (sim_failed(s))
        cr_assert_eq(sim_cancel(s, second), 0);
}

Test(sim, an_event_that_cannot_be_held_fails_the_run_without_aborting)
{
    sim *s = sim_create();
    sim__limit_pending(s, 300);
    doubled = 0;
    sim_schedule(s, 0.0, double_up, NULL, 0);
    cr_assert_eq(sim_run_until(s, 100.0), doubled);
    cr_assert(sim_failed(s));
    /* 2^k events fire at t = k. While the j-th of the 256 at t = 8 runs,
     * 256 - j wait at t = 8 and 2j at t = 9: its second event would be
     * the 301st held when j = 45, so the run stops there, after
     * 255 + 45 events. */
    cr_assert_eq(doubled, 255 + 45);
    cr_assert_leq(sim_pending(s), (size_t)300);
    cr_assert_eq(sim_step(s), 0, "nothing fires after a failure");
    sim_reset(s);
    cr_assert_not(sim_failed(s));
    doubled = 0;
    sim_schedule(s, 0.0, double_up, NULL, 0);
    sim_run_until(s, 5.5);
    cr_assert_not(sim_failed(s));
    cr_assert_eq(doubled, 63);
    sim_destroy(s);
}

static void hold(sim *s, void *ctx, uint64_t arg)
{
    gsl_rng *r = ctx;
    sim_schedule_in(s, gsl_rng_uniform(r), hold, ctx, arg);
}

Test(sim, memory_follows_pending_events_not_fired_ones)
{
    sim *s = sim_create();
    gsl_rng *r = stream_create(5, 0, "hold");
    for (int i = 0; i < 1000; i++)
        sim_schedule(s, gsl_rng_uniform(r), hold, r, 0);
    sim_run_until(s, 100.0);
    size_t after_short = sim_memory(s);
    sim_run_until(s, 5000.0);
    cr_assert_gt(sim_fired(s), 1000000);
    cr_assert_eq(sim_memory(s), after_short);
    cr_assert_eq(sim_pending(s), 1000);
    gsl_rng_free(r);
    sim_destroy(s);
}

static void noop(sim *s, void *ctx, uint64_t arg)
{
    (void)s, (void)ctx, (void)arg;
}

Test(sim, scheduling_in_the_past_is_a_fatal_check, .signal = SIGABRT)
{
    sim *s = sim_create();
    sim_run_until(s, 5.0);
    sim_schedule(s, 4.0, noop, NULL, 0);
}

Test(sim, scheduling_at_nan_is_a_fatal_check, .signal = SIGABRT)
{
    sim *s = sim_create();
    sim_schedule(s, NAN, noop, NULL, 0);
}

Test(sim, negative_delay_is_a_fatal_check, .signal = SIGABRT)
{
    sim *s = sim_create();
    sim_schedule_in(s, -1.0, noop, NULL, 0);
}

Test(sim, run_until_backwards_is_a_fatal_check, .signal = SIGABRT)
{
    sim *s = sim_create();
    sim_run_until(s, 5.0);
    sim_run_until(s, 1.0);
}

/* ---- lanes ---------------------------------------------------------------- */

/* Each fired event schedules up to two more, at random into one of three
 * lanes (mostly in time order, sometimes not) or as a plain event, with
 * times on a coarse grid so that ties are common. The same run with every
 * event plain must fire the same events at the same times in the same
 * order: a lane only changes where pending events wait. */
typedef struct lane_run {
    int use_lanes;
    sim_lane lanes[3];
    double last[3]; /* per lane: the latest time given to it */
    gsl_rng *rng;
    uint64_t next_id;
} lane_run;

static void lane_step(sim *s, void *ctx, uint64_t arg)
{
    lane_run *run = ctx;
    record(s, ctx, arg);
    for (int k = 0; k < 2 && run->next_id < 20000; k++) {
        unsigned long what = gsl_rng_uniform_int(run->rng, 5);
        double t = sim_now(s) + (double)gsl_rng_uniform_int(run->rng, 4) * 0.5;
        uint64_t id = run->next_id++;
        if (what < 3) {
            /* Usually at or after the lane's last (a constant delay),
             * sometimes before it (then the kernel schedules it alone). */
            if (t < run->last[what] && gsl_rng_uniform(run->rng) < 0.8)
                t = run->last[what];
            run->last[what] = t > run->last[what] ? t : run->last[what];
            if (run->use_lanes)
                sim_schedule_lane(s, &run->lanes[what], t, lane_step, run, id);
            else
                sim_schedule(s, t, lane_step, run, id);
        } else {
            sim_schedule(s, t, lane_step, run, id);
        }
    }
}

static size_t lane_run_log(int use_lanes, uint64_t *log, double *times,
                           int renumber)
{
    sim *s = sim_create();
    cr_assert_not_null(s);
    lane_run run = {.use_lanes = use_lanes, .rng = gsl_rng_alloc(gsl_rng_mt19937)};
    gsl_rng_set(run.rng, 7);
    for (int l = 0; l < 3; l++)
        cr_assert_eq(sim_lane_init(s, &run.lanes[l]), 0);
    reset_log();
    for (uint64_t i = 0; i < 20; i++)
        sim_schedule(s, (double)(i % 4), lane_step, &run, run.next_id++);
    if (renumber) {
        sim_run_until(s, 3.0);
        cr_assert_gt(sim_pending(s), 100, "%zu", sim_pending(s));
        cr_assert_lt(run.next_id, 19000, "%llu", (unsigned long long)run.next_id);
        sim__set_next_seq(s, ((uint64_t)1 << 38) - 5);
    }
    sim_run_until(s, 1e9);
    cr_assert_eq(sim_pending(s), 0);
    cr_assert_not(sim_failed(s));
    size_t n = fired_count;
    memcpy(log, fired_log, n * sizeof *log);
    memcpy(times, fired_time, n * sizeof *times);
    for (int l = 0; l < 3; l++)
        sim_lane_fini(&run.lanes[l]);
    gsl_rng_free(run.rng);
    sim_destroy(s);
    return n;
}

static uint64_t plain_log[LOG_MAX], laned_log[LOG_MAX];
static double plain_time[LOG_MAX], laned_time[LOG_MAX];

static void assert_lanes_change_nothing(int renumber)
{
    size_t n = lane_run_log(0, plain_log, plain_time, renumber);
    size_t m = lane_run_log(1, laned_log, laned_time, renumber);
    cr_assert_eq(n, 20000); /* ids 0..19999 */
    cr_assert_eq(m, n);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(laned_log[i], plain_log[i], "event %zu", i);
        cr_assert_eq(laned_time[i], plain_time[i], "event %zu", i);
    }
}

Test(sim, lanes_fire_events_in_the_order_of_plain_events)
{
    assert_lanes_change_nothing(0);
}

Test(sim, lanes_keep_the_order_across_sequence_renumbering)
{
    assert_lanes_change_nothing(1);
}

/* Events waiting behind a lane's first are pending; reset forgets them. */
Test(sim, lane_events_are_pending_and_reset_forgets_them)
{
    sim *s = sim_create();
    sim_lane lane = {0};
    cr_assert_eq(sim_lane_init(s, &lane), 0);
    reset_log();
    for (uint64_t i = 0; i < 40; i++)
        sim_schedule_lane(s, &lane, 1.0 + (double)i, record, NULL, i);
    sim_schedule_lane(s, &lane, 0.5, record, NULL, 99); /* early: alone */
    cr_assert_eq(sim_pending(s), 41);
    sim_run_until(s, 3.0);
    cr_assert_eq(fired_count, 3);
    cr_assert_eq(fired_log[0], 99);
    cr_assert_eq(fired_log[1], 0);
    cr_assert_eq(fired_log[2], 1);
    cr_assert_eq(sim_pending(s), 38);
    sim_reset(s);
    cr_assert_eq(sim_pending(s), 0);
    cr_assert_eq(sim_lane_init(s, &lane), 0);
    sim_schedule_lane(s, &lane, 2.0, record, NULL, 7);
    sim_run_until(s, 10.0);
    cr_assert_eq(fired_count, 4);
    cr_assert_eq(fired_log[3], 7);
    sim_lane_fini(&lane);
    sim_destroy(s);
}
