#include "fig_neurons.h"

#include <stdio.h>

#include "draw/neuronplot.h"
#include "draw/palette.h"
#include "draw/prim.h"
#include "draw/vectors.h"
#include "model.h"
#include "model_neurons.h"
#include "neurons.h"
#include "text.h"

static SDL_Color grey(Uint8 v) { return (SDL_Color){ v, v, v, 255 }; }

/* "features 0, 2, 3" served by monosemantic neurons, in the features' order */
static void mono_text(const struct neurons *a, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "monosemantic for");
    int k = 0;
    for (int i = 0; i < a->n && used < len; i++)
        for (int d = 0; d < a->m; d++)
            if (a->neuron[d].kind == NEURON_MONOSEMANTIC && a->neuron[d].top == i) {
                used += (size_t)snprintf(buf + used, len - used, "%s %d", k++ ? "," : "", i);
                break;
            }
    if (!k)
        snprintf(buf, len, "no monosemantic neuron");
}

static void draw_panel(SDL_Renderer *r, struct text *text, const struct figure *f, int k,
                       const struct model *md)
{
    const SDL_Rect view = figures_view_rect(f, k);
    const int cx = view.x + view.w / 2, lh = text_height(text, TEXT_SMALL) + 2;
    const struct figure_panel *p = &f->panels[k];
    text_drawf(text, TEXT_NORMAL, cx, view.y - 24, TEXT_CENTRE, grey(235), "%s n = %d, m = %d, "
               "density %g", model_kind_name(p->desc.kind), p->desc.features, p->desc.hidden,
               p->desc.density);
    if (!md) {
        text_draw(text, TEXT_SMALL, cx, view.y + view.h / 2, TEXT_CENTRE,
                  prim_rgba(PALETTE_ERROR, 255), "not trained");
        return;
    }
    struct neurons a;
    neurons_compute(&a, md->W, md->n, md->m);
    const struct view_neuronplot v = { .W = md->W, .W2 = md->W2, .n = md->n, .m = md->m,
                                       .an = &a };
    view_neuronplot_draw(r, text, &v, view);
    int y = view.y + view.h + 6;
    char line[160];
    if (md->kind == MODEL_ABS) {
        int one;
        const int both = neurons_abs_computed(md, &one);
        text_drawf(text, TEXT_SMALL, cx, y, TEXT_CENTRE, grey(235),
                   "|x| computed for %d of %d features", both, md->n);
        text_drawf(text, TEXT_SMALL, cx, y + lh, TEXT_CENTRE, grey(190),
                   "one sign only: %d; asymmetric neurons: %d", one, a.asymmetric);
    } else {
        mono_text(&a, line, sizeof line);
        text_draw_fit(text, TEXT_SMALL, cx, y, TEXT_CENTRE, grey(235), view.w, line);
        text_drawf(text, TEXT_SMALL, cx, y + lh, TEXT_CENTRE, grey(190),
                   "features in no monosemantic neuron: %d", md->n - a.mono_features);
    }
    text_drawf(text, TEXT_SMALL, cx, y + 2 * lh, TEXT_CENTRE, grey(170), "importance %s",
               p->desc.decay == 1.0 ? "uniform" : p->desc.decay == 0.8 ? "0.8^i" : "0.75^i");
}

void fig_neurons_draw(SDL_Renderer *r, struct text *text, const struct figure *f,
                      const struct model *const *models, long steps_cap)
{
    (void)steps_cap; /* figures.c marks a preview */
    for (int k = 0; k < f->count; k++)
        draw_panel(r, text, f, k, models[k]);
}
