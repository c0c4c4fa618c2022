/* yamltree.c — the scenario's YAML document: reading the file within the size limit, parsing
 * with libyaml's document API (syntax errors keep their position), one check of the whole tree
 * (depth, node visits with aliases counted at every use, key types, duplicate keys), grafting of
 * --set overrides, node access and error reporting.
 *
 * Not here: typed readers (yamlvalue.c) and the meaning of keys (scenario.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "yamltree.h"

/* --- files ---------------------------------------------------------------------------------- */

int yt_read_file(const char *path, size_t max, char **data, size_t *size, os_error *err)
{
    int rc = OS_OK;
    char *buf = NULL;
    *data = NULL;
    *size = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == EINTR) /* opening a FIFO that no one writes, interrupted */
        return os_error_set(err, OS_ERR_INTERRUPTED, path, 0, 0, "interrupted while opening");
    if (fd < 0)
        return os_error_set(err, OS_ERR_IO, path, 1, 1, "cannot read: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0) {
        rc = os_error_set(err, OS_ERR_IO, path, 1, 1, "cannot read: %s", strerror(errno));
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        rc = os_error_set(err, OS_ERR_IO, path, 1, 1, "cannot read: %s", strerror(EISDIR));
        goto out;
    }
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > (uintmax_t)max) {
        rc =
            os_error_set(err, OS_ERR_LIMIT, path, 1, 1,
                         "file too large: %jd bytes (the limit is %zu)", (intmax_t)st.st_size, max);
        goto out;
    }
    /* Regular files are read in one go; pipes and devices grow the buffer, never past max. */
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
    size_t n = 0;
    buf = malloc(cap + 1);
    if (!buf) {
        rc = os_error_set(err, OS_ERR_NOMEM, path, 1, 1, "out of memory");
        goto out;
    }
    for (;;) {
        if (n == cap) {
            if (cap > max) {
                rc = os_error_set(err, OS_ERR_LIMIT, path, 1, 1,
                                  "file too large: more than %zu bytes", max);
                goto out;
            }
            size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) {
                rc = os_error_set(err, OS_ERR_NOMEM, path, 1, 1, "out of memory");
                goto out;
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            /* A signal whose handler was installed without SA_RESTART (SIGINT, SIGTERM in the
             * CLI) ends the read: a FIFO or a pipe may never deliver the rest. */
            if (errno == EINTR) {
                rc = os_error_set(err, OS_ERR_INTERRUPTED, path, 0, 0, "interrupted while reading");
                goto out;
            }
            rc = os_error_set(err, OS_ERR_IO, path, 1, 1, "cannot read: %s", strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n > max) {
        rc =
            os_error_set(err, OS_ERR_LIMIT, path, 1, 1, "file too large: more than %zu bytes", max);
        goto out;
    }
    buf[n] = '\0';
    *data = buf;
    *size = n;
    buf = NULL;
out:
    free(buf);
    close(fd);
    return rc;
}

/* --- nodes and errors ----------------------------------------------------------------------- */

int yt_root(const yt *t)
{
    return t->loaded && t->doc.nodes.top > t->doc.nodes.start ? 1 : 0;
}

yaml_node_t *yt_node(const yt *t, int id)
{
    return yaml_document_get_node((yaml_document_t *)&t->doc, id);
}

size_t yt_len(const yt *t, int id)
{
    yaml_node_t *n = yt_node(t, id);
    if (!n)
        return 0;
    if (n->type == YAML_SEQUENCE_NODE)
        return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (n->type == YAML_MAPPING_NODE)
        return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    return 0;
}

int yt_item(const yt *t, int seq, size_t i)
{
    yaml_node_t *n = yt_node(t, seq);
    return n && n->type == YAML_SEQUENCE_NODE ? n->data.sequence.items.start[i] : 0;
}

const char *yt_scalar(const yt *t, int id)
{
    yaml_node_t *n = yt_node(t, id);
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* -1 when the node comes from the file, else the index of the override that added it. */
static int origin(const yt *t, int id)
{
    if (id <= t->n_file || !t->set_first)
        return -1;
    int k = -1;
    for (size_t i = 0; i < t->n_sets; i++)
        if (t->set_first[i] > 0 && id >= t->set_first[i])
            k = (int)i;
    return k;
}

os_mark yt_mark(const yt *t, int id)
{
    os_mark m = {0, 0};
    yaml_node_t *n = yt_node(t, id);
    if (n && !t->lineless && origin(t, id) < 0) {
        m.line = (int)n->start_mark.line + 1;
        m.column = (int)n->start_mark.column + 1;
    }
    return m;
}

int yt_vfail(yt *t, int id, const char *path, enum os_status status, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    int k = origin(t, id);
    if (k >= 0) {
        /* The key already says where: "--set computes.web.instances: expected ..." */
        char file[512];
        snprintf(file, sizeof file, "--set %s", t->sets[k].key);
        return os_error_set(t->err, status, file, 0, 0, "%s", msg);
    }
    os_mark m = yt_mark(t, id);
    if (!t->lineless && m.line == 0)
        m.line = m.column = 1;
    if (path && *path)
        return os_error_set(t->err, status, t->name, m.line, m.column, "%s: %s", path, msg);
    return os_error_set(t->err, status, t->name, m.line, m.column, "%s", msg);
}

int yt_fail(yt *t, int id, const char *path, enum os_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = yt_vfail(t, id, path, status, fmt, ap);
    va_end(ap);
    return rc;
}

static bool is_null_text(const yaml_node_t *n)
{
    const char *v = (const char *)n->data.scalar.value;
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL");
}

const char *yt_describe(const yt *t, int id, char *buf, size_t size)
{
    yaml_node_t *n = yt_node(t, id);
    if (!n)
        snprintf(buf, size, "nothing");
    else if (n->type == YAML_MAPPING_NODE)
        snprintf(buf, size, "a mapping");
    else if (n->type == YAML_SEQUENCE_NODE)
        snprintf(buf, size, "a sequence");
    else if (is_null_text(n))
        snprintf(buf, size, "an empty value");
    else {
        /* Quote at most 60 characters; control characters would break the one-line message. */
        size_t o = 0, len = n->data.scalar.length;
        const unsigned char *v = n->data.scalar.value;
        if (size < 8) {
            snprintf(buf, size, "'...'");
            return buf;
        }
        buf[o++] = '\'';
        for (size_t i = 0; i < len && o + 6 < size; i++) {
            if (i == 60) {
                memcpy(buf + o, "...", 3);
                o += 3;
                break;
            }
            buf[o++] = v[i] < 0x20 || v[i] == 0x7f ? '?' : (char)v[i];
        }
        buf[o++] = '\'';
        buf[o] = '\0';
    }
    return buf;
}

const char *yt_path(char *buf, size_t size, const char *parent, const char *key)
{
    if (parent && *parent)
        snprintf(buf, size, "%s.%s", parent, key);
    else
        snprintf(buf, size, "%s", key);
    return buf;
}

const char *yt_path_index(char *buf, size_t size, const char *parent, size_t i)
{
    snprintf(buf, size, "%s[%zu]", parent ? parent : "", i);
    return buf;
}

/* --- parsing -------------------------------------------------------------------------------- */

/* The character at 0-based (line, column), counting columns in characters as libyaml does. */
static int char_at(const char *data, size_t size, size_t line, size_t column)
{
    size_t i = 0;
    for (size_t l = 0; l < line && i < size; i++)
        if (data[i] == '\n')
            l++;
    for (size_t c = 0; i < size && data[i] != '\n'; i++) {
        if (((unsigned char)data[i] & 0xC0) == 0x80)
            continue;
        if (c++ == column)
            return (unsigned char)data[i];
    }
    return -1;
}

/* Reports a libyaml parser error; file positions are 1-based. */
static int syntax_error(yt *t, const yaml_parser_t *p, const char *data, size_t size,
                        const char *what)
{
    if (p->error == YAML_MEMORY_ERROR)
        return os_error_set(t->err, OS_ERR_NOMEM, t->name, 0, 0, "out of memory parsing YAML");
    /* libyaml leaves problem unset when an allocation fails deep inside the loader. */
    if (!p->problem)
        return os_error_set(t->err, OS_ERR_NOMEM, t->name, 0, 0, "out of memory parsing YAML");
    const char *problem = p->problem;
    if (p->error == YAML_READER_ERROR) {
        /* Reader errors carry a byte offset rather than a mark. */
        size_t line = 1, col = 1;
        for (size_t i = 0; i < p->problem_offset && i < size; i++) {
            if (data[i] == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)data[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        char val[32] = "";
        if (p->problem_value >= 0 && p->problem_value <= 0xff)
            snprintf(val, sizeof val, " (byte 0x%02x)", (unsigned)p->problem_value);
        else if (p->problem_value > 0xff)
            snprintf(val, sizeof val, " (U+%04X)", (unsigned)p->problem_value);
        if (t->lineless)
            line = col = 0;
        return os_error_set(t->err, OS_ERR_INPUT, t->name, (int)line, (int)col,
                            "YAML syntax error%s: %s%s", what, problem, val);
    }
    int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
    if (t->lineless)
        line = col = 0;
    if (char_at(data, size, p->problem_mark.line, p->problem_mark.column) == '\t')
        return os_error_set(t->err, OS_ERR_INPUT, t->name, line, col,
                            "YAML syntax error%s: tab character here; indent with spaces", what);
    if (p->context)
        return os_error_set(t->err, OS_ERR_INPUT, t->name, line, col,
                            "YAML syntax error%s: %s (%s)", what, problem, p->context);
    return os_error_set(t->err, OS_ERR_INPUT, t->name, line, col, "YAML syntax error%s: %s", what,
                        problem);
}

/* The nesting limit, enforced while libyaml scans: its scanner does work proportional to the
 * open flow levels for every token, so a long line of '[' costs time quadratic in its length
 * before yaml_parser_load returns. This pass reads events and stops at the first node deeper
 * than YT_MAX_DEPTH (counting the root as level 1, as check_node does), so a hostile file
 * costs at most YT_MAX_DEPTH levels of that work. A syntax error ends the pass quietly: the
 * load that follows meets the same error at the same place, after the same (bounded) work. */
static int depth_scan(yt *t, const char *data, size_t size)
{
    yaml_parser_t p;
    yaml_event_t ev;
    int rc = OS_OK, open = 0;
    if (!yaml_parser_initialize(&p))
        return os_error_set(t->err, OS_ERR_NOMEM, t->name, 0, 0, "out of memory parsing YAML");
    yaml_parser_set_input_string(&p, (const unsigned char *)data, size);
    for (;;) {
        if (!yaml_parser_parse(&p, &ev))
            break;
        yaml_event_type_t type = ev.type;
        if (type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT ||
            type == YAML_SCALAR_EVENT || type == YAML_ALIAS_EVENT) {
            if (open + 1 > YT_MAX_DEPTH) {
                int line = t->lineless ? 0 : (int)ev.start_mark.line + 1;
                int col = t->lineless ? 0 : (int)ev.start_mark.column + 1;
                rc = os_error_set(t->err, OS_ERR_LIMIT, t->name, line, col,
                                  "nesting deeper than %d levels", YT_MAX_DEPTH);
                yaml_event_delete(&ev);
                break;
            }
        }
        if (type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT)
            open++;
        else if (type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT)
            open--;
        yaml_event_delete(&ev);
        if (type == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&p);
    return rc;
}

/* Loads exactly one document from data into doc (an empty stream gives no root node). */
static int parse(yt *t, const char *data, size_t size, const char *what)
{
    yaml_parser_t p;
    int rc = depth_scan(t, data, size);
    if (rc < 0)
        return rc;
    if (!yaml_parser_initialize(&p))
        return os_error_set(t->err, OS_ERR_NOMEM, t->name, 0, 0, "out of memory parsing YAML");
    yaml_parser_set_input_string(&p, (const unsigned char *)data, size);
    if (!yaml_parser_load(&p, &t->doc)) {
        rc = syntax_error(t, &p, data, size, what);
        goto out;
    }
    t->loaded = true;
    if (!yaml_document_get_root_node(&t->doc))
        goto out;
    yaml_document_t second;
    if (!yaml_parser_load(&p, &second)) {
        rc = syntax_error(t, &p, data, size, what);
        goto out;
    }
    if (yaml_document_get_root_node(&second)) {
        int line = t->lineless ? 0 : (int)second.start_mark.line + 1;
        int col = t->lineless ? 0 : (int)second.start_mark.column + 1;
        rc = os_error_set(t->err, OS_ERR_INPUT, t->name, line, col,
                          "a second YAML document starts here; a scenario is one document");
    }
    yaml_document_delete(&second);
out:
    yaml_parser_delete(&p);
    return rc;
}

/* --- the check: depth, visits, keys --------------------------------------------------------- */

struct keyref {
    const char *s;
    size_t len;
    size_t pos;
};

static bool key_eq(const struct keyref *x, const struct keyref *y)
{
    return x->len == y->len && !memcmp(x->s, y->s, x->len);
}

static int keyref_cmp(const void *a, const void *b)
{
    const struct keyref *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, n);
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Finds the first key (in document order) that repeats an earlier one. */
static int duplicate_keys(yt *t, int id)
{
    yaml_node_t *n = yt_node(t, id);
    yaml_node_pair_t *pairs = n->data.mapping.pairs.start;
    size_t np = yt_len(t, id);
    size_t first = 0, second = SIZE_MAX;
    if (np < 2)
        return OS_OK;
    struct keyref *v = malloc(np * sizeof *v);
    if (!v)
        return os_error_set(t->err, OS_ERR_NOMEM, t->name, 0, 0, "out of memory");
    for (size_t i = 0; i < np; i++) {
        yaml_node_t *k = yt_node(t, pairs[i].key);
        v[i] = (struct keyref){(const char *)k->data.scalar.value, k->data.scalar.length, i};
    }
    qsort(v, np, sizeof *v, keyref_cmp);
    /* Sorted by (key, position): a group's second element is the first repeat of that key. */
    for (size_t i = 1; i < np; i++) {
        if (!key_eq(&v[i], &v[i - 1]) || (i >= 2 && key_eq(&v[i - 1], &v[i - 2])))
            continue;
        if (v[i].pos < second) {
            first = v[i - 1].pos;
            second = v[i].pos;
        }
    }
    free(v);
    if (second == SIZE_MAX)
        return OS_OK;
    int kid = pairs[second].key;
    char d[96];
    yt_describe(t, kid, d, sizeof d);
    if (!yt_scalar(t, kid)[0])
        snprintf(d, sizeof d, "''");
    os_mark m = yt_mark(t, pairs[first].key);
    if (m.line > 0)
        return yt_fail(t, kid, NULL, OS_ERR_INPUT, "duplicate key %s (first at line %d)", d,
                       m.line);
    return yt_fail(t, kid, NULL, OS_ERR_INPUT, "duplicate key %s", d);
}

static int check_node(yt *t, int id, int depth, unsigned char *seen)
{
    yaml_node_t *n = yt_node(t, id);
    if (++t->visits > OS_MAX_YAML_NODES)
        return yt_fail(t, id, NULL, OS_ERR_LIMIT,
                       "too many YAML nodes: more than %u, counting each use of an alias",
                       OS_MAX_YAML_NODES);
    if (depth > YT_MAX_DEPTH)
        return yt_fail(t, id, NULL, OS_ERR_LIMIT, "nesting deeper than %d levels", YT_MAX_DEPTH);
    int rc;
    if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++)
            if ((rc = check_node(t, *it, depth + 1, seen)) < 0)
                return rc;
    } else if (n->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
             pr++) {
            yaml_node_t *k = yt_node(t, pr->key);
            ++t->visits;
            if (k->type != YAML_SCALAR_NODE) {
                char d[32];
                return yt_fail(t, pr->key, NULL, OS_ERR_INPUT,
                               "a key must be a plain value, not %s",
                               yt_describe(t, pr->key, d, sizeof d));
            }
            if (strlen((const char *)k->data.scalar.value) != k->data.scalar.length)
                return yt_fail(t, pr->key, NULL, OS_ERR_INPUT, "a key contains a NUL character");
        }
        if (!seen[id]) {
            seen[id] = 1; /* a mapping reached again through an alias needs no second look */
            if ((rc = duplicate_keys(t, id)) < 0)
                return rc;
        }
        n = yt_node(t, id);
        for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
             pr++)
            if ((rc = check_node(t, pr->value, depth + 1, seen)) < 0)
                return rc;
    }
    return OS_OK;
}

static int check_tree(yt *t)
{
    size_t nn = (size_t)(t->doc.nodes.top - t->doc.nodes.start);
    unsigned char *seen = calloc(nn + 1, 1);
    if (!seen)
        return os_error_set(t->err, OS_ERR_NOMEM, t->name, 0, 0, "out of memory");
    t->visits = 0;
    int rc = check_node(t, 1, 1, seen);
    free(seen);
    return rc;
}

int yt_load(yt *t, const char *name, const char *data, size_t size, os_error *err)
{
    memset(t, 0, sizeof *t);
    t->name = name;
    t->err = err;
    int rc = parse(t, data, size, "");
    if (rc < 0)
        return rc;
    yaml_node_t *root = yaml_document_get_root_node(&t->doc);
    if (!root)
        return os_error_set(err, OS_ERR_INPUT, name, 1, 1,
                            "empty scenario: expected a mapping with regions, computes, "
                            "targets and connections");
    t->n_file = (int)(t->doc.nodes.top - t->doc.nodes.start);
    if (root->type != YAML_MAPPING_NODE) {
        char d[96];
        return yt_fail(t, 1, NULL, OS_ERR_INPUT,
                       "expected a mapping with regions, computes, targets and connections, "
                       "got %s",
                       yt_describe(t, 1, d, sizeof d));
    }
    return check_tree(t);
}

void yt_free(yt *t)
{
    if (!t)
        return;
    if (t->loaded)
        yaml_document_delete(&t->doc);
    t->loaded = false;
    free(t->set_first);
    t->set_first = NULL;
    free(t->removed);
    t->removed = NULL;
}

/* --- overrides ------------------------------------------------------------------------------ */

/* Copies node id of src (and what it reaches) into dst; memo keeps shared nodes shared, and the
 * source passed check_node, so the recursion is at most YT_MAX_DEPTH deep. Returns 0 when out
 * of memory. */
static int copy_node(yaml_document_t *dst, yaml_document_t *src, int id, int *memo)
{
    if (memo[id])
        return memo[id];
    yaml_node_t *n = yaml_document_get_node(src, id);
    int c = 0;
    switch (n->type) {
    case YAML_SCALAR_NODE:
        c = yaml_document_add_scalar(dst, NULL, n->data.scalar.value, (int)n->data.scalar.length,
                                     n->data.scalar.style);
        memo[id] = c;
        return c;
    case YAML_SEQUENCE_NODE:
        c = yaml_document_add_sequence(dst, NULL, YAML_FLOW_SEQUENCE_STYLE);
        if (!c)
            return 0;
        memo[id] = c;
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
            int ci = copy_node(dst, src, *it, memo);
            if (!ci || !yaml_document_append_sequence_item(dst, c, ci))
                return 0;
        }
        return c;
    case YAML_MAPPING_NODE:
        c = yaml_document_add_mapping(dst, NULL, YAML_FLOW_MAPPING_STYLE);
        if (!c)
            return 0;
        memo[id] = c;
        for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
             pr++) {
            int ck = copy_node(dst, src, pr->key, memo);
            int cv = ck ? copy_node(dst, src, pr->value, memo) : 0;
            if (!cv || !yaml_document_append_mapping_pair(dst, c, ck, cv))
                return 0;
        }
        return c;
    default:
        return 0;
    }
}

/* Parses the VALUE of override k into its own document, checks it, and copies it into t.
 * *out is the copy's node id. */
static int graft_value(yt *t, size_t k, const char *label, int *out)
{
    yt v;
    int *memo = NULL;
    memset(&v, 0, sizeof v);
    v.name = label;
    v.lineless = true;
    v.err = t->err;
    const char *text = t->sets[k].value ? t->sets[k].value : "";
    int rc = parse(&v, text, strlen(text), " in the value");
    if (rc < 0)
        goto out;
    if (!yaml_document_get_root_node(&v.doc)) {
        /* "--set description=" is an empty value, as "description:" would be. */
        *out =
            yaml_document_add_scalar(&t->doc, NULL, (yaml_char_t *)"", 0, YAML_PLAIN_SCALAR_STYLE);
        if (!*out)
            rc = os_error_set(t->err, OS_ERR_NOMEM, label, 0, 0, "out of memory");
        goto out;
    }
    if ((rc = check_tree(&v)) < 0)
        goto out;
    size_t nn = (size_t)(v.doc.nodes.top - v.doc.nodes.start);
    memo = calloc(nn + 1, sizeof *memo);
    if (!memo || !(*out = copy_node(&t->doc, &v.doc, 1, memo)))
        rc = os_error_set(t->err, OS_ERR_NOMEM, label, 0, 0, "out of memory");
out:
    free(memo);
    yt_free(&v);
    return rc;
}

static bool key_is(const yt *t, int id, const char *s, size_t len)
{
    yaml_node_t *n = yt_node(t, id);
    return n && n->type == YAML_SCALAR_NODE && n->data.scalar.length == len &&
           !memcmp(n->data.scalar.value, s, len);
}

/* The value of key "name" in mapping id, or NULL. */
static const char *item_name(const yt *t, int id)
{
    yaml_node_t *n = yt_node(t, id);
    if (!n || n->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++)
        if (key_is(t, pr->key, "name", 4))
            return yt_scalar(t, pr->value);
    return NULL;
}

static bool all_digits(const char *s, size_t len)
{
    if (len == 0 || len > 9)
        return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Which sequences hold named items, and what their items are called. */
static const char *named_noun(const char *key, size_t seg_start, size_t depth)
{
    static const struct {
        const char *prefix, *noun;
    } named[] = {
        {"regions.", "region"},
        {"computes.", "compute"},
        {"targets.", "target"},
        {"connections.", "connection"},
        {"routers.", "router"},
        {"flows.", "flow"},
        {"failures.common_cause.", "common-cause group"},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        size_t l = strlen(named[i].prefix);
        if (l == seg_start && !strncmp(key, named[i].prefix, l) && depth >= 1)
            return named[i].noun;
    }
    return NULL;
}

/* Picks the item *out of sequence seq that segment s (len bytes) names. */
static int select_item(yt *t, int seq, const char *s, size_t len, const char *noun,
                       const char *label, size_t *out)
{
    size_t n = yt_len(t, seq);
    char word[256];
    snprintf(word, sizeof word, "%.*s", (int)(len < 255 ? len : 255), s);
    if (noun) {
        bool region = !strcmp(noun, "region");
        char want[256], have[256];
        os_region_key(word, want, sizeof want);
        for (size_t i = 0; i < n; i++) {
            const char *nm = item_name(t, yt_item(t, seq, i));
            if (!nm)
                continue;
            if (region) {
                os_region_key(nm, have, sizeof have);
                if (!strcmp(have, want)) {
                    *out = i;
                    return OS_OK;
                }
            } else if (!strcmp(nm, word)) {
                *out = i;
                return OS_OK;
            }
        }
    }
    if (all_digits(s, len)) {
        size_t i = (size_t)strtol(word, NULL, 10);
        if (i < n) {
            *out = i;
            return OS_OK;
        }
        return os_error_set(t->err, OS_ERR_INPUT, label, 0, 0,
                            "item %zu is past the end of the list (%zu items)", i, n);
    }
    if (!noun)
        return os_error_set(t->err, OS_ERR_INPUT, label, 0, 0,
                            "'%s' is not an item number of this list", word);
    const char **cands = malloc((n ? n : 1) * sizeof *cands);
    if (!cands)
        return os_error_set(t->err, OS_ERR_NOMEM, label, 0, 0, "out of memory");
    int rc;
    for (size_t i = 0; i < n; i++)
        cands[i] = item_name(t, yt_item(t, seq, i));
    const char *near = os_nearest(word, cands, n);
    if (near)
        rc = os_error_set(t->err, OS_ERR_INPUT, label, 0, 0,
                          "no %s named '%s' (did you mean '%s'?)", noun, word, near);
    else
        rc = os_error_set(t->err, OS_ERR_INPUT, label, 0, 0, "no %s named '%s'", noun, word);
    free(cands);
    return rc;
}

/* "null" or "~", blanks around allowed: the value that removes a key (SPEC §6.6). */
static bool is_removal(const char *v)
{
    if (!v)
        return false;
    while (*v == ' ' || *v == '\t')
        v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    return (n == 4 && !memcmp(v, "null", 4)) || (n == 1 && *v == '~');
}

static int apply_one(yt *t, size_t k)
{
    const char *key = t->sets[k].key ? t->sets[k].key : "";
    char label[512];
    snprintf(label, sizeof label, "--set %s", key);
    t->set_first[k] = (int)(t->doc.nodes.top - t->doc.nodes.start) + 1;
    if (!*key)
        return os_error_set(t->err, OS_ERR_USAGE, label, 0, 0, "empty key");
    int value = 0;
    bool remove = is_removal(t->sets[k].value);
    int rc = remove ? OS_OK : graft_value(t, k, label, &value);
    if (rc < 0)
        return rc;
    int cur = 1;
    const char *s = key;
    size_t depth = 0;
    for (;;) {
        const char *dot = strchr(s, '.');
        size_t len = dot ? (size_t)(dot - s) : strlen(s);
        bool last = !dot;
        if (len == 0)
            return os_error_set(t->err, OS_ERR_USAGE, label, 0, 0, "empty part in the key");
        yaml_node_t *n = yt_node(t, cur);
        if (n->type == YAML_MAPPING_NODE) {
            int found = -1;
            for (size_t i = 0; i < yt_len(t, cur); i++)
                if (key_is(t, n->data.mapping.pairs.start[i].key, s, len))
                    found = (int)i;
            if (found >= 0) {
                if (last && remove) {
                    yaml_node_pair_t *pr = n->data.mapping.pairs.start;
                    memmove(pr + found, pr + found + 1,
                            (yt_len(t, cur) - (size_t)found - 1) * sizeof *pr);
                    n->data.mapping.pairs.top--;
                    t->removed[k] = cur;
                    return OS_OK;
                }
                if (last) {
                    n->data.mapping.pairs.start[found].value = value;
                    return OS_OK;
                }
                cur = n->data.mapping.pairs.start[found].value;
            } else if (remove) {
                return OS_OK; /* nothing to remove */
            } else {
                /* Missing keys are added, missing mappings on the way created. */
                int kid = yaml_document_add_scalar(&t->doc, NULL, (yaml_char_t *)s, (int)len,
                                                   YAML_PLAIN_SCALAR_STYLE);
                int vid = last ? value
                               : yaml_document_add_mapping(&t->doc, NULL, YAML_BLOCK_MAPPING_STYLE);
                if (!kid || !vid || !yaml_document_append_mapping_pair(&t->doc, cur, kid, vid))
                    return os_error_set(t->err, OS_ERR_NOMEM, label, 0, 0, "out of memory");
                if (last)
                    return OS_OK;
                cur = vid;
            }
        } else if (n->type == YAML_SEQUENCE_NODE) {
            size_t i = 0;
            rc = select_item(t, cur, s, len, named_noun(key, (size_t)(s - key), depth), label, &i);
            if (rc < 0)
                return rc;
            if (last && remove) {
                yaml_node_item_t *it = n->data.sequence.items.start;
                memmove(it + i, it + i + 1, (yt_len(t, cur) - i - 1) * sizeof *it);
                n->data.sequence.items.top--;
                return OS_OK;
            }
            if (last) {
                n->data.sequence.items.start[i] = value;
                return OS_OK;
            }
            cur = n->data.sequence.items.start[i];
        } else {
            return os_error_set(t->err, OS_ERR_INPUT, label, 0, 0,
                                "'%.*s' is a single value, not a mapping or a list",
                                (int)(s - key - 1), key);
        }
        s = dot + 1;
        depth++;
    }
}

int yt_apply_overrides(yt *t, const os_override *sets, size_t n_sets)
{
    if (n_sets == 0)
        return OS_OK;
    t->sets = sets;
    t->set_first = calloc(n_sets, sizeof *t->set_first);
    t->removed = calloc(n_sets, sizeof *t->removed);
    if (!t->set_first || !t->removed)
        return os_error_set(t->err, OS_ERR_NOMEM, t->name, 0, 0, "out of memory");
    t->n_sets = n_sets;
    for (size_t k = 0; k < n_sets; k++) {
        int rc = apply_one(t, k);
        if (rc < 0)
            return rc;
    }
    return OS_OK;
}

int yt_removed_by(const yt *t, int id, const char *key)
{
    for (size_t k = 0; t->removed && k < t->n_sets; k++) {
        if (t->removed[k] != id)
            continue;
        const char *dot = strrchr(t->sets[k].key, '.');
        if (!strcmp(dot ? dot + 1 : t->sets[k].key, key))
            return (int)k;
    }
    return -1;
}

int yt_fail_override(yt *t, size_t k, const char *key)
{
    char file[512];
    snprintf(file, sizeof file, "--set %s", t->sets[k].key);
    return os_error_set(t->err, OS_ERR_INPUT, file, 0, 0,
                        "'%s' is required and cannot be removed with null", key);
}
