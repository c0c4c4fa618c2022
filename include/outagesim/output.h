/* output.h — a growable text buffer, JSON and CSV scalars, and number formatting: what the
 * reports write into. Writing files is the caller's business (the CLI writes them
 * atomically). */
#ifndef OUTAGESIM_OUTPUT_H
#define OUTAGESIM_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "outagesim/export.h"
#include "outagesim/error.h"

typedef struct os_buf {
    char *data;
    size_t len, cap;
    bool failed; /* an allocation failed; the contents are incomplete */
} os_buf;

OS_API void os_buf_printf(os_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
OS_API void os_buf_put(os_buf *b, const char *s, size_t n);
OS_API void os_buf_puts(os_buf *b, const char *s);
OS_API void os_buf_free(os_buf *b);

/* Appends s as a JSON string literal (with quotes). */
OS_API void os_buf_json_string(os_buf *b, const char *s);

/* Appends a finite double in the shortest form that reads back exactly ("null" if not
 * finite). */
OS_API void os_buf_json_number(os_buf *b, double x);

/* Appends s as one CSV field, quoted (with "" for ") when it holds a comma, quote or newline. */
OS_API void os_buf_csv_field(os_buf *b, const char *s);

/* Formats n with thousands separators ("18,600") into buf; returns buf. */
OS_API char *os_format_count(uint64_t n, char *buf, size_t size);

#endif
