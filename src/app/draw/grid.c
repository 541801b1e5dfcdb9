#include "grid.h"

#include <math.h>
#include <stdio.h>

#include "analysis.h"
#include "palette.h"
#include "prim.h"
#include "text.h"
#include "vectors.h"

/* Text rows a panel keeps for its caption and its line below; a text-free layout keeps none. */
static int text_rows(struct text *text)
{
    return text ? text_height(text, TEXT_NORMAL) + text_height(text, TEXT_SMALL) : 0;
}

static int best_columns(int count, SDL_Rect rect, int rows_h)
{
    int best = 1;
    double best_side = -1;
    for (int cols = 1; cols <= count; cols++) {
        int rows = (count + cols - 1) / cols;
        double side = fmin((double)rect.w / cols, (double)rect.h / rows - rows_h);
        if (side > best_side + 0.5) {
            best_side = side;
            best = cols;
        }
    }
    return best;
}

int view_grid_columns(int count, SDL_Rect rect)
{
    return best_columns(count, rect, 40);
}

SDL_Rect view_grid_cell(int count, SDL_Rect rect, int k)
{
    int cols = view_grid_columns(count, rect);
    int rows = (count + cols - 1) / cols;
    int cw = rect.w / cols, ch = rect.h / rows;
    return (SDL_Rect){ rect.x + cw * (k % cols), rect.y + ch * (k / cols), cw, ch };
}

SDL_Rect view_grid_plot(struct text *text, int count, SDL_Rect rect, int k)
{
    SDL_Rect c = view_grid_cell(count, rect, k);
    int top = text ? text_height(text, TEXT_NORMAL) : 0;
    int pad = c.w / 24;
    return (SDL_Rect){ c.x + pad, c.y + top, c.w - 2 * pad, c.h - text_rows(text) - pad };
}

/* A panel's words at a level of brevity: 0 the caption, 1 its short form, 2 that in the small
 * font; the line below: 0 with the loss, 1 without, 2 as a fraction. */
struct words {
    const char *caption;
    enum text_size size;
    char line[96];
};

static struct words words(const struct view_grid_panel *p, int caption_level, int line_level)
{
    struct words w = { .caption = p->caption ? p->caption : "", .size = TEXT_NORMAL };
    if (caption_level > 0 && p->caption_short)
        w.caption = p->caption_short;
    if (caption_level > 1)
        w.size = TEXT_SMALL;
    if (p->line) {
        snprintf(w.line, sizeof w.line, "%s",
                 line_level > 0 && p->line_short ? p->line_short : p->line);
        return w;
    }
    if (!p->an)
        return w;
    if (line_level == 0 && isfinite(p->loss))
        snprintf(w.line, sizeof w.line, "%d of %d kept, loss %.3g", p->an->represented, p->n,
                 p->loss);
    else if (line_level <= 1)
        snprintf(w.line, sizeof w.line, "%d of %d kept", p->an->represented, p->n);
    else
        snprintf(w.line, sizeof w.line, "%d/%d", p->an->represented, p->n);
    return w;
}

/* The least brief levels at which every panel's words fit its cell, so that all panels read
 * alike. */
static void levels(struct text *text, const struct view_grid_panel *panels, int count, int room,
                   int *caption, int *line)
{
    for (*caption = 0; *caption < 2; ++*caption) {
        bool fit = true;
        for (int k = 0; k < count && fit; k++) {
            struct words w = words(&panels[k], *caption, 0);
            fit = text_width(text, w.size, w.caption) <= room;
        }
        if (fit)
            break;
    }
    for (*line = 0; *line < 2; ++*line) {
        bool fit = true;
        for (int k = 0; k < count && fit; k++)
            fit = text_width(text, TEXT_SMALL, words(&panels[k], 0, *line).line) <= room;
        if (fit)
            break;
    }
}

void view_grid_draw(SDL_Renderer *r, struct text *text, const struct view_grid_panel *panels,
                    int count, SDL_Rect rect)
{
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255), bright = prim_rgba(PALETTE_TEXT, 255);
    int caption_level = 0, line_level = 0;
    if (text && count > 0) {
        SDL_Rect c = view_grid_cell(count, rect, 0);
        levels(text, panels, count, c.w - c.w / 12, &caption_level, &line_level);
    }
    for (int k = 0; k < count; k++) {
        const struct view_grid_panel *p = &panels[k];
        SDL_Rect plot = view_grid_plot(text, count, rect, k);
        /* scale 0: each panel fitted to its own weights */
        struct view_vectors vv = { .W = p->W, .n = p->n, .m = p->m, .an = p->an };
        view_vectors_draw(r, text, &vv, plot);
        if (!text)
            continue;
        SDL_Rect c = view_grid_cell(count, rect, k);
        int cx = c.x + c.w / 2, room = c.w - c.w / 12;   /* a gap between neighbours */
        struct words w = words(p, caption_level, line_level);
        text_draw_fit(text, w.size, cx, c.y, TEXT_CENTRE, bright, room, w.caption);
        text_draw_fit(text, TEXT_SMALL, cx, plot.y + plot.h, TEXT_CENTRE, dim, room, w.line);
    }
}
