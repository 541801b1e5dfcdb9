/* neurons.png and computation.png for `superpose figures`: the models with a ReLU hidden layer
 * drawn with the window's neuron view. neurons.png: hidden-relu, n = 10, m = 5, importance
 * 0.75^i at densities 1, 0.3, 0.1 and 0.03 (neurons line up with features while the data are
 * dense); computation.png: abs at n = 3, m = 6 dense and at density 0.1, and at n = 100,
 * m = 40, importance 0.8^i, density 0.03, each with its W2. Seed 0 each. */
#ifndef SUPERPOSE_APP_FIG_NEURONS_H
#define SUPERPOSE_APP_FIG_NEURONS_H

#include "figures.h"

#define FIG_NEURONS_STEPS 10000

#define FIG_NEURONS_PANEL(kind_, n_, m_, density_, decay_)                                     \
    { .desc = { .features = n_, .hidden = m_, .density = density_, .decay = decay_,            \
                .lr = 1e-3, .batch = 1024, .act = MODEL_RELU, .seed = 0, .kind = kind_ },      \
      .steps = FIG_NEURONS_STEPS }
#define FIG_NEURONS_HIDDEN(density_) FIG_NEURONS_PANEL(MODEL_HIDDEN_RELU, 10, 5, density_, 0.75)

struct model;
struct text;

/* Draws a figure's panels from its trained models (one per panel, in order). */
void fig_neurons_draw(SDL_Renderer *r, struct text *text, const struct figure *f,
                      const struct model *const *models, long steps_cap);

/* The figures table's rows. */
#define FIG_NEURONS_FIGURES                                                                    \
    { .file = "neurons.png",                                                                  \
      .title = "Neurons in a privileged basis: h = ReLU(W^T x), x' = ReLU(W h + b)",           \
      .subtitle = "n = 10, m = 5, importance 0.75^i, seed 0; a column per neuron: its input "  \
                  "weights stacked by feature, positive up; M3 / P3: mono- / polysemantic, "   \
                  "top feature 3",                                                             \
      .cols = 4, .count = 4, .draw = fig_neurons_draw,                                         \
      .panels = { FIG_NEURONS_HIDDEN(1.0), FIG_NEURONS_HIDDEN(0.3), FIG_NEURONS_HIDDEN(0.1),    \
                  FIG_NEURONS_HIDDEN(0.03) } },                                                \
    { .file = "computation.png",                                                              \
      .title = "Computation in superposition: y' = ReLU(W2 ReLU(W1 x) + b) learns |x|",        \
      .subtitle = "x uniform in [-1, 1) when active, seed 0; bars: each neuron's W1 weights "  \
                  "by feature; below: W2 (red positive, blue negative), same neuron order",    \
      .cols = 3, .count = 3, .draw = fig_neurons_draw,                                         \
      .panels = { FIG_NEURONS_PANEL(MODEL_ABS, 3, 6, 1.0, 1.0),                                \
                  FIG_NEURONS_PANEL(MODEL_ABS, 3, 6, 0.1, 1.0),                                \
                  FIG_NEURONS_PANEL(MODEL_ABS, 100, 40, 0.03, 0.8) } }

#endif
