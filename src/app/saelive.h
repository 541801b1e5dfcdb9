/* The sparse autoencoder trained live for the window: a thread at low priority steps an SAE
 * (sae.h) on the hidden activations of the model the window shows. The session feeds it that
 * model's weights every frame (it never touches the model's worker), so the SAE follows the
 * model while it trains and trains on a fixed one while it is paused. Settings and restarts
 * travel the same way and are applied between steps; a new latent count or a new m starts a
 * new SAE. After each step (every 2 ms at unlimited speed) the thread publishes a snapshot
 * under a mutex; the session copies the newest out once per frame. */
#ifndef SUPERPOSE_APP_SAELIVE_H
#define SUPERPOSE_APP_SAELIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "sae.h"

struct saelive;

/* What the SAE view's sliders and keys control. */
struct saelive_settings {
    enum sae_kind kind;
    double l1;
    int latents;                 /* k: a new value starts a new SAE */
    int topk;
    enum sae_resample resample;
    double speed;                /* steps per second, 0: as fast as it goes */
    bool paused;                 /* the thread waits (the view is not shown) */
};

struct saelive_snapshot {
    int capacity;                /* latents the buffers hold */
    int k, m, n;                 /* latents, inputs, features of the model read */
    float *dec;                  /* k x m, row j = latent j's unit decoder direction */
    double *rate;                /* k, firing rates (sae_firing_rate) */
    bool *dead;                  /* k */
    long *resampled_at;          /* k, the step each latent was last resampled at, 0: never */
    long resample_count;
    long step;                   /* steps done by this SAE */
    long begun;                  /* steps begun by the thread, over every SAE it ran */
    struct sae_loss loss;        /* the last step's batch */
    double steps_per_sec;
    uint64_t seed;
    unsigned run;                /* changes with each new SAE or restart */
    unsigned failed;             /* steps whose loss was not finite (the SAE restarts) */
    unsigned serial;             /* changes on every publication */
    struct saelive_settings settings;   /* in effect */
};

/* Buffers for up to `capacity` latents of at most MODEL_MAX_HIDDEN inputs. */
bool saelive_snapshot_init(struct saelive_snapshot *s, int capacity);
void saelive_snapshot_finish(struct saelive_snapshot *s);

/* Starts the thread; it waits for a model (saelive_feed) before its first step. capacity is
 * the most latents settings may ask for, features the most features a model fed may have. */
struct saelive *saelive_create(const struct saelive_settings *s, uint64_t seed, int capacity,
                               int features);
/* Stops the thread (atomic flag read before every sample of a step, then join); the last
 * snapshot stays readable. Idempotent. */
void saelive_stop(struct saelive *l);
/* Stops and frees. Accepts NULL. */
void saelive_destroy(struct saelive *l);

void saelive_set(struct saelive *l, const struct saelive_settings *s);
/* A fresh SAE from this seed. */
void saelive_restart(struct saelive *l, uint64_t seed);
/* The model to read: W (n x m, row i = W_i) and its data's density; copied. */
void saelive_feed(struct saelive *l, const float *W, int n, int m, double density);

/* Copies the newest snapshot into out (whose capacity must be the SAE's). Returns true when it
 * differs from the one out held. */
bool saelive_take(struct saelive *l, struct saelive_snapshot *out);

/* Waits until the thread has begun at least `begun` steps and the SAE has done `steps`, or
 * timeout_ms passed (a hang guard); returns whether it got there. */
bool saelive_wait(struct saelive *l, long begun, long steps, unsigned timeout_ms);

/* Whether the thread's last step was abandoned because it was told to stop (read after
 * saelive_stop). */
bool saelive_stopped_mid_step(const struct saelive *l);

#endif
