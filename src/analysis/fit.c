/* fit.c — `outagesim fit` as a library (SPEC §5.4): reads an incident trace without a scenario,
 * turns it into per-zone or per-region up and down intervals, and fits exponential, lognormal,
 * Weibull and gamma distributions to the times between failures and the repair times by
 * maximum likelihood, with the open interval at the trace's end right-censored.
 *
 * Conventions (docs/failures.md):
 * - An entity's overlapping or touching outages are merged into one (SPEC §1.1).
 * - Repair times are the merged outages' durations. Times between failures run from the end of
 *   one outage to the start of the next. The interval from the trace origin to an entity's
 *   first outage is left out: it is left-censored (the entity was up before the trace began,
 *   for an unknown time), and counting it as complete would bias the fit. The interval from
 *   its last outage to the trace's end (span) is right-censored: it contributes log S(t).
 * - By zone, whole-region rows are left out (the model's zone processes are independent of the
 *   region process); by region, zone rows are left out in turn (SPEC §5.4): a zone outage is
 *   not a region failure, and counting it as one would claim region outages that never
 *   happened. A trace without a row of the kind asked for is an error that says so.
 * - All entities' observations are pooled: one fit for time to failure, one for time to repair.
 *
 * Not here: the CSV grammar (trace.c, which does the strict parse and every error message),
 * printing (cli_fit.c). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_vector.h>

#include "outagesim/fit.h"
#include "input/trace.h"
#include "input/yamltree.h"
#include "util/warnings.h"

#define KEY_SIZE 256 /* as trace.c's region lookup */

/* --- families --------------------------------------------------------------------------------- */

const char *os_fit_family_name(enum os_fit_family f)
{
    switch (f) {
    case OS_FIT_EXPONENTIAL:
        return "exponential";
    case OS_FIT_LOGNORMAL:
        return "lognormal";
    case OS_FIT_WEIBULL:
        return "weibull";
    case OS_FIT_GAMMA:
        return "gamma";
    default:
        return "?";
    }
}

int os_fit_family_params(enum os_fit_family f)
{
    return f == OS_FIT_EXPONENTIAL ? 1 : 2;
}

/* log f(x). The closed forms of gsl_ran_*_pdf taken in log space, so no density underflows;
 * ln Γ from gsl_sf_lngamma. */
static double log_pdf(enum os_fit_family f, const double p[2], double x)
{
    switch (f) {
    case OS_FIT_EXPONENTIAL:
        return -log(p[0]) - x / p[0];
    case OS_FIT_LOGNORMAL: {
        double z = (log(x) - p[0]) / p[1];
        return -log(x) - log(p[1]) - 0.5 * log(2 * M_PI) - 0.5 * z * z;
    }
    case OS_FIT_WEIBULL: {
        double u = x / p[0];
        return log(p[1] / p[0]) + (p[1] - 1) * log(u) - pow(u, p[1]);
    }
    case OS_FIT_GAMMA:
        return (p[0] - 1) * log(x) - x / p[1] - gsl_sf_lngamma(p[0]) - p[0] * log(p[1]);
    default:
        return NAN;
    }
}

/* log S(c) from gsl_cdf_*_Q; -INFINITY where S underflows (the optimiser then steps back),
 * except for the Weibull and exponential, whose log-survival -(c/scale)^shape is exact. */
static double log_survival(enum os_fit_family f, const double p[2], double c)
{
    double q;
    switch (f) {
    case OS_FIT_EXPONENTIAL:
        q = gsl_cdf_exponential_Q(c, p[0]);
        return q > DBL_MIN ? log(q) : -c / p[0];
    case OS_FIT_LOGNORMAL:
        q = gsl_cdf_lognormal_Q(c, p[0], p[1]);
        break;
    case OS_FIT_WEIBULL:
        q = gsl_cdf_weibull_Q(c, p[0], p[1]);
        return q > DBL_MIN ? log(q) : -pow(c / p[0], p[1]);
    case OS_FIT_GAMMA:
        q = gsl_cdf_gamma_Q(c, p[0], p[1]);
        break;
    default:
        return NAN;
    }
    return q > 0 && isfinite(q) ? log(q) : -INFINITY;
}

static double cdf(enum os_fit_family f, const double p[2], double x)
{
    switch (f) {
    case OS_FIT_EXPONENTIAL:
        return gsl_cdf_exponential_P(x, p[0]);
    case OS_FIT_LOGNORMAL:
        return gsl_cdf_lognormal_P(x, p[0], p[1]);
    case OS_FIT_WEIBULL:
        return gsl_cdf_weibull_P(x, p[0], p[1]);
    case OS_FIT_GAMMA:
        return gsl_cdf_gamma_P(x, p[0], p[1]);
    default:
        return NAN;
    }
}

static bool params_valid(enum os_fit_family f, const double p[2])
{
    if (!(p[0] > 0 || f == OS_FIT_LOGNORMAL) || !isfinite(p[0]))
        return false;
    return f == OS_FIT_EXPONENTIAL || (p[1] > 0 && isfinite(p[1]));
}

static double ll(enum os_fit_family f, const double p[2], const os_fit_sample *s)
{
    if (!params_valid(f, p))
        return -INFINITY;
    double sum = 0;
    for (size_t i = 0; i < s->n; i++)
        sum += log_pdf(f, p, s->x[i]);
    for (size_t i = 0; i < s->nc; i++)
        sum += log_survival(f, p, s->c[i]);
    return sum;
}

double os_fit_log_likelihood(enum os_fit_family f, const double p[2], const os_fit_sample *s)
{
    os_init();
    return ll(f, p, s);
}

/* --- maximum likelihood ----------------------------------------------------------------------- */

/* The optimiser works on data divided by a reference scale (values near 1) and on the logs of
 * the positive parameters (lognormal: mu itself), so every coordinate has a similar size. */
typedef struct nm_ctx {
    enum os_fit_family f;
    os_fit_sample s; /* scaled */
    double norm;     /* number of observations: the objective is the mean negative lnL */
} nm_ctx;

static void from_coords(enum os_fit_family f, const gsl_vector *v, double p[2])
{
    double a = gsl_vector_get(v, 0), b = gsl_vector_get(v, 1);
    p[0] = f == OS_FIT_LOGNORMAL ? a : exp(a);
    p[1] = exp(b);
}

static double nm_objective(const gsl_vector *v, void *params)
{
    const nm_ctx *c = params;
    double p[2];
    from_coords(c->f, v, p);
    double l = ll(c->f, p, &c->s);
    return isfinite(l) ? -l / c->norm : GSL_POSINF;
}

/* Nelder–Mead (gsl_multimin_fminimizer_nmsimplex2) from p0, restarted from its own minimum
 * until a restart no longer improves the objective. Returns 0 when converged. */
static int nelder_mead(nm_ctx *c, double p[2])
{
    int rc = -1;
    gsl_multimin_fminimizer *m =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 2);
    gsl_vector *x = gsl_vector_alloc(2), *step = gsl_vector_alloc(2);
    if (!m || !x || !step)
        goto out;
    gsl_multimin_function fn = {nm_objective, 2, c};
    gsl_vector_set(x, 0, c->f == OS_FIT_LOGNORMAL ? p[0] : log(p[0]));
    gsl_vector_set(x, 1, log(p[1]));
    double prev = GSL_POSINF;
    for (int restart = 0; restart < 8; restart++) {
        gsl_vector_set_all(step, restart ? 0.05 : 0.5);
        if (!isfinite(nm_objective(x, c)) || gsl_multimin_fminimizer_set(m, &fn, x, step))
            goto out;
        /* Converged when the simplex is 1e-9 across in log-parameters (relative 1e-9, far
         * below any standard error). Function values stop telling points apart near 1e-8
         * (the square root of the double precision), where nmsimplex2 may stall or report
         * no progress: that counts as converged once the simplex is below 1e-6. */
        int status = GSL_CONTINUE, stalled = 0;
        double best = GSL_POSINF;
        for (int it = 0; it < 20000 && status == GSL_CONTINUE; it++) {
            if (gsl_multimin_fminimizer_iterate(m))
                break;
            double size = gsl_multimin_fminimizer_size(m);
            double v = gsl_multimin_fminimizer_minimum(m);
            stalled = v < best ? 0 : stalled + 1;
            best = fmin(best, v);
            status = gsl_multimin_test_size(size, 1e-9);
            if (status == GSL_CONTINUE && size < 1e-6 && stalled >= 200)
                status = GSL_SUCCESS;
        }
        if (status != GSL_SUCCESS && gsl_multimin_fminimizer_size(m) < 1e-6)
            status = GSL_SUCCESS;
        if (status != GSL_SUCCESS)
            goto out;
        gsl_vector_memcpy(x, gsl_multimin_fminimizer_x(m));
        double v = gsl_multimin_fminimizer_minimum(m);
        /* A shape or sigma running off to 0 or infinity: the likelihood has no maximum. */
        if (fabs(gsl_vector_get(x, 1)) > 25 || fabs(gsl_vector_get(x, 0)) > 60)
            goto out;
        if (prev - v <= 1e-13 * fabs(v) + 1e-15) {
            rc = 0;
            break;
        }
        prev = v;
    }
    from_coords(c->f, x, p);
out:
    gsl_vector_free(step);
    gsl_vector_free(x);
    gsl_multimin_fminimizer_free(m);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* sup |F_n - F| over the uncensored observations, F_n their empirical CDF: at each order
 * statistic, the gaps to the ECDF just before and at it (ties handled by the outermost). */
static double ks_distance(enum os_fit_family f, const double p[2], const double *sorted, size_t n)
{
    double d = 0;
    for (size_t i = 0; i < n; i++) {
        double F = cdf(f, p, sorted[i]);
        double lo = F - (double)i / (double)n, hi = (double)(i + 1) / (double)n - F;
        if (lo > d)
            d = lo;
        if (hi > d)
            d = hi;
    }
    return d;
}

/* Mean and variance of the logs, and the plain mean, of the uncensored observations. */
static void moments(const os_fit_sample *s, double *mlog, double *vlog, double *mean, double *var)
{
    double a = 0, b = 0, m = 0, v = 0;
    for (size_t i = 0; i < s->n; i++) {
        a += log(s->x[i]);
        m += s->x[i];
    }
    a /= (double)s->n;
    m /= (double)s->n;
    for (size_t i = 0; i < s->n; i++) {
        double d = log(s->x[i]) - a, e = s->x[i] - m;
        b += d * d;
        v += e * e;
    }
    *mlog = a;
    *vlog = b / (double)s->n;
    *mean = m;
    *var = v / (double)s->n;
}

static void fit_numeric(enum os_fit_family f, const os_fit_sample *s, os_fit_result *r, double *buf)
{
    /* Scale by the mean of the uncensored observations; censored values scale alike. */
    double mlog, vlog, mean, var;
    moments(s, &mlog, &vlog, &mean, &var);
    double *xs = buf, *cs = buf + s->n;
    for (size_t i = 0; i < s->n; i++)
        xs[i] = s->x[i] / mean;
    for (size_t i = 0; i < s->nc; i++)
        cs[i] = s->c[i] / mean;
    nm_ctx c = {f, {xs, s->n, cs, s->nc}, (double)(s->n + s->nc)};
    double sl = sqrt(vlog) > 1e-3 ? sqrt(vlog) : 1.0, p[2];
    switch (f) {
    case OS_FIT_LOGNORMAL:
        p[0] = mlog - log(mean);
        p[1] = sl;
        break;
    case OS_FIT_WEIBULL:
        /* sd of ln X is pi / (k sqrt 6) = 1.2825 / k; E ln X = ln scale - 0.5772 / k. */
        p[1] = fmin(fmax(1.2825 / sl, 0.05), 20);
        p[0] = exp(mlog - log(mean) + 0.5772 / p[1]);
        break;
    default: /* gamma, by the method of moments */
        p[0] = var > 0 ? fmin(fmax(mean * mean / var, 0.05), 50) : 1;
        p[1] = 1 / p[0];
        break;
    }
    if (nelder_mead(&c, p) != 0) {
        r->why = "did not converge";
        return;
    }
    if (f == OS_FIT_LOGNORMAL)
        p[0] += log(mean);
    else if (f == OS_FIT_WEIBULL)
        p[0] *= mean;
    else
        p[1] *= mean;
    r->p[0] = p[0];
    r->p[1] = p[1];
    r->ok = true;
}

void os_fit_one(enum os_fit_family f, const os_fit_sample *s, os_fit_result *r)
{
    os_init();
    memset(r, 0, sizeof *r);
    r->family = f;
    r->log_likelihood = r->aic = r->ks = NAN;
    double *buf = malloc((s->n + s->nc + 1) * sizeof *buf);
    if (!buf) {
        r->why = "out of memory";
        goto out;
    }
    if (s->n == 0) {
        r->why = "no uncensored observation";
        goto out;
    }
    double mlog, vlog, mean, var, total = 0;
    moments(s, &mlog, &vlog, &mean, &var);
    if (f == OS_FIT_EXPONENTIAL) {
        /* Closed form: total time on test / number of failures. */
        for (size_t i = 0; i < s->n; i++)
            total += s->x[i];
        for (size_t i = 0; i < s->nc; i++)
            total += s->c[i];
        r->p[0] = total / (double)s->n;
        r->ok = true;
    } else if (var <= 0 && s->nc == 0) {
        r->why = "degenerate: all observations are equal";
        goto out;
    } else if (f == OS_FIT_LOGNORMAL && s->nc == 0) {
        /* Closed form: the mean and the (1/n) standard deviation of the logs. */
        r->p[0] = mlog;
        r->p[1] = sqrt(vlog);
        r->ok = true;
    } else {
        fit_numeric(f, s, r, buf);
    }
    if (!r->ok)
        goto out;
    r->log_likelihood = ll(f, r->p, s);
    if (!isfinite(r->log_likelihood)) {
        r->ok = false;
        r->why = "non-finite log-likelihood";
        goto out;
    }
    r->aic = 2.0 * os_fit_family_params(f) - 2.0 * r->log_likelihood;
    memcpy(buf, s->x, s->n * sizeof *buf);
    qsort(buf, s->n, sizeof *buf, cmp_double);
    r->ks = ks_distance(f, r->p, buf, s->n);
out:
    free(buf);
}

/* Durations a scenario can hold: [1 ms, 1000 y]. */
static bool representable(double seconds)
{
    return seconds >= 5e-4 && seconds <= (double)OS_MS_MAX / 1e3;
}

int os_fit_quantity_fit(const os_fit_sample *s, os_fit_quantity *q)
{
    memset(q, 0, sizeof *q);
    q->n = s->n;
    q->n_censored = s->nc;
    q->best = -1;
    if (s->n < 2)
        return OS_ERR_INPUT;
    for (int f = 0; f < OS_FIT_N_FAMILIES; f++) {
        os_fit_result *r = &q->fits[f];
        os_fit_one((enum os_fit_family)f, s, r);
        if (!r->ok)
            continue;
        double scale = f == OS_FIT_LOGNORMAL ? exp(r->p[0]) : f == OS_FIT_GAMMA ? r->p[1] : r->p[0];
        if (!representable(scale)) {
            r->ok = false;
            r->why = "a duration parameter outside 1ms..1000y";
            continue;
        }
        if (q->best < 0 || r->aic < q->fits[q->best].aic)
            q->best = f;
    }
    return OS_OK;
}

/* --- reading a trace without a scenario ------------------------------------------------------- */

/* Splits one line into at most 4 trimmed fields, unquoting "..." ("" is a quote). A light
 * split for the pre-scan only: anything odd just yields fewer fields. Fields point into
 * scratch (at least len + 4 bytes). */
static int light_split(const char *l, size_t len, char *scratch, const char *field[4])
{
    size_t i = 0, o = 0;
    int n = 0;
    while (n < 4) {
        while (i < len && (l[i] == ' ' || l[i] == '\t'))
            i++;
        field[n] = scratch + o;
        size_t start = o;
        if (i < len && l[i] == '"') {
            for (i++; i < len; i++) {
                if (l[i] == '"' && !(i + 1 < len && l[i + 1] == '"'))
                    break;
                if (l[i] == '"')
                    i++;
                scratch[o++] = l[i];
            }
            while (i < len && l[i] != ',')
                i++;
        } else {
            while (i < len && l[i] != ',')
                scratch[o++] = l[i++];
        }
        while (o > start && (scratch[o - 1] == ' ' || scratch[o - 1] == '\t'))
            o--;
        scratch[o++] = '\0';
        n++;
        if (i >= len)
            break;
        i++;
    }
    return n;
}

void os_fit_regions_free(os_region *regions, size_t n)
{
    for (size_t i = 0; regions && i < n; i++) {
        free(regions[i].name);
        free(regions[i].key);
    }
    free(regions);
}

/* Adds the region named name unless it is there already. */
static int note_region(os_region **regions, size_t *n, size_t *cap, const char *name)
{
    char key[KEY_SIZE];
    os_region_key(name, key, sizeof key);
    if (!key[0] || *n == (size_t)OS_MAX_REGIONS)
        return 0; /* os_trace_read reports the empty or unknown region */
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*regions)[i].key, key))
            return 0;
    if (*n == *cap) {
        size_t ncap = *cap ? 2 * *cap : 8;
        os_region *nr = realloc(*regions, ncap * sizeof *nr);
        if (!nr)
            return -1;
        *regions = nr;
        *cap = ncap;
    }
    os_region *r = &(*regions)[*n];
    memset(r, 0, sizeof *r);
    r->pair = -1;
    r->zones = OS_MAX_ZONES; /* while reading; then the largest zone the trace uses */
    r->name = strdup(name);
    r->key = strdup(key);
    (*n)++;
    return r->name && r->key ? 0 : -1;
}

/* The distinct regions of column 3, in order of appearance. No validation: a line that does
 * not split into 4 fields is skipped, and os_trace_read reports it. */
static int prescan(const char *data, size_t size, os_region **regions, size_t *n_regions)
{
    size_t cap = 0, pos = 0;
    bool header = false;
    int rc = 0;
    char *scratch = malloc(size + 8);
    if (!scratch)
        return -1;
    if (size >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        pos = 3;
    while (pos < size && rc == 0) {
        const char *l = data + pos, *nl = memchr(l, '\n', size - pos);
        size_t len = nl ? (size_t)(nl - l) : size - pos;
        pos += len + 1;
        size_t k = 0;
        while (k < len && (l[k] == ' ' || l[k] == '\t' || l[k] == '\r'))
            k++;
        if (k == len || l[k] == '#' || memchr(l, '\0', len))
            continue;
        if (!header) {
            header = true;
            continue;
        }
        if (len > 0 && l[len - 1] == '\r')
            len--;
        const char *f[4];
        if (light_split(l, len, scratch, f) == 4)
            rc = note_region(regions, n_regions, &cap, f[2]);
    }
    free(scratch);
    return rc;
}

/* Regions are read with OS_MAX_ZONES zones each, so a bad zone is reported against the real
 * limit; then each keeps as many zones as the largest zone number the trace uses (at least 1).
 */
int os_fit_read_trace(const char *path, os_region **regions, size_t *n_regions, os_trace *trace,
                      os_error *err)
{
    char *data = NULL;
    size_t size = 0;
    *regions = NULL;
    *n_regions = 0;
    memset(trace, 0, sizeof *trace);
    int rc = yt_read_file(path, OS_MAX_FILE_BYTES, &data, &size, err);
    if (rc < 0)
        goto out;
    if (prescan(data, size, regions, n_regions) < 0) {
        rc = os_error_set(err, OS_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    if ((rc = os_trace_read(path, *regions, *n_regions, trace, err)) < 0)
        goto out;
    for (size_t i = 0; i < *n_regions; i++)
        (*regions)[i].zones = 1;
    for (size_t i = 0; i < trace->n_outages; i++) {
        os_region *r = &(*regions)[trace->outages[i].region];
        if (trace->outages[i].zone > r->zones)
            r->zones = trace->outages[i].zone;
    }
    int first = 0;
    for (size_t i = 0; i < *n_regions; i++) {
        (*regions)[i].first_zone = first;
        first += (*regions)[i].zones;
    }
out:
    free(data);
    if (rc < 0) {
        os_fit_regions_free(*regions, *n_regions);
        *regions = NULL;
        *n_regions = 0;
    }
    return rc;
}

/* --- intervals, pooling ----------------------------------------------------------------------- */

void os_fit_report_free(os_fit_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_entities; i++)
        free(r->entities[i].name);
    free(r->entities);
    free(r->trace);
    os_warnings_free(&r->warnings);
    free(r);
}

typedef struct pool {
    double *ttf, *cens, *ttr; /* seconds */
    size_t n_ttf, n_cens, n_ttr;
} pool;

/* Walks entity e's outages (sorted by start), merging overlapping and touching ones. */
static void entity_intervals(const os_trace *t, const os_region *regions, enum os_fit_by by, int e,
                             os_fit_entity *ent, pool *p)
{
    bool any = false;
    os_ms start = 0, end = 0;
    for (size_t i = 0; i <= t->n_outages; i++) {
        const os_trace_outage *o = i < t->n_outages ? &t->outages[i] : NULL;
        if (o) {
            int id = by == OS_FIT_BY_REGION ? (o->zone ? -1 : o->region)
                     : o->zone              ? regions[o->region].first_zone + o->zone - 1
                                            : -1;
            if (id != e)
                continue;
            if (any && o->start <= end) {
                if (o->start + o->duration > end)
                    end = o->start + o->duration;
                continue;
            }
        }
        if (any) { /* close the merged outage [start, end) */
            p->ttr[p->n_ttr++] = (double)(end - start) / 1e3;
            ent->outages++;
            if (o) {
                p->ttf[p->n_ttf++] = (double)(o->start - end) / 1e3;
                ent->between++;
            } else if (t->span > end) {
                p->cens[p->n_cens++] = (double)(t->span - end) / 1e3;
                ent->censored = true;
            }
        }
        if (o) {
            any = true;
            start = o->start;
            end = o->start + o->duration;
        }
    }
}

int os_fit_trace(const char *path, enum os_fit_by by, os_fit_report **out, os_error *err)
{
    os_region *regions = NULL;
    size_t n_regions = 0;
    os_trace t;
    pool p = {0};
    os_fit_report *r = NULL;
    int rc;
    *out = NULL;
    if ((rc = os_fit_read_trace(path, &regions, &n_regions, &t, err)) < 0)
        return rc;
    r = calloc(1, sizeof *r);
    if (!r || !(r->trace = strdup(path)))
        goto nomem;
    r->by = by;
    r->span = t.span;
    r->n_rows = t.n_outages;
    for (size_t i = 0; i < t.n_outages; i++)
        r->n_region_rows += t.outages[i].zone == 0;
    size_t n_zone_rows = t.n_outages - r->n_region_rows;
    if (by == OS_FIT_BY_REGION && r->n_region_rows == 0) {
        rc = os_error_set(err, OS_ERR_INPUT, path, 0, 0,
                          "no region outage in the trace: --by region fits the region process "
                          "from whole-region rows only (rows with an empty zone), and all %zu "
                          "rows name a zone (fit them with --by zone)",
                          n_zone_rows);
        goto out;
    }
    if (by == OS_FIT_BY_ZONE && n_zone_rows == 0) {
        rc = os_error_set(err, OS_ERR_INPUT, path, 0, 0,
                          "no zone outage in the trace: --by zone fits the zone process from "
                          "rows that name a zone, and all %zu rows are whole-region outages "
                          "(fit them with --by region)",
                          (size_t)r->n_region_rows);
        goto out;
    }
    size_t n_ent = 0;
    for (size_t i = 0; i < n_regions; i++)
        n_ent += by == OS_FIT_BY_REGION ? 1 : (size_t)regions[i].zones;
    size_t m = t.n_outages + 1;
    r->entities = calloc(n_ent, sizeof *r->entities);
    p.ttf = malloc(m * sizeof *p.ttf);
    p.cens = malloc((n_ent + 1) * sizeof *p.cens);
    p.ttr = malloc(m * sizeof *p.ttr);
    if (!r->entities || !p.ttf || !p.cens || !p.ttr)
        goto nomem;
    for (size_t i = 0; i < n_regions; i++) {
        int zones = by == OS_FIT_BY_REGION ? 1 : regions[i].zones;
        for (int z = 1; z <= zones; z++) {
            os_fit_entity *ent = &r->entities[r->n_entities];
            size_t len = strlen(regions[i].name) + 16;
            if (!(ent->name = malloc(len)))
                goto nomem;
            if (by == OS_FIT_BY_REGION)
                snprintf(ent->name, len, "%s", regions[i].name);
            else
                snprintf(ent->name, len, "%s/%d", regions[i].name, z);
            r->n_entities++;
            int id = by == OS_FIT_BY_REGION ? (int)i : regions[i].first_zone + z - 1;
            entity_intervals(&t, regions, by, id, ent, &p);
        }
    }
    os_fit_sample ttf = {p.ttf, p.n_ttf, p.cens, p.n_cens}, ttr = {p.ttr, p.n_ttr, NULL, 0};
    if (os_fit_quantity_fit(&ttf, &r->ttf) < 0 || os_fit_quantity_fit(&ttr, &r->ttr) < 0) {
        rc = os_error_set(err, OS_ERR_INPUT, path, 0, 0,
                          "not enough outages to fit (need at least 2 per quantity; %zu "
                          "times between failures and %zu repair times%s)",
                          p.n_ttf, p.n_ttr,
                          by == OS_FIT_BY_ZONE && r->n_region_rows
                              ? ", whole-region rows left out by zone: try --by region"
                          : by == OS_FIT_BY_REGION && n_zone_rows
                              ? ", zone rows left out by region: a zone outage is not a region "
                                "failure"
                              : "");
        goto out;
    }
    if (r->ttf.best < 0 || r->ttr.best < 0) {
        rc =
            os_error_set(err, OS_ERR_INPUT, path, 0, 0, "no distribution could be fitted to the %s",
                         r->ttf.best < 0 ? "times between failures" : "repair times");
        goto out;
    }
    /* A fit from a handful of observations is valid but rough (docs/robustness.md#warnings). */
    if ((p.n_ttr < OS_FIT_FEW &&
         os_warnings_addf(&r->warnings, path, 0, 0,
                          "time_to_repair: fitted from only %zu outage%s (fewer than %d): the "
                          "parameters and the best family are rough guesses",
                          p.n_ttr, p.n_ttr == 1 ? "" : "s", OS_FIT_FEW) < 0) ||
        (p.n_ttf < OS_FIT_FEW &&
         os_warnings_addf(&r->warnings, path, 0, 0,
                          "time_to_failure: fitted from only %zu time%s between outages (fewer "
                          "than %d): the parameters and the best family are rough guesses",
                          p.n_ttf, p.n_ttf == 1 ? "" : "s", OS_FIT_FEW) < 0))
        goto nomem;
    rc = OS_OK;
    *out = r;
    r = NULL;
    goto out;
nomem:
    rc = os_error_set(err, OS_ERR_NOMEM, path, 0, 0, "out of memory");
out:
    os_fit_report_free(r);
    free(p.ttf);
    free(p.cens);
    free(p.ttr);
    free(t.outages);
    os_fit_regions_free(regions, n_regions);
    return rc;
}

/* --- YAML ------------------------------------------------------------------------------------- */

char *os_fit_duration(double seconds, char *buf, size_t size)
{
    static const os_ms units[] = {OS_MS_DAY, OS_MS_HOUR, OS_MS_MINUTE, OS_MS_SECOND, 1};
    double ms = seconds * 1e3;
    os_ms unit = 1;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if ((double)units[i] * 1e3 <= ms) { /* rounding error at most 1/2000 */
            unit = units[i];
            break;
        }
    }
    os_ms v = ms >= (double)OS_MS_MAX ? OS_MS_MAX : (os_ms)llround(ms / (double)unit) * unit;
    return os_duration_format(v < 1 ? 1 : v, buf, size);
}

void os_fit_dist_yaml(os_buf *b, const os_fit_result *r)
{
    char d[64];
    switch (r->family) {
    case OS_FIT_EXPONENTIAL:
        os_buf_printf(b, "{ dist: exponential, mean: %s }", os_fit_duration(r->p[0], d, sizeof d));
        break;
    case OS_FIT_LOGNORMAL:
        os_buf_printf(b, "{ dist: lognormal, median: %s, sigma: %.4g }",
                      os_fit_duration(exp(r->p[0]), d, sizeof d), r->p[1]);
        break;
    case OS_FIT_WEIBULL:
        os_buf_printf(b, "{ dist: weibull, scale: %s, shape: %.4g }",
                      os_fit_duration(r->p[0], d, sizeof d), r->p[1]);
        break;
    case OS_FIT_GAMMA:
        os_buf_printf(b, "{ dist: gamma, shape: %.4g, scale: %s }", r->p[0],
                      os_fit_duration(r->p[1], d, sizeof d));
        break;
    default:
        break;
    }
}

void os_fit_yaml_block(os_buf *b, const os_fit_report *r)
{
    if (r->ttf.best < 0 || r->ttr.best < 0)
        return;
    os_buf_printf(b, "failures:\n  %s:\n    time_to_failure: ",
                  r->by == OS_FIT_BY_REGION ? "region" : "zone");
    os_fit_dist_yaml(b, &r->ttf.fits[r->ttf.best]);
    os_buf_puts(b, "\n    time_to_repair: ");
    os_fit_dist_yaml(b, &r->ttr.fits[r->ttr.best]);
    os_buf_puts(b, "\n");
}
