/* fuzz_scenario.c — libFuzzer target for the scenario loader: any byte string must either load
 * (and free) or fail with a positioned error, never crash, leak, hang or trip a sanitizer.
 *
 * Built by tools/fuzz with clang -fsanitize=fuzzer,address,undefined; the seed corpus is
 * scenarios/ and tests/bad/, the dictionary fuzz/scenario.dict. Not here: the simulator (a
 * loaded scenario is only freed, so the run time per input stays small). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outagesim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    os_scenario *sc = NULL;
    os_error err;
    os_error_clear(&err);
    int rc = os_scenario_load_buffer("fuzz.yaml", (const char *)data, size, NULL, 0, &sc, &err);
    if (rc == 0) {
        if (!sc)
            abort(); /* success must hand back a scenario */
        os_scenario_free(sc);
        return 0;
    }
    /* A failure leaves *out NULL, reports the status it returns and names a position. */
    if (sc || rc != (int)err.status || err.msg[0] == '\0')
        abort();
    /* Messages are one line (SPEC §2: file:line:column: message); OS_FUZZ_ALLOW_MULTILINE=1
     * turns this check off to hunt for memory errors past a known offender. */
    static int allow_multiline = -1;
    if (allow_multiline < 0)
        allow_multiline = getenv("OS_FUZZ_ALLOW_MULTILINE") != NULL;
    char buf[2048];
    os_error_format(&err, buf, sizeof buf);
    if (!allow_multiline && strpbrk(buf, "\n\r"))
        abort();
    return 0;
}
