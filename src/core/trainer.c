#include "trainer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "adamw.h"
#include "batch.h"
#include "rng.h"

struct trainer {
    struct trainer_desc desc;
    struct model *model;
    struct adamw opt;
    struct batch batch;
    struct rng rng;
    float *importance;
    double *grad;
    float *backup;  /* parameters before the step, restored if it diverges */
    long steps;
    double last_loss;
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
    free(t->backup);
    t->model = NULL;
    t->importance = NULL;
    t->grad = NULL;
    t->backup = NULL;
}

static bool alloc_buffers(struct trainer *t, int n)
{
    const int m = t->desc.hidden;
    const size_t count = model_param_count(n, m);
    memset(&t->opt, 0, sizeof t->opt);
    memset(&t->batch, 0, sizeof t->batch);
    t->model = model_create(n, m, t->desc.act);
    t->importance = malloc((size_t)n * sizeof *t->importance);
    t->grad = malloc(count * sizeof *t->grad);
    t->backup = malloc(count * sizeof *t->backup);
    if (!t->model || !t->importance || !t->grad || !t->backup ||
        !adamw_init(&t->opt, count, t->desc.lr) || !batch_init(&t->batch, t->desc.batch, n)) {
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

bool trainer_step(struct trainer *t)
{
    struct model *md = t->model;
    const size_t count = model_param_count(md->n, md->m);
    if (!batch_generate_sets(&t->batch, &t->rng, t->desc.density, &t->desc.sets))
        return false;
    double loss = model_loss_grad(md, t->importance, &t->batch, t->desc.density, t->grad);
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
    t->model->act = act;
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
        bt.size = samples - done < chunk ? samples - done : chunk;
        if (!batch_generate_sets(&bt, &r, t->desc.density, &t->desc.sets)) {
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
    const size_t params = model_param_count(n, m);
    /* 64 kB for malloc's headers and the page rounding of its mmapped blocks (measured up to
     * 9 kB); the importance; per parameter the gradient, the backup and AdamW's two moments */
    return 65536 + sizeof(struct trainer) + model_bytes(n, m) + n * sizeof(float) +
           params * (sizeof(double) + 3 * sizeof(float)) +
           batch_bytes(d->batch, n, d->density, sets) +
           batch_bytes(eval_chunk(n, m), n, d->density, sets);
}
