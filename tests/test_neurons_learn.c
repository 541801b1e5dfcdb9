/* What the recipe teaches the models with neurons, as docs/science.md measured it (8 seeds
 * each there; 4 here, each on the seeds' own numbers with a margin):
 *   hidden-relu, n = 10, m = 5, importance 0.75^i: dense, the neurons line up with the most
 *   important features (20 of 20 neurons monosemantic on seeds 0-3, each for a feature among
 *   0-4); at density 0.03 they are polysemantic (1 of 20 monosemantic);
 *   abs, n = 3, m = 6, uniform importance, dense: the exact solution, two monosemantic neurons
 *   per feature with opposite signs, ReLU(x) and ReLU(-x) (seeds 0-2; seed 3 computes 2 of 3). */
#include <math.h>

#include "check.h"
#include "model_neurons.h"
#include "neurons.h"
#include "parallel.h"
#include "trainer.h"

#define SEEDS 4

struct job {
    struct trainer_desc d;
    struct trainer *t;
};

static void train(void *ctx, int k)
{
    struct job *j = (struct job *)ctx + k;
    j->t = trainer_create(&j->d);
    for (long s = 0; j->t && s < TRAINER_DEFAULT_STEPS; s++)
        if (!trainer_step(j->t))
            break;
}

static void run(struct job *jobs, enum model_kind kind, int n, int m, double density, double decay)
{
    for (int k = 0; k < SEEDS; k++) {
        jobs[k].d = TRAINER_DESC_DEFAULT;
        jobs[k].d.kind = kind;
        jobs[k].d.features = n;
        jobs[k].d.hidden = m;
        jobs[k].d.density = density;
        jobs[k].d.decay = decay;
        jobs[k].d.seed = (uint64_t)k;
    }
    parallel_for(SEEDS, 2, train, jobs);
    for (int k = 0; k < SEEDS; k++)
        CHECK(jobs[k].t && trainer_steps(jobs[k].t) == TRAINER_DEFAULT_STEPS,
              "seed %d did not train", k);
}

static void finish(struct job *jobs)
{
    for (int k = 0; k < SEEDS; k++)
        trainer_destroy(jobs[k].t);
}

static void hidden_relu(double density, int *mono, int *top_ok)
{
    struct job jobs[SEEDS];
    run(jobs, MODEL_HIDDEN_RELU, 10, 5, density, 0.75);
    *mono = *top_ok = 0;
    for (int k = 0; k < SEEDS && jobs[k].t; k++) {
        const struct model *md = trainer_model(jobs[k].t);
        struct neurons a;
        neurons_compute(&a, md->W, md->n, md->m);
        *mono += a.count[NEURON_MONOSEMANTIC];
        for (int d = 0; d < md->m; d++)
            *top_ok += a.neuron[d].kind == NEURON_MONOSEMANTIC && a.neuron[d].top < 5;
    }
    finish(jobs);
}

/* Every feature computed on both signs by exactly two monosemantic neurons of opposite sign. */
static bool exact_abs(const struct model *md, const struct neurons *a)
{
    int one;
    if (neurons_abs_computed(md, &one) != md->n || a->count[NEURON_MONOSEMANTIC] != md->m)
        return false;
    for (int i = 0; i < md->n; i++) {
        int pos = 0, neg = 0;
        for (int d = 0; d < md->m; d++) {
            if (a->neuron[d].top != i)
                continue;
            pos += md->W[(size_t)i * md->m + d] > 0.0f;
            neg += md->W[(size_t)i * md->m + d] < 0.0f;
        }
        if (pos != 1 || neg != 1)
            return false;
    }
    return true;
}

int main(void)
{
    int mono, top_ok;
    hidden_relu(1.0, &mono, &top_ok);
    printf("hidden-relu dense: %d of %d neurons monosemantic, %d for features 0-4\n", mono,
           5 * SEEDS, top_ok);
    CHECK(mono >= 16, "dense: %d of 20 monosemantic (measured 20)", mono);
    CHECK(top_ok == mono, "dense: %d of %d monosemantic neurons serve a feature among 0-4",
          top_ok, mono);
    hidden_relu(0.03, &mono, &top_ok);
    printf("hidden-relu density 0.03: %d of %d neurons monosemantic\n", mono, 5 * SEEDS);
    CHECK(mono <= 4, "density 0.03: %d of 20 monosemantic (measured 1)", mono);

    struct job jobs[SEEDS];
    run(jobs, MODEL_ABS, 3, 6, 1.0, 1.0);
    int exact = 0;
    for (int k = 0; k < SEEDS && jobs[k].t; k++) {
        const struct model *md = trainer_model(jobs[k].t);
        struct neurons a;
        neurons_compute(&a, md->W, md->n, md->m);
        exact += exact_abs(md, &a);
    }
    finish(jobs);
    printf("abs n = 3, m = 6, dense: the exact solution in %d of %d seeds\n", exact, SEEDS);
    CHECK(exact >= 2, "abs dense: exact in %d of 4 seeds (measured 3)", exact);
    return check_result("test_neurons_learn");
}
