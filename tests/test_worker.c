/* The training thread's hand-over and its divergence path: a model that diverges (here, a
 * learning rate no slider allows) starts over from the next seed, says so in the snapshot, and
 * never hands the renderer a non-finite weight. */
#include <math.h>

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
    SDL_Quit();
    return check_result("test_worker");
}
