/* montecarlo.h — runs a scenario's replications (in parallel, addressed by index so results
 * never depend on the thread count) and summarises them into an os_run_result. */
#ifndef OUTAGESIM_MONTECARLO_H
#define OUTAGESIM_MONTECARLO_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "outagesim/export.h"
#include "outagesim/exact.h"
#include "outagesim/scenario.h"
#include "outagesim/sim.h"
#include "outagesim/stats.h"

enum os_verdict { OS_VERDICT_PASS, OS_VERDICT_FAIL, OS_VERDICT_UNCERTAIN };
OS_API const char *os_verdict_str(enum os_verdict v);

typedef struct os_conn_result {
    os_figure availability;       /* fraction */
    os_figure cp_availability;    /* fraction */
    os_figure sla_compliance;     /* fraction of SLA windows that comply */
    os_figure outage_duration;    /* seconds, pooled over outages */
    os_figure ops_success;        /* fraction; n = 0 without a workload */
    double miss_share;            /* share of replications whose availability is below the
                                   * target (the bad year, SPEC §6.4) */
    enum os_verdict verdict;      /* availability against sla.availability */
    uint64_t settle_replications; /* for UNCERTAIN: rough replications to settle it */
    /* When the exact steady-state answer is known (SPEC §5.2: in the exact class, steady
     * start, no injected events), it decides: exact availability at or above the target
     * passes. exact_known false otherwise (exact_verdict then UNCERTAIN). */
    bool exact_known;
    enum os_verdict exact_verdict;
} os_conn_result;

/* How far a run has come, for a progress display. */
typedef struct os_progress {
    uint64_t done;      /* replications finished */
    uint64_t total;     /* replications planned; 0 when a stopping rule decides (SPEC §5.1) */
    double elapsed;     /* seconds since the replications started */
    bool precision;     /* a precision goal is set (stopping rule) */
    double worst_ratio; /* stopping rule: widest half-width / its goal, after the last batch */
    bool finished;      /* the last call of this run */
} os_progress;

typedef void (*os_progress_fn)(void *ctx, const os_progress *p);

/* A router's or flow's result (SPEC §6.1, §6.3, §6.5): the same figures as a connection's
 * data plane, from the same code. */
typedef struct os_entity_result {
    os_ref ref;
    double target;                /* availability target: sla.availability, or the flow's */
    os_figure availability;       /* fraction: time-average served fraction */
    os_figure sla_compliance;     /* fraction of SLA windows that comply */
    os_figure outage_duration;    /* seconds, pooled over outages (served fraction 0) */
    os_figure outages;            /* outages per replication */
    os_figure switches;           /* routers: changes of the split in effect per replication */
    double miss_share;            /* share of replications below target (the bad year) */
    enum os_verdict verdict;      /* availability against target */
    uint64_t settle_replications; /* for UNCERTAIN: rough replications to settle it */
    double composite_independent; /* flows: the independence estimate (SPEC §6.3); else NAN */
} os_entity_result;

/* One geo-replicated target (SPEC §6.2). Times in seconds. */
typedef struct os_geo_result {
    int target;          /* scenario target index */
    os_figure failovers; /* completed geo-failovers per replication */
    os_figure rto;       /* every interval the target was not serving, pooled */
    os_figure rpo;       /* the lag of every completed geo-failover, pooled */
    enum os_verdict rto_verdict, rpo_verdict; /* largest value against sla.rto / sla.rpo */
    /* The pooled values behind rto and rpo, in ms, ascending (rto.n and rpo.n of them; NULL
     * when there are none): for distributions. Owned by the run result. */
    double *rto_ms, *rpo_ms;
} os_geo_result;

/* Costs (SPEC §6.4): figures over replications of each replication's yearly money (its value
 * over the horizon x 365 d / horizon), in `currency`. Valid when enabled (the scenario has
 * costs: sc->costs.enabled); every figure has n == 0 otherwise. total = infrastructure +
 * downtime + credits, per replication. */
typedef struct os_cost_result {
    bool enabled;
    const char *currency; /* borrowed from the scenario */
    os_figure infrastructure, downtime, credits, total;
    /* The expected yearly downtime cost of the entities downtime is billed on (flows, or
     * connections without flows) that are in the exact class (SPEC §5.2): the sum of
     * (1 - exact availability) x 365 d x rate. exact_entities of counted_entities are in the
     * class; exact_entities == 0 (and exact_downtime NAN) when no exact answer is known. */
    double exact_downtime;
    size_t exact_entities, counted_entities;
} os_cost_result;

typedef struct os_run_options {
    uint64_t replications; /* 0 = the scenario's */
    uint64_t seed;
    bool seed_set;
    int threads; /* 0 = number of cores */
    /* Progress, when not NULL: called on the calling thread about five times a second during
     * a fixed run and after every batch of a run with a stopping rule, then once with
     * finished set (also when the run fails or is cancelled). */
    os_progress_fn progress;
    void *progress_ctx;
    /* Cancellation, when not NULL: the run stops soon after *cancel becomes non-zero and
     * returns OS_ERR_INTERRUPTED. Setting it from a signal handler or another thread is safe. */
    const atomic_int *cancel;
    /* Stopping rules (SPEC §5.1); each overrides the scenario's when set. */
    bool precision_set;
    double precision;          /* > 0 */
    bool precision_relative;   /* fraction of (1 - mean) */
    bool until_verdict;        /* true: also stop once no availability verdict is uncertain */
    uint64_t max_replications; /* 0 = the scenario's */
} os_run_options;

enum os_stop_reason {
    OS_STOP_FIXED,            /* a fixed number of replications */
    OS_STOP_PRECISION,        /* every interval within the precision goal */
    OS_STOP_VERDICT,          /* no availability verdict uncertain */
    OS_STOP_MAX_REPLICATIONS, /* the goal was not reached */
};
OS_API const char *os_stop_reason_str(enum os_stop_reason r);

typedef struct os_run_result {
    const os_scenario *sc; /* borrowed */
    uint64_t seed;
    uint64_t replications;
    os_conn_result *conn;      /* sc->n_connections */
    os_entity_result *routers; /* sc->n_routers (NULL when none) */
    os_entity_result *flows;   /* sc->n_flows (NULL when none) */
    /* Connection service (valid when sc->sc.enabled). Times in seconds. */
    os_figure incidents, failovers, rto, rpo, lost_writes;
    enum os_verdict rto_verdict, rpo_verdict;
    /* The replication whose incident had the largest RTO (or 0), and that incident's index,
     * for the timeline; worst_rep == UINT64_MAX when there was no incident. */
    uint64_t worst_rep;
    uint64_t events;
    double wall_seconds;
    /* Why the run stopped (SPEC §5.1). */
    enum os_stop_reason stop;
    double precision; /* the goal when stop != FIXED or a rule was set; else 0 */
    bool precision_relative;
    bool until_verdict;
    double *half_width; /* per connection: half-width of the availability interval */
    /* Exact steady-state answers (SPEC §5.2) beside the simulation, per connection; NULL
     * when the scenario has injected outages or does not start in steady state. */
    os_exact_conn *exact;
    /* The same per flow (SPEC §6.3); NULL as exact, or when the scenario has no flow. */
    os_exact_conn *flow_exact;
    /* Per entity (os_entity_id: connections, then routers, then flows), the availability of
     * every replication in ascending order (histograms, the bad year): rep_availability[e][k]
     * for k < replications; n_rep_availability arrays. */
    double **rep_availability;
    size_t n_rep_availability;
    /* Geo-replicated targets in target order (sc->n_geo_targets entries; NULL when none). */
    os_geo_result *geo;
    size_t n_geo;
    os_cost_result cost; /* SPEC §6.4 */
    /* The connection service's pooled values behind rto (one per incident) and rpo (one per
     * incident, 0 without a failover), in ms, ascending (rto.n and rpo.n of them; NULL when
     * there are none): for distributions. */
    double *rto_ms, *rpo_ms;
    /* Plausibility warnings about the run's options (docs/robustness.md#warnings); the
     * scenario's own are in sc->warnings. They never change a figure. */
    os_warnings warnings;
} os_run_result;

/* The figures of any entity by global id (a connection's through its os_conn_result):
 * availability, SLA compliance, outage duration and verdict, for code that treats every
 * entity alike (check, sweep, reports). */
typedef struct os_entity_view {
    os_ref ref;
    const char *name;
    double target;
    const os_figure *availability, *sla_compliance, *outage_duration;
    double miss_share; /* share of replications below target (SPEC §6.4) */
    enum os_verdict verdict;
} os_entity_view;
OS_API os_entity_view os_run_entity(const os_run_result *r, size_t e);

/* Runs and summarises. Returns 0 or a negative status with err filled. */
OS_API int os_run(const os_scenario *sc, const os_run_options *opt, os_run_result **out,
                  os_error *err);
OS_API void os_run_result_free(os_run_result *r);

/* MPI (meson -Dmpi=enabled): os_run splits replications across the ranks of
 * MPI_COMM_WORLD and merges them after every batch, so every rank holds the whole result;
 * only rank 0 should write it. Without MPI: rank 0 of 1, and init/finalize do nothing. */
OS_API void os_mpi_init(int *argc, char ***argv);
OS_API void os_mpi_finalize(void);
OS_API int os_mpi_rank(void);
OS_API int os_mpi_size(void);

#endif
