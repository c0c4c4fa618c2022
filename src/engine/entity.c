/* entity.c — routers and flows measured the way connections are (SPEC §6.1, §6.3): the served
 * fraction integrated over time (fraction-ms, in double: exact for whole and binary fractions,
 * to about 1e-15 relative otherwise), SLA windows, outages as maximal intervals at 0. They are
 * re-evaluated in dependency order (sc->entity_order, computed once by the loader) after the
 * connections of a millisecond have settled, and in the routers' ticks (class 4), where a
 * router probes after everything it depends on. */
#include <stdlib.h>

#include "sim_internal.h"

int apps_build(os_sim *s)
{
    const os_scenario *sc = s->sc;
    size_t max_nodes = 1, max_terms = 1;
    s->routers = calloc(sc->n_routers + 1, sizeof *s->routers);
    s->flows = calloc(sc->n_flows + 1, sizeof *s->flows);
    if (!s->routers || !s->flows)
        return -1;
    for (size_t r = 0; r < sc->n_routers; r++)
        if (!(s->routers[r].fails = calloc(sc->routers[r].n_backends, sizeof(int))))
            return -1;
    for (size_t f = 0; f < sc->n_flows; f++) {
        const os_flow *fl = &sc->flows[f];
        if (fl->n_nodes > max_nodes)
            max_nodes = fl->n_nodes;
        for (size_t k = 0; k < fl->n_nodes; k++)
            if (fl->nodes[k].n_terms > max_terms)
                max_terms = fl->nodes[k].n_terms;
    }
    s->node_val = calloc(max_nodes, sizeof(double));
    s->term_val = calloc(max_terms, sizeof(double));
    return s->node_val && s->term_val ? 0 : -1;
}

void apps_free(os_sim *s)
{
    if (s->routers)
        for (size_t r = 0; r < s->sc->n_routers; r++) {
            free(s->routers[r].fails);
            free(s->routers[r].pq_t);
            free(s->routers[r].pq_m);
        }
    free(s->routers);
    free(s->flows);
    free(s->node_val);
    free(s->term_val);
}

/* The served fraction of any entity now (connections: as last brought up to date). */
double apps_frac(const os_sim *s, os_ref r)
{
    switch (r.kind) {
    case OS_ENTITY_ROUTER:
        return s->routers[r.index].m.frac;
    case OS_ENTITY_FLOW:
        return s->flows[r.index].frac;
    default:
        return (double)s->conn[r.index].units / (double)s->conn[r.index].den;
    }
}

static ent_meas *meas(os_sim *s, os_ref r)
{
    return r.kind == OS_ENTITY_ROUTER ? &s->routers[r.index].m : &s->flows[r.index];
}

static double eval(os_sim *s, os_ref r)
{
    return r.kind == OS_ENTITY_ROUTER ? router_eval(s, r.index) : flow_eval(s, r.index);
}

static void integrate(ent_meas *m, os_ms t)
{
    double dt = (double)(t - m->last);
    m->int_total += m->frac * dt;
    m->int_window += m->frac * dt;
    m->last = t;
}

static void emit(os_sim *s, os_ref r, bool up)
{
    if (r.kind == OS_ENTITY_ROUTER)
        sim_emit(s, "router", os_entity_name(s->sc, r), up ? "serving" : "not_serving", NULL, 0);
    else
        sim_emit(s, "flow", os_entity_name(s->sc, r), up ? "up" : "down", NULL, 0);
}

/* The served fraction becomes frac at t. */
void apps_set(os_sim *s, os_ref r, ent_meas *m, double frac, os_ms t)
{
    if (frac == m->frac)
        return;
    integrate(m, t);
    m->frac = frac;
    bool up = frac > 0;
    if (up == m->up)
        return;
    m->up = up;
    if (!up) {
        m->down_since = t;
    } else {
        os_vec *v = &s->out->outage_ms[os_entity_id(s->sc, r)];
        if (sim_push(s, v, (double)(t - m->down_since)) != 0 ||
            v->n > OS_MAX_OUTAGES_PER_REPLICATION)
            s->overflow = true;
        m->down_since = -1;
    }
    emit(s, r, up);
}

void apps_reset(os_sim *s)
{
    const os_scenario *sc = s->sc;
    size_t n = sc->n_routers + sc->n_flows;
    for (size_t r = 0; r < sc->n_routers; r++)
        router_reset(s, (int)r);
    for (size_t i = 0; i < n; i++) {
        os_ref r = sc->entity_order[i];
        ent_meas *m = meas(s, r);
        double frac = eval(s, r);
        *m = (ent_meas){.frac = frac, .up = frac > 0, .down_since = frac > 0 ? -1 : 0};
        if (!m->up)
            emit(s, r, false);
    }
    s->apps_dirty = false;
}

static int schedule_tick(os_sim *s)
{
    os_ms next = INT64_MAX;
    for (size_t r = 0; r < s->sc->n_routers; r++) {
        os_ms t = router_next(s, (int)r);
        next = t < next ? t : next;
    }
    return next < s->horizon ? sim_schedule(s, next, OS_CLASS_CHECK, EV_APPS_TICK, 0, 0) : 0;
}

int apps_start(os_sim *s)
{
    return s->sc->n_routers ? schedule_tick(s) : 0;
}

/* Every router and flow in dependency order, at the end of a millisecond. */
void apps_settle(os_sim *s, os_ms t)
{
    const os_scenario *sc = s->sc;
    s->apps_dirty = false;
    for (size_t i = 0; i < sc->n_routers + sc->n_flows; i++) {
        os_ref r = sc->entity_order[i];
        apps_set(s, r, meas(s, r), eval(s, r), t);
    }
}

/* Class 4: routers whose probes or pending switches are due, in dependency order. */
int apps_tick(os_sim *s)
{
    const os_scenario *sc = s->sc;
    os_ms t = s->now;
    sim_flush_conns(s, t);
    for (size_t i = 0; i < sc->n_routers + sc->n_flows; i++) {
        os_ref r = sc->entity_order[i];
        if (r.kind == OS_ENTITY_ROUTER && router_next(s, r.index) == t)
            router_tick(s, r.index, t);
        apps_set(s, r, meas(s, r), eval(s, r), t);
    }
    return schedule_tick(s);
}

void apps_close_window(os_sim *s, os_ms start, os_ms t)
{
    const os_scenario *sc = s->sc;
    for (size_t i = 0; i < sc->n_routers + sc->n_flows; i++) {
        os_ref r = sc->entity_order[i];
        ent_meas *m = meas(s, r);
        double target = r.kind == OS_ENTITY_FLOW ? sc->flows[r.index].target : sc->sla.availability;
        integrate(m, t);
        sim_window w = sim_ent_window(m->int_window, t - start);
        m->windows++;
        if (sim_window_meets(w, target))
            m->windows_ok++;
        if (r.kind == OS_ENTITY_FLOW && sc->sla.n_tiers) /* routers only through flows */
            sim_window_credit(s, w, t - start);
        m->int_window = 0;
    }
}

int apps_finish(os_sim *s, os_rep_result *out)
{
    const os_scenario *sc = s->sc;
    os_ms h = s->horizon;
    for (size_t i = 0; i < sc->n_routers + sc->n_flows; i++) {
        os_ref r = sc->entity_order[i];
        size_t e = os_entity_id(sc, r);
        ent_meas *m = meas(s, r);
        integrate(m, h);
        if (!m->up && sim_push(s, &out->outage_ms[e], (double)(h - m->down_since)) != 0)
            return OS_ERR_NOMEM;
        out->availability[e] = m->int_total / (double)h;
        out->sla_compliance[e] = m->windows ? (double)m->windows_ok / m->windows : 1.0;
        if (r.kind == OS_ENTITY_ROUTER)
            out->switches[e] = s->routers[r.index].switches;
    }
    return 0;
}
