/* The paper's recipe learns what docs/science.md measured with the PyTorch reference. */
#include <math.h>
#include <string.h>

#include "analysis.h"
#include "check.h"
#include "trainer.h"

static struct trainer *train(struct trainer_desc d, long steps)
{
    struct trainer *t = trainer_create(&d);
    CHECK(t != NULL, "trainer_create");
    for (long s = 0; t && s < steps; s++)
        if (!trainer_step(t)) {
            CHECK(false, "diverged at step %ld", s);
            break;
        }
    return t;
}

static void analyse(const struct trainer *t, struct analysis *a)
{
    const struct model *md = trainer_model(t);
    analysis_compute(a, md->W, md->n, md->m);
}

static bool is_regular(const struct analysis *a, int k, double tol_deg)
{
    return a->represented == k && a->gap_count == k && analysis_max_gap_error(a) <= tol_deg;
}

static void defaults_form_pentagon(struct analysis *a)
{
    int pentagons = 0;
    for (uint64_t seed = 0; seed < 8; seed++) {
        struct trainer_desc d = TRAINER_DESC_DEFAULT;
        d.seed = seed;
        struct trainer *t = train(d, 10000);
        analyse(t, a);
        bool ok = is_regular(a, 5, 8.0);
        for (int i = 0; i < 5; i++)
            ok = ok && fabs(a->dimensionality[i] - 0.4) < 0.05;
        pentagons += ok;
        trainer_destroy(t);
    }
    CHECK(pentagons >= 7, "defaults: pentagon in %d of 8 seeds, want at least 7", pentagons);
}

static void dense_keeps_two(struct analysis *a)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.density = 1.0;
    d.decay = 0.7;
    struct trainer *t = train(d, 10000);
    analyse(t, a);
    CHECK(a->represented == 2, "dense: %d represented, want 2", a->represented);
    CHECK(a->norms[0] > 0.5 && a->norms[1] > 0.5, "dense keeps the two most important");
    double g = a->gap_count == 2 ? fmin(a->gaps_deg[0], a->gaps_deg[1]) : 0;
    CHECK(fabs(g - 90.0) < 3.0, "dense: the two features %g degrees apart, want 90", g);
    CHECK(fabs(a->dimensionality[0] - 1) < 0.02 && fabs(a->dimensionality[1] - 1) < 0.02, "D = 1");
    trainer_destroy(t);
}

static void four_make_square(struct analysis *a)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.features = 4;
    d.density = 0.05;
    d.decay = 1.0;
    struct trainer *t = train(d, 10000);
    analyse(t, a);
    CHECK(is_regular(a, 4, 8.0), "n=4: %d represented, worst gap error %g", a->represented,
          analysis_max_gap_error(a));
    for (int i = 0; i < 4; i++)
        CHECK(fabs(a->dimensionality[i] - 0.5) < 0.05, "square D_%d = %g", i, a->dimensionality[i]);
    trainer_destroy(t);
}

static void linear_is_pca(struct analysis *a)
{
    const double densities[] = { 1.0, 0.2, 0.05, 0.02 };
    for (int k = 0; k < 4; k++) {
        struct trainer_desc d = TRAINER_DESC_DEFAULT;
        d.act = MODEL_LINEAR;
        d.density = densities[k];
        struct trainer *t = train(d, 10000);
        analyse(t, a);
        CHECK(a->represented <= 2, "linear at density %g represents %d > m features", d.density,
              a->represented);
        trainer_destroy(t);
    }
}

static void same_seed_same_bits(void)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.seed = 7;
    struct trainer *a = train(d, 700), *b = train(d, 700);
    d.seed = 8;
    struct trainer *c = train(d, 700);
    const struct model *ma = trainer_model(a), *mb = trainer_model(b), *mc = trainer_model(c);
    size_t bytes = model_param_count(ma->n, ma->m) * sizeof(float);
    CHECK(memcmp(ma->params, mb->params, bytes) == 0, "same seed, different weights");
    CHECK(memcmp(ma->params, mc->params, bytes) != 0, "different seeds, same weights");
    CHECK(trainer_eval_loss(a, 100000, 1) == trainer_eval_loss(b, 100000, 1), "eval not repeatable");
    trainer_destroy(a);
    trainer_destroy(b);
    trainer_destroy(c);
}

static void divergence_is_caught(void)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.density = 1.0;
    struct trainer *t = train(d, 10);
    trainer_set_lr(t, 1e38);
    bool failed = false;
    for (int s = 0; s < 50 && !failed; s++)
        failed = !trainer_step(t);
    CHECK(failed, "lr 1e38 never reported divergence");
    const struct model *md = trainer_model(t);
    for (size_t k = 0; k < model_param_count(md->n, md->m); k++)
        CHECK(isfinite(md->params[k]), "parameter %zu left non-finite", k);
    trainer_destroy(t);
}

static void resize_keeps_features(void)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    struct trainer *t = train(d, 300);
    float before[10];
    memcpy(before, trainer_model(t)->W, sizeof before);
    CHECK(trainer_set_features(t, 8), "grow to 8");
    CHECK(trainer_model(t)->n == 8 && memcmp(before, trainer_model(t)->W, sizeof before) == 0,
          "growing kept the first 5 features");
    CHECK(trainer_importance(t)[7] == (float)pow(0.9, 7), "importance follows the new count");
    CHECK(trainer_step(t), "step after growing");
    float after[6];
    memcpy(after, trainer_model(t)->W, sizeof after);
    CHECK(trainer_set_features(t, 3), "shrink to 3");
    CHECK(memcmp(after, trainer_model(t)->W, sizeof after) == 0, "shrinking kept the first 3");
    for (int s = 0; s < 100; s++)
        CHECK(trainer_step(t), "step after shrinking");
    trainer_destroy(t);
}

int main(void)
{
    struct analysis a;
    CHECK(analysis_init(&a, 16), "allocation");
    defaults_form_pentagon(&a);
    dense_keeps_two(&a);
    four_make_square(&a);
    linear_is_pca(&a);
    same_seed_same_bits();
    divergence_is_caught();
    resize_keeps_features();
    analysis_finish(&a);
    return check_result("test_recipe");
}
