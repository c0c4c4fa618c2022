/* dr.h — the connection service's own active-passive disaster recovery (SPEC §1.6) behind a
 * narrow seam: dr.c keeps its state in a dr_state and reaches the simulator only through the
 * few operations of a dr_host (the clock, region health, scheduling and cancelling its own
 * events, emitting records, telling connections that the serving state changed, reporting an
 * allocation failure). sim.c is one host (sim_dr.c); tests/test_dr_unit.c is another, a fake
 * with a hand-driven clock, so disaster recovery is tested without a simulator. */
#ifndef OUTAGESIM_ENGINE_DR_H
#define OUTAGESIM_ENGINE_DR_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stdint.h>

#include "kernel.h"
#include "outagesim/scenario.h"
#include "outagesim/sim.h"

/* The events disaster recovery schedules for itself (a = region for DR_EV_TRIGGER, b = enum
 * os_event_kind: declared or reported). */
enum dr_event {
    DR_EV_TRIGGER,
    DR_EV_FAILOVER_DECIDED,
    DR_EV_FAILOVER_DONE,
    DR_EV_FAILBACK_DUE,
    DR_EV_FAILBACK_DONE,
};

/* What disaster recovery needs from the simulator. ctx is the host's own pointer. */
typedef struct dr_host {
    os_ms (*now)(void *ctx);
    bool (*healthy)(void *ctx, int region); /* region health as settled now */
    /* Schedules ev at t in class cls (*h, when not NULL, receives a handle for cancel; 0 when
     * t is at or after the horizon). 0, or OS_ERR_NOMEM (the host stops the replication). */
    int (*schedule)(void *ctx, os_ms t, enum os_class cls, enum dr_event ev, int32_t a, int32_t b,
                    os_khandle *h);
    void (*cancel)(void *ctx, os_khandle h);
    void (*emit)(void *ctx, const char *kind, const char *entity, const char *state,
                 const char *detail, int64_t value);
    void (*serving_changed)(void *ctx); /* every connection's control plane is to be judged */
    void (*nomem)(void *ctx);           /* a measurement could not be kept */
} dr_host;

enum fo_state { FO_NONE, FO_DECIDING, FO_WAITING, FO_RUNNING };

typedef struct dr_state {
    /* set once by dr_init */
    const os_service_connector *conf;
    const os_region *regions; /* names and directed pairs */
    const dr_host *host;
    void *ctx;
    gsl_rng *rng;       /* decision delays, failover durations, failback times */
    os_rep_result *out; /* incidents, failovers, lost writes, RTO and RPO land here */

    /* one replication */
    int active;
    bool serving;
    bool in_incident;
    os_ms incident_start;
    bool incident_failed_over; /* a failover completed during this incident */
    int hc_count;
    enum fo_state fo;
    int fo_target;
    os_khandle fo_event;
    bool failback_running;
    os_ms primary_healthy_since; /* -1 while primary is not healthy */
    os_ms failback_after;        /* drawn when primary becomes healthy */
    os_ms failback_due_at;       /* the pending DR_EV_FAILBACK_DUE, or -1 */
    /* Operations workload: ops at instants k / ops_per_ms. */
    double serv_ops; /* ops at which the service was serving, up to serv_last */
    os_ms serv_last;
    os_ms rp_time; /* latest restore point seen */
    double serv_ops_at_rp;
    double incident_lost; /* writes that the current incident loses if it fails over */
} dr_state;

/* Once per worker. */
void dr_init(dr_state *d, const os_service_connector *conf, const os_region *regions,
             const dr_host *host, void *ctx, gsl_rng *rng);
/* At the start of a replication whose measurements go to out (its rng already seeded). Returns
 * the time of the first periodic health check, INT64_MAX when the service is not enabled. */
os_ms dr_start(dr_state *d, os_rep_result *out);
/* The single place where the serving state and the incident boundaries are decided: call after
 * region health changed. */
void dr_reconcile(dr_state *d);
void dr_region_outage_started(dr_state *d, int region);
void dr_primary_health(dr_state *d, bool healthy_now);
void dr_health_check(dr_state *d); /* the periodic check (the host runs the period) */
void dr_handle(dr_state *d, enum dr_event ev, int32_t a, int32_t b);
void dr_finish(dr_state *d, os_ms horizon);      /* an open incident's RTO is cut at the horizon */
bool dr_check_idle(const dr_state *d);           /* a health check now would change nothing */
static inline bool dr_serving(const dr_state *d) /* read on every connection update */
{
    return d->serving;
}

/* sim.c's count of workload operations in (a, b] at instants k / per_ms (a pure function). */
double sim_ops_between(double per_ms, os_ms a, os_ms b);

#endif
