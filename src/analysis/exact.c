/* exact.c — exact steady-state figures by enumerating component states (SPEC §5.2).
 *
 * A connection is in the exact class when its up state and served fraction are a function of the
 * current states of independent alternating renewal components: zone processes, region
 * processes and common-cause groups. In steady state component i is up with probability
 * a_i = E[TTF_i] / (E[TTF_i] + E[TTR_i]) independently of the others, so availability is a sum
 * over the 2^m states of the m components the connection depends on, and the outage frequency
 * follows from the frequency-and-duration method: component i causes a connection outage at
 * rate P(i critical) / (E[TTF_i] + E[TTR_i]).
 *
 * Connections with the same structure (regions, placement of the compute's instances, target
 * placement, required instances) have the same answer; they are solved once. This module does
 * not simulate, print or decide what the CLI does with connections outside the class. */
#include "outagesim/exact.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define YEAR_MS (365.0L * 24 * 3600 * 1000) /* a year is 365 d */
#define YEAR_S (365.0 * 24 * 3600)

static const char REASON_TRACE[] = "incident traces are not renewal processes; use run";
static const char REASON_GEO[] =
    "a geo-replicated target fails over on timers (its history, not just component states); use "
    "run";
static const char REASON_INSTANCE[] = "instance failures change the served fraction; use run";
static const char REASON_REPLACEMENT[] =
    "platform replacement changes the served fraction; use run";
static const char REASON_ROUTER[] =
    "a router fails over on probes (its history, not just component states); use run";
static const char REASON_TOO_MANY[] =
    "too many components (more than 24) for exact enumeration; use run";

_Static_assert(OS_EXACT_MAX_COMPONENTS == 24, "REASON_TOO_MANY names the limit");
_Static_assert(OS_EXACT_MAX_COMPONENTS < 32, "states are uint32_t bit sets");

/* What determines a connection's answer; connections with equal keys share it. */
typedef struct conn_key {
    int src_region, dst_region;
    int required;            /* required_instances, 0 when not set */
    int dst_zone;            /* the target's zone, 0 when zone-redundant */
    int count[OS_MAX_ZONES]; /* original instances of the compute in zone z + 1 */
} conn_key;

typedef struct keyed_conn {
    conn_key key;
    size_t conn;
} keyed_conn;

/* One common-cause group's membership in one region; zone 0 = the whole region. */
typedef struct membership {
    int group, zone;
} membership;

/* Memberships listed per region (CSR): those of region r are at [start[r], start[r + 1]). */
typedef struct member_index {
    size_t *start;
    membership *items;
} member_index;

enum comp_kind { COMP_ZONE, COMP_REGION, COMP_GROUP };

/* The states of the components one connection depends on, and how its up state follows.
 * Bit i of a state is 1 when component i is up; a zone (or a region) is up in state x when
 * every bit of its mask is set in x. */
typedef struct conn_model {
    int m;
    bool overflow; /* more than OS_EXACT_MAX_COMPONENTS components */
    enum comp_kind kind[OS_EXACT_MAX_COMPONENTS];
    int id[OS_EXACT_MAX_COMPONENTS];            /* global zone id, region or group index */
    long double a[OS_EXACT_MAX_COMPONENTS];     /* up probability */
    long double q[OS_EXACT_MAX_COMPONENTS];     /* down probability, not computed as 1 - a */
    long double cycle[OS_EXACT_MAX_COMPONENTS]; /* E[TTF] + E[TTR], ms */
    uint32_t src_region_mask, dst_region_mask;  /* bits that keep the region out of outage */
    int n_src;                                  /* source zones holding instances */
    uint32_t src_mask[OS_MAX_ZONES];
    int src_count[OS_MAX_ZONES];
    int n_dst; /* target zones, any of which will do */
    uint32_t dst_mask[OS_MAX_ZONES];
    int required;
} conn_model;

/* Neumaier's compensated sum, in long double. */
typedef struct ksum {
    long double s, c;
} ksum;

static void ksum_add(ksum *k, long double x)
{
    long double t = k->s + x;
    if (fabsl(k->s) >= fabsl(x))
        k->c += (k->s - t) + x;
    else
        k->c += (x - t) + k->s;
    k->s = t;
}

static long double ksum_value(const ksum *k)
{
    return k->s + k->c;
}

/* ---- the class ------------------------------------------------------------------------------ */

/* Whether platform replacement can never change the compute's live instances or the zones that
 * hold them (SPEC §5.2, exactly the three cases listed there). */
static bool replacement_harmless(const os_scenario *sc, const os_compute *c)
{
    int zones = sc->regions[c->region].zones;

    if (sc->platform.surge_limit == 0)
        return true;
    if (c->zone_redundant)
        return c->instances >= zones && c->required_instances == 0;
    return !c->relocate;
}

/* NULL when the connection is in the exact class, else why not. */
static const char *outside_reason(const os_scenario *sc, const os_connection *conn)
{
    const os_compute *c = &sc->computes[conn->compute];

    if (sc->trace.mode != OS_TRACE_NONE)
        return REASON_TRACE;
    if (sc->targets[conn->target].geo)
        return REASON_GEO;
    if (c->instances == 0)
        return NULL; /* never up, whatever fails or is replaced */
    if (sc->regions[c->region].instance_proc.enabled)
        return REASON_INSTANCE;
    if (!replacement_harmless(sc, c))
        return REASON_REPLACEMENT;
    return NULL;
}

static void make_key(const os_scenario *sc, const os_connection *conn, conn_key *key)
{
    const os_compute *c = &sc->computes[conn->compute];
    const os_target *t = &sc->targets[conn->target];
    int zones = sc->regions[c->region].zones;

    memset(key, 0, sizeof *key);
    key->src_region = c->region;
    key->dst_region = t->region;
    key->required = c->required_instances;
    key->dst_zone = t->zone_redundant ? 0 : t->zone;
    if (c->zone_redundant) {
        /* instance i goes to zone (i mod n) + 1 */
        for (int z = 0; z < zones; z++)
            key->count[z] = c->instances / zones + (z < c->instances % zones ? 1 : 0);
    } else {
        key->count[c->zone - 1] = c->instances;
    }
}

static int cmp_int(int a, int b)
{
    return (a > b) - (a < b);
}

static int cmp_key(const conn_key *a, const conn_key *b)
{
    int r = cmp_int(a->src_region, b->src_region);
    if (!r)
        r = cmp_int(a->dst_region, b->dst_region);
    if (!r)
        r = cmp_int(a->required, b->required);
    if (!r)
        r = cmp_int(a->dst_zone, b->dst_zone);
    for (int z = 0; !r && z < OS_MAX_ZONES; z++)
        r = cmp_int(a->count[z], b->count[z]);
    return r;
}

/* Orders by key, then by connection index, so the order is total and the sort deterministic. */
static int cmp_keyed(const void *pa, const void *pb)
{
    const keyed_conn *a = pa, *b = pb;
    int r = cmp_key(&a->key, &b->key);
    if (r)
        return r;
    return (a->conn > b->conn) - (a->conn < b->conn);
}

/* ---- the model of one connection ------------------------------------------------------------ */

static int member_index_build(const os_scenario *sc, member_index *mi)
{
    size_t n = 0;

    mi->start = calloc(sc->n_regions + 1, sizeof *mi->start);
    if (!mi->start)
        return -1;
    for (size_t g = 0; g < sc->n_groups; g++) {
        for (size_t k = 0; k < sc->groups[g].n_members; k++) {
            mi->start[sc->groups[g].members[k].region + 1]++;
            n++;
        }
    }
    for (size_t r = 0; r < sc->n_regions; r++)
        mi->start[r + 1] += mi->start[r];
    mi->items = malloc((n ? n : 1) * sizeof *mi->items);
    size_t *fill = malloc((sc->n_regions ? sc->n_regions : 1) * sizeof *fill);
    if (!mi->items || !fill) {
        free(fill);
        return -1;
    }
    memcpy(fill, mi->start, sc->n_regions * sizeof *fill);
    for (size_t g = 0; g < sc->n_groups; g++) {
        for (size_t k = 0; k < sc->groups[g].n_members; k++) {
            const os_member *mb = &sc->groups[g].members[k];
            mi->items[fill[mb->region]++] = (membership){(int)g, mb->zone};
        }
    }
    free(fill);
    return 0;
}

static void member_index_free(member_index *mi)
{
    free(mi->start);
    free(mi->items);
}

/* The bit of a component, added on first use; 0 when the model overflows. */
static uint32_t comp_bit(conn_model *md, enum comp_kind kind, int id, const os_dist *ttf,
                         const os_dist *ttr)
{
    for (int i = 0; i < md->m; i++) {
        if (md->kind[i] == kind && md->id[i] == id)
            return (uint32_t)1 << i;
    }
    if (md->m == OS_EXACT_MAX_COMPONENTS) {
        md->overflow = true;
        return 0;
    }
    int i = md->m++;
    long double up = ttf->mean, down = ttr->mean;
    md->kind[i] = kind;
    md->id[i] = id;
    md->cycle[i] = up + down;
    md->a[i] = up / (up + down);
    md->q[i] = down / (up + down);
    return (uint32_t)1 << i;
}

/* Bits that must be up for region r not to be in a region outage: its region process and every
 * group with the whole region as a member. */
static uint32_t region_mask(const os_scenario *sc, const member_index *mi, conn_model *md, int r)
{
    const os_region *reg = &sc->regions[r];
    uint32_t mask = 0;

    if (reg->region_proc.enabled)
        mask |= comp_bit(md, COMP_REGION, r, &reg->region_proc.ttf, &reg->region_proc.ttr);
    for (size_t k = mi->start[r]; k < mi->start[r + 1]; k++) {
        const os_group *g = &sc->groups[mi->items[k].group];
        if (mi->items[k].zone == 0)
            mask |= comp_bit(md, COMP_GROUP, mi->items[k].group, &g->ttf, &g->ttr);
    }
    return mask;
}

/* Bits that must be up for zone z (1-based) of region r to be up. */
static uint32_t zone_mask(const os_scenario *sc, const member_index *mi, conn_model *md, int r,
                          int z)
{
    const os_region *reg = &sc->regions[r];
    uint32_t mask = region_mask(sc, mi, md, r);

    if (reg->zone_proc.enabled)
        mask |= comp_bit(md, COMP_ZONE, reg->first_zone + z - 1, &reg->zone_proc.ttf,
                         &reg->zone_proc.ttr);
    for (size_t k = mi->start[r]; k < mi->start[r + 1]; k++) {
        const os_group *g = &sc->groups[mi->items[k].group];
        if (mi->items[k].zone == z)
            mask |= comp_bit(md, COMP_GROUP, mi->items[k].group, &g->ttf, &g->ttr);
    }
    return mask;
}

/* Builds the connection's masks on md's component index as it stands: components md already
 * holds keep their bits, new ones are appended (so several models can share one index). */
static void model_build_on(const os_scenario *sc, const member_index *mi, const conn_key *key,
                           conn_model *md)
{
    md->n_src = md->n_dst = 0;
    md->required = key->required;
    md->src_region_mask = region_mask(sc, mi, md, key->src_region);
    md->dst_region_mask = region_mask(sc, mi, md, key->dst_region);
    for (int z = 1; z <= sc->regions[key->src_region].zones; z++) {
        if (key->count[z - 1] == 0)
            continue; /* no instance there, and none is ever placed there */
        md->src_mask[md->n_src] = zone_mask(sc, mi, md, key->src_region, z);
        md->src_count[md->n_src++] = key->count[z - 1];
    }
    if (key->dst_zone != 0) {
        md->dst_mask[md->n_dst++] = zone_mask(sc, mi, md, key->dst_region, key->dst_zone);
    } else {
        for (int z = 1; z <= sc->regions[key->dst_region].zones; z++)
            md->dst_mask[md->n_dst++] = zone_mask(sc, mi, md, key->dst_region, z);
    }
}

static void model_build(const os_scenario *sc, const member_index *mi, const conn_key *key,
                        conn_model *md)
{
    memset(md, 0, sizeof *md);
    model_build_on(sc, mi, key, md);
}

/* The served fraction's shortfall 1 - served(x), and whether the connection is up in x. */
static bool model_eval(const conn_model *md, uint32_t x, long double *deficit)
{
    int live = 0;
    bool reach = false;

    *deficit = 1.0L;
    if ((x & md->src_region_mask) != md->src_region_mask ||
        (x & md->dst_region_mask) != md->dst_region_mask)
        return false;
    for (int i = 0; i < md->n_dst && !reach; i++)
        reach = (x & md->dst_mask[i]) == md->dst_mask[i];
    if (!reach)
        return false;
    for (int i = 0; i < md->n_src; i++) {
        if ((x & md->src_mask[i]) == md->src_mask[i])
            live += md->src_count[i];
    }
    if (live == 0)
        return false;
    if (md->required > live)
        *deficit = (long double)(md->required - live) / md->required;
    else
        *deficit = 0.0L;
    return true;
}

/* Whether the entity is up in state x, and its shortfall 1 - served(x) (1 when down). */
typedef bool (*state_eval)(void *ctx, uint32_t x, long double *deficit);

static bool conn_eval(void *ctx, uint32_t x, long double *deficit)
{
    return model_eval(ctx, x, deficit);
}

/* Enumerates the 2^m states of md's components, the entity's state given by eval. The
 * probability of state x is plo[low bits] * phi[high bits]; up states are kept in a bit set so
 * that each state's neighbours with one component down, which are smaller numbers, are already
 * known when x is visited. */
static int states_solve(const conn_model *md, state_eval eval, void *ctx, os_exact_conn *res)
{
    int m = md->m, lo_bits = m / 2, hi_bits = m - lo_bits;
    size_t n_states = (size_t)1 << m;
    long double *plo = malloc(((size_t)1 << lo_bits) * sizeof *plo);
    long double *phi = malloc(((size_t)1 << hi_bits) * sizeof *phi);
    uint64_t *up = calloc((n_states + 63) / 64, sizeof *up);
    int rc = -1;

    if (!plo || !phi || !up)
        goto out;
    for (size_t v = 0; v < ((size_t)1 << lo_bits); v++) {
        plo[v] = 1.0L;
        for (int i = 0; i < lo_bits; i++)
            plo[v] *= (v >> i & 1) ? md->a[i] : md->q[i];
    }
    for (size_t v = 0; v < ((size_t)1 << hi_bits); v++) {
        phi[v] = 1.0L;
        for (int i = 0; i < hi_bits; i++)
            phi[v] *= (v >> i & 1) ? md->a[lo_bits + i] : md->q[lo_bits + i];
    }

    ksum unavail = {0, 0}, p_down = {0, 0}, crit[OS_EXACT_MAX_COMPONENTS];
    bool any_up = false, any_down = false;
    memset(crit, 0, sizeof crit);
    for (size_t x = 0; x < n_states; x++) {
        long double p = plo[x & (((size_t)1 << lo_bits) - 1)] * phi[x >> lo_bits];
        long double deficit;
        if (!eval(ctx, (uint32_t)x, &deficit)) {
            any_down = true;
            ksum_add(&p_down, p);
            ksum_add(&unavail, p);
            continue;
        }
        any_up = true;
        up[x / 64] |= (uint64_t)1 << (x % 64);
        if (deficit > 0)
            ksum_add(&unavail, p * deficit);
        /* i is critical in x when taking it down takes the connection down; the others' states
         * have probability p / a_i */
        for (int i = 0; i < m; i++) {
            size_t y = x & ~((size_t)1 << i);
            if (y != x && !(up[y / 64] >> (y % 64) & 1))
                ksum_add(&crit[i], p / md->a[i]);
        }
    }

    ksum freq = {0, 0}; /* outages per ms */
    for (int i = 0; i < m; i++)
        ksum_add(&freq, ksum_value(&crit[i]) / md->cycle[i]);
    long double u = ksum_value(&unavail), f = ksum_value(&freq), d = ksum_value(&p_down);
    if (!any_up)
        u = d = 1; /* exactly, not a sum of probabilities that rounds near 1 */
    res->unavailability = (double)u;
    res->availability = (double)(1.0L - u);
    res->outages_per_year = (double)(f * YEAR_MS);
    if (!any_down)
        res->mean_outage_duration = 0;
    else if (!any_up || f <= 0) /* f > 0 whenever both states occur; NaN rather than inf */
        res->mean_outage_duration = NAN;
    else
        res->mean_outage_duration = (double)(d / f / 1000);
    res->downtime_per_year = (double)(u * YEAR_S);
    rc = 0;
out:
    free(up);
    free(phi);
    free(plo);
    return rc;
}

static int model_solve(conn_model *md, os_exact_conn *res)
{
    return states_solve(md, conn_eval, md, res);
}

/* ---- the public entry points ----------------------------------------------------------------- */

static void set_outside(os_exact_conn *res, const char *reason)
{
    res->in_class = false;
    res->reason = reason;
    res->availability = res->unavailability = NAN;
    res->outages_per_year = res->mean_outage_duration = res->downtime_per_year = NAN;
}

bool os_exact_meets(const os_exact_conn *e, double target)
{
    return e->in_class && e->unavailability <= (1.0 - target) * (1.0 + 1e-11);
}

int os_exact_solve(const os_scenario *sc, os_exact_conn *out, os_error *err)
{
    os_init();
    keyed_conn *keyed = NULL;
    member_index mi = {NULL, NULL};
    size_t n_in = 0;
    int rc = OS_OK;

    if (!sc || (!out && sc->n_connections > 0))
        return os_error_set(err, OS_ERR_INTERNAL, "", 0, 0, "os_exact_solve: no scenario");
    if (sc->n_connections == 0)
        return OS_OK;
    keyed = malloc(sc->n_connections * sizeof *keyed);
    if (!keyed || member_index_build(sc, &mi) != 0) {
        rc = os_error_set(err, OS_ERR_NOMEM, "", 0, 0, "out of memory in the exact solver");
        goto out;
    }

    for (size_t i = 0; i < sc->n_connections; i++) {
        const char *why = outside_reason(sc, &sc->connections[i]);
        if (why) {
            set_outside(&out[i], why);
            continue;
        }
        make_key(sc, &sc->connections[i], &keyed[n_in].key);
        keyed[n_in++].conn = i;
    }
    qsort(keyed, n_in, sizeof *keyed, cmp_keyed);

    for (size_t i = 0; i < n_in;) {
        size_t j = i + 1;
        while (j < n_in && cmp_key(&keyed[i].key, &keyed[j].key) == 0)
            j++;
        os_exact_conn res = {.in_class = true, .reason = NULL};
        conn_model md;
        model_build(sc, &mi, &keyed[i].key, &md);
        if (md.n_src == 0) {
            /* no instance: never up, whatever the components do */
            res.unavailability = 1;
            res.availability = 0;
            res.outages_per_year = 0;
            res.mean_outage_duration = NAN;
            res.downtime_per_year = YEAR_S;
        } else if (md.overflow) {
            set_outside(&res, REASON_TOO_MANY);
        } else if (model_solve(&md, &res) != 0) {
            rc = os_error_set(err, OS_ERR_NOMEM, "", 0, 0, "out of memory in the exact solver");
            goto out;
        }
        for (; i < j; i++)
            out[keyed[i].conn] = res;
    }
out:
    member_index_free(&mi);
    free(keyed);
    return rc;
}

size_t os_exact_ignored_events(const os_scenario *sc)
{
    size_t n = 0;

    for (size_t i = 0; sc && i < sc->n_events; i++) {
        enum os_event_kind k = sc->events[i].kind;
        /* An event at or after the horizon never happens: nothing is left out. */
        if ((k == OS_EV_ZONE_DOWN || k == OS_EV_REGION_DOWN || k == OS_EV_GROUP_DOWN) &&
            sc->events[i].at < sc->sim.horizon)
            n++;
    }
    return n;
}

/* ---- flows (SPEC §6.3) ------------------------------------------------------------------------
 *
 * A flow over exact-class connections is solved on the union of the components its connections
 * depend on: every connection model is built on one shared component index, so a zone two
 * members share is one bit, enumerated once. In each state the flow's shortfall follows from
 * its members' as its served fraction does (`all` takes the largest shortfall, `any` the
 * smallest, `k_of_n` the k-th smallest); the sums are then those of a connection. */

typedef struct flow_model {
    const os_scenario *sc;
    int flow;
    bool *need_flow;  /* [n_flows]: the flow and the flows it reaches */
    bool *need_conn;  /* [n_connections]: the connections it reaches */
    int *slot;        /* [n_connections]: the connection's model, -1 when not needed */
    conn_model *leaf; /* [n_connections] models, on one component index */
    size_t n_leaves;
    long double *cdef;     /* [n_connections] shortfall of each model in the current state */
    long double *fdef;     /* [n_flows] shortfall of each needed flow */
    long double *node_def; /* [most nodes of a flow] */
    long double *term_def; /* [most terms of a node] */
} flow_model;

/* NULL when every member the flow reaches is an exact-class connection, else the first reason
 * met (the member connection's own reason, or the router one). */
static const char *flow_reason(const os_scenario *sc, const os_exact_conn *conns, int f)
{
    const os_flow *fl = &sc->flows[f];
    for (size_t k = 0; k < fl->n_nodes; k++) {
        for (size_t j = 0; j < fl->nodes[k].n_terms; j++) {
            const os_flow_term *tm = &fl->nodes[k].terms[j];
            const char *why = NULL;
            if (tm->node >= 0)
                continue;
            if (tm->ref.kind == OS_ENTITY_ROUTER)
                why = REASON_ROUTER;
            else if (tm->ref.kind == OS_ENTITY_CONNECTION && !conns[tm->ref.index].in_class)
                why = conns[tm->ref.index].reason;
            else if (tm->ref.kind == OS_ENTITY_FLOW)
                why = flow_reason(sc, conns, tm->ref.index);
            if (why)
                return why;
        }
    }
    return NULL;
}

static void flow_closure(flow_model *fm, int f)
{
    const os_flow *fl = &fm->sc->flows[f];
    if (fm->need_flow[f])
        return;
    fm->need_flow[f] = true;
    for (size_t k = 0; k < fl->n_nodes; k++) {
        for (size_t j = 0; j < fl->nodes[k].n_terms; j++) {
            const os_flow_term *tm = &fl->nodes[k].terms[j];
            if (tm->node >= 0)
                continue;
            if (tm->ref.kind == OS_ENTITY_CONNECTION)
                fm->need_conn[tm->ref.index] = true;
            else if (tm->ref.kind == OS_ENTITY_FLOW)
                flow_closure(fm, tm->ref.index);
        }
    }
}

/* The k-th smallest of v[0..n) (v is reordered). */
static long double kth_smallest(long double *v, size_t n, int k)
{
    for (size_t i = 1; i < n; i++) {
        long double t = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > t; j--)
            v[j] = v[j - 1];
        v[j] = t;
    }
    return v[k - 1];
}

/* The shortfall of flow f from its members' current ones (nested nodes come after their
 * parents, so they are evaluated first going backwards). */
static long double flow_deficit(flow_model *fm, int f)
{
    const os_flow *fl = &fm->sc->flows[f];
    for (size_t k = fl->n_nodes; k-- > 0;) {
        const os_flow_node *node = &fl->nodes[k];
        for (size_t j = 0; j < node->n_terms; j++) {
            const os_flow_term *tm = &node->terms[j];
            if (tm->node >= 0)
                fm->term_def[j] = fm->node_def[tm->node];
            else if (tm->ref.kind == OS_ENTITY_CONNECTION)
                fm->term_def[j] = fm->cdef[fm->slot[tm->ref.index]];
            else
                fm->term_def[j] = fm->fdef[tm->ref.index];
        }
        /* served: all = min, any = max, k_of_n = k-th largest; the shortfall mirrors it */
        int k_small = node->op == OS_FLOW_ALL   ? (int)node->n_terms
                      : node->op == OS_FLOW_ANY ? 1
                                                : node->k;
        fm->node_def[k] = kth_smallest(fm->term_def, node->n_terms, k_small);
    }
    return fm->node_def[0];
}

static bool flow_state(void *ctx, uint32_t x, long double *deficit)
{
    flow_model *fm = ctx;
    const os_scenario *sc = fm->sc;
    for (size_t j = 0; j < fm->n_leaves; j++)
        model_eval(&fm->leaf[j], x, &fm->cdef[j]); /* 1 when down */
    /* named flows after everything they depend on */
    for (size_t k = 0; k < sc->n_routers + sc->n_flows; k++) {
        os_ref r = sc->entity_order[k];
        if (r.kind == OS_ENTITY_FLOW && fm->need_flow[r.index])
            fm->fdef[r.index] = flow_deficit(fm, r.index);
    }
    *deficit = fm->fdef[fm->flow];
    return *deficit < 1.0L; /* up when its served fraction is positive */
}

/* Builds the models of the connections flow f reaches on one component index (reg). */
static void flow_build(flow_model *fm, const member_index *mi, int f, conn_model *reg)
{
    const os_scenario *sc = fm->sc;
    memset(fm->need_flow, 0, sc->n_flows * sizeof *fm->need_flow);
    memset(fm->need_conn, 0, sc->n_connections * sizeof *fm->need_conn);
    flow_closure(fm, f);
    fm->flow = f;
    fm->n_leaves = 0;
    memset(reg, 0, sizeof *reg);
    for (size_t c = 0; c < sc->n_connections; c++) {
        fm->slot[c] = -1;
        if (!fm->need_conn[c])
            continue;
        conn_key key;
        make_key(sc, &sc->connections[c], &key);
        conn_model *md = &fm->leaf[fm->n_leaves];
        *md = *reg; /* the components so far keep their bits */
        model_build_on(sc, mi, &key, md);
        *reg = *md;
        fm->slot[c] = (int)fm->n_leaves++;
    }
}

int os_exact_solve_flows(const os_scenario *sc, const os_exact_conn *conns, os_exact_conn *out,
                         os_error *err)
{
    os_init();
    member_index mi = {NULL, NULL};
    flow_model fm;
    size_t max_nodes = 1, max_terms = 1;
    int rc = OS_OK;

    if (!sc || (sc->n_flows > 0 && (!out || (!conns && sc->n_connections > 0))))
        return os_error_set(err, OS_ERR_INTERNAL, "", 0, 0, "os_exact_solve_flows: no scenario");
    if (sc->n_flows == 0)
        return OS_OK;
    for (size_t f = 0; f < sc->n_flows; f++) {
        const os_flow *fl = &sc->flows[f];
        max_nodes = fl->n_nodes > max_nodes ? fl->n_nodes : max_nodes;
        for (size_t k = 0; k < fl->n_nodes; k++)
            max_terms = fl->nodes[k].n_terms > max_terms ? fl->nodes[k].n_terms : max_terms;
    }
    size_t nc = sc->n_connections ? sc->n_connections : 1;
    memset(&fm, 0, sizeof fm);
    fm.sc = sc;
    fm.need_flow = calloc(sc->n_flows, sizeof *fm.need_flow);
    fm.need_conn = calloc(nc, sizeof *fm.need_conn);
    fm.slot = calloc(nc, sizeof *fm.slot);
    fm.leaf = calloc(nc, sizeof *fm.leaf);
    fm.cdef = calloc(nc, sizeof *fm.cdef);
    fm.fdef = calloc(sc->n_flows, sizeof *fm.fdef);
    fm.node_def = calloc(max_nodes, sizeof *fm.node_def);
    fm.term_def = calloc(max_terms, sizeof *fm.term_def);
    if (!fm.need_flow || !fm.need_conn || !fm.slot || !fm.leaf || !fm.cdef || !fm.fdef ||
        !fm.node_def || !fm.term_def || member_index_build(sc, &mi) != 0) {
        rc = os_error_set(err, OS_ERR_NOMEM, "", 0, 0, "out of memory in the exact solver");
        goto out;
    }
    for (size_t f = 0; f < sc->n_flows; f++) {
        const char *why = flow_reason(sc, conns, (int)f);
        conn_model reg;
        if (why) {
            set_outside(&out[f], why);
            continue;
        }
        flow_build(&fm, &mi, (int)f, &reg);
        if (reg.overflow) {
            set_outside(&out[f], REASON_TOO_MANY);
            continue;
        }
        out[f] = (os_exact_conn){.in_class = true, .reason = NULL};
        if (states_solve(&reg, flow_state, &fm, &out[f]) != 0) {
            rc = os_error_set(err, OS_ERR_NOMEM, "", 0, 0, "out of memory in the exact solver");
            goto out;
        }
    }
out:
    member_index_free(&mi);
    free(fm.need_flow);
    free(fm.need_conn);
    free(fm.slot);
    free(fm.leaf);
    free(fm.cdef);
    free(fm.fdef);
    free(fm.node_def);
    free(fm.term_def);
    return rc;
}

double os_exact_downtime_cost(const os_scenario *sc, const os_exact_conn *conns,
                              const os_exact_conn *flows, size_t *n_exact, size_t *n_counted)
{
    bool by_flow = sc->n_flows > 0;
    const os_exact_conn *x = by_flow ? flows : conns;
    size_t n = by_flow ? sc->n_flows : sc->n_connections, k = 0;
    double ms = 0;
    for (size_t i = 0; x && i < n; i++)
        if (x[i].in_class) {
            ms += x[i].unavailability * (double)OS_MS_YEAR;
            k++;
        }
    *n_exact = k;
    *n_counted = n;
    if (!sc->costs.enabled || k == 0)
        return NAN;
    return os_rate_over(sc->costs.downtime, ms);
}
