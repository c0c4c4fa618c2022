/* report_text.c — the human-readable report: one row per connection, the connection
 * service's DR figures and verdicts, and incident timelines. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "outagesim/duration.h"
#include "outagesim/report.h"
#include "report/report_internal.h"

/* "99.98125%" with enough digits to tell 99.9 from 99.95 and 99.999 from 99.9999. */
char *os_text_percent(double x, char *buf, size_t size)
{
    if (x >= 1.0)
        snprintf(buf, size, "100%%");
    else
        snprintf(buf, size, "%.5f%%", 100.0 * x);
    return buf;
}

static char *percent(double x, char *buf, size_t size)
{
    return os_text_percent(x, buf, size);
}

/* percent() against a target: a value below the target gets as many more digits as it takes
 * (up to 12) not to print at or above it, so 0.99899994 against 99.9% reads 99.899994%, never
 * a contradictory 99.90000%. Returns buf. */
char *os_text_percent_vs(double x, double target, char *buf, size_t size)
{
    if (x >= 1.0 || !(x < target))
        return percent(x, buf, size);
    for (int d = 5; d <= 12; d++) {
        snprintf(buf, size, "%.*f%%", d, 100.0 * x);
        if (strtod(buf, NULL) < 100.0 * target)
            break;
    }
    return buf;
}

static char *percent_vs(double x, double target, char *buf, size_t size)
{
    return os_text_percent_vs(x, target, buf, size);
}

/* A duration in seconds for people: its two largest units, rounded ("3d 23h", "44m 56s",
 * "1.5s"); exact values stay in the JSON. */
char *os_text_seconds(double s, char *buf, size_t size)
{
    static const os_ms units[] = {OS_MS_DAY, OS_MS_HOUR, OS_MS_MINUTE, OS_MS_SECOND, 1};
    os_ms ms = (os_ms)llround(s * 1e3);
    for (size_t i = 0; i + 1 < sizeof units / sizeof units[0]; i++) {
        if (ms >= units[i]) {
            os_ms step = units[i + 1];
            ms = (ms + step / 2) / step * step; /* round to the second unit */
            break;
        }
    }
    return os_duration_format(ms, buf, size);
}

static char *seconds(double s, char *buf, size_t size)
{
    return os_text_seconds(s, buf, size);
}

/* Why the run stopped, in words (SPEC §5.1). */
char *os_text_money(double x, char *buf, size_t size)
{
    if (!isfinite(x)) {
        snprintf(buf, size, "-");
        return buf;
    }
    char raw[64];
    snprintf(raw, sizeof raw, "%.2f", fabs(x) < 0.005 ? 0.0 : x);
    const char *dot = strchr(raw, '.');
    const char *digits = raw[0] == '-' ? raw + 1 : raw;
    size_t n_int = (size_t)(dot - digits), o = 0;
    char out[96];
    if (raw[0] == '-')
        out[o++] = '-';
    for (size_t i = 0; i < n_int; i++) {
        if (i && (n_int - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    snprintf(out + o, sizeof out - o, "%s", dot);
    snprintf(buf, size, "%s", out);
    return buf;
}

/* Costs per year (SPEC §6.4), when the scenario has them. */
static void cost_lines(os_buf *b, const os_run_result *r, bool many)
{
    const os_scenario *sc = r->sc;
    const os_cost_result *c = &r->cost;
    const char *names[] = {"infrastructure", "downtime", "credits", "total"};
    const os_figure *fs[] = {&c->infrastructure, &c->downtime, &c->credits, &c->total};
    char v[7][48];
    os_buf_printf(b, "\nCosts per year (%s):\n", c->currency ? c->currency : "USD");
    if (many)
        os_buf_printf(b, "  %-14s %11s  %-24s %11s %11s %11s %11s\n", "", "mean", "95% interval",
                      "p1", "p5", "p95", "p99");
    for (int k = 0; k < 4; k++) {
        const os_figure *f = fs[k];
        os_buf_printf(b, "  %-14s %11s", names[k], os_text_money(f->mean, v[0], sizeof v[0]));
        if (many) {
            char iv[100];
            snprintf(iv, sizeof iv, "[%s, %s]", os_text_money(f->lo, v[1], sizeof v[1]),
                     os_text_money(f->hi, v[2], sizeof v[2]));
            os_buf_printf(
                b, "  %-24s %11s %11s %11s %11s", iv, os_text_money(f->p1, v[3], sizeof v[3]),
                os_text_money(f->p5, v[4], sizeof v[4]), os_text_money(f->p95, v[5], sizeof v[5]),
                os_text_money(f->p99, v[6], sizeof v[6]));
        }
        os_buf_puts(b, "\n");
    }
    const char *what = sc->n_flows ? "flow" : "connection";
    if (c->exact_entities > 0)
        os_buf_printf(b,
                      "  exact downtime cost of the %s%s in the exact class (%zu of %zu): %s a "
                      "year\n",
                      what, c->counted_entities == 1 ? "" : "s", c->exact_entities,
                      c->counted_entities, os_text_money(c->exact_downtime, v[0], sizeof v[0]));
    os_buf_printf(b,
                  "infrastructure: instances for the whole horizon, replacements while they "
                  "exist, rates of targets,\ngeo replicas and routers; downtime: time each %s "
                  "serves nothing (pro rata when partly)\nx the downtime rate; credits: for each "
                  "SLA window of each %s, the largest credit tier it\nfalls below x the fee over "
                  "the window. Every figure is per year (x 365d / horizon).\n",
                  what, what);
}

static void stopping_sentence(os_buf *b, const os_run_result *r)
{
    char n[32], goal[64];
    if (r->stop == OS_STOP_FIXED && !r->precision && !r->until_verdict)
        return;
    os_format_count(r->replications, n, sizeof n);
    if (r->precision_relative)
        snprintf(goal, sizeof goal, "within %.4g %% of unavailability", 100.0 * r->precision);
    else
        snprintf(goal, sizeof goal, "with half-width at most %.4g", r->precision);
    switch (r->stop) {
    case OS_STOP_PRECISION:
        os_buf_printf(b, "\nstopped after %s replications: every interval %s%s\n", n, goal,
                      r->until_verdict ? " and no availability verdict uncertain" : "");
        break;
    case OS_STOP_VERDICT: {
        size_t decided = 0;
        for (size_t i = 0; i < r->sc->n_connections; i++)
            decided += r->conn[i].verdict == OS_VERDICT_UNCERTAIN && r->conn[i].exact_known;
        if (decided)
            os_buf_printf(b,
                          "\nstopped after %s replications: every availability verdict is "
                          "settled (%zu by the exact steady-state value, which no number of "
                          "replications can improve on)\n",
                          n, decided);
        else
            os_buf_printf(b,
                          "\nstopped after %s replications: no availability verdict is "
                          "uncertain\n",
                          n);
        break;
    }
    case OS_STOP_MAX_REPLICATIONS:
        os_buf_printf(b,
                      "\nstopped after %s replications (max_replications) without reaching "
                      "the goal (%s%s)\n",
                      n, r->precision ? goal : "",
                      r->until_verdict ? (r->precision ? ", every verdict settled"
                                                       : "every "
                                                         "verdict settled")
                                       : "");
        break;
    default:
        break;
    }
}

static bool near_det(const os_process *p)
{
    return p->enabled && os_dist_cv(&p->ttf) < 0.1;
}

int os_near_deterministic_processes(const os_scenario *sc, size_t i)
{
    const os_connection *cn = &sc->connections[i];
    int regions[2] = {sc->computes[cn->compute].region, sc->targets[cn->target].region};
    int n = 0;
    for (int k = 0; k < 2; k++) {
        if (k == 1 && regions[1] == regions[0])
            break;
        const os_region *reg = &sc->regions[regions[k]];
        n += near_det(&reg->zone_proc) ? reg->zones : 0;
        n += near_det(&reg->region_proc);
    }
    for (size_t g = 0; g < sc->n_groups; g++) {
        const os_group *gr = &sc->groups[g];
        bool touches = false;
        for (size_t m = 0; m < gr->n_members; m++)
            touches |= gr->members[m].region == regions[0] || gr->members[m].region == regions[1];
        if (touches && os_dist_cv(&gr->ttf) < 0.1)
            n++;
    }
    return n;
}

/* The exact steady-state answer beside the simulated mean (SPEC §5.2). */
static void exact_lines(os_buf *b, const os_run_result *r)
{
    const os_scenario *sc = r->sc;
    char a[64], e[64];
    bool header = false;
    for (size_t i = 0; i < sc->n_connections; i++) {
        const os_exact_conn *x = &r->exact[i];
        if (!x->in_class)
            continue;
        if (!header) {
            os_buf_puts(b, "\nExact steady state (renewal theory, no simulation):\n");
            header = true;
        }
        const os_figure *f = &r->conn[i].availability;
        double se = f->n > 1 ? f->sd / sqrt((double)f->n) : 0;
        double dist = se > 0 ? fabs(f->mean - x->availability) / se : 0;
        snprintf(e, sizeof e, "%.7f%%", 100.0 * x->availability);
        if (x->availability < sc->sla.availability &&
            strtod(e, NULL) >= 100.0 * sc->sla.availability)
            percent_vs(x->availability, sc->sla.availability, e, sizeof e);
        os_buf_printf(b, "  %-20s exact %s, %.4g outages/yr, simulated %s", sc->connections[i].name,
                      e, x->outages_per_year,
                      percent_vs(f->mean, sc->sla.availability, a, sizeof a));
        if (se > 0)
            os_buf_printf(b, " (%.1f standard errors)", dist);
        const os_conn_result *cr = &r->conn[i];
        if (cr->exact_known)
            os_buf_printf(b, "; verdict: exact %s, simulated %s", os_verdict_str(cr->exact_verdict),
                          os_verdict_str(cr->verdict));
        os_buf_puts(b, "\n");
        if (se > 0 && dist > 4.5) {
            if (os_near_deterministic_processes(sc, i) >= 2)
                os_buf_printf(b,
                              "    note: %s depends on near-deterministic failure processes, "
                              "which keep their relative phase for a whole replication; it "
                              "needs many more replications to match\n",
                              sc->connections[i].name);
            else
                os_buf_printf(b,
                              "    warning: simulation and exact answer disagree: %s is %.1f "
                              "standard errors from %s\n",
                              percent(f->mean, a, sizeof a), dist, e);
        }
    }
    for (size_t i = 0; r->flow_exact && i < sc->n_flows; i++) {
        const os_exact_conn *x = &r->flow_exact[i];
        if (!x->in_class)
            continue;
        if (!header) {
            os_buf_puts(b, "\nExact steady state (renewal theory, no simulation):\n");
            header = true;
        }
        const os_figure *f = &r->flows[i].availability;
        double target = sc->flows[i].target;
        double se = f->n > 1 ? f->sd / sqrt((double)f->n) : 0;
        double dist = se > 0 ? fabs(f->mean - x->availability) / se : 0;
        snprintf(e, sizeof e, "%.7f%%", 100.0 * x->availability);
        if (x->availability < target && strtod(e, NULL) >= 100.0 * target)
            percent_vs(x->availability, target, e, sizeof e);
        os_buf_printf(b, "  flow %-15s exact %s, %.4g outages/yr, simulated %s", sc->flows[i].name,
                      e, x->outages_per_year, percent_vs(f->mean, target, a, sizeof a));
        if (se > 0)
            os_buf_printf(b, " (%.1f standard errors)", dist);
        /* the exact verdict decides, as for a connection: at or above the flow's target */
        os_buf_printf(b, "; verdict: exact %s, simulated %s",
                      os_exact_meets(x, target) ? "pass" : "fail",
                      os_verdict_str(r->flows[i].verdict));
        os_buf_puts(b, "\n");
        if (se > 0 && dist > 4.5)
            os_buf_printf(b,
                          "    warning: simulation and exact answer disagree: %s is %.1f "
                          "standard errors from %s\n",
                          percent(f->mean, a, sizeof a), dist, e);
    }
}

/* The bad year (SPEC §6.4): the low tail of availability over replications and the share of
 * replications below the target, for every connection, router and flow (each against its own
 * target). */
static void bad_year_lines(os_buf *b, const os_run_result *r, size_t w)
{
    const os_scenario *sc = r->sc;
    char p1[64], p5[64], n1[32], n2[32];
    os_buf_puts(b, "\nthe bad year: availability p1 and p5 over replications, and how often a "
                   "replication misses its target\n");
    for (size_t e = 0; e < os_entity_count(sc); e++) {
        os_entity_view v = os_run_entity(r, e);
        if (strlen(v.name) > w)
            w = strlen(v.name);
    }
    for (size_t e = 0; e < os_entity_count(sc); e++) {
        os_entity_view v = os_run_entity(r, e);
        uint64_t missed = (uint64_t)llround(v.miss_share * (double)r->replications);
        os_buf_printf(b,
                      "%-*s  p1 %-12s p5 %-12s below %.10g%% in %.3g%% of replications "
                      "(%s of %s)\n",
                      (int)w, v.name, percent_vs(v.availability->p1, v.target, p1, sizeof p1),
                      percent_vs(v.availability->p5, v.target, p5, sizeof p5), 100.0 * v.target,
                      100.0 * v.miss_share, os_format_count(missed, n1, sizeof n1),
                      os_format_count(r->replications, n2, sizeof n2));
    }
}

/* One row of a router or flow: the connection row's data-plane columns, then outages per
 * replication, switches (routers) and the verdict against the entity's target. */
static void entity_row(os_buf *b, const os_run_result *r, const os_entity_result *e, size_t w,
                       bool many)
{
    char a[64], c1[64], c2[64], c3[64];
    double down_s = (1.0 - e->availability.mean) * 365.0 * 86400.0;
    os_buf_printf(b, "%-*s  %-12s ", (int)w, os_entity_name(r->sc, e->ref),
                  percent(e->availability.mean, a, sizeof a));
    if (many) {
        char lo[32], hi[32], iv[80];
        snprintf(iv, sizeof iv, "[%s, %s]", percent(e->availability.lo, lo, sizeof lo),
                 percent(e->availability.hi, hi, sizeof hi));
        os_buf_printf(b, "%-24s ", iv);
    }
    os_buf_printf(b, "%-13s %-13s %-11s %-8.4g", seconds(down_s > 0 ? down_s : 0, c1, sizeof c1),
                  e->outage_duration.n ? seconds(e->outage_duration.max, c2, sizeof c2) : "none",
                  percent(e->sla_compliance.mean, c3, sizeof c3), e->outages.mean);
    if (e->ref.kind == OS_ENTITY_ROUTER)
        os_buf_printf(b, " %-8.4g", e->switches.mean);
    os_buf_printf(b, " %s", os_verdict_str(e->verdict));
    if (e->ref.kind == OS_ENTITY_FLOW)
        os_buf_printf(b, " (target %s)", percent(e->target, a, sizeof a));
    os_buf_puts(b, "\n");
}

/* The composite-SLA spreadsheet's answer beside the simulated one (SPEC §6.3). */
static void independence_line(os_buf *b, const os_run_result *r, const os_entity_result *e)
{
    char a[64], c[64], d[64];
    double diff = (e->composite_independent - e->availability.mean) * 365.0 * 86400.0;
    if (isnan(e->composite_independent))
        return;
    os_buf_printf(
        b, "  %s: composite (independent) %s  -- simulation %s: ", os_entity_name(r->sc, e->ref),
        percent(e->composite_independent, a, sizeof a), percent(e->availability.mean, c, sizeof c));
    if (fabs(diff) < 0.5)
        os_buf_puts(b, "the spreadsheet agrees (within a second a year)\n");
    else
        os_buf_printf(b, "the spreadsheet is %s by %s/y\n", diff > 0 ? "optimistic" : "pessimistic",
                      seconds(fabs(diff), d, sizeof d));
}

/* Routers and flows (SPEC §6.1, §6.3), formatted as the connections are. */
static void entity_sections(os_buf *b, const os_run_result *r, bool many)
{
    const os_scenario *sc = r->sc;
    for (int k = 0; k < 2; k++) {
        size_t n = k == 0 ? sc->n_routers : sc->n_flows;
        const os_entity_result *es = k == 0 ? r->routers : r->flows;
        const char *title = k == 0 ? "router" : "flow";
        if (n == 0)
            continue;
        size_t w = strlen(title);
        for (size_t i = 0; i < n; i++)
            if (strlen(os_entity_name(sc, es[i].ref)) > w)
                w = strlen(os_entity_name(sc, es[i].ref));
        os_buf_printf(b, "\n%-*s  %-12s %s%-13s %-13s %-11s %-8s %s%s\n", (int)w, title,
                      "availability", many ? "95% interval             " : "", "downtime/yr",
                      "worst outage", "SLA windows", "outages", k == 0 ? "switches " : "",
                      "verdict");
        for (size_t i = 0; i < n; i++)
            entity_row(b, r, &es[i], w, many);
        if (k == 1) {
            os_buf_puts(b, "independence estimate (members failing independently, as a "
                           "composite-SLA spreadsheet assumes):\n");
            for (size_t i = 0; i < n; i++)
                independence_line(b, r, &es[i]);
        }
    }
    if (sc->n_routers || sc->n_flows)
        os_buf_puts(b, "outages: outages (served fraction 0) per replication; switches: changes "
                       "of a router's split in effect per replication.\n");
}

/* "  RTO  mean ..  p95 ..  max ..  (target ..): pass" */
static void max_figure_line(os_buf *b, const char *name, const os_figure *f, os_ms target,
                            enum os_verdict v)
{
    char a[64], c1[64], c2[64], c3[64];
    os_buf_printf(b, "    %s  mean %s  p95 %s  max %s  (target %s): %s\n", name,
                  seconds(f->mean, a, sizeof a), seconds(f->p95, c1, sizeof c1),
                  seconds(f->max, c2, sizeof c2), os_duration_format(target, c3, sizeof c3),
                  os_verdict_str(v));
}

/* Geo-replicated targets (SPEC §6.2): failovers, RTO and RPO with their verdicts. */
static void geo_lines(os_buf *b, const os_run_result *r)
{
    const os_scenario *sc = r->sc;
    os_buf_puts(b, "\nGeo-replicated targets (RTO: each interval not serving; RPO: replication "
                   "lag at each geo-failover):\n");
    for (size_t i = 0; i < r->n_geo; i++) {
        const os_geo_result *g = &r->geo[i];
        const os_target *t = &sc->targets[g->target];
        os_buf_printf(b, "  %s: %s -> %s, %s failover; geo-failovers %g per replication\n", t->name,
                      sc->regions[t->region].name, sc->regions[t->geo->region].name,
                      t->geo->mode == OS_FAILOVER_AUTOMATIC ? "automatic" : "manual",
                      g->failovers.mean);
        if (g->rto.n)
            max_figure_line(b, "RTO", &g->rto, sc->sla.rto, g->rto_verdict);
        else
            os_buf_puts(b, "    always serving: RTO passes\n");
        if (g->rpo.n)
            max_figure_line(b, "RPO", &g->rpo, sc->sla.rpo, g->rpo_verdict);
        else
            os_buf_puts(b, "    no geo-failover: RPO passes\n");
    }
}

void os_report_text(os_buf *b, const os_run_result *r, const os_timeline *tl)
{
    const os_scenario *sc = r->sc;
    char a[64], c1[64], c2[64], c3[64], c4[64], c5[64];
    os_buf_printf(b, "outagesim %s: scenario %s\n", OS_VERSION, sc->name);
    os_buf_printf(b,
                  "horizon %s, %s replication%s, seed %llu; targets: availability %.10g%%, "
                  "RTO %s, RPO %s, SLA window %s\n\n",
                  os_duration_format(sc->sim.horizon, a, sizeof a),
                  os_format_count(r->replications, c1, sizeof c1), r->replications == 1 ? "" : "s",
                  (unsigned long long)r->seed, 100.0 * sc->sla.availability,
                  os_duration_format(sc->sla.rto, c2, sizeof c2),
                  os_duration_format(sc->sla.rpo, c3, sizeof c3),
                  os_duration_format(sc->sla.window, c4, sizeof c4));
    (void)c5;
    bool many = r->replications > 1;
    size_t w = strlen("connection");
    for (size_t i = 0; i < sc->n_connections; i++)
        if (strlen(sc->connections[i].name) > w)
            w = strlen(sc->connections[i].name);
    os_buf_printf(b, "%-*s  %-12s %s%-13s %-13s %-11s %-10s %s\n", (int)w, "connection",
                  "availability", many ? "95% interval             " : "", "downtime/yr",
                  "worst outage", "SLA windows", "control", "verdict");
    for (size_t i = 0; i < sc->n_connections; i++) {
        const os_conn_result *c = &r->conn[i];
        double down_s = (1.0 - c->availability.mean) * 365.0 * 86400.0;
        double tgt = sc->sla.availability;
        os_buf_printf(b, "%-*s  %-12s ", (int)w, sc->connections[i].name,
                      percent_vs(c->availability.mean, tgt, a, sizeof a));
        if (many) {
            char lo[32], hi[32], iv[80];
            snprintf(iv, sizeof iv, "[%s, %s]", percent_vs(c->availability.lo, tgt, lo, sizeof lo),
                     percent_vs(c->availability.hi, tgt, hi, sizeof hi));
            os_buf_printf(b, "%-24s ", iv);
        }
        os_buf_printf(
            b, "%-13s %-13s %-11s %-10s %s", seconds(down_s > 0 ? down_s : 0, c1, sizeof c1),
            c->outage_duration.n ? seconds(c->outage_duration.max, c2, sizeof c2) : "none",
            percent(c->sla_compliance.mean, c3, sizeof c3),
            percent(c->cp_availability.mean, a, sizeof a), os_verdict_str(c->verdict));
        if (c->verdict == OS_VERDICT_UNCERTAIN && c->exact_known) {
            /* no number of replications is needed: the exact value is known (SPEC §5.2) */
            os_buf_printf(b, " (the exact value already decides: %s)",
                          os_verdict_str(c->exact_verdict));
        } else if (c->verdict == OS_VERDICT_UNCERTAIN) {
            if (c->settle_replications && c->settle_replications != UINT64_MAX)
                os_buf_printf(b, " (about %s replications would settle it)",
                              os_format_count(c->settle_replications, c1, sizeof c1));
            else
                os_buf_printf(b, " (the mean sits on the target)");
        }
        os_buf_puts(b, "\n");
    }
    os_buf_printf(b,
                  "\navailability: served fraction over the horizon%s; downtime/yr = (1 - "
                  "availability) x 365d;\nworst outage: longest connection outage; SLA "
                  "windows: fraction of %s windows at or above the target;\ncontrol: "
                  "control-plane availability (create/validate/update would succeed).\n",
                  many ? " (mean over replications, 95% Student-t interval)" : "",
                  os_duration_format(sc->sla.window, a, sizeof a));
    entity_sections(b, r, many);
    if (many)
        bad_year_lines(b, r, w);
    if (sc->sc.enabled && sc->sc.has_operations) {
        os_buf_puts(b, "operations that succeeded:");
        for (size_t i = 0; i < sc->n_connections; i++)
            os_buf_printf(b, " %s %s;", sc->connections[i].name,
                          percent(r->conn[i].ops_success.mean, a, sizeof a));
        os_buf_puts(b, "\n");
    }
    if (r->exact)
        exact_lines(b, r);
    stopping_sentence(b, r);
    if (r->cost.enabled)
        cost_lines(b, r, many);
    if (r->n_geo)
        geo_lines(b, r);
    if (r->n_geo && tl && !sc->sc.enabled) {
        os_buf_puts(b, "\nTimeline (replication 0):\n");
        os_timeline_format_all(b, tl);
    }
    if (!sc->sc.enabled)
        return;
    os_buf_printf(b, "\nConnection service (primary %s, failover %s):\n",
                  sc->regions[sc->sc.primary].name,
                  sc->sc.mode == OS_FAILOVER_AUTOMATIC ? "automatic" : "manual");
    os_buf_printf(b, "  incidents %g per replication, failovers %g per replication",
                  r->incidents.mean, r->failovers.mean);
    if (sc->sc.has_operations)
        os_buf_printf(b, ", lost writes %.1f per replication", r->lost_writes.mean);
    os_buf_puts(b, "\n");
    if (r->rto.n) {
        os_buf_printf(b, "  RTO  mean %s  p95 %s  max %s  (target %s): %s\n",
                      seconds(r->rto.mean, a, sizeof a), seconds(r->rto.p95, c1, sizeof c1),
                      seconds(r->rto.max, c2, sizeof c2),
                      os_duration_format(sc->sla.rto, c3, sizeof c3),
                      os_verdict_str(r->rto_verdict));
        os_buf_printf(b, "  RPO  mean %s  p95 %s  max %s  (target %s): %s\n",
                      seconds(r->rpo.mean, a, sizeof a), seconds(r->rpo.p95, c1, sizeof c1),
                      seconds(r->rpo.max, c2, sizeof c2),
                      os_duration_format(sc->sla.rpo, c3, sizeof c3),
                      os_verdict_str(r->rpo_verdict));
    } else {
        os_buf_printf(b, "  no incident: RTO and RPO pass\n");
    }
    int nft[8];
    size_t n = os_no_failover_target(sc, nft, 8);
    for (size_t i = 0; i < n; i++)
        os_buf_printf(b,
                      "  note: %s has no failover target in this scenario; the service "
                      "waits for it to recover\n",
                      sc->regions[nft[i]].name);
    if (tl) {
        os_buf_puts(b, "\nIncident timeline:\n");
        os_timeline_format(b, tl, r->worst_rep, r->replications == 1);
    }
}
