/* `superpose sweep`: the feature-dimensionality experiment headless (dimsweep.h) on every
 * core, a progress line on a terminal, then a table, or one JSON object per density. */
#ifndef SUPERPOSE_APP_SWEEPCMD_H
#define SUPERPOSE_APP_SWEEPCMD_H

struct cli_options;

/* Returns the exit status: 0, or 1 when a model diverged or memory ran out. */
int sweepcmd_run(const struct cli_options *o);

#endif
