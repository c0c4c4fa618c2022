/* cli_output.c — what the command line writes besides messages: result files (atomically,
 * so an interrupted or failed run never leaves a half-written or truncated file) and the
 * progress bar. Under MPI every rank holds the whole result; only rank 0 writes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "outagesim/montecarlo.h"

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

void cli_progress(void *ctx, const os_progress *p)
{
    (void)ctx;
    if (!isatty(STDERR_FILENO))
        return;
    if (p->total) {
        /* a fixed number of replications: a bar */
        double rate = p->elapsed > 0 ? (double)p->done / p->elapsed : 0;
        double left = rate > 0 ? (double)(p->total - p->done) / rate : 0;
        int width = 30, fill = (int)((double)width * (double)p->done / (double)p->total);
        char bar[64];
        for (int i = 0; i < width; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[width] = 0;
        fprintf(stderr, "\r[%s] %llu/%llu replications  %.1f/s  %.0fs left ", bar,
                (unsigned long long)p->done, (unsigned long long)p->total, rate, left);
    } else if (!p->finished) {
        /* a stopping rule: replications so far and how close the precision goal is */
        fprintf(stderr, "\r%llu replications  %.1f/s  ", (unsigned long long)p->done,
                p->elapsed > 0 ? (double)p->done / p->elapsed : 0);
        if (p->precision)
            fprintf(stderr, "half-width at %.0f%% of the goal ", 100.0 * p->worst_ratio);
    }
    if (p->finished)
        fputc('\n', stderr);
    fflush(stderr);
}
