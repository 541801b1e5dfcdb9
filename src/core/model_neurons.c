#include "model_neurons.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

static const struct {
    const char *key, *name;
} kinds[MODEL_KIND_COUNT] = {
    [MODEL_TIED] = { "tied", "tied" },
    [MODEL_HIDDEN_RELU] = { "hidden-relu", "hidden ReLU" },
    [MODEL_ABS] = { "abs", "abs" },
};

const char *model_kind_key(enum model_kind kind) { return kinds[kind].key; }
const char *model_kind_name(enum model_kind kind) { return kinds[kind].name; }

enum model_kind model_kind_parse(const char *key)
{
    for (int k = 0; k < MODEL_KIND_COUNT; k++)
        if (strcmp(key, kinds[k].key) == 0)
            return (enum model_kind)k;
    return MODEL_KIND_COUNT;
}

struct model *model_create_kind(int n, int m, enum model_activation act, enum model_kind kind)
{
    struct model *md = model_create(n, m, kind == MODEL_TIED ? act : MODEL_RELU);
    if (!md || kind == MODEL_TIED)
        return md;
    const size_t count = model_kind_param_count(kind, n, m);
    float *p = realloc(md->params, count * sizeof *p);
    if (!p) {
        model_destroy(md);
        return NULL;
    }
    memset(p, 0, count * sizeof *p);
    md->params = p;
    md->W = p;
    md->b = p + (size_t)n * m;
    md->W2 = kind == MODEL_ABS ? md->b + n : NULL;
    md->kind = kind;
    return md;
}

/* model_neurons_loss_grad's scratch, allocated per call */
static size_t scratch_floats(int n, int m) { return (size_t)m * n + 2 * (size_t)m + 2 * (size_t)n; }

size_t model_kind_bytes(enum model_kind kind, int n, int m)
{
    size_t bytes = model_bytes(n, m);
    if (kind != MODEL_TIED)
        bytes += (model_kind_param_count(kind, n, m) - model_param_count(n, m)) * sizeof(float) +
                 scratch_floats(n, m) * sizeof(float) + (size_t)m * sizeof(int);
    return bytes;
}

void model_abs_sign_batch(struct batch *bt)
{
    const int groups = bt->features <= BATCH_GROUP_MAX_FEATURES ? bt->features : 0;
    for (int j = 0; j < groups; j++)
        for (int k = 0; k < bt->single_count[j]; k++) {
            float *v = &bt->single_val[(size_t)j * bt->size + k];
            *v = 2.0f * *v - 1.0f;
        }
    for (int e = 0; e < bt->start[bt->listed]; e++)
        bt->val[e] = 2.0f * bt->val[e] - 1.0f;
}

struct pass {
    const struct model *md;
    const float *Wout;  /* the output weights: W (HIDDEN_RELU) or W2 (ABS) */
    const float *c;     /* [n] 2 I_i / (B n) */
    const float *imp;
    float *Wt;          /* [m x n] Wout transposed, so pre = b + sum_d h_d Wt_d vectorises */
    float *z, *dh;      /* [m] pre-activations (h = ReLU(z)), dL/dh of the neurons on */
    float *pre, *r;     /* [n] */
    int *live;          /* [m] neurons on */
    double *gW, *gb, *gWout;
    bool abs;
};

/* One nonzero sample with `count` active inputs: forward through the neurons that fire, the
 * residual against the target, and back. Returns sum_i I_i r_i^2. */
static double one_sample(struct pass *p, const int *idx, const float *val, int count)
{
    const int n = p->md->n, m = p->md->m;
    const float *W = p->md->W, *b = p->md->b;
    int nl = 0;
    for (int d = 0; d < m; d++)
        p->z[d] = 0.0f;
    for (int k = 0; k < count; k++) {
        const float *w = W + (size_t)idx[k] * m;
        for (int d = 0; d < m; d++)
            p->z[d] += w[d] * val[k];
    }
    for (int d = 0; d < m; d++)
        if (p->z[d] > 0.0f)
            p->live[nl++] = d;
    float *pre = p->pre, *r = p->r;
    memcpy(pre, b, (size_t)n * sizeof *pre);
    for (int l = 0; l < nl; l++) {
        const int d = p->live[l];
        const float hd = p->z[d], *wt = p->Wt + (size_t)d * n;
        for (int i = 0; i < n; i++)
            pre[i] += hd * wt[i];
    }
    for (int i = 0; i < n; i++)
        r[i] = pre[i] > 0.0f ? pre[i] : 0.0f;
    for (int k = 0; k < count; k++)
        r[idx[k]] -= p->abs ? fabsf(val[k]) : val[k];
    double loss = 0.0;
    for (int i = 0; i < n; i++)
        loss += (double)p->imp[i] * r[i] * r[i];
    if (!p->gW)
        return loss;
    for (int l = 0; l < nl; l++)
        p->dh[l] = 0.0f;
    for (int i = 0; i < n; i++) {
        if (pre[i] <= 0.0f || r[i] == 0.0f)
            continue;
        const float gi = p->c[i] * r[i];
        const float *wo = p->Wout + (size_t)i * m;
        double *go = p->gWout + (size_t)i * m;
        p->gb[i] += gi;
        for (int l = 0; l < nl; l++) {
            const int d = p->live[l];
            go[d] += (double)gi * p->z[d];
            p->dh[l] += gi * wo[d];
        }
    }
    for (int k = 0; k < count; k++) {
        double *gw = p->gW + (size_t)idx[k] * m;
        for (int l = 0; l < nl; l++)
            gw[p->live[l]] += (double)p->dh[l] * val[k];
    }
    return loss;
}

double model_neurons_loss_grad(struct model *md, const float *importance, const struct batch *bt,
                               double *grad)
{
    const int n = md->n, m = md->m;
    const double scale = 1.0 / ((double)bt->size * n);
    float *s = malloc(scratch_floats(n, m) * sizeof *s);
    int *live = malloc((size_t)m * sizeof *live);
    float *c = malloc((size_t)n * sizeof *c);
    double loss = 0.0;
    if (!s || !live || !c) {
        loss = NAN;
        goto out;
    }
    struct pass p = { .md = md, .Wout = md->kind == MODEL_ABS ? md->W2 : md->W, .c = c,
                      .imp = importance, .Wt = s, .live = live, .abs = md->kind == MODEL_ABS };
    p.z = p.Wt + (size_t)m * n;
    p.dh = p.z + m;
    p.pre = p.dh + m;
    p.r = p.pre + n;
    for (int i = 0; i < n; i++) {
        c[i] = (float)(2.0 * scale * importance[i]);
        for (int d = 0; d < m; d++)
            p.Wt[(size_t)d * n + i] = p.Wout[(size_t)i * m + d];
    }
    if (grad) {
        memset(grad, 0, model_kind_param_count(md->kind, n, m) * sizeof *grad);
        p.gW = grad;
        p.gb = grad + (size_t)n * m;
        p.gWout = md->kind == MODEL_ABS ? p.gb + n : p.gW;
    }
    /* An all-zero sample has h = 0, so y' = ReLU(b) against a zero target: it moves only b,
     * the same for every such sample. */
    const double zeros = bt->size - bt->nonzero;
    for (int i = 0; i < n; i++) {
        const double out = md->b[i] > 0.0f ? md->b[i] : 0.0;
        loss += zeros * importance[i] * out * out;
        if (grad)
            p.gb[i] += zeros * 2.0 * scale * importance[i] * out;
    }
    const int groups = bt->features <= BATCH_GROUP_MAX_FEATURES ? bt->features : 0;
    for (int j = 0; j < groups; j++)
        for (int k = 0; k < bt->single_count[j]; k++)
            loss += one_sample(&p, &j, &bt->single_val[(size_t)j * bt->size + k], 1);
    for (int t = 0; t < bt->listed; t++)
        loss += one_sample(&p, bt->idx + bt->start[t], bt->val + bt->start[t],
                           bt->start[t + 1] - bt->start[t]);
    loss *= scale;
out:
    free(s);
    free(live);
    free(c);
    return loss;
}

double model_neurons_ref_loss_grad(enum model_kind kind, int n, int m, const double *params,
                                   const double *importance, int batch_size, const double *x,
                                   double *grad)
{
    const double *W = params, *b = params + (size_t)n * m;
    const double *Wout = kind == MODEL_ABS ? b + n : W;
    const double scale = 1.0 / ((double)batch_size * n);
    double *z = calloc((size_t)m, sizeof *z), *dz = calloc((size_t)m, sizeof *dz);
    double *g = calloc((size_t)n, sizeof *g);
    double loss = 0.0;
    if (!z || !dz || !g) {
        loss = NAN;
        goto out;
    }
    double *gW = grad, *gb = grad ? grad + (size_t)n * m : NULL;
    double *gWout = grad && kind == MODEL_ABS ? gb + n : gW;
    if (grad)
        memset(grad, 0, model_kind_param_count(kind, n, m) * sizeof *grad);
    for (int s = 0; s < batch_size; s++) {
        const double *xs = x + (size_t)s * n;
        for (int d = 0; d < m; d++) {
            z[d] = 0.0;
            for (int j = 0; j < n; j++)
                z[d] += W[(size_t)j * m + d] * xs[j];
        }
        for (int i = 0; i < n; i++) {
            double pre = b[i];
            for (int d = 0; d < m; d++)
                pre += Wout[(size_t)i * m + d] * fmax(z[d], 0.0);
            const double target = kind == MODEL_ABS ? fabs(xs[i]) : xs[i];
            const double r = fmax(pre, 0.0) - target;
            loss += importance[i] * r * r;
            g[i] = pre > 0.0 ? 2.0 * scale * importance[i] * r : 0.0;
        }
        if (!grad)
            continue;
        /* dL/dWout_id = g_i h_d; dL/dz_d = [z_d > 0] sum_i g_i Wout_id; dL/dW_jd = dz_d x_j */
        for (int d = 0; d < m; d++) {
            dz[d] = 0.0;
            for (int i = 0; i < n; i++) {
                gWout[(size_t)i * m + d] += g[i] * fmax(z[d], 0.0);
                dz[d] += g[i] * Wout[(size_t)i * m + d];
            }
            if (z[d] <= 0.0)
                dz[d] = 0.0;
        }
        for (int j = 0; j < n; j++) {
            for (int d = 0; d < m; d++)
                gW[(size_t)j * m + d] += dz[d] * xs[j];
            gb[j] += g[j];
        }
    }
    loss *= scale;
out:
    free(z);
    free(dz);
    free(g);
    return loss;
}
