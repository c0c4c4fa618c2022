/* fit.h — maximum-likelihood fits of time-to-failure and time-to-repair distributions to an
 * incident trace (SPEC §5.4, `outagesim fit`): exponential, lognormal, Weibull and gamma, with
 * right-censoring, log-likelihood, AIC and Kolmogorov–Smirnov distance, and the best fits as a
 * ready-to-paste `failures:` block.
 *
 * Observations are in seconds (double); log-likelihoods are of densities per second. */
#ifndef OUTAGESIM_FIT_H
#define OUTAGESIM_FIT_H

#include <stdbool.h>
#include <stddef.h>

#include "outagesim/export.h"
#include "outagesim/error.h"
#include "outagesim/output.h"
#include "outagesim/scenario.h"

enum os_fit_family {
    OS_FIT_EXPONENTIAL, /* p[0] = mean (s) */
    OS_FIT_LOGNORMAL,   /* p[0] = mu = ln(median in s), p[1] = sigma */
    OS_FIT_WEIBULL,     /* p[0] = scale (s), p[1] = shape */
    OS_FIT_GAMMA,       /* p[0] = shape, p[1] = scale (s) */
    OS_FIT_N_FAMILIES,
};

/* "exponential", "lognormal", "weibull", "gamma": the scenario's `dist` names. */
OS_API const char *os_fit_family_name(enum os_fit_family f);

/* Number of free parameters (1 or 2), the k of AIC = 2k - 2 lnL. */
OS_API int os_fit_family_params(enum os_fit_family f);

/* A sample: n uncensored observations x and nc right-censored ones c (the value is only known
 * to exceed c). All values in seconds, positive (censored values of 0 are not allowed). */
typedef struct os_fit_sample {
    const double *x;
    size_t n;
    const double *c;
    size_t nc;
} os_fit_sample;

typedef struct os_fit_result {
    enum os_fit_family family;
    bool ok;         /* false: not fitted; why says why */
    const char *why; /* static string when !ok, else NULL */
    double p[2];     /* see enum os_fit_family */
    double log_likelihood;
    double aic; /* 2k - 2 lnL */
    double ks;  /* sup |ECDF of the uncensored x - fitted CDF| */
} os_fit_result;

/* The log-likelihood of p under family f: sum of log f(x_i) + sum of log S(c_j). -INFINITY
 * (or NaN) when p is outside the parameter space. Exposed for tests (nesting, Hessians). */
OS_API double os_fit_log_likelihood(enum os_fit_family f, const double p[2],
                                    const os_fit_sample *s);

/* Fits one family by maximum likelihood. Never fails hard: a fit that does not converge or is
 * degenerate (all observations equal, a shape running off to infinity) has ok = false.
 * Requires s->n >= 1. */
OS_API void os_fit_one(enum os_fit_family f, const os_fit_sample *s, os_fit_result *out);

/* All families fitted to one quantity; best = lowest AIC among those fitted (-1 when none). */
typedef struct os_fit_quantity {
    size_t n, n_censored;
    os_fit_result fits[OS_FIT_N_FAMILIES];
    int best;
} os_fit_quantity;

/* Fits every family to s. Returns 0, or OS_ERR_INPUT when s->n < 2 (too few to fit). */
OS_API int os_fit_quantity_fit(const os_fit_sample *s, os_fit_quantity *q);

enum os_fit_by { OS_FIT_BY_ZONE, OS_FIT_BY_REGION };

/* One zone (by zone) or region (by region) of the trace, after merging its overlapping
 * outages. */
typedef struct os_fit_entity {
    char *name;     /* "westeurope/2" or "westeurope" */
    size_t outages; /* merged outages: repair-time observations */
    size_t between; /* uncensored times between failures */
    bool censored;  /* an open up-interval from its last outage to the trace's end */
} os_fit_entity;

typedef struct os_fit_report {
    char *trace; /* the CSV's path as given */
    enum os_fit_by by;
    os_ms span;           /* trace origin to the last outage end */
    size_t n_rows;        /* outages in the CSV */
    size_t n_region_rows; /* whole-region rows (left out of a fit by zone) */
    os_fit_entity *entities;
    size_t n_entities;
    os_fit_quantity ttf, ttr; /* time to failure, time to repair */
    /* Plausibility warnings (docs/robustness.md#warnings): a quantity fitted from fewer than
     * OS_FIT_FEW uncensored observations. */
    os_warnings warnings;
} os_fit_report;

#define OS_FIT_FEW 10 /* fewer observations than this make a fit a rough guess (a warning) */

/* Reads the trace CSV without a scenario (its regions are the ones it names, each with as many
 * zones as the largest zone number it uses, up to OS_MAX_ZONES), splits it into per-entity up
 * and down intervals, pools them and fits every family. Errors in the CSV name the file, line and
 * column; too few observations is OS_ERR_INPUT "not enough outages to fit (need at least 2 per
 * quantity)". On success *out is owned by the caller (os_fit_report_free). */
OS_API int os_fit_trace(const char *path, enum os_fit_by by, os_fit_report **out, os_error *err);

OS_API void os_fit_report_free(os_fit_report *r);

/* Reads a trace CSV with the regions it names: a light pre-scan collects the names, then
 * os_trace_read does the strict parse, with every error at file:line:column.
 * On success *regions (n_regions entries, free with os_fit_regions_free) and *trace are owned
 * by the caller (free trace->outages). */
OS_API int os_fit_read_trace(const char *path, os_region **regions, size_t *n_regions,
                             os_trace *trace, os_error *err);
OS_API void os_fit_regions_free(os_region *regions, size_t n);

/* A duration in seconds as the scenario writes it, rounded to about 4 significant digits
 * ("397d 3h", "3h 50m 12s"), at least 1 ms. */
OS_API char *os_fit_duration(double seconds, char *buf, size_t size);

/* Appends the YAML of one fitted distribution: "{ dist: weibull, scale: 397d 3h, shape: 0.83 }".
 */
OS_API void os_fit_dist_yaml(os_buf *b, const os_fit_result *r);

/* Appends the best fits as a `failures:` block (zone: or region: after the report's `by`).
 * Nothing is appended when either quantity has no fit. */
OS_API void os_fit_yaml_block(os_buf *b, const os_fit_report *r);

#endif
