/* sweep.c — parameter sweeps: `--vary` specs, their cross product, running or solving every
 * point, and the side-by-side reports (SPEC §3, §4).
 *
 * Every point is a scenario loaded from the same file with the --set overrides and then the
 * point's own KEY=VALUE overrides, so a sweep key means exactly what it means to --set. All
 * points are loaded before any runs (a bad value in the last point fails at once, with nothing
 * written). Points run one after another, each with os_run over every thread and the same seed,
 * so the output is the same for any thread count and differences between points are not noise
 * from different draws where the model keeps its random streams aligned. This module does not
 * print or decide exit codes; the CLI (cli_sweep.c) does. */
#include "outagesim/sweep.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outagesim/duration.h"
#include "outagesim/report.h"

typedef struct sweep_key {
    char *key;
    char **values; /* as written, trimmed */
    size_t n_values;
} sweep_key;

enum sweep_mode { MODE_NONE, MODE_RUN, MODE_EXACT };

struct os_sweep {
    sweep_key keys[OS_SWEEP_MAX_KEYS];
    size_t n_keys;
    size_t n_points;       /* product of the value counts; 1 with no key */
    os_scenario **sc;      /* [n_points] after loading */
    os_run_result **res;   /* [n_points] after a run */
    os_exact_conn **exact; /* [n_points][connections] after an exact solve */
    enum sweep_mode mode;
};

/* --- building --------------------------------------------------------------------------- */

os_sweep *os_sweep_new(void)
{
    os_sweep *sw = calloc(1, sizeof *sw);
    if (sw)
        sw->n_points = 1;
    return sw;
}

static void free_results(os_sweep *sw)
{
    if (sw->res)
        for (size_t p = 0; p < sw->n_points; p++)
            os_run_result_free(sw->res[p]);
    free(sw->res);
    sw->res = NULL;
    if (sw->exact)
        for (size_t p = 0; p < sw->n_points; p++)
            free(sw->exact[p]);
    free(sw->exact);
    sw->exact = NULL;
    sw->mode = MODE_NONE;
}

static void free_scenarios(os_sweep *sw)
{
    free_results(sw);
    if (sw->sc)
        for (size_t p = 0; p < sw->n_points; p++)
            os_scenario_free(sw->sc[p]);
    free(sw->sc);
    sw->sc = NULL;
}

void os_sweep_free(os_sweep *sw)
{
    if (!sw)
        return;
    free_scenarios(sw);
    for (size_t k = 0; k < sw->n_keys; k++) {
        for (size_t i = 0; i < sw->keys[k].n_values; i++)
            free(sw->keys[k].values[i]);
        free(sw->keys[k].values);
        free(sw->keys[k].key);
    }
    free(sw);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* A copy of s[0..len) without surrounding blanks, or NULL when out of memory. */
static char *trimmed(const char *s, size_t len)
{
    while (len && is_space(*s)) {
        s++;
        len--;
    }
    while (len && is_space(s[len - 1]))
        len--;
    return strndup(s, len);
}

/* Splits a value list on commas that are outside brackets and quotes, so flow YAML such as
 * "{dist: fixed, value: 2h}" stays one value. Fills k->values; 0, OS_ERR_USAGE or
 * OS_ERR_NOMEM. */
static int split_values(sweep_key *k, const char *list, const char *spec, os_error *err)
{
    size_t cap = 4;
    k->values = malloc(cap * sizeof *k->values);
    if (!k->values)
        return os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    int depth = 0;
    char quote = 0;
    const char *start = list;
    for (const char *p = list;; p++) {
        if (*p && quote) {
            if (*p == quote)
                quote = 0;
            continue;
        }
        if (*p == '\'' || *p == '"') {
            quote = *p;
            continue;
        }
        if (*p == '{' || *p == '[')
            depth++;
        else if ((*p == '}' || *p == ']') && depth > 0)
            depth--;
        if (*p && (*p != ',' || depth > 0))
            continue;
        char *v = trimmed(start, (size_t)(p - start));
        if (!v)
            return os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        if (!*v) {
            free(v);
            return os_error_set(err, OS_ERR_USAGE, NULL, 0, 0,
                                "--vary: empty value in '%s' (expected KEY=V1,V2,...)", spec);
        }
        if (k->n_values == OS_SWEEP_MAX_VALUES) {
            free(v);
            return os_error_set(err, OS_ERR_USAGE, NULL, 0, 0, "--vary %s: more than %d values",
                                k->key, OS_SWEEP_MAX_VALUES);
        }
        if (k->n_values == cap) {
            char **nv = realloc(k->values, 2 * cap * sizeof *nv);
            if (!nv) {
                free(v);
                return os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
            }
            k->values = nv;
            cap *= 2;
        }
        k->values[k->n_values++] = v;
        if (!*p)
            break;
        start = p + 1;
    }
    return OS_OK;
}

int os_sweep_add_vary(os_sweep *sw, const char *spec, os_error *err)
{
    os_error_clear(err);
    const char *eq = spec ? strchr(spec, '=') : NULL;
    if (!eq)
        return os_error_set(err, OS_ERR_USAGE, NULL, 0, 0,
                            "--vary: expected KEY=V1,V2,..., got '%s'", spec ? spec : "");
    if (sw->sc)
        return os_error_set(err, OS_ERR_USAGE, NULL, 0, 0, "--vary: the sweep is already loaded");
    if (sw->n_keys == OS_SWEEP_MAX_KEYS)
        return os_error_set(err, OS_ERR_USAGE, NULL, 0, 0, "--vary: more than %d keys",
                            OS_SWEEP_MAX_KEYS);
    sweep_key k = {0};
    int rc = OS_OK;
    if (!(k.key = trimmed(spec, (size_t)(eq - spec)))) {
        rc = os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    if (!*k.key) {
        rc = os_error_set(err, OS_ERR_USAGE, NULL, 0, 0,
                          "--vary: empty key in '%s' (expected KEY=V1,V2,...)", spec);
        goto out;
    }
    for (size_t i = 0; i < sw->n_keys; i++)
        if (!strcmp(sw->keys[i].key, k.key)) {
            rc = os_error_set(err, OS_ERR_USAGE, NULL, 0, 0, "--vary %s: the key is varied twice",
                              k.key);
            goto out;
        }
    const char *list = eq + 1;
    while (is_space(*list))
        list++;
    if (!*list) {
        rc = os_error_set(err, OS_ERR_USAGE, NULL, 0, 0,
                          "--vary %s: no values (expected KEY=V1,V2,...)", k.key);
        goto out;
    }
    if ((rc = split_values(&k, list, spec, err)) < 0)
        goto out;
    if (sw->n_points * k.n_values > OS_SWEEP_MAX_POINTS) {
        rc = os_error_set(err, OS_ERR_USAGE, NULL, 0, 0,
                          "--vary %s: the sweep would have %zu points (the limit is %d)", k.key,
                          sw->n_points * k.n_values, OS_SWEEP_MAX_POINTS);
        goto out;
    }
    sw->n_points *= k.n_values;
    sw->keys[sw->n_keys++] = k;
    return OS_OK;
out:
    for (size_t i = 0; i < k.n_values; i++)
        free(k.values[i]);
    free(k.values);
    free(k.key);
    return rc;
}

size_t os_sweep_n_keys(const os_sweep *sw)
{
    return sw->n_keys;
}

const char *os_sweep_key(const os_sweep *sw, size_t key)
{
    return key < sw->n_keys ? sw->keys[key].key : NULL;
}

size_t os_sweep_n_points(const os_sweep *sw)
{
    return sw->n_points;
}

const char *os_sweep_value(const os_sweep *sw, size_t point, size_t key)
{
    if (key >= sw->n_keys || point >= sw->n_points)
        return NULL;
    /* Nested loops, first key outermost: key k's index is (point / stride_k) mod n_k, where
     * stride_k is the product of the value counts of the keys after k. */
    size_t stride = 1;
    for (size_t j = key + 1; j < sw->n_keys; j++)
        stride *= sw->keys[j].n_values;
    return sw->keys[key].values[(point / stride) % sw->keys[key].n_values];
}

/* --- loading ---------------------------------------------------------------------------- */

/* "KEY=V, KEY=V" of a point into buf. */
static void point_label(const os_sweep *sw, size_t point, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = 0;
    for (size_t k = 0; k < sw->n_keys && n + 1 < size; k++) {
        int w = snprintf(buf + n, size - n, "%s%s=%s", k ? ", " : "", sw->keys[k].key,
                         os_sweep_value(sw, point, k));
        if (w < 0)
            break;
        n = (size_t)w >= size - n ? size - 1 : n + (size_t)w;
    }
}

/* Makes a loader error about a point read as well as one about --set: "--set KEY" becomes
 * "--vary KEY" for a varied key; an error elsewhere gets the point it happened at. */
static void explain_point_error(const os_sweep *sw, size_t point, os_error *err)
{
    if (!strncmp(err->file, "--set ", 6)) {
        for (size_t k = 0; k < sw->n_keys; k++)
            if (!strcmp(err->file + 6, sw->keys[k].key)) {
                snprintf(err->file, sizeof err->file, "--vary %s", sw->keys[k].key);
                return;
            }
        return;
    }
    if (err->status == OS_ERR_NOMEM || sw->n_keys == 0)
        return;
    char label[512];
    point_label(sw, point, label, sizeof label);
    size_t len = strlen(err->msg);
    if (len + 1 < sizeof err->msg)
        snprintf(err->msg + len, sizeof err->msg - len, " (at sweep point %s)", label);
}

static int load_points(os_sweep *sw, const char *path, const char *name, const char *data,
                       size_t size, const os_override *sets, size_t n_sets, os_error *err)
{
    os_error_clear(err);
    free_scenarios(sw);
    for (size_t i = 0; i < n_sets; i++)
        for (size_t k = 0; k < sw->n_keys; k++)
            if (sets[i].key && !strcmp(sets[i].key, sw->keys[k].key))
                return os_error_set(err, OS_ERR_USAGE, NULL, 0, 0,
                                    "--vary %s: the key is also given with --set", sw->keys[k].key);
    int rc = OS_OK;
    os_override *all = malloc((n_sets + sw->n_keys + 1) * sizeof *all);
    sw->sc = calloc(sw->n_points, sizeof *sw->sc);
    if (!all || !sw->sc) {
        rc = os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    if (n_sets)
        memcpy(all, sets, n_sets * sizeof *all);
    for (size_t p = 0; p < sw->n_points; p++) {
        for (size_t k = 0; k < sw->n_keys; k++)
            all[n_sets + k] = (os_override){sw->keys[k].key, os_sweep_value(sw, p, k)};
        size_t n = n_sets + sw->n_keys;
        rc = path ? os_scenario_load(path, all, n, &sw->sc[p], err)
                  : os_scenario_load_buffer(name, data, size, all, n, &sw->sc[p], err);
        if (rc < 0) {
            explain_point_error(sw, p, err);
            goto out;
        }
    }
out:
    if (rc < 0)
        free_scenarios(sw);
    free(all);
    return rc;
}

int os_sweep_load(os_sweep *sw, const char *path, const os_override *sets, size_t n_sets,
                  os_error *err)
{
    return load_points(sw, path, NULL, NULL, 0, sets, n_sets, err);
}

int os_sweep_load_buffer(os_sweep *sw, const char *name, const char *data, size_t size,
                         const os_override *sets, size_t n_sets, os_error *err)
{
    return load_points(sw, NULL, name ? name : "<scenario>", data, size, sets, n_sets, err);
}

const os_scenario *os_sweep_scenario(const os_sweep *sw, size_t point)
{
    return sw->sc && point < sw->n_points ? sw->sc[point] : NULL;
}

/* --- running ---------------------------------------------------------------------------- */

int os_sweep_run(os_sweep *sw, const os_run_options *opt, os_sweep_point_fn fn, void *ctx,
                 os_error *err)
{
    os_error_clear(err);
    if (!sw->sc)
        return os_error_set(err, OS_ERR_USAGE, NULL, 0, 0, "the sweep is not loaded");
    free_results(sw);
    sw->res = calloc(sw->n_points, sizeof *sw->res);
    if (!sw->res)
        return os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t p = 0; p < sw->n_points; p++) {
        if (fn)
            fn(ctx, sw, p);
        int rc = os_run(sw->sc[p], opt, &sw->res[p], err);
        if (rc < 0) {
            free_results(sw);
            return rc;
        }
    }
    sw->mode = MODE_RUN;
    return OS_OK;
}

/* Fills err with every distinct (connection, reason) outside the class. */
static int no_exact_error(const os_sweep *sw, os_error *err)
{
    char msg[sizeof err->msg];
    size_t n = 0;
    int w = snprintf(msg, sizeof msg, "no connection of any point is in the exact class:");
    n = w > 0 ? (size_t)w : 0;
    for (size_t p = 0; p < sw->n_points; p++) {
        const os_scenario *sc = sw->sc[p];
        for (size_t i = 0; i < sc->n_connections; i++) {
            const char *name = sc->connections[i].name, *why = sw->exact[p][i].reason;
            char item[512];
            snprintf(item, sizeof item, " %s: %s;", name, why ? why : "unknown");
            if (strstr(msg, item))
                continue;
            size_t len = strlen(item);
            if (n + len + 1 >= sizeof msg)
                break;
            memcpy(msg + n, item, len + 1);
            n += len;
        }
    }
    if (n && msg[n - 1] == ';')
        msg[n - 1] = 0;
    return os_error_set(err, OS_ERR_INPUT, sw->sc[0]->path, 0, 0, "%s", msg);
}

int os_sweep_exact(os_sweep *sw, os_sweep_point_fn fn, void *ctx, os_error *err)
{
    os_error_clear(err);
    if (!sw->sc)
        return os_error_set(err, OS_ERR_USAGE, NULL, 0, 0, "the sweep is not loaded");
    free_results(sw);
    sw->exact = calloc(sw->n_points, sizeof *sw->exact);
    if (!sw->exact)
        return os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    bool any = false;
    int rc = OS_OK;
    for (size_t p = 0; p < sw->n_points; p++) {
        const os_scenario *sc = sw->sc[p];
        if (fn)
            fn(ctx, sw, p);
        sw->exact[p] = calloc(sc->n_connections ? sc->n_connections : 1, sizeof **sw->exact);
        if (!sw->exact[p]) {
            rc = os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
            goto out;
        }
        if ((rc = os_exact_solve(sc, sw->exact[p], err)) < 0)
            goto out;
        for (size_t i = 0; i < sc->n_connections; i++)
            any = any || sw->exact[p][i].in_class;
    }
    if (!any) {
        rc = no_exact_error(sw, err);
        goto out;
    }
    sw->mode = MODE_EXACT;
out:
    if (rc < 0)
        free_results(sw);
    return rc;
}

const os_run_result *os_sweep_result(const os_sweep *sw, size_t point)
{
    return sw->mode == MODE_RUN && point < sw->n_points ? sw->res[point] : NULL;
}

const os_exact_conn *os_sweep_exact_result(const os_sweep *sw, size_t point)
{
    return sw->mode == MODE_EXACT && point < sw->n_points ? sw->exact[point] : NULL;
}

static bool point_passes(const os_sweep *sw, size_t p)
{
    const os_scenario *sc = sw->sc[p];
    if (sw->mode == MODE_RUN) {
        const os_run_result *r = sw->res[p];
        for (size_t i = 0; i < sc->n_connections; i++)
            if (r->conn[i].verdict != OS_VERDICT_PASS)
                return false;
        return !sc->sc.enabled ||
               (r->rto_verdict == OS_VERDICT_PASS && r->rpo_verdict == OS_VERDICT_PASS);
    }
    if (sw->mode == MODE_EXACT) {
        for (size_t i = 0; i < sc->n_connections; i++) {
            const os_exact_conn *e = &sw->exact[p][i];
            /* at or above the target, allowing for the rounding of 1 - unavailability */
            if (!e->in_class || e->unavailability > 1.0 - sc->sla.availability + 1e-12)
                return false;
        }
        return true;
    }
    return false;
}

static long long total_instances(const os_scenario *sc)
{
    long long n = 0;
    for (size_t i = 0; i < sc->n_computes; i++)
        n += sc->computes[i].instances;
    return n;
}

long os_sweep_cheapest(const os_sweep *sw)
{
    long best = -1;
    for (size_t p = 0; p < sw->n_points && sw->mode != MODE_NONE; p++) {
        if (!point_passes(sw, p))
            continue;
        if (best >= 0) {
            const os_scenario *a = sw->sc[p], *b = sw->sc[best];
            long long ia = total_instances(a), ib = total_instances(b);
            if (a->n_zones > b->n_zones || (a->n_zones == b->n_zones && ia >= ib))
                continue;
        }
        best = (long)p;
    }
    return best;
}

/* --- JSON ------------------------------------------------------------------------------- */

/* A value that reads fully as a decimal number ("3", "-2.5", "1e3") is emitted as a JSON
 * number, true and false as booleans, anything else ("2h", "99.9%", "{dist: ...}") as the
 * string as written. */
static void json_value(os_buf *b, const char *v)
{
    if (!strcmp(v, "true") || !strcmp(v, "false")) {
        os_buf_puts(b, v);
        return;
    }
    bool numeric =
        *v != 0 && strspn(v, "+-0123456789.eE") == strlen(v) && strpbrk(v, "0123456789") != NULL;
    if (numeric) {
        char *end;
        double x = strtod(v, &end);
        if (*end == 0 && isfinite(x)) {
            os_buf_json_number(b, x);
            return;
        }
    }
    os_buf_json_string(b, v);
}

static void json_set(os_buf *b, const os_sweep *sw, size_t p)
{
    os_buf_puts(b, "\"set\": {");
    for (size_t k = 0; k < sw->n_keys; k++) {
        if (k)
            os_buf_puts(b, ", ");
        os_buf_json_string(b, sw->keys[k].key);
        os_buf_puts(b, ": ");
        json_value(b, os_sweep_value(sw, p, k));
    }
    os_buf_puts(b, "}");
}

/* Appends s with indent after every newline (JSON strings hold no raw newline). */
static void put_indented(os_buf *b, const char *s, const char *indent)
{
    for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
        os_buf_put(b, s, (size_t)(nl - s) + 1);
        os_buf_puts(b, indent);
    }
    os_buf_puts(b, s);
}

static void json_exact_point(os_buf *b, const os_sweep *sw, size_t p)
{
    const os_scenario *sc = sw->sc[p];
    os_buf_printf(b, "    \"outagesim\": \"%s\",\n    \"scenario\": ", OS_VERSION);
    os_buf_json_string(b, sc->name);
    os_buf_puts(b, ",\n    \"connections\": [");
    for (size_t i = 0; i < sc->n_connections; i++) {
        const os_exact_conn *e = &sw->exact[p][i];
        os_buf_puts(b, i ? ",\n      {\"name\": " : "\n      {\"name\": ");
        os_buf_json_string(b, sc->connections[i].name);
        if (!e->in_class) {
            os_buf_puts(b, ", \"exact\": null, \"outside\": ");
            os_buf_json_string(b, e->reason ? e->reason : "");
            os_buf_puts(b, "}");
            continue;
        }
        os_buf_puts(b, ", \"exact\": {\"availability\": ");
        os_buf_json_number(b, e->availability);
        os_buf_puts(b, ", \"outages_per_year\": ");
        os_buf_json_number(b, e->outages_per_year);
        os_buf_puts(b, ", \"mean_outage_duration\": ");
        os_buf_json_number(b, e->mean_outage_duration);
        os_buf_puts(b, ", \"downtime_per_year\": ");
        os_buf_json_number(b, e->downtime_per_year);
        os_buf_puts(b, "}}");
    }
    os_buf_puts(b, sc->n_connections ? "\n    ]" : "]");
}

void os_sweep_json(os_buf *b, const os_sweep *sw)
{
    if (sw->mode == MODE_NONE)
        return;
    os_buf_puts(b, "{\"points\": [");
    os_buf tmp = {0};
    for (size_t p = 0; p < sw->n_points; p++) {
        os_buf_puts(b, p ? ",\n  {\n    " : "\n  {\n    ");
        json_set(b, sw, p);
        os_buf_puts(b, ",\n");
        if (sw->mode == MODE_EXACT) {
            json_exact_point(b, sw, p);
            os_buf_puts(b, "\n  }");
            continue;
        }
        /* The run object of SPEC §4, with "set" spliced in after its opening brace. */
        tmp.len = 0;
        os_report_json(&tmp, sw->res[p]);
        if (tmp.failed) {
            b->failed = true;
            break;
        }
        const char *body = tmp.data ? tmp.data : "{}";
        if (!strncmp(body, "{\n", 2))
            body += 2;
        else if (*body == '{')
            body += 1;
        os_buf_puts(b, "  ");
        put_indented(b, body, "  ");
    }
    os_buf_free(&tmp);
    os_buf_puts(b, sw->n_points ? "\n]}\n" : "]}\n");
}

/* --- CSV -------------------------------------------------------------------------------- */

static void csv_field(os_buf *b, const char *s)
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

static void csv_number(os_buf *b, double x, bool present)
{
    os_buf_puts(b, ",");
    if (present && isfinite(x))
        os_buf_json_number(b, x);
}

void os_sweep_csv(os_buf *b, const os_sweep *sw)
{
    if (sw->mode == MODE_NONE)
        return;
    os_buf head = {0}, prefix = {0};
    for (size_t k = 0; k < sw->n_keys; k++) {
        csv_field(&head, sw->keys[k].key);
        os_buf_puts(&head, ",");
    }
    if (sw->mode == MODE_EXACT) {
        os_buf_printf(b,
                      "%sconnection,availability,outages_per_year,mean_outage_duration,"
                      "downtime_per_year,outside\n",
                      head.data ? head.data : "");
    }
    for (size_t p = 0; p < sw->n_points; p++) {
        prefix.len = 0;
        if (prefix.data)
            prefix.data[0] = 0;
        for (size_t k = 0; k < sw->n_keys; k++) {
            csv_field(&prefix, os_sweep_value(sw, p, k));
            os_buf_puts(&prefix, ",");
        }
        const char *pre = prefix.data ? prefix.data : "";
        if (sw->mode == MODE_RUN) {
            os_report_csv(b, sw->res[p], p == 0, head.data ? head.data : "", pre);
            continue;
        }
        const os_scenario *sc = sw->sc[p];
        for (size_t i = 0; i < sc->n_connections; i++) {
            const os_exact_conn *e = &sw->exact[p][i];
            os_buf_puts(b, pre);
            csv_field(b, sc->connections[i].name);
            csv_number(b, e->availability, e->in_class);
            csv_number(b, e->outages_per_year, e->in_class);
            csv_number(b, e->mean_outage_duration, e->in_class);
            csv_number(b, e->downtime_per_year, e->in_class);
            os_buf_puts(b, ",");
            if (!e->in_class)
                csv_field(b, e->reason ? e->reason : "");
            os_buf_puts(b, "\n");
        }
    }
    if (head.failed || prefix.failed)
        b->failed = true;
    os_buf_free(&head);
    os_buf_free(&prefix);
}

/* --- text ------------------------------------------------------------------------------- */

/* A table of cells, laid out with column widths at the end. */
typedef struct table {
    char **cells; /* [row * cols + col], NULL for an empty cell */
    size_t rows, cols, cap_rows;
    bool failed;
} table;

static void table_set(table *t, size_t row, size_t col, const char *s)
{
    if (t->failed || col >= t->cols)
        return;
    if (row >= t->cap_rows) {
        size_t cap = t->cap_rows ? 2 * t->cap_rows : 16;
        while (cap <= row)
            cap *= 2;
        char **c = realloc(t->cells, cap * t->cols * sizeof *c);
        if (!c) {
            t->failed = true;
            return;
        }
        memset(c + t->cap_rows * t->cols, 0, (cap - t->cap_rows) * t->cols * sizeof *c);
        t->cells = c;
        t->cap_rows = cap;
    }
    if (row >= t->rows)
        t->rows = row + 1;
    char *copy = strdup(s);
    if (!copy) {
        t->failed = true;
        return;
    }
    free(t->cells[row * t->cols + col]);
    t->cells[row * t->cols + col] = copy;
}

/* Columns left-aligned, two spaces apart, trailing blanks trimmed. */
static void table_print(os_buf *b, const table *t)
{
    size_t w[64] = {0};
    for (size_t r = 0; r < t->rows; r++)
        for (size_t c = 0; c < t->cols && c < 64; c++) {
            const char *s = t->cells[r * t->cols + c];
            if (s && strlen(s) > w[c])
                w[c] = strlen(s);
        }
    for (size_t r = 0; r < t->rows; r++) {
        size_t last = 0;
        for (size_t c = 0; c < t->cols; c++)
            if (t->cells[r * t->cols + c])
                last = c;
        for (size_t c = 0; c <= last && c < 64; c++) {
            const char *s = t->cells[r * t->cols + c];
            if (c == last)
                os_buf_puts(b, s ? s : "");
            else
                os_buf_printf(b, "%-*s%s", (int)w[c], s ? s : "", c == 0 ? " " : "  ");
        }
        os_buf_puts(b, "\n");
    }
}

static void table_free(table *t)
{
    for (size_t i = 0; i < t->cap_rows * t->cols; i++)
        free(t->cells[i]);
    free(t->cells);
}

/* "99.81234%"; digits grow with the nines when exact (1 - 1e-9 shows as 99.9999999%). */
static const char *percent(double x, double unavail, int digits, char *buf, size_t size)
{
    if (digits < 0) {
        digits = 5;
        if (unavail > 0 && unavail < 1e-5)
            digits = (int)ceil(-log10(unavail)) + 1;
        if (digits > 12)
            digits = 12;
    }
    if (x >= 1.0 && unavail <= 0)
        snprintf(buf, size, "100%%");
    else
        snprintf(buf, size, "%.*f%%", digits, 100.0 * x);
    return buf;
}

/* A duration to two units at most, rounded: "8h 46m", "2d 3h", "31s", "250ms". */
static const char *short_duration(double seconds, char *buf, size_t size)
{
    static const struct {
        const char *name;
        long long ms;
    } u[] = {{"d", 86400000LL}, {"h", 3600000LL}, {"m", 60000LL}, {"s", 1000LL}, {"ms", 1}};
    if (!isfinite(seconds)) {
        snprintf(buf, size, "-");
        return buf;
    }
    long long v = llround(seconds * 1e3);
    if (v <= 0) {
        snprintf(buf, size, "0");
        return buf;
    }
    size_t i = 0;
    while (i + 1 < 5 && v < u[i].ms)
        i++;
    if (i + 1 < 5) {
        long long q = u[i + 1].ms;
        v = (v + q / 2) / q * q;
        while (i > 0 && v >= u[i - 1].ms)
            i--;
    }
    long long hi = v / u[i].ms, lo = i + 1 < 5 ? v % u[i].ms / u[i + 1].ms : 0;
    if (lo)
        snprintf(buf, size, "%lld%s %lld%s", hi, u[i].name, lo, u[i + 1].name);
    else
        snprintf(buf, size, "%lld%s", hi, u[i].name);
    return buf;
}

static char *grouped(uint64_t n, char *buf, size_t size)
{
    char raw[32];
    snprintf(raw, sizeof raw, "%llu", (unsigned long long)n);
    size_t len = strlen(raw), o = 0;
    for (size_t i = 0; i < len && o + 2 < size; i++) {
        if (i && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = 0;
    return buf;
}

/* What every point shares, for the heading. */
typedef struct common {
    bool horizon, reps, seed, sla, dr, same_conns;
} common;

static common shared(const os_sweep *sw)
{
    common c = {true, true, true, true, false, true};
    const os_scenario *a = sw->sc[0];
    for (size_t p = 0; p < sw->n_points; p++) {
        const os_scenario *s = sw->sc[p];
        c.horizon = c.horizon && s->sim.horizon == a->sim.horizon;
        c.sla = c.sla && s->sla.availability == a->sla.availability && s->sla.rto == a->sla.rto &&
                s->sla.rpo == a->sla.rpo;
        c.dr = c.dr || s->sc.enabled;
        c.same_conns = c.same_conns && s->n_connections == a->n_connections;
        if (sw->mode == MODE_RUN) {
            c.reps = c.reps && sw->res[p]->replications == sw->res[0]->replications;
            c.seed = c.seed && sw->res[p]->seed == sw->res[0]->seed;
        }
    }
    return c;
}

static void text_heading(os_buf *b, const os_sweep *sw, const common *c)
{
    const os_scenario *a = sw->sc[0];
    char t1[64], t2[64], t3[64];
    os_buf_printf(b, "outagesim %s: sweep of scenario %s, %zu point%s", OS_VERSION, a->name,
                  sw->n_points, sw->n_points == 1 ? "" : "s");
    for (size_t k = 0; k < sw->n_keys; k++)
        os_buf_printf(b, "%s%s (%zu)", k ? " x " : " over ", sw->keys[k].key, sw->keys[k].n_values);
    os_buf_puts(b, sw->mode == MODE_EXACT ? "; exact steady state\n" : "\n");
    if (sw->mode == MODE_RUN) {
        const os_run_result *r = sw->res[0];
        if (c->horizon)
            os_buf_printf(b, "horizon %s, ", os_duration_format(a->sim.horizon, t1, sizeof t1));
        else
            os_buf_puts(b, "horizon varies by point, ");
        if (c->reps)
            os_buf_printf(b, "%s replication%s", grouped(r->replications, t1, sizeof t1),
                          r->replications == 1 ? "" : "s");
        else
            os_buf_puts(b, "replications vary by point");
        if (c->seed)
            os_buf_printf(b, ", seed %llu (every point)", (unsigned long long)r->seed);
        else
            os_buf_puts(b, ", seed varies by point");
        os_buf_puts(b, "; ");
    }
    if (c->sla) {
        os_buf_printf(b, "targets: availability %.10g%%", 100.0 * a->sla.availability);
        if (sw->mode == MODE_RUN && c->dr)
            os_buf_printf(b, ", RTO %s, RPO %s", os_duration_format(a->sla.rto, t2, sizeof t2),
                          os_duration_format(a->sla.rpo, t3, sizeof t3));
        os_buf_puts(b, "\n\n");
    } else {
        os_buf_puts(b, "targets vary by point\n\n");
    }
}

enum { MAX_COLS = 64 };

static void text_run_rows(table *t, const os_sweep *sw, const common *c, bool conn_col, long best)
{
    size_t col = 1 + sw->n_keys, row = 0;
    char s[160], lo[48], hi[48];
    /* heading row */
    for (size_t k = 0; k < sw->n_keys; k++)
        table_set(t, row, 1 + k, sw->keys[k].key);
    if (conn_col)
        table_set(t, row, col++, "connection");
    if (!c->reps)
        table_set(t, row, col++, "replications");
    table_set(t, row, col++, "availability");
    table_set(t, row, col++, "95% interval");
    table_set(t, row, col++, "downtime/yr");
    if (c->dr) {
        table_set(t, row, col++, "control");
        table_set(t, row, col++, "RTO p95");
        table_set(t, row, col++, "RTO max");
        table_set(t, row, col++, "RPO max");
    }
    table_set(t, row, col++, "verdict");
    if (c->dr)
        table_set(t, row, col++, "RTO/RPO");
    row++;
    for (size_t p = 0; p < sw->n_points; p++) {
        const os_scenario *sc = sw->sc[p];
        const os_run_result *r = sw->res[p];
        for (size_t i = 0; i < sc->n_connections || (i == 0 && !sc->n_connections); i++) {
            col = 0;
            if (i == 0) {
                table_set(t, row, col, (long)p == best ? "*" : " ");
                for (size_t k = 0; k < sw->n_keys; k++)
                    table_set(t, row, 1 + k, os_sweep_value(sw, p, k));
            }
            col = 1 + sw->n_keys;
            if (!sc->n_connections) {
                table_set(t, row++, col, "(no connection)");
                break;
            }
            const os_conn_result *cr = &r->conn[i];
            if (conn_col)
                table_set(t, row, col++, sc->connections[i].name);
            if (!c->reps)
                table_set(t, row, col++, grouped(r->replications, s, sizeof s));
            table_set(t, row, col++,
                      percent(cr->availability.mean, 1.0 - cr->availability.mean, 5, s, sizeof s));
            snprintf(s, sizeof s, "[%s, %s]",
                     percent(cr->availability.lo, 1.0 - cr->availability.lo, 5, lo, sizeof lo),
                     percent(cr->availability.hi, 1.0 - cr->availability.hi, 5, hi, sizeof hi));
            table_set(t, row, col++, s);
            double down = (1.0 - cr->availability.mean) * 365.0 * 86400.0;
            table_set(t, row, col++, short_duration(down > 0 ? down : 0, s, sizeof s));
            if (c->dr) {
                table_set(t, row, col++,
                          percent(cr->cp_availability.mean, 1.0 - cr->cp_availability.mean, 5, s,
                                  sizeof s));
                const os_figure *f[] = {&r->rto, &r->rto, &r->rpo};
                for (int k = 0; k < 3; k++) {
                    if (!sc->sc.enabled)
                        table_set(t, row, col++, "-");
                    else if (!f[k]->n)
                        table_set(t, row, col++, "none");
                    else
                        table_set(t, row, col++,
                                  short_duration(k == 0 ? f[k]->p95 : f[k]->max, s, sizeof s));
                }
            }
            table_set(t, row, col++, os_verdict_str(cr->verdict));
            if (c->dr) {
                if (sc->sc.enabled)
                    snprintf(s, sizeof s, "%s/%s", os_verdict_str(r->rto_verdict),
                             os_verdict_str(r->rpo_verdict));
                else
                    snprintf(s, sizeof s, "-");
                table_set(t, row, col++, s);
            }
            row++;
        }
    }
}

static void text_exact_rows(table *t, const os_sweep *sw, bool conn_col, long best)
{
    size_t col = 1 + sw->n_keys, row = 0;
    char s[160];
    for (size_t k = 0; k < sw->n_keys; k++)
        table_set(t, row, 1 + k, sw->keys[k].key);
    if (conn_col)
        table_set(t, row, col++, "connection");
    table_set(t, row, col++, "availability");
    table_set(t, row, col++, "downtime/yr");
    table_set(t, row, col++, "outages/yr");
    table_set(t, row, col++, "mean outage");
    table_set(t, row, col++, "verdict");
    row++;
    for (size_t p = 0; p < sw->n_points; p++) {
        const os_scenario *sc = sw->sc[p];
        for (size_t i = 0; i < sc->n_connections; i++) {
            const os_exact_conn *e = &sw->exact[p][i];
            if (i == 0) {
                table_set(t, row, 0, (long)p == best ? "*" : " ");
                for (size_t k = 0; k < sw->n_keys; k++)
                    table_set(t, row, 1 + k, os_sweep_value(sw, p, k));
            }
            col = 1 + sw->n_keys;
            if (conn_col)
                table_set(t, row, col++, sc->connections[i].name);
            if (!e->in_class) {
                snprintf(s, sizeof s, "outside the exact class: %s", e->reason ? e->reason : "");
                table_set(t, row++, col, s);
                continue;
            }
            table_set(t, row, col++, percent(e->availability, e->unavailability, -1, s, sizeof s));
            table_set(t, row, col++, short_duration(e->downtime_per_year, s, sizeof s));
            snprintf(s, sizeof s, "%.4g", e->outages_per_year);
            table_set(t, row, col++, s);
            table_set(t, row, col++,
                      isfinite(e->mean_outage_duration)
                          ? short_duration(e->mean_outage_duration, s, sizeof s)
                          : "never up");
            bool ok = e->unavailability <= 1.0 - sc->sla.availability + 1e-12;
            table_set(t, row, col++, ok ? "pass" : "fail");
            row++;
        }
    }
}

void os_sweep_text(os_buf *b, const os_sweep *sw)
{
    if (sw->mode == MODE_NONE)
        return;
    common c = shared(sw);
    bool conn_col = !c.same_conns || sw->sc[0]->n_connections != 1;
    long best = os_sweep_cheapest(sw);
    text_heading(b, sw, &c);
    if (!conn_col)
        os_buf_printf(b, "connection %s\n", sw->sc[0]->connections[0].name);
    table t = {.cols = MAX_COLS};
    if (sw->mode == MODE_RUN)
        text_run_rows(&t, sw, &c, conn_col, best);
    else
        text_exact_rows(&t, sw, conn_col, best);
    if (t.failed)
        b->failed = true;
    else
        table_print(b, &t);
    table_free(&t);
    os_buf_puts(b, "\n");
    if (best >= 0) {
        char label[1024];
        point_label(sw, (size_t)best, label, sizeof label);
        const os_scenario *sc = sw->sc[best];
        os_buf_printf(b,
                      "* cheapest combination that passes every target: %s (%d zone%s, "
                      "%lld instance%s)\n",
                      sw->n_keys ? label : "the scenario as it is", sc->n_zones,
                      sc->n_zones == 1 ? "" : "s", total_instances(sc),
                      total_instances(sc) == 1 ? "" : "s");
    } else {
        os_buf_puts(b, "no combination passes every target\n");
    }
    if (sw->mode == MODE_RUN) {
        os_buf_puts(b, "availability: mean served fraction over the replications, with its 95% "
                       "Student-t interval;\ndowntime/yr = (1 - availability) x 365d; verdict: "
                       "pass when the interval is at or above\nthe target, fail when below, "
                       "uncertain when it straddles it (more replications settle it).\n");
        if (c.dr)
            os_buf_puts(b, "control: control-plane availability (create/validate/update would "
                           "succeed); RTO/RPO: the\nconnection service's disaster recovery, "
                           "pooled over all incidents; they pass when the\nlargest value is "
                           "within the target (\"none\": no incident).\n");
    } else {
        os_buf_puts(b, "exact steady-state figures (renewal theory, no simulation); verdict: "
                       "pass when the exact\navailability is at or above the target. RTO and RPO "
                       "are not part of the exact answer.\n");
    }
    os_buf_puts(b, "cheapest = fewest zones over all regions, then fewest instances over all "
                   "computes.\n");
}
