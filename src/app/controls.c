#include "controls.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "draw/polytope.h"
#include "controls_keys.h"
#include "presets.h"

/* What a slider's top follows, when not its settings row's window. */
enum top {
    TOP_FIXED,
    TOP_PER_FEATURE,   /* SETTINGS_LATENTS_PER_FEATURE x the feature count */
    TOP_LATENTS,       /* the SAE's latent count */
};

/* Each slider moves one setting, in its own units u (log10 of the value on a log scale);
 * `reversed` puts the low end on the right (sparsity grows to the right while density falls);
 * `view` is the view that shows it, VIEW_MAIN for the panel's (shown with every view). */
struct slider {
    enum settings_id id;
    size_t offset;   /* the value in struct controls: an int or a double, by its kind */
    bool reversed;
    enum top top;
    enum view_id view;
};

#define AT(field) offsetof(struct controls, field)

static const struct slider sliders[CONTROLS_SLIDER_TOTAL] = {
    [CONTROLS_SPARSITY] = { SETTINGS_DENSITY, AT(settings.density), true, TOP_FIXED, VIEW_MAIN },
    [CONTROLS_FEATURES] = { SETTINGS_FEATURES, AT(settings.features), false, TOP_FIXED,
                            VIEW_MAIN },
    [CONTROLS_HIDDEN_DIMS] = { SETTINGS_HIDDEN, AT(settings.hidden), false, TOP_FIXED,
                               VIEW_MAIN },
    [CONTROLS_DECAY] = { SETTINGS_DECAY, AT(settings.decay), false, TOP_FIXED, VIEW_MAIN },
    [CONTROLS_LR] = { SETTINGS_LR, AT(settings.lr), false, TOP_FIXED, VIEW_MAIN },
    [CONTROLS_SPEED] = { SETTINGS_SPEED, AT(settings.speed), false, TOP_FIXED, VIEW_MAIN },
    [CONTROLS_SAE_L1] = { SETTINGS_L1, AT(sae.l1), false, TOP_FIXED, VIEW_SAE },
    [CONTROLS_SAE_LATENTS] = { SETTINGS_LATENTS, AT(sae.latents), false, TOP_PER_FEATURE,
                               VIEW_SAE },
    [CONTROLS_SAE_TOPK] = { SETTINGS_TOPK, AT(sae.topk), false, TOP_LATENTS, VIEW_SAE },
    [CONTROLS_SEEDS_MODELS] = { SETTINGS_SEEDS, AT(seeds), false, TOP_FIXED, VIEW_SEEDS },
};

/* An unlimited setting's slider reaches one notch, a twelfth of its span, past its top. */
#define UNLIMITED_NOTCH (1.0 / 12.0)
/* A key turns the 3D view by this much (Shift: a fifth of it). */
#define ROTATE_STEP (15.0 * M_PI / 180.0)

void controls_init(struct controls *c, const struct worker_settings *s)
{
    *c = (struct controls){ .settings = *s, .drag = -1, .yaw = VIEW_POLYTOPE_YAW,
                            .pitch = VIEW_POLYTOPE_PITCH, .preset = -1,
                            .seeds = (int)settings_table[SETTINGS_SEEDS].def };
    c->sae = (struct saelive_settings){
        .kind = SAE_RELU, .l1 = settings_table[SETTINGS_L1].def, .latents = s->features,
        .topk = (int)settings_table[SETTINGS_TOPK].def, .resample = SAE_RESAMPLE_SIMPLE,
    };
}

int controls_view_sliders(enum view_id v, enum controls_slider *first)
{
    int count = 0;
    for (int k = CONTROLS_SLIDER_COUNT; k < CONTROLS_SLIDER_TOTAL; k++)
        if (sliders[k].view == v && v != VIEW_MAIN && count++ == 0)
            *first = (enum controls_slider)k;
    return count;
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

/* The next preset (Shift: the one before): its n, m, density, decay and sets, and a fresh
 * seed, since the findings are about what training from scratch finds. */
static unsigned next_preset(struct controls *c, bool back)
{
    c->preset = back ? (c->preset <= 0 ? PRESETS_COUNT : c->preset) - 1
                     : (c->preset + 1) % PRESETS_COUNT;
    const struct presets_row *p = presets_get(c->preset);
    struct worker_settings *s = &c->settings;
    unsigned result = CONTROLS_CHANGED | CONTROLS_REINIT | CONTROLS_NOTE;
    s->features = p->desc.features;
    s->density = p->desc.density;
    s->decay = p->desc.decay;
    s->sets = p->desc.sets;
    if (s->hidden != p->desc.hidden) {
        s->hidden = p->desc.hidden;
        result |= CONTROLS_HIDDEN;
    }
    presets_describe(c->preset, c->message, sizeof c->message);
    return result;
}

/* After a change of n: the sets that no longer fit are dropped, and the message says which. */
static unsigned fit_sets(struct controls *c, unsigned result)
{
    struct featsets before = c->settings.sets;
    if (!(result & CONTROLS_CHANGED) ||
        featsets_keep_below(&c->settings.sets, c->settings.features) == 0)
        return result;
    presets_dropped(&before, c->settings.features, c->message, sizeof c->message);
    return (result & ~(unsigned)CONTROLS_MESSAGE) | CONTROLS_NOTE;
}

static const struct settings_row *row(enum controls_slider k)
{
    return &settings_table[sliders[k].id];
}

static double get_value(const struct controls *c, enum controls_slider k)
{
    const char *p = (const char *)c + sliders[k].offset;
    return row(k)->kind == SETTINGS_INT ? *(const int *)p : *(const double *)p;
}

static void set_value(struct controls *c, enum controls_slider k, double v)
{
    char *p = (char *)c + sliders[k].offset;
    if (row(k)->kind == SETTINGS_INT)
        *(int *)p = (int)lround(v);
    else
        *(double *)p = v;
}

static double to_u(const struct settings_row *s, double v)
{
    return s->log ? log10(v) : v;
}

static double from_u(const struct settings_row *s, double u)
{
    return s->log ? pow(10, u) : u;
}

/* The slider's ends in its units; `top` is past `hi` by the unlimited notch, if it has one. */
struct span {
    double lo, hi, top;
};

/* The slider's range now: its row's window, with a top that may follow another value. */
static struct settings_range window(const struct controls *c, enum controls_slider k)
{
    struct settings_range w = settings_window(sliders[k].id);
    if (sliders[k].top == TOP_PER_FEATURE)
        w.hi = fmin(w.hi, SETTINGS_LATENTS_PER_FEATURE * c->settings.features);
    else if (sliders[k].top == TOP_LATENTS)
        w.hi = fmin(w.hi, c->sae.latents);
    w.hi = fmax(w.hi, w.lo);
    return w;
}

static struct span span(const struct controls *c, enum controls_slider k)
{
    const struct settings_row *s = row(k);
    struct settings_range w = window(c, k);
    struct span sp = { to_u(s, w.lo), to_u(s, w.hi), 0 };
    sp.top = sp.hi + (s->unlimited ? UNLIMITED_NOTCH * (sp.hi - sp.lo) : 0);
    return sp;
}

static bool is_unlimited(const struct controls *c, enum controls_slider k)
{
    return row(k)->unlimited && get_value(c, k) <= 0;
}

double controls_position(const struct controls *c, enum controls_slider k)
{
    if ((unsigned)k >= CONTROLS_SLIDER_TOTAL)
        return 0;
    struct span sp = span(c, k);
    double u = is_unlimited(c, k) ? sp.top : to_u(row(k), get_value(c, k));
    double pos = sp.top > sp.lo ? (u - sp.lo) / (sp.top - sp.lo) : 0;
    pos = pos < 0 ? 0 : pos > 1 ? 1 : pos;
    return sliders[k].reversed ? 1 - pos : pos;
}

/* The SAE's latents and K held within their tops (4n, and the latents), which follow the
 * feature count and the latents. */
static unsigned fit_sae(struct controls *c)
{
    const struct saelive_settings before = c->sae;
    c->sae.latents = (int)fmin(c->sae.latents, window(c, CONTROLS_SAE_LATENTS).hi);
    c->sae.topk = (int)fmin(c->sae.topk, window(c, CONTROLS_SAE_TOPK).hi);
    return memcmp(&before, &c->sae, sizeof before) ? CONTROLS_SAE : 0;
}

/* What changed between before and c, as result bits (a new m is a new model). */
static unsigned changes(const struct controls *before, struct controls *c)
{
    fit_sae(c);
    unsigned r = memcmp(&before->settings, &c->settings, sizeof c->settings) ? CONTROLS_CHANGED
                                                                               : 0;
    r |= before->settings.hidden != c->settings.hidden ? CONTROLS_HIDDEN : 0;
    return r | (memcmp(&before->sae, &c->sae, sizeof c->sae) ? CONTROLS_SAE : 0) |
           (before->seeds != c->seeds ? CONTROLS_SEEDS : 0);
}

unsigned controls_set_position(struct controls *c, enum controls_slider k, double pos)
{
    if ((unsigned)k >= CONTROLS_SLIDER_TOTAL)
        return 0;
    const struct settings_row *s = row(k);
    struct span sp = span(c, k);
    pos = pos < 0 ? 0 : pos > 1 ? 1 : pos;
    if (sliders[k].reversed)
        pos = 1 - pos;
    double u = sp.lo + pos * (sp.top - sp.lo);
    if (s->kind == SETTINGS_INT)
        u = round(u);
    struct controls before = *c;
    if (s->unlimited && u > (sp.hi + sp.top) / 2)
        set_value(c, k, 0);
    else
        set_value(c, k, from_u(s, u < sp.hi ? u : sp.hi));
    return fit_sets(c, changes(&before, c));
}

const char *controls_slider_name(enum controls_slider k)
{
    return row(k)->label;
}

enum settings_id controls_slider_setting(enum controls_slider k)
{
    return sliders[k].id;
}

void controls_slider_value(const struct controls *c, enum controls_slider k, char *buf,
                           size_t len)
{
    if ((unsigned)k >= CONTROLS_SLIDER_TOTAL) {
        buf[0] = 0;
        return;
    }
    settings_value_text(sliders[k].id, get_value(c, k), buf, len);
}

/* A key step on a slider lands on the next notch of a grid through the default (the steps
 * pass through it again from anywhere: a range end, a drag, a flag's value). At a range end the
 * value stops there and the message says so; past the top of an unlimited setting comes
 * unlimited. */
static unsigned step_slider(struct controls *c, enum controls_slider k, int dir, bool fine)
{
    const struct settings_row *s = row(k);
    struct settings_range w = window(c, k);
    struct span sp = span(c, k);
    const double eps = 1e-9;
    if (sliders[k].reversed)
        dir = -dir;
    double nv;
    bool end = false;
    if (is_unlimited(c, k)) {
        end = dir > 0;
        nv = end ? 0 : w.hi;
    } else {
        double u = to_u(s, get_value(c, k));
        double step = fine && s->fine > 0 ? s->fine : s->step, anchor = to_u(s, s->def);
        double at = (u - anchor) / step;
        double notch = dir > 0 ? floor(at + 1e-6) + 1 : ceil(at - 1e-6) - 1;
        double nu = anchor + notch * step;
        nv = notch == 0 ? s->def : from_u(s, nu);
        if (s->unlimited && dir > 0 && u > sp.hi - eps) {
            nv = 0;
        } else if (nu > sp.hi - eps) {
            end = fabs(u - sp.hi) < eps || (nu > sp.hi + eps && !s->unlimited);
            nv = w.hi;
        } else if (nu < sp.lo + eps) {
            end = fabs(u - sp.lo) < eps || nu < sp.lo - eps;
            nv = w.lo;
        }
    }
    struct controls before = *c;
    set_value(c, k, nv);
    unsigned result = changes(&before, c);
    if (!end)
        return result;
    char value[64], range[96];
    controls_slider_value(c, k, value, sizeof value);
    settings_slider_range(sliders[k].id, range, sizeof range);
    snprintf(c->message, sizeof c->message, "%s %s is the end of its range: %s", s->label, value,
             range);
    return result | CONTROLS_MESSAGE;
}

/* The timeline replays the main view: a key back in time shows it (outside it replay is off,
 * so forward is already live). */
static unsigned timeline(struct controls *c, int arg, int dir, bool fine)
{
    if (arg == 1)
        c->timeline = dir < 0 ? REPLAY_FIRST : REPLAY_LIVE;
    else if (dir < 0)
        c->timeline = fine ? REPLAY_BACK : REPLAY_PAGE_BACK;
    else
        c->timeline = fine ? REPLAY_FORWARD : REPLAY_PAGE_FORWARD;
    if (c->view == VIEW_MAIN || dir > 0)
        return CONTROLS_TIMELINE;
    c->view = VIEW_MAIN;
    return CONTROLS_TIMELINE | CONTROLS_VIEW;
}

static unsigned act(struct controls *c, const struct controls_binding *b, int dir, bool fine)
{
    switch (b->action) {
    case ACT_SLIDER: return fit_sets(c, step_slider(c, (enum controls_slider)b->arg, dir, fine));
    case ACT_PAUSE:
        c->settings.paused = !c->settings.paused;
        return CONTROLS_CHANGED;
    case ACT_REINIT: return CONTROLS_REINIT;
    case ACT_ACTIVATION:
        c->settings.act = c->settings.act == MODEL_RELU ? MODEL_LINEAR : MODEL_RELU;
        return CONTROLS_CHANGED;
    case ACT_MODEL:
        c->settings.kind = (enum model_kind)((c->settings.kind + 1) % MODEL_KIND_COUNT);
        return CONTROLS_CHANGED;
    case ACT_HELP:
        if (c->help && c->help_page + 1 < c->help_pages) {
            c->help_page++;
            return 0;
        }
        c->help = !c->help;
        c->help_page = 0;
        return 0;
    case ACT_HIDDEN: return next_hidden(c);
    case ACT_PRESET: return next_preset(c, fine) | fit_sae(c);
    case ACT_ROTATE:
        controls_rotate(c, b->arg == 0 ? dir * (fine ? ROTATE_STEP / 5 : ROTATE_STEP) : 0,
                        b->arg == 1 ? dir * (fine ? ROTATE_STEP / 5 : ROTATE_STEP) : 0);
        return CONTROLS_ROTATE;
    case ACT_SCREENSHOT: return CONTROLS_SCREENSHOT;
    case ACT_QUIT: return CONTROLS_QUIT;
    case ACT_SAE_KIND:
        c->sae.kind = c->sae.kind == SAE_RELU ? SAE_TOPK : SAE_RELU;
        return CONTROLS_SAE;
    case ACT_SAE_RESAMPLE:
        c->sae.resample = c->sae.resample == SAE_RESAMPLE_SIMPLE ? SAE_RESAMPLE_NONE
                                                                 : SAE_RESAMPLE_SIMPLE;
        return CONTROLS_SAE;
    case ACT_SAE_RESTART: return CONTROLS_SAE_RESTART;
    case ACT_RECORD: return CONTROLS_RECORD;
    case ACT_ADOPT: return CONTROLS_ADOPT;
    case ACT_TIMELINE: return timeline(c, b->arg, dir, fine);
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

unsigned controls_open(struct controls *c, enum view_id v)
{
    const struct view_preset *p = views_row(v)->preset;
    c->view = v;
    if (!p)
        return CONTROLS_VIEW;
    struct worker_settings *s = &c->settings;
    unsigned result = CONTROLS_VIEW | CONTROLS_NOTE;
    result |= s->features != p->features || s->decay != p->decay ? CONTROLS_CHANGED : 0;
    result |= s->hidden != p->hidden ? CONTROLS_HIDDEN : 0;
    s->features = p->features;
    s->hidden = p->hidden;
    s->decay = p->decay;
    featsets_keep_below(&s->sets, s->features);
    snprintf(c->message, sizeof c->message, "%s: n = %d, m = %d, decay %g, one model per "
             "density on every core (%s again: back)", views_row(v)->key_name, p->features,
             p->hidden, p->decay, views_row(v)->key_name);
    return result | fit_sae(c);
}

/* A view's key shows it (loading its preset), and again leads back to the main view. */
static unsigned view_key(struct controls *c, SDL_Keycode key)
{
    enum view_id v = views_by_key(key);
    if (v == VIEW_COUNT)
        return 0;
    if (c->view == v) {
        c->view = VIEW_MAIN;
        return CONTROLS_VIEW;
    }
    return controls_open(c, v);
}

unsigned controls_key(struct controls *c, SDL_Keycode key, Uint16 mod)
{
    bool fine = (mod & KMOD_SHIFT) != 0;
    /* Esc over the help closes the help, not the program. */
    if (key == SDLK_ESCAPE && c->help) {
        c->help = false;
        c->help_page = 0;
        return 0;
    }
    for (int i = 0; i < controls_binding_count; i++) {
        const struct controls_binding *b = &controls_bindings[i];
        if (b->action == ACT_VIEWS && views_by_key(key) != VIEW_COUNT)
            return view_key(c, key);
        if (has_key(b->down, key))
            return act(c, b, -1, fine);
        if (has_key(b->up, key))
            return act(c, b, +1, fine);
    }
    return 0;
}
