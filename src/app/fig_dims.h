/* dimensionality_400.png for `superpose figures`: the paper's feature-dimensionality experiment
 * (n = 400, m = 30, uniform importance, 24 densities from 1 to 0.05, 10,000 steps each),
 * trained by the window's pool (dimsweep.h) on every core and drawn by the window's view. */
#ifndef SUPERPOSE_APP_FIG_DIMS_H
#define SUPERPOSE_APP_FIG_DIMS_H

#include <stdbool.h>
#include <stddef.h>

#include "figures.h"

/* The figures table's row: one large plot, no panels of the table's own. */
#define FIG_DIMS_FIGURE                                                                        \
    { .file = "dimensionality_400.png",                                                       \
      .title = "Feature dimensionality: 400 features in 30 dimensions",                       \
      .subtitle = "Uniform importance, one model per density, 24 densities log-spaced from 1 "  \
                  "to 0.05, 10,000 steps each (the window's key X)",                           \
      .cols = 1, .count = 0, .large = true, .kind = FIGURE_DIMS }

struct text;

/* The plot's place in the figure. */
SDL_Rect fig_dims_rect(const struct figure *f);

/* Trains the experiment (at most steps_cap steps per model on `threads` threads, 0: every
 * core; a progress line on a terminal) and draws it; false with the reason in err when memory
 * or threads ran out. */
bool fig_dims_draw(SDL_Renderer *r, struct text *text, const struct figure *f, long steps_cap,
                   int threads, char *err, size_t errlen);

#endif
