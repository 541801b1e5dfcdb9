/* The phase diagram view (n = 2, m = 1): one cell per (importance r, density), coloured by the
 * solution the trained models learned, the closed-form boundaries drawn over it as white lines,
 * log axes, and optionally a legend with the three solutions, their losses and the agreement
 * count. Its words write the density d = 1-S (S is the sparsity everywhere else). */
#ifndef SUPERPOSE_APP_DRAW_PHASEMAP_H
#define SUPERPOSE_APP_DRAW_PHASEMAP_H

#include <stdbool.h>

#include <SDL.h>

#include "phase.h"

struct text;

struct view_phasemap {
    const struct phase_diagram *pd;   /* cells not yet done are drawn dark */
    bool legend;                      /* to the right of the plot */
};

/* Where the cells lie in rect (a square; scale is pixels per point). */
SDL_Rect view_phasemap_plot(const struct view_phasemap *v, float scale, SDL_Rect rect);
/* Pixel position of (r, s). */
void view_phasemap_point(const struct view_phasemap *v, float scale, SDL_Rect rect, double r,
                         double s, float *px, float *py);
SDL_Color view_phasemap_colour(enum phase_kind p, Uint8 alpha);

/* text may be NULL (no labels). */
void view_phasemap_draw(SDL_Renderer *r, struct text *text, float scale,
                        const struct view_phasemap *v, SDL_Rect rect);

#endif
