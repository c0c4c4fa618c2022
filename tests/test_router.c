/* test_router.c — routers (SPEC §6.1) on deterministic scenarios, expected values derived by
 * hand in the comments: probe counting at the millisecond an outage starts, offsets, fail-open,
 * the switch lag with a second change during the lag, weighted partial service, the router's
 * own outages, routers behind routers in dependency order; the failures.router process within
 * 4 standard errors; identical results for 1, 2 and 8 threads. */
#include <stdlib.h>

#include "helpers.h"

/* 30 d horizon. east / west: instances pinned to zone 1 of their region. part: one instance
 * in each zone of eastus, all three required, no replacement (surge_limit 0): a zone outage
 * leaves it serving 2/3. */
#define TOPO                                                                                       \
    "platform: { surge_limit: 0 }\n"                                                               \
    "regions: [ { name: eastus, zones: 3 }, { name: westus2, zones: 3 } ]\n"                       \
    "computes:\n"                                                                                  \
    "  - { name: api-e, kind: app-service, region: eastus, zone: 1, instances: 2 }\n"              \
    "  - { name: api-w, kind: app-service, region: westus2, zone: 1, instances: 2 }\n"             \
    "  - { name: api-zr, kind: app-service, region: eastus, zone_redundant: true,\n"               \
    "      instances: 3, required_instances: 3 }\n"                                                \
    "targets:\n"                                                                                   \
    "  - { name: db-e, kind: sql, region: eastus, zone_redundant: true }\n"                        \
    "  - { name: db-w, kind: sql, region: westus2, zone_redundant: true }\n"                       \
    "connections:\n"                                                                               \
    "  - { name: east, compute: api-e, target: db-e }\n"                                           \
    "  - { name: west, compute: api-w, target: db-w }\n"                                           \
    "  - { name: part, compute: api-zr, target: db-e }\n"

#define BASE "simulation: { horizon: 30d }\n" TOPO

#define HORIZON (30.0 * D)
#define S 1000.0
#define M (60.0 * S)
#define R0 3 /* entity id of the first router (after the 3 connections) */

/* Records of replication 0, for the timing of switches. */
typedef struct rec_log {
    int n;
    double t[64];
    char state[64][24], detail[64][64];
} rec_log;

static void observe(void *ctx, const os_record *rec)
{
    rec_log *log = ctx;
    if (strcmp(rec->kind, "router") || log->n >= 64)
        return;
    log->t[log->n] = (double)rec->t;
    snprintf(log->state[log->n], sizeof log->state[0], "%s", rec->state);
    snprintf(log->detail[log->n], sizeof log->detail[0], "%s", rec->detail ? rec->detail : "");
    log->n++;
}

static void run_logged(const os_scenario *sc, os_rep_result *res, rec_log *log)
{
    os_error err;
    os_error_clear(&err);
    memset(log, 0, sizeof *log);
    os_sim *sim = os_sim_new(sc, &err);
    ck_assert_ptr_nonnull(sim);
    ck_assert_int_eq(os_rep_result_init(res, os_entity_count(sc)), 0);
    ck_assert_int_eq(os_sim_run(sim, 1, 0, res, observe, log, &err), 0);
    os_sim_free(sim);
}

/* Priority [east, west], probes every 30 s from 0, 3 failures, no lag. Zone eastus/1 down at
 * 10 d for 6 h (10 d is a multiple of 30 s): the probe at 10 d sees east down (observation
 * class 4 after the outage start: failure 1), 10 d + 30 s (2), 10 d + 60 s (3): marked down,
 * traffic to west at once. Router outage: [10 d, 10 d + 60 s) = 60 s. East is back at
 * 10 d + 6 h, where a probe falls: marked up, back to east with no gap. Switches 2, one outage
 * of 60 s, availability 1 - 60 s / 30 d. */
START_TEST(probe_counting_at_outage_start)
{
    os_scenario *sc = LOAD(BASE "routers: [ { name: front, backends: [east, west] } ]\n"
                                "events: [ { zone_down: { region: eastus, zone: 1 }, at: 10d, "
                                "for: 6h } ]\n");
    os_rep_result r;
    rec_log log;
    run_logged(sc, &r, &log);
    ASSERT_EXACT(r.availability[R0], 1.0 - 60 * S / HORIZON);
    ck_assert_uint_eq(r.outage_ms[R0].n, 1);
    ASSERT_EXACT(r.outage_ms[R0].v[0], 60 * S);
    ck_assert_uint_eq(r.switches[R0], 2);
    ck_assert_uint_eq(r.switches[0], 0); /* connections never switch */
    /* records: marked_down + switched at 10 d + 60 s, marked_up + switched at 10 d + 6 h */
    int downs = 0;
    for (int i = 0; i < log.n; i++)
        if (!strcmp(log.state[i], "marked_down")) {
            downs++;
            ASSERT_EXACT(log.t[i], 10 * D + 60 * S);
            ck_assert_str_eq(log.detail[i], "east");
        }
    ck_assert_int_eq(downs, 1);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* The same with probe offset 10 s: probes at 10 d + 10 s, + 40 s, + 70 s -> marked down at
 * 10 d + 70 s: outage 70 s. Back: east recovers at 10 d + 6 h, the next probe is at
 * 10 d + 6 h + 10 s: until then traffic still goes to west (served), so no second outage.
 * Failures 1: marked down at the first failed probe 10 d + 10 s -> outage 10 s. */
START_TEST(probe_offset_and_failures)
{
    const char *ev = "events: [ { zone_down: { region: eastus, zone: 1 }, at: 10d, for: 6h } ]\n";
    char buf[4096];
    snprintf(buf, sizeof buf,
             BASE
             "routers: [ { name: front, backends: [east, west], probe: { offset: 10s } } ]\n%s",
             ev);
    os_scenario *sc = LOAD(buf);
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[R0], 1.0 - 70 * S / HORIZON);
    ck_assert_uint_eq(r.switches[R0], 2);
    os_rep_result_free(&r);
    os_scenario_free(sc);
    snprintf(buf, sizeof buf,
             BASE "routers: [ { name: front, backends: [east, west],\n"
                  "              probe: { interval: 1m, failures: 1, offset: 10s } } ]\n%s",
             ev);
    sc = LOAD(buf);
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[R0], 1.0 - 10 * S / HORIZON);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* Fail-open: eastus down 10 d for 2 h, westus2 down 10 d for 1 h. Both backends are marked
 * down at 10 d + 60 s; with nothing marked up the decision is the one for all up (east):
 * unchanged, no switch. At 10 d + 1 h west recovers and the probe there marks it up: traffic
 * to west (switch 1), served from 10 d + 1 h. At 10 d + 2 h east is back, marked up at once:
 * switch 2. One outage of exactly 1 h. */
START_TEST(fail_open)
{
    os_scenario *sc = LOAD(BASE "routers: [ { name: front, backends: [east, west] } ]\n"
                                "events:\n"
                                "  - { region_down: eastus, at: 10d, for: 2h }\n"
                                "  - { region_down: westus2, at: 10d, for: 1h }\n");
    os_rep_result r;
    rec_log log;
    run_logged(sc, &r, &log);
    ASSERT_EXACT(r.availability[R0], 1.0 - 1.0 / 720.0);
    ck_assert_uint_eq(r.outage_ms[R0].n, 1);
    ASSERT_EXACT(r.outage_ms[R0].v[0], H);
    ck_assert_uint_eq(r.switches[R0], 2);
    int downs = 0;
    for (int i = 0; i < log.n; i++)
        downs += !strcmp(log.state[i], "marked_down");
    ck_assert_int_eq(downs, 2);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* Switch lag 5 m, east's zone down at 10 d for 2 m. Marked down at 10 d + 60 s: the decision
 * (west) takes effect at 10 d + 6 m. East is back at 10 d + 2 m, marked up by the probe there:
 * decision east, effective 10 d + 7 m, although the first change is still pending. In effect:
 * east until 6 m, west 6 m..7 m, east after: two switches, at 10 d + 6 m and 10 d + 7 m.
 * Served: east is down [10 d, 10 d + 2 m) while it carries the traffic -> one outage of 2 m;
 * from 6 m to 7 m west serves. Availability 1 - 2 m / 30 d. */
START_TEST(switch_lag_second_change_during_lag)
{
    os_scenario *sc = LOAD(BASE "routers: [ { name: front, backends: [east, west], switch: 5m } ]\n"
                                "events: [ { zone_down: { region: eastus, zone: 1 }, at: 10d, "
                                "for: 2m } ]\n");
    os_rep_result r;
    rec_log log;
    run_logged(sc, &r, &log);
    ASSERT_EXACT(r.availability[R0], 1.0 - 2 * M / HORIZON);
    ck_assert_uint_eq(r.outage_ms[R0].n, 1);
    ASSERT_EXACT(r.outage_ms[R0].v[0], 2 * M);
    ck_assert_uint_eq(r.switches[R0], 2);
    double when[2];
    int k = 0;
    for (int i = 0; i < log.n; i++)
        if (!strcmp(log.state[i], "switched") && k < 2)
            when[k++] = log.t[i];
    ck_assert_int_eq(k, 2);
    ASSERT_EXACT(when[0], 10 * D + 6 * M);
    ASSERT_EXACT(when[1], 10 * D + 7 * M);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* A change due at or after the horizon never happens: east down from 30 d - 2 m to the end,
 * switch 5 m: marked down at 30 d - 1 m, effect due at 30 d + 4 m: no switch, and the outage
 * runs to the horizon (2 m). */
START_TEST(switch_after_horizon)
{
    os_scenario *sc = LOAD(BASE "routers: [ { name: front, backends: [east, west], switch: 5m } ]\n"
                                "events: [ { zone_down: { region: eastus, zone: 1 }, "
                                "at: 29d 23h 58m, for: 1h } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    ck_assert_uint_eq(r.switches[R0], 0);
    ck_assert_uint_eq(r.outage_ms[R0].n, 1);
    ASSERT_EXACT(r.outage_ms[R0].v[0], 2 * M);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* Weighted [west, part] with weights [3, 1].
 * - eastus/2 down at 10 d for 6 h: part serves 2/3 (still up: stays marked up); the router
 *   serves (3 x 1 + 1 x 2/3) / 4 = 11/12: lost 1/12 x 6 h = 30 m.
 * - westus2/1 down at 11 d for 1 h: west fails its probes at 11 d, +30 s, +60 s; meanwhile the
 *   router serves (3 x 0 + 1 x 1) / 4 = 1/4: lost 3/4 x 60 s = 45 s. Then everything goes to
 *   part (served 1); west is marked up again at 11 d + 1 h: 2 switches, no outage.
 * Availability 1 - (30 m + 45 s) / 30 d. */
START_TEST(weighted_partial_service)
{
    os_scenario *sc =
        LOAD(BASE "routers: [ { name: front, mode: weighted, backends: [west, part],\n"
                  "              weights: [3, 1] } ]\n"
                  "events:\n"
                  "  - { zone_down: { region: eastus, zone: 2 }, at: 10d, for: 6h }\n"
                  "  - { zone_down: { region: westus2, zone: 1 }, at: 11d, for: 1h }\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[R0], 1.0 - (30 * M + 45 * S) / HORIZON);
    ck_assert_uint_eq(r.outage_ms[R0].n, 0);
    ck_assert_uint_eq(r.switches[R0], 2);
    ASSERT_EXACT(r.availability[2], 1.0 - (6.0 / 3.0) / 720.0); /* part: 1/3 of 6 h lost */
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* router_down at 5 d for 2 h; east's zone down at 5 d + 30 m for 10 m meanwhile. The router
 * serves nothing for exactly 2 h (one outage), but its probes and decisions go on: east marked
 * down at 5 d + 31 m (switch), up at 5 d + 40 m (switch): 2 switches. */
START_TEST(router_down_probes_go_on)
{
    os_scenario *sc = LOAD(BASE "routers: [ { name: front, backends: [east, west] } ]\n"
                                "events:\n"
                                "  - { router_down: front, at: 5d, for: 2h }\n"
                                "  - { zone_down: { region: eastus, zone: 1 }, at: 5d 30m, "
                                "for: 10m }\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[R0], 1.0 - 2.0 / 720.0);
    ck_assert_uint_eq(r.outage_ms[R0].n, 1);
    ASSERT_EXACT(r.outage_ms[R0].v[0], 2 * H);
    ck_assert_uint_eq(r.switches[R0], 2);
    ASSERT_EXACT(r.availability[0], 1.0 - 10.0 / 43200.0); /* east itself: 10 m */
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* outer (listed first) = priority [inner, west]; inner = priority [east, west]. East's zone
 * down at 10 d for 1 h. inner fails over at 10 d + 60 s. outer probes inner at 10 d (fail 1),
 * 10 d + 30 s (2) and 10 d + 60 s, after inner's own probe of that millisecond: inner already
 * serves from west, so the probe succeeds and outer never marks inner down. outer: one
 * outage of 60 s, no switch; inner: 60 s, 2 switches. */
START_TEST(router_behind_router)
{
    os_scenario *sc = LOAD(BASE "routers:\n"
                                "  - { name: outer, backends: [inner, west] }\n"
                                "  - { name: inner, backends: [east, west] }\n"
                                "events: [ { zone_down: { region: eastus, zone: 1 }, at: 10d, "
                                "for: 1h } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    int outer = R0, inner = R0 + 1;
    ASSERT_EXACT(r.availability[outer], 1.0 - 60 * S / HORIZON);
    ck_assert_uint_eq(r.switches[outer], 0);
    ASSERT_EXACT(r.availability[inner], 1.0 - 60 * S / HORIZON);
    ck_assert_uint_eq(r.switches[inner], 2);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* failures.router: the router's own process, exponential 10 d up, fixed 1 h down; its
 * backends never fail, so its availability is the process's up fraction 240/241 (steady
 * start: every instant sees the long-run distribution). */
START_TEST(router_process_within_4_se)
{
    os_scenario *sc =
        LOAD(TOPO "simulation: { horizon: 30d, replications: 400, seed: 7 }\n"
                  "routers: [ { name: front, backends: [east, west], probe: { interval: 10m } } ]\n"
                  "failures:\n"
                  "  router: { time_to_failure: { dist: exponential, mean: 10d },\n"
                  "            time_to_repair: 1h }\n");
    os_run_result *res = NULL;
    os_error err;
    os_run_options opt = {.threads = 2};
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), 0);
    ASSERT_WITHIN_SE(res->routers[0].availability, 240.0 / 241.0, 4);
    ck_assert(res->routers[0].outages.mean > 0);
    os_run_result_free(res);
    os_scenario_free(sc);
}
END_TEST

/* Byte-identical figures for 1, 2 and 8 threads with routers and flows over stochastic zones,
 * regions and routers. */
START_TEST(threads_identical)
{
    os_scenario *sc =
        LOAD(TOPO "simulation: { horizon: 60d, replications: 24, seed: 3 }\n"
                  "routers:\n"
                  "  - { name: front, mode: weighted, backends: [east, west, part], switch: 2m,\n"
                  "      probe: { interval: 1m } }\n"
                  "  - { name: edge, backends: [front, west], probe: { interval: 2m } }\n"
                  "flows:\n"
                  "  - { name: app, all: [edge, { k_of_n: { k: 2, of: [east, west, part] } }] }\n"
                  "failures:\n"
                  "  zone: { time_to_failure: { dist: exponential, mean: 20d },\n"
                  "          time_to_repair: { dist: lognormal, median: 2h, sigma: 1 } }\n"
                  "  router: { time_to_failure: { dist: exponential, mean: 30d },\n"
                  "            time_to_repair: 10m }\n");
    os_run_result *res[3];
    int threads[3] = {1, 2, 8};
    os_error err;
    for (int i = 0; i < 3; i++) {
        os_run_options opt = {.threads = threads[i]};
        ck_assert_int_eq(os_run(sc, &opt, &res[i], &err), 0);
    }
    for (int i = 1; i < 3; i++) {
        ck_assert(!memcmp(res[0]->routers, res[i]->routers, 2 * sizeof *res[0]->routers));
        ck_assert(!memcmp(res[0]->flows, res[i]->flows, sizeof *res[0]->flows));
        ck_assert(!memcmp(res[0]->conn, res[i]->conn, 3 * sizeof *res[0]->conn));
    }
    ck_assert(res[0]->routers[0].switches.mean > 0);
    ck_assert(res[0]->flows[0].availability.mean < 1);
    for (int i = 0; i < 3; i++)
        os_run_result_free(res[i]);
    os_scenario_free(sc);
}
END_TEST

static Suite *router_suite(void)
{
    Suite *s = suite_create("router");
    TCase *det = tcase_create("deterministic");
    tcase_add_test(det, probe_counting_at_outage_start);
    tcase_add_test(det, probe_offset_and_failures);
    tcase_add_test(det, fail_open);
    tcase_add_test(det, switch_lag_second_change_during_lag);
    tcase_add_test(det, switch_after_horizon);
    tcase_add_test(det, weighted_partial_service);
    tcase_add_test(det, router_down_probes_go_on);
    tcase_add_test(det, router_behind_router);
    suite_add_tcase(s, det);
    TCase *st = tcase_create("stochastic");
    tcase_set_timeout(st, 120);
    tcase_add_test(st, router_process_within_4_se);
    tcase_add_test(st, threads_identical);
    suite_add_tcase(s, st);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(router_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
