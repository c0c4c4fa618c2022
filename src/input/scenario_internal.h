/* scenario_internal.h — internal: the loader's working state shared by scenario.c (topology and
 * the public API), scenario_sections.c (simulation, sla, platform, events) and
 * scenario_failures.c (failure processes, common causes, trace, the service connector). */
#ifndef OUTAGESIM_SCENARIO_INTERNAL_H
#define OUTAGESIM_SCENARIO_INTERNAL_H

#include "outagesim/scenario.h"
#include "yamltree.h"

/* A sorted name index: lookups and duplicate detection in O(n log n). */
typedef struct ld_nix {
    struct nix_entry *v;
    size_t n;
} ld_nix;

/* A failure process whose repairs all take at least min (its time_to_repair at node). */
struct ld_slow_repair {
    int node;
    char path[YT_PATH];
    os_ms min; /* the shortest repair the process can draw */
};

typedef struct ld {
    yt t;
    os_scenario *sc;
    os_error *err;
    bool horizon_set, replications_set;
    ld_nix region_ix, compute_ix, target_ix, group_ix; /* regions by key */
    char **region_names;    /* as written, for did-you-mean (owned by sc) */
    int *region_nodes;      /* node of each region's name */
    int *region_pair_nodes; /* node of each region's pair, 0 when absent */
    int *region_failures;   /* node of each region's failures override, 0 when absent */
    int *compute_nodes, *target_nodes;
    /* Repair processes whose every draw is at least some time: checked against the horizon
     * once it is final (the end of convert), for the "never recovers" warning. */
    struct ld_slow_repair *slow_repairs;
    size_t n_slow_repairs;
} ld;

int ld_nix_build(ld_nix *x, const char *const *names, size_t n);
long ld_nix_find(const ld_nix *x, const char *s);
bool ld_nix_duplicate(const ld_nix *x, size_t *first, size_t *second);
void ld_nix_free(ld_nix *x);

int ld_undefined(ld *L, int id, const char *path, const char *noun, const char *word,
                 const char *const *names, size_t n);
int ld_region_ref(ld *L, int id, const char *path, int *out);
int ld_zone(ld *L, int id, const char *path, int region, int *out);
int ld_strdup(ld *L, int id, const char *path, const char *s, char **out);
int ld_unique(ld *L, const ld_nix *x, const int *name_nodes, const char *section, const char *noun);

/* A plausibility warning at node id, located as yt_fail locates an error (never an error
 * itself: 0, or OS_ERR_NOMEM with L->err filled). */
int ld_warn(ld *L, int id, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The horizon as the run will use it: simulation.horizon, or a replayed trace's span when no
 * horizon is given. Valid once the failures section is loaded. */
os_ms ld_horizon(const ld *L);

/* A non-empty sequence section of at most limit items; *n is its length. */
int ld_section_len(ld *L, int id, const char *section, const char *noun, size_t limit, size_t *n);

/* scenario_sections.c */
int ld_simulation(ld *L, int id);
int ld_sla(ld *L, int id);
int ld_platform(ld *L, int id);
int ld_events(ld *L, int id); /* after regions and common-cause groups */

/* scenario_apps.c: routers and flows (after connections and sla) */
int ld_apps(ld *L, int routers_id, int flows_id);
void ld_apps_free(os_scenario *sc);

/* scenario_failures.c */
/* The shortest draw of d in whole ms (0 for distributions that start at 0). */
os_ms ld_dist_min(const os_dist *d);
void ld_sc_defaults(os_service_connector *c);
void ld_sc_clear(os_service_connector *c);
/* Top-level failures (id may be 0: none) and each region's override; sets has_failures. */
int ld_failures(ld *L, int id);
int ld_service_connector(ld *L, int id);

/* scenario_geo.c */
/* The geo_replica mapping id of target tg (SPEC §6.2); counts it in sc->n_geo_targets. */
int ld_geo_replica(ld *L, int id, const char *path, os_target *tg);
void ld_geo_free(os_geo_replica *g); /* accepts NULL */

/* scenario_costs.c (SPEC §6.4); each `cost` and the `costs` section set sc->costs.enabled */
int ld_cost_rate(ld *L, int id, const char *path, os_rate *out); /* "1200/month" or {month: 1200} */
int ld_compute_cost(ld *L, int id, const char *path, os_rate *out); /* {instance: RATE} */
int ld_costs(ld *L, int id);
int ld_credits(ld *L, int id, const char *path); /* sla.credits */
int ld_costs_finish(ld *L);                      /* the default currency */

#endif
