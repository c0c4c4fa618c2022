/* check_internal.h — helpers shared by the three parts of `check`: baseline.c (reading a
 * baseline), check.c (matching and comparing) and report/check_report.c (text and JUnit). */
#ifndef OUTAGESIM_CHECK_INTERNAL_H
#define OUTAGESIM_CHECK_INTERNAL_H

#include <stddef.h>

/* A name for a message: control characters (a JSON "\n" in a name) shown as '?'. */
const char *check_clean_name(const char *s, char *buf, size_t size);

/* Seconds as a duration ("1h 20m"), into buf; returns buf. */
char *check_fmt_seconds(double s, char *buf, size_t size);

#endif
