/* The controls' key table, and the help and footer written from it. */
#include "controls_keys.h"

#include <stdio.h>
#include <string.h>

#include "controls.h"
#include "views.h"

const struct controls_binding controls_bindings[] = {
    { "Left / Right", "sparsity S down / up (density 1-S up / down)", ACT_SLIDER,
      CONTROLS_SPARSITY, { SDLK_LEFT }, { SDLK_RIGHT } },
    { "Down / Up", "feature count n (existing features are kept)", ACT_SLIDER,
      CONTROLS_FEATURES, { SDLK_DOWN }, { SDLK_UP } },
    { "[ / ]", "importance decay (I_i = decay^i)", ACT_SLIDER, CONTROLS_DECAY,
      { SDLK_LEFTBRACKET }, { SDLK_RIGHTBRACKET } },
    { ", / .", "learning rate", ACT_SLIDER, CONTROLS_LR, { SDLK_COMMA }, { SDLK_PERIOD } },
    { "Shift", "with the keys above: finer steps", ACT_NONE, 0, { 0 }, { 0 } },
    /* Below the Shift row: '+' itself needs Shift, so speed has no finer step. */
    { "- / +", "training speed: halve / double (steps per second, up to unlimited)",
      ACT_SLIDER, CONTROLS_SPEED, { SDLK_MINUS, SDLK_KP_MINUS },
      { SDLK_EQUALS, SDLK_PLUS, SDLK_KP_PLUS } },
    { "Space", "pause / resume training", ACT_PAUSE, 0, { SDLK_SPACE }, { 0 } },
    { "R", "re-initialise with a new seed", ACT_REINIT, 0, { SDLK_r }, { 0 } },
    { "L", "linear model vs ReLU", ACT_ACTIVATION, 0, { SDLK_l }, { 0 } },
    { "O", "model: tied, hidden ReLU (neurons), abs (computes |x|) (new model, same seed)",
      ACT_MODEL, 0, { SDLK_o }, { 0 } },
    { NULL, NULL, ACT_VIEWS, 0, { 0 }, { 0 } },
    { "1 / 2", "SAE view: l1 coefficient (ReLU kind), log scale", ACT_SLIDER, CONTROLS_SAE_L1,
      { SDLK_1 }, { SDLK_2 } },
    { "3 / 4", "SAE view: latent count k (a new SAE)", ACT_SLIDER, CONTROLS_SAE_LATENTS,
      { SDLK_3 }, { SDLK_4 } },
    { "5 / 6", "SAE view: TopK's K (TopK kind)", ACT_SLIDER, CONTROLS_SAE_TOPK, { SDLK_5 },
      { SDLK_6 } },
    { "T", "SAE view: ReLU SAE vs TopK", ACT_SAE_KIND, 0, { SDLK_t }, { 0 } },
    { "E", "SAE view: resampling of dead latents on / off", ACT_SAE_RESAMPLE, 0, { SDLK_e },
      { 0 } },
    { "N", "SAE view: a new SAE from the next seed", ACT_SAE_RESTART, 0, { SDLK_n }, { 0 } },
    { "7 / 8", "seeds view: model count K (new models)", ACT_SLIDER, CONTROLS_SEEDS_MODELS,
      { SDLK_7 }, { SDLK_8 } },
    { "B", "seeds view: the lowest loss becomes the model (it carries on from there)",
      ACT_ADOPT, 0, { SDLK_b }, { 0 } },
    { "M", "hidden dimensions m: 2, 3 (3D view), 4, 5, 2 (new model, same seed)", ACT_HIDDEN,
      0, { SDLK_m }, { 0 } },
    { "9 / 0", "hidden dimensions m down / up, one at a time (new model, same seed)",
      ACT_SLIDER, CONTROLS_HIDDEN_DIMS, { SDLK_9 }, { SDLK_0 } },
    { "C", "presets: independent, correlated and anticorrelated pairs (Shift+C: back)",
      ACT_PRESET, 0, { SDLK_c }, { 0 } },
    { "J / K", "turn the 3D view left / right (or drag it with the mouse)", ACT_ROTATE, 0,
      { SDLK_j }, { SDLK_k } },
    { "U / I", "tilt the 3D view down / up", ACT_ROTATE, 1, { SDLK_u }, { SDLK_i } },
    { "H / F1", "this help (H again: its next page, or close; Esc: close)", ACT_HELP, 0, { SDLK_h, SDLK_F1 }, { 0 } },
    { "S", "save a screenshot (PNG)", ACT_SCREENSHOT, 0, { SDLK_s }, { 0 } },
    { "Q / Esc", "quit", ACT_QUIT, 0, { SDLK_q, SDLK_ESCAPE }, { 0 } },
    { "W", "record the window as an animated GIF (W again: stop and save)", ACT_RECORD, 0,
      { SDLK_w }, { 0 } },
    { "PageUp / PageDown", "timeline: replay the model as it was a twentieth of the run earlier "
      "/ later (Shift: one snapshot), or drag along the loss curve", ACT_TIMELINE, 0,
      { SDLK_PAGEUP }, { SDLK_PAGEDOWN } },
    { "Home / End", "timeline: the first snapshot / back to live training", ACT_TIMELINE, 1,
      { SDLK_HOME }, { SDLK_END } },
};

const int controls_binding_count =
    (int)(sizeof controls_bindings / sizeof controls_bindings[0]);

/* The footer under the view, with the bindings' keys: the help's first, always in full (it
 * leads to every other key), then the views' (from the view table), then the rest. */
static const struct {
    enum controls_action action;
    const char *word;
} footer_words[] = {
    { ACT_HELP, "keys" },
    { ACT_VIEWS, NULL },
    { ACT_HIDDEN, "hidden dims" },
};

/* Row i of the help: a binding (*view = VIEW_COUNT) or one of the view table's rows expanded
 * where the ACT_VIEWS binding stands. Returns the binding's index, or -1 past the end. */
static int help_entry(int i, enum view_id *view)
{
    for (int b = 0, row = 0; b < controls_binding_count; b++) {
        if (controls_bindings[b].action != ACT_VIEWS) {
            if (row++ == i) {
                *view = VIEW_COUNT;
                return b;
            }
            continue;
        }
        for (int v = 0; v < VIEW_COUNT; v++) {
            if (!views_row((enum view_id)v)->key || row++ != i)
                continue;
            *view = (enum view_id)v;
            return b;
        }
    }
    return -1;
}

bool controls_help_row(int i, const char **keys, const char **what)
{
    /* the views' help lines, expanded once: they hold no value that changes */
    static char view_help[VIEW_COUNT][160];
    enum view_id v;
    int b = help_entry(i, &v);
    if (b < 0)
        return false;
    if (v == VIEW_COUNT) {
        *keys = controls_bindings[b].keys;
        *what = controls_bindings[b].what;
        return true;
    }
    const struct view_row *vr = views_row(v);
    views_expand(vr, vr->help, NULL, view_help[v], sizeof view_help[v]);
    *keys = vr->key_name;
    *what = view_help[v];
    return true;
}

int controls_help_slider(int i)
{
    enum view_id v;
    int b = help_entry(i, &v);
    return b >= 0 && controls_bindings[b].action == ACT_SLIDER ? controls_bindings[b].arg : -1;
}

/* Appends "   item" (no separator first) while it fits. */
static void footer_add(char *buf, size_t len, size_t *used, const char *item)
{
    if (!item[0] || *used >= len)
        return;
    int w = snprintf(buf + *used, len - *used, "%s%s", *used ? "   " : "", item);
    *used = w < 0 ? len : *used + (size_t)w;
}

/* A binding's footer item, its keys written "H or F1" (a slash there reads as two items). */
static void footer_item(const struct controls_binding *b, const char *word, bool compact, char *buf,
                        size_t len)
{
    size_t o = 0;
    for (const char *p = b->keys; *p && o + 5 < len;) {
        if (strncmp(p, " / ", 3) == 0) {
            memcpy(buf + o, " or ", 4);
            o += 4;
            p += 3;
        } else {
            buf[o++] = *p++;
        }
    }
    buf[o] = 0;
    if (!compact)
        snprintf(buf + o, len - o, ": %s", word);
}

void controls_footer(char *buf, size_t len, bool compact)
{
    char item[256];
    size_t used = 0;
    if (len == 0)
        return;
    buf[0] = 0;
    for (size_t k = 0; k < sizeof footer_words / sizeof footer_words[0]; k++) {
        if (footer_words[k].action == ACT_VIEWS) {
            views_footer(item, sizeof item, compact);
            footer_add(buf, len, &used, item);
            continue;
        }
        for (int b = 0; b < controls_binding_count; b++)
            if (controls_bindings[b].action == footer_words[k].action) {
                footer_item(&controls_bindings[b], footer_words[k].word,
                            compact && footer_words[k].action != ACT_HELP, item, sizeof item);
                footer_add(buf, len, &used, item);
                break;
            }
    }
}
