/* sim.h — one replication of a scenario: the topology's state (zones, regions, instances,
 * connections), the failure sources (processes, injected events, groups, traces), the
 * connection service's disaster recovery, and the per-replication measurements.
 *
 * An os_sim is a reusable worker: allocate one per thread, run any replication index on it.
 * Replication r draws from streams derived from (seed, r, process) only, so its result never
 * depends on which worker ran it or in what order. */
#ifndef OUTAGESIM_SIM_H
#define OUTAGESIM_SIM_H

#include <stdatomic.h>
#include <stdint.h>

#include "outagesim/export.h"
#include "outagesim/error.h"
#include "outagesim/scenario.h"
#include "outagesim/stats.h"

/* What one replication measured. Arrays are indexed by entity (os_entity_id: connections
 * first, then routers, then flows); control-plane and operations figures are meaningful for
 * connections only, switches for routers only. Times in ms. */
typedef struct os_rep_result {
    size_t n_connections;    /* entities the arrays hold (os_sim_run grows them as needed) */
    double *availability;    /* served-fraction integral / horizon */
    double *cp_availability; /* control-plane up time / horizon */
    double *sla_compliance;  /* fraction of SLA windows that comply */
    double *ops_success;     /* fraction of operations that succeeded (workload only) */
    os_vec *outage_ms;       /* durations of each entity's outages (served fraction 0) */
    uint64_t *switches;      /* routers: changes of the split in effect */
    uint64_t incidents, failovers;
    double lost_writes;
    os_vec rto_ms, rpo_ms; /* one RTO per incident; one RPO per failover / failover-less incident */
    /* Geo-replicated targets (SPEC §6.2), in target order among those with a geo replica;
     * sized by the simulation (n_geo is 0 until then). */
    size_t n_geo;
    uint64_t *geo_failovers; /* completed geo-failovers */
    os_vec *geo_rto_ms;      /* length of each interval the target was not serving */
    os_vec *geo_rpo_ms;      /* lag drawn at the start of each completed geo-failover */
    /* Costs (SPEC §6.4), per year (value over the horizon x 365 d / horizon) in the scenario's
     * currency; 0 when the scenario has no costs. */
    double cost_infrastructure, cost_downtime, cost_credits;
    uint64_t events;
} os_rep_result;

/* Room for n entities; os_sim_run grows it to the scenario's entity count when smaller. */
OS_API int os_rep_result_init(os_rep_result *r, size_t n);
OS_API void os_rep_result_free(os_rep_result *r);

/* One state change, for --trace and incident timelines. Strings are valid during the call. */
typedef struct os_record {
    os_ms t;
    const char *kind;   /* "zone", "region", "instance", "connection", "service", "incident",
                           "health_check", "trigger", "failover", "failback", "router",
                           "flow" */
    const char *entity; /* "westeurope/2", "web#3", "web-blob", "connector", ... */
    const char *state;  /* "down", "up", "serving", "started", "completed", ... */
    const char *detail; /* cause or extra information; may be NULL */
    int64_t value;      /* kind-specific number (count, ms); 0 when unused */
} os_record;

typedef void (*os_observer_fn)(void *ctx, const os_record *rec);

typedef struct os_sim os_sim;

/* A worker for sc (borrowed; must outlive the worker). NULL with err filled on failure. */
OS_API os_sim *os_sim_new(const os_scenario *sc, os_error *err);
OS_API void os_sim_free(os_sim *s);

/* From now on, os_sim_run stops with OS_ERR_INTERRUPTED soon after *cancel becomes non-zero
 * (checked whenever the clock advances). NULL (the default) never stops. */
OS_API void os_sim_set_cancel(os_sim *s, const atomic_int *cancel);

/* From now on, os_sim_run stops with OS_ERR_LIMIT once a replication has handled more than
 * max_events events (health checks included); 0 restores the default,
 * OS_MAX_EVENTS_PER_REPLICATION. A budget for callers that must bound the work of a run (the
 * simulator's fuzz target). */
OS_API void os_sim_set_event_limit(os_sim *s, uint64_t max_events);

/* Runs replication `rep` of the run seeded with `seed` into *out (which is overwritten).
 * observe, when not NULL, receives every state change. Returns 0 or a negative status. */
OS_API int os_sim_run(os_sim *s, uint64_t seed, uint64_t rep, os_rep_result *out,
                      os_observer_fn observe, void *ctx, os_error *err);

#endif
