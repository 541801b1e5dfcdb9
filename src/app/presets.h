/* The window's presets for structure in the data (C cycles them) and the figure drawn from
 * the same settings: independent features, then correlated and anticorrelated pairs, each at
 * the settings the findings were measured with (m = 2, density 0.05, uniform importance;
 * docs/science.md). The settings are macros so that the figure table, a constant initialiser,
 * uses the very same ones. */
#ifndef SUPERPOSE_APP_PRESETS_H
#define SUPERPOSE_APP_PRESETS_H

#include <stddef.h>

#include "featsets.h"
#include "trainer.h"

#define PRESETS_COUNT 5
#define PRESETS_DENSITY 0.05
#define PRESETS_DECAY 1.0

/* Consecutive pairs 0-1, 2-3, 4-5 of the given kinds (FEATSETS_CORRELATED, ...). */
#define PRESETS_PAIRS2(k0_, k1_)                                                              \
    { .count = 2, .kind = { k0_, k1_ }, .start = { 0, 2, 4 }, .member = { 0, 1, 2, 3 } }
#define PRESETS_PAIRS3(k0_, k1_, k2_)                                                         \
    { .count = 3, .kind = { k0_, k1_, k2_ }, .start = { 0, 2, 4, 6 },                        \
      .member = { 0, 1, 2, 3, 4, 5 } }
#define PRESETS_NO_SETS { .count = 0 }

/* The recipe (lr, batch, ReLU, seed 0) with m = 2 at the presets' density and decay. */
#define PRESETS_DESC(n_, sets_)                                                               \
    { .features = n_, .hidden = 2, .density = PRESETS_DENSITY, .decay = PRESETS_DECAY,        \
      .lr = TRAINER_DEFAULT_LR, .batch = TRAINER_DEFAULT_BATCH, .act = MODEL_RELU,           \
      .seed = TRAINER_DEFAULT_SEED, .sets = sets_ }

#define PRESETS_C FEATSETS_CORRELATED
#define PRESETS_A FEATSETS_ANTICORRELATED
#define PRESETS_INDEPENDENT PRESETS_DESC(4, PRESETS_NO_SETS)
#define PRESETS_CORRELATED_PAIRS PRESETS_DESC(4, PRESETS_PAIRS2(PRESETS_C, PRESETS_C))
#define PRESETS_ANTICORRELATED_PAIRS PRESETS_DESC(4, PRESETS_PAIRS2(PRESETS_A, PRESETS_A))
#define PRESETS_ONE_OF_EACH PRESETS_DESC(4, PRESETS_PAIRS2(PRESETS_C, PRESETS_A))
#define PRESETS_THREE_PAIRS PRESETS_DESC(6, PRESETS_PAIRS3(PRESETS_C, PRESETS_C, PRESETS_C))

struct presets_row {
    const char *name;          /* "two correlated pairs" */
    const char *finding;       /* what the recipe learns from it, as measured over seeds */
    struct trainer_desc desc;  /* n, m, density, decay and the sets (seed: the window's own) */
};

/* Row k (0 <= k < PRESETS_COUNT), or NULL. */
const struct presets_row *presets_get(int k);

/* What loading row k says: "C 2/5: two correlated pairs (0-1, 2-3), n = 4, ...: finding". */
void presets_describe(int k, char *buf, size_t len);

/* What a change to n features says about the sets of `before` it dropped: "n = 3: dropped the
 * correlated set 2-3 (C: presets)". */
void presets_dropped(const struct featsets *before, int n, char *buf, size_t len);

#endif
