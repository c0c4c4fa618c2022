/* sweep_internal.h — the sweep's state, shared by sweep.c (building, running, JSON, CSV) and
 * sweep_text.c (the side-by-side table). */
#ifndef OUTAGESIM_SWEEP_INTERNAL_H
#define OUTAGESIM_SWEEP_INTERNAL_H

#include "outagesim/sweep.h"

typedef struct sweep_key {
    char *key;
    char **values; /* as written, trimmed */
    size_t n_values;
} sweep_key;

enum sweep_mode { MODE_NONE, MODE_RUN, MODE_EXACT };

struct os_sweep {
    sweep_key keys[OS_SWEEP_MAX_KEYS];
    size_t n_keys;
    size_t n_points;       /* product of the value counts; 1 with no key */
    os_scenario **sc;      /* [n_points] after loading; NULL for a skipped point */
    char **skipped;        /* [n_points] why a point's scenario is invalid, else NULL */
    size_t first;          /* the first point that loaded (headings take shared facts from it) */
    os_run_result **res;   /* [n_points] after a run */
    os_exact_conn **exact; /* [n_points][connections] after an exact solve */
    enum sweep_mode mode;
};

/* "regions.westeurope.zones=2, computes.web.instances=6" for a point. */
void sweep_point_label(const os_sweep *sw, size_t point, char *buf, size_t size);

/* Instances over all computes: the second key of "cheapest". */
long long sweep_total_instances(const os_scenario *sc);

#endif
