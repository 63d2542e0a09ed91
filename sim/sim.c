/*
 * sim.c - clock and event list.
 *
 * The event list is a 4-ary min-heap of 16-byte entries {time bits, key},
 * where key = sequence << SLOT_BITS | slot. The sequence number, taken from
 * a counter at scheduling, breaks ties between equal times in FIFO order; the
 * slot indexes a pooled record holding the handler, context and argument.
 * Keeping the heap entries small and the payload elsewhere puts the four
 * children of a node in one 64-byte cache line (the heap is offset so that
 * they are aligned), which is what makes sifting cheap.
 *
 * Times are non-negative, so their IEEE-754 bit patterns compare as unsigned
 * integers in the same order as the doubles; comparing integers avoids the
 * floating-point compare's handling of NaN and keeps the selection branch-free.
 *
 * Cancellation is lazy: a cancelled record is flagged and skipped when its
 * entry reaches the top. When cancelled entries outnumber live ones the heap
 * is compacted, so memory follows pending events, not cancelled ones.
 *
 * Firing is "pop deferred": the fired entry stays at the top while its
 * handler runs; if the handler schedules an event (the common case: an
 * arrival schedules the next arrival) that event replaces the top with one
 * sift instead of a pop and a push.
 */
#include "sim.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

#define SLOT_BITS 26
#define SLOT_MASK ((UINT64_C(1) << SLOT_BITS) - 1)
#define SEQ_LIMIT (UINT64_C(1) << (64 - SLOT_BITS))
#define NO_SLOT UINT32_MAX
#define CACHE_LINE 64
/* Root at byte 48 of a 64-byte line puts entries 4i+1..4i+4 in one line. */
#define HEAP_OFFSET 48

typedef struct heap_entry {
    uint64_t time_bits;
    uint64_t key;
} heap_entry;

typedef struct event_record {
    sim_handler handler;
    void *ctx;
    uint64_t arg;        /* when the record is free: index of the next free */
    uint32_t generation; /* bumped each time the record is released */
    uint32_t cancelled;
} event_record;

struct sim {
    double now;
    heap_entry *heap;
    void *heap_block;
    size_t heap_size;
    size_t heap_capacity;
    size_t cancelled_in_heap;
    int top_fired; /* heap[0] fired; its entry awaits removal or replacement */
    event_record *pool;
    uint32_t pool_capacity;
    uint32_t pool_high_water;
    uint32_t free_head;
    uint64_t next_seq;
    uint64_t fired;
    /* Pool slots it may grow to: SIM_MAX_PENDING (lower only in tests). */
    uint32_t pool_limit;
    /* Set when an event could not be held (memory, or the pool's limit):
     * the run stops at once and the caller reports it (sim_failed). */
    int failed;
};

static uint64_t time_to_bits(double t)
{
    uint64_t bits;
    t += 0.0; /* -0.0 becomes +0.0 so that the bit order is the value order */
    memcpy(&bits, &t, sizeof bits);
    return bits;
}

static double bits_to_time(uint64_t bits)
{
    double t;
    memcpy(&t, &bits, sizeof t);
    return t;
}

static inline int entry_less(const heap_entry *a, const heap_entry *b)
{
    return (a->time_bits < b->time_bits) |
           ((a->time_bits == b->time_bits) & (a->key < b->key));
}

static inline uint32_t entry_slot(const heap_entry *e)
{
    return (uint32_t)(e->key & SLOT_MASK);
}

/* ---- pool ---------------------------------------------------------------- */

static int pool_grow(sim *s)
{
    uint32_t old = s->pool_capacity;
    uint32_t want = old ? old * 2 : 256;
    if (want > s->pool_limit)
        want = s->pool_limit;
    if (want <= old)
        return -1;
    /* Cache-line aligned, so that no 32-byte record straddles two lines. */
    event_record *p = aligned_alloc(CACHE_LINE, (size_t)want * sizeof *p);
    if (!p)
        return -1;
    if (s->pool)
        memcpy(p, s->pool, (size_t)old * sizeof *p);
    free(s->pool);
    s->pool = p;
    s->pool_capacity = want;
    return 0;
}

static uint32_t slot_acquire(sim *s)
{
    uint32_t slot = s->free_head;
    if (slot != NO_SLOT) {
        s->free_head = (uint32_t)s->pool[slot].arg;
        return slot;
    }
    if (s->pool_high_water == s->pool_capacity && pool_grow(s) != 0)
        return NO_SLOT;
    slot = s->pool_high_water++;
    s->pool[slot].generation = 0;
    return slot;
}

static void slot_release(sim *s, uint32_t slot)
{
    event_record *r = &s->pool[slot];
    r->generation++;
    r->cancelled = 0;
    r->arg = s->free_head;
    s->free_head = slot;
}

/* ---- heap ---------------------------------------------------------------- */

static int heap_grow(sim *s)
{
    size_t want = s->heap_capacity ? s->heap_capacity * 2 : 256;
    size_t bytes = want * sizeof(heap_entry) + CACHE_LINE;
    void *block = aligned_alloc(CACHE_LINE, bytes);
    if (!block)
        return -1;
    heap_entry *h = (heap_entry *)((char *)block + HEAP_OFFSET);
    if (s->heap_size)
        memcpy(h, s->heap, s->heap_size * sizeof *h);
    free(s->heap_block);
    s->heap_block = block;
    s->heap = h;
    s->heap_capacity = want;
    return 0;
}

/* Index of the smallest of the children c..c+count-1 (count 1 to 4). */
static inline size_t min_child(const heap_entry *h, size_t c, size_t count)
{
    if (JS_LIKELY(count == 4)) {
        size_t a = c + (size_t)entry_less(&h[c + 1], &h[c]);
        size_t b = c + 2 + (size_t)entry_less(&h[c + 3], &h[c + 2]);
        return entry_less(&h[b], &h[a]) ? b : a;
    }
    size_t m = c;
    for (size_t i = c + 1; i < c + count; i++)
        if (entry_less(&h[i], &h[m]))
            m = i;
    return m;
}

static void sift_up(heap_entry *h, size_t hole, heap_entry x)
{
    while (hole > 0) {
        size_t parent = (hole - 1) / 4;
        if (!entry_less(&x, &h[parent]))
            break;
        h[hole] = h[parent];
        hole = parent;
    }
    h[hole] = x;
}

/* Places x at `hole` in a heap of n entries whose subtrees below hole are
 * valid. Bottom-up: move the hole to a leaf along smallest children, then
 * sift x up from there; x usually belongs near the bottom, so this does
 * about half the comparisons of the textbook sift-down. */
static void sift_down(heap_entry *h, size_t n, size_t hole, heap_entry x)
{
    size_t top = hole;
    for (;;) {
        size_t c = 4 * hole + 1;
        if (c >= n)
            break;
        size_t count = n - c < 4 ? n - c : 4;
        /* The next level is one of four cache lines (the children of
         * c..c+3); fetch all four while the comparisons run. */
        size_t g = 4 * c + 1;
        if (g + 12 < n) {
            __builtin_prefetch(&h[g]);
            __builtin_prefetch(&h[g + 4]);
            __builtin_prefetch(&h[g + 8]);
            __builtin_prefetch(&h[g + 12]);
        }
        size_t m = min_child(h, c, count);
        h[hole] = h[m];
        hole = m;
    }
    while (hole > top) {
        size_t parent = (hole - 1) / 4;
        if (!entry_less(&x, &h[parent]))
            break;
        h[hole] = h[parent];
        hole = parent;
    }
    h[hole] = x;
}

static void heap_remove_top(sim *s)
{
    size_t n = --s->heap_size;
    if (n > 0)
        sift_down(s->heap, n, 0, s->heap[n]);
}

/* The next event's record is far from the heap in a large pool; fetch it
 * while the caller finishes the current one. */
static inline void prefetch_next_record(const sim *s)
{
    if (s->heap_size > 0)
        __builtin_prefetch(&s->pool[entry_slot(&s->heap[0])]);
}

/* Completes the removal of a fired top entry if its handler did not
 * replace it. */
static inline void settle(sim *s)
{
    if (s->top_fired) {
        s->top_fired = 0;
        heap_remove_top(s);
    }
    prefetch_next_record(s);
}

/* Sequence numbers are 38 bits; at the (distant) limit, renumber the pending
 * entries in their current order. The map is order-preserving, so the heap
 * stays valid. */
typedef struct ranked_entry {
    heap_entry entry;
    size_t index;
} ranked_entry;

static int ranked_compare(const void *pa, const void *pb)
{
    const ranked_entry *a = pa, *b = pb;
    if (entry_less(&a->entry, &b->entry))
        return -1;
    return entry_less(&b->entry, &a->entry);
}

static int renumber_sequences(sim *s)
{
    size_t n = s->heap_size;
    ranked_entry *tmp = n ? malloc(n * sizeof *tmp) : NULL;
    if (n > 0 && !tmp)
        return -1;
    for (size_t i = 0; i < n; i++) {
        tmp[i].entry = s->heap[i];
        tmp[i].index = i;
    }
    qsort(tmp, n, sizeof *tmp, ranked_compare);
    for (size_t r = 0; r < n; r++) {
        heap_entry *e = &s->heap[tmp[r].index];
        e->key = ((uint64_t)r << SLOT_BITS) | entry_slot(e);
    }
    free(tmp);
    s->next_seq = n;
    return 0;
}

/* Drops cancelled entries and rebuilds the heap (Floyd), releasing their
 * records. Only called when no top entry is awaiting removal. */
static void compact(sim *s)
{
    size_t kept = 0;
    for (size_t i = 0; i < s->heap_size; i++) {
        uint32_t slot = entry_slot(&s->heap[i]);
        if (s->pool[slot].cancelled)
            slot_release(s, slot);
        else
            s->heap[kept++] = s->heap[i];
    }
    s->heap_size = kept;
    s->cancelled_in_heap = 0;
    if (kept > 1) {
        for (size_t i = (kept - 2) / 4 + 1; i-- > 0;)
            sift_down(s->heap, kept, i, s->heap[i]);
    }
}

/* ---- public -------------------------------------------------------------- */

sim *sim_create(void)
{
    sim *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->free_head = NO_SLOT;
    s->pool_limit = (uint32_t)SIM_MAX_PENDING;
    if (heap_grow(s) != 0 || pool_grow(s) != 0) {
        sim_destroy(s);
        return NULL;
    }
    return s;
}

void sim_destroy(sim *s)
{
    if (!s)
        return;
    free(s->heap_block);
    free(s->pool);
    free(s);
}

void sim_reset(sim *s)
{
    /* Bump every generation so that handles from the last run are stale. */
    for (uint32_t i = 0; i < s->pool_high_water; i++)
        s->pool[i].generation++;
    s->now = 0.0;
    s->heap_size = 0;
    s->cancelled_in_heap = 0;
    s->top_fired = 0;
    s->next_seq = 0;
    s->fired = 0;
    s->failed = 0;
    /* Rebuild the free list so that slots are handed out low to high again,
     * exactly as in a fresh kernel. */
    s->free_head = NO_SLOT;
    for (uint32_t i = s->pool_high_water; i-- > 0;) {
        s->pool[i].cancelled = 0;
        s->pool[i].arg = s->free_head;
        s->free_head = i;
    }
}

double sim_now(const sim *s)
{
    return s->now;
}

/* An event that cannot be held: the run fails (the caller reports it) and
 * stops at the end of the current event; the handle returned is one that
 * sim_cancel ignores. */
static sim_event run_out(sim *s)
{
    s->failed = 1;
    return (sim_event){NO_SLOT, 0};
}

sim_event sim_schedule(sim *s, double t, sim_handler handler, void *ctx,
                       uint64_t arg)
{
    JS_CHECK(t >= s->now, "event scheduled at t=%.17g before now=%.17g", t,
             s->now);
    JS_CHECK(t <= 1.7976931348623157e308, "event scheduled at t=%g", t);
    if (JS_UNLIKELY(s->next_seq == SEQ_LIMIT) && renumber_sequences(s) != 0)
        return run_out(s);
    uint32_t slot = slot_acquire(s);
    if (JS_UNLIKELY(slot == NO_SLOT))
        return run_out(s);
    event_record *r = &s->pool[slot];
    r->handler = handler;
    r->ctx = ctx;
    r->arg = arg;
    r->cancelled = 0;
    heap_entry e = {time_to_bits(t), (s->next_seq++ << SLOT_BITS) | slot};
    if (s->top_fired) {
        s->top_fired = 0;
        sift_down(s->heap, s->heap_size, 0, e);
    } else {
        if (JS_UNLIKELY(s->heap_size == s->heap_capacity) &&
            heap_grow(s) != 0) {
            slot_release(s, slot);
            return run_out(s);
        }
        sift_up(s->heap, s->heap_size++, e);
    }
    return (sim_event){slot, r->generation};
}

sim_event sim_schedule_in(sim *s, double delay, sim_handler handler,
                          void *ctx, uint64_t arg)
{
    JS_CHECK(delay >= 0.0, "negative delay %.17g at now=%.17g", delay,
             s->now);
    return sim_schedule(s, s->now + delay, handler, ctx, arg);
}

int sim_cancel(sim *s, sim_event ev)
{
    if (ev.slot >= s->pool_high_water)
        return 0;
    event_record *r = &s->pool[ev.slot];
    if (r->generation != ev.generation || r->cancelled)
        return 0;
    r->cancelled = 1;
    s->cancelled_in_heap++;
    if (!s->top_fired && s->cancelled_in_heap > 64 &&
        2 * s->cancelled_in_heap > s->heap_size)
        compact(s);
    return 1;
}

/* Fires the first live event whose time bits are below end_bits, dropping
 * cancelled entries met on the way. Returns 0 when there is none. */
static int fire_next(sim *s, uint64_t end_bits)
{
    if (JS_UNLIKELY(s->failed))
        return 0;
    while (s->heap_size > 0 && s->heap[0].time_bits < end_bits) {
        heap_entry *top = &s->heap[0];
        uint32_t slot = entry_slot(top);
        event_record *r = &s->pool[slot];
        if (r->cancelled) {
            s->cancelled_in_heap--;
            slot_release(s, slot);
            heap_remove_top(s);
            continue;
        }
        double t = bits_to_time(top->time_bits);
        JS_CHECK(t >= s->now, "time would go backwards: %.17g < %.17g", t,
                 s->now);
        s->now = t;
        sim_handler handler = r->handler;
        void *ctx = r->ctx;
        uint64_t arg = r->arg;
        slot_release(s, slot);
        s->top_fired = 1;
        s->fired++;
        handler(s, ctx, arg);
        settle(s);
        return !s->failed;
    }
    return 0;
}

int sim_step(sim *s)
{
    return fire_next(s, UINT64_MAX);
}

uint64_t sim_run_until(sim *s, double t_end)
{
    JS_CHECK(t_end >= s->now, "run_until(%.17g) before now=%.17g", t_end,
             s->now);
    uint64_t end_bits = time_to_bits(t_end);
    uint64_t before = s->fired;
    while (fire_next(s, end_bits))
        ;
    s->now = t_end;
    return s->fired - before;
}

size_t sim_pending(const sim *s)
{
    return s->heap_size - s->cancelled_in_heap - (size_t)s->top_fired;
}

uint64_t sim_fired(const sim *s)
{
    return s->fired;
}

int sim_failed(const sim *s)
{
    return s->failed;
}

size_t sim_memory(const sim *s)
{
    return sizeof *s + s->heap_capacity * sizeof(heap_entry) + CACHE_LINE +
           (size_t)s->pool_capacity * sizeof(event_record);
}

/* Test hook (declared in tests only): move the sequence counter close to its
 * limit to exercise renumbering. */
void sim__set_next_seq(sim *s, uint64_t seq);
void sim__limit_pending(sim *s, uint32_t slots);
void sim__set_next_seq(sim *s, uint64_t seq)
{
    s->next_seq = seq;
}

/* Test hook: let the pool grow to `slots` events at most (a stand-in for
 * memory running out). */
void sim__limit_pending(sim *s, uint32_t slots)
{
    s->pool_limit = slots;
}
