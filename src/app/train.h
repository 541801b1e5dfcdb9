/* `superpose train`: the recipe, headless; a table or one JSON object on stdout. */
#ifndef SUPERPOSE_APP_TRAIN_H
#define SUPERPOSE_APP_TRAIN_H

struct cli_options;

/* Returns the exit status: 0, or 1 when training diverged or memory ran out. */
int train_run(const struct cli_options *o);

#endif
