/* The figures' subtitles that describe what was learned, written from the trained models so
 * that the words cannot claim more than the panels below them show. */
#ifndef SUPERPOSE_APP_FIGCAPTION_H
#define SUPERPOSE_APP_FIGCAPTION_H

#include <stddef.h>

struct figure;
struct trainer;

/* models[k] is panel k's trained model; steps what each trained (--steps may cut it short). */
typedef void figcaption_fn(const struct figure *f, const struct trainer *const *models,
                           long steps, char *buf, size_t len);

figcaption_fn figcaption_defaults;    /* the recipe's settings and the steps */
figcaption_fn figcaption_importance;  /* panel 0 uniform, panel 1 decaying importance */
figcaption_fn figcaption_shapes;      /* which n learned a regular polygon */
figcaption_fn figcaption_linear;      /* linear panels against ReLU panels */
figcaption_fn figcaption_polytopes;   /* the D_i classes found in 3D */

struct text;

/* Draws f's subtitle (its caption function's words, else its fixed subtitle) at x, 50 px from
 * the top, within width: on two lines when one would not fit. */
void figcaption_draw(struct text *text, const struct figure *f,
                     const struct trainer *const *models, long steps, int x, int width);

#endif
