/* AdamW as in PyTorch (Loshchilov & Hutter; torch.optim.AdamW): decoupled weight decay
 * p <- p (1 - lr wd), then the bias-corrected Adam step. The recipe: betas 0.9/0.999,
 * eps 1e-8, weight decay 0.01, lr 1e-3. */
#ifndef SUPERPOSE_CORE_ADAMW_H
#define SUPERPOSE_CORE_ADAMW_H

#include <stdbool.h>
#include <stddef.h>

#include "simd.h"

struct adamw {
    size_t count;
    float *m1;      /* first moment */
    float *m2;      /* second moment */
    long step;      /* steps taken */
    double beta1_t, beta2_t;  /* beta1^step, beta2^step: the bias corrections, kept as products */
    double lr, beta1, beta2, eps, weight_decay;
    enum simd_level simd;     /* the step's vector code: simd_detect() at adamw_init; every
                               * level gives the same bits (elementwise double arithmetic) */
};

#define ADAMW_RECIPE_LR 1e-3

bool adamw_init(struct adamw *opt, size_t count, double lr);
void adamw_finish(struct adamw *opt);
/* Forgets the moments and the step count (after the parameter layout changed). */
void adamw_reset(struct adamw *opt);
void adamw_step(struct adamw *opt, float *params, const double *grad);

#endif
