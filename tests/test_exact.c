/* test_exact.c — the exact steady-state solver (SPEC §5.2): closed forms derived by hand for one
 * zone, k-of-n zones, regions, required instances and common-cause groups; the class decisions
 * with their reasons; and the fleet benchmark (solved and timed).
 *
 * Notation: a component with mean time to failure F and mean time to repair R is down with
 * probability q = R / (F + R) and up with a = F / (F + R); its cycle is c = F + R. Component i
 * is critical when the connection is up with i up and down with i down; the outage frequency is
 * sum_i P(i critical) / c_i (per ms; x 365 d for per year) and the mean outage duration is
 * P(down) / frequency. Unavailabilities are written in a form without cancellation, so a
 * relative tolerance of 1e-12 is a few ulps of the arithmetic on both sides. */
#include <stdlib.h>
#include <time.h>

#include "helpers.h"
#include "outagesim/exact.h"

#define Y (365 * D)        /* a year in ms */
#define YS (365 * 86400.0) /* a year in s */

static const char *const INSTANCE = "instance failures change the served fraction; use run";
static const char *const REPLACEMENT = "platform replacement changes the served fraction; use run";
static const char *const TRACE = "incident traces are not renewal processes; use run";
static const char *const TOO_MANY =
    "too many components (more than 24) for exact enumeration; use run";

/* Solves every connection of sc into a new array (free it). */
static os_exact_conn *solve_at(const os_scenario *sc, const char *file, int line)
{
    os_exact_conn *out = calloc(sc->n_connections + 1, sizeof *out);
    ck_assert_ptr_nonnull(out);
    os_error err;
    os_error_clear(&err);
    int rc = os_exact_solve(sc, out, &err);
    ck_assert_msg(rc == 0, "%s:%d: os_exact_solve failed: %s", file, line, err.msg);
    return out;
}
#define SOLVE(sc) solve_at((sc), __FILE__, __LINE__)

static void rel_at(double got, double want, const char *what, const char *file, int line)
{
    if (isnan(want)) {
        ck_assert_msg(isnan(got), "%s:%d: %s = %.17g, want NaN", file, line, what, got);
        return;
    }
    ck_assert_msg(fabs(got - want) <= 1e-12 * fabs(want), "%s:%d: %s = %.17g, want %.17g", file,
                  line, what, got, want);
}

/* Checks a connection in the class against its unavailability u, outage frequency f (per ms)
 * and mean outage duration (ms, NAN when never up); the rest follows from them. */
static void check_at(const os_exact_conn *r, double u, double f, double mean_ms, const char *file,
                     int line)
{
    ck_assert_msg(r->in_class, "%s:%d: outside the class: %s", file, line, r->reason);
    ck_assert_ptr_null(r->reason);
    rel_at(r->unavailability, u, "unavailability", file, line);
    rel_at(r->availability, 1 - u, "availability", file, line);
    rel_at(r->outages_per_year, f * Y, "outages_per_year", file, line);
    rel_at(r->mean_outage_duration, mean_ms / 1000, "mean_outage_duration", file, line);
    rel_at(r->downtime_per_year, u * YS, "downtime_per_year", file, line);
}
#define CHECK(r, u, f, mean_ms) check_at(&(r), (u), (f), (mean_ms), __FILE__, __LINE__)

static void outside_at(const os_exact_conn *r, const char *reason, const char *file, int line)
{
    ck_assert_msg(!r->in_class, "%s:%d: in the class, want outside (%s)", file, line, reason);
    ck_assert_msg(r->reason && strcmp(r->reason, reason) == 0, "%s:%d: reason '%s', want '%s'",
                  file, line, r->reason ? r->reason : "(null)", reason);
}
#define OUTSIDE(r, reason) outside_at(&(r), (reason), __FILE__, __LINE__)

/* --- one zone ------------------------------------------------------------------------------- */

#define ONE_ZONE                                                                                   \
    "regions: [ { name: r1, zones: 1 } ]\n"                                                        \
    "computes: [ { name: web, kind: app-service, region: r1, instances: 2 } ]\n"                   \
    "targets: [ { name: db, kind: sql, region: r1 } ]\n"                                           \
    "connections: [ { name: web-db, compute: web, target: db } ]\n"

/* A 1-zone region, TTF mean 90 d, TTR mean 6 h whatever its distribution:
 * q = 6 h / 90.25 d = 1/361, so A = 360/361; one outage per cycle of 90.25 d, each E[TTR]. */
START_TEST(one_zone_any_distribution)
{
    static const char *const ttr[] = {
        "6h",
        "{ dist: fixed, value: 6h }",
        "{ dist: exponential, mean: 6h }",
        "{ dist: lognormal, mean: 6h, sd: 3h }",
        "{ dist: gamma, shape: 4, scale: 90m }",  /* 4 x 1.5 h */
        "{ dist: weibull, scale: 6h, shape: 1 }", /* 6 h x Gamma(2) */
        "{ dist: uniform, min: 2h, max: 10h }",
        "{ dist: empirical, values: [2h, 4h, 12h] }",
    };
    for (size_t i = 0; i < sizeof ttr / sizeof ttr[0]; i++) {
        char yaml[1024];
        snprintf(yaml, sizeof yaml,
                 ONE_ZONE "failures:\n"
                          "  zone: { time_to_failure: { dist: exponential, mean: 90d },\n"
                          "          time_to_repair: %s }\n",
                 ttr[i]);
        os_scenario *sc = LOAD(yaml);
        os_exact_conn *r = SOLVE(sc);
        CHECK(r[0], 1.0 / 361, 1 / (90.25 * D), 6 * H);
        ck_assert_double_eq_tol(r[0].availability, 360.0 / 361, 1e-15);
        free(r);
        os_scenario_free(sc);
    }
}
END_TEST

/* No failure process at all: always up, never down (mean duration 0, not null). */
START_TEST(never_down)
{
    os_scenario *sc = LOAD(ONE_ZONE);
    os_exact_conn *r = SOLVE(sc);
    CHECK(r[0], 0, 0, 0);
    ck_assert(r[0].availability == 1.0);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* Tiny unavailabilities survive: TTF 1000 y, TTR 1 m, so q = 1 m / (1000 y + 1 m) ~ 1.9e-9.
 * One zone: U = q; three zones, zone-redundant: U = q^3 ~ 7e-27, which 1 - A cannot show. */
START_TEST(tiny_unavailability)
{
    const double ttf = 1000 * Y, ttr = 60e3, q = ttr / (ttf + ttr), c = ttf + ttr;
    os_scenario *sc = LOAD(ONE_ZONE "failures:\n"
                                    "  zone: { time_to_failure: { dist: exponential, mean: 1000y "
                                    "}, time_to_repair: 1m }\n");
    os_exact_conn *r = SOLVE(sc);
    CHECK(r[0], q, 1 / c, ttr);
    os_scenario_free(sc);
    free(r);

    sc = LOAD("regions: [ { name: r1, zones: 3 } ]\n"
              "computes: [ { name: web, kind: app-service, region: r1, zone_redundant: true,\n"
              "              instances: 3 } ]\n"
              "targets: [ { name: db, kind: sql, region: r1, zone_redundant: true } ]\n"
              "connections: [ { name: web-db, compute: web, target: db } ]\n"
              "failures:\n"
              "  zone: { time_to_failure: { dist: exponential, mean: 1000y }, "
              "time_to_repair: 1m }\n");
    r = SOLVE(sc);
    /* all three down; each zone is critical when the other two are down: 3 q^2 / c */
    CHECK(r[0], q * q * q, 3 * q * q / c, q * c / 3);
    ck_assert(r[0].availability == 1.0);
    ck_assert(r[0].unavailability > 0);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* --- k-of-n zones ---------------------------------------------------------------------------- */

/* Zones: TTF 30 d, TTR 1 d: q = 1/31, a = 30/31, c = 31 d. */
#define ZQ (1.0 / 31)
#define ZA (30.0 / 31)
#define ZC (31 * D)

#define THREE_ZONES(compute_extra, platform)                                                       \
    "regions: [ { name: r1, zones: 3 } ]\n"                                                        \
    "computes: [ { name: web, kind: app-service, region: r1, zone_redundant: true" compute_extra   \
    " } ]\n"                                                                                       \
    "targets: [ { name: db, kind: sql, region: r1, zone_redundant: true } ]\n"                     \
    "connections: [ { name: web-db, compute: web, target: db } ]\n" platform "failures:\n"         \
    "  zone: { time_to_failure: { dist: exponential, mean: 30d }, time_to_repair: 1d }\n"

/* One instance per zone, zone-redundant target: up iff at least one of three zones is up.
 * U = q^3. A zone is critical when the other two are down: frequency 3 q^2 / c. Independent
 * check: the rate into the all-down state is P(exactly one up) x its failure rate,
 * 3 a q^2 / E[TTF] = 3 q^2 / c as a / E[TTF] = 1 / c. Mean duration q^3 / (3 q^2 / c) = c q / 3
 * = E[TTR] / 3 = 8 h. */
START_TEST(one_of_three_identical)
{
    os_scenario *sc = LOAD(THREE_ZONES(", instances: 3", ""));
    os_exact_conn *r = SOLVE(sc);
    double f = 3 * ZQ * ZQ / ZC;
    ck_assert_double_eq_tol(f, 3 * ZA * ZQ * ZQ / (30 * D), 1e-12 * f);
    CHECK(r[0], ZQ * ZQ * ZQ, f, 8 * H);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* A 2-of-3 capacity requirement: one instance per zone, required_instances 2 (surge_limit 0
 * keeps it in the class). Served = min(1, U/2) for U up zones: 1 for U >= 2, 1/2 for U = 1, 0
 * for U = 0, so A = P(U >= 2) + P(U = 1)/2 and U = q^3 + (1/2) 3 a q^2. The connection is up
 * (served > 0) iff U >= 1, so frequency and mean duration are those of 1-of-3: 3 q^2 / c, 8 h;
 * downtime per year is served-fraction weighted. The same with 2 instances per zone and 4
 * required (served = min(1, 2U/4)). */
START_TEST(two_of_three_capacity)
{
    static const char *const yaml[] = {
        THREE_ZONES(", instances: 3, required_instances: 2", "platform: { surge_limit: 0 }\n"),
        THREE_ZONES(", instances: 6, required_instances: 4", "platform: { surge_limit: 0 }\n"),
    };
    for (int i = 0; i < 2; i++) {
        os_scenario *sc = LOAD(yaml[i]);
        os_exact_conn *r = SOLVE(sc);
        CHECK(r[0], ZQ * ZQ * ZQ + 1.5 * ZA * ZQ * ZQ, 3 * ZQ * ZQ / ZC, 8 * H);
        free(r);
        os_scenario_free(sc);
    }
}
END_TEST

/* Zones of different availability: a common-cause group over zone 1 alone (TTF 99 d, TTR 1 d:
 * g = 1/100, c_g = 100 d) makes zone 1 down with q1 = q + g - q g, up with p1 = (1-q)(1-g).
 * 1-of-3: U = q1 q^2. Critical: zone 1's process when g is up and zones 2, 3 down: (1-g) q^2;
 * the group when zone 1's process is up and zones 2, 3 down: (1-q) q^2; zone 2 (3) when zones 1
 * and 3 (2) are down: q1 q. Frequency ((1-g) q^2 + 2 q1 q) / c + (1-q) q^2 / c_g.
 * With 2 instances per zone and 4 required: U = P(none up) + P(one up)/2
 * = q1 q^2 + (p1 q^2 + 2 q1 (1-q) q) / 2, same up state, so the same frequency. */
START_TEST(different_zones_by_group)
{
    const double q = ZQ, g = 1.0 / 100, cg = 100 * D, q1 = q + g - q * g;
    const double p1 = (1 - q) * (1 - g);
    const double f = ((1 - g) * q * q + 2 * q1 * q) / ZC + (1 - q) * q * q / cg;
#define GROUP_Z1                                                                                   \
    "  common_cause:\n"                                                                            \
    "    - { name: z1-feed, members: [ { region: r1, zone: 1 } ],\n"                               \
    "        time_to_failure: { dist: exponential, mean: 99d }, time_to_repair: 1d }\n"
    os_scenario *sc = LOAD(THREE_ZONES(", instances: 3", "") GROUP_Z1);
    os_exact_conn *r = SOLVE(sc);
    CHECK(r[0], q1 * q * q, f, q1 * q * q / f);
    free(r);
    os_scenario_free(sc);

    sc = LOAD(THREE_ZONES(", instances: 6, required_instances: 4", "platform: { surge_limit: 0 }\n")
                  GROUP_Z1);
    r = SOLVE(sc);
    CHECK(r[0], q1 * q * q + (p1 * q * q + 2 * q1 * (1 - q) * q) / 2, f, q1 * q * q / f);
    free(r);
    os_scenario_free(sc);
#undef GROUP_Z1
}
END_TEST

/* --- regions --------------------------------------------------------------------------------- */

/* Regions: TTF 365 d, TTR 12 h: qR = 1/731, aR = 730/731, cR = 365.5 d. */
#define RQ (1.0 / 731)
#define RA (730.0 / 731)
#define RC (365.5 * D)

#define FAILURES_ZONE_REGION                                                                       \
    "failures:\n"                                                                                  \
    "  zone: { time_to_failure: { dist: exponential, mean: 30d }, time_to_repair: 1d }\n"          \
    "  region: { time_to_failure: { dist: weibull, scale: 365d, shape: 1 },\n"                     \
    "            time_to_repair: { dist: gamma, shape: 2, scale: 6h } }\n"

/* A region process plus zone processes, zone-redundant both ends in one region: up iff the
 * region is up and some zone is up. U = qR + aR q^3. Critical: the region when some zone is up,
 * 1 - q^3; a zone when the region is up and the other two zones are down, aR q^2.
 * Frequency (1 - q^3) / cR + 3 aR q^2 / c. */
START_TEST(region_plus_zones)
{
    os_scenario *sc =
        LOAD("regions: [ { name: r1, zones: 3 } ]\n"
             "computes: [ { name: web, kind: app-service, region: r1, zone_redundant: true,\n"
             "              instances: 3 } ]\n"
             "targets: [ { name: db, kind: sql, region: r1, zone_redundant: true } ]\n"
             "connections: [ { name: web-db, compute: web, target: db } ]\n" FAILURES_ZONE_REGION);
    os_exact_conn *r = SOLVE(sc);
    double u = RQ + RA * ZQ * ZQ * ZQ;
    double f = (1 - ZQ * ZQ * ZQ) / RC + 3 * RA * ZQ * ZQ / ZC;
    CHECK(r[0], u, f, u / f);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* Zone-redundant compute (one instance per zone) in r1, a target in zone 2 of r2: up iff both
 * regions are up, some zone of r1 is up and zone 2 of r2 is up:
 * P(up) = aR^2 (1 - q^3) a, so U = (1 - aR^2) + aR^2 (q^3 + (1 - q^3) q) with
 * 1 - aR^2 = qR (1 + aR). Critical: each region when all else is up, aR a (1 - q^3); r2's zone 2
 * when both regions are up and some r1 zone is up, aR^2 (1 - q^3); an r1 zone when the other two
 * r1 zones are down and all else up, aR^2 a q^2. The other r2 zones play no part. */
START_TEST(target_in_other_region)
{
    os_scenario *sc =
        LOAD("regions: [ { name: r1, zones: 3 }, { name: r2, zones: 3 } ]\n"
             "computes: [ { name: web, kind: app-service, region: r1, zone_redundant: true,\n"
             "              instances: 3 } ]\n"
             "targets: [ { name: db, kind: sql, region: r2, zone: 2 } ]\n"
             "connections: [ { name: web-db, compute: web, target: db } ]\n" FAILURES_ZONE_REGION);
    os_exact_conn *r = SOLVE(sc);
    const double q3 = ZQ * ZQ * ZQ, ar2 = RA * RA;
    double u = RQ * (1 + RA) + ar2 * (q3 + (1 - q3) * ZQ);
    double f = 2 * RA * ZA * (1 - q3) / RC + ar2 * (1 - q3) / ZC + 3 * ar2 * ZA * ZQ * ZQ / ZC;
    CHECK(r[0], u, f, u / f);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* --- common-cause groups -------------------------------------------------------------------- */

#define TWO_ZONE_SHARED(zone_failures, one_zone)                                                   \
    "regions: [ { name: r1, zones: " one_zone " } ]\n"                                             \
    "computes: [ { name: web, kind: app-service, region: r1, zone_redundant: true,\n"              \
    "              instances: 2 } ]\n"                                                             \
    "targets: [ { name: db, kind: sql, region: r1, zone_redundant: true } ]\n"                     \
    "connections: [ { name: web-db, compute: web, target: db } ]\n"                                \
    "failures:\n" zone_failures

/* Two zones without processes of their own that only fail together (a group over zones 1 and 2,
 * TTF 50 d, TTR 12 h: g = 1/101, c_g = 50.5 d) behave exactly like one zone with that process:
 * U = g, one outage per c_g, each 12 h long. */
START_TEST(zones_failing_together_are_one)
{
    os_scenario *shared = LOAD(TWO_ZONE_SHARED(
        "  common_cause:\n"
        "    - { name: feed, members: [ { region: r1, zone: 1 }, { region: r1, zone: 2 } ],\n"
        "        time_to_failure: { dist: exponential, mean: 50d }, time_to_repair: 12h }\n",
        "2"));
    os_scenario *one = LOAD(TWO_ZONE_SHARED(
        "  zone: { time_to_failure: { dist: exponential, mean: 50d }, time_to_repair: 12h }\n",
        "1"));
    os_exact_conn *a = SOLVE(shared), *b = SOLVE(one);
    CHECK(a[0], 1.0 / 101, 1 / (50.5 * D), 12 * H);
    CHECK(b[0], a[0].unavailability, a[0].outages_per_year / Y, a[0].mean_outage_duration * 1e3);
    free(a);
    free(b);
    os_scenario_free(shared);
    os_scenario_free(one);
}
END_TEST

/* Three zones of unavailability q each, and a group of unavailability g over zones 1 and 2:
 * down iff zone 3 is down and zones 1 and 2 both are (the group down, or it up and both
 * processes down): U = q (g + (1 - g) q^2). Critical: zone 3 when zones 1 and 2 are down,
 * g + (1-g) q^2; zone 1 (2) when zone 3 and zone 2 (1) are down and the group is up, (1-g) q^2;
 * the group when zone 3 is down and zone 1 or 2 is up, q (1 - q^2). */
START_TEST(group_over_two_of_three_zones)
{
    const double q = ZQ, g = 1.0 / 101, cg = 50.5 * D;
    /* r2 and its group are not on the connection's path and change nothing */
    os_scenario *sc =
        LOAD("regions: [ { name: r1, zones: 3 }, { name: r2, zones: 3 } ]\n"
             "computes: [ { name: web, kind: app-service, region: r1, zone_redundant: true,\n"
             "              instances: 3 } ]\n"
             "targets: [ { name: db, kind: sql, region: r1, zone_redundant: true } ]\n"
             "connections: [ { name: web-db, compute: web, target: db } ]\n"
             "failures:\n"
             "  zone: { time_to_failure: { dist: exponential, mean: 30d }, time_to_repair: 1d }\n"
             "  common_cause:\n"
             "    - { name: feed, members: [ { region: r1, zone: 1 }, { region: r1, zone: 2 } ],\n"
             "        time_to_failure: { dist: exponential, mean: 50d }, time_to_repair: 12h }\n"
             "    - { name: elsewhere, members: [ { region: r2 }, { region: r2, zone: 1 } ],\n"
             "        time_to_failure: { dist: exponential, mean: 5d }, time_to_repair: 12h }\n");
    os_exact_conn *r = SOLVE(sc);
    double u = q * (g + (1 - g) * q * q);
    double f = (g + (1 - g) * q * q) / ZC + 2 * (1 - g) * q * q / ZC + q * (1 - q * q) / cg;
    CHECK(r[0], u, f, u / f);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* A group with whole regions as members (a global control plane, TTF 10 y, TTR 2 h) takes both
 * ends down at once: with no other process, U = g = 2 h / (10 y + 2 h), one outage per cycle,
 * each 2 h. A region member is a region outage, so it takes down zone-pinned targets too. */
START_TEST(group_over_regions)
{
    const double g = 2 * H / (10 * Y + 2 * H);
    os_scenario *sc =
        LOAD("regions: [ { name: r1, zones: 3 }, { name: r2, zones: 2 } ]\n"
             "computes: [ { name: web, kind: app-service, region: r1, instances: 1, zone: 3 } ]\n"
             "targets: [ { name: db, kind: sql, region: r2, zone: 2 } ]\n"
             "connections: [ { name: web-db, compute: web, target: db } ]\n"
             "failures:\n"
             "  common_cause:\n"
             "    - { name: identity, members: [ { region: r1 }, { region: r2 } ],\n"
             "        time_to_failure: { dist: exponential, mean: 10y },\n"
             "        time_to_repair: { dist: fixed, value: 2h } }\n");
    os_exact_conn *r = SOLVE(sc);
    CHECK(r[0], g, 1 / (10 * Y + 2 * H), 2 * H);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* --- the class ------------------------------------------------------------------------------ */

#define CLASS_TOPOLOGY                                                                             \
    "regions:\n"                                                                                   \
    "  - { name: r1, zones: 3, pair: r2 }\n"                                                       \
    "  - { name: r2, zones: 3, failures: { instance: { time_to_failure: 30d,\n"                    \
    "                                                  time_to_repair: 15m } } }\n"                \
    "computes:\n"                                                                                  \
    "  - { name: zr, kind: app-service, region: r1, zone_redundant: true, instances: 3 }\n"        \
    "  - { name: zr-req, kind: app-service, region: r1, zone_redundant: true, instances: 6,\n"     \
    "      required_instances: 4 }\n"                                                              \
    "  - { name: zr-sparse, kind: app-service, region: r1, zone_redundant: true,\n"                \
    "      instances: 2 }\n"                                                                       \
    "  - { name: pinned, kind: container-apps, region: r1, zone: 2, instances: 2 }\n"              \
    "  - { name: relocated, kind: container-apps, region: r1, zone: 2, instances: 2,\n"            \
    "      relocate_on_zone_loss: true }\n"                                                        \
    "  - { name: empty, kind: spring-apps, region: r1, instances: 0 }\n"                           \
    "  - { name: in-r2, kind: app-service, region: r2, zone_redundant: true, instances: 3 }\n"     \
    "targets: [ { name: db, kind: sql, region: r2, zone_redundant: true } ]\n"                     \
    "connections:\n"                                                                               \
    "  - { name: c-zr, compute: zr, target: db }\n"                                                \
    "  - { name: c-zr-req, compute: zr-req, target: db }\n"                                        \
    "  - { name: c-zr-sparse, compute: zr-sparse, target: db }\n"                                  \
    "  - { name: c-pinned, compute: pinned, target: db }\n"                                        \
    "  - { name: c-relocated, compute: relocated, target: db }\n"                                  \
    "  - { name: c-empty, compute: empty, target: db }\n"                                          \
    "  - { name: c-in-r2, compute: in-r2, target: db }\n"                                          \
    "failures:\n"                                                                                  \
    "  zone: { time_to_failure: { dist: exponential, mean: 30d }, time_to_repair: 1d }\n"

/* Instance processes only where the compute runs matter (r2's do not touch r1's computes, whose
 * target in r2 has no instances); replacement matters with required_instances, with zones left
 * without an instance, and for relocated computes; a compute without instances is never up. */
START_TEST(class_decisions)
{
    os_scenario *sc = LOAD(CLASS_TOPOLOGY);
    os_exact_conn *r = SOLVE(sc);
    ck_assert(r[0].in_class);
    OUTSIDE(r[1], REPLACEMENT);
    OUTSIDE(r[2], REPLACEMENT);
    ck_assert(r[3].in_class);
    OUTSIDE(r[4], REPLACEMENT);
    /* never up: U = 1, no outage ever starts, mean duration null, a whole year down */
    CHECK(r[5], 1, 0, NAN);
    ck_assert(r[5].availability == 0.0);
    OUTSIDE(r[6], INSTANCE);
    /* c-zr: both ends zone-redundant over independent 3-zone regions:
     * U = 1 - (1 - q^3)^2 = q^3 (2 - q^3); each zone critical when the other two of its region
     * are down and the other region has a zone up: 6 q^2 (1 - q^3) / c */
    const double q3 = ZQ * ZQ * ZQ, u = q3 * (2 - q3), f = 6 * ZQ * ZQ * (1 - q3) / ZC;
    CHECK(r[0], u, f, u / f);
    /* c-pinned: zone 2 of r1 and some zone of r2: U = 1 - a (1 - q^3) = q + a q^3 */
    const double up = ZQ + ZA * q3, fp = (1 - q3) / ZC + 3 * ZA * ZQ * ZQ / ZC;
    CHECK(r[3], up, fp, up / fp);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* surge_limit 0: no replacement ever, so required_instances, sparse zones and relocation keep
 * the class; a service_connector section (control plane only) changes nothing. */
START_TEST(class_without_replacement)
{
    os_scenario *sc = LOAD(CLASS_TOPOLOGY "platform: { surge_limit: 0 }\n"
                                          "service_connector: { primary: r1 }\n");
    os_exact_conn *r = SOLVE(sc);
    for (int i = 0; i < 6; i++)
        ck_assert_msg(r[i].in_class, "connection %d: %s", i, r[i].reason);
    OUTSIDE(r[6], INSTANCE);
    /* c-zr-sparse: instances in zones 1 and 2 only; up iff r2 has a zone up and zone 1 or 2
     * of r1 is up: U = 1 - (1 - q^2)(1 - q^3) = q^2 + q^3 - q^5 */
    const double q2 = ZQ * ZQ, q3 = q2 * ZQ;
    const double u = q2 + q3 - q2 * q3;
    const double f = 2 * ZQ * (1 - q3) / ZC + 3 * q2 * (1 - q2) / ZC;
    CHECK(r[2], u, f, u / f);
    /* c-relocated: as pinned (zone 2 only, no relocation happens) */
    ck_assert(r[4].unavailability == r[3].unavailability);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* Incident traces are not renewal processes: no connection is in the class. */
START_TEST(class_trace)
{
    const char *root = getenv("OS_SOURCE_ROOT");
    char name[1024];
    snprintf(name, sizeof name, "%s/tests/scenarios/exact-trace.yaml", root ? root : ".");
    const char *yaml = "regions: [ { name: westeurope }, { name: northeurope } ]\n"
                       "computes: [ { name: web, kind: app-service, region: westeurope,\n"
                       "              instances: 1 } ]\n"
                       "targets: [ { name: db, kind: sql, region: northeurope } ]\n"
                       "connections: [ { name: web-db, compute: web, target: db } ]\n"
                       "failures: { trace: { file: incidents.csv } }\n";
    os_scenario *sc = NULL;
    os_error err;
    os_error_clear(&err);
    int rc = os_scenario_load_buffer(name, yaml, strlen(yaml), NULL, 0, &sc, &err);
    ck_assert_msg(rc == 0, "%s", err.msg);
    os_exact_conn *r = SOLVE(sc);
    OUTSIDE(r[0], TRACE);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* Two zone-redundant 16-zone regions with zone processes: 32 components, too many. */
START_TEST(class_too_many_components)
{
    os_scenario *sc =
        LOAD("regions: [ { name: r1, zones: 16 }, { name: r2, zones: 16 } ]\n"
             "computes: [ { name: web, kind: app-service, region: r1, zone_redundant: true,\n"
             "              instances: 16 } ]\n"
             "targets: [ { name: db, kind: sql, region: r2, zone_redundant: true },\n"
             "           { name: kv, kind: keyvault, region: r1, zone_redundant: true } ]\n"
             "connections: [ { name: web-db, compute: web, target: db },\n"
             "               { name: web-kv, compute: web, target: kv } ]\n"
             "failures:\n"
             "  zone: { time_to_failure: { dist: exponential, mean: 30d }, "
             "time_to_repair: 1d }\n");
    os_exact_conn *r = SOLVE(sc);
    OUTSIDE(r[0], TOO_MANY);
    /* one region of 16 zones is 16 components: U = q^16 */
    CHECK(r[1], pow(ZQ, 16), 16 * pow(ZQ, 15) / ZC, ZC * ZQ / 16);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* Injected outages are left out of the answer and counted; declarations are not outages. */
START_TEST(injected_events_ignored)
{
    os_scenario *sc = LOAD(THREE_ZONES(
        ", instances: 3", "") "events:\n"
                              "  - { zone_down: { region: r1, zone: 2 }, at: 10d, for: 6h }\n"
                              "  - { region_down: r1, at: 20d, for: 30h }\n"
                              "  - { outage_declared: r1, at: 20d 1h }\n");
    ck_assert_uint_eq(os_exact_ignored_events(sc), 2);
    os_exact_conn *r = SOLVE(sc);
    CHECK(r[0], ZQ * ZQ * ZQ, 3 * ZQ * ZQ / ZC, 8 * H);
    free(r);
    os_scenario_free(sc);
}
END_TEST

/* --- the fleet benchmark -------------------------------------------------------------------- */

/* Closed forms for the fleet's structure: 3-zone regions with identical zone and region
 * processes, 30 instances (10 per zone), 20 required, no replacement. With U up source zones
 * the served fraction is 0, 1/2, 1, 1 for U = 0..3, so its shortfall is
 * d3 = P(U = 0) + P(U = 1)/2 = q^3 + (3/2) a q^2. */
static double fleet_unavailability(const os_scenario *sc, const os_connection *conn)
{
    const os_region *reg = &sc->regions[0];
    double zf = reg->zone_proc.ttf.mean, zr = reg->zone_proc.ttr.mean;
    double rf = reg->region_proc.ttf.mean, rr = reg->region_proc.ttr.mean;
    double q = zr / (zf + zr), a = zf / (zf + zr), qr = rr / (rf + rr), ar = rf / (rf + rr);
    const os_compute *c = &sc->computes[conn->compute];
    const os_target *t = &sc->targets[conn->target];
    double d3 = q * q * q + 1.5 * a * q * q;
    if (c->region == t->region) {
        if (t->zone_redundant)
            return qr + ar * d3; /* region up, then the served shortfall */
        /* the target's zone must be up; then 1 or 2 of the others: 1 - q^2 + q^2 / 2 */
        return qr + ar * (q + a * q * q / 2);
    }
    ck_abort_msg("%s: the fleet's connections stay in their region", conn->name);
    return NAN;
}

START_TEST(fleet)
{
    const char *root = getenv("OS_SOURCE_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/bench/fleet.yaml", root ? root : ".");
    os_scenario *sc = NULL;
    os_error err;
    os_error_clear(&err);
    int rc = os_scenario_load(path, NULL, 0, &sc, &err);
    ck_assert_msg(rc == 0, "%s: %s", path, err.msg);
    ck_assert_uint_eq(sc->n_connections, 192);

    /* instance processes everywhere: nothing is in the class */
    os_exact_conn *r = SOLVE(sc);
    for (size_t i = 0; i < sc->n_connections; i++)
        OUTSIDE(r[i], INSTANCE);
    free(r);

    /* without them, zone-redundant computes with required_instances are still subject to
     * replacement (surge_limit defaults to the instance count) */
    for (size_t i = 0; i < sc->n_regions; i++)
        sc->regions[i].instance_proc.enabled = false;
    r = SOLVE(sc);
    for (size_t i = 0; i < sc->n_connections; i++)
        OUTSIDE(r[i], REPLACEMENT);
    free(r);

    /* and without replacement all 192 solve */
    sc->platform.surge_limit = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = SOLVE(sc);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    printf("fleet: %zu connections solved exactly in %.3f ms\n", sc->n_connections, ms);
    int kinds[2] = {0};
    for (size_t i = 0; i < sc->n_connections; i++) {
        const os_connection *conn = &sc->connections[i];
        const os_target *t = &sc->targets[conn->target];
        ck_assert_msg(r[i].in_class, "%s: %s", conn->name, r[i].reason);
        rel_at(r[i].unavailability, fleet_unavailability(sc, conn), conn->name, __FILE__, __LINE__);
        ck_assert(r[i].outages_per_year > 0);
        ck_assert(r[i].mean_outage_duration > 0);
        ck_assert_int_eq(sc->computes[conn->compute].region, t->region);
        kinds[t->zone_redundant]++;
    }
    /* every fleet connection stays in its region; both target shapes occur (96 each) */
    ck_assert_int_eq(kinds[0], 96);
    ck_assert_int_eq(kinds[1], 96);
    free(r);
    os_scenario_free(sc);
}
END_TEST

static Suite *exact_suite(void)
{
    Suite *s = suite_create("exact");
    TCase *tc = tcase_create("closed_forms");
    tcase_add_test(tc, one_zone_any_distribution);
    tcase_add_test(tc, never_down);
    tcase_add_test(tc, tiny_unavailability);
    tcase_add_test(tc, one_of_three_identical);
    tcase_add_test(tc, two_of_three_capacity);
    tcase_add_test(tc, different_zones_by_group);
    tcase_add_test(tc, region_plus_zones);
    tcase_add_test(tc, target_in_other_region);
    tcase_add_test(tc, zones_failing_together_are_one);
    tcase_add_test(tc, group_over_two_of_three_zones);
    tcase_add_test(tc, group_over_regions);
    suite_add_tcase(s, tc);

    tc = tcase_create("class");
    tcase_add_test(tc, class_decisions);
    tcase_add_test(tc, class_without_replacement);
    tcase_add_test(tc, class_trace);
    tcase_add_test(tc, class_too_many_components);
    tcase_add_test(tc, injected_events_ignored);
    suite_add_tcase(s, tc);

    tc = tcase_create("fleet");
    tcase_add_test(tc, fleet);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(exact_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
