#include "bars.h"

#include <math.h>
#include <stdio.h>

#include "analysis.h"
#include "featsets.h"
#include "palette.h"
#include "prim.h"
#include "text.h"
#include "vectors.h"

SDL_Color view_bars_colour(double s)
{
    if (!isfinite(s))
        return prim_rgba(PALETTE_NAN, 255);
    double t = s < 0 ? 0 : s > 1 ? 1 : s;
    const SDL_Color a = prim_rgba(PALETTE_SUPERPOSITION_LOW, 255);
    const SDL_Color b = prim_rgba(PALETTE_SUPERPOSITION_HIGH, 255);
    return (SDL_Color){ (Uint8)(a.r + (b.r - a.r) * t), (Uint8)(a.g + (b.g - a.g) * t),
                        (Uint8)(a.b + (b.b - a.b) * t), 255 };
}

/* A number for a column (two decimals), or a dash when it is not finite (never draw NaN); what
 * rounds to zero is shown as zero, never as -0.00. */
static void cell(struct text *text, int x, int y, SDL_Color c, const char *fmt, double v)
{
    if (fabs(v) < 0.005)
        v = 0.0;
    if (isfinite(v))
        text_drawf(text, TEXT_SMALL, x, y, TEXT_RIGHT | TEXT_MIDDLE, c, fmt, v);
    else
        text_draw(text, TEXT_SMALL, x, y, TEXT_RIGHT | TEXT_MIDDLE, c, "-");
}

/* The header row, and the row pitch from comfortable to the densest that keeps the digits
 * (whose ink is about two thirds of the line height) apart. */
static int head_height(struct text *text, float scale)
{
    return text_height(text, TEXT_SMALL) + (int)(6 * scale);
}

static double pitch(struct text *text, bool dense)
{
    return text_height(text, TEXT_SMALL) * (dense ? 0.8 : 1.4);
}

int view_bars_height(struct text *text, float scale, int n, bool dense)
{
    return head_height(text, scale) + (int)ceil(pitch(text, dense) * n);
}

/* The rows: every feature at the pitch that fits, or the first ones at the densest pitch and a
 * line for the rest. Returns how many rows are shown. */
static int rows(struct text *text, float scale, int n, SDL_Rect rect, int *top, double *row)
{
    *top = rect.y + head_height(text, scale);
    *row = (double)(rect.y + rect.h - *top) / (n > 0 ? n : 1);
    int shown = n;
    if (*row > pitch(text, false))
        *row = pitch(text, false);
    if (*row < pitch(text, true)) {
        *row = pitch(text, true);
        shown = (int)((rect.y + rect.h - *top - text_height(text, TEXT_SMALL)) / *row);
    }
    return shown;
}

bool view_bars_strip(struct text *text, float scale, int n, int h)
{
    return view_bars_height(text, scale, n, true) > h;
}

int view_bars_strip_height(struct text *text, float scale)
{
    return 2 * text_height(text, TEXT_SMALL) + (int)(64 * scale);
}

/* The strip's plot: under its header, above its index line, right of the norm scale. */
static SDL_FRect strip_plot(struct text *text, float scale, SDL_Rect rect)
{
    float top = rect.y + head_height(text, scale), left = rect.x + 28 * scale;
    float bottom = rect.y + rect.h - text_height(text, TEXT_SMALL) - 8 * scale;
    return (SDL_FRect){ left, top, rect.x + rect.w - left, bottom - top };
}

/* Feature i's column in the strip: its own share of the width, or the pixel it shares. */
static SDL_FRect strip_column(const SDL_FRect *p, int n, int i)
{
    float w = p->w / (float)n;
    if (w < 1)
        return (SDL_FRect){ p->x + floorf(i * w), p->y, 1, p->h };
    return (SDL_FRect){ p->x + i * w, p->y, w, p->h };
}

SDL_FPoint view_bars_mark(struct text *text, float scale, int n, SDL_Rect rect, int i)
{
    if (view_bars_strip(text, scale, n, rect.h)) {
        SDL_FRect p = strip_plot(text, scale, rect), c = strip_column(&p, n, i);
        return (SDL_FPoint){ c.x + c.w / 2, p.y + p.h + 2.5f * scale };
    }
    int top;
    double row;
    rows(text, scale, n, rect, &top, &row);
    return (SDL_FPoint){ rect.x + 21 * scale, (float)(top + row * i + row * 0.5) };
}

/* A mark in the set's hue beside each shown member's index. */
static void draw_marks(struct prim_mesh *mesh, struct text *text, float scale, int n, int shown,
                       const struct featsets *fs, SDL_Rect rect)
{
    for (int k = 0; fs && k < fs->count; k++)
        for (int e = 0; e < featsets_size(fs, k); e++) {
            int i = featsets_members(fs, k)[e];
            if (i >= shown)
                continue;
            SDL_FPoint p = view_bars_mark(text, scale, n, rect, i);
            SDL_Color c = view_vectors_set_colour(k, 255);
            if (fs->kind[k] == FEATSETS_CORRELATED)
                prim_mesh_disc(mesh, p.x, p.y, 3.5f * scale, c);
            else
                prim_mesh_ring(mesh, p.x, p.y, 3.5f * scale, 1.5f * scale, c);
        }
}

/* Every feature as a column whose height is its norm and colour its superposition, the most
 * important on the left; where features outnumber the pixels a column is the largest norm of
 * those it holds. Set members are marked under their column. */
static void draw_strip(SDL_Renderer *r, struct text *text, float scale, const struct analysis *an,
                       const struct featsets *sets, SDL_Rect rect)
{
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255);
    const int n = an->n;
    SDL_FRect p = strip_plot(text, scale, rect);
    if (p.w < 8 || p.h < 8)
        return;
    double max_norm = 1.0;
    for (int i = 0; i < n; i++)
        if (isfinite(an->norms[i]) && an->norms[i] > max_norm)
            max_norm = an->norms[i];
    struct prim_mesh mesh = { 0 };
    prim_mesh_rect(&mesh, p.x, p.y, p.w, p.h, prim_rgba(PALETTE_PLOT, 255));
    float one = p.y + p.h - (float)(p.h / max_norm);   /* norm 1: fully represented */
    prim_mesh_line(&mesh, p.x, one, p.x + p.w, one, 1, prim_rgba(PALETTE_WHITE, 60));
    float gap = p.w / n >= 3 ? 1 : 0;
    for (int i = 0; i < n;) {
        SDL_FRect c = strip_column(&p, n, i);
        int best = i, k = i + 1;
        for (; k < n && strip_column(&p, n, k).x == c.x; k++)
            if (!(an->norms[best] >= an->norms[k]))
                best = k;
        double norm = isfinite(an->norms[best]) ? an->norms[best] : 0;
        float h = (float)(p.h * norm / max_norm);
        prim_mesh_rect(&mesh, c.x, p.y + p.h - h, c.w - gap, h,
                       view_bars_colour(an->superposition[best]));
        i = k;
    }
    for (int k = 0; sets && k < sets->count; k++)
        for (int e = 0; e < featsets_size(sets, k); e++) {
            int i = featsets_members(sets, k)[e];
            if (i < n) {
                SDL_FPoint m = view_bars_mark(text, scale, n, rect, i);
                prim_mesh_disc(&mesh, m.x, m.y, 2.5f * scale, view_vectors_set_colour(k, 255));
            }
        }
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
    char title[96];
    text_draw(text, TEXT_SMALL, rect.x, rect.y, TEXT_LEFT, dim,
              text_choose(text, TEXT_SMALL, rect.w, title, sizeof title, (const char *const[]){
                  "||W_i|| of every feature, colour = superposition", "||W_i||, colour = "
                  "superposition", "||W_i||", NULL }));
    text_drawf(text, TEXT_SMALL, (int)(p.x - 4 * scale), (int)one, TEXT_RIGHT | TEXT_MIDDLE, dim,
               "1");
    int y = (int)(p.y + p.h + 6 * scale);
    text_draw(text, TEXT_SMALL, (int)p.x, y, TEXT_LEFT, view_vectors_label_colour(0, n), "0");
    text_drawf(text, TEXT_SMALL, (int)(p.x + p.w), y, TEXT_RIGHT,
               view_vectors_label_colour(n - 1, n), "%d", n - 1);
    char mid[64];
    snprintf(mid, sizeof mid, "feature i (importance falls)");
    int room = (int)p.w - 2 * text_width(text, TEXT_SMALL, "0000");
    if (text_width(text, TEXT_SMALL, mid) <= room)
        text_draw(text, TEXT_SMALL, (int)(p.x + p.w / 2), y, TEXT_CENTRE, dim, mid);
}

void view_bars_draw(SDL_Renderer *r, struct text *text, float scale, const struct analysis *an,
                    const float *b, const struct featsets *sets, SDL_Rect rect)
{
    if (view_bars_strip(text, scale, an->n, rect.h)) {
        if (an->n > 0)
            draw_strip(r, text, scale, an, sets, rect);
        return;
    }
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255), bright = prim_rgba(PALETTE_TEXT, 255);
    const int n = an->n;
    int col_b = rect.x + rect.w, col_d = col_b - (int)(64 * scale);
    int col_norm = col_d - (int)(56 * scale);
    int bar_x = rect.x + (int)(28 * scale), bar_w = col_norm - (int)(52 * scale) - bar_x;
    int top;
    double row;
    int shown = rows(text, scale, n, rect, &top, &row);
    if (n <= 0 || bar_w <= 0 || shown < 1)
        return;
    const char *legend = "bar = norm, colour = superposition";
    int norm_w = text_draw(text, TEXT_SMALL, col_norm, rect.y, TEXT_RIGHT, dim, "||W_i||");
    if (text_width(text, TEXT_SMALL, legend) < col_norm - norm_w - rect.x - (int)(8 * scale))
        text_draw(text, TEXT_SMALL, rect.x, rect.y, TEXT_LEFT, dim, legend);
    text_draw(text, TEXT_SMALL, col_d, rect.y, TEXT_RIGHT, dim, "D_i");
    text_draw(text, TEXT_SMALL, col_b, rect.y, TEXT_RIGHT, dim, "b_i");
    double max_norm = 1.0;
    for (int i = 0; i < n; i++)
        if (isfinite(an->norms[i]) && an->norms[i] > max_norm)
            max_norm = an->norms[i];

    struct prim_mesh mesh = { 0 };
    float one = bar_x + (float)(bar_w / max_norm);   /* where norm 1 (fully represented) falls */
    prim_mesh_line(&mesh, one, top, one, top + (float)(row * shown), 1,
                   prim_rgba(PALETTE_WHITE, 60));
    for (int i = 0; i < shown; i++) {
        float y = top + (float)(row * i), h = (float)(row * 0.7);
        double norm = isfinite(an->norms[i]) ? an->norms[i] : 0;
        prim_mesh_rect(&mesh, bar_x, y + (float)(row - h) * 0.5f, (float)(bar_w * norm / max_norm),
                       h, view_bars_colour(an->superposition[i]));
    }
    draw_marks(&mesh, text, scale, n, shown, sets, rect);
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
    for (int i = 0; i < shown; i++) {
        int y = top + (int)(row * i + row * 0.5);
        text_drawf(text, TEXT_SMALL, rect.x, y, TEXT_LEFT | TEXT_MIDDLE,
                   view_vectors_label_colour(i, n), "%d", i);
        cell(text, col_norm, y, bright, "%.2f", an->norms[i]);
        cell(text, col_d, y, bright, "%.2f", an->dimensionality[i]);
        cell(text, col_b, y, bright, "%+.2f", b[i]);
    }
}
