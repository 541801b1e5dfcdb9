/* AdamW against two steps worked by hand (PyTorch's torch.optim.AdamW, lr 1e-3, wd 0.01).
 * Parameter 1.0 with gradients 0.5 then -0.25:
 *   step 1: p = 1 (1 - 1e-5) = 0.99999; m = 0.05; v = 0.00025; m^ = 0.5, v^ = 0.25;
 *           p -= (1e-3 / 0.1) * 0.05 / (0.5 + 1e-8)                     -> 0.99899000002
 *   step 2: p *= 1 - 1e-5; m = 0.045 - 0.025 = 0.02; v = 0.00024975 + 0.0000625 = 0.00031225;
 *           p -= (1e-3 / 0.19) * 0.02 / (sqrt(0.00031225 / 0.001999) + 1e-8) -> 0.998713673087
 * Parameter -0.3 with gradient -2 twice: each step moves it by almost exactly +lr:
 *           -0.298997000005, then -0.29799401004. */
#include <math.h>
#include <string.h>

#include "adamw.h"
#include "check.h"
#include "rng.h"

/* Every SIMD level's step gives the baseline's bits: 37 parameters (vectors of 8 and a tail),
 * gradients of both signs over six orders of magnitude, 20 steps. */
static void check_levels(void)
{
    enum { COUNT = 37, STEPS = 20 };
    float base[COUNT], p[COUNT];
    double g[STEPS][COUNT];
    struct rng r;
    rng_seed(&r, 11);
    for (int k = 0; k < COUNT; k++)
        base[k] = (float)(rng_uniformf(&r) - 0.5);
    for (int s = 0; s < STEPS; s++)
        for (int k = 0; k < COUNT; k++)
            g[s][k] = (rng_uniformf(&r) - 0.5) * pow(10.0, -6.0 * rng_uniformf(&r));
    struct adamw ref;
    CHECK(adamw_init(&ref, COUNT, ADAMW_RECIPE_LR), "allocation");
    ref.simd = SIMD_BASELINE;
    for (int s = 0; s < STEPS; s++)
        adamw_step(&ref, base, g[s]);
    for (int level = SIMD_BASELINE + 1; level <= (int)simd_hardware(); level++) {
        struct adamw opt;
        CHECK(adamw_init(&opt, COUNT, ADAMW_RECIPE_LR), "allocation");
        opt.simd = (enum simd_level)level;
        rng_seed(&r, 11);
        for (int k = 0; k < COUNT; k++)
            p[k] = (float)(rng_uniformf(&r) - 0.5);
        for (int s = 0; s < STEPS; s++)
            adamw_step(&opt, p, g[s]);
        CHECK(memcmp(p, base, sizeof p) == 0 &&
              memcmp(opt.m1, ref.m1, sizeof p) == 0 && memcmp(opt.m2, ref.m2, sizeof p) == 0,
              "%s: parameters or moments differ from the baseline's", simd_level_name(level));
        CHECK(p[0] != 0.0f, "parameters moved");
        adamw_finish(&opt);
    }
    adamw_finish(&ref);
}

int main(void)
{
    struct adamw opt;
    CHECK(adamw_init(&opt, 2, ADAMW_RECIPE_LR), "allocation");
    CHECK(opt.beta1 == 0.9 && opt.beta2 == 0.999 && opt.eps == 1e-8 && opt.weight_decay == 0.01,
          "recipe constants");
    float p[2] = { 1.0f, -0.3f };
    const double g1[2] = { 0.5, -2.0 }, g2[2] = { -0.25, -2.0 };
    const double want1[2] = { 0.99899000002, -0.298997000005 };
    const double want2[2] = { 0.9987136730870784, -0.29799401004 };
    adamw_step(&opt, p, g1);
    for (int k = 0; k < 2; k++)
        CHECK(fabs(p[k] - want1[k]) < 2e-7, "step 1, parameter %d: %.9f, want %.9f", k, p[k], want1[k]);
    CHECK(fabs(opt.m1[0] - 0.05) < 1e-8 && fabs(opt.m2[0] - 0.00025) < 1e-10, "moments after step 1");
    adamw_step(&opt, p, g2);
    for (int k = 0; k < 2; k++)
        CHECK(fabs(p[k] - want2[k]) < 2e-7, "step 2, parameter %d: %.9f, want %.9f", k, p[k], want2[k]);
    CHECK(fabs(opt.m1[0] - 0.02) < 1e-8 && fabs(opt.m2[0] - 0.00031225) < 1e-10, "moments after step 2");
    adamw_reset(&opt);
    CHECK(opt.step == 0 && opt.m1[1] == 0.0f && opt.m2[1] == 0.0f, "reset clears the state");
    adamw_finish(&opt);
    check_levels();
    return check_result("test_adamw");
}
