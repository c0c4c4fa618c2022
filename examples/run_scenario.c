/* run_scenario.c — load a scenario, simulate it, print each connection's availability.
 *
 * Build against an installed liboutagesim:
 *     cc -o run_scenario run_scenario.c $(pkg-config --cflags --libs outagesim)
 * Run:
 *     ./run_scenario SCENARIO.yaml [REPLICATIONS [SEED]]
 * Prints one line per connection: its name, the mean availability over the replications
 * (shortest round-trip form, as `outagesim run --format json` writes it) and the 95 %
 * confidence interval. Replications and seed default to the scenario's. */
#include <stdio.h>
#include <stdlib.h>

#include <outagesim/outagesim.h>

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: %s SCENARIO [REPLICATIONS [SEED]]\n", argv[0]);
        return 2;
    }
    os_error err;
    os_error_clear(&err);
    os_scenario *sc = NULL;
    if (os_scenario_load(argv[1], NULL, 0, &sc, &err) != 0) {
        char msg[2048];
        os_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        return 2;
    }
    os_run_options opt = {0}; /* threads 0: one per core; no progress, no cancellation */
    if (argc > 2)
        opt.replications = strtoull(argv[2], NULL, 10);
    if (argc > 3) {
        opt.seed = strtoull(argv[3], NULL, 10);
        opt.seed_set = true;
    }
    os_run_result *res = NULL;
    int status = os_run(sc, &opt, &res, &err);
    if (status != 0) {
        char msg[2048];
        os_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        os_scenario_free(sc);
        return 2;
    }
    printf("%llu replications, seed %llu\n", (unsigned long long)res->replications,
           (unsigned long long)res->seed);
    for (size_t i = 0; i < sc->n_connections; i++) {
        const os_figure *a = &res->conn[i].availability;
        printf("%s %.17g [%.17g, %.17g]\n", sc->connections[i].name, a->mean, a->lo, a->hi);
    }
    os_run_result_free(res);
    os_scenario_free(sc);
    return 0;
}
