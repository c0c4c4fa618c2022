/* kernel.h — the discrete-event kernel: integer-ms clock and a priority queue with the fixed
 * same-time order of SPEC §1.1 (time, then class, then scheduling order), cancellable events,
 * and an event counter. Events live in a pool with a free list: no allocation per event once
 * the pool has grown to the run's high-water mark. */
#ifndef OUTAGESIM_KERNEL_H
#define OUTAGESIM_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "outagesim/duration.h"

/* Same-millisecond order (SPEC §1.1). */
enum os_class {
    OS_CLASS_OUTAGE_END = 0,
    OS_CLASS_OUTAGE_START = 1,
    OS_CLASS_PLATFORM = 2, /* replacement, rebalancing, failover, failback */
    OS_CLASS_TRIGGER = 3,  /* outage_declared, customer_report */
    OS_CLASS_CHECK = 4,    /* health checks */
    OS_CLASS_MEASURE = 5,  /* measurements (SLA window boundaries) */
};

typedef struct os_kevent {
    os_ms time;
    int cls;   /* enum os_class */
    int kind;  /* the caller's event kind */
    int32_t a; /* the caller's payload */
    int32_t b;
} os_kevent;

typedef uint64_t os_khandle; /* 0 is never a valid handle */

typedef struct os_kernel os_kernel;

/* A kernel whose pool starts with room for capacity events. NULL on allocation failure. */
os_kernel *os_kernel_new(uint32_t capacity);
void os_kernel_free(os_kernel *k);

/* Empties the queue and zeroes the counters, keeping the memory. */
void os_kernel_reset(os_kernel *k);

/* Sets the calendar's bucket width from the expected event rate (events per ms of simulated
 * time), for about 16 events a bucket; empties the queue. Only speed depends on it, never the
 * order of events. 0, or -1 when events are pending or memory ran out (the kernel is
 * unchanged). */
int os_kernel_tune(os_kernel *k, double events_per_ms);

/* Schedules an event; returns its handle, or 0 when the pool could not grow. */
os_khandle os_kernel_schedule(os_kernel *k, os_ms time, enum os_class cls, int kind, int32_t a,
                              int32_t b);

/* Cancels a pending event; a stale or 0 handle is ignored. */
void os_kernel_cancel(os_kernel *k, os_khandle h);

/* Pops the next live event into *ev; false when the queue is empty. Counts the event. */
bool os_kernel_pop(os_kernel *k, os_kevent *ev);

/* Copies the next live event into *ev without removing it; false when the queue is empty. */
bool os_kernel_peek(os_kernel *k, os_kevent *ev);

/* The next live event, in place, or NULL when the queue is empty; valid until the next call
 * that schedules, cancels or pops. */
const os_kevent *os_kernel_peek_ptr(os_kernel *k);

/* Pops the event the last os_kernel_peek_ptr() or os_kernel_peek() returned; nothing may have
 * been scheduled, cancelled or popped since (one peek-and-pop: the queue is not searched
 * twice). Counts the event. */
void os_kernel_pop_peeked(os_kernel *k);

/* The event at the heap's top, live or not, or NULL: a hint for prefetching, nothing more. */
const os_kevent *os_kernel_hint(const os_kernel *k);

/* True when a calendar bucket could not grow: the queue is no longer complete (out of
 * memory); os_kernel_pop() then reports an empty queue. Cleared by os_kernel_reset(). */
bool os_kernel_nomem(const os_kernel *k);

/* Time of the next live event, or INT64_MAX when none. */
os_ms os_kernel_next_time(os_kernel *k);

uint64_t os_kernel_events(const os_kernel *k); /* events popped since the last reset */
uint32_t os_kernel_pending(const os_kernel *k);

#endif
