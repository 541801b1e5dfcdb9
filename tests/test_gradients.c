/* The reference gradient against central finite differences (all in double), and every
 * training path (forced through md->path) against the reference on the same batch, with
 * independent features and with correlated and anticorrelated sets. */
#include <math.h>
#include <string.h>

#include "batch.h"
#include "check.h"
#include "featsets.h"
#include "model.h"
#include "rng.h"

static double max_abs(const double *v, size_t count)
{
    double m = 0.0;
    for (size_t k = 0; k < count; k++)
        m = fmax(m, fabs(v[k]));
    return m;
}

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

static void check_case(const struct setup *s, const char *corr, const char *anti, uint64_t seed)
{
    struct rng r;
    rng_seed(&r, seed);
    struct model *md = model_create(s->n, s->m, s->act);
    struct batch bt;
    CHECK(md && batch_init(&bt, s->batch, s->n), "allocation");
    model_init_xavier(md, &r);
    for (int i = 0; i < s->n; i++)
        md->b[i] = (float)(0.2 * (rng_uniformf(&r) - 0.5)); /* both ReLU sides */
    struct featsets fs = { 0 };
    char err[160];
    CHECK(!corr || featsets_parse(&fs, FEATSETS_CORRELATED, corr, err, sizeof err), "%s", err);
    CHECK(!anti || featsets_parse(&fs, FEATSETS_ANTICORRELATED, anti, err, sizeof err), "%s", err);
    CHECK(batch_generate_sets(&bt, &r, s->density, &fs), "generation");

    const size_t count = model_param_count(s->n, s->m);
    double *p = malloc(count * sizeof *p), *g_ref = malloc(count * sizeof *p);
    double *g_fast = malloc(count * sizeof *p), *x = malloc((size_t)s->batch * s->n * sizeof *x);
    double *imp = malloc((size_t)s->n * sizeof *imp);
    float *impf = malloc((size_t)s->n * sizeof *impf);
    for (int i = 0; i < s->n; i++)
        impf[i] = (float)(imp[i] = pow(0.8, i));
    for (size_t k = 0; k < count; k++)
        p[k] = md->params[k];
    batch_to_dense(&bt, x);

    double loss = model_ref_loss_grad(s->n, s->m, s->act, p, imp, s->batch, x, g_ref);
    double worst = 0.0;
    const double h = 1e-6;
    for (size_t k = 0; k < count; k++) {
        double keep = p[k];
        p[k] = keep + h;
        double up = model_ref_loss_grad(s->n, s->m, s->act, p, imp, s->batch, x, NULL);
        p[k] = keep - h;
        double down = model_ref_loss_grad(s->n, s->m, s->act, p, imp, s->batch, x, NULL);
        p[k] = keep;
        worst = fmax(worst, fabs((up - down) / (2 * h) - g_ref[k]));
    }
    double scale = max_abs(g_ref, count);
    CHECK(scale > 0 && worst <= 1e-6 * scale, "n=%d m=%d %s: finite differences off by %g (grad %g)",
          s->n, s->m, s->act == MODEL_RELU ? "relu" : "linear", worst, scale);

    const enum model_path paths[] = { MODEL_PATH_AUTO, MODEL_PATH_ROWS, MODEL_PATH_GRAM,
                                      MODEL_PATH_GROUPED, MODEL_PATH_TILES,
                                      MODEL_PATH_GRAM_SIMD };
    for (int pi = 0; pi < 6; pi++) {
        md->path = paths[pi];
        double fast_loss = model_loss_grad(md, impf, &bt, s->density, g_fast);
        double diff = 0.0;
        for (size_t k = 0; k < count; k++)
            diff = fmax(diff, fabs(g_fast[k] - g_ref[k]));
        worst_rel[pi] = fmax(worst_rel[pi], diff / scale);
        CHECK(diff <= 1e-5 * scale, "n=%d m=%d density %g, path %d: gradient off by %g relative",
              s->n, s->m, s->density, pi, diff / scale);
        CHECK(fabs(fast_loss - loss) <= 1e-5 * loss, "path %d: loss %g, reference %g", pi,
              fast_loss, loss);
        CHECK(model_loss_grad(md, impf, &bt, s->density, NULL) == fast_loss,
              "path %d: loss without gradient differs", pi);
    }

    free(p);
    free(g_ref);
    free(g_fast);
    free(x);
    free(imp);
    free(impf);
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
