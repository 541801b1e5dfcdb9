/* The batch-level paths at one SIMD level: meson compiles this file once per level with
 * MODEL_KERN_LEVEL = 0 (baseline: 4-float GNU C vectors, SSE2 on x86-64), 1 (AVX2 + FMA, 8),
 * 2 (AVX-512, 16). The AVX levels are compiled through target attributes, so the build stays
 * generic x86-64 and a level only runs where simd_detect found it. */
#include "model_kern.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef MODEL_KERN_LEVEL
#error "compile with -DMODEL_KERN_LEVEL=0, 1 or 2"
#endif

#if MODEL_KERN_LEVEL > 0 && !(defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)))
#define KERN_NONE /* the AVX levels exist only on x86-64 */
#endif

#ifndef KERN_NONE
#if MODEL_KERN_LEVEL == 2
#include <immintrin.h>
#define V 16
#define ROWS 8  /* 32 registers: 8 rows x 3 vectors of accumulators */
#define TARGET __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma")))
#define FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define FMAD(a, b, c) _mm512_fmadd_pd(a, b, c)
#define LEVEL(name) name##_avx512
#elif MODEL_KERN_LEVEL == 1
#include <immintrin.h>
#define V 8
#define ROWS 4  /* 16 registers: 4 x 3 accumulators */
#define TARGET __attribute__((target("avx2,fma")))
#define FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define FMAD(a, b, c) _mm256_fmadd_pd(a, b, c)
#define LEVEL(name) name##_avx2
#else
#define V 4
#define ROWS 4
#define TARGET
#define FMA(a, b, c) ((a) * (b) + (c))
#define FMAD(a, b, c) ((a) * (b) + (c))
#define LEVEL(name) name##_baseline
#endif
_Static_assert(MODEL_KERN_TILE % ROWS == 0 && MODEL_KERN_PAD % V == 0 &&
               MODEL_KERN_PAD % ROWS == 0, "tiles and pads hold whole microkernels");

#define INLINE static inline __attribute__((always_inline)) TARGET
#define NV_MAX 3 /* vectors of columns per microkernel */

typedef float vf __attribute__((vector_size(4 * V)));
typedef int32_t vi __attribute__((vector_size(4 * V)));
typedef float vfu __attribute__((vector_size(4 * V), aligned(4), may_alias));
typedef double vd __attribute__((vector_size(4 * V)));
typedef float vhu __attribute__((vector_size(2 * V), aligned(4), may_alias)); /* half */
typedef double vdu __attribute__((vector_size(4 * V), aligned(8), may_alias));

INLINE vf ld(const float *p) { return *(const vfu *)p; }
INLINE void st(float *p, vf v) { *(vfu *)p = v; }
INLINE vf bc(float x) { return (vf){ 0 } + x; }
INLINE vf fma_(vf a, vf b, vf c) { return FMA(a, b, c); }
INLINE vd fmad(vd a, vd b, vd c) { return FMAD(a, b, c); }
INLINE vf vsel(vi on, vf v) { return (vf)((vi)v & on); }

INLINE double sum_lanes(vf v)
{
    double s = 0.0;
    for (int k = 0; k < V; k++)
        s += v[k];
    return s;
}

/* C[r, j..j + NV V) (=|+=) sum_k A[r ars + k acs] B[k ldb + j ...] for R rows, starting from
 * the bias row when one is given; R and NV are constants after inlining, so the R x NV
 * accumulators stay in registers. */
INLINE void micro(const int R, const int NV, int K, const float *A, ptrdiff_t ars, ptrdiff_t acs,
                  const float *B, ptrdiff_t ldb, const float *bias, float *C, ptrdiff_t ldc,
                  bool add)
{
    vf acc[ROWS][NV_MAX];
#pragma GCC unroll 8
    for (int r = 0; r < R; r++)
#pragma GCC unroll 3
        for (int v = 0; v < NV; v++)
            acc[r][v] = add ? ld(C + r * ldc + v * V) : bias ? ld(bias + v * V) : (vf){ 0 };
    for (int k = 0; k < K; k++) {
        vf bk[NV_MAX];
#pragma GCC unroll 3
        for (int v = 0; v < NV; v++)
            bk[v] = ld(B + k * ldb + v * V);
#pragma GCC unroll 8
        for (int r = 0; r < R; r++) {
            const vf a = bc(A[r * ars + k * acs]);
#pragma GCC unroll 3
            for (int v = 0; v < NV; v++)
                acc[r][v] = fma_(a, bk[v], acc[r][v]);
        }
    }
#pragma GCC unroll 8
    for (int r = 0; r < R; r++)
#pragma GCC unroll 3
        for (int v = 0; v < NV; v++)
            st(C + r * ldc + v * V, acc[r][v]);
}

/* C (rows x cols) = bias + A B or C += A B, A's element (r, k) at A[r ars + k acs]; rows a
 * multiple of ROWS and cols of V (the pads see to it). */
static TARGET void gemm(int rows, int cols, int K, const float *A, ptrdiff_t ars, ptrdiff_t acs,
                        const float *B, ptrdiff_t ldb, const float *bias, float *C,
                        ptrdiff_t ldc, bool add)
{
    for (int i = 0; i < rows; i += ROWS) {
        const float *a = A + i * ars;
        float *c = C + i * ldc;
        int j = 0;
        for (; j + 3 * V <= cols; j += 3 * V)
            micro(ROWS, 3, K, a, ars, acs, B + j, ldb, bias ? bias + j : NULL, c + j, ldc, add);
        if (j + 2 * V <= cols) {
            micro(ROWS, 2, K, a, ars, acs, B + j, ldb, bias ? bias + j : NULL, c + j, ldc, add);
            j += 2 * V;
        }
        if (j < cols)
            micro(ROWS, 1, K, a, ars, acs, B + j, ldb, bias ? bias + j : NULL, c + j, ldc, add);
    }
}

/* h = sum_e val_e W_idx_e over NV vectors of columns, four independent partial sums so the
 * chain of multiply-adds does not wait on its latency. */
INLINE void gather_rows(const int NV, const float *Wp, int mp, const struct model_kern_sample *s,
                        float *h)
{
    vf acc[4][2] = { { { 0 } } };
    int e = 0;
    for (; e + 4 <= s->count; e += 4)
#pragma GCC unroll 4
        for (int q = 0; q < 4; q++) {
            const vf x = bc(s->val[e + q]);
            const float *w = Wp + (ptrdiff_t)s->idx[e + q] * mp;
#pragma GCC unroll 2
            for (int v = 0; v < NV; v++)
                acc[q][v] = fma_(x, ld(w + v * V), acc[q][v]);
        }
    for (; e < s->count; e++) {
        const vf x = bc(s->val[e]);
        const float *w = Wp + (ptrdiff_t)s->idx[e] * mp;
#pragma GCC unroll 2
        for (int v = 0; v < NV; v++)
            acc[0][v] = fma_(x, ld(w + v * V), acc[0][v]);
    }
#pragma GCC unroll 2
    for (int v = 0; v < NV; v++)
        st(h + v * V, (acc[0][v] + acc[1][v]) + (acc[2][v] + acc[3][v]));
}

static TARGET void hidden_tile(const struct model_kern_args *a, const struct model_kern_sample *s,
                               int rows)
{
    for (int t = 0; t < rows; t++) {
        float *h = a->H + t * a->mp;
        int j = 0;
        for (; j + 2 * V <= a->mp; j += 2 * V)
            gather_rows(2, a->Wp + j, a->mp, &s[t], h + j);
        if (j < a->mp)
            gather_rows(1, a->Wp + j, a->mp, &s[t], h + j);
    }
    memset(a->H + rows * a->mp, 0, (size_t)(MODEL_KERN_TILE - rows) * a->mp * sizeof *a->H);
}

/* One sample's outputs from its pre-activations p (np): p becomes the residual
 * r = act(p) - x, e the gradient c r act'. Returns sum I r^2. */
INLINE double residual(const struct model_kern_args *a, const struct model_kern_sample *s,
                       float *p, float *e)
{
    const vi all = (vi){ 0 } - 1;
    for (int i = 0; i < a->np; i += V) {
        const vf pre = ld(p + i);
        const vi on = a->relu ? pre > (vf){ 0 } : all;
        st(p + i, vsel(on, pre));
        st(e + i, vsel(on, ld(a->c + i)));
    }
    for (int k = 0; k < s->count; k++)
        p[s->idx[k]] -= s->val[k];
    vf loss = { 0 };
    for (int i = 0; i < a->np; i += V) {
        const vf r = ld(p + i);
        loss = fma_(ld(a->imp + i) * r, r, loss);
        st(e + i, ld(e + i) * r);
    }
    return sum_lanes(loss);
}

/* The tile's float sums into the double gradient, and the float accumulators back to 0. */
static TARGET void flush(const struct model_kern_args *a, bool weights)
{
    for (int i = 0; i < a->n; i++)
        a->gb[i] += a->gsum[i];
    memset(a->gsum, 0, (size_t)a->np * sizeof *a->gsum);
    if (!weights)
        return;
    for (int i = 0; i < a->n; i++) {
        double *g = a->gW + (ptrdiff_t)i * a->m;
        const float *f = a->dWf + (ptrdiff_t)i * a->mp;
        for (int d = 0; d < a->m; d++)
            g[d] += f[d];
    }
    memset(a->dWf, 0, (size_t)a->np * a->mp * sizeof *a->dWf);
}

static TARGET double LEVEL(tiles)(const struct model_kern_args *a)
{
    const int np = a->np, mp = a->mp, T = MODEL_KERN_TILE;
    double loss = 0.0;
    if (a->gW) {
        memset(a->gsum, 0, (size_t)np * sizeof *a->gsum);
        memset(a->dWf, 0, (size_t)np * mp * sizeof *a->dWf);
    }
    for (int t0 = 0; t0 < a->count; t0 += T) {
        const struct model_kern_sample *s = a->samples + t0;
        const int rows = a->count - t0 < T ? a->count - t0 : T;
        hidden_tile(a, s, rows);
        /* P = H W^T + b over rows padded to ROWS (pad rows of H are zero) */
        const int prow = (rows + ROWS - 1) / ROWS * ROWS;
        gemm(prow, np, a->m, a->H, mp, 1, a->Wt, np, a->b, a->P, np, false);
        for (int t = 0; t < rows; t++)
            loss += residual(a, s + t, a->P + t * np, a->E + t * np);
        if (!a->gW)
            continue;
        for (int t = 0; t < rows; t++)
            for (int i = 0; i < np; i += V)
                st(a->gsum + i, ld(a->gsum + i) + ld(a->E + t * np + i));
        memset(a->E + rows * np, 0, (size_t)(prow - rows) * np * sizeof *a->E);
        /* U = E W; dW_j += x_j u for the active j; dW += E^T H */
        gemm(prow, mp, a->n, a->E, np, 1, a->Wp, mp, NULL, a->U, mp, false);
        for (int t = 0; t < rows; t++) {
            const float *u = a->U + t * mp;
            for (int k = 0; k < s[t].count; k++) {
                float *dw = a->dWf + (ptrdiff_t)s[t].idx[k] * mp;
                const vf x = bc(s[t].val[k]);
                for (int j = 0; j < mp; j += V)
                    st(dw + j, fma_(x, ld(u + j), ld(dw + j)));
            }
        }
        gemm(np, mp, rows, a->E, 1, np, a->H, mp, NULL, a->dWf, mp, true);
        flush(a, true);
    }
    return loss;
}

/* S = A + A^T in float, into G; 16 x 16 blocks so that A's columns are read a block at a time. */
static TARGET void symmetrise(const struct model_kern_args *a)
{
    const int np = a->np, B = 16;
    for (int k0 = 0; k0 < np; k0 += B)
        for (int j0 = 0; j0 < np; j0 += B)
            for (int k = k0; k < k0 + B; k++)
                for (int j = j0; j < j0 + B; j++)
                    a->G[(ptrdiff_t)k * np + j] =
                        (float)(a->A[(ptrdiff_t)k * np + j] + a->A[(ptrdiff_t)j * np + k]);
}

static TARGET double LEVEL(gram)(const struct model_kern_args *a)
{
    const int np = a->np, mp = a->mp;
    double loss = 0.0;
    float *p = a->P, *e = a->E;
    gemm(np, np, a->m, a->Wp, mp, 1, a->Wt, np, NULL, a->G, np, false);
    if (a->gW) {
        memset(a->gsum, 0, (size_t)np * sizeof *a->gsum);
        memset(a->A, 0, (size_t)np * np * sizeof *a->A);
    }
    for (int t = 0; t < a->count; t++) {
        const struct model_kern_sample *s = a->samples + t;
        for (int i = 0; i < np; i += V) {
            vf pre = ld(a->b + i);
            for (int k = 0; k < s->count; k++)
                pre = fma_(bc(s->val[k]), ld(a->G + (ptrdiff_t)s->idx[k] * np + i), pre);
            st(p + i, pre);
        }
        loss += residual(a, s, p, e);
        if (!a->gW)
            continue;
        for (int i = 0; i < np; i += V)
            st(a->gsum + i, ld(a->gsum + i) + ld(e + i));
        for (int i = 0; i < np; i += V / 2) {
            const vd g = __builtin_convertvector(*(const vhu *)(e + i), vd);
            for (int k = 0; k < s->count; k++) {
                vdu *row = (vdu *)(a->A + (ptrdiff_t)s->idx[k] * np + i);
                *row = fmad((vd){ 0 } + s->val[k], g, *row);
            }
        }
        if ((t + 1) % MODEL_KERN_TILE == 0)
            flush(a, false);
    }
    if (!a->gW)
        return loss;
    flush(a, false);
    symmetrise(a);
    memset(a->dWf, 0, (size_t)np * mp * sizeof *a->dWf);
    gemm(np, mp, a->n, a->G, np, 1, a->Wp, mp, NULL, a->dWf, mp, false);
    flush(a, true);
    return loss;
}

const struct model_kern_level LEVEL(model_kern) = { .tiles = LEVEL(tiles), .gram = LEVEL(gram) };

#else /* KERN_NONE */
#if MODEL_KERN_LEVEL == 2
const struct model_kern_level model_kern_avx512 = { 0 };
#else
const struct model_kern_level model_kern_avx2 = { 0 };
#endif
#endif
