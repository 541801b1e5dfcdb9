#include "model_work.h"

#include <stdlib.h>

#include "model_simd.h"

void model_work_destroy(struct model_work *w)
{
    if (!w)
        return;
    free(w->block);
    free(w->live);
    free(w->G);
    free(w->A);
    free(w->lanes);
    free(w->dense);
    free(w);
}

struct model_work *model_work_create(int n, int m)
{
    struct model_work *w = calloc(1, sizeof *w);
    const size_t nn = (size_t)n, mm = (size_t)m;
    if (!w)
        return NULL;
    w->block = calloc(2 * mm + 4 * nn + nn * mm, sizeof *w->block);
    w->live = calloc(nn, sizeof *w->live);
    if (n <= MODEL_GRAM_MAX_FEATURES) {
        w->G = calloc(nn * nn, sizeof *w->G);
        w->A = calloc(nn * nn, sizeof *w->A);
    }
    if (n <= LANES)
        w->lanes = calloc(1, sizeof *w->lanes);
    const bool dense = n <= BATCH_DENSE_MAX_FEATURES && m <= MODEL_LANES_MAX_HIDDEN;
    if (dense)
        w->dense = aligned_alloc(64, model_simd_scratch_bytes(n, m));
    if (!w->block || !w->live || (n <= MODEL_GRAM_MAX_FEATURES && (!w->G || !w->A)) ||
        (n <= LANES && !w->lanes) || (dense && !w->dense)) {
        model_work_destroy(w);
        return NULL;
    }
    w->h = w->block;
    w->u = w->h + mm;
    w->g = w->u + mm;
    w->c = w->g + nn;
    w->x = w->c + nn;
    w->pre = w->x + nn;
    w->Wt = w->pre + nn;
    return w;
}

size_t model_work_bytes(int n, int m)
{
    const size_t nn = (size_t)n, mm = (size_t)m;
    size_t bytes = sizeof(struct model_work) + (2 * mm + 4 * nn + nn * mm) * sizeof(float) +
                   nn * sizeof(int);
    if (n <= MODEL_GRAM_MAX_FEATURES)
        bytes += nn * nn * (sizeof(float) + sizeof(double));
    if (n <= LANES)
        bytes += sizeof(struct lanes);
    if (n <= BATCH_DENSE_MAX_FEATURES && m <= MODEL_LANES_MAX_HIDDEN)
        bytes += model_simd_scratch_bytes(n, m);
    return bytes;
}
