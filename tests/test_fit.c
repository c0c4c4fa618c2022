/* test_fit.c — `outagesim fit` as a library (fit.c): maximum-likelihood fits recover the
 * parameters of large synthetic samples within 4 standard errors, AIC picks the true family,
 * censoring follows the closed form, a synthetic trace goes through the whole path (pre-scan,
 * strict read, merging, pooling, censoring) with counts worked out by hand, the printed
 * `failures:` block loads as a scenario, and every malformed trace in tests/bad_traces fails
 * with exactly the message in its .err sidecar. */
#include <check.h>
#include <dirent.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_psi.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outagesim/fit.h"
#include "outagesim/output.h"
#include "outagesim/scenario.h"

#define N 20000
#define HOUR 3600.0
#define DAY (24 * HOUR)

/* |got - want| <= k se, with the numbers in the message. */
#define ASSERT_SE(got, want, se, k)                                                                \
    do {                                                                                           \
        double g_ = (got), w_ = (want), s_ = (se);                                                 \
        fprintf(stderr, "  %s = %.6g, want %.6g: %+.2f se\n", #got, g_, w_, (g_ - w_) / s_);       \
        ck_assert_msg(fabs(g_ - w_) <= (k)*s_, "%s = %.8g, want %.8g +- %g x %.4g (%.2f se)",      \
                      #got, g_, w_, (double)(k), s_, fabs(g_ - w_) / s_);                          \
    } while (0)

#define ASSERT_REL(got, want, rel)                                                                 \
    do {                                                                                           \
        double g_ = (got), w_ = (want);                                                            \
        ck_assert_msg(fabs(g_ - w_) <= (rel)*fabs(w_), "%s = %.17g, want %.17g", #got, g_, w_);    \
    } while (0)

static double *draws(enum os_fit_family f, double a, double b, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *x = malloc(N * sizeof *x);
    ck_assert(r && x);
    gsl_rng_set(r, seed);
    for (size_t i = 0; i < N; i++) {
        switch (f) {
        case OS_FIT_EXPONENTIAL:
            x[i] = gsl_ran_exponential(r, a);
            break;
        case OS_FIT_LOGNORMAL:
            x[i] = gsl_ran_lognormal(r, a, b);
            break;
        case OS_FIT_WEIBULL:
            x[i] = gsl_ran_weibull(r, a, b);
            break;
        default:
            x[i] = gsl_ran_gamma(r, a, b);
            break;
        }
    }
    gsl_rng_free(r);
    return x;
}

/* Fits all families to s; checks the true family wins on AIC and fits with KS < 0.02. */
static const os_fit_result *fit_all(const os_fit_sample *s, enum os_fit_family truth,
                                    os_fit_quantity *q)
{
    ck_assert_int_eq(os_fit_quantity_fit(s, q), 0);
    for (int f = 0; f < OS_FIT_N_FAMILIES; f++)
        if (q->fits[f].ok)
            fprintf(stderr, "  %-11s lnL %.3f AIC %.3f KS %.4f\n",
                    os_fit_family_name((enum os_fit_family)f), q->fits[f].log_likelihood,
                    q->fits[f].aic, q->fits[f].ks);
    ck_assert_msg(q->fits[truth].ok, "%s: %s", os_fit_family_name(truth), q->fits[truth].why);
    ck_assert_msg(q->best == (int)truth, "AIC picked %s, not %s",
                  q->best >= 0 ? os_fit_family_name((enum os_fit_family)q->best) : "none",
                  os_fit_family_name(truth));
    /* The KS distance of a correctly specified fit is about 0.87 / sqrt(n) = 0.006 at n =
     * 20000 (smaller still with estimated parameters); 0.02 is over three times that. */
    ck_assert_msg(q->fits[truth].ks < 0.02, "KS %g", q->fits[truth].ks);
    return &q->fits[truth];
}

/* --- recovering known parameters (uncensored, n = 20000) -------------------------------------- */

START_TEST(exponential_recovers_mean)
{
    /* Mean 2 y. The MLE is the sample mean: SE = mean / sqrt(n). */
    double m = 2 * 365 * DAY, *x = draws(OS_FIT_EXPONENTIAL, m, 0, 101);
    os_fit_sample s = {x, N, NULL, 0};
    os_fit_quantity q;
    const os_fit_result *r = fit_all(&s, OS_FIT_EXPONENTIAL, &q);
    ASSERT_SE(r->p[0], m, m / sqrt(N), 4);
    /* Closed form lnL at the MLE: -n ln(mean) - n. */
    ASSERT_REL(r->log_likelihood, -N * log(r->p[0]) - N, 1e-12);
    ASSERT_REL(r->aic, 2 - 2 * r->log_likelihood, 1e-12);
    free(x);
}
END_TEST

START_TEST(lognormal_recovers_mu_sigma)
{
    /* Median 4 h, sigma 1: mu SE = sigma / sqrt(n), sigma SE = sigma / sqrt(2n). */
    double mu = log(4 * HOUR), sigma = 1.0, *x = draws(OS_FIT_LOGNORMAL, mu, sigma, 202);
    os_fit_sample s = {x, N, NULL, 0};
    os_fit_quantity q;
    const os_fit_result *r = fit_all(&s, OS_FIT_LOGNORMAL, &q);
    ASSERT_SE(r->p[0], mu, sigma / sqrt(N), 4);
    ASSERT_SE(r->p[1], sigma, sigma / sqrt(2.0 * N), 4);
    free(x);
}
END_TEST

START_TEST(weibull_recovers_scale_shape)
{
    /* Scale 1 y, shape 0.8. Asymptotic SEs from the Fisher information: shape
     * k sqrt(6) / (pi sqrt n) ~ 0.78 k / sqrt n; scale (lambda / (k sqrt n)) sqrt(1 + 6 (1 -
     * gamma)^2 / pi^2) ~ 1.053 lambda / (k sqrt n), gamma Euler's constant. */
    double scale = 365 * DAY, k = 0.8, *x = draws(OS_FIT_WEIBULL, scale, k, 303);
    os_fit_sample s = {x, N, NULL, 0};
    os_fit_quantity q;
    const os_fit_result *r = fit_all(&s, OS_FIT_WEIBULL, &q);
    double g = 0.5772156649015329;
    ASSERT_SE(r->p[1], k, k * sqrt(6.0) / (M_PI * sqrt(N)), 4);
    ASSERT_SE(r->p[0], scale,
              scale / (k * sqrt(N)) * sqrt(1 + 6 * (1 - g) * (1 - g) / (M_PI * M_PI)), 4);
    free(x);
}
END_TEST

START_TEST(gamma_recovers_shape_scale)
{
    /* Shape 2.5, scale 2 h. From the Fisher information (psi1 the trigamma function):
     * Var(shape) = k / (n (k psi1(k) - 1)), Var(scale) = theta^2 psi1(k) / (n (k psi1(k) - 1)).
     */
    double k = 2.5, theta = 2 * HOUR, *x = draws(OS_FIT_GAMMA, k, theta, 404);
    os_fit_sample s = {x, N, NULL, 0};
    os_fit_quantity q;
    const os_fit_result *r = fit_all(&s, OS_FIT_GAMMA, &q);
    double d = N * (k * gsl_sf_psi_1(k) - 1);
    ASSERT_SE(r->p[0], k, sqrt(k / d), 4);
    ASSERT_SE(r->p[1], theta, theta * sqrt(gsl_sf_psi_1(k) / d), 4);
    free(x);
}
END_TEST

/* --- censoring -------------------------------------------------------------------------------- */

/* Draws n lifetimes from family f, censored at independent uniform(0, cmax) times. */
static void censored_sample(enum os_fit_family f, double a, double b, double cmax,
                            unsigned long seed, double **x, size_t *n, double **c, size_t *nc)
{
    double *t = draws(f, a, b, seed);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    ck_assert(r);
    gsl_rng_set(r, seed + 1);
    *x = malloc(N * sizeof **x);
    *c = malloc(N * sizeof **c);
    ck_assert(*x && *c);
    *n = *nc = 0;
    for (size_t i = 0; i < N; i++) {
        double limit = gsl_ran_flat(r, 0, cmax);
        if (t[i] <= limit)
            (*x)[(*n)++] = t[i];
        else if (limit > 0)
            (*c)[(*nc)++] = limit;
    }
    gsl_rng_free(r);
    free(t);
}

START_TEST(exponential_censored_closed_form)
{
    /* Mean 30 d, censored at uniform(0, 60 d): about 43 % censored. The MLE is the total time
     * on test over the number of failures, and lnL = -d ln(mean) - T / mean = -d ln(mean) - d. */
    double *x, *c;
    size_t n, nc;
    censored_sample(OS_FIT_EXPONENTIAL, 30 * DAY, 0, 60 * DAY, 505, &x, &n, &c, &nc);
    ck_assert_uint_gt(nc, N / 4);
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += x[i];
    for (size_t i = 0; i < nc; i++)
        total += c[i];
    os_fit_sample s = {x, n, c, nc};
    os_fit_result r;
    os_fit_one(OS_FIT_EXPONENTIAL, &s, &r);
    ck_assert(r.ok);
    ASSERT_REL(r.p[0], total / (double)n, 1e-12);
    ASSERT_REL(r.log_likelihood, -(double)n * log(r.p[0]) - (double)n, 1e-9);
    /* And it is the true mean within 4 SE; with censoring the Fisher information is
     * d / mean^2 (d failures), so SE = mean / sqrt(d). */
    ASSERT_SE(r.p[0], 30 * DAY, 30 * DAY / sqrt((double)n), 4);
    /* Dropping the censored observations instead would bias the mean well below 30 d. */
    os_fit_sample naive = {x, n, NULL, 0};
    os_fit_result rn;
    os_fit_one(OS_FIT_EXPONENTIAL, &naive, &rn);
    ck_assert(rn.p[0] < 0.8 * 30 * DAY);
    free(x);
    free(c);
}
END_TEST

/* Standard errors from the observed information: the inverse of minus the Hessian of lnL,
 * by central differences (steps of 1e-3 of each parameter; lnL is quadratic to that scale). */
static void observed_se(enum os_fit_family f, const double p[2], const os_fit_sample *s,
                        double se[2])
{
    double h[2] = {1e-3 * (f == OS_FIT_LOGNORMAL ? p[1] : p[0]), 1e-3 * p[1]};
    double l0 = os_fit_log_likelihood(f, p, s), H[2][2];
    for (int i = 0; i < 2; i++) {
        double q[2] = {p[0], p[1]};
        q[i] = p[i] + h[i];
        double lp = os_fit_log_likelihood(f, q, s);
        q[i] = p[i] - h[i];
        double lm = os_fit_log_likelihood(f, q, s);
        H[i][i] = (lp - 2 * l0 + lm) / (h[i] * h[i]);
    }
    double v[4];
    for (int k = 0; k < 4; k++) {
        double q[2] = {p[0] + (k & 1 ? -h[0] : h[0]), p[1] + (k & 2 ? -h[1] : h[1])};
        v[k] = os_fit_log_likelihood(f, q, s);
    }
    H[0][1] = H[1][0] = (v[0] - v[1] - v[2] + v[3]) / (4 * h[0] * h[1]);
    double a00 = -H[0][0], a11 = -H[1][1], a01 = -H[0][1], det = a00 * a11 - a01 * a01;
    ck_assert_msg(a00 > 0 && a11 > 0 && det > 0, "information not positive definite");
    se[0] = sqrt(a11 / det);
    se[1] = sqrt(a00 / det);
}

START_TEST(censored_two_parameter_fits)
{
    /* Weibull (10 h, 1.5), lognormal (median 3 h, sigma 0.8) and gamma (2, 2 h) lifetimes,
     * each censored at uniform(0, 2 x scale): the numerical MLEs are within 4 observed-
     * information SEs of the truth. */
    static const struct {
        enum os_fit_family f;
        double a, b, cmax;
        double t0, t1; /* the true p[0], p[1] */
    } cases[] = {
        {OS_FIT_WEIBULL, 10 * HOUR, 1.5, 20 * HOUR, 10 * HOUR, 1.5},
        {OS_FIT_LOGNORMAL, 0, 0.8, 6 * HOUR, 0, 0.8}, /* mu filled in below */
        {OS_FIT_GAMMA, 2.0, 2 * HOUR, 8 * HOUR, 2.0, 2 * HOUR},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double a = cases[i].a, t0 = cases[i].t0;
        if (cases[i].f == OS_FIT_LOGNORMAL)
            a = t0 = log(3 * HOUR);
        double *x, *c, se[2];
        size_t n, nc;
        censored_sample(cases[i].f, a, cases[i].b, cases[i].cmax, 606 + i, &x, &n, &c, &nc);
        ck_assert_uint_gt(nc, N / 10);
        os_fit_sample s = {x, n, c, nc};
        os_fit_result r, e;
        os_fit_one(cases[i].f, &s, &r);
        ck_assert_msg(r.ok, "%s: %s", os_fit_family_name(cases[i].f), r.why);
        observed_se(cases[i].f, r.p, &s, se);
        ASSERT_SE(r.p[0], t0, se[0], 4);
        ASSERT_SE(r.p[1], cases[i].t1, se[1], 4);
        /* It is a maximum: a step of one SE in any parameter lowers lnL. */
        for (int k = 0; k < 4; k++) {
            double q[2] = {r.p[0], r.p[1]};
            q[k / 2] += (k & 1 ? -1 : 1) * se[k / 2];
            ck_assert(os_fit_log_likelihood(cases[i].f, q, &s) < r.log_likelihood);
        }
        /* The exponential is a Weibull and a gamma with shape 1: the nested model never has
         * the higher likelihood. */
        os_fit_one(OS_FIT_EXPONENTIAL, &s, &e);
        if (cases[i].f != OS_FIT_LOGNORMAL)
            ck_assert(e.log_likelihood <= r.log_likelihood + 1e-6);
        free(x);
        free(c);
    }
}
END_TEST

/* --- small samples by hand -------------------------------------------------------------------- */

START_TEST(ks_and_aic_by_hand)
{
    /* x = 1, 2, 3 h: exponential MLE mean 2 h; lnL (per second) = -3 ln(7200) - 3;
     * AIC = 2 + 6 ln(7200) + 6. The fitted CDF at 1, 2, 3 h is 1 - e^-0.5, 1 - e^-1,
     * 1 - e^-1.5 = 0.393, 0.632, 0.777; the ECDF steps 0, 1/3, 2/3, 1; the largest gap is at
     * 1 h, below the step: 1 - e^-0.5. */
    double x[] = {1 * HOUR, 2 * HOUR, 3 * HOUR};
    os_fit_sample s = {x, 3, NULL, 0};
    os_fit_result r;
    os_fit_one(OS_FIT_EXPONENTIAL, &s, &r);
    ck_assert(r.ok);
    ASSERT_REL(r.p[0], 2 * HOUR, 1e-15);
    ASSERT_REL(r.log_likelihood, -3 * log(2 * HOUR) - 3, 1e-14);
    ASSERT_REL(r.aic, 2 + 6 * log(2 * HOUR) + 6, 1e-14);
    ASSERT_REL(r.ks, 1 - exp(-0.5), 1e-14);
    /* Lognormal, closed form: mu = mean of ln x, sigma^2 = mean of (ln x - mu)^2. */
    os_fit_one(OS_FIT_LOGNORMAL, &s, &r);
    ck_assert(r.ok);
    double mu = (log(1 * HOUR) + log(2 * HOUR) + log(3 * HOUR)) / 3;
    double v =
        (pow(log(1 * HOUR) - mu, 2) + pow(log(2 * HOUR) - mu, 2) + pow(log(3 * HOUR) - mu, 2)) / 3;
    ASSERT_REL(r.p[0], mu, 1e-14);
    ASSERT_REL(r.p[1], sqrt(v), 1e-14);
}
END_TEST

START_TEST(degenerate_and_too_small)
{
    /* Ten repairs of exactly 1 h: only the exponential has a maximum (mean 1 h); the others
     * are reported as not fitted, not as an error, and the exponential is best. */
    double x[10];
    for (int i = 0; i < 10; i++)
        x[i] = HOUR;
    os_fit_sample s = {x, 10, NULL, 0};
    os_fit_quantity q;
    ck_assert_int_eq(os_fit_quantity_fit(&s, &q), 0);
    ck_assert(q.fits[OS_FIT_EXPONENTIAL].ok);
    for (int f = OS_FIT_LOGNORMAL; f < OS_FIT_N_FAMILIES; f++) {
        ck_assert(!q.fits[f].ok);
        ck_assert_ptr_nonnull(q.fits[f].why);
    }
    ck_assert_int_eq(q.best, OS_FIT_EXPONENTIAL);
    /* One observation is too few for any quantity. */
    os_fit_sample one = {x, 1, NULL, 0};
    ck_assert_int_eq(os_fit_quantity_fit(&one, &q), OS_ERR_INPUT);
}
END_TEST

START_TEST(duration_rounding)
{
    /* About 4 significant digits, in the units a scenario uses: 397 d 3 h 12 m 34 s rounds to
     * the hour (an hour is < 1/1000 of it), 3 h 50 m 12.4 s to the second, 90 ms stays. */
    char b[64];
    ck_assert_str_eq(os_fit_duration(397 * DAY + 3 * HOUR + 12 * 60 + 34, b, sizeof b), "397d 3h");
    ck_assert_str_eq(os_fit_duration(3 * HOUR + 50 * 60 + 12.4, b, sizeof b), "3h 50m 12s");
    ck_assert_str_eq(os_fit_duration(0.09, b, sizeof b), "90ms");
    ck_assert_str_eq(os_fit_duration(1e-9, b, sizeof b), "1ms"); /* never 0 */
}
END_TEST

/* --- a trace through the whole path ----------------------------------------------------------- */

/* zone 1 of westeurope: 1d (1h), 10d (2h), 20d (1h);
 * zone 2: 5d (3h) and 5d 1h (4h) overlap -> one outage 5d..5d 5h; then 15d (30m);
 * the whole region at 30d (1h): span = 30d 1h;
 * North Europe (quoted, to exercise the pre-scan's unquoting) zone 3 at 2d (6h). */
static const char trace_csv[] = "# a synthetic trace\n"
                                "start,duration,region,zone\n"
                                "1d,1h,westeurope,1\n"
                                "5d,3h,West Europe,2\n"
                                "10d,2h,westeurope,1\n"
                                "5d 1h,4h,westeurope,2\n"
                                "\n"
                                "2d,6h,\"North Europe\",3\n"
                                "15d,30m,westeurope,2\n"
                                "20d,1h,westeurope,1\n"
                                "30d,1h,westeurope,\n";

/* By region only whole-region rows count (SPEC 5.4: a zone outage is not a region failure):
 * westeurope 1d (1h), 10d (2h), 20d (1h), its zone-1 row at 1d 2h left out; North Europe 2d
 * (6h); span = 20d 1h (the last outage end). */
static const char region_csv[] = "start,duration,region,zone\n"
                                 "1d,1h,westeurope,\n"
                                 "1d 2h,1h,westeurope,1\n"
                                 "10d,2h,westeurope,\n"
                                 "20d,1h,westeurope,\n"
                                 "2d,6h,North Europe,\n";

static char trace_path[64], region_path[64];

static void write_file(char *path, size_t size, const char *text)
{
    snprintf(path, size, "/tmp/outagesim-fit-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static void write_trace(void)
{
    write_file(trace_path, sizeof trace_path, trace_csv);
    write_file(region_path, sizeof region_path, region_csv);
}

static void remove_trace(void)
{
    unlink(trace_path);
    unlink(region_path);
}

START_TEST(trace_by_zone)
{
    os_fit_report *r = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_fit_trace(trace_path, OS_FIT_BY_ZONE, &r, &err), 0);
    ck_assert_int_eq(r->span, (30 * 24 + 1) * 3600000LL);
    ck_assert_uint_eq(r->n_rows, 8);
    ck_assert_uint_eq(r->n_region_rows, 1);
    /* Zones: westeurope 1-2 (largest used), North Europe 1-3. */
    ck_assert_uint_eq(r->n_entities, 5);
    static const struct {
        const char *name;
        size_t outages, between;
        bool censored;
    } want[] = {
        {"westeurope/1", 3, 2, true},    /* up 8d 23h, 9d 22h; open 10d to the end */
        {"westeurope/2", 2, 1, true},    /* merged 5d..5d 5h; up 9d 19h; open 15d 30m */
        {"North Europe/1", 0, 0, false}, /* never down: its one interval is left-censored */
        {"North Europe/2", 0, 0, false}, {"North Europe/3", 1, 0, true}, /* open 27d 19h */
    };
    for (size_t i = 0; i < 5; i++) {
        ck_assert_str_eq(r->entities[i].name, want[i].name);
        ck_assert_uint_eq(r->entities[i].outages, want[i].outages);
        ck_assert_uint_eq(r->entities[i].between, want[i].between);
        ck_assert_int_eq(r->entities[i].censored, want[i].censored);
    }
    /* Time to failure: 3 complete (215 h, 238 h, 235 h) + 3 censored (240 h, 360.5 h, 667 h);
     * exponential MLE = 1955.5 h / 3. Time to repair: 1, 2, 1, 5, 0.5, 6 h -> mean 15.5 h / 6;
     * the region row is left out by zone. */
    ck_assert_uint_eq(r->ttf.n, 3);
    ck_assert_uint_eq(r->ttf.n_censored, 3);
    ck_assert_uint_eq(r->ttr.n, 6);
    ck_assert_uint_eq(r->ttr.n_censored, 0);
    ASSERT_REL(r->ttf.fits[OS_FIT_EXPONENTIAL].p[0], 1955.5 * HOUR / 3, 1e-12);
    ASSERT_REL(r->ttr.fits[OS_FIT_EXPONENTIAL].p[0], 15.5 * HOUR / 6, 1e-12);
    os_fit_report_free(r);
}
END_TEST

START_TEST(trace_by_region)
{
    os_fit_report *r = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_fit_trace(region_path, OS_FIT_BY_REGION, &r, &err), 0);
    ck_assert_uint_eq(r->n_entities, 2);
    ck_assert_uint_eq(r->n_rows, 5);
    ck_assert_uint_eq(r->n_region_rows, 4);
    /* westeurope: region outages 1d (1h), 10d (2h), 20d (1h) (the zone row is not one): 3
     * outages, 2 up intervals (10d - 1d 1h = 215 h, 20d - 10d 2h = 238 h), none open (its last
     * outage ends the trace). North Europe: one outage, open 20d 1h - 2d 6h = 427 h. */
    ck_assert_str_eq(r->entities[0].name, "westeurope");
    ck_assert_uint_eq(r->entities[0].outages, 3);
    ck_assert_uint_eq(r->entities[0].between, 2);
    ck_assert(!r->entities[0].censored);
    ck_assert_str_eq(r->entities[1].name, "North Europe");
    ck_assert_uint_eq(r->entities[1].outages, 1);
    ck_assert(r->entities[1].censored);
    ck_assert_uint_eq(r->ttf.n, 2);
    ck_assert_uint_eq(r->ttf.n_censored, 1);
    ck_assert_uint_eq(r->ttr.n, 4);
    /* exponential MLE with censoring: (complete + censored time) / complete intervals */
    ASSERT_REL(r->ttf.fits[OS_FIT_EXPONENTIAL].p[0], (215 + 238 + 427) * HOUR / 2, 1e-12);
    ASSERT_REL(r->ttr.fits[OS_FIT_EXPONENTIAL].p[0], (1 + 2 + 1 + 6) * HOUR / 4, 1e-12);
    os_fit_report_free(r);
}
END_TEST

/* The YAML block pasted after a minimal topology must load, with the best fits' families and
 * parameters (to the printed precision). */
static void check_paste(enum os_fit_by by)
{
    static const char topo[] =
        "regions:\n  - { name: westeurope, zones: 3 }\n"
        "computes:\n  - { name: web, kind: app-service, region: westeurope, zone_redundant: "
        "true, instances: 3 }\n"
        "targets:\n  - { name: blob, kind: storage-blob, region: westeurope, zone_redundant: "
        "true }\n"
        "connections:\n  - { name: web-blob, compute: web, target: blob }\n";
    static const enum os_dist_kind kind[] = {OS_DIST_EXPONENTIAL, OS_DIST_LOGNORMAL,
                                             OS_DIST_WEIBULL, OS_DIST_GAMMA};
    os_fit_report *r = NULL;
    os_scenario *sc = NULL;
    os_error err;
    os_error_clear(&err);
    ck_assert_int_eq(os_fit_trace(by == OS_FIT_BY_REGION ? region_path : trace_path, by, &r, &err),
                     0);
    os_buf b = {0};
    os_buf_puts(&b, topo);
    os_fit_yaml_block(&b, r);
    ck_assert(!b.failed);
    ck_assert_ptr_nonnull(strstr(b.data, by == OS_FIT_BY_ZONE ? "  zone:\n" : "  region:\n"));
    int rc = os_scenario_load_buffer("pasted.yaml", b.data, b.len, NULL, 0, &sc, &err);
    ck_assert_msg(rc == 0, "%s\n%s", err.msg, b.data);
    const os_process *p =
        by == OS_FIT_BY_ZONE ? &sc->regions[0].zone_proc : &sc->regions[0].region_proc;
    ck_assert(p->enabled);
    const os_fit_quantity *qs[2] = {&r->ttf, &r->ttr};
    const os_dist *ds[2] = {&p->ttf, &p->ttr};
    for (int i = 0; i < 2; i++) {
        const os_fit_result *f = &qs[i]->fits[qs[i]->best];
        ck_assert_int_eq(ds[i]->kind, kind[f->family]);
        /* Loaded in ms; durations printed to 1/2000, shapes to 4 digits. */
        double a = f->p[0], b2 = f->p[1];
        if (f->family == OS_FIT_LOGNORMAL)
            a += log(1e3);
        else if (f->family == OS_FIT_GAMMA)
            b2 *= 1e3;
        else
            a *= 1e3;
        if (f->family == OS_FIT_LOGNORMAL)
            ck_assert(fabs(ds[i]->a - a) < 1e-3);
        else
            ASSERT_REL(ds[i]->a, a, 1e-3);
        if (f->family != OS_FIT_EXPONENTIAL)
            ASSERT_REL(ds[i]->b, b2, 1e-3);
    }
    os_scenario_free(sc);
    os_buf_free(&b);
    os_fit_report_free(r);
}

START_TEST(yaml_block_loads_by_zone)
{
    check_paste(OS_FIT_BY_ZONE);
}
END_TEST

START_TEST(yaml_block_loads_by_region)
{
    check_paste(OS_FIT_BY_REGION);
}
END_TEST

START_TEST(every_family_pastes)
{
    /* Each family's YAML, as printed, is a valid failure process. */
    os_fit_result r[4] = {
        {OS_FIT_EXPONENTIAL, true, NULL, {2 * 365 * DAY, 0}, 0, 0, 0},
        {OS_FIT_LOGNORMAL, true, NULL, {log(4 * HOUR), 0.74}, 0, 0, 0},
        {OS_FIT_WEIBULL, true, NULL, {397 * DAY, 0.83}, 0, 0, 0},
        {OS_FIT_GAMMA, true, NULL, {2.5, 90 * 60}, 0, 0, 0},
    };
    for (int i = 0; i < 4; i++) {
        os_buf b = {0};
        os_buf_puts(&b, "regions: [ { name: westeurope } ]\n"
                        "computes: [ { name: web, kind: app-service, region: westeurope } ]\n"
                        "targets: [ { name: blob, kind: storage-blob, region: westeurope } ]\n"
                        "connections: [ { name: c, compute: web, target: blob } ]\n"
                        "failures:\n  zone:\n    time_to_failure: ");
        os_fit_dist_yaml(&b, &r[i]);
        os_buf_puts(&b, "\n    time_to_repair: ");
        os_fit_dist_yaml(&b, &r[i]);
        os_buf_puts(&b, "\n");
        os_scenario *sc = NULL;
        os_error err;
        os_error_clear(&err);
        int rc = os_scenario_load_buffer("family.yaml", b.data, b.len, NULL, 0, &sc, &err);
        ck_assert_msg(rc == 0, "%s\n%s", err.msg, b.data);
        os_scenario_free(sc);
        os_buf_free(&b);
    }
}
END_TEST

/* --- malformed traces ------------------------------------------------------------------------- */

static char *slurp_line(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    char *s = strdup(buf);
    ck_assert(s);
    return s;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

START_TEST(bad_traces)
{
    /* Every tests/bad_traces/NAME.err: NAME.yaml (when present) fails to load, or else
     * NAME.csv fails to fit, with exactly that message. Run inside the directory so the
     * messages carry the bare file names. */
    const char *root = getenv("OS_SOURCE_ROOT");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/bad_traces", root ? root : ".");
    ck_assert_int_eq(chdir(dir), 0);
    DIR *d = opendir(".");
    ck_assert(d);
    struct dirent *e;
    int checked = 0, with_line = 0;
    while ((e = readdir(d))) {
        if (!ends_with(e->d_name, ".err"))
            continue;
        char stem[512], path[600], msg[2048];
        snprintf(stem, sizeof stem, "%.*s", (int)(strlen(e->d_name) - 4), e->d_name);
        char *want = slurp_line(e->d_name);
        os_error err;
        os_error_clear(&err);
        snprintf(path, sizeof path, "%s.yaml", stem);
        int rc;
        if (access(path, F_OK) == 0) {
            os_scenario *sc = NULL;
            rc = os_scenario_load(path, NULL, 0, &sc, &err);
            ck_assert_ptr_null(sc);
        } else {
            os_fit_report *r = NULL;
            snprintf(path, sizeof path, "%s.csv", stem);
            rc = os_fit_trace(path, OS_FIT_BY_ZONE, &r, &err);
            ck_assert_ptr_null(r);
        }
        ck_assert_msg(rc == OS_ERR_INPUT, "%s: status %d", stem, rc);
        os_error_format(&err, msg, sizeof msg);
        ck_assert_msg(!strcmp(msg, want), "%s:\n got: %s\nwant: %s", stem, msg, want);
        with_line += err.line > 0;
        free(want);
        checked++;
    }
    closedir(d);
    ck_assert_int_ge(checked, 15);
    ck_assert_int_ge(with_line, 15);
}
END_TEST

static Suite *fit_suite(void)
{
    Suite *s = suite_create("fit");
    TCase *tc = tcase_create("recover");
    tcase_add_test(tc, exponential_recovers_mean);
    tcase_add_test(tc, lognormal_recovers_mu_sigma);
    tcase_add_test(tc, weibull_recovers_scale_shape);
    tcase_add_test(tc, gamma_recovers_shape_scale);
    tcase_set_timeout(tc, 300);
    suite_add_tcase(s, tc);
    tc = tcase_create("censoring");
    tcase_add_test(tc, exponential_censored_closed_form);
    tcase_add_test(tc, censored_two_parameter_fits);
    tcase_set_timeout(tc, 300);
    suite_add_tcase(s, tc);
    tc = tcase_create("small");
    tcase_add_test(tc, ks_and_aic_by_hand);
    tcase_add_test(tc, degenerate_and_too_small);
    tcase_add_test(tc, duration_rounding);
    tcase_add_test(tc, every_family_pastes);
    suite_add_tcase(s, tc);
    tc = tcase_create("trace");
    tcase_add_checked_fixture(tc, write_trace, remove_trace);
    tcase_add_test(tc, trace_by_zone);
    tcase_add_test(tc, trace_by_region);
    tcase_add_test(tc, yaml_block_loads_by_zone);
    tcase_add_test(tc, yaml_block_loads_by_region);
    suite_add_tcase(s, tc);
    tc = tcase_create("bad");
    tcase_add_test(tc, bad_traces);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fit_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
