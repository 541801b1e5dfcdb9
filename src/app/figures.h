/* `superpose figures`: trains the models behind the README's pictures (the four of the
 * original Python project,
 * the paper's intro sweep, linear against ReLU, polytopes in 3D, the phase diagram, correlated
 * and anticorrelated features) on all
 * cores and draws them with the window's own views into an offscreen software renderer, one
 * PNG each. */
#ifndef SUPERPOSE_APP_FIGURES_H
#define SUPERPOSE_APP_FIGURES_H

#include <stdbool.h>

#include <SDL.h>

#include "figcaption.h"
#include "trainer.h"

struct cli_options;
struct model;
struct text;

#define FIGURES_MAX_PANELS 16

struct figure_panel {
    struct trainer_desc desc;
    long steps;
    int seeds;   /* > 1: seeds desc.seed onwards are trained and the lowest loss is drawn */
};

enum figure_kind {
    FIGURE_VECTORS,     /* 2D vector views of the panels' models (the default) */
    FIGURE_POLYTOPES,   /* 3D views of m = 3 models, each feature's D_i listed */
    FIGURE_PHASE,       /* the n = 2, m = 1 phase diagram: one view, panels unused */
    FIGURE_CORRELATED,  /* the window's presets of feature sets (fig_correlated.c) */
    FIGURE_SAE,         /* each panel's model read by an SAE (fig_sae.h) */
    FIGURE_DIMS,        /* the dimensionality experiment, no panels: it trains its own (fig_dims.h) */
};

struct figure {
    const char *file;        /* e.g. "pentagon_visualization.png" */
    const char *title;
    const char *subtitle;
    int cols, count;         /* panels per row, panels */
    bool large;              /* one big panel with the per-feature table */
    struct figure_panel panels[FIGURES_MAX_PANELS];
    enum figure_kind kind;
    /* When set, writes the subtitle from the trained models in place of `subtitle`: words
     * about what was learned must come from what was learned. */
    figcaption_fn *caption;
    /* When set, draws every panel from the trained models (one per panel) in place of the
     * kind's drawing; steps_cap is --steps. */
    void (*draw)(SDL_Renderer *r, struct text *text, const struct figure *f,
                 const struct model *const *models, long steps_cap);
};

int figures_count(void);
const struct figure *figures_get(int k);

/* The picture's size and where panel k's vector view lies in it (what the tests check). */
void figures_size(const struct figure *f, int *w, int *h);
SDL_Rect figures_view_rect(const struct figure *f, int k);

int figures_run(const struct cli_options *o);
/* figures_run for the figures whose bit is set in `which` (bit k: figures_get(k)). */
int figures_run_some(const struct cli_options *o, unsigned long which);

#endif
