/* sweep_text.c — the sweep's side-by-side text table: one row per combination (and
 * connection), the varied values, availability with its interval, downtime, DR figures and
 * verdicts, with the cheapest passing combination marked. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outagesim/duration.h"
#include "outagesim/report.h"
#include "analysis/sweep_internal.h"
#include "report/report_internal.h"

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
    for (size_t r = 0; r < t->rows; r++) {
        /* A row's last cell is printed unpadded, so it never widens its column (a skipped
         * point's reason runs on past the columns of the rows that ran). */
        size_t last = 0;
        for (size_t c = 0; c < t->cols; c++)
            if (t->cells[r * t->cols + c])
                last = c;
        for (size_t c = 0; c < last && c < 64; c++) {
            const char *s = t->cells[r * t->cols + c];
            if (s && strlen(s) > w[c])
                w[c] = strlen(s);
        }
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
const char *os_sweep_percent(double x, double unavail, int digits, char *buf, size_t size)
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

static const char *percent(double x, double unavail, int digits, char *buf, size_t size)
{
    return os_sweep_percent(x, unavail, digits, buf, size);
}

/* percent() for a value judged against target: below the target, as many more digits as it
 * takes (up to 12) never to print at or above it (99.899999999972%, not 99.90000%). */
static const char *percent_vs(double x, double unavail, int digits, double target, char *buf,
                              size_t size)
{
    percent(x, unavail, digits, buf, size);
    if (x < 1.0 && x < target)
        for (int d = 5; d <= 12 && strtod(buf, NULL) >= 100.0 * target; d++)
            snprintf(buf, size, "%.*f%%", d, 100.0 * x);
    return buf;
}

/* A duration to two units at most, rounded: "8h 46m", "2d 3h", "31s", "250ms". */
const char *os_sweep_duration(double seconds, char *buf, size_t size)
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

static const char *short_duration(double seconds, char *buf, size_t size)
{
    return os_sweep_duration(seconds, buf, size);
}

/* What every point shares, for the heading. */
typedef struct common {
    bool horizon, reps, seed, sla, dr, same_conns;
    bool cost;       /* ranked by cost: a total-cost column (SPEC §6.4) */
    bool exact_cost; /* exact, every point with costs: an expected downtime-cost column */
} common;

static common shared(const os_sweep *sw)
{
    common c = {true, true, true, true, false, true, os_sweep_by_cost(sw), sw->mode == MODE_EXACT};
    const os_scenario *a = sw->sc[sw->first];
    for (size_t p = 0; p < sw->n_points; p++) {
        const os_scenario *s = sw->sc[p];
        if (!s)
            continue;
        c.horizon = c.horizon && s->sim.horizon == a->sim.horizon;
        c.sla = c.sla && s->sla.availability == a->sla.availability && s->sla.rto == a->sla.rto &&
                s->sla.rpo == a->sla.rpo;
        c.dr = c.dr || s->sc.enabled;
        c.same_conns = c.same_conns && s->n_connections == a->n_connections;
        c.exact_cost = c.exact_cost && s->costs.enabled;
        if (sw->mode == MODE_RUN) {
            c.reps = c.reps && sw->res[p]->replications == sw->res[sw->first]->replications;
            c.seed = c.seed && sw->res[p]->seed == sw->res[sw->first]->seed;
        }
    }
    return c;
}

static void text_heading(os_buf *b, const os_sweep *sw, const common *c)
{
    const os_scenario *a = sw->sc[sw->first];
    char t1[64], t2[64], t3[64];
    os_buf_printf(b, "outagesim %s: sweep of scenario %s, %zu point%s", OS_VERSION, a->name,
                  sw->n_points, sw->n_points == 1 ? "" : "s");
    for (size_t k = 0; k < sw->n_keys; k++)
        os_buf_printf(b, "%s%s (%zu)", k ? " x " : " over ", sw->keys[k].key, sw->keys[k].n_values);
    size_t skipped = os_sweep_n_skipped(sw);
    if (skipped)
        os_buf_printf(b, ", %zu skipped", skipped);
    os_buf_puts(b, sw->mode == MODE_EXACT ? "; exact steady state\n" : "\n");
    if (sw->mode == MODE_RUN) {
        const os_run_result *r = sw->res[sw->first];
        if (c->horizon)
            os_buf_printf(b, "horizon %s, ", os_duration_format(a->sim.horizon, t1, sizeof t1));
        else
            os_buf_puts(b, "horizon varies by point, ");
        if (c->reps)
            os_buf_printf(b, "%s replication%s", os_format_count(r->replications, t1, sizeof t1),
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

/* A skipped point's row: its values, then "skipped: REASON". True when p is skipped. */
static bool skipped_row(table *t, const os_sweep *sw, size_t p, size_t *row, long best)
{
    if (!sw->skipped[p])
        return false;
    char s[1200];
    table_set(t, *row, 0, (long)p == best ? "*" : " ");
    for (size_t k = 0; k < sw->n_keys; k++)
        table_set(t, *row, 1 + k, os_sweep_value(sw, p, k));
    snprintf(s, sizeof s, "skipped: %s", sw->skipped[p]);
    table_set(t, (*row)++, 1 + sw->n_keys, s);
    return true;
}

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
    if (!c->sla)
        table_set(t, row, col++, "target");
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
    if (c->cost) {
        snprintf(s, sizeof s, "total cost/yr (%s)", sw->res[sw->first]->cost.currency);
        table_set(t, row, col++, s);
    }
    row++;
    for (size_t p = 0; p < sw->n_points; p++) {
        const os_scenario *sc = sw->sc[p];
        const os_run_result *r = sw->res[p];
        if (skipped_row(t, sw, p, &row, best))
            continue;
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
                table_set(t, row, col++, os_format_count(r->replications, s, sizeof s));
            if (!c->sla)
                table_set(
                    t, row, col++,
                    percent(sc->sla.availability, 1.0 - sc->sla.availability, -1, s, sizeof s));
            double tg = sc->sla.availability;
            table_set(
                t, row, col++,
                percent_vs(cr->availability.mean, 1.0 - cr->availability.mean, 5, tg, s, sizeof s));
            snprintf(
                s, sizeof s, "[%s, %s]",
                percent_vs(cr->availability.lo, 1.0 - cr->availability.lo, 5, tg, lo, sizeof lo),
                percent_vs(cr->availability.hi, 1.0 - cr->availability.hi, 5, tg, hi, sizeof hi));
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
            if (c->cost && i == 0)
                table_set(t, row, col++, os_text_money(r->cost.total.mean, s, sizeof s));
            row++;
        }
    }
}

static void text_exact_rows(table *t, const os_sweep *sw, const common *c, bool conn_col, long best)
{
    size_t col = 1 + sw->n_keys, row = 0;
    char s[160];
    for (size_t k = 0; k < sw->n_keys; k++)
        table_set(t, row, 1 + k, sw->keys[k].key);
    if (conn_col)
        table_set(t, row, col++, "connection");
    if (!c->sla)
        table_set(t, row, col++, "target");
    table_set(t, row, col++, "availability");
    table_set(t, row, col++, "downtime/yr");
    table_set(t, row, col++, "outages/yr");
    table_set(t, row, col++, "mean outage");
    table_set(t, row, col++, "verdict");
    if (c->exact_cost) {
        snprintf(s, sizeof s, "downtime cost/yr (%s)", sw->sc[sw->first]->costs.currency);
        table_set(t, row, col++, s);
    }
    row++;
    for (size_t p = 0; p < sw->n_points; p++) {
        const os_scenario *sc = sw->sc[p];
        if (skipped_row(t, sw, p, &row, best))
            continue;
        for (size_t i = 0; i < sc->n_connections + sc->n_flows; i++) {
            const os_exact_conn *e = &sw->exact[p][i];
            bool flow = i >= sc->n_connections; /* flows follow the connections */
            double target = flow ? sc->flows[i - sc->n_connections].target : sc->sla.availability;
            if (i == 0) {
                table_set(t, row, 0, (long)p == best ? "*" : " ");
                for (size_t k = 0; k < sw->n_keys; k++)
                    table_set(t, row, 1 + k, os_sweep_value(sw, p, k));
            }
            col = 1 + sw->n_keys;
            if (conn_col)
                table_set(t, row, col++,
                          flow ? sc->flows[i - sc->n_connections].name : sc->connections[i].name);
            if (!c->sla)
                table_set(t, row, col++, percent(target, 1.0 - target, -1, s, sizeof s));
            if (!e->in_class) {
                snprintf(s, sizeof s, "outside the exact class: %s", e->reason ? e->reason : "");
                table_set(t, row++, col, s);
                continue;
            }
            table_set(t, row, col++,
                      percent_vs(e->availability, e->unavailability, -1, target, s, sizeof s));
            table_set(t, row, col++, short_duration(e->downtime_per_year, s, sizeof s));
            snprintf(s, sizeof s, "%.4g", e->outages_per_year);
            table_set(t, row, col++, s);
            table_set(t, row, col++,
                      isfinite(e->mean_outage_duration)
                          ? short_duration(e->mean_outage_duration, s, sizeof s)
                          : "never up");
            bool ok = os_exact_meets(e, target);
            table_set(t, row, col++, ok ? "pass" : "fail");
            if (c->exact_cost && i == 0) { /* the point's expected downtime cost */
                size_t k = 0, n = 0;
                double m = os_exact_downtime_cost(sc, sw->exact[p],
                                                  sw->exact[p] + sc->n_connections, &k, &n);
                table_set(t, row, col++, os_text_money(m, s, sizeof s));
            }
            row++;
        }
    }
}

void os_sweep_text(os_buf *b, const os_sweep *sw)
{
    if (sw->mode == MODE_NONE)
        return;
    common c = shared(sw);
    bool conn_col =
        !c.same_conns || sw->sc[sw->first]->n_connections != 1 || sw->sc[sw->first]->n_flows > 0;
    long best = os_sweep_cheapest(sw);
    text_heading(b, sw, &c);
    if (!conn_col)
        os_buf_printf(b, "connection %s\n", sw->sc[sw->first]->connections[0].name);
    table t = {.cols = MAX_COLS};
    if (sw->mode == MODE_RUN)
        text_run_rows(&t, sw, &c, conn_col, best);
    else
        text_exact_rows(&t, sw, &c, conn_col, best);
    if (t.failed)
        b->failed = true;
    else
        table_print(b, &t);
    table_free(&t);
    os_buf_puts(b, "\n");
    if (best >= 0) {
        char label[1024];
        sweep_point_label(sw, (size_t)best, label, sizeof label);
        const os_scenario *sc = sw->sc[best];
        os_buf_printf(b,
                      "* cheapest combination that passes every target: %s (%d zone%s, "
                      "%lld instance%s",
                      sw->n_keys ? label : "the scenario as it is", sc->n_zones,
                      sc->n_zones == 1 ? "" : "s", sweep_total_instances(sc),
                      sweep_total_instances(sc) == 1 ? "" : "s");
        if (c.cost) {
            char m[64];
            os_buf_printf(b, ", total cost %s %s a year",
                          os_text_money(sw->res[best]->cost.total.mean, m, sizeof m),
                          sw->res[best]->cost.currency);
        }
        os_buf_puts(b, ")\n");
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
        if (c.exact_cost)
            os_buf_puts(b, "downtime cost/yr: sum over the flows (without flows, connections) in "
                           "the exact class of\n(1 - availability) x 365d x the downtime rate "
                           "(\"-\" when none is in the class).\n");
    }
    if (c.cost)
        os_buf_puts(b, "total cost/yr: mean over replications of infrastructure + downtime + "
                       "credits a year;\ncheapest = lowest mean total cost a year.\n");
    else
        os_buf_puts(b, "cheapest = fewest zones over all regions, then fewest instances over all "
                       "computes.\n");
}
