/* The main view: each feature's vector W_i in the first two hidden dimensions, as a thick
 * anti-aliased line from the origin with a dot at its tip, coloured by importance (viridis:
 * feature 0, the most important, yellow; the least purple) and labelled with its index; a
 * faint unit circle and axes, a faint polygon through the represented features in angle order,
 * and a fading trail of each tip's recent positions. Feature sets in the data are marked in one
 * hue per set: a ring round each member's tip and an arc between members, labelled with their
 * angle (solid: correlated, dashed: anticorrelated). */
#ifndef SUPERPOSE_APP_DRAW_VECTORS_H
#define SUPERPOSE_APP_DRAW_VECTORS_H

#include <stdbool.h>

#include <SDL.h>

struct analysis;
struct text_labels;
struct featsets;
struct text;

/* Recent tip positions, a ring per feature. */
struct view_trails {
    int capacity;   /* features */
    int length;     /* positions kept per feature */
    int count;      /* positions held so far (<= length) */
    int head;       /* next slot to write */
    int n;          /* features at the last push */
    float *xy;      /* capacity x length x 2 */
};

bool view_trails_init(struct view_trails *t, int capacity, int length);
void view_trails_finish(struct view_trails *t);
void view_trails_clear(struct view_trails *t);
/* Records the tips (first two coordinates of each row of W, n x m). */
void view_trails_push(struct view_trails *t, const float *W, int n, int m);

/* A view scale (weight units from the centre to the edge) that follows the largest norm
 * without jitter: it grows promptly when a tip would leave the view and shrinks slowly, only
 * once the tips have stayed well inside for a while. dt in seconds. */
double view_scale_follow(double scale, double max_norm, double dt);
/* The scale for a still picture of these weights. */
double view_scale_fit(const float *W, int n, int m);

struct view_vectors {
    const float *W;                  /* n x m, row i = W_i */
    int n, m;
    const struct analysis *an;       /* for the polygon (represented features by angle); or NULL */
    const struct view_trails *trails;   /* or NULL */
    double scale;                    /* weight units from the centre to the view's edge; 0:
                                      * fitted to W (view_scale_fit) */
    bool labels;
    const struct featsets *sets;     /* marked when given; NULL: none */
    struct text_labels *placed;      /* labels placed so far, the features' added (a caller
                                      * labelling more over the view keeps clear of them);
                                      * NULL: the view's own */
};

/* Draws into rect (a square centred in it); text may be NULL (no labels). */
void view_vectors_draw(SDL_Renderer *r, struct text *text, const struct view_vectors *v,
                       SDL_Rect rect);

/* Where the tip of feature i lands in rect, in pixels (what the render test checks). */
void view_vectors_point(const struct view_vectors *v, SDL_Rect rect, double x, double y,
                        float *px, float *py);

/* Set k's hue (the readout and the per-feature panel use it too). */
SDL_Color view_vectors_set_colour(int k, Uint8 alpha);
/* The radius, in weight units, of set k's arcs (what the render test checks). */
double view_vectors_set_radius(const struct view_vectors *v, int k);

/* Up to this many features a vector is a thick line with a dot at its tip; past it lines and
 * dots thin by view_vectors_thinning(n), sqrt(VIEW_VECTORS_ROOMY / n), down to a hairline, so
 * that hundreds of features do not merge into one disc. */
#define VIEW_VECTORS_ROOMY 32
float view_vectors_thinning(int n);

/* Feature i's colour: viridis by rank of importance (importance decays with the index). */
SDL_Color view_vectors_colour(int i, int n, Uint8 alpha);
/* The same, lightened for text on a dark background. */
SDL_Color view_vectors_label_colour(int i, int n);

#endif
