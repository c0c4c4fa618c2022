/* cli_exact.c — `outagesim exact SCENARIO [--set KEY=VALUE]... [--format text|json]
 * [--output FILE]`: exact steady-state answers per connection (SPEC §5.2). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "outagesim/duration.h"
#include "outagesim/exact.h"
#include "outagesim/output.h"
#include "outagesim/report.h"

static void text_row(os_buf *b, size_t w, const char *name, const os_exact_conn *e)
{
    char d1[64], d2[64];
    if (!e->in_class) {
        os_buf_printf(b, "%-*s  outside the exact class: %s\n", (int)w, name, e->reason);
        return;
    }
    if (isnan(e->mean_outage_duration))
        snprintf(d1, sizeof d1, "never up");
    else
        os_duration_format((os_ms)llround(e->mean_outage_duration * 1e3), d1, sizeof d1);
    os_duration_format((os_ms)llround(e->downtime_per_year * 1e3), d2, sizeof d2);
    char av[64];
    snprintf(av, sizeof av, "%.10f%%", 100.0 * e->availability);
    os_buf_printf(b, "%-*s  %-16s %-14.6g %-18s %s\n", (int)w, name, av, e->outages_per_year, d1,
                  d2);
}

static void text(os_buf *b, const os_scenario *sc, const os_exact_conn *x, const os_exact_conn *fx)
{
    size_t w = strlen("connection");
    for (size_t i = 0; i < sc->n_connections; i++)
        if (strlen(sc->connections[i].name) > w)
            w = strlen(sc->connections[i].name);
    for (size_t i = 0; i < sc->n_flows; i++)
        if (strlen(sc->flows[i].name) > w)
            w = strlen(sc->flows[i].name);
    os_buf_printf(b, "outagesim %s: exact steady state of scenario %s\n\n", OS_VERSION, sc->name);
    os_buf_printf(b, "%-*s  %-16s %-14s %-18s %s\n", (int)w, "connection", "availability",
                  "outages/yr", "mean outage", "downtime/yr");
    for (size_t i = 0; i < sc->n_connections; i++)
        text_row(b, w, sc->connections[i].name, &x[i]);
    if (sc->n_flows) {
        os_buf_puts(b, "\nflow\n");
        for (size_t i = 0; i < sc->n_flows; i++)
            text_row(b, w, sc->flows[i].name, &fx[i]);
    }
    os_buf_puts(b, "\navailability = sum over component states of P(state) x served fraction; "
                   "outages/yr by the\nfrequency-and-duration method; mean outage = (1 - P(up)) "
                   "/ frequency; downtime/yr = (1 - availability) x 365d.\n");
    if (sc->n_flows)
        os_buf_puts(b, "A flow is solved over the components its connections depend on, shared "
                       "ones once.\n");
    size_t k = 0, n = 0;
    double cost = os_exact_downtime_cost(sc, x, fx, &k, &n);
    if (sc->costs.enabled) {
        const char *what = sc->n_flows ? "flow" : "connection";
        if (k)
            os_buf_printf(b,
                          "\nexpected downtime cost: %.2f %s a year (%zu of %zu %s%s in the exact "
                          "class: (1 - availability) x 365d x the downtime rate, summed)\n",
                          cost, sc->costs.currency, k, n, what, n == 1 ? "" : "s");
        else
            os_buf_printf(b, "\nexpected downtime cost: unknown (no %s in the exact class)\n",
                          what);
    }
}

static void json_list(os_buf *b, const char *key, size_t n,
                      const char *(*name)(const os_scenario *, size_t), const os_scenario *sc,
                      const os_exact_conn *x)
{
    os_buf_printf(b, ",\n  \"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        os_buf_puts(b, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
        os_buf_json_string(b, name(sc, i));
        os_buf_puts(b, ", \"exact\": ");
        if (x[i].in_class) {
            os_exact_json(b, &x[i]);
        } else {
            os_buf_puts(b, "null, \"outside\": ");
            os_buf_json_string(b, x[i].reason);
        }
        os_buf_puts(b, "}");
    }
    os_buf_puts(b, "\n  ]");
}

static const char *conn_name(const os_scenario *sc, size_t i)
{
    return sc->connections[i].name;
}

static const char *flow_name(const os_scenario *sc, size_t i)
{
    return sc->flows[i].name;
}

static void json(os_buf *b, const os_scenario *sc, const os_exact_conn *x, const os_exact_conn *fx)
{
    os_buf_printf(b, "{\n  \"outagesim\": \"%s\",\n  \"scenario\": ", OS_VERSION);
    os_buf_json_string(b, sc->name);
    json_list(b, "connections", sc->n_connections, conn_name, sc, x);
    if (sc->n_flows) /* "flows" only when the scenario has flows, as in run */
        json_list(b, "flows", sc->n_flows, flow_name, sc, fx);
    if (sc->costs.enabled) { /* SPEC §6.4: downtime cost of the entities in the class */
        size_t k = 0, n = 0;
        double cost = os_exact_downtime_cost(sc, x, fx, &k, &n);
        os_buf_puts(b, ",\n  \"cost\": {\"currency\": ");
        os_buf_json_string(b, sc->costs.currency);
        os_buf_puts(b, ", \"downtime\": ");
        os_buf_json_number(b, cost); /* null when no entity is in the class */
        os_buf_printf(b, ", \"in_class\": %zu, \"of\": %zu}", k, n);
    }
    os_buf_puts(b, "\n}\n");
}

int cmd_exact(int argc, char **argv)
{
    static const struct option longs[] = {
        {"set", required_argument, NULL, 'S'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_sets sets = {.n = 0};
    enum cli_format format = FMT_TEXT;
    const char *output = NULL;
    os_scenario *sc = NULL;
    os_exact_conn *x = NULL, *fx = NULL;
    os_buf out = {0};
    os_error err;
    os_error_clear(&err);
    int code = EXIT_BAD, ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "ho:", longs, NULL)) != -1) {
        switch (ch) {
        case 'h':
            cli_help(cli_help_exact);
            code = EXIT_OK;
            goto done;
        case 'S':
            if (cli_sets_add(&sets, optarg) < 0)
                goto done;
            break;
        case 'f':
            if (cli_parse_text_json(optarg, &format) < 0)
                goto done;
            break;
        case 'o':
            output = optarg;
            break;
        default:
            cli_bad_option(argv, "exact");
            goto done;
        }
    }
    if (!cli_operand(argc, argv, "exact", "SCENARIO"))
        goto done;
    int lrc = cli_scenario_load(argv[optind], sets.sets, sets.n, &sc, &err);
    if (lrc != 0) {
        cli_print_error(&err);
        code = cli_exit_for(lrc);
        goto done;
    }
    x = calloc(sc->n_connections ? sc->n_connections : 1, sizeof *x);
    if (!x || os_exact_solve(sc, x, &err) != 0) {
        if (!x)
            os_error_set(&err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        cli_print_error(&err);
        goto done;
    }
    fx = calloc(sc->n_flows ? sc->n_flows : 1, sizeof *fx);
    if (!fx || os_exact_solve_flows(sc, x, fx, &err) != 0) {
        if (!fx)
            os_error_set(&err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        cli_print_error(&err);
        goto done;
    }
    size_t in = 0;
    for (size_t i = 0; i < sc->n_connections; i++)
        in += x[i].in_class;
    if (in == 0) {
        for (size_t i = 0; i < sc->n_connections; i++)
            fprintf(stderr, "%s: connection '%s' is outside the exact class: %s\n", sc->path,
                    sc->connections[i].name, x[i].reason);
        fprintf(stderr, "%s: no connection is in the exact class\n", sc->path);
        goto done;
    }
    for (size_t i = 0; i < sc->n_connections; i++)
        if (!x[i].in_class)
            fprintf(stderr, "outagesim: warning: connection '%s' is outside the exact class: %s\n",
                    sc->connections[i].name, x[i].reason);
    for (size_t i = 0; i < sc->n_flows; i++)
        if (!fx[i].in_class)
            fprintf(stderr, "outagesim: warning: flow '%s' is outside the exact class: %s\n",
                    sc->flows[i].name, fx[i].reason);
    size_t ignored = os_exact_ignored_events(sc);
    if (ignored)
        fprintf(stderr,
                "outagesim: note: %zu injected outage event%s left out of the exact "
                "answer (it describes the stochastic steady state)\n",
                ignored, ignored == 1 ? "" : "s");
    if (format == FMT_JSON)
        json(&out, sc, x, fx);
    else
        text(&out, sc, x, fx);
    if (out.failed || os_write_atomic(output, out.data, out.len, &err) != 0) {
        cli_print_error(&err);
        goto done;
    }
    code = EXIT_OK;
done:
    cli_sets_free(&sets);
    os_buf_free(&out);
    free(x);
    free(fx);
    os_scenario_free(sc);
    return code;
}
