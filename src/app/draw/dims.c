#include "dims.h"

#include <math.h>

#include "analysis.h"
#include "palette.h"
#include "prim.h"
#include "text.h"
#include "vectors.h"

/* The paper's sticky values: tetrahedron, triangle, antipodal pair, pentagon, square
 * antiprism; 1 is a dimension of its own. */
static const struct {
    double value;
    const char *label;
} sticky[] = {
    { 1.0, "1" }, { 0.75, "3/4" }, { 2.0 / 3.0, "2/3" }, { 0.5, "1/2" }, { 0.4, "2/5" },
    { 0.375, "3/8" },
};

SDL_Rect view_dims_plot(float scale, SDL_Rect rect)
{
    int left = (int)(48 * scale), right = (int)(40 * scale);
    int top = (int)(48 * scale), bottom = (int)(44 * scale);
    return (SDL_Rect){ rect.x + left, rect.y + top, rect.w - left - right, rect.h - top - bottom };
}

void view_dims_point(const struct view_dims *v, float scale, SDL_Rect rect, double inv_density,
                     double d, float *px, float *py)
{
    SDL_Rect p = view_dims_plot(scale, rect);
    double span = log10(v->x_max > 1 ? v->x_max : 10);
    *px = (float)(p.x + p.w * log10(inv_density) / span);
    *py = (float)(p.y + p.h * (1 - d / VIEW_DIMS_Y_MAX));
}

static void draw_axes(struct prim_mesh *mesh, const struct view_dims *v, float scale,
                      SDL_Rect rect)
{
    SDL_Rect p = view_dims_plot(scale, rect);
    prim_mesh_rect(mesh, p.x, p.y, p.w, p.h, prim_rgba(PALETTE_PLOT, 255));
    for (size_t k = 0; k < sizeof sticky / sizeof sticky[0]; k++) {
        float x0, y, x1;
        view_dims_point(v, scale, rect, 1, sticky[k].value, &x0, &y);
        view_dims_point(v, scale, rect, v->x_max, sticky[k].value, &x1, &y);
        prim_mesh_line(mesh, x0, y, x1, y, 1.0f * scale, prim_rgba(PALETTE_WHITE, k == 0 ? 50 : 32));
    }
    for (double x = 1; x <= v->x_max * 1.0001; x *= 10) {
        float px, y0, y1;
        view_dims_point(v, scale, rect, x, 0, &px, &y0);
        view_dims_point(v, scale, rect, x, VIEW_DIMS_Y_MAX, &px, &y1);
        prim_mesh_line(mesh, px, y0, px, y1, 1.0f * scale, prim_rgba(PALETTE_WHITE, 24));
    }
}

static void draw_data(struct prim_mesh *mesh, const struct view_dims *v, float scale,
                      SDL_Rect rect)
{
    float prev[2] = { NAN, NAN };
    for (int k = 0; k < v->count; k++) {
        const struct view_dims_model *md = &v->models[k];
        double x = 1.0 / md->density;
        float px, py;
        double dpf = fmin(md->an->dims_per_feature, VIEW_DIMS_Y_MAX);
        view_dims_point(v, scale, rect, x, isfinite(dpf) ? dpf : NAN, &px, &py);
        if (k > 0)
            prim_mesh_line(mesh, prev[0], prev[1], px, py, 2.0f * scale, prim_rgba(PALETTE_TEXT, 200));
        prev[0] = px, prev[1] = py;
    }
    for (int k = 0; k < v->count; k++) {
        const struct view_dims_model *md = &v->models[k];
        const struct analysis *an = md->an;
        for (int i = an->n - 1; i >= 0; i--) {
            float px, py;
            double d = fmin(an->dimensionality[i], VIEW_DIMS_Y_MAX);
            view_dims_point(v, scale, rect, 1.0 / md->density, d, &px, &py);
            prim_mesh_disc(mesh, px, py, 5.0f * scale, view_vectors_colour(i, an->n, 255));
        }
    }
}

void view_dims_draw(SDL_Renderer *r, struct text *text, float scale, const struct view_dims *v,
                    SDL_Rect rect)
{
    struct prim_mesh mesh = { 0 };
    draw_axes(&mesh, v, scale, rect);
    draw_data(&mesh, v, scale, rect);
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
    if (!text)
        return;
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255);
    SDL_Rect p = view_dims_plot(scale, rect);
    for (size_t k = 0; k < sizeof sticky / sizeof sticky[0]; k++) {
        float px, py;
        view_dims_point(v, scale, rect, v->x_max, sticky[k].value, &px, &py);
        /* 2/5 and 3/8 sit close: alternate sides of the axis' end. */
        int dy = k == sizeof sticky / sizeof sticky[0] - 1 ? (int)(5 * scale) : 0;
        text_draw(text, TEXT_SMALL, (int)px + (int)(4 * scale), (int)py + dy,
                  TEXT_LEFT | TEXT_MIDDLE, dim, sticky[k].label);
    }
    for (double x = 1; x <= v->x_max * 1.0001; x *= 10) {
        float px, py;
        view_dims_point(v, scale, rect, x, 0, &px, &py);
        text_drawf(text, TEXT_SMALL, (int)px, (int)py + (int)(4 * scale), TEXT_CENTRE, dim, "%g",
                   x);
    }
    for (int d = 0; d <= 1; d++) {
        float px, py;
        view_dims_point(v, scale, rect, 1, d, &px, &py);
        text_drawf(text, TEXT_SMALL, (int)px - (int)(6 * scale), (int)py, TEXT_RIGHT | TEXT_MIDDLE,
                   dim, "%d", d);
    }
    text_draw(text, TEXT_SMALL, p.x + p.w / 2, p.y + p.h + text_height(text, TEXT_SMALL) +
              (int)(6 * scale), TEXT_CENTRE, dim, "1/(1-S) = 1/density (log scale)");
    text_draw(text, TEXT_SMALL, p.x, rect.y, TEXT_LEFT, dim,
              "dots: each feature's D_i (colour: importance)   line: dimensions per feature "
              "m/||W||_F^2");
}
