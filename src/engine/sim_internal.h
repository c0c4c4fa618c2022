/* sim_internal.h — the state of one simulation worker, shared by sim.c (topology, failure
 * sources, measurements), sim_build.c, sim_dr.c (disaster recovery's host) and geo.c.
 * dr.c does not see it: it reaches the simulator through dr.h's dr_host. */
#ifndef OUTAGESIM_SIM_INTERNAL_H
#define OUTAGESIM_SIM_INTERNAL_H

#include <gsl/gsl_rng.h>

#include "dr.h"
#include "kernel.h"
#include "util/rng.h"
#include "outagesim/sim.h"

/* Event kinds (the kernel's `kind`). */
enum ev_kind {
    EV_PROC_FAIL,    /* a = process */
    EV_PROC_REPAIR,  /* a = process */
    EV_INJECT_START, /* a = scenario event */
    EV_INJECT_END,   /* a = scenario event */
    EV_TRACE_START,  /* a = trace outage (this replication's list) */
    EV_TRACE_END,    /* a = trace outage */
    EV_REPLACE,      /* a = compute */
    EV_REBALANCE,    /* a = compute */
    EV_WINDOW,       /* SLA window boundary */
    EV_HEALTH_CHECK,
    EV_TRIGGER, /* a = region, b = enum os_event_kind (declared / report) */
    EV_FAILOVER_DECIDED,
    EV_FAILOVER_DONE,
    EV_FAILBACK_DUE,
    EV_FAILBACK_DONE,
    EV_GEO_GRACE,         /* a = geo index: the primary copy's grace has elapsed */
    EV_GEO_DONE,          /* a = geo index: a geo-failover completes */
    EV_GEO_FAILBACK_DUE,  /* a = geo index */
    EV_GEO_FAILBACK_GO,   /* a = geo index: the failback starts unless a failover runs */
    EV_GEO_FAILBACK_DONE, /* a = geo index */
    EV_GEO_INJECT,        /* a = geo index: an injected geo_failover */
    EV_APPS_TICK,         /* routers: probes and switches due now (router.c) */
};

/* Where an outage came from: (source << 24) | index. */
enum cause_source {
    CAUSE_ZONE_PROCESS = 1,
    CAUSE_REGION_PROCESS = 2,
    CAUSE_GROUP = 3,
    CAUSE_INJECTED = 4,
    CAUSE_TRACE = 5,
    CAUSE_ROUTER_PROCESS = 6,
};
#define CAUSE(src, idx) (((int32_t)(src) << 24) | (int32_t)(idx))

enum proc_kind { PROC_ZONE, PROC_REGION, PROC_GROUP, PROC_INSTANCE, PROC_ROUTER };

/* One failure process: 64 bytes, the one record an event of it reads (its stream is inline;
 * os_rng_view() lends it to GSL's distributions). */
typedef struct proc {
    os_rng rng; /* this process's own xoshiro256** stream */
    const os_dist *ttf, *ttr;
    enum proc_kind kind;
    int target;  /* global zone, region, group or instance */
    int compute; /* instance processes: the compute and the zone (1-based) of the instance */
    int zone;
} proc;

typedef struct comp_state {
    /* what an instance's failure or repair reads and writes comes first */
    int live;                              /* live instances */
    int required;                          /* required_instances, or 0 */
    int first_zone;                        /* global id of the region's zone 1 */
    int orig_up_in_zone[OS_MAX_ZONES + 1]; /* [1..n_zones] originals whose own process is up */
    int region, n_zones;
    int instances, surge;
    bool replace; /* platform replacement applies */
    bool zone_redundant;
    int *orig_in_zone; /* [1..n_zones] originals placed there */
    int *rep_zone;     /* replacements, oldest first: their zone */
    int n_rep;
    int first_inst;  /* global id of instance 0 */
    int64_t rep_ms;  /* replacement-instance ms so far (billing, cost.c) */
    os_ms rep_since; /* n_rep unchanged since */
} comp_state;

typedef struct conn_state {
    int units; /* served units now: min(live, required), or 1/0 */
    int den;   /* required_instances, or 1 */
    bool up, cp_up, dirty;
    os_ms last;                    /* time integrals were last advanced to */
    int64_t int_total, int_window; /* unit-ms */
    int64_t cp_total;              /* ms */
    os_ms down_since;
    double cp_ops;  /* operations that succeeded */
    os_ms cp_since; /* control plane up (or down) since */
    int windows, windows_ok;
} conn_state;

/* A router's or flow's served fraction over time (SPEC §6.1, §6.3): integrals in
 * fraction-ms, outages = maximal intervals at 0 (entity.c). */
typedef struct ent_meas {
    double frac;
    bool up; /* frac > 0 */
    os_ms last, down_since;
    double int_total, int_window;
    int windows, windows_ok;
} ent_meas;

typedef struct router_state {
    ent_meas m;
    int down;         /* active outages of the router itself */
    bool failed;      /* judged: down > 0 */
    int32_t cause;    /* of the latest own outage */
    int *fails;       /* consecutive failed probes, per backend */
    uint64_t marked;  /* backends marked up (bit b) */
    uint64_t decided; /* the latest decision: backends that get traffic */
    uint64_t effect;  /* the split in effect */
    os_ms next_probe;
    os_ms *pq_t; /* decisions waiting `switch` to take effect: a ring, in order */
    uint64_t *pq_m;
    size_t pq_head, pq_n, pq_cap;
    uint64_t switches;
} router_state;

typedef struct geo_sim geo_sim; /* geo.c's own state */

struct os_sim {
    const os_scenario *sc;
    os_kernel *k;
    os_ms horizon, now;
    uint64_t seed, rep;
    os_rep_result *out;
    os_observer_fn observe;
    void *observe_ctx;
    const atomic_int *cancel; /* os_sim_set_cancel; may be NULL */
    uint64_t max_events;      /* per replication (os_sim_set_event_limit) */

    /* zones (global ids, region by region) */
    int n_zones;
    int *zdown; /* active outages covering the zone (zone outages only) */
    bool *zup;  /* effective state, judged after classes 1-2 */
    int32_t *zcause;
    int *zone_region;
    /* regions */
    int *rdown; /* active region outages */
    bool *rout; /* effective region-outage state */
    bool *healthy;
    int32_t *rcause;
    int *up_zones;
    bool *rdirty;
    int *dirty_regions;
    int n_dirty_regions;
    bool health_dirty;
    /* changes found by settle(), handled in zone order */
    int *zone_changes;
    int n_zone_changes;

    /* computes, instances, targets, connections */
    comp_state *comp;
    int n_inst;
    int *inst_compute, *inst_zone;
    bool *inst_up;
    bool *reach; /* target reachable */
    conn_state *conn;
    int *comp_conn_start, *comp_conn; /* CSR: connections of each compute */
    int *tgt_conn_start, *tgt_conn;   /* CSR: connections of each target */
    int *reg_comp_start, *reg_comp;   /* CSR: computes of each region */
    int *reg_tgt_start, *reg_tgt;     /* CSR: targets of each region */
    int *dirty_conns;
    int n_dirty_conns;
    bool all_cp_dirty;

    /* failure sources */
    proc *procs;
    int n_procs;
    uint64_t *proc_stream; /* stable stream key of each process */
    bool *proc_down;
    os_ms *proc_resid; /* first repair of a process down at 0 (steady start) */
    gsl_rng *rng_events, *rng_platform, *rng_dr, *rng_trace;
    os_trace_outage *trace_list; /* this replication's trace outages */
    size_t n_trace, cap_trace;
    os_ms *event_dur; /* drawn durations of injected outages */

    os_ms next_window;
    bool overflow; /* a kept-values limit was passed (reported as OS_ERR_LIMIT) */
    int status;    /* 0, or the replication's first failure (OS_ERR_NOMEM): it stops the run */
    os_ms hc_next; /* the next health check; INT64_MAX without disaster recovery */
    dr_state dr;
    geo_sim *geo;     /* NULL without geo-replicated targets */
    char buf[3][160]; /* record formatting */

    /* routers and flows (router.c, flow.c, entity.c) */
    router_state *routers;
    ent_meas *flows;
    double *node_val, *term_val; /* flow evaluation scratch */
    bool apps_dirty;             /* something a router or flow reads changed this millisecond */
    double credit_ms;            /* SLA credits so far: sum of credit fraction x window ms */
};

/* sim.c helpers used by dr.c */

/* Schedules an event at t. Returns 0 when it is scheduled, and also when t is at or after the
 * horizon (such an event never happens: nothing is scheduled and *h is 0); OS_ERR_NOMEM when
 * the event pool could not grow, recorded in s->status as well so that os_sim_run stops and
 * reports it. Every caller checks: a lost repair would leave a zone down for ever. h may be
 * NULL. */
int sim_schedule_h(os_sim *s, os_ms t, enum os_class cls, enum ev_kind kind, int32_t a, int32_t b,
                   os_khandle *h) __attribute__((warn_unused_result));
int sim_schedule(os_sim *s, os_ms t, enum os_class cls, enum ev_kind kind, int32_t a, int32_t b)
    __attribute__((warn_unused_result));
/* Records an allocation failure (s->status = OS_ERR_NOMEM, the first failure kept); returns
 * OS_ERR_NOMEM. */
int sim_nomem(os_sim *s);
/* os_vec_push that records a failure in s->status; returns 0 or OS_ERR_NOMEM. */
int sim_push(os_sim *s, os_vec *v, double x) __attribute__((warn_unused_result));
void sim_emit(os_sim *s, const char *kind, const char *entity, const char *state,
              const char *detail, int64_t value);
void sim_mark_all_cp_dirty(os_sim *s);
void sim_cause_text(const os_sim *s, int32_t cause, char *buf, size_t size);
/* Sets what connections read as target t's reachability (a geo target's "serving"). */
void sim_set_reach(os_sim *s, int t, bool reach);

/* sim.c: brings every changed connection up to date at t */
void sim_flush_conns(os_sim *s, os_ms t);

/* entity.c: routers and flows measured like connections */
int apps_build(os_sim *s);
void apps_free(os_sim *s);
void apps_reset(os_sim *s);
int apps_start(os_sim *s);
double apps_frac(const os_sim *s, os_ref r);
void apps_set(os_sim *s, os_ref r, ent_meas *m, double frac, os_ms t);
void apps_settle(os_sim *s, os_ms t);
int apps_tick(os_sim *s);
void apps_close_window(os_sim *s, os_ms start, os_ms t);
int apps_finish(os_sim *s, os_rep_result *out);

/* cost.c: money (SPEC §6.4) and the window rule shared by compliance and credits */

/* A window's served integral against `full` (the integral of a window served in full), in the
 * entity's own units, with the rounding slack of those units. */
typedef struct sim_window {
    long double integral, full, slack;
} sim_window;
sim_window sim_conn_window(int64_t integral, int den, os_ms len); /* unit-ms */
sim_window sim_ent_window(double integral, os_ms len);            /* fraction-ms */
/* The window's availability is at or above level (within the slack). */
bool sim_window_meets(sim_window w, double level);
/* Adds the window's SLA credit (the largest tier whose `below` it misses) to s->credit_ms. */
void sim_window_credit(os_sim *s, sim_window w, os_ms len);
/* Accounts replacement time up to now; call before c->n_rep changes. */
void sim_rep_change(os_sim *s, comp_state *c);
void cost_reset(os_sim *s);
/* At the horizon, after connections, routers and flows are integrated to it. */
void cost_finish(os_sim *s, os_rep_result *out);

/* router.c */
void router_delta(os_sim *s, int r, int delta, int32_t cause);
void router_reset(os_sim *s, int r);
double router_eval(os_sim *s, int r);
void router_tick(os_sim *s, int r, os_ms t);
os_ms router_next(const os_sim *s, int r);

/* flow.c */
double flow_eval(os_sim *s, int f);

/* sim_dr.c: the simulator as disaster recovery's host (dr.h) */
extern const dr_host sim_dr_host; /* ctx: the os_sim */
/* Runs a disaster-recovery event: EV_HEALTH_CHECK or EV_TRIGGER..EV_FAILBACK_DONE. */
void sim_dr_dispatch(os_sim *s, const os_kevent *ev);

/* geo.c: geo-replicated targets (SPEC §6.2) */
int geo_init(os_sim *s); /* at construction; -1 when out of memory */
void geo_free(geo_sim *gs);
int geo_start(os_sim *s);   /* at the start of a replication; -1 when out of memory */
void geo_settle(os_sim *s); /* after zones and regions are settled */
void geo_handle(os_sim *s, const os_kevent *ev);
void geo_finish(os_sim *s);                     /* at the horizon */
int32_t geo_index(const os_sim *s, int target); /* -1 when not geo-replicated */
void os_rep_result_free_geo(os_rep_result *r);

#endif
