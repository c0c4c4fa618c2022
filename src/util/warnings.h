/* warnings.h — internal: appending to an os_warnings list (include/outagesim/error.h). The
 * library's layers add plausibility warnings with these; callers only read and free the list. */
#ifndef OUTAGESIM_UTIL_WARNINGS_H
#define OUTAGESIM_UTIL_WARNINGS_H

#include "outagesim/error.h"

/* Appends a copy of e (its status set to OS_OK). 0, or OS_ERR_NOMEM (w unchanged). */
int os_warnings_add(os_warnings *w, const os_error *e);

/* Appends "file:line:column: message" (file may be NULL, line and column 0 when unknown). */
int os_warnings_addf(os_warnings *w, const char *file, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
