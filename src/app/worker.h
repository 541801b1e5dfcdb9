/* The training thread and its one hand-over to the renderer. The thread steps a trainer and,
 * after each step, copies weights, bias, step, loss and timings into a snapshot guarded by a
 * mutex; the renderer copies the newest snapshot out once per frame. Settings travel the other
 * way as a small struct, applied between steps. Only this module touches both sides. */
#ifndef SUPERPOSE_APP_WORKER_H
#define SUPERPOSE_APP_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "trainer.h"

struct worker;

/* What the sliders and keys control. */
struct worker_settings {
    double density;   /* 1 - S */
    double decay;
    double lr;
    int features;
    enum model_activation act;
    double speed;     /* steps per second, 0 = as fast as possible */
    bool paused;
};

struct worker_snapshot {
    int capacity;           /* features the buffers hold */
    int n, m;
    float *W;               /* n x m, row i = W_i */
    float *b;               /* n */
    float *importance;      /* n */
    long step;
    double loss;            /* last batch */
    double loss_avg;        /* exponential average over about 20 steps: the curve's value */
    double steps_per_sec;   /* measured over the last quarter second */
    double step_ms;         /* mean time of one trainer step */
    uint64_t seed;
    unsigned run;           /* changes on every re-initialisation (R, divergence, resize) */
    unsigned diverged;      /* how many times training diverged and was restarted */
    unsigned serial;        /* changes on every publication */
    struct worker_settings settings;   /* in effect for this snapshot */
};

/* Buffers for up to `capacity` features of m dimensions. */
bool worker_snapshot_init(struct worker_snapshot *s, int capacity, int m);
void worker_snapshot_finish(struct worker_snapshot *s);

/* Creates the trainer and starts the thread. `capacity` is the most features a settings
 * change may ask for. */
struct worker *worker_create(const struct trainer_desc *desc, const struct worker_settings *s,
                             int capacity);
/* Stops the thread (atomic flag, then join) and frees everything. Accepts NULL. */
void worker_destroy(struct worker *w);

/* New settings, applied before the next step. */
void worker_set(struct worker *w, const struct worker_settings *s);
/* Fresh weights from this seed, applied before the next step. */
void worker_reinit(struct worker *w, uint64_t seed);

/* Copies the newest snapshot into out (whose capacity must be the worker's). Returns true when
 * it differs from the one out held (its serial changed). */
bool worker_take(struct worker *w, struct worker_snapshot *out);

#endif
