#include "sae.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "adamw.h"
#include "batch.h"
#include "model.h"
#include "rng.h"

#define NORM_EPS 1e-8         /* ARENA's weight_normalize_eps */
#define RATE_DECAY 0.01       /* firing-rate average: about 100 steps */
#define EVAL_CHUNK 8192

struct sae {
    struct sae_desc desc;
    int m, k;
    size_t count;
    float *params;
    struct adamw opt;
    struct batch batch;
    struct rng rng;
    double *grad;
    float *backup;
    float *h;                 /* [batch x m] the step's nonzero activations */
    /* scratch of the loss: the parameters in double, one sample's latents, accumulators */
    double *enc, *benc, *dhat, *bdec, *dnorm;
    double *pre, *act, *dec_acc;
    int *on, *top;
    long *fired;              /* samples each latent fired on, this batch */
    /* history */
    long steps, resample_checked, resample_count;
    long *last_fired, *resampled_at;
    double *rate;
    struct sae_loss last;
};

struct sae_desc sae_desc_resolve(const struct sae_desc *desc)
{
    struct sae_desc d = *desc;
    if (d.latents <= 0)
        d.latents = d.features;
    if (d.l1 <= 0)
        d.l1 = SAE_DEFAULT_L1;
    if (d.topk <= 0)
        d.topk = SAE_DEFAULT_TOPK;
    if (d.topk > d.latents)
        d.topk = d.latents;
    if (d.resample_every <= 0)
        d.resample_every = SAE_DEFAULT_RESAMPLE_EVERY;
    if (d.resample_window <= 0)
        d.resample_window = SAE_DEFAULT_RESAMPLE_WINDOW;
    if (d.resample_window > d.resample_every)
        d.resample_window = d.resample_every;
    if (d.resample_scale <= 0)
        d.resample_scale = SAE_DEFAULT_RESAMPLE_SCALE;
    if (d.lr <= 0)
        d.lr = SAE_DEFAULT_LR;
    if (d.batch <= 0)
        d.batch = SAE_DEFAULT_BATCH;
    return d;
}

static float *enc_of(const struct sae *s) { return s->params; }
static float *benc_of(const struct sae *s) { return s->params + (size_t)s->k * s->m; }
static float *dec_of(const struct sae *s) { return s->params + (size_t)s->k * s->m + s->k; }
static float *bdec_of(const struct sae *s) { return s->params + 2 * (size_t)s->k * s->m + s->k; }

void sae_destroy(struct sae *s)
{
    if (!s)
        return;
    adamw_finish(&s->opt);
    batch_finish(&s->batch);
    free(s->params);
    free(s->grad);
    free(s->backup);
    free(s->h);
    free(s->enc);
    free(s->benc);
    free(s->dhat);
    free(s->bdec);
    free(s->dnorm);
    free(s->pre);
    free(s->act);
    free(s->dec_acc);
    free(s->on);
    free(s->top);
    free(s->fired);
    free(s->last_fired);
    free(s->resampled_at);
    free(s->rate);
    free(s);
}

struct sae *sae_create(const struct sae_desc *desc)
{
    struct sae *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->desc = sae_desc_resolve(desc);
    const int m = s->m = s->desc.inputs, k = s->k = s->desc.latents;
    const size_t km = (size_t)k * (size_t)m, uk = (size_t)k, um = (size_t)m;
    s->count = sae_param_count(m, k);
    bool ok = m > 0 && m <= MODEL_MAX_HIDDEN && k > 0 && s->desc.features > 0 &&
              adamw_init(&s->opt, s->count, s->desc.lr) &&
              batch_init(&s->batch, s->desc.batch, s->desc.features) &&
              (s->params = malloc(s->count * sizeof *s->params)) &&
              (s->grad = malloc(s->count * sizeof *s->grad)) &&
              (s->backup = malloc(s->count * sizeof *s->backup)) &&
              (s->h = malloc((size_t)s->desc.batch * um * sizeof *s->h)) &&
              (s->enc = malloc(km * sizeof(double))) && (s->benc = malloc(uk * sizeof(double))) &&
              (s->dhat = malloc(km * sizeof(double))) && (s->bdec = malloc(um * sizeof(double))) &&
              (s->dnorm = malloc(uk * sizeof(double))) && (s->pre = malloc(uk * sizeof(double))) &&
              (s->act = malloc(uk * sizeof(double))) &&
              (s->dec_acc = malloc(km * sizeof(double))) && (s->on = malloc(uk * sizeof(int))) &&
              (s->top = malloc(uk * sizeof(int))) && (s->fired = malloc(uk * sizeof(long))) &&
              (s->last_fired = malloc(uk * sizeof(long))) &&
              (s->resampled_at = malloc(uk * sizeof(long))) &&
              (s->rate = malloc(uk * sizeof(double)));
    if (!ok) {
        sae_destroy(s);
        return NULL;
    }
    s->opt.weight_decay = 0.0; /* Adam, not AdamW */
    sae_reinit(s, s->desc.seed);
    return s;
}

static void normalise_rows(float *rows, int k, int m)
{
    for (int j = 0; j < k; j++) {
        float *d = rows + (size_t)j * m;
        double r = 0.0;
        for (int c = 0; c < m; c++)
            r += (double)d[c] * d[c];
        r = sqrt(r) + NORM_EPS;
        for (int c = 0; c < m; c++)
            d[c] = (float)(d[c] / r);
    }
}

void sae_reinit(struct sae *s, uint64_t seed)
{
    const int m = s->m, k = s->k;
    const size_t km = (size_t)k * m;
    s->desc.seed = seed;
    rng_seed(&s->rng, seed);
    /* PyTorch's kaiming_uniform_ (a = 0): bound = sqrt(2) sqrt(3 / fan_in), and for ARENA's
     * (instances, m, k) tensors fan_in = m k. */
    const double bound = sqrt(6.0 / ((double)m * k));
    for (size_t q = 0; q < km; q++)
        enc_of(s)[q] = (float)(bound * (2.0 * rng_uniformf(&s->rng) - 1.0));
    for (size_t q = 0; q < km; q++)
        dec_of(s)[q] = (float)(bound * (2.0 * rng_uniformf(&s->rng) - 1.0));
    memset(benc_of(s), 0, (size_t)k * sizeof(float));
    memset(bdec_of(s), 0, (size_t)m * sizeof(float));
    normalise_rows(dec_of(s), k, m);
    adamw_reset(&s->opt);
    s->steps = s->resample_checked = s->resample_count = 0;
    for (int j = 0; j < k; j++) {
        s->last_fired[j] = s->resampled_at[j] = 0;
        s->rate[j] = 0.0;
    }
    s->last = (struct sae_loss){ NAN, NAN, NAN, NAN };
}

void sae_set_kind(struct sae *s, enum sae_kind kind) { s->desc.kind = kind; }
void sae_set_l1(struct sae *s, double l1) { s->desc.l1 = l1; }
void sae_set_topk(struct sae *s, int k) { s->desc.topk = k < s->k ? k : s->k; }
void sae_set_resample(struct sae *s, enum sae_resample r) { s->desc.resample = r; }

const struct sae_desc *sae_settings(const struct sae *s) { return &s->desc; }
long sae_steps(const struct sae *s) { return s->steps; }
struct sae_loss sae_last_loss(const struct sae *s) { return s->last; }
float *sae_params(struct sae *s) { return s->params; }
const float *sae_encoder(const struct sae *s) { return enc_of(s); }
const float *sae_encoder_bias(const struct sae *s) { return benc_of(s); }
const float *sae_decoder(const struct sae *s) { return dec_of(s); }
const float *sae_decoder_bias(const struct sae *s) { return bdec_of(s); }
const long *sae_last_fired(const struct sae *s) { return s->last_fired; }
const double *sae_firing_rate(const struct sae *s) { return s->rate; }
const long *sae_resampled_at(const struct sae *s) { return s->resampled_at; }
long sae_resample_count(const struct sae *s) { return s->resample_count; }

bool sae_latent_dead(const struct sae *s, int j)
{
    return s->steps - s->last_fired[j] >= s->desc.resample_window;
}

int sae_dead_count(const struct sae *s)
{
    int dead = 0;
    for (int j = 0; j < s->k; j++)
        dead += sae_latent_dead(s, j);
    return dead;
}

/* The forward pass of one sample h (weight w: how many identical samples it stands for),
 * adding w times its loss terms, and its gradient when grad is set, to the accumulators.
 * Gradient of L_s = 1/m ||r||^2 + l1 sum a_j, r = h' - h, c = h - b_dec:
 *   g = 2 r / m;  dL/db_dec += g - sum_on delta_j e_j;  delta_j = g . d^_j (+ l1);
 *   dL/de_j += delta_j c;  dL/db_enc_j += delta_j;  dL/dd^_j += a_j g (mapped to d_j later). */
static void forward_sample(struct sae *s, const float *hf, double w, double *grad,
                           struct sae_loss *acc)
{
    const int m = s->m, k = s->k;
    const bool topk = s->desc.kind == SAE_TOPK;
    double h[MODEL_MAX_HIDDEN], c[MODEL_MAX_HIDDEN], r[MODEL_MAX_HIDDEN];
    for (int q = 0; q < m; q++) {
        h[q] = hf ? hf[q] : 0.0;
        c[q] = h[q] - s->bdec[q];
        r[q] = s->bdec[q] - h[q];
    }
    for (int j = 0; j < k; j++) {
        const double *e = s->enc + (size_t)j * m;
        double p = s->benc[j];
        for (int q = 0; q < m; q++)
            p += e[q] * c[q];
        s->pre[j] = p;
        s->on[j] = !topk && p > 0.0;
    }
    if (topk) {
        /* the K largest by insertion; equal values keep the lower index first */
        const int K = s->desc.topk;
        int kept = 0;
        for (int j = 0; j < k; j++) {
            if (kept == K && !(s->pre[j] > s->pre[s->top[K - 1]]))
                continue;
            int at = kept < K ? kept++ : K - 1;
            while (at > 0 && s->pre[j] > s->pre[s->top[at - 1]]) {
                s->top[at] = s->top[at - 1];
                at--;
            }
            s->top[at] = j;
        }
        for (int t = 0; t < kept; t++)
            s->on[s->top[t]] = s->pre[s->top[t]] > 0.0;
    }
    double l1sum = 0.0, l0 = 0.0;
    for (int j = 0; j < k; j++) {
        s->act[j] = s->on[j] ? s->pre[j] : 0.0;
        if (!s->on[j])
            continue;
        l1sum += s->act[j];
        l0 += 1.0;
        s->fired[j] += (long)w;
        const double *dh = s->dhat + (size_t)j * m;
        for (int q = 0; q < m; q++)
            r[q] += s->act[j] * dh[q];
    }
    double rec = 0.0;
    for (int q = 0; q < m; q++)
        rec += r[q] * r[q];
    const double l1 = topk ? 0.0 : s->desc.l1;
    acc->reconstruction += w * rec / m;
    acc->sparsity += w * l1 * l1sum;
    acc->l0 += w * l0;
    if (!grad)
        return;
    double *g_enc = grad, *g_benc = grad + (size_t)k * m, *g_bdec = grad + 2 * (size_t)k * m + k;
    double g[MODEL_MAX_HIDDEN];
    for (int q = 0; q < m; q++) {
        g[q] = 2.0 * r[q] / m;
        g_bdec[q] += w * g[q];
    }
    for (int j = 0; j < k; j++) {
        if (!s->on[j])
            continue;
        const double *dh = s->dhat + (size_t)j * m, *e = s->enc + (size_t)j * m;
        double *ge = g_enc + (size_t)j * m, *gd = s->dec_acc + (size_t)j * m;
        double delta = l1;
        for (int q = 0; q < m; q++)
            delta += g[q] * dh[q];
        g_benc[j] += w * delta;
        for (int q = 0; q < m; q++) {
            ge[q] += w * delta * c[q];
            g_bdec[q] -= w * delta * e[q];
            gd[q] += w * s->act[j] * g[q];
        }
    }
}

/* d^ = d / (|d| + eps):  dL/dd = G / (|d| + eps) - d (d . G) / (|d| (|d| + eps)^2). */
static void decoder_chain(const struct sae *s, double *g_dec)
{
    const int m = s->m;
    const float *dec = dec_of(s);
    for (int j = 0; j < s->k; j++) {
        const float *d = dec + (size_t)j * m;
        const double *G = s->dec_acc + (size_t)j * m;
        const double norm = s->dnorm[j], scale = norm + NORM_EPS;
        double dg = 0.0;
        for (int q = 0; q < m; q++)
            dg += d[q] * G[q];
        const double radial = norm > 0.0 ? dg / (norm * scale * scale) : 0.0;
        for (int q = 0; q < m; q++)
            g_dec[(size_t)j * m + q] = G[q] / scale - d[q] * radial;
    }
}

bool sae_loss_grad(struct sae *s, const struct sae_batch *b, double *grad,
                   struct sae_loss *loss, const atomic_bool *stop)
{
    const int m = s->m, k = s->k;
    const size_t km = (size_t)k * m;
    const float *enc = enc_of(s), *dec = dec_of(s);
    for (size_t q = 0; q < km; q++)
        s->enc[q] = enc[q];
    for (int j = 0; j < k; j++) {
        s->benc[j] = benc_of(s)[j];
        double norm = 0.0;
        for (int q = 0; q < m; q++)
            norm += (double)dec[(size_t)j * m + q] * dec[(size_t)j * m + q];
        s->dnorm[j] = sqrt(norm);
        for (int q = 0; q < m; q++)
            s->dhat[(size_t)j * m + q] = dec[(size_t)j * m + q] / (s->dnorm[j] + NORM_EPS);
        s->fired[j] = 0;
    }
    for (int q = 0; q < m; q++)
        s->bdec[q] = bdec_of(s)[q];
    if (grad) {
        memset(grad, 0, s->count * sizeof *grad);
        memset(s->dec_acc, 0, km * sizeof *s->dec_acc);
    }
    struct sae_loss acc = { 0 };
    for (int row = 0; row < b->rows; row++) {
        if (stop && atomic_load_explicit(stop, memory_order_relaxed))
            return false;
        forward_sample(s, b->h + (size_t)row * m, 1.0, grad, &acc);
    }
    if (b->zeros > 0)  /* every all-zero sample is the same sample */
        forward_sample(s, NULL, b->zeros, grad, &acc);
    const double inv = 1.0 / (b->rows + b->zeros);
    loss->reconstruction = acc.reconstruction * inv;
    loss->sparsity = acc.sparsity * inv;
    loss->l0 = acc.l0 * inv;
    loss->total = loss->reconstruction + loss->sparsity;
    if (grad) {
        decoder_chain(s, grad + km + k);
        for (size_t q = 0; q < s->count; q++)
            grad[q] *= inv;
    }
    return true;
}

/* h = W x for the batch's nonzero samples, in any order (the loss is a mean); returns how many. */
static int activations(const struct batch *bt, const float *W, int m, float *h)
{
    int rows = 0;
    for (int j = 0; j < bt->features && j < BATCH_GROUP_MAX_FEATURES; j++) {
        const float *wj = W + (size_t)j * m, *val = bt->single_val + (size_t)j * bt->size;
        for (int t = 0; t < bt->single_count[j]; t++, rows++)
            for (int q = 0; q < m; q++)
                h[(size_t)rows * m + q] = val[t] * wj[q];
    }
    for (int t = 0; t < bt->listed; t++, rows++) {
        float *hr = h + (size_t)rows * m;
        for (int q = 0; q < m; q++)
            hr[q] = 0.0f;
        for (int e = bt->start[t]; e < bt->start[t + 1]; e++) {
            const float *wi = W + (size_t)bt->idx[e] * m;
            for (int q = 0; q < m; q++)
                hr[q] += bt->val[e] * wi[q];
        }
    }
    return rows;
}

static bool draw(struct batch *bt, struct rng *r, const struct sae_source *src, int m, float *h,
                 struct sae_batch *out)
{
    if (bt->features != src->features) {
        const int size = bt->size;
        batch_finish(bt);
        if (!batch_init(bt, size, src->features))
            return false;
    }
    if (!batch_generate(bt, r, src->density))
        return false;
    out->h = h;
    out->rows = activations(bt, src->W, m, h);
    out->zeros = bt->size - out->rows;
    return true;
}

/* ARENA's resample_simple: a random direction d (normal draws, normalised) as the decoder row,
 * 0.5 d as the encoder row, encoder bias 0. The latent's Adam moments are cleared too, so the
 * new row does not inherit the dead one's step sizes (ARENA keeps them). */
static void resample(struct sae *s)
{
    const int m = s->m, k = s->k;
    for (int j = 0; j < k; j++) {
        if (!sae_latent_dead(s, j))
            continue;
        float *d = dec_of(s) + (size_t)j * m, *e = enc_of(s) + (size_t)j * m;
        double v[MODEL_MAX_HIDDEN], norm = 0.0;
        for (int q = 0; q < m; q++) {
            v[q] = rng_normal(&s->rng);
            norm += v[q] * v[q];
        }
        norm = sqrt(norm) + NORM_EPS;
        for (int q = 0; q < m; q++) {
            d[q] = (float)(v[q] / norm);
            e[q] = (float)(s->desc.resample_scale * v[q] / norm);
        }
        benc_of(s)[j] = 0.0f;
        const size_t at[3] = { (size_t)(e - s->params), (size_t)(benc_of(s) + j - s->params),
                               (size_t)(d - s->params) };
        const int len[3] = { m, 1, m };
        for (int p = 0; p < 3; p++)
            for (int q = 0; q < len[p]; q++)
                s->opt.m1[at[p] + q] = s->opt.m2[at[p] + q] = 0.0f;
        s->resampled_at[j] = s->steps;
        s->resample_count++;
    }
}

static bool all_finite(const float *p, size_t count)
{
    for (size_t q = 0; q < count; q++)
        if (!isfinite(p[q]))
            return false;
    return true;
}

enum sae_step_result sae_step(struct sae *s, const struct sae_source *src,
                              const atomic_bool *stop)
{
    const long t = s->steps;
    if (s->desc.resample == SAE_RESAMPLE_SIMPLE && t > 0 && t % s->desc.resample_every == 0 &&
        s->resample_checked != t) {
        resample(s);
        s->resample_checked = t;
    }
    struct sae_batch b;
    struct sae_loss loss;
    if (!draw(&s->batch, &s->rng, src, s->m, s->h, &b))
        return SAE_STEP_FAILED;
    if (!sae_loss_grad(s, &b, s->grad, &loss, stop))
        return SAE_STEP_STOPPED;
    if (!isfinite(loss.total))
        return SAE_STEP_FAILED;
    memcpy(s->backup, s->params, s->count * sizeof *s->params);
    adamw_step(&s->opt, s->params, s->grad);
    normalise_rows(dec_of(s), s->k, s->m);
    if (!all_finite(s->params, s->count)) {
        memcpy(s->params, s->backup, s->count * sizeof *s->params);
        return SAE_STEP_FAILED;
    }
    const double inv = 1.0 / (b.rows + b.zeros);
    for (int j = 0; j < s->k; j++) {
        if (s->fired[j] > 0)
            s->last_fired[j] = t + 1;
        s->rate[j] += RATE_DECAY * (s->fired[j] * inv - s->rate[j]);
    }
    s->steps = t + 1;
    s->last = loss;
    return SAE_STEP_DONE;
}

struct sae_loss sae_eval_loss(struct sae *s, const struct sae_source *src, int samples,
                              uint64_t seed)
{
    struct sae_loss total = { 0 }, part;
    struct batch bt;
    struct rng r;
    rng_seed(&r, seed);
    float *h = malloc((size_t)EVAL_CHUNK * s->m * sizeof *h);
    bool ok = h && batch_init(&bt, EVAL_CHUNK, src->features);
    for (int done = 0; ok && done < samples; done += bt.size) {
        struct sae_batch b;
        bt.size = samples - done < EVAL_CHUNK ? samples - done : EVAL_CHUNK;
        if (!(ok = draw(&bt, &r, src, s->m, h, &b) && sae_loss_grad(s, &b, NULL, &part, NULL)))
            break;
        total.reconstruction += part.reconstruction * bt.size;
        total.sparsity += part.sparsity * bt.size;
        total.l0 += part.l0 * bt.size;
    }
    if (h)
        batch_finish(&bt);
    free(h);
    if (!ok || samples <= 0)
        return (struct sae_loss){ NAN, NAN, NAN, NAN };
    total.reconstruction /= samples;
    total.sparsity /= samples;
    total.l0 /= samples;
    total.total = total.reconstruction + total.sparsity;
    return total;
}
