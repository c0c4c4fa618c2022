/* cli_sweep.c — `outagesim sweep`: parses the arguments, loads every point, runs or solves
 * them with the library (sweep.c) and writes the table, JSON or CSV atomically. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outagesim/output.h"
#include "outagesim/report.h"
#include "outagesim/sweep.h"
#include "cli.h"

/* Stopping-rule options (SPEC §5.1) become scenario overrides, so the loader validates them
 * exactly as it validates the scenario keys. */
static const struct {
    const char *key, *option;
} rule_keys[] = {
    {"simulation.precision", "--precision"},
    {"simulation.until", "--until-verdict"},
    {"simulation.max_replications", "--max-replications"},
};

typedef struct sweep_args {
    const char *scenario;
    os_override *sets; /* [argc] */
    size_t n_sets;
    char **owned; /* [argc] keys copied out of "KEY=VALUE" */
    size_t n_owned;
    enum cli_format format;
    const char *output;
    bool exact, quiet;
    os_run_options opt;
} sweep_args;

static void add_set(sweep_args *a, const char *key, const char *value, bool own_key)
{
    if (own_key)
        a->owned[a->n_owned++] = (char *)key;
    a->sets[a->n_sets++] = (os_override){key, value};
}

static int parse_sweep_args(int argc, char **argv, sweep_args *a, os_sweep *sw)
{
    static const struct option longs[] = {
        {"vary", required_argument, NULL, 'V'},
        {"set", required_argument, NULL, 'S'},
        {"replications", required_argument, NULL, 'r'},
        {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 'j'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"exact", no_argument, NULL, 'x'},
        {"quiet", no_argument, NULL, 'q'},
        {"precision", required_argument, NULL, 'p'},
        {"until-verdict", no_argument, NULL, 'u'},
        {"max-replications", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    int ch;
    os_error err;
    while ((ch = getopt_long(argc, argv, "hqo:r:s:j:", longs, NULL)) != -1) {
        switch (ch) {
        case 'h':
            return cli_help(cli_help_sweep);
        case 'V':
            if (os_sweep_add_vary(sw, optarg, &err) != 0) {
                if (err.status == OS_ERR_USAGE)
                    cli_usage_error("%s", err.msg);
                else
                    cli_print_error(&err);
                return -1;
            }
            break;
        case 'S': {
            char *k;
            const char *val;
            if (cli_split_set(optarg, &k, &val) < 0)
                return -1;
            add_set(a, k, val, true);
            break;
        }
        case 'r':
        case 's':
        case 'j':
        case 'f':
            if (cli_common_option(ch, optarg, &a->opt, &a->format) < 0)
                return -1;
            break;
        case 'o':
            a->output = optarg;
            break;
        case 'x':
            a->exact = true;
            break;
        case 'q':
            a->quiet = true;
            break;
        case 'p':
            add_set(a, rule_keys[0].key, optarg, false);
            break;
        case 'u':
            add_set(a, rule_keys[1].key, "verdict", false);
            break;
        case 'm':
            add_set(a, rule_keys[2].key, optarg, false);
            break;
        default:
            cli_bad_option(argv, "sweep");
            return -1;
        }
    }
    if (!cli_operand(argc, argv, "sweep", "SCENARIO"))
        return -1;
    if (os_sweep_n_keys(sw) == 0) {
        cli_usage_error("%s", "sweep: give at least one --vary KEY=V1,V2,...");
        return -1;
    }
    a->scenario = argv[optind];
    a->opt.progress = a->quiet ? NULL : cli_progress;
    a->opt.cancel = &cli_interrupted;
    return 0;
}

/* "--set simulation.precision" reads better as the option the user typed. */
static void name_rule_option(os_error *err)
{
    for (size_t i = 0; i < sizeof rule_keys / sizeof rule_keys[0]; i++) {
        char label[128];
        snprintf(label, sizeof label, "--set %s", rule_keys[i].key);
        if (!strcmp(err->file, label))
            snprintf(err->file, sizeof err->file, "%s", rule_keys[i].option);
    }
}

typedef struct progress_ctx {
    bool on;
} progress_ctx;

/* "point 3/9: regions.westeurope.zones=2 computes.web.instances=3" on a terminal. */
static void on_point(void *ctx, const os_sweep *sw, size_t point)
{
    const progress_ctx *pc = ctx;
    if (!pc->on)
        return;
    fprintf(stderr, "point %zu/%zu:", point + 1, os_sweep_n_points(sw));
    for (size_t k = 0; k < os_sweep_n_keys(sw); k++)
        fprintf(stderr, " %s=%s", os_sweep_key(sw, k), os_sweep_value(sw, point, k));
    fprintf(stderr, "\n");
}

/* The plausibility warnings of every valid point's scenario (results: of every point's run
 * instead), each printed once: most are the same at every point. */
static void print_sweep_warnings(const os_sweep *sw, bool results)
{
    os_warnings all = {0};
    for (size_t p = 0; p < os_sweep_n_points(sw); p++) {
        const os_scenario *sc = os_sweep_scenario(sw, p);
        const os_run_result *r = results && sc ? os_sweep_result(sw, p) : NULL;
        const os_warnings *w = results ? (r ? &r->warnings : NULL) : (sc ? &sc->warnings : NULL);
        for (size_t i = 0; w && i < w->n; i++) {
            bool seen = false;
            for (size_t j = 0; j < all.n && !seen; j++)
                seen = !strcmp(all.items[j].file, w->items[i].file) &&
                       all.items[j].line == w->items[i].line &&
                       all.items[j].column == w->items[i].column &&
                       !strcmp(all.items[j].msg, w->items[i].msg);
            if (!seen) {
                os_error *v = realloc(all.items, (all.n + 1) * sizeof *v);
                if (!v)
                    break; /* warnings are advice: out of memory prints fewer */
                all.items = v;
                all.items[all.n++] = w->items[i];
            }
        }
    }
    cli_print_warnings(&all);
    os_warnings_free(&all);
}

int cmd_sweep(int argc, char **argv)
{
    sweep_args a;
    memset(&a, 0, sizeof a);
    os_sweep *sw = os_sweep_new();
    os_buf out = {0};
    os_error err;
    os_error_clear(&err);
    int code = EXIT_BAD;
    a.sets = calloc((size_t)argc + 1, sizeof *a.sets);
    a.owned = calloc((size_t)argc + 1, sizeof *a.owned);
    if (!sw || !a.sets || !a.owned) {
        fprintf(stderr, "outagesim: out of memory\n");
        goto done;
    }
    int rc = parse_sweep_args(argc, argv, &a, sw);
    if (rc != 0) {
        code = rc == CLI_HELP ? EXIT_OK : EXIT_BAD;
        goto done;
    }
    if (strcmp(a.scenario, "-") != 0) {
        rc = os_sweep_load(sw, a.scenario, a.sets, a.n_sets, &err);
    } else { /* standard input */
        char *data = NULL;
        size_t size = 0;
        rc = cli_read_stdin(OS_MAX_FILE_BYTES, &data, &size, &err);
        if (rc == 0)
            rc = os_sweep_load_buffer(sw, "<stdin>", data, size, a.sets, a.n_sets, &err);
        free(data);
    }
    if (rc != 0)
        name_rule_option(&err);
    bool usage = rc == OS_ERR_USAGE && !err.file[0];
    if (usage)
        cli_usage_error("%s", err.msg);
    if ((rc = cli_agree(rc, usage ? NULL : &err)) != 0) { /* MPI: every rank loaded, or all stop */
        code = cli_exit_for(rc);
        goto done;
    }
    print_sweep_warnings(sw, false);
    size_t skipped = os_sweep_n_skipped(sw);
    if (skipped)
        fprintf(stderr,
                "outagesim: note: %zu of %zu combinations make an invalid scenario and are "
                "skipped (the output gives each reason)\n",
                skipped, os_sweep_n_points(sw));
    progress_ctx pc = {!a.quiet && isatty(STDERR_FILENO)};
    if (a.exact) {
        size_t first = 0;
        while (!os_sweep_scenario(sw, first))
            first++;
        size_t ignored = os_exact_ignored_events(os_sweep_scenario(sw, first));
        rc = os_sweep_exact(sw, on_point, &pc, &err);
        if (rc == 0 && ignored)
            fprintf(stderr,
                    "outagesim: note: exact answers leave out %zu injected outage "
                    "event%s (they describe the stochastic steady state)\n",
                    ignored, ignored == 1 ? "" : "s");
    } else {
        rc = os_sweep_run(sw, &a.opt, on_point, &pc, &err);
    }
    if (rc != 0) {
        cli_print_error(&err);
        code = cli_exit_for(rc);
        goto done;
    }
    if (!a.exact)
        print_sweep_warnings(sw, true);
    if (a.format == FMT_JSON)
        os_sweep_json(&out, sw);
    else if (a.format == FMT_CSV)
        os_sweep_csv(&out, sw);
    else if (a.format == FMT_HTML)
        os_sweep_html(&out, sw);
    else
        os_sweep_text(&out, sw);
    if (out.failed) {
        fprintf(stderr, "outagesim: out of memory formatting the result\n");
        goto done;
    }
    if (atomic_load(&cli_interrupted)) {
        fprintf(stderr, "outagesim: interrupted; nothing written\n");
        code = EXIT_INTERRUPTED;
        goto done;
    }
    if (os_write_atomic(a.output, out.data ? out.data : "", out.len, &err) != 0) {
        cli_print_error(&err);
        goto done;
    }
    code = EXIT_OK;
done:
    os_buf_free(&out);
    os_sweep_free(sw);
    for (size_t i = 0; i < a.n_owned; i++)
        free(a.owned[i]);
    free(a.owned);
    free(a.sets);
    return code;
}
