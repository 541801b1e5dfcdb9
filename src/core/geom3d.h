/* The maths of the 3D view of feature vectors (m >= 3 hidden dimensions): a rotation from yaw
 * and pitch, orthographic or perspective projection to the screen with a depth, the top
 * principal directions of W to project onto when m > 3, and the interference edges between
 * features. Matrices are 3 x 3, row-major, in double. */
#ifndef SUPERPOSE_CORE_GEOM3D_H
#define SUPERPOSE_CORE_GEOM3D_H

#include <stdbool.h>

/* R = R_x(pitch) R_y(yaw): first turn about the vertical axis, then tilt towards the viewer.
 * Angles in radians. */
void geom3d_rotation(double yaw, double pitch, double R[9]);
/* out = A B (out may alias neither). */
void geom3d_mul(const double A[9], const double B[9], double out[9]);
/* out = R p. */
void geom3d_apply(const double R[9], const double p[3], double out[3]);

/* A projected point: screen x to the right and y up, in the units of p (multiply by the
 * view's pixels per unit); depth is the rotated z, towards the viewer positive; scale is the
 * perspective factor (1 at depth 0, larger when nearer), usable as a size cue. */
struct geom3d_point {
    double x, y, depth, scale;
};

/* Projects p after rotating it by R. distance is the camera's distance from the origin in the
 * units of p (it must exceed the largest |p|); 0 gives an orthographic projection. */
struct geom3d_point geom3d_project(const double R[9], double distance, const double p[3]);

/* A still view of the points xyz (n x 3) where they are easy to read: the (yaw, pitch) on a
 * 3-degree grid (pitch within +-75) that maximises the smaller of the shortest projected
 * length |(x, y)| / |p| (no vector points at the viewer) and the shortest distance between two
 * projected tips, over the points with norm above min_norm. Orthographic. Returns that
 * score (1 at best; 0 when fewer than one point counts). */
double geom3d_clear_view(const double *xyz, int n, double min_norm, double *yaw, double *pitch);

/* Eigen-decomposition of the symmetric m x m matrix A (row-major, not modified) by cyclic
 * Jacobi rotations: values in decreasing order, vectors as the rows of `vectors` (m x m), each
 * with its largest-magnitude component positive so the result is deterministic. False when out
 * of memory. */
bool geom3d_eigen_symmetric(const double *A, int m, double *values, double *vectors);

/* The top k (<= m) principal directions of W (n x m, row i = W_i): the eigenvectors of
 * W^T W of largest eigenvalue, as the rows of dirs (k x m); values gets the eigenvalues (the
 * share of ||W||_F^2 each direction carries) when not NULL. */
bool geom3d_principal(const float *W, int n, int m, int k, double *dirs, double *values);

/* Each feature's 3D coordinates (n x 3): W_i itself for m = 3 (zero-padded below), else its
 * components along the three rows of dirs (3 x m, from geom3d_principal). */
void geom3d_coords(const float *W, int n, int m, const double *dirs, double *xyz);

struct geom3d_edge {
    int i, j;       /* i < j */
    double cos;     /* W^_i . W^_j */
};

/* Interference edges in the full m dimensions: pairs of features with norms above min_norm
 * and |cos| above threshold. With threshold GEOM3D_EDGE_COS a tetrahedron shows its 6 edges
 * (|cos| = 1/3), a triangular bipyramid its triangle (1/2) and polar axis (1), an octahedron
 * its 3 antipodal axes; orthogonal features get none. Returns how many there are and writes
 * the strongest cap of them (largest |cos|; in the order found when all fit, else in no
 * particular order). */
#define GEOM3D_EDGE_COS 0.25
int geom3d_edges(const float *W, int n, int m, double threshold, double min_norm,
                 struct geom3d_edge *out, int cap);

#endif
