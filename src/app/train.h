/* `superpose train`: the recipe, headless; a table or one JSON object on stdout. */
#ifndef SUPERPOSE_APP_TRAIN_H
#define SUPERPOSE_APP_TRAIN_H

struct analysis;
struct cli_options;
struct progress;
struct trainer;

/* Up to `steps` steps of t, counted on p (which may be NULL) as they go, units_per_step for
 * each, often enough for a large model's progress line to move every step; a run that
 * diverges stops early but is still counted in full, so the line ends at 100%. Returns the
 * steps taken: fewer than asked means step `return value` diverged. */
long train_steps(struct trainer *t, long steps, struct progress *p, long units_per_step);

/* The model's JSON object as `train --json` prints it (loss measured after training, a
 * computed from t's weights), with more(ctx), when not NULL, printing further members (each
 * starting ",\n ") before the closing brace. */
void train_print_json(const struct cli_options *o, const struct trainer *t, double loss,
                      const struct analysis *a, double seconds, double sps,
                      void (*more)(void *ctx), void *ctx);

/* Returns the exit status: 0, or 1 when training diverged, the run cannot fit in memory (one
 * line saying which flag to change) or memory ran out. */
int train_run(const struct cli_options *o);

#endif
