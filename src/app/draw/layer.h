/* A part of the picture kept in a texture between frames and copied while what it shows stays
 * the same: the W^T W image of weights that do not move, the dimensionality experiment's
 * thousands of dots between two models' arrival. The caller names what the part shows by a key
 * of bytes (the numbers drawn, the rect, the scale), then either the kept texture is copied or
 * the caller draws, into the layer (which is then copied) or, without one, straight to the
 * window: the same picture either way, drawn on the ground colour given.
 *
 *     layer_key(l, W, n * m * sizeof *W);
 *     layer_key(l, &rect, sizeof rect);
 *     if (layer_begin(l, r, rect, ground) != LAYER_KEPT) {
 *         ...draw...
 *         layer_end(l, r, rect);
 *     }
 *
 * The texture is the size of the window's output, so that the drawing code's coordinates need
 * no change; a NULL layer draws straight (layer_key, layer_end do nothing). */
#ifndef SUPERPOSE_APP_DRAW_LAYER_H
#define SUPERPOSE_APP_DRAW_LAYER_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

struct layer {
    SDL_Texture *tex;
    SDL_Renderer *renderer;      /* the texture's */
    SDL_Texture *before;         /* the target drawn to before, while recording */
    int w, h;                    /* its size */
    unsigned char *key, *next;   /* the key of what it holds; the one being built this frame */
    size_t key_len, next_len, key_cap, next_cap;
    bool valid, failed;          /* failed: out of memory for the key, so nothing is kept */
};

enum layer_state {
    LAYER_KEPT,     /* copied from the texture: nothing to draw */
    LAYER_RECORD,   /* draw now, into the texture; then layer_end */
    LAYER_DIRECT,   /* draw now, to the window (no layer, or no texture); layer_end is harmless */
};

/* Adds bytes to the key of what the layer shows this frame. Accepts NULL. */
void layer_key(struct layer *l, const void *bytes, size_t len);
/* Copies the kept texture over rect when the key is the last one drawn, or sets the texture as
 * the target, cleared to ground, for the caller to draw. */
enum layer_state layer_begin(struct layer *l, SDL_Renderer *r, SDL_Rect rect, SDL_Color ground);
/* After drawing: back to the window, and the texture copied over rect. Accepts NULL. */
void layer_end(struct layer *l, SDL_Renderer *r, SDL_Rect rect);
/* Frees the texture (before the renderer goes) and the keys. Accepts NULL. */
void layer_finish(struct layer *l);

#endif
