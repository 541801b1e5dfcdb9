/* What the session keeps of the live sparse autoencoder for its view: the thread (saelive.h),
 * its newest snapshot, what is derived from it each frame against the focused model's weights
 * (the recovery measures, the loss curves of its two terms, a flash on each resampled latent)
 * and the plain data the view draws (struct view_sae). The thread starts on the view's first
 * showing and is paused while another view shows. */
#ifndef SUPERPOSE_APP_SAEVIEW_H
#define SUPERPOSE_APP_SAEVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "draw/loss.h"
#include "sae.h"
#include "saelive.h"
#include "views.h"

/* A resampled latent flashes this long (seconds). */
#define SAEVIEW_FLASH_SECONDS 1.5

struct saeview {
    struct saelive *live;             /* NULL until started */
    int capacity;                     /* latents */
    struct saelive_snapshot snap;
    struct sae_recovery rec;
    struct view_loss reconstruction, sparsity;
    double *flash_t;                  /* when each latent was last seen resampled; < 0: never */
    long *seen_at;                    /* resampled_at as last seen */
    float *flash;
    unsigned run;
    struct view_sae view;
    bool ready;                       /* the view has a snapshot with latents */
    double rec_t;                     /* when the recovery was last measured */
    int rec_n, rec_k;                 /* at these sizes */
};

/* The buffers for up to `capacity` latents and `features` features, no thread (what the tests
 * drive with snapshots of their own). False when memory ran out (v is left zeroed). */
bool saeview_init(struct saeview *v, int capacity, int features);
/* saeview_init, then the thread. */
bool saeview_start(struct saeview *v, const struct saelive_settings *s, uint64_t seed,
                   int capacity, int features);
/* Stops the thread and frees everything. Accepts a zeroed v. */
void saeview_finish(struct saeview *v);

void saeview_set(struct saeview *v, const struct saelive_settings *s);
void saeview_restart(struct saeview *v, uint64_t seed);

/* Feeds the model's weights to the thread, takes its newest snapshot and derives the view's
 * data from it against the same weights; now in seconds. independent: the model's data has
 * feature sets the SAE does not draw. */
void saeview_update(struct saeview *v, const float *W, int n, int m, double density,
                    bool independent, double now);

/* What saeview_update does once it has v->snap (changed: a new publication): the view's data
 * from that snapshot against the model's weights W (n x m). */
void saeview_derive(struct saeview *v, const float *W, int n, int m, bool independent,
                    bool changed, double now);

/* What the view draws; NULL before the SAE's first step. */
const struct view_sae *saeview_data(const struct saeview *v);

#endif
