#include "dimsweep.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "parallel.h"
#include "progress.h"

#define MAX_THREADS 64

struct dimsweep {
    struct dimsweep_desc desc;
    int *order;                  /* model indices in training order */
    atomic_int next;             /* position in order of the next model to take */
    atomic_int stop;             /* the trainers watch it inside their steps */
    atomic_int paused;           /* read between steps; changed under lock */
    atomic_long steps_done;
    pthread_t threads[MAX_THREADS];
    int nthreads;

    pthread_mutex_t lock;        /* guards everything below, and waking */
    pthread_cond_t wake;         /* a pause ended, or the stop came */
    pthread_cond_t finished;     /* a model was handed over */
    struct dimsweep_model *shared;
    bool *taken;                 /* handed to dimsweep_take's caller already */
    int done;
    int failed;                  /* out of memory: never handed over */
    double busy_since;           /* when training last resumed; < 0 while paused or done */
    double busy;                 /* seconds trained before that */
};

double dimsweep_density(const struct dimsweep_desc *d, int k)
{
    return d->count > 1 ? d->from * pow(d->to / d->from, (double)k / (d->count - 1)) : d->from;
}

/* Every 4th model first, then every 2nd, then the rest: the whole density range early. */
static void coarse_first(int count, int *order)
{
    int k = 0;
    for (int step = 4; step >= 1; step /= 2)
        for (int i = 0; i < count; i++)
            if (i % step == 0 && (step == 4 || i % (2 * step) != 0))
                order[k++] = i;
}

/* Waits while paused; false when told to stop. */
static bool wait_running(struct dimsweep *p)
{
    if (!atomic_load(&p->paused))
        return !atomic_load(&p->stop);
    pthread_mutex_lock(&p->lock);
    while (atomic_load(&p->paused) && !atomic_load(&p->stop))
        pthread_cond_wait(&p->wake, &p->lock);
    pthread_mutex_unlock(&p->lock);
    return !atomic_load(&p->stop);
}

static void add_busy(struct dimsweep *p, double now)
{
    if (p->busy_since >= 0)
        p->busy += now - p->busy_since;
    p->busy_since = -1;
}

/* Trains model k; false when stopped (nothing is handed over then). */
static bool train(struct dimsweep *p, int k)
{
    struct trainer_desc d = p->desc.model;
    d.density = dimsweep_density(&p->desc, k);
    struct dimsweep_model m = { .density = d.density, .loss = NAN };
    struct trainer *t = trainer_create(&d);
    const size_t size = (size_t)d.features * (size_t)d.hidden;
    m.W = malloc(size * sizeof *m.W);
    if (!t || !m.W) {
        trainer_destroy(t);
        free(m.W);
        pthread_mutex_lock(&p->lock);
        p->failed++;
        pthread_cond_broadcast(&p->finished);
        pthread_mutex_unlock(&p->lock);
        return true;   /* the next model may still fit */
    }
    trainer_set_stop(t, &p->stop);
    double t0 = clock_seconds(), paused_for = 0;
    for (; m.steps < p->desc.steps; m.steps++) {
        if (atomic_load(&p->paused)) {
            double w0 = clock_seconds();
            if (!wait_running(p))
                break;
            paused_for += clock_seconds() - w0;
        }
        if (!trainer_step(t))
            break;
        atomic_fetch_add(&p->steps_done, 1);
        progress_add(p->desc.progress, 1);
    }
    if (trainer_stopped(t) || atomic_load(&p->stop)) {
        trainer_destroy(t);
        free(m.W);
        return false;
    }
    m.diverged = m.steps < p->desc.steps;
    /* a model that diverged is still counted in full: the progress ends at 100% */
    atomic_fetch_add(&p->steps_done, p->desc.steps - m.steps);
    progress_add(p->desc.progress, p->desc.steps - m.steps);
    m.seconds = clock_seconds() - t0 - paused_for;
    if (p->desc.report_loss && !m.diverged)
        m.loss = trainer_report_loss(t);
    memcpy(m.W, trainer_model(t)->W, size * sizeof *m.W);
    trainer_destroy(t);
    m.done = true;
    pthread_mutex_lock(&p->lock);
    p->shared[k] = m;
    if (++p->done == p->desc.count)
        add_busy(p, clock_seconds());
    pthread_cond_broadcast(&p->finished);
    pthread_mutex_unlock(&p->lock);
    return true;
}

static void *run(void *arg)
{
    struct dimsweep *p = arg;
    if (p->desc.thread_start)
        p->desc.thread_start();
    while (wait_running(p)) {
        int i = atomic_fetch_add(&p->next, 1);
        if (i >= p->desc.count || !train(p, p->order[i]))
            break;
    }
    return NULL;
}

struct dimsweep *dimsweep_create(const struct dimsweep_desc *d)
{
    struct dimsweep *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->desc = *d;
    struct dimsweep_desc *x = &p->desc;
    x->count = x->count > 0 ? x->count : DIMSWEEP_MODELS;
    x->from = x->from > 0 ? x->from : DIMSWEEP_FROM;
    x->to = x->to > 0 ? x->to : DIMSWEEP_TO;
    x->steps = x->steps > 0 ? x->steps : TRAINER_DEFAULT_STEPS;
    int threads = x->threads > 0 ? x->threads : parallel_cpu_count();
    threads = threads > x->count ? x->count : threads > MAX_THREADS ? MAX_THREADS : threads;
    atomic_init(&p->next, 0);
    atomic_init(&p->stop, 0);
    atomic_init(&p->paused, x->paused);
    atomic_init(&p->steps_done, 0);
    p->busy_since = x->paused ? -1 : clock_seconds();
    p->order = malloc((size_t)x->count * sizeof *p->order);
    p->shared = calloc((size_t)x->count, sizeof *p->shared);
    p->taken = calloc((size_t)x->count, sizeof *p->taken);
    if (!p->order || !p->shared || !p->taken) {
        free(p->order);
        free(p->shared);
        free(p->taken);
        free(p);
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, NULL);
    pthread_cond_init(&p->finished, NULL);
    coarse_first(x->count, p->order);
    for (int k = 0; k < x->count; k++)
        p->shared[k] = (struct dimsweep_model){ .density = dimsweep_density(x, k), .loss = NAN };
    for (; p->nthreads < threads; p->nthreads++)
        if (pthread_create(&p->threads[p->nthreads], NULL, run, p) != 0)
            break;
    if (p->nthreads == 0) {
        dimsweep_destroy(p);
        return NULL;
    }
    return p;
}

void dimsweep_halt(struct dimsweep *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    atomic_store(&p->stop, 1);
    pthread_cond_broadcast(&p->wake);
    pthread_cond_broadcast(&p->finished);
    pthread_mutex_unlock(&p->lock);
}

void dimsweep_destroy(struct dimsweep *p)
{
    if (!p)
        return;
    dimsweep_halt(p);
    for (int t = 0; t < p->nthreads; t++)
        pthread_join(p->threads[t], NULL);
    pthread_cond_destroy(&p->finished);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    dimsweep_models_free(p->shared, p->desc.count);
    free(p->shared);
    free(p->taken);
    free(p->order);
    free(p);
}

void dimsweep_destroy_any(void *p)
{
    dimsweep_destroy(p);
}

void dimsweep_pause(struct dimsweep *p, bool paused)
{
    pthread_mutex_lock(&p->lock);
    double now = clock_seconds();
    if (paused)
        add_busy(p, now);
    else if (atomic_load(&p->paused) && p->done < p->desc.count)
        p->busy_since = now;
    atomic_store(&p->paused, paused);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
}

int dimsweep_wait(struct dimsweep *p, int seen)
{
    pthread_mutex_lock(&p->lock);
    while (p->done + p->failed <= seen && p->done + p->failed < p->desc.count &&
           !atomic_load(&p->stop))
        pthread_cond_wait(&p->finished, &p->lock);
    int n = p->done + p->failed;
    pthread_mutex_unlock(&p->lock);
    return n;
}

int dimsweep_failed(struct dimsweep *p)
{
    pthread_mutex_lock(&p->lock);
    int failed = p->failed;
    pthread_mutex_unlock(&p->lock);
    return failed;
}

const struct dimsweep_desc *dimsweep_settings(const struct dimsweep *p)
{
    return &p->desc;
}

int dimsweep_threads(const struct dimsweep *p)
{
    return p->nthreads;
}

long dimsweep_steps_done(const struct dimsweep *p)
{
    return atomic_load(&p->steps_done);
}

int dimsweep_take(struct dimsweep *p, struct dimsweep_model *out, double *seconds)
{
    pthread_mutex_lock(&p->lock);
    /* handed over, not copied: nothing here can run out of memory */
    for (int k = 0; k < p->desc.count; k++) {
        if (!p->shared[k].done || p->taken[k])
            continue;
        free(out[k].W);
        out[k] = p->shared[k];
        p->shared[k].W = NULL;
        p->taken[k] = true;
    }
    int done = p->done;
    double busy = p->busy + (p->busy_since >= 0 ? clock_seconds() - p->busy_since : 0);
    pthread_mutex_unlock(&p->lock);
    if (seconds)
        *seconds = busy;
    return done;
}

void dimsweep_models_free(struct dimsweep_model *models, int count)
{
    for (int k = 0; models && k < count; k++) {
        free(models[k].W);
        models[k].W = NULL;
    }
}
