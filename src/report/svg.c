/* svg.c — the SVG writer of svg.h: fixed-precision numbers, escaped text, round ticks, axes. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "outagesim/check.h"
#include "report/svg.h"

double svg_map(const svg_scale *s, double x)
{
    if (s->d1 == s->d0)
        return (s->r0 + s->r1) / 2;
    return s->r0 + (x - s->d0) / (s->d1 - s->d0) * (s->r1 - s->r0);
}

void svg_num(os_buf *b, double x)
{
    char buf[64];
    if (!isfinite(x))
        x = 0; /* never reached by the charts; keeps the document valid */
    snprintf(buf, sizeof buf, "%.2f", x);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0')
            *--end = 0;
        if (end == dot + 1)
            *dot = 0;
    }
    os_buf_puts(b, strcmp(buf, "-0") ? buf : "0");
}

void svg_escape(os_buf *b, const char *s)
{
    os_xml_escape(b, s ? s : "");
}

double svg_round_up(double raw)
{
    double mag = pow(10, floor(log10(raw)));
    double norm = raw / mag;
    double f = norm <= 1 + 1e-9 ? 1 : norm <= 2 + 1e-9 ? 2 : norm <= 5 + 1e-9 ? 5 : 10;
    return f * mag;
}

static double nice_step(double span, size_t max)
{
    return svg_round_up(span / (double)(max > 1 ? max - 1 : 1));
}

double svg_bin_edge(double lo, double hi, size_t nb, size_t k)
{
    return k >= nb ? hi : lo + (hi - lo) * (double)k / (double)nb;
}

size_t svg_bin_counts(const double *v, size_t n, double lo, double hi, size_t nb, size_t *counts)
{
    size_t top = 0;
    memset(counts, 0, nb * sizeof *counts);
    for (size_t i = 0; i < n; i++) {
        double pos = (v[i] - lo) / (hi - lo) * (double)nb;
        size_t k = !(pos > 0) ? 0 : pos >= (double)nb ? nb - 1 : (size_t)pos;
        /* the division may land a value on an edge one bin off: settle it by the edges */
        while (k + 1 < nb && v[i] >= svg_bin_edge(lo, hi, nb, k + 1))
            k++;
        while (k > 0 && v[i] < svg_bin_edge(lo, hi, nb, k))
            k--;
        if (++counts[k] > top)
            top = counts[k];
    }
    return top;
}

size_t svg_ticks(double lo, double hi, size_t max, double *out, double *step)
{
    if (!(hi > lo) || max < 2) {
        out[0] = lo;
        *step = 0;
        return 1;
    }
    double st = nice_step(hi - lo, max);
    /* ticks k * st for integer k, so no error accumulates */
    double k0 = ceil(lo / st - 1e-9), k1 = floor(hi / st + 1e-9);
    while (k1 - k0 + 1 > (double)max) { /* rounding chose too fine a step */
        st = nice_step(st * (double)max, max);
        k0 = ceil(lo / st - 1e-9);
        k1 = floor(hi / st + 1e-9);
    }
    size_t n = 0;
    for (double k = k0; k <= k1 && n < max; k++) {
        double v = k * st;
        out[n++] = fabs(v) < st * 1e-9 ? 0 : v;
    }
    *step = st;
    return n;
}

size_t svg_ticks_int(double lo, double hi, size_t max, double *out, double *step)
{
    size_t n = svg_ticks(lo, hi, max, out, step);
    if (*step >= 1 || max < 1)
        return n;
    n = 0;
    for (double k = ceil(lo - 1e-9); k <= hi + 1e-9 && n < max; k++)
        out[n++] = k;
    *step = 1;
    return n;
}

void svg_nice_domain(double *lo, double *hi, size_t max, double pad)
{
    if (!(*hi > *lo)) {
        *lo -= pad;
        *hi += pad;
    }
    double st = nice_step(*hi - *lo, max);
    *lo = floor(*lo / st + 1e-9) * st;
    *hi = ceil(*hi / st - 1e-9) * st;
}

int svg_step_decimals(double step)
{
    if (!(step > 0))
        return 0;
    int d = (int)ceil(-log10(step) - 1e-9);
    return d > 0 ? d : 0;
}

void svg_begin(os_buf *b, const char *id, double width, double height, const char *title,
               const char *desc)
{
    os_buf_puts(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ");
    svg_num(b, width);
    os_buf_puts(b, " ");
    svg_num(b, height);
    os_buf_puts(b, "\" width=\"");
    svg_num(b, width);
    os_buf_puts(b, "\" height=\"");
    svg_num(b, height);
    os_buf_puts(b, "\" aria-label=\"");
    svg_escape(b, title);
    os_buf_puts(b, "\" aria-describedby=\"");
    svg_escape(b, id);
    os_buf_puts(b, "-d\">\n<title>");
    svg_escape(b, title);
    os_buf_puts(b, "</title>\n<desc id=\"");
    svg_escape(b, id);
    os_buf_puts(b, "-d\">");
    svg_escape(b, desc);
    os_buf_puts(b, "</desc>\n");
}

void svg_end(os_buf *b)
{
    os_buf_puts(b, "</svg>\n");
}

static void cls_attr(os_buf *b, const char *cls)
{
    if (!cls)
        return;
    os_buf_puts(b, " class=\"");
    svg_escape(b, cls);
    os_buf_puts(b, "\"");
}

/* name="x" for each pair */
static void attrs(os_buf *b, const char *const *names, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        os_buf_printf(b, " %s=\"", names[i]);
        svg_num(b, v[i]);
        os_buf_puts(b, "\"");
    }
}

void svg_line(os_buf *b, double x1, double y1, double x2, double y2, const char *cls)
{
    static const char *const n[] = {"x1", "y1", "x2", "y2"};
    os_buf_puts(b, "<line");
    attrs(b, n, (double[]){x1, y1, x2, y2}, 4);
    cls_attr(b, cls);
    os_buf_puts(b, "/>\n");
}

void svg_rect(os_buf *b, double x, double y, double w, double h, const char *cls)
{
    static const char *const n[] = {"x", "y", "width", "height"};
    os_buf_puts(b, "<rect");
    attrs(b, n, (double[]){x, y, w > 0 ? w : 0, h > 0 ? h : 0}, 4);
    cls_attr(b, cls);
    os_buf_puts(b, "/>\n");
}

void svg_circle(os_buf *b, double cx, double cy, double r, const char *cls)
{
    static const char *const n[] = {"cx", "cy", "r"};
    os_buf_puts(b, "<circle");
    attrs(b, n, (double[]){cx, cy, r}, 3);
    cls_attr(b, cls);
    os_buf_puts(b, "/>\n");
}

static void points(os_buf *b, const double *x, const double *y, size_t n)
{
    os_buf_puts(b, " points=\"");
    for (size_t i = 0; i < n; i++) {
        if (i)
            os_buf_puts(b, " ");
        svg_num(b, x[i]);
        os_buf_puts(b, ",");
        svg_num(b, y[i]);
    }
    os_buf_puts(b, "\"");
}

void svg_polyline(os_buf *b, const double *x, const double *y, size_t n, const char *cls)
{
    os_buf_puts(b, "<polyline");
    points(b, x, y, n);
    cls_attr(b, cls);
    os_buf_puts(b, "/>\n");
}

void svg_marker(os_buf *b, enum svg_shape shape, double x, double y, double r, const char *cls)
{
    double px[4], py[4];
    size_t n = 0;
    switch (shape) {
    case SVG_SQUARE:
        svg_rect(b, x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7, cls);
        return;
    case SVG_TRIANGLE:
        n = 3;
        px[0] = x, py[0] = y - r * 1.15;
        px[1] = x + r, py[1] = y + r * 0.6;
        px[2] = x - r, py[2] = y + r * 0.6;
        break;
    case SVG_DIAMOND:
        n = 4;
        px[0] = x, py[0] = y - r * 1.2;
        px[1] = x + r * 1.2, py[1] = y;
        px[2] = x, py[2] = y + r * 1.2;
        px[3] = x - r * 1.2, py[3] = y;
        break;
    default:
        svg_circle(b, x, y, r, cls);
        return;
    }
    os_buf_puts(b, "<polygon");
    points(b, px, py, n);
    cls_attr(b, cls);
    os_buf_puts(b, "/>\n");
}

static const char *anchor_str(enum svg_anchor a)
{
    return a == SVG_MIDDLE ? "middle" : a == SVG_END ? "end" : "start";
}

void svg_text(os_buf *b, double x, double y, enum svg_anchor anchor, const char *cls,
              const char *text)
{
    static const char *const n[] = {"x", "y"};
    os_buf_puts(b, "<text");
    attrs(b, n, (double[]){x, y}, 2);
    if (anchor != SVG_START)
        os_buf_printf(b, " text-anchor=\"%s\"", anchor_str(anchor));
    cls_attr(b, cls);
    os_buf_puts(b, ">");
    svg_escape(b, text);
    os_buf_puts(b, "</text>\n");
}

void svg_vtext(os_buf *b, double x, double y, const char *cls, const char *text)
{
    os_buf_puts(b, "<text transform=\"translate(");
    svg_num(b, x);
    os_buf_puts(b, ",");
    svg_num(b, y);
    os_buf_puts(b, ") rotate(-90)\" text-anchor=\"middle\"");
    cls_attr(b, cls);
    os_buf_puts(b, ">");
    svg_escape(b, text);
    os_buf_puts(b, "</text>\n");
}

static void tick_label(char *buf, size_t size, double v, int decimals, const char *suffix)
{
    if (fabs(v) < 0.5 * pow(10, -decimals))
        v = 0; /* never "-0.00" */
    snprintf(buf, size, "%.*f%s", decimals, v, suffix ? suffix : "");
}

void svg_axis_bottom(os_buf *b, const svg_scale *x, double y, const double *ticks, size_t n,
                     int decimals, const char *suffix, double grid, const char *label)
{
    char buf[64];
    os_buf_puts(b, "<g class=\"axis\">\n");
    svg_line(b, x->r0, y, x->r1, y, "axis-line");
    for (size_t i = 0; i < n; i++) {
        double px = svg_map(x, ticks[i]);
        if (grid > 0)
            svg_line(b, px, y, px, y - grid, "grid");
        svg_line(b, px, y, px, y + 5, "tick");
        tick_label(buf, sizeof buf, ticks[i], decimals, suffix);
        svg_text(b, px, y + 18, SVG_MIDDLE, "tick-label", buf);
    }
    if (label)
        svg_text(b, (x->r0 + x->r1) / 2, y + 38, SVG_MIDDLE, "axis-label", label);
    os_buf_puts(b, "</g>\n");
}

void svg_axis_left(os_buf *b, const svg_scale *y, double x, const double *ticks, size_t n,
                   int decimals, const char *suffix, double grid, const char *label)
{
    char buf[64];
    os_buf_puts(b, "<g class=\"axis\">\n");
    svg_line(b, x, y->r0, x, y->r1, "axis-line");
    size_t widest = 0;
    for (size_t i = 0; i < n; i++) {
        double py = svg_map(y, ticks[i]);
        if (grid > 0)
            svg_line(b, x, py, x + grid, py, "grid");
        svg_line(b, x - 5, py, x, py, "tick");
        tick_label(buf, sizeof buf, ticks[i], decimals, suffix);
        if (strlen(buf) > widest)
            widest = strlen(buf);
        svg_text(b, x - 8, py + 4, SVG_END, "tick-label", buf);
    }
    if (label)
        svg_vtext(b, x - 14 - 7.0 * (double)widest, (y->r0 + y->r1) / 2, "axis-label", label);
    os_buf_puts(b, "</g>\n");
}
