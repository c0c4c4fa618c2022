/* dist.c — duration distributions: means, GSL draws, steady-state residual draws, and the
 * xoshiro256** generator exposed as a gsl_rng_type (64-bit seeds, tiny state, fast).
 *
 * Not here: parsing (scenario.c) and which stream a process uses (sim.c). */
#include "outagesim/dist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/rng.h"

os_dist os_dist_fixed(os_ms value)
{
    os_dist d = {.kind = OS_DIST_FIXED, .a = (double)value, .mean = (double)value};
    return d;
}

bool os_dist_is_fixed(const os_dist *d)
{
    return d->kind == OS_DIST_FIXED;
}

void os_dist_clear(os_dist *d)
{
    if (!d)
        return;
    free(d->values);
    d->values = NULL;
    d->n_values = 0;
}

int os_dist_copy(os_dist *dst, const os_dist *src)
{
    *dst = *src;
    if (src->kind == OS_DIST_EMPIRICAL && src->n_values > 0) {
        dst->values = malloc(src->n_values * sizeof *dst->values);
        if (!dst->values)
            return -1;
        memcpy(dst->values, src->values, src->n_values * sizeof *dst->values);
    } else {
        dst->values = NULL;
    }
    return 0;
}

double os_dist_cv(const os_dist *d)
{
    double m = d->mean;
    if (!(m > 0))
        return 0;
    switch (d->kind) {
    case OS_DIST_FIXED:
        return 0;
    case OS_DIST_EXPONENTIAL:
        return 1;
    case OS_DIST_UNIFORM:
        return (d->b - d->a) / sqrt(12.0) / m;
    case OS_DIST_NORMAL:
        return d->b / m; /* the untruncated sd: close enough to classify */
    case OS_DIST_LOGNORMAL:
        return sqrt(expm1(d->b * d->b));
    case OS_DIST_WEIBULL: {
        double g1 = gsl_sf_gamma(1 + 1 / d->b), g2 = gsl_sf_gamma(1 + 2 / d->b);
        return sqrt(fmax(g2 / (g1 * g1) - 1, 0));
    }
    case OS_DIST_GAMMA:
        return 1 / sqrt(d->a);
    case OS_DIST_EMPIRICAL: {
        double ss = 0;
        for (size_t i = 0; i < d->n_values; i++)
            ss += (d->values[i] - m) * (d->values[i] - m);
        return sqrt(ss / (double)d->n_values) / m;
    }
    }
    return 1;
}

/* Mean of the normal(mu, sigma) truncated to [0, inf): mu + sigma phi(a) / Phi(a), a = mu/sigma. */
static double truncnorm_mean(double mu, double sigma)
{
    double alpha = mu / sigma;
    double tail = gsl_cdf_ugaussian_P(alpha);
    return mu + sigma * gsl_ran_ugaussian_pdf(alpha) / tail;
}

int os_dist_finish(os_dist *d, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    double a = d->a, b = d->b;
    if (!isfinite(a) || !isfinite(b)) {
        *why = "parameters must be finite";
        return -1;
    }
    switch (d->kind) {
    case OS_DIST_FIXED:
        if (a < 0) {
            *why = "value must not be negative";
            return -1;
        }
        d->mean = a;
        return 0;
    case OS_DIST_EXPONENTIAL:
        if (a <= 0) {
            *why = "mean must be positive";
            return -1;
        }
        d->mean = a;
        return 0;
    case OS_DIST_UNIFORM:
        if (a < 0 || b < a) {
            *why = "needs 0 <= min <= max";
            return -1;
        }
        d->mean = (a + b) / 2;
        return 0;
    case OS_DIST_NORMAL:
        if (b <= 0) {
            *why = "sd must be positive";
            return -1;
        }
        if (a / b < -30) {
            *why = "mean is too far below 0 for a normal truncated at 0";
            return -1;
        }
        d->mean = truncnorm_mean(a, b);
        return 0;
    case OS_DIST_LOGNORMAL:
        if (b <= 0 || b > 10) {
            *why = "sigma must be in (0, 10]";
            return -1;
        }
        d->mean = exp(a + b * b / 2);
        break;
    case OS_DIST_WEIBULL:
        if (a <= 0 || b <= 0) {
            *why = "scale and shape must be positive";
            return -1;
        }
        if (b < 0.05) {
            *why = "shape must be at least 0.05";
            return -1;
        }
        d->mean = a * gsl_sf_gamma(1 + 1 / b);
        break;
    case OS_DIST_GAMMA:
        if (a <= 0 || b <= 0) {
            *why = "shape and scale must be positive";
            return -1;
        }
        d->mean = a * b;
        break;
    case OS_DIST_EMPIRICAL: {
        if (d->n_values == 0) {
            *why = "values must not be empty";
            return -1;
        }
        double s = 0;
        for (size_t i = 0; i < d->n_values; i++) {
            if (!(d->values[i] >= 0)) {
                *why = "values must not be negative";
                return -1;
            }
            s += d->values[i];
        }
        d->mean = s / (double)d->n_values;
        return 0;
    }
    default:
        *why = "unknown distribution";
        return -1;
    }
    if (!isfinite(d->mean) || d->mean > 1e18) {
        *why = "mean is too large";
        return -1;
    }
    return 0;
}

static os_ms round_ms(double x, os_ms min_ms)
{
    return os_rng_round_ms(x, min_ms); /* one rounding for every draw, inline ones included */
}

static double draw_raw(const os_dist *d, gsl_rng *r)
{
    switch (d->kind) {
    case OS_DIST_FIXED:
        return d->a;
    case OS_DIST_EXPONENTIAL:
        return gsl_ran_exponential(r, d->a);
    case OS_DIST_UNIFORM:
        return gsl_ran_flat(r, d->a, d->b);
    case OS_DIST_NORMAL:
        for (;;) { /* truncated at 0: draw again while negative */
            double x = d->a + gsl_ran_gaussian_ziggurat(r, d->b);
            if (x >= 0)
                return x;
        }
    case OS_DIST_LOGNORMAL:
        return gsl_ran_lognormal(r, d->a, d->b);
    case OS_DIST_WEIBULL:
        return gsl_ran_weibull(r, d->a, d->b);
    case OS_DIST_GAMMA:
        return gsl_ran_gamma(r, d->a, d->b);
    case OS_DIST_EMPIRICAL:
        return d->values[gsl_rng_uniform_int(r, d->n_values)];
    }
    return d->mean;
}

os_ms os_dist_draw(const os_dist *d, gsl_rng *r, os_ms min_ms)
{
    return round_ms(draw_raw(d, r), min_ms);
}

/* A draw from the length-biased density x f(x) / E[X] (SPEC §1.3). */
static double draw_length_biased(const os_dist *d, gsl_rng *r)
{
    switch (d->kind) {
    case OS_DIST_FIXED:
        return d->a;
    case OS_DIST_EXPONENTIAL:
        return gsl_ran_gamma(r, 2.0, d->a);
    case OS_DIST_UNIFORM: {
        double u = gsl_rng_uniform(r);
        return sqrt(d->a * d->a + u * (d->b * d->b - d->a * d->a));
    }
    case OS_DIST_NORMAL: {
        double bound = (d->a > 0 ? d->a : 0) + 8 * d->b;
        for (;;) {
            double x = draw_raw(d, r);
            double accept = x / bound;
            if (accept >= 1 || gsl_rng_uniform(r) < accept)
                return x;
        }
    }
    case OS_DIST_LOGNORMAL:
        return gsl_ran_lognormal(r, d->a + d->b * d->b, d->b);
    case OS_DIST_WEIBULL: {
        double g = gsl_ran_gamma(r, 1.0 + 1.0 / d->b, 1.0);
        return d->a * pow(g, 1.0 / d->b);
    }
    case OS_DIST_GAMMA:
        return gsl_ran_gamma(r, d->a + 1.0, d->b);
    case OS_DIST_EMPIRICAL: {
        /* value v_i with probability proportional to v_i */
        double total = d->mean * (double)d->n_values;
        double u = gsl_rng_uniform(r) * total;
        double acc = 0;
        for (size_t i = 0; i < d->n_values; i++) {
            acc += d->values[i];
            if (u < acc)
                return d->values[i];
        }
        return d->values[d->n_values - 1];
    }
    }
    return d->mean;
}

os_ms os_dist_draw_residual(const os_dist *d, gsl_rng *r)
{
    double x = draw_length_biased(d, r);
    double u = gsl_rng_uniform_pos(r);
    return round_ms(u * x, 1);
}

/* --- xoshiro256** as a GSL generator ----------------------------------------------------- */

typedef os_rng xoshiro_state; /* util/rng.h: the state and its inline step */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static inline uint64_t xoshiro_next(xoshiro_state *st)
{
    return os_rng_next(st);
}

void os_rng_seed(os_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static void xoshiro_set(void *vstate, unsigned long seed)
{
    os_rng_seed(vstate, (uint64_t)seed);
}

/* GSL's integer interface is 32 bits wide here so gsl_rng_uniform_int and friends behave
 * identically on every platform (unsigned long may be 32 bits elsewhere). */
static unsigned long xoshiro_get(void *vstate)
{
    return (unsigned long)(xoshiro_next(vstate) >> 32);
}

static double xoshiro_get_double(void *vstate)
{
    return (double)(xoshiro_next(vstate) >> 11) * 0x1.0p-53; /* [0, 1) with 53 bits */
}

static const gsl_rng_type xoshiro_type = {
    "xoshiro256**", 0xffffffffUL,       0, sizeof(xoshiro_state), xoshiro_set,
    xoshiro_get,    xoshiro_get_double,
};

const gsl_rng_type *const os_rng_xoshiro256 = &xoshiro_type;

uint64_t os_rng_seed_mix(uint64_t seed, uint64_t replication, uint64_t stream)
{
    uint64_t x = seed;
    uint64_t h = splitmix64(&x);
    x = h ^ (replication * UINT64_C(0xd1b54a32d192ed03));
    h = splitmix64(&x);
    x = h ^ (stream * UINT64_C(0x8cb92ba72f3d8dd7));
    return splitmix64(&x);
}

uint64_t os_rng_uniform_u64(const gsl_rng *r, uint64_t n)
{
    unsigned long range = gsl_rng_max(r) - gsl_rng_min(r);
    if (n <= 1)
        return 0;
    if (n <= (uint64_t)range)
        return gsl_rng_uniform_int(r, (unsigned long)n);
    /* Bits per draw: the largest b with 2^b - 1 <= range (32 for the 32-bit generators). */
    int bits = 0;
    while (bits < 63 && (((uint64_t)1 << (bits + 1)) - 1) <= (uint64_t)range)
        bits++;
    uint64_t mask = bits >= 64 ? UINT64_MAX : (((uint64_t)1 << bits) - 1);
    uint64_t limit = UINT64_MAX - UINT64_MAX % n; /* accept x < limit: unbiased */
    for (;;) {
        uint64_t x = 0;
        for (int got = 0; got < 64; got += bits)
            x = (x << bits) | ((uint64_t)(gsl_rng_get(r) - gsl_rng_min(r)) & mask);
        if (x < limit)
            return x % n;
    }
}

uint64_t os_hash_str(const char *s)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}
