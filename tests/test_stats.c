/* test_stats.c — os_figure (SPEC §1.7) and os_vec, against values derived by hand. */
#include "outagesim/stats.h"

#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

/* Exact arithmetic on a handful of doubles: a few ulps of the wanted value. The floor keeps
 * the tolerance positive when want is 0 (Check's _tol comparison is strict). */
#define EXACT_TOL(want) (1e-12 * fabs(want) + DBL_MIN)
/* Anything that goes through the Student-t quantile: GSL's gsl_cdf_tdist_Pinv is accurate to
 * about 2e-13 relative (3.1824463052837038 against the exact 3.182446305284263 for 3 df). */
#define T_TOL(want) (1e-11 * fabs(want) + DBL_MIN)

#define ASSERT_NEAR(got, want) ck_assert_double_eq_tol((got), (want), EXACT_TOL(want))
#define ASSERT_NEAR_T(got, want) ck_assert_double_eq_tol((got), (want), T_TOL(want))

/* t(0.975, 3): the 3-df CDF is 1/2 + (1/pi)(t/(sqrt3 (1 + t^2/3)) + atan(t/sqrt3)), which equals
 * 0.975 at this t (the value tables give to 3.182). */
static const double T975_3DF = 3.182446305284263;
/* t(0.975, 1): 1 df is the Cauchy law, quantile tan(pi (p - 1/2)) = tan(0.475 pi). */
static const double T975_1DF = 12.706204736174707;

START_TEST(four_values)
{
    double v[] = {4, 1, 3, 2}; /* unsorted on purpose: os_figure_of sorts in place */
    os_figure f = os_figure_of(v, 4);

    ck_assert_uint_eq(f.n, 4);
    ck_assert(v[0] == 1 && v[1] == 2 && v[2] == 3 && v[3] == 4);
    /* (1 + 2 + 3 + 4) / 4 */
    ASSERT_NEAR(f.mean, 2.5);
    /* squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, over n - 1 = 3 */
    ASSERT_NEAR(f.sd, sqrt(5.0 / 3.0));
    ASSERT_NEAR(f.min, 1.0);
    ASSERT_NEAR(f.max, 4.0);
    /* Linear interpolation at position p (n - 1) = 3p of the sorted values (0-based):
     * p50: 1.5 -> 2 + 0.5 (3 - 2) = 2.5; p95: 2.85 -> 3 + 0.85 = 3.85; p99: 2.97 -> 3.97 */
    ASSERT_NEAR(f.p50, 2.5);
    ASSERT_NEAR(f.p95, 3.85);
    ASSERT_NEAR(f.p99, 3.97);
    /* the low tail, same rule: p1: 0.03 -> 1 + 0.03 (2 - 1) = 1.03; p5: 0.15 -> 1.15 */
    ASSERT_NEAR(f.p1, 1.03);
    ASSERT_NEAR(f.p5, 1.15);
    /* mean -/+ t(0.975, 3) sd / sqrt(4) = 2.5 -/+ 3.182446305284263 * 1.2909944487358056 / 2
     * = 2.5 -/+ 2.0542476..., i.e. [0.4457524, 4.5542476] */
    double half = T975_3DF * sqrt(5.0 / 3.0) / 2.0;
    ASSERT_NEAR_T(f.lo, 2.5 - half);
    ASSERT_NEAR_T(f.hi, 2.5 + half);
    ASSERT_NEAR_T(os_figure_half_width(&f), half);
}
END_TEST

/* The bad year on per-replication availabilities built by hand: 21 replications, 20 at
 * 1 - k/10000 for k = 0..19 and one at 0.99 (a replication with a 3.65-day outage). Sorted:
 * x[0] = 0.99, x[1] = 0.9981 (k = 19), x[2] = 0.9982, ..., x[20] = 1. The q-quantile sits at
 * h = q (n - 1) = 20 q: p1 at h = 0.2 -> x0 + 0.2 (x1 - x0) = 0.99 + 0.2 * 0.0081 = 0.99162;
 * p5 at h = 1 -> x1 = 0.9981 exactly; p95 at h = 19 -> x19 = 1 - 1/10000 = 0.9999; p99 at
 * h = 19.8 -> x19 + 0.8 (x20 - x19) = 0.9999 + 0.8 * 0.0001 = 0.99998.
 * Below a 99.9 % target: 0.99 and k = 11..19 (1 - k/10000 < 0.999 for k > 10): 10 of 21;
 * k = 10 is exactly at the target and does not miss. */
START_TEST(bad_year_tail)
{
    double v[21];
    for (int k = 0; k < 20; k++)
        v[k] = 1.0 - k / 10000.0;
    v[20] = 0.99;
    os_figure f = os_figure_of(v, 21);
    ASSERT_NEAR(f.p1, 0.99162);
    ASSERT_NEAR(f.p5, 0.9981);
    ASSERT_NEAR(f.p95, 0.9999);
    ASSERT_NEAR(f.p99, 0.99998);
    ASSERT_NEAR(f.min, 0.99);
    /* slack: half a millisecond over a 365 d horizon */
    double slack = 0.5 / (365.0 * 86400e3);
    ASSERT_NEAR(os_share_below(v, 21, 0.999, slack), 10.0 / 21.0);
    ASSERT_NEAR(os_share_below(v, 21, 0.99, slack), 0.0);        /* 0.99 itself is not below */
    ASSERT_NEAR(os_share_below(v, 21, 1.0, slack), 20.0 / 21.0); /* all but the perfect one */
    ck_assert_double_eq(os_share_below(v, 0, 0.999, slack), 0.0);
}
END_TEST

START_TEST(two_values_cauchy_interval)
{
    double v[] = {10, 0};
    os_figure f = os_figure_of(v, 2);

    ck_assert_uint_eq(f.n, 2);
    ASSERT_NEAR(f.mean, 5.0);
    /* deviations 5 and 5: sd = sqrt(50 / 1), and sd / sqrt(2) = 5 exactly */
    ASSERT_NEAR(f.sd, sqrt(50.0));
    /* half-width t(0.975, 1) * 5 = 63.531023680873535 */
    ASSERT_NEAR_T(f.lo, 5.0 - 5.0 * T975_1DF);
    ASSERT_NEAR_T(f.hi, 5.0 + 5.0 * T975_1DF);
    /* positions p (n - 1) = p: p50 = 5, p95 = 9.5, p99 = 9.9 */
    ASSERT_NEAR(f.p50, 5.0);
    ASSERT_NEAR(f.p95, 9.5);
    ASSERT_NEAR(f.p99, 9.9);
    ASSERT_NEAR(f.min, 0.0);
    ASSERT_NEAR(f.max, 10.0);
}
END_TEST

START_TEST(large_offset_keeps_small_digits)
{
    /* {1, 2, 3, 4} shifted by 1e9: same sd sqrt(5/3), mean 1e9 + 2.5. A naive sum of squares
     * (sum x^2 - n m^2 ~ 4e18 - 4e18) would lose every digit of the 5 / 3. */
    double v[] = {1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4};
    os_figure f = os_figure_of(v, 4);

    ASSERT_NEAR(f.mean, 1e9 + 2.5);
    /* tolerance: the inputs are exact, the mean recurrence rounds at 1e9 (ulp 1.2e-7) */
    ck_assert_double_eq_tol(f.sd, sqrt(5.0 / 3.0), 1e-6);
    ASSERT_NEAR(f.p95, 1e9 + 3.85);
}
END_TEST

START_TEST(identical_values_have_no_spread)
{
    double v[] = {7, 7, 7, 7, 7};
    os_figure f = os_figure_of(v, 5);

    /* every deviation is exactly 0, so sd is exactly 0 and the interval is [7, 7] */
    ck_assert_double_eq(f.mean, 7.0);
    ck_assert_double_eq(f.sd, 0.0);
    ck_assert_double_eq(f.lo, 7.0);
    ck_assert_double_eq(f.hi, 7.0);
    ck_assert_double_eq(os_figure_half_width(&f), 0.0);
}
END_TEST

START_TEST(one_value)
{
    double v[] = {42.5};
    os_figure f = os_figure_of(v, 1);

    /* SPEC §1.7: with n = 1 sd is 0 and the interval is [mean, mean]; every percentile is the
     * one value */
    ck_assert_uint_eq(f.n, 1);
    ck_assert_double_eq(f.mean, 42.5);
    ck_assert_double_eq(f.sd, 0.0);
    ck_assert_double_eq(f.lo, 42.5);
    ck_assert_double_eq(f.hi, 42.5);
    ck_assert_double_eq(f.min, 42.5);
    ck_assert_double_eq(f.p50, 42.5);
    ck_assert_double_eq(f.p95, 42.5);
    ck_assert_double_eq(f.p99, 42.5);
    ck_assert_double_eq(f.max, 42.5);
    ck_assert_double_eq(os_figure_half_width(&f), 0.0);
}
END_TEST

START_TEST(no_values)
{
    /* n = 0: everything zero (the reports print null); values is never read, so NULL is fine */
    os_figure f = os_figure_of(NULL, 0);

    ck_assert_uint_eq(f.n, 0);
    ck_assert_double_eq(f.mean, 0.0);
    ck_assert_double_eq(f.sd, 0.0);
    ck_assert_double_eq(f.lo, 0.0);
    ck_assert_double_eq(f.hi, 0.0);
    ck_assert_double_eq(f.min, 0.0);
    ck_assert_double_eq(f.p50, 0.0);
    ck_assert_double_eq(f.p95, 0.0);
    ck_assert_double_eq(f.p99, 0.0);
    ck_assert_double_eq(f.max, 0.0);
    ck_assert_double_eq(os_figure_half_width(&f), 0.0);

    double one = 3.0;
    f = os_figure_of(&one, 0);
    ck_assert_uint_eq(f.n, 0);
    ck_assert_double_eq(f.mean, 0.0);
    ck_assert_double_eq(one, 3.0);
}
END_TEST

START_TEST(scaled_positive)
{
    double v[] = {1000, 2000, 3000, 4000}; /* ms */
    os_figure ms = os_figure_of(v, 4);
    os_figure s = os_figure_scaled(ms, 1e-3); /* -> s: {1, 2, 3, 4} */

    ck_assert_uint_eq(s.n, 4);
    ASSERT_NEAR(s.mean, 2.5);
    ASSERT_NEAR(s.sd, sqrt(5.0 / 3.0));
    ASSERT_NEAR(s.min, 1.0);
    ASSERT_NEAR(s.p50, 2.5);
    ASSERT_NEAR(s.p95, 3.85);
    ASSERT_NEAR(s.p99, 3.97);
    ASSERT_NEAR(s.max, 4.0);
    double half = T975_3DF * sqrt(5.0 / 3.0) / 2.0;
    ASSERT_NEAR_T(s.lo, 2.5 - half);
    ASSERT_NEAR_T(s.hi, 2.5 + half);
    ASSERT_NEAR_T(os_figure_half_width(&s), half);
}
END_TEST

START_TEST(scaled_negative_swaps_interval)
{
    double v[] = {1, 2, 3, 4};
    os_figure f = os_figure_of(v, 4);
    os_figure g = os_figure_scaled(f, -2.0);

    double half = T975_3DF * sqrt(5.0 / 3.0) / 2.0;
    /* mean -5; sd scales by |-2|; the interval [2.5 - h, 2.5 + h] maps to [-5 - 2h, -5 + 2h] */
    ASSERT_NEAR(g.mean, -5.0);
    ASSERT_NEAR(g.sd, 2.0 * sqrt(5.0 / 3.0));
    ck_assert(g.lo < g.hi);
    ASSERT_NEAR_T(g.lo, -5.0 - 2.0 * half);
    ASSERT_NEAR_T(g.hi, -5.0 + 2.0 * half);
    ASSERT_NEAR_T(os_figure_half_width(&g), 2.0 * half);
    /* the other fields are multiplied field by field, as documented */
    ASSERT_NEAR(g.min, -2.0);
    ASSERT_NEAR(g.p50, -5.0);
    ASSERT_NEAR(g.p95, -7.7);
    ASSERT_NEAR(g.max, -8.0);
}
END_TEST

START_TEST(scaled_empty_stays_empty)
{
    os_figure f = os_figure_scaled(os_figure_of(NULL, 0), 1e-3);

    ck_assert_uint_eq(f.n, 0);
    ck_assert_double_eq(f.mean, 0.0);
    ck_assert_double_eq(os_figure_half_width(&f), 0.0);
}
END_TEST

START_TEST(vec_growth)
{
    os_vec v = {0};

    /* first push allocates 16; the 17th doubles to 32; the 33rd to 64 */
    ck_assert_int_eq(os_vec_push(&v, 0.0), 0);
    ck_assert_uint_eq(v.n, 1);
    ck_assert_uint_eq(v.cap, 16);
    for (int i = 1; i < 16; i++)
        ck_assert_int_eq(os_vec_push(&v, (double)i), 0);
    ck_assert_uint_eq(v.cap, 16);
    ck_assert_int_eq(os_vec_push(&v, 16.0), 0);
    ck_assert_uint_eq(v.n, 17);
    ck_assert_uint_eq(v.cap, 32);
    for (int i = 17; i < 33; i++)
        ck_assert_int_eq(os_vec_push(&v, (double)i), 0);
    ck_assert_uint_eq(v.n, 33);
    ck_assert_uint_eq(v.cap, 64);
    for (size_t i = 0; i < v.n; i++)
        ck_assert_double_eq(v.v[i], (double)i);

    /* clear keeps the memory */
    double *mem = v.v;
    os_vec_clear(&v);
    ck_assert_uint_eq(v.n, 0);
    ck_assert_uint_eq(v.cap, 64);
    ck_assert_ptr_eq(v.v, mem);

    os_vec_free(&v);
    ck_assert_ptr_null(v.v);
    ck_assert_uint_eq(v.n, 0);
    ck_assert_uint_eq(v.cap, 0);
    /* freeing twice (a zeroed vec) is harmless, and so is NULL */
    os_vec_free(&v);
    os_vec_free(NULL);
}
END_TEST

START_TEST(vec_append)
{
    os_vec a = {0}, b = {0}, empty = {0};

    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(os_vec_push(&a, (double)i), 0);
    for (int i = 10; i < 30; i++)
        ck_assert_int_eq(os_vec_push(&b, (double)i), 0);

    /* 10 + 20 = 30 values: capacity 16 doubles once to 32 */
    ck_assert_int_eq(os_vec_append(&a, &b), 0);
    ck_assert_uint_eq(a.n, 30);
    ck_assert_uint_eq(a.cap, 32);
    for (size_t i = 0; i < a.n; i++)
        ck_assert_double_eq(a.v[i], (double)i);
    ck_assert_uint_eq(b.n, 20); /* src untouched */

    /* appending an empty (zeroed) vec changes nothing and allocates nothing */
    ck_assert_int_eq(os_vec_append(&a, &empty), 0);
    ck_assert_uint_eq(a.n, 30);
    ck_assert_int_eq(os_vec_append(&empty, &empty), 0);
    ck_assert_ptr_null(empty.v);

    /* appending into an empty vec allocates from the initial 16, doubling as needed: 20 -> 32 */
    ck_assert_int_eq(os_vec_append(&empty, &b), 0);
    ck_assert_uint_eq(empty.n, 20);
    ck_assert_uint_eq(empty.cap, 32);
    ck_assert_double_eq(empty.v[19], 29.0);

    /* self-append duplicates: 20 -> 40 values, 10..29 then 10..29 again */
    ck_assert_int_eq(os_vec_append(&b, &b), 0);
    ck_assert_uint_eq(b.n, 40);
    ck_assert_double_eq(b.v[20], 10.0);
    ck_assert_double_eq(b.v[39], 29.0);

    /* the pooled values summarise as usual: 0..29 has mean 14.5 */
    os_figure f = os_figure_of(a.v, a.n);
    ASSERT_NEAR(f.mean, 14.5);

    os_vec_free(&a);
    os_vec_free(&b);
    os_vec_free(&empty);
}
END_TEST

static Suite *stats_suite(void)
{
    Suite *s = suite_create("stats");

    TCase *fig = tcase_create("figure");
    tcase_add_test(fig, four_values);
    tcase_add_test(fig, bad_year_tail);
    tcase_add_test(fig, two_values_cauchy_interval);
    tcase_add_test(fig, large_offset_keeps_small_digits);
    tcase_add_test(fig, identical_values_have_no_spread);
    suite_add_tcase(s, fig);

    TCase *edge = tcase_create("few values");
    tcase_add_test(edge, one_value);
    tcase_add_test(edge, no_values);
    suite_add_tcase(s, edge);

    TCase *scale = tcase_create("scaled");
    tcase_add_test(scale, scaled_positive);
    tcase_add_test(scale, scaled_negative_swaps_interval);
    tcase_add_test(scale, scaled_empty_stays_empty);
    suite_add_tcase(s, scale);

    TCase *vec = tcase_create("vec");
    tcase_add_test(vec, vec_growth);
    tcase_add_test(vec, vec_append);
    suite_add_tcase(s, vec);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(stats_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
