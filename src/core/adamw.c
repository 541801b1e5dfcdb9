#include "adamw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bool adamw_init(struct adamw *opt, size_t count, double lr)
{
    memset(opt, 0, sizeof *opt);
    opt->count = count;
    opt->lr = lr;
    opt->beta1 = 0.9;
    opt->beta2 = 0.999;
    opt->eps = 1e-8;
    opt->weight_decay = 0.01;
    opt->beta1_t = opt->beta2_t = 1.0;
    opt->m1 = calloc(count ? count : 1, sizeof *opt->m1);
    opt->m2 = calloc(count ? count : 1, sizeof *opt->m2);
    if (!opt->m1 || !opt->m2) {
        adamw_finish(opt);
        return false;
    }
    return true;
}

void adamw_finish(struct adamw *opt)
{
    if (!opt)
        return;
    free(opt->m1);
    free(opt->m2);
    opt->m1 = opt->m2 = NULL;
}

void adamw_reset(struct adamw *opt)
{
    memset(opt->m1, 0, opt->count * sizeof *opt->m1);
    memset(opt->m2, 0, opt->count * sizeof *opt->m2);
    opt->step = 0;
    opt->beta1_t = opt->beta2_t = 1.0;
}

void adamw_step(struct adamw *opt, float *params, const double *grad)
{
    opt->step++;
    const double b1 = opt->beta1, b2 = opt->beta2;
    opt->beta1_t *= b1;
    opt->beta2_t *= b2;
    const double bc1 = 1.0 - opt->beta1_t;
    const double bc2_sqrt = sqrt(1.0 - opt->beta2_t);
    const double step_size = opt->lr / bc1;
    const float decay = (float)(1.0 - opt->lr * opt->weight_decay);
    for (size_t k = 0; k < opt->count; k++) {
        double g = grad[k];
        float m1 = opt->m1[k] = (float)(b1 * opt->m1[k] + (1.0 - b1) * g);
        float m2 = opt->m2[k] = (float)(b2 * opt->m2[k] + (1.0 - b2) * g * g);
        double denom = sqrt((double)m2) / bc2_sqrt + opt->eps;
        params[k] = (float)(params[k] * decay - step_size * m1 / denom);
    }
}
