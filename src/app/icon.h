/* The program's icon: the feature vectors the default model learns (the recipe's n = 5, m = 2,
 * seed 0, its 10,000 steps), turned so that feature 0 points up, in the main view's colours on
 * the window's dark background. One list of shapes feeds the SVG and every PNG size, drawn
 * with the views' own primitives. */
#ifndef SUPERPOSE_APP_ICON_H
#define SUPERPOSE_APP_ICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <SDL.h>

enum icon_kind {
    ICON_PLATE,   /* the rounded square behind it all: x0, y0 to x1, y1, corner radius r */
    ICON_RING,    /* a circle at x0, y0 of radius r, line width w */
    ICON_LINE,    /* x0, y0 to x1, y1, width w */
    ICON_DISC,    /* centre x0, y0, radius r */
};

/* Coordinates in units of the icon's side, y down. */
struct icon_shape {
    enum icon_kind kind;
    float x0, y0, x1, y1, r, w;
    SDL_Color c;
    int min_size;   /* drawn only at this many pixels or more (faint detail blurs below) */
};

#define ICON_SHAPES_MAX 48

struct icon {
    struct icon_shape shape[ICON_SHAPES_MAX];
    int count;
    int represented;   /* features drawn as vectors: those the model represents */
};

/* Trains the default model and lays the icon out; false (with the reason in err) when the
 * model could not be created or training diverged. */
bool icon_build(struct icon *ic, char *err, size_t errlen);

/* A scalable SVG of the shapes; false when a write failed. */
bool icon_write_svg(const struct icon *ic, FILE *f);

/* Draws the icon at size x size pixels (transparent around the plate) onto a surface; NULL
 * with SDL's reason in err on failure. The caller frees it. */
SDL_Surface *icon_render(const struct icon *ic, int size, char *err, size_t errlen);

#endif
