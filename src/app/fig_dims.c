#include "fig_dims.h"

#include <stdio.h>
#include <unistd.h>

#include "dimview.h"
#include "progress.h"
#include "views.h"

/* The whole figure below its header, margins as the large panel's. */
SDL_Rect fig_dims_rect(const struct figure *f)
{
    int w, h;
    figures_size(f, &w, &h);
    const SDL_Rect v = figures_view_rect(f, 0);
    return (SDL_Rect){ v.x, v.y, w - 2 * v.x, h - v.y - v.x };
}

bool fig_dims_draw(SDL_Renderer *r, struct text *text, const struct figure *f, long steps_cap,
                   int threads, char *err, size_t errlen)
{
    const long steps = steps_cap < TRAINER_DEFAULT_STEPS ? steps_cap : TRAINER_DEFAULT_STEPS;
    const struct progress_phase phase = { .label = "training dimensionality_400.png",
                                          .total = DIMSWEEP_MODELS * steps, .unit = "steps",
                                          .samples_per_unit = TRAINER_DEFAULT_BATCH };
    struct progress *progress = progress_create(isatty(STDERR_FILENO) ? stderr : NULL, &phase);
    struct trainer_desc model = TRAINER_DESC_DEFAULT;
    model.features = DIMSWEEP_FEATURES;
    model.hidden = DIMSWEEP_HIDDEN;
    model.decay = DIMSWEEP_DECAY;
    const struct dimsweep_desc d = { .model = model, .steps = steps, .threads = threads,
                                     .progress = progress };
    struct dimview v = { 0 };
    bool ok = dimview_run(&v, &d);
    for (int seen = 0; ok && seen < v.desc.count;)
        seen = dimsweep_wait(v.pool, seen);
    progress_destroy(progress);
    ok = ok && (dimview_update(&v), v.done == v.desc.count);
    if (ok) {
        const struct view_context c = { .dimexp = dimview_data(&v) };
        views_dimexp_draw(r, text, 1.0f, &c, fig_dims_rect(f));
    } else {
        snprintf(err, errlen, "out of memory while training %s", f->file);
    }
    dimview_finish(&v);
    return ok;
}
