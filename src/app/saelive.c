#include "saelive.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "model.h"
#include "worker.h"

/* At unlimited speed the thread publishes after this much stepping; a paused or idle thread
 * waits on the condition variable, never spins. */
#define BURST_SECONDS 0.002
#define RATE_PERIOD 0.25

struct saelive {
    SDL_Thread *thread;
    atomic_bool stop;
    int capacity, features;
    bool stopped_mid_step;       /* the thread's alone until joined */

    SDL_mutex *lock;             /* guards everything below */
    SDL_cond *changed;           /* a request, a feed, a step begun or published, a stop */
    struct saelive_snapshot shared;
    struct saelive_settings wanted;
    uint64_t restart_seed;
    bool restart;
    float *fed;                  /* features x MODEL_MAX_HIDDEN */
    int fed_n, fed_m;            /* fed_m 0: no model yet */
    double fed_density;
    unsigned fed_serial;
};

/* What the thread alone owns. */
struct local {
    struct sae *s;
    float *W;
    int n, m;
    double density;
    unsigned fed_seen;
    struct saelive_settings set;
    uint64_t seed;
    Uint64 freq, base, rate_t0;
    long base_steps, rate_steps0;
    double rate;
    struct saelive_snapshot snap;   /* the counters published beside the SAE's arrays */
};

bool saelive_snapshot_init(struct saelive_snapshot *s, int capacity)
{
    *s = (struct saelive_snapshot){ .capacity = capacity };
    s->dec = calloc((size_t)capacity * MODEL_MAX_HIDDEN, sizeof *s->dec);
    s->rate = calloc((size_t)capacity, sizeof *s->rate);
    s->dead = calloc((size_t)capacity, sizeof *s->dead);
    s->resampled_at = calloc((size_t)capacity, sizeof *s->resampled_at);
    if (!s->dec || !s->rate || !s->dead || !s->resampled_at) {
        saelive_snapshot_finish(s);
        return false;
    }
    return true;
}

void saelive_snapshot_finish(struct saelive_snapshot *s)
{
    free(s->dec);
    free(s->rate);
    free(s->dead);
    free(s->resampled_at);
    s->dec = NULL;
    s->rate = NULL;
    s->dead = NULL;
    s->resampled_at = NULL;
}

/* dst's arrays keep their buffers; the counters and k x m values are copied. */
static void copy_snapshot(struct saelive_snapshot *dst, const struct saelive_snapshot *src)
{
    struct saelive_snapshot keep = *dst;
    *dst = *src;
    dst->capacity = keep.capacity;
    dst->dec = keep.dec;
    dst->rate = keep.rate;
    dst->dead = keep.dead;
    dst->resampled_at = keep.resampled_at;
    const size_t k = (size_t)src->k;
    memcpy(dst->dec, src->dec, k * (size_t)src->m * sizeof *dst->dec);
    memcpy(dst->rate, src->rate, k * sizeof *dst->rate);
    memcpy(dst->dead, src->dead, k * sizeof *dst->dead);
    memcpy(dst->resampled_at, src->resampled_at, k * sizeof *dst->resampled_at);
}

static void publish(struct saelive *l, struct local *x)
{
    const struct sae *s = x->s;
    SDL_LockMutex(l->lock);
    struct saelive_snapshot *sh = &l->shared;
    const long begun = sh->begun;
    float *dec = sh->dec;
    double *rate = sh->rate;
    bool *dead = sh->dead;
    long *at = sh->resampled_at;
    int capacity = sh->capacity;
    *sh = x->snap;
    sh->dec = dec, sh->rate = rate, sh->dead = dead, sh->resampled_at = at;
    sh->capacity = capacity;
    sh->begun = begun;
    sh->settings = x->set;
    sh->steps_per_sec = x->rate;
    sh->serial++;
    if (s) {
        const int k = sae_settings(s)->latents, m = sae_settings(s)->inputs;
        sh->k = k;
        sh->m = m;
        sh->n = x->n;
        sh->step = sae_steps(s);
        sh->loss = sae_last_loss(s);
        sh->resample_count = sae_resample_count(s);
        sh->seed = sae_settings(s)->seed;
        memcpy(dec, sae_decoder(s), (size_t)k * (size_t)m * sizeof *dec);
        memcpy(rate, sae_firing_rate(s), (size_t)k * sizeof *rate);
        memcpy(at, sae_resampled_at(s), (size_t)k * sizeof *at);
        for (int j = 0; j < k; j++)
            dead[j] = sae_latent_dead(s, j);
    }
    x->snap.serial = sh->serial;
    SDL_CondBroadcast(l->changed);
    SDL_UnlockMutex(l->lock);
}

/* A new SAE for the model's m, the latent count and the seed. */
static void start_sae(struct local *x, int capacity)
{
    sae_destroy(x->s);
    int k = x->set.latents < 1 ? x->n : x->set.latents;
    struct sae_desc d = { .inputs = x->m, .features = x->n, .latents = k > capacity ? capacity : k,
                          .kind = x->set.kind, .l1 = x->set.l1, .topk = x->set.topk,
                          .resample = x->set.resample, .seed = x->seed };
    x->s = sae_create(&d);
    x->snap.run++;
    x->base = SDL_GetPerformanceCounter();
    x->base_steps = 0;
}

/* Takes the requests under the lock; false when told to stop. Waits while paused or while
 * no model has been fed. */
static bool take_requests(struct saelive *l, struct local *x, bool *fresh)
{
    SDL_LockMutex(l->lock);
    while (!atomic_load(&l->stop) && (l->wanted.paused || l->fed_m == 0)) {
        x->rate = 0;
        SDL_CondWait(l->changed, l->lock);
        x->base = SDL_GetPerformanceCounter();
        x->base_steps = 0;
    }
    if (l->wanted.speed != x->set.speed) {
        x->base = SDL_GetPerformanceCounter();
        x->base_steps = 0;
    }
    x->set = l->wanted;
    if (l->restart) {
        x->seed = l->restart_seed;
        l->restart = false;
        *fresh = true;
    }
    if (l->fed_serial != x->fed_seen) {
        x->fed_seen = l->fed_serial;
        x->n = l->fed_n;
        x->m = l->fed_m;
        x->density = l->fed_density;
        memcpy(x->W, l->fed, (size_t)x->n * (size_t)x->m * sizeof *x->W);
    }
    SDL_UnlockMutex(l->lock);
    return !atomic_load(&l->stop);
}

static void apply(struct local *x)
{
    sae_set_kind(x->s, x->set.kind);
    sae_set_l1(x->s, x->set.l1);
    sae_set_topk(x->s, x->set.topk);
    sae_set_resample(x->s, x->set.resample);
}

static long steps_due(struct local *x, Uint64 now)
{
    if (x->set.speed <= 0)
        return 1L << 30;
    long target = (long)((double)(now - x->base) / (double)x->freq * x->set.speed);
    long due = target - x->base_steps, burst = (long)(x->set.speed * 0.1) + 1;
    if (due > burst) {
        x->base_steps = target - burst;
        due = burst;
    }
    return due;
}

static void measure_rate(struct local *x, Uint64 now)
{
    double dt = (double)(now - x->rate_t0) / (double)x->freq;
    long steps = sae_steps(x->s);
    if (steps < x->rate_steps0)
        x->rate_steps0 = steps;
    if (dt >= RATE_PERIOD) {
        x->rate = (double)(steps - x->rate_steps0) / dt;
        x->rate_t0 = now;
        x->rate_steps0 = steps;
    }
}

/* Steps until `due` are done or a burst's time is up; false when told to stop mid-step. */
static bool step_burst(struct saelive *l, struct local *x, long due)
{
    const Uint64 t0 = SDL_GetPerformanceCounter();
    const struct sae_source src = { x->W, x->n, x->density };
    for (long done = 0; done < due && !atomic_load(&l->stop); done++) {
        SDL_LockMutex(l->lock);
        l->shared.begun++;
        SDL_CondBroadcast(l->changed);
        SDL_UnlockMutex(l->lock);
        enum sae_step_result r = sae_step(x->s, &src, &l->stop);
        if (r == SAE_STEP_STOPPED)
            return false;
        if (r == SAE_STEP_FAILED) {   /* parameters restored: start over visibly */
            x->snap.failed++;
            x->snap.run++;
            sae_reinit(x->s, ++x->seed);
        }
        x->base_steps++;
        if ((double)(SDL_GetPerformanceCounter() - t0) / (double)x->freq > BURST_SECONDS)
            break;
    }
    return true;
}

static int run(void *arg)
{
    struct saelive *l = arg;
    /* A background thread, but one that still gets the CPU to see its stop flag on a busy
     * machine (nice 19 starved it there: quits took seconds). */
    worker_batch_priority();
    struct local x = { .freq = SDL_GetPerformanceFrequency() };
    x.W = malloc((size_t)l->features * MODEL_MAX_HIDDEN * sizeof *x.W);
    SDL_LockMutex(l->lock);
    x.seed = l->restart_seed;
    x.set = l->wanted;
    l->restart = false;
    SDL_UnlockMutex(l->lock);
    x.base = x.rate_t0 = SDL_GetPerformanceCounter();
    bool fresh = true;
    while (x.W && take_requests(l, &x, &fresh)) {
        const int k = x.set.latents < 1 ? x.n : x.set.latents;
        if (fresh || !x.s || sae_settings(x.s)->inputs != x.m || sae_settings(x.s)->latents != k)
            start_sae(&x, l->capacity);
        fresh = false;
        if (!x.s) {   /* out of memory: say so by publishing no SAE, try again later */
            publish(l, &x);
            SDL_Delay(100);
            continue;
        }
        apply(&x);
        Uint64 now = SDL_GetPerformanceCounter();
        long due = steps_due(&x, now);
        if (due <= 0) {
            SDL_Delay(1);
            continue;
        }
        if (!step_burst(l, &x, due)) {
            l->stopped_mid_step = true;
            break;
        }
        measure_rate(&x, SDL_GetPerformanceCounter());
        publish(l, &x);
    }
    sae_destroy(x.s);
    free(x.W);
    return 0;
}

struct saelive *saelive_create(const struct saelive_settings *s, uint64_t seed, int capacity,
                               int features)
{
    struct saelive *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    atomic_init(&l->stop, false);
    l->capacity = capacity;
    l->features = features;
    l->wanted = *s;
    l->restart_seed = seed;
    l->lock = SDL_CreateMutex();
    l->changed = SDL_CreateCond();
    l->fed = malloc((size_t)features * MODEL_MAX_HIDDEN * sizeof *l->fed);
    if (!l->lock || !l->changed || !l->fed || !saelive_snapshot_init(&l->shared, capacity))
        goto fail;
    l->thread = SDL_CreateThread(run, "superpose-sae", l);
    if (!l->thread)
        goto fail;
    return l;
fail:
    saelive_destroy(l);
    return NULL;
}

void saelive_stop(struct saelive *l)
{
    if (!l || !l->thread)
        return;
    atomic_store(&l->stop, true);
    SDL_LockMutex(l->lock);
    SDL_CondBroadcast(l->changed);
    SDL_UnlockMutex(l->lock);
    SDL_WaitThread(l->thread, NULL);
    l->thread = NULL;
}

void saelive_destroy(struct saelive *l)
{
    if (!l)
        return;
    saelive_stop(l);
    saelive_snapshot_finish(&l->shared);
    if (l->changed)
        SDL_DestroyCond(l->changed);
    if (l->lock)
        SDL_DestroyMutex(l->lock);
    free(l->fed);
    free(l);
}

void saelive_set(struct saelive *l, const struct saelive_settings *s)
{
    SDL_LockMutex(l->lock);
    l->wanted = *s;
    SDL_CondBroadcast(l->changed);
    SDL_UnlockMutex(l->lock);
}

void saelive_restart(struct saelive *l, uint64_t seed)
{
    SDL_LockMutex(l->lock);
    l->restart_seed = seed;
    l->restart = true;
    SDL_CondBroadcast(l->changed);
    SDL_UnlockMutex(l->lock);
}

void saelive_feed(struct saelive *l, const float *W, int n, int m, double density)
{
    if (n < 1 || n > l->features || m < 1 || m > MODEL_MAX_HIDDEN)
        return;
    SDL_LockMutex(l->lock);
    memcpy(l->fed, W, (size_t)n * (size_t)m * sizeof *l->fed);
    l->fed_n = n;
    l->fed_m = m;
    l->fed_density = density;
    l->fed_serial++;
    SDL_CondBroadcast(l->changed);
    SDL_UnlockMutex(l->lock);
}

bool saelive_take(struct saelive *l, struct saelive_snapshot *out)
{
    SDL_LockMutex(l->lock);
    bool changed = out->serial != l->shared.serial;
    copy_snapshot(out, &l->shared);
    SDL_UnlockMutex(l->lock);
    return changed;
}

bool saelive_wait(struct saelive *l, long begun, long steps, unsigned timeout_ms)
{
    const Uint64 end = SDL_GetTicks64() + timeout_ms;
    SDL_LockMutex(l->lock);
    bool there;
    while (!(there = l->shared.begun >= begun && l->shared.step >= steps)) {
        Uint64 now = SDL_GetTicks64();
        if (now >= end || SDL_CondWaitTimeout(l->changed, l->lock, (Uint32)(end - now)) < 0)
            break;
    }
    SDL_UnlockMutex(l->lock);
    return there;
}

bool saelive_stopped_mid_step(const struct saelive *l)
{
    return l->stopped_mid_step;
}
