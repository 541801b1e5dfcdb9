/* The models with neurons (hidden-relu and abs): the dense double reference against central
 * finite differences, the sparse training path against the reference on the same batch, the
 * signed data of abs, and the neuron analysis on hand-made weights. */
#include <math.h>
#include <string.h>

#include "batch.h"
#include "check.h"
#include "gradref.h"
#include "model.h"
#include "model_neurons.h"
#include "neurons.h"
#include "rng.h"

struct setup {
    enum model_kind kind;
    int n, m, batch;
    double density;
};

static double worst_fd, worst_fast;

/* The reference's loss at r->p for central differences. */
static double ref_loss(const struct gradref *r, const void *ctx)
{
    const struct setup *s = ctx;
    return model_neurons_ref_loss_grad(s->kind, s->n, s->m, r->p, r->imp, s->batch, r->x, NULL);
}

static void check_case(const struct setup *s, uint64_t seed)
{
    struct rng r;
    rng_seed(&r, seed);
    struct model *md = model_create_kind(s->n, s->m, MODEL_RELU, s->kind);
    struct batch bt;
    struct gradref g = { 0 };
    CHECK(md && batch_init(&bt, s->batch, s->n), "allocation");
    gradref_model(md, &r, s->n);
    CHECK(batch_generate(&bt, &r, s->density), "generation");
    if (s->kind == MODEL_ABS)
        model_abs_sign_batch(&bt);
    CHECK(gradref_init(&g, md, model_kind_param_count(s->kind, s->n, s->m), s->n, s->batch, 0.8),
          "allocation");
    batch_to_dense(&bt, g.x);

    const double loss =
        model_neurons_ref_loss_grad(s->kind, s->n, s->m, g.p, g.imp, s->batch, g.x, g.g_ref);
    const double worst = gradref_fd_worst(&g, 1e-6, ref_loss, s);
    const double scale = gradref_max_abs(g.g_ref, g.count);
    worst_fd = fmax(worst_fd, worst / scale);
    CHECK(scale > 0 && worst <= 1e-6 * scale,
          "%s n=%d m=%d: finite differences off by %g (grad %g)", model_kind_key(s->kind), s->n,
          s->m, worst, scale);

    char what[96];
    snprintf(what, sizeof what, "%s n=%d m=%d density %g", model_kind_key(s->kind), s->n, s->m,
             s->density);
    worst_fast = fmax(worst_fast, gradref_check_fast(&g, md, &bt, s->density, loss, NULL, what));
    gradref_finish(&g);
    batch_finish(&bt);
    model_destroy(md);
}

/* abs's values: uniform in [-1, 1) (mean 0, mean square 1/3), the tied stream untouched. */
static void check_signed(void)
{
    struct rng r1, r2;
    struct batch a, b;
    rng_seed(&r1, 7);
    rng_seed(&r2, 7);
    CHECK(batch_init(&a, 4096, 20) && batch_init(&b, 4096, 20), "allocation");
    double sum = 0.0, sum2 = 0.0, lo = 1.0, hi = -1.0;
    long count = 0;
    for (int k = 0; k < 20; k++) {
        CHECK(batch_generate(&a, &r1, 0.3) && batch_generate(&b, &r2, 0.3), "generation");
        model_abs_sign_batch(&b);
        for (int e = 0; e < a.start[a.listed]; e++) {
            CHECK(b.val[e] == 2.0f * a.val[e] - 1.0f, "entry %d not mapped", e);
            sum += b.val[e];
            sum2 += (double)b.val[e] * b.val[e];
            lo = fmin(lo, b.val[e]);
            hi = fmax(hi, b.val[e]);
            count++;
        }
    }
    /* standard errors: sqrt(1/3 / count) ~ 0.0008 for the mean, ~0.0006 for the mean square */
    CHECK(fabs(sum / count) < 0.005, "mean %g over %ld values", sum / count, count);
    CHECK(fabs(sum2 / count - 1.0 / 3.0) < 0.005, "mean square %g", sum2 / count);
    CHECK(lo >= -1.0 && lo < -0.999 && hi < 1.0 && hi > 0.999, "range [%g, %g]", lo, hi);
    batch_finish(&a);
    batch_finish(&b);
}

static void check_analysis(void)
{
    /* n = 3 features, m = 4 neurons (column d): mono on 1, poly {0, 2}, dead, asymmetric */
    const float W[3 * 4] = {
        0.1f, 0.8f, 0.05f, 1.0f,
        1.0f, 0.0f, 0.0f,  0.0f,
        0.0f, 0.7f, 0.05f, -0.4f,
    };
    struct neurons a;
    neurons_compute(&a, W, 3, 4);
    CHECK(a.neuron[0].kind == NEURON_MONOSEMANTIC && a.neuron[0].top == 1, "neuron 0: %s, top %d",
          neuron_kind_key(a.neuron[0].kind), a.neuron[0].top);
    CHECK(fabs(a.neuron[0].share - 1.0 / 1.01) < 1e-6, "neuron 0 share %g", a.neuron[0].share);
    CHECK(a.neuron[1].kind == NEURON_POLYSEMANTIC && a.neuron[1].serves == 2 &&
              !a.neuron[1].asymmetric, "neuron 1: %s serving %d", neuron_kind_key(a.neuron[1].kind),
          a.neuron[1].serves);
    CHECK(neurons_serves(&a, W, 1, 0) && neurons_serves(&a, W, 1, 2) && !neurons_serves(&a, W, 1, 1),
          "neuron 1 serves features 0 and 2");
    CHECK(a.neuron[2].kind == NEURON_DEAD, "neuron 2: %s", neuron_kind_key(a.neuron[2].kind));
    CHECK(a.neuron[3].kind == NEURON_POLYSEMANTIC && a.neuron[3].asymmetric &&
              a.neuron[3].top == 0 && a.neuron[3].second == 2, "neuron 3 asymmetric");
    CHECK(a.count[NEURON_MONOSEMANTIC] == 1 && a.count[NEURON_POLYSEMANTIC] == 2 &&
              a.count[NEURON_DEAD] == 1 && a.asymmetric == 1 && a.mono_features == 1,
          "counts %d %d %d", a.count[0], a.count[1], a.count[2]);
    /* monosemantic, then polysemantic by share (0.8^2/1.13 = 0.57 before 1/1.16 = 0.86), dead */
    CHECK(a.order[0] == 0 && a.order[1] == 3 && a.order[2] == 1 && a.order[3] == 2,
          "order %d %d %d %d", a.order[0], a.order[1], a.order[2], a.order[3]);

    /* abs by hand: ReLU(x) and ReLU(-x) for feature 0, ReLU(x) alone for feature 1 */
    struct model *md = model_create_kind(2, 3, MODEL_RELU, MODEL_ABS);
    CHECK(md != NULL, "allocation");
    const float w1[2 * 3] = { 1, -1, 0, 0, 0, 1 }, w2[2 * 3] = { 1, 1, 0, 0, 0, 1 };
    memcpy(md->W, w1, sizeof w1);
    memcpy(md->W2, w2, sizeof w2);
    CHECK(neurons_abs_error(md, 0, false) < 1e-12 && neurons_abs_error(md, 0, true) < 1e-12,
          "feature 0 computed exactly");
    CHECK(neurons_abs_error(md, 1, false) < 1e-12 && fabs(neurons_abs_error(md, 1, true) - 1) < 1e-12,
          "feature 1 one-sided: %g", neurons_abs_error(md, 1, true));
    int one = -1;
    CHECK(neurons_abs_computed(md, &one) == 1 && one == 1, "computed 1, one-sided %d", one);
    model_destroy(md);
}

int main(void)
{
    const struct setup cases[] = {
        { MODEL_HIDDEN_RELU, 5, 2, 64, 0.3 },   { MODEL_HIDDEN_RELU, 10, 5, 128, 1.0 },
        { MODEL_HIDDEN_RELU, 10, 5, 512, 0.03 }, { MODEL_HIDDEN_RELU, 3, 4, 256, 0.1 },
        { MODEL_HIDDEN_RELU, 1, 1, 64, 0.5 },   { MODEL_HIDDEN_RELU, 40, 7, 128, 0.05 },
        { MODEL_ABS, 3, 6, 128, 1.0 },          { MODEL_ABS, 3, 6, 512, 0.1 },
        { MODEL_ABS, 8, 3, 256, 0.2 },          { MODEL_ABS, 20, 8, 256, 0.03 },
        { MODEL_ABS, 2, 3, 64, 1.0 },           { MODEL_ABS, 60, 24, 64, 0.03 },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        check_case(&cases[c], 300 + c);
    check_signed();
    check_analysis();
    printf("worst relative error: finite differences %.2g, sparse path %.2g\n", worst_fd,
           worst_fast);
    return check_result("test_neurons_grad");
}
