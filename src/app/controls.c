#include "controls.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum action {
    ACT_SLIDER,
    ACT_PAUSE,
    ACT_REINIT,
    ACT_ACTIVATION,
    ACT_HELP,
    ACT_VIEWS,   /* the view table's rows, each its key: that view, or back to the main */
    ACT_HIDDEN,
    ACT_ROTATE,
    ACT_SCREENSHOT,
    ACT_QUIT,
    ACT_NONE,   /* a help row only (the Shift modifier) */
};

/* One row of the key table: keys that move down (or act), keys that move up. */
struct binding {
    const char *keys;
    const char *what;
    enum action action;
    int arg;   /* the slider, or the rotation's axis (0 yaw, 1 pitch) */
    SDL_Keycode down[3];
    SDL_Keycode up[3];
};

static const struct binding bindings[] = {
    { "Left / Right", "sparsity S down / up (density 1-S up / down)", ACT_SLIDER,
      CONTROLS_SPARSITY, { SDLK_LEFT }, { SDLK_RIGHT } },
    { "Down / Up", "feature count n (existing features are kept)", ACT_SLIDER,
      CONTROLS_FEATURES, { SDLK_DOWN }, { SDLK_UP } },
    { "[ / ]", "importance decay (I_i = decay^i)", ACT_SLIDER, CONTROLS_DECAY,
      { SDLK_LEFTBRACKET }, { SDLK_RIGHTBRACKET } },
    { ", / .", "learning rate", ACT_SLIDER, CONTROLS_LR, { SDLK_COMMA }, { SDLK_PERIOD } },
    { "- / +", "training speed (steps per second, up to unlimited)", ACT_SLIDER,
      CONTROLS_SPEED, { SDLK_MINUS, SDLK_KP_MINUS }, { SDLK_EQUALS, SDLK_PLUS, SDLK_KP_PLUS } },
    { "Shift", "with the keys above: finer steps", ACT_NONE, 0, { 0 }, { 0 } },
    { "Space", "pause / resume training", ACT_PAUSE, 0, { SDLK_SPACE }, { 0 } },
    { "R", "re-initialise with a new seed", ACT_REINIT, 0, { SDLK_r }, { 0 } },
    { "L", "linear model vs ReLU", ACT_ACTIVATION, 0, { SDLK_l }, { 0 } },
    { NULL, NULL, ACT_VIEWS, 0, { 0 }, { 0 } },
    { "M", "hidden dimensions m: 2, 3 (3D view), 4, 5, 2 (new model, same seed)", ACT_HIDDEN,
      0, { SDLK_m }, { 0 } },
    { "J / K", "turn the 3D view left / right (or drag it with the mouse)", ACT_ROTATE, 0,
      { SDLK_j }, { SDLK_k } },
    { "U / I", "tilt the 3D view down / up", ACT_ROTATE, 1, { SDLK_u }, { SDLK_i } },
    { "H / F1", "this help (H again or Esc: close)", ACT_HELP, 0, { SDLK_h, SDLK_F1 }, { 0 } },
    { "S", "save a screenshot (PNG)", ACT_SCREENSHOT, 0, { SDLK_s }, { 0 } },
    { "Q / Esc", "quit", ACT_QUIT, 0, { SDLK_q, SDLK_ESCAPE }, { 0 } },
};

#define BINDING_COUNT ((int)(sizeof bindings / sizeof bindings[0]))

/* Each slider in its own units u (log10 of the value for log sliders); `reversed` puts the
 * low end on the right (sparsity grows to the right while density falls). */
struct slider {
    const char *name;
    double lo, hi;
    double step, fine;
    bool log, integer, reversed;
    const char *range;
};

static const struct slider sliders[CONTROLS_SLIDER_COUNT] = {
    [CONTROLS_SPARSITY] = { "sparsity", -3, 0, 0.1, 0.02, true, false, true,
                            "density 1-S from 0.001 to 1 (S from 0 to 0.999)" },
    [CONTROLS_FEATURES] = { "features", CONTROLS_FEATURES_MIN, CONTROLS_FEATURES_MAX, 1, 1,
                            false, true, false, "n from 1 to 32" },
    [CONTROLS_DECAY] = { "importance decay", CONTROLS_DECAY_MIN, CONTROLS_DECAY_MAX, 0.05, 0.01,
                         false, false, false, "decay from 0.5 to 1" },
    [CONTROLS_LR] = { "learning rate", -4, -1, 0.25, 0.05, true, false, false,
                      "learning rate from 0.0001 to 0.1" },
    [CONTROLS_SPEED] = { "speed", 0, 6, 0.30102999566398120, 0.09691001300805639, true, false, false,
                         "speed from 1 to 1000000 steps/s, then unlimited" },
};

/* The speed slider's extra notch past its top: unlimited. */
#define SPEED_UNLIMITED_U 6.5
/* A key turns the 3D view by this much (Shift: a fifth of it). */
#define ROTATE_STEP (15.0 * M_PI / 180.0)

void controls_init(struct controls *c, const struct worker_settings *s)
{
    *c = (struct controls){ .settings = *s, .drag = -1, .yaw = CONTROLS_YAW_START,
                            .pitch = CONTROLS_PITCH_START };
}

void controls_rotate(struct controls *c, double dyaw, double dpitch)
{
    c->yaw = remainder(c->yaw + dyaw, 2.0 * M_PI);
    c->pitch = fmax(-CONTROLS_PITCH_LIMIT, fmin(CONTROLS_PITCH_LIMIT, c->pitch + dpitch));
}

/* 2, 3, ..., CONTROLS_HIDDEN_MAX, then 2 again (from a --hidden outside the cycle, too). */
static unsigned next_hidden(struct controls *c)
{
    int m = c->settings.hidden;
    c->settings.hidden = m < CONTROLS_HIDDEN_MIN || m >= CONTROLS_HIDDEN_MAX ? CONTROLS_HIDDEN_MIN
                                                                             : m + 1;
    return CONTROLS_HIDDEN;
}

static double get_u(const struct controls *c, enum controls_slider k)
{
    const struct worker_settings *s = &c->settings;
    switch (k) {
    case CONTROLS_SPARSITY: return log10(s->density);
    case CONTROLS_FEATURES: return s->features;
    case CONTROLS_DECAY: return s->decay;
    case CONTROLS_LR: return log10(s->lr);
    case CONTROLS_SPEED: return s->speed <= 0 ? SPEED_UNLIMITED_U : log10(s->speed);
    default: return 0;
    }
}

static void set_u(struct controls *c, enum controls_slider k, double u)
{
    struct worker_settings *s = &c->settings;
    switch (k) {
    case CONTROLS_SPARSITY: s->density = pow(10, u); break;
    case CONTROLS_FEATURES: s->features = (int)lround(u); break;
    case CONTROLS_DECAY: s->decay = u; break;
    case CONTROLS_LR: s->lr = pow(10, u); break;
    case CONTROLS_SPEED: s->speed = u > 6.25 ? 0 : pow(10, u < 6 ? u : 6); break;
    default: break;
    }
}

/* The slider's upper bound in its units: the speed slider reaches past 1e6 to unlimited. */
static double top(enum controls_slider k)
{
    return k == CONTROLS_SPEED ? SPEED_UNLIMITED_U : sliders[k].hi;
}

double controls_position(const struct controls *c, enum controls_slider k)
{
    if ((unsigned)k >= CONTROLS_SLIDER_COUNT)
        return 0;
    const struct slider *sl = &sliders[k];
    double pos = (get_u(c, k) - sl->lo) / (top(k) - sl->lo);
    pos = pos < 0 ? 0 : pos > 1 ? 1 : pos;
    return sl->reversed ? 1 - pos : pos;
}

unsigned controls_set_position(struct controls *c, enum controls_slider k, double pos)
{
    if ((unsigned)k >= CONTROLS_SLIDER_COUNT)
        return 0;
    const struct slider *sl = &sliders[k];
    pos = pos < 0 ? 0 : pos > 1 ? 1 : pos;
    if (sl->reversed)
        pos = 1 - pos;
    double u = sl->lo + pos * (top(k) - sl->lo);
    if (sl->integer)
        u = round(u);
    struct worker_settings before = c->settings;
    set_u(c, k, u);
    return memcmp(&before, &c->settings, sizeof before) ? CONTROLS_CHANGED : 0;
}

const char *controls_slider_name(enum controls_slider k)
{
    return sliders[k].name;
}

void controls_slider_value(const struct controls *c, enum controls_slider k, char *buf,
                           size_t len)
{
    const struct worker_settings *s = &c->settings;
    switch (k) {
    case CONTROLS_SPARSITY:
        snprintf(buf, len, "S = %.4g   density 1-S = %.3g", 1 - s->density, s->density);
        break;
    case CONTROLS_FEATURES: snprintf(buf, len, "n = %d", s->features); break;
    case CONTROLS_DECAY: snprintf(buf, len, "%.3g   (I_i = %.3g^i)", s->decay, s->decay); break;
    case CONTROLS_LR: snprintf(buf, len, "%.2g", s->lr); break;
    case CONTROLS_SPEED:
        if (s->speed <= 0)
            snprintf(buf, len, "unlimited");
        else
            snprintf(buf, len, "%.0f steps/s", s->speed);
        break;
    default: buf[0] = 0; break;
    }
}

/* A key step on a slider; at a range end the value stops there and the message says so. */
static unsigned step_slider(struct controls *c, enum controls_slider k, int dir, bool fine)
{
    const struct slider *sl = &sliders[k];
    const double eps = 1e-9;
    double u = get_u(c, k), hi = top(k);
    double nu;
    if (sl->reversed)
        dir = -dir;
    if (k == CONTROLS_SPEED && dir > 0 && u >= sl->hi - eps && u <= sl->hi + eps)
        nu = SPEED_UNLIMITED_U;   /* past 1e6 steps/s comes unlimited */
    else if (k == CONTROLS_SPEED && u > sl->hi + eps)
        nu = dir < 0 ? sl->hi : u + 1;
    else
        nu = u + dir * (fine ? sl->fine : sl->step);
    bool beyond = nu < sl->lo - eps || nu > hi + eps;
    if (!beyond) {
        set_u(c, k, nu);
        return CONTROLS_CHANGED;
    }
    bool at_end = fabs(u - (nu < sl->lo ? sl->lo : hi)) < eps;
    unsigned result = CONTROLS_MESSAGE;
    if (!at_end) {
        set_u(c, k, nu < sl->lo ? sl->lo : hi);
        result |= CONTROLS_CHANGED;
    }
    char value[96];
    controls_slider_value(c, k, value, sizeof value);
    snprintf(c->message, sizeof c->message, "%s %s is the end of its range: %s", sl->name,
             value, sl->range);
    return result;
}

static unsigned act(struct controls *c, const struct binding *b, int dir, bool fine)
{
    switch (b->action) {
    case ACT_SLIDER: return step_slider(c, (enum controls_slider)b->arg, dir, fine);
    case ACT_PAUSE:
        c->settings.paused = !c->settings.paused;
        return CONTROLS_CHANGED;
    case ACT_REINIT: return CONTROLS_REINIT;
    case ACT_ACTIVATION:
        c->settings.act = c->settings.act == MODEL_RELU ? MODEL_LINEAR : MODEL_RELU;
        return CONTROLS_CHANGED;
    case ACT_HELP:
        c->help = !c->help;
        return 0;
    case ACT_HIDDEN: return next_hidden(c);
    case ACT_ROTATE:
        controls_rotate(c, b->arg == 0 ? dir * (fine ? ROTATE_STEP / 5 : ROTATE_STEP) : 0,
                        b->arg == 1 ? dir * (fine ? ROTATE_STEP / 5 : ROTATE_STEP) : 0);
        return CONTROLS_ROTATE;
    case ACT_SCREENSHOT: return CONTROLS_SCREENSHOT;
    case ACT_QUIT: return CONTROLS_QUIT;
    default: return 0;
    }
}

static bool has_key(const SDL_Keycode *keys, SDL_Keycode key)
{
    for (int k = 0; k < 3; k++)
        if (keys[k] && keys[k] == key)
            return true;
    return false;
}

/* A view's key shows it, and again leads back to the main view. */
static unsigned view_key(struct controls *c, SDL_Keycode key)
{
    enum view_id v = views_by_key(key);
    if (v == VIEW_COUNT)
        return 0;
    c->view = c->view == v ? VIEW_MAIN : v;
    return CONTROLS_VIEW;
}

unsigned controls_key(struct controls *c, SDL_Keycode key, Uint16 mod)
{
    bool fine = (mod & KMOD_SHIFT) != 0;
    /* Esc over the help closes the help, not the program. */
    if (key == SDLK_ESCAPE && c->help) {
        c->help = false;
        return 0;
    }
    /* Shift+= is '+' on most layouts: treat it as the coarse step up. */
    if (key == SDLK_EQUALS && fine)
        fine = false;
    for (int i = 0; i < BINDING_COUNT; i++) {
        const struct binding *b = &bindings[i];
        if (b->action == ACT_VIEWS && views_by_key(key) != VIEW_COUNT)
            return view_key(c, key);
        if (has_key(b->down, key))
            return act(c, b, -1, fine);
        if (has_key(b->up, key))
            return act(c, b, +1, fine);
    }
    return 0;
}

bool controls_help_row(int i, const char **keys, const char **what)
{
    /* the views' help lines, expanded once: they hold no value that changes */
    static char view_help[VIEW_COUNT][160];
    for (int b = 0, row = 0; b < BINDING_COUNT; b++) {
        if (bindings[b].action != ACT_VIEWS) {
            if (row++ == i) {
                *keys = bindings[b].keys;
                *what = bindings[b].what;
                return true;
            }
            continue;
        }
        for (int v = 0; v < VIEW_COUNT; v++) {
            const struct view_row *vr = views_row((enum view_id)v);
            if (!vr->key || row++ != i)
                continue;
            views_expand(vr, vr->help, NULL, view_help[v], sizeof view_help[v]);
            *keys = vr->key_name;
            *what = view_help[v];
            return true;
        }
    }
    return false;
}
