/* test_lib.c — the library's contract with its caller: cancellation through a flag in the
 * run options (no global), progress through a callback (the library never prints), and the
 * one-time set-up (os_init) that keeps GSL from aborting the program. */
#include <gsl/gsl_errno.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "helpers.h"

/* One zone that fails every 90 days on average for 6 hours: every replication has events. */
#define SCENARIO                                                                                   \
    "simulation: { horizon: 365d, seed: 5, replications: 200, batch: 50,\n"                        \
    "              min_replications: 100 }\n"                                                      \
    "regions: [ { name: r1, zones: 1 } ]\n"                                                        \
    "computes: [ { name: web, kind: app-service, region: r1, instances: 1 } ]\n"                   \
    "targets: [ { name: t, kind: storage-blob, region: r1, zone_redundant: true } ]\n"             \
    "connections: [ { name: c, compute: web, target: t } ]\n"                                      \
    "failures: { zone: { time_to_failure: { dist: exponential, mean: 90d },\n"                     \
    "                    time_to_repair: 6h } }\n"

/* Every progress call, in order. */
typedef struct seen {
    os_progress calls[1000];
    size_t n;
    atomic_int *cancel_at_first; /* set on the first call when not NULL */
} seen;

static void record(void *ctx, const os_progress *p)
{
    seen *s = ctx;
    ck_assert_uint_lt(s->n, 1000);
    s->calls[s->n++] = *p;
    if (s->cancel_at_first)
        atomic_store(s->cancel_at_first, 1);
}

/* A flag already set: the run stops at once, with OS_ERR_INTERRUPTED and no result. */
START_TEST(cancel_before_start)
{
    os_scenario *sc = LOAD(SCENARIO);
    atomic_int stop = 1;
    os_run_options opt = {.threads = 2, .cancel = &stop};
    os_run_result *res = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), OS_ERR_INTERRUPTED);
    ck_assert_int_eq(err.status, OS_ERR_INTERRUPTED);
    ck_assert_ptr_null(res);
    os_scenario_free(sc);
}
END_TEST

/* With a stopping rule the callback runs after every batch of 50. Cancelling from the first
 * call (done = 50) stops the run in the second batch: the calls are (50, not finished) and
 * (50, finished), and os_run returns OS_ERR_INTERRUPTED. */
START_TEST(cancel_from_progress)
{
    os_scenario *sc = LOAD(SCENARIO);
    atomic_int stop = 0;
    seen s = {.cancel_at_first = &stop};
    os_run_options opt = {.threads = 2,
                          .cancel = &stop,
                          .progress = record,
                          .progress_ctx = &s,
                          .precision_set = true,
                          .precision = 1e-12, /* never reached */
                          .max_replications = 100000};
    os_run_result *res = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), OS_ERR_INTERRUPTED);
    ck_assert_ptr_null(res);
    ck_assert_uint_eq(s.n, 2);
    ck_assert_uint_eq(s.calls[0].done, 50);
    ck_assert(!s.calls[0].finished);
    ck_assert_uint_eq(s.calls[1].done, 50);
    ck_assert(s.calls[1].finished);
    os_scenario_free(sc);
}
END_TEST

/* A fixed run of 200 replications: done never goes down, total is 200 throughout, and the one
 * finished call, the last, has done = 200. */
START_TEST(progress_fixed)
{
    os_scenario *sc = LOAD(SCENARIO);
    seen s = {0};
    os_run_options opt = {.threads = 2, .progress = record, .progress_ctx = &s};
    os_run_result *res = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), 0);
    ck_assert_uint_ge(s.n, 1);
    for (size_t i = 0; i < s.n; i++) {
        ck_assert_uint_eq(s.calls[i].total, 200);
        ck_assert(s.calls[i].finished == (i == s.n - 1));
        if (i)
            ck_assert_uint_ge(s.calls[i].done, s.calls[i - 1].done);
    }
    ck_assert_uint_eq(s.calls[s.n - 1].done, 200);
    os_run_result_free(res);
    os_scenario_free(sc);
}
END_TEST

/* A precision goal (10 % of the unavailability): one call per batch of 50 with done = 50,
 * 100, ... and total 0, then the finished call with the run's replication count; the batch
 * that stops the run (at least min_replications = 100) has its widest interval within the
 * goal (worst_ratio <= 1). */
START_TEST(progress_rule)
{
    os_scenario *sc = LOAD(SCENARIO);
    seen s = {0};
    os_run_options opt = {.threads = 2,
                          .progress = record,
                          .progress_ctx = &s,
                          .precision_set = true,
                          .precision = 0.10,
                          .precision_relative = true};
    os_run_result *res = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), 0);
    ck_assert_int_eq(res->stop, OS_STOP_PRECISION);
    ck_assert_uint_eq(s.n, res->replications / 50 + 1);
    for (size_t i = 0; i + 1 < s.n; i++) {
        ck_assert_uint_eq(s.calls[i].done, 50 * (i + 1));
        ck_assert_uint_eq(s.calls[i].total, 0);
        ck_assert(s.calls[i].precision);
        ck_assert(!s.calls[i].finished);
    }
    ck_assert_double_le(s.calls[s.n - 2].worst_ratio, 1.0);
    ck_assert(s.calls[s.n - 1].finished);
    ck_assert_uint_eq(s.calls[s.n - 1].done, res->replications);
    os_run_result_free(res);
    os_scenario_free(sc);
}
END_TEST

/* os_sim_set_cancel: a set flag stops os_sim_run; cleared, the same worker runs replication 0
 * to the same result as a fresh one. */
START_TEST(sim_cancel)
{
    os_scenario *sc = LOAD(SCENARIO);
    os_error err;
    os_error_clear(&err);
    os_sim *sim = os_sim_new(sc, &err);
    ck_assert_ptr_nonnull(sim);
    atomic_int stop = 1;
    os_sim_set_cancel(sim, &stop);
    os_rep_result a, b;
    ck_assert_int_eq(os_rep_result_init(&a, 1), 0);
    ck_assert_int_eq(os_sim_run(sim, 5, 0, &a, NULL, NULL, &err), OS_ERR_INTERRUPTED);
    atomic_store(&stop, 0);
    ck_assert_int_eq(os_sim_run(sim, 5, 0, &a, NULL, NULL, &err), 0);
    RUN_ONE(sc, &b);
    ck_assert(a.availability[0] == b.availability[0]);
    ck_assert_uint_eq(a.events, b.events);
    os_rep_result_free(&a);
    os_rep_result_free(&b);
    os_sim_free(sim);
    os_scenario_free(sc);
}
END_TEST

/* GSL's default handler aborts the program. Loading a scenario runs os_init, which turns it
 * off: a GSL error afterwards returns to the caller (this test would die with SIGABRT). */
START_TEST(gsl_does_not_abort)
{
    os_scenario *sc = LOAD(SCENARIO);
    gsl_error("a GSL failure", __FILE__, __LINE__, GSL_EDOM);
    os_init(); /* again: harmless */
    gsl_error("another", __FILE__, __LINE__, GSL_EDOM);
    os_scenario_free(sc);
}
END_TEST

static Suite *lib_suite(void)
{
    Suite *s = suite_create("lib");
    TCase *tc = tcase_create("run options");
    tcase_add_test(tc, cancel_before_start);
    tcase_add_test(tc, cancel_from_progress);
    tcase_add_test(tc, progress_fixed);
    tcase_add_test(tc, progress_rule);
    tcase_add_test(tc, sim_cancel);
    suite_add_tcase(s, tc);
    tc = tcase_create("init");
    tcase_add_test(tc, gsl_does_not_abort);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(lib_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
