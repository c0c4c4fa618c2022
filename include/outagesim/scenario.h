/* scenario.h — the scenario model (SPEC §2) and its strict YAML loader.
 *
 * Loading resolves every name to an index, applies every default, and validates every key,
 * so the simulator never sees an invalid scenario. Times are in ms; indices are 0-based. */
#ifndef OUTAGESIM_SCENARIO_H
#define OUTAGESIM_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#include "outagesim/export.h"
#include "outagesim/dist.h"
#include "outagesim/duration.h"
#include "outagesim/error.h"

/* Documented limits (README "Limits"); exceeding one is an input error. */
#define OS_MAX_FILE_BYTES (16u << 20) /* scenario or trace file */
#define OS_MAX_YAML_NODES 1000000u    /* nodes visited, aliases expanded */
#define OS_MAX_REGIONS 1000
#define OS_MAX_ZONES 16          /* per region */
#define OS_MAX_ENTITIES 100000   /* computes, targets, connections, events, groups each */
#define OS_MAX_INSTANCES 1000000 /* per compute, and in total */
#define OS_MAX_REPLICATIONS 100000000
#define OS_MAX_EMPIRICAL 100000                     /* values of one empirical distribution */
#define OS_MAX_EVENTS_PER_REPLICATION 1000000000ULL /* checked while simulating */
#define OS_MAX_OUTAGES_PER_REPLICATION 10000000ULL  /* kept outages of one connection */
#define OS_MAX_BOOTSTRAP_BLOCKS 1000000ULL          /* trace bootstrap blocks per horizon */

/* Where a value came from, for errors found after loading. */
typedef struct os_mark {
    int line, column; /* 1-based; 0 when set from the command line */
} os_mark;

/* A cost rate (SPEC §6.4): `amount` per `per` ms (3600000 for "/h", 86400000 for "/d",
 * 2628000000 for "/month" = 365 d / 12, 31536000000 for "/y"). amount >= 0; per == 0 means no
 * cost was given (the rate is 0). Money over d ms is amount * d / per. */
typedef struct os_rate {
    double amount;
    os_ms per;
} os_rate;

/* The rate's money over d ms (0 when no rate was given). */
static inline double os_rate_over(os_rate r, double d_ms)
{
    return r.per > 0 ? r.amount * (d_ms / (double)r.per) : 0.0;
}

/* An alternating renewal process: up for TTF, down for TTR. */
typedef struct os_process {
    bool enabled;
    os_dist ttf, ttr;
} os_process;

typedef struct os_region {
    char *name;      /* as written in the scenario */
    char *key;       /* lower-cased, spaces removed: "westeurope" */
    int zones;       /* 1..OS_MAX_ZONES */
    int pair;        /* index of the DR pair region, -1 when none in the scenario */
    char *pair_name; /* the pair's name even when not in the scenario (built-in table), or NULL */
    int first_zone;  /* global id of zone 1; zones are numbered region by region */
    /* Effective failure processes for this region (top-level, or the region's override). */
    os_process zone_proc, region_proc, instance_proc;
    os_mark mark;
} os_region;

enum os_compute_kind { OS_APP_SERVICE, OS_CONTAINER_APPS, OS_SPRING_APPS };

typedef struct os_compute {
    char *name;
    enum os_compute_kind kind;
    int region;
    bool zone_redundant;
    int zone;               /* 1-based; used when not zone-redundant */
    int instances;          /* >= 0 */
    int required_instances; /* 0 when not set */
    bool relocate;          /* relocate_on_zone_loss */
    os_rate cost;           /* cost.instance: per instance, replacements while they exist */
    os_mark mark;
} os_compute;

enum os_failover_mode { OS_FAILOVER_AUTOMATIC, OS_FAILOVER_MANUAL };

/* A target's geo replica (SPEC §6.2): a second copy in another region, failed over to after
 * `grace` of unbroken unreachability of the primary copy (automatic mode), or when injected. */
typedef struct os_geo_replica {
    int region; /* differs from the target's */
    bool zone_redundant;
    int zone;                   /* 1-based; used when not zone-redundant */
    os_dist lag;                /* replication lag, >= 0; drawn at each failover's start (RPO) */
    enum os_failover_mode mode; /* manual: only injected geo_failover events fail over */
    os_dist grace;              /* >= 0; drawn each time the primary copy's grace starts */
    os_dist duration;           /* > 0; drawn at each failover's start */
    bool failback;
    os_dist failback_after;    /* >= 0 */
    os_dist failback_duration; /* > 0 */
    os_rate cost;              /* the replica's own cost (SPEC §6.4) */
} os_geo_replica;

typedef struct os_target {
    char *name;
    char *kind; /* free text ("storage-blob", ...) */
    int region;
    bool zone_redundant;
    int zone;            /* 1-based; used when not zone-redundant */
    os_geo_replica *geo; /* NULL when the target is not geo-replicated */
    os_rate cost;        /* SPEC §6.4 */
    os_mark mark;
} os_target;

typedef struct os_connection {
    char *name;
    int compute, target;
    os_mark mark;
} os_connection;

enum os_event_kind {
    OS_EV_ZONE_DOWN,
    OS_EV_REGION_DOWN,
    OS_EV_GROUP_DOWN,
    OS_EV_OUTAGE_DECLARED,
    OS_EV_CUSTOMER_REPORT,
    OS_EV_ROUTER_DOWN,  /* SPEC §6.1 */
    OS_EV_GEO_FAILOVER, /* a planned or manual failover of a geo-replicated target */
};

typedef struct os_event {
    enum os_event_kind kind;
    int region; /* ZONE_DOWN, REGION_DOWN, OUTAGE_DECLARED, CUSTOMER_REPORT */
    int zone;   /* ZONE_DOWN, 1-based */
    int group;  /* GROUP_DOWN */
    int router; /* ROUTER_DOWN */
    int target; /* GEO_FAILOVER */
    os_ms at;
    os_dist duration; /* `for`; outages only; a fixed duration or a distribution */
    os_mark mark;
} os_event;

typedef struct os_member {
    int region;
    int zone; /* 1-based; 0 = the whole region */
} os_member;

typedef struct os_group {
    char *name;
    os_member *members;
    size_t n_members;
    os_dist ttf, ttr;
    os_mark mark;
} os_group;

/* One outage of an incident trace (SPEC §5.4), relative to the trace origin. */
typedef struct os_trace_outage {
    os_ms start, duration;
    int region;
    int zone; /* 0 = whole region */
} os_trace_outage;

enum os_trace_mode { OS_TRACE_NONE, OS_TRACE_REPLAY, OS_TRACE_BOOTSTRAP };

typedef struct os_trace {
    enum os_trace_mode mode;
    char *file; /* resolved path */
    os_ms block;
    os_ms span;               /* origin to the last outage end */
    os_trace_outage *outages; /* sorted by start */
    size_t n_outages;
} os_trace;

typedef struct os_underlying {
    char *name;
    os_dist duration;
} os_underlying;

typedef struct os_service_connector {
    bool enabled; /* false: always serving, no DR simulated */
    int primary;
    os_ms hc_interval;          /* > 0 */
    int hc_failures_to_trigger; /* >= 1 */
    os_ms hc_offset;            /* >= 0 */
    bool has_declared_after, has_report_after;
    os_dist declared_after, report_after;
    enum os_failover_mode mode;
    os_dist decision_delay, dns_remap, manual_duration;
    os_underlying *underlying;
    size_t n_underlying;
    os_ms backup_interval; /* 0 = continuous replication */
    bool failback;
    os_dist failback_after, failback_downtime;
    bool has_operations;
    double ops_per_ms;  /* operation rate */
    double write_share; /* 0..1 */
} os_service_connector;

/* --- whole applications (SPEC §6.1, §6.3) ------------------------------------------------ */

/* Everything with a served fraction that is measured, reported, compared and swept the same
 * way. Entities are numbered globally: connections first, then routers, then flows
 * (os_entity_id). */
enum os_entity_kind { OS_ENTITY_CONNECTION, OS_ENTITY_ROUTER, OS_ENTITY_FLOW };
OS_API const char *os_entity_kind_str(enum os_entity_kind k); /* "connection", "router", "flow" */

typedef struct os_ref {
    enum os_entity_kind kind;
    int index; /* within its kind */
} os_ref;

#define OS_MAX_BACKENDS 64 /* per router */

enum os_router_mode { OS_ROUTER_PRIORITY, OS_ROUTER_WEIGHTED };

typedef struct os_router {
    char *name;
    char *kind; /* free text ("front-door", ...); "router" when not given */
    enum os_router_mode mode;
    os_ref *backends; /* priority order */
    double *weights;  /* weighted mode: > 0 each (default all 1); NULL in priority mode */
    size_t n_backends;
    os_ms probe_interval; /* > 0 */
    int probe_failures;   /* >= 1 */
    os_ms probe_offset;   /* >= 0 */
    os_ms switch_lag;     /* `switch`, >= 0 */
    os_rate cost;         /* SPEC §6.4 */
    os_mark mark;
} os_router;

enum os_flow_op { OS_FLOW_ALL, OS_FLOW_ANY, OS_FLOW_K_OF_N };
OS_API const char *os_flow_op_str(enum os_flow_op op); /* "all", "any", "k_of_n" */

/* One member of a flow node: a nested inline node (node >= 0) or a named entity. */
typedef struct os_flow_term {
    int node; /* index into the flow's nodes, or -1 */
    os_ref ref;
} os_flow_term;

typedef struct os_flow_node {
    enum os_flow_op op;
    int k; /* K_OF_N: 1..n_terms; ALL: n_terms; ANY: 1 */
    os_flow_term *terms;
    size_t n_terms;
    os_mark mark;
} os_flow_node;

typedef struct os_flow {
    char *name;
    double target;       /* fraction; sla.availability when not given */
    os_flow_node *nodes; /* nodes[0] is the root; nested nodes follow */
    size_t n_nodes;
    os_mark mark;
} os_flow;

enum os_start { OS_START_STEADY, OS_START_ALL_UP };
enum os_until { OS_UNTIL_FIXED, OS_UNTIL_VERDICT };

typedef struct os_simulation {
    os_ms horizon;
    uint64_t replications;
    uint64_t seed;
    enum os_start start;
    double precision;        /* 0 = none */
    bool precision_relative; /* true: fraction of (1 - mean) */
    enum os_until until;
    uint64_t min_replications, max_replications, batch;
} os_simulation;

/* One tier of SLA credits (SPEC §6.4): a window whose availability is strictly below `below`
 * earns `credit` of the window's fee. */
typedef struct os_credit_tier {
    double below;  /* fraction in (0, 1] */
    double credit; /* fraction in [0, 1] */
} os_credit_tier;

typedef struct os_sla {
    double availability; /* fraction */
    os_ms rto, rpo, window;
    /* sla.credits (n_tiers == 0 when absent): fee is what customers pay per unit of time; a
     * window of length L earning credit c owes c * fee over L. */
    os_rate credit_fee;
    os_credit_tier *tiers;
    size_t n_tiers;
} os_sla;

/* The `costs` section (SPEC §6.4). */
typedef struct os_costs {
    /* The scenario has costs: a `costs` section, a `cost` key anywhere or `sla.credits`; cost
     * figures are computed and reported only then. */
    bool enabled;
    char *currency;  /* a label; "USD" when not given (NULL when !enabled) */
    os_rate downtime; /* per unit of time a flow (or, without flows, a connection) serves nothing */
} os_costs;

typedef struct os_platform {
    os_dist detection_delay, provisioning_delay, rebalance_delay;
    int surge_limit; /* -1 = each compute's own instance count */
} os_platform;

typedef struct os_scenario {
    char *path; /* the file it was loaded from */
    char *name;
    char *description; /* may be NULL */
    os_simulation sim;
    os_sla sla;
    os_region *regions;
    size_t n_regions;
    int n_zones; /* total over all regions */
    os_compute *computes;
    size_t n_computes;
    os_target *targets;
    size_t n_targets;
    size_t n_geo_targets; /* targets with a geo replica */
    os_connection *connections;
    size_t n_connections;
    os_platform platform;
    os_service_connector sc;
    os_group *groups;
    size_t n_groups;
    os_trace trace;
    os_event *events;
    size_t n_events;
    os_router *routers; /* SPEC §6.1 */
    size_t n_routers;
    os_process router_proc; /* failures.router: one process per router */
    os_flow *flows;         /* SPEC §6.3 */
    size_t n_flows;
    /* Routers and flows in dependency order (each after everything it depends on): the order
     * in which they are evaluated and probed within a millisecond. n_routers + n_flows long. */
    os_ref *entity_order;
    os_costs costs;    /* SPEC §6.4 */
    bool has_failures; /* any stochastic process, group or bootstrap trace */
    /* Plausibility warnings found while loading (docs/robustness.md#warnings); they never
     * change what the scenario does. */
    os_warnings warnings;
} os_scenario;

/* Entities: connections, routers, flows, numbered in that order. */
static inline size_t os_entity_count(const os_scenario *sc)
{
    return sc->n_connections + sc->n_routers + sc->n_flows;
}

static inline size_t os_entity_id(const os_scenario *sc, os_ref r)
{
    size_t i = (size_t)r.index;
    if (r.kind == OS_ENTITY_ROUTER)
        return sc->n_connections + i;
    if (r.kind == OS_ENTITY_FLOW)
        return sc->n_connections + sc->n_routers + i;
    return i;
}

/* The entity with global id e. */
OS_API os_ref os_entity_ref(const os_scenario *sc, size_t e);
OS_API const char *os_entity_name(const os_scenario *sc, os_ref r);

/* A KEY=VALUE override by path (SPEC §3): "regions.westeurope.zones", "computes.web.instances",
 * "simulation.horizon", "failures.zone.time_to_repair". The value is YAML flow text, so
 * "{dist: fixed, value: 2h}" works too. */
typedef struct os_override {
    const char *key;
    const char *value;
} os_override;

/* Loads, applies the overrides in order, and validates. On error returns a negative status,
 * sets *out to NULL and fills err with file:line:column (for an override: file is "--set KEY"). */
OS_API int os_scenario_load(const char *path, const os_override *sets, size_t n_sets,
                            os_scenario **out, os_error *err);

/* The same from a buffer; name is used in messages and as the default scenario name. */
OS_API int os_scenario_load_buffer(const char *name, const char *data, size_t size,
                                   const os_override *sets, size_t n_sets, os_scenario **out,
                                   os_error *err);

OS_API void os_scenario_free(os_scenario *sc);

/* Splits "KEY=VALUE" in place-independent fashion; returns 0 or -1 when there is no '='. */
OS_API int os_override_parse(const char *arg, char **key, char **value);

/* Region lookup by display or short name ("West Europe" == "westeurope"); -1 when absent. */
OS_API int os_scenario_find_region(const os_scenario *sc, const char *name);

/* Normalises a region name into out: lower-case, spaces removed. */
OS_API void os_region_key(const char *name, char *out, size_t size);

/* The built-in directed pair (SPEC §1.2) of a region key, or NULL. Returns the display name. */
OS_API const char *os_builtin_pair(const char *region_key);

/* Levenshtein distance, used for "did you mean". */
OS_API size_t os_edit_distance(const char *a, const char *b);

/* The candidate nearest to word, or NULL when none is close (distance > max(2, len/3)). */
OS_API const char *os_nearest(const char *word, const char *const *candidates, size_t n);

#endif
