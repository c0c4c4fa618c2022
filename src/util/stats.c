/* stats.c — summary of one figure over replications (SPEC §1.7) and a growable array of doubles.
 *
 * Computes mean, sample sd, 95 % Student-t interval of the mean and linearly interpolated
 * percentiles with GSL. It does not decide which values are pooled (montecarlo.c does) nor how
 * a figure is printed (report_*.c do); an empty figure (n == 0) is all zeros here and "null"
 * in the reports. */
#include "outagesim/error.h"
#include "outagesim/stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

enum { VEC_INITIAL_CAP = 16 };

os_figure os_figure_of(double *values, size_t n)
{
    os_init();
    os_figure f = {0};

    if (n == 0 || values == NULL)
        return f;

    /* Sorting first gives min, max and the order statistics for the percentiles. */
    gsl_sort(values, 1, n);

    f.n = n;
    /* gsl_stats_mean uses the running recurrence m += (x - m) / (i + 1), which neither
     * overflows nor loses the small digits of large values as a plain sum would. */
    f.mean = gsl_stats_mean(values, 1, n);
    f.min = values[0];
    f.max = values[n - 1];
    f.p1 = gsl_stats_quantile_from_sorted_data(values, 1, n, 0.01);
    f.p5 = gsl_stats_quantile_from_sorted_data(values, 1, n, 0.05);
    f.p50 = gsl_stats_quantile_from_sorted_data(values, 1, n, 0.50);
    f.p95 = gsl_stats_quantile_from_sorted_data(values, 1, n, 0.95);
    f.p99 = gsl_stats_quantile_from_sorted_data(values, 1, n, 0.99);

    if (n == 1) {
        /* One value: no spread can be estimated; the interval collapses to the mean. */
        f.sd = 0.0;
        f.lo = f.hi = f.mean;
        return f;
    }

    /* Sample sd (n - 1), computed about the mean already found (two-pass, stable). */
    f.sd = gsl_stats_sd_m(values, 1, n, f.mean);
    double t = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1));
    double half = t * f.sd / sqrt((double)n);
    f.lo = f.mean - half;
    f.hi = f.mean + half;
    return f;
}

os_figure os_figure_scaled(os_figure f, double scale)
{
    os_figure s = f;

    s.mean = f.mean * scale;
    s.sd = f.sd * fabs(scale);
    s.min = f.min * scale;
    s.p1 = f.p1 * scale;
    s.p5 = f.p5 * scale;
    s.p50 = f.p50 * scale;
    s.p95 = f.p95 * scale;
    s.p99 = f.p99 * scale;
    s.max = f.max * scale;
    s.lo = f.lo * scale;
    s.hi = f.hi * scale;
    if (scale < 0) {
        /* A negative scale reverses the order: keep lo <= hi (min/max and the percentiles
         * are scaled as documented, field by field). */
        double tmp = s.lo;
        s.lo = s.hi;
        s.hi = tmp;
    }
    return s;
}

double os_share_below(const double *values, size_t n, double target, double slack)
{
    size_t below = 0;
    for (size_t i = 0; i < n; i++)
        below += values[i] < target - slack;
    return n ? (double)below / (double)n : 0.0;
}

double os_figure_half_width(const os_figure *f)
{
    if (f == NULL || f->n < 2)
        return 0.0;
    return (f->hi - f->lo) / 2.0;
}

/* Grows vec->v to hold at least `need` values, doubling from VEC_INITIAL_CAP. */
static int vec_reserve(os_vec *vec, size_t need)
{
    if (need <= vec->cap)
        return 0;

    size_t cap = vec->cap ? vec->cap : VEC_INITIAL_CAP;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    if (cap > SIZE_MAX / sizeof *vec->v)
        return -1;

    double *v = realloc(vec->v, cap * sizeof *v);
    if (v == NULL)
        return -1;
    vec->v = v;
    vec->cap = cap;
    return 0;
}

int os_vec_push(os_vec *vec, double x)
{
    if (vec->n == SIZE_MAX || vec_reserve(vec, vec->n + 1) != 0)
        return -1;
    vec->v[vec->n++] = x;
    return 0;
}

int os_vec_append(os_vec *dst, const os_vec *src)
{
    size_t add = src->n; /* read before growing: dst and src may be the same vec */

    if (add == 0)
        return 0;
    if (add > SIZE_MAX - dst->n || vec_reserve(dst, dst->n + add) != 0)
        return -1;
    /* After the reserve src->v is still valid (it is dst->v if dst == src), and the two
     * ranges never overlap. */
    memcpy(dst->v + dst->n, src->v, add * sizeof *src->v);
    dst->n += add;
    return 0;
}

void os_vec_clear(os_vec *vec)
{
    if (vec != NULL)
        vec->n = 0;
}

void os_vec_free(os_vec *vec)
{
    if (vec == NULL)
        return;
    free(vec->v);
    vec->v = NULL;
    vec->n = vec->cap = 0;
}
