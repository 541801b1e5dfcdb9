#include "vectors.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "featsets.h"
#include "palette.h"
#include "prim.h"
#include "text.h"

bool view_trails_init(struct view_trails *t, int capacity, int length)
{
    *t = (struct view_trails){ .capacity = capacity, .length = length };
    t->xy = calloc((size_t)capacity * (size_t)length * 2, sizeof *t->xy);
    return t->xy != NULL;
}

void view_trails_finish(struct view_trails *t)
{
    free(t->xy);
    t->xy = NULL;
}

void view_trails_clear(struct view_trails *t)
{
    t->count = 0;
    t->head = 0;
    t->n = 0;
}

void view_trails_push(struct view_trails *t, const float *W, int n, int m)
{
    if (n > t->capacity)
        n = t->capacity;
    if (n != t->n)
        view_trails_clear(t);   /* features were added or removed: start the trails afresh */
    t->n = n;
    for (int i = 0; i < n; i++) {
        float *p = t->xy + ((size_t)i * (size_t)t->length + (size_t)t->head) * 2;
        p[0] = W[(size_t)i * (size_t)m];
        p[1] = m > 1 ? W[(size_t)i * (size_t)m + 1] : 0.0f;
    }
    t->head = (t->head + 1) % t->length;
    if (t->count < t->length)
        t->count++;
}

double view_scale_follow(double scale, double max_norm, double dt)
{
    if (!isfinite(max_norm))
        return scale;
    double target = fmax(1.0, max_norm) * 1.12;
    if (!isfinite(scale) || scale <= 0)
        return target;
    if (target > scale)
        return scale + (target - scale) * fmin(1.0, dt * 10.0);
    if (target < scale * 0.8)
        return scale + (target - scale) * fmin(1.0, dt * 1.5);
    return scale;
}

double view_scale_fit(const float *W, int n, int m)
{
    double max_norm = 0;
    for (int i = 0; i < n; i++) {
        double x = W[(size_t)i * (size_t)m], y = m > 1 ? W[(size_t)i * (size_t)m + 1] : 0;
        double r = sqrt(x * x + y * y);
        if (isfinite(r) && r > max_norm)
            max_norm = r;
    }
    return fmax(1.0, max_norm) * 1.12;
}

float view_vectors_thinning(int n)
{
    return n > VIEW_VECTORS_ROOMY ? sqrtf((float)VIEW_VECTORS_ROOMY / (float)n) : 1.0f;
}

SDL_Color view_vectors_colour(int i, int n, Uint8 alpha)
{
    return prim_viridis(n > 1 ? 1.0 - (double)i / (n - 1) : 1.0, alpha);
}

/* Lifted towards white: the purple end of viridis is too dark for text on a dark background.
 * Readable on the plots' ground, the lightest that text sits on. */
SDL_Color view_vectors_label_colour(int i, int n)
{
    return prim_readable(view_vectors_colour(i, n, 255), PALETTE_PLOT, PALETTE_TEXT_CONTRAST);
}

SDL_Color view_vectors_set_colour(int k, Uint8 alpha)
{
    static const Uint32 hues[PALETTE_SET_COUNT] = { PALETTE_SET_0, PALETTE_SET_1, PALETTE_SET_2,
                                                    PALETTE_SET_3 };
    return prim_rgba(hues[(k % PALETTE_SET_COUNT + PALETTE_SET_COUNT) % PALETTE_SET_COUNT], alpha);
}

static SDL_Rect square(SDL_Rect rect)
{
    int side = rect.w < rect.h ? rect.w : rect.h;
    return (SDL_Rect){ rect.x + (rect.w - side) / 2, rect.y + (rect.h - side) / 2, side, side };
}

/* The scale, or its default when zero: fitted to the weights. */
static double scale_of(const struct view_vectors *v)
{
    return v->scale > 0 ? v->scale : v->W ? view_scale_fit(v->W, v->n, v->m) : 1.0;
}

void view_vectors_point(const struct view_vectors *v, SDL_Rect rect, double x, double y,
                        float *px, float *py)
{
    SDL_Rect sq = square(rect);
    double half = sq.w * 0.5;
    double k = half / scale_of(v);
    *px = (float)(sq.x + half + x * k);
    *py = (float)(sq.y + half - y * k);   /* y up, as in the paper's plots */
}

static void tip(const struct view_vectors *v, int i, double *x, double *y)
{
    const float *w = v->W + (size_t)i * (size_t)v->m;
    *x = w[0];
    *y = v->m > 1 ? w[1] : 0.0;
}

static void draw_frame(struct prim_mesh *mesh, const struct view_vectors *v, SDL_Rect rect,
                       float u)
{
    float x0, y0, x1, y1, cx, cy, r;
    view_vectors_point(v, rect, -v->scale, 0, &x0, &y0);
    view_vectors_point(v, rect, v->scale, 0, &x1, &y1);
    prim_mesh_line(mesh, x0, y0, x1, y1, 1.0f * u, prim_rgba(PALETTE_WHITE, 40));
    view_vectors_point(v, rect, 0, -v->scale, &x0, &y0);
    view_vectors_point(v, rect, 0, v->scale, &x1, &y1);
    prim_mesh_line(mesh, x0, y0, x1, y1, 1.0f * u, prim_rgba(PALETTE_WHITE, 40));
    view_vectors_point(v, rect, 0, 0, &cx, &cy);
    view_vectors_point(v, rect, 1, 0, &x1, &y1);
    r = x1 - cx;
    prim_mesh_ring(mesh, cx, cy, r, 1.2f * u, prim_rgba(PALETTE_WHITE, 55));
}

static void draw_polygon(struct prim_mesh *mesh, const struct view_vectors *v, SDL_Rect rect,
                         float u)
{
    const struct analysis *an = v->an;
    if (!an || v->m != 2 || an->represented < 2 || an->n != v->n)
        return;
    for (int k = 0; k < an->represented; k++) {
        int a = an->order[k], b = an->order[(k + 1) % an->represented];
        if (an->represented == 2 && k == 1)
            break;
        double xa, ya, xb, yb;
        float pa[2], pb[2];
        tip(v, a, &xa, &ya);
        tip(v, b, &xb, &yb);
        view_vectors_point(v, rect, xa, ya, &pa[0], &pa[1]);
        view_vectors_point(v, rect, xb, yb, &pb[0], &pb[1]);
        prim_mesh_line(mesh, pa[0], pa[1], pb[0], pb[1], 1.5f * u, prim_rgba(PALETTE_WHITE, 70));
    }
}

/* Arcs of successive sets step outwards from a fifth of the view, so that pairs sharing a
 * quadrant stay apart. */
#define SET_ARC_FIRST 0.2
#define SET_ARC_STEP 0.085
#define SET_ARC_LEVELS 6

double view_vectors_set_radius(const struct view_vectors *v, int k)
{
    return scale_of(v) * (SET_ARC_FIRST + SET_ARC_STEP * (k % SET_ARC_LEVELS));
}

static bool set_fits(const struct featsets *fs, int k, int n)
{
    return featsets_members(fs, k)[featsets_size(fs, k) - 1] < n;
}

/* An angle means something only between two represented features: a dropped one's direction
 * is noise. */
static bool represented(const struct view_vectors *v, int i)
{
    double x, y;
    tip(v, i, &x, &y);
    return sqrt(x * x + y * y) > ANALYSIS_REPRESENTED_NORM;
}

/* The arc from feature a's direction to b's, the short way round, at radius rad (weight
 * units); every other piece left out for a dashed arc. Returns the middle angle. */
static double draw_arc(struct prim_mesh *mesh, const struct view_vectors *v, SDL_Rect rect,
                       int a, int b, double rad, bool dashed, float width, SDL_Color c)
{
    double xa, ya, xb, yb;
    tip(v, a, &xa, &ya);
    tip(v, b, &xb, &yb);
    double t0 = atan2(ya, xa), dt = remainder(atan2(yb, xb) - t0, 2 * M_PI);
    if (!isfinite(t0) || !isfinite(dt))
        return NAN;
    int pieces = dashed ? 2 * (int)ceil(fabs(dt) / (M_PI / 24)) + 1
                        : (int)ceil(fabs(dt) / (M_PI / 48)) + 1;
    float prev[2];
    view_vectors_point(v, rect, rad * cos(t0), rad * sin(t0), &prev[0], &prev[1]);
    for (int k = 1; k <= pieces; k++) {
        double t = t0 + dt * k / pieces;
        float p[2];
        view_vectors_point(v, rect, rad * cos(t), rad * sin(t), &p[0], &p[1]);
        if (!dashed || k % 2)
            prim_mesh_line(mesh, prev[0], prev[1], p[0], p[1], width, c);
        prev[0] = p[0], prev[1] = p[1];
    }
    return t0 + dt / 2;
}

/* Each set: a ring round its members' tips and an arc between successive members. */
static void draw_sets(struct prim_mesh *mesh, const struct view_vectors *v, SDL_Rect rect,
                      float u)
{
    const struct featsets *fs = v->sets;
    for (int k = 0; fs && k < fs->count; k++) {
        if (!set_fits(fs, k, v->n))
            continue;
        const uint16_t *mem = featsets_members(fs, k);
        SDL_Color c = view_vectors_set_colour(k, 255);
        for (int e = 0; e + 1 < featsets_size(fs, k); e++)
            if (represented(v, mem[e]) && represented(v, mem[e + 1]))
                draw_arc(mesh, v, rect, mem[e], mem[e + 1], view_vectors_set_radius(v, k),
                         fs->kind[k] == FEATSETS_ANTICORRELATED, 2.5f * u, c);
        for (int e = 0; e < featsets_size(fs, k); e++) {
            double x, y;
            float px, py;
            tip(v, mem[e], &x, &y);
            view_vectors_point(v, rect, x, y, &px, &py);
            prim_mesh_ring(mesh, px, py, 11.0f * u, 2.5f * u, c);
        }
    }
}

/* Each arc's angle beside its middle, in the set's hue. */
static void draw_set_labels(struct text *text, const struct view_vectors *v, SDL_Rect rect,
                            float u)
{
    const struct featsets *fs = v->sets;
    for (int k = 0; fs && k < fs->count; k++) {
        if (!set_fits(fs, k, v->n))
            continue;
        const uint16_t *mem = featsets_members(fs, k);
        for (int e = 0; e + 1 < featsets_size(fs, k); e++) {
            double xa, ya, xb, yb;
            tip(v, mem[e], &xa, &ya);
            tip(v, mem[e + 1], &xb, &yb);
            double t0 = atan2(ya, xa), mid = t0 + remainder(atan2(yb, xb) - t0, 2 * M_PI) / 2;
            double deg = featsets_angle_deg(v->W, v->m, mem[e], mem[e + 1]);
            if (!isfinite(mid) || !isfinite(deg) || !represented(v, mem[e]) ||
                !represented(v, mem[e + 1]))
                continue;
            /* a pair on one line: the label beside it, not on it */
            if (deg < 20)
                mid += 15 * M_PI / 180;
            /* just inside the arc: outside it the next set's arc runs */
            double rad = view_vectors_set_radius(v, k) - 9.0 * u * scale_of(v) * 2 /
                                                             (rect.w < rect.h ? rect.w : rect.h);
            float px, py;
            view_vectors_point(v, rect, rad * cos(mid), rad * sin(mid), &px, &py);
            text_drawf(text, TEXT_SMALL, (int)px, (int)py, TEXT_CENTRE | TEXT_MIDDLE,
                       view_vectors_set_colour(k, 255), "%.0f\u00b0", deg);
        }
    }
}

/* Tips in pixels, with their feature, sorted by x. */
struct pixel_tip {
    float x, y;
    int i;
};

static int by_x(const void *a, const void *b)
{
    float xa = ((const struct pixel_tip *)a)->x, xb = ((const struct pixel_tip *)b)->x;
    return (xa > xb) - (xa < xb);
}

/* crowded[i]: another tip lies within d pixels of feature i's, so its trail would run into
 * theirs (hundreds of features crowd the origin). False when out of memory. */
static bool find_crowded(const struct view_vectors *v, SDL_Rect rect, float d, bool *crowded)
{
    struct pixel_tip *p = malloc((size_t)v->n * sizeof *p);
    if (!p)
        return false;
    for (int i = 0; i < v->n; i++) {
        double x, y;
        tip(v, i, &x, &y);
        view_vectors_point(v, rect, x, y, &p[i].x, &p[i].y);
        p[i].i = i;
        crowded[i] = false;
    }
    qsort(p, (size_t)v->n, sizeof *p, by_x);
    for (int a = 0; a < v->n; a++)
        for (int b = a + 1; b < v->n && p[b].x - p[a].x < d; b++)
            if (fabsf(p[b].y - p[a].y) < d)
                crowded[p[a].i] = crowded[p[b].i] = true;
    free(p);
    return true;
}

static void draw_trails(struct prim_mesh *mesh, const struct view_vectors *v, SDL_Rect rect,
                        float u)
{
    const struct view_trails *t = v->trails;
    if (!t || t->count < 2 || t->n != v->n || t->n <= 0)
        return;
    bool *crowded = malloc((size_t)t->n * sizeof *crowded);
    if (!crowded || !find_crowded(v, rect, 16.0f * u, crowded)) {
        free(crowded);
        return;
    }
    for (int i = 0; i < t->n; i++) {
        if (crowded[i])
            continue;
        const float *ring = t->xy + (size_t)i * (size_t)t->length * 2;
        float prev[2] = { 0, 0 };
        for (int k = 0; k < t->count; k++) {
            /* oldest first */
            int slot = (t->head - t->count + k + t->length) % t->length;
            float p[2];
            view_vectors_point(v, rect, ring[slot * 2], ring[slot * 2 + 1], &p[0], &p[1]);
            if (k > 0) {
                Uint8 a0 = (Uint8)(150.0 * (k - 1) / t->count);
                Uint8 a1 = (Uint8)(150.0 * k / t->count);
                prim_mesh_line2(mesh, prev[0], prev[1], p[0], p[1], 2.0f * u,
                                view_vectors_colour(i, v->n, a0), view_vectors_colour(i, v->n, a1));
            }
            prev[0] = p[0], prev[1] = p[1];
        }
    }
    free(crowded);
}

void view_vectors_draw(SDL_Renderer *r, struct text *text, const struct view_vectors *desc,
                       SDL_Rect rect)
{
    struct view_vectors resolved = *desc;
    resolved.scale = scale_of(desc);
    const struct view_vectors *v = &resolved;
    struct prim_mesh mesh = { 0 };
    /* u: one "point" in pixels, so lines keep their look at any size and HiDPI. */
    float u = (float)(rect.w < rect.h ? rect.w : rect.h) / 640.0f;
    if (u < 0.5f)
        u = 0.5f;
    float cx, cy;
    view_vectors_point(v, rect, 0, 0, &cx, &cy);
    draw_frame(&mesh, v, rect, u);
    draw_polygon(&mesh, v, rect, u);
    draw_trails(&mesh, v, rect, u);
    /* Least important first, so the important features are drawn on top. */
    float thin = view_vectors_thinning(v->n);
    for (int i = v->n - 1; i >= 0; i--) {
        double x, y;
        float px, py;
        tip(v, i, &x, &y);
        if (!isfinite(x) || !isfinite(y))
            continue;
        view_vectors_point(v, rect, x, y, &px, &py);
        SDL_Color c = view_vectors_colour(i, v->n, 255);
        prim_mesh_line(&mesh, cx, cy, px, py, fmaxf(4.0f * thin, 1.0f) * u, c);
        prim_mesh_disc(&mesh, px, py, fmaxf(7.0f * thin, 2.0f) * u, c);
    }
    draw_sets(&mesh, v, rect, u);
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
    if (!text || !v->labels)
        return;
    draw_set_labels(text, v, rect, u);
    /* Most important first: where labels crowd, the less important ones are left out (the
     * panel beside the view lists every feature). */
    struct text_labels own, *placed = v->placed ? v->placed : &own;
    if (!v->placed)
        text_labels_init(&own, rect);
    for (int i = 0; i < v->n; i++) {
        double x, y;
        float px, py;
        tip(v, i, &x, &y);
        double len = sqrt(x * x + y * y);
        /* A dropped feature's label would sit on the origin among the others. */
        if (!isfinite(len) || len < 0.06 * v->scale)
            continue;
        /* The label sits just beyond the tip, along the vector. */
        double off = 20.0 * u / (rect.w < rect.h ? rect.w : rect.h) * 2 * v->scale;
        double ux = len > 1e-6 ? x / len : 0, uy = len > 1e-6 ? y / len : 0;
        view_vectors_point(v, rect, x + ux * off, y + uy * off, &px, &py);
        char label[16];
        snprintf(label, sizeof label, "%d", i);
        text_label(text, placed, TEXT_NORMAL, (int)px, (int)py, TEXT_CENTRE | TEXT_MIDDLE,
                   view_vectors_label_colour(i, v->n), label);
    }
}
