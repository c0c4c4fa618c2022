/* output.c — text buffers, JSON scalars, and atomic file writes. */
#include "outagesim/output.h"
#include "outagesim/montecarlo.h"

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

/* Temporary files being written, for os_output_cleanup(). */
#define MAX_PENDING 8
static char pending[MAX_PENDING][4096];
static volatile int pending_used[MAX_PENDING];

void os_output_cleanup(void)
{
    for (int i = 0; i < MAX_PENDING; i++)
        if (pending_used[i])
            unlink(pending[i]);
}

int os_write_atomic(const char *path, const char *data, size_t len, os_error *err)
{
    if (os_mpi_rank() != 0)
        return 0; /* under MPI every rank holds the result; rank 0 writes it */
    if (!path || strcmp(path, "-") == 0) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
            return os_error_set(err, OS_ERR_IO, "<stdout>", 0, 0, "cannot write: %s",
                                strerror(errno));
        return 0;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* /dev/null, a FIFO, a terminal: there is nothing to replace atomically */
        if (S_ISDIR(st.st_mode))
            return os_error_set(err, OS_ERR_IO, path, 0, 0, "cannot write: Is a directory");
        FILE *f = fopen(path, "w");
        if (!f)
            return os_error_set(err, OS_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
        size_t w = fwrite(data, 1, len, f);
        if (fclose(f) != 0 || w != len)
            return os_error_set(err, OS_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
        return 0;
    }
    int slot = -1;
    for (int i = 0; i < MAX_PENDING; i++)
        if (!pending_used[i]) {
            slot = i;
            break;
        }
    if (slot < 0)
        return os_error_set(err, OS_ERR_IO, path, 0, 0, "too many files open for writing");
    char *tmp = pending[slot];
    int n = snprintf(tmp, sizeof pending[slot], "%s.tmp.%ld", path, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof pending[slot])
        return os_error_set(err, OS_ERR_IO, path, 0, 0, "path too long");
    pending_used[slot] = 1;
    int rc = 0;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = os_error_set(err, OS_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
        goto out;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            rc = os_error_set(err, OS_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
            close(fd);
            unlink(tmp);
            goto out;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 && errno != EINVAL) {
        rc = os_error_set(err, OS_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
        close(fd);
        unlink(tmp);
        goto out;
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        rc = os_error_set(err, OS_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
        unlink(tmp);
    }
out:
    pending_used[slot] = 0;
    return rc;
}
