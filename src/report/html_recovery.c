/* html_recovery.c — the run page's "Recovery time and data loss" section: for the connection
 * service (RTO per incident, RPO per incident) and for each geo-replicated target (RTO per
 * interval not serving, RPO per completed geo-failover), a histogram of the pooled values
 * against the target, the table of its bins beside it, and a summary table (n, mean,
 * percentiles, maximum, target, verdict). Values come from os_run_result's rto_ms/rpo_ms;
 * figures are formatted by the text report's functions. Not here: the check page's RTO/RPO
 * charts (html_sweep.c, from figures only). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outagesim/duration.h"
#include "outagesim/montecarlo.h"
#include "report/html_internal.h"
#include "report/report_internal.h"
#include "report/svg.h"

enum { MAX_TIME_BINS = 48 };

/* One distribution to draw: pooled values (ms, ascending) and their figure (seconds). */
typedef struct time_hist {
    const char *id, *title, *desc;
    const char *what;    /* "RTO" or "RPO": the x axis */
    const char *counted; /* what the values are: "incidents", "geo-failovers", ... */
    const char *one;     /* the same for one value: "incident" */
    const double *ms;
    const os_figure *f;
    os_ms target;
    enum os_verdict verdict;
} time_hist;

/* The bins of a distribution, in the axis unit: nb bins of a round width w from 0, wide
 * enough for the largest value and the target, with one more bin so neither sits on the
 * right edge. About sqrt(n) bins (5 to 40) before the width is rounded up. */
typedef struct time_bins {
    double u;         /* the unit, seconds */
    const char *unit; /* its name */
    double w, top;    /* bin width and right end, in units */
    size_t nb;        /* bins */
    size_t counts[MAX_TIME_BINS];
    size_t most; /* the largest count */
} time_bins;

static int make_bins(const time_hist *h, time_bins *tb)
{
    size_t n = h->f->n;
    double hi_s = fmax(h->ms[n - 1], (double)h->target) / 1e3;
    if (!(hi_s > 0))
        hi_s = 1;
    tb->u = html_time_unit(hi_s, &tb->unit);
    double hi = hi_s / tb->u;
    size_t want = (size_t)ceil(sqrt((double)n));
    want = want < 5 ? 5 : want > 40 ? 40 : want;
    tb->w = svg_round_up(hi / (double)want);
    tb->nb = (size_t)floor(hi / tb->w + 1e-9) + 1;
    if (tb->nb > MAX_TIME_BINS) /* cannot happen with the rounding up; kept as a guard */
        tb->nb = MAX_TIME_BINS;
    tb->top = tb->w * (double)tb->nb;
    double *v = malloc(n * sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < n; i++)
        v[i] = h->ms[i] / 1e3 / tb->u;
    tb->most = svg_bin_counts(v, n, 0, tb->top, tb->nb, tb->counts);
    free(v);
    return 0;
}

/* Where a bin lies against the target: "above" (all of it), "partly", or "" (at or below). */
static const char *against_target(const time_bins *tb, size_t k, double target_u)
{
    if (svg_bin_edge(0, tb->top, tb->nb, k) > target_u)
        return "above";
    if (svg_bin_edge(0, tb->top, tb->nb, k + 1) > target_u)
        return "partly";
    return "";
}

static void time_hist_chart(os_buf *b, const time_hist *h, const time_bins *tb)
{
    double left = 70, right = 30, top_px = 52, width = 560, height = 300;
    double bottom = height - 56;
    double target_u = (double)h->target / 1e3 / tb->u;
    svg_scale x = {0, tb->top, left, width - right};
    double ymax = (double)tb->most, ylo = 0;
    svg_nice_domain(&ylo, &ymax, 5, 1);
    svg_scale y = {0, ymax, bottom, top_px};
    svg_begin(b, h->id, width, height, h->title, h->desc);
    double ticks[10], step;
    size_t nt = svg_ticks_int(0, ymax, 5, ticks, &step);
    char label[128];
    snprintf(label, sizeof label, "number of %s", h->counted);
    svg_axis_left(b, &y, left, ticks, nt, svg_step_decimals(step), "", width - right - left, label);
    for (size_t k = 0; k < tb->nb; k++) {
        if (!tb->counts[k])
            continue;
        double x0 = svg_map(&x, svg_bin_edge(0, tb->top, tb->nb, k));
        double x1 = svg_map(&x, svg_bin_edge(0, tb->top, tb->nb, k + 1));
        double y0 = svg_map(&y, (double)tb->counts[k]);
        svg_rect(b, x0 + 0.5, y0, x1 - x0 - 1, bottom - y0,
                 !strcmp(against_target(tb, k, target_u), "above") ? "bar bar-over" : "bar");
    }
    nt = svg_ticks(0, tb->top, 7, ticks, &step);
    snprintf(label, sizeof label, "%s (%s)", h->what, tb->unit);
    svg_axis_bottom(b, &x, bottom, ticks, nt, svg_step_decimals(step), "", 0, label);
    char tgt[64], d[48];
    snprintf(tgt, sizeof tgt, "target %s", os_duration_format(h->target, d, sizeof d));
    struct {
        double v;
        const char *cls, *name;
    } marks[] = {{target_u, "target", tgt},
                 {h->f->p95 / tb->u, "pct", "p95"},
                 {h->f->max / tb->u, "pct", "max"}};
    for (size_t k = 0; k < 3; k++) {
        double px = svg_map(&x, marks[k].v);
        bool right_half = px > (left + width - right) / 2;
        svg_line(b, px, 17 + 12.0 * (double)k, px, bottom, marks[k].cls);
        svg_text(b, px + (right_half ? -4 : 4), 16 + 12.0 * (double)k,
                 right_half ? SVG_END : SVG_START, k == 0 ? "target-label" : NULL, marks[k].name);
    }
    svg_end(b);
}

static void time_hist_table(os_buf *b, const time_hist *h, const time_bins *tb)
{
    double target_u = (double)h->target / 1e3 / tb->u;
    os_buf_puts(b, "<table>\n<caption>");
    html_text(b, h->title);
    os_buf_puts(b, "</caption>\n");
    char from[64], to[64], count[64];
    snprintf(from, sizeof from, "from (%s)", tb->unit);
    snprintf(to, sizeof to, "to (%s)", tb->unit);
    snprintf(count, sizeof count, "%s", h->counted);
    const char *cols[] = {from, to, count, "beyond the target"};
    html_th_row(b, cols, 4);
    int dec = svg_step_decimals(tb->w);
    for (size_t k = 0; k < tb->nb; k++) {
        const char *over = against_target(tb, k, target_u);
        snprintf(from, sizeof from, "%.*f", dec, svg_bin_edge(0, tb->top, tb->nb, k));
        snprintf(to, sizeof to, "%.*f", dec, svg_bin_edge(0, tb->top, tb->nb, k + 1));
        os_buf_puts(b, "<tr>");
        html_td(b, from, true);
        html_td(b, to, true);
        os_buf_printf(b, "<td class=\"num\">%zu</td>", tb->counts[k]);
        html_td(b,
                !strcmp(over, "above")    ? "yes"
                : !strcmp(over, "partly") ? "partly"
                                          : "no",
                false);
        os_buf_puts(b, "</tr>\n");
    }
    os_buf_puts(b, "</table>\n");
}

/* The histogram with its caption and table, or a sentence when there is no value. */
static void time_hist_block(os_buf *b, const time_hist *h)
{
    char a[48], c[48], d[48], t[48];
    if (!h->f->n || !h->ms) {
        os_buf_puts(b, "<p>");
        html_text(b, h->what);
        os_buf_puts(b, ": no value (no ");
        html_text(b, h->counted);
        os_buf_puts(b, " in any replication), so it meets its target.</p>\n");
        return;
    }
    time_bins tb;
    if (make_bins(h, &tb) < 0) {
        b->failed = true;
        return;
    }
    os_buf_puts(b, "<div class=\"chart\">\n<figure class=\"narrow\">\n");
    time_hist_chart(b, h, &tb);
    os_buf_puts(b, "<figcaption>");
    html_text(b, h->what);
    os_buf_printf(b, " over %zu ", h->f->n);
    html_text(b, h->f->n == 1 ? h->one : h->counted);
    os_buf_printf(b,
                  ": mean %s, p95 %s, max %s; target %s: %s. Each bar counts the values in "
                  "its bin (from its left edge, inclusive, to its right edge); bars wholly beyond "
                  "the target are drawn in vermillion, and the table says so in words."
                  "</figcaption>\n"
                  "</figure>\n",
                  os_text_seconds(h->f->mean, a, sizeof a), os_text_seconds(h->f->p95, c, sizeof c),
                  os_text_seconds(h->f->max, d, sizeof d),
                  os_duration_format(h->target, t, sizeof t), os_verdict_str(h->verdict));
    time_hist_table(b, h, &tb);
    os_buf_puts(b, "</div>\n");
}

static void figure_row(os_buf *b, const char *name, const os_figure *f, os_ms target,
                       enum os_verdict v)
{
    char a[48];
    os_buf_puts(b, v == OS_VERDICT_FAIL ? "<tr class=\"bad\">" : "<tr>");
    html_td(b, name, false);
    os_buf_printf(b, "<td class=\"num\">%zu</td>", f->n);
    const double vals[] = {f->mean, f->min, f->p50, f->p95, f->p99, f->max};
    for (size_t k = 0; k < 6; k++)
        html_td(b, f->n ? os_text_seconds(vals[k], a, sizeof a) : "-", true);
    html_td(b, os_duration_format(target, a, sizeof a), true);
    html_verdict_td(b, os_verdict_str(v), v == OS_VERDICT_FAIL);
    os_buf_puts(b, "</tr>\n");
}

static void summary_table(os_buf *b, const char *caption, const os_figure *rto,
                          enum os_verdict rto_v, const os_figure *rpo, enum os_verdict rpo_v,
                          const os_scenario *sc)
{
    os_buf_puts(b, "<table>\n<caption>");
    html_text(b, caption);
    os_buf_puts(b, "</caption>\n");
    const char *cols[] = {"figure", "n",   "mean", "min",    "p50",
                          "p95",    "p99", "max",  "target", "verdict"};
    html_th_row(b, cols, 10);
    figure_row(b, "RTO", rto, sc->sla.rto, rto_v);
    figure_row(b, "RPO", rpo, sc->sla.rpo, rpo_v);
    os_buf_puts(b, "</table>\n");
}

/* RTO and RPO of each geo-replicated target (SPEC §6.2) against the targets. */
static void geo_recovery(os_buf *b, const os_run_result *r)
{
    const os_scenario *sc = r->sc;
    for (size_t g = 0; g < r->n_geo; g++) {
        const os_geo_result *gr = &r->geo[g];
        const char *name = sc->targets[gr->target].name;
        char id[2][48], title[2][256], caption[300];
        os_buf_puts(b, "<h3>Geo-replicated target ");
        html_text(b, name);
        os_buf_printf(b,
                      "</h3>\n<p>Completed geo-failovers: %g per replication. RTO: each "
                      "interval in which the target was not serving; RPO: the replication "
                      "lag at each completed geo-failover.</p>\n",
                      gr->failovers.mean);
        for (int k = 0; k < 2; k++) {
            snprintf(id[k], sizeof id[k], "geo%zu-%s", g, k ? "rpo" : "rto");
            snprintf(title[k], sizeof title[k], "%s of %s against its target", k ? "RPO" : "RTO",
                     name);
        }
        time_hist h[2] = {
            {id[0], title[0],
             "Histogram of the length of every interval in which the target was not serving, "
             "over all replications, against the RTO target, with the 95th percentile and the "
             "maximum marked; the table beside it lists every bin.",
             "RTO", "intervals not serving", "interval not serving", gr->rto_ms, &gr->rto,
             sc->sla.rto, gr->rto_verdict},
            {id[1], title[1],
             "Histogram of the replication lag lost at every completed geo-failover, over all "
             "replications, against the RPO target, with the 95th percentile and the maximum "
             "marked; the table beside it lists every bin.",
             "RPO", "geo-failovers", "geo-failover", gr->rpo_ms, &gr->rpo, sc->sla.rpo,
             gr->rpo_verdict}};
        time_hist_block(b, &h[0]);
        time_hist_block(b, &h[1]);
        snprintf(caption, sizeof caption, "%s: RTO and RPO", name);
        summary_table(b, caption, &gr->rto, gr->rto_verdict, &gr->rpo, gr->rpo_verdict, sc);
    }
}

void html_recovery_section(os_buf *b, const os_run_result *r)
{
    const os_scenario *sc = r->sc;
    if (!sc->sc.enabled && !r->n_geo)
        return;
    os_buf_puts(b, "<section id=\"recovery\">\n<h2>Recovery time and data loss</h2>\n");
    if (sc->sc.enabled) {
        os_buf_puts(b, "<h3>The connection service</h3>\n");
        os_buf_printf(b,
                      "<p>Incidents %g per replication, failovers %g per replication. RTO: "
                      "time from the start of an incident until the service serves again; RPO: "
                      "writes lost at the incident's failover (0 when it ended without one); "
                      "one value of each per incident, pooled over every replication. Each "
                      "passes when its largest value is within the target.</p>\n",
                      r->incidents.mean, r->failovers.mean);
        time_hist h[2] = {
            {"rto", "RTO distribution against its target",
             "Histogram of the recovery time of every incident of every replication, against "
             "the RTO target, with the 95th percentile and the maximum marked; the table beside "
             "it lists every bin.",
             "RTO", "incidents", "incident", r->rto_ms, &r->rto, sc->sla.rto, r->rto_verdict},
            {"rpo", "RPO distribution against its target",
             "Histogram of the data loss (recovery point) of every incident of every "
             "replication, against the RPO target, with the 95th percentile and the maximum "
             "marked; the table beside it lists every bin.",
             "RPO", "incidents", "incident", r->rpo_ms, &r->rpo, sc->sla.rpo, r->rpo_verdict}};
        time_hist_block(b, &h[0]);
        time_hist_block(b, &h[1]);
        summary_table(b, "RTO and RPO", &r->rto, r->rto_verdict, &r->rpo, r->rpo_verdict, sc);
    }
    geo_recovery(b, r);
    os_buf_puts(b, "</section>\n");
}
