/* fuzz_baseline.c — libFuzzer target for the baseline reader of `outagesim check`: any byte
 * string must either read (and then match, compare with itself and format) or fail with a
 * positioned one-line error, never crash, leak or trip a sanitizer.
 *
 * Built by tools/fuzz next to fuzz_scenario; run with FUZZ_TARGET=baseline tools/fuzz, seeded
 * from results/baselines/. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outagesim/check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    os_baseline *b = NULL;
    os_error err;
    os_error_clear(&err);
    int rc = os_baseline_parse("fuzz.json", (const char *)data, size, &b, &err);
    if (rc != 0) {
        char buf[2048];
        os_error_format(&err, buf, sizeof buf);
        if (b || rc != (int)err.status || !err.msg[0] || strpbrk(buf, "\n\r"))
            abort();
        return 0;
    }
    if (!b)
        abort();
    /* Compared with itself, nothing regresses or improves. */
    os_check_report *rep = NULL;
    if (os_check_compare(b, b, 0, &rep, &err) != 0)
        abort();
    for (size_t i = 0; i < rep->n_items; i++)
        if (rep->items[i].regressed || rep->items[i].outcome == OS_CHECK_IMPROVED)
            abort();
    os_buf out = {0};
    os_check_format_text(&out, rep);
    os_check_format_junit(&out, rep, b->scenario, 0);
    os_buf_free(&out);
    os_check_report_free(rep);
    os_baseline_free(b);
    return 0;
}
