/* W^T W as a heatmap with the bias vector beside it, as in the paper's figures: cell (i, j) is
 * W_i . W_j on a red-white-blue diverging map clipped at +-1 (red positive, blue negative), so
 * the diagonal shows each feature's squared norm and the rest its interference. Drawn as an
 * image: whole pixels per cell, or, when the features outnumber the pixels, each pixel one bin
 * of k x k cells showing the value of largest magnitude among them (the diagonal and any strong
 * interference stay visible; a mean would wash them out). */
#ifndef SUPERPOSE_APP_DRAW_HEATMAP_H
#define SUPERPOSE_APP_DRAW_HEATMAP_H

#include <stdbool.h>

#include <SDL.h>

struct layer;
struct text;

struct view_heatmap {
    const float *W;   /* n x m, row i = W_i */
    const float *b;   /* n */
    int n, m;
    struct layer *layer;   /* kept between frames, copied while W and b stay (NULL: drawn anew) */
};

/* The colour of a value (clipped to [-1, 1]). */
SDL_Color view_heatmap_colour(double value);

/* Bins a rows x cols matrix (row-major) into out_rows x out_cols, each at most the input's:
 * output row r covers input rows [r * rows / out_rows, (r + 1) * rows / out_rows), the columns
 * likewise, and takes the value of largest magnitude among its cells (NaN when one is NaN). */
void view_heatmap_bin(const float *in, int rows, int cols, float *out, int out_rows,
                      int out_cols);
/* The output row (or column) of view_heatmap_bin that input row i of count falls in, with
 * out_count of them. */
int view_heatmap_bin_of(int i, int count, int out_count);
/* Cells per pixel side for n features in rect (1: no binning). */
int view_heatmap_binning(struct text *text, float scale, SDL_Rect rect, int n);

/* Where cell (i, j) falls in rect; j = n is the bias column. Binned, the pixel of its bin.
 * text may be NULL (no title row). */
SDL_Rect view_heatmap_cell(struct text *text, float scale, SDL_Rect rect, int n, int i, int j);
/* The height the heatmap of n features takes in a rect of width w (cells at most 40 points). */
int view_heatmap_height(struct text *text, float scale, int w, int n);
void view_heatmap_draw(SDL_Renderer *r, struct text *text, float scale,
                       const struct view_heatmap *v, SDL_Rect rect);

/* A rows x cols matrix of values (row-major) on the heatmap's colours, as an image stretched
 * over dst (nearest: give it whole pixels per cell), binned by view_heatmap_bin to out_rows x
 * out_cols first when that is smaller. False when nothing was drawn (out of memory). */
bool view_heatmap_image(SDL_Renderer *r, const float *values, int rows, int cols,
                        int out_rows, int out_cols, SDL_Rect dst);

#endif
