/* The training paths' scratch space, sized for the model: private to model.c and the files of
 * its paths. */
#ifndef SUPERPOSE_CORE_MODEL_WORK_H
#define SUPERPOSE_CORE_MODEL_WORK_H

#include <stddef.h>

#include "batch.h"
#include "model.h"

/* Scratch space of the training path, sized for the model. */
struct model_work {
    float *h, *u;   /* [m] hidden activation, sum_k g_k W_k */
    float *g;       /* [n] dL/dpre for the current sample */
    float *c;       /* [n] 2 I_i / (B n) */
    float *x;       /* [n] the current sample, dense (general path) */
    float *pre;     /* [n] pre-activations (general path) */
    float *Wt;      /* [m x n] W transposed, so pre = b + sum_d h_d Wt_d vectorises */
    int *live;      /* [n] features with g_i != 0 */
    float *block;
    float *G;       /* [n x n] W W^T (Gram path) */
    double *A;      /* [n x n] sum over samples of g x^T, column j = feature j (Gram path) */
    struct lanes *lanes; /* grouped path, n <= MODEL_GROUPED_MAX_FEATURES */
    void *dense;    /* lanes path's scratch, n <= BATCH_DENSE_MAX_FEATURES (64-byte aligned) */
};

/* The grouped path's model, zero-padded to LANES features so that every loop over output
 * units has a fixed length the compiler vectorises; pad units have b = G = c = I = 0 and are
 * never read back. Column j of an n x n matrix M is M[j * LANES ...]. */
#define LANES MODEL_GROUPED_MAX_FEATURES
_Static_assert(LANES >= BATCH_GROUP_MAX_FEATURES, "the grouped path takes every grouped batch");

struct lanes {
    float G[LANES * LANES];  /* W W^T */
    float b[LANES], c[LANES], imp[LANES];
    double A[LANES * LANES]; /* sum over samples of g x^T */
    double gb[LANES];        /* sum over samples of g */
};

struct model_work *model_work_create(int n, int m);
void model_work_destroy(struct model_work *w);
/* The bytes model_work_create allocates for these sizes. */
size_t model_work_bytes(int n, int m);

#endif
