/* Parts of the picture kept between frames (draw/layer.h): the same key copies the kept
 * texture, another key or another output size draws anew, no layer draws straight; and what a
 * layer shows, recorded or copied, is exactly what drawing straight shows: W^T W of 400
 * features binned, the dimensionality experiment's faint dots with its note drawn over them,
 * and either after the numbers change. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "analysis.h"
#include "canvas.h"
#include "check.h"
#include "draw/dims.h"
#include "draw/heatmap.h"
#include "draw/layer.h"
#include "draw/palette.h"
#include "draw/prim.h"

#define SIZE 480
#define N 400
#define M 30
#define MODELS 6

static void clear(SDL_Renderer *r)
{
    const SDL_Color bg = prim_rgba(PALETTE_BACKGROUND, 255);
    SDL_SetRenderDrawColor(r, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(r);
}

static Uint32 *copy_pixels(SDL_Surface *s)
{
    Uint32 *p = malloc((size_t)s->h * (size_t)s->pitch);
    CHECK(p, "out of memory");
    if (p)
        memcpy(p, s->pixels, (size_t)s->h * (size_t)s->pitch);
    return p;
}

/* Pixels of the surface that differ from `want`. */
static long differ(SDL_Surface *s, const Uint32 *want)
{
    long count = 0;
    for (int y = 0; y < s->h; y++) {
        const Uint32 *a = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
        const Uint32 *b = (const Uint32 *)((const Uint8 *)want + y * s->pitch);
        for (int x = 0; x < s->w; x++)
            count += (a[x] & 0xffffff) != (b[x] & 0xffffff);
    }
    return count;
}

static void check_states(SDL_Renderer *r)
{
    struct layer l = { 0 };
    const SDL_Rect rect = { 10, 20, 100, 50 };
    const SDL_Color ground = { 1, 2, 3, 255 };
    const int a = 1, b = 2;
    CHECK(layer_begin(NULL, r, rect, ground) == LAYER_DIRECT, "no layer: not drawn straight");
    layer_key(&l, &a, sizeof a);
    CHECK(layer_begin(&l, r, rect, ground) == LAYER_RECORD, "a new layer was not recorded");
    layer_end(&l, r, rect);
    CHECK(SDL_GetRenderTarget(r) == NULL, "layer_end left the layer as the target");
    layer_key(&l, &a, sizeof a);
    CHECK(layer_begin(&l, r, rect, ground) == LAYER_KEPT, "the same key was drawn anew");
    layer_key(&l, &b, sizeof b);
    CHECK(layer_begin(&l, r, rect, ground) == LAYER_RECORD, "another key kept the old picture");
    layer_end(&l, r, rect);
    layer_key(&l, &b, sizeof b);
    layer_key(&l, &a, sizeof a);
    CHECK(layer_begin(&l, r, rect, ground) == LAYER_RECORD, "a longer key kept the old picture");
    layer_end(&l, r, rect);
    layer_finish(&l);
    CHECK(!l.tex && !l.key, "layer_finish left its texture or key");
}

/* Draws twice with the layer (recorded, then kept) and once with the numbers changed; each
 * picture must be the straight drawing's, pixel for pixel. */
static void compare(SDL_Renderer *r, SDL_Surface *s, const char *what,
                    void (*draw)(SDL_Renderer *, struct text *, void *, struct layer *),
                    void (*change)(void *), struct text *text, void *ctx)
{
    struct layer l = { 0 };
    clear(r);
    draw(r, text, ctx, NULL);
    Uint32 *straight = copy_pixels(s);
    for (int k = 0; k < 2 && straight; k++) {
        clear(r);
        draw(r, text, ctx, &l);
        CHECK(differ(s, straight) == 0, "%s, %s: %ld pixels differ from drawing straight", what,
              k ? "kept" : "recorded", differ(s, straight));
    }
    CHECK(l.valid && l.tex, "%s: nothing kept", what);
    change(ctx);
    clear(r);
    draw(r, text, ctx, NULL);
    Uint32 *changed = copy_pixels(s);
    CHECK(straight && changed && differ(s, straight) > 0, "%s: the change shows nothing", what);
    clear(r);
    draw(r, text, ctx, &l);
    CHECK(changed && differ(s, changed) == 0, "%s: after a change %ld pixels differ (the old "
          "picture kept?)", what, changed ? differ(s, changed) : -1);
    free(straight);
    free(changed);
    layer_finish(&l);
}

struct heat {
    float W[N * M], b[N];
};

static void draw_heat(SDL_Renderer *r, struct text *text, void *ctx, struct layer *l)
{
    struct heat *h = ctx;
    const struct view_heatmap v = { .W = h->W, .b = h->b, .n = N, .m = M, .layer = l };
    view_heatmap_draw(r, text, 1.0f, &v, (SDL_Rect){ 20, 30, 300, 320 });
}

/* Feature 7 turned away: its row and column of W^T W change. */
static void change_heat(void *ctx)
{
    struct heat *h = ctx;
    for (int k = 0; k < M; k++)
        h->W[7 * M + k] = -h->W[7 * M + k] + 0.5f;
}

struct dims {
    struct analysis an[MODELS];
    struct view_dims_model models[MODELS];
    const char *note[2];   /* drawn over the kept picture, outside the key */
};

static void draw_dims(SDL_Renderer *r, struct text *text, void *ctx, struct layer *l)
{
    struct dims *d = ctx;
    const struct view_dims v = { .models = d->models, .count = MODELS, .x_max = 20,
                                 .faint = true, .note = d->note, .layer = l };
    view_dims_draw(r, text, 1.0f, &v, (SDL_Rect){ 10, 10, SIZE - 20, SIZE - 20 });
}

static void change_dims(void *ctx)
{
    struct dims *d = ctx;
    for (int i = 0; i < N; i += 3)
        d->an[2].dimensionality[i] = 0.75;
}

int main(void)
{
    struct canvas cv;
    if (!canvas_init(&cv, SIZE, SIZE))
        return 1;
    if (!cv.text)
        fprintf(stderr, "note: drawing without labels: %s\n", cv.err);
    check_states(cv.renderer);

    struct heat *h = malloc(sizeof *h);
    CHECK(h, "out of memory");
    for (int k = 0; h && k < N * M; k++)
        h->W[k] = (float)sin(0.37 * k + 0.1 * (k % 7)) * 0.4f;
    for (int i = 0; h && i < N; i++)
        h->b[i] = (float)cos(0.5 * i) * 0.3f;
    if (h)
        compare(cv.renderer, cv.surface, "W^T W", draw_heat, change_heat, cv.text, h);
    free(h);

    struct dims *d = calloc(1, sizeof *d);
    CHECK(d, "out of memory");
    for (int k = 0; d && k < MODELS; k++) {
        CHECK(analysis_init(&d->an[k], N), "analysis_init");
        d->an[k].n = N;
        d->an[k].m = M;
        for (int i = 0; i < N; i++)
            d->an[k].dimensionality[i] = fmod(0.37 * i + 0.11 * k, 1.05);
        d->an[k].dims_per_feature = 1.0 - 0.1 * k;
        d->models[k] = (struct view_dims_model){ .density = pow(0.05, k / (MODELS - 1.0)),
                                                 .an = &d->an[k] };
    }
    if (d) {
        d->note[0] = "12 of 24 models, 50% of all steps";
        compare(cv.renderer, cv.surface, "dimensionality", draw_dims, change_dims, cv.text, d);
        for (int k = 0; k < MODELS; k++)
            analysis_finish(&d->an[k]);
    }
    free(d);

    canvas_finish(&cv);
    SDL_Quit();
    return check_result("test_layer");
}
