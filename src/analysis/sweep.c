/* sweep.c — parameter sweeps: `--vary` specs, their cross product, running or solving every
 * point, and the side-by-side reports (SPEC §3, §4).
 *
 * Every point is a scenario loaded from the same file with the --set overrides and then the
 * point's own KEY=VALUE overrides, so a sweep key means exactly what it means to --set. All
 * points are loaded before any runs (a bad value in the last point fails at once, with nothing
 * written). Every point runs with the same seed, so differences between points are not noise
 * from different draws where the model keeps its random streams aligned. When there are at
 * least as many points as threads, points run concurrently, one thread each (a short run or an
 * exact solve no longer runs serially); otherwise one after another, each over every thread.
 * A point's result never depends on its thread count, so the output is byte-identical either
 * way. This module does not
 * print or decide exit codes; the CLI (cli_sweep.c) does. */
#include "outagesim/sweep.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outagesim/duration.h"
#include "outagesim/exact.h"
#include "outagesim/report.h"

#include "sweep_internal.h"

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
    if (sw->skipped)
        for (size_t p = 0; p < sw->n_points; p++)
            free(sw->skipped[p]);
    free(sw->skipped);
    sw->skipped = NULL;
    sw->first = 0;
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

/* Appends v (taking ownership) to k's values; cap is the array's room. */
static int push_value(sweep_key *k, size_t *cap, char *v, os_error *err)
{
    if (k->n_values == OS_SWEEP_MAX_VALUES) {
        free(v);
        return os_error_set(err, OS_ERR_USAGE, NULL, 0, 0, "--vary %s: more than %d values", k->key,
                            OS_SWEEP_MAX_VALUES);
    }
    if (k->n_values == *cap) {
        char **nv = realloc(k->values, 2 * *cap * sizeof *nv);
        if (!nv) {
            free(v);
            return os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
        k->values = nv;
        *cap *= 2;
    }
    k->values[k->n_values++] = v;
    return OS_OK;
}

/* A whole optionally signed decimal integer. */
static bool parse_integer(const char *s, long long *out)
{
    char *end;
    if (!*s || strspn(s, "+-0123456789") != strlen(s))
        return false;
    errno = 0;
    *out = strtoll(s, &end, 10);
    return *end == 0 && errno == 0;
}

/* A range "A..B" or "A..B:STEP" (SPEC §6.6): a value whose first character is a digit or a sign
 * and that holds "..", outside any flow YAML; anything else (a path "../x.csv", "{...}") is a
 * value as written. */
static bool looks_like_range(const char *v)
{
    return (isdigit((unsigned char)v[0]) || v[0] == '-' || v[0] == '+') && strstr(v, "..") &&
           !strpbrk(v, "{}[]'\"");
}

/* Expands a range into k's values: integers A, A+STEP, ... up to B (STEP 1 by default), or
 * durations likewise (STEP required). Takes ownership of v. */
static int push_range(sweep_key *k, size_t *cap, char *v, os_error *err)
{
    char a[128] = "", b[128] = "", st[128] = "";
    const char *dots = strstr(v, ".."), *colon = strchr(dots + 2, ':');
    int rc = OS_OK;
    const char *why = NULL;
    snprintf(a, sizeof a, "%.*s", (int)(dots - v), v);
    if (colon) {
        snprintf(b, sizeof b, "%.*s", (int)(colon - dots - 2), dots + 2);
        snprintf(st, sizeof st, "%s", colon + 1);
    } else {
        snprintf(b, sizeof b, "%s", dots + 2);
    }
    char *parts[3] = {a, b, st};
    for (int i = 0; i < 3; i++) { /* "1 .. 4 : 2" reads as "1..4:2" */
        char *t = trimmed(parts[i], strlen(parts[i]));
        if (!t) {
            rc = os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
            goto out;
        }
        snprintf(parts[i], 128, "%s", t);
        free(t);
    }
    if (!*a || !*b || (colon && !*st)) {
        why = "expected A..B or A..B:STEP";
        goto bad;
    }
    long long ia = 0, ib = 0, is = 1;
    bool ints = parse_integer(a, &ia), intb = parse_integer(b, &ib);
    bool ints_step = !colon || parse_integer(st, &is);
    os_ms da, db, ds;
    if (ints && intb) {
        if (!ints_step) {
            why = "an integer range needs an integer step";
            goto bad;
        }
    } else if (ints || intb || (colon && ints_step && strcmp(st, "0") != 0)) {
        why = "it mixes integers and durations (write every part with a unit, e.g. 1h..4h:30m)";
        goto bad;
    } else {
        if (os_duration_parse(a, &da, &why) < 0 || os_duration_parse(b, &db, &why) < 0)
            goto bad;
        if (!colon) {
            why = "a duration range needs a step (A..B:STEP, e.g. 1h..4h:30m)";
            goto bad;
        }
        if (os_duration_parse(st, &ds, &why) < 0)
            goto bad;
        ia = da, ib = db, is = ds;
    }
    if (is <= 0) {
        why = "the step must be positive";
        goto bad;
    }
    if (ia > ib) {
        why = "it runs backwards (A must not exceed B)";
        goto bad;
    }
    /* Count first (without overflow), so a huge range fails before anything is built. */
    unsigned long long n =
        ((unsigned long long)ib - (unsigned long long)ia) / (unsigned long long)is + 1;
    if (n > (unsigned long long)(OS_SWEEP_MAX_VALUES - k->n_values)) {
        rc = os_error_set(err, OS_ERR_USAGE, NULL, 0, 0,
                          "--vary %s: range '%s' gives %llu values (more than %d in all)", k->key,
                          v, n, OS_SWEEP_MAX_VALUES);
        goto out;
    }
    for (unsigned long long i = 0; i < n; i++) {
        long long x = ia + (long long)i * is;
        char buf[64];
        if (ints && intb)
            snprintf(buf, sizeof buf, "%lld", x);
        else
            os_duration_format(x, buf, sizeof buf);
        char *c = strdup(buf);
        if (!c) {
            rc = os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
            goto out;
        }
        if ((rc = push_value(k, cap, c, err)) < 0)
            goto out;
    }
    goto out;
bad:
    rc = os_error_set(err, OS_ERR_USAGE, NULL, 0, 0, "--vary %s: bad range '%s': %s", k->key, v,
                      why ? why : "not a range");
out:
    free(v);
    return rc;
}

/* Splits a value list on commas that are outside brackets and quotes, so flow YAML such as
 * "{dist: fixed, value: 2h}" stays one value; expands ranges. Fills k->values; 0,
 * OS_ERR_USAGE or OS_ERR_NOMEM. */
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
        int rc = looks_like_range(v) ? push_range(k, &cap, v, err) : push_value(k, &cap, v, err);
        if (rc < 0)
            return rc;
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
void sweep_point_label(const os_sweep *sw, size_t point, char *buf, size_t size)
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
    sweep_point_label(sw, point, label, sizeof label);
    size_t len = strlen(err->msg);
    if (len + 1 < sizeof err->msg)
        snprintf(err->msg + len, sizeof err->msg - len, " (at sweep point %s)", label);
}

/* The reason a point is skipped: the loader's message, with the key it names when the error
 * is about a --set or --vary value ("--vary computes.web.instances: expected ..."). */
static char *skip_reason(const os_error *err)
{
    char buf[sizeof err->msg + sizeof err->file + 4];
    if (!strncmp(err->file, "--", 2))
        snprintf(buf, sizeof buf, "%s: %s", err->file, err->msg);
    else
        snprintf(buf, sizeof buf, "%s", err->msg);
    return strdup(buf);
}

/* Every point was skipped: the first point's error when all say the same, else a list of each
 * distinct reason with the first point that gave it. */
static int none_loaded_error(const os_sweep *sw, const char *file, os_error *first, os_error *err)
{
    bool same = true;
    for (size_t p = 1; p < sw->n_points; p++)
        same = same && !strcmp(sw->skipped[p], sw->skipped[0]);
    if (same) {
        *err = *first;
        return err->status;
    }
    char msg[sizeof err->msg];
    size_t n = (size_t)snprintf(msg, sizeof msg, "no combination makes a valid scenario:");
    for (size_t p = 0; p < sw->n_points && n + 1 < sizeof msg; p++) {
        bool seen = false;
        for (size_t q = 0; q < p && !seen; q++)
            seen = !strcmp(sw->skipped[q], sw->skipped[p]);
        if (seen)
            continue;
        char label[512];
        sweep_point_label(sw, p, label, sizeof label);
        int w = snprintf(msg + n, sizeof msg - n, "%s %s: %s", p ? ";" : "", label, sw->skipped[p]);
        n = w < 0 || (size_t)w >= sizeof msg - n ? sizeof msg - 1 : n + (size_t)w;
    }
    return os_error_set(err, first->status, file, 0, 0, "%s", msg);
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
    sw->skipped = calloc(sw->n_points, sizeof *sw->skipped);
    os_error first;
    size_t loaded = 0;
    os_error_clear(&first);
    if (!all || !sw->sc || !sw->skipped) {
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
        if (rc == OS_ERR_INPUT || rc == OS_ERR_LIMIT) {
            /* An invalid combination is kept as skipped, with the reason (SPEC §6.6). */
            explain_point_error(sw, p, err);
            if (!(sw->skipped[p] = skip_reason(err))) {
                rc = os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
                goto out;
            }
            char *at = strstr(sw->skipped[p], " (at sweep point ");
            if (at)
                *at = 0;
            if (p == 0)
                first = *err;
            rc = OS_OK;
            continue;
        }
        if (rc < 0) {
            explain_point_error(sw, p, err);
            goto out;
        }
        if (!loaded++)
            sw->first = p;
    }
    if (!loaded)
        rc = none_loaded_error(sw, path ? path : name, &first, err);
    else
        os_error_clear(err);
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

const char *os_sweep_skipped(const os_sweep *sw, size_t point)
{
    return sw->skipped && point < sw->n_points ? sw->skipped[point] : NULL;
}

size_t os_sweep_n_skipped(const os_sweep *sw)
{
    size_t n = 0;
    for (size_t p = 0; sw->skipped && p < sw->n_points; p++)
        n += sw->skipped[p] != NULL;
    return n;
}

/* --- running ---------------------------------------------------------------------------- */

/* Points run concurrently: workers take the next point in order; each point's status and error
 * are kept so the one reported is the first failing point's, as in a serial sweep. */
typedef struct point_pool {
    os_sweep *sw;
    bool exact;
    os_run_options opt; /* one thread a point, no progress callback */
    os_sweep_point_fn fn;
    void *ctx;
    pthread_mutex_t mu;
    size_t next;
    bool stop; /* a point failed: take no more */
    int *rc;
    os_error *errs;
} point_pool;

static int solve_point(os_sweep *sw, size_t p, os_error *err)
{
    const os_scenario *sc = sw->sc[p];
    /* connections, then flows (SPEC §6.3) */
    sw->exact[p] = calloc(sc->n_connections + sc->n_flows + 1, sizeof **sw->exact);
    if (!sw->exact[p])
        return os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    int rc = os_exact_solve(sc, sw->exact[p], err);
    if (rc == 0)
        rc = os_exact_solve_flows(sc, sw->exact[p], sw->exact[p] + sc->n_connections, err);
    return rc;
}

static void *point_worker(void *arg)
{
    point_pool *pp = arg;
    for (;;) {
        pthread_mutex_lock(&pp->mu);
        while (pp->next < pp->sw->n_points && !pp->sw->sc[pp->next])
            pp->next++;
        size_t p = pp->next++;
        bool go = p < pp->sw->n_points && !pp->stop;
        if (go && pp->fn)
            pp->fn(pp->ctx, pp->sw, p); /* serialised, in point order */
        pthread_mutex_unlock(&pp->mu);
        if (!go)
            return NULL;
        int rc = pp->exact ? solve_point(pp->sw, p, &pp->errs[p])
                           : os_run(pp->sw->sc[p], &pp->opt, &pp->sw->res[p], &pp->errs[p]);
        pp->rc[p] = rc;
        if (rc < 0) {
            pthread_mutex_lock(&pp->mu);
            pp->stop = true;
            pthread_mutex_unlock(&pp->mu);
        }
    }
}

/* Threads the sweep may use: opt's, or the number of cores. */
static int sweep_threads(const os_run_options *opt)
{
    int t = opt ? opt->threads : 0;
    if (t <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        t = n > 0 ? (int)n : 1;
    }
    return t;
}

/* Runs or solves the points concurrently when there are at least as many as threads (and more
 * than one thread). 1 when it did (its status in *rc), 0 when the points should run serially. */
static int run_concurrently(os_sweep *sw, bool exact, const os_run_options *opt,
                            os_sweep_point_fn fn, void *ctx, int *status, os_error *err)
{
    int threads = sweep_threads(opt);
    size_t runnable = 0;
    for (size_t p = 0; p < sw->n_points; p++)
        runnable += sw->sc[p] != NULL;
    if (threads < 2 || runnable < 2 || runnable < (size_t)threads)
        return 0;
    if ((size_t)threads > runnable)
        threads = (int)runnable;
    point_pool pp = {.sw = sw, .exact = exact, .fn = fn, .ctx = ctx};
    if (opt)
        pp.opt = *opt;
    pp.opt.threads = 1;
    pp.opt.progress = NULL;
    pp.rc = calloc(sw->n_points, sizeof *pp.rc);
    pp.errs = calloc(sw->n_points, sizeof *pp.errs);
    pthread_t *tid = calloc((size_t)threads, sizeof *tid);
    if (!pp.rc || !pp.errs || !tid || pthread_mutex_init(&pp.mu, NULL) != 0) {
        free(pp.rc);
        free(pp.errs);
        free(tid);
        *status = os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return 1;
    }
    int started = 0;
    for (; started < threads; started++)
        if (pthread_create(&tid[started], NULL, point_worker, &pp) != 0)
            break;
    if (started == 0)
        point_worker(&pp); /* no thread could start: this one does the work */
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    pthread_mutex_destroy(&pp.mu);
    *status = OS_OK;
    for (size_t p = 0; p < sw->n_points; p++)
        if (pp.rc[p] < 0) {
            *err = pp.errs[p];
            *status = pp.rc[p];
            break;
        }
    free(pp.rc);
    free(pp.errs);
    free(tid);
    return 1;
}

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
    int status;
    if (run_concurrently(sw, false, opt, fn, ctx, &status, err)) {
        if (status < 0) {
            free_results(sw);
            return status;
        }
        sw->mode = MODE_RUN;
        return OS_OK;
    }
    for (size_t p = 0; p < sw->n_points; p++) {
        if (!sw->sc[p])
            continue;
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
        for (size_t i = 0; sc && i < sc->n_connections; i++) {
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
    return os_error_set(err, OS_ERR_INPUT, sw->sc[sw->first]->path, 0, 0, "%s", msg);
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
    if (!run_concurrently(sw, true, NULL, fn, ctx, &rc, err)) {
        for (size_t p = 0; p < sw->n_points; p++) {
            if (!sw->sc[p])
                continue;
            if (fn)
                fn(ctx, sw, p);
            if ((rc = solve_point(sw, p, err)) < 0)
                goto out;
        }
    }
    if (rc < 0)
        goto out;
    for (size_t p = 0; p < sw->n_points; p++)
        for (size_t i = 0; sw->sc[p] && i < sw->sc[p]->n_connections; i++)
            any = any || sw->exact[p][i].in_class;
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
    if (!sc)
        return false;
    if (sw->mode == MODE_RUN) {
        const os_run_result *r = sw->res[p];
        for (size_t i = 0; i < sc->n_connections; i++)
            if (r->conn[i].verdict != OS_VERDICT_PASS)
                return false;
        for (size_t i = 0; i < r->n_geo; i++) /* geo-replicated targets' RTO and RPO */
            if (r->geo[i].rto_verdict != OS_VERDICT_PASS ||
                r->geo[i].rpo_verdict != OS_VERDICT_PASS)
                return false;
        return !sc->sc.enabled ||
               (r->rto_verdict == OS_VERDICT_PASS && r->rpo_verdict == OS_VERDICT_PASS);
    }
    if (sw->mode == MODE_EXACT) {
        for (size_t i = 0; i < sc->n_connections; i++) {
            const os_exact_conn *e = &sw->exact[p][i];
            /* at or above the target, allowing for the rounding of 1 - unavailability */
            if (!os_exact_meets(e, sc->sla.availability))
                return false;
        }
        for (size_t i = 0; i < sc->n_flows; i++)
            if (!os_exact_meets(&sw->exact[p][sc->n_connections + i], sc->flows[i].target))
                return false;
        return true;
    }
    return false;
}

long long sweep_total_instances(const os_scenario *sc)
{
    long long n = 0;
    for (size_t i = 0; i < sc->n_computes; i++)
        n += sc->computes[i].instances;
    return n;
}

bool os_sweep_by_cost(const os_sweep *sw)
{
    if (sw->mode != MODE_RUN)
        return false;
    bool any = false;
    for (size_t p = 0; p < sw->n_points; p++) {
        if (!sw->sc[p])
            continue;
        if (!sw->res[p] || !sw->res[p]->cost.enabled)
            return false;
        any = true;
    }
    return any;
}

long os_sweep_cheapest(const os_sweep *sw)
{
    long best = -1;
    bool cost = os_sweep_by_cost(sw);
    for (size_t p = 0; p < sw->n_points && sw->mode != MODE_NONE; p++) {
        if (!point_passes(sw, p))
            continue;
        if (best >= 0) {
            const os_scenario *a = sw->sc[p], *b = sw->sc[best];
            if (cost) { /* lowest mean total cost a year; equal costs by the rule below */
                double ca = sw->res[p]->cost.total.mean, cb = sw->res[best]->cost.total.mean;
                if (ca > cb)
                    continue;
                if (ca < cb) {
                    best = (long)p;
                    continue;
                }
            }
            long long ia = sweep_total_instances(a), ib = sweep_total_instances(b);
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

/* One entity of an exact sweep point: {"name", "exact": {...}} or {"name", "exact": null,
 * "outside"}, shared by connections and flows. */
static void exact_entry_json(os_buf *b, bool first, const char *name, const os_exact_conn *e)
{
    os_buf_puts(b, !first ? ",\n      {\"name\": " : "\n      {\"name\": ");
    os_buf_json_string(b, name);
    if (!e->in_class) {
        os_buf_puts(b, ", \"exact\": null, \"outside\": ");
        os_buf_json_string(b, e->reason ? e->reason : "");
        os_buf_puts(b, "}");
        return;
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

static void json_exact_cost(os_buf *b, const os_sweep *sw, size_t p);

static void json_exact_point(os_buf *b, const os_sweep *sw, size_t p)
{
    const os_scenario *sc = sw->sc[p];
    os_buf_printf(b, "    \"outagesim\": \"%s\",\n    \"scenario\": ", OS_VERSION);
    os_buf_json_string(b, sc->name);
    os_buf_puts(b, ",\n    \"connections\": [");
    for (size_t i = 0; i < sc->n_connections; i++) {
        const os_exact_conn *e = &sw->exact[p][i];
        exact_entry_json(b, i == 0, sc->connections[i].name, e);
    }
    os_buf_puts(b, sc->n_connections ? "\n    ]" : "]");
    if (!sc->n_flows) {
        json_exact_cost(b, sw, p);
        return;
    }
    os_buf_puts(b, ",\n    \"flows\": [");
    for (size_t i = 0; i < sc->n_flows; i++) {
        const os_exact_conn *e = &sw->exact[p][sc->n_connections + i];
        exact_entry_json(b, i == 0, sc->flows[i].name, e);
    }
    os_buf_puts(b, "\n    ]");
    json_exact_cost(b, sw, p);
}

/* As `exact`: the expected yearly downtime cost of the entities in the class (SPEC §6.4). */
static void json_exact_cost(os_buf *b, const os_sweep *sw, size_t p)
{
    const os_scenario *sc = sw->sc[p];
    if (!sc->costs.enabled)
        return;
    size_t k = 0, n = 0;
    double cost =
        os_exact_downtime_cost(sc, sw->exact[p], sw->exact[p] + sc->n_connections, &k, &n);
    os_buf_puts(b, ",\n    \"cost\": {\"currency\": ");
    os_buf_json_string(b, sc->costs.currency);
    os_buf_puts(b, ", \"downtime\": ");
    os_buf_json_number(b, cost);
    os_buf_printf(b, ", \"in_class\": %zu, \"of\": %zu}", k, n);
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
        if (sw->skipped[p]) {
            os_buf_puts(b, ",\n    \"skipped\": ");
            os_buf_json_string(b, sw->skipped[p]);
            os_buf_puts(b, "\n  }");
            continue;
        }
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

static void csv_number(os_buf *b, double x, bool present)
{
    os_buf_puts(b, ",");
    if (present && isfinite(x))
        os_buf_json_number(b, x);
}

/* The exact CSV rows of point p. */
static void csv_exact_point(os_buf *b, const os_sweep *sw, size_t p, const char *pre)
{
    const os_scenario *sc = sw->sc[p];
    for (size_t i = 0; i < sc->n_connections + sc->n_flows; i++) {
        const os_exact_conn *e = &sw->exact[p][i];
        bool flow = i >= sc->n_connections;
        os_buf_puts(b, pre);
        os_buf_csv_field(b, flow ? sc->flows[i - sc->n_connections].name : sc->connections[i].name);
        os_buf_puts(b, flow ? ",flow" : ",connection");
        csv_number(b, e->availability, e->in_class);
        csv_number(b, e->outages_per_year, e->in_class);
        csv_number(b, e->mean_outage_duration, e->in_class);
        csv_number(b, e->downtime_per_year, e->in_class);
        os_buf_puts(b, ",");
        if (!e->in_class)
            os_buf_csv_field(b, e->reason ? e->reason : "");
        os_buf_puts(b, "\n");
    }
}

/* Appends s with "," before every newline: the empty `skipped` field of a row that ran. */
static void put_with_empty_last(os_buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n')
            os_buf_puts(b, ",");
        os_buf_put(b, s + i, 1);
    }
}

/* The CSV rows of point p (the header line first when header). */
static void csv_point(os_buf *b, const os_sweep *sw, size_t p, bool header, const char *hd,
                      const char *pre)
{
    if (sw->mode == MODE_RUN) {
        os_report_csv(b, sw->res[p], header, hd, pre);
        return;
    }
    if (header)
        os_buf_printf(b,
                      "%sentity,kind,availability,outages_per_year,mean_outage_duration,"
                      "downtime_per_year,outside\n",
                      hd);
    csv_exact_point(b, sw, p, pre);
}

void os_sweep_csv(os_buf *b, const os_sweep *sw)
{
    if (sw->mode == MODE_NONE)
        return;
    os_buf head = {0}, prefix = {0}, rows = {0};
    bool any_skipped = os_sweep_n_skipped(sw) > 0;
    for (size_t k = 0; k < sw->n_keys; k++) {
        os_buf_csv_field(&head, sw->keys[k].key);
        os_buf_puts(&head, ",");
    }
    const char *hd = head.data ? head.data : "";
    /* The header line, from the first point that ran; with skipped points it gains a last
     * column `skipped` (the reason; empty on rows that ran), and a skipped point's row leaves
     * every column after the varied keys empty but that one. */
    size_t commas = 0;
    csv_point(&rows, sw, sw->first, true, hd, "");
    const char *data = rows.data ? rows.data : "";
    const char *nl = strchr(data, '\n');
    size_t hl = nl ? (size_t)(nl - data) : 0;
    os_buf_put(b, data, hl);
    os_buf_puts(b, any_skipped ? ",skipped\n" : "\n");
    for (size_t c = strlen(hd); c < hl; c++)
        commas += data[c] == ',';
    for (size_t p = 0; p < sw->n_points; p++) {
        prefix.len = 0;
        if (prefix.data)
            prefix.data[0] = 0;
        for (size_t k = 0; k < sw->n_keys; k++) {
            os_buf_csv_field(&prefix, os_sweep_value(sw, p, k));
            os_buf_puts(&prefix, ",");
        }
        const char *pre = prefix.data ? prefix.data : "";
        if (sw->skipped[p]) {
            os_buf_puts(b, pre);
            for (size_t c = 0; c <= commas; c++)
                os_buf_puts(b, ",");
            os_buf_csv_field(b, sw->skipped[p]);
            os_buf_puts(b, "\n");
            continue;
        }
        rows.len = 0;
        csv_point(&rows, sw, p, false, hd, pre);
        if (any_skipped)
            put_with_empty_last(b, rows.data ? rows.data : "", rows.len);
        else
            os_buf_put(b, rows.data ? rows.data : "", rows.len);
    }
    if (head.failed || prefix.failed || rows.failed)
        b->failed = true;
    os_buf_free(&head);
    os_buf_free(&prefix);
    os_buf_free(&rows);
}
