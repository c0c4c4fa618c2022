/* html_sweep.c — the HTML pages of `sweep` (availability of every connection, router and flow
 * against the varied key, one series per value of the other keys, the cheapest passing point
 * marked; the total cost likewise when points are ranked by cost) and of `check` (every figure's
 * baseline interval beside the new one, regressions highlighted). Figures are formatted by the
 * text reports' own functions; the text output itself closes each page. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outagesim/duration.h"
#include "outagesim/report.h"
#include "analysis/sweep_internal.h"
#include "report/html_internal.h"
#include "report/report_internal.h"
#include "report/svg.h"

/* --- sweep ------------------------------------------------------------------------------ */

/* An entity of the first point that loaded, found by kind and name in the other points. */
typedef struct sweep_entity {
    enum os_entity_kind kind;
    const char *name;
} sweep_entity;

/* The global entity id (os_entity_id) of en at point p, or -1 (also for a skipped point). */
static long entity_at(const os_sweep *sw, size_t p, const sweep_entity *en)
{
    const os_scenario *s = sw->sc[p];
    if (!s)
        return -1;
    size_t n = os_entity_count(s);
    for (size_t e = 0; e < n; e++) {
        os_ref r = os_entity_ref(s, e);
        if (r.kind == en->kind && !strcmp(os_entity_name(s, r), en->name))
            return (long)e;
    }
    return -1;
}

/* One point of a chart: mean and interval, in the chart's unit (percent, or money in the axis
 * scale), and the target (percent) or NAN. present: the entity exists at that point (it may
 * still have no value: outside the exact class). */
typedef struct point_val {
    bool present, has;
    double mean, lo, hi, target;
    const os_figure *f;      /* simulated availability */
    const os_exact_conn *x;  /* exact answer */
    enum os_verdict verdict; /* simulated: the entity's; exact: pass or fail */
} point_val;

static point_val entity_value(const os_sweep *sw, size_t p, const sweep_entity *en)
{
    point_val v = {.target = NAN, .verdict = OS_VERDICT_UNCERTAIN};
    long e = entity_at(sw, p, en);
    if (e < 0)
        return v;
    const os_scenario *sc = sw->sc[p];
    os_ref ref = os_entity_ref(sc, (size_t)e);
    v.present = true;
    if (sw->mode == MODE_RUN) {
        os_entity_view ev = os_run_entity(sw->res[p], (size_t)e);
        v.f = ev.availability;
        v.target = 100 * ev.target;
        v.verdict = ev.verdict;
        if (!v.f->n)
            return v;
        v.has = true;
        v.mean = 100 * v.f->mean;
        v.lo = 100 * (v.f->n > 1 ? v.f->lo : v.f->mean);
        v.hi = 100 * (v.f->n > 1 ? v.f->hi : v.f->mean);
        return v;
    }
    double target = ref.kind == OS_ENTITY_FLOW ? sc->flows[ref.index].target : sc->sla.availability;
    v.target = 100 * target;
    if (ref.kind == OS_ENTITY_ROUTER)
        return v;                 /* routers are outside the exact class (SPEC §6.3) */
    size_t i = (size_t)ref.index; /* flows follow the connections */
    v.x = &sw->exact[p][ref.kind == OS_ENTITY_FLOW ? sc->n_connections + i : i];
    if (!v.x->in_class)
        return v;
    v.has = true;
    v.mean = v.lo = v.hi = 100 * v.x->availability;
    v.verdict = os_exact_meets(v.x, target) ? OS_VERDICT_PASS : OS_VERDICT_FAIL;
    return v;
}

/* A point's mean total cost a year with its interval, in money / scale. */
static point_val cost_value(const os_sweep *sw, size_t p, double scale)
{
    point_val v = {.target = NAN, .verdict = OS_VERDICT_UNCERTAIN};
    if (!sw->sc[p] || !sw->res[p] || !sw->res[p]->cost.enabled)
        return v;
    const os_figure *f = &sw->res[p]->cost.total;
    v.present = true;
    if (!f->n)
        return v;
    v.has = true;
    v.f = f;
    v.mean = f->mean / scale;
    v.lo = (f->n > 1 ? f->lo : f->mean) / scale;
    v.hi = (f->n > 1 ? f->hi : f->mean) / scale;
    return v;
}

/* What a chart plots: either an entity's availability or the total cost. */
typedef struct sweep_series {
    const sweep_entity *en; /* NULL: total cost */
    double scale;           /* total cost: the money axis scale */
} sweep_series;

static point_val series_value(const os_sweep *sw, size_t p, const sweep_series *s)
{
    return s->en ? entity_value(sw, p, s->en) : cost_value(sw, p, s->scale);
}

/* "k2=v, k3=w" for the keys after the first at point p. */
static void series_label(const os_sweep *sw, size_t p, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = 0;
    for (size_t k = 1; k < sw->n_keys && len < size; k++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s=%s", k > 1 ? ", " : "",
                                sw->keys[k].key, os_sweep_value(sw, p, k));
    if (len >= size && size > 4)
        snprintf(buf + size - 4, 4, "...");
}

/* A chart of s against the values of the first key (equally spaced, labelled as written), one
 * line per combination of the other keys, the cheapest passing point circled. Availability
 * in %, with the target; cost in money / s->scale. */
static void sweep_chart(os_buf *b, const os_sweep *sw, const sweep_series *s, long best,
                        const char *id, const char *title, const char *desc, const char *axis_label)
{
    size_t nx = sw->n_keys ? sw->keys[0].n_values : 1;
    size_t ns = sw->n_points / nx;
    double lo = INFINITY, hi = -INFINITY, target = NAN;
    bool one_target = true, first = true;
    for (size_t p = 0; p < sw->n_points; p++) {
        point_val v = series_value(sw, p, s);
        if (v.present) {
            if (first)
                target = v.target;
            else if (!(v.target == target || (isnan(v.target) && isnan(target))))
                one_target = false;
            first = false;
        }
        if (!v.has)
            continue;
        lo = fmin(lo, v.lo);
        hi = fmax(hi, v.hi);
    }
    bool avail = s->en != NULL;
    for (size_t p = 0; avail && p < sw->n_points; p++) {
        point_val v = series_value(sw, p, s);
        if (v.present && isfinite(v.target)) {
            lo = fmin(lo, v.target);
            hi = fmax(hi, v.target);
        }
    }
    if (!isfinite(lo)) {
        lo = avail ? 99 : 0;
        hi = avail ? 100 : 1;
    }
    if (avail) {
        svg_nice_domain(&lo, &hi, 6, fmax(1e-4, (100 - lo) / 2));
        hi = fmin(hi, 100);
    } else {
        svg_nice_domain(&lo, &hi, 6, fmax(fabs(lo) * 0.05, 1));
    }
    double left = 90, right = 30, top = 30, width = 820, plot_h = 300;
    double bottom = top + plot_h;
    double legend_h = ns > 1 ? 18.0 * (double)(ns < 12 ? ns : 12) + 10 : 0;
    double height = bottom + 70 + legend_h;
    svg_scale y = {lo, hi, bottom, top};
    /* categories: equally spaced, half a step from each end */
    svg_scale x = {-0.5, (double)nx - 0.5, left, width - right};
    char label[320], buf[160];
    svg_begin(b, id, width, height, title, desc);
    double t[8], step;
    size_t nt = svg_ticks(lo, hi, 6, t, &step);
    svg_axis_left(b, &y, left, t, nt, svg_step_decimals(step), avail ? "%" : "",
                  width - right - left, axis_label);
    svg_line(b, left, bottom, width - right, bottom, "axis-line");
    size_t every = nx > 24 ? (nx + 23) / 24 : 1;
    for (size_t k = 0; k < nx; k++) {
        double px = svg_map(&x, (double)k);
        svg_line(b, px, bottom, px, bottom + 5, "tick");
        if (k % every == 0)
            svg_text(b, px, bottom + 18, SVG_MIDDLE, "tick-label",
                     sw->n_keys ? sw->keys[0].values[k] : "as written");
    }
    svg_text(b, (left + width - right) / 2, bottom + 38, SVG_MIDDLE, "axis-label",
             sw->n_keys ? sw->keys[0].key : "the scenario as written");
    if (avail && one_target && isfinite(target)) {
        double py = svg_map(&y, target);
        svg_line(b, left, py, width - right, py, "target");
        snprintf(label, sizeof label, "target %s", os_text_percent(target / 100, buf, sizeof buf));
        svg_text(b, width - right - 4, py - 5, SVG_END, "target-label", label);
    }
    /* series side by side around each value, so their whiskers do not hide each other */
    double dodge = ns > 1 ? fmin(6, 40 / (double)ns) : 0;
    for (size_t sr = 0; sr < ns; sr++) {
        double dx = ((double)sr - (double)(ns - 1) / 2) * dodge;
        double *px = calloc(nx, sizeof *px), *py = calloc(nx, sizeof *py);
        if (!px || !py) {
            free(px);
            free(py);
            b->failed = true;
            break;
        }
        size_t n = 0;
        char cls[48], line_cls[64];
        snprintf(cls, sizeof cls, "s%zu", sr % 6);
        snprintf(line_cls, sizeof line_cls, "series-line s%zu d%zu", sr % 6, sr % 4);
        for (size_t k = 0; k < nx; k++) {
            size_t p = k * ns + sr;
            point_val v = series_value(sw, p, s);
            if (!v.has)
                continue;
            px[n] = svg_map(&x, (double)k) + dx;
            py[n] = svg_map(&y, v.mean);
            if (v.hi > v.lo) {
                char w[64];
                snprintf(w, sizeof w, "whisker %s", cls);
                svg_line(b, px[n], svg_map(&y, v.lo), px[n], svg_map(&y, v.hi), w);
            }
            if (avail && !one_target && isfinite(v.target)) {
                double ty = svg_map(&y, v.target);
                svg_line(b, px[n] - 8, ty, px[n] + 8, ty, "target");
            }
            n++;
        }
        if (n > 1)
            svg_polyline(b, px, py, n, line_cls);
        for (size_t k = 0; k < n; k++)
            svg_marker(b, (enum svg_shape)(sr % SVG_SHAPES), px[k], py[k], 4.5, cls);
        free(px);
        free(py);
    }
    point_val bv = best >= 0 ? series_value(sw, (size_t)best, s) : (point_val){0};
    if (bv.has) {
        double bdx = ((double)((size_t)best % ns) - (double)(ns - 1) / 2) * dodge;
        double bx = svg_map(&x, (double)((size_t)best / ns)) + bdx, by = svg_map(&y, bv.mean);
        svg_circle(b, bx, by, 10, "best");
        svg_text(b, bx + (bx > width / 2 ? -14 : 14), by + (by < top + 30 ? 24 : -14),
                 bx > width / 2 ? SVG_END : SVG_START, NULL, "cheapest passing");
    }
    for (size_t sr = 0; sr < ns && sr < 12 && ns > 1; sr++) {
        double ly = bottom + 62 + 18.0 * (double)sr;
        char cls[48], line_cls[64];
        snprintf(cls, sizeof cls, "s%zu", sr % 6);
        snprintf(line_cls, sizeof line_cls, "series-line s%zu d%zu", sr % 6, sr % 4);
        svg_line(b, left, ly - 4, left + 30, ly - 4, line_cls);
        svg_marker(b, (enum svg_shape)(sr % SVG_SHAPES), left + 15, ly - 4, 4.5, cls);
        series_label(sw, sr, label, sizeof label);
        svg_text(b, left + 38, ly, SVG_START, NULL, label);
    }
    svg_end(b);
}

/* The first cells of a point's row: the cheapest mark and the varied values; true when the
 * point is skipped (its reason then fills the rest of the row, cols wide). */
static bool point_cells(os_buf *b, const os_sweep *sw, size_t p, long best, bool fail, int cols)
{
    os_buf_puts(b, fail ? "<tr class=\"bad\">" : "<tr>");
    os_buf_printf(b, "<td>%s</td>", (long)p == best ? "*" : "");
    for (size_t k = 0; k < sw->n_keys; k++) {
        os_buf_puts(b, "<td>");
        html_text(b, os_sweep_value(sw, p, k));
        os_buf_puts(b, "</td>");
    }
    if (!(sw->skipped && sw->skipped[p]))
        return false;
    os_buf_printf(b, "<td colspan=\"%d\">skipped: ", cols);
    html_text(b, sw->skipped[p]);
    os_buf_puts(b, "</td></tr>\n");
    return true;
}

static void sweep_table(os_buf *b, const os_sweep *sw, const sweep_entity *en, long best)
{
    bool run = sw->mode == MODE_RUN, flow = en->kind == OS_ENTITY_FLOW;
    int cols = (run ? 4 : 3) + flow;
    os_buf_puts(b, "<table>\n<caption>");
    html_text(b, en->name);
    if (en->kind != OS_ENTITY_CONNECTION) {
        os_buf_puts(b, " (");
        html_text(b, os_entity_kind_str(en->kind));
        os_buf_puts(b, ")");
    }
    os_buf_puts(b, "</caption>\n<tr><th></th>");
    for (size_t k = 0; k < sw->n_keys; k++)
        html_elem(b, "th", sw->keys[k].key);
    if (flow)
        os_buf_puts(b, "<th>target</th>");
    os_buf_puts(b, run ? "<th>availability</th><th>95% interval</th><th>downtime/yr</th>"
                         "<th>verdict</th></tr>\n"
                       : "<th>availability</th><th>downtime/yr</th><th>verdict</th></tr>\n");
    for (size_t p = 0; p < sw->n_points; p++) {
        point_val v = entity_value(sw, p, en);
        char s[96], lo[48], hi[48];
        bool fail = v.has && v.verdict == OS_VERDICT_FAIL;
        if (point_cells(b, sw, p, best, fail, cols))
            continue;
        if (!v.present) {
            os_buf_printf(b, "<td colspan=\"%d\">(no such %s)</td></tr>\n", cols,
                          os_entity_kind_str(en->kind));
            continue;
        }
        if (flow)
            os_buf_printf(b, "<td class=\"num\">%s</td>",
                          os_sweep_percent(v.target / 100, 1.0 - v.target / 100, -1, s, sizeof s));
        if (run) {
            const os_figure *f = v.f;
            os_buf_printf(b, "<td class=\"num\">%s</td>",
                          os_sweep_percent(f->mean, 1.0 - f->mean, 5, s, sizeof s));
            os_buf_printf(b, "<td class=\"num\">[%s, %s]</td>",
                          os_sweep_percent(f->lo, 1.0 - f->lo, 5, lo, sizeof lo),
                          os_sweep_percent(f->hi, 1.0 - f->hi, 5, hi, sizeof hi));
            double down = (1.0 - f->mean) * 365.0 * 86400.0;
            os_buf_printf(b, "<td class=\"num\">%s</td>",
                          os_sweep_duration(down > 0 ? down : 0, s, sizeof s));
        } else if (!v.has) {
            os_buf_puts(b, "<td colspan=\"3\">outside the exact class</td></tr>\n");
            continue;
        } else {
            os_buf_printf(
                b, "<td class=\"num\">%s</td>",
                os_sweep_percent(v.x->availability, v.x->unavailability, -1, s, sizeof s));
            os_buf_printf(b, "<td class=\"num\">%s</td>",
                          os_sweep_duration(v.x->downtime_per_year, s, sizeof s));
        }
        const char *verdict = os_verdict_str(v.verdict);
        os_buf_printf(b, "<td><span class=\"%s\">%s</span></td></tr>\n",
                      fail                      ? "tag-bad"
                      : strcmp(verdict, "pass") ? "tag-open"
                                                : "tag-good",
                      verdict);
    }
    os_buf_puts(b, "</table>\n");
}

/* Total cost per year against the first key (SPEC §6.4), when points are ranked by cost. */
static void cost_section(os_buf *b, const os_sweep *sw, long best)
{
    const char *currency = sw->res[sw->first]->cost.currency;
    double most = 0;
    for (size_t p = 0; p < sw->n_points; p++) {
        point_val v = cost_value(sw, p, 1);
        if (v.has)
            most = fmax(most, v.hi);
    }
    const char *scale_name;
    double scale = html_money_unit(most, &scale_name);
    sweep_series s = {NULL, scale};
    const char *key = sw->n_keys ? sw->keys[0].key : "the scenario";
    char title[400], desc[700], axis[160];
    snprintf(title, sizeof title, "Total cost per year against %s", key);
    snprintf(desc, sizeof desc,
             "Mean total cost a year (infrastructure, downtime and credits) over the "
             "replications, with its 95%% interval, at each value of %s%s%s, in %s; the "
             "cheapest combination that passes every target is circled.",
             key, sw->n_keys > 1 ? ", one line per value of " : "",
             sw->n_keys > 1 ? sw->keys[1].key : "", currency);
    snprintf(axis, sizeof axis, "total cost per year (%s%s)", scale_name, currency);
    os_buf_puts(b, "<section id=\"cost\">\n<h2>Total cost per year</h2>\n<div class=\"chart\">\n"
                   "<figure>\n");
    sweep_chart(b, sw, &s, best, "sweep-cost", title, desc, axis);
    os_buf_printf(b,
                  "<figcaption>Mean total cost a year in %s over the replications with its "
                  "95%% interval (vertical whiskers).</figcaption>\n</figure>\n<table>\n"
                  "<caption>Cost per year (%s)</caption>\n<tr><th></th>",
                  currency, currency);
    for (size_t k = 0; k < sw->n_keys; k++)
        html_elem(b, "th", sw->keys[k].key);
    os_buf_puts(b, "<th>infrastructure</th><th>downtime</th><th>credits</th><th>total</th>"
                   "<th>95% interval</th></tr>\n");
    for (size_t p = 0; p < sw->n_points; p++) {
        if (point_cells(b, sw, p, best, false, 5))
            continue;
        const os_cost_result *c = &sw->res[p]->cost;
        const os_figure *fs[] = {&c->infrastructure, &c->downtime, &c->credits, &c->total};
        char m[64], lo[64], hi[64];
        for (int k = 0; k < 4; k++)
            html_td(b, fs[k]->n ? os_text_money(fs[k]->mean, m, sizeof m) : "-", true);
        snprintf(m, sizeof m, "[%s, %s]", os_text_money(c->total.lo, lo, sizeof lo),
                 os_text_money(c->total.hi, hi, sizeof hi));
        html_td(b, c->total.n > 1 ? m : "-", true);
        os_buf_puts(b, "</tr>\n");
    }
    os_buf_puts(b, "</table>\n</div>\n</section>\n");
}

enum { MAX_SWEEP_CHARTS = 12 };

static void entity_section(os_buf *b, const os_sweep *sw, const sweep_entity *en, size_t i,
                           long best)
{
    const char *kind = os_entity_kind_str(en->kind);
    bool conn = en->kind == OS_ENTITY_CONNECTION;
    const char *key = sw->n_keys ? sw->keys[0].key : "the scenario";
    char id[32], title[400], desc[700];
    snprintf(id, sizeof id, "sweep%zu", i);
    snprintf(title, sizeof title, "Availability of %s%s%s%s against %s", en->name, conn ? "" : " (",
             conn ? "" : kind, conn ? "" : ")", key);
    snprintf(desc, sizeof desc,
             "%s availability of the %s %s at each value of %s%s%s, against its availability "
             "target; the cheapest combination that passes every target is circled.",
             sw->mode == MODE_EXACT ? "Exact steady-state" : "Mean simulated (95% interval)", kind,
             en->name, key, sw->n_keys > 1 ? ", one line per value of " : "",
             sw->n_keys > 1 ? sw->keys[1].key : "");
    sweep_series s = {en, 1};
    os_buf_puts(b, "<section>\n<h2>Availability of ");
    html_text(b, en->name);
    if (!conn) {
        os_buf_puts(b, " (");
        html_text(b, kind);
        os_buf_puts(b, ")");
    }
    os_buf_puts(b, "</h2>\n<div class=\"chart\">\n<figure>\n");
    sweep_chart(b, sw, &s, best, id, title, desc, "availability (%)");
    os_buf_puts(b, sw->mode == MODE_RUN
                       ? "<figcaption>Mean availability over the replications with its 95% "
                         "interval (vertical whiskers); the dashed line is the "
                         "target.</figcaption>\n"
                       : "<figcaption>Exact steady-state availability (no point where the "
                         "entity is outside the exact class); the dashed line is the "
                         "target.</figcaption>\n");
    os_buf_puts(b, "</figure>\n");
    sweep_table(b, sw, en, best);
    os_buf_puts(b, "</div>\n</section>\n");
}

void os_sweep_html(os_buf *b, const os_sweep *sw)
{
    if (sw->mode == MODE_NONE || !sw->n_points)
        return;
    const os_scenario *a = sw->sc[sw->first];
    char title[512], n[32], m[64];
    snprintf(title, sizeof title, "outagesim sweep: %s", a->name);
    html_begin(b, title);
    os_buf_puts(b, "<header>\n<h1>Sweep of scenario ");
    html_text(b, a->name);
    os_buf_printf(b, "</h1>\n<p class=\"meta\">%zu point%s", sw->n_points,
                  sw->n_points == 1 ? "" : "s");
    for (size_t k = 0; k < sw->n_keys; k++) {
        os_buf_puts(b, k ? " &#215; " : " over ");
        html_text(b, sw->keys[k].key);
        os_buf_printf(b, " (%zu)", sw->keys[k].n_values);
    }
    if (sw->mode == MODE_RUN)
        os_buf_printf(b, "; %s replications, seed %llu",
                      os_format_count(sw->res[sw->first]->replications, n, sizeof n),
                      (unsigned long long)sw->res[sw->first]->seed);
    else
        os_buf_puts(b, "; exact steady state");
    os_buf_printf(b, "; availability target %.10g%%.</p>\n</header>\n",
                  100.0 * a->sla.availability);
    long best = os_sweep_cheapest(sw);
    bool by_cost = os_sweep_by_cost(sw);
    os_buf_puts(b, "<section id=\"best\">\n<h2>Cheapest passing combination</h2>\n<p>");
    if (best >= 0) {
        char label[1024];
        sweep_point_label(sw, (size_t)best, label, sizeof label);
        html_text(b, sw->n_keys ? label : "the scenario as it is");
        os_buf_printf(b, " (%d zone%s, %lld instance%s", sw->sc[best]->n_zones,
                      sw->sc[best]->n_zones == 1 ? "" : "s", sweep_total_instances(sw->sc[best]),
                      sweep_total_instances(sw->sc[best]) == 1 ? "" : "s");
        if (by_cost) {
            os_buf_printf(b, ", total cost %s ",
                          os_text_money(sw->res[best]->cost.total.mean, m, sizeof m));
            html_text(b, sw->res[best]->cost.currency);
            os_buf_puts(b, " a year): the lowest mean total cost a year");
        } else {
            os_buf_puts(b, "): the fewest zones over all regions, then the fewest instances "
                           "over all computes");
        }
        os_buf_puts(b, ", among the combinations that pass every target. It is circled in the "
                       "charts and marked * in the tables.");
    } else {
        os_buf_puts(b, "No combination passes every target.");
    }
    os_buf_puts(b, "</p>\n</section>\n");
    if (by_cost)
        cost_section(b, sw, best);
    /* connections, routers and flows of the first point; routers have no exact answer */
    size_t ne = os_entity_count(a), shown = 0, listed = 0;
    for (size_t e = 0; e < ne; e++) {
        os_ref ref = os_entity_ref(a, e);
        if (sw->mode == MODE_EXACT && ref.kind == OS_ENTITY_ROUTER)
            continue;
        listed++;
        if (shown == MAX_SWEEP_CHARTS)
            continue;
        sweep_entity en = {ref.kind, os_entity_name(a, ref)};
        entity_section(b, sw, &en, shown++, best);
    }
    if (shown < listed)
        os_buf_printf(b,
                      "<p>Charts of the first %zu of %zu entities; the text table below "
                      "has them all.</p>\n",
                      shown, listed);
    if (sw->mode == MODE_EXACT && a->n_routers)
        os_buf_puts(b, "<p>Routers are outside the exact class: the exact sweep has no figure "
                       "for them.</p>\n");
    os_buf text = {0};
    os_sweep_text(&text, sw);
    os_buf_puts(b, "<section id=\"text\">\n<h2>The sweep table</h2>\n<p>The same figures as "
                   "<code>outagesim sweep</code> prints them.</p>\n");
    html_pre(b, text.data);
    b->failed |= text.failed;
    os_buf_free(&text);
    os_buf_puts(b, "</section>\n");
    html_end(b);
}
/* --- check ------------------------------------------------------------------------------ */

static bool is_fraction(enum os_check_kind k)
{
    return k == OS_CHECK_AVAILABILITY || k == OS_CHECK_CP_AVAILABILITY || k == OS_CHECK_SLA_WINDOWS;
}

static void check_kind_chart(os_buf *b, const os_check_report *rep, const os_run_result *res,
                             enum os_check_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < rep->n_items; i++)
        n += rep->items[i].kind == kind;
    if (!n)
        return;
    html_interval *rows = calloc(2 * n, sizeof *rows);
    char(*labels)[2][160] = calloc(n, sizeof *labels);
    if (!rows || !labels) {
        free(rows);
        free(labels);
        b->failed = true;
        return;
    }
    double target = kind == OS_CHECK_AVAILABILITY ? res->sc->sla.availability : NAN;
    size_t r = 0, k = 0;
    for (size_t i = 0; i < rep->n_items; i++) {
        const os_check_item *it = &rep->items[i];
        if (it->kind != kind)
            continue;
        const char *name = it->connection ? it->connection : "service";
        snprintf(labels[k][0], sizeof labels[k][0], "%s (baseline)", name);
        snprintf(labels[k][1], sizeof labels[k][1], "%s (new)", name);
        const os_figure *f[2] = {&it->old_fig, &it->new_fig};
        for (int side = 0; side < 2; side++) {
            if (!f[side]->n)
                continue;
            rows[r++] = (html_interval){
                labels[k][side], f[side]->mean,  f[side]->lo,
                f[side]->hi,     f[side]->n > 1, NAN,
                target,          side,           side == 1 && it->outcome == OS_CHECK_FAIL};
        }
        k++;
    }
    char id[32], title[160], axis[96];
    snprintf(id, sizeof id, "check%d", (int)kind);
    snprintf(title, sizeof title, "%s: baseline and new run", os_check_kind_str(kind));
    snprintf(axis, sizeof axis, "%s (%%)", os_check_kind_str(kind));
    os_buf_puts(b, "<figure>\n");
    html_interval_chart(b, id, title,
                        "For each connection, the baseline's mean and 95% interval (blue "
                        "circle) and the new run's (orange square); a regression is drawn in "
                        "red and named in the table.",
                        axis, rows, r);
    os_buf_puts(b, "<figcaption>Blue circles: the baseline; orange squares: the new run; red: "
                   "a failed check (regression or target missed).</figcaption>\n</figure>\n");
    free(rows);
    free(labels);
}

static void check_time_chart(os_buf *b, const os_check_report *rep, const os_run_result *res,
                             enum os_check_kind kind)
{
    for (size_t i = 0; i < rep->n_items; i++) {
        const os_check_item *it = &rep->items[i];
        if (it->kind != kind)
            continue;
        html_strip rows[2] = {{"baseline", it->old_fig, 0, false},
                              {"new run", it->new_fig, 1, it->outcome == OS_CHECK_FAIL}};
        bool rto = kind == OS_CHECK_RTO;
        char title[96];
        snprintf(title, sizeof title, "%s: baseline and new run", rto ? "RTO" : "RPO");
        os_buf_puts(b, "<figure>\n");
        html_strip_chart(b, rto ? "check-rto" : "check-rpo", title,
                         "Distribution of the connection service's recovery figure in the "
                         "baseline and in the new run, against its target.",
                         rows, 2, (double)(rto ? res->sc->sla.rto : res->sc->sla.rpo) / 1e3,
                         rto ? "RTO" : "RPO");
        os_buf_puts(b, "</figure>\n");
    }
}

void os_check_html(os_buf *b, const os_check_report *rep, const os_run_result *res,
                   const char *text)
{
    char title[512];
    snprintf(title, sizeof title, "outagesim check: %s", res->sc->name);
    html_begin(b, title);
    os_buf_puts(b, "<header>\n<h1>Check of scenario ");
    html_text(b, res->sc->name);
    os_buf_printf(b,
                  "</h1>\n<p class=\"meta\">%zu check%s: %zu failed, %zu improved, %zu "
                  "changed; the new run used the baseline's seed (%llu) and replications.</p>\n"
                  "</header>\n",
                  rep->n_items, rep->n_items == 1 ? "" : "s", rep->n_failed, rep->n_improved,
                  rep->n_changed, (unsigned long long)res->seed);
    os_buf_puts(b, "<section id=\"checks\">\n<h2>Every figure against its baseline</h2>\n"
                   "<p>A regression is a new 95% interval entirely below the baseline's (for "
                   "availability figures), or an RTO/RPO p95 or maximum worse than the "
                   "baseline's by more than the tolerance; a target missed fails too.</p>\n"
                   "<div class=\"chart\">\n");
    for (int k = OS_CHECK_AVAILABILITY; k <= OS_CHECK_RPO; k++) {
        if (is_fraction((enum os_check_kind)k))
            check_kind_chart(b, rep, res, (enum os_check_kind)k);
        else
            check_time_chart(b, rep, res, (enum os_check_kind)k);
    }
    os_buf_puts(b, "<table>\n<caption>Checks</caption>\n<tr><th>outcome</th><th>figure</th>"
                   "<th>connection</th><th>baseline &#8594; new</th></tr>\n");
    for (size_t i = 0; i < rep->n_items; i++) {
        const os_check_item *it = &rep->items[i];
        bool bad = it->outcome == OS_CHECK_FAIL;
        os_buf_puts(b, bad ? "<tr class=\"bad\">" : "<tr>");
        os_buf_printf(b, "<td><span class=\"%s\">%s%s</span></td>", bad ? "tag-bad" : "tag-good",
                      os_check_outcome_str(it->outcome),
                      bad ? (it->regressed ? " (regression)" : " (target missed)") : "");
        html_elem(b, "td", os_check_kind_str(it->kind));
        html_elem(b, "td", it->connection ? it->connection : "service");
        html_elem(b, "td", it->detail);
        os_buf_puts(b, "</tr>\n");
    }
    os_buf_puts(b, "</table>\n</div>\n</section>\n");
    os_buf_puts(b, "<section id=\"text\">\n<h2>The check summary</h2>\n<p>The same lines as "
                   "<code>outagesim check</code> prints.</p>\n");
    html_pre(b, text);
    os_buf_puts(b, "</section>\n");
    html_end(b);
}
