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

/* The snapshots the lines keep: those at least `gap` pixels right of the last kept (and always
 * the newest), with their x; how many. The same for every feature. */
static int kept_snapshots(const struct view_timeline *v, SDL_Rect plot, float gap, int *keep,
                          float *xs)
{
    const struct history_track *t = v->track;
    int count = 0;
    for (int k = 0; k < t->count; k++) {
        float x = view_timeline_x(plot, v->s0, v->s1, t->meta[k].step);
        if (count > 0 && x - xs[count - 1] < gap && k + 1 < t->count)
            continue;
        keep[count] = k;
        xs[count++] = x;
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
    int *keep = malloc((size_t)t->count * sizeof *keep);
    float *xs = malloc((size_t)t->count * sizeof *xs);
    if (!p || !keep || !xs)
        goto out;
    const int count = kept_snapshots(v, plot, gap, keep, xs);
    for (int i = 0; i < t->n; i++) {
        SDL_Color c = view_vectors_colour(i, t->n, smooth ? 235 : 255);
        for (int q = 0; q < count; q++)
            p[q] = (SDL_FPoint){ xs[q], y_of(plot, t->dims[(size_t)keep[q] * (size_t)t->n + i]) };
        if (!smooth) {
            SDL_SetRenderDrawColor(r, c.r, c.g, c.b, 255);
            SDL_RenderDrawLinesF(r, p, count);
            continue;
        }
        for (int k = 1; k < count; k++)
            prim_mesh_line(mesh, p[k - 1].x, p[k - 1].y, p[k].x, p[k].y, 1.3f * scale, c);
    }
out:
    free(p);
    free(keep);
    free(xs);
}

/* A jump: D_i changed by HISTORY_JUMP within this fraction of the steps shown (about 6 pixels
 * of a 400-pixel strip), so what is ringed is what looks like a step. */
#define JUMP_SPAN 64

/* The rings drawn: of all the jumps, the first RINGS_MAX by feature, then by time (the lower
 * features are the more important), kept as a max-heap on (i, k) while the jumps arrive in
 * time order. */
struct ring_pick {
    int count;
    int i[RINGS_MAX], k[RINGS_MAX];
};

static bool ring_after(const struct ring_pick *p, int a, int b)
{
    return p->i[a] != p->i[b] ? p->i[a] > p->i[b] : p->k[a] > p->k[b];
}

static void ring_swap(struct ring_pick *p, int a, int b)
{
    int i = p->i[a], k = p->k[a];
    p->i[a] = p->i[b];
    p->k[a] = p->k[b];
    p->i[b] = i;
    p->k[b] = k;
}

static void ring_sift_down(struct ring_pick *p, int at, int count)
{
    for (int c; (c = 2 * at + 1) < count; at = c) {
        if (c + 1 < count && ring_after(p, c + 1, c))
            c++;
        if (!ring_after(p, c, at))
            return;
        ring_swap(p, at, c);
    }
}

static void ring_found(void *ctx, int i, int k)
{
    struct ring_pick *p = ctx;
    if (p->count < RINGS_MAX) {
        int at = p->count++;
        p->i[at] = i;
        p->k[at] = k;
        for (; at > 0 && ring_after(p, at, (at - 1) / 2); at = (at - 1) / 2)
            ring_swap(p, at, (at - 1) / 2);
    } else if (i < p->i[0] || (i == p->i[0] && k < p->k[0])) {
        p->i[0] = i;
        p->k[0] = k;
        ring_sift_down(p, 0, p->count);
    }
}

/* A ring (an octagon: small, and cheap to draw) where feature i's D_i jumped at snapshot k,
 * inside the plot even at D = 0 or 1. */
static void ring(struct prim_mesh *mesh, const struct view_timeline *v, SDL_Rect plot,
                 float radius, float width, int i, int k)
{
    const struct history_track *t = v->track;
    float x = view_timeline_x(plot, v->s0, v->s1, t->meta[k].step);
    float y = y_of(plot, t->dims[(size_t)k * (size_t)t->n + (size_t)i]);
    y = fminf(fmaxf(y, plot.y + radius), plot.y + plot.h - radius);
    for (int e = 0; e < 8; e++) {
        float a0 = (float)M_PI / 4 * e, a1 = (float)M_PI / 4 * (e + 1);
        prim_mesh_line(mesh, x + radius * cosf(a0), y + radius * sinf(a0), x + radius * cosf(a1),
                       y + radius * sinf(a1), width, prim_rgba(PALETTE_WHITE, 220));
    }
}

static int jumps(struct prim_mesh *mesh, const struct view_timeline *v, SDL_Rect plot,
                 float scale)
{
    struct ring_pick pick = { 0 };
    long window = (v->s1 - v->s0) / JUMP_SPAN;
    if (history_track_jumps_all(v->track, window > 1 ? window : 1, ring_found, &pick) < 0)
        return 0;
    /* in (i, k) order: the heap's sort */
    for (int end = pick.count - 1; end > 0; end--) {
        ring_swap(&pick, 0, end);
        ring_sift_down(&pick, 0, end);
    }
    for (int q = 0; q < pick.count; q++)
        ring(mesh, v, plot, 3.0f * scale, 1.3f * scale, pick.i[q], pick.k[q]);
    return pick.count;
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
