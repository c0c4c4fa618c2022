/* error.h — status codes and the error record every fallible call fills.
 * Errors carry file:line:column (1-based; 0 when unknown) and a compiler-style message. */
#ifndef OUTAGESIM_ERROR_H
#define OUTAGESIM_ERROR_H

#include <stddef.h>

#include "outagesim/export.h"

enum os_status {
    OS_OK = 0,
    OS_ERR_USAGE = -1,    /* bad command line */
    OS_ERR_INPUT = -2,    /* bad scenario, trace or baseline */
    OS_ERR_IO = -3,       /* cannot read or write a file */
    OS_ERR_NOMEM = -4,    /* allocation failed */
    OS_ERR_LIMIT = -5,    /* a documented limit was exceeded */
    OS_ERR_INTERNAL = -6, /* a bug or a GSL failure */
    OS_ERR_INTERRUPTED = -7,
};

typedef struct os_error {
    enum os_status status;
    char file[512]; /* empty when not about a file */
    int line;       /* 1-based, 0 when unknown */
    int column;     /* 1-based, 0 when unknown */
    char msg[1024]; /* without the file:line:column prefix */
} os_error;

OS_API const char *os_status_str(enum os_status s);

/* Resets e to "no error". */
OS_API void os_error_clear(os_error *e);

/* Fills e (when non-NULL) and returns status, so callers can `return os_error_set(...)`. */
OS_API int os_error_set(os_error *e, enum os_status status, const char *file, int line, int column,
                        const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Formats "file:line:column: msg" (omitting the parts that are unknown) into buf. */
OS_API void os_error_format(const os_error *e, char *buf, size_t size);

/* Plausibility warnings (docs/robustness.md#warnings): inputs that are valid but probably not
 * what was meant. Each item has an error's fields with status OS_OK: where (file:line:column,
 * "--set KEY", or only a file; parts unknown are empty or 0) and a compiler-style
 * "path: message" (os_error_format renders it). A warning never changes a result; the library
 * only lists them, printing is the caller's choice. */
typedef struct os_warnings {
    os_error *items;
    size_t n;
} os_warnings;

/* Releases the items (w itself is not freed) and empties the list; accepts NULL. */
OS_API void os_warnings_free(os_warnings *w);

/* Sets up, once per process, what the library relies on: GSL's error handler is turned off
 * (process-wide), so a GSL failure comes back as a status or a NaN that the library checks
 * instead of aborting the program. The entry points that reach GSL (loading a scenario,
 * os_sim_new, os_run, os_exact_solve, fitting, os_figure_of) call it themselves; calling it
 * first is harmless, and thread-safe. */
OS_API void os_init(void);

#endif
