/* sae.png for `superpose figures`: the reference setting of the SAE's measurements
 * (docs/science.md, section 9), seeds 0-7, each model read by an SAE with resampling (top row)
 * and without (bottom row); every panel draws the learned features with the SAE's decoder
 * directions over them, as the SAE view does, and what they recover under it. */
#ifndef SUPERPOSE_APP_FIG_SAE_H
#define SUPERPOSE_APP_FIG_SAE_H

#include "figures.h"

#define FIG_SAE_SEEDS 8
#define FIG_SAE_STEPS 10000   /* the model's and the SAE's */

/* The recipe at n = 5, m = 2, density 0.025, uniform importance, from this seed. */
#define FIG_SAE_PANEL(seed_)                                                                   \
    { .desc = { .features = 5, .hidden = 2, .density = 0.025, .decay = 1.0, .lr = 1e-3,        \
                .batch = 1024, .act = MODEL_RELU, .seed = seed_ },                             \
      .steps = FIG_SAE_STEPS }
#define FIG_SAE_ROW                                                                            \
    FIG_SAE_PANEL(0), FIG_SAE_PANEL(1), FIG_SAE_PANEL(2), FIG_SAE_PANEL(3), FIG_SAE_PANEL(4), \
        FIG_SAE_PANEL(5), FIG_SAE_PANEL(6), FIG_SAE_PANEL(7)

/* The figures table's row. */
#define FIG_SAE_FIGURE                                                                         \
    { .file = "sae.png",                                                                      \
      .title = "A sparse autoencoder on the pentagon: its decoder directions (white dashed; "  \
               "red: dead) over the features",                                                 \
      .subtitle = "n = 5, m = 2, density 0.025, uniform importance; SAE: 5 latents, l1 0.2, "  \
                  "10,000 steps; top: resampling, bottom: none",                               \
      .cols = FIG_SAE_SEEDS, .count = 2 * FIG_SAE_SEEDS, .kind = FIGURE_SAE,                   \
      .panels = { FIG_SAE_ROW, FIG_SAE_ROW } }

struct model;
struct text;

/* Draws the figure's panels from its trained models (one per panel, in order); steps_cap is
 * --steps (no SAE trains longer either). */
void fig_sae_draw(SDL_Renderer *r, struct text *text, const struct figure *f,
                  const struct model *const *models, long steps_cap);

#endif
