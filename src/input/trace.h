/* trace.h — internal: reads an incident-trace CSV (SPEC §5.4) against a scenario's regions. */
#ifndef OUTAGESIM_TRACE_H
#define OUTAGESIM_TRACE_H

#include "outagesim/error.h"
#include "outagesim/scenario.h"

/* Reads the CSV at path: header "start,duration,region,zone", '#' comments, blank lines.
 * Fills out->outages (sorted by start, stably), n_outages and span; leaves mode, file and block
 * alone. Errors in the content name the CSV file, line and column; a file that cannot be read
 * is reported with line 0 so the caller can point at the scenario key that names it. */
int os_trace_read(const char *path, const os_region *regions, size_t n_regions, os_trace *out,
                  os_error *err);

#endif
