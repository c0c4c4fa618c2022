/* html_internal.h — the building blocks of the HTML pages (html.c), shared with the sweep and
 * check pages (html_sweep.c): the page frame, escaped text, and the charts every page uses. */
#ifndef OUTAGESIM_REPORT_HTML_INTERNAL_H
#define OUTAGESIM_REPORT_HTML_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "outagesim/output.h"
#include "outagesim/stats.h"

/* <!DOCTYPE html> ... <body><main> with the stylesheet inline, and the closing tags. */
void html_begin(os_buf *b, const char *title);
void html_end(os_buf *b);

/* Escaped text; a <pre> block holding text (newlines kept). */
void html_text(os_buf *b, const char *s);
void html_pre(os_buf *b, const char *text);

/* "<tag>text</tag>" with text escaped. */
void html_elem(os_buf *b, const char *tag, const char *text);

/* One row of an interval chart: a mean with its 95 % interval (fractions), drawn against a
 * target, with the exact value beside it when there is one. */
typedef struct html_interval {
    const char *label; /* the entity (and, for check, which side) */
    double mean, lo, hi;
    bool has_interval; /* false: a single replication, no interval */
    double exact;      /* NaN when none */
    double target;     /* NaN when none */
    int series;        /* colour and marker shape */
    bool flagged;      /* drawn as a failure or regression */
} html_interval;

/* An interval chart, horizontal, availability in % along x, one row per entry. */
void html_interval_chart(os_buf *b, const char *id, const char *title, const char *desc,
                         const char *axis_label, const html_interval *rows, size_t n);

/* The distribution summary of a pooled time figure (seconds) against its target: min to max
 * as a line, p50 to p95 as a bar, p99 a tick, the mean a dot. Up to 4 rows (e.g. RTO of the
 * baseline and of the new run). */
typedef struct html_strip {
    const char *label;
    os_figure f; /* seconds; n == 0: no value */
    int series;
    bool flagged;
} html_strip;
void html_strip_chart(os_buf *b, const char *id, const char *title, const char *desc,
                      const html_strip *rows, size_t n, double target_s, const char *what);

/* A time unit for an axis covering up to max_s seconds: its length in seconds and name. */
double html_time_unit(double max_s, const char **name);

/* Table cells: a header row; a cell (num: right-aligned figures); a verdict cell (bad: the
 * failure colour; the word says it too). Text is escaped. */
void html_th_row(os_buf *b, const char *const *cols, size_t n);
void html_td(os_buf *b, const char *s, bool num);
void html_verdict_td(os_buf *b, const char *v, bool bad);

/* A scale for money axes up to max: 1e6 ("millions of "), 1e3 ("thousands of ") or 1 (""). */
double html_money_unit(double max, const char **name);

/* Sections of the run page kept in their own files. */
struct os_run_result;
void html_recovery_section(os_buf *b, const struct os_run_result *r); /* html_recovery.c */
void html_cost_section(os_buf *b, const struct os_run_result *r);     /* html_cost.c */

#endif
