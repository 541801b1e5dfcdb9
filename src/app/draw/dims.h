/* Feature dimensionality across the density sweep (the paper's "Feature Dimensionality"
 * figure): each feature's D_i as a dot (viridis by importance) against 1/(1-S) on a log axis,
 * the dimensions per feature m / ||W||_F^2 as a line through the models, and the sticky
 * fractions 1, 3/4, 2/3, 1/2, 2/5, 3/8 as faint labelled lines. The dimensionality experiment
 * (n = 400) draws its dots faint instead. */
#ifndef SUPERPOSE_APP_DRAW_DIMS_H
#define SUPERPOSE_APP_DRAW_DIMS_H

#include <stdbool.h>

#include <SDL.h>

struct analysis;
struct layer;
struct text;

#define VIEW_DIMS_Y_MAX 1.1

struct view_dims_model {
    double density;               /* 1 - S */
    const struct analysis *an;    /* dimensionality and dims_per_feature */
};

struct view_dims {
    const struct view_dims_model *models;   /* in falling density */
    int count;
    double x_max;                 /* largest 1/(1-S) on the axis; ticks at 1, 2, 5, 10, ... when
                                   * under 100, else at the powers of ten */
    bool faint;                   /* hundreds of features: each D_i a small translucent square
                                   * in one colour (the paper's scatter; overlaps add up) */
    const char *const *note;      /* a line under the legend (the progress): the longest of
                                   * these forms that fits, NULL-terminated; NULL: none */
    struct layer *layer;          /* all but the note kept between frames while the models stay
                                   * (NULL: drawn anew) */
};

/* The plot area inside rect (axes and labels take the rest). */
SDL_Rect view_dims_plot(float scale, SDL_Rect rect);
/* Pixel of (1/(1-S), D) in the plot of rect. */
void view_dims_point(const struct view_dims *v, float scale, SDL_Rect rect, double inv_density,
                     double d, float *px, float *py);
void view_dims_draw(SDL_Renderer *r, struct text *text, float scale, const struct view_dims *v,
                    SDL_Rect rect);

#endif
