/* html_sweep.c — the HTML pages of `sweep` (availability against the varied key, one series per
 * value of the other keys, the cheapest passing point marked) and of `check` (every figure's
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

/* The connection named like connection i of the first point that loaded in point p, or -1
 * (also for a skipped point). */
static long same_connection(const os_sweep *sw, size_t p, size_t i)
{
    const os_scenario *a = sw->sc[sw->first], *s = sw->sc[p];
    if (!s)
        return -1;
    if (i < s->n_connections && !strcmp(s->connections[i].name, a->connections[i].name))
        return (long)i;
    for (size_t k = 0; k < s->n_connections; k++)
        if (!strcmp(s->connections[k].name, a->connections[i].name))
            return (long)k;
    return -1;
}

/* One point's value for the chart: mean and interval (fractions), or false when it has none. */
static bool point_value(const os_sweep *sw, size_t p, long c, double *mean, double *lo, double *hi)
{
    if (c < 0)
        return false;
    if (sw->mode == MODE_EXACT) {
        const os_exact_conn *e = &sw->exact[p][c];
        if (!e->in_class)
            return false;
        *mean = *lo = *hi = e->availability;
        return true;
    }
    const os_figure *f = &sw->res[p]->conn[c].availability;
    if (!f->n)
        return false;
    *mean = f->mean;
    *lo = f->n > 1 ? f->lo : f->mean;
    *hi = f->n > 1 ? f->hi : f->mean;
    return true;
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

static void sweep_chart(os_buf *b, const os_sweep *sw, size_t i, long best)
{
    const os_scenario *a = sw->sc[sw->first];
    size_t nx = sw->n_keys ? sw->keys[0].n_values : 1;
    size_t ns = sw->n_points / nx;
    double lo = INFINITY, hi = -INFINITY, target = a->sla.availability;
    bool one_target = true;
    for (size_t p = 0; p < sw->n_points; p++) {
        double m, l, h;
        one_target &= !sw->sc[p] || sw->sc[p]->sla.availability == target;
        if (!point_value(sw, p, same_connection(sw, p, i), &m, &l, &h))
            continue;
        lo = fmin(lo, 100 * l);
        hi = fmax(hi, 100 * h);
    }
    lo = fmin(lo, 100 * target);
    hi = fmax(hi, 100 * target);
    svg_nice_domain(&lo, &hi, 6, fmax(1e-4, (100 - lo) / 2));
    hi = fmin(hi, 100);
    double left = 90, right = 30, top = 30, width = 820, plot_h = 300;
    double bottom = top + plot_h;
    double legend_h = ns > 1 ? 18.0 * (double)(ns < 12 ? ns : 12) + 10 : 0;
    double height = bottom + 70 + legend_h;
    svg_scale y = {lo, hi, bottom, top};
    /* categories: equally spaced, half a step from each end */
    svg_scale x = {-0.5, (double)nx - 0.5, left, width - right};
    char id[32], title[320], desc[600], label[320], buf[160];
    snprintf(id, sizeof id, "sweep%zu", i);
    snprintf(title, sizeof title, "Availability of %s against %s", a->connections[i].name,
             sw->n_keys ? sw->keys[0].key : "the scenario");
    snprintf(desc, sizeof desc,
             "%s availability of %s at each value of %s%s%s, against the availability target; "
             "the cheapest combination that passes every target is circled.",
             sw->mode == MODE_EXACT ? "Exact steady-state" : "Mean simulated (95% interval)",
             a->connections[i].name, sw->n_keys ? sw->keys[0].key : "the scenario",
             ns > 1 ? ", one line per value of " : "", ns > 1 ? sw->keys[1].key : "");
    svg_begin(b, id, width, height, title, desc);
    double t[8], step;
    size_t nt = svg_ticks(lo, hi, 6, t, &step);
    svg_axis_left(b, &y, left, t, nt, svg_step_decimals(step), "%", width - right - left,
                  "availability (%)");
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
             sw->n_keys ? sw->keys[0].key : "");
    if (one_target) {
        double py = svg_map(&y, 100 * target);
        svg_line(b, left, py, width - right, py, "target");
        snprintf(label, sizeof label, "target %s", os_text_percent(target, buf, sizeof buf));
        svg_text(b, width - right - 4, py - 5, SVG_END, "target-label", label);
    }
    for (size_t s = 0; s < ns; s++) {
        double *px = calloc(nx, sizeof *px), *py = calloc(nx, sizeof *py);
        if (!px || !py) {
            free(px);
            free(py);
            b->failed = true;
            break;
        }
        size_t n = 0;
        char cls[48], line_cls[64];
        snprintf(cls, sizeof cls, "s%zu", s % 6);
        snprintf(line_cls, sizeof line_cls, "series-line s%zu d%zu", s % 6, s % 4);
        for (size_t k = 0; k < nx; k++) {
            size_t p = k * ns + s;
            double m, l, h;
            if (!point_value(sw, p, same_connection(sw, p, i), &m, &l, &h))
                continue;
            px[n] = svg_map(&x, (double)k);
            py[n] = svg_map(&y, 100 * m);
            if (sw->mode == MODE_RUN && h > l) {
                char w[64];
                snprintf(w, sizeof w, "whisker %s", cls);
                svg_line(b, px[n], svg_map(&y, 100 * l), px[n], svg_map(&y, 100 * h), w);
            }
            if (!one_target) {
                double ty = svg_map(&y, 100 * sw->sc[p]->sla.availability);
                svg_line(b, px[n] - 8, ty, px[n] + 8, ty, "target");
            }
            n++;
        }
        if (n > 1)
            svg_polyline(b, px, py, n, line_cls);
        for (size_t k = 0; k < n; k++)
            svg_marker(b, (enum svg_shape)(s % SVG_SHAPES), px[k], py[k], 4.5, cls);
        free(px);
        free(py);
    }
    double m, l, h;
    if (best >= 0 &&
        point_value(sw, (size_t)best, same_connection(sw, (size_t)best, i), &m, &l, &h)) {
        double bx = svg_map(&x, (double)((size_t)best / ns)), by = svg_map(&y, 100 * m);
        svg_circle(b, bx, by, 10, "best");
        svg_text(b, bx + (bx > width / 2 ? -14 : 14), by + (by < top + 30 ? 24 : -14),
                 bx > width / 2 ? SVG_END : SVG_START, NULL, "cheapest passing");
    }
    for (size_t s = 0; s < ns && s < 12; s++) {
        double ly = bottom + 62 + 18.0 * (double)s;
        char cls[48], line_cls[64];
        snprintf(cls, sizeof cls, "s%zu", s % 6);
        snprintf(line_cls, sizeof line_cls, "series-line s%zu d%zu", s % 6, s % 4);
        svg_line(b, left, ly - 4, left + 30, ly - 4, line_cls);
        svg_marker(b, (enum svg_shape)(s % SVG_SHAPES), left + 15, ly - 4, 4.5, cls);
        series_label(sw, s, label, sizeof label);
        svg_text(b, left + 38, ly, SVG_START, NULL, label);
    }
    svg_end(b);
}

static void sweep_table(os_buf *b, const os_sweep *sw, size_t i, long best)
{
    os_buf_puts(b, "<table>\n<caption>");
    html_text(b, sw->sc[sw->first]->connections[i].name);
    os_buf_puts(b, "</caption>\n<tr><th></th>");
    for (size_t k = 0; k < sw->n_keys; k++)
        html_elem(b, "th", sw->keys[k].key);
    os_buf_puts(b, sw->mode == MODE_RUN
                       ? "<th>availability</th><th>95% interval</th><th>downtime/yr</th>"
                         "<th>verdict</th></tr>\n"
                       : "<th>availability</th><th>downtime/yr</th><th>verdict</th></tr>\n");
    for (size_t p = 0; p < sw->n_points; p++) {
        long c = same_connection(sw, p, i);
        char s[96], lo[48], hi[48];
        bool fail = false;
        const char *verdict = "-";
        if (c >= 0 && sw->mode == MODE_RUN) {
            verdict = os_verdict_str(sw->res[p]->conn[c].verdict);
            fail = sw->res[p]->conn[c].verdict == OS_VERDICT_FAIL;
        } else if (c >= 0 && sw->exact[p][c].in_class) {
            fail = sw->exact[p][c].unavailability > 1.0 - sw->sc[p]->sla.availability + 1e-12;
            verdict = fail ? "fail" : "pass";
        }
        os_buf_puts(b, fail ? "<tr class=\"bad\">" : "<tr>");
        os_buf_printf(b, "<td>%s</td>", (long)p == best ? "*" : "");
        for (size_t k = 0; k < sw->n_keys; k++) {
            os_buf_puts(b, "<td>");
            html_text(b, os_sweep_value(sw, p, k));
            os_buf_puts(b, "</td>");
        }
        if (sw->skipped && sw->skipped[p]) {
            os_buf_printf(b, "<td colspan=\"%d\">skipped: ", sw->mode == MODE_RUN ? 4 : 3);
            html_text(b, sw->skipped[p]);
            os_buf_puts(b, "</td></tr>\n");
            continue;
        }
        if (c < 0) {
            os_buf_printf(b, "<td colspan=\"%d\">(no such connection)</td></tr>\n",
                          sw->mode == MODE_RUN ? 4 : 3);
            continue;
        }
        if (sw->mode == MODE_RUN) {
            const os_figure *f = &sw->res[p]->conn[c].availability;
            os_buf_printf(b, "<td class=\"num\">%s</td>",
                          os_sweep_percent(f->mean, 1.0 - f->mean, 5, s, sizeof s));
            os_buf_printf(b, "<td class=\"num\">[%s, %s]</td>",
                          os_sweep_percent(f->lo, 1.0 - f->lo, 5, lo, sizeof lo),
                          os_sweep_percent(f->hi, 1.0 - f->hi, 5, hi, sizeof hi));
            double down = (1.0 - f->mean) * 365.0 * 86400.0;
            os_buf_printf(b, "<td class=\"num\">%s</td>",
                          os_sweep_duration(down > 0 ? down : 0, s, sizeof s));
        } else {
            const os_exact_conn *e = &sw->exact[p][c];
            if (!e->in_class) {
                os_buf_puts(b, "<td colspan=\"3\">outside the exact class</td></tr>\n");
                continue;
            }
            os_buf_printf(b, "<td class=\"num\">%s</td>",
                          os_sweep_percent(e->availability, e->unavailability, -1, s, sizeof s));
            os_buf_printf(b, "<td class=\"num\">%s</td>",
                          os_sweep_duration(e->downtime_per_year, s, sizeof s));
        }
        os_buf_printf(b, "<td><span class=\"%s\">%s</span></td></tr>\n",
                      fail                      ? "tag-bad"
                      : strcmp(verdict, "pass") ? "tag-open"
                                                : "tag-good",
                      verdict);
    }
    os_buf_puts(b, "</table>\n");
}

enum { MAX_SWEEP_CHARTS = 12 };

void os_sweep_html(os_buf *b, const os_sweep *sw)
{
    if (sw->mode == MODE_NONE || !sw->n_points)
        return;
    const os_scenario *a = sw->sc[sw->first];
    char title[512], n[32];
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
    os_buf_puts(b, "<section id=\"best\">\n<h2>Cheapest passing combination</h2>\n<p>");
    if (best >= 0) {
        char label[1024];
        sweep_point_label(sw, (size_t)best, label, sizeof label);
        html_text(b, sw->n_keys ? label : "the scenario as it is");
        os_buf_printf(b,
                      " (%d zone%s, %lld instance%s): the fewest zones over all regions, then "
                      "the fewest instances over all computes, among the combinations "
                      "that pass every target. It is circled in the charts and marked * in "
                      "the tables.",
                      sw->sc[best]->n_zones, sw->sc[best]->n_zones == 1 ? "" : "s",
                      sweep_total_instances(sw->sc[best]),
                      sweep_total_instances(sw->sc[best]) == 1 ? "" : "s");
    } else {
        os_buf_puts(b, "No combination passes every target.");
    }
    os_buf_puts(b, "</p>\n</section>\n");
    size_t nc = a->n_connections < MAX_SWEEP_CHARTS ? a->n_connections : MAX_SWEEP_CHARTS;
    for (size_t i = 0; i < nc; i++) {
        os_buf_puts(b, "<section>\n<h2>Availability of ");
        html_text(b, a->connections[i].name);
        os_buf_puts(b, "</h2>\n<div class=\"chart\">\n<figure>\n");
        sweep_chart(b, sw, i, best);
        os_buf_puts(b, sw->mode == MODE_RUN
                           ? "<figcaption>Mean availability over the replications with its 95% "
                             "interval (vertical whiskers); the dashed line is the "
                             "target.</figcaption>\n"
                           : "<figcaption>Exact steady-state availability; the dashed line "
                             "is the target.</figcaption>\n");
        os_buf_puts(b, "</figure>\n");
        sweep_table(b, sw, i, best);
        os_buf_puts(b, "</div>\n</section>\n");
    }
    if (nc < a->n_connections)
        os_buf_printf(b,
                      "<p>Charts of the first %zu of %zu connections; the text table below "
                      "has them all.</p>\n",
                      nc, a->n_connections);
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
