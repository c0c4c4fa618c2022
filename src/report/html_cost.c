/* html_cost.c — the run page's "Cost per year" section (SPEC §6.4), when the scenario has
 * costs: infrastructure, downtime, credits and their total per year as bars (the mean over the
 * replications) with the 95 % interval of the mean and the 99th percentile marked, in the
 * scenario's currency, and the table of every figure beside them. Money is formatted by the text
 * report's os_text_money. Not here: the sweep's total-cost chart (html_sweep.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "outagesim/montecarlo.h"
#include "report/html_internal.h"
#include "report/report_internal.h"
#include "report/svg.h"

double html_money_unit(double max, const char **name)
{
    if (max >= 2e6) {
        *name = "millions of ";
        return 1e6;
    }
    if (max >= 2e4) {
        *name = "thousands of ";
        return 1e3;
    }
    *name = "";
    return 1;
}

static const char *const cost_names[] = {"infrastructure", "downtime", "credits", "total"};

static void cost_chart(os_buf *b, const os_cost_result *c, bool many)
{
    const os_figure *fs[] = {&c->infrastructure, &c->downtime, &c->credits, &c->total};
    double hi = 0;
    for (int k = 0; k < 4; k++)
        hi = fmax(hi, fmax(fs[k]->hi, fs[k]->p99));
    const char *scale_name;
    double u = html_money_unit(hi, &scale_name);
    double lo = 0, top = hi / u;
    svg_nice_domain(&lo, &top, 6, 1);
    lo = 0;
    double left = 130, right = 40, top_px = 20, row_h = 34, width = 760;
    double bottom = top_px + row_h * 4;
    double height = bottom + 70;
    svg_scale x = {0, top, left, width - right};
    char title[160], axis[160];
    snprintf(title, sizeof title, "Cost per year (%s)", c->currency);
    svg_begin(b, "cost", width, height, title,
              many ? "Infrastructure, downtime, credits and total cost per year: the mean over "
                     "the replications as a bar, its 95% interval as whiskers and the 99th "
                     "percentile (one year in a hundred costs more) as a white diamond; the "
                     "table beside it lists every figure."
                   : "Infrastructure, downtime, credits and total cost per year of the one "
                     "replication, as bars; the table beside it lists every figure.");
    for (int k = 0; k < 4; k += 2)
        svg_rect(b, left, top_px + row_h * k, width - right - left, row_h, "row-alt");
    double t[8], step;
    size_t nt = svg_ticks(0, top, 6, t, &step);
    snprintf(axis, sizeof axis, "cost per year (%s%s)", scale_name, c->currency);
    svg_axis_bottom(b, &x, bottom, t, nt, svg_step_decimals(step), "", bottom - top_px, axis);
    for (int k = 0; k < 4; k++) {
        const os_figure *f = fs[k];
        double cy = top_px + row_h * ((double)k + 0.5);
        svg_text(b, left - 8, cy + 4, SVG_END, k == 3 ? "axis-label" : NULL, cost_names[k]);
        if (!f->n)
            continue;
        char cls[32];
        snprintf(cls, sizeof cls, k == 3 ? "s5" : "s%d", k);
        double x0 = svg_map(&x, 0), xm = svg_map(&x, f->mean / u);
        svg_rect(b, x0, cy - 8, fmax(xm - x0, 1), 16, cls);
        if (many && f->n > 1) {
            double a = svg_map(&x, f->lo / u), z = svg_map(&x, f->hi / u);
            svg_line(b, a, cy, z, cy, "whisker s5");
            svg_line(b, a, cy - 6, a, cy + 6, "whisker s5");
            svg_line(b, z, cy - 6, z, cy + 6, "whisker s5");
            svg_marker(b, SVG_DIAMOND, svg_map(&x, f->p99 / u), cy, 4.5, "exact");
        }
    }
    if (many) {
        double ly = height - 8;
        svg_rect(b, left, ly - 10, 22, 12, "s0");
        svg_text(b, left + 28, ly, SVG_START, NULL, "mean");
        svg_line(b, left + 80, ly - 4, left + 102, ly - 4, "whisker s5");
        svg_text(b, left + 108, ly, SVG_START, NULL, "95% interval of the mean");
        svg_marker(b, SVG_DIAMOND, left + 290, ly - 4, 4.5, "exact");
        svg_text(b, left + 300, ly, SVG_START, NULL, "p99 (a bad year)");
    }
    svg_end(b);
}

static void cost_table(os_buf *b, const os_cost_result *c, bool many)
{
    const os_figure *fs[] = {&c->infrastructure, &c->downtime, &c->credits, &c->total};
    char cap[160], v[64], w[64], iv[140];
    snprintf(cap, sizeof cap, "Cost per year (%s)", c->currency);
    os_buf_puts(b, "<table>\n<caption>");
    html_text(b, cap);
    os_buf_puts(b, "</caption>\n");
    const char *cols[] = {"cost", "mean", "95% interval", "p1", "p5", "p95", "p99"};
    html_th_row(b, cols, many ? 7 : 2);
    for (int k = 0; k < 4; k++) {
        const os_figure *f = fs[k];
        os_buf_puts(b, "<tr>");
        html_td(b, cost_names[k], false);
        html_td(b, f->n ? os_text_money(f->mean, v, sizeof v) : "-", true);
        if (many) {
            snprintf(iv, sizeof iv, "[%s, %s]", os_text_money(f->lo, v, sizeof v),
                     os_text_money(f->hi, w, sizeof w));
            html_td(b, f->n ? iv : "-", true);
            const double q[] = {f->p1, f->p5, f->p95, f->p99};
            for (int i = 0; i < 4; i++)
                html_td(b, f->n ? os_text_money(q[i], v, sizeof v) : "-", true);
        }
        os_buf_puts(b, "</tr>\n");
    }
    os_buf_puts(b, "</table>\n");
}

void html_cost_section(os_buf *b, const os_run_result *r)
{
    const os_cost_result *c = &r->cost;
    if (!c->enabled)
        return;
    bool many = r->replications > 1;
    const char *what = r->sc->n_flows ? "flow" : "connection";
    char m[64];
    os_buf_puts(b, "<section id=\"cost\">\n<h2>Cost per year</h2>\n");
    os_buf_printf(b,
                  "<p>In %s, every figure scaled to a year of 365 days. Infrastructure: "
                  "instances for the whole horizon plus replacements while they exist, and the "
                  "rates of targets, geo replicas and routers; downtime: the time each %s "
                  "serves nothing (a fraction served counts pro rata) times the downtime rate; "
                  "credits: the largest credit tier each SLA window of each %s falls below, "
                  "times the fee over the window; total: their sum in each replication.",
                  c->currency, what, what);
    if (c->exact_entities > 0)
        os_buf_printf(b,
                      " The exact downtime cost of the %s%s in the exact class (%zu of %zu) "
                      "is %s a year.",
                      what, c->counted_entities == 1 ? "" : "s", c->exact_entities,
                      c->counted_entities, os_text_money(c->exact_downtime, m, sizeof m));
    os_buf_puts(b, "</p>\n<div class=\"chart\">\n<figure>\n");
    cost_chart(b, c, many);
    os_buf_printf(b, "<figcaption>Cost per year in %s%s.</figcaption>\n</figure>\n", c->currency,
                  many ? ": bars are means over the replications, whiskers their 95% interval, "
                         "white diamonds the 99th percentile"
                       : "");
    cost_table(b, c, many);
    os_buf_puts(b, "</div>\n</section>\n");
}
