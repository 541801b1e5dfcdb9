/* The figure of the window's presets (presets.h) side by side: each trained with the recipe
 * from several seeds, the lowest loss drawn with its sets marked as the window marks them and
 * the angle within each set written under it. */
#ifndef SUPERPOSE_APP_FIG_CORRELATED_H
#define SUPERPOSE_APP_FIG_CORRELATED_H

#include <stdbool.h>

#include <SDL.h>

#include "presets.h"

struct analysis;
struct figure;
struct text;
struct trainer;

/* An anticorrelated pair finds its antipodal solution in about one seed of three (science.md):
 * eight seeds miss it with probability about 3%. */
#define FIG_CORRELATED_SEEDS 8
#define FIG_CORRELATED_PANEL(desc_)                                                           \
    { .desc = desc_, .steps = TRAINER_DEFAULT_STEPS, .seeds = FIG_CORRELATED_SEEDS }

/* The row of the figures table; panel k is preset k. */
#define FIG_CORRELATED_ROW                                                                    \
    { .file = "correlated.png", .title = "Correlated and anticorrelated features",            \
      .subtitle = "The window's presets (key C): m = 2, density 0.05, decay 1, 10,000 steps, " \
                  "lowest loss of seeds 0-7; a ring and an arc per set",                       \
      .cols = PRESETS_COUNT, .count = PRESETS_COUNT, .kind = FIGURE_CORRELATED,              \
      .panels = { FIG_CORRELATED_PANEL(PRESETS_INDEPENDENT),                                  \
                  FIG_CORRELATED_PANEL(PRESETS_CORRELATED_PAIRS),                             \
                  FIG_CORRELATED_PANEL(PRESETS_ANTICORRELATED_PAIRS),                         \
                  FIG_CORRELATED_PANEL(PRESETS_ONE_OF_EACH),                                  \
                  FIG_CORRELATED_PANEL(PRESETS_THREE_PAIRS) } }

/* Draws panel k of f from its trained model (a: scratch for the analysis). */
void fig_correlated_draw(SDL_Renderer *r, struct text *text, const struct figure *f, int k,
                         const struct trainer *t, double loss, bool diverged, struct analysis *a);

#endif
