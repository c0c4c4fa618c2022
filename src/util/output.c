/* output.c — text buffers, JSON scalars, and atomic file writes. */
#include "outagesim/output.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool reserve(os_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void os_buf_put(os_buf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void os_buf_puts(os_buf *b, const char *s)
{
    os_buf_put(b, s, strlen(s));
}

void os_buf_printf(os_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[512];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        os_buf_put(b, small, (size_t)n);
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void os_buf_free(os_buf *b)
{
    free(b->data);
    *b = (os_buf){0};
}

void os_buf_json_string(os_buf *b, const char *s)
{
    os_buf_put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            os_buf_printf(b, "\\%c", *p);
        else if (*p < 0x20)
            os_buf_printf(b, "\\u%04x", *p);
        else
            os_buf_put(b, (const char *)p, 1);
    }
    os_buf_put(b, "\"", 1);
}

void os_buf_json_number(os_buf *b, double x)
{
    if (!isfinite(x)) {
        os_buf_puts(b, "null");
        return;
    }
    if (x == 0) {
        os_buf_puts(b, "0"); /* also -0 */
        return;
    }
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, x);
        if (strtod(tmp, NULL) == x)
            break;
    }
    os_buf_puts(b, tmp);
}

void os_buf_csv_field(os_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        os_buf_puts(b, s);
        return;
    }
    os_buf_puts(b, "\"");
    for (const char *p = s; *p; p++)
        os_buf_put(b, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
    os_buf_puts(b, "\"");
}

char *os_format_count(uint64_t n, char *buf, size_t size)
{
    char raw[32];
    snprintf(raw, sizeof raw, "%llu", (unsigned long long)n);
    size_t len = strlen(raw), o = 0;
    for (size_t i = 0; i < len && o + 2 < size; i++) {
        if (i && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    if (size)
        buf[o < size ? o : size - 1] = 0;
    return buf;
}
