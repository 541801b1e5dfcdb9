/* The window's whole picture (panels_draw) at the sizes the window allows, from its minimum
 * 640x480 to 1920x1080 and at a HiDPI scale of 2, for every row of the view table, m = 2, 3,
 * 4, 30 and the slider's top 64, feature counts from 1 to the slider's top 512 (every one to 32
 * at 640x480, then 100, 400 and 512), with the help overlay and with toasts. Text
 * drawing is recorded (text_record): every string's ink box must stay in the window and
 * overlap no other string of its layer. Layer 0 is the picture; the help overlay and the toast
 * are layers of their own drawn over a box: their text must stay in their box, their box in
 * the window (the toast's in the view area, never over the panels), and they may cover the
 * picture beneath. Also: the per-feature table has a row with values for every feature, or
 * the compact strip stands in for it, never headers alone; the phase diagram keeps a usable
 * size; the dimensionality view's dots stay clear of its right-hand labels; every string is
 * drawn in a colour readable on its ground (WCAG contrast >= 4.5).
 * The session is a real one (paused workers) whose snapshots are filled with chosen weights:
 * spread, crowded and dropped features, so labels collide if the layout lets them; the
 * timeline's strip is filled, and the main view is drawn replaying a snapshot too (its label
 * shown once, whole).
 * SUPERPOSE_LAYOUT_PNG=DIR saves every picture there, for looking at. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>

#include "check.h"
#include "analysis.h"
#include "controls.h"
#include "draw/bars.h"
#include "draw/dims.h"
#include "draw/palette.h"
#include "draw/phasemap.h"
#include "draw/prim.h"
#include "panels.h"
#include "phase.h"
#include "sanitized.h"
#include "session.h"
#include "text.h"
#include "trace.h"
#include "views.h"

struct size {
    int w, h;
    float scale;
};

static const struct size sizes[] = {
    { 640, 480, 1 }, { 800, 600, 1 }, { 1024, 768, 1 }, { 1280, 800, 1 }, { 1920, 1080, 1 },
    { 1920, 480, 1 }, { 640, 1080, 1 },   /* wide and short, narrow and tall */
    { 1280, 960, 2 },                      /* 640x480 points on a HiDPI screen */
};
/* At the smallest size every count up to SMALL_ALL and the listed ones above; elsewhere the
 * listed ones (0: the slider's top, CONTROLS_FEATURES_MAX, at most FEATURES_CAP): 400 is the
 * paper's dimensionality experiment. */
static const int feature_counts[] = { 1, 2, 5, 13, 20, 32, 100, 400, 0 };
#define SMALL_ALL 32
#define FEATURES_CAP 512
/* The hidden dimensions: flat, 3D, projected, the paper's 30 and the slider's top. */
static const int hidden_counts[] = { 2, 3, 4, 30, 64 };
#define HIDDEN_COUNT ((int)(sizeof hidden_counts / sizeof hidden_counts[0]))
#define HIDDEN_CAP 64

/* The longest toasts the program shows: a range end and a failed screenshot. */
static const char *const toasts[] = {
    "learning rate 0.1 is the end of its range: 1e-05 to 0.1 (log scale)",
    "cannot write /home/someone/a/rather/long/directory/name/superpose-20250101-120000.png: "
    "Permission denied",
};

static double luminance(SDL_Color c)
{
    const double v[3] = { c.r / 255.0, c.g / 255.0, c.b / 255.0 };
    double lin[3];
    for (int k = 0; k < 3; k++)
        lin[k] = v[k] <= 0.04045 ? v[k] / 12.92 : pow((v[k] + 0.055) / 1.055, 2.4);
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

static double contrast(SDL_Color a, SDL_Color b)
{
    double la = luminance(a), lb = luminance(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

static SDL_Color pixel(SDL_Surface *s, int x, int y)
{
    Uint32 v = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
    SDL_Color c;
    SDL_GetRGBA(v, s->format, &c.r, &c.g, &c.b, &c.a);
    return c;
}

/* Weights for n features in m dimensions: pattern 0 spreads the represented features evenly
 * (a crowded ring at large n, some dropped), pattern 1 scatters them at the golden angle with
 * varied lengths, pattern 2 bunches them into a few directions. */
static void weights(float *W, float *b, int n, int m, int pattern)
{
    const double golden = M_PI * (3.0 - sqrt(5.0));
    int kept = n > 4 ? n - n / 4 : n;
    for (int i = 0; i < n; i++) {
        double len = i < kept ? 1.0 : 0.02, t, z = 0;
        if (pattern == 0)
            t = 2 * M_PI * i / kept;
        else if (pattern == 1)
            t = golden * i, len *= 0.45 + 0.7 * fmod(i * 0.618, 1.0);
        else
            t = 2 * M_PI * (i % 3) / 3 + 0.02 * i;
        if (m >= 3)
            z = 1.0 - 2.0 * (i + 0.5) / n;
        double r = sqrt(fmax(0.0, 1.0 - z * z));
        float *w = W + (size_t)i * (size_t)m;
        for (int k = 0; k < m; k++)
            w[k] = 0;
        w[0] = (float)(len * r * cos(t));
        if (m > 1)
            w[1] = (float)(len * r * sin(t));
        if (m > 2)
            w[2] = (float)(len * z);
        b[i] = (float)(-0.55 + 0.8 * fmod(i * 0.37, 1.0));
    }
}

struct rig {
    SDL_Surface *surface;
    SDL_Renderer *renderer;
    struct text *text;
    struct size size;
};

static bool rig_open(struct rig *g, const char *font, struct size size)
{
    char err[512];
    g->size = size;
    g->surface = SDL_CreateRGBSurfaceWithFormat(0, size.w, size.h, 32, SDL_PIXELFORMAT_ARGB8888);
    g->renderer = g->surface ? SDL_CreateSoftwareRenderer(g->surface) : NULL;
    g->text = g->renderer ? text_create(g->renderer, font, size.scale, err, sizeof err) : NULL;
    CHECK(g->text, "%dx%d: %s", size.w, size.h, g->renderer ? err : SDL_GetError());
    return g->text != NULL;
}

static void rig_close(struct rig *g)
{
    text_destroy(g->text);
    if (g->renderer)
        SDL_DestroyRenderer(g->renderer);
    SDL_FreeSurface(g->surface);
}

/* What the frame is called in messages and file names. */
struct frame_name {
    char s[160];
};

static struct frame_name frame_name(const struct rig *g, const struct session *s,
                                    const char *what)
{
    struct frame_name f;
    snprintf(f.s, sizeof f.s, "%dx%d%s-n%d-m%d-%s%s", g->size.w, g->size.h,
             g->size.scale > 1 ? "@2x" : "", s->snap.n, s->snap.m,
             views_row(s->controls.view)->name, what);
    return f;
}

static bool inside(SDL_Rect in, SDL_Rect out)
{
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
           in.y + in.h <= out.y + out.h;
}

/* The ground a string of this layer is drawn on: the plot ground (the lightest under layer 0
 * text) or the overlay's box, read where nothing else is drawn (its corner). */
static SDL_Color ground(const struct rig *g, const struct text_layer *layers, int layer)
{
    if (layer == 0)
        return prim_rgba(PALETTE_PLOT, 255);
    SDL_Rect a = layers[layer - 1].area;
    return pixel(g->surface, a.x + 1, a.y + 1);
}

/* The recorded boxes of one frame against the rules in the comment at the top. */
static void check_boxes(const struct rig *g, const struct panels_layout *l, const char *name,
                        bool toast)
{
    int count, dropped, layers;
    const struct text_box *b = text_recorded(g->text, &count, &dropped);
    const struct text_layer *ly = text_recorded_layers(g->text, &layers);
    const SDL_Rect window = { 0, 0, g->size.w, g->size.h };
    CHECK(dropped == 0, "%s: %d strings not recorded", name, dropped);
    CHECK(count > 20, "%s: only %d strings drawn", name, count);
    for (int k = 0; k < layers; k++) {
        CHECK(inside(ly[k].area, window), "%s: overlay %d (%d,%d %dx%d) leaves the window", name,
              k + 1, ly[k].area.x, ly[k].area.y, ly[k].area.w, ly[k].area.h);
        if (toast)
            CHECK(inside(ly[k].area, l->view), "%s: the toast (%d,%d %dx%d) covers the panels",
                  name, ly[k].area.x, ly[k].area.y, ly[k].area.w, ly[k].area.h);
    }
    int failures = check_failures;
    for (int i = 0; i < count && check_failures - failures < 8; i++) {
        const struct text_box *a = &b[i];
        if (a->ink.w == 0)
            continue;
        CHECK(inside(a->ink, window), "%s: \"%s\" at %d,%d %dx%d leaves the window", name, a->s,
              a->ink.x, a->ink.y, a->ink.w, a->ink.h);
        if (a->layer > 0)
            CHECK(inside(a->ink, ly[a->layer - 1].area), "%s: \"%s\" leaves its overlay", name,
                  a->s);
        double cr = contrast(a->colour, ground(g, ly, a->layer));
        CHECK(cr >= 4.5 && a->colour.a == 255, "%s: \"%s\" drawn in %d,%d,%d alpha %d: contrast "
              "%.2f", name, a->s, a->colour.r, a->colour.g, a->colour.b, a->colour.a, cr);
        for (int j = i + 1; j < count; j++)
            if (b[j].layer == a->layer && b[j].ink.w > 0 && SDL_HasIntersection(&a->ink, &b[j].ink))
                CHECK(false, "%s: \"%s\" (%d,%d %dx%d) overlaps \"%s\" (%d,%d %dx%d)", name, a->s,
                      a->ink.x, a->ink.y, a->ink.w, a->ink.h, b[j].s, b[j].ink.x, b[j].ink.y,
                      b[j].ink.w, b[j].ink.h);
    }
}

static bool digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* The per-feature table: every feature has a row with its number, or the strip shows them all
 * with its ends numbered; a header never stands alone. Index labels are the digit strings at
 * the table's left edge. */
static void check_table(const struct rig *g, const struct panels_layout *l, int n,
                        const char *name)
{
    int count, rows = 0, more = 0, headers = 0;
    const struct text_box *b = text_recorded(g->text, &count, NULL);
    SDL_Rect table, heatmap;
    panels_features(l, g->text, g->size.scale, n, &table, &heatmap);
    int left = table.x + (int)(24 * g->size.scale);
    for (int k = 0; k < count; k++) {
        if (b[k].layer != 0 || !SDL_HasIntersection(&b[k].ink, &table))
            continue;
        int extra;
        if (digits(b[k].s) && b[k].ink.x < left)
            rows++;
        else if (sscanf(b[k].s, "+%d more", &extra) == 1)
            more += extra;
        else if (strcmp(b[k].s, "D_i") == 0)
            headers++;
    }
    if (view_bars_strip(g->text, g->size.scale, n, table.h)) {
        /* the strip: its first and last features' numbers under it, no table */
        char last[16];
        snprintf(last, sizeof last, "%d", n - 1);
        int ends = 0;
        for (int k = 0; k < count; k++)
            ends += b[k].layer == 0 && SDL_HasIntersection(&b[k].ink, &table) &&
                    (strcmp(b[k].s, "0") == 0 || strcmp(b[k].s, last) == 0);
        CHECK(headers == 0 && ends == 2, "%s: the strip of %d features: %d header D_i, %d of "
              "its ends numbered", name, n, headers, ends);
        return;
    }
    CHECK(headers == 1, "%s: the table's header D_i drawn %d times", name, headers);
    CHECK(rows == n && more == 0, "%s: table rows %d + %d more, n = %d", name, rows, more, n);
}

/* A replayed snapshot says so, whole, in the title row: "replay, step K" in one form. */
static void check_replay_label(const struct rig *g, const char *name)
{
    int count, found = 0;
    const struct text_box *b = text_recorded(g->text, &count, NULL);
    for (int k = 0; k < count; k++)
        found += b[k].layer == 0 && strncmp(b[k].s, "replay, step 61600", 18) == 0;
    CHECK(found == 1, "%s: the replay label drawn %d times", name, found);
}

static void save(const struct rig *g, const char *name)
{
    const char *dir = getenv("SUPERPOSE_LAYOUT_PNG");
    if (!dir || !dir[0])
        return;
    char path[512];
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    CHECK(IMG_SavePNG(g->surface, path) == 0, "cannot save %s: %s", path, IMG_GetError());
}

static void draw(struct rig *g, const struct session *s, const struct panels_toast *toast,
                 const struct panels_layout *l)
{
    const struct panels_frame f = {
        .renderer = g->renderer, .text = g->text, .scale = g->size.scale, .w = g->size.w,
        .h = g->size.h, .layout = l, .session = s, .fps = 59.8, .frame_ms = 3.2, .toast = toast,
        .now = 1.0,
    };
    text_record(g->text, true);
    panels_draw(&f);
    text_record(g->text, false);
}

/* The phase diagram's plot and the dimensionality view's dots, where they were drawn. */
static void check_plots(const struct rig *g, const struct session *s,
                        const struct panels_layout *l, const char *name)
{
    struct view_context c;
    session_context(s, &c);
    SDL_Rect plot = panels_view_plot(l, g->text);
    if (s->controls.view == VIEW_PHASE) {
        struct view_phasemap pm = { .pd = c.phase, .legend = true };
        SDL_Rect p = view_phasemap_plot(&pm, g->size.scale, plot);
        int side = plot.w < plot.h ? plot.w : plot.h;
        CHECK(p.w >= side / 2 && inside(p, plot), "%s: the phase diagram is %dx%d in %dx%d", name,
              p.w, p.h, plot.w, plot.h);
    }
    if (s->controls.view != VIEW_DIMS)
        return;
    /* The dots at the largest 1/density, radius 5 points: left of every label to their right. */
    struct view_dims v = { .count = c.companion_count, .x_max = 1 / VIEW_SWEEP_DENSITY_MIN };
    float px, py;
    view_dims_point(&v, g->size.scale, plot, v.x_max, 1.0, &px, &py);
    int right = (int)ceilf(px + 5 * g->size.scale), count, labels = 0;
    const struct text_box *b = text_recorded(g->text, &count, NULL);
    for (int k = 0; k < count; k++)
        if (strchr(b[k].s, '/') && strlen(b[k].s) == 3 && b[k].ink.x > (int)px - 8) {
            labels++;
            CHECK(b[k].ink.x > right, "%s: label %s at x %d, dots reach %d", name, b[k].s,
                  b[k].ink.x, right);
        }
    CHECK(labels >= 3, "%s: %d sticky-value labels on the right", name, labels);
}

/* A session of m hidden dimensions whose workers never step (paused) and whose snapshots are
 * filled here: the main model, the sweep's and the comparison's models, the phase diagram, the
 * SAE's. */
struct fixture {
    struct trace trace;
    struct session s;
    struct analysis an[VIEW_SWEEP_MODELS];
    float W[VIEW_SWEEP_MODELS][FEATURES_CAP * HIDDEN_CAP], b[FEATURES_CAP];
    char captions[VIEW_SWEEP_MODELS][48];
};

static bool fixture_open(struct fixture *x, int m)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.hidden = m;
    struct worker_settings ws = {
        .density = 0.05, .decay = 0.9, .lr = 1e-3, .features = d.features, .hidden = m,
        .act = MODEL_RELU, .speed = 300, .paused = true,
    };
    if (!trace_init(&x->trace, false) || !session_init(&x->s, &d, &ws, &x->trace))
        return false;
    for (int k = 0; k < VIEW_SWEEP_MODELS; k++)
        if (!analysis_init(&x->an[k], CONTROLS_FEATURES_MAX))
            return false;
    /* The phase diagram's threads run for this one showing and pause on leaving it; the sweep's
     * worker stays (paused, as the sliders say). The fixture fills what they would publish. */
    session_show(&x->s, VIEW_PHASE);
    session_show(&x->s, VIEW_SAE);
    session_show(&x->s, VIEW_SWEEP);
    /* the seeds view's models without their threads: the most it shows */
    if (!seedsview_init(&x->s.seeds, VIEW_SEEDS_MAX, x->s.capacity, m))
        return false;
    return x->s.phase.live != NULL && x->s.companions.worker != NULL && x->s.sae.live != NULL;
}

/* An SAE of n + 2 latents (at most its capacity): the first n read the features, the last
 * one is dead and the one before has just been resampled; its loss curves full. */
static void fill_sae(struct session *s, int n, int m)
{
    struct saeview *v = &s->sae;
    struct saelive_snapshot *sn = &v->snap;
    const int k = n + 2 < v->capacity ? n + 2 : v->capacity;
    *sn = (struct saelive_snapshot){ .capacity = sn->capacity, .dec = sn->dec, .rate = sn->rate,
                                     .dead = sn->dead, .resampled_at = sn->resampled_at,
                                     .k = k, .m = m, .n = n, .step = 123456, .run = sn->run + 1,
                                     .steps_per_sec = 2950, .resample_count = 3,
                                     .loss = { 0.0123, 0.0034, 0.0089, 0.11 },
                                     .settings = s->controls.sae };
    sn->settings.latents = k;
    for (int j = 0; j < k; j++) {
        double r = 0;
        for (int q = 0; q < m; q++) {
            float w = j < n ? s->snap.W[j * m + q] : (float)(q == j % m);
            sn->dec[j * m + q] = w;
            r += (double)w * w;
        }
        for (int q = 0; q < m; q++)
            sn->dec[j * m + q] = r > 0 ? (float)(sn->dec[j * m + q] / sqrt(r)) : q == 0;
        sn->rate[j] = j == k - 1 ? 0 : 0.02 + 0.01 * j;
        sn->dead[j] = j == k - 1;
        sn->resampled_at[j] = 0;
    }
    saeview_derive(v, s->snap.W, n, m, false, true, 1.0);
    sn->resampled_at[k - 2] = 120000;   /* resampled since: it flashes */
    saeview_derive(v, s->snap.W, n, m, false, false, 1.2);
    view_loss_clear(&v->reconstruction);
    view_loss_clear(&v->sparsity);
    for (int t = 0; t < 400; t++) {
        view_loss_push(&v->reconstruction, t * 300L, 0.1 * exp(-t / 60.0) + 0.003);
        view_loss_push(&v->sparsity, t * 300L, 0.009);
    }
}

/* The seeds view with `count` models of n features, with the longest seeds, one not yet
 * measured; its shapes and summary derived from them. */
static void fill_seeds(struct session *s, int n, int m, int pattern, int count)
{
    struct seedsview *v = &s->seeds;
    v->count = count;
    for (int k = 0; k < v->count; k++) {
        struct worker_snapshot *sn = &v->snaps[k];
        weights(sn->W, sn->b, n, m, (pattern + k) % 3);
        sn->n = n;
        sn->m = m;
        sn->step = 123456 + k;
        sn->seed = 18446744073709551615ull - (unsigned)k;
        sn->settings = s->controls.settings;
        v->loss[k] = k == v->count - 1 ? NAN : 0.00123 * (1 + 0.01 * k);
    }
    seedsview_derive(v);
    s->controls.seeds = v->count;
}

/* The timeline's track: 300 snapshots over the loss curve's steps (fewer at large n, as many
 * as the track holds), each feature's D_i from near 1 settling towards 1/2 or 2/5, every third
 * feature dropping (a ringed jump). */
static void fill_track(struct session *s, int n)
{
    struct history_track *t = &s->replay.track;
    t->n = n;
    t->count = 300;
    if ((size_t)t->count * (size_t)n > t->dims_capacity)
        t->count = (int)(t->dims_capacity / (size_t)n);
    if (t->count > t->max_snapshots)
        t->count = t->max_snapshots;
    t->every = 120000 / t->count;
    t->synced = true;
    for (int k = 0; k < t->count; k++) {
        t->meta[k] = (struct history_meta){ .step = k * t->every, .loss = 0.01f };
        for (int i = 0; i < n; i++) {
            float settle = i % 2 ? 0.5f : 0.4f, d = settle + 0.5f * expf(-k / 30.0f);
            t->dims[(size_t)k * (size_t)n + (size_t)i] = i % 3 == 2 && k > 150 + i ? 0 : d;
        }
    }
}

/* The main view replaying a snapshot (the fixture's weights, pattern 0) at a step in the
 * middle of the track. */
static void fill_replay(struct session *s, int n, int m, bool on)
{
    struct replay *r = &s->replay;
    r->on = on;
    if (!on)
        return;
    weights(r->shown.W, r->shown.b, n, m, 1);
    r->shown.n = n;
    r->shown.meta = (struct history_meta){ .step = 61600, .loss = 0.0123f, .density = 0.05f };
    analysis_compute(&r->an, r->shown.W, n, m);
}

static void fixture_close(struct fixture *x)
{
    session_finish(&x->s);
    for (int k = 0; k < VIEW_SWEEP_MODELS; k++)
        analysis_finish(&x->an[k]);
    trace_finish(&x->trace);
}

/* n features in the main model and in every companion; the view's companions as it trains
 * them. */
static void fixture_fill(struct fixture *x, int n, int pattern, enum view_id view)
{
    struct session *s = &x->s;
    int m = s->snap.m;
    weights(s->snap.W, s->snap.b, n, m, pattern);
    s->snap.n = n;
    s->snap.step = 123456;
    s->snap.loss = s->snap.loss_avg = 0.0123;
    s->snap.steps_per_sec = 2950;
    s->snap.seed = 18446744073709551615ull;
    s->snap.settings = s->controls.settings;
    analysis_compute(&s->an, s->snap.W, n, m);
    view_loss_clear(&s->loss);
    for (int k = 0; k < 400; k++)
        view_loss_push(&s->loss, k * 300L, 0.3 * exp(-k / 60.0) + 0.004);
    s->view_scale = 1.2;
    fill_track(s, n);
    fill_replay(s, n, m, false);
    view_trails_clear(&s->trails);
    struct session_companions *c = &s->companions;
    enum view_trains trains = views_row(view)->trains;
    c->count = trains == VIEW_TRAINS_SWEEP ? VIEW_SWEEP_MODELS
               : trains == VIEW_TRAINS_COMPARE ? 2 : 0;
    for (int k = 0; k < c->count; k++) {
        weights(x->W[k], x->b, n, m, (pattern + k) % 3);
        analysis_compute(&x->an[k], x->W[k], n, m);
        double density = trains == VIEW_TRAINS_SWEEP
                             ? pow(VIEW_SWEEP_DENSITY_MIN, (double)k / (VIEW_SWEEP_MODELS - 1))
                             : 0.05;
        if (trains == VIEW_TRAINS_COMPARE)
            snprintf(x->captions[k], sizeof x->captions[k], "%s",
                     k ? "ReLU: x' = ReLU(W^T W x + b)" : "linear: x' = W^T W x + b");
        else
            snprintf(x->captions[k], sizeof x->captions[k], "density %.2g", density);
        c->models[k] = (struct view_model){ .W = x->W[k], .b = x->b, .n = n, .m = m,
                                            .an = &x->an[k], .loss = 0.0123, .density = density,
                                            .act = MODEL_RELU, .caption = x->captions[k] };
    }
    struct phase_diagram *pd = &s->phase.pd;
    for (int k = 0; k < pd->grid.cols * pd->grid.rows; k++) {
        pd->cells[k].done = k % 7 != 0;
        pd->cells[k].learned = k % 11 == 0 ? PHASE_OTHER : pd->cells[k].theory;
    }
    s->phase.done = pd->grid.cols * pd->grid.rows * 6 / 7;
    if (views_row(view)->trains == VIEW_TRAINS_SAE)
        fill_sae(s, n, m);
    if (views_row(view)->trains == VIEW_TRAINS_SEEDS)
        /* the most it shows at the feature counts' ends, the default count between (a frame
         * of 32 panels costs four of 8) */
        fill_seeds(s, n, m, pattern,
                   n == 5 || n == CONTROLS_FEATURES_MAX ? VIEW_SEEDS_MAX
                                                        : (int)settings_table[SETTINGS_SEEDS].def);
    s->controls.view = view;
    s->controls.settings.features = n;
}

static void check_frame(struct rig *g, struct fixture *x, int n, int pattern, enum view_id view,
                        bool save_it)
{
    struct session *s = &x->s;
    struct panels_layout l = panels_layout(g->size.w, g->size.h, g->size.scale, g->text);
    fixture_fill(x, n, pattern, view);
    struct frame_name fn = frame_name(g, s, pattern ? (pattern == 1 ? "-scatter" : "-bunch") : "");
    draw(g, s, NULL, &l);
    check_boxes(g, &l, fn.s, false);
    check_table(g, &l, n, fn.s);
    check_plots(g, s, &l, fn.s);
    if (save_it)
        save(g, fn.s);
    if (view != VIEW_MAIN || pattern != 0)
        return;
    /* the same replaying a snapshot: its label in the title row and the readout */
    fill_replay(s, n, s->snap.m, true);
    fn = frame_name(g, s, "-replay");
    draw(g, s, NULL, &l);
    check_boxes(g, &l, fn.s, false);
    check_table(g, &l, n, fn.s);
    check_replay_label(g, fn.s);
    if (save_it)
        save(g, fn.s);
    fill_replay(s, n, s->snap.m, false);
}

/* The help overlay over the main view, and each toast over each view. */
static void check_overlays(struct rig *g, struct fixture *x, int n)
{
    struct session *s = &x->s;
    struct panels_layout l = panels_layout(g->size.w, g->size.h, g->size.scale, g->text);
    fixture_fill(x, n, 0, VIEW_MAIN);
    s->controls.help = true;
    draw(g, s, NULL, &l);
    s->controls.help = false;
    struct frame_name fn = frame_name(g, s, "-help");
    check_boxes(g, &l, fn.s, false);
    int layers;
    text_recorded_layers(g->text, &layers);
    CHECK(layers == 1, "%s: %d overlays", fn.s, layers);
    save(g, fn.s);
    for (int v = 0; v < VIEW_COUNT; v++)
        for (size_t t = 0; t < sizeof toasts / sizeof toasts[0]; t++) {
            struct panels_toast toast = { .until = 2.0, .error = t == 1 };
            snprintf(toast.text, sizeof toast.text, "%s", toasts[t]);
            fixture_fill(x, n, 0, (enum view_id)v);
            draw(g, s, &toast, &l);
            fn = frame_name(g, s, t ? "-toast-error" : "-toast");
            check_boxes(g, &l, fn.s, true);
            text_recorded_layers(g->text, &layers);
            CHECK(layers == 1, "%s: %d overlays", fn.s, layers);
            if (v == 0)
                save(g, fn.s);
        }
}

/* The text tools the layout is built with, on their own. */
static void check_text_tools(const char *font)
{
    struct rig g = { 0 };
    if (!rig_open(&g, font, sizes[0]))
        goto out;
    struct text *t = g.text;
    char buf[128];
    const char *long_words = "alpha beta gamma delta";
    int w = text_width(t, TEXT_NORMAL, "alpha beta");
    CHECK(text_wrap(t, TEXT_NORMAL, long_words, w) == strlen("alpha beta"), "wrap: %zu bytes",
          text_wrap(t, TEXT_NORMAL, long_words, w));
    CHECK(text_wrap(t, TEXT_NORMAL, long_words, 10000) == strlen(long_words), "wrap: all fits");
    size_t k = text_wrap(t, TEXT_NORMAL, "abcdefghijklmnop", w / 3);
    snprintf(buf, sizeof buf, "%.*s", (int)k, "abcdefghijklmnop");
    CHECK(k >= 1 && text_width(t, TEXT_NORMAL, buf) <= w / 3, "a long word breaks within it");
    snprintf(buf, sizeof buf, "%.*s", (int)k + 1, "abcdefghijklmnop");
    CHECK(text_width(t, TEXT_NORMAL, buf) > w / 3, "a long word breaks as late as it can");
    CHECK(text_fit(t, TEXT_NORMAL, long_words, w, buf, sizeof buf) &&
          text_width(t, TEXT_NORMAL, buf) <= w && strstr(buf, "...") &&
          strncmp(buf, long_words, strlen(buf) - 3) == 0, "fit: \"%s\"", buf);
    CHECK(text_fit(t, TEXT_NORMAL, "beta", w, buf, sizeof buf) && strcmp(buf, "beta") == 0,
          "fit changed what fits");
    CHECK(!text_fit(t, TEXT_NORMAL, long_words, 2, buf, sizeof buf) && !buf[0],
          "fit in 2 pixels");
    /* labels: the second at the same place is left out; one past the edge moves in */
    SDL_Rect bounds = { 100, 100, 200, 100 };
    struct text_labels placed;
    text_labels_init(&placed, bounds);
    text_record(t, true);
    CHECK(text_label(t, &placed, TEXT_NORMAL, 150, 150, TEXT_LEFT, prim_rgba(0xffffff, 255), "12"),
          "first label left out");
    CHECK(!text_label(t, &placed, TEXT_NORMAL, 152, 151, TEXT_LEFT, prim_rgba(0xffffff, 255),
                      "34"), "overlapping label drawn");
    CHECK(text_label(t, &placed, TEXT_NORMAL, 295, 195, TEXT_LEFT, prim_rgba(0xffffff, 255), "56"),
          "label at the edge left out");
    text_layer_open(t, bounds);
    text_draw(t, TEXT_NORMAL, 120, 120, TEXT_LEFT, prim_rgba(0xffffff, 255), "over");
    text_layer_close(t);
    text_record(t, false);
    int count, layers;
    const struct text_box *b = text_recorded(t, &count, NULL);
    text_recorded_layers(t, &layers);
    CHECK(count == 3 && layers == 1, "recorded %d strings, %d layers", count, layers);
    if (count == 3) {
        CHECK(inside(b[1].ink, bounds) && b[1].ink.x < 295, "the edge label at %d,%d %dx%d",
              b[1].ink.x, b[1].ink.y, b[1].ink.w, b[1].ink.h);
        CHECK(b[0].layer == 0 && b[2].layer == 1 && strcmp(b[2].s, "over") == 0,
              "layers %d %d", b[0].layer, b[2].layer);
        SDL_Rect ink = text_ink(t, TEXT_NORMAL, 120, 120, TEXT_LEFT, "over");
        CHECK(SDL_RectEquals(&ink, &b[2].ink) && ink.w > 0 && ink.h > 0 &&
              ink.h < text_height(t, TEXT_NORMAL), "ink %dx%d", ink.w, ink.h);
    }
    /* Past TEXT_LABELS_TRIES strings measured every later label is left out, room or not:
     * labels piled on one place are measured and refused, then one in the clear comes. */
    struct text_labels pile;
    text_labels_init(&pile, (SDL_Rect){ 0, 0, 1000, 1000 });
    int piled = 0;
    for (int tries = 0; tries < TEXT_LABELS_TRIES + 4; tries++)
        piled += text_label(t, &pile, TEXT_NORMAL, 10, 10, TEXT_LEFT, prim_rgba(0xffffff, 255),
                            "12");
    bool late = text_label(t, &pile, TEXT_NORMAL, 500, 500, TEXT_LEFT, prim_rgba(0xffffff, 255),
                           "34");
    CHECK(piled == 1 && !late, "%d piled labels drawn, a label past the tries drawn: %d", piled,
          late);
out:
    rig_close(&g);
}

static int listed_count(int k)
{
    return feature_counts[k] ? feature_counts[k] : CONTROLS_FEATURES_MAX;
}

static bool listed(int n)
{
    for (size_t k = 0; k < sizeof feature_counts / sizeof feature_counts[0]; k++)
        if (listed_count((int)k) == n)
            return true;
    return false;
}

/* Whether the view draws vectors whose labels can crowd. */
static bool draws_vectors(enum view_id v)
{
    enum view_trains trains = views_row(v)->trains;
    return trains == VIEW_TRAINS_NOTHING || trains == VIEW_TRAINS_COMPARE || v == VIEW_SWEEP;
}

/* The counts checked at a size: every one up to SMALL_ALL at the smallest, and the listed. */
static int count_at(bool smallest, int k)
{
    const int listed_n = (int)(sizeof feature_counts / sizeof feature_counts[0]);
    if (!smallest)
        return k < listed_n ? listed_count(k) : 0;
    if (k < SMALL_ALL)
        return k + 1;
    for (int j = 0; j < listed_n; j++)
        if (listed_count(j) > SMALL_ALL && k-- == SMALL_ALL)
            return listed_count(j);
    return 0;
}

/* Whether the size is the largest the test draws: the most pixels at scale 1. */
static bool is_largest(struct size z)
{
    long most = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        if (sizes[k].scale == 1 && (long)sizes[k].w * sizes[k].h > most)
            most = (long)sizes[k].w * sizes[k].h;
    return z.scale == 1 && (long)z.w * z.h == most;
}

/* Whether the size is the smallest or the largest; in a sanitizer build, the smallest only. */
static bool size_is_end(struct size size, bool smallest)
{
    return smallest || (!SANITIZED && is_largest(size));
}

/* A sanitizer build runs several times slower and looks for memory errors, undefined
 * behaviour and races, not for layout, which the plain build checks at every size: there the
 * smallest size is drawn in full, and the largest and the HiDPI one as the sizes between. */
static bool size_drawn(size_t k)
{
    return !SANITIZED || k == 0 || sizes[k].scale != 1 || is_largest(sizes[k]);
}

/* One size: every view at each feature count with spread weights; scattered and bunched
 * weights too in the views of vectors from 13 features at the listed counts, for m = 2 and
 * 3; past m = 3 (a projection) 5 features and from 100 up only. From 100 features up, the
 * smallest and largest sizes draw every such count and m; the sizes between, the slider's
 * most features at m = 2 (flat) and m = 30 (the paper's) only: a frame of hundreds of
 * features costs the software renderer tens of milliseconds, a sanitizer build several times
 * that. The overlays sit over the slider's most features at m = 2 at those two sizes, over
 * 5 features elsewhere. */
static void check_size(const char *font, struct size size, struct fixture *fx)
{
    struct rig g = { 0 };
    if (!rig_open(&g, font, size))
        goto out;
    bool smallest = size.w == sizes[0].w && size.h == sizes[0].h && size.scale == 1;
    bool end = size_is_end(size, smallest);
    for (int h = 0; h < HIDDEN_COUNT; h++) {
        struct fixture *x = &fx[h];
        int m = hidden_counts[h];
        for (int k = 0, n; (n = count_at(smallest, k)) > 0; k++) {
            bool ends = n == 5 || n == CONTROLS_FEATURES_MAX;
            if (m > 3 && n != 5 && n < 100)
                continue;
            if (n >= 100 && !end && (n != CONTROLS_FEATURES_MAX || (m != 2 && m != 30)))
                continue;
            bool crowded = n >= 13 && m <= 3 && listed(n);
            for (int v = 0; v < VIEW_COUNT; v++)
                for (int pattern = 0; pattern < (crowded && draws_vectors(v) ? 3 : 1); pattern++)
                    check_frame(&g, x, n, pattern, (enum view_id)v,
                                pattern == 0 && (ends || n == 32 || n >= 100));
        }
        check_overlays(&g, x, m == 2 && end ? CONTROLS_FEATURES_MAX : 5);
    }
out:
    rig_close(&g);
}

int main(void)
{
    char font[1024], err[512];
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return EXIT_FAILURE;
    }
    if (!text_find_font(font, sizeof font, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return EXIT_FAILURE;
    }
    static struct fixture fx[HIDDEN_COUNT];
    CHECK(CONTROLS_FEATURES_MAX <= FEATURES_CAP, "the features slider reaches %d, the test's "
          "arrays %d", CONTROLS_FEATURES_MAX, FEATURES_CAP);
    CHECK((int)settings_window(SETTINGS_HIDDEN).hi == HIDDEN_CAP, "the m slider reaches %g, the "
          "test %d", settings_window(SETTINGS_HIDDEN).hi, HIDDEN_CAP);
    for (int h = 0; h < HIDDEN_COUNT && check_failures == 0; h++)
        CHECK(fixture_open(&fx[h], hidden_counts[h]), "cannot start a session with m = %d",
              hidden_counts[h]);
    bool ready = check_failures == 0;
    check_text_tools(font);
    for (size_t k = 0; ready && k < sizeof sizes / sizeof sizes[0]; k++)
        if (size_drawn(k))
            check_size(font, sizes[k], fx);
    for (int h = 0; h < HIDDEN_COUNT; h++)
        fixture_close(&fx[h]);
    SDL_Quit();
    return check_result("layout");
}
