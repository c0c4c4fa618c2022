/* dr.c — the connection service's own active-passive disaster recovery (SPEC §1.6): serving
 * state, incidents, health checks, failover triggers, failover to the directed pair, failback,
 * restore points, RTO, RPO and lost writes.
 *
 * Everything here reacts to region health as the host settled it; dr_reconcile() is the single
 * place where the serving state and the incident boundaries are decided. The state is a
 * dr_state and the simulator is reached only through its dr_host (dr.h). */
#include <stdint.h>

#include "dr.h"

static os_ms now(const dr_state *d)
{
    return d->host->now(d->ctx);
}

static bool region_healthy(const dr_state *d, int region)
{
    return d->host->healthy(d->ctx, region);
}

static void emit(dr_state *d, const char *kind, const char *entity, const char *state,
                 const char *detail, int64_t value)
{
    d->host->emit(d->ctx, kind, entity, state, detail, value);
}

static int schedule(dr_state *d, os_ms t, enum os_class cls, enum dr_event ev, int32_t a, int32_t b,
                    os_khandle *h)
{
    return d->host->schedule(d->ctx, t, cls, ev, a, b, h);
}

/* os_vec_push that tells the host about a failure (it stops the replication). */
static int push(dr_state *d, os_vec *v, double x)
{
    if (os_vec_push(v, x) == 0)
        return 0;
    d->host->nomem(d->ctx);
    return OS_ERR_NOMEM;
}

static const char *region_name(const dr_state *d, int r)
{
    return d->regions[r].name;
}

/* --- the operations workload (writes lost by a failover) ---------------------------------- */

static double serv_ops_at(const dr_state *d, os_ms t)
{
    double x = d->serv_ops;
    if (d->serving)
        x += sim_ops_between(d->conf->ops_per_ms, d->serv_last, t);
    return x;
}

/* Remembers the serving-ops count at the latest restore point at or before t. Called before
 * every serving change, so the state has been constant since the last one. */
static void restore_point_update(dr_state *d, os_ms t)
{
    os_ms interval = d->conf->backup_interval;
    if (interval <= 0)
        return;
    os_ms rp = t / interval * interval;
    if (rp > d->rp_time) {
        d->serv_ops_at_rp = serv_ops_at(d, rp);
        d->rp_time = rp;
    }
}

static void set_serving(dr_state *d, bool serving)
{
    if (serving == d->serving)
        return;
    if (d->conf->has_operations) {
        restore_point_update(d, now(d));
        d->serv_ops = serv_ops_at(d, now(d));
        d->serv_last = now(d);
    }
    d->serving = serving;
    d->host->serving_changed(d->ctx);
    emit(d, "service", "connector", serving ? "serving" : "not_serving", region_name(d, d->active),
         0);
}

/* The last restore point at or before t (t itself with continuous replication). */
static os_ms restore_point(const dr_state *d, os_ms t)
{
    os_ms interval = d->conf->backup_interval;
    return interval > 0 ? t / interval * interval : t;
}

/* --- incidents ----------------------------------------------------------------------------- */

static void start_incident(dr_state *d)
{
    d->in_incident = true;
    d->incident_start = now(d);
    d->incident_failed_over = false;
    d->incident_lost = 0;
    if (d->conf->has_operations && d->conf->backup_interval > 0) {
        restore_point_update(d, now(d));
        d->incident_lost = d->conf->write_share * (serv_ops_at(d, now(d)) - d->serv_ops_at_rp);
    }
    d->out->incidents++;
    emit(d, "incident", "connector", "started", region_name(d, d->active), 0);
}

static void close_incident(dr_state *d, os_ms t)
{
    os_ms rto = t - d->incident_start;
    d->in_incident = false;
    /* a failure is the host stops the replication and stops the replication */
    if (push(d, &d->out->rto_ms, (double)rto) != 0)
        return;
    if (!d->incident_failed_over && push(d, &d->out->rpo_ms, 0.0) != 0)
        return;
}

/* --- failover ------------------------------------------------------------------------------ */

static void trigger_failover(dr_state *d, const char *why)
{
    if (!d->in_incident || d->fo != FO_NONE)
        return; /* the first trigger wins */
    int target = d->regions[d->active].pair;
    if (target < 0) {
        emit(d, "failover", "connector", "no_target", why, 0);
        return;
    }
    d->fo = FO_DECIDING;
    d->fo_target = target;
    os_ms delay = os_dist_draw(&d->conf->decision_delay, d->rng, 0);
    if (schedule(d, now(d) + delay, OS_CLASS_PLATFORM, DR_EV_FAILOVER_DECIDED, 0, 0,
                 &d->fo_event) != 0)
        return; /* OS_ERR_NOMEM: the host stops the replication, the replication stops */
    emit(d, "failover", region_name(d, target), "triggered", why, d->hc_count);
}

static void start_failover(dr_state *d)
{
    const os_service_connector *c = d->conf;
    os_ms dur = os_dist_draw(c->mode == OS_FAILOVER_AUTOMATIC ? &c->dns_remap : &c->manual_duration,
                             d->rng, 1);
    os_ms longest = 0;
    for (size_t i = 0; i < c->n_underlying; i++) {
        os_ms u = os_dist_draw(&c->underlying[i].duration, d->rng, 1);
        if (u > longest)
            longest = u;
    }
    d->fo = FO_RUNNING;
    if (schedule(d, now(d) + dur + longest, OS_CLASS_PLATFORM, DR_EV_FAILOVER_DONE, 0, 0,
                 &d->fo_event) != 0)
        return;
    emit(d, "failover", region_name(d, d->fo_target), "started",
         c->mode == OS_FAILOVER_AUTOMATIC ? "dns remap" : "manual", dur + longest);
}

static void complete_failover(dr_state *d)
{
    d->fo = FO_NONE;
    d->fo_event = 0;
    d->active = d->fo_target;
    os_ms rpo = d->incident_start - restore_point(d, d->incident_start);
    d->out->failovers++;
    if (push(d, &d->out->rpo_ms, (double)rpo) != 0)
        return;
    if (!d->incident_failed_over)
        d->out->lost_writes += d->incident_lost;
    d->incident_failed_over = true;
    emit(d, "failover", region_name(d, d->active), "completed", "restored", rpo);
}

/* --- failback ------------------------------------------------------------------------------ */

/* Starts a failback when one is due now (returns true), or schedules the moment it will be. */
static bool maybe_failback(dr_state *d)
{
    const os_service_connector *c = d->conf;
    if (!c->failback || d->active == c->primary || !d->serving || d->in_incident ||
        d->fo != FO_NONE || d->failback_running || d->primary_healthy_since < 0)
        return false;
    os_ms due = d->primary_healthy_since + d->failback_after;
    if (due > now(d)) {
        if (d->failback_due_at != due) {
            d->failback_due_at = due;
            if (schedule(d, due, OS_CLASS_PLATFORM, DR_EV_FAILBACK_DUE, 0, 0, NULL) != 0)
                return false;
        }
        return false;
    }
    os_ms downtime = os_dist_draw(&c->failback_downtime, d->rng, 0);
    d->active = c->primary;
    emit(d, "failback", region_name(d, c->primary), "started", NULL, downtime);
    if (downtime > 0) {
        d->failback_running = true;
        if (schedule(d, now(d) + downtime, OS_CLASS_PLATFORM, DR_EV_FAILBACK_DONE, 0, 0, NULL) != 0)
            return false;
    } else {
        emit(d, "failback", region_name(d, c->primary), "completed", NULL, 0);
    }
    return true;
}

void dr_primary_health(dr_state *d, bool healthy_now)
{
    if (healthy_now) {
        d->primary_healthy_since = now(d);
        if (d->conf->failback)
            d->failback_after = os_dist_draw(&d->conf->failback_after, d->rng, 0);
    } else {
        d->primary_healthy_since = -1;
    }
}

/* --- the one place serving and incidents are decided --------------------------------------- */

void dr_reconcile(dr_state *d)
{
    for (int round = 0; round < 4; round++) {
        bool healthy = region_healthy(d, d->active);
        if (!d->in_incident && !healthy)
            start_incident(d);
        if ((d->fo == FO_DECIDING || d->fo == FO_WAITING) && healthy) {
            d->host->cancel(d->ctx, d->fo_event);
            d->fo = FO_NONE;
            d->fo_event = 0;
            emit(d, "failover", region_name(d, d->fo_target), "cancelled",
                 "active region recovered", 0);
        }
        if (d->fo == FO_WAITING && region_healthy(d, d->fo_target))
            start_failover(d);
        bool serving = healthy && d->fo != FO_RUNNING && !d->failback_running;
        set_serving(d, serving);
        if (d->in_incident && serving) {
            close_incident(d, now(d));
            emit(d, "incident", "connector", "ended", region_name(d, d->active),
                 now(d) - d->incident_start);
        }
        if (!maybe_failback(d))
            break;
    }
}

void dr_region_outage_started(dr_state *d, int region)
{
    const os_service_connector *c = d->conf;
    if (c->has_declared_after &&
        schedule(d, now(d) + os_dist_draw(&c->declared_after, d->rng, 0), OS_CLASS_TRIGGER,
                 DR_EV_TRIGGER, region, OS_EV_OUTAGE_DECLARED, NULL) != 0)
        return; /* OS_ERR_NOMEM: the host stops the replication, the replication stops */
    if (c->has_report_after &&
        schedule(d, now(d) + os_dist_draw(&c->report_after, d->rng, 0), OS_CLASS_TRIGGER,
                 DR_EV_TRIGGER, region, OS_EV_CUSTOMER_REPORT, NULL) != 0)
        return;
}

bool dr_check_idle(const dr_state *d)
{
    return d->fo != FO_NONE || d->failback_running || (d->serving && d->hc_count == 0);
}

void dr_health_check(dr_state *d)
{
    const os_service_connector *c = d->conf;
    if (d->fo != FO_NONE || d->failback_running)
        return; /* the count is held while a failover or failback is under way */
    if (d->serving) {
        d->hc_count = 0;
        return;
    }
    d->hc_count++;
    emit(d, "health_check", "connector", "failed", region_name(d, d->active), d->hc_count);
    if (d->in_incident && d->hc_count >= c->hc_failures_to_trigger)
        trigger_failover(d, "health checks");
}

void dr_handle(dr_state *d, enum dr_event ev, int32_t a, int32_t b)
{
    switch (ev) {
    case DR_EV_TRIGGER: {
        const char *what = b == OS_EV_OUTAGE_DECLARED ? "outage_declared" : "customer_report";
        emit(d, "trigger", region_name(d, a), what, NULL, 0);
        if (d->in_incident && a == d->active)
            trigger_failover(d, what);
        break;
    }
    case DR_EV_FAILOVER_DECIDED:
        if (d->fo != FO_DECIDING)
            break;
        if (region_healthy(d, d->fo_target)) {
            start_failover(d);
        } else {
            d->fo = FO_WAITING;
            emit(d, "failover", region_name(d, d->fo_target), "waiting",
                 "target region not healthy", 0);
        }
        dr_reconcile(d);
        break;
    case DR_EV_FAILOVER_DONE:
        complete_failover(d);
        dr_reconcile(d);
        break;
    case DR_EV_FAILBACK_DUE:
        d->failback_due_at = -1;
        dr_reconcile(d);
        break;
    case DR_EV_FAILBACK_DONE:
        d->failback_running = false;
        emit(d, "failback", region_name(d, d->active), "completed", NULL, 0);
        dr_reconcile(d);
        break;
    }
}

void dr_init(dr_state *d, const os_service_connector *conf, const os_region *regions,
             const dr_host *host, void *ctx, gsl_rng *rng)
{
    *d = (dr_state){.conf = conf, .regions = regions, .host = host, .ctx = ctx, .rng = rng};
}

os_ms dr_start(dr_state *d, os_rep_result *out)
{
    d->out = out;
    d->active = 0;
    d->serving = true;
    d->in_incident = false;
    d->incident_start = 0;
    d->incident_failed_over = false;
    d->hc_count = 0;
    d->fo = FO_NONE;
    d->fo_target = 0;
    d->fo_event = 0;
    d->failback_running = false;
    d->primary_healthy_since = 0;
    d->failback_after = 0;
    d->failback_due_at = -1;
    d->serv_ops = 0;
    d->serv_last = 0;
    d->rp_time = 0;
    d->serv_ops_at_rp = 0;
    d->incident_lost = 0;
    if (!d->conf->enabled)
        return INT64_MAX;
    d->active = d->conf->primary;
    if (d->conf->failback)
        d->failback_after = os_dist_draw(&d->conf->failback_after, d->rng, 0);
    return d->conf->hc_offset; /* the host runs the periodic checks */
}

void dr_finish(dr_state *d, os_ms horizon)
{
    if (d->conf->enabled && d->in_incident)
        close_incident(d, horizon); /* an open incident counts, RTO cut at the horizon */
}
