#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "model_kern.h"
#include "model_simd.h"
#include "model_neurons.h"
#include "model_work.h"

size_t model_bytes(int n, int m)
{
    return sizeof(struct model) + model_param_count(n, m) * sizeof(float) +
           model_work_bytes(n, m) + model_dense_bytes(n, m);
}

struct model *model_create(int n, int m, enum model_activation act)
{
    struct model *md = calloc(1, sizeof *md);
    if (!md)
        return NULL;
    md->n = n;
    md->m = m;
    md->act = act;
    md->simd = simd_detect();
    md->params = calloc(model_param_count(n, m), sizeof *md->params);
    md->work = model_work_create(n, m);
    if (!md->params || !md->work || !model_dense_create(md)) {
        model_destroy(md);
        return NULL;
    }
    md->W = md->params;
    md->b = md->params + (size_t)n * (size_t)m;
    return md;
}

void model_destroy(struct model *md)
{
    if (!md)
        return;
    free(md->params);
    model_work_destroy(md->work);
    model_dense_destroy(md->dense);
    free(md);
}

static inline float activate(enum model_activation act, float pre)
{
    return act == MODEL_RELU && pre <= 0.0f ? 0.0f : pre;
}

/* An all-zero sample has h = 0, so x' = act(b): it moves only the bias, by the same amount for
 * every such sample. Adds count copies of its loss and gradient. */
static double zero_samples(const struct model *md, const float *importance, double count,
                           double scale, double *gb)
{
    double loss = 0.0;
    for (int i = 0; i < md->n; i++) {
        double out = activate(md->act, md->b[i]);
        loss += importance[i] * out * out;
        if (gb)
            gb[i] += count * 2.0 * scale * importance[i] * out;
    }
    return count * loss;
}

/* The two halves of dL/dW for one sample: row i gets g_i h (and u collects sum_i g_i W_i),
 * then every active feature's row gets x_j u. Inlined so a known m unrolls. */
static inline __attribute__((always_inline)) void
add_row_grad(double *gw, float *u, const float *h, const float *w, float gi, int m)
{
    for (int d = 0; d < m; d++) {
        gw[d] += gi * h[d];
        u[d] += gi * w[d];
    }
}

static inline __attribute__((always_inline)) void
add_input_grad(double *gW, const float *u, const int *idx, const float *val, int count, int m)
{
    for (int e = 0; e < count; e++) {
        double *gw = gW + (size_t)idx[e] * m;
        for (int d = 0; d < m; d++)
            gw[d] += u[d] * val[e];
    }
}

/* One sample with active entries idx/val: accumulates its loss and, when grad is set,
 *   dL/db_i += g_i,  dL/dW_i += g_i h + x_i sum_k g_k W_k,  g_i = c_i (x'_i - x_i) act'_i,
 * with c_i = 2 I_i / (B n). Written for a hidden size M (1 to 4) that the compiler knows, so
 * the loops over it unroll and h, u stay in registers. */
static inline __attribute__((always_inline)) double
one_sample(struct model *md, const float *importance, const int *idx, const float *val,
           int count, double *grad, const int M)
{
    const int n = md->n, m = M;
    const bool relu = md->act == MODEL_RELU;
    const float *W = md->W, *b = md->b, *c = md->work->c;
    float h[4], u[4], *g = md->work->g;
    for (int d = 0; d < m; d++)
        h[d] = 0.0f;
    for (int e = 0; e < count; e++) {
        const float *w = W + (size_t)idx[e] * m;
        for (int d = 0; d < m; d++)
            h[d] += w[d] * val[e];
    }
    double loss = 0.0;
    int e = 0;
    for (int i = 0; i < n; i++) {
        const float *w = W + (size_t)i * m;
        float pre = b[i];
        for (int d = 0; d < m; d++)
            pre += w[d] * h[d];
        float x = 0.0f;
        if (e < count && idx[e] == i)
            x = val[e++];
        bool on = !relu || pre > 0.0f;
        float r = (on ? pre : 0.0f) - x;
        loss += importance[i] * r * r;
        g[i] = on ? c[i] * r : 0.0f;
    }
    if (!grad)
        return loss;
    double *gW = grad, *gb = grad + (size_t)n * m;
    for (int d = 0; d < m; d++)
        u[d] = 0.0f;
    for (int i = 0; i < n; i++) {
        if (g[i] == 0.0f)
            continue;
        add_row_grad(gW + (size_t)i * m, u, h, W + (size_t)i * m, g[i], m);
        gb[i] += g[i];
    }
    add_input_grad(gW, u, idx, val, count, m);
    return loss;
}

/* The same for any hidden size, organised for long vectors: pre-activations as m axpys over
 * the transposed weights, and gradient rows only for features with g_i != 0. */
static double one_sample_general(struct model *md, const float *importance, const int *idx,
                                 const float *val, int count, double *grad)
{
    const int n = md->n, m = md->m;
    struct model_work *wk = md->work;
    const float *W = md->W;
    float *h = wk->h, *u = wk->u, *x = wk->x, *pre = wk->pre;
    for (int d = 0; d < m; d++)
        h[d] = u[d] = 0.0f;
    for (int e = 0; e < count; e++) {
        const float *w = W + (size_t)idx[e] * m;
        for (int d = 0; d < m; d++)
            h[d] += w[d] * val[e];
        x[idx[e]] = val[e];
    }
    memcpy(pre, md->b, (size_t)n * sizeof *pre);
    for (int d = 0; d < m; d++) {
        const float *wt = wk->Wt + (size_t)d * n, hd = h[d];
        for (int i = 0; i < n; i++)
            pre[i] += hd * wt[i];
    }
    const bool relu = md->act == MODEL_RELU;
    double loss = 0.0;
    int live = 0;
    for (int i = 0; i < n; i++) {
        bool on = !relu || pre[i] > 0.0f;
        float r = (on ? pre[i] : 0.0f) - x[i];
        if (r != 0.0f) {
            loss += importance[i] * r * r;
            wk->g[live] = on ? wk->c[i] * r : 0.0f;
            wk->live[live++] = i;
        }
    }
    for (int e = 0; e < count; e++)
        x[idx[e]] = 0.0f;
    if (!grad)
        return loss;
    double *gW = grad, *gb = grad + (size_t)n * m;
    for (int k = 0; k < live; k++) {
        const int i = wk->live[k];
        add_row_grad(gW + (size_t)i * m, u, h, W + (size_t)i * m, wk->g[k], m);
        gb[i] += wk->g[k];
    }
    add_input_grad(gW, u, idx, val, count, m);
    return loss;
}

static inline __attribute__((always_inline)) double
all_samples(struct model *md, const float *importance, const struct batch *bt, double *grad,
            const int M)
{
    double loss = 0.0;
    for (int i = 0; !M && i < md->n; i++) /* W transposed for the general path */
        for (int d = 0; d < md->m; d++)
            md->work->Wt[(size_t)d * md->n + i] = md->W[(size_t)i * md->m + d];
    for (int j = 0; j < bt->features; j++) {
        const float *v = bt->single_val + (size_t)j * (size_t)bt->size;
        for (int k = 0; k < bt->single_count[j]; k++)
            loss += M ? one_sample(md, importance, &j, v + k, 1, grad, M)
                      : one_sample_general(md, importance, &j, v + k, 1, grad);
    }
    for (int k = 0; k < bt->listed; k++) {
        int s = bt->start[k], count = bt->start[k + 1] - s;
        loss += M ? one_sample(md, importance, bt->idx + s, bt->val + s, count, grad, M)
                  : one_sample_general(md, importance, bt->idx + s, bt->val + s, count, grad);
    }
    return loss;
}

/* G = W W^T, column j at G + j * stride. */
static void gram_matrix(const float *W, int n, int m, float *G, int stride)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++) {
            float dot = 0.0f;
            for (int d = 0; d < m; d++)
                dot += W[(size_t)i * m + d] * W[(size_t)j * m + d];
            G[(size_t)i * stride + j] = G[(size_t)j * stride + i] = dot;
        }
}

/* dL/dW_k += sum_j (A_kj + A_jk) W_j, with A_ij = A[j * stride + i]. */
static void gram_weight_grad(const float *W, int n, int m, const double *A, int stride,
                             double *gW)
{
    for (int k = 0; k < n; k++) {
        double *gw = gW + (size_t)k * m;
        for (int j = 0; j < n; j++) {
            double a = A[(size_t)j * stride + k] + A[(size_t)k * stride + j];
            if (a == 0.0)
                continue;
            for (int d = 0; d < m; d++)
                gw[d] += a * W[(size_t)j * m + d];
        }
    }
}

/* Gram path. With G = W W^T, pre = b + G x needs only the active columns of G; and since
 *   dL/dW_k = sum_s [g_k h + x_k sum_i g_i W_i] = sum_j (A_kj + A_jk) W_j,  A = sum_s g x^T,
 * each sample only adds g x_j to the columns j of its active features. Cheap when a sample has
 * fewer active features than W has hidden dimensions, the sparse regime the paper studies. */
static double gram_sample(struct model *md, const float *importance, const int *idx,
                          const float *val, int count, double *gb)
{
    const int n = md->n;
    struct model_work *wk = md->work;
    float *pre = wk->pre, *g = wk->g;
    const float *c = wk->c;
    memcpy(pre, md->b, (size_t)n * sizeof *pre);
    for (int e = 0; e < count; e++) {
        const float *col = wk->G + (size_t)idx[e] * n, v = val[e];
        for (int i = 0; i < n; i++)
            pre[i] += v * col[i];
    }
    const bool relu = md->act == MODEL_RELU;
    for (int i = 0; i < n; i++) {
        float on = !relu || pre[i] > 0.0f ? 1.0f : 0.0f;
        pre[i] *= on;  /* now the output x'_i */
        g[i] = on * c[i];
    }
    for (int e = 0; e < count; e++)
        pre[idx[e]] -= val[e]; /* now the residual r_i */
    double loss = 0.0;
    for (int i = 0; i < n; i++) {
        loss += importance[i] * pre[i] * pre[i];
        g[i] *= pre[i];
    }
    if (!gb)
        return loss;
    for (int i = 0; i < n; i++)
        gb[i] += g[i];
    for (int e = 0; e < count; e++) {
        double *col = wk->A + (size_t)idx[e] * n;
        const float v = val[e];
        for (int i = 0; i < n; i++)
            col[i] += v * g[i];
    }
    return loss;
}

static double gram_batch(struct model *md, const float *importance, const struct batch *bt,
                         double *grad)
{
    const int n = md->n, m = md->m;
    struct model_work *wk = md->work;
    gram_matrix(md->W, n, m, wk->G, n);
    if (grad)
        memset(wk->A, 0, (size_t)n * n * sizeof *wk->A);
    double loss = 0.0, *gb = grad ? grad + (size_t)n * m : NULL;
    for (int j = 0; j < n; j++) {
        const float *v = bt->single_val + (size_t)j * (size_t)bt->size;
        for (int k = 0; k < bt->single_count[j]; k++)
            loss += gram_sample(md, importance, &j, v + k, 1, gb);
    }
    for (int k = 0; k < bt->listed; k++) {
        int s = bt->start[k];
        loss += gram_sample(md, importance, bt->idx + s, bt->val + s, bt->start[k + 1] - s, gb);
    }
    if (grad)
        gram_weight_grad(md->W, n, m, wk->A, n, grad);
    return loss;
}

/* Vectors of 4 floats (GNU C vector extensions: SSE2 on x86-64, whatever the target has
 * elsewhere), HALVES of them per LANES, so that the on/off tests below become masks, not
 * branches that mispredict on every fresh batch. Loads go through memcpy: no alignment is
 * assumed. */
typedef float vec4 __attribute__((vector_size(16)));
typedef int32_t mask4 __attribute__((vector_size(16)));
typedef double vec4d __attribute__((vector_size(32))); /* two SSE2 vectors at the baseline */
#define HALVES (LANES / 4)
_Static_assert(LANES % 4 == 0, "lanes come in vectors of 4");

#define VEC4_LOAD(v, p) memcpy(&(v), (p), sizeof(v))
#define VEC4_MASK(v, m) ((vec4)((mask4)(v) & (m))) /* v where m is set, else 0 */

/* Partial sums are float over at most GROUP_BLOCK samples, double beyond. */
#define GROUP_BLOCK 32

/* Grouped path, samples with one active feature j of value x. Their pre-activations
 * pre_i = b_i + x G_ij are linear in x, so with a_i = G_ij - [i = j] and the moments
 * N_i, S1_i, S2_i = sum of 1, x, x^2 over the samples with unit i on (all, if linear):
 *   sum g_i = c_i (b_i N_i + a_i S1_i),   sum x g_i = c_i (b_i S1_i + a_i S2_i),
 *   sum I_i r_i^2 = I_i (b_i^2 N_i + 2 a_i b_i S1_i + a_i^2 S2_i) + I_j (sum x^2 - S2_j)
 * (the last term: r_j = -x where unit j is off). Per sample this is only the on/off test and
 * three masked sums, all in registers. */
static inline __attribute__((always_inline)) double
group_moments(const struct lanes *ln, int j, const float *x, int count, bool relu,
              double mom[3][LANES])
{
    const vec4 zero = { 0 }, one = zero + 1.0f;
    vec4 b[HALVES], gj[HALVES];
    for (int h = 0; h < HALVES; h++) {
        VEC4_LOAD(b[h], ln->b + 4 * h);
        VEC4_LOAD(gj[h], ln->G + (size_t)j * LANES + 4 * h);
    }
    double sum2 = 0.0;
    for (int k0 = 0; k0 < count; k0 += GROUP_BLOCK) {
        const int k1 = count - k0 < GROUP_BLOCK ? count : k0 + GROUP_BLOCK;
        vec4 n0[HALVES], n1[HALVES], n2[HALVES];
        for (int h = 0; h < HALVES; h++)
            n0[h] = n1[h] = n2[h] = zero;
        float t2 = 0.0f;
        for (int k = k0; k < k1; k++) {
            const float v = x[k], v2 = v * v;
            t2 += v2;
            for (int h = 0; h < HALVES; h++) {
                const mask4 on = relu ? b[h] + v * gj[h] > zero : (mask4){ -1, -1, -1, -1 };
                n0[h] += VEC4_MASK(one, on);
                n1[h] += VEC4_MASK(zero + v, on);
                n2[h] += VEC4_MASK(zero + v2, on);
            }
        }
        for (int i = 0; i < LANES; i++) {
            mom[0][i] += n0[i / 4][i % 4];
            mom[1][i] += n1[i / 4][i % 4];
            mom[2][i] += n2[i / 4][i % 4];
        }
        sum2 += t2;
    }
    return sum2;
}

static double group_finish(struct lanes *ln, int n, int j, double mom[3][LANES], double sum2)
{
    double loss = ln->imp[j] * (sum2 - mom[2][j]);
    for (int i = 0; i < n; i++) {
        const double a = ln->G[(size_t)j * LANES + i] - (i == j), b = ln->b[i], c = ln->c[i];
        const double N = mom[0][i], S1 = mom[1][i], S2 = mom[2][i];
        ln->gb[i] += c * (b * N + a * S1);
        ln->A[(size_t)j * LANES + i] += c * (b * S1 + a * S2);
        loss += ln->imp[i] * (b * b * N + 2.0 * a * b * S1 + a * a * S2);
    }
    return loss;
}

/* Grouped path, one listed sample (several active features): the Gram path on padded vectors.
 * Adds I r^2 to loss and g to gsum, g x_j to A's columns. */
static inline __attribute__((always_inline)) void
listed_sample(struct lanes *ln, const int *idx, const float *val, int count, bool relu,
              vec4 loss[HALVES], vec4 gsum[HALVES])
{
    const vec4 zero = { 0 };
    const mask4 iota = { 0, 1, 2, 3 };
    vec4 pre[HALVES], x[HALVES], g[HALVES];
    for (int h = 0; h < HALVES; h++) {
        VEC4_LOAD(pre[h], ln->b + 4 * h);
        x[h] = zero;
    }
    for (int e = 0; e < count; e++) {
        const float v = val[e];
        for (int h = 0; h < HALVES; h++) {
            vec4 gj;
            VEC4_LOAD(gj, ln->G + (size_t)idx[e] * LANES + 4 * h);
            pre[h] += v * gj;
            x[h] += VEC4_MASK(zero + v, iota + 4 * h == idx[e]);
        }
    }
    for (int h = 0; h < HALVES; h++) {
        vec4 imp, c;
        VEC4_LOAD(imp, ln->imp + 4 * h);
        VEC4_LOAD(c, ln->c + 4 * h);
        const mask4 on = relu ? pre[h] > zero : (mask4){ -1, -1, -1, -1 };
        const vec4 r = VEC4_MASK(pre[h], on) - x[h];
        g[h] = VEC4_MASK(c * r, on);
        loss[h] += imp * r * r;
        gsum[h] += g[h];
    }
    /* A's columns in vectors of doubles: the float products val g widened exactly, as the
     * scalar loop did element by element (it was not vectorised, and cost 8% of training at
     * (5, 2, 0.05)). */
    for (int e = 0; e < count; e++) {
        double *a = ln->A + (size_t)idx[e] * LANES;
        for (int h = 0; h < HALVES; h++) {
            vec4d col;
            VEC4_LOAD(col, a + 4 * h);
            col += __builtin_convertvector(val[e] * g[h], vec4d);
            memcpy(a + 4 * h, &col, sizeof col);
        }
    }
}

static inline __attribute__((always_inline)) double
listed_lanes(struct lanes *ln, const struct batch *bt, bool relu)
{
    double loss = 0.0;
    for (int k0 = 0; k0 < bt->listed; k0 += GROUP_BLOCK) {
        const int k1 = bt->listed - k0 < GROUP_BLOCK ? bt->listed : k0 + GROUP_BLOCK;
        vec4 lsum[HALVES] = { { 0 } }, gsum[HALVES] = { { 0 } };
        for (int k = k0; k < k1; k++) {
            const int s = bt->start[k];
            listed_sample(ln, bt->idx + s, bt->val + s, bt->start[k + 1] - s, relu, lsum, gsum);
        }
        for (int i = 0; i < LANES; i++) {
            ln->gb[i] += gsum[i / 4][i % 4];
            loss += lsum[i / 4][i % 4];
        }
    }
    return loss;
}

static inline __attribute__((always_inline)) double
grouped_samples(struct lanes *ln, int n, const struct batch *bt, bool relu)
{
    double loss = 0.0;
    for (int j = 0; j < n; j++) {
        if (!bt->single_count[j])
            continue;
        double mom[3][LANES] = { { 0 } };
        const float *x = bt->single_val + (size_t)j * (size_t)bt->size;
        double sum2 = group_moments(ln, j, x, bt->single_count[j], relu, mom);
        loss += group_finish(ln, n, j, mom, sum2);
    }
    return loss + listed_lanes(ln, bt, relu);
}

static double grouped_batch(struct model *md, const float *importance, const struct batch *bt,
                            double *grad)
{
    const int n = md->n, m = md->m;
    struct lanes *ln = md->work->lanes;
    memset(ln, 0, sizeof *ln);
    gram_matrix(md->W, n, m, ln->G, LANES);
    for (int i = 0; i < n; i++) {
        ln->b[i] = md->b[i];
        ln->c[i] = md->work->c[i];
        ln->imp[i] = importance[i];
    }
    double loss = md->act == MODEL_RELU ? grouped_samples(ln, n, bt, true)
                                        : grouped_samples(ln, n, bt, false);
    if (grad) {
        for (int i = 0; i < n; i++)
            grad[(size_t)n * m + i] += ln->gb[i];
        gram_weight_grad(md->W, n, m, ln->A, LANES, grad);
    }
    return loss;
}

static enum model_path choose_path(const struct model *md, const struct batch *bt,
                                   double density)
{
    const bool grouped_ok = md->work->lanes && bt->features == md->n;
    switch (md->path) {
    case MODEL_PATH_ROWS: return MODEL_PATH_ROWS;
    case MODEL_PATH_GRAM: return md->work->G ? MODEL_PATH_GRAM : MODEL_PATH_ROWS;
    case MODEL_PATH_GROUPED: return grouped_ok ? MODEL_PATH_GROUPED : MODEL_PATH_ROWS;
    case MODEL_PATH_TILES: case MODEL_PATH_GRAM_SIMD: return md->path;
    case MODEL_PATH_AUTO: case MODEL_PATH_LANES: break;
    }
    if (grouped_ok || model_dense_choose(md, density) != MODEL_PATH_AUTO)
        return grouped_ok ? MODEL_PATH_GROUPED : model_dense_choose(md, density);
    /* Per sample, rows cost ~3 n m and Gram ~2 n (n density active): measured, Gram wins from
     * (20, 5, 0.05) up. */
    return md->work->G && 2.0 * md->n * density < 3.0 * md->m ? MODEL_PATH_GRAM : MODEL_PATH_ROWS;
}

double model_loss_grad(struct model *md, const float *importance, const struct batch *bt,
                       double density, double *grad)
{
    if (md->kind != MODEL_TIED)
        return model_neurons_loss_grad(md, importance, bt, grad);
    const double scale = 1.0 / ((double)bt->size * md->n);
    float *c = md->work->c;
    for (int i = 0; i < md->n; i++)
        c[i] = (float)(2.0 * scale * importance[i]);
    if (grad)
        memset(grad, 0, model_param_count(md->n, md->m) * sizeof *grad);
    if (bt->is_dense) /* NAN: a dense batch for a model the lanes path does not take */
        return md->work->dense ? model_simd_dense(md, importance, c, bt, md->work->dense, grad,
                                                  md->simd) * scale : NAN;
    double fast, loss = zero_samples(md, importance, bt->size - bt->nonzero, scale,
                                     grad ? grad + (size_t)md->n * md->m : NULL);
    const enum model_path path = choose_path(md, bt, density);
    if (path == MODEL_PATH_GROUPED || path == MODEL_PATH_GRAM)
        return (loss + (path == MODEL_PATH_GRAM ? gram_batch(md, importance, bt, grad)
                                                : grouped_batch(md, importance, bt, grad))) * scale;
    if ((path == MODEL_PATH_TILES || path == MODEL_PATH_GRAM_SIMD) && /* else the rows below */
        model_dense_loss_grad(md, importance, bt, c, path == MODEL_PATH_GRAM_SIMD, grad, &fast))
        return (loss + fast) * scale;
    switch (md->m) {
    case 1: loss += all_samples(md, importance, bt, grad, 1); break;
    case 2: loss += all_samples(md, importance, bt, grad, 2); break;
    case 3: loss += all_samples(md, importance, bt, grad, 3); break;
    case 4: loss += all_samples(md, importance, bt, grad, 4); break;
    default: loss += all_samples(md, importance, bt, grad, 0); break;
    }
    return loss * scale;
}
