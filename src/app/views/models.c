/* The models a view trains beside the focused one, side by side: the density sweep's panels
 * and the linear-vs-ReLU pair, each captioned. */
#include "views.h"

#include <stdio.h>
#include <string.h>

#include "draw/grid.h"

/* A caption's short form: up to its colon ("linear: x' = W^T W x + b"), or a density as
 * d = 0.01; none otherwise. */
static const char *short_caption(const struct view_model *md, char *buf, size_t len)
{
    const char *c = md->caption ? md->caption : "", *colon = strchr(c, ':');
    if (colon)
        snprintf(buf, len, "%.*s", (int)(colon - c), c);
    else if (strncmp(c, "density ", 8) == 0)
        snprintf(buf, len, "d = %s", c + 8);
    else
        return NULL;
    return buf;
}

void views_models_draw(SDL_Renderer *r, struct text *text, float scale,
                       const struct view_context *c, SDL_Rect rect)
{
    (void)scale;
    struct view_grid_panel panels[VIEW_MAX_COMPANIONS];
    char shorts[VIEW_MAX_COMPANIONS][48];
    int count = c->companion_count;
    if (count > VIEW_MAX_COMPANIONS)
        count = VIEW_MAX_COMPANIONS;
    for (int k = 0; k < count; k++) {
        const struct view_model *md = &c->companions[k];
        panels[k] = (struct view_grid_panel){ .W = md->W, .n = md->n, .m = md->m, .an = md->an,
                                              .loss = md->loss, .caption = md->caption,
                                              .caption_short = short_caption(md, shorts[k],
                                                                             sizeof shorts[k]) };
    }
    view_grid_draw(r, text, panels, count, rect);
}
