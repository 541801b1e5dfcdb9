#include "worker.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sched.h>
#endif

#include <SDL.h>

#include "analysis.h"
#include "history.h"

enum {
    PENDING_SETTINGS = 1,
    PENDING_REINIT = 2,
    PENDING_ADOPT = 4,
};

struct worker {
    int count;
    struct trainer *trainers[WORKER_MAX_MODELS];
    struct worker_model models[WORKER_MAX_MODELS];
    SDL_Thread *thread;
    atomic_int stop;             /* the trainers watch it too, inside their steps */
    atomic_long limit;           /* < 0: paced by the speed; else step up to it, then wait */
    atomic_int failed;           /* the thread could not create its trainers */
    int capacity;
    struct trainer_desc desc;    /* what the thread creates its trainers from (lazy workers) */

    SDL_mutex *lock;             /* guards everything below */
    struct worker_snapshot shared[WORKER_MAX_MODELS];
    struct worker_settings wanted;
    uint64_t reinit_seed;
    struct trainer_state adopt;   /* for model 0, from worker_adopt */
    unsigned pending;
    unsigned requests;           /* numbers worker_set and worker_reinit hand out */
    struct history *history;     /* model 0's; NULL: none kept */

    /* the thread's own */
    struct analysis history_an;  /* D_i of a snapshot */
    unsigned history_run;        /* the run the history is of */
};

bool worker_snapshot_init(struct worker_snapshot *s, int capacity, int m)
{
    *s = (struct worker_snapshot){ .capacity = capacity, .m = m };
    s->W = calloc((size_t)capacity * (size_t)m, sizeof *s->W);
    s->b = calloc((size_t)capacity, sizeof *s->b);
    s->importance = calloc((size_t)capacity, sizeof *s->importance);
    s->W2 = calloc((size_t)capacity * (size_t)m, sizeof *s->W2);
    if (!s->W || !s->b || !s->importance || !s->W2) {
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
    free(s->W2);
    s->W = s->b = s->importance = s->W2 = NULL;
}

void worker_snapshot_copy(struct worker_snapshot *dst, const struct worker_snapshot *src)
{
    float *W = dst->W, *b = dst->b, *imp = dst->importance, *W2 = dst->W2;
    int capacity = dst->capacity;
    *dst = *src;
    dst->W = W, dst->b = b, dst->importance = imp, dst->W2 = W2, dst->capacity = capacity;
    memcpy(W, src->W, (size_t)src->n * (size_t)src->m * sizeof *W);
    if (src->kind == MODEL_ABS)
        memcpy(W2, src->W2, (size_t)src->n * (size_t)src->m * sizeof *W2);
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

/* The settings model k trains with: the sliders' unless it keeps its own. */
static struct worker_settings model_settings(const struct worker *w, int k,
                                             const struct worker_settings *s)
{
    struct worker_settings e = *s;
    if (w->models[k].density > 0)
        e.density = w->models[k].density;
    if (w->models[k].act != WORKER_ACT_SLIDER)
        e.act = (enum model_activation)w->models[k].act;
    return e;
}

bool worker_trainer_apply(struct trainer *t, const struct worker_settings *s, int capacity)
{
    const struct trainer_desc *d = trainer_settings(t);
    bool renewed = false;
    if (s->density != d->density)
        trainer_set_density(t, s->density);
    if (s->decay != d->decay)
        trainer_set_decay(t, s->decay);
    if (s->lr != d->lr)
        trainer_set_lr(t, s->lr);
    if (s->act != d->act)
        trainer_set_activation(t, s->act);
    if (s->kind != d->kind)
        renewed = trainer_set_kind(t, s->kind);
    if (s->features != d->features && s->features <= capacity)
        renewed |= trainer_set_features(t, s->features);
    /* After the features: a smaller n has dropped the sets it cannot hold, and new sets may
     * need the new n. */
    if (memcmp(&s->sets, &d->sets, sizeof s->sets) != 0)
        trainer_set_sets(t, &s->sets);
    return renewed;
}

static void apply_settings(struct worker *w, int k, const struct worker_settings *wanted,
                           struct worker_snapshot *local)
{
    struct trainer *t = w->trainers[k];
    struct worker_settings s = model_settings(w, k, wanted);
    if (worker_trainer_apply(t, &s, w->capacity))
        local->run++;
    local->settings = s;
    local->settings.features = trainer_settings(t)->features;
    local->settings.sets = trainer_settings(t)->sets;
    local->settings.hidden = trainer_model(t)->m;
}

static void fill(struct worker_snapshot *local, const struct trainer *t, const struct pacing *p)
{
    const struct model *md = trainer_model(t);
    double loss = trainer_last_loss(t);
    local->n = md->n;
    local->m = md->m;
    local->step = trainer_steps(t);
    local->loss = loss;
    if (isfinite(loss))
        local->loss_avg = isfinite(local->loss_avg) ? local->loss_avg + 0.05 * (loss - local->loss_avg)
                                                    : loss;
    local->steps_per_sec = p->rate;
    local->step_ms = p->step_ms;
    local->seed = trainer_settings(t)->seed;
    local->serial++;
}

/* Copies meta and the trainer's weights into s, keeping s's buffers. */
static void store(struct worker_snapshot *s, const struct worker_snapshot *meta,
                  const struct trainer *t)
{
    const struct model *md = trainer_model(t);
    float *W = s->W, *b = s->b, *imp = s->importance, *W2 = s->W2;
    int capacity = s->capacity;
    *s = *meta;
    s->W = W, s->b = b, s->importance = imp, s->W2 = W2, s->capacity = capacity;
    s->kind = md->kind;
    memcpy(W, md->W, (size_t)md->n * (size_t)md->m * sizeof *W);
    if (md->W2)
        memcpy(W2, md->W2, (size_t)md->n * (size_t)md->m * sizeof *W2);
    memcpy(b, md->b, (size_t)md->n * sizeof *b);
    memcpy(imp, trainer_importance(t), (size_t)md->n * sizeof *imp);
}

/* Publishes every model's state under one lock, so the renderer sees them from one round. */
static void publish(struct worker *w, struct worker_snapshot *local, const struct pacing *p)
{
    for (int k = 0; k < w->count; k++)
        fill(&local[k], w->trainers[k], p);
    SDL_LockMutex(w->lock);
    for (int k = 0; k < w->count; k++)
        store(&w->shared[k], &local[k], w->trainers[k]);
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

/* Model 0's history: it starts over with each run (R, a new n, a divergence) and takes a
 * snapshot at each step it keeps. D_i is computed outside the lock. */
static void record(struct worker *w, const struct worker_snapshot *local)
{
    const struct trainer *t = w->trainers[0];
    long step = trainer_steps(t);
    bool restart = local->run != w->history_run;
    if (!w->history || (!restart && !history_wants(w->history, step)))
        return;
    const struct model *md = trainer_model(t);
    const struct trainer_desc *d = trainer_settings(t);
    analysis_compute(&w->history_an, md->W, md->n, md->m);
    const struct history_meta meta = { .step = step, .loss = (float)trainer_last_loss(t),
                                       .density = (float)d->density, .act = (int)d->act };
    SDL_LockMutex(w->lock);
    if (restart)
        history_reset(w->history, md->n);
    history_push(w->history, &meta, md->W, md->b, w->history_an.dimensionality);
    SDL_UnlockMutex(w->lock);
    w->history_run = local->run;
}

/* One step of every model; a diverged model starts over visibly from the next seed (the
 * trainer kept its last finite weights). Returns how many models stepped; a stop ends the
 * round at once. */
static int step_round(struct worker *w, struct worker_snapshot *local)
{
    int stepped = 0;
    for (int k = 0; k < w->count; k++) {
        struct trainer *t = w->trainers[k];
        if (trainer_step(t)) {
            stepped++;
            continue;
        }
        if (trainer_stopped(t))
            return stepped;
        trainer_reinit(t, trainer_settings(t)->seed + 1);
        local[k].run++;
        local[k].diverged++;
        local[k].loss_avg = NAN;
    }
    return stepped;
}

/* Takes what the renderer asked for and applies it; true when anything was pending. */
static bool take_requests(struct worker *w, struct worker_snapshot *local, struct pacing *p,
                          struct worker_settings *s, Uint64 now)
{
    unsigned pending, applied;
    uint64_t seed;
    struct trainer_state adopt;
    SDL_LockMutex(w->lock);
    pending = w->pending;
    *s = w->wanted;
    seed = w->reinit_seed;
    adopt = w->adopt;
    w->adopt = (struct trainer_state){ 0 };
    applied = w->requests;
    w->pending = 0;
    SDL_UnlockMutex(w->lock);
    if (pending & PENDING_SETTINGS) {
        /* a new n or kind remakes each model's buffers: a stop between two models */
        for (int k = 0; k < w->count && !atomic_load(&w->stop); k++)
            apply_settings(w, k, s, &local[k]);
        if (s->speed != p->speed || s->paused || s->held) {
            p->speed = s->speed;
            p->base = now;
            p->base_steps = 0;
        }
    }
    if (pending & PENDING_REINIT) {
        for (int k = 0; k < w->count; k++) {
            trainer_reinit(w->trainers[k], seed);
            local[k].run++;
            local[k].loss_avg = NAN;
        }
    }
    /* The same run goes on (trails, curve and history continue) from the adopted weights. */
    if ((pending & PENDING_ADOPT) && trainer_state_load(w->trainers[0], &adopt))
        local[0].loss_avg = NAN;
    trainer_state_finish(&adopt);
    for (int k = 0; k < w->count; k++)
        local[k].applied = applied;
    return pending != 0;
}

void worker_batch_priority(void)
{
#ifdef __linux__
    /* Linux schedules threads one by one: pid 0 is the calling thread. No privilege needed. */
    sched_setscheduler(0, SCHED_BATCH, &(struct sched_param){ .sched_priority = 0 });
#endif
}

/* Trainer k from desc, with the worker's settings applied, stored as its first snapshot
 * (under the lock once the thread runs). */
static bool start_trainer(struct worker *w, int k, const struct trainer_desc *desc,
                          const struct worker_settings *s)
{
    w->trainers[k] = trainer_create(desc);
    if (!w->trainers[k])
        return false;
    trainer_set_stop(w->trainers[k], &w->stop);
    /* The settings may differ from desc (the window's speed, paused, a model's own density);
     * apply them first. */
    SDL_LockMutex(w->lock);
    struct worker_snapshot meta = w->shared[k];
    SDL_UnlockMutex(w->lock);
    meta.loss_avg = NAN;
    apply_settings(w, k, s, &meta);
    fill(&meta, w->trainers[k], &(struct pacing){ .freq = 1 });
    SDL_LockMutex(w->lock);
    store(&w->shared[k], &meta, w->trainers[k]);
    SDL_UnlockMutex(w->lock);
    return true;
}

/* What a lazy worker shows until its thread has created model k: its size and settings, no
 * weights yet (all zero) and no loss. */
static void placeholder(struct worker *w, int k, const struct trainer_desc *desc,
                        const struct worker_settings *s)
{
    struct worker_snapshot *sn = &w->shared[k];
    struct worker_settings e = model_settings(w, k, s);
    sn->n = e.features <= w->capacity ? e.features : desc->features;
    sn->m = desc->hidden;
    sn->kind = desc->kind;
    sn->seed = desc->seed;
    sn->loss = sn->loss_avg = NAN;
    e.features = sn->n;
    e.hidden = sn->m;
    sn->settings = e;
}

static int run(void *arg)
{
    struct worker *w = arg;
    struct worker_snapshot local[WORKER_MAX_MODELS];
    struct pacing p = { .freq = SDL_GetPerformanceFrequency() };
    worker_batch_priority();
    struct worker_settings s;
    SDL_LockMutex(w->lock);
    s = w->wanted;
    SDL_UnlockMutex(w->lock);
    bool lazy = !w->trainers[0];
    for (int k = 0; k < w->count && !w->trainers[k]; k++) {
        if (atomic_load(&w->stop))
            return 0;
        if (!start_trainer(w, k, &w->desc, &s)) {
            atomic_store(&w->failed, 1);
            return 0;
        }
    }
    p.base = p.rate_t0 = SDL_GetPerformanceCounter();
    SDL_LockMutex(w->lock);
    s = w->wanted;
    for (int k = 0; k < w->count; k++)
        local[k] = w->shared[k];
    SDL_UnlockMutex(w->lock);
    p.speed = s.speed;
    if (lazy)
        record(w, &local[0]);   /* the history's first entry, the fresh weights */
    publish(w, local, &p);

    while (!atomic_load(&w->stop)) {
        Uint64 now = SDL_GetPerformanceCounter();
        if (take_requests(w, local, &p, &s, now)) {
            record(w, &local[0]);
            publish(w, local, &p);
        }
        if (s.paused || s.held) {
            p.base = now;
            p.base_steps = 0;
            p.rate = 0;
            SDL_Delay(5);
            continue;
        }
        const long limit = atomic_load(&w->limit);
        long due = limit >= 0 ? limit - trainer_steps(w->trainers[0]) : steps_due(&p, now);
        if (due <= 0) {
            SDL_Delay(1);
            continue;
        }
        Uint64 t0 = SDL_GetPerformanceCounter();
        long done = 0;
        /* Unlimited speed publishes every 2 ms of work; paced speeds after each round. */
        while (done < due && !atomic_load(&w->stop)) {
            int stepped = step_round(w, local);
            record(w, &local[0]);
            if (stepped < w->count)
                break;
            done++;
            if (p.speed > 0 || seconds(&p, t0, SDL_GetPerformanceCounter()) > 0.002)
                break;
        }
        Uint64 t1 = SDL_GetPerformanceCounter();
        if (done > 0) {
            double ms = seconds(&p, t0, t1) * 1e3 / (double)done / w->count;
            p.step_ms = p.step_ms > 0 ? p.step_ms + 0.05 * (ms - p.step_ms) : ms;
        }
        p.base_steps += done;
        measure_rate(&p, t1, trainer_steps(w->trainers[0]));
        publish(w, local, &p);
    }
    return 0;
}

/* A lazy worker's thread creates its trainers itself: a dozen models of hundreds of features
 * take the main thread a tenth of a second and more (fresh memory, page by page), a frame's
 * worth many times over. */
static struct worker *create(const struct trainer_desc *desc, const struct worker_settings *s,
                             int capacity, int count, const struct worker_model *models,
                             bool keep_history, bool lazy)
{
    if (count < 1 || count > WORKER_MAX_MODELS)
        return NULL;
    struct worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    if (capacity < desc->features)
        capacity = desc->features;
    w->capacity = capacity;
    w->count = count;
    w->desc = *desc;
    atomic_init(&w->limit, -1);
    atomic_init(&w->failed, 0);
    w->wanted = *s;
    w->lock = SDL_CreateMutex();
    if (!w->lock)
        goto fail;
    for (int k = 0; k < count; k++) {
        w->models[k] = models[k];
        if (!worker_snapshot_init(&w->shared[k], capacity, desc->hidden))
            goto fail;
        if (lazy)
            placeholder(w, k, desc, s);
        else if (!start_trainer(w, k, desc, s))
            goto fail;
    }
    if (keep_history) {
        w->history = history_create(&(struct history_desc){ .features = capacity,
                                                             .hidden = desc->hidden });
        if (!w->history || !analysis_init(&w->history_an, capacity))
            goto fail;
        w->history_run = ~w->shared[0].run;   /* the first record starts it */
        if (!lazy)
            record(w, &w->shared[0]);
    }
    w->thread = SDL_CreateThread(run, "superpose-train", w);
    if (!w->thread)
        goto fail;
    return w;
fail:
    worker_destroy(w);
    return NULL;
}

struct worker *worker_create_models(const struct trainer_desc *desc,
                                    const struct worker_settings *s, int capacity, int count,
                                    const struct worker_model *models)
{
    return create(desc, s, capacity, count, models, false, true);
}

static const struct worker_model follow_sliders = { .density = 0, .act = WORKER_ACT_SLIDER };

struct worker *worker_create(const struct trainer_desc *desc, const struct worker_settings *s,
                             int capacity)
{
    return create(desc, s, capacity, 1, &follow_sliders, true, false);
}

struct worker *worker_create_lazy(const struct trainer_desc *desc, const struct worker_settings *s,
                                  int capacity)
{
    return create(desc, s, capacity, 1, &follow_sliders, true, true);
}

void worker_destroy(struct worker *w)
{
    if (!w)
        return;
    if (w->thread) {
        worker_halt(w);
        SDL_WaitThread(w->thread, NULL);
    }
    for (int k = 0; k < WORKER_MAX_MODELS; k++) {
        worker_snapshot_finish(&w->shared[k]);
        trainer_destroy(w->trainers[k]);
    }
    trainer_state_finish(&w->adopt);
    history_destroy(w->history);
    analysis_finish(&w->history_an);
    if (w->lock)
        SDL_DestroyMutex(w->lock);
    free(w);
}

void worker_halt(struct worker *w)
{
    if (w)
        atomic_store(&w->stop, 1);
}

void worker_destroy_any(void *w)
{
    worker_destroy(w);
}

int worker_count(const struct worker *w)
{
    return w->count;
}

bool worker_failed(const struct worker *w)
{
    return atomic_load(&w->failed) != 0;
}

unsigned worker_set(struct worker *w, const struct worker_settings *s)
{
    SDL_LockMutex(w->lock);
    w->wanted = *s;
    w->pending |= PENDING_SETTINGS;
    unsigned request = ++w->requests;
    SDL_UnlockMutex(w->lock);
    return request;
}

unsigned worker_reinit(struct worker *w, uint64_t seed)
{
    SDL_LockMutex(w->lock);
    w->reinit_seed = seed;
    w->pending |= PENDING_REINIT;
    unsigned request = ++w->requests;
    SDL_UnlockMutex(w->lock);
    return request;
}

unsigned worker_adopt(struct worker *w, struct trainer_state *s)
{
    SDL_LockMutex(w->lock);
    trainer_state_finish(&w->adopt);
    w->adopt = *s;
    w->pending |= PENDING_ADOPT;
    unsigned request = ++w->requests;
    SDL_UnlockMutex(w->lock);
    *s = (struct trainer_state){ 0 };
    return request;
}

bool worker_take_model(struct worker *w, int k, struct worker_snapshot *out)
{
    if (k < 0 || k >= w->count)
        return false;
    SDL_LockMutex(w->lock);
    bool changed = out->serial != w->shared[k].serial;
    worker_snapshot_copy(out, &w->shared[k]);
    SDL_UnlockMutex(w->lock);
    return changed;
}

bool worker_take(struct worker *w, struct worker_snapshot *out)
{
    return worker_take_model(w, 0, out);
}

void worker_limit(struct worker *w, long steps)
{
    atomic_store(&w->limit, steps);
}

long worker_step(struct worker *w)
{
    SDL_LockMutex(w->lock);
    long step = w->shared[0].step;
    SDL_UnlockMutex(w->lock);
    return step;
}

bool worker_take_history(struct worker *w, struct history_track *t)
{
    if (!w->history)
        return false;
    SDL_LockMutex(w->lock);
    bool changed = history_track_sync(t, w->history);
    SDL_UnlockMutex(w->lock);
    return changed;
}

bool worker_history_snapshot(struct worker *w, long step, struct worker_history_snapshot *out)
{
    bool found = false;
    if (!w->history)
        return false;
    SDL_LockMutex(w->lock);
    int k = history_find(w->history, step);
    int n = history_features(w->history);
    if (k >= 0 && n <= out->capacity) {
        out->meta = *history_meta(w->history, k);
        out->n = n;
        history_weights(w->history, k, out->W, out->b);
        found = true;
    }
    SDL_UnlockMutex(w->lock);
    return found;
}
