/* The phase diagram (n = 2, m = 1, phase.h) trained live for the window: background threads
 * (batch scheduling) train one cell at a time, coarse cells first so the whole picture appears
 * early and sharpens, and publish each finished cell under a mutex; the renderer copies the
 * cells out once per frame. Pausing lets the cell in progress finish, then the threads wait. */
#ifndef SUPERPOSE_APP_PHASELIVE_H
#define SUPERPOSE_APP_PHASELIVE_H

#include <stdbool.h>

#include "phase.h"

struct phaselive;

/* Starts `threads` threads (at least 1) on the diagram of grid g trained as pt. */
struct phaselive *phaselive_create(const struct phase_grid *g, const struct phase_train *pt,
                                   int threads);
/* Stops the threads (atomic flag, wakes the paused ones, joins) and frees everything. The
 * cells' trainers watch the flag inside their steps, so a stop waits for one block of samples,
 * not for the cell in progress. Accepts NULL. */
void phaselive_destroy(struct phaselive *p);
void phaselive_pause(struct phaselive *p, bool paused);
int phaselive_threads(const struct phaselive *p);

/* Copies the cells into out (initialised with phase_diagram_init on the same grid); returns
 * how many have been through training (a cell whose every run diverged stays not done).
 * seconds gets the training time so far, pauses excluded. */
int phaselive_take(struct phaselive *p, struct phase_diagram *out, double *seconds);

#endif
