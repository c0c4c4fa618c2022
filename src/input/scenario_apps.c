/* scenario_apps.c — routers (SPEC §6.1) and critical flows (§6.3): names unique across
 * connections, routers and flows; backends and flow members resolved to (kind, index)
 * references; dependency cycles rejected with the cycle named; the dependency order in which
 * the simulator evaluates routers and flows computed once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_internal.h"

const char *os_entity_kind_str(enum os_entity_kind k)
{
    return k == OS_ENTITY_ROUTER ? "router" : k == OS_ENTITY_FLOW ? "flow" : "connection";
}

const char *os_flow_op_str(enum os_flow_op op)
{
    return op == OS_FLOW_ANY ? "any" : op == OS_FLOW_K_OF_N ? "k_of_n" : "all";
}

os_ref os_entity_ref(const os_scenario *sc, size_t e)
{
    if (e < sc->n_connections)
        return (os_ref){OS_ENTITY_CONNECTION, (int)e};
    e -= sc->n_connections;
    if (e < sc->n_routers)
        return (os_ref){OS_ENTITY_ROUTER, (int)e};
    return (os_ref){OS_ENTITY_FLOW, (int)(e - sc->n_routers)};
}

const char *os_entity_name(const os_scenario *sc, os_ref r)
{
    switch (r.kind) {
    case OS_ENTITY_ROUTER:
        return sc->routers[r.index].name;
    case OS_ENTITY_FLOW:
        return sc->flows[r.index].name;
    default:
        return sc->connections[r.index].name;
    }
}

/* --- names ---------------------------------------------------------------------------------- */

/* The loader's view of every entity name, by global entity id. */
typedef struct names {
    const char **v; /* by entity id */
    int *node;      /* name node (0 for connections: their mark is used) */
    size_t n;
    ld_nix ix;
} names;

static void names_free(names *nm)
{
    free(nm->v);
    free(nm->node);
    ld_nix_free(&nm->ix);
}

/* Reads the name of each item of section id (routers or flows) into nm from entity first. */
static int read_names(ld *L, int id, const char *section, size_t n, size_t first, names *nm)
{
    char pi[YT_PATH], p[YT_PATH];
    for (size_t i = 0; i < n; i++) {
        int item = yt_item(&L->t, id, i);
        yt_path_index(pi, sizeof pi, section, i);
        yaml_node_t *node = yt_node(&L->t, item);
        if (!node || node->type != YAML_MAPPING_NODE) {
            char d[64];
            return yt_fail(&L->t, item, pi, OS_ERR_INPUT, "expected a mapping, got %s",
                           yt_describe(&L->t, item, d, sizeof d));
        }
        int name_node = 0;
        for (yaml_node_pair_t *pr = node->data.mapping.pairs.start;
             pr < node->data.mapping.pairs.top; pr++) {
            const char *k = yt_scalar(&L->t, pr->key);
            if (k && !strcmp(k, "name"))
                name_node = pr->value;
        }
        if (!name_node)
            return yt_fail(&L->t, item, pi, OS_ERR_INPUT, "missing required key 'name'");
        const char *s = NULL;
        int rc = yt_string(&L->t, name_node, yt_path(p, sizeof p, pi, "name"), &s);
        if (rc < 0)
            return rc;
        nm->v[first + i] = s;
        nm->node[first + i] = name_node;
    }
    return OS_OK;
}

/* Duplicate names: within a section as for any section, then across kinds. */
static int check_names(ld *L, names *nm)
{
    const os_scenario *sc = L->sc;
    size_t nc = sc->n_connections, nr = sc->n_routers, nf = sc->n_flows;
    ld_nix sec = {0};
    int rc = OS_OK;
    const char *sections[] = {"routers", "flows"}, *nouns[] = {"router", "flow"};
    size_t from[] = {nc, nc + nr}, len[] = {nr, nf};
    for (int k = 0; k < 2 && rc == OS_OK; k++) {
        if (len[k] == 0)
            continue;
        if (ld_nix_build(&sec, nm->v + from[k], len[k]) < 0)
            return yt_fail(&L->t, yt_root(&L->t), sections[k], OS_ERR_NOMEM, "out of memory");
        rc = ld_unique(L, &sec, nm->node + from[k], sections[k], nouns[k]);
        ld_nix_free(&sec);
    }
    if (rc < 0)
        return rc;
    if (ld_nix_build(&nm->ix, nm->v, nm->n) < 0)
        return yt_fail(&L->t, yt_root(&L->t), NULL, OS_ERR_NOMEM, "out of memory");
    size_t first, second;
    if (!ld_nix_duplicate(&nm->ix, &first, &second))
        return OS_OK;
    os_ref a = os_entity_ref(sc, first), b = os_entity_ref(sc, second);
    char pi[YT_PATH], p[YT_PATH];
    yt_path(p, sizeof p,
            yt_path_index(pi, sizeof pi, b.kind == OS_ENTITY_ROUTER ? "routers" : "flows",
                          (size_t)b.index),
            "name");
    int line = a.kind == OS_ENTITY_CONNECTION ? sc->connections[a.index].mark.line
                                              : yt_mark(&L->t, nm->node[first]).line;
    return yt_fail(&L->t, nm->node[second], p, OS_ERR_INPUT,
                   "name '%s' is already used by a %s (line %d): names are unique across "
                   "connections, routers and flows",
                   nm->v[second], os_entity_kind_str(a.kind), line);
}

static int entity_ref(ld *L, const names *nm, int id, const char *path, os_ref *out)
{
    const char *s = NULL;
    int rc = yt_string(&L->t, id, path, &s);
    if (rc < 0)
        return rc;
    long e = ld_nix_find(&nm->ix, s);
    if (e < 0)
        return ld_undefined(L, id, path, "connection, router or flow", s, nm->v, nm->n);
    *out = os_entity_ref(L->sc, (size_t)e);
    return OS_OK;
}

/* --- routers -------------------------------------------------------------------------------- */

static int load_probe(ld *L, int id, const char *pi, os_router *r)
{
    static const char *const keys[] = {"interval", "failures", "offset"};
    yt_field f[3];
    char p[YT_PATH], pp[YT_PATH];
    yt_path(pp, sizeof pp, pi, "probe");
    int rc = yt_mapping(&L->t, id, pp, keys, 3, f);
    if (rc < 0)
        return rc;
    if (f[0].value) {
        if ((rc = yt_duration(&L->t, f[0].value, yt_path(p, sizeof p, pp, "interval"),
                              &r->probe_interval)) < 0)
            return rc;
        if (r->probe_interval <= 0)
            return yt_fail(&L->t, f[0].value, p, OS_ERR_INPUT, "must be positive");
    }
    long long n;
    if (f[1].value) {
        if ((rc = yt_int(&L->t, f[1].value, yt_path(p, sizeof p, pp, "failures"), 1, 1000000, &n)) <
            0)
            return rc;
        r->probe_failures = (int)n;
    }
    if (f[2].value && (rc = yt_duration(&L->t, f[2].value, yt_path(p, sizeof p, pp, "offset"),
                                        &r->probe_offset)) < 0)
        return rc;
    return OS_OK;
}

static int load_backends(ld *L, const names *nm, int id, const char *pi, os_router *r)
{
    char pb[YT_PATH], p[YT_PATH];
    size_t n = 0;
    yt_path(pb, sizeof pb, pi, "backends");
    int rc = yt_sequence(&L->t, id, pb, &n);
    if (rc < 0)
        return rc;
    if (n == 0)
        return yt_fail(&L->t, id, pb, OS_ERR_INPUT, "must list at least one backend");
    if (n > OS_MAX_BACKENDS)
        return yt_fail(&L->t, id, pb, OS_ERR_LIMIT, "too many backends: %zu (the limit is %d)", n,
                       OS_MAX_BACKENDS);
    if (!(r->backends = calloc(n, sizeof *r->backends)))
        return yt_fail(&L->t, id, pb, OS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int item = yt_item(&L->t, id, i);
        yt_path_index(p, sizeof p, pb, i);
        if ((rc = entity_ref(L, nm, item, p, &r->backends[i])) < 0)
            return rc;
        r->n_backends = i + 1;
        for (size_t j = 0; j < i; j++)
            if (r->backends[j].kind == r->backends[i].kind &&
                r->backends[j].index == r->backends[i].index)
                return yt_fail(&L->t, item, p, OS_ERR_INPUT, "backend '%s' is already listed",
                               yt_scalar(&L->t, item));
    }
    return OS_OK;
}

static int load_weights(ld *L, int id, const char *pi, os_router *r)
{
    char pw[YT_PATH], p[YT_PATH];
    size_t n = 0;
    yt_path(pw, sizeof pw, pi, "weights");
    if (r->mode != OS_ROUTER_WEIGHTED)
        return yt_fail(&L->t, id, pw, OS_ERR_INPUT,
                       "weights apply only in weighted mode (this router's mode is priority)");
    int rc = yt_sequence(&L->t, id, pw, &n);
    if (rc < 0)
        return rc;
    if (n != r->n_backends)
        return yt_fail(&L->t, id, pw, OS_ERR_INPUT,
                       "expected %zu weights (one per backend), got %zu", r->n_backends, n);
    for (size_t i = 0; i < n; i++) {
        int item = yt_item(&L->t, id, i);
        yt_path_index(p, sizeof p, pw, i);
        if ((rc = yt_number(&L->t, item, p, &r->weights[i])) < 0)
            return rc;
        if (!(r->weights[i] > 0) || r->weights[i] > 1e9)
            return yt_fail(&L->t, item, p, OS_ERR_INPUT,
                           "a weight must be positive and at most 1e9, got '%s'",
                           yt_scalar(&L->t, item));
    }
    return OS_OK;
}

static int load_router(ld *L, const names *nm, int item, size_t i)
{
    static const char *const keys[] = {"name",    "kind",  "mode",  "backends",
                                       "weights", "probe", "switch",   "cost"};
    static const char *const modes[] = {"priority", "weighted"};
    os_router *r = &L->sc->routers[i];
    yt *t = &L->t;
    yt_field f[8];
    char pi[YT_PATH], p[YT_PATH];
    const char *s = NULL;
    int rc, mode = 0;
    yt_path_index(pi, sizeof pi, "routers", i);
    r->mark = yt_mark(t, item);
    r->probe_interval = 30 * OS_MS_SECOND;
    r->probe_failures = 3;
    if ((rc = yt_mapping(t, item, pi, keys, 8, f)) < 0 ||
        (rc = ld_strdup(L, f[0].value, pi, nm->v[L->sc->n_connections + i], &r->name)) < 0 ||
        (rc = yt_require(t, item, pi, &f[3], "backends")) < 0)
        return rc;
    if (f[1].value) {
        if ((rc = yt_string(t, f[1].value, yt_path(p, sizeof p, pi, "kind"), &s)) < 0)
            return rc;
    } else {
        s = "router";
    }
    if ((rc = ld_strdup(L, item, pi, s, &r->kind)) < 0)
        return rc;
    if (f[2].value &&
        (rc = yt_enum(t, f[2].value, yt_path(p, sizeof p, pi, "mode"), modes, 2, &mode)) < 0)
        return rc;
    r->mode = (enum os_router_mode)mode;
    if ((rc = load_backends(L, nm, f[3].value, pi, r)) < 0)
        return rc;
    if (r->mode == OS_ROUTER_WEIGHTED) {
        if (!(r->weights = malloc(r->n_backends * sizeof *r->weights)))
            return yt_fail(t, item, pi, OS_ERR_NOMEM, "out of memory");
        for (size_t b = 0; b < r->n_backends; b++)
            r->weights[b] = 1;
    }
    if (f[4].value && (rc = load_weights(L, f[4].value, pi, r)) < 0)
        return rc;
    if (f[5].value && (rc = load_probe(L, f[5].value, pi, r)) < 0)
        return rc;
    if (f[6].value &&
        (rc = yt_duration(t, f[6].value, yt_path(p, sizeof p, pi, "switch"), &r->switch_lag)) < 0)
        return rc;
    if (f[7].value &&
        (rc = ld_cost_rate(L, f[7].value, yt_path(p, sizeof p, pi, "cost"), &r->cost)) < 0)
        return rc;
    return OS_OK;
}

/* --- flows ---------------------------------------------------------------------------------- */

static int add_node(ld *L, os_flow *fl, int id, const char *path, int *out)
{
    os_flow_node *nv = realloc(fl->nodes, (fl->n_nodes + 1) * sizeof *nv);
    if (!nv)
        return yt_fail(&L->t, id, path, OS_ERR_NOMEM, "out of memory");
    fl->nodes = nv;
    memset(&nv[fl->n_nodes], 0, sizeof *nv);
    nv[fl->n_nodes].mark = yt_mark(&L->t, id);
    *out = (int)fl->n_nodes++;
    return OS_OK;
}

static int load_node(ld *L, const names *nm, os_flow *fl, int id, const char *path, int *out);

/* The members of node ni: the sequence id, each a name or a nested node. */
static int load_terms(ld *L, const names *nm, os_flow *fl, int ni, int id, const char *path)
{
    size_t n = 0;
    char p[YT_PATH];
    int rc = yt_sequence(&L->t, id, path, &n);
    if (rc < 0)
        return rc;
    if (n == 0)
        return yt_fail(&L->t, id, path, OS_ERR_INPUT, "must list at least one member");
    if (n > OS_MAX_ENTITIES)
        return yt_fail(&L->t, id, path, OS_ERR_LIMIT, "too many members: %zu (the limit is %d)", n,
                       OS_MAX_ENTITIES);
    os_flow_term *terms = calloc(n, sizeof *terms);
    if (!terms)
        return yt_fail(&L->t, id, path, OS_ERR_NOMEM, "out of memory");
    fl->nodes[ni].terms = terms;
    for (size_t i = 0; i < n; i++) {
        int item = yt_item(&L->t, id, i);
        yt_path_index(p, sizeof p, path, i);
        fl->nodes[ni].n_terms = i + 1;
        fl->nodes[ni].terms[i].node = -1;
        yaml_node_t *node = yt_node(&L->t, item);
        if (node && node->type == YAML_MAPPING_NODE) {
            int child = -1;
            if ((rc = load_node(L, nm, fl, item, p, &child)) < 0)
                return rc;
            fl->nodes[ni].terms[i].node = child; /* fl->nodes may have moved: index again */
        } else if ((rc = entity_ref(L, nm, item, p, &fl->nodes[ni].terms[i].ref)) < 0) {
            return rc;
        }
    }
    return OS_OK;
}

static int load_k_of_n(ld *L, const names *nm, os_flow *fl, int ni, int id, const char *path)
{
    static const char *const keys[] = {"k", "of"};
    yt_field f[2];
    char p[YT_PATH];
    long long k;
    int rc;
    if ((rc = yt_mapping(&L->t, id, path, keys, 2, f)) < 0 ||
        (rc = yt_require(&L->t, id, path, &f[0], "k")) < 0 ||
        (rc = yt_require(&L->t, id, path, &f[1], "of")) < 0 ||
        (rc = yt_int(&L->t, f[0].value, yt_path(p, sizeof p, path, "k"), -1000000000, 1000000000,
                     &k)) < 0 ||
        (rc = load_terms(L, nm, fl, ni, f[1].value, yt_path(p, sizeof p, path, "of"))) < 0)
        return rc;
    size_t n = fl->nodes[ni].n_terms;
    if (k < 1 || (size_t)k > n)
        return yt_fail(&L->t, f[0].value, yt_path(p, sizeof p, path, "k"), OS_ERR_INPUT,
                       "expected k from 1 to %zu (the members listed in 'of'), got '%lld'", n, k);
    fl->nodes[ni].k = (int)k;
    return OS_OK;
}

/* A mapping with exactly one of all / any / k_of_n (a flow item also has name and target). */
static int load_node(ld *L, const names *nm, os_flow *fl, int id, const char *path, int *out)
{
    static const char *const keys[] = {"all", "any", "k_of_n", "name", "target"};
    bool top = fl->n_nodes == 0;
    yt_field f[5];
    char p[YT_PATH];
    int rc = yt_mapping(&L->t, id, path, keys, top ? 5 : 3, f), op = -1;
    if (rc < 0)
        return rc;
    for (int k = 0; k < 3; k++) {
        if (!f[k].value)
            continue;
        if (op >= 0)
            return yt_fail(&L->t, f[k].key, path, OS_ERR_INPUT,
                           "a flow level has one of all, any or k_of_n, and this one is "
                           "already '%s'",
                           keys[op]);
        op = k;
    }
    if (op < 0)
        return yt_fail(&L->t, id, path, OS_ERR_INPUT, "missing one of all, any or k_of_n");
    int ni = -1;
    if ((rc = add_node(L, fl, id, path, &ni)) < 0)
        return rc;
    fl->nodes[ni].op = (enum os_flow_op)op;
    yt_path(p, sizeof p, path, keys[op]);
    if (op == OS_FLOW_K_OF_N)
        rc = load_k_of_n(L, nm, fl, ni, f[op].value, p);
    else
        rc = load_terms(L, nm, fl, ni, f[op].value, p);
    if (rc < 0)
        return rc;
    if (op == OS_FLOW_ALL)
        fl->nodes[ni].k = (int)fl->nodes[ni].n_terms;
    else if (op == OS_FLOW_ANY)
        fl->nodes[ni].k = 1;
    *out = ni;
    return OS_OK;
}

static int load_flow(ld *L, const names *nm, int item, size_t i)
{
    os_flow *fl = &L->sc->flows[i];
    char pi[YT_PATH], p[YT_PATH];
    yt_path_index(pi, sizeof pi, "flows", i);
    fl->mark = yt_mark(&L->t, item);
    fl->target = L->sc->sla.availability;
    int root, rc;
    if ((rc = ld_strdup(L, item, pi, nm->v[L->sc->n_connections + L->sc->n_routers + i],
                        &fl->name)) < 0 ||
        (rc = load_node(L, nm, fl, item, pi, &root)) < 0)
        return rc;
    static const char *const keys[] = {"all", "any", "k_of_n", "name", "target"};
    yt_field f[5];
    yt_mapping(&L->t, item, pi, keys, 5, f); /* checked above */
    if (f[4].value &&
        (rc = yt_percent(&L->t, f[4].value, yt_path(p, sizeof p, pi, "target"), &fl->target)) < 0)
        return rc;
    return OS_OK;
}

/* --- dependency order and cycles ------------------------------------------------------------ */

/* The routers and flows entity e (a router or flow) uses directly, as global ids. */
static size_t deps_of(const os_scenario *sc, size_t e, size_t *out, size_t max)
{
    os_ref r = os_entity_ref(sc, e);
    size_t n = 0;
    if (r.kind == OS_ENTITY_ROUTER) {
        const os_router *ro = &sc->routers[r.index];
        for (size_t b = 0; b < ro->n_backends && n < max; b++)
            if (ro->backends[b].kind != OS_ENTITY_CONNECTION)
                out[n++] = os_entity_id(sc, ro->backends[b]);
    } else if (r.kind == OS_ENTITY_FLOW) {
        const os_flow *fl = &sc->flows[r.index];
        for (size_t k = 0; k < fl->n_nodes; k++)
            for (size_t j = 0; j < fl->nodes[k].n_terms && n < max; j++) {
                const os_flow_term *tm = &fl->nodes[k].terms[j];
                if (tm->node < 0 && tm->ref.kind != OS_ENTITY_CONNECTION)
                    out[n++] = os_entity_id(sc, tm->ref);
            }
    }
    return n;
}

static int report_cycle(ld *L, const size_t *stack, size_t depth, size_t from, const int *items)
{
    const os_scenario *sc = L->sc;
    char msg[1024] = "", pi[YT_PATH];
    size_t len = 0;
    for (size_t k = from; k <= depth && len < sizeof msg - 1; k++) {
        size_t e = k < depth ? stack[k] : stack[from];
        int w = snprintf(msg + len, sizeof msg - len, "%s%s", k > from ? " -> " : "",
                         os_entity_name(sc, os_entity_ref(sc, e)));
        if (w < 0)
            break;
        len += (size_t)w;
        if (len >= sizeof msg)
            len = sizeof msg - 1;
    }
    os_ref r = os_entity_ref(sc, stack[from]);
    yt_path_index(pi, sizeof pi, r.kind == OS_ENTITY_ROUTER ? "routers" : "flows", (size_t)r.index);
    return yt_fail(&L->t, items[stack[from] - sc->n_connections], pi, OS_ERR_INPUT, "cycle: %s",
                   msg);
}

/* Depth-first from each flow, then each router, in file order: a grey entity met again closes
 * a cycle; the post-order is the evaluation order. items: the YAML item of each router and
 * flow (by global id - n_connections). */
static int order_entities(ld *L, const int *items)
{
    os_scenario *sc = L->sc;
    size_t nc = sc->n_connections, m = sc->n_routers + sc->n_flows, done = 0;
    unsigned char *color = calloc(m + 1, 1);
    size_t *stack = malloc((m + 1) * sizeof *stack), *edge = calloc(m + 1, sizeof *edge);
    size_t max_deps = 1;
    for (size_t i = 0; i < sc->n_routers; i++)
        max_deps += sc->routers[i].n_backends;
    for (size_t i = 0; i < sc->n_flows; i++)
        for (size_t k = 0; k < sc->flows[i].n_nodes; k++)
            max_deps += sc->flows[i].nodes[k].n_terms;
    size_t *deps = malloc(max_deps * sizeof *deps);
    sc->entity_order = malloc((m + 1) * sizeof *sc->entity_order);
    int rc = OS_OK;
    if (!color || !stack || !edge || !deps || !sc->entity_order) {
        rc = yt_fail(&L->t, yt_root(&L->t), NULL, OS_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (size_t s = 0; s < m && rc == OS_OK; s++) {
        size_t start = nc + (s < sc->n_flows ? sc->n_routers + s : s - sc->n_flows);
        if (color[start - nc])
            continue;
        size_t depth = 0;
        stack[depth] = start;
        edge[depth++] = 0;
        color[start - nc] = 1;
        while (depth > 0 && rc == OS_OK) {
            size_t e = stack[depth - 1];
            size_t nd = deps_of(sc, e, deps, max_deps);
            if (edge[depth - 1] == nd) {
                color[e - nc] = 2;
                sc->entity_order[done++] = os_entity_ref(sc, e);
                depth--;
                continue;
            }
            size_t d = deps[edge[depth - 1]++];
            if (color[d - nc] == 1) {
                size_t from = 0;
                while (stack[from] != d)
                    from++;
                rc = report_cycle(L, stack, depth, from, items);
            } else if (color[d - nc] == 0) {
                color[d - nc] = 1;
                stack[depth] = d;
                edge[depth++] = 0;
            }
        }
    }
out:
    free(color);
    free(stack);
    free(edge);
    free(deps);
    return rc;
}

/* --- the sections --------------------------------------------------------------------------- */

static int section_len(ld *L, int id, const char *section, const char *noun, size_t *n)
{
    *n = 0;
    return id ? ld_section_len(L, id, section, noun, OS_MAX_ENTITIES, n) : OS_OK;
}

int ld_apps(ld *L, int routers_id, int flows_id)
{
    os_scenario *sc = L->sc;
    size_t nc = sc->n_connections, nr = 0, nf = 0;
    names nm = {0};
    int *items = NULL;
    int rc;
    if ((rc = section_len(L, routers_id, "routers", "router", &nr)) < 0 ||
        (rc = section_len(L, flows_id, "flows", "flow", &nf)) < 0)
        return rc;
    nm.n = nc + nr + nf;
    nm.v = calloc(nm.n, sizeof *nm.v);
    nm.node = calloc(nm.n, sizeof *nm.node);
    items = calloc(nr + nf + 1, sizeof *items);
    sc->routers = calloc(nr ? nr : 1, sizeof *sc->routers);
    sc->flows = calloc(nf ? nf : 1, sizeof *sc->flows);
    if (!nm.v || !nm.node || !items || !sc->routers || !sc->flows) {
        rc = yt_fail(&L->t, yt_root(&L->t), NULL, OS_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nc; i++)
        nm.v[i] = sc->connections[i].name;
    if ((rc = read_names(L, routers_id, "routers", nr, nc, &nm)) < 0 ||
        (rc = read_names(L, flows_id, "flows", nf, nc + nr, &nm)) < 0)
        goto out;
    sc->n_routers = nr; /* lengths first: os_entity_ref needs them */
    sc->n_flows = nf;
    if ((rc = check_names(L, &nm)) < 0)
        goto out;
    for (size_t i = 0; i < nr && rc == OS_OK; i++)
        rc = load_router(L, &nm, items[i] = yt_item(&L->t, routers_id, i), i);
    for (size_t i = 0; i < nf && rc == OS_OK; i++)
        rc = load_flow(L, &nm, items[nr + i] = yt_item(&L->t, flows_id, i), i);
    if (rc == OS_OK)
        rc = order_entities(L, items);
out:
    free(items);
    names_free(&nm);
    return rc;
}

void ld_apps_free(os_scenario *sc)
{
    for (size_t i = 0; sc->routers && i < sc->n_routers; i++) {
        free(sc->routers[i].name);
        free(sc->routers[i].kind);
        free(sc->routers[i].backends);
        free(sc->routers[i].weights);
    }
    free(sc->routers);
    for (size_t i = 0; sc->flows && i < sc->n_flows; i++) {
        free(sc->flows[i].name);
        for (size_t k = 0; k < sc->flows[i].n_nodes; k++)
            free(sc->flows[i].nodes[k].terms);
        free(sc->flows[i].nodes);
    }
    free(sc->flows);
    free(sc->entity_order);
    os_dist_clear(&sc->router_proc.ttf);
    os_dist_clear(&sc->router_proc.ttr);
}
