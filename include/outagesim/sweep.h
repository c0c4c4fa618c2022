/* sweep.h — parameter sweeps (SPEC §3, §4): the cross product of `--vary KEY=V1,V2,...`
 * values, every point a scenario loaded with that point's overrides, run with the same seed
 * (common random numbers) or solved exactly (§5.2), and reported side by side as text, JSON or
 * CSV. Points run one after another, each using every thread, so output never depends on the
 * thread count. */
#ifndef OUTAGESIM_SWEEP_H
#define OUTAGESIM_SWEEP_H

#include <stdbool.h>
#include <stddef.h>

#include "outagesim/export.h"
#include "outagesim/error.h"
#include "outagesim/exact.h"
#include "outagesim/montecarlo.h"
#include "outagesim/output.h"
#include "outagesim/scenario.h"

#define OS_SWEEP_MAX_KEYS 16
#define OS_SWEEP_MAX_VALUES 1000  /* per key */
#define OS_SWEEP_MAX_POINTS 10000 /* the whole cross product */

typedef struct os_sweep os_sweep;

/* An empty sweep; NULL when out of memory. Free with os_sweep_free (accepts NULL). */
OS_API os_sweep *os_sweep_new(void);
OS_API void os_sweep_free(os_sweep *sw);

/* Adds one `--vary` spec "KEY=V1,V2,...". Values are split on commas outside brackets and
 * quotes, so "failures.zone.time_to_repair={dist: fixed, value: 2h},4h" has two values.
 * OS_ERR_USAGE (with err naming the spec) when there is no '=', the key or a value is empty,
 * the key is varied twice, or a limit is exceeded. */
OS_API int os_sweep_add_vary(os_sweep *sw, const char *spec, os_error *err);

OS_API size_t os_sweep_n_keys(const os_sweep *sw);
OS_API const char *os_sweep_key(const os_sweep *sw, size_t key);
OS_API size_t os_sweep_n_points(const os_sweep *sw);

/* The value of key at point, as written. Points are in nested-loop order: the first key
 * varies slowest. */
OS_API const char *os_sweep_value(const os_sweep *sw, size_t point, size_t key);

/* Loads every point (sets first, then the point's --vary overrides) before anything runs.
 * A point whose scenario is invalid (OS_ERR_INPUT or OS_ERR_LIMIT) is skipped with the
 * loader's message, its "--set KEY" label turned into "--vary KEY" for a varied key. When every
 * point is skipped, fails with the first point's error (other errors get the point appended)
 * or, when the reasons differ, a list of them. A key also given in sets is OS_ERR_USAGE. */
OS_API int os_sweep_load(os_sweep *sw, const char *path, const os_override *sets, size_t n_sets,
                         os_error *err);

/* The same from a buffer (tests); name is used in messages. */
OS_API int os_sweep_load_buffer(os_sweep *sw, const char *name, const char *data, size_t size,
                                const os_override *sets, size_t n_sets, os_error *err);

/* The scenario of a loaded point (owned by the sweep); NULL for a skipped point. */
OS_API const os_scenario *os_sweep_scenario(const os_sweep *sw, size_t point);

/* Why a point was skipped (its combination makes an invalid scenario: the loader's message,
 * SPEC §6.6), or NULL when it loaded; and how many were. os_sweep_load succeeds while at least
 * one point loads, and fails with the reasons when none does. */
OS_API const char *os_sweep_skipped(const os_sweep *sw, size_t point);
OS_API size_t os_sweep_n_skipped(const os_sweep *sw);

/* Called before each point is run or solved, in point order; when points run concurrently,
 * from the worker that takes the point (one call at a time). */
typedef void (*os_sweep_point_fn)(void *ctx, const os_sweep *sw, size_t point);

/* Simulates every loaded point with os_run and opt (the same seed for every point). With at
 * least as many points as threads (opt->threads, 0 = every core) the points run concurrently,
 * one thread each, without opt's progress callback; otherwise one after another over every
 * thread. Results are byte-identical either way. Returns 0 or the first failing point's status
 * (OS_ERR_INTERRUPTED when stopped). */
OS_API int os_sweep_run(os_sweep *sw, const os_run_options *opt, os_sweep_point_fn fn, void *ctx,
                        os_error *err);

/* Solves every loaded point exactly (concurrently, one core each, when there are several).
 * OS_ERR_INPUT, naming each connection's reason, when no point has any connection in the exact
 * class. */
OS_API int os_sweep_exact(os_sweep *sw, os_sweep_point_fn fn, void *ctx, os_error *err);

/* Results of the last os_sweep_run / os_sweep_exact (NULL before). */
OS_API const os_run_result *os_sweep_result(const os_sweep *sw, size_t point);
OS_API const os_exact_conn *os_sweep_exact_result(const os_sweep *sw, size_t point);

/* The cheapest point that passes every target, or -1 when none does. Cheapest: with costs
 * (os_sweep_by_cost), the lowest mean total cost a year (SPEC §6.4); otherwise, and between
 * equal costs, fewest zones over all regions, then fewest instances over all computes, then the
 * earliest. Simulated: every availability verdict and the RTO/RPO verdicts pass. Exact: every
 * connection in the class with availability at or above the target. */
OS_API long os_sweep_cheapest(const os_sweep *sw);

/* True when points are ranked by cost: a simulated sweep whose every loaded point has costs. */
OS_API bool os_sweep_by_cost(const os_sweep *sw);

/* Reports of the last run or exact solve (SPEC §4): JSON {"points": [...]} and CSV end with a
 * newline; text is the side-by-side table with the cheapest passing point marked '*'. */
OS_API void os_sweep_json(os_buf *b, const os_sweep *sw);
OS_API void os_sweep_csv(os_buf *b, const os_sweep *sw);
OS_API void os_sweep_text(os_buf *b, const os_sweep *sw);

#endif
