/* The training thread and its one hand-over to the renderer. The thread steps one or more
 * trainers (round-robin: the density sweep, linear beside ReLU) and, after each round, copies
 * weights, bias, step, loss and timings into snapshots guarded by a mutex; the renderer copies
 * the newest snapshots out once per frame (the first is there before the thread starts; a
 * lazy worker's is a placeholder until its thread has made the trainers).
 * Settings travel the other way as a small struct, applied between steps (the data's feature
 * sets among them); a model may hold its density or activation fixed instead of the slider's.
 * The focused model's history (history.h) is kept by the thread and handed over under the same
 * mutex. Only this module touches both sides. */
#ifndef SUPERPOSE_APP_WORKER_H
#define SUPERPOSE_APP_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "history.h"
#include "trainer.h"

struct worker;

/* What the sliders and keys control. */
struct worker_settings {
    double density;   /* 1 - S */
    double decay;
    double lr;
    int features;
    int hidden;       /* m: a worker's models keep the m they were created with (a new m
                       * needs a new worker); the snapshot reports the model's */
    enum model_activation act;
    double speed;     /* steps per second, 0 = as fast as possible */
    bool paused;      /* Space */
    bool held;        /* the window's pause while a view that needs every core trains (the
                       * dimensionality experiment): a pause the user did not ask for */
    struct featsets sets;   /* correlated and anticorrelated sets; a set that does not fit
                             * the features is not applied (the snapshot shows the trainer's) */
    enum model_kind kind;   /* a new kind restarts every model from its seed */
};

struct worker_snapshot {
    int capacity;           /* features the buffers hold */
    int n, m;
    float *W;               /* n x m, row i = W_i */
    float *b;               /* n */
    float *importance;      /* n */
    float *W2;              /* n x m, the abs model's output weights (kind MODEL_ABS only) */
    enum model_kind kind;
    long step;
    double loss;            /* last batch */
    double loss_avg;        /* exponential average over about 20 steps: the curve's value */
    double steps_per_sec;   /* measured over the last quarter second */
    double step_ms;         /* mean time of one trainer step */
    uint64_t seed;
    unsigned run;           /* changes on every re-initialisation (R, divergence, resize) */
    unsigned diverged;      /* how many times training diverged and was restarted */
    unsigned serial;        /* changes on every publication */
    unsigned applied;       /* the newest request (worker_set, worker_reinit) in effect */
    struct worker_settings settings;   /* in effect for this snapshot */
};

/* Buffers for up to `capacity` features of m dimensions. */
bool worker_snapshot_init(struct worker_snapshot *s, int capacity, int m);
void worker_snapshot_finish(struct worker_snapshot *s);
/* src into dst, dst keeping its own buffers (of a capacity at least src's n). */
void worker_snapshot_copy(struct worker_snapshot *dst, const struct worker_snapshot *src);

/* What one model of a worker keeps to itself instead of following the sliders. */
struct worker_model {
    double density;   /* > 0: this density, whatever the slider says */
    int act;          /* an enum model_activation to keep, or WORKER_ACT_SLIDER */
};

#define WORKER_ACT_SLIDER (-1)
#define WORKER_MAX_MODELS 16

/* Creates one trainer following the sliders and starts the thread. `capacity` is the most
 * features a settings change may ask for. */
struct worker *worker_create(const struct trainer_desc *desc, const struct worker_settings *s,
                             int capacity);
/* The same, the thread creating the trainer (as worker_create_models does): for a new model
 * while the window runs. */
struct worker *worker_create_lazy(const struct trainer_desc *desc, const struct worker_settings *s,
                                  int capacity);
/* The same with `count` trainers (at most WORKER_MAX_MODELS), all from desc's seed, model k
 * holding models[k]'s overrides; one thread steps them in turn, so each makes the speed's
 * steps per second. The thread creates these trainers: until it has, each snapshot has the
 * model's size and settings, zero weights and serial 0; if it cannot, worker_failed. */
struct worker *worker_create_models(const struct trainer_desc *desc,
                                    const struct worker_settings *s, int capacity, int count,
                                    const struct worker_model *models);
int worker_count(const struct worker *w);
/* True once the thread of a worker_create_models or worker_create_lazy found no memory for its
 * trainers (it then stops). */
bool worker_failed(const struct worker *w);
/* Called by a training thread at its start: on Linux, SCHED_BATCH, so that the render thread
 * waking for a frame preempts it. Not a lower weight (nice): on a machine busy with other
 * work a nice thread gets a sliver of a core, and a stop request waits for it (measured
 * under load: a thread stopped after 4-12 s at nice 19, 0.8-3.4 s at nice 10, 0.1-0.4 s at
 * nice 0). */
void worker_batch_priority(void);

/* Stops the thread (atomic flag, then join) and frees everything; the trainers watch the flag
 * inside a step (trainer_set_stop), so this waits for one block of samples, not a round of
 * steps. Accepts NULL. */
void worker_destroy(struct worker *w);
/* Raises the stop flag and returns: the thread stops within a block of samples; worker_destroy
 * still joins it and frees. For a worker handed to the janitor, which would otherwise train on
 * until the janitor reaches it. Accepts NULL. */
void worker_halt(struct worker *w);
/* worker_destroy in the shape janitor_defer takes. */
void worker_destroy_any(void *w);

/* New settings, applied before the next step. Returns the request's number: once a snapshot's
 * `applied` has reached it, the snapshot is from after the request took effect. */
unsigned worker_set(struct worker *w, const struct worker_settings *s);
/* Fresh weights from this seed for every model, applied before the next step (after settings
 * asked for before it). Returns the request's number, as worker_set. */
unsigned worker_reinit(struct worker *w, uint64_t seed);

/* Model 0 carries on from s (trainer_state_load: weights, optimiser state and seed; its step
 * count, data and settings stay), applied before the next step, after the settings asked for
 * before it; the worker takes s over (s is left zeroed). Nothing changes when s's n or m is not
 * the model's by then. Returns the request's number, as worker_set. */
unsigned worker_adopt(struct worker *w, struct trainer_state *s);

/* Applies the settings to a trainer (a feature count up to capacity, the sets that fit); true
 * when its model was renewed (a new kind, or its feature count changed). What every training
 * thread does between steps. */
bool worker_trainer_apply(struct trainer *t, const struct worker_settings *s, int capacity);

/* The focused model's history (model 0 of a worker from worker_create; one from
 * worker_create_models keeps none): snapshots at steps spread over the run, restarted with
 * each run. */
/* Brings t (made from the desc { capacity, the worker's m }) up to date; false when nothing
 * changed or no history is kept. */
bool worker_take_history(struct worker *w, struct history_track *t);
/* The stored snapshot newest at or before step: weights and bias into out's buffers (which
 * must hold the worker's capacity), its n and meta. False when none is stored. */
struct worker_history_snapshot {
    int capacity;   /* features out's buffers hold */
    float *W;       /* capacity x m */
    float *b;       /* capacity */
    int n;
    struct history_meta meta;
};
bool worker_history_snapshot(struct worker *w, long step, struct worker_history_snapshot *out);

/* Copies the newest snapshot into out (whose capacity must be the worker's). Returns true when
 * it differs from the one out held (its serial changed). */
bool worker_take(struct worker *w, struct worker_snapshot *out);
/* The same for model k. */
bool worker_take_model(struct worker *w, int k, struct worker_snapshot *out);

/* A recording made offscreen steps in lockstep with its frames instead of the clock: the
 * thread trains every model up to `steps` steps, then waits for a higher limit (-1: back to
 * the speed's pace). */
void worker_limit(struct worker *w, long steps);
/* The step of model 0's newest snapshot. */
long worker_step(struct worker *w);

#endif
