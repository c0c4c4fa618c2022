/* cli_check.c — `outagesim check SCENARIO --baseline FILE [--junit FILE] [--tolerance DURATION]
 * [--update] [--format text|json|html] [--output FILE] [--threads T] [--quiet]`: re-runs the
 * scenario with the baseline's seed and replication count and compares (check.h). Exit 0 all good,
 * 1 a target missed or a regression, 2 bad usage, bad input or a baseline that does not match the
 * scenario, 130 interrupted.
 * With --update the baseline is rewritten with the new result (exit 0); a baseline that does
 * not exist yet is created from the scenario's own seed and replication count. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "outagesim/check.h"
#include "outagesim/duration.h"
#include "outagesim/montecarlo.h"
#include "outagesim/output.h"
#include "outagesim/report.h"

/* A number, or null when it is not finite. */
static void number(os_buf *b, double x)
{
    if (isfinite(x))
        os_buf_json_number(b, x);
    else
        os_buf_puts(b, "null");
}

/* The figure object of docs/json.md; all null with n = 0. */
static void figure_json(os_buf *b, const os_figure *f)
{
    bool none = f->n == 0;
    const char *keys[] = {"mean", "sd", NULL, "min", "p50", "p95", "p99", "max"};
    double vals[] = {f->mean, f->sd, 0, f->min, f->p50, f->p95, f->p99, f->max};
    os_buf_puts(b, "{");
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        if (!keys[k]) {
            if (none || !isfinite(f->lo) || !isfinite(f->hi)) {
                os_buf_puts(b, ", \"ci95\": null");
            } else {
                os_buf_puts(b, ", \"ci95\": [");
                os_buf_json_number(b, f->lo);
                os_buf_puts(b, ", ");
                os_buf_json_number(b, f->hi);
                os_buf_puts(b, "]");
            }
            continue;
        }
        os_buf_printf(b, "%s\"%s\": ", k ? ", " : "", keys[k]);
        number(b, none ? NAN : vals[k]);
    }
    os_buf_printf(b, ", \"n\": %zu}", f->n);
}

/* `check --format json`: the comparison, one object per check (docs/json.md). rep is NULL when
 * there was nothing to compare (--update of a new or mismatched baseline). */
static void check_json(os_buf *b, const os_scenario *sc, const char *baseline,
                       const os_run_result *res, const os_check_report *rep, const char *update)
{
    os_buf_printf(b, "{\n  \"outagesim\": \"%s\",\n  \"scenario\": ", OS_VERSION);
    os_buf_json_string(b, sc->name);
    os_buf_puts(b, ",\n  \"baseline\": ");
    os_buf_json_string(b, baseline);
    os_buf_printf(b, ",\n  \"seed\": %llu, \"replications\": %llu,\n  \"tolerance\": ",
                  (unsigned long long)res->seed, (unsigned long long)res->replications);
    os_buf_json_number(b, rep ? rep->tolerance : 0);
    os_buf_puts(b, ",\n  \"checks\": [");
    for (size_t i = 0; rep && i < rep->n_items; i++) {
        const os_check_item *it = &rep->items[i];
        char outcome[16];
        snprintf(outcome, sizeof outcome, "%s", os_check_outcome_str(it->outcome));
        for (char *p = outcome; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        os_buf_puts(b, i ? ",\n    {\"figure\": " : "\n    {\"figure\": ");
        os_buf_json_string(b, os_check_kind_str(it->kind));
        os_buf_puts(b, ", \"entity\": ");
        if (it->connection)
            os_buf_json_string(b, it->connection);
        else
            os_buf_puts(b, "null");
        os_buf_printf(b, ", \"outcome\": \"%s\", \"target_missed\": %s, \"regressed\": %s,\n",
                      outcome, it->target_missed ? "true" : "false",
                      it->regressed ? "true" : "false");
        os_buf_puts(b, "     \"baseline\": ");
        figure_json(b, &it->old_fig);
        os_buf_puts(b, ",\n     \"current\": ");
        figure_json(b, &it->new_fig);
        os_buf_puts(b, ",\n     \"detail\": ");
        os_buf_json_string(b, it->detail);
        os_buf_puts(b, "}");
    }
    os_buf_puts(b, rep && rep->n_items ? "\n  ],\n" : "],\n");
    os_buf_printf(b,
                  "  \"summary\": {\"checks\": %zu, \"failed\": %zu, \"improved\": %zu, "
                  "\"changed\": %zu}",
                  rep ? rep->n_items : 0, rep ? rep->n_failed : 0, rep ? rep->n_improved : 0,
                  rep ? rep->n_changed : 0);
    if (update)
        os_buf_printf(b, ",\n  \"update\": \"%s\"", update);
    os_buf_puts(b, "\n}\n");
}

typedef struct check_args {
    enum cli_format format;
    const char *scenario, *baseline, *junit, *output; /* output NULL: standard output */
    os_ms tolerance;
    bool update;
    os_run_options opt;
} check_args;

static int parse_check_args(int argc, char **argv, check_args *a)
{
    static const struct option longs[] = {
        {"baseline", required_argument, NULL, 'b'},
        {"junit", required_argument, NULL, 'J'},
        {"tolerance", required_argument, NULL, 'T'},
        {"update", no_argument, NULL, 'u'},
        {"threads", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    a->opt.progress = cli_progress;
    a->opt.cancel = &cli_interrupted;
    optind = 1;
    opterr = 0;
    int ch;
    const char *why;
    while ((ch = getopt_long(argc, argv, "hqj:o:", longs, NULL)) != -1) {
        switch (ch) {
        case 'h':
            return cli_help(cli_help_check);
        case 'b':
            a->baseline = optarg;
            break;
        case 'J':
            a->junit = optarg;
            break;
        case 'f':
            if (cli_parse_format(optarg, &a->format) || a->format == FMT_CSV) {
                cli_usage_error("--format: expected text, json or html, got '%s'", optarg);
                return -1;
            }
            break;
        case 'o':
            a->output = optarg;
            break;
        case 'T':
            if (os_duration_parse(optarg, &a->tolerance, &why) != 0) {
                cli_usage_error("--tolerance: expected a duration such as 30m, got '%s': %s",
                                optarg, why);
                return -1;
            }
            break;
        case 'u':
            a->update = true;
            break;
        case 'j':
            if (cli_common_option(ch, optarg, &a->opt, NULL) < 0)
                return -1;
            break;
        case 'q':
            a->opt.progress = NULL;
            break;
        default:
            cli_bad_option(argv, "check");
            return -1;
        }
    }
    if (!(a->scenario = cli_operand(argc, argv, "check", "SCENARIO")))
        return -1;
    if (!a->baseline) {
        cli_usage_error("check: missing --baseline FILE (a result of 'outagesim run "
                        "--format json --output FILE')");
        return -1;
    }
    if (!strcmp(a->baseline, "-")) {
        cli_usage_error("check: --baseline must name a file");
        return -1;
    }
    return 0;
}

int cmd_check(int argc, char **argv)
{
    check_args a;
    memset(&a, 0, sizeof a);
    os_scenario *sc = NULL;
    os_baseline *base = NULL, *cur = NULL;
    os_run_result *res = NULL;
    os_check_report *rep = NULL;
    os_buf text = {0}, junit = {0}, json = {0}, page = {0};
    os_error err;
    os_error_clear(&err);
    int code = EXIT_BAD, rc;
    bool matched = false;
    if ((rc = parse_check_args(argc, argv, &a)) != 0) {
        code = rc == CLI_HELP ? EXIT_OK : EXIT_BAD;
        goto done;
    }
    rc = cli_scenario_load(a.scenario, NULL, 0, &sc, &err);
    if (rc == 0) {
        rc = os_baseline_load(a.baseline, &base, &err);
        if (rc != 0 && a.update && rc == OS_ERR_IO && access(a.baseline, F_OK) != 0 &&
            errno == ENOENT)
            rc = 0; /* --update creates it */
    }
    if ((rc = cli_agree(rc, &err)) != 0) { /* MPI: every rank read both, or all stop */
        code = cli_exit_for(rc);
        goto done;
    }
    if (base) {
        if (os_baseline_match(base, sc, &err) == 0) {
            matched = true;
        } else {
            cli_print_error(&err);
            if (!a.update) {
                fprintf(stderr,
                        "outagesim: the baseline does not match the scenario; "
                        "re-create it with 'outagesim check %s --baseline %s "
                        "--update'\n",
                        a.scenario, a.baseline);
                goto done;
            }
            fprintf(stderr, "outagesim: --update: rewriting the baseline for the scenario as "
                            "it is now\n");
        }
        a.opt.seed = base->seed;
        a.opt.seed_set = true;
        /* A precision-targeted scenario decides its own count; the cap keeps it from
         * running longer than the baseline did (the same seed stops at the same point). */
        a.opt.replications = base->replications;
        a.opt.max_replications = base->replications;
    }
    if ((rc = os_run(sc, &a.opt, &res, &err)) != 0) {
        cli_print_error(&err);
        code = cli_exit_for(rc);
        goto done;
    }
    if ((rc = os_baseline_of_result(res, &cur, &err)) != 0) {
        cli_print_error(&err);
        goto done;
    }
    if (matched) {
        if ((rc = os_check_compare(base, cur, (double)a.tolerance / 1e3, &rep, &err)) != 0) {
            cli_print_error(&err);
            goto done;
        }
        if (a.format == FMT_TEXT || a.format == FMT_HTML) {
            os_buf_printf(&text,
                          "outagesim check: scenario %s against %s (seed %llu, %llu "
                          "replication%s)\n",
                          sc->name, a.baseline, (unsigned long long)res->seed,
                          (unsigned long long)res->replications, res->replications == 1 ? "" : "s");
            os_check_format_text(&text, rep);
        }
        if (a.junit)
            os_check_format_junit(&junit, rep, sc->name, res->wall_seconds);
        if (a.format == FMT_HTML) { /* the page carries the text summary */
            os_check_html(&page, rep, res, text.data ? text.data : "");
            os_buf_free(&text);
            text = page;
            page = (os_buf){0};
        }
    }
    if (a.format == FMT_JSON)
        check_json(&text, sc, a.baseline, res, rep,
                   a.update ? (base ? "updated" : "created") : NULL);
    if (a.update) {
        os_report_json(&json, res);
        os_buf_puts(&json, "\n");
    }
    if (text.failed || junit.failed || json.failed) {
        fprintf(stderr, "outagesim: out of memory formatting the result\n");
        goto done;
    }
    if (atomic_load(&cli_interrupted)) {
        fprintf(stderr, "outagesim: interrupted; nothing written\n");
        code = EXIT_INTERRUPTED;
        goto done;
    }
    if (a.output && (text.len || rep)) {
        if (os_write_atomic(a.output, text.data ? text.data : "", text.len, &err) != 0) {
            cli_print_error(&err);
            goto done;
        }
    } else if (text.len) {
        fputs(text.data, stdout);
    }
    if (a.junit && rep && os_write_atomic(a.junit, junit.data, junit.len, &err) != 0) {
        cli_print_error(&err);
        goto done;
    }
    if (a.update) {
        if (os_write_atomic(a.baseline, json.data, json.len, &err) != 0) {
            cli_print_error(&err);
            goto done;
        }
        if (a.format == FMT_TEXT)
            printf("%s %s (seed %llu, %llu replication%s)\n", base ? "updated" : "created",
                   a.baseline, (unsigned long long)res->seed, (unsigned long long)res->replications,
                   res->replications == 1 ? "" : "s");
        code = EXIT_OK;
        goto done;
    }
    code = rep->n_failed ? EXIT_CHECK : EXIT_OK;
done:
    fflush(stdout);
    os_buf_free(&page);
    os_buf_free(&json);
    os_buf_free(&junit);
    os_buf_free(&text);
    os_check_report_free(rep);
    os_baseline_free(cur);
    os_run_result_free(res);
    os_baseline_free(base);
    os_scenario_free(sc);
    return code;
}
