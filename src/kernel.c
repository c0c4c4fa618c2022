/* kernel.c — a 4-ary min-heap of (time, class, sequence) keys over a pooled event store.
 *
 * The heap holds small {key, seq, slot} items so sift operations touch contiguous memory;
 * payloads stay in the pool. Ties are broken by the sequence number, never by heap layout.
 * Cancellation marks the pool slot; the heap item is dropped when it surfaces. */
#include "outagesim/kernel.h"

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

struct os_kernel {
    heap_item *heap;
    uint32_t n, cap; /* heap items, capacity of heap and pool */
    slot *pool;
    uint32_t free_head; /* UINT32_MAX when empty */
    uint32_t used;      /* slots ever handed out (high-water mark) */
    uint32_t seq; /* wraps only after 2^32 schedules; os_kernel_reset() restarts it */
    uint64_t popped;
    uint32_t pending;
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
        if (k->n == k->cap && !grow(k))
            return 0;
        s = k->used++;
    }
    if (k->n == k->cap && !grow(k))
        return 0;
    slot *sl = &k->pool[s];
    sl->ev = (os_kevent){.time = time, .cls = (int)cls, .kind = kind, .a = a, .b = b};
    sl->live = true;
    sl->gen++;
    heap_item *it = &k->heap[k->n];
    it->key = ((uint64_t)time << 3) | (uint64_t)cls;
    it->seq = k->seq++;
    it->slot = s;
    sift_up(k->heap, k->n++);
    k->pending++;
    return ((uint64_t)sl->gen << 32) | ((uint64_t)s + 1);
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

static void drop_cancelled(os_kernel *k)
{
    while (k->n > 0 && !k->pool[k->heap[0].slot].live)
        pop_top(k);
}

bool os_kernel_pop(os_kernel *k, os_kevent *ev)
{
    drop_cancelled(k);
    if (k->n == 0)
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
    drop_cancelled(k);
    if (k->n == 0)
        return false;
    *ev = k->pool[k->heap[0].slot].ev;
    return true;
}

os_ms os_kernel_next_time(os_kernel *k)
{
    drop_cancelled(k);
    return k->n ? k->pool[k->heap[0].slot].ev.time : INT64_MAX;
}

uint64_t os_kernel_events(const os_kernel *k)
{
    return k->popped;
}

uint32_t os_kernel_pending(const os_kernel *k)
{
    return k->pending;
}
