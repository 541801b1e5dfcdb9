/* The neuron view (the paper's and ARENA's neuron plot): one column per hidden neuron, a bar of
 * its input weights stacked by feature in the features' colours (positive up, negative down),
 * monosemantic neurons first, then polysemantic, then dead, with the counts above; under each
 * column its kind and top feature. For abs also W2 as a heatmap, one row per feature's output,
 * its columns the same neurons in the same order. */
#ifndef SUPERPOSE_APP_DRAW_NEURONPLOT_H
#define SUPERPOSE_APP_DRAW_NEURONPLOT_H

#include <SDL.h>

struct neurons;
struct text;

struct view_neuronplot {
    const float *W;    /* n x m: neuron d reads column d */
    const float *W2;   /* n x m output weights, or NULL: no heatmap */
    int n, m;
    const struct neurons *an;   /* neurons_compute of W */
};

/* Where neuron column q (in an->order) lies in rect: its bar's box from the top of the tallest
 * positive stack to the bottom of the deepest negative one. */
SDL_Rect view_neuronplot_column(struct text *text, const struct view_neuronplot *v, SDL_Rect rect,
                             int q);
/* The baseline (weight 0) of the bars in rect. */
int view_neuronplot_baseline(struct text *text, const struct view_neuronplot *v, SDL_Rect rect);
void view_neuronplot_draw(SDL_Renderer *r, struct text *text, const struct view_neuronplot *v,
                       SDL_Rect rect);

#endif
