/* The 3D view's maths: rotations are orthonormal, known points project where they must,
 * principal directions of a constructed W are found, and interference edges follow |cos|. */
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "geom3d.h"
#include "rng.h"

static void check_rotation(void)
{
    for (double yaw = -3.0; yaw <= 3.0; yaw += 0.7)
        for (double pitch = -1.5; pitch <= 1.5; pitch += 0.5) {
            double R[9], RRt[9], Rt[9];
            geom3d_rotation(yaw, pitch, R);
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    Rt[3 * j + i] = R[3 * i + j];
            geom3d_mul(R, Rt, RRt);
            double err = 0.0;
            for (int k = 0; k < 9; k++)
                err = fmax(err, fabs(RRt[k] - (k % 4 == 0)));
            double det = R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) +
                         R[2] * (R[3] * R[7] - R[4] * R[6]);
            CHECK(err < 1e-12 && fabs(det - 1.0) < 1e-12, "yaw %g pitch %g: |R R^T - I| %g, det %g",
                  yaw, pitch, err, det);
        }
    /* yaw pi/2 turns x into -z (away from the viewer), z into x; pitch then tilts y */
    double R[9], q[3];
    geom3d_rotation(M_PI / 2, 0.0, R);
    geom3d_apply(R, (double[]){ 1, 0, 0 }, q);
    CHECK(fabs(q[0]) < 1e-12 && fabs(q[1]) < 1e-12 && fabs(q[2] + 1) < 1e-12,
          "yaw x -> -z: %g %g %g", q[0], q[1], q[2]);
    geom3d_apply(R, (double[]){ 0, 0, 1 }, q);
    CHECK(fabs(q[0] - 1) < 1e-12, "yaw z -> x");
    geom3d_rotation(0.0, M_PI / 2, R);
    geom3d_apply(R, (double[]){ 0, 1, 0 }, q);
    CHECK(fabs(q[2] - 1) < 1e-12, "pitch y -> +z (tilted towards the viewer)");
}

static void check_projection(void)
{
    double I[9];
    geom3d_rotation(0.0, 0.0, I);
    /* orthographic: x, y unchanged, depth = z */
    struct geom3d_point p = geom3d_project(I, 0.0, (double[]){ 0.3, -0.4, 0.5 });
    CHECK(fabs(p.x - 0.3) < 1e-12 && fabs(p.y + 0.4) < 1e-12 && fabs(p.depth - 0.5) < 1e-12 &&
          p.scale == 1.0, "orthographic: %g %g %g %g", p.x, p.y, p.depth, p.scale);
    /* perspective from distance 4: the near pole of the sphere is 4/3 as large, the far 4/5 */
    p = geom3d_project(I, 4.0, (double[]){ 0, 0, 1 });
    CHECK(fabs(p.scale - 4.0 / 3.0) < 1e-12 && p.x == 0.0 && p.y == 0.0, "near pole");
    p = geom3d_project(I, 4.0, (double[]){ 1, 0, -1 });
    CHECK(fabs(p.scale - 0.8) < 1e-12 && fabs(p.x - 0.8) < 1e-12 && p.depth == -1.0, "far point");
    p = geom3d_project(I, 4.0, (double[]){ 0, 1, 0 });
    CHECK(fabs(p.y - 1.0) < 1e-12, "depth 0 keeps its size");
    /* a rotated point: yaw pi/2 takes (0, 0, 1) to screen (1, 0) */
    double R[9];
    geom3d_rotation(M_PI / 2, 0.0, R);
    p = geom3d_project(R, 0.0, (double[]){ 0, 0, 1 });
    CHECK(fabs(p.x - 1.0) < 1e-12 && fabs(p.y) < 1e-12 && fabs(p.depth) < 1e-12, "rotated");
}

/* W = U diag(sigma) V^T-like: features along three known orthonormal directions in m = 6
 * with decreasing weight, plus small noise. The top three principal directions must be those
 * directions (up to sign), in order. */
static void check_principal(void)
{
    enum { N = 30, M = 6 };
    const double s2 = 1.0 / sqrt(2.0);
    const double u[3][M] = {
        { s2, s2, 0, 0, 0, 0 },
        { 0, 0, 0.6, 0.8, 0, 0 },
        { s2, -s2, 0, 0, 0, 0 },
    };
    const double weight[3] = { 3.0, 2.0, 1.0 };
    float W[N * M];
    struct rng g;
    rng_seed(&g, 3);
    for (int i = 0; i < N; i++) {
        int d = i % 3;
        double a = weight[d] * (rng_uniformf(&g) < 0.5 ? -1 : 1);
        for (int k = 0; k < M; k++)
            W[i * M + k] = (float)(a * u[d][k] + 0.01 * rng_normal(&g));
    }
    double dirs[3 * M], values[3];
    CHECK(geom3d_principal(W, N, M, 3, dirs, values), "principal");
    for (int d = 0; d < 3; d++) {
        double c = 0.0;
        for (int k = 0; k < M; k++)
            c += dirs[d * M + k] * u[d][k];
        CHECK(fabs(fabs(c) - 1.0) < 1e-3, "direction %d: |cos| with the constructed one %g", d, c);
        /* eigenvalue of W^T W along u_d: 10 features of weight^2 each */
        CHECK(fabs(values[d] - 10.0 * weight[d] * weight[d]) < 0.5, "value %d: %g", d, values[d]);
    }
    /* projected coordinates keep the features' lengths (they lie in the top 3 directions) */
    double xyz[3 * N];
    geom3d_coords(W, N, M, dirs, xyz);
    for (int i = 0; i < N; i++) {
        double a = 0, b = 0;
        for (int k = 0; k < 3; k++)
            a += xyz[3 * i + k] * xyz[3 * i + k];
        for (int k = 0; k < M; k++)
            b += (double)W[i * M + k] * W[i * M + k];
        CHECK(fabs(sqrt(a) - sqrt(b)) < 0.05, "feature %d: projected length %g vs %g", i, sqrt(a),
              sqrt(b));
    }
    /* m = 3: the coordinates are W itself */
    float W3[6] = { 1, 2, 3, -4, 5, -6 };
    geom3d_coords(W3, 2, 3, NULL, xyz);
    for (int k = 0; k < 6; k++)
        CHECK(xyz[k] == W3[k], "m = 3 coordinates");
}

/* A random symmetric matrix: A v = lambda v for every pair, vectors orthonormal, values
 * decreasing. */
static void check_eigen(void)
{
    enum { M = 9 };
    double A[M * M], values[M], V[M * M];
    struct rng g;
    rng_seed(&g, 11);
    for (int i = 0; i < M; i++)
        for (int j = 0; j <= i; j++)
            A[i * M + j] = A[j * M + i] = rng_normal(&g);
    CHECK(geom3d_eigen_symmetric(A, M, values, V), "eigen");
    double worst = 0.0;
    for (int r = 0; r < M; r++) {
        if (r > 0)
            CHECK(values[r] <= values[r - 1], "values decrease");
        for (int i = 0; i < M; i++) {
            double av = 0.0;
            for (int k = 0; k < M; k++)
                av += A[i * M + k] * V[r * M + k];
            worst = fmax(worst, fabs(av - values[r] * V[r * M + i]));
        }
        for (int q = 0; q < M; q++) {
            double d = 0.0;
            for (int k = 0; k < M; k++)
                d += V[r * M + k] * V[q * M + k];
            worst = fmax(worst, fabs(d - (r == q)));
        }
    }
    CHECK(worst < 1e-10, "eigen residual %g", worst);
}

static void check_edges(void)
{
    /* regular tetrahedron: every pair at cos -1/3, so 6 edges */
    const float t = (float)(1.0 / sqrt(3.0));
    const float tet[12] = { t, t, t, t, -t, -t, -t, t, -t, -t, -t, t };
    struct geom3d_edge e[16];
    CHECK(geom3d_edges(tet, 4, 3, GEOM3D_EDGE_COS, 0.5, e, 16) == 6, "tetrahedron: 6 edges");
    CHECK(fabs(e[0].cos + 1.0 / 3.0) < 1e-6 && e[0].i == 0 && e[0].j == 1, "first edge 0-1");
    /* octahedron: 3 antipodal axes, the orthogonal pairs have none */
    const float oct[18] = { 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1 };
    int k = geom3d_edges(oct, 6, 3, GEOM3D_EDGE_COS, 0.5, e, 16);
    CHECK(k == 3, "octahedron: %d edges", k);
    for (int j = 0; j < k && j < 16; j++)
        CHECK(e[j].j == e[j].i + 1 && e[j].cos < -0.99, "octahedron axis %d-%d", e[j].i, e[j].j);
    /* a short vector gets no edge; the count is complete even past cap */
    const float weak[9] = { 1, 0, 0, 0.1f, 0.1f, 0, -1, 0, 0 };
    CHECK(geom3d_edges(weak, 3, 3, GEOM3D_EDGE_COS, 0.5, e, 16) == 1, "weak feature skipped");
    CHECK(geom3d_edges(tet, 4, 3, GEOM3D_EDGE_COS, 0.5, e, 2) == 6, "count past cap");
    /* Past cap, the strongest of all, not the first found: features 0-4 at cos 1/2 to each
     * other ((e_0 + e_(i+1)) / sqrt 2: 10 weak edges, found first), then an antipodal pair
     * (5, 6) and a pair at cos 0.9 (7, 8) last. */
    enum { NS = 9, MS = 9 };
    float many[NS * MS] = { 0 };
    for (int i = 0; i < 5; i++)
        many[MS * i] = many[MS * i + i + 1] = (float)sqrt(0.5);
    many[MS * 5 + 6] = 1, many[MS * 6 + 6] = -1;
    many[MS * 7 + 7] = 1;
    many[MS * 8 + 7] = 0.9f, many[MS * 8 + 8] = (float)sqrt(1 - 0.81);
    struct geom3d_edge top[2];
    int all = geom3d_edges(many, NS, MS, GEOM3D_EDGE_COS, 0.5, top, 2);
    int pair = 0, near = 0;
    for (int e2 = 0; e2 < 2; e2++) {
        pair += top[e2].i == 5 && top[e2].j == 6 && top[e2].cos < -0.99;
        near += top[e2].i == 7 && top[e2].j == 8 && fabs(top[e2].cos - 0.9) < 1e-6;
    }
    CHECK(all == 12 && pair == 1 && near == 1, "the strongest 2 of %d edges: %d-%d %.2f, %d-%d %.2f",
          all, top[0].i, top[0].j, top[0].cos, top[1].i, top[1].j, top[1].cos);
}

/* An octahedron seen along an axis hides two vectors; the clear view shows all six apart. */
static void check_clear_view(void)
{
    const double oct[18] = { 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1 };
    double yaw, pitch, R[9];
    double score = geom3d_clear_view(oct, 6, 0.5, &yaw, &pitch);
    CHECK(score > 0.5, "octahedron: clear-view score %g", score);
    geom3d_rotation(yaw, pitch, R);
    for (int i = 0; i < 6; i++) {
        struct geom3d_point p = geom3d_project(R, 0.0, oct + 3 * i);
        CHECK(hypot(p.x, p.y) >= score - 1e-9, "vector %d projects to length %g", i,
              hypot(p.x, p.y));
    }
    double none[3] = { 0, 0, 0 };
    CHECK(geom3d_clear_view(none, 1, 0.5, &yaw, &pitch) == 0.0, "no points");
}

int main(void)
{
    check_rotation();
    check_projection();
    check_eigen();
    check_principal();
    check_edges();
    check_clear_view();
    return check_result("test_geom3d");
}
