/* trace.c — the incident-trace CSV reader (SPEC §5.4): one outage per row, start as a duration
 * from the trace origin or as an ISO 8601 UTC time (origin = midnight UTC of the earliest),
 * region by display or short name, zone number or empty for the whole region.
 *
 * Not here: replay and bootstrap (the simulator), or fitting distributions (fit). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"
#include "yamltree.h"

#define N_COLUMNS 4
static const char *const columns[N_COLUMNS] = {"start", "duration", "region", "zone"};

struct field {
    const char *s; /* NUL-terminated, in the line's scratch buffer */
    int column;    /* 1-based */
};

struct row {
    os_trace_outage o;
    size_t seq; /* row order, so equal starts keep it (stable sort) */
};

/* Splits line (len bytes) into fields, unquoting "..." fields ("" is a quote). Returns the
 * number of fields (at most max; one more means "too many"), or -column of a quoting error. */
static int split(const char *line, size_t len, char *scratch, struct field *f, int max)
{
    size_t i = 0, o = 0;
    int n = 0;
    for (;;) {
        while (i < len && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (n == max + 1)
            return n;
        f[n].column = (int)i + 1;
        f[n].s = scratch + o;
        if (i < len && line[i] == '"') {
            size_t open = i++;
            for (;;) {
                if (i >= len)
                    return -(int)open - 1;
                if (line[i] == '"') {
                    if (i + 1 < len && line[i + 1] == '"') {
                        scratch[o++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                scratch[o++] = line[i++];
            }
            while (i < len && (line[i] == ' ' || line[i] == '\t'))
                i++;
            if (i < len && line[i] != ',')
                return -(int)i - 1;
        } else {
            size_t start = o;
            while (i < len && line[i] != ',')
                scratch[o++] = line[i++];
            while (o > start && (scratch[o - 1] == ' ' || scratch[o - 1] == '\t'))
                o--;
        }
        scratch[o++] = '\0';
        n++;
        if (i >= len)
            return n;
        i++; /* the comma; a trailing one gives an empty last field */
    }
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's algorithm),
 * exact for any year, with no dependence on the C library's time zone handling. */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3u : 9u)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

static bool digits(const char *s, int n, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return true;
}

/* "2024-07-19T04:09:00Z", optionally with ".f", ".ff" or ".fff" seconds: ms since 1970. */
static bool parse_iso(const char *s, long long *out)
{
    unsigned y, mo, d, h, mi, se, ms = 0;
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    size_t len = strlen(s);
    if (len < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &h) ||
        s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se))
        return false;
    const char *p = s + 19;
    if (*p == '.') {
        int n = 0;
        for (p++; *p >= '0' && *p <= '9'; p++, n++)
            if (n < 3)
                ms = ms * 10 + (unsigned)(*p - '0');
        if (n == 0 || n > 3)
            return false;
        for (; n < 3; n++)
            ms *= 10;
    }
    if ((*p != 'Z' && *p != 'z') || p[1] != '\0')
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap) ||
        h > 23 || mi > 59 || se > 59)
        return false;
    long long days = days_from_civil(y, mo, d);
    *out = ((days * 24 + h) * 60 + mi) * 60000LL + se * 1000LL + ms;
    return true;
}

static int find_region(const os_region *regions, size_t n, const char *name)
{
    char key[256];
    os_region_key(name, key, sizeof key);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(regions[i].key, key))
            return (int)i;
    return -1;
}

static int row_cmp(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if (x->o.start != y->o.start)
        return x->o.start < y->o.start ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* One data row into r; iso tells the style of the first row (-1 before any). */
static int parse_row(const char *path, int line, const struct field *f, const os_region *regions,
                     size_t n_regions, int *iso, long long *epoch, struct row *r, os_error *err)
{
    const char *why;
    os_ms v;
    bool looks_iso = strlen(f[0].s) >= 5 && f[0].s[4] == '-';
    if (*iso < 0)
        *iso = looks_iso;
    if (*iso) {
        if (!parse_iso(f[0].s, epoch))
            return os_error_set(err, OS_ERR_INPUT, path, line, f[0].column,
                                "start: expected an ISO 8601 UTC time such as "
                                "'2024-07-19T04:09:00Z'%s, got '%.60s'",
                                looks_iso ? "" : " like the rows above", f[0].s);
    } else if (os_duration_parse(f[0].s, &v, &why) < 0) {
        return os_error_set(err, OS_ERR_INPUT, path, line, f[0].column,
                            "start: expected a duration from the trace origin such as "
                            "'123d 4h'%s, got '%.60s'",
                            looks_iso ? " like the rows above" : "", f[0].s);
    } else {
        r->o.start = v;
    }
    if (os_duration_parse(f[1].s, &v, &why) < 0 || v == 0)
        return os_error_set(err, OS_ERR_INPUT, path, line, f[1].column,
                            "duration: expected a positive duration, got '%.60s'", f[1].s);
    r->o.duration = v;
    r->o.region = find_region(regions, n_regions, f[2].s);
    if (r->o.region < 0) {
        const char **names = malloc((n_regions ? n_regions : 1) * sizeof *names);
        if (!names)
            return os_error_set(err, OS_ERR_NOMEM, path, line, f[2].column, "out of memory");
        for (size_t i = 0; i < n_regions; i++)
            names[i] = regions[i].name;
        const char *near = os_nearest(f[2].s, names, n_regions);
        int rc;
        if (near)
            rc = os_error_set(err, OS_ERR_INPUT, path, line, f[2].column,
                              "region: no region named '%.60s' in the scenario (did you mean "
                              "'%s'?)",
                              f[2].s, near);
        else
            rc = os_error_set(err, OS_ERR_INPUT, path, line, f[2].column,
                              "region: no region named '%.60s' in the scenario", f[2].s);
        free(names);
        return rc;
    }
    const os_region *reg = &regions[r->o.region];
    r->o.zone = 0;
    if (f[3].s[0]) {
        unsigned z = 0;
        size_t len = strlen(f[3].s);
        if (len > 3 || !digits(f[3].s, (int)len, &z) || z < 1 || z > (unsigned)reg->zones)
            return os_error_set(err, OS_ERR_INPUT, path, line, f[3].column,
                                "zone: expected a zone from 1 to %d of region '%s', or nothing "
                                "for the whole region, got '%.60s'",
                                reg->zones, reg->name, f[3].s);
        r->o.zone = (int)z;
    }
    return OS_OK;
}

int os_trace_read(const char *path, const os_region *regions, size_t n_regions, os_trace *out,
                  os_error *err)
{
    char *data = NULL, *scratch = NULL;
    struct row *rows = NULL;
    long long *epochs = NULL;
    size_t size = 0, n = 0, cap = 0;
    int *lines = NULL;
    int rc = yt_read_file(path, OS_MAX_FILE_BYTES, &data, &size, err);
    if (rc < 0) {
        if (err)
            err->line = err->column = 0; /* the caller points at the scenario's key instead */
        return rc;
    }
    scratch = malloc(size + 2);
    if (!scratch) {
        rc = os_error_set(err, OS_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    int line = 0, header_line = 0, iso = -1;
    struct field f[N_COLUMNS + 2];
    size_t pos = 0;
    if (size >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        pos = 3; /* the UTF-8 byte order mark spreadsheets write */
    while (pos < size) {
        const char *l = data + pos;
        const char *nl = memchr(l, '\n', size - pos);
        size_t len = nl ? (size_t)(nl - l) : size - pos;
        pos += len + 1;
        line++;
        if (len > 0 && l[len - 1] == '\r')
            len--;
        size_t k = 0;
        while (k < len && (l[k] == ' ' || l[k] == '\t'))
            k++;
        if (k == len || l[k] == '#')
            continue;
        if (memchr(l, '\0', len)) {
            rc = os_error_set(err, OS_ERR_INPUT, path, line, 1, "contains a NUL byte");
            goto out;
        }
        int nf = split(l, len, scratch, f, N_COLUMNS);
        if (nf < 0) {
            rc =
                os_error_set(err, OS_ERR_INPUT, path, line, -nf, "unterminated or misplaced quote");
            goto out;
        }
        if (!header_line) {
            header_line = line;
            for (int c = 0; c < N_COLUMNS; c++) {
                if (c < nf && !strcmp(f[c].s, columns[c]))
                    continue;
                rc = os_error_set(err, OS_ERR_INPUT, path, line, c < nf ? f[c].column : 1,
                                  "expected the header row 'start,duration,region,zone'");
                goto out;
            }
            if (nf > N_COLUMNS) {
                rc = os_error_set(err, OS_ERR_INPUT, path, line, f[N_COLUMNS].column,
                                  "expected the header row 'start,duration,region,zone'");
                goto out;
            }
            continue;
        }
        if (nf != N_COLUMNS) {
            rc = os_error_set(err, OS_ERR_INPUT, path, line,
                              nf > N_COLUMNS ? f[N_COLUMNS].column : 1,
                              "expected 4 fields (start,duration,region,zone), got %s%d",
                              nf > N_COLUMNS ? "more than " : "", nf > N_COLUMNS ? N_COLUMNS : nf);
            goto out;
        }
        if (n == (size_t)OS_MAX_ENTITIES) {
            rc = os_error_set(err, OS_ERR_LIMIT, path, line, 1,
                              "too many outages (the limit is %d)", OS_MAX_ENTITIES);
            goto out;
        }
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct row *nr = realloc(rows, ncap * sizeof *nr);
            long long *ne = realloc(epochs, ncap * sizeof *ne);
            int *nl2 = realloc(lines, ncap * sizeof *nl2);
            if (nr)
                rows = nr;
            if (ne)
                epochs = ne;
            if (nl2)
                lines = nl2;
            if (!nr || !ne || !nl2) {
                rc = os_error_set(err, OS_ERR_NOMEM, path, line, 1, "out of memory");
                goto out;
            }
            cap = ncap;
        }
        rows[n].seq = n;
        lines[n] = line;
        if ((rc = parse_row(path, line, f, regions, n_regions, &iso, &epochs[n], &rows[n], err)) <
            0)
            goto out;
        n++;
    }
    if (!header_line) {
        rc = os_error_set(err, OS_ERR_INPUT, path, 1, 1,
                          "empty trace: expected the header row 'start,duration,region,zone'");
        goto out;
    }
    if (n == 0) {
        rc = os_error_set(err, OS_ERR_INPUT, path, header_line, 1, "the trace has no outages");
        goto out;
    }
    if (iso == 1) {
        /* Origin: midnight UTC of the earliest start (floor division, any year). */
        long long lo = epochs[0];
        for (size_t i = 1; i < n; i++)
            if (epochs[i] < lo)
                lo = epochs[i];
        long long origin = lo / OS_MS_DAY * OS_MS_DAY;
        if (origin > lo)
            origin -= OS_MS_DAY;
        for (size_t i = 0; i < n; i++) {
            if (epochs[i] - origin > OS_MS_MAX) {
                rc = os_error_set(err, OS_ERR_INPUT, path, lines[i], 1,
                                  "start: more than 1000y after the trace origin");
                goto out;
            }
            rows[i].o.start = epochs[i] - origin;
        }
    }
    os_ms span = 0;
    for (size_t i = 0; i < n; i++) {
        os_ms end = rows[i].o.start + rows[i].o.duration;
        if (end > OS_MS_MAX) {
            rc = os_error_set(err, OS_ERR_INPUT, path, lines[i], 1,
                              "the outage ends more than 1000y after the trace origin");
            goto out;
        }
        if (end > span)
            span = end;
    }
    qsort(rows, n, sizeof *rows, row_cmp);
    out->outages = malloc(n * sizeof *out->outages);
    if (!out->outages) {
        rc = os_error_set(err, OS_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        out->outages[i] = rows[i].o;
    out->n_outages = n;
    out->span = span;
out:
    free(lines);
    free(epochs);
    free(rows);
    free(scratch);
    free(data);
    return rc;
}
