/* The neuron view draws the learned weights: on hand-made weights, each column's bar has its
 * features' colours above and below the baseline where the weights say, a dead neuron draws no
 * bar, the columns come monosemantic first; abs's W2 heatmap takes W2's colours; and the view
 * table sends each kind of model to the views made for it. */
#include <string.h>

#include "canvas.h"
#include "check.h"
#include "draw/heatmap.h"
#include "draw/neuronplot.h"
#include "draw/palette.h"
#include "draw/prim.h"
#include "draw/vectors.h"
#include "neurons.h"
#include "views.h"

static SDL_Color pixel(SDL_Surface *s, int x, int y)
{
    Uint32 p = ((Uint32 *)s->pixels)[y * (s->pitch / 4) + x];
    SDL_Color c;
    SDL_GetRGB(p, s->format, &c.r, &c.g, &c.b);
    return c;
}

static bool near(SDL_Color a, SDL_Color b)
{
    return abs(a.r - b.r) <= 3 && abs(a.g - b.g) <= 3 && abs(a.b - b.b) <= 3;
}

int main(void)
{
    struct canvas cv;
    if (!canvas_init(&cv, 640, 480))
        return 1;
    /* n = 3 features, m = 3 neurons: neuron 0 polysemantic (+0.6 feature 0, -0.5 feature 2),
     * neuron 1 dead, neuron 2 monosemantic for feature 1 (+1.0) */
    const float W[3 * 3] = { 0.6f, 0.0f, 0.0f, 0.0f, 0.01f, 1.0f, -0.5f, 0.0f, 0.0f };
    const float W2[3 * 3] = { 1.0f, 0.0f, -0.5f, 0.0f, 0.0f, 0.25f, 0.0f, 0.0f, 0.0f };
    struct neurons a;
    neurons_compute(&a, W, 3, 3);
    CHECK(a.order[0] == 2 && a.order[1] == 0 && a.order[2] == 1, "order %d %d %d", a.order[0],
          a.order[1], a.order[2]);
    for (int abs_model = 0; abs_model < 2; abs_model++) {
        const struct view_neuronplot v = { .W = W, .W2 = abs_model ? W2 : NULL, .n = 3, .m = 3,
                                           .an = &a };
        const SDL_Rect rect = { 20, 20, 600, 440 };
        SDL_SetRenderDrawColor(cv.renderer, 0, 0, 0, 255);
        SDL_RenderClear(cv.renderer);
        view_neuronplot_draw(cv.renderer, cv.text, &v, rect);
        SDL_RenderPresent(cv.renderer);
        const int base = view_neuronplot_baseline(cv.text, &v, rect);
        /* column 0 (neuron 2): feature 1's colour above the baseline, nothing below */
        SDL_Rect c0 = view_neuronplot_column(cv.text, &v, rect, 0);
        const int x0 = c0.x + c0.w / 2;
        CHECK(c0.y < base - 20 && c0.y + c0.h <= base + 1, "column 0 spans %d..%d, base %d",
              c0.y, c0.y + c0.h, base);
        CHECK(near(pixel(cv.surface, x0, base - 10), view_vectors_colour(1, 3, 255)),
              "column 0 above the baseline is feature 1's colour");
        CHECK(near(pixel(cv.surface, x0, base + 10), prim_rgba(PALETTE_PLOT, 255)),
              "column 0 has nothing below the baseline");
        /* column 1 (neuron 0): feature 0 above, feature 2 below, heights as the weights */
        SDL_Rect c1 = view_neuronplot_column(cv.text, &v, rect, 1);
        const int x1 = c1.x + c1.w / 2, up = base - c1.y, down = c1.y + c1.h - base;
        CHECK(near(pixel(cv.surface, x1, base - up / 2), view_vectors_colour(0, 3, 255)),
              "column 1 above: feature 0's colour");
        CHECK(near(pixel(cv.surface, x1, base + down / 2), view_vectors_colour(2, 3, 255)),
              "column 1 below: feature 2's colour");
        CHECK(abs(up * 5 - down * 6) <= 12, "column 1: up %d and down %d as 0.6 to 0.5", up,
              down);
        /* column 2 (neuron 1): dead, no bar */
        SDL_Rect c2 = view_neuronplot_column(cv.text, &v, rect, 2);
        CHECK(near(pixel(cv.surface, c2.x + c2.w / 2, base - 10), prim_rgba(PALETTE_PLOT, 255)),
              "the dead neuron draws no bar");
        if (abs_model) {
            /* the heatmap's top-left cell (output 0, column 0 = neuron 2): W2 = -0.5 of peak 1 */
            bool found = false;
            const SDL_Color want = view_heatmap_colour(-0.5);
            for (int y = base; y < rect.y + rect.h && !found; y++)
                found = near(pixel(cv.surface, x0, y), want);
            CHECK(found, "W2's cell for output 0 and neuron 2 in its colour");
        }
    }
    canvas_finish(&cv);

    struct view_context c = { 0 };
    c.main.kind = MODEL_TIED;
    CHECK(!views_fit(VIEW_NEURONS, &c) && views_fit(VIEW_COMPARE, &c) && views_fit(VIEW_SAE, &c),
          "tied: no neurons, compare and SAE");
    c.main.kind = MODEL_ABS;
    CHECK(views_fit(VIEW_NEURONS, &c) && !views_fit(VIEW_COMPARE, &c) && !views_fit(VIEW_SAE, &c) &&
              views_fit(VIEW_SWEEP, &c) && views_fit(VIEW_MAIN, &c),
          "abs: neurons, sweep and main; not compare or SAE");
    struct view_words w;
    views_words(VIEW_COMPARE, &c, &w);
    CHECK(strstr(w.legend, "abs") && strstr(w.legend, "tied"), "compare with abs says why: %s",
          w.legend);
    c.main.kind = MODEL_TIED;
    views_words(VIEW_NEURONS, &c, &w);
    CHECK(strstr(w.legend, "no neurons") != NULL, "neurons with tied says why: %s", w.legend);
    return check_result("test_render_neurons");
}
