#include "loss.h"

#include <math.h>
#include <stdio.h>

#include "palette.h"
#include "prim.h"
#include "text.h"

void view_loss_clear(struct view_loss *h)
{
    h->count = 0;
    h->every = 1;
}

void view_loss_push(struct view_loss *h, long step, double loss)
{
    if (!isfinite(loss) || loss <= 0)
        return;
    if (h->every < 1)
        h->every = 1;
    if (h->count > 0 && step < h->step[h->count - 1] + h->every)
        return;
    if (h->count == VIEW_LOSS_POINTS) {
        for (int k = 0; k < VIEW_LOSS_POINTS / 2; k++) {
            h->step[k] = h->step[2 * k];
            h->loss[k] = h->loss[2 * k];
        }
        h->count = VIEW_LOSS_POINTS / 2;
        h->every *= 2;
    }
    h->step[h->count] = step;
    h->loss[h->count] = loss;
    h->count++;
}

/* Decade bounds that contain every point. */
static void range(const struct view_loss *h, double *lo, double *hi)
{
    double a = INFINITY, b = -INFINITY;
    for (int k = 0; k < h->count; k++) {
        double v = log10(h->loss[k]);
        a = fmin(a, v);
        b = fmax(b, v);
    }
    *lo = floor(a);
    *hi = ceil(b);
    if (*hi - *lo < 1)
        *hi = *lo + 1;
}

/* A short panel writes the steps' range beside the title instead of under the plot. */
static bool brief(float scale, SDL_Rect rect)
{
    return rect.h < 100 * scale;
}

SDL_Rect view_loss_plot(struct text *text, float scale, SDL_Rect rect)
{
    /* below the title by half a line: the top decade's label is centred on the plot's edge */
    int th = text_height(text, TEXT_SMALL);
    SDL_Rect plot = { rect.x + (int)(44 * scale), rect.y + th + th / 2 + (int)(2 * scale),
                      rect.w - (int)(52 * scale), 0 };
    plot.h = rect.y + rect.h - (brief(scale, rect) ? th / 2 : th + (int)(2 * scale)) - plot.y;
    return plot;
}

void view_loss_draw(SDL_Renderer *r, struct text *text, float scale, const struct view_loss *h,
                    SDL_Rect rect)
{
    long s0 = h->count ? h->step[0] : 0, s1 = h->count ? h->step[h->count - 1] : 0;
    view_loss_draw_span(r, text, scale, h, rect, s0, s1);
}

void view_loss_draw_span(SDL_Renderer *r, struct text *text, float scale,
                         const struct view_loss *h, SDL_Rect rect, long s0, long s1)
{
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255);
    int th = text_height(text, TEXT_SMALL);
    const char *title = "loss (log scale) vs step";
    int title_w = text_draw_fit(text, TEXT_SMALL, rect.x, rect.y, TEXT_LEFT, dim, rect.w, title);
    bool brief_range = brief(scale, rect);
    SDL_Rect plot = view_loss_plot(text, scale, rect);
    struct prim_mesh mesh = { 0 };
    prim_mesh_rect(&mesh, plot.x, plot.y, plot.w, plot.h, prim_rgba(PALETTE_PLOT, 255));
    if (h->count >= 2) {
        double lo, hi;
        range(h, &lo, &hi);
        for (double d = lo; d <= hi; d += 1) {
            float y = plot.y + plot.h * (float)((hi - d) / (hi - lo));
            prim_mesh_line(&mesh, plot.x, y, plot.x + plot.w, y, 1, prim_rgba(PALETTE_WHITE, 30));
        }
        double span = s1 > s0 ? (double)(s1 - s0) : 1.0;
        float px = 0, py = 0;
        for (int k = 0; k < h->count; k++) {
            double at = fmin(fmax((double)(h->step[k] - s0) / span, 0.0), 1.0);
            float x = plot.x + plot.w * (float)at;
            float y = plot.y + plot.h * (float)((hi - log10(h->loss[k])) / (hi - lo));
            if (k > 0)
                prim_mesh_line(&mesh, px, py, x, y, 1.6f * scale, prim_rgba(PALETTE_ACCENT, 255));
            px = x, py = y;
        }
        prim_mesh_draw(r, &mesh);
        /* the decades' labels, those that crowd left out */
        struct text_labels placed;
        text_labels_init(&placed, (SDL_Rect){ rect.x, plot.y - th / 2, plot.x - rect.x,
                                              plot.h + th });
        for (double d = hi; d >= lo; d -= 1) {
            int y = plot.y + (int)(plot.h * (hi - d) / (hi - lo));
            char label[16];
            snprintf(label, sizeof label, "1e%d", (int)d);
            text_label(text, &placed, TEXT_SMALL, plot.x - (int)(4 * scale), y,
                       TEXT_RIGHT | TEXT_MIDDLE, dim, label);
        }
        if (brief_range) {
            char range[64];
            snprintf(range, sizeof range, "steps %ld to %ld", s0, s1);
            if (title_w + th + text_width(text, TEXT_SMALL, range) <= rect.w)
                text_draw(text, TEXT_SMALL, rect.x + rect.w, rect.y, TEXT_RIGHT, dim, range);
        } else {
            text_drawf(text, TEXT_SMALL, plot.x, plot.y + plot.h + (int)(2 * scale), TEXT_LEFT,
                       dim, "%ld", s0);
            text_drawf(text, TEXT_SMALL, plot.x + plot.w, plot.y + plot.h + (int)(2 * scale),
                       TEXT_RIGHT, dim, "%ld", s1);
        }
    }
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
}
