/* sweep_exact.c — evaluate the points of a sweep exactly (steady state, no simulation) and
 * print every connection's availability at every point.
 *
 * Build against an installed liboutagesim:
 *     cc -o sweep_exact sweep_exact.c $(pkg-config --cflags --libs outagesim)
 * Run:
 *     ./sweep_exact SCENARIO.yaml KEY=V1,V2,... [KEY=V1,V2,...]
 * e.g. ./sweep_exact scenarios/capacity-zones-exact.yaml regions.westeurope.zones=1,2,3
 * Prints, for each point (the first key varies slowest), one line per connection:
 *     KEY=VALUE ... CONNECTION AVAILABILITY
 * with the availability in shortest round-trip form, or the reason when the connection is
 * outside the exact class. */
#include <stdio.h>

#include <outagesim/outagesim.h>

static int fail(const os_error *err)
{
    char msg[2048];
    os_error_format(err, msg, sizeof msg);
    fprintf(stderr, "%s\n", msg);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s SCENARIO KEY=V1,V2,... [KEY=...]\n", argv[0]);
        return 2;
    }
    os_error err;
    os_error_clear(&err);
    os_sweep *sw = os_sweep_new();
    if (!sw)
        return 2;
    int code = 2;
    for (int i = 2; i < argc; i++)
        if (os_sweep_add_vary(sw, argv[i], &err) != 0) {
            code = fail(&err);
            goto out;
        }
    if (os_sweep_load(sw, argv[1], NULL, 0, &err) != 0 ||
        os_sweep_exact(sw, NULL, NULL, &err) != 0) {
        code = fail(&err);
        goto out;
    }
    for (size_t p = 0; p < os_sweep_n_points(sw); p++) {
        const os_scenario *sc = os_sweep_scenario(sw, p);
        const os_exact_conn *ex = os_sweep_exact_result(sw, p);
        if (!sc || !ex)
            continue; /* a point the loader skipped */
        for (size_t i = 0; i < sc->n_connections; i++) {
            for (size_t k = 0; k < os_sweep_n_keys(sw); k++)
                printf("%s=%s ", os_sweep_key(sw, k), os_sweep_value(sw, p, k));
            if (ex[i].in_class)
                printf("%s %.17g\n", sc->connections[i].name, ex[i].availability);
            else
                printf("%s - (%s)\n", sc->connections[i].name, ex[i].reason);
        }
    }
    code = 0;
out:
    os_sweep_free(sw);
    return code;
}
