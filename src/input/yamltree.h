/* yamltree.h — internal: the scenario's YAML document (libyaml's document API), checked once
 * for depth, size (aliases counted at every use) and duplicate keys; --set overrides grafted
 * into it; typed readers of its nodes that report errors as file:line:column with a path.
 *
 * Not here: what the keys mean (scenario.c). Node ids are libyaml's (1-based, 0 = none). */
#ifndef OUTAGESIM_YAMLTREE_H
#define OUTAGESIM_YAMLTREE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

#include "outagesim/dist.h"
#include "outagesim/duration.h"
#include "outagesim/error.h"
#include "outagesim/scenario.h"

#define YT_MAX_DEPTH 64 /* nesting levels; the format itself needs fewer than 10 */
#define YT_PATH 512     /* room for a key path such as "computes[12].zone" */

typedef struct yt {
    yaml_document_t doc;
    bool loaded;
    const char *name; /* the file named in messages */
    bool lineless;    /* messages carry no line (a --set value parsed on its own) */
    int n_file;       /* nodes 1..n_file come from the file, later ones from overrides */
    const os_override *sets;
    size_t n_sets;
    int *set_first; /* set_first[k]: the first node id added by override k */
    int *removed;   /* removed[k]: the mapping override k's null removed its key from, or 0 */
    os_error *err;
    unsigned long visits; /* node visits of the check, aliases counted at every use */
} yt;

/* A mapping's known key: filled by yt_mapping (0 when absent). */
typedef struct yt_field {
    int key, value;
} yt_field;

/* Flags for yt_dist. */
enum {
    YT_POS_MEAN = 1,   /* a fixed value must be > 0, a distribution's mean > 0 */
    YT_POS_VALUES = 2, /* every empirical value (and distribution's fixed value) > 0 */
    YT_FAILURE = YT_POS_MEAN | YT_POS_VALUES,
};

/* Reads a whole file of at most max bytes into a malloc'd, NUL-terminated buffer. On failure
 * fills err with file = path, line 1, column 1 and "cannot read: REASON" (OS_ERR_IO) or the
 * size limit (OS_ERR_LIMIT). */
int yt_read_file(const char *path, size_t max, char **data, size_t *size, os_error *err);

/* Parses one YAML document (syntax errors reported with their position), checks that its root
 * is a mapping, then checks depth, size and keys. */
int yt_load(yt *t, const char *name, const char *data, size_t size, os_error *err);

/* Grafts each KEY=VALUE into the document (SPEC §3). VALUE `null` (or `~`) removes the key
 * or list item instead (SPEC §6.6); removing one that is absent does nothing. */
int yt_apply_overrides(yt *t, const os_override *sets, size_t n_sets);

/* The override that removed key from mapping id with `null`, or -1. */
int yt_removed_by(const yt *t, int id, const char *key);

/* "--set KEY: 'key' is required and cannot be removed with null" for override k. */
int yt_fail_override(yt *t, size_t k, const char *key);

void yt_free(yt *t);

int yt_root(const yt *t);
yaml_node_t *yt_node(const yt *t, int id);
size_t yt_len(const yt *t, int id); /* items of a sequence, pairs of a mapping, else 0 */
int yt_item(const yt *t, int seq, size_t i);
const char *yt_scalar(const yt *t, int id); /* NULL when not a scalar */
os_mark yt_mark(const yt *t, int id);       /* 0:0 for nodes from --set */

/* Reports an error at node id: "file:L:C: path: msg", or "--set KEY: msg" for a node that
 * came from an override. path may be NULL. Returns status. */
int yt_fail(yt *t, int id, const char *path, enum os_status status, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int yt_vfail(yt *t, int id, const char *path, enum os_status status, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

/* "'six'" for a scalar (shortened, control characters escaped), "an empty value", "a mapping",
 * "a sequence". */
const char *yt_describe(const yt *t, int id, char *buf, size_t size);

/* "parent.key" and "parent[i]" into buf. */
const char *yt_path(char *buf, size_t size, const char *parent, const char *key);
const char *yt_path_index(char *buf, size_t size, const char *parent, size_t i);

/* Checks that id is a mapping whose keys are all among keys[0..n); fills fields[i] for each
 * key present. Unknown keys are errors at the key with a did-you-mean. */
int yt_mapping(yt *t, int id, const char *path, const char *const *keys, size_t n,
               yt_field *fields);
int yt_sequence(yt *t, int id, const char *path, size_t *len);
int yt_require(yt *t, int id, const char *path, const yt_field *f, const char *key);

/* Typed scalars. Each reports its own errors. */
int yt_string(yt *t, int id, const char *path, const char **out); /* non-empty */
int yt_text(yt *t, int id, const char *path, const char **out);   /* any string */
int yt_bool(yt *t, int id, const char *path, bool *out);
int yt_int(yt *t, int id, const char *path, long long min, long long max, long long *out);
int yt_u64(yt *t, int id, const char *path, uint64_t min, uint64_t max, uint64_t *out);
int yt_number(yt *t, int id, const char *path, double *out);  /* finite */
int yt_percent(yt *t, int id, const char *path, double *out); /* "99.9%" or 0.999, in [0, 1] */
int yt_duration(yt *t, int id, const char *path, os_ms *out); /* fixed only */
/* "60/h" (a positive number per s, m, h or d) as operations per ms. */
int yt_rate(yt *t, int id, const char *path, double *per_ms);
/* Money (SPEC §6.4): an amount >= 0; a rate "AMOUNT/UNIT" with UNIT h, d, month or y; the
 * length of a unit in ms (0 when unknown). */
int yt_amount(yt *t, int id, const char *path, double *out);
int yt_money_rate(yt *t, int id, const char *path, os_rate *out);
os_ms yt_cost_unit(const char *u, size_t len);
int yt_enum(yt *t, int id, const char *path, const char *const *names, size_t n, int *out);
/* A fixed duration or a {dist: KIND, ...} mapping; flags YT_POS_*. */
int yt_dist(yt *t, int id, const char *path, int flags, os_dist *out);

#endif
