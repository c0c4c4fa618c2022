/* mc_geo.h — internal: the Monte Carlo collector's part for geo-replicated targets (SPEC §6.2):
 * completed geo-failovers per replication, pooled RTO and RPO values, and their summary into
 * os_run_result.geo. Used by montecarlo.c only. */
#ifndef OUTAGESIM_MC_GEO_H
#define OUTAGESIM_MC_GEO_H

#include "outagesim/montecarlo.h"

typedef struct mc_geo {
    size_t n;          /* geo-replicated targets */
    uint64_t cap;      /* replications fo[] holds */
    double **fo;       /* [geo][replication]: completed geo-failovers */
    os_vec *rto, *rpo; /* pooled per geo target, ms */
    size_t *mark_rto;  /* pooled lengths before the current batch (MPI) */
    size_t *mark_rpo;
} mc_geo;

int mc_geo_init(mc_geo *g, size_t n);                               /* -1 when out of memory */
int mc_geo_grow(mc_geo *g, uint64_t cap);                           /* -1 when out of memory */
void mc_geo_store(mc_geo *g, uint64_t rep, const os_rep_result *r); /* per-replication slots */
int mc_geo_pool(mc_geo *g, const os_rep_result *r); /* pooled values; caller holds the lock */
/* Fills res->geo (n_geo entries) from replications 0..n-1; -1 when out of memory. */
int mc_geo_summarise(mc_geo *g, const os_scenario *sc, uint64_t n, os_run_result *res);
void mc_geo_free(mc_geo *g);

#endif
