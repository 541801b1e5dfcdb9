/* The n = 2, m = 1 phase diagram: closed-form losses against a Monte Carlo of the model at the
 * same weights, the boundaries, classification of known weights, and the real trainer's
 * diagram on a coarse grid against the theory. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "model.h"
#include "phase.h"
#include "rng.h"
#include "trainer.h"

#define CHUNK 1000

/* Loss of the model at these weights and biases, summed over the two features, by Monte
 * Carlo with the reference (dense, double) model; *se gets its standard error from the
 * spread of the chunk means. */
static double monte_carlo(const double params[4], double r, double s, int chunks, uint64_t seed,
                          double *se)
{
    struct rng g;
    rng_seed(&g, seed);
    const double imp[2] = { 1.0, r };
    double x[2 * CHUNK], sum = 0.0, sum2 = 0.0;
    for (int c = 0; c < chunks; c++) {
        for (int k = 0; k < 2 * CHUNK; k++)
            x[k] = rng_uniformf(&g) < s ? rng_uniformf(&g) : 0.0;
        /* the reference averages over features: x 2 for the sum */
        double l = 2.0 * model_ref_loss_grad(2, 1, MODEL_RELU, params, imp, CHUNK, x, NULL);
        sum += l;
        sum2 += l * l;
    }
    double mean = sum / chunks;
    *se = sqrt(fmax(sum2 / chunks - mean * mean, 0.0) / chunks);
    return mean;
}

static void check_closed_forms(void)
{
    const double rs[] = { 0.3, 1.0, 4.0 }, ss[] = { 0.1, 0.4, 1.0 };
    uint64_t seed = 1;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            const double r = rs[i], s = ss[j];
            /* W, then b: each solution at the biases the closed forms assume (phase.c) */
            const double at[3][4] = {
                { 1.0, 0.0, 0.0, s / 2.0 },   /* dropped feature 1 outputs its mean */
                { 0.0, 1.0, s / 2.0, 0.0 },
                { 1.0, -1.0, 0.0, 0.0 },
            };
            for (int p = 0; p < 3; p++) {
                double se, mc = monte_carlo(at[p], r, s, 400, seed++, &se);
                double cf = phase_loss(p, r, s);
                CHECK(fabs(mc - cf) < 4.0 * se + 1e-9, "%s at r %g s %g: closed form %.5f, "
                      "Monte Carlo %.5f +- %.5f", phase_name(p), r, s, cf, mc, se);
            }
            /* s/2 is the dropped feature's best bias: moving it costs r * delta^2 */
            double se, moved = monte_carlo((double[]){ 1.0, 0.0, 0.0, s / 2.0 + 0.1 }, r, s,
                                           400, seed++, &se);
            double want = phase_loss(PHASE_DROPPED, r, s) + r * 0.01;
            CHECK(fabs(moved - want) < 4.0 * se + 1e-9, "bias s/2 + 0.1 at r %g s %g: %.5f, want "
                  "%.5f", r, s, moved, want);
        }
}

static void check_theory(void)
{
    CHECK(phase_theory(0.5, 0.9) == PHASE_DROPPED, "dense, r < 1");
    CHECK(phase_theory(2.0, 0.9) == PHASE_TAKES, "dense, r > 1");
    CHECK(phase_theory(0.5, 0.02) == PHASE_ANTIPODAL, "sparse, r < 1");
    CHECK(phase_theory(5.0, 0.02) == PHASE_ANTIPODAL, "sparse, r > 1");
    CHECK(phase_theory(0.1, 0.5) == PHASE_DROPPED, "r = 0.1 never worth superposing at s = 0.5");
    for (double r = 0.1; r < 10.0; r *= 1.37) {
        double sb = phase_antipodal_boundary(r);
        enum phase_kind other = r <= 1.0 ? PHASE_DROPPED : PHASE_TAKES;
        double la = phase_loss(PHASE_ANTIPODAL, r, sb), lo = phase_loss(other, r, sb);
        CHECK(fabs(la - lo) < 1e-12 * (1.0 + lo), "r %g: losses at the boundary %g vs %g", r, la,
              lo);
        CHECK(phase_theory(r, sb * 0.95) == PHASE_ANTIPODAL && phase_theory(r, sb * 1.05) == other,
              "r %g: phases either side of s = %g", r, sb);
        CHECK(fabs(phase_antipodal_boundary(1.0 / r) - sb) < 1e-12, "symmetry r -> 1/r at %g", r);
        CHECK(phase_theory_margin(r, sb) < 1e-9, "margin on the boundary at r %g", r);
    }
    CHECK(fabs(phase_antipodal_boundary(1.0) - 4.0 / 7.0) < 1e-12, "triple point at s = 4/7");
    CHECK(phase_theory_margin(0.5, 0.01) > 0.9, "deep in the antipodal phase");
}

static void check_classify(void)
{
    const struct {
        float W[2];
        enum phase_kind want;
    } cases[] = {
        { { 1.0f, 0.0f }, PHASE_DROPPED },
        { { -1.0f, 0.03f }, PHASE_DROPPED },
        { { 1.08f, 0.35f }, PHASE_DROPPED },   /* the same-sign local minimum near r = 1 */
        { { 0.0f, 1.0f }, PHASE_TAKES },
        { { 0.02f, -1.1f }, PHASE_TAKES },
        { { 1.0f, -1.0f }, PHASE_ANTIPODAL },
        { { -0.9f, 0.95f }, PHASE_ANTIPODAL },
        { { -1.0f, 0.6f }, PHASE_ANTIPODAL },
        { { 1.0f, 1.0f }, PHASE_OTHER },       /* same sign: a ReLU cannot decode either */
        { { 0.1f, -0.1f }, PHASE_OTHER },      /* nothing learned */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        CHECK(phase_classify(cases[k].W) == cases[k].want, "W = [%g, %g]: %s, want %s",
              cases[k].W[0], cases[k].W[1], phase_name(phase_classify(cases[k].W)),
              phase_name(cases[k].want));
}

static void check_grid(void)
{
    struct phase_grid g = PHASE_GRID_DEFAULT;
    CHECK(g.cols >= 20 && g.rows >= 20, "at least 20 x 20");
    CHECK(fabs(phase_grid_r(&g, 0) - 0.1) < 1e-12 && fabs(phase_grid_r(&g, g.cols) - 10.0) < 1e-9,
          "r spans 0.1..10");
    CHECK(fabs(phase_grid_s(&g, 0) - 0.01) < 1e-12 && fabs(phase_grid_s(&g, g.rows) - 1.0) < 1e-9,
          "s spans 0.01..1");
    CHECK(fabs(phase_grid_r(&g, g.cols / 2.0) - 1.0) < 1e-12, "r = 1 in the middle (log axis)");
    for (double x = 0.0; x <= 20.0; x += 2.5)
        CHECK(fabs(phase_grid_col(&g, phase_grid_r(&g, x)) - x) < 1e-9 &&
              fabs(phase_grid_row(&g, phase_grid_s(&g, x)) - x) < 1e-9, "round trip at %g", x);
}

static void check_importance(void)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.features = 2;
    d.hidden = 1;
    struct trainer *t = trainer_create(&d);
    trainer_set_importance(t, (const float[]){ 1.0f, 3.5f });
    CHECK(trainer_importance(t)[0] == 1.0f && trainer_importance(t)[1] == 3.5f, "set importance");
    trainer_set_decay(t, 0.5);
    CHECK(trainer_importance(t)[1] == 0.5f, "decay refills the importances");
    trainer_destroy(t);
}

/* The real trainer on an 8 x 8 grid: the learned phase is the theory's in >= 90% of the cells
 * away from the boundaries, and where a cell learned the theory's solution its loss is not
 * above the closed form (the learned norms and biases can only improve on it). */
static void check_trained(void)
{
    struct phase_grid g = PHASE_GRID_DEFAULT;
    g.cols = g.rows = 8;
    struct phase_train pt = PHASE_TRAIN_DEFAULT;
    pt.eval_samples = 1 << 18;
    struct phase_diagram pd;
    CHECK(phase_diagram_init(&pd, &g, &pt), "init");
    CHECK(phase_diagram_train_all(&pd, 0), "every cell trained");
    int agree, counted;
    double f = phase_diagram_agreement(&pd, &agree, &counted);
    printf("8 x 8: learned = theory in %d of %d cells away from the boundaries (%.0f%%)\n", agree,
           counted, 100.0 * f);
    CHECK(counted >= 30, "only %d cells away from the boundaries", counted);
    CHECK(f >= 0.9, "agreement %.3f", f);
    int seen[PHASE_COUNT] = { 0 };
    for (int k = 0; k < g.cols * g.rows; k++) {
        const struct phase_cell *c = &pd.cells[k];
        seen[c->learned]++;
        /* sparse cells have too few two-active samples for a tight estimate */
        if (c->learned == c->theory && c->s > 0.05)
            CHECK(c->loss < 1.1 * phase_loss(c->theory, c->r, c->s), "r %.2f s %.3f: learned "
                  "loss %.5f above the closed form %.5f", c->r, c->s, c->loss,
                  phase_loss(c->theory, c->r, c->s));
    }
    CHECK(seen[PHASE_DROPPED] && seen[PHASE_TAKES] && seen[PHASE_ANTIPODAL],
          "all three phases learned somewhere (%d, %d, %d)", seen[0], seen[1], seen[2]);
    phase_diagram_finish(&pd);
}

int main(void)
{
    check_closed_forms();
    check_theory();
    check_classify();
    check_grid();
    check_importance();
    check_trained();
    return check_result("test_phase");
}
