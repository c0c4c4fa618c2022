/* test_geo.c — geo-replicated targets (SPEC §6.2) on deterministic scenarios whose answers are
 * derived by hand, plus the RPO of a drawn lag against its closed form and thread invariance.
 *
 * Common set-up: the target `orders` lives in eastus (zone-redundant) with a zone-redundant
 * geo replica in westus2; the compute `api` lives in centralus, so the connection api-orders
 * is up exactly when orders is serving. Horizon 30 d; failover duration 30 s, lag 5 s unless
 * a test says otherwise. Copy 0 = eastus, copy 1 = westus2. */
#include <stdlib.h>

#include "helpers.h"
#include "outagesim/check.h"

#define HEAD                                                                                       \
    "simulation: { horizon: 30d }\n"                                                               \
    "regions: [ { name: eastus }, { name: westus2 }, { name: centralus } ]\n"                      \
    "computes:\n"                                                                                  \
    "  - { name: api, kind: app-service, region: centralus, zone_redundant: true, instances: 3 "   \
    "}\n"                                                                                          \
    "connections: [ { name: api-orders, compute: api, target: orders } ]\n"                        \
    "targets:\n"                                                                                   \
    "  - name: orders\n"                                                                           \
    "    kind: sql\n"                                                                              \
    "    region: eastus\n"                                                                         \
    "    zone_redundant: true\n"                                                                   \
    "    geo_replica:\n"                                                                           \
    "      region: westus2\n"                                                                      \
    "      zone_redundant: true\n"                                                                 \
    "      lag: 5s\n"

#define AUTO "      failover: { mode: automatic, grace: 1h, duration: 30s }\n"
#define MANUAL "      failover: { mode: manual, duration: 30s }\n"

static const double HZN = 30 * D;

typedef struct geo_expect {
    uint64_t failovers;
    double rto[4];
    size_t n_rto;
    double rpo[4];
    size_t n_rpo;
} geo_expect;

static void check_geo_at(const os_rep_result *r, const geo_expect *e, const char *file, int line)
{
    ck_assert_msg(r->n_geo == 1, "%s:%d: n_geo %zu", file, line, r->n_geo);
    ck_assert_msg(r->geo_failovers[0] == e->failovers, "%s:%d: geo_failovers %llu, want %llu", file,
                  line, (unsigned long long)r->geo_failovers[0], (unsigned long long)e->failovers);
    ck_assert_msg(r->geo_rto_ms[0].n == e->n_rto, "%s:%d: %zu RTO values, want %zu", file, line,
                  r->geo_rto_ms[0].n, e->n_rto);
    for (size_t i = 0; i < e->n_rto; i++)
        ck_assert_msg(r->geo_rto_ms[0].v[i] == e->rto[i], "%s:%d: rto[%zu] = %.0f, want %.0f", file,
                      line, i, r->geo_rto_ms[0].v[i], e->rto[i]);
    ck_assert_msg(r->geo_rpo_ms[0].n == e->n_rpo, "%s:%d: %zu RPO values, want %zu", file, line,
                  r->geo_rpo_ms[0].n, e->n_rpo);
    for (size_t i = 0; i < e->n_rpo; i++)
        ck_assert_msg(r->geo_rpo_ms[0].v[i] == e->rpo[i], "%s:%d: rpo[%zu] = %.0f, want %.0f", file,
                      line, i, r->geo_rpo_ms[0].v[i], e->rpo[i]);
}
#define CHECK_GEO(r, ...)                                                                          \
    do {                                                                                           \
        geo_expect e_ = __VA_ARGS__;                                                               \
        check_geo_at((r), &e_, __FILE__, __LINE__);                                                \
    } while (0)

/* Loads yaml, runs replication 0, checks the geo figures and the connection's availability
 * (1 - the summed RTO / horizon: the connection is up exactly while orders is serving). */
static void expect_at(const char *yaml, const geo_expect *e, const char *file, int line)
{
    os_scenario *sc = load_at(yaml, file, line);
    os_rep_result r;
    run_one_at(sc, &r, file, line);
    check_geo_at(&r, e, file, line);
    double down = 0;
    for (size_t i = 0; i < e->n_rto; i++)
        down += e->rto[i];
    ASSERT_EXACT(r.availability[0], 1.0 - down / HZN);
    /* no service_connector: the control plane follows the target's serving state alone */
    ASSERT_EXACT(r.cp_availability[0], 1.0 - down / HZN);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
#define EXPECT(yaml, ...)                                                                          \
    do {                                                                                           \
        geo_expect e_ = __VA_ARGS__;                                                               \
        expect_at((yaml), &e_, __FILE__, __LINE__);                                                \
    } while (0)

/* eastus down [1d, 1d 10h); grace 1 h elapses at 1d 01:00 with westus2 reachable: the
 * failover starts then and completes 30 s later. Not serving [1d, 1d 01:00:30): RTO 1h00m30s
 * = 3,630,000 ms; RPO = the 5 s lag; one geo-failover. No failback is configured, so orders
 * stays in westus2 after eastus recovers. */
START_TEST(grace_then_failover)
{
    EXPECT(HEAD AUTO "events: [ { region_down: eastus, at: 1d, for: 10h } ]\n",
           {1, {3630e3}, 1, {5e3}, 1});
}
END_TEST

/* eastus down [1d, 1d 10h), westus2 down [1d, 1d 03:00). Grace elapses at 1d 01:00 while
 * westus2 is unreachable: the failover waits and starts at 1d 03:00, when westus2 comes back
 * (eastus still down), completing at 1d 03:00:30. RTO 3h00m30s = 10,830,000 ms; one
 * completed failover, RPO [5 s]. */
START_TEST(grace_waits_for_other_copy)
{
    EXPECT(HEAD AUTO "events:\n"
                     "  - { region_down: eastus, at: 1d, for: 10h }\n"
                     "  - { region_down: westus2, at: 1d, for: 3h }\n",
           {1, {10830e3}, 1, {5e3}, 1});
}
END_TEST

/* eastus down for 30 min, and later for exactly 1 h = grace: the primary recovers before
 * (or at the millisecond) its grace elapses, so nothing fails over: the outage end (class 1)
 * is settled before the grace expiry (class 3) of the same millisecond. RTO [30 m, 1 h]. */
START_TEST(primary_recovers_before_grace)
{
    EXPECT(HEAD AUTO "events:\n"
                     "  - { region_down: eastus, at: 1d, for: 30m }\n"
                     "  - { region_down: eastus, at: 3d, for: 1h }\n",
           {0, {30 * 60e3, H}, 2, {0}, 0});
}
END_TEST

/* Manual mode never fails over by itself: eastus down 10 h = one RTO of 10 h. */
START_TEST(manual_no_failover)
{
    EXPECT(HEAD MANUAL "events: [ { region_down: eastus, at: 1d, for: 10h } ]\n",
           {0, {10 * H}, 1, {0}, 0});
}
END_TEST

/* Manual mode, eastus down [1d, 1d 10h), westus2 down [1d, 1d 05:00). The injected failover
 * at 1d 02:00 is ignored (the other copy is unreachable); the one at 1d 06:00 starts and
 * completes at 1d 06:00:30. RTO 6h00m30s = 21,630,000 ms; one failover. */
START_TEST(manual_ignored_when_other_unreachable)
{
    EXPECT(HEAD MANUAL "events:\n"
                       "  - { region_down: eastus, at: 1d, for: 10h }\n"
                       "  - { region_down: westus2, at: 1d, for: 5h }\n"
                       "  - { geo_failover: orders, at: 1d 2h }\n"
                       "  - { geo_failover: orders, at: 1d 6h }\n",
           {1, {21630e3}, 1, {5e3}, 1});
}
END_TEST

/* A drill: injected at 5d with both copies reachable (automatic mode). Not serving during the
 * 30 s failover: RTO [30 s]; RPO [5 s]. A second injection at 5d 00:00:10 is ignored (a
 * failover runs), and a third at 5d 00:00:30, the millisecond the first completes, is ignored
 * too (SPEC §6.2). */
START_TEST(drill_while_primary_reachable)
{
    EXPECT(HEAD AUTO "events:\n"
                     "  - { geo_failover: orders, at: 5d }\n"
                     "  - { geo_failover: orders, at: 5d 10s }\n"
                     "  - { geo_failover: orders, at: 5d 30s }\n",
           {1, {30e3}, 1, {5e3}, 1});
}
END_TEST

/* A drill back and forth: at 5d to westus2 (done 5d 00:00:30), at 6d back to eastus (done
 * 6d 00:00:30): automatic and injected failovers work in both directions. RTO [30 s, 30 s]. */
START_TEST(drill_both_directions)
{
    EXPECT(HEAD AUTO "events:\n"
                     "  - { geo_failover: orders, at: 5d }\n"
                     "  - { geo_failover: orders, at: 6d }\n",
           {2, {30e3, 30e3}, 2, {5e3, 5e3}, 2});
}
END_TEST

/* Failback: eastus down [1d, 1d 10h), failover done at 1d 01:00:30. eastus is reachable again
 * from 1d 10:00 while westus2 is primary (the later of the two), so after 24 h the failback
 * starts at 2d 10:00 and orders is not serving for its 1 min. RTO [1h00m30s, 1 m]; the
 * failback is not a geo-failover: one failover, one RPO. */
START_TEST(failback_and_its_downtime)
{
    EXPECT(HEAD AUTO "      failback: { after: 24h, duration: 1m }\n"
                     "events: [ { region_down: eastus, at: 1d, for: 10h } ]\n",
           {1, {3630e3, 60e3}, 2, {5e3}, 1});
}
END_TEST

/* Failback after a drill: drill at 5d (done 5d 00:00:30); eastus has been reachable all
 * along, so the failback is due 1 d after westus2 became primary: 6d 00:00:30, for 1 min.
 * RTO [30 s, 1 m]. */
START_TEST(failback_after_drill)
{
    EXPECT(HEAD AUTO "      failback: { after: 1d, duration: 1m }\n"
                     "events: [ { geo_failover: orders, at: 5d } ]\n",
           {1, {30e3, 60e3}, 2, {5e3}, 1});
}
END_TEST

/* A geo-failover and a failback due in the same millisecond: the failover runs. Drill at 1d
 * (westus2 primary from 1d 00:00:30, failback due 10 h later: 1d 10:00:30). westus2 goes down
 * at 1d 09:00:30 for 5 h; its grace of 1 h elapses at 1d 10:00:30 with eastus reachable.
 * The failover back to eastus runs 1d 10:00:30 -> 1d 10:01:00; the failback does not start.
 * RTO [30 s (drill), 1h00m30s]; two failovers. (Had the failback run, it would have been one
 * failover and an RTO of 1h01m.) Here the failback was scheduled before the grace expiry. */
START_TEST(failover_beats_failback_same_ms)
{
    EXPECT(HEAD AUTO "      failback: { after: 10h, duration: 1m }\n"
                     "events:\n"
                     "  - { geo_failover: orders, at: 1d }\n"
                     "  - { region_down: westus2, at: 1d 9h 30s, for: 5h }\n",
           {2, {30e3, 3630e3}, 2, {5e3, 5e3}, 2});
}
END_TEST

/* The same rule when the grace expiry was scheduled first: grace 10 h, failback after 10 h.
 * Drill at 1d; westus2 goes down at 1d 00:00:10 (during the drill) for 20 h, so when the drill
 * completes at 1d 00:00:30 the new primary is unreachable: its grace counts from becoming
 * primary and elapses at 1d 10:00:30, the millisecond the failback is due. The failover back
 * runs to 1d 10:01:00. Not serving [1d, 1d 10:01:00): RTO 10h01m = 36,060,000 ms. */
START_TEST(failover_beats_failback_grace_first)
{
    EXPECT(HEAD "      failover: { grace: 10h, duration: 30s }\n"
                "      failback: { after: 10h, duration: 1m }\n"
                "events:\n"
                "  - { geo_failover: orders, at: 1d }\n"
                "  - { region_down: westus2, at: 1d 10s, for: 20h }\n",
           {2, {36060e3}, 1, {5e3, 5e3}, 2});
}
END_TEST

/* Grace counts from the later of becoming unreachable and becoming primary: westus2 goes down
 * at 1d 00:00:10 during a drill that completes at 1d 00:00:30; with grace 1 h the failover
 * back starts at 1d 01:00:30 (not 1d 01:00:10) and completes at 1d 01:01:00. */
START_TEST(grace_from_becoming_primary)
{
    EXPECT(HEAD AUTO "events:\n"
                     "  - { geo_failover: orders, at: 1d }\n"
                     "  - { region_down: westus2, at: 1d 10s, for: 20h }\n",
           {2, {H + 60e3}, 1, {5e3, 5e3}, 2});
}
END_TEST

/* Placement: orders in eastus zone 2 (not zone-redundant), its replica in westus2 zone 1.
 * eastus zone 2 down [1d, 1d 10h): failover done 1d 01:00:30 (RTO 1h00m30s). eastus zone 1
 * down at 5d and westus2 zone 2 down at 6d touch neither copy in use; westus2 zone 1 down
 * [7d, 7d 00:30) is shorter than grace: RTO 30 m. */
START_TEST(zonal_placement)
{
    EXPECT("simulation: { horizon: 30d }\n"
           "regions: [ { name: eastus }, { name: westus2 }, { name: centralus } ]\n"
           "computes: [ { name: api, kind: app-service, region: centralus, instances: 1 } ]\n"
           "connections: [ { name: api-orders, compute: api, target: orders } ]\n"
           "targets:\n"
           "  - name: orders\n"
           "    kind: sql\n"
           "    region: eastus\n"
           "    zone: 2\n"
           "    geo_replica: { region: westus2, zone: 1, lag: 5s,\n"
           "                   failover: { grace: 1h, duration: 30s } }\n"
           "events:\n"
           "  - { zone_down: { region: eastus, zone: 2 }, at: 1d, for: 10h }\n"
           "  - { zone_down: { region: eastus, zone: 1 }, at: 5d, for: 1h }\n"
           "  - { zone_down: { region: westus2, zone: 2 }, at: 6d, for: 1h }\n"
           "  - { zone_down: { region: westus2, zone: 1 }, at: 7d, for: 30m }\n",
           {1, {3630e3, 30 * 60e3}, 2, {5e3}, 1});
}
END_TEST

/* Cut at the horizon: manual mode, eastus down from 29d for 10 d: not serving [29d, 30d):
 * RTO [1 d]. A failover still running at the horizon is not counted: drill at 30d - 10 s
 * (duration 30 s) in a second scenario: RTO [10 s], no failover, no RPO. */
START_TEST(cut_at_horizon)
{
    EXPECT(HEAD MANUAL "events: [ { region_down: eastus, at: 29d, for: 10d } ]\n",
           {0, {D}, 1, {0}, 0});
    EXPECT(HEAD AUTO "events: [ { geo_failover: orders, at: 29d 23h 59m 50s } ]\n",
           {0, {10e3}, 1, {0}, 0});
}
END_TEST

/* The control plane follows the primary copy too, with the connection service's own DR
 * enabled (active in westus2, which stays healthy, so it is always serving): eastus down 10 h
 * and the geo-failover done at 1d 01:00:30, the control plane is down exactly while orders is
 * not serving: 1h00m30s. */
START_TEST(control_plane_follows_primary)
{
    os_scenario *sc = LOAD(HEAD AUTO "service_connector: { primary: westus2 }\n"
                                     "events: [ { region_down: eastus, at: 1d, for: 10h } ]\n");
    os_rep_result r;
    RUN_ONE(sc, &r);
    ASSERT_EXACT(r.cp_availability[0], 1.0 - 3630e3 / HZN);
    ASSERT_EXACT(r.availability[0], 1.0 - 3630e3 / HZN);
    os_rep_result_free(&r);
    os_scenario_free(sc);
}
END_TEST

/* --- records ------------------------------------------------------------------------------- */

typedef struct rec_log {
    char lines[64][160];
    int n;
} rec_log;

static void observe(void *ctx, const os_record *rec)
{
    rec_log *l = ctx;
    if (strncmp(rec->kind, "geo_", 4) && strcmp(rec->kind, "target"))
        return;
    if (l->n < 64)
        snprintf(l->lines[l->n++], 160, "%lld %s %s %s", (long long)rec->t, rec->kind, rec->state,
                 rec->detail ? rec->detail : "");
}

/* The trace of grace_then_failover plus a failback after 1 h: copy unreachable and target not
 * serving at 1d (86,400,000 ms), failover started at 1d 01:00 (90,000,000), completed and
 * serving at 1d 01:00:30 (90,030,000); eastus reachable at 1d 10:00 (122,400,000); failback
 * 1 h later at 1d 11:00 (126,000,000), done 1 min later (126,060,000). */
START_TEST(records)
{
    os_scenario *sc = LOAD(HEAD AUTO "      failback: { after: 1h, duration: 1m }\n"
                                     "events: [ { region_down: eastus, at: 1d, for: 10h } ]\n");
    os_error err;
    os_error_clear(&err);
    os_sim *sim = os_sim_new(sc, &err);
    os_rep_result r;
    ck_assert_int_eq(os_rep_result_init(&r, sc->n_connections), 0);
    rec_log l = {.n = 0};
    ck_assert_int_eq(os_sim_run(sim, 1, 0, &r, observe, &l, &err), 0);
    const char *want[] = {
        "86400000 geo_copy unreachable eastus",
        "86400000 target not_serving eastus",
        "90000000 geo_failover started to westus2, grace elapsed",
        "90030000 geo_failover completed westus2",
        "90030000 target serving westus2",
        "122400000 geo_copy reachable eastus",
        "126000000 geo_failback started eastus",
        "126000000 target not_serving eastus",
        "126060000 geo_failback completed eastus",
        "126060000 target serving eastus",
    };
    ck_assert_int_eq(l.n, (int)(sizeof want / sizeof want[0]));
    for (int i = 0; i < l.n; i++)
        ck_assert_str_eq(l.lines[i], want[i]);
    os_rep_result_free(&r);
    os_sim_free(sim);
    os_scenario_free(sc);
}
END_TEST

/* --- Monte Carlo ---------------------------------------------------------------------------- */

/* RPO of a drawn lag: a drill at 1d in every replication with lag uniform on [0, 10 s]: each
 * replication gives one RPO value, mean 5 s, sd 10/sqrt(12) s; the pooled mean lies within
 * 4 standard errors of 5 s. RTO is the fixed 30 s duration in every replication. */
START_TEST(rpo_of_drawn_lag)
{
    os_scenario *sc =
        LOAD("simulation: { horizon: 30d, replications: 2000 }\n"
             "regions: [ { name: eastus }, { name: westus2 }, { name: centralus } ]\n"
             "computes: [ { name: api, kind: app-service, region: centralus } ]\n"
             "connections: [ { name: api-orders, compute: api, target: orders } ]\n"
             "targets:\n"
             "  - { name: orders, kind: sql, region: eastus,\n"
             "      geo_replica: { region: westus2, lag: { dist: uniform, min: 0, max: 10s },\n"
             "                     failover: { duration: 30s } } }\n"
             "events: [ { geo_failover: orders, at: 1d } ]\n");
    os_run_options opt = {.threads = 2};
    os_run_result *res = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), 0);
    ck_assert_uint_eq(res->n_geo, 1);
    const os_geo_result *g = &res->geo[0];
    ck_assert_uint_eq(g->rpo.n, 2000);
    ASSERT_WITHIN_SE(g->rpo, 5.0, 4);
    ASSERT_EXACT(g->rto.mean, 30.0);
    ASSERT_EXACT(g->failovers.mean, 1.0);
    ck_assert_str_eq(os_verdict_str(g->rto_verdict), "pass");
    /* the values behind the figures are kept, in ms and ascending: their ends are the
     * figure's min and max, and every RTO is the 30 s failover */
    ck_assert_ptr_nonnull(g->rpo_ms);
    for (size_t i = 1; i < g->rpo.n; i++)
        ck_assert(g->rpo_ms[i - 1] <= g->rpo_ms[i]);
    ASSERT_EXACT(g->rpo_ms[0] * 1e-3, g->rpo.min);
    ASSERT_EXACT(g->rpo_ms[g->rpo.n - 1] * 1e-3, g->rpo.max);
    for (size_t i = 0; i < g->rto.n; i++)
        ASSERT_EXACT(g->rto_ms[i], 30e3);
    os_run_result_free(res);
    os_scenario_free(sc);
}
END_TEST

/* Geo-failovers per replication against a closed form. Only eastus fails: a region process with
 * exponential up times (mean m = 20 d) and repairs (mean r = 5 h), in steady state; grace
 * g = 2 h, failover d = 30 s, failback right after eastus is back (after 0, 1 min). Every
 * eastus outage is an outage of the primary (the failback returns before the next one, up to
 * overlaps of order d/m ~ 1e-5), and fails over when it lasts more than g (probability
 * e^(-g/r), repairs and the residual repair at 0 being exponential) and its failover completes
 * before the horizon H: started at s + g + d < H. Outage starts: one at 0 with probability
 * r/(m + r), and H'/(m + r) expected in (0, H') for a stationary process. So
 * E[geo_failovers] = e^(-g/r) (r/(m + r) + (H - g - d)/(m + r)) = 12.111 per year; 2000
 * replications, within 4 standard errors. */
START_TEST(failovers_closed_form)
{
    os_scenario *sc = LOAD(
        "simulation: { horizon: 365d, replications: 2000, seed: 3 }\n"
        "regions:\n"
        "  - { name: eastus, failures: { region: {\n"
        "      time_to_failure: { dist: exponential, mean: 20d },\n"
        "      time_to_repair: { dist: exponential, mean: 5h } } } }\n"
        "  - { name: westus2 }\n"
        "  - { name: centralus }\n"
        "computes: [ { name: api, kind: app-service, region: centralus } ]\n"
        "connections: [ { name: api-orders, compute: api, target: orders } ]\n"
        "targets:\n"
        "  - { name: orders, kind: sql, region: eastus, zone_redundant: true,\n"
        "      geo_replica: { region: westus2, zone_redundant: true,\n"
        "                     failover: { grace: 2h, duration: 30s },\n"
        "                     failback: { after: 0, duration: 1m } } }\n");
    os_run_options opt = {.threads = 2};
    os_run_result *res = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), 0);
    double m = 20 * D, r = 5 * H, g = 2 * H, d = 30e3, hz = 365 * D;
    double want = exp(-g / r) * (r / (m + r) + (hz - g - d) / (m + r));
    ASSERT_WITHIN_SE(res->geo[0].failovers, want, 4);
    os_run_result_free(res);
    os_scenario_free(sc);
}
END_TEST

/* Identical figures for 1, 2 and 8 threads on a stochastic scenario with geo failovers and
 * failbacks (region failures in both regions, grace and lag drawn). */
START_TEST(threads_identical)
{
    os_scenario *sc =
        LOAD("simulation: { horizon: 365d, replications: 64, seed: 7 }\n"
             "regions: [ { name: eastus }, { name: westus2 }, { name: centralus } ]\n"
             "computes: [ { name: api, kind: app-service, region: centralus } ]\n"
             "connections: [ { name: api-orders, compute: api, target: orders } ]\n"
             "targets:\n"
             "  - { name: orders, kind: sql, region: eastus, zone_redundant: true,\n"
             "      geo_replica: { region: westus2, zone_redundant: true,\n"
             "                     lag: { dist: exponential, mean: 5s },\n"
             "                     failover: { grace: { dist: uniform, min: 30m, max: 2h },\n"
             "                                 duration: 30s },\n"
             "                     failback: { after: 12h, duration: 1m } } }\n"
             "failures:\n"
             "  region: { time_to_failure: { dist: exponential, mean: 30d },\n"
             "            time_to_repair: { dist: exponential, mean: 5h } }\n");
    os_run_result *res[3];
    int threads[3] = {1, 2, 8};
    for (int i = 0; i < 3; i++) {
        os_run_options opt = {.threads = threads[i]};
        os_error err;
        os_error_clear(&err);
        ck_assert_int_eq(os_run(sc, &opt, &res[i], &err), 0);
    }
    ck_assert(res[0]->geo[0].failovers.mean > 1); /* the scenario exercises failovers */
    for (int i = 1; i < 3; i++) {
        const os_geo_result *a = &res[0]->geo[0], *b = &res[i]->geo[0];
        ck_assert(memcmp(&a->failovers, &b->failovers, sizeof a->failovers) == 0);
        ck_assert(memcmp(&a->rto, &b->rto, sizeof a->rto) == 0);
        ck_assert(memcmp(&a->rpo, &b->rpo, sizeof a->rpo) == 0);
        ck_assert(memcmp(&res[0]->conn[0].availability, &res[i]->conn[0].availability,
                         sizeof(os_figure)) == 0);
    }
    for (int i = 0; i < 3; i++)
        os_run_result_free(res[i]);
    os_scenario_free(sc);
}
END_TEST

/* --- check -------------------------------------------------------------------------------- */

static os_baseline *baseline_of(const char *yaml, os_scenario **sc_out, os_run_result **res_out)
{
    os_scenario *sc = LOAD(yaml);
    os_run_options opt = {.threads = 1};
    os_run_result *res = NULL;
    os_baseline *b = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_run(sc, &opt, &res, &err), 0);
    ck_assert_int_eq(os_baseline_of_result(res, &b, &err), 0);
    *sc_out = sc;
    *res_out = res;
    return b;
}

/* check compares each geo target's RTO and RPO like the service's: the baseline has grace 1 h
 * (RTO 1h00m30s); with grace 2 h the RTO is 2h00m30s, longer than the baseline by more than
 * the tolerance (0): a regression; the RPO (5 s) passes. 3 connection checks + 2 geo checks. */
START_TEST(check_geo_regression)
{
    os_scenario *sc1, *sc2;
    os_run_result *r1, *r2;
    os_baseline *b1 =
        baseline_of(HEAD AUTO "events: [ { region_down: eastus, at: 1d, for: 10h } ]\n", &sc1, &r1);
    os_baseline *b2 = baseline_of(HEAD "      failover: { grace: 2h, duration: 30s }\n"
                                       "events: [ { region_down: eastus, at: 1d, for: 10h } ]\n",
                                  &sc2, &r2);
    ck_assert_uint_eq(b1->n_geo, 1);
    ck_assert_str_eq(b1->geo[0].name, "orders");
    ASSERT_EXACT(b1->geo[0].rto.max, 3630.0);
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_baseline_match(b1, sc2, &err), 0);
    os_check_report *rep = NULL;
    ck_assert_int_eq(os_check_compare(b1, b2, 0, &rep, &err), 0);
    ck_assert_uint_eq(rep->n_items, 5);
    ck_assert_int_eq(rep->items[3].kind, OS_CHECK_GEO_RTO);
    ck_assert_str_eq(rep->items[3].connection, "orders");
    ck_assert_int_eq(rep->items[3].outcome, OS_CHECK_FAIL);
    ck_assert(rep->items[3].regressed && !rep->items[3].target_missed);
    ck_assert_int_eq(rep->items[4].kind, OS_CHECK_GEO_RPO);
    ck_assert_int_eq(rep->items[4].outcome, OS_CHECK_PASS);
    os_check_report_free(rep);
    /* a baseline whose geo target is named differently does not match the scenario */
    free(b2->geo[0].name);
    b2->geo[0].name = strdup("invoices");
    ck_assert_int_ne(os_baseline_match(b2, sc1, &err), 0);
    ck_assert_msg(strstr(err.msg, "targets[0]") && strstr(err.msg, "'invoices'"), "%s", err.msg);
    os_baseline_free(b1);
    os_baseline_free(b2);
    os_run_result_free(r1);
    os_run_result_free(r2);
    os_scenario_free(sc1);
    os_scenario_free(sc2);
}
END_TEST

/* --- loading -------------------------------------------------------------------------------- */

/* Defaults: lag 0, automatic, grace 1 h, duration 1 min; failback only when given, then after
 * 24 h and duration 1 min. `--set` reaches the nested keys. */
START_TEST(defaults_and_set)
{
    os_scenario *sc = LOAD(HEAD "events: []\n");
    const os_geo_replica *g = sc->targets[0].geo;
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(sc->n_geo_targets, 1);
    ck_assert_int_eq(g->mode, OS_FAILOVER_AUTOMATIC);
    ck_assert(g->grace.kind == OS_DIST_FIXED && g->grace.a == H);
    ck_assert(g->duration.kind == OS_DIST_FIXED && g->duration.a == 60e3);
    ck_assert(!g->failback);
    os_scenario_free(sc);
    const char *y = HEAD "      failback: {}\n";
    os_override sets[] = {{"targets.orders.geo_replica.failover.grace", "2h"},
                          {"targets.orders.geo_replica.failover.mode", "manual"}};
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_scenario_load_buffer("t.yaml", y, strlen(y), sets, 2, &sc, &err), 0);
    g = sc->targets[0].geo;
    ck_assert(g->grace.a == 2 * H);
    ck_assert_int_eq(g->mode, OS_FAILOVER_MANUAL);
    ck_assert(g->failback && g->failback_after.a == D && g->failback_duration.a == 60e3);
    os_scenario_free(sc);
}
END_TEST

static Suite *geo_suite(void)
{
    Suite *s = suite_create("geo");
    TCase *tc = tcase_create("deterministic");
    tcase_add_test(tc, grace_then_failover);
    tcase_add_test(tc, grace_waits_for_other_copy);
    tcase_add_test(tc, primary_recovers_before_grace);
    tcase_add_test(tc, manual_no_failover);
    tcase_add_test(tc, manual_ignored_when_other_unreachable);
    tcase_add_test(tc, drill_while_primary_reachable);
    tcase_add_test(tc, drill_both_directions);
    tcase_add_test(tc, failback_and_its_downtime);
    tcase_add_test(tc, failback_after_drill);
    tcase_add_test(tc, failover_beats_failback_same_ms);
    tcase_add_test(tc, failover_beats_failback_grace_first);
    tcase_add_test(tc, grace_from_becoming_primary);
    tcase_add_test(tc, zonal_placement);
    tcase_add_test(tc, cut_at_horizon);
    tcase_add_test(tc, control_plane_follows_primary);
    tcase_add_test(tc, records);
    suite_add_tcase(s, tc);
    TCase *mc = tcase_create("montecarlo");
    tcase_set_timeout(mc, 120);
    tcase_add_test(mc, rpo_of_drawn_lag);
    tcase_add_test(mc, threads_identical);
    tcase_add_test(mc, failovers_closed_form);
    suite_add_tcase(s, mc);
    TCase *ck = tcase_create("check");
    tcase_add_test(ck, check_geo_regression);
    suite_add_tcase(s, ck);
    TCase *ld = tcase_create("loading");
    tcase_add_test(ld, defaults_and_set);
    suite_add_tcase(s, ld);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(geo_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
