/* helpers.h — shared test helpers: load a scenario from a string, run one replication or a
 * whole run, and compare with a location that points at the calling test. */
#ifndef OUTAGESIM_TEST_HELPERS_H
#define OUTAGESIM_TEST_HELPERS_H

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "outagesim/montecarlo.h"
#include "outagesim/scenario.h"
#include "outagesim/sim.h"

static inline os_scenario *load_at(const char *yaml, const char *file, int line)
{
    os_scenario *sc = NULL;
    os_error err;
    os_error_clear(&err);
    if (os_scenario_load_buffer("test.yaml", yaml, strlen(yaml), NULL, 0, &sc, &err) != 0) {
        char buf[2048];
        os_error_format(&err, buf, sizeof buf);
        ck_abort_msg("%s:%d: scenario does not load: %s", file, line, buf);
    }
    return sc;
}
#define LOAD(yaml) load_at((yaml), __FILE__, __LINE__)

/* Runs replication 0 with seed 1 into *res (initialised here; free with os_rep_result_free). */
static inline void run_one_at(const os_scenario *sc, os_rep_result *res, const char *file, int line)
{
    os_error err;
    os_error_clear(&err);
    os_sim *sim = os_sim_new(sc, &err);
    ck_assert_msg(sim != NULL, "%s:%d: os_sim_new failed", file, line);
    ck_assert_int_eq(os_rep_result_init(res, sc->n_connections), 0);
    int rc = os_sim_run(sim, sc->sim.seed, 0, res, NULL, NULL, &err);
    ck_assert_msg(rc == 0, "%s:%d: os_sim_run failed: %s", file, line, err.msg);
    os_sim_free(sim);
}
#define RUN_ONE(sc, res) run_one_at((sc), (res), __FILE__, __LINE__)

/* Exact arithmetic: relative tolerance 1e-12 (a few ulps of the divisions involved). */
#define ASSERT_EXACT(got, want)                                                                    \
    do {                                                                                           \
        double g_ = (got), w_ = (want);                                                            \
        ck_assert_msg(fabs(g_ - w_) <= 1e-12 * fabs(w_) + 1e-15, "%s = %.17g, want %.17g", #got,   \
                      g_, w_);                                                                     \
    } while (0)

/* k standard errors around a closed form. */
#define ASSERT_WITHIN_SE(fig, truth, k)                                                            \
    do {                                                                                           \
        const os_figure *f_ = &(fig);                                                              \
        double se_ = f_->sd / sqrt((double)f_->n);                                                 \
        ck_assert_msg(fabs(f_->mean - (truth)) <= (k)*se_,                                         \
                      "%s: mean %.10g, truth %.10g, se %.3g: %.2f standard errors", #fig,          \
                      f_->mean, (double)(truth), se_,                                              \
                      se_ > 0 ? fabs(f_->mean - (truth)) / se_ : INFINITY);                        \
    } while (0)

#define H (3600.0 * 1000.0) /* an hour in ms */
#define D (24.0 * H)

#endif
