/* report.h — turning a run's result into text, JSON (SPEC §4) or CSV, and incident
 * timelines recorded from one replication. Reports write into an os_buf; the caller decides
 * where it goes. */
#ifndef OUTAGESIM_REPORT_H
#define OUTAGESIM_REPORT_H

#include "outagesim/export.h"
#include "outagesim/check.h"
#include "outagesim/montecarlo.h"
#include "outagesim/output.h"
#include "outagesim/sim.h"
#include "outagesim/sweep.h"

/* The records of one replication (an os_observer_fn fills it). */
typedef struct os_timeline os_timeline;

OS_API os_timeline *os_timeline_new(void);
OS_API void os_timeline_free(os_timeline *tl);
OS_API void os_timeline_observe(void *ctx, const os_record *rec); /* pass the timeline as ctx */

/* Appends the incident timelines: every incident (all = true) or the one with the largest
 * RTO. */
OS_API void os_timeline_format(os_buf *b, const os_timeline *tl, uint64_t rep, bool all);

/* Appends every record a timeline shows, in order (a replication without the connection
 * service's incidents, e.g. the story of a geo-replicated target). */
OS_API void os_timeline_format_all(os_buf *b, const os_timeline *tl);

/* Writes one record as a JSON line (for --trace). */
OS_API void os_record_json(os_buf *b, uint64_t rep, const os_record *rec);

/* The regions of the service's failover chain (primary, its pair, ...) that cannot be failed
 * over; returns how many were written to out (at most max). */
OS_API size_t os_no_failover_target(const os_scenario *sc, int *out, size_t max);

/* The JSON run object of SPEC §4 (without a trailing newline). */
OS_API void os_report_json(os_buf *b, const os_run_result *r);

/* The HTML report (docs/html-report.md): one self-contained page, inline CSS and SVG, no
 * script. worst is the timeline the text report shows (may be NULL); first[0..n_first) are
 * the records of replications 0, 1, ... for the incident timeline chart. */
OS_API void os_report_html(os_buf *b, const os_run_result *r, const os_timeline *worst,
                           const os_timeline *const *first, size_t n_first);

/* The sweep's HTML page: availability against the first varied key, one series per value of
 * the others, the cheapest passing combination marked, and the text table. */
OS_API void os_sweep_html(os_buf *b, const os_sweep *sw);

/* The check's HTML page: every figure's baseline interval beside the new one, regressions
 * highlighted; text is the summary `check` prints in text form (shown as it is). */
OS_API void os_check_html(os_buf *b, const os_check_report *rep, const os_run_result *res,
                          const char *text);

/* The human-readable report; tl may be NULL. */
OS_API void os_report_text(os_buf *b, const os_run_result *r, const os_timeline *tl);

/* CSV rows (SPEC §4): header when header is true, then one row per connection; prefix holds
 * the varied values already formatted as CSV fields (may be empty), prefix_header the names. */
OS_API void os_report_csv(os_buf *b, const os_run_result *r, bool header, const char *prefix_header,
                          const char *prefix);

/* The "exact" object of SPEC §5.2: {"availability", "outages_per_year",
 * "mean_outage_duration", "downtime_per_year"}. */
OS_API void os_exact_json(os_buf *b, const os_exact_conn *e);

/* How many near-deterministic failure processes (time-to-failure coefficient of variation
 * below 0.1) connection i depends on: two or more keep their relative phase for a whole
 * replication, so the simulation needs many more replications to match the exact answer. */
OS_API int os_near_deterministic_processes(const os_scenario *sc, size_t i);

/* Peak resident set size of this process, in bytes (getrusage). */
OS_API long long os_peak_rss_bytes(void);

#endif
