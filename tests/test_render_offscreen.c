/* Renders the main view of a known model (a regular pentagon) with the software renderer into
 * a surface, no display needed, and checks the pixels where the vectors must be; also the
 * never-overwrite screenshot naming and a model with NaN in it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "analysis.h"
#include "draw/bars.h"
#include "draw/prim.h"
#include "draw/vectors.h"
#include "screenshot.h"
#include "text.h"

#define SIZE 480
#define N 5

static int failures;

#define CHECK(cond, ...)                                                                      \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                     \
            fputc('\n', stderr);                                                              \
            failures++;                                                                       \
        }                                                                                     \
    } while (0)

static SDL_Color pixel(SDL_Surface *s, int x, int y)
{
    Uint32 v = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
    SDL_Color c;
    SDL_GetRGBA(v, s->format, &c.r, &c.g, &c.b, &c.a);
    return c;
}

static int distance(SDL_Color a, SDL_Color b)
{
    return abs(a.r - b.r) + abs(a.g - b.g) + abs(a.b - b.b);
}

static void clear(SDL_Renderer *r)
{
    SDL_SetRenderDrawColor(r, 0x12, 0x14, 0x1a, 255);
    SDL_RenderClear(r);
}

static void pentagon(float *W, double radius)
{
    for (int i = 0; i < N; i++) {
        double t = (90.0 + 72.0 * i) * M_PI / 180.0;
        W[2 * i] = (float)(radius * cos(t));
        W[2 * i + 1] = (float)(radius * sin(t));
    }
}

static void check_vectors(SDL_Renderer *r, SDL_Surface *s, struct text *text)
{
    float W[2 * N];
    pentagon(W, 1.0);
    struct analysis an;
    CHECK(analysis_init(&an, N), "analysis_init");
    analysis_compute(&an, W, N, 2);
    CHECK(an.represented == N, "represented %d", an.represented);
    SDL_Rect rect = { 0, 0, SIZE, SIZE };
    struct view_vectors v = { .W = W, .n = N, .m = 2, .an = &an, .scale = 1.25, .labels = true };
    clear(r);
    view_vectors_draw(r, text, &v, rect);
    const SDL_Color bg = { 0x12, 0x14, 0x1a, 255 };
    for (int i = 0; i < N; i++) {
        SDL_Color want = view_vectors_colour(i, N, 255);
        float px, py;
        /* The dot at the tip and the middle of the line carry the feature's colour. */
        view_vectors_point(&v, rect, W[2 * i], W[2 * i + 1], &px, &py);
        SDL_Color got = pixel(s, (int)px, (int)py);
        CHECK(distance(got, want) < 30, "tip %d at (%.0f, %.0f): got %d,%d,%d want %d,%d,%d", i,
              px, py, got.r, got.g, got.b, want.r, want.g, want.b);
        view_vectors_point(&v, rect, W[2 * i] * 0.6, W[2 * i + 1] * 0.6, &px, &py);
        got = pixel(s, (int)px, (int)py);
        CHECK(distance(got, want) < 30, "line %d at (%.0f, %.0f): got %d,%d,%d", i, px, py,
              got.r, got.g, got.b);
        /* Between two vectors, inside the polygon and off the axes, only background. */
        double t = (90.0 + 72.0 * i + 30.0) * M_PI / 180.0;
        view_vectors_point(&v, rect, 0.45 * cos(t), 0.45 * sin(t), &px, &py);
        got = pixel(s, (int)px, (int)py);
        CHECK(distance(got, bg) < 20, "between %d and %d at (%.0f, %.0f): got %d,%d,%d", i,
              (i + 1) % N, px, py, got.r, got.g, got.b);
    }
    /* Feature 0 is the most important: yellow; the last is purple (viridis ends). */
    SDL_Color c0 = view_vectors_colour(0, N, 255), c4 = view_vectors_colour(N - 1, N, 255);
    CHECK(c0.r > 200 && c0.g > 200 && c0.b < 80, "feature 0 not yellow");
    CHECK(c4.r < 100 && c4.g < 30 && c4.b > 60, "last feature not purple");
    /* The line is anti-aliased: across it, partial coverage shows intermediate values. */
    float ax, ay;
    view_vectors_point(&v, rect, 0, 0.6, &ax, &ay);
    int partial = 0;
    for (int dx = -6; dx <= 6; dx++) {
        SDL_Color got = pixel(s, (int)ax + dx, (int)ay);
        int d_bg = distance(got, bg), d_fg = distance(got, c0);
        if (d_bg > 20 && d_fg > 20)
            partial++;
    }
    CHECK(partial >= 1, "no anti-aliased edge pixels across feature 0's line");
    analysis_finish(&an);
}

static void check_nan(SDL_Renderer *r, SDL_Surface *s)
{
    float W[2 * N];
    pentagon(W, 1.0);
    W[2] = NAN;
    W[3] = INFINITY;
    struct view_vectors v = { .W = W, .n = N, .m = 2, .scale = 1.25 };
    SDL_Rect rect = { 0, 0, SIZE, SIZE };
    clear(r);
    view_vectors_draw(r, NULL, &v, rect);
    float px, py;
    view_vectors_point(&v, rect, W[0], W[1], &px, &py);
    CHECK(distance(pixel(s, (int)px, (int)py), view_vectors_colour(0, N, 255)) < 30,
          "feature 0 missing when feature 1 is NaN");
}

static void check_screenshot(SDL_Surface *s)
{
    char dir[] = "/tmp/superpose-test-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char a[4096], b[4096], msg[4096];
    bool ok_a = screenshot_save_surface(s, dir, a, sizeof a);
    bool ok_b = screenshot_save_surface(s, dir, b, sizeof b);
    CHECK(ok_a && ok_b, "screenshot failed: %s / %s", a, b);
    if (ok_a && ok_b) {
        /* Same second or not, the second save must not replace the first. */
        CHECK(strcmp(a, b) != 0, "two screenshots got the same name %s", a);
        CHECK(strstr(a, "/superpose-") && strstr(a, ".png"), "bad name %s", a);
        SDL_Surface *back = IMG_Load(a);
        CHECK(back && back->w == s->w && back->h == s->h, "saved PNG unreadable or wrong size");
        SDL_FreeSurface(back);
        unlink(a);
        unlink(b);
    }
    char missing[4200];
    snprintf(missing, sizeof missing, "%s/no/such/dir", dir);
    CHECK(!screenshot_save_surface(s, missing, msg, sizeof msg), "saved into a missing dir");
    CHECK(strstr(msg, "No such file") != NULL, "failure message lacks the reason: %s", msg);
    rmdir(dir);
}

static void check_bars(SDL_Renderer *r, struct text *text)
{
    if (!text)
        return;
    float W[2 * N], b[N] = { -0.2f, -0.2f, -0.2f, NAN, -0.2f };
    pentagon(W, 1.1);
    struct analysis an;
    analysis_init(&an, N);
    analysis_compute(&an, W, N, 2);
    clear(r);
    view_bars_draw(r, text, 1.0f, &an, b, (SDL_Rect){ 0, 0, SIZE, 200 });
    analysis_finish(&an);
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, SIZE, SIZE, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
    if (!r) {
        fprintf(stderr, "cannot create a software renderer: %s\n", SDL_GetError());
        return 1;
    }
    char font[1024], err[512];
    struct text *text = NULL;
    if (text_find_font(font, sizeof font, err, sizeof err))
        text = text_create(r, font, 1.0f, err, sizeof err);
    if (!text)
        fprintf(stderr, "note: drawing without labels: %s\n", err);

    check_vectors(r, s, text);
    check_nan(r, s);
    check_bars(r, text);
    check_screenshot(s);

    text_destroy(text);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    IMG_Quit();
    SDL_Quit();
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
