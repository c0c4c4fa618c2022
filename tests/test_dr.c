/* test_dr.c — the connection service's disaster recovery (SPEC §1.6) on deterministic
 * scenarios: RTO, RPO, failovers, lost writes and control-plane availability derived by hand.
 *
 * Common set-up: primary westeurope (pair northeurope from the built-in table), health checks
 * every 10 m from 0, 3 failures to trigger, DNS remap 1 h, restore points every 24 h.
 * The region outage starts at 200d 07:00; a check at the same millisecond runs after it
 * (observations come after outage starts), so checks fail at 07:00, 07:10 and 07:20. */
#include <stdlib.h>

#include "helpers.h"

#define REGIONS                                                                                    \
    "simulation: { horizon: 365d }\n"                                                              \
    "regions: [ { name: West Europe, zones: 3 }, { name: North Europe, zones: 3 } ]\n"             \
    "computes:\n"                                                                                  \
    "  - { name: web, kind: app-service, region: westeurope, zone_redundant: true, instances: 3 "  \
    "}\n"                                                                                          \
    "  - { name: api, kind: app-service, region: northeurope, zone_redundant: true, instances: 3 " \
    "}\n"                                                                                          \
    "targets:\n"                                                                                   \
    "  - { name: blob, kind: storage-blob, region: westeurope, zone_redundant: true }\n"           \
    "  - { name: nblob, kind: storage-blob, region: northeurope, zone_redundant: true }\n"         \
    "connections:\n"                                                                               \
    "  - { name: web-blob, compute: web, target: blob }\n"                                         \
    "  - { name: api-nblob, compute: api, target: nblob }\n"

#define SC_BASE                                                                                    \
    "service_connector:\n"                                                                         \
    "  primary: westeurope\n"                                                                      \
    "  health_check: { interval: 10m, failures_to_trigger: 3 }\n"

#define OUTAGE_30H "events: [ { region_down: westeurope, at: 200d 7h, for: 30h } ]\n"

static const double HZN = 365 * D;

typedef struct dr_expect {
    uint64_t incidents, failovers;
    double rto[4];
    size_t n_rto;
    double rpo[4];
    size_t n_rpo;
} dr_expect;

static void check_dr(const os_rep_result *r, const dr_expect *e)
{
    ck_assert_uint_eq(r->incidents, e->incidents);
    ck_assert_uint_eq(r->failovers, e->failovers);
    ck_assert_uint_eq(r->rto_ms.n, e->n_rto);
    for (size_t i = 0; i < e->n_rto; i++)
        ASSERT_EXACT(r->rto_ms.v[i], e->rto[i]);
    ck_assert_uint_eq(r->rpo_ms.n, e->n_rpo);
    for (size_t i = 0; i < e->n_rpo; i++)
        ASSERT_EXACT(r->rpo_ms.v[i], e->rpo[i]);
}

/* Failover via health checks: third failure at 07:20 -> failover starts at once -> DNS
 * remapped at 08:20. RTO 1h20m; RPO = 07:00 - restore point at 200d 00:00 = 7 h.
 * Control plane of api-nblob (in northeurope) is down only while not serving: 1h20m.
 * web-blob's control plane is down for the whole 30 h region outage of its own region. */
START_TEST(failover_by_health_checks)
{
    os_scenario *sc = LOAD(REGIONS SC_BASE OUTAGE_30H);
    os_rep_result r;
    RUN_ONE(sc, &r);
    dr_expect e = {1, 1, {80 * 60e3}, 1, {7 * H}, 1};
    check_dr(&r, &e);
    ASSERT_EXACT(r.cp_availability[1], 1.0 - (80 * 60e3) / HZN);
    ASSERT_EXACT(r.cp_availability[0], 1.0 - 30 * H / HZN);
    ASSERT_EXACT(r.availability[1], 1.0); /* data plane does not depend on the service */
    ck_assert(r.lost_writes == 0);        /* no workload */
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* Declared 15 m after the outage starts, before the third check: failover 07:15 -> 08:15.
 * RTO 1h15m, RPO 7 h. */
START_TEST(failover_by_declaration)
{
    os_scenario *sc =
        LOAD(REGIONS SC_BASE "  triggers: { outage_declared_after: 15m }\n" OUTAGE_30H);
    os_rep_result r;
    RUN_ONE(sc, &r);
    dr_expect e = {1, 1, {75 * 60e3}, 1, {7 * H}, 1};
    check_dr(&r, &e);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* An injected customer report at 07:05 wins over the checks: 07:05 -> 08:05, RTO 1h05m. */
START_TEST(failover_by_customer_report)
{
    os_scenario *sc =
        LOAD(REGIONS SC_BASE "events: [ { region_down: westeurope, at: 200d 7h, for: 30h },\n"
                             "  { customer_report: West Europe, at: 200d 7h 5m },\n"
                             "  { outage_declared: westeurope, at: 200d 7h 6m } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    dr_expect e = {1, 1, {65 * 60e3}, 1, {7 * H}, 1};
    check_dr(&r, &e);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* A 20 m outage from 07:05: checks fail at 07:10 and 07:20 only -> no failover; serving again
 * at 07:25. RTO 20 m, RPO 0 (no failover). */
START_TEST(outage_too_short_to_trigger)
{
    os_scenario *sc =
        LOAD(REGIONS SC_BASE "events: [ { region_down: westeurope, at: 200d 7h 5m, for: 20m } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    dr_expect e = {1, 0, {20 * 60e3}, 1, {0}, 1};
    check_dr(&r, &e);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* The target region northeurope is down 06:00-09:00: triggered at 07:20, the failover waits
 * until 09:00, then takes 1 h -> serving at 10:00. RTO 3 h, RPO 7 h. */
START_TEST(failover_waits_for_target)
{
    os_scenario *sc =
        LOAD(REGIONS SC_BASE "events: [ { region_down: westeurope, at: 200d 7h, for: 30h },\n"
                             "  { region_down: northeurope, at: 200d 6h, for: 3h } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    /* northeurope's own outage is not an incident (the service is active in westeurope) */
    dr_expect e = {1, 1, {3 * H}, 1, {7 * H}, 1};
    check_dr(&r, &e);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* decision_delay 1 h: triggered at 07:20, would start at 08:20, but westeurope recovers at
 * 07:40 -> cancelled. RTO 40 m, RPO 0, no failover. */
START_TEST(cancelled_failover)
{
    os_scenario *sc =
        LOAD(REGIONS SC_BASE "  failover: { decision_delay: 1h }\n"
                             "events: [ { region_down: westeurope, at: 200d 7h, for: 40m } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    dr_expect e = {1, 0, {40 * 60e3}, 1, {0}, 1};
    check_dr(&r, &e);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* Two-step chain East US 2 EUAP -> East US -> West US 2 (built-in directed pairs).
 * EUAP down from 07:00, East US down from 07:50 (both 30 h). Checks fail 07:00/07:10/07:20
 * -> failover to East US 07:20-08:20 (count held at 3 meanwhile). At 08:20 the failover
 * completes (platform class) before the 08:20 check, which then fails (East US is down):
 * count 4 >= 3 -> failover to West US 2, 08:20-09:20. RTO 2h20m; two failovers, each RPO 7 h. */
START_TEST(two_step_chain)
{
    os_scenario *sc = LOAD(
        "simulation: { horizon: 365d }\n"
        "regions: [ { name: East US 2 EUAP, zones: 3 }, { name: East US }, { name: West US 2 } ]\n"
        "computes: [ { name: web, kind: app-service, region: eastus, instances: 1 } ]\n"
        "targets: [ { name: kv, kind: keyvault, region: eastus, zone_redundant: true } ]\n"
        "connections: [ { name: web-kv, compute: web, target: kv } ]\n"
        "service_connector: { primary: East US 2 EUAP }\n"
        "events: [ { region_down: eastus2euap, at: 200d 7h, for: 30h },\n"
        "  { region_down: East US, at: 200d 7h 50m, for: 30h } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    dr_expect e = {1, 2, {140 * 60e3}, 1, {7 * H, 7 * H}, 2};
    check_dr(&r, &e);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* Failback after 24 h with 10 m downtime: westeurope is back at 201d 13:00, so at 202d 13:00
 * the service switches back and is not serving until 13:10 (not an incident).
 * api-nblob control plane: down 1h20m (incident) + 10 m (failback) = 90 m. */
START_TEST(failback)
{
    os_scenario *sc =
        LOAD(REGIONS SC_BASE "  failback: { after: 24h, downtime: 10m }\n" OUTAGE_30H);
    os_rep_result r;
    RUN_ONE(sc, &r);
    dr_expect e = {1, 1, {80 * 60e3}, 1, {7 * H}, 1};
    check_dr(&r, &e);
    ASSERT_EXACT(r.cp_availability[1], 1.0 - (90 * 60e3) / HZN);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* Manual mode: 6 h instead of the DNS remap -> 07:20 + 6 h = 13:20, RTO 6h20m.
 * With underlying services (longest 2 h) on top of the automatic remap: 07:20 + 1 h + 2 h
 * -> RTO 3h20m. */
START_TEST(manual_mode_and_underlying)
{
    os_scenario *sc =
        LOAD(REGIONS SC_BASE "  failover: { mode: manual, manual_duration: 6h }\n" OUTAGE_30H);
    os_rep_result r;
    RUN_ONE(sc, &r);
    dr_expect e = {1, 1, {380 * 60e3}, 1, {7 * H}, 1};
    check_dr(&r, &e);
    os_rep_result_free(&r);
    os_scenario_free(sc);

    sc = LOAD(REGIONS SC_BASE
              "  failover: { underlying: { metadata-db: 2h, key-store: 30m } }\n" OUTAGE_30H);
    RUN_ONE(sc, &r);
    dr_expect e2 = {1, 1, {200 * 60e3}, 1, {7 * H}, 1};
    check_dr(&r, &e2);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* Continuous replication (backup interval 0): RPO 0. Lost writes with a workload of 60
 * operations per hour, 30 % writes, 24 h restore points: the ops at k minutes in
 * [200d 00:00, 200d 07:00) number 7 x 60 = 420 -> 0.3 x 420 = 126 writes lost. */
START_TEST(continuous_replication_and_lost_writes)
{
    os_scenario *sc =
        LOAD(REGIONS SC_BASE "  backup: { interval: 0 }\n"
                             "  operations: { rate: 60/h, writes: 30% }\n" OUTAGE_30H);
    os_rep_result r;
    RUN_ONE(sc, &r);
    dr_expect e = {1, 1, {80 * 60e3}, 1, {0}, 1};
    check_dr(&r, &e);
    ASSERT_EXACT(r.lost_writes, 0.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);

    sc = LOAD(REGIONS SC_BASE "  operations: { rate: 60/h, writes: 30% }\n" OUTAGE_30H);
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.lost_writes, 126.0);
    /* operations that succeeded on api-nblob: ops at minutes 0..525599 = 525600; those in
     * [07:00, 08:20) failed = 80 -> (525600 - 80) / 525600 */
    ASSERT_EXACT(r.ops_success[1], (525600.0 - 80.0) / 525600.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* An incident still open at the horizon counts with its RTO cut there: westeurope down from
 * 364d 23:00 with a 3 h decision delay -> no failover before the horizon; RTO 1 h; RPO 0. */
START_TEST(open_incident_at_horizon)
{
    os_scenario *sc =
        LOAD(REGIONS SC_BASE "  failover: { decision_delay: 3h }\n"
                             "events: [ { region_down: westeurope, at: 364d 23h, for: 30h } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    dr_expect e = {1, 0, {1 * H}, 1, {0}, 1};
    check_dr(&r, &e);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* A failback interrupted by a new outage of the primary. After the first incident (failover
 * 07:20-08:20, RTO 1h20m, RPO 7h) westeurope is back at 201d 13:00; the failback (1 h downtime)
 * starts at 202d 13:00 with westeurope active. westeurope goes down again at 13:30: a second
 * incident starts then. The failback still completes at 14:00; checks are held until then, so
 * they fail at 14:00, 14:10, 14:20 -> failover to northeurope 14:20-15:20: RTO 1h50m,
 * RPO 13:30 - 00:00 = 13h30m. westeurope is back at 15:30; the next failback at 203d 15:30
 * takes another hour. Not serving in all: 80 m + (13:00-15:20) 140 m + 60 m = 280 m, which is
 * api-nblob's control-plane loss (its own region never goes down). */
START_TEST(failback_interrupted_by_primary_outage)
{
    os_scenario *sc =
        LOAD(REGIONS SC_BASE "  failback: { after: 24h, downtime: 1h }\n"
                             "events: [ { region_down: westeurope, at: 200d 7h, for: 30h },\n"
                             "  { region_down: westeurope, at: 202d 13h 30m, for: 2h } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    dr_expect e = {2, 2, {80 * 60e3, 110 * 60e3}, 2, {7 * H, 13.5 * H}, 2};
    check_dr(&r, &e);
    ASSERT_EXACT(r.cp_availability[1], 1.0 - (280 * 60e3) / HZN);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* Triggers that name another region, or come when there is no incident, are ignored: a
 * customer report for northeurope at 07:05 does not fail over, nor does a declaration for
 * westeurope the day before; the checks do at 07:20 (RTO 1h20m). */
START_TEST(triggers_for_other_regions_are_ignored)
{
    os_scenario *sc =
        LOAD(REGIONS SC_BASE "events: [ { region_down: westeurope, at: 200d 7h, for: 30h },\n"
                             "  { customer_report: northeurope, at: 200d 7h 5m },\n"
                             "  { outage_declared: westeurope, at: 199d } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    dr_expect e = {1, 1, {80 * 60e3}, 1, {7 * H}, 1};
    check_dr(&r, &e);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* The run result keeps the pooled values behind RTO and RPO (the HTML report's histograms): the
 * injected outage of failover_by_health_checks in each of 3 replications gives one incident each,
 * RTO 1h20m and RPO 7 h every time, so each array holds 3 equal values in ms; a run without the
 * service keeps none. */
START_TEST(run_keeps_rto_rpo_values)
{
    os_scenario *sc = LOAD(REGIONS SC_BASE OUTAGE_30H);
    os_run_options opt = {.replications = 3, .threads = 1};
    os_run_result *res = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), 0);
    ck_assert_uint_eq(res->rto.n, 3);
    ck_assert_uint_eq(res->rpo.n, 3);
    ck_assert_ptr_nonnull(res->rto_ms);
    ck_assert_ptr_nonnull(res->rpo_ms);
    for (size_t i = 0; i < 3; i++) {
        ASSERT_EXACT(res->rto_ms[i], 80 * 60e3);
        ASSERT_EXACT(res->rpo_ms[i], 7 * H);
    }
    os_run_result_free(res);
    os_scenario_free(sc);
    sc = LOAD(REGIONS OUTAGE_30H);
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), 0);
    ck_assert_ptr_null(res->rto_ms);
    ck_assert_ptr_null(res->rpo_ms);
    os_run_result_free(res);
    os_scenario_free(sc);
}
END_TEST

static Suite *dr_suite(void)
{
    Suite *s = suite_create("dr");
    TCase *tc = tcase_create("deterministic");
    tcase_add_test(tc, failover_by_health_checks);
    tcase_add_test(tc, failover_by_declaration);
    tcase_add_test(tc, failover_by_customer_report);
    tcase_add_test(tc, outage_too_short_to_trigger);
    tcase_add_test(tc, failover_waits_for_target);
    tcase_add_test(tc, cancelled_failover);
    tcase_add_test(tc, two_step_chain);
    tcase_add_test(tc, failback);
    tcase_add_test(tc, manual_mode_and_underlying);
    tcase_add_test(tc, continuous_replication_and_lost_writes);
    tcase_add_test(tc, open_incident_at_horizon);
    tcase_add_test(tc, failback_interrupted_by_primary_outage);
    tcase_add_test(tc, triggers_for_other_regions_are_ignored);
    tcase_add_test(tc, run_keeps_rto_rpo_values);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(dr_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
