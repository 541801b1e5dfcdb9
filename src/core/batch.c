#include "batch.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch_simd.h"
#include "featsets.h"
#include "rng.h"

/* Up to BATCH_GROUP_MAX_FEATURES features, batches are drawn from one alias table (Walker's
 * method, Vose's construction) over symbols (s, A): s all-zero samples, then one sample whose
 * active set is A (not empty), with
 *   P(s, A) = (1-q)^s p^|A| (1-p)^(n-|A|),  q = 1 - (1-p)^n,  for s < skip_max,
 * plus the symbol (skip_max, {}) of probability (1-q)^skip_max: "skip_max all-zero samples, then
 * draw again". The probabilities sum to 1, and since all-zero runs are memoryless the samples
 * come out independent with each feature active with probability p, exactly as per entry.
 * One 64-bit draw gives the table slot (top SLOT_BITS), the alias coin (next COIN_BITS) and the
 * first active value (low VALUE_BITS). */
#define SLOT_BITS 10
#define SLOTS (1 << SLOT_BITS)
#define VALUE_BITS 24
#define COIN_BITS (64 - SLOT_BITS - VALUE_BITS)
#define SKIP_BITS 8  /* a symbol is s | A << SKIP_BITS */

struct sampler_slot {
    uint32_t threshold;  /* keep sym[0] (the slot's own) when the coin is below, else sym[1] */
    uint16_t sym[2];     /* indexed by the comparison: a branch there mispredicted often */
};

struct batch_sampler {
    double density;           /* the table's; NAN before the first build */
    uint8_t *mask;            /* [size] active sets of listed samples, before expansion */
    float *first;             /* [size] the value drawn with each of them */
    struct sampler_slot slot[SLOTS];
};

/* Geometric skips, P(gap = k) = (1-p)^k p: k = floor(log U / log(1-p)) in float, U uniform in
 * (0, 1] from the top 32 bits of the draw. The skip depends only on those bits, so a table over
 * their top SKIP_BITS_TABLE gives it wherever a bucket's whole range of U has one skip (with room
 * for logf's error, < 1e-6 relative); the other buckets (-1), where a skip changes, take logf.
 * The same skips bit for bit, with a log for a few draws in a hundred. 13 bits (16 kB): half
 * the logs of 12 at density 0.05 (the generator 1.07x faster at n = 100, 1.2x at n = 400,
 * density 0.01); 14 gained nothing more in training. */
#define SKIP_BITS_TABLE 13
#define SKIP_BUCKETS (1 << SKIP_BITS_TABLE)

struct batch_skips {
    double density;   /* the table's; NAN before the first build */
    float inv;        /* 1 / log(1 - p) */
    int16_t skip[SKIP_BUCKETS];
};

static inline float value_of(uint64_t bits)
{
    return (float)(bits & ((1u << VALUE_BITS) - 1)) * 0x1p-24f;
}

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

static struct batch_sampler *sampler_create(int size)
{
    struct batch_sampler *sp = calloc(1, sizeof *sp);
    if (!sp)
        return NULL;
    sp->density = NAN;
    sp->mask = malloc((size_t)size * sizeof *sp->mask);
    sp->first = malloc((size_t)size * sizeof *sp->first);
    if (!sp->mask || !sp->first) {
        free(sp->mask);
        free(sp->first);
        free(sp);
        return NULL;
    }
    return sp;
}

static void sampler_destroy(struct batch_sampler *sp)
{
    if (!sp)
        return;
    free(sp->mask);
    free(sp->first);
    free(sp);
}

bool batch_init(struct batch *bt, int size, int features)
{
    memset(bt, 0, sizeof *bt);
    bt->size = size;
    bt->features = features;
    const size_t cells = (size_t)size * (size_t)features;
    bool ok = (bt->single_count = calloc((size_t)features, sizeof *bt->single_count)) &&
              (bt->sample = malloc(((size_t)size + 1) * sizeof *bt->sample)) &&
              (bt->start = malloc(((size_t)size + 1) * sizeof *bt->start)) &&
              grow_entries(bt, 256);
    if (ok && features > BATCH_GROUP_MAX_FEATURES && (ok = (bt->skips = malloc(sizeof *bt->skips))))
        bt->skips->density = NAN;
    if (ok && features <= BATCH_GROUP_MAX_FEATURES)
        ok = (bt->single_val = malloc(cells * sizeof *bt->single_val)) &&
             (bt->single_sample = malloc(cells * sizeof *bt->single_sample)) &&
             (bt->sampler = sampler_create(size));
    if (!ok) {
        batch_finish(bt);
        return false;
    }
    bt->start[0] = 0;
    return true;
}

static void events_destroy(struct batch_events *ev);

void batch_finish(struct batch *bt)
{
    if (!bt)
        return;
    free(bt->single_count);
    free(bt->single_val);
    free(bt->single_sample);
    free(bt->sample);
    free(bt->start);
    free(bt->idx);
    free(bt->val);
    sampler_destroy(bt->sampler);
    free(bt->skips);
    events_destroy(bt->events);
    free(bt->dense);
    memset(bt, 0, sizeof *bt);
}

/* Vose's alias construction over SLOTS slots from weights w (scaled to sum SLOTS). */
static void sampler_fill(struct batch_sampler *sp, double *w, const uint16_t *sym)
{
    int small[SLOTS], large[SLOTS], ns = 0, nl = 0;
    const double one = 0x1p0 * (1u << COIN_BITS);
    for (int k = 0; k < SLOTS; k++) {
        if (w[k] < 1.0)
            small[ns++] = k;
        else
            large[nl++] = k;
    }
    while (ns > 0 && nl > 0) {
        int l = small[--ns], g = large[--nl];
        sp->slot[l] = (struct sampler_slot){ (uint32_t)llround(w[l] * one), { sym[l], sym[g] } };
        w[g] -= 1.0 - w[l];
        if (w[g] < 1.0)
            small[ns++] = g;
        else
            large[nl++] = g;
    }
    /* What is left has weight 1 up to rounding: always itself. */
    while (nl > 0) {
        int g = large[--nl];
        sp->slot[g] = (struct sampler_slot){ 1u << COIN_BITS, { sym[g], sym[g] } };
    }
    while (ns > 0) {
        int l = small[--ns];
        sp->slot[l] = (struct sampler_slot){ 1u << COIN_BITS, { sym[l], sym[l] } };
    }
}

static void sampler_build(struct batch_sampler *sp, int n, double p)
{
    const int masks = (1 << n) - 1;
    int skip_max = (SLOTS - 1) / masks;
    if (skip_max >= 1 << SKIP_BITS)
        skip_max = (1 << SKIP_BITS) - 1;
    p = p < 0.0 ? 0.0 : p > 1.0 ? 1.0 : p;
    double w[SLOTS], none = pow(1.0 - p, n), run = SLOTS; /* run = SLOTS (1-q)^s */
    uint16_t sym[SLOTS];
    int k = 0;
    for (int s = 0; s < skip_max; s++, run *= none)
        for (int mask = 1; mask <= masks; mask++) {
            int active = __builtin_popcount((unsigned)mask);
            w[k] = run * pow(p, active) * pow(1.0 - p, n - active);
            sym[k++] = (uint16_t)(s | mask << SKIP_BITS);
        }
    for (; k < SLOTS; k++) {
        w[k] = run;  /* the first of these is the "skip and draw again" symbol */
        sym[k] = (uint16_t)skip_max;
        run = 0.0;
    }
    sampler_fill(sp, w, sym);
}

/* Gives each listed sample its entries: the value drawn with it for its first active feature,
 * fresh values (two per draw) for the others. */
static bool expand_listed(struct batch *bt, struct rng *r)
{
    const struct batch_sampler *sp = bt->sampler;
    if (!grow_entries(bt, (size_t)bt->listed * (size_t)bt->features))
        return false;
    uint64_t spare = 0;
    int have = 0, e = 0;
    for (int k = 0; k < bt->listed; k++) {
        unsigned mask = sp->mask[k];
        bt->idx[e] = __builtin_ctz(mask);
        bt->val[e++] = sp->first[k];
        for (mask &= mask - 1; mask; mask &= mask - 1) {
            if (!have) {
                spare = rng_next(r);
                have = 2;
            }
            bt->idx[e] = __builtin_ctz(mask);
            bt->val[e++] = value_of(spare >> (VALUE_BITS * --have));
        }
        bt->start[k + 1] = e;
    }
    return true;
}

/* The generator's state, the tables and the arrays are locals: sp->mask is bytes, and a store
 * through a char type may alias anything, so with them in memory every sample stored the rng's
 * four words and reloaded every pointer (the loop measured 1.4x faster for it at (5, 2, 0.05)). */
static bool generate_grouped(struct batch *bt, struct rng *r, double density)
{
    struct batch_sampler *sp = bt->sampler;
    if (sp->density != density) {
        sampler_build(sp, bt->features, density);
        sp->density = density;
    }
    const int size = bt->size;
    const struct sampler_slot *slot = sp->slot;
    int *single_sample = bt->single_sample, *sample = bt->sample;
    /* the group counts in a local array: bt->single_count's int stores could alias the
     * sample arrays', so each sample's count was reloaded behind them */
    int count[BATCH_GROUP_MAX_FEATURES] = { 0 };
    float *single_val = bt->single_val, *first = sp->first;
    uint8_t *masks = sp->mask;
    struct rng g = *r;
    int pos = 0, listed = 0;
    for (;;) {
        const uint64_t bits = rng_next(&g);
        const struct sampler_slot *sl = &slot[bits >> (64 - SLOT_BITS)];
        const uint32_t coin = (uint32_t)(bits >> VALUE_BITS) & ((1u << COIN_BITS) - 1);
        const unsigned sym = sl->sym[coin >= sl->threshold];
        const unsigned mask = sym >> SKIP_BITS;
        pos += (int)(sym & ((1u << SKIP_BITS) - 1));
        if (pos >= size)
            break;
        if (!mask)
            continue;
        /* No branch on the kind of sample (it would mispredict): it is written both as a
         * single of its first feature and as a listed one, and only the right count moves. */
        const float v = value_of(bits);
        const int j = __builtin_ctz(mask), single = (mask & (mask - 1)) == 0;
        const size_t at = (size_t)j * (size_t)size + (size_t)count[j];
        single_val[at] = v;
        single_sample[at] = pos;
        count[j] += single;
        sample[listed] = pos;
        masks[listed] = (uint8_t)mask;
        first[listed] = v;
        listed += !single;
        pos++;
    }
    *r = g;
    bt->listed = listed;
    bt->nonzero = listed;
    for (int j = 0; j < bt->features; j++) {
        bt->single_count[j] = count[j];
        bt->nonzero += count[j];
    }
    return expand_listed(bt, r);
}

static inline float skip_u(uint64_t top) { return (float)(top + 1) * 0x1p-32f; }

static inline float skip_exact(uint64_t bits, float inv)
{
    return floorf(logf(skip_u(bits >> 32)) * inv);
}

static void skips_build(struct batch_skips *sk, double density)
{
    const int shift = 32 - SKIP_BITS_TABLE;
    sk->density = density;
    sk->inv = (float)(1.0 / log1p(-density));
    for (uint64_t b = 0; b < SKIP_BUCKETS; b++) {
        /* the skip falls as U grows: least at the bucket's top */
        const double least = log(skip_u(((b + 1) << shift) - 1)) * sk->inv * (1.0 - 1e-6);
        const double most = log(skip_u(b << shift)) * sk->inv * (1.0 + 1e-6);
        const bool one = floor(least) == floor(most) && floor(least) <= INT16_MAX;
        sk->skip[b] = one ? (int16_t)floor(least) : -1;
    }
}

/* Density 1: every entry, one draw each. */
static bool generate_full(struct batch *bt, struct rng *r)
{
    const int n = bt->features;
    if (!grow_entries(bt, (size_t)bt->size * (size_t)n))
        return false;
    struct rng g = *r;
    int *idx = bt->idx;
    float *val = bt->val;
    for (int s = 0, e = 0; s < bt->size; s++) {
        bt->sample[s] = s;
        bt->start[s] = e;
        for (int f = 0; f < n; f++, e++) {
            idx[e] = f;
            val[e] = rng_uniformf(&g);
        }
    }
    *r = g;
    bt->start[bt->size] = bt->size * n;
    bt->listed = bt->nonzero = bt->size;
    return true;
}

/* The skip to the next entry, -1 where it reaches the batch's end (left: positions from the
 * current one to the end). Tested as the float code always tested it; a table skip (< 2^15)
 * compares the same as an integer. */
static inline int64_t next_skip(const struct batch_skips *sk, uint64_t bits, int64_t left)
{
    const int64_t t = sk->skip[bits >> (64 - SKIP_BITS_TABLE)];
    if (t >= 0)
        return t + 1 >= left ? -1 : t;
    const float skip = skip_exact(bits, sk->inv);
    if (skip >= (float)left || (int64_t)skip + 1 >= left)
        return -1;
    return (int64_t)skip;
}

/* floor(a / n) as a multiply and a shift (Granlund and Montgomery): with k = 31 +
 * ceil(log2 n) and M = floor(2^k / n) + 1, floor(a M / 2^k) = floor(a / n) for every
 * 0 <= a < 2^31 (the error a (M n - 2^k) / (n 2^k) stays below 1 / n), and a M < 2^63. */
struct divider {
    uint64_t mul;
    int shift;
};

static struct divider divider_of(int64_t n)
{
    int k = 31;
    while ((INT64_C(1) << (k - 31)) < n)
        k++;
    return (struct divider){ (UINT64_C(1) << k) / (uint64_t)n + 1, k };
}

static inline int64_t divide(struct divider d, int64_t a)
{
    return (int64_t)(((uint64_t)a * d.mul) >> d.shift);
}

/* Below this many active entries per sample on average, generate_entries goes without
 * branches on a sample's start: they would mispredict at nearly every sample. Measured at
 * n = 40 to 400: 1.25x to 1.8x faster at 2 to 10 entries per sample, even at about 16,
 * slower from 30 on, where the branches predict well and cost less than the stores. */
#define SHORT_ROWS 16.0

/* Many features: skips over the size x features grid, all nonzero samples listed. One 64-bit
 * draw serves an entry: its top 32 bits give the skip, its low 24 bits the value. With long
 * rows the position is kept as (sample, feature) too, so that only a skip past the row's end
 * divides; with short rows (few entries per sample) the sample comes from the position by a
 * multiplication, and the listing is written at every entry, so nothing waits on a branch
 * that mispredicts at each new sample (start and sample have a slot past the last sample).
 * The generator's state and the arrays are local, so that stores to the batch do not reload
 * them. */
static inline __attribute__((always_inline)) bool
entries_body(struct batch *bt, struct rng *r, const bool short_rows)
{
    const struct batch_skips *sk = bt->skips;
    const int64_t total = (int64_t)bt->size * bt->features, n = bt->features;
    const struct divider by_n = divider_of(n);
    struct rng g = *r;
    int64_t pos = -1, s = 0, f = -1, last = -1;
    int count = 0, listed = 0, *idx = bt->idx, *start = bt->start, *sample = bt->sample;
    float *val = bt->val;
    bool ok = true;
    for (;;) {
        const uint64_t bits = rng_next(&g);
        const int64_t t = next_skip(sk, bits, total - pos);
        if (t < 0)
            break;
        pos += 1 + t;
        if (short_rows) {
            s = divide(by_n, pos);
            f = pos - s * n;
        } else {
            f += 1 + t;
            if (f >= n) {
                s += f / n;
                f %= n;
            }
        }
        if ((size_t)count >= bt->cap_entries) {
            if (!(ok = grow_entries(bt, (size_t)count + 1)))
                break;
            idx = bt->idx;
            val = bt->val;
        }
        if (short_rows) {
            start[listed] = count;
            sample[listed] = (int)s;
            listed += s != last;
            last = s;
        } else if (s != last) {
            start[listed] = count;
            sample[listed++] = (int)s;
            last = s;
        }
        idx[count] = (int)f;
        val[count++] = value_of(bits);
    }
    *r = g;
    start[listed] = count;
    bt->listed = bt->nonzero = listed;
    return ok;
}

/* Kept out of batch_generate: inlined there, its two loops moved the grouped generator's code,
 * and the small models measured 1-2% slower for it ((5, 2, 0.05), 11 alternating rounds);
 * one call per batch costs nothing measurable. */
static __attribute__((noinline)) bool
generate_entries(struct batch *bt, struct rng *r, double density)
{
    if (density >= 1.0)
        return generate_full(bt, r);
    if (bt->skips->density != density)
        skips_build(bt->skips, density);
    /* the divider is exact below 2^31 positions (batches up to 65536 of 4096 features: 2^28) */
    const bool short_rows = bt->features * density < SHORT_ROWS &&
                            (int64_t)bt->size * bt->features < INT64_C(1) << 31;
    return short_rows ? entries_body(bt, r, true) : entries_body(bt, r, false);
}

int batch_dense_stride(int size)
{
    const int lanes = BATCH_SIMD_LANES;
    return (size + lanes - 1) / lanes * lanes + lanes;
}

bool batch_allow_dense(struct batch *bt, enum simd_level level, double from)
{
    if (bt->features > BATCH_DENSE_MAX_FEATURES || from > 1.0)
        return true;
    const int stride = batch_dense_stride(bt->size);
    float *d = realloc(bt->dense, (size_t)bt->features * stride * sizeof *d);
    if (!d)
        return false;
    bt->dense = d;
    bt->dense_stride = stride;
    bt->simd = level;
    bt->dense_from = from;
    return true;
}

bool batch_generate(struct batch *bt, struct rng *r, double density)
{
    bt->start[0] = 0;
    bt->is_dense = false;
    if (bt->dense && bt->size <= bt->dense_stride && bt->features <= BATCH_DENSE_MAX_FEATURES &&
        density >= bt->dense_from) {
        batch_simd_generate(bt, r, density, bt->simd);
        return true;
    }
    return bt->sampler ? generate_grouped(bt, r, density) : generate_entries(bt, r, density);
}

/* The structured generator's scratch: every unit's draws as (sample, feature, value) in draw
 * order, then the same sorted by sample. */
struct batch_events {
    int cap_samples;
    int *offset;        /* [cap_samples + 1] */
    uint8_t *in_set;    /* [features] */
    size_t cap, count;
    int *pos, *feat, *sfeat;
    float *val, *sval;
};

static void events_destroy(struct batch_events *ev)
{
    if (!ev)
        return;
    free(ev->offset);
    free(ev->in_set);
    free(ev->pos);
    free(ev->feat);
    free(ev->sfeat);
    free(ev->val);
    free(ev->sval);
    free(ev);
}

static bool events_reserve(struct batch_events *ev, size_t need)
{
    if (need <= ev->cap)
        return true;
    size_t c1 = ev->cap, c2 = ev->cap, c3 = ev->cap, c4 = ev->cap, c5 = ev->cap;
    if (!grow((void **)&ev->pos, &c1, need, sizeof *ev->pos) ||
        !grow((void **)&ev->feat, &c2, need, sizeof *ev->feat) ||
        !grow((void **)&ev->sfeat, &c3, need, sizeof *ev->sfeat) ||
        !grow((void **)&ev->val, &c4, need, sizeof *ev->val) ||
        !grow((void **)&ev->sval, &c5, need, sizeof *ev->sval))
        return false;
    ev->cap = c1;
    return true;
}

static bool events_prepare(struct batch *bt)
{
    if (!bt->events) {
        struct batch_events *ev = calloc(1, sizeof *ev);
        if (!ev || !(ev->in_set = malloc((size_t)bt->features))) {
            free(ev);
            return false;
        }
        bt->events = ev;
    }
    struct batch_events *ev = bt->events;
    ev->count = 0;
    if (bt->size > ev->cap_samples) {
        int *o = realloc(ev->offset, ((size_t)bt->size + 1) * sizeof *o);
        if (!o)
            return false;
        ev->offset = o;
        ev->cap_samples = bt->size;
    }
    return events_reserve(ev, 256);
}

static bool push_event(struct batch_events *ev, int pos, int feature, float value)
{
    if (ev->count == ev->cap && !events_reserve(ev, ev->count + 1))
        return false;
    ev->pos[ev->count] = pos;
    ev->feat[ev->count] = feature;
    ev->val[ev->count++] = value;
    return true;
}

/* One unit (a set, or a free feature as a correlated set of one) on with probability q:
 * the gap to its next sample is geometric, P(gap = k) = (1-q)^k q, k = floor(log U /
 * log(1-q)) with U from the top 32 bits of the draw; its low 24 bits give the first value. */
static bool unit_events(struct batch *bt, struct rng *r, enum featsets_kind kind, double q,
                        const uint16_t *member, int size)
{
    struct batch_events *ev = bt->events;
    if (q <= 0.0)
        return true;
    const double inv_log1mq = q < 1.0 ? 1.0 / log1p(-q) : 0.0;
    int64_t pos = -1;
    for (;;) {
        const uint64_t bits = rng_next(r);
        const double u = (double)((bits >> 32) + 1) * 0x1p-32;
        const double skip = q < 1.0 ? floor(log(u) * inv_log1mq) : 0.0;
        if (skip >= (double)(bt->size - 1 - pos))
            return true;
        pos += 1 + (int64_t)skip;
        if (kind == FEATSETS_ANTICORRELATED) {
            /* the member: the top 32 bits of a second draw times s, over 2^32 */
            const uint64_t pick = ((rng_next(r) >> 32) * (uint64_t)size) >> 32;
            if (!push_event(ev, (int)pos, member[pick], value_of(bits)))
                return false;
            continue;
        }
        if (!push_event(ev, (int)pos, member[0], value_of(bits)))
            return false;
        for (int e = 1; e < size; e++)
            if (!push_event(ev, (int)pos, member[e], rng_uniformf(r)))
                return false;
    }
}

/* Sorts the events by sample (counting sort), each sample's by feature, and writes them as
 * the batch: one-feature samples grouped when the batch groups, the others listed. */
static bool assemble_events(struct batch *bt)
{
    struct batch_events *ev = bt->events;
    const int size = bt->size;
    int *off = ev->offset;
    if (!grow_entries(bt, ev->count > 0 ? ev->count : 1))
        return false;
    memset(off, 0, ((size_t)size + 1) * sizeof *off);
    for (size_t e = 0; e < ev->count; e++)
        off[ev->pos[e] + 1]++;
    for (int s = 0; s < size; s++)
        off[s + 1] += off[s];
    for (size_t e = 0; e < ev->count; e++) {
        const int at = off[ev->pos[e]]++;  /* afterwards off[s] is where sample s ends */
        ev->sfeat[at] = ev->feat[e];
        ev->sval[at] = ev->val[e];
    }
    const bool grouped = bt->sampler != NULL;
    int *count = bt->single_count, listed = 0, singles = 0, out = 0;
    memset(count, 0, (size_t)bt->features * sizeof *count);
    for (int s = 0; s < size; s++) {
        const int b = s ? off[s - 1] : 0, e = off[s];
        if (e == b)
            continue;
        for (int i = b + 1; i < e; i++)
            for (int k = i; k > b && ev->sfeat[k - 1] > ev->sfeat[k]; k--) {
                int f = ev->sfeat[k];
                float v = ev->sval[k];
                ev->sfeat[k] = ev->sfeat[k - 1];
                ev->sval[k] = ev->sval[k - 1];
                ev->sfeat[k - 1] = f;
                ev->sval[k - 1] = v;
            }
        if (grouped && e - b == 1) {
            const int j = ev->sfeat[b];
            const size_t at = (size_t)j * (size_t)size + (size_t)count[j]++;
            bt->single_val[at] = ev->sval[b];
            bt->single_sample[at] = s;
            singles++;
            continue;
        }
        bt->sample[listed] = s;
        for (int i = b; i < e; i++, out++) {
            bt->idx[out] = ev->sfeat[i];
            bt->val[out] = ev->sval[i];
        }
        bt->start[++listed] = out;
    }
    bt->listed = listed;
    bt->nonzero = listed + singles;
    return true;
}

bool batch_generate_sets(struct batch *bt, struct rng *r, double density,
                         const struct featsets *fs)
{
    if (!fs || fs->count == 0)
        return batch_generate(bt, r, density);
    bt->start[0] = 0;
    bt->is_dense = false;
    if (!featsets_fit(fs, bt->features, NULL, 0) || !events_prepare(bt))
        return false;
    /* Sets first, in their order, then the free features in increasing order. */
    uint8_t *in_set = bt->events->in_set;
    memset(in_set, 0, (size_t)bt->features);
    for (int k = 0; k < fs->count; k++) {
        const enum featsets_kind kind = (enum featsets_kind)fs->kind[k];
        const int size = featsets_size(fs, k);
        const uint16_t *member = featsets_members(fs, k);
        for (int e = 0; e < size; e++)
            in_set[member[e]] = 1;
        if (!unit_events(bt, r, kind, featsets_on_probability(kind, size, density), member, size))
            return false;
    }
    for (int i = 0; i < bt->features; i++) {
        const uint16_t f = (uint16_t)i;
        if (!in_set[i] && !unit_events(bt, r, FEATSETS_CORRELATED, density, &f, 1))
            return false;
    }
    return assemble_events(bt);
}

void batch_to_dense(const struct batch *bt, double *x)
{
    const size_t n = (size_t)bt->features;
    memset(x, 0, (size_t)bt->size * n * sizeof *x);
    if (bt->is_dense) {
        for (size_t i = 0; i < n; i++)
            for (int s = 0; s < bt->size; s++)
                x[(size_t)s * n + i] = bt->dense[i * (size_t)bt->dense_stride + (size_t)s];
        return;
    }
    for (int j = 0; j < bt->features; j++)
        for (int k = 0; k < bt->single_count[j]; k++) {
            size_t at = (size_t)j * (size_t)bt->size + (size_t)k;
            x[(size_t)bt->single_sample[at] * n + (size_t)j] = bt->single_val[at];
        }
    for (int k = 0; k < bt->listed; k++) {
        double *row = x + (size_t)bt->sample[k] * n;
        for (int e = bt->start[k]; e < bt->start[k + 1]; e++)
            row[bt->idx[e]] = bt->val[e];
    }
}

size_t batch_bytes(int size, int features, double density, bool sets)
{
    const double cells = (double)size * features, mean = cells * density;
    const double need = fmin(cells, mean + 6.0 * sqrt(mean) + 256.0);
    double cap = 256.0; /* grow() doubles from batch_init's 256 */
    while (cap < need)
        cap *= 2.0;
    double bytes = sizeof(int) * (features + 2.0 * size + 2.0) + cap * (sizeof(int) + sizeof(float));
    if (features > BATCH_GROUP_MAX_FEATURES)
        bytes += sizeof(struct batch_skips);
    else
        bytes += cells * (sizeof(float) + sizeof(int)) + sizeof(struct batch_sampler) +
                 size * (sizeof(uint8_t) + sizeof(float));
    if (sets) /* offset, in_set, and pos, feat, sfeat, val, sval per event */
        bytes += sizeof(struct batch_events) + sizeof(int) * (size + 1.0) + features +
                 cap * (3 * sizeof(int) + 2 * sizeof(float));
    return (size_t)bytes;
}
