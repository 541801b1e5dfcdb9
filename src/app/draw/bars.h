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
/* Whether n features in a rect h pixels high are drawn as the compact strip: one column per
 * feature (or per pixel, the largest norm of those it holds), its height the norm and its
 * colour the superposition, when not every row fits at the densest pitch. */
bool view_bars_strip(struct text *text, float scale, int n, int h);
/* The height the strip is comfortable at. */
int view_bars_strip_height(struct text *text, float scale);
/* b holds the n biases; an must have been computed from the same weights; sets may be NULL.
 * The rows shrink to fit the rect down to the densest; past that, the strip. */
void view_bars_draw(SDL_Renderer *r, struct text *text, float scale, const struct analysis *an,
                    const float *b, const struct featsets *sets, SDL_Rect rect);
/* Where row i's set mark is drawn (under its column in the strip; what the render test
 * checks). */
SDL_FPoint view_bars_mark(struct text *text, float scale, int n, SDL_Rect rect, int i);

#endif
