/* A one-line progress report for long headless work, redrawn a few times a second on a
 * terminal by its own thread; workers only add to an atomic counter. */
#ifndef SUPERPOSE_APP_PROGRESS_H
#define SUPERPOSE_APP_PROGRESS_H

#include <stdio.h>

struct progress;

/* out NULL: count silently (not a terminal, or --json). total is in units (steps); each unit
 * is samples_per_unit samples, for the rate shown. Returns NULL only when out is NULL or
 * memory ran out; every function accepts NULL. */
struct progress *progress_create(FILE *out, const char *label, long total, long samples_per_unit);
void progress_add(struct progress *p, long units);
/* Stops the reporting thread and ends the line. */
void progress_destroy(struct progress *p);

#endif
