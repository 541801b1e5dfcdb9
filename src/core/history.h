/* A model's past, for the timeline: snapshots of its weights, bias, loss and each feature's
 * dimensionality D_i at steps spread evenly over the whole run, in a ring bounded both in count
 * and in bytes. Snapshots are taken at the multiples of a spacing, a power of two; when the ring
 * is full the spacing doubles and the snapshots off the new spacing go (every other one), so the
 * run is covered evenly from its first snapshot to its newest however long it runs. A track is
 * the history without its weights (steps, losses, D_i): what the timeline strip draws, copied to
 * another thread incrementally. No locking here: the owner guards both. */
#ifndef SUPERPOSE_CORE_HISTORY_H
#define SUPERPOSE_CORE_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

/* At most this many snapshots, and at most this many bytes of weights, biases and D_i: the
 * count falls as n m grows (at n = 512, m = 64 about 60 snapshots), never below two. */
#define HISTORY_MAX_SNAPSHOTS 4096
#define HISTORY_BYTES ((size_t)8 << 20)
/* A change of D_i at least this large within a short window of steps is a jump: a feature
 * joining or leaving an arrangement, or moving between the sticky values the paper names
 * (the closest, 3/4 and 2/3, are 0.083 apart). docs/science.md has what it marks in real runs. */
#define HISTORY_JUMP 0.08

struct history_desc {
    int features;        /* the most features a run may have */
    int hidden;          /* m, the same for the history's life */
    int max_snapshots;   /* 0: HISTORY_MAX_SNAPSHOTS */
    size_t bytes;        /* 0: HISTORY_BYTES */
};

/* What is kept of the model at a snapshot beside its weights. */
struct history_meta {
    long step;
    float loss;      /* that step's batch loss; NaN when there is none (a fresh model) */
    float density;   /* the settings then, which may have changed since */
    int act;         /* an enum model_activation */
};

struct history;

struct history *history_create(const struct history_desc *d);
/* Accepts NULL. */
void history_destroy(struct history *h);

/* Starts over (a new run) for n features: empty, spacing 1. False when n is out of range. */
bool history_reset(struct history *h, int n);
/* Whether a snapshot at this step would be kept: the first of a run, or a step past the newest
 * on the spacing (the one after thinning, when the ring is full). */
bool history_wants(const struct history *h, long step);
/* Records the model (W n x m, row i = W_i; b and dims n each, dims its D_i) when
 * history_wants(meta->step), thinning first when full; otherwise nothing. */
void history_push(struct history *h, const struct history_meta *meta, const float *W,
                  const float *b, const double *dims);

int history_features(const struct history *h);   /* n of the run */
int history_count(const struct history *h);
/* How many snapshots fit for the run's n (at most the desc's count, an even number). */
int history_capacity(const struct history *h);
long history_every(const struct history *h);      /* the spacing in steps */
const struct history_meta *history_meta(const struct history *h, int k);
/* The newest snapshot at or before step (the first when step precedes them all); -1 when
 * empty. */
int history_find(const struct history *h, long step);
/* Snapshot k's weights and bias, n x m and n. */
void history_weights(const struct history *h, int k, float *W, float *b);
const float *history_dims(const struct history *h, int k);

/* The history without its weights, as another thread keeps it. */
struct history_track {
    int max_snapshots;
    size_t dims_capacity;         /* floats dims can hold */
    int n, count;
    long every;
    unsigned epoch;               /* the history's when last synced: it changes whenever
                                   * snapshots move or go (thinning, a reset) */
    bool synced;
    struct history_meta *meta;    /* count */
    float *dims;                  /* count x n: snapshot k's D_i at dims[k n + i] */
};

/* Buffers for any run of a history made from d. */
bool history_track_init(struct history_track *t, const struct history_desc *d);
void history_track_finish(struct history_track *t);
/* Empty, as before any sync. */
void history_track_clear(struct history_track *t);
/* Brings t up to date with h: only the snapshots added since the last sync, or all of them when
 * snapshots moved. True when anything changed. */
bool history_track_sync(struct history_track *t, const struct history *h);
/* As history_find. */
int history_track_find(const struct history_track *t, long step);
/* Feature i's jumps: each snapshot k whose D_i differs by HISTORY_JUMP or more from the
 * newest snapshot at least `window` steps before it (the first, in the run's first window), at
 * most one per window; found(ctx, k) for each. Returns how many. */
int history_track_jumps(const struct history_track *t, int i, long window,
                        void (*found)(void *ctx, int k), void *ctx);
/* Every feature's jumps, as history_track_jumps finds them, in one pass over the snapshots
 * (each a contiguous row: a pass per feature strides through the whole history n times):
 * found(ctx, i, k) in increasing k. Returns how many, or -1 out of memory. */
long history_track_jumps_all(const struct history_track *t, long window,
                             void (*found)(void *ctx, int i, int k), void *ctx);

#endif
