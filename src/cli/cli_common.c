/* cli_common.c — helpers shared by the subcommands: messages, number parsing, replays. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/mpi_internal.h"
#include "cli.h"
#include "outagesim/montecarlo.h"

void cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "outagesim: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(see 'outagesim --help')\n");
    va_end(ap);
}

void cli_print_error(const os_error *e)
{
    if (os_mpi_rank() != 0)
        return; /* every rank sees the same error; rank 0 reports it */
    char buf[2048];
    os_error_format(e, buf, sizeof buf);
    fprintf(stderr, "%s\n", buf);
}

int cli_agree(int rc, const os_error *err)
{
    int size = os_mpi_size();
    if (size == 1) {
        if (rc != 0 && err)
            cli_print_error(err);
        return rc;
    }
    /* Two collectives every rank reaches: the worst status, then the lowest failing rank (the
     * minimum over ranks of "my rank if I failed, else size"), whose message is printed. */
    int rank = os_mpi_rank();
    int worst = os_mpi_min_status(rc);
    int first = os_mpi_min_status(rc != 0 ? rank : size);
    if (rank == first && err) {
        char buf[2048];
        os_error_format(err, buf, sizeof buf);
        if (rank == 0)
            fprintf(stderr, "%s\n", buf);
        else
            fprintf(stderr, "%s (MPI rank %d; nothing written)\n", buf, rank);
    }
    return worst;
}

void cli_print_warnings(const os_warnings *w)
{
    if (os_mpi_rank() != 0)
        return; /* every rank finds the same warnings; rank 0 reports them */
    for (size_t i = 0; i < w->n; i++) {
        char buf[2048];
        os_error_format(&w->items[i], buf, sizeof buf);
        fprintf(stderr, "outagesim: warning: %s\n", buf);
    }
}

int cli_exit_for(int status)
{
    return status == OS_ERR_INTERRUPTED ? EXIT_INTERRUPTED : EXIT_BAD;
}

int cli_parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_format(const char *s, enum cli_format *f)
{
    if (!strcmp(s, "text"))
        *f = FMT_TEXT;
    else if (!strcmp(s, "json"))
        *f = FMT_JSON;
    else if (!strcmp(s, "csv"))
        *f = FMT_CSV;
    else if (!strcmp(s, "html"))
        *f = FMT_HTML;
    else
        return -1;
    return 0;
}

/* Re-runs replications one by one with an observer (timelines, traces). */
int cli_replay(const os_scenario *sc, uint64_t seed, uint64_t rep, os_observer_fn fn, void *ctx,
               os_error *err)
{
    os_sim *sim = os_sim_new(sc, err);
    if (!sim)
        return err->status;
    os_rep_result res;
    int rc = os_rep_result_init(&res, sc->n_connections);
    if (rc == 0)
        rc = os_sim_run(sim, seed, rep, &res, fn, ctx, err);
    else
        rc = os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    os_rep_result_free(&res);
    os_sim_free(sim);
    return rc;
}

int cli_parse_precision(const char *s, double *value, bool *relative)
{
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    *relative = false;
    if (end == s || errno)
        return -1;
    if (*end == '%') {
        *relative = true;
        x /= 100.0;
        end++;
    }
    if (*end || !(x > 0) || x > 1e9)
        return -1;
    *value = x;
    return 0;
}

int cli_common_option(int ch, const char *arg, os_run_options *opt, enum cli_format *format)
{
    uint64_t v;
    switch (ch) {
    case 'r':
        if (cli_parse_u64(arg, &v) || v == 0 || v > OS_MAX_REPLICATIONS) {
            cli_usage_error("--replications: expected a positive integer, got '%s'", arg);
            return -1;
        }
        opt->replications = v;
        return 1;
    case 's':
        if (cli_parse_u64(arg, &v)) {
            cli_usage_error("--seed: expected a non-negative integer, got '%s'", arg);
            return -1;
        }
        opt->seed = v;
        opt->seed_set = true;
        return 1;
    case 'j':
        if (cli_parse_u64(arg, &v) || v == 0 || v > 1024) {
            cli_usage_error("--threads: expected an integer in 1..1024, got '%s'", arg);
            return -1;
        }
        opt->threads = (int)v;
        return 1;
    case 'f':
        if (!format || cli_parse_format(arg, format)) {
            cli_usage_error("--format: expected text, json, csv or html, got '%s'", arg);
            return -1;
        }
        return 1;
    default:
        return 0;
    }
}

int cli_split_set(const char *arg, char **key, const char **value)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg) {
        cli_usage_error("--set: expected KEY=VALUE, got '%s'", arg);
        return -1;
    }
    *key = strndup(arg, (size_t)(eq - arg));
    if (!*key) {
        cli_usage_error("%s", "out of memory");
        return -1;
    }
    *value = eq + 1;
    return 0;
}

const char *cli_operand(int argc, char **argv, const char *cmd, const char *what)
{
    if (optind != argc - 1) {
        cli_usage_error("%s: %s %s", cmd, optind >= argc ? "missing" : "expected exactly one",
                        what);
        return NULL;
    }
    return argv[optind];
}

void cli_bad_option(char **argv, const char *cmd)
{
    cli_usage_error("%s: unknown or incomplete option '%s'", cmd, argv[optind - 1]);
}

int cli_sets_add(cli_sets *s, const char *arg)
{
    if (s->n == CLI_MAX_SETS) {
        cli_usage_error("--set: at most %d overrides", CLI_MAX_SETS);
        return -1;
    }
    char *key;
    const char *value;
    if (cli_split_set(arg, &key, &value) < 0)
        return -1;
    s->keys[s->n] = key;
    s->sets[s->n++] = (os_override){key, value};
    return 0;
}

void cli_sets_free(cli_sets *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->keys[i]);
    s->n = 0;
}

int cli_parse_text_json(const char *arg, enum cli_format *format)
{
    if (cli_parse_format(arg, format) || *format == FMT_CSV || *format == FMT_HTML) {
        cli_usage_error("--format: expected text or json, got '%s'", arg);
        return -1;
    }
    return 0;
}

int cli_read_stdin(size_t limit, char **data, size_t *size, os_error *err)
{
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return os_error_set(err, OS_ERR_NOMEM, "<stdin>", 0, 0, "out of memory");
    for (;;) {
        if (len + 1 == cap) {
            char *bigger = cap > limit ? NULL : realloc(buf, cap * 2);
            if (!bigger) {
                if (cap > limit)
                    break; /* over the limit: the loader reports the size */
                free(buf);
                return os_error_set(err, OS_ERR_NOMEM, "<stdin>", 0, 0, "out of memory");
            }
            buf = bigger;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - 1 - len, stdin);
        len += n;
        if (n == 0) {
            if (ferror(stdin)) {
                int e = errno;
                free(buf);
                return os_error_set(err, OS_ERR_IO, "<stdin>", 0, 0, "cannot read: %s",
                                    strerror(e));
            }
            break;
        }
    }
    buf[len] = 0;
    *data = buf;
    *size = len;
    return OS_OK;
}

int cli_scenario_load(const char *path, const os_override *sets, size_t n_sets, os_scenario **out,
                      os_error *err)
{
    int rc;
    if (strcmp(path, "-") != 0) {
        rc = os_scenario_load(path, sets, n_sets, out, err);
    } else {
        char *data = NULL;
        size_t size = 0;
        *out = NULL;
        rc = cli_read_stdin(OS_MAX_FILE_BYTES, &data, &size, err);
        if (rc == OS_OK)
            rc = os_scenario_load_buffer("<stdin>", data, size, sets, n_sets, out, err);
        free(data);
    }
    /* SIGINT or SIGTERM while reading (a FIFO that blocks, a slow pipe): the read fails with
     * EINTR, which is an interruption, not a bad input. */
    if (rc != 0 && atomic_load(&cli_interrupted))
        rc = os_error_set(err, OS_ERR_INTERRUPTED, NULL, 0, 0,
                          "interrupted while reading %s; "
                          "nothing written",
                          strcmp(path, "-") ? path : "<stdin>");
    if (rc == 0)
        cli_print_warnings(&(*out)->warnings);
    return rc;
}
