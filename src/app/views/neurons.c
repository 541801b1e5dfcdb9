/* The neuron view: the focused model's hidden neurons (hidden ReLU, abs), and abs's W2. */
#include "views.h"

#include "draw/neuronplot.h"
#include "neurons.h"

void views_neurons_draw(SDL_Renderer *r, struct text *text, float scale,
                        const struct view_context *c, SDL_Rect rect)
{
    (void)scale;
    const struct view_model *md = &c->main;
    struct neurons a;
    neurons_compute(&a, md->W, md->n, md->m);
    const struct view_neuronplot v = { .W = md->W, .W2 = md->W2, .n = md->n, .m = md->m,
                                       .an = &a };
    view_neuronplot_draw(r, text, &v, rect);
}
