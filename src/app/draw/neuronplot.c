#include "draw/neuronplot.h"

#include <math.h>
#include <stdio.h>

#include "draw/heatmap.h"
#include "draw/palette.h"
#include "draw/prim.h"
#include "draw/vectors.h"
#include "neurons.h"
#include "text.h"

struct layout {
    SDL_Rect bars;     /* the stacked bars */
    int labels_y;      /* the kind and top feature under each column (-1: no room) */
    SDL_Rect heat;     /* W2 (h = 0: none) */
    int heat_title_y;
    double up, down;   /* the tallest positive and deepest negative stack, in weight units */
};

static void stacks(const struct view_neuronplot *v, int d, double *up, double *down)
{
    *up = *down = 0.0;
    for (int i = 0; i < v->n; i++) {
        const double w = v->W[(size_t)i * v->m + d];
        *up += w > 0.0 ? w : 0.0;
        *down += w < 0.0 ? -w : 0.0;
    }
}

static struct layout lay_out(struct text *text, const struct view_neuronplot *v, SDL_Rect rect)
{
    struct layout l = { 0 };
    const int lh = text ? text_height(text, TEXT_SMALL) : 0;
    for (int d = 0; d < v->m; d++) {
        double up, down;
        stacks(v, d, &up, &down);
        l.up = fmax(l.up, up);
        l.down = fmax(l.down, down);
    }
    int top = rect.y + lh + 6, bottom = rect.y + rect.h;
    if (v->W2) {
        const int heat_h = (bottom - top) * 2 / 5;
        l.heat_title_y = bottom - heat_h;
        l.heat = (SDL_Rect){ rect.x, l.heat_title_y + lh + 2, rect.w, heat_h - lh - 2 };
        bottom = l.heat_title_y - 6;
    }
    const int cw = v->m > 0 ? rect.w / v->m : rect.w;
    l.labels_y = text && cw >= text_width(text, TEXT_SMALL, "M00") ? bottom - lh : -1;
    if (l.labels_y >= 0)
        bottom = l.labels_y - 2;
    l.bars = (SDL_Rect){ rect.x, top, rect.w, bottom - top > 1 ? bottom - top : 1 };
    return l;
}

static double scale_of(const struct layout *l)
{
    const double span = l->up + l->down;
    return span > 0.0 ? l->bars.h / span : 0.0;
}

int view_neuronplot_baseline(struct text *text, const struct view_neuronplot *v, SDL_Rect rect)
{
    const struct layout l = lay_out(text, v, rect);
    return l.bars.y + (int)lround(l.up * scale_of(&l));
}

SDL_Rect view_neuronplot_column(struct text *text, const struct view_neuronplot *v, SDL_Rect rect,
                             int q)
{
    const struct layout l = lay_out(text, v, rect);
    const double s = scale_of(&l), cw = (double)l.bars.w / v->m;
    const int d = v->an->order[q], base = l.bars.y + (int)lround(l.up * s);
    double up, down;
    stacks(v, d, &up, &down);
    const int x = l.bars.x + (int)(q * cw + 0.15 * cw), w = (int)fmax(1.0, 0.7 * cw);
    return (SDL_Rect){ x, base - (int)lround(up * s), w, (int)lround((up + down) * s) };
}

static SDL_Color grey(Uint8 v) { return (SDL_Color){ v, v, v, 255 }; }

static void draw_header(struct text *text, const struct view_neuronplot *v, SDL_Rect rect)
{
    const struct neurons *a = v->an;
    char full[128], brief[96], tiny[64], buf[128];
    snprintf(full, sizeof full, "%d neurons: %d monosemantic, %d polysemantic, %d dead", v->m,
             a->count[NEURON_MONOSEMANTIC], a->count[NEURON_POLYSEMANTIC], a->count[NEURON_DEAD]);
    snprintf(brief, sizeof brief, "%d mono, %d poly, %d dead", a->count[NEURON_MONOSEMANTIC],
             a->count[NEURON_POLYSEMANTIC], a->count[NEURON_DEAD]);
    snprintf(tiny, sizeof tiny, "%d/%d/%d", a->count[NEURON_MONOSEMANTIC],
             a->count[NEURON_POLYSEMANTIC], a->count[NEURON_DEAD]);
    const char *const choices[] = { full, brief, tiny, NULL };
    text_draw(text, TEXT_SMALL, rect.x + rect.w / 2, rect.y, TEXT_CENTRE,
              prim_rgba(PALETTE_TEXT, 255),
              text_choose(text, TEXT_SMALL, rect.w, buf, sizeof buf, choices));
}

static void draw_heat(SDL_Renderer *r, struct text *text, const struct view_neuronplot *v,
                      const struct layout *l, struct prim_mesh *mesh)
{
    double peak = 0.0;
    for (size_t k = 0; k < (size_t)v->n * v->m; k++)
        peak = fmax(peak, fabs(v->W2[k]));
    char title[96], buf[96];
    snprintf(title, sizeof title, "W2: output i (rows) reads neuron (columns), +-%.2g", peak);
    const char *const choices[] = { title, "W2 (rows: outputs)", "W2", NULL };
    if (text)
        text_draw(text, TEXT_SMALL, l->heat.x + l->heat.w / 2, l->heat_title_y, TEXT_CENTRE,
                  prim_rgba(PALETTE_TEXT_DIM, 255),
                  text_choose(text, TEXT_SMALL, l->heat.w, buf, sizeof buf, choices));
    if (l->heat.h <= 0 || peak <= 0.0)
        return;
    const float cw = (float)l->bars.w / v->m, ch = (float)l->heat.h / v->n;
    for (int q = 0; q < v->m; q++) {
        const int d = v->an->order[q];
        for (int i = 0; i < v->n; i++)
            prim_mesh_rect(mesh, l->heat.x + q * cw + 0.1f * cw, l->heat.y + i * ch, 0.8f * cw,
                           ch > 1.0f ? ch : 1.0f,
                           view_heatmap_colour(v->W2[(size_t)i * v->m + d] / peak));
    }
    prim_mesh_draw(r, mesh);
}

void view_neuronplot_draw(SDL_Renderer *r, struct text *text, const struct view_neuronplot *v,
                       SDL_Rect rect)
{
    if (v->m <= 0 || rect.w <= 0 || rect.h <= 0)
        return;
    const struct layout l = lay_out(text, v, rect);
    const double s = scale_of(&l), cw = (double)l.bars.w / v->m;
    const float base = roundf((float)(l.bars.y + l.up * s));
    struct prim_mesh mesh = { 0 };
    if (text)
        draw_header(text, v, rect);
    SDL_Color plot = prim_rgba(PALETTE_PLOT, 255);
    prim_mesh_rect(&mesh, l.bars.x, l.bars.y, l.bars.w, l.bars.h, plot);
    for (int q = 0; q < v->m; q++) {
        const int d = v->an->order[q];
        const float x = (float)(l.bars.x + q * cw + 0.15 * cw), w = (float)fmax(1.0, 0.7 * cw);
        /* each slice between whole pixels, so that neighbours share their edge exactly (no
         * seam); a slice under a pixel may vanish, the stack's height stays the weights' */
        double up = 0.0, down = 0.0;
        for (int i = 0; i < v->n; i++) {
            const double h = v->W[(size_t)i * v->m + d] * s;
            const SDL_Color c = view_vectors_colour(i, v->n, 255);
            const double from = h > 0.0 ? base - up : base + down;
            const double to = from - h;
            *(h > 0.0 ? &up : &down) += fabs(h);
            const float a = roundf((float)from), b = roundf((float)to);
            if (a != b)
                prim_mesh_rect(&mesh, x, fminf(a, b), w, fabsf(a - b), c);
        }
    }
    prim_mesh_rect(&mesh, l.bars.x, base, l.bars.w, 1.0f, prim_rgba(PALETTE_WHITE, 120));
    prim_mesh_draw(r, &mesh);
    for (int q = 0; q < v->m && l.labels_y >= 0; q++) {
        const struct neuron *nr = &v->an->neuron[v->an->order[q]];
        const int cx = l.bars.x + (int)((q + 0.5) * cw);
        if (nr->kind == NEURON_DEAD)
            text_draw(text, TEXT_SMALL, cx, l.labels_y, TEXT_CENTRE, grey(140), "D");
        else
            text_drawf(text, TEXT_SMALL, cx, l.labels_y, TEXT_CENTRE,
                       view_vectors_label_colour(nr->top, v->n), "%c%d",
                       nr->kind == NEURON_MONOSEMANTIC ? 'M' : 'P', nr->top);
    }
    if (v->W2)
        draw_heat(r, text, v, &l, &mesh);
    prim_mesh_finish(&mesh);
}
