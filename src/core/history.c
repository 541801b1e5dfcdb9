#include "history.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct history {
    struct history_desc d;        /* zero fields resolved */
    size_t arena_floats;
    int n, capacity, count;
    long every;
    unsigned epoch;
    struct history_meta *meta;    /* [max_snapshots] */
    float *arena;                 /* capacity slots: W (n m), b (n), D_i (n) */
};

static size_t slot_floats(const struct history_desc *d, int n)
{
    return (size_t)n * ((size_t)d->hidden + 2);
}

/* The arena: the byte budget, or two snapshots of the largest run when even that is more. */
static size_t arena_floats(const struct history_desc *d)
{
    size_t budget = d->bytes / sizeof(float), two = 2 * slot_floats(d, d->features);
    return budget > two ? budget : two;
}

/* Snapshots of n features that fit: even (thinning halves them), at least two. */
static int fit(const struct history_desc *d, int n)
{
    size_t k = arena_floats(d) / slot_floats(d, n);
    int c = k < (size_t)d->max_snapshots ? (int)k : d->max_snapshots;
    c &= ~1;
    return c < 2 ? 2 : c;
}

static struct history_desc resolve(const struct history_desc *d)
{
    struct history_desc r = *d;
    if (r.max_snapshots <= 0)
        r.max_snapshots = HISTORY_MAX_SNAPSHOTS;
    if (r.max_snapshots < 2)
        r.max_snapshots = 2;
    if (r.bytes == 0)
        r.bytes = HISTORY_BYTES;
    return r;
}

struct history *history_create(const struct history_desc *desc)
{
    if (desc->features < 1 || desc->hidden < 1)
        return NULL;
    struct history *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->d = resolve(desc);
    h->arena_floats = arena_floats(&h->d);
    h->meta = calloc((size_t)h->d.max_snapshots, sizeof *h->meta);
    /* malloc, not calloc: the pages are touched only as snapshots fill them */
    h->arena = malloc(h->arena_floats * sizeof *h->arena);
    if (!h->meta || !h->arena) {
        history_destroy(h);
        return NULL;
    }
    history_reset(h, desc->features);
    return h;
}

void history_destroy(struct history *h)
{
    if (!h)
        return;
    free(h->meta);
    free(h->arena);
    free(h);
}

bool history_reset(struct history *h, int n)
{
    if (n < 1 || n > h->d.features)
        return false;
    h->n = n;
    h->capacity = fit(&h->d, n);
    h->count = 0;
    h->every = 1;
    h->epoch++;
    return true;
}

static float *slot(const struct history *h, int k)
{
    return h->arena + (size_t)k * slot_floats(&h->d, h->n);
}

bool history_wants(const struct history *h, long step)
{
    if (h->count == 0)
        return true;
    long every = h->count == h->capacity ? 2 * h->every : h->every;
    return step > h->meta[h->count - 1].step && step % every == 0;
}

/* Doubles the spacing and keeps the snapshots on it, in order. */
static void thin(struct history *h)
{
    size_t floats = slot_floats(&h->d, h->n);
    int kept = 0;
    h->every *= 2;
    for (int k = 0; k < h->count; k++) {
        if (h->meta[k].step % h->every != 0)
            continue;
        if (kept != k) {
            h->meta[kept] = h->meta[k];
            memcpy(slot(h, kept), slot(h, k), floats * sizeof(float));
        }
        kept++;
    }
    h->count = kept;
    h->epoch++;
}

void history_push(struct history *h, const struct history_meta *meta, const float *W,
                  const float *b, const double *dims)
{
    if (!history_wants(h, meta->step))
        return;
    /* Snapshots at consecutive multiples of the spacing lose every other one at the first
     * pass; a run that began off the spacing may need another. */
    while (h->count >= h->capacity)
        thin(h);
    int n = h->n, m = h->d.hidden;
    float *s = slot(h, h->count);
    memcpy(s, W, (size_t)n * (size_t)m * sizeof *s);
    memcpy(s + (size_t)n * (size_t)m, b, (size_t)n * sizeof *s);
    float *d = s + (size_t)n * ((size_t)m + 1);
    for (int i = 0; i < n; i++)
        d[i] = (float)dims[i];
    h->meta[h->count++] = *meta;
}

int history_features(const struct history *h) { return h->n; }
int history_count(const struct history *h) { return h->count; }
int history_capacity(const struct history *h) { return h->capacity; }
long history_every(const struct history *h) { return h->every; }

const struct history_meta *history_meta(const struct history *h, int k)
{
    return &h->meta[k];
}

/* The newest of count snapshots at or before step, by bisection (the steps increase). */
static int find(const struct history_meta *meta, int count, long step)
{
    if (count == 0)
        return -1;
    int lo = 0, hi = count - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (meta[mid].step <= step)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

int history_find(const struct history *h, long step)
{
    return find(h->meta, h->count, step);
}

void history_weights(const struct history *h, int k, float *W, float *b)
{
    const float *s = slot(h, k);
    size_t nm = (size_t)h->n * (size_t)h->d.hidden;
    memcpy(W, s, nm * sizeof *W);
    memcpy(b, s + nm, (size_t)h->n * sizeof *b);
}

const float *history_dims(const struct history *h, int k)
{
    return slot(h, k) + (size_t)h->n * ((size_t)h->d.hidden + 1);
}

bool history_track_init(struct history_track *t, const struct history_desc *desc)
{
    *t = (struct history_track){ 0 };
    if (desc->features < 1 || desc->hidden < 1)
        return false;
    struct history_desc d = resolve(desc);
    /* the most D_i any run's snapshots hold */
    for (int n = 1; n <= d.features; n++) {
        size_t need = (size_t)fit(&d, n) * (size_t)n;
        t->dims_capacity = need > t->dims_capacity ? need : t->dims_capacity;
    }
    t->max_snapshots = d.max_snapshots;
    t->meta = calloc((size_t)d.max_snapshots, sizeof *t->meta);
    t->dims = malloc(t->dims_capacity * sizeof *t->dims);
    if (!t->meta || !t->dims) {
        history_track_finish(t);
        return false;
    }
    history_track_clear(t);
    return true;
}

void history_track_finish(struct history_track *t)
{
    free(t->meta);
    free(t->dims);
    *t = (struct history_track){ 0 };
}

void history_track_clear(struct history_track *t)
{
    t->count = 0;
    t->n = 0;
    t->every = 1;
    t->synced = false;
}

bool history_track_sync(struct history_track *t, const struct history *h)
{
    bool whole = !t->synced || t->epoch != h->epoch || t->n != h->n || t->count > h->count;
    if (!whole && t->count == h->count)
        return false;
    int from = whole ? 0 : t->count, count = h->count;
    if (count > t->max_snapshots || (size_t)count * (size_t)h->n > t->dims_capacity)
        count = 0;   /* a track made for another history: never the case when used as meant */
    for (int k = from; k < count; k++) {
        t->meta[k] = h->meta[k];
        memcpy(t->dims + (size_t)k * (size_t)h->n, history_dims(h, k),
               (size_t)h->n * sizeof *t->dims);
    }
    t->n = h->n;
    t->count = count;
    t->every = h->every;
    t->epoch = h->epoch;
    t->synced = true;
    return true;
}

int history_track_find(const struct history_track *t, long step)
{
    return find(t->meta, t->count, step);
}

int history_track_jumps(const struct history_track *t, int i, long window,
                        void (*found)(void *ctx, int k), void *ctx)
{
    if (i < 0 || i >= t->n)
        return 0;
    int count = 0, j = 0;
    long last = 0;
    for (int k = 1; k < t->count; k++) {
        long step = t->meta[k].step;
        /* j: the newest snapshot at least a window before k (or before it at all) */
        while (j + 1 < k && t->meta[j + 1].step <= step - window)
            j++;
        float a = t->dims[(size_t)j * (size_t)t->n + (size_t)i];
        float b = t->dims[(size_t)k * (size_t)t->n + (size_t)i];
        if (fabsf(b - a) < (float)HISTORY_JUMP || (count > 0 && step - last < window))
            continue;
        count++;
        last = step;
        if (found)
            found(ctx, k);
    }
    return count;
}

long history_track_jumps_all(const struct history_track *t, long window,
                             void (*found)(void *ctx, int i, int k), void *ctx)
{
    const int n = t->n;
    long *last = malloc((size_t)(n > 0 ? n : 1) * sizeof *last);
    bool *any = calloc((size_t)(n > 0 ? n : 1), sizeof *any);
    if (!last || !any) {
        free(last);
        free(any);
        return -1;
    }
    long total = 0;
    int j = 0;
    for (int k = 1; k < t->count; k++) {
        const long step = t->meta[k].step;
        while (j + 1 < k && t->meta[j + 1].step <= step - window)
            j++;
        const float *a = t->dims + (size_t)j * (size_t)n, *b = t->dims + (size_t)k * (size_t)n;
        for (int i = 0; i < n; i++) {
            if (fabsf(b[i] - a[i]) < (float)HISTORY_JUMP || (any[i] && step - last[i] < window))
                continue;
            any[i] = true;
            last[i] = step;
            total++;
            if (found)
                found(ctx, i, k);
        }
    }
    free(last);
    free(any);
    return total;
}
