/* The per-feature panel, in the paper's style: a bar per feature whose length is its norm
 * ||W_i|| and whose colour is its superposition sum_{j != i} (W^_i . W_j)^2 (dark blue: a
 * dimension of its own; yellow: shares its direction), with D_i and b_i beside it; a feature in
 * a set of the data has a mark in its set's hue beside its index (a dot: correlated; a ring:
 * anticorrelated). */
#ifndef SUPERPOSE_APP_DRAW_BARS_H
#define SUPERPOSE_APP_DRAW_BARS_H

#include <stdbool.h>

#include <SDL.h>

struct analysis;
struct featsets;
struct text;

/* The bar colour for a superposition value (0 to 1, clamped). */
SDL_Color view_bars_colour(double superposition);

/* The height the table of n features takes with comfortable rows, and with its densest rows
 * (the least it needs to show every feature). */
int view_bars_height(struct text *text, float scale, int n, bool dense);
/* b holds the n biases; an must have been computed from the same weights; sets may be NULL.
 * The rows shrink to fit the rect down to the densest; past that the first features are shown
 * and a line says how many more there are. */
void view_bars_draw(SDL_Renderer *r, struct text *text, float scale, const struct analysis *an,
                    const float *b, const struct featsets *sets, SDL_Rect rect);
/* Where row i's set mark is drawn (what the render test checks). */
SDL_FPoint view_bars_mark(struct text *text, float scale, int n, SDL_Rect rect, int i);

#endif
