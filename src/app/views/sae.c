/* The SAE view: the focused model's features with the sparse autoencoder's decoder directions
 * drawn over them (dashed white, a ring at the tip; flat for m <= 2, in 3D from m = 3), and
 * beside them what it has recovered, the features x latents cosine matrix, each latent's
 * firing rate (dead ones marked, a resampled one flashing) and the loss split into its two
 * terms. Its sliders sit at the bottom of the column; the panels draw them there. */
#include "views.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "draw/heatmap.h"
#include "draw/loss.h"
#include "draw/palette.h"
#include "draw/polytope.h"
#include "draw/prim.h"
#include "draw/sliders.h"
#include "draw/vectors.h"
#include "text.h"

/* The firing-rate bars' log axis. */
#define RATE_LO 1e-4
#define STATS_LINES 4

struct layout {
    SDL_Rect vectors, stats, matrix, bars, loss, sliders;
};

static int line_height(struct text *text, float scale)
{
    return text ? text_height(text, TEXT_SMALL) : (int)(15 * scale);
}

/* Wide: the vectors on the left, and on the right a column of the numbers, the matrix, the
 * bars, the loss (when there is room) and the sliders at its foot. Narrow: the vectors with
 * the matrix and the bars beside them on top, the rest below. */
static struct layout layout(struct text *text, float scale, SDL_Rect r)
{
    struct layout l;
    const int gap = (int)(10 * scale), lh = line_height(text, scale);
    /* compact sliders in a short area, as the panel's in a short window */
    const int sliders_h = text ? view_sliders_height(text, scale, VIEW_SAE_SLIDERS,
                                                     r.h < 600 * scale)
                               : (int)(VIEW_SAE_SLIDERS * 40 * scale);
    const bool wide = r.w >= r.h * 0.8 && r.w - fmin(r.h, r.w * 0.56) >= 300 * scale;
    SDL_Rect col;
    if (wide) {
        int side = (int)fmin(r.h, r.w * 0.56);
        l.vectors = (SDL_Rect){ r.x, r.y, side, side };
        col = (SDL_Rect){ r.x + side + gap, r.y, r.w - side - gap, r.h };
    } else {
        int side = (int)fmin(r.h * 0.42, r.w * 0.55);
        l.vectors = (SDL_Rect){ r.x, r.y, side, side };
        SDL_Rect beside = { r.x + side + gap, r.y, r.w - side - gap, side };
        l.matrix = (SDL_Rect){ beside.x, beside.y, beside.w, (int)(side * 0.58) - gap };
        l.bars = (SDL_Rect){ beside.x, beside.y + (int)(side * 0.58), beside.w,
                             side - (int)(side * 0.58) };
        col = (SDL_Rect){ r.x, r.y + side + gap, r.w, r.h - side - gap };
    }
    l.sliders = (SDL_Rect){ col.x, col.y + col.h - sliders_h, col.w, sliders_h };
    l.stats = (SDL_Rect){ col.x, col.y, col.w, STATS_LINES * lh };
    int top = l.stats.y + l.stats.h + gap, rest = l.sliders.y - gap - top;
    if (!wide) {
        l.loss = (SDL_Rect){ col.x, top, col.w, rest };
        return l;
    }
    int loss_h = rest >= (int)(260 * scale) ? (int)(rest * 0.34) : 0;
    int matrix_h = (int)((rest - loss_h) * 0.58);
    l.matrix = (SDL_Rect){ col.x, top, col.w, matrix_h - gap };
    l.bars = (SDL_Rect){ col.x, top + matrix_h, col.w, rest - loss_h - matrix_h - gap };
    l.loss = (SDL_Rect){ col.x, l.bars.y + l.bars.h + gap, col.w, loss_h - gap };
    return l;
}

SDL_Rect views_sae_slider_area(struct text *text, float scale, SDL_Rect rect)
{
    return layout(text, scale, rect).sliders;
}

/* ---- the directions over the features ---- */

static float unit(SDL_Rect r)
{
    float u = (float)(r.w < r.h ? r.w : r.h) / 640.0f;
    return u < 0.5f ? 0.5f : u;
}

/* The 3D coordinates of a decoder row: itself for m = 3, its projection onto the principal
 * directions above; false when they are not there yet. */
static bool coords3(const struct view_context *c, const float *d, int m, double p[3])
{
    for (int a = 0; a < 3; a++) {
        p[a] = 0;
        if (m == 3)
            p[a] = d[a];
        else if (c->dirs)
            for (int q = 0; q < m; q++)
                p[a] += c->dirs[(size_t)a * m + q] * d[q];
    }
    return m == 3 || c->dirs != NULL;
}

/* Where latent j's decoder tip (a unit vector) and the origin land in the vectors' square. */
static bool decoder_ends(const struct view_context *c, SDL_Rect vr, int j, float o[2], float t[2])
{
    const struct view_sae *s = c->sae;
    const float *d = s->dec + (size_t)j * s->m;
    if (s->m >= 3) {
        struct view_polytope vp = { .W = c->main.W, .n = c->main.n, .m = s->m, .yaw = c->yaw,
                                    .pitch = c->pitch, .scale = c->view_scale };
        double p[3], zero[3] = { 0, 0, 0 }, depth, size;
        if (!coords3(c, d, s->m, p))
            return false;
        view_polytope_point(&vp, vr, zero, &o[0], &o[1], &depth, &size);
        view_polytope_point(&vp, vr, p, &t[0], &t[1], &depth, &size);
        return true;
    }
    struct view_vectors vv = { .W = c->main.W, .n = c->main.n, .m = s->m,
                               .scale = c->view_scale };
    view_vectors_point(&vv, vr, 0, 0, &o[0], &o[1]);
    view_vectors_point(&vv, vr, d[0], s->m > 1 ? d[1] : 0.0, &t[0], &t[1]);
    return true;
}

bool views_sae_decoder_point(struct text *text, float scale, const struct view_context *c,
                             SDL_Rect rect, int j, float *px, float *py)
{
    float o[2], t[2];
    if (!c->sae || j < 0 || j >= c->sae->k ||
        !decoder_ends(c, layout(text, scale, rect).vectors, j, o, t))
        return false;
    *px = t[0];
    *py = t[1];
    return true;
}

static SDL_Color mix(SDL_Color a, SDL_Color b, float t)
{
    return (SDL_Color){ (Uint8)(a.r + (b.r - a.r) * t), (Uint8)(a.g + (b.g - a.g) * t),
                        (Uint8)(a.b + (b.b - a.b) * t), (Uint8)(a.a + (b.a - a.a) * t) };
}

static SDL_Color latent_colour(const struct view_sae *s, int j, Uint8 alpha)
{
    SDL_Color c = prim_rgba(s->dead[j] ? PALETTE_SAE_DEAD : PALETTE_SAE_DECODER, alpha);
    return mix(c, prim_rgba(PALETTE_SAE_FLASH, 255), s->flash ? s->flash[j] : 0.0f);
}

static void draw_directions(SDL_Renderer *r, struct text *text, struct text_labels *placed,
                            const struct view_context *c, SDL_Rect vr)
{
    const struct view_sae *s = c->sae;
    const float u = unit(vr), thin = view_vectors_thinning(s->k);
    struct prim_mesh mesh = { 0 };
    for (int j = 0; j < s->k; j++) {
        float o[2], t[2];
        if (!decoder_ends(c, vr, j, o, t))
            continue;
        SDL_Color col = latent_colour(s, j, 235);
        float dx = t[0] - o[0], dy = t[1] - o[1], len = hypotf(dx, dy);
        const float dash = 7 * u, space = 5 * u;
        const float width = thin < 1 ? fmaxf(1.0f, 2.6f * u * thin) : fmaxf(2.0f, 2.6f * u);
        for (float a = 0; len > 0 && a < len; a += dash + space) {
            float b = fminf(a + dash, len);
            prim_mesh_line(&mesh, o[0] + dx * a / len, o[1] + dy * a / len, o[0] + dx * b / len,
                           o[1] + dy * b / len, width, col);
        }
        float flash = s->flash ? s->flash[j] : 0.0f;
        prim_mesh_ring(&mesh, t[0], t[1], fmaxf((6 + 10 * flash) * thin, 2.5f) * u, width, col);
    }
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
    if (!text)
        return;
    /* the latent's index beside its ring, on the side away from the origin's line, where it
     * clears the features' labels and the other latents' (the matrix names every latent) */
    for (int j = 0; j < s->k; j++) {
        float o[2], t[2];
        if (!decoder_ends(c, vr, j, o, t))
            continue;
        float dx = t[0] - o[0], dy = t[1] - o[1], len = fmaxf(hypotf(dx, dy), 1e-3f);
        float off = (15 + 10 * (s->flash ? s->flash[j] : 0.0f)) * u;
        char label[16];
        snprintf(label, sizeof label, "d%d", j);
        text_label(text, placed, TEXT_SMALL, (int)(t[0] - dy / len * off),
                   (int)(t[1] + dx / len * off), TEXT_CENTRE | TEXT_MIDDLE,
                   latent_colour(s, j, 255), label);
    }
}

void views_sae_directions_draw(SDL_Renderer *r, struct text *text, const struct view_context *c,
                               SDL_Rect vr)
{
    const struct view_model *md = &c->main;
    struct text_labels placed;
    text_labels_init(&placed, vr);
    if (md->m >= 3) {
        struct view_polytope vp = {
            .W = md->W, .n = md->n, .m = md->m, .yaw = c->yaw, .pitch = c->pitch,
            .scale = c->view_scale, .dirs = md->m > 3 ? c->dirs : NULL, .labels = true,
            .placed = &placed,
        };
        view_polytope_draw(r, text, &vp, vr);
    } else {
        struct view_vectors vv = { .W = md->W, .n = md->n, .m = md->m, .an = md->an,
                                   .trails = c->trails, .scale = c->view_scale, .labels = true,
                                   .placed = &placed };
        view_vectors_draw(r, text, &vv, vr);
    }
    if (c->sae->m == md->m)
        draw_directions(r, text, &placed, c, vr);
}

/* ---- the column ---- */

/* A caption: the first of its forms, longest first, that fits the width (the part is clipped
 * to its area all the same). */
static void caption(struct text *text, SDL_Rect a, const char *const forms[3])
{
    int k = 0;
    while (k < 2 && text_width(text, TEXT_SMALL, forms[k]) > a.w)
        k++;
    text_draw(text, TEXT_SMALL, a.x, a.y, TEXT_LEFT, prim_rgba(PALETTE_TEXT_DIM, 255), forms[k]);
}

typedef void part_fn(SDL_Renderer *r, struct text *text, float scale, const struct view_sae *s,
                     SDL_Rect a);

/* A part of the column drawn within its area: a narrow window cuts it rather than let it run
 * into the panels. */
static void clipped(part_fn *draw, SDL_Renderer *r, struct text *text, float scale,
                    const struct view_sae *s, SDL_Rect a)
{
    if (a.w <= 0 || a.h <= 0)
        return;
    SDL_RenderSetClipRect(r, &a);
    draw(r, text, scale, s, a);
    SDL_RenderSetClipRect(r, NULL);
}

/* A line as a lead in one colour and the rest dimmer; the lead alone when the whole does not
 * fit the width. */
static void stats_line(struct text *text, SDL_Rect a, int y, SDL_Color lead_colour,
                       const char *lead, const char *rest)
{
    char line[200];
    snprintf(line, sizeof line, "%s%s", lead, rest);
    int x = a.x + text_draw(text, TEXT_SMALL, a.x, y, TEXT_LEFT, lead_colour, lead);
    if (text_width(text, TEXT_SMALL, line) <= a.w)
        text_draw(text, TEXT_SMALL, x, y, TEXT_LEFT, prim_rgba(PALETTE_TEXT_DIM, 255), rest);
}

static void draw_stats(SDL_Renderer *r, struct text *text, float scale, const struct view_sae *s,
                       SDL_Rect a)
{
    (void)r, (void)scale;
    if (!text)
        return;
    const SDL_Color bright = prim_rgba(PALETTE_TEXT, 255), dim = prim_rgba(PALETTE_TEXT_DIM, 255);
    const int lh = text_height(text, TEXT_SMALL);
    char lead[96], rest[96];
    snprintf(lead, sizeof lead, "%d of %d recovered, MMCS %.3f", s->recovered, s->represented,
             s->mmcs);
    snprintf(rest, sizeof rest, " (features; cos > %.1f)", SAE_RECOVERED_COSINE);
    stats_line(text, a, a.y, bright, lead, rest);
    snprintf(lead, sizeof lead, "%d of %d latents dead", s->dead_count, s->k);
    snprintf(rest, sizeof rest, "; resampling %s, %ld resampled", s->resample ? "on" : "off",
             s->resample_count);
    stats_line(text, a, a.y + lh,
               prim_rgba(s->dead_count ? PALETTE_SAE_DEAD : PALETTE_TEXT, 255), lead, rest);
    snprintf(lead, sizeof lead, "SAE step %ld", s->step);
    snprintf(rest, sizeof rest, ", %.0f steps/s; l0 %.2g", s->steps_per_sec, s->loss.l0);
    stats_line(text, a, a.y + 2 * lh, dim, lead, rest);
    if (s->independent)
        stats_line(text, a, a.y + 3 * lh, prim_rgba(PALETTE_WARNING, 255),
                   "data: independent features", ", not the model's sets");
    else
        stats_line(text, a, a.y + 3 * lh, dim, "T: ReLU / TopK, E: resampling, N: new SAE",
                   s->kind == SAE_TOPK ? "; l1 unused" : "; K is TopK's");
}

/* The columns the matrix and the bars share: one per latent, under a label margin. */
static void columns(struct text *text, float scale, const struct view_sae *s, SDL_Rect a,
                    float *x0, float *cw)
{
    float label = text ? 22 * scale : 0;
    *x0 = a.x + label;
    *cw = fminf((a.w - label) / (float)s->k, 36 * scale);
}

/* Past this many cells the matrix is an image (whole pixels, binned when larger than its
 * area: view_heatmap_bin) without outlines or labels. */
#define MATRIX_CELLS 4096

static void draw_matrix_image(SDL_Renderer *r, struct text *text, float scale,
                              const struct view_sae *s, SDL_Rect a, float x0, float y0)
{
    int w = (int)(a.x + a.w - x0), h = (int)(a.y + a.h - y0);
    int cols = s->k < w ? s->k : w, rows = s->n < h ? s->n : h;
    float *v = malloc((size_t)s->n * (size_t)s->k * sizeof *v);
    if (!v || cols < 1 || rows < 1) {
        free(v);
        return;
    }
    for (size_t q = 0; q < (size_t)s->n * (size_t)s->k; q++)
        v[q] = (float)s->cosine[q];
    /* whole pixels per cell along each side */
    int cx = w / cols, cy = h / rows;
    view_heatmap_image(r, v, s->n, s->k, rows, cols, (SDL_Rect){ (int)x0, (int)y0, cols * cx,
                                                                 rows * cy });
    free(v);
    if (text)
        caption(text, a, (const char *const[3]){
            rows < s->n || cols < s->k ? "cos(W_i, d_j): features i down, latents j across; "
                                         "binned, each pixel its largest |cos|"
                                       : "cos(W_i, d_j): features i down, latents j across",
            "cos(W_i, d_j), features x latents", "cos(W_i, d_j)" });
    (void)scale;
}

static void draw_matrix(SDL_Renderer *r, struct text *text, float scale, const struct view_sae *s,
                        SDL_Rect a)
{
    const int head = text ? text_height(text, TEXT_SMALL) + (int)(2 * scale) : 0;
    float x0, cw;
    columns(text, scale, s, a, &x0, &cw);
    float ch = fminf((a.h - 2 * head) / (float)s->n, 36 * scale);
    const float y0 = a.y + 2 * head;
    if (ch < 1 || cw < 1 || s->n * s->k > MATRIX_CELLS) {
        draw_matrix_image(r, text, scale, s, a, x0, y0);
        return;
    }
    struct prim_mesh mesh = { 0 };
    for (int i = 0; i < s->n; i++)
        for (int j = 0; j < s->k; j++) {
            float x = x0 + j * cw, y = y0 + i * ch;
            prim_mesh_rect(&mesh, floorf(x), floorf(y), floorf(x + cw) - floorf(x),
                           floorf(y + ch) - floorf(y),
                           prim_diverging(s->cosine[(size_t)i * s->k + j], 255));
        }
    /* a feature's best latent, outlined when it recovers the feature */
    for (int i = 0; i < s->n; i++)
        for (int j = 0; j < s->k; j++)
            if (s->cosine[(size_t)i * s->k + j] == s->best[i] &&
                s->best[i] > SAE_RECOVERED_COSINE) {
                float x = x0 + j * cw, y = y0 + i * ch, w = fmaxf(1, scale * 1.5f);
                SDL_Color white = prim_rgba(PALETTE_WHITE, 230);
                prim_mesh_rect(&mesh, x, y, cw, w, white);
                prim_mesh_rect(&mesh, x, y + ch - w, cw, w, white);
                prim_mesh_rect(&mesh, x, y, w, ch, white);
                prim_mesh_rect(&mesh, x + cw - w, y, w, ch, white);
            }
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
    if (!text)
        return;
    caption(text, a, (const char *const[3]){
        "cos(W_i, d_j): features i down, latents j across; outlined: recovered",
        "cos(W_i, d_j); outlined: recovered", "cos(W_i, d_j)" });
    const int lh = text_height(text, TEXT_SMALL);
    for (int j = 0; j < s->k && cw >= lh * 0.9f; j++)
        text_drawf(text, TEXT_SMALL, (int)(x0 + (j + 0.5f) * cw), a.y + head, TEXT_CENTRE,
                   latent_colour(s, j, 255), "%d", j);
    for (int i = 0; i < s->n && ch >= lh * 0.8f; i++)
        text_drawf(text, TEXT_SMALL, (int)x0 - (int)(4 * scale), (int)(y0 + (i + 0.5f) * ch),
                   TEXT_RIGHT | TEXT_MIDDLE, view_vectors_label_colour(i, s->n), "%d", i);
}

static float rate_height(double rate, float h)
{
    double t = (log10(fmax(rate, RATE_LO)) - log10(RATE_LO)) / -log10(RATE_LO);
    return (float)(t * h);
}

/* More latents than pixels: each pixel column the highest rate of the latents it holds, red
 * when one of them is dead. */
static void draw_rates_binned(SDL_Renderer *r, struct text *text, const struct view_sae *s,
                              SDL_Rect a, float x0, float top, float h)
{
    int w = (int)(a.x + a.w - x0);
    struct prim_mesh mesh = { 0 };
    prim_mesh_rect(&mesh, x0, top, (float)w, h, prim_rgba(PALETTE_PLOT, 255));
    for (int c = 0; c < w; c++) {
        double rate = 0;
        bool dead = false;
        for (int j = (int)((long)c * s->k / w); j < (int)((long)(c + 1) * s->k / w); j++) {
            rate = fmax(rate, s->rate[j]);
            dead |= s->dead[j];
        }
        float bh = rate_height(rate, h);
        prim_mesh_rect(&mesh, x0 + c, top + h - bh, 1, bh, prim_rgba(PALETTE_SAE_RATE, 255));
        if (dead)
            prim_mesh_rect(&mesh, x0 + c, top + h - 3, 1, 3, prim_rgba(PALETTE_SAE_DEAD, 255));
    }
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
    if (text)
        caption(text, a, (const char *const[3]){
            "firing rate, log 1e-4 to 1: each pixel its latents' highest (red: one dead)",
            "firing rate, log (red: dead)", "firing rate" });
}

static void draw_bars(SDL_Renderer *r, struct text *text, float scale, const struct view_sae *s,
                      SDL_Rect a)
{
    const int head = text ? text_height(text, TEXT_SMALL) + (int)(2 * scale) : 0;
    float x0, cw;
    columns(text, scale, s, a, &x0, &cw);
    const float top = a.y + head, h = a.h - head - 2 * scale;
    if (h < 4)
        return;
    if (cw < 1) {
        draw_rates_binned(r, text, s, a, x0, top, h);
        return;
    }
    struct prim_mesh mesh = { 0 };
    prim_mesh_rect(&mesh, x0, top, cw * s->k, h, prim_rgba(PALETTE_PLOT, 255));
    for (int d = 1; d < 4; d++) {   /* 1e-3, 1e-2, 1e-1 */
        float y = top + h - h * d / 4.0f;
        prim_mesh_line(&mesh, x0, y, x0 + cw * s->k, y, 1, prim_rgba(PALETTE_WHITE, 30));
    }
    for (int j = 0; j < s->k; j++) {
        float x = x0 + j * cw, flash = s->flash ? s->flash[j] : 0.0f;
        if (flash > 0)
            prim_mesh_rect(&mesh, x, top, cw, h,
                           prim_rgba(PALETTE_SAE_FLASH, (Uint8)(200 * flash)));
        float bh = rate_height(s->rate[j], h), pad = cw > 4 ? cw * 0.15f : 0;
        prim_mesh_rect(&mesh, x + pad, top + h - bh, cw - 2 * pad, bh,
                       prim_rgba(s->dead[j] ? PALETTE_SAE_DEAD : PALETTE_SAE_RATE, 255));
        if (s->dead[j])   /* a dead latent: a red cross on the floor */
            for (int side = -1; side <= 1; side += 2)
                prim_mesh_line(&mesh, x + cw * 0.2f, top + h - cw * 0.6f * (side > 0),
                               x + cw * 0.8f, top + h - cw * 0.6f * (side < 0),
                               fmaxf(1.5f, scale * 1.5f), prim_rgba(PALETTE_SAE_DEAD, 255));
    }
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
    if (text)
        caption(text, a, (const char *const[3]){
            "firing rate per latent, log 1e-4 to 1 (red x: dead; flash: resampled)",
            "firing rate, log 1e-4 to 1 (x: dead)", "firing rate" });
}

/* Decade bounds holding both curves. */
static bool loss_range(const struct view_loss *a, const struct view_loss *b, double *lo,
                       double *hi, long *s0, long *s1)
{
    double v0 = INFINITY, v1 = -INFINITY;
    *s0 = LONG_MAX;
    *s1 = 0;
    const struct view_loss *curves[2] = { a, b };
    for (int c = 0; c < 2; c++)
        for (int k = 0; k < curves[c]->count; k++) {
            v0 = fmin(v0, log10(curves[c]->loss[k]));
            v1 = fmax(v1, log10(curves[c]->loss[k]));
            *s0 = curves[c]->step[k] < *s0 ? curves[c]->step[k] : *s0;
            *s1 = curves[c]->step[k] > *s1 ? curves[c]->step[k] : *s1;
        }
    *lo = floor(v0);
    *hi = fmax(ceil(v1), *lo + 1);
    return a->count >= 2 && isfinite(v0);
}

static void draw_loss(SDL_Renderer *r, struct text *text, float scale, const struct view_sae *s,
                      SDL_Rect a)
{
    if (a.h < 70 * scale || !text)
        return;
    const int th = text_height(text, TEXT_SMALL);
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255);
    int x = a.x + text_drawf(text, TEXT_SMALL, a.x, a.y, TEXT_LEFT,
                             prim_rgba(PALETTE_SAE_RECONSTRUCTION, 255), "reconstruction %.3g",
                             s->loss.reconstruction);
    if (s->kind == SAE_TOPK)
        text_draw(text, TEXT_SMALL, x, a.y, TEXT_LEFT, dim, "  (TopK: no sparsity term)");
    else
        text_drawf(text, TEXT_SMALL, x, a.y, TEXT_LEFT, prim_rgba(PALETTE_SAE_SPARSITY, 255),
                   "  + sparsity %.3g", s->loss.sparsity);
    SDL_Rect plot = { a.x + (int)(44 * scale), a.y + th + (int)(4 * scale),
                      a.w - (int)(52 * scale), a.h - 2 * th - (int)(8 * scale) };
    struct prim_mesh mesh = { 0 };
    prim_mesh_rect(&mesh, plot.x, plot.y, plot.w, plot.h, prim_rgba(PALETTE_PLOT, 255));
    double lo, hi;
    long s0, s1;
    if (loss_range(s->reconstruction, s->sparsity, &lo, &hi, &s0, &s1)) {
        for (double d = lo; d <= hi; d += 1) {
            float y = plot.y + plot.h * (float)((hi - d) / (hi - lo));
            prim_mesh_line(&mesh, plot.x, y, plot.x + plot.w, y, 1, prim_rgba(PALETTE_WHITE, 30));
        }
        const struct view_loss *curves[2] = { s->reconstruction, s->sparsity };
        const Uint32 colours[2] = { PALETTE_SAE_RECONSTRUCTION, PALETTE_SAE_SPARSITY };
        double span = s1 > s0 ? (double)(s1 - s0) : 1.0;
        for (int c = 0; c < 2; c++)
            for (int k = 1; k < curves[c]->count; k++) {
                const struct view_loss *h = curves[c];
                float xa = plot.x + plot.w * (float)((h->step[k - 1] - s0) / span);
                float xb = plot.x + plot.w * (float)((h->step[k] - s0) / span);
                float ya = plot.y + plot.h * (float)((hi - log10(h->loss[k - 1])) / (hi - lo));
                float yb = plot.y + plot.h * (float)((hi - log10(h->loss[k])) / (hi - lo));
                prim_mesh_line(&mesh, xa, ya, xb, yb, 1.6f * scale, prim_rgba(colours[c], 255));
            }
        prim_mesh_draw(r, &mesh);
        for (double d = lo; d <= hi; d += 1)
            text_drawf(text, TEXT_SMALL, plot.x - (int)(4 * scale),
                       plot.y + (int)(plot.h * (hi - d) / (hi - lo)), TEXT_RIGHT | TEXT_MIDDLE,
                       dim, "1e%d", (int)d);
        text_drawf(text, TEXT_SMALL, plot.x, plot.y + plot.h + (int)(2 * scale), TEXT_LEFT, dim,
                   "SAE step %ld", s0);
        text_drawf(text, TEXT_SMALL, plot.x + plot.w, plot.y + plot.h + (int)(2 * scale),
                   TEXT_RIGHT, dim, "%ld", s1);
    }
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
}

void views_sae_draw(SDL_Renderer *r, struct text *text, float scale, const struct view_context *c,
                    SDL_Rect rect)
{
    const struct view_sae *s = c->sae;
    struct layout l = layout(text, scale, rect);
    views_sae_directions_draw(r, text, c, l.vectors);
    if (s->n != c->main.n || s->k < 1)
        return;   /* the SAE has not read the resized model yet */
    clipped(draw_stats, r, text, scale, s, l.stats);
    clipped(draw_matrix, r, text, scale, s, l.matrix);
    clipped(draw_bars, r, text, scale, s, l.bars);
    clipped(draw_loss, r, text, scale, s, l.loss);
}
