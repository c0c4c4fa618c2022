/* check.c — SLA regression checks: matching a baseline (baseline.c) against the scenario and
 * comparing a new run with it, item by item, with outcomes (pass, fail, improved, changed).
 *
 * Not here: reading the baseline file (baseline.c), the text and JUnit summaries
 * (report/check_report.c), running the scenario (montecarlo.c), printing (the CLI). */

#include "outagesim/check.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "outagesim/montecarlo.h"
#include "outagesim/output.h"
#include "input/yamltree.h"
#include "check_internal.h"

/* --- matching ------------------------------------------------------------------------------- */

char *check_fmt_seconds(double s, char *buf, size_t size)
{
    os_duration_format((os_ms)llround(s * 1e3), buf, size);
    return buf;
}

/* The geo-replicated targets, by name and in order. */
static int match_geo(const os_baseline *b, const os_scenario *sc, os_error *err)
{
    char x[256], y[256];
    size_t k = 0;
    for (size_t t = 0; t < sc->n_targets; t++) {
        if (!sc->targets[t].geo)
            continue;
        if (k >= b->n_geo)
            return os_error_set(err, OS_ERR_INPUT, b->path, b->top_mark.line, b->top_mark.column,
                                "targets: geo-replicated target '%s' is not in the baseline",
                                check_clean_name(sc->targets[t].name, x, sizeof x));
        if (strcmp(b->geo[k].name, sc->targets[t].name) != 0)
            return os_error_set(err, OS_ERR_INPUT, b->path, b->geo[k].mark.line,
                                b->geo[k].mark.column,
                                "targets[%zu]: the baseline has geo-replicated target '%s' where "
                                "the scenario has '%s'",
                                k, check_clean_name(b->geo[k].name, x, sizeof x),
                                check_clean_name(sc->targets[t].name, y, sizeof y));
        k++;
    }
    if (k < b->n_geo)
        return os_error_set(err, OS_ERR_INPUT, b->path, b->geo[k].mark.line, b->geo[k].mark.column,
                            "targets[%zu]: '%s' is not a geo-replicated target of the scenario", k,
                            check_clean_name(b->geo[k].name, x, sizeof x));
    return OS_OK;
}

int os_baseline_match(const os_baseline *b, const os_scenario *sc, os_error *err)
{
    const char *f = b->path;
    char x[256], y[256];
    if (strcmp(b->scenario, sc->name) != 0)
        return os_error_set(err, OS_ERR_INPUT, f, b->scenario_mark.line, b->scenario_mark.column,
                            "scenario: the baseline is of scenario '%s', not '%s'",
                            check_clean_name(b->scenario, x, sizeof x),
                            check_clean_name(sc->name, y, sizeof y));
    double horizon = (double)sc->sim.horizon / 1e3;
    if (b->horizon != horizon)
        return os_error_set(err, OS_ERR_INPUT, f, b->horizon_mark.line, b->horizon_mark.column,
                            "horizon: the baseline was run over %s, the scenario's horizon is "
                            "%s",
                            check_fmt_seconds(b->horizon, x, sizeof x),
                            check_fmt_seconds(horizon, y, sizeof y));
    size_t n = b->n_conn < sc->n_connections ? b->n_conn : sc->n_connections;
    for (size_t i = 0; i < n; i++)
        if (strcmp(b->conn[i].name, sc->connections[i].name) != 0)
            return os_error_set(err, OS_ERR_INPUT, f, b->conn[i].mark.line, b->conn[i].mark.column,
                                "connections[%zu]: the baseline has connection '%s' where the "
                                "scenario has '%s'",
                                i, check_clean_name(b->conn[i].name, x, sizeof x),
                                check_clean_name(sc->connections[i].name, y, sizeof y));
    if (b->n_conn > sc->n_connections)
        return os_error_set(err, OS_ERR_INPUT, f, b->conn[n].mark.line, b->conn[n].mark.column,
                            "connections: the baseline has %zu connections, the scenario %zu: "
                            "'%s' is not in the scenario",
                            b->n_conn, sc->n_connections,
                            check_clean_name(b->conn[n].name, x, sizeof x));
    if (b->n_conn < sc->n_connections)
        return os_error_set(
            err, OS_ERR_INPUT, f, b->connections_mark.line, b->connections_mark.column,
            "connections: the baseline has %zu connections, the scenario %zu: "
            "'%s' is not in the baseline",
            b->n_conn, sc->n_connections, check_clean_name(sc->connections[n].name, x, sizeof x));
    if (sc->sc.enabled && !b->has_service)
        return os_error_set(err, OS_ERR_INPUT, f, b->top_mark.line, b->top_mark.column,
                            "service_connector: missing from the baseline, but the scenario "
                            "has a service_connector section");
    if (!sc->sc.enabled && b->has_service)
        return os_error_set(err, OS_ERR_INPUT, f, b->service_mark.line, b->service_mark.column,
                            "service_connector: in the baseline, but the scenario has no "
                            "service_connector section");
    return match_geo(b, sc, err);
}

/* --- comparing ------------------------------------------------------------------------------ */

const char *os_check_kind_str(enum os_check_kind k)
{
    switch (k) {
    case OS_CHECK_AVAILABILITY:
        return "availability";
    case OS_CHECK_CP_AVAILABILITY:
        return "control-plane availability";
    case OS_CHECK_SLA_WINDOWS:
        return "SLA windows";
    case OS_CHECK_RTO:
        return "RTO";
    case OS_CHECK_RPO:
        return "RPO";
    case OS_CHECK_GEO_RTO:
        return "geo RTO";
    case OS_CHECK_GEO_RPO:
        return "geo RPO";
    }
    return "?";
}

const char *os_check_outcome_str(enum os_check_outcome o)
{
    switch (o) {
    case OS_CHECK_PASS:
        return "PASS";
    case OS_CHECK_IMPROVED:
        return "IMPROVED";
    case OS_CHECK_CHANGED:
        return "CHANGED";
    case OS_CHECK_FAIL:
        return "FAIL";
    }
    return "?";
}

static bool has_values(const os_figure *f)
{
    return f->n > 0 && !isnan(f->lo) && !isnan(f->hi);
}

/* "99.1667 %" or "99.1667 % [99.10, 99.23]" (the 95 % interval when it has a width). */
static void fmt_fraction(const os_figure *f, char *buf, size_t size)
{
    if (!has_values(f))
        snprintf(buf, size, "no values");
    else if (f->lo == f->hi)
        snprintf(buf, size, "%.4f %%", 100 * f->mean);
    else
        snprintf(buf, size, "%.4f %% [%.4f, %.4f]", 100 * f->mean, 100 * f->lo, 100 * f->hi);
}

/* "max 1h 20m, p95 1h" or "no incident". */
static void fmt_times(const os_figure *f, char *buf, size_t size)
{
    char a[48], b[48];
    if (f->n == 0 || isnan(f->max) || isnan(f->p95))
        snprintf(buf, size, "no incident");
    else
        snprintf(buf, size, "max %s, p95 %s", check_fmt_seconds(f->max, a, sizeof a),
                 check_fmt_seconds(f->p95, b, sizeof b));
}

/* Appends "; text" (or "text" first) to an item's detail. */
static void add_note(os_check_item *it, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add_note(os_check_item *it, const char *fmt, ...)
{
    size_t len = strlen(it->detail);
    if (len + 3 >= sizeof it->detail)
        return;
    char *p = it->detail + len;
    size_t room = sizeof it->detail - len;
    snprintf(p, room, strstr(it->detail, ": ") ? "; " : ": ");
    len += 2;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->detail + len, sizeof it->detail - len, fmt, ap);
    va_end(ap);
}

static void judge(os_check_item *it, bool improved)
{
    if (it->target_missed || it->regressed)
        it->outcome = OS_CHECK_FAIL;
    else if (improved)
        it->outcome = OS_CHECK_IMPROVED;
}

/* Availability-like figures: compare 95 % intervals. */
static void check_interval(os_check_item *it, double target, bool use_target)
{
    char a[128], b[128], t[32];
    const os_figure *o = &it->old_fig, *n = &it->new_fig;
    fmt_fraction(o, a, sizeof a);
    fmt_fraction(n, b, sizeof b);
    snprintf(it->detail, sizeof it->detail, "%s \u2192 %s", a, b);
    bool improved = false;
    if (isnan(target))
        snprintf(t, sizeof t, "target");
    else
        snprintf(t, sizeof t, "target %.10g %%", 100 * target);
    if (it->target_missed)
        add_note(it, "%s missed (verdict fail)", t);
    if (has_values(o) && has_values(n)) {
        if (n->hi < o->lo) {
            it->regressed = true;
            add_note(it,
                     "regression: the new interval's upper end %.4f %% is below the "
                     "baseline's lower end %.4f %%",
                     100 * n->hi, 100 * o->lo);
        } else if (n->lo > o->hi) {
            improved = true;
            add_note(it, "improved beyond the baseline's interval");
        }
    } else if (has_values(o) != has_values(n)) {
        it->outcome = OS_CHECK_CHANGED;
        add_note(it, "not comparable with the baseline%s",
                 use_target ? "; judged on the "
                              "target only"
                            : "");
    }
    judge(it, improved);
}

/* RTO, RPO: max and p95 against the baseline plus the tolerance (seconds). */
static void check_times(os_check_item *it, double tol, double target)
{
    char a[128], b[128], x[48], y[48];
    const os_figure *o = &it->old_fig, *n = &it->new_fig;
    bool old_v = o->n > 0 && !isnan(o->max) && !isnan(o->p95);
    bool new_v = n->n > 0 && !isnan(n->max) && !isnan(n->p95);
    fmt_times(o, a, sizeof a);
    fmt_times(n, b, sizeof b);
    snprintf(it->detail, sizeof it->detail, "%s \u2192 %s", a, b);
    bool improved = false;
    if (it->target_missed && isnan(target))
        add_note(it, "target missed (verdict fail)");
    else if (it->target_missed)
        add_note(it, "target %s missed (verdict fail)", check_fmt_seconds(target, x, sizeof x));
    if (old_v && new_v) {
        bool max_up = n->max > o->max + tol, p95_up = n->p95 > o->p95 + tol;
        if (max_up || p95_up) {
            it->regressed = true;
            add_note(it,
                     "regression: %s%s%s longer than the baseline by more than the tolerance "
                     "(%s)",
                     max_up ? "max" : "", max_up && p95_up ? " and " : "", p95_up ? "p95" : "",
                     check_fmt_seconds(tol, y, sizeof y));
        } else if (n->max < o->max - tol || n->p95 < o->p95 - tol) {
            improved = true;
            add_note(it, "improved beyond the tolerance (%s)", check_fmt_seconds(tol, y, sizeof y));
        }
    } else if (old_v) {
        improved = true;
        add_note(it, "no incident any more");
    } else if (new_v) {
        it->outcome = OS_CHECK_CHANGED;
        add_note(it, "the baseline had no incident; judged on the target only");
    }
    judge(it, improved);
}

/* A geo-replicated target's RTO and RPO, as the service's (check_times). */
static void compare_geo(os_check_report *rep, const os_baseline_geo *o, const os_baseline_geo *c,
                        double tolerance, const os_baseline *cur)
{
    const os_figure *olds[] = {&o->rto, &o->rpo}, *news[] = {&c->rto, &c->rpo};
    const enum os_verdict verdicts[] = {c->rto_verdict, c->rpo_verdict};
    const double targets[] = {cur->sla_rto, cur->sla_rpo};
    for (int k = 0; k < 2; k++) {
        os_check_item *it = &rep->items[rep->n_items++];
        it->kind = k ? OS_CHECK_GEO_RPO : OS_CHECK_GEO_RTO;
        it->connection = c->name;
        it->old_fig = *olds[k];
        it->new_fig = *news[k];
        it->target_missed = verdicts[k] == OS_VERDICT_FAIL;
        check_times(it, tolerance, targets[k]);
    }
}

int os_check_compare(const os_baseline *base, const os_baseline *cur, double tolerance,
                     os_check_report **out, os_error *err)
{
    *out = NULL;
    if (base->n_conn != cur->n_conn || base->has_service != cur->has_service ||
        base->n_geo != cur->n_geo || base->n_ent != cur->n_ent)
        return os_error_set(err, OS_ERR_INPUT, base->path, 0, 0,
                            "the baseline does not match the new run (connections, "
                            "service_connector, geo-replicated targets, routers or flows "
                            "differ)");
    for (size_t i = 0; i < base->n_ent; i++)
        if (strcmp(base->ent[i].name, cur->ent[i].name) != 0)
            return os_error_set(err, OS_ERR_INPUT, base->path, base->ent[i].mark.line,
                                base->ent[i].mark.column,
                                "router or flow '%s': the baseline does not match the new run "
                                "(the new run has '%s')",
                                base->ent[i].name, cur->ent[i].name);
    for (size_t i = 0; i < base->n_conn; i++)
        if (strcmp(base->conn[i].name, cur->conn[i].name) != 0)
            return os_error_set(err, OS_ERR_INPUT, base->path, base->conn[i].mark.line,
                                base->conn[i].mark.column,
                                "connections[%zu]: the baseline does not match the new run", i);
    if (!(tolerance >= 0) || !isfinite(tolerance))
        return os_error_set(err, OS_ERR_USAGE, NULL, 0, 0,
                            "the tolerance must be finite and "
                            "non-negative");
    os_check_report *rep = calloc(1, sizeof *rep);
    size_t n = 3 * cur->n_conn + (cur->has_service ? 2 : 0) + 2 * cur->n_geo + 2 * cur->n_ent;
    if (!rep || (n && !(rep->items = calloc(n, sizeof *rep->items)))) {
        free(rep);
        return os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    rep->tolerance = tolerance;
    for (size_t i = 0; i < cur->n_conn; i++) {
        const os_baseline_conn *o = &base->conn[i], *c = &cur->conn[i];
        const os_figure *olds[] = {&o->availability, &o->cp_availability, &o->sla_compliance};
        const os_figure *news[] = {&c->availability, &c->cp_availability, &c->sla_compliance};
        static const enum os_check_kind kinds[] = {OS_CHECK_AVAILABILITY, OS_CHECK_CP_AVAILABILITY,
                                                   OS_CHECK_SLA_WINDOWS};
        for (int k = 0; k < 3; k++) {
            os_check_item *it = &rep->items[rep->n_items++];
            it->kind = kinds[k];
            it->connection = c->name;
            it->old_fig = *olds[k];
            it->new_fig = *news[k];
            it->target_missed = k == 0 && c->verdict == OS_VERDICT_FAIL;
            check_interval(it, cur->sla_availability, k == 0);
        }
    }
    if (cur->has_service) {
        const os_figure *olds[] = {&base->rto, &base->rpo}, *news[] = {&cur->rto, &cur->rpo};
        const enum os_verdict verdicts[] = {cur->rto_verdict, cur->rpo_verdict};
        const double targets[] = {cur->sla_rto, cur->sla_rpo};
        for (int k = 0; k < 2; k++) {
            os_check_item *it = &rep->items[rep->n_items++];
            it->kind = k ? OS_CHECK_RPO : OS_CHECK_RTO;
            it->old_fig = *olds[k];
            it->new_fig = *news[k];
            it->target_missed = verdicts[k] == OS_VERDICT_FAIL;
            check_times(it, tolerance, targets[k]);
        }
    }
    for (size_t i = 0; i < cur->n_geo; i++)
        compare_geo(rep, &base->geo[i], &cur->geo[i], tolerance, cur);
    /* routers and flows: availability (against a flow's own target) and SLA windows */
    for (size_t i = 0; i < cur->n_ent; i++) {
        const os_baseline_conn *o = &base->ent[i], *c = &cur->ent[i];
        double target = isnan(cur->ent_target[i]) ? cur->sla_availability : cur->ent_target[i];
        for (int k = 0; k < 2; k++) {
            os_check_item *it = &rep->items[rep->n_items++];
            it->kind = k ? OS_CHECK_SLA_WINDOWS : OS_CHECK_AVAILABILITY;
            it->connection = c->name;
            it->old_fig = k ? o->sla_compliance : o->availability;
            it->new_fig = k ? c->sla_compliance : c->availability;
            it->target_missed = k == 0 && c->verdict == OS_VERDICT_FAIL;
            check_interval(it, target, k == 0);
        }
    }
    for (size_t i = 0; i < rep->n_items; i++) {
        rep->n_failed += rep->items[i].outcome == OS_CHECK_FAIL;
        rep->n_improved += rep->items[i].outcome == OS_CHECK_IMPROVED;
        rep->n_changed += rep->items[i].outcome == OS_CHECK_CHANGED;
    }
    *out = rep;
    return OS_OK;
}

void os_check_report_free(os_check_report *rep)
{
    if (!rep)
        return;
    free(rep->items);
    free(rep);
}
