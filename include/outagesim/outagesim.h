/* outagesim.h — the whole public API of liboutagesim in one include:
 *
 *     #include <outagesim/outagesim.h>
 *     cc prog.c $(pkg-config --cflags --libs outagesim)
 *
 * Layers, lowest first: errors, durations, distributions, statistics and text buffers
 * (error.h, duration.h, dist.h, stats.h, output.h); scenarios (scenario.h); one replication
 * (sim.h); many replications, exact answers, fitting, sweeps and baselines (montecarlo.h,
 * exact.h, fit.h, sweep.h, check.h); reports (report.h). Every call that can fail returns a
 * status (0 or a negative enum os_status) and fills an os_error; nothing prints. */
#ifndef OUTAGESIM_OUTAGESIM_H
#define OUTAGESIM_OUTAGESIM_H

#include "outagesim/export.h"

#include "outagesim/error.h"
#include "outagesim/duration.h"
#include "outagesim/dist.h"
#include "outagesim/stats.h"
#include "outagesim/output.h"
#include "outagesim/scenario.h"
#include "outagesim/sim.h"
#include "outagesim/montecarlo.h"
#include "outagesim/exact.h"
#include "outagesim/fit.h"
#include "outagesim/sweep.h"
#include "outagesim/check.h"
#include "outagesim/report.h"

#endif
