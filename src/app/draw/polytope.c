#include "polytope.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "geom3d.h"
#include "palette.h"
#include "prim.h"
#include "text.h"
#include "vectors.h"

#define EDGES_DRAWN 1024

double view_polytope_scale_fit(const float *W, int n, int m)
{
    double max_norm = 0.0;
    for (int i = 0; i < n; i++) {
        double s = 0.0;
        for (int d = 0; d < m; d++)
            s += (double)W[(size_t)i * m + d] * W[(size_t)i * m + d];
        if (isfinite(s) && sqrt(s) > max_norm)
            max_norm = sqrt(s);
    }
    return fmax(1.0, max_norm) * 1.12;
}

static SDL_Rect square(SDL_Rect rect)
{
    int side = rect.w < rect.h ? rect.w : rect.h;
    return (SDL_Rect){ rect.x + (rect.w - side) / 2, rect.y + (rect.h - side) / 2, side, side };
}

/* The description with its zero fields given their defaults. */
static struct view_polytope resolve(const struct view_polytope *v)
{
    struct view_polytope r = *v;
    if (!(r.scale > 0.0))
        r.scale = r.W && r.n > 0 ? view_polytope_scale_fit(r.W, r.n, r.m) : 1.0;
    if (r.distance == 0.0)
        r.distance = VIEW_POLYTOPE_DISTANCE * r.scale;
    else if (r.distance < 0.0)
        r.distance = 0.0;   /* geom3d_project's orthographic */
    if (r.edge_cos == 0.0)
        r.edge_cos = GEOM3D_EDGE_COS;
    return r;
}

static double view_scale(const struct view_polytope *v)
{
    return v->scale > 0.0 ? v->scale : 1.0;
}

/* view_polytope_point for a resolved description. */
static void project(const struct view_polytope *v, SDL_Rect rect, const double p[3], float *px,
                    float *py, double *depth, double *size)
{
    double R[9];
    geom3d_rotation(v->yaw, v->pitch, R);
    struct geom3d_point q = geom3d_project(R, v->distance, p);
    SDL_Rect sq = square(rect);
    /* with perspective, points at depth up to `scale` grow by d / (d - scale): keep them in */
    double grow = v->distance > view_scale(v) ? v->distance / (v->distance - view_scale(v)) : 1.0;
    double half = sq.w * 0.5, k = half / (view_scale(v) * fmin(grow, 1.4));
    *px = (float)(sq.x + half + q.x * k);
    *py = (float)(sq.y + half - q.y * k);
    if (depth)
        *depth = q.depth / view_scale(v);
    if (size)
        *size = q.scale;
}

void view_polytope_point(const struct view_polytope *v, SDL_Rect rect, const double p[3],
                         float *px, float *py, double *depth, double *size)
{
    const struct view_polytope r = resolve(v);
    project(&r, rect, p, px, py, depth, size);
}

/* Fog: farther things fade towards the background. depth in [-1, 1], 1 nearest. */
static SDL_Color fog(SDL_Color c, double depth)
{
    const SDL_Color bg = prim_rgba(PALETTE_FIGURE_BACKGROUND, 255);
    double t = 0.5 * (1.0 - fmax(-1.0, fmin(1.0, depth))) * 0.6;
    return (SDL_Color){ (Uint8)(c.r + (bg.r - c.r) * t), (Uint8)(c.g + (bg.g - c.g) * t),
                        (Uint8)(c.b + (bg.b - c.b) * t), c.a };
}

SDL_Color view_polytope_colour(int i, int n, double depth)
{
    /* lifted viridis: the purple end is lost against the dark sphere otherwise */
    SDL_Color c = view_vectors_colour(i, n, 255);
    c.r = (Uint8)(c.r + (255 - c.r) * 0.35);
    c.g = (Uint8)(c.g + (255 - c.g) * 0.35);
    c.b = (Uint8)(c.b + (255 - c.b) * 0.35);
    return fog(c, depth);
}

static void sphere_line(struct prim_mesh *mesh, const struct view_polytope *v, SDL_Rect rect,
                        const double a[3], const double b[3], float u)
{
    float x0, y0, x1, y1;
    double d0, d1;
    project(v, rect, a, &x0, &y0, &d0, NULL);
    project(v, rect, b, &x1, &y1, &d1, NULL);
    /* the near half brighter than the far half */
    Uint8 alpha = (Uint8)(d0 + d1 > 0.0 ? 46 : 20);
    prim_mesh_line(mesh, x0, y0, x1, y1, 1.0f * u, prim_rgba(PALETTE_WHITE, alpha));
}

/* Latitudes every 30 degrees and meridians every 30 degrees of the unit sphere (y is up). */
static void draw_sphere(struct prim_mesh *mesh, const struct view_polytope *v, SDL_Rect rect,
                        float u)
{
    const int seg = 48;   /* 0.6 px from a true circle at 300 px radius */
    for (int lat = -60; lat <= 60; lat += 30) {
        double phi = lat * M_PI / 180.0, y = sin(phi), rr = cos(phi);
        for (int k = 0; k < seg; k++) {
            double t0 = 2 * M_PI * k / seg, t1 = 2 * M_PI * (k + 1) / seg;
            double a[3] = { rr * cos(t0), y, rr * sin(t0) };
            double b[3] = { rr * cos(t1), y, rr * sin(t1) };
            sphere_line(mesh, v, rect, a, b, u);
        }
    }
    for (int lon = 0; lon < 180; lon += 30) {
        double th = lon * M_PI / 180.0;
        for (int k = 0; k < seg; k++) {
            double p0 = 2 * M_PI * k / seg, p1 = 2 * M_PI * (k + 1) / seg;
            double a[3] = { cos(p0) * cos(th), sin(p0), cos(p0) * sin(th) };
            double b[3] = { cos(p1) * cos(th), sin(p1), cos(p1) * sin(th) };
            sphere_line(mesh, v, rect, a, b, u);
        }
    }
    /* the silhouette: radius d / sqrt(d^2 - 1) of the unit sphere in the normalised pinhole */
    float cx, cy, ex, ey;
    const double o[3] = { 0, 0, 0 }, e[3] = { 1, 0, 0 };
    project(v, rect, o, &cx, &cy, NULL, NULL);
    struct view_polytope flat = *v;
    flat.yaw = flat.pitch = 0.0;
    project(&flat, rect, e, &ex, &ey, NULL, NULL);
    double d = v->distance, rad = (ex - cx) * (d > 1.0 ? d / sqrt(d * d - 1.0) : 1.0);
    prim_mesh_ring(mesh, cx, cy, (float)rad, 1.2f * u, prim_rgba(PALETTE_WHITE, 60));
}

struct tip {
    int i;
    float x, y;
    double depth, size;
};

/* Strongest interference first. */
static int by_strength(const void *a, const void *b)
{
    double ca = fabs(((const struct geom3d_edge *)a)->cos), cb = fabs(((const struct geom3d_edge *)b)->cos);
    return (ca < cb) - (ca > cb);
}

static int by_depth(const void *a, const void *b)
{
    double da = ((const struct tip *)a)->depth, db = ((const struct tip *)b)->depth;
    return (da > db) - (da < db);
}

/* Each feature's number just beyond its tip, away from the centre, most important first
 * (crowded ones are left out), readable however far back the tip is. */
static void draw_labels(struct text *text, struct text_labels *placed, const struct view_polytope *v,
                        const struct tip *tips, const double *xyz, float cx, float cy, float u)
{
    int *at = malloc((size_t)v->n * sizeof *at);   /* feature i's place among the tips */
    if (!at)
        return;
    for (int k = 0; k < v->n; k++)
        at[tips[k].i] = k;
    for (int i = 0; i < v->n; i++) {
        const struct tip *t = &tips[at[i]];
        double dx = t->x - cx, dy = t->y - cy, len = sqrt(dx * dx + dy * dy);
        const double *p = xyz + 3 * i;
        /* a dropped feature's label would sit on the origin among the others' */
        double norm = sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        if (!isfinite(len) || norm < 0.06 * view_scale(v))
            continue;
        double off = 16.0 * u * t->size;
        float lx = len > 1 ? (float)(t->x + dx / len * off) : t->x + (float)off;
        float ly = len > 1 ? (float)(t->y + dy / len * off) : t->y;
        char label[16];
        snprintf(label, sizeof label, "%d", i);
        SDL_Color c = prim_readable(fog(view_vectors_label_colour(i, v->n), t->depth),
                                    PALETTE_PLOT, PALETTE_TEXT_CONTRAST);
        text_label(text, placed, TEXT_SMALL, (int)lx, (int)ly, TEXT_CENTRE | TEXT_MIDDLE, c, label);
    }
    free(at);
}

void view_polytope_draw(SDL_Renderer *r, struct text *text, const struct view_polytope *desc,
                        SDL_Rect rect)
{
    const struct view_polytope resolved = resolve(desc), *v = &resolved;
    struct prim_mesh mesh = { 0 };
    double *xyz = malloc((size_t)(v->n > 0 ? v->n : 1) * 3 * sizeof *xyz);
    double *dirs = v->m > 3 && !v->dirs ? malloc((size_t)3 * (size_t)v->m * sizeof *dirs) : NULL;
    struct tip *tips = malloc((size_t)(v->n > 0 ? v->n : 1) * sizeof *tips);
    struct geom3d_edge *edges = malloc(EDGES_DRAWN * sizeof *edges);
    float u = (float)(rect.w < rect.h ? rect.w : rect.h) / 640.0f;
    if (u < 0.5f)
        u = 0.5f;
    if (!xyz || !tips || !edges ||
        (v->m > 3 && !v->dirs && (!dirs || !geom3d_principal(v->W, v->n, v->m, 3, dirs, NULL))))
        goto out;
    geom3d_coords(v->W, v->n, v->m, v->dirs ? v->dirs : dirs, xyz);

    draw_sphere(&mesh, v, rect, u);
    float cx, cy;
    const double origin[3] = { 0, 0, 0 };
    project(v, rect, origin, &cx, &cy, NULL, NULL);
    for (int i = 0; i < v->n; i++) {
        struct tip *t = &tips[i];
        t->i = i;
        project(v, rect, xyz + 3 * i, &t->x, &t->y, &t->depth, &t->size);
    }
    /* interference edges, measured in all m dimensions, behind the vectors */
    /* past a budget only the strongest of them all: each costs the renderer as much as a
     * vector */
    int ne = geom3d_edges(v->W, v->n, v->m, v->edge_cos, 0.5, edges, EDGES_DRAWN);
    /* a polytope has a few edges per vertex; thousands among hundreds of features fade, so the
     * vectors stay readable through them */
    double fade = ne > 2 * v->n ? 2.0 * v->n / ne : 1.0;
    int drawn = ne < EDGES_DRAWN ? ne : EDGES_DRAWN;
    if (ne > EDGES_DRAWN)
        qsort(edges, (size_t)drawn, sizeof *edges, by_strength);
    for (int k = 0; k < drawn; k++) {
        const struct tip *a = &tips[edges[k].i], *b = &tips[edges[k].j];
        Uint8 alpha = (Uint8)(fade * (60 + 120 * fmin(1.0, fabs(edges[k].cos))));
        prim_mesh_line(&mesh, a->x, a->y, b->x, b->y, 1.6f * u,
                       fog(prim_rgba(PALETTE_EDGE, alpha), 0.5 * (a->depth + b->depth)));
    }
    /* vectors back to front */
    qsort(tips, (size_t)v->n, sizeof *tips, by_depth);
    float thin = view_vectors_thinning(v->n);
    for (int k = 0; k < v->n; k++) {
        const struct tip *t = &tips[k];
        if (!isfinite(t->x) || !isfinite(t->y))
            continue;
        SDL_Color c = view_polytope_colour(t->i, v->n, t->depth);
        prim_mesh_line(&mesh, cx, cy, t->x, t->y, fmaxf(3.5f * thin, 1.0f) * u, c);
        prim_mesh_disc(&mesh, t->x, t->y, (float)(fmax(7.0 * thin, 2.0) * u * t->size), c);
    }
    prim_mesh_disc(&mesh, cx, cy, 2.5f * u, prim_rgba(PALETTE_WHITE, 120));
    prim_mesh_draw(r, &mesh);
    if (!text)
        goto out;
    struct text_labels own, *placed = v->placed ? v->placed : &own;
    if (!v->placed)
        text_labels_init(&own, rect);
    if (v->m > 3) {
        char note[2][96], buf[96];
        snprintf(note[0], sizeof note[0],
                 "m = %d: projection onto the top 3 principal directions of W", v->m);
        snprintf(note[1], sizeof note[1], "m = %d: top 3 principal directions", v->m);
        int x = rect.x + 4, y = rect.y + 4;
        text_draw(text, TEXT_SMALL, x, y, TEXT_LEFT, prim_rgba(PALETTE_TEXT_SOFT, 255),
                  text_choose(text, TEXT_SMALL, rect.w - 8, buf, sizeof buf,
                              (const char *const[]){ note[0], note[1], NULL }));
        text_labels_take(placed, (SDL_Rect){ x, y, rect.w - 8, text_height(text, TEXT_SMALL) });
    }
    if (v->labels)
        draw_labels(text, placed, v, tips, xyz, cx, cy, u);
out:
    prim_mesh_finish(&mesh);
    free(edges);
    free(tips);
    free(dirs);
    free(xyz);
}
