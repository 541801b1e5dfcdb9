/* The offscreen canvas the render tests draw on: a surface, SDL's software renderer on it and
 * the text module with the font fontconfig finds (none when there is no font: the caller says
 * what that means for it). */
#ifndef SUPERPOSE_TESTS_CANVAS_H
#define SUPERPOSE_TESTS_CANVAS_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <SDL.h>

#include "text.h"

struct canvas {
    SDL_Surface *surface;
    SDL_Renderer *renderer;
    struct text *text;
    char err[512];   /* why text is NULL */
};

static inline bool canvas_init(struct canvas *c, int w, int h)
{
    *c = (struct canvas){ 0 };
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    c->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    c->renderer = c->surface ? SDL_CreateSoftwareRenderer(c->surface) : NULL;
    if (!c->renderer) {
        fprintf(stderr, "cannot create a software renderer: %s\n", SDL_GetError());
        SDL_FreeSurface(c->surface);
        return false;
    }
    char font[1024];
    if (text_find_font(font, sizeof font, c->err, sizeof c->err))
        c->text = text_create(c->renderer, font, 1.0f, c->err, sizeof c->err);
    return true;
}

/* The colour of the pixel at (x, y) of a 32-bit surface. */
static inline SDL_Color canvas_pixel(SDL_Surface *s, int x, int y)
{
    Uint32 v = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
    SDL_Color c;
    SDL_GetRGBA(v, s->format, &c.r, &c.g, &c.b, &c.a);
    return c;
}

/* How far apart two colours are: the sum of the channels' differences. */
static inline int canvas_distance(SDL_Color a, SDL_Color b)
{
    return abs(a.r - b.r) + abs(a.g - b.g) + abs(a.b - b.b);
}

static inline void canvas_finish(struct canvas *c)
{
    text_destroy(c->text);
    SDL_DestroyRenderer(c->renderer);
    SDL_FreeSurface(c->surface);
}

#endif
