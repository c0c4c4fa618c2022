/* fuzz_trace.c — libFuzzer target for the incident-trace CSV reader and `outagesim fit`: any
 * byte string, written to a file (the reader takes a path), must either fit or fail with a
 * one-line error whose status agrees with the record, by zone and by region; never crash,
 * leak, hang or trip a sanitizer. Seeds: fuzz/corpus/trace/, tests/bad_traces/. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outagesim/fit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/os-fuzz-trace-%ld.csv", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    if (fclose(f) != 0)
        abort();
    for (int by = 0; by < 2; by++) {
        os_fit_report *r = NULL;
        os_error err;
        os_error_clear(&err);
        int rc = os_fit_trace(path, by ? OS_FIT_BY_REGION : OS_FIT_BY_ZONE, &r, &err);
        if (rc != 0) {
            char buf[2048];
            os_error_format(&err, buf, sizeof buf);
            if (r || rc != (int)err.status || !err.msg[0] || strpbrk(buf, "\n\r"))
                abort();
            continue;
        }
        if (!r)
            abort();
        os_fit_report_free(r);
    }
    unlink(path);
    return 0;
}
