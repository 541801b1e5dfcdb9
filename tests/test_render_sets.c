/* Feature sets on screen: the vector view marks each set (rings round its members' tips, an arc
 * between them in the set's hue, dashed when anticorrelated) and nothing else; the per-feature
 * panel marks the members beside their indices; the readout writes the angle within each set.
 * Then the real window offscreen: --correlated/--anticorrelated reach what the main view draws,
 * C sets a preset that the training thread applies, and lowering n drops the sets it cannot
 * hold, with a note. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "analysis.h"
#include "canvas.h"
#include "check.h"
#include "cli.h"
#include "draw/bars.h"
#include "draw/readout.h"
#include "draw/vectors.h"
#include "featsets.h"
#include "presets.h"
#include "session.h"
#include "settings.h"
#include "text.h"
#include "views.h"
#include "window.h"

#define SIZE 480
#define N 5

static const SDL_Color bg = { 0x12, 0x14, 0x1a, 255 };

static SDL_Color pixel(SDL_Surface *s, float x, float y)
{
    Uint32 v = ((Uint32 *)((Uint8 *)s->pixels + (int)y * s->pitch))[(int)x];
    SDL_Color c;
    SDL_GetRGBA(v, s->format, &c.r, &c.g, &c.b, &c.a);
    return c;
}

/* The least distance to c of the pixels within one of (x, y): a ring a pixel or two wide
 * lands there whatever the rounding. */
static int near(SDL_Surface *s, float x, float y, SDL_Color c)
{
    int best = 3 * 255;
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
            int d = canvas_distance(pixel(s, x + dx, y + dy), c);
            best = d < best ? d : best;
        }
    return best;
}

static void clear(SDL_Renderer *r)
{
    SDL_SetRenderDrawColor(r, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(r);
}

static struct featsets parse(const char *corr, const char *anti)
{
    struct featsets fs = { 0 };
    char err[128];
    bool ok = (!corr || featsets_parse(&fs, FEATSETS_CORRELATED, corr, err, sizeof err)) &&
              (!anti || featsets_parse(&fs, FEATSETS_ANTICORRELATED, anti, err, sizeof err));
    CHECK(ok, "sets %s / %s: %s", corr, anti, err);
    return fs;
}

static void sets_text(const struct featsets *fs, char *buf, size_t len)
{
    char corr[64], anti[64];
    featsets_format(fs, FEATSETS_CORRELATED, corr, sizeof corr);
    featsets_format(fs, FEATSETS_ANTICORRELATED, anti, sizeof anti);
    snprintf(buf, len, "%s|%s", corr, anti);
}

/* Of `samples` points along set k's arc from angle t0 to t1 (radians), how many carry its hue
 * (near: within a pixel of the point; else at the point itself, which sees a dash's gaps). */
static int on_arc(SDL_Surface *s, const struct view_vectors *v, SDL_Rect rect, int k, double t0,
                  double t1, int samples, bool near_point)
{
    double rad = view_vectors_set_radius(v, k);
    SDL_Color hue = view_vectors_set_colour(k, 255);
    int hits = 0;
    for (int j = 0; j < samples; j++) {
        /* clear of the vectors at the ends */
        double t = t0 + (t1 - t0) * (0.15 + 0.7 * j / (samples - 1));
        float px, py;
        view_vectors_point(v, rect, rad * cos(t), rad * sin(t), &px, &py);
        hits += near_point ? near(s, px, py, hue) < 40 : canvas_distance(pixel(s, px, py), hue) < 60;
    }
    return hits;
}

/* Features on the axes and one on a diagonal: 0 (1, 0) and 1 (0, 1) a correlated pair, 2
 * (-1, 0) and 3 (0, -1) an anticorrelated pair, 4 (0.7, -0.7) in no set. */
static void check_vectors(SDL_Renderer *r, SDL_Surface *s, struct text *text)
{
    const float W[2 * N] = { 1, 0, 0, 1, -1, 0, 0, -1, 0.7f, -0.7f };
    const struct featsets fs = parse("0-1", "2-3");
    SDL_Rect rect = { 0, 0, SIZE, SIZE };
    struct view_vectors v = { .W = W, .n = N, .m = 2, .scale = 1.25, .labels = true,
                              .sets = &fs };
    clear(r);
    view_vectors_draw(r, text, &v, rect);
    /* the correlated arc is solid from 0 to 90 degrees, the anticorrelated dashed from 180 to
     * 270: some of its samples fall in the gaps */
    int solid = on_arc(s, &v, rect, 0, 0, M_PI / 2, 40, true);
    int dashed = on_arc(s, &v, rect, 1, M_PI, 1.5 * M_PI, 40, false);
    CHECK(solid == 40, "correlated arc: %d of 40 samples in its hue", solid);
    CHECK(dashed >= 10 && dashed <= 30, "anticorrelated arc: %d of 40 samples in its hue, want a "
          "dashed line", dashed);
    /* nothing between 90 and 180 degrees (no set spans it) at either arc's radius */
    for (int k = 0; k < 2; k++)
        CHECK(on_arc(s, &v, rect, k, M_PI / 2 + 0.3, M_PI - 0.3, 20, true) == 0,
              "set %d's hue between features 1 and 2", k);
    /* a ring beyond each member's tip, outside the line; none round feature 4's */
    const float u = SIZE / 640.0f;
    for (int i = 0; i < N; i++) {
        float px, py;
        view_vectors_point(&v, rect, W[2 * i], W[2 * i + 1], &px, &py);
        double len = hypot(W[2 * i], W[2 * i + 1]);
        float ox = (float)(W[2 * i] / len) * 11 * u, oy = -(float)(W[2 * i + 1] / len) * 11 * u;
        if (i < 4) {
            int d = near(s, px + ox, py + oy, view_vectors_set_colour(i / 2, 255));
            CHECK(d < 40, "no ring round feature %d (distance %d)", i, d);
        } else {
            int d0 = near(s, px + ox, py + oy, view_vectors_set_colour(0, 255));
            int d1 = near(s, px + ox, py + oy, view_vectors_set_colour(1, 255));
            CHECK(d0 > 120 && d1 > 120, "a set's ring round feature 4, in no set (%d, %d)", d0,
                  d1);
        }
    }
    /* without sets, the same arcs are background */
    v.sets = NULL;
    clear(r);
    view_vectors_draw(r, text, &v, rect);
    CHECK(on_arc(s, &v, rect, 0, 0, M_PI / 2, 40, true) == 0, "an arc without sets");
    float px, py;
    view_vectors_point(&v, rect, view_vectors_set_radius(&v, 0) * cos(M_PI / 4),
                       view_vectors_set_radius(&v, 0) * sin(M_PI / 4), &px, &py);
    CHECK(canvas_distance(pixel(s, px, py), bg) < 20, "something drawn between 0 and 1 without sets");
}

/* A dropped member (norm 0.05): the set's rings stay, its arc goes (its angle is noise). */
static void check_dropped(SDL_Renderer *r, SDL_Surface *s)
{
    const float W[2 * 2] = { 1, 0, 0, 0.05f };
    const struct featsets fs = parse("0-1", NULL);
    SDL_Rect rect = { 0, 0, SIZE, SIZE };
    struct view_vectors v = { .W = W, .n = 2, .m = 2, .scale = 1.25, .sets = &fs };
    clear(r);
    view_vectors_draw(r, NULL, &v, rect);
    CHECK(on_arc(s, &v, rect, 0, 0, M_PI / 2, 40, true) == 0, "an arc to a dropped feature");
}

/* The per-feature panel: a dot (correlated) or a ring (anticorrelated) in the set's hue beside
 * each member's index, nothing beside feature 4. */
static void check_bars(SDL_Renderer *r, SDL_Surface *s, struct text *text)
{
    if (!text)
        return;
    float W[2 * N] = { 1, 0, 0, 1, -1, 0, 0, -1, 0.7f, -0.7f }, b[N] = { 0 };
    const struct featsets fs = parse("0-1", "2-3");
    struct analysis an;
    CHECK(analysis_init(&an, N), "analysis_init");
    analysis_compute(&an, W, N, 2);
    SDL_Rect rect = { 0, 0, SIZE, 200 };
    clear(r);
    view_bars_draw(r, text, 1.0f, &an, b, &fs, rect);
    for (int i = 0; i < N; i++) {
        SDL_FPoint p = view_bars_mark(text, 1.0f, N, rect, i);
        SDL_Color centre = pixel(s, p.x, p.y);
        if (i < 2) {
            CHECK(canvas_distance(centre, view_vectors_set_colour(0, 255)) < 40,
                  "no dot beside feature %d: %d,%d,%d", i, centre.r, centre.g, centre.b);
        } else if (i < 4) {
            int d = near(s, p.x + 3.5f, p.y, view_vectors_set_colour(1, 255));
            CHECK(d < 40 && canvas_distance(centre, bg) < 20,
                  "no ring beside feature %d: edge distance %d, centre %d,%d,%d", i, d, centre.r,
                  centre.g, centre.b);
        } else {
            CHECK(near(s, p.x, p.y, bg) == 0 && near(s, p.x + 3.5f, p.y, bg) == 0,
                  "a mark beside feature 4, in no set");
        }
    }
    analysis_finish(&an);
}

static long hue_pixels(SDL_Surface *s, SDL_Rect r, SDL_Color hue)
{
    long count = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            count += canvas_distance(pixel(s, x, y), hue) < 40;
    return count;
}

/* The readout's last line: each set's angle in its hue, only when there are sets. */
static void check_readout(SDL_Renderer *r, SDL_Surface *s, struct text *text)
{
    if (!text)
        return;
    const float W[2 * N] = { 1, 0, 0, 1, -1, 0, 0, -1, 0.7f, -0.7f };
    const struct featsets fs = parse("0-1", "2-3");
    struct analysis an;
    CHECK(analysis_init(&an, N), "analysis_init");
    analysis_compute(&an, W, N, 2);
    SDL_Rect rect = { 0, 0, SIZE, view_readout_height(text) };
    long with[2], without[2];
    for (int pass = 0; pass < 2; pass++) {
        struct view_readout ro = { .step = 1, .loss = 0.1, .an = &an, .W = W,
                                   .sets = pass ? NULL : &fs, .fps = -1 };
        clear(r);
        view_readout_draw(r, text, &ro, rect);
        for (int k = 0; k < 2; k++)
            (pass ? without : with)[k] = hue_pixels(s, rect, view_vectors_set_colour(k, 255));
    }
    CHECK(with[0] > 10 && with[1] > 10, "the readout's set angles not in their hues (%ld, %ld)",
          with[0], with[1]);
    CHECK(without[0] == 0 && without[1] == 0, "set hues in the readout without sets");
    analysis_finish(&an);
}

/* Frames until cond holds for the session (at most about 20 s: a hang guard, never a wait for
 * the thread to have acted). */
static bool frames_until(struct window *w, bool (*cond)(const struct session *, const void *),
                         const void *arg)
{
    for (int f = 0; f < 1200; f++) {
        if (!window_frame(w))
            return false;
        if (cond(window_session(w), arg))
            return true;
    }
    return false;
}

static bool sets_are(const struct session *s, const void *arg)
{
    char text[160];
    sets_text(&s->snap.settings.sets, text, sizeof text);
    return s->snap.serial && strcmp(text, arg) == 0;
}

static bool features_are(const struct session *s, const void *arg)
{
    return s->snap.n == *(const int *)arg;
}

/* Returns the window for the caller to destroy after its own text: the window's end quits
 * SDL_ttf, which the caller's fonts still need. */
static struct window *check_window(SDL_Renderer *r, SDL_Surface *s, struct text *text)
{
    char err[256];
    char *argv[] = { "superpose", "--features", "6", "--correlated", "0-1,4-5",
                     "--anticorrelated", "2+3", "--speed", "max", NULL };
    struct cli_options o;
    CHECK(cli_parse(9, argv, &o, err, sizeof err) == 0, "parse: %s", err);
    struct window *w = window_create_offscreen(&o);
    CHECK(w != NULL, "window_create_offscreen");
    if (!w)
        return NULL;
    struct session *ss = window_session(w);
    CHECK(frames_until(w, sets_are, "0-1,4-5|2-3"), "the flags' sets never reached the trainer");

    /* what the main view draws carries them: a ring round feature 4's tip in set 1's hue */
    struct view_context c;
    session_context(ss, &c);
    char text_sets[160] = "none";
    if (c.main.sets)
        sets_text(c.main.sets, text_sets, sizeof text_sets);
    CHECK(strcmp(text_sets, "0-1,4-5|2-3") == 0, "the main view gets sets %s", text_sets);
    SDL_Rect rect = { 0, 0, SIZE, SIZE };
    clear(r);
    views_draw(VIEW_MAIN, r, text, 1.0f, &c, rect);
    struct view_vectors v = { .W = c.main.W, .n = c.main.n, .m = 2, .scale = c.view_scale };
    float px, py;
    double x = c.main.W[8], y = c.main.W[9], len = hypot(x, y);
    view_vectors_point(&v, rect, x, y, &px, &py);
    const float u = SIZE / 640.0f;
    int d = near(s, px + (float)(x / len) * 11 * u, py - (float)(y / len) * 11 * u,
                 view_vectors_set_colour(1, 255));
    CHECK(len > 0.05 && d < 40, "feature 4 (norm %.2f) has no ring in set 1's hue (distance %d)",
          len, d);

    /* C twice: the second preset, two correlated pairs; the thread applies it */
    unsigned notes = ss->note.serial;
    session_key(ss, SDLK_c, 0, window_now(w));
    session_key(ss, SDLK_c, 0, window_now(w));
    CHECK(frames_until(w, sets_are, "0-1,2-3|"), "C, C: the preset's sets never arrived");
    CHECK(ss->snap.n == 4 && ss->snap.settings.density == 0.05 && ss->snap.settings.decay == 1,
          "preset 2: n %d density %g decay %g", ss->snap.n, ss->snap.settings.density,
          ss->snap.settings.decay);
    CHECK(ss->note.serial != notes && !ss->note.error &&
          strstr(ss->note.text, presets_get(1)->name) && strstr(ss->note.text, "seed"),
          "preset note: %s", ss->note.text);

    /* Down: n = 3 drops 2-3, and the note says so */
    notes = ss->note.serial;
    session_key(ss, SDLK_DOWN, 0, window_now(w));
    const int three = 3;
    CHECK(frames_until(w, features_are, &three) && sets_are(ss, "0-1|"),
          "n = 3: n %d, the trainer still has other sets", ss->snap.n);
    CHECK(ss->note.serial != notes && strstr(ss->note.text, "dropped the correlated set 2-3"),
          "n = 3 note: %s", ss->note.text);
    return w;
}

/* Options written out as the bench and the soak test write them (no --preset, no --seeds:
 * zero) open the main view on the command line's model, not a preset's experiment, and the
 * seeds view would train the default count of models, not none. */
static void check_written_out(void)
{
    struct cli_options o = { .command = CLI_WINDOW, .desc = TRAINER_DESC_DEFAULT,
                             .speed = settings_table[SETTINGS_SPEED].def };
    struct window *w = window_create_offscreen(&o);
    CHECK(w != NULL, "window_create_offscreen, options written out");
    if (!w)
        return;
    struct session *ss = window_session(w);
    CHECK(window_frame(w), "the first frame");
    CHECK(ss->controls.view == VIEW_MAIN && ss->controls.settings.features == 5 &&
              ss->controls.settings.hidden == 2,
          "options written out open view %d with n = %d, m = %d", (int)ss->controls.view,
          ss->controls.settings.features, ss->controls.settings.hidden);
    CHECK(ss->controls.seeds == (int)settings_table[SETTINGS_SEEDS].def,
          "options written out: the seeds view would train %d models", ss->controls.seeds);
    window_destroy(w);
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
    check_dropped(r, s);
    check_bars(r, s, text);
    check_readout(r, s, text);
    struct window *w = NULL;
    if (text)
        w = check_window(r, s, text);
    else
        printf("the window offscreen: skipped (no font, the window would stop at that first)\n");

    canvas_finish(&cv);
    window_destroy(w);
    check_written_out();
    SDL_Quit();
    return check_result("test_render_sets");
}
