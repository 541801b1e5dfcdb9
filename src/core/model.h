/* The toy model of Elhage et al. (2022): h = W x, x' = ReLU(W^T h + b) (or without the ReLU
 * for the linear variant), W tied. Parameters are float like the paper's PyTorch code; losses
 * and gradients are accumulated in double (float partial sums over at most 32 samples in the
 * grouped and tiled paths; the vectorised Gram path's A over the samples where a feature is
 * active). A plain dense gradient in double (the reference, checked against finite
 * differences) lives beside the sparse ones used for training (each checked against the
 * reference). */
#ifndef SUPERPOSE_CORE_MODEL_H
#define SUPERPOSE_CORE_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "simd.h"

struct batch;
struct model_dense;
struct model_work;
struct rng;

enum model_activation {
    MODEL_RELU,
    MODEL_LINEAR,
};

/* The activation as people read it ("ReLU", "linear") and as machine-read output spells it
 * ("relu", "linear": JSON, trace lines). */
static inline const char *model_activation_name(enum model_activation act)
{
    return act == MODEL_LINEAR ? "linear" : "ReLU";
}

static inline const char *model_activation_key(enum model_activation act)
{
    return act == MODEL_LINEAR ? "linear" : "relu";
}

/* What is trained. TIED is the paper's first model (h = W x, x' = act(W^T h + b)); the others
 * give the hidden layer a ReLU, so its basis is privileged and its units are neurons:
 *   HIDDEN_RELU: h = ReLU(W^T x), x' = ReLU(W h + b), same data and parameters as TIED;
 *   ABS: h = ReLU(W1 x), y' = ReLU(W2 h + b), untied, signed data, target |x|.
 * In struct model every kind keeps W as n x m with row i feature i's input weights (for ABS,
 * W1 transposed), so neuron d reads column d; ABS adds W2 (n x m, row i the weights feature
 * i's output reads) after b. model_neurons.h has their training paths. */
enum model_kind {
    MODEL_TIED,
    MODEL_HIDDEN_RELU,
    MODEL_ABS,
    MODEL_KIND_COUNT,
};

/* How model_loss_grad organises the work; all give the same gradient (tests compare each with
 * the reference). AUTO picks the fastest for the sizes and density. */
enum model_path {
    MODEL_PATH_AUTO,
    MODEL_PATH_ROWS,   /* per sample: h = W x, then every feature's row */
    MODEL_PATH_GRAM,   /* per sample: pre = b + (W W^T) x; dW = (A + A^T) W, A = sum g x^T */
    MODEL_PATH_GROUPED, /* Gram in registers for n <= MODEL_GROUPED_MAX_FEATURES; the batch's
                         * single-active samples of feature j enter only through the moments
                         * sum 1, sum x, sum x^2 over those with each output unit on */
    MODEL_PATH_TILES,  /* tiles of samples as matrix products (H = X W, P = H W^T + b,
                        * U = E W, dW = E^T H + X^T U), vectorised at the model's SIMD level */
    MODEL_PATH_GRAM_SIMD, /* the Gram path vectorised at the model's SIMD level, W W^T and
                           * (A + A^T) W as matrix products */
    MODEL_PATH_LANES,   /* dense batches only (batch_allow_dense), which always take it: 16
                         * samples per vector, model_simd.h */
};

/* The grouped path works on vectors of this many features (the batch groups up to as many). */
#define MODEL_GROUPED_MAX_FEATURES 8

/* The Gram path keeps n x n matrices, so it is offered up to this many features. */
#define MODEL_GRAM_MAX_FEATURES 512

struct model {
    int n;             /* features */
    int m;             /* hidden dimensions */
    enum model_activation act;
    enum model_path path;
    float *params;     /* W (n x m, row i is feature i's vector W_i) followed by b (n) */
    float *W;
    float *b;
    struct model_work *work; /* scratch space of the training path */
    struct model_dense *dense; /* layout and scratch of the vectorised paths */
    enum simd_level simd; /* the vectorised paths' level: simd_detect() at creation */
    enum model_kind kind;    /* TIED unless model_create_kind said otherwise */
    float *W2;               /* ABS only: n x m output weights, after b in params */
};

#define MODEL_MAX_FEATURES 4096
#define MODEL_MAX_HIDDEN 256

static inline size_t model_param_count(int n, int m)
{
    return (size_t)n * (size_t)m + (size_t)n;
}

/* Parameters of a model of this kind: W and b, and for ABS also W2. */
static inline size_t model_kind_param_count(enum model_kind kind, int n, int m)
{
    return model_param_count(n, m) + (kind == MODEL_ABS ? (size_t)n * (size_t)m : 0);
}

struct model *model_create(int n, int m, enum model_activation act);
/* The bytes model_create allocates for these sizes (parameters and scratch). */
size_t model_bytes(int n, int m);
void model_destroy(struct model *md);

/* Xavier-normal W (std sqrt(2 / (n + m))), b = 0: the recipe's initialisation. */
void model_init_xavier(struct model *md, struct rng *r);
/* Same, for rows first..n-1 only (new features after a resize). */
void model_init_rows(struct model *md, struct rng *r, int first);

/* Importance-weighted loss, mean over batch and features:
 *   L = 1/(B n) sum_s sum_i I_i (x_i - x'_i)^2.
 * Writes dL/dparams (same layout as params) when grad is not NULL. Returns L. `density` is
 * the data's, used only to choose the fastest path. */
double model_loss_grad(struct model *md, const float *importance, const struct batch *bt,
                       double density, double *grad);

/* Reference: the same loss and gradient from a dense batch x (B x n), everything in double. */
double model_ref_loss_grad(int n, int m, enum model_activation act, const double *params,
                           const double *importance, int batch_size, const double *x,
                           double *grad);

#endif
