/* The views of the large area on the left, one row each in one table (views.c): its key, its
 * name in the trace, its help line, its titles and legends, the models it trains beside the
 * focused one, and its draw function. The help overlay, the footer and the key table's view
 * rows are generated from it. A view draws plain data (struct view_context), never a thread's.
 * Adding a view: an id here, a row in views.c, a draw file under views/. */
#ifndef SUPERPOSE_APP_VIEWS_H
#define SUPERPOSE_APP_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "model.h"
#include "sae.h"

struct analysis;
struct featsets;
struct phase_diagram;
struct layer;
struct text;
struct view_loss;
struct view_trails;

enum view_id {
    VIEW_MAIN,        /* the focused model's vectors (3D from m = 3) */
    VIEW_SWEEP,       /* models across densities, side by side */
    VIEW_DIMS,        /* feature dimensionality across the sweep */
    VIEW_COMPARE,     /* linear and ReLU side by side */
    VIEW_PHASE,       /* the n = 2, m = 1 phase diagram, trained cell by cell */
    VIEW_SAE,         /* a sparse autoencoder on the focused model's activations */
    VIEW_SEEDS,       /* models from consecutive seeds side by side, sorted by loss */
    VIEW_NEURONS,     /* the hidden neurons of hidden-relu and abs */
    VIEW_DIMEXP,      /* the paper's dimensionality experiment: n = 400, m = 30, 24 densities */
    VIEW_COUNT,
};

/* What a view trains beside the focused model (views sharing a kind share the models). */
enum view_trains {
    VIEW_TRAINS_NOTHING,
    VIEW_TRAINS_SWEEP,     /* VIEW_SWEEP_MODELS models, density 1 to VIEW_SWEEP_DENSITY_MIN */
    VIEW_TRAINS_COMPARE,   /* a linear and a ReLU model, same seed and settings */
    VIEW_TRAINS_PHASE,     /* the phase diagram's cells, on threads of their own */
    VIEW_TRAINS_SAE,       /* a sparse autoencoder, on a thread of its own */
    VIEW_TRAINS_SEEDS,     /* models from consecutive seeds, on threads of their own */
    VIEW_TRAINS_DIMEXP,    /* one model per density for a fixed run each, on every core */
    VIEW_TRAINS_COUNT,
};

/* The density sweep: densities log-spaced from 1 down to the minimum, as the paper's intro
 * figure (its own spans 1 to 0.05 in 10 steps). */
#define VIEW_SWEEP_MODELS 12
#define VIEW_SWEEP_DENSITY_MIN 0.01
/* The most models a view shows beside the focused one. */
#define VIEW_MAX_COMPANIONS 16

/* One trained model as the views draw it. */
struct view_model {
    const float *W;                 /* n x m, row i = W_i */
    const float *b;                 /* n */
    int n, m;
    const struct analysis *an;      /* computed from W */
    double loss;                    /* the curve's value; not finite: none yet */
    double density;
    enum model_activation act;
    const struct featsets *sets;    /* the data's feature sets; NULL: none */
    const char *caption;
    enum model_kind kind;           /* zero: the tied model */
    const float *W2;                /* n x m, kind MODEL_ABS only */
};

/* The sparse autoencoder as its view draws it: its decoder directions against the focused
 * model's features, its latents' firing, its loss. */
struct view_sae {
    int k, m, n;                   /* latents, inputs, features */
    const float *dec;              /* k x m, row j = latent j's unit decoder direction */
    const double *cosine;          /* n x k, cos(W_i, d_j) */
    const double *best;            /* n, max_j cos(W_i, d_j) */
    int represented, recovered;    /* features with norm > 0.5; of those, best > 0.9 */
    double mmcs;
    const double *rate;            /* k firing rates */
    const bool *dead;              /* k */
    const float *flash;            /* k, 1 as a latent is resampled, fading to 0 */
    int dead_count;
    long resample_count;
    long step;
    double steps_per_sec;
    struct sae_loss loss;          /* the last step's batch */
    const struct view_loss *reconstruction, *sparsity;   /* their curves */
    enum sae_kind kind;
    double l1;
    int topk;
    bool resample;
    bool independent;              /* the model's data has feature sets the SAE does not draw */
};

/* The seeds view's models: the same settings from consecutive seeds, at most this many. */
#define VIEW_SEEDS_MAX 32
struct view_seeds {
    const struct view_model *models;   /* sorted by loss, the lowest first; caption: its shape */
    const uint64_t *seeds;             /* each one's seed */
    int count;
    const char *summary;               /* the seeds grouped by shape, each group's loss */
    long steps;                        /* the fewest steps any of them has made */
};

/* The dimensionality experiment as its view draws it: the models finished so far. */
struct view_dimexp {
    int n, m;
    double decay;
    int total, done;                      /* models */
    const double *density;                /* [done], falling */
    const struct analysis *const *an;     /* [done], in the same order */
    double to;                            /* the sparsest model's density */
    long steps;                           /* per model */
    long steps_done;                      /* over all models, the ones in progress too */
    double seconds;                       /* training time so far, pauses excluded */
    int threads;
};

/* What a view sets as it opens (its key pressed, or --preset): n, m and the importance decay. */
struct view_preset {
    int features, hidden;
    double decay;
};

/* Everything a view may draw, handed over each frame. */
struct view_context {
    struct view_model main;               /* the focused model */
    const struct view_trails *trails;     /* its tips' recent positions */
    double view_scale;                    /* weight units from the centre to the edge */
    double yaw, pitch;                    /* the 3D camera, radians */
    const double *dirs;                   /* m > 3: 3 x m principal directions; NULL: none yet */
    const struct view_model *companions;  /* what the view trains beside the main model */
    int companion_count;
    const struct phase_diagram *phase;    /* NULL until the phase view first opens */
    int phase_done;                       /* its cells trained so far */
    const struct view_sae *sae;           /* NULL until the SAE's first step */
    const struct view_seeds *seeds;       /* NULL until the seeds view's models start */
    const struct view_dimexp *dimexp;     /* NULL until the experiment first starts */
    struct layer *layer;                  /* where a view may keep its still parts between
                                           * frames (draw/layer.h); NULL: none */
};

/* Legends by hidden dimensions. */
enum view_legend { VIEW_LEGEND_FLAT, VIEW_LEGEND_3D, VIEW_LEGEND_PROJECTED, VIEW_LEGEND_COUNT };

/* Draws the view into rect; scale is output pixels per window point. text may be NULL. */
typedef void view_draw_fn(SDL_Renderer *r, struct text *text, float scale,
                          const struct view_context *c, SDL_Rect rect);
/* Where, inside the rect it draws in, a view leaves room for its own sliders (the panels draw
 * them there and the mouse finds them there). */
typedef SDL_Rect view_slider_area_fn(struct text *text, float scale, SDL_Rect rect);

/* A row. Its words may hold {n}, {m}, {features} ("5 features"), {dimensions}, {act} (ReLU or
 * linear), {models} (trained beside), {done} and {cells} (the phase diagram), {key},
 * {sweep_models}, {sweep_min}, {edge_cos}, {sae} (the SAE's kind and its l1 or K),
 * {latents} and {seeds} (the seeds view's models); views_expand fills them in. */
struct view_row {
    const char *name;          /* the trace's "view NAME" */
    SDL_Keycode key;           /* 0: none (the main view: a view's key again leads back) */
    const char *key_name;      /* as the help and the footer write it */
    const char *footer;        /* the footer's word for it */
    const char *help;          /* the help overlay's line */
    const char *title, *title_short;
    /* NULL: as the one before */
    const char *legend[VIEW_LEGEND_COUNT], *legend_short[VIEW_LEGEND_COUNT];
    enum view_trains trains;
    view_draw_fn *draw;
    view_slider_area_fn *slider_area;   /* NULL: no sliders of its own */
    /* Which kinds of model the view is for: with another the main view is drawn, titled as
     * the main view's, and unfit_legend says why. */
    bool tied_only, neurons_only;
    const char *unfit_legend;
    const char *neuron_legend;   /* with a model with neurons: the legend (NULL: the same) */
    const struct view_preset *preset;   /* NULL: the settings stay as they are */
};

/* The row of a view (the main view's for an id out of range). */
const struct view_row *views_row(enum view_id id);
/* The rows' names in table order, NULL-terminated (what `superpose record --view` takes). */
const char *const *views_names(void);
/* The view of that name, or VIEW_COUNT. */
enum view_id views_by_name(const char *name);
/* The view whose key this is, or VIEW_COUNT. */
enum view_id views_by_key(SDL_Keycode key);
/* Whether c holds what the view draws (the models it trains have started). */
bool views_ready(enum view_id id, const struct view_context *c);
/* Whether the view is for the kind of c's main model (views_draw draws the main view if not). */
bool views_fit(enum view_id id, const struct view_context *c);

/* A row's words with their {fields} filled in from c (NULL: the fields that need no model). */
void views_expand(const struct view_row *row, const char *words, const struct view_context *c,
                  char *buf, size_t len);

struct view_words {
    char title[128], title_short[96];
    char legend[192], legend_short[96];
};
void views_words(enum view_id id, const struct view_context *c, struct view_words *w);

/* "G: sweep   D: dimensionality ..." (compact: "G   D ..."), every view with a key. */
void views_footer(char *buf, size_t len, bool compact);

/* Draws view id, or the main view while id's models are not there yet. */
void views_draw(enum view_id id, SDL_Renderer *r, struct text *text, float scale,
                const struct view_context *c, SDL_Rect rect);

/* The draw functions the rows point to, one file each under views/. */
view_draw_fn views_main_draw;       /* views/main.c */
view_draw_fn views_models_draw;     /* views/models.c: the companions side by side */
view_draw_fn views_dims_draw;       /* views/dims.c */
view_draw_fn views_phase_draw;      /* views/phase.c */
view_draw_fn views_sae_draw;        /* views/sae.c */
view_draw_fn views_neurons_draw;    /* views/neurons.c */
view_draw_fn views_dimexp_draw;     /* views/dimexp.c */
view_slider_area_fn views_sae_slider_area;
/* The SAE view's left part alone: the features, and the decoder directions over them (the
 * figure's panels). */
void views_sae_directions_draw(SDL_Renderer *r, struct text *text, const struct view_context *c,
                               SDL_Rect rect);
view_draw_fn views_seeds_draw;      /* views/seeds.c */
view_slider_area_fn views_seeds_slider_area;
/* The seeds view shows this many sliders of its own (the model count). */
#define VIEW_SEEDS_SLIDERS 1
/* The SAE view shows this many sliders of its own (controls.h lists them). */
#define VIEW_SAE_SLIDERS 3
/* Where the tip of latent j's decoder direction lands when the SAE view draws c into rect
 * (what the render test checks); false when it is not drawn (m > 3 before the principal
 * directions are known). */
bool views_sae_decoder_point(struct text *text, float scale, const struct view_context *c,
                             SDL_Rect rect, int j, float *px, float *py);

#endif
