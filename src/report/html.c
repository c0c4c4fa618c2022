/* html.c — the run's HTML report: one self-contained page (inline CSS, inline SVG, no script,
 * nothing loaded from anywhere) with the availability of every connection against its target,
 * the spread over replications, an incident timeline of the first replications, RTO and RPO,
 * the exact answer beside the simulated one, and the text report itself. Also the page frame
 * and charts the sweep and check pages share (html_internal.h).
 *
 * Every figure is formatted by the text report's own functions (report_internal.h), so the
 * page and the text say the same thing to the digit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outagesim/duration.h"
#include "outagesim/report.h"
#include "report/html_internal.h"
#include "report/report_internal.h"
#include "report/svg.h"

/* Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), each series
 * also with its own marker shape and dash pattern. */
static const char css[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;"
    "color:#1a1a1a;background:#fff;margin:0}\n"
    "main{max-width:1160px;margin:0 auto;padding:16px 24px 40px}\n"
    "h1{font-size:1.6em;margin:.4em 0 .2em}h2{font-size:1.25em;margin:1.6em 0 .4em;"
    "border-bottom:1px solid #bbb;padding-bottom:.2em}h3{font-size:1.05em;margin:1.2em 0 .3em}\n"
    "p.meta{color:#333;margin:.2em 0}\n"
    ".chart{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start;margin:.5em 0 1em}\n"
    "figure{margin:0}figcaption{font-size:.9em;color:#333;max-width:760px;margin-top:.3em}\n"
    "figure.narrow figcaption{max-width:560px}\n"
    "table{border-collapse:collapse;font-size:.85em;margin:.3em 0}\n"
    "caption{text-align:left;font-weight:600;padding-bottom:.2em}\n"
    "th,td{border:1px solid #ccc;padding:2px 7px;text-align:left;vertical-align:top}\n"
    "th{background:#f1f1f1}td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "tr.bad td{background:#fde7dc;font-weight:600}\n"
    ".tag-bad{color:#a63a00;font-weight:700}.tag-good{color:#00613f;font-weight:700}"
    ".tag-open{color:#1a1a1a;font-style:italic}\n"
    "pre{background:#f7f7f7;border:1px solid #ddd;padding:10px;overflow-x:auto;"
    "font-size:12.5px;line-height:1.35;white-space:pre}\n"
    "svg{background:#fff;max-width:100%;height:auto}\n"
    "svg text{font-family:system-ui,Helvetica,Arial,sans-serif;font-size:12px;fill:#1a1a1a}\n"
    "svg .tick-label{font-size:11px;fill:#333}svg .axis-label{font-size:12px;font-weight:600}\n"
    "svg .axis-line,svg .tick{stroke:#333;stroke-width:1}svg .grid{stroke:#e3e3e3}\n"
    "svg .target{stroke:#d55e00;stroke-width:2;stroke-dasharray:7 4}\n"
    "svg text.target-label{fill:#a63a00;font-weight:600}\n"
    "svg .pct{stroke:#555;stroke-width:1.5;stroke-dasharray:3 3}\n"
    "svg line.whisker{stroke-width:2.5}svg polyline.series-line{fill:none;stroke-width:2}\n"
    "svg .bar{fill:#56b4e9;stroke:#1f6f99;stroke-width:.5}\n"
    "svg .bar-over{fill:#d55e00;stroke:#8a3c00}\n"
    "svg .s0{stroke:#0072b2;fill:#0072b2}svg .s1{stroke:#e69f00;fill:#e69f00}\n"
    "svg .s2{stroke:#009e73;fill:#009e73}svg .s3{stroke:#cc79a7;fill:#cc79a7}\n"
    "svg .s4{stroke:#56b4e9;fill:#56b4e9}svg .s5{stroke:#000;fill:#000}\n"
    "svg .d1{stroke-dasharray:8 4}svg .d2{stroke-dasharray:2 3}svg .d3{stroke-dasharray:10 3 2 3}\n"
    "svg .bad{stroke:#d55e00;fill:#d55e00}svg text.bad{stroke:none;font-weight:700}\n"
    "svg .exact{fill:#fff;stroke:#000;stroke-width:1.5}\n"
    "svg .best{fill:none;stroke:#000;stroke-width:2}\n"
    "svg .row-alt{fill:#f6f6f6}\n"
    "svg .k-region{fill:#d55e00}svg .k-zone{fill:#e69f00}svg .k-connection{fill:#0072b2}\n"
    "svg .k-incident{fill:#cc79a7}svg .k-failover{fill:#009e73}svg .k-failback{fill:#56b4e9}\n"
    "svg .k-other{fill:#555}svg .point{fill:#000}\n"
    "@media print{main{max-width:none;padding:0}section,figure,table{break-inside:avoid}"
    "pre{white-space:pre-wrap}}\n";

void html_text(os_buf *b, const char *s)
{
    svg_escape(b, s);
}

void html_elem(os_buf *b, const char *tag, const char *text)
{
    os_buf_printf(b, "<%s>", tag);
    html_text(b, text);
    os_buf_printf(b, "</%s>", tag);
}

void html_pre(os_buf *b, const char *text)
{
    os_buf_puts(b, "<pre>");
    const char *p = text ? text : "";
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *line = malloc(n + 1);
        if (!line) {
            b->failed = true;
            return;
        }
        memcpy(line, p, n);
        line[n] = 0;
        html_text(b, line);
        free(line);
        if (!nl)
            break;
        os_buf_puts(b, "\n");
        p = nl + 1;
    }
    os_buf_puts(b, "</pre>\n");
}

void html_begin(os_buf *b, const char *title)
{
    os_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"generator\" content=\"outagesim " OS_VERSION "\">\n<title>");
    html_text(b, title);
    os_buf_puts(b, "</title>\n<style>\n");
    os_buf_puts(b, css);
    os_buf_puts(b, "</style>\n</head>\n<body>\n<main>\n");
}

void html_end(os_buf *b)
{
    os_buf_puts(b, "<footer><p class=\"meta\">Made by outagesim " OS_VERSION
                   ". Every chart is followed by a table of its data.</p></footer>\n"
                   "</main>\n</body>\n</html>\n");
}

double html_time_unit(double max_s, const char **name)
{
    if (max_s >= 2 * 86400.0) {
        *name = "days";
        return 86400.0;
    }
    if (max_s >= 2 * 3600.0) {
        *name = "hours";
        return 3600.0;
    }
    if (max_s >= 120.0) {
        *name = "minutes";
        return 60.0;
    }
    *name = "seconds";
    return 1.0;
}

/* A label cut to fit about max characters. */
static void fit_label(char *out, size_t size, const char *s, size_t max)
{
    if (strlen(s) <= max) {
        snprintf(out, size, "%s", s);
        return;
    }
    snprintf(out, size, "%.*s...", (int)(max > 3 ? max - 3 : 0), s);
}

static void series_class(char *buf, size_t size, int series, bool flagged)
{
    if (flagged)
        snprintf(buf, size, "bad");
    else
        snprintf(buf, size, "s%d", series % 6);
}

enum { ROW_H = 26, LABEL_MAX = 28 };

void html_interval_chart(os_buf *b, const char *id, const char *title, const char *desc,
                         const char *axis_label, const html_interval *rows, size_t n)
{
    /* domain in percent over every mean, interval end, exact value and target */
    double lo = INFINITY, hi = -INFINITY;
    bool one_target = n > 0;
    size_t longest = 4;
    for (size_t i = 0; i < n; i++) {
        const html_interval *r = &rows[i];
        double v[] = {r->mean, r->has_interval ? r->lo : r->mean, r->has_interval ? r->hi : r->mean,
                      r->exact, r->target};
        for (size_t k = 0; k < 5; k++)
            if (isfinite(v[k])) {
                lo = fmin(lo, 100 * v[k]);
                hi = fmax(hi, 100 * v[k]);
            }
        if (!(r->target == rows[0].target || (isnan(r->target) && isnan(rows[0].target))))
            one_target = false;
        size_t len = strlen(r->label);
        longest = len > longest ? len : longest;
    }
    if (!isfinite(lo)) {
        lo = 0;
        hi = 100;
    }
    double pad = hi > lo ? 0 : fmax(1e-4, (100 - lo) / 2);
    svg_nice_domain(&lo, &hi, 6, pad > 0 ? pad : 1e-4);
    if (hi > 100)
        hi = 100;
    if (lo < 0)
        lo = 0;
    if (longest > LABEL_MAX)
        longest = LABEL_MAX;
    double left = 16 + 7.0 * (double)longest, right = 40, top = 34;
    double width = 760, height = top + ROW_H * (double)(n ? n : 1) + 76;
    svg_scale x = {lo, hi, left, width - right};
    double bottom = top + ROW_H * (double)(n ? n : 1);
    svg_begin(b, id, width, height, title, desc);
    for (size_t i = 0; i < n; i += 2)
        svg_rect(b, left, top + ROW_H * (double)i, width - right - left, ROW_H, "row-alt");
    double t[8], step;
    size_t nt = svg_ticks(lo, hi, 6, t, &step);
    svg_axis_bottom(b, &x, bottom, t, nt, svg_step_decimals(step), "%", bottom - top + 10,
                    axis_label);
    char buf[160], cls[32];
    if (one_target && isfinite(rows[0].target)) {
        double px = svg_map(&x, 100 * rows[0].target);
        svg_line(b, px, top - 8, px, bottom, "target");
        snprintf(buf, sizeof buf, "target %s", os_text_percent(rows[0].target, cls, sizeof cls));
        svg_text(b, px, top - 12, px > width / 2 ? SVG_END : SVG_START, "target-label", buf);
    }
    for (size_t i = 0; i < n; i++) {
        const html_interval *r = &rows[i];
        double cy = top + ROW_H * ((double)i + 0.5);
        fit_label(buf, sizeof buf, r->label, LABEL_MAX);
        svg_text(b, left - 8, cy + 4, SVG_END, r->flagged ? "bad" : NULL, buf);
        if (!one_target && isfinite(r->target)) {
            double px = svg_map(&x, 100 * r->target);
            svg_line(b, px, cy - ROW_H / 2 + 2, px, cy + ROW_H / 2 - 2, "target");
        }
        series_class(cls, sizeof cls, r->series, r->flagged);
        if (r->has_interval) {
            char wcls[48];
            snprintf(wcls, sizeof wcls, "whisker %s", cls);
            double x0 = svg_map(&x, 100 * r->lo), x1 = svg_map(&x, 100 * r->hi);
            svg_line(b, x0, cy, x1, cy, wcls);
            svg_line(b, x0, cy - 6, x0, cy + 6, wcls);
            svg_line(b, x1, cy - 6, x1, cy + 6, wcls);
        }
        svg_marker(b, (enum svg_shape)(r->series % SVG_SHAPES), svg_map(&x, 100 * r->mean), cy, 5,
                   cls);
        if (isfinite(r->exact))
            svg_marker(b, SVG_DIAMOND, svg_map(&x, 100 * r->exact), cy, 4.5, "exact");
    }
    /* legend */
    double ly = height - 8;
    svg_line(b, left, ly - 4, left + 22, ly - 4, "whisker s0");
    svg_marker(b, SVG_CIRCLE, left + 11, ly - 4, 4, "s0");
    svg_text(b, left + 28, ly, SVG_START, NULL, "mean with 95% interval");
    svg_line(b, left + 200, ly - 9, left + 200, ly + 1, "target");
    svg_text(b, left + 208, ly, SVG_START, NULL, "target");
    bool any_exact = false;
    for (size_t i = 0; i < n; i++)
        any_exact |= isfinite(rows[i].exact);
    if (any_exact) {
        svg_marker(b, SVG_DIAMOND, left + 270, ly - 4, 4.5, "exact");
        svg_text(b, left + 280, ly, SVG_START, NULL, "exact steady state");
    }
    svg_end(b);
}

void html_strip_chart(os_buf *b, const char *id, const char *title, const char *desc,
                      const html_strip *rows, size_t n, double target_s, const char *what)
{
    double hi = target_s;
    for (size_t i = 0; i < n; i++)
        if (rows[i].f.n)
            hi = fmax(hi, rows[i].f.max);
    const char *unit;
    double u = html_time_unit(hi, &unit);
    double lo = 0, top_v = hi / u;
    svg_nice_domain(&lo, &top_v, 6, 1);
    double left = 130, right = 40, top = 34, width = 760;
    double bottom = top + ROW_H * (double)(n ? n : 1);
    double height = bottom + 64;
    svg_scale x = {lo, top_v, left, width - right};
    svg_begin(b, id, width, height, title, desc);
    double t[8], step;
    size_t nt = svg_ticks(lo, top_v, 6, t, &step);
    char label[96], buf[160], cls[48];
    snprintf(label, sizeof label, "%s (%s)", what, unit);
    svg_axis_bottom(b, &x, bottom, t, nt, svg_step_decimals(step), "", bottom - top + 10, label);
    double px = svg_map(&x, target_s / u);
    svg_line(b, px, top - 8, px, bottom, "target");
    snprintf(buf, sizeof buf, "target %s", os_text_seconds(target_s, cls, sizeof cls));
    svg_text(b, px, top - 12, px > width / 2 ? SVG_END : SVG_START, "target-label", buf);
    for (size_t i = 0; i < n; i++) {
        const html_strip *r = &rows[i];
        double cy = top + ROW_H * ((double)i + 0.5);
        svg_text(b, left - 8, cy + 4, SVG_END, r->flagged ? "bad" : NULL, r->label);
        if (!r->f.n) {
            svg_text(b, left + 6, cy + 4, SVG_START, NULL, "no value (no incident)");
            continue;
        }
        series_class(cls, sizeof cls, r->series, r->flagged);
        char wcls[64];
        snprintf(wcls, sizeof wcls, "whisker %s", cls);
        svg_line(b, svg_map(&x, r->f.min / u), cy, svg_map(&x, r->f.max / u), cy, wcls);
        double x50 = svg_map(&x, r->f.p50 / u), x95 = svg_map(&x, r->f.p95 / u);
        svg_rect(b, x50, cy - 6, fmax(x95 - x50, 2), 12, cls);
        double x99 = svg_map(&x, r->f.p99 / u);
        svg_line(b, x99, cy - 8, x99, cy + 8, wcls);
        svg_line(b, svg_map(&x, r->f.max / u), cy - 8, svg_map(&x, r->f.max / u), cy + 8, wcls);
        svg_marker(b, SVG_DIAMOND, svg_map(&x, r->f.mean / u), cy, 4.5, "exact");
    }
    double ly = height - 8;
    svg_line(b, left, ly - 4, left + 22, ly - 4, "whisker s0");
    svg_text(b, left + 28, ly, SVG_START, NULL, "min to max");
    svg_rect(b, left + 110, ly - 10, 22, 12, "s0");
    svg_text(b, left + 138, ly, SVG_START, NULL, "p50 to p95");
    svg_line(b, left + 236, ly - 12, left + 236, ly + 2, "whisker s0");
    svg_text(b, left + 244, ly, SVG_START, NULL, "p99 and max");
    svg_marker(b, SVG_DIAMOND, left + 340, ly - 4, 4.5, "exact");
    svg_text(b, left + 350, ly, SVG_START, NULL, "mean");
    svg_end(b);
}

/* --- the run page ----------------------------------------------------------------------- */

void html_th_row(os_buf *b, const char *const *cols, size_t n)
{
    os_buf_puts(b, "<tr>");
    for (size_t i = 0; i < n; i++)
        html_elem(b, "th", cols[i]);
    os_buf_puts(b, "</tr>\n");
}

void html_td(os_buf *b, const char *s, bool num)
{
    os_buf_puts(b, num ? "<td class=\"num\">" : "<td>");
    html_text(b, s);
    os_buf_puts(b, "</td>");
}

/* A verdict cell: red for fail, green for pass, plain for uncertain (the word says it too). */
void html_verdict_td(os_buf *b, const char *v, bool bad)
{
    os_buf_printf(b, "<td><span class=\"%s\">",
                  bad                 ? "tag-bad"
                  : strcmp(v, "pass") ? "tag-open"
                                      : "tag-good");
    html_text(b, v);
    os_buf_puts(b, "</span></td>");
}

static void run_heading(os_buf *b, const os_run_result *r)
{
    const os_scenario *sc = r->sc;
    char h[64], n[32], a[64], c[64], d[64];
    os_buf_puts(b, "<header>\n<h1>Scenario ");
    html_text(b, sc->name);
    os_buf_puts(b, "</h1>\n");
    if (sc->description) {
        os_buf_puts(b, "<p>");
        html_text(b, sc->description);
        os_buf_puts(b, "</p>\n");
    }
    os_buf_printf(b,
                  "<p class=\"meta\">outagesim " OS_VERSION
                  " run: horizon %s, %s replication%s, seed %llu; targets: availability "
                  "%.10g%%, RTO %s, RPO %s, SLA window %s.</p>\n</header>\n",
                  os_duration_format(sc->sim.horizon, h, sizeof h),
                  os_format_count(r->replications, n, sizeof n), r->replications == 1 ? "" : "s",
                  (unsigned long long)r->seed, 100.0 * sc->sla.availability,
                  os_duration_format(sc->sla.rto, a, sizeof a),
                  os_duration_format(sc->sla.rpo, c, sizeof c),
                  os_duration_format(sc->sla.window, d, sizeof d));
}

/* An entity's label in charts: its name, with its kind for routers and flows. */
static void entity_label(char *buf, size_t size, const os_entity_view *v)
{
    if (v->ref.kind == OS_ENTITY_CONNECTION)
        snprintf(buf, size, "%s", v->name);
    else
        snprintf(buf, size, "%s (%s)", v->name, os_entity_kind_str(v->ref.kind));
}

/* The exact answer of entity e, or NULL (outside the class, or none computed). */
static const os_exact_conn *entity_exact(const os_run_result *r, const os_entity_view *v)
{
    const os_exact_conn *x = NULL;
    if (v->ref.kind == OS_ENTITY_CONNECTION && r->exact)
        x = &r->exact[v->ref.index];
    else if (v->ref.kind == OS_ENTITY_FLOW && r->flow_exact)
        x = &r->flow_exact[v->ref.index];
    return x && x->in_class ? x : NULL;
}

static void availability_section(os_buf *b, const os_run_result *r)
{
    const os_scenario *sc = r->sc;
    bool many = r->replications > 1;
    size_t n = os_entity_count(sc);
    os_buf_puts(b, "<section id=\"availability\">\n<h2>Availability against the target</h2>\n");
    html_interval *rows = calloc(n ? n : 1, sizeof *rows);
    char(*labels)[160] = calloc(n ? n : 1, sizeof *labels);
    if (!rows || !labels) {
        free(rows);
        free(labels);
        b->failed = true;
        return;
    }
    bool exact = false, apps = sc->n_connections < n, flows = false;
    for (size_t e = 0; e < n; e++) {
        os_entity_view v = os_run_entity(r, e);
        const os_exact_conn *x = entity_exact(r, &v);
        entity_label(labels[e], sizeof labels[e], &v);
        rows[e] = (html_interval){labels[e],
                                  v.availability->mean,
                                  v.availability->lo,
                                  v.availability->hi,
                                  many,
                                  x ? x->availability : NAN,
                                  v.target,
                                  (int)v.ref.kind,
                                  v.verdict == OS_VERDICT_FAIL};
        exact |= x != NULL;
        flows |= v.ref.kind == OS_ENTITY_FLOW;
    }
    os_buf_puts(b, "<div class=\"chart\">\n<figure>\n");
    html_interval_chart(b, "avail",
                        apps ? "Availability of each connection, router and flow"
                             : "Availability of each connection",
                        many ? "Mean availability over the replications of each entity, with "
                               "its 95% Student-t interval, against its availability target."
                             : "Availability of each entity over the horizon (one "
                               "replication), against its availability target.",
                        "availability (%)", rows, n);
    os_buf_puts(b, "<figcaption>Availability: served fraction over the horizon");
    os_buf_puts(b, many ? ", mean over the replications with its 95% Student-t interval "
                          "(whiskers)"
                        : "");
    os_buf_puts(b, exact ? "; a white diamond is the exact steady-state value" : "");
    os_buf_puts(b, apps ? ". Circles: connections, squares: routers, triangles: flows" : "");
    os_buf_puts(b, ". The dashed line is the target; rows in red miss it.</figcaption>\n"
                   "</figure>\n");
    free(rows);
    free(labels);
    /* the data */
    os_buf_puts(b, "<table>\n<caption>Availability per entity</caption>\n<tr>");
    html_elem(b, "th", apps ? "entity" : "connection");
    if (apps)
        html_elem(b, "th", "kind");
    html_elem(b, "th", "availability");
    if (many)
        html_elem(b, "th", "95% interval");
    const char *cols[] = {"target",      "downtime/yr", "worst outage",
                          "SLA windows", "control",     "verdict"};
    for (size_t k = apps ? 0 : 1; k < 6; k++)
        html_elem(b, "th", cols[k]);
    if (flows)
        html_elem(b, "th", "independence estimate");
    if (exact)
        html_elem(b, "th", "exact");
    os_buf_puts(b, "</tr>\n");
    for (size_t e = 0; e < n; e++) {
        os_entity_view v = os_run_entity(r, e);
        const os_figure *f = v.availability;
        char a[64], lo[48], hi[48], iv[112];
        bool bad = v.verdict == OS_VERDICT_FAIL;
        os_buf_puts(b, bad ? "<tr class=\"bad\">" : "<tr>");
        html_td(b, v.name, false);
        if (apps)
            html_td(b, os_entity_kind_str(v.ref.kind), false);
        html_td(b, os_text_percent(f->mean, a, sizeof a), true);
        if (many) {
            snprintf(iv, sizeof iv, "[%s, %s]", os_text_percent(f->lo, lo, sizeof lo),
                     os_text_percent(f->hi, hi, sizeof hi));
            html_td(b, iv, true);
        }
        if (apps)
            html_td(b, os_text_percent(v.target, a, sizeof a), true);
        double down_s = (1.0 - f->mean) * 365.0 * 86400.0;
        html_td(b, os_text_seconds(down_s > 0 ? down_s : 0, a, sizeof a), true);
        html_td(
            b, v.outage_duration->n ? os_text_seconds(v.outage_duration->max, a, sizeof a) : "none",
            true);
        html_td(b, os_text_percent(v.sla_compliance->mean, a, sizeof a), true);
        if (v.ref.kind == OS_ENTITY_CONNECTION)
            html_td(b, os_text_percent(r->conn[v.ref.index].cp_availability.mean, a, sizeof a),
                    true);
        else
            html_td(b, "-", true);
        html_verdict_td(b, os_verdict_str(v.verdict), bad);
        if (flows) {
            double ci =
                v.ref.kind == OS_ENTITY_FLOW ? r->flows[v.ref.index].composite_independent : NAN;
            html_td(b, isfinite(ci) ? os_text_percent(ci, a, sizeof a) : "", true);
        }
        if (exact) {
            const os_exact_conn *x = entity_exact(r, &v);
            if (x)
                os_text_percent_vs(x->availability, v.target, a, sizeof a);
            html_td(b, x ? a : "outside the exact class", !!x);
        }
        os_buf_puts(b, "</tr>\n");
    }
    os_buf_puts(b, "</table>\n</div>\n</section>\n");
}

enum { MAX_HISTOGRAMS = 12, MAX_BINS = 40 };

static void histogram(os_buf *b, const os_run_result *r, size_t i)
{
    os_entity_view ev = os_run_entity(r, i);
    const double *v = r->rep_availability[i];
    size_t n = (size_t)r->replications;
    double target = ev.target;
    char name[160];
    entity_label(name, sizeof name, &ev);
    double p1 = ev.availability->p1, p5 = ev.availability->p5; /* the figure's own */
    double lo = 100 * fmin(v[0], target), hi = 100 * fmax(v[n - 1], target);
    svg_nice_domain(&lo, &hi, 6, fmax(1e-4, (100 - lo) / 2));
    if (hi > 100)
        hi = 100;
    if (!(hi > lo))
        lo = hi - 1e-4;
    size_t nb = (size_t)ceil(sqrt((double)n));
    nb = nb < 5 ? 5 : nb > MAX_BINS ? MAX_BINS : nb;
    size_t counts[MAX_BINS];
    double w = (hi - lo) / (double)nb;
    double *pct = malloc(n * sizeof *pct);
    if (!pct) {
        b->failed = true;
        return;
    }
    for (size_t k = 0; k < n; k++)
        pct[k] = 100 * v[k];
    size_t top = svg_bin_counts(pct, n, lo, hi, nb, counts);
    free(pct);
    char id[48], title[256], desc[512], a[64], c[64], t[64];
    snprintf(id, sizeof id, "hist%zu", i);
    snprintf(title, sizeof title, "Availability per replication: %s", name);
    snprintf(desc, sizeof desc,
             "Histogram of the availability of %s in each of %llu replications, with the "
             "target (%s) and the 1st and 5th percentiles (%s, %s) marked.",
             name, (unsigned long long)n, os_text_percent(target, t, sizeof t),
             os_text_percent(p1, a, sizeof a), os_text_percent(p5, c, sizeof c));
    double left = 70, right = 30, top_px = 52, width = 560, height = 300;
    double bottom = height - 56;
    svg_scale x = {lo, hi, left, width - right};
    double ymax = (double)top, ylo = 0;
    svg_nice_domain(&ylo, &ymax, 5, 1);
    svg_scale y = {0, ymax, bottom, top_px};
    svg_begin(b, id, width, height, title, desc);
    double ticks[8], step;
    size_t nt = svg_ticks_int(0, ymax, 5, ticks, &step);
    svg_axis_left(b, &y, left, ticks, nt, svg_step_decimals(step), "", width - right - left,
                  "replications");
    for (size_t k = 0; k < nb; k++) {
        double x0 = svg_map(&x, svg_bin_edge(lo, hi, nb, k));
        double x1 = svg_map(&x, svg_bin_edge(lo, hi, nb, k + 1));
        double y0 = svg_map(&y, (double)counts[k]);
        if (counts[k])
            svg_rect(b, x0 + 0.5, y0, x1 - x0 - 1, bottom - y0, "bar");
    }
    nt = svg_ticks(lo, hi, 5, ticks, &step);
    svg_axis_bottom(b, &x, bottom, ticks, nt, svg_step_decimals(step), "%", 0,
                    "availability in one replication (%)");
    struct {
        double v;
        const char *cls, *name;
    } marks[] = {{target, "target", "target"}, {p1, "pct", "p1"}, {p5, "pct", "p5"}};
    for (size_t k = 0; k < 3; k++) {
        double px = svg_map(&x, 100 * marks[k].v);
        bool right_half = px > (left + width - right) / 2;
        svg_line(b, px, 17 + 12.0 * (double)k, px, bottom, marks[k].cls);
        svg_text(b, px + (right_half ? -4 : 4), 16 + 12.0 * (double)k,
                 right_half ? SVG_END : SVG_START, k == 0 ? "target-label" : NULL, marks[k].name);
    }
    svg_end(b);
    os_buf_printf(b, "<figcaption>");
    html_text(b, name);
    char n1[32], n2[32];
    uint64_t missed = (uint64_t)llround(ev.miss_share * (double)n);
    /* the words and numbers of the text report's bad-year line */
    os_buf_printf(b, ": p1 %s, p5 %s; below %.10g%% in %.3g%% of replications (%s of %s).",
                  os_text_percent_vs(p1, target, a, sizeof a),
                  os_text_percent_vs(p5, target, c, sizeof c), 100.0 * target,
                  100.0 * ev.miss_share, os_format_count(missed, n1, sizeof n1),
                  os_format_count(n, n2, sizeof n2));
    os_buf_puts(b, "</figcaption>\n</figure>\n<table>\n<caption>");
    html_text(b, title);
    os_buf_puts(b, "</caption>\n");
    const char *cols[] = {"from", "to", "replications"};
    html_th_row(b, cols, 3);
    for (size_t k = 0; k < nb; k++) {
        char from[48], to[48];
        int dec = svg_step_decimals(w / 10);
        snprintf(from, sizeof from, "%.*f%%", dec, svg_bin_edge(lo, hi, nb, k));
        snprintf(to, sizeof to, "%.*f%%", dec, svg_bin_edge(lo, hi, nb, k + 1));
        os_buf_puts(b, "<tr>");
        html_td(b, from, true);
        html_td(b, to, true);
        os_buf_printf(b, "<td class=\"num\">%zu</td></tr>\n", counts[k]);
    }
    os_buf_puts(b, "</table>\n");
}

static void spread_section(os_buf *b, const os_run_result *r)
{
    const os_scenario *sc = r->sc;
    size_t ne =
        os_entity_count(sc) < r->n_rep_availability ? os_entity_count(sc) : r->n_rep_availability;
    if (!r->rep_availability || r->replications < 2 || !ne)
        return; /* one replication has no spread */
    os_buf_puts(b, "<section id=\"spread\">\n<h2>Availability per replication (the bad year)"
                   "</h2>\n<p>Each replication is one simulated horizon. The spread shows how "
                   "far a single year can fall from the mean: p1 and p5 are the availability "
                   "that 1% and 5% of the replications fall below.</p>\n");
    size_t n = ne < MAX_HISTOGRAMS ? ne : MAX_HISTOGRAMS;
    for (size_t i = 0; i < n; i++) {
        os_buf_puts(b, "<div class=\"chart\">\n<figure class=\"narrow\">\n");
        histogram(b, r, i);
        os_buf_puts(b, "</div>\n");
    }
    if (n < ne)
        os_buf_printf(b, "<p>Histograms of the first %zu of %zu entities.</p>\n", n, ne);
    os_buf_puts(b, "</section>\n");
}

/* --- the incident timeline (Gantt) ------------------------------------------------------ */

typedef struct span {
    os_ms from, to; /* to == -1: a point event */
    const char *what;
} span;

typedef struct gantt_row {
    char label[160];
    char cls[24];
    const char *kind, *entity;
    span *s;
    size_t n, cap;
    bool open;
} gantt_row;

typedef struct gantt {
    gantt_row *rows;
    size_t n, cap;
    bool failed;
} gantt;

enum { MAX_GANTT_ROWS = 40, MAX_GANTT_TABLE = 300 };

static bool skipped_kind(const os_record *rec)
{
    static const char *skip[] = {"instance", "compute", "control_plane", "health_check", "service"};
    for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
        if (!strcmp(rec->kind, skip[i]))
            return true;
    return !strcmp(rec->kind, "zone") && rec->detail && !strcmp(rec->detail, "with its region");
}

static bool opens(const char *st)
{
    return !strcmp(st, "down") || !strcmp(st, "not_serving") || !strcmp(st, "started") ||
           !strcmp(st, "unreachable");
}

static bool closes(const char *st)
{
    return !strcmp(st, "up") || !strcmp(st, "serving") || !strcmp(st, "completed") ||
           !strcmp(st, "ended") || !strcmp(st, "cancelled") || !strcmp(st, "reachable");
}

static gantt_row *row_for(gantt *g, const os_record *rec)
{
    for (size_t i = 0; i < g->n; i++)
        if (!strcmp(g->rows[i].kind, rec->kind) && !strcmp(g->rows[i].entity, rec->entity))
            return &g->rows[i];
    if (g->n == MAX_GANTT_ROWS)
        return NULL;
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 16;
        gantt_row *p = realloc(g->rows, cap * sizeof *p);
        if (!p) {
            g->failed = true;
            return NULL;
        }
        g->rows = p;
        g->cap = cap;
    }
    gantt_row *r = &g->rows[g->n++];
    memset(r, 0, sizeof *r);
    r->kind = rec->kind;
    r->entity = rec->entity;
    static const char *known[] = {"region",   "zone",     "connection",
                                  "incident", "failover", "failback"};
    snprintf(r->cls, sizeof r->cls, "k-other");
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(rec->kind, known[i]))
            snprintf(r->cls, sizeof r->cls, "k-%s", known[i]);
    if (!strcmp(rec->kind, "geo_failover") || !strcmp(rec->kind, "geo_failback"))
        snprintf(r->cls, sizeof r->cls, "k-%s", rec->kind + 4); /* as a failover, failback */
    if (!strcmp(rec->kind, "incident"))
        snprintf(r->label, sizeof r->label, "service incident");
    else if (!strcmp(rec->kind, "failover") || !strcmp(rec->kind, "failback"))
        snprintf(r->label, sizeof r->label, "%s to %s", rec->kind, rec->entity);
    else
        snprintf(r->label, sizeof r->label, "%s %s", rec->kind, rec->entity);
    return r;
}

static void row_push(gantt *g, gantt_row *r, span s)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 8;
        span *p = realloc(r->s, cap * sizeof *p);
        if (!p) {
            g->failed = true;
            return;
        }
        r->s = p;
        r->cap = cap;
    }
    r->s[r->n++] = s;
}

static void gantt_build(gantt *g, const os_timeline *tl, os_ms horizon)
{
    size_t n = os_timeline_count(tl);
    for (size_t i = 0; i < n && !g->failed; i++) {
        os_record rec = os_timeline_get(tl, i);
        if (skipped_kind(&rec))
            continue;
        gantt_row *r = row_for(g, &rec);
        if (!r)
            continue;
        if (opens(rec.state)) {
            if (!r->open) {
                row_push(g, r, (span){rec.t, horizon, rec.state});
                r->open = true;
            }
        } else if (closes(rec.state) && r->open) {
            r->s[r->n - 1].to = rec.t;
            r->open = false;
        } else {
            row_push(g, r, (span){rec.t, -1, rec.state});
        }
    }
}

static void gantt_free(gantt *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->rows[i].s);
    free(g->rows);
}

static void gantt_chart(os_buf *b, const gantt *g, uint64_t rep, os_ms horizon)
{
    /* zoom to the events when they are close together */
    os_ms t0 = INT64_MAX, t1 = 0;
    for (size_t i = 0; i < g->n; i++)
        for (size_t k = 0; k < g->rows[i].n; k++) {
            const span *s = &g->rows[i].s[k];
            t0 = s->from < t0 ? s->from : t0;
            os_ms end = s->to < 0 ? s->from : s->to;
            t1 = end > t1 ? end : t1;
        }
    double d0 = 0, d1 = (double)horizon / 1e3;
    if (t0 <= t1 && (double)(t1 - t0) < (double)horizon / 3) {
        double pad = fmax((double)(t1 - t0) / 1e3 * 0.08, 600);
        d0 = fmax(0, (double)t0 / 1e3 - pad);
        d1 = fmin((double)horizon / 1e3, (double)t1 / 1e3 + pad);
    }
    const char *unit;
    double u = html_time_unit(d1 - d0 > 0 ? d1 - d0 : 1, &unit);
    if (u < 86400.0 && d1 / u > 1e4) /* far into a long horizon: keep days with decimals */
        u = 86400.0, unit = "days";
    double lo = d0 / u, hi = d1 / u;
    double left = 240, right = 30, top = 16, width = 1000, rh = 18;
    double bottom = top + rh * (double)(g->n ? g->n : 1);
    double height = bottom + 50;
    svg_scale x = {lo, hi, left, width - right};
    char id[48], title[160], desc[400], label[96];
    snprintf(id, sizeof id, "gantt%llu", (unsigned long long)rep);
    snprintf(title, sizeof title, "Incident timeline of replication %llu", (unsigned long long)rep);
    snprintf(desc, sizeof desc,
             "Outages of regions, zones and connections, service incidents, failovers and "
             "failbacks in replication %llu, as bars along the time axis; the table below "
             "lists them.",
             (unsigned long long)rep);
    svg_begin(b, id, width, height, title, desc);
    for (size_t i = 0; i < g->n; i += 2)
        svg_rect(b, left, top + rh * (double)i, width - right - left, rh, "row-alt");
    double t[10], step;
    size_t nt = svg_ticks(lo, hi, 8, t, &step);
    snprintf(label, sizeof label, "time since the start of the replication (%s)", unit);
    svg_axis_bottom(b, &x, bottom, t, nt, svg_step_decimals(step), "", bottom - top, label);
    for (size_t i = 0; i < g->n; i++) {
        const gantt_row *r = &g->rows[i];
        double y = top + rh * (double)i;
        char fit[64];
        fit_label(fit, sizeof fit, r->label, 34);
        svg_text(b, left - 8, y + rh - 5, SVG_END, NULL, fit);
        for (size_t k = 0; k < r->n; k++) {
            const span *s = &r->s[k];
            double xa = svg_map(&x, (double)s->from / 1e3 / u);
            if (s->to < 0) {
                svg_marker(b, SVG_DIAMOND, xa, y + rh / 2, 4, "point");
                continue;
            }
            double xb = svg_map(&x, (double)s->to / 1e3 / u);
            xa = fmax(xa, left);
            xb = fmin(xb, width - right);
            if (xb < left || xa > width - right)
                continue;
            svg_rect(b, xa, y + 3, fmax(xb - xa, 2), rh - 6, r->cls);
        }
    }
    svg_end(b);
}

static void gantt_table(os_buf *b, const gantt *g, uint64_t rep, size_t *rows_left)
{
    for (size_t i = 0; i < g->n; i++)
        for (size_t k = 0; k < g->rows[i].n; k++) {
            if (*rows_left == 0)
                return;
            (*rows_left)--;
            const span *s = &g->rows[i].s[k];
            char a[48], c[48], d[48];
            os_buf_printf(b, "<tr><td class=\"num\">%llu</td>", (unsigned long long)rep);
            html_td(b, g->rows[i].label, false);
            html_td(b, s->what, false);
            html_td(b, os_time_format(s->from, a, sizeof a), true);
            html_td(b, s->to < 0 ? "" : os_time_format(s->to, c, sizeof c), true);
            html_td(b, s->to < 0 ? "" : os_duration_format(s->to - s->from, d, sizeof d), true);
            os_buf_puts(b, "</tr>\n");
        }
}

static void timeline_section(os_buf *b, const os_run_result *r, const os_timeline *const *tls,
                             size_t n_tl)
{
    if (!n_tl)
        return;
    os_ms horizon = r->sc->sim.horizon;
    os_buf_printf(b,
                  "<section id=\"timeline\">\n<h2>Incident timeline of the first "
                  "replication%s</h2>\n<p>Bars are outages (regions, zones, connections), "
                  "service incidents and running failovers or failbacks; diamonds are single "
                  "events (triggers, switches). Times are since the start of the "
                  "replication, written as day and time of day.</p>\n",
                  n_tl == 1 ? "" : "s");
    os_buf_puts(b, "<p>Colours: <span style=\"color:#d55e00\">&#9632;</span> region, "
                   "<span style=\"color:#e69f00\">&#9632;</span> zone, "
                   "<span style=\"color:#0072b2\">&#9632;</span> connection, "
                   "<span style=\"color:#cc79a7\">&#9632;</span> service incident, "
                   "<span style=\"color:#009e73\">&#9632;</span> failover, "
                   "<span style=\"color:#56b4e9\">&#9632;</span> failback, "
                   "<span style=\"color:#555\">&#9632;</span> other; every row is also "
                   "named.</p>\n");
    gantt *gs = calloc(n_tl, sizeof *gs);
    if (!gs) {
        b->failed = true;
        return;
    }
    for (size_t k = 0; k < n_tl; k++) {
        gantt_build(&gs[k], tls[k], horizon);
        b->failed |= gs[k].failed;
        os_buf_printf(b, "<h3>Replication %zu</h3>\n", k);
        if (!gs[k].n) {
            os_buf_puts(b, "<p>No outage, incident or failover in this replication.</p>\n");
            continue;
        }
        os_buf_puts(b, "<figure>\n");
        gantt_chart(b, &gs[k], k, horizon);
        if (gs[k].n == MAX_GANTT_ROWS)
            os_buf_printf(b, "<figcaption>The first %d rows.</figcaption>\n", MAX_GANTT_ROWS);
        os_buf_puts(b, "</figure>\n");
    }
    os_buf_puts(b, "<table>\n<caption>Timeline events</caption>\n");
    const char *cols[] = {"replication", "what", "state", "from", "to", "duration"};
    html_th_row(b, cols, 6);
    size_t left = MAX_GANTT_TABLE;
    for (size_t k = 0; k < n_tl; k++)
        gantt_table(b, &gs[k], k, &left);
    os_buf_puts(b, "</table>\n");
    if (!left)
        os_buf_printf(b, "<p>The first %d events.</p>\n", MAX_GANTT_TABLE);
    os_buf_puts(b, "</section>\n");
    for (size_t k = 0; k < n_tl; k++)
        gantt_free(&gs[k]);
    free(gs);
}

void os_report_html(os_buf *b, const os_run_result *r, const os_timeline *worst,
                    const os_timeline *const *first, size_t n_first)
{
    char title[512];
    snprintf(title, sizeof title, "outagesim report: %s", r->sc->name);
    html_begin(b, title);
    run_heading(b, r);
    availability_section(b, r);
    spread_section(b, r);
    html_recovery_section(b, r);
    html_cost_section(b, r);
    timeline_section(b, r, first, n_first);
    os_buf text = {0};
    os_report_text(&text, r, worst);
    os_buf_puts(b, "<section id=\"text\">\n<h2>The text report</h2>\n<p>The same figures as "
                   "<code>outagesim run</code> prints them.</p>\n");
    html_pre(b, text.data);
    b->failed |= text.failed;
    os_buf_free(&text);
    os_buf_puts(b, "</section>\n");
    html_end(b);
}
