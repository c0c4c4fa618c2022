/* dist.h — duration distributions: parameters (in ms), means, draws with GSL, and the
 * length-biased residual draws that start a renewal process in steady state (SPEC §1.3). */
#ifndef OUTAGESIM_DIST_H
#define OUTAGESIM_DIST_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>

#include "outagesim/export.h"
#include "outagesim/duration.h"

enum os_dist_kind {
    OS_DIST_FIXED,       /* a = value */
    OS_DIST_EXPONENTIAL, /* a = mean */
    OS_DIST_UNIFORM,     /* a = min, b = max */
    OS_DIST_NORMAL,      /* a = mean, b = sd (of the untruncated normal); truncated at 0 */
    OS_DIST_LOGNORMAL,   /* a = mu = ln(median in ms), b = sigma */
    OS_DIST_WEIBULL,     /* a = scale, b = shape */
    OS_DIST_GAMMA,       /* a = shape, b = scale */
    OS_DIST_EMPIRICAL,   /* values[0..n_values) equally likely */
};

typedef struct os_dist {
    enum os_dist_kind kind;
    double a, b;    /* parameters; durations in ms */
    double *values; /* EMPIRICAL only, in ms; owned */
    size_t n_values;
    double mean; /* E[X] in ms, filled by os_dist_finish() */
} os_dist;

/* A fixed duration as a distribution. */
OS_API os_dist os_dist_fixed(os_ms value);

/* Computes d->mean from the parameters. Returns 0, or -1 with why set when the parameters
 * are invalid (negative scale, zero shape, empty empirical list, ...). */
OS_API int os_dist_finish(os_dist *d, const char **why);

OS_API bool os_dist_is_fixed(const os_dist *d);

/* Coefficient of variation sd / mean (0 for fixed); used to spot near-deterministic
 * processes, which keep their relative phase for a whole replication. */
OS_API double os_dist_cv(const os_dist *d);

/* Releases the empirical values (the struct itself is not freed). */
OS_API void os_dist_clear(os_dist *d);

/* Deep copy; returns 0 or -1 on allocation failure. */
OS_API int os_dist_copy(os_dist *dst, const os_dist *src);

/* One draw, rounded to the nearest ms and at least min_ms (1 for failure processes, 0 for
 * delays). A fixed distribution consumes no random numbers. */
OS_API os_ms os_dist_draw(const os_dist *d, gsl_rng *r, os_ms min_ms);

/* The residual U * X* of a length-biased draw X* (density x f(x) / E[X]), rounded, >= 1 ms. */
OS_API os_ms os_dist_draw_residual(const os_dist *d, gsl_rng *r);

/* A fast generator with 64-bit seeds (xoshiro256**, seeded through splitmix64), exposed as a
 * GSL generator type so every gsl_ran_* function draws from it. */
extern OS_API const gsl_rng_type *const os_rng_xoshiro256;

/* Mixes (seed, replication, stream key) into one 64-bit seed (splitmix64 finaliser). */
OS_API uint64_t os_rng_seed_mix(uint64_t seed, uint64_t replication, uint64_t stream);

/* A uniform integer in [0, n), n >= 1, for any 64-bit n. For n up to the generator's range
 * it is gsl_rng_uniform_int (the same draws as before); above it (where gsl_rng_uniform_int
 * would call GSL's error handler: 32-bit generators) it joins draws into 64 bits and rejects
 * the biased tail, so the result stays uniform. */
uint64_t os_rng_uniform_u64(const gsl_rng *r, uint64_t n);

/* A stable 64-bit hash of a string (FNV-1a), used to name random streams. */
OS_API uint64_t os_hash_str(const char *s);

#endif
