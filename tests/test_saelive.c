/* The SAE's live thread and what the session derives from it: the thread trains on the
 * weights fed to it; a restart, a new latent count, a new m and a new kind each reach the
 * snapshot; told to stop in the middle of a long step it abandons the step; and, from made
 * snapshots, a resampled latent flashes and fades, a new SAE does not flash, the recovery is
 * measured against the model's weights. Every wait is on the thread's step counter, with a
 * generous timeout only as a hang guard. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "check.h"
#include "saelive.h"
#include "saeview.h"

#define N 5
#define HANG_GUARD_MS 60000

static void pentagon(float *W, int m, double radius)
{
    memset(W, 0, (size_t)N * m * sizeof *W);
    for (int i = 0; i < N; i++) {
        double t = (90.0 + 72.0 * i) * M_PI / 180.0;
        W[i * m] = (float)(radius * cos(t));
        W[i * m + 1] = (float)(radius * sin(t));
    }
}

static bool unit_rows(const struct saelive_snapshot *s)
{
    for (int j = 0; j < s->k; j++) {
        double r = 0;
        for (int q = 0; q < s->m; q++)
            r += (double)s->dec[j * s->m + q] * s->dec[j * s->m + q];
        if (fabs(sqrt(r) - 1) > 1e-4)
            return false;
    }
    return true;
}

/* Takes snapshots, waiting for the thread's next step between them, until `done` holds. */
static bool until(struct saelive *l, struct saelive_snapshot *s,
                  bool (*done)(const struct saelive_snapshot *, int), int arg)
{
    for (;;) {
        saelive_take(l, s);
        if (done(s, arg))
            return true;
        if (!saelive_wait(l, s->begun + 2, 0, HANG_GUARD_MS))
            return false;
    }
}

static bool has_seed(const struct saelive_snapshot *s, int seed)
{
    return s->seed == (uint64_t)seed && s->step > 0;
}

static bool has_latents(const struct saelive_snapshot *s, int k)
{
    return s->k == k && s->step > 0;
}

static bool has_inputs(const struct saelive_snapshot *s, int m)
{
    return s->m == m && s->step > 0;
}

static bool is_topk(const struct saelive_snapshot *s, int K)
{
    return s->settings.kind == SAE_TOPK && s->settings.topk == K && s->step > 0;
}

static void follows(void)
{
    float W[N * 3];
    pentagon(W, 2, 1.15);
    struct saelive_settings set = { .kind = SAE_RELU, .l1 = 0.2, .latents = 5, .topk = 1,
                                    .resample = SAE_RESAMPLE_SIMPLE, .speed = 0 };
    struct saelive *l = saelive_create(&set, 11, 4 * N, N);
    struct saelive_snapshot s;
    CHECK(l && saelive_snapshot_init(&s, 4 * N), "saelive_create");
    if (!l)
        return;
    saelive_feed(l, W, N, 2, 0.025);
    CHECK(saelive_wait(l, 0, 300, HANG_GUARD_MS), "300 steps never came");
    saelive_take(l, &s);
    CHECK(s.k == 5 && s.m == 2 && s.n == N && s.step >= 300 && s.seed == 11,
          "k %d, m %d, n %d, step %ld, seed %llu", s.k, s.m, s.n, s.step,
          (unsigned long long)s.seed);
    CHECK(unit_rows(&s) && isfinite(s.loss.total) && s.settings.l1 == 0.2, "first snapshot");
    for (int j = 0; j < s.k; j++)
        CHECK(s.rate[j] >= 0 && s.rate[j] <= 1, "rate %d: %g", j, s.rate[j]);

    saelive_restart(l, 77);
    CHECK(until(l, &s, has_seed, 77), "the restart never reached the snapshot");
    unsigned run = s.run;
    set.latents = 8;
    saelive_set(l, &set);
    CHECK(until(l, &s, has_latents, 8) && s.run != run && unit_rows(&s), "8 latents: k %d", s.k);
    pentagon(W, 3, 1.15);
    saelive_feed(l, W, N, 3, 0.025);
    CHECK(until(l, &s, has_inputs, 3) && unit_rows(&s), "m = 3: m %d", s.m);
    set.kind = SAE_TOPK;
    set.topk = 2;
    saelive_set(l, &set);
    CHECK(until(l, &s, is_topk, 2), "TopK never reached the snapshot");
    CHECK(saelive_wait(l, 0, s.step + 2, HANG_GUARD_MS), "TopK does not step");
    saelive_take(l, &s);
    CHECK(s.loss.sparsity == 0 && s.loss.l0 <= 2, "TopK K = 2: sparsity %g, l0 %g",
          s.loss.sparsity, s.loss.l0);
    saelive_destroy(l);
    saelive_snapshot_finish(&s);
}

/* A step of 2048 latents on 256 dense inputs takes about a second: the thread is inside it
 * once it has begun one, and a stop then abandons it, so no step ever completes. */
static void stops_mid_step(void)
{
    const int n = 512, m = 256, k = 2048;
    float *W = malloc((size_t)n * m * sizeof *W);
    CHECK(W != NULL, "malloc");
    if (!W)
        return;
    for (int q = 0; q < n * m; q++)
        W[q] = (float)sin(q * 0.37);
    struct saelive_settings set = { .kind = SAE_RELU, .l1 = 0.2, .latents = k, .topk = 1,
                                    .resample = SAE_RESAMPLE_SIMPLE, .speed = 0 };
    struct saelive *l = saelive_create(&set, 3, k, n);
    struct saelive_snapshot s;
    CHECK(l && saelive_snapshot_init(&s, k), "saelive_create");
    if (l) {
        saelive_feed(l, W, n, m, 1.0);
        CHECK(saelive_wait(l, 1, 0, HANG_GUARD_MS), "the thread never began a step");
        saelive_stop(l);
        saelive_take(l, &s);
        CHECK(saelive_stopped_mid_step(l), "the step was not abandoned");
        CHECK(s.step == 0, "%ld steps completed before the stop", s.step);
        saelive_destroy(l);
        saelive_snapshot_finish(&s);
    }
    free(W);
}

/* The session's side, from made snapshots. */
static void derived(void)
{
    float W[N * 2];
    pentagon(W, 2, 1.15);
    struct saeview v;
    CHECK(saeview_init(&v, 8, N), "saeview_init");
    struct saelive_snapshot *s = &v.snap;
    s->k = 3;
    s->m = 2;
    s->n = N;
    s->run = 1;
    s->step = 100;
    s->settings = (struct saelive_settings){ .l1 = 0.2, .latents = 3, .topk = 1 };
    s->loss = (struct sae_loss){ .total = 0.3, .reconstruction = 0.1, .sparsity = 0.2 };
    /* latents 0 and 1 on features 0 and 2 exactly, latent 2 halfway between 3 and 4 */
    const double angle[3] = { 90, 90 + 144, 90 + 3.5 * 72 };
    for (int j = 0; j < 3; j++) {
        s->dec[2 * j] = (float)cos(angle[j] * M_PI / 180);
        s->dec[2 * j + 1] = (float)sin(angle[j] * M_PI / 180);
        s->dead[j] = j == 2;
    }
    saeview_derive(&v, W, N, 2, false, true, 10.0);
    const struct view_sae *d = saeview_data(&v);
    CHECK(d && d->k == 3 && d->n == N && d->represented == N && d->recovered == 2 &&
              d->dead_count == 1, "recovered %d of %d, %d dead", d ? d->recovered : -1,
          d ? d->represented : -1, d ? d->dead_count : -1);
    CHECK(d && fabs(d->cosine[0 * 3 + 0] - 1) < 1e-6 && fabs(d->cosine[2 * 3 + 1] - 1) < 1e-6 &&
              fabs(d->cosine[3 * 3 + 2] - cos(36 * M_PI / 180)) < 1e-6, "cosines");
    for (int j = 0; j < 3; j++)
        CHECK(v.flash[j] == 0, "latent %d flashes before any resampling", j);
    CHECK(v.reconstruction.count == 1 && v.sparsity.count == 1, "loss curves");

    s->resampled_at[1] = 2500;   /* latent 1 resampled at step 2500 */
    s->step = 2600;
    saeview_derive(&v, W, N, 2, false, true, 11.0);
    CHECK(v.flash[1] == 1 && v.flash[0] == 0 && v.flash[2] == 0, "flash at the event: %g %g %g",
          v.flash[0], v.flash[1], v.flash[2]);
    saeview_derive(&v, W, N, 2, false, false, 11.0 + SAEVIEW_FLASH_SECONDS / 2);
    CHECK(fabs(v.flash[1] - 0.5) < 1e-6, "half way: %g", v.flash[1]);
    saeview_derive(&v, W, N, 2, false, false, 11.0 + SAEVIEW_FLASH_SECONDS + 0.01);
    CHECK(v.flash[1] == 0, "after the flash: %g", v.flash[1]);

    /* a new SAE whose latent 2 was resampled before: no flash, fresh curves */
    s->run = 2;
    s->resampled_at[2] = 2500;
    s->step = 2700;
    saeview_derive(&v, W, N, 2, false, true, 20.0);
    CHECK(v.flash[2] == 0 && v.reconstruction.count == 1, "a new SAE flashes (%g) or keeps "
          "its curve (%d points)", v.flash[2], v.reconstruction.count);
    /* the SAE still on the old m: nothing to draw against the new model */
    float W3[N * 3];
    pentagon(W3, 3, 1.15);
    saeview_derive(&v, W3, N, 3, false, true, 21.0);
    CHECK(saeview_data(&v) == NULL, "an SAE of m = 2 drawn against a model of m = 3");
    saeview_finish(&v);
}

int main(void)
{
    CHECK(SDL_Init(0) == 0, "SDL_Init: %s", SDL_GetError());
    derived();
    follows();
    stops_mid_step();
    SDL_Quit();
    return check_result("test_saelive");
}
