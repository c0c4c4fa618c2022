/* test_duration.c — os_duration_parse / os_duration_format / os_time_format (duration.h) and
 * the error record's formatting (error.h). */
#include "outagesim/duration.h"
#include "outagesim/error.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define MS(text, want)                                                                             \
    do {                                                                                           \
        os_ms got_ = -1;                                                                           \
        const char *why_ = NULL;                                                                   \
        ck_assert_msg(os_duration_parse((text), &got_, &why_) == 0, "'%s' rejected: %s", (text),   \
                      why_ ? why_ : "?");                                                          \
        ck_assert_msg(got_ == (os_ms)(want), "'%s' = %lld ms, want %lld", (text), (long long)got_, \
                      (long long)(want));                                                          \
    } while (0)

#define BAD(text, reason)                                                                          \
    do {                                                                                           \
        os_ms got_ = 12345;                                                                        \
        const char *why_ = NULL;                                                                   \
        ck_assert_msg(os_duration_parse((text), &got_, &why_) == -1, "'%s' accepted", (text));     \
        ck_assert_ptr_nonnull(why_);                                                               \
        ck_assert_str_eq(why_, (reason));                                                          \
        ck_assert_msg(got_ == 12345, "'%s' wrote the output on failure", (text));                  \
    } while (0)

static const os_ms S = OS_MS_SECOND, M = OS_MS_MINUTE, HR = OS_MS_HOUR, DY = OS_MS_DAY;

START_TEST(units)
{
    MS("250ms", 250);
    MS("45s", 45 * S);
    MS("30m", 30 * M);
    MS("6h", 6 * HR);
    MS("10d", 10 * DY);
    MS("2w", 14 * DY);
    MS("1y", 365 * DY); /* y is 365 d, not a calendar year */
}
END_TEST

START_TEST(combined)
{
    MS("1h30m", HR + 30 * M);
    MS("2d 6h", 2 * DY + 6 * HR);
    MS("200d 7h", 200 * DY + 7 * HR);
    MS("1y 3d 4h 5m 6s 7ms", 365 * DY + 3 * DY + 4 * HR + 5 * M + 6 * S + 7);
    MS("  1h  ", HR);   /* surrounding spaces, as in a quoted YAML string */
    MS("90 m", 90 * M); /* a space between number and unit */
}
END_TEST

START_TEST(zero_and_fractions)
{
    MS("0", 0);
    MS("0s", 0);
    MS("0h 0m", 0);
    MS("1.5h", 90 * M);
    MS("0.5s", 500);
    MS(".25s", 250);
    MS("1.0006s", 1001); /* 1000.6 ms rounds to the nearest ms */
    MS("0.0004s", 0);    /* 0.4 ms rounds to 0 */
    MS("1.5h 30m", 2 * HR);
}
END_TEST

START_TEST(limits)
{
    MS("1000y", OS_MS_MAX); /* the limit itself is accepted */
    BAD("1000y 1ms", "too large (the limit is 1000y)");
    BAD("1001y", "too large (the limit is 1000y)");
    BAD("99999999999999999999y", "too large (the limit is 1000y)"); /* no uint64 wrap */
    BAD("99999999999999999999999999999999ms", "too large (the limit is 1000y)");
}
END_TEST

START_TEST(errors)
{
    BAD("", "empty duration");
    BAD("   ", "empty duration");
    BAD("5", "missing unit, e.g. '30m'");
    BAD("1.5", "missing unit, e.g. '30m'");
    BAD("1h30", "missing unit, e.g. '30m'");
    BAD("-3h", "negative durations are not allowed");
    BAD("10 parsecs", "unknown unit (use ms, s, m, h, d, w or y)");
    BAD("1H", "unknown unit (use ms, s, m, h, d, w or y)"); /* units are lower case */
    BAD("h", "expected a number followed by a unit, e.g. '30m'");
    BAD(".h", "expected a number followed by a unit, e.g. '30m'");
    BAD("1h+2m", "expected a number followed by a unit, e.g. '30m'");
    BAD("30m 1h", "units must go from largest to smallest, each once, e.g. '1h 30m'");
    BAD("1m 1m", "units must go from largest to smallest, each once, e.g. '1h 30m'");
    ck_assert_int_eq(os_duration_parse(NULL, &(os_ms){0}, NULL), -1); /* why may be NULL */
}
END_TEST

static void check_format(os_ms d, const char *want)
{
    char buf[64];
    ck_assert_str_eq(os_duration_format(d, buf, sizeof buf), want);
}

START_TEST(format)
{
    check_format(0, "0");
    check_format(250, "250ms");
    check_format(45 * S, "45s");
    check_format(1500, "1s 500ms");
    check_format(HR + 30 * M, "1h 30m");
    check_format(2 * DY + 6 * HR, "2d 6h");
    check_format(400 * DY, "400d"); /* days are the largest unit printed */
    check_format(OS_MS_YEAR + 3 * DY, "368d");
    check_format(DY + 1, "1d 1ms");
    check_format(-90 * M, "-1h 30m");
    /* Round trip: what is printed parses back to the same value. */
    os_ms samples[] = {1, 999, 61 * S, 3 * DY + 4 * HR + 5 * M + 6 * S + 7, OS_MS_MAX};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        char buf[64];
        os_ms back = -1;
        ck_assert_int_eq(
            os_duration_parse(os_duration_format(samples[i], buf, sizeof buf), &back, NULL), 0);
        ck_assert_int_eq(back, samples[i]);
    }
    /* A tiny buffer truncates without overflowing. */
    char small[4];
    os_duration_format(2 * DY + 6 * HR, small, sizeof small);
    ck_assert_uint_lt(strlen(small), sizeof small);
}
END_TEST

static void check_time(os_ms t, const char *want)
{
    char buf[64];
    ck_assert_str_eq(os_time_format(t, buf, sizeof buf), want);
}

START_TEST(time_format)
{
    check_time(0, "0d 00:00");
    check_time(200 * DY + 7 * HR + 30 * M, "200d 07:30");
    check_time(HR + 5 * S, "0d 01:00:05");
    check_time(HR + 250, "0d 01:00:00.250"); /* ms shown, so seconds are too */
    check_time(10 * DY + 23 * HR + 59 * M + 59 * S + 999, "10d 23:59:59.999");
}
END_TEST

START_TEST(error_format)
{
    os_error e;
    char buf[2048];
    os_error_clear(&e);
    ck_assert_int_eq(e.status, OS_OK);
    ck_assert_int_eq(os_error_set(&e, OS_ERR_INPUT, "web.yaml", 14, 5, "computes[%d]: bad", 0),
                     OS_ERR_INPUT);
    os_error_format(&e, buf, sizeof buf);
    ck_assert_str_eq(buf, "web.yaml:14:5: computes[0]: bad");
    os_error_set(&e, OS_ERR_INPUT, "web.yaml", 14, 0, "no column");
    os_error_format(&e, buf, sizeof buf);
    ck_assert_str_eq(buf, "web.yaml:14: no column");
    os_error_set(&e, OS_ERR_INPUT, "--set a.b", 0, 7, "no line"); /* column alone is dropped */
    os_error_format(&e, buf, sizeof buf);
    ck_assert_str_eq(buf, "--set a.b: no line");
    os_error_set(&e, OS_ERR_USAGE, "", 0, 0, "just the message");
    os_error_format(&e, buf, sizeof buf);
    ck_assert_str_eq(buf, "just the message");
    os_error_set(&e, OS_ERR_USAGE, NULL, 3, 0, "no file");
    os_error_format(&e, buf, sizeof buf);
    ck_assert_str_eq(buf, "3: no file");
    /* Control characters from quoted user text never break the one-line message. */
    os_error_set(&e, OS_ERR_INPUT, "a\nb.yaml", 2, 3, "no compute named '%s'", "w\neb\t");
    os_error_format(&e, buf, sizeof buf);
    ck_assert_str_eq(buf, "a?b.yaml:2:3: no compute named 'w?eb?'");
    /* NULL error records are allowed and only return the status. */
    ck_assert_int_eq(os_error_set(NULL, OS_ERR_IO, "f", 1, 1, "x"), OS_ERR_IO);
    /* Truncation keeps the buffer terminated. */
    char tiny[8];
    os_error_set(&e, OS_ERR_INPUT, "long-file-name.yaml", 1, 1, "message");
    os_error_format(&e, tiny, sizeof tiny);
    ck_assert_str_eq(tiny, "long-fi");
    ck_assert_str_eq(os_status_str(OS_ERR_LIMIT), "limit exceeded");
    ck_assert_str_eq(os_status_str(OS_OK), "ok");
    ck_assert_str_eq(os_status_str((enum os_status)42), "unknown status");
}
END_TEST

static Suite *duration_suite(void)
{
    Suite *s = suite_create("duration");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, units);
    tcase_add_test(tc, combined);
    tcase_add_test(tc, zero_and_fractions);
    tcase_add_test(tc, limits);
    tcase_add_test(tc, errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("format");
    tcase_add_test(tc, format);
    tcase_add_test(tc, time_format);
    tcase_add_test(tc, error_format);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(duration_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
