/* main.c — the outagesim command line: parses arguments, calls the library, prints.
 * Exit status: 0 done, 1 a check failed, 2 bad usage or bad input (nothing written). */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outagesim/montecarlo.h"
#include "outagesim/output.h"
#include "outagesim/report.h"
#include "outagesim/scenario.h"
#include "cli.h"

atomic_int cli_interrupted;

static void on_signal(int sig)
{
    (void)sig;
    if (atomic_load(&cli_interrupted)) { /* second Ctrl-C: leave now, without partial files */
        os_output_cleanup();
        _exit(EXIT_INTERRUPTED);
    }
    atomic_store(&cli_interrupted, 1);
}

/* "0,2-4" -> membership test for replication r. */
static bool in_list(const char *list, uint64_t r)
{
    if (!list)
        return true;
    const char *p = list;
    while (*p) {
        char *end;
        unsigned long long a = strtoull(p, &end, 10), b = a;
        if (*end == '-')
            b = strtoull(end + 1, &end, 10);
        if (r >= a && r <= b)
            return true;
        p = *end == ',' ? end + 1 : end;
        if (end == p && *p)
            p++;
    }
    return false;
}

/* A replication list: ITEM (',' ITEM)*, ITEM = N or N-M with N <= M. On success *last is the
 * largest replication named; on failure why says what is wrong. */
static bool valid_list(const char *list, uint64_t *last, const char **why)
{
    const char *p = list;
    *last = 0;
    *why = "expected a list like 0,2-4";
    if (!*p)
        return false;
    for (;;) {
        if (*p < '0' || *p > '9') {
            *why = *p == ',' || *p == '\0' ? "an empty item in the list"
                                           : "expected a list like 0,2-4";
            return false;
        }
        char *end;
        errno = 0;
        unsigned long long a = strtoull(p, &end, 10), b = a;
        if (errno)
            return false;
        if (*end == '-') {
            if (end[1] < '0' || end[1] > '9')
                return false;
            b = strtoull(end + 1, &end, 10);
            if (errno)
                return false;
            if (b < a) {
                *why = "a range runs backwards";
                return false;
            }
        }
        if (b > *last)
            *last = b;
        if (*end == '\0')
            return true;
        if (*end != ',')
            return false;
        p = end + 1;
    }
}

typedef struct trace_ctx {
    os_buf *buf;
    uint64_t rep;
} trace_ctx;

static void trace_observe(void *ctx, const os_record *rec)
{
    trace_ctx *t = ctx;
    os_record_json(t->buf, t->rep, rec);
}

typedef struct run_args {
    const char *scenario;
    cli_sets sets;
    enum cli_format format;
    const char *output, *trace, *trace_reps;
    uint64_t trace_last; /* the largest replication --trace-replications names */
    os_run_options opt;
} run_args;

static int parse_run_args(int argc, char **argv, run_args *a)
{
    static const struct option longs[] = {
        {"replications", required_argument, NULL, 'r'},
        {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 'j'},
        {"set", required_argument, NULL, 'S'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"trace", required_argument, NULL, 'T'},
        {"trace-replications", required_argument, NULL, 'R'},
        {"quiet", no_argument, NULL, 'q'},
        {"precision", required_argument, NULL, 'P'},
        {"until-verdict", no_argument, NULL, 'U'},
        {"max-replications", required_argument, NULL, 'M'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    a->opt.progress = cli_progress;
    a->opt.cancel = &cli_interrupted;
    optind = 1;
    opterr = 0;
    int ch;
    uint64_t v;
    const char *why;
    while ((ch = getopt_long(argc, argv, "hqo:r:s:j:", longs, NULL)) != -1) {
        switch (ch) {
        case 'h':
            return cli_help(cli_help_run);
        case 'r':
        case 's':
        case 'j':
        case 'f':
            if (cli_common_option(ch, optarg, &a->opt, &a->format) < 0)
                return -1;
            break;
        case 'S':
            if (cli_sets_add(&a->sets, optarg) < 0)
                return -1;
            break;
        case 'o':
            a->output = optarg;
            break;
        case 'T':
            a->trace = optarg;
            break;
        case 'R':
            if (!valid_list(optarg, &a->trace_last, &why)) {
                cli_usage_error("--trace-replications: %s (replications count from 0), got '%s'",
                                why, optarg);
                return -1;
            }
            a->trace_reps = optarg;
            break;
        case 'q':
            a->opt.progress = NULL;
            break;
        case 'P':
            if (cli_parse_precision(optarg, &a->opt.precision, &a->opt.precision_relative)) {
                cli_usage_error("--precision: expected a positive number or a percentage like "
                                "10%%, got '%s'",
                                optarg);
                return -1;
            }
            a->opt.precision_set = true;
            break;
        case 'U':
            a->opt.until_verdict = true;
            break;
        case 'M':
            if (cli_parse_u64(optarg, &v) || v == 0 || v > OS_MAX_REPLICATIONS) {
                cli_usage_error("--max-replications: expected a positive integer, got '%s'",
                                optarg);
                return -1;
            }
            a->opt.max_replications = v;
            break;
        default:
            cli_bad_option(argv, "run");
            return -1;
        }
    }
    a->scenario = cli_operand(argc, argv, "run", "SCENARIO");
    if (!a->scenario)
        return -1;
    /* --trace and --output naming one file: one would silently replace the other */
    bool trace_stdout = a->trace && !strcmp(a->trace, "-");
    bool out_stdout = !a->output || !strcmp(a->output, "-");
    if (a->trace && ((trace_stdout && out_stdout) || cli_same_file(a->trace, a->output))) {
        cli_usage_error("--trace and --output name the same file ('%s'); give them different "
                        "files",
                        a->trace);
        return -1;
    }
    return 0;
}

static void free_run_args(run_args *a)
{
    cli_sets_free(&a->sets);
}

int cmd_run(int argc, char **argv)
{
    run_args a;
    memset(&a, 0, sizeof a);
    os_scenario *sc = NULL;
    os_run_result *res = NULL;
    os_timeline *tl = NULL, *first[CLI_HTML_TIMELINES] = {NULL};
    size_t n_first = 0;
    os_buf out = {0}, trace = {0};
    os_error err;
    os_error_clear(&err);
    int code = EXIT_BAD;
    int rc = parse_run_args(argc, argv, &a);
    if (rc != 0) {
        code = rc == CLI_HELP ? EXIT_OK : EXIT_BAD;
        goto done;
    }
    rc = cli_scenario_load(a.scenario, a.sets.sets, a.sets.n, &sc, &err);
    if ((rc = cli_agree(rc, &err)) != 0) { /* MPI: every rank loaded, or all stop */
        code = cli_exit_for(rc);
        goto done;
    }
    rc = os_run(sc, &a.opt, &res, &err);
    if (rc != 0) {
        cli_print_error(&err);
        code = cli_exit_for(rc);
        goto done;
    }
    cli_print_warnings(&res->warnings);
    if ((a.format == FMT_TEXT || a.format == FMT_HTML) && sc->sc.enabled &&
        res->worst_rep != UINT64_MAX) {
        tl = os_timeline_new();
        if (!tl || cli_replay(sc, res->seed, res->worst_rep, os_timeline_observe, tl, &err) != 0) {
            cli_print_error(&err);
            goto done;
        }
    } else if (a.format == FMT_TEXT && !sc->sc.enabled && sc->n_geo_targets &&
               res->replications == 1) {
        /* one replication of geo-replicated targets without the service: its whole story */
        tl = os_timeline_new();
        if (!tl || cli_replay(sc, res->seed, 0, os_timeline_observe, tl, &err) != 0) {
            cli_print_error(&err);
            goto done;
        }
    }
    /* the HTML page's incident timeline: the first replications, replayed */
    for (uint64_t r = 0; a.format == FMT_HTML && r < res->replications && r < CLI_HTML_TIMELINES;
         r++) {
        if (!(first[r] = os_timeline_new()) ||
            cli_replay(sc, res->seed, r, os_timeline_observe, first[r], &err) != 0) {
            if (!first[r])
                os_error_set(&err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
            cli_print_error(&err);
            goto done;
        }
        n_first = (size_t)r + 1;
    }
    if (a.trace && a.trace_reps && a.trace_last >= res->replications) {
        /* checked against the replications that ran (a stopping rule decides how many) */
        fprintf(stderr,
                "outagesim: --trace-replications: replication %llu does not exist (the run has "
                "%llu, numbered from 0); nothing written\n",
                (unsigned long long)a.trace_last, (unsigned long long)res->replications);
        goto done;
    }
    if (a.trace) {
        for (uint64_t r = 0; r < res->replications && !atomic_load(&cli_interrupted); r++) {
            if (!in_list(a.trace_reps, r))
                continue;
            trace_ctx tc = {&trace, r};
            if (cli_replay(sc, res->seed, r, trace_observe, &tc, &err) != 0) {
                cli_print_error(&err);
                goto done;
            }
        }
    }
    if (a.format == FMT_JSON) {
        os_report_json(&out, res);
        os_buf_puts(&out, "\n");
    } else if (a.format == FMT_CSV) {
        os_report_csv(&out, res, true, "", "");
    } else if (a.format == FMT_HTML) {
        os_report_html(&out, res, tl, (const os_timeline *const *)first, n_first);
    } else {
        os_report_text(&out, res, tl);
    }
    if (out.failed || trace.failed) {
        fprintf(stderr, "outagesim: out of memory formatting the result\n");
        goto done;
    }
    if (atomic_load(&cli_interrupted)) {
        fprintf(stderr, "outagesim: interrupted; nothing written\n");
        code = EXIT_INTERRUPTED;
        goto done;
    }
    /* Both files to temporary files first, then both renamed: a result that cannot be written
     * leaves no trace behind, and a trace that cannot be written no result. */
    cli_pending_write pw_trace = {.slot = -1}, pw_out = {.slot = -1};
    if ((a.trace && cli_write_prepare(&pw_trace, a.trace, trace.data ? trace.data : "", trace.len,
                                      &err) != 0) ||
        cli_write_prepare(&pw_out, a.output, out.data, out.len, &err) != 0 ||
        cli_write_commit(&pw_out, &err) != 0 ||
        (a.trace && cli_write_commit(&pw_trace, &err) != 0)) {
        cli_write_discard(&pw_trace);
        cli_write_discard(&pw_out);
        cli_print_error(&err);
        goto done;
    }
    code = EXIT_OK;
done:
    os_buf_free(&out);
    os_buf_free(&trace);
    os_timeline_free(tl);
    for (size_t i = 0; i < CLI_HTML_TIMELINES; i++)
        os_timeline_free(first[i]);
    os_run_result_free(res);
    os_scenario_free(sc);
    free_run_args(&a);
    return code;
}

int cmd_validate(int argc, char **argv)
{
    static const struct option longs[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        if (ch == 'h') {
            cli_help(cli_help_validate);
            return EXIT_OK;
        }
        cli_bad_option(argv, "validate");
        return EXIT_BAD;
    }
    if (optind >= argc) {
        cli_usage_error("%s", "validate: missing SCENARIO");
        return EXIT_BAD;
    }
    int code = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        os_scenario *sc = NULL;
        os_error err;
        os_error_clear(&err);
        int lrc = cli_scenario_load(argv[i], NULL, 0, &sc, &err);
        if (lrc != 0) {
            cli_print_error(&err);
            code = cli_exit_for(lrc);
            if (code == EXIT_INTERRUPTED)
                break;
        } else {
            printf("%s: ok (%zu regions, %zu computes, %zu targets, %zu connections, %zu "
                   "events)\n",
                   strcmp(argv[i], "-") ? argv[i] : "<stdin>", sc->n_regions, sc->n_computes,
                   sc->n_targets, sc->n_connections, sc->n_events);
        }
        os_scenario_free(sc);
    }
    return code;
}

static int dispatch(int argc, char **argv);

static int dispatch_help(const char *cmd)
{
    static const struct {
        const char *name, *text;
    } helps[] = {
        {"run", cli_help_run},           {"sweep", cli_help_sweep}, {"check", cli_help_check},
        {"validate", cli_help_validate}, {"exact", cli_help_exact}, {"fit", cli_help_fit},
    };
    for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++)
        if (!strcmp(cmd, helps[i].name)) {
            cli_help(helps[i].text);
            return EXIT_OK;
        }
    cli_usage_error("help: unknown command '%s'", cmd);
    return EXIT_BAD;
}

int main(int argc, char **argv)
{
    os_mpi_init(&argc, &argv);
    int code = dispatch(argc, argv);
    os_mpi_finalize();
    return code;
}

static int dispatch(int argc, char **argv)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    if (argc < 2) {
        fputs(cli_help_global, stderr);
        return EXIT_BAD;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "help") && argc > 2) /* "outagesim help run" = "outagesim run --help" */
        return dispatch_help(argv[2]);
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(cli_help_global, stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("outagesim %s\n", OS_VERSION);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "sweep"))
        return cmd_sweep(argc - 1, argv + 1);
    if (!strcmp(cmd, "validate"))
        return cmd_validate(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "exact"))
        return cmd_exact(argc - 1, argv + 1);
    if (!strcmp(cmd, "fit"))
        return cmd_fit(argc - 1, argv + 1);
    cli_usage_error("unknown command '%s'", cmd);
    return EXIT_BAD;
}
