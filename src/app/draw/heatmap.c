#include "heatmap.h"

#include <limits.h>
#include <math.h>

#include "palette.h"
#include "prim.h"
#include "text.h"
#include "vectors.h"

SDL_Color view_heatmap_colour(double value)
{
    if (!isfinite(value))
        return prim_rgba(PALETTE_NAN, 255);
    return prim_diverging(value < -1 ? -1 : value > 1 ? 1 : value, 255);
}

static int head_height(struct text *text, float scale)
{
    return text ? text_height(text, TEXT_SMALL) + (int)(4 * scale) : 0;
}

/* The feature indices on the left. */
static int label_width(struct text *text, float scale)
{
    return text ? (int)(18 * scale) : 0;
}

static double cell_size(struct text *text, float scale, int w, int h, int n)
{
    double cell = fmin((w - label_width(text, scale)) / (n + 1.5),
                       (double)(h - head_height(text, scale)) / n);
    return fmax(1.0, fmin(cell, 40.0 * scale));
}

int view_heatmap_height(struct text *text, float scale, int w, int n)
{
    return head_height(text, scale) + (int)ceil(cell_size(text, scale, w, INT_MAX / 2, n) * n);
}

/* The grid: a square of n x n cells, then a gap of half a cell and the bias column. */
SDL_Rect view_heatmap_cell(struct text *text, float scale, SDL_Rect rect, int n, int i, int j)
{
    int head = head_height(text, scale), label = label_width(text, scale);
    double cell = cell_size(text, scale, rect.w, rect.h, n);
    double x0 = rect.x + label, y0 = rect.y + head;
    double x = j < n ? x0 + cell * j : x0 + cell * (n + 0.5);
    int left = (int)floor(x), top = (int)floor(y0 + cell * i);
    return (SDL_Rect){ left, top, (int)floor(x + cell) - left, (int)floor(y0 + cell * (i + 1)) - top };
}

void view_heatmap_draw(SDL_Renderer *r, struct text *text, float scale,
                       const struct view_heatmap *v, SDL_Rect rect)
{
    const int n = v->n, m = v->m;
    if (n <= 0)
        return;
    struct prim_mesh mesh = { 0 };
    for (int i = 0; i < n; i++) {
        const float *wi = v->W + (size_t)i * (size_t)m;
        for (int j = 0; j <= n; j++) {
            double value = 0;
            if (j == n) {
                value = v->b[i];
            } else {
                const float *wj = v->W + (size_t)j * (size_t)m;
                for (int k = 0; k < m; k++)
                    value += (double)wi[k] * wj[k];
            }
            SDL_Rect c = view_heatmap_cell(text, scale, rect, n, i, j);
            prim_mesh_rect(&mesh, c.x, c.y, c.w, c.h, view_heatmap_colour(value));
        }
    }
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
    if (!text)
        return;
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255);
    SDL_Rect first = view_heatmap_cell(text, scale, rect, n, 0, 0);
    static const char *const titles[] = {
        "W^T W, then the bias b (red +1, white 0, blue -1)", "W^T W | b  (red +, blue -)", NULL,
    };
    char title[96];
    text_draw(text, TEXT_SMALL, rect.x, rect.y, TEXT_LEFT, dim,
              text_choose(text, TEXT_SMALL, rect.w, title, sizeof title, titles));
    /* Row labels only while they fit beside their cells. */
    if (first.h >= text_height(text, TEXT_SMALL) * 0.8)
        for (int i = 0; i < n; i++) {
            SDL_Rect c = view_heatmap_cell(text, scale, rect, n, i, 0);
            text_drawf(text, TEXT_SMALL, c.x - (int)(4 * scale), c.y + c.h / 2,
                       TEXT_RIGHT | TEXT_MIDDLE, view_vectors_label_colour(i, n), "%d", i);
        }
}
