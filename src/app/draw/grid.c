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

void view_grid_draw(SDL_Renderer *r, struct text *text, const struct view_grid_panel *panels,
                    int count, SDL_Rect rect)
{
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255), bright = prim_rgba(PALETTE_TEXT, 255);
    for (int k = 0; k < count; k++) {
        const struct view_grid_panel *p = &panels[k];
        SDL_Rect plot = view_grid_plot(text, count, rect, k);
        /* scale 0: each panel fitted to its own weights */
        struct view_vectors vv = { .W = p->W, .n = p->n, .m = p->m, .an = p->an };
        view_vectors_draw(r, text, &vv, plot);
        if (!text)
            continue;
        SDL_Rect c = view_grid_cell(count, rect, k);
        int cx = c.x + c.w / 2;
        text_draw(text, TEXT_NORMAL, cx, c.y, TEXT_CENTRE, bright, p->caption ? p->caption : "");
        char line[96] = "";
        if (p->an && isfinite(p->loss))
            snprintf(line, sizeof line, "%d of %d kept, loss %.3g", p->an->represented, p->n,
                     p->loss);
        else if (p->an)
            snprintf(line, sizeof line, "%d of %d kept", p->an->represented, p->n);
        text_draw(text, TEXT_SMALL, cx, plot.y + plot.h, TEXT_CENTRE, dim, line);
    }
}
