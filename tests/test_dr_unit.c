/* test_dr_unit.c — disaster recovery (dr.c) on its own, through its seam (dr.h): a fake host
 * with a hand-driven clock, hand-set region health and a list of scheduled events stands in
 * for the simulator. Only the scenario's service_connector and regions are read.
 *
 * Set-up: primary westeurope (region 0; its pair northeurope, region 1, from the built-in
 * table), health checks every 10 m, 3 failures to trigger, DNS remap 1 h, restore points every
 * 24 h. Times below are hours:minutes of day 0. */
#include <gsl/gsl_rng.h>
#include <stdlib.h>

#include "engine/dr.h"
#include "helpers.h"

#define M (60 * 1000)

#define SCENARIO(extra)                                                                            \
    "regions: [ { name: West Europe, zones: 3 }, { name: North Europe, zones: 3 } ]\n"             \
    "computes: [ { name: web, kind: app-service, region: westeurope, instances: 1 } ]\n"           \
    "targets: [ { name: blob, kind: storage-blob, region: westeurope } ]\n"                        \
    "connections: [ { name: web-blob, compute: web, target: blob } ]\n"                            \
    "service_connector:\n"                                                                         \
    "  primary: westeurope\n"                                                                      \
    "  health_check: { interval: 10m, failures_to_trigger: 3 }\n"                                  \
    "  backup: { interval: 24h }\n" extra

/* --- the fake host ------------------------------------------------------------------------- */

typedef struct fake_ev {
    os_ms t;
    enum os_class cls;
    enum dr_event ev;
    int32_t a, b;
    os_khandle h;
    bool gone; /* ran or cancelled */
} fake_ev;

typedef struct fake {
    os_ms now, horizon;
    bool healthy[2];
    fake_ev ev[64];
    size_t n_ev;
    int cancelled, serving_changes, nomem;
    char log[64][200];
    size_t n_log;
} fake;

static os_ms f_now(void *ctx)
{
    return ((fake *)ctx)->now;
}

static bool f_healthy(void *ctx, int region)
{
    return ((fake *)ctx)->healthy[region];
}

static int f_schedule(void *ctx, os_ms t, enum os_class cls, enum dr_event ev, int32_t a, int32_t b,
                      os_khandle *h)
{
    fake *f = ctx;
    if (h)
        *h = 0;
    if (t >= f->horizon)
        return 0;
    ck_assert_uint_lt(f->n_ev, 64);
    f->ev[f->n_ev] = (fake_ev){t, cls, ev, a, b, (os_khandle)(f->n_ev + 1), false};
    if (h)
        *h = f->ev[f->n_ev].h;
    f->n_ev++;
    return 0;
}

static void f_cancel(void *ctx, os_khandle h)
{
    fake *f = ctx;
    ck_assert(h >= 1 && h <= f->n_ev && !f->ev[h - 1].gone);
    f->ev[h - 1].gone = true;
    f->cancelled++;
}

static void f_emit(void *ctx, const char *kind, const char *entity, const char *state,
                   const char *detail, int64_t value)
{
    fake *f = ctx;
    ck_assert_uint_lt(f->n_log, 64);
    snprintf(f->log[f->n_log++], sizeof f->log[0], "%lld %s %s %s %s %lld", (long long)f->now, kind,
             entity, state, detail ? detail : "-", (long long)value);
}

static void f_serving_changed(void *ctx)
{
    ((fake *)ctx)->serving_changes++;
}

static void f_nomem(void *ctx)
{
    ((fake *)ctx)->nomem++;
}

static const dr_host fake_host = {f_now,  f_healthy,         f_schedule, f_cancel,
                                  f_emit, f_serving_changed, f_nomem};

/* Runs the pending events up to t (earliest first; same time: lower class, then scheduling
 * order, as the kernel does), then sets the clock to t. */
static void run_until(fake *f, dr_state *d, os_ms t)
{
    for (;;) {
        fake_ev *next = NULL;
        for (size_t i = 0; i < f->n_ev; i++) {
            fake_ev *e = &f->ev[i];
            if (!e->gone && e->t <= t &&
                (!next || e->t < next->t || (e->t == next->t && e->cls < next->cls)))
                next = e;
        }
        if (!next)
            break;
        next->gone = true;
        f->now = next->t;
        dr_handle(d, next->ev, next->a, next->b);
    }
    f->now = t;
}

/* Health checks at every multiple of 10 m in [from, to]. */
static void checks(fake *f, dr_state *d, os_ms from, os_ms to)
{
    for (os_ms t = from; t <= to; t += 10 * M) {
        run_until(f, d, t);
        dr_health_check(d);
    }
}

static void region(fake *f, dr_state *d, int r, bool healthy)
{
    f->healthy[r] = healthy;
    if (r == 0)
        dr_primary_health(d, healthy);
    dr_reconcile(d);
}

typedef struct fixture {
    os_scenario *sc;
    gsl_rng *rng;
    fake f;
    dr_state d;
    os_rep_result out;
} fixture;

static void setup(fixture *x, const char *yaml)
{
    x->sc = LOAD(yaml);
    x->rng = gsl_rng_alloc(gsl_rng_mt19937);
    x->f = (fake){.horizon = 365LL * 24 * H, .healthy = {true, true}};
    ck_assert_int_eq(os_rep_result_init(&x->out, 1), 0);
    dr_init(&x->d, &x->sc->sc, x->sc->regions, &fake_host, &x->f, x->rng);
    ck_assert_int_eq(dr_start(&x->d, &x->out), 0); /* the first check: health_check.offset 0 */
    ck_assert(dr_serving(&x->d));
}

static void teardown(fixture *x)
{
    ck_assert_int_eq(x->f.nomem, 0);
    os_rep_result_free(&x->out);
    gsl_rng_free(x->rng);
    os_scenario_free(x->sc);
}

/* westeurope down at 7:00. Checks fail at 7:00, 7:10, 7:20; the third triggers the failover
 * (decision delay 0, so decided at 7:20), DNS remap 1 h: done at 8:20, serving from
 * northeurope. RTO 8:20 - 7:00 = 1h20m = 4,800,000 ms; RPO 7:00 - restore point 0:00 = 7 h =
 * 25,200,000 ms. westeurope back at 12:00: failback after 2 h (due 14:00) with 10 m downtime:
 * not serving 14:00-14:10, and no incident (the active region is healthy). Serving changes:
 * 7:00 off, 8:20 on, 14:00 off, 14:10 on. */
START_TEST(failover_then_failback)
{
    fixture x;
    setup(&x, SCENARIO("  failback: { after: 2h, downtime: 10m }\n"));
    x.f.now = 7 * H;
    region(&x.f, &x.d, 0, false);
    ck_assert(!dr_serving(&x.d));
    checks(&x.f, &x.d, 7 * H, 7 * H + 20 * M);
    run_until(&x.f, &x.d, 8 * H + 20 * M);
    ck_assert(dr_serving(&x.d));
    ck_assert_int_eq(x.d.active, 1);
    x.f.now = 12 * H;
    region(&x.f, &x.d, 0, true);
    run_until(&x.f, &x.d, 14 * H);
    ck_assert(!dr_serving(&x.d));
    ck_assert_int_eq(x.d.active, 0);
    run_until(&x.f, &x.d, 14 * H + 10 * M);
    ck_assert(dr_serving(&x.d));
    dr_finish(&x.d, x.f.horizon);

    ck_assert_uint_eq(x.out.incidents, 1);
    ck_assert_uint_eq(x.out.failovers, 1);
    ck_assert_uint_eq(x.out.rto_ms.n, 1);
    ASSERT_EXACT(x.out.rto_ms.v[0], 4800000);
    ck_assert_uint_eq(x.out.rpo_ms.n, 1);
    ASSERT_EXACT(x.out.rpo_ms.v[0], 25200000);
    ck_assert_int_eq(x.f.serving_changes, 4);
    ck_assert_int_eq(x.f.cancelled, 0);
    /* the records, in order (times in ms) */
    static const char *const want[] = {
        "25200000 incident connector started West Europe 0",
        "25200000 service connector not_serving West Europe 0",
        "25200000 health_check connector failed West Europe 1",
        "25800000 health_check connector failed West Europe 2",
        "26400000 health_check connector failed West Europe 3",
        "26400000 failover North Europe triggered health checks 3",
        "26400000 failover North Europe started dns remap 3600000",
        "30000000 failover North Europe completed restored 25200000",
        "30000000 service connector serving North Europe 0",
        "30000000 incident connector ended North Europe 4800000",
        "50400000 failback West Europe started - 600000",
        "50400000 service connector not_serving West Europe 0",
        "51000000 failback West Europe completed - 0",
        "51000000 service connector serving West Europe 0",
    };
    ck_assert_uint_eq(x.f.n_log, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < x.f.n_log; i++)
        ck_assert_str_eq(x.f.log[i], want[i]);
    teardown(&x);
}
END_TEST

/* A decision delay of 30 m: triggered at 7:20, decided at 7:50; westeurope is back at 7:40, so
 * the pending decision is cancelled and the incident ends there: RTO 40 m = 2,400,000 ms, no
 * failover, RPO 0 (nothing was restored). The cancelled decision never runs. */
START_TEST(failover_cancelled_when_the_region_recovers)
{
    fixture x;
    setup(&x, SCENARIO("  failover: { decision_delay: 30m }\n"));
    x.f.now = 7 * H;
    region(&x.f, &x.d, 0, false);
    checks(&x.f, &x.d, 7 * H, 7 * H + 20 * M);
    x.f.now = 7 * H + 40 * M;
    region(&x.f, &x.d, 0, true);
    run_until(&x.f, &x.d, 9 * H);
    dr_finish(&x.d, x.f.horizon);
    ck_assert_int_eq(x.f.cancelled, 1);
    ck_assert_int_eq(x.d.active, 0);
    ck_assert_uint_eq(x.out.incidents, 1);
    ck_assert_uint_eq(x.out.failovers, 0);
    ck_assert_uint_eq(x.out.rto_ms.n, 1);
    ASSERT_EXACT(x.out.rto_ms.v[0], 2400000);
    ck_assert_uint_eq(x.out.rpo_ms.n, 1);
    ASSERT_EXACT(x.out.rpo_ms.v[0], 0);
    ck_assert_str_eq(x.f.log[6], "27600000 failover North Europe cancelled active region "
                                 "recovered 0");
    teardown(&x);
}
END_TEST

/* Both regions down at 7:00; the declared-outage trigger (15 m) fires at 7:15 and decides at
 * once, but northeurope is down: the failover waits. northeurope is back at 9:00: the failover
 * starts then, done at 10:00. RTO 3 h = 10,800,000 ms; RPO 7 h. */
START_TEST(failover_waits_for_the_target)
{
    fixture x;
    setup(&x, SCENARIO("  triggers: { outage_declared_after: 15m }\n"));
    x.f.now = 7 * H;
    x.f.healthy[1] = false;
    region(&x.f, &x.d, 0, false);
    dr_region_outage_started(&x.d, 0);
    run_until(&x.f, &x.d, 8 * H);
    ck_assert(!dr_serving(&x.d));
    x.f.now = 9 * H;
    region(&x.f, &x.d, 1, true);
    run_until(&x.f, &x.d, 10 * H);
    ck_assert(dr_serving(&x.d));
    dr_finish(&x.d, x.f.horizon);
    ck_assert_uint_eq(x.out.failovers, 1);
    ASSERT_EXACT(x.out.rto_ms.v[0], 10800000);
    ASSERT_EXACT(x.out.rpo_ms.v[0], 25200000);
    ck_assert_str_eq(x.f.log[2], "26100000 trigger West Europe outage_declared - 0");
    ck_assert_str_eq(x.f.log[4], "26100000 failover North Europe waiting target region not "
                                 "healthy 0");
    teardown(&x);
}
END_TEST

/* An incident still open at the horizon counts, its RTO cut there: down at 7:00, horizon
 * 10:00, no check run: RTO 3 h, RPO 0, no failover. */
START_TEST(open_incident_cut_at_the_horizon)
{
    fixture x;
    setup(&x, SCENARIO(""));
    x.f.now = 7 * H;
    region(&x.f, &x.d, 0, false);
    dr_finish(&x.d, 10 * H);
    ck_assert_uint_eq(x.out.incidents, 1);
    ck_assert_uint_eq(x.out.rto_ms.n, 1);
    ASSERT_EXACT(x.out.rto_ms.v[0], 10800000);
    ASSERT_EXACT(x.out.rpo_ms.v[0], 0);
    teardown(&x);
}
END_TEST

static Suite *dr_unit_suite(void)
{
    Suite *s = suite_create("dr_unit");
    TCase *tc = tcase_create("seam");
    tcase_add_test(tc, failover_then_failback);
    tcase_add_test(tc, failover_cancelled_when_the_region_recovers);
    tcase_add_test(tc, failover_waits_for_the_target);
    tcase_add_test(tc, open_incident_cut_at_the_horizon);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(dr_unit_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
