/* The ends of every window slider, combined: density 0.001 and 1, decay 0.5 and 1, 1 and 32
 * features, learning rates 1e-4 and 0.1, ReLU and linear. Training must stay finite (or report
 * divergence, which it must not do here), and the measurements drawn must be finite. */
#include <math.h>

#include "analysis.h"
#include "check.h"
#include "trainer.h"

static bool finite_all(const float *v, size_t count)
{
    for (size_t k = 0; k < count; k++)
        if (!isfinite(v[k]))
            return false;
    return true;
}

static bool finite_analysis(const struct analysis *a)
{
    for (int i = 0; i < a->n; i++)
        if (!isfinite(a->norms[i]) || !isfinite(a->dimensionality[i]) ||
            !isfinite(a->superposition[i]) || !isfinite(a->angles_deg[i]))
            return false;
    for (int k = 0; k < a->gap_count; k++)
        if (!isfinite(a->gaps_deg[k]))
            return false;
    return isfinite(a->dims_per_feature);
}

int main(void)
{
    const double densities[] = { 0.001, 1.0 }, decays[] = { 0.5, 1.0 }, lrs[] = { 1e-4, 0.1 };
    const int features[] = { 1, 32 };
    const enum model_activation acts[] = { MODEL_RELU, MODEL_LINEAR };
    struct analysis a;
    CHECK(analysis_init(&a, 32), "allocation");
    int runs = 0;
    for (int di = 0; di < 2; di++)
        for (int ci = 0; ci < 2; ci++)
            for (int li = 0; li < 2; li++)
                for (int fi = 0; fi < 2; fi++)
                    for (int ai = 0; ai < 2; ai++) {
                        struct trainer_desc d = TRAINER_DESC_DEFAULT;
                        d.density = densities[di];
                        d.decay = decays[ci];
                        d.lr = lrs[li];
                        d.features = features[fi];
                        d.act = acts[ai];
                        d.seed = (uint64_t)runs;
                        struct trainer *t = trainer_create(&d);
                        CHECK(t != NULL, "trainer_create");
                        if (!t)
                            continue;
                        long s = 0;
                        for (; s < 3000 && trainer_step(t); s++)
                            ;
                        const struct model *md = trainer_model(t);
                        CHECK(s == 3000, "density %g decay %g lr %g n %d %s: diverged at step %ld",
                              d.density, d.decay, d.lr, d.features,
                              d.act == MODEL_RELU ? "relu" : "linear", s);
                        CHECK(finite_all(md->params, model_param_count(md->n, md->m)) &&
                                  isfinite(trainer_last_loss(t)),
                              "non-finite weights or loss");
                        analysis_compute(&a, md->W, md->n, md->m);
                        CHECK(finite_analysis(&a), "non-finite measurement at density %g n %d",
                              d.density, d.features);
                        /* then the window's moves at these ends: resize to the other end */
                        CHECK(trainer_set_features(t, features[1 - fi]), "resize");
                        for (int k = 0; k < 200; k++)
                            CHECK(trainer_step(t), "step after resize");
                        trainer_destroy(t);
                        runs++;
                    }
    analysis_finish(&a);
    printf("%d combinations\n", runs);
    return check_result("test_extremes");
}
