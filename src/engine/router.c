/* router.c — routers (SPEC §6.1): probes at offset + k × interval (class 4), marking down after
 * `failures` consecutive failed probes and up at the first success, decisions (priority: the
 * first backend marked up; weighted: every backend marked up, by weight; fail-open when none
 * is), the split in effect lagging decisions by `switch` through a queue of pending decisions,
 * the router's own outages, and its served fraction = Σ share × backend's served fraction.
 *
 * A split is a bit mask of the backends that get traffic: priority mode has one bit set,
 * weighted mode shares traffic among the set bits in proportion to their weights. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

static uint64_t all_backends(const os_router *ro)
{
    return ro->n_backends >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << ro->n_backends) - 1;
}

/* The decision for the backends marked up: fail-open when none is. */
static uint64_t decide(const os_router *ro, uint64_t marked)
{
    uint64_t m = marked & all_backends(ro);
    if (!m)
        m = all_backends(ro);
    return ro->mode == OS_ROUTER_PRIORITY ? m & (~m + 1) : m; /* lowest set bit: first up */
}

/* "api-east" or "api-east 75%, api-west 25%" */
static const char *split_text(const os_sim *s, const os_router *ro, uint64_t split, char *buf,
                              size_t size)
{
    double w = 0;
    size_t len = 0;
    buf[0] = 0;
    for (size_t b = 0; b < ro->n_backends; b++)
        if (split >> b & 1)
            w += ro->weights ? ro->weights[b] : 1;
    for (size_t b = 0; b < ro->n_backends && len < size; b++) {
        if (!(split >> b & 1))
            continue;
        const char *name = os_entity_name(s->sc, ro->backends[b]);
        int n = split & (split - 1)
                    ? snprintf(buf + len, size - len, "%s%s %.4g%%", len ? ", " : "", name,
                               100.0 * (ro->weights ? ro->weights[b] : 1) / w)
                    : snprintf(buf + len, size - len, "%s", name);
        if (n < 0)
            break;
        len += (size_t)n;
    }
    return buf;
}

void router_reset(os_sim *s, int r)
{
    const os_router *ro = &s->sc->routers[r];
    router_state *st = &s->routers[r];
    st->down = 0;
    st->failed = false;
    st->cause = 0;
    for (size_t b = 0; b < ro->n_backends; b++)
        st->fails[b] = 0;
    st->marked = all_backends(ro);
    st->decided = st->effect = decide(ro, st->marked);
    st->next_probe = ro->probe_offset;
    st->pq_head = st->pq_n = 0;
    st->switches = 0;
}

void router_delta(os_sim *s, int r, int delta, int32_t cause)
{
    router_state *st = &s->routers[r];
    st->down += delta;
    if (delta > 0)
        st->cause = cause;
    s->apps_dirty = true;
}

/* The router's served fraction now; judges its own outage state first. */
double router_eval(os_sim *s, int r)
{
    const os_router *ro = &s->sc->routers[r];
    router_state *st = &s->routers[r];
    bool failed = st->down > 0;
    if (failed != st->failed) {
        st->failed = failed;
        if (s->observe) {
            char cause[96];
            sim_cause_text(s, st->cause, cause, sizeof cause);
            sim_emit(s, "router", ro->name, failed ? "down" : "up", failed ? cause : NULL, 0);
        }
    }
    if (failed)
        return 0;
    double num = 0, den = 0;
    for (size_t b = 0; b < ro->n_backends; b++) {
        if (!(st->effect >> b & 1))
            continue;
        double w = ro->weights ? ro->weights[b] : 1;
        num += w * apps_frac(s, ro->backends[b]);
        den += w;
    }
    return den > 0 ? num / den : 0;
}

static void apply_split(os_sim *s, int r, uint64_t split)
{
    const os_router *ro = &s->sc->routers[r];
    router_state *st = &s->routers[r];
    if (split == st->effect)
        return;
    st->effect = split;
    st->switches++;
    s->apps_dirty = true;
    if (s->observe) {
        char text[512];
        sim_emit(s, "router", ro->name, "switched", split_text(s, ro, split, text, sizeof text),
                 (int64_t)st->switches);
    }
}

static int queue_push(router_state *st, os_ms t, uint64_t split)
{
    if (st->pq_n == st->pq_cap) {
        size_t cap = st->pq_cap ? 2 * st->pq_cap : 8;
        os_ms *nt = malloc(cap * sizeof *nt);
        uint64_t *nm = malloc(cap * sizeof *nm);
        if (!nt || !nm) {
            free(nt);
            free(nm);
            return -1;
        }
        for (size_t i = 0; i < st->pq_n; i++) {
            nt[i] = st->pq_t[(st->pq_head + i) % st->pq_cap];
            nm[i] = st->pq_m[(st->pq_head + i) % st->pq_cap];
        }
        free(st->pq_t);
        free(st->pq_m);
        st->pq_t = nt;
        st->pq_m = nm;
        st->pq_head = 0;
        st->pq_cap = cap;
    }
    size_t at = (st->pq_head + st->pq_n++) % st->pq_cap;
    st->pq_t[at] = t;
    st->pq_m[at] = split;
    return 0;
}

/* One probe of every backend at t; a changed decision takes effect `switch` later. */
static void probe(os_sim *s, int r, os_ms t)
{
    const os_router *ro = &s->sc->routers[r];
    router_state *st = &s->routers[r];
    for (size_t b = 0; b < ro->n_backends; b++) {
        uint64_t bit = UINT64_C(1) << b;
        bool ok = apps_frac(s, ro->backends[b]) > 0;
        const char *change = NULL;
        if (ok) {
            st->fails[b] = 0;
            if (!(st->marked & bit)) {
                st->marked |= bit;
                change = "marked_up";
            }
        } else if (++st->fails[b] >= ro->probe_failures && (st->marked & bit)) {
            st->marked &= ~bit;
            change = "marked_down";
        }
        if (change)
            sim_emit(s, "router", ro->name, change, os_entity_name(s->sc, ro->backends[b]),
                     st->fails[b]);
    }
    uint64_t d = decide(ro, st->marked);
    if (d == st->decided)
        return;
    st->decided = d;
    if (ro->switch_lag == 0)
        apply_split(s, r, d);
    else if (t + ro->switch_lag < s->horizon && queue_push(st, t + ro->switch_lag, d) < 0)
        sim_nomem(s);
}

/* Due at t: pending decisions first (made at t - switch), then this millisecond's probe. */
void router_tick(os_sim *s, int r, os_ms t)
{
    const os_router *ro = &s->sc->routers[r];
    router_state *st = &s->routers[r];
    while (st->pq_n > 0 && st->pq_t[st->pq_head] <= t) {
        apply_split(s, r, st->pq_m[st->pq_head]);
        st->pq_head = (st->pq_head + 1) % st->pq_cap;
        st->pq_n--;
    }
    if (st->next_probe == t) {
        probe(s, r, t);
        st->next_probe += ro->probe_interval;
    }
}

/* When this router next needs a tick (INT64_MAX: never before the horizon). */
os_ms router_next(const os_sim *s, int r)
{
    const router_state *st = &s->routers[r];
    os_ms t = st->next_probe < s->horizon ? st->next_probe : INT64_MAX;
    if (st->pq_n > 0 && st->pq_t[st->pq_head] < t)
        t = st->pq_t[st->pq_head];
    return t;
}
