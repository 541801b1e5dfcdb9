/* The SAE's reference gradient against central finite differences (all in double), and the
 * fast path against the reference on the same activations, for both kinds. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "gradref.h"
#include "rng.h"
#include "sae.h"

struct setup {
    int m, k, rows, zeros;
    enum sae_kind kind;
    int topk;
    double l1;
};

static const char *kind_name(enum sae_kind kind) { return kind == SAE_TOPK ? "topk" : "relu"; }

static void check_case(const struct setup *st, uint64_t seed)
{
    struct sae_desc desc = { .inputs = st->m, .features = st->k, .latents = st->k,
                             .kind = st->kind, .topk = st->topk, .l1 = st->l1, .seed = seed };
    struct sae *s = sae_create(&desc);
    CHECK(s != NULL, "sae_create");
    if (!s)
        return;
    const struct sae_desc *d = sae_settings(s);
    const int m = st->m, k = st->k, batch = st->rows + st->zeros;
    const size_t count = sae_param_count(m, k);
    struct rng r;
    rng_seed(&r, seed ^ 0xabcdef);
    /* Biases and an off-unit decoder norm away from the defaults, so every term is exercised:
     * latents on both sides of the ReLU, the normalisation's radial part nonzero. */
    float *pf = sae_params(s);
    for (int j = 0; j < k; j++) {
        pf[(size_t)k * m + j] = (float)(0.4 * (rng_uniformf(&r) - 0.5));
        for (int q = 0; q < m; q++)
            pf[(size_t)k * m + k + (size_t)j * m + q] *= (float)(0.5 + rng_uniformf(&r));
    }
    for (int q = 0; q < m; q++)
        pf[2 * (size_t)k * m + k + q] = (float)(0.2 * (rng_uniformf(&r) - 0.5));

    float *hf = malloc((size_t)st->rows * m * sizeof *hf);
    double *h = calloc((size_t)batch * m, sizeof *h);
    double *p = malloc(count * sizeof *p), *g_ref = malloc(count * sizeof *p);
    double *g_fast = malloc(count * sizeof *p);
    for (int q = 0; q < st->rows * m; q++)
        h[q] = hf[q] = (float)(2.0 * rng_uniformf(&r) - 1.0);
    for (size_t q = 0; q < count; q++)
        p[q] = pf[q];

    struct sae_loss ref_loss, fast_loss;
    double loss = sae_ref_loss_grad(d, p, batch, h, g_ref, &ref_loss);
    CHECK(fabs(loss - ref_loss.total) < 1e-15 && ref_loss.l0 > 0, "reference loss terms");
    double worst = 0.0;
    const double step = 1e-6;
    for (size_t q = 0; q < count; q++) {
        double keep = p[q];
        p[q] = keep + step;
        double up = sae_ref_loss_grad(d, p, batch, h, NULL, NULL);
        p[q] = keep - step;
        double down = sae_ref_loss_grad(d, p, batch, h, NULL, NULL);
        p[q] = keep;
        worst = fmax(worst, fabs((up - down) / (2 * step) - g_ref[q]));
    }
    double scale = gradref_max_abs(g_ref, count);
    CHECK(scale > 0 && worst <= 1e-6 * scale,
          "%s m=%d k=%d: finite differences off by %g (gradient scale %g)", kind_name(st->kind),
          m, k, worst, scale);

    struct sae_batch b = { hf, st->rows, st->zeros };
    CHECK(sae_loss_grad(s, &b, g_fast, &fast_loss, NULL), "fast path ran");
    double diff = 0.0;
    for (size_t q = 0; q < count; q++)
        diff = fmax(diff, fabs(g_fast[q] - g_ref[q]));
    CHECK(diff <= 1e-9 * scale, "%s m=%d k=%d zeros=%d: fast gradient off by %g relative",
          kind_name(st->kind), m, k, st->zeros, diff / scale);
    CHECK(fabs(fast_loss.reconstruction - ref_loss.reconstruction) <= 1e-12 &&
              fabs(fast_loss.sparsity - ref_loss.sparsity) <= 1e-12 &&
              fabs(fast_loss.l0 - ref_loss.l0) <= 1e-12,
          "%s: fast loss (%g, %g, l0 %g) vs reference (%g, %g, l0 %g)", kind_name(st->kind),
          fast_loss.reconstruction, fast_loss.sparsity, fast_loss.l0, ref_loss.reconstruction,
          ref_loss.sparsity, ref_loss.l0);
    if (st->kind == SAE_TOPK)
        CHECK(ref_loss.sparsity == 0.0 && ref_loss.l0 <= st->topk, "TopK: no penalty, at most K on");

    /* A set stop flag abandons the step before the first sample. */
    atomic_bool stop;
    atomic_init(&stop, true);
    CHECK(!sae_loss_grad(s, &b, g_fast, &fast_loss, &stop), "stop flag ignored");

    free(hf), free(h), free(p), free(g_ref), free(g_fast);
    sae_destroy(s);
}

int main(void)
{
    const struct setup cases[] = {
        { .m = 2, .k = 5, .rows = 40, .zeros = 0, .kind = SAE_RELU, .l1 = 0.2 },
        { .m = 2, .k = 5, .rows = 40, .zeros = 100, .kind = SAE_RELU, .l1 = 0.2 },
        { .m = 3, .k = 12, .rows = 50, .zeros = 7, .kind = SAE_RELU, .l1 = 0.05 },
        { .m = 2, .k = 5, .rows = 40, .zeros = 30, .kind = SAE_TOPK, .topk = 1 },
        { .m = 2, .k = 5, .rows = 40, .zeros = 0, .kind = SAE_TOPK, .topk = 2 },
        { .m = 5, .k = 20, .rows = 30, .zeros = 11, .kind = SAE_TOPK, .topk = 4 },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (uint64_t seed = 0; seed < 3; seed++)
            check_case(&cases[c], seed);
    return check_result("test_sae_grad");
}
