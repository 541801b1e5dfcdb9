#include "window.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "capture.h"
#include "cli.h"
#include "panels.h"
#include "screenshot.h"
#include "session.h"
#include "text.h"
#include "trace.h"

#define TITLE "superpose"
#define TOAST_SECONDS 3.0

struct window {
    const struct cli_options *opts;
    bool offscreen;           /* the benchmark: software renderer, no trace */
    SDL_Window *window;
    SDL_Renderer *renderer;
    char font_path[1024];
    struct text *text;
    float scale;              /* output pixels per window point (HiDPI) */
    int out_w, out_h;
    struct panels_layout layout;

    struct trace trace;
    struct session session;
    unsigned note_serial;     /* the session's last note shown */
    struct panels_toast toast;
    struct panels_help help;  /* the help's layout at the window's size */
    struct panels_layers layers;   /* parts of the picture kept between frames */
    int turn_x, turn_y;       /* where a drag turning the 3D view last was */
    struct capture capture;   /* W's recording */
    bool scrubbing;           /* a drag along the loss curve moves the timeline's cursor */

    Uint64 freq, t_start, last;
    bool clock_set;           /* a headless recording's clock: `clock`, moved by the caller */
    double clock, last_clock;
};

double window_now(const struct window *w)
{
    if (w->clock_set)
        return w->clock;
    return (double)(SDL_GetPerformanceCounter() - w->t_start) / (double)w->freq;
}

static void toast(struct window *w, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void toast(struct window *w, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->toast.text, sizeof w->toast.text, fmt, ap);
    va_end(ap);
    w->toast.until = window_now(w) + TOAST_SECONDS;
    w->toast.error = error;
}

/* Output size and HiDPI factor; re-opens the fonts when the factor changed. */
static bool update_size(struct window *w)
{
    int ww, wh;
    SDL_GetWindowSize(w->window, &ww, &wh);
    if (SDL_GetRendererOutputSize(w->renderer, &w->out_w, &w->out_h) != 0)
        return false;
    float scale = ww > 0 ? (float)w->out_w / (float)ww : 1.0f;
    if (!w->text || fabsf(scale - w->scale) > 0.01f) {
        char err[512];
        struct text *t = text_create(w->renderer, w->font_path, scale, err, sizeof err);
        if (!t) {
            fprintf(stderr, "superpose: %s\n", err);
            return false;
        }
        text_destroy(w->text);
        w->text = t;
        w->scale = scale;
    }
    w->layout = panels_layout(w->out_w, w->out_h, w->scale, w->text);
    return true;
}

/* The window's first size: 1280 x 800, or what the screen has room for (never below the
 * minimum); the offscreen and dummy drivers' made-up screens do not count. */
static void first_size(int *width, int *height)
{
    *width = WINDOW_WIDTH;
    *height = WINDOW_HEIGHT;
    const char *driver = SDL_GetCurrentVideoDriver();
    SDL_Rect r;
    if (!driver || strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0 ||
        SDL_GetDisplayUsableBounds(0, &r) != 0 || r.w <= 0 || r.h <= 0)
        return;
    *width = r.w < *width ? (r.w > WINDOW_MIN_WIDTH ? r.w : WINDOW_MIN_WIDTH) : *width;
    *height = r.h < *height ? (r.h > WINDOW_MIN_HEIGHT ? r.h : WINDOW_MIN_HEIGHT) : *height;
}

/* A hidden window without a title: only the window that stays gets one (a test or a window
 * manager looking for "superpose" must not find the one thrown away). */
static bool open_window(struct window *w, Uint32 renderer_flags)
{
    const Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_HIDDEN;
    int width, height;
    first_size(&width, &height);
    w->window = SDL_CreateWindow("", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height,
                                 flags);
    if (!w->window) {
        fprintf(stderr, "superpose: cannot open a window: %s\n", SDL_GetError());
        return false;
    }
    SDL_SetWindowMinimumSize(w->window, WINDOW_MIN_WIDTH, WINDOW_MIN_HEIGHT);
    w->renderer = SDL_CreateRenderer(w->window, -1, renderer_flags);
    if (!w->renderer)
        w->renderer = SDL_CreateRenderer(w->window, -1, SDL_RENDERER_SOFTWARE);
    if (!w->renderer) {
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

/* SDL falls back to a driver that shows nothing when there is no display; unless the user
 * asked for one (SDL_VIDEODRIVER), the window would train unseen until killed. */
static bool display_missing(void)
{
    const char *asked = getenv("SDL_VIDEODRIVER");
    const char *driver = SDL_GetCurrentVideoDriver();
    if ((asked && asked[0]) || !driver)
        return false;
    if (strcmp(driver, "offscreen") != 0 && strcmp(driver, "dummy") != 0)
        return false;
    fprintf(stderr, "superpose: no display (SDL found neither X11 nor Wayland and chose its %s "
            "driver); `xvfb-run superpose` runs the window headless\n", driver);
    return true;
}

static bool create_window(struct window *w)
{
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "superpose: cannot open a window: %s\n", SDL_GetError());
        return false;
    }
    if (display_missing())
        return false;
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "1");
    /* Offscreen there is nothing to accelerate: the software renderer spares loading Mesa and
     * LLVM and llvmpipe's threads competing with training (measured in the dimensionality
     * view: llvmpipe's two threads took a quarter of both cores). */
    const char *driver = SDL_GetCurrentVideoDriver();
    if (w->offscreen || (driver && strcmp(driver, "offscreen") == 0)) {
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        /* Else SDL presents the software frame through an OpenGL texture, loading them all
         * the same (measured: VmRSS 114 MB with, 20 MB without). */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    if (!open_window(w, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC))
        return false;
    if (software_gl(w->renderer)) {
        /* Mesa's llvmpipe is a CPU renderer too, but it loads LLVM (about 100 MB resident)
         * and runs threads that compete with training; SDL's own software renderer draws the
         * same frames at the same rate (measured under Xvfb: 118 MB -> 21 MB, both 60 fps). */
        SDL_DestroyRenderer(w->renderer);
        SDL_DestroyWindow(w->window);
        w->renderer = NULL;
        w->window = NULL;
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        if (!open_window(w, SDL_RENDERER_SOFTWARE))
            return false;
    }
    SDL_SetWindowTitle(w->window, TITLE);
    SDL_ShowWindow(w->window); /* only the window that stays */
    return update_size(w);
}

static bool init(struct window *w, const struct cli_options *o)
{
    char err[512];
    const char *tr = getenv(WINDOW_TRACE_ENV);
    w->opts = o;
    w->freq = SDL_GetPerformanceFrequency();
    w->t_start = SDL_GetPerformanceCounter();
    if (!trace_init(&w->trace, !w->offscreen && tr && tr[0] && strcmp(tr, "0") != 0)) {
        fprintf(stderr, "superpose: out of memory\n");
        return false;
    }
    /* The font first: without one there is nothing to show, and the user needs to know why. */
    if (!text_find_font(w->font_path, sizeof w->font_path, err, sizeof err)) {
        fprintf(stderr, "superpose: %s\n", err);
        return false;
    }
    if (!create_window(w))
        return false;
    if (IMG_Init(IMG_INIT_PNG) == 0)
        fprintf(stderr, "superpose: SDL_image has no PNG support; S will fail: %s\n",
                IMG_GetError());
    struct worker_settings s = {
        .density = o->desc.density, .decay = o->desc.decay, .lr = o->desc.lr,
        .features = o->desc.features, .hidden = o->desc.hidden, .act = o->desc.act,
        .speed = o->speed, .paused = o->paused, .sets = o->desc.sets, .kind = o->desc.kind,
    };
    if (!session_init(&w->session, &o->desc, &s, &w->trace))
        return false;
    if (o->seeds > 0)   /* zero, in options written out: the controls' default */
        w->session.controls.seeds = o->seeds;
    static const enum view_id preset_views[CLI_PRESET_COUNT] = {
        [CLI_PRESET_DIMENSIONALITY] = VIEW_DIMEXP,
    };
    if (o->preset > CLI_PRESET_NONE && o->preset < CLI_PRESET_COUNT)
        session_open(&w->session, preset_views[o->preset], window_now(w));
    w->last = SDL_GetPerformanceCounter();
    return true;
}

static void finish(struct window *w)
{
    char msg[4400];
    capture_stop(&w->capture, msg, sizeof msg, NULL, NULL, NULL);
    session_finish(&w->session);
    trace_finish(&w->trace);
    text_destroy(w->text);
    panels_layers_finish(&w->layers);   /* its textures before their renderer */
    if (w->renderer)
        SDL_DestroyRenderer(w->renderer);
    if (w->window)
        SDL_DestroyWindow(w->window);
    if (TTF_WasInit())
        TTF_Quit();
    IMG_Quit();
    SDL_Quit();
}

/* Without working vsync (a virtual display) the loop would spin; hold it to the display's
 * refresh rate. */
static void pace(struct window *w, Uint64 frame_start)
{
    if (w->clock_set)
        return;
    SDL_DisplayMode mode;
    int hz = 60;
    int display = SDL_GetWindowDisplayIndex(w->window);
    if (display >= 0 && SDL_GetCurrentDisplayMode(display, &mode) == 0 && mode.refresh_rate > 0)
        hz = mode.refresh_rate;
    double budget = 1.0 / hz;
    double spent = (double)(SDL_GetPerformanceCounter() - frame_start) / (double)w->freq;
    if (spent < budget - 0.002)
        SDL_Delay((Uint32)((budget - spent) * 1000.0));
}

/* Mouse positions in output pixels. */
static int px(const struct window *w, Sint32 v)
{
    return (int)(v * w->scale);
}

static void mouse_down(struct window *w, int x, int y)
{
    struct session *s = &w->session;
    int k = panels_slider_at(w->text, w->scale, &w->layout, s->controls.view, x, y);
    s->controls.drag = k;
    double at;
    if (k >= 0) {
        session_slide(s, k, panels_slider_position(w->text, w->scale, &w->layout, k, x),
                      window_now(w));
    } else if (panels_timeline_at(w->text, w->scale, &w->layout, x, y, &at)) {
        w->scrubbing = true;
        session_scrub(s, at);
    } else if (session_turns(s) && SDL_PointInRect(&(SDL_Point){ x, y }, &w->layout.view)) {
        w->turn_x = x;
        w->turn_y = y;
        session_hold(s, true, window_now(w));
    }
}

/* A drag across the view's height turns it half a turn; right and down move the front that
 * way. */
static void mouse_move(struct window *w, int x, int y)
{
    struct session *s = &w->session;
    if (s->controls.drag >= 0) {
        int k = s->controls.drag;
        session_slide(s, k, panels_slider_position(w->text, w->scale, &w->layout, k, x),
                      window_now(w));
    } else if (w->scrubbing) {
        session_scrub(s, panels_timeline_position(w->text, w->scale, &w->layout, x));
    } else if (s->turning) {
        double k = M_PI / fmax(1.0, w->layout.view.h);
        session_turn(s, (x - w->turn_x) * k, (y - w->turn_y) * k, window_now(w));
        w->turn_x = x;
        w->turn_y = y;
    }
}

static void handle_event(struct window *w, const SDL_Event *e)
{
    struct session *s = &w->session;
    switch (e->type) {
    case SDL_QUIT: s->quit = true; break;
    case SDL_KEYDOWN:
        session_key(s, e->key.keysym.sym, e->key.keysym.mod, window_now(w));
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT)
            mouse_down(w, px(w, e->button.x), px(w, e->button.y));
        break;
    case SDL_MOUSEMOTION: mouse_move(w, px(w, e->motion.x), px(w, e->motion.y)); break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.button == SDL_BUTTON_LEFT) {
            s->controls.drag = -1;
            w->scrubbing = false;
            session_hold(s, false, window_now(w));
        }
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED && !update_size(w))
            s->quit = true;
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:   /* the kept textures' contents (or they) are gone */
        panels_layers_finish(&w->layers);
        break;
    default: break;
    }
}

static void take_screenshot(struct window *w)
{
    char msg[4096];
    w->session.screenshot_pending = false;
    if (screenshot_save(w->renderer, w->opts->screenshot_dir, msg, sizeof msg)) {
        const char *name = strrchr(msg, '/') ? strrchr(msg, '/') + 1 : msg;
        toast(w, false, "saved %s", name);
        trace_printf(&w->trace, "screenshot %s", msg);
    } else {
        fprintf(stderr, "superpose: %s\n", msg);
        toast(w, true, "%s", msg);
        trace_printf(&w->trace, "screenshot-failed %s", msg);
    }
}

/* What a recording's end or trouble tells the user and the trace. */
static void report_capture(struct window *w, enum capture_event e, const char *msg, long frames,
                           long dropped)
{
    if (e == CAPTURE_NOTHING)   /* msg holds nothing then */
        return;
    const char *name = strrchr(msg, '/') ? strrchr(msg, '/') + 1 : msg;
    switch (e) {
    case CAPTURE_SAVED:
        toast(w, false, "saved %s: %ld frames%s", name, frames,
              dropped ? " (the encoder fell behind: some dropped)" : "");
        trace_printf(&w->trace, "recording %s frames=%ld dropped=%ld", msg, frames, dropped);
        break;
    case CAPTURE_FAILED:
        fprintf(stderr, "superpose: %s\n", msg);
        toast(w, true, "%s", msg);
        trace_printf(&w->trace, "recording-failed %s", msg);
        break;
    case CAPTURE_DROPPING:
        toast(w, true, "%s", msg);
        trace_printf(&w->trace, "recording-dropping");
        break;
    case CAPTURE_NOTHING: break;
    }
}

/* W: starts a recording, or asks the one running to finish (the file is written off this
 * thread and reported when done). */
static void toggle_recording(struct window *w)
{
    char msg[4400];
    w->session.record_pending = false;
    if (w->capture.stopping) {
        toast(w, false, "still saving the last recording");
        return;
    }
    if (capture_active(&w->capture)) {
        capture_finish(&w->capture);
        trace_printf(&w->trace, "recording-stop");
        return;
    }
    const struct recorder_desc d = { .dir = w->opts->screenshot_dir };
    if (!capture_start(&w->capture, &d, w->out_w, w->out_h, window_now(w), msg, sizeof msg)) {
        report_capture(w, CAPTURE_FAILED, msg, 0, 0);
        return;
    }
    toast(w, false, "recording %dx%d at %d frames/s; W again: stop and save", w->out_w,
          w->out_h, w->capture.fps);
    trace_printf(&w->trace, "recording-start %dx%d fps=%d", w->out_w, w->out_h,
                 w->capture.fps);
}

/* The frame's timings; twice a second the trace gets what the readout and the views draw, raw
 * (the soak test checks it is finite). */
static void count_frame(struct window *w, double draw_ms, double interval, double work)
{
    const struct session *s = &w->session;
    if (!trace_frame(&w->trace, window_now(w), draw_ms, interval, work))
        return;
    trace_printf(&w->trace, "readout step=%ld loss=%.6g loss-avg=%.6g represented=%d "
                 "frobenius2=%.6g gap-error=%.6g view-scale=%.6g steps-per-s=%.6g fps=%.4g",
                 s->snap.step, s->snap.loss, s->snap.loss_avg, s->an.represented,
                 s->an.frobenius2, analysis_max_gap_error(&s->an), s->view_scale,
                 s->snap.steps_per_sec, w->trace.fps);
}

bool window_frame(struct window *w)
{
    struct session *s = &w->session;
    Uint64 start = SDL_GetPerformanceCounter();
    double dt = (double)(start - w->last) / (double)w->freq;
    w->last = start;
    if (w->clock_set) {
        dt = w->clock - w->last_clock;
        w->last_clock = w->clock;
    }
    SDL_Event e;
    while (SDL_PollEvent(&e))
        handle_event(w, &e);
    if (s->quit)
        return false;
    session_update(s, window_now(w), dt);
    if (w->clock_set) {
        /* Recorded in lockstep: the readout gives the recording's rates, not the machine's. */
        s->snap.steps_per_sec = s->controls.settings.speed;
        w->trace.fps = w->capture.fps;
        w->trace.frame_ms = 1e3 / w->capture.fps;
    }
    if (s->note.serial != w->note_serial) {
        w->note_serial = s->note.serial;
        toast(w, s->note.error, "%s", s->note.text);
    }
    struct panels_frame f = {
        .renderer = w->renderer, .text = w->text, .scale = w->scale, .w = w->out_w,
        .h = w->out_h, .layout = &w->layout, .session = s, .fps = w->trace.fps,
        .frame_ms = w->trace.frame_ms, .toast = NULL, .now = window_now(w), .help = &w->help,
        .layers = &w->layers,
    };
    panels_draw(&f);
    if (s->controls.help)
        s->controls.help_pages = panels_help_pages(&f);
    /* Screenshots and recordings take the picture without the toast and the marker. */
    if (s->screenshot_pending)
        take_screenshot(w);
    if (s->record_pending)
        toggle_recording(w);
    char msg[4400] = "";
    enum capture_event ev = capture_frame(&w->capture, w->renderer, w->out_w, w->out_h,
                                          window_now(w), msg, sizeof msg);
    report_capture(w, ev, msg, w->capture.frames, w->capture.dropped);
    f.toast = &w->toast;
    panels_draw_toast(&f);
    if (!w->clock_set)
        capture_marker(&w->capture, w->renderer, w->text, w->scale, w->layout.view, window_now(w));
    double draw_ms = (double)(SDL_GetPerformanceCounter() - start) / (double)w->freq * 1e3;
    SDL_RenderPresent(w->renderer);
    if (w->trace.frames == 0) {
        trace_printf(&w->trace, "ready %dx%d", w->out_w, w->out_h);
        /* in window points, where a test's mouse goes */
        SDL_Rect tl = w->layout.timeline;
        trace_printf(&w->trace, "timeline x=%d y=%d w=%d h=%d", (int)(tl.x / w->scale),
                     (int)(tl.y / w->scale), (int)(tl.w / w->scale), (int)(tl.h / w->scale));
    }
    double work = (double)(SDL_GetPerformanceCounter() - start) / (double)w->freq;
    count_frame(w, draw_ms, dt, work);
    pace(w, start);
    return true;
}

int window_run(const struct cli_options *o)
{
    struct window w = { 0 };
    int status = 1;
    if (!init(&w, o))
        goto cleanup;
    while (window_frame(&w))
        ;
    char msg[4400];
    window_stop_recording(&w, msg, sizeof msg, NULL, NULL);
    trace_summary(&w.trace);
    trace_printf(&w.trace, "quit");
    status = 0;
cleanup:
    finish(&w);
    return status;
}

struct window *window_create_offscreen(const struct cli_options *o)
{
    struct window *w = calloc(1, sizeof *w);
    if (!w) {
        fprintf(stderr, "superpose: out of memory\n");
        return NULL;
    }
    w->offscreen = true;
    if (!init(w, o)) {
        window_destroy(w);
        return NULL;
    }
    return w;
}

void window_destroy(struct window *w)
{
    if (!w)
        return;
    finish(w);
    free(w);
}

bool window_record(struct window *w, const struct recorder_desc *d, char *msg, size_t len)
{
    return capture_start(&w->capture, d, w->out_w, w->out_h, window_now(w), msg, len);
}

bool window_recording(const struct window *w)
{
    return capture_active(&w->capture);
}

bool window_stop_recording(struct window *w, char *msg, size_t len, long *frames, long *bytes)
{
    long dropped = 0;
    enum capture_event e = capture_stop(&w->capture, msg, len, frames, &dropped, bytes);
    if (e == CAPTURE_NOTHING)
        return true;
    report_capture(w, e, msg, w->capture.frames, dropped);
    return e == CAPTURE_SAVED;
}

void window_set_clock(struct window *w, double now)
{
    if (!w->clock_set)
        w->last_clock = now;
    w->clock_set = true;
    w->clock = now;
}

bool window_resize(struct window *w, int width, int height)
{
    SDL_SetWindowSize(w->window, width, height);
    SDL_Event e;
    while (SDL_PollEvent(&e))
        handle_event(w, &e);
    return update_size(w) && w->out_w == width && w->out_h == height;
}

struct session *window_session(struct window *w)
{
    return &w->session;
}

struct trace *window_trace(struct window *w)
{
    return &w->trace;
}

void window_renderer_name(struct window *w, char *buf, size_t len)
{
    SDL_RendererInfo info;
    snprintf(buf, len, "%s", SDL_GetRendererInfo(w->renderer, &info) == 0 ? info.name : "unknown");
}
