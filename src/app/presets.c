#include "presets.h"

#include <stddef.h>
#include <stdio.h>

/* The findings are counts over seeds 0-63 (independent features: 0-15) of `superpose train`
 * with these settings (docs/science.md, "Correlated and anticorrelated features"). */
static const struct presets_row rows[PRESETS_COUNT] = {
    { "independent features", "a square in 16 of 16 seeds", PRESETS_INDEPENDENT },
    { "two correlated pairs", "each pair orthogonal in 58 of 64 seeds", PRESETS_CORRELATED_PAIRS },
    { "two anticorrelated pairs",
      "both antipodal in 23 of 64 seeds, else a square (R: another seed)",
      PRESETS_ANTICORRELATED_PAIRS },
    { "a correlated and an anticorrelated pair",
      "a square in 60 of 64 seeds, the pairs at 88 and 96 deg", PRESETS_ONE_OF_EACH },
    { "three correlated pairs", "one pair collapses onto a line in 36 of 64 seeds",
      PRESETS_THREE_PAIRS },
};

const struct presets_row *presets_get(int k)
{
    return k >= 0 && k < PRESETS_COUNT ? &rows[k] : NULL;
}

void presets_describe(int k, char *buf, size_t len)
{
    const struct presets_row *p = presets_get(k);
    if (!p) {
        snprintf(buf, len, "no preset %d", k + 1);
        return;
    }
    const struct trainer_desc *d = &p->desc;
    char corr[64], anti[64];
    featsets_format(&d->sets, FEATSETS_CORRELATED, corr, sizeof corr);
    featsets_format(&d->sets, FEATSETS_ANTICORRELATED, anti, sizeof anti);
    snprintf(buf, len, "C %d/%d: %s%s%s%s%s%s, n = %d, m = %d, density %g, decay %g: %s", k + 1,
             PRESETS_COUNT, p->name, corr[0] || anti[0] ? " (" : "", corr,
             corr[0] && anti[0] ? " and " : "", anti, corr[0] || anti[0] ? ")" : "", d->features,
             d->hidden, d->density, d->decay, p->finding);
}

void presets_dropped(const struct featsets *before, int n, char *buf, size_t len)
{
    int used = snprintf(buf, len, "n = %d: dropped the", n);
    for (int k = 0, any = 0; k < before->count && used > 0 && (size_t)used < len; k++) {
        int last = featsets_members(before, k)[featsets_size(before, k) - 1];
        if (last < n)
            continue;
        char set[64];
        featsets_format_set(before, k, set, sizeof set);
        used += snprintf(buf + used, len - (size_t)used, "%s %s set %s", any++ ? "," : "",
                         before->kind[k] == FEATSETS_CORRELATED ? "correlated" : "anticorrelated",
                         set);
    }
    if (used > 0 && (size_t)used < len)
        snprintf(buf + used, len - (size_t)used, " (C: presets)");
}
