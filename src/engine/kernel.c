/* kernel.c — the event queue: a calendar of time buckets in front of a 4-ary min-heap of
 * (time, class, sequence) keys, over a pooled event store.
 *
 * Only events of the current bucket (BUCKET_SHIFT: about 70 minutes of simulated time) sit in
 * the heap, so it stays small however many processes are pending; later events wait in a ring
 * of NBUCKETS unsorted lists (a bitmap finds the next non-empty one), and events beyond the
 * ring in an overflow list. When the heap runs dry the next bucket is moved into it. Order is
 * decided by the heap alone, on (time, class, sequence): ties never depend on layout.
 * The heap holds small {key, seq, slot} items; payloads stay in the pool. Cancellation marks
 * the pool slot; the item is dropped when it surfaces. */
#include "kernel.h"

#include <stdlib.h>
#include <string.h>

typedef struct heap_item {
    uint64_t key; /* time << 3 | class; time < 2^60 */
    uint32_t seq; /* scheduling order (a replication's events stay below 2^32, see seq) */
    uint32_t slot;
} heap_item; /* 16 bytes: four children share a cache line */

typedef struct slot {
    os_kevent ev;
    uint32_t gen;        /* bumped on every reuse; a handle carries it */
    uint32_t next;       /* free list, bucket or overflow list link; in the heap: unused */
    uint32_t seq_parked; /* the sequence number while the event waits in a list */
    bool live;
} slot;

#define BUCKET_SHIFT 22 /* a bucket is 2^22 ms, about 70 minutes */
#define NBUCKETS 8192   /* the ring covers about 397 days */
#define BITMAP_WORDS (NBUCKETS / 64)

struct os_kernel {
    heap_item *heap;
    uint32_t n, cap; /* heap items, capacity of heap and pool */
    slot *pool;
    uint32_t free_head; /* UINT32_MAX when empty */
    uint32_t used;      /* slots ever handed out (high-water mark) */
    uint32_t seq;       /* wraps only after 2^32 schedules; os_kernel_reset() restarts it */
    uint64_t popped;
    uint32_t pending;
    uint32_t cancelled; /* cancelled items still queued: none is the common case */
    /* The calendar: the heap holds events of buckets <= cur; the ring holds buckets
     * cur+1 .. cur+NBUCKETS-1 at ring[b % NBUCKETS]; the overflow list holds the rest. */
    int64_t cur;
    uint32_t ring[NBUCKETS]; /* list heads (slot indices), NO_SLOT when empty */
    uint64_t bitmap[BITMAP_WORDS];
    uint32_t ring_count;
    uint32_t overflow; /* list head */
    uint32_t overflow_count;
    int64_t overflow_min; /* smallest bucket in the overflow list */
    bool ring_initialised;
};

#define NO_SLOT UINT32_MAX

os_kernel *os_kernel_new(uint32_t capacity)
{
    os_kernel *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    if (capacity < 64)
        capacity = 64;
    k->heap = malloc((size_t)capacity * sizeof *k->heap);
    k->pool = calloc(capacity, sizeof *k->pool);
    if (!k->heap || !k->pool) {
        os_kernel_free(k);
        return NULL;
    }
    k->cap = capacity;
    os_kernel_reset(k);
    return k;
}

void os_kernel_free(os_kernel *k)
{
    if (!k)
        return;
    free(k->heap);
    free(k->pool);
    free(k);
}

void os_kernel_reset(os_kernel *k)
{
    k->n = 0;
    k->free_head = NO_SLOT;
    for (uint32_t i = 0; i < k->used; i++) {
        k->pool[i].live = false;
        k->pool[i].gen++;
    }
    k->used = 0;
    k->seq = 0;
    k->popped = 0;
    k->pending = 0;
    k->cancelled = 0;
    k->cur = 0;
    if (!k->ring_initialised) {
        for (uint32_t b = 0; b < NBUCKETS; b++)
            k->ring[b] = NO_SLOT;
        k->ring_initialised = true;
    }
    for (uint32_t w = 0; w < BITMAP_WORDS; w++) /* only buckets still holding events */
        for (uint64_t bits = k->bitmap[w]; bits; bits &= bits - 1)
            k->ring[w * 64 + (uint32_t)__builtin_ctzll(bits)] = NO_SLOT;
    memset(k->bitmap, 0, sizeof k->bitmap);
    k->ring_count = 0;
    k->overflow = NO_SLOT;
    k->overflow_count = 0;
    k->overflow_min = INT64_MAX;
}

static bool grow(os_kernel *k)
{
    if (k->cap > UINT32_MAX / 4)
        return false;
    uint32_t cap = k->cap * 2;
    heap_item *h = realloc(k->heap, (size_t)cap * sizeof *h);
    if (!h)
        return false;
    k->heap = h;
    slot *p = realloc(k->pool, (size_t)cap * sizeof *p);
    if (!p)
        return false;
    memset(p + k->cap, 0, (size_t)(cap - k->cap) * sizeof *p);
    k->pool = p;
    k->cap = cap;
    return true;
}

static inline bool before(const heap_item *x, const heap_item *y)
{
    return x->key < y->key || (x->key == y->key && x->seq < y->seq);
}

static void sift_up(heap_item *h, uint32_t i)
{
    heap_item it = h[i];
    while (i > 0) {
        uint32_t parent = (i - 1) / 4;
        if (!before(&it, &h[parent]))
            break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = it;
}

/* Removes the root: the hole left there moves down along the smaller children to a leaf
 * (no comparison with the moving item, which almost always belongs near the bottom), then
 * the last item fills it and sifts up (Floyd's bottom-up variant). */
static void remove_root(heap_item *h, uint32_t n)
{
    heap_item last = h[n - 1];
    n--;
    if (n == 0)
        return;
    uint32_t i = 0;
    for (;;) {
        uint32_t c = 4 * i + 1;
        if (c >= n)
            break;
        uint32_t best = c;
        uint32_t end = c + 4 < n ? c + 4 : n;
        for (uint32_t j = c + 1; j < end; j++)
            if (before(&h[j], &h[best]))
                best = j;
        h[i] = h[best];
        i = best;
    }
    h[i] = last;
    sift_up(h, i);
}

static void heap_push(os_kernel *k, uint32_t s, uint32_t seq)
{
    const slot *sl = &k->pool[s];
    heap_item *it = &k->heap[k->n];
    it->key = ((uint64_t)sl->ev.time << 3) | (uint64_t)sl->ev.cls;
    it->seq = seq;
    it->slot = s;
    sift_up(k->heap, k->n++);
}

static inline int64_t bucket_of(os_ms t)
{
    return (int64_t)(t >> BUCKET_SHIFT);
}

/* Puts slot s (sequence number seq) where its bucket says. */
static void place(os_kernel *k, uint32_t s, uint32_t seq)
{
    int64_t b = bucket_of(k->pool[s].ev.time);
    if (b <= k->cur) {
        heap_push(k, s, seq);
        return;
    }
    k->pool[s].seq_parked = seq; /* kept until the event reaches the heap */
    if (b < k->cur + NBUCKETS) {
        uint32_t r = (uint32_t)(b % NBUCKETS);
        k->pool[s].next = k->ring[r];
        k->ring[r] = s;
        k->bitmap[r / 64] |= UINT64_C(1) << (r % 64);
        k->ring_count++;
    } else {
        k->pool[s].next = k->overflow;
        k->overflow = s;
        k->overflow_count++;
        if (b < k->overflow_min)
            k->overflow_min = b;
    }
}

os_khandle os_kernel_schedule(os_kernel *k, os_ms time, enum os_class cls, int kind, int32_t a,
                              int32_t b)
{
    uint32_t s;
    if (k->free_head != NO_SLOT) {
        s = k->free_head;
        k->free_head = k->pool[s].next;
    } else {
        if (k->used == k->cap && !grow(k))
            return 0;
        s = k->used++;
    }
    slot *sl = &k->pool[s];
    sl->ev = (os_kevent){.time = time, .cls = (int)cls, .kind = kind, .a = a, .b = b};
    sl->live = true;
    sl->gen++;
    place(k, s, k->seq++);
    k->pending++;
    return ((uint64_t)sl->gen << 32) | ((uint64_t)s + 1);
}

/* Moves the overflow events that now fall inside the ring into it. */
static void migrate_overflow(os_kernel *k)
{
    uint32_t s = k->overflow;
    k->overflow = NO_SLOT;
    k->overflow_count = 0;
    k->overflow_min = INT64_MAX;
    while (s != NO_SLOT) {
        uint32_t next = k->pool[s].next;
        place(k, s, k->pool[s].seq_parked);
        s = next;
    }
}

/* The first non-empty ring bucket after cur (absolute index); the ring is not empty. */
static int64_t next_bucket(const os_kernel *k)
{
    uint32_t start = (uint32_t)((k->cur + 1) % NBUCKETS);
    for (uint32_t step = 0; step <= BITMAP_WORDS; step++) {
        uint32_t w = (start / 64 + step) % BITMAP_WORDS;
        uint64_t bits = k->bitmap[w];
        if (step == 0)
            bits &= ~UINT64_C(0) << (start % 64);
        if (bits) {
            uint32_t r = w * 64 + (uint32_t)__builtin_ctzll(bits);
            uint32_t dist = (r + NBUCKETS - start) % NBUCKETS;
            return k->cur + 1 + dist;
        }
    }
    return k->cur + 1; /* unreachable while ring_count > 0 */
}

/* Refills the empty heap from the next non-empty bucket; false when nothing is queued. */
static bool refill(os_kernel *k)
{
    while (k->n == 0) {
        if (k->ring_count == 0) {
            if (k->overflow_count == 0)
                return false;
            k->cur = k->overflow_min - 1; /* jump over the empty stretch */
            migrate_overflow(k);
            continue;
        }
        int64_t b = next_bucket(k);
        k->cur = b;
        uint32_t r = (uint32_t)(b % NBUCKETS);
        uint32_t s = k->ring[r];
        k->ring[r] = NO_SLOT;
        k->bitmap[r / 64] &= ~(UINT64_C(1) << (r % 64));
        while (s != NO_SLOT) {
            uint32_t next = k->pool[s].next;
            k->ring_count--;
            heap_push(k, s, k->pool[s].seq_parked);
            s = next;
        }
        if (k->overflow_count > 0 && k->overflow_min < k->cur + NBUCKETS)
            migrate_overflow(k);
    }
    return true;
}

void os_kernel_cancel(os_kernel *k, os_khandle h)
{
    if (h == 0)
        return;
    uint32_t s = (uint32_t)(h & 0xffffffffu) - 1;
    uint32_t gen = (uint32_t)(h >> 32);
    if (s >= k->used || !k->pool[s].live || k->pool[s].gen != gen)
        return;
    k->pool[s].live = false; /* the heap item is discarded when it surfaces */
    k->pending--;
    k->cancelled++;
}

/* Removes the heap top and returns its slot to the free list. */
static uint32_t pop_top(os_kernel *k)
{
    uint32_t s = k->heap[0].slot;
    remove_root(k->heap, k->n);
    k->n--;
    k->pool[s].next = k->free_head;
    k->free_head = s;
    return s;
}

/* Makes the heap top the next live event, if there is one. */
static inline bool ready(os_kernel *k)
{
    for (;;) {
        if (k->n == 0 && !refill(k))
            return false;
        if (k->cancelled == 0 || k->pool[k->heap[0].slot].live)
            return true;
        pop_top(k);
        k->cancelled--;
    }
}

bool os_kernel_pop(os_kernel *k, os_kevent *ev)
{
    if (!ready(k))
        return false;
    uint32_t s = pop_top(k);
    *ev = k->pool[s].ev;
    k->pool[s].live = false;
    k->pending--;
    k->popped++;
    return true;
}

bool os_kernel_peek(os_kernel *k, os_kevent *ev)
{
    if (!ready(k))
        return false;
    *ev = k->pool[k->heap[0].slot].ev;
    return true;
}

os_ms os_kernel_next_time(os_kernel *k)
{
    return ready(k) ? k->pool[k->heap[0].slot].ev.time : INT64_MAX;
}

uint64_t os_kernel_events(const os_kernel *k)
{
    return k->popped;
}

uint32_t os_kernel_pending(const os_kernel *k)
{
    return k->pending;
}
