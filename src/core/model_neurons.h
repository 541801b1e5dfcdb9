/* The models with neurons (model.h's MODEL_HIDDEN_RELU and MODEL_ABS): creation, the data's
 * sign for ABS, the sparse training path and the dense double reference it is tested against.
 * model_loss_grad hands these kinds to model_neurons_loss_grad. */
#ifndef SUPERPOSE_CORE_MODEL_NEURONS_H
#define SUPERPOSE_CORE_MODEL_NEURONS_H

#include <stddef.h>

#include "model.h"

struct batch;

/* The kind as the command line and JSON spell it ("tied", "hidden-relu", "abs") and as people
 * read it ("tied", "hidden ReLU", "abs"). */
const char *model_kind_key(enum model_kind kind);
const char *model_kind_name(enum model_kind kind);
/* The kind spelled `key`, or MODEL_KIND_COUNT when none is. */
enum model_kind model_kind_parse(const char *key);

/* A model of this kind (act is used by TIED only: the others' ReLUs are fixed). */
struct model *model_create_kind(int n, int m, enum model_activation act, enum model_kind kind);
/* The bytes model_create_kind allocates. */
size_t model_kind_bytes(enum model_kind kind, int n, int m);

/* ABS's data: each active value v in [0, 1) becomes 2 v - 1, uniform in [-1, 1). A map of the
 * values already drawn, not a draw: the generator's stream is the one every kind shares. */
void model_abs_sign_batch(struct batch *bt);

/* Loss and gradient of a HIDDEN_RELU or ABS model, as model_loss_grad:
 *   L = 1/(B n) sum_s sum_i I_i (y'_i - t_i)^2, t = x (HIDDEN_RELU) or |x| (ABS).
 * Works on the batch's sparse form: per sample only the active inputs and the neurons on. */
double model_neurons_loss_grad(struct model *md, const float *importance, const struct batch *bt,
                               double *grad);

/* Reference: the same from a dense batch x (B x n), in double; params laid out as struct
 * model's (W, b, then W2 for ABS). */
double model_neurons_ref_loss_grad(enum model_kind kind, int n, int m, const double *params,
                                   const double *importance, int batch_size, const double *x,
                                   double *grad);

#endif
