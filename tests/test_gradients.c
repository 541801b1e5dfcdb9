/* The reference gradient against central finite differences (all in double), and every
 * training path (forced through md->path) against the reference on the same batch, with
 * independent features and with correlated and anticorrelated sets. */
#include <math.h>
#include <string.h>

#include "batch.h"
#include "check.h"
#include "featsets.h"
#include "gradref.h"
#include "model.h"
#include "rng.h"

static double worst_rel[6]; /* per path, over all cases: reported at the end */

struct setup {
    int n, m, batch;
    double density;
    enum model_activation act;
};

struct sets_case {
    struct setup s;
    const char *corr, *anti; /* sets, or NULL */
};

/* The reference's loss at r->p for central differences. */
static double ref_loss(const struct gradref *r, const void *ctx)
{
    const struct setup *s = ctx;
    return model_ref_loss_grad(s->n, s->m, s->act, r->p, r->imp, s->batch, r->x, NULL);
}

static void check_case(const struct setup *s, const char *corr, const char *anti, uint64_t seed)
{
    struct rng r;
    rng_seed(&r, seed);
    struct model *md = model_create(s->n, s->m, s->act);
    struct batch bt;
    struct gradref g = { 0 };
    CHECK(md && batch_init(&bt, s->batch, s->n), "allocation");
    gradref_model(md, &r, s->n);
    struct featsets fs = { 0 };
    char err[160];
    CHECK(!corr || featsets_parse(&fs, FEATSETS_CORRELATED, corr, err, sizeof err), "%s", err);
    CHECK(!anti || featsets_parse(&fs, FEATSETS_ANTICORRELATED, anti, err, sizeof err), "%s", err);
    CHECK(batch_generate_sets(&bt, &r, s->density, &fs), "generation");
    CHECK(gradref_init(&g, md, model_param_count(s->n, s->m), s->n, s->batch, 0.8),
          "allocation");
    batch_to_dense(&bt, g.x);

    double loss = model_ref_loss_grad(s->n, s->m, s->act, g.p, g.imp, s->batch, g.x, g.g_ref);
    double worst = gradref_fd_worst(&g, 1e-6, ref_loss, s);
    double scale = gradref_max_abs(g.g_ref, g.count);
    CHECK(scale > 0 && worst <= 1e-6 * scale, "n=%d m=%d %s: finite differences off by %g (grad %g)",
          s->n, s->m, s->act == MODEL_RELU ? "relu" : "linear", worst, scale);

    const enum model_path paths[] = { MODEL_PATH_AUTO, MODEL_PATH_ROWS, MODEL_PATH_GRAM,
                                      MODEL_PATH_GROUPED, MODEL_PATH_TILES,
                                      MODEL_PATH_GRAM_SIMD };
    for (int pi = 0; pi < 6; pi++) {
        md->path = paths[pi];
        char what[96];
        snprintf(what, sizeof what, "n=%d m=%d density %g, path %d", s->n, s->m, s->density, pi);
        worst_rel[pi] = fmax(worst_rel[pi],
                             gradref_check_fast(&g, md, &bt, s->density, loss, NULL, what));
    }
    gradref_finish(&g);
    batch_finish(&bt);
    model_destroy(md);
}

int main(void)
{
    const struct setup cases[] = {
        { 5, 2, 64, 0.3, MODEL_RELU },   { 5, 2, 64, 0.3, MODEL_LINEAR },
        { 3, 1, 32, 1.0, MODEL_RELU },   { 3, 1, 32, 1.0, MODEL_LINEAR },
        { 8, 3, 64, 0.1, MODEL_RELU },   { 8, 3, 64, 0.1, MODEL_LINEAR },
        { 20, 5, 128, 0.05, MODEL_RELU }, { 2, 2, 16, 0.5, MODEL_RELU },
        { 40, 7, 256, 0.02, MODEL_RELU }, { 5, 2, 1024, 0.05, MODEL_RELU },
        /* the grouped path's range: single-active groups and listed samples together */
        { 5, 2, 1024, 0.05, MODEL_LINEAR }, { 5, 2, 1024, 0.3, MODEL_RELU },
        { 5, 2, 1024, 0.3, MODEL_LINEAR },  { 5, 2, 1024, 1.0, MODEL_RELU },
        { 5, 2, 1024, 1.0, MODEL_LINEAR },  { 8, 2, 1024, 0.05, MODEL_RELU },
        { 8, 5, 512, 0.2, MODEL_LINEAR },   { 1, 1, 512, 0.5, MODEL_RELU },
        { 4, 3, 2048, 0.02, MODEL_RELU },   { 9, 2, 256, 0.1, MODEL_RELU },
    };
    /* Structured data: correlated sets make many listed samples, anticorrelated ones many
     * singles; the grouped (n <= 8), Gram and rows ranges. */
    const struct sets_case sets_cases[] = {
        { { 4, 2, 1024, 0.05, MODEL_RELU }, "0-1,2-3", NULL },
        { { 4, 2, 1024, 0.05, MODEL_RELU }, NULL, "0-1,2-3" },
        { { 6, 2, 1024, 0.05, MODEL_RELU }, "0-1,2-3,4-5", NULL },
        { { 6, 2, 512, 0.3, MODEL_LINEAR }, "0+5", "1-3" },
        { { 8, 3, 512, 0.2, MODEL_RELU }, "0-3", "4-7" },
        { { 5, 2, 256, 1.0, MODEL_RELU }, "0-2", NULL },
        { { 5, 2, 256, 0.5, MODEL_RELU }, NULL, "0-2" },
        { { 20, 5, 256, 0.05, MODEL_RELU }, "0-4,6+9", "10-12,15+19" },
        { { 40, 7, 256, 0.1, MODEL_LINEAR }, "0-9", "10-19" },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        check_case(&cases[c], NULL, NULL, 100 + c);
    for (size_t c = 0; c < sizeof sets_cases / sizeof sets_cases[0]; c++)
        check_case(&sets_cases[c].s, sets_cases[c].corr, sets_cases[c].anti, 200 + c);
    printf("worst relative gradient error: auto %.2g, rows %.2g, gram %.2g, grouped %.2g, "
           "tiles %.2g, gram (vectorised) %.2g\n", worst_rel[0], worst_rel[1], worst_rel[2],
           worst_rel[3], worst_rel[4], worst_rel[5]);
    return check_result("test_gradients");
}
