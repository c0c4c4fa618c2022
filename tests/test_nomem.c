/* test_nomem.c — every allocation failure reaches the caller as a clean error (issue 18).
 *
 * This executable is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc against the
 * internal static library, so every allocation the library itself makes goes through the
 * wrappers below (libyaml's, GSL's and Check's own allocations, made inside shared libraries,
 * do not). A test arms the wrappers to fail the N-th allocation and runs the whole pipeline
 * (load the scenario, run it); for N = 1, 2, ... until a run succeeds, every failing run must
 * return a status (OS_ERR_NOMEM, or a clean input/internal error for an allocation made while
 * parsing) with a message, and must neither crash nor leak (the ASan build in .ci/run checks
 * the leaks; valgrind's unit setup too). */
#include <check.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/kernel.h"
#include "outagesim/montecarlo.h"
#include "outagesim/scenario.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

static atomic_long fail_at; /* 0: never fail; N: fail the N-th counted call (and only it) */
static atomic_long calls;

static bool should_fail(void)
{
    long at = atomic_load(&fail_at);
    return at > 0 && atomic_fetch_add(&calls, 1) + 1 == at;
}

void *__wrap_malloc(size_t size)
{
    return should_fail() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return should_fail() ? NULL : __real_realloc(p, size);
}

static void arm(long n)
{
    atomic_store(&calls, 0);
    atomic_store(&fail_at, n);
}

static void disarm(void)
{
    atomic_store(&fail_at, 0);
}

/* A trace of 150 zone outages in the replay: all 150 start events are scheduled at time 0,
 * more than the event pool's first size (2 processes x 2 + 4 x 1 compute + 64 = 72), so the
 * pool must grow during the run; with failure processes, disaster recovery (incidents, RTO
 * and RPO lists), replacement and SLA windows, every kind of allocation of a run is made. */
static char trace_path[64];

static void write_trace(void)
{
    snprintf(trace_path, sizeof trace_path, "/tmp/os-nomem-%ld.csv", (long)getpid());
    FILE *f = fopen(trace_path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "start,duration,region,zone\n");
    for (int i = 0; i < 150; i++) /* one outage every 2 days, 3 hours long, zones 1..3 */
        fprintf(f, "2024-01-%02dT00:00:00Z,3h,westeurope,%d\n", 1 + i % 28, 1 + i % 3);
    fprintf(f, "2024-01-10T00:00:00Z,30h,westeurope,\n"); /* one region outage: failover */
    fclose(f);
}

static char *scenario_text(void)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "name: nomem\n"
             "simulation: { horizon: 60d, replications: 3, seed: 7 }\n"
             "sla: { availability: 99.9%%, window: 7d }\n"
             "regions:\n"
             "  - { name: westeurope, zones: 3 }\n"
             "  - { name: northeurope, zones: 3 }\n"
             "computes:\n"
             "  - { name: web, kind: app-service, region: westeurope, zone_redundant: true,\n"
             "      instances: 3 }\n"
             "targets:\n"
             "  - { name: blob, kind: storage-blob, region: westeurope, zone_redundant: true }\n"
             "connections:\n"
             "  - { name: web-blob, compute: web, target: blob }\n"
             "service_connector:\n"
             "  primary: westeurope\n"
             "  health_check: { interval: 10m, failures_to_trigger: 3 }\n"
             "  failover: { mode: automatic, dns_remap: 1h }\n"
             "  failback: { after: 2h, downtime: 5m }\n"
             "failures:\n"
             "  zone:\n"
             "    time_to_failure: { dist: exponential, mean: 20d }\n"
             "    time_to_repair: { dist: exponential, mean: 6h }\n"
             "  trace: { file: %s, mode: replay }\n",
             trace_path);
    return buf;
}

/* Loads and runs with the N-th allocation failing (n = 0: none). Returns the status. */
static int attempt(long n, int threads, os_error *err)
{
    const char *text = scenario_text();
    os_scenario *sc = NULL;
    os_run_result *res = NULL;
    os_error_clear(err);
    arm(n);
    int rc = os_scenario_load_buffer("nomem.yaml", text, strlen(text), NULL, 0, &sc, err);
    if (rc == 0) {
        os_run_options opt = {.threads = threads};
        rc = os_run(sc, &opt, &res, err);
    }
    disarm();
    /* The N-th allocation was made and failed, yet the run reports success: a dropped error. */
    if (rc == 0 && n > 0 && atomic_load(&calls) >= n)
        rc = 1;
    os_run_result_free(res);
    os_scenario_free(sc);
    return rc;
}

static void sweep(int threads)
{
    write_trace();
    os_error err;
    ck_assert_msg(attempt(0, threads, &err) == 0, "the scenario runs unarmed: %s", err.msg);
    long n;
    int nomem = 0;
    for (n = 1; n < 100000; n++) {
        int rc = attempt(n, threads, &err);
        if (rc == 0)
            break;
        ck_assert_msg(rc != 1, "allocation %ld failed, but the run reported success", n);
        /* A failure inside a run is OS_ERR_NOMEM; while loading, the loader may also report
         * it as NOMEM or as a clean input error (an allocation inside a libyaml callback). */
        ck_assert_msg(rc == OS_ERR_NOMEM || rc == OS_ERR_INPUT || rc == OS_ERR_IO,
                      "allocation %ld failed: status %d (%s): %s", n, rc,
                      os_status_str((enum os_status)rc), err.msg);
        ck_assert_msg(err.msg[0] != '\0', "allocation %ld failed without a message", n);
        ck_assert_msg(err.status == rc, "allocation %ld: err.status %d, returned %d", n, err.status,
                      rc);
        nomem += rc == OS_ERR_NOMEM;
    }
    unlink(trace_path);
    fprintf(stderr, "nomem (%d thread%s): %ld allocations failed in turn, %d as OS_ERR_NOMEM\n",
            threads, threads > 1 ? "s" : "", n - 1, nomem);
    ck_assert_msg(n < 100000, "no run succeeded");
    /* Sanity: the sweep did make the run's allocations fail (more than the loader's). */
    ck_assert_msg(n > 20 && nomem > 10, "only %ld allocations (%d NOMEM) were tried", n, nomem);
}

START_TEST(nomem_every_allocation_one_thread)
{
    sweep(1);
}
END_TEST

START_TEST(nomem_every_allocation_two_threads)
{
    sweep(2);
}
END_TEST

/* The kernel alone: a failed pool growth is reported as handle 0, and the kernel stays usable
 * (the events already scheduled still pop in order). */
START_TEST(kernel_pool_growth_failure)
{
    os_kernel *k = os_kernel_new(64);
    ck_assert_ptr_nonnull(k);
    for (int i = 0; i < 64; i++)
        ck_assert_uint_ne(os_kernel_schedule(k, 100 - i, OS_CLASS_OUTAGE_START, 0, i, 0), 0);
    arm(1);
    os_khandle h = os_kernel_schedule(k, 5, OS_CLASS_OUTAGE_START, 0, 64, 0);
    disarm();
    ck_assert_uint_eq(h, 0);
    os_kevent ev;
    os_ms last = -1;
    int popped = 0;
    while (os_kernel_pop(k, &ev)) {
        ck_assert_int_ge(ev.time, last);
        last = ev.time;
        popped++;
    }
    ck_assert_int_eq(popped, 64);
    os_kernel_free(k);
}
END_TEST

static Suite *nomem_suite(void)
{
    Suite *s = suite_create("nomem");
    TCase *tc = tcase_create("allocation failures");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, kernel_pool_growth_failure);
    tcase_add_test(tc, nomem_every_allocation_one_thread);
    tcase_add_test(tc, nomem_every_allocation_two_threads);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(nomem_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
