/* What the views show, from the weights alone (Elhage et al. 2022): feature norms,
 * superposition, feature dimensionality, and in 2D the angles and the gaps between them.
 * All in double. */
#ifndef SUPERPOSE_CORE_ANALYSIS_H
#define SUPERPOSE_CORE_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* A feature counts as represented when ||W_i|| exceeds this. */
#define ANALYSIS_REPRESENTED_NORM 0.5
/* Below this norm a feature's direction is noise and D_i, a ratio that does not depend on the
 * norm, would report it (0.3 or 0.45 for a dropped feature among other dropped ones): D_i is
 * 0 there, as for W_i = 0. Well under the norm Xavier initialisation gives a feature,
 * sqrt(2m / (n + m)) root mean square: 0.022 at the extreme n = 4096, m = 1. */
#define ANALYSIS_DIM_MIN_NORM 0.01

struct analysis {
    int capacity;
    int n, m;
    double *norms;           /* ||W_i|| */
    double *superposition;   /* sum_{j != i} (W^_i . W_j)^2 */
    double *dimensionality;  /* D_i = ||W_i||^2 / sum_j (W^_i . W_j)^2; 0 below ANALYSIS_DIM_MIN_NORM */
    double *angles_deg;      /* m = 2: atan2 of W_i in [0, 360); 0 otherwise */
    int represented;         /* features with norm > ANALYSIS_REPRESENTED_NORM */
    int *order;              /* [represented] those features in increasing angle (m = 2) */
    int gap_count;           /* m = 2: = represented; gaps sum to 360 ([360] for one) */
    double *gaps_deg;        /* gaps_deg[k] from order[k] to order[k + 1] (cyclically) */
    double frobenius2;       /* ||W||_F^2 */
    double dims_per_feature; /* m / ||W||_F^2 */
};

bool analysis_init(struct analysis *a, int capacity);
void analysis_finish(struct analysis *a);

/* W is n x m, row i being feature i's vector; n must not exceed the capacity. */
void analysis_compute(struct analysis *a, const float *W, int n, int m);
/* The same, calling counted(ctx, k) after every k dot products of rows of W (a progress
 * line), n (n + 1) / 2 in all; counted may be NULL. */
#define ANALYSIS_DOTS(n) ((long)(n) * ((n) + 1) / 2)
void analysis_compute_counted(struct analysis *a, const float *W, int n, int m,
                              void (*counted)(void *ctx, long dots), void *ctx);

/* Largest |gap - 360/k| over the gaps, in degrees; 0 when fewer than one gap. */
double analysis_max_gap_error(const struct analysis *a);

/* The gaps in angle order as text, "72 72 71 73 72" with `decimals` digits after the point; past
 * `max` gaps it ends in " ..."; empty when there are none. */
void analysis_gaps_text(const struct analysis *a, int decimals, int max, char *buf, size_t len);

/* m = 2: the arrangement with the lowest loss known for the represented features of a model
 * with this activation (docs/science.md: ReLU, 2 orthogonal; 3 an antipodal pair and one orthogonal
 * to it; 4 a square of two antipodal pairs; from 5 the regular polygon; linear, only the top 2
 * orthogonal), named in buf, and in worst_off_deg the largest difference between the gaps and
 * that shape's, both sorted. False (buf empty) when there is no such shape to name: m != 2,
 * fewer than two features represented, or more than two in a linear model (which at best
 * keeps two). */
bool analysis_gap_shape(const struct analysis *a, enum model_activation act, char *buf,
                        size_t len, double *worst_off_deg);

#endif
