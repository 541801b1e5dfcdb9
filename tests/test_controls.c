/* The sliders and the key table: ranges, log scales, Shift for finer steps (none on speed),
 * steps that pass through each default again, and a message (never a silent clamp) when a key
 * would go past a range end; the presets' key, and sets dropped (with a note) when n shrinks
 * below them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "controls.h"
#include "draw/polytope.h"
#include "presets.h"


static struct controls fresh(void)
{
    struct controls c;
    controls_init(&c, &(struct worker_settings){ .density = 0.02, .decay = 0.9, .lr = 1e-3,
                                                 .features = 5, .hidden = 2, .act = MODEL_RELU,
                                                 .speed = 500 });
    return c;
}

/* Each slider's keys, down and up, and the value it moves. */
static const SDL_Keycode slider_keys[CONTROLS_SLIDER_COUNT][2] = {
    [CONTROLS_SPARSITY] = { SDLK_LEFT, SDLK_RIGHT },
    [CONTROLS_FEATURES] = { SDLK_DOWN, SDLK_UP },
    [CONTROLS_HIDDEN_DIMS] = { SDLK_9, SDLK_0 },
    [CONTROLS_DECAY] = { SDLK_LEFTBRACKET, SDLK_RIGHTBRACKET },
    [CONTROLS_LR] = { SDLK_COMMA, SDLK_PERIOD },
    [CONTROLS_SPEED] = { SDLK_MINUS, SDLK_EQUALS },
};

static double get_value(const struct controls *c, int k)
{
    const struct worker_settings *s = &c->settings;
    const double v[CONTROLS_SLIDER_COUNT] = { [CONTROLS_SPARSITY] = s->density,
        [CONTROLS_FEATURES] = s->features, [CONTROLS_HIDDEN_DIMS] = s->hidden,
        [CONTROLS_DECAY] = s->decay, [CONTROLS_LR] = s->lr, [CONTROLS_SPEED] = s->speed };
    return v[k];
}

static void set_value(struct controls *c, int k, double v)
{
    struct worker_settings *s = &c->settings;
    s->density = k == CONTROLS_SPARSITY ? v : s->density;
    s->features = k == CONTROLS_FEATURES ? (int)v : s->features;
    s->hidden = k == CONTROLS_HIDDEN_DIMS ? (int)v : s->hidden;
    s->decay = k == CONTROLS_DECAY ? v : s->decay;
    s->lr = k == CONTROLS_LR ? v : s->lr;
    s->speed = k == CONTROLS_SPEED ? v : s->speed;
}

/* The SAE view's keys and sliders: 1 / 2 the l1 coefficient on its log scale (0.01 to 1),
 * 3 / 4 the latents (1 to 4n, following n), 5 / 6 TopK's K (1 to the latents), T the kind, E
 * resampling, N a new SAE; the view shows its three sliders itself. */
static void check_sae(void)
{
    struct controls c = fresh();
    CHECK(c.sae.latents == 5 && c.sae.l1 == 0.2 && c.sae.topk == 1 && c.sae.kind == SAE_RELU &&
              c.sae.resample == SAE_RESAMPLE_SIMPLE, "SAE defaults");
    enum controls_slider first = CONTROLS_SLIDER_TOTAL;
    CHECK(controls_view_sliders(VIEW_SAE, &first) == VIEW_SAE_SLIDERS &&
              first == CONTROLS_SAE_L1, "the SAE view's sliders");
    CHECK(controls_view_sliders(VIEW_MAIN, &first) == 0 &&
              controls_view_sliders(VIEW_SWEEP, &first) == 0, "sliders of views without any");
    CHECK(controls_key(&c, SDLK_a, 0) == CONTROLS_VIEW && c.view == VIEW_SAE, "A");

    unsigned r = controls_key(&c, SDLK_2, 0);
    CHECK(r == CONTROLS_SAE && c.sae.l1 > 0.2 && c.sae.l1 < 0.3, "2: l1 %g", c.sae.l1);
    controls_key(&c, SDLK_1, 0);
    CHECK(fabs(c.sae.l1 - 0.2) < 1e-12, "1 after 2: l1 %g", c.sae.l1);
    for (int k = 0; k < 40; k++)
        r = controls_key(&c, SDLK_1, 0);
    CHECK(fabs(c.sae.l1 - 0.01) < 1e-12 && r == CONTROLS_MESSAGE && strstr(c.message, "0.01"),
          "l1 low end %g: %s", c.sae.l1, c.message);
    for (int k = 0; k < 40; k++)
        r = controls_key(&c, SDLK_2, KMOD_SHIFT);
    CHECK(c.sae.l1 == 1 && r == CONTROLS_MESSAGE, "l1 top %g", c.sae.l1);

    /* latents up to 4n = 20, and the message says the range follows n */
    for (int k = 0; k < 40; k++)
        r = controls_key(&c, SDLK_4, 0);
    CHECK(c.sae.latents == 20 && r == CONTROLS_MESSAGE && strstr(c.message, "1 to 4n"),
          "latents top %d: %s", c.sae.latents, c.message);
    /* K up to the latents; fewer latents pull K down with them */
    for (int k = 0; k < 40; k++)
        controls_key(&c, SDLK_6, 0);
    CHECK(c.sae.topk == 20, "K top %d", c.sae.topk);
    r = controls_key(&c, SDLK_3, 0);
    CHECK(r == CONTROLS_SAE && c.sae.latents == 19 && c.sae.topk == 19, "3: k %d, K %d",
          c.sae.latents, c.sae.topk);
    /* fewer features pull the latents down to 4n */
    r = controls_key(&c, SDLK_DOWN, 0);
    CHECK(r == (CONTROLS_CHANGED | CONTROLS_SAE) && c.settings.features == 4 &&
              c.sae.latents == 16 && c.sae.topk == 16, "Down: n %d, k %d, K %d (%u)",
          c.settings.features, c.sae.latents, c.sae.topk, r);
    for (int k = 0; k < 40; k++)
        r = controls_key(&c, SDLK_3, 0);
    CHECK(c.sae.latents == 1 && c.sae.topk == 1 && r == CONTROLS_MESSAGE, "latents low end");
    r = controls_key(&c, SDLK_6, 0);
    CHECK(c.sae.topk == 1 && r == CONTROLS_MESSAGE, "K above one latent: %d (%u)", c.sae.topk, r);

    /* the seeds view's count: 7 / 8 step it within 2 to 32, saying so at an end; B asks for
     * the best model */
    c = fresh();
    CHECK(c.seeds == 8, "seeds %d at the start", c.seeds);
    r = controls_key(&c, SDLK_8, 0);
    CHECK(r == CONTROLS_SEEDS && c.seeds == 9, "8: %d (%u)", c.seeds, r);
    for (int k = 0; k < 40; k++)
        r = controls_key(&c, SDLK_7, 0);
    CHECK(c.seeds == 2 && r == CONTROLS_MESSAGE && strstr(c.message, "from 2 to 32"),
          "7 down to %d (%u): '%s'", c.seeds, r, c.message);
    CHECK(controls_set_position(&c, CONTROLS_SEEDS_MODELS, 1.0) == CONTROLS_SEEDS &&
              c.seeds == 32, "seeds slider's right end: %d", c.seeds);
    CHECK(controls_key(&c, SDLK_b, 0) == CONTROLS_ADOPT && c.seeds == 32, "B");

    /* the sliders by mouse: positions round-trip, the track spans the current range */
    c = fresh();
    for (int k = CONTROLS_SAE_L1; k < CONTROLS_SLIDER_TOTAL; k++) {
        double p = controls_position(&c, (enum controls_slider)k);
        controls_set_position(&c, (enum controls_slider)k, p);
        CHECK(fabs(controls_position(&c, (enum controls_slider)k) - p) < 1e-9,
              "SAE slider %d drifts", k);
    }
    CHECK(controls_set_position(&c, CONTROLS_SAE_LATENTS, 1.0) == CONTROLS_SAE &&
              c.sae.latents == 20, "latents slider's right end: %d", c.sae.latents);
    controls_set_position(&c, CONTROLS_SAE_L1, 0.0);
    CHECK(fabs(c.sae.l1 - 0.01) < 1e-12, "l1 slider's left end: %g", c.sae.l1);
    controls_set_position(&c, CONTROLS_SAE_L1, 0.5);
    CHECK(fabs(c.sae.l1 - 0.1) < 1e-9, "l1 slider's middle (log scale): %g", c.sae.l1);
    char v[96];
    controls_slider_value(&c, CONTROLS_SAE_LATENTS, v, sizeof v);
    CHECK(strcmp(v, "k = 20") == 0, "latents shows '%s'", v);

    /* the keys */
    c = fresh();
    CHECK(controls_key(&c, SDLK_t, 0) == CONTROLS_SAE && c.sae.kind == SAE_TOPK, "T");
    CHECK(controls_key(&c, SDLK_t, 0) == CONTROLS_SAE && c.sae.kind == SAE_RELU, "T again");
    CHECK(controls_key(&c, SDLK_e, 0) == CONTROLS_SAE && c.sae.resample == SAE_RESAMPLE_NONE,
          "E");
    CHECK(controls_key(&c, SDLK_e, 0) == CONTROLS_SAE && c.sae.resample == SAE_RESAMPLE_SIMPLE,
          "E again");
    struct controls before = c;
    CHECK(controls_key(&c, SDLK_n, 0) == CONTROLS_SAE_RESTART &&
              memcmp(&before.sae, &c.sae, sizeof c.sae) == 0, "N");
    /* the model's keys leave the SAE alone, and the SAE's the model */
    before = c;
    controls_key(&c, SDLK_RIGHT, 0);
    CHECK(memcmp(&before.sae, &c.sae, sizeof c.sae) == 0, "Right changed the SAE");
    before = c;
    controls_key(&c, SDLK_2, 0);
    controls_key(&c, SDLK_t, 0);
    CHECK(memcmp(&before.settings, &c.settings, sizeof c.settings) == 0,
          "2 or T changed the model");
}

static void sets_text(const struct featsets *fs, char *buf, size_t len)
{
    char corr[64], anti[64];
    featsets_format(fs, FEATSETS_CORRELATED, corr, sizeof corr);
    featsets_format(fs, FEATSETS_ANTICORRELATED, anti, sizeof anti);
    snprintf(buf, len, "%s|%s", corr, anti);
}

/* C cycles the presets: each sets n, m = 2, density 0.05, decay 1 and its sets, asks for a new
 * seed and says what it is; Shift+C goes back; the other settings stay. A smaller n drops the
 * sets it cannot hold and says which; a larger one does not bring them back. */
static void check_presets(void)
{
    static const char *const want[PRESETS_COUNT] = { "|", "0-1,2-3|", "|0-1,2-3", "0-1|2-3",
                                                     "0-1,2-3,4-5|" };
    static const int want_n[PRESETS_COUNT] = { 4, 4, 4, 4, 6 };
    struct controls c = fresh();
    c.settings.hidden = 3;
    c.settings.lr = 0.003;
    char text[160];
    for (int round = 0; round < 2; round++)
        for (int k = 0; k < PRESETS_COUNT; k++) {
            unsigned r = controls_key(&c, SDLK_c, 0);
            const struct worker_settings *s = &c.settings;
            sets_text(&s->sets, text, sizeof text);
            unsigned expect = CONTROLS_CHANGED | CONTROLS_REINIT | CONTROLS_NOTE |
                              (round == 0 && k == 0 ? CONTROLS_HIDDEN : 0);
            CHECK(r == expect, "C %d: result %u, want %u", k, r, expect);
            CHECK(c.preset == k && s->features == want_n[k] && s->hidden == 2 &&
                  s->density == 0.05 && s->decay == 1.0 && strcmp(text, want[k]) == 0,
                  "C %d: preset %d, n %d, m %d, density %g, decay %g, sets %s", k, c.preset,
                  s->features, s->hidden, s->density, s->decay, text);
            CHECK(s->lr == 0.003 && s->act == MODEL_RELU && s->speed == 500,
                  "C %d changed the learning rate, activation or speed", k);
            CHECK(strstr(c.message, presets_get(k)->name) && strstr(c.message, "density 0.05") &&
                  strstr(c.message, "decay 1"), "C %d says: %s", k, c.message);
        }
    controls_key(&c, SDLK_c, 0);
    CHECK(c.preset == 0, "C after the last preset: %d", c.preset);
    controls_key(&c, SDLK_c, KMOD_LSHIFT);
    CHECK(c.preset == PRESETS_COUNT - 1, "Shift+C from the first preset: %d", c.preset);
    controls_key(&c, SDLK_c, KMOD_RSHIFT);
    CHECK(c.preset == PRESETS_COUNT - 2, "Shift+C: %d", c.preset);

    /* three pairs (n = 6), then Down: n = 5 drops 4-5 with a note naming it */
    c = fresh();
    while (c.preset != PRESETS_COUNT - 1)
        controls_key(&c, SDLK_c, 0);
    unsigned r = controls_key(&c, SDLK_DOWN, 0);
    sets_text(&c.settings.sets, text, sizeof text);
    CHECK(c.settings.features == 5 && strcmp(text, "0-1,2-3|") == 0, "n %d, sets %s",
          c.settings.features, text);
    CHECK(r == (CONTROLS_CHANGED | CONTROLS_NOTE) && strstr(c.message, "dropped") &&
          strstr(c.message, "correlated set 4-5") && !strstr(c.message, "0-1"),
          "n = 5: result %u, message %s", r, c.message);
    /* Down again: n = 4 holds 0-1 and 2-3, nothing dropped, no note */
    r = controls_key(&c, SDLK_DOWN, 0);
    CHECK(r == CONTROLS_CHANGED, "n = 4 with sets 0-1, 2-3: result %u", r);
    /* up again: the dropped set stays dropped */
    controls_key(&c, SDLK_UP, 0);
    controls_key(&c, SDLK_UP, 0);
    sets_text(&c.settings.sets, text, sizeof text);
    CHECK(c.settings.features == 6 && strcmp(text, "0-1,2-3|") == 0, "back to n = 6: %s", text);
    /* a drag of the features slider to its bottom drops every set, naming both */
    controls_key(&c, SDLK_c, KMOD_LSHIFT);   /* one of each: 0-1 and 2-3 */
    r = controls_set_position(&c, CONTROLS_FEATURES, 0.0);
    CHECK(c.settings.features == 1 && c.settings.sets.count == 0 && (r & CONTROLS_NOTE) &&
          strstr(c.message, "correlated set 0-1") && strstr(c.message, "anticorrelated set 2-3"),
          "dragged to n = 1: %d sets left, result %u, message %s", c.settings.sets.count, r,
          c.message);
}

int main(void)
{
    struct controls c = fresh();
    /* Right raises the sparsity S, i.e. lowers the density 1 - S, on a log scale. */
    unsigned r = controls_key(&c, SDLK_RIGHT, 0);
    CHECK(r == CONTROLS_CHANGED && c.settings.density < 0.02, "Right: density %g", c.settings.density);
    double coarse = 0.02 / c.settings.density;
    c = fresh();
    controls_key(&c, SDLK_RIGHT, KMOD_LSHIFT);
    CHECK(0.02 / c.settings.density < coarse && c.settings.density < 0.02, "Shift is not finer");

    /* Walk to the sparse end: the value stops at 0.001 and the last presses say so. */
    c = fresh();
    unsigned last = 0;
    for (int k = 0; k < 40; k++)
        last = controls_key(&c, SDLK_RIGHT, 0);
    CHECK(fabs(c.settings.density - 0.001) < 1e-12, "density end %g", c.settings.density);
    CHECK(last == CONTROLS_MESSAGE, "no message at the end (%u)", last);
    CHECK(strstr(c.message, "0.001") && strstr(c.message, "sparsity"), "message: %s", c.message);

    /* n steps by one: a press past the top says so */
    c = fresh();
    for (int k = 5; k <= CONTROLS_FEATURES_MAX; k++)
        last = controls_key(&c, SDLK_UP, 0);
    CHECK(c.settings.features == CONTROLS_FEATURES_MAX && last == CONTROLS_MESSAGE,
          "features end %d", c.settings.features);
    for (int k = 0; k < CONTROLS_FEATURES_MAX; k++)
        last = controls_key(&c, SDLK_DOWN, 0);
    CHECK(c.settings.features == 1 && last == CONTROLS_MESSAGE && strstr(c.message, "1 to 512"),
          "features low end %d: %s", c.settings.features, c.message);

    c = fresh();
    controls_key(&c, SDLK_RIGHTBRACKET, 0);
    controls_key(&c, SDLK_RIGHTBRACKET, 0);
    last = controls_key(&c, SDLK_RIGHTBRACKET, 0);
    CHECK(c.settings.decay == 1.0 && (last & CONTROLS_MESSAGE), "decay end %g", c.settings.decay);

    /* Speed: + goes to the next notch of the doublings through the default 300 (from 500:
     * 600), past 1e6 comes unlimited (0), then a message. */
    c = fresh();
    controls_key(&c, SDLK_KP_PLUS, 0);
    CHECK(fabs(c.settings.speed - 600) < 1e-6, "speed %g", c.settings.speed);
    for (int k = 0; k < 20; k++)
        last = controls_key(&c, SDLK_EQUALS, KMOD_SHIFT);
    CHECK(c.settings.speed == 0 && last == CONTROLS_MESSAGE, "speed not unlimited: %g",
          c.settings.speed);
    controls_key(&c, SDLK_MINUS, 0);
    CHECK(fabs(c.settings.speed - 1e6) < 1, "minus from unlimited: %g", c.settings.speed);

    /* Speed has no finer step ('+' needs Shift to type): Shift+= and Shift+- move as = and -.
     * From the default, any number of presses up and as many down come back through 300,
     * past 1e6 and unlimited too. */
    const double speed_default = settings_table[SETTINGS_SPEED].def;
    CHECK(speed_default == 300, "the speed default is %g", speed_default);
    for (int shift = 0; shift < 2; shift++) {
        c = fresh();
        c.settings.speed = speed_default;
        controls_key(&c, SDLK_EQUALS, shift ? KMOD_LSHIFT : 0);
        CHECK(fabs(c.settings.speed / (2 * speed_default) - 1) < 1e-12, "%s+: %g",
              shift ? "Shift" : "", c.settings.speed);
        controls_key(&c, SDLK_MINUS, shift ? KMOD_RSHIFT : 0);
        controls_key(&c, SDLK_MINUS, shift ? KMOD_RSHIFT : 0);
        CHECK(fabs(c.settings.speed / (speed_default / 2) - 1) < 1e-12, "%s-: %g",
              shift ? "Shift" : "", c.settings.speed);
    }
    for (int n = 1; n <= 16; n++) {
        c = fresh();
        c.settings.speed = speed_default;
        for (int k = 0; k < n; k++)
            controls_key(&c, SDLK_PLUS, 0);
        int down = 0;
        while ((c.settings.speed <= 0 || c.settings.speed > speed_default) && down++ < 40)
            controls_key(&c, SDLK_MINUS, 0);
        CHECK(c.settings.speed == speed_default, "%d up, then down: %g, not 300", n,
              c.settings.speed);
    }

    /* Every slider's key steps pass through its default again: from the default to either end
     * and back, coarse and fine. */
    for (int k = 0; k < CONTROLS_SLIDER_COUNT; k++) {
        const double def = settings_table[controls_slider_setting(k)].def;
        for (int dir = 0; dir < 2; dir++)
            for (int fine = 0; fine < 2; fine++) {
                c = fresh();
                set_value(&c, k, def);
                Uint16 mod = fine ? KMOD_LSHIFT : 0;
                unsigned res = 0;
                for (int n = 0; n < 1200 && !(res & CONTROLS_MESSAGE); n++)
                    res = controls_key(&c, slider_keys[k][dir], mod);
                CHECK(res & CONTROLS_MESSAGE, "slider %d never reached its end", k);
                bool passed = false;
                for (int n = 0; n < 1200 && !passed; n++) {
                    controls_key(&c, slider_keys[k][1 - dir], mod);
                    passed = get_value(&c, k) == def;
                }
                CHECK(passed, "slider %d (%s, %s): from the end back, never the default %g",
                      k, dir ? "up" : "down", fine ? "Shift" : "coarse", def);
            }
    }

    /* Toggles and commands. */
    c = fresh();
    CHECK(controls_key(&c, SDLK_SPACE, 0) == CONTROLS_CHANGED && c.settings.paused, "pause");
    CHECK(controls_key(&c, SDLK_l, 0) == CONTROLS_CHANGED && c.settings.act == MODEL_LINEAR, "L");
    CHECK(controls_key(&c, SDLK_o, 0) == CONTROLS_CHANGED && c.settings.kind == MODEL_HIDDEN_RELU,
          "O: hidden ReLU");
    CHECK(controls_key(&c, SDLK_o, 0) == CONTROLS_CHANGED && c.settings.kind == MODEL_ABS,
          "O: abs");
    CHECK(controls_key(&c, SDLK_o, 0) == CONTROLS_CHANGED && c.settings.kind == MODEL_TIED,
          "O: back to tied");
    CHECK(controls_key(&c, SDLK_r, 0) == CONTROLS_REINIT, "R");
    CHECK(controls_key(&c, SDLK_s, 0) == CONTROLS_SCREENSHOT, "S");
    CHECK(controls_key(&c, SDLK_q, 0) == CONTROLS_QUIT, "Q");
    CHECK(controls_key(&c, SDLK_ESCAPE, 0) == CONTROLS_QUIT, "Esc");
    controls_key(&c, SDLK_F1, 0);
    CHECK(c.help, "F1");
    controls_key(&c, SDLK_h, 0);
    CHECK(!c.help, "H");
    /* Esc over the help closes the help only; then it quits. */
    controls_key(&c, SDLK_h, 0);
    CHECK(controls_key(&c, SDLK_ESCAPE, 0) == 0 && !c.help, "Esc with the help open");
    CHECK(controls_key(&c, SDLK_ESCAPE, 0) == CONTROLS_QUIT, "Esc after the help closed");
    /* On a small window the help has pages (the shell says how many): H turns them, then
     * closes the help; it opens again on its first page, as after Esc. */
    c.help_pages = 3;
    controls_key(&c, SDLK_h, 0);
    CHECK(c.help && c.help_page == 0, "H: the first page");
    controls_key(&c, SDLK_h, 0);
    controls_key(&c, SDLK_h, 0);
    CHECK(c.help && c.help_page == 2, "H twice more: page %d", c.help_page);
    controls_key(&c, SDLK_h, 0);
    CHECK(!c.help && c.help_page == 0, "H on the last page: open %d, page %d", c.help,
          c.help_page);
    controls_key(&c, SDLK_h, 0);
    controls_key(&c, SDLK_h, 0);
    controls_key(&c, SDLK_ESCAPE, 0);
    controls_key(&c, SDLK_F1, 0);
    CHECK(c.help && c.help_page == 0, "after Esc on page 2, F1: page %d", c.help_page);
    controls_key(&c, SDLK_ESCAPE, 0);
    c.help_pages = 0;

    /* The timeline: PageUp / PageDown a page (Shift: a snapshot), Home the first, End live;
     * back in time from another view shows the main view, forward leaves the view alone. */
    c = fresh();
    const struct { SDL_Keycode key; Uint16 mod; enum replay_move move; } moves[] = {
        { SDLK_PAGEUP, 0, REPLAY_PAGE_BACK }, { SDLK_PAGEDOWN, 0, REPLAY_PAGE_FORWARD },
        { SDLK_PAGEUP, KMOD_LSHIFT, REPLAY_BACK }, { SDLK_PAGEDOWN, KMOD_RSHIFT, REPLAY_FORWARD },
        { SDLK_HOME, 0, REPLAY_FIRST }, { SDLK_END, 0, REPLAY_LIVE },
    };
    for (size_t k = 0; k < sizeof moves / sizeof moves[0]; k++) {
        c.timeline = (enum replay_move)((moves[k].move + 1) % (REPLAY_LIVE + 1));   /* another */
        CHECK(controls_key(&c, moves[k].key, moves[k].mod) == CONTROLS_TIMELINE &&
              c.timeline == moves[k].move, "timeline key %d: move %d", (int)k, c.timeline);
    }
    c.view = VIEW_SWEEP;
    CHECK(controls_key(&c, SDLK_PAGEDOWN, 0) == CONTROLS_TIMELINE && c.view == VIEW_SWEEP,
          "PageDown left the sweep");
    CHECK(controls_key(&c, SDLK_PAGEUP, 0) == (CONTROLS_TIMELINE | CONTROLS_VIEW) &&
          c.view == VIEW_MAIN, "PageUp in the sweep: view %d", c.view);

    /* View keys: G, D and V switch the view; the same key again goes back. */
    c = fresh();
    CHECK(c.view == VIEW_MAIN, "starts in the main view");
    CHECK(controls_key(&c, SDLK_g, 0) == CONTROLS_VIEW && c.view == VIEW_SWEEP, "G");
    CHECK(controls_key(&c, SDLK_d, 0) == CONTROLS_VIEW && c.view == VIEW_DIMS, "D");
    CHECK(controls_key(&c, SDLK_v, 0) == CONTROLS_VIEW && c.view == VIEW_COMPARE, "V");
    CHECK(controls_key(&c, SDLK_v, 0) == CONTROLS_VIEW && c.view == VIEW_MAIN, "V back");
    controls_key(&c, SDLK_g, 0);
    CHECK(controls_key(&c, SDLK_g, 0) == CONTROLS_VIEW && c.view == VIEW_MAIN, "G back");

    /* P opens the phase diagram and closes it again, from any view. */
    c = fresh();
    CHECK(controls_key(&c, SDLK_p, 0) == CONTROLS_VIEW && c.view == VIEW_PHASE, "P");
    CHECK(controls_key(&c, SDLK_p, 0) == CONTROLS_VIEW && c.view == VIEW_MAIN, "P back");
    controls_key(&c, SDLK_g, 0);
    CHECK(controls_key(&c, SDLK_p, 0) == CONTROLS_VIEW && c.view == VIEW_PHASE,
          "P from the sweep");

    /* M cycles the hidden dimensions 2, 3, 4, 5, 2 and changes nothing else; from an m outside
     * the cycle (--hidden 8) it goes to 2. */
    c = fresh();
    const int cycle[] = { 3, 4, 5, 2, 3 };
    for (int k = 0; k < 5; k++) {
        struct worker_settings before = c.settings;
        unsigned res = controls_key(&c, SDLK_m, 0);
        CHECK(res == CONTROLS_HIDDEN && c.settings.hidden == cycle[k], "M %d: m = %d (%u)", k,
              c.settings.hidden, res);
        before.hidden = c.settings.hidden;
        CHECK(memcmp(&before, &c.settings, sizeof before) == 0, "M changed another setting");
    }
    c.settings.hidden = 8;
    controls_key(&c, SDLK_m, 0);
    CHECK(c.settings.hidden == CONTROLS_HIDDEN_MIN, "M from m = 8: %d", c.settings.hidden);

    /* 9 / 0 step m by one over 1 to 64 (a new model each: CONTROLS_HIDDEN), a message at the
     * ends; the slider's right end is 64; M still cycles from there. */
    c = fresh();
    unsigned hres = controls_key(&c, SDLK_0, 0);
    CHECK(hres == (CONTROLS_CHANGED | CONTROLS_HIDDEN) && c.settings.hidden == 3, "0: m = %d (%u)",
          c.settings.hidden, hres);
    hres = controls_key(&c, SDLK_9, 0);
    CHECK(hres == (CONTROLS_CHANGED | CONTROLS_HIDDEN) && c.settings.hidden == 2, "9: m = %d (%u)",
          c.settings.hidden, hres);
    controls_key(&c, SDLK_9, 0);
    hres = controls_key(&c, SDLK_9, 0);
    CHECK(c.settings.hidden == 1 && hres == CONTROLS_MESSAGE && strstr(c.message, "m from 1 to 64"),
          "9 past m = 1: m = %d (%u) %s", c.settings.hidden, hres, c.message);
    hres = controls_set_position(&c, CONTROLS_HIDDEN_DIMS, 1.0);
    CHECK(c.settings.hidden == 64 && (hres & CONTROLS_HIDDEN), "m slider's right end: %d",
          c.settings.hidden);
    CHECK(controls_set_position(&c, CONTROLS_HIDDEN_DIMS, 1.0) == 0, "the same m again: %u",
          controls_set_position(&c, CONTROLS_HIDDEN_DIMS, 1.0));
    controls_key(&c, SDLK_m, 0);
    CHECK(c.settings.hidden == CONTROLS_HIDDEN_MIN, "M from m = 64: %d", c.settings.hidden);

    /* J / K turn the 3D view, U / I tilt it (Shift finer), the tilt stops short of the pole;
     * a drag turns it the same way. */
    c = fresh();
    CHECK(c.yaw == VIEW_POLYTOPE_YAW && c.pitch == VIEW_POLYTOPE_PITCH, "start angles");
    CHECK(controls_key(&c, SDLK_k, 0) == CONTROLS_ROTATE && c.yaw > VIEW_POLYTOPE_YAW &&
          c.pitch == VIEW_POLYTOPE_PITCH, "K: yaw %g", c.yaw);
    double step = c.yaw - VIEW_POLYTOPE_YAW;
    controls_key(&c, SDLK_j, 0);
    CHECK(fabs(c.yaw - VIEW_POLYTOPE_YAW) < 1e-12, "J undoes K: %g", c.yaw);
    controls_key(&c, SDLK_j, KMOD_SHIFT);
    CHECK(c.yaw < VIEW_POLYTOPE_YAW && VIEW_POLYTOPE_YAW - c.yaw < step, "Shift+J not finer");
    CHECK(controls_key(&c, SDLK_i, 0) == CONTROLS_ROTATE && c.pitch > VIEW_POLYTOPE_PITCH,
          "I: pitch %g", c.pitch);
    for (int k = 0; k < 40; k++)
        controls_key(&c, SDLK_i, 0);
    CHECK(c.pitch <= CONTROLS_PITCH_LIMIT + 1e-12, "pitch past the limit: %g", c.pitch);
    for (int k = 0; k < 80; k++)
        controls_key(&c, SDLK_u, 0);
    CHECK(c.pitch >= -CONTROLS_PITCH_LIMIT - 1e-12, "pitch past -limit: %g", c.pitch);
    for (int k = 0; k < 100; k++)
        controls_key(&c, SDLK_k, 0);
    CHECK(fabs(c.yaw) <= M_PI + 1e-9, "yaw not wrapped: %g", c.yaw);
    c = fresh();
    controls_rotate(&c, 0.1, -0.2);
    CHECK(fabs(c.yaw - VIEW_POLYTOPE_YAW - 0.1) < 1e-12 &&
          fabs(c.pitch - VIEW_POLYTOPE_PITCH + 0.2) < 1e-12, "controls_rotate");
    struct controls f = fresh();
    CHECK(memcmp(&c.settings, &f.settings, sizeof c.settings) == 0, "turning changed a setting");

    /* Slider positions round-trip; sparsity grows to the right. */
    c = fresh();
    for (int k = 0; k < CONTROLS_SLIDER_COUNT; k++) {
        double p = controls_position(&c, k);
        struct worker_settings before = c.settings;
        controls_set_position(&c, k, p);
        CHECK(fabs(controls_position(&c, k) - p) < 1e-9, "slider %d position drifts", k);
        (void)before;
    }
    controls_set_position(&c, CONTROLS_SPARSITY, 1.0);
    CHECK(fabs(c.settings.density - 0.001) < 1e-12, "sparsity slider right end %g", c.settings.density);
    controls_set_position(&c, CONTROLS_SPEED, 1.0);
    CHECK(c.settings.speed == 0, "speed slider right end is not unlimited");

    /* Every help row has keys and a description. */
    const char *keys, *what;
    int rows = 0;
    for (; controls_help_row(rows, &keys, &what); rows++)
        CHECK(keys[0] && what[0], "empty help row %d", rows);
    CHECK(rows >= 18, "help rows %d", rows);
    /* "Shift: with the keys above: finer steps" is true: every slider row above the Shift row
     * has a finer step, and none below it does (speed's '+' needs Shift to type). */
    int shift_row = -1;
    for (int i = 0; controls_help_row(i, &keys, &what); i++)
        if (strcmp(keys, "Shift") == 0)
            shift_row = i;
    CHECK(shift_row > 0, "no Shift row");
    for (int i = 0; controls_help_row(i, &keys, &what); i++) {
        int k = controls_help_slider(i);
        if (k < 0)
            continue;
        bool finer = settings_table[controls_slider_setting(k)].fine > 0;
        CHECK(finer == (i < shift_row), "row %d (%s): fine step %s, Shift row %d", i, keys,
              finer ? "yes" : "no", shift_row);
    }
    /* Each slider's value text at the defaults, written with its row's format. */
    c = fresh();
    c.settings.speed = settings_table[SETTINGS_SPEED].def;
    const char *values[CONTROLS_SLIDER_COUNT] = {
        [CONTROLS_SPARSITY] = "S = 0.98   density 1-S = 0.02", [CONTROLS_FEATURES] = "n = 5",
        [CONTROLS_HIDDEN_DIMS] = "m = 2",
        [CONTROLS_DECAY] = "0.9   (I_i = 0.9^i)", [CONTROLS_LR] = "0.001",
        [CONTROLS_SPEED] = "300 steps/s",
    };
    for (int k = 0; k < CONTROLS_SLIDER_COUNT; k++) {
        char v[96];
        controls_slider_value(&c, k, v, sizeof v);
        CHECK(strcmp(v, values[k]) == 0, "slider %d shows '%s', not '%s'", k, v, values[k]);
    }
    c.settings.speed = 0;
    char unlimited[96];
    controls_slider_value(&c, CONTROLS_SPEED, unlimited, sizeof unlimited);
    CHECK(strcmp(unlimited, "unlimited") == 0, "speed 0 shows '%s'", unlimited);

    /* The help overlay lists the view keys (it is the same table). */
    bool g = false, d = false, v = false, m = false, p = false, turn = false, tilt = false;
    for (int i = 0; controls_help_row(i, &keys, &what); i++) {
        g |= strcmp(keys, "G") == 0;
        d |= strcmp(keys, "D") == 0;
        v |= strcmp(keys, "V") == 0;
        m |= strcmp(keys, "M") == 0 && strstr(what, "hidden");
        p |= strcmp(keys, "P") == 0 && strstr(what, "phase");
        turn |= strcmp(keys, "J / K") == 0;
        tilt |= strcmp(keys, "U / I") == 0;
    }
    CHECK(g && d && v, "help lacks G, D or V");
    /* Every view with a key in the view table has its help row, and its key shows that view. */
    for (int id = 0; id < VIEW_COUNT; id++) {
        const struct view_row *vr = views_row((enum view_id)id);
        if (!vr->key)
            continue;
        bool listed = false;
        for (int i = 0; controls_help_row(i, &keys, &what); i++)
            listed |= strcmp(keys, vr->key_name) == 0 && !strchr(what, '{');
        CHECK(listed, "view %s has no help row (or one with an unfilled field)", vr->name);
        struct controls x = fresh();
        unsigned res = controls_key(&x, vr->key, 0);
        CHECK((res & CONTROLS_VIEW) && x.view == (enum view_id)id &&
                  (vr->preset || res == CONTROLS_VIEW),
              "key %s does not show view %s", vr->key_name, vr->name);
        /* a view with a preset loads it (a new m: a new model), and its key again only leads
         * back */
        const struct view_preset *vp = vr->preset;
        CHECK(!vp || (x.settings.features == vp->features && x.settings.hidden == vp->hidden &&
                      x.settings.decay == vp->decay && (res & CONTROLS_HIDDEN) &&
                      (res & CONTROLS_CHANGED)),
              "key %s: n = %d, m = %d, decay %g, result %#x", vr->key_name, x.settings.features,
              x.settings.hidden, x.settings.decay, res);
        CHECK(controls_key(&x, vr->key, 0) == CONTROLS_VIEW && x.view == VIEW_MAIN,
              "key %s again does not lead back", vr->key_name);
    }
    CHECK(m && p && turn && tilt, "help lacks M, P, J / K or U / I");
    /* The footer: the help's key, the views' (from the view table), then M; compact keeps the
     * help's item whole and shortens the rest to their keys. */
    char footer[320], compact[320], views[256], want[320];
    controls_footer(footer, sizeof footer, false);
    views_footer(views, sizeof views, false);
    snprintf(want, sizeof want, "H or F1: keys   %s   M: hidden dims", views);
    CHECK(strcmp(footer, want) == 0, "footer '%s', not '%s'", footer, want);
    controls_footer(compact, sizeof compact, true);
    views_footer(views, sizeof views, true);
    snprintf(want, sizeof want, "H or F1: keys   %s   M", views);
    CHECK(strcmp(compact, want) == 0, "compact footer '%s', not '%s'", compact, want);
    char tiny[12];
    controls_footer(tiny, sizeof tiny, false);
    CHECK(strncmp(tiny, footer, sizeof tiny - 1) == 0 && strlen(tiny) == sizeof tiny - 1,
          "a short buffer holds '%s'", tiny);
    /* Every letter the help names does something. */
    const SDL_Keycode all[] = { SDLK_m, SDLK_p, SDLK_j, SDLK_k, SDLK_u, SDLK_i, SDLK_g, SDLK_d,
                                SDLK_v, SDLK_s, SDLK_r, SDLK_l, SDLK_q, SDLK_c, SDLK_a, SDLK_t,
                                SDLK_e, SDLK_n, SDLK_1, SDLK_2, SDLK_3, SDLK_4, SDLK_5, SDLK_6,
                                SDLK_o, SDLK_y };
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
        struct controls x = fresh();
        CHECK(controls_key(&x, all[k], 0) != 0, "key %d does nothing", (int)all[k]);
    }

    check_sae();
    check_presets();
    return check_result("test_controls");
}
