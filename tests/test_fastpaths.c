/* The vectorised paths (tiles of samples as matrix products, and the vectorised Gram path)
 * against the dense double reference on the same batch, at every SIMD level this machine
 * offers: the paper's n = 400, m = 30 on dense and sparse batches, and odd sizes (n not a
 * multiple of any vector, m = 1, m = 64), ReLU and linear. */
#include <math.h>
#include <stdlib.h>

#include "batch.h"
#include "check.h"
#include "model.h"
#include "rng.h"
#include "simd.h"

struct setup {
    int n, m, batch;
    double density;
    enum model_activation act;
};

static double worst[2]; /* relative gradient error per path, over all cases and levels */

static void check_case(const struct setup *s, uint64_t seed)
{
    struct rng r;
    rng_seed(&r, seed);
    struct model *md = model_create(s->n, s->m, s->act);
    struct batch bt;
    const size_t count = model_param_count(s->n, s->m);
    double *p = malloc(count * sizeof *p), *g_ref = malloc(count * sizeof *p);
    double *g = malloc(count * sizeof *g), *x = malloc((size_t)s->batch * s->n * sizeof *x);
    double *imp = malloc((size_t)s->n * sizeof *imp);
    float *impf = malloc((size_t)s->n * sizeof *impf);
    CHECK(md && batch_init(&bt, s->batch, s->n) && p && g_ref && g && x && imp && impf,
          "allocation");
    model_init_xavier(md, &r);
    for (int i = 0; i < s->n; i++)
        md->b[i] = (float)(0.2 * (rng_uniformf(&r) - 0.5)); /* both ReLU sides */
    CHECK(batch_generate(&bt, &r, s->density), "generation");
    for (int i = 0; i < s->n; i++)
        impf[i] = (float)(imp[i] = pow(0.99, i));
    for (size_t k = 0; k < count; k++)
        p[k] = md->params[k];
    batch_to_dense(&bt, x);
    const double loss = model_ref_loss_grad(s->n, s->m, s->act, p, imp, s->batch, x, g_ref);
    double scale = 0.0;
    for (size_t k = 0; k < count; k++)
        scale = fmax(scale, fabs(g_ref[k]));
    CHECK(scale > 0.0 && loss > 0.0, "a case with something to learn");

    const enum model_path paths[2] = { MODEL_PATH_TILES, MODEL_PATH_GRAM_SIMD };
    for (int level = SIMD_BASELINE; level <= (int)simd_hardware(); level++)
        for (int pi = 0; pi < 2; pi++) {
            md->simd = (enum simd_level)level;
            md->path = paths[pi];
            const double fast = model_loss_grad(md, impf, &bt, s->density, g);
            double diff = 0.0;
            for (size_t k = 0; k < count; k++)
                diff = fmax(diff, fabs(g[k] - g_ref[k]));
            worst[pi] = fmax(worst[pi], diff / scale);
            CHECK(diff <= 1e-5 * scale, "n=%d m=%d density %g %s, %s path at %s: gradient "
                  "off by %g relative", s->n, s->m, s->density, model_activation_key(s->act),
                  pi ? "gram" : "tiles", simd_level_name(level), diff / scale);
            CHECK(fabs(fast - loss) <= 1e-5 * loss, "n=%d m=%d density %g, %s path at %s: "
                  "loss %.9g, reference %.9g", s->n, s->m, s->density, pi ? "gram" : "tiles",
                  simd_level_name(level), fast, loss);
            CHECK(model_loss_grad(md, impf, &bt, s->density, NULL) == fast,
                  "%s path at %s: loss without gradient differs", pi ? "gram" : "tiles",
                  simd_level_name(level));
        }
    free(p);
    free(g_ref);
    free(g);
    free(x);
    free(imp);
    free(impf);
    batch_finish(&bt);
    model_destroy(md);
}

int main(void)
{
    const struct setup cases[] = {
        /* the paper's dimensionality experiment: dense, its sticky 1/2 regime, sparse; batches
         * of a partial last tile */
        { 400, 30, 70, 1.0, MODEL_RELU },   { 400, 30, 70, 0.3, MODEL_RELU },
        { 400, 30, 100, 0.01, MODEL_RELU }, { 400, 30, 70, 0.3, MODEL_LINEAR },
        /* odd sizes: n no multiple of a vector, one hidden dimension, many */
        { 37, 1, 100, 0.3, MODEL_RELU },    { 53, 64, 90, 0.1, MODEL_RELU },
        { 123, 17, 60, 0.05, MODEL_LINEAR }, { 33, 64, 40, 1.0, MODEL_RELU },
        { 100, 20, 200, 0.05, MODEL_RELU }, { 5, 2, 300, 0.2, MODEL_RELU },
        /* the Gram path's float rows of A flushed into double after 32 updates, and again */
        { 100, 20, 1024, 0.05, MODEL_RELU }, { 400, 30, 640, 0.1, MODEL_RELU },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        check_case(&cases[c], 300 + c);
    printf("levels up to %s; worst relative gradient error: tiles %.2g, gram %.2g\n",
           simd_level_name(simd_hardware()), worst[0], worst[1]);
    return check_result("test_fastpaths");
}
