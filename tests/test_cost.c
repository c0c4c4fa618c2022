/* test_cost.c — costs (SPEC §6.4) on deterministic scenarios, every expected value derived by
 * hand in the comment above its test: billing of replacement instances, SLA credits with
 * several tiers and a short last window, downtime pro rata with partial capacity, the rates of
 * routers, targets and geo replicas, per-year scaling with a horizon that is not a year, a
 * window exactly at a tier, the exact downtime cost (and the simulated one within 4 standard
 * errors of it), sweeps ranked by total cost, overrides by path, and the reports. */
#include <stdlib.h>

#include "helpers.h"
#include "outagesim/exact.h"
#include "outagesim/report.h"
#include "outagesim/sweep.h"

/* Horizon 60 d, SLA windows of 25 d: [0, 25 d), [25 d, 50 d) and a short last one [50 d, 60 d).
 * api: 3 instances over zones 1-3 of eastus, all 3 required, 1/h each; db 1200/month.
 *   zone 2 down at 10 d for 6 h: instance #1 is lost; 5m + 10m later one replacement is placed
 *   in zone 1; zone 2 back at 10 d 6 h returns the original and (rebalance_delay 0) removes the
 *   replacement then: it existed 6 h - 15 m = 5.75 h. Served 2/3 for 15 m: 5 m lost.
 *   eastus down at 30 d for 12 h and at 55 d for 2 h: nothing served (no zone up: no
 *   replacement is placed).
 * infrastructure over the horizon: 1/h x (3 x 1440 h + 5.75 h) = 4325.75, plus 1200 a month x
 *   60 d (a month is 365 d / 12); per year (x 365/60): 4325.75 x 365/60 + 1200 x 12.
 * downtime: 5 m + 12 h + 2 h = 845 m at 1000/h; per year 845/60 x 1000 x 365/60.
 * credits, fee 30000/month: window 1 at 1 - 5 m / 25 d = 99.986 % (below 99.99 % only: 5 %);
 *   window 2 at 1 - 12 h / 600 h = 98 % (below 99.99, 99.9 and 99 %: the largest, 25 %);
 *   window 3 (10 d) at 1 - 2 h / 240 h = 99.17 % (below 99.99 and 99.9 %: 10 %).
 *   Credit-days: 0.05 x 25 + 0.25 x 25 + 0.10 x 10 = 8.5; money 30000 x 8.5 d / (365 d / 12);
 *   per year x 365/60: 30000 x 8.5 x 12 / 60 = 51000.
 * SLA compliance at 99.9 %: window 1 only, 1/3. */
#define ONE_REGION                                                                                 \
    "simulation: { horizon: 60d }\n"                                                               \
    "sla:\n"                                                                                       \
    "  availability: 99.9%\n"                                                                      \
    "  window: 25d\n"                                                                              \
    "  credits:\n"                                                                                 \
    "    fee: 30000/month\n"                                                                       \
    "    tiers: [ { below: 99.99%, credit: 5% }, { below: 99.9%, credit: 10% },\n"                 \
    "             { below: 99%, credit: 25% }, { below: 95%, credit: 100% } ]\n"                   \
    "costs: { downtime: 1000/h }\n"                                                                \
    "regions: [ { name: eastus, zones: 3 }, { name: westus2 } ]\n"                                 \
    "computes:\n"                                                                                  \
    "  - { name: api, kind: app-service, region: eastus, zone_redundant: true, instances: 3,\n"    \
    "      required_instances: 3, cost: { instance: 1/h } }\n"                                     \
    "targets:\n"                                                                                   \
    "  - { name: db, kind: sql, region: eastus, zone_redundant: true, cost: { month: 1200 } }\n"   \
    "connections:\n"                                                                               \
    "  - { name: api-db, compute: api, target: db }\n"                                             \
    "events:\n"                                                                                    \
    "  - { zone_down: { region: eastus, zone: 2 }, at: 10d, for: 6h }\n"                           \
    "  - { region_down: eastus, at: 30d, for: 12h }\n"                                             \
    "  - { region_down: eastus, at: 55d, for: 2h }\n"

START_TEST(replacements_credits_downtime)
{
    os_scenario *sc = LOAD(ONE_REGION);
    ck_assert(sc->costs.enabled);
    ck_assert_str_eq(sc->costs.currency, "USD");
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.cost_infrastructure, 4325.75 * 365.0 / 60.0 + 1200.0 * 12.0);
    ASSERT_EXACT(r.cost_downtime, 845.0 / 60.0 * 1000.0 * 365.0 / 60.0);
    ASSERT_EXACT(r.cost_credits, 51000.0);
    ASSERT_EXACT(r.sla_compliance[0], 1.0 / 3.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* The same with replacement off (surge_limit 0): no replacement is billed, and 2/3 is served
 * for the whole 6 h: 2 h lost instead of 5 m. infrastructure 1/h x 3 x 1440 h per 60 d; downtime
 * (2 h + 12 h + 2 h) = 960 m. Credits: window 1 at 1 - 2 h / 600 h = 99.667 % (10 %); windows 2
 * and 3 as before: 0.10 x 25 + 0.25 x 25 + 0.10 x 10 = 9.75 credit-days -> 30000 x 9.75 x 12/60. */
START_TEST(no_replacement_no_billing)
{
    os_scenario *sc = LOAD(ONE_REGION "platform: { surge_limit: 0 }\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.cost_infrastructure, 4320.0 * 365.0 / 60.0 + 1200.0 * 12.0);
    ASSERT_EXACT(r.cost_downtime, 960.0 / 60.0 * 1000.0 * 365.0 / 60.0);
    ASSERT_EXACT(r.cost_credits, 30000.0 * 9.75 * 12.0 / 60.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* Relocation with a rebalance delay: a pinned compute (2 instances in zone 1, 2/h each,
 * relocate_on_zone_loss) loses zone 1 at 1 d for 2 h. 5 m + 10 m later two replacements are
 * placed in zone 2; zone 1 returns at 1 d 2 h and 30 m later (rebalance_delay) both are removed:
 * each existed 2 h 15 m, 4.5 instance-hours in all. Over the 10 d horizon: 2/h x (2 x 240 h +
 * 4.5 h) = 969, a year 969 x 36.5. Nothing is served for the first 15 m: 100/h x 0.25 h = 25,
 * a year 25 x 36.5. */
#define RELOCATE                                                                                   \
    "simulation: { horizon: 10d }\n"                                                               \
    "costs: { downtime: 100/h }\n"                                                                 \
    "platform: { rebalance_delay: 30m }\n"                                                         \
    "regions: [ { name: eastus, zones: 3 } ]\n"                                                    \
    "computes: [ { name: api, kind: app-service, region: eastus, zone: 1, instances: 2,\n"         \
    "              relocate_on_zone_loss: true, cost: { instance: 2/h } } ]\n"                     \
    "targets: [ { name: db, kind: sql, region: eastus, zone_redundant: true } ]\n"                 \
    "connections: [ { name: api-db, compute: api, target: db } ]\n"                                \
    "events: [ { zone_down: { region: eastus, zone: 1 }, at: 1d, for: 2h } ]\n"

START_TEST(relocation_rebalance_delay)
{
    os_scenario *sc = LOAD(RELOCATE);
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.cost_infrastructure, 969.0 * 36.5);
    ASSERT_EXACT(r.cost_downtime, 25.0 * 36.5);
    ck_assert(r.cost_credits == 0.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* A year; checkout = all [front]; front routes east first. Rates: orders 1200/month and its geo
 * replica 1200/month (14400 a year each), blob 5000/y, front 300/month (3600 a year); computes
 * cost nothing: infrastructure 14400 + 14400 + 5000 + 3600 = 37400.
 * front down 2 h at 40 d: checkout serves nothing for 2 h -> downtime 2 h x 500/h = 1000.
 * westus2 down 3 h at 200 d takes connection west down, but with flows only flows are billed
 * (front keeps sending everything to east) and credited; front's own windows do not count.
 * Credits, fee 12000/y, one tier below 99.9 % at 10 %: checkout's window [30 d, 60 d) at
 * 1 - 2/720 = 99.72 %: 0.10 x 12000 x 30/365. */
#define APPS                                                                                       \
    "sla: { availability: 99.9%, window: 30d,\n"                                                   \
    "       credits: { fee: 12000/y, tiers: [ { below: 99.9%, credit: 10% } ] } }\n"               \
    "costs: { currency: EUR, downtime: 500/h }\n"                                                  \
    "regions: [ { name: eastus, zones: 3 }, { name: westus2, zones: 3 } ]\n"                       \
    "computes:\n"                                                                                  \
    "  - { name: api-e, kind: app-service, region: eastus, zone_redundant: true, instances: 2 }\n" \
    "  - { name: api-w, kind: app-service, region: westus2, zone_redundant: true, instances: 2 "   \
    "}\n"                                                                                          \
    "targets:\n"                                                                                   \
    "  - { name: orders, kind: sql, region: eastus, zone_redundant: true, cost: { month: 1200 "    \
    "},\n"                                                                                         \
    "      geo_replica: { region: westus2, zone_redundant: true, cost: { month: 1200 } } }\n"      \
    "  - { name: blob, kind: storage-blob, region: westus2, zone_redundant: true, cost: 5000/y "   \
    "}\n"                                                                                          \
    "connections:\n"                                                                               \
    "  - { name: east, compute: api-e, target: orders }\n"                                         \
    "  - { name: west, compute: api-w, target: blob }\n"                                           \
    "routers:\n"                                                                                   \
    "  - { name: front, backends: [east, west], cost: { month: 300 } }\n"                          \
    "flows:\n"                                                                                     \
    "  - { name: checkout, all: [front] }\n"                                                       \
    "events:\n"                                                                                    \
    "  - { router_down: front, at: 40d, for: 2h }\n"                                               \
    "  - { region_down: westus2, at: 200d, for: 3h }\n"

START_TEST(flows_routers_geo_rates)
{
    os_scenario *sc = LOAD(APPS);
    ck_assert_str_eq(sc->costs.currency, "EUR");
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.cost_infrastructure, 37400.0);
    ASSERT_EXACT(r.cost_downtime, 1000.0);
    ASSERT_EXACT(r.cost_credits, 0.10 * 12000.0 * 30.0 / 365.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* Horizon and window 10 d; a non-zone-redundant compute in zone 1, down 2 h 24 m = 1 % of 10 d:
 * availability exactly 99 %. It complies at 99 % (compliance 1), so the tier below 99 % does not
 * apply (strictly below, the same rule); the tier below 99.5 % does: 10 % of 1000/d x 10 d =
 * 1000 over the horizon, 36500 a year. Downtime 2.4 h x 100/d ... per year x 36.5. */
#define AT_TIER                                                                                    \
    "simulation: { horizon: 10d }\n"                                                               \
    "sla: { availability: 99%, window: 10d,\n"                                                     \
    "       credits: { fee: 1000/d, tiers: [ { below: 99%, credit: 50% },\n"                       \
    "                                        { below: 99.5%, credit: 10% } ] } }\n"                \
    "costs: { downtime: 100/d }\n"                                                                 \
    "regions: [ { name: eastus, zones: 3 } ]\n"                                                    \
    "computes: [ { name: api, kind: app-service, region: eastus, zone: 1 } ]\n"                    \
    "targets: [ { name: db, kind: sql, region: eastus, zone_redundant: true } ]\n"                 \
    "connections: [ { name: api-db, compute: api, target: db } ]\n"                                \
    "events: [ { zone_down: { region: eastus, zone: 1 }, at: 1d, for: 2h 24m } ]\n"

START_TEST(window_exactly_at_tier)
{
    os_scenario *sc = LOAD(AT_TIER);
    os_rep_result r;
    RUN_ONE(sc, &r);
    ck_assert(r.availability[0] == 0.99);
    ck_assert(r.sla_compliance[0] == 1.0);
    ASSERT_EXACT(r.cost_credits, 36500.0);
    ASSERT_EXACT(r.cost_downtime, 0.1 * 100.0 * 36.5); /* 2.4 h = 0.1 d */
    ck_assert(r.cost_infrastructure == 0.0);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* api pinned to zone 1; zones fail after exponential(99 h), repair in 1 h: a = 99/100 exactly
 * (SPEC §5.2), so the expected downtime is 1 % of 8760 h = 87.6 h a year, at 100/h: 8760. The
 * simulated yearly downtime cost of 400 replications lies within 4 standard errors of it. */
#define STOCHASTIC                                                                                 \
    "simulation: { horizon: 365d, replications: 400, seed: 7 }\n"                                  \
    "costs: { currency: EUR, downtime: 100/h }\n"                                                  \
    "regions: [ { name: eastus, zones: 3 } ]\n"                                                    \
    "computes: [ { name: api, kind: app-service, region: eastus, zone: 1, instances: 2 } ]\n"      \
    "targets: [ { name: db, kind: sql, region: eastus, zone_redundant: true } ]\n"                 \
    "connections: [ { name: api-db, compute: api, target: db } ]\n"                                \
    "failures:\n"                                                                                  \
    "  zone:\n"                                                                                    \
    "    time_to_failure: { dist: exponential, mean: 99h }\n"                                      \
    "    time_to_repair: { dist: fixed, value: 1h }\n"

START_TEST(exact_and_simulated_downtime_cost)
{
    os_scenario *sc = LOAD(STOCHASTIC);
    os_exact_conn x;
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_exact_solve(sc, &x, &err), 0);
    size_t k = 0, n = 0;
    ASSERT_EXACT(os_exact_downtime_cost(sc, &x, NULL, &k, &n), 8760.0);
    ck_assert_uint_eq(k, 1);
    ck_assert_uint_eq(n, 1);
    os_run_result *res = NULL;
    os_run_options opt = {.threads = 2};
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), 0);
    ck_assert(res->cost.enabled);
    ASSERT_EXACT(res->cost.exact_downtime, 8760.0);
    ASSERT_WITHIN_SE(res->cost.downtime, 8760.0, 4);
    ck_assert(res->cost.total.mean == res->cost.downtime.mean);
    ck_assert(res->cost.infrastructure.max == 0.0 && res->cost.credits.max == 0.0);
    ck_assert(res->cost.downtime.p1 <= res->cost.downtime.p5);
    os_buf b = {0};
    os_report_json(&b, res);
    ck_assert_msg(strstr(b.data, "    \"exact_downtime\": 8760\n  },\n"), "%s", b.data);
    os_buf_free(&b);
    os_run_result_free(res);
    os_scenario_free(sc);
}
END_TEST

/* The sweep over zones (1, 3) x instances (3, 4), a year, availability target 90 %, zone 1
 * down for 10 d at 100 d; 1/h per instance, downtime 1000/h.
 *   1 zone: everything in zone 1, down 10 d (no zone up: no replacement): 97.26 %, passes;
 *     3 instances: 3 x 8760 + 240 h x 1000 = 266280.
 *   3 zones, 3 instances: #0 in zone 1 is lost, replaced 15 m later in zone 2 for 10 d - 15 m
 *     = 239.75 h; served in full: 3 x 8760 + 239.75 = 26519.75 -- the cheapest by cost,
 *     although it has more zones (today's rule, without costs, would pick 1 zone, 3 instances). */
#define SWEEP                                                                                      \
    "sla: { availability: 90% }\n"                                                                 \
    "costs: { downtime: 1000/h }\n"                                                                \
    "regions: [ { name: eastus, zones: 1 } ]\n"                                                    \
    "computes:\n"                                                                                  \
    "  - { name: api, kind: app-service, region: eastus, zone_redundant: true, instances: 3,\n"    \
    "      cost: { instance: 1/h } }\n"                                                            \
    "targets: [ { name: db, kind: sql, region: eastus, zone_redundant: true } ]\n"                 \
    "connections: [ { name: api-db, compute: api, target: db } ]\n"                                \
    "events: [ { zone_down: { region: eastus, zone: 1 }, at: 100d, for: 10d } ]\n"

static os_sweep *sweep_of(const char *yaml, const os_override *sets, size_t n_sets)
{
    os_error err;
    os_error_clear(&err);
    os_sweep *sw = os_sweep_new();
    ck_assert_int_eq(os_sweep_add_vary(sw, "regions.eastus.zones=1,3", &err), 0);
    ck_assert_int_eq(os_sweep_add_vary(sw, "computes.api.instances=3,4", &err), 0);
    ck_assert_msg(os_sweep_load_buffer(sw, "t.yaml", yaml, strlen(yaml), sets, n_sets, &err) == 0,
                  "load: %s", err.msg);
    os_run_options opt = {.threads = 1};
    ck_assert_msg(os_sweep_run(sw, &opt, NULL, NULL, &err) == 0, "run: %s", err.msg);
    return sw;
}

START_TEST(sweep_cheapest_by_cost)
{
    os_sweep *sw = sweep_of(SWEEP, NULL, 0);
    ck_assert(os_sweep_by_cost(sw));
    ASSERT_EXACT(os_sweep_result(sw, 0)->cost.total.mean, 266280.0);
    ASSERT_EXACT(os_sweep_result(sw, 2)->cost.total.mean, 26519.75);
    ck_assert_int_eq(os_sweep_cheapest(sw), 2);
    os_buf b = {0};
    os_sweep_text(&b, sw);
    ck_assert_msg(strstr(b.data, "total cost/yr (USD)") && strstr(b.data, "266,280.00") &&
                      strstr(b.data, "26,519.75"),
                  "%s", b.data);
    b.len = 0;
    os_sweep_csv(&b, sw);
    ck_assert_msg(strstr(b.data, ",cost_total_mean,") && strstr(b.data, ",26519.75,"), "%s",
                  b.data);
    b.len = 0;
    os_sweep_json(&b, sw);
    ck_assert(strstr(b.data, "\"cost\": {"));
    os_buf_free(&b);
    os_sweep_free(sw);
    /* without costs (the section removed, and the instance rate), today's rule: fewest zones,
     * then fewest instances */
    const os_override none[] = {{"costs", "null"}, {"computes.api.cost", "null"}};
    sw = sweep_of(SWEEP, none, 2);
    ck_assert(!os_sweep_by_cost(sw));
    ck_assert(!os_sweep_result(sw, 0)->cost.enabled);
    ck_assert_int_eq(os_sweep_cheapest(sw), 0);
    os_sweep_free(sw);
}
END_TEST

/* sweep --exact with costs: each point's expected downtime cost (8760, as derived above for
 * STOCHASTIC; the pinned compute does not care how many zones the region has) in the table and
 * in the JSON. */
START_TEST(exact_sweep_downtime_cost)
{
    os_error err;
    os_error_clear(&err);
    os_sweep *sw = os_sweep_new();
    ck_assert_int_eq(os_sweep_add_vary(sw, "regions.eastus.zones=2,3", &err), 0);
    ck_assert_int_eq(
        os_sweep_load_buffer(sw, "t.yaml", STOCHASTIC, strlen(STOCHASTIC), NULL, 0, &err), 0);
    ck_assert_int_eq(os_sweep_exact(sw, NULL, NULL, &err), 0);
    os_buf b = {0};
    os_sweep_text(&b, sw);
    ck_assert_msg(strstr(b.data, "downtime cost/yr (EUR)") && strstr(b.data, "8,760.00"), "%s",
                  b.data);
    b.len = 0;
    os_sweep_json(&b, sw);
    ck_assert_msg(strstr(b.data, "\"cost\": {\"currency\": \"EUR\", \"downtime\": 8760, "
                                 "\"in_class\": 1, \"of\": 1}"),
                  "%s", b.data);
    os_buf_free(&b);
    os_sweep_free(sw);
}
END_TEST

/* --set reaches every cost key by path; null removes them; a scenario without any is costless. */
START_TEST(overrides_by_path)
{
    const os_override sets[] = {{"computes.api.cost.instance", "0.5/h"},
                                {"costs.downtime", "2000/h"},
                                {"sla.credits.tiers", "[{below: 99%, credit: 30%}]"},
                                {"targets.db.cost", "{y: 100}"}};
    os_scenario *sc = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(
        os_scenario_load_buffer("t.yaml", ONE_REGION, strlen(ONE_REGION), sets, 4, &sc, &err), 0);
    ck_assert(sc->computes[0].cost.amount == 0.5 && sc->computes[0].cost.per == 3600000);
    ck_assert(sc->costs.downtime.amount == 2000);
    ck_assert_uint_eq(sc->sla.n_tiers, 1);
    ck_assert(sc->sla.tiers[0].credit == 0.3);
    ck_assert(sc->targets[0].cost.amount == 100 && sc->targets[0].cost.per == 31536000000);
    os_scenario_free(sc);
    const os_override off[] = {{"costs", "null"},
                               {"sla.credits", "null"},
                               {"computes.api.cost", "null"},
                               {"targets.db.cost", "null"}};
    ck_assert_int_eq(
        os_scenario_load_buffer("t.yaml", ONE_REGION, strlen(ONE_REGION), off, 4, &sc, &err), 0);
    ck_assert(!sc->costs.enabled);
    ck_assert_ptr_null(sc->costs.currency);
    os_run_result *res = NULL;
    ck_assert_int_eq(os_run(sc, NULL, &res, &err), 0);
    ck_assert(!res->cost.enabled);
    os_buf b = {0};
    os_report_json(&b, res);
    ck_assert(!strstr(b.data, "\"cost\""));
    os_buf_free(&b);
    os_run_result_free(res);
    os_scenario_free(sc);
    /* a bad rate through --set names the key */
    const os_override bad[] = {{"computes.api.cost", "10"}};
    ck_assert_int_lt(
        os_scenario_load_buffer("t.yaml", ONE_REGION, strlen(ONE_REGION), bad, 1, &sc, &err), 0);
    char msg[512];
    os_error_format(&err, msg, sizeof msg);
    ck_assert_str_eq(msg, "--set computes.api.cost: expected a mapping such as "
                          "'{instance: 0.40/h}', got '10'");
}
END_TEST

/* The run result and its reports: figures with n = 1 equal the replication's values; JSON has
 * the "cost" object, CSV the cost columns, text the section. */
START_TEST(reports)
{
    os_scenario *sc = LOAD(APPS);
    os_run_result *res = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_run(sc, NULL, &res, &err), 0);
    ck_assert_str_eq(res->cost.currency, "EUR");
    ASSERT_EXACT(res->cost.infrastructure.mean, 37400.0);
    ASSERT_EXACT(res->cost.total.mean, 37400.0 + 1000.0 + 1200.0 * 30.0 / 365.0);
    ck_assert_uint_eq(res->cost.total.n, 1);
    os_buf b = {0};
    os_report_json(&b, res);
    ck_assert_msg(strstr(b.data, "\"cost\": {\n    \"currency\": \"EUR\",\n    \"infrastructure\": "
                                 "{\"mean\": 37400,"),
                  "%s", b.data);
    b.len = 0;
    os_report_csv(&b, res, true, "", "");
    ck_assert_msg(strstr(b.data, ",currency,cost_infrastructure_mean,cost_downtime_mean,"
                                 "cost_credits_mean,cost_total_mean,cost_total_ci95_lo,"
                                 "cost_total_ci95_hi\n") &&
                      strstr(b.data, ",EUR,37400,1000,"),
                  "%s", b.data);
    b.len = 0;
    os_report_text(&b, res, NULL);
    ck_assert_msg(strstr(b.data, "Costs per year (EUR):\n  infrastructure   37,400.00\n"
                                 "  downtime          1,000.00\n"),
                  "%s", b.data);
    os_buf_free(&b);
    os_run_result_free(res);
    os_scenario_free(sc);
}
END_TEST

static Suite *cost_suite(void)
{
    Suite *s = suite_create("cost");
    TCase *tc = tcase_create("engine");
    tcase_add_test(tc, replacements_credits_downtime);
    tcase_add_test(tc, no_replacement_no_billing);
    tcase_add_test(tc, relocation_rebalance_delay);
    tcase_add_test(tc, flows_routers_geo_rates);
    tcase_add_test(tc, window_exactly_at_tier);
    suite_add_tcase(s, tc);
    tc = tcase_create("analysis");
    tcase_add_test(tc, exact_and_simulated_downtime_cost);
    tcase_add_test(tc, sweep_cheapest_by_cost);
    tcase_add_test(tc, exact_sweep_downtime_cost);
    tcase_add_test(tc, overrides_by_path);
    tcase_add_test(tc, reports);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cost_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
