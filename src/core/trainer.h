/* One training run of the paper's recipe: a model, its AdamW state, its data stream and
 * the settings, which may change between steps (the window's sliders). */
#ifndef SUPERPOSE_CORE_TRAINER_H
#define SUPERPOSE_CORE_TRAINER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "featsets.h"
#include "model.h"

struct trainer;

struct trainer_desc {
    int features;           /* n */
    int hidden;             /* m */
    double density;         /* probability a feature is active, 1 - S, in (0, 1] */
    double decay;           /* importance I_i = decay^i, in (0, 1] */
    double lr;
    int batch;
    enum model_activation act;
    uint64_t seed;
    struct featsets sets;   /* correlated and anticorrelated sets; none: all independent */
    enum model_kind kind;   /* zero: the tied model; act applies to it alone */
};

/* The recipe's settings: n = 5, m = 2, density 0.02, decay 0.9, lr 1e-3, batch 1024, ReLU.
 * One name per number, so that tables needing a constant expression can use them. */
#define TRAINER_DEFAULT_FEATURES 5
#define TRAINER_DEFAULT_HIDDEN 2
#define TRAINER_DEFAULT_DENSITY 0.02
#define TRAINER_DEFAULT_DECAY 0.9
#define TRAINER_DEFAULT_LR 1e-3
#define TRAINER_DEFAULT_BATCH 1024
#define TRAINER_DEFAULT_SEED 0
#define TRAINER_DEFAULT_STEPS 10000   /* the recipe's run (a trainer itself has no end) */
#define TRAINER_DESC_DEFAULT                                                                  \
    ((struct trainer_desc){ .features = TRAINER_DEFAULT_FEATURES,                             \
                            .hidden = TRAINER_DEFAULT_HIDDEN,                                 \
                            .density = TRAINER_DEFAULT_DENSITY,                               \
                            .decay = TRAINER_DEFAULT_DECAY, .lr = TRAINER_DEFAULT_LR,         \
                            .batch = TRAINER_DEFAULT_BATCH, .act = MODEL_RELU,                \
                            .seed = TRAINER_DEFAULT_SEED })

struct trainer *trainer_create(const struct trainer_desc *desc);
void trainer_destroy(struct trainer *t);

/* One AdamW step on a fresh batch. Returns false when the loss or a parameter stopped being
 * finite (the run diverged), or when the stop flag was raised (trainer_stopped); the model is
 * then left as it was before the step. */
bool trainer_step(struct trainer *t);

/* A step's gradient is summed over blocks of about this many multiply-adds (a few ms), the
 * stop flag checked before each: a stop never waits for a whole step of a large model. */
#define TRAINER_BLOCK_WORK (1 << 24)

/* Watches `stop` (NULL: nothing): once it is nonzero, trainer_step and trainer_eval_loss give up
 * at the next block of samples. The flag belongs to the caller and must outlive the trainer. */
void trainer_set_stop(struct trainer *t, atomic_int *stop);
bool trainer_stopped(const struct trainer *t);
/* How many blocks the last step was cut into (1 for the paper's small models; 0 before the
 * first step). */
int trainer_step_blocks(const struct trainer *t);

const struct model *trainer_model(const struct trainer *t);
const struct trainer_desc *trainer_settings(const struct trainer *t);
const float *trainer_importance(const struct trainer *t);
long trainer_steps(const struct trainer *t);
double trainer_last_loss(const struct trainer *t);

/* Settings that keep the weights and optimiser state: the geometry morphs from here. */
void trainer_set_density(struct trainer *t, double density);
void trainer_set_decay(struct trainer *t, double decay);
/* Arbitrary importances, one per feature (e.g. the phase diagram's [1, r] with r > 1). They
 * hold until the next trainer_set_decay or trainer_set_features, which refill decay^i. */
void trainer_set_importance(struct trainer *t, const float *importance);
void trainer_set_lr(struct trainer *t, double lr);
void trainer_set_activation(struct trainer *t, enum model_activation act);
/* Another model kind: fresh weights from the run's seed, step count back to 0. */
bool trainer_set_kind(struct trainer *t, enum model_kind kind);
/* New feature count: features 0..min(n, n')-1 keep their vectors and biases, new ones are
 * initialised as at the start; the optimiser restarts. */
bool trainer_set_features(struct trainer *t, int n);
/* New sets for the data from the next step on; false (nothing changes) when a member is not
 * below n. A smaller n (trainer_set_features) drops the sets it can no longer hold. */
bool trainer_set_sets(struct trainer *t, const struct featsets *sets);
/* Fresh weights from a new seed, step count back to 0. */
void trainer_reinit(struct trainer *t, uint64_t seed);

/* What another trainer needs to carry on from this one's model: its parameters, AdamW's
 * moments and bias corrections, and the seed they came from (not the step count, the data
 * stream or the settings, which stay the receiver's). */
struct trainer_state {
    int n, m;
    uint64_t seed;
    size_t count;           /* parameters: W (n x m) then b (n) */
    float *params, *m1, *m2;
    long opt_step;
    double beta1_t, beta2_t;
};

/* Copies t's state into s (allocating it). False when memory ran out (s is left zeroed). */
bool trainer_state_save(const struct trainer *t, struct trainer_state *s);
void trainer_state_finish(struct trainer_state *s);
/* t carries on from s: its weights, moments and seed become s's, its step count and data
 * stream stay. False (t unchanged) when s has another n or m. */
bool trainer_state_load(struct trainer *t, const struct trainer_state *s);

/* Loss on `samples` fresh samples from a separate stream (seeded by `seed`), no training;
 * NAN when stopped. */
double trainer_eval_loss(const struct trainer *t, int samples, uint64_t seed);

/* The loss every command reports: TRAINER_REPORT_SAMPLES fresh samples from a stream derived
 * from the run's seed, one that training never draws. */
#define TRAINER_REPORT_SAMPLES 100000
double trainer_report_loss(const struct trainer *t);
/* The same, calling counted(ctx, k) after every k samples (a progress line; counted may be
 * NULL). Large models are evaluated in smaller chunks, so the calls come often. */
double trainer_report_loss_counted(const struct trainer *t, void (*counted)(void *ctx, int samples),
                                   void *ctx);

/* An upper estimate of the bytes a trainer of these settings holds at its peak (while its
 * loss is measured): model, optimiser, gradients, the training batch and the evaluation's. */
size_t trainer_bytes(const struct trainer_desc *desc);

#endif
