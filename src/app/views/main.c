/* The main view: the focused model's feature vectors, flat for m <= 2 (the data's feature sets
 * marked, and what the marks mean in a corner), in 3D from m = 3 (for m > 3 projected onto the
 * top three principal directions, and the legend says so). */
#include "views.h"

#include "draw/palette.h"
#include "draw/polytope.h"
#include "draw/prim.h"
#include "draw/vectors.h"
#include "text.h"

void views_main_draw(SDL_Renderer *r, struct text *text, float scale, const struct view_context *c,
                     SDL_Rect rect)
{
    (void)scale;
    const struct view_model *md = &c->main;
    if (md->m >= 3) {
        struct view_polytope vp = {
            .W = md->W, .n = md->n, .m = md->m, .yaw = c->yaw, .pitch = c->pitch,
            .scale = c->view_scale, .dirs = md->m > 3 ? c->dirs : NULL, .labels = true,
        };
        view_polytope_draw(r, text, &vp, rect);
        return;
    }
    struct view_vectors vv = { .W = md->W, .n = md->n, .m = md->m, .an = md->an,
                               .trails = c->trails, .scale = c->view_scale, .labels = true,
                               .sets = md->sets };
    view_vectors_draw(r, text, &vv, rect);
    if (!text || !md->sets)
        return;
    /* what the marks mean, in the corner under the circle */
    const char *legend = "rings and arc: a set; solid correlated, dashed anticorrelated";
    if (text_width(text, TEXT_SMALL, legend) > rect.w)
        legend = "rings, arcs: sets (dashed: anti)";
    text_draw(text, TEXT_SMALL, rect.x, rect.y + rect.h - text_height(text, TEXT_SMALL),
              TEXT_LEFT, prim_rgba(PALETTE_TEXT_DIM, 255), legend);
}
