/* test_scenario.c — the scenario loader on good input: every key of tests/scenarios/full.yaml,
 * every default (tests/scenarios/minimal.yaml), --set overrides, region names and pairs, the
 * incident trace, and the did-you-mean helpers. Bad input is test_bad.c's. */
#include "outagesim/scenario.h"
#include "outagesim/exact.h"
#include "outagesim/montecarlo.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const double M = 60000.0, HR = 3600000.0, DY = 86400000.0;
static const double YR = 365 * 86400000.0;

/* Parameters pass through at most one multiplication or log: a few ulps. */
#define ASSERT_EXACT(got, want) ck_assert_double_eq_tol((got), (want), 1e-12 * fabs(want) + 1e-300)

static char source_path[1024];

static const char *src(const char *rel)
{
    const char *root = getenv("OS_SOURCE_ROOT");
    snprintf(source_path, sizeof source_path, "%s/%s", root ? root : ".", rel);
    return source_path;
}

static os_scenario *load_file_at(const char *rel, const os_override *sets, size_t n,
                                 const char *file, int line)
{
    os_scenario *sc = NULL;
    os_error err;
    char buf[2048];
    if (os_scenario_load(src(rel), sets, n, &sc, &err) != 0) {
        os_error_format(&err, buf, sizeof buf);
        ck_abort_msg("%s:%d: %s does not load: %s", file, line, rel, buf);
    }
    return sc;
}
#define LOAD_FILE(rel, sets, n) load_file_at((rel), (sets), (n), __FILE__, __LINE__)

static os_scenario *load_text_at(const char *yaml, const char *file, int line)
{
    os_scenario *sc = NULL;
    os_error err;
    char buf[2048];
    if (os_scenario_load_buffer("test.yaml", yaml, strlen(yaml), NULL, 0, &sc, &err) != 0) {
        os_error_format(&err, buf, sizeof buf);
        ck_abort_msg("%s:%d: scenario does not load: %s", file, line, buf);
    }
    return sc;
}
#define LOAD_TEXT(yaml) load_text_at((yaml), __FILE__, __LINE__)

/* Loads with overrides and expects the formatted error want. */
static void expect_error_at(const char *yaml, const os_override *sets, size_t n, const char *want,
                            const char *file, int line)
{
    os_scenario *sc = (os_scenario *)1;
    os_error err;
    char buf[2048];
    int rc = os_scenario_load_buffer("test.yaml", yaml, strlen(yaml), sets, n, &sc, &err);
    ck_assert_msg(rc < 0, "%s:%d: loaded, expected: %s", file, line, want);
    ck_assert_msg(sc == NULL, "%s:%d: *out not NULL on error", file, line);
    os_error_format(&err, buf, sizeof buf);
    ck_assert_msg(!strcmp(buf, want), "%s:%d:\n got: %s\nwant: %s", file, line, buf, want);
}
#define EXPECT_ERROR(yaml, sets, n, want)                                                          \
    expect_error_at((yaml), (sets), (n), (want), __FILE__, __LINE__)

static void assert_fixed(const os_dist *d, double ms)
{
    ck_assert_int_eq(d->kind, OS_DIST_FIXED);
    ASSERT_EXACT(d->a, ms);
    ASSERT_EXACT(d->mean, ms);
}

static const char *minimal = "regions:\n"
                             "  - name: East US\n"
                             "computes:\n"
                             "  - { name: web, kind: app-service, region: eastus }\n"
                             "targets:\n"
                             "  - { name: blob, kind: storage-blob, region: East US }\n"
                             "connections:\n"
                             "  - { name: web-blob, compute: web, target: blob }\n";

/* --- the full example ----------------------------------------------------------------------- */

START_TEST(full_top_and_simulation)
{
    os_scenario *sc = LOAD_FILE("tests/scenarios/full.yaml", NULL, 0);
    ck_assert_str_eq(sc->name, "app-service-zone-redundant");
    ck_assert_str_eq(sc->description,
                     "Zone-redundant web app with a Blob Storage connection in West Europe.");
    ck_assert_str_eq(sc->path, src("tests/scenarios/full.yaml"));
    ck_assert_int_eq(sc->sim.horizon, 365 * (os_ms)DY);
    ck_assert_uint_eq(sc->sim.replications, 1000);
    ck_assert_uint_eq(sc->sim.seed, 42);
    ck_assert_int_eq(sc->sim.start, OS_START_ALL_UP);
    ASSERT_EXACT(sc->sim.precision, 0.10); /* "10%" of the unavailability */
    ck_assert(sc->sim.precision_relative);
    ck_assert_int_eq(sc->sim.until, OS_UNTIL_VERDICT);
    ck_assert_uint_eq(sc->sim.min_replications, 200);
    ck_assert_uint_eq(sc->sim.max_replications, 50000);
    ck_assert_uint_eq(sc->sim.batch, 50);
    ASSERT_EXACT(sc->sla.availability, 0.9995); /* "99.95%" */
    ck_assert_int_eq(sc->sla.rto, 12 * (os_ms)HR);
    ck_assert_int_eq(sc->sla.rpo, 90 * (os_ms)M); /* "1h 30m" */
    ck_assert_int_eq(sc->sla.window, 7 * (os_ms)DY);
    ck_assert(sc->has_failures);
    os_scenario_free(sc);
}
END_TEST

START_TEST(full_regions)
{
    os_scenario *sc = LOAD_FILE("tests/scenarios/full.yaml", NULL, 0);
    ck_assert_uint_eq(sc->n_regions, 3);
    os_region *we = &sc->regions[0], *ne = &sc->regions[1], *r1 = &sc->regions[2];
    ck_assert_str_eq(we->name, "westeurope");
    ck_assert_str_eq(we->key, "westeurope");
    ck_assert_int_eq(we->zones, 3);
    ck_assert_int_eq(we->pair, 1); /* built-in: West Europe -> North Europe, in the scenario */
    ck_assert_str_eq(we->pair_name, "North Europe");
    ck_assert_int_eq(we->first_zone, 0);
    ck_assert_int_eq(we->mark.line, 24);
    ck_assert_int_eq(we->mark.column, 5);
    ck_assert_str_eq(ne->name, "North Europe");
    ck_assert_str_eq(ne->key, "northeurope");
    ck_assert_int_eq(ne->zones, 2);
    ck_assert_int_eq(ne->pair, 0);
    ck_assert_str_eq(ne->pair_name, "West Europe");
    ck_assert_int_eq(ne->first_zone, 3);
    ck_assert_str_eq(r1->name, "r1");
    ck_assert_int_eq(r1->zones, 1);
    ck_assert_int_eq(r1->pair, 0); /* explicit `pair: westeurope` */
    ck_assert_str_eq(r1->pair_name, "westeurope");
    ck_assert_int_eq(r1->first_zone, 5);
    ck_assert_int_eq(sc->n_zones, 6);

    /* Top-level processes, inherited by westeurope and r1. */
    for (int i = 0; i < 3; i += 2) {
        os_region *r = &sc->regions[i];
        ck_assert(r->zone_proc.enabled && r->region_proc.enabled && r->instance_proc.enabled);
        ck_assert_int_eq(r->zone_proc.ttf.kind, OS_DIST_EXPONENTIAL);
        ASSERT_EXACT(r->zone_proc.ttf.a, 2 * YR);
        ASSERT_EXACT(r->zone_proc.ttf.mean, 2 * YR);
        ck_assert_int_eq(r->zone_proc.ttr.kind, OS_DIST_LOGNORMAL);
        ASSERT_EXACT(r->zone_proc.ttr.a, log(4 * HR)); /* mu = ln(median in ms) */
        ASSERT_EXACT(r->zone_proc.ttr.b, 1.0);
        ASSERT_EXACT(r->zone_proc.ttr.mean, 4 * HR * exp(0.5)); /* median e^(sigma^2/2) */
        ck_assert_int_eq(r->region_proc.ttf.kind, OS_DIST_EXPONENTIAL);
        ASSERT_EXACT(r->region_proc.ttf.a, 25 * YR);
        ck_assert_int_eq(r->region_proc.ttr.kind, OS_DIST_WEIBULL);
        ASSERT_EXACT(r->region_proc.ttr.a, 12 * HR); /* a = scale */
        ASSERT_EXACT(r->region_proc.ttr.b, 0.8);     /* b = shape */
        ck_assert_int_eq(r->instance_proc.ttf.kind, OS_DIST_NORMAL);
        ASSERT_EXACT(r->instance_proc.ttf.a, 60 * DY);
        ASSERT_EXACT(r->instance_proc.ttf.b, 10 * DY);
        ck_assert_int_eq(r->instance_proc.ttr.kind, OS_DIST_EMPIRICAL);
        ck_assert_uint_eq(r->instance_proc.ttr.n_values, 3);
        ASSERT_EXACT(r->instance_proc.ttr.values[0], 10 * M);
        ASSERT_EXACT(r->instance_proc.ttr.values[1], 15 * M);
        ASSERT_EXACT(r->instance_proc.ttr.values[2], 20 * M);
        ASSERT_EXACT(r->instance_proc.ttr.mean, 15 * M);
    }
    /* Each region owns its copy of the empirical values. */
    ck_assert_ptr_ne(we->instance_proc.ttr.values, r1->instance_proc.ttr.values);
    /* North Europe replaces the zone process only. */
    ck_assert_int_eq(ne->zone_proc.ttf.kind, OS_DIST_GAMMA);
    ASSERT_EXACT(ne->zone_proc.ttf.a, 2.0); /* a = shape */
    ASSERT_EXACT(ne->zone_proc.ttf.b, YR);  /* b = scale */
    ASSERT_EXACT(ne->zone_proc.ttf.mean, 2 * YR);
    assert_fixed(&ne->zone_proc.ttr, 3 * HR); /* a bare duration is a fixed distribution */
    ck_assert_int_eq(ne->region_proc.ttr.kind, OS_DIST_WEIBULL);
    ck_assert_int_eq(ne->instance_proc.ttr.kind, OS_DIST_EMPIRICAL);
    os_scenario_free(sc);
}
END_TEST

START_TEST(full_topology)
{
    os_scenario *sc = LOAD_FILE("tests/scenarios/full.yaml", NULL, 0);
    ck_assert_uint_eq(sc->n_computes, 3);
    os_compute *web = &sc->computes[0], *jobs = &sc->computes[1], *batch = &sc->computes[2];
    ck_assert_str_eq(web->name, "web");
    ck_assert_int_eq(web->kind, OS_APP_SERVICE);
    ck_assert_int_eq(web->region, 0);
    ck_assert(web->zone_redundant);
    ck_assert_int_eq(web->zone, 1);
    ck_assert_int_eq(web->instances, 6);
    ck_assert_int_eq(web->required_instances, 4);
    ck_assert(!web->relocate);
    ck_assert_int_eq(web->mark.line, 37);
    ck_assert_int_eq(web->mark.column, 5);
    ck_assert_str_eq(jobs->name, "jobs");
    ck_assert_int_eq(jobs->kind, OS_CONTAINER_APPS);
    ck_assert_int_eq(jobs->region, 0); /* "West Europe" is westeurope */
    ck_assert(!jobs->zone_redundant);
    ck_assert_int_eq(jobs->zone, 3);
    ck_assert_int_eq(jobs->instances, 2);
    ck_assert_int_eq(jobs->required_instances, 0);
    ck_assert(jobs->relocate);
    ck_assert_int_eq(batch->kind, OS_SPRING_APPS);
    ck_assert_int_eq(batch->region, 2);
    ck_assert_int_eq(batch->instances, 1); /* default */

    ck_assert_uint_eq(sc->n_targets, 2);
    ck_assert_str_eq(sc->targets[0].name, "blob");
    ck_assert_str_eq(sc->targets[0].kind, "storage-blob");
    ck_assert_int_eq(sc->targets[0].region, 0);
    ck_assert(!sc->targets[0].zone_redundant);
    ck_assert_int_eq(sc->targets[0].zone, 2);
    ck_assert_str_eq(sc->targets[1].name, "db");
    ck_assert_str_eq(sc->targets[1].kind, "sql");
    ck_assert_int_eq(sc->targets[1].region, 1);
    ck_assert(sc->targets[1].zone_redundant);
    ck_assert_int_eq(sc->targets[1].zone, 1);

    ck_assert_uint_eq(sc->n_connections, 2);
    ck_assert_str_eq(sc->connections[0].name, "web-blob");
    ck_assert_int_eq(sc->connections[0].compute, 0);
    ck_assert_int_eq(sc->connections[0].target, 0);
    ck_assert_str_eq(sc->connections[1].name, "jobs-db");
    ck_assert_int_eq(sc->connections[1].compute, 1);
    ck_assert_int_eq(sc->connections[1].target, 1);

    assert_fixed(&sc->platform.detection_delay, 2 * M);
    ck_assert_int_eq(sc->platform.provisioning_delay.kind, OS_DIST_UNIFORM);
    ASSERT_EXACT(sc->platform.provisioning_delay.a, 5 * M);
    ASSERT_EXACT(sc->platform.provisioning_delay.b, 15 * M);
    ASSERT_EXACT(sc->platform.provisioning_delay.mean, 10 * M);
    ck_assert_int_eq(sc->platform.surge_limit, 6);
    assert_fixed(&sc->platform.rebalance_delay, HR);
    os_scenario_free(sc);
}
END_TEST

START_TEST(full_service_connector)
{
    os_scenario *sc = LOAD_FILE("tests/scenarios/full.yaml", NULL, 0);
    const os_service_connector *c = &sc->sc;
    ck_assert(c->enabled);
    ck_assert_int_eq(c->primary, 0);
    ck_assert_int_eq(c->hc_interval, 5 * (os_ms)M);
    ck_assert_int_eq(c->hc_failures_to_trigger, 2);
    ck_assert_int_eq(c->hc_offset, (os_ms)M);
    ck_assert(c->has_declared_after && c->has_report_after);
    assert_fixed(&c->declared_after, 45 * M);
    assert_fixed(&c->report_after, 2 * HR);
    ck_assert_int_eq(c->mode, OS_FAILOVER_MANUAL);
    assert_fixed(&c->decision_delay, 10 * M);
    assert_fixed(&c->dns_remap, 2 * HR);
    assert_fixed(&c->manual_duration, 4 * HR);
    ck_assert_uint_eq(c->n_underlying, 2);
    ck_assert_str_eq(c->underlying[0].name, "metadata-db");
    assert_fixed(&c->underlying[0].duration, 2 * HR);
    ck_assert_str_eq(c->underlying[1].name, "key-store");
    ck_assert_int_eq(c->underlying[1].duration.kind, OS_DIST_EXPONENTIAL);
    ASSERT_EXACT(c->underlying[1].duration.mean, 30 * M);
    ck_assert_int_eq(c->backup_interval, 12 * (os_ms)HR);
    ck_assert(c->failback);
    assert_fixed(&c->failback_after, 48 * HR);
    assert_fixed(&c->failback_downtime, 5 * M);
    ck_assert(c->has_operations);
    ASSERT_EXACT(c->ops_per_ms, 60.0 / HR); /* "60/h" */
    ASSERT_EXACT(c->write_share, 0.30);     /* "30%" */
    os_scenario_free(sc);
}
END_TEST

START_TEST(full_groups_trace_events)
{
    os_scenario *sc = LOAD_FILE("tests/scenarios/full.yaml", NULL, 0);
    ck_assert_uint_eq(sc->n_groups, 2);
    const os_group *g = &sc->groups[0];
    ck_assert_str_eq(g->name, "shared-cooling");
    ck_assert_uint_eq(g->n_members, 2);
    ck_assert_int_eq(g->members[0].region, 0);
    ck_assert_int_eq(g->members[0].zone, 1);
    ck_assert_int_eq(g->members[1].region, 0);
    ck_assert_int_eq(g->members[1].zone, 2);
    ck_assert_int_eq(g->ttf.kind, OS_DIST_EXPONENTIAL);
    ASSERT_EXACT(g->ttf.mean, 20 * YR);
    /* lognormal from mean 3h, sd 1h: sigma^2 = ln(1 + 1/9), mu = ln(3h) - sigma^2 / 2, so the
     * mean exp(mu + sigma^2 / 2) comes back as 3h. */
    ck_assert_int_eq(g->ttr.kind, OS_DIST_LOGNORMAL);
    ASSERT_EXACT(g->ttr.b, sqrt(log(1.0 + 1.0 / 9.0)));
    ASSERT_EXACT(g->ttr.a, log(3 * HR) - log(1.0 + 1.0 / 9.0) / 2);
    ASSERT_EXACT(g->ttr.mean, 3 * HR);
    ck_assert_int_eq(g->mark.line, 99);
    g = &sc->groups[1];
    ck_assert_str_eq(g->name, "global-identity");
    ck_assert_uint_eq(g->n_members, 2);
    ck_assert_int_eq(g->members[0].region, 0);
    ck_assert_int_eq(g->members[0].zone, 0); /* the whole region */
    ck_assert_int_eq(g->members[1].region, 1);
    ck_assert_int_eq(g->members[1].zone, 0);
    assert_fixed(&g->ttr, 2 * HR);

    /* incidents.csv: ISO starts; origin = 2024-07-02 00:00 UTC (the earliest start's day). */
    const os_trace *tr = &sc->trace;
    ck_assert_int_eq(tr->mode, OS_TRACE_BOOTSTRAP);
    ck_assert_str_eq(tr->file, src("tests/scenarios/incidents.csv"));
    ck_assert_int_eq(tr->block, 10 * (os_ms)DY);
    ck_assert_uint_eq(tr->n_outages, 3);
    /* Sorted by start; the two rows starting together keep their file order. */
    ck_assert_int_eq(tr->outages[0].start, 10 * (os_ms)HR);
    ck_assert_int_eq(tr->outages[0].duration, 90 * (os_ms)M);
    ck_assert_int_eq(tr->outages[0].region, 1);
    ck_assert_int_eq(tr->outages[0].zone, 0);
    os_ms start = 17 * (os_ms)DY + 4 * (os_ms)HR + 9 * (os_ms)M; /* 07-19 04:09 */
    ck_assert_int_eq(tr->outages[1].start, start);
    ck_assert_int_eq(tr->outages[1].duration, 6 * (os_ms)HR);
    ck_assert_int_eq(tr->outages[1].region, 0);
    ck_assert_int_eq(tr->outages[1].zone, 2);
    ck_assert_int_eq(tr->outages[2].start, start);
    ck_assert_int_eq(tr->outages[2].duration, (os_ms)HR);
    ck_assert_int_eq(tr->outages[2].zone, 1);
    ck_assert_int_eq(tr->span, start + 6 * (os_ms)HR);
    /* bootstrap: the explicit horizon stays */
    ck_assert_int_eq(sc->sim.horizon, 365 * (os_ms)DY);

    ck_assert_uint_eq(sc->n_events, 5);
    const os_event *e = sc->events;
    ck_assert_int_eq(e[0].kind, OS_EV_ZONE_DOWN);
    ck_assert_int_eq(e[0].region, 0);
    ck_assert_int_eq(e[0].zone, 2);
    ck_assert_int_eq(e[0].at, 10 * (os_ms)DY);
    assert_fixed(&e[0].duration, 6 * HR);
    ck_assert_int_eq(e[0].mark.line, 113);
    ck_assert_int_eq(e[0].mark.column, 5);
    ck_assert_int_eq(e[1].kind, OS_EV_REGION_DOWN);
    ck_assert_int_eq(e[1].region, 0);
    ck_assert_int_eq(e[1].at, 200 * (os_ms)DY + 7 * (os_ms)HR);
    assert_fixed(&e[1].duration, 30 * HR);
    ck_assert_int_eq(e[2].kind, OS_EV_GROUP_DOWN);
    ck_assert_int_eq(e[2].group, 0);
    ck_assert_int_eq(e[2].at, 40 * (os_ms)DY);
    assert_fixed(&e[2].duration, 5 * HR); /* {dist: fixed, value: 5h} */
    ck_assert_int_eq(e[3].kind, OS_EV_OUTAGE_DECLARED);
    ck_assert_int_eq(e[3].region, 0);
    ck_assert_int_eq(e[3].at, 200 * (os_ms)DY + 8 * (os_ms)HR);
    ck_assert_int_eq(e[4].kind, OS_EV_CUSTOMER_REPORT);
    ck_assert_int_eq(e[4].region, 0); /* "West Europe" */
    ck_assert_int_eq(e[4].at, 200 * (os_ms)DY + 9 * (os_ms)HR + 30 * (os_ms)M);
    os_scenario_free(sc);
}
END_TEST

/* --- defaults ------------------------------------------------------------------------------- */

START_TEST(defaults)
{
    os_scenario *sc = LOAD_FILE("tests/scenarios/minimal.yaml", NULL, 0);
    ck_assert_str_eq(sc->name, "minimal"); /* the file name without .yaml */
    ck_assert_ptr_null(sc->description);
    ck_assert_int_eq(sc->sim.horizon, 365 * (os_ms)DY);
    ck_assert_uint_eq(sc->sim.replications, 1); /* no failures: deterministic */
    ck_assert_uint_eq(sc->sim.seed, 1);
    ck_assert_int_eq(sc->sim.start, OS_START_STEADY);
    ck_assert(sc->sim.precision == 0 && !sc->sim.precision_relative);
    ck_assert_int_eq(sc->sim.until, OS_UNTIL_FIXED);
    ck_assert_uint_eq(sc->sim.min_replications, 30);
    ck_assert_uint_eq(sc->sim.max_replications, 1000000);
    ck_assert_uint_eq(sc->sim.batch, 100);
    ASSERT_EXACT(sc->sla.availability, 0.999);
    ck_assert_int_eq(sc->sla.rto, 24 * (os_ms)HR);
    ck_assert_int_eq(sc->sla.rpo, 24 * (os_ms)HR);
    ck_assert_int_eq(sc->sla.window, 30 * (os_ms)DY);
    const os_region *r = &sc->regions[0];
    ck_assert_str_eq(r->name, "East US");
    ck_assert_str_eq(r->key, "eastus");
    ck_assert_int_eq(r->zones, 3);
    ck_assert_int_eq(r->pair, -1); /* West US 2 is not in the scenario */
    ck_assert_str_eq(r->pair_name, "West US 2");
    ck_assert(!r->zone_proc.enabled && !r->region_proc.enabled && !r->instance_proc.enabled);
    const os_compute *c = &sc->computes[0];
    ck_assert_int_eq(c->kind, OS_APP_SERVICE);
    ck_assert(!c->zone_redundant && !c->relocate);
    ck_assert_int_eq(c->zone, 1);
    ck_assert_int_eq(c->instances, 1);
    ck_assert_int_eq(c->required_instances, 0);
    ck_assert(!sc->targets[0].zone_redundant);
    ck_assert_int_eq(sc->targets[0].zone, 1);
    assert_fixed(&sc->platform.detection_delay, 5 * M);
    assert_fixed(&sc->platform.provisioning_delay, 10 * M);
    assert_fixed(&sc->platform.rebalance_delay, 0);
    ck_assert_int_eq(sc->platform.surge_limit, -1); /* each compute's instance count */
    const os_service_connector *s = &sc->sc;
    ck_assert(!s->enabled);
    ck_assert_int_eq(s->hc_interval, 10 * (os_ms)M);
    ck_assert_int_eq(s->hc_failures_to_trigger, 3);
    ck_assert_int_eq(s->hc_offset, 0);
    ck_assert(!s->has_declared_after && !s->has_report_after);
    ck_assert_int_eq(s->mode, OS_FAILOVER_AUTOMATIC);
    assert_fixed(&s->decision_delay, 0);
    assert_fixed(&s->dns_remap, HR);
    assert_fixed(&s->manual_duration, 6 * HR);
    ck_assert_uint_eq(s->n_underlying, 0);
    ck_assert_int_eq(s->backup_interval, 24 * (os_ms)HR);
    ck_assert(!s->failback);
    assert_fixed(&s->failback_after, 24 * HR);
    assert_fixed(&s->failback_downtime, 0);
    ck_assert(!s->has_operations);
    ck_assert_uint_eq(sc->n_groups, 0);
    ck_assert_int_eq(sc->trace.mode, OS_TRACE_NONE);
    ck_assert_uint_eq(sc->n_events, 0);
    ck_assert(!sc->has_failures);
    os_scenario_free(sc);
}
END_TEST

START_TEST(defaults_with_failures)
{
    /* A failure process anywhere makes 1000 replications the default; a region override alone
     * counts, and the service connector's defaults apply when the section is present. */
    char yaml[2048];
    snprintf(yaml, sizeof yaml,
             "regions:\n"
             "  - name: East US\n"
             "    failures: { zone: { time_to_failure: 1y, time_to_repair: 1h } }\n"
             "  - name: westus2\n"
             "computes: [ { name: web, kind: app-service, region: eastus } ]\n"
             "targets: [ { name: blob, kind: x, region: eastus } ]\n"
             "connections: [ { name: c, compute: web, target: blob } ]\n"
             "service_connector: { primary: East US }\n");
    os_scenario *sc = LOAD_TEXT(yaml);
    ck_assert(sc->has_failures);
    ck_assert_uint_eq(sc->sim.replications, 1000);
    ck_assert(sc->regions[0].zone_proc.enabled);
    ck_assert(!sc->regions[1].zone_proc.enabled);
    ck_assert(sc->sc.enabled);
    ck_assert_int_eq(sc->sc.primary, 0);
    ck_assert_int_eq(sc->regions[0].pair, 1);
    ck_assert_int_eq(sc->regions[1].pair, 0); /* West US 2 -> East US */
    ck_assert(!sc->sc.failback && !sc->sc.has_operations);
    ck_assert_str_eq(sc->name, "test");
    os_scenario_free(sc);
}
END_TEST

/* --- names ---------------------------------------------------------------------------------- */

START_TEST(region_names)
{
    char key[64];
    os_region_key("West Europe", key, sizeof key);
    ck_assert_str_eq(key, "westeurope");
    os_region_key("  East US 2 EUAP ", key, sizeof key);
    ck_assert_str_eq(key, "eastus2euap");
    os_region_key("West Europe", key, 5); /* truncated, terminated */
    ck_assert_str_eq(key, "west");
    os_scenario *sc = LOAD_FILE("tests/scenarios/full.yaml", NULL, 0);
    ck_assert_int_eq(os_scenario_find_region(sc, "West Europe"), 0);
    ck_assert_int_eq(os_scenario_find_region(sc, "westeurope"), 0);
    ck_assert_int_eq(os_scenario_find_region(sc, "northeurope"), 1);
    ck_assert_int_eq(os_scenario_find_region(sc, "NORTH EUROPE"), 1);
    ck_assert_int_eq(os_scenario_find_region(sc, "R1"), 2);
    ck_assert_int_eq(os_scenario_find_region(sc, "eastus"), -1);
    ck_assert_int_eq(os_scenario_find_region(NULL, "eastus"), -1);
    os_scenario_free(sc);
}
END_TEST

START_TEST(builtin_pairs)
{
    ck_assert_str_eq(os_builtin_pair("eastus2euap"), "East US");
    ck_assert_str_eq(os_builtin_pair("westcentralus"), "West Central US 2");
    ck_assert_str_eq(os_builtin_pair("westeurope"), "North Europe");
    ck_assert_str_eq(os_builtin_pair("northeurope"), "West Europe");
    ck_assert_str_eq(os_builtin_pair("eastus"), "West US 2");
    ck_assert_str_eq(os_builtin_pair("westus2"), "East US");
    ck_assert_ptr_null(os_builtin_pair("West Europe")); /* keys only */
    ck_assert_ptr_null(os_builtin_pair("r1"));
    ck_assert_ptr_null(os_builtin_pair(NULL));
    /* Directed: EUAP -> East US -> West US 2 -> East US. */
    os_scenario *sc = LOAD_TEXT("regions:\n"
                                "  - name: East US 2 EUAP\n"
                                "  - name: East US\n"
                                "  - name: westus2\n"
                                "computes: [ { name: w, kind: app-service, region: eastus } ]\n"
                                "targets: [ { name: t, kind: sql, region: eastus } ]\n"
                                "connections: [ { name: c, compute: w, target: t } ]\n");
    ck_assert_int_eq(sc->regions[0].pair, 1);
    ck_assert_str_eq(sc->regions[0].pair_name, "East US");
    ck_assert_int_eq(sc->regions[1].pair, 2);
    ck_assert_str_eq(sc->regions[1].pair_name, "West US 2");
    ck_assert_int_eq(sc->regions[2].pair, 1);
    os_scenario_free(sc);
}
END_TEST

START_TEST(did_you_mean)
{
    static const char *const keys[] = {"name", "kind", "region", "zone_redundant", "zone"};
    ck_assert_uint_eq(os_edit_distance("kitten", "sitting"), 3);
    ck_assert_uint_eq(os_edit_distance("", "abc"), 3);
    ck_assert_uint_eq(os_edit_distance("same", "same"), 0);
    char a[301], b[301]; /* longer than the stack row: the heap path */
    memset(a, 'a', 300);
    memset(b, 'a', 300);
    a[300] = b[300] = '\0';
    b[150] = 'b';
    ck_assert_uint_eq(os_edit_distance(a, b), 1);
    ck_assert_str_eq(os_nearest("zone_redundnat", keys, 5), "zone_redundant");
    ck_assert_str_eq(os_nearest("regoin", keys, 5), "region");
    ck_assert_str_eq(os_nearest("zones", keys, 5), "zone");
    /* Too far: max(2, len/3) edits at most. */
    ck_assert_ptr_null(os_nearest("instances", keys, 5));
    ck_assert_ptr_null(os_nearest("x", NULL, 0));
}
END_TEST

/* --- overrides ------------------------------------------------------------------------------ */

START_TEST(override_parse)
{
    char *k, *v;
    ck_assert_int_eq(os_override_parse("computes.web.instances=9", &k, &v), 0);
    ck_assert_str_eq(k, "computes.web.instances");
    ck_assert_str_eq(v, "9");
    free(k);
    free(v);
    ck_assert_int_eq(os_override_parse("a={dist: fixed, value: 2h}=x", &k, &v), 0);
    ck_assert_str_eq(k, "a"); /* split at the first '=' */
    ck_assert_str_eq(v, "{dist: fixed, value: 2h}=x");
    free(k);
    free(v);
    ck_assert_int_eq(os_override_parse("novalue", &k, &v), -1);
    ck_assert_ptr_null(k);
    ck_assert_ptr_null(v);
}
END_TEST

START_TEST(overrides_apply)
{
    const os_override sets[] = {
        {"computes.web.instances", "9"},
        {"simulation.horizon", "10y"},
        {"regions.North Europe.zones", "3"}, /* by display name */
        {"regions.r1.zones", "2"},
        {"regions.northeurope.pair", "r1"}, /* by short name; a new key */
        {"failures.zone.time_to_repair", "{dist: fixed, value: 2h}"},
        {"failures.common_cause.shared-cooling.time_to_failure", "5y"},
        {"events.0.at", "11d"}, /* by index */
        {"service_connector.failover.underlying.key-store", "1h"},
        {"platform.surge_limit", "2"},
        {"platform.surge_limit", "3"}, /* applied in order: the last wins */
        {"description", ""},           /* an empty value */
        {"targets.1", "{name: db2, kind: cosmos, region: r1}"}, /* a whole item */
        {"connections.jobs-db.target", "db2"},
    };
    os_scenario *sc = LOAD_FILE("tests/scenarios/full.yaml", sets, sizeof sets / sizeof *sets);
    ck_assert_int_eq(sc->computes[0].instances, 9);
    ck_assert_int_eq(sc->sim.horizon, 3650 * (os_ms)DY);
    ck_assert_int_eq(sc->regions[1].zones, 3);
    ck_assert_int_eq(sc->regions[2].zones, 2);
    ck_assert_int_eq(sc->regions[1].pair, 2);
    ck_assert_int_eq(sc->n_zones, 8);
    assert_fixed(&sc->regions[0].zone_proc.ttr, 2 * HR);
    ck_assert_int_eq(sc->regions[1].zone_proc.ttr.kind, OS_DIST_FIXED); /* its own override */
    ASSERT_EXACT(sc->regions[1].zone_proc.ttr.a, 3 * HR);
    assert_fixed(&sc->groups[0].ttf, 5 * YR);
    ck_assert_int_eq(sc->events[0].at, 11 * (os_ms)DY);
    assert_fixed(&sc->sc.underlying[1].duration, HR);
    ck_assert_int_eq(sc->platform.surge_limit, 3);
    ck_assert_str_eq(sc->description, "");
    ck_assert_str_eq(sc->targets[1].name, "db2");
    ck_assert_int_eq(sc->targets[1].region, 2);
    ck_assert_int_eq(sc->targets[1].mark.line, 0); /* from the command line */
    ck_assert_int_eq(sc->connections[1].target, 1);
    os_scenario_free(sc);

    /* Missing sections are created on the way. */
    const os_override more[] = {{"platform.surge_limit", "0"},
                                {"failures.region", "{time_to_failure: 10y, time_to_repair: 4h}"},
                                {"simulation.seed", "18446744073709551615"}};
    os_scenario *m = NULL;
    os_error err;
    ck_assert_int_eq(
        os_scenario_load_buffer("dir/sub/x.yml", minimal, strlen(minimal), more, 3, &m, &err), 0);
    ck_assert_str_eq(m->name, "x");
    ck_assert_int_eq(m->platform.surge_limit, 0);
    ck_assert(m->regions[0].region_proc.enabled);
    ck_assert(m->has_failures);
    ck_assert_uint_eq(m->sim.replications, 1000);
    ck_assert_uint_eq(m->sim.seed, UINT64_MAX);
    os_scenario_free(m);
}
END_TEST

START_TEST(override_errors)
{
    const os_override wbe[] = {{"computes.wbe.instances", "3"}};
    EXPECT_ERROR(minimal, wbe, 1,
                 "--set computes.wbe.instances: no compute named 'wbe' (did you mean 'web'?)");
    const os_override zonse[] = {{"regions.eastus.zonse", "2"}};
    EXPECT_ERROR(minimal, zonse, 1,
                 "--set regions.eastus.zonse: unknown key 'zonse' (did you mean 'zones'?)");
    const os_override six[] = {{"computes.web.instances", "six"}};
    EXPECT_ERROR(minimal, six, 1,
                 "--set computes.web.instances: expected a non-negative integer, got 'six'");
    const os_override section[] = {{"platfrom.surge_limit", "3"}};
    EXPECT_ERROR(minimal, section, 1,
                 "--set platfrom.surge_limit: unknown key 'platfrom' (did you mean "
                 "'platform'?)");
    const os_override past[] = {{"connections.5.name", "x"}};
    EXPECT_ERROR(minimal, past, 1,
                 "--set connections.5.name: item 5 is past the end of the list (1 items)");
    const os_override scalar[] = {{"regions.eastus.name.x", "1"}};
    EXPECT_ERROR(minimal, scalar, 1,
                 "--set regions.eastus.name.x: 'regions.eastus.name' is a single value, not "
                 "a mapping or a list");
    /* A missing key on the way is created as a mapping, which is then the wrong type. */
    const os_override created[] = {{"regions.eastus.zones.x", "1"}};
    EXPECT_ERROR(minimal, created, 1,
                 "--set regions.eastus.zones.x: expected a positive integer, got a mapping");
    const os_override syntax[] = {{"simulation.horizon", "{10y"}};
    EXPECT_ERROR(minimal, syntax, 1,
                 "--set simulation.horizon: YAML syntax error in the value: did not find "
                 "expected ',' or '}' (while parsing a flow mapping)");
    const os_override empty[] = {{"", "1"}};
    EXPECT_ERROR(minimal, empty, 1, "--set : empty key");
    const os_override dots[] = {{"simulation..horizon", "1"}};
    EXPECT_ERROR(minimal, dots, 1, "--set simulation..horizon: empty part in the key");
    const os_override dist[] = {{"platform.detection_delay", "{dist: expo, mean: 1h}"}};
    EXPECT_ERROR(minimal, dist, 1,
                 "--set platform.detection_delay: unknown value 'expo' (expected one of: fixed, "
                 "exponential, uniform, normal, lognormal, weibull, gamma, empirical)");
    const os_override dup[] = {{"sla", "{rto: 1h, rto: 2h}"}};
    EXPECT_ERROR(minimal, dup, 1, "--set sla: duplicate key 'rto'");
    /* A valid override can make the file's own values invalid: the error points at them. */
    const os_override zones[] = {{"regions.westeurope.zones", "2"}};
    os_scenario *sc = (os_scenario *)1;
    os_error err;
    char buf[2048];
    ck_assert_int_lt(os_scenario_load(src("tests/scenarios/full.yaml"), zones, 1, &sc, &err), 0);
    ck_assert_ptr_null(sc);
    ck_assert_int_eq(err.line, 46); /* jobs: zone: 3 */
    os_error_format(&err, buf, sizeof buf);
    ck_assert_ptr_nonnull(strstr(buf, ": computes[1].zone: expected a zone from 1 to 2 (the zones "
                                      "of region 'westeurope'), got '3'"));
}
END_TEST

/* --- traces --------------------------------------------------------------------------------- */

START_TEST(trace_replay_horizon)
{
    /* Replay without a horizon: the horizon is the trace's span. Starts given as durations. */
    char dir[] = "/tmp/outagesim-trace-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char csv[256], yaml[256];
    snprintf(csv, sizeof csv, "%s/t.csv", dir);
    snprintf(yaml, sizeof yaml, "%s/s.yaml", dir);
    FILE *f = fopen(csv, "w");
    ck_assert_ptr_nonnull(f);
    fputs("start,duration,region,zone\r\n"
          "\r\n"
          "  # comment\n"
          "10d,6h,eastus,3\n"
          "1d 2h,30m,East US,\n",
          f);
    fclose(f);
    char text[1024];
    snprintf(text, sizeof text, "%sfailures: { trace: { file: t.csv } }\n", minimal);
    os_scenario *sc = NULL;
    os_error err;
    char buf[2048];
    int rc = os_scenario_load_buffer(yaml, text, strlen(text), NULL, 0, &sc, &err);
    os_error_format(&err, buf, sizeof buf);
    ck_assert_msg(rc == 0, "%s", buf);
    ck_assert_int_eq(sc->trace.mode, OS_TRACE_REPLAY);
    ck_assert_int_eq(sc->trace.block, 30 * (os_ms)DY); /* default */
    ck_assert_uint_eq(sc->trace.n_outages, 2);
    ck_assert_int_eq(sc->trace.outages[0].start, (os_ms)(DY + 2 * HR));
    ck_assert_int_eq(sc->trace.outages[0].zone, 0);
    ck_assert_int_eq(sc->trace.outages[1].zone, 3);
    ck_assert_int_eq(sc->trace.span, (os_ms)(10 * DY + 6 * HR));
    ck_assert_int_eq(sc->sim.horizon, sc->trace.span);
    ck_assert(!sc->has_failures); /* replay only: no stochastic process */
    ck_assert_uint_eq(sc->sim.replications, 1);
    os_scenario_free(sc);
    remove(csv);
    rmdir(dir);
}
END_TEST

/* --- plausibility warnings (docs/robustness.md#warnings) ------------------------------------- */

START_TEST(warnings_listed)
{
    /* Mean TTR 3d > mean TTF 2d: down 3 / 5 = 60 % of the time; the process mapping starts at
     * its first key, line 11 (8 lines of minimal, "failures:", "  zone:"), column 5. A warning is a
     * record with an error's fields and status OS_OK. */
    char text[1024];
    snprintf(text, sizeof text,
             "%sfailures:\n  zone:\n    time_to_failure: { dist: exponential, mean: 2d }\n"
             "    time_to_repair: { dist: exponential, mean: 3d }\n",
             minimal);
    os_scenario *sc = LOAD_TEXT(text);
    ck_assert_uint_eq(sc->warnings.n, 1);
    const os_error *w = &sc->warnings.items[0];
    ck_assert_int_eq(w->status, OS_OK);
    ck_assert_str_eq(w->file, "test.yaml");
    ck_assert_int_eq(w->line, 11);
    ck_assert_int_eq(w->column, 5);
    ck_assert_msg(!strncmp(w->msg, "failures.zone: down 60.0% of the time", 37), "%s", w->msg);
    os_scenario_free(sc);
    /* None for the minimal scenario. */
    sc = LOAD_TEXT(minimal);
    ck_assert_uint_eq(sc->warnings.n, 0);
    ck_assert_ptr_null(sc->warnings.items);
    os_scenario_free(sc);
}
END_TEST

START_TEST(warnings_against_the_final_horizon)
{
    /* A replayed trace without a horizon sets the horizon to its span (10d 6h) after the
     * events are read: an event at 11d is judged against that horizon (it never happens), one
     * at 10d is not, and a process whose every repair takes 11d never recovers in 10d 6h. */
    char dir[] = "/tmp/outagesim-warn-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char csv[256], yaml[256];
    snprintf(csv, sizeof csv, "%s/t.csv", dir);
    snprintf(yaml, sizeof yaml, "%s/s.yaml", dir);
    FILE *f = fopen(csv, "w");
    ck_assert_ptr_nonnull(f);
    fputs("start,duration,region,zone\n10d,6h,eastus,1\n", f);
    fclose(f);
    char text[1024];
    snprintf(text, sizeof text,
             "%sfailures:\n  trace: { file: t.csv }\n"
             "  instance: { time_to_failure: { dist: fixed, value: 400d },\n"
             "              time_to_repair: { dist: fixed, value: 11d } }\n"
             "events:\n  - { region_down: eastus, at: 11d, for: 1h }\n"
             "  - { region_down: eastus, at: 10d, for: 1h }\n",
             minimal);
    os_scenario *sc = NULL;
    os_error err;
    ck_assert_int_eq(os_scenario_load_buffer(yaml, text, strlen(text), NULL, 0, &sc, &err), 0);
    ck_assert_int_eq(sc->sim.horizon, (os_ms)(10 * DY + 6 * HR));
    ck_assert_uint_eq(sc->warnings.n, 2);
    ck_assert_int_eq(sc->warnings.items[0].line, 14);
    ck_assert_msg(
        strstr(sc->warnings.items[0].msg, "events[0].at: 11d is not before the 10d 6h horizon"),
        "%s", sc->warnings.items[0].msg);
    ck_assert_int_eq(sc->warnings.items[1].line, 12);
    ck_assert_msg(strstr(sc->warnings.items[1].msg, "failures.instance.time_to_repair: every "
                                                    "repair takes at least 11d"),
                  "%s", sc->warnings.items[1].msg);
    /* The event that never happens is not an injected outage the exact answer leaves out. */
    ck_assert_uint_eq(os_exact_ignored_events(sc), 1);
    os_scenario_free(sc);
    remove(csv);
    rmdir(dir);
}
END_TEST

START_TEST(warnings_of_a_run)
{
    /* An absolute --precision above 1 (run options) is a warning of the result, not of the
     * scenario; 1 itself, and any percentage, is not. */
    os_scenario *sc = LOAD_TEXT(minimal);
    os_run_options opt = {.threads = 1, .precision_set = true, .precision = 5};
    os_run_result *res = NULL;
    os_error err;
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), 0);
    ck_assert_uint_eq(res->warnings.n, 1);
    ck_assert_msg(
        !strncmp(res->warnings.items[0].msg, "--precision: an absolute half-width of 5", 40), "%s",
        res->warnings.items[0].msg);
    os_run_result_free(res);
    opt.precision = 1;
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), 0);
    ck_assert_uint_eq(res->warnings.n, 0);
    os_run_result_free(res);
    opt.precision = 5, opt.precision_relative = true;
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), 0);
    ck_assert_uint_eq(res->warnings.n, 0);
    os_run_result_free(res);
    os_scenario_free(sc);
}
END_TEST

static Suite *scenario_suite(void)
{
    Suite *s = suite_create("scenario");
    TCase *tc = tcase_create("full");
    tcase_add_test(tc, full_top_and_simulation);
    tcase_add_test(tc, full_regions);
    tcase_add_test(tc, full_topology);
    tcase_add_test(tc, full_service_connector);
    tcase_add_test(tc, full_groups_trace_events);
    suite_add_tcase(s, tc);
    tc = tcase_create("defaults");
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, defaults_with_failures);
    suite_add_tcase(s, tc);
    tc = tcase_create("names");
    tcase_add_test(tc, region_names);
    tcase_add_test(tc, builtin_pairs);
    tcase_add_test(tc, did_you_mean);
    suite_add_tcase(s, tc);
    tc = tcase_create("overrides");
    tcase_add_test(tc, override_parse);
    tcase_add_test(tc, overrides_apply);
    tcase_add_test(tc, override_errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("trace");
    tcase_add_test(tc, trace_replay_horizon);
    suite_add_tcase(s, tc);
    tc = tcase_create("warnings");
    tcase_add_test(tc, warnings_listed);
    tcase_add_test(tc, warnings_against_the_final_horizon);
    tcase_add_test(tc, warnings_of_a_run);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(scenario_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
