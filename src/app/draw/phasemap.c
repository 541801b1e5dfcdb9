#include "phasemap.h"

#include <math.h>

#include "palette.h"
#include "prim.h"
#include "text.h"


SDL_Color view_phasemap_colour(enum phase_kind p, Uint8 alpha)
{
    static const Uint32 colours[PHASE_COUNT] = {
        [PHASE_DROPPED] = PALETTE_PHASE_DROPPED,
        [PHASE_TAKES] = PALETTE_PHASE_TAKES,
        [PHASE_ANTIPODAL] = PALETTE_PHASE_ANTIPODAL,
        [PHASE_OTHER] = PALETTE_PHASE_OTHER,
    };
    return prim_rgba(colours[(unsigned)p < PHASE_COUNT ? p : PHASE_OTHER], alpha);
}

SDL_Rect view_phasemap_plot(const struct view_phasemap *v, float scale, SDL_Rect rect)
{
    const int left = (int)(58 * scale), top = (int)(30 * scale), bottom = (int)(50 * scale);
    const int right = (int)((v->legend ? 340 : 12) * scale);
    int side = rect.w - left - right;
    if (rect.h - top - bottom < side)
        side = rect.h - top - bottom;
    if (side < 1)
        side = 1;
    return (SDL_Rect){ rect.x + left, rect.y + top, side, side };
}

void view_phasemap_point(const struct view_phasemap *v, float scale, SDL_Rect rect, double r,
                         double s, float *px, float *py)
{
    const struct phase_grid *g = &v->pd->grid;
    SDL_Rect p = view_phasemap_plot(v, scale, rect);
    /* density grows upwards: the sparse, superposed region is at the bottom */
    *px = (float)(p.x + p.w * phase_grid_col(g, r) / g->cols);
    *py = (float)(p.y + p.h * (1.0 - phase_grid_row(g, s) / g->rows));
}

static void draw_cells(struct prim_mesh *mesh, const struct view_phasemap *v, float scale,
                       SDL_Rect rect)
{
    const struct phase_grid *g = &v->pd->grid;
    SDL_Rect p = view_phasemap_plot(v, scale, rect);
    const float gap = roundf(fmaxf(1.0f, scale));
    prim_mesh_rect(mesh, p.x, p.y, p.w, p.h, prim_rgba(PALETTE_PHASE_GROUND, 255));
    for (int k = 0; k < g->cols * g->rows; k++) {
        const struct phase_cell *c = &v->pd->cells[k];
        const int col = k % g->cols, row = g->rows - 1 - k / g->cols;
        /* whole pixels, so every gap between cells is as wide */
        const float x0 = roundf(p.x + (float)p.w * col / g->cols);
        const float x1 = roundf(p.x + (float)p.w * (col + 1) / g->cols);
        const float y0 = roundf(p.y + (float)p.h * row / g->rows);
        const float y1 = roundf(p.y + (float)p.h * (row + 1) / g->rows);
        SDL_Color colour =
            c->done ? view_phasemap_colour(c->learned, 255) : prim_rgba(PALETTE_PHASE_EMPTY, 255);
        prim_mesh_rect(mesh, x0 + gap, y0 + gap, x1 - x0 - gap, y1 - y0 - gap, colour);
        /* learned something other than the theory's solution: a dark dot */
        if (c->done && c->learned != c->theory)
            prim_mesh_disc(mesh, 0.5f * (x0 + x1 + gap), 0.5f * (y0 + y1 + gap),
                           fminf(x1 - x0, y1 - y0) * 0.16f, prim_rgba(PALETTE_PHASE_GROUND, 230));
    }
}

/* The closed-form boundaries (phase.h): antipodal below s = phase_antipodal_boundary(r), and
 * between the two non-superposed solutions the line r = 1 above s = 4/7. */
static void draw_boundaries(struct prim_mesh *mesh, const struct view_phasemap *v, float scale,
                            SDL_Rect rect)
{
    const struct phase_grid *g = &v->pd->grid;
    const SDL_Color c = prim_rgba(PALETTE_WHITE, 235);
    const int steps = 160;
    float prev[2] = { 0, 0 };
    for (int k = 0; k <= steps; k++) {
        double r = phase_grid_r(g, g->cols * (double)k / steps);
        double s = fmin(fmax(phase_antipodal_boundary(r), g->s_min), g->s_max);
        float p[2];
        view_phasemap_point(v, scale, rect, r, s, &p[0], &p[1]);
        if (k > 0)
            prim_mesh_line(mesh, prev[0], prev[1], p[0], p[1], 2.5f * scale, c);
        prev[0] = p[0], prev[1] = p[1];
    }
    if (g->r_min < 1.0 && g->r_max > 1.0) {
        float x0, y0, x1, y1;
        view_phasemap_point(v, scale, rect, 1.0, phase_antipodal_boundary(1.0), &x0, &y0);
        view_phasemap_point(v, scale, rect, 1.0, g->s_max, &x1, &y1);
        prim_mesh_line(mesh, x0, y0, x1, y1, 2.5f * scale, c);
    }
}

static const double ticks[] = { 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10 };

static void draw_axes(struct prim_mesh *mesh, const struct view_phasemap *v, float scale,
                      SDL_Rect rect)
{
    const struct phase_grid *g = &v->pd->grid;
    const SDL_Color c = prim_rgba(PALETTE_WHITE, 110);
    for (size_t k = 0; k < sizeof ticks / sizeof ticks[0]; k++) {
        float x, y, x0, y0;
        if (ticks[k] >= g->r_min * 0.999 && ticks[k] <= g->r_max * 1.001) {
            view_phasemap_point(v, scale, rect, ticks[k], g->s_min, &x, &y);
            prim_mesh_line(mesh, x, y, x, y + 5 * scale, 1.2f * scale, c);
        }
        if (ticks[k] >= g->s_min * 0.999 && ticks[k] <= g->s_max * 1.001) {
            view_phasemap_point(v, scale, rect, g->r_min, ticks[k], &x0, &y0);
            prim_mesh_line(mesh, x0 - 5 * scale, y0, x0, y0, 1.2f * scale, c);
        }
    }
}

static void draw_tick_labels(struct text *text, const struct view_phasemap *v, float scale,
                             SDL_Rect rect)
{
    const struct phase_grid *g = &v->pd->grid;
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_SOFT, 255);
    SDL_Rect p = view_phasemap_plot(v, scale, rect);
    for (size_t k = 0; k < sizeof ticks / sizeof ticks[0]; k++) {
        float x, y;
        if (ticks[k] >= g->r_min * 0.999 && ticks[k] <= g->r_max * 1.001) {
            view_phasemap_point(v, scale, rect, ticks[k], g->s_min, &x, &y);
            text_drawf(text, TEXT_SMALL, (int)x, (int)(y + 7 * scale), TEXT_CENTRE, dim, "%g",
                       ticks[k]);
        }
        if (ticks[k] >= g->s_min * 0.999 && ticks[k] <= g->s_max * 1.001) {
            view_phasemap_point(v, scale, rect, g->r_min, ticks[k], &x, &y);
            text_drawf(text, TEXT_SMALL, (int)(x - 8 * scale), (int)y, TEXT_RIGHT | TEXT_MIDDLE,
                       dim, "%g", ticks[k]);
        }
    }
    const SDL_Color label = prim_rgba(PALETTE_TEXT, 255);
    text_draw(text, TEXT_NORMAL, p.x + p.w / 2, p.y + p.h + (int)(26 * scale), TEXT_CENTRE, label,
              "importance r of feature 1 (feature 0 has 1), log scale");
    text_draw(text, TEXT_NORMAL, rect.x, rect.y, TEXT_LEFT, label,
              "density d = 1-S (both features), log scale");
}

static void draw_legend(SDL_Renderer *r, struct text *text, const struct view_phasemap *v,
                        float scale, SDL_Rect rect)
{
    SDL_Rect p = view_phasemap_plot(v, scale, rect);
    const int x = p.x + p.w + (int)(24 * scale), sw = (int)(22 * scale);
    const int lh = text_height(text, TEXT_SMALL) + (int)(2 * scale);
    const SDL_Color bright = prim_rgba(PALETTE_TEXT, 255), dim = prim_rgba(PALETTE_TEXT_SOFT, 255);
    static const struct {
        enum phase_kind p;
        const char *w, *loss;
    } rows[] = {
        { PHASE_DROPPED, "W = [1, 0]", "loss r (d/3 - d^2/4)" },
        { PHASE_TAKES, "W = [0, 1]", "loss d/3 - d^2/4" },
        { PHASE_ANTIPODAL, "W = [1, -1]", "loss (1 + r) d^2 / 6" },
    };
    int y = p.y;
    struct prim_mesh mesh = { 0 };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        prim_mesh_rect(&mesh, x, y + 2 * scale, sw, sw, view_phasemap_colour(rows[k].p, 255));
        y += 3 * lh + (int)(10 * scale);
    }
    prim_mesh_rect(&mesh, x, y, sw, sw, view_phasemap_colour(PHASE_OTHER, 255));
    y += lh + (int)(10 * scale);
    prim_mesh_rect(&mesh, x, y, sw, sw, prim_rgba(PALETTE_PHASE_OTHER, 255));
    prim_mesh_disc(&mesh, x + sw * 0.5f, y + sw * 0.5f, sw * 0.18f, prim_rgba(PALETTE_PHASE_GROUND, 230));
    float ly = (float)(y + lh + 10 * scale + lh / 2);
    prim_mesh_line(&mesh, x, ly, x + sw, ly, 2.5f * scale, prim_rgba(PALETTE_WHITE, 235));
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);

    const int tx = x + sw + (int)(10 * scale);
    y = p.y;
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        text_draw(text, TEXT_SMALL, tx, y, TEXT_LEFT, bright, phase_name(rows[k].p));
        text_drawf(text, TEXT_SMALL, tx, y + lh, TEXT_LEFT, dim, "%s", rows[k].w);
        text_draw(text, TEXT_SMALL, tx, y + 2 * lh, TEXT_LEFT, dim, rows[k].loss);
        y += 3 * lh + (int)(10 * scale);
    }
    text_draw(text, TEXT_SMALL, tx, y, TEXT_LEFT, bright, "none of the three");
    y += lh + (int)(10 * scale);
    text_draw(text, TEXT_SMALL, tx, y, TEXT_LEFT, bright, "dot: learned is not the theory's");
    y += lh + (int)(10 * scale);
    text_draw(text, TEXT_SMALL, tx, y, TEXT_LEFT, bright, "theory: where the losses cross");
    y += 2 * lh + (int)(6 * scale);

    const struct phase_grid *g = &v->pd->grid;
    int done = 0, agree, counted;
    for (int k = 0; k < g->cols * g->rows; k++)
        done += v->pd->cells[k].done;
    phase_diagram_agreement(v->pd, &agree, &counted);
    text_drawf(text, TEXT_SMALL, x, y, TEXT_LEFT, bright, "%d of %d cells trained", done,
               g->cols * g->rows);
    y += lh;
    if (counted)
        text_drawf(text, TEXT_SMALL, x, y, TEXT_LEFT, bright,
                   "learned = theory in %d of %d (%.0f%%)", agree, counted,
                   100.0 * agree / counted);
    y += lh;
    text_draw(text, TEXT_SMALL, x, y, TEXT_LEFT, dim, "of the cells away from the boundaries");
    y += lh;
    text_draw(text, TEXT_SMALL, x, y, TEXT_LEFT, dim, "(all 8 neighbours in the same phase)");
    y += lh + (int)(8 * scale);
    text_drawf(text, TEXT_SMALL, x, y, TEXT_LEFT, dim, "each cell: best of %d models (lowest",
               v->pd->train.seeds);
    y += lh;
    text_drawf(text, TEXT_SMALL, x, y, TEXT_LEFT, dim, "loss), %ld AdamW steps each",
               v->pd->train.steps);
    y += lh + (int)(8 * scale);
    static const char *const notes[] = {
        "Sparse features (bottom) share the one",
        "dimension as an antipodal pair: they are",
        "rarely active together. Dense ones (top)",
        "cannot; the more important takes it.",
        "Dots just above the lines: a tuned pair",
        "(weaker feature shorter, positive biases)",
        "beats all three ideal solutions there.",
    };
    for (size_t k = 0; k < sizeof notes / sizeof notes[0]; k++, y += lh)
        text_draw(text, TEXT_SMALL, x, y, TEXT_LEFT, dim, notes[k]);
}

void view_phasemap_draw(SDL_Renderer *r, struct text *text, float scale,
                        const struct view_phasemap *v, SDL_Rect rect)
{
    struct prim_mesh mesh = { 0 };
    draw_cells(&mesh, v, scale, rect);
    draw_boundaries(&mesh, v, scale, rect);
    draw_axes(&mesh, v, scale, rect);
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
    if (!text)
        return;
    draw_tick_labels(text, v, scale, rect);
    if (v->legend)
        draw_legend(r, text, v, scale, rect);
}
