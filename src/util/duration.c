/* duration.c — durations as exact integer milliseconds: parsing what users write ("1h30m",
 * "2d 6h", "1.5h", "0") and formatting durations and points in time the same way.
 * It knows nothing of YAML; callers add the file position to the reason returned. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "outagesim/duration.h"

struct unit {
    const char *name;
    os_ms ms;
};

/* Largest first: a duration lists its parts in this order ("1d 2h", not "2h 1d"). */
static const struct unit units[] = {
    {"y", OS_MS_YEAR},   {"w", OS_MS_WEEK},   {"d", OS_MS_DAY}, {"h", OS_MS_HOUR},
    {"m", OS_MS_MINUTE}, {"s", OS_MS_SECOND}, {"ms", 1},
};
#define N_UNITS (sizeof units / sizeof units[0])

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int fail(const char **why, const char *reason)
{
    if (why)
        *why = reason;
    return -1;
}

int os_duration_parse(const char *text, os_ms *out, const char **why)
{
    if (!text)
        return fail(why, "empty duration");
    const char *p = text;
    while (is_space(*p))
        p++;
    if (*p == '\0')
        return fail(why, "empty duration");
    /* A bare 0 needs no unit: it is 0 in every unit. */
    const char *q = p + 1;
    while (is_space(*q))
        q++;
    if (*p == '0' && *q == '\0') {
        *out = 0;
        return 0;
    }
    os_ms total = 0;
    size_t next_unit = 0; /* index into units[] of the largest unit still allowed */
    while (*p) {
        if (*p == '-')
            return fail(why, "negative durations are not allowed");
        if (!is_digit(*p) && *p != '.')
            return fail(why, "expected a number followed by a unit, e.g. '30m'");
        /* Integer part, exact; anything above OS_MS_MAX in any unit is too large anyway. */
        uint64_t ip = 0;
        int digits = 0, too_large = 0;
        for (; is_digit(*p); p++, digits++) {
            if (ip > (uint64_t)OS_MS_MAX)
                too_large = 1;
            else
                ip = ip * 10 + (uint64_t)(*p - '0');
        }
        double frac = 0, scale = 0.1;
        if (*p == '.') {
            p++;
            for (; is_digit(*p); p++, digits++) {
                frac += (*p - '0') * scale;
                scale /= 10;
            }
        }
        if (digits == 0)
            return fail(why, "expected a number followed by a unit, e.g. '30m'");
        while (is_space(*p))
            p++;
        const char *u = p;
        while (is_alpha(*p))
            p++;
        size_t ulen = (size_t)(p - u);
        if (ulen == 0)
            return fail(why, "missing unit, e.g. '30m'");
        size_t k = 0;
        while (k < N_UNITS && !(strlen(units[k].name) == ulen && !strncmp(units[k].name, u, ulen)))
            k++;
        if (k == N_UNITS)
            return fail(why, "unknown unit (use ms, s, m, h, d, w or y)");
        if (k < next_unit)
            return fail(why, "units must go from largest to smallest, each once, e.g. '1h 30m'");
        next_unit = k + 1;
        os_ms unit = units[k].ms;
        if (too_large || ip > (uint64_t)(OS_MS_MAX / unit))
            return fail(why, "too large (the limit is 1000y)");
        /* The fraction is below one unit (< 3.2e10 ms): a double holds it to well under 1 ms. */
        os_ms part = (os_ms)ip * unit + (os_ms)llround(frac * (double)unit);
        if (part > OS_MS_MAX - total)
            return fail(why, "too large (the limit is 1000y)");
        total += part;
        while (is_space(*p))
            p++;
    }
    *out = total;
    return 0;
}

char *os_duration_format(os_ms d, char *buf, size_t size)
{
    static const struct unit parts[] = {
        {"d", OS_MS_DAY}, {"h", OS_MS_HOUR}, {"m", OS_MS_MINUTE}, {"s", OS_MS_SECOND}, {"ms", 1},
    };
    if (!buf || size == 0)
        return buf;
    buf[0] = '\0';
    if (d == 0) {
        snprintf(buf, size, "0");
        return buf;
    }
    size_t n = 0;
    /* Work on the magnitude as unsigned so INT64_MIN formats too. */
    uint64_t v = d < 0 ? (uint64_t)0 - (uint64_t)d : (uint64_t)d;
    if (d < 0 && n + 1 < size)
        buf[n++] = '-';
    buf[n] = '\0';
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        uint64_t q = v / (uint64_t)parts[i].ms;
        v %= (uint64_t)parts[i].ms;
        if (q == 0)
            continue;
        int w = snprintf(buf + n, size - n, "%s%" PRIu64 "%s",
                         (n > 0 && buf[n - 1] != '-') ? " " : "", q, parts[i].name);
        if (w < 0 || (size_t)w >= size - n)
            break;
        n += (size_t)w;
    }
    return buf;
}

char *os_time_format(os_ms t, char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    uint64_t v = t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;
    uint64_t days = v / (uint64_t)OS_MS_DAY;
    unsigned rest = (unsigned)(v % (uint64_t)OS_MS_DAY);
    unsigned h = rest / 3600000u, m = rest / 60000u % 60u, s = rest / 1000u % 60u;
    unsigned ms = rest % 1000u;
    int w = snprintf(buf, size, "%s%" PRIu64 "d %02u:%02u", t < 0 ? "-" : "", days, h, m);
    size_t n = w < 0 ? 0 : (size_t)w;
    if ((s || ms) && n < size) {
        w = snprintf(buf + n, size - n, ":%02u", s);
        n += w < 0 ? 0 : (size_t)w;
    }
    if (ms && n < size)
        snprintf(buf + n, size - n, ".%03u", ms);
    return buf;
}
