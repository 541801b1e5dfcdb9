#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "rng.h"

/* Scratch space of the training path, sized for the model. */
struct model_work {
    float *h, *u;   /* [m] hidden activation, sum_k g_k W_k */
    float *g;       /* [n] dL/dpre for the current sample */
    float *c;       /* [n] 2 I_i / (B n) */
    float *x;       /* [n] the current sample, dense (general path) */
    float *pre;     /* [n] pre-activations (general path) */
    float *Wt;      /* [m x n] W transposed, so pre = b + sum_d h_d Wt_d vectorises */
    int *live;      /* [n] features with g_i != 0 */
    float *block;
    float *G;       /* [n x n] W W^T (Gram path) */
    double *A;      /* [n x n] sum over samples of g x^T, column j = feature j (Gram path) */
};

static void work_destroy(struct model_work *w);

static struct model_work *work_create(int n, int m)
{
    struct model_work *w = calloc(1, sizeof *w);
    const size_t nn = (size_t)n, mm = (size_t)m;
    if (!w)
        return NULL;
    w->block = calloc(2 * mm + 4 * nn + nn * mm, sizeof *w->block);
    w->live = calloc(nn, sizeof *w->live);
    if (n <= MODEL_GRAM_MAX_FEATURES) {
        w->G = calloc(nn * nn, sizeof *w->G);
        w->A = calloc(nn * nn, sizeof *w->A);
    }
    if (!w->block || !w->live || (n <= MODEL_GRAM_MAX_FEATURES && (!w->G || !w->A))) {
        work_destroy(w);
        return NULL;
    }
    w->h = w->block;
    w->u = w->h + mm;
    w->g = w->u + mm;
    w->c = w->g + nn;
    w->x = w->c + nn;
    w->pre = w->x + nn;
    w->Wt = w->pre + nn;
    return w;
}

static void work_destroy(struct model_work *w)
{
    if (!w)
        return;
    free(w->block);
    free(w->live);
    free(w->G);
    free(w->A);
    free(w);
}

struct model *model_create(int n, int m, enum model_activation act)
{
    struct model *md = calloc(1, sizeof *md);
    if (!md)
        return NULL;
    md->n = n;
    md->m = m;
    md->act = act;
    md->params = calloc(model_param_count(n, m), sizeof *md->params);
    md->work = work_create(n, m);
    if (!md->params || !md->work) {
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
    work_destroy(md->work);
    free(md);
}

void model_init_rows(struct model *md, struct rng *r, int first)
{
    const double std = sqrt(2.0 / (double)(md->n + md->m));
    for (size_t k = (size_t)first * md->m; k < (size_t)md->n * md->m; k++)
        md->W[k] = (float)(std * rng_normal(r));
    for (int i = first; i < md->n; i++)
        md->b[i] = 0.0f;
}

void model_init_xavier(struct model *md, struct rng *r)
{
    model_init_rows(md, r, 0);
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
        const float gi = g[i];
        if (gi == 0.0f)
            continue;
        const float *w = W + (size_t)i * m;
        double *gw = gW + (size_t)i * m;
        for (int d = 0; d < m; d++) {
            gw[d] += gi * h[d];
            u[d] += gi * w[d];
        }
        gb[i] += gi;
    }
    for (e = 0; e < count; e++) {
        double *gw = gW + (size_t)idx[e] * m;
        for (int d = 0; d < m; d++)
            gw[d] += u[d] * val[e];
    }
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
        const float gi = wk->g[k];
        const float *w = W + (size_t)i * m;
        double *gw = gW + (size_t)i * m;
        for (int d = 0; d < m; d++) {
            gw[d] += gi * h[d];
            u[d] += gi * w[d];
        }
        gb[i] += gi;
    }
    for (int e = 0; e < count; e++) {
        double *gw = gW + (size_t)idx[e] * m;
        for (int d = 0; d < m; d++)
            gw[d] += u[d] * val[e];
    }
    return loss;
}

static inline __attribute__((always_inline)) double
all_samples(struct model *md, const float *importance, const struct batch *bt, double *grad,
            const int M)
{
    double loss = 0.0;
    for (int k = 0; k < bt->nonzero; k++) {
        int s = bt->start[k], count = bt->start[k + 1] - s;
        loss += M ? one_sample(md, importance, bt->idx + s, bt->val + s, count, grad, M)
                  : one_sample_general(md, importance, bt->idx + s, bt->val + s, count, grad);
    }
    return loss;
}

/* Gram path. With G = W W^T, pre = b + G x needs only the active columns of G; and since
 *   dL/dW_k = sum_s [g_k h + x_k sum_i g_i W_i] = sum_j (A_kj + A_jk) W_j,  A = sum_s g x^T,
 * each sample only adds g x_j to the columns j of its active features. Cheap when a sample has
 * fewer active features than W has hidden dimensions, the sparse regime the paper studies. */
static double gram_sample(struct model *md, const float *importance, const int *idx,
                          const float *val, int count, bool with_grad)
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
    if (!with_grad)
        return loss;
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
    const float *W = md->W;
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++) {
            float dot = 0.0f;
            for (int d = 0; d < m; d++)
                dot += W[(size_t)i * m + d] * W[(size_t)j * m + d];
            wk->G[(size_t)i * n + j] = wk->G[(size_t)j * n + i] = dot;
        }
    if (grad)
        memset(wk->A, 0, (size_t)n * n * sizeof *wk->A);
    double loss = 0.0, *gb = grad ? grad + (size_t)n * m : NULL;
    for (int k = 0; k < bt->nonzero; k++) {
        int s = bt->start[k];
        loss += gram_sample(md, importance, bt->idx + s, bt->val + s, bt->start[k + 1] - s,
                            grad != NULL);
        for (int i = 0; gb && i < n; i++)
            gb[i] += wk->g[i];
    }
    if (!grad)
        return loss;
    for (int kf = 0; kf < n; kf++) {
        double *gw = grad + (size_t)kf * m;
        for (int j = 0; j < n; j++) {
            double a = wk->A[(size_t)j * n + kf] + wk->A[(size_t)kf * n + j];
            if (a == 0.0)
                continue;
            for (int d = 0; d < m; d++)
                gw[d] += a * W[(size_t)j * m + d];
        }
    }
    return loss;
}

static enum model_path choose_path(const struct model *md, double density)
{
    if (md->path != MODEL_PATH_AUTO)
        return md->work->G || md->path == MODEL_PATH_ROWS ? md->path : MODEL_PATH_ROWS;
    /* Per sample, rows cost ~3 n m and Gram ~2 n (n density active): measured, Gram wins from
     * (20, 5, 0.05) up; below 8 features the unrolled rows path is faster still. */
    bool gram_wins = md->n > 8 && 2.0 * md->n * density < 3.0 * md->m;
    return md->work->G && gram_wins ? MODEL_PATH_GRAM : MODEL_PATH_ROWS;
}

static void transpose(const float *W, int n, int m, float *Wt)
{
    for (int i = 0; i < n; i++)
        for (int d = 0; d < m; d++)
            Wt[(size_t)d * n + i] = W[(size_t)i * m + d];
}

double model_loss_grad(struct model *md, const float *importance, const struct batch *bt,
                       double density, double *grad)
{
    const double scale = 1.0 / ((double)bt->size * md->n);
    float *c = md->work->c;
    for (int i = 0; i < md->n; i++)
        c[i] = (float)(2.0 * scale * importance[i]);
    if (grad)
        memset(grad, 0, model_param_count(md->n, md->m) * sizeof *grad);
    double loss = zero_samples(md, importance, bt->size - bt->nonzero, scale,
                               grad ? grad + (size_t)md->n * md->m : NULL);
    if (choose_path(md, density) == MODEL_PATH_GRAM)
        return (loss + gram_batch(md, importance, bt, grad)) * scale;
    switch (md->m) {
    case 1: loss += all_samples(md, importance, bt, grad, 1); break;
    case 2: loss += all_samples(md, importance, bt, grad, 2); break;
    case 3: loss += all_samples(md, importance, bt, grad, 3); break;
    case 4: loss += all_samples(md, importance, bt, grad, 4); break;
    default:
        transpose(md->W, md->n, md->m, md->work->Wt);
        loss += all_samples(md, importance, bt, grad, 0);
        break;
    }
    return loss * scale;
}

double model_ref_loss_grad(int n, int m, enum model_activation act, const double *params,
                           const double *importance, int batch_size, const double *x,
                           double *grad)
{
    const double *W = params, *b = params + (size_t)n * m;
    const double scale = 1.0 / ((double)batch_size * n);
    double *h = calloc((size_t)m, sizeof *h);
    double *g = calloc((size_t)n, sizeof *g);
    double loss = 0.0;
    if (!h || !g) {
        loss = NAN;
        goto out;
    }
    if (grad)
        memset(grad, 0, model_param_count(n, m) * sizeof *grad);
    for (int s = 0; s < batch_size; s++) {
        const double *xs = x + (size_t)s * n;
        for (int d = 0; d < m; d++) {
            h[d] = 0.0;
            for (int j = 0; j < n; j++)
                h[d] += W[(size_t)j * m + d] * xs[j];
        }
        for (int i = 0; i < n; i++) {
            double pre = b[i];
            for (int d = 0; d < m; d++)
                pre += W[(size_t)i * m + d] * h[d];
            bool on = act == MODEL_LINEAR || pre > 0.0;
            double r = (on ? pre : 0.0) - xs[i];
            loss += importance[i] * r * r;
            g[i] = on ? 2.0 * scale * importance[i] * r : 0.0;
        }
        if (!grad)
            continue;
        /* dL/dW_jd = sum_i g_i (delta_ij h_d + W_id x_j) */
        for (int j = 0; j < n; j++) {
            for (int d = 0; d < m; d++) {
                double acc = g[j] * h[d];
                for (int i = 0; i < n; i++)
                    acc += g[i] * W[(size_t)i * m + d] * xs[j];
                grad[(size_t)j * m + d] += acc;
            }
            grad[(size_t)n * m + j] += g[j];
        }
    }
    loss *= scale;
out:
    free(h);
    free(g);
    return loss;
}
