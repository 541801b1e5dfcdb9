#include "seedslive.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

/* A thread publishes at most this often (seconds) when it steps faster. */
#define PUBLISH_PERIOD (1.0 / 60.0)

struct seed_model {
    struct trainer *t;
    SDL_mutex *busy;                 /* held while its thread steps it: seedslive_save's */
    struct worker_snapshot local;    /* its thread's: everything but the buffers */
    double loss;                     /* on the evaluation samples; its thread's */
    long evaluated_at;               /* the step it was evaluated at; -1: never */
    struct worker_snapshot shared;   /* guarded by the lock */
    double shared_loss;
};

struct lane {
    struct seedslive *p;
    int first;                       /* its models: first, first + threads, ... */
    SDL_Thread *thread;
};

struct seedslive {
    int count, nthreads, capacity;
    struct seed_model *models;
    struct lane lanes[SEEDSLIVE_MAX_THREADS];
    atomic_int stop;                 /* the trainers watch it too, inside their steps */
    atomic_int failed;               /* a lane found no memory for its trainers */
    Uint64 freq;
    struct trainer_desc desc;        /* model k is this with seed + k */

    SDL_mutex *lock;                 /* guards the shared snapshots and what follows */
    struct worker_settings wanted;
    unsigned requests;
};

/* Model k's settings applied: its snapshot's settings say what the trainer has. */
static void apply(struct seedslive *p, struct seed_model *x, const struct worker_settings *s)
{
    if (worker_trainer_apply(x->t, s, p->capacity))
        x->local.run++;
    const struct trainer_desc *d = trainer_settings(x->t);
    x->local.settings = *s;
    x->local.settings.features = d->features;
    x->local.settings.sets = d->sets;
    x->local.settings.hidden = trainer_model(x->t)->m;
}

/* One step; a diverged model starts over from a seed no other model has (the trainer kept its
 * last finite weights). False when stopped. The evaluation follows every so many steps. */
static bool step(struct seedslive *p, struct seed_model *x)
{
    if (!trainer_step(x->t)) {
        if (trainer_stopped(x->t))
            return false;
        trainer_reinit(x->t, trainer_settings(x->t)->seed + (uint64_t)p->count);
        x->local.run++;
        x->local.diverged++;
        x->local.loss_avg = NAN;
        x->evaluated_at = -1;
    }
    long steps = trainer_steps(x->t);
    if (x->evaluated_at < 0 || steps - x->evaluated_at >= SEEDSLIVE_EVAL_EVERY) {
        double loss = trainer_eval_loss(x->t, SEEDSLIVE_EVAL_SAMPLES, SEEDSLIVE_EVAL_SEED);
        if (trainer_stopped(x->t))
            return false;
        x->loss = loss;
        x->evaluated_at = steps;
    }
    double last = trainer_last_loss(x->t);
    x->local.loss = last;
    if (isfinite(last))
        x->local.loss_avg = isfinite(x->local.loss_avg)
                                ? x->local.loss_avg + 0.05 * (last - x->local.loss_avg)
                                : last;
    return true;
}

/* Copies the lane's models into the shared snapshots under the lock. */
static void publish(struct lane *l)
{
    struct seedslive *p = l->p;
    SDL_LockMutex(p->lock);
    for (int k = l->first; k < p->count; k += p->nthreads) {
        struct seed_model *x = &p->models[k];
        const struct model *md = trainer_model(x->t);
        struct worker_snapshot *sh = &x->shared;
        float *W = sh->W, *b = sh->b, *imp = sh->importance, *W2 = sh->W2;
        int capacity = sh->capacity;
        x->local.n = md->n;
        x->local.m = md->m;
        x->local.step = trainer_steps(x->t);
        x->local.seed = trainer_settings(x->t)->seed;
        x->local.serial++;
        *sh = x->local;
        sh->W = W, sh->b = b, sh->importance = imp, sh->W2 = W2, sh->capacity = capacity;
        sh->kind = md->kind;
        memcpy(W, md->W, (size_t)md->n * (size_t)md->m * sizeof *W);
        if (md->kind == MODEL_ABS)
            memcpy(W2, md->W2, (size_t)md->n * (size_t)md->m * sizeof *W2);
        memcpy(b, md->b, (size_t)md->n * sizeof *b);
        memcpy(imp, trainer_importance(x->t), (size_t)md->n * sizeof *imp);
        x->shared_loss = x->loss;
    }
    SDL_UnlockMutex(p->lock);
}

/* The settings asked for since `seen`, applied to the lane's models; true when any were. */
static bool take_settings(struct lane *l, unsigned *seen, struct worker_settings *s)
{
    struct seedslive *p = l->p;
    SDL_LockMutex(p->lock);
    bool fresh = p->requests != *seen;
    *seen = p->requests;
    *s = p->wanted;
    SDL_UnlockMutex(p->lock);
    /* a new n or kind remakes each model's buffers (tens of ms at n = 512): a stop between
     * two models, not after all of them */
    for (int k = l->first; fresh && k < p->count && !atomic_load(&p->stop); k += p->nthreads) {
        SDL_LockMutex(p->models[k].busy);
        apply(p, &p->models[k], s);
        SDL_UnlockMutex(p->models[k].busy);
    }
    return fresh;
}

/* The lane makes its own trainers: K models of hundreds of features take the main thread a
 * tenth of a second and more (fresh memory, page by page). False when stopped meanwhile or
 * out of memory (then failed is set). */
static bool create_models(struct lane *l)
{
    struct seedslive *p = l->p;
    for (int k = l->first; k < p->count; k += p->nthreads) {
        if (atomic_load(&p->stop))
            return false;
        struct seed_model *x = &p->models[k];
        struct trainer_desc dk = p->desc;
        dk.seed = p->desc.seed + (uint64_t)k;
        struct trainer *t = trainer_create(&dk);
        if (!t) {
            atomic_store(&p->failed, 1);
            return false;
        }
        trainer_set_stop(t, &p->stop);
        SDL_LockMutex(x->busy);
        x->t = t;
        SDL_UnlockMutex(x->busy);
    }
    return true;
}

/* What model k shows until its lane has made it: its size and settings, zero weights. */
static void placeholder(struct seedslive *p, int k, const struct worker_settings *s)
{
    struct worker_snapshot *sh = &p->models[k].shared;
    sh->n = s->features <= p->capacity ? s->features : p->desc.features;
    sh->m = p->desc.hidden;
    sh->kind = p->desc.kind;
    sh->seed = p->desc.seed + (uint64_t)k;
    sh->loss = sh->loss_avg = NAN;
    sh->settings = *s;
    sh->settings.features = sh->n;
    sh->settings.hidden = sh->m;
}

static int run(void *arg)
{
    struct lane *l = arg;
    struct seedslive *p = l->p;
    struct worker_settings s;
    unsigned seen = 0;
    worker_batch_priority();
    if (!create_models(l))
        return 0;
    take_settings(l, &seen, &s);
    publish(l);
    Uint64 base = SDL_GetPerformanceCounter(), published = base;
    long rounds = 0;   /* since base */
    double speed = s.speed;
    while (!atomic_load(&p->stop)) {
        Uint64 now = SDL_GetPerformanceCounter();
        if (take_settings(l, &seen, &s)) {
            publish(l);
            if (s.speed != speed || s.paused) {
                speed = s.speed;
                base = now;
                rounds = 0;
            }
        }
        if (s.paused) {
            base = now;
            rounds = 0;
            SDL_Delay(5);
            continue;
        }
        /* at most a tenth of a second's rounds behind: a stall is not followed by a burst */
        double elapsed = (double)(now - base) / (double)p->freq;
        if (speed > 0 && elapsed * speed - (double)rounds > speed * 0.1 + 1)
            rounds = (long)(elapsed * speed - speed * 0.1);
        if (speed > 0 && (double)rounds >= elapsed * speed) {
            SDL_Delay(1);
            continue;
        }
        for (int k = l->first; k < p->count && !atomic_load(&p->stop); k += p->nthreads) {
            SDL_LockMutex(p->models[k].busy);
            step(p, &p->models[k]);
            SDL_UnlockMutex(p->models[k].busy);
        }
        rounds++;
        now = SDL_GetPerformanceCounter();
        if ((double)(now - published) / (double)p->freq >= PUBLISH_PERIOD) {
            publish(l);
            published = now;
        }
    }
    return 0;
}

struct seedslive *seedslive_create(const struct trainer_desc *d, const struct worker_settings *s,
                                   int capacity, int count, int threads)
{
    if (count < 2 || count > SEEDSLIVE_MAX_MODELS)
        return NULL;
    struct seedslive *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->count = count;
    p->capacity = capacity < d->features ? d->features : capacity;
    p->freq = SDL_GetPerformanceFrequency();
    p->wanted = *s;
    p->requests = 1;
    p->lock = SDL_CreateMutex();
    p->models = calloc((size_t)count, sizeof *p->models);
    if (!p->lock || !p->models)
        goto fail;
    p->desc = *d;
    atomic_init(&p->failed, 0);
    for (int k = 0; k < count; k++) {
        struct seed_model *x = &p->models[k];
        x->busy = SDL_CreateMutex();
        if (!x->busy || !worker_snapshot_init(&x->shared, p->capacity, d->hidden))
            goto fail;
        placeholder(p, k, s);
        x->loss = x->shared_loss = NAN;
        x->evaluated_at = -1;
        x->local = (struct worker_snapshot){ .loss = NAN, .loss_avg = NAN };
    }
    threads = threads < 1 ? 1 : threads > count ? count : threads;
    threads = threads > SEEDSLIVE_MAX_THREADS ? SEEDSLIVE_MAX_THREADS : threads;
    for (int t = 0; t < threads; t++)
        p->lanes[t] = (struct lane){ .p = p, .first = t };
    /* the lanes' stride is the thread count: set before any starts */
    p->nthreads = threads;
    for (int t = 0; t < threads; t++) {
        p->lanes[t].thread = SDL_CreateThread(run, "superpose-seeds", &p->lanes[t]);
        if (!p->lanes[t].thread)
            goto fail;
    }
    return p;
fail:
    seedslive_destroy(p);
    return NULL;
}

void seedslive_halt(struct seedslive *p)
{
    if (p)
        atomic_store(&p->stop, 1);
}

void seedslive_destroy(struct seedslive *p)
{
    if (!p)
        return;
    seedslive_halt(p);
    for (int t = 0; t < p->nthreads; t++)
        if (p->lanes[t].thread)
            SDL_WaitThread(p->lanes[t].thread, NULL);
    for (int k = 0; p->models && k < p->count; k++) {
        trainer_destroy(p->models[k].t);
        worker_snapshot_finish(&p->models[k].shared);
        if (p->models[k].busy)
            SDL_DestroyMutex(p->models[k].busy);
    }
    free(p->models);
    if (p->lock)
        SDL_DestroyMutex(p->lock);
    free(p);
}

bool seedslive_failed(const struct seedslive *p)
{
    return atomic_load(&p->failed) != 0;
}

int seedslive_count(const struct seedslive *p)
{
    return p->count;
}

int seedslive_threads(const struct seedslive *p)
{
    return p->nthreads;
}

void seedslive_set(struct seedslive *p, const struct worker_settings *s)
{
    SDL_LockMutex(p->lock);
    p->wanted = *s;
    p->requests++;
    SDL_UnlockMutex(p->lock);
}

bool seedslive_take(struct seedslive *p, int k, struct worker_snapshot *out, double *loss)
{
    if (k < 0 || k >= p->count)
        return false;
    const struct worker_snapshot *sh = &p->models[k].shared;
    SDL_LockMutex(p->lock);
    bool changed = out->serial != sh->serial;
    worker_snapshot_copy(out, sh);
    *loss = p->models[k].shared_loss;
    SDL_UnlockMutex(p->lock);
    return changed;
}

bool seedslive_save(struct seedslive *p, int k, struct trainer_state *out)
{
    if (k < 0 || k >= p->count)
        return false;
    SDL_LockMutex(p->models[k].busy);
    bool ok = p->models[k].t && trainer_state_save(p->models[k].t, out);
    SDL_UnlockMutex(p->models[k].busy);
    return ok;
}
