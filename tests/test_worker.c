/* The training thread and its stop. A model that diverges (here, a learning rate no slider
 * allows) starts over from the next seed, says so in the snapshot and never hands the renderer
 * a non-finite weight; back at a sane rate with fresh weights it trains on. A step is summed
 * over blocks of samples, each checking the stop flag: the blocks give the one-pass loss and
 * step, and a raised flag leaves the model as it was. Every wait is on a counter of the
 * snapshot (requests applied, steps, divergences); the deadline only turns a hang into a
 * failure. Feature sets travel with the settings and reach the trainer between steps; a
 * smaller n drops the sets it cannot hold, and a set that does not fit is not applied. B
 * hands a worker another trainer's state; the seeds view's threads train consecutive seeds.
 * The focused model's history starts at its initial weights, spans the run evenly and restarts
 * with each run; so it does when the thread creates the model (a new m in the window). */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "adamw.h"
#include "batch.h"
#include "check.h"
#include "model_simd.h"
#include "phase.h"
#include "rng.h"
#include "seedslive.h"
#include "trainer.h"
#include "worker.h"

#define HANG_GUARD_MS 60000   /* far beyond any honest wait, loaded machine and sanitizers included */
#define STEPS_AFTER 200       /* steps a sane run must make without diverging */

static bool finite_snapshot(const struct worker_snapshot *s)
{
    for (int k = 0; k < s->n * s->m; k++)
        if (!isfinite(s->W[k]))
            return false;
    for (int i = 0; i < s->n; i++)
        if (!isfinite(s->b[i]))
            return false;
    return true;
}

struct watch {
    struct worker *w;
    struct worker_snapshot snap;
    bool all_finite;     /* every snapshot taken so far */
    Uint64 deadline;
};

/* Takes snapshots until `done` holds for the newest; false if the hang guard ran out. */
static bool wait_until(struct watch *wt, bool (*done)(const struct worker_snapshot *, long),
                       long arg)
{
    while (!done(&wt->snap, arg)) {
        if (SDL_GetTicks64() > wt->deadline)
            return false;
        if (worker_take(wt->w, &wt->snap))
            wt->all_finite = wt->all_finite && finite_snapshot(&wt->snap);
        else
            SDL_Delay(1);
    }
    return true;
}

static bool diverged_at_least(const struct worker_snapshot *s, long n) { return s->diverged >= n; }
static bool applied(const struct worker_snapshot *s, long request) { return s->applied >= request; }

/* The run of the snapshot that applied the request: K more steps, or any divergence. */
static unsigned run0, diverged0;
static bool steps_or_divergence(const struct worker_snapshot *s, long steps)
{
    return s->step >= steps || s->run != run0 || s->diverged != diverged0;
}

static void test_divergence_and_settings(void)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.density = 1.0;
    d.lr = 1e38;
    const struct worker_settings set = { .density = d.density, .decay = d.decay, .lr = d.lr,
                                         .features = d.features, .hidden = d.hidden,
                                         .act = d.act, .speed = 0, .paused = false };
    struct watch wt = { .w = worker_create(&d, &set, 8), .all_finite = true,
                        .deadline = SDL_GetTicks64() + HANG_GUARD_MS };
    CHECK(wt.w && worker_snapshot_init(&wt.snap, 8, d.hidden), "worker_create");
    if (!wt.w)
        return;
    worker_take(wt.w, &wt.snap);
    CHECK(wt.snap.n == d.features && finite_snapshot(&wt.snap) && wt.snap.W[0] != 0,
          "no initial weights in the first snapshot (n %d)", wt.snap.n);

    CHECK(wait_until(&wt, diverged_at_least, 3), "lr 1e38: %u divergences, want 3",
          wt.snap.diverged);
    CHECK(wt.snap.run >= wt.snap.diverged, "each divergence starts a new run (run %u)", wt.snap.run);
    CHECK(wt.snap.seed > d.seed, "restarted from the next seed (seed %llu)",
          (unsigned long long)wt.snap.seed);

    /* A sane learning rate and fresh weights (a switch may catch a model holding the finite
     * ~1e38 weights of one step at lr 1e38, whose next step overflows). */
    struct worker_settings ok = set;
    ok.lr = 1e-3;
    unsigned first = worker_set(wt.w, &ok);
    unsigned request = worker_reinit(wt.w, 100);
    CHECK(request == first + 1, "request numbers %u, %u", first, request);
    CHECK(wait_until(&wt, applied, request), "requests applied up to %u, want %u",
          wt.snap.applied, request);
    /* Snapshots may be missed while the test waits, but a divergence since the reinit would
     * show as seed 101 (each restarts from the next seed). */
    CHECK(wt.snap.settings.lr == 1e-3 && wt.snap.seed == 100,
          "after the requests: lr %g, seed %llu", wt.snap.settings.lr,
          (unsigned long long)wt.snap.seed);
    run0 = wt.snap.run;
    diverged0 = wt.snap.diverged;
    CHECK(wait_until(&wt, steps_or_divergence, STEPS_AFTER), "no %d steps after the switch (%ld)",
          STEPS_AFTER, wt.snap.step);
    CHECK(wt.snap.diverged == diverged0 && wt.snap.run == run0 && wt.snap.seed == 100,
          "lr 1e-3 diverged: %u -> %u divergences, run %u -> %u, seed %llu", diverged0,
          wt.snap.diverged, run0, wt.snap.run, (unsigned long long)wt.snap.seed);
    CHECK(wt.snap.step >= STEPS_AFTER && isfinite(wt.snap.loss), "step %ld, loss %g",
          wt.snap.step, wt.snap.loss);
    CHECK(wt.all_finite, "a snapshot held a non-finite weight or bias");
    worker_destroy(wt.w);
    worker_snapshot_finish(&wt.snap);
}

static void sets_text(const struct featsets *fs, char *buf, size_t len)
{
    char corr[64], anti[64];
    featsets_format(fs, FEATSETS_CORRELATED, corr, sizeof corr);
    featsets_format(fs, FEATSETS_ANTICORRELATED, anti, sizeof anti);
    snprintf(buf, len, "correlated %s anticorrelated %s", corr, anti);
}

static long steps0;
static bool steps_past(const struct worker_snapshot *s, long more) { return s->step > steps0 + more; }

static void test_sets(void)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.features = 6;
    struct worker_settings set = { .density = d.density, .decay = d.decay, .lr = d.lr,
                                   .features = d.features, .hidden = d.hidden, .act = d.act,
                                   .speed = 0 };
    struct watch wt = { .w = worker_create(&d, &set, 8), .all_finite = true,
                        .deadline = SDL_GetTicks64() + HANG_GUARD_MS };
    bool ok = wt.w && worker_snapshot_init(&wt.snap, 8, d.hidden);
    CHECK(ok, "worker_create");
    if (!ok)
        return;
    char err[128], text[160];
    CHECK(featsets_parse(&set.sets, FEATSETS_CORRELATED, "0-1,4-5", err, sizeof err) &&
          featsets_parse(&set.sets, FEATSETS_ANTICORRELATED, "2+3", err, sizeof err), "%s", err);
    worker_take(wt.w, &wt.snap);
    CHECK(wt.snap.settings.sets.count == 0, "sets before any were given: %d",
          wt.snap.settings.sets.count);
    unsigned request = worker_set(wt.w, &set);
    CHECK(wait_until(&wt, applied, request), "the worker never applied the sets");
    sets_text(&wt.snap.settings.sets, text, sizeof text);
    CHECK(strcmp(text, "correlated 0-1,4-5 anticorrelated 2-3") == 0, "the trainer has %s", text);
    steps0 = wt.snap.step;
    CHECK(wait_until(&wt, steps_past, 10) && isfinite(wt.snap.loss),
          "no training with sets (step %ld -> %ld)", steps0, wt.snap.step);

    /* n = 4: the set 4-5 goes, the others stay */
    set.features = 4;
    request = worker_set(wt.w, &set);
    CHECK(wait_until(&wt, applied, request), "the worker never applied n = 4");
    sets_text(&wt.snap.settings.sets, text, sizeof text);
    CHECK(wt.snap.n == 4 && strcmp(text, "correlated 0-1 anticorrelated 2-3") == 0,
          "n = %d: the trainer has %s", wt.snap.n, text);
    /* a set that does not fit n is not applied: the trainer keeps the sets it had */
    struct featsets too_big = { 0 };
    CHECK(featsets_parse(&too_big, FEATSETS_CORRELATED, "3-5", err, sizeof err), "%s", err);
    set.sets = too_big;
    request = worker_set(wt.w, &set);
    CHECK(wait_until(&wt, applied, request), "the worker never applied the set 3-5");
    sets_text(&wt.snap.settings.sets, text, sizeof text);
    CHECK(strcmp(text, "correlated 0-1 anticorrelated 2-3") == 0, "3-5 with n = 4: %s", text);
    CHECK(wt.all_finite, "a snapshot held a non-finite weight or bias");
    worker_destroy(wt.w);
    worker_snapshot_finish(&wt.snap);
}

/* B: a paused worker's model takes another trainer's weights and seed, in the same run at the
 * same step (its trail and curve go on). */
static void test_adopt(void)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    struct worker_settings set = { .density = d.density, .decay = d.decay, .lr = d.lr,
                                   .features = d.features, .hidden = d.hidden, .act = d.act,
                                   .speed = 0, .paused = true };
    struct watch wt = { .w = worker_create(&d, &set, 8), .all_finite = true,
                        .deadline = SDL_GetTicks64() + HANG_GUARD_MS };
    struct trainer_desc od = d;
    od.seed = 9;
    struct trainer *other = trainer_create(&od);
    struct trainer_state st = { 0 }, copy = { 0 };
    bool ok = wt.w && other && worker_snapshot_init(&wt.snap, 8, d.hidden);
    CHECK(ok, "worker_create");
    if (!ok)
        goto out;
    for (int k = 0; k < 100; k++)
        trainer_step(other);
    CHECK(trainer_state_save(other, &st) && trainer_state_save(other, &copy), "save");
    worker_take(wt.w, &wt.snap);
    unsigned run = wt.snap.run;
    unsigned request = worker_adopt(wt.w, &st);
    CHECK(st.params == NULL, "the worker did not take the state over");
    CHECK(wait_until(&wt, applied, request), "the worker never applied the adoption");
    CHECK(memcmp(wt.snap.W, copy.params, (size_t)d.features * d.hidden * sizeof(float)) == 0 &&
              wt.snap.seed == 9 && wt.snap.run == run && wt.snap.step == 0,
          "adopted: seed %llu, run %u (was %u), step %ld", (unsigned long long)wt.snap.seed,
          wt.snap.run, run, wt.snap.step);
out:
    trainer_state_finish(&st);
    trainer_state_finish(&copy);
    trainer_destroy(other);
    worker_destroy(wt.w);
    worker_snapshot_finish(&wt.snap);
}

/* The seeds view's threads: three models from consecutive seeds on two threads, each measured
 * on the shared samples past its first evaluation interval; a new n reaches every one; a
 * model's state comes out between its steps. */
static void test_seeds(void)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.seed = 20;
    struct worker_settings set = { .density = d.density, .decay = d.decay, .lr = d.lr,
                                   .features = d.features, .hidden = d.hidden, .act = d.act,
                                   .speed = 0 };
    struct seedslive *p = seedslive_create(&d, &set, 8, 3, 2);
    struct worker_snapshot sn[3] = { { 0 } };
    double loss[3] = { NAN, NAN, NAN };
    struct trainer_state st = { 0 };
    const Uint64 deadline = SDL_GetTicks64() + HANG_GUARD_MS;
    bool ok = p && seedslive_threads(p) == 2 && seedslive_count(p) == 3;
    for (int k = 0; k < 3; k++)
        ok = worker_snapshot_init(&sn[k], 8, d.hidden) && ok;
    CHECK(ok, "seedslive_create");
    if (!ok)
        goto out;
    for (int k = 0; k < 3; k++) {
        while ((seedslive_take(p, k, &sn[k], &loss[k]), sn[k].step <= SEEDSLIVE_EVAL_EVERY) &&
               SDL_GetTicks64() < deadline)
            SDL_Delay(1);
        CHECK(sn[k].seed == d.seed + (uint64_t)k && sn[k].step > SEEDSLIVE_EVAL_EVERY &&
                  isfinite(loss[k]) && loss[k] > 0 && finite_snapshot(&sn[k]),
              "model %d: seed %llu, step %ld, loss %g", k, (unsigned long long)sn[k].seed,
              sn[k].step, loss[k]);
    }
    CHECK(memcmp(sn[0].W, sn[1].W, (size_t)d.features * d.hidden * sizeof(float)) != 0,
          "two seeds, the same weights");
    set.features = 4;
    seedslive_set(p, &set);
    for (int k = 0; k < 3; k++) {
        while ((seedslive_take(p, k, &sn[k], &loss[k]), sn[k].n != 4) &&
               SDL_GetTicks64() < deadline)
            SDL_Delay(1);
        CHECK(sn[k].n == 4 && sn[k].settings.features == 4, "model %d: n = %d", k, sn[k].n);
    }
    CHECK(seedslive_save(p, 1, &st) && st.n == 4 && st.seed == d.seed + 1,
          "state: n %d, seed %llu", st.n, (unsigned long long)st.seed);
out:
    seedslive_destroy(p);   /* mid-step: the trainers watch the stop flag */
    trainer_state_finish(&st);
    for (int k = 0; k < 3; k++)
        worker_snapshot_finish(&sn[k]);
}

/* The first step of a trainer done by hand in one pass (trainer.c's order: seed, Xavier
 * initialisation, one batch from the same stream): loss and parameters after AdamW. */
static bool one_pass_step(const struct trainer_desc *d, double *loss, float *params)
{
    struct rng r;
    struct batch bt;
    struct adamw opt = { 0 };
    struct model *md = model_create(d->features, d->hidden, d->act);
    const size_t count = model_param_count(d->features, d->hidden);
    double *grad = malloc(count * sizeof *grad);
    float *imp = malloc((size_t)d->features * sizeof *imp);
    bool ok = md && grad && imp && batch_init(&bt, d->batch, d->features) &&
              batch_allow_dense(&bt, md->simd, model_simd_dense_from(d->features, d->hidden)) &&
              adamw_init(&opt, count, d->lr);
    if (ok) {
        for (int i = 0; i < d->features; i++)
            imp[i] = (float)pow(d->decay, i);
        rng_seed(&r, d->seed);
        model_init_xavier(md, &r);
        ok = batch_generate(&bt, &r, d->density);
        *loss = model_loss_grad(md, imp, &bt, d->density, grad);
        adamw_step(&opt, md->params, grad);
        for (size_t k = 0; k < count; k++)
            params[k] = md->params[k];
        batch_finish(&bt);
    }
    adamw_finish(&opt);
    free(imp);
    free(grad);
    model_destroy(md);
    return ok;
}

/* Blocks sum to the one-pass step: the single-active groups and all-zero samples go with the
 * first block only, every block keeps the batch's 1/(B n). */
static void test_blocks(const char *name, struct trainer_desc d, int min_blocks)
{
    struct trainer *t = trainer_create(&d);
    const size_t count = model_param_count(d.features, d.hidden);
    float *params = malloc(count * sizeof *params);
    double loss = NAN;
    CHECK(t && params && one_pass_step(&d, &loss, params), "%s: out of memory", name);
    if (t && params && trainer_step(t)) {
        const float *got = trainer_model(t)->params;
        double worst = 0;
        for (size_t k = 0; k < count; k++)
            worst = fmax(worst, fabs((double)got[k] - params[k]));
        double rel = fabs(trainer_last_loss(t) - loss) / loss;
        printf("%s: %d blocks; loss %.12g vs one pass %.12g (relative %.1e), parameters within "
               "%.1e\n", name, trainer_step_blocks(t), trainer_last_loss(t), loss, rel, worst);
        CHECK(trainer_step_blocks(t) >= min_blocks, "%s: %d blocks, want at least %d", name,
              trainer_step_blocks(t), min_blocks);
        CHECK(rel < 1e-12, "%s: loss %.17g in blocks, %.17g in one pass", name,
              trainer_last_loss(t), loss);
        /* lr 1e-3: a parameter moves by about 1e-3 in AdamW's first step; summation order
         * changes the gradient by ~1e-16 relative, far below a float's step here. */
        CHECK(worst < 1e-7, "%s: parameters differ by %.3g after the step", name, worst);
    } else {
        CHECK(false, "%s: the step failed", name);
    }
    free(params);
    trainer_destroy(t);
}

/* A raised flag: no step, no loss, the model as it was; a phase cell is not done. */
static void test_stop_flag(void)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.features = 32, d.hidden = 256, d.batch = 65536, d.density = 1.0;
    atomic_int stop = 0;
    struct trainer *t = trainer_create(&d);
    CHECK(t, "trainer_create");
    if (!t)
        return;
    trainer_set_stop(t, &stop);
    CHECK(!trainer_stopped(t) && trainer_step(t), "a step with the flag down");
    const size_t count = model_param_count(d.features, d.hidden);
    float *before = malloc(count * sizeof *before);
    for (size_t k = 0; before && k < count; k++)
        before[k] = trainer_model(t)->params[k];
    atomic_store(&stop, 1);
    CHECK(trainer_stopped(t), "the flag is up");
    CHECK(!trainer_step(t), "a step with the flag up");
    CHECK(trainer_steps(t) == 1, "steps %ld after a stopped step", trainer_steps(t));
    bool same = before != NULL;
    for (size_t k = 0; same && k < count; k++)
        same = before[k] == trainer_model(t)->params[k];
    CHECK(same, "a stopped step changed the model");
    CHECK(isnan(trainer_eval_loss(t, 100000, 1)), "a stopped evaluation gave a number");
    free(before);
    trainer_destroy(t);

    struct phase_train pt = PHASE_TRAIN_DEFAULT;
    struct phase_cell cell;
    pt.stop = &stop;
    CHECK(!phase_train_cell(0.5, 0.1, &pt, 1, &cell) && !cell.done,
          "a stopped phase cell counts as done");
}

/* A worker stopped in the middle of large steps (the window's largest model, 12 of them as in
 * the density sweep). The time is printed, not checked: the end-to-end bounds live in the soak
 * and e2e tests; here the stop path runs (under the sanitizers too). */
static void test_stop_worker(void)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.features = 32, d.hidden = 256, d.batch = 65536, d.density = 1.0;
    const struct worker_settings set = { .density = d.density, .decay = d.decay, .lr = d.lr,
                                         .features = d.features, .hidden = d.hidden,
                                         .act = d.act, .speed = 0, .paused = false };
    struct worker_model models[12];
    for (int k = 0; k < 12; k++)
        models[k] = (struct worker_model){ .density = 0, .act = WORKER_ACT_SLIDER };
    struct watch wt = { .w = worker_create_models(&d, &set, d.features, 12, models),
                        .all_finite = true, .deadline = SDL_GetTicks64() + HANG_GUARD_MS };
    CHECK(wt.w && worker_snapshot_init(&wt.snap, d.features, d.hidden), "worker_create_models");
    if (!wt.w)
        return;
    /* The thread's own first publication (serial 2) comes just before its first round. */
    worker_take(wt.w, &wt.snap);
    while (wt.snap.serial < 2 && SDL_GetTicks64() < wt.deadline)
        if (!worker_take(wt.w, &wt.snap))
            SDL_Delay(1);
    CHECK(wt.snap.serial >= 2, "the thread never published");
    Uint64 t0 = SDL_GetPerformanceCounter();
    worker_destroy(wt.w);
    double ms = (double)(SDL_GetPerformanceCounter() - t0) * 1e3 / (double)SDL_GetPerformanceFrequency();
    printf("worker of 12 models (n 32, m 256, batch 65536, density 1) stopped in its first round "
           "after %.1f ms\n", ms);
    worker_snapshot_finish(&wt.snap);
}

/* The first snapshot of the history is the trainer's initial weights from the seed. */
static bool history_starts_at_init(struct worker *w, const struct trainer_desc *d,
                                   struct worker_history_snapshot *hs)
{
    struct trainer *t = trainer_create(d);
    bool same = t && worker_history_snapshot(w, 0, hs) && hs->meta.step == 0 &&
                hs->n == d->features &&
                memcmp(hs->W, trainer_model(t)->W,
                       sizeof(float) * (size_t)d->features * (size_t)d->hidden) == 0;
    trainer_destroy(t);
    return same;
}

/* The default model's worker, its snapshot and its history read back: what test_history and
 * test_lazy start from. False (nothing to finish) when the worker did not start. */
#define RIG_CAPACITY 8
struct history_rig {
    struct trainer_desc d;
    struct worker_settings set;
    struct watch wt;
    struct history_track t;
    float W[RIG_CAPACITY * TRAINER_DEFAULT_HIDDEN], b[RIG_CAPACITY];
    struct worker_history_snapshot hs;
};

static bool rig_open(struct history_rig *g,
                     struct worker *(*create)(const struct trainer_desc *,
                                              const struct worker_settings *, int),
                     bool paused)
{
    g->d = TRAINER_DESC_DEFAULT;
    const struct trainer_desc *d = &g->d;
    g->set = (struct worker_settings){ .density = d->density, .decay = d->decay, .lr = d->lr,
                                       .features = d->features, .hidden = d->hidden,
                                       .act = d->act, .speed = 0, .paused = paused };
    g->wt = (struct watch){ .w = create(d, &g->set, RIG_CAPACITY), .all_finite = true,
                            .deadline = SDL_GetTicks64() + HANG_GUARD_MS };
    g->hs = (struct worker_history_snapshot){ .capacity = RIG_CAPACITY, .W = g->W, .b = g->b };
    CHECK(g->wt.w && worker_snapshot_init(&g->wt.snap, RIG_CAPACITY, d->hidden) &&
          history_track_init(&g->t, &(struct history_desc){ .features = RIG_CAPACITY,
                                                            .hidden = d->hidden }), "create");
    return g->wt.w != NULL;
}

/* The history follows the run: evenly spaced from its step 0 (the initial weights) to within
 * one spacing of the newest step, and it restarts with a new seed and a new feature count. */
static void test_history(void)
{
    struct history_rig g;
    if (!rig_open(&g, worker_create, false))
        return;
    const struct trainer_desc d = g.d;
    const struct worker_settings set = g.set;
    struct watch wt = g.wt;
    struct history_track t = g.t;
    struct worker_history_snapshot hs = g.hs;
    CHECK(worker_take_history(wt.w, &t) && t.count >= 1 && t.meta[0].step == 0,
          "no snapshot before the thread ran");
    steps0 = 0;
    CHECK(wait_until(&wt, steps_past, 5000), "5000 steps");
    /* paused: the history holds still while it is read */
    struct worker_settings paused = set;
    paused.paused = true;
    CHECK(wait_until(&wt, applied, worker_set(wt.w, &paused)), "pause applied");
    worker_take(wt.w, &wt.snap);
    worker_take_history(wt.w, &t);
    CHECK(t.count >= 2 && t.meta[0].step == 0 && t.meta[t.count - 1].step <= wt.snap.step &&
          t.meta[t.count - 1].step > wt.snap.step - t.every, "%d snapshots from %ld to %ld, "
          "every %ld, live step %ld", t.count, t.meta[0].step, t.meta[t.count - 1].step, t.every,
          wt.snap.step);
    for (int k = 1; k < t.count; k++)
        if (t.meta[k].step - t.meta[k - 1].step != t.every) {
            CHECK(false, "snapshots %d, %d at steps %ld, %ld (every %ld)", k - 1, k,
                  t.meta[k - 1].step, t.meta[k].step, t.every);
            break;
        }
    CHECK(history_starts_at_init(wt.w, &d, &hs), "the snapshot at step 0 is not the initial W");
    /* the newest snapshot is the live model when the step is on the spacing */
    CHECK(worker_history_snapshot(wt.w, wt.snap.step, &hs) &&
          hs.meta.step == t.meta[t.count - 1].step, "newest at %ld", hs.meta.step);
    if (hs.meta.step == wt.snap.step)
        CHECK(memcmp(hs.W, wt.snap.W, sizeof(float) * (size_t)d.features * d.hidden) == 0,
              "the newest snapshot's W is not the live one at the same step");

    /* a new seed: the history restarts from that seed's initial weights */
    run0 = wt.snap.run;
    CHECK(wait_until(&wt, applied, worker_reinit(wt.w, d.seed + 7)), "reinit applied");
    worker_take_history(wt.w, &t);
    struct trainer_desc d7 = d;
    d7.seed = d.seed + 7;
    CHECK(t.count == 1 && t.meta[0].step == 0, "after R: %d snapshots from %ld", t.count,
          t.count ? t.meta[0].step : -1);
    CHECK(history_starts_at_init(wt.w, &d7, &hs), "after R: step 0 is not the new seed's W");
    /* more features: the history restarts with 7 */
    paused.features = 7;
    CHECK(wait_until(&wt, applied, worker_set(wt.w, &paused)), "features applied");
    worker_take_history(wt.w, &t);
    CHECK(t.n == 7 && t.count == 1, "after n = 7: n %d, %d snapshots", t.n, t.count);
    history_track_finish(&t);
    worker_destroy(wt.w);
    worker_snapshot_finish(&wt.snap);
}

/* A lazy worker's thread creates its trainer: until then the snapshot is a placeholder of the
 * model's size; then it is the seed's initial weights, which also start the history. */
static bool published(const struct worker_snapshot *s, long serial)
{
    return s->serial > (unsigned long)serial;
}

static void test_lazy(void)
{
    struct history_rig g;
    if (!rig_open(&g, worker_create_lazy, true))
        return;
    const struct trainer_desc d = g.d;
    struct watch wt = g.wt;
    struct history_track t = g.t;
    struct worker_history_snapshot hs = g.hs;
    worker_take(wt.w, &wt.snap);
    CHECK(wt.snap.n == d.features && wt.snap.m == d.hidden && finite_snapshot(&wt.snap),
          "placeholder: n %d, m %d", wt.snap.n, wt.snap.m);
    CHECK(wait_until(&wt, published, 0), "no snapshot from the thread");
    struct trainer *ref = trainer_create(&d);
    CHECK(ref && memcmp(wt.snap.W, trainer_model(ref)->W,
                        sizeof(float) * (size_t)d.features * (size_t)d.hidden) == 0 &&
          wt.snap.step == 0 && !worker_failed(wt.w),
          "the thread's first snapshot is not the seed's initial W (step %ld)", wt.snap.step);
    trainer_destroy(ref);
    CHECK(worker_take_history(wt.w, &t) && t.count == 1 && t.meta[0].step == 0 &&
          history_starts_at_init(wt.w, &d, &hs), "the history does not start at the initial W");
    history_track_finish(&t);
    worker_destroy(wt.w);
    worker_snapshot_finish(&wt.snap);
}

int main(void)
{
    CHECK(SDL_Init(0) == 0, "SDL_Init: %s", SDL_GetError());
    test_divergence_and_settings();
    test_sets();
    test_adopt();
    test_seeds();
    test_lazy();

    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    test_blocks("recipe (n 5, m 2, batch 1024)", d, 1);
    d.features = 32, d.hidden = 256, d.batch = 65536, d.density = 1.0;
    test_blocks("n 32, m 256, batch 65536, density 1", d, 2);
    d.features = 64, d.hidden = 64, d.batch = 32768, d.density = 0.1;
    test_blocks("n 64, m 64, batch 32768, density 0.1 (all-zero samples)", d, 2);
    /* m beyond the lanes path's (model_simd.h), so that the batch stays sparse */
    d.features = 8, d.hidden = 40, d.batch = 1 << 19, d.density = 0.5;
    test_blocks("n 8, m 40, batch 2^19, density 0.5 (single-active groups)", d, 2);

    test_stop_flag();
    test_stop_worker();
    test_history();
    SDL_Quit();
    return check_result("test_worker");
}
