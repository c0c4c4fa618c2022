/* yamlvalue.c — typed readers of YAML nodes: mappings with known keys (unknown ones get a
 * did-you-mean), sequences, strings, booleans, integers, numbers, percentages, durations and
 * duration distributions. Every reader reports its own error at the node, with the key path.
 *
 * Not here: which keys a section has or what they mean (scenario.c). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yamltree.h"

#define DESC 96 /* room for yt_describe */

static int expected(yt *t, int id, const char *path, const char *what)
{
    char d[DESC];
    return yt_fail(t, id, path, OS_ERR_INPUT, "expected %s, got %s", what,
                   yt_describe(t, id, d, sizeof d));
}

/* A scalar's text, or an error "expected WHAT". NUL bytes inside are refused. */
static int scalar(yt *t, int id, const char *path, const char *what, const char **out)
{
    yaml_node_t *n = yt_node(t, id);
    if (!n || n->type != YAML_SCALAR_NODE)
        return expected(t, id, path, what);
    if (strlen((const char *)n->data.scalar.value) != n->data.scalar.length)
        return yt_fail(t, id, path, OS_ERR_INPUT, "contains a NUL character");
    *out = (const char *)n->data.scalar.value;
    return OS_OK;
}

static void join(char *buf, size_t size, const char *const *names, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o < size; i++) {
        int w = snprintf(buf + o, size - o, "%s%s", i ? ", " : "", names[i]);
        if (w < 0)
            break;
        o += (size_t)w;
    }
}

int yt_mapping(yt *t, int id, const char *path, const char *const *keys, size_t n, yt_field *fields)
{
    yaml_node_t *m = yt_node(t, id);
    if (!m || m->type != YAML_MAPPING_NODE)
        return expected(t, id, path, "a mapping");
    for (size_t i = 0; i < n; i++)
        fields[i].key = fields[i].value = 0;
    for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
        const char *k = yt_scalar(t, pr->key); /* the check made every key a scalar */
        size_t i = 0;
        while (i < n && strcmp(keys[i], k))
            i++;
        if (i < n) {
            fields[i].key = pr->key;
            fields[i].value = pr->value;
            continue;
        }
        char d[DESC], list[512];
        if (!*k)
            return yt_fail(t, pr->key, path, OS_ERR_INPUT, "empty key");
        yt_describe(t, pr->key, d, sizeof d);
        const char *near = os_nearest(k, keys, n);
        if (near)
            return yt_fail(t, pr->key, path, OS_ERR_INPUT, "unknown key %s (did you mean '%s'?)", d,
                           near);
        join(list, sizeof list, keys, n);
        return yt_fail(t, pr->key, path, OS_ERR_INPUT, "unknown key %s (expected one of: %s)", d,
                       list);
    }
    return OS_OK;
}

int yt_require(yt *t, int id, const char *path, const yt_field *f, const char *key)
{
    if (f->value)
        return OS_OK;
    int k = yt_removed_by(t, id, key);
    if (k >= 0)
        return yt_fail_override(t, (size_t)k, key);
    return yt_fail(t, id, path, OS_ERR_INPUT, "missing required key '%s'", key);
}

int yt_sequence(yt *t, int id, const char *path, size_t *len)
{
    yaml_node_t *n = yt_node(t, id);
    if (!n || n->type != YAML_SEQUENCE_NODE)
        return expected(t, id, path, "a sequence");
    *len = yt_len(t, id);
    return OS_OK;
}

int yt_text(yt *t, int id, const char *path, const char **out)
{
    return scalar(t, id, path, "a string", out);
}

int yt_string(yt *t, int id, const char *path, const char **out)
{
    const char *s = NULL;
    int rc = scalar(t, id, path, "a non-empty string", &s);
    if (rc < 0)
        return rc;
    const char *p = s;
    while (*p == ' ')
        p++;
    if (!*p)
        return expected(t, id, path, "a non-empty string");
    *out = s;
    return OS_OK;
}

int yt_bool(yt *t, int id, const char *path, bool *out)
{
    const char *s = NULL;
    int rc = scalar(t, id, path, "true or false", &s);
    if (rc < 0)
        return rc;
    if (!strcmp(s, "true"))
        *out = true;
    else if (!strcmp(s, "false"))
        *out = false;
    else
        return expected(t, id, path, "true or false");
    return OS_OK;
}

/* Decimal digits only, optionally after a '-': 1e3, 0x10 and 1.0 are not integers here. */
static bool parse_decimal(const char *s, bool *neg, uint64_t *mag, bool *overflow)
{
    *neg = false;
    *mag = 0;
    *overflow = false;
    if (*s == '-' || *s == '+')
        *neg = *s++ == '-';
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        unsigned d = (unsigned)(*s - '0');
        if (*mag > (UINT64_MAX - d) / 10)
            *overflow = true;
        else
            *mag = *mag * 10 + d;
    }
    return true;
}

static const char *int_kind(long long min)
{
    return min > 0 ? "a positive integer" : min == 0 ? "a non-negative integer" : "an integer";
}

int yt_int(yt *t, int id, const char *path, long long min, long long max, long long *out)
{
    const char *s = NULL;
    int rc = scalar(t, id, path, int_kind(min), &s);
    if (rc < 0)
        return rc;
    bool neg, overflow;
    uint64_t mag;
    if (!parse_decimal(s, &neg, &mag, &overflow))
        return expected(t, id, path, int_kind(min));
    if (neg && mag != 0 && min >= 0)
        return expected(t, id, path, int_kind(min));
    if (neg && mag > (uint64_t)LLONG_MAX)
        overflow = true;
    if (overflow || (!neg && mag > (uint64_t)max) || (neg && -(long long)mag > max))
        return yt_fail(t, id, path, OS_ERR_INPUT, "must be at most %lld, got '%s'", max, s);
    long long v = neg ? -(long long)mag : (long long)mag;
    if (v < min)
        return yt_fail(t, id, path, OS_ERR_INPUT, "must be at least %lld, got '%s'", min, s);
    *out = v;
    return OS_OK;
}

int yt_u64(yt *t, int id, const char *path, uint64_t min, uint64_t max, uint64_t *out)
{
    const char *s = NULL;
    const char *what = min > 0 ? "a positive integer" : "a non-negative integer";
    int rc = scalar(t, id, path, what, &s);
    if (rc < 0)
        return rc;
    bool neg, overflow;
    uint64_t mag;
    if (!parse_decimal(s, &neg, &mag, &overflow) || (neg && mag != 0))
        return expected(t, id, path, what);
    if (overflow || mag > max)
        return yt_fail(t, id, path, OS_ERR_INPUT, "must be at most %llu, got '%s'",
                       (unsigned long long)max, s);
    if (mag < min)
        return yt_fail(t, id, path, OS_ERR_INPUT, "must be at least %llu, got '%s'",
                       (unsigned long long)min, s);
    *out = mag;
    return OS_OK;
}

/* A finite decimal number, the whole text (no hex, inf or nan). */
static bool parse_number(const char *s, size_t len, double *out)
{
    if (len == 0 || len > 64)
        return false;
    char buf[72];
    memcpy(buf, s, len);
    buf[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (!strchr("0123456789+-.eE", buf[i]))
            return false;
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (end != buf + len || !isfinite(v) || (errno == ERANGE && fabs(v) > 1))
        return false;
    *out = v;
    return true;
}

int yt_number(yt *t, int id, const char *path, double *out)
{
    const char *s = NULL;
    int rc = scalar(t, id, path, "a number", &s);
    if (rc < 0)
        return rc;
    if (!parse_number(s, strlen(s), out))
        return expected(t, id, path, "a finite number");
    return OS_OK;
}

int yt_percent(yt *t, int id, const char *path, double *out)
{
    static const char what[] = "a percentage such as '99.9%' or a fraction from 0 to 1";
    const char *s = NULL;
    int rc = scalar(t, id, path, what, &s);
    if (rc < 0)
        return rc;
    size_t len = strlen(s);
    double v;
    if (len > 0 && s[len - 1] == '%') {
        if (!parse_number(s, len - 1, &v))
            return expected(t, id, path, what);
        if (v < 0 || v > 100)
            return yt_fail(t, id, path, OS_ERR_INPUT, "must be from 0%% to 100%%, got '%s'", s);
        /* "99.9%" must mean exactly the double nearest 0.999, not 99.9 / 100 (which is
         * 0.9990000000000001): let strtod scale the decimal text itself */
        char scaled[80];
        if (len - 1 < sizeof scaled - 4 && !memchr(s, 'e', len - 1) && !memchr(s, 'E', len - 1)) {
            memcpy(scaled, s, len - 1);
            memcpy(scaled + len - 1, "e-2", 4);
            v = strtod(scaled, NULL);
        } else {
            v /= 100;
        }
    } else {
        if (!parse_number(s, len, &v))
            return expected(t, id, path, what);
        if (v < 0 || v > 1)
            return yt_fail(t, id, path, OS_ERR_INPUT,
                           "must be a fraction from 0 to 1 (or a percentage such as '99.9%%'), "
                           "got '%s'",
                           s);
    }
    *out = v;
    return OS_OK;
}

int yt_rate(yt *t, int id, const char *path, double *per_ms)
{
    static const char what[] = "a rate such as '60/h' (per s, m, h or d)";
    const char *s = NULL;
    int rc = scalar(t, id, path, what, &s);
    if (rc < 0)
        return rc;
    const char *slash = strchr(s, '/');
    if (!slash)
        return expected(t, id, path, what);
    size_t len = (size_t)(slash - s);
    while (len > 0 && s[len - 1] == ' ')
        len--;
    const char *u = slash + 1;
    while (*u == ' ')
        u++;
    double v, unit;
    if (!strcmp(u, "s"))
        unit = (double)OS_MS_SECOND;
    else if (!strcmp(u, "m"))
        unit = (double)OS_MS_MINUTE;
    else if (!strcmp(u, "h"))
        unit = (double)OS_MS_HOUR;
    else if (!strcmp(u, "d"))
        unit = (double)OS_MS_DAY;
    else
        return expected(t, id, path, what);
    if (!parse_number(s, len, &v))
        return expected(t, id, path, what);
    if (!(v > 0))
        return yt_fail(t, id, path, OS_ERR_INPUT, "must be positive, got '%s'", s);
    *per_ms = v / unit;
    return OS_OK;
}

/* The length in ms of a cost unit (SPEC §6.4), or 0: h, d, month (365 d / 12), y (365 d). */
os_ms yt_cost_unit(const char *u, size_t len)
{
    static const struct {
        const char *name;
        os_ms ms;
    } units[] = {{"h", OS_MS_HOUR}, {"d", OS_MS_DAY}, {"month", OS_MS_YEAR / 12}, {"y", OS_MS_YEAR}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strlen(units[i].name) == len && !memcmp(units[i].name, u, len))
            return units[i].ms;
    return 0;
}

int yt_amount(yt *t, int id, const char *path, double *out)
{
    const char *s = NULL;
    int rc = scalar(t, id, path, "an amount such as '1200'", &s);
    if (rc < 0)
        return rc;
    if (!parse_number(s, strlen(s), out))
        return expected(t, id, path, "an amount such as '1200'");
    if (*out < 0)
        return yt_fail(t, id, path, OS_ERR_INPUT, "must not be negative, got '%s'", s);
    return OS_OK;
}

int yt_money_rate(yt *t, int id, const char *path, os_rate *out)
{
    static const char what[] = "a rate such as '0.40/h' (per h, d, month or y)";
    const char *s = NULL;
    int rc = scalar(t, id, path, what, &s);
    if (rc < 0)
        return rc;
    const char *slash = strchr(s, '/');
    if (!slash)
        return yt_fail(t, id, path, OS_ERR_INPUT,
                       "expected %s, got '%s' (the '/unit' is missing)", what, s);
    size_t len = (size_t)(slash - s);
    while (len > 0 && s[len - 1] == ' ')
        len--;
    const char *u = slash + 1;
    while (*u == ' ')
        u++;
    size_t ulen = strlen(u);
    while (ulen > 0 && u[ulen - 1] == ' ')
        ulen--;
    os_ms per = yt_cost_unit(u, ulen);
    if (!per)
        return yt_fail(t, id, path, OS_ERR_INPUT,
                       "unknown unit '%.*s' in '%s' (expected h, d, month or y)", (int)ulen, u,
                       s);
    double v;
    if (!parse_number(s, len, &v))
        return expected(t, id, path, what);
    if (v < 0)
        return yt_fail(t, id, path, OS_ERR_INPUT, "must not be negative, got '%s'", s);
    out->amount = v;
    out->per = per;
    return OS_OK;
}

int yt_duration(yt *t, int id, const char *path, os_ms *out)
{
    yaml_node_t *n = yt_node(t, id);
    if (n && n->type == YAML_MAPPING_NODE)
        return yt_fail(t, id, path, OS_ERR_INPUT,
                       "must be a fixed duration such as '24h', not a distribution");
    const char *s = NULL, *why = NULL;
    int rc = scalar(t, id, path, "a duration such as '30m' or '2d 6h'", &s);
    if (rc < 0)
        return rc;
    if (os_duration_parse(s, out, &why) < 0) {
        char d[DESC];
        return yt_fail(t, id, path, OS_ERR_INPUT, "expected a duration, got %s: %s",
                       yt_describe(t, id, d, sizeof d), why);
    }
    return OS_OK;
}

int yt_enum(yt *t, int id, const char *path, const char *const *names, size_t n, int *out)
{
    const char *s = NULL;
    char list[256];
    join(list, sizeof list, names, n);
    int rc = scalar(t, id, path, list, &s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(s, names[i])) {
            *out = (int)i;
            return OS_OK;
        }
    }
    char d[DESC];
    yt_describe(t, id, d, sizeof d);
    const char *near = os_nearest(s, names, n);
    if (near)
        return yt_fail(t, id, path, OS_ERR_INPUT, "unknown value %s (did you mean '%s'?)", d, near);
    return yt_fail(t, id, path, OS_ERR_INPUT, "unknown value %s (expected one of: %s)", d, list);
}

/* --- distributions -------------------------------------------------------------------------- */

static const char *const dist_names[] = {"fixed",     "exponential", "uniform", "normal",
                                         "lognormal", "weibull",     "gamma",   "empirical"};
static const enum os_dist_kind dist_kinds[] = {
    OS_DIST_FIXED,     OS_DIST_EXPONENTIAL, OS_DIST_UNIFORM, OS_DIST_NORMAL,
    OS_DIST_LOGNORMAL, OS_DIST_WEIBULL,     OS_DIST_GAMMA,   OS_DIST_EMPIRICAL,
};
/* The keys each kind takes, "dist" first; lognormal takes median+sigma or mean+sd. */
static const char *const dist_keys[][5] = {
    {"dist", "value"},
    {"dist", "mean"},
    {"dist", "min", "max"},
    {"dist", "mean", "sd"},
    {"dist", "median", "sigma", "mean", "sd"},
    {"dist", "scale", "shape"},
    {"dist", "shape", "scale"},
    {"dist", "values"},
};
static const size_t dist_nkeys[] = {2, 2, 3, 3, 5, 3, 3, 2};

static int dist_param_ms(yt *t, const yt_field *f, const char *path, const char *key, double *out)
{
    char p[YT_PATH];
    os_ms v;
    int rc = yt_duration(t, f->value, yt_path(p, sizeof p, path, key), &v);
    if (rc == OS_OK)
        *out = (double)v;
    return rc;
}

static int dist_param_positive(yt *t, const yt_field *f, const char *path, const char *key,
                               double *out)
{
    char p[YT_PATH];
    yt_path(p, sizeof p, path, key);
    int rc = yt_number(t, f->value, p, out);
    if (rc < 0)
        return rc;
    if (!(*out > 0))
        return yt_fail(t, f->value, p, OS_ERR_INPUT, "must be positive, got '%s'",
                       yt_scalar(t, f->value));
    return OS_OK;
}

static int positive_ms(yt *t, const yt_field *f, const char *path, const char *key, double v)
{
    char p[YT_PATH];
    if (v > 0)
        return OS_OK;
    return yt_fail(t, f->value, yt_path(p, sizeof p, path, key), OS_ERR_INPUT,
                   "must be positive, got '%s'", yt_scalar(t, f->value));
}

static int empirical_values(yt *t, int id, const char *path, int flags, os_dist *d)
{
    char p[YT_PATH], pi[YT_PATH];
    size_t n = 0;
    yt_path(p, sizeof p, path, "values");
    int rc = yt_sequence(t, id, p, &n);
    if (rc < 0)
        return rc;
    if (n == 0)
        return yt_fail(t, id, p, OS_ERR_INPUT, "must list at least one duration");
    if (n > OS_MAX_EMPIRICAL)
        return yt_fail(t, id, p, OS_ERR_LIMIT, "too many values: %zu (the limit is %d)", n,
                       OS_MAX_EMPIRICAL);
    d->values = malloc(n * sizeof *d->values);
    if (!d->values)
        return yt_fail(t, id, p, OS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int item = yt_item(t, id, i);
        os_ms v;
        yt_path_index(pi, sizeof pi, p, i);
        if ((rc = yt_duration(t, item, pi, &v)) < 0)
            return rc;
        if ((flags & YT_POS_VALUES) && v == 0)
            return yt_fail(t, item, pi, OS_ERR_INPUT,
                           "must be positive in a failure process, got '%s'", yt_scalar(t, item));
        d->values[i] = (double)v;
        d->n_values = i + 1;
    }
    return OS_OK;
}

/* Reads a {dist: KIND, ...} mapping into d (d->values owned by d even on error). */
static int dist_mapping(yt *t, int id, const char *path, int flags, os_dist *d)
{
    yt_field f[5];
    static const char *const any[] = {"dist"};
    yaml_node_t *m = yt_node(t, id);
    int kind_node = 0, rc;
    for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++)
        if (!strcmp(yt_scalar(t, pr->key), "dist"))
            kind_node = pr->value;
    if (!kind_node) {
        char list[256];
        join(list, sizeof list, dist_names, 8);
        /* A lone typo such as {dsit: ...} gets its did-you-mean from yt_mapping. */
        for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top;
             pr++)
            if (os_nearest(yt_scalar(t, pr->key), any, 1))
                return yt_mapping(t, id, path, any, 1, f);
        return yt_fail(t, id, path, OS_ERR_INPUT, "a distribution needs 'dist: KIND' (one of: %s)",
                       list);
    }
    int k = 0;
    char kp[YT_PATH];
    if ((rc = yt_enum(t, kind_node, yt_path(kp, sizeof kp, path, "dist"), dist_names, 8, &k)) < 0)
        return rc;
    if ((rc = yt_mapping(t, id, path, dist_keys[k], dist_nkeys[k], f)) < 0)
        return rc;
    d->kind = dist_kinds[k];
    const char *kname = dist_names[k];
    const char *article = kname[0] == 'e' ? "an" : "a";
    size_t need = dist_nkeys[k];
    if (d->kind == OS_DIST_LOGNORMAL) {
        bool by_median = f[1].value || f[2].value, by_mean = f[3].value || f[4].value;
        if (by_median && by_mean)
            return yt_fail(t, id, path, OS_ERR_INPUT,
                           "a lognormal distribution takes median and sigma, or mean and sd, "
                           "not both");
        if (!by_median && !by_mean)
            return yt_fail(t, id, path, OS_ERR_INPUT,
                           "a lognormal distribution needs median and sigma, or mean and sd");
        for (size_t i = by_median ? 1 : 3; i < (by_median ? 3u : 5u); i++)
            if (!f[i].value)
                return yt_fail(t, id, path, OS_ERR_INPUT,
                               "missing key '%s' for a lognormal distribution", dist_keys[k][i]);
    } else {
        for (size_t i = 1; i < need; i++)
            if (!f[i].value)
                return yt_fail(t, id, path, OS_ERR_INPUT, "missing key '%s' for %s %s distribution",
                               dist_keys[k][i], article, kname);
    }
    double x = 0, y = 0;
    switch (d->kind) {
    case OS_DIST_FIXED:
        if ((rc = dist_param_ms(t, &f[1], path, "value", &d->a)) < 0)
            return rc;
        if ((flags & YT_POS_MEAN) && (rc = positive_ms(t, &f[1], path, "value", d->a)) < 0)
            return rc;
        break;
    case OS_DIST_EXPONENTIAL:
        if ((rc = dist_param_ms(t, &f[1], path, "mean", &d->a)) < 0 ||
            (rc = positive_ms(t, &f[1], path, "mean", d->a)) < 0)
            return rc;
        break;
    case OS_DIST_UNIFORM:
        if ((rc = dist_param_ms(t, &f[1], path, "min", &d->a)) < 0 ||
            (rc = dist_param_ms(t, &f[2], path, "max", &d->b)) < 0)
            return rc;
        if (d->b < d->a) {
            char p[YT_PATH];
            return yt_fail(t, f[2].value, yt_path(p, sizeof p, path, "max"), OS_ERR_INPUT,
                           "must not be below min");
        }
        break;
    case OS_DIST_NORMAL:
        if ((rc = dist_param_ms(t, &f[1], path, "mean", &d->a)) < 0 ||
            (rc = dist_param_ms(t, &f[2], path, "sd", &d->b)) < 0 ||
            (rc = positive_ms(t, &f[2], path, "sd", d->b)) < 0)
            return rc;
        break;
    case OS_DIST_LOGNORMAL:
        if (f[1].value) {
            if ((rc = dist_param_ms(t, &f[1], path, "median", &x)) < 0 ||
                (rc = positive_ms(t, &f[1], path, "median", x)) < 0 ||
                (rc = dist_param_positive(t, &f[2], path, "sigma", &d->b)) < 0)
                return rc;
            d->a = log(x);
        } else {
            /* From mean m and sd s: sigma^2 = ln(1 + s^2/m^2), mu = ln m - sigma^2 / 2. */
            if ((rc = dist_param_ms(t, &f[3], path, "mean", &x)) < 0 ||
                (rc = positive_ms(t, &f[3], path, "mean", x)) < 0 ||
                (rc = dist_param_ms(t, &f[4], path, "sd", &y)) < 0 ||
                (rc = positive_ms(t, &f[4], path, "sd", y)) < 0)
                return rc;
            double s2 = log1p((y / x) * (y / x));
            d->b = sqrt(s2);
            d->a = log(x) - s2 / 2;
        }
        break;
    case OS_DIST_WEIBULL:
        if ((rc = dist_param_ms(t, &f[1], path, "scale", &d->a)) < 0 ||
            (rc = positive_ms(t, &f[1], path, "scale", d->a)) < 0 ||
            (rc = dist_param_positive(t, &f[2], path, "shape", &d->b)) < 0)
            return rc;
        break;
    case OS_DIST_GAMMA:
        if ((rc = dist_param_positive(t, &f[1], path, "shape", &d->a)) < 0 ||
            (rc = dist_param_ms(t, &f[2], path, "scale", &d->b)) < 0 ||
            (rc = positive_ms(t, &f[2], path, "scale", d->b)) < 0)
            return rc;
        break;
    case OS_DIST_EMPIRICAL:
        if ((rc = empirical_values(t, f[1].value, path, flags, d)) < 0)
            return rc;
        break;
    }
    const char *why = NULL;
    if (os_dist_finish(d, &why) < 0)
        return yt_fail(t, id, path, OS_ERR_INPUT, "invalid %s distribution: %s", kname,
                       why ? why : "bad parameters");
    if ((flags & YT_POS_MEAN) && !(d->mean > 0))
        return yt_fail(t, id, path, OS_ERR_INPUT,
                       "the mean of this %s distribution must be "
                       "positive",
                       kname);
    return OS_OK;
}

int yt_dist(yt *t, int id, const char *path, int flags, os_dist *out)
{
    yaml_node_t *n = yt_node(t, id);
    if (n && n->type == YAML_MAPPING_NODE) {
        os_dist d;
        memset(&d, 0, sizeof d);
        int rc = dist_mapping(t, id, path, flags, &d);
        if (rc < 0) {
            os_dist_clear(&d);
            return rc;
        }
        *out = d;
        return OS_OK;
    }
    os_ms v;
    const char *s = NULL;
    int rc =
        scalar(t, id, path, "a duration or a distribution such as {dist: fixed, value: 2h}", &s);
    if (rc < 0 || (rc = yt_duration(t, id, path, &v)) < 0)
        return rc;
    if ((flags & YT_POS_MEAN) && v == 0)
        return yt_fail(t, id, path, OS_ERR_INPUT, "must be positive, got '%s'", s);
    *out = os_dist_fixed(v);
    return OS_OK;
}
