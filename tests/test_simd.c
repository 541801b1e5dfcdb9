/* The dense batches and the lanes path at every SIMD level the machine offers: each level's
 * gradient against the dense double reference on the same batch, every level's batch, loss and
 * gradient bit for bit the baseline's, and the generator's rates. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* The batch of seed at `level`, dense; false (and a check failure) when it is not. */
static bool dense_batch(struct batch *bt, const struct setup *s, enum simd_level level,
                        uint64_t seed)
{
    struct rng r;
    rng_seed(&r, seed);
    CHECK(batch_init(bt, s->batch, s->n) && batch_allow_dense(bt, level, 0.0), "allocation");
    CHECK(batch_generate(bt, &r, s->density) && bt->is_dense,
          "n=%d density %g: no dense batch at %s", s->n, s->density, simd_level_name(level));
    return bt->is_dense;
}

static void check_case(const struct setup *s, uint64_t seed)
{
    const size_t count = model_param_count(s->n, s->m);
    double *g_base = malloc(count * sizeof *g_base);
    struct model *md = model_create(s->n, s->m, s->act);
    struct gradref g = { 0 };
    CHECK(g_base && md && gradref_init(&g, md, count, s->n, s->batch, 0.8), "allocation");
    struct rng r;
    rng_seed(&r, seed ^ 0xabcdef);
    gradref_model(md, &r, s->n);
    for (size_t k = 0; k < count; k++)
        g.p[k] = md->params[k];

    struct batch base;
    if (!dense_batch(&base, s, SIMD_BASELINE, seed))
        goto out;
    const size_t stored = (size_t)s->n * base.dense_stride;
    double base_loss = 0.0;
    for (int level = SIMD_BASELINE; level <= (int)simd_hardware(); level++) {
        struct batch bt;
        if (!dense_batch(&bt, s, (enum simd_level)level, seed)) {
            batch_finish(&bt);
            continue;
        }
        CHECK(memcmp(bt.dense, base.dense, stored * sizeof *bt.dense) == 0,
              "n=%d: the %s batch differs from the baseline's", s->n, simd_level_name(level));
        for (int i = 0; i < s->n; i++)
            for (int k = s->batch; k < bt.dense_stride; k++)
                CHECK(bt.dense[(size_t)i * bt.dense_stride + k] == 0.0f, "padding not zero");
        batch_to_dense(&bt, g.x);
        const double loss =
            model_ref_loss_grad(s->n, s->m, s->act, g.p, g.imp, s->batch, g.x, g.g_ref);
        md->simd = (enum simd_level)level;
        char what[96];
        snprintf(what, sizeof what, "n=%d m=%d density %g %s at %s", s->n, s->m, s->density,
                 model_activation_key(s->act), simd_level_name(level));
        double fast;
        gradref_check_fast(&g, md, &bt, s->density, loss, &fast, what);
        if (level == SIMD_BASELINE) {
            base_loss = fast;
            memcpy(g_base, g.g, count * sizeof *g_base);
        }
        CHECK(fast == base_loss && memcmp(g.g, g_base, count * sizeof *g_base) == 0,
              "n=%d m=%d: %s's loss or gradient is not the baseline's bit for bit", s->n, s->m,
              simd_level_name(level));
        batch_finish(&bt);
    }
    batch_finish(&base);
out:
    model_destroy(md);
    gradref_finish(&g);
    free(g_base);
}

/* Rates over many batches: every feature active with probability `density`, values uniform
 * in [0, 1) (mean 1/2, mean square 1/3), each within 5 standard deviations. */
static void check_rates(int n, double density, enum simd_level level)
{
    const int size = 4000, batches = 50;
    struct batch bt;
    struct rng r;
    rng_seed(&r, 7);
    CHECK(batch_init(&bt, size, n) && batch_allow_dense(&bt, level, 0.0), "allocation");
    double *on = calloc((size_t)n, sizeof *on), sum = 0.0, sum2 = 0.0, active = 0.0;
    for (int k = 0; k < batches; k++) {
        CHECK(batch_generate(&bt, &r, density) && bt.is_dense, "dense batch");
        for (int i = 0; i < n; i++)
            for (int s = 0; s < size; s++) {
                const float v = bt.dense[(size_t)i * bt.dense_stride + s];
                CHECK(v >= 0.0f && v < 1.0f, "value %g outside [0, 1)", v);
                on[i] += v > 0.0f;
                sum += v;
                sum2 += (double)v * v;
            }
    }
    const double per = (double)size * batches;
    for (int i = 0; i < n; i++) {
        active += on[i];
        const double sd = sqrt(density * (1 - density) / per);
        CHECK(fabs(on[i] / per - density) <= 5 * sd + 1e-12,
              "feature %d active at rate %.5f, want %g (sd %.2g)", i, on[i] / per, density, sd);
    }
    const double mean = sum / active, sq = sum2 / active, sd = sqrt(1.0 / 12.0 / active);
    CHECK(fabs(mean - 0.5) <= 5 * sd, "mean value %.5f, want 0.5 (sd %.2g)", mean, sd);
    CHECK(fabs(sq - 1.0 / 3.0) <= 5 * sqrt(4.0 / 45.0 / active), "mean square %.5f", sq);
    printf("%s n=%d density %g: active rate %.5f, mean value %.5f\n", simd_level_name(level), n,
           density, active / (per * n), mean);
    free(on);
    batch_finish(&bt);
}

int main(void)
{
    printf("hardware SIMD level: %s\n", simd_level_name(simd_hardware()));
    const struct setup cases[] = {
        { 5, 2, 1024, 1.0, MODEL_RELU },   { 5, 2, 1024, 1.0, MODEL_LINEAR },
        { 5, 2, 100, 0.5, MODEL_RELU },    { 20, 5, 1000, 0.05, MODEL_RELU },
        { 20, 5, 256, 0.3, MODEL_LINEAR }, { 32, 32, 64, 0.3, MODEL_RELU },
        { 3, 9, 48, 1.0, MODEL_RELU },     { 1, 1, 17, 1.0, MODEL_RELU },
        { 8, 3, 1024, 0.25, MODEL_RELU },  { 12, 8, 333, 0.1, MODEL_RELU },
        { 2, 1, 2048, 1.0, MODEL_LINEAR }, { 30, 12, 160, 0.02, MODEL_RELU },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        check_case(&cases[c], 300 + c);
    for (int level = SIMD_BASELINE; level <= (int)simd_hardware(); level++) {
        check_rates(5, 1.0, (enum simd_level)level);
        check_rates(7, 0.3, (enum simd_level)level);
    }
    /* the same seed draws the same batch, another seed another */
    struct setup s = { 5, 2, 64, 0.5, MODEL_RELU };
    struct batch a, b, c;
    const bool made_a = dense_batch(&a, &s, simd_hardware(), 1);   /* all three, whatever */
    const bool made_b = dense_batch(&b, &s, simd_hardware(), 1);   /* fails: each is finished */
    const bool made_c = dense_batch(&c, &s, simd_hardware(), 2);
    if (made_a && made_b && made_c) {
        const size_t bytes = (size_t)s.n * a.dense_stride * sizeof *a.dense;
        CHECK(memcmp(a.dense, b.dense, bytes) == 0, "seed 1 twice: batches differ");
        CHECK(memcmp(a.dense, c.dense, bytes) != 0, "seeds 1 and 2: the same batch");
    }
    batch_finish(&a);
    batch_finish(&b);
    batch_finish(&c);
    return check_result("test_simd");
}
