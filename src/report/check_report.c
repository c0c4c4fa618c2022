/* check_report.c — the text and JUnit XML summaries of a `check` comparison.
 *
 * Not here: reading baselines and comparing (analysis/baseline.c, analysis/check.c). */

#include "outagesim/check.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outagesim/report.h"
#include "analysis/check_internal.h"

/* --- summaries ------------------------------------------------------------------------------ */

/* Display width of a UTF-8 string (code points; good enough for names). */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void pad(os_buf *b, const char *s, size_t w)
{
    os_buf_puts(b, s);
    for (size_t k = width(s); k < w; k++)
        os_buf_puts(b, " ");
}

void os_check_format_text(os_buf *b, const os_check_report *rep)
{
    size_t wc = strlen("service");
    for (size_t i = 0; i < rep->n_items; i++)
        if (rep->items[i].connection && width(rep->items[i].connection) > wc)
            wc = width(rep->items[i].connection);
    for (size_t i = 0; i < rep->n_items; i++) {
        const os_check_item *it = &rep->items[i];
        pad(b, os_check_outcome_str(it->outcome), 10);
        pad(b, os_check_kind_str(it->kind), 28);
        char name[256];
        pad(b, check_clean_name(it->connection ? it->connection : "service", name, sizeof name),
            wc + 2);
        os_buf_printf(b, "%s\n", it->detail);
    }
    char tol[64];
    os_buf_printf(b, "%zu checks: %zu failed, %zu improved, %zu changed (tolerance %s)\n",
                  rep->n_items, rep->n_failed, rep->n_improved, rep->n_changed,
                  check_fmt_seconds(rep->tolerance, tol, sizeof tol));
}

void os_xml_escape(os_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        const char *rep = NULL;
        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&apos;";
            break;
        case '\t':
            rep = "&#9;";
            break;
        case '\n':
            rep = "&#10;";
            break;
        case '\r':
            rep = "&#13;";
            break;
        default:
            break;
        }
        if (rep) {
            os_buf_puts(b, rep);
            p++;
            continue;
        }
        if (c < 0x20 || c == 0x7f) { /* not allowed in XML 1.0 (0x7f is, but is unreadable) */
            os_buf_puts(b, "\xEF\xBF\xBD");
            p++;
            continue;
        }
        if (c < 0x80) {
            os_buf_put(b, (const char *)p, 1);
            p++;
            continue;
        }
        /* A well-formed UTF-8 sequence (no overlongs, surrogates or > U+10FFFF) is copied. */
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        bool ok = len > 0 && c <= 0xF4;
        for (size_t k = 1; ok && k < len; k++)
            ok = (p[k] & 0xC0) == 0x80;
        if (ok && len == 3)
            ok = !(c == 0xE0 && p[1] < 0xA0) && !(c == 0xED && p[1] >= 0xA0);
        if (ok && len == 4)
            ok = !(c == 0xF0 && p[1] < 0x90) && !(c == 0xF4 && p[1] >= 0x90);
        if (ok && len == 3 && c == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
            ok = false; /* U+FFFE, U+FFFF are not XML characters */
        if (!ok) {
            os_buf_puts(b, "\xEF\xBF\xBD");
            p++;
            continue;
        }
        os_buf_put(b, (const char *)p, len);
        p += len;
    }
}

void os_check_format_junit(os_buf *b, const os_check_report *rep, const char *suite, double seconds)
{
    if (!(seconds >= 0) || !isfinite(seconds))
        seconds = 0;
    os_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"");
    os_xml_escape(b, suite);
    os_buf_printf(b,
                  "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\" "
                  "time=\"%.3f\">\n",
                  rep->n_items, rep->n_failed, seconds);
    for (size_t i = 0; i < rep->n_items; i++) {
        const os_check_item *it = &rep->items[i];
        os_buf_puts(b, "  <testcase classname=\"outagesim.");
        os_xml_escape(b, suite);
        os_buf_puts(b, "\" name=\"");
        os_xml_escape(b, it->connection ? it->connection : "service");
        os_buf_puts(b, ": ");
        os_xml_escape(b, os_check_kind_str(it->kind));
        os_buf_puts(b, "\" time=\"0\"");
        if (it->outcome != OS_CHECK_FAIL) {
            os_buf_puts(b, ">\n    <system-out>");
            os_xml_escape(b, os_check_outcome_str(it->outcome));
            os_buf_puts(b, " ");
            os_xml_escape(b, it->detail);
            os_buf_puts(b, "</system-out>\n  </testcase>\n");
            continue;
        }
        const char *type = it->target_missed && it->regressed ? "target missed, regression"
                           : it->target_missed                ? "target missed"
                                                              : "regression";
        os_buf_puts(b, ">\n    <failure type=\"");
        os_buf_puts(b, type);
        os_buf_puts(b, "\" message=\"");
        os_xml_escape(b, it->detail);
        os_buf_puts(b, "\">");
        os_xml_escape(b, it->connection ? it->connection : "service");
        os_buf_puts(b, " ");
        os_xml_escape(b, os_check_kind_str(it->kind));
        os_buf_puts(b, ": ");
        os_xml_escape(b, it->detail);
        os_buf_puts(b, "</failure>\n  </testcase>\n");
    }
    os_buf_puts(b, "</testsuite>\n");
}
