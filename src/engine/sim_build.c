/* sim_build.c — setting up a simulation worker from a scenario (arrays sized once, adjacency
 * in CSR form, one random stream per failure process named after it) and tearing it down;
 * and the per-replication result record. The replication itself runs in sim.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* --- results ------------------------------------------------------------------------------ */

int os_rep_result_init(os_rep_result *r, size_t n)
{
    memset(r, 0, sizeof *r);
    r->n_connections = n;
    size_t m = n ? n : 1;
    r->availability = calloc(m, sizeof(double));
    r->cp_availability = calloc(m, sizeof(double));
    r->sla_compliance = calloc(m, sizeof(double));
    r->ops_success = calloc(m, sizeof(double));
    r->outage_ms = calloc(m, sizeof(os_vec));
    r->switches = calloc(m, sizeof(uint64_t));
    if (!r->availability || !r->cp_availability || !r->sla_compliance || !r->ops_success ||
        !r->outage_ms || !r->switches) {
        os_rep_result_free(r);
        return -1;
    }
    return 0;
}

void os_rep_result_free(os_rep_result *r)
{
    if (!r)
        return;
    free(r->availability);
    free(r->cp_availability);
    free(r->sla_compliance);
    free(r->ops_success);
    if (r->outage_ms)
        for (size_t i = 0; i < r->n_connections; i++)
            os_vec_free(&r->outage_ms[i]);
    free(r->outage_ms);
    free(r->switches);
    os_vec_free(&r->rto_ms);
    os_vec_free(&r->rpo_ms);
    os_rep_result_free_geo(r);
    memset(r, 0, sizeof *r);
}

void os_rep_result_free_geo(os_rep_result *r)
{
    for (size_t i = 0; i < r->n_geo; i++) {
        os_vec_free(&r->geo_rto_ms[i]);
        os_vec_free(&r->geo_rpo_ms[i]);
    }
    free(r->geo_failovers);
    free(r->geo_rto_ms);
    free(r->geo_rpo_ms);
    r->geo_failovers = NULL;
    r->geo_rto_ms = r->geo_rpo_ms = NULL;
    r->n_geo = 0;
}

/* --- construction ------------------------------------------------------------------------- */

static int add_proc(os_sim *s, enum proc_kind kind, int target, const os_dist *ttf,
                    const os_dist *ttr, const char *key)
{
    proc *pr = &s->procs[s->n_procs];
    pr->kind = kind;
    pr->target = target;
    pr->ttf = ttf;
    pr->ttr = ttr;
    pr->compute = kind == PROC_INSTANCE ? s->inst_compute[target] : -1;
    pr->zone = kind == PROC_INSTANCE ? s->inst_zone[target] : 0;
    s->proc_stream[s->n_procs] = os_hash_str(key);
    s->n_procs++;
    return 0;
}

/* CSR adjacency: for each of n owners, the items whose owner is owner_of(item). */
static int build_csr(int n, int n_items, const int *owner, int **start_out, int **items_out)
{
    int *start = calloc((size_t)n + 1, sizeof(int));
    int *items = malloc(((size_t)n_items + 1) * sizeof(int));
    int *fill = calloc((size_t)n + 1, sizeof(int));
    if (!start || !items || !fill) {
        free(start);
        free(items);
        free(fill);
        return -1;
    }
    for (int i = 0; i < n_items; i++)
        start[owner[i] + 1]++;
    for (int i = 0; i < n; i++)
        start[i + 1] += start[i];
    for (int i = 0; i < n_items; i++)
        items[start[owner[i]] + fill[owner[i]]++] = i;
    free(fill);
    *start_out = start;
    *items_out = items;
    return 0;
}

/* Over 80 lines on purpose: one allocation per array of the worker, each sized from the
 * scenario, with a single `goto nomem` exit that frees whatever was allocated (os_sim_free
 * accepts a partly built worker); splitting it would spread that one cleanup path. */
os_sim *os_sim_new(const os_scenario *sc, os_error *err)
{
    os_init();
    os_sim *s = calloc(1, sizeof *s);
    int *owner = NULL;
    char key[600];
    if (!s)
        goto nomem;
    s->sc = sc;
    s->horizon = sc->sim.horizon;
    s->max_events = OS_MAX_EVENTS_PER_REPLICATION;
    s->n_zones = sc->n_zones;
    size_t nr = sc->n_regions, nz = (size_t)sc->n_zones, nc = sc->n_computes;
    size_t nt = sc->n_targets, nn = sc->n_connections;
    s->zdown = calloc(nz, sizeof(int));
    s->zup = calloc(nz, sizeof(bool));
    s->zcause = calloc(nz, sizeof(int32_t));
    s->zone_region = calloc(nz, sizeof(int));
    s->zone_changes = calloc(nz, sizeof(int));
    s->rdown = calloc(nr, sizeof(int));
    s->rout = calloc(nr, sizeof(bool));
    s->healthy = calloc(nr, sizeof(bool));
    s->rcause = calloc(nr, sizeof(int32_t));
    s->up_zones = calloc(nr, sizeof(int));
    s->rdirty = calloc(nr, sizeof(bool));
    s->dirty_regions = calloc(nr, sizeof(int));
    s->comp = calloc(nc ? nc : 1, sizeof(comp_state));
    s->reach = calloc(nt ? nt : 1, sizeof(bool));
    s->conn = calloc(nn ? nn : 1, sizeof(conn_state));
    s->dirty_conns = calloc(nn ? nn : 1, sizeof(int));
    s->event_dur = calloc(sc->n_events ? sc->n_events : 1, sizeof(os_ms));
    if (!s->zdown || !s->zup || !s->zcause || !s->zone_region || !s->zone_changes || !s->rdown ||
        !s->rout || !s->healthy || !s->rcause || !s->up_zones || !s->rdirty || !s->dirty_regions ||
        !s->comp || !s->reach || !s->conn || !s->dirty_conns || !s->event_dur)
        goto nomem;
    for (size_t r = 0; r < nr; r++)
        for (int z = 0; z < sc->regions[r].zones; z++)
            s->zone_region[sc->regions[r].first_zone + z] = (int)r;

    /* computes and their original instances */
    int n_inst = 0;
    for (size_t ci = 0; ci < nc; ci++)
        n_inst += sc->computes[ci].instances;
    s->n_inst = n_inst;
    s->inst_compute = calloc((size_t)n_inst + 1, sizeof(int));
    s->inst_zone = calloc((size_t)n_inst + 1, sizeof(int));
    s->inst_up = calloc((size_t)n_inst + 1, sizeof(bool));
    if (!s->inst_compute || !s->inst_zone || !s->inst_up)
        goto nomem;
    int inst = 0;
    for (size_t ci = 0; ci < nc; ci++) {
        const os_compute *cd = &sc->computes[ci];
        comp_state *c = &s->comp[ci];
        c->region = cd->region;
        c->n_zones = sc->regions[cd->region].zones;
        c->first_zone = sc->regions[cd->region].first_zone;
        c->instances = cd->instances;
        c->required = cd->required_instances;
        c->zone_redundant = cd->zone_redundant;
        c->replace = cd->zone_redundant || cd->relocate;
        c->surge = sc->platform.surge_limit < 0 ? cd->instances : sc->platform.surge_limit;
        if (c->surge > cd->instances)
            c->surge = cd->instances; /* never more than min(surge, originals in down zones) */
        c->orig_in_zone = calloc((size_t)c->n_zones + 1, sizeof(int));
        c->rep_zone = calloc((size_t)cd->instances + 1, sizeof(int));
        if (!c->orig_in_zone || !c->rep_zone)
            goto nomem;
        c->first_inst = inst;
        for (int i = 0; i < cd->instances; i++, inst++) {
            int z = cd->zone_redundant ? (i % c->n_zones) + 1 : cd->zone;
            s->inst_compute[inst] = (int)ci;
            s->inst_zone[inst] = z;
            c->orig_in_zone[z]++;
        }
    }

    /* adjacency */
    size_t nmax = nn > nc ? nn : nc;
    if (nt > nmax)
        nmax = nt;
    owner = calloc(nmax + 1, sizeof(int));
    if (!owner)
        goto nomem;
    for (size_t i = 0; i < nn; i++)
        owner[i] = sc->connections[i].compute;
    if (build_csr((int)nc, (int)nn, owner, &s->comp_conn_start, &s->comp_conn) < 0)
        goto nomem;
    for (size_t i = 0; i < nn; i++)
        owner[i] = sc->connections[i].target;
    if (build_csr((int)nt, (int)nn, owner, &s->tgt_conn_start, &s->tgt_conn) < 0)
        goto nomem;
    for (size_t i = 0; i < nc; i++)
        owner[i] = sc->computes[i].region;
    if (build_csr((int)nr, (int)nc, owner, &s->reg_comp_start, &s->reg_comp) < 0)
        goto nomem;
    for (size_t i = 0; i < nt; i++)
        owner[i] = sc->targets[i].region;
    if (build_csr((int)nr, (int)nt, owner, &s->reg_tgt_start, &s->reg_tgt) < 0)
        goto nomem;

    /* failure processes: zones, regions, groups, instances (stable stream keys by name) */
    size_t max_procs = nz + nr + sc->n_groups + (size_t)n_inst + sc->n_routers;
    s->procs = calloc(max_procs + 1, sizeof(proc));
    s->proc_down = calloc(max_procs + 1, sizeof(bool));
    s->proc_resid = calloc(max_procs + 1, sizeof(os_ms));
    s->proc_stream = calloc(max_procs + 1, sizeof(uint64_t));
    if (!s->procs || !s->proc_down || !s->proc_resid || !s->proc_stream)
        goto nomem;
    for (size_t r = 0; r < nr; r++) {
        const os_region *reg = &sc->regions[r];
        if (reg->zone_proc.enabled)
            for (int z = 0; z < reg->zones; z++) {
                snprintf(key, sizeof key, "zone:%s:%d", reg->key, z + 1);
                if (add_proc(s, PROC_ZONE, reg->first_zone + z, &reg->zone_proc.ttf,
                             &reg->zone_proc.ttr, key) < 0)
                    goto nomem;
            }
    }
    for (size_t r = 0; r < nr; r++) {
        const os_region *reg = &sc->regions[r];
        if (reg->region_proc.enabled) {
            snprintf(key, sizeof key, "region:%s", reg->key);
            if (add_proc(s, PROC_REGION, (int)r, &reg->region_proc.ttf, &reg->region_proc.ttr,
                         key) < 0)
                goto nomem;
        }
    }
    for (size_t g = 0; g < sc->n_groups; g++) {
        snprintf(key, sizeof key, "group:%s", sc->groups[g].name);
        if (add_proc(s, PROC_GROUP, (int)g, &sc->groups[g].ttf, &sc->groups[g].ttr, key) < 0)
            goto nomem;
    }
    for (int i = 0; i < n_inst; i++) {
        const os_compute *cd = &sc->computes[s->inst_compute[i]];
        const os_region *reg = &sc->regions[cd->region];
        if (!reg->instance_proc.enabled)
            continue;
        snprintf(key, sizeof key, "instance:%s:%d", cd->name,
                 i - s->comp[s->inst_compute[i]].first_inst);
        if (add_proc(s, PROC_INSTANCE, i, &reg->instance_proc.ttf, &reg->instance_proc.ttr, key) <
            0)
            goto nomem;
    }
    for (size_t r = 0; r < sc->n_routers && sc->router_proc.enabled; r++) {
        snprintf(key, sizeof key, "router:%s", sc->routers[r].name);
        if (add_proc(s, PROC_ROUTER, (int)r, &sc->router_proc.ttf, &sc->router_proc.ttr, key) < 0)
            goto nomem;
    }
    if (apps_build(s) < 0)
        goto nomem;
    s->rng_events = gsl_rng_alloc(os_rng_xoshiro256);
    s->rng_platform = gsl_rng_alloc(os_rng_xoshiro256);
    s->rng_dr = gsl_rng_alloc(os_rng_xoshiro256);
    s->rng_trace = gsl_rng_alloc(os_rng_xoshiro256);
    if (!s->rng_events || !s->rng_platform || !s->rng_dr || !s->rng_trace)
        goto nomem;
    dr_init(&s->dr, &sc->sc, sc->regions, &sim_dr_host, s, s->rng_dr);
    s->k = os_kernel_new((uint32_t)(2 * max_procs + 4 * nc + 2 * sc->n_events + 64));
    if (!s->k || geo_init(s) < 0)
        goto nomem;
    /* the calendar's bucket width follows the failure processes' event rate (two events a
     * cycle of mean length E[TTF] + E[TTR]) */
    double rate = 0;
    for (int p = 0; p < s->n_procs; p++)
        if (s->procs[p].ttf->mean + s->procs[p].ttr->mean > 0)
            rate += 2.0 / (s->procs[p].ttf->mean + s->procs[p].ttr->mean);
    if (os_kernel_tune(s->k, rate) < 0)
        goto nomem;
    free(owner);
    return s;
nomem:
    free(owner);
    os_sim_free(s);
    os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory setting up the simulation");
    return NULL;
}

void os_sim_set_cancel(os_sim *s, const atomic_int *cancel)
{
    s->cancel = cancel;
}

void os_sim_set_event_limit(os_sim *s, uint64_t max_events)
{
    s->max_events = max_events ? max_events : OS_MAX_EVENTS_PER_REPLICATION;
}

void os_sim_free(os_sim *s)
{
    if (!s)
        return;
    const os_scenario *sc = s->sc;
    if (s->comp)
        for (size_t ci = 0; ci < sc->n_computes; ci++) {
            free(s->comp[ci].orig_in_zone);
            free(s->comp[ci].rep_zone);
        }
    free(s->procs);
    free(s->proc_stream);
    free(s->proc_down);
    free(s->proc_resid);
    gsl_rng_free(s->rng_events);
    gsl_rng_free(s->rng_platform);
    gsl_rng_free(s->rng_dr);
    gsl_rng_free(s->rng_trace);
    if (sc->trace.mode == OS_TRACE_BOOTSTRAP)
        free(s->trace_list);
    os_kernel_free(s->k);
    geo_free(s->geo);
    free(s->zdown);
    free(s->zup);
    free(s->zcause);
    free(s->zone_region);
    free(s->zone_changes);
    free(s->rdown);
    free(s->rout);
    free(s->healthy);
    free(s->rcause);
    free(s->up_zones);
    free(s->rdirty);
    free(s->dirty_regions);
    free(s->comp);
    free(s->inst_compute);
    free(s->inst_zone);
    free(s->inst_up);
    free(s->reach);
    free(s->conn);
    free(s->dirty_conns);
    free(s->comp_conn_start);
    free(s->comp_conn);
    free(s->tgt_conn_start);
    free(s->tgt_conn);
    free(s->reg_comp_start);
    free(s->reg_comp);
    free(s->reg_tgt_start);
    free(s->reg_tgt);
    free(s->event_dur);
    apps_free(s);
    free(s);
}
