/* dr.c — the connection service's own active-passive disaster recovery (SPEC §1.6): serving
 * state, incidents, health checks, failover triggers, failover to the directed pair, failback,
 * restore points, RTO, RPO and lost writes.
 *
 * Everything here reacts to region health as settled by sim.c; dr_reconcile() is the single
 * place where the serving state and the incident boundaries are decided. */
#include <stdio.h>

#include "sim_internal.h"

static const os_service_connector *conf(const os_sim *s)
{
    return &s->sc->sc;
}

static const char *region_name(const os_sim *s, int r)
{
    return s->sc->regions[r].name;
}

/* --- the operations workload (writes lost by a failover) ---------------------------------- */

static double serv_ops_at(const os_sim *s, os_ms t)
{
    const dr_state *d = &s->dr;
    double x = d->serv_ops;
    if (d->serving)
        x += sim_ops_between(conf(s)->ops_per_ms, d->serv_last, t);
    return x;
}

/* Remembers the serving-ops count at the latest restore point at or before t. Called before
 * every serving change, so the state has been constant since the last one. */
static void restore_point_update(os_sim *s, os_ms t)
{
    dr_state *d = &s->dr;
    os_ms interval = conf(s)->backup_interval;
    if (interval <= 0)
        return;
    os_ms rp = t / interval * interval;
    if (rp > d->rp_time) {
        d->serv_ops_at_rp = serv_ops_at(s, rp);
        d->rp_time = rp;
    }
}

static void set_serving(os_sim *s, bool serving)
{
    dr_state *d = &s->dr;
    if (serving == d->serving)
        return;
    if (conf(s)->has_operations) {
        restore_point_update(s, s->now);
        d->serv_ops = serv_ops_at(s, s->now);
        d->serv_last = s->now;
    }
    d->serving = serving;
    sim_mark_all_cp_dirty(s);
    sim_emit(s, "service", "connector", serving ? "serving" : "not_serving",
             region_name(s, d->active), 0);
}

/* The last restore point at or before t (t itself with continuous replication). */
static os_ms restore_point(const os_sim *s, os_ms t)
{
    os_ms interval = conf(s)->backup_interval;
    return interval > 0 ? t / interval * interval : t;
}

/* --- incidents ----------------------------------------------------------------------------- */

static void start_incident(os_sim *s)
{
    dr_state *d = &s->dr;
    d->in_incident = true;
    d->incident_start = s->now;
    d->incident_failed_over = false;
    d->incident_lost = 0;
    if (conf(s)->has_operations && conf(s)->backup_interval > 0) {
        restore_point_update(s, s->now);
        d->incident_lost = conf(s)->write_share * (serv_ops_at(s, s->now) - d->serv_ops_at_rp);
    }
    s->out->incidents++;
    sim_emit(s, "incident", "connector", "started", region_name(s, d->active), 0);
}

static void close_incident(os_sim *s, os_ms t)
{
    dr_state *d = &s->dr;
    os_ms rto = t - d->incident_start;
    d->in_incident = false;
    /* a failure is recorded in s->status and stops the replication */
    if (sim_push(s, &s->out->rto_ms, (double)rto) != 0)
        return;
    if (!d->incident_failed_over && sim_push(s, &s->out->rpo_ms, 0.0) != 0)
        return;
}

/* --- failover ------------------------------------------------------------------------------ */

static void trigger_failover(os_sim *s, const char *why)
{
    dr_state *d = &s->dr;
    if (!d->in_incident || d->fo != FO_NONE)
        return; /* the first trigger wins */
    int target = s->sc->regions[d->active].pair;
    if (target < 0) {
        sim_emit(s, "failover", "connector", "no_target", why, 0);
        return;
    }
    d->fo = FO_DECIDING;
    d->fo_target = target;
    os_ms delay = os_dist_draw(&conf(s)->decision_delay, s->rng_dr, 0);
    if (sim_schedule_h(s, s->now + delay, OS_CLASS_PLATFORM, EV_FAILOVER_DECIDED, 0, 0,
                       &d->fo_event) != 0)
        return; /* OS_ERR_NOMEM: recorded in s->status, the replication stops */
    sim_emit(s, "failover", region_name(s, target), "triggered", why, d->hc_count);
}

static void start_failover(os_sim *s)
{
    dr_state *d = &s->dr;
    const os_service_connector *c = conf(s);
    os_ms dur = os_dist_draw(c->mode == OS_FAILOVER_AUTOMATIC ? &c->dns_remap : &c->manual_duration,
                             s->rng_dr, 1);
    os_ms longest = 0;
    for (size_t i = 0; i < c->n_underlying; i++) {
        os_ms u = os_dist_draw(&c->underlying[i].duration, s->rng_dr, 1);
        if (u > longest)
            longest = u;
    }
    d->fo = FO_RUNNING;
    if (sim_schedule_h(s, s->now + dur + longest, OS_CLASS_PLATFORM, EV_FAILOVER_DONE, 0, 0,
                       &d->fo_event) != 0)
        return;
    sim_emit(s, "failover", region_name(s, d->fo_target), "started",
             c->mode == OS_FAILOVER_AUTOMATIC ? "dns remap" : "manual", dur + longest);
}

static void complete_failover(os_sim *s)
{
    dr_state *d = &s->dr;
    d->fo = FO_NONE;
    d->fo_event = 0;
    d->active = d->fo_target;
    os_ms rpo = d->incident_start - restore_point(s, d->incident_start);
    s->out->failovers++;
    if (sim_push(s, &s->out->rpo_ms, (double)rpo) != 0)
        return;
    if (!d->incident_failed_over)
        s->out->lost_writes += d->incident_lost;
    d->incident_failed_over = true;
    sim_emit(s, "failover", region_name(s, d->active), "completed", "restored", rpo);
}

/* --- failback ------------------------------------------------------------------------------ */

/* Starts a failback when one is due now (returns true), or schedules the moment it will be. */
static bool maybe_failback(os_sim *s)
{
    dr_state *d = &s->dr;
    const os_service_connector *c = conf(s);
    if (!c->failback || d->active == c->primary || !d->serving || d->in_incident ||
        d->fo != FO_NONE || d->failback_running || d->primary_healthy_since < 0)
        return false;
    os_ms due = d->primary_healthy_since + d->failback_after;
    if (due > s->now) {
        if (d->failback_due_at != due) {
            d->failback_due_at = due;
            if (sim_schedule(s, due, OS_CLASS_PLATFORM, EV_FAILBACK_DUE, 0, 0) != 0)
                return false;
        }
        return false;
    }
    os_ms downtime = os_dist_draw(&c->failback_downtime, s->rng_dr, 0);
    d->active = c->primary;
    sim_emit(s, "failback", region_name(s, c->primary), "started", NULL, downtime);
    if (downtime > 0) {
        d->failback_running = true;
        if (sim_schedule(s, s->now + downtime, OS_CLASS_PLATFORM, EV_FAILBACK_DONE, 0, 0) != 0)
            return false;
    } else {
        sim_emit(s, "failback", region_name(s, c->primary), "completed", NULL, 0);
    }
    return true;
}

void dr_primary_health(os_sim *s, bool healthy_now)
{
    dr_state *d = &s->dr;
    if (healthy_now) {
        d->primary_healthy_since = s->now;
        if (conf(s)->failback)
            d->failback_after = os_dist_draw(&conf(s)->failback_after, s->rng_dr, 0);
    } else {
        d->primary_healthy_since = -1;
    }
}

/* --- the one place serving and incidents are decided --------------------------------------- */

void dr_reconcile(os_sim *s)
{
    dr_state *d = &s->dr;
    for (int round = 0; round < 4; round++) {
        bool healthy = s->healthy[d->active];
        if (!d->in_incident && !healthy)
            start_incident(s);
        if ((d->fo == FO_DECIDING || d->fo == FO_WAITING) && healthy) {
            os_kernel_cancel(s->k, d->fo_event);
            d->fo = FO_NONE;
            d->fo_event = 0;
            sim_emit(s, "failover", region_name(s, d->fo_target), "cancelled",
                     "active region recovered", 0);
        }
        if (d->fo == FO_WAITING && s->healthy[d->fo_target])
            start_failover(s);
        bool serving = healthy && d->fo != FO_RUNNING && !d->failback_running;
        set_serving(s, serving);
        if (d->in_incident && serving) {
            close_incident(s, s->now);
            sim_emit(s, "incident", "connector", "ended", region_name(s, d->active),
                     s->now - d->incident_start);
        }
        if (!maybe_failback(s))
            break;
    }
}

void dr_region_outage_started(os_sim *s, int region)
{
    const os_service_connector *c = conf(s);
    if (c->has_declared_after &&
        sim_schedule(s, s->now + os_dist_draw(&c->declared_after, s->rng_dr, 0), OS_CLASS_TRIGGER,
                     EV_TRIGGER, region, OS_EV_OUTAGE_DECLARED) != 0)
        return; /* OS_ERR_NOMEM: recorded in s->status, the replication stops */
    if (c->has_report_after &&
        sim_schedule(s, s->now + os_dist_draw(&c->report_after, s->rng_dr, 0), OS_CLASS_TRIGGER,
                     EV_TRIGGER, region, OS_EV_CUSTOMER_REPORT) != 0)
        return;
}

bool dr_check_idle(const os_sim *s)
{
    const dr_state *d = &s->dr;
    return d->fo != FO_NONE || d->failback_running || (d->serving && d->hc_count == 0);
}

static void health_check(os_sim *s)
{
    dr_state *d = &s->dr;
    const os_service_connector *c = conf(s);
    if (d->fo != FO_NONE || d->failback_running)
        return; /* the count is held while a failover or failback is under way */
    if (d->serving) {
        d->hc_count = 0;
        return;
    }
    d->hc_count++;
    sim_emit(s, "health_check", "connector", "failed", region_name(s, d->active), d->hc_count);
    if (d->in_incident && d->hc_count >= c->hc_failures_to_trigger)
        trigger_failover(s, "health checks");
}

void dr_handle(os_sim *s, const os_kevent *ev)
{
    dr_state *d = &s->dr;
    switch ((enum ev_kind)ev->kind) {
    case EV_HEALTH_CHECK:
        health_check(s);
        break;
    case EV_TRIGGER: {
        const char *what = ev->b == OS_EV_OUTAGE_DECLARED ? "outage_declared" : "customer_report";
        sim_emit(s, "trigger", region_name(s, ev->a), what, NULL, 0);
        if (d->in_incident && ev->a == d->active)
            trigger_failover(s, what);
        break;
    }
    case EV_FAILOVER_DECIDED:
        if (d->fo != FO_DECIDING)
            break;
        if (s->healthy[d->fo_target]) {
            start_failover(s);
        } else {
            d->fo = FO_WAITING;
            sim_emit(s, "failover", region_name(s, d->fo_target), "waiting",
                     "target region not healthy", 0);
        }
        dr_reconcile(s);
        break;
    case EV_FAILOVER_DONE:
        complete_failover(s);
        dr_reconcile(s);
        break;
    case EV_FAILBACK_DUE:
        d->failback_due_at = -1;
        dr_reconcile(s);
        break;
    case EV_FAILBACK_DONE:
        d->failback_running = false;
        sim_emit(s, "failback", region_name(s, d->active), "completed", NULL, 0);
        dr_reconcile(s);
        break;
    default:
        break;
    }
}

void dr_start(os_sim *s)
{
    dr_state *d = &s->dr;
    *d = (dr_state){.serving = true, .primary_healthy_since = 0, .failback_due_at = -1};
    s->hc_next = INT64_MAX;
    if (!conf(s)->enabled)
        return;
    d->active = conf(s)->primary;
    if (conf(s)->failback)
        d->failback_after = os_dist_draw(&conf(s)->failback_after, s->rng_dr, 0);
    s->hc_next = conf(s)->hc_offset; /* sim.c runs the periodic checks */
}

void dr_finish(os_sim *s)
{
    if (conf(s)->enabled && s->dr.in_incident)
        close_incident(s, s->horizon); /* an open incident counts, RTO cut at the horizon */
}
