/* test_kernel.c — the event queue: order (time, class, scheduling order), cancellation,
 * reset, counters, and a randomised comparison with a stable sort. */
#include <check.h>
#include <stdlib.h>

#include "engine/kernel.h"

START_TEST(orders_by_time_then_class_then_schedule)
{
    os_kernel *k = os_kernel_new(4);
    /* same time 10: classes 4, 0, 2, 0 scheduled in that order -> 0 (a=1), 0 (a=3), 2, 4 */
    os_kernel_schedule(k, 10, OS_CLASS_CHECK, 0, 0, 0);
    os_kernel_schedule(k, 10, OS_CLASS_OUTAGE_END, 0, 1, 0);
    os_kernel_schedule(k, 10, OS_CLASS_PLATFORM, 0, 2, 0);
    os_kernel_schedule(k, 10, OS_CLASS_OUTAGE_END, 0, 3, 0);
    os_kernel_schedule(k, 5, OS_CLASS_MEASURE, 0, 4, 0);
    int want[] = {4, 1, 3, 2, 0};
    os_kevent ev;
    for (int i = 0; i < 5; i++) {
        ck_assert(os_kernel_pop(k, &ev));
        ck_assert_int_eq(ev.a, want[i]);
    }
    ck_assert(!os_kernel_pop(k, &ev));
    ck_assert_uint_eq(os_kernel_events(k), 5);
    os_kernel_free(k);
}
END_TEST

START_TEST(cancel_removes_only_that_event)
{
    os_kernel *k = os_kernel_new(4);
    os_khandle a = os_kernel_schedule(k, 1, OS_CLASS_PLATFORM, 0, 1, 0);
    os_kernel_schedule(k, 2, OS_CLASS_PLATFORM, 0, 2, 0);
    ck_assert_uint_eq(os_kernel_pending(k), 2);
    os_kernel_cancel(k, a);
    os_kernel_cancel(k, a); /* twice: ignored */
    os_kernel_cancel(k, 0); /* null handle: ignored */
    ck_assert_uint_eq(os_kernel_pending(k), 1);
    ck_assert_int_eq(os_kernel_next_time(k), 2);
    os_kevent ev;
    ck_assert(os_kernel_pop(k, &ev));
    ck_assert_int_eq(ev.a, 2);
    /* a stale handle of a reused slot must not cancel the new event */
    os_khandle b = os_kernel_schedule(k, 3, OS_CLASS_PLATFORM, 0, 3, 0);
    os_kernel_cancel(k, a);
    ck_assert(os_kernel_pop(k, &ev));
    ck_assert_int_eq(ev.a, 3);
    (void)b;
    ck_assert_uint_eq(os_kernel_events(k), 2); /* cancelled events are not counted */
    os_kernel_free(k);
}
END_TEST

START_TEST(reset_empties_and_keeps_working)
{
    os_kernel *k = os_kernel_new(2);
    for (int i = 0; i < 1000; i++) /* grows past the initial pool */
        ck_assert(os_kernel_schedule(k, 1000 - i, OS_CLASS_PLATFORM, 0, i, 0) != 0);
    os_kernel_reset(k);
    ck_assert_uint_eq(os_kernel_pending(k), 0);
    ck_assert_int_eq(os_kernel_next_time(k), INT64_MAX);
    os_kernel_schedule(k, 7, OS_CLASS_PLATFORM, 0, 42, 0);
    os_kevent ev;
    ck_assert(os_kernel_pop(k, &ev));
    ck_assert_int_eq(ev.time, 7);
    ck_assert_int_eq(ev.a, 42);
    os_kernel_free(k);
}
END_TEST

/* 20000 events with many ties, popped in the order a stable sort by (time, class) gives. */
START_TEST(matches_stable_sort_with_cancellations)
{
    enum { N = 20000 };
    static struct {
        int64_t t;
        int c;
        int id;
        bool cancelled;
    } ref[N];
    static os_khandle h[N];
    os_kernel *k = os_kernel_new(8);
    unsigned s = 12345;
    for (int i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        ref[i].t = (s >> 8) % 50; /* heavy ties */
        ref[i].c = (int)((s >> 3) % 6);
        ref[i].id = i;
        ref[i].cancelled = (s >> 20) % 7 == 0;
        h[i] = os_kernel_schedule(k, ref[i].t, (enum os_class)ref[i].c, 0, i, 0);
    }
    for (int i = 0; i < N; i++)
        if (ref[i].cancelled)
            os_kernel_cancel(k, h[i]);
    /* expected order: insertion sort by (t, c), stable on id */
    static int order[N];
    int n = 0;
    for (int i = 0; i < N; i++)
        if (!ref[i].cancelled)
            order[n++] = i;
    for (int i = 1; i < n; i++) {
        int x = order[i], j = i - 1;
        while (j >= 0 && (ref[order[j]].t > ref[x].t ||
                          (ref[order[j]].t == ref[x].t && ref[order[j]].c > ref[x].c))) {
            order[j + 1] = order[j];
            j--;
        }
        order[j + 1] = x;
    }
    os_kevent ev;
    for (int i = 0; i < n; i++) {
        ck_assert(os_kernel_pop(k, &ev));
        ck_assert_int_eq(ev.a, order[i]);
    }
    ck_assert(!os_kernel_pop(k, &ev));
    os_kernel_free(k);
}
END_TEST

static uint64_t lcg_state = 99;

static uint32_t rnd(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(lcg_state >> 33);
}

/* A discrete-event workload over 30 years: popping schedules new events at the current time or
 * up to 800 days later (past the calendar ring, into the overflow list), with same-time ties and
 * cancellations; every pop must match a brute-force reference (smallest time, class, then
 * scheduling order). Exercises bucket refills, ring wrap-around and overflow migration. */
START_TEST(matches_reference_over_long_horizons)
{
    enum { MAXE = 40000 };
    static struct {
        int64_t t;
        int c;
        uint32_t seq;
        bool pending;
        os_khandle h;
    } ref[MAXE];
    int n = 0;
    uint32_t seq = 0;
    const int64_t day = 86400000;
    os_kernel *k = os_kernel_new(16);
    for (; n < 3000; n++) {
        int64_t days3 = (int64_t)(rnd() % 3000);
        ref[n].t = days3 * day / 3 + rnd() % 1000;
        ref[n].c = (int)(rnd() % 6);
        ref[n].seq = seq++;
        ref[n].pending = true;
        ref[n].h = os_kernel_schedule(k, ref[n].t, (enum os_class)ref[n].c, 0, n, 0);
    }
    int64_t now = 0;
    os_kevent ev;
    int pops = 0;
    while (os_kernel_pop(k, &ev)) {
        int best = -1;
        for (int i = 0; i < n; i++) {
            if (!ref[i].pending)
                continue;
            if (best < 0 || ref[i].t < ref[best].t ||
                (ref[i].t == ref[best].t &&
                 (ref[i].c < ref[best].c ||
                  (ref[i].c == ref[best].c && ref[i].seq < ref[best].seq))))
                best = i;
        }
        ck_assert_int_ge(best, 0);
        ck_assert_int_eq(ev.a, best);
        ck_assert_int_ge(ev.time, now);
        now = ev.time;
        ref[best].pending = false;
        pops++;
        for (int j = 0; j < 2 && n < MAXE; j++) {
            if (rnd() % 3 == 0)
                continue;
            uint32_t r = rnd() % 10;
            int64_t dt =
                r == 0 ? 0
                       : (r < 7 ? (int64_t)(rnd() % 1000) * 60000 : (int64_t)(rnd() % 800) * day);
            ref[n].t = now + dt;
            ref[n].c = r == 0 ? 5 : (int)(rnd() % 6); /* dt 0: a later class, still ahead */
            ref[n].seq = seq++;
            ref[n].pending = true;
            ref[n].h = os_kernel_schedule(k, ref[n].t, (enum os_class)ref[n].c, 0, n, 0);
            n++;
        }
        if (rnd() % 5 == 0) { /* cancel a random pending event */
            int victim = (int)(rnd() % (uint32_t)n);
            if (ref[victim].pending) {
                os_kernel_cancel(k, ref[victim].h);
                ref[victim].pending = false;
            }
        }
    }
    for (int i = 0; i < n; i++)
        ck_assert(!ref[i].pending);
    ck_assert_int_gt(pops, 10000);
    os_kernel_free(k);
}
END_TEST

static Suite *kernel_suite(void)
{
    Suite *s = suite_create("kernel");
    TCase *tc = tcase_create("queue");
    tcase_add_test(tc, orders_by_time_then_class_then_schedule);
    tcase_add_test(tc, cancel_removes_only_that_event);
    tcase_add_test(tc, reset_empties_and_keeps_working);
    tcase_add_test(tc, matches_stable_sort_with_cancellations);
    tcase_add_test(tc, matches_reference_over_long_horizons);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(kernel_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
