/* stats.h — summary of one figure over replications (SPEC §1.7), computed with GSL. */
#ifndef OUTAGESIM_STATS_H
#define OUTAGESIM_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include "outagesim/export.h"

typedef struct os_figure {
    size_t n;        /* 0: no values, every other field is meaningless (JSON null) */
    double mean, sd; /* sd: sample standard deviation (n - 1); 0 when n == 1 */
    double lo, hi;   /* 95 % Student-t interval of the mean; [mean, mean] when n == 1 */
    /* Percentiles interpolate linearly between order statistics (GSL's
     * gsl_stats_quantile_from_sorted_data): for sorted x[0..n), the q-quantile is
     * x[i] + (h - i)(x[i+1] - x[i]) with h = q(n - 1), i = floor(h). p1 and p5 are the low tail
     * (the bad year of an availability), p95 and p99 the high one. */
    double min, p1, p5, p50, p95, p99, max;
} os_figure;

/* Summarises values[0..n); sorts values in place. */
OS_API os_figure os_figure_of(double *values, size_t n);

/* Multiplies every field but n and sd by scale, and sd by |scale| (ms -> s conversions). */
OS_API os_figure os_figure_scaled(os_figure f, double scale);

/* The share of values[0..n) strictly below target - slack (0 when n == 0): with slack half a
 * millisecond over the horizon, a replication exactly at the target is not a miss whatever the
 * rounding of its division. */
OS_API double os_share_below(const double *values, size_t n, double target, double slack);

/* Half-width of the 95 % interval (0 when n < 2). */
OS_API double os_figure_half_width(const os_figure *f);

/* A growable array of doubles (pooled per-incident values). */
typedef struct os_vec {
    double *v;
    size_t n, cap;
} os_vec;

OS_API int os_vec_push(os_vec *vec, double x); /* 0 or -1 on allocation failure */
OS_API int os_vec_append(os_vec *dst, const os_vec *src);
OS_API void os_vec_clear(os_vec *vec); /* n = 0, keeps the memory */
OS_API void os_vec_free(os_vec *vec);

#endif
