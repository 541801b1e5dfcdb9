/* The dense double reference beside the model's fast paths, for the gradient tests: a model
 * with its biases on both sides of the ReLU, the reference's inputs in double (the parameters,
 * the importances decay^i, the batch as a dense matrix), central differences of the
 * reference's loss, and a fast path checked against the reference on the same batch. */
#ifndef SUPERPOSE_TESTS_GRADREF_H
#define SUPERPOSE_TESTS_GRADREF_H

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "batch.h"
#include "check.h"
#include "model.h"
#include "rng.h"

struct gradref {
    size_t count;   /* parameters */
    int n, batch;
    double *p;      /* the model's parameters, in double */
    double *g_ref;  /* the reference's gradient */
    double *g;      /* a fast path's */
    double *x;      /* the batch, dense: [batch][n] */
    double *imp;    /* decay^i */
    float *impf;    /* the same in float, for the fast paths */
};

static inline double gradref_max_abs(const double *v, size_t count)
{
    double m = 0.0;
    for (size_t k = 0; k < count; k++)
        m = fmax(m, fabs(v[k]));
    return m;
}

/* Xavier weights and biases uniform in [-0.1, 0.1): both sides of every output ReLU. */
static inline void gradref_model(struct model *md, struct rng *r, int n)
{
    model_init_xavier(md, r);
    for (int i = 0; i < n; i++)
        md->b[i] = (float)(0.2 * (rng_uniformf(r) - 0.5));
}

/* The buffers, the importances and md's parameters; false when memory ran out (then
 * gradref_finish still frees what there is). */
static inline bool gradref_init(struct gradref *r, const struct model *md, size_t count, int n,
                                int batch, double decay)
{
    *r = (struct gradref){ .count = count, .n = n, .batch = batch };
    r->p = malloc(count * sizeof *r->p);
    r->g_ref = malloc(count * sizeof *r->g_ref);
    r->g = malloc(count * sizeof *r->g);
    r->x = malloc((size_t)batch * (size_t)n * sizeof *r->x);
    r->imp = malloc((size_t)n * sizeof *r->imp);
    r->impf = malloc((size_t)n * sizeof *r->impf);
    if (!r->p || !r->g_ref || !r->g || !r->x || !r->imp || !r->impf)
        return false;
    for (int i = 0; i < n; i++)
        r->impf[i] = (float)(r->imp[i] = pow(decay, i));
    for (size_t k = 0; k < count; k++)
        r->p[k] = md->params[k];
    return true;
}

static inline void gradref_finish(struct gradref *r)
{
    free(r->p);
    free(r->g_ref);
    free(r->g);
    free(r->x);
    free(r->imp);
    free(r->impf);
    *r = (struct gradref){ 0 };
}

/* The reference's loss at r->p, without its gradient, for central differences. */
typedef double gradref_loss_fn(const struct gradref *r, const void *ctx);

/* The worst |(loss(p + h e_k) - loss(p - h e_k)) / 2h - g_ref[k]| over the parameters. */
static inline double gradref_fd_worst(struct gradref *r, double h, gradref_loss_fn *loss,
                                      const void *ctx)
{
    double worst = 0.0;
    for (size_t k = 0; k < r->count; k++) {
        const double keep = r->p[k];
        r->p[k] = keep + h;
        const double up = loss(r, ctx);
        r->p[k] = keep - h;
        const double down = loss(r, ctx);
        r->p[k] = keep;
        worst = fmax(worst, fabs((up - down) / (2 * h) - r->g_ref[k]));
    }
    return worst;
}

/* md's fast path on bt against the reference's loss and r->g_ref: the gradient within 1e-5 of
 * the reference's largest entry, the loss within 1e-5 relative, the loss without the gradient
 * the same bits. Its gradient is left in r->g and its loss in *fast; returns the gradient's
 * worst difference relative to that largest entry. `what` names the case in a failure. */
static inline double gradref_check_fast(struct gradref *r, struct model *md,
                                        const struct batch *bt, double density, double loss,
                                        double *fast, const char *what)
{
    const double scale = gradref_max_abs(r->g_ref, r->count);
    const double got = model_loss_grad(md, r->impf, bt, density, r->g);
    double diff = 0.0;
    for (size_t k = 0; k < r->count; k++)
        diff = fmax(diff, fabs(r->g[k] - r->g_ref[k]));
    CHECK(scale > 0.0 && diff <= 1e-5 * scale, "%s: gradient off by %g relative", what,
          diff / scale);
    CHECK(fabs(got - loss) <= 1e-5 * loss, "%s: loss %.9g, reference %.9g", what, got, loss);
    CHECK(model_loss_grad(md, r->impf, bt, density, NULL) == got,
          "%s: loss without gradient differs", what);
    if (fast)
        *fast = got;
    return diff / scale;
}

#endif
