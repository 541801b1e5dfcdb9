/* Feature dimensionality across the density sweep: each companion's D_i against 1/density. */
#include "views.h"

#include "analysis.h"
#include "draw/dims.h"

/* Past this many dots each one a coloured disc costs the software renderer tens of
 * milliseconds (4,800 discs at n = 400 took 150 ms a frame); faint squares cost a tenth. */
#define DISCS_MAX 512

void views_dims_draw(SDL_Renderer *r, struct text *text, float scale, const struct view_context *c,
                     SDL_Rect rect)
{
    struct view_dims_model models[VIEW_MAX_COMPANIONS];
    int count = c->companion_count;
    if (count > VIEW_MAX_COMPANIONS)
        count = VIEW_MAX_COMPANIONS;
    double x_max = 1;
    long dots = 0;
    for (int k = 0; k < count; k++) {
        models[k] = (struct view_dims_model){ .density = c->companions[k].density,
                                              .an = c->companions[k].an };
        dots += c->companions[k].an->n;
        while (x_max < 1 / c->companions[k].density * 0.999)
            x_max *= 10;
    }
    struct view_dims v = { .models = models, .count = count, .x_max = x_max,
                           .faint = dots > DISCS_MAX };
    view_dims_draw(r, text, scale, &v, rect);
}
