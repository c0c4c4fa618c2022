/* test_sim.c — the zone/region outage model on deterministic scenarios, with expected values
 * derived by hand in the comments (SPEC §1.1–§1.5). */
#include <stdlib.h>

#include "helpers.h"

/* One region of three zones; `web` pinned to zone 1; `blob` zone-redundant. */
#define BASE                                                                                       \
    "simulation: { horizon: 30d }\n"                                                               \
    "regions: [ { name: westeurope, zones: 3 }, { name: northeurope, zones: 3 } ]\n"               \
    "computes:\n"                                                                                  \
    "  - { name: web, kind: app-service, region: westeurope, zone: 1, instances: 2 }\n"            \
    "  - { name: zr, kind: app-service, region: westeurope, zone_redundant: true,\n"               \
    "      instances: 6, required_instances: 5 }\n"                                                \
    "  - { name: jobs, kind: container-apps, region: westeurope, zone: 3, instances: 2,\n"         \
    "      relocate_on_zone_loss: true }\n"                                                        \
    "targets:\n"                                                                                   \
    "  - { name: blob, kind: storage-blob, region: westeurope, zone_redundant: true }\n"           \
    "  - { name: sql, kind: sql, region: westeurope, zone: 2 }\n"                                  \
    "  - { name: far, kind: sql, region: northeurope, zone_redundant: true }\n"                    \
    "connections:\n"                                                                               \
    "  - { name: web-blob, compute: web, target: blob }\n"                                         \
    "  - { name: zr-blob, compute: zr, target: blob }\n"                                           \
    "  - { name: jobs-blob, compute: jobs, target: blob }\n"                                       \
    "  - { name: zr-sql, compute: zr, target: sql }\n"                                             \
    "  - { name: zr-far, compute: zr, target: far }\n"

enum { WEB_BLOB, ZR_BLOB, JOBS_BLOB, ZR_SQL, ZR_FAR };

START_TEST(nothing_happens)
{
    os_scenario *sc = LOAD(BASE);
    os_rep_result r;
    RUN_ONE(sc, &r);
    for (int i = 0; i < 5; i++) {
        ck_assert(r.availability[i] == 1.0);
        ck_assert(r.cp_availability[i] == 1.0);
        ck_assert(r.sla_compliance[i] == 1.0);
        ck_assert_uint_eq(r.outage_ms[i].n, 0);
    }
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* Zone 1 down for 6 h of a 30 d horizon:
 * - web-blob (web pinned to zone 1, not relocated): down 6 h -> 1 - 6/720; one outage of 6 h;
 *   its only 30 d window is at 1 - 6/720 < 99.9 % -> compliance 0; control plane is about the
 *   region and the target's management API, both fine -> 1.
 * - zr-blob: 6 instances over 3 zones (2 each), required 5. Zone 1 loses 2 -> 4 live ->
 *   served 4/5 for detection 5m + provisioning 10m = 15 m, then 2 replacements -> full.
 *   Lost: 0.2 x 15 m = 3 m -> 1 - 3/43200. Never down -> no outage.
 * - jobs-blob (zone 3): untouched -> 1. */
START_TEST(zone_outage_pinned_and_zone_redundant)
{
    os_scenario *sc = LOAD(BASE "events: [ { zone_down: { region: westeurope, zone: 1 }, "
                                "at: 10d, for: 6h } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[WEB_BLOB], 1.0 - 6.0 / 720.0);
    ck_assert_uint_eq(r.outage_ms[WEB_BLOB].n, 1);
    ASSERT_EXACT(r.outage_ms[WEB_BLOB].v[0], 6 * H);
    ASSERT_EXACT(r.sla_compliance[WEB_BLOB], 0.0);
    ASSERT_EXACT(r.cp_availability[WEB_BLOB], 1.0);
    ASSERT_EXACT(r.availability[ZR_BLOB], 1.0 - 3.0 / 43200.0);
    ck_assert_uint_eq(r.outage_ms[ZR_BLOB].n, 0);
    ASSERT_EXACT(r.sla_compliance[ZR_BLOB], 1.0); /* 1 - 3/43200 = 99.993 % >= 99.9 % */
    ASSERT_EXACT(r.availability[JOBS_BLOB], 1.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* Zone 3 down 4 h: jobs (pinned to 3, relocate_on_zone_loss) is down until its replacements
 * arrive in zone 1 after 5m + 10m, then serves from zone 1 (a replica is created there):
 * one outage of 15 m -> 1 - 15/43200. */
START_TEST(relocation_after_provisioning)
{
    os_scenario *sc = LOAD(BASE "events: [ { zone_down: { region: westeurope, zone: 3 }, "
                                "at: 5d, for: 4h } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[JOBS_BLOB], 1.0 - 15.0 / 43200.0);
    ck_assert_uint_eq(r.outage_ms[JOBS_BLOB].n, 1);
    ASSERT_EXACT(r.outage_ms[JOBS_BLOB].v[0], 15 * 60 * 1000.0);
    ASSERT_EXACT(r.availability[WEB_BLOB], 1.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* The non-zone-redundant target `sql` lives in zone 2: a 6 h zone-2 outage takes zr-sql's data
 * plane and control plane down for 6 h (1 - 6/720 each); zr-blob only loses capacity (4 of 5
 * for 15 m -> 1 - 3/43200). */
START_TEST(non_zone_redundant_target)
{
    os_scenario *sc = LOAD(BASE "events: [ { zone_down: { region: westeurope, zone: 2 }, "
                                "at: 1d, for: 6h } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[ZR_SQL], 1.0 - 6.0 / 720.0);
    ASSERT_EXACT(r.cp_availability[ZR_SQL], 1.0 - 6.0 / 720.0);
    ASSERT_EXACT(r.availability[ZR_BLOB], 1.0 - 3.0 / 43200.0);
    ASSERT_EXACT(r.cp_availability[ZR_BLOB], 1.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* A 12 h outage of the target's region (northeurope) in a 365 d horizon costs zr-far exactly
 * 12/8760 of data plane and of control plane. */
START_TEST(target_region_outage)
{
    os_scenario *sc = LOAD(BASE "events: [ { region_down: northeurope, at: 100d, for: 12h } ]\n"
                                "sla: { window: 365d }\n");
    sc->sim.horizon = 365 * (os_ms)D;
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[ZR_FAR], 1.0 - 12.0 / 8760.0);
    ASSERT_EXACT(r.cp_availability[ZR_FAR], 1.0 - 12.0 / 8760.0);
    ASSERT_EXACT(r.availability[ZR_BLOB], 1.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* Overlapping outages of zone 1: [10d, 10d+6h) and [10d+3h, 10d+9h) -> one outage of 9 h.
 * Outages meeting end to start: [20d, 20d+1h) then [20d+1h, 20d+2h) -> one outage of 2 h
 * (state is judged after outage ends and starts of the same millisecond). Total 11 h. */
START_TEST(overlapping_and_adjacent_outages_merge)
{
    os_scenario *sc =
        LOAD(BASE "events:\n"
                  "  - { zone_down: { region: westeurope, zone: 1 }, at: 10d, for: 6h }\n"
                  "  - { zone_down: { region: westeurope, zone: 1 }, at: 10d 3h, for: 6h }\n"
                  "  - { zone_down: { region: westeurope, zone: 1 }, at: 20d, for: 1h }\n"
                  "  - { zone_down: { region: westeurope, zone: 1 }, at: 20d 1h, for: 1h }\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[WEB_BLOB], 1.0 - 11.0 / 720.0);
    ck_assert_uint_eq(r.outage_ms[WEB_BLOB].n, 2);
    ASSERT_EXACT(r.outage_ms[WEB_BLOB].v[0], 9 * H);
    ASSERT_EXACT(r.outage_ms[WEB_BLOB].v[1], 2 * H);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* An outage still active at the horizon is cut there: zone 1 down from 29d 20h for 10h in a
 * 30 d horizon -> 4 h down, one outage of 4 h. An event at the horizon never happens. */
START_TEST(cut_at_horizon)
{
    os_scenario *sc =
        LOAD(BASE "events:\n"
                  "  - { zone_down: { region: westeurope, zone: 1 }, at: 29d 20h, for: 10h }\n"
                  "  - { zone_down: { region: westeurope, zone: 1 }, at: 30d, for: 1h }\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[WEB_BLOB], 1.0 - 4.0 / 720.0);
    ck_assert_uint_eq(r.outage_ms[WEB_BLOB].n, 1);
    ASSERT_EXACT(r.outage_ms[WEB_BLOB].v[0], 4 * H);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* SLA windows: horizon 65 d, window 30 d -> windows [0,30d), [30d,60d), [60d,65d). A 1 h
 * outage at 40d puts window 2 at 1 - 1/720 = 99.861 % < 99.9 % -> 2 of 3 comply.
 * A window exactly at the target complies: 43.2 min = 2592000 ms in a 30 d window is
 * exactly 0.1 % -> 99.9 %. */
START_TEST(sla_windows)
{
    os_scenario *sc =
        LOAD(BASE "events: [ { zone_down: { region: westeurope, zone: 1 }, "
                  "at: 40d, for: 1h },\n"
                  "  { zone_down: { region: westeurope, zone: 1 }, at: 5d, for: 43m 12s } ]\n");
    sc->sim.horizon = 65 * (os_ms)D;
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.sla_compliance[WEB_BLOB], 2.0 / 3.0);
    ASSERT_EXACT(r.availability[WEB_BLOB], 1.0 - (1 * H + 2592000.0) / (65 * D));
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* The SLA-window boundary (issue 18): a window whose availability is exactly the target meets
 * it. 99.99 % of a 30 d window (2,592,000,000 ms) allows exactly 259,200 ms (4m 19.2s) of
 * downtime. The loader reads "99.99%" as the double nearest 0.9999, which is 1.1e-17 ABOVE
 * 0.9999, so target x window = 2,591,740,800.0000000285 ms while the window was up for exactly
 * 2,591,740,800 ms: without the rounding slack of the window comparison (sim_window_meets,
 * engine/cost.c: half a unit-ms for connections, 1e-9 of the window for flows and routers) this
 * window would miss its target. Checked by hand: with the connections' slack (0.5L in
 * sim_conn_window) set to 0 the web-blob assertion fails, with the flows' (1e-9L x len in
 * sim_ent_window) set to 0 the flow assertion fails (compliance 0 instead of 0.5 each).
 * Horizon 60 d: window 1 [0, 30 d) has the outage of exactly 259,200 ms at 5 d (web pinned to
 * zone 1 serves nothing while the zone is down): meets; window 2 [30 d, 60 d) has 259,203 ms
 * at 40 d, 3 ms over (more than the flows' slack of 2.592 ms): misses. Compliance 1/2 for
 * web-blob and for the flow over it. */
START_TEST(sla_window_exactly_at_target)
{
    os_scenario *sc = LOAD(
        BASE "sla: { availability: 99.99%, window: 30d }\n"
             "flows: [ { name: f, all: [web-blob] } ]\n"
             "events: [ { zone_down: { region: westeurope, zone: 1 }, "
             "at: 5d, for: 4m 19s 200ms },\n"
             "  { zone_down: { region: westeurope, zone: 1 }, at: 40d, for: 4m 19s 203ms } ]\n");
    sc->sim.horizon = 60 * (os_ms)D;
    const size_t flow = sc->n_connections; /* entity ids: connections, routers (none), flows */
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[WEB_BLOB], 1.0 - (259200.0 + 259203.0) / (60 * D));
    ck_assert(r.sla_compliance[WEB_BLOB] == 0.5);
    ASSERT_EXACT(r.availability[flow], 1.0 - (259200.0 + 259203.0) / (60 * D));
    ck_assert(r.sla_compliance[flow] == 0.5);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* os_sim_set_event_limit: zones failing every minute or so for a minute make about 30 d / 2 min
 * x 3 zones x 2 events = 64,800 events in 30 d; a budget of 1000 stops the replication with
 * OS_ERR_LIMIT naming the budget, 0 restores the default limit and the run completes. */
START_TEST(event_budget)
{
    os_scenario *sc =
        LOAD(BASE "failures:\n  zone:\n    time_to_failure: { dist: exponential, mean: 1m }\n"
                  "    time_to_repair: { dist: exponential, mean: 1m }\n");
    os_error err;
    os_sim *sim = os_sim_new(sc, &err);
    ck_assert_ptr_nonnull(sim);
    os_rep_result r;
    ck_assert_int_eq(os_rep_result_init(&r, sc->n_connections), 0);
    os_sim_set_event_limit(sim, 1000);
    ck_assert_int_eq(os_sim_run(sim, 1, 0, &r, NULL, NULL, &err), OS_ERR_LIMIT);
    ck_assert_msg(strstr(err.msg, "replication 0 exceeded 1000 events"), "%s", err.msg);
    os_sim_set_event_limit(sim, 0);
    ck_assert_int_eq(os_sim_run(sim, 1, 0, &r, NULL, NULL, &err), 0);
    ck_assert_uint_gt(r.events, 1000);
    os_rep_result_free(&r);
    os_sim_free(sim);
    os_scenario_free(sc);
}
END_TEST

/* A region outage takes all zones of westeurope down for 2 h at 3d: every westeurope
 * connection is down 2 h (zr has no up zone to place replacements in), control plane too. */
START_TEST(region_outage_takes_every_zone)
{
    os_scenario *sc = LOAD(BASE "events: [ { region_down: westeurope, at: 3d, for: 2h } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    for (int i = WEB_BLOB; i <= ZR_FAR; i++) {
        ASSERT_EXACT(r.availability[i], 1.0 - 2.0 / 720.0);
        ASSERT_EXACT(r.cp_availability[i], 1.0 - 2.0 / 720.0);
        ck_assert_uint_eq(r.outage_ms[i].n, 1);
    }
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* surge_limit 1 with required 5: zone 1 down 6 h -> 4 live (0.8) for 15 m, then only one
 * replacement -> 5 live (full). Lost 0.2 x 15 m = 3 m, as before; with surge 0: 0.8 for 6 h
 * -> lost 0.2 x 6 h = 72 m -> 1 - 72/43200. */
START_TEST(surge_limit)
{
    os_scenario *sc = LOAD(BASE "platform: { surge_limit: 0 }\n"
                                "events: [ { zone_down: { region: westeurope, zone: 1 }, "
                                "at: 10d, for: 6h } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[ZR_BLOB], 1.0 - 72.0 / 43200.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* rebalance_delay 30m: replacements stay 30 m after zone 1 returns; nothing changes for
 * availability (capacity is capped at required), and a second loss of zone 2 during those
 * 30 m finds the replacements (in zones 2 and 3) ... zone 2 loses 2 originals + 1 replacement:
 * live = 2 (zone 1) + 2 (zone 3) + 1 (replacement in 3) = 5 -> full. So availability stays
 * 1 - 3/43200 from the first loss only. */
START_TEST(rebalance_delay_keeps_replacements)
{
    os_scenario *sc =
        LOAD(BASE "platform: { rebalance_delay: 30m }\n"
                  "events: [ { zone_down: { region: westeurope, zone: 1 }, "
                  "at: 10d, for: 6h },\n"
                  "  { zone_down: { region: westeurope, zone: 2 }, at: 10d 6h 10m, for: 1h } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[ZR_BLOB], 1.0 - 3.0 / 43200.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

static Suite *sim_suite(void)
{
    Suite *s = suite_create("sim");
    TCase *tc = tcase_create("deterministic");
    tcase_add_test(tc, nothing_happens);
    tcase_add_test(tc, zone_outage_pinned_and_zone_redundant);
    tcase_add_test(tc, relocation_after_provisioning);
    tcase_add_test(tc, non_zone_redundant_target);
    tcase_add_test(tc, target_region_outage);
    tcase_add_test(tc, overlapping_and_adjacent_outages_merge);
    tcase_add_test(tc, cut_at_horizon);
    tcase_add_test(tc, sla_windows);
    tcase_add_test(tc, sla_window_exactly_at_target);
    tcase_add_test(tc, event_budget);
    tcase_add_test(tc, region_outage_takes_every_zone);
    tcase_add_test(tc, surge_limit);
    tcase_add_test(tc, rebalance_delay_keeps_replacements);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sim_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
