/* duration.h — durations as exact integer milliseconds, parsing and formatting. */
#ifndef OUTAGESIM_DURATION_H
#define OUTAGESIM_DURATION_H

#include <stddef.h>
#include <stdint.h>

#include "outagesim/export.h"

typedef int64_t os_ms; /* simulated time and durations, in milliseconds */

#define OS_MS_SECOND INT64_C(1000)
#define OS_MS_MINUTE (60 * OS_MS_SECOND)
#define OS_MS_HOUR (60 * OS_MS_MINUTE)
#define OS_MS_DAY (24 * OS_MS_HOUR)
#define OS_MS_WEEK (7 * OS_MS_DAY)
#define OS_MS_YEAR (365 * OS_MS_DAY)
/* The largest duration accepted anywhere (1000 years), so sums of a few never overflow. */
#define OS_MS_MAX (1000 * OS_MS_YEAR)

/* Parses "1h30m", "2d 6h", "90s", "1.5h", "0" into *out. Units: ms s m h d w y (y = 365 d).
 * Fractions are allowed and rounded to the nearest ms. Returns 0, or -1 with a reason
 * copied into why (static string). Values above OS_MS_MAX are rejected. */
OS_API int os_duration_parse(const char *text, os_ms *out, const char **why);

/* Formats a duration the way users write it ("1d 2h 30m", "45s", "0", "1.5s" -> "1s 500ms").
 * Returns buf. */
OS_API char *os_duration_format(os_ms d, char *buf, size_t size);

/* Formats a point in time as "200d 07:30" (with ":ss" / ".mmm" only when non-zero). */
OS_API char *os_time_format(os_ms t, char *buf, size_t size);

#endif
