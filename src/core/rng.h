/* Seeded pseudo-random numbers: xoshiro256** (Blackman & Vigna, 2018) seeded through
 * splitmix64, so one 64-bit seed gives one reproducible stream on every platform. */
#ifndef SUPERPOSE_CORE_RNG_H
#define SUPERPOSE_CORE_RNG_H

#include <stdint.h>

struct rng {
    uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);

static inline uint64_t rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rng_rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1) with 24 random bits: every value is exact in a float. */
static inline float rng_uniformf(struct rng *r)
{
    return (float)(rng_next(r) >> 40) * 0x1p-24f;
}

/* Uniform in (0, 1] with 53 random bits, safe to take the logarithm of. */
static inline double rng_uniform_open0(struct rng *r)
{
    return (double)((rng_next(r) >> 11) + 1) * 0x1p-53;
}

/* Standard normal draw (Box-Muller; the second value is discarded for simplicity). */
double rng_normal(struct rng *r);

#endif
