/* The models a view trains beside the focused one, side by side: the density sweep's panels
 * and the linear-vs-ReLU pair, each captioned. */
#include "views.h"

#include "draw/grid.h"

void views_models_draw(SDL_Renderer *r, struct text *text, float scale,
                       const struct view_context *c, SDL_Rect rect)
{
    (void)scale;
    struct view_grid_panel panels[VIEW_MAX_COMPANIONS];
    int count = c->companion_count;
    if (count > VIEW_MAX_COMPANIONS)
        count = VIEW_MAX_COMPANIONS;
    for (int k = 0; k < count; k++) {
        const struct view_model *md = &c->companions[k];
        panels[k] = (struct view_grid_panel){ .W = md->W, .n = md->n, .m = md->m, .an = md->an,
                                              .loss = md->loss, .caption = md->caption };
    }
    view_grid_draw(r, text, panels, count, rect);
}
