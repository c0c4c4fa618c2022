/* test_bad.c — the loader on bad input: every tests/bad/NAME.yaml must fail with exactly the
 * one-line message in tests/bad/NAME.err (loaded as "NAME.yaml" from inside tests/bad, so
 * messages start "NAME.yaml:LINE:COL: "), through both the file and the buffer entry points;
 * plus inputs that cannot live in the tree: a directory, a missing file, an unreadable file
 * and a file over the size limit. Under valgrind this is also the leak check of every error
 * path. */
#include "outagesim/scenario.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char bad_dir[1024];
static char **names; /* NAME.yaml, sorted */
static size_t n_names, n_sidecars;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* Lists tests/bad once, before the suite is built (the loop test needs the count). */
static int collect(void)
{
    const char *root = getenv("OS_SOURCE_ROOT");
    snprintf(bad_dir, sizeof bad_dir, "%s/tests/bad", root ? root : ".");
    DIR *d = opendir(bad_dir);
    if (!d)
        return -1;
    struct dirent *e;
    size_t cap = 0;
    while ((e = readdir(d))) {
        if (ends_with(e->d_name, ".err"))
            n_sidecars++;
        if (!ends_with(e->d_name, ".yaml"))
            continue;
        if (n_names == cap) {
            cap = cap ? 2 * cap : 128;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                abort();
            names = nn;
        }
        if (!(names[n_names++] = strdup(e->d_name)))
            abort();
    }
    closedir(d);
    qsort(names, n_names, sizeof *names, cmp_str);
    return 0;
}

/* Reads a whole (small) file into a malloc'd NUL-terminated buffer. */
static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, r;
    char *buf = malloc(cap + 1);
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *nb = realloc(buf, 2 * cap + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *size = n;
    return buf;
}

static void check_failure(const char *what, int rc, os_scenario *sc, const os_error *err,
                          const char *want)
{
    char got[2048];
    ck_assert_msg(rc < 0, "%s: loaded, but expected: %s", what, want);
    ck_assert_msg(sc == NULL, "%s: *out is not NULL after an error", what);
    ck_assert_msg(rc == (int)err->status, "%s: returned %d, error record says %d", what, rc,
                  err->status);
    ck_assert_msg(rc == OS_ERR_INPUT || rc == OS_ERR_LIMIT || rc == OS_ERR_IO,
                  "%s: unexpected status %s", what, os_status_str((enum os_status)rc));
    os_error_format(err, got, sizeof got);
    ck_assert_msg(!strcmp(got, want), "%s:\n got: %s\nwant: %s", what, got, want);
    ck_assert_msg(!strchr(got, '\n'), "%s: the message spans lines", what);
}

START_TEST(corpus_has_sidecars)
{
    /* One .err per .yaml, and enough of them to cover the format (see the brief in README). */
    ck_assert_uint_ge(n_names, 45);
    ck_assert_uint_eq(n_sidecars, n_names);
}
END_TEST

START_TEST(bad_file)
{
    const char *name = names[_i];
    char err_name[512];
    size_t len, size;
    ck_assert_int_eq(chdir(bad_dir), 0);
    snprintf(err_name, sizeof err_name, "%.*s.err", (int)(strlen(name) - 5), name);
    char *want = slurp(err_name, &len);
    ck_assert_msg(want != NULL, "%s has no sidecar %s", name, err_name);
    if (len > 0 && want[len - 1] == '\n')
        want[--len] = '\0';

    os_scenario *sc = (os_scenario *)1;
    os_error err;
    int rc = os_scenario_load(name, NULL, 0, &sc, &err);
    check_failure(name, rc, sc, &err, want);

    /* The buffer entry point names the buffer as given and says the same. */
    char *data = slurp(name, &size);
    ck_assert_ptr_nonnull(data);
    sc = (os_scenario *)1;
    rc = os_scenario_load_buffer(name, data, size, NULL, 0, &sc, &err);
    check_failure(name, rc, sc, &err, want);

    /* A NULL error record is allowed: same status, nothing written. */
    sc = (os_scenario *)1;
    ck_assert_int_eq(os_scenario_load(name, NULL, 0, &sc, NULL), err.status);
    ck_assert_ptr_null(sc);
    free(data);
    free(want);
}
END_TEST

/* A scratch directory for inputs that cannot be committed; removed by teardown. */
static char tmp_dir[64];

static void tmp_setup(void)
{
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/outagesim-bad-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp_dir));
    ck_assert_int_eq(chdir(tmp_dir), 0);
}

static void tmp_teardown(void)
{
    if (chdir(tmp_dir) == 0) {
        rmdir("dir.yaml");
        chmod("unreadable.yaml", 0600);
        remove("unreadable.yaml");
        remove("big.yaml");
    }
    if (chdir("/") == 0)
        rmdir(tmp_dir);
}

static void expect_load_error(const char *path, enum os_status status, const char *want)
{
    os_scenario *sc = (os_scenario *)1;
    os_error err;
    char got[2048];
    int rc = os_scenario_load(path, NULL, 0, &sc, &err);
    ck_assert_int_eq(rc, status);
    ck_assert_ptr_null(sc);
    ck_assert_str_eq(err.file, path);
    ck_assert_int_eq(err.line, 1);
    ck_assert_int_eq(err.column, 1);
    os_error_format(&err, got, sizeof got);
    ck_assert_str_eq(got, want);
}

START_TEST(directory)
{
    ck_assert_int_eq(mkdir("dir.yaml", 0700), 0);
    expect_load_error("dir.yaml", OS_ERR_IO, "dir.yaml:1:1: cannot read: Is a directory");
}
END_TEST

START_TEST(missing_file)
{
    expect_load_error("missing.yaml", OS_ERR_IO,
                      "missing.yaml:1:1: cannot read: No such file or directory");
}
END_TEST

START_TEST(unreadable_file)
{
    FILE *f = fopen("unreadable.yaml", "w");
    ck_assert_ptr_nonnull(f);
    fputs("regions: []\n", f);
    fclose(f);
    ck_assert_int_eq(chmod("unreadable.yaml", 0), 0);
    /* Root has CAP_DAC_OVERRIDE and opens a mode-000 file anyway, so there is nothing to test
     * as root (CI containers often run as root); everyone else must get EACCES. */
    if (geteuid() == 0)
        return;
    expect_load_error("unreadable.yaml", OS_ERR_IO,
                      "unreadable.yaml:1:1: cannot read: Permission denied");
}
END_TEST

START_TEST(too_large)
{
    /* One byte over the limit, checked with fstat before anything is read (a sparse file). */
    int fd = open("big.yaml", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, (off_t)OS_MAX_FILE_BYTES + 1), 0);
    close(fd);
    char want[256];
    snprintf(want, sizeof want, "big.yaml:1:1: file too large: %u bytes (the limit is %u)",
             OS_MAX_FILE_BYTES + 1, OS_MAX_FILE_BYTES);
    expect_load_error("big.yaml", OS_ERR_LIMIT, want);
    /* The buffer entry point enforces the same limit. */
    size_t size = (size_t)OS_MAX_FILE_BYTES + 1;
    char *data = calloc(size, 1);
    ck_assert_ptr_nonnull(data);
    os_scenario *sc = (os_scenario *)1;
    os_error err;
    ck_assert_int_eq(os_scenario_load_buffer("big.yaml", data, size, NULL, 0, &sc, &err),
                     OS_ERR_LIMIT);
    ck_assert_ptr_null(sc);
    char got[512];
    os_error_format(&err, got, sizeof got);
    ck_assert_str_eq(got, want);
    free(data);
}
END_TEST

static Suite *bad_suite(void)
{
    Suite *s = suite_create("bad");
    TCase *tc = tcase_create("corpus");
    tcase_add_test(tc, corpus_has_sidecars);
    tcase_add_loop_test(tc, bad_file, 0, (int)n_names);
    suite_add_tcase(s, tc);
    tc = tcase_create("files");
    tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
    tcase_add_test(tc, directory);
    tcase_add_test(tc, missing_file);
    tcase_add_test(tc, unreadable_file);
    tcase_add_test(tc, too_large);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (collect() < 0) {
        fprintf(stderr, "cannot list %s\n", bad_dir);
        return EXIT_FAILURE;
    }
    SRunner *sr = srunner_create(bad_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    for (size_t i = 0; i < n_names; i++)
        free(names[i]);
    free(names);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
