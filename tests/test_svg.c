/* test_svg.c — the HTML report's SVG writer (src/report/svg.c): fixed-precision numbers,
 * escaping, scale mapping, round ticks, and documents whose tags balance. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "report/svg.h"

static char *num(double x)
{
    static char out[64];
    os_buf b = {0};
    svg_num(&b, x);
    snprintf(out, sizeof out, "%s", b.data);
    os_buf_free(&b);
    return out;
}

/* Two decimals, rounded half away from zero by printf's %.2f on these exactly representable
 * values, trailing zeros and a bare point dropped, negative zero written as 0. */
START_TEST(numbers_have_fixed_precision)
{
    ck_assert_str_eq(num(3.0), "3");
    ck_assert_str_eq(num(12.5), "12.5");
    ck_assert_str_eq(num(0.125), "0.12"); /* 0.125 is exact; %.2f rounds half to even */
    ck_assert_str_eq(num(1.0 / 3.0), "0.33");
    ck_assert_str_eq(num(-0.001), "0"); /* "-0.00" -> "-0" -> "0" */
    ck_assert_str_eq(num(-2.25), "-2.25");
    ck_assert_str_eq(num(100.004), "100");
    ck_assert_str_eq(num(700.0), "700"); /* zeros before the point stay */
}
END_TEST

START_TEST(text_is_escaped)
{
    os_buf b = {0};
    svg_text(&b, 10, 20, SVG_MIDDLE, "a\"b", "<x> & 'y' \"z\"");
    ck_assert_str_eq(b.data, "<text x=\"10\" y=\"20\" text-anchor=\"middle\" class=\"a&quot;b\">"
                             "&lt;x&gt; &amp; &apos;y&apos; &quot;z&quot;</text>\n");
    os_buf_free(&b);
}
END_TEST

/* Domain [0, 10] onto range [100, 300]: x = 2.5 is a quarter of the way, 200 px wide -> 150.
 * An inverted range (a y axis, 200 at the bottom, 0 at the top): 2.5 -> 200 - 50 = 150 too,
 * 10 -> 0. A zero-width domain maps to the middle of the range. */
START_TEST(scale_maps_exactly)
{
    svg_scale x = {0, 10, 100, 300};
    ck_assert(svg_map(&x, 0) == 100);
    ck_assert(svg_map(&x, 2.5) == 150);
    ck_assert(svg_map(&x, 10) == 300);
    ck_assert(svg_map(&x, 15) == 400); /* linear beyond the domain */
    svg_scale y = {0, 10, 200, 0};
    ck_assert(svg_map(&y, 2.5) == 150);
    ck_assert(svg_map(&y, 10) == 0);
    svg_scale z = {5, 5, 0, 80};
    ck_assert(svg_map(&z, 5) == 40);
    ck_assert(svg_map(&z, 123) == 40);
}
END_TEST

/* [0, 1] with at most 6 ticks: raw step 1/5 = 0.2 -> 0, 0.2, ..., 1 (6 ticks).
 * [99.9, 100] with at most 6: raw 0.02 -> step 0.02, ticks 99.9, 99.92, ..., 100 (6).
 * [3, 97] with at most 5: raw 23.5 -> 50; ticks 50 only (0 and 100 are outside). */
START_TEST(ticks_are_round)
{
    double t[16], step;
    size_t n = svg_ticks(0, 1, 6, t, &step);
    ck_assert_uint_eq(n, 6);
    ck_assert_double_eq_tol(step, 0.2, 1e-15);
    ck_assert(t[0] == 0);
    ck_assert_double_eq_tol(t[5], 1.0, 1e-15);
    n = svg_ticks(99.9, 100, 6, t, &step);
    ck_assert_uint_eq(n, 6);
    ck_assert_double_eq_tol(step, 0.02, 1e-15);
    ck_assert_double_eq_tol(t[0], 99.9, 1e-12);
    ck_assert_double_eq_tol(t[5], 100, 1e-12);
    ck_assert_int_eq(svg_step_decimals(step), 2);
    n = svg_ticks(3, 97, 5, t, &step);
    ck_assert_uint_eq(n, 1);
    ck_assert(t[0] == 50);
    ck_assert_int_eq(svg_step_decimals(50), 0);
    n = svg_ticks(7, 7, 5, t, &step); /* no width: the one value */
    ck_assert_uint_eq(n, 1);
    ck_assert(t[0] == 7);
    /* never more than max, whatever the span */
    for (double hi = 1.01; hi < 40; hi *= 1.37) {
        n = svg_ticks(1, hi, 4, t, &step);
        ck_assert(n >= 1 && n <= 4);
    }
}
END_TEST

/* [3, 97] with 5 ticks widens to [0, 100] (step 50); [99.93, 99.97] with 6: raw step
 * 0.04/5 = 0.008 -> 0.01, so [99.93, 99.97] stays; a point 5 padded by 1 -> [4, 6]. */
START_TEST(nice_domain_widens)
{
    double lo = 3, hi = 97;
    svg_nice_domain(&lo, &hi, 5, 1);
    ck_assert(lo == 0 && hi == 100);
    lo = 99.93, hi = 99.97;
    svg_nice_domain(&lo, &hi, 6, 1);
    ck_assert_double_eq_tol(lo, 99.93, 1e-9);
    ck_assert_double_eq_tol(hi, 99.97, 1e-9);
    lo = hi = 5;
    svg_nice_domain(&lo, &hi, 5, 1);
    ck_assert(lo == 4 && hi == 6);
}
END_TEST

/* Round widths: 0.3 -> 0.5, 1 -> 1, 2.1 -> 5, 7 -> 10, 0.02 -> 0.02, 1.5e3 -> 2e3. */
START_TEST(round_up_is_1_2_5)
{
    ck_assert_double_eq_tol(svg_round_up(0.3), 0.5, 1e-15);
    ck_assert(svg_round_up(1) == 1);
    ck_assert(svg_round_up(2.1) == 5);
    ck_assert(svg_round_up(7) == 10);
    ck_assert_double_eq_tol(svg_round_up(0.02), 0.02, 1e-15);
    ck_assert(svg_round_up(1500) == 2000);
}
END_TEST

/* Count axes: [0, 1] would get 0, 0.25, ..., 1 -> whole numbers 0 and 1 instead; [0, 3] ->
 * 0, 1, 2, 3 (svg_ticks would give 0, 0.5, ..., 3: seven, too many); [0, 40] keeps svg_ticks'
 * 0, 10, 20, 30, 40. */
START_TEST(count_ticks_are_whole)
{
    double t[8], step;
    size_t n = svg_ticks_int(0, 1, 5, t, &step);
    ck_assert_uint_eq(n, 2);
    ck_assert(t[0] == 0 && t[1] == 1 && step == 1);
    n = svg_ticks_int(0, 3, 5, t, &step);
    ck_assert_uint_eq(n, 4);
    ck_assert(t[3] == 3 && step == 1);
    n = svg_ticks_int(0, 40, 5, t, &step);
    ck_assert_uint_eq(n, 5);
    ck_assert(t[1] == 10 && t[4] == 40 && step == 10);
}
END_TEST

/* [0, 10] in 5 bins, edges 0, 2, 4, 6, 8, 10:
 *   bin 0 [0, 2):  -1 (below lo), 0, 1, 1.5          -> 4
 *   bin 1 [2, 4):  2 (on its left edge), 2.9999, 3    -> 3
 *   bin 2 [4, 6):  none; bin 3 [6, 8): 7.99           -> 0, 1
 *   bin 4 [8, 10]: 8, 10 (the right end), 11 (above)  -> 3
 * The largest count is 4. */
START_TEST(bins_count_exactly)
{
    const double v[] = {0, 1, 1.5, 2, 2.9999, 3, 10, -1, 11, 7.99, 8};
    size_t c[5];
    ck_assert_uint_eq(svg_bin_counts(v, 11, 0, 10, 5, c), 4);
    const size_t want[] = {4, 3, 0, 1, 3};
    for (size_t k = 0; k < 5; k++)
        ck_assert_msg(c[k] == want[k], "bin %zu: %zu, want %zu", k, c[k], want[k]);
    ck_assert(svg_bin_edge(0, 10, 5, 0) == 0);
    ck_assert(svg_bin_edge(0, 10, 5, 2) == 4);
    ck_assert(svg_bin_edge(0, 10, 5, 5) == 10);
    /* [0, 0.3] in 3 bins: 0.3 x 1/3 is not 0.1 in binary; whatever the edges' last bits, a
     * value equal to the printed left edge of bin k counts in bin k, so one value per edge
     * gives one per bin (the right end, 0.3, joins the last). */
    double e[4];
    for (size_t k = 0; k < 4; k++)
        e[k] = svg_bin_edge(0, 0.3, 3, k);
    size_t d[3];
    ck_assert_uint_eq(svg_bin_counts(e, 4, 0, 0.3, 3, d), 2);
    ck_assert(d[0] == 1 && d[1] == 1 && d[2] == 2);
    /* no values: every count 0 */
    ck_assert_uint_eq(svg_bin_counts(NULL, 0, 0, 1, 3, d), 0);
    ck_assert(d[0] == 0 && d[1] == 0 && d[2] == 0);
}
END_TEST

/* Counts "<name" openings and "</name>" closings plus self-closed "/>" of that element. */
static void assert_balanced(const char *doc, const char *name)
{
    char open[32], close[32];
    snprintf(open, sizeof open, "<%s", name);
    snprintf(close, sizeof close, "</%s>", name);
    size_t opens = 0, closes = 0;
    for (const char *p = doc; (p = strstr(p, open)); p++) {
        char c = p[strlen(open)];
        if (c != ' ' && c != '>' && c != '/')
            continue;
        opens++;
        const char *end = strchr(p, '>');
        ck_assert(end);
        if (end[-1] == '/')
            closes++;
    }
    for (const char *p = doc; (p = strstr(p, close)); p++)
        closes++;
    ck_assert_msg(opens == closes, "<%s>: %zu opened, %zu closed", name, opens, closes);
}

/* A whole chart: the document is well-formed (every element closed, one root), carries its
 * title and description, and its axes label their ticks with the suffix. */
START_TEST(chart_is_well_formed)
{
    os_buf b = {0};
    svg_begin(&b, "c1", 400, 200, "Availability & <target>", "A test chart");
    svg_scale x = {99.9, 100, 60, 380}, y = {0, 10, 160, 20};
    double t[8], step;
    size_t n = svg_ticks(99.9, 100, 6, t, &step);
    svg_axis_bottom(&b, &x, 160, t, n, svg_step_decimals(step), "%", 140, "availability (%)");
    n = svg_ticks(0, 10, 6, t, &step);
    svg_axis_left(&b, &y, 60, t, n, svg_step_decimals(step), "", 320, "replications");
    double px[] = {60, 200, 380}, py[] = {160, 20, 90};
    svg_polyline(&b, px, py, 3, "s0");
    for (int s = 0; s < SVG_SHAPES; s++)
        svg_marker(&b, (enum svg_shape)s, 100 + 20 * s, 50, 4, "s1");
    svg_rect(&b, 10, 10, -5, 3, NULL); /* negative width clamps to 0 */
    svg_vtext(&b, 10, 100, "axis-label", "count");
    svg_end(&b);
    const char *d = b.data;
    ck_assert(!b.failed);
    const char *head = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"";
    ck_assert(!strncmp(d, head, strlen(head)));
    ck_assert(strstr(d, "aria-label=\"Availability &amp; &lt;target&gt;\""));
    ck_assert(strstr(d, "<title>Availability &amp; &lt;target&gt;</title>"));
    ck_assert(strstr(d, "<desc id=\"c1-d\">A test chart</desc>"));
    ck_assert(strstr(d, ">99.90%</text>"));
    ck_assert(strstr(d, ">100.00%</text>"));
    ck_assert(strstr(d, ">availability (%)</text>"));
    ck_assert(strstr(d, "<rect x=\"10\" y=\"10\" width=\"0\" height=\"3\"/>"));
    ck_assert(strstr(d, "points=\"60,160 200,20 380,90\""));
    /* 99.9 -> 60 px and 100 -> 380 px: the end ticks sit exactly on the range ends */
    ck_assert(strstr(d, "<line x1=\"60\" y1=\"160\" x2=\"60\" y2=\"165\" class=\"tick\"/>"));
    ck_assert(strstr(d, "<line x1=\"380\" y1=\"160\" x2=\"380\" y2=\"165\" class=\"tick\"/>"));
    const char *names[] = {"svg",  "g",    "title",  "desc",    "text",
                           "line", "rect", "circle", "polygon", "polyline"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        assert_balanced(d, names[i]);
    ck_assert(!strstr(d, "nan") && !strstr(d, "inf"));
    ck_assert(!strcmp(d + strlen(d) - 7, "</svg>\n"));
    os_buf_free(&b);
}
END_TEST

static Suite *svg_suite(void)
{
    Suite *s = suite_create("svg");
    TCase *tc = tcase_create("writer");
    tcase_add_test(tc, numbers_have_fixed_precision);
    tcase_add_test(tc, text_is_escaped);
    tcase_add_test(tc, scale_maps_exactly);
    tcase_add_test(tc, ticks_are_round);
    tcase_add_test(tc, nice_domain_widens);
    tcase_add_test(tc, chart_is_well_formed);
    tcase_add_test(tc, round_up_is_1_2_5);
    tcase_add_test(tc, bins_count_exactly);
    tcase_add_test(tc, count_ticks_are_whole);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(svg_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
