/* The window's picture: the layout, the view area (the view table's title, legend and footer
 * around the view it draws), the panels on the right (sliders, readout, loss curve, per-feature
 * bars, W^T W), the help overlay generated from the key table, and the toast. It reads the
 * session; the shell calls it once a frame. */
#ifndef SUPERPOSE_APP_PANELS_H
#define SUPERPOSE_APP_PANELS_H

#include <stdbool.h>

#include <SDL.h>

#include "draw/layer.h"
#include "views.h"

struct session;
struct text;

/* Where everything goes in a window of w x h output pixels: the view on the left, a column of
 * panels on the right. A short window gets compact sliders and a shorter loss curve, so that
 * the per-feature table keeps room. */
struct panels_layout {
    SDL_Rect view, sliders, readout, loss;
    SDL_Rect features;   /* the per-feature table, then W^T W below it (panels_features) */
    SDL_Rect timeline;   /* the D_i strip under the loss curve */
};

struct panels_layout panels_layout(int w, int h, float scale, struct text *text);
/* How the features area is shared for n features: the table first (every row if it can,
 * comfortable rows if W^T W still has room), then W^T W when at least a small one fits
 * (heatmap->h = 0: left out). */
void panels_features(const struct panels_layout *l, struct text *text, float scale, int n,
                     SDL_Rect *table, SDL_Rect *heatmap);
/* The rectangle the view table's view draws into: the view area less its title, legend and
 * footer. */
SDL_Rect panels_view_plot(const struct panels_layout *l, struct text *text);

/* The slider whose track (with a margin) holds the point, or -1: the panel's, or those the view
 * shown draws itself. */
int panels_slider_at(struct text *text, float scale, const struct panels_layout *l,
                     enum view_id view, int x, int y);
/* Where along slider k's track x falls, in [0, 1] (not clamped). */
double panels_slider_position(struct text *text, float scale, const struct panels_layout *l,
                              int k, int x);

/* Whether the point is on the loss curve or the timeline strip under it (their common x
 * axis), and where along the steps: 0 at the first snapshot, 1 at the live step (past it:
 * more than 1). */
bool panels_timeline_at(struct text *text, float scale, const struct panels_layout *l, int x,
                        int y, double *position);
/* The same position for any x (a drag that left them). */
double panels_timeline_position(struct text *text, float scale, const struct panels_layout *l,
                                int x);

struct panels_toast {
    char text[320];
    double until;   /* shown until this time */
    bool error;
};

/* The help overlay's layout at one window size, kept between frames by the shell: measuring it
 * wraps every key's explanation at two font sizes, thousands of strings. */
#define PANELS_HELP_PAGES_MAX 16
struct panels_help {
    int w, h;          /* the size it was laid out for; 0: not yet */
    float scale;
    int size;          /* an enum text_size */
    int keys_w, what_w, rows, height;
    int pages, first[PANELS_HELP_PAGES_MAX + 1];   /* page k: rows first[k] to first[k + 1] */
};

/* The parts of the picture kept between frames (draw/layer.h), owned by the shell. */
struct panels_layers {
    struct layer view;      /* the view's (the dimensionality experiment's dots) */
    struct layer heatmap;   /* W^T W */
};
/* Frees the textures (before the renderer goes, or once it lost them); zero: empty again. */
void panels_layers_finish(struct panels_layers *l);

struct panels_frame {
    SDL_Renderer *renderer;
    struct text *text;
    float scale;                  /* output pixels per window point */
    int w, h;                     /* output pixels */
    const struct panels_layout *layout;
    const struct session *session;
    double fps, frame_ms;         /* the readout's */
    const struct panels_toast *toast;
    double now;
    struct panels_help *help;     /* the help's layout kept between frames; NULL: laid out anew */
    struct panels_layers *layers; /* NULL: everything drawn anew */
};

void panels_draw(const struct panels_frame *f);
/* The help overlay's pages at the frame's size (1 when all its keys fit). */
int panels_help_pages(const struct panels_frame *f);
/* The toast alone (panels_draw draws it last; the window, with toast NULL there, draws it after
 * the frame is captured for a screenshot or a recording). */
void panels_draw_toast(const struct panels_frame *f);

#endif
