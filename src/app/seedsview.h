/* What the session keeps of the seeds view: the threads (seedslive.h) training K models of the
 * current settings from consecutive seeds, their newest snapshots, each one's analysis and
 * shape (shape.h), the models sorted by loss, the summary line grouping them by shape, and the
 * plain data the view draws (struct view_seeds). The threads start on the view's first
 * showing and pause while another view shows. */
#ifndef SUPERPOSE_APP_SEEDSVIEW_H
#define SUPERPOSE_APP_SEEDSVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis.h"
#include "seedslive.h"
#include "shape.h"
#include "views.h"
#include "worker.h"

struct seedsview {
    struct seedslive *live;           /* NULL until started */
    struct janitor *janitor;          /* frees a stopped one (the session's; NULL: at once) */
    int count, capacity;
    uint64_t seed;                    /* model k's is seed + k */
    struct worker_snapshot snaps[SEEDSLIVE_MAX_MODELS];
    double loss[SEEDSLIVE_MAX_MODELS];   /* on the shared evaluation samples */
    struct analysis an[SEEDSLIVE_MAX_MODELS];
    struct shape shapes[SEEDSLIVE_MAX_MODELS];
    int order[SEEDSLIVE_MAX_MODELS];     /* model indices, the lowest loss first */
    struct view_model models[SEEDSLIVE_MAX_MODELS];   /* in that order */
    uint64_t seeds[SEEDSLIVE_MAX_MODELS];
    char summary[640];
    struct view_seeds view;
    long traced;                      /* steps / SEEDSVIEW_TRACE_EVERY last reported */
    int next;                         /* the model refreshed first next frame */
    bool ready;
};

/* Buffers for `count` models of up to `capacity` features and m dimensions, no thread (what the
 * tests fill with snapshots of their own). False when memory ran out (v left zeroed). */
bool seedsview_init(struct seedsview *v, int count, int capacity, int m);
/* seedsview_init, then the threads: model k from d->seed + k with the settings s. */
bool seedsview_start(struct seedsview *v, const struct trainer_desc *d,
                     const struct worker_settings *s, int capacity, int count);
/* Stops the threads and frees everything. Accepts a zeroed v. */
void seedsview_finish(struct seedsview *v);

void seedsview_set(struct seedsview *v, const struct worker_settings *s);
/* The threads of the view shown or not: started on its showing (model k from d->seed + k,
 * the settings s, up to capacity features, count models), paused while another view shows;
 * restart: anew (a new seed, m or count), at once if shown. False when they cannot start. */
bool seedsview_run(struct seedsview *v, bool shown, bool restart, const struct trainer_desc *d,
                   const struct worker_settings *s, int capacity, int count);

/* Takes the newest snapshots and derives the view's data from them; true when the fewest steps
 * any model has made passed another SEEDSVIEW_TRACE_EVERY (a trace line's moment). */
#define SEEDSVIEW_TRACE_EVERY 1000
bool seedsview_update(struct seedsview *v);
/* True when its threads found no memory for the models (finish it then). */
bool seedsview_failed(const struct seedsview *v);
/* What seedsview_update does once it has the snapshots and losses: analyses, shapes, the
 * order by loss, the summary. */
void seedsview_derive(struct seedsview *v);

/* What the view draws; NULL before the first snapshots. */
const struct view_seeds *seedsview_data(const struct seedsview *v);

/* The lowest-loss model's state (for worker_adopt) and its seed, loss and shape's name; false
 * when none has been evaluated or memory ran out. */
bool seedsview_best(struct seedsview *v, struct trainer_state *out, uint64_t *seed,
                    double *loss, const char **shape);

/* Hands the lowest-loss model to worker w (model 0, of n features in m dimensions) to carry on
 * from; says what was done, or why not, in msg. */
bool seedsview_adopt(struct seedsview *v, struct worker *w, int n, int m, char *msg,
                     size_t len);

#endif
