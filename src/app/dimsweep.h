/* The paper's feature-dimensionality experiment (Elhage et al. 2022, "Feature Dimensionality"):
 * one model per density, densities log-spaced, each trained for a fixed number of steps from
 * the same seed. A pool of threads takes the models one at a time (coarse densities first, so
 * the whole range appears early) and hands each finished model over under a mutex; it can
 * pause between two steps and stops within one block of samples (trainer_set_stop). No SDL:
 * the window, `superpose sweep` and the figure share it. */
#ifndef SUPERPOSE_APP_DIMSWEEP_H
#define SUPERPOSE_APP_DIMSWEEP_H

#include <stdbool.h>

#include "trainer.h"

struct progress;

/* The paper's figure: 1/(1-S) from 1 to 20 at n = 400, m = 30, uniform importance. */
#define DIMSWEEP_MODELS 24
#define DIMSWEEP_FROM 1.0
#define DIMSWEEP_TO 0.05
#define DIMSWEEP_FEATURES 400
#define DIMSWEEP_HIDDEN 30
#define DIMSWEEP_DECAY 1.0
#define DIMSWEEP_MAX_MODELS 1024

struct dimsweep;

/* Zero means default everywhere but model, whose density is ignored. */
struct dimsweep_desc {
    struct trainer_desc model;   /* n, m, decay, lr, batch, activation, sets, seed */
    int count;                   /* models; 0: DIMSWEEP_MODELS */
    double from, to;             /* densities log-spaced from..to; 0: DIMSWEEP_FROM, _TO */
    long steps;                  /* per model; 0: TRAINER_DEFAULT_STEPS */
    int threads;                 /* 0: every core */
    bool paused;                 /* start paused */
    bool report_loss;            /* measure each model's loss (trainer_report_loss) */
    void (*thread_start)(void);  /* called first on each thread (the window lowers priority) */
    struct progress *progress;   /* each step counted on it (NULL: none) */
};

/* One model as handed over; W is NULL until it is done. */
struct dimsweep_model {
    double density;
    bool done, diverged;         /* diverged: stopped at a step whose loss was not finite */
    long steps;                  /* steps taken */
    double loss;                 /* report_loss: on fresh samples; else NAN */
    double seconds;              /* its training time */
    float *W;                    /* n x m, row i = W_i */
};

/* Model k's density: from * (to / from)^(k / (count - 1)). */
double dimsweep_density(const struct dimsweep_desc *d, int k);

/* Starts the threads; NULL when memory or threads ran out. */
struct dimsweep *dimsweep_create(const struct dimsweep_desc *d);
/* Stops (the steps in progress give up within a block of samples), joins, frees. Accepts NULL. */
void dimsweep_destroy(struct dimsweep *p);
/* Asks the threads to stop and returns at once (a waiter in dimsweep_wait returns too);
 * dimsweep_destroy still joins and frees. For a pool handed to the janitor. Accepts NULL. */
void dimsweep_halt(struct dimsweep *p);
/* dimsweep_destroy in the shape janitor_defer takes. */
void dimsweep_destroy_any(void *p);
void dimsweep_pause(struct dimsweep *p, bool paused);
/* Blocks until more than `seen` models are done or failed for want of memory (or all are);
 * returns how many are. */
int dimsweep_wait(struct dimsweep *p, int seen);
/* How many models found no memory to train in (never handed over). */
int dimsweep_failed(struct dimsweep *p);

const struct dimsweep_desc *dimsweep_settings(const struct dimsweep *p);
int dimsweep_threads(const struct dimsweep *p);
/* Steps taken so far over all models (for a progress line or readout). */
long dimsweep_steps_done(const struct dimsweep *p);

/* Hands the models finished since the last call over into out[0..count) (their W buffers
 * of n x m become the caller's, freed by dimsweep_models_free); returns how many are done in
 * all, every one of them in out, and the training time so far, pauses excluded, in *seconds. */
int dimsweep_take(struct dimsweep *p, struct dimsweep_model *out, double *seconds);
void dimsweep_models_free(struct dimsweep_model *models, int count);

#endif
