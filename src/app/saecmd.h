/* `superpose sae`: the toy model trained with the recipe (the flags of train), then a sparse
 * autoencoder (sae.h) on its hidden activations; how many of the model's features the SAE's
 * decoder directions recover, as a table or one JSON object (train's keys plus "sae"). */
#ifndef SUPERPOSE_APP_SAECMD_H
#define SUPERPOSE_APP_SAECMD_H

#include "sae.h"

struct cli_options;
struct model;
struct progress;

/* The SAE of description d (inputs and features taken from md; the seed as given) trained
 * `steps` steps on md's activations at this density, counted on p (may be NULL). NULL when
 * memory ran out; *failed_at gets the step whose loss stopped being finite, or -1. */
struct sae *saecmd_train(const struct model *md, double density, const struct sae_desc *d,
                         long steps, struct progress *p, long *failed_at);

/* Returns the exit status: 0, or 1 when training diverged or memory ran out. */
int saecmd_run(const struct cli_options *o);

#endif
