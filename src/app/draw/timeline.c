#include "timeline.h"

#include <math.h>

#include "history.h"
#include "loss.h"
#include "palette.h"
#include "prim.h"
#include "text.h"
#include "vectors.h"

/* Points. */
#define PLOT_H 40
#define PLOT_H_COMPACT 24
/* At most about this many line segments a frame: past it (hundreds of features) each line
 * skips snapshots closer than a few pixels. */
#define SEGMENTS_MAX 40000

int view_timeline_height(struct text *text, float scale, bool compact)
{
    int th = text_height(text, TEXT_SMALL);
    if (compact)
        return (int)(PLOT_H_COMPACT * scale);
    return th + th / 2 + (int)(2 * scale) + (int)(PLOT_H * scale) + th / 2;
}

/* A strip shorter than the full form is the compact one: the plot alone, "D_i" beside it. */
static bool titled(struct text *text, float scale, SDL_Rect rect)
{
    return rect.h >= view_timeline_height(text, scale, false);
}

SDL_Rect view_timeline_plot(struct text *text, float scale, SDL_Rect rect)
{
    /* the loss curve's x and width; the labels 1 and 0 centred on the top and bottom edges */
    SDL_Rect loss = view_loss_plot(text, scale, rect);
    if (!titled(text, scale, rect))
        return (SDL_Rect){ loss.x, rect.y, loss.w, rect.h };
    int th = text_height(text, TEXT_SMALL);
    int y = rect.y + th + th / 2 + (int)(2 * scale);
    return (SDL_Rect){ loss.x, y, loss.w, rect.y + rect.h - th / 2 - y };
}

float view_timeline_x(SDL_Rect plot, long s0, long s1, long step)
{
    double at = s1 > s0 ? (double)(step - s0) / (double)(s1 - s0) : 1.0;
    return plot.x + plot.w * (float)fmin(fmax(at, 0.0), 1.0);
}

static float y_of(SDL_Rect plot, float d)
{
    return plot.y + plot.h * (1.0f - fminf(fmaxf(d, 0.0f), 1.0f));
}

void view_timeline_cursor(SDL_Renderer *r, float scale, SDL_Rect plot, float x)
{
    /* a core of 1.5 pixels: at least one column in full colour wherever x falls */
    prim_line(r, x, (float)plot.y, x, (float)(plot.y + plot.h), 2.5f * scale,
              prim_rgba(PALETTE_ACCENT, 255));
}

/* Each feature's line, skipping snapshots closer than `gap` pixels to the last drawn (never
 * the newest). */
static void lines(struct prim_mesh *mesh, const struct view_timeline *v, SDL_Rect plot,
                  float gap, float width)
{
    const struct history_track *t = v->track;
    for (int i = 0; i < t->n; i++) {
        SDL_Color c = view_vectors_colour(i, t->n, 235);
        float px = 0, py = 0;
        for (int k = 0; k < t->count; k++) {
            float x = view_timeline_x(plot, v->s0, v->s1, t->meta[k].step);
            if (k > 0 && x - px < gap && k + 1 < t->count)
                continue;
            float y = y_of(plot, t->dims[(size_t)k * (size_t)t->n + (size_t)i]);
            if (k > 0)
                prim_mesh_line(mesh, px, py, x, y, width, c);
            px = x, py = y;
        }
    }
}

/* A ring where a feature's D_i jumped, one per feature every few pixels. */
static int jumps(struct prim_mesh *mesh, const struct view_timeline *v, SDL_Rect plot,
                 float scale)
{
    const struct history_track *t = v->track;
    int marked = 0;
    for (int i = 0; i < t->n; i++) {
        float last = -INFINITY;
        for (int k = 1; k < t->count; k++) {
            if (!history_track_jump(t, k, i))
                continue;
            float x = view_timeline_x(plot, v->s0, v->s1, t->meta[k].step);
            if (x - last < 4 * scale)
                continue;
            last = x;
            /* inside the plot, even at D = 0 or 1 */
            float radius = 3.0f * scale, y = y_of(plot, t->dims[(size_t)k * (size_t)t->n + i]);
            y = fminf(fmaxf(y, plot.y + radius), plot.y + plot.h - radius);
            prim_mesh_ring(mesh, x, y, radius, 1.3f * scale, prim_rgba(PALETTE_WHITE, 220));
            marked++;
        }
    }
    return marked;
}

int view_timeline_draw(SDL_Renderer *r, struct text *text, float scale,
                       const struct view_timeline *v, SDL_Rect rect)
{
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255);
    const struct history_track *t = v->track;
    char buf[96];
    SDL_Rect plot = view_timeline_plot(text, scale, rect);
    int lx = plot.x - (int)(4 * scale);
    if (titled(text, scale, rect)) {
        text_draw(text, TEXT_SMALL, rect.x, rect.y, TEXT_LEFT, dim,
                  text_choose(text, TEXT_SMALL, rect.w, buf, sizeof buf,
                              (const char *const[]){ "dimensionality D_i of each feature vs "
                                                     "step; jumps ringed",
                                                     "D_i vs step, jumps ringed", "D_i vs step",
                                                     NULL }));
        text_draw(text, TEXT_SMALL, lx, plot.y, TEXT_RIGHT | TEXT_MIDDLE, dim, "1");
        text_draw(text, TEXT_SMALL, lx, plot.y + plot.h, TEXT_RIGHT | TEXT_MIDDLE, dim, "0");
    } else {
        text_draw(text, TEXT_SMALL, lx, plot.y + plot.h / 2, TEXT_RIGHT | TEXT_MIDDLE, dim,
                  "D_i");
    }
    struct prim_mesh mesh = { 0 };
    prim_mesh_rect(&mesh, plot.x, plot.y, plot.w, plot.h, prim_rgba(PALETTE_PLOT, 255));
    /* D = 1/2: antipodal pairs, the most common sticky value */
    prim_mesh_line(&mesh, plot.x, y_of(plot, 0.5f), plot.x + plot.w, y_of(plot, 0.5f), 1,
                   prim_rgba(PALETTE_WHITE, 30));
    int marked = 0;
    if (t && t->count > 0 && t->n > 0) {
        float gap = fmaxf(1.0f, (float)t->n * plot.w / SEGMENTS_MAX);
        lines(&mesh, v, plot, gap, 1.3f * scale);
        prim_mesh_draw(r, &mesh);
        marked = jumps(&mesh, v, plot, scale);
    }
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
    if (v->cursor)
        view_timeline_cursor(r, scale, plot, view_timeline_x(plot, v->s0, v->s1, v->cursor_step));
    return marked;
}
