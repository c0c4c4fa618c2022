/* sim.c — one replication: failure sources → zone/region down-counts → instances, computes,
 * targets → connections, with measurements integrated exactly in integer milliseconds.
 *
 * Every outage, whatever its source (renewal process, injected event, common-cause group,
 * incident trace), is a +1/−1 on a zone's or a region's down-count. State is judged after the
 * outage classes of a millisecond (settle()), and connections are brought up to date when the
 * clock advances (flush_conns()), so outages that meet end to start are one outage.
 * Disaster recovery of the connection service lives in dr.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

static void rep_result_reset(os_rep_result *r)
{
    for (size_t i = 0; i < r->n_connections; i++) {
        r->availability[i] = r->cp_availability[i] = r->sla_compliance[i] = 0;
        r->ops_success[i] = 0;
        r->switches[i] = 0;
        os_vec_clear(&r->outage_ms[i]);
    }
    r->incidents = r->failovers = 0;
    r->lost_writes = 0;
    os_vec_clear(&r->rto_ms);
    os_vec_clear(&r->rpo_ms);
    r->events = 0;
}

/* --- small helpers shared with dr.c ------------------------------------------------------- */

int sim_nomem(os_sim *s)
{
    if (!s->status)
        s->status = OS_ERR_NOMEM;
    return OS_ERR_NOMEM;
}

int sim_push(os_sim *s, os_vec *v, double x)
{
    return os_vec_push(v, x) != 0 ? sim_nomem(s) : 0;
}

int sim_schedule_h(os_sim *s, os_ms t, enum os_class cls, enum ev_kind kind, int32_t a, int32_t b,
                   os_khandle *h)
{
    if (h)
        *h = 0;
    if (t >= s->horizon) /* events at or after the horizon never happen: not an error */
        return 0;
    os_khandle got = os_kernel_schedule(s->k, t, cls, (int)kind, a, b);
    if (!got)
        return sim_nomem(s); /* the pool could not grow */
    if (h)
        *h = got;
    return 0;
}

int sim_schedule(os_sim *s, os_ms t, enum os_class cls, enum ev_kind kind, int32_t a, int32_t b)
{
    return sim_schedule_h(s, t, cls, kind, a, b, NULL);
}

void sim_emit(os_sim *s, const char *kind, const char *entity, const char *state,
              const char *detail, int64_t value)
{
    if (!s->observe)
        return;
    os_record rec = {.t = s->now,
                     .kind = kind,
                     .entity = entity,
                     .state = state,
                     .detail = detail,
                     .value = value};
    s->observe(s->observe_ctx, &rec);
}

void sim_cause_text(const os_sim *s, int32_t cause, char *buf, size_t size)
{
    int src = cause >> 24, idx = cause & 0xffffff;
    const os_scenario *sc = s->sc;
    switch (src) {
    case CAUSE_ZONE_PROCESS:
        snprintf(buf, size, "zone failure process");
        break;
    case CAUSE_REGION_PROCESS:
        snprintf(buf, size, "region failure process");
        break;
    case CAUSE_GROUP:
        snprintf(buf, size, "common-cause group %s", sc->groups[idx].name);
        break;
    case CAUSE_INJECTED:
        snprintf(buf, size, "injected event %d (line %d)", idx, sc->events[idx].mark.line);
        break;
    case CAUSE_TRACE:
        snprintf(buf, size, "incident trace");
        break;
    case CAUSE_ROUTER_PROCESS:
        snprintf(buf, size, "router failure process");
        break;
    default:
        snprintf(buf, size, "recovery");
    }
}

static const char *zone_name(os_sim *s, int gz, char *buf, size_t size)
{
    int r = s->zone_region[gz];
    snprintf(buf, size, "%s/%d", s->sc->regions[r].name, gz - s->sc->regions[r].first_zone + 1);
    return buf;
}

void sim_mark_all_cp_dirty(os_sim *s)
{
    s->all_cp_dirty = true;
}

static inline void mark_conn(os_sim *s, int c)
{
    if (!s->conn[c].dirty) {
        s->conn[c].dirty = true;
        s->dirty_conns[s->n_dirty_conns++] = c;
    }
}

void sim_set_reach(os_sim *s, int t, bool reach)
{
    if (reach == s->reach[t])
        return;
    s->reach[t] = reach;
    for (int q = s->tgt_conn_start[t]; q < s->tgt_conn_start[t + 1]; q++)
        mark_conn(s, s->tgt_conn[q]);
}

static void mark_compute(os_sim *s, int c)
{
    for (int i = s->comp_conn_start[c]; i < s->comp_conn_start[c + 1]; i++)
        mark_conn(s, s->comp_conn[i]);
}

static void mark_region(os_sim *s, int r)
{
    s->health_dirty = true;
    if (!s->rdirty[r]) {
        s->rdirty[r] = true;
        s->dirty_regions[s->n_dirty_regions++] = r;
    }
}

/* --- down-counts: the one place every outage lands ---------------------------------------- */

static void zone_delta(os_sim *s, int gz, int delta, int32_t cause)
{
    s->zdown[gz] += delta;
    if (delta > 0)
        s->zcause[gz] = cause;
    mark_region(s, s->zone_region[gz]);
}

static void region_delta(os_sim *s, int r, int delta, int32_t cause)
{
    s->rdown[r] += delta;
    if (delta > 0) {
        s->rcause[r] = cause;
        if (s->sc->sc.enabled)
            dr_region_outage_started(&s->dr, r);
    }
    mark_region(s, r);
}

static void member_delta(os_sim *s, int region, int zone, int delta, int32_t cause)
{
    if (zone == 0)
        region_delta(s, region, delta, cause);
    else
        zone_delta(s, s->sc->regions[region].first_zone + zone - 1, delta, cause);
}

/* --- instances and platform replacement (SPEC §1.4) --------------------------------------- */

/* What the compute's connections see of its live count: the served units
 * min(live, required), or with no required count whether any instance lives. */
static inline int served_units(const comp_state *c, int live)
{
    return c->required ? (live < c->required ? live : c->required) : live > 0;
}

/* Sets the live count; the connections need an update only when what they see changes (most
 * instance failures of a compute above its required count change nothing). */
static inline void set_live(os_sim *s, int ci, int live)
{
    comp_state *c = &s->comp[ci];
    int was = c->live;
    c->live = live;
    if (served_units(c, was) != served_units(c, live))
        mark_compute(s, ci);
}

static void recompute_live(os_sim *s, int ci)
{
    comp_state *c = &s->comp[ci];
    int first = c->first_zone;
    int live = c->n_rep;
    for (int z = 1; z <= c->n_zones; z++)
        if (s->zup[first + z - 1])
            live += c->orig_up_in_zone[z];
    if (live != c->live)
        set_live(s, ci, live);
}

static int originals_in_down_zones(const os_sim *s, const comp_state *c)
{
    int first = s->sc->regions[c->region].first_zone, n = 0;
    for (int z = 1; z <= c->n_zones; z++)
        if (!s->zup[first + z - 1])
            n += c->orig_in_zone[z];
    return n;
}

static void emit_compute(os_sim *s, int ci, const char *state, int64_t value)
{
    if (s->observe)
        sim_emit(s, "compute", s->sc->computes[ci].name, state, NULL, value);
}

static void on_zone_change(os_sim *s, int ci, int z, bool up)
{
    comp_state *c = &s->comp[ci];
    const os_platform *pf = &s->sc->platform;
    if (!up) {
        int kept = 0, lost = 0;
        for (int i = 0; i < c->n_rep; i++) {
            if (c->rep_zone[i] == z)
                lost++;
            else
                c->rep_zone[kept++] = c->rep_zone[i];
        }
        sim_rep_change(s, c);
        c->n_rep = kept;
        if (c->replace && (c->orig_in_zone[z] > 0 || lost > 0)) {
            os_ms d = os_dist_draw(&pf->detection_delay, s->rng_platform, 0) +
                      os_dist_draw(&pf->provisioning_delay, s->rng_platform, 0);
            if (sim_schedule(s, s->now + d, OS_CLASS_PLATFORM, EV_REPLACE, ci, 0) != 0)
                return;
        }
    } else if (c->replace) {
        os_ms d = os_dist_draw(&pf->rebalance_delay, s->rng_platform, 0);
        if (sim_schedule(s, s->now + d, OS_CLASS_PLATFORM, EV_REBALANCE, ci, 0) != 0)
            return;
    }
}

static void do_replace(os_sim *s, int ci)
{
    comp_state *c = &s->comp[ci];
    int first = s->sc->regions[c->region].first_zone;
    int upz[OS_MAX_ZONES], m = 0;
    for (int z = 1; z <= c->n_zones; z++)
        if (s->zup[first + z - 1])
            upz[m++] = z;
    if (m == 0)
        return;
    int want = originals_in_down_zones(s, c);
    if (want > c->surge)
        want = c->surge;
    int add = want - c->n_rep;
    if (add <= 0)
        return;
    sim_rep_change(s, c);
    for (int k = 0; k < add; k++)
        c->rep_zone[c->n_rep++] = c->zone_redundant ? upz[k % m] : upz[0];
    emit_compute(s, ci, "replacements_added", add);
    recompute_live(s, ci);
}

static void do_rebalance(os_sim *s, int ci)
{
    comp_state *c = &s->comp[ci];
    int want = originals_in_down_zones(s, c);
    if (want > c->surge)
        want = c->surge;
    if (c->n_rep <= want)
        return;
    int removed = c->n_rep - want;
    sim_rep_change(s, c);
    c->n_rep = want; /* newest first: the stack's top */
    emit_compute(s, ci, "replacements_removed", removed);
    recompute_live(s, ci);
}

/* --- settle: judge zone and region state after the outage classes of a millisecond ------- */

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Judges one dirty region after classes 1-2: its outage state, its zones' effective states
 * (changed zones are queued in zone_changes), health, and its targets' reachability.
 * Returns true when the connection service's primary region changed health. */
static bool settle_region(os_sim *s, int r)
{
    const os_scenario *sc = s->sc;
    char cause[96], name[96];
    bool primary_changed = false;
    const os_region *reg = &sc->regions[r];
    s->rdirty[r] = false;
    bool out = s->rdown[r] > 0;
    bool region_changed = out != s->rout[r];
    if (region_changed) {
        s->rout[r] = out;
        if (s->observe) {
            sim_cause_text(s, s->rcause[r], cause, sizeof cause);
            sim_emit(s, "region", reg->name, out ? "down" : "up", out ? cause : NULL, 0);
        }
    }
    int up_zones = 0;
    for (int z = 0; z < reg->zones; z++) {
        int gz = reg->first_zone + z;
        bool up = !out && s->zdown[gz] == 0;
        up_zones += up;
        if (up != s->zup[gz]) {
            s->zup[gz] = up;
            s->zone_changes[s->n_zone_changes++] = gz;
            if (s->observe) {
                /* a zone that only follows its region is marked so timelines can skip it;
                 * otherwise a zone going down names its own outage's cause */
                const char *detail = NULL;
                if (region_changed && s->zdown[gz] == 0) {
                    detail = "with its region";
                } else if (!up) {
                    sim_cause_text(s, s->zcause[gz], cause, sizeof cause);
                    detail = cause;
                }
                sim_emit(s, "zone", zone_name(s, gz, name, sizeof name), up ? "up" : "down", detail,
                         0);
            }
        }
    }
    s->up_zones[r] = up_zones;
    bool healthy = !out && up_zones > 0;
    if (healthy != s->healthy[r]) {
        s->healthy[r] = healthy;
        if (sc->sc.enabled && r == sc->sc.primary)
            primary_changed = true;
    }
    /* targets of this region (geo-replicated ones: geo_settle() below) */
    for (int j = s->reg_tgt_start[r]; j < s->reg_tgt_start[r + 1]; j++) {
        int t = s->reg_tgt[j];
        const os_target *tg = &sc->targets[t];
        if (!tg->geo)
            sim_set_reach(s, t,
                          !out && (tg->zone_redundant ? up_zones > 0
                                                      : s->zup[reg->first_zone + tg->zone - 1]));
    }
    /* region outages change control-plane reachability of its computes' connections */
    for (int j = s->reg_comp_start[r]; j < s->reg_comp_start[r + 1]; j++)
        mark_compute(s, s->reg_comp[j]);
    return primary_changed;
}

/* Settles the topology after classes 1-2 of a millisecond: dirty regions, then zone changes
 * in region and zone order (instances, then live counts), geo targets and the service. */
static void settle(os_sim *s)
{
    const os_scenario *sc = s->sc;
    s->health_dirty = false;
    if (s->n_dirty_regions > 1)
        qsort(s->dirty_regions, (size_t)s->n_dirty_regions, sizeof(int), cmp_int);
    s->n_zone_changes = 0;
    bool primary_changed = false;
    for (int i = 0; i < s->n_dirty_regions; i++)
        primary_changed |= settle_region(s, s->dirty_regions[i]);
    s->n_dirty_regions = 0;
    /* zone changes in region order, then zone number (already sorted that way) */
    for (int i = 0; i < s->n_zone_changes; i++) {
        int gz = s->zone_changes[i], r = s->zone_region[gz];
        int z = gz - sc->regions[r].first_zone + 1;
        for (int j = s->reg_comp_start[r]; j < s->reg_comp_start[r + 1]; j++) {
            int ci = s->reg_comp[j];
            if (z <= s->comp[ci].n_zones)
                on_zone_change(s, ci, z, s->zup[gz]);
        }
    }
    for (int i = 0; i < s->n_zone_changes; i++) {
        int r = s->zone_region[s->zone_changes[i]];
        for (int j = s->reg_comp_start[r]; j < s->reg_comp_start[r + 1]; j++)
            recompute_live(s, s->reg_comp[j]);
    }
    geo_settle(s);
    if (sc->sc.enabled) {
        if (primary_changed)
            dr_primary_health(&s->dr, s->healthy[sc->sc.primary]);
        dr_reconcile(&s->dr);
    }
}

/* --- connections ------------------------------------------------------------------------- */

static inline void integrate(conn_state *c, os_ms t)
{
    int64_t dt = t - c->last;
    c->int_total += (int64_t)c->units * dt;
    c->int_window += (int64_t)c->units * dt;
    if (c->cp_up)
        c->cp_total += dt;
    c->last = t;
}

/* ceil(t * per_ms), snapping products within 1e-9 of an integer to it, so that a rate like
 * 60/h (per_ms = 1/60000, inexact in binary) counts the op at exactly k minutes once. */
static long double ops_ceil(double per_ms, os_ms t)
{
    long double x = (long double)t * per_ms, r = roundl(x);
    if (fabsl(x - r) <= 1e-9L * (1.0L + fabsl(x)))
        return r;
    return ceill(x);
}

/* Operations at instants k / rate (k >= 0) that fall in [a, b). */
double sim_ops_between(double per_ms, os_ms a, os_ms b)
{
    return (double)(ops_ceil(per_ms, b) - ops_ceil(per_ms, a));
}

static void conn_update(os_sim *s, int i, os_ms t)
{
    const os_scenario *sc = s->sc;
    conn_state *c = &s->conn[i];
    const os_connection *cn = &sc->connections[i];
    const comp_state *cp = &s->comp[cn->compute];
    c->dirty = false;
    bool reach = s->reach[cn->target];
    bool up = cp->live > 0 && reach;
    int units = !up ? 0 : (cp->required ? (cp->live < cp->required ? cp->live : cp->required) : 1);
    bool cp_up = dr_serving(&s->dr) && !s->rout[cp->region] && reach;
    if (units == c->units && up == c->up && cp_up == c->cp_up)
        return;
    if (c->last != t)
        integrate(c, t);
    if (units != c->units)
        s->apps_dirty = true; /* routers and flows read the served fraction */
    c->units = units;
    if (up != c->up) {
        c->up = up;
        if (!up) {
            c->down_since = t;
        } else {
            if (sim_push(s, &s->out->outage_ms[i], (double)(t - c->down_since)) != 0)
                return; /* OS_ERR_NOMEM, reported by os_sim_run */
            if (s->out->outage_ms[i].n > OS_MAX_OUTAGES_PER_REPLICATION)
                s->overflow = true; /* reported when the clock next advances */
            c->down_since = -1;
        }
        sim_emit(s, "connection", cn->name, up ? "up" : "down", NULL, 0);
    }
    if (cp_up != c->cp_up) {
        if (c->cp_up && sc->sc.has_operations)
            c->cp_ops += sim_ops_between(sc->sc.ops_per_ms, c->cp_since, t);
        c->cp_up = cp_up;
        c->cp_since = t;
        sim_emit(s, "control_plane", cn->name, cp_up ? "up" : "down", NULL, 0);
    }
}

static void flush_conns(os_sim *s, os_ms t)
{
    if (s->all_cp_dirty) {
        s->all_cp_dirty = false;
        for (size_t i = 0; i < s->sc->n_connections; i++)
            mark_conn(s, (int)i);
    }
    for (int j = 0; j < s->n_dirty_conns; j++)
        conn_update(s, s->dirty_conns[j], t);
    s->n_dirty_conns = 0;
}

void sim_flush_conns(os_sim *s, os_ms t)
{
    flush_conns(s, t);
}

/* Closes the SLA window ending at t (its length is t - start). */
static void close_window(os_sim *s, os_ms start, os_ms t)
{
    const os_scenario *sc = s->sc;
    for (size_t i = 0; i < sc->n_connections; i++) {
        conn_state *c = &s->conn[i];
        integrate(c, t);
        sim_window w = sim_conn_window(c->int_window, c->den, t - start);
        c->windows++;
        if (sim_window_meets(w, sc->sla.availability))
            c->windows_ok++;
        if (sc->sla.n_tiers && !sc->n_flows) /* credits per flow, else per connection */
            sim_window_credit(s, w, t - start);
        c->int_window = 0;
    }
    apps_close_window(s, start, t);
}

/* --- failure sources ---------------------------------------------------------------------- */

static void proc_apply(os_sim *s, int p, int delta)
{
    const proc *pr = &s->procs[p];
    switch (pr->kind) {
    case PROC_ZONE:
        zone_delta(s, pr->target, delta, CAUSE(CAUSE_ZONE_PROCESS, p));
        break;
    case PROC_REGION:
        region_delta(s, pr->target, delta, CAUSE(CAUSE_REGION_PROCESS, p));
        break;
    case PROC_GROUP: {
        const os_group *g = &s->sc->groups[pr->target];
        for (size_t m = 0; m < g->n_members; m++)
            member_delta(s, g->members[m].region, g->members[m].zone, delta,
                         CAUSE(CAUSE_GROUP, pr->target));
        break;
    }
    case PROC_ROUTER:
        router_delta(s, pr->target, delta, CAUSE(CAUSE_ROUTER_PROCESS, p));
        break;
    case PROC_INSTANCE: {
        int i = pr->target, ci = pr->compute, z = pr->zone;
        comp_state *c = &s->comp[ci];
        bool up = delta < 0;
        c->orig_up_in_zone[z] += up ? 1 : -1;
        if (s->zup[c->first_zone + z - 1])
            set_live(s, ci, c->live + (up ? 1 : -1));
        if (s->observe) {
            char name[160];
            snprintf(name, sizeof name, "%s#%d", s->sc->computes[ci].name, i - c->first_inst);
            sim_emit(s, "instance", name, up ? "up" : "down", NULL, 0);
        }
        break;
    }
    }
}

static void proc_event(os_sim *s, const os_kevent *ev)
{
    int p = ev->a;
    proc *pr = &s->procs[p];
    if (ev->kind == EV_PROC_FAIL) {
        proc_apply(s, p, +1);
        os_ms d = ev->b ? s->proc_resid[p] : os_rng_draw(pr->ttr, &pr->rng, 1);
        if (sim_schedule(s, s->now + d, OS_CLASS_OUTAGE_END, EV_PROC_REPAIR, p, 0) != 0)
            return;
    } else {
        proc_apply(s, p, -1);
        if (sim_schedule(s, s->now + os_rng_draw(pr->ttf, &pr->rng, 1), OS_CLASS_OUTAGE_START,
                         EV_PROC_FAIL, p, 0) != 0)
            return;
    }
}

static void inject_apply(os_sim *s, int e, int delta)
{
    const os_event *ev = &s->sc->events[e];
    int32_t cause = CAUSE(CAUSE_INJECTED, e);
    switch (ev->kind) {
    case OS_EV_ZONE_DOWN:
        member_delta(s, ev->region, ev->zone, delta, cause);
        break;
    case OS_EV_REGION_DOWN:
        member_delta(s, ev->region, 0, delta, cause);
        break;
    case OS_EV_GROUP_DOWN: {
        const os_group *g = &s->sc->groups[ev->group];
        for (size_t m = 0; m < g->n_members; m++)
            member_delta(s, g->members[m].region, g->members[m].zone, delta,
                         CAUSE(CAUSE_GROUP, ev->group));
        break;
    }
    case OS_EV_ROUTER_DOWN:
        router_delta(s, ev->router, delta, cause);
        break;
    default:
        break;
    }
}

/* Builds this replication's trace outages: the trace itself (replay), or blocks of it drawn
 * with replacement (bootstrap), cut at block boundaries. */
static int build_trace(os_sim *s)
{
    const os_trace *tr = &s->sc->trace;
    s->n_trace = 0;
    if (tr->mode == OS_TRACE_NONE || tr->n_outages == 0)
        return 0;
    if (tr->mode == OS_TRACE_REPLAY) {
        s->trace_list = (os_trace_outage *)tr->outages; /* read-only use */
        s->n_trace = tr->n_outages;
        return 0;
    }
    os_ms block = tr->block;
    uint64_t n_src = (uint64_t)(tr->span / block);
    if (n_src == 0)
        n_src = 1;
    for (os_ms at = 0; at < s->horizon; at += block) {
        /* more than 2^32 source blocks (a short block in a long trace) needs a 64-bit draw:
         * gsl_rng_uniform_int of a 32-bit generator would call GSL's error handler */
        os_ms src = (os_ms)os_rng_uniform_u64(s->rng_trace, n_src) * block;
        for (size_t i = 0; i < tr->n_outages; i++) {
            const os_trace_outage *o = &tr->outages[i];
            os_ms a = o->start, b = o->start + o->duration;
            if (b <= src || a >= src + block)
                continue;
            if (a < src)
                a = src;
            if (b > src + block)
                b = src + block;
            if (s->n_trace == s->cap_trace) {
                size_t cap = s->cap_trace ? 2 * s->cap_trace : 64;
                os_trace_outage *nl = realloc(s->trace_list, cap * sizeof *nl);
                if (!nl)
                    return -1;
                s->trace_list = nl;
                s->cap_trace = cap;
            }
            s->trace_list[s->n_trace++] = (os_trace_outage){
                .start = at + (a - src), .duration = b - a, .region = o->region, .zone = o->zone};
        }
    }
    return 0;
}

/* --- the replication ---------------------------------------------------------------------- */

static void dispatch(os_sim *s, const os_kevent *ev)
{
    switch ((enum ev_kind)ev->kind) {
    case EV_PROC_FAIL:
    case EV_PROC_REPAIR:
        proc_event(s, ev);
        break;
    case EV_INJECT_START: {
        inject_apply(s, ev->a, +1);
        if (sim_schedule(s, s->now + s->event_dur[ev->a], OS_CLASS_OUTAGE_END, EV_INJECT_END, ev->a,
                         0) != 0)
            return;
        break;
    }
    case EV_INJECT_END:
        inject_apply(s, ev->a, -1);
        break;
    case EV_TRACE_START: {
        const os_trace_outage *o = &s->trace_list[ev->a];
        member_delta(s, o->region, o->zone, +1, CAUSE(CAUSE_TRACE, ev->a));
        if (sim_schedule(s, s->now + o->duration, OS_CLASS_OUTAGE_END, EV_TRACE_END, ev->a, 0) != 0)
            return;
        break;
    }
    case EV_TRACE_END: {
        const os_trace_outage *o = &s->trace_list[ev->a];
        member_delta(s, o->region, o->zone, -1, CAUSE(CAUSE_TRACE, ev->a));
        break;
    }
    case EV_REPLACE:
        do_replace(s, ev->a);
        break;
    case EV_REBALANCE:
        do_rebalance(s, ev->a);
        break;
    case EV_GEO_GRACE:
    case EV_GEO_DONE:
    case EV_GEO_FAILBACK_DUE:
    case EV_GEO_FAILBACK_GO:
    case EV_GEO_FAILBACK_DONE:
    case EV_GEO_INJECT:
        geo_handle(s, ev);
        break;
    case EV_APPS_TICK:
        (void)apps_tick(s); /* a failure is in s->status */
        break;
    case EV_WINDOW: {
        os_ms start = s->now - s->sc->sla.window;
        close_window(s, start, s->now);
        s->next_window = s->now + s->sc->sla.window;
        if (sim_schedule(s, s->next_window, OS_CLASS_MEASURE, EV_WINDOW, 0, 0) != 0)
            return;
        break;
    }
    default:
        sim_dr_dispatch(s, ev);
        break;
    }
}

static void reset_state(os_sim *s)
{
    const os_scenario *sc = s->sc;
    os_kernel_reset(s->k);
    s->now = 0;
    for (int z = 0; z < s->n_zones; z++) {
        s->zdown[z] = 0;
        s->zup[z] = true;
        s->zcause[z] = 0;
    }
    for (size_t r = 0; r < sc->n_regions; r++) {
        s->rdown[r] = 0;
        s->rout[r] = false;
        s->healthy[r] = true;
        s->rcause[r] = 0;
        s->up_zones[r] = sc->regions[r].zones;
        s->rdirty[r] = false;
    }
    s->n_dirty_regions = 0;
    s->health_dirty = false;
    for (size_t ci = 0; ci < sc->n_computes; ci++) {
        comp_state *c = &s->comp[ci];
        for (int z = 1; z <= c->n_zones; z++)
            c->orig_up_in_zone[z] = c->orig_in_zone[z];
        c->n_rep = 0;
        c->live = c->instances;
    }
    cost_reset(s);
    for (int i = 0; i < s->n_inst; i++)
        s->inst_up[i] = true;
    for (size_t t = 0; t < sc->n_targets; t++)
        s->reach[t] = true;
    s->n_dirty_conns = 0;
    s->all_cp_dirty = false;
    for (size_t i = 0; i < sc->n_connections; i++) {
        conn_state *c = &s->conn[i];
        const comp_state *cp = &s->comp[sc->connections[i].compute];
        memset(c, 0, sizeof *c);
        c->den = cp->required ? cp->required : 1;
        c->up = cp->live > 0;
        c->units =
            !c->up ? 0 : (cp->required ? (cp->live < cp->required ? cp->live : cp->required) : 1);
        c->cp_up = true; /* serving, no region outage, target reachable just before 0 */
        c->down_since = c->up ? -1 : 0;
        if (!c->up)
            sim_emit(s, "connection", sc->connections[i].name, "down", "no live instance", 0);
    }
    for (int p = 0; p < s->n_procs; p++)
        s->proc_down[p] = false;
    apps_reset(s);
}

static void seed_streams(os_sim *s)
{
    for (int p = 0; p < s->n_procs; p++)
        os_rng_seed(&s->procs[p].rng,
                    (unsigned long)os_rng_seed_mix(s->seed, s->rep, s->proc_stream[p]));
    gsl_rng_set(s->rng_events,
                (unsigned long)os_rng_seed_mix(s->seed, s->rep, os_hash_str("events")));
    gsl_rng_set(s->rng_platform,
                (unsigned long)os_rng_seed_mix(s->seed, s->rep, os_hash_str("platform")));
    gsl_rng_set(s->rng_dr, (unsigned long)os_rng_seed_mix(s->seed, s->rep, os_hash_str("dr")));
    gsl_rng_set(s->rng_trace,
                (unsigned long)os_rng_seed_mix(s->seed, s->rep, os_hash_str("trace")));
}

/* 0, or OS_ERR_NOMEM when an event could not be scheduled. */
static int schedule_sources(os_sim *s)
{
    const os_scenario *sc = s->sc;
    bool steady = sc->sim.start == OS_START_STEADY;
    for (int p = 0; p < s->n_procs; p++) {
        proc *pr = &s->procs[p];
        gsl_rng rng = os_rng_view(&pr->rng);
        double up_mean = pr->ttf->mean, down_mean = pr->ttr->mean;
        if (steady && gsl_rng_uniform(&rng) < down_mean / (up_mean + down_mean)) {
            /* down at 0: an outage that starts at 0 and lasts a residual repair time */
            s->proc_resid[p] = os_dist_draw_residual(pr->ttr, &rng);
            if (sim_schedule(s, 0, OS_CLASS_OUTAGE_START, EV_PROC_FAIL, p, 1) != 0)
                return OS_ERR_NOMEM;
        } else {
            os_ms first =
                steady ? os_dist_draw_residual(pr->ttf, &rng) : os_dist_draw(pr->ttf, &rng, 1);
            if (sim_schedule(s, first, OS_CLASS_OUTAGE_START, EV_PROC_FAIL, p, 0) != 0)
                return OS_ERR_NOMEM;
        }
    }
    for (size_t e = 0; e < sc->n_events; e++) {
        const os_event *ev = &sc->events[e];
        if (ev->kind == OS_EV_OUTAGE_DECLARED || ev->kind == OS_EV_CUSTOMER_REPORT) {
            if (sc->sc.enabled && sim_schedule(s, ev->at, OS_CLASS_TRIGGER, EV_TRIGGER, ev->region,
                                               (int)ev->kind) != 0)
                return OS_ERR_NOMEM;
            continue;
        }
        if (ev->kind == OS_EV_GEO_FAILOVER) {
            if (sim_schedule(s, ev->at, OS_CLASS_PLATFORM, EV_GEO_INJECT, geo_index(s, ev->target),
                             0) != 0)
                return OS_ERR_NOMEM;
            continue;
        }
        s->event_dur[e] = os_dist_draw(&ev->duration, s->rng_events, 1);
        if (sim_schedule(s, ev->at, OS_CLASS_OUTAGE_START, EV_INJECT_START, (int)e, 0) != 0)
            return OS_ERR_NOMEM;
    }
    for (size_t i = 0; i < s->n_trace; i++)
        if (sim_schedule(s, s->trace_list[i].start, OS_CLASS_OUTAGE_START, EV_TRACE_START, (int)i,
                         0) != 0)
            return OS_ERR_NOMEM;
    s->next_window = sc->sla.window;
    return sim_schedule(s, s->next_window, OS_CLASS_MEASURE, EV_WINDOW, 0, 0);
}

static int nomem_error(const os_sim *s, uint64_t rep, os_error *err)
{
    return os_error_set(err, OS_ERR_NOMEM, s->sc->path, 0, 0,
                        "out of memory in replication %llu (the event pool or a list of "
                        "outages could not grow)",
                        (unsigned long long)rep);
}

/* Over 80 lines on purpose: the replication's set-up, the kernel loop (the hot path: events of
 * one millisecond by class, then settle and the connections, routers and flows) and the final
 * integration stay in one function so the loop's locals stay in registers and the order of the
 * steps of a millisecond reads top to bottom in one place. */
int os_sim_run(os_sim *s, uint64_t seed, uint64_t rep, os_rep_result *out, os_observer_fn observe,
               void *ctx, os_error *err)
{
    const os_scenario *sc = s->sc;
    s->seed = seed;
    s->rep = rep;
    s->out = out;
    s->observe = observe;
    s->observe_ctx = ctx;
    if (out->n_connections < os_entity_count(sc)) {
        os_rep_result_free(out);
        if (os_rep_result_init(out, os_entity_count(sc)) < 0)
            return os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    rep_result_reset(out);
    s->overflow = false;
    s->status = 0;
    seed_streams(s);
    reset_state(s);
    if (build_trace(s) < 0)
        return os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory building the trace");
    s->hc_next = dr_start(&s->dr, out);
    if (geo_start(s) != 0 || schedule_sources(s) != 0 || apps_start(s) != 0 || s->status)
        return nomem_error(s, rep, err);

    /* The periodic health check is the one event that is always pending: it lives beside the
     * heap (s->hc_next) rather than in it, and is merged here by (time, class); it is the
     * only class-CHECK event, so no sequence number is needed to order it. A check that would
     * change nothing (dr_check_idle: serving with no failed count, or the count held) is not
     * run: the state cannot change before the next queued event, so every check before it is
     * idle too and hc_next jumps past them (the kernel's event count leaves them out). */
    os_kevent ev;
    const os_kevent check = {.cls = OS_CLASS_CHECK, .kind = EV_HEALTH_CHECK};
    uint64_t checks = 0;
    for (;;) {
        const os_kevent *top = os_kernel_peek_ptr(s->k);
        bool have = top != NULL;
        if (have)
            ev = *top;
        bool is_check = false;
        if (s->hc_next < s->horizon &&
            (!have || s->hc_next < ev.time || (s->hc_next == ev.time && OS_CLASS_CHECK < ev.cls))) {
            if (!s->health_dirty && dr_check_idle(&s->dr)) {
                /* skip to the first check that comes after the next event */
                os_ms after = have ? ev.time + (OS_CLASS_CHECK < ev.cls) : s->horizon;
                os_ms iv = sc->sc.hc_interval;
                if (s->hc_next < after)
                    s->hc_next += (after - s->hc_next + iv - 1) / iv * iv;
                continue;
            }
            ev = check;
            ev.time = s->hc_next;
            have = is_check = true;
        }
        if (s->health_dirty && (!have || ev.time != s->now || ev.cls >= OS_CLASS_PLATFORM)) {
            settle(s);
            if (s->status)
                return nomem_error(s, rep, err);
            continue;
        }
        if (!have || ev.time != s->now) {
            flush_conns(s, s->now);
            if (s->apps_dirty)
                apps_settle(s, s->now);
            if (s->status)
                return nomem_error(s, rep, err);
            if (!have || ev.time >= s->horizon)
                break;
            s->now = ev.time;
            if (s->cancel && atomic_load_explicit(s->cancel, memory_order_relaxed))
                return os_error_set(err, OS_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
            if (s->overflow)
                return os_error_set(err, OS_ERR_LIMIT, sc->path, 0, 0,
                                    "replication %llu kept more than %llu outages of one "
                                    "connection (the limit per replication), or ran out of "
                                    "memory keeping them; shorten the horizon or coarsen the "
                                    "failure processes",
                                    (unsigned long long)rep,
                                    (unsigned long long)OS_MAX_OUTAGES_PER_REPLICATION);
            if (os_kernel_events(s->k) + checks > s->max_events)
                return os_error_set(err, OS_ERR_LIMIT, sc->path, 0, 0,
                                    "replication %llu exceeded %llu events (the limit per "
                                    "replication); shorten the horizon or coarsen the failure "
                                    "processes",
                                    (unsigned long long)rep, (unsigned long long)s->max_events);
        }
        if (is_check) {
            s->hc_next += sc->sc.hc_interval;
            checks++;
        } else {
            os_kernel_pop_peeked(s->k); /* ev: the event just peeked */
            /* the next event's process record, fetched while this one is handled */
            const os_kevent *hint = os_kernel_hint(s->k);
            if (hint && (hint->kind == EV_PROC_FAIL || hint->kind == EV_PROC_REPAIR))
                __builtin_prefetch(&s->procs[hint->a]);
        }
        dispatch(s, &ev);
        if (s->status)
            return nomem_error(s, rep, err);
    }

    if (os_kernel_nomem(s->k)) { /* the queue lost events: no result */
        sim_nomem(s);
        return nomem_error(s, rep, err);
    }

    /* the horizon: cut everything there */
    os_ms h = s->horizon;
    s->now = h;
    os_ms last_window_start = s->next_window - sc->sla.window;
    if (last_window_start < h)
        close_window(s, last_window_start, h);
    dr_finish(&s->dr, s->horizon);
    geo_finish(s);
    if (s->status)
        return nomem_error(s, rep, err);
    for (size_t i = 0; i < sc->n_connections; i++) {
        conn_state *c = &s->conn[i];
        integrate(c, h);
        if (!c->up && sim_push(s, &out->outage_ms[i], (double)(h - c->down_since)) != 0)
            return nomem_error(s, rep, err);
        out->availability[i] = (double)c->int_total / ((double)c->den * (double)h);
        out->cp_availability[i] = (double)c->cp_total / (double)h;
        out->sla_compliance[i] = c->windows ? (double)c->windows_ok / c->windows : 1.0;
    }
    if (sc->sc.enabled && sc->sc.has_operations) {
        double total = sim_ops_between(sc->sc.ops_per_ms, 0, h);
        for (size_t i = 0; i < sc->n_connections; i++) {
            conn_state *c = &s->conn[i];
            if (c->cp_up)
                c->cp_ops += sim_ops_between(sc->sc.ops_per_ms, c->cp_since, h);
            out->ops_success[i] = total > 0 ? c->cp_ops / total : 1.0;
        }
    }
    if (apps_finish(s, out) != 0)
        return nomem_error(s, rep, err);
    cost_finish(s, out);
    out->events = os_kernel_events(s->k) + checks;
    return 0;
}
