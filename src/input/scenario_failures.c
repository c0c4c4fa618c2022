/* scenario_failures.c — the loader's failure model and disaster-recovery sections: failure
 * processes (top level and per-region overrides), common-cause groups (SPEC §5.3), the incident
 * trace (§5.4), and service_connector (§1.6).
 *
 * Not here: topology, simulation settings and events (scenario.c), the CSV itself (trace.c). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_internal.h"
#include "trace.h"

void ld_sc_defaults(os_service_connector *c)
{
    c->enabled = false;
    c->primary = -1;
    c->hc_interval = 10 * OS_MS_MINUTE;
    c->hc_failures_to_trigger = 3;
    c->hc_offset = 0;
    c->declared_after = os_dist_fixed(0);
    c->report_after = os_dist_fixed(0);
    c->mode = OS_FAILOVER_AUTOMATIC;
    c->decision_delay = os_dist_fixed(0);
    c->dns_remap = os_dist_fixed(OS_MS_HOUR);
    c->manual_duration = os_dist_fixed(6 * OS_MS_HOUR);
    c->backup_interval = 24 * OS_MS_HOUR;
    c->failback_after = os_dist_fixed(24 * OS_MS_HOUR);
    c->failback_downtime = os_dist_fixed(0);
}

void ld_sc_clear(os_service_connector *c)
{
    os_dist_clear(&c->declared_after);
    os_dist_clear(&c->report_after);
    os_dist_clear(&c->decision_delay);
    os_dist_clear(&c->dns_remap);
    os_dist_clear(&c->manual_duration);
    for (size_t i = 0; i < c->n_underlying; i++) {
        free(c->underlying[i].name);
        os_dist_clear(&c->underlying[i].duration);
    }
    free(c->underlying);
    c->underlying = NULL;
    c->n_underlying = 0;
    os_dist_clear(&c->failback_after);
    os_dist_clear(&c->failback_downtime);
}

/* --- failure processes ---------------------------------------------------------------------- */

os_ms ld_dist_min(const os_dist *d)
{
    double m = 0; /* exponential, lognormal, Weibull, gamma, truncated normal: from 0 */
    if (d->kind == OS_DIST_FIXED || d->kind == OS_DIST_UNIFORM) {
        m = d->a;
    } else if (d->kind == OS_DIST_EMPIRICAL) {
        m = d->n_values ? d->values[0] : 0;
        for (size_t i = 1; i < d->n_values; i++)
            m = fmin(m, d->values[i]);
    }
    /* Draws are rounded to the nearest ms, as os_dist_draw does. */
    return m >= (double)OS_MS_MAX ? OS_MS_MAX : (os_ms)llround(m);
}

/* The share of draws below 1 ms (before os_dist_draw rounds them up to 1 ms): above 1/2 means
 * the median is below the clock's tick. */
static double share_below_tick(const os_dist *d)
{
    double a = d->a, b = d->b;
    switch (d->kind) {
    case OS_DIST_FIXED:
        return a < 1 ? 1 : 0;
    case OS_DIST_EXPONENTIAL:
        return gsl_cdf_exponential_P(1, a);
    case OS_DIST_UNIFORM:
        return b > a ? fmin(fmax((1 - a) / (b - a), 0), 1) : a < 1;
    case OS_DIST_NORMAL: { /* truncated at 0 */
        double z0 = gsl_cdf_ugaussian_P(-a / b);
        return (gsl_cdf_ugaussian_P((1 - a) / b) - z0) / (1 - z0);
    }
    case OS_DIST_LOGNORMAL:
        return gsl_cdf_lognormal_P(1, a, b);
    case OS_DIST_WEIBULL:
        return gsl_cdf_weibull_P(1, a, b);
    case OS_DIST_GAMMA:
        return gsl_cdf_gamma_P(1, a, b);
    case OS_DIST_EMPIRICAL: {
        size_t k = 0;
        for (size_t i = 0; i < d->n_values; i++)
            k += d->values[i] < 1;
        return d->n_values ? (double)k / (double)d->n_values : 0;
    }
    }
    return 0;
}

/* The plausibility warnings of one failure process (docs/robustness.md#warnings): down more
 * than half of the time, a median below the 1 ms tick; a repair that never ends within the
 * horizon is checked at the end of loading, once the horizon is final. */
static int warn_process(ld *L, int id, const char *path, const yt_field *f, const os_dist *ttf,
                        const os_dist *ttr)
{
    char p[YT_PATH], a[64], b[64];
    int rc;
    if (ttr->mean > ttf->mean) {
        double down = ttr->mean / (ttf->mean + ttr->mean);
        char pct[32];
        if (down > 0.999)
            snprintf(pct, sizeof pct, "more than 99.9%%");
        else
            snprintf(pct, sizeof pct, "%.1f%%", 100 * down);
        os_duration_format((os_ms)llround(ttr->mean), a, sizeof a);
        os_duration_format((os_ms)llround(ttf->mean), b, sizeof b);
        if ((rc = ld_warn(L, id, path,
                          "down %s of the time in the long run: the mean time to repair (%s) "
                          "is longer than the mean time to failure (%s); are they swapped?",
                          pct, a, b)) < 0)
            return rc;
    }
    for (int k = 0; k < 2; k++) {
        double share = share_below_tick(k ? ttr : ttf);
        if (share > 0.5 &&
            (rc = ld_warn(L, f[k].value,
                          yt_path(p, sizeof p, path, k ? "time_to_repair" : "time_to_failure"),
                          "the median is below the simulator's 1 ms clock: %.0f%% of the draws "
                          "are shorter than 1 ms and become 1 ms, so the simulated process is "
                          "not the one written",
                          100 * share)) < 0)
            return rc;
    }
    os_ms min = ld_dist_min(ttr);
    if (min > 0) {
        struct ld_slow_repair *v =
            realloc(L->slow_repairs, (L->n_slow_repairs + 1) * sizeof *L->slow_repairs);
        if (!v)
            return yt_fail(&L->t, id, path, OS_ERR_NOMEM, "out of memory");
        L->slow_repairs = v;
        v[L->n_slow_repairs].node = f[1].value;
        yt_path(v[L->n_slow_repairs].path, sizeof v->path, path, "time_to_repair");
        v[L->n_slow_repairs++].min = min;
    }
    return OS_OK;
}

static int load_ttf_ttr(ld *L, int id, const char *path, const yt_field *f, os_dist *ttf,
                        os_dist *ttr)
{
    char p[YT_PATH];
    int rc;
    if ((rc = yt_require(&L->t, id, path, &f[0], "time_to_failure")) < 0 ||
        (rc = yt_require(&L->t, id, path, &f[1], "time_to_repair")) < 0 ||
        (rc = yt_dist(&L->t, f[0].value, yt_path(p, sizeof p, path, "time_to_failure"), YT_FAILURE,
                      ttf)) < 0)
        return rc;
    if ((rc = yt_dist(&L->t, f[1].value, yt_path(p, sizeof p, path, "time_to_repair"), YT_FAILURE,
                      ttr)) < 0) {
        os_dist_clear(ttf);
        return rc;
    }
    /* The clock ticks in whole milliseconds and a failure-process draw is at least 1 ms: a
     * mean far below that would silently become a different process (every draw 1 ms). */
    for (int k = 0; k < 2; k++) {
        const os_dist *d = k ? ttr : ttf;
        if (d->mean < 1.0) {
            rc = yt_fail(&L->t, f[k].value,
                         yt_path(p, sizeof p, path, k ? "time_to_repair" : "time_to_failure"),
                         OS_ERR_INPUT,
                         "mean %.3g ms is below the simulator's 1 ms clock (every draw would "
                         "be rounded up to 1 ms); use a mean of at least 1ms",
                         d->mean);
            os_dist_clear(ttf);
            os_dist_clear(ttr);
            return rc;
        }
    }
    if ((rc = warn_process(L, id, path, f, ttf, ttr)) < 0) {
        os_dist_clear(ttf);
        os_dist_clear(ttr);
    }
    return rc;
}

static int load_process(ld *L, int id, const char *path, os_process *out)
{
    static const char *const keys[] = {"time_to_failure", "time_to_repair"};
    yt_field f[2];
    int rc = yt_mapping(&L->t, id, path, keys, 2, f);
    if (rc < 0 || (rc = load_ttf_ttr(L, id, path, f, &out->ttf, &out->ttr)) < 0)
        return rc;
    out->enabled = true;
    return OS_OK;
}

static void clear_process(os_process *p)
{
    os_dist_clear(&p->ttf);
    os_dist_clear(&p->ttr);
    p->enabled = false;
}

static int copy_process(os_process *dst, const os_process *src)
{
    *dst = (os_process){.enabled = src->enabled};
    if (!src->enabled)
        return 0;
    if (os_dist_copy(&dst->ttf, &src->ttf) < 0)
        return -1;
    if (os_dist_copy(&dst->ttr, &src->ttr) < 0) {
        os_dist_clear(&dst->ttf);
        return -1;
    }
    return 0;
}

static const char *const proc_keys[] = {"zone", "region", "instance"};

static os_process *region_proc(os_region *r, int k)
{
    return k == 0 ? &r->zone_proc : k == 1 ? &r->region_proc : &r->instance_proc;
}

/* --- common-cause groups -------------------------------------------------------------------- */

static int load_members(ld *L, int id, const char *path, os_group *g)
{
    static const char *const keys[] = {"region", "zone"};
    os_scenario *sc = L->sc;
    yt *t = &L->t;
    size_t n = 0;
    char pi[YT_PATH], p[YT_PATH];
    int rc = yt_sequence(t, id, path, &n);
    if (rc < 0)
        return rc;
    if (n == 0)
        return yt_fail(t, id, path, OS_ERR_INPUT, "must list at least one member");
    /* One slot per zone, then one per region: each member at most once. */
    size_t slots = (size_t)sc->n_zones + sc->n_regions;
    if (n > slots)
        return yt_fail(t, id, path, OS_ERR_INPUT, "more members (%zu) than zones and regions", n);
    size_t *seen = calloc(slots, sizeof *seen);
    g->members = calloc(n, sizeof *g->members);
    if (!seen || !g->members) {
        rc = yt_fail(t, id, path, OS_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        int item = yt_item(t, id, i);
        yt_field f[2];
        os_member *m = &g->members[i];
        yt_path_index(pi, sizeof pi, path, i);
        if ((rc = yt_mapping(t, item, pi, keys, 2, f)) < 0 ||
            (rc = yt_require(t, item, pi, &f[0], "region")) < 0 ||
            (rc = ld_region_ref(L, f[0].value, yt_path(p, sizeof p, pi, "region"), &m->region)) < 0)
            goto out;
        m->zone = 0;
        if (f[1].value && (rc = ld_zone(L, f[1].value, yt_path(p, sizeof p, pi, "zone"), m->region,
                                        &m->zone)) < 0)
            goto out;
        g->n_members = i + 1;
        size_t slot = m->zone ? (size_t)(sc->regions[m->region].first_zone + m->zone - 1)
                              : (size_t)sc->n_zones + (size_t)m->region;
        if (seen[slot]) {
            rc = yt_fail(t, item, pi, OS_ERR_INPUT, "duplicate member (same as %s[%zu])", path,
                         seen[slot] - 1);
            goto out;
        }
        seen[slot] = i + 1;
    }
out:
    free(seen);
    return rc;
}

static int load_groups(ld *L, int id)
{
    static const char *const keys[] = {"time_to_failure", "time_to_repair", "name", "members"};
    static const char *const sec = "failures.common_cause";
    os_scenario *sc = L->sc;
    yt *t = &L->t;
    size_t n = 0;
    char pi[YT_PATH], p[YT_PATH];
    int *nodes = NULL;
    const char **names = NULL;
    int rc = yt_sequence(t, id, sec, &n);
    if (rc < 0)
        return rc;
    if (n > OS_MAX_ENTITIES)
        return yt_fail(t, id, sec, OS_ERR_LIMIT, "too many items: %zu (the limit is %d)", n,
                       OS_MAX_ENTITIES);
    sc->groups = calloc(n ? n : 1, sizeof *sc->groups);
    nodes = calloc(n ? n : 1, sizeof *nodes);
    names = calloc(n ? n : 1, sizeof *names);
    if (!sc->groups || !nodes || !names) {
        rc = yt_fail(t, id, sec, OS_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        int item = yt_item(t, id, i);
        yt_field f[4];
        os_group *g = &sc->groups[i];
        const char *name = NULL;
        yt_path_index(pi, sizeof pi, sec, i);
        g->mark = yt_mark(t, item);
        sc->n_groups = i + 1;
        if ((rc = yt_mapping(t, item, pi, keys, 4, f)) < 0 ||
            (rc = yt_require(t, item, pi, &f[2], "name")) < 0 ||
            (rc = yt_require(t, item, pi, &f[3], "members")) < 0 ||
            (rc = yt_string(t, f[2].value, yt_path(p, sizeof p, pi, "name"), &name)) < 0 ||
            (rc = ld_strdup(L, f[2].value, p, name, &g->name)) < 0 ||
            (rc = load_members(L, f[3].value, yt_path(p, sizeof p, pi, "members"), g)) < 0 ||
            (rc = load_ttf_ttr(L, item, pi, f, &g->ttf, &g->ttr)) < 0)
            goto out;
        nodes[i] = f[2].value;
        names[i] = g->name;
    }
    if ((rc = ld_nix_build(&L->group_ix, names, n)) < 0) {
        rc = yt_fail(t, id, sec, rc, "out of memory");
        goto out;
    }
    rc = ld_unique(L, &L->group_ix, nodes, sec, "common-cause group");
out:
    free(names);
    free(nodes);
    return rc;
}

/* --- the incident trace --------------------------------------------------------------------- */

/* The trace file relative to the scenario file's directory. */
static char *trace_path(const char *scenario, const char *file)
{
    const char *slash = strrchr(scenario, '/');
    if (file[0] == '/' || !slash)
        return strdup(file);
    size_t dir = (size_t)(slash - scenario) + 1, len = strlen(file);
    char *p = malloc(dir + len + 1);
    if (!p)
        return NULL;
    memcpy(p, scenario, dir);
    memcpy(p + dir, file, len + 1);
    return p;
}

static int load_trace(ld *L, int id)
{
    static const char *const keys[] = {"file", "mode", "block"};
    static const char *const modes[] = {"replay", "bootstrap"};
    static const char *const sec = "failures.trace";
    os_trace *tr = &L->sc->trace;
    yt *t = &L->t;
    yt_field f[3];
    char p[YT_PATH];
    const char *file = NULL;
    int mode = 0, rc;
    os_ms block = 30 * OS_MS_DAY;
    if ((rc = yt_mapping(t, id, sec, keys, 3, f)) < 0 ||
        (rc = yt_require(t, id, sec, &f[0], "file")) < 0 ||
        (rc = yt_string(t, f[0].value, yt_path(p, sizeof p, sec, "file"), &file)) < 0)
        return rc;
    if (f[1].value &&
        (rc = yt_enum(t, f[1].value, yt_path(p, sizeof p, sec, "mode"), modes, 2, &mode)) < 0)
        return rc;
    if (f[2].value) {
        if ((rc = yt_duration(t, f[2].value, yt_path(p, sizeof p, sec, "block"), &block)) < 0)
            return rc;
        if (block == 0)
            return yt_fail(t, f[2].value, p, OS_ERR_INPUT, "must be positive, got '0'");
    }
    yt_path(p, sizeof p, sec, "file");
    if (!(tr->file = trace_path(t->name, file)))
        return yt_fail(t, f[0].value, p, OS_ERR_NOMEM, "out of memory");
    rc = os_trace_read(tr->file, L->sc->regions, L->sc->n_regions, tr, L->err);
    if (rc < 0 && L->err && L->err->line == 0) {
        /* Unreadable: say so at the key that names the file. */
        const char *why = L->err->msg;
        if (!strncmp(why, "cannot read: ", 13))
            why += 13;
        char reason[sizeof L->err->msg];
        snprintf(reason, sizeof reason, "%s", why);
        return yt_fail(t, f[0].value, p, rc, "cannot read '%s': %s", tr->file, reason);
    }
    if (rc < 0)
        return rc;
    tr->mode = mode ? OS_TRACE_BOOTSTRAP : OS_TRACE_REPLAY;
    tr->block = block;
    /* Each replication draws horizon / block blocks, each a scan of the trace: bounded so a
     * tiny block cannot make a run that never ends. */
    os_ms horizon = L->sc->sim.horizon;
    if (tr->mode == OS_TRACE_BOOTSTRAP &&
        (uint64_t)(horizon / block) + (horizon % block != 0) > OS_MAX_BOOTSTRAP_BLOCKS) {
        char h[64], b[64];
        os_duration_format(horizon, h, sizeof h);
        os_duration_format(block, b, sizeof b);
        return yt_fail(t, f[2].value ? f[2].value : id, yt_path(p, sizeof p, sec, "block"),
                       OS_ERR_INPUT,
                       "a %s horizon in blocks of %s makes more than %llu blocks per "
                       "replication (the limit); use a longer block",
                       h, b, (unsigned long long)OS_MAX_BOOTSTRAP_BLOCKS);
    }
    return OS_OK;
}

int ld_failures(ld *L, int id)
{
    static const char *const keys[] = {"zone",         "region", "instance",
                                       "common_cause", "trace",  "router"};
    os_scenario *sc = L->sc;
    yt *t = &L->t;
    os_process top[3];
    yt_field f[6] = {{0, 0}};
    char pi[YT_PATH], p[YT_PATH];
    int rc = OS_OK;
    memset(top, 0, sizeof top);
    if (id) {
        if ((rc = yt_mapping(t, id, "failures", keys, 6, f)) < 0)
            goto out;
        for (int k = 0; k < 3; k++)
            if (f[k].value &&
                (rc = load_process(L, f[k].value, yt_path(p, sizeof p, "failures", keys[k]),
                                   &top[k])) < 0)
                goto out;
    }
    /* Each region: its own zone/region/instance process where given, else the top level's. */
    for (size_t i = 0; i < sc->n_regions; i++) {
        os_region *r = &sc->regions[i];
        yt_field o[3] = {{0, 0}};
        int node = L->region_failures[i];
        yt_path(pi, sizeof pi, yt_path_index(p, sizeof p, "regions", i), "failures");
        if (node && (rc = yt_mapping(t, node, pi, proc_keys, 3, o)) < 0)
            goto out;
        for (int k = 0; k < 3; k++) {
            if (o[k].value) {
                if ((rc = load_process(L, o[k].value, yt_path(p, sizeof p, pi, proc_keys[k]),
                                       region_proc(r, k))) < 0)
                    goto out;
            } else if (copy_process(region_proc(r, k), &top[k]) < 0) {
                rc = yt_fail(t, node ? node : id, pi, OS_ERR_NOMEM, "out of memory");
                goto out;
            }
            if (region_proc(r, k)->enabled)
                sc->has_failures = true;
        }
    }
    if (f[3].value && (rc = load_groups(L, f[3].value)) < 0)
        goto out;
    if (sc->n_groups > 0)
        sc->has_failures = true;
    if (f[4].value && (rc = load_trace(L, f[4].value)) < 0)
        goto out;
    if (sc->trace.mode == OS_TRACE_BOOTSTRAP)
        sc->has_failures = true;
    /* failures.router: one process per router (SPEC §6.1) */
    if (f[5].value && (rc = load_process(L, f[5].value, "failures.router", &sc->router_proc)) < 0)
        goto out;
    if (sc->router_proc.enabled && sc->n_routers > 0)
        sc->has_failures = true;
out:
    for (int k = 0; k < 3; k++)
        clear_process(&top[k]);
    return rc;
}

/* --- service_connector ---------------------------------------------------------------------- */

static int load_health_check(ld *L, int id, const char *sec)
{
    static const char *const keys[] = {"interval", "failures_to_trigger", "offset"};
    os_service_connector *c = &L->sc->sc;
    yt *t = &L->t;
    yt_field f[3];
    char p[YT_PATH];
    long long v;
    int rc;
    if ((rc = yt_mapping(t, id, sec, keys, 3, f)) < 0)
        return rc;
    if (f[0].value) {
        if ((rc = yt_duration(t, f[0].value, yt_path(p, sizeof p, sec, keys[0]), &c->hc_interval)) <
            0)
            return rc;
        if (c->hc_interval == 0)
            return yt_fail(t, f[0].value, p, OS_ERR_INPUT, "must be positive, got '0'");
    }
    if (f[1].value) {
        if ((rc = yt_int(t, f[1].value, yt_path(p, sizeof p, sec, keys[1]), 1, 1000000, &v)) < 0)
            return rc;
        c->hc_failures_to_trigger = (int)v;
    }
    if (f[2].value &&
        (rc = yt_duration(t, f[2].value, yt_path(p, sizeof p, sec, keys[2]), &c->hc_offset)) < 0)
        return rc;
    return OS_OK;
}

static int load_underlying(ld *L, int id, const char *sec)
{
    os_service_connector *c = &L->sc->sc;
    yt *t = &L->t;
    yaml_node_t *m = yt_node(t, id);
    char p[YT_PATH];
    if (!m || m->type != YAML_MAPPING_NODE) {
        char d[96];
        return yt_fail(t, id, sec, OS_ERR_INPUT,
                       "expected a mapping of service names to failover times, got %s",
                       yt_describe(t, id, d, sizeof d));
    }
    size_t n = yt_len(t, id);
    if (n > OS_MAX_ENTITIES)
        return yt_fail(t, id, sec, OS_ERR_LIMIT, "too many items: %zu (the limit is %d)", n,
                       OS_MAX_ENTITIES);
    c->underlying = calloc(n ? n : 1, sizeof *c->underlying);
    if (!c->underlying)
        return yt_fail(t, id, sec, OS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_pair_t *pr = &yt_node(t, id)->data.mapping.pairs.start[i];
        os_underlying *u = &c->underlying[i];
        const char *name = NULL;
        int rc;
        if ((rc = yt_string(t, pr->key, sec, &name)) < 0 ||
            (rc = ld_strdup(L, pr->key, sec, name, &u->name)) < 0)
            return rc;
        c->n_underlying = i + 1;
        if ((rc = yt_dist(t, pr->value, yt_path(p, sizeof p, sec, name), YT_POS_MEAN,
                          &u->duration)) < 0)
            return rc;
    }
    return OS_OK;
}

static int load_failover(ld *L, int id, const char *sec)
{
    static const char *const keys[] = {"mode", "decision_delay", "dns_remap", "manual_duration",
                                       "underlying"};
    static const char *const modes[] = {"automatic", "manual"};
    os_service_connector *c = &L->sc->sc;
    yt *t = &L->t;
    yt_field f[5];
    char p[YT_PATH];
    int rc, mode;
    if ((rc = yt_mapping(t, id, sec, keys, 5, f)) < 0)
        return rc;
    if (f[0].value) {
        if ((rc = yt_enum(t, f[0].value, yt_path(p, sizeof p, sec, keys[0]), modes, 2, &mode)) < 0)
            return rc;
        c->mode = mode ? OS_FAILOVER_MANUAL : OS_FAILOVER_AUTOMATIC;
    }
    if (f[1].value && (rc = yt_dist(t, f[1].value, yt_path(p, sizeof p, sec, keys[1]), 0,
                                    &c->decision_delay)) < 0)
        return rc;
    if (f[2].value && (rc = yt_dist(t, f[2].value, yt_path(p, sizeof p, sec, keys[2]), YT_POS_MEAN,
                                    &c->dns_remap)) < 0)
        return rc;
    if (f[3].value && (rc = yt_dist(t, f[3].value, yt_path(p, sizeof p, sec, keys[3]), YT_POS_MEAN,
                                    &c->manual_duration)) < 0)
        return rc;
    if (f[4].value && (rc = load_underlying(L, f[4].value, yt_path(p, sizeof p, sec, keys[4]))) < 0)
        return rc;
    return OS_OK;
}

/* A mapping whose keys are all optional durations or distributions (triggers, failback). */
static int load_dists(ld *L, int id, const char *sec, const char *const *keys, os_dist **out,
                      bool **has)
{
    yt *t = &L->t;
    yt_field f[2];
    char p[YT_PATH];
    int rc;
    if ((rc = yt_mapping(t, id, sec, keys, 2, f)) < 0)
        return rc;
    for (int k = 0; k < 2; k++) {
        if (!f[k].value)
            continue;
        if ((rc = yt_dist(t, f[k].value, yt_path(p, sizeof p, sec, keys[k]), 0, out[k])) < 0)
            return rc;
        if (has && has[k])
            *has[k] = true;
    }
    return OS_OK;
}

int ld_service_connector(ld *L, int id)
{
    static const char *const keys[] = {"primary", "health_check", "triggers",  "failover",
                                       "backup",  "failback",     "operations"};
    static const char *const trigger_keys[] = {"outage_declared_after", "customer_report_after"};
    static const char *const failback_keys[] = {"after", "downtime"};
    static const char *const backup_keys[] = {"interval"};
    static const char *const ops_keys[] = {"rate", "writes"};
    static const char *const sec = "service_connector";
    os_scenario *sc = L->sc;
    os_service_connector *c = &sc->sc;
    yt *t = &L->t;
    yt_field f[7], g[2];
    char p[YT_PATH], q[YT_PATH];
    int rc;
    if ((rc = yt_mapping(t, id, sec, keys, 7, f)) < 0 ||
        (rc = yt_require(t, id, sec, &f[0], "primary")) < 0 ||
        (rc = ld_region_ref(L, f[0].value, yt_path(p, sizeof p, sec, "primary"), &c->primary)) < 0)
        return rc;
    const os_region *r = &sc->regions[c->primary];
    if (r->pair < 0 && r->pair_name)
        return yt_fail(t, f[0].value, p, OS_ERR_INPUT,
                       "region '%s' has no pair in this scenario (its pair '%s' is not defined)",
                       r->name, r->pair_name);
    if (r->pair < 0)
        return yt_fail(t, f[0].value, p, OS_ERR_INPUT,
                       "region '%s' has no pair to fail over to (give it one with 'pair:')",
                       r->name);
    c->enabled = true;
    if (f[1].value &&
        (rc = load_health_check(L, f[1].value, yt_path(p, sizeof p, sec, keys[1]))) < 0)
        return rc;
    if (f[2].value) {
        os_dist *out[2] = {&c->declared_after, &c->report_after};
        bool *has[2] = {&c->has_declared_after, &c->has_report_after};
        if ((rc = load_dists(L, f[2].value, yt_path(p, sizeof p, sec, keys[2]), trigger_keys, out,
                             has)) < 0)
            return rc;
    }
    if (f[3].value && (rc = load_failover(L, f[3].value, yt_path(p, sizeof p, sec, keys[3]))) < 0)
        return rc;
    if (f[4].value) {
        yt_path(p, sizeof p, sec, keys[4]);
        if ((rc = yt_mapping(t, f[4].value, p, backup_keys, 1, g)) < 0 ||
            (g[0].value && (rc = yt_duration(t, g[0].value, yt_path(q, sizeof q, p, "interval"),
                                             &c->backup_interval)) < 0))
            return rc;
    }
    if (f[5].value) {
        os_dist *out[2] = {&c->failback_after, &c->failback_downtime};
        if ((rc = load_dists(L, f[5].value, yt_path(p, sizeof p, sec, keys[5]), failback_keys, out,
                             NULL)) < 0)
            return rc;
        c->failback = true;
    }
    if (f[6].value) {
        yt_path(p, sizeof p, sec, keys[6]);
        if ((rc = yt_mapping(t, f[6].value, p, ops_keys, 2, g)) < 0 ||
            (rc = yt_require(t, f[6].value, p, &g[0], "rate")) < 0 ||
            (rc = yt_require(t, f[6].value, p, &g[1], "writes")) < 0 ||
            (rc = yt_rate(t, g[0].value, yt_path(q, sizeof q, p, "rate"), &c->ops_per_ms)) < 0 ||
            (rc = yt_percent(t, g[1].value, yt_path(q, sizeof q, p, "writes"), &c->write_share)) <
                0)
            return rc;
        c->has_operations = true;
    }
    return OS_OK;
}
