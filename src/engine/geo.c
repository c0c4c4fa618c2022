/* geo.c — geo-replicated targets (SPEC §6.2): two copies of one target, which one is primary,
 * grace timers, automatic and injected geo-failovers, optional failback, and the figures they
 * produce (completed geo-failovers, RTO per interval not serving, RPO = lag per failover).
 *
 * Copy 0 is the one in the target's own region, copy 1 the geo replica. A copy is reachable
 * by SPEC §1.5 item 3 applied to its own region and placement; the target is serving when its
 * primary copy is reachable and no geo-failover or failback runs, and sim.c reads "serving"
 * wherever it reads a target's reachability (data plane and control plane).
 *
 * Not here: zones and regions (sim.c settles them and then calls geo_settle()), connections. */
#include <stdio.h>
#include <stdlib.h>

#include "sim_internal.h"

enum geo_run { GEO_IDLE, GEO_FAILOVER, GEO_FAILBACK };

typedef struct geo_state {
    int target;       /* scenario target index */
    int region[2];    /* copy 0: the target's region; copy 1: the replica's */
    bool zr[2];       /* zone-redundant placement */
    int zone[2];      /* 1-based; when not zone-redundant */
    bool reach[2];    /* as settled after classes 1-2 */
    int primary;      /* 0 or 1 */
    enum geo_run run; /* a geo-failover or failback in progress */
    bool serving;
    os_ms down_since;    /* start of the current interval not serving */
    os_khandle grace_ev; /* the primary's pending grace expiry, 0 when none */
    bool grace_over;     /* the primary's grace has elapsed: fail over once the other copy is
                            reachable */
    bool fb_armed;       /* the failback timer runs (its event may lie past the horizon) */
    os_khandle fb_ev;
    os_ms lag;     /* ms; drawn at the start of the running geo-failover */
    os_ms done_at; /* when the last geo-failover completed, or -1 */
} geo_state;

struct geo_sim {
    geo_state *g;
    size_t n;
    gsl_rng *rng; /* grace, duration, lag and failback draws of every geo target */
};

static const os_geo_replica *conf(const os_sim *s, const geo_state *g)
{
    return s->sc->targets[g->target].geo;
}

static const char *tname(const os_sim *s, const geo_state *g)
{
    return s->sc->targets[g->target].name;
}

static const char *copy_region(const os_sim *s, const geo_state *g, int copy)
{
    return s->sc->regions[g->region[copy]].name;
}

/* --- construction -------------------------------------------------------------------------- */

int geo_init(os_sim *s)
{
    const os_scenario *sc = s->sc;
    s->geo = NULL;
    if (sc->n_geo_targets == 0)
        return 0;
    geo_sim *gs = calloc(1, sizeof *gs);
    if (!gs)
        return -1;
    s->geo = gs;
    gs->g = calloc(sc->n_geo_targets, sizeof *gs->g);
    gs->rng = gsl_rng_alloc(os_rng_xoshiro256);
    if (!gs->g || !gs->rng)
        return -1;
    for (size_t t = 0; t < sc->n_targets; t++) {
        const os_target *tg = &sc->targets[t];
        if (!tg->geo)
            continue;
        geo_state *g = &gs->g[gs->n++];
        g->target = (int)t;
        g->region[0] = tg->region;
        g->zr[0] = tg->zone_redundant;
        g->zone[0] = tg->zone;
        g->region[1] = tg->geo->region;
        g->zr[1] = tg->geo->zone_redundant;
        g->zone[1] = tg->geo->zone;
    }
    return 0;
}

void geo_free(geo_sim *gs)
{
    if (!gs)
        return;
    gsl_rng_free(gs->rng);
    free(gs->g);
    free(gs);
}

/* Sizes the replication's geo figures (once per result record) and empties them. */
static int result_prepare(os_rep_result *out, size_t n)
{
    if (out->n_geo != n) {
        os_rep_result_free_geo(out);
        out->geo_failovers = calloc(n, sizeof *out->geo_failovers);
        out->geo_rto_ms = calloc(n, sizeof *out->geo_rto_ms);
        out->geo_rpo_ms = calloc(n, sizeof *out->geo_rpo_ms);
        if (!out->geo_failovers || !out->geo_rto_ms || !out->geo_rpo_ms) {
            os_rep_result_free_geo(out);
            return -1;
        }
        out->n_geo = n;
    }
    for (size_t i = 0; i < n; i++) {
        out->geo_failovers[i] = 0;
        os_vec_clear(&out->geo_rto_ms[i]);
        os_vec_clear(&out->geo_rpo_ms[i]);
    }
    return 0;
}

int geo_start(os_sim *s)
{
    geo_sim *gs = s->geo;
    if (!gs)
        return 0;
    gsl_rng_set(gs->rng, (unsigned long)os_rng_seed_mix(s->seed, s->rep, os_hash_str("geo")));
    for (size_t i = 0; i < gs->n; i++) {
        geo_state *g = &gs->g[i];
        /* everything is reachable just before 0 (SPEC §1.1) */
        g->reach[0] = g->reach[1] = true;
        g->primary = 0;
        g->run = GEO_IDLE;
        g->serving = true;
        g->down_since = -1;
        g->grace_ev = g->fb_ev = 0;
        g->grace_over = g->fb_armed = false;
        g->lag = 0;
        g->done_at = -1;
    }
    return result_prepare(s->out, gs->n);
}

/* --- serving and timers -------------------------------------------------------------------- */

static void update_serving(os_sim *s, geo_state *g)
{
    bool serving = g->reach[g->primary] && g->run == GEO_IDLE;
    if (serving == g->serving)
        return;
    g->serving = serving;
    size_t i = (size_t)(g - s->geo->g);
    if (!serving)
        g->down_since = s->now;
    else if (sim_push(s, &s->out->geo_rto_ms[i], (double)(s->now - g->down_since)) != 0)
        return; /* recorded in s->status: the replication stops */
    sim_set_reach(s, g->target, serving);
    sim_emit(s, "target", tname(s, g), serving ? "serving" : "not_serving",
             copy_region(s, g, g->primary), 0);
}

static void grace_cancel(os_sim *s, geo_state *g)
{
    os_kernel_cancel(s->k, g->grace_ev);
    g->grace_ev = 0;
    g->grace_over = false;
}

/* The primary copy is unreachable from now on, or has just become primary while unreachable:
 * its grace starts (automatic mode only). */
static void grace_start(os_sim *s, geo_state *g)
{
    grace_cancel(s, g);
    if (conf(s, g)->mode != OS_FAILOVER_AUTOMATIC)
        return;
    os_ms grace = os_dist_draw(&conf(s, g)->grace, s->geo->rng, 0);
    int32_t i = (int32_t)(g - s->geo->g);
    if (sim_schedule_h(s, s->now + grace, OS_CLASS_PLATFORM, EV_GEO_GRACE, i, 0, &g->grace_ev) != 0)
        return; /* recorded in s->status: the replication stops */
}

/* The failback timer runs while copy 0 is reachable and copy 1 is primary (SPEC §6.2). */
static void failback_arm(os_sim *s, geo_state *g)
{
    const os_geo_replica *c = conf(s, g);
    bool want = c->failback && g->primary == 1 && g->reach[0];
    if (want == g->fb_armed)
        return;
    g->fb_armed = want;
    os_kernel_cancel(s->k, g->fb_ev);
    g->fb_ev = 0;
    if (want) {
        os_ms after = os_dist_draw(&c->failback_after, s->geo->rng, 0);
        int32_t i = (int32_t)(g - s->geo->g);
        if (sim_schedule_h(s, s->now + after, OS_CLASS_PLATFORM, EV_GEO_FAILBACK_DUE, i, 0,
                           &g->fb_ev) != 0)
            return; /* recorded in s->status: the replication stops */
    }
}

/* --- geo-failover and failback --------------------------------------------------------------- */

static void start_failover(os_sim *s, geo_state *g, const char *why)
{
    const os_geo_replica *c = conf(s, g);
    int32_t i = (int32_t)(g - s->geo->g);
    char detail[200];
    grace_cancel(s, g);
    g->run = GEO_FAILOVER;
    g->lag = os_dist_draw(&c->lag, s->geo->rng, 0);
    os_ms dur = os_dist_draw(&c->duration, s->geo->rng, 1);
    if (sim_schedule(s, s->now + dur, OS_CLASS_PLATFORM, EV_GEO_DONE, i, 0) != 0)
        return; /* recorded in s->status: the replication stops */
    snprintf(detail, sizeof detail, "to %s, %s", copy_region(s, g, 1 - g->primary), why);
    sim_emit(s, "geo_failover", tname(s, g), "started", detail, dur);
    update_serving(s, g);
}

/* Starts the automatic geo-failover that is due, if any, when nothing else runs. */
static void evaluate(os_sim *s, geo_state *g)
{
    int p = g->primary;
    if (g->run == GEO_IDLE && g->grace_over && !g->reach[p] && g->reach[1 - p])
        start_failover(s, g, "grace elapsed");
    update_serving(s, g);
}

static void complete_failover(os_sim *s, geo_state *g)
{
    size_t i = (size_t)(g - s->geo->g);
    grace_cancel(s, g); /* the old primary's */
    g->run = GEO_IDLE;
    g->primary = 1 - g->primary;
    s->out->geo_failovers[i]++;
    g->done_at = s->now;
    if (sim_push(s, &s->out->geo_rpo_ms[i], (double)g->lag) != 0)
        return; /* recorded in s->status: the replication stops */
    sim_emit(s, "geo_failover", tname(s, g), "completed", copy_region(s, g, g->primary), g->lag);
    if (!g->reach[g->primary])
        grace_start(s, g); /* grace counts from becoming primary */
    failback_arm(s, g);
    evaluate(s, g);
}

static void start_failback(os_sim *s, geo_state *g)
{
    int32_t i = (int32_t)(g - s->geo->g);
    if (g->run != GEO_IDLE || g->primary != 1 || !g->reach[0]) {
        /* a geo-failover runs (it brings copy 0 back anyway): the failback does not start */
        sim_emit(s, "geo_failback", tname(s, g), "skipped", "a geo-failover is running", 0);
        return;
    }
    grace_cancel(s, g); /* copy 1's, which stops being primary */
    g->run = GEO_FAILBACK;
    g->primary = 0;
    failback_arm(s, g);
    os_ms dur = os_dist_draw(&conf(s, g)->failback_duration, s->geo->rng, 1);
    if (sim_schedule(s, s->now + dur, OS_CLASS_PLATFORM, EV_GEO_FAILBACK_DONE, i, 0) != 0)
        return; /* recorded in s->status: the replication stops */
    sim_emit(s, "geo_failback", tname(s, g), "started", copy_region(s, g, 0), dur);
    update_serving(s, g);
}

static void injected_failover(os_sim *s, geo_state *g)
{
    if (g->done_at == s->now)
        sim_emit(s, "geo_failover", tname(s, g), "ignored", "a geo-failover completes now", 0);
    else if (g->run != GEO_IDLE)
        sim_emit(s, "geo_failover", tname(s, g), "ignored",
                 g->run == GEO_FAILOVER ? "a geo-failover is running" : "a failback is running", 0);
    else if (!g->reach[1 - g->primary])
        sim_emit(s, "geo_failover", tname(s, g), "ignored", "the other copy is unreachable", 0);
    else
        start_failover(s, g, "injected");
}

void geo_handle(os_sim *s, const os_kevent *ev)
{
    geo_state *g = &s->geo->g[ev->a];
    switch ((enum ev_kind)ev->kind) {
    case EV_GEO_GRACE:
        g->grace_ev = 0;
        g->grace_over = true;
        evaluate(s, g);
        break;
    case EV_GEO_DONE:
        complete_failover(s, g);
        break;
    case EV_GEO_FAILBACK_DUE:
        /* deferred to the end of this millisecond's class 3: a geo-failover due in the same
         * millisecond runs instead (SPEC §6.2) */
        g->fb_ev = 0;
        if (sim_schedule(s, s->now, OS_CLASS_PLATFORM, EV_GEO_FAILBACK_GO, ev->a, 0) != 0)
            return; /* recorded in s->status: the replication stops */
        break;
    case EV_GEO_FAILBACK_GO:
        g->fb_armed = false;
        start_failback(s, g);
        break;
    case EV_GEO_FAILBACK_DONE:
        g->run = GEO_IDLE;
        sim_emit(s, "geo_failback", tname(s, g), "completed", copy_region(s, g, 0), 0);
        evaluate(s, g);
        break;
    case EV_GEO_INJECT:
        injected_failover(s, g);
        break;
    default:
        break;
    }
}

int32_t geo_index(const os_sim *s, int target)
{
    for (size_t i = 0; s->geo && i < s->geo->n; i++)
        if (s->geo->g[i].target == target)
            return (int32_t)i;
    return -1;
}

/* --- reachability -------------------------------------------------------------------------- */

static bool copy_reachable(const os_sim *s, const geo_state *g, int copy)
{
    int r = g->region[copy];
    if (s->rout[r])
        return false;
    if (g->zr[copy])
        return s->up_zones[r] > 0;
    return s->zup[s->sc->regions[r].first_zone + g->zone[copy] - 1];
}

void geo_settle(os_sim *s)
{
    geo_sim *gs = s->geo;
    for (size_t i = 0; gs && i < gs->n; i++) {
        geo_state *g = &gs->g[i];
        bool was_primary = g->reach[g->primary];
        bool now[2] = {copy_reachable(s, g, 0), copy_reachable(s, g, 1)};
        if (now[0] == g->reach[0] && now[1] == g->reach[1])
            continue;
        for (int c = 0; c < 2; c++)
            if (now[c] != g->reach[c]) {
                g->reach[c] = now[c];
                sim_emit(s, "geo_copy", tname(s, g), now[c] ? "reachable" : "unreachable",
                         copy_region(s, g, c), c);
            }
        if (was_primary && !g->reach[g->primary])
            grace_start(s, g);
        else if (!was_primary && g->reach[g->primary])
            grace_cancel(s, g);
        failback_arm(s, g);
        evaluate(s, g);
    }
}

void geo_finish(os_sim *s)
{
    geo_sim *gs = s->geo;
    for (size_t i = 0; gs && i < gs->n; i++)
        if (!gs->g[i].serving &&
            sim_push(s, &s->out->geo_rto_ms[i], (double)(s->horizon - gs->g[i].down_since)) != 0)
            return; /* recorded in s->status */
}
