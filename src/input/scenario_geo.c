/* scenario_geo.c — the loader's geo-replicated targets (SPEC §6.2): a target's `geo_replica`
 * (region, placement, lag, failover, failback) and the checks that tie it to the topology.
 *
 * Not here: the target's own keys (scenario.c), the injected geo_failover event
 * (scenario_sections.c), what a geo replica does (engine/geo.c). */
#include <stdlib.h>

#include "scenario_internal.h"

static void geo_defaults(os_geo_replica *g)
{
    g->zone = 1;
    g->lag = os_dist_fixed(0);
    g->mode = OS_FAILOVER_AUTOMATIC;
    g->grace = os_dist_fixed(OS_MS_HOUR);
    g->duration = os_dist_fixed(OS_MS_MINUTE);
    g->failback_after = os_dist_fixed(24 * OS_MS_HOUR);
    g->failback_duration = os_dist_fixed(OS_MS_MINUTE);
}

void ld_geo_free(os_geo_replica *g)
{
    if (!g)
        return;
    os_dist_clear(&g->lag);
    os_dist_clear(&g->grace);
    os_dist_clear(&g->duration);
    os_dist_clear(&g->failback_after);
    os_dist_clear(&g->failback_duration);
    free(g);
}

/* failover: {mode, grace, duration} */
static int load_geo_failover(ld *L, int id, const char *sec, os_geo_replica *g)
{
    static const char *const keys[] = {"mode", "grace", "duration"};
    static const char *const modes[] = {"automatic", "manual"};
    yt *t = &L->t;
    yt_field f[3];
    char p[YT_PATH];
    int rc, mode;
    if ((rc = yt_mapping(t, id, sec, keys, 3, f)) < 0)
        return rc;
    if (f[0].value) {
        if ((rc = yt_enum(t, f[0].value, yt_path(p, sizeof p, sec, keys[0]), modes, 2, &mode)) < 0)
            return rc;
        g->mode = mode ? OS_FAILOVER_MANUAL : OS_FAILOVER_AUTOMATIC;
    }
    if (f[1].value &&
        (rc = yt_dist(t, f[1].value, yt_path(p, sizeof p, sec, keys[1]), 0, &g->grace)) < 0)
        return rc;
    if (f[2].value && (rc = yt_dist(t, f[2].value, yt_path(p, sizeof p, sec, keys[2]), YT_POS_MEAN,
                                    &g->duration)) < 0)
        return rc;
    return OS_OK;
}

/* failback: {after, duration} */
static int load_geo_failback(ld *L, int id, const char *sec, os_geo_replica *g)
{
    static const char *const keys[] = {"after", "duration"};
    yt *t = &L->t;
    yt_field f[2];
    char p[YT_PATH];
    int rc;
    if ((rc = yt_mapping(t, id, sec, keys, 2, f)) < 0)
        return rc;
    if (f[0].value && (rc = yt_dist(t, f[0].value, yt_path(p, sizeof p, sec, keys[0]), 0,
                                    &g->failback_after)) < 0)
        return rc;
    if (f[1].value && (rc = yt_dist(t, f[1].value, yt_path(p, sizeof p, sec, keys[1]), YT_POS_MEAN,
                                    &g->failback_duration)) < 0)
        return rc;
    g->failback = true;
    return OS_OK;
}

static int load_geo_fields(ld *L, int id, const char *sec, const os_target *tg, os_geo_replica *g)
{
    static const char *const keys[] = {"region", "zone_redundant", "zone",
                                       "lag",    "failover",       "failback", "cost"};
    yt *t = &L->t;
    yt_field f[7];
    char p[YT_PATH];
    int rc;
    if ((rc = yt_mapping(t, id, sec, keys, 7, f)) < 0 ||
        (rc = yt_require(t, id, sec, &f[0], "region")) < 0 ||
        (rc = ld_region_ref(L, f[0].value, yt_path(p, sizeof p, sec, keys[0]), &g->region)) < 0)
        return rc;
    if (g->region == tg->region)
        return yt_fail(t, f[0].value, p, OS_ERR_INPUT,
                       "a geo replica must be in another region than its target ('%s')",
                       L->sc->regions[tg->region].name);
    if (f[1].value &&
        (rc = yt_bool(t, f[1].value, yt_path(p, sizeof p, sec, keys[1]), &g->zone_redundant)) < 0)
        return rc;
    if (f[2].value &&
        (rc = ld_zone(L, f[2].value, yt_path(p, sizeof p, sec, keys[2]), g->region, &g->zone)) < 0)
        return rc;
    if (f[3].value &&
        (rc = yt_dist(t, f[3].value, yt_path(p, sizeof p, sec, keys[3]), 0, &g->lag)) < 0)
        return rc;
    if (f[4].value &&
        (rc = load_geo_failover(L, f[4].value, yt_path(p, sizeof p, sec, keys[4]), g)) < 0)
        return rc;
    if (f[5].value &&
        (rc = load_geo_failback(L, f[5].value, yt_path(p, sizeof p, sec, keys[5]), g)) < 0)
        return rc;
    if (f[6].value &&
        (rc = ld_cost_rate(L, f[6].value, yt_path(p, sizeof p, sec, keys[6]), &g->cost)) < 0)
        return rc;
    return OS_OK;
}

int ld_geo_replica(ld *L, int id, const char *sec, os_target *tg)
{
    os_geo_replica *g = calloc(1, sizeof *g);
    if (!g)
        return yt_fail(&L->t, id, sec, OS_ERR_NOMEM, "out of memory");
    geo_defaults(g);
    tg->geo = g; /* owned by the target from here on, freed with the scenario on error too */
    int rc = load_geo_fields(L, id, sec, tg, g);
    if (rc == OS_OK)
        L->sc->n_geo_targets++;
    return rc;
}
