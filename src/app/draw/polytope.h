/* The 3D view of feature vectors (m >= 3): each W_i as a line from the origin with a dot at
 * its tip, seen from a camera at (yaw, pitch), with depth cues (nearer dots larger, farther
 * lines and dots fogged towards the background); the unit sphere as a faint wireframe; lines
 * between features whose |cos| exceeds a threshold. For m > 3 the vectors are projected onto
 * the top three principal directions of W, and the view says so. */
#ifndef SUPERPOSE_APP_DRAW_POLYTOPE_H
#define SUPERPOSE_APP_DRAW_POLYTOPE_H

#include <stdbool.h>

#include <SDL.h>

struct text;
struct text_labels;

/* Zero in a field means its default, as in sokol's descriptions, except for the angles: yaw =
 * pitch = 0 is a view of its own (geom3d_clear_view picks it for a tetrahedron). */
struct view_polytope {
    const float *W;     /* n x m, row i = W_i */
    int n, m;
    double yaw, pitch;  /* radians (VIEW_POLYTOPE_YAW and _PITCH: three axes apart) */
    double distance;    /* camera distance in weight units (> scale); 0: VIEW_POLYTOPE_DISTANCE
                         * times the scale; negative: orthographic */
    double scale;       /* weight units from the centre to the view's edge; 0: fitted to W
                         * (view_polytope_scale_fit) */
    double edge_cos;    /* lines between features with |cos| above this; 0: GEOM3D_EDGE_COS */
    const double *dirs; /* m > 3: the 3 x m principal directions to project onto (from
                         * geom3d_principal); NULL computes them here (O(m^3): a still
                         * picture can afford it, a live view keeps its own) */
    bool labels;
    struct text_labels *placed;   /* labels placed so far, the features' added (a caller
                                   * labelling more over the view keeps clear of them); NULL:
                                   * the view's own */
};

/* A fixed angle that shows three orthogonal axes without overlap. */
#define VIEW_POLYTOPE_YAW 0.62
#define VIEW_POLYTOPE_PITCH 0.42
/* In view scales: a mild perspective. */
#define VIEW_POLYTOPE_DISTANCE 6.0

/* The scale for a still picture: the largest ||W_i|| with a margin (at least 1). */
double view_polytope_scale_fit(const float *W, int n, int m);

/* Where the 3D point p (coordinates in the view's space: W_i itself for m = 3) lands in rect;
 * depth towards the viewer in [-1, 1] of the scale, size the perspective factor. */
void view_polytope_point(const struct view_polytope *v, SDL_Rect rect, const double p[3],
                         float *px, float *py, double *depth, double *size);

/* Feature i's colour at depth (in [-1, 1], 1 nearest): its lifted viridis colour fogged
 * towards the background with distance (what the render test checks). */
SDL_Color view_polytope_colour(int i, int n, double depth);

/* Draws into rect (a square centred in it); text may be NULL (no labels). */
void view_polytope_draw(SDL_Renderer *r, struct text *text, const struct view_polytope *v,
                        SDL_Rect rect);

#endif
