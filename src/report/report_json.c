/* report_json.c — the machine-readable result of SPEC §4 and CSV rows; times in seconds. */
#include <stdio.h>
#include <sys/resource.h>

#include "outagesim/report.h"

long long os_peak_rss_bytes(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (long long)ru.ru_maxrss * 1024; /* Linux reports KiB */
}

size_t os_no_failover_target(const os_scenario *sc, int *out, size_t max)
{
    size_t n = 0;
    if (!sc->sc.enabled)
        return 0;
    /* walk the directed chain primary -> pair -> ... until it ends or loops */
    int r = sc->sc.primary;
    for (size_t steps = 0; steps <= sc->n_regions && r >= 0; steps++) {
        int next = sc->regions[r].pair;
        if (next < 0) {
            if (n < max)
                out[n++] = r;
            break;
        }
        r = next;
        if (r == sc->sc.primary)
            break;
    }
    return n;
}

void os_exact_json(os_buf *b, const os_exact_conn *e)
{
    os_buf_puts(b, "{\"availability\": ");
    os_buf_json_number(b, e->availability);
    os_buf_puts(b, ", \"outages_per_year\": ");
    os_buf_json_number(b, e->outages_per_year);
    os_buf_puts(b, ", \"mean_outage_duration\": ");
    os_buf_json_number(b, e->mean_outage_duration); /* NAN (never up) prints null */
    os_buf_puts(b, ", \"downtime_per_year\": ");
    os_buf_json_number(b, e->downtime_per_year);
    os_buf_puts(b, "}");
}

static void figure(os_buf *b, const os_figure *f)
{
    if (f->n == 0) {
        os_buf_puts(b, "{\"mean\": null, \"sd\": null, \"ci95\": null, \"min\": null, "
                       "\"p1\": null, \"p5\": null, \"p50\": null, \"p95\": null, "
                       "\"p99\": null, \"max\": null, \"n\": 0}");
        return;
    }
    const char *names[] = {"mean", "sd"};
    const double vals[] = {f->mean, f->sd};
    os_buf_puts(b, "{");
    for (int i = 0; i < 2; i++) {
        os_buf_printf(b, "\"%s\": ", names[i]);
        os_buf_json_number(b, vals[i]);
        os_buf_puts(b, ", ");
    }
    os_buf_puts(b, "\"ci95\": [");
    os_buf_json_number(b, f->lo);
    os_buf_puts(b, ", ");
    os_buf_json_number(b, f->hi);
    os_buf_puts(b, "]");
    const char *names2[] = {"min", "p1", "p5", "p50", "p95", "p99", "max"};
    const double vals2[] = {f->min, f->p1, f->p5, f->p50, f->p95, f->p99, f->max};
    for (int i = 0; i < 7; i++) {
        os_buf_printf(b, ", \"%s\": ", names2[i]);
        os_buf_json_number(b, vals2[i]);
    }
    os_buf_printf(b, ", \"n\": %zu}", f->n);
}

static void key_figure(os_buf *b, const char *indent, const char *key, const os_figure *f,
                       bool comma)
{
    os_buf_printf(b, "%s\"%s\": ", indent, key);
    figure(b, f);
    os_buf_puts(b, comma ? ",\n" : "\n");
}

/* "routers" or "flows" (SPEC §6.5), only when the scenario has such entities. */
static void entities_json(os_buf *b, const os_run_result *r, enum os_entity_kind kind)
{
    const os_scenario *sc = r->sc;
    size_t n = kind == OS_ENTITY_ROUTER ? sc->n_routers : sc->n_flows;
    if (n == 0)
        return;
    os_buf_printf(b, "  \"%s\": [", kind == OS_ENTITY_ROUTER ? "routers" : "flows");
    for (size_t i = 0; i < n; i++) {
        const os_entity_result *e = kind == OS_ENTITY_ROUTER ? &r->routers[i] : &r->flows[i];
        const char *in = "     ";
        os_buf_puts(b, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
        os_buf_json_string(b, os_entity_name(sc, e->ref));
        if (kind == OS_ENTITY_FLOW) {
            os_buf_puts(b, ", \"target\": ");
            os_buf_json_number(b, e->target);
        }
        os_buf_puts(b, ",\n");
        key_figure(b, in, "availability", &e->availability, true);
        os_buf_printf(b, "%s\"miss_share\": ", in);
        os_buf_json_number(b, e->miss_share);
        os_buf_puts(b, ",\n");
        key_figure(b, in, "sla_window_compliance", &e->sla_compliance, true);
        key_figure(b, in, "outage_duration", &e->outage_duration, true);
        key_figure(b, in, "outages", &e->outages, true);
        if (kind == OS_ENTITY_ROUTER)
            key_figure(b, in, "switches", &e->switches, true);
        if (kind == OS_ENTITY_FLOW) {
            os_buf_printf(b, "%s\"composite_independent\": ", in);
            os_buf_json_number(b, e->composite_independent);
            os_buf_puts(b, ",\n");
            if (r->flow_exact && r->flow_exact[i].in_class) {
                os_buf_printf(b, "%s\"exact\": ", in);
                os_exact_json(b, &r->flow_exact[i]);
                os_buf_puts(b, ",\n");
            }
        }
        os_buf_printf(b, "%s\"verdict\": {\"availability\": \"%s\"}}", in,
                      os_verdict_str(e->verdict));
    }
    os_buf_puts(b, "\n  ],\n");
}

/* "targets": one object per geo-replicated target (SPEC §6.5). */
static void geo_targets_json(os_buf *b, const os_run_result *r)
{
    os_buf_puts(b, "  \"targets\": [");
    for (size_t i = 0; i < r->n_geo; i++) {
        const os_geo_result *g = &r->geo[i];
        const char *in = "     ";
        os_buf_puts(b, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
        os_buf_json_string(b, r->sc->targets[g->target].name);
        os_buf_puts(b, ",\n");
        key_figure(b, in, "geo_failovers", &g->failovers, true);
        key_figure(b, in, "rto", &g->rto, true);
        key_figure(b, in, "rpo", &g->rpo, true);
        os_buf_printf(b, "%s\"verdict\": {\"rto\": \"%s\", \"rpo\": \"%s\"}}", in,
                      os_verdict_str(g->rto_verdict), os_verdict_str(g->rpo_verdict));
    }
    os_buf_puts(b, "\n  ],\n");
}

/* "cost" (SPEC §6.4): yearly money figures, only when the scenario has costs. */
static void cost_json(os_buf *b, const os_run_result *r)
{
    const os_cost_result *c = &r->cost;
    const char *in = "    ";
    os_buf_printf(b, "  \"cost\": {\n%s\"currency\": ", in);
    os_buf_json_string(b, c->currency ? c->currency : "USD");
    os_buf_puts(b, ",\n");
    key_figure(b, in, "infrastructure", &c->infrastructure, true);
    key_figure(b, in, "downtime", &c->downtime, true);
    key_figure(b, in, "credits", &c->credits, true);
    key_figure(b, in, "total", &c->total, c->exact_entities > 0);
    if (c->exact_entities > 0) {
        os_buf_printf(b, "%s\"exact_downtime\": ", in);
        os_buf_json_number(b, c->exact_downtime);
        os_buf_puts(b, "\n");
    }
    os_buf_puts(b, "  },\n");
}

void os_report_json(os_buf *b, const os_run_result *r)
{
    const os_scenario *sc = r->sc;
    os_buf_printf(b, "{\n  \"outagesim\": \"%s\",\n  \"scenario\": ", OS_VERSION);
    os_buf_json_string(b, sc->name);
    os_buf_printf(b, ",\n  \"seed\": %llu, \"replications\": %llu, \"horizon\": ",
                  (unsigned long long)r->seed, (unsigned long long)r->replications);
    os_buf_json_number(b, (double)sc->sim.horizon / 1e3);
    os_buf_puts(b, ",\n  \"sla\": {\"availability\": ");
    os_buf_json_number(b, sc->sla.availability);
    os_buf_puts(b, ", \"rto\": ");
    os_buf_json_number(b, (double)sc->sla.rto / 1e3);
    os_buf_puts(b, ", \"rpo\": ");
    os_buf_json_number(b, (double)sc->sla.rpo / 1e3);
    os_buf_puts(b, ", \"window\": ");
    os_buf_json_number(b, (double)sc->sla.window / 1e3);
    os_buf_puts(b, "},\n  \"connections\": [");
    for (size_t i = 0; i < sc->n_connections; i++) {
        const os_conn_result *c = &r->conn[i];
        os_buf_puts(b, i ? ",\n    {" : "\n    {");
        os_buf_puts(b, "\"name\": ");
        os_buf_json_string(b, sc->connections[i].name);
        os_buf_puts(b, ",\n");
        const char *in = "     ";
        key_figure(b, in, "availability", &c->availability, true);
        os_buf_printf(b, "%s\"miss_share\": ", in);
        os_buf_json_number(b, c->miss_share);
        os_buf_puts(b, ",\n");
        key_figure(b, in, "control_plane_availability", &c->cp_availability, true);
        if (sc->sc.enabled && sc->sc.has_operations)
            key_figure(b, in, "operations_success", &c->ops_success, true);
        key_figure(b, in, "sla_window_compliance", &c->sla_compliance, true);
        key_figure(b, in, "outage_duration", &c->outage_duration, true);
        os_buf_printf(b, "%s\"verdict\": {\"availability\": \"%s\"}", in,
                      os_verdict_str(c->verdict));
        if (r->exact && r->exact[i].in_class) {
            os_buf_printf(b, ",\n%s\"exact\": ", in);
            os_exact_json(b, &r->exact[i]);
        }
        os_buf_puts(b, "}");
    }
    os_buf_puts(b, sc->n_connections ? "\n  ],\n" : "],\n");
    entities_json(b, r, OS_ENTITY_ROUTER);
    entities_json(b, r, OS_ENTITY_FLOW);
    if (r->n_geo)
        geo_targets_json(b, r);
    if (r->cost.enabled)
        cost_json(b, r);
    if (sc->sc.enabled) {
        os_buf_puts(b, "  \"service_connector\": {\n");
        const char *in = "    ";
        os_buf_printf(b, "%s\"primary\": ", in);
        os_buf_json_string(b, sc->regions[sc->sc.primary].name);
        os_buf_printf(b, ",\n%s\"no_failover_target\": [", in);
        int nft[8];
        size_t n = os_no_failover_target(sc, nft, 8);
        for (size_t i = 0; i < n; i++) {
            if (i)
                os_buf_puts(b, ", ");
            os_buf_json_string(b, sc->regions[nft[i]].name);
        }
        os_buf_puts(b, "],\n");
        key_figure(b, in, "incidents", &r->incidents, true);
        key_figure(b, in, "failovers", &r->failovers, true);
        key_figure(b, in, "rto", &r->rto, true);
        key_figure(b, in, "rpo", &r->rpo, true);
        key_figure(b, in, "lost_writes", &r->lost_writes, true);
        os_buf_printf(b, "%s\"verdict\": {\"rto\": \"%s\", \"rpo\": \"%s\"}\n  },\n", in,
                      os_verdict_str(r->rto_verdict), os_verdict_str(r->rpo_verdict));
    }
    os_buf_printf(b,
                  "  \"stopping\": {\"reason\": \"%s\", \"replications\": %llu, "
                  "\"half_width\": {",
                  os_stop_reason_str(r->stop), (unsigned long long)r->replications);
    for (size_t i = 0; i < sc->n_connections; i++) {
        os_buf_puts(b, i ? ", " : "");
        os_buf_json_string(b, sc->connections[i].name);
        os_buf_puts(b, ": ");
        os_buf_json_number(b, r->half_width ? r->half_width[i] : 0);
    }
    os_buf_puts(b, "}},\n");
    double eps = r->wall_seconds > 0 ? (double)r->events / r->wall_seconds : 0;
    os_buf_printf(
        b, "  \"kernel\": {\"events\": %llu, \"wall_seconds\": ", (unsigned long long)r->events);
    os_buf_json_number(b, r->wall_seconds);
    os_buf_puts(b, ", \"events_per_second\": ");
    os_buf_json_number(b, eps);
    os_buf_printf(b, ", \"peak_rss_bytes\": %lld}\n}", os_peak_rss_bytes());
}

static void csv_triplet(os_buf *b, const os_figure *f)
{
    for (int i = 0; i < 3; i++) {
        os_buf_puts(b, ",");
        if (f->n)
            os_buf_json_number(b, i == 0 ? f->mean : (i == 1 ? f->lo : f->hi));
    }
}

void os_report_csv(os_buf *b, const os_run_result *r, bool header, const char *prefix_header,
                   const char *prefix)
{
    const os_scenario *sc = r->sc;
    if (header)
        os_buf_printf(b,
                      "%sentity,kind,availability_mean,availability_ci95_lo,"
                      "availability_ci95_hi,control_plane_availability_mean,"
                      "control_plane_availability_ci95_lo,control_plane_availability_ci95_hi,"
                      "sla_window_compliance_mean,sla_window_compliance_ci95_lo,"
                      "sla_window_compliance_ci95_hi,rto_p95,rto_max,rpo_p95,rpo_max%s\n",
                      prefix_header,
                      r->cost.enabled ? ",currency,cost_infrastructure_mean,cost_downtime_mean,"
                                        "cost_credits_mean,cost_total_mean,cost_total_ci95_lo,"
                                        "cost_total_ci95_hi"
                                      : "");
    /* one row per entity (SPEC §6.5): control-plane and connection-service columns are empty
     * for routers and flows */
    for (size_t e = 0; e < os_entity_count(sc); e++) {
        os_entity_view v = os_run_entity(r, e);
        bool conn = v.ref.kind == OS_ENTITY_CONNECTION;
        os_buf_puts(b, prefix);
        os_buf_csv_field(b, v.name);
        os_buf_printf(b, ",%s", os_entity_kind_str(v.ref.kind));
        csv_triplet(b, v.availability);
        if (conn)
            csv_triplet(b, &r->conn[e].cp_availability);
        else
            os_buf_puts(b, ",,,");
        csv_triplet(b, v.sla_compliance);
        const os_figure *fs[] = {&r->rto, &r->rto, &r->rpo, &r->rpo};
        for (int k = 0; k < 4; k++) {
            os_buf_puts(b, ",");
            if (conn && sc->sc.enabled && fs[k]->n)
                os_buf_json_number(b, k % 2 == 0 ? fs[k]->p95 : fs[k]->max);
        }
        if (r->cost.enabled) { /* the scenario's yearly costs, on every row as rto and rpo */
            const os_cost_result *c = &r->cost;
            os_buf_puts(b, ",");
            os_buf_csv_field(b, c->currency ? c->currency : "USD");
            const os_figure *cs[] = {&c->infrastructure, &c->downtime, &c->credits};
            for (int k = 0; k < 3; k++) {
                os_buf_puts(b, ",");
                os_buf_json_number(b, cs[k]->mean);
            }
            csv_triplet(b, &c->total);
        }
        os_buf_puts(b, "\n");
    }
}
