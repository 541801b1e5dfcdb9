#include "seedsview.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "janitor.h"
#include "parallel.h"

_Static_assert(SEEDSLIVE_MAX_MODELS <= VIEW_SEEDS_MAX, "the view shows every model");

bool seedsview_init(struct seedsview *v, int count, int capacity, int m)
{
    *v = (struct seedsview){ .count = count, .capacity = capacity, .janitor = v->janitor };
    if (count < 1 || count > SEEDSLIVE_MAX_MODELS)
        return false;
    for (int k = 0; k < count; k++)
        if (!worker_snapshot_init(&v->snaps[k], capacity, m) ||
            !analysis_init(&v->an[k], capacity)) {
            seedsview_finish(v);
            return false;
        }
    for (int k = 0; k < count; k++)
        v->loss[k] = NAN;
    return true;
}

bool seedsview_start(struct seedsview *v, const struct trainer_desc *d,
                     const struct worker_settings *s, int capacity, int count)
{
    if (!seedsview_init(v, count, capacity, d->hidden))
        return false;
    v->seed = d->seed;
    v->live = seedslive_create(d, s, capacity, count, parallel_cpu_count());
    if (!v->live) {
        seedsview_finish(v);
        return false;
    }
    return true;
}

static void destroy_live(void *live)
{
    seedslive_destroy(live);   /* joins the threads first */
}

void seedsview_finish(struct seedsview *v)
{
    seedslive_halt(v->live);
    janitor_defer(v->janitor, destroy_live, v->live);
    for (int k = 0; k < SEEDSLIVE_MAX_MODELS; k++) {
        worker_snapshot_finish(&v->snaps[k]);
        analysis_finish(&v->an[k]);
    }
    *v = (struct seedsview){ .janitor = v->janitor };
}

void seedsview_set(struct seedsview *v, const struct worker_settings *s)
{
    if (v->live)
        seedslive_set(v->live, s);
}

bool seedsview_run(struct seedsview *v, bool shown, bool restart, const struct trainer_desc *d,
                   const struct worker_settings *s, int capacity, int count)
{
    struct worker_settings x = *s;
    x.paused = x.paused || !shown;
    if (restart)
        seedsview_finish(v);
    if (v->live || !shown) {
        seedsview_set(v, &x);
        return true;
    }
    return seedsview_start(v, d, &x, capacity, count);
}

/* Lower loss first; a model not yet evaluated after every one that is; ties by seed. */
static bool before(const struct seedsview *v, int a, int b)
{
    double la = v->loss[a], lb = v->loss[b];
    if (isfinite(la) != isfinite(lb))
        return isfinite(la);
    if (isfinite(la) && la != lb)
        return la < lb;
    return a < b;
}

/* Model k's analysis and shape, from its snapshot; returns the products that took. */
static double refresh(struct seedsview *v, int k)
{
    const struct worker_snapshot *sn = &v->snaps[k];
    analysis_compute(&v->an[k], sn->W, sn->n, sn->m);
    shape_classify(&v->an[k], sn->W, &v->shapes[k]);
    return 0.5 * (double)sn->n * sn->n * sn->m;
}

/* The models in loss order, what the view draws of them and the summary. */
static void arrange(struct seedsview *v)
{
    long steps = -1;
    for (int k = 0; k < v->count; k++) {
        const struct worker_snapshot *sn = &v->snaps[k];
        steps = steps < 0 || sn->step < steps ? sn->step : steps;
        int p = k;
        for (; p > 0 && before(v, k, v->order[p - 1]); p--)
            v->order[p] = v->order[p - 1];
        v->order[p] = k;
    }
    for (int j = 0; j < v->count; j++) {
        int k = v->order[j];
        const struct worker_snapshot *sn = &v->snaps[k];
        v->models[j] = (struct view_model){
            .W = sn->W, .b = sn->b, .n = sn->n, .m = sn->m, .an = &v->an[k],
            .loss = v->loss[k], .density = sn->settings.density, .act = sn->settings.act,
            .sets = sn->settings.sets.count ? &sn->settings.sets : NULL,
            .caption = v->shapes[k].name,
        };
        v->seeds[j] = sn->seed;
    }
    shape_summary(v->shapes, v->loss, v->count, v->summary, sizeof v->summary);
    v->view = (struct view_seeds){ .models = v->models, .seeds = v->seeds, .count = v->count,
                                   .summary = v->summary, .steps = steps < 0 ? 0 : steps };
    v->ready = v->count > 0;
}

void seedsview_derive(struct seedsview *v)
{
    for (int k = 0; k < v->count; k++)
        refresh(v, k);
    arrange(v);
}

/* The analysis is O(n^2 m) a model: small models are refreshed every frame, large ones in
 * turn within WORK_PER_FRAME products a frame (at least one; every one on the first frame),
 * each shown as last refreshed meanwhile (a model's weights, loss and analysis always agree). */
#define WORK_PER_FRAME 3e6

bool seedsview_failed(const struct seedsview *v)
{
    return v->live && seedslive_failed(v->live);
}

bool seedsview_update(struct seedsview *v)
{
    if (!v->live)
        return false;
    int todo = v->ready ? v->count : 0;
    double work = 0;
    for (int k = 0; !v->ready && k < v->count; k++) {
        seedslive_take(v->live, k, &v->snaps[k], &v->loss[k]);
        work += refresh(v, k);
    }
    for (int done = 0; done < todo && (done == 0 || work < WORK_PER_FRAME); done++) {
        int k = v->next % v->count;
        v->next = (k + 1) % v->count;
        seedslive_take(v->live, k, &v->snaps[k], &v->loss[k]);
        work += refresh(v, k);
    }
    arrange(v);
    long mark = v->view.steps / SEEDSVIEW_TRACE_EVERY;
    bool passed = mark > v->traced;
    v->traced = mark;
    return passed;
}

const struct view_seeds *seedsview_data(const struct seedsview *v)
{
    return v->ready ? &v->view : NULL;
}

bool seedsview_best(struct seedsview *v, struct trainer_state *out, uint64_t *seed,
                    double *loss, const char **shape)
{
    if (!v->live || !v->ready || !isfinite(v->loss[v->order[0]]))
        return false;
    int k = v->order[0];
    *seed = v->snaps[k].seed;
    *loss = v->loss[k];
    *shape = v->shapes[k].name;
    return seedslive_save(v->live, k, out);
}

bool seedsview_adopt(struct seedsview *v, struct worker *w, int n, int m, char *msg, size_t len)
{
    struct trainer_state st;
    uint64_t seed;
    double loss;
    const char *shape;
    if (!v->live) {
        snprintf(msg, len, "B adopts the best model of the seeds view: open it first (F)");
        return false;
    }
    if (!seedsview_best(v, &st, &seed, &loss, &shape)) {
        snprintf(msg, len, "B: no seed has a measured loss yet");
        return false;
    }
    if (st.n != n || st.m != m) {
        snprintf(msg, len, "B: the seeds have not caught up with n = %d, m = %d yet", n, m);
        trainer_state_finish(&st);
        return false;
    }
    worker_adopt(w, &st);
    snprintf(msg, len, "B: the model carries on from seed %" PRIu64 " (%s, loss %.3g)", seed,
             shape, loss);
    return true;
}
