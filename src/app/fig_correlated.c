#include "fig_correlated.h"

#include <math.h>
#include <stdio.h>

#include "analysis.h"
#include "draw/palette.h"
#include "draw/prim.h"
#include "draw/vectors.h"
#include "featsets.h"
#include "figures.h"
#include "text.h"

_Static_assert(PRESETS_COUNT <= FIGURES_MAX_PANELS, "every preset has a panel");

/* "0-1 90.4  2-3 180.0 deg" (the presets' sets are pairs), each set in its hue, centred at
 * cx; a dropped member (norm not above ANALYSIS_REPRESENTED_NORM) gives no angle. */
static void draw_angles(struct text *text, const struct model *md, const struct analysis *a,
                        const struct featsets *fs, int cx, int y)
{
    char items[FEATSETS_MAX_SETS][48];
    int width = 0;
    const char *unit = "deg";
    for (int k = 0; k < fs->count; k++) {
        const uint16_t *mem = featsets_members(fs, k);
        int i = mem[0], j = mem[1];
        if (a->norms[i] > ANALYSIS_REPRESENTED_NORM && a->norms[j] > ANALYSIS_REPRESENTED_NORM)
            snprintf(items[k], sizeof items[k], "%d-%d %.1f  ", i, j,
                     featsets_angle_deg(md->W, md->m, i, j));
        else
            snprintf(items[k], sizeof items[k], "%d-%d %d dropped  ", i, j,
                     a->norms[i] > ANALYSIS_REPRESENTED_NORM ? j : i);
        width += text_width(text, TEXT_SMALL, items[k]);
    }
    if (fs->count == 0) {
        text_draw(text, TEXT_SMALL, cx, y, TEXT_CENTRE, prim_rgba(PALETTE_TEXT_DIM, 255),
                  "no sets: every feature independent");
        return;
    }
    int x = cx - (width + text_width(text, TEXT_SMALL, unit)) / 2;
    for (int k = 0; k < fs->count; k++)
        x += text_draw(text, TEXT_SMALL, x, y, TEXT_LEFT, view_vectors_set_colour(k, 255),
                       items[k]);
    text_draw(text, TEXT_SMALL, x, y, TEXT_LEFT, prim_rgba(PALETTE_TEXT_DIM, 255), unit);
}

void fig_correlated_draw(SDL_Renderer *r, struct text *text, const struct figure *f, int k,
                         const struct trainer *t, double loss, bool diverged, struct analysis *a)
{
    const struct model *md = trainer_model(t);
    const struct trainer_desc *d = trainer_settings(t);
    const struct presets_row *p = presets_get(k);
    analysis_compute(a, md->W, md->n, md->m);
    SDL_Rect view = figures_view_rect(f, k);
    struct view_vectors v = {
        .W = md->W, .n = md->n, .m = md->m, .an = a,
        .scale = view_scale_fit(md->W, md->n, md->m), .labels = true,
        .sets = d->sets.count ? &d->sets : NULL,
    };
    view_vectors_draw(r, text, &v, view);
    const int cx = view.x + view.w / 2, lh = text_height(text, TEXT_SMALL) + 2;
    const SDL_Color title = prim_rgba(PALETTE_TEXT, 255), dim = prim_rgba(PALETTE_TEXT_DIM, 255);
    text_draw(text, TEXT_NORMAL, cx, view.y - 24, TEXT_CENTRE, title, p ? p->name : "");
    int y = view.y + view.h + 6;
    draw_angles(text, md, a, &d->sets, cx, y);
    char corr[64], anti[64];
    featsets_format(&d->sets, FEATSETS_CORRELATED, corr, sizeof corr);
    featsets_format(&d->sets, FEATSETS_ANTICORRELATED, anti, sizeof anti);
    text_drawf(text, TEXT_SMALL, cx, y + lh, TEXT_CENTRE, dim, "n = %d%s%s%s%s", md->n,
               corr[0] ? ", correlated " : "", corr, anti[0] ? ", anticorrelated " : "", anti);
    text_drawf(text, TEXT_SMALL, cx, y + 2 * lh, TEXT_CENTRE, dim,
               "%d of %d represented; seed %llu", a->represented, md->n,
               (unsigned long long)d->seed);
    if (diverged)
        text_draw(text, TEXT_SMALL, cx, y + 3 * lh, TEXT_CENTRE, prim_rgba(PALETTE_ERROR, 255),
                  "training diverged");
    else
        text_drawf(text, TEXT_SMALL, cx, y + 3 * lh, TEXT_CENTRE, dim, "loss %.3g", loss);
}
