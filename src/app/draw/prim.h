/* Shared drawing primitives: anti-aliased thick lines and discs built as triangles with a
 * one-pixel feathered edge (SDL_RenderGeometry), and the colour maps the views use. */
#ifndef SUPERPOSE_APP_DRAW_PRIM_H
#define SUPERPOSE_APP_DRAW_PRIM_H

#include <stdbool.h>

#include <SDL.h>

/* Triangles collected by a view and drawn with one SDL_RenderGeometry call, in order. */
struct prim_mesh {
    SDL_Vertex *v;
    int *idx;
    int nv, ni, capv, capi;
    bool failed;   /* an allocation failed: the mesh draws what it has */
};

void prim_mesh_finish(struct prim_mesh *mesh);
/* Draws the mesh with alpha blending and empties it (keeping the memory). */
void prim_mesh_draw(SDL_Renderer *r, struct prim_mesh *mesh);

/* A line of the given width (pixels) with feathered sides; nothing when any input is not
 * finite. */
void prim_mesh_line(struct prim_mesh *mesh, float x0, float y0, float x1, float y1, float width,
                    SDL_Color c);
/* The same with a different colour at each end (trails that fade). */
void prim_mesh_line2(struct prim_mesh *mesh, float x0, float y0, float x1, float y1, float width,
                     SDL_Color c0, SDL_Color c1);
void prim_mesh_disc(struct prim_mesh *mesh, float cx, float cy, float radius, SDL_Color c);
/* A circle outline of the given width. */
void prim_mesh_ring(struct prim_mesh *mesh, float cx, float cy, float radius, float width,
                    SDL_Color c);
/* An axis-aligned filled rectangle (no feathering: its edges lie on pixel boundaries). */
void prim_mesh_rect(struct prim_mesh *mesh, float x, float y, float w, float h, SDL_Color c);

/* Convenience forms that draw at once. */
void prim_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, float width, SDL_Color c);
void prim_disc(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c);

/* Viridis (matplotlib's, the paper's ramp): t = 0 purple, t = 1 yellow; t clamped to [0, 1],
 * NaN gives grey. */
SDL_Color prim_viridis(double t, Uint8 alpha);
/* Diverging blue-white-red (t = -1 blue, 0 near white, +1 red); clamped, NaN grey. */
SDL_Color prim_diverging(double t, Uint8 alpha);
SDL_Color prim_rgba(Uint32 rgb, Uint8 alpha);

/* WCAG 2 contrast ratio of two opaque colours (1 to 21). */
double prim_contrast(SDL_Color a, SDL_Color b);
/* c mixed towards white just enough to reach the contrast ratio against a dark ground (text
 * in a feature's colour: the purple end of viridis is unreadable on the window's grey). */
SDL_Color prim_readable(SDL_Color c, Uint32 ground, double ratio);

#endif
