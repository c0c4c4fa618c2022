/* test_flow.c — critical flows (SPEC §6.3) on deterministic scenarios, expected values derived
 * by hand in the comments: all / any / k_of_n over partial capacity, nested inline levels and
 * named flows, flow targets and SLA windows, the independence estimate against its closed
 * form. */
#include <stdlib.h>

#include "helpers.h"
#include "outagesim/check.h"

/* eastus: c1, c2, c3 pinned to zones 1, 2, 3; part = one instance per zone, all three required,
 * no replacement (a zone outage leaves it at 2/3); west in westus2. */
#define TOPO                                                                                       \
    "platform: { surge_limit: 0 }\n"                                                               \
    "regions: [ { name: eastus, zones: 3 }, { name: westus2, zones: 3 } ]\n"                       \
    "computes:\n"                                                                                  \
    "  - { name: a1, kind: app-service, region: eastus, zone: 1, instances: 1 }\n"                 \
    "  - { name: a2, kind: app-service, region: eastus, zone: 2, instances: 1 }\n"                 \
    "  - { name: a3, kind: app-service, region: eastus, zone: 3, instances: 1 }\n"                 \
    "  - { name: zr, kind: app-service, region: eastus, zone_redundant: true,\n"                   \
    "      instances: 3, required_instances: 3 }\n"                                                \
    "  - { name: aw, kind: app-service, region: westus2, zone: 1, instances: 1 }\n"                \
    "targets:\n"                                                                                   \
    "  - { name: db, kind: sql, region: eastus, zone_redundant: true }\n"                          \
    "  - { name: dbw, kind: sql, region: westus2, zone_redundant: true }\n"                        \
    "connections:\n"                                                                               \
    "  - { name: c1, compute: a1, target: db }\n"                                                  \
    "  - { name: c2, compute: a2, target: db }\n"                                                  \
    "  - { name: c3, compute: a3, target: db }\n"                                                  \
    "  - { name: part, compute: zr, target: db }\n"                                                \
    "  - { name: west, compute: aw, target: dbw }\n"
#define BASE "simulation: { horizon: 30d }\n" TOPO
#define NC 5 /* connections: flows start at entity id NC (no routers) */

/* Zone eastus/1 down at 10 d for 6 h; eastus/2 down at 10 d + 1 h for 1 h.
 * checkout = all [part, k_of_n 2 of (c1, c2, c3)]:
 *   [0, 1 h): c = (0, 1, 1) -> 2nd largest 1; part 2/3 -> 2/3
 *   [1 h, 2 h): c = (0, 0, 1) -> 0; part 1/3 -> 0 (an outage of 1 h)
 *   [2 h, 6 h): 2/3 again.
 *   Lost: 5 h x 1/3 + 1 h = 8/3 h -> availability 1 - (8/3) / 720 = 1 - 1/270.
 * front = any [checkout, west] = 1 throughout (west never fails).
 * nested = all [front, { any: [c1, { all: [c2, c3] }] }]: c1 down [0, 6 h); all(c2, c3) down
 *   [1 h, 2 h) -> the any is 0 over [1 h, 2 h) only: availability 1 - 1/720, one outage.
 * Targets: checkout's 99.95 % vs its single 30 d window at 1 - 1/270: fails (compliance 0);
 * front's default target (99.9 %): complies. */
#define FLOWS                                                                                      \
    "flows:\n"                                                                                     \
    "  - name: checkout\n"                                                                         \
    "    target: 99.95%\n"                                                                         \
    "    all: [part, { k_of_n: { k: 2, of: [c1, c2, c3] } }]\n"                                    \
    "  - { name: front, any: [checkout, west] }\n"                                                 \
    "  - { name: nested, all: [front, { any: [c1, { all: [c2, c3] }] }] }\n"                       \
    "events:\n"                                                                                    \
    "  - { zone_down: { region: eastus, zone: 1 }, at: 10d, for: 6h }\n"                           \
    "  - { zone_down: { region: eastus, zone: 2 }, at: 10d 1h, for: 1h }\n"

START_TEST(nested_k_of_n_partial_capacity)
{
    os_scenario *sc = LOAD(BASE FLOWS);
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.availability[NC + 0], 1.0 - 1.0 / 270.0);
    ck_assert_uint_eq(r.outage_ms[NC + 0].n, 1);
    ASSERT_EXACT(r.outage_ms[NC + 0].v[0], H);
    ck_assert(r.sla_compliance[NC + 0] == 0.0);
    ck_assert(r.availability[NC + 1] == 1.0);
    ck_assert(r.sla_compliance[NC + 1] == 1.0);
    ck_assert_uint_eq(r.outage_ms[NC + 1].n, 0);
    ASSERT_EXACT(r.availability[NC + 2], 1.0 - 1.0 / 720.0);
    ck_assert_uint_eq(r.outage_ms[NC + 2].n, 1);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* The run result of the same scenario: verdicts against each flow's own target, and the
 * independence estimate from the members' simulated means:
 *   a1 = 1 - 6/720 (c1), a2 = 1 - 1/720 (c2), a3 = 1 (c3),
 *   ap = 1 - (6 h x 1/3 + 1 h x 1/3) / 720 h = 1 - (7/3)/720 (part: 1/3 lost over 6 h, and
 *        a second third over the hour both zones are down);
 *   2 of 3 independent: a1 a2 + a1 (1 - a2) + (1 - a1) a2 (a3 = 1) = a1 + a2 - a1 a2;
 *   checkout: ap (a1 + a2 - a1 a2);
 *   front = any [checkout (its simulated mean 1 - 1/270), west (1)] = 1 - (1/270) x 0 = 1. */
START_TEST(independence_estimate_closed_form)
{
    os_scenario *sc = LOAD(BASE FLOWS);
    os_run_result *res = NULL;
    os_error err;
    ck_assert_int_eq(os_run(sc, NULL, &res, &err), 0);
    double a1 = 1 - 6.0 / 720, a2 = 1 - 1.0 / 720, ap = 1 - (7.0 / 3.0) / 720;
    ASSERT_EXACT(res->flows[0].composite_independent, ap * (a1 + a2 - a1 * a2));
    ASSERT_EXACT(res->flows[1].composite_independent, 1.0);
    ASSERT_EXACT(res->flows[0].target, 0.9995);
    ck_assert_int_eq(res->flows[0].verdict, OS_VERDICT_FAIL);
    ck_assert_int_eq(res->flows[1].verdict, OS_VERDICT_PASS);
    ASSERT_EXACT(res->flows[0].outages.mean, 1.0);
    ASSERT_EXACT(res->flows[0].outage_duration.mean, 3600.0);
    /* the generic view reads a flow like a connection */
    os_entity_view v = os_run_entity(res, NC);
    ck_assert_str_eq(v.name, "checkout");
    ck_assert_int_eq(v.ref.kind, OS_ENTITY_FLOW);
    ASSERT_EXACT(v.availability->mean, 1.0 - 1.0 / 270.0);
    os_run_result_free(res);
    os_scenario_free(sc);
}
END_TEST

/* A flow over a router: app = all [front, part]; front = priority [c1, west]. eastus/1 down at
 * 10 d for 6 h: front is down [10 d, 10 d + 60 s) (probes), part at 2/3 for 6 h. app =
 * min(front, part): 0 for 60 s, then 2/3 until 6 h: lost 60 s + (6 h - 60 s) / 3. */
START_TEST(flow_over_router)
{
    os_scenario *sc = LOAD(BASE "routers: [ { name: front, backends: [c1, west] } ]\n"
                                "flows: [ { name: app, all: [front, part] } ]\n"
                                "events: [ { zone_down: { region: eastus, zone: 1 }, at: 10d, "
                                "for: 6h } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    double lost = 60e3 + (6 * H - 60e3) / 3;
    ASSERT_EXACT(r.availability[NC + 1], 1.0 - lost / (30 * D));
    ck_assert_uint_eq(r.outage_ms[NC + 1].n, 1);
    ASSERT_EXACT(r.outage_ms[NC + 1].v[0], 60e3);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* --set reaches flows and routers by name. */
START_TEST(overrides_reach_flows_and_routers)
{
    const char *yaml = BASE "routers: [ { name: front, backends: [c1, west] } ]\n"
                            "flows: [ { name: app, all: [front, part] } ]\n";
    os_override sets[] = {{"flows.app.target", "99.99%"}, {"routers.front.switch", "2m"}};
    os_scenario *sc = NULL;
    os_error err;
    ck_assert_int_eq(os_scenario_load_buffer("t.yaml", yaml, strlen(yaml), sets, 2, &sc, &err), 0);
    ASSERT_EXACT(sc->flows[0].target, 0.9999);
    ck_assert_int_eq(sc->routers[0].switch_lag, 120000);
    os_scenario_free(sc);
}
END_TEST

/* check compares routers and flows like connections: front is down 1 h in the baseline
 * (availability 1 - 1/720 plus its probe minute), 3 h in the new run: the new value
 * 1 - (3 h + 60 s)/720 h lies below the old one with zero-width intervals (one replication):
 * a regression of front and of app (= min(front, part)). */
START_TEST(check_compares_routers_and_flows)
{
    const char *yaml = BASE "routers: [ { name: front, backends: [c1, west] } ]\n"
                            "flows: [ { name: app, target: 99%, all: [front, part] } ]\n"
                            "events: [ { router_down: front, at: 5d, for: 1h } ]\n";
    os_override sets[] = {{"events.0.for", "3h"}};
    os_scenario *sc[2] = {NULL, NULL};
    os_run_result *res[2];
    os_baseline *b[2];
    os_error err;
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(
            os_scenario_load_buffer("t.yaml", yaml, strlen(yaml), sets, (size_t)k, &sc[k], &err),
            0);
        ck_assert_int_eq(os_run(sc[k], NULL, &res[k], &err), 0);
        ck_assert_int_eq(os_baseline_of_result(res[k], &b[k], &err), 0);
    }
    ck_assert_uint_eq(b[0]->n_ent, 2);
    ck_assert_str_eq(b[0]->ent[1].name, "app");
    ASSERT_EXACT(b[0]->ent_target[1], 0.99);
    os_check_report *rep = NULL;
    ck_assert_int_eq(os_check_compare(b[0], b[1], 0, &rep, &err), 0);
    int regressed = 0;
    for (size_t i = 0; i < rep->n_items; i++) {
        const os_check_item *it = &rep->items[i];
        if (it->kind == OS_CHECK_AVAILABILITY && it->regressed) {
            regressed++;
            ck_assert(!strcmp(it->connection, "front") || !strcmp(it->connection, "app"));
        }
    }
    ck_assert_int_eq(regressed, 2);
    os_check_report_free(rep);
    for (int k = 0; k < 2; k++) {
        os_baseline_free(b[k]);
        os_run_result_free(res[k]);
        os_scenario_free(sc[k]);
    }
}
END_TEST

static Suite *flow_suite(void)
{
    Suite *s = suite_create("flow");
    TCase *det = tcase_create("deterministic");
    tcase_add_test(det, nested_k_of_n_partial_capacity);
    tcase_add_test(det, independence_estimate_closed_form);
    tcase_add_test(det, flow_over_router);
    tcase_add_test(det, overrides_reach_flows_and_routers);
    tcase_add_test(det, check_compares_routers_and_flows);
    suite_add_tcase(s, det);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(flow_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
