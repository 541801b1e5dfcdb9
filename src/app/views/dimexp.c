/* The paper's dimensionality experiment: every finished model's D_i, faint, against 1/(1-S),
 * with m/||W||_F^2 through them and how far training has come. */
#include "views.h"

#include <stdio.h>

#include "dimsweep.h"
#include "draw/dims.h"

void views_dimexp_draw(SDL_Renderer *r, struct text *text, float scale, const struct view_context *c,
                       SDL_Rect rect)
{
    const struct view_dimexp *x = c->dimexp;
    struct view_dims_model models[DIMSWEEP_MAX_MODELS];
    int count = x->done < DIMSWEEP_MAX_MODELS ? x->done : DIMSWEEP_MAX_MODELS;
    for (int k = 0; k < count; k++)
        models[k] = (struct view_dims_model){ .density = x->density[k], .an = x->an[k] };
    char full[192], mid[128], brief[64];
    double part = x->total > 0 && x->steps > 0 ? (double)x->steps_done / ((double)x->total * x->steps)
                                               : 0;
    snprintf(full, sizeof full, "n = %d, m = %d, decay %g: %d of %d models, %ld steps each "
             "(%.0f%% of all steps), %.0f s on %d thread%s", x->n, x->m, x->decay, x->done, x->total,
             x->steps, 100 * part, x->seconds, x->threads, x->threads == 1 ? "" : "s");
    snprintf(mid, sizeof mid, "n = %d, m = %d: %d of %d models, %.0f%%, %.0f s", x->n, x->m,
             x->done, x->total, 100 * part, x->seconds);
    snprintf(brief, sizeof brief, "%d of %d models", x->done, x->total);
    const char *const note[] = { full, mid, brief, NULL };
    struct view_dims v = { .models = models, .count = count, .x_max = 1 / x->to, .faint = true,
                           .note = note, .layer = c->layer };
    view_dims_draw(r, text, scale, &v, rect);
}
