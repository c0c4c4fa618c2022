/* error.c — status names, the error record (file:line:column: message) and the library's
 * one-time set-up (os_init). It only formats; printing is the CLI's business. */
#include <gsl/gsl_errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outagesim/error.h"
#include "util/warnings.h"

static void init_once(void)
{
    gsl_set_error_handler_off();
}

void os_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_once);
}

const char *os_status_str(enum os_status s)
{
    switch (s) {
    case OS_OK:
        return "ok";
    case OS_ERR_USAGE:
        return "bad usage";
    case OS_ERR_INPUT:
        return "bad input";
    case OS_ERR_IO:
        return "input/output error";
    case OS_ERR_NOMEM:
        return "out of memory";
    case OS_ERR_LIMIT:
        return "limit exceeded";
    case OS_ERR_INTERNAL:
        return "internal error";
    case OS_ERR_INTERRUPTED:
        return "interrupted";
    }
    return "unknown status";
}

static void one_line(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
}

void os_error_clear(os_error *e)
{
    if (!e)
        return;
    e->status = OS_OK;
    e->file[0] = '\0';
    e->line = 0;
    e->column = 0;
    e->msg[0] = '\0';
}

int os_error_set(os_error *e, enum os_status status, const char *file, int line, int column,
                 const char *fmt, ...)
{
    if (!e)
        return status;
    e->status = status;
    /* snprintf truncates safely; file and msg may be long user text. */
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->line = line > 0 ? line : 0;
    e->column = column > 0 ? column : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    /* Messages are one line whatever user text they quote ("a\nb" is a valid YAML name). */
    one_line(e->file);
    one_line(e->msg);
    return status;
}

void os_error_format(const os_error *e, char *buf, size_t size)
{
    if (!buf || size == 0)
        return;
    if (!e) {
        buf[0] = '\0';
        return;
    }
    size_t n = 0;
    int w;
    /* Each snprintf below is bounded by what is left; n never passes size - 1. */
#define APPEND(...)                                                                                \
    do {                                                                                           \
        w = snprintf(buf + n, size - n, __VA_ARGS__);                                              \
        if (w < 0)                                                                                 \
            w = 0;                                                                                 \
        n = (size_t)w >= size - n ? size - 1 : n + (size_t)w;                                      \
    } while (0)
    buf[0] = '\0';
    if (e->file[0]) {
        APPEND("%s", e->file);
        if (e->line > 0) {
            APPEND(":%d", e->line);
            if (e->column > 0)
                APPEND(":%d", e->column);
        }
        APPEND(": ");
    } else if (e->line > 0) {
        APPEND("%d", e->line);
        if (e->column > 0)
            APPEND(":%d", e->column);
        APPEND(": ");
    }
    APPEND("%s", e->msg);
#undef APPEND
}

void os_warnings_free(os_warnings *w)
{
    if (!w)
        return;
    free(w->items);
    w->items = NULL;
    w->n = 0;
}

int os_warnings_add(os_warnings *w, const os_error *e)
{
    os_error *v = realloc(w->items, (w->n + 1) * sizeof *v);
    if (!v)
        return OS_ERR_NOMEM;
    w->items = v;
    w->items[w->n] = *e;
    w->items[w->n].status = OS_OK;
    w->n++;
    return OS_OK;
}

int os_warnings_addf(os_warnings *w, const char *file, int line, int column, const char *fmt, ...)
{
    os_error e;
    os_error_clear(&e);
    va_list ap;
    va_start(ap, fmt);
    char msg[sizeof e.msg];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    os_error_set(&e, OS_OK, file, line, column, "%s", msg);
    return os_warnings_add(w, &e);
}
