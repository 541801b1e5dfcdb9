/* The batch-level training paths' kernels (model_kern.c), compiled once per SIMD level from
 * the same source; model_dense.c lays the model out for them and picks the level's table. */
#ifndef SUPERPOSE_CORE_MODEL_KERN_H
#define SUPERPOSE_CORE_MODEL_KERN_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct batch;

/* Samples per tile: float partial sums of the gradient run over at most this many samples,
 * double beyond. A multiple of every level's rows per microkernel. */
#define MODEL_KERN_TILE 32
/* The batch is handed to the kernels in chunks of this many samples (a multiple of the tile). */
#define MODEL_KERN_CHUNK 256
/* n and m are padded to a multiple of the widest vector (16 floats); pads hold zeros. */
#define MODEL_KERN_PAD 16

struct model_kern_sample {
    const int *idx;     /* active features, increasing */
    const float *val;
    int count;
};

struct model_kern_args {
    int n, m, np, mp;   /* sizes and padded sizes */
    bool relu;
    const float *Wp;    /* [np x mp] W, zero-padded */
    const float *Wt;    /* [m x np] W transposed, zero-padded */
    const float *b, *c, *imp; /* [np] bias, 2 I_i / (B n), I_i; zero-padded */
    const struct model_kern_sample *samples; /* a chunk of the batch's samples */
    int count;
    bool first, last;   /* the batch's first and last chunk */
    double *gW, *gb;    /* dL/dW (n x m) and dL/db, added to; gW NULL: loss only */
    /* scratch */
    float *H, *U;       /* [TILE x mp] h = W x, u = sum_i g_i W_i */
    float *P, *E, *X;   /* [TILE x np] pre-activations then residuals, dL/dpre, x */
    float *dWf;         /* [np x mp] a tile's dL/dW */
    float *gsum;        /* [np] a tile's dL/db */
    float *G;           /* [np x np] W W^T (Gram path) */
    double *A;          /* [np x np] row j: sum over samples of x_j g, then A + A^T (stale rows
                         * between batches: each is written before it is read) */
    float *Af;          /* [np x np] A's latest updates, up to 32 per row, in float */
    int *Arows;         /* [np] updates in each row of Af, and whether A's row holds sums */
    double *Wd, *Cd;    /* [np x mp] W and dL/dW in double (Gram path) */
    float *Xr;          /* [2 x np] two samples' x as dense rows, zero between samples */
    int *order;         /* [MODEL_KERN_CHUNK] the chunk's samples in the Gram path's order */
    float *Eg;          /* [MODEL_KERN_CHUNK x np] the chunk's g, in that order */
    int *bcount;        /* [np] entries in each feature's bucket (zero between chunks) */
    int *bt;            /* [np x MODEL_KERN_CHUNK] the buckets: feature j's entries of the */
    float *bx;          /* chunk at row j, each its sample's place in order and its value */
};

/* Each returns the batch's loss summed over samples (not yet divided by B n). */
struct model_kern_level {
    /* Tiles of samples as matrix products: H = X W, P = H W^T + b, E = c (act(P) - X) act',
     * U = E W, dW = E^T H + X^T U. */
    double (*tiles)(const struct model_kern_args *a);
    /* Per sample pre = b + G x over the active columns of G = W W^T; A += x g^T;
     * dW = (A + A^T) W at the end (G made at the first chunk, dW at the last). */
    double (*gram)(const struct model_kern_args *a);
};

/* NULL members where the level cannot be compiled (AVX levels off x86-64). */
extern const struct model_kern_level model_kern_baseline, model_kern_avx2, model_kern_avx512;

/* The layout and scratch of both paths (model_dense.c), made with the model, whose SIMD
 * level it sets to simd_detect(). */
bool model_dense_create(struct model *md);
void model_dense_destroy(struct model_dense *d);
size_t model_dense_bytes(int n, int m);

/* The vectorised path AUTO takes for this model and density, or MODEL_PATH_AUTO to leave the
 * choice to model.c. */
enum model_path model_dense_choose(const struct model *md, double density);

/* The batch's nonzero samples through the tiles (gram false) or Gram kernels at md->simd (or
 * the best level below it that was compiled): adds the gradient to grad (NULL: loss only) and
 * writes the loss summed over samples. False, with nothing done, when the Gram path has no
 * room for n or memory runs out. */
bool model_dense_loss_grad(struct model *md, const float *importance, const struct batch *bt,
                           const float *c, bool gram, double *grad, double *loss);

#endif
