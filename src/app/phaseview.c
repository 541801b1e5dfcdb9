#include "phaseview.h"

#include <stddef.h>

#include "parallel.h"
#include "phaselive.h"

bool phaseview_run(struct phaseview *v, bool run, int max_threads)
{
    if (v->live || !run) {
        if (v->live)
            phaselive_pause(v->live, !run);
        return true;
    }
    const struct phase_grid g = PHASE_GRID_DEFAULT;
    const struct phase_train pt = PHASE_TRAIN_DEFAULT;
    int threads = parallel_cpu_count();
    if (!phase_diagram_init(&v->pd, &g, &pt))
        return false;
    v->live = phaselive_create(&g, &pt, threads < max_threads ? threads : max_threads);
    if (!v->live) {
        phase_diagram_finish(&v->pd);
        return false;
    }
    v->done = 0;
    return true;
}

bool phaseview_update(struct phaseview *v)
{
    if (!v->live)
        return false;
    int tenth = phaseview_cells(v) / 10;
    int done = phaselive_take(v->live, &v->pd, &v->seconds);
    bool crossed = tenth > 0 && done / tenth != v->done / tenth;
    v->done = done;
    return crossed;
}

int phaseview_cells(const struct phaseview *v)
{
    return v->pd.grid.cols * v->pd.grid.rows;
}

int phaseview_threads(const struct phaseview *v)
{
    return v->live ? phaselive_threads(v->live) : 0;
}

const struct phase_diagram *phaseview_data(const struct phaseview *v)
{
    return v->live ? &v->pd : NULL;
}

void phaseview_finish(struct phaseview *v)
{
    phaselive_destroy(v->live);
    phase_diagram_finish(&v->pd);
    *v = (struct phaseview){ 0 };
}
