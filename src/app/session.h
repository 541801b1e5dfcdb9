/* What trains, apart from how it is shown (mpv's player core beside its video output): the
 * focused model's worker and what is derived from its snapshots (analysis, trails, loss curve,
 * view scale, the 3D view's directions), the models a view trains beside it, the phase
 * diagram's cells, the seeds and the hidden dimensions. It owns the controls and acts on their
 * result bits; it never touches the renderer. The window shell reads its fields to draw them;
 * it writes only controls.drag (the slider under the mouse), controls.help_pages (as the
 * help is drawn), screenshot_pending (once saved), record_pending (once acted on) and quit
 * (the window closed), the rest through these functions. Times are seconds on the shell's clock. */
#ifndef SUPERPOSE_APP_SESSION_H
#define SUPERPOSE_APP_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "analysis.h"
#include "companions.h"
#include "controls.h"
#include "dimview.h"
#include "draw/loss.h"
#include "draw/vectors.h"
#include "phaseview.h"
#include "replay.h"
#include "saeview.h"
#include "seedsview.h"
#include "trainer.h"
#include "views.h"
#include "worker.h"

struct trace;

/* A message for the user (the shell shows it as a toast); serial changes with each one. */
struct session_note {
    char text[320];
    bool error;
    unsigned serial;
};

struct session {
    struct trainer_desc desc;         /* the command line's model */
    struct trace *trace;
    struct controls controls;
    int capacity;                     /* the most features a model may grow to */

    struct worker *worker;            /* the focused model */
    struct janitor *janitor;          /* frees stopped models off the main thread */
    struct worker_snapshot snap;      /* its newest snapshot */
    struct analysis an;
    struct view_trails trails;
    struct view_loss loss;
    double view_scale;
    unsigned run, diverged;
    double trail_t;                   /* when the last trail sample was taken */
    uint64_t seed;                    /* the focused model's now: R, a divergence, B */
    unsigned seed_request;            /* the worker's request that set it (worker_reinit) */
    uint64_t next_seed;
    struct worker_settings applied;   /* the settings last handed to the workers */

    /* the 3D view */
    double touched_t;                 /* when the user last turned it */
    bool turning;                     /* a mouse drag is turning it */
    double *dirs;                     /* m > 3: the top 3 principal directions, 3 x m */
    double dirs_t;                    /* when they were computed; < 0: never */

    struct session_companions companions;

    /* the timeline: the focused model's history and the replay cursor on it */
    struct replay replay;

    /* the phase diagram: trained on its own threads, kept when the view is left */
    struct phaseview phase;

    /* the sparse autoencoder: trained on its own thread, kept when the view is left */
    struct saeview sae;
    uint64_t sae_seed;                /* the seed of the SAE running now */

    /* the seeds view's models: trained on their own threads, paused when the view is left */
    struct seedsview seeds;
    /* the dimensionality experiment: on threads of its own, paused when the view is left */
    struct dimview dims;
    bool held;                        /* the focused model waits while the experiment trains
                                       * in its view: the experiment gets every core */

    struct session_note note;
    bool screenshot_pending;          /* S was pressed: the shell saves the next frame */
    bool record_pending;              /* W was pressed: the shell starts or stops recording */
    bool hidden_pending;              /* a new m asked for: its model starts when the drag ends
                                       * or in the frame's update, once however many keys */
    bool worker_failed;               /* the focused model's thread found no memory (noted) */
    bool quit;
};

/* Starts the focused model's training thread with these settings (and, past three hidden
 * dimensions, the dimensionality view), then traces the settings. False with the reason on
 * stderr. */
bool session_init(struct session *s, const struct trainer_desc *d,
                  const struct worker_settings *settings, struct trace *trace);
/* Stops and joins every thread. Accepts a zeroed session. */
void session_finish(struct session *s);

/* A key, a slider dragged to a position in [0, 1], the 3D view turned by hand. */
void session_key(struct session *s, SDL_Keycode key, Uint16 mod, double now);
void session_slide(struct session *s, int slider, double position, double now);
void session_turn(struct session *s, double dyaw, double dpitch, double now);
/* A mouse drag on the 3D view starts (true), or a drag ends (false): an m dragged to on its
 * slider starts its model then. */
void session_hold(struct session *s, bool turning, double now);
/* Whether the view shown turns under the mouse (the main and SAE views from m = 3). */
bool session_turns(const struct session *s);

/* The timeline's cursor dragged to a position in [0, 1] along its steps (past 1: live). */
void session_scrub(struct session *s, double position);
/* Whether the views draw a replayed snapshot (the main view only), and its step. */
bool session_replaying(const struct session *s, long *step);
/* Opens a view as its key does, with the settings of its preset (--preset). */
void session_open(struct session *s, enum view_id view, double now);

/* Shows a view, starting what it trains; the main view when that cannot start. */
void session_show(struct session *s, enum view_id view);

/* Takes the newest snapshots and updates what is derived from them; dt since the last call. */
void session_update(struct session *s, double now, double dt);

/* What the views draw, pointing into the session (valid until its next update). */
void session_context(const struct session *s, struct view_context *c);

/* A recording made offscreen: the focused model (and the view's companions) train up to
 * `steps` steps and wait there (worker_limit); session_step is the focused model's newest. */
void session_limit(struct session *s, long steps);
long session_step(struct session *s);

#endif
