/* The vectorised paths (tiles of samples as matrix products, and the vectorised Gram path)
 * against the dense double reference on the same batch, at every SIMD level this machine
 * offers: the paper's n = 400, m = 30 on dense and sparse batches, and odd sizes (n not a
 * multiple of any vector, m = 1, m = 64), ReLU and linear. */
#include <math.h>
#include <stdlib.h>

#include "batch.h"
#include "check.h"
#include "gradref.h"
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
    struct gradref g = { 0 };
    CHECK(md && batch_init(&bt, s->batch, s->n), "allocation");
    gradref_model(md, &r, s->n);
    CHECK(batch_generate(&bt, &r, s->density), "generation");
    CHECK(gradref_init(&g, md, model_param_count(s->n, s->m), s->n, s->batch, 0.99),
          "allocation");
    batch_to_dense(&bt, g.x);
    const double loss =
        model_ref_loss_grad(s->n, s->m, s->act, g.p, g.imp, s->batch, g.x, g.g_ref);
    CHECK(gradref_max_abs(g.g_ref, g.count) > 0.0 && loss > 0.0, "a case with something to learn");

    const enum model_path paths[2] = { MODEL_PATH_TILES, MODEL_PATH_GRAM_SIMD };
    for (int level = SIMD_BASELINE; level <= (int)simd_hardware(); level++)
        for (int pi = 0; pi < 2; pi++) {
            md->simd = (enum simd_level)level;
            md->path = paths[pi];
            char what[128];
            snprintf(what, sizeof what, "n=%d m=%d density %g %s, %s path at %s", s->n, s->m,
                     s->density, model_activation_key(s->act), pi ? "gram" : "tiles",
                     simd_level_name(level));
            worst[pi] = fmax(worst[pi],
                             gradref_check_fast(&g, md, &bt, s->density, loss, NULL, what));
        }
    gradref_finish(&g);
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
        /* the Gram path's rows of A updated sample by sample (fewer than GRAM_BUCKET_MIN entries
         * a feature in a chunk; the cases above go through its buckets): samples past
         * GRAM_FUSED features, rows flushed after 32 updates */
        { 300, 10, 512, 0.02, MODEL_RELU }, { 100, 8, 2048, 0.02, MODEL_LINEAR },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        check_case(&cases[c], 300 + c);
    printf("levels up to %s; worst relative gradient error: tiles %.2g, gram %.2g\n",
           simd_level_name(simd_hardware()), worst[0], worst[1]);
    return check_result("test_fastpaths");
}
