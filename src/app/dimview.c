#include "dimview.h"

#include <stdlib.h>
#include <string.h>

#include "janitor.h"

void dimview_finish(struct dimview *v)
{
    /* the join waits for a block of samples or a trainer being made: off the main thread */
    dimsweep_halt(v->pool);
    janitor_defer(v->janitor, dimsweep_destroy_any, v->pool);
    for (int k = 0; v->an && k < v->desc.count; k++)
        analysis_finish(&v->an[k]);
    dimsweep_models_free(v->models, v->desc.count);
    free(v->models);
    free(v->an);
    free(v->analysed);
    free(v->density);
    free(v->shown);
    *v = (struct dimview){ .janitor = v->janitor };
}

/* The same experiment: the pool's settings with the defaults filled in as dimsweep fills them. */
static bool same(const struct dimsweep_desc *a, const struct dimsweep_desc *b)
{
    const struct trainer_desc *x = &a->model, *y = &b->model;
    return x->features == y->features && x->hidden == y->hidden && x->decay == y->decay &&
           x->lr == y->lr && x->batch == y->batch && x->act == y->act && x->seed == y->seed &&
           memcmp(&x->sets, &y->sets, sizeof x->sets) == 0 &&
           (b->count ? b->count : DIMSWEEP_MODELS) == a->count &&
           (b->steps ? b->steps : TRAINER_DEFAULT_STEPS) == a->steps &&
           (b->from > 0 ? b->from : DIMSWEEP_FROM) == a->from &&
           (b->to > 0 ? b->to : DIMSWEEP_TO) == a->to;
}

bool dimview_run(struct dimview *v, const struct dimsweep_desc *desc)
{
    if (v->pool && same(&v->desc, desc)) {
        dimsweep_pause(v->pool, false);
        return true;
    }
    dimview_finish(v);
    struct dimsweep *pool = dimsweep_create(desc);
    if (!pool)
        return false;
    v->pool = pool;
    v->desc = *dimsweep_settings(pool);
    const int count = v->desc.count;
    v->models = calloc((size_t)count, sizeof *v->models);
    v->an = calloc((size_t)count, sizeof *v->an);
    v->analysed = calloc((size_t)count, sizeof *v->analysed);
    v->density = calloc((size_t)count, sizeof *v->density);
    v->shown = calloc((size_t)count, sizeof *v->shown);
    bool ok = v->models && v->an && v->analysed && v->density && v->shown;
    for (int k = 0; ok && k < count; k++)
        ok = analysis_init(&v->an[k], v->desc.model.features);
    if (!ok)
        dimview_finish(v);
    return ok;
}

void dimview_pause(struct dimview *v, bool paused)
{
    if (v->pool)
        dimsweep_pause(v->pool, paused);
}

int dimview_update(struct dimview *v)
{
    if (!v->pool)
        return 0;
    const struct dimsweep_desc *d = &v->desc;
    v->done = dimsweep_take(v->pool, v->models, &v->seconds);
    v->failed = dimsweep_failed(v->pool);
    int arrived = 0, shown = 0;
    for (int k = 0; k < d->count; k++) {
        if (v->models[k].done && !v->analysed[k]) {
            analysis_compute(&v->an[k], v->models[k].W, d->model.features, d->model.hidden);
            v->analysed[k] = true;
            arrived++;
        }
        /* densities fall with k: the view's order is the pool's */
        if (v->analysed[k]) {
            v->density[shown] = v->models[k].density;
            v->shown[shown++] = &v->an[k];
        }
    }
    v->view = (struct view_dimexp){
        .n = d->model.features, .m = d->model.hidden, .decay = d->model.decay,
        .total = d->count, .done = shown, .density = v->density, .an = v->shown, .to = d->to,
        .steps = d->steps, .steps_done = dimsweep_steps_done(v->pool), .seconds = v->seconds,
        .threads = dimsweep_threads(v->pool),
    };
    return arrived;
}

const struct view_dimexp *dimview_data(const struct dimview *v)
{
    return v->pool ? &v->view : NULL;
}
