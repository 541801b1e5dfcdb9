#include "batch.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

static bool grow_entries(struct batch *bt, size_t need)
{
    size_t cap = bt->cap_entries;
    if (!grow((void **)&bt->idx, &cap, need, sizeof *bt->idx))
        return false;
    cap = bt->cap_entries;
    if (!grow((void **)&bt->val, &cap, need, sizeof *bt->val))
        return false;
    bt->cap_entries = cap;
    return true;
}

bool batch_init(struct batch *bt, int size, int features)
{
    memset(bt, 0, sizeof *bt);
    bt->size = size;
    bt->features = features;
    bt->cap_samples = (size_t)size;
    bt->sample = malloc((size_t)size * sizeof *bt->sample);
    bt->start = malloc(((size_t)size + 1) * sizeof *bt->start);
    if (!bt->sample || !bt->start || !grow_entries(bt, 256)) {
        batch_finish(bt);
        return false;
    }
    bt->start[0] = 0;
    return true;
}

void batch_finish(struct batch *bt)
{
    if (!bt)
        return;
    free(bt->sample);
    free(bt->start);
    free(bt->idx);
    free(bt->val);
    memset(bt, 0, sizeof *bt);
}

static bool push_entry(struct batch *bt, int64_t pos, float value, int *count)
{
    int s = (int)(pos / bt->features);
    int f = (int)(pos % bt->features);
    if (bt->nonzero == 0 || bt->sample[bt->nonzero - 1] != s) {
        bt->sample[bt->nonzero++] = s;
        bt->start[bt->nonzero] = *count;
    }
    if ((size_t)*count >= bt->cap_entries && !grow_entries(bt, (size_t)*count + 1))
        return false;
    bt->idx[*count] = f;
    bt->val[*count] = value;
    (*count)++;
    bt->start[bt->nonzero] = *count;
    return true;
}

bool batch_generate(struct batch *bt, struct rng *r, double density)
{
    const int64_t total = (int64_t)bt->size * bt->features;
    int count = 0;
    bt->nonzero = 0;
    bt->start[0] = 0;
    if (density >= 1.0) {
        for (int64_t pos = 0; pos < total; pos++)
            if (!push_entry(bt, pos, rng_uniformf(r), &count))
                return false;
        return true;
    }
    /* P(gap = k) = (1-p)^k p: k = floor(log U / log(1-p)), U uniform in (0, 1]. One 64-bit
     * draw serves an entry: its top 32 bits give U, its low 24 bits the value. */
    const float inv_log1mp = (float)(1.0 / log1p(-density));
    int64_t pos = -1;
    for (;;) {
        uint64_t bits = rng_next(r);
        float u = (float)((bits >> 32) + 1) * 0x1p-32f;
        float skip = floorf(logf(u) * inv_log1mp);
        if (skip >= (float)(total - pos))
            break;
        pos += 1 + (int64_t)skip;
        if (pos >= total)
            break;
        if (!push_entry(bt, pos, (float)(bits & 0xffffff) * 0x1p-24f, &count))
            return false;
    }
    return true;
}

void batch_to_dense(const struct batch *bt, double *x)
{
    memset(x, 0, (size_t)bt->size * (size_t)bt->features * sizeof *x);
    for (int k = 0; k < bt->nonzero; k++) {
        double *row = x + (size_t)bt->sample[k] * (size_t)bt->features;
        for (int e = bt->start[k]; e < bt->start[k + 1]; e++)
            row[bt->idx[e]] = bt->val[e];
    }
}
