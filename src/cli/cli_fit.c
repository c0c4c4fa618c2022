/* cli_fit.c — `outagesim fit TRACE.csv [--by zone|region] [--format text|json] [--output FILE]`:
 * maximum-likelihood fits of time to failure and time to repair to an incident trace, and the
 * best ones as a ready-to-paste `failures:` block (SPEC §5.4). The fitting is in fit.c. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "outagesim/duration.h"
#include "outagesim/fit.h"
#include "outagesim/output.h"
#include "outagesim/report.h"

/* "scale 397d 3h 12m, shape 0.8312" in scenario units. */
static void params_text(const os_fit_result *r, char *buf, size_t size)
{
    char d[64];
    switch (r->family) {
    case OS_FIT_EXPONENTIAL:
        snprintf(buf, size, "mean %s", os_fit_duration(r->p[0], d, sizeof d));
        break;
    case OS_FIT_LOGNORMAL:
        snprintf(buf, size, "median %s, sigma %.4g", os_fit_duration(exp(r->p[0]), d, sizeof d),
                 r->p[1]);
        break;
    case OS_FIT_WEIBULL:
        snprintf(buf, size, "scale %s, shape %.4g", os_fit_duration(r->p[0], d, sizeof d), r->p[1]);
        break;
    default:
        snprintf(buf, size, "shape %.4g, scale %s", r->p[0], os_fit_duration(r->p[1], d, sizeof d));
        break;
    }
}

static void quantity_text(os_buf *b, const char *title, const os_fit_quantity *q)
{
    char p[160];
    os_buf_printf(b, "%s: %zu observations", title, q->n);
    if (q->n_censored)
        os_buf_printf(b, " + %zu right-censored", q->n_censored);
    os_buf_printf(b, "\n  %-13s %-38s %12s %11s %8s %7s\n", "dist", "parameters", "lnL", "AIC",
                  "dAIC", "KS");
    for (int f = 0; f < OS_FIT_N_FAMILIES; f++) {
        const os_fit_result *r = &q->fits[f];
        const char *name = os_fit_family_name(r->family);
        if (!r->ok) {
            os_buf_printf(b, "  %-13s not fitted: %s\n", name, r->why ? r->why : "unknown");
            continue;
        }
        params_text(r, p, sizeof p);
        os_buf_printf(b, "%s %-13s %-38s %12.3f %11.3f %8.3f %7.4f\n", f == q->best ? "*" : " ",
                      name, p, r->log_likelihood, r->aic, r->aic - q->fits[q->best].aic, r->ks);
    }
    os_buf_puts(b, "\n");
}

static void text(os_buf *b, const os_fit_report *r)
{
    char span[64];
    const char *unit = r->by == OS_FIT_BY_REGION ? "region" : "zone";
    os_buf_printf(b, "outagesim %s: fit of %s by %s\n", OS_VERSION, r->trace, unit);
    os_buf_printf(b, "%zu outage%s over %s (trace origin to the last outage end)", r->n_rows,
                  r->n_rows == 1 ? "" : "s", os_duration_format(r->span, span, sizeof span));
    if (r->by == OS_FIT_BY_ZONE && r->n_region_rows)
        os_buf_printf(b,
                      ";\n%zu whole-region outage%s left out of the zone fits (fit them with "
                      "--by region)",
                      r->n_region_rows, r->n_region_rows == 1 ? "" : "s");
    if (r->by == OS_FIT_BY_REGION && r->n_rows > r->n_region_rows)
        os_buf_printf(b,
                      ";\n%zu zone outage%s left out of the region fits (a zone outage is not a "
                      "region failure; fit them with --by zone)",
                      r->n_rows - r->n_region_rows, r->n_rows - r->n_region_rows == 1 ? "" : "s");
    os_buf_puts(b, "\n\n");
    size_t w = strlen(unit);
    for (size_t i = 0; i < r->n_entities; i++)
        if (strlen(r->entities[i].name) > w)
            w = strlen(r->entities[i].name);
    os_buf_printf(b, "%-*s  %7s  %15s  %s\n", (int)w, unit, "outages", "between outages",
                  "censored at end");
    for (size_t i = 0; i < r->n_entities; i++) {
        const os_fit_entity *e = &r->entities[i];
        os_buf_printf(b, "%-*s  %7zu  %15zu  %s\n", (int)w, e->name, e->outages, e->between,
                      e->censored ? "yes" : "no");
    }
    os_buf_puts(b, "\n");
    quantity_text(b, "time to failure", &r->ttf);
    quantity_text(b, "time to repair", &r->ttr);
    os_buf_puts(b, "* best (lowest AIC = 2k - 2 lnL); lnL of densities per second; KS = largest "
                   "gap between the\nempirical CDF of the uncensored observations and the "
                   "fitted CDF. Overlapping outages of one\n");
    os_buf_printf(b,
                  "%s are merged; each %s's first up interval (left-censored) is left out, its "
                  "last one is\nright-censored at the trace's end.\n\n",
                  unit, unit);
    os_buf_puts(b, "Best fits, ready to paste into a scenario:\n\n");
    os_fit_yaml_block(b, r);
}

static void params_json(os_buf *b, const os_fit_result *r)
{
    switch (r->family) {
    case OS_FIT_EXPONENTIAL:
        os_buf_puts(b, "{\"mean\": ");
        os_buf_json_number(b, r->p[0]);
        break;
    case OS_FIT_LOGNORMAL:
        os_buf_puts(b, "{\"median\": ");
        os_buf_json_number(b, exp(r->p[0]));
        os_buf_puts(b, ", \"mu\": ");
        os_buf_json_number(b, r->p[0]);
        os_buf_puts(b, ", \"sigma\": ");
        os_buf_json_number(b, r->p[1]);
        break;
    case OS_FIT_WEIBULL:
        os_buf_puts(b, "{\"scale\": ");
        os_buf_json_number(b, r->p[0]);
        os_buf_puts(b, ", \"shape\": ");
        os_buf_json_number(b, r->p[1]);
        break;
    default:
        os_buf_puts(b, "{\"shape\": ");
        os_buf_json_number(b, r->p[0]);
        os_buf_puts(b, ", \"scale\": ");
        os_buf_json_number(b, r->p[1]);
        break;
    }
    os_buf_puts(b, "}");
}

static void quantity_json(os_buf *b, const char *key, const os_fit_quantity *q)
{
    os_buf_printf(b, "  \"%s\": {\"n\": %zu, \"censored\": %zu, \"fits\": [", key, q->n,
                  q->n_censored);
    for (int f = 0; f < OS_FIT_N_FAMILIES; f++) {
        const os_fit_result *r = &q->fits[f];
        os_buf_printf(b, "%s\n    {\"dist\": \"%s\", ", f ? "," : "",
                      os_fit_family_name(r->family));
        if (!r->ok) {
            os_buf_puts(b, "\"params\": null, \"log_likelihood\": null, \"aic\": null, "
                           "\"ks\": null, \"error\": ");
            os_buf_json_string(b, r->why ? r->why : "unknown");
            os_buf_puts(b, "}");
            continue;
        }
        os_buf_puts(b, "\"params\": ");
        params_json(b, r);
        os_buf_puts(b, ", \"log_likelihood\": ");
        os_buf_json_number(b, r->log_likelihood);
        os_buf_puts(b, ", \"aic\": ");
        os_buf_json_number(b, r->aic);
        os_buf_puts(b, ", \"ks\": ");
        os_buf_json_number(b, r->ks);
        os_buf_puts(b, "}");
    }
    os_buf_puts(b, "\n  ], \"best\": ");
    if (q->best >= 0)
        os_buf_printf(b, "\"%s\"}", os_fit_family_name((enum os_fit_family)q->best));
    else
        os_buf_puts(b, "null}");
}

static void json(os_buf *b, const os_fit_report *r)
{
    os_buf_printf(b, "{\n  \"outagesim\": \"%s\",\n  \"trace\": ", OS_VERSION);
    os_buf_json_string(b, r->trace);
    os_buf_printf(
        b, ",\n  \"by\": \"%s\",\n  \"span\": ", r->by == OS_FIT_BY_REGION ? "region" : "zone");
    os_buf_json_number(b, (double)r->span / 1e3);
    os_buf_printf(b, ",\n  \"outages\": %zu, \"region_outages\": %zu,\n  \"entities\": [",
                  r->n_rows, r->n_region_rows);
    for (size_t i = 0; i < r->n_entities; i++) {
        const os_fit_entity *e = &r->entities[i];
        os_buf_puts(b, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
        os_buf_json_string(b, e->name);
        os_buf_printf(b, ", \"outages\": %zu, \"between\": %zu, \"censored\": %s}", e->outages,
                      e->between, e->censored ? "true" : "false");
    }
    os_buf_puts(b, "\n  ],\n");
    quantity_json(b, "time_to_failure", &r->ttf);
    os_buf_puts(b, ",\n");
    quantity_json(b, "time_to_repair", &r->ttr);
    os_buf_puts(b, ",\n  \"yaml\": ");
    os_buf yaml = {0};
    os_fit_yaml_block(&yaml, r);
    if (yaml.failed)
        b->failed = true;
    os_buf_json_string(b, yaml.data ? yaml.data : "");
    os_buf_free(&yaml);
    os_buf_puts(b, "\n}\n");
}

int cmd_fit(int argc, char **argv)
{
    static const struct option longs[] = {
        {"by", required_argument, NULL, 'b'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    enum cli_format format = FMT_TEXT;
    enum os_fit_by by = OS_FIT_BY_ZONE;
    const char *output = NULL;
    os_fit_report *rep = NULL;
    os_buf out = {0};
    os_error err;
    os_error_clear(&err);
    int code = EXIT_BAD, ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "ho:", longs, NULL)) != -1) {
        switch (ch) {
        case 'h':
            cli_help(cli_help_fit);
            code = EXIT_OK;
            goto done;
        case 'b':
            if (!strcmp(optarg, "zone")) {
                by = OS_FIT_BY_ZONE;
            } else if (!strcmp(optarg, "region")) {
                by = OS_FIT_BY_REGION;
            } else {
                cli_usage_error("--by: expected zone or region, got '%s'", optarg);
                goto done;
            }
            break;
        case 'f':
            if (cli_parse_text_json(optarg, &format) < 0)
                goto done;
            break;
        case 'o':
            output = optarg;
            break;
        default:
            cli_bad_option(argv, "fit");
            goto done;
        }
    }
    if (!cli_operand(argc, argv, "fit", "TRACE.csv"))
        goto done;
    int rc = os_fit_trace(argv[optind], by, &rep, &err);
    if (rc != 0) {
        cli_print_error(&err);
        code = cli_exit_for(rc);
        goto done;
    }
    cli_print_warnings(&rep->warnings);
    if (format == FMT_JSON)
        json(&out, rep);
    else
        text(&out, rep);
    if (out.failed) {
        fprintf(stderr, "outagesim: out of memory formatting the result\n");
        goto done;
    }
    if (os_write_atomic(output, out.data, out.len, &err) != 0) {
        cli_print_error(&err);
        goto done;
    }
    code = EXIT_OK;
done:
    os_buf_free(&out);
    os_fit_report_free(rep);
    return code;
}
