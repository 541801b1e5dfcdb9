#include "timeline.h"

#include <math.h>
#include <stdlib.h>

#include "history.h"
#include "loss.h"
#include "palette.h"
#include "prim.h"
#include "text.h"
#include "vectors.h"

/* Points. */
#define PLOT_H 40
#define PLOT_H_COMPACT 24
/* Anti-aliased lines (triangles) for a few features, about this many segments a frame at
 * most, about the loss curve's (closer snapshots skipped; the software renderer pays per
 * triangle); past SMOOTH_FEATURES plain one-pixel lines, which it draws about 20 times
 * faster (measured: 512 features over 400 pixels 190 ms as triangles, 6 ms plain, on a busy
 * machine), skipping snapshots closer than a few pixels past POINTS_MAX points. */
#define MESH_SEGMENTS_MAX 400
#define SMOOTH_FEATURES 8
#define POINTS_MAX 60000
/* Jumps ringed at most, the most important features' first. */
#define RINGS_MAX 96

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

/* The snapshots of feature i's line: those at least `gap` pixels right of the last kept (and
 * always the newest), as points; how many. */
static int line_points(const struct view_timeline *v, SDL_Rect plot, int i, float gap,
                       SDL_FPoint *out)
{
    const struct history_track *t = v->track;
    int count = 0;
    for (int k = 0; k < t->count; k++) {
        float x = view_timeline_x(plot, v->s0, v->s1, t->meta[k].step);
        if (count > 0 && x - out[count - 1].x < gap && k + 1 < t->count)
            continue;
        out[count++] = (SDL_FPoint){ x, y_of(plot, t->dims[(size_t)k * (size_t)t->n + i]) };
    }
    return count;
}

/* Each feature's line in its colour. */
static void lines(SDL_Renderer *r, struct prim_mesh *mesh, const struct view_timeline *v,
                  SDL_Rect plot, float scale)
{
    const struct history_track *t = v->track;
    bool smooth = t->n <= SMOOTH_FEATURES;
    float gap = fmaxf(1.0f, (float)t->n * plot.w / (smooth ? MESH_SEGMENTS_MAX : POINTS_MAX));
    SDL_FPoint *p = malloc((size_t)t->count * sizeof *p);
    if (!p)
        return;
    for (int i = 0; i < t->n; i++) {
        SDL_Color c = view_vectors_colour(i, t->n, smooth ? 235 : 255);
        int count = line_points(v, plot, i, gap, p);
        if (!smooth) {
            SDL_SetRenderDrawColor(r, c.r, c.g, c.b, 255);
            SDL_RenderDrawLinesF(r, p, count);
            continue;
        }
        for (int k = 1; k < count; k++)
            prim_mesh_line(mesh, p[k - 1].x, p[k - 1].y, p[k].x, p[k].y, 1.3f * scale, c);
    }
    free(p);
}

/* A jump: D_i changed by HISTORY_JUMP within this fraction of the steps shown (about 6 pixels
 * of a 400-pixel strip), so what is ringed is what looks like a step. */
#define JUMP_SPAN 64

struct ring_ctx {
    struct prim_mesh *mesh;
    const struct view_timeline *v;
    SDL_Rect plot;
    float radius, width;
    int i, count;
};

/* A ring (an octagon: small, and cheap to draw) where feature i's D_i jumped, inside the plot
 * even at D = 0 or 1. */
static void ring(void *ctx, int k)
{
    struct ring_ctx *c = ctx;
    if (c->count++ >= RINGS_MAX)
        return;
    const struct history_track *t = c->v->track;
    float x = view_timeline_x(c->plot, c->v->s0, c->v->s1, t->meta[k].step);
    float y = y_of(c->plot, t->dims[(size_t)k * (size_t)t->n + (size_t)c->i]);
    y = fminf(fmaxf(y, c->plot.y + c->radius), c->plot.y + c->plot.h - c->radius);
    for (int e = 0; e < 8; e++) {
        float a0 = (float)M_PI / 4 * e, a1 = (float)M_PI / 4 * (e + 1);
        prim_mesh_line(c->mesh, x + c->radius * cosf(a0), y + c->radius * sinf(a0),
                       x + c->radius * cosf(a1), y + c->radius * sinf(a1), c->width,
                       prim_rgba(PALETTE_WHITE, 220));
    }
}

static int jumps(struct prim_mesh *mesh, const struct view_timeline *v, SDL_Rect plot,
                 float scale)
{
    struct ring_ctx c = { mesh, v, plot, 3.0f * scale, 1.3f * scale, 0, 0 };
    long window = (v->s1 - v->s0) / JUMP_SPAN;
    for (c.i = 0; c.i < v->track->n && c.count < RINGS_MAX; c.i++)
        history_track_jumps(v->track, c.i, window > 1 ? window : 1, ring, &c);
    return c.count < RINGS_MAX ? c.count : RINGS_MAX;
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
        prim_mesh_draw(r, &mesh);   /* the ground under plain lines */
        lines(r, &mesh, v, plot, scale);
        prim_mesh_draw(r, &mesh);
        marked = jumps(&mesh, v, plot, scale);
    }
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
    if (v->cursor)
        view_timeline_cursor(r, scale, plot, view_timeline_x(plot, v->s0, v->s1, v->cursor_step));
    return marked;
}
