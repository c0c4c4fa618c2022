/* fuzz_set.c — libFuzzer target for --set/--vary parsing: the input is one or more
 * "KEY=VALUE" arguments (one per line), applied to a small valid scenario as --set overrides
 * (a --vary value goes through the same grafting). The load must succeed or fail with a
 * one-line error whose status agrees with the record; never crash, leak or hang.
 * Seeds: fuzz/corpus/set/. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outagesim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char scenario[] =
    "name: fuzz-set\n"
    "simulation: { horizon: 30d, replications: 2 }\n"
    "regions:\n"
    "  - { name: westeurope, zones: 3 }\n"
    "  - { name: northeurope, zones: 3 }\n"
    "computes:\n"
    "  - { name: web, kind: app-service, region: westeurope, zone_redundant: true,\n"
    "      instances: 3 }\n"
    "targets:\n"
    "  - { name: blob, kind: storage-blob, region: westeurope, zone_redundant: true }\n"
    "connections:\n"
    "  - { name: web-blob, compute: web, target: blob }\n"
    "failures:\n"
    "  zone:\n"
    "    time_to_failure: { dist: exponential, mean: 30d }\n"
    "    time_to_repair: { dist: exponential, mean: 4h }\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    os_override sets[8];
    char *keys[8] = {NULL}, *values[8] = {NULL};
    size_t n = 0;
    for (char *line = text, *next; line && n < 8; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (os_override_parse(line, &keys[n], &values[n]) != 0)
            continue;
        sets[n].key = keys[n];
        sets[n].value = values[n];
        n++;
    }
    os_scenario *sc = NULL;
    os_error err;
    os_error_clear(&err);
    int rc = os_scenario_load_buffer("fuzz.yaml", scenario, sizeof scenario - 1, sets, n, &sc, &err);
    if (rc != 0) {
        char buf[2048];
        os_error_format(&err, buf, sizeof buf);
        if (sc || rc != (int)err.status || !err.msg[0])
            abort();
    } else if (!sc) {
        abort();
    }
    os_scenario_free(sc);
    for (size_t i = 0; i < n; i++) {
        free(keys[i]);
        free(values[i]);
    }
    free(text);
    return 0;
}
