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
#define WIDEN_LO(v) _mm512_cvtps_pd(_mm512_castps512_ps256(v))
#define WIDEN_HI(v) _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)))
#define LEVEL(name) name##_avx512
#define BC(x) _mm512_set1_ps(x)
#define BCD(x) _mm512_set1_pd(x)
#elif MODEL_KERN_LEVEL == 1
#include <immintrin.h>
#define V 8
#define ROWS 4  /* 16 registers: 4 x 3 accumulators */
#define TARGET __attribute__((target("avx2,fma")))
#define FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define FMAD(a, b, c) _mm256_fmadd_pd(a, b, c)
#define WIDEN_LO(v) _mm256_cvtps_pd(_mm256_castps256_ps128(v))
#define WIDEN_HI(v) _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1))
#define LEVEL(name) name##_avx2
#define BC(x) _mm256_set1_ps(x)
#define BCD(x) _mm256_set1_pd(x)
#else
#define V 4
#define ROWS 4
#define TARGET
#define FMA(a, b, c) ((a) * (b) + (c))
#define FMAD(a, b, c) ((a) * (b) + (c))
#define WIDEN_LO(v) __builtin_convertvector(__builtin_shufflevector(v, v, 0, 1), vd)
#define WIDEN_HI(v) __builtin_convertvector(__builtin_shufflevector(v, v, 2, 3), vd)
#define LEVEL(name) name##_baseline
#define BC(x) ((vf){ (x), (x), (x), (x) })
#define BCD(x) ((vd){ (x), (x) })
#endif
_Static_assert(MODEL_KERN_TILE % ROWS == 0 && MODEL_KERN_PAD % V == 0 &&
               MODEL_KERN_PAD % ROWS == 0, "tiles and pads hold whole microkernels");

#define INLINE static inline __attribute__((always_inline)) TARGET
#define NV_MAX 3 /* vectors of columns per microkernel */

typedef float vf __attribute__((vector_size(4 * V)));
typedef int32_t vi __attribute__((vector_size(4 * V)));
typedef float vfu __attribute__((vector_size(4 * V), aligned(4), may_alias));
typedef double vd __attribute__((vector_size(4 * V)));  /* V / 2 doubles */
typedef double vdu __attribute__((vector_size(4 * V), aligned(8), may_alias));

INLINE vf ld(const float *p) { return *(const vfu *)p; }
INLINE void st(float *p, vf v) { *(vfu *)p = v; }
/* A broadcast: (vf){ 0 } + x added 0 to the scalar first (0 + x is not x for x = -0), before
 * every row of the microkernels. */
INLINE vf bc(float x) { return BC(x); }
INLINE vf fma_(vf a, vf b, vf c) { return FMA(a, b, c); }
INLINE vd ldd(const double *p) { return *(const vdu *)p; }
INLINE void std_(double *p, vd v) { *(vdu *)p = v; }
INLINE vd fmad(vd a, vd b, vd c) { return FMAD(a, b, c); }
INLINE vf vsel(vi on, vf v) { return (vf)((vi)v & on); }

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

/* One sample's outputs from its pre-activations p (np): e becomes the gradient c r act' with
 * r = act(p) - x. x is the sample as a dense row, or NULL to take it from the sample's entries
 * (increasing, so each vector of x is assembled in registers from the entries in its range).
 * Returns the vector of partial sums of I r^2. */
INLINE vf residual(const struct model_kern_args *a, const struct model_kern_sample *s,
                   const float *x, const float *p, float *e)
{
    const vi all = (vi){ 0 } - 1;
    vi iota;
    for (int l = 0; l < V; l++)
        iota[l] = l;
    vf loss = { 0 };
    int k = 0;
    for (int i = 0; i < a->np; i += V) {
        const vf pre = ld(p + i);
        const vi on = a->relu ? pre > (vf){ 0 } : all;
        vf xv = { 0 };
        if (x)
            xv = ld(x + i);
        for (; !x && k < s->count && s->idx[k] < i + V; k++)
            xv += vsel(iota == s->idx[k] - i, bc(s->val[k]));
        const vf r = vsel(on, pre) - xv;
        loss = fma_(ld(a->imp + i) * r, r, loss);
        st(e + i, vsel(on, ld(a->c + i)) * r);
    }
    return loss;
}

/* Adds v's lanes into a double vector (of half as many lanes), so sums over samples are
 * double. */
INLINE vd widen(vd acc, vf v)
{
    return acc + WIDEN_LO(v) + WIDEN_HI(v);
}

INLINE double sum_lanes(vd v)
{
    double s = 0.0;
    for (int k = 0; k < V / 2; k++)
        s += v[k];
    return s;
}

/* The tile's float sums into the double gradient; gsum back to 0. */
static TARGET void flush(const struct model_kern_args *a, bool weights)
{
    for (int i = 0; i < a->n; i++)
        a->gb[i] += a->gsum[i];
    memset(a->gsum, 0, (size_t)a->np * sizeof *a->gsum);
    for (int i = 0; weights && i < a->n; i++) {
        double *g = a->gW + (ptrdiff_t)i * a->m;
        const float *f = a->dWf + (ptrdiff_t)i * a->mp;
        for (int d = 0; d < a->m; d++)
            g[d] += f[d];
    }
}

/* The tile's samples as dense rows of X (rows x np, pad rows zero). */
static TARGET void dense_rows(const struct model_kern_args *a, const struct model_kern_sample *s,
                              int rows, int prow)
{
    memset(a->X, 0, (size_t)prow * a->np * sizeof *a->X);
    for (int t = 0; t < rows; t++)
        for (int k = 0; k < s[t].count; k++)
            a->X[t * a->np + s[t].idx[k]] = s[t].val[k];
}

/* When a tile has more than 1 / DENSE_TILE of its entries active, X is written out dense and
 * every product is a matrix product (a scattered X^T U writes dW's rows one by one). Measured
 * at n = 400, m = 30: AVX-512's products win from density ~0.2, the narrower ones' from ~0.5. */
#define DENSE_TILE (V == 16 ? 4 : 2)

static TARGET double LEVEL(tiles)(const struct model_kern_args *a)
{
    const int np = a->np, mp = a->mp, T = MODEL_KERN_TILE;
    vd loss = { 0 };
    if (a->gW)
        memset(a->gsum, 0, (size_t)np * sizeof *a->gsum);
    for (int t0 = 0; t0 < a->count; t0 += T) {
        const struct model_kern_sample *s = a->samples + t0;
        const int rows = a->count - t0 < T ? a->count - t0 : T;
        const int prow = (rows + ROWS - 1) / ROWS * ROWS; /* pad rows of H, E, X are zero */
        int entries = 0;
        for (int t = 0; t < rows; t++)
            entries += s[t].count;
        const bool dense = (long)DENSE_TILE * entries > (long)rows * a->n;
        if (dense) {
            dense_rows(a, s, rows, prow);
            gemm(prow, mp, a->n, a->X, np, 1, a->Wp, mp, NULL, a->H, mp, false);
        } else {
            hidden_tile(a, s, rows);
        }
        gemm(prow, np, a->m, a->H, mp, 1, a->Wt, np, a->b, a->P, np, false);
        for (int t = 0; t < rows; t++)
            loss = widen(loss, residual(a, s + t, dense ? a->X + t * np : NULL, a->P + t * np,
                                        a->E + t * np));
        if (!a->gW)
            continue;
        for (int t = 0; t < rows; t++)
            for (int i = 0; i < np; i += V)
                st(a->gsum + i, ld(a->gsum + i) + ld(a->E + t * np + i));
        memset(a->E + rows * np, 0, (size_t)(prow - rows) * np * sizeof *a->E);
        /* U = E W; dW = E^T H + X^T U (X^T U scattered row by row when X is sparse) */
        gemm(prow, mp, a->n, a->E, np, 1, a->Wp, mp, NULL, a->U, mp, false);
        gemm(np, mp, rows, a->E, 1, np, a->H, mp, NULL, a->dWf, mp, false);
        if (dense)
            gemm(np, mp, rows, a->X, 1, np, a->U, mp, NULL, a->dWf, mp, true);
        for (int t = 0; !dense && t < rows; t++) {
            const float *u = a->U + t * mp;
            for (int k = 0; k < s[t].count; k++) {
                float *dw = a->dWf + (ptrdiff_t)s[t].idx[k] * mp;
                const vf x = bc(s[t].val[k]);
                for (int j = 0; j < mp; j += V)
                    st(dw + j, fma_(x, ld(u + j), ld(dw + j)));
            }
        }
        flush(a, true);
    }
    return sum_lanes(loss);
}

#if MODEL_KERN_LEVEL == 2
/* The 8 x 8 block of doubles in r, transposed: pairs, then quads, then halves interleaved. */
INLINE void transpose8(__m512d r[8])
{
    const __m512i quad_lo = _mm512_set_epi64(13, 12, 5, 4, 9, 8, 1, 0);
    const __m512i quad_hi = _mm512_set_epi64(15, 14, 7, 6, 11, 10, 3, 2);
    const __m512i half_lo = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
    const __m512i half_hi = _mm512_set_epi64(15, 14, 13, 12, 7, 6, 5, 4);
    __m512d t[8], u[8];
    for (int k = 0; k < 8; k += 2) {
        t[k] = _mm512_unpacklo_pd(r[k], r[k + 1]);
        t[k + 1] = _mm512_unpackhi_pd(r[k], r[k + 1]);
    }
    for (int k = 0; k < 8; k += 4)
        for (int q = 0; q < 2; q++) {
            u[k + q] = _mm512_permutex2var_pd(t[k + q], quad_lo, t[k + q + 2]);
            u[k + q + 2] = _mm512_permutex2var_pd(t[k + q], quad_hi, t[k + q + 2]);
        }
    for (int c = 0; c < 4; c++) {
        r[c] = _mm512_permutex2var_pd(u[c], half_lo, u[c + 4]);
        r[c + 4] = _mm512_permutex2var_pd(u[c], half_hi, u[c + 4]);
    }
}

#else
/* A becomes A + A^T, in place, in 16 x 16 blocks so that its columns are read a block at a
 * time. */
static TARGET void symmetrise(const struct model_kern_args *a)
{
    const int np = a->np, B = 16;
    double *A = a->A;
    for (int k0 = 0; k0 < np; k0 += B)
        for (int j0 = k0; j0 < np; j0 += B)
            for (int k = k0; k < k0 + B; k++)
                for (int j = j0 == k0 ? k : j0; j < j0 + B; j++) {
                    const double sum = A[(ptrdiff_t)k * np + j] + A[(ptrdiff_t)j * np + k];
                    A[(ptrdiff_t)k * np + j] = A[(ptrdiff_t)j * np + k] = sum;
                }
}
#endif

/* C[r, j..j + NV V/2) = sum_k A[r lda + k] B[k ldb + j ...] in double for ROWS rows (NV a
 * constant after inlining: the accumulators stay in registers). */
INLINE void micro_double(const int NV, int K, const double *A, ptrdiff_t lda, const double *B,
                         ptrdiff_t ldb, double *C, ptrdiff_t ldc)
{
    const int H = V / 2;
    vd acc[ROWS][2] = { { { 0 } } };
    for (int k = 0; k < K; k++) {
        vd bk[2];
#pragma GCC unroll 2
        for (int v = 0; v < NV; v++)
            bk[v] = ldd(B + k * ldb + v * H);
#pragma GCC unroll 8
        for (int r = 0; r < ROWS; r++) {
            const vd x = BCD(A[r * lda + k]);
#pragma GCC unroll 2
            for (int v = 0; v < NV; v++)
                acc[r][v] = fmad(x, bk[v], acc[r][v]);
        }
    }
#pragma GCC unroll 8
    for (int r = 0; r < ROWS; r++)
#pragma GCC unroll 2
        for (int v = 0; v < NV; v++)
            std_(C + r * ldc + v * H, acc[r][v]);
}

/* C (rows x cols) = A B in double (A's rows at stride lda, B's and C's at ldb, ldc): the Gram
 * path's dL/dW = (A + A^T) W, in double so that its sums do not depend on how the trainer
 * cuts a batch into blocks. rows a multiple of ROWS, cols of V / 2 (m rounded up to a vector
 * of doubles, not to the padded mp: at m = 20, 24 columns instead of 32). */
static TARGET void gemm_double(int rows, int cols, int K, const double *A, ptrdiff_t lda,
                               const double *B, ptrdiff_t ldb, double *C, ptrdiff_t ldc)
{
    for (int i = 0; i < rows; i += ROWS) {
        int j = 0;
        for (; j + V <= cols; j += V)
            micro_double(2, K, A + i * lda, lda, B + j, ldb, C + i * ldc + j, ldc);
        if (j < cols)
            micro_double(1, K, A + i * lda, lda, B + j, ldb, C + i * ldc + j, ldc);
    }
}

/* A_j += x_j g for the sample's features j goes into A's float rows (Af, flushed into the
 * double A every GRAM_ROW_FLUSH updates of a row, so that float sums run over at most that
 * many samples, as the tiles' do). Each sample's g is written out once (row t of Eg, t its
 * place in the chunk's order) and the chunk's updates are then summed feature by feature, a
 * row of Af held in registers over its run of updates: per sample, the updates row by row
 * had been bound by their stores (K + 1 vector stores per vector of outputs). */
#define GRAM_ROW_FLUSH 32

/* Arows[j]: updates in row j of Af since its last flush, plus GRAM_ROW_HELD once row j of A
 * holds sums (before that, A's row is stale, not zero: it is written, not added to). */
#define GRAM_ROW_HELD (1 << 16)

/* Row j of Af into A, and back to zero. */
static TARGET void flush_row(const struct model_kern_args *a, int j)
{
    float *f = a->Af + (ptrdiff_t)j * a->np;
    double *d = a->A + (ptrdiff_t)j * a->np;
    const bool held = a->Arows[j] & GRAM_ROW_HELD;
    for (int i = 0; i < a->np; i += V) {
        const vf v = ld(f + i);
        const vd lo = held ? ldd(d + i) : (vd){ 0 }, hi = held ? ldd(d + i + V / 2) : (vd){ 0 };
        std_(d + i, lo + WIDEN_LO(v));
        std_(d + i + V / 2, hi + WIDEN_HI(v));
        st(f + i, (vf){ 0 });
    }
    a->Arows[j] = GRAM_ROW_HELD;
}

#if MODEL_KERN_LEVEL == 2
/* Row r's final sums in columns [c, c + 8): A's double row where it holds sums, plus Af's
 * float part, which goes back to zero. */
INLINE __m512d final_sums(const struct model_kern_args *a, ptrdiff_t r, ptrdiff_t c)
{
    float *f = a->Af + r * a->np + c;
    const __m512d held = a->Arows[r] & GRAM_ROW_HELD ? _mm512_loadu_pd(a->A + r * a->np + c)
                                                     : _mm512_setzero_pd();
    const __m512d sum = _mm512_add_pd(held, _mm512_cvtps_pd(_mm256_loadu_ps(f)));
    _mm256_storeu_ps(f, _mm256_setzero_ps());
    return sum;
}

/* At the batch's end A becomes A + A^T of its final sums, in place, 8 x 8 blocks at a time,
 * transposed in registers (the scalar version spent most of a step's fixed work at n = 400
 * on it), and the rows' float parts are taken in the same pass (a pass flushing every row
 * first cost 4% of a step there). Af and Arows are left zero for the next batch. */
static TARGET void finish_symmetric(const struct model_kern_args *a)
{
    const ptrdiff_t np = a->np;
    double *A = a->A;
    for (ptrdiff_t k0 = 0; k0 < np; k0 += 8)
        for (ptrdiff_t j0 = k0; j0 < np; j0 += 8) {
            __m512d x[8], y[8];
            for (int q = 0; q < 8; q++)
                x[q] = final_sums(a, k0 + q, j0);
            for (int q = 0; q < 8; q++)
                y[q] = j0 == k0 ? x[q] : final_sums(a, j0 + q, k0);
            transpose8(y);
            for (int q = 0; q < 8; q++)
                x[q] = _mm512_add_pd(x[q], y[q]);
            for (int q = 0; q < 8; q++)
                _mm512_storeu_pd(A + (k0 + q) * np + j0, x[q]);
            transpose8(x);
            for (int q = 0; q < 8; q++)
                _mm512_storeu_pd(A + (j0 + q) * np + k0, x[q]);
        }
    for (ptrdiff_t j = 0; j < np; j++)
        a->Arows[j] = 0;
}
#else
/* At the batch's end every row of A holds its sums (pad rows zeros): no memset of A per
 * batch. Af and Arows are left zero for the next batch. */
static TARGET void finish_rows(const struct model_kern_args *a)
{
    for (int j = 0; j < a->np; j++) {
        if (a->Arows[j] != GRAM_ROW_HELD)
            flush_row(a, j);
        a->Arows[j] = 0;
    }
}

/* The batch's A + A^T. */
static TARGET void finish_symmetric(const struct model_kern_args *a)
{
    finish_rows(a);
    symmetrise(a);
}
#endif

/* A_j += x_j g for every vector, also where g is 0 (adding 0 changes no sum): a test per
 * vector skipping those mispredicted (a third to a half of the outputs are off in no set
 * pattern) and cost more than the updates it saved. */
INLINE void add_rows(const int K, float *const *row, const vf *x, int i, vf g)
{
#pragma GCC unroll 8
    for (int q = 0; q < K; q++)
        st(row[q] + i, fma_(x[q], g, ld(row[q] + i)));
}

/* The sample's rows of Af have had one more update each. */
INLINE void count_rows(const struct model_kern_args *a, const int *idx, int count)
{
    for (int e = 0; e < count; e++)
        if ((++a->Arows[idx[e]] & (GRAM_ROW_HELD - 1)) == GRAM_ROW_FLUSH)
            flush_row(a, idx[e]);
}

/* Up to four of a sample's entries at once, their rows of G (or A) and values hoisted:
 * p = base + sum_q x_q G_j_q (G symmetric: row j is column j), or A_j_q += x_q p. */
INLINE void gram_rows(const int K, const struct model_kern_args *a, const int *idx,
                      const float *val, const float *base, float *p, bool update)
{
    const int np = a->np;
    const float *row[4];
    float *arow[4];
    vf x[4];
#pragma GCC unroll 4
    for (int q = 0; q < K; q++) {
        row[q] = a->G + (ptrdiff_t)idx[q] * np;
        arow[q] = a->Af + (ptrdiff_t)idx[q] * np;
        x[q] = bc(val[q]);
    }
    for (int i = 0; i < np; i += V) {
        if (update) {
            add_rows(K, arow, x, i, ld(p + i));
            continue;
        }
        vf acc = ld(base + i);
#pragma GCC unroll 4
        for (int q = 0; q < K; q++)
            acc = fma_(x[q], ld(row[q] + i), acc);
        st(p + i, acc);
    }
}

static TARGET void gram_entries(const struct model_kern_args *a, const struct model_kern_sample *s,
                                float *p, bool update)
{
    for (int k = 0; k < s->count; k += 4) {
        const float *base = k ? p : a->b;
        switch (s->count - k) {
        case 1: gram_rows(1, a, s->idx + k, s->val + k, base, p, update); break;
        case 2: gram_rows(2, a, s->idx + k, s->val + k, base, p, update); break;
        case 3: gram_rows(3, a, s->idx + k, s->val + k, base, p, update); break;
        default: gram_rows(4, a, s->idx + k, s->val + k, base, p, update); break;
        }
    }
}

/* A sample of K active features (K a constant, up to GRAM_FUSED) in one pass over the
 * outputs: pre = b + sum_q x_q G_j_q, the residual against its dense row x, and g either into
 * e (the buckets' row) or, with `direct`, into dL/db and the rows A_j_q += x_q g at once; with
 * neither the loss only. */
#define GRAM_FUSED 8

INLINE vf gram_fused(const int K, const struct model_kern_args *a,
                     const struct model_kern_sample *s, const float *xrow, float *e, bool direct)
{
    const int np = a->np;
    const float *G[GRAM_FUSED], *b = a->b, *c = a->c, *imp = a->imp;
    float *A[GRAM_FUSED], *gsum = a->gsum;
    vf x[GRAM_FUSED];
#pragma GCC unroll 8
    for (int q = 0; q < K; q++) {
        G[q] = a->G + (ptrdiff_t)s->idx[q] * np;
        A[q] = a->Af + (ptrdiff_t)s->idx[q] * np;
        x[q] = bc(s->val[q]);
    }
    const vi all = (vi){ 0 } - 1;
    vf loss = { 0 };
    for (int i = 0; i < np; i += V) {
        vf pre = ld(b + i);
#pragma GCC unroll 8
        for (int q = 0; q < K; q++)
            pre = fma_(x[q], ld(G[q] + i), pre);
        const vi on = a->relu ? pre > (vf){ 0 } : all;
        const vf r = vsel(on, pre) - ld(xrow + i);
        loss = fma_(ld(imp + i) * r, r, loss);
        const vf g = vsel(on, ld(c + i)) * r;
        if (direct) {
            st(gsum + i, ld(gsum + i) + g);
            add_rows(K, A, x, i, g);
        } else if (e) {
            st(e + i, g);
        }
    }
    if (direct)
        count_rows(a, s->idx, K);
    return loss;
}

/* Any sample, x its dense row: in one pass when it has few active features, else in passes
 * of four; g as gram_fused takes it. */
INLINE vf gram_sample(const struct model_kern_args *a, const struct model_kern_sample *s,
                      const float *xrow, float *e, bool direct)
{
    switch (s->count) {
    case 1: return gram_fused(1, a, s, xrow, e, direct);
    case 2: return gram_fused(2, a, s, xrow, e, direct);
    case 3: return gram_fused(3, a, s, xrow, e, direct);
    case 4: return gram_fused(4, a, s, xrow, e, direct);
    case 5: return gram_fused(5, a, s, xrow, e, direct);
    case 6: return gram_fused(6, a, s, xrow, e, direct);
    case 7: return gram_fused(7, a, s, xrow, e, direct);
    case 8: return gram_fused(8, a, s, xrow, e, direct);
    default: break;
    }
    gram_entries(a, s, a->P, false);
    const vf loss = residual(a, s, xrow, a->P, e ? e : a->E);
    if (direct) {
        for (int i = 0; i < a->np; i += V)
            st(a->gsum + i, ld(a->gsum + i) + ld(a->E + i));
        gram_entries(a, s, a->E, true);
        count_rows(a, s->idx, s->count);
    }
    return loss;
}

/* The entries of a chunk go through the buckets when each feature has on average at least
 * this many (fewer, and a row of Af read and written per bucket costs as much as per entry:
 * measured at (100, 20, 0.05), about 13 a feature, 1.33x faster in buckets; at
 * (400, 30, 0.01), about 2.6, 1.1x slower). */
#define GRAM_BUCKET_MIN 6

/* The entry (sample t of the chunk's order, value x) of feature j, in j's bucket. */
INLINE void bucket_put(const struct model_kern_args *a, int j, int t, float x)
{
    const ptrdiff_t at = (ptrdiff_t)j * MODEL_KERN_CHUNK + a->bcount[j]++;
    a->bt[at] = t;
    a->bx[at] = x;
}

/* Writes the sample's values into its dense row and, with `buckets`, its entries into the
 * buckets as sample t; or clears the row (t < 0). */
INLINE void scatter_row(const struct model_kern_args *a, float *row,
                        const struct model_kern_sample *s, int t, bool buckets)
{
    for (int e = 0; e < s->count; e++) {
        row[s->idx[e]] = t >= 0 ? s->val[e] : 0.0f;
        if (t >= 0 && buckets)
            bucket_put(a, s->idx[e], t, s->val[e]);
    }
}

/* The chunk's samples ordered by their count of active features (all past GRAM_FUSED
 * together), so that the branch on the count predicts; within a count, in batch order.
 * Returns the chunk's entries. */
static TARGET int order_by_count(const struct model_kern_args *a)
{
    int entries = 0;
    int first[GRAM_FUSED + 2] = { 0 };
    for (int t = 0; t < a->count; t++) {
        const int k = a->samples[t].count;
        first[(k < GRAM_FUSED ? k : GRAM_FUSED) + 1]++;
        entries += k;
    }
    for (int k = 1; k <= GRAM_FUSED + 1; k++)
        first[k] += first[k - 1];
    for (int t = 0; t < a->count; t++) {
        const int k = a->samples[t].count;
        a->order[first[k < GRAM_FUSED ? k : GRAM_FUSED]++] = t;
    }
    return entries;
}

/* row[i, i + NV V) += sum over its entries of x E_t (x = 1 over the samples [e0, e1) when
 * bt is NULL), the NV vectors in registers. */
INLINE void strip_sum(const int NV, const struct model_kern_args *a, float *row, int i,
                      const int *bt, const float *bx, int e0, int e1)
{
    vf acc[8];
#pragma GCC unroll 8
    for (int v = 0; v < NV; v++)
        acc[v] = ld(row + i + v * V);
    for (int e = e0; e < e1; e++) {
        const float *g = a->Eg + (ptrdiff_t)(bt ? bt[e] : e) * a->np + i;
        if (bt) {
            const vf x = bc(bx[e]);
#pragma GCC unroll 8
            for (int v = 0; v < NV; v++)
                acc[v] = fma_(x, ld(g + v * V), acc[v]);
        } else {
#pragma GCC unroll 8
            for (int v = 0; v < NV; v++)
                acc[v] += ld(g + v * V);
        }
    }
#pragma GCC unroll 8
    for (int v = 0; v < NV; v++)
        st(row + i + v * V, acc[v]);
}

/* The whole row, in strips of 8, 4, 2 and 1 vectors. */
static TARGET void row_sum(const struct model_kern_args *a, float *row, const int *bt,
                           const float *bx, int e0, int e1)
{
    int i = 0;
    for (; i + 8 * V <= a->np; i += 8 * V)
        strip_sum(8, a, row, i, bt, bx, e0, e1);
    if (i + 4 * V <= a->np) {
        strip_sum(4, a, row, i, bt, bx, e0, e1);
        i += 4 * V;
    }
    if (i + 2 * V <= a->np) {
        strip_sum(2, a, row, i, bt, bx, e0, e1);
        i += 2 * V;
    }
    if (i < a->np)
        strip_sum(1, a, row, i, bt, bx, e0, e1);
}

/* dL/db += the chunk's rows of g, summed in float over MODEL_KERN_TILE samples at a time. */
static TARGET void bias_grad(const struct model_kern_args *a)
{
    for (int t0 = 0; t0 < a->count; t0 += MODEL_KERN_TILE) {
        const int t1 = a->count - t0 < MODEL_KERN_TILE ? a->count : t0 + MODEL_KERN_TILE;
        row_sum(a, a->gsum, NULL, NULL, t0, t1);
        flush(a, false);
    }
}

/* A_j += x_j g for the chunk's entries, feature by feature, in runs that end where row j of
 * Af is due its flush; the buckets left empty. */
static TARGET void update_rows(const struct model_kern_args *a)
{
    for (int j = 0; j < a->n; j++) {
        const int *bt = a->bt + (ptrdiff_t)j * MODEL_KERN_CHUNK;
        const float *bx = a->bx + (ptrdiff_t)j * MODEL_KERN_CHUNK;
        for (int e0 = 0, e1 = a->bcount[j]; e0 < e1;) {
            const int room = GRAM_ROW_FLUSH - (a->Arows[j] & (GRAM_ROW_HELD - 1));
            const int e2 = e1 - e0 < room ? e1 : e0 + room;
            row_sum(a, a->Af + (ptrdiff_t)j * a->np, bt, bx, e0, e2);
            a->Arows[j] += e2 - e0;
            if ((a->Arows[j] & (GRAM_ROW_HELD - 1)) == GRAM_ROW_FLUSH)
                flush_row(a, j);
            e0 = e2;
        }
        a->bcount[j] = 0;
    }
}

/* The chunk's samples in order, g as gram_fused takes it (direct or into the buckets). Each
 * sample's x as a dense row, written a sample ahead into the other of two rows (so that the
 * vector loads do not wait on the scalar stores) and cleared after. With the order by count,
 * measured 1.15x faster at (100, 20, 0.05) than x built by a masked compare per active
 * feature and vector of outputs. */
INLINE vd samples_pass(const struct model_kern_args *a, bool direct, bool buckets)
{
    const int np = a->np;
    vd loss = { 0 };
    if (a->count)
        scatter_row(a, a->Xr, &a->samples[a->order[0]], 0, buckets);
    for (int t = 0; t < a->count; t++) {
        const struct model_kern_sample *s = &a->samples[a->order[t]];
        float *row = a->Xr + (t & 1) * np;
        if (t + 1 < a->count)
            scatter_row(a, a->Xr + ((t + 1) & 1) * np, &a->samples[a->order[t + 1]], t + 1,
                        buckets);
        float *e = buckets ? a->Eg + (ptrdiff_t)t * np : NULL;
        loss = widen(loss, gram_sample(a, s, row, e, direct));
        scatter_row(a, row, s, -1, false);
        if (direct && (t + 1) % MODEL_KERN_TILE == 0)
            flush(a, false);
    }
    return loss;
}

/* One copy per use, so that no flag is tested per vector. */
static TARGET vd pass_loss(const struct model_kern_args *a)
{
    return samples_pass(a, false, false);
}

static TARGET vd pass_direct(const struct model_kern_args *a)
{
    return samples_pass(a, true, false);
}

static TARGET vd pass_buckets(const struct model_kern_args *a)
{
    return samples_pass(a, false, true);
}

static TARGET double LEVEL(gram)(const struct model_kern_args *a)
{
    const int np = a->np, mp = a->mp;
    if (a->first)
        gemm(np, np, a->m, a->Wp, mp, 1, a->Wt, np, NULL, a->G, np, false);
    if (a->first && a->gW)
        memset(a->gsum, 0, (size_t)np * sizeof *a->gsum);
    const int entries = order_by_count(a);
    const bool buckets = a->gW && entries >= GRAM_BUCKET_MIN * a->n;
    const vd loss = !a->gW ? pass_loss(a) : buckets ? pass_buckets(a) : pass_direct(a);
    if (!a->gW)
        return sum_lanes(loss);
    if (buckets) {
        bias_grad(a);
        update_rows(a);
    } else {
        flush(a, false);
    }
    if (!a->last)
        return sum_lanes(loss);
    finish_symmetric(a);
    for (int k = 0; k < np * mp; k++)
        a->Wd[k] = a->Wp[k];
    const int cols = (a->m + V / 2 - 1) / (V / 2) * (V / 2);
    gemm_double(np, cols, a->n, a->A, np, a->Wd, mp, a->Cd, mp);
    for (int i = 0; i < a->n; i++)
        for (int d = 0; d < a->m; d++)
            a->gW[(ptrdiff_t)i * a->m + d] += a->Cd[(ptrdiff_t)i * mp + d];
    return sum_lanes(loss);
}

const struct model_kern_level LEVEL(model_kern) = { .tiles = LEVEL(tiles), .gram = LEVEL(gram) };

#else /* KERN_NONE */
#if MODEL_KERN_LEVEL == 2
const struct model_kern_level model_kern_avx512 = { 0 };
#else
const struct model_kern_level model_kern_avx2 = { 0 };
#endif
#endif
