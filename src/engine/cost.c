/* cost.c — one replication's money (SPEC §6.4): the time replacement instances exist, SLA
 * credits owed per window, and at the horizon infrastructure, downtime and credits per year.
 * Time is kept exactly (integer ms, unit-ms); money is computed in double only at the end.
 *
 * Also here: the one rule that compares a window's availability with a level, used both for
 * SLA-window compliance (sim.c close_window, entity.c apps_close_window) and for credit tiers,
 * so that a window exactly at a tier's `below` earns no credit as it complies at that target.
 *
 * Not here: where replacements are placed or removed (sim.c), the figures over replications
 * (analysis/montecarlo.c). */
#include "sim_internal.h"

bool sim_window_meets(sim_window w, double level)
{
    return w.integral + w.slack >= (long double)level * w.full;
}

sim_window sim_conn_window(int64_t integral, int den, os_ms len)
{
    /* unit-ms against den units x len ms, with half a unit-ms of slack so a window exactly at
     * the level meets it */
    return (sim_window){(long double)integral, (long double)den * (long double)len, 0.5L};
}

sim_window sim_ent_window(double integral, os_ms len)
{
    /* fraction-ms in double: 1e-9 of the window as slack for its rounding */
    return (sim_window){(long double)integral, (long double)len, 1e-9L * (long double)len};
}

void sim_window_credit(os_sim *s, sim_window w, os_ms len)
{
    const os_sla *sla = &s->sc->sla;
    double best = 0;
    for (size_t i = 0; i < sla->n_tiers; i++)
        if (sla->tiers[i].credit > best && !sim_window_meets(w, sla->tiers[i].below))
            best = sla->tiers[i].credit;
    s->credit_ms += best * (double)len;
}

void sim_rep_change(os_sim *s, comp_state *c)
{
    c->rep_ms += (int64_t)c->n_rep * (s->now - c->rep_since);
    c->rep_since = s->now;
}

void cost_reset(os_sim *s)
{
    s->credit_ms = 0;
    for (size_t ci = 0; ci < s->sc->n_computes; ci++) {
        s->comp[ci].rep_ms = 0;
        s->comp[ci].rep_since = 0;
    }
}

void cost_finish(os_sim *s, os_rep_result *out)
{
    const os_scenario *sc = s->sc;
    os_ms h = s->horizon;
    double hd = (double)h, year = (double)OS_MS_YEAR / hd;
    out->cost_infrastructure = out->cost_downtime = out->cost_credits = 0;
    if (!sc->costs.enabled)
        return;
    double infra = 0;
    for (size_t ci = 0; ci < sc->n_computes; ci++) {
        comp_state *c = &s->comp[ci];
        s->now = h;
        sim_rep_change(s, c);
        /* originals for the whole horizon, replacements while they existed (instance-ms) */
        double inst_ms = (double)c->instances * hd + (double)c->rep_ms;
        infra += os_rate_over(sc->computes[ci].cost, inst_ms);
    }
    for (size_t t = 0; t < sc->n_targets; t++) {
        infra += os_rate_over(sc->targets[t].cost, hd);
        if (sc->targets[t].geo)
            infra += os_rate_over(sc->targets[t].geo->cost, hd);
    }
    for (size_t r = 0; r < sc->n_routers; r++)
        infra += os_rate_over(sc->routers[r].cost, hd);
    /* downtime: ms not served, partial service pro rata, per flow (else per connection) */
    double down_ms = 0;
    if (sc->n_flows) {
        for (size_t f = 0; f < sc->n_flows; f++) /* fraction-ms in double: never below 0 */
            down_ms += hd > s->flows[f].int_total ? hd - s->flows[f].int_total : 0.0;
    } else {
        for (size_t i = 0; i < sc->n_connections; i++) {
            const conn_state *c = &s->conn[i];
            down_ms += (double)((int64_t)c->den * h - c->int_total) / (double)c->den;
        }
    }
    out->cost_infrastructure = infra * year;
    out->cost_downtime = os_rate_over(sc->costs.downtime, down_ms) * year;
    out->cost_credits = os_rate_over(sc->sla.credit_fee, s->credit_ms) * year;
}
