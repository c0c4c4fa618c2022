/* test_check.c — SLA regression checks (check.h): reading baselines (numbers bit for bit,
 * nulls, errors with file:line:column), matching them against a scenario, the comparison
 * rules (regression, improvement, target missed, tolerance, figures that appear or vanish),
 * and the text and JUnit summaries (well-formed, one testcase per check, escaping). */
#include "outagesim/check.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "outagesim/report.h"

/* --- building baselines --------------------------------------------------------------------- */

/* A figure over 10 replications with interval [lo, hi] around mean. */
static void fig(char *out, size_t size, double lo, double mean, double hi)
{
    snprintf(out, size,
             "{\"mean\": %.17g, \"sd\": 0.001, \"ci95\": [%.17g, %.17g], \"min\": %.17g, "
             "\"p50\": %.17g, \"p95\": %.17g, \"p99\": %.17g, \"max\": %.17g, \"n\": 10}",
             mean, lo, hi, lo, mean, hi, hi, hi);
}

/* Incident times: max and p95 in seconds, or no incident at all (max < 0). */
static void times(char *out, size_t size, double max, double p95)
{
    if (max < 0)
        snprintf(out, size,
                 "{\"mean\": null, \"sd\": null, \"ci95\": null, \"min\": null, "
                 "\"p50\": null, \"p95\": null, \"p99\": null, \"max\": null, "
                 "\"n\": 0}");
    else
        snprintf(out, size,
                 "{\"mean\": %.17g, \"sd\": 1, \"ci95\": [%.17g, %.17g], \"min\": 0, "
                 "\"p50\": %.17g, \"p95\": %.17g, \"p99\": %.17g, \"max\": %.17g, \"n\": 4}",
                 p95, p95, p95, p95, p95, max, max);
}

typedef struct spec {
    double lo, mean, hi;     /* availability */
    const char *verdict;     /* availability verdict */
    double rto_max, rto_p95; /* seconds; max < 0: no incident */
    const char *rto_verdict;
} spec;

static char *json_of(const spec *s)
{
    char av[512], cp[512], sla[512], rto[512], rpo[512];
    fig(av, sizeof av, s->lo, s->mean, s->hi);
    fig(cp, sizeof cp, 0.99, 0.995, 0.999);
    fig(sla, sizeof sla, 0.9, 0.95, 1);
    times(rto, sizeof rto, s->rto_max, s->rto_p95);
    times(rpo, sizeof rpo, 3600, 3600);
    char *buf = malloc(8192);
    ck_assert_ptr_nonnull(buf);
    snprintf(buf, 8192,
             "{\n  \"outagesim\": \"0.1.0\",\n  \"scenario\": \"demo\",\n"
             "  \"seed\": 1, \"replications\": 10, \"horizon\": 2592000,\n"
             "  \"sla\": {\"availability\": 0.999, \"rto\": 86400, \"rpo\": 86400, "
             "\"window\": 2592000},\n"
             "  \"connections\": [\n    {\"name\": \"web-blob\",\n"
             "     \"availability\": %s,\n     \"control_plane_availability\": %s,\n"
             "     \"sla_window_compliance\": %s,\n     \"verdict\": {\"availability\": \"%s\"}}\n"
             "  ],\n  \"service_connector\": {\n    \"rto\": %s,\n    \"rpo\": %s,\n"
             "    \"verdict\": {\"rto\": \"%s\", \"rpo\": \"pass\"}\n  },\n"
             "  \"kernel\": {\"events\": 1, \"wall_seconds\": 0.5}\n}\n",
             av, cp, sla, s->verdict, rto, rpo, s->rto_verdict);
    return buf;
}

static os_baseline *parse_at(const char *json, const char *file, int line)
{
    os_baseline *b = NULL;
    os_error err;
    os_error_clear(&err);
    if (os_baseline_parse("base.json", json, strlen(json), &b, &err) != 0) {
        char buf[2048];
        os_error_format(&err, buf, sizeof buf);
        ck_abort_msg("%s:%d: baseline does not parse: %s", file, line, buf);
    }
    return b;
}
#define PARSE(json) parse_at((json), __FILE__, __LINE__)

static os_baseline *from_spec(const spec *s)
{
    char *json = json_of(s);
    os_baseline *b = PARSE(json);
    free(json);
    return b;
}

/* The message a bad baseline gives: "base.json:L:C: ...". */
static void expect_parse_error(const char *json, const char *want)
{
    os_baseline *b = (os_baseline *)1;
    os_error err;
    char got[2048];
    int rc = os_baseline_parse("base.json", json, strlen(json), &b, &err);
    ck_assert_int_eq(rc, OS_ERR_INPUT);
    ck_assert_ptr_null(b);
    os_error_format(&err, got, sizeof got);
    ck_assert_str_eq(got, want);
}

/* A reference: 99.95 % [99.94, 99.96], verdict pass, RTO max 2 h, p95 1 h. */
static const spec ref = {0.9994, 0.9995, 0.9996, "pass", 7200, 3600, "pass"};

/* New sides of comparisons, kept alive with their reports (items borrow their names) and
 * freed by the teardown. */
static os_baseline *kept[64];
static size_t n_kept;

static void free_kept(void)
{
    for (size_t i = 0; i < n_kept; i++)
        os_baseline_free(kept[i]);
    n_kept = 0;
}

static os_check_report *compare(const spec *old, const spec *cur, double tol)
{
    os_baseline *a = from_spec(old), *b = from_spec(cur);
    os_check_report *rep = NULL;
    os_error err;
    ck_assert_int_eq(os_check_compare(a, b, tol, &rep, &err), 0);
    ck_assert_uint_eq(rep->n_items, 5); /* 3 per connection + RTO + RPO */
    os_baseline_free(a);
    ck_assert_uint_lt(n_kept, 64);
    kept[n_kept++] = b;
    return rep;
}

static const os_check_item *item(const os_check_report *rep, enum os_check_kind k)
{
    for (size_t i = 0; i < rep->n_items; i++)
        if (rep->items[i].kind == k)
            return &rep->items[i];
    ck_abort_msg("no item of kind %s", os_check_kind_str(k));
    return NULL;
}

/* --- parsing -------------------------------------------------------------------------------- */

START_TEST(parse_numbers_exactly)
{
    /* Values as os_buf_json_number writes them read back as the same doubles. */
    const char *json =
        "{\"scenario\": \"s\", \"seed\": 18446744073709551615, \"replications\": 1000, "
        "\"horizon\": 31536000, \"connections\": [{\"name\": \"a\", "
        "\"availability\": {\"mean\": 0.9958904109589041, \"sd\": 1e-05, \"ci95\": "
        "[0.99589, 0.9958904109589042], \"min\": 0, \"p50\": 0.5, \"p95\": 0.9, \"p99\": 1, "
        "\"max\": 1, \"n\": 1000}, "
        "\"control_plane_availability\": {\"mean\": 1, \"sd\": 0, \"ci95\": [1, 1], \"min\": 1, "
        "\"p50\": 1, \"p95\": 1, \"p99\": 1, \"max\": 1, \"n\": 1}, "
        "\"sla_window_compliance\": {\"mean\": 1, \"sd\": 0, \"ci95\": [1, 1], \"min\": 1, "
        "\"p50\": 1, \"p95\": 1, \"p99\": 1, \"max\": 1, \"n\": 1}, "
        "\"verdict\": {\"availability\": \"uncertain\"}}]}";
    os_baseline *b = PARSE(json);
    ck_assert_str_eq(b->scenario, "s");
    ck_assert(b->seed == UINT64_MAX);
    ck_assert_uint_eq(b->replications, 1000);
    ck_assert(b->horizon == 31536000.0);
    ck_assert_uint_eq(b->n_conn, 1);
    ck_assert_str_eq(b->conn[0].name, "a");
    /* exact comparisons on purpose: a baseline must compare equal to an unchanged run */
    ck_assert(b->conn[0].availability.mean == 0.9958904109589041);
    ck_assert(b->conn[0].availability.sd == 1e-05);
    ck_assert(b->conn[0].availability.lo == 0.99589);
    ck_assert(b->conn[0].availability.hi == 0.9958904109589042);
    ck_assert_uint_eq(b->conn[0].availability.n, 1000);
    ck_assert_int_eq(b->conn[0].verdict, OS_VERDICT_UNCERTAIN);
    ck_assert(!b->has_service);            /* no service_connector object: no DR simulated */
    ck_assert(isnan(b->sla_availability)); /* no "sla" object: targets unknown */
    os_baseline_free(b);
}
END_TEST

START_TEST(parse_nulls)
{
    /* No incident at all: RTO is a figure of nulls with n = 0. */
    spec s = ref;
    s.rto_max = -1;
    os_baseline *b = from_spec(&s);
    ck_assert(b->has_service);
    ck_assert_uint_eq(b->rto.n, 0);
    ck_assert(isnan(b->rto.max) && isnan(b->rto.p95) && isnan(b->rto.lo));
    ck_assert_uint_eq(b->rpo.n, 4);
    ck_assert(b->rpo.max == 3600);
    ck_assert(b->sla_availability == 0.999); /* read for messages */
    ck_assert(b->sla_rto == 86400);
    os_baseline_free(b);
}
END_TEST

START_TEST(parse_ignores_other_keys)
{
    /* The kernel object (timing) and keys of later versions never matter. */
    const char *json = "{\"scenario\": \"s\", \"seed\": 3, \"replications\": 2, \"horizon\": "
                       "60, \"connections\": [], \"kernel\": [\"anything\", {\"x\": null}], "
                       "\"stopping\": {\"reason\": \"fixed\"}, \"future\": 1}";
    os_baseline *b = PARSE(json);
    ck_assert_uint_eq(b->n_conn, 0);
    ck_assert_uint_eq(b->seed, 3);
    os_baseline_free(b);
}
END_TEST

START_TEST(parse_errors)
{
    expect_parse_error("", "base.json:1:1: empty file: expected the JSON result of 'outagesim "
                           "run --format json'");
    expect_parse_error("Scenario demo\n",
                       "base.json:1:1: expected the JSON result object of 'outagesim run "
                       "--format json', got 'Scenario demo'");
    expect_parse_error("outagesim 0.1.0: scenario demo\n",
                       "base.json:1:1: missing key 'scenario' (a baseline is the JSON result of "
                       "'outagesim run --format json')");
    expect_parse_error("{\"scenario\": \"s\", \"seed\": 1,,}",
                       "base.json:1:29: JSON syntax error: did not find expected node content "
                       "(while parsing a flow node)");
    expect_parse_error("{\"scenario\": \"s\", \"seed\": 1, \"replications\": 1,\n"
                       " \"connections\": []}",
                       "base.json:1:1: missing key 'horizon' (a baseline is the JSON result of "
                       "'outagesim run --format json')");
    expect_parse_error("{\"scenario\": \"s\", \"seed\": -1, \"replications\": 1, \"horizon\": 1,"
                       " \"connections\": []}",
                       "base.json:1:27: seed: expected a non-negative integer, got '-1'");
    expect_parse_error("{\"scenario\": \"s\", \"seed\": 1, \"replications\": 0, \"horizon\": 1,"
                       " \"connections\": []}",
                       "base.json:1:46: replications: must be from 1 to 100000000, got 0");
    expect_parse_error("{\"scenario\": \"s\", \"seed\": 1, \"replications\": 1, \"horizon\": "
                       "\"30d\", \"connections\": []}",
                       "base.json:1:60: horizon: expected a number, got '30d'");
    expect_parse_error("{\"scenario\": \"s\", \"seed\": 1, \"replications\": 1, \"horizon\": 1,"
                       " \"connections\": {}}",
                       "base.json:1:78: connections: expected a list, got a mapping");
    expect_parse_error("{\"points\": []}",
                       "base.json:1:12: this is a sweep result; a baseline is the result of "
                       "'outagesim run'");
    expect_parse_error("{\"scenario\": \"s\", \"scenario\": \"t\"}",
                       "base.json:1:19: duplicate key 'scenario'");
    /* A figure with values must have them: null only with n = 0. */
    spec s = ref;
    char *json = json_of(&s);
    char *p = strstr(json, "\"max\": 7200");
    ck_assert_ptr_nonnull(p);
    memcpy(p, "\"max\": null", 11);
    os_baseline *b = (os_baseline *)1;
    os_error err;
    ck_assert_int_eq(os_baseline_parse("base.json", json, strlen(json), &b, &err), OS_ERR_INPUT);
    ck_assert_ptr_null(b);
    ck_assert_str_eq(err.msg, "service_connector.rto.max: null, but n is 4");
    ck_assert_int_eq(err.line, 14); /* the "rto" line */
    free(json);
    /* Verdicts are one of three words. */
    s.verdict = "ok";
    json = json_of(&s);
    ck_assert_int_eq(os_baseline_parse("base.json", json, strlen(json), &b, &err), OS_ERR_INPUT);
    ck_assert_str_eq(err.msg, "connections[0].verdict.availability: expected \"pass\", \"fail\" "
                              "or \"uncertain\", got 'ok'");
    free(json);
}
END_TEST

START_TEST(load_files)
{
    os_baseline *b = (os_baseline *)1;
    os_error err;
    char got[2048];
    ck_assert_int_eq(os_baseline_load("/nonexistent/base.json", &b, &err), OS_ERR_IO);
    ck_assert_ptr_null(b);
    os_error_format(&err, got, sizeof got);
    ck_assert_str_eq(got, "/nonexistent/base.json:1:1: cannot read: No such file or directory");
    ck_assert_int_eq(os_baseline_load("/", &b, &err), OS_ERR_IO);
    /* A committed baseline reads. */
    const char *root = getenv("OS_SOURCE_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/results/baselines/seed-story.json", root ? root : ".");
    ck_assert_int_eq(os_baseline_load(path, &b, &err), 0);
    ck_assert_str_eq(b->scenario, "seed-story");
    ck_assert(b->has_service);
    os_baseline_free(b);
}
END_TEST

/* A scenario with DR and two connections, and its run read back. */
static const char *const yaml =
    "name: demo\n"
    "simulation: { horizon: 30d }\n"
    "regions: [ { name: westeurope, zones: 3 }, { name: northeurope, zones: 3 } ]\n"
    "computes: [ { name: web, kind: app-service, region: westeurope, zone: 1, instances: 2 } ]\n"
    "targets: [ { name: blob, kind: storage-blob, region: westeurope, zone_redundant: true } ]\n"
    "connections: [ { name: web-blob, compute: web, target: blob },\n"
    "               { name: web-blob2, compute: web, target: blob } ]\n"
    "service_connector: { primary: westeurope }\n"
    "events: [ { region_down: westeurope, at: 2d, for: 12h } ]\n";

START_TEST(result_round_trip)
{
    /* os_baseline_of_result holds the run's own numbers, bit for bit. */
    os_scenario *sc = LOAD(yaml);
    os_run_options opt = {.threads = 1};
    os_run_result *res = NULL;
    os_error err;
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), 0);
    os_baseline *b = NULL;
    ck_assert_int_eq(os_baseline_of_result(res, &b, &err), 0);
    ck_assert_str_eq(b->scenario, "demo");
    ck_assert_uint_eq(b->n_conn, 2);
    ck_assert(b->conn[0].availability.mean == res->conn[0].availability.mean);
    ck_assert(b->conn[1].cp_availability.lo == res->conn[1].cp_availability.lo);
    ck_assert(b->rto.max == res->rto.max);
    ck_assert_int_eq(b->conn[0].verdict, res->conn[0].verdict);
    ck_assert(b->horizon == 30 * 86400.0);
    ck_assert_int_eq(os_baseline_match(b, sc, &err), 0);
    /* compared with itself: every check passes */
    os_check_report *rep = NULL;
    ck_assert_int_eq(os_check_compare(b, b, 0, &rep, &err), 0);
    ck_assert_uint_eq(rep->n_items, 8);
    for (size_t i = 0; i < rep->n_items; i++)
        ck_assert_msg(rep->items[i].outcome == OS_CHECK_PASS ||
                          (rep->items[i].outcome == OS_CHECK_FAIL && rep->items[i].target_missed &&
                           !rep->items[i].regressed),
                      "item %zu: %s", i, rep->items[i].detail);
    os_check_report_free(rep);
    os_baseline_free(b);
    os_run_result_free(res);
    os_scenario_free(sc);
}
END_TEST

/* --- matching ------------------------------------------------------------------------------- */

static void expect_mismatch(const char *scenario_yaml, const char *want)
{
    os_scenario *sc = LOAD(yaml);
    os_run_options opt = {.threads = 1};
    os_run_result *res = NULL;
    os_error err;
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), 0);
    os_buf json = {0};
    os_report_json(&json, res);
    os_baseline *b = NULL;
    ck_assert_int_eq(os_baseline_parse("base.json", json.data, json.len, &b, &err), 0);
    os_scenario *other = LOAD(scenario_yaml);
    ck_assert_int_eq(os_baseline_match(b, other, &err), OS_ERR_INPUT);
    char got[2048];
    os_error_format(&err, got, sizeof got);
    ck_assert_str_eq(got, want);
    os_scenario_free(other);
    os_baseline_free(b);
    os_buf_free(&json);
    os_run_result_free(res);
    os_scenario_free(sc);
}

/* The demo scenario with one line replaced. */
static char *variant(const char *from, const char *to)
{
    const char *p = strstr(yaml, from);
    ck_assert_ptr_nonnull(p);
    size_t n = strlen(yaml) - strlen(from) + strlen(to) + 1;
    char *s = malloc(n);
    ck_assert_ptr_nonnull(s);
    snprintf(s, n, "%.*s%s%s", (int)(p - yaml), yaml, to, p + strlen(from));
    return s;
}

START_TEST(mismatches)
{
    /* Positions in the run's JSON: line 3 "scenario", 4 the horizon, 6 "connections" (its
     * list), 13 the second connection's name, 20 "service_connector"'s object. */
    char *v = variant("horizon: 30d", "horizon: 60d");
    expect_mismatch(v, "base.json:4:44: horizon: the baseline was run over 30d, the scenario's "
                       "horizon is 60d");
    free(v);
    v = variant("name: demo", "name: other");
    expect_mismatch(v, "base.json:3:15: scenario: the baseline is of scenario 'demo', not "
                       "'other'");
    free(v);
    v = variant("name: web-blob2,", "name: web-files,");
    expect_mismatch(v, "base.json:14:14: connections[1]: the baseline has connection "
                       "'web-blob2' where the scenario has 'web-files'");
    free(v);
    v = variant("               { name: web-blob2, compute: web, target: blob } ]",
                "               { name: web-blob2, compute: web, target: blob },\n"
                "               { name: web-blob3, compute: web, target: blob } ]");
    expect_mismatch(v, "base.json:6:18: connections: the baseline has 2 connections, the "
                       "scenario 3: 'web-blob3' is not in the baseline");
    free(v);
    v = variant(",\n               { name: web-blob2, compute: web, target: blob } ]", " ]");
    expect_mismatch(v, "base.json:14:14: connections: the baseline has 2 connections, the "
                       "scenario 1: 'web-blob2' is not in the scenario");
    free(v);
    v = variant("service_connector: { primary: westeurope }\n", "");
    expect_mismatch(v, "base.json:22:24: service_connector: in the baseline, but the scenario "
                       "has no service_connector section");
    free(v);
}
END_TEST

START_TEST(missing_service_connector)
{
    /* A baseline without the service object for a scenario that has one. */
    spec s = ref;
    char *json = json_of(&s);
    char *p = strstr(json, "  \"service_connector\"");
    char *q = strstr(json, "  \"kernel\"");
    memmove(p, q, strlen(q) + 1);
    os_baseline *b = PARSE(json);
    ck_assert(!b->has_service);
    os_scenario *sc = LOAD("name: demo\n"
                           "simulation: { horizon: 30d }\n"
                           "regions: [ { name: westeurope }, { name: northeurope } ]\n"
                           "computes: [ { name: w, kind: app-service, region: westeurope } ]\n"
                           "targets: [ { name: t, kind: sql, region: westeurope } ]\n"
                           "connections: [ { name: web-blob, compute: w, target: t } ]\n"
                           "service_connector: { primary: westeurope }\n");
    os_error err;
    ck_assert_int_eq(os_baseline_match(b, sc, &err), OS_ERR_INPUT);
    ck_assert_str_eq(err.msg, "service_connector: missing from the baseline, but the scenario "
                              "has a service_connector section");
    ck_assert_int_eq(err.line, 1);
    /* and os_check_compare refuses sides that do not match */
    os_baseline *full = from_spec(&s);
    os_check_report *rep = (os_check_report *)1;
    ck_assert_int_eq(os_check_compare(b, full, 0, &rep, &err), OS_ERR_INPUT);
    ck_assert_ptr_null(rep);
    os_baseline_free(full);
    os_scenario_free(sc);
    os_baseline_free(b);
    free(json);
}
END_TEST

/* --- comparison rules ----------------------------------------------------------------------- */

START_TEST(unchanged_passes)
{
    os_check_report *rep = compare(&ref, &ref, 0);
    ck_assert_uint_eq(rep->n_failed, 0);
    ck_assert_uint_eq(rep->n_improved, 0);
    for (size_t i = 0; i < rep->n_items; i++)
        ck_assert_int_eq(rep->items[i].outcome, OS_CHECK_PASS);
    ck_assert_str_eq(item(rep, OS_CHECK_AVAILABILITY)->connection, "web-blob");
    ck_assert_ptr_null(item(rep, OS_CHECK_RTO)->connection);
    os_check_report_free(rep);
}
END_TEST

START_TEST(availability_regression)
{
    /* New interval [99.90, 99.93] entirely below the old [99.94, 99.96]: a regression, even
     * though 99.93 % still meets a 99.9 % target. */
    spec s = ref;
    s.lo = 0.9990, s.mean = 0.99915, s.hi = 0.9993;
    os_check_report *rep = compare(&ref, &s, 0);
    const os_check_item *it = item(rep, OS_CHECK_AVAILABILITY);
    ck_assert_int_eq(it->outcome, OS_CHECK_FAIL);
    ck_assert(it->regressed && !it->target_missed);
    ck_assert_ptr_nonnull(strstr(it->detail, "regression"));
    ck_assert_uint_eq(rep->n_failed, 1);
    os_check_report_free(rep);
}
END_TEST

START_TEST(availability_noise_passes)
{
    /* Lower mean, but the intervals overlap (new hi 99.945 >= old lo 99.94): noise. */
    spec s = ref;
    s.lo = 0.9993, s.mean = 0.99935, s.hi = 0.99945;
    os_check_report *rep = compare(&ref, &s, 0);
    ck_assert_int_eq(item(rep, OS_CHECK_AVAILABILITY)->outcome, OS_CHECK_PASS);
    os_check_report_free(rep);
    /* touching ends are not a regression either (hi == lo) */
    s.lo = 0.9993, s.mean = 0.99935, s.hi = 0.9994;
    rep = compare(&ref, &s, 0);
    ck_assert_int_eq(item(rep, OS_CHECK_AVAILABILITY)->outcome, OS_CHECK_PASS);
    os_check_report_free(rep);
}
END_TEST

START_TEST(availability_improvement)
{
    spec s = ref;
    s.lo = 0.99970, s.mean = 0.99975, s.hi = 0.9998;
    os_check_report *rep = compare(&ref, &s, 0);
    ck_assert_int_eq(item(rep, OS_CHECK_AVAILABILITY)->outcome, OS_CHECK_IMPROVED);
    ck_assert_uint_eq(rep->n_improved, 1);
    ck_assert_uint_eq(rep->n_failed, 0);
    os_check_report_free(rep);
}
END_TEST

START_TEST(target_missed)
{
    /* Same numbers, but the new run's verdict is fail (say, the target was raised). */
    spec s = ref;
    s.verdict = "fail";
    os_check_report *rep = compare(&ref, &s, 0);
    const os_check_item *it = item(rep, OS_CHECK_AVAILABILITY);
    ck_assert_int_eq(it->outcome, OS_CHECK_FAIL);
    ck_assert(it->target_missed && !it->regressed);
    ck_assert_ptr_nonnull(strstr(it->detail, "target 99.9 % missed"));
    os_check_report_free(rep);
    /* an uncertain verdict is not a miss */
    s.verdict = "uncertain";
    rep = compare(&ref, &s, 0);
    ck_assert_int_eq(item(rep, OS_CHECK_AVAILABILITY)->outcome, OS_CHECK_PASS);
    os_check_report_free(rep);
    /* RTO: fail verdict fails, with the numbers unchanged */
    s = ref;
    s.rto_verdict = "fail";
    rep = compare(&ref, &s, 0);
    ck_assert_int_eq(item(rep, OS_CHECK_RTO)->outcome, OS_CHECK_FAIL);
    ck_assert(item(rep, OS_CHECK_RTO)->target_missed);
    ck_assert_ptr_nonnull(strstr(item(rep, OS_CHECK_RTO)->detail, "target 1d missed"));
    os_check_report_free(rep);
}
END_TEST

START_TEST(rto_tolerance)
{
    /* Max 2 h -> 2 h 30 m: a regression without tolerance, none with 30 m (not strictly more
     * than the tolerance), a regression again with 29 m 59 s. */
    spec s = ref;
    s.rto_max = 9000;
    os_check_report *rep = compare(&ref, &s, 0);
    const os_check_item *it = item(rep, OS_CHECK_RTO);
    ck_assert_int_eq(it->outcome, OS_CHECK_FAIL);
    ck_assert(it->regressed);
    ck_assert_ptr_nonnull(strstr(it->detail, "max longer"));
    os_check_report_free(rep);
    rep = compare(&ref, &s, 1800);
    ck_assert_int_eq(item(rep, OS_CHECK_RTO)->outcome, OS_CHECK_PASS);
    os_check_report_free(rep);
    rep = compare(&ref, &s, 1799);
    ck_assert_int_eq(item(rep, OS_CHECK_RTO)->outcome, OS_CHECK_FAIL);
    os_check_report_free(rep);
    /* p95 alone regressing is enough: 1 h -> 1 h 10 m with max unchanged */
    s = ref;
    s.rto_p95 = 4200;
    rep = compare(&ref, &s, 0);
    it = item(rep, OS_CHECK_RTO);
    ck_assert_int_eq(it->outcome, OS_CHECK_FAIL);
    ck_assert_ptr_nonnull(strstr(it->detail, "regression: p95 longer"));
    os_check_report_free(rep);
    /* shorter beyond the tolerance: improved; within it: pass */
    s = ref;
    s.rto_max = 5400;
    rep = compare(&ref, &s, 0);
    ck_assert_int_eq(item(rep, OS_CHECK_RTO)->outcome, OS_CHECK_IMPROVED);
    os_check_report_free(rep);
    rep = compare(&ref, &s, 3600);
    ck_assert_int_eq(item(rep, OS_CHECK_RTO)->outcome, OS_CHECK_PASS);
    os_check_report_free(rep);
}
END_TEST

START_TEST(rto_nulls)
{
    spec none = ref;
    none.rto_max = -1;
    /* no incident before or after: pass */
    os_check_report *rep = compare(&none, &none, 0);
    ck_assert_int_eq(item(rep, OS_CHECK_RTO)->outcome, OS_CHECK_PASS);
    ck_assert_uint_eq(rep->n_failed, 0);
    os_check_report_free(rep);
    /* incidents before, none now: improved */
    rep = compare(&ref, &none, 0);
    ck_assert_int_eq(item(rep, OS_CHECK_RTO)->outcome, OS_CHECK_IMPROVED);
    ck_assert_ptr_nonnull(strstr(item(rep, OS_CHECK_RTO)->detail, "no incident any more"));
    os_check_report_free(rep);
    /* none before, incidents now: changed, judged on the target (passed here) */
    rep = compare(&none, &ref, 0);
    ck_assert_int_eq(item(rep, OS_CHECK_RTO)->outcome, OS_CHECK_CHANGED);
    ck_assert_uint_eq(rep->n_changed, 1);
    ck_assert_uint_eq(rep->n_failed, 0);
    os_check_report_free(rep);
    /* ... and failed when the new verdict is fail */
    spec bad = ref;
    bad.rto_verdict = "fail";
    rep = compare(&none, &bad, 0);
    ck_assert_int_eq(item(rep, OS_CHECK_RTO)->outcome, OS_CHECK_FAIL);
    ck_assert(!item(rep, OS_CHECK_RTO)->regressed);
    os_check_report_free(rep);
}
END_TEST

START_TEST(bad_tolerance)
{
    os_baseline *b = from_spec(&ref);
    os_check_report *rep = (os_check_report *)1;
    os_error err;
    ck_assert_int_eq(os_check_compare(b, b, -1, &rep, &err), OS_ERR_USAGE);
    ck_assert_int_eq(os_check_compare(b, b, NAN, &rep, &err), OS_ERR_USAGE);
    ck_assert_ptr_null(rep);
    os_baseline_free(b);
}
END_TEST

/* --- summaries ------------------------------------------------------------------------------ */

/* A small well-formedness check: balanced tags, quoted attributes, entities only from the five
 * predefined ones or numeric, no raw '<' or '&' in text. Returns NULL or what is wrong. */
static const char *xml_problem(const char *s)
{
    const char *stack[32];
    size_t depth = 0, lens[32];
    if (strncmp(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39) != 0)
        return "no XML declaration";
    s += 39;
    bool root_seen = false;
    while (*s) {
        if (*s == '&') {
            static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
            bool ok = false;
            for (int k = 0; k < 5; k++)
                ok = ok || !strncmp(s, ents[k], strlen(ents[k]));
            if (!ok && s[1] == '#') {
                const char *p = s + 2;
                while (*p >= '0' && *p <= '9')
                    p++;
                ok = p > s + 2 && *p == ';';
            }
            if (!ok)
                return "a bare '&'";
            s++;
            continue;
        }
        if (*s == '>')
            return "a bare '>' in text (allowed, but we escape it)";
        if (*s != '<') {
            if (depth == 0 && *s != '\n')
                return "text outside the root element";
            s++;
            continue;
        }
        if (s[1] == '/') {
            const char *name = s + 2;
            size_t len = strcspn(name, ">");
            if (depth == 0 || len != lens[depth - 1] || strncmp(name, stack[depth - 1], len))
                return "an unbalanced end tag";
            depth--;
            s = name + len + 1;
            continue;
        }
        const char *name = s + 1;
        size_t len = strcspn(name, " />");
        if (depth == 0 && root_seen)
            return "two root elements";
        root_seen = true;
        const char *p = name + len;
        while (*p == ' ') { /* attributes: name="value" */
            p++;
            p += strcspn(p, "=\" />");
            if (p[0] != '=' || p[1] != '"')
                return "an unquoted attribute";
            p += 2;
            for (; *p != '"'; p++)
                if (!*p || *p == '<')
                    return "'<' or the end inside an attribute";
            p++;
        }
        if (p[0] == '/' && p[1] == '>') {
            s = p + 2;
            continue;
        }
        if (*p != '>')
            return "a malformed start tag";
        if (depth == 32)
            return "too deep";
        stack[depth] = name;
        lens[depth++] = len;
        s = p + 1;
    }
    return depth ? "unclosed elements" : NULL;
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

START_TEST(junit_document)
{
    /* availability regresses and RTO misses its target: 2 failures among 5 testcases */
    spec s = ref;
    s.lo = 0.9990, s.mean = 0.99915, s.hi = 0.9993;
    s.rto_verdict = "fail";
    os_check_report *rep = compare(&ref, &s, 0);
    os_buf b = {0};
    os_check_format_junit(&b, rep, "demo <&> \"quoted\"", 1.5);
    ck_assert(!b.failed);
    const char *problem = xml_problem(b.data);
    ck_assert_msg(problem == NULL, "%s in:\n%s", problem, b.data);
    ck_assert_uint_eq(count(b.data, "<testsuite "), 1);
    ck_assert_uint_eq(count(b.data, "<testcase "), rep->n_items);
    ck_assert_uint_eq(count(b.data, "<failure "), 2);
    ck_assert_ptr_nonnull(strstr(b.data, "tests=\"5\" failures=\"2\""));
    ck_assert_ptr_nonnull(strstr(b.data, "time=\"1.500\""));
    ck_assert_ptr_nonnull(strstr(b.data, "name=\"demo &lt;&amp;&gt; &quot;quoted&quot;\""));
    ck_assert_ptr_nonnull(strstr(b.data, "name=\"web-blob: availability\""));
    ck_assert_ptr_nonnull(strstr(b.data, "name=\"service: RTO\""));
    ck_assert_ptr_nonnull(strstr(b.data, "type=\"regression\""));
    ck_assert_ptr_nonnull(strstr(b.data, "type=\"target missed\""));
    /* a failure element exactly where the outcome is FAIL */
    const char *p = b.data;
    for (size_t i = 0; i < rep->n_items; i++) {
        p = strstr(p, "<testcase ");
        ck_assert_ptr_nonnull(p);
        const char *end = strstr(p, "</testcase>");
        const char *f = strstr(p, "<failure ");
        bool has = f && f < end;
        ck_assert_int_eq(has, rep->items[i].outcome == OS_CHECK_FAIL);
        p = end;
    }
    os_buf_free(&b);
    os_check_report_free(rep);
    /* all passing: no failure element at all */
    rep = compare(&ref, &ref, 0);
    os_check_format_junit(&b, rep, "demo", 0);
    ck_assert_ptr_null(xml_problem(b.data));
    ck_assert_ptr_null(strstr(b.data, "<failure"));
    ck_assert_ptr_nonnull(strstr(b.data, "failures=\"0\""));
    os_buf_free(&b);
    os_check_report_free(rep);
}
END_TEST

START_TEST(xml_escaping)
{
    os_buf b = {0};
    /* the five specials, tab/newline as references, a control character and broken UTF-8 as
     * U+FFFD, valid UTF-8 (é, →, 😀) kept */
    os_xml_escape(&b, "a<b>&\"c'\td\ne\x01"
                      "f\xff"
                      "g\xc3\xa9\xe2\x86\x92\xf0\x9f\x98\x80"
                      "\xed\xa0\x80"
                      "h\xc3");
    ck_assert_str_eq(b.data, "a&lt;b&gt;&amp;&quot;c&apos;&#9;d&#10;e\xEF\xBF\xBD"
                             "f"
                             "\xEF\xBF\xBD"
                             "g\xc3\xa9\xe2\x86\x92\xf0\x9f\x98\x80"
                             "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                             "h\xEF\xBF\xBD");
    os_buf_free(&b);
}
END_TEST

START_TEST(text_summary)
{
    spec s = ref;
    s.lo = 0.9990, s.mean = 0.99915, s.hi = 0.9993;
    os_check_report *rep = compare(&ref, &s, 0);
    os_buf b = {0};
    os_check_format_text(&b, rep);
    /* one line per check plus the count line */
    ck_assert_uint_eq(count(b.data, "\n"), rep->n_items + 1);
    ck_assert_ptr_nonnull(strstr(b.data, "FAIL      availability                web-blob  "
                                         "99.9500 % [99.9400, 99.9600] \u2192 99.9150 % "
                                         "[99.9000, 99.9300]: regression"));
    ck_assert_ptr_nonnull(strstr(b.data, "PASS      RTO                         service   "
                                         "max 2h, p95 1h \u2192 max 2h, p95 1h\n"));
    ck_assert_ptr_nonnull(strstr(b.data, "5 checks: 1 failed, 0 improved, 0 changed "
                                         "(tolerance 0)\n"));
    os_buf_free(&b);
    os_check_report_free(rep);
}
END_TEST

static Suite *check_suite(void)
{
    Suite *s = suite_create("check");
    TCase *tc = tcase_create("baseline");
    tcase_add_test(tc, parse_numbers_exactly);
    tcase_add_test(tc, parse_nulls);
    tcase_add_test(tc, parse_ignores_other_keys);
    tcase_add_test(tc, parse_errors);
    tcase_add_test(tc, load_files);
    tcase_add_test(tc, result_round_trip);
    suite_add_tcase(s, tc);
    tc = tcase_create("match");
    tcase_add_test(tc, mismatches);
    tcase_add_test(tc, missing_service_connector);
    suite_add_tcase(s, tc);
    tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, NULL, free_kept);
    tcase_add_test(tc, unchanged_passes);
    tcase_add_test(tc, availability_regression);
    tcase_add_test(tc, availability_noise_passes);
    tcase_add_test(tc, availability_improvement);
    tcase_add_test(tc, target_missed);
    tcase_add_test(tc, rto_tolerance);
    tcase_add_test(tc, rto_nulls);
    tcase_add_test(tc, bad_tolerance);
    suite_add_tcase(s, tc);
    tc = tcase_create("summaries");
    tcase_add_checked_fixture(tc, NULL, free_kept);
    tcase_add_test(tc, junit_document);
    tcase_add_test(tc, xml_escaping);
    tcase_add_test(tc, text_summary);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(check_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
