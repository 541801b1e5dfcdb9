#include "geom3d.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void geom3d_rotation(double yaw, double pitch, double R[9])
{
    const double cy = cos(yaw), sy = sin(yaw), cp = cos(pitch), sp = sin(pitch);
    /* R_y(yaw) = [cy 0 sy; 0 1 0; -sy 0 cy], R_x(pitch) = [1 0 0; 0 cp -sp; 0 sp cp] */
    const double Ry[9] = { cy, 0.0, sy, 0.0, 1.0, 0.0, -sy, 0.0, cy };
    const double Rx[9] = { 1.0, 0.0, 0.0, 0.0, cp, -sp, 0.0, sp, cp };
    geom3d_mul(Rx, Ry, R);
}

void geom3d_mul(const double A[9], const double B[9], double out[9])
{
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            out[3 * i + j] = A[3 * i] * B[j] + A[3 * i + 1] * B[3 + j] + A[3 * i + 2] * B[6 + j];
}

void geom3d_apply(const double R[9], const double p[3], double out[3])
{
    for (int i = 0; i < 3; i++)
        out[i] = R[3 * i] * p[0] + R[3 * i + 1] * p[1] + R[3 * i + 2] * p[2];
}

struct geom3d_point geom3d_project(const double R[9], double distance, const double p[3])
{
    double q[3];
    geom3d_apply(R, p, q);
    /* pinhole camera on the +z axis looking at the origin, normalised so depth 0 keeps its
     * size: f = d / (d - z) */
    double f = distance > 0.0 ? distance / (distance - q[2]) : 1.0;
    return (struct geom3d_point){ q[0] * f, q[1] * f, q[2], f };
}

static double view_score(const double R[9], const double *xyz, int n, double min_norm,
                         double scale)
{
    double best = INFINITY;
    for (int i = 0; i < n; i++) {
        const double *p = xyz + 3 * i;
        double len = sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        if (!(len > min_norm))
            continue;
        double q[3];
        geom3d_apply(R, p, q);
        best = fmin(best, hypot(q[0], q[1]) / len);
        for (int j = i + 1; j < n; j++) {
            const double *pj = xyz + 3 * j;
            if (!(sqrt(pj[0] * pj[0] + pj[1] * pj[1] + pj[2] * pj[2]) > min_norm))
                continue;
            double qj[3];
            geom3d_apply(R, pj, qj);
            best = fmin(best, hypot(q[0] - qj[0], q[1] - qj[1]) / scale);
        }
    }
    return isfinite(best) ? best : 0.0;
}

double geom3d_clear_view(const double *xyz, int n, double min_norm, double *yaw, double *pitch)
{
    double scale = 0.0, best = -1.0;
    for (int i = 0; i < n; i++)
        scale = fmax(scale, sqrt(xyz[3 * i] * xyz[3 * i] + xyz[3 * i + 1] * xyz[3 * i + 1] +
                                 xyz[3 * i + 2] * xyz[3 * i + 2]));
    *yaw = *pitch = 0.0;
    if (!(scale > 0.0))
        return 0.0;
    for (int py = -25; py <= 25; py++)
        for (int yw = 0; yw < 120; yw++) {
            double R[9], y = yw * 3.0 * M_PI / 180.0, p = py * 3.0 * M_PI / 180.0;
            geom3d_rotation(y, p, R);
            double s = view_score(R, xyz, n, min_norm, scale);
            if (s > best + 1e-12) {
                best = s;
                *yaw = y;
                *pitch = p;
            }
        }
    return best;
}

bool geom3d_eigen_symmetric(const double *A, int m, double *values, double *vectors)
{
    const size_t mm = (size_t)m * (size_t)m;
    double *a = malloc(mm * sizeof *a), *v = malloc(mm * sizeof *v);
    int *order = malloc((size_t)m * sizeof *order);
    bool ok = false;
    if (!a || !v || !order)
        goto out;
    memcpy(a, A, mm * sizeof *a);
    for (size_t k = 0; k < mm; k++)
        v[k] = k % ((size_t)m + 1) == 0 ? 1.0 : 0.0;
    /* Cyclic Jacobi (Golub & Van Loan, Matrix Computations, 8.5): each rotation zeroes a[p][q];
     * the off-diagonal mass falls quadratically once small. v collects the rotations as
     * columns. */
    for (int sweep = 0; sweep < 64; sweep++) {
        double off = 0.0, diag = 0.0;
        for (int p = 0; p < m; p++) {
            diag += a[p * m + p] * a[p * m + p];
            for (int q = p + 1; q < m; q++)
                off += a[p * m + q] * a[p * m + q];
        }
        if (off <= 1e-30 * (diag + 1e-300))
            break;
        for (int p = 0; p < m; p++)
            for (int q = p + 1; q < m; q++) {
                const double apq = a[p * m + q];
                if (apq == 0.0)
                    continue;
                const double theta = (a[q * m + q] - a[p * m + p]) / (2.0 * apq);
                const double t = (theta >= 0.0 ? 1.0 : -1.0) /
                                 (fabs(theta) + sqrt(theta * theta + 1.0));
                const double c = 1.0 / sqrt(t * t + 1.0), s = t * c;
                for (int k = 0; k < m; k++) { /* columns p, q */
                    double akp = a[k * m + p], akq = a[k * m + q];
                    a[k * m + p] = c * akp - s * akq;
                    a[k * m + q] = s * akp + c * akq;
                }
                for (int k = 0; k < m; k++) { /* rows p, q */
                    double apk = a[p * m + k], aqk = a[q * m + k];
                    a[p * m + k] = c * apk - s * aqk;
                    a[q * m + k] = s * apk + c * aqk;
                }
                for (int k = 0; k < m; k++) {
                    double vkp = v[k * m + p], vkq = v[k * m + q];
                    v[k * m + p] = c * vkp - s * vkq;
                    v[k * m + q] = s * vkp + c * vkq;
                }
            }
    }
    for (int k = 0; k < m; k++)
        order[k] = k;
    for (int j = 1; j < m; j++) { /* insertion sort, decreasing eigenvalue */
        int o = order[j], p = j;
        for (; p > 0 && a[order[p - 1] * m + order[p - 1]] < a[o * m + o]; p--)
            order[p] = order[p - 1];
        order[p] = o;
    }
    for (int r = 0; r < m; r++) {
        const int col = order[r];
        values[r] = a[col * m + col];
        int big = 0;
        for (int k = 1; k < m; k++)
            if (fabs(v[k * m + col]) > fabs(v[big * m + col]))
                big = k;
        const double sign = v[big * m + col] < 0.0 ? -1.0 : 1.0;
        for (int k = 0; k < m; k++)
            vectors[(size_t)r * m + k] = sign * v[k * m + col];
    }
    ok = true;
out:
    free(order);
    free(v);
    free(a);
    return ok;
}

bool geom3d_principal(const float *W, int n, int m, int k, double *dirs, double *values)
{
    const size_t mm = (size_t)m * (size_t)m;
    double *C = calloc(mm, sizeof *C), *vals = malloc((size_t)m * sizeof *vals);
    double *vecs = malloc(mm * sizeof *vecs);
    bool ok = false;
    if (!C || !vals || !vecs)
        goto out;
    for (int i = 0; i < n; i++) /* C = W^T W = sum_i W_i W_i^T */
        for (int a = 0; a < m; a++)
            for (int b = 0; b < m; b++)
                C[a * m + b] += (double)W[(size_t)i * m + a] * W[(size_t)i * m + b];
    if (!geom3d_eigen_symmetric(C, m, vals, vecs))
        goto out;
    memcpy(dirs, vecs, (size_t)k * (size_t)m * sizeof *dirs);
    if (values)
        memcpy(values, vals, (size_t)k * sizeof *values);
    ok = true;
out:
    free(vecs);
    free(vals);
    free(C);
    return ok;
}

void geom3d_coords(const float *W, int n, int m, const double *dirs, double *xyz)
{
    for (int i = 0; i < n; i++) {
        const float *w = W + (size_t)i * m;
        for (int d = 0; d < 3; d++) {
            if (m <= 3) {
                xyz[3 * i + d] = d < m ? w[d] : 0.0;
                continue;
            }
            double s = 0.0;
            for (int k = 0; k < m; k++)
                s += dirs[(size_t)d * m + k] * w[k];
            xyz[3 * i + d] = s;
        }
    }
}

static double dot(const float *a, const float *b, int m)
{
    double s = 0.0;
    for (int k = 0; k < m; k++)
        s += (double)a[k] * b[k];
    return s;
}

/* out[0..count) as a min-heap on |cos|: the weakest kept edge at the root. */
static void sift_down(struct geom3d_edge *h, int count, int k)
{
    for (;;) {
        int least = k, l = 2 * k + 1, r = l + 1;
        if (l < count && fabs(h[l].cos) < fabs(h[least].cos))
            least = l;
        if (r < count && fabs(h[r].cos) < fabs(h[least].cos))
            least = r;
        if (least == k)
            return;
        struct geom3d_edge t = h[k];
        h[k] = h[least];
        h[least] = t;
        k = least;
    }
}

/* Keeps the strongest cap edges: in the order found while they fit, then as a heap whose root,
 * the weakest kept, gives way to a stronger one. */
static void keep(struct geom3d_edge *out, int cap, int count, struct geom3d_edge e)
{
    if (count < cap) {
        out[count] = e;
        if (count + 1 == cap)
            for (int k = cap / 2 - 1; k >= 0; k--)
                sift_down(out, cap, k);
    } else if (cap > 0 && fabs(e.cos) > fabs(out[0].cos)) {
        out[0] = e;
        sift_down(out, cap, 0);
    }
}

int geom3d_edges(const float *W, int n, int m, double threshold, double min_norm,
                 struct geom3d_edge *out, int cap)
{
    int count = 0;
    /* each norm once (hundreds of features would take them n times over); without the memory,
     * each where it is needed */
    double *norms = malloc((size_t)(n > 0 ? n : 1) * sizeof *norms);
    for (int i = 0; norms && i < n; i++)
        norms[i] = sqrt(dot(W + (size_t)i * m, W + (size_t)i * m, m));
    for (int i = 0; i < n; i++) {
        const float *wi = W + (size_t)i * m;
        const double ni = norms ? norms[i] : sqrt(dot(wi, wi, m));
        if (ni <= min_norm)
            continue;
        for (int j = i + 1; j < n; j++) {
            const float *wj = W + (size_t)j * m;
            const double nj = norms ? norms[j] : sqrt(dot(wj, wj, m));
            if (nj <= min_norm)
                continue;
            const double c = dot(wi, wj, m) / (ni * nj);
            if (fabs(c) <= threshold)
                continue;
            keep(out, cap, count++, (struct geom3d_edge){ i, j, c });
        }
    }
    free(norms);
    return count;
}
