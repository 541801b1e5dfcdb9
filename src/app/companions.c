#include "companions.h"

#include <math.h>
#include <stdio.h>

#include "janitor.h"
#include "model_neurons.h"

void companions_stop(struct session_companions *x)
{
    worker_halt(x->worker);
    janitor_defer(x->janitor, worker_destroy_any, x->worker);
    for (int k = 0; k < WORKER_MAX_MODELS; k++) {
        worker_snapshot_finish(&x->snaps[k]);
        analysis_finish(&x->an[k]);
    }
    *x = (struct session_companions){ .kind = VIEW_TRAINS_NOTHING, .janitor = x->janitor };
}

/* Densities log-spaced from 1 to VIEW_SWEEP_DENSITY_MIN, every other setting the sliders'. */
static void plan_sweep(struct session_companions *x, struct worker_model *models, double density)
{
    (void)density;
    x->count = VIEW_SWEEP_MODELS;
    for (int k = 0; k < x->count; k++) {
        double d = pow(VIEW_SWEEP_DENSITY_MIN, (double)k / (x->count - 1));
        x->density[k] = d;
        models[k] = (struct worker_model){ .density = d, .act = WORKER_ACT_SLIDER };
        snprintf(x->caption[k], sizeof x->caption[k], "density %.2g", d);
    }
}

/* Same seed and settings, one linear and one ReLU. */
static void plan_compare(struct session_companions *x, struct worker_model *models,
                         double density)
{
    x->count = 2;
    models[0] = (struct worker_model){ .density = 0, .act = MODEL_LINEAR };
    models[1] = (struct worker_model){ .density = 0, .act = MODEL_RELU };
    x->density[0] = x->density[1] = density;
    snprintf(x->caption[0], sizeof x->caption[0], "linear: x' = W^T W x + b");
    snprintf(x->caption[1], sizeof x->caption[1], "ReLU: x' = ReLU(W^T W x + b)");
}

/* The companion models of each kind; NULL: none on the training thread. */
static void (*const plans[VIEW_TRAINS_COUNT])(struct session_companions *, struct worker_model *,
                                             double) = {
    [VIEW_TRAINS_SWEEP] = plan_sweep,
    [VIEW_TRAINS_COMPARE] = plan_compare,
};

/* Starts the models of this kind (keeping them when the view changes between two views that
 * train the same, as the sweep and the dimensionality view). */
bool companions_start(struct session_companions *x, enum view_trains kind,
                      const struct trainer_desc *d, const struct worker_settings *settings,
                      int capacity)
{
    if (x->kind == kind)
        return true;
    companions_stop(x);
    if (!plans[kind])
        return true;
    struct worker_model models[WORKER_MAX_MODELS];
    plans[kind](x, models, settings->density);
    for (int k = 0; k < x->count; k++)
        if (!worker_snapshot_init(&x->snaps[k], capacity, d->hidden) ||
            !analysis_init(&x->an[k], capacity))
            goto fail;
    x->worker = worker_create_models(d, settings, capacity, x->count, models);
    if (!x->worker)
        goto fail;
    x->kind = kind;
    return true;
fail:
    companions_stop(x);
    return false;
}

/* Companion k's newest weights and their analysis; returns the products that took. */
static double refresh(struct session_companions *x, int k)
{
    const struct worker_snapshot *sn = &x->snaps[k];
    worker_take_model(x->worker, k, &x->snaps[k]);
    analysis_compute(&x->an[k], sn->W, sn->n, sn->m);
    x->models[k] = (struct view_model){
        .W = sn->W, .b = sn->b, .n = sn->n, .m = sn->m, .an = &x->an[k],
        .loss = sn->loss_avg, .density = x->density[k], .act = sn->settings.act,
        .caption = x->caption[k], .kind = sn->kind,
        .W2 = sn->kind == MODEL_ABS ? sn->W2 : NULL,
    };
    return 0.5 * (double)sn->n * sn->n * sn->m;
}

/* The analysis is O(n^2 m) a model: small models are refreshed every frame, large ones in
 * turn within WORK_PER_FRAME products a frame (at least one model; each model at least once
 * from its start), each drawn from its last refresh meanwhile (at n = 400, m = 30 one a
 * frame: each of the sweep's 12 five times a second). */
#define WORK_PER_FRAME 3e6

bool companions_take(struct session_companions *x)
{
    double work = 0;
    if (x->worker && worker_failed(x->worker))
        return false;
    for (int k = 0; x->worker && k < x->count; k++)
        if (!x->models[k].an)
            work += refresh(x, k);
    for (int done = 0; x->worker && done < x->count && (done == 0 || work < WORK_PER_FRAME);
         done++) {
        work += refresh(x, x->next);
        x->next = (x->next + 1) % x->count;
    }
    return true;
}
