/* test_groups.c — common-cause groups and incident traces (SPEC §5.3, §5.4): closed forms by
 * simulation (4 standard errors), injected group outages and trace replay to the millisecond,
 * and bootstrap invariants. */
#include <stdlib.h>
#include <unistd.h>

#include "helpers.h"

static os_run_result *run(const os_scenario *sc, uint64_t reps)
{
    os_run_options opt = {.replications = reps, .threads = 2};
    os_run_result *res = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_msg(os_run(sc, &opt, &res, &err) == 0, "os_run: %s", err.msg);
    return res;
}

/* Three zones of unavailability q = 1/6 each (TTF 10 d, TTR 2 d), a group over zones 1 and 2
 * of unavailability g = 1/11 (TTF 20 d, TTR 2 d). A zone-redundant path needs one zone up:
 * A = 1 - q (g + (1 - g) q^2) = 1 - (1/6)(1/11 + (10/11)(1/36)). */
START_TEST(group_over_two_of_three_zones)
{
    os_scenario *sc =
        LOAD("simulation: { horizon: 365d, seed: 9 }\n"
             "regions: [ { name: r1, zones: 3 } ]\n"
             "computes: [ { name: web, kind: app-service, region: r1, zone_redundant: true, "
             "instances: 3 } ]\n"
             "targets: [ { name: t, kind: storage-blob, region: r1, zone_redundant: true } ]\n"
             "connections: [ { name: c, compute: web, target: t } ]\n"
             "platform: { surge_limit: 0 }\n"
             "failures:\n"
             "  zone: { time_to_failure: { dist: exponential, mean: 10d },\n"
             "          time_to_repair: { dist: exponential, mean: 2d } }\n"
             "  common_cause:\n"
             "    - name: cooling\n"
             "      members: [ { region: r1, zone: 1 }, { region: r1, zone: 2 } ]\n"
             "      time_to_failure: { dist: exponential, mean: 20d }\n"
             "      time_to_repair: { dist: lognormal, median: 1d, sigma: 0.5 }\n");
    /* lognormal median 1 d, sigma 0.5 -> mean e^0.125 d; g = m / (20 + m) */
    double m = exp(0.125), g = m / (20.0 + m), q = 1.0 / 6.0;
    os_run_result *r = run(sc, 1500);
    ASSERT_WITHIN_SE(r->conn[0].availability, 1.0 - q * (g + (1.0 - g) * q * q), 4);
    os_run_result_free(r);
    os_scenario_free(sc);
}
END_TEST

/* Two zones that only fail together (no zone processes, one group over both) behave like one
 * component: a zone-redundant path over them has A = 30 / (30 + 1) for TTF 30 d, TTR 1 d. */
START_TEST(zones_failing_together_are_one_component)
{
    os_scenario *sc =
        LOAD("simulation: { horizon: 365d, seed: 10 }\n"
             "regions: [ { name: r1, zones: 2 } ]\n"
             "computes: [ { name: web, kind: app-service, region: r1, zone_redundant: true, "
             "instances: 2 } ]\n"
             "targets: [ { name: t, kind: storage-blob, region: r1, zone_redundant: true } ]\n"
             "connections: [ { name: c, compute: web, target: t } ]\n"
             "failures:\n"
             "  common_cause:\n"
             "    - name: both\n"
             "      members: [ { region: r1, zone: 1 }, { region: r1, zone: 2 } ]\n"
             "      time_to_failure: { dist: exponential, mean: 30d }\n"
             "      time_to_repair: { dist: exponential, mean: 1d }\n");
    os_run_result *r = run(sc, 1500);
    ASSERT_WITHIN_SE(r->conn[0].availability, 30.0 / 31.0, 4);
    os_run_result_free(r);
    os_scenario_free(sc);
}
END_TEST

/* An injected group outage over a whole region drives disaster recovery like any region
 * outage: westeurope down at 200d 07:00 for 30 h through the group -> failover via health
 * checks at 07:20, serving at 08:20: RTO 1h20m, RPO 7 h; also zone 1 of northeurope down
 * (member) does not stop the failover target being healthy. */
START_TEST(group_down_drives_dr)
{
    os_scenario *sc = LOAD(
        "simulation: { horizon: 365d }\n"
        "regions: [ { name: westeurope, zones: 3 }, { name: northeurope, zones: 3 } ]\n"
        "computes: [ { name: web, kind: app-service, region: northeurope, zone: 2, instances: 1 } "
        "]\n"
        "targets: [ { name: t, kind: storage-blob, region: northeurope, zone_redundant: true } ]\n"
        "connections: [ { name: c, compute: web, target: t } ]\n"
        "service_connector: { primary: westeurope }\n"
        "failures:\n"
        "  common_cause:\n"
        "    - name: power\n"
        "      members: [ { region: westeurope }, { region: northeurope, zone: 1 } ]\n"
        "      time_to_failure: { dist: exponential, mean: 1000y }\n"
        "      time_to_repair: 1h\n"
        "events: [ { group_down: power, at: 200d 7h, for: 30h } ]\n");
    sc->sim.start = OS_START_ALL_UP; /* keep the group's own process out of the way */
    sc->groups[0].ttf = os_dist_fixed(999 * (os_ms)(365 * D));
    os_rep_result r;
    RUN_ONE(sc, &r);
    ck_assert_uint_eq(r.incidents, 1);
    ck_assert_uint_eq(r.failovers, 1);
    ASSERT_EXACT(r.rto_ms.v[0], 80 * 60e3);
    ASSERT_EXACT(r.rpo_ms.v[0], 7 * H);
    /* the connection is in northeurope zone 2: untouched by the group */
    ASSERT_EXACT(r.availability[0], 1.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert(f != NULL);
    fputs(text, f);
    fclose(f);
}

/* Replay of a small trace, to the millisecond. Horizon defaults to the trace span:
 * origin to the last outage end = 20d + 2h = 482 h.
 *   zone westeurope/1 down [1d, 1d 6h)        -> web (pinned to zone 1) down 6 h
 *   region westeurope down [10d, 10d 3h)      -> down 3 h; DR: checks fail at 10d 00:00,
 *                                               00:10, 00:20 -> failover 00:20 -> 01:20:
 *                                               RTO 1h20m, RPO 0 (restore point at 10d 00:00)
 *   zone westeurope/1 down [20d, 20d 2h)      -> down 2 h
 * web-t availability = 1 - 11/482; three outages of 6 h, 3 h, 2 h. */
START_TEST(trace_replay_exact)
{
    char dir[] = "/tmp/os-trace-XXXXXX";
    ck_assert(mkdtemp(dir) != NULL);
    char csv[256], yaml[256];
    snprintf(csv, sizeof csv, "%s/incidents.csv", dir);
    snprintf(yaml, sizeof yaml, "%s/s.yaml", dir);
    write_file(csv, "# illustrative, not real history\n"
                    "start,duration,region,zone\n"
                    "1d,6h,westeurope,1\n"
                    "10d,3h,westeurope,\n"
                    "20d,2h,westeurope,1\n");
    write_file(
        yaml,
        "regions: [ { name: westeurope, zones: 3 }, { name: northeurope, zones: 3 } ]\n"
        "computes: [ { name: web, kind: app-service, region: westeurope, zone: 1, instances: 1 } "
        "]\n"
        "targets: [ { name: t, kind: storage-blob, region: westeurope, zone_redundant: true } ]\n"
        "connections: [ { name: web-t, compute: web, target: t } ]\n"
        "service_connector: { primary: westeurope }\n"
        "failures: { trace: { file: incidents.csv, mode: replay } }\n");
    os_scenario *sc = NULL;
    os_error err;
    ck_assert_int_eq(os_scenario_load(yaml, NULL, 0, &sc, &err), 0);
    ck_assert_int_eq(sc->sim.horizon, (os_ms)(482 * H));
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[0], 1.0 - 11.0 / 482.0);
    ck_assert_uint_eq(r.outage_ms[0].n, 3);
    ASSERT_EXACT(r.outage_ms[0].v[0], 6 * H);
    ASSERT_EXACT(r.outage_ms[0].v[1], 3 * H);
    ASSERT_EXACT(r.outage_ms[0].v[2], 2 * H);
    ck_assert_uint_eq(r.incidents, 1);
    ck_assert_uint_eq(r.failovers, 1);
    ASSERT_EXACT(r.rto_ms.v[0], 80 * 60e3);
    ASSERT_EXACT(r.rpo_ms.v[0], 0.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);
    unlink(csv);
    unlink(yaml);
    rmdir(dir);
}
END_TEST

/* Bootstrap: blocks of 10 d cut from a 40 d trace with one 4 h zone outage per 10 d block
 * (a pinned app sees every one). Every replication's outages come from the trace (so each
 * lasts exactly 4 h, none cut since none crosses a block edge), and the downtime per year
 * matches the trace's rate: 4 h every 10 d -> A = 1 - 4/240, with zero spread. */
START_TEST(trace_bootstrap_invariants)
{
    char dir[] = "/tmp/os-trace-XXXXXX";
    ck_assert(mkdtemp(dir) != NULL);
    char csv[256], yaml[256];
    snprintf(csv, sizeof csv, "%s/t.csv", dir);
    snprintf(yaml, sizeof yaml, "%s/s.yaml", dir);
    write_file(csv, "start,duration,region,zone\n"
                    "2d,4h,r1,1\n12d 5h,4h,r1,1\n21d,4h,r1,1\n35d 19h,4h,r1,1\n");
    write_file(yaml,
               "simulation: { horizon: 100d, replications: 40, seed: 3 }\n"
               "regions: [ { name: r1, zones: 2 } ]\n"
               "computes: [ { name: web, kind: app-service, region: r1, zone: 1, instances: 1 } ]\n"
               "targets: [ { name: t, kind: storage-blob, region: r1, zone_redundant: true } ]\n"
               "connections: [ { name: c, compute: web, target: t } ]\n"
               "failures: { trace: { file: t.csv, mode: bootstrap, block: 10d } }\n");
    os_scenario *sc = NULL;
    os_error err;
    ck_assert_int_eq(os_scenario_load(yaml, NULL, 0, &sc, &err), 0);
    ck_assert_uint_eq(sc->sim.replications, 40);
    os_run_result *r = run(sc, 40);
    ASSERT_EXACT(r->conn[0].availability.mean, 1.0 - 4.0 / 240.0);
    ASSERT_EXACT(r->conn[0].availability.max, 1.0 - 4.0 / 240.0);
    ck_assert(r->conn[0].outage_duration.min == 4 * 3600.0);
    ck_assert(r->conn[0].outage_duration.max == 4 * 3600.0);
    ck_assert_uint_eq(r->conn[0].outage_duration.n, 400); /* 10 blocks x 40 replications */
    os_run_result_free(r);
    os_scenario_free(sc);
    unlink(csv);
    unlink(yaml);
    rmdir(dir);
}
END_TEST

static Suite *groups_suite(void)
{
    Suite *s = suite_create("groups");
    TCase *tc = tcase_create("common cause and traces");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, group_over_two_of_three_zones);
    tcase_add_test(tc, zones_failing_together_are_one_component);
    tcase_add_test(tc, group_down_drives_dr);
    tcase_add_test(tc, trace_replay_exact);
    tcase_add_test(tc, trace_bootstrap_invariants);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(groups_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
