/* The lanes path: a dense batch (batch_simd.h) 16 samples at a time, one sample per vector
 * lane, for models of up to BATCH_DENSE_MAX_FEATURES features and MODEL_LANES_MAX_HIDDEN
 * hidden dimensions. The same GNU C vector code is compiled for each SIMD level without
 * contracting multiply-adds, so every level gives the same bits (the tests check it). */
#ifndef SUPERPOSE_CORE_MODEL_SIMD_H
#define SUPERPOSE_CORE_MODEL_SIMD_H

#include <stddef.h>

#include "simd.h"

struct batch;
struct model;

#define MODEL_LANES_MAX_HIDDEN 32

/* The density from which dense batches and the lanes path train this model faster than the
 * sparse batches and paths (above 1: never). */
double model_simd_dense_from(int n, int m);

/* The 64-byte aligned scratch the lanes path needs for these sizes. */
size_t model_simd_scratch_bytes(int n, int m);

/* Over the dense batch bt: returns sum_s sum_i I_i (x_i - x'_i)^2 and, when grad is set, adds
 * sum_s dL/dparams into it, with g_i = c_i (x'_i - x_i) act'_i (c_i = 2 I_i / (B n)). Partial
 * sums are float per lane over 8 samples, double beyond. */
double model_simd_dense(const struct model *md, const float *importance, const float *c,
                        const struct batch *bt, void *scratch, double *grad,
                        enum simd_level level);

#endif
