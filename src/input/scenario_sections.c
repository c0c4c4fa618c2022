/* scenario_sections.c — the loader's settings and events: simulation (SPEC §5.1), sla,
 * platform (§1.4) and injected events (§2, §5.3).
 *
 * Not here: topology and the public API (scenario.c), failures and the service connector
 * (scenario_failures.c). */
#include <stdlib.h>
#include <string.h>

#include "scenario_internal.h"

/* --- simulation and sla --------------------------------------------------------------------- */

int ld_simulation(ld *L, int id)
{
    static const char *const keys[] = {
        "horizon",          "replications",     "seed", "start", "precision", "until",
        "min_replications", "max_replications", "batch"};
    static const char *const starts[] = {"steady", "all_up"};
    static const char *const untils[] = {"fixed", "verdict"};
    yt_field f[9];
    char p[YT_PATH];
    yt *t = &L->t;
    os_simulation *s = &L->sc->sim;
    int rc, e;
    const char *sec = "simulation";
    if ((rc = yt_mapping(t, id, sec, keys, 9, f)) < 0)
        return rc;
    if (f[0].value) {
        if ((rc = yt_duration(t, f[0].value, yt_path(p, sizeof p, sec, "horizon"), &s->horizon)) <
            0)
            return rc;
        if (s->horizon == 0)
            return yt_fail(t, f[0].value, p, OS_ERR_INPUT, "must be positive, got '0'");
        L->horizon_set = true;
    }
    if (f[1].value) {
        if ((rc = yt_u64(t, f[1].value, yt_path(p, sizeof p, sec, "replications"), 1,
                         OS_MAX_REPLICATIONS, &s->replications)) < 0)
            return rc;
        L->replications_set = true;
    }
    if (f[2].value && (rc = yt_u64(t, f[2].value, yt_path(p, sizeof p, sec, "seed"), 0, UINT64_MAX,
                                   &s->seed)) < 0)
        return rc;
    if (f[3].value) {
        if ((rc = yt_enum(t, f[3].value, yt_path(p, sizeof p, sec, "start"), starts, 2, &e)) < 0)
            return rc;
        s->start = e ? OS_START_ALL_UP : OS_START_STEADY;
    }
    if (f[4].value) {
        const char *v = yt_scalar(t, f[4].value);
        yt_path(p, sizeof p, sec, "precision");
        if (v && *v && v[strlen(v) - 1] == '%') {
            /* Relative: a fraction of the unavailability (1 - mean). */
            if ((rc = yt_percent(t, f[4].value, p, &s->precision)) < 0)
                return rc;
            s->precision_relative = true;
        } else {
            if ((rc = yt_number(t, f[4].value, p, &s->precision)) < 0)
                return rc;
            if (!(s->precision > 0 && s->precision < 1))
                return yt_fail(t, f[4].value, p, OS_ERR_INPUT,
                               "expected a half-width between 0 and 1 (or a percentage of the "
                               "unavailability such as '10%%'), got '%s'",
                               v);
        }
        if (!(s->precision > 0))
            return yt_fail(t, f[4].value, p, OS_ERR_INPUT, "must be positive, got '%s'", v);
    }
    if (f[5].value) {
        if ((rc = yt_enum(t, f[5].value, yt_path(p, sizeof p, sec, "until"), untils, 2, &e)) < 0)
            return rc;
        s->until = e ? OS_UNTIL_VERDICT : OS_UNTIL_FIXED;
    }
    if (f[6].value && (rc = yt_u64(t, f[6].value, yt_path(p, sizeof p, sec, "min_replications"), 1,
                                   OS_MAX_REPLICATIONS, &s->min_replications)) < 0)
        return rc;
    if (f[7].value && (rc = yt_u64(t, f[7].value, yt_path(p, sizeof p, sec, "max_replications"), 1,
                                   OS_MAX_REPLICATIONS, &s->max_replications)) < 0)
        return rc;
    if (f[8].value && (rc = yt_u64(t, f[8].value, yt_path(p, sizeof p, sec, "batch"), 1,
                                   OS_MAX_REPLICATIONS, &s->batch)) < 0)
        return rc;
    if (s->min_replications > s->max_replications) {
        int at = f[7].value ? f[7].value : f[6].value;
        const char *k = f[7].value ? "max_replications" : "min_replications";
        return yt_fail(t, at, yt_path(p, sizeof p, sec, k), OS_ERR_INPUT,
                       "min_replications (%llu) exceeds max_replications (%llu)",
                       (unsigned long long)s->min_replications,
                       (unsigned long long)s->max_replications);
    }
    return OS_OK;
}

int ld_sla(ld *L, int id)
{
    static const char *const keys[] = {"availability", "rto", "rpo", "window", "credits"};
    yt_field f[5];
    char p[YT_PATH];
    yt *t = &L->t;
    os_sla *s = &L->sc->sla;
    int rc;
    if ((rc = yt_mapping(t, id, "sla", keys, 5, f)) < 0)
        return rc;
    if (f[0].value) {
        if ((rc = yt_percent(t, f[0].value, yt_path(p, sizeof p, "sla", "availability"),
                             &s->availability)) < 0)
            return rc;
        if (!(s->availability > 0))
            return yt_fail(t, f[0].value, p, OS_ERR_INPUT, "must be above 0%%, got '%s'",
                           yt_scalar(t, f[0].value));
    }
    if (f[1].value &&
        (rc = yt_duration(t, f[1].value, yt_path(p, sizeof p, "sla", "rto"), &s->rto)) < 0)
        return rc;
    if (f[2].value &&
        (rc = yt_duration(t, f[2].value, yt_path(p, sizeof p, "sla", "rpo"), &s->rpo)) < 0)
        return rc;
    if (f[3].value) {
        if ((rc = yt_duration(t, f[3].value, yt_path(p, sizeof p, "sla", "window"), &s->window)) <
            0)
            return rc;
        if (s->window == 0)
            return yt_fail(t, f[3].value, p, OS_ERR_INPUT, "must be positive, got '0'");
    }
    if (f[4].value && (rc = ld_credits(L, f[4].value, yt_path(p, sizeof p, "sla", "credits"))) < 0)
        return rc;
    return OS_OK;
}

int ld_platform(ld *L, int id)
{
    static const char *const keys[] = {"detection_delay", "provisioning_delay", "surge_limit",
                                       "rebalance_delay"};
    yt_field f[4];
    char p[YT_PATH];
    yt *t = &L->t;
    os_platform *pl = &L->sc->platform;
    const char *sec = "platform";
    int rc;
    if ((rc = yt_mapping(t, id, sec, keys, 4, f)) < 0)
        return rc;
    if (f[0].value && (rc = yt_dist(t, f[0].value, yt_path(p, sizeof p, sec, keys[0]), 0,
                                    &pl->detection_delay)) < 0)
        return rc;
    if (f[1].value && (rc = yt_dist(t, f[1].value, yt_path(p, sizeof p, sec, keys[1]), 0,
                                    &pl->provisioning_delay)) < 0)
        return rc;
    if (f[2].value) {
        long long v;
        if ((rc = yt_int(t, f[2].value, yt_path(p, sizeof p, sec, keys[2]), 0, OS_MAX_INSTANCES,
                         &v)) < 0)
            return rc;
        pl->surge_limit = (int)v;
    }
    if (f[3].value && (rc = yt_dist(t, f[3].value, yt_path(p, sizeof p, sec, keys[3]), 0,
                                    &pl->rebalance_delay)) < 0)
        return rc;
    return OS_OK;
}

/* --- events --------------------------------------------------------------------------------- */

static int router_ref(ld *L, int id, const char *path, int *out)
{
    const os_scenario *sc = L->sc;
    const char *s = NULL;
    int rc = yt_string(&L->t, id, path, &s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < sc->n_routers; i++)
        if (!strcmp(sc->routers[i].name, s)) {
            *out = (int)i;
            return OS_OK;
        }
    const char **names = malloc((sc->n_routers ? sc->n_routers : 1) * sizeof *names);
    if (!names)
        return yt_fail(&L->t, id, path, OS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < sc->n_routers; i++)
        names[i] = sc->routers[i].name;
    rc = ld_undefined(L, id, path, "router", s, names, sc->n_routers);
    free(names);
    return rc;
}

/* The geo-replicated target a geo_failover event names: an unknown target, or one without a
 * geo replica, is an error with the nearest geo-replicated target's name. */
static int geo_target_ref(ld *L, int id, const char *path, int *out)
{
    const os_scenario *sc = L->sc;
    const char *s = NULL;
    int rc = yt_string(&L->t, id, path, &s);
    if (rc < 0)
        return rc;
    long i = ld_nix_find(&L->target_ix, s);
    if (i >= 0 && sc->targets[i].geo) {
        *out = (int)i;
        return OS_OK;
    }
    const char **names = malloc((sc->n_targets ? sc->n_targets : 1) * sizeof *names);
    if (!names)
        return yt_fail(&L->t, id, path, OS_ERR_NOMEM, "out of memory");
    size_t n = 0;
    for (size_t j = 0; j < sc->n_targets; j++)
        if (sc->targets[j].geo)
            names[n++] = sc->targets[j].name;
    const char *near = os_nearest(s, names, n);
    if (i >= 0 && n == 0)
        rc = yt_fail(&L->t, id, path, OS_ERR_INPUT,
                     "target '%s' has no geo_replica (no target of this scenario has one)", s);
    else if (i >= 0 && near)
        rc = yt_fail(&L->t, id, path, OS_ERR_INPUT,
                     "target '%s' has no geo_replica (did you mean '%s'?)", s, near);
    else if (i >= 0)
        rc = yt_fail(&L->t, id, path, OS_ERR_INPUT, "target '%s' has no geo_replica", s);
    else
        rc = ld_undefined(L, id, path, "geo-replicated target", s, names, n);
    free(names);
    return rc;
}

/* The plausibility warnings of one event (docs/robustness.md#warnings): at or after the
 * horizon it never happens; an outage whose shortest duration reaches the horizon never
 * recovers within the run. */
static int warn_event(ld *L, const os_event *ev, int at, int for_node, const char *path)
{
    char p[YT_PATH], a[64], h[64], d[64];
    os_ms horizon = ld_horizon(L);
    os_duration_format(ev->at, a, sizeof a);
    os_duration_format(horizon, h, sizeof h);
    if (ev->at >= horizon)
        return ld_warn(L, at, yt_path(p, sizeof p, path, "at"),
                       "%s is not before the %s horizon: the event never happens (ignored)", a, h);
    os_ms min = for_node ? ld_dist_min(&ev->duration) : 0;
    if (min > 0 && min >= horizon - ev->at) {
        os_duration_format(min, d, sizeof d);
        return ld_warn(L, for_node, yt_path(p, sizeof p, path, "for"),
                       "an outage of %s%s from %s lasts to the %s horizon or past it: it never "
                       "recovers within the run",
                       os_dist_is_fixed(&ev->duration) ? "" : "at least ", d, a, h);
    }
    return OS_OK;
}

int ld_events(ld *L, int id)
{
    static const char *const keys[] = {
        "zone_down", "region_down", "group_down",  "outage_declared", "customer_report",
        "at",        "for",         "router_down", "geo_failover"};
    enum { N_KEYS = 9, AT = 5, FOR = 6, ROUTER_DOWN = 7 };
    static const char *const zkeys[] = {"region", "zone"};
    static const enum os_event_kind kinds[] = {
        OS_EV_ZONE_DOWN,       OS_EV_REGION_DOWN,     OS_EV_GROUP_DOWN,
        OS_EV_OUTAGE_DECLARED, OS_EV_CUSTOMER_REPORT, OS_EV_ZONE_DOWN,
        OS_EV_ZONE_DOWN,       OS_EV_ROUTER_DOWN,     OS_EV_GEO_FAILOVER};
    os_scenario *sc = L->sc;
    yt *t = &L->t;
    size_t n = 0;
    char pi[YT_PATH], p[YT_PATH], pz[YT_PATH];
    int rc = yt_sequence(t, id, "events", &n);
    if (rc < 0)
        return rc;
    if (n > OS_MAX_ENTITIES)
        return yt_fail(t, id, "events", OS_ERR_LIMIT, "too many items: %zu (the limit is %d)", n,
                       OS_MAX_ENTITIES);
    sc->events = calloc(n ? n : 1, sizeof *sc->events);
    if (!sc->events)
        return yt_fail(t, id, "events", OS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int item = yt_item(t, id, i);
        yt_field f[N_KEYS];
        os_event *ev = &sc->events[i];
        int k = -1;
        yt_path_index(pi, sizeof pi, "events", i);
        ev->mark = yt_mark(t, item);
        sc->n_events = i + 1;
        if ((rc = yt_mapping(t, item, pi, keys, N_KEYS, f)) < 0)
            return rc;
        /* The kind key that comes first in the file is the event's; a second is an error
         * (node ids follow document order). */
        int second = -1;
        for (int j = 0; j < N_KEYS; j++) {
            if (j == AT || j == FOR || !f[j].value)
                continue;
            if (k < 0 || f[j].key < f[k].key) {
                second = k;
                k = j;
            } else if (second < 0 || f[j].key < f[second].key) {
                second = j;
            }
        }
        if (second >= 0)
            return yt_fail(t, f[second].key, pi, OS_ERR_INPUT,
                           "an event has one kind, and this one is already '%s'", keys[k]);
        if (k < 0)
            return yt_fail(t, item, pi, OS_ERR_INPUT,
                           "missing the event kind (one of: zone_down, region_down, "
                           "group_down, outage_declared, customer_report, router_down, "
                           "geo_failover)");
        ev->kind = kinds[k];
        yt_path(p, sizeof p, pi, keys[k]);
        if (ev->kind == OS_EV_ZONE_DOWN) {
            yt_field z[2];
            if ((rc = yt_mapping(t, f[k].value, p, zkeys, 2, z)) < 0 ||
                (rc = yt_require(t, f[k].value, p, &z[0], "region")) < 0 ||
                (rc = yt_require(t, f[k].value, p, &z[1], "zone")) < 0 ||
                (rc = ld_region_ref(L, z[0].value, yt_path(pz, sizeof pz, p, "region"),
                                    &ev->region)) < 0 ||
                (rc = ld_zone(L, z[1].value, yt_path(pz, sizeof pz, p, "zone"), ev->region,
                              &ev->zone)) < 0)
                return rc;
        } else if (ev->kind == OS_EV_GROUP_DOWN) {
            const char *s = NULL;
            if ((rc = yt_string(t, f[k].value, p, &s)) < 0)
                return rc;
            long g = ld_nix_find(&L->group_ix, s);
            if (g < 0) {
                const char **names = malloc((sc->n_groups ? sc->n_groups : 1) * sizeof *names);
                if (!names)
                    return yt_fail(t, f[k].value, p, OS_ERR_NOMEM, "out of memory");
                for (size_t j = 0; j < sc->n_groups; j++)
                    names[j] = sc->groups[j].name;
                rc = ld_undefined(L, f[k].value, p, "common-cause group", s, names, sc->n_groups);
                free(names);
                return rc;
            }
            ev->group = (int)g;
        } else if (ev->kind == OS_EV_ROUTER_DOWN) {
            if ((rc = router_ref(L, f[k].value, p, &ev->router)) < 0)
                return rc;
        } else if (ev->kind == OS_EV_GEO_FAILOVER) {
            if ((rc = geo_target_ref(L, f[k].value, p, &ev->target)) < 0)
                return rc;
        } else if ((rc = ld_region_ref(L, f[k].value, p, &ev->region)) < 0) {
            return rc;
        }
        if ((rc = yt_require(t, item, pi, &f[AT], "at")) < 0 ||
            (rc = yt_duration(t, f[AT].value, yt_path(p, sizeof p, pi, "at"), &ev->at)) < 0)
            return rc;
        bool outage = k <= 2 || k == ROUTER_DOWN;
        if (!outage && f[FOR].value)
            return yt_fail(t, f[FOR].key, pi, OS_ERR_INPUT, "%s %s event takes no 'for'",
                           k == 3 ? "an" : "a", keys[k]);
        if (outage && ((rc = yt_require(t, item, pi, &f[FOR], "for")) < 0 ||
                       (rc = yt_dist(t, f[FOR].value, yt_path(p, sizeof p, pi, "for"), YT_POS_MEAN,
                                     &ev->duration)) < 0))
            return rc;
        if ((rc = warn_event(L, ev, f[AT].value, outage ? f[FOR].value : 0, pi)) < 0)
            return rc;
    }
    return OS_OK;
}
