/* flow.c — critical flows (SPEC §6.3): the served fraction of `all` is the minimum of its
 * members', of `any` the maximum, of `k_of_n` the k-th largest; nested inline levels are
 * evaluated bottom-up (a nested level always comes after its parent in the flow's nodes). */
#include <stdlib.h>

#include "sim_internal.h"

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

static double kth_largest(double *v, size_t n, const os_flow_node *node)
{
    double best = v[0];
    switch (node->op) {
    case OS_FLOW_ALL:
        for (size_t i = 1; i < n; i++)
            best = v[i] < best ? v[i] : best;
        return best;
    case OS_FLOW_ANY:
        for (size_t i = 1; i < n; i++)
            best = v[i] > best ? v[i] : best;
        return best;
    default:
        qsort(v, n, sizeof *v, cmp_desc);
        return v[node->k - 1];
    }
}

/* The flow's served fraction from its members' current ones. */
double flow_eval(os_sim *s, int f)
{
    const os_flow *fl = &s->sc->flows[f];
    for (size_t k = fl->n_nodes; k-- > 0;) {
        const os_flow_node *node = &fl->nodes[k];
        for (size_t j = 0; j < node->n_terms; j++) {
            const os_flow_term *tm = &node->terms[j];
            s->term_val[j] = tm->node >= 0 ? s->node_val[tm->node] : apps_frac(s, tm->ref);
        }
        s->node_val[k] = kth_largest(s->term_val, node->n_terms, node);
    }
    return s->node_val[0];
}
