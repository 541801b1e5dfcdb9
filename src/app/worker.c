#include "worker.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

enum {
    PENDING_SETTINGS = 1,
    PENDING_REINIT = 2,
};

struct worker {
    struct trainer *trainer;
    SDL_Thread *thread;
    SDL_atomic_t stop;
    int capacity;

    SDL_mutex *lock;             /* guards everything below */
    struct worker_snapshot shared;
    struct worker_settings wanted;
    uint64_t reinit_seed;
    unsigned pending;
};

bool worker_snapshot_init(struct worker_snapshot *s, int capacity, int m)
{
    *s = (struct worker_snapshot){ .capacity = capacity, .m = m };
    s->W = calloc((size_t)capacity * (size_t)m, sizeof *s->W);
    s->b = calloc((size_t)capacity, sizeof *s->b);
    s->importance = calloc((size_t)capacity, sizeof *s->importance);
    if (!s->W || !s->b || !s->importance) {
        worker_snapshot_finish(s);
        return false;
    }
    return true;
}

void worker_snapshot_finish(struct worker_snapshot *s)
{
    free(s->W);
    free(s->b);
    free(s->importance);
    s->W = s->b = s->importance = NULL;
}

static void snapshot_copy(struct worker_snapshot *dst, const struct worker_snapshot *src)
{
    float *W = dst->W, *b = dst->b, *imp = dst->importance;
    int capacity = dst->capacity;
    *dst = *src;
    dst->W = W, dst->b = b, dst->importance = imp, dst->capacity = capacity;
    memcpy(W, src->W, (size_t)src->n * (size_t)src->m * sizeof *W);
    memcpy(b, src->b, (size_t)src->n * sizeof *b);
    memcpy(imp, src->importance, (size_t)src->n * sizeof *imp);
}

/* State the thread alone owns: the pacing clock and the rate measurement. */
struct pacing {
    Uint64 freq;
    Uint64 base;        /* when the current speed took effect */
    long base_steps;    /* steps done since then */
    double speed;
    Uint64 rate_t0;
    long rate_steps0;
    double rate;
    double step_ms;
};

static double seconds(const struct pacing *p, Uint64 a, Uint64 b)
{
    return (double)(b - a) / (double)p->freq;
}

static void apply_settings(struct worker *w, const struct worker_settings *s,
                           struct worker_snapshot *local)
{
    struct trainer *t = w->trainer;
    const struct trainer_desc *d = trainer_settings(t);
    if (s->density != d->density)
        trainer_set_density(t, s->density);
    if (s->decay != d->decay)
        trainer_set_decay(t, s->decay);
    if (s->lr != d->lr)
        trainer_set_lr(t, s->lr);
    if (s->act != d->act)
        trainer_set_activation(t, s->act);
    if (s->features != d->features && s->features <= w->capacity &&
        trainer_set_features(t, s->features))
        local->run++;
    local->settings = *s;
    local->settings.features = trainer_settings(t)->features;
}

/* Publishes the trainer's state; takes the lock. */
static void publish(struct worker *w, struct worker_snapshot *local, const struct pacing *p)
{
    const struct model *md = trainer_model(w->trainer);
    double loss = trainer_last_loss(w->trainer);
    local->n = md->n;
    local->m = md->m;
    local->step = trainer_steps(w->trainer);
    local->loss = loss;
    if (isfinite(loss))
        local->loss_avg = isfinite(local->loss_avg) ? local->loss_avg + 0.05 * (loss - local->loss_avg)
                                                    : loss;
    local->steps_per_sec = p->rate;
    local->step_ms = p->step_ms;
    local->seed = trainer_settings(w->trainer)->seed;
    local->serial++;

    SDL_LockMutex(w->lock);
    struct worker_snapshot *s = &w->shared;
    float *W = s->W, *b = s->b, *imp = s->importance;
    int capacity = s->capacity;
    *s = *local;
    s->W = W, s->b = b, s->importance = imp, s->capacity = capacity;
    memcpy(W, md->W, (size_t)md->n * (size_t)md->m * sizeof *W);
    memcpy(b, md->b, (size_t)md->n * sizeof *b);
    memcpy(imp, trainer_importance(w->trainer), (size_t)md->n * sizeof *imp);
    SDL_UnlockMutex(w->lock);
}

static void measure_rate(struct pacing *p, Uint64 now, long steps)
{
    double dt = seconds(p, p->rate_t0, now);
    if (dt >= 0.25) {
        p->rate = (double)(steps - p->rate_steps0) / dt;
        p->rate_t0 = now;
        p->rate_steps0 = steps;
    } else if (steps < p->rate_steps0) {
        p->rate_steps0 = steps;   /* re-initialised: the count restarted */
    }
}

/* How many steps are due now at the current speed (at most a tenth of a second's worth, so a
 * stall is not followed by a burst). */
static long steps_due(struct pacing *p, Uint64 now)
{
    if (p->speed <= 0)
        return 64;
    long target = (long)(seconds(p, p->base, now) * p->speed);
    long due = target - p->base_steps;
    long burst = (long)(p->speed * 0.1) + 1;
    if (due > burst) {
        p->base_steps = target - burst;
        due = burst;
    }
    return due;
}

static int run(void *arg)
{
    struct worker *w = arg;
    struct worker_snapshot local = { .loss_avg = NAN };
    struct pacing p = { .freq = SDL_GetPerformanceFrequency() };
    p.base = p.rate_t0 = SDL_GetPerformanceCounter();
    struct worker_settings s;
    SDL_LockMutex(w->lock);
    s = w->wanted;
    SDL_UnlockMutex(w->lock);
    local.settings = s;
    local.settings.features = trainer_settings(w->trainer)->features;
    p.speed = s.speed;
    publish(w, &local, &p);

    while (!SDL_AtomicGet(&w->stop)) {
        unsigned pending;
        uint64_t seed;
        SDL_LockMutex(w->lock);
        pending = w->pending;
        s = w->wanted;
        seed = w->reinit_seed;
        w->pending = 0;
        SDL_UnlockMutex(w->lock);

        Uint64 now = SDL_GetPerformanceCounter();
        if (pending & PENDING_SETTINGS) {
            apply_settings(w, &s, &local);
            if (s.speed != p.speed || s.paused) {
                p.speed = s.speed;
                p.base = now;
                p.base_steps = 0;
            }
        }
        if (pending & PENDING_REINIT) {
            trainer_reinit(w->trainer, seed);
            local.run++;
            local.loss_avg = NAN;
        }
        if (pending)
            publish(w, &local, &p);
        if (s.paused) {
            p.base = now;
            p.base_steps = 0;
            p.rate = 0;
            SDL_Delay(5);
            continue;
        }
        long due = steps_due(&p, now);
        if (due <= 0) {
            SDL_Delay(1);
            continue;
        }
        Uint64 t0 = SDL_GetPerformanceCounter();
        long done = 0;
        /* Unlimited speed publishes every 2 ms of work; paced speeds after each step. */
        while (done < due && !SDL_AtomicGet(&w->stop)) {
            if (!trainer_step(w->trainer)) {
                /* Diverged: the trainer kept the last finite weights; start over visibly. */
                trainer_reinit(w->trainer, trainer_settings(w->trainer)->seed + 1);
                local.run++;
                local.diverged++;
                local.loss_avg = NAN;
                break;
            }
            done++;
            if (p.speed > 0 || seconds(&p, t0, SDL_GetPerformanceCounter()) > 0.002)
                break;
        }
        Uint64 t1 = SDL_GetPerformanceCounter();
        if (done > 0) {
            double ms = seconds(&p, t0, t1) * 1e3 / (double)done;
            p.step_ms = p.step_ms > 0 ? p.step_ms + 0.05 * (ms - p.step_ms) : ms;
        }
        p.base_steps += done;
        measure_rate(&p, t1, trainer_steps(w->trainer));
        publish(w, &local, &p);
    }
    return 0;
}

struct worker *worker_create(const struct trainer_desc *desc, const struct worker_settings *s,
                             int capacity)
{
    struct worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    if (capacity < desc->features)
        capacity = desc->features;
    w->capacity = capacity;
    w->wanted = *s;
    w->trainer = trainer_create(desc);
    w->lock = SDL_CreateMutex();
    if (!w->trainer || !w->lock || !worker_snapshot_init(&w->shared, capacity, desc->hidden))
        goto fail;
    /* The settings may differ from desc (the window's speed, paused); apply them first. */
    apply_settings(w, s, &w->shared);
    w->thread = SDL_CreateThread(run, "superpose-train", w);
    if (!w->thread)
        goto fail;
    return w;
fail:
    worker_destroy(w);
    return NULL;
}

void worker_destroy(struct worker *w)
{
    if (!w)
        return;
    if (w->thread) {
        SDL_AtomicSet(&w->stop, 1);
        SDL_WaitThread(w->thread, NULL);
    }
    worker_snapshot_finish(&w->shared);
    if (w->lock)
        SDL_DestroyMutex(w->lock);
    trainer_destroy(w->trainer);
    free(w);
}

void worker_set(struct worker *w, const struct worker_settings *s)
{
    SDL_LockMutex(w->lock);
    w->wanted = *s;
    w->pending |= PENDING_SETTINGS;
    SDL_UnlockMutex(w->lock);
}

void worker_reinit(struct worker *w, uint64_t seed)
{
    SDL_LockMutex(w->lock);
    w->reinit_seed = seed;
    w->pending |= PENDING_REINIT;
    SDL_UnlockMutex(w->lock);
}

bool worker_take(struct worker *w, struct worker_snapshot *out)
{
    SDL_LockMutex(w->lock);
    bool changed = out->serial != w->shared.serial;
    snapshot_copy(out, &w->shared);
    SDL_UnlockMutex(w->lock);
    return changed;
}
