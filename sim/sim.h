/*
 * sim.h - the discrete-event kernel: a clock and a pooled event list.
 *
 * This is the engine under every model in jitsim. It knows nothing of
 * inventory: an event is a handler, a context pointer and a 64-bit argument,
 * and the kernel never interprets any of them. It is not a process-oriented
 * simulator (no coroutines) and it does not own model state.
 *
 * Ordering: events fire in increasing time; events at the same time fire in
 * the order they were scheduled (FIFO). A run is therefore a pure function of
 * the handlers and the random streams, whatever the machine or thread count.
 *
 * Memory: event records come from a pool that grows by doubling and is never
 * shrunk until sim_destroy; scheduling, cancelling and firing allocate nothing
 * once the pool has reached the run's peak number of pending events.
 */
#ifndef JITSIM_SIM_H
#define JITSIM_SIM_H

#include <stddef.h>
#include <stdint.h>

typedef struct sim sim;

/* An event handler. `ctx` and `arg` are whatever was given to sim_schedule.
 * The handler may schedule and cancel events, including at the current time;
 * it must not call sim_step or sim_run_until (the kernel is not reentrant). */
typedef void (*sim_handler)(sim *s, void *ctx, uint64_t arg);

/* A handle to a scheduled event, used only to cancel it. Handles stay safe to
 * use after their event fired or was cancelled: cancelling them does nothing. */
typedef struct sim_event {
    uint32_t slot;
    uint32_t generation;
} sim_event;

/* The most events that can be pending at once (about 67 million). */
#define SIM_MAX_PENDING ((size_t)1 << 26)

/* Creates a kernel with its clock at 0 and no events. NULL if out of memory. */
sim *sim_create(void);
void sim_destroy(sim *s);

/* Drops every pending event and sets the clock back to 0, keeping the pool's
 * memory so that the next replication allocates nothing. */
void sim_reset(sim *s);

/* The current simulation time: the time of the event being handled, or the
 * end time of the last sim_run_until. It never decreases. */
double sim_now(const sim *s);

/* Schedules `handler(s, ctx, arg)` at absolute time `t`, which must be a
 * number >= sim_now(s) (anything else is a model bug and stops the program
 * with a diagnostic). If the event cannot be held (SIM_MAX_PENDING pending
 * events, or no memory), the kernel fails: nothing is scheduled, the handle
 * returned cancels nothing, no further event fires (sim_step and
 * sim_run_until return once the current event's handler is done), and
 * sim_failed says so until sim_reset. The caller reports the failure; the
 * replication's results are not to be used. */
sim_event sim_schedule(sim *s, double t, sim_handler handler, void *ctx,
                       uint64_t arg);

/* Same, at sim_now(s) + delay (delay >= 0). */
sim_event sim_schedule_in(sim *s, double delay, sim_handler handler,
                          void *ctx, uint64_t arg);

/* Cancels a pending event in O(1). Returns 1 if the event was pending and is
 * now cancelled, 0 if it had already fired or been cancelled. */
int sim_cancel(sim *s, sim_event ev);

/* Fires the next event. Returns 1 if one fired, 0 if none was pending. */
int sim_step(sim *s);

/* Fires, in order, every event whose time is strictly before `t_end`, then
 * sets the clock to `t_end` (which must be >= sim_now). Events at or after
 * t_end stay pending. Returns the number of events fired. */
uint64_t sim_run_until(sim *s, double t_end);

/* The number of events scheduled and neither fired nor cancelled. */
size_t sim_pending(const sim *s);

/* The number of events fired since creation or the last sim_reset. */
uint64_t sim_fired(const sim *s);

/* Whether an event could not be held since creation or the last sim_reset
 * (see sim_schedule). */
int sim_failed(const sim *s);

/* ---- lanes: events that come in time order ---------------------------
 *
 * A lane is a FIFO of events scheduled in nondecreasing time (shipments
 * on a link of constant transit time, orders with a constant delay). Only
 * its first event is in the event list; the next one enters it when the
 * first fires, with the time and the sequence number it was scheduled
 * with. Events fire exactly as if each had been scheduled with
 * sim_schedule (time, then the order of scheduling), but the list holds
 * one entry per lane instead of one per event in transit, so sifts are
 * shallower. An event earlier than the lane's last one does not enter the
 * lane: it is scheduled as by sim_schedule, so a lane is never wrong, only
 * sometimes of no help. Lane events cannot be cancelled.
 *
 * The lane's memory belongs to its owner (sim_lane_init / sim_lane_fini);
 * sim_reset forgets every lane: a model registers its lanes again (with
 * sim_lane_init) at the start of each run. */
typedef struct sim_lane_event sim_lane_event;
typedef struct sim_lane {
    sim_lane_event *ring;
    uint32_t head, n, cap;
    uint64_t last_time_bits; /* of the lane's last event */
} sim_lane;

/* Empties the lane (keeping its memory) and registers it with s until
 * the next sim_reset. Returns 0, or -1 if out of memory. */
int sim_lane_init(sim *s, sim_lane *lane);
void sim_lane_fini(sim_lane *lane);

/* As sim_schedule(s, t, handler, ctx, arg), through the lane. */
void sim_schedule_lane(sim *s, sim_lane *lane, double t, sim_handler handler,
                       void *ctx, uint64_t arg);

/* Bytes of memory the kernel holds (pool and heap), for benchmarks. */
size_t sim_memory(const sim *s);

#endif
