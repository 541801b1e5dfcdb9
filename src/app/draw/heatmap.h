/* W^T W as a heatmap with the bias vector beside it, as in the paper's figures: cell (i, j) is
 * W_i . W_j on a red-white-blue diverging map clipped at +-1 (red positive, blue negative), so
 * the diagonal shows each feature's squared norm and the rest its interference. */
#ifndef SUPERPOSE_APP_DRAW_HEATMAP_H
#define SUPERPOSE_APP_DRAW_HEATMAP_H

#include <SDL.h>

struct text;

struct view_heatmap {
    const float *W;   /* n x m, row i = W_i */
    const float *b;   /* n */
    int n, m;
};

/* The colour of a value (clipped to [-1, 1]). */
SDL_Color view_heatmap_colour(double value);
/* Where cell (i, j) falls in rect; j = n is the bias column. text may be NULL (no title row). */
SDL_Rect view_heatmap_cell(struct text *text, float scale, SDL_Rect rect, int n, int i, int j);
/* The height the heatmap of n features takes in a rect of width w (cells at most 40 points). */
int view_heatmap_height(struct text *text, float scale, int w, int n);
void view_heatmap_draw(SDL_Renderer *r, struct text *text, float scale,
                       const struct view_heatmap *v, SDL_Rect rect);

#endif
