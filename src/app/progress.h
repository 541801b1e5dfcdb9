/* A one-line progress report for long headless work, redrawn a few times a second on a
 * terminal by its own thread; workers only add to an atomic counter. Work in phases (training,
 * measuring the loss, the analysis) gets one line per phase that takes long enough to watch. */
#ifndef SUPERPOSE_APP_PROGRESS_H
#define SUPERPOSE_APP_PROGRESS_H

#include <stdio.h>

struct progress;

struct progress_phase {
    const char *label;       /* "training" */
    long total;              /* units of work */
    const char *unit;        /* "steps": shows "done/total steps"; NULL shows the percentage only */
    long samples_per_unit;   /* > 0: shows the rate in samples/s */
    double quiet_seconds;    /* drawn only once it has lasted this long (0: at once) */
};

/* out NULL: count silently (not a terminal, or --json). Returns NULL only when out is NULL or
 * memory ran out; every function accepts NULL. */
struct progress *progress_create(FILE *out, const struct progress_phase *first);
void progress_add(struct progress *p, long units);
/* Ends the current phase (its line, if drawn, at its final count) and starts the next. */
void progress_next(struct progress *p, const struct progress_phase *next);
/* Stops the reporting thread and ends the line. */
void progress_destroy(struct progress *p);

#endif
