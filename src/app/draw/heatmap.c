#include "heatmap.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "layer.h"
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

void view_heatmap_bin(const float *in, int rows, int cols, float *out, int out_rows,
                      int out_cols)
{
    for (int r = 0; r < out_rows; r++) {
        int r0 = (int)((long)r * rows / out_rows), r1 = (int)((long)(r + 1) * rows / out_rows);
        for (int c = 0; c < out_cols; c++) {
            int c0 = (int)((long)c * cols / out_cols), c1 = (int)((long)(c + 1) * cols / out_cols);
            float best = 0;
            for (int i = r0; i < r1 && !isnan(best); i++)
                for (int j = c0; j < c1; j++) {
                    float v = in[(size_t)i * (size_t)cols + (size_t)j];
                    if (isnan(v) || fabsf(v) > fabsf(best))
                        best = v;
                    if (isnan(v))
                        break;
                }
            out[(size_t)r * (size_t)out_cols + (size_t)c] = best;
        }
    }
}

int view_heatmap_bin_of(int i, int count, int out_count)
{
    /* the last r with r * count / out_count <= i, as view_heatmap_bin's integer division */
    return (int)(((long)(i + 1) * out_count - 1) / count);
}

bool view_heatmap_image(SDL_Renderer *r, const float *values, int rows, int cols,
                        int out_rows, int out_cols, SDL_Rect dst)
{
    out_rows = out_rows < rows ? out_rows : rows;
    out_cols = out_cols < cols ? out_cols : cols;
    if (out_rows <= 0 || out_cols <= 0 || dst.w <= 0 || dst.h <= 0)
        return false;
    bool ok = false;
    float *binned = NULL;
    if (out_rows < rows || out_cols < cols) {
        binned = malloc((size_t)out_rows * (size_t)out_cols * sizeof *binned);
        if (!binned)
            return false;
        view_heatmap_bin(values, rows, cols, binned, out_rows, out_cols);
        values = binned;
    }
    Uint32 *pixels = malloc((size_t)out_rows * (size_t)out_cols * sizeof *pixels);
    SDL_Texture *tex = pixels ? SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888,
                                                  SDL_TEXTUREACCESS_STATIC, out_cols, out_rows)
                              : NULL;
    if (!tex)
        goto out;
    for (size_t k = 0; k < (size_t)out_rows * (size_t)out_cols; k++) {
        SDL_Color c = view_heatmap_colour(values[k]);
        pixels[k] = 0xff000000u | (Uint32)c.r << 16 | (Uint32)c.g << 8 | c.b;
    }
    /* nearest: a cell is a block of its own colour, never blurred into the next */
    SDL_SetTextureScaleMode(tex, SDL_ScaleModeNearest);
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_NONE);
    ok = SDL_UpdateTexture(tex, NULL, pixels, out_cols * (int)sizeof *pixels) == 0 &&
         SDL_RenderCopy(r, tex, NULL, &dst) == 0;
out:
    if (tex)
        SDL_DestroyTexture(tex);
    free(pixels);
    free(binned);
    return ok;
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

/* The grid in whole pixels: `out` rows and columns of `cell` pixels, each row a bin of `bin`
 * features; then a gap and the bias column, wide enough to see however small the cells. */
struct grid {
    int x0, y0, cell, bin, out, gap, bias_w;
};

static int grid_width(const struct grid *g)
{
    return g->out * g->cell + g->gap + g->bias_w;
}

static struct grid grid(struct text *text, float scale, SDL_Rect rect, int n)
{
    struct grid g = { .x0 = rect.x + label_width(text, scale), .y0 = rect.y + head_height(text, scale),
                      .cell = (int)(40 * scale), .bin = 1 };
    int avail_w = rect.x + rect.w - g.x0, avail_h = rect.y + rect.h - g.y0;
    int min_gap = (int)ceil(3 * scale), min_bias = (int)ceil(5 * scale);
    for (;; g.cell > 1 ? g.cell-- : g.bin++) {
        g.out = (n + g.bin - 1) / g.bin;
        g.gap = g.cell / 2 > min_gap ? g.cell / 2 : min_gap;
        g.bias_w = g.cell > min_bias ? g.cell : min_bias;
        if ((grid_width(&g) <= avail_w && g.out * g.cell <= avail_h) || g.bin >= n)
            return g;
    }
}

int view_heatmap_binning(struct text *text, float scale, SDL_Rect rect, int n)
{
    return n > 0 ? grid(text, scale, rect, n).bin : 1;
}

int view_heatmap_height(struct text *text, float scale, int w, int n)
{
    struct grid g = grid(text, scale, (SDL_Rect){ 0, 0, w, INT_MAX / 2 }, n > 0 ? n : 1);
    return head_height(text, scale) + g.out * g.cell;
}

SDL_Rect view_heatmap_cell(struct text *text, float scale, SDL_Rect rect, int n, int i, int j)
{
    struct grid g = grid(text, scale, rect, n > 0 ? n : 1);
    int y = g.y0 + view_heatmap_bin_of(i, n, g.out) * g.cell;
    if (j >= n)
        return (SDL_Rect){ g.x0 + g.out * g.cell + g.gap, y, g.bias_w, g.cell };
    return (SDL_Rect){ g.x0 + view_heatmap_bin_of(j, n, g.out) * g.cell, y, g.cell, g.cell };
}

/* G = W W^T, both triangles, in float (the colours hold 8 bits): each row from the transpose,
 * so the inner loop runs along contiguous memory. */
static float *gram(const float *W, int n, int m)
{
    float *G = malloc((size_t)n * (size_t)n * sizeof *G);
    float *Wt = malloc((size_t)n * (size_t)m * sizeof *Wt);
    if (!G || !Wt) {
        free(G);
        free(Wt);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        for (int k = 0; k < m; k++)
            Wt[(size_t)k * (size_t)n + (size_t)i] = W[(size_t)i * (size_t)m + (size_t)k];
    for (int i = 0; i < n; i++) {
        float *row = G + (size_t)i * (size_t)n;
        for (int j = i; j < n; j++)
            row[j] = 0;
        for (int k = 0; k < m; k++) {
            const float wik = W[(size_t)i * (size_t)m + (size_t)k], *col = Wt + (size_t)k * (size_t)n;
            for (int j = i; j < n; j++)
                row[j] += wik * col[j];
        }
        for (int j = 0; j < i; j++)
            row[j] = G[(size_t)j * (size_t)n + (size_t)i];
    }
    free(Wt);
    return G;
}

static void draw(SDL_Renderer *r, struct text *text, float scale, const struct view_heatmap *v,
                 SDL_Rect rect)
{
    const int n = v->n, m = v->m;
    struct grid g = grid(text, scale, rect, n);
    float *G = gram(v->W, n, m);
    if (!G)
        return;
    view_heatmap_image(r, G, n, n, g.out, g.out,
                       (SDL_Rect){ g.x0, g.y0, g.out * g.cell, g.out * g.cell });
    free(G);
    SDL_Rect bias = view_heatmap_cell(text, scale, rect, n, 0, n);
    view_heatmap_image(r, v->b, n, 1, g.out, 1, (SDL_Rect){ bias.x, bias.y, bias.w, g.out * g.cell });
    if (!text)
        return;
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255);
    char title[128], binned[2][128];
    snprintf(binned[0], sizeof binned[0], "W^T W | b: each pixel the largest |value| of %d x %d "
             "features (red +, blue -)", g.bin, g.bin);
    snprintf(binned[1], sizeof binned[1], "W^T W | b, %d x %d per pixel", g.bin, g.bin);
    const char *const titles[] = { "W^T W, then the bias b (red +1, white 0, blue -1)",
                                   "W^T W | b  (red +, blue -)", NULL };
    const char *const titles_binned[] = { binned[0], binned[1], "W^T W | b (binned)", NULL };
    text_draw(text, TEXT_SMALL, rect.x, rect.y, TEXT_LEFT, dim,
              text_choose(text, TEXT_SMALL, rect.w, title, sizeof title,
                          g.bin > 1 ? titles_binned : titles));
    /* Row labels only while they fit beside their cells. */
    if (g.bin == 1 && g.cell >= text_height(text, TEXT_SMALL) * 0.8)
        for (int i = 0; i < n; i++) {
            SDL_Rect c = view_heatmap_cell(text, scale, rect, n, i, 0);
            text_drawf(text, TEXT_SMALL, c.x - (int)(4 * scale), c.y + c.h / 2,
                       TEXT_RIGHT | TEXT_MIDDLE, view_vectors_label_colour(i, n), "%d", i);
        }
}

void view_heatmap_draw(SDL_Renderer *r, struct text *text, float scale,
                       const struct view_heatmap *v, SDL_Rect rect)
{
    if (v->n <= 0)
        return;
    struct layer *l = v->layer;
    const size_t n = (size_t)v->n, m = (size_t)v->m;
    const int size[2] = { v->n, v->m };
    layer_key(l, size, sizeof size);
    layer_key(l, &scale, sizeof scale);
    layer_key(l, &text, sizeof text);
    layer_key(l, &rect, sizeof rect);
    layer_key(l, v->W, n * m * sizeof *v->W);
    layer_key(l, v->b, n * sizeof *v->b);
    if (layer_begin(l, r, rect, prim_rgba(PALETTE_BACKGROUND, 255)) == LAYER_KEPT)
        return;
    draw(r, text, scale, v, rect);
    layer_end(l, r, rect);
}
