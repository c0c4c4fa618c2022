/* exact.h — exact steady-state answers by enumeration of component states (SPEC §5.2).
 *
 * For a connection in the exact class, availability, outage frequency, mean outage duration and
 * downtime follow from the long-run up probabilities of the independent zone, region and
 * common-cause processes it depends on, whatever their distributions. Injected events are left
 * out (the answer describes the stochastic steady state). */
#ifndef OUTAGESIM_EXACT_H
#define OUTAGESIM_EXACT_H

#include <stdbool.h>
#include <stddef.h>

#include "outagesim/export.h"
#include "outagesim/error.h"
#include "outagesim/scenario.h"

/* Most components one connection may depend on (2^m states are enumerated). */
#define OS_EXACT_MAX_COMPONENTS 24

typedef struct os_exact_conn {
    bool in_class;               /* false: reason says why, and no figure is meaningful */
    const char *reason;          /* static string ("...; use run"), NULL when in class */
    double availability;         /* served-fraction weighted, = 1 - unavailability */
    double unavailability;       /* computed directly, so 1e-12 is not lost to rounding */
    double outages_per_year;     /* a year is 365 d */
    double mean_outage_duration; /* s; 0 when never down; NAN when never up (JSON null) */
    double downtime_per_year;    /* s; unavailability * 365 d (served-fraction weighted) */
} os_exact_conn;

/* Decides the class of every connection and solves those in it, filling
 * out[0..sc->n_connections). Returns 0, or a negative status with err filled (allocation). */
OS_API int os_exact_solve(const os_scenario *sc, os_exact_conn *out, os_error *err);

/* Decides the class of every flow (SPEC §6.3) and solves those in it, filling
 * out[0..sc->n_flows) from the connections' answers conns[0..sc->n_connections) given by
 * os_exact_solve. A flow is in the class when every connection it reaches (through nested
 * levels and named flows) is; a router member takes it out. Components its connections share
 * are enumerated once. Returns 0, or a negative status with err filled (allocation). */
OS_API int os_exact_solve_flows(const os_scenario *sc, const os_exact_conn *conns,
                                os_exact_conn *out, os_error *err);

/* The exact verdict: in the class and availability at or above target, i.e. unavailability at
 * most 1 - target, with a relative slack of 1e-11 on the unavailability for the rounding of
 * the enumeration (far below any real difference: 1 ms a year is 3e-8 of a 99.9 % target's). */
OS_API bool os_exact_meets(const os_exact_conn *e, double target);

/* The expected yearly downtime cost (SPEC §6.4) of the entities downtime is billed on (the
 * flows, or the connections when there is no flow) that are in the exact class: the sum of
 * unavailability x 365 d x costs.downtime. conns[0..n_connections) and flows[0..n_flows) as
 * solved above (flows may be NULL when there is no flow). *n_exact gets how many of *n_counted
 * entities are in the class; NAN when none is or the scenario has no costs. */
OS_API double os_exact_downtime_cost(const os_scenario *sc, const os_exact_conn *conns,
                                     const os_exact_conn *flows, size_t *n_exact,
                                     size_t *n_counted);

/* The number of injected outage events (zone, region and group down) the exact answer leaves
 * out, for the note on stderr; events at or after the horizon never happen and do not count. */
OS_API size_t os_exact_ignored_events(const os_scenario *sc);

#endif
