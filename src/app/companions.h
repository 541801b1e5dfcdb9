/* The models a view trains beside the focused one (the sweep's densities, linear beside
 * ReLU): one kind at a time, on one worker, each described by a plan in companions.c's table. */
#ifndef SUPERPOSE_APP_COMPANIONS_H
#define SUPERPOSE_APP_COMPANIONS_H

#include <stdbool.h>

#include "analysis.h"
#include "trainer.h"
#include "views.h"
#include "worker.h"

/* The models trained beside the focused one for the current view. */
struct session_companions {
    enum view_trains kind;
    struct worker *worker;
    int count;
    struct worker_snapshot snaps[WORKER_MAX_MODELS];
    struct analysis an[WORKER_MAX_MODELS];
    struct view_model models[WORKER_MAX_MODELS];   /* what the views draw of them */
    double density[WORKER_MAX_MODELS];
    char caption[WORKER_MAX_MODELS][48];
    int next;   /* the model refreshed first next frame (large models take turns) */
    struct janitor *janitor;   /* frees the stopped worker (the session's; NULL: at once) */
};

/* Starts the models of this kind from d (its hidden and seed the focused model's), unless they
 * train already; false when out of memory (then none train). */
bool companions_start(struct session_companions *x, enum view_trains kind,
                      const struct trainer_desc *d, const struct worker_settings *settings,
                      int capacity);
/* Stops them and frees everything; x is then empty. */
void companions_stop(struct session_companions *x);
/* Their newest snapshots and what the views draw of them; false when their thread found no
 * memory for them (stop them then). */
bool companions_take(struct session_companions *x);

#endif
