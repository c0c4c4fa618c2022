/* svg.h — a small SVG writer over os_buf for the HTML report (report layer, internal).
 *
 * Every number is written with at most two decimals (trailing zeros dropped, never "-0"), so
 * the same chart is the same bytes on every machine. Text and attribute values are XML-escaped.
 * Styling is by class names that the page's stylesheet defines; elements carry no colours.
 * Not here: chart layout (html.c) or anything that reads results. */
#ifndef OUTAGESIM_REPORT_SVG_H
#define OUTAGESIM_REPORT_SVG_H

#include <stddef.h>

#include "outagesim/output.h"

/* A linear map from the domain [d0, d1] to the range [r0, r1] (pixels; r1 < r0 for a y axis
 * drawn upwards). A zero-width domain maps everything to the middle of the range. */
typedef struct svg_scale {
    double d0, d1, r0, r1;
} svg_scale;

double svg_map(const svg_scale *s, double x);

/* Appends x with two decimals at most: 12.5 -> "12.5", 3.0 -> "3", -0.001 -> "0". */
void svg_num(os_buf *b, double x);

/* Appends s with &, <, >, " and ' escaped (text and attribute values). */
void svg_escape(os_buf *b, const char *s);

/* Round ticks (1, 2 or 5 times a power of ten) covering [lo, hi] with at most max ticks
 * (max >= 2): writes them to out (room for max) and returns how many; *step gets the spacing.
 * lo == hi gives the one tick lo. */
size_t svg_ticks(double lo, double hi, size_t max, double *out, double *step);

/* svg_ticks for counts: the same, but never closer than 1 apart (whole numbers only). */
size_t svg_ticks_int(double lo, double hi, size_t max, double *out, double *step);

/* Widens [*lo, *hi] outwards to multiples of the tick step svg_ticks would choose; a zero-width
 * interval is widened by pad on each side first (pad > 0). */
void svg_nice_domain(double *lo, double *hi, size_t max, double pad);

/* The smallest 1, 2 or 5 times a power of ten at or above raw (raw > 0): a round bin width. */
double svg_round_up(double raw);

/* Equal bins over [lo, hi] (hi > lo, nb >= 1): bin k covers [svg_bin_edge(k), svg_bin_edge(k+1)),
 * the last one also its right end; a value below lo counts in the first bin, above hi in the
 * last. Sets counts[0..nb-1] and returns the largest count. A value exactly on an edge counts
 * in the bin that edge starts, by the same arithmetic svg_bin_edge prints. */
size_t svg_bin_counts(const double *v, size_t n, double lo, double hi, size_t nb, size_t *counts);
double svg_bin_edge(double lo, double hi, size_t nb, size_t k); /* lo + k (hi - lo) / nb */

/* Decimals needed to print ticks spaced step apart (0 for 1, 10, ...; 2 for 0.05). */
int svg_step_decimals(double step);

/* <svg> with a title (also the aria-label) and a longer description; id must be unique in
 * the page (it names the title and description elements). */
void svg_begin(os_buf *b, const char *id, double width, double height, const char *title,
               const char *desc);
void svg_end(os_buf *b);

/* Basic shapes; cls may be NULL (no class attribute). */
void svg_line(os_buf *b, double x1, double y1, double x2, double y2, const char *cls);
void svg_rect(os_buf *b, double x, double y, double w, double h, const char *cls);
void svg_circle(os_buf *b, double cx, double cy, double r, const char *cls);
void svg_polyline(os_buf *b, const double *x, const double *y, size_t n, const char *cls);

/* Series markers that differ in shape as well as colour. */
enum svg_shape { SVG_CIRCLE, SVG_SQUARE, SVG_TRIANGLE, SVG_DIAMOND, SVG_SHAPES };
void svg_marker(os_buf *b, enum svg_shape shape, double x, double y, double r, const char *cls);

enum svg_anchor { SVG_START, SVG_MIDDLE, SVG_END };
void svg_text(os_buf *b, double x, double y, enum svg_anchor anchor, const char *cls,
              const char *text);
/* Text turned 90 degrees anticlockwise about (x, y) (a y-axis label). */
void svg_vtext(os_buf *b, double x, double y, const char *cls, const char *text);

/* Axes: the line, a tick per value with its label ("%.*f" with decimals, then suffix, e.g.
 * "%"), an optional grid line of length grid (0: none) across the plot, and the axis label
 * (with its unit) centred along the axis. bottom: at y, ticks below; left: at x, ticks left. */
void svg_axis_bottom(os_buf *b, const svg_scale *x, double y, const double *ticks, size_t n,
                     int decimals, const char *suffix, double grid, const char *label);
void svg_axis_left(os_buf *b, const svg_scale *y, double x, const double *ticks, size_t n,
                   int decimals, const char *suffix, double grid, const char *label);

#endif
