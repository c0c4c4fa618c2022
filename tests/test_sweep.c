/* test_sweep.c — parameter sweeps (SPEC §3, §4): --vary parsing and its errors, the cross
 * product in nested-loop order, the CSV and JSON shapes, independence from the thread count,
 * and a closed form across points: independent zones each up a fraction a, a zone-redundant
 * path needs one zone up, so availability is 1 - (1 - a)^n for n zones. */
#include <stdlib.h>

#include "helpers.h"
#include "outagesim/sweep.h"

/* Zones up a = 10 / (10 + 2) = 5/6 of the time (TTF exponential mean 10 d, TTR exponential
 * mean 2 d); web has an instance in every zone and no required_instances, the target is
 * zone-redundant: the connection is up iff some zone is up. */
static const char ZR[] =
    "name: zr\n"
    "simulation: { horizon: 365d, seed: 5 }\n"
    "regions: [ { name: r1, zones: 3 } ]\n"
    "computes: [ { name: web, kind: app-service, region: r1, zone_redundant: true,\n"
    "              instances: 3 } ]\n"
    "targets: [ { name: blob, kind: storage-blob, region: r1, zone_redundant: true } ]\n"
    "connections: [ { name: web-blob, compute: web, target: blob } ]\n"
    "failures: { zone: { time_to_failure: { dist: exponential, mean: 10d },\n"
    "                    time_to_repair: { dist: exponential, mean: 2d } } }\n";

/* The same with a second connection, to a zonal target in zone 1. */
static const char TWO[] =
    "name: two\n"
    "simulation: { horizon: 30d, seed: 5 }\n"
    "regions: [ { name: r1, zones: 3 } ]\n"
    "computes: [ { name: web, kind: app-service, region: r1, zone_redundant: true,\n"
    "              instances: 3 } ]\n"
    "targets: [ { name: blob, kind: storage-blob, region: r1, zone_redundant: true },\n"
    "           { name: sql, kind: sql, region: r1, zone: 1 } ]\n"
    "connections: [ { name: web-blob, compute: web, target: blob },\n"
    "               { name: web-sql, compute: web, target: sql } ]\n"
    "failures: { zone: { time_to_failure: { dist: exponential, mean: 10d },\n"
    "                    time_to_repair: { dist: exponential, mean: 2d } } }\n";

static bool starts_with(const char *s, const char *prefix)
{
    return s && !strncmp(s, prefix, strlen(prefix));
}

static os_sweep *sweep_of(const char *const *specs, size_t n)
{
    os_sweep *sw = os_sweep_new();
    ck_assert_ptr_nonnull(sw);
    os_error err;
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(os_sweep_add_vary(sw, specs[i], &err) == 0, "%s: %s", specs[i], err.msg);
    return sw;
}

static void load(os_sweep *sw, const char *yaml)
{
    os_error err;
    int rc = os_sweep_load_buffer(sw, "test.yaml", yaml, strlen(yaml), NULL, 0, &err);
    char buf[2048];
    os_error_format(&err, buf, sizeof buf);
    ck_assert_msg(rc == 0, "load: %s", buf);
}

static void run(os_sweep *sw, uint64_t reps, int threads)
{
    os_run_options opt = {.replications = reps, .threads = threads};
    os_error err;
    ck_assert_msg(os_sweep_run(sw, &opt, NULL, NULL, &err) == 0, "run: %s", err.msg);
}

/* The loader's error for a sweep, formatted "file:line:column: message". */
static int load_error(const char *spec, const char *yaml, char *buf, size_t size)
{
    const char *specs[] = {spec};
    os_sweep *sw = sweep_of(specs, 1);
    os_error err;
    int rc = os_sweep_load_buffer(sw, "test.yaml", yaml, strlen(yaml), NULL, 0, &err);
    os_error_format(&err, buf, size);
    os_sweep_free(sw);
    return rc;
}

/* --- parsing and order ------------------------------------------------------------------ */

/* 2 x 3 values: 6 points, the first key outermost as in nested loops:
 * (1,a) (1,b) (1,c) (2,a) (2,b) (2,c). */
START_TEST(cross_product_order)
{
    const char *specs[] = {"k1=1,2", "k2=a,b,c"};
    os_sweep *sw = sweep_of(specs, 2);
    ck_assert_uint_eq(os_sweep_n_keys(sw), 2);
    ck_assert_uint_eq(os_sweep_n_points(sw), 6);
    const char *want[6][2] = {{"1", "a"}, {"1", "b"}, {"1", "c"},
                              {"2", "a"}, {"2", "b"}, {"2", "c"}};
    for (size_t p = 0; p < 6; p++) {
        ck_assert_str_eq(os_sweep_value(sw, p, 0), want[p][0]);
        ck_assert_str_eq(os_sweep_value(sw, p, 1), want[p][1]);
    }
    ck_assert_str_eq(os_sweep_key(sw, 1), "k2");
    os_sweep_free(sw);
}
END_TEST

/* Three keys 2 x 2 x 3 = 12 points; point 7 = (1, 0, 1) in mixed radix (2, 2, 3). */
START_TEST(three_keys_mixed_radix)
{
    const char *specs[] = {"a=x,y", "b=p,q", "c=1,2,3"};
    os_sweep *sw = sweep_of(specs, 3);
    ck_assert_uint_eq(os_sweep_n_points(sw), 12);
    ck_assert_str_eq(os_sweep_value(sw, 7, 0), "y");
    ck_assert_str_eq(os_sweep_value(sw, 7, 1), "p");
    ck_assert_str_eq(os_sweep_value(sw, 7, 2), "2");
    ck_assert_ptr_null(os_sweep_value(sw, 12, 0));
    os_sweep_free(sw);
}
END_TEST

/* Commas inside flow YAML do not split a value; blanks around values are dropped. */
START_TEST(values_keep_flow_yaml)
{
    const char *specs[] = {"failures.zone.time_to_repair={dist: fixed, value: 2h}, 4h,"
                           "'a,b',[1, 2]"};
    os_sweep *sw = sweep_of(specs, 1);
    ck_assert_uint_eq(os_sweep_n_points(sw), 4);
    ck_assert_str_eq(os_sweep_value(sw, 0, 0), "{dist: fixed, value: 2h}");
    ck_assert_str_eq(os_sweep_value(sw, 1, 0), "4h");
    ck_assert_str_eq(os_sweep_value(sw, 2, 0), "'a,b'");
    ck_assert_str_eq(os_sweep_value(sw, 3, 0), "[1, 2]");
    os_sweep_free(sw);
}
END_TEST

/* Missing '=', empty key, empty value list, an empty value and a key given twice are usage
 * errors (exit 2 in the CLI) that quote what was written. */
START_TEST(bad_vary_specs)
{
    const char *bad[] = {"computes.web.instances", "=1,2",
                         "computes.web.instances=", "computes.web.instances=1,,3",
                         "computes.web.instances=3,"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        os_sweep *sw = os_sweep_new();
        os_error err;
        ck_assert_int_eq(os_sweep_add_vary(sw, bad[i], &err), OS_ERR_USAGE);
        ck_assert_msg(strstr(err.msg, "--vary") != NULL, "%s: %s", bad[i], err.msg);
        ck_assert_uint_eq(os_sweep_n_keys(sw), 0);
        os_sweep_free(sw);
    }
    os_sweep *sw = os_sweep_new();
    os_error err;
    ck_assert_int_eq(os_sweep_add_vary(sw, "k=1,2", &err), 0);
    ck_assert_int_eq(os_sweep_add_vary(sw, "k=3", &err), OS_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "varied twice"));
    os_sweep_free(sw);
}
END_TEST

/* A misspelt key names itself, as --vary, with the nearest valid one. */
START_TEST(bad_key_did_you_mean)
{
    char buf[2048];
    ck_assert_int_lt(load_error("computes.web.instancez=1,2", ZR, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "--vary computes.web.instancez: unknown key 'instancez' "
                          "(did you mean 'instances'?)");
    ck_assert_int_lt(load_error("computes.wab.instances=1,2", ZR, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "--vary computes.wab.instances: no compute named 'wab' "
                          "(did you mean 'web'?)");
    ck_assert_int_lt(load_error("regionz.r1.zones=1,2", ZR, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "--vary regionz.r1.zones: unknown key 'regionz' "
                          "(did you mean 'regions'?)");
}
END_TEST

/* A bad value is an invalid combination like any other (SPEC §6.6): it is skipped with the
 * loader's message naming the key, and the points that load still run. Only when every point
 * is bad does the load fail, with that message. */
START_TEST(bad_value_is_skipped)
{
    const char *specs[] = {"computes.web.instances=1,2,abc"};
    os_sweep *sw = sweep_of(specs, 1);
    load(sw, ZR);
    ck_assert_uint_eq(os_sweep_n_skipped(sw), 1);
    ck_assert_ptr_null(os_sweep_skipped(sw, 0));
    ck_assert_ptr_null(os_sweep_skipped(sw, 1));
    ck_assert_ptr_null(os_sweep_scenario(sw, 2));
    ck_assert_str_eq(os_sweep_skipped(sw, 2),
                     "--vary computes.web.instances: expected a non-negative integer, got 'abc'");
    os_sweep_free(sw);
    char buf[2048];
    ck_assert_int_lt(load_error("regions.r1.zones=0,99", ZR, buf, sizeof buf), 0);
    ck_assert_msg(strstr(buf, "no combination makes a valid scenario: regions.r1.zones=0: "
                              "--vary regions.r1.zones: ") != NULL,
                  "%s", buf);
    ck_assert_msg(strstr(buf, "; regions.r1.zones=99: --vary regions.r1.zones: ") != NULL, "%s",
                  buf);
}
END_TEST

/* An error elsewhere in the scenario that a point causes (sql's zone 2 in a 1-zone region)
 * skips that point with the message of the file's key; when it is the only point, the load
 * fails and the message names the point. */
START_TEST(point_error_names_the_point)
{
    static const char yaml[] =
        "regions: [ { name: r1, zones: 3 } ]\n"
        "computes: [ { name: web, kind: app-service, region: r1, instances: 1 } ]\n"
        "targets: [ { name: sql, kind: sql, region: r1, zone: 2 } ]\n"
        "connections: [ { name: c, compute: web, target: sql } ]\n";
    char buf[2048];
    ck_assert_int_lt(load_error("regions.r1.zones=1", yaml, buf, sizeof buf), 0);
    ck_assert_msg(strstr(buf, "(at sweep point regions.r1.zones=1)") != NULL, "%s", buf);
    ck_assert_msg(starts_with(buf, "test.yaml:3:"), "%s", buf);
    const char *specs[] = {"regions.r1.zones=3,1"};
    os_sweep *sw = sweep_of(specs, 1);
    load(sw, yaml);
    ck_assert_ptr_null(os_sweep_skipped(sw, 0));
    ck_assert_msg(starts_with(os_sweep_skipped(sw, 1), "targets[0].zone: "), "%s",
                  os_sweep_skipped(sw, 1));
    ck_assert_ptr_null(strstr(os_sweep_skipped(sw, 1), "at sweep point"));
    os_sweep_free(sw);
}
END_TEST

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* --- ranges (SPEC §6.6) ------------------------------------------------------------------ */

/* The values of the only key of a sweep of spec, joined by '|'. */
static void values_of(const char *spec, char *buf, size_t size)
{
    const char *specs[] = {spec};
    os_sweep *sw = sweep_of(specs, 1);
    size_t n = 0;
    buf[0] = 0;
    for (size_t p = 0; p < os_sweep_n_points(sw) && n < size; p++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", p ? "|" : "", os_sweep_value(sw, p, 0));
    os_sweep_free(sw);
}

/* A..B is every integer from A to B (step 1); A..B:STEP every STEP-th from A, up to B
 * inclusive (B itself only when reached); durations need a step and come back formatted as
 * durations; lists and ranges mix in the order written; blanks around the parts are allowed. */
START_TEST(ranges_expand)
{
    char buf[512];
    values_of("computes.web.instances=2..5", buf, sizeof buf);
    ck_assert_str_eq(buf, "2|3|4|5");
    values_of("computes.web.instances=1,2,4..8:2", buf, sizeof buf);
    ck_assert_str_eq(buf, "1|2|4|6|8");
    values_of("computes.web.instances=1..8:3", buf, sizeof buf); /* 1, 4, 7; 10 > 8 */
    ck_assert_str_eq(buf, "1|4|7");
    values_of("k=3..3", buf, sizeof buf);
    ck_assert_str_eq(buf, "3");
    values_of("k=-2..1", buf, sizeof buf);
    ck_assert_str_eq(buf, "-2|-1|0|1");
    values_of("k=1 .. 3 : 2, 9", buf, sizeof buf);
    ck_assert_str_eq(buf, "1|3|9");
    values_of("simulation.horizon=1h..4h:30m", buf, sizeof buf);
    ck_assert_str_eq(buf, "1h|1h 30m|2h|2h 30m|3h|3h 30m|4h");
    values_of("k=1d..2d 12h:1d,6h", buf, sizeof buf); /* 1d, 2d; 3d > 2d 12h */
    ck_assert_str_eq(buf, "1d|2d|6h");
    /* not ranges: a relative path and flow YAML stay values as written */
    values_of("failures.trace.file=../t.csv", buf, sizeof buf);
    ck_assert_str_eq(buf, "../t.csv");
    values_of("k=[1..2]", buf, sizeof buf);
    ck_assert_str_eq(buf, "[1..2]");
}
END_TEST

/* Backwards, zero or negative steps, integers mixed with durations, a duration range without
 * a step, and ranges past the value limit are usage errors that quote the range. */
START_TEST(bad_ranges)
{
    static const struct {
        const char *spec, *msg;
    } bad[] = {
        {"k=8..2", "--vary k: bad range '8..2': it runs backwards (A must not exceed B)"},
        {"k=1..4:0", "--vary k: bad range '1..4:0': the step must be positive"},
        {"k=1..4:-1", "--vary k: bad range '1..4:-1': the step must be positive"},
        {"k=1h..2:30m", "--vary k: bad range '1h..2:30m': it mixes integers and durations "
                        "(write every part with a unit, e.g. 1h..4h:30m)"},
        {"k=1h..4h:30", "--vary k: bad range '1h..4h:30': it mixes integers and durations "
                        "(write every part with a unit, e.g. 1h..4h:30m)"},
        {"k=1..4:1h", "--vary k: bad range '1..4:1h': an integer range needs an integer step"},
        {"k=1h..3h", "--vary k: bad range '1h..3h': a duration range needs a step (A..B:STEP, "
                     "e.g. 1h..4h:30m)"},
        {"k=4h..1h:1h", "--vary k: bad range '4h..1h:1h': it runs backwards (A must not exceed "
                        "B)"},
        {"k=1h..4h:0", "--vary k: bad range '1h..4h:0': the step must be positive"},
        {"k=1..", "--vary k: bad range '1..': expected A..B or A..B:STEP"},
        {"k=1..3:", "--vary k: bad range '1..3:': expected A..B or A..B:STEP"},
        {"k=1x..3x:1x", "--vary k: bad range '1x..3x:1x': "},
        {"k=1..5000", "--vary k: range '1..5000' gives 5000 values (more than 1000 in all)"},
        {"k=1..600,1..600", "--vary k: range '1..600' gives 600 values (more than 1000 in all)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        os_sweep *sw = os_sweep_new();
        os_error err;
        ck_assert_int_eq(os_sweep_add_vary(sw, bad[i].spec, &err), OS_ERR_USAGE);
        ck_assert_msg(starts_with(err.msg, bad[i].msg), "%s: %s", bad[i].spec, err.msg);
        ck_assert_uint_eq(os_sweep_n_keys(sw), 0);
        os_sweep_free(sw);
    }
}
END_TEST

/* instances 2..6:2 x required_instances 3,5 on a 3-zone web: required above instances makes
 * (2,3), (2,5), (4,5) invalid. They are kept as skipped, with the loader's message, in every
 * output; the other three run. */
START_TEST(invalid_combinations_are_skipped)
{
    const char *specs[] = {"computes.web.instances=2..6:2", "computes.web.required_instances=3,5"};
    os_sweep *sw = sweep_of(specs, 2);
    load(sw, ZR);
    ck_assert_uint_eq(os_sweep_n_points(sw), 6);
    ck_assert_uint_eq(os_sweep_n_skipped(sw), 3);
    const char *want[] = {
        "--vary computes.web.required_instances: must not exceed instances (2), got '3'",
        "--vary computes.web.required_instances: must not exceed instances (2), got '5'",
        NULL,
        "--vary computes.web.required_instances: must not exceed instances (4), got '5'",
        NULL,
        NULL};
    for (size_t p = 0; p < 6; p++) {
        if (want[p])
            ck_assert_str_eq(os_sweep_skipped(sw, p), want[p]);
        else
            ck_assert_ptr_null(os_sweep_skipped(sw, p));
        ck_assert(!want[p] == (os_sweep_scenario(sw, p) != NULL));
    }
    run(sw, 2, 1);
    for (size_t p = 0; p < 6; p++)
        ck_assert(!want[p] == (os_sweep_result(sw, p) != NULL));
    os_buf b = {0};
    os_sweep_json(&b, sw);
    ck_assert_ptr_nonnull(
        strstr(b.data, "\"set\": {\"computes.web.instances\": 2, "
                       "\"computes.web.required_instances\": 3},\n    \"skipped\": \"--vary "
                       "computes.web.required_instances: must not exceed instances (2), got "
                       "'3'\"\n  }"));
    b.len = 0;
    os_sweep_csv(&b, sw);
    os_buf_puts(&b, "");
    /* header gains `skipped`; a skipped row leaves entity, kind and the 13 figure columns
     * empty */
    ck_assert_msg(strstr(b.data, ",rpo_max,skipped\n2,3,,,,,,,,,,,,,,,,\"--vary ") != NULL, "%s",
                  b.data);
    ck_assert_msg(strstr(b.data, "\n4,3,web-blob,") != NULL, "%s", b.data);
    ck_assert_uint_eq(count_lines(b.data), 7);
    b.len = 0;
    os_sweep_text(&b, sw);
    os_buf_puts(&b, "");
    ck_assert_msg(strstr(b.data, ", 3 skipped\n") != NULL, "%s", b.data);
    ck_assert_msg(strstr(b.data, "skipped: --vary computes.web.required_instances: must not "
                                 "exceed instances (4), got '5'\n") != NULL,
                  "%s", b.data);
    os_buf_free(&b);
    os_sweep_free(sw);
}
END_TEST

/* --set KEY=null removes an optional key or section, so the point runs without it (here the
 * instance failure process: availability back to that of the zones alone); a required one is
 * an error naming the key. */
START_TEST(null_removes)
{
    os_scenario *sc = NULL;
    os_error err;
    os_override rm[] = {{"failures.zone", "null"}};
    ck_assert_int_eq(os_scenario_load_buffer("t.yaml", ZR, strlen(ZR), rm, 1, &sc, &err), 0);
    ck_assert(!sc->has_failures);
    ck_assert(!sc->regions[0].zone_proc.enabled);
    os_scenario_free(sc);
    os_override req[] = {{"computes.web.kind", "null"}};
    ck_assert_int_eq(os_scenario_load_buffer("t.yaml", ZR, strlen(ZR), req, 1, &sc, &err),
                     OS_ERR_INPUT);
    char buf[1024];
    os_error_format(&err, buf, sizeof buf);
    ck_assert_str_eq(buf, "--set computes.web.kind: 'kind' is required and cannot be removed "
                          "with null");
    os_override sect[] = {{"targets", "~"}};
    ck_assert_int_eq(os_scenario_load_buffer("t.yaml", ZR, strlen(ZR), sect, 1, &sc, &err),
                     OS_ERR_INPUT);
    os_error_format(&err, buf, sizeof buf);
    ck_assert_str_eq(buf, "--set targets: 'targets' is required and cannot be removed with null");
    /* removing what is not there changes nothing */
    os_override none[] = {{"failures.instance", "null"}, {"service_connector.failback", "null"}};
    ck_assert_int_eq(os_scenario_load_buffer("t.yaml", ZR, strlen(ZR), none, 2, &sc, &err), 0);
    os_scenario_free(sc);
}
END_TEST

/* A key both --set and --vary is ambiguous. */
START_TEST(set_and_vary_same_key)
{
    const char *specs[] = {"computes.web.instances=1,2"};
    os_sweep *sw = sweep_of(specs, 1);
    os_override sets[] = {{"computes.web.instances", "3"}};
    os_error err;
    ck_assert_int_eq(os_sweep_load_buffer(sw, "t.yaml", ZR, strlen(ZR), sets, 1, &err),
                     OS_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "also given with --set"));
    os_sweep_free(sw);
}
END_TEST

/* Each point is the scenario with --set first, then the point's values. */
START_TEST(points_apply_overrides)
{
    const char *specs[] = {"regions.r1.zones=1,2", "computes.web.instances=2,5"};
    os_sweep *sw = sweep_of(specs, 2);
    os_override sets[] = {{"simulation.horizon", "7d"}};
    os_error err;
    ck_assert_int_eq(os_sweep_load_buffer(sw, "t.yaml", ZR, strlen(ZR), sets, 1, &err), 0);
    int zones[] = {1, 1, 2, 2}, inst[] = {2, 5, 2, 5};
    for (size_t p = 0; p < 4; p++) {
        const os_scenario *sc = os_sweep_scenario(sw, p);
        ck_assert_int_eq(sc->regions[0].zones, zones[p]);
        ck_assert_int_eq(sc->computes[0].instances, inst[p]);
        ck_assert_int_eq(sc->sim.horizon, 7 * 86400000LL);
    }
    os_sweep_free(sw);
}
END_TEST

/* --- outputs ---------------------------------------------------------------------------- */

/* 2 x 2 points and 2 connections: a header and 2 x 2 x 2 = 8 rows, each starting with the
 * point's values in order and then the connection. */
START_TEST(csv_shape)
{
    const char *specs[] = {"regions.r1.zones=2,3", "computes.web.instances=3,6"};
    os_sweep *sw = sweep_of(specs, 2);
    load(sw, TWO);
    run(sw, 20, 2);
    os_buf b = {0};
    os_sweep_csv(&b, sw);
    ck_assert(!b.failed);
    ck_assert_uint_eq(count_lines(b.data), 1 + 8);
    const char *head = "regions.r1.zones,computes.web.instances,entity,kind,availability_mean,"
                       "availability_ci95_lo,availability_ci95_hi,"
                       "control_plane_availability_mean,control_plane_availability_ci95_lo,"
                       "control_plane_availability_ci95_hi,sla_window_compliance_mean,"
                       "sla_window_compliance_ci95_lo,sla_window_compliance_ci95_hi,"
                       "rto_p95,rto_max,rpo_p95,rpo_max\n";
    ck_assert_msg(starts_with(b.data, head), "%s", b.data);
    const char *starts[] = {"2,3,web-blob,connection,", "2,3,web-sql,connection,",
                            "2,6,web-blob,connection,", "2,6,web-sql,connection,",
                            "3,3,web-blob,connection,", "3,3,web-sql,connection,",
                            "3,6,web-blob,connection,", "3,6,web-sql,connection,"};
    const char *line = strchr(b.data, '\n') + 1;
    for (size_t i = 0; i < 8; i++) {
        ck_assert_msg(starts_with(line, starts[i]), "row %zu: %.40s", i, line);
        size_t commas = 0;
        for (const char *p = line; *p != '\n'; p++)
            commas += *p == ',';
        ck_assert_uint_eq(commas, 2 + 14); /* 2 keys + entity + kind + 13 figures - 1 */
        line = strchr(line, '\n') + 1;
    }
    os_buf_free(&b);
    os_sweep_free(sw);
}
END_TEST

/* A value with a comma is quoted in the CSV; flow YAML values parse. */
START_TEST(csv_quotes_values)
{
    const char *specs[] = {"failures.zone.time_to_repair={dist: fixed, value: 2h},1d"};
    os_sweep *sw = sweep_of(specs, 1);
    load(sw, ZR);
    run(sw, 4, 1);
    os_buf b = {0};
    os_sweep_csv(&b, sw);
    const char *row = strchr(b.data, '\n') + 1;
    ck_assert_msg(starts_with(row, "\"{dist: fixed, value: 2h}\",web-blob,"), "%s", row);
    ck_assert_uint_eq(count_lines(b.data), 3);
    os_buf_free(&b);
    os_sweep_free(sw);
}
END_TEST

/* The CSV (and the JSON without its kernel object) is byte-identical for 1 and 2 threads. */
START_TEST(thread_count_does_not_matter)
{
    const char *specs[] = {"regions.r1.zones=1,3", "computes.web.instances=3,4"};
    os_buf out[2] = {{0}, {0}};
    for (int t = 0; t < 2; t++) {
        os_sweep *sw = sweep_of(specs, 2);
        load(sw, TWO);
        run(sw, 40, t + 1);
        os_sweep_csv(&out[t], sw);
        os_sweep_free(sw);
    }
    ck_assert_str_eq(out[0].data, out[1].data);
    os_buf_free(&out[0]);
    os_buf_free(&out[1]);
}
END_TEST

static void count_point(void *ctx, const os_sweep *sw, size_t point)
{
    size_t *seen = ctx; /* seen[0]: calls so far; seen[1 + i]: the point of call i */
    (void)sw;
    seen[1 + seen[0]++] = point;
}

/* With at least as many points as threads the points run concurrently, one thread each (4
 * points on 2 and 4 threads; on 8 threads they run one after another over 8 threads): the CSV
 * is the same as the serial run's, and the point callback sees every point once, in order. */
START_TEST(concurrent_points_match_serial)
{
    const char *specs[] = {"regions.r1.zones=1,3", "computes.web.instances=3,4"};
    const int threads[] = {1, 2, 4, 8};
    os_buf out[4] = {{0}, {0}, {0}, {0}};
    for (int t = 0; t < 4; t++) {
        os_sweep *sw = sweep_of(specs, 2);
        load(sw, TWO);
        size_t seen[8] = {0};
        os_run_options opt = {.replications = 10, .threads = threads[t]};
        os_error err;
        ck_assert_msg(os_sweep_run(sw, &opt, count_point, seen, &err) == 0, "%s", err.msg);
        ck_assert_uint_eq(seen[0], 4);
        for (size_t i = 0; i < 4; i++)
            ck_assert_uint_eq(seen[1 + i], i);
        os_sweep_csv(&out[t], sw);
        os_sweep_free(sw);
        if (t > 0)
            ck_assert_str_eq(out[t].data, out[0].data);
    }
    for (int t = 0; t < 4; t++)
        os_buf_free(&out[t]);
}
END_TEST

/* JSON: {"points": [...]} with "set" first: numbers as numbers, other values as strings. */
START_TEST(json_set_object)
{
    const char *specs[] = {"regions.r1.zones=1,2", "failures.zone.time_to_repair=2h"};
    os_sweep *sw = sweep_of(specs, 2);
    load(sw, ZR);
    run(sw, 4, 1);
    os_buf b = {0};
    os_sweep_json(&b, sw);
    ck_assert_msg(starts_with(b.data,
                              "{\"points\": [\n  {\n    \"set\": {\"regions.r1.zones\": 1, "
                              "\"failures.zone.time_to_repair\": \"2h\"},\n    \"outagesim\""),
                  "%s", b.data);
    ck_assert_ptr_nonnull(strstr(b.data, "\"set\": {\"regions.r1.zones\": 2, "));
    ck_assert_ptr_nonnull(strstr(b.data, "\"connections\": ["));
    ck_assert(!strcmp(b.data + b.len - 4, "\n]}\n"));
    os_buf_free(&b);
    os_sweep_free(sw);
}
END_TEST

/* Text: the cheapest passing point is marked; with a 99 % target, 1 zone (5/6) fails and 2
 * zones (35/36 = 97.2 %) fail, 3 zones (215/216 = 99.54 %) pass with 3 instances. Exact, so
 * no sampling enters the verdicts. */
START_TEST(text_marks_cheapest_exact)
{
    const char *specs[] = {"regions.r1.zones=1,2,3", "computes.web.instances=6,3"};
    os_sweep *sw = sweep_of(specs, 2);
    os_override sets[] = {{"sla.availability", "99%"}};
    os_error err;
    ck_assert_int_eq(os_sweep_load_buffer(sw, "t.yaml", ZR, strlen(ZR), sets, 1, &err), 0);
    ck_assert_int_eq(os_sweep_exact(sw, NULL, NULL, &err), 0);
    ck_assert_int_eq(os_sweep_cheapest(sw), 5); /* (3, 3): fewer instances than (3, 6) */
    const os_exact_conn *e = os_sweep_exact_result(sw, 2);
    ASSERT_EXACT(e[0].availability, 35.0 / 36.0);
    os_buf b = {0};
    os_sweep_text(&b, sw);
    ck_assert_msg(strstr(b.data, "\n* 3 ") != NULL, "%s", b.data);
    ck_assert_msg(strstr(b.data, "cheapest combination that passes every target: "
                                 "regions.r1.zones=3, computes.web.instances=3 (3 zones, "
                                 "3 instances)") != NULL,
                  "%s", b.data);
    os_buf_free(&b);
    os_sweep_free(sw);
}
END_TEST

/* Exact CSV and JSON: one row per point and connection; the zonal-target connection is in
 * the class too (compute zone-redundant with an instance in every zone). */
START_TEST(exact_outputs)
{
    const char *specs[] = {"regions.r1.zones=1,2,3"};
    os_sweep *sw = sweep_of(specs, 1);
    load(sw, TWO);
    os_error err;
    ck_assert_int_eq(os_sweep_exact(sw, NULL, NULL, &err), 0);
    os_buf b = {0};
    os_sweep_csv(&b, sw);
    ck_assert_uint_eq(count_lines(b.data), 1 + 6);
    ck_assert_msg(starts_with(b.data, "regions.r1.zones,entity,kind,availability,outages_per_year,"
                                      "mean_outage_duration,downtime_per_year,outside\n"),
                  "%s", b.data);
    os_buf_free(&b);
    os_sweep_json(&b, sw);
    ck_assert_ptr_nonnull(strstr(b.data, "\"set\": {\"regions.r1.zones\": 3},"));
    ck_assert_ptr_nonnull(strstr(b.data, "{\"name\": \"web-sql\", \"exact\": {\"availability\": "));
    os_buf_free(&b);
    /* The zonal target caps web-sql at a = 5/6 whatever the zone count. */
    for (size_t p = 0; p < 3; p++)
        ASSERT_EXACT(os_sweep_exact_result(sw, p)[1].availability, 5.0 / 6.0);
    os_sweep_free(sw);
}
END_TEST

/* Exact with no connection in the class anywhere: an error naming connection and reason. */
START_TEST(exact_none_in_class)
{
    const char *specs[] = {"computes.web.instances=2,3"};
    os_sweep *sw = sweep_of(specs, 1);
    os_override sets[] = {{"computes.web.required_instances", "2"}};
    os_error err;
    ck_assert_int_eq(os_sweep_load_buffer(sw, "t.yaml", ZR, strlen(ZR), sets, 1, &err), 0);
    ck_assert_int_eq(os_sweep_exact(sw, NULL, NULL, &err), OS_ERR_INPUT);
    ck_assert_msg(strstr(err.msg, "web-blob: platform replacement") != NULL, "%s", err.msg);
    ck_assert_ptr_null(os_sweep_exact_result(sw, 0));
    os_sweep_free(sw);
}
END_TEST

/* --- closed form ------------------------------------------------------------------------ */

/* 1, 2, 3 zones with a = 5/6 each: availability 1 - (1/6)^n, i.e. 5/6, 35/36, 215/216, at
 * every point within 4 standard errors (400 replications x 365 d; about 1 in 16,000 runs of a
 * correct simulator fails one point). */
START_TEST(closed_form_zone_count)
{
    const char *specs[] = {"regions.r1.zones=1,2,3"};
    os_sweep *sw = sweep_of(specs, 1);
    load(sw, ZR);
    run(sw, 400, 0);
    for (size_t p = 0; p < 3; p++) {
        const os_run_result *r = os_sweep_result(sw, p);
        ck_assert_uint_eq(r->replications, 400);
        ASSERT_WITHIN_SE(r->conn[0].availability, 1.0 - pow(1.0 / 6.0, (double)(p + 1)), 4);
    }
    os_sweep_free(sw);
}
END_TEST

/* Instances do not matter without required_instances: with 3 to 6 instances (at least one
 * per zone) the answer is still 1 - (1/6)^n; and common random numbers make points that
 * differ only in instance count identical. */
START_TEST(closed_form_zones_and_instances)
{
    const char *specs[] = {"regions.r1.zones=2,3", "computes.web.instances=3,6"};
    os_sweep *sw = sweep_of(specs, 2);
    load(sw, ZR);
    run(sw, 400, 0);
    for (size_t p = 0; p < 4; p++) {
        double n = p < 2 ? 2 : 3;
        ASSERT_WITHIN_SE(os_sweep_result(sw, p)->conn[0].availability, 1.0 - pow(1.0 / 6.0, n), 4);
    }
    ck_assert(os_sweep_result(sw, 2)->conn[0].availability.mean ==
              os_sweep_result(sw, 3)->conn[0].availability.mean);
    os_sweep_free(sw);
}
END_TEST

static Suite *sweep_suite(void)
{
    Suite *s = suite_create("sweep");
    TCase *tc = tcase_create("parsing");
    tcase_add_test(tc, cross_product_order);
    tcase_add_test(tc, three_keys_mixed_radix);
    tcase_add_test(tc, values_keep_flow_yaml);
    tcase_add_test(tc, bad_vary_specs);
    tcase_add_test(tc, bad_key_did_you_mean);
    tcase_add_test(tc, bad_value_is_skipped);
    tcase_add_test(tc, point_error_names_the_point);
    tcase_add_test(tc, ranges_expand);
    tcase_add_test(tc, bad_ranges);
    tcase_add_test(tc, null_removes);
    tcase_add_test(tc, set_and_vary_same_key);
    tcase_add_test(tc, points_apply_overrides);
    suite_add_tcase(s, tc);
    tc = tcase_create("outputs");
    tcase_add_test(tc, csv_shape);
    tcase_add_test(tc, csv_quotes_values);
    tcase_add_test(tc, invalid_combinations_are_skipped);
    tcase_add_test(tc, thread_count_does_not_matter);
    tcase_add_test(tc, concurrent_points_match_serial);
    tcase_add_test(tc, json_set_object);
    tcase_add_test(tc, text_marks_cheapest_exact);
    tcase_add_test(tc, exact_outputs);
    tcase_add_test(tc, exact_none_in_class);
    suite_add_tcase(s, tc);
    tc = tcase_create("closed forms");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, closed_form_zone_count);
    tcase_add_test(tc, closed_form_zones_and_instances);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sweep_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
