/* baseline.c — reading a baseline result file for `check`.
 *
 * The baseline is the JSON of a `run`. JSON as outagesim emits it (double-quoted strings,
 * `": "` and `", "` separators, no tabs) is also valid YAML flow syntax, so it is parsed with
 * libyaml's document API, which the scenario loader needs anyway: no JSON library is added.
 * Numbers are plain scalars read with strtod, which gives back exactly the double that was
 * written (os_buf_json_number prints the shortest exact form), so an unchanged simulator
 * compares equal bit for bit. Keys the checks do not use (kernel, sla, outage_duration, exact,
 * stopping, ...) are skipped, so the kernel's timing, which differs between runs, never
 * matters, and result files from later versions still read.
 *
 * Not here: matching and comparing (check.c), the summaries (report/check_report.c). */

#include "outagesim/check.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "outagesim/report.h"
#include "input/yamltree.h"
#include "check_internal.h"

/* --- reading the baseline ------------------------------------------------------------------- */

typedef struct rd {
    yaml_document_t doc;
    const char *name; /* file name in messages */
    os_error *err;
} rd;

static yaml_node_t *node_at(rd *r, int id)
{
    return id ? yaml_document_get_node(&r->doc, id) : NULL;
}

static os_mark mark_of(const yaml_node_t *n)
{
    return (os_mark){(int)n->start_mark.line + 1, (int)n->start_mark.column + 1};
}

static int fail_at(rd *r, const yaml_node_t *n, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "NAME:LINE:COL: PATH: message" (OS_ERR_INPUT). */
static int fail_at(rd *r, const yaml_node_t *n, const char *path, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    os_mark m = n ? mark_of(n) : (os_mark){1, 1};
    if (path && *path)
        return os_error_set(r->err, OS_ERR_INPUT, r->name, m.line, m.column, "%s: %s", path, msg);
    return os_error_set(r->err, OS_ERR_INPUT, r->name, m.line, m.column, "%s", msg);
}

/* How a node reads in a message: "'text'" for a scalar, else "a mapping" / "a sequence". */
static const char *describe(const yaml_node_t *n, char *buf, size_t size)
{
    if (n->type == YAML_MAPPING_NODE)
        return "a mapping";
    if (n->type == YAML_SEQUENCE_NODE)
        return "a sequence";
    int len = n->data.scalar.length > 60 ? 60 : (int)n->data.scalar.length;
    snprintf(buf, size, "'%.*s%s'", len, (const char *)n->data.scalar.value,
             n->data.scalar.length > 60 ? "..." : "");
    for (char *p = buf; *p; p++) /* messages are one line */
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    return buf;
}

/* A name for a message: control characters (a JSON "\n" in a name) shown as '?'. */
const char *check_clean_name(const char *s, char *buf, size_t size)
{
    snprintf(buf, size, "%s", s);
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    return buf;
}

static bool is_null(const yaml_node_t *n)
{
    return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           !strcmp((const char *)n->data.scalar.value, "null");
}

static void sub_path(char *out, size_t size, const char *path, const char *key)
{
    snprintf(out, size, "%s%s%s", path, *path ? "." : "", key);
}

/* A mapping's known keys: vals[k] is the value node id of keys[k], 0 when absent. Other keys
 * are skipped; a known key given twice is an error. */
static int mapping(rd *r, int id, const char *path, const char *const *keys, size_t n_keys,
                   int *vals)
{
    yaml_node_t *n = node_at(r, id);
    char d[96];
    if (!n || n->type != YAML_MAPPING_NODE)
        return fail_at(r, n, path, "expected an object, got %s",
                       n ? describe(n, d, sizeof d) : "nothing");
    memset(vals, 0, n_keys * sizeof *vals);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(r, p->key);
        if (!k || k->type != YAML_SCALAR_NODE)
            return fail_at(r, k, path, "a key must be a string");
        for (size_t i = 0; i < n_keys; i++) {
            if (strcmp((const char *)k->data.scalar.value, keys[i]) != 0)
                continue;
            if (vals[i])
                return fail_at(r, k, path, "duplicate key '%s'", keys[i]);
            vals[i] = p->value;
        }
    }
    return OS_OK;
}

static int need(rd *r, int id, const char *path, const char *key, int val)
{
    if (val)
        return OS_OK;
    return fail_at(r, node_at(r, id), path, "missing key '%s'", key);
}

static int read_string(rd *r, int id, const char *path, char **out)
{
    yaml_node_t *n = node_at(r, id);
    char d[96];
    if (n->type != YAML_SCALAR_NODE || is_null(n))
        return fail_at(r, n, path, "expected a string, got %s", describe(n, d, sizeof d));
    if (!(*out = strdup((const char *)n->data.scalar.value)))
        return os_error_set(r->err, OS_ERR_NOMEM, r->name, 0, 0, "out of memory");
    return OS_OK;
}

/* A finite number; null reads as NaN when allow_null. */
static int read_number(rd *r, int id, const char *path, bool allow_null, double *out)
{
    yaml_node_t *n = node_at(r, id);
    char d[96];
    if (allow_null && n && is_null(n)) {
        *out = NAN;
        return OS_OK;
    }
    if (!n || n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return fail_at(r, n, path, "expected a number, got %s",
                       n ? describe(n, d, sizeof d) : "nothing");
    const char *s = (const char *)n->data.scalar.value;
    char *end;
    double v = strtod(s, &end);
    /* strtod also takes "inf", "nan" and hex; JSON numbers start with a digit or '-'. */
    if (end == s || *end || !isfinite(v) || !(s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) ||
        strpbrk(s, "xXnN"))
        return fail_at(r, n, path, "expected a number, got %s", describe(n, d, sizeof d));
    *out = v;
    return OS_OK;
}

static int read_u64(rd *r, int id, const char *path, uint64_t *out)
{
    yaml_node_t *n = node_at(r, id);
    char d[96];
    const char *s = n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : "";
    bool ok = n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
              s[0] >= '0' && s[0] <= '9' && strlen(s) <= 20;
    uint64_t v = 0;
    for (const char *p = s; ok && *p; p++) {
        unsigned dgt = (unsigned)(*p - '0');
        if (*p < '0' || *p > '9' || v > (UINT64_MAX - dgt) / 10)
            ok = false;
        else
            v = v * 10 + dgt;
    }
    if (!ok)
        return fail_at(r, n, path, "expected a non-negative integer, got %s",
                       describe(n, d, sizeof d));
    *out = v;
    return OS_OK;
}

static int read_verdict(rd *r, int id, const char *path, enum os_verdict *out)
{
    yaml_node_t *n = node_at(r, id);
    char d[96];
    static const enum os_verdict all[] = {OS_VERDICT_PASS, OS_VERDICT_FAIL, OS_VERDICT_UNCERTAIN};
    if (n->type == YAML_SCALAR_NODE)
        for (size_t i = 0; i < 3; i++)
            if (!strcmp((const char *)n->data.scalar.value, os_verdict_str(all[i]))) {
                *out = all[i];
                return OS_OK;
            }
    return fail_at(r, n, path, "expected \"pass\", \"fail\" or \"uncertain\", got %s",
                   describe(n, d, sizeof d));
}

/* {"mean", "sd", "ci95": [lo, hi], "min", "p1", "p5", "p50", "p95", "p99", "max", "n"}; n = 0
 * with nulls. p1 and p5 are optional: baselines written before they existed stay valid. */
static int read_figure(rd *r, int id, const char *path, os_figure *f)
{
    static const char *const keys[] = {"mean", "sd",  "ci95", "min", "p50", "p95",
                                       "p99",  "max", "n",    "p1",  "p5"};
    enum { MEAN, SD, CI95, MIN, P50, P95, P99, MAX, N, P1, P5, N_KEYS };
    int v[N_KEYS] = {0}, rc;
    char p[512], d[96];
    if ((rc = mapping(r, id, path, keys, N_KEYS, v)) < 0)
        return rc;
    for (int k = 0; k < P1; k++)
        if ((rc = need(r, id, path, keys[k], v[k])) < 0)
            return rc;
    uint64_t n;
    sub_path(p, sizeof p, path, "n");
    if ((rc = read_u64(r, v[N], p, &n)) < 0)
        return rc;
    *f = (os_figure){.n = (size_t)n, .p1 = NAN, .p5 = NAN};
    double *dst[] = {&f->mean, &f->sd,  NULL, &f->min, &f->p50, &f->p95,
                     &f->p99,  &f->max, NULL, &f->p1,  &f->p5};
    for (int k = 0; k < N_KEYS; k++) {
        if (k == CI95 || k == N || (k >= P1 && !v[k]))
            continue;
        sub_path(p, sizeof p, path, keys[k]);
        /* Values may be null only without values (n = 0), or when they were not finite. */
        if ((rc = read_number(r, v[k], p, true, dst[k])) < 0)
            return rc;
        if (n > 0 && (k == MEAN || k == P95 || k == MAX) && isnan(*dst[k]))
            return fail_at(r, node_at(r, v[k]), p, "null, but n is %llu", (unsigned long long)n);
    }
    sub_path(p, sizeof p, path, "ci95");
    yaml_node_t *ci = node_at(r, v[CI95]);
    if (is_null(ci)) {
        f->lo = f->hi = NAN;
        if (n > 0)
            return fail_at(r, ci, p, "null, but n is %llu", (unsigned long long)n);
        return OS_OK;
    }
    if (ci->type != YAML_SEQUENCE_NODE ||
        ci->data.sequence.items.top - ci->data.sequence.items.start != 2)
        return fail_at(r, ci, p, "expected [lo, hi], got %s", describe(ci, d, sizeof d));
    if ((rc = read_number(r, ci->data.sequence.items.start[0], p, false, &f->lo)) < 0 ||
        (rc = read_number(r, ci->data.sequence.items.start[1], p, false, &f->hi)) < 0)
        return rc;
    if (f->lo > f->hi)
        return fail_at(r, ci, p, "the lower end is above the upper end");
    return OS_OK;
}

static int read_connection(rd *r, int id, size_t i, os_baseline_conn *c)
{
    static const char *const keys[] = {"name", "availability", "control_plane_availability",
                                       "sla_window_compliance", "verdict"};
    enum { NAME, AV, CP, SLA, VERDICT, N_KEYS };
    int v[N_KEYS] = {0}, vv = 0, rc;
    char path[64], p[512];
    snprintf(path, sizeof path, "connections[%zu]", i);
    if ((rc = mapping(r, id, path, keys, N_KEYS, v)) < 0)
        return rc;
    for (int k = 0; k < N_KEYS; k++)
        if ((rc = need(r, id, path, keys[k], v[k])) < 0)
            return rc;
    sub_path(p, sizeof p, path, "name");
    if ((rc = read_string(r, v[NAME], p, &c->name)) < 0)
        return rc;
    c->mark = mark_of(node_at(r, v[NAME]));
    os_figure *figs[] = {NULL, &c->availability, &c->cp_availability, &c->sla_compliance};
    for (int k = AV; k <= SLA; k++) {
        sub_path(p, sizeof p, path, keys[k]);
        if ((rc = read_figure(r, v[k], p, figs[k])) < 0)
            return rc;
    }
    static const char *const vkeys[] = {"availability"};
    sub_path(p, sizeof p, path, "verdict");
    if ((rc = mapping(r, v[VERDICT], p, vkeys, 1, &vv)) < 0 ||
        (rc = need(r, v[VERDICT], p, vkeys[0], vv)) < 0)
        return rc;
    sub_path(p, sizeof p, path, "verdict.availability");
    return read_verdict(r, vv, p, &c->verdict);
}

/* A router or flow of "routers" / "flows": name, availability, sla_window_compliance,
 * verdict, and for a flow its target (other keys are not read). */
static int read_entity(rd *r, int id, const char *section, size_t i, os_baseline_conn *c,
                       double *target)
{
    static const char *const keys[] = {"name", "availability", "sla_window_compliance", "verdict",
                                       "target"};
    int v[5] = {0}, vv = 0, rc;
    char path[64], p[512];
    snprintf(path, sizeof path, "%s[%zu]", section, i);
    if ((rc = mapping(r, id, path, keys, 5, v)) < 0)
        return rc;
    for (int k = 0; k < 4; k++)
        if ((rc = need(r, id, path, keys[k], v[k])) < 0)
            return rc;
    sub_path(p, sizeof p, path, "name");
    if ((rc = read_string(r, v[0], p, &c->name)) < 0)
        return rc;
    c->mark = mark_of(node_at(r, v[0]));
    sub_path(p, sizeof p, path, "availability");
    if ((rc = read_figure(r, v[1], p, &c->availability)) < 0)
        return rc;
    sub_path(p, sizeof p, path, "sla_window_compliance");
    if ((rc = read_figure(r, v[2], p, &c->sla_compliance)) < 0)
        return rc;
    *target = NAN;
    sub_path(p, sizeof p, path, "target");
    if (v[4] && (rc = read_number(r, v[4], p, false, target)) < 0)
        return rc;
    static const char *const vkeys[] = {"availability"};
    sub_path(p, sizeof p, path, "verdict");
    if ((rc = mapping(r, v[3], p, vkeys, 1, &vv)) < 0 || (rc = need(r, v[3], p, vkeys[0], vv)) < 0)
        return rc;
    sub_path(p, sizeof p, path, "verdict.availability");
    return read_verdict(r, vv, p, &c->verdict);
}

static int read_entities(rd *r, const int *ids, os_baseline *b)
{
    static const char *const sections[] = {"routers", "flows"};
    size_t n[2] = {0, 0};
    char d[96];
    for (int k = 0; k < 2; k++) {
        if (!ids[k])
            continue;
        yaml_node_t *ls = node_at(r, ids[k]);
        if (ls->type != YAML_SEQUENCE_NODE)
            return fail_at(r, ls, sections[k], "expected a list, got %s",
                           describe(ls, d, sizeof d));
        n[k] = (size_t)(ls->data.sequence.items.top - ls->data.sequence.items.start);
        if (n[k] > OS_MAX_ENTITIES)
            return fail_at(r, ls, sections[k], "more than %d items", OS_MAX_ENTITIES);
    }
    if (n[0] + n[1] == 0)
        return OS_OK;
    b->ent = calloc(n[0] + n[1], sizeof *b->ent);
    b->ent_target = calloc(n[0] + n[1], sizeof *b->ent_target);
    if (!b->ent || !b->ent_target)
        return os_error_set(r->err, OS_ERR_NOMEM, r->name, 0, 0, "out of memory");
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < n[k]; i++) {
            yaml_node_t *ls = node_at(r, ids[k]);
            size_t e = b->n_ent++; /* so os_baseline_free frees what was read */
            int rc = read_entity(r, ls->data.sequence.items.start[i], sections[k], i, &b->ent[e],
                                 &b->ent_target[e]);
            if (rc < 0)
                return rc;
        }
    return OS_OK;
}

static int read_service(rd *r, int id, os_baseline *b)
{
    static const char *const keys[] = {"rto", "rpo", "verdict"};
    static const char *const vkeys[] = {"rto", "rpo"};
    static const char *const path = "service_connector";
    int v[3] = {0}, vv[2] = {0}, rc;
    if ((rc = mapping(r, id, path, keys, 3, v)) < 0)
        return rc;
    for (int k = 0; k < 3; k++)
        if ((rc = need(r, id, path, keys[k], v[k])) < 0)
            return rc;
    if ((rc = read_figure(r, v[0], "service_connector.rto", &b->rto)) < 0 ||
        (rc = read_figure(r, v[1], "service_connector.rpo", &b->rpo)) < 0)
        return rc;
    if ((rc = mapping(r, v[2], "service_connector.verdict", vkeys, 2, vv)) < 0)
        return rc;
    for (int k = 0; k < 2; k++)
        if ((rc = need(r, v[2], "service_connector.verdict", vkeys[k], vv[k])) < 0)
            return rc;
    if ((rc = read_verdict(r, vv[0], "service_connector.verdict.rto", &b->rto_verdict)) < 0)
        return rc;
    return read_verdict(r, vv[1], "service_connector.verdict.rpo", &b->rpo_verdict);
}

/* "targets": [{"name", "rto", "rpo", "verdict": {"rto", "rpo"}}] (other keys are not read). */
static int read_geo(rd *r, int id, size_t i, os_baseline_geo *g)
{
    static const char *const keys[] = {"name", "rto", "rpo", "verdict"};
    static const char *const vkeys[] = {"rto", "rpo"};
    int v[4] = {0}, vv[2] = {0}, rc;
    char path[64], p[512];
    snprintf(path, sizeof path, "targets[%zu]", i);
    if ((rc = mapping(r, id, path, keys, 4, v)) < 0)
        return rc;
    for (int k = 0; k < 4; k++)
        if ((rc = need(r, id, path, keys[k], v[k])) < 0)
            return rc;
    sub_path(p, sizeof p, path, "name");
    if ((rc = read_string(r, v[0], p, &g->name)) < 0)
        return rc;
    g->mark = mark_of(node_at(r, v[0]));
    os_figure *figs[] = {&g->rto, &g->rpo};
    enum os_verdict *verdicts[] = {&g->rto_verdict, &g->rpo_verdict};
    for (int k = 0; k < 2; k++) {
        sub_path(p, sizeof p, path, keys[1 + k]);
        if ((rc = read_figure(r, v[1 + k], p, figs[k])) < 0)
            return rc;
    }
    sub_path(p, sizeof p, path, "verdict");
    if ((rc = mapping(r, v[3], p, vkeys, 2, vv)) < 0)
        return rc;
    for (int k = 0; k < 2; k++) {
        if ((rc = need(r, v[3], p, vkeys[k], vv[k])) < 0)
            return rc;
        char q[520];
        sub_path(q, sizeof q, p, vkeys[k]);
        if ((rc = read_verdict(r, vv[k], q, verdicts[k])) < 0)
            return rc;
    }
    return OS_OK;
}

static int read_geo_list(rd *r, int id, os_baseline *b)
{
    yaml_node_t *ts = node_at(r, id);
    char d[96];
    if (ts->type != YAML_SEQUENCE_NODE)
        return fail_at(r, ts, "targets", "expected a list, got %s", describe(ts, d, sizeof d));
    size_t n = (size_t)(ts->data.sequence.items.top - ts->data.sequence.items.start);
    if (n > OS_MAX_ENTITIES)
        return fail_at(r, ts, "targets", "more than %d targets", OS_MAX_ENTITIES);
    if (n && !(b->geo = calloc(n, sizeof *b->geo)))
        return os_error_set(r->err, OS_ERR_NOMEM, r->name, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        b->n_geo = i + 1; /* so os_baseline_free frees what was read */
        int rc = read_geo(r, ts->data.sequence.items.start[i], i, &b->geo[i]);
        if (rc < 0)
            return rc;
    }
    return OS_OK;
}

/* The targets, optional: only messages use them (the verdicts say whether they were met). */
static int read_sla(rd *r, int id, os_baseline *b)
{
    static const char *const keys[] = {"availability", "rto", "rpo"};
    double *dst[] = {&b->sla_availability, &b->sla_rto, &b->sla_rpo};
    int v[3] = {0}, rc;
    char p[64];
    b->sla_availability = b->sla_rto = b->sla_rpo = NAN;
    if (!id)
        return OS_OK;
    if ((rc = mapping(r, id, "sla", keys, 3, v)) < 0)
        return rc;
    for (int k = 0; k < 3; k++) {
        sub_path(p, sizeof p, "sla", keys[k]);
        if (v[k] && (rc = read_number(r, v[k], p, false, dst[k])) < 0)
            return rc;
    }
    return OS_OK;
}

static int read_root(rd *r, os_baseline *b)
{
    static const char *const keys[] = {
        "scenario", "seed",   "replications", "horizon", "connections", "service_connector",
        "sla",      "points", "targets",      "routers", "flows"};
    enum {
        SCENARIO,
        SEED,
        REPS,
        HORIZON,
        CONNS,
        SERVICE,
        SLA,
        POINTS,
        TARGETS,
        ROUTERS,
        FLOWS,
        N_KEYS
    };
    int v[N_KEYS] = {0}, rc;
    yaml_node_t *root = yaml_document_get_root_node(&r->doc);
    char d[96];
    if (!root)
        return fail_at(r, NULL, "",
                       "empty file: expected the JSON result of "
                       "'outagesim run --format json'");
    if (root->type != YAML_MAPPING_NODE)
        return fail_at(r, root, "",
                       "expected the JSON result object of 'outagesim run "
                       "--format json', got %s",
                       describe(root, d, sizeof d));
    int root_id = (int)(root - r->doc.nodes.start) + 1;
    if ((rc = mapping(r, root_id, "", keys, N_KEYS, v)) < 0)
        return rc;
    b->top_mark = mark_of(root);
    if (v[POINTS])
        return fail_at(r, node_at(r, v[POINTS]), "",
                       "this is a sweep result; a baseline is the result of 'outagesim run'");
    for (int k = 0; k < SERVICE; k++)
        if (!v[k])
            return fail_at(r, root, "",
                           "missing key '%s' (a baseline is the JSON result of "
                           "'outagesim run --format json')",
                           keys[k]);
    if ((rc = read_string(r, v[SCENARIO], "scenario", &b->scenario)) < 0 ||
        (rc = read_u64(r, v[SEED], "seed", &b->seed)) < 0 ||
        (rc = read_u64(r, v[REPS], "replications", &b->replications)) < 0 ||
        (rc = read_number(r, v[HORIZON], "horizon", false, &b->horizon)) < 0)
        return rc;
    b->scenario_mark = mark_of(node_at(r, v[SCENARIO]));
    b->horizon_mark = mark_of(node_at(r, v[HORIZON]));
    if (b->replications == 0 || b->replications > OS_MAX_REPLICATIONS)
        return fail_at(r, node_at(r, v[REPS]), "replications", "must be from 1 to %d, got %llu",
                       OS_MAX_REPLICATIONS, (unsigned long long)b->replications);
    if (!(b->horizon > 0) || b->horizon > (double)OS_MS_MAX / 1e3)
        return fail_at(r, node_at(r, v[HORIZON]), "horizon",
                       "must be positive and at most 1000 years of seconds");
    if ((rc = read_sla(r, v[SLA], b)) < 0)
        return rc;
    yaml_node_t *cs = node_at(r, v[CONNS]);
    b->connections_mark = mark_of(cs);
    if (cs->type != YAML_SEQUENCE_NODE)
        return fail_at(r, cs, "connections", "expected a list, got %s", describe(cs, d, sizeof d));
    size_t n = (size_t)(cs->data.sequence.items.top - cs->data.sequence.items.start);
    if (n > OS_MAX_ENTITIES)
        return fail_at(r, cs, "connections", "more than %d connections", OS_MAX_ENTITIES);
    if (n && !(b->conn = calloc(n, sizeof *b->conn)))
        return os_error_set(r->err, OS_ERR_NOMEM, r->name, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        b->n_conn = i + 1; /* so os_baseline_free frees what was read */
        if ((rc = read_connection(r, cs->data.sequence.items.start[i], i, &b->conn[i])) < 0)
            return rc;
    }
    if (v[TARGETS] && (rc = read_geo_list(r, v[TARGETS], b)) < 0)
        return rc;
    if ((rc = read_entities(r, v + ROUTERS, b)) < 0)
        return rc;
    if (v[SERVICE]) {
        b->has_service = true;
        b->service_mark = mark_of(node_at(r, v[SERVICE]));
        return read_service(r, v[SERVICE], b);
    }
    return OS_OK;
}

static int syntax_error(rd *r, const yaml_parser_t *p)
{
    if (p->error == YAML_MEMORY_ERROR || !p->problem)
        return os_error_set(r->err, OS_ERR_NOMEM, r->name, 0, 0, "out of memory parsing JSON");
    int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
    if (p->error == YAML_READER_ERROR) /* a byte offset rather than a mark: report line 1 */
        return os_error_set(r->err, OS_ERR_INPUT, r->name, 1, 1,
                            "not a JSON result file: %s at byte %zu", p->problem,
                            p->problem_offset);
    return os_error_set(r->err, OS_ERR_INPUT, r->name, line, col, "JSON syntax error: %s%s%s%s",
                        p->problem, p->context ? " (" : "", p->context ? p->context : "",
                        p->context ? ")" : "");
}

int os_baseline_parse(const char *name, const char *data, size_t size, os_baseline **out,
                      os_error *err)
{
    int rc = OS_OK;
    bool parser_ok = false, doc_ok = false;
    yaml_parser_t parser;
    rd r = {.name = name, .err = err};
    *out = NULL;
    os_baseline *b = calloc(1, sizeof *b);
    if (!b || !(b->path = strdup(name))) {
        rc = os_error_set(err, OS_ERR_NOMEM, name, 0, 0, "out of memory");
        goto out;
    }
    if (size > OS_MAX_BASELINE_BYTES) {
        rc = os_error_set(err, OS_ERR_LIMIT, name, 1, 1,
                          "file too large: %zu bytes (the limit is %u)", size,
                          OS_MAX_BASELINE_BYTES);
        goto out;
    }
    if (!yaml_parser_initialize(&parser)) {
        rc = os_error_set(err, OS_ERR_NOMEM, name, 0, 0, "out of memory");
        goto out;
    }
    parser_ok = true;
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, size);
    if (!yaml_parser_load(&parser, &r.doc)) {
        rc = syntax_error(&r, &parser);
        goto out;
    }
    doc_ok = true;
    rc = read_root(&r, b);
out:
    if (doc_ok)
        yaml_document_delete(&r.doc);
    if (parser_ok)
        yaml_parser_delete(&parser);
    if (rc < 0) {
        os_baseline_free(b);
        return rc;
    }
    *out = b;
    return OS_OK;
}

int os_baseline_load(const char *path, os_baseline **out, os_error *err)
{
    char *data = NULL;
    size_t size = 0;
    *out = NULL;
    int rc = yt_read_file(path, OS_MAX_BASELINE_BYTES, &data, &size, err);
    if (rc == OS_OK)
        rc = os_baseline_parse(path, data, size, out, err);
    free(data);
    return rc;
}

void os_baseline_free(os_baseline *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n_conn; i++)
        free(b->conn[i].name);
    free(b->conn);
    for (size_t i = 0; i < b->n_ent; i++)
        free(b->ent[i].name);
    free(b->ent);
    free(b->ent_target);
    for (size_t i = 0; i < b->n_geo; i++)
        free(b->geo[i].name);
    free(b->geo);
    free(b->scenario);
    free(b->path);
    free(b);
}

int os_baseline_of_result(const os_run_result *r, os_baseline **out, os_error *err)
{
    os_buf json = {0};
    *out = NULL;
    os_report_json(&json, r);
    int rc;
    if (json.failed)
        rc = os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    else
        rc = os_baseline_parse("<new run>", json.data, json.len, out, err);
    /* Our own output must read back; anything else is a bug in one of the two sides. */
    if (rc == OS_ERR_INPUT) {
        rc = OS_ERR_INTERNAL;
        if (err)
            err->status = rc;
    }
    os_buf_free(&json);
    return rc;
}
