/* scenario.c — the strict scenario loader (SPEC §2, §5.1, §5.3, §5.4): turns the checked YAML
 * document into an os_scenario with every name resolved to an index and every default applied,
 * and rejects anything unknown, mistyped, out of range or undefined with file:line:column.
 *
 * Not here: YAML mechanics and typed readers (yamltree.c, yamlvalue.c), settings and events
 * (scenario_sections.c), the failure model and service connector (scenario_failures.c), the
 * trace CSV (trace.c), simulation. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_internal.h"
#include "util/warnings.h"

/* --- names ---------------------------------------------------------------------------------- */

struct nix_entry {
    const char *s;
    size_t i;
};

static int nix_cmp(const void *a, const void *b)
{
    const struct nix_entry *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    if (c)
        return c;
    return x->i < y->i ? -1 : x->i > y->i;
}

int ld_nix_build(ld_nix *x, const char *const *names, size_t n)
{
    x->n = n;
    x->v = malloc((n ? n : 1) * sizeof *x->v);
    if (!x->v)
        return OS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        x->v[i] = (struct nix_entry){names[i], i};
    qsort(x->v, n, sizeof *x->v, nix_cmp);
    return OS_OK;
}

long ld_nix_find(const ld_nix *x, const char *s)
{
    size_t lo = 0, hi = x->n;
    while (lo < hi) { /* the first entry not below s */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(x->v[mid].s, s) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->n && !strcmp(x->v[lo].s, s) ? (long)x->v[lo].i : -1;
}

bool ld_nix_duplicate(const ld_nix *x, size_t *first, size_t *second)
{
    bool found = false;
    for (size_t k = 1; k < x->n; k++) {
        if (strcmp(x->v[k].s, x->v[k - 1].s) || (k >= 2 && !strcmp(x->v[k - 1].s, x->v[k - 2].s)))
            continue;
        if (!found || x->v[k].i < *second) {
            *first = x->v[k - 1].i;
            *second = x->v[k].i;
            found = true;
        }
    }
    return found;
}

void ld_nix_free(ld_nix *x)
{
    free(x->v);
    x->v = NULL;
}

/* Reports "no NOUN named 'x' (did you mean 'y'?)" at node id. */
int ld_undefined(ld *L, int id, const char *path, const char *noun, const char *word,
                 const char *const *names, size_t n)
{
    const char *near = os_nearest(word, names, n);
    if (near)
        return yt_fail(&L->t, id, path, OS_ERR_INPUT, "no %s named '%s' (did you mean '%s'?)", noun,
                       word, near);
    return yt_fail(&L->t, id, path, OS_ERR_INPUT, "no %s named '%s'", noun, word);
}

int ld_region_ref(ld *L, int id, const char *path, int *out)
{
    const char *s = NULL;
    char key[256];
    int rc = yt_string(&L->t, id, path, &s);
    if (rc < 0)
        return rc;
    os_region_key(s, key, sizeof key);
    long i = ld_nix_find(&L->region_ix, key);
    if (i < 0)
        return ld_undefined(L, id, path, "region", s, (const char *const *)L->region_names,
                            L->sc->n_regions);
    *out = (int)i;
    return OS_OK;
}

/* A zone number of region r: 1..zones. */
int ld_zone(ld *L, int id, const char *path, int r, int *out)
{
    long long z;
    int rc = yt_int(&L->t, id, path, -1000000, 1000000, &z);
    if (rc < 0)
        return rc;
    const os_region *reg = &L->sc->regions[r];
    if (z < 1 || z > reg->zones)
        return yt_fail(&L->t, id, path, OS_ERR_INPUT,
                       "expected a zone from 1 to %d (the zones of region '%s'), got '%lld'",
                       reg->zones, reg->name, z);
    *out = (int)z;
    return OS_OK;
}

/* The first control character of s (C0, DEL, or a UTF-8 encoded C1 such as U+009B, the
 * one-byte CSI): its code, or -1 when none. Names are printed to terminals, where an escape
 * sequence would rewrite the screen; a description may hold line breaks and tabs. */
static int control_char(const char *s, bool text)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (text && (*p == '\n' || *p == '\t'))
            continue;
        if (*p < 0x20 || *p == 0x7f)
            return *p;
        if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            return p[1];
    }
    return -1;
}

int ld_strdup(ld *L, int id, const char *path, const char *s, char **out)
{
    *out = NULL;
    int c = control_char(s, path && !strcmp(path, "description"));
    if (c >= 0)
        return yt_fail(&L->t, id, path, OS_ERR_INPUT,
                       "control character U+%04X in a name: names are printed to terminals, "
                       "where it could forge output; use printable characters",
                       (unsigned)c);
    *out = strdup(s);
    if (!*out)
        return yt_fail(&L->t, id, path, OS_ERR_NOMEM, "out of memory");
    return OS_OK;
}

/* Reports the first repeated name of a section at its second occurrence. */
int ld_unique(ld *L, const ld_nix *x, const int *name_nodes, const char *section, const char *noun)
{
    size_t first, second;
    if (!ld_nix_duplicate(x, &first, &second))
        return OS_OK;
    char p[YT_PATH], pi[YT_PATH];
    yt_path(p, sizeof p, yt_path_index(pi, sizeof pi, section, second), "name");
    os_mark m = yt_mark(&L->t, name_nodes[first]);
    const char *s = yt_scalar(&L->t, name_nodes[second]);
    const char *f = yt_scalar(&L->t, name_nodes[first]);
    char same[300] = "";
    if (strcmp(s, f))
        snprintf(same, sizeof same, " (same as '%.200s')", f);
    if (m.line > 0)
        return yt_fail(&L->t, name_nodes[second], p, OS_ERR_INPUT,
                       "duplicate %s name '%s'%s (first at line %d)", noun, s, same, m.line);
    return yt_fail(&L->t, name_nodes[second], p, OS_ERR_INPUT, "duplicate %s name '%s'%s", noun, s,
                   same);
}

/* Opens sequence section id of at most limit items, each to be parsed by the caller. */
int ld_section_len(ld *L, int id, const char *section, const char *noun, size_t limit, size_t *n)
{
    int rc = yt_sequence(&L->t, id, section, n);
    if (rc < 0)
        return rc;
    if (*n == 0)
        return yt_fail(&L->t, id, section, OS_ERR_INPUT, "must list at least one %s", noun);
    if (*n > limit)
        return yt_fail(&L->t, id, section, OS_ERR_LIMIT, "too many items: %zu (the limit is %zu)",
                       *n, limit);
    return OS_OK;
}

/* --- topology ------------------------------------------------------------------------------- */

static int load_regions(ld *L, int id)
{
    static const char *const keys[] = {"name", "zones", "pair", "failures"};
    os_scenario *sc = L->sc;
    yt *t = &L->t;
    size_t n = 0;
    char pi[YT_PATH], p[YT_PATH];
    int rc = ld_section_len(L, id, "regions", "region", OS_MAX_REGIONS, &n);
    if (rc < 0)
        return rc;
    sc->regions = calloc(n, sizeof *sc->regions);
    L->region_names = calloc(n, sizeof *L->region_names);
    L->region_nodes = calloc(n, sizeof *L->region_nodes);
    L->region_pair_nodes = calloc(n, sizeof *L->region_pair_nodes);
    L->region_failures = calloc(n, sizeof *L->region_failures);
    if (!sc->regions || !L->region_names || !L->region_nodes || !L->region_pair_nodes ||
        !L->region_failures)
        return yt_fail(t, id, "regions", OS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int item = yt_item(t, id, i);
        yt_field f[4];
        os_region *r = &sc->regions[i];
        const char *name = NULL;
        yt_path_index(pi, sizeof pi, "regions", i);
        r->pair = -1;
        r->zones = 3;
        r->mark = yt_mark(t, item);
        sc->n_regions = i + 1;
        if ((rc = yt_mapping(t, item, pi, keys, 4, f)) < 0 ||
            (rc = yt_require(t, item, pi, &f[0], "name")) < 0 ||
            (rc = yt_string(t, f[0].value, yt_path(p, sizeof p, pi, "name"), &name)) < 0 ||
            (rc = ld_strdup(L, f[0].value, p, name, &r->name)) < 0)
            return rc;
        char key[256];
        os_region_key(name, key, sizeof key);
        if ((rc = ld_strdup(L, f[0].value, p, key, &r->key)) < 0)
            return rc;
        L->region_names[i] = r->name;
        L->region_nodes[i] = f[0].value;
        if (f[1].value) {
            long long z;
            if ((rc = yt_int(t, f[1].value, yt_path(p, sizeof p, pi, "zones"), 1, OS_MAX_ZONES,
                             &z)) < 0)
                return rc;
            r->zones = (int)z;
        }
        L->region_pair_nodes[i] = f[2].value;
        L->region_failures[i] = f[3].value;
    }
    const char **keys_v = malloc(n * sizeof *keys_v);
    if (!keys_v)
        return yt_fail(t, id, "regions", OS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        keys_v[i] = sc->regions[i].key;
    rc = ld_nix_build(&L->region_ix, keys_v, n);
    free(keys_v);
    if (rc < 0)
        return yt_fail(t, id, "regions", rc, "out of memory");
    if ((rc = ld_unique(L, &L->region_ix, L->region_nodes, "regions", "region")) < 0)
        return rc;
    /* Pairs: as written, else the built-in table when its secondary is in the scenario. */
    int first_zone = 0;
    for (size_t i = 0; i < n; i++) {
        os_region *r = &sc->regions[i];
        r->first_zone = first_zone;
        first_zone += r->zones;
        yt_path(p, sizeof p, yt_path_index(pi, sizeof pi, "regions", i), "pair");
        if (L->region_pair_nodes[i]) {
            int pr;
            if ((rc = ld_region_ref(L, L->region_pair_nodes[i], p, &pr)) < 0)
                return rc;
            if ((size_t)pr == i)
                return yt_fail(t, L->region_pair_nodes[i], p, OS_ERR_INPUT,
                               "a region cannot be its own pair");
            r->pair = pr;
            if ((rc = ld_strdup(L, L->region_pair_nodes[i], p, sc->regions[pr].name,
                                &r->pair_name)) < 0)
                return rc;
        } else {
            const char *b = os_builtin_pair(r->key);
            if (b) {
                char key[256];
                os_region_key(b, key, sizeof key);
                r->pair = (int)ld_nix_find(&L->region_ix, key);
                if ((rc = ld_strdup(L, L->region_nodes[i], p, b, &r->pair_name)) < 0)
                    return rc;
            }
        }
    }
    sc->n_zones = first_zone;
    return OS_OK;
}

static int load_computes(ld *L, int id)
{
    static const char *const keys[] = {"name",
                                       "kind",
                                       "region",
                                       "zone_redundant",
                                       "zone",
                                       "instances",
                                       "required_instances",
                                       "relocate_on_zone_loss",
                                       "cost"};
    static const char *const kinds[] = {"app-service", "container-apps", "spring-apps"};
    os_scenario *sc = L->sc;
    yt *t = &L->t;
    size_t n = 0;
    long long total = 0;
    char pi[YT_PATH], p[YT_PATH];
    int rc = ld_section_len(L, id, "computes", "compute", OS_MAX_ENTITIES, &n);
    if (rc < 0)
        return rc;
    sc->computes = calloc(n, sizeof *sc->computes);
    L->compute_nodes = calloc(n, sizeof *L->compute_nodes);
    if (!sc->computes || !L->compute_nodes)
        return yt_fail(t, id, "computes", OS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int item = yt_item(t, id, i), kind = 0;
        yt_field f[9];
        os_compute *c = &sc->computes[i];
        const char *name = NULL;
        long long v;
        yt_path_index(pi, sizeof pi, "computes", i);
        c->mark = yt_mark(t, item);
        c->zone = 1;
        c->instances = 1;
        sc->n_computes = i + 1;
        if ((rc = yt_mapping(t, item, pi, keys, 9, f)) < 0 ||
            (rc = yt_require(t, item, pi, &f[0], "name")) < 0 ||
            (rc = yt_require(t, item, pi, &f[1], "kind")) < 0 ||
            (rc = yt_require(t, item, pi, &f[2], "region")) < 0 ||
            (rc = yt_string(t, f[0].value, yt_path(p, sizeof p, pi, "name"), &name)) < 0 ||
            (rc = ld_strdup(L, f[0].value, p, name, &c->name)) < 0 ||
            (rc = yt_enum(t, f[1].value, yt_path(p, sizeof p, pi, "kind"), kinds, 3, &kind)) < 0 ||
            (rc = ld_region_ref(L, f[2].value, yt_path(p, sizeof p, pi, "region"), &c->region)) < 0)
            return rc;
        L->compute_nodes[i] = f[0].value;
        c->kind = kind == 0 ? OS_APP_SERVICE : kind == 1 ? OS_CONTAINER_APPS : OS_SPRING_APPS;
        if (f[3].value && (rc = yt_bool(t, f[3].value, yt_path(p, sizeof p, pi, "zone_redundant"),
                                        &c->zone_redundant)) < 0)
            return rc;
        if (f[4].value && (rc = ld_zone(L, f[4].value, yt_path(p, sizeof p, pi, "zone"), c->region,
                                        &c->zone)) < 0)
            return rc;
        if (f[5].value) {
            if ((rc = yt_int(t, f[5].value, yt_path(p, sizeof p, pi, "instances"), 0,
                             OS_MAX_INSTANCES, &v)) < 0)
                return rc;
            c->instances = (int)v;
        }
        total += c->instances;
        if (total > OS_MAX_INSTANCES)
            return yt_fail(t, f[5].value ? f[5].value : item, f[5].value ? p : pi, OS_ERR_LIMIT,
                           "too many instances in total (the limit is %d)", OS_MAX_INSTANCES);
        if (f[6].value) {
            if ((rc = yt_int(t, f[6].value, yt_path(p, sizeof p, pi, "required_instances"), 1,
                             OS_MAX_INSTANCES, &v)) < 0)
                return rc;
            if (v > c->instances)
                return yt_fail(t, f[6].value, p, OS_ERR_INPUT,
                               "must not exceed instances (%d), got '%lld'", c->instances, v);
            c->required_instances = (int)v;
        }
        if (f[7].value &&
            (rc = yt_bool(t, f[7].value, yt_path(p, sizeof p, pi, "relocate_on_zone_loss"),
                          &c->relocate)) < 0)
            return rc;
        if (f[8].value &&
            (rc = ld_compute_cost(L, f[8].value, yt_path(p, sizeof p, pi, "cost"), &c->cost)) < 0)
            return rc;
    }
    const char **names = malloc(n * sizeof *names);
    if (!names)
        return yt_fail(t, id, "computes", OS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        names[i] = sc->computes[i].name;
    rc = ld_nix_build(&L->compute_ix, names, n);
    free(names);
    if (rc < 0)
        return yt_fail(t, id, "computes", rc, "out of memory");
    return ld_unique(L, &L->compute_ix, L->compute_nodes, "computes", "compute");
}

static int load_targets(ld *L, int id)
{
    static const char *const keys[] = {"name",           "kind", "region",
                                       "zone_redundant", "zone", "geo_replica", "cost"};
    os_scenario *sc = L->sc;
    yt *t = &L->t;
    size_t n = 0;
    char pi[YT_PATH], p[YT_PATH];
    int rc = ld_section_len(L, id, "targets", "target", OS_MAX_ENTITIES, &n);
    if (rc < 0)
        return rc;
    sc->targets = calloc(n, sizeof *sc->targets);
    L->target_nodes = calloc(n, sizeof *L->target_nodes);
    if (!sc->targets || !L->target_nodes)
        return yt_fail(t, id, "targets", OS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int item = yt_item(t, id, i);
        yt_field f[7];
        os_target *g = &sc->targets[i];
        const char *name = NULL, *kind = NULL;
        yt_path_index(pi, sizeof pi, "targets", i);
        g->mark = yt_mark(t, item);
        g->zone = 1;
        sc->n_targets = i + 1;
        if ((rc = yt_mapping(t, item, pi, keys, 7, f)) < 0 ||
            (rc = yt_require(t, item, pi, &f[0], "name")) < 0 ||
            (rc = yt_require(t, item, pi, &f[1], "kind")) < 0 ||
            (rc = yt_require(t, item, pi, &f[2], "region")) < 0 ||
            (rc = yt_string(t, f[0].value, yt_path(p, sizeof p, pi, "name"), &name)) < 0 ||
            (rc = ld_strdup(L, f[0].value, p, name, &g->name)) < 0 ||
            (rc = yt_string(t, f[1].value, yt_path(p, sizeof p, pi, "kind"), &kind)) < 0 ||
            (rc = ld_strdup(L, f[1].value, p, kind, &g->kind)) < 0 ||
            (rc = ld_region_ref(L, f[2].value, yt_path(p, sizeof p, pi, "region"), &g->region)) < 0)
            return rc;
        L->target_nodes[i] = f[0].value;
        if (f[3].value && (rc = yt_bool(t, f[3].value, yt_path(p, sizeof p, pi, "zone_redundant"),
                                        &g->zone_redundant)) < 0)
            return rc;
        if (f[4].value && (rc = ld_zone(L, f[4].value, yt_path(p, sizeof p, pi, "zone"), g->region,
                                        &g->zone)) < 0)
            return rc;
        if (f[5].value &&
            (rc = ld_geo_replica(L, f[5].value, yt_path(p, sizeof p, pi, "geo_replica"), g)) < 0)
            return rc;
        if (f[6].value &&
            (rc = ld_cost_rate(L, f[6].value, yt_path(p, sizeof p, pi, "cost"), &g->cost)) < 0)
            return rc;
    }
    const char **names = malloc(n * sizeof *names);
    if (!names)
        return yt_fail(t, id, "targets", OS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        names[i] = sc->targets[i].name;
    rc = ld_nix_build(&L->target_ix, names, n);
    free(names);
    if (rc < 0)
        return yt_fail(t, id, "targets", rc, "out of memory");
    return ld_unique(L, &L->target_ix, L->target_nodes, "targets", "target");
}

/* Resolves a compute or target name through its index. */
static int named_ref(ld *L, int id, const char *path, const ld_nix *ix, const char *noun,
                     const char *const *names, size_t n, int *out)
{
    const char *s = NULL;
    int rc = yt_string(&L->t, id, path, &s);
    if (rc < 0)
        return rc;
    long i = ld_nix_find(ix, s);
    if (i < 0)
        return ld_undefined(L, id, path, noun, s, names, n);
    *out = (int)i;
    return OS_OK;
}

static int load_connections(ld *L, int id)
{
    static const char *const keys[] = {"name", "compute", "target"};
    os_scenario *sc = L->sc;
    yt *t = &L->t;
    size_t n = 0;
    char pi[YT_PATH], p[YT_PATH];
    const char **cnames = NULL, **tnames = NULL, **names = NULL;
    int *nodes = NULL;
    ld_nix ix = {0};
    int rc = ld_section_len(L, id, "connections", "connection", OS_MAX_ENTITIES, &n);
    if (rc < 0)
        return rc;
    sc->connections = calloc(n, sizeof *sc->connections);
    cnames = malloc(sc->n_computes * sizeof *cnames);
    tnames = malloc(sc->n_targets * sizeof *tnames);
    names = malloc(n * sizeof *names);
    nodes = malloc(n * sizeof *nodes);
    if (!sc->connections || !cnames || !tnames || !names || !nodes) {
        rc = yt_fail(t, id, "connections", OS_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < sc->n_computes; i++)
        cnames[i] = sc->computes[i].name;
    for (size_t i = 0; i < sc->n_targets; i++)
        tnames[i] = sc->targets[i].name;
    for (size_t i = 0; i < n; i++) {
        int item = yt_item(t, id, i);
        yt_field f[3];
        os_connection *c = &sc->connections[i];
        const char *name = NULL;
        yt_path_index(pi, sizeof pi, "connections", i);
        c->mark = yt_mark(t, item);
        sc->n_connections = i + 1;
        if ((rc = yt_mapping(t, item, pi, keys, 3, f)) < 0 ||
            (rc = yt_require(t, item, pi, &f[0], "name")) < 0 ||
            (rc = yt_require(t, item, pi, &f[1], "compute")) < 0 ||
            (rc = yt_require(t, item, pi, &f[2], "target")) < 0 ||
            (rc = yt_string(t, f[0].value, yt_path(p, sizeof p, pi, "name"), &name)) < 0 ||
            (rc = ld_strdup(L, f[0].value, p, name, &c->name)) < 0 ||
            (rc = named_ref(L, f[1].value, yt_path(p, sizeof p, pi, "compute"), &L->compute_ix,
                            "compute", cnames, sc->n_computes, &c->compute)) < 0 ||
            (rc = named_ref(L, f[2].value, yt_path(p, sizeof p, pi, "target"), &L->target_ix,
                            "target", tnames, sc->n_targets, &c->target)) < 0)
            goto out;
        names[i] = c->name;
        nodes[i] = f[0].value;
    }
    if ((rc = ld_nix_build(&ix, names, n)) < 0) {
        rc = yt_fail(t, id, "connections", rc, "out of memory");
        goto out;
    }
    rc = ld_unique(L, &ix, nodes, "connections", "connection");
out:
    ld_nix_free(&ix);
    free(nodes);
    free(names);
    free(tnames);
    free(cnames);
    return rc;
}

/* --- plausibility warnings ------------------------------------------------------------------ */

int ld_warn(ld *L, int id, const char *path, const char *fmt, ...)
{
    os_error e, *saved = L->t.err;
    os_error_clear(&e);
    L->t.err = &e;
    va_list ap;
    va_start(ap, fmt);
    yt_vfail(&L->t, id, path, OS_OK, fmt, ap);
    va_end(ap);
    L->t.err = saved;
    if (os_warnings_add(&L->sc->warnings, &e) < 0)
        return yt_fail(&L->t, id, path, OS_ERR_NOMEM, "out of memory");
    return OS_OK;
}

os_ms ld_horizon(const ld *L)
{
    const os_scenario *sc = L->sc;
    return !L->horizon_set && sc->trace.mode == OS_TRACE_REPLAY ? sc->trace.span : sc->sim.horizon;
}

/* A repair process whose shortest repair reaches the horizon: every outage it starts lasts
 * until the end of the run (the rule of docs/robustness.md#warnings). */
static int warn_slow_repairs(ld *L)
{
    os_ms h = ld_horizon(L);
    for (size_t i = 0; i < L->n_slow_repairs; i++) {
        const struct ld_slow_repair *r = &L->slow_repairs[i];
        if (r->min < h)
            continue;
        char a[64], b[64];
        os_duration_format(r->min, a, sizeof a);
        os_duration_format(h, b, sizeof b);
        int rc = ld_warn(L, r->node, r->path,
                         "every repair takes at least %s, not less than the %s horizon: an "
                         "outage of this process never recovers within the run",
                         a, b);
        if (rc < 0)
            return rc;
    }
    return OS_OK;
}

/* --- the whole document --------------------------------------------------------------------- */

static void set_defaults(os_scenario *sc)
{
    sc->sim.horizon = 365 * OS_MS_DAY;
    sc->sim.seed = 1;
    sc->sim.start = OS_START_STEADY;
    sc->sim.until = OS_UNTIL_FIXED;
    sc->sim.min_replications = 30;
    sc->sim.max_replications = 1000000;
    sc->sim.batch = 100;
    sc->sla.availability = 0.999;
    sc->sla.rto = 24 * OS_MS_HOUR;
    sc->sla.rpo = 24 * OS_MS_HOUR;
    sc->sla.window = 30 * OS_MS_DAY;
    sc->platform.detection_delay = os_dist_fixed(5 * OS_MS_MINUTE);
    sc->platform.provisioning_delay = os_dist_fixed(10 * OS_MS_MINUTE);
    sc->platform.rebalance_delay = os_dist_fixed(0);
    sc->platform.surge_limit = -1;
    ld_sc_defaults(&sc->sc);
}

/* "dir/web.yaml" -> "web"; "x.yml" -> "x". */
static char *default_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 5 && !strcmp(base + len - 5, ".yaml"))
        len -= 5;
    else if (len > 4 && !strcmp(base + len - 4, ".yml"))
        len -= 4;
    return strndup(base, len);
}

static int convert(ld *L)
{
    static const char *const keys[] = {
        "name",     "description", "simulation",  "sla",      "regions",
        "computes", "targets",     "connections", "platform", "service_connector",
        "failures", "events",      "routers",     "flows",    "costs",
    };
    enum {
        NAME,
        DESCRIPTION,
        SIMULATION,
        SLA,
        REGIONS,
        COMPUTES,
        TARGETS,
        CONNECTIONS,
        PLATFORM,
        SERVICE_CONNECTOR,
        FAILURES,
        EVENTS,
        ROUTERS,
        FLOWS,
        COSTS,
        N_TOP
    };
    yt_field f[N_TOP];
    yt *t = &L->t;
    os_scenario *sc = L->sc;
    int root = yt_root(t), rc;
    const char *s = NULL;
    if ((rc = yt_mapping(t, root, NULL, keys, N_TOP, f)) < 0)
        return rc;
    for (int k = REGIONS; k <= CONNECTIONS; k++)
        if (!f[k].value) {
            int o = yt_removed_by(t, root, keys[k]);
            if (o >= 0)
                return yt_fail_override(t, (size_t)o, keys[k]);
            return yt_fail(t, root, NULL, OS_ERR_INPUT, "missing required section '%s'", keys[k]);
        }
    if (f[NAME].value) {
        if ((rc = yt_string(t, f[NAME].value, "name", &s)) < 0 ||
            (rc = ld_strdup(L, f[NAME].value, "name", s, &sc->name)) < 0)
            return rc;
    } else if (!(sc->name = default_name(L->t.name))) {
        return yt_fail(t, root, NULL, OS_ERR_NOMEM, "out of memory");
    }
    if (f[DESCRIPTION].value &&
        ((rc = yt_text(t, f[DESCRIPTION].value, "description", &s)) < 0 ||
         (rc = ld_strdup(L, f[DESCRIPTION].value, "description", s, &sc->description)) < 0))
        return rc;
    if ((f[SIMULATION].value && (rc = ld_simulation(L, f[SIMULATION].value)) < 0) ||
        (f[SLA].value && (rc = ld_sla(L, f[SLA].value)) < 0) ||
        (rc = load_regions(L, f[REGIONS].value)) < 0 ||
        (rc = load_computes(L, f[COMPUTES].value)) < 0 ||
        (rc = load_targets(L, f[TARGETS].value)) < 0 ||
        (rc = load_connections(L, f[CONNECTIONS].value)) < 0 ||
        (rc = ld_apps(L, f[ROUTERS].value, f[FLOWS].value)) < 0 ||
        (f[PLATFORM].value && (rc = ld_platform(L, f[PLATFORM].value)) < 0) ||
        (rc = ld_failures(L, f[FAILURES].value)) < 0 ||
        (f[SERVICE_CONNECTOR].value &&
         (rc = ld_service_connector(L, f[SERVICE_CONNECTOR].value)) < 0) ||
        (f[EVENTS].value && (rc = ld_events(L, f[EVENTS].value)) < 0) ||
        (f[COSTS].value && (rc = ld_costs(L, f[COSTS].value)) < 0) || (rc = ld_costs_finish(L)) < 0)
        return rc;
    /* Defaults that depend on the rest (SPEC §2, §5.4). */
    if (!L->replications_set)
        sc->sim.replications = sc->has_failures ? 1000 : 1;
    if (!L->horizon_set && sc->trace.mode == OS_TRACE_REPLAY)
        sc->sim.horizon = sc->trace.span;
    return warn_slow_repairs(L);
}

static void ld_free(ld *L)
{
    ld_nix_free(&L->region_ix);
    ld_nix_free(&L->compute_ix);
    ld_nix_free(&L->target_ix);
    ld_nix_free(&L->group_ix);
    free(L->region_names);
    free(L->region_nodes);
    free(L->region_pair_nodes);
    free(L->region_failures);
    free(L->compute_nodes);
    free(L->target_nodes);
    free(L->slow_repairs);
    yt_free(&L->t);
}

int os_scenario_load_buffer(const char *name, const char *data, size_t size,
                            const os_override *sets, size_t n_sets, os_scenario **out,
                            os_error *err)
{
    os_init();
    ld L;
    memset(&L, 0, sizeof L);
    os_error_clear(err);
    *out = NULL;
    if (!name)
        name = "<scenario>";
    if (!data) /* libyaml wants a pointer even for nothing */
        data = "";
    int rc;
    os_scenario *sc = calloc(1, sizeof *sc);
    if (!sc)
        return os_error_set(err, OS_ERR_NOMEM, name, 0, 0, "out of memory");
    set_defaults(sc);
    L.sc = sc;
    L.err = err;
    if (!(sc->path = strdup(name))) {
        rc = os_error_set(err, OS_ERR_NOMEM, name, 0, 0, "out of memory");
        goto out;
    }
    if (size > OS_MAX_FILE_BYTES) {
        rc = os_error_set(err, OS_ERR_LIMIT, name, 1, 1,
                          "file too large: %zu bytes (the limit is %u)", size, OS_MAX_FILE_BYTES);
        goto out;
    }
    if ((rc = yt_load(&L.t, name, data, size, err)) < 0 ||
        (rc = yt_apply_overrides(&L.t, sets, n_sets)) < 0 || (rc = convert(&L)) < 0)
        goto out;
    *out = sc;
    sc = NULL;
out:
    ld_free(&L);
    os_scenario_free(sc);
    return rc;
}

int os_scenario_load(const char *path, const os_override *sets, size_t n_sets, os_scenario **out,
                     os_error *err)
{
    char *data = NULL;
    size_t size = 0;
    os_error_clear(err);
    *out = NULL;
    int rc = yt_read_file(path, OS_MAX_FILE_BYTES, &data, &size, err);
    if (rc == OS_OK)
        rc = os_scenario_load_buffer(path, data, size, sets, n_sets, out, err);
    free(data);
    return rc;
}

void os_scenario_free(os_scenario *sc)
{
    if (!sc)
        return;
    os_warnings_free(&sc->warnings);
    for (size_t i = 0; i < sc->n_regions; i++) {
        os_region *r = &sc->regions[i];
        free(r->name);
        free(r->key);
        free(r->pair_name);
        os_dist_clear(&r->zone_proc.ttf);
        os_dist_clear(&r->zone_proc.ttr);
        os_dist_clear(&r->region_proc.ttf);
        os_dist_clear(&r->region_proc.ttr);
        os_dist_clear(&r->instance_proc.ttf);
        os_dist_clear(&r->instance_proc.ttr);
    }
    free(sc->regions);
    free(sc->costs.currency);
    free(sc->sla.tiers);
    for (size_t i = 0; i < sc->n_computes; i++)
        free(sc->computes[i].name);
    free(sc->computes);
    for (size_t i = 0; i < sc->n_targets; i++) {
        free(sc->targets[i].name);
        free(sc->targets[i].kind);
        ld_geo_free(sc->targets[i].geo);
    }
    free(sc->targets);
    for (size_t i = 0; i < sc->n_connections; i++)
        free(sc->connections[i].name);
    free(sc->connections);
    os_dist_clear(&sc->platform.detection_delay);
    os_dist_clear(&sc->platform.provisioning_delay);
    os_dist_clear(&sc->platform.rebalance_delay);
    ld_sc_clear(&sc->sc);
    for (size_t i = 0; i < sc->n_groups; i++) {
        free(sc->groups[i].name);
        free(sc->groups[i].members);
        os_dist_clear(&sc->groups[i].ttf);
        os_dist_clear(&sc->groups[i].ttr);
    }
    free(sc->groups);
    free(sc->trace.file);
    free(sc->trace.outages);
    for (size_t i = 0; i < sc->n_events; i++)
        os_dist_clear(&sc->events[i].duration);
    free(sc->events);
    ld_apps_free(sc);
    free(sc->path);
    free(sc->name);
    free(sc->description);
    free(sc);
}

int os_override_parse(const char *arg, char **key, char **value)
{
    *key = *value = NULL;
    const char *eq = arg ? strchr(arg, '=') : NULL;
    if (!eq)
        return -1;
    *key = strndup(arg, (size_t)(eq - arg));
    *value = strdup(eq + 1);
    if (!*key || !*value) {
        free(*key);
        free(*value);
        *key = *value = NULL;
        return -1;
    }
    return 0;
}

int os_scenario_find_region(const os_scenario *sc, const char *name)
{
    char key[256], have[256];
    if (!sc || !name)
        return -1;
    os_region_key(name, key, sizeof key);
    for (size_t i = 0; i < sc->n_regions; i++) {
        os_region_key(sc->regions[i].name, have, sizeof have);
        if (!strcmp(key, have))
            return (int)i;
    }
    return -1;
}
