/* The data generator: each feature active with probability p, active values uniform in [0, 1).
 * Counts and means must agree with the distribution within 4 standard deviations, and the
 * batch's layout (single-active samples grouped by feature, the rest listed) must hold. With
 * correlated and anticorrelated sets, the same holds per feature, and the sets' structure
 * (all members or none; at most one member) holds in every sample. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "check.h"
#include "featsets.h"
#include "rng.h"

struct tally {
    double active, sum, sum2, zero_samples, singles, listed;
    long per_feature[64];
    long per_count[65];  /* samples by number of active features */
};

static void add_value(struct tally *t, int feature, float v)
{
    CHECK(v >= 0.0f && v < 1.0f, "value %g outside [0, 1)", v);
    t->active++;
    t->sum += v;
    t->sum2 += (double)v * v;
    t->per_feature[feature % 64]++;
}

/* Every nonzero sample sits at its own position; singles have one feature, listed ones more
 * (when the batch groups). */
static void tally_batch(const struct batch *bt, struct tally *t, unsigned char *seen)
{
    memset(seen, 0, (size_t)bt->size);
    int stored = bt->listed;
    for (int j = 0; j < bt->features; j++) {
        CHECK(j < BATCH_GROUP_MAX_FEATURES || bt->single_count[j] == 0, "group above the limit");
        for (int k = 0; k < bt->single_count[j]; k++) {
            size_t at = (size_t)j * (size_t)bt->size + (size_t)k;
            int s = bt->single_sample[at];
            CHECK(s >= 0 && s < bt->size && !seen[s], "single at %d repeated or outside", s);
            seen[s] = 1;
            add_value(t, j, bt->single_val[at]);
            t->per_count[1]++;
        }
        stored += bt->single_count[j];
        t->singles += bt->single_count[j];
    }
    CHECK(stored == bt->nonzero, "%d samples stored, %d nonzero", stored, bt->nonzero);
    t->listed += bt->listed;
    t->zero_samples += bt->size - bt->nonzero;
    for (int s = 0; s < bt->listed; s++) {
        int count = bt->start[s + 1] - bt->start[s];
        CHECK(count > 0, "listed sample %d has no entries", s);
        CHECK(bt->features > BATCH_GROUP_MAX_FEATURES || count >= 2,
              "a single-active sample was listed, not grouped");
        CHECK(bt->sample[s] >= 0 && bt->sample[s] < bt->size && !seen[bt->sample[s]],
              "listed sample at %d repeated or outside", bt->sample[s]);
        seen[bt->sample[s]] = 1;
        if (s > 0)
            CHECK(bt->sample[s] > bt->sample[s - 1], "samples out of order");
        t->per_count[count < 64 ? count : 64]++;
        for (int e = bt->start[s]; e < bt->start[s + 1]; e++) {
            if (e > bt->start[s])
                CHECK(bt->idx[e] > bt->idx[e - 1], "features out of order");
            add_value(t, bt->idx[e], bt->val[e]);
        }
    }
}

static double binom_pmf(int n, int k, double p)
{
    double c = 1.0;
    for (int i = 0; i < k; i++)
        c = c * (n - i) / (i + 1);
    return c * pow(p, k) * pow(1 - p, n - k);
}

static void check_count(const char *what, double seen, double trials, double prob, int n,
                        double p)
{
    prob = fmin(fmax(prob, 0.0), 1.0); /* rounding, e.g. 1 - q - P(one active) at n = 1 */
    double sd = sqrt(trials * prob * (1 - prob));
    CHECK(fabs(seen - trials * prob) <= 4 * sd + 1e-9, "n=%d p=%g: %s %g, expected %g +- %g", n,
          p, what, seen, trials * prob, sd);
}

static void check_density(int n, int size, double p, int batches)
{
    struct rng r;
    struct batch bt;
    rng_seed(&r, 42);
    CHECK(batch_init(&bt, size, n), "allocation");
    unsigned char *seen = malloc((size_t)size);
    struct tally t = { 0 };
    for (int k = 0; k < batches; k++) {
        batch_generate(&bt, &r, p);
        tally_batch(&bt, &t, seen);
    }
    const double trials = (double)n * size * batches, samples = (double)size * batches;
    check_count("active entries", t.active, trials, p, n, p);
    double mean = t.sum / t.active, mean_sd = sqrt(1.0 / 12.0 / t.active);
    CHECK(fabs(mean - 0.5) <= 4 * mean_sd, "p=%g: mean active value %g, expected 0.5 +- %g", p, mean, mean_sd);
    double var = t.sum2 / t.active - mean * mean;
    CHECK(fabs(var - 1.0 / 12.0) <= 0.01, "p=%g: variance %g, expected 1/12", p, var);
    check_count("all-zero samples", t.zero_samples, samples, pow(1 - p, n), n, p);
    /* The number of active features per sample is binomial(n, p). */
    for (int k = 1; k <= n && k < 64; k++)
        check_count("samples with k active", (double)t.per_count[k], samples, binom_pmf(n, k, p), n, p);
    if (n <= BATCH_GROUP_MAX_FEATURES) {
        check_count("grouped singles", t.singles, samples, binom_pmf(n, 1, p), n, p);
        check_count("listed samples", t.listed, samples, 1 - pow(1 - p, n) - binom_pmf(n, 1, p), n, p);
    }
    for (int i = 0; i < n && n <= 64; i++)
        check_count("feature activity", (double)t.per_feature[i], trials / n, p, n, p);
    free(seen);
    batch_finish(&bt);
}

/* Same stream, same batch; the dense form holds exactly the stored entries. */
static void check_repeatable_and_dense(int n, int size, double p)
{
    struct rng r1, r2;
    struct batch a, b;
    rng_seed(&r1, 5);
    rng_seed(&r2, 5);
    CHECK(batch_init(&a, size, n) && batch_init(&b, size, n), "allocation");
    double *xa = malloc((size_t)size * n * sizeof *xa), *xb = malloc((size_t)size * n * sizeof *xb);
    for (int k = 0; k < 3; k++) {
        batch_generate(&a, &r1, p);
        batch_generate(&b, &r2, p);
        batch_to_dense(&a, xa);
        batch_to_dense(&b, xb);
        CHECK(memcmp(xa, xb, (size_t)size * n * sizeof *xa) == 0, "same seed, different batch");
        long nonzero_rows = 0;
        for (int s = 0; s < size; s++) {
            bool any = false;
            for (int i = 0; i < n; i++)
                any = any || xa[(size_t)s * n + i] != 0.0;
            nonzero_rows += any;
        }
        /* a value of exactly 0 is possible (1 in 2^24) but not in these few batches */
        CHECK(nonzero_rows == a.nonzero, "dense form has %ld nonzero rows, batch %d", nonzero_rows,
              a.nonzero);
    }
    free(xa);
    free(xb);
    batch_finish(&a);
    batch_finish(&b);
}

/* Each sample's active features as a bit mask (n <= 64), read from the stored entries (a value
 * can be exactly 0, so the dense form cannot tell). */
static void sample_masks(const struct batch *bt, uint64_t *mask, float *value)
{
    memset(mask, 0, (size_t)bt->size * sizeof *mask);
    for (int j = 0; j < bt->features; j++)
        for (int k = 0; k < bt->single_count[j]; k++) {
            size_t at = (size_t)j * (size_t)bt->size + (size_t)k;
            mask[bt->single_sample[at]] |= 1ull << j;
            value[(size_t)bt->single_sample[at] * 64 + (size_t)j] = bt->single_val[at];
        }
    for (int k = 0; k < bt->listed; k++)
        for (int e = bt->start[k]; e < bt->start[k + 1]; e++) {
            mask[bt->sample[k]] |= 1ull << bt->idx[e];
            value[(size_t)bt->sample[k] * 64 + (size_t)bt->idx[e]] = bt->val[e];
        }
}

static uint64_t set_mask(const struct featsets *fs, int k)
{
    uint64_t m = 0;
    for (int e = 0; e < featsets_size(fs, k); e++)
        m |= 1ull << featsets_members(fs, k)[e];
    return m;
}

/* Structured data: every feature on with probability p (1/s in a capped anticorrelated set),
 * within 4 sigma; correlated sets all-or-none, anticorrelated at most one; each set on with its
 * probability (4 sigma); two members of a correlated set take independent values (their
 * correlation within 4 / sqrt(count)). */
static void check_sets(int n, int size, double p, const char *corr, const char *anti,
                       int batches)
{
    struct featsets fs = { 0 };
    char err[160];
    CHECK(!corr || featsets_parse(&fs, FEATSETS_CORRELATED, corr, err, sizeof err), "%s", err);
    CHECK(!anti || featsets_parse(&fs, FEATSETS_ANTICORRELATED, anti, err, sizeof err), "%s", err);
    CHECK(featsets_fit(&fs, n, err, sizeof err), "%s", err);
    struct rng r;
    struct batch bt;
    rng_seed(&r, 7);
    CHECK(n <= 64 && batch_init(&bt, size, n), "allocation");
    unsigned char *seen = malloc((size_t)size);
    uint64_t *mask = malloc((size_t)size * sizeof *mask);
    float *value = malloc((size_t)size * 64 * sizeof *value);
    struct tally t = { 0 };
    long set_on[FEATSETS_MAX_SETS] = { 0 }, broken = 0;
    double pair[5] = { 0 }; /* count, sum a, sum b, sum ab, sum a^2 + b^2 of set 0's first two */
    for (int k = 0; k < batches; k++) {
        CHECK(batch_generate_sets(&bt, &r, p, &fs), "generation");
        tally_batch(&bt, &t, seen);
        sample_masks(&bt, mask, value);
        for (int s = 0; s < size; s++)
            for (int q = 0; q < fs.count; q++) {
                const uint64_t m = set_mask(&fs, q), on = mask[s] & m;
                const bool is_anti = fs.kind[q] == FEATSETS_ANTICORRELATED;
                broken += is_anti ? (on & (on - 1)) != 0 : on != 0 && on != m;
                set_on[q] += on != 0;
                if (q == 0 && !is_anti && on) {
                    const float *v = value + (size_t)s * 64;
                    const int a = featsets_members(&fs, 0)[0], b = featsets_members(&fs, 0)[1];
                    pair[0]++;
                    pair[1] += v[a];
                    pair[2] += v[b];
                    pair[3] += (double)v[a] * v[b];
                }
            }
    }
    CHECK(broken == 0, "n=%d p=%g: %ld samples break a set's structure", n, p, broken);
    const double samples = (double)size * batches;
    for (int q = 0; q < fs.count; q++) {
        const int sz = featsets_size(&fs, q);
        const enum featsets_kind kind = (enum featsets_kind)fs.kind[q];
        check_count("set on", (double)set_on[q], samples,
                    featsets_on_probability(kind, sz, p), n, p);
        for (int e = 0; e < sz; e++) {
            const int f = featsets_members(&fs, q)[e];
            const double want = kind == FEATSETS_ANTICORRELATED ? fmin(p, 1.0 / sz) : p;
            check_count("set member on", (double)t.per_feature[f], samples, want, n, p);
            t.per_feature[f] = -1; /* done */
        }
    }
    for (int i = 0; i < n; i++)
        if (t.per_feature[i] >= 0)
            check_count("free feature on", (double)t.per_feature[i], samples, p, n, p);
    double mean = t.sum / t.active, mean_sd = sqrt(1.0 / 12.0 / t.active);
    CHECK(fabs(mean - 0.5) <= 4 * mean_sd, "p=%g: mean value %g, expected 0.5 +- %g", p, mean,
          mean_sd);
    if (pair[0] > 100) {
        const double ma = pair[1] / pair[0], mb = pair[2] / pair[0];
        const double corr_ab = (pair[3] / pair[0] - ma * mb) * 12.0;
        CHECK(fabs(corr_ab) <= 4.0 / sqrt(pair[0]), "correlated set's values correlate: %g over %g",
              corr_ab, pair[0]);
    }
    free(seen);
    free(mask);
    free(value);
    batch_finish(&bt);
}

/* Without sets the structured entry point is the plain generator, draw for draw. */
static void check_no_sets_same_stream(int n, int size, double p)
{
    struct rng r1, r2;
    struct batch a, b;
    const struct featsets none = { 0 };
    rng_seed(&r1, 11);
    rng_seed(&r2, 11);
    CHECK(batch_init(&a, size, n) && batch_init(&b, size, n), "allocation");
    double *xa = malloc((size_t)size * n * sizeof *xa), *xb = malloc((size_t)size * n * sizeof *xb);
    for (int k = 0; k < 3; k++) {
        batch_generate(&a, &r1, p);
        batch_generate_sets(&b, &r2, p, k == 0 ? NULL : &none);
        batch_to_dense(&a, xa);
        batch_to_dense(&b, xb);
        CHECK(memcmp(xa, xb, (size_t)size * n * sizeof *xa) == 0, "no sets, different batch");
    }
    CHECK(memcmp(&r1, &r2, sizeof r1) == 0, "no sets, different stream");
    free(xa);
    free(xb);
    batch_finish(&a);
    batch_finish(&b);
}

/* Same seed, same structured batch. */
static void check_sets_repeatable(int n, int size, double p, const char *corr, const char *anti)
{
    struct featsets fs = { 0 };
    char err[160];
    CHECK(featsets_parse(&fs, FEATSETS_CORRELATED, corr, err, sizeof err), "%s", err);
    CHECK(featsets_parse(&fs, FEATSETS_ANTICORRELATED, anti, err, sizeof err), "%s", err);
    struct rng r1, r2;
    struct batch a, b;
    rng_seed(&r1, 3);
    rng_seed(&r2, 3);
    CHECK(batch_init(&a, size, n) && batch_init(&b, size, n), "allocation");
    double *xa = malloc((size_t)size * n * sizeof *xa), *xb = malloc((size_t)size * n * sizeof *xb);
    for (int k = 0; k < 3; k++) {
        batch_generate_sets(&a, &r1, p, &fs);
        batch_generate_sets(&b, &r2, p, &fs);
        batch_to_dense(&a, xa);
        batch_to_dense(&b, xb);
        CHECK(memcmp(xa, xb, (size_t)size * n * sizeof *xa) == 0, "same seed, different batch");
    }
    free(xa);
    free(xb);
    batch_finish(&a);
    batch_finish(&b);
}

/* The grid generator as it was before its table of skips, one logf per entry: the reference
 * whose batches and stream the generator must reproduce bit for bit. */
static void reference_entries(struct rng *r, int size, int n, double p, double *x)
{
    const int64_t total = (int64_t)size * n;
    memset(x, 0, (size_t)total * sizeof *x);
    if (p >= 1.0) {
        for (int64_t pos = 0; pos < total; pos++)
            x[pos] = rng_uniformf(r);
        return;
    }
    const float inv_log1mp = (float)(1.0 / log1p(-p));
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
        x[pos] = (float)(bits & ((1u << 24) - 1)) * 0x1p-24f;
    }
}

static void check_entries_as_reference(int n, int size, double p, int batches)
{
    struct rng r1, r2;
    struct batch a;
    rng_seed(&r1, 5);
    rng_seed(&r2, 5);
    CHECK(batch_init(&a, size, n), "allocation");
    double *xa = malloc((size_t)size * n * sizeof *xa), *xr = malloc((size_t)size * n * sizeof *xr);
    for (int k = 0; k < batches; k++) {
        CHECK(batch_generate(&a, &r1, p), "generate");
        reference_entries(&r2, size, n, p, xr);
        batch_to_dense(&a, xa);
        CHECK(memcmp(xa, xr, (size_t)size * n * sizeof *xa) == 0,
              "n %d p %g batch %d differs from the reference", n, p, k);
        CHECK(a.nonzero == a.listed, "listed");
    }
    CHECK(memcmp(&r1, &r2, sizeof r1) == 0, "n %d p %g: different stream", n, p);
    free(xa);
    free(xr);
    batch_finish(&a);
}

/* FNV-1a over bytes, continuing from h. */
static uint64_t fnv(uint64_t h, const void *p, size_t bytes)
{
    const unsigned char *c = p;
    for (size_t k = 0; k < bytes; k++)
        h = (h ^ c[k]) * UINT64_C(1099511628211);
    return h;
}

/* The grouped generator's stream, pinned: a hash of every field of `batches` batches and of
 * the generator's state after them, equal to what the generator gave before it was made
 * faster (at commit cbdf770), so a change of speed cannot change the data a seed
 * trains on. A deliberate change of the stream changes these constants and says so. */
static void check_grouped_stream(int n, int size, double p, int batches, uint64_t want)
{
    struct rng r;
    struct batch bt;
    rng_seed(&r, 11);
    CHECK(batch_init(&bt, size, n), "allocation");
    uint64_t h = UINT64_C(1469598103934665603);
    for (int k = 0; k < batches; k++) {
        CHECK(batch_generate(&bt, &r, p), "generate");
        h = fnv(h, &bt.nonzero, sizeof bt.nonzero);
        h = fnv(h, &bt.listed, sizeof bt.listed);
        for (int j = 0; j < n; j++) {
            const size_t at = (size_t)j * (size_t)size, c = (size_t)bt.single_count[j];
            h = fnv(h, &bt.single_count[j], sizeof bt.single_count[j]);
            h = fnv(h, bt.single_val + at, c * sizeof *bt.single_val);
            h = fnv(h, bt.single_sample + at, c * sizeof *bt.single_sample);
        }
        const size_t entries = (size_t)bt.start[bt.listed];
        h = fnv(h, bt.sample, (size_t)bt.listed * sizeof *bt.sample);
        h = fnv(h, bt.start, ((size_t)bt.listed + 1) * sizeof *bt.start);
        h = fnv(h, bt.idx, entries * sizeof *bt.idx);
        h = fnv(h, bt.val, entries * sizeof *bt.val);
    }
    h = fnv(h, r.s, sizeof r.s);
    CHECK(h == want, "n %d p %g: stream hash %016llx, pinned %016llx", n, p,
          (unsigned long long)h, (unsigned long long)want);
    batch_finish(&bt);
}

int main(void)
{
    check_grouped_stream(5, 1024, 0.05, 200, UINT64_C(0xb9be9ea76cc4088e));
    check_grouped_stream(5, 1024, 0.02, 200, UINT64_C(0xe3e1ecdd0b02bbfe));
    check_grouped_stream(8, 512, 0.3, 100, UINT64_C(0x6f2794450ed11cba));
    check_grouped_stream(3, 77, 0.9, 100, UINT64_C(0xecff0cf6eb8a3084));
    check_grouped_stream(1, 1000, 0.001, 100, UINT64_C(0xa93db9788910ddcc));
    check_density(5, 1024, 0.05, 400);
    check_density(5, 1024, 0.02, 400);
    check_density(5, 1024, 0.3, 100);
    check_density(8, 512, 0.05, 200);
    check_density(8, 256, 0.7, 50);
    check_density(1, 1000, 0.2, 100);
    check_density(20, 512, 0.3, 50);
    check_density(3, 100, 1.0, 10);
    check_density(5, 1024, 1.0, 10);
    check_density(7, 333, 0.001, 2000);
    check_repeatable_and_dense(5, 1024, 0.05);
    check_repeatable_and_dense(12, 256, 0.1);
    check_no_sets_same_stream(5, 1024, 0.05);
    check_no_sets_same_stream(30, 256, 0.1);
    check_sets(4, 1024, 0.05, "0-1,2-3", NULL, 400);
    check_sets(4, 1024, 0.05, NULL, "0-1,2-3", 400);
    check_sets(6, 1024, 0.05, "0-1,2-3,4-5", NULL, 400);
    check_sets(6, 1024, 0.2, "0+5", "1-3", 200);   /* feature 4 free */
    check_sets(8, 512, 0.3, "0-3", "4-7", 100);
    check_sets(5, 256, 1.0, "0-2", NULL, 20);      /* always on */
    check_sets(5, 512, 0.4, NULL, "0-2", 100);     /* 3 x 0.4 > 1: capped, each on 1/3 */
    check_sets(20, 512, 0.05, "0-4,6+9", "10-12,15+19", 200);
    check_sets(64, 256, 0.02, "0-31", "32-63", 400);
    check_sets_repeatable(6, 1024, 0.05, "0-1", "2-4");
    check_sets_repeatable(40, 256, 0.1, "0-9", "10+20+30");
    const double densities[] = { 0.3, 1.0, 0.01, 0.05, 0.9, 0.5, 1e-4, 0.999 };
    for (size_t k = 0; k < sizeof densities / sizeof densities[0]; k++) {
        check_entries_as_reference(400, 1024, densities[k], 30);
        check_entries_as_reference(100, 1024, densities[k], 30);
        check_entries_as_reference(9, 77, densities[k], 30);
    }
    return check_result("test_batch");
}
