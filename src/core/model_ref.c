/* The plain pieces of the model, written for clarity rather than speed: the recipe's
 * Xavier-normal initialisation and the dense double-precision reference that every fast path
 * in model.c is tested against. */
#include "model.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

void model_init_rows(struct model *md, struct rng *r, int first)
{
    const double std = sqrt(2.0 / (double)(md->n + md->m));
    for (size_t k = (size_t)first * md->m; k < (size_t)md->n * md->m; k++)
        md->W[k] = (float)(std * rng_normal(r));
    for (int i = first; i < md->n; i++)
        md->b[i] = 0.0f;
    /* ABS's output weights: the same Xavier std (its fans are m and n too), drawn after W */
    for (size_t k = (size_t)first * md->m; md->W2 && k < (size_t)md->n * md->m; k++)
        md->W2[k] = (float)(std * rng_normal(r));
}

void model_init_xavier(struct model *md, struct rng *r)
{
    model_init_rows(md, r, 0);
}

double model_ref_loss_grad(int n, int m, enum model_activation act, const double *params,
                           const double *importance, int batch_size, const double *x,
                           double *grad)
{
    const double *W = params, *b = params + (size_t)n * m;
    const double scale = 1.0 / ((double)batch_size * n);
    double *h = calloc((size_t)m, sizeof *h);
    double *g = calloc((size_t)n, sizeof *g);
    double loss = 0.0;
    if (!h || !g) {
        loss = NAN;
        goto out;
    }
    if (grad)
        memset(grad, 0, model_param_count(n, m) * sizeof *grad);
    for (int s = 0; s < batch_size; s++) {
        const double *xs = x + (size_t)s * n;
        for (int d = 0; d < m; d++) {
            h[d] = 0.0;
            for (int j = 0; j < n; j++)
                h[d] += W[(size_t)j * m + d] * xs[j];
        }
        for (int i = 0; i < n; i++) {
            double pre = b[i];
            for (int d = 0; d < m; d++)
                pre += W[(size_t)i * m + d] * h[d];
            bool on = act == MODEL_LINEAR || pre > 0.0;
            double r = (on ? pre : 0.0) - xs[i];
            loss += importance[i] * r * r;
            g[i] = on ? 2.0 * scale * importance[i] * r : 0.0;
        }
        if (!grad)
            continue;
        /* dL/dW_jd = sum_i g_i (delta_ij h_d + W_id x_j) */
        for (int j = 0; j < n; j++) {
            for (int d = 0; d < m; d++) {
                double acc = g[j] * h[d];
                for (int i = 0; i < n; i++)
                    acc += g[i] * W[(size_t)i * m + d] * xs[j];
                grad[(size_t)j * m + d] += acc;
            }
            grad[(size_t)n * m + j] += g[j];
        }
    }
    loss *= scale;
out:
    free(h);
    free(g);
    return loss;
}
