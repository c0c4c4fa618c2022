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

/* Writes data to path directly (stdout, or a file that is not a regular file: /dev/null, a
 * FIFO, a terminal: nothing there can be replaced atomically). */
static int write_direct(const char *path, const char *data, size_t len, os_error *err)
{
    if (!path || strcmp(path, "-") == 0) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
            return os_error_set(err, OS_ERR_IO, "<stdout>", 0, 0, "cannot write: %s",
                                strerror(errno));
        return 0;
    }
    FILE *f = fopen(path, "w");
    if (!f)
        return os_error_set(err, OS_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    size_t w = fwrite(data, 1, len, f);
    if (fclose(f) != 0 || w != len)
        return os_error_set(err, OS_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    return 0;
}

int cli_write_prepare(cli_pending_write *pw, const char *path, const char *data, size_t len,
                      os_error *err)
{
    memset(pw, 0, sizeof *pw);
    pw->slot = -1;
    pw->path = path;
    pw->data = data;
    pw->len = len;
    if (os_mpi_rank() != 0) {
        pw->skip = true; /* under MPI every rank holds the result; rank 0 writes it */
        return 0;
    }
    struct stat st;
    if (!path || strcmp(path, "-") == 0 || (stat(path, &st) == 0 && !S_ISREG(st.st_mode))) {
        if (path && strcmp(path, "-") != 0 && S_ISDIR(st.st_mode))
            return os_error_set(err, OS_ERR_IO, path, 0, 0, "cannot write: Is a directory");
        pw->direct = true; /* written at commit */
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
        pending_used[slot] = 0;
        return rc;
    }
    size_t off = 0;
    while (off < len && rc == 0) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            rc = os_error_set(err, OS_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
        else
            off += (size_t)w;
    }
    if (rc == 0 && fsync(fd) != 0 && errno != EINVAL)
        rc = os_error_set(err, OS_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    close(fd);
    if (rc != 0) {
        unlink(tmp);
        pending_used[slot] = 0;
        return rc;
    }
    pw->slot = slot;
    return 0;
}

int cli_write_commit(cli_pending_write *pw, os_error *err)
{
    if (pw->skip)
        return 0;
    if (pw->direct)
        return write_direct(pw->path, pw->data, pw->len, err);
    if (pw->slot < 0)
        return 0;
    int rc = 0;
    if (rename(pending[pw->slot], pw->path) != 0) {
        rc = os_error_set(err, OS_ERR_IO, pw->path, 0, 0, "cannot write: %s", strerror(errno));
        unlink(pending[pw->slot]);
    }
    pending_used[pw->slot] = 0;
    pw->slot = -1;
    return rc;
}

void cli_write_discard(cli_pending_write *pw)
{
    if (pw->slot >= 0) {
        unlink(pending[pw->slot]);
        pending_used[pw->slot] = 0;
        pw->slot = -1;
    }
    pw->direct = pw->skip = false;
}

int os_write_atomic(const char *path, const char *data, size_t len, os_error *err)
{
    cli_pending_write pw;
    int rc = cli_write_prepare(&pw, path, data, len, err);
    return rc != 0 ? rc : cli_write_commit(&pw, err);
}

/* The directory part of path ("." when none) into dir, and its last component. */
static const char *split_path(const char *path, char *dir, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(dir, size, ".");
        return path;
    }
    snprintf(dir, size, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    return slash + 1;
}

bool cli_same_file(const char *a, const char *b)
{
    if (!a || !b || !strcmp(a, "-") || !strcmp(b, "-"))
        return false;
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    /* one does not exist yet: the same name in the same directory */
    char da[4096], db[4096];
    const char *na = split_path(a, da, sizeof da), *nb = split_path(b, db, sizeof db);
    if (strcmp(na, nb) != 0)
        return false;
    if (stat(da, &sa) == 0 && stat(db, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    return !strcmp(a, b);
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
