/* montecarlo.c — replications in parallel, addressed by index, and their summary.
 *
 * Worker threads take replication indices from a shared counter; each replication's
 * per-replication figures land at their own index and pooled values are appended in any
 * order, then sorted before they are summarised, so the output is the same for any thread
 * count. Replications run in batches so a stopping rule (SPEC §5.1) sees only whole batches
 * of replications 0..n-1. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mc_geo.h"
#include "mpi_internal.h"
#include "outagesim/montecarlo.h"
#include "util/warnings.h"

const char *os_verdict_str(enum os_verdict v)
{
    switch (v) {
    case OS_VERDICT_PASS:
        return "pass";
    case OS_VERDICT_FAIL:
        return "fail";
    default:
        return "uncertain";
    }
}

/* Everything the workers fill. Per-replication arrays are [entity][replication], entities
 * numbered as os_entity_id (connections first); cp and ops are meaningful for connections. */
typedef struct collector {
    const os_scenario *sc;
    uint64_t seed;
    size_t n_conn; /* entities: connections, routers, flows */
    size_t n_connections;
    uint64_t cap; /* replications the arrays hold */
    double **avail, **cp, **sla, **ops, **outn, **sw;
    double *incidents, *failovers, *lost;
    double *cost[4]; /* per year: infrastructure, downtime, credits, total (SPEC §6.4) */
    os_vec *outages; /* pooled per connection, ms */
    os_vec rto, rpo; /* pooled, ms */
    double worst_rto;
    uint64_t worst_rep;
    uint64_t events;
    uint64_t events_batch; /* this rank's events in the current batch (MPI) */
    size_t *mark_outages;  /* pooled lengths before the current batch (MPI) */
    size_t mark_rto, mark_rpo;
    mc_geo geo; /* geo-replicated targets (mc_geo.c) */
    pthread_mutex_t lock;
    /* the current batch */
    atomic_uint_fast64_t next; /* local index: replication = base + next * stride */
    uint64_t base, stride, end;
    atomic_uint_fast64_t done;
    /* The first failure: written under lock (with err), read by the workers and the progress
     * loop without it, hence atomic. */
    atomic_int status;
    os_error err;
} collector;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Per-replication figures are kept, one double per replication and figure, for percentiles
 * and the stopping rule; this bounds them (README "Limits"). */
#define MAX_FIGURE_BYTES (UINT64_C(4) << 30)

static int collector_grow(collector *c, uint64_t cap)
{
    if (cap <= c->cap)
        return 0;
    if ((double)cap * (double)(6 * c->n_conn + 7) * sizeof(double) > (double)MAX_FIGURE_BYTES)
        return -2;
    for (size_t i = 0; i < c->n_conn; i++) {
        double **arrs[] = {&c->avail[i], &c->cp[i], &c->sla[i], &c->ops[i], &c->outn[i], &c->sw[i]};
        for (size_t a = 0; a < 6; a++) {
            double *p = realloc(*arrs[a], cap * sizeof(double));
            if (!p)
                return -1;
            *arrs[a] = p;
        }
    }
    double **svc[] = {&c->incidents, &c->failovers, &c->lost,   &c->cost[0],
                      &c->cost[1],   &c->cost[2],   &c->cost[3]};
    for (size_t a = 0; a < 7; a++) {
        double *p = realloc(*svc[a], cap * sizeof(double));
        if (!p)
            return -1;
        *svc[a] = p;
    }
    if (mc_geo_grow(&c->geo, cap) < 0)
        return -1;
    c->cap = cap;
    return 0;
}

static void collector_free(collector *c)
{
    for (size_t i = 0; i < c->n_conn; i++) {
        if (c->avail)
            free(c->avail[i]);
        if (c->cp)
            free(c->cp[i]);
        if (c->sla)
            free(c->sla[i]);
        if (c->ops)
            free(c->ops[i]);
        if (c->outn)
            free(c->outn[i]);
        if (c->sw)
            free(c->sw[i]);
        if (c->outages)
            os_vec_free(&c->outages[i]);
    }
    free(c->avail);
    free(c->cp);
    free(c->sla);
    free(c->ops);
    free(c->outn);
    free(c->sw);
    free(c->outages);
    free(c->mark_outages);
    free(c->incidents);
    free(c->failovers);
    free(c->lost);
    for (size_t a = 0; a < 4; a++)
        free(c->cost[a]);
    os_vec_free(&c->rto);
    os_vec_free(&c->rpo);
    mc_geo_free(&c->geo);
    pthread_mutex_destroy(&c->lock);
}

static int store(collector *c, uint64_t rep, const os_rep_result *r)
{
    for (size_t i = 0; i < c->n_conn; i++) {
        c->avail[i][rep] = r->availability[i];
        c->cp[i][rep] = r->cp_availability[i];
        c->sla[i][rep] = r->sla_compliance[i];
        c->ops[i][rep] = r->ops_success[i];
        c->outn[i][rep] = (double)r->outage_ms[i].n;
        c->sw[i][rep] = (double)r->switches[i];
    }
    c->incidents[rep] = (double)r->incidents;
    c->failovers[rep] = (double)r->failovers;
    c->lost[rep] = r->lost_writes;
    c->cost[0][rep] = r->cost_infrastructure;
    c->cost[1][rep] = r->cost_downtime;
    c->cost[2][rep] = r->cost_credits;
    c->cost[3][rep] = r->cost_infrastructure + r->cost_downtime + r->cost_credits;
    mc_geo_store(&c->geo, rep, r);
    int rc = 0;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->n_conn && rc == 0; i++)
        rc = os_vec_append(&c->outages[i], &r->outage_ms[i]);
    if (rc == 0)
        rc = os_vec_append(&c->rto, &r->rto_ms);
    if (rc == 0)
        rc = os_vec_append(&c->rpo, &r->rpo_ms);
    if (rc == 0)
        rc = mc_geo_pool(&c->geo, r);
    for (size_t j = 0; j < r->rto_ms.n; j++) {
        double v = r->rto_ms.v[j];
        if (v > c->worst_rto || (v == c->worst_rto && rep < c->worst_rep)) {
            c->worst_rto = v;
            c->worst_rep = rep;
        }
    }
    c->events += r->events;
    c->events_batch += r->events;
    pthread_mutex_unlock(&c->lock);
    return rc;
}

typedef struct worker {
    collector *c;
    pthread_t thread;
    os_sim *sim;
    os_rep_result res;
} worker;

static void fail(collector *c, int status, const os_error *err)
{
    pthread_mutex_lock(&c->lock);
    if (atomic_load(&c->status) == 0) {
        if (err)
            c->err = *err;
        atomic_store(&c->status, status);
    }
    pthread_mutex_unlock(&c->lock);
}

static void *work(void *arg)
{
    worker *w = arg;
    collector *c = w->c;
    os_error err;
    os_error_clear(&err);
    for (;;) {
        uint64_t rep = c->base + atomic_fetch_add(&c->next, 1) * c->stride;
        if (rep >= c->end || atomic_load(&c->status) != 0)
            break;
        int rc = os_sim_run(w->sim, c->seed, rep, &w->res, NULL, NULL, &err);
        if (rc == 0 && store(c, rep, &w->res) != 0) {
            rc = os_error_set(&err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
        if (rc != 0) {
            fail(c, rc, &err);
            break;
        }
        atomic_fetch_add(&c->done, 1);
    }
    return NULL;
}

static int default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (n > 256 ? 256 : (int)n);
}

static bool cancelled(const os_run_options *opt)
{
    return opt && opt->cancel && atomic_load_explicit(opt->cancel, memory_order_relaxed) != 0;
}

/* Tells opt's progress callback (if any) how far the run has come. */
static void report_progress(const os_run_options *opt, uint64_t done, uint64_t total, double t0,
                            bool precision, double worst_ratio, bool finished)
{
    if (!opt || !opt->progress)
        return;
    os_progress p = {
        .done = done,
        .total = total,
        .elapsed = now_seconds() - t0,
        .precision = precision,
        .worst_ratio = worst_ratio,
        .finished = finished,
    };
    opt->progress(opt->progress_ctx, &p);
}

/* --- MPI: replications split across ranks, results merged after every batch ------------- */

/* The per-replication slots of this batch start at zero on every rank, so summing across
 * ranks (x + 0 is exact) gives every rank every replication's value. */
static void mpi_clear_batch(collector *c, uint64_t from, uint64_t to)
{
    if (os_mpi_size() == 1)
        return;
    size_t n = (size_t)(to - from);
    for (size_t i = 0; i < c->n_conn; i++) {
        memset(c->avail[i] + from, 0, n * sizeof(double));
        memset(c->cp[i] + from, 0, n * sizeof(double));
        memset(c->sla[i] + from, 0, n * sizeof(double));
        memset(c->ops[i] + from, 0, n * sizeof(double));
        memset(c->outn[i] + from, 0, n * sizeof(double));
        memset(c->sw[i] + from, 0, n * sizeof(double));
    }
    memset(c->incidents + from, 0, n * sizeof(double));
    memset(c->failovers + from, 0, n * sizeof(double));
    memset(c->lost + from, 0, n * sizeof(double));
    for (size_t a = 0; a < 4; a++)
        memset(c->cost[a] + from, 0, n * sizeof(double));
    for (size_t i = 0; i < c->n_conn; i++)
        c->mark_outages[i] = c->outages[i].n;
    c->mark_rto = c->rto.n;
    c->mark_rpo = c->rpo.n;
    for (size_t i = 0; i < c->geo.n; i++) {
        memset(c->geo.fo[i] + from, 0, n * sizeof(double));
        c->geo.mark_rto[i] = c->geo.rto[i].n;
        c->geo.mark_rpo[i] = c->geo.rpo[i].n;
    }
}

/* Every rank ends the batch with every rank's replications (pooled values in any order:
 * they are sorted before they are summarised). */
static int mpi_merge_batch(collector *c, uint64_t from, uint64_t to)
{
    if (os_mpi_size() == 1)
        return c->status;
    int worst_status = os_mpi_min_status(c->status);
    if (worst_status != 0) {
        if (c->status == 0) {
            c->status = worst_status;
            os_error_set(&c->err, (enum os_status)worst_status, NULL, 0, 0,
                         "another MPI rank failed");
        }
        return c->status;
    }
    size_t n = (size_t)(to - from);
    for (size_t i = 0; i < c->n_conn; i++) {
        os_mpi_sum_doubles(c->avail[i] + from, n);
        os_mpi_sum_doubles(c->cp[i] + from, n);
        os_mpi_sum_doubles(c->sla[i] + from, n);
        os_mpi_sum_doubles(c->ops[i] + from, n);
        os_mpi_sum_doubles(c->outn[i] + from, n);
        os_mpi_sum_doubles(c->sw[i] + from, n);
    }
    os_mpi_sum_doubles(c->incidents + from, n);
    os_mpi_sum_doubles(c->failovers + from, n);
    os_mpi_sum_doubles(c->lost + from, n);
    for (size_t a = 0; a < 4; a++)
        os_mpi_sum_doubles(c->cost[a] + from, n);
    int rc = 0;
    for (size_t i = 0; i < c->n_conn && rc == 0; i++)
        rc = os_mpi_pool(&c->outages[i], c->mark_outages[i]);
    if (rc == 0)
        rc = os_mpi_pool(&c->rto, c->mark_rto);
    if (rc == 0)
        rc = os_mpi_pool(&c->rpo, c->mark_rpo);
    for (size_t i = 0; i < c->geo.n && rc == 0; i++) {
        os_mpi_sum_doubles(c->geo.fo[i] + from, n);
        rc = os_mpi_pool(&c->geo.rto[i], c->geo.mark_rto[i]);
        if (rc == 0)
            rc = os_mpi_pool(&c->geo.rpo[i], c->geo.mark_rpo[i]);
    }
    /* the worst incident: largest RTO, lowest replication on ties */
    if (os_mpi_max_at(&c->worst_rto, &c->worst_rep) != 0)
        rc = -1;
    uint64_t ev = c->events_batch;
    c->events += os_mpi_sum_u64(ev) - ev;
    c->events_batch = 0;
    atomic_store(&c->done, to);
    if (rc != 0 && c->status == 0)
        c->status = os_error_set(&c->err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return c->status;
}

/* Runs replications [from, to) on the workers. */
static int run_batch(collector *c, worker *w, int n_workers, uint64_t from, uint64_t to,
                     const os_run_options *progress, uint64_t total, double t0)
{
    /* with MPI, rank k of n takes replications from + k, from + k + n, ... */
    c->base = from + (uint64_t)os_mpi_rank();
    c->stride = (uint64_t)os_mpi_size();
    atomic_store(&c->next, 0);
    c->end = to;
    mpi_clear_batch(c, from, to);
    int started = 0;
    for (int i = 0; i < n_workers; i++) {
        if (pthread_create(&w[i].thread, NULL, work, &w[i]) != 0)
            break;
        started++;
    }
    if (started == 0)
        work(&w[0]);
    while (progress && progress->progress && atomic_load(&c->done) < to &&
           atomic_load(&c->status) == 0 && started > 0) {
        struct timespec ts = {0, 200 * 1000 * 1000};
        nanosleep(&ts, NULL);
        report_progress(progress, atomic_load(&c->done), total, t0, false, 0, false);
        if (cancelled(progress))
            break;
    }
    for (int i = 0; i < started; i++)
        pthread_join(w[i].thread, NULL);
    return mpi_merge_batch(c, from, to);
}

static enum os_verdict availability_verdict(const os_figure *f, double target, uint64_t *settle)
{
    *settle = 0;
    if (f->n == 0)
        return OS_VERDICT_UNCERTAIN;
    if (f->n == 1)
        return f->mean >= target ? OS_VERDICT_PASS : OS_VERDICT_FAIL;
    if (f->lo >= target)
        return OS_VERDICT_PASS;
    if (f->hi < target)
        return OS_VERDICT_FAIL;
    double gap = fabs(f->mean - target), hw = os_figure_half_width(f);
    if (gap > 0) {
        double need = (double)f->n * (hw / gap) * (hw / gap);
        *settle = need > 1e15 ? UINT64_MAX : (uint64_t)ceil(need);
    }
    return OS_VERDICT_UNCERTAIN;
}

/* A router's or flow's figures: the data-plane part of a connection's, plus switches. */
static void summarise_entity(collector *c, uint64_t n, size_t e, os_entity_result *er)
{
    const os_scenario *sc = c->sc;
    er->ref = os_entity_ref(sc, e);
    er->target =
        er->ref.kind == OS_ENTITY_FLOW ? sc->flows[er->ref.index].target : sc->sla.availability;
    er->availability = os_figure_of(c->avail[e], n);
    er->miss_share = os_share_below(c->avail[e], n, er->target, 0.5 / (double)sc->sim.horizon);
    er->sla_compliance = os_figure_of(c->sla[e], n);
    er->outage_duration = os_figure_scaled(os_figure_of(c->outages[e].v, c->outages[e].n), 1e-3);
    er->outages = os_figure_of(c->outn[e], n);
    if (er->ref.kind == OS_ENTITY_ROUTER)
        er->switches = os_figure_of(c->sw[e], n);
    er->verdict = availability_verdict(&er->availability, er->target, &er->settle_replications);
    er->composite_independent = NAN;
}

/* P(at least k of n independent members are up), member j up with probability a[j]
 * (a Poisson-binomial tail, by dynamic programming; p[] has room for n + 1 values). */
static double at_least_k(const double *a, size_t n, size_t k, double *p)
{
    p[0] = 1;
    for (size_t j = 1; j <= n; j++)
        p[j] = 0;
    for (size_t j = 0; j < n; j++) {
        for (size_t m = j + 1; m > 0; m--)
            p[m] = p[m] * (1 - a[j]) + p[m - 1] * a[j];
        p[0] *= 1 - a[j];
    }
    double tail = 0;
    for (size_t m = k; m <= n; m++)
        tail += p[m];
    return tail < 1 ? tail : 1;
}

/* The independence estimate of node k of flow fl (SPEC §6.3) from members' means. */
static double independent_node(const os_scenario *sc, const os_flow *fl, size_t k,
                               const double *mean)
{
    const os_flow_node *node = &fl->nodes[k];
    size_t n = node->n_terms;
    double *a = malloc((2 * n + 1) * sizeof *a);
    if (!a)
        return NAN;
    for (size_t j = 0; j < n; j++) {
        const os_flow_term *tm = &node->terms[j];
        a[j] = tm->node >= 0 ? independent_node(sc, fl, (size_t)tm->node, mean)
                             : mean[os_entity_id(sc, tm->ref)];
    }
    double v = at_least_k(a, n, (size_t)node->k, a + n);
    free(a);
    return v;
}

/* Flows' independence estimates once every entity's mean is known (flows may name flows:
 * in dependency order, a flow's named members are summarised before it). */
static int composite_estimates(const os_scenario *sc, os_run_result *res)
{
    size_t n = os_entity_count(sc);
    if (sc->n_flows == 0)
        return 0;
    double *mean = calloc(n + 1, sizeof *mean);
    if (!mean)
        return -1;
    for (size_t e = 0; e < n; e++) {
        os_entity_view v = os_run_entity(res, e);
        mean[e] = v.availability->n ? v.availability->mean : NAN;
    }
    int rc = 0;
    for (size_t f = 0; f < sc->n_flows; f++) {
        res->flows[f].composite_independent = independent_node(sc, &sc->flows[f], 0, mean);
        if (isnan(res->flows[f].composite_independent))
            rc = -1; /* an allocation failed (every mean is a number) */
    }
    free(mean);
    return rc;
}

static void summarise(collector *c, uint64_t n, os_run_result *res)
{
    const os_scenario *sc = c->sc;
    for (size_t e = sc->n_connections; e < c->n_conn; e++) {
        os_ref ref = os_entity_ref(sc, e);
        summarise_entity(c, n, e,
                         ref.kind == OS_ENTITY_ROUTER ? &res->routers[ref.index]
                                                      : &res->flows[ref.index]);
    }
    for (size_t i = 0; i < sc->n_connections; i++) {
        os_conn_result *cr = &res->conn[i];
        cr->availability = os_figure_of(c->avail[i], n);
        cr->miss_share =
            os_share_below(c->avail[i], n, sc->sla.availability, 0.5 / (double)sc->sim.horizon);
        cr->cp_availability = os_figure_of(c->cp[i], n);
        cr->sla_compliance = os_figure_of(c->sla[i], n);
        if (sc->sc.enabled && sc->sc.has_operations)
            cr->ops_success = os_figure_of(c->ops[i], n);
        cr->outage_duration =
            os_figure_scaled(os_figure_of(c->outages[i].v, c->outages[i].n), 1e-3);
        cr->verdict =
            availability_verdict(&cr->availability, sc->sla.availability, &cr->settle_replications);
    }
    res->incidents = os_figure_of(c->incidents, n);
    res->failovers = os_figure_of(c->failovers, n);
    res->lost_writes = os_figure_of(c->lost, n);
    if (sc->costs.enabled) {
        res->cost.enabled = true;
        res->cost.currency = sc->costs.currency;
        res->cost.infrastructure = os_figure_of(c->cost[0], n);
        res->cost.downtime = os_figure_of(c->cost[1], n);
        res->cost.credits = os_figure_of(c->cost[2], n);
        res->cost.total = os_figure_of(c->cost[3], n);
    }
    res->rto = os_figure_scaled(os_figure_of(c->rto.v, c->rto.n), 1e-3);
    res->rpo = os_figure_scaled(os_figure_of(c->rpo.v, c->rpo.n), 1e-3);
    res->rto_verdict = res->rto.n == 0 || res->rto.max * 1e3 <= (double)sc->sla.rto + 0.5
                           ? OS_VERDICT_PASS
                           : OS_VERDICT_FAIL;
    res->rpo_verdict = res->rpo.n == 0 || res->rpo.max * 1e3 <= (double)sc->sla.rpo + 0.5
                           ? OS_VERDICT_PASS
                           : OS_VERDICT_FAIL;
    res->worst_rep = c->rto.n ? c->worst_rep : UINT64_MAX;
    res->replications = n;
    res->events = c->events;
}

const char *os_stop_reason_str(enum os_stop_reason r)
{
    switch (r) {
    case OS_STOP_PRECISION:
        return "precision";
    case OS_STOP_VERDICT:
        return "verdict";
    case OS_STOP_MAX_REPLICATIONS:
        return "max_replications";
    default:
        return "fixed";
    }
}

/* The stopping rule (SPEC §5.1) on replications 0..n-1: which rules hold. */
typedef struct rule {
    bool precision, verdict; /* the rules asked for */
    double goal;
    bool relative;
} rule;

/* The exact verdict of entity e when its exact answer is known (SPEC §5.2): at or above
 * the target (allowing for the rounding of 1 - unavailability) passes. */
static bool exact_decides(const os_run_result *res, size_t e, double target, enum os_verdict *v)
{
    const os_scenario *sc = res->sc;
    const os_exact_conn *x = NULL;
    if (e < sc->n_connections)
        x = res->exact ? &res->exact[e] : NULL;
    else if (os_entity_ref(sc, e).kind == OS_ENTITY_FLOW && res->flow_exact)
        x = &res->flow_exact[os_entity_ref(sc, e).index];
    if (!x || !x->in_class)
        return false;
    *v = os_exact_meets(x, target) ? OS_VERDICT_PASS : OS_VERDICT_FAIL;
    return true;
}

static bool rule_holds(collector *c, const os_run_result *res, uint64_t n, const rule *ru,
                       double *scratch, double *half_width, double *worst_ratio)
{
    bool prec_ok = true, verdict_ok = true;
    *worst_ratio = 0;
    for (size_t i = 0; i < c->n_conn; i++) {
        memcpy(scratch, c->avail[i], n * sizeof(double));
        os_figure f = os_figure_of(scratch, n);
        double hw = os_figure_half_width(&f);
        half_width[i] = hw;
        double limit = ru->relative ? ru->goal * (1.0 - f.mean) : ru->goal;
        if (ru->precision) {
            if (!(hw <= limit))
                prec_ok = false;
            double ratio = limit > 0 ? hw / limit : (hw > 0 ? INFINITY : 0);
            if (ratio > *worst_ratio)
                *worst_ratio = ratio;
        }
        uint64_t settle;
        os_ref ref = os_entity_ref(c->sc, i);
        double target =
            ref.kind == OS_ENTITY_FLOW ? c->sc->flows[ref.index].target : c->sc->sla.availability;
        enum os_verdict xv;
        /* a verdict the exact answer already decides needs no more replications */
        if (availability_verdict(&f, target, &settle) == OS_VERDICT_UNCERTAIN &&
            !exact_decides(res, i, target, &xv))
            verdict_ok = false;
    }
    return (!ru->precision || prec_ok) && (!ru->verdict || verdict_ok);
}

int os_run(const os_scenario *sc, const os_run_options *opt, os_run_result **out, os_error *err)
{
    os_init();
    *out = NULL;
    collector c;
    memset(&c, 0, sizeof c);
    pthread_mutex_init(&c.lock, NULL);
    c.sc = sc;
    c.n_conn = os_entity_count(sc);
    c.n_connections = sc->n_connections;
    c.seed = opt && opt->seed_set ? opt->seed : sc->sim.seed;
    rule ru = {
        .precision = opt && opt->precision_set ? true : sc->sim.precision > 0,
        .goal = opt && opt->precision_set ? opt->precision : sc->sim.precision,
        .relative =
            opt && opt->precision_set ? opt->precision_relative : sc->sim.precision_relative,
        .verdict = (opt && opt->until_verdict) || sc->sim.until == OS_UNTIL_VERDICT,
    };
    bool adaptive = ru.precision || ru.verdict;
    uint64_t n_fixed = opt && opt->replications ? opt->replications : sc->sim.replications;
    uint64_t max_n =
        opt && opt->max_replications ? opt->max_replications : sc->sim.max_replications;
    uint64_t batch = sc->sim.batch ? sc->sim.batch : 100;
    uint64_t min_n = sc->sim.min_replications;
    uint64_t cap = adaptive ? (batch < max_n ? batch : max_n) : n_fixed;
    int n_threads = opt && opt->threads > 0 ? opt->threads : default_threads();
    if ((uint64_t)n_threads > cap)
        n_threads = (int)cap;
    worker *w = calloc((size_t)n_threads, sizeof *w);
    os_run_result *res = calloc(1, sizeof *res);
    double *scratch = NULL;
    int rc = OS_ERR_NOMEM;
    size_t m = c.n_conn ? c.n_conn : 1;
    c.avail = calloc(m, sizeof(double *));
    c.cp = calloc(m, sizeof(double *));
    c.sla = calloc(m, sizeof(double *));
    c.ops = calloc(m, sizeof(double *));
    c.outn = calloc(m, sizeof(double *));
    c.sw = calloc(m, sizeof(double *));
    c.outages = calloc(m, sizeof(os_vec));
    c.mark_outages = calloc(m, sizeof(size_t));
    if (!w || !res || !c.avail || !c.cp || !c.sla || !c.ops || !c.outn || !c.sw || !c.outages ||
        !c.mark_outages || mc_geo_init(&c.geo, sc->n_geo_targets) < 0)
        goto nomem;
    res->sc = sc;
    res->seed = c.seed;
    /* A scenario's absolute precision is below 1 (the loader says so); an option can be any
     * positive number, and one above 1 holds for any availability (a fraction): the first
     * check stops the run. Most likely a percentage without its '%'. */
    if (ru.precision && !ru.relative && ru.goal > 1 &&
        os_warnings_addf(&res->warnings, NULL, 0, 0,
                         "--precision: an absolute half-width of %g is wider than any "
                         "availability interval (availability is a fraction from 0 to 1), so "
                         "the run stops at its first check; did you mean '%g%%'?",
                         ru.goal, ru.goal) < 0)
        goto nomem;
    res->conn = calloc(m, sizeof *res->conn);
    res->half_width = calloc(m, sizeof(double));
    if (sc->n_routers)
        res->routers = calloc(sc->n_routers, sizeof *res->routers);
    if (sc->n_flows)
        res->flows = calloc(sc->n_flows, sizeof *res->flows);
    if (!res->conn || !res->half_width || (sc->n_routers && !res->routers) ||
        (sc->n_flows && !res->flows))
        goto nomem;
    /* The exact answer first (it is cheap): a stopping rule on verdicts uses it. */
    if (sc->sim.start == OS_START_STEADY && os_exact_ignored_events(sc) == 0) {
        res->exact = calloc(m, sizeof *res->exact);
        if (!res->exact)
            goto nomem;
        os_error xerr;
        os_error_clear(&xerr);
        int xrc = os_exact_solve(sc, res->exact, &xerr);
        if (xrc == OS_ERR_NOMEM) { /* out of memory is an error, not "no exact answer" */
            if (err)
                *err = xerr;
            rc = xrc;
            goto out;
        }
        if (xrc == 0 && sc->n_flows) {
            res->flow_exact = calloc(sc->n_flows, sizeof *res->flow_exact);
            xrc = res->flow_exact ? os_exact_solve_flows(sc, res->exact, res->flow_exact, &xerr)
                                  : OS_ERR_NOMEM;
            if (xrc == OS_ERR_NOMEM) {
                if (err)
                    *err = xerr;
                rc = xrc;
                goto out;
            }
        }
        if (xrc != 0) {
            free(res->exact);
            res->exact = NULL; /* the exact answer is an extra; the run stands without it */
            free(res->flow_exact);
            res->flow_exact = NULL;
        }
    }
    if ((rc = collector_grow(&c, cap)) < 0)
        goto grow_failed;
    for (int i = 0; i < n_threads; i++) {
        w[i].c = &c;
        w[i].sim = os_sim_new(sc, err);
        if (!w[i].sim) {
            rc = err ? err->status : OS_ERR_NOMEM;
            goto out;
        }
        os_sim_set_cancel(w[i].sim, opt ? opt->cancel : NULL);
        if (os_rep_result_init(&w[i].res, c.n_conn) < 0)
            goto nomem;
    }
    double t0 = now_seconds();
    uint64_t n = 0;
    res->stop = OS_STOP_FIXED;
    if (!adaptive) {
        rc = run_batch(&c, w, n_threads, 0, n_fixed, opt, n_fixed, t0);
        n = n_fixed;
        report_progress(opt, atomic_load(&c.done), n_fixed, t0, false, 0, true);
    } else {
        /* whole batches of replications 0..n-1, so the stopping point never depends on
         * the thread count */
        for (;;) {
            uint64_t to = n + batch < max_n ? n + batch : max_n;
            if (to > c.cap && (rc = collector_grow(&c, to > 2 * c.cap ? to : 2 * c.cap)) < 0)
                goto grow_failed;
            rc = run_batch(&c, w, n_threads, n, to, NULL, to, t0);
            if (rc != 0 || cancelled(opt))
                break;
            n = to;
            free(scratch);
            scratch = malloc((size_t)n * sizeof(double));
            if (!scratch)
                goto nomem;
            double worst = 0;
            bool holds = rule_holds(&c, res, n, &ru, scratch, res->half_width, &worst);
            report_progress(opt, n, 0, t0, ru.precision, worst, false);
            if (n >= min_n && holds) {
                res->stop = ru.precision ? OS_STOP_PRECISION : OS_STOP_VERDICT;
                break;
            }
            if (n >= max_n) {
                res->stop = OS_STOP_MAX_REPLICATIONS;
                break;
            }
        }
        report_progress(opt, n, 0, t0, ru.precision, 0, true);
    }
    if (rc == 0 && cancelled(opt))
        rc = os_error_set(&c.err, OS_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
    if (rc != 0) {
        if (err)
            *err = c.err;
        goto out;
    }
    res->precision = ru.precision ? ru.goal : 0;
    res->precision_relative = ru.relative;
    res->until_verdict = ru.verdict;
    summarise(&c, n, res);
    res->cost.exact_downtime = NAN;
    if (sc->costs.enabled && res->exact)
        res->cost.exact_downtime =
            os_exact_downtime_cost(sc, res->exact, res->flow_exact, &res->cost.exact_entities,
                                   &res->cost.counted_entities);
    if (mc_geo_summarise(&c.geo, sc, n, res) < 0 || composite_estimates(sc, res) != 0)
        goto nomem;
    if (c.rto.n) { /* sorted by summarise; the result keeps them */
        res->rto_ms = c.rto.v;
        c.rto = (os_vec){0};
    }
    if (c.rpo.n) {
        res->rpo_ms = c.rpo.v;
        c.rpo = (os_vec){0};
    }
    res->rep_availability = c.avail; /* sorted by summarise; the result keeps them */
    res->n_rep_availability = c.n_conn;
    c.avail = NULL;
    for (size_t i = 0; i < c.n_connections; i++)
        res->half_width[i] = os_figure_half_width(&res->conn[i].availability);
    res->wall_seconds = now_seconds() - t0;
    for (size_t i = 0; i < c.n_connections; i++) {
        os_conn_result *cr = &res->conn[i];
        cr->exact_verdict = OS_VERDICT_UNCERTAIN;
        cr->exact_known = exact_decides(res, i, sc->sla.availability, &cr->exact_verdict);
    }
    *out = res;
    res = NULL;
    rc = 0;
    goto out;
grow_failed:
    if (rc == -2) {
        rc = os_error_set(err, OS_ERR_LIMIT, sc->path, 0, 0,
                          "%llu replications x %zu connections would keep more than 4 GiB of "
                          "per-replication figures; use fewer replications (or a precision goal "
                          "with max_replications)",
                          (unsigned long long)(adaptive ? max_n : n_fixed), c.n_conn);
        goto out;
    }
nomem:
    rc = os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
out:
    free(scratch);
    if (w)
        for (int i = 0; i < n_threads; i++) {
            os_sim_free(w[i].sim);
            os_rep_result_free(&w[i].res);
        }
    free(w);
    os_run_result_free(res);
    collector_free(&c);
    return rc;
}

os_entity_view os_run_entity(const os_run_result *r, size_t e)
{
    const os_scenario *sc = r->sc;
    os_entity_view v = {.ref = os_entity_ref(sc, e)};
    v.name = os_entity_name(sc, v.ref);
    if (v.ref.kind == OS_ENTITY_CONNECTION) {
        const os_conn_result *c = &r->conn[e];
        v.target = sc->sla.availability;
        v.availability = &c->availability;
        v.sla_compliance = &c->sla_compliance;
        v.outage_duration = &c->outage_duration;
        v.miss_share = c->miss_share;
        v.verdict = c->verdict;
        return v;
    }
    const os_entity_result *er =
        v.ref.kind == OS_ENTITY_ROUTER ? &r->routers[v.ref.index] : &r->flows[v.ref.index];
    v.target = er->target;
    v.availability = &er->availability;
    v.sla_compliance = &er->sla_compliance;
    v.outage_duration = &er->outage_duration;
    v.miss_share = er->miss_share;
    v.verdict = er->verdict;
    return v;
}

void os_run_result_free(os_run_result *r)
{
    if (!r)
        return;
    os_warnings_free(&r->warnings);
    if (r->rep_availability)
        for (size_t i = 0; i < r->n_rep_availability; i++)
            free(r->rep_availability[i]);
    free(r->rep_availability);
    free(r->conn);
    free(r->routers);
    free(r->flows);
    free(r->half_width);
    free(r->exact);
    free(r->flow_exact);
    for (size_t i = 0; r->geo && i < r->n_geo; i++) {
        free(r->geo[i].rto_ms);
        free(r->geo[i].rpo_ms);
    }
    free(r->geo);
    free(r->rto_ms);
    free(r->rpo_ms);
    free(r);
}
