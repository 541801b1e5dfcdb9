#include "window.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "analysis.h"
#include "cli.h"
#include "controls.h"
#include "draw/bars.h"
#include "draw/dims.h"
#include "draw/grid.h"
#include "draw/heatmap.h"
#include "draw/loss.h"
#include "draw/phasemap.h"
#include "draw/polytope.h"
#include "draw/prim.h"
#include "draw/readout.h"
#include "draw/sliders.h"
#include "draw/vectors.h"
#include "geom3d.h"
#include "parallel.h"
#include "phaselive.h"
#include "screenshot.h"
#include "text.h"
#include "worker.h"

#define TRAIL_LENGTH 32
#define TRAIL_PERIOD 0.05   /* seconds between trail samples: 1.6 s of history */
#define TOAST_SECONDS 3.0
#define FRAME_SAMPLES 4096
/* The density sweep: this many models, densities log-spaced from 1 down to SWEEP_DENSITY_MIN. */
#define SWEEP_MODELS 12
#define SWEEP_DENSITY_MIN 0.01
/* The 3D view (m >= 3): it turns by itself this fast (radians per second) once the user has
 * left it alone this long; m > 3 re-computes the principal directions this often (Jacobi is
 * O(m^3), and the directions move slowly). */
#define AUTO_ROTATE 0.25
#define AUTO_ROTATE_AFTER 3.0
#define DIRS_PERIOD 0.5
#define CAMERA_DISTANCE 6.0   /* in view scales: a mild perspective */
#define PHASE_THREADS_MAX 8

struct toast {
    char text[320];
    double until;   /* seconds on the app clock */
    bool error;
};

struct layout {
    SDL_Rect view, sliders, readout, loss, bars, heatmap;
};

/* The models trained beside the focused one for the sweep (G, D) or the comparison (V). */
enum extra_kind { EXTRA_NONE, EXTRA_SWEEP, EXTRA_COMPARE };

struct extra {
    enum extra_kind kind;
    struct worker *worker;
    int count;
    struct worker_snapshot snaps[WORKER_MAX_MODELS];
    struct analysis an[WORKER_MAX_MODELS];
    double density[WORKER_MAX_MODELS];
    char caption[WORKER_MAX_MODELS][48];
};

/* The app's one context: everything the render loop owns. */
struct app {
    const struct cli_options *opts;
    bool trace;
    SDL_Window *window;
    SDL_Renderer *renderer;
    char font_path[1024];
    struct text *text;
    float scale;              /* output pixels per window point (HiDPI) */
    int out_w, out_h;
    struct layout layout;

    struct worker *worker;
    struct extra extra;
    int capacity;
    struct controls controls;
    struct worker_snapshot snap;
    struct analysis an;
    struct view_trails trails;
    struct view_loss loss;
    double view_scale;
    unsigned run, diverged;
    double trail_t;           /* when the last trail sample was taken */
    uint64_t next_seed;

    /* the 3D view */
    double touched_t;         /* when the user last turned it */
    bool turning;             /* a mouse drag on the view is turning it */
    int turn_x, turn_y;
    double *dirs;             /* m > 3: the top 3 principal directions, 3 x m */
    double dirs_t;            /* when they were computed; < 0: never */

    /* the phase diagram (P): trained on its own threads, kept when the view is left */
    struct phaselive *phase;
    struct phase_diagram phase_pd;   /* the renderer's copy */
    int phase_done;
    double phase_seconds;

    struct toast toast;
    bool screenshot_pending;
    bool quit;

    Uint64 freq, t_start, t_frame;
    double fps, frame_ms;
    int fps_frames;
    double fps_t0;
    double *frame_intervals;  /* for the exit summary (trace) */
    double *frame_work;       /* seconds from a frame's start to after its present (bench) */
    long frames;
    bool bench;               /* offscreen, software renderer, no trace */
};

static double now_s(const struct app *a)
{
    return (double)(SDL_GetPerformanceCounter() - a->t_start) / (double)a->freq;
}

static void trace(const struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void trace(const struct app *a, const char *fmt, ...)
{
    if (!a->trace)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    fflush(stdout);
}

static void toast(struct app *a, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void toast(struct app *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->toast.text, sizeof a->toast.text, fmt, ap);
    va_end(ap);
    a->toast.until = now_s(a) + TOAST_SECONDS;
    a->toast.error = error;
}

static void trace_settings(const struct app *a)
{
    const struct worker_settings *s = &a->controls.settings;
    trace(a, "settings density=%.6g sparsity=%.6g features=%d decay=%.6g lr=%.6g speed=%.6g "
          "act=%s paused=%d hidden=%d", s->density, 1 - s->density, s->features, s->decay, s->lr,
          s->speed, s->act == MODEL_RELU ? "relu" : "linear", s->paused ? 1 : 0, s->hidden);
}

static struct layout compute_layout(int w, int h, float scale, struct text *text)
{
    struct layout l;
    int margin = (int)(16 * scale);
    int right_w = (int)(w * 0.34);
    if (right_w < (int)(330 * scale))
        right_w = (int)(330 * scale);
    if (right_w > (int)(520 * scale))
        right_w = (int)(520 * scale);
    int rx = w - right_w - margin;
    l.view = (SDL_Rect){ margin, margin, rx - 2 * margin, h - 2 * margin };
    int y = margin;
    l.sliders = (SDL_Rect){ rx, y, right_w, view_sliders_height(text, scale) };
    y += l.sliders.h + (int)(10 * scale);
    l.readout = (SDL_Rect){ rx, y, right_w, view_readout_height(text) };
    y += l.readout.h + (int)(8 * scale);
    l.loss = (SDL_Rect){ rx, y, right_w, (int)(120 * scale) };
    y += l.loss.h + (int)(10 * scale);
    /* The rest: the per-feature bars, then the heatmap of W^T W and b below them. */
    int rest = h - margin - y, gap = (int)(10 * scale);
    int bars_h = (int)(rest * 0.45);
    l.bars = (SDL_Rect){ rx, y, right_w, bars_h };
    l.heatmap = (SDL_Rect){ rx, y + bars_h + gap, right_w, rest - bars_h - gap };
    return l;
}

/* Output size and HiDPI factor; re-opens the fonts when the factor changed. */
static bool update_size(struct app *a)
{
    int ww, wh;
    SDL_GetWindowSize(a->window, &ww, &wh);
    if (SDL_GetRendererOutputSize(a->renderer, &a->out_w, &a->out_h) != 0)
        return false;
    float scale = ww > 0 ? (float)a->out_w / (float)ww : 1.0f;
    if (!a->text || fabsf(scale - a->scale) > 0.01f) {
        char err[512];
        struct text *t = text_create(a->renderer, a->font_path, scale, err, sizeof err);
        if (!t) {
            fprintf(stderr, "superpose: %s\n", err);
            return false;
        }
        text_destroy(a->text);
        a->text = t;
        a->scale = scale;
    }
    a->layout = compute_layout(a->out_w, a->out_h, a->scale, a->text);
    return true;
}

static void extra_stop(struct extra *x)
{
    worker_destroy(x->worker);
    for (int k = 0; k < WORKER_MAX_MODELS; k++) {
        worker_snapshot_finish(&x->snaps[k]);
        analysis_finish(&x->an[k]);
    }
    *x = (struct extra){ .kind = EXTRA_NONE };
}

/* Densities log-spaced from 1 to SWEEP_DENSITY_MIN, as the paper's intro figure (its own
 * spans 1 to 0.05 in 10 steps). */
static void sweep_models(struct extra *x, struct worker_model *models)
{
    x->count = SWEEP_MODELS;
    for (int k = 0; k < x->count; k++) {
        double d = pow(SWEEP_DENSITY_MIN, (double)k / (x->count - 1));
        x->density[k] = d;
        models[k] = (struct worker_model){ .density = d, .act = WORKER_ACT_SLIDER };
        snprintf(x->caption[k], sizeof x->caption[k], "density %.2g", d);
    }
}

/* Same seed and settings, one linear and one ReLU. */
static void compare_models(struct extra *x, struct worker_model *models, double density)
{
    x->count = 2;
    models[0] = (struct worker_model){ .density = 0, .act = MODEL_LINEAR };
    models[1] = (struct worker_model){ .density = 0, .act = MODEL_RELU };
    x->density[0] = x->density[1] = density;
    snprintf(x->caption[0], sizeof x->caption[0], "linear: x' = W^T W x + b");
    snprintf(x->caption[1], sizeof x->caption[1], "ReLU: x' = ReLU(W^T W x + b)");
}

/* Starts the models the view needs (keeping them when the view changes between G and D). */
static bool extra_start(struct app *a, enum extra_kind kind)
{
    struct extra *x = &a->extra;
    if (x->kind == kind)
        return true;
    extra_stop(x);
    if (kind == EXTRA_NONE)
        return true;
    struct worker_model models[WORKER_MAX_MODELS];
    if (kind == EXTRA_SWEEP)
        sweep_models(x, models);
    else
        compare_models(x, models, a->controls.settings.density);
    struct trainer_desc d = a->opts->desc;
    d.hidden = a->controls.settings.hidden;
    d.seed = a->snap.serial ? a->snap.seed : a->opts->desc.seed;
    for (int k = 0; k < x->count; k++)
        if (!worker_snapshot_init(&x->snaps[k], a->capacity, d.hidden) ||
            !analysis_init(&x->an[k], a->capacity))
            goto fail;
    x->worker = worker_create_models(&d, &a->controls.settings, a->capacity, x->count, models);
    if (!x->worker)
        goto fail;
    x->kind = kind;
    return true;
fail:
    extra_stop(x);
    return false;
}

static enum extra_kind extra_for(enum controls_view view)
{
    switch (view) {
    case CONTROLS_VIEW_SWEEP:
    case CONTROLS_VIEW_DIMS: return EXTRA_SWEEP;
    case CONTROLS_VIEW_COMPARE: return EXTRA_COMPARE;
    default: return EXTRA_NONE;
    }
}

static const char *view_name(enum controls_view view)
{
    switch (view) {
    case CONTROLS_VIEW_SWEEP: return "sweep";
    case CONTROLS_VIEW_DIMS: return "dims";
    case CONTROLS_VIEW_COMPARE: return "compare";
    case CONTROLS_VIEW_PHASE: return "phase";
    default: return "main";
    }
}

/* The phase diagram's threads start on the first P and pause whenever another view shows. */
static bool phase_run(struct app *a, bool run)
{
    if (!run) {
        if (a->phase)
            phaselive_pause(a->phase, true);
        return true;
    }
    if (a->phase) {
        phaselive_pause(a->phase, false);
        return true;
    }
    const struct phase_grid g = PHASE_GRID_DEFAULT;
    const struct phase_train pt = PHASE_TRAIN_DEFAULT;
    int threads = parallel_cpu_count();
    if (!phase_diagram_init(&a->phase_pd, &g, &pt))
        return false;
    a->phase = phaselive_create(&g, &pt, threads < PHASE_THREADS_MAX ? threads : PHASE_THREADS_MAX);
    if (!a->phase) {
        phase_diagram_finish(&a->phase_pd);
        return false;
    }
    a->phase_done = 0;
    return true;
}

static void set_view(struct app *a)
{
    bool phase = a->controls.view == CONTROLS_VIEW_PHASE;
    if (!extra_start(a, extra_for(a->controls.view)) || !phase_run(a, phase)) {
        toast(a, true, "cannot start the models for this view: out of memory");
        a->controls.view = CONTROLS_VIEW_MAIN;
        phase = false;
    }
    if (phase)
        trace(a, "view phase cells=%d threads=%d", a->phase_pd.grid.cols * a->phase_pd.grid.rows,
              phaselive_threads(a->phase));
    else
        trace(a, "view %s models=%d", view_name(a->controls.view), a->extra.count);
}

/* A new model with m = settings.hidden from the current seed: a trainer keeps its m, so the
 * worker (and the models of the sweep or comparison) start over. */
static void set_hidden(struct app *a)
{
    int m = a->controls.settings.hidden;
    struct trainer_desc d = a->opts->desc;
    d.hidden = m;
    d.seed = a->snap.serial ? a->snap.seed : a->opts->desc.seed;
    struct worker_snapshot snap = { 0 };
    double *dirs = calloc((size_t)3 * (size_t)m, sizeof *dirs);
    struct worker *w = NULL;
    if (!dirs || !worker_snapshot_init(&snap, a->capacity, m) ||
        !(w = worker_create(&d, &a->controls.settings, a->capacity))) {
        worker_snapshot_finish(&snap);
        free(dirs);
        a->controls.settings.hidden = a->snap.m;
        toast(a, true, "cannot start a model with m = %d: out of memory", m);
        return;
    }
    enum extra_kind kind = a->extra.kind;
    extra_stop(&a->extra);
    worker_destroy(a->worker);
    a->worker = w;
    worker_snapshot_finish(&a->snap);
    a->snap = snap;
    free(a->dirs);
    a->dirs = dirs;
    a->dirs_t = -1;
    a->run = ~0u;   /* the new worker counts from 0: clear the trails and the loss curve */
    if (!extra_start(a, kind)) {
        toast(a, true, "cannot start the models for this view: out of memory");
        a->controls.view = CONTROLS_VIEW_MAIN;
    }
    toast(a, false, "m = %d hidden dimensions: new model from seed %llu%s", m,
          (unsigned long long)d.seed, m == 3 ? " (drag to turn)" : "");
    trace(a, "hidden m=%d seed=%llu", m, (unsigned long long)d.seed);
}

static void apply(struct app *a, unsigned result)
{
    if (result & CONTROLS_CHANGED) {
        worker_set(a->worker, &a->controls.settings);
        if (a->extra.worker)
            worker_set(a->extra.worker, &a->controls.settings);
        trace_settings(a);
    }
    if (result & CONTROLS_REINIT) {
        uint64_t seed = a->next_seed++;
        worker_reinit(a->worker, seed);
        if (a->extra.worker)
            worker_reinit(a->extra.worker, seed);
        toast(a, false, "re-initialised with seed %llu", (unsigned long long)seed);
        trace(a, "reinit seed=%llu", (unsigned long long)seed);
    }
    if (result & CONTROLS_HIDDEN) {
        set_hidden(a);
        trace_settings(a);
    }
    if (result & CONTROLS_ROTATE) {
        a->touched_t = now_s(a);
        trace(a, "rotate yaw=%.3f pitch=%.3f", a->controls.yaw, a->controls.pitch);
    }
    if (result & CONTROLS_VIEW)
        set_view(a);
    if (result & CONTROLS_MESSAGE) {
        toast(a, true, "%s", a->controls.message);
        trace(a, "message %s", a->controls.message);
    }
    if (result & CONTROLS_SCREENSHOT)
        a->screenshot_pending = true;
    if (result & CONTROLS_QUIT)
        a->quit = true;
}

static int slider_at(struct app *a, int x, int y)
{
    for (int k = 0; k < CONTROLS_SLIDER_COUNT; k++) {
        SDL_Rect tr = view_sliders_track(a->text, a->scale, a->layout.sliders, k);
        int pad = (int)(6 * a->scale);
        SDL_Rect hit = { tr.x - pad, tr.y - pad, tr.w + 2 * pad, tr.h + 2 * pad };
        SDL_Point p = { x, y };
        if (SDL_PointInRect(&p, &hit))
            return k;
    }
    return -1;
}

static void drag_to(struct app *a, int x)
{
    int k = a->controls.drag;
    SDL_Rect tr = view_sliders_track(a->text, a->scale, a->layout.sliders, k);
    apply(a, controls_set_position(&a->controls, k, (double)(x - tr.x) / tr.w));
}

/* The main view shows the vectors in 3D. */
static bool view_3d(const struct app *a)
{
    return a->controls.view == CONTROLS_VIEW_MAIN && a->snap.m >= 3;
}

/* A drag across the view's height turns it half a turn; right and down move the front that
 * way. */
static void turn_to(struct app *a, int x, int y)
{
    double k = M_PI / fmax(1.0, a->layout.view.h);
    controls_rotate(&a->controls, (x - a->turn_x) * k, (y - a->turn_y) * k);
    a->turn_x = x;
    a->turn_y = y;
    a->touched_t = now_s(a);
}

static void handle_event(struct app *a, const SDL_Event *e)
{
    int x, y;
    switch (e->type) {
    case SDL_QUIT: a->quit = true; break;
    case SDL_KEYDOWN:
        apply(a, controls_key(&a->controls, e->key.keysym.sym, e->key.keysym.mod));
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button != SDL_BUTTON_LEFT)
            break;
        x = (int)(e->button.x * a->scale);
        y = (int)(e->button.y * a->scale);
        a->controls.drag = slider_at(a, x, y);
        if (a->controls.drag >= 0)
            drag_to(a, x);
        else if (view_3d(a) && SDL_PointInRect(&(SDL_Point){ x, y }, &a->layout.view)) {
            a->turning = true;
            a->turn_x = x;
            a->turn_y = y;
            a->touched_t = now_s(a);
        }
        break;
    case SDL_MOUSEMOTION:
        if (a->controls.drag >= 0)
            drag_to(a, (int)(e->motion.x * a->scale));
        else if (a->turning)
            turn_to(a, (int)(e->motion.x * a->scale), (int)(e->motion.y * a->scale));
        break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.button == SDL_BUTTON_LEFT) {
            if (a->turning)
                trace(a, "rotate yaw=%.3f pitch=%.3f", a->controls.yaw, a->controls.pitch);
            a->controls.drag = -1;
            a->turning = false;
        }
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED && !update_size(a))
            a->quit = true;
        break;
    default: break;
    }
}

/* Takes the newest snapshot and updates what is derived from it: analysis, trails, loss. */
static void update_model(struct app *a, double dt)
{
    bool changed = worker_take(a->worker, &a->snap);
    const struct worker_snapshot *s = &a->snap;
    if (s->run != a->run) {
        a->run = s->run;
        view_trails_clear(&a->trails);
        view_loss_clear(&a->loss);
    }
    if (s->diverged != a->diverged) {
        a->diverged = s->diverged;
        toast(a, true, "training diverged (loss not finite): re-initialised with seed %llu",
              (unsigned long long)s->seed);
        trace(a, "diverged seed=%llu", (unsigned long long)s->seed);
    }
    analysis_compute(&a->an, s->W, s->n, s->m);
    if (changed) {
        double t = now_s(a);
        if (t - a->trail_t >= TRAIL_PERIOD || s->n != a->trails.n) {
            view_trails_push(&a->trails, s->W, s->n, s->m);
            a->trail_t = t;
        }
        view_loss_push(&a->loss, s->step, s->loss_avg);
    }
    double max_norm = 0;
    for (int i = 0; i < s->n; i++)
        if (isfinite(a->an.norms[i]))
            max_norm = fmax(max_norm, a->an.norms[i]);
    a->view_scale = view_scale_follow(a->view_scale, max_norm, dt);
    struct extra *x = &a->extra;
    for (int k = 0; x->worker && k < x->count; k++) {
        worker_take_model(x->worker, k, &x->snaps[k]);
        analysis_compute(&x->an[k], x->snaps[k].W, x->snaps[k].n, x->snaps[k].m);
    }
}

/* The 3D view turns slowly by itself while nobody touches it; m > 3 refreshes its principal
 * directions now and then. */
static void update_3d(struct app *a, double dt)
{
    const struct worker_snapshot *s = &a->snap;
    if (!view_3d(a))
        return;
    double t = now_s(a);
    if (!a->turning && t - a->touched_t > AUTO_ROTATE_AFTER)
        controls_rotate(&a->controls, AUTO_ROTATE * dt, 0);
    if (s->m > 3 && a->dirs && (a->dirs_t < 0 || t - a->dirs_t > DIRS_PERIOD)) {
        a->dirs_t = geom3d_principal(s->W, s->n, s->m, 3, a->dirs, NULL) ? t : -1;
    }
}

/* The phase diagram's newest cells; a trace line at every tenth of the grid. */
static void update_phase(struct app *a)
{
    if (!a->phase)
        return;
    int total = a->phase_pd.grid.cols * a->phase_pd.grid.rows;
    int done = phaselive_take(a->phase, &a->phase_pd, &a->phase_seconds);
    if (done / (total / 10) != a->phase_done / (total / 10)) {
        int agree, counted;
        phase_diagram_agreement(&a->phase_pd, &agree, &counted);
        trace(a, "phase done=%d of %d seconds=%.1f agree=%d of %d", done, total,
              a->phase_seconds, agree, counted);
    }
    a->phase_done = done;
}

static void draw_box(SDL_Renderer *r, SDL_Rect box, SDL_Color fill)
{
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, fill.r, fill.g, fill.b, fill.a);
    SDL_RenderFillRect(r, &box);
}

static void draw_main(struct app *a, SDL_Rect plot)
{
    const struct worker_snapshot *s = &a->snap;
    if (s->m >= 3) {
        struct view_polytope vp = {
            .W = s->W, .n = s->n, .m = s->m, .yaw = a->controls.yaw, .pitch = a->controls.pitch,
            .distance = CAMERA_DISTANCE * a->view_scale, .scale = a->view_scale,
            .edge_cos = GEOM3D_EDGE_COS, .dirs = s->m > 3 && a->dirs_t >= 0 ? a->dirs : NULL,
            .labels = true,
        };
        view_polytope_draw(a->renderer, a->text, &vp, plot);
        return;
    }
    struct view_vectors vv = { .W = s->W, .n = s->n, .m = s->m, .an = &a->an,
                               .trails = &a->trails, .scale = a->view_scale, .labels = true };
    view_vectors_draw(a->renderer, a->text, &vv, plot);
}

static void draw_grid(struct app *a, SDL_Rect plot)
{
    struct extra *x = &a->extra;
    struct view_grid_panel panels[WORKER_MAX_MODELS];
    for (int k = 0; k < x->count; k++)
        panels[k] = (struct view_grid_panel){ .W = x->snaps[k].W, .n = x->snaps[k].n,
                                              .m = x->snaps[k].m, .an = &x->an[k],
                                              .loss = x->snaps[k].loss_avg,
                                              .caption = x->caption[k] };
    view_grid_draw(a->renderer, a->text, panels, x->count, plot);
}

static void draw_dims(struct app *a, SDL_Rect plot)
{
    struct extra *x = &a->extra;
    struct view_dims_model models[WORKER_MAX_MODELS];
    double x_max = 1;
    for (int k = 0; k < x->count; k++) {
        models[k] = (struct view_dims_model){ .density = x->density[k], .an = &x->an[k] };
        while (x_max < 1 / x->density[k] * 0.999)
            x_max *= 10;
    }
    struct view_dims v = { .models = models, .count = x->count, .x_max = x_max };
    view_dims_draw(a->renderer, a->text, a->scale, &v, plot);
}

/* The view's title and its one-line legend, short forms when the window is narrow. */
static void view_titles(const struct app *a, char *title, size_t tlen, char *shorter,
                        size_t slen, const char **legend, const char **legend_short)
{
    const struct worker_snapshot *s = &a->snap;
    snprintf(shorter, slen, "n = %d, m = %d", s->n, s->m);
    switch (a->controls.view) {
    case CONTROLS_VIEW_SWEEP:
        snprintf(title, tlen, "density sweep: %d models, density 1 to %g", a->extra.count,
                 SWEEP_DENSITY_MIN);
        *legend = s->m > 2 ? "m > 2: each panel shows hidden dimensions 1 and 2 only; G: back"
                           : "features, decay, lr, activation and speed from the sliders; G: back";
        *legend_short = "G: back";
        break;
    case CONTROLS_VIEW_DIMS:
        snprintf(title, tlen, "feature dimensionality across the sweep (n = %d, m = %d)", s->n,
                 s->m);
        *legend = "sticky values: 1, 3/4, 2/3, 1/2 (antipodal), 2/5 (pentagon), 3/8; D: back";
        *legend_short = "D: back";
        break;
    case CONTROLS_VIEW_COMPARE:
        snprintf(title, tlen, "linear vs ReLU: same seed, same settings");
        *legend = s->m > 2 ? "m > 2: each panel shows hidden dimensions 1 and 2 only; V: back"
                           : "linear keeps the top m features (PCA); ReLU can superpose. V: back";
        *legend_short = "V: back";
        break;
    case CONTROLS_VIEW_PHASE:
        snprintf(title, tlen, "phase diagram: 2 features in 1 dimension, %d of %d cells",
                 a->phase_done, a->phase_pd.grid.cols * a->phase_pd.grid.rows);
        snprintf(shorter, slen, "phase diagram, n = 2, m = 1");
        *legend = "each cell trained live: the best of several seeds; white: theory. P: back";
        *legend_short = "P: back";
        break;
    default:
        snprintf(title, tlen, "superpose: %d features in %d dimensions", s->n, s->m);
        if (s->m == 3) {
            *legend = "drag or J/K, U/I to turn; nearer tips larger, farther fogged; lines: "
                      "|cos| > 0.25";
            *legend_short = "drag or J/K, U/I to turn";
        } else if (s->m > 3) {
            *legend = "drag or J/K, U/I to turn; a projection, so D (dimensionality) carries "
                      "the truth";
            *legend_short = "a projection (D: the truth)";
        } else {
            *legend = "W_i coloured by importance: feature 0 (most important) yellow, last "
                      "purple";
            *legend_short = "colour: importance (0 yellow, last purple)";
        }
        break;
    }
}

static void draw_view(struct app *a)
{
    const struct worker_snapshot *s = &a->snap;
    SDL_Rect v = a->layout.view;
    const SDL_Color dim = prim_rgba(0x9aa0aa, 255);
    int lh = text_height(a->text, TEXT_NORMAL);
    int head = text_height(a->text, TEXT_LARGE) + text_height(a->text, TEXT_SMALL);
    SDL_Rect plot = { v.x, v.y + head, v.w, v.h - head - lh };
    enum controls_view view = a->controls.view;
    if ((extra_for(view) != EXTRA_NONE && a->extra.count == 0) ||
        (view == CONTROLS_VIEW_PHASE && !a->phase))
        view = CONTROLS_VIEW_MAIN;
    switch (view) {
    case CONTROLS_VIEW_SWEEP:
    case CONTROLS_VIEW_COMPARE: draw_grid(a, plot); break;
    case CONTROLS_VIEW_DIMS: draw_dims(a, plot); break;
    case CONTROLS_VIEW_PHASE: {
        struct view_phasemap pm = { .pd = &a->phase_pd, .legend = true };
        view_phasemap_draw(a->renderer, a->text, a->scale, &pm, plot);
        break;
    }
    default: draw_main(a, plot); break;
    }
    char title[128], shorter[64];
    const char *legend, *legend_short;
    view_titles(a, title, sizeof title, shorter, sizeof shorter, &legend, &legend_short);
    /* A narrow window gets the short forms rather than text running into the sliders. */
    const char *t = text_width(a->text, TEXT_LARGE, title) > v.w ? shorter : title;
    if (text_width(a->text, TEXT_SMALL, legend) > v.w)
        legend = legend_short;
    text_draw(a->text, TEXT_LARGE, v.x, v.y, TEXT_LEFT, prim_rgba(0xe8e8ec, 255), t);
    text_draw(a->text, TEXT_SMALL, v.x, v.y + text_height(a->text, TEXT_LARGE), TEXT_LEFT, dim,
              legend);
    const char *keys = "H or F1: keys   G: sweep   D: dimensionality   V: linear vs ReLU   "
                       "M: hidden dims   P: phase diagram";
    if (text_width(a->text, TEXT_SMALL, keys) > v.w)
        keys = "H or F1: keys   G   D   V   M   P";
    text_draw(a->text, TEXT_SMALL, v.x, v.y + v.h - lh, TEXT_LEFT, dim, keys);
    if (s->settings.paused)
        text_draw(a->text, TEXT_LARGE, v.x + v.w, v.y, TEXT_RIGHT, prim_rgba(0xf2a541, 255),
                  "paused (Space)");
}

static void draw_help(struct app *a)
{
    struct text *t = a->text;
    int lh = text_height(t, TEXT_NORMAL), pad = (int)(20 * a->scale);
    int rows = 0, keys_w = 0, what_w = 0;
    const char *keys, *what;
    for (; controls_help_row(rows, &keys, &what); rows++) {
        int kw = text_width(t, TEXT_NORMAL, keys), ww = text_width(t, TEXT_NORMAL, what);
        keys_w = kw > keys_w ? kw : keys_w;
        what_w = ww > what_w ? ww : what_w;
    }
    const char *footer = "Mouse: click or drag a slider; drag the 3D view to turn it.  "
                         "Sparsity S: chance a feature is 0.";
    int footer_w = text_width(t, TEXT_SMALL, footer);
    int gap = (int)(24 * a->scale);
    int w = keys_w + gap + what_w;
    w = (w > footer_w ? w : footer_w) + 2 * pad;
    int h = (rows + 1) * lh + text_height(t, TEXT_LARGE) + text_height(t, TEXT_SMALL) + 2 * pad;
    SDL_Rect box = { (a->out_w - w) / 2, (a->out_h - h) / 2, w, h };
    draw_box(a->renderer, box, prim_rgba(0x0b0d12, 235));
    int x = box.x + pad, y = box.y + pad;
    text_draw(t, TEXT_LARGE, x, y, TEXT_LEFT, prim_rgba(0xffffff, 255), "Keys");
    y += text_height(t, TEXT_LARGE) + lh / 2;
    for (int i = 0; controls_help_row(i, &keys, &what); i++, y += lh) {
        text_draw(t, TEXT_NORMAL, x, y, TEXT_LEFT, prim_rgba(0xf2a541, 255), keys);
        text_draw(t, TEXT_NORMAL, x + keys_w + gap, y, TEXT_LEFT, prim_rgba(0xe8e8ec, 255), what);
    }
    text_draw(t, TEXT_SMALL, x, y + lh / 2, TEXT_LEFT, prim_rgba(0x9aa0aa, 255), footer);
}

static void draw_toast(struct app *a)
{
    if (!a->toast.text[0] || now_s(a) > a->toast.until)
        return;
    struct text *t = a->text;
    int pad = (int)(10 * a->scale), lh = text_height(t, TEXT_NORMAL);
    int w = text_width(t, TEXT_NORMAL, a->toast.text) + 2 * pad;
    SDL_Rect v = a->layout.view;
    SDL_Rect box = { v.x + (v.w - w) / 2, v.y + v.h - lh - 3 * pad, w, lh + pad };
    if (box.x < 0)
        box.x = 0;
    draw_box(a->renderer, box, a->toast.error ? prim_rgba(0x5a1e1e, 230) : prim_rgba(0x1e3a5a, 230));
    text_draw(t, TEXT_NORMAL, box.x + pad, box.y + pad / 2, TEXT_LEFT, prim_rgba(0xffffff, 255),
              a->toast.text);
}

static void draw_frame(struct app *a)
{
    SDL_Renderer *r = a->renderer;
    SDL_SetRenderDrawColor(r, 0x12, 0x14, 0x1a, 255);
    SDL_RenderClear(r);
    draw_view(a);
    view_sliders_draw(r, a->text, a->scale, &a->controls, a->layout.sliders);
    struct view_readout ro = { .snap = &a->snap, .an = &a->an, .fps = a->fps,
                               .frame_ms = a->frame_ms };
    view_readout_draw(r, a->text, &ro, a->layout.readout);
    view_loss_draw(r, a->text, a->scale, &a->loss, a->layout.loss);
    view_bars_draw(r, a->text, a->scale, &a->an, a->snap.b, a->layout.bars);
    struct view_heatmap hm = { .W = a->snap.W, .b = a->snap.b, .n = a->snap.n, .m = a->snap.m };
    if (a->layout.heatmap.h > 40 * a->scale)
        view_heatmap_draw(r, a->text, a->scale, &hm, a->layout.heatmap);
    if (a->controls.help)
        draw_help(a);
    draw_toast(a);
}

static void take_screenshot(struct app *a)
{
    char msg[4096];
    a->screenshot_pending = false;
    if (screenshot_save(a->renderer, a->opts->screenshot_dir, msg, sizeof msg)) {
        const char *name = strrchr(msg, '/') ? strrchr(msg, '/') + 1 : msg;
        toast(a, false, "saved %s", name);
        trace(a, "screenshot %s", msg);
    } else {
        fprintf(stderr, "superpose: %s\n", msg);
        toast(a, true, "%s", msg);
        trace(a, "screenshot-failed %s", msg);
    }
}

/* fps over half-second windows; the draw time (before present) as a running mean. */
static void count_frame(struct app *a, double draw_ms, double interval, double work)
{
    double t = now_s(a);
    a->fps_frames++;
    if (t - a->fps_t0 >= 0.5) {
        a->fps = a->fps_frames / (t - a->fps_t0);
        a->fps_frames = 0;
        a->fps_t0 = t;
        /* What the readout and the views draw, raw (the soak test checks it is finite). */
        trace(a, "readout step=%ld loss=%.6g loss-avg=%.6g represented=%d frobenius2=%.6g "
              "gap-error=%.6g view-scale=%.6g steps-per-s=%.6g fps=%.4g", a->snap.step,
              a->snap.loss, a->snap.loss_avg, a->an.represented, a->an.frobenius2,
              analysis_max_gap_error(&a->an), a->view_scale, a->snap.steps_per_sec, a->fps);
    }
    a->frame_ms = a->frame_ms > 0 ? a->frame_ms + 0.1 * (draw_ms - a->frame_ms) : draw_ms;
    if (a->frame_intervals && a->frames > 0)
        a->frame_intervals[(a->frames - 1) % FRAME_SAMPLES] = interval;
    if (a->frame_work)
        a->frame_work[a->frames % FRAME_SAMPLES] = work;
    a->frames++;
}

static int compare_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static void trace_frames(const struct app *a)
{
    long count = a->frames - 1 < FRAME_SAMPLES ? a->frames - 1 : FRAME_SAMPLES;
    if (!a->trace || !a->frame_intervals || count < 1)
        return;
    qsort(a->frame_intervals, (size_t)count, sizeof(double), compare_double);
    double sum = 0;
    for (long k = 0; k < count; k++)
        sum += a->frame_intervals[k];
    trace(a, "frames %ld mean-ms %.2f p99-ms %.2f max-ms %.2f draw-ms %.2f", a->frames,
          sum / count * 1e3, a->frame_intervals[(long)(count * 0.99)] * 1e3,
          a->frame_intervals[count - 1] * 1e3, a->frame_ms);
}

static bool open_window(struct app *a, Uint32 renderer_flags)
{
    a->window = SDL_CreateWindow("superpose", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                 1280, 800,
                                 SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_HIDDEN);
    if (!a->window) {
        fprintf(stderr, "superpose: cannot open a window: %s\n", SDL_GetError());
        return false;
    }
    SDL_SetWindowMinimumSize(a->window, 640, 480);
    a->renderer = SDL_CreateRenderer(a->window, -1, renderer_flags);
    if (!a->renderer)
        a->renderer = SDL_CreateRenderer(a->window, -1, SDL_RENDERER_SOFTWARE);
    if (!a->renderer) {
        fprintf(stderr, "superpose: cannot create a renderer: %s\n", SDL_GetError());
        return false;
    }
    return true;
}

/* Whether the renderer is OpenGL drawn on the CPU (Mesa's llvmpipe or softpipe, as under
 * Xvfb or on a machine without a GPU driver). */
static bool software_gl(SDL_Renderer *r)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(r, &info) != 0 || strncmp(info.name, "opengl", 6) != 0)
        return false;
    typedef const unsigned char *(*get_string_fn)(unsigned int name);
    get_string_fn get_string = (get_string_fn)(uintptr_t)SDL_GL_GetProcAddress("glGetString");
    const char *name = get_string ? (const char *)get_string(0x1F01 /* GL_RENDERER */) : NULL;
    return name && (strstr(name, "llvmpipe") || strstr(name, "softpipe"));
}

static bool create_window(struct app *a)
{
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "superpose: cannot open a window: %s\n", SDL_GetError());
        return false;
    }
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "1");
    /* Offscreen there is nothing to accelerate: the software renderer spares loading Mesa and
     * LLVM and llvmpipe's threads competing with training. */
    if (a->bench) {
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        /* Else SDL presents the software frame through an OpenGL texture, loading them all
         * the same (measured: VmRSS 114 MB with, 20 MB without). */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    if (!open_window(a, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC))
        return false;
    if (software_gl(a->renderer)) {
        /* Mesa's llvmpipe is a CPU renderer too, but it loads LLVM (about 100 MB resident)
         * and runs threads that compete with training; SDL's own software renderer draws the
         * same frames at the same rate (measured under Xvfb: 118 MB -> 21 MB, both 60 fps). */
        SDL_DestroyRenderer(a->renderer);
        SDL_DestroyWindow(a->window);
        a->renderer = NULL;
        a->window = NULL;
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        if (!open_window(a, SDL_RENDERER_SOFTWARE))
            return false;
    }
    SDL_ShowWindow(a->window); /* only the window that stays */
    return update_size(a);
}

static bool app_init(struct app *a, const struct cli_options *o)
{
    char err[512];
    const char *tr = getenv(WINDOW_TRACE_ENV);
    a->opts = o;
    a->trace = !a->bench && tr && tr[0] && strcmp(tr, "0") != 0;
    a->freq = SDL_GetPerformanceFrequency();
    a->t_start = SDL_GetPerformanceCounter();
    a->next_seed = o->desc.seed + 1;
    a->run = 0;
    /* The font first: without one there is nothing to show, and the user needs to know why. */
    if (!text_find_font(a->font_path, sizeof a->font_path, err, sizeof err)) {
        fprintf(stderr, "superpose: %s\n", err);
        return false;
    }
    if (!create_window(a))
        return false;
    if (IMG_Init(IMG_INIT_PNG) == 0)
        fprintf(stderr, "superpose: SDL_image has no PNG support; S will fail: %s\n",
                IMG_GetError());

    struct worker_settings s = {
        .density = o->desc.density, .decay = o->desc.decay, .lr = o->desc.lr,
        .features = o->desc.features, .hidden = o->desc.hidden, .act = o->desc.act,
        .speed = o->speed, .paused = o->paused,
    };
    int capacity = o->desc.features > CONTROLS_FEATURES_MAX ? o->desc.features
                                                            : CONTROLS_FEATURES_MAX;
    controls_init(&a->controls, &s);
    a->capacity = capacity;
    view_loss_clear(&a->loss);
    a->frame_intervals = calloc(FRAME_SAMPLES, sizeof *a->frame_intervals);
    a->frame_work = calloc(FRAME_SAMPLES, sizeof *a->frame_work);
    a->dirs = calloc((size_t)3 * (size_t)o->desc.hidden, sizeof *a->dirs);
    a->dirs_t = -1;
    if (!a->dirs || !worker_snapshot_init(&a->snap, capacity, o->desc.hidden) ||
        !analysis_init(&a->an, capacity) || !view_trails_init(&a->trails, capacity, TRAIL_LENGTH)) {
        fprintf(stderr, "superpose: out of memory\n");
        return false;
    }
    a->worker = worker_create(&o->desc, &s, capacity);
    if (!a->worker) {
        fprintf(stderr, "superpose: cannot start the training thread\n");
        return false;
    }
    /* m = 3 opens in the 3D view (the main view); past three hidden dimensions that is a
     * projection and the dimensionality view says more, so it opens first. */
    if (o->desc.hidden > 3) {
        a->controls.view = CONTROLS_VIEW_DIMS;
        set_view(a);
    }
    return true;
}

static void app_finish(struct app *a)
{
    phaselive_destroy(a->phase);   /* joins its threads: at most the cells in progress */
    phase_diagram_finish(&a->phase_pd);
    free(a->dirs);
    extra_stop(&a->extra);
    worker_destroy(a->worker);   /* stops and joins the thread first */
    view_trails_finish(&a->trails);
    analysis_finish(&a->an);
    worker_snapshot_finish(&a->snap);
    free(a->frame_intervals);
    free(a->frame_work);
    text_destroy(a->text);
    if (a->renderer)
        SDL_DestroyRenderer(a->renderer);
    if (a->window)
        SDL_DestroyWindow(a->window);
    if (TTF_WasInit())
        TTF_Quit();
    IMG_Quit();
    SDL_Quit();
}

/* Without working vsync (a virtual display) the loop would spin; hold it to the display's
 * refresh rate. */
static void pace(struct app *a, Uint64 frame_start)
{
    SDL_DisplayMode mode;
    int hz = 60;
    int display = SDL_GetWindowDisplayIndex(a->window);
    if (display >= 0 && SDL_GetCurrentDisplayMode(display, &mode) == 0 && mode.refresh_rate > 0)
        hz = mode.refresh_rate;
    double budget = 1.0 / hz;
    double spent = (double)(SDL_GetPerformanceCounter() - frame_start) / (double)a->freq;
    if (spent < budget - 0.002)
        SDL_Delay((Uint32)((budget - spent) * 1000.0));
}

/* One pass of the loop: events, the newest weights, draw, present, pace. */
static void frame(struct app *a, Uint64 *last)
{
    Uint64 start = SDL_GetPerformanceCounter();
    double dt = (double)(start - *last) / (double)a->freq;
    *last = start;
    SDL_Event e;
    while (SDL_PollEvent(&e))
        handle_event(a, &e);
    if (a->quit)
        return;
    update_model(a, dt);
    update_3d(a, dt);
    update_phase(a);
    draw_frame(a);
    if (a->screenshot_pending)
        take_screenshot(a);
    double draw_ms = (double)(SDL_GetPerformanceCounter() - start) / (double)a->freq * 1e3;
    SDL_RenderPresent(a->renderer);
    if (a->frames == 0)
        trace(a, "ready %dx%d", a->out_w, a->out_h);
    double work = (double)(SDL_GetPerformanceCounter() - start) / (double)a->freq;
    count_frame(a, draw_ms, dt, work);
    pace(a, start);
}

int window_run(const struct cli_options *o)
{
    struct app a = { 0 };
    int status = 1;
    if (!app_init(&a, o))
        goto cleanup;
    trace_settings(&a);
    Uint64 last = SDL_GetPerformanceCounter();
    while (!a.quit)
        frame(&a, &last);
    trace_frames(&a);
    trace(&a, "quit");
    status = 0;
cleanup:
    app_finish(&a);
    return status;
}

/* Reads "Name:   1234 kB" from /proc/self/status; 0 when absent. */
static long proc_status_kb(const char *name)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = 0;
    size_t len = strlen(name);
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, name, len) == 0 && line[len] == ':') {
            kb = strtol(line + len + 1, NULL, 10);
            break;
        }
    fclose(f);
    return kb;
}

/* `frames` frames of the loop, then the work times' percentiles. */
static void bench_frames(struct app *a, int frames, struct window_bench_times *t)
{
    Uint64 last = SDL_GetPerformanceCounter();
    frame(a, &last);   /* the first frame after a view change starts its models */
    a->frames = 0;
    double t0 = now_s(a);
    for (int k = 0; k < frames && !a->quit; k++)
        frame(a, &last);
    long count = a->frames < FRAME_SAMPLES ? a->frames : FRAME_SAMPLES;
    t->frames = a->frames;
    t->fps = a->frames / fmax(now_s(a) - t0, 1e-9);
    if (count < 1)
        return;
    qsort(a->frame_work, (size_t)count, sizeof(double), compare_double);
    t->p50_ms = a->frame_work[count / 2] * 1e3;
    t->p99_ms = a->frame_work[(long)(count * 0.99)] * 1e3;
    t->max_ms = a->frame_work[count - 1] * 1e3;
    t->steps_per_sec = a->snap.steps_per_sec;
}

bool window_bench(const struct trainer_desc *d, int frames, struct window_bench_result *out)
{
    struct cli_options o = { .command = CLI_WINDOW, .desc = *d, .speed = 0 };
    struct app a = { .bench = true };
    bool ok = false;
    *out = (struct window_bench_result){ 0 };
    if (frames > FRAME_SAMPLES)
        frames = FRAME_SAMPLES;
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (!app_init(&a, &o))
        goto cleanup;
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(a.renderer, &info) == 0)
        snprintf(out->renderer, sizeof out->renderer, "%s", info.name);
    bench_frames(&a, frames, &out->main);
    a.controls.view = CONTROLS_VIEW_SWEEP;
    set_view(&a);
    bench_frames(&a, frames, &out->sweep);
    out->sweep_models = a.extra.count + 1;
    out->rss_kb = proc_status_kb("VmRSS");
    out->hwm_kb = proc_status_kb("VmHWM");
    ok = !a.quit;
cleanup:
    app_finish(&a);
    return ok;
}

bool window_bench_print(const struct trainer_desc *d, int frames)
{
    struct window_bench_result r;
    printf("\nWindow frame time (offscreen, %d frames per view, training unlimited; work from a "
           "frame's start to its present):\n", frames);
    fflush(stdout);
    if (!window_bench(d, frames, &r)) {
        printf("  not measured: the window could not start (see above)\n");
        return false;
    }
    printf("  renderer %s\n", r.renderer);
    printf("  %-22s p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms   %5.1f fps\n", "1 model",
           r.main.p50_ms, r.main.p99_ms, r.main.max_ms, r.main.fps);
    printf("  %-22s p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms   %5.1f fps\n",
           r.sweep_models == 13 ? "sweep (1 + 12 models)" : "sweep", r.sweep.p50_ms,
           r.sweep.p99_ms, r.sweep.max_ms, r.sweep.fps);
    printf("  memory VmRSS %.1f MB, VmHWM %.1f MB (targets: p99 < 16.7 ms, RSS < 100 MB)\n",
           r.rss_kb / 1024.0, r.hwm_kb / 1024.0);
    return true;
}
