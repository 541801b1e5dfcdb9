/* The SAE's dense double reference (the tests check it against finite differences and the fast
 * path against it) and the recovery measures. */
#include "sae.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

#define NORM_EPS 1e-8

/* Latent j is among the K largest when fewer than K others beat it (a tie goes to the lower
 * index): the definition, quadratic, instead of the fast path's insertion. */
static bool in_top(const double *pre, int k, int K, int j)
{
    int above = 0;
    for (int l = 0; l < k; l++)
        above += pre[l] > pre[j] || (pre[l] == pre[j] && l < j);
    return above < K;
}

double sae_ref_loss_grad(const struct sae_desc *d, const double *params, int batch,
                         const double *h, double *grad, struct sae_loss *loss)
{
    const int m = d->inputs, k = d->latents;
    const bool topk = d->kind == SAE_TOPK;
    const double l1 = topk ? 0.0 : d->l1;
    const size_t km = (size_t)k * m, count = sae_param_count(m, k);
    const double *enc = params, *benc = params + km, *dec = params + km + k;
    const double *bdec = params + 2 * km + k;
    double *norm = malloc((size_t)k * sizeof *norm), *pre = malloc((size_t)k * sizeof *pre);
    double *c = malloc((size_t)m * sizeof *c), *r = malloc((size_t)m * sizeof *r);
    double *a = malloc((size_t)k * sizeof *a);
    if (!norm || !pre || !c || !r || !a) {
        free(norm), free(pre), free(c), free(r), free(a);
        return NAN;
    }
    if (grad)
        memset(grad, 0, count * sizeof *grad);
    for (int j = 0; j < k; j++) {
        double s2 = 0.0;
        for (int q = 0; q < m; q++)
            s2 += dec[j * m + q] * dec[j * m + q];
        norm[j] = sqrt(s2);
    }
    double rec_sum = 0.0, l1_sum = 0.0, l0_sum = 0.0;
    for (int s = 0; s < batch; s++) {
        const double *hs = h + (size_t)s * m;
        for (int q = 0; q < m; q++)
            c[q] = hs[q] - bdec[q];
        for (int j = 0; j < k; j++) {
            pre[j] = benc[j];
            for (int q = 0; q < m; q++)
                pre[j] += enc[j * m + q] * c[q];
        }
        for (int j = 0; j < k; j++) {
            bool kept = !topk || in_top(pre, k, d->topk, j);
            a[j] = kept && pre[j] > 0.0 ? pre[j] : 0.0;
        }
        double rec = 0.0;
        for (int q = 0; q < m; q++) {
            double out = bdec[q];
            for (int j = 0; j < k; j++)
                out += a[j] * dec[j * m + q] / (norm[j] + NORM_EPS);
            r[q] = out - hs[q];
            rec += r[q] * r[q] / m;
        }
        rec_sum += rec;
        for (int j = 0; j < k; j++) {
            l1_sum += fabs(a[j]);
            l0_sum += a[j] > 0.0;
        }
        if (!grad)
            continue;
        /* dL_s/dh' = 2 r / m, spread over b_dec directly, each active latent's pre-activation
         * (then W_enc, b_enc and, through h - b_dec, b_dec again) and its decoder row through
         * the Jacobian of d / (|d| + eps). */
        double *g_enc = grad, *g_benc = grad + km, *g_dec = grad + km + k, *g_bdec = grad + 2 * km + k;
        for (int q = 0; q < m; q++)
            g_bdec[q] += 2.0 * r[q] / m / batch;
        for (int j = 0; j < k; j++) {
            if (a[j] <= 0.0)
                continue;
            const double sc = norm[j] + NORM_EPS;
            double dl_da = l1;
            for (int q = 0; q < m; q++)
                dl_da += 2.0 * r[q] / m * dec[j * m + q] / sc;
            g_benc[j] += dl_da / batch;
            for (int q = 0; q < m; q++) {
                g_enc[j * m + q] += dl_da * c[q] / batch;
                g_bdec[q] -= dl_da * enc[j * m + q] / batch;
            }
            for (int p = 0; p < m; p++) {         /* d(d^_q)/d(d_p) */
                double sum = 0.0;
                for (int q = 0; q < m; q++) {
                    double jac = (p == q ? 1.0 / sc : 0.0) -
                                 dec[j * m + q] * dec[j * m + p] / (norm[j] * sc * sc);
                    sum += 2.0 * r[q] / m * a[j] * jac;
                }
                g_dec[j * m + p] += sum / batch;
            }
        }
    }
    free(norm), free(pre), free(c), free(r), free(a);
    struct sae_loss out = { 0 };
    out.reconstruction = rec_sum / batch;
    out.sparsity = l1 * l1_sum / batch;
    out.l0 = l0_sum / batch;
    out.total = out.reconstruction + out.sparsity;
    if (loss)
        *loss = out;
    return out.total;
}

bool sae_recovery_init(struct sae_recovery *r, int features, int latents)
{
    memset(r, 0, sizeof *r);
    r->capacity_n = features;
    r->capacity_k = latents;
    r->cosine = malloc((size_t)features * latents * sizeof *r->cosine);
    r->best = malloc((size_t)features * sizeof *r->best);
    r->best_latent = malloc((size_t)features * sizeof *r->best_latent);
    if (!r->cosine || !r->best || !r->best_latent) {
        sae_recovery_finish(r);
        return false;
    }
    return true;
}

void sae_recovery_finish(struct sae_recovery *r)
{
    if (!r)
        return;
    free(r->cosine);
    free(r->best);
    free(r->best_latent);
    memset(r, 0, sizeof *r);
}

static double norm_of(const float *v, int m)
{
    double s = 0.0;
    for (int q = 0; q < m; q++)
        s += (double)v[q] * v[q];
    return sqrt(s);
}

void sae_recovery_compute(struct sae_recovery *r, const float *W, int n, int m,
                          const float *dec, int k)
{
    r->n = n;
    r->k = k;
    r->represented = r->recovered = 0;
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        const float *w = W + (size_t)i * m;
        const double wn = norm_of(w, m);
        r->best[i] = -INFINITY;
        r->best_latent[i] = 0;
        for (int j = 0; j < k; j++) {
            const float *d = dec + (size_t)j * m;
            const double dn = norm_of(d, m);
            double dot = 0.0;
            for (int q = 0; q < m; q++)
                dot += (double)w[q] * d[q];
            double cs = wn > 0.0 && dn > 0.0 ? dot / (wn * dn) : 0.0;
            r->cosine[(size_t)i * k + j] = cs;
            if (cs > r->best[i]) {
                r->best[i] = cs;
                r->best_latent[i] = j;
            }
        }
        if (k == 0)
            r->best[i] = 0.0;
        if (wn > ANALYSIS_REPRESENTED_NORM) {
            r->represented++;
            r->recovered += r->best[i] > SAE_RECOVERED_COSINE;
            sum += r->best[i];
        }
    }
    r->mmcs = r->represented ? sum / r->represented : 0.0;
}
