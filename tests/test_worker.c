/* The training thread's hand-over and its divergence path: a model that diverges (here, a
 * learning rate no slider allows) starts over from the next seed, says so in the snapshot, and
 * never hands the renderer a non-finite weight. Feature sets travel with the settings and
 * reach the trainer between steps; a smaller n drops the sets it cannot hold. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <SDL.h>

#include "check.h"
#include "worker.h"

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

/* Takes snapshots until the worker has applied more than `after` settings hand-overs (the
 * timeout only guards against a hang). */
static bool wait_applied(struct worker *w, struct worker_snapshot *snap, unsigned after)
{
    Uint64 end = SDL_GetTicks64() + 10000;
    while (SDL_GetTicks64() < end) {
        worker_take(w, snap);
        if (snap->applied > after)
            return true;
        SDL_Delay(1);
    }
    return false;
}

static void sets_text(const struct featsets *fs, char *buf, size_t len)
{
    char corr[64], anti[64];
    featsets_format(fs, FEATSETS_CORRELATED, corr, sizeof corr);
    featsets_format(fs, FEATSETS_ANTICORRELATED, anti, sizeof anti);
    snprintf(buf, len, "correlated %s anticorrelated %s", corr, anti);
}

static void check_sets(void)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.features = 6;
    struct worker_settings set = { .density = d.density, .decay = d.decay, .lr = d.lr,
                                   .features = d.features, .hidden = d.hidden, .act = d.act,
                                   .speed = 0 };
    struct worker *w = worker_create(&d, &set, 8);
    struct worker_snapshot snap;
    bool ok = w && worker_snapshot_init(&snap, 8, d.hidden);
    CHECK(ok, "worker_create");
    if (!ok)
        return;
    char err[128], text[160];
    CHECK(featsets_parse(&set.sets, FEATSETS_CORRELATED, "0-1,4-5", err, sizeof err) &&
          featsets_parse(&set.sets, FEATSETS_ANTICORRELATED, "2+3", err, sizeof err), "%s", err);
    worker_take(w, &snap);
    CHECK(snap.settings.sets.count == 0, "sets before any were given: %d", snap.settings.sets.count);
    unsigned applied = snap.applied;
    worker_set(w, &set);
    CHECK(wait_applied(w, &snap, applied), "the worker never applied the settings");
    sets_text(&snap.settings.sets, text, sizeof text);
    CHECK(strcmp(text, "correlated 0-1,4-5 anticorrelated 2-3") == 0, "the trainer has %s", text);
    long step = snap.step;
    Uint64 end = SDL_GetTicks64() + 10000;
    while (snap.step <= step + 10 && SDL_GetTicks64() < end)
        worker_take(w, &snap);
    CHECK(snap.step > step + 10 && isfinite(snap.loss), "no training with sets (step %ld -> %ld)",
          step, snap.step);

    /* n = 4: the set 4-5 goes, the others stay */
    set.features = 4;
    applied = snap.applied;
    worker_set(w, &set);
    CHECK(wait_applied(w, &snap, applied), "the worker never applied n = 4");
    sets_text(&snap.settings.sets, text, sizeof text);
    CHECK(snap.n == 4 && strcmp(text, "correlated 0-1 anticorrelated 2-3") == 0,
          "n = %d: the trainer has %s", snap.n, text);
    /* a set that does not fit n is not applied: the trainer keeps the sets it had */
    struct featsets too_big = { 0 };
    CHECK(featsets_parse(&too_big, FEATSETS_CORRELATED, "3-5", err, sizeof err), "%s", err);
    set.sets = too_big;
    applied = snap.applied;
    worker_set(w, &set);
    CHECK(wait_applied(w, &snap, applied), "the worker never applied the set 3-5");
    sets_text(&snap.settings.sets, text, sizeof text);
    CHECK(strcmp(text, "correlated 0-1 anticorrelated 2-3") == 0, "3-5 with n = 4: %s", text);
    worker_destroy(w);
    worker_snapshot_finish(&snap);
}

int main(void)
{
    CHECK(SDL_Init(0) == 0, "SDL_Init: %s", SDL_GetError());
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.density = 1.0;
    d.lr = 1e38;
    const struct worker_settings set = { .density = d.density, .decay = d.decay, .lr = d.lr,
                                         .features = d.features, .hidden = d.hidden,
                                         .act = d.act, .speed = 0, .paused = false };
    struct worker *w = worker_create(&d, &set, 8);
    struct worker_snapshot snap;
    CHECK(w && worker_snapshot_init(&snap, 8, d.hidden), "worker_create");
    if (!w)
        return check_result("test_worker");
    bool all_finite = true;
    Uint64 end = SDL_GetTicks64() + 3000;
    while (SDL_GetTicks64() < end) {
        if (worker_take(w, &snap))
            all_finite = all_finite && finite_snapshot(&snap);
        if (snap.diverged >= 3)
            break;
        SDL_Delay(2);
    }
    CHECK(snap.diverged >= 3, "lr 1e38: %u divergences seen in 3 s, want at least 3", snap.diverged);
    CHECK(snap.run >= snap.diverged, "each divergence starts a new run (run %u)", snap.run);
    CHECK(snap.seed > d.seed, "restarted from the next seed (seed %llu)", (unsigned long long)snap.seed);
    CHECK(all_finite, "a snapshot held a non-finite weight or bias");

    /* a sane learning rate from here: no more divergences, steps accumulate */
    struct worker_settings ok = set;
    ok.lr = 1e-3;
    worker_set(w, &ok);
    SDL_Delay(200);
    worker_take(w, &snap);
    unsigned seen = snap.diverged;
    long step = snap.step;
    SDL_Delay(300);
    worker_take(w, &snap);
    CHECK(snap.diverged == seen, "lr 1e-3 still diverges (%u -> %u)", seen, snap.diverged);
    CHECK(snap.step > step, "training stopped (step %ld -> %ld)", step, snap.step);
    CHECK(finite_snapshot(&snap) && isfinite(snap.loss), "final snapshot not finite");
    Uint64 t0 = SDL_GetTicks64();
    worker_destroy(w);
    CHECK(SDL_GetTicks64() - t0 < 1000, "stopping the thread took %llu ms",
          (unsigned long long)(SDL_GetTicks64() - t0));
    worker_snapshot_finish(&snap);
    check_sets();
    SDL_Quit();
    return check_result("test_worker");
}
