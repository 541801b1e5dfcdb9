/* The paper's synthetic data, stored sparsely: each of n features is active independently with
 * probability `density` (= 1 - S) and then uniform in [0, 1). Only samples with at least one
 * active feature are stored; the all-zero rest is a count. */
#ifndef SUPERPOSE_CORE_BATCH_H
#define SUPERPOSE_CORE_BATCH_H

#include <stdbool.h>
#include <stddef.h>

struct rng;

struct batch {
    int size;      /* samples in the batch, zero or not */
    int features;
    int nonzero;   /* samples with at least one active feature */
    int *sample;   /* [nonzero] position of each such sample in the batch */
    int *start;    /* [nonzero + 1] offsets of each sample's entries in idx/val */
    int *idx;      /* active feature indices, increasing within a sample */
    float *val;    /* their values */
    size_t cap_samples, cap_entries;
};

bool batch_init(struct batch *bt, int size, int features);
void batch_finish(struct batch *bt);

/* Draws a fresh batch. Active entries are found by skipping over the size x features grid
 * with geometric gaps, one draw per active entry instead of one per entry. */
bool batch_generate(struct batch *bt, struct rng *r, double density);

/* Writes the batch as a dense size x features array (the reference path and tests). */
void batch_to_dense(const struct batch *bt, double *x);

#endif
