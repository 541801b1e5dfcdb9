/* Several models side by side, each a small vector view with a caption above it (its density,
 * or linear / ReLU) and a line below (represented features, loss): the density sweep of the
 * paper's intro figure and the linear-vs-ReLU comparison. */
#ifndef SUPERPOSE_APP_DRAW_GRID_H
#define SUPERPOSE_APP_DRAW_GRID_H

#include <SDL.h>

struct analysis;
struct text;

struct view_grid_panel {
    const float *W;               /* n x m, row i = W_i */
    int n, m;
    const struct analysis *an;    /* computed from W, or NULL */
    double loss;                  /* shown below when finite */
    const char *caption;
    const char *caption_short;    /* where the caption does not fit; NULL: the caption cut */
    const char *line;             /* the line below; NULL: represented features and loss */
    const char *line_short;       /* where that does not fit; NULL: it cut */
};

/* Columns for `count` panels in rect: the layout whose squares come out largest. */
int view_grid_columns(int count, SDL_Rect rect);
/* Panel k's whole cell, and the square its vectors are drawn in. */
SDL_Rect view_grid_cell(int count, SDL_Rect rect, int k);
SDL_Rect view_grid_plot(struct text *text, int count, SDL_Rect rect, int k);
/* Each panel is scaled to its own largest norm (at least 1), as view_scale_fit does. */
void view_grid_draw(SDL_Renderer *r, struct text *text, const struct view_grid_panel *panels,
                    int count, SDL_Rect rect);

#endif
