#include "batch_simd.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "batch.h"
#include "rng.h"

/* GNU C vectors of 8 lanes: SSE2 pieces at the baseline, AVX2 or AVX-512 registers where the
 * function is compiled for them; integer operations give the same bits at every level. */
typedef uint64_t u64x8 __attribute__((vector_size(64)));
typedef uint32_t u32x8 __attribute__((vector_size(32)));
typedef int32_t i32x8 __attribute__((vector_size(32)));
typedef float f32x8 __attribute__((vector_size(32)));
typedef uint32_t u32x16 __attribute__((vector_size(64)));
typedef int32_t i32x16 __attribute__((vector_size(64)));
typedef float f32x16 __attribute__((vector_size(64)));

#define HALVES (BATCH_SIMD_LANES / 8)
_Static_assert(HALVES == 2, "a block of samples is two vectors of 8 streams");

#define ROTL(x, k) (((x) << (k)) | ((x) >> (64 - (k))))

/* One xoshiro256** step of 8 streams (s0..s3 hold word k of each), the result into out;
 * times 5 and times 9 as shifts and adds (AVX2 has no 64-bit multiply). */
#define XOSHIRO_STEP(s0, s1, s2, s3, out)                                                   \
    do {                                                                                    \
        const u64x8 x5_ = ((s1) << 2) + (s1), r7_ = ROTL(x5_, 7);                           \
        (out) = (r7_ << 3) + r7_;                                                           \
        const u64x8 t_ = (s1) << 17;                                                        \
        (s2) ^= (s0);                                                                       \
        (s3) ^= (s1);                                                                       \
        (s1) ^= (s2);                                                                       \
        (s0) ^= (s3);                                                                       \
        (s2) ^= t_;                                                                         \
        (s3) = ROTL((s3), 45);                                                              \
    } while (0)

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* state[w][lane]: word w of lane's xoshiro state, lane by lane from one splitmix64 sequence. */
static void seed_lanes(uint64_t state[4][BATCH_SIMD_LANES], uint64_t seed)
{
    for (int lane = 0; lane < BATCH_SIMD_LANES; lane++)
        for (int w = 0; w < 4; w++)
            state[w][lane] = splitmix64(&seed);
}

/* Entry (sample s, feature i) is word (s / 16) n + i of lane s % 16: a block of 16 samples
 * takes one step of every lane per feature. Active when the top 32 bits are at most
 * `below` (= round(density 2^32) - 1), value (low 24 bits) 2^-24. */
static inline __attribute__((always_inline)) void
generate_body(float *dense, int n, int stride, int size, uint32_t below, uint64_t seed)
{
    uint64_t state[4][BATCH_SIMD_LANES];
    seed_lanes(state, seed);
    u64x8 s[4][HALVES];
    memcpy(s, state, sizeof s);
    const u32x16 low24 = (u32x16){ 0 } + 0xffffffu, limit = (u32x16){ 0 } + below;
    for (int s0 = 0; s0 < size; s0 += BATCH_SIMD_LANES)
        for (int i = 0; i < n; i++) {
            float *out = dense + (size_t)i * stride + s0;
            u64x8 w[HALVES];
            for (int h = 0; h < HALVES; h++)
                XOSHIRO_STEP(s[0][h], s[1][h], s[2][h], s[3][h], w[h]);
            /* both halves' high words (the coins) and low words (the values) as one vector
             * of 16 lanes each, lane l of half h at 8 h + l (little-endian words) */
            const u32x16 a = (u32x16)w[0], b = (u32x16)w[1];
            const u32x16 coin = __builtin_shufflevector(a, b, 1, 3, 5, 7, 9, 11, 13, 15, 17,
                                                        19, 21, 23, 25, 27, 29, 31);
            const u32x16 low = __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18,
                                                       20, 22, 24, 26, 28, 30);
            const f32x16 v = __builtin_convertvector((i32x16)(low & low24), f32x16) * 0x1p-24f;
            const i32x16 kept = (i32x16)v & (i32x16)(coin <= limit);
            memcpy(out, &kept, sizeof kept);
        }
    /* The last block's lanes past size: zero samples that the model masks out. */
    const int tail = stride - size;
    for (int i = 0; tail > 0 && i < n; i++)
        memset(dense + (size_t)i * stride + size, 0, (size_t)tail * sizeof *dense);
}

static void generate_baseline(float *dense, int n, int stride, int size, uint32_t below,
                              uint64_t seed)
{
    generate_body(dense, n, stride, size, below, seed);
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2,fma"))) static void
generate_avx2(float *dense, int n, int stride, int size, uint32_t below, uint64_t seed)
{
    generate_body(dense, n, stride, size, below, seed);
}

__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl"))) static void
generate_avx512(float *dense, int n, int stride, int size, uint32_t below, uint64_t seed)
{
    generate_body(dense, n, stride, size, below, seed);
}
#define HAVE_X86_LEVELS 1
#endif

typedef void generate_fn(float *, int, int, int, uint32_t, uint64_t);

static generate_fn *const generators[SIMD_LEVEL_COUNT] = {
    [SIMD_BASELINE] = generate_baseline,
#ifdef HAVE_X86_LEVELS
    [SIMD_AVX2] = generate_avx2,
    [SIMD_AVX512] = generate_avx512,
#endif
};

void batch_simd_generate(struct batch *bt, struct rng *r, double density, enum simd_level level)
{
    const double p = density < 0.0 ? 0.0 : density > 1.0 ? 1.0 : density;
    /* P(coin <= below) = (below + 1) / 2^32 = round(p 2^32) / 2^32; p = 0 never reaches here
     * with an entry on (below + 1 = 0 wraps: every coin passes), so it is written as 0. */
    const uint64_t on = (uint64_t)llround(p * 0x1p32);
    const uint64_t seed = rng_next(r);
    generate_fn *fn = level >= 0 && level < SIMD_LEVEL_COUNT && generators[level]
                          ? generators[level] : generate_baseline;
    if (on == 0)
        memset(bt->dense, 0, (size_t)bt->features * bt->dense_stride * sizeof *bt->dense);
    else
        fn(bt->dense, bt->features, bt->dense_stride, bt->size, (uint32_t)(on - 1), seed);
    bt->is_dense = true;
    bt->listed = 0;
    bt->nonzero = bt->size; /* the model takes every sample, zero or not */
    memset(bt->single_count, 0, (size_t)bt->features * sizeof *bt->single_count);
}
