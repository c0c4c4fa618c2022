/* check.c — SLA regression checks: reading a baseline result file, matching it against the
 * scenario, comparing a new run with it, and the text and JUnit XML summaries.
 *
 * The baseline is the JSON of SPEC §4. JSON as outagesim emits it (double-quoted strings,
 * `": "` and `", "` separators, no tabs) is also valid YAML flow syntax, so it is parsed with
 * libyaml's document API, which the scenario loader needs anyway: no JSON library is added.
 * Numbers are plain scalars read with strtod, which gives back exactly the double that was
 * written (os_buf_json_number prints the shortest exact form), so an unchanged simulator
 * compares equal bit for bit. Keys the checks do not use (kernel, sla, outage_duration, exact,
 * stopping, ...) are skipped, so the kernel's timing, which differs between runs, never
 * matters, and result files from later versions still read.
 *
 * Not here: running the scenario (montecarlo.c), writing files (output.c), printing (the CLI). */
#include "outagesim/check.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "outagesim/report.h"
#include "input/yamltree.h"

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
static const char *clean(const char *s, char *buf, size_t size)
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

/* --- matching ------------------------------------------------------------------------------- */

static char *fmt_seconds(double s, char *buf, size_t size)
{
    os_duration_format((os_ms)llround(s * 1e3), buf, size);
    return buf;
}

/* The geo-replicated targets, by name and in order. */
static int match_geo(const os_baseline *b, const os_scenario *sc, os_error *err)
{
    char x[256], y[256];
    size_t k = 0;
    for (size_t t = 0; t < sc->n_targets; t++) {
        if (!sc->targets[t].geo)
            continue;
        if (k >= b->n_geo)
            return os_error_set(err, OS_ERR_INPUT, b->path, b->top_mark.line, b->top_mark.column,
                                "targets: geo-replicated target '%s' is not in the baseline",
                                clean(sc->targets[t].name, x, sizeof x));
        if (strcmp(b->geo[k].name, sc->targets[t].name) != 0)
            return os_error_set(
                err, OS_ERR_INPUT, b->path, b->geo[k].mark.line, b->geo[k].mark.column,
                "targets[%zu]: the baseline has geo-replicated target '%s' where "
                "the scenario has '%s'",
                k, clean(b->geo[k].name, x, sizeof x), clean(sc->targets[t].name, y, sizeof y));
        k++;
    }
    if (k < b->n_geo)
        return os_error_set(err, OS_ERR_INPUT, b->path, b->geo[k].mark.line, b->geo[k].mark.column,
                            "targets[%zu]: '%s' is not a geo-replicated target of the scenario", k,
                            clean(b->geo[k].name, x, sizeof x));
    return OS_OK;
}

int os_baseline_match(const os_baseline *b, const os_scenario *sc, os_error *err)
{
    const char *f = b->path;
    char x[256], y[256];
    if (strcmp(b->scenario, sc->name) != 0)
        return os_error_set(err, OS_ERR_INPUT, f, b->scenario_mark.line, b->scenario_mark.column,
                            "scenario: the baseline is of scenario '%s', not '%s'",
                            clean(b->scenario, x, sizeof x), clean(sc->name, y, sizeof y));
    double horizon = (double)sc->sim.horizon / 1e3;
    if (b->horizon != horizon)
        return os_error_set(err, OS_ERR_INPUT, f, b->horizon_mark.line, b->horizon_mark.column,
                            "horizon: the baseline was run over %s, the scenario's horizon is "
                            "%s",
                            fmt_seconds(b->horizon, x, sizeof x),
                            fmt_seconds(horizon, y, sizeof y));
    size_t n = b->n_conn < sc->n_connections ? b->n_conn : sc->n_connections;
    for (size_t i = 0; i < n; i++)
        if (strcmp(b->conn[i].name, sc->connections[i].name) != 0)
            return os_error_set(err, OS_ERR_INPUT, f, b->conn[i].mark.line, b->conn[i].mark.column,
                                "connections[%zu]: the baseline has connection '%s' where the "
                                "scenario has '%s'",
                                i, clean(b->conn[i].name, x, sizeof x),
                                clean(sc->connections[i].name, y, sizeof y));
    if (b->n_conn > sc->n_connections)
        return os_error_set(err, OS_ERR_INPUT, f, b->conn[n].mark.line, b->conn[n].mark.column,
                            "connections: the baseline has %zu connections, the scenario %zu: "
                            "'%s' is not in the scenario",
                            b->n_conn, sc->n_connections, clean(b->conn[n].name, x, sizeof x));
    if (b->n_conn < sc->n_connections)
        return os_error_set(
            err, OS_ERR_INPUT, f, b->connections_mark.line, b->connections_mark.column,
            "connections: the baseline has %zu connections, the scenario %zu: "
            "'%s' is not in the baseline",
            b->n_conn, sc->n_connections, clean(sc->connections[n].name, x, sizeof x));
    if (sc->sc.enabled && !b->has_service)
        return os_error_set(err, OS_ERR_INPUT, f, b->top_mark.line, b->top_mark.column,
                            "service_connector: missing from the baseline, but the scenario "
                            "has a service_connector section");
    if (!sc->sc.enabled && b->has_service)
        return os_error_set(err, OS_ERR_INPUT, f, b->service_mark.line, b->service_mark.column,
                            "service_connector: in the baseline, but the scenario has no "
                            "service_connector section");
    return match_geo(b, sc, err);
}

/* --- comparing ------------------------------------------------------------------------------ */

const char *os_check_kind_str(enum os_check_kind k)
{
    switch (k) {
    case OS_CHECK_AVAILABILITY:
        return "availability";
    case OS_CHECK_CP_AVAILABILITY:
        return "control-plane availability";
    case OS_CHECK_SLA_WINDOWS:
        return "SLA windows";
    case OS_CHECK_RTO:
        return "RTO";
    case OS_CHECK_RPO:
        return "RPO";
    case OS_CHECK_GEO_RTO:
        return "geo RTO";
    case OS_CHECK_GEO_RPO:
        return "geo RPO";
    }
    return "?";
}

const char *os_check_outcome_str(enum os_check_outcome o)
{
    switch (o) {
    case OS_CHECK_PASS:
        return "PASS";
    case OS_CHECK_IMPROVED:
        return "IMPROVED";
    case OS_CHECK_CHANGED:
        return "CHANGED";
    case OS_CHECK_FAIL:
        return "FAIL";
    }
    return "?";
}

static bool has_values(const os_figure *f)
{
    return f->n > 0 && !isnan(f->lo) && !isnan(f->hi);
}

/* "99.1667 %" or "99.1667 % [99.10, 99.23]" (the 95 % interval when it has a width). */
static void fmt_fraction(const os_figure *f, char *buf, size_t size)
{
    if (!has_values(f))
        snprintf(buf, size, "no values");
    else if (f->lo == f->hi)
        snprintf(buf, size, "%.4f %%", 100 * f->mean);
    else
        snprintf(buf, size, "%.4f %% [%.4f, %.4f]", 100 * f->mean, 100 * f->lo, 100 * f->hi);
}

/* "max 1h 20m, p95 1h" or "no incident". */
static void fmt_times(const os_figure *f, char *buf, size_t size)
{
    char a[48], b[48];
    if (f->n == 0 || isnan(f->max) || isnan(f->p95))
        snprintf(buf, size, "no incident");
    else
        snprintf(buf, size, "max %s, p95 %s", fmt_seconds(f->max, a, sizeof a),
                 fmt_seconds(f->p95, b, sizeof b));
}

/* Appends "; text" (or "text" first) to an item's detail. */
static void add_note(os_check_item *it, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add_note(os_check_item *it, const char *fmt, ...)
{
    size_t len = strlen(it->detail);
    if (len + 3 >= sizeof it->detail)
        return;
    char *p = it->detail + len;
    size_t room = sizeof it->detail - len;
    snprintf(p, room, strstr(it->detail, ": ") ? "; " : ": ");
    len += 2;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->detail + len, sizeof it->detail - len, fmt, ap);
    va_end(ap);
}

static void judge(os_check_item *it, bool improved)
{
    if (it->target_missed || it->regressed)
        it->outcome = OS_CHECK_FAIL;
    else if (improved)
        it->outcome = OS_CHECK_IMPROVED;
}

/* Availability-like figures: compare 95 % intervals. */
static void check_interval(os_check_item *it, double target, bool use_target)
{
    char a[128], b[128], t[32];
    const os_figure *o = &it->old_fig, *n = &it->new_fig;
    fmt_fraction(o, a, sizeof a);
    fmt_fraction(n, b, sizeof b);
    snprintf(it->detail, sizeof it->detail, "%s \u2192 %s", a, b);
    bool improved = false;
    if (isnan(target))
        snprintf(t, sizeof t, "target");
    else
        snprintf(t, sizeof t, "target %.10g %%", 100 * target);
    if (it->target_missed)
        add_note(it, "%s missed (verdict fail)", t);
    if (has_values(o) && has_values(n)) {
        if (n->hi < o->lo) {
            it->regressed = true;
            add_note(it,
                     "regression: the new interval's upper end %.4f %% is below the "
                     "baseline's lower end %.4f %%",
                     100 * n->hi, 100 * o->lo);
        } else if (n->lo > o->hi) {
            improved = true;
            add_note(it, "improved beyond the baseline's interval");
        }
    } else if (has_values(o) != has_values(n)) {
        it->outcome = OS_CHECK_CHANGED;
        add_note(it, "not comparable with the baseline%s",
                 use_target ? "; judged on the "
                              "target only"
                            : "");
    }
    judge(it, improved);
}

/* RTO, RPO: max and p95 against the baseline plus the tolerance (seconds). */
static void check_times(os_check_item *it, double tol, double target)
{
    char a[128], b[128], x[48], y[48];
    const os_figure *o = &it->old_fig, *n = &it->new_fig;
    bool old_v = o->n > 0 && !isnan(o->max) && !isnan(o->p95);
    bool new_v = n->n > 0 && !isnan(n->max) && !isnan(n->p95);
    fmt_times(o, a, sizeof a);
    fmt_times(n, b, sizeof b);
    snprintf(it->detail, sizeof it->detail, "%s \u2192 %s", a, b);
    bool improved = false;
    if (it->target_missed && isnan(target))
        add_note(it, "target missed (verdict fail)");
    else if (it->target_missed)
        add_note(it, "target %s missed (verdict fail)", fmt_seconds(target, x, sizeof x));
    if (old_v && new_v) {
        bool max_up = n->max > o->max + tol, p95_up = n->p95 > o->p95 + tol;
        if (max_up || p95_up) {
            it->regressed = true;
            add_note(it,
                     "regression: %s%s%s longer than the baseline by more than the tolerance "
                     "(%s)",
                     max_up ? "max" : "", max_up && p95_up ? " and " : "", p95_up ? "p95" : "",
                     fmt_seconds(tol, y, sizeof y));
        } else if (n->max < o->max - tol || n->p95 < o->p95 - tol) {
            improved = true;
            add_note(it, "improved beyond the tolerance (%s)", fmt_seconds(tol, y, sizeof y));
        }
    } else if (old_v) {
        improved = true;
        add_note(it, "no incident any more");
    } else if (new_v) {
        it->outcome = OS_CHECK_CHANGED;
        add_note(it, "the baseline had no incident; judged on the target only");
    }
    judge(it, improved);
}

/* A geo-replicated target's RTO and RPO, as the service's (check_times). */
static void compare_geo(os_check_report *rep, const os_baseline_geo *o, const os_baseline_geo *c,
                        double tolerance, const os_baseline *cur)
{
    const os_figure *olds[] = {&o->rto, &o->rpo}, *news[] = {&c->rto, &c->rpo};
    const enum os_verdict verdicts[] = {c->rto_verdict, c->rpo_verdict};
    const double targets[] = {cur->sla_rto, cur->sla_rpo};
    for (int k = 0; k < 2; k++) {
        os_check_item *it = &rep->items[rep->n_items++];
        it->kind = k ? OS_CHECK_GEO_RPO : OS_CHECK_GEO_RTO;
        it->connection = c->name;
        it->old_fig = *olds[k];
        it->new_fig = *news[k];
        it->target_missed = verdicts[k] == OS_VERDICT_FAIL;
        check_times(it, tolerance, targets[k]);
    }
}

int os_check_compare(const os_baseline *base, const os_baseline *cur, double tolerance,
                     os_check_report **out, os_error *err)
{
    *out = NULL;
    if (base->n_conn != cur->n_conn || base->has_service != cur->has_service ||
        base->n_geo != cur->n_geo || base->n_ent != cur->n_ent)
        return os_error_set(err, OS_ERR_INPUT, base->path, 0, 0,
                            "the baseline does not match the new run (connections, "
                            "service_connector, geo-replicated targets, routers or flows "
                            "differ)");
    for (size_t i = 0; i < base->n_ent; i++)
        if (strcmp(base->ent[i].name, cur->ent[i].name) != 0)
            return os_error_set(err, OS_ERR_INPUT, base->path, base->ent[i].mark.line,
                                base->ent[i].mark.column,
                                "router or flow '%s': the baseline does not match the new run "
                                "(the new run has '%s')",
                                base->ent[i].name, cur->ent[i].name);
    for (size_t i = 0; i < base->n_conn; i++)
        if (strcmp(base->conn[i].name, cur->conn[i].name) != 0)
            return os_error_set(err, OS_ERR_INPUT, base->path, base->conn[i].mark.line,
                                base->conn[i].mark.column,
                                "connections[%zu]: the baseline does not match the new run", i);
    if (!(tolerance >= 0) || !isfinite(tolerance))
        return os_error_set(err, OS_ERR_USAGE, NULL, 0, 0,
                            "the tolerance must be finite and "
                            "non-negative");
    os_check_report *rep = calloc(1, sizeof *rep);
    size_t n = 3 * cur->n_conn + (cur->has_service ? 2 : 0) + 2 * cur->n_geo + 2 * cur->n_ent;
    if (!rep || (n && !(rep->items = calloc(n, sizeof *rep->items)))) {
        free(rep);
        return os_error_set(err, OS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    rep->tolerance = tolerance;
    for (size_t i = 0; i < cur->n_conn; i++) {
        const os_baseline_conn *o = &base->conn[i], *c = &cur->conn[i];
        const os_figure *olds[] = {&o->availability, &o->cp_availability, &o->sla_compliance};
        const os_figure *news[] = {&c->availability, &c->cp_availability, &c->sla_compliance};
        static const enum os_check_kind kinds[] = {OS_CHECK_AVAILABILITY, OS_CHECK_CP_AVAILABILITY,
                                                   OS_CHECK_SLA_WINDOWS};
        for (int k = 0; k < 3; k++) {
            os_check_item *it = &rep->items[rep->n_items++];
            it->kind = kinds[k];
            it->connection = c->name;
            it->old_fig = *olds[k];
            it->new_fig = *news[k];
            it->target_missed = k == 0 && c->verdict == OS_VERDICT_FAIL;
            check_interval(it, cur->sla_availability, k == 0);
        }
    }
    if (cur->has_service) {
        const os_figure *olds[] = {&base->rto, &base->rpo}, *news[] = {&cur->rto, &cur->rpo};
        const enum os_verdict verdicts[] = {cur->rto_verdict, cur->rpo_verdict};
        const double targets[] = {cur->sla_rto, cur->sla_rpo};
        for (int k = 0; k < 2; k++) {
            os_check_item *it = &rep->items[rep->n_items++];
            it->kind = k ? OS_CHECK_RPO : OS_CHECK_RTO;
            it->old_fig = *olds[k];
            it->new_fig = *news[k];
            it->target_missed = verdicts[k] == OS_VERDICT_FAIL;
            check_times(it, tolerance, targets[k]);
        }
    }
    for (size_t i = 0; i < cur->n_geo; i++)
        compare_geo(rep, &base->geo[i], &cur->geo[i], tolerance, cur);
    /* routers and flows: availability (against a flow's own target) and SLA windows */
    for (size_t i = 0; i < cur->n_ent; i++) {
        const os_baseline_conn *o = &base->ent[i], *c = &cur->ent[i];
        double target = isnan(cur->ent_target[i]) ? cur->sla_availability : cur->ent_target[i];
        for (int k = 0; k < 2; k++) {
            os_check_item *it = &rep->items[rep->n_items++];
            it->kind = k ? OS_CHECK_SLA_WINDOWS : OS_CHECK_AVAILABILITY;
            it->connection = c->name;
            it->old_fig = k ? o->sla_compliance : o->availability;
            it->new_fig = k ? c->sla_compliance : c->availability;
            it->target_missed = k == 0 && c->verdict == OS_VERDICT_FAIL;
            check_interval(it, target, k == 0);
        }
    }
    for (size_t i = 0; i < rep->n_items; i++) {
        rep->n_failed += rep->items[i].outcome == OS_CHECK_FAIL;
        rep->n_improved += rep->items[i].outcome == OS_CHECK_IMPROVED;
        rep->n_changed += rep->items[i].outcome == OS_CHECK_CHANGED;
    }
    *out = rep;
    return OS_OK;
}

void os_check_report_free(os_check_report *rep)
{
    if (!rep)
        return;
    free(rep->items);
    free(rep);
}

/* --- summaries ------------------------------------------------------------------------------ */

/* Display width of a UTF-8 string (code points; good enough for names). */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void pad(os_buf *b, const char *s, size_t w)
{
    os_buf_puts(b, s);
    for (size_t k = width(s); k < w; k++)
        os_buf_puts(b, " ");
}

void os_check_format_text(os_buf *b, const os_check_report *rep)
{
    size_t wc = strlen("service");
    for (size_t i = 0; i < rep->n_items; i++)
        if (rep->items[i].connection && width(rep->items[i].connection) > wc)
            wc = width(rep->items[i].connection);
    for (size_t i = 0; i < rep->n_items; i++) {
        const os_check_item *it = &rep->items[i];
        pad(b, os_check_outcome_str(it->outcome), 10);
        pad(b, os_check_kind_str(it->kind), 28);
        char name[256];
        pad(b, clean(it->connection ? it->connection : "service", name, sizeof name), wc + 2);
        os_buf_printf(b, "%s\n", it->detail);
    }
    char tol[64];
    os_buf_printf(b, "%zu checks: %zu failed, %zu improved, %zu changed (tolerance %s)\n",
                  rep->n_items, rep->n_failed, rep->n_improved, rep->n_changed,
                  fmt_seconds(rep->tolerance, tol, sizeof tol));
}

void os_xml_escape(os_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        const char *rep = NULL;
        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&apos;";
            break;
        case '\t':
            rep = "&#9;";
            break;
        case '\n':
            rep = "&#10;";
            break;
        case '\r':
            rep = "&#13;";
            break;
        default:
            break;
        }
        if (rep) {
            os_buf_puts(b, rep);
            p++;
            continue;
        }
        if (c < 0x20 || c == 0x7f) { /* not allowed in XML 1.0 (0x7f is, but is unreadable) */
            os_buf_puts(b, "\xEF\xBF\xBD");
            p++;
            continue;
        }
        if (c < 0x80) {
            os_buf_put(b, (const char *)p, 1);
            p++;
            continue;
        }
        /* A well-formed UTF-8 sequence (no overlongs, surrogates or > U+10FFFF) is copied. */
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        bool ok = len > 0 && c <= 0xF4;
        for (size_t k = 1; ok && k < len; k++)
            ok = (p[k] & 0xC0) == 0x80;
        if (ok && len == 3)
            ok = !(c == 0xE0 && p[1] < 0xA0) && !(c == 0xED && p[1] >= 0xA0);
        if (ok && len == 4)
            ok = !(c == 0xF0 && p[1] < 0x90) && !(c == 0xF4 && p[1] >= 0x90);
        if (ok && len == 3 && c == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
            ok = false; /* U+FFFE, U+FFFF are not XML characters */
        if (!ok) {
            os_buf_puts(b, "\xEF\xBF\xBD");
            p++;
            continue;
        }
        os_buf_put(b, (const char *)p, len);
        p += len;
    }
}

void os_check_format_junit(os_buf *b, const os_check_report *rep, const char *suite, double seconds)
{
    if (!(seconds >= 0) || !isfinite(seconds))
        seconds = 0;
    os_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"");
    os_xml_escape(b, suite);
    os_buf_printf(b,
                  "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\" "
                  "time=\"%.3f\">\n",
                  rep->n_items, rep->n_failed, seconds);
    for (size_t i = 0; i < rep->n_items; i++) {
        const os_check_item *it = &rep->items[i];
        os_buf_puts(b, "  <testcase classname=\"outagesim.");
        os_xml_escape(b, suite);
        os_buf_puts(b, "\" name=\"");
        os_xml_escape(b, it->connection ? it->connection : "service");
        os_buf_puts(b, ": ");
        os_xml_escape(b, os_check_kind_str(it->kind));
        os_buf_puts(b, "\" time=\"0\"");
        if (it->outcome != OS_CHECK_FAIL) {
            os_buf_puts(b, ">\n    <system-out>");
            os_xml_escape(b, os_check_outcome_str(it->outcome));
            os_buf_puts(b, " ");
            os_xml_escape(b, it->detail);
            os_buf_puts(b, "</system-out>\n  </testcase>\n");
            continue;
        }
        const char *type = it->target_missed && it->regressed ? "target missed, regression"
                           : it->target_missed                ? "target missed"
                                                              : "regression";
        os_buf_puts(b, ">\n    <failure type=\"");
        os_buf_puts(b, type);
        os_buf_puts(b, "\" message=\"");
        os_xml_escape(b, it->detail);
        os_buf_puts(b, "\">");
        os_xml_escape(b, it->connection ? it->connection : "service");
        os_buf_puts(b, " ");
        os_xml_escape(b, os_check_kind_str(it->kind));
        os_buf_puts(b, ": ");
        os_xml_escape(b, it->detail);
        os_buf_puts(b, "</failure>\n  </testcase>\n");
    }
    os_buf_puts(b, "</testsuite>\n");
}
