#include "dims.h"

#include <math.h>
#include <stdio.h>

#include "analysis.h"
#include "layer.h"
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

#define DOT_RADIUS 5.0f
/* A faint dot: a square this wide, this opaque; a hundred at one place add up to white. */
#define FAINT_SIZE 3.0f
#define FAINT_ALPHA 40
#define FAINT_COLOUR 0x9fd0ff

/* The x axis' ticks: 1, 2, 5, 10, 20, ... below two decades, else 1, 10, 100, ... */
static double next_tick(const struct view_dims *v, double x)
{
    if (v->x_max >= 100)
        return x * 10;
    double decade = pow(10, floor(log10(x) + 1e-9)), lead = x / decade;
    return decade * (lead < 1.5 ? 2 : lead < 3 ? 5 : 10);
}

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
    /* the ends inset by more than a dot's radius: the dots at the first and last density stay
     * inside the plot, clear of the labels beside it */
    float inset = DOT_RADIUS * scale + 3 * scale;
    *px = (float)(p.x + inset + (p.w - 2 * inset) * log10(inv_density) / span);
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
    for (double x = 1; x <= v->x_max * 1.0001; x = next_tick(v, x)) {
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
    const float half = FAINT_SIZE * scale / 2;
    for (int k = 0; k < v->count; k++) {
        const struct view_dims_model *md = &v->models[k];
        const struct analysis *an = md->an;
        for (int i = an->n - 1; i >= 0; i--) {
            float px, py;
            double d = fmin(an->dimensionality[i], VIEW_DIMS_Y_MAX);
            view_dims_point(v, scale, rect, 1.0 / md->density, d, &px, &py);
            if (v->faint)
                prim_mesh_rect(mesh, px - half, py - half, 2 * half, 2 * half,
                               prim_rgba(FAINT_COLOUR, FAINT_ALPHA));
            else
                prim_mesh_disc(mesh, px, py, DOT_RADIUS * scale,
                               view_vectors_colour(i, an->n, 255));
        }
    }
}

/* The sticky values' labels right of the plot, at their lines; where two would touch (2/5 and
 * 3/8 in a short plot) the lower one moves down, and all move up together if the last one
 * would leave the rect. */
static void sticky_labels(struct text *text, const struct view_dims *v, float scale, SDL_Rect rect)
{
    enum { COUNT = sizeof sticky / sizeof sticky[0] };
    SDL_Rect p = view_dims_plot(scale, rect);
    int x = p.x + p.w + (int)(4 * scale), y[COUNT];
    SDL_Rect ink[COUNT];
    for (int k = 0; k < COUNT; k++) {
        float px, py;
        view_dims_point(v, scale, rect, v->x_max, sticky[k].value, &px, &py);
        y[k] = (int)py;
        ink[k] = text_ink(text, TEXT_SMALL, x, y[k], TEXT_LEFT | TEXT_MIDDLE, sticky[k].label);
        if (k > 0 && ink[k].y <= ink[k - 1].y + ink[k - 1].h + 1) {
            int push = ink[k - 1].y + ink[k - 1].h + 2 - ink[k].y;
            y[k] += push;
            ink[k].y += push;
        }
    }
    int over = ink[COUNT - 1].y + ink[COUNT - 1].h - (rect.y + rect.h);
    for (int k = 0; k < COUNT; k++)
        text_draw(text, TEXT_SMALL, x, y[k] - (over > 0 ? over : 0), TEXT_LEFT | TEXT_MIDDLE,
                  prim_rgba(PALETTE_TEXT_DIM, 255), sticky[k].label);
}

/* What the plot shows, as the layer's key: the sizes, then every model's numbers. */
static void key(struct layer *l, struct text *text, float scale, const struct view_dims *v,
                SDL_Rect rect)
{
    if (!l)
        return;
    const int ints[2] = { v->count, v->faint };
    layer_key(l, ints, sizeof ints);
    layer_key(l, &v->x_max, sizeof v->x_max);
    layer_key(l, &scale, sizeof scale);
    layer_key(l, &text, sizeof text);
    layer_key(l, &rect, sizeof rect);
    for (int k = 0; k < v->count; k++) {
        const struct analysis *an = v->models[k].an;
        layer_key(l, &v->models[k].density, sizeof v->models[k].density);
        layer_key(l, &an->n, sizeof an->n);
        layer_key(l, &an->dims_per_feature, sizeof an->dims_per_feature);
        layer_key(l, an->dimensionality, (size_t)an->n * sizeof *an->dimensionality);
    }
}

static void draw_still(SDL_Renderer *r, struct text *text, float scale, const struct view_dims *v,
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
    int th = text_height(text, TEXT_SMALL);
    sticky_labels(text, v, scale, rect);
    struct text_labels placed;
    text_labels_init(&placed, rect);
    for (double x = 1; x <= v->x_max * 1.0001; x = next_tick(v, x)) {
        float px, py;
        char label[16];
        view_dims_point(v, scale, rect, x, 0, &px, &py);
        snprintf(label, sizeof label, "%g", x);
        text_label(text, &placed, TEXT_SMALL, (int)px, p.y + p.h + (int)(4 * scale), TEXT_CENTRE,
                   dim, label);
    }
    for (int d = 0; d <= 1; d++) {
        float px, py;
        view_dims_point(v, scale, rect, 1, d, &px, &py);
        text_label(text, &placed, TEXT_SMALL, p.x - (int)(6 * scale), (int)py,
                   TEXT_RIGHT | TEXT_MIDDLE, dim, d ? "1" : "0");
    }
    char buf[128];
    text_draw(text, TEXT_SMALL, p.x + p.w / 2, p.y + p.h + th + (int)(6 * scale), TEXT_CENTRE, dim,
              text_choose(text, TEXT_SMALL, rect.w, buf, sizeof buf,
                          (const char *const[]){ "1/(1-S) = 1/density (log scale)",
                                                 "1/density (log scale)", NULL }));
    const char *const coloured[] = { "dots: each feature's D_i (colour: importance)   "
                                     "line: dimensions per feature m/||W||_F^2",
                                     "dots: D_i (colour: importance)   line: m/||W||_F^2",
                                     "dots: D_i   line: m/||W||_F^2", NULL };
    const char *const faint[] = { "dots: each feature's D_i, faint (where many agree, bright)   "
                                  "line: dimensions per feature m/||W||_F^2",
                                  "dots: each feature's D_i   line: m/||W||_F^2",
                                  "dots: D_i   line: m/||W||_F^2", NULL };
    text_draw(text, TEXT_SMALL, rect.x, rect.y, TEXT_LEFT, dim,
              text_choose(text, TEXT_SMALL, rect.w, buf, sizeof buf, v->faint ? faint : coloured));
}

void view_dims_draw(SDL_Renderer *r, struct text *text, float scale, const struct view_dims *v,
                    SDL_Rect rect)
{
    key(v->layer, text, scale, v, rect);
    if (layer_begin(v->layer, r, rect, prim_rgba(PALETTE_BACKGROUND, 255)) != LAYER_KEPT) {
        draw_still(r, text, scale, v, rect);
        layer_end(v->layer, r, rect);
    }
    char buf[128];
    const int th = text ? text_height(text, TEXT_SMALL) : 0;
    if (text && v->note)
        text_draw(text, TEXT_SMALL, rect.x, rect.y + th + (int)(2 * scale), TEXT_LEFT,
                  prim_rgba(PALETTE_TEXT, 255),
                  text_choose(text, TEXT_SMALL, rect.w, buf, sizeof buf, v->note));
}
