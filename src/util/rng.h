/* rng.h — the simulator's hot draws, inline on a generator state the caller owns.
 *
 * os_rng is exactly the state of the os_rng_xoshiro256 GSL generator (dist.c), so a process can
 * keep its stream inside its own record and still hand it to any gsl_ran_* function through a
 * gsl_rng view (os_rng_view). os_rng_draw() gives the same values as os_dist_draw() on a gsl_rng
 * over the same state: the fixed and exponential draws, the ones every event of a failure
 * process makes, are done here without a call through GSL's function pointers (the same
 * formula as gsl_ran_exponential: −mean · log1p(−U), U from gsl_rng_uniform); the other kinds go
 * to os_dist_draw(). */
#ifndef OUTAGESIM_UTIL_RNG_H
#define OUTAGESIM_UTIL_RNG_H

#include <math.h>
#include <stdint.h>

#include "outagesim/dist.h"

typedef struct os_rng {
    uint64_t s[4]; /* xoshiro256** */
} os_rng;

/* Seeds the state as gsl_rng_set(gsl_rng over os_rng_xoshiro256, seed) does. */
void os_rng_seed(os_rng *r, uint64_t seed);

/* A gsl_rng that draws from (and advances) r, for the GSL distributions. */
static inline gsl_rng os_rng_view(os_rng *r)
{
    return (gsl_rng){.type = os_rng_xoshiro256, .state = r->s};
}

static inline uint64_t os_rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t os_rng_next(os_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = os_rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = os_rng_rotl(s[3], 45);
    return result;
}

/* gsl_rng_uniform() of the GSL view: [0, 1) with 53 bits. */
static inline double os_rng_uniform(os_rng *r)
{
    return (double)(os_rng_next(r) >> 11) * 0x1.0p-53;
}

/* dist.c's rounding of a draw to milliseconds (at least min_ms). */
static inline os_ms os_rng_round_ms(double x, os_ms min_ms)
{
    if (!(x < 9.0e15))
        return INT64_C(9000000000000000);
    os_ms v = x > 0 ? (os_ms)(x + 0.5) : 0;
    return v < min_ms ? min_ms : v;
}

/* os_dist_draw(d, view of r, min_ms), inline for the fixed and exponential kinds. */
static inline os_ms os_rng_draw(const os_dist *d, os_rng *r, os_ms min_ms)
{
    if (d->kind == OS_DIST_EXPONENTIAL)
        return os_rng_round_ms(-d->a * log1p(-os_rng_uniform(r)), min_ms);
    if (d->kind == OS_DIST_FIXED)
        return os_rng_round_ms(d->a, min_ms);
    gsl_rng g = os_rng_view(r);
    return os_dist_draw(d, &g, min_ms);
}

#endif
