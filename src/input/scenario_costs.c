/* scenario_costs.c — the loader's costs (SPEC §6.4): the `costs` section (currency, downtime
 * rate), the `cost` keys of computes, targets, geo replicas and routers, and `sla.credits`
 * (fee and tiers). Any of them gives the scenario costs (sc->costs.enabled).
 *
 * Not here: what the money is (engine/sim.c bills it, analysis/montecarlo.c summarises it). */
#include <stdlib.h>
#include <string.h>

#include "scenario_internal.h"

/* A rate: "AMOUNT/UNIT", or a mapping with exactly one of h, d, month, y giving the amount per
 * that unit ({month: 1200}). */
int ld_cost_rate(ld *L, int id, const char *path, os_rate *out)
{
    static const char *const keys[] = {"h", "d", "month", "y"};
    yt *t = &L->t;
    yaml_node_t *n = yt_node(t, id);
    int rc;
    L->sc->costs.enabled = true;
    if (n && n->type == YAML_SCALAR_NODE)
        return yt_money_rate(t, id, path, out);
    if (!n || n->type != YAML_MAPPING_NODE) {
        char d[96];
        return yt_fail(t, id, path, OS_ERR_INPUT,
                       "expected a rate such as '1200/month' or a mapping such as "
                       "'{month: 1200}', got %s",
                       yt_describe(t, id, d, sizeof d));
    }
    yt_field f[4];
    if ((rc = yt_mapping(t, id, path, keys, 4, f)) < 0)
        return rc;
    int which = -1;
    for (int k = 0; k < 4; k++) {
        if (!f[k].value)
            continue;
        if (which >= 0)
            return yt_fail(t, f[k].key, path, OS_ERR_INPUT,
                           "give the amount for one unit only (h, d, month or y), not both '%s' "
                           "and '%s'",
                           keys[which], keys[k]);
        which = k;
    }
    if (which < 0)
        return yt_fail(t, id, path, OS_ERR_INPUT,
                       "expected one of h, d, month or y with an amount, as '{month: 1200}'");
    char p[YT_PATH];
    if ((rc = yt_amount(t, f[which].value, yt_path(p, sizeof p, path, keys[which]), &out->amount)) <
        0)
        return rc;
    out->per = yt_cost_unit(keys[which], strlen(keys[which]));
    return OS_OK;
}

/* A compute's cost: {instance: RATE}. */
int ld_compute_cost(ld *L, int id, const char *path, os_rate *out)
{
    static const char *const keys[] = {"instance"};
    yt *t = &L->t;
    yt_field f[1];
    char p[YT_PATH];
    int rc;
    yaml_node_t *n = yt_node(t, id);
    if (!n || n->type != YAML_MAPPING_NODE) {
        char d[96];
        return yt_fail(t, id, path, OS_ERR_INPUT,
                       "expected a mapping such as '{instance: 0.40/h}', got %s",
                       yt_describe(t, id, d, sizeof d));
    }
    if ((rc = yt_mapping(t, id, path, keys, 1, f)) < 0 ||
        (rc = yt_require(t, id, path, &f[0], "instance")) < 0)
        return rc;
    return ld_cost_rate(L, f[0].value, yt_path(p, sizeof p, path, "instance"), out);
}

/* costs: {currency, downtime} */
int ld_costs(ld *L, int id)
{
    static const char *const keys[] = {"currency", "downtime"};
    yt *t = &L->t;
    os_costs *c = &L->sc->costs;
    yt_field f[2];
    char p[YT_PATH];
    const char *s = NULL;
    int rc;
    if ((rc = yt_mapping(t, id, "costs", keys, 2, f)) < 0)
        return rc;
    c->enabled = true;
    if (f[0].value &&
        ((rc = yt_string(t, f[0].value, yt_path(p, sizeof p, "costs", keys[0]), &s)) < 0 ||
         (rc = ld_strdup(L, f[0].value, p, s, &c->currency)) < 0))
        return rc;
    if (f[1].value && (rc = ld_cost_rate(L, f[1].value, yt_path(p, sizeof p, "costs", keys[1]),
                                         &c->downtime)) < 0)
        return rc;
    return OS_OK;
}

/* One tier: {below: PCT in (0, 100 %], credit: PCT in [0, 100 %]}. */
static int load_tier(ld *L, int id, const char *path, os_credit_tier *tier)
{
    static const char *const keys[] = {"below", "credit"};
    yt *t = &L->t;
    yt_field f[2];
    char p[YT_PATH];
    int rc;
    if ((rc = yt_mapping(t, id, path, keys, 2, f)) < 0 ||
        (rc = yt_require(t, id, path, &f[0], "below")) < 0 ||
        (rc = yt_require(t, id, path, &f[1], "credit")) < 0 ||
        (rc = yt_percent(t, f[0].value, yt_path(p, sizeof p, path, keys[0]), &tier->below)) < 0)
        return rc;
    if (!(tier->below > 0))
        return yt_fail(t, f[0].value, p, OS_ERR_INPUT, "must be above 0%%, got '%s'",
                       yt_scalar(t, f[0].value));
    return yt_percent(t, f[1].value, yt_path(p, sizeof p, path, keys[1]), &tier->credit);
}

/* sla.credits: {fee: RATE, tiers: [{below, credit}, ...]}; both required, tiers not empty, no
 * two tiers with the same `below`. */
int ld_credits(ld *L, int id, const char *path)
{
    static const char *const keys[] = {"fee", "tiers"};
    yt *t = &L->t;
    os_sla *sla = &L->sc->sla;
    yt_field f[2];
    char p[YT_PATH], pi[YT_PATH];
    size_t n = 0;
    int rc;
    if ((rc = yt_mapping(t, id, path, keys, 2, f)) < 0 ||
        (rc = yt_require(t, id, path, &f[0], "fee")) < 0 ||
        (rc = yt_require(t, id, path, &f[1], "tiers")) < 0 ||
        (rc = ld_cost_rate(L, f[0].value, yt_path(p, sizeof p, path, keys[0]), &sla->credit_fee)) <
            0 ||
        (rc = yt_sequence(t, f[1].value, yt_path(p, sizeof p, path, keys[1]), &n)) < 0)
        return rc;
    if (n == 0)
        return yt_fail(t, f[1].value, p, OS_ERR_INPUT,
                       "expected at least one tier such as '{below: 99.9%%, credit: 10%%}'");
    if (n > 1000)
        return yt_fail(t, f[1].value, p, OS_ERR_LIMIT, "too many tiers (the limit is 1000)");
    free(sla->tiers);
    sla->n_tiers = 0;
    if (!(sla->tiers = calloc(n, sizeof *sla->tiers)))
        return yt_fail(t, id, path, OS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int item = yt_item(t, f[1].value, i);
        yt_path_index(pi, sizeof pi, p, i);
        if ((rc = load_tier(L, item, pi, &sla->tiers[i])) < 0)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (sla->tiers[j].below == sla->tiers[i].below)
                return yt_fail(t, item, pi, OS_ERR_INPUT,
                               "two tiers with the same 'below' (tiers[%zu] has it too)", j);
        sla->n_tiers = i + 1;
    }
    return OS_OK;
}

/* After every section: the default currency. */
int ld_costs_finish(ld *L)
{
    os_costs *c = &L->sc->costs;
    if (c->enabled && !c->currency && !(c->currency = strdup("USD")))
        return yt_fail(&L->t, yt_root(&L->t), NULL, OS_ERR_NOMEM, "out of memory");
    return OS_OK;
}
