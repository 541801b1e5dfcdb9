/* Many models of the same settings from consecutive seeds, trained together for the seeds
 * view: background threads (batch scheduling, at most one per core) each step their share of
 * the models in turn, each model at the speed slider's steps per second, and publish every
 * model's weights and its loss on one set of evaluation samples shared by all (so that the
 * losses compare seed against seed, not sample against sample) under a mutex; the renderer
 * copies them out once per frame. Settings travel as the worker's do, applied between steps. */
#ifndef SUPERPOSE_APP_SEEDSLIVE_H
#define SUPERPOSE_APP_SEEDSLIVE_H

#include <stdbool.h>

#include "trainer.h"
#include "worker.h"

struct seedslive;

/* The most models, and threads. */
#define SEEDSLIVE_MAX_MODELS 32
#define SEEDSLIVE_MAX_THREADS 8
/* The evaluation: this many samples, every SEEDSLIVE_EVAL_EVERY steps of a model (about a
 * twelfth of its training work: a forward pass of 64 batches' worth every 256 steps). */
#define SEEDSLIVE_EVAL_SAMPLES 65536
#define SEEDSLIVE_EVAL_EVERY 256
#define SEEDSLIVE_EVAL_SEED 0x5eed5c0de5eedULL

/* Starts `count` models (2 to SEEDSLIVE_MAX_MODELS), model k from seed d->seed + k, with the
 * settings s (d's m; up to `capacity` features), on `threads` threads (at most one per model).
 * The threads create the trainers: until then a model's snapshot has its size and settings,
 * zero weights and serial 0. NULL when memory or threads ran out here; seedslive_failed when
 * a thread found no memory for its trainers. */
struct seedslive *seedslive_create(const struct trainer_desc *d, const struct worker_settings *s,
                                   int capacity, int count, int threads);
/* Stops the threads (atomic flag, which the trainers watch inside a step; join) and frees
 * everything. Accepts NULL. */
void seedslive_destroy(struct seedslive *p);
/* Raises that flag and returns: the threads stop within a block of samples; seedslive_destroy
 * still joins them and frees. Accepts NULL. */
void seedslive_halt(struct seedslive *p);

bool seedslive_failed(const struct seedslive *p);
int seedslive_count(const struct seedslive *p);
int seedslive_threads(const struct seedslive *p);

/* New settings for every model (paused: the threads wait). */
void seedslive_set(struct seedslive *p, const struct worker_settings *s);

/* Model k's newest snapshot into out (of the capacity given at creation), and its loss on the
 * shared evaluation samples (NAN before the first evaluation). True when it changed. */
bool seedslive_take(struct seedslive *p, int k, struct worker_snapshot *out, double *loss);

/* Model k's state between two of its steps (what worker_adopt hands to another trainer). */
bool seedslive_save(struct seedslive *p, int k, struct trainer_state *out);

#endif
