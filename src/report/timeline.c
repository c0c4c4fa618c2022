/* timeline.c — records of one replication, turned into incident timelines and trace lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outagesim/duration.h"
#include "outagesim/report.h"
#include "report/report_internal.h"

typedef struct entry {
    os_ms t;
    int64_t value;
    size_t kind, entity, state, detail; /* offsets into the string pool; detail 0 = none */
} entry;

struct os_timeline {
    entry *e;
    size_t n, cap;
    os_buf pool;
    bool failed;
};

os_timeline *os_timeline_new(void)
{
    os_timeline *tl = calloc(1, sizeof *tl);
    if (tl)
        os_buf_put(&tl->pool, "", 1); /* offset 0: the empty string */
    return tl;
}

void os_timeline_free(os_timeline *tl)
{
    if (!tl)
        return;
    free(tl->e);
    os_buf_free(&tl->pool);
    free(tl);
}

static size_t intern(os_timeline *tl, const char *s)
{
    if (!s || !*s)
        return 0;
    size_t off = tl->pool.len;
    os_buf_put(&tl->pool, s, strlen(s) + 1);
    return off;
}

void os_timeline_observe(void *ctx, const os_record *rec)
{
    os_timeline *tl = ctx;
    if (tl->failed)
        return;
    if (tl->n == tl->cap) {
        size_t cap = tl->cap ? tl->cap * 2 : 256;
        entry *e = realloc(tl->e, cap * sizeof *e);
        if (!e) {
            tl->failed = true;
            return;
        }
        tl->e = e;
        tl->cap = cap;
    }
    entry *en = &tl->e[tl->n++];
    en->t = rec->t;
    en->value = rec->value;
    en->kind = intern(tl, rec->kind);
    en->entity = intern(tl, rec->entity);
    en->state = intern(tl, rec->state);
    en->detail = intern(tl, rec->detail);
}

static const char *str(const os_timeline *tl, size_t off)
{
    return tl->pool.data + off;
}

static const char *ordinal(int64_t n)
{
    static const char *names[] = {"0th", "1st", "2nd", "3rd", "4th", "5th",
                                  "6th", "7th", "8th", "9th", "10th"};
    return n >= 0 && n <= 10 ? names[n] : "nth";
}

/* One line of an incident timeline, or nothing for records a timeline does not show. */
static void line(os_buf *b, const os_timeline *tl, const entry *en, os_ms prev_day)
{
    char when[48], d1[48];
    const char *kind = str(tl, en->kind), *ent = str(tl, en->entity);
    const char *st = str(tl, en->state), *det = str(tl, en->detail);
    os_time_format(en->t, when, sizeof when);
    if (en->t / OS_MS_DAY == prev_day && strchr(when, ' '))
        memmove(when, strchr(when, ' ') + 1, strlen(strchr(when, ' ')));
    os_buf_printf(b, "    %-14s ", when);
    if (!strcmp(kind, "region") || !strcmp(kind, "zone")) {
        os_buf_printf(b, "%s %s %s", kind, ent, st);
        if (*det)
            os_buf_printf(b, " (%s)", det);
    } else if (!strcmp(kind, "incident")) {
        if (!strcmp(st, "started"))
            os_buf_printf(b, "incident starts: %s not healthy, service not serving", det);
        else
            os_buf_printf(b, "serving again from %s (RTO %s)", det,
                          os_duration_format(en->value, d1, sizeof d1));
    } else if (!strcmp(kind, "health_check")) {
        os_buf_printf(b, "%s failed health check", ordinal(en->value));
    } else if (!strcmp(kind, "trigger")) {
        os_buf_printf(b, "%s for %s", st, ent);
    } else if (!strcmp(kind, "failover")) {
        if (!strcmp(st, "triggered"))
            os_buf_printf(b, "failover to %s triggered by %s", ent, det);
        else if (!strcmp(st, "started"))
            os_buf_printf(b, "failover to %s started (%s, %s)", ent, det,
                          os_duration_format(en->value, d1, sizeof d1));
        else if (!strcmp(st, "completed"))
            os_buf_printf(b, "failover to %s completed; restored (RPO %s)", ent,
                          os_duration_format(en->value, d1, sizeof d1));
        else if (!strcmp(st, "no_target"))
            os_buf_printf(b, "no failover target for the active region: waiting for recovery");
        else
            os_buf_printf(b, "failover to %s %s (%s)", ent, st, det);
    } else if (!strcmp(kind, "failback")) {
        os_buf_printf(b, "failback to %s %s", ent, st);
    } else if (!strcmp(kind, "geo_failover") || !strcmp(kind, "geo_failback")) {
        os_buf_printf(b, "%s of %s %s", !strcmp(kind, "geo_failover") ? "geo-failover" : "failback",
                      ent, st);
        if (*det)
            os_buf_printf(b, " (%s)", det);
    } else if (!strcmp(kind, "geo_copy")) {
        os_buf_printf(b, "%s: its copy in %s is %s", ent, det, st);
    } else if (!strcmp(kind, "target")) {
        os_buf_printf(b, "%s %s (primary copy in %s)", ent,
                      !strcmp(st, "serving") ? "serving" : "not serving", det);
    } else if (!strcmp(kind, "service")) {
        os_buf_printf(b, "service %s (active %s)",
                      !strcmp(st, "serving") ? "serving" : "not serving", det);
    } else {
        os_buf_printf(b, "%s %s %s", kind, ent, st);
    }
    os_buf_puts(b, "\n");
}

static bool shown(const os_timeline *tl, const entry *en)
{
    const char *kind = str(tl, en->kind);
    if (!strcmp(kind, "zone") && !strcmp(str(tl, en->detail), "with its region"))
        return false; /* implied by the region's own line */
    return strcmp(kind, "instance") && strcmp(kind, "connection") &&
           strcmp(kind, "control_plane") && strcmp(kind, "compute") && strcmp(kind, "service");
}

void os_timeline_format(os_buf *b, const os_timeline *tl, uint64_t rep, bool all)
{
    /* find incidents: [start index, end index] */
    size_t best_start = SIZE_MAX;
    os_ms best_rto = -1;
    int number = 0;
    for (size_t i = 0; i < tl->n; i++) {
        const entry *en = &tl->e[i];
        if (strcmp(str(tl, en->kind), "incident") || strcmp(str(tl, en->state), "started"))
            continue;
        number++;
        /* the incident's end, or the end of the records */
        size_t j = i + 1;
        while (j < tl->n && !(!strcmp(str(tl, tl->e[j].kind), "incident") &&
                              !strcmp(str(tl, tl->e[j].state), "ended")))
            j++;
        os_ms rto = j < tl->n ? tl->e[j].value : INT64_MAX;
        if (!all) {
            if (rto > best_rto) {
                best_rto = rto;
                best_start = i;
            }
            continue;
        }
        os_buf_printf(b, "  Incident %d (replication %llu)%s\n", number, (unsigned long long)rep,
                      j < tl->n ? "" : ": still open at the horizon");
        /* context: the outage that caused it (records at the same millisecond before it) */
        size_t from = i;
        while (from > 0 && tl->e[from - 1].t == en->t)
            from--;
        os_ms prev_day = -1;
        for (size_t k = from; k <= j && k < tl->n; k++) {
            if (!shown(tl, &tl->e[k]))
                continue;
            line(b, tl, &tl->e[k], prev_day);
            prev_day = tl->e[k].t / OS_MS_DAY;
        }
    }
    if (!all && best_start != SIZE_MAX) {
        os_buf_printf(b, "  Worst incident by RTO (replication %llu):\n", (unsigned long long)rep);
        size_t from = best_start;
        while (from > 0 && tl->e[from - 1].t == tl->e[best_start].t)
            from--;
        os_ms prev_day = -1;
        for (size_t k = from; k < tl->n; k++) {
            if (!shown(tl, &tl->e[k]))
                continue;
            line(b, tl, &tl->e[k], prev_day);
            prev_day = tl->e[k].t / OS_MS_DAY;
            if (k > best_start && !strcmp(str(tl, tl->e[k].kind), "incident") &&
                !strcmp(str(tl, tl->e[k].state), "ended"))
                break;
        }
    }
}

void os_timeline_format_all(os_buf *b, const os_timeline *tl)
{
    os_ms prev_day = -1;
    for (size_t k = 0; k < tl->n; k++) {
        if (!shown(tl, &tl->e[k]))
            continue;
        line(b, tl, &tl->e[k], prev_day);
        prev_day = tl->e[k].t / OS_MS_DAY;
    }
}

void os_record_json(os_buf *b, uint64_t rep, const os_record *rec)
{
    char when[48];
    os_buf_printf(b, "{\"replication\": %llu, \"t_ms\": %lld, \"t\": ", (unsigned long long)rep,
                  (long long)rec->t);
    os_buf_json_string(b, os_time_format(rec->t, when, sizeof when));
    os_buf_puts(b, ", \"kind\": ");
    os_buf_json_string(b, rec->kind);
    os_buf_puts(b, ", \"entity\": ");
    os_buf_json_string(b, rec->entity);
    os_buf_puts(b, ", \"state\": ");
    os_buf_json_string(b, rec->state);
    if (rec->detail) {
        os_buf_puts(b, ", \"detail\": ");
        os_buf_json_string(b, rec->detail);
    }
    if (rec->value)
        os_buf_printf(b, ", \"value\": %lld", (long long)rec->value);
    os_buf_puts(b, "}\n");
}

size_t os_timeline_count(const os_timeline *tl)
{
    return tl ? tl->n : 0;
}

os_record os_timeline_get(const os_timeline *tl, size_t i)
{
    const entry *en = &tl->e[i];
    os_record rec = {en->t,
                     str(tl, en->kind),
                     str(tl, en->entity),
                     str(tl, en->state),
                     en->detail ? str(tl, en->detail) : NULL,
                     en->value};
    return rec;
}
