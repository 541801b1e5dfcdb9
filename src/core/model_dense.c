/* The batch-level paths' side in plain C: the model laid out for the kernels (padded W, its
 * transpose, padded b, c, I), the batch's samples as one list, and the choice of the kernels'
 * SIMD level (the model's, never a global). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "model.h"
#include "model_kern.h"

struct model_dense {
    int np, mp;
    float *Wp, *Wt, *b, *c, *imp;
    float *H, *U, *P, *E, *X, *dWf, *gsum, *G;
    double *A, *Wd, *Cd;
    float *Af;
    int *Arows;
    float *Xr, *Eg, *bx;
    int *order, *bcount, *bt;
    int *iota;                        /* [n] 0..n-1: the single-active groups' indices */
    struct model_kern_sample *samples; /* [MODEL_KERN_CHUNK] */
};

static int pad(int k) { return (k + MODEL_KERN_PAD - 1) / MODEL_KERN_PAD * MODEL_KERN_PAD; }

/* Zeroed memory for count elements of `size` bytes on a 64-byte boundary, so that no padded
 * row's vector load spans two cache lines (calloc's 16 bytes left that to where the heap
 * stood: at (100, 20, 0.05) the Gram path ran 1.25x faster when it happened to be aligned). */
static void *zalloc(size_t count, size_t size)
{
    const size_t bytes = (count * size + 63) / 64 * 64;
    void *p = aligned_alloc(64, bytes ? bytes : 64);
    if (p)
        memset(p, 0, bytes);
    return p;
}

/* Floats of the layout and scratch (the Gram path's G and A apart). */
static size_t dense_floats(int np, int mp)
{
    const size_t n = (size_t)np, m = (size_t)mp, T = MODEL_KERN_TILE;
    return 2 * n * m + m * n + 3 * n + 2 * T * m + 3 * T * n + n;
}

size_t model_dense_bytes(int n, int m)
{
    const size_t np = (size_t)pad(n);
    size_t bytes = sizeof(struct model_dense) + dense_floats(pad(n), pad(m)) * sizeof(float) +
                   (size_t)n * sizeof(int) +
                   MODEL_KERN_CHUNK * sizeof(struct model_kern_sample);
    if (n <= MODEL_GRAM_MAX_FEATURES)
        bytes += np * np * (2 * sizeof(float) + sizeof(double)) + np * sizeof(int) +
                 2 * np * (size_t)pad(m) * sizeof(double) + 2 * np * sizeof(float) +
                 MODEL_KERN_CHUNK * sizeof(int) + np * sizeof(int) +
                 MODEL_KERN_CHUNK * np * (2 * sizeof(float) + sizeof(int));
    return bytes;
}

static struct model_dense *dense_create(int n, int m)
{
    struct model_dense *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->np = pad(n);
    d->mp = pad(m);
    const size_t np = (size_t)d->np, mp = (size_t)d->mp, T = MODEL_KERN_TILE;
    float *f = zalloc(dense_floats(d->np, d->mp), sizeof *f);
    d->iota = malloc((size_t)n * sizeof *d->iota);
    d->samples = malloc(MODEL_KERN_CHUNK * sizeof *d->samples);
    if (n <= MODEL_GRAM_MAX_FEATURES) {
        d->G = zalloc(np * np, sizeof *d->G);
        d->A = zalloc(np * np, sizeof *d->A);
        d->Af = zalloc(np * np, sizeof *d->Af);
        d->Arows = calloc(np, sizeof *d->Arows);
        d->Wd = zalloc(2 * np * mp, sizeof *d->Wd);
        d->Cd = d->Wd + np * mp;
        d->Xr = zalloc(2 * np, sizeof *d->Xr);
        d->order = calloc(MODEL_KERN_CHUNK, sizeof *d->order);
        d->bcount = calloc(np, sizeof *d->bcount);
        d->Eg = zalloc(MODEL_KERN_CHUNK * np, sizeof *d->Eg);
        d->bt = calloc(MODEL_KERN_CHUNK * np, sizeof *d->bt);
        d->bx = calloc(MODEL_KERN_CHUNK * np, sizeof *d->bx);
    }
    d->Wp = f;
    if (!f || !d->iota || !d->samples ||
        (n <= MODEL_GRAM_MAX_FEATURES && (!d->G || !d->A || !d->Af || !d->Arows || !d->Wd ||
                                          !d->Xr || !d->order || !d->bcount || !d->Eg || !d->bt ||
                                          !d->bx))) {
        model_dense_destroy(d);
        return NULL;
    }
    d->Wt = d->Wp + np * mp;
    d->dWf = d->Wt + mp * np;
    d->b = d->dWf + np * mp;
    d->c = d->b + np;
    d->imp = d->c + np;
    d->H = d->imp + np;
    d->U = d->H + T * mp;
    d->P = d->U + T * mp;
    d->E = d->P + T * np;
    d->X = d->E + T * np;
    d->gsum = d->X + T * np;
    for (int i = 0; i < n; i++)
        d->iota[i] = i;
    return d;
}

bool model_dense_create(struct model *md)
{
    md->dense = dense_create(md->n, md->m);
    return md->dense != NULL;
}

void model_dense_destroy(struct model_dense *d)
{
    if (!d)
        return;
    free(d->Wp);
    free(d->G);
    free(d->A);
    free(d->Af);
    free(d->Arows);
    free(d->Wd);
    free(d->Xr);
    free(d->order);
    free(d->bcount);
    free(d->Eg);
    free(d->bt);
    free(d->bx);
    free(d->iota);
    free(d->samples);
    free(d);
}

/* Where the walk through the batch's samples stands: single-active group j, its sample k, then
 * listed sample l. */
struct cursor {
    int j, k, l;
};

/* The next chunk of the batch's nonzero samples, the single-active groups first; its size. */
static int next_chunk(struct model_dense *d, const struct batch *bt, struct cursor *c)
{
    int count = 0;
    while (c->j < bt->features && count < MODEL_KERN_CHUNK) {
        if (c->k < bt->single_count[c->j]) {
            const float *v = bt->single_val + (size_t)c->j * (size_t)bt->size + c->k++;
            d->samples[count++] = (struct model_kern_sample){ d->iota + c->j, v, 1 };
        } else {
            c->j++;
            c->k = 0;
        }
    }
    for (; c->j >= bt->features && c->l < bt->listed && count < MODEL_KERN_CHUNK; c->l++) {
        const int at = bt->start[c->l];
        d->samples[count++] =
            (struct model_kern_sample){ bt->idx + at, bt->val + at, bt->start[c->l + 1] - at };
    }
    return count;
}

static const struct model_kern_level *const levels[SIMD_LEVEL_COUNT] = {
    [SIMD_BASELINE] = &model_kern_baseline,
    [SIMD_AVX2] = &model_kern_avx2,
    [SIMD_AVX512] = &model_kern_avx512,
};

bool model_dense_loss_grad(struct model *md, const float *importance, const struct batch *bt,
                           const float *c, bool gram, double *grad, double *loss)
{
    struct model_dense *d = md->dense;
    const int n = md->n, m = md->m;
    if (!d || (gram && !d->G))
        return false;
    int level = md->simd >= 0 && md->simd < SIMD_LEVEL_COUNT ? md->simd : SIMD_BASELINE;
    while (level > SIMD_BASELINE && !(gram ? levels[level]->gram : levels[level]->tiles))
        level--;
    for (int i = 0; i < n; i++) {
        memcpy(d->Wp + (size_t)i * d->mp, md->W + (size_t)i * m, (size_t)m * sizeof *d->Wp);
        for (int k = 0; k < m; k++)
            d->Wt[(size_t)k * d->np + i] = md->W[(size_t)i * m + k];
    }
    memcpy(d->b, md->b, (size_t)n * sizeof *d->b);
    memcpy(d->c, c, (size_t)n * sizeof *d->c);
    memcpy(d->imp, importance, (size_t)n * sizeof *d->imp);
    struct model_kern_args args = {
        .n = n, .m = m, .np = d->np, .mp = d->mp, .relu = md->act == MODEL_RELU,
        .Wp = d->Wp, .Wt = d->Wt, .b = d->b, .c = d->c, .imp = d->imp,
        .samples = d->samples,
        .gW = grad, .gb = grad ? grad + (size_t)n * m : NULL,
        .H = d->H, .U = d->U, .P = d->P, .E = d->E, .X = d->X, .dWf = d->dWf, .gsum = d->gsum,
        .G = d->G, .A = d->A, .Af = d->Af, .Arows = d->Arows, .Wd = d->Wd, .Cd = d->Cd,
        .Xr = d->Xr, .order = d->order, .Eg = d->Eg, .bcount = d->bcount, .bt = d->bt, .bx = d->bx,
    };
    const struct model_kern_level *k = levels[level];
    struct cursor at = { 0 };
    *loss = 0.0;
    for (args.first = true; !args.last; args.first = false) {
        args.count = next_chunk(d, bt, &at);
        args.last = at.j >= bt->features && at.l >= bt->listed;
        *loss += gram ? k->gram(&args) : k->tiles(&args);
    }
    return true;
}

/* Measured with AVX-512 from n = 33 to 400: per sample the Gram path costs about
 * n (0.15 n density + 0.35) ns, the tiles 0.08 n mp ns (mp: m padded to 16), so the Gram path
 * while n density < mp / 2 - 2. Up to 32 features the small models' paths stay in charge. */
enum model_path model_dense_choose(const struct model *md, double density)
{
    if (md->n <= 32)
        return MODEL_PATH_AUTO;
    const bool gram = md->dense->G && md->n * density < pad(md->m) / 2.0 - 2.0;
    return gram ? MODEL_PATH_GRAM_SIMD : MODEL_PATH_TILES;
}
