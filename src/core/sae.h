/* A sparse autoencoder (SAE) trained on the toy model's hidden activations h = W x, as in
 * ARENA's superposition chapter (after Bricken et al., "Towards Monosemanticity", 2023):
 *   a  = ReLU(W_enc (h - b_dec) + b_enc)                      k latents
 *   h' = sum_j a_j d^_j + b_dec,  d^_j = d_j / (||d_j|| + 1e-8)  decoder rows unit in the forward pass
 *   loss per sample = 1/m ||h' - h||^2 + l1 sum_j |a_j|, averaged over the batch.
 * The TopK kind (Gao et al., 2024) keeps the K largest pre-activations, ReLUs them and has no
 * l1 term. Adam without weight decay; dead latents are resampled ("simple", as ARENA). The
 * fast path (float parameters, all-zero samples counted once) sits beside a dense double
 * reference; both are checked by the tests. */
#ifndef SUPERPOSE_CORE_SAE_H
#define SUPERPOSE_CORE_SAE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sae;

enum sae_kind {
    SAE_RELU,   /* ReLU latents, l1 penalty */
    SAE_TOPK,   /* the K largest pre-activations, ReLU'd; no penalty */
};

enum sae_resample {
    SAE_RESAMPLE_SIMPLE, /* dead latents get a random unit decoder row d, encoder row scale d */
    SAE_RESAMPLE_NONE,
};

/* Zero means default in every field except inputs and features, which are required. */
struct sae_desc {
    int inputs;              /* m, the width of h, 1..MODEL_MAX_HIDDEN */
    int features;            /* n of the model read; the default latent count */
    int latents;             /* k; 0: n */
    enum sae_kind kind;      /* 0: ReLU */
    double l1;               /* ReLU kind's coefficient, > 0; 0: 0.2. The TopK kind has no l1
                              * term and ignores this (so an unpenalised SAE is TopK with K = k) */
    int topk;                /* TopK kind's K; 0: 1; more than k means k */
    enum sae_resample resample;  /* 0: simple */
    int resample_every;      /* steps between resampling checks; 0: 2500 */
    int resample_window;     /* a latent is dead when it fired on no sample in this many last
                              * steps; 0: 500; at most resample_every */
    double resample_scale;   /* new encoder row = scale * new decoder row; 0: 0.5 */
    double lr;               /* Adam's; 0: 1e-3 */
    int batch;               /* samples per step; 0: 1024 */
    uint64_t seed;           /* initialisation, data stream and resampling draws */
};

#define SAE_DEFAULT_L1 0.2
#define SAE_DEFAULT_TOPK 1
#define SAE_DEFAULT_RESAMPLE_EVERY 2500
#define SAE_DEFAULT_RESAMPLE_WINDOW 500
#define SAE_DEFAULT_RESAMPLE_SCALE 0.5
#define SAE_DEFAULT_LR 1e-3
#define SAE_DEFAULT_BATCH 1024

/* The SAE that reads a model trained with seed N draws from seed N ^ SAE_SEED_SALT, a stream
 * apart from the model's. */
#define SAE_SEED_SALT 0x5ae5ae5ae5ae5ae5ULL

/* A feature counts as recovered when some decoder row has cosine above this with it. */
#define SAE_RECOVERED_COSINE 0.9

/* The description with every default filled in. */
struct sae_desc sae_desc_resolve(const struct sae_desc *desc);

/* Parameters, float, in this order: W_enc (k x m, row j is latent j's encoder vector),
 * b_enc (k), W_dec (k x m, row j is latent j's decoder direction d_j), b_dec (m). */
static inline size_t sae_param_count(int m, int k)
{
    return 2 * (size_t)k * (size_t)m + (size_t)k + (size_t)m;
}

/* Initialised as ARENA's ToySAE: W_enc and W_dec drawn independently, kaiming-uniform as
 * PyTorch computes it for ARENA's instanced (1 x m x k) tensors, U(-b, b) with
 * b = sqrt(6 / (m k)); biases 0. The decoder rows are then scaled to unit length (ARENA does
 * so after the first step; the function the SAE computes is the same). */
struct sae *sae_create(const struct sae_desc *desc);
void sae_destroy(struct sae *s);
/* Fresh parameters and data stream from a new seed; step count, firing history and Adam
 * state back to zero. */
void sae_reinit(struct sae *s, uint64_t seed);

/* Settings that keep the parameters (the window's sliders and keys). */
void sae_set_kind(struct sae *s, enum sae_kind kind);
void sae_set_l1(struct sae *s, double l1);      /* > 0 */
void sae_set_topk(struct sae *s, int k);        /* >= 1; more than the latents means all */
void sae_set_resample(struct sae *s, enum sae_resample resample);

/* Where the activations come from: the toy model's W (n x m, row i is feature i's vector, as
 * struct model stores it) and its data's density. Each step draws x as the model's data
 * (batch.h) from the SAE's own stream and trains on h = W x. */
struct sae_source {
    const float *W;
    int features;   /* n; may differ from the description's (the model was resized) */
    double density;
};

struct sae_loss {
    double total;          /* reconstruction + sparsity */
    double reconstruction; /* batch mean of 1/m ||h' - h||^2 */
    double sparsity;       /* batch mean of l1 ||a||_1; 0 for TopK */
    double l0;             /* batch mean of the number of latents firing (a_j > 0) */
};

enum sae_step_result {
    SAE_STEP_DONE,
    SAE_STEP_STOPPED,   /* *stop was set: the step was abandoned, nothing changed but the stream */
    SAE_STEP_FAILED,    /* the loss or a parameter stopped being finite (parameters restored),
                         * or out of memory */
};

/* One step: resample first if due (at the start of steps every + 1, 2 every + 1, ...,
 * looking at the window of steps before), then a fresh batch, loss and gradient, Adam, the
 * decoder rows renormalised to unit length (as ARENA), firing statistics. stop may be NULL;
 * it is read before every sample, so a step on a large SAE ends early when it is set.
 * Call from one thread at a time. */
enum sae_step_result sae_step(struct sae *s, const struct sae_source *src,
                              const atomic_bool *stop);

/* Loss of the current parameters on `samples` fresh samples from a stream seeded by `seed`,
 * no training. Uses the SAE's scratch space: not concurrently with sae_step. */
struct sae_loss sae_eval_loss(struct sae *s, const struct sae_source *src, int samples,
                              uint64_t seed);

/* What the SAE holds. The pointers are into the live arrays: read them between steps on the
 * stepping thread (a view on another thread gets a copy). */
const struct sae_desc *sae_settings(const struct sae *s);   /* resolved */
long sae_steps(const struct sae *s);
struct sae_loss sae_last_loss(const struct sae *s);         /* of the last step's batch */
float *sae_params(struct sae *s);
const float *sae_encoder(const struct sae *s);       /* k x m */
const float *sae_encoder_bias(const struct sae *s);  /* k */
const float *sae_decoder(const struct sae *s);       /* k x m, rows of unit length */
const float *sae_decoder_bias(const struct sae *s);  /* m */

/* Per latent: the step (1-based) in which it last fired on some sample, 0 if never. */
const long *sae_last_fired(const struct sae *s);
/* Per latent: fraction of samples it fired on, exponential average over about 100 steps. */
const double *sae_firing_rate(const struct sae *s);
/* Latents that fired on no sample in the last resample_window steps (0 before that many
 * steps). A latent just resampled stays dead until it fires. */
int sae_dead_count(const struct sae *s);
bool sae_latent_dead(const struct sae *s, int j);
/* Per latent: the step count at which it was last resampled, 0 if never; and the total number
 * of latents resampled so far. */
const long *sae_resampled_at(const struct sae *s);
long sae_resample_count(const struct sae *s);

/* A batch of activations for the loss functions: rows x m values, plus `zeros` further
 * samples with h = 0 (counted, not stored). The loss is the mean over rows + zeros. */
struct sae_batch {
    const float *h;
    int rows;
    int zeros;
};

/* The fast path on the SAE's float parameters: loss and, when grad is not NULL, dL/dparams
 * (same layout) in double; rows + zeros must be positive. Returns false when *stop was set
 * (then grad and loss hold nothing meaningful). Uses the SAE's scratch space. */
bool sae_loss_grad(struct sae *s, const struct sae_batch *b, double *grad,
                   struct sae_loss *loss, const atomic_bool *stop);

/* Reference: the same from a dense batch (B x m), everything in double, for the resolved
 * description d. Returns the total loss; grad and loss may be NULL. */
double sae_ref_loss_grad(const struct sae_desc *d, const double *params, int batch,
                         const double *h, double *grad, struct sae_loss *loss);

/* How well the decoder recovers the model's features. */
struct sae_recovery {
    int capacity_n, capacity_k;
    int n, k;
    double *cosine;     /* [n x k] cos(W_i, d_j), row i; 0 where W_i or d_j is zero */
    double *best;       /* [n] max_j cos(W_i, d_j) */
    int *best_latent;   /* [n] the j attaining it */
    int represented;    /* features with ||W_i|| > ANALYSIS_REPRESENTED_NORM */
    int recovered;      /* represented features with best > SAE_RECOVERED_COSINE */
    double mmcs;        /* mean of best over the represented features; 0 when none */
};

bool sae_recovery_init(struct sae_recovery *r, int features, int latents);
void sae_recovery_finish(struct sae_recovery *r);
/* W is n x m (row i = W_i), dec is k x m (row j = d_j); n, k within the capacities. */
void sae_recovery_compute(struct sae_recovery *r, const float *W, int n, int m,
                          const float *dec, int k);

#endif
