/* The data generator: each feature active with probability p, active values uniform in [0, 1).
 * Counts and means must agree with the distribution within 4 standard deviations. */
#include <math.h>

#include "batch.h"
#include "check.h"
#include "rng.h"

static void check_density(int n, int size, double p, int batches)
{
    struct rng r;
    struct batch bt;
    rng_seed(&r, 42);
    CHECK(batch_init(&bt, size, n), "allocation");
    double active = 0, sum = 0, sum2 = 0, zero_samples = 0;
    long per_feature[64] = { 0 };
    for (int k = 0; k < batches; k++) {
        batch_generate(&bt, &r, p);
        zero_samples += bt.size - bt.nonzero;
        for (int s = 0; s < bt.nonzero; s++) {
            CHECK(bt.start[s + 1] > bt.start[s], "stored sample %d has no entries", s);
            if (s > 0)
                CHECK(bt.sample[s] > bt.sample[s - 1], "samples out of order");
            for (int e = bt.start[s]; e < bt.start[s + 1]; e++) {
                if (e > bt.start[s])
                    CHECK(bt.idx[e] > bt.idx[e - 1], "features out of order");
                CHECK(bt.val[e] >= 0.0f && bt.val[e] < 1.0f, "value %g outside [0, 1)", bt.val[e]);
                active++;
                sum += bt.val[e];
                sum2 += (double)bt.val[e] * bt.val[e];
                per_feature[bt.idx[e] % 64]++;
            }
        }
    }
    double trials = (double)n * size * batches;
    double sd = sqrt(trials * p * (1 - p));
    CHECK(fabs(active - trials * p) <= 4 * sd + 1e-9, "n=%d p=%g: %g active, expected %g +- %g",
          n, p, active, trials * p, sd);
    double mean = sum / active, mean_sd = sqrt(1.0 / 12.0 / active);
    CHECK(fabs(mean - 0.5) <= 4 * mean_sd, "p=%g: mean active value %g, expected 0.5 +- %g", p, mean, mean_sd);
    double var = sum2 / active - mean * mean;
    CHECK(fabs(var - 1.0 / 12.0) <= 0.01, "p=%g: variance %g, expected 1/12", p, var);
    double q = pow(1 - p, n), samples = (double)size * batches;
    double zsd = sqrt(samples * q * (1 - q));
    CHECK(fabs(zero_samples - samples * q) <= 4 * zsd + 1e-9, "p=%g: %g all-zero samples, expected %g",
          p, zero_samples, samples * q);
    for (int i = 0; i < n && n <= 64; i++) {
        double fsd = sqrt(trials / n * p * (1 - p));
        CHECK(fabs(per_feature[i] - trials / n * p) <= 4 * fsd + 1e-9, "feature %d active %ld times",
              i, per_feature[i]);
    }
    batch_finish(&bt);
}

int main(void)
{
    check_density(5, 1024, 0.05, 400);
    check_density(5, 1024, 0.02, 400);
    check_density(20, 512, 0.3, 50);
    check_density(3, 100, 1.0, 10);
    check_density(7, 333, 0.001, 2000);
    return check_result("test_batch");
}
