/* names.c — region names (display and short forms), the built-in directed region pairs of
 * SPEC §1.2, and the edit distance behind every "did you mean". */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outagesim/scenario.h"

void os_region_key(const char *name, char *out, size_t size)
{
    if (!out || size == 0)
        return;
    size_t n = 0;
    for (const char *p = name ? name : ""; *p && n + 1 < size; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t')
            continue;
        out[n++] = (char)tolower(c);
    }
    out[n] = '\0';
}

/* Directed: the primary (by key) fails over to the secondary (display name). */
static const struct {
    const char *primary_key;
    const char *secondary;
} builtin_pairs[] = {
    {"eastus2euap", "East US"},     {"westcentralus", "West Central US 2"},
    {"westeurope", "North Europe"}, {"northeurope", "West Europe"},
    {"eastus", "West US 2"},        {"westus2", "East US"},
};

const char *os_builtin_pair(const char *region_key)
{
    if (!region_key)
        return NULL;
    for (size_t i = 0; i < sizeof builtin_pairs / sizeof builtin_pairs[0]; i++)
        if (!strcmp(builtin_pairs[i].primary_key, region_key))
            return builtin_pairs[i].secondary;
    return NULL;
}

size_t os_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t stack_row[128];
    size_t *row = stack_row;
    if (lb + 1 > sizeof stack_row / sizeof stack_row[0]) {
        row = malloc((lb + 1) * sizeof *row);
        if (!row) /* no memory: report "far", which only loses a suggestion */
            return SIZE_MAX;
    }
    /* One row of the Levenshtein table: row[j] = distance(a[0..i), b[0..j)). */
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[lb];
    if (row != stack_row)
        free(row);
    return d;
}

const char *os_nearest(const char *word, const char *const *candidates, size_t n)
{
    if (!word || !candidates)
        return NULL;
    size_t len = strlen(word);
    size_t limit = len / 3 > 2 ? len / 3 : 2;
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        if (!candidates[i])
            continue;
        size_t d = os_edit_distance(word, candidates[i]);
        if (d < best_d) { /* ties: the first listed wins, so suggestions are stable */
            best_d = d;
            best = candidates[i];
        }
    }
    return best_d <= limit ? best : NULL;
}
