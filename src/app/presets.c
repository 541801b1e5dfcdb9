#include "presets.h"

#include <stddef.h>

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
