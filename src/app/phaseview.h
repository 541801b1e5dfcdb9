/* The phase diagram as the window keeps it: its threads (phaselive.c), started on the view's
 * first showing and paused whenever another view shows, and the session's copy of its cells. */
#ifndef SUPERPOSE_APP_PHASEVIEW_H
#define SUPERPOSE_APP_PHASEVIEW_H

#include <stdbool.h>

#include "phase.h"

struct phaselive;

struct phaseview {
    struct phaselive *live;       /* NULL until the view first shows */
    struct phase_diagram pd;      /* the session's copy of the cells */
    int done;                     /* cells trained so far */
    double seconds;               /* their training time, pauses excluded */
};

/* Starts the threads (at most max_threads) on the first run, else resumes or pauses them;
 * false when out of memory (then nothing trains). */
bool phaseview_run(struct phaseview *v, bool run, int max_threads);
/* The newest cells; true when the count crossed a tenth of the grid (worth a trace line). */
bool phaseview_update(struct phaseview *v);
int phaseview_cells(const struct phaseview *v);
int phaseview_threads(const struct phaseview *v);
/* The cells to draw: NULL until the threads first start. */
const struct phase_diagram *phaseview_data(const struct phaseview *v);
/* Joins the threads (at most the cells in progress finish) and frees everything. */
void phaseview_finish(struct phaseview *v);

#endif
