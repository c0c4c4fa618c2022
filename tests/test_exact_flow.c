/* test_exact_flow.c — exact flows (SPEC §6.3 last bullet): closed forms derived by hand for
 * `all`, `any`, `k_of_n` and nested named flows over connections that each depend on one zone,
 * a shared zone counted once, and the class decision for a router member.
 *
 * The scenario: one region with three zones, each an alternating renewal process with mean
 * time to failure F = 90 d and mean time to repair R = 6 h, so a zone is down with probability
 * q = R / (F + R) = 6 / 2166 = 1/361, up with a = 360/361, and its cycle is c = F + R = 90.25 d.
 * Connection ci runs from a compute pinned to zone i to a target pinned to zone i, so it is up
 * exactly while zone i is; c1b is a second connection over zone 1. The region has no region
 * process and there are no groups, so the zones are the only components. The outage frequency
 * is sum_i P(zone i critical) / c (per ms), the mean outage P(down) / frequency. */
#include <stdlib.h>

#include "helpers.h"
#include "outagesim/exact.h"

#define Y (365 * D)

static const double q = 1.0 / 361, a = 360.0 / 361, c = 90.25 * D;

#define BASE                                                                                       \
    "regions: [ { name: r1, zones: 3 } ]\n"                                                        \
    "computes:\n"                                                                                  \
    "  - { name: w1, kind: app-service, region: r1, zone: 1, instances: 1 }\n"                     \
    "  - { name: w2, kind: app-service, region: r1, zone: 2, instances: 1 }\n"                     \
    "  - { name: w3, kind: app-service, region: r1, zone: 3, instances: 1 }\n"                     \
    "targets:\n"                                                                                   \
    "  - { name: t1, kind: sql, region: r1, zone: 1 }\n"                                           \
    "  - { name: t2, kind: sql, region: r1, zone: 2 }\n"                                           \
    "  - { name: t3, kind: sql, region: r1, zone: 3 }\n"                                           \
    "connections:\n"                                                                               \
    "  - { name: c1, compute: w1, target: t1 }\n"                                                  \
    "  - { name: c1b, compute: w1, target: t1 }\n"                                                 \
    "  - { name: c2, compute: w2, target: t2 }\n"                                                  \
    "  - { name: c3, compute: w3, target: t3 }\n"                                                  \
    "failures:\n"                                                                                  \
    "  zone: { time_to_failure: { dist: exponential, mean: 90d },\n"                               \
    "          time_to_repair: { dist: lognormal, mean: 6h, sd: 2h } }\n"

/* Solves connections then flows; returns the flows' answers (free it). */
static os_exact_conn *solve_flows(const os_scenario *sc)
{
    os_exact_conn *x = calloc(sc->n_connections + 1, sizeof *x);
    os_exact_conn *fx = calloc(sc->n_flows + 1, sizeof *fx);
    ck_assert_ptr_nonnull(x);
    ck_assert_ptr_nonnull(fx);
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_exact_solve(sc, x, &err), 0);
    ck_assert_msg(os_exact_solve_flows(sc, x, fx, &err) == 0, "%s", err.msg);
    free(x);
    return fx;
}

static void rel_at(double got, double want, const char *what, int line)
{
    ck_assert_msg(fabs(got - want) <= 1e-12 * fabs(want), "line %d: %s = %.17g, want %.17g", line,
                  what, got, want);
}

/* A flow in the class with unavailability u, frequency f per ms (mean outage u / f: every
 * flow here has served fraction 0 or 1, so P(down) = u). */
static void check_at(const os_exact_conn *r, double u, double f, int line)
{
    ck_assert_msg(r->in_class, "line %d: outside: %s", line, r->reason);
    rel_at(r->unavailability, u, "unavailability", line);
    rel_at(r->availability, 1 - u, "availability", line);
    rel_at(r->outages_per_year, f * Y, "outages_per_year", line);
    rel_at(r->mean_outage_duration, u / f / 1000, "mean_outage_duration", line);
    rel_at(r->downtime_per_year, u * 365 * 86400.0, "downtime_per_year", line);
}
#define CHECK(r, u, f) check_at(&(r), (u), (f), __LINE__)

/* all [c1, c2]: both zones up, A = a^2, U = 1 - a^2 = q (1 + a). Zone 1 is critical when zone 2
 * is up (probability a), and likewise: f = 2a / c.
 * all [c1, c1b]: one shared zone counted once: A = a (not a^2), U = q; zone 1 is critical in
 * every state of the others (there are none): f = 1 / c.
 * any [c1, c2]: U = q^2; zone 1 is critical when zone 2 is down: f = 2q / c. */
START_TEST(all_any_shared)
{
    os_scenario *sc = LOAD(BASE "flows:\n"
                                "  - { name: both, all: [c1, c2] }\n"
                                "  - { name: shared, all: [c1, c1b] }\n"
                                "  - { name: either, any: [c1, c2] }\n");
    os_exact_conn *r = solve_flows(sc);
    CHECK(r[0], q * (1 + a), 2 * a / c);
    CHECK(r[1], q, 1 / c);
    CHECK(r[2], q * q, 2 * q / c);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* k_of_n 2 of [c1, c2, c3]: A = a^3 + 3 a^2 q = 3a^2 - 2a^3, U = q^3 + 3 q^2 a. Zone i is
 * critical when exactly one of the other two is up (probability 2aq): f = 3 x 2aq / c. */
START_TEST(two_of_three)
{
    os_scenario *sc =
        LOAD(BASE "flows: [ { name: quorum, k_of_n: { k: 2, of: [c1, c2, c3] } } ]\n");
    os_exact_conn *r = solve_flows(sc);
    CHECK(r[0], q * q * q + 3 * q * q * a, 6 * a * q / c);
    ck_assert_double_eq_tol(r[0].availability, 3 * a * a - 2 * a * a * a, 1e-15);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* A named flow inside another, and a nested inline level: app = all [pair, c3] with
 * pair = any [c1, c2]; inline = all [c3, any: [c1, c2]] is the same expression.
 * Up when (zone 1 or zone 2) and zone 3: A = (1 - q^2) a, U = 1 - (1 - q^2) a = q + q^2 a.
 * Zone 3 is critical when zone 1 or 2 is up (1 - q^2); zone 1 when zone 2 is down and zone 3
 * up (q a), zone 2 likewise: f = ((1 - q^2) + 2 q a) / c. */
START_TEST(nested_and_named)
{
    os_scenario *sc = LOAD(BASE "flows:\n"
                                "  - { name: pair, any: [c1, c2] }\n"
                                "  - { name: app, all: [pair, c3] }\n"
                                "  - { name: inline, all: [c3, { any: [c1, c2] }] }\n");
    os_exact_conn *r = solve_flows(sc);
    CHECK(r[0], q * q, 2 * q / c);
    CHECK(r[1], q + q * q * a, ((1 - q * q) + 2 * q * a) / c);
    CHECK(r[2], q + q * q * a, ((1 - q * q) + 2 * q * a) / c);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* A router member takes the flow out of the class with the router reason, and so does a flow
 * that reaches it through a named flow; a flow of connections beside them stays in. */
START_TEST(router_outside)
{
    os_scenario *sc = LOAD(BASE "routers: [ { name: front, backends: [c1, c2] } ]\n"
                                "flows:\n"
                                "  - { name: app, all: [front, c3] }\n"
                                "  - { name: outer, any: [app, c1] }\n"
                                "  - { name: plain, all: [c3] }\n");
    os_exact_conn *r = solve_flows(sc);
    const char *why =
        "a router fails over on probes (its history, not just component states); use run";
    ck_assert(!r[0].in_class);
    ck_assert_str_eq(r[0].reason, why);
    ck_assert(!r[1].in_class);
    ck_assert_str_eq(r[1].reason, why);
    CHECK(r[2], q, 1 / c);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* A member connection outside the class passes its reason on to the flow. */
START_TEST(member_outside)
{
    os_scenario *sc = LOAD(BASE "  instance: { time_to_failure: 30d, time_to_repair: 1h }\n"
                                "flows: [ { name: app, all: [c1, c2] } ]\n");
    os_exact_conn *r = solve_flows(sc);
    ck_assert(!r[0].in_class);
    ck_assert_str_eq(r[0].reason, "instance failures change the served fraction; use run");
    free(r);
    os_scenario_free(sc);
}
END_TEST

static Suite *exact_flow_suite(void)
{
    Suite *s = suite_create("exact_flow");
    TCase *tc = tcase_create("closed forms");
    tcase_add_test(tc, all_any_shared);
    tcase_add_test(tc, two_of_three);
    tcase_add_test(tc, nested_and_named);
    tcase_add_test(tc, router_outside);
    tcase_add_test(tc, member_outside);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(exact_flow_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
