/* The SAE view drawn offscreen from known data: each decoder direction lies where it must, dashed
 * from the origin to a ring at its unit tip, white when alive, red when dead, cyan while it
 * flashes, in 2D and in 3D; nothing white where no direction is; and the view's own sliders are
 * where the mouse finds them, in the SAE view only. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <SDL.h>

#include "canvas.h"
#include "check.h"
#include "analysis.h"
#include "controls.h"
#include "draw/loss.h"
#include "draw/palette.h"
#include "draw/prim.h"
#include "draw/sliders.h"
#include "panels.h"
#include "text.h"
#include "views.h"

#define W_PX 900
#define H_PX 600
#define N 5
#define K 3

static SDL_Color pixel(SDL_Surface *s, int x, int y)
{
    if (x < 0 || y < 0 || x >= s->w || y >= s->h)
        return (SDL_Color){ 0, 0, 0, 0 };
    Uint32 v = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
    SDL_Color c;
    SDL_GetRGBA(v, s->format, &c.r, &c.g, &c.b, &c.a);
    return c;
}

/* The pixel nearest in colour to want within radius of (x, y): its distance. */
static int nearest(SDL_Surface *s, float x, float y, int radius, SDL_Color want)
{
    int best = 1000;
    for (int dy = -radius; dy <= radius; dy++)
        for (int dx = -radius; dx <= radius; dx++) {
            int d = canvas_distance(pixel(s, (int)x + dx, (int)y + dy), want);
            best = d < best ? d : best;
        }
    return best;
}

static void clear(SDL_Renderer *r)
{
    SDL_Color bg = prim_rgba(PALETTE_BACKGROUND, 255);
    SDL_SetRenderDrawColor(r, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(r);
}

static const SDL_Rect rect = { 20, 20, W_PX - 40, H_PX - 40 };

/* Features of a pentagon at 90 + 72 i degrees; decoder directions between them, at 126 (alive),
 * 270 (dead) and 342 degrees (flashing). */
static void flat(SDL_Renderer *r, SDL_Surface *s, struct text *text)
{
    float W[N * 2], dec[K * 2];
    for (int i = 0; i < N; i++) {
        W[2 * i] = (float)cos((90 + 72 * i) * M_PI / 180);
        W[2 * i + 1] = (float)sin((90 + 72 * i) * M_PI / 180);
    }
    const double angle[K] = { 126, 270, 342 };
    for (int j = 0; j < K; j++) {
        dec[2 * j] = (float)cos(angle[j] * M_PI / 180);
        dec[2 * j + 1] = (float)sin(angle[j] * M_PI / 180);
    }
    struct analysis an;
    CHECK(analysis_init(&an, N), "analysis_init");
    analysis_compute(&an, W, N, 2);
    double cosine[N * K], best[N];
    for (int i = 0; i < N; i++) {
        best[i] = -1;
        for (int j = 0; j < K; j++) {
            cosine[i * K + j] = W[2 * i] * dec[2 * j] + W[2 * i + 1] * dec[2 * j + 1];
            best[i] = fmax(best[i], cosine[i * K + j]);
        }
    }
    const double rate[K] = { 0.03, 0, 0.01 };
    const bool dead[K] = { false, true, false };
    const float flash[K] = { 0, 0, 1 };
    struct view_loss rec, sp;
    view_loss_clear(&rec);
    view_loss_clear(&sp);
    const struct view_sae sae = {
        .k = K, .m = 2, .n = N, .dec = dec, .cosine = cosine, .best = best, .represented = N,
        .rate = rate, .dead = dead, .flash = flash, .dead_count = 1, .reconstruction = &rec,
        .sparsity = &sp, .l1 = 0.2, .resample = true,
    };
    const struct view_context c = {
        .main = { .W = W, .n = N, .m = 2, .an = &an, .density = 0.025 },
        .view_scale = 1.25, .sae = &sae,
    };
    clear(r);
    views_draw(VIEW_SAE, r, text, 1.0f, &c, rect);
    const SDL_Color want[K] = { prim_rgba(PALETTE_SAE_DECODER, 255),
                                prim_rgba(PALETTE_SAE_DEAD, 255),
                                prim_rgba(PALETTE_SAE_FLASH, 255) };
    const SDL_Color white = want[0];
    float ox, oy, tx, ty;
    for (int j = 0; j < K; j++) {
        CHECK(views_sae_decoder_point(text, 1.0f, &c, rect, j, &tx, &ty), "decoder %d", j);
        /* the ring at the tip (larger while flashing) */
        int d = nearest(s, tx, ty, j == 2 ? 16 : 8, want[j]);
        CHECK(d < 60, "latent %d: nothing of its colour at its tip (%.0f, %.0f), nearest %d", j,
              tx, ty, d);
        if (j == 1)
            CHECK(nearest(s, tx, ty, 8, white) > 150, "the dead latent's ring is white");
    }
    /* the origin O and the pixels R of a unit length, from the tips t_j = O + R (cos, -sin) */
    float t0x, t0y, t2x, t2y;
    views_sae_decoder_point(text, 1.0f, &c, rect, 0, &t0x, &t0y);
    views_sae_decoder_point(text, 1.0f, &c, rect, 2, &t2x, &t2y);
    const double c0 = cos(angle[0] * M_PI / 180), s0 = sin(angle[0] * M_PI / 180);
    const double R = (t0x - t2x) / (c0 - cos(angle[2] * M_PI / 180));
    ox = (float)(t0x - R * c0);
    oy = (float)(t0y + R * s0);
    CHECK(R > 100 && fabs(t2y - (oy - R * sin(angle[2] * M_PI / 180))) < 1.5,
          "the tips are not on one circle about the origin: R %g", R);
    /* the dashes: along each direction between 0.2 and 0.85 of the way out, about 7 of every
     * 12 pixels carry its colour (measured: 41 and 44 of 66) */
    for (int j = 0; j < 2; j++) {
        views_sae_decoder_point(text, 1.0f, &c, rect, j, &tx, &ty);
        int on = 0, all = 0;
        for (float t = 0.2f; t < 0.85f; t += 0.01f, all++)
            on += nearest(s, ox + (tx - ox) * t, oy + (ty - oy) * t, 0, want[j]) < 100;
        CHECK(on * 10 >= all * 3 && on * 10 <= all * 8,
              "latent %d: %d of %d points along it dashed", j, on, all);
        printf("latent %d: %d of %d points along its direction in its colour\n", j, on, all);
    }
    /* at 54 degrees, between features 4 and 0 and away from every direction: nothing white */
    for (float t = 0.2f; t < 0.9f; t += 0.01f) {
        float px = (float)(ox + R * t * cos(54 * M_PI / 180));
        float py = (float)(oy - R * t * sin(54 * M_PI / 180));
        CHECK(canvas_distance(pixel(s, (int)px, (int)py), white) > 150,
              "white at %.2f along 54 degrees (%.0f, %.0f)", t, px, py);
    }
    analysis_finish(&an);
}

/* m = 3: an octahedron's three axes, decoder directions on two diagonals. */
static void solid(SDL_Renderer *r, SDL_Surface *s, struct text *text)
{
    const float W[3 * 3] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
    const float h = (float)(1 / sqrt(2));
    const float dec[2 * 3] = { h, h, 0, 0, -h, h };
    const double cosine[3 * 2] = { h, 0, h, -h, 0, h }, best[3] = { h, h, h };
    const double rate[2] = { 0.05, 0.05 };
    const bool dead[2] = { false, false };
    struct view_loss rec, sp;
    view_loss_clear(&rec);
    view_loss_clear(&sp);
    const struct view_sae sae = { .k = 2, .m = 3, .n = 3, .dec = dec, .cosine = cosine,
                                  .best = best, .rate = rate, .dead = dead,
                                  .reconstruction = &rec, .sparsity = &sp, .l1 = 0.2 };
    struct view_context c = { .main = { .W = W, .n = 3, .m = 3 }, .view_scale = 1.25,
                              .yaw = 0.62, .pitch = 0.42, .sae = &sae };
    clear(r);
    views_draw(VIEW_SAE, r, text, 1.0f, &c, rect);
    for (int j = 0; j < 2; j++) {
        float tx, ty;
        CHECK(views_sae_decoder_point(text, 1.0f, &c, rect, j, &tx, &ty), "3D decoder %d", j);
        int d = nearest(s, tx, ty, 8, prim_rgba(PALETTE_SAE_DECODER, 255));
        CHECK(d < 60, "3D latent %d: nothing white at its tip (%.0f, %.0f), nearest %d", j, tx,
              ty, d);
    }
    /* m = 4 before the principal directions are known: no direction is drawn */
    const float W4[2 * 4] = { 1, 0, 0, 0, 0, 1, 0, 0 }, dec4[4] = { 1, 0, 0, 0 };
    struct view_sae sae4 = sae;
    sae4.m = 4;
    sae4.n = 2;
    sae4.k = 1;
    sae4.dec = dec4;
    c.main = (struct view_model){ .W = W4, .n = 2, .m = 4 };
    c.sae = &sae4;
    float tx, ty;
    CHECK(!views_sae_decoder_point(text, 1.0f, &c, rect, 0, &tx, &ty), "m = 4 without dirs");
}

/* The SAE view's sliders: drawn where the mouse finds them, in that view only. */
static void sliders(struct text *text)
{
    struct panels_layout l = panels_layout(1280, 800, 1.0f, text);
    const SDL_Rect plot = panels_view_plot(&l, text);
    SDL_Rect area = views_row(VIEW_SAE)->slider_area(text, 1.0f, plot);
    CHECK(area.x >= plot.x && area.y >= plot.y && area.x + area.w <= plot.x + plot.w &&
              area.y + area.h <= plot.y + plot.h, "the sliders' area leaves the view");
    for (int i = 0; i < VIEW_SAE_SLIDERS; i++) {
        SDL_Rect tr = view_sliders_track(text, 1.0f, area, VIEW_SAE_SLIDERS, i);
        int x = tr.x + tr.w / 4, y = tr.y + tr.h / 2;
        int k = panels_slider_at(text, 1.0f, &l, VIEW_SAE, x, y);
        CHECK(k == CONTROLS_SAE_L1 + i, "slider %d of the SAE view found as %d", i, k);
        CHECK(fabs(panels_slider_position(text, 1.0f, &l, k, x) - 0.25) < 0.01,
              "slider %d's position", i);
        CHECK(panels_slider_at(text, 1.0f, &l, VIEW_MAIN, x, y) < CONTROLS_SLIDER_COUNT,
              "the SAE view's slider %d found in the main view", i);
    }
    SDL_Rect tr = view_sliders_track(text, 1.0f, l.sliders, CONTROLS_SLIDER_COUNT,
                                     CONTROLS_SPEED);
    CHECK(panels_slider_at(text, 1.0f, &l, VIEW_SAE, tr.x + 5, tr.y + tr.h / 2) ==
              CONTROLS_SPEED, "the panel's sliders in the SAE view");
}

int main(void)
{
    struct canvas cv;
    if (!canvas_init(&cv, W_PX, H_PX))
        return 1;
    SDL_Surface *s = cv.surface;
    SDL_Renderer *r = cv.renderer;
    struct text *text = cv.text;
    const char *err = cv.err;
    CHECK(text != NULL, "no font: %s", err);
    if (text) {
        flat(r, s, text);
        solid(r, s, text);
        sliders(text);
    }
    canvas_finish(&cv);
    SDL_Quit();
    return check_result("test_render_sae");
}
