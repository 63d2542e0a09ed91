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
 * integers in the same order as the doubles: an entry's order is one 128-bit
 * integer (time bits, key), compared with a subtract-with-borrow, and the
 * smallest of four children is chosen by arithmetic, without a branch.
 *
 * Cancellation is lazy: a cancelled record is flagged and skipped when its
 * entry reaches the top. When cancelled entries outnumber live ones the heap
 * is compacted, so memory follows pending events, not cancelled ones.
 *
 * Firing is "pop deferred": the fired entry stays at the top while its
 * handler runs; if the handler schedules an event (the common case: an
 * arrival schedules the next arrival) that event takes the fired event's
 * slot and replaces the top with one sift instead of a pop and a push.
 * That sift learns the next event after its first level and fetches its
 * record then, so that in a large pool the record's cache miss overlaps
 * the rest of the sift. Pools and heaps of 2 MiB and more ask for huge
 * pages. bench/bench_hold.c measures all this against a bare 4-ary heap.
 */
/* madvise and MADV_HUGEPAGE (Linux; without them, ordinary pages). */
#define _DEFAULT_SOURCE
#include "sim.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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
    uint32_t fired_slot; /* while top_fired: the fired event's slot, whose
                          * generation is already bumped (its handles are
                          * stale) and which the next event takes */
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
    /* The lanes registered since the last reset (for renumbering), and
     * how many of their events wait behind their first. */
    sim_lane **lanes;
    size_t n_lanes, lanes_cap;
    size_t lane_waiting;
};

struct sim_lane_event {
    uint64_t time_bits;
    uint64_t seq; /* of every event but the lane's first (in the heap) */
    sim_handler handler;
    void *ctx;
    uint64_t arg;
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

/* An entry's order as one 128-bit integer: time, then sequence. Compared
 * with one subtract-with-borrow, no branch. */
typedef unsigned __int128 entry_order;

static inline entry_order entry_key(const heap_entry *e)
{
    return (entry_order)e->time_bits << 64 | e->key;
}

static inline int entry_less(const heap_entry *a, const heap_entry *b)
{
    return entry_key(a) < entry_key(b);
}

/* a if !pick_b, else b, by arithmetic: which child is smaller is a coin
 * toss, and a mispredicted branch per level costs more than the level. */
static inline size_t select_index(size_t a, size_t b, int pick_b)
{
    return a ^ ((a ^ b) & -(size_t)pick_b);
}

static inline uint32_t entry_slot(const heap_entry *e)
{
    return (uint32_t)(e->key & SLOT_MASK);
}

/* ---- memory --------------------------------------------------------------- */

#define HUGE_PAGE ((size_t)2 << 20)

/* A block for the pool or the heap. Large ones (a run with many pending
 * events) are aligned to 2 MiB and offered to the kernel for transparent
 * huge pages: each event touches a random record and a random path down
 * the heap, and with 4 KiB pages nearly every such touch also misses the
 * address-translation cache. Small ones are cache-line aligned. */
static void *block_alloc(size_t bytes)
{
    if (bytes < HUGE_PAGE)
        return aligned_alloc(CACHE_LINE, bytes);
    bytes = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    void *p = aligned_alloc(HUGE_PAGE, bytes);
#ifdef MADV_HUGEPAGE
    if (p)
        (void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
    return p;
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
    event_record *p = block_alloc((size_t)want * sizeof *p);
    if (!p)
        return -1;
    if (s->pool)
        memcpy(p, s->pool, (size_t)old * sizeof *p);
    free(s->pool);
    s->pool = p;
    s->pool_capacity = want;
    return 0;
}

/* A slot when the free list is empty: the next never-used one, the pool
 * grown if need be. NO_SLOT if it cannot grow. Out of the hot path. */
static __attribute__((noinline)) uint32_t slot_fresh(sim *s)
{
    if (s->pool_high_water == s->pool_capacity && pool_grow(s) != 0)
        return NO_SLOT;
    uint32_t slot = s->pool_high_water++;
    s->pool[slot].generation = 0;
    return slot;
}

static inline uint32_t slot_acquire(sim *s)
{
    uint32_t slot = s->free_head;
    if (JS_LIKELY(slot != NO_SLOT)) {
        s->free_head = (uint32_t)s->pool[slot].arg;
        return slot;
    }
    return slot_fresh(s);
}

/* Bumping the generation makes the slot's handles stale; `cancelled` is
 * cleared when the slot is next scheduled. */
static inline void slot_release(sim *s, uint32_t slot)
{
    event_record *r = &s->pool[slot];
    r->generation++;
    r->arg = s->free_head;
    s->free_head = slot;
}

/* ---- heap ---------------------------------------------------------------- */

static int heap_grow(sim *s)
{
    size_t want = s->heap_capacity ? s->heap_capacity * 2 : 256;
    size_t bytes = want * sizeof(heap_entry) + CACHE_LINE;
    void *block = block_alloc(bytes);
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

/* Index of the smallest of the four children c..c+3. */
static inline size_t min4(const heap_entry *h, size_t c)
{
    size_t a = c + (size_t)entry_less(&h[c + 1], &h[c]);
    size_t b = c + 2 + (size_t)entry_less(&h[c + 3], &h[c + 2]);
    return select_index(a, b, entry_less(&h[b], &h[a]));
}

/* Entries move as two 64-bit words and are held, between, as one 128-bit
 * integer in two registers. A 16-byte load of an entry written by two
 * 8-byte stores a moment before (or the reverse) cannot be forwarded from
 * the store buffer and stalls for a dozen cycles; in a small heap, where
 * the entry written by one event is read by the next, that stall was a
 * tenth of an M/M/1 run. */
static inline void entry_move(heap_entry *dst, const heap_entry *src)
{
    uint64_t t = src->time_bits, k = src->key;
    dst->time_bits = t;
    dst->key = k;
}

static inline void entry_put(heap_entry *dst, entry_order x)
{
    dst->time_bits = (uint64_t)(x >> 64);
    dst->key = (uint64_t)x;
}

static void sift_up(heap_entry *h, size_t hole, entry_order x)
{
    while (hole > 0) {
        size_t parent = (hole - 1) / 4;
        if (!(x < entry_key(&h[parent])))
            break;
        entry_move(&h[hole], &h[parent]);
        hole = parent;
    }
    entry_put(&h[hole], x);
}

/* Places x at `hole` in a heap of n entries whose subtrees below hole are
 * valid, the hole's own entry already taken. Bottom-up: move the hole to a
 * leaf along smallest children, then sift x up from there; x usually
 * belongs near the bottom, so this does about half the comparisons of the
 * textbook sift-down. */
static inline void sift_down_from(heap_entry *h, size_t n, size_t hole,
                                  entry_order x)
{
    size_t top = hole, c = 4 * hole + 1;
    while (c + 3 < n) {
        /* The next level is one of four cache lines (the children of
         * c..c+3); fetch all four while this level's comparisons run. */
        size_t g = 4 * c + 1;
        __builtin_prefetch(&h[g]);
        __builtin_prefetch(&h[g + 4]);
        __builtin_prefetch(&h[g + 8]);
        __builtin_prefetch(&h[g + 12]);
        size_t m = min4(h, c);
        entry_move(&h[hole], &h[m]);
        hole = m;
        c = 4 * m + 1;
    }
    if (c < n) { /* a last family of one to three children */
        size_t m = c;
        for (size_t i = c + 1; i < n; i++)
            m = select_index(m, i, entry_less(&h[i], &h[m]));
        entry_move(&h[hole], &h[m]);
        hole = m;
    }
    while (hole > top) {
        size_t parent = (hole - 1) / 4;
        if (!(x < entry_key(&h[parent])))
            break;
        entry_move(&h[hole], &h[parent]);
        hole = parent;
    }
    entry_put(&h[hole], x);
}

static void sift_down(heap_entry *h, size_t n, size_t hole, entry_order x)
{
    sift_down_from(h, n, hole, x);
}

/* Replaces the root by x. The root's smallest child becomes the root
 * unless x is smaller still (then x's record is the one just written), so
 * the next event's record is known after the first level: it is fetched
 * while the rest of the sift runs, since in a large pool it is a cache miss
 * the sift would otherwise wait for when that event fires. */
static void sift_root(sim *s, size_t n, entry_order x)
{
    heap_entry *h = s->heap;
    if (JS_LIKELY(n > 4)) {
        size_t m = min4(h, 1);
        __builtin_prefetch(&s->pool[entry_slot(&h[m])]);
        if (x < entry_key(&h[m])) {
            entry_put(&h[0], x);
            return;
        }
        entry_move(&h[0], &h[m]);
        sift_down_from(h, n, m, x);
        return;
    }
    sift_down_from(h, n, 0, x);
}

static void heap_remove_top(sim *s)
{
    size_t n = --s->heap_size;
    if (n > 0)
        sift_root(s, n, entry_key(&s->heap[n]));
}

/* Completes the removal of a fired top entry if its handler did not
 * replace it. (Either way, sift_root has fetched the next event's
 * record.) */
static inline void settle(sim *s)
{
    if (s->top_fired) {
        s->top_fired = 0;
        s->pool[s->fired_slot].arg = s->free_head;
        s->free_head = s->fired_slot;
        heap_remove_top(s);
    }
}

/* Sequence numbers are 38 bits; at the (distant) limit, renumber the pending
 * entries in their current order. The map is order-preserving, so the heap
 * stays valid. */
typedef struct ranked_entry {
    heap_entry entry;
    size_t index;    /* in the heap, or in the lane's ring */
    sim_lane *lane;  /* NULL for a heap entry */
} ranked_entry;

static int ranked_compare(const void *pa, const void *pb)
{
    const ranked_entry *a = pa, *b = pb;
    if (entry_less(&a->entry, &b->entry))
        return -1;
    return entry_less(&b->entry, &a->entry);
}

/* The events waiting in lanes behind their first take part: their
 * sequence numbers are compared with the heap's when they enter it. */
static int renumber_sequences(sim *s)
{
    size_t n = s->heap_size + s->lane_waiting;
    ranked_entry *tmp = n ? malloc(n * sizeof *tmp) : NULL;
    if (n > 0 && !tmp)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < s->heap_size; i++)
        tmp[k++] = (ranked_entry){s->heap[i], i, NULL};
    for (size_t l = 0; l < s->n_lanes; l++) {
        sim_lane *lane = s->lanes[l];
        for (uint32_t j = 1; j < lane->n; j++) {
            size_t at = (lane->head + j) & (lane->cap - 1);
            const sim_lane_event *e = &lane->ring[at];
            tmp[k++] = (ranked_entry){
                {e->time_bits, e->seq << SLOT_BITS}, at, lane};
        }
    }
    qsort(tmp, n, sizeof *tmp, ranked_compare);
    for (size_t r = 0; r < n; r++) {
        if (tmp[r].lane) {
            tmp[r].lane->ring[tmp[r].index].seq = r;
            continue;
        }
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
            sift_down(s->heap, kept, i, entry_key(&s->heap[i]));
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
    free(s->lanes);
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
    s->n_lanes = 0;
    s->lane_waiting = 0;
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

/* The common case of scheduling: a fired event's handler schedules. The
 * new event takes the fired one's slot (not cancelled, its generation
 * already bumped) and its heap entry, with one sift. */
static inline sim_event schedule_replacing_top(sim *s, uint64_t time_bits,
                                               sim_handler handler,
                                               void *ctx, uint64_t arg)
{
    uint32_t slot = s->fired_slot;
    event_record *r = &s->pool[slot];
    r->handler = handler;
    r->ctx = ctx;
    r->arg = arg;
    sim_event ev = {slot, r->generation};
    entry_order e = (entry_order)time_bits << 64 |
                    (s->next_seq++ << SLOT_BITS | slot);
    s->top_fired = 0;
    sift_root(s, s->heap_size, e);
    return ev;
}

/* Scheduling in the other cases: the sequence numbers at their limit, or
 * no fired top entry to replace (the heap grows by one). Kept out of line
 * so that the common case saves and restores few registers. */
static __attribute__((noinline)) sim_event
schedule_slow(sim *s, uint64_t time_bits, sim_handler handler, void *ctx,
              uint64_t arg)
{
    if (JS_UNLIKELY(s->next_seq == SEQ_LIMIT) && renumber_sequences(s) != 0)
        return run_out(s);
    if (s->top_fired)
        return schedule_replacing_top(s, time_bits, handler, ctx, arg);
    uint32_t slot = slot_acquire(s);
    if (JS_UNLIKELY(slot == NO_SLOT))
        return run_out(s);
    if (JS_UNLIKELY(s->heap_size == s->heap_capacity) && heap_grow(s) != 0) {
        slot_release(s, slot);
        return run_out(s);
    }
    event_record *r = &s->pool[slot];
    r->handler = handler;
    r->ctx = ctx;
    r->arg = arg;
    r->cancelled = 0;
    sift_up(s->heap, s->heap_size++,
            (entry_order)time_bits << 64 | (s->next_seq++ << SLOT_BITS | slot));
    return (sim_event){slot, r->generation};
}

sim_event sim_schedule(sim *s, double t, sim_handler handler, void *ctx,
                       uint64_t arg)
{
    JS_CHECK(t >= s->now, "event scheduled at t=%.17g before now=%.17g", t,
             s->now);
    JS_CHECK(t <= 1.7976931348623157e308, "event scheduled at t=%g", t);
    uint64_t time_bits = time_to_bits(t);
    if (JS_UNLIKELY(!s->top_fired || s->next_seq == SEQ_LIMIT))
        return schedule_slow(s, time_bits, handler, ctx, arg);
    return schedule_replacing_top(s, time_bits, handler, ctx, arg);
}

/* ---- lanes ---------------------------------------------------------------- */

/* An event with the sequence number it was given when it entered its
 * lane: into the heap, replacing a fired top entry if there is one. */
static void schedule_with_seq(sim *s, uint64_t time_bits, uint64_t seq,
                              sim_handler handler, void *ctx)
{
    entry_order e;
    if (s->top_fired) {
        uint32_t slot = s->fired_slot;
        event_record *r = &s->pool[slot];
        r->handler = handler;
        r->ctx = ctx;
        r->arg = 0;
        e = (entry_order)time_bits << 64 | (seq << SLOT_BITS | slot);
        s->top_fired = 0;
        sift_root(s, s->heap_size, e);
        return;
    }
    uint32_t slot = slot_acquire(s);
    if (JS_UNLIKELY(slot == NO_SLOT)) {
        run_out(s);
        return;
    }
    if (JS_UNLIKELY(s->heap_size == s->heap_capacity) && heap_grow(s) != 0) {
        slot_release(s, slot);
        run_out(s);
        return;
    }
    event_record *r = &s->pool[slot];
    r->handler = handler;
    r->ctx = ctx;
    r->arg = 0;
    r->cancelled = 0;
    sift_up(s->heap, s->heap_size++,
            (entry_order)time_bits << 64 | (seq << SLOT_BITS | slot));
}

/* The lane's first event fires: the next one enters the heap (in the
 * fired entry's place), then the first's handler runs. */
static void lane_fire(sim *s, void *ctx, uint64_t arg)
{
    (void)arg;
    sim_lane *lane = ctx;
    sim_lane_event e = lane->ring[lane->head];
    lane->head = (lane->head + 1) & (lane->cap - 1);
    lane->n--;
    if (lane->n > 0) {
        const sim_lane_event *next = &lane->ring[lane->head];
        s->lane_waiting--;
        schedule_with_seq(s, next->time_bits, next->seq, lane_fire, lane);
    }
    e.handler(s, e.ctx, e.arg);
}

static int lane_grow(sim_lane *lane)
{
    uint32_t want = lane->cap ? lane->cap * 2 : 16;
    sim_lane_event *ring = malloc((size_t)want * sizeof *ring);
    if (!ring)
        return -1;
    for (uint32_t j = 0; j < lane->n; j++)
        ring[j] = lane->ring[(lane->head + j) & (lane->cap - 1)];
    free(lane->ring);
    lane->ring = ring;
    lane->head = 0;
    lane->cap = want;
    return 0;
}

int sim_lane_init(sim *s, sim_lane *lane)
{
    lane->head = 0;
    lane->n = 0;
    lane->last_time_bits = 0;
    if (s->n_lanes == s->lanes_cap) {
        size_t want = s->lanes_cap ? s->lanes_cap * 2 : 16;
        sim_lane **grown = realloc(s->lanes, want * sizeof *grown);
        if (!grown)
            return -1;
        s->lanes = grown;
        s->lanes_cap = want;
    }
    s->lanes[s->n_lanes++] = lane;
    return 0;
}

void sim_lane_fini(sim_lane *lane)
{
    free(lane->ring);
    *lane = (sim_lane){0};
}

void sim_schedule_lane(sim *s, sim_lane *lane, double t, sim_handler handler,
                       void *ctx, uint64_t arg)
{
    JS_CHECK(t >= s->now, "event scheduled at t=%.17g before now=%.17g", t,
             s->now);
    JS_CHECK(t <= 1.7976931348623157e308, "event scheduled at t=%g", t);
    uint64_t time_bits = time_to_bits(t);
    if (lane->n > 0 && time_bits < lane->last_time_bits) {
        sim_schedule(s, t, handler, ctx, arg); /* out of order: alone */
        return;
    }
    if (lane->n == lane->cap && lane_grow(lane) != 0) {
        run_out(s);
        return;
    }
    if (lane->n > 0 && JS_UNLIKELY(s->next_seq == SEQ_LIMIT) &&
        renumber_sequences(s) != 0) {
        run_out(s);
        return;
    }
    uint32_t at = (lane->head + lane->n) & (lane->cap - 1);
    lane->ring[at] = (sim_lane_event){time_bits, 0, handler, ctx, arg};
    lane->last_time_bits = time_bits;
    lane->n++;
    if (lane->n == 1) {
        /* The first: into the heap now, with the next sequence number. */
        sim_schedule(s, t, lane_fire, lane, 0);
        return;
    }
    lane->ring[at].seq = s->next_seq++;
    s->lane_waiting++;
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
        /* Not before now: every event was scheduled at or after the
         * clock of its time, and sim_run_until leaves only events at or
         * after its end. */
        s->now = bits_to_time(top->time_bits);
        sim_handler handler = r->handler;
        void *ctx = r->ctx;
        uint64_t arg = r->arg;
        r->generation++; /* its handles are stale from now on */
        s->fired_slot = slot;
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
    return s->heap_size - s->cancelled_in_heap - (size_t)s->top_fired +
           s->lane_waiting;
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
