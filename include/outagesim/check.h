/* check.h — SLA regression checks (`outagesim check`): reading a baseline result file (the JSON
 * of SPEC §4, as `outagesim run --format json` writes it), matching it against a scenario,
 * comparing a new run with it figure by figure, and formatting the outcome as a text summary
 * or JUnit XML.
 *
 * Not here: running the scenario (montecarlo.h) or writing files (output.h); nothing prints. */
#ifndef OUTAGESIM_CHECK_H
#define OUTAGESIM_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "outagesim/export.h"
#include "outagesim/error.h"
#include "outagesim/montecarlo.h"
#include "outagesim/output.h"
#include "outagesim/scenario.h"
#include "outagesim/stats.h"

/* The largest baseline file accepted (a result of OS_MAX_ENTITIES connections fits). */
#define OS_MAX_BASELINE_BYTES (64u << 20)

/* A figure of the result file: the numbers as they read back (bit for bit what was written).
 * n == 0 when the file has null there (no values: e.g. no incident, so no RTO). */
typedef struct os_baseline_conn {
    char *name;
    os_figure availability, cp_availability, sla_compliance;
    enum os_verdict verdict; /* availability verdict */
    os_mark mark;            /* of the connection's "name" value */
} os_baseline_conn;

/* A geo-replicated target of the result file ("targets", SPEC §6.5). */
typedef struct os_baseline_geo {
    char *name;
    os_figure rto, rpo; /* seconds */
    enum os_verdict rto_verdict, rpo_verdict;
    os_mark mark; /* of the target's "name" value */
} os_baseline_geo;

typedef struct os_baseline {
    char *path;     /* the name it was read as, for messages */
    char *scenario; /* "scenario" */
    uint64_t seed, replications;
    double horizon; /* seconds */
    /* The targets the baseline was judged against ("sla"); NaN when absent. Seconds. */
    double sla_availability, sla_rto, sla_rpo;
    os_baseline_conn *conn;
    size_t n_conn;
    bool has_service;   /* a "service_connector" object is present */
    os_figure rto, rpo; /* seconds; valid when has_service */
    enum os_verdict rto_verdict, rpo_verdict;
    os_baseline_geo *geo; /* "targets": geo-replicated targets, in order */
    size_t n_geo;
    /* "routers" then "flows" (SPEC §6.5), in order: availability, SLA windows and verdict
     * (cp_availability has n == 0); ent_target[i] is the flow's "target" or NaN. */
    os_baseline_conn *ent;
    double *ent_target;
    size_t n_ent;
    os_mark scenario_mark, horizon_mark, connections_mark, top_mark, service_mark;
} os_baseline;

/* Reads a baseline file (at most OS_MAX_BASELINE_BYTES). Returns 0 with *out set (free with
 * os_baseline_free), or a negative status with *out NULL and err at file:line:column. */
OS_API int os_baseline_load(const char *path, os_baseline **out, os_error *err);

/* The same from a buffer; name is used in messages. */
OS_API int os_baseline_parse(const char *name, const char *data, size_t size, os_baseline **out,
                             os_error *err);

OS_API void os_baseline_free(os_baseline *b);

/* The baseline as it would be read back from a fresh run's JSON (os_report_json), so both sides
 * of a comparison hold exactly the same numbers. */
OS_API int os_baseline_of_result(const os_run_result *r, os_baseline **out, os_error *err);

/* Whether b was made from sc: same scenario name, horizon, connections (names, in order) and
 * service_connector presence, geo-replicated targets (names, in order). 0, or OS_ERR_INPUT with err
 * pointing at the baseline's line that does not match and saying what the scenario has instead. */
OS_API int os_baseline_match(const os_baseline *b, const os_scenario *sc, os_error *err);

/* What was checked. */
enum os_check_kind {
    OS_CHECK_AVAILABILITY,    /* per connection */
    OS_CHECK_CP_AVAILABILITY, /* per connection */
    OS_CHECK_SLA_WINDOWS,     /* per connection */
    OS_CHECK_RTO,             /* the connection service */
    OS_CHECK_RPO,             /* the connection service */
    OS_CHECK_GEO_RTO,         /* a geo-replicated target (SPEC §6.2) */
    OS_CHECK_GEO_RPO,         /* a geo-replicated target */
};

/* How it came out; only OS_CHECK_FAIL fails. */
enum os_check_outcome {
    OS_CHECK_PASS,     /* within the baseline's noise (or unchanged) */
    OS_CHECK_IMPROVED, /* better than the baseline beyond its noise */
    OS_CHECK_CHANGED,  /* not comparable (a figure appeared or vanished); judged on target */
    OS_CHECK_FAIL,     /* a target missed, or a regression */
};

typedef struct os_check_item {
    enum os_check_kind kind;
    enum os_check_outcome outcome;
    bool target_missed;     /* a `fail` verdict in the new run */
    bool regressed;         /* worse than the baseline beyond its noise / the tolerance */
    const char *connection; /* borrowed from the new side (a connection or geo target's name);
                               NULL for the service */
    os_figure old_fig, new_fig;
    char detail[512]; /* one line: "99.95 % [99.93, 99.97] -> 99.80 % [...]: regression ..." */
} os_check_item;

typedef struct os_check_report {
    os_check_item *items;
    size_t n_items;
    size_t n_failed, n_improved, n_changed;
    double tolerance; /* seconds */
} os_check_report;

/* Compares a new run (cur, from os_baseline_of_result) with the baseline. Rules:
 * - availability, control-plane availability, SLA-window compliance (each connection): a
 *   regression when the new 95 % interval's upper end is below the baseline's lower end, an
 *   improvement the other way round; availability also fails on a `fail` verdict;
 * - RTO, RPO (the service): a regression when the new max or p95 exceeds the baseline's by more
 *   than tolerance seconds, an improvement when both are lower by more than it (or there is
 *   no incident any more); a `fail` verdict fails. A baseline without values (no incident) is
 *   compared with the target only;
 * - RTO, RPO of each geo-replicated target: as for the service.
 * The two sides must match (os_baseline_match); otherwise OS_ERR_INPUT. cur must outlive the
 * report (items borrow its names). */
OS_API int os_check_compare(const os_baseline *base, const os_baseline *cur, double tolerance,
                            os_check_report **out, os_error *err);

OS_API void os_check_report_free(os_check_report *rep);

/* "availability", "control-plane availability", "SLA windows", "RTO", "RPO", "geo RTO",
 * "geo RPO". */
OS_API const char *os_check_kind_str(enum os_check_kind k);

/* "PASS", "IMPROVED", "CHANGED", "FAIL". */
OS_API const char *os_check_outcome_str(enum os_check_outcome o);

/* Appends the summary: one line per check ("FAIL  availability  web-blob  old -> new: why"),
 * then a count line. */
OS_API void os_check_format_text(os_buf *b, const os_check_report *rep);

/* Appends a JUnit XML document: one <testsuite name=suite> with one <testcase> per check
 * (classname "outagesim.SUITE", name "CONNECTION: FIGURE" or "service: RTO"), a
 * <failure message=...> on each failed one; every attribute and text XML-escaped. seconds is the
 * run's wall time, reported as the suite's time. */
OS_API void os_check_format_junit(os_buf *b, const os_check_report *rep, const char *suite,
                                  double seconds);

/* Appends s with &, <, >, " and ' escaped, and characters XML 1.0 cannot hold (C0 controls
 * other than tab/newline/CR, invalid UTF-8) replaced by U+FFFD. */
OS_API void os_xml_escape(os_buf *b, const char *s);

#endif
