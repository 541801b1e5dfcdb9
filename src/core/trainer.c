#include "trainer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "adamw.h"
#include "batch.h"
#include "model_neurons.h"
#include "model_simd.h"
#include "rng.h"

struct trainer {
    struct trainer_desc desc;
    struct model *model;
    struct adamw opt;
    struct batch batch;
    struct rng rng;
    float *importance;
    double *grad;
    double *block_grad; /* one block's gradient, added into grad */
    int *no_singles;    /* [n] zeros: the later blocks' single-active groups */
    float *backup;  /* parameters before the step, restored if it diverges */
    long steps;
    double last_loss;
    atomic_int *stop;
    int blocks;
};

static void fill_importance(float *imp, int n, double decay)
{
    double v = 1.0;
    for (int i = 0; i < n; i++, v *= decay)
        imp[i] = (float)v;
}

static void free_buffers(struct trainer *t)
{
    model_destroy(t->model);
    adamw_finish(&t->opt);
    batch_finish(&t->batch);
    free(t->importance);
    free(t->grad);
    free(t->block_grad);
    free(t->no_singles);
    free(t->backup);
    t->model = NULL;
    t->importance = NULL;
    t->grad = NULL;
    t->block_grad = NULL;
    t->no_singles = NULL;
    t->backup = NULL;
}

static bool alloc_buffers(struct trainer *t, int n)
{
    const int m = t->desc.hidden;
    const size_t count = model_kind_param_count(t->desc.kind, n, m);
    memset(&t->opt, 0, sizeof t->opt);
    memset(&t->batch, 0, sizeof t->batch);
    t->model = model_create_kind(n, m, t->desc.act, t->desc.kind);
    t->importance = malloc((size_t)n * sizeof *t->importance);
    t->grad = malloc(count * sizeof *t->grad);
    t->block_grad = malloc(count * sizeof *t->block_grad);
    t->no_singles = calloc((size_t)n, sizeof *t->no_singles);
    t->backup = malloc(count * sizeof *t->backup);
    if (!t->model || !t->importance || !t->grad || !t->block_grad || !t->no_singles ||
        !t->backup ||
        !adamw_init(&t->opt, count, t->desc.lr) || !batch_init(&t->batch, t->desc.batch, n) ||
        /* dense batches only for the tied model: the other kinds read the sparse layout */
        (t->desc.kind == MODEL_TIED &&
         !batch_allow_dense(&t->batch, t->model->simd, model_simd_dense_from(n, m)))) {
        free_buffers(t);
        return false;
    }
    t->desc.features = n;
    fill_importance(t->importance, n, t->desc.decay);
    return true;
}

struct trainer *trainer_create(const struct trainer_desc *desc)
{
    struct trainer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->desc = *desc;
    if (!featsets_fit(&desc->sets, desc->features, NULL, 0)) {
        free(t);
        return NULL;
    }
    if (!alloc_buffers(t, desc->features)) {
        free(t);
        return NULL;
    }
    trainer_reinit(t, desc->seed);
    return t;
}

void trainer_destroy(struct trainer *t)
{
    if (!t)
        return;
    free_buffers(t);
    free(t);
}

void trainer_reinit(struct trainer *t, uint64_t seed)
{
    t->desc.seed = seed;
    rng_seed(&t->rng, seed);
    model_init_xavier(t->model, &t->rng);
    adamw_reset(&t->opt);
    t->steps = 0;
    t->last_loss = NAN;
}

static bool all_finite(const float *p, size_t count)
{
    for (size_t k = 0; k < count; k++)
        if (!isfinite(p[k]))
            return false;
    return true;
}

/* Blocks start on multiples of this many listed samples, so that the model's float partial
 * sums (over up to 32 samples, model.h) group as in one pass: only the order of the double
 * sums differs. */
#define BLOCK_ALIGN 64

/* Blocks for the current batch: model_loss_grad's multiply-adds as its automatic path choice
 * weighs them (model.c): ~3 n m per sample on the dense path; ~2 n per active feature on the
 * Gram path, plus ~1.5 n^2 m per call (W W^T and the weight gradient), which a block must
 * outweigh 16 times so that cutting costs little. */
static int block_count(const struct trainer *t)
{
    const double n = t->model->n, m = t->model->m, listed = t->batch.listed;
    const double dense = 3.0 * n * m, gram = 2.0 * n * fmax(1.0, n * t->desc.density);
    const bool gram_path = n <= MODEL_GRAM_MAX_FEATURES && gram < dense;
    const double per_call = gram_path ? 1.5 * n * n * m : n * m;
    const double block = fmax(TRAINER_BLOCK_WORK, 16.0 * per_call);
    const double blocks = fmin(ceil(listed * (gram_path ? gram : dense) / block),
                               ceil(listed / BLOCK_ALIGN));
    return blocks <= 1 ? 1 : (int)blocks;
}

/* Where block k starts: a multiple of BLOCK_ALIGN (the last block ends at listed). */
static int block_start(int listed, int blocks, int k)
{
    if (k >= blocks)
        return listed;
    return (int)((long)listed * k / blocks / BLOCK_ALIGN * BLOCK_ALIGN);
}

/* The batch's listed samples [first, last), with the batch's size, so that each block keeps
 * the whole batch's scale 1/(B n) and the blocks' losses and gradients add up to the batch's.
 * The first block also takes the single-active groups and the all-zero samples. */
static struct batch block_view(const struct trainer *t, int first, int last)
{
    struct batch v = t->batch;
    v.listed = last - first;
    v.sample += first;
    v.start += first;
    if (first > 0) {
        v.single_count = t->no_singles;
        v.nonzero = v.size;
    }
    return v;
}

/* The batch's loss and gradient (into t->grad), block by block; NAN when stopped. */
static double loss_grad(struct trainer *t)
{
    struct model *md = t->model;
    const size_t count = model_kind_param_count(md->kind, md->n, md->m);
    const int listed = t->batch.listed;
    t->blocks = md->kind == MODEL_TIED ? block_count(t) : 1;
    if (t->blocks == 1)
        return model_loss_grad(md, t->importance, &t->batch, t->desc.density, t->grad);
    double loss = 0.0;
    for (int k = 0; k < t->blocks; k++) {
        if (trainer_stopped(t))
            return NAN;
        const struct batch v = block_view(t, block_start(listed, t->blocks, k),
                                          block_start(listed, t->blocks, k + 1));
        double *g = k == 0 ? t->grad : t->block_grad;
        loss += model_loss_grad(md, t->importance, &v, t->desc.density, g);
        for (size_t i = 0; k > 0 && i < count; i++)
            t->grad[i] += g[i];
    }
    return loss;
}

/* The data every kind draws; ABS maps the values to signed ones without a draw of its own. */
static bool generate(const struct trainer_desc *d, struct batch *bt, struct rng *r)
{
    if (!batch_generate_sets(bt, r, d->density, &d->sets))
        return false;
    if (d->kind == MODEL_ABS)
        model_abs_sign_batch(bt);
    return true;
}

bool trainer_step(struct trainer *t)
{
    struct model *md = t->model;
    const size_t count = model_kind_param_count(md->kind, md->n, md->m);
    if (trainer_stopped(t) || !generate(&t->desc, &t->batch, &t->rng))
        return false;
    double loss = loss_grad(t);
    if (!isfinite(loss))
        return false;
    memcpy(t->backup, md->params, count * sizeof *md->params);
    adamw_step(&t->opt, md->params, t->grad);
    if (!all_finite(md->params, count)) {
        memcpy(md->params, t->backup, count * sizeof *md->params);
        return false;
    }
    t->steps++;
    t->last_loss = loss;
    return true;
}

void trainer_set_stop(struct trainer *t, atomic_int *stop) { t->stop = stop; }

bool trainer_stopped(const struct trainer *t)
{
    return t->stop && atomic_load_explicit(t->stop, memory_order_relaxed);
}

int trainer_step_blocks(const struct trainer *t) { return t->blocks; }

const struct model *trainer_model(const struct trainer *t) { return t->model; }
const struct trainer_desc *trainer_settings(const struct trainer *t) { return &t->desc; }
const float *trainer_importance(const struct trainer *t) { return t->importance; }
long trainer_steps(const struct trainer *t) { return t->steps; }
double trainer_last_loss(const struct trainer *t) { return t->last_loss; }

void trainer_set_density(struct trainer *t, double density) { t->desc.density = density; }

void trainer_set_decay(struct trainer *t, double decay)
{
    t->desc.decay = decay;
    fill_importance(t->importance, t->model->n, decay);
}

void trainer_set_importance(struct trainer *t, const float *importance)
{
    memcpy(t->importance, importance, (size_t)t->model->n * sizeof *t->importance);
}

void trainer_set_lr(struct trainer *t, double lr)
{
    t->desc.lr = lr;
    t->opt.lr = lr;
}

void trainer_set_activation(struct trainer *t, enum model_activation act)
{
    t->desc.act = act;
    if (t->model->kind == MODEL_TIED)
        t->model->act = act;
}

bool trainer_set_kind(struct trainer *t, enum model_kind kind)
{
    if (kind == t->desc.kind)
        return true;
    struct trainer next = *t;
    next.desc.kind = kind;
    if (!alloc_buffers(&next, t->desc.features))
        return false;
    free_buffers(t);
    *t = next;
    trainer_reinit(t, t->desc.seed);
    return true;
}

bool trainer_set_features(struct trainer *t, int n)
{
    if (n == t->model->n)
        return true;
    struct trainer next = *t;
    if (!alloc_buffers(&next, n))
        return false;
    const int m = t->desc.hidden, keep = n < t->model->n ? n : t->model->n;
    memcpy(next.model->W, t->model->W, (size_t)keep * m * sizeof(float));
    memcpy(next.model->b, t->model->b, (size_t)keep * sizeof(float));
    if (t->model->W2)
        memcpy(next.model->W2, t->model->W2, (size_t)keep * m * sizeof(float));
    model_init_rows(next.model, &next.rng, keep);
    free_buffers(t);
    *t = next;
    featsets_keep_below(&t->desc.sets, n);
    return true;
}

bool trainer_set_sets(struct trainer *t, const struct featsets *sets)
{
    if (!featsets_fit(sets, t->model->n, NULL, 0))
        return false;
    t->desc.sets = *sets;
    return true;
}

bool trainer_state_save(const struct trainer *t, struct trainer_state *s)
{
    const struct model *md = t->model;
    const size_t count = model_param_count(md->n, md->m);
    *s = (struct trainer_state){ .n = md->n, .m = md->m, .seed = t->desc.seed, .count = count,
                                 .opt_step = t->opt.step, .beta1_t = t->opt.beta1_t,
                                 .beta2_t = t->opt.beta2_t };
    s->params = malloc(count * sizeof *s->params);
    s->m1 = malloc(count * sizeof *s->m1);
    s->m2 = malloc(count * sizeof *s->m2);
    if (!s->params || !s->m1 || !s->m2) {
        trainer_state_finish(s);
        return false;
    }
    memcpy(s->params, md->params, count * sizeof *s->params);
    memcpy(s->m1, t->opt.m1, count * sizeof *s->m1);
    memcpy(s->m2, t->opt.m2, count * sizeof *s->m2);
    return true;
}

void trainer_state_finish(struct trainer_state *s)
{
    free(s->params);
    free(s->m1);
    free(s->m2);
    *s = (struct trainer_state){ 0 };
}

bool trainer_state_load(struct trainer *t, const struct trainer_state *s)
{
    struct model *md = t->model;
    if (!s->params || s->n != md->n || s->m != md->m)
        return false;
    memcpy(md->params, s->params, s->count * sizeof *md->params);
    memcpy(t->opt.m1, s->m1, s->count * sizeof *t->opt.m1);
    memcpy(t->opt.m2, s->m2, s->count * sizeof *t->opt.m2);
    t->opt.step = s->opt_step;
    t->opt.beta1_t = s->beta1_t;
    t->opt.beta2_t = s->beta2_t;
    t->desc.seed = s->seed;
    return true;
}

/* The evaluation's chunk: 8192 samples, fewer for large models (about 2^27 multiply-adds per
 * chunk), so that progress is reported every fraction of a second. Models up to n m = 16384
 * keep 8192, and with it the exact stream of draws and the reported losses. */
static int eval_chunk(int n, int m)
{
    const double per_sample = (double)n * m;
    const double chunk = (double)(1 << 27) / per_sample;
    return chunk >= 8192.0 ? 8192 : chunk <= 256.0 ? 256 : (int)chunk;
}

static double eval_loss(const struct trainer *t, int samples, uint64_t seed,
                        void (*counted)(void *ctx, int samples), void *ctx)
{
    struct rng r;
    struct batch bt;
    const int chunk = eval_chunk(t->model->n, t->model->m);
    rng_seed(&r, seed);
    if (!batch_init(&bt, chunk, t->model->n))
        return NAN;
    double total = 0.0;
    int done = 0;
    while (done < samples) {
        if (trainer_stopped(t)) {
            total = NAN;
            break;
        }
        bt.size = samples - done < chunk ? samples - done : chunk;
        if (!generate(&t->desc, &bt, &r)) {
            total = NAN;
            break;
        }
        total += model_loss_grad(t->model, t->importance, &bt, t->desc.density, NULL) * bt.size;
        done += bt.size;
        if (counted)
            counted(ctx, bt.size);
    }
    batch_finish(&bt);
    return total / samples;
}

#define REPORT_SALT 0x5eed5eed5eed5eedULL

double trainer_report_loss(const struct trainer *t)
{
    return eval_loss(t, TRAINER_REPORT_SAMPLES, t->desc.seed ^ REPORT_SALT, NULL, NULL);
}

double trainer_report_loss_counted(const struct trainer *t, void (*counted)(void *ctx, int samples),
                                   void *ctx)
{
    return eval_loss(t, TRAINER_REPORT_SAMPLES, t->desc.seed ^ REPORT_SALT, counted, ctx);
}

double trainer_eval_loss(const struct trainer *t, int samples, uint64_t seed)
{
    return eval_loss(t, samples, seed, NULL, NULL);
}

size_t trainer_bytes(const struct trainer_desc *d)
{
    const int n = d->features, m = d->hidden;
    const bool sets = d->sets.count > 0;
    const size_t params = model_kind_param_count(d->kind, n, m);
    /* 64 kB for malloc's headers and the page rounding of its mmapped blocks (measured up to
     * 9 kB); the importance and no_singles; per parameter the gradient and one block's, the
     * backup and AdamW's two moments */
    /* the dense batch: every entry, its rows batch_dense_stride apart */
    const size_t dense = n <= BATCH_DENSE_MAX_FEATURES && m <= MODEL_LANES_MAX_HIDDEN
                             ? (size_t)n * (size_t)batch_dense_stride(d->batch) * sizeof(float)
                             : 0;
    return 65536 + dense + sizeof(struct trainer) + model_kind_bytes(d->kind, n, m) +
           n * (sizeof(float) + sizeof(int)) +
           params * (2 * sizeof(double) + 3 * sizeof(float)) +
           batch_bytes(d->batch, n, d->density, sets) +
           batch_bytes(eval_chunk(n, m), n, d->density, sets);
}
