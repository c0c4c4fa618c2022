/* mc_geo.c — Monte Carlo figures of geo-replicated targets (SPEC §6.2): per replication the
 * completed geo-failovers, pooled over replications the RTO of every interval a target was not
 * serving and the RPO (lag) of every completed geo-failover; verdicts against sla.rto and
 * sla.rpo on the largest value, as for the connection service (SPEC §1.6). */
#include <stdlib.h>
#include <string.h>

#include "mc_geo.h"

int mc_geo_init(mc_geo *g, size_t n)
{
    memset(g, 0, sizeof *g);
    g->n = n;
    if (n == 0)
        return 0;
    g->fo = calloc(n, sizeof *g->fo);
    g->rto = calloc(n, sizeof *g->rto);
    g->rpo = calloc(n, sizeof *g->rpo);
    g->mark_rto = calloc(n, sizeof *g->mark_rto);
    g->mark_rpo = calloc(n, sizeof *g->mark_rpo);
    return g->fo && g->rto && g->rpo && g->mark_rto && g->mark_rpo ? 0 : -1;
}

int mc_geo_grow(mc_geo *g, uint64_t cap)
{
    if (cap <= g->cap)
        return 0;
    for (size_t i = 0; i < g->n; i++) {
        double *p = realloc(g->fo[i], cap * sizeof(double));
        if (!p)
            return -1;
        g->fo[i] = p;
    }
    g->cap = cap;
    return 0;
}

void mc_geo_store(mc_geo *g, uint64_t rep, const os_rep_result *r)
{
    for (size_t i = 0; i < g->n; i++)
        g->fo[i][rep] = (double)r->geo_failovers[i];
}

int mc_geo_pool(mc_geo *g, const os_rep_result *r)
{
    int rc = 0;
    for (size_t i = 0; i < g->n && rc == 0; i++) {
        rc = os_vec_append(&g->rto[i], &r->geo_rto_ms[i]);
        if (rc == 0)
            rc = os_vec_append(&g->rpo[i], &r->geo_rpo_ms[i]);
    }
    return rc;
}

/* pass when there is no value, or the largest is within the target (to the millisecond) */
static enum os_verdict max_verdict(const os_figure *f, os_ms target)
{
    return f->n == 0 || f->max * 1e3 <= (double)target + 0.5 ? OS_VERDICT_PASS : OS_VERDICT_FAIL;
}

int mc_geo_summarise(mc_geo *g, const os_scenario *sc, uint64_t n, os_run_result *res)
{
    res->n_geo = 0;
    if (g->n == 0)
        return 0;
    res->geo = calloc(g->n, sizeof *res->geo);
    if (!res->geo)
        return -1;
    res->n_geo = g->n;
    size_t k = 0;
    for (size_t t = 0; t < sc->n_targets && k < g->n; t++) {
        if (!sc->targets[t].geo)
            continue;
        os_geo_result *gr = &res->geo[k];
        gr->target = (int)t;
        gr->failovers = os_figure_of(g->fo[k], n);
        gr->rto = os_figure_scaled(os_figure_of(g->rto[k].v, g->rto[k].n), 1e-3);
        gr->rpo = os_figure_scaled(os_figure_of(g->rpo[k].v, g->rpo[k].n), 1e-3);
        gr->rto_verdict = max_verdict(&gr->rto, sc->sla.rto);
        gr->rpo_verdict = max_verdict(&gr->rpo, sc->sla.rpo);
        /* sorted by os_figure_of; the result keeps them */
        gr->rto_ms = g->rto[k].n ? g->rto[k].v : NULL;
        gr->rpo_ms = g->rpo[k].n ? g->rpo[k].v : NULL;
        if (gr->rto_ms)
            g->rto[k] = (os_vec){0};
        if (gr->rpo_ms)
            g->rpo[k] = (os_vec){0};
        k++;
    }
    return 0;
}

void mc_geo_free(mc_geo *g)
{
    for (size_t i = 0; i < g->n; i++) {
        if (g->fo)
            free(g->fo[i]);
        if (g->rto)
            os_vec_free(&g->rto[i]);
        if (g->rpo)
            os_vec_free(&g->rpo[i]);
    }
    free(g->fo);
    free(g->rto);
    free(g->rpo);
    free(g->mark_rto);
    free(g->mark_rpo);
    memset(g, 0, sizeof *g);
}
