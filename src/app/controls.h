/* The sliders and keys: which setting each slider moves (its range, scale, steps and text come
 * from the settings table), the one key-binding table (which also produces the help overlay, so
 * the two cannot disagree; its view rows come from the view table, views.h), and the mapping of
 * keys and mouse drags to new worker settings. No drawing here. */
#ifndef SUPERPOSE_APP_CONTROLS_H
#define SUPERPOSE_APP_CONTROLS_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "replay.h"
#include "saelive.h"
#include "settings.h"
#include "views.h"
#include "worker.h"

enum controls_slider {
    CONTROLS_SPARSITY,
    CONTROLS_FEATURES,
    CONTROLS_HIDDEN_DIMS,   /* m: a new model of that m from the same seed */
    CONTROLS_DECAY,
    CONTROLS_LR,
    CONTROLS_SPEED,
    CONTROLS_SLIDER_COUNT,   /* the panel's sliders, shown with every view */
    /* the SAE view's, which it shows itself */
    CONTROLS_SAE_L1 = CONTROLS_SLIDER_COUNT,
    CONTROLS_SAE_LATENTS,
    CONTROLS_SAE_TOPK,
    CONTROLS_SEEDS_MODELS,   /* the seeds view's */
    CONTROLS_SLIDER_TOTAL,
};

/* The window's feature capacity: the features slider's top (the settings table's). */
#define CONTROLS_FEATURES_MAX ((int)settings_window(SETTINGS_FEATURES).hi)
/* M cycles the hidden dimensions through these (3: the 3D view; above: a projection). */
#define CONTROLS_HIDDEN_MIN 2
#define CONTROLS_HIDDEN_MAX 5
/* The 3D view starts at VIEW_POLYTOPE_YAW and _PITCH (draw/polytope.h). */
#define CONTROLS_PITCH_LIMIT 1.55   /* just short of looking straight down */

/* What a key or drag asks of the window, as bits. */
enum controls_result {
    CONTROLS_CHANGED = 1,      /* settings changed: hand them to the worker */
    CONTROLS_REINIT = 2,       /* re-initialise with a new seed */
    CONTROLS_SCREENSHOT = 4,
    CONTROLS_QUIT = 8,
    CONTROLS_MESSAGE = 16,     /* show the message (a range end was hit) */
    CONTROLS_VIEW = 32,        /* the view changed */
    CONTROLS_HIDDEN = 64,      /* settings.hidden changed: a new model of that m, same seed */
    CONTROLS_ROTATE = 128,     /* the 3D view was turned by hand (auto-rotation pauses) */
    CONTROLS_NOTE = 256,       /* show the message as information (a preset, sets dropped) */
    CONTROLS_SAE = 512,        /* the SAE's settings changed */
    CONTROLS_SAE_RESTART = 1024,  /* a new SAE from the next seed */
    CONTROLS_RECORD = 2048,    /* start or stop recording */
    CONTROLS_SEEDS = 4096,     /* the seeds view's model count changed */
    CONTROLS_ADOPT = 8192,     /* the seeds view's best model becomes the focused one */
    CONTROLS_TIMELINE = 16384, /* move the timeline's cursor (controls.timeline says where) */
};

struct controls {
    struct worker_settings settings;
    struct saelive_settings sae;      /* its speed and pause are the session's to set */
    bool help;                        /* the help overlay is shown (Esc closes it) */
    int help_page;                    /* its page shown (H turns the page, then closes it) */
    int help_pages;                   /* its pages at the window's size: the shell sets it as
                                       * it draws the help (0 or 1: one page) */
    enum view_id view;                /* what the large area on the left shows */
    int drag;                         /* slider being dragged, or -1 */
    double yaw, pitch;                /* the 3D view's camera, radians */
    int preset;                       /* the preset C chose last (presets.h); -1: none yet */
    int seeds;                        /* the seeds view's model count */
    char message[256];
    enum replay_move timeline;        /* the last timeline key's move */
};

/* The SAE starts with as many latents as the model has features, l1 and K at their defaults,
 * the ReLU kind, resampling on. */
void controls_init(struct controls *c, const struct worker_settings *s);

/* Opens view v as its key does from another view, loading the settings of its preset
 * (views.h); returns controls_result bits. */
unsigned controls_open(struct controls *c, enum view_id v);

/* A key press; returns controls_result bits. */
unsigned controls_key(struct controls *c, SDL_Keycode key, Uint16 mod);

/* Turns the 3D view by (dyaw, dpitch) radians, the pitch held within +-CONTROLS_PITCH_LIMIT
 * (a mouse drag; the keys go through controls_key). */
void controls_rotate(struct controls *c, double dyaw, double dpitch);

/* The slider's knob position in [0, 1], and the inverse (a click or drag on the track). */
double controls_position(const struct controls *c, enum controls_slider k);
unsigned controls_set_position(struct controls *c, enum controls_slider k, double pos);

/* The sliders view v shows itself (none: 0), from *first on; the panel's are the first
 * CONTROLS_SLIDER_COUNT. */
int controls_view_sliders(enum view_id v, enum controls_slider *first);

const char *controls_slider_name(enum controls_slider k);
/* The settings-table row slider k moves. */
enum settings_id controls_slider_setting(enum controls_slider k);
/* The slider's current value as shown next to it. */
void controls_slider_value(const struct controls *c, enum controls_slider k, char *buf,
                           size_t len);

/* The key table, for the help overlay: row i's keys and what they do (the views' rows as the
 * view table words them); false past the end. */
bool controls_help_row(int i, const char **keys, const char **what);
/* The slider row i of the key table moves, or -1 (what the README's key table is checked by). */
int controls_help_slider(int i);
/* The view's footer line from the key table and the view table: "H or F1: keys   G: sweep ...
 * M: hidden dims" (compact: the help's item, then the keys alone). */
void controls_footer(char *buf, size_t len, bool compact);

#endif
