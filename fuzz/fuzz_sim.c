/* fuzz_sim.c — libFuzzer target for the simulator: a fuzzed scenario that loads is run for one
 * replication with an event budget, so every valid input finishes quickly. The run must end
 * with 0 or a clean error (a status equal to the error record's, a one-line message), never
 * crash, leak, hang or trip a sanitizer; a run that succeeds must report figures that make
 * sense (fractions within [0, 1], no NaN, outage durations positive and within the horizon).
 *
 * Built by tools/fuzz (FUZZ_TARGET=sim) with clang -fsanitize=fuzzer,address,undefined; seed
 * corpus fuzz/corpus/sim/ (the bundled scenarios, shortened), dictionary fuzz/scenario.dict.
 * Not here: loader errors (fuzz_scenario.c covers them). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outagesim/scenario.h"
#include "outagesim/sim.h"

/* Events per replication: enough for a year of a few zones, small enough that an input runs
 * in milliseconds. */
#define FUZZ_EVENT_BUDGET 20000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_fraction(double x)
{
    if (!(x >= -1e-9 && x <= 1 + 1e-9)) /* also NaN */
        abort();
}

static void check_error(int rc, const os_error *err)
{
    if (rc != (int)err->status || err->msg[0] == '\0')
        abort();
    char buf[2048];
    os_error_format(err, buf, sizeof buf);
    if (strpbrk(buf, "\n\r"))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    os_scenario *sc = NULL;
    os_error err;
    os_error_clear(&err);
    if (os_scenario_load_buffer("fuzz.yaml", (const char *)data, size, NULL, 0, &sc, &err) != 0)
        return 0; /* the loader's contract is fuzz_scenario.c's */
    os_sim *sim = os_sim_new(sc, &err);
    if (!sim) {
        check_error(err.status, &err);
        os_scenario_free(sc);
        return 0;
    }
    os_sim_set_event_limit(sim, FUZZ_EVENT_BUDGET);
    os_rep_result r;
    if (os_rep_result_init(&r, sc->n_connections) != 0)
        abort(); /* a few entities: only a broken allocator fails here */
    int rc = os_sim_run(sim, sc->sim.seed, 0, &r, NULL, NULL, &err);
    if (rc != 0) {
        check_error(rc, &err);
    } else {
        size_t n = os_entity_count(sc);
        if (r.n_connections < n)
            abort();
        double horizon = (double)sc->sim.horizon;
        for (size_t e = 0; e < n; e++) {
            check_fraction(r.availability[e]);
            check_fraction(r.sla_compliance[e]);
            for (size_t i = 0; i < r.outage_ms[e].n; i++)
                if (!(r.outage_ms[e].v[i] > 0 && r.outage_ms[e].v[i] <= horizon))
                    abort();
        }
        for (size_t e = 0; e < sc->n_connections; e++)
            check_fraction(r.cp_availability[e]);
        for (size_t i = 0; i < r.rto_ms.n; i++)
            if (!(r.rto_ms.v[i] >= 0 && r.rto_ms.v[i] <= horizon))
                abort();
        if (!isfinite(r.lost_writes) || r.lost_writes < 0)
            abort();
    }
    os_rep_result_free(&r);
    os_sim_free(sim);
    os_scenario_free(sc);
    return 0;
}
