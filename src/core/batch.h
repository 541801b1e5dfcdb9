/* The paper's synthetic data, stored sparsely: each of n features is active independently with
 * probability `density` (= 1 - S) and then uniform in [0, 1). The all-zero samples are only a
 * count. For up to BATCH_GROUP_MAX_FEATURES features, samples with exactly one active feature
 * (most nonzero samples in the sparse regime) are grouped by that feature; all other nonzero
 * samples are listed one by one. With correlated or anticorrelated feature sets
 * (batch_generate_sets) the batch has the same layout, so every training path takes it. */
#ifndef SUPERPOSE_CORE_BATCH_H
#define SUPERPOSE_CORE_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "simd.h"

struct featsets;
struct rng;
struct batch_sampler;
struct batch_events;
struct batch_skips;

#define BATCH_GROUP_MAX_FEATURES 8

struct batch {
    int size;      /* samples in the batch, zero or not */
    int features;
    int nonzero;   /* samples with at least one active feature */
    /* Single-active samples grouped by feature j (all counts 0 above BATCH_GROUP_MAX_FEATURES):
     * group j holds single_count[j] samples, values single_val[j * size + k] at positions
     * single_sample[j * size + k] in the batch. */
    int *single_count;
    float *single_val;
    int *single_sample;
    /* The other nonzero samples. */
    int listed;
    int *sample;   /* [listed] position of each listed sample in the batch, increasing */
    int *start;    /* [listed + 1] offsets of each sample's entries in idx/val */
    int *idx;      /* active feature indices, increasing within a sample */
    float *val;    /* their values */
    size_t cap_entries;
    struct batch_sampler *sampler; /* the generator's tables for the current density */
    struct batch_events *events;   /* the structured generator's scratch, made on first use */
    struct batch_skips *skips;     /* the skips' table, above BATCH_GROUP_MAX_FEATURES */
    /* Dense batches (batch_allow_dense): every entry stored, feature i's samples at
     * dense[i * dense_stride ...], zero past size; then listed = 0, no groups, nonzero = size. */
    bool is_dense;
    float *dense;
    int dense_stride;
    enum simd_level simd;          /* the dense generator's level (every level gives the same) */
    double dense_from;             /* dense from this density on */
};

/* Dense batches are drawn up to this many features. */
#define BATCH_DENSE_MAX_FEATURES 32

bool batch_init(struct batch *bt, int size, int features);
void batch_finish(struct batch *bt);

/* Lets batch_generate draw dense batches (batch_simd.h) for up to BATCH_DENSE_MAX_FEATURES
 * features at densities from `from` on (model_simd_dense_from), with the generator at
 * `level`. Only model_loss_grad reads them (batch_to_dense too). False when out of memory. */
bool batch_allow_dense(struct batch *bt, enum simd_level level, double from);

/* The dense batch's row stride in floats for `size` samples: whole blocks of 16, and one
 * block more, so that rows of a batch of 1024 are not 4 KiB apart (they would all share one
 * set of the L1 cache, which holds 8 to 12 of them). */
int batch_dense_stride(int size);

/* Draws a fresh batch. Up to BATCH_GROUP_MAX_FEATURES features, one table draw (alias method)
 * gives the number of all-zero samples to skip and the next nonzero sample's active set;
 * above, active entries are found by skipping over the size x features grid with geometric
 * gaps. Either way one draw per active entry, not one per entry. */
bool batch_generate(struct batch *bt, struct rng *r, double density);

/* Draws a fresh batch in which the sets of fs are units: a correlated set is on with
 * probability `density` and then each member takes its own value; an anticorrelated set of s
 * features is on with probability min(1, s density) and then one member, chosen uniformly,
 * takes a value. Features in no set are units of their own. Each unit finds the samples where
 * it is on by geometric skips (one draw each). So every feature is on with probability
 * `density` (unless an anticorrelated set is capped). Without sets (fs NULL or empty) this is
 * batch_generate, draw for draw. */
bool batch_generate_sets(struct batch *bt, struct rng *r, double density,
                         const struct featsets *fs);

/* An upper estimate of the bytes a batch of this size takes once generated at `density`
 * (with `sets`: the structured generator's scratch too); the entries count six standard
 * deviations above their mean. */
size_t batch_bytes(int size, int features, double density, bool sets);

/* Writes the batch as a dense size x features array (the reference path and tests). */
void batch_to_dense(const struct batch *bt, double *x);

#endif
