/* Replay draws the stored snapshot. A real session trains the default model for a while and
 * pauses; Home shows the history's first snapshot, which must be the seed's initial weights (a
 * fresh trainer reproduces them), and the whole window (panels_draw, offscreen) draws the main
 * view's tips where those weights put them, not where the live model's are; the title and the
 * readout say "replay, step 0". A snapshot in the middle puts the cursor there on the strip and
 * the loss curve; End draws the live weights again. The strip itself, from a known track:
 * each feature's D_i in its colour, the jumps ringed and a slow drift not. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>

#include "canvas.h"
#include "check.h"
#include "draw/loss.h"
#include "draw/palette.h"
#include "draw/prim.h"
#include "draw/timeline.h"
#include "draw/vectors.h"
#include "history.h"
#include "panels.h"
#include "session.h"
#include "text.h"
#include "trace.h"

#define W_PX 1280
#define H_PX 800
#define HANG_GUARD_MS 60000
#define STEPS 3000

/* The nearest colour to want within a pixel of (x, y). */
static int nearest(SDL_Surface *s, float x, float y, SDL_Color want)
{
    int best = 1 << 30;
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
            int px = (int)x + dx, py = (int)y + dy;
            if (px >= 0 && py >= 0 && px < s->w && py < s->h) {
                int d = canvas_distance(canvas_pixel(s, px, py), want);
                best = d < best ? d : best;
            }
        }
    return best;
}

static double now_s(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

/* Updates the session until done holds; false when the hang guard ran out. */
static bool wait_until(struct session *s, bool (*done)(const struct session *))
{
    Uint64 deadline = SDL_GetTicks64() + HANG_GUARD_MS;
    double last = now_s();
    while (!done(s)) {
        if (SDL_GetTicks64() > deadline)
            return false;
        double t = now_s();
        session_update(s, t, t - last);
        last = t;
        SDL_Delay(1);
    }
    return true;
}

static bool trained(const struct session *s)
{
    return s->snap.step >= STEPS && s->replay.track.count >= 2;
}

static bool paused(const struct session *s)
{
    return s->snap.settings.paused;
}

static void draw(struct canvas *cv, struct session *s, const struct panels_layout *l)
{
    const struct panels_frame f = {
        .renderer = cv->renderer, .text = cv->text, .scale = 1, .w = W_PX, .h = H_PX,
        .layout = l, .session = s, .fps = 60, .frame_ms = 2, .now = 0,
    };
    text_record(cv->text, true);
    panels_draw(&f);
    text_record(cv->text, false);
}

static bool drawn(struct text *text, const char *want)
{
    int count;
    const struct text_box *b = text_recorded(text, &count, NULL);
    for (int k = 0; k < count; k++)
        if (strcmp(b[k].s, want) == 0)
            return true;
    return false;
}

/* How many features' tips (and the middle of their lines) carry their colour where W puts
 * them, drawn as the main view draws them. */
static int tips_at(struct canvas *cv, const struct session *s, const struct panels_layout *l,
                   const float *W, int n)
{
    SDL_Rect rect = panels_view_plot(l, cv->text);
    struct view_vectors v = { .W = W, .n = n, .m = 2, .scale = s->view_scale };
    int found = 0;
    for (int i = 0; i < n; i++) {
        SDL_Color want = view_vectors_colour(i, n, 255);
        float tx, ty, mx, my;
        view_vectors_point(&v, rect, W[2 * i], W[2 * i + 1], &tx, &ty);
        view_vectors_point(&v, rect, W[2 * i] * 0.6, W[2 * i + 1] * 0.6, &mx, &my);
        found += nearest(cv->surface, tx, ty, want) < 40 && nearest(cv->surface, mx, my, want) < 40;
    }
    return found;
}

static void replay(struct canvas *cv)
{
    struct trace trace;
    struct session s;
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    const struct worker_settings ws = {
        .density = d.density, .decay = d.decay, .lr = d.lr, .features = d.features,
        .hidden = d.hidden, .act = d.act, .speed = 0, .paused = false,
    };
    CHECK(trace_init(&trace, false) && session_init(&s, &d, &ws, &trace), "session_init");
    CHECK(wait_until(&s, trained), "%d steps", STEPS);
    session_key(&s, SDLK_SPACE, 0, now_s());
    CHECK(wait_until(&s, paused), "pause");
    const int n = s.snap.n;
    struct panels_layout l = panels_layout(W_PX, H_PX, 1, cv->text);
    float live[64];
    memcpy(live, s.snap.W, sizeof(float) * (size_t)n * 2);

    /* Home: step 0, the initial weights */
    session_key(&s, SDLK_HOME, 0, now_s());
    long step = -1;
    CHECK(session_replaying(&s, &step) && step == 0, "Home: replay %d, step %ld",
          session_replaying(&s, NULL), step);
    struct trainer *t = trainer_create(&d);
    CHECK(t && memcmp(s.replay.shown.W, trainer_model(t)->W, sizeof(float) * (size_t)n * 2) == 0,
          "the first snapshot is not the seed's initial weights");
    float init[64];
    memcpy(init, trainer_model(t)->W, sizeof(float) * (size_t)n * 2);
    trainer_destroy(t);
    draw(cv, &s, &l);
    int stored = tips_at(cv, &s, &l, init, n), now = tips_at(cv, &s, &l, live, n);
    printf("replay of step 0: %d of %d tips drawn at the stored weights, %d at the live ones\n",
           stored, n, now);
    CHECK(stored == n && now <= 1, "replay drew %d tips at the stored weights, %d at the live",
          stored, now);
    CHECK(drawn(cv->text, "replay, step 0 (End: live)"), "no replay label in the title");
    CHECK(drawn(cv->text, "replay, step "), "the readout does not say replay");

    /* a snapshot in the middle: the cursor on the strip and on the loss curve */
    for (int k = 0; k < REPLAY_PAGES / 2; k++)
        session_key(&s, SDLK_PAGEDOWN, 0, now_s());
    CHECK(session_replaying(&s, &step) && step > 0 && step < s.snap.step, "PageDown: step %ld",
          step);
    draw(cv, &s, &l);
    long s0, s1;
    replay_span(&s.replay, s.snap.step, &s0, &s1);
    const SDL_Color accent = prim_rgba(PALETTE_ACCENT, 255);
    SDL_Rect strip = view_timeline_plot(cv->text, 1, l.timeline);
    SDL_Rect loss = view_loss_plot(cv->text, 1, l.loss);
    float x = view_timeline_x(strip, s0, s1, step);
    CHECK(x > strip.x + 20 && x < strip.x + strip.w - 20, "cursor at %.0f in %d..%d", x, strip.x,
          strip.x + strip.w);
    CHECK(nearest(cv->surface, x, strip.y + strip.h / 4.0f, accent) < 40 &&
          nearest(cv->surface, x, loss.y + loss.h / 4.0f, accent) < 40,
          "no cursor at step %ld (x %.0f): strip %d, loss %d", step, x,
          nearest(cv->surface, x, strip.y + strip.h / 4.0f, accent),
          nearest(cv->surface, x, loss.y + loss.h / 4.0f, accent));
    if (getenv("SUPERPOSE_TIMELINE_PNG"))
        IMG_SavePNG(cv->surface, getenv("SUPERPOSE_TIMELINE_PNG"));

    /* End: live again */
    session_key(&s, SDLK_END, 0, now_s());
    CHECK(!session_replaying(&s, NULL), "End: still replaying");
    draw(cv, &s, &l);
    stored = tips_at(cv, &s, &l, init, n), now = tips_at(cv, &s, &l, live, n);
    CHECK(now == n && stored <= 1, "live drew %d tips at the live weights, %d at the stored", now,
          stored);
    CHECK(!drawn(cv->text, "replay, step "), "live but the readout says replay");
    session_finish(&s);
    trace_finish(&trace);
}

/* Two features over six snapshots: feature 0 from 1/2 to 0 (dropped) at snapshot 3, feature 1
 * drifting by 0.05 a snapshot. */
static void strip(struct canvas *cv)
{
    const struct history_desc d = { .features = 2, .hidden = 2 };
    struct history *h = history_create(&d);
    struct history_track t;
    CHECK(h && history_track_init(&t, &d), "history");
    if (!h)
        return;
    for (long k = 0; k < 6; k++) {
        double dims[2] = { k < 3 ? 0.5 : 0.0, 0.6 + 0.05 * k };
        float W[4] = { 0 }, b[2] = { 0 };
        history_push(h, &(struct history_meta){ .step = k * 100 }, W, b, dims);
    }
    history_track_sync(&t, h);
    SDL_Rect rect = { 100, 100, 500, 80 };
    SDL_SetRenderDrawColor(cv->renderer, 0x12, 0x14, 0x1a, 255);
    SDL_RenderClear(cv->renderer);
    struct view_timeline v = { .track = &t, .s0 = 0, .s1 = 500 };
    int marked = view_timeline_draw(cv->renderer, cv->text, 1, &v, rect);
    CHECK(marked == 1, "%d jumps ringed, want 1", marked);
    SDL_Rect plot = view_timeline_plot(cv->text, 1, rect);
    /* feature 0's line at D = 1/2 between snapshots 0 and 1; feature 1's at 0.625 */
    float x = view_timeline_x(plot, 0, 500, 50);
    float y0 = plot.y + plot.h * 0.5f, y1 = plot.y + plot.h * (1 - 0.625f);
    CHECK(nearest(cv->surface, x, y0, view_vectors_colour(0, 2, 255)) < 60,
          "feature 0's D_i not drawn at 1/2");
    CHECK(nearest(cv->surface, x, y1, view_vectors_colour(1, 2, 255)) < 60,
          "feature 1's D_i not drawn at 0.625");
    /* the ring where feature 0 dropped, on the strip's floor */
    float rx = view_timeline_x(plot, 0, 500, 300);
    int white = 1 << 30;
    for (int dy = -5; dy <= 0; dy++)
        for (int dx = -4; dx <= 4; dx++)
            white = fmin(white, canvas_distance(canvas_pixel(cv->surface, (int)rx + dx, plot.y + plot.h + dy),
                                         prim_rgba(PALETTE_WHITE, 255)));
    CHECK(white < 150, "no ring at the jump (nearest to white %d)", white);
    history_track_finish(&t);
    history_destroy(h);
}

int main(void)
{
    struct canvas cv;
    if (!canvas_init(&cv, W_PX, H_PX))
        return 1;
    CHECK(cv.text != NULL, "no font: %s", cv.err);
    if (cv.text) {
        strip(&cv);
        replay(&cv);
    }
    canvas_finish(&cv);
    SDL_Quit();
    return check_result("test_render_timeline");
}
