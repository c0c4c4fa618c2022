/* kernel.c — the event queue: a calendar of time buckets in front of a 4-ary min-heap of
 * (time, class, sequence) keys, over a pooled event store.
 *
 * Only events of the current bucket sit in the heap, so it stays small however many processes
 * are pending; later events wait in a ring of buckets (unsorted arrays of heap items; a bitmap
 * finds the next non-empty one) that covers about 99 days, and events beyond the ring in an
 * overflow min-heap. The bucket width follows the event density (os_kernel_tune(): about 16
 * events a bucket, but no narrower than 2^18 ms, so the ring has at most 2^15 buckets and
 * appending to one stays in cache), so the heap stays small as the fleet grows.
 * When the heap runs dry the next bucket becomes the heap (read from its array, the pool slots
 * of its events prefetched). Order is decided by the heap alone, on (time, class, sequence):
 * ties never depend on layout or width. The heap holds small {key, seq, slot} items; payloads
 * stay in the pool. Cancellation marks the pool slot; the item is dropped when it surfaces. */
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
    uint32_t gen;  /* bumped on every reuse; a handle carries it */
    uint32_t next; /* free list link */
    bool live;
} slot;

/* One calendar bucket: the items of its events, unsorted, in a growable array (moving a bucket
 * into the heap reads this array only, not the pool). */
typedef struct bucket {
    heap_item *items;
    uint32_t n, cap;
} bucket;

#define SHIFT_DEFAULT 22 /* a bucket of 2^22 ms, about 70 minutes, until os_kernel_tune() */
#define SHIFT_MIN 18 /* at most 2^15 buckets: the ring's heads and tails stay in cache */
#define SHIFT_MAX 26
#define RING_SPAN_LOG2 33 /* the ring covers 2^33 ms, about 99 days, whatever the width */
#define RING_MIN 64

struct os_kernel {
    heap_item *heap;
    uint32_t n, cap; /* heap items, capacity of heap, overflow heap and pool */
    slot *pool;
    uint32_t free_head; /* UINT32_MAX when empty */
    uint32_t used;      /* slots ever handed out (high-water mark) */
    uint32_t seq;       /* wraps only after 2^32 schedules; os_kernel_reset() restarts it */
    uint64_t popped;
    uint32_t pending;
    uint32_t cancelled; /* cancelled items still queued: none is the common case */
    /* The calendar: the heap holds events of buckets <= cur; the ring holds buckets
     * cur+1 .. cur+nbuckets-1 at ring[b & mask]; the overflow heap holds the rest. */
    int shift;
    uint32_t nbuckets, mask;
    int64_t cur;
    bucket *ring;
    uint64_t *bitmap; /* nbuckets / 64 words (at least one) */
    uint32_t bitmap_words;
    uint32_t ring_count;
    heap_item *ovf; /* a min-heap of the events beyond the ring */
    uint32_t n_ovf;
    bool nomem; /* a bucket could not grow while events moved out of the overflow heap */
};

#define NO_SLOT UINT32_MAX

static void ring_free(os_kernel *k)
{
    if (k->ring)
        for (uint32_t b = 0; b < k->nbuckets; b++)
            free(k->ring[b].items);
    free(k->ring);
    free(k->bitmap);
    k->ring = NULL;
    k->bitmap = NULL;
}

/* A ring of 2^(RING_SPAN_LOG2 - shift) empty buckets of 2^shift ms; -1 without memory. */
static int ring_alloc(os_kernel *k, int shift)
{
    uint32_t nb = UINT32_C(1) << (RING_SPAN_LOG2 - shift);
    if (nb < RING_MIN)
        nb = RING_MIN;
    bucket *ring = calloc(nb, sizeof *ring);
    uint64_t *bitmap = calloc(nb / 64, sizeof *bitmap);
    if (!ring || !bitmap) {
        free(ring);
        free(bitmap);
        return -1;
    }
    ring_free(k);
    k->ring = ring;
    k->bitmap = bitmap;
    k->bitmap_words = nb / 64;
    k->nbuckets = nb;
    k->mask = nb - 1;
    k->shift = shift;
    return 0;
}

os_kernel *os_kernel_new(uint32_t capacity)
{
    os_kernel *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    if (capacity < 64)
        capacity = 64;
    k->heap = malloc((size_t)capacity * sizeof *k->heap);
    k->ovf = malloc((size_t)capacity * sizeof *k->ovf);
    k->pool = calloc(capacity, sizeof *k->pool);
    if (!k->heap || !k->ovf || !k->pool || ring_alloc(k, SHIFT_DEFAULT) < 0) {
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
    ring_free(k);
    free(k->heap);
    free(k->ovf);
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
    for (uint32_t w = 0; w < k->bitmap_words; w++) /* only buckets still holding events */
        for (uint64_t bits = k->bitmap[w]; bits; bits &= bits - 1)
            k->ring[w * 64 + (uint32_t)__builtin_ctzll(bits)].n = 0;
    memset(k->bitmap, 0, (size_t)k->bitmap_words * sizeof *k->bitmap);
    k->ring_count = 0;
    k->n_ovf = 0;
    k->nomem = false;
}

int os_kernel_tune(os_kernel *k, double events_per_ms)
{
    /* about 16 events a bucket: a small heap, and a refill every 16 events or so */
    int shift = SHIFT_MAX;
    if (events_per_ms > 0) {
        double width = 16.0 / events_per_ms;
        shift = SHIFT_MIN;
        while (shift < SHIFT_MAX && (double)(INT64_C(1) << (shift + 1)) <= width)
            shift++;
    }
    if (shift == k->shift)
        return 0;
    if (k->pending > 0 || ring_alloc(k, shift) < 0)
        return -1;
    os_kernel_reset(k);
    return 0;
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
    heap_item *o = realloc(k->ovf, (size_t)cap * sizeof *o);
    if (!o)
        return false;
    k->ovf = o;
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

static inline void sift_up(heap_item *h, uint32_t i)
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
static inline void remove_root(heap_item *h, uint32_t n)
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

/* Sifts item i down (heap construction). */
static void sift_down(heap_item *h, uint32_t n, uint32_t i)
{
    heap_item it = h[i];
    for (;;) {
        uint32_t c = 4 * i + 1;
        if (c >= n)
            break;
        uint32_t best = c;
        uint32_t end = c + 4 < n ? c + 4 : n;
        for (uint32_t j = c + 1; j < end; j++)
            if (before(&h[j], &h[best]))
                best = j;
        if (!before(&h[best], &it))
            break;
        h[i] = h[best];
        i = best;
    }
    h[i] = it;
}

static inline int64_t bucket_of(const os_kernel *k, uint64_t key)
{
    return (int64_t)((key >> 3) >> k->shift);
}

/* Puts an item where its bucket says; false when a bucket could not grow. */
static bool place(os_kernel *k, heap_item it)
{
    int64_t b = bucket_of(k, it.key);
    if (b <= k->cur) {
        k->heap[k->n] = it;
        sift_up(k->heap, k->n++);
        return true;
    }
    if (b < k->cur + (int64_t)k->nbuckets) {
        uint32_t r = (uint32_t)b & k->mask;
        bucket *bk = &k->ring[r];
        if (bk->n == bk->cap) {
            uint32_t cap = bk->cap ? 2 * bk->cap : 8;
            heap_item *items = realloc(bk->items, (size_t)cap * sizeof *items);
            if (!items)
                return false;
            bk->items = items;
            bk->cap = cap;
        }
        bk->items[bk->n++] = it;
        k->bitmap[r / 64] |= UINT64_C(1) << (r % 64);
        k->ring_count++;
        return true;
    }
    k->ovf[k->n_ovf] = it;
    sift_up(k->ovf, k->n_ovf++);
    return true;
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
    heap_item it = {.key = ((uint64_t)time << 3) | (uint64_t)cls, .seq = k->seq, .slot = s};
    if (!place(k, it)) {
        sl->next = k->free_head; /* give the slot back: nothing was queued */
        k->free_head = s;
        return 0;
    }
    k->seq++;
    sl->ev = (os_kevent){.time = time, .cls = (int)cls, .kind = kind, .a = a, .b = b};
    sl->live = true;
    sl->gen++;
    k->pending++;
    return ((uint64_t)sl->gen << 32) | ((uint64_t)s + 1);
}

/* Moves the overflow events that now fall inside the ring (or the heap) there; false when a
 * bucket could not grow (the event stays in the overflow heap). */
static bool migrate_overflow(os_kernel *k)
{
    while (k->n_ovf > 0 && bucket_of(k, k->ovf[0].key) < k->cur + (int64_t)k->nbuckets) {
        heap_item it = k->ovf[0];
        remove_root(k->ovf, k->n_ovf);
        k->n_ovf--;
        if (!place(k, it)) {
            k->ovf[k->n_ovf] = it;
            sift_up(k->ovf, k->n_ovf++);
            return false;
        }
    }
    return true;
}

/* The first non-empty ring bucket after cur (absolute index); the ring is not empty. */
static int64_t next_bucket(const os_kernel *k)
{
    uint32_t start = (uint32_t)(k->cur + 1) & k->mask;
    for (uint32_t step = 0; step <= k->bitmap_words; step++) {
        uint32_t w = (start / 64 + step) % k->bitmap_words;
        uint64_t bits = k->bitmap[w];
        if (step == 0)
            bits &= ~UINT64_C(0) << (start % 64);
        if (bits) {
            uint32_t r = w * 64 + (uint32_t)__builtin_ctzll(bits);
            uint32_t dist = (r - start) & k->mask;
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
            if (k->n_ovf == 0)
                return false;
            k->cur = bucket_of(k, k->ovf[0].key) - 1; /* jump over the empty stretch */
            if (!migrate_overflow(k)) {
                k->nomem = true;
                return false;
            }
            continue;
        }
        int64_t b = next_bucket(k);
        k->cur = b;
        uint32_t r = (uint32_t)b & k->mask;
        bucket *bk = &k->ring[r];
        k->bitmap[r / 64] &= ~(UINT64_C(1) << (r % 64));
        k->ring_count -= bk->n;
        /* the bucket becomes the heap; its events' pool slots are fetched ahead of their pops */
        for (uint32_t i = 0; i < bk->n; i++) {
            k->heap[i] = bk->items[i];
            __builtin_prefetch(&k->pool[bk->items[i].slot]);
        }
        k->n = bk->n;
        bk->n = 0;
        for (uint32_t i = k->n / 4 + 1; i-- > 0;)
            if (i < k->n)
                sift_down(k->heap, k->n, i);
        if (k->n_ovf > 0 && bucket_of(k, k->ovf[0].key) < k->cur + (int64_t)k->nbuckets &&
            !migrate_overflow(k)) {
            k->nomem = true; /* what stays in the overflow heap would be popped out of order */
            return false;
        }
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
static inline uint32_t pop_top(os_kernel *k)
{
    uint32_t s = k->heap[0].slot;
    remove_root(k->heap, k->n);
    k->n--;
    k->pool[s].next = k->free_head;
    k->free_head = s;
    return s;
}

/* Makes the heap top the next live event, if there is one (the slow path of ready()). */
static bool ready_slow(os_kernel *k)
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

static inline bool ready(os_kernel *k)
{
    if (k->n > 0 && k->cancelled == 0)
        return true;
    return ready_slow(k);
}

bool os_kernel_pop(os_kernel *k, os_kevent *ev)
{
    if (!ready(k))
        return false;
    uint32_t s = k->heap[0].slot;
    os_kernel_pop_peeked(k);
    *ev = k->pool[s].ev;
    return true;
}

void os_kernel_pop_peeked(os_kernel *k)
{
    uint32_t s = pop_top(k);
    k->pool[s].live = false;
    k->pending--;
    k->popped++;
}

const os_kevent *os_kernel_peek_ptr(os_kernel *k)
{
    return ready(k) ? &k->pool[k->heap[0].slot].ev : NULL;
}

bool os_kernel_peek(os_kernel *k, os_kevent *ev)
{
    if (!ready(k))
        return false;
    *ev = k->pool[k->heap[0].slot].ev;
    return true;
}

const os_kevent *os_kernel_hint(const os_kernel *k)
{
    return k->n > 0 ? &k->pool[k->heap[0].slot].ev : NULL;
}

os_ms os_kernel_next_time(os_kernel *k)
{
    return ready(k) ? k->pool[k->heap[0].slot].ev.time : INT64_MAX;
}

uint64_t os_kernel_events(const os_kernel *k)
{
    return k->popped;
}

bool os_kernel_nomem(const os_kernel *k)
{
    return k->nomem;
}

uint32_t os_kernel_pending(const os_kernel *k)
{
    return k->pending;
}
