#include "adamw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bool adamw_init(struct adamw *opt, size_t count, double lr)
{
    memset(opt, 0, sizeof *opt);
    opt->count = count;
    opt->lr = lr;
    opt->beta1 = 0.9;
    opt->beta2 = 0.999;
    opt->eps = 1e-8;
    opt->weight_decay = 0.01;
    opt->beta1_t = opt->beta2_t = 1.0;
    opt->simd = simd_detect();
    opt->m1 = calloc(count ? count : 1, sizeof *opt->m1);
    opt->m2 = calloc(count ? count : 1, sizeof *opt->m2);
    if (!opt->m1 || !opt->m2) {
        adamw_finish(opt);
        return false;
    }
    return true;
}

void adamw_finish(struct adamw *opt)
{
    if (!opt)
        return;
    free(opt->m1);
    free(opt->m2);
    opt->m1 = opt->m2 = NULL;
}

void adamw_reset(struct adamw *opt)
{
    memset(opt->m1, 0, opt->count * sizeof *opt->m1);
    memset(opt->m2, 0, opt->count * sizeof *opt->m2);
    opt->step = 0;
    opt->beta1_t = opt->beta2_t = 1.0;
}

/* The step's constants, as the scalar code would use them. */
struct step_consts {
    double b1, b2, bc2_sqrt, step_size, eps;
    float decay;
};

static inline __attribute__((always_inline)) float
step_one(const struct step_consts *k, float *m1p, float *m2p, float param, double g)
{
    const float m1 = *m1p = (float)(k->b1 * *m1p + (1.0 - k->b1) * g);
    const float m2 = *m2p = (float)(k->b2 * *m2p + (1.0 - k->b2) * g * g);
    const double denom = sqrt((double)m2) / k->bc2_sqrt + k->eps;
    return (float)(param * k->decay - k->step_size * m1 / denom);
}

/* Eight parameters per vector, the same operations in the same order as step_one (double
 * arithmetic and float roundings are exact per element, so the bits are the scalar ones). */
typedef double d8 __attribute__((vector_size(64)));
typedef float f8 __attribute__((vector_size(32)));

static inline __attribute__((always_inline)) void
step_body(const struct step_consts *k, float *m1, float *m2, float *params, const double *grad,
          size_t count)
{
    const d8 b1 = (d8){ 0 } + k->b1, b2 = (d8){ 0 } + k->b2, one = (d8){ 0 } + 1.0;
    const d8 bc2 = (d8){ 0 } + k->bc2_sqrt, eps = (d8){ 0 } + k->eps;
    const d8 size = (d8){ 0 } + k->step_size;
    const f8 decay = (f8){ 0 } + k->decay;
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        d8 g;
        f8 a, b, p;
        memcpy(&g, grad + i, sizeof g);
        memcpy(&a, m1 + i, sizeof a);
        memcpy(&b, m2 + i, sizeof b);
        memcpy(&p, params + i, sizeof p);
        a = __builtin_convertvector(b1 * __builtin_convertvector(a, d8) + (one - b1) * g, f8);
        b = __builtin_convertvector(b2 * __builtin_convertvector(b, d8) + (one - b2) * g * g, f8);
        d8 root;
        const d8 bd = __builtin_convertvector(b, d8);
        for (int l = 0; l < 8; l++) /* sqrt per lane: the compiler makes it one instruction */
            root[l] = __builtin_sqrt(bd[l]);
        const d8 denom = root / bc2 + eps;
        const f8 pd = p * decay;
        p = __builtin_convertvector(__builtin_convertvector(pd, d8) -
                                        size * __builtin_convertvector(a, d8) / denom, f8);
        memcpy(m1 + i, &a, sizeof a);
        memcpy(m2 + i, &b, sizeof b);
        memcpy(params + i, &p, sizeof p);
    }
    for (; i < count; i++)
        params[i] = step_one(k, m1 + i, m2 + i, params[i], grad[i]);
}

static void step_baseline(const struct step_consts *k, float *m1, float *m2, float *params,
                          const double *grad, size_t count)
{
    for (size_t i = 0; i < count; i++)
        params[i] = step_one(k, m1 + i, m2 + i, params[i], grad[i]);
}

#if defined(__x86_64__) && defined(__GNUC__)
/* GCC inlines sqrt (the same correctly rounded value) once errno need not be set; clang does
 * without being asked and knows no optimize attribute. */
#ifdef __clang__
#define NO_MATH_ERRNO
#else
#define NO_MATH_ERRNO , optimize("no-math-errno")
#endif
__attribute__((target("avx2,fma") NO_MATH_ERRNO)) static void
step_avx2(const struct step_consts *k, float *m1, float *m2, float *params, const double *grad,
          size_t count)
{
    step_body(k, m1, m2, params, grad, count);
}

__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl") NO_MATH_ERRNO)) static void
step_avx512(const struct step_consts *k, float *m1, float *m2, float *params,
            const double *grad, size_t count)
{
    step_body(k, m1, m2, params, grad, count);
}
#define HAVE_X86_LEVELS 1
#endif

typedef void step_fn(const struct step_consts *, float *, float *, float *, const double *,
                     size_t);

static step_fn *const steps[SIMD_LEVEL_COUNT] = {
    [SIMD_BASELINE] = step_baseline,
#ifdef HAVE_X86_LEVELS
    [SIMD_AVX2] = step_avx2,
    [SIMD_AVX512] = step_avx512,
#endif
};

void adamw_step(struct adamw *opt, float *params, const double *grad)
{
    opt->step++;
    opt->beta1_t *= opt->beta1;
    opt->beta2_t *= opt->beta2;
    const struct step_consts k = {
        .b1 = opt->beta1, .b2 = opt->beta2, .bc2_sqrt = sqrt(1.0 - opt->beta2_t),
        .step_size = opt->lr / (1.0 - opt->beta1_t), .eps = opt->eps,
        .decay = (float)(1.0 - opt->lr * opt->weight_decay),
    };
    step_fn *fn = opt->simd >= 0 && opt->simd < SIMD_LEVEL_COUNT && steps[opt->simd]
                      ? steps[opt->simd] : step_baseline;
    fn(&k, opt->m1, opt->m2, params, grad, opt->count);
}
