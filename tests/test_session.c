/* The session's seed: after R the models it starts (a new m's, the sweep's companions) come
 * from the seed R chose, not from --seed, also while the new worker's snapshot is still its
 * placeholder. The focused model waits while the dimensionality experiment trains in its view,
 * and goes on once it is done. A real session, no window. */
#include <SDL.h>

#include "check.h"
#include "session.h"
#include "trace.h"

#define HANG_GUARD_MS 60000
#define SEED 5

static double now_s(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

/* Updates the session until done holds; false when the hang guard ran out. */
static bool wait_until(struct session *s, bool (*done)(const struct session *))
{
    Uint64 deadline = SDL_GetTicks64() + HANG_GUARD_MS;
    while (!done(s)) {
        if (SDL_GetTicks64() > deadline)
            return false;
        session_update(s, now_s(), 0.001);
        SDL_Delay(1);
    }
    return true;
}

static bool reseeded(const struct session *s)
{
    return s->snap.serial && s->snap.seed == SEED + 1;
}

static bool sweep_shown(const struct session *s)
{
    return s->companions.worker && s->companions.count > 0;
}

static bool new_model(const struct session *s)
{
    return s->snap.m == 3 && s->snap.serial;
}

static void check_seed_after_reinit(void)
{
    struct trace trace;
    struct session s;
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.seed = SEED;
    const struct worker_settings ws = {
        .density = d.density, .decay = d.decay, .lr = d.lr, .features = d.features,
        .hidden = d.hidden, .act = d.act, .speed = 0, .paused = false,
    };
    CHECK(trace_init(&trace, false) && session_init(&s, &d, &ws, &trace), "session_init");
    session_key(&s, SDLK_r, 0, now_s());
    CHECK(wait_until(&s, reseeded), "R: the model never ran on seed %d", SEED + 1);
    session_key(&s, SDLK_g, 0, now_s());
    CHECK(wait_until(&s, sweep_shown), "G: no sweep");
    /* a new m: its model and the sweep's start over in the frame's update, at once */
    session_key(&s, SDLK_m, 0, now_s());
    session_update(&s, now_s(), 0.001);
    CHECK(s.companions.worker && s.companions.snaps[0].seed == SEED + 1,
          "the sweep after a new m starts from seed %llu, want %d",
          (unsigned long long)s.companions.snaps[0].seed, SEED + 1);
    CHECK(wait_until(&s, new_model), "the model with m = 3 never published");
    CHECK(s.snap.seed == SEED + 1, "the model with m = 3 runs on seed %llu, want %d",
          (unsigned long long)s.snap.seed, SEED + 1);
    session_finish(&s);
    trace_finish(&trace);
}

static bool held(const struct session *s)
{
    return s->snap.settings.held;
}

/* X with n = 5, m = 2: 24 small models. While they train the focused model takes no step;
 * once they are done it goes on, and X shown again (nothing left to train) holds nothing. */
static void check_hold(void)
{
    struct trace trace;
    struct session s;
    const struct trainer_desc d = TRAINER_DESC_DEFAULT;
    const struct worker_settings ws = {
        .density = d.density, .decay = d.decay, .lr = d.lr, .features = d.features,
        .hidden = d.hidden, .act = d.act, .speed = 0, .paused = false,
    };
    CHECK(trace_init(&trace, false) && session_init(&s, &d, &ws, &trace), "session_init");
    session_show(&s, VIEW_DIMEXP);
    CHECK(wait_until(&s, held), "X: the focused model was never held");
    const long step = session_step(&s);
    int updates = 0, moved = 0;
    Uint64 deadline = SDL_GetTicks64() + HANG_GUARD_MS;
    while (s.held && SDL_GetTicks64() < deadline) {
        moved += session_step(&s) != step;
        updates++;
        session_update(&s, now_s(), 0.001);
        SDL_Delay(1);
    }
    const struct view_dimexp *x = dimview_data(&s.dims);
    CHECK(!s.held && x && x->done == x->total, "the experiment never finished (%d of %d)",
          x ? x->done : 0, x ? x->total : 0);
    CHECK(moved == 0, "the held model stepped on in %d of %d updates", moved, updates);
    deadline = SDL_GetTicks64() + HANG_GUARD_MS;
    while ((s.snap.settings.held || s.snap.step <= step) && SDL_GetTicks64() < deadline) {
        session_update(&s, now_s(), 0.001);
        SDL_Delay(1);
    }
    CHECK(!s.snap.settings.held && s.snap.step > step,
          "after the experiment the focused model stayed at step %ld", s.snap.step);
    session_show(&s, VIEW_MAIN);
    session_show(&s, VIEW_DIMEXP);
    session_update(&s, now_s(), 0.001);
    CHECK(!s.held, "X again, with every model done, held the focused model");
    session_finish(&s);
    trace_finish(&trace);
}

int main(void)
{
    CHECK(SDL_Init(0) == 0, "SDL_Init: %s", SDL_GetError());
    check_seed_after_reinit();
    check_hold();
    SDL_Quit();
    return check_result("test_session");
}
