/* Neurons of the models with a ReLU hidden layer (model.h's HIDDEN_RELU and ABS): neuron d reads
 * column d of W, one weight per feature. A neuron is monosemantic when one feature holds at least
 * 90% of its squared weights, dead when its squared norm is below 0.01, else polysemantic. For
 * ABS also how well each feature's |x| is computed, and the asymmetric pairs. */
#ifndef SUPERPOSE_CORE_NEURONS_H
#define SUPERPOSE_CORE_NEURONS_H

#include <stdbool.h>

#include "model.h"

#define NEURONS_MONOSEMANTIC_SHARE 0.9
#define NEURONS_DEAD_NORM2 0.01
/* A neuron serves feature i when W_id^2 is at least this share of its squared norm. */
#define NEURONS_SERVES_SHARE 0.1
/* A feature is computed when y'_i(x e_i) misses |x| by less than this share of |x|'s mean
 * square, on each sign of x separately (0: exact, 1: no better than answering 0). */
#define NEURONS_COMPUTED_ERROR 0.1
/* An asymmetric pair: the neuron's two largest weights have opposite signs and the smaller is
 * at most this fraction of the larger (one feature strongly, another weakly and negatively). */
#define NEURONS_ASYMMETRIC_RATIO 0.5

enum neuron_kind {
    NEURON_MONOSEMANTIC,
    NEURON_POLYSEMANTIC,
    NEURON_DEAD,
    NEURON_KIND_COUNT,
};

/* "monosemantic", "polysemantic", "dead" */
const char *neuron_kind_key(enum neuron_kind kind);

struct neuron {
    double norm2;     /* sum_i W_id^2 */
    double share;     /* W_top,d^2 / norm2 (0 for a zero neuron) */
    int top;          /* the feature with the largest squared weight */
    int second;       /* the next largest (-1 when n = 1) */
    int serves;       /* features with W_id^2 >= NEURONS_SERVES_SHARE norm2 */
    bool asymmetric;  /* polysemantic and its top two weights an asymmetric pair */
    enum neuron_kind kind;
};

struct neurons {
    int n, m;
    struct neuron neuron[MODEL_MAX_HIDDEN];
    /* monosemantic first, then polysemantic, then dead; within each by share, descending */
    int order[MODEL_MAX_HIDDEN];
    int count[NEURON_KIND_COUNT];
    int asymmetric;         /* neurons with an asymmetric pair */
    int mono_features;      /* distinct features that have a monosemantic neuron */
};

/* W is n x m (model.h's layout: neuron d is column d). */
void neurons_compute(struct neurons *a, const float *W, int n, int m);
bool neurons_serves(const struct neurons *a, const float *W, int d, int i);

/* For an ABS model: the mean squared miss of y'_i(x e_i) against |x| over x on a grid of
 * (0, 1] (negative false) or [-1, 0) (true), divided by the grid's mean of x^2. */
double neurons_abs_error(const struct model *md, int i, bool negative);
/* Features with both errors below NEURONS_COMPUTED_ERROR; *one_sided (if not NULL) gets those
 * with exactly one. */
int neurons_abs_computed(const struct model *md, int *one_sided);

#endif
