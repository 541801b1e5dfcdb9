#include "prim.h"

#include <math.h>
#include <stdlib.h>

#include "palette.h"

static bool reserve(struct prim_mesh *mesh, int nv, int ni)
{
    if (mesh->failed)
        return false;
    if (mesh->nv + nv > mesh->capv) {
        int cap = mesh->capv ? mesh->capv : 256;
        while (cap < mesh->nv + nv)
            cap *= 2;
        SDL_Vertex *v = realloc(mesh->v, (size_t)cap * sizeof *v);
        if (!v)
            goto fail;
        mesh->v = v;
        mesh->capv = cap;
    }
    if (mesh->ni + ni > mesh->capi) {
        int cap = mesh->capi ? mesh->capi : 512;
        while (cap < mesh->ni + ni)
            cap *= 2;
        int *idx = realloc(mesh->idx, (size_t)cap * sizeof *idx);
        if (!idx)
            goto fail;
        mesh->idx = idx;
        mesh->capi = cap;
    }
    return true;
fail:
    mesh->failed = true;
    return false;
}

void prim_mesh_finish(struct prim_mesh *mesh)
{
    if (!mesh)
        return;
    free(mesh->v);
    free(mesh->idx);
    *mesh = (struct prim_mesh){ 0 };
}

void prim_mesh_draw(SDL_Renderer *r, struct prim_mesh *mesh)
{
    if (mesh->ni > 0) {
        SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
        SDL_RenderGeometry(r, NULL, mesh->v, mesh->nv, mesh->idx, mesh->ni);
    }
    mesh->nv = 0;
    mesh->ni = 0;
}

static int vertex(struct prim_mesh *mesh, float x, float y, SDL_Color c)
{
    mesh->v[mesh->nv] = (SDL_Vertex){ .position = { x, y }, .color = c };
    return mesh->nv++;
}

static void quad(struct prim_mesh *mesh, int a, int b, int c, int d)
{
    int *p = mesh->idx + mesh->ni;
    p[0] = a, p[1] = b, p[2] = c;
    p[3] = a, p[4] = c, p[5] = d;
    mesh->ni += 6;
}

static SDL_Color with_alpha(SDL_Color c, Uint8 a)
{
    c.a = a;
    return c;
}

static Uint8 mix8(Uint8 a, Uint8 b, float t)
{
    return (Uint8)lrintf((float)a + ((float)b - (float)a) * t);
}

static SDL_Color mix(SDL_Color a, SDL_Color b, float t)
{
    return (SDL_Color){ mix8(a.r, b.r, t), mix8(a.g, b.g, t), mix8(a.b, b.b, t), mix8(a.a, b.a, t) };
}

/* A renderer fills a triangle by testing every pixel of its bounding box, and a long diagonal
 * line's box is a square of its length: hundreds of them (n = 512 vectors, thousands of
 * interference edges) cost the software renderer 100 ms a frame. Cut into pieces whose
 * boxes are at most this many pixels across the narrow way, a line costs about this many
 * tests per pixel of its length. */
#define LINE_PIECE_PX 8.0f

/* Four strips across the line: transparent edge, opaque core, transparent edge. The core is
 * width - 1 wide and each feather 1 px, so the coverage ramps over the pixel the edge
 * crosses. Thin lines keep a narrower core with lower alpha instead. */
void prim_mesh_line2(struct prim_mesh *mesh, float x0, float y0, float x1, float y1, float width,
                     SDL_Color c0, SDL_Color c1)
{
    if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1) || !isfinite(width))
        return;
    float dx = x1 - x0, dy = y1 - y0;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-4f || width <= 0)
        return;
    const int pieces = (int)fminf(ceilf(fminf(fabsf(dx), fabsf(dy)) / LINE_PIECE_PX), 256.0f);
    const int n = pieces > 1 ? pieces : 1;
    if (!reserve(mesh, 4 * (n + 1), 18 * n))
        return;
    float nx = -dy / len, ny = dx / len;
    float inner = (width - 1.0f) * 0.5f, outer = (width + 1.0f) * 0.5f;
    if (inner < 0.0f) {
        /* Sub-pixel line: keep a 1 px footprint and scale its alpha by the width. */
        c0.a = (Uint8)(c0.a * width);
        c1.a = (Uint8)(c1.a * width);
        inner = 0.0f;
        outer = 1.0f;
    }
    /* Extend the ends by half a pixel so joined segments do not show seams. */
    float ex = dx / len * 0.5f, ey = dy / len * 0.5f;
    x0 -= ex, y0 -= ey, x1 += ex, y1 += ey;
    const float offs[4] = { -outer, -inner, inner, outer };
    int prev = -1;
    for (int p = 0; p <= n; p++) {
        float t = (float)p / (float)n;
        float px = x0 + (x1 - x0) * t, py = y0 + (y1 - y0) * t;
        SDL_Color c = p == 0 ? c0 : p == n ? c1 : mix(c0, c1, t);
        int first = mesh->nv;
        for (int k = 0; k < 4; k++)
            vertex(mesh, px + nx * offs[k], py + ny * offs[k], k == 0 || k == 3 ? with_alpha(c, 0) : c);
        if (prev >= 0)
            for (int k = 0; k < 3; k++)
                quad(mesh, prev + k, first + k, first + k + 1, prev + k + 1);
        prev = first;
    }
}

void prim_mesh_line(struct prim_mesh *mesh, float x0, float y0, float x1, float y1, float width,
                    SDL_Color c)
{
    prim_mesh_line2(mesh, x0, y0, x1, y1, width, c, c);
}

/* A dot of a few pixels needs few sides: hundreds of them are drawn a frame at n = 512. */
static int segments_for(float radius)
{
    int n = radius < 4 ? 8 : (int)(radius * 1.5f) + 12;
    return n > 96 ? 96 : n;
}

void prim_mesh_disc(struct prim_mesh *mesh, float cx, float cy, float radius, SDL_Color c)
{
    if (!isfinite(cx) || !isfinite(cy) || !isfinite(radius) || radius <= 0)
        return;
    const int n = segments_for(radius);
    if (!reserve(mesh, 2 * n + 1, 9 * n))
        return;
    float inner = radius - 0.5f, outer = radius + 0.5f;
    if (inner < 0)
        inner = 0;
    int centre = vertex(mesh, cx, cy, c);
    int first = mesh->nv;
    for (int k = 0; k < n; k++) {
        float t = 2.0f * (float)M_PI * (float)k / (float)n;
        float ux = cosf(t), uy = sinf(t);
        vertex(mesh, cx + ux * inner, cy + uy * inner, c);
        vertex(mesh, cx + ux * outer, cy + uy * outer, with_alpha(c, 0));
    }
    for (int k = 0; k < n; k++) {
        int i0 = first + 2 * k, i1 = first + 2 * ((k + 1) % n);
        int *p = mesh->idx + mesh->ni;
        p[0] = centre, p[1] = i0, p[2] = i1;
        mesh->ni += 3;
        quad(mesh, i0, i0 + 1, i1 + 1, i1);
    }
}

void prim_mesh_ring(struct prim_mesh *mesh, float cx, float cy, float radius, float width,
                    SDL_Color c)
{
    if (!isfinite(cx) || !isfinite(cy) || !isfinite(radius) || radius <= 0)
        return;
    /* Half the disc's count: at 96 segments a 300 px circle strays 0.16 px from true, and the
     * software renderer pays per triangle. */
    const int n = segments_for(radius) / 2 + 24;
    for (int k = 0; k < n; k++) {
        float t0 = 2.0f * (float)M_PI * (float)k / (float)n;
        float t1 = 2.0f * (float)M_PI * (float)(k + 1) / (float)n;
        prim_mesh_line(mesh, cx + radius * cosf(t0), cy + radius * sinf(t0),
                       cx + radius * cosf(t1), cy + radius * sinf(t1), width, c);
    }
}

void prim_mesh_rect(struct prim_mesh *mesh, float x, float y, float w, float h, SDL_Color c)
{
    if (!isfinite(x) || !isfinite(y) || !isfinite(w) || !isfinite(h) || w <= 0 || h <= 0)
        return;
    if (!reserve(mesh, 4, 6))
        return;
    int a = vertex(mesh, x, y, c);
    int b = vertex(mesh, x + w, y, c);
    int d = vertex(mesh, x + w, y + h, c);
    int e = vertex(mesh, x, y + h, c);
    quad(mesh, a, b, d, e);
}

void prim_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, float width, SDL_Color c)
{
    struct prim_mesh mesh = { 0 };
    prim_mesh_line(&mesh, x0, y0, x1, y1, width, c);
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
}

void prim_disc(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c)
{
    struct prim_mesh mesh = { 0 };
    prim_mesh_disc(&mesh, cx, cy, radius, c);
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
}

/* Matplotlib's viridis sampled at 9 points; linear interpolation between them is within a
 * couple of levels of the full 256-entry table. */
static const Uint8 viridis[9][3] = {
    { 68, 1, 84 },    { 71, 44, 122 },  { 59, 81, 139 },  { 44, 113, 142 }, { 33, 144, 141 },
    { 39, 173, 129 }, { 92, 200, 99 },  { 170, 220, 50 }, { 253, 231, 37 },
};

static SDL_Color ramp(const Uint8 (*table)[3], int count, double t, Uint8 alpha)
{
    if (isnan(t))
        return prim_rgba(PALETTE_NAN, alpha);
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double x = t * (count - 1);
    int k = (int)x;
    if (k >= count - 1)
        k = count - 2;
    double f = x - k;
    SDL_Color c = { 0, 0, 0, alpha };
    Uint8 *out[3] = { &c.r, &c.g, &c.b };
    for (int ch = 0; ch < 3; ch++)
        *out[ch] = (Uint8)lround(table[k][ch] * (1 - f) + table[k + 1][ch] * f);
    return c;
}

SDL_Color prim_viridis(double t, Uint8 alpha)
{
    return ramp(viridis, 9, t, alpha);
}

/* ColorBrewer RdBu, reversed so that negative is blue. */
static const Uint8 diverging[7][3] = {
    { 33, 102, 172 }, { 103, 169, 207 }, { 209, 229, 240 }, { 247, 247, 247 },
    { 253, 219, 199 }, { 239, 138, 98 }, { 178, 24, 43 },
};

SDL_Color prim_diverging(double t, Uint8 alpha)
{
    return ramp(diverging, 7, isnan(t) ? t : (t + 1) * 0.5, alpha);
}

SDL_Color prim_rgba(Uint32 rgb, Uint8 alpha)
{
    return (SDL_Color){ (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, alpha };
}

/* Relative luminance of an sRGB colour (WCAG 2). */
static double luminance(SDL_Color c)
{
    const Uint8 v[3] = { c.r, c.g, c.b };
    const double weight[3] = { 0.2126, 0.7152, 0.0722 };
    double l = 0;
    for (int k = 0; k < 3; k++) {
        double x = v[k] / 255.0;
        l += weight[k] * (x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4));
    }
    return l;
}

double prim_contrast(SDL_Color a, SDL_Color b)
{
    double la = luminance(a), lb = luminance(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

SDL_Color prim_readable(SDL_Color c, Uint32 ground, double ratio)
{
    const SDL_Color g = prim_rgba(ground, 255);
    SDL_Color out = c;
    for (int k = 1; k <= 50 && prim_contrast(out, g) < ratio; k++) {
        double t = k / 50.0;
        out.r = (Uint8)lround(c.r + (255 - c.r) * t);
        out.g = (Uint8)lround(c.g + (255 - c.g) * t);
        out.b = (Uint8)lround(c.b + (255 - c.b) * t);
    }
    return out;
}
