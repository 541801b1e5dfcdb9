#include "phasemap.h"

#include <math.h>
#include <stdio.h>

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

/* Where the legend goes: the full one right of the plot, a compact one right of it or below
 * it; whichever leaves the plot largest, the full one while it costs little. In points. */
enum legend_place { LEGEND_NONE, LEGEND_FULL, LEGEND_RIGHT, LEGEND_BELOW, LEGEND_PLACES };
#define LEFT 58
#define TOP 30
#define BOTTOM 50
#define PAD 12
static const int legend_w[LEGEND_PLACES] = { [LEGEND_FULL] = 340, [LEGEND_RIGHT] = 220 };
static const int legend_h[LEGEND_PLACES] = { [LEGEND_BELOW] = 140 };

static int side_for(enum legend_place where, float scale, SDL_Rect rect)
{
    int w = rect.w - (int)((LEFT + (legend_w[where] ? legend_w[where] : PAD)) * scale);
    int h = rect.h - (int)((TOP + BOTTOM + legend_h[where]) * scale);
    return w < h ? w : h;
}

static enum legend_place legend_place(const struct view_phasemap *v, float scale, SDL_Rect rect)
{
    if (!v->legend)
        return LEGEND_NONE;
    int right = side_for(LEGEND_RIGHT, scale, rect), below = side_for(LEGEND_BELOW, scale, rect);
    int best = right > below ? right : below;
    if (side_for(LEGEND_FULL, scale, rect) >= best * 0.85)
        return LEGEND_FULL;
    return right >= below ? LEGEND_RIGHT : LEGEND_BELOW;
}

SDL_Rect view_phasemap_plot(const struct view_phasemap *v, float scale, SDL_Rect rect)
{
    int side = side_for(legend_place(v, scale, rect), scale, rect);
    if (side < 1)
        side = 1;
    return (SDL_Rect){ rect.x + (int)(LEFT * scale), rect.y + (int)(TOP * scale), side, side };
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

/* Decades first, so that where labels crowd (a small plot) the 2s and 5s are left out. */
static bool decade(double t)
{
    return fabs(log10(t) - round(log10(t))) < 1e-9;
}

static void draw_tick_labels(struct text *text, const struct view_phasemap *v, float scale,
                             SDL_Rect rect)
{
    const struct phase_grid *g = &v->pd->grid;
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_SOFT, 255);
    SDL_Rect p = view_phasemap_plot(v, scale, rect);
    struct text_labels placed;
    text_labels_init(&placed, rect);
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < sizeof ticks / sizeof ticks[0]; k++) {
            float x, y;
            char label[16];
            if (decade(ticks[k]) != (pass == 0))
                continue;
            snprintf(label, sizeof label, "%g", ticks[k]);
            if (ticks[k] >= g->r_min * 0.999 && ticks[k] <= g->r_max * 1.001) {
                view_phasemap_point(v, scale, rect, ticks[k], g->s_min, &x, &y);
                text_label(text, &placed, TEXT_SMALL, (int)x, (int)(y + 7 * scale), TEXT_CENTRE,
                           dim, label);
            }
            if (ticks[k] >= g->s_min * 0.999 && ticks[k] <= g->s_max * 1.001) {
                view_phasemap_point(v, scale, rect, g->r_min, ticks[k], &x, &y);
                text_label(text, &placed, TEXT_SMALL, (int)(x - 8 * scale), (int)y,
                           TEXT_RIGHT | TEXT_MIDDLE, dim, label);
            }
        }
    const SDL_Color label = prim_rgba(PALETTE_TEXT, 255);
    char buf[96];
    /* under the plot, or from the rect's left edge when longer; past the plot's right edge
     * only where no legend is beside it */
    enum legend_place where = legend_place(v, scale, rect);
    int right = where == LEGEND_FULL || where == LEGEND_RIGHT ? p.x + p.w : rect.x + rect.w;
    const char *axis = text_choose(text, TEXT_NORMAL, right - rect.x, buf, sizeof buf,
                                   (const char *const[]){
                                       "importance r of feature 1 (feature 0 has 1), log scale",
                                       "importance r of feature 1, log scale",
                                       "importance r (log)", NULL });
    int aw = text_width(text, TEXT_NORMAL, axis), ax = p.x + (p.w - aw) / 2;
    text_draw(text, TEXT_NORMAL, ax + aw > right ? right - aw : ax < rect.x ? rect.x : ax,
              p.y + p.h + (int)(26 * scale), TEXT_LEFT, label, axis);
    text_draw(text, TEXT_NORMAL, rect.x, rect.y, TEXT_LEFT, label,
              text_choose(text, TEXT_NORMAL, rect.w, buf, sizeof buf,
                          (const char *const[]){ "density d = 1-S (both features), log scale",
                                                 "density d = 1-S, log scale",
                                                 "density d (log)", NULL }));
}

static const struct {
    enum phase_kind p;
    const char *w, *loss, *brief;
} solutions[] = {
    { PHASE_DROPPED, "W = [1, 0]", "loss r (d/3 - d^2/4)", "dropped: W = [1, 0]" },
    { PHASE_TAKES, "W = [0, 1]", "loss d/3 - d^2/4", "takes it: W = [0, 1]" },
    { PHASE_ANTIPODAL, "W = [1, -1]", "loss (1 + r) d^2 / 6", "antipodal: W = [1, -1]" },
};
#define SOLUTIONS ((int)(sizeof solutions / sizeof solutions[0]))

/* The swatches: one per solution, "none of the three", the dot, the theory's line; at ys. */
static void swatches(SDL_Renderer *r, int x, const int *ys, int sw, float scale)
{
    struct prim_mesh mesh = { 0 };
    for (int k = 0; k < SOLUTIONS; k++)
        prim_mesh_rect(&mesh, x, ys[k], sw, sw, view_phasemap_colour(solutions[k].p, 255));
    prim_mesh_rect(&mesh, x, ys[SOLUTIONS], sw, sw, view_phasemap_colour(PHASE_OTHER, 255));
    int y = ys[SOLUTIONS + 1];
    prim_mesh_rect(&mesh, x, y, sw, sw, prim_rgba(PALETTE_PHASE_OTHER, 255));
    prim_mesh_disc(&mesh, x + sw * 0.5f, y + sw * 0.5f, sw * 0.18f,
                   prim_rgba(PALETTE_PHASE_GROUND, 230));
    float ly = ys[SOLUTIONS + 2] + sw * 0.5f;
    prim_mesh_line(&mesh, x, ly, x + sw, ly, 2.5f * scale, prim_rgba(PALETTE_WHITE, 235));
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
}

/* Lines of text lh apart from y down, each only if it fits above bottom; returns the next y. */
static int lines(struct text *text, int x, int y, int lh, int bottom, int max_w, SDL_Color c,
                 const char *const *list, int count)
{
    for (int k = 0; k < count && y + lh <= bottom; k++, y += lh)
        text_draw_fit(text, TEXT_SMALL, x, y, TEXT_LEFT, c, max_w, list[k]);
    return y;
}

/* "342 of 400 cells trained", "learned = theory in 258 of 284 (91%)" (short: "... 91%"). */
static void counts(const struct view_phasemap *v, bool brief, char (*out)[64])
{
    const struct phase_grid *g = &v->pd->grid;
    int done = 0, agree, counted;
    for (int k = 0; k < g->cols * g->rows; k++)
        done += v->pd->cells[k].done;
    phase_diagram_agreement(v->pd, &agree, &counted);
    snprintf(out[0], 64, "%d of %d cells trained", done, g->cols * g->rows);
    out[1][0] = 0;
    if (counted && brief)
        snprintf(out[1], 64, "learned = theory: %.0f%%", 100.0 * agree / counted);
    else if (counted)
        snprintf(out[1], 64, "learned = theory in %d of %d (%.0f%%)", agree, counted,
                 100.0 * agree / counted);
}

/* Right of the plot: each solution with its weights and loss, the other marks, the counts,
 * how the cells were trained and what the picture says; blocks that do not fit the height are
 * left out from the end. */
static void legend_full(SDL_Renderer *r, struct text *text, const struct view_phasemap *v,
                        float scale, SDL_Rect rect, SDL_Rect p)
{
    const int x = p.x + p.w + (int)(24 * scale), sw = (int)(22 * scale);
    const int lh = text_height(text, TEXT_SMALL) + (int)(2 * scale), bottom = rect.y + rect.h;
    const int tx = x + sw + (int)(10 * scale), max_w = rect.x + rect.w - tx;
    const SDL_Color bright = prim_rgba(PALETTE_TEXT, 255), dim = prim_rgba(PALETTE_TEXT_SOFT, 255);
    int ys[SOLUTIONS + 3], y = p.y;
    for (int k = 0; k < SOLUTIONS; k++, y += 3 * lh + (int)(10 * scale))
        ys[k] = y + (int)(2 * scale);
    for (int k = SOLUTIONS; k < SOLUTIONS + 3; k++, y += lh + (int)(10 * scale))
        ys[k] = y;
    swatches(r, x, ys, sw, scale);
    for (int k = 0; k < SOLUTIONS; k++) {
        const char *const three[] = { phase_name(solutions[k].p), solutions[k].w, solutions[k].loss };
        text_draw_fit(text, TEXT_SMALL, tx, ys[k] - (int)(2 * scale), TEXT_LEFT, bright, max_w,
                      three[0]);
        lines(text, tx, ys[k] - (int)(2 * scale) + lh, lh, bottom, max_w, dim, three + 1, 2);
    }
    static const char *const marks[] = { "none of the three", "dot: learned is not the theory's",
                                         "theory: where the losses cross" };
    for (int k = 0; k < 3; k++)
        text_draw_fit(text, TEXT_SMALL, tx, ys[SOLUTIONS + k], TEXT_LEFT, bright, max_w, marks[k]);
    y += lh - (int)(4 * scale);
    char c[2][64], t[2][64];
    counts(v, false, c);
    snprintf(t[0], sizeof t[0], "each cell: best of %d models (lowest", v->pd->train.seeds);
    snprintf(t[1], sizeof t[1], "loss), %ld AdamW steps each", v->pd->train.steps);
    static const char *const notes[] = {
        "Sparse features (bottom) share the one",
        "dimension as an antipodal pair: they are",
        "rarely active together. Dense ones (top)",
        "cannot; the more important takes it.",
        "Dots just above the lines: a tuned pair",
        "(weaker feature shorter, positive biases)",
        "beats all three ideal solutions there.",
    };
    const struct {
        const char *const *list;
        int count;
        bool bright;
    } blocks[] = {
        { (const char *const[]){ c[0], c[1] }, 2, true },
        { (const char *const[]){ "of the cells away from the boundaries",
                                 "(all 8 neighbours in the same phase)" }, 2, false },
        { (const char *const[]){ t[0], t[1] }, 2, false },
        { notes, (int)(sizeof notes / sizeof notes[0]), false },
    };
    const int max = rect.x + rect.w - x;
    for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++) {
        if (y + blocks[k].count * lh > bottom)
            break;
        y = lines(text, x, y, lh, bottom, max, blocks[k].bright ? bright : dim, blocks[k].list,
                  blocks[k].count);
        y += k == 0 ? 0 : (int)(8 * scale);
    }
}

/* Compact, right of the plot or below it: a line per mark and the counts. */
static void legend_compact(SDL_Renderer *r, struct text *text, const struct view_phasemap *v,
                           float scale, SDL_Rect rect, int x, int y)
{
    const int th = text_height(text, TEXT_SMALL), lh = th + (int)(2 * scale);
    const int sw = th - (int)(4 * scale), tx = x + sw + (int)(8 * scale);
    const int bottom = rect.y + rect.h, max_w = rect.x + rect.w - tx;
    const SDL_Color bright = prim_rgba(PALETTE_TEXT, 255);
    int ys[SOLUTIONS + 3];
    for (int k = 0; k < SOLUTIONS + 3; k++)
        ys[k] = y + k * lh + (th - sw) / 2;
    swatches(r, x, ys, sw, scale);
    const char *const marks[SOLUTIONS + 3] = {
        solutions[0].brief, solutions[1].brief, solutions[2].brief, "none of the three",
        "dot: not the theory's", "line: theory",
    };
    y = lines(text, tx, y, lh, bottom, max_w, bright, marks, SOLUTIONS + 3);
    char c[2][64];
    counts(v, true, c);
    lines(text, x, y + (int)(4 * scale), lh, bottom, rect.x + rect.w - x, bright,
          (const char *const[]){ c[0], c[1] }, 2);
}

static void draw_legend(SDL_Renderer *r, struct text *text, const struct view_phasemap *v,
                        float scale, SDL_Rect rect)
{
    SDL_Rect p = view_phasemap_plot(v, scale, rect);
    switch (legend_place(v, scale, rect)) {
    case LEGEND_FULL: legend_full(r, text, v, scale, rect, p); break;
    case LEGEND_RIGHT:
        legend_compact(r, text, v, scale, rect, p.x + p.w + (int)(24 * scale), p.y);
        break;
    case LEGEND_BELOW:
        legend_compact(r, text, v, scale, rect, rect.x, p.y + p.h + (int)(BOTTOM * scale));
        break;
    default: break;
    }
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
