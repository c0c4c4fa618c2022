/* test_montecarlo.c — stochastic processes and replications against closed forms (SPEC §1.3,
 * §1.7): long-run availability E[TTF]/(E[TTF]+E[TTR]) (insensitive to the distributions),
 * binomial k-of-n capacity, exact repair times, independent streams, thread independence.
 * Tolerances are 4 standard errors of the replication mean: wide enough that a correct
 * simulator fails about once in 16,000 runs, narrow enough to catch a wrong formula. */
#include <stdlib.h>

#include "helpers.h"

static os_run_result *run(const os_scenario *sc, uint64_t reps, int threads)
{
    os_run_options opt = {.replications = reps, .threads = threads};
    os_run_result *res = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_msg(os_run(sc, &opt, &res, &err) == 0, "os_run: %s", err.msg);
    return res;
}

/* One 1-zone region, web pinned to its zone: the connection is up exactly while the zone is. */
#define ONE_ZONE_HEAD                                                                              \
    "simulation: { horizon: 365d, seed: 7 }\n"                                                     \
    "regions: [ { name: r1, zones: 1 } ]\n"                                                        \
    "computes: [ { name: web, kind: app-service, region: r1, instances: 1 } ]\n"                   \
    "targets: [ { name: t, kind: storage-blob, region: r1, zone_redundant: true } ]\n"             \
    "connections: [ { name: c, compute: web, target: t } ]\n"
#define ONE_ZONE(ttf, ttr)                                                                         \
    "simulation: { horizon: 365d, seed: 7 }\n"                                                     \
    "regions: [ { name: r1, zones: 1 } ]\n"                                                        \
    "computes: [ { name: web, kind: app-service, region: r1, instances: 1 } ]\n"                   \
    "targets: [ { name: t, kind: storage-blob, region: r1, zone_redundant: true } ]\n"             \
    "connections: [ { name: c, compute: web, target: t } ]\n"                                      \
    "failures: { zone: { time_to_failure: " ttf ", time_to_repair: " ttr " } }\n"

/* Exponential TTF mean 90 d, fixed TTR 6 h: A = 2160 / (2160 + 6) = 360/361. */
START_TEST(one_zone_exponential_fixed)
{
    os_scenario *sc =
        LOAD(ONE_ZONE("{ dist: exponential, mean: 90d }", "{ dist: fixed, value: 6h }"));
    os_run_result *r = run(sc, 20000, 2);
    ck_assert_uint_eq(r->conn[0].availability.n, 20000);
    ASSERT_WITHIN_SE(r->conn[0].availability, 360.0 / 361.0, 4);
    os_run_result_free(r);
    os_scenario_free(sc);
}
END_TEST

/* Lognormal repair (median 4 h, sigma 1 -> mean 4 e^0.5 h) and Weibull failures (scale 30 d,
 * shape 1.5 -> mean 30 Gamma(1 + 1/1.5) d): A = E[TTF] / (E[TTF] + E[TTR]) all the same. */
START_TEST(one_zone_lognormal_weibull)
{
    os_scenario *sc = LOAD(ONE_ZONE("{ dist: weibull, scale: 30d, shape: 1.5 }",
                                    "{ dist: lognormal, median: 4h, sigma: 1.0 }"));
    double ttf = 30 * 24 * 0.9027452929509336; /* h; Gamma(5/3) */
    double ttr = 4 * exp(0.5);
    os_run_result *r = run(sc, 20000, 2);
    ASSERT_WITHIN_SE(r->conn[0].availability, ttf / (ttf + ttr), 4);
    os_run_result_free(r);
    os_scenario_free(sc);
}
END_TEST

/* Gamma repair (shape 2, scale 3 h -> 6 h) and uniform failures (10 d to 50 d -> 30 d). */
START_TEST(one_zone_gamma_uniform)
{
    os_scenario *sc = LOAD(
        ONE_ZONE("{ dist: uniform, min: 10d, max: 50d }", "{ dist: gamma, shape: 2, scale: 3h }"));
    os_run_result *r = run(sc, 20000, 2);
    ASSERT_WITHIN_SE(r->conn[0].availability, 720.0 / 726.0, 4);
    os_run_result_free(r);
    os_scenario_free(sc);
}
END_TEST

/* all_up start and a fixed 6 h repair: every outage lasts exactly 6 h, except one cut at the
 * horizon (at most one per replication), so the median and the maximum are exactly 6 h. */
START_TEST(fixed_repair_means_fixed_outages)
{
    os_scenario *sc = LOAD(ONE_ZONE("{ dist: exponential, mean: 20d }", "6h"));
    sc->sim.start = OS_START_ALL_UP;
    os_run_result *r = run(sc, 50, 2);
    ck_assert(r->conn[0].outage_duration.n > 200);
    ck_assert(r->conn[0].outage_duration.max == 6 * 3600.0);
    ck_assert(r->conn[0].outage_duration.p50 == 6 * 3600.0);
    os_run_result_free(r);
    os_scenario_free(sc);
}
END_TEST

/* The per-replication availabilities are kept in ascending order, one array per connection:
 * their ends are the figure's min and max and their average is its mean (the same numbers,
 * summed in another order: 1e-12 relative). */
START_TEST(per_replication_availability_kept)
{
    os_scenario *sc = LOAD(ONE_ZONE("{ dist: exponential, mean: 20d }", "6h"));
    os_run_result *r = run(sc, 200, 2);
    ck_assert_uint_eq(r->n_rep_availability, 1);
    const double *v = r->rep_availability[0];
    double sum = 0;
    for (uint64_t k = 0; k < r->replications; k++) {
        if (k)
            ck_assert(v[k - 1] <= v[k]);
        sum += v[k];
    }
    ck_assert(v[0] == r->conn[0].availability.min);
    ck_assert(v[r->replications - 1] == r->conn[0].availability.max);
    ck_assert(v[0] < v[r->replications - 1]); /* 200 years of random outages differ */
    ck_assert_double_eq_tol(sum / 200.0, r->conn[0].availability.mean, 1e-12);
    os_run_result_free(r);
    os_scenario_free(sc);
}
END_TEST

/* Three zones with independent processes, a zone-redundant app with 2 instances per zone
 * needing 4, surge_limit 0 (no replacement): served = min(1, 2U/4) with U ~ Bin(3, a), so
 * E = P(U >= 2) + 0.5 P(U = 1). TTF 10 d, TTR 2 d -> a = 5/6:
 *   P(U=3) = 125/216, P(U=2) = 75/216, P(U=1) = 15/216 -> E = 200/216 + 7.5/216 = 207.5/216.
 * A second connection without required_instances is up iff U >= 1: 1 - (1/6)^3 = 215/216. */
START_TEST(k_of_n_binomial)
{
    os_scenario *sc = LOAD(
        "simulation: { horizon: 365d, seed: 11 }\n"
        "regions: [ { name: r1, zones: 3 } ]\n"
        "computes:\n"
        "  - { name: web, kind: app-service, region: r1, zone_redundant: true, instances: 6,\n"
        "      required_instances: 4 }\n"
        "  - { name: api, kind: app-service, region: r1, zone_redundant: true, instances: 3 }\n"
        "targets: [ { name: t, kind: storage-blob, region: r1, zone_redundant: true } ]\n"
        "connections: [ { name: c, compute: web, target: t }, { name: d, compute: api, target: t } "
        "]\n"
        "platform: { surge_limit: 0 }\n"
        "failures: { zone: { time_to_failure: { dist: exponential, mean: 10d },\n"
        "                    time_to_repair: { dist: exponential, mean: 2d } } }\n");
    os_run_result *r = run(sc, 10000, 2);
    ASSERT_WITHIN_SE(r->conn[0].availability, 207.5 / 216.0, 4);
    ASSERT_WITHIN_SE(r->conn[1].availability, 215.0 / 216.0, 4);
    os_run_result_free(r);
    os_scenario_free(sc);
}
END_TEST

/* A region process on top of zone processes: the connection needs the region and its one
 * zone: A = a_zone * a_region = (360/361) * (2 y / (2 y + 12 h)). */
START_TEST(region_and_zone_processes)
{
    os_scenario *sc =
        LOAD(ONE_ZONE_HEAD "failures:\n"
                           "  zone: { time_to_failure: { dist: exponential, mean: 90d },\n"
                           "          time_to_repair: 6h }\n"
                           "  region: { time_to_failure: { dist: exponential, mean: 2y },\n"
                           "            time_to_repair: { dist: fixed, value: 12h } }\n");
    double ar = (2 * 8760.0) / (2 * 8760.0 + 12);
    os_run_result *r = run(sc, 20000, 2);
    ASSERT_WITHIN_SE(r->conn[0].availability, 360.0 / 361.0 * ar, 4);
    os_run_result_free(r);
    os_scenario_free(sc);
}
END_TEST

/* Replications must not share draws: replication 0 and 1 differ, and two zones of one region
 * (distinct streams) do not fail at the same instants. */
START_TEST(streams_are_independent)
{
    os_scenario *sc =
        LOAD("simulation: { horizon: 365d, seed: 3 }\n"
             "regions: [ { name: r1, zones: 2 } ]\n"
             "computes: [ { name: a, kind: app-service, region: r1, zone: 1, instances: 1 },\n"
             "            { name: b, kind: app-service, region: r1, zone: 2, instances: 1 } ]\n"
             "targets: [ { name: t, kind: storage-blob, region: r1, zone_redundant: true } ]\n"
             "connections: [ { name: ca, compute: a, target: t }, { name: cb, compute: b, target: "
             "t } ]\n"
             "failures: { zone: { time_to_failure: { dist: exponential, mean: 20d },\n"
             "                    time_to_repair: { dist: exponential, mean: 1d } } }\n");
    os_error err;
    os_sim *sim = os_sim_new(sc, &err);
    os_rep_result r0, r1;
    os_rep_result_init(&r0, 2);
    os_rep_result_init(&r1, 2);
    ck_assert_int_eq(os_sim_run(sim, 3, 0, &r0, NULL, NULL, &err), 0);
    ck_assert_int_eq(os_sim_run(sim, 3, 1, &r1, NULL, NULL, &err), 0);
    ck_assert(r0.availability[0] != r1.availability[0]);
    ck_assert(r0.availability[0] != r0.availability[1]);
    ck_assert(r0.outage_ms[0].n != r0.outage_ms[1].n ||
              memcmp(r0.outage_ms[0].v, r0.outage_ms[1].v, r0.outage_ms[0].n * sizeof(double)));
    /* re-running replication 0 on the same worker reproduces it exactly */
    os_rep_result again;
    os_rep_result_init(&again, 2);
    ck_assert_int_eq(os_sim_run(sim, 3, 0, &again, NULL, NULL, &err), 0);
    ck_assert(again.availability[0] == r0.availability[0]);
    ck_assert(again.availability[1] == r0.availability[1]);
    os_rep_result_free(&again);
    os_rep_result_free(&r0);
    os_rep_result_free(&r1);
    os_sim_free(sim);
    os_scenario_free(sc);
}
END_TEST

/* run and exact agree (SPEC §5.2): three designs with lognormal, Weibull and gamma repairs;
 * only the means matter to the exact answer (insensitivity), and the simulated mean of every
 * connection must lie within 4 standard errors of it. The run also carries the exact object. */
START_TEST(run_agrees_with_exact)
{
    static const char *repairs[] = {
        "{ dist: lognormal, median: 6h, sigma: 1.2 }",
        "{ dist: weibull, scale: 8h, shape: 0.7 }",
        "{ dist: gamma, shape: 0.5, scale: 16h }",
    };
    for (size_t k = 0; k < 3; k++) {
        char yaml[4096];
        snprintf(
            yaml, sizeof yaml,
            "simulation: { horizon: 365d, seed: %zu }\n"
            "regions: [ { name: westeurope, zones: 3 }, { name: northeurope, zones: 2 } ]\n"
            "computes: [ { name: web, kind: app-service, region: westeurope,\n"
            "              zone_redundant: true, instances: 3 } ]\n"
            "targets: [ { name: zr, kind: storage-blob, region: westeurope, zone_redundant: true "
            "},\n"
            "           { name: pinned, kind: sql, region: westeurope, zone: 2 },\n"
            "           { name: far, kind: cosmos, region: northeurope, zone: 1 } ]\n"
            "connections: [ { name: a, compute: web, target: zr },\n"
            "               { name: b, compute: web, target: pinned },\n"
            "               { name: c, compute: web, target: far } ]\n"
            "failures:\n"
            "  zone: { time_to_failure: { dist: exponential, mean: 60d }, time_to_repair: %s }\n"
            "  region: { time_to_failure: { dist: weibull, scale: 2y, shape: 1.5 },\n"
            "            time_to_repair: %s }\n"
            "  common_cause:\n"
            "    - { name: cooling, members: [ { region: westeurope, zone: 1 },\n"
            "        { region: westeurope, zone: 2 } ],\n"
            "        time_to_failure: { dist: exponential, mean: 1y }, time_to_repair: %s }\n",
            k + 21, repairs[k], repairs[(k + 1) % 3], repairs[(k + 2) % 3]);
        os_scenario *sc = LOAD(yaml);
        os_run_result *r = run(sc, 6000, 2);
        ck_assert_msg(r->exact != NULL, "run has no exact answers");
        for (size_t i = 0; i < sc->n_connections; i++) {
            ck_assert(r->exact[i].in_class);
            ASSERT_WITHIN_SE(r->conn[i].availability, r->exact[i].availability, 4);
        }
        os_run_result_free(r);
        os_scenario_free(sc);
    }
}
END_TEST

static bool same_figure(const os_figure *a, const os_figure *b)
{
    return a->n == b->n && !memcmp(&a->mean, &b->mean, 9 * sizeof(double));
}

/* The same seed gives identical summaries whatever the thread count. */
START_TEST(thread_count_does_not_matter)
{
    os_scenario *sc = LOAD(ONE_ZONE("{ dist: exponential, mean: 30d }",
                                    "{ dist: lognormal, median: 4h, sigma: 1.0 }"));
    os_run_result *a = run(sc, 64, 1), *b = run(sc, 64, 2), *c = run(sc, 64, 8);
    ck_assert(same_figure(&a->conn[0].availability, &b->conn[0].availability));
    ck_assert(same_figure(&a->conn[0].availability, &c->conn[0].availability));
    ck_assert(same_figure(&a->conn[0].outage_duration, &c->conn[0].outage_duration));
    ck_assert(same_figure(&a->conn[0].sla_compliance, &c->conn[0].sla_compliance));
    ck_assert_uint_eq(a->events, c->events);
    os_run_result_free(a);
    os_run_result_free(b);
    os_run_result_free(c);
    os_scenario_free(sc);
}
END_TEST

/* A flow over connections that share a zone (SPEC §6.3): the simulated flow availability is
 * within 4 standard errors of the exact one run fills in. app = all [b, c]: b needs the
 * westeurope region and its zone 2, c the westeurope region, a westeurope zone holding web,
 * northeurope and its zone 1; the westeurope region and zones are shared and enumerated once
 * (so app is up exactly when b is and northeurope and its zone 1 are, not b x c). */
START_TEST(flow_run_agrees_with_exact)
{
    os_scenario *sc = LOAD(
        "simulation: { horizon: 365d, seed: 31 }\n"
        "regions: [ { name: westeurope, zones: 3 }, { name: northeurope, zones: 2 } ]\n"
        "computes: [ { name: web, kind: app-service, region: westeurope,\n"
        "              zone_redundant: true, instances: 3 } ]\n"
        "targets: [ { name: zr, kind: storage-blob, region: westeurope, zone_redundant: true },\n"
        "           { name: pinned, kind: sql, region: westeurope, zone: 2 },\n"
        "           { name: far, kind: cosmos, region: northeurope, zone: 1 } ]\n"
        "connections: [ { name: a, compute: web, target: zr },\n"
        "               { name: b, compute: web, target: pinned },\n"
        "               { name: c, compute: web, target: far } ]\n"
        "flows: [ { name: app, all: [b, c] } ]\n"
        "failures:\n"
        "  zone: { time_to_failure: { dist: exponential, mean: 20d },\n"
        "          time_to_repair: { dist: lognormal, median: 12h, sigma: 1.0 } }\n"
        "  region: { time_to_failure: { dist: exponential, mean: 1y }, time_to_repair: 1d }\n");
    os_run_result *r = run(sc, 1000, 2);
    ck_assert_ptr_nonnull(r->flow_exact);
    ck_assert(r->flow_exact[0].in_class);
    ASSERT_WITHIN_SE(r->flows[0].availability, r->flow_exact[0].availability, 4);
    os_run_result_free(r);
    os_scenario_free(sc);
}
END_TEST

static Suite *mc_suite(void)
{
    Suite *s = suite_create("montecarlo");
    TCase *tc = tcase_create("closed forms");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, one_zone_exponential_fixed);
    tcase_add_test(tc, one_zone_lognormal_weibull);
    tcase_add_test(tc, one_zone_gamma_uniform);
    tcase_add_test(tc, fixed_repair_means_fixed_outages);
    tcase_add_test(tc, per_replication_availability_kept);
    tcase_add_test(tc, k_of_n_binomial);
    tcase_add_test(tc, region_and_zone_processes);
    tcase_add_test(tc, streams_are_independent);
    tcase_add_test(tc, thread_count_does_not_matter);
    tcase_add_test(tc, run_agrees_with_exact);
    tcase_add_test(tc, flow_run_agrees_with_exact);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(mc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
