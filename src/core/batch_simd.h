/* Dense batches for small models: every entry of a batch drawn, 16 samples at a time, from 16
 * xoshiro256** streams stepped side by side in vector registers. Each entry takes one 64-bit
 * word: its top 32 bits decide whether the feature is active (below density * 2^32), its low
 * 24 bits give the value. Integer work only, so every SIMD level writes the same batch. */
#ifndef SUPERPOSE_CORE_BATCH_SIMD_H
#define SUPERPOSE_CORE_BATCH_SIMD_H

#include <stdbool.h>

#include "simd.h"

struct batch;
struct rng;

/* The streams of 16 lanes: seeded per batch from one draw of r (splitmix64, lane by lane). */
#define BATCH_SIMD_LANES 16

/* Writes bt->dense (features x bt->dense_stride, feature-major; samples past bt->size are 0)
 * at `level`, and marks the batch dense. One draw of r per batch. */
void batch_simd_generate(struct batch *bt, struct rng *r, double density, enum simd_level level);

#endif
