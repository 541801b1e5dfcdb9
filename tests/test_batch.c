/* The data generator: each feature active with probability p, active values uniform in [0, 1).
 * Counts and means must agree with the distribution within 4 standard deviations, and the
 * batch's layout (single-active samples grouped by feature, the rest listed) must hold. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "check.h"
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

int main(void)
{
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
    return check_result("test_batch");
}
