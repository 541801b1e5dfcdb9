#include "model_simd.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "batch.h"
#include "batch_simd.h"
#include "model.h"

/* The 16-lane vectors pass only between static always-inline functions of this file, so no
 * calling convention is crossed; clang warns at the baseline level all the same. */
#ifdef __clang__
#pragma clang diagnostic ignored "-Wpsabi"
/* Every level must give the baseline's bits: no multiply-add contracted into a fused one (GCC
 * contracts none in ISO C mode; clang would, within an expression). */
#pragma clang fp contract(off)
#endif

/* 16 floats: one sample per lane. At the baseline GCC runs them as four SSE2 vectors, with
 * AVX2 as two, with AVX-512 as one. */
typedef float f16 __attribute__((vector_size(64)));
typedef int32_t i16 __attribute__((vector_size(64)));
typedef float f8 __attribute__((vector_size(32)));
typedef double d8 __attribute__((vector_size(64)));

#define LANES 16
_Static_assert(LANES == BATCH_SIMD_LANES, "a block of samples is one step of the generator");

/* Blocks summed in float per lane before the sums move to double. */
#define FLUSH_BLOCKS 16

/* x in every lane, as a broadcast: {0} + x cost a scalar add before each one (0 + x is not x
 * for x = -0), in the inner loops of the forward pass. x is read 16 times: a plain value. */
#define SPLAT(x)                                                                            \
    ((f16){ (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x) })
#define MASK(v, m) ((f16)((i16)(v) & (m)))

/* Accumulators: W's gradient (n m), b's (n), the loss (1). */
static inline size_t acc_count(int n, int m)
{
    return (size_t)n * m + (size_t)n + 1;
}

double model_simd_dense_from(int n, int m)
{
    /* Measured one thread, AVX-512: the lanes path takes ~6.5e9 / (n (m + 2)) samples/s
     * whatever the density; the Gram path ~2.5e8 / (n n p) (from n = 9), the grouped one
     * 2.7e8 at (5, 2, 0.1) and more below. Dense where it wins by about 2x by that model:
     * (5, 2) from 0.1, (20, 5) from 0.027, never at (32, 4, 0.01). */
    if (n > BATCH_DENSE_MAX_FEATURES || m > MODEL_LANES_MAX_HIDDEN)
        return 2.0;
    return (m + 2.0) / ((n <= BATCH_GROUP_MAX_FEATURES ? 10.0 : 13.0) * n);
}

size_t model_simd_scratch_bytes(int n, int m)
{
    /* double lanes per accumulator; g, h and u of FLUSH_BLOCKS blocks */
    return acc_count(n, m) * 2 * sizeof(d8) + FLUSH_BLOCKS * ((size_t)n + 2 * m) * sizeof(f16);
}

struct scratch {
    d8 *dacc;  /* [2 acc_count] double lanes, low 8 lanes then high 8 */
    f16 *g;    /* [FLUSH_BLOCKS n] g_i of each block */
    f16 *h, *u; /* [FLUSH_BLOCKS M] h and u = sum_k g_k W_k of each block */
};

/* Adds float lanes into accumulator k's double lanes. */
#define FLUSH(sc, k, v)                                                                     \
    do {                                                                                    \
        f8 half_[2];                                                                        \
        memcpy(half_, &(v), sizeof half_);                                                  \
        (sc)->dacc[2 * (k)] += __builtin_convertvector(half_[0], d8);                       \
        (sc)->dacc[2 * (k) + 1] += __builtin_convertvector(half_[1], d8);                   \
    } while (0)

/* The forward half of one block of 16 samples (x: its first lane); `valid` masks the lanes
 * holding samples. Per sample h = W x, pre = b + W h, r = act(pre) - x, g = c r act',
 * u = sum_k g_k W_k; g, h and u are stored for the gradient, I r^2 added to loss. */
static inline __attribute__((always_inline)) void
forward(const float *W, const float *b, const float *imp, const float *c, const float *x,
        int stride, int n, const int M, bool relu, i16 valid, f16 *g, f16 *hout, f16 *uout,
        f16 *loss)
{
    f16 h[MODEL_LANES_MAX_HIDDEN], u[MODEL_LANES_MAX_HIDDEN];
    for (int d = 0; d < M; d++)
        h[d] = u[d] = (f16){ 0 };
    for (int i = 0; i < n; i++) {
        f16 xi;
        memcpy(&xi, x + (size_t)i * stride, sizeof xi);
        for (int d = 0; d < M; d++)
            h[d] += SPLAT(W[i * M + d]) * xi;
    }
    for (int i = 0; i < n; i++) {
        f16 xi, pre = SPLAT(b[i]);
        memcpy(&xi, x + (size_t)i * stride, sizeof xi);
        for (int d = 0; d < M; d++)
            pre += SPLAT(W[i * M + d]) * h[d];
        const i16 on = relu ? pre > (f16){ 0 } : (i16){ 0 } - 1;
        const f16 r = MASK(MASK(pre, on) - xi, valid);
        *loss += SPLAT(imp[i]) * r * r;
        const f16 gi = MASK(SPLAT(c[i]) * r, on);
        g[i] = gi;
        for (int d = 0; d < M; d++)
            u[d] += gi * SPLAT(W[i * M + d]);
    }
    for (int d = 0; d < M; d++) {
        hout[d] = h[d];
        uout[d] = u[d];
    }
}

static inline __attribute__((always_inline)) double
dense_body(const struct model *md, const float *imp, const float *c, const struct batch *bt,
           void *scratch, double *grad, const int M, bool relu)
{
    const int n = md->n, size = bt->size, stride = bt->dense_stride;
    const int blocks = (size + LANES - 1) / LANES;
    const size_t count = acc_count(n, M);
    struct scratch sc = { .dacc = scratch };
    sc.g = (f16 *)(sc.dacc + 2 * count);
    sc.h = sc.g + FLUSH_BLOCKS * n;
    sc.u = sc.h + FLUSH_BLOCKS * M;
    memset(sc.dacc, 0, 2 * count * sizeof *sc.dacc);
    const i16 iota = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
    for (int c0 = 0; c0 < blocks; c0 += FLUSH_BLOCKS) {
        const int nb = blocks - c0 < FLUSH_BLOCKS ? blocks - c0 : FLUSH_BLOCKS;
        f16 loss = { 0 };
        for (int k = 0; k < nb; k++) {
            const int s0 = (c0 + k) * LANES;
            const i16 valid = iota < (i16){ 0 } + (size - s0);
            forward(md->W, md->b, imp, c, bt->dense + s0, stride, n, M, relu, valid,
                    sc.g + k * n, sc.h + k * M, sc.u + k * M, &loss);
        }
        FLUSH(&sc, count - 1, loss);
        if (!grad)
            continue;
        /* dL/dW_i += g_i h + x_i u, dL/db_i += g_i: one feature at a time over the blocks,
         * its sums in registers. */
        for (int i = 0; i < n; i++) {
            f16 aw[MODEL_LANES_MAX_HIDDEN], ab = { 0 };
            for (int d = 0; d < M; d++)
                aw[d] = (f16){ 0 };
            const float *x = bt->dense + (size_t)i * stride + (size_t)c0 * LANES;
            for (int k = 0; k < nb; k++) {
                f16 xi;
                memcpy(&xi, x + k * LANES, sizeof xi);
                const f16 gi = sc.g[k * n + i];
                ab += gi;
                for (int d = 0; d < M; d++)
                    aw[d] += gi * sc.h[k * M + d] + xi * sc.u[k * M + d];
            }
            for (int d = 0; d < M; d++)
                FLUSH(&sc, (size_t)i * M + d, aw[d]);
            FLUSH(&sc, (size_t)n * M + i, ab);
        }
    }
    /* Lanes in a fixed order: the same sums at every level. */
    double loss = 0.0;
    for (size_t k = 0; k < count; k++) {
        double sum = 0.0;
        for (int l = 0; l < 8; l++)
            sum += sc.dacc[2 * k][l] + sc.dacc[2 * k + 1][l];
        if (k == count - 1)
            loss = sum;
        else if (grad)
            grad[k] += sum;
    }
    return loss;
}

/* One function per hidden size up to 8 (h and u in registers) and one for any size. */
#define DENSE_CASES(X) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8)

#define DENSE_LEVEL(level, attr)                                                            \
    attr static double dense_##level(const struct model *md, const float *imp, const float *c, \
                                     const struct batch *bt, void *scratch, double *grad)      \
    {                                                                                       \
        const bool relu = md->act == MODEL_RELU;                                            \
        switch (md->m) {                                                                    \
            DENSE_CASES(DENSE_CASE)                                                         \
        default:                                                                            \
            return relu ? dense_body(md, imp, c, bt, scratch, grad, md->m, true)            \
                        : dense_body(md, imp, c, bt, scratch, grad, md->m, false);          \
        }                                                                                   \
    }
#define DENSE_CASE(M)                                                                       \
    case M:                                                                                 \
        return relu ? dense_body(md, imp, c, bt, scratch, grad, M, true)                    \
                    : dense_body(md, imp, c, bt, scratch, grad, M, false);

DENSE_LEVEL(baseline, )
#if defined(__x86_64__) && defined(__GNUC__)
DENSE_LEVEL(avx2, __attribute__((target("avx2,fma"))))
DENSE_LEVEL(avx512, __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl"))))
#define HAVE_X86_LEVELS 1
#endif

typedef double dense_fn(const struct model *, const float *, const float *, const struct batch *,
                        void *, double *);

static dense_fn *const dense_paths[SIMD_LEVEL_COUNT] = {
    [SIMD_BASELINE] = dense_baseline,
#ifdef HAVE_X86_LEVELS
    [SIMD_AVX2] = dense_avx2,
    [SIMD_AVX512] = dense_avx512,
#endif
};

double model_simd_dense(const struct model *md, const float *importance, const float *c,
                        const struct batch *bt, void *scratch, double *grad,
                        enum simd_level level)
{
    dense_fn *fn = level >= 0 && level < SIMD_LEVEL_COUNT && dense_paths[level]
                       ? dense_paths[level] : dense_baseline;
    return fn(md, importance, c, bt, scratch, grad);
}
