/* report_internal.h — what the report layer's modules share and nothing else sees: the text
 * reports' number formats (so the HTML page prints every figure exactly as the text does) and
 * read access to a recorded timeline. */
#ifndef OUTAGESIM_REPORT_INTERNAL_H
#define OUTAGESIM_REPORT_INTERNAL_H

#include <stddef.h>

#include "outagesim/report.h"

/* The run report's formats: "99.98125%" (five decimals, "100%" at one) and a duration in its
 * two largest units, rounded ("3d 23h", "44m 56s"). Return buf. */
char *os_text_percent(double x, char *buf, size_t size);
char *os_text_seconds(double s, char *buf, size_t size);
/* As os_text_percent, with more decimals when needed so that a value below target never
 * reads as the target or above it (p1, p5, exact values). */
char *os_text_percent_vs(double x, double target, char *buf, size_t size);

/* Money (SPEC §6.4): two decimals with thousands separators, "1,234,567.89" ("-" when not
 * finite). Returns buf. */
char *os_text_money(double x, char *buf, size_t size);

/* The sweep table's formats: percent with digits decimals (digits < 0: more with the nines
 * of unavail), and a duration to two units ("8h 46m", "-" when not finite). Return buf. */
const char *os_sweep_percent(double x, double unavail, int digits, char *buf, size_t size);
const char *os_sweep_duration(double seconds, char *buf, size_t size);

/* The records of a timeline, in the order they happened; strings live as long as tl. */
size_t os_timeline_count(const os_timeline *tl);
os_record os_timeline_get(const os_timeline *tl, size_t i);

#endif
