/* The measurements on weights built by hand, where the answers are known exactly. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "check.h"

#define NEAR(a, b, tol) (fabs((a) - (b)) <= (tol))

static void pentagon(struct analysis *a)
{
    float W[10];
    for (int i = 0; i < 5; i++) {
        double t = 2 * M_PI * ((i * 3) % 5) / 5 + 0.3; /* shuffled order, rotated */
        W[2 * i] = (float)(1.1 * cos(t));
        W[2 * i + 1] = (float)(1.1 * sin(t));
    }
    analysis_compute(a, W, 5, 2);
    CHECK(a->represented == 5 && a->gap_count == 5, "pentagon: %d represented", a->represented);
    double sum = 0;
    for (int k = 0; k < a->gap_count; k++) {
        CHECK(NEAR(a->gaps_deg[k], 72.0, 1e-4), "pentagon gap %d = %g", k, a->gaps_deg[k]);
        sum += a->gaps_deg[k];
    }
    CHECK(NEAR(sum, 360.0, 1e-9), "gaps sum to %g", sum);
    for (int i = 0; i < 5; i++) {
        /* D = 1 / (1 + 2 cos^2 72 + 2 cos^2 144) = 2/5 */
        CHECK(NEAR(a->dimensionality[i], 0.4, 1e-6), "pentagon D_%d = %g", i, a->dimensionality[i]);
        CHECK(NEAR(a->norms[i], 1.1, 1e-6), "norm %g", a->norms[i]);
        CHECK(NEAR(a->superposition[i], 1.5 * 1.21, 1e-5), "superposition %g", a->superposition[i]);
    }
    for (int k = 1; k < 5; k++)
        CHECK(a->angles_deg[a->order[k]] > a->angles_deg[a->order[k - 1]], "order by angle");
    CHECK(NEAR(a->dims_per_feature, 2.0 / (5 * 1.21), 1e-6), "dims per feature %g", a->dims_per_feature);
    CHECK(analysis_max_gap_error(a) < 1e-4, "gap error");
}

static void antipodal_orthogonal_dropped(struct analysis *a)
{
    /* features 0 and 1 antipodal, 2 orthogonal to both, 3 dropped, 4 weak (not represented) */
    const float W[10] = { 1, 0, -1, 0, 0, 1, 0, 0, 0.2f, 0.2f };
    analysis_compute(a, W, 5, 2);
    CHECK(a->represented == 3, "represented %d, want 3", a->represented);
    CHECK(NEAR(a->dimensionality[0], 1.0 / (1 + 1 + 0.04), 1e-6), "antipodal D_0 = %g", a->dimensionality[0]);
    CHECK(NEAR(a->dimensionality[3], 0.0, 0), "dropped D = %g", a->dimensionality[3]);
    CHECK(NEAR(a->superposition[3], 0.0, 0), "dropped superposition %g", a->superposition[3]);
    CHECK(a->gap_count == 3, "gap count %d", a->gap_count);
    CHECK(NEAR(a->gaps_deg[0], 90, 1e-9) && NEAR(a->gaps_deg[1], 90, 1e-9) &&
              NEAR(a->gaps_deg[2], 180, 1e-9), "gaps %g %g %g", a->gaps_deg[0], a->gaps_deg[1], a->gaps_deg[2]);

    const float pair[4] = { 0.5f, 0.5f, -0.5f, -0.5f };
    analysis_compute(a, pair, 2, 2);
    CHECK(NEAR(a->dimensionality[0], 0.5, 1e-9) && NEAR(a->dimensionality[1], 0.5, 1e-9),
          "antipodal pair D = %g, %g", a->dimensionality[0], a->dimensionality[1]);
    CHECK(a->represented == 2 && NEAR(a->gaps_deg[0], 180, 1e-9), "pair gaps");

    const float one[4] = { 0, -2, 0, 0 };
    analysis_compute(a, one, 2, 2);
    CHECK(a->gap_count == 1 && a->gaps_deg[0] == 360.0, "one feature: gaps [360]");
    CHECK(NEAR(a->angles_deg[0], 270, 1e-9), "angle %g", a->angles_deg[0]);
}

/* D_i is a ratio that does not depend on ||W_i||: below ANALYSIS_DIM_MIN_NORM it is 0. */
static void dropped_features(struct analysis *a)
{
    /* in 3D: a represented feature on x, two dropped ones (norms 0.0004, 0.0003) on y, whose
     * ratios alone would be 0.64 and 0.36, and one just above the threshold on z */
    const float W[12] = { 1, 0, 0, 0, 0.0004f, 0, 0, -0.0003f, 0, 0, 0, 0.011f };
    analysis_compute(a, W, 4, 3);
    CHECK(a->dimensionality[1] == 0.0 && a->dimensionality[2] == 0.0,
          "dropped features (norm %.4f, %.4f): D = %g, %g, want 0", a->norms[1], a->norms[2],
          a->dimensionality[1], a->dimensionality[2]);
    CHECK(NEAR(a->dimensionality[3], 1.0, 1e-9), "norm 0.011 is above the threshold: D_3 = %g",
          a->dimensionality[3]);
    CHECK(NEAR(a->dimensionality[0], 1.0, 1e-9), "D_0 = %g", a->dimensionality[0]);
    /* a pentagon scaled to norm 0.005: all dropped, none reported as 2/5 */
    float small[10];
    for (int i = 0; i < 5; i++) {
        small[2 * i] = (float)(0.005 * cos(2 * M_PI * i / 5));
        small[2 * i + 1] = (float)(0.005 * sin(2 * M_PI * i / 5));
    }
    analysis_compute(a, small, 5, 2);
    for (int i = 0; i < 5; i++)
        CHECK(a->dimensionality[i] == 0.0, "tiny pentagon D_%d = %g", i, a->dimensionality[i]);
    /* the same at 0.02: its D_i are the pentagon's 2/5 again */
    for (int k = 0; k < 10; k++)
        small[k] *= 4;
    analysis_compute(a, small, 5, 2);
    for (int i = 0; i < 5; i++)
        CHECK(NEAR(a->dimensionality[i], 0.4, 1e-4), "pentagon at norm 0.02: D_%d = %g", i, a->dimensionality[i]);
}

static void three_dims(struct analysis *a)
{
    /* a regular tetrahedron in 3D: D = 3/4 */
    const float s = (float)(1 / sqrt(3.0));
    const float W[12] = { s, s, s, s, -s, -s, -s, s, -s, -s, -s, s };
    analysis_compute(a, W, 4, 3);
    for (int i = 0; i < 4; i++)
        CHECK(NEAR(a->dimensionality[i], 0.75, 1e-6), "tetrahedron D_%d = %g", i, a->dimensionality[i]);
    CHECK(a->gap_count == 0, "no angles in 3D");
}

/* The readout's and the train command's words about the gaps: the shape named is the one with
 * the lowest known loss for the represented count, never "360/k" for two orthogonal features. */
static void gap_words(struct analysis *a)
{
    char name[64], text[64];
    double off;
    const float ortho[4] = { 1, 0, 0, 1 };
    analysis_compute(a, ortho, 2, 2);
    CHECK(analysis_gap_shape(a, MODEL_RELU, name, sizeof name, &off) &&
          strcmp(name, "orthogonal pair") == 0 && NEAR(off, 0, 1e-9),
          "orthogonal pair: '%s' off by %g", name, off);
    CHECK(analysis_max_gap_error(a) > 89, "360/2 would call it off by %g",
          analysis_max_gap_error(a));
    analysis_gaps_text(a, 1, 12, text, sizeof text);
    CHECK(strcmp(text, "90.0 270.0") == 0, "gap text '%s'", text);

    const float pair_one[6] = { 1, 0, -1, 0, 0.1f, 0.995f };   /* 84.3 deg from the first */
    analysis_compute(a, pair_one, 3, 2);
    CHECK(analysis_gap_shape(a, MODEL_RELU, name, sizeof name, &off) &&
          strcmp(name, "antipodal pair + orthogonal") == 0 && NEAR(off, 5.74, 0.01),
          "pair + orthogonal: '%s' off by %g", name, off);

    CHECK(!analysis_gap_shape(a, MODEL_LINEAR, name, sizeof name, &off) && name[0] == 0,
          "a linear model has no best shape for three features, got '%s'", name);
    analysis_compute(a, ortho, 2, 2);
    CHECK(analysis_gap_shape(a, MODEL_LINEAR, name, sizeof name, &off) &&
          strcmp(name, "orthogonal pair") == 0, "linear, two features: '%s'", name);

    float W[16];
    for (int i = 0; i < 8; i++) {
        W[2 * i] = (float)cos(2 * M_PI * i / 8 + (i == 3 ? 0.05 : 0));
        W[2 * i + 1] = (float)sin(2 * M_PI * i / 8 + (i == 3 ? 0.05 : 0));
    }
    analysis_compute(a, W, 8, 2);
    CHECK(analysis_gap_shape(a, MODEL_RELU, name, sizeof name, &off) &&
          strcmp(name, "regular octagon") == 0 && NEAR(off, 0.05 * 180 / M_PI, 1e-4),
          "octagon: '%s' off by %g", name, off);
    analysis_gaps_text(a, 0, 5, text, sizeof text);
    CHECK(strcmp(text, "45 45 48 42 45 ...") == 0, "gap text cut at 5: '%s'", text);
    analysis_gaps_text(a, 0, 12, text, 8);
    CHECK(strlen(text) == 7, "gap text fits its buffer: '%s'", text);

    const float one[4] = { 1, 0, 0, 0 };
    analysis_compute(a, one, 2, 2);
    CHECK(!analysis_gap_shape(a, MODEL_RELU, name, sizeof name, &off) && name[0] == 0,
          "one feature: no shape, got '%s'", name);
    const float s = (float)(1 / sqrt(3.0));
    const float tetra[12] = { s, s, s, s, -s, -s, -s, s, -s, -s, -s, s };
    analysis_compute(a, tetra, 4, 3);
    CHECK(!analysis_gap_shape(a, MODEL_RELU, name, sizeof name, &off), "3D: no gap shape");
    analysis_gaps_text(a, 0, 12, text, sizeof text);
    CHECK(text[0] == 0, "3D: no gap text '%s'", text);
}

static void count_dots(void *ctx, long dots)
{
    *(long *)ctx += dots;
}

/* Random weights at sizes whose blocks of features do not divide n (m = 30: 64 a block, m =
 * 256: 16), against the definitions summed directly in double, and the progress count. */
static void blocked(int n, int m)
{
    struct analysis a;
    float *W = malloc((size_t)n * m * sizeof *W);
    CHECK(W && analysis_init(&a, n), "allocation");
    if (!W)
        return;
    srand(7);
    for (size_t k = 0; k < (size_t)n * m; k++)
        W[k] = (float)(rand() / (double)RAND_MAX - 0.5);
    const int dropped = n > 3 ? 3 : -1;   /* a feature with no weights, when there are four */
    for (int d = 0; dropped >= 0 && d < m; d++)
        W[(size_t)dropped * m + d] = 0.0f;
    long dots = 0;
    analysis_compute_counted(&a, W, n, m, count_dots, &dots);
    CHECK(dots == ANALYSIS_DOTS(n), "n %d m %d: counted %ld dot products, want %ld", n, m, dots,
          ANALYSIS_DOTS(n));
    int worst = -1;
    double worst_err = 0.0;
    for (int i = 0; i < n; i++) {
        double nrm2 = 0.0, off = 0.0;
        for (int j = 0; j < n; j++) {
            double c = 0.0;
            for (int d = 0; d < m; d++)
                c += (double)W[(size_t)i * m + d] * W[(size_t)j * m + d];
            if (j == i)
                nrm2 = c;
            else
                off += c * c;
        }
        const double sup = nrm2 > 0.0 ? off / nrm2 : 0.0;
        const double dim = sqrt(nrm2) >= ANALYSIS_DIM_MIN_NORM ? nrm2 * nrm2 / (nrm2 * nrm2 + off)
                                                               : 0.0;
        const double err = fmax(fabs(a.superposition[i] - sup) / fmax(sup, 1e-300),
                                fabs(a.dimensionality[i] - dim) / fmax(dim, 1e-300));
        if (err > worst_err ||
            (i == dropped && (a.superposition[i] != 0.0 || a.dimensionality[i] != 0.0))) {
            worst_err = i == dropped ? INFINITY : err;
            worst = i;
        }
    }
    CHECK(worst_err < 1e-12, "n %d m %d: feature %d off by %g (relative)", n, m, worst, worst_err);
    free(W);
    analysis_finish(&a);
}

int main(void)
{
    struct analysis a;
    CHECK(analysis_init(&a, 8), "allocation");
    pentagon(&a);
    antipodal_orthogonal_dropped(&a);
    dropped_features(&a);
    three_dims(&a);
    gap_words(&a);
    analysis_finish(&a);
    blocked(203, 30);
    blocked(37, 256);
    blocked(1, 1);
    return check_result("test_analysis");
}
