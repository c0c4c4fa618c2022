/* test_stopping.c — precision-targeted runs (SPEC §5.1): the stopping point is the same for
 * any thread count, the reported half-width meets the goal, max_replications is honoured. */
#include <stdlib.h>

#include "helpers.h"

/* One zone, A = 360/361: unavailability 1/361. */
#define SCENARIO                                                                                   \
    "simulation: { horizon: 365d, seed: 5, batch: 50, min_replications: 100 }\n"                   \
    "regions: [ { name: r1, zones: 1 } ]\n"                                                        \
    "computes: [ { name: web, kind: app-service, region: r1, instances: 1 } ]\n"                   \
    "targets: [ { name: t, kind: storage-blob, region: r1, zone_redundant: true } ]\n"             \
    "connections: [ { name: c, compute: web, target: t } ]\n"                                      \
    "failures: { zone: { time_to_failure: { dist: exponential, mean: 90d },\n"                     \
    "                    time_to_repair: 6h } }\n"

static os_run_result *run(const os_scenario *sc, const os_run_options *opt)
{
    os_run_result *res = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_msg(os_run(sc, opt, &res, &err) == 0, "os_run: %s", err.msg);
    return res;
}

/* 10 % of the unavailability: half-width <= 0.1 (1 - mean), checked on whole batches of 50
 * from 100 on; the same replication count and summary for 1, 2 and 8 threads. */
START_TEST(relative_precision_same_for_any_thread_count)
{
    os_scenario *sc = LOAD(SCENARIO);
    os_run_options o1 = {
        .precision_set = true, .precision = 0.10, .precision_relative = true, .threads = 1};
    os_run_options o2 = o1, o8 = o1;
    o2.threads = 2;
    o8.threads = 8;
    os_run_result *a = run(sc, &o1), *b = run(sc, &o2), *c = run(sc, &o8);
    ck_assert_int_eq(a->stop, OS_STOP_PRECISION);
    ck_assert_uint_eq(a->replications % 50, 0);
    ck_assert_uint_ge(a->replications, 100);
    ck_assert_uint_eq(a->replications, b->replications);
    ck_assert_uint_eq(a->replications, c->replications);
    ck_assert(a->conn[0].availability.mean == c->conn[0].availability.mean);
    ck_assert(a->conn[0].availability.lo == b->conn[0].availability.lo);
    /* the promise: the reported interval is as tight as asked */
    double hw = os_figure_half_width(&a->conn[0].availability);
    ck_assert(hw <= 0.10 * (1.0 - a->conn[0].availability.mean));
    ck_assert(a->half_width[0] == hw);
    /* and one batch fewer would not have been enough (otherwise it would have stopped) */
    if (a->replications > 100) {
        os_run_options fixed = {.replications = a->replications - 50, .threads = 2};
        os_run_result *p = run(sc, &fixed);
        double hwp = os_figure_half_width(&p->conn[0].availability);
        ck_assert(hwp > 0.10 * (1.0 - p->conn[0].availability.mean));
        os_run_result_free(p);
    }
    os_run_result_free(a);
    os_run_result_free(b);
    os_run_result_free(c);
    os_scenario_free(sc);
}
END_TEST

/* An absolute goal far too tight for the budget stops at max_replications, exactly. */
START_TEST(max_replications_is_honoured)
{
    os_scenario *sc = LOAD(SCENARIO);
    os_run_options o = {
        .precision_set = true, .precision = 1e-9, .max_replications = 230, .threads = 2};
    os_run_result *r = run(sc, &o);
    ck_assert_int_eq(r->stop, OS_STOP_MAX_REPLICATIONS);
    ck_assert_uint_eq(r->replications, 230); /* 50, 100, ..., 200, then the last 30 */
    ck_assert_uint_eq(r->conn[0].availability.n, 230);
    os_run_result_free(r);
    os_scenario_free(sc);
}
END_TEST

/* until: verdict with a target far from the truth (99 % vs 99.72 %) settles at the first
 * check (100 replications), with verdict pass. */
START_TEST(until_verdict)
{
    os_scenario *sc = LOAD(SCENARIO "sla: { availability: 99% }\n");
    os_run_options o = {.until_verdict = true, .threads = 2};
    os_run_result *r = run(sc, &o);
    ck_assert_int_eq(r->stop, OS_STOP_VERDICT);
    ck_assert_uint_eq(r->replications, 100);
    ck_assert_int_eq(r->conn[0].verdict, OS_VERDICT_PASS);
    os_run_result_free(r);
    os_scenario_free(sc);
}
END_TEST

/* The scenario's own keys drive the same rule: precision: 10% in the file. */
START_TEST(scenario_keys)
{
    os_scenario *sc =
        LOAD("simulation: { horizon: 365d, seed: 5, batch: 50, min_replications: "
             "100, precision: 10%, max_replications: 5000 }\n"
             "regions: [ { name: r1, zones: 1 } ]\n"
             "computes: [ { name: web, kind: app-service, region: r1, instances: 1 } ]\n"
             "targets: [ { name: t, kind: storage-blob, region: r1, zone_redundant: true } ]\n"
             "connections: [ { name: c, compute: web, target: t } ]\n"
             "failures: { zone: { time_to_failure: { dist: exponential, mean: 90d },\n"
             "                    time_to_repair: 6h } }\n");
    os_run_options o = {.threads = 2};
    os_run_result *r = run(sc, &o);
    ck_assert_int_eq(r->stop, OS_STOP_PRECISION);
    ck_assert(os_figure_half_width(&r->conn[0].availability) <=
              0.10 * (1.0 - r->conn[0].availability.mean));
    os_run_result_free(r);
    os_scenario_free(sc);
}
END_TEST

static Suite *stopping_suite(void)
{
    Suite *s = suite_create("stopping");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, relative_precision_same_for_any_thread_count);
    tcase_add_test(tc, max_replications_is_honoured);
    tcase_add_test(tc, until_verdict);
    tcase_add_test(tc, scenario_keys);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(stopping_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
