/* Renders the main view of a known model (a regular pentagon) with the software renderer into
 * a surface, no display needed, and checks the pixels where the vectors must be; likewise the
 * 3D view (a tetrahedron, an octahedron) and the phase diagram view (a synthetic grid); also
 * the never-overwrite screenshot naming and a model with NaN in it; and every row of the view
 * table: its words filled in, its draw function drawing into its rectangle only; and that the
 * window without a display says so and exits 1 instead of training unseen. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "canvas.h"
#include "check.h"
#include "analysis.h"
#include "draw/bars.h"
#include "draw/dims.h"
#include "draw/grid.h"
#include "draw/heatmap.h"
#include "draw/loss.h"
#include "draw/phasemap.h"
#include "draw/polytope.h"
#include "draw/prim.h"
#include "draw/vectors.h"
#include "geom3d.h"
#include "phase.h"
#include "screenshot.h"
#include "settings.h"
#include "cli.h"
#include "text.h"
#include "views.h"
#include "window.h"

#define SIZE 480
#define N 5


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
        SDL_Color got = canvas_pixel(s, (int)px, (int)py);
        CHECK(canvas_distance(got, want) < 30, "tip %d at (%.0f, %.0f): got %d,%d,%d want %d,%d,%d", i,
              px, py, got.r, got.g, got.b, want.r, want.g, want.b);
        view_vectors_point(&v, rect, W[2 * i] * 0.6, W[2 * i + 1] * 0.6, &px, &py);
        got = canvas_pixel(s, (int)px, (int)py);
        CHECK(canvas_distance(got, want) < 30, "line %d at (%.0f, %.0f): got %d,%d,%d", i, px, py,
              got.r, got.g, got.b);
        /* Between two vectors, inside the polygon and off the axes, only background. */
        double t = (90.0 + 72.0 * i + 30.0) * M_PI / 180.0;
        view_vectors_point(&v, rect, 0.45 * cos(t), 0.45 * sin(t), &px, &py);
        got = canvas_pixel(s, (int)px, (int)py);
        CHECK(canvas_distance(got, bg) < 20, "between %d and %d at (%.0f, %.0f): got %d,%d,%d", i,
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
        SDL_Color got = canvas_pixel(s, (int)ax + dx, (int)ay);
        int d_bg = canvas_distance(got, bg), d_fg = canvas_distance(got, c0);
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
    CHECK(canvas_distance(canvas_pixel(s, (int)px, (int)py), view_vectors_colour(0, N, 255)) < 30,
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

/* The panel draws (NaN as a dash); a bias of -0.001 reads as one of +0.001 ("+0.00", never
 * "-0.00"), pixel for pixel, while -0.2 and +0.2 differ. */
static void check_bars(SDL_Renderer *r, SDL_Surface *s, struct text *text)
{
    if (!text)
        return;
    float W[2 * N], b[N] = { -0.2f, -0.2f, -0.2f, NAN, -0.2f };
    pentagon(W, 1.1);
    struct analysis an;
    analysis_init(&an, N);
    analysis_compute(&an, W, N, 2);
    clear(r);
    view_bars_draw(r, text, 1.0f, &an, b, NULL, (SDL_Rect){ 0, 0, SIZE, 200 });
    const float pairs[2][2] = { { -0.001f, 0.001f }, { -0.2f, 0.2f } };
    long differ[2] = { 0, 0 };
    Uint32 *first = malloc((size_t)s->pitch * 200);
    for (int k = 0; k < 2 && first; k++) {
        for (int sign = 0; sign < 2; sign++) {
            for (int i = 0; i < N; i++)
                b[i] = pairs[k][sign];
            clear(r);
            view_bars_draw(r, text, 1.0f, &an, b, NULL, (SDL_Rect){ 0, 0, SIZE, 200 });
            if (sign == 0)
                memcpy(first, s->pixels, (size_t)s->pitch * 200);
            else
                for (int y = 0; y < 200; y++)
                    for (int x = 0; x < SIZE; x++)
                        differ[k] += first[y * s->pitch / 4 + x] !=
                                     ((Uint32 *)s->pixels)[y * s->pitch / 4 + x];
        }
    }
    CHECK(first && differ[0] == 0, "a bias of -0.001 draws unlike +0.001: %ld pixels", differ[0]);
    CHECK(differ[1] > 20, "-0.2 and +0.2 draw alike (%ld pixels): the check sees nothing",
          differ[1]);
    free(first);
    analysis_finish(&an);
}

/* W^T W of a pentagon: +1.21 (clipped red) on the diagonal, cos 144 deg (blue) between
 * non-neighbours; the bias column (all -0.5) light blue. Checked at the cells' centres. */
static void check_heatmap(SDL_Renderer *r, SDL_Surface *s, struct text *text)
{
    float W[2 * N], b[N];
    pentagon(W, 1.1);
    for (int i = 0; i < N; i++)
        b[i] = -0.5f;
    SDL_Rect rect = { 20, 20, 300, 220 };
    struct view_heatmap v = { .W = W, .b = b, .n = N, .m = 2 };
    clear(r);
    view_heatmap_draw(r, text, 1.0f, &v, rect);
    for (int i = 0; i < N; i++)
        for (int j = 0; j <= N; j++) {
            double want_v = j == N ? -0.5
                                   : (double)W[2 * i] * W[2 * j] + (double)W[2 * i + 1] * W[2 * j + 1];
            SDL_Rect c = view_heatmap_cell(text, 1.0f, rect, N, i, j);
            CHECK(c.w >= 8 && c.h >= 8 && SDL_HasIntersection(&c, &rect), "cell %d,%d too small", i, j);
            SDL_Color got = canvas_pixel(s, c.x + c.w / 2, c.y + c.h / 2);
            SDL_Color want = view_heatmap_colour(want_v);
            CHECK(canvas_distance(got, want) < 12, "heatmap %d,%d: got %d,%d,%d want %d,%d,%d", i, j,
                  got.r, got.g, got.b, want.r, want.g, want.b);
        }
    SDL_Color diag = view_heatmap_colour(1.21), neg = view_heatmap_colour(-0.9),
              zero = view_heatmap_colour(0);
    CHECK(diag.r > 150 && diag.b < 80, "positive is not red");
    CHECK(neg.b > 150 && neg.r < 80, "negative is not blue");
    CHECK(zero.r > 230 && zero.g > 230 && zero.b > 230, "zero is not white");
    /* The bias column stands apart: a background gap between it and the grid. */
    SDL_Rect last = view_heatmap_cell(text, 1.0f, rect, N, 0, N - 1),
             bias = view_heatmap_cell(text, 1.0f, rect, N, 0, N);
    CHECK(bias.x > last.x + last.w, "no gap before the bias column");
    SDL_Color gap = canvas_pixel(s, (last.x + last.w + bias.x) / 2, last.y + last.h / 2);
    CHECK(canvas_distance(gap, (SDL_Color){ 0x12, 0x14, 0x1a, 255 }) < 12, "the gap is not background");
}

/* view_heatmap_bin on a known 5 x 7 matrix into 2 x 3: rows [0, 2) and [2, 5), columns [0, 2),
 * [2, 4) and [4, 7); each bin keeps its value of largest magnitude, sign and all (a -0.9 beats
 * a 0.8), a NaN anywhere in a bin wins; at its own size the matrix comes back unchanged. */
static void check_heatmap_bin(void)
{
    const float in[5 * 7] = {
        0.1f, 0.2f,   0.3f, -0.4f,   0.0f, 0.0f, 0.5f,
        -0.6f, 0.1f,  0.0f, 0.2f,    0.1f, 0.1f, 0.1f,
        0.0f, 0.0f,   0.8f, 0.0f,    0.0f, 0.2f, 0.0f,
        0.0f, 0.7f,   0.0f, -0.9f,   0.0f, NAN, 0.3f,
        0.0f, -0.1f,  0.1f, 0.0f,    0.0f, 0.0f, -0.2f,
    };
    const float want[2 * 3] = { -0.6f, -0.4f, 0.5f, 0.7f, -0.9f, NAN };
    float out[2 * 3], same[5 * 7];
    view_heatmap_bin(in, 5, 7, out, 2, 3);
    for (int k = 0; k < 6; k++)
        CHECK(isnan(want[k]) ? isnan(out[k]) : out[k] == want[k], "bin %d: %g, want %g", k,
              out[k], want[k]);
    view_heatmap_bin(in, 5, 7, same, 5, 7);
    for (int k = 0; k < 35; k++)
        CHECK(isnan(in[k]) ? isnan(same[k]) : same[k] == in[k], "unbinned cell %d: %g", k,
              same[k]);
}

/* n = 120 features with W = I in a box of about 80 pixels: 2 x 2 features a pixel, the
 * diagonal red and the rest white, the bias column (all -1) blue beside it. */
static void check_heatmap_binned(SDL_Renderer *r, SDL_Surface *s, struct text *text)
{
    enum { NB = 120 };
    float *W = calloc((size_t)NB * NB, sizeof *W), b[NB];
    if (!W)
        return;
    for (int i = 0; i < NB; i++) {
        W[(size_t)i * NB + (size_t)i] = 1;
        b[i] = -1;
    }
    SDL_Rect rect = { 10, 10, 100, 100 };
    int bin = view_heatmap_binning(text, 1.0f, rect, NB);
    CHECK(bin == 2, "%d x %d features a pixel in a 100 pixel box, want 2", bin, bin);
    clear(r);
    view_heatmap_draw(r, text, 1.0f, &(struct view_heatmap){ .W = W, .b = b, .n = NB, .m = NB },
                      rect);
    const SDL_Color red = view_heatmap_colour(1), white = view_heatmap_colour(0),
                    blue = view_heatmap_colour(-1);
    for (int i = 0; i < NB; i += 7) {
        SDL_Rect d = view_heatmap_cell(text, 1.0f, rect, NB, i, i);
        SDL_Rect o = view_heatmap_cell(text, 1.0f, rect, NB, i, (i + 40) % NB);
        SDL_Rect bc = view_heatmap_cell(text, 1.0f, rect, NB, i, NB);
        CHECK(d.w == 1 && d.h == 1 && SDL_HasIntersection(&bc, &rect) && bc.w >= 3,
              "cell %d: %dx%d, bias %dx%d", i, d.w, d.h, bc.w, bc.h);
        SDL_Color got = canvas_pixel(s, d.x, d.y), off = canvas_pixel(s, o.x, o.y);
        SDL_Color bias = canvas_pixel(s, bc.x + bc.w / 2, bc.y);
        CHECK(canvas_distance(got, red) < 12 && canvas_distance(off, white) < 12 && canvas_distance(bias, blue) < 12,
              "binned row %d: diagonal %d,%d,%d, off %d,%d,%d, bias %d,%d,%d", i, got.r, got.g,
              got.b, off.r, off.g, off.b, bias.r, bias.g, bias.b);
    }
    free(W);
}

/* n = 121 features, not a multiple of the bin: the cell view_heatmap_cell gives each feature
 * is the pixel its bin was drawn on. Feature i alone has a weight (W_i = e_0) and a bias (-1):
 * its cell (i, i) is red, its bias blue, a cell of another bin white. */
static void check_heatmap_uneven(SDL_Renderer *r, SDL_Surface *s, struct text *text)
{
    enum { NU = 121 };
    float *W = calloc((size_t)NU * 2, sizeof *W), b[NU];
    if (!W)
        return;
    SDL_Rect rect = { 10, 10, 100, 100 };
    int bin = view_heatmap_binning(text, 1.0f, rect, NU);
    CHECK(bin > 1 && NU % bin != 0, "%d features in bins of %d", NU, bin);
    const SDL_Color red = view_heatmap_colour(1), white = view_heatmap_colour(0),
                    blue = view_heatmap_colour(-1);
    for (int i = 0; i < NU; i += 3) {
        for (int k = 0; k < NU; k++)
            b[k] = k == i ? -1.0f : 0.0f;
        W[2 * i] = 1;
        clear(r);
        view_heatmap_draw(r, text, 1.0f, &(struct view_heatmap){ .W = W, .b = b, .n = NU, .m = 2 },
                          rect);
        W[2 * i] = 0;
        int other = (i + NU / 2) % NU;
        SDL_Rect d = view_heatmap_cell(text, 1.0f, rect, NU, i, i);
        SDL_Rect o = view_heatmap_cell(text, 1.0f, rect, NU, other, other);
        SDL_Rect bc = view_heatmap_cell(text, 1.0f, rect, NU, i, NU);
        SDL_Color got = canvas_pixel(s, d.x, d.y), off = canvas_pixel(s, o.x, o.y);
        SDL_Color bias = canvas_pixel(s, bc.x + bc.w / 2, bc.y);
        CHECK(canvas_distance(got, red) < 12 && canvas_distance(off, white) < 12 &&
              canvas_distance(bias, blue) < 12,
              "feature %d of %d in bins of %d: its cell %d,%d,%d, another's %d,%d,%d, bias "
              "%d,%d,%d", i, NU, bin, got.r, got.g, got.b, off.r, off.g, off.b, bias.r, bias.g,
              bias.b);
    }
    free(W);
}

/* Three panels, one drawn per model: each tip carries its feature's colour inside its panel. */
static void check_grid(SDL_Renderer *r, SDL_Surface *s, struct text *text)
{
    float W[3][2 * N];
    pentagon(W[0], 1.0);
    pentagon(W[1], 1.0);
    pentagon(W[2], 1.0);
    for (int k = 0; k < 2 * N; k++)
        W[1][k] = -W[1][k];   /* upside down: feature 0 at the top */
    struct view_grid_panel p[3];
    for (int k = 0; k < 3; k++)
        p[k] = (struct view_grid_panel){ .W = W[k], .n = N, .m = 2, .loss = 0.01,
                                         .caption = "density 0.1" };
    SDL_Rect rect = { 0, 0, SIZE, SIZE / 2 };
    clear(r);
    view_grid_draw(r, text, p, 3, rect);
    CHECK(view_grid_columns(3, rect) == 3, "3 panels in a wide area: %d columns",
          view_grid_columns(3, rect));
    for (int k = 0; k < 3; k++) {
        SDL_Rect plot = view_grid_plot(text, 3, rect, k), cell = view_grid_cell(3, rect, k);
        CHECK(SDL_HasIntersection(&plot, &cell) && plot.w > 60 && plot.h > 60,
              "panel %d plot %dx%d", k, plot.w, plot.h);
        struct view_vectors vv = { .W = W[k], .n = N, .m = 2,
                                   .scale = view_scale_fit(W[k], N, 2) };
        float px, py;
        view_vectors_point(&vv, plot, W[k][0], W[k][1], &px, &py);
        CHECK(px >= cell.x && px < cell.x + cell.w, "panel %d's tip outside its cell", k);
        SDL_Color got = canvas_pixel(s, (int)px, (int)py);
        CHECK(canvas_distance(got, view_vectors_colour(0, N, 255)) < 40,
              "panel %d tip 0 at (%.0f, %.0f): got %d,%d,%d", k, px, py, got.r, got.g, got.b);
    }
    /* Twelve panels (the sweep) in the window's left area: all of them visible. */
    SDL_Rect area = { 0, 0, 780, 700 };
    int cols = view_grid_columns(12, area);
    CHECK(cols >= 3 && cols <= 6, "12 panels in %d columns", cols);
    SDL_Rect last = view_grid_cell(12, area, 11);
    CHECK(last.x + last.w <= area.w && last.y + last.h <= area.h, "the last panel overflows");
}

/* Known D_i at known densities: a dot of each feature's colour where the axes put it, the
 * dims-per-feature line between models, and the sticky lines faintly above the background. */
static void check_dims(SDL_Renderer *r, SDL_Surface *s, struct text *text)
{
    struct analysis an[3];
    struct view_dims_model models[3];
    const double density[3] = { 1.0, 0.1, 0.01 };
    for (int k = 0; k < 3; k++) {
        CHECK(analysis_init(&an[k], N), "analysis_init");
        an[k].n = N;
        an[k].m = 2;
        for (int i = 0; i < N; i++)
            an[k].dimensionality[i] = k == 0 ? (i < 2 ? 1.0 : 0.0) : k == 1 ? 0.5 : 0.4;
        an[k].dims_per_feature = k == 0 ? 1.0 : k == 1 ? 0.5 : 0.4;
        models[k] = (struct view_dims_model){ .density = density[k], .an = &an[k] };
    }
    struct view_dims v = { .models = models, .count = 3, .x_max = 100 };
    SDL_Rect rect = { 0, 0, SIZE, SIZE };
    clear(r);
    view_dims_draw(r, text, 1.0f, &v, rect);
    float px, py;
    /* Feature 0 (yellow, drawn last, on top) of the dense model at D = 1, x = 1. */
    view_dims_point(&v, 1.0f, rect, 1.0, 1.0, &px, &py);
    SDL_Color got = canvas_pixel(s, (int)px + 1, (int)py);
    CHECK(canvas_distance(got, view_vectors_colour(0, N, 255)) < 60, "dense D=1 dot: %d,%d,%d", got.r,
          got.g, got.b);
    /* The pentagon model at x = 100, D = 2/5. */
    view_dims_point(&v, 1.0f, rect, 100.0, 0.4, &px, &py);
    got = canvas_pixel(s, (int)px - 1, (int)py);
    CHECK(canvas_distance(got, view_vectors_colour(0, N, 255)) < 60, "sparse D=2/5 dot: %d,%d,%d",
          got.r, got.g, got.b);
    CHECK(px > SIZE / 2, "x = 100 is not on the right (%.0f)", px);
    /* The line m/||W||_F^2 halfway between x = 10 (0.5) and x = 100 (0.4): light grey. */
    view_dims_point(&v, 1.0f, rect, pow(10, 1.5), 0.45, &px, &py);
    got = canvas_pixel(s, (int)px, (int)py);
    CHECK(got.r > 120 && got.g > 120 && got.b > 120, "no dims-per-feature line: %d,%d,%d",
          got.r, got.g, got.b);
    /* The sticky 3/4 line, away from any data: faint, lighter than the plot's background. */
    view_dims_point(&v, 1.0f, rect, 3.0, 0.75, &px, &py);
    SDL_Color line = canvas_pixel(s, (int)px, (int)py);
    view_dims_point(&v, 1.0f, rect, 3.0, 0.8, &px, &py);
    SDL_Color plot_bg = canvas_pixel(s, (int)px, (int)py);
    CHECK(line.r > plot_bg.r + 5 && line.r < plot_bg.r + 80, "3/4 line: %d vs background %d",
          line.r, plot_bg.r);
    for (int k = 0; k < 3; k++)
        analysis_finish(&an[k]);
}

static int lightness(SDL_Color c)
{
    return (c.r + c.g + c.b) / 3;
}

/* The brightest pixel within radius 1 of (x, y): thin anti-aliased lines cover no single pixel
 * fully. */
static SDL_Color brightest(SDL_Surface *s, float x, float y)
{
    SDL_Color best = { 0, 0, 0, 255 };
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
            int px = (int)x + dx, py = (int)y + dy;
            if (px < 0 || py < 0 || px >= s->w || py >= s->h)
                continue;
            SDL_Color c = canvas_pixel(s, px, py);
            if (lightness(c) > lightness(best))
                best = c;
        }
    return best;
}

/* One polytope of unit vectors drawn in 3D from a clear angle (geom3d_clear_view, as the
 * figures do): every tip's disc in its feature's fogged colour; the sphere's silhouette faint
 * (lighter than the background, far darker than any vector); tetrahedron edges drawn. */
static void check_polytope(SDL_Renderer *r, SDL_Surface *s, const float *W, int n, bool edges,
                           const char *name)
{
    double xyz[3 * 8];
    geom3d_coords(W, n, 3, NULL, xyz);
    struct view_polytope v = { .W = W, .n = n, .m = 3, .distance = 6.0 * 1.25, .scale = 1.25,
                               .edge_cos = GEOM3D_EDGE_COS };
    geom3d_clear_view(xyz, n, 0.5, &v.yaw, &v.pitch);
    SDL_Rect rect = { 0, 0, SIZE, SIZE };
    clear(r);
    view_polytope_draw(r, NULL, &v, rect);
    float tx[8], ty[8];
    for (int i = 0; i < n; i++) {
        double depth;
        view_polytope_point(&v, rect, xyz + 3 * i, &tx[i], &ty[i], &depth, NULL);
        SDL_Color got = canvas_pixel(s, (int)tx[i], (int)ty[i]), want = view_polytope_colour(i, n, depth);
        CHECK(canvas_distance(got, want) < 30, "%s tip %d at (%.0f, %.0f) depth %.2f: got %d,%d,%d want "
              "%d,%d,%d", name, i, tx[i], ty[i], depth, got.r, got.g, got.b, want.r, want.g,
              want.b);
    }
    /* Near and far tips differ: the depth cue is there. */
    SDL_Color nearest = view_polytope_colour(0, n, 1.0);
    SDL_Color farthest = view_polytope_colour(0, n, -1.0);
    CHECK(lightness(nearest) > lightness(farthest) + 40, "no fog: %d vs %d", lightness(nearest),
          lightness(farthest));
    /* The silhouette of the unit sphere: radius d / sqrt(d^2 - 1) in the pinhole's units. */
    float cx, cy, ex, ey;
    const double o[3] = { 0, 0, 0 }, e[3] = { 1, 0, 0 };
    view_polytope_point(&v, rect, o, &cx, &cy, NULL, NULL);
    struct view_polytope flat = v;
    flat.yaw = flat.pitch = 0;
    view_polytope_point(&flat, rect, e, &ex, &ey, NULL, NULL);
    double rad = (ex - cx) * v.distance / sqrt(v.distance * v.distance - 1.0);
    int faint = 0, bright = 0;
    const int bg = lightness((SDL_Color){ 0x12, 0x14, 0x1a, 255 });
    for (int k = 0; k < 72; k++) {
        double t = 2 * M_PI * k / 72;
        int l = lightness(brightest(s, (float)(cx + rad * cos(t)), (float)(cy + rad * sin(t))));
        faint += l > bg + 8 && l < bg + 110;
        bright += l >= bg + 110;
    }
    CHECK(faint >= 60 && bright == 0, "%s sphere silhouette: %d of 72 faint, %d bright", name,
          faint, bright);
    if (!edges)
        return;
    /* Every pair of a tetrahedron has |cos| = 1/3 > GEOM3D_EDGE_COS: a line between the tips,
     * lighter than the faint sphere behind it. */
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            int l = lightness(brightest(s, 0.5f * (tx[i] + tx[j]), 0.5f * (ty[i] + ty[j])));
            CHECK(l > bg + 45, "%s edge %d-%d: lightness %d (background %d)", name, i, j, l, bg);
        }
}

static void check_polytopes(SDL_Renderer *r, SDL_Surface *s)
{
    const float k = (float)(1.0 / sqrt(3.0));
    const float tetra[4 * 3] = { k, k, k, k, -k, -k, -k, k, -k, -k, -k, k };
    const float octa[6 * 3] = { 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1 };
    check_polytope(r, s, tetra, 4, true, "tetrahedron");
    check_polytope(r, s, octa, 6, false, "octahedron");
}

/* A synthetic 20 x 20 diagram: a third of the cells untrained (dark), the rest learned as the
 * theory says except one (a dot). Each cell away from the boundaries has its phase's colour at
 * its centre (a quarter cell off centre, clear of the dot); the boundary is white. */
static void check_phasemap(SDL_Renderer *r, SDL_Surface *s)
{
    struct phase_diagram pd;
    const struct phase_grid g = PHASE_GRID_DEFAULT;
    const struct phase_train pt = PHASE_TRAIN_DEFAULT;
    CHECK(phase_diagram_init(&pd, &g, &pt), "phase_diagram_init");
    int odd = -1;
    for (int k = 0; k < g.cols * g.rows; k++) {
        struct phase_cell *c = &pd.cells[k];
        c->done = k % 3 != 0;
        c->learned = c->theory;
        if (odd < 0 && c->done && c->theory == PHASE_ANTIPODAL && phase_diagram_away(&pd, k)) {
            odd = k;
            c->learned = PHASE_DROPPED;
        }
    }
    struct view_phasemap v = { .pd = &pd };
    SDL_Rect rect = { 0, 0, SIZE, SIZE };
    clear(r);
    view_phasemap_draw(r, NULL, 1.0f, &v, rect);
    SDL_Rect plot = view_phasemap_plot(&v, 1.0f, rect);
    float cell = (float)plot.w / g.cols;
    CHECK(cell >= 15, "cells %.1f px", cell);
    int checked = 0;
    for (int k = 0; k < g.cols * g.rows; k++) {
        const struct phase_cell *c = &pd.cells[k];
        if (!phase_diagram_away(&pd, k))
            continue;
        float px, py;
        view_phasemap_point(&v, 1.0f, rect, c->r, c->s, &px, &py);
        SDL_Color want = c->done ? view_phasemap_colour(c->learned, 255)
                                 : (SDL_Color){ 0x26, 0x2a, 0x33, 255 };
        SDL_Color got = canvas_pixel(s, (int)(px + cell / 4), (int)(py + cell / 4));
        CHECK(canvas_distance(got, want) < 12, "cell %d (r %.2f, s %.3f, %s): got %d,%d,%d want %d,%d,%d",
              k, c->r, c->s, c->done ? phase_name(c->learned) : "not done", got.r, got.g, got.b,
              want.r, want.g, want.b);
        checked++;
    }
    CHECK(checked > 250, "only %d cells away from the boundaries", checked);
    /* The odd cell: a dark dot at its centre. */
    float px, py;
    view_phasemap_point(&v, 1.0f, rect, pd.cells[odd].r, pd.cells[odd].s, &px, &py);
    CHECK(lightness(canvas_pixel(s, (int)px, (int)py)) < 40, "no dot where learned != theory");
    /* The three phases' colours are far apart. */
    for (int a = 0; a < 3; a++)
        for (int b = a + 1; b < 3; b++)
            CHECK(canvas_distance(view_phasemap_colour(a, 255), view_phasemap_colour(b, 255)) > 120,
                  "phases %d and %d look alike", a, b);
    /* The boundary s = 4r / (2 + 5r) at r = 0.3, and the line r = 1 above s = 4/7: white. */
    view_phasemap_point(&v, 1.0f, rect, 0.3, phase_antipodal_boundary(0.3), &px, &py);
    SDL_Color line = brightest(s, px, py);
    CHECK(line.r > 200 && line.g > 200 && line.b > 200, "boundary at r = 0.3: %d,%d,%d", line.r,
          line.g, line.b);
    view_phasemap_point(&v, 1.0f, rect, 1.0, 0.8, &px, &py);
    line = brightest(s, px, py);
    CHECK(line.r > 200 && line.g > 200 && line.b > 200, "boundary r = 1: %d,%d,%d", line.r,
          line.g, line.b);
    phase_diagram_finish(&pd);
}

/* Pixels of rect that differ from the background. */
static long drawn(SDL_Surface *s, SDL_Rect rect)
{
    long count = 0;
    const SDL_Color bg = { 0x12, 0x14, 0x1a, 255 };
    for (int y = rect.y; y < rect.y + rect.h; y++)
        for (int x = rect.x; x < rect.x + rect.w; x++)
            count += canvas_distance(canvas_pixel(s, x, y), bg) > 0;
    return count;
}

/* Every row of the view table: words without an unfilled {field}, keys in the footer, a draw
 * function that draws inside its rectangle and nowhere else; a view whose models have not
 * started draws the main view instead. */
static void check_view_table(SDL_Renderer *r, SDL_Surface *s, struct text *text)
{
    float W[2 * N], one[2] = { 0.9f, 0.1f };
    const float b[N] = { 0 };
    pentagon(W, 1.0);
    struct analysis an, an_one;
    CHECK(analysis_init(&an, N) && analysis_init(&an_one, N), "analysis_init");
    analysis_compute(&an, W, N, 2);
    analysis_compute(&an_one, one, 1, 1);
    struct view_model companions[3];
    const char *captions[3] = { "density 1", "density 0.1", "density 0.01" };
    for (int k = 0; k < 3; k++)
        companions[k] = (struct view_model){ .W = W, .b = b, .n = N, .m = 2, .an = &an,
                                             .loss = 0.01, .density = pow(10, -k),
                                             .caption = captions[k] };
    struct phase_diagram pd;
    const struct phase_grid g = PHASE_GRID_DEFAULT;
    const struct phase_train pt = PHASE_TRAIN_DEFAULT;
    CHECK(phase_diagram_init(&pd, &g, &pt), "phase_diagram_init");
    for (int k = 0; k < g.cols * g.rows; k++)
        pd.cells[k] = (struct phase_cell){ .r = pd.cells[k].r, .s = pd.cells[k].s, .done = true,
                                           .theory = pd.cells[k].theory,
                                           .learned = pd.cells[k].theory };
    /* an SAE of two latents, one of them dead, with a few points of loss */
    const float dec[2 * 2] = { 1, 0, 0, 1 };
    const double cosine[N * 2] = { 0 }, best[N] = { 0 }, rate[2] = { 0.02, 0 };
    const bool dead[2] = { false, true };
    struct view_loss rec, sp;
    view_loss_clear(&rec);
    view_loss_clear(&sp);
    for (int k = 1; k <= 4; k++) {
        view_loss_push(&rec, 100 * k, 0.01 / k);
        view_loss_push(&sp, 100 * k, 0.005);
    }
    const struct view_sae sae = { .k = 2, .m = 2, .n = N, .dec = dec, .cosine = cosine,
                                  .best = best, .rate = rate, .dead = dead, .dead_count = 1,
                                  .reconstruction = &rec, .sparsity = &sp, .l1 = 0.2 };
    /* three seeds, one not yet measured */
    struct view_model seed_models[3];
    const uint64_t seed_numbers[3] = { 4, 0, 7 };
    for (int k = 0; k < 3; k++)
        seed_models[k] = (struct view_model){ .W = W, .b = b, .n = N, .m = 2, .an = &an,
                                              .loss = k < 2 ? 0.002 + 0.001 * k : NAN,
                                              .caption = "pentagon" };
    const struct view_seeds seeds = { .models = seed_models, .seeds = seed_numbers, .count = 3,
                                      .summary = "3 of 3: pentagon, loss 0.0020 to 0.0030",
                                      .steps = 1200 };
    /* the dimensionality experiment with 3 of its 24 models done (the pentagon each) */
    const double dens[3] = { 1, 0.3, 0.05 };
    const struct analysis *dims_an[3] = { &an, &an, &an };
    const struct view_dimexp dimexp = { .n = N, .m = 2, .decay = 1, .total = 24, .done = 3,
                                        .density = dens, .an = dims_an, .to = 0.05,
                                        .steps = 10000, .steps_done = 40000, .seconds = 12,
                                        .threads = 2 };
    struct view_context c = {
        .main = { .W = W, .b = b, .n = N, .m = 2, .an = &an, .loss = 0.01, .density = 0.02 },
        .view_scale = 1.25, .yaw = 0.6, .pitch = 0.4, .companions = companions,
        .companion_count = 3, .phase = &pd, .phase_done = g.cols * g.rows, .sae = &sae,
        .seeds = &seeds,
        .dimexp = &dimexp,
    };
    char footer[256];
    views_footer(footer, sizeof footer, false);
    const SDL_Rect rect = { 40, 40, SIZE - 80, SIZE - 80 };
    for (int id = 0; id < VIEW_COUNT; id++) {
        const struct view_row *row = views_row((enum view_id)id);
        CHECK(row->name && row->draw && row->title && row->legend[0], "view %d lacks a field", id);
        struct view_words w;
        views_words((enum view_id)id, &c, &w);
        CHECK(w.title[0] && !strchr(w.title, '{') && !strchr(w.title_short, '{') &&
              !strchr(w.legend, '{') && !strchr(w.legend_short, '{'),
              "view %s: unfilled words '%s' / '%s'", row->name, w.title, w.legend);
        if (row->key) {
            char item[64];
            snprintf(item, sizeof item, "%s: %s", row->key_name, row->footer);
            CHECK(strstr(footer, item), "footer '%s' lacks '%s'", footer, item);
            CHECK(views_by_key(row->key) == (enum view_id)id, "key of view %s", row->name);
        }
        clear(r);
        views_draw((enum view_id)id, r, text, 1.0f, &c, rect);
        CHECK(drawn(s, rect) > 2000, "view %s drew %ld pixels", row->name, drawn(s, rect));
        /* The pictures (labels aside) stay inside, but for the lines' one-pixel feather. */
        clear(r);
        views_draw((enum view_id)id, r, NULL, 1.0f, &c, rect);
        const SDL_Rect feathered = { rect.x - 2, rect.y - 2, rect.w + 4, rect.h + 4 };
        long inside = drawn(s, feathered), all = drawn(s, (SDL_Rect){ 0, 0, SIZE, SIZE });
        CHECK(all == inside, "view %s drew %ld pixels outside its rectangle", row->name,
              all - inside);
    }
    /* The words say one feature, one dimension, and the activation. */
    struct view_context c1 = c;
    c1.main = (struct view_model){ .W = one, .b = b, .n = 1, .m = 1, .an = &an_one,
                                   .act = MODEL_LINEAR };
    struct view_words w;
    views_words(VIEW_MAIN, &c1, &w);
    CHECK(strcmp(w.title, "superpose: 1 feature in 1 dimension, linear") == 0, "title '%s'",
          w.title);
    views_words(VIEW_MAIN, &c, &w);
    CHECK(strcmp(w.title, "superpose: 5 features in 2 dimensions, ReLU") == 0, "title '%s'",
          w.title);
    /* Without its models a view that trains some draws the main one: feature 0's tip in its
     * colour. A view that trains nothing draws the focused model its own way. */
    struct view_context none = c;
    none.companion_count = 0;
    none.phase = NULL;
    none.sae = NULL;
    none.seeds = NULL;
    none.dimexp = NULL;
    for (int id = 0; id < VIEW_COUNT; id++) {
        CHECK(views_ready((enum view_id)id, &c), "view %d not ready with its models", id);
        bool trains = views_row((enum view_id)id)->trains != VIEW_TRAINS_NOTHING;
        CHECK(views_ready((enum view_id)id, &none) == !trains,
              "view %d ready without the models it trains, or not ready with none to train", id);
        if (!trains && id != VIEW_MAIN)
            continue;
        clear(r);
        views_draw((enum view_id)id, r, NULL, 1.0f, &none, rect);
        struct view_vectors vv = { .W = W, .n = N, .m = 2, .scale = 1.25 };
        float px, py;
        view_vectors_point(&vv, rect, W[0], W[1], &px, &py);
        CHECK(canvas_distance(canvas_pixel(s, (int)px, (int)py), view_vectors_colour(0, N, 255)) < 30,
              "view %d without its models does not draw the main view", id);
    }
    phase_diagram_finish(&pd);
    analysis_finish(&an);
    analysis_finish(&an_one);
}

/* No DISPLAY, no WAYLAND_DISPLAY, no SDL_VIDEODRIVER: SDL falls back to its offscreen driver,
 * and the window must refuse with one line naming xvfb-run. Runs last: it initialises and
 * quits SDL itself. */
static void check_no_display(void)
{
    char font[1024], err[512];
    if (!text_find_font(font, sizeof font, err, sizeof err)) {
        printf("no display: skipped (no font, the window would stop at that first)\n");
        return;
    }
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    unsetenv("SDL_VIDEODRIVER");
    char path[] = "/tmp/superpose-nodisplay-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    if (fd < 0)
        return;
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    struct cli_options o = { .command = CLI_WINDOW, .desc = TRAINER_DESC_DEFAULT,
                             .speed = settings_table[SETTINGS_SPEED].def, .screenshot_dir = "/nonexistent" };
    int status = window_run(&o);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    char said[1024] = "";
    ssize_t got = pread(fd, said, sizeof said - 1, 0);
    said[got > 0 ? got : 0] = 0;
    close(fd);
    unlink(path);
    CHECK(status == 1, "without a display the window returned %d", status);
    CHECK(strstr(said, "no display") && strstr(said, "xvfb-run superpose"),
          "without a display it said: %s", said);
}

int main(void)
{
    struct canvas cv;
    if (!canvas_init(&cv, SIZE, SIZE))
        return 1;
    SDL_Surface *s = cv.surface;
    SDL_Renderer *r = cv.renderer;
    struct text *text = cv.text;
    const char *err = cv.err;
    if (!text)
        fprintf(stderr, "note: drawing without labels: %s\n", err);

    check_vectors(r, s, text);
    check_nan(r, s);
    check_bars(r, s, text);
    check_heatmap(r, s, text);
    check_heatmap_bin();
    check_heatmap_binned(r, s, text);
    check_heatmap_uneven(r, s, text);
    check_grid(r, s, text);
    check_dims(r, s, text);
    check_polytopes(r, s);
    check_phasemap(r, s);
    check_view_table(r, s, text);
    check_screenshot(s);

    canvas_finish(&cv);
    IMG_Quit();
    SDL_Quit();
    check_no_display();
    return check_result("test_render_offscreen");
}
