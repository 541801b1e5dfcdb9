/* What the session keeps of the dimensionality experiment for its view: the pool (dimsweep.h),
 * the models finished so far with their analyses (computed once, on arrival), and the plain
 * data the view draws (struct view_dimexp). The pool starts on the view's first showing, is
 * paused while another view shows, and starts over when the view opens with other settings. */
#ifndef SUPERPOSE_APP_DIMVIEW_H
#define SUPERPOSE_APP_DIMVIEW_H

#include <stdbool.h>

#include "analysis.h"
#include "dimsweep.h"
#include "views.h"

struct janitor;

struct dimview {
    struct dimsweep *pool;              /* NULL until started */
    struct janitor *janitor;            /* frees a stopped pool (the session's; NULL: at once) */
    struct dimsweep_desc desc;          /* what it trains (defaults filled in) */
    struct dimsweep_model *models;      /* [count] as handed over */
    struct analysis *an;                /* [count], computed on arrival */
    bool *analysed;
    double *density;                    /* the view's order: finished models, density falling */
    const struct analysis **shown;
    int done;
    int failed;                         /* models that found no memory (never arrive) */
    double seconds;
    struct view_dimexp view;
};

/* Starts the pool on desc unless it runs on the same settings already, in which case it only
 * resumes; false (v as it was, or zeroed after a restart) when memory or threads ran out. */
bool dimview_run(struct dimview *v, const struct dimsweep_desc *desc);
void dimview_pause(struct dimview *v, bool paused);
/* Takes the models finished since the last call; returns how many arrived. */
int dimview_update(struct dimview *v);
/* Stops the threads (joined by the janitor) and frees everything else. Accepts a zeroed v. */
void dimview_finish(struct dimview *v);

/* What the view draws; NULL before the pool started. */
const struct view_dimexp *dimview_data(const struct dimview *v);

#endif
