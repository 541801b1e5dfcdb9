#include "analysis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool analysis_init(struct analysis *a, int capacity)
{
    memset(a, 0, sizeof *a);
    size_t c = capacity > 0 ? (size_t)capacity : 1;
    a->capacity = capacity;
    a->norms = calloc(c, sizeof *a->norms);
    a->superposition = calloc(c, sizeof *a->superposition);
    a->dimensionality = calloc(c, sizeof *a->dimensionality);
    a->angles_deg = calloc(c, sizeof *a->angles_deg);
    a->gaps_deg = calloc(c, sizeof *a->gaps_deg);
    a->order = calloc(c, sizeof *a->order);
    if (!a->norms || !a->superposition || !a->dimensionality || !a->angles_deg ||
        !a->gaps_deg || !a->order) {
        analysis_finish(a);
        return false;
    }
    return true;
}

void analysis_finish(struct analysis *a)
{
    if (!a)
        return;
    free(a->norms);
    free(a->superposition);
    free(a->dimensionality);
    free(a->angles_deg);
    free(a->gaps_deg);
    free(a->order);
    memset(a, 0, sizeof *a);
}

static double dot_rows(const float *W, int m, int i, int j)
{
    double s = 0.0;
    for (int d = 0; d < m; d++)
        s += (double)W[(size_t)i * m + d] * W[(size_t)j * m + d];
    return s;
}

#define BLOCK_MAX 64          /* features j a block holds */
#define BLOCK_FLOATS 4096     /* its rows transposed, on the stack: 16 KiB */

/* For the features i before the block's last, every c_ij = W_i . W_j with j > i in the block,
 * and off[i], off[j] += c_ij^2. The block holds W_j transposed, so the sum over d runs across
 * the block's j in vector lanes: the same double products, summed over d in the same order as
 * one dot product at a time. Returns the dot products it took. */
static long measure_block(struct analysis *a, const float *W, int j0, int width)
{
    const int m = a->m;
    float t[BLOCK_FLOATS];
    double acc[BLOCK_MAX];
    for (int jj = 0; jj < width; jj++)
        for (int d = 0; d < m; d++)
            t[(size_t)d * width + jj] = W[(size_t)(j0 + jj) * m + d];
    long dots = 0;
    for (int i = 0; i < j0 + width - 1; i++) {
        const int from = i < j0 ? 0 : i - j0 + 1;
        for (int jj = from; jj < width; jj++)
            acc[jj] = 0.0;
        for (int d = 0; d < m; d++) {
            const double x = W[(size_t)i * m + d];
            const float *td = t + (size_t)d * width;
            for (int jj = from; jj < width; jj++)
                acc[jj] += x * td[jj];
        }
        double off = 0.0;
        for (int jj = from; jj < width; jj++) {
            const double c2 = acc[jj] * acc[jj];
            off += c2;
            a->superposition[j0 + jj] += c2;
        }
        a->superposition[i] += off;
        dots += width - from;
    }
    return dots;
}

/* Each dot product once, for both features it concerns: off[i] = sum_{j != i} (W_i . W_j)^2
 * gathers in superposition[i], and then superposition_i = off_i / ||W_i||^2 and
 * D_i = ||W_i||^2 / sum_j (W^_i . W_j)^2 = ||W_i||^4 / (||W_i||^4 + off_i). */
static void measure_interference(struct analysis *a, const float *W,
                                 void (*counted)(void *ctx, long dots), void *ctx)
{
    const int n = a->n, m = a->m;
    for (int i = 0; i < n; i++) {
        a->norms[i] = dot_rows(W, m, i, i); /* squared until the end */
        a->frobenius2 += a->norms[i];
        a->superposition[i] = 0.0;
    }
    const int most = BLOCK_FLOATS / (m > 0 ? m : 1);
    const int width = most < 1 ? 1 : most > BLOCK_MAX ? BLOCK_MAX : most;
    for (int j0 = 0; j0 < n; j0 += width) {
        const int w = n - j0 < width ? n - j0 : width;
        const long dots = measure_block(a, W, j0, w) + w;   /* and the block's own norms */
        if (counted)
            counted(ctx, dots);
    }
    for (int i = 0; i < n; i++) {
        const double nrm2 = a->norms[i], off = a->superposition[i];
        a->norms[i] = sqrt(nrm2);
        a->superposition[i] = nrm2 > 0.0 ? off / nrm2 : 0.0;
        a->dimensionality[i] = a->norms[i] >= ANALYSIS_DIM_MIN_NORM ? nrm2 * nrm2 / (nrm2 * nrm2 + off) : 0.0;
    }
}

/* Insertion sort of feature indices by angle: n is small and qsort has no context pointer. */
static void sort_by_angle(int *order, int k, const double *angles)
{
    for (int j = 1; j < k; j++) {
        int v = order[j], p = j;
        for (; p > 0 && angles[order[p - 1]] > angles[v]; p--)
            order[p] = order[p - 1];
        order[p] = v;
    }
}

static void measure_angles(struct analysis *a, const float *W)
{
    for (int i = 0; i < a->n; i++) {
        double deg = atan2(W[2 * i + 1], W[2 * i]) * (180.0 / M_PI);
        a->angles_deg[i] = deg < 0.0 ? deg + 360.0 : deg;
    }
    int k = 0;
    for (int i = 0; i < a->n; i++)
        if (a->norms[i] > ANALYSIS_REPRESENTED_NORM)
            a->order[k++] = i;
    sort_by_angle(a->order, k, a->angles_deg);
    for (int j = 0; j < k; j++) {
        double from = a->angles_deg[a->order[j]];
        double to = a->angles_deg[a->order[(j + 1) % k]];
        double gap = to - from;
        a->gaps_deg[j] = k == 1 ? 360.0 : (gap <= 0.0 ? gap + 360.0 : gap);
    }
    a->gap_count = k;
}

void analysis_compute(struct analysis *a, const float *W, int n, int m)
{
    analysis_compute_counted(a, W, n, m, NULL, NULL);
}

void analysis_compute_counted(struct analysis *a, const float *W, int n, int m,
                              void (*counted)(void *ctx, long dots), void *ctx)
{
    a->n = n;
    a->m = m;
    a->frobenius2 = 0.0;
    measure_interference(a, W, counted, ctx);
    a->represented = 0;
    for (int i = 0; i < n; i++)
        a->represented += a->norms[i] > ANALYSIS_REPRESENTED_NORM;
    a->dims_per_feature = a->frobenius2 > 0.0 ? m / a->frobenius2 : 0.0;
    a->gap_count = 0;
    for (int i = 0; i < n; i++)
        a->angles_deg[i] = 0.0;
    if (m == 2)
        measure_angles(a, W);
}

double analysis_max_gap_error(const struct analysis *a)
{
    double worst = 0.0;
    for (int j = 0; j < a->gap_count; j++) {
        double err = fabs(a->gaps_deg[j] - 360.0 / a->gap_count);
        if (err > worst)
            worst = err;
    }
    return worst;
}

void analysis_gaps_text(const struct analysis *a, int decimals, int max, char *buf, size_t len)
{
    size_t used = 0;
    if (len == 0)
        return;
    buf[0] = 0;
    for (int k = 0; k < a->gap_count && used < len; k++) {
        int w = k == max ? snprintf(buf + used, len - used, " ...")
                         : snprintf(buf + used, len - used, "%s%.*f", k ? " " : "", decimals,
                                    a->gaps_deg[k]);
        if (w < 0 || k == max)
            break;
        used += (size_t)w;
    }
}

static void sort_small(double *v, int k)
{
    for (int j = 1; j < k; j++)
        for (int p = j; p > 0 && v[p - 1] > v[p]; p--) {
            double t = v[p];
            v[p] = v[p - 1];
            v[p - 1] = t;
        }
}

bool analysis_gap_shape(const struct analysis *a, enum model_activation act, char *buf,
                        size_t len, double *worst_off_deg)
{
    static const char *const polygons[] = { "square", "regular pentagon", "regular hexagon",
                                            "regular heptagon", "regular octagon" };
    const int k = a->gap_count;
    *worst_off_deg = 0.0;
    if (len > 0)
        buf[0] = 0;
    if (a->m != 2 || k < 2 || (act == MODEL_LINEAR && k > 2))
        return false;
    double worst = 0.0;
    if (k <= 3) {
        /* two: 90 and 270; three: an antipodal pair with one feature half way, 90 90 180 */
        const double target[2][3] = { { 90.0, 270.0 }, { 90.0, 90.0, 180.0 } };
        double g[3];
        for (int j = 0; j < k; j++)
            g[j] = a->gaps_deg[j];
        sort_small(g, k);
        for (int j = 0; j < k; j++)
            worst = fmax(worst, fabs(g[j] - target[k - 2][j]));
        snprintf(buf, len, "%s", k == 2 ? "orthogonal pair" : "antipodal pair + orthogonal");
    } else {
        worst = analysis_max_gap_error(a);
        if (k - 4 < (int)(sizeof polygons / sizeof polygons[0]))
            snprintf(buf, len, "%s", polygons[k - 4]);
        else
            snprintf(buf, len, "regular %d-gon", k);
    }
    *worst_off_deg = worst;
    return true;
}
