/* The phase diagram (n = 2, m = 1) as its cells are trained, with its legend. */
#include "views.h"

#include "draw/phasemap.h"

void views_phase_draw(SDL_Renderer *r, struct text *text, float scale,
                      const struct view_context *c, SDL_Rect rect)
{
    struct view_phasemap pm = { .pd = c->phase, .legend = true };
    view_phasemap_draw(r, text, scale, &pm, rect);
}
