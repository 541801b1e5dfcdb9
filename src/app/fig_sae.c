#include "fig_sae.h"

#include <stdio.h>

#include "analysis.h"
#include "draw/palette.h"
#include "draw/prim.h"
#include "draw/vectors.h"
#include "model.h"
#include "parallel.h"
#include "sae.h"
#include "saecmd.h"
#include "text.h"
#include "views.h"

#define PANELS (2 * FIG_SAE_SEEDS)
#define FEATURES 5   /* FIG_SAE_PANEL's */
#define LATENTS 5

/* Panel k's SAE: seeded as `superpose sae` seeds it, resampling in the top row only. */
struct job {
    const struct model *md;
    double density;
    long steps;
    bool resample;
    struct sae *s;
    long failed_at;
};

static void train(void *ctx, int k)
{
    struct job *j = (struct job *)ctx + k;
    if (!j->md)
        return;
    const struct sae_desc d = { .latents = LATENTS, .l1 = SAE_DEFAULT_L1,
                                .resample = j->resample ? SAE_RESAMPLE_SIMPLE : SAE_RESAMPLE_NONE,
                                .seed = (uint64_t)(k % FIG_SAE_SEEDS) ^ SAE_SEED_SALT };
    j->s = saecmd_train(j->md, j->density, &d, j->steps, NULL, &j->failed_at);
}

static SDL_Color grey(Uint8 v)
{
    return (SDL_Color){ v, v, v, 255 };
}

/* One panel: its title, the features with the decoder directions over them, the recovery. */
static int draw_panel(SDL_Renderer *r, struct text *text, const struct figure *f, int k,
                      const struct job *j, struct analysis *an, struct sae_recovery *rec)
{
    const SDL_Rect view = figures_view_rect(f, k);
    const int cx = view.x + view.w / 2, lh = text_height(text, TEXT_SMALL) + 2;
    text_drawf(text, TEXT_NORMAL, cx, view.y - 24, TEXT_CENTRE, grey(235), "seed %d, %s",
               k % FIG_SAE_SEEDS, j->resample ? "resampling" : "no resampling");
    if (!j->md || !j->s || j->failed_at >= 0) {
        text_draw(text, TEXT_SMALL, cx, view.y + view.h / 2, TEXT_CENTRE,
                  prim_rgba(PALETTE_ERROR, 255), !j->s ? "out of memory" : "the SAE diverged");
        return 0;
    }
    const struct model *md = j->md;
    analysis_compute(an, md->W, md->n, md->m);
    sae_recovery_compute(rec, md->W, md->n, md->m, sae_decoder(j->s), LATENTS);
    bool dead[LATENTS];
    for (int q = 0; q < LATENTS; q++)
        dead[q] = sae_latent_dead(j->s, q);
    const struct view_sae sae = { .k = LATENTS, .m = md->m, .n = md->n,
                                  .dec = sae_decoder(j->s), .dead = dead };
    const struct view_context c = {
        .main = { .W = md->W, .n = md->n, .m = md->m, .an = an },
        .view_scale = view_scale_fit(md->W, md->n, md->m), .sae = &sae,
    };
    views_sae_directions_draw(r, text, &c, view);
    int y = view.y + view.h + 6, all = rec->recovered == rec->represented;
    text_drawf(text, TEXT_SMALL, cx, y, TEXT_CENTRE, all ? grey(240) : grey(200),
               "%d of %d features recovered", rec->recovered, rec->represented);
    text_drawf(text, TEXT_SMALL, cx, y + lh, TEXT_CENTRE, grey(170), "MMCS %.3f", rec->mmcs);
    const int dead_count = sae_dead_count(j->s);
    text_drawf(text, TEXT_SMALL, cx, y + 2 * lh, TEXT_CENTRE,
               dead_count ? prim_rgba(PALETTE_SAE_DEAD, 255) : grey(170),
               "%d dead latent%s, %ld resampled", dead_count, dead_count == 1 ? "" : "s",
               sae_resample_count(j->s));
    return all;
}

void fig_sae_draw(SDL_Renderer *r, struct text *text, const struct figure *f,
                  const struct model *const *models, long steps_cap)
{
    struct job jobs[PANELS] = { 0 };
    for (int k = 0; k < PANELS && k < f->count; k++)
        jobs[k] = (struct job){ .md = models[k], .density = f->panels[k].desc.density,
                                .steps = steps_cap < FIG_SAE_STEPS ? steps_cap : FIG_SAE_STEPS,
                                .resample = k < FIG_SAE_SEEDS };
    parallel_for(PANELS, parallel_cpu_count(), train, jobs);
    struct analysis an = { 0 };
    struct sae_recovery rec;
    int all[2] = { 0 };
    if (analysis_init(&an, FEATURES) && sae_recovery_init(&rec, FEATURES, LATENTS)) {
        for (int k = 0; k < PANELS; k++)
            all[k >= FIG_SAE_SEEDS] += draw_panel(r, text, f, k, &jobs[k], &an, &rec);
        int w, h;
        figures_size(f, &w, &h);
        text_drawf(text, TEXT_NORMAL, w - 24, 50, TEXT_RIGHT, grey(220),
                   "all 5 recovered: %d of %d seeds with resampling, %d of %d without", all[0],
                   FIG_SAE_SEEDS, all[1], FIG_SAE_SEEDS);
        sae_recovery_finish(&rec);
    }
    analysis_finish(&an);
    for (int k = 0; k < PANELS; k++)
        sae_destroy(jobs[k].s);
}
