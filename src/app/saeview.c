#include "saeview.h"

#include <stdlib.h>
#include <string.h>

#define SAEVIEW_RECOVERY_WORK 2e6

bool saeview_init(struct saeview *v, int capacity, int features)
{
    *v = (struct saeview){ .capacity = capacity, .run = ~0u };
    v->flash_t = malloc((size_t)capacity * sizeof *v->flash_t);
    v->seen_at = calloc((size_t)capacity, sizeof *v->seen_at);
    v->flash = calloc((size_t)capacity, sizeof *v->flash);
    if (!v->flash_t || !v->seen_at || !v->flash || !saelive_snapshot_init(&v->snap, capacity) ||
        !sae_recovery_init(&v->rec, features, capacity)) {
        saeview_finish(v);
        return false;
    }
    view_loss_clear(&v->reconstruction);
    view_loss_clear(&v->sparsity);
    return true;
}

bool saeview_start(struct saeview *v, const struct saelive_settings *s, uint64_t seed,
                   int capacity, int features)
{
    if (!saeview_init(v, capacity, features))
        return false;
    if (!(v->live = saelive_create(s, seed, capacity, features))) {
        saeview_finish(v);
        return false;
    }
    return true;
}

void saeview_finish(struct saeview *v)
{
    saelive_destroy(v->live);   /* joins the thread first */
    saelive_snapshot_finish(&v->snap);
    sae_recovery_finish(&v->rec);
    free(v->flash_t);
    free(v->seen_at);
    free(v->flash);
    *v = (struct saeview){ 0 };
}

void saeview_set(struct saeview *v, const struct saelive_settings *s)
{
    if (v->live)
        saelive_set(v->live, s);
}

void saeview_restart(struct saeview *v, uint64_t seed)
{
    if (v->live)
        saelive_restart(v->live, seed);
}

/* A new SAE (a restart, a new latent count or m): fresh curves, and the latents it starts
 * with do not flash. */
static void new_run(struct saeview *v)
{
    const struct saelive_snapshot *sn = &v->snap;
    v->run = sn->run;
    view_loss_clear(&v->reconstruction);
    view_loss_clear(&v->sparsity);
    for (int j = 0; j < v->capacity; j++) {
        v->flash_t[j] = -1;
        v->seen_at[j] = j < sn->k ? sn->resampled_at[j] : 0;
    }
}

void saeview_update(struct saeview *v, const float *W, int n, int m, double density,
                    bool independent, double now)
{
    if (!v->live)
        return;
    saelive_feed(v->live, W, n, m, density);
    saeview_derive(v, W, n, m, independent, saelive_take(v->live, &v->snap), now);
}

void saeview_derive(struct saeview *v, const float *W, int n, int m, bool independent,
                    bool changed, double now)
{
    const struct saelive_snapshot *sn = &v->snap;
    v->ready = sn->k > 0 && sn->m == m && n <= v->rec.capacity_n && sn->k <= v->rec.capacity_k;
    if (!v->ready)
        return;
    if (sn->run != v->run)
        new_run(v);
    for (int j = 0; j < sn->k; j++) {
        if (sn->resampled_at[j] != v->seen_at[j]) {
            v->seen_at[j] = sn->resampled_at[j];
            v->flash_t[j] = now;
        }
        double age = now - v->flash_t[j];
        v->flash[j] = v->flash_t[j] >= 0 && age < SAEVIEW_FLASH_SECONDS
                          ? (float)(1.0 - age / SAEVIEW_FLASH_SECONDS)
                          : 0.0f;
    }
    if (changed) {
        view_loss_push(&v->reconstruction, sn->step, sn->loss.reconstruction);
        view_loss_push(&v->sparsity, sn->step, sn->loss.sparsity);
    }
    /* n k m products: a large model and SAE are measured ten times a second, not every frame */
    if ((double)n * sn->k * m < SAEVIEW_RECOVERY_WORK || now - v->rec_t >= 0.1 ||
        now < v->rec_t || v->rec_n != n || v->rec_k != sn->k) {
        sae_recovery_compute(&v->rec, W, n, m, sn->dec, sn->k);
        v->rec_t = now;
        v->rec_n = n;
        v->rec_k = sn->k;
    }
    int dead = 0;
    for (int j = 0; j < sn->k; j++)
        dead += sn->dead[j];
    v->view = (struct view_sae){
        .k = sn->k, .m = sn->m, .n = n, .dec = sn->dec, .cosine = v->rec.cosine,
        .best = v->rec.best, .represented = v->rec.represented, .recovered = v->rec.recovered,
        .mmcs = v->rec.mmcs, .rate = sn->rate, .dead = sn->dead, .flash = v->flash,
        .dead_count = dead, .resample_count = sn->resample_count, .step = sn->step,
        .steps_per_sec = sn->steps_per_sec, .loss = sn->loss,
        .reconstruction = &v->reconstruction, .sparsity = &v->sparsity,
        .kind = sn->settings.kind, .l1 = sn->settings.l1, .topk = sn->settings.topk,
        .resample = sn->settings.resample == SAE_RESAMPLE_SIMPLE, .independent = independent,
    };
}

const struct view_sae *saeview_data(const struct saeview *v)
{
    return v->ready ? &v->view : NULL;
}
