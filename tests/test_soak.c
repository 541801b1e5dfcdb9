/* Soak, for what only a long run under hostile input shows (leaks, drift out of range, hangs at
 * quit): the real window offscreen while training runs, under at least 100,000 random
 * events pushed from a second thread (keys from the whole key map with and without modifiers,
 * drags across the sliders and the view, resizes down to 1x1, focus changes). Checks, from the
 * trace on stdout: every slider stays in range, nothing drawn is NaN or infinite; from /proc:
 * VmRSS (after malloc_trim) stays flat after a warm-up; and that SDL_QUIT at the end ends
 * window_run with 0 within a second. Real resizes happen on the main thread: SDL_RenderPresent
 * is wrapped at link time (-Wl,--wrap) and applies the size the pushing thread asked for, past
 * the window's minimum as a tiling window manager may; it also counts the frames, which the
 * pushing thread waits on. No check depends on how fast the machine is, except the quit's.
 * Environment: SUPERPOSE_SOAK_EVENTS (default 100000) spread over at least SUPERPOSE_SOAK_PACE
 * seconds (default 25); SUPERPOSE_SOAK_HANG (default 240, four times that sanitized) seconds
 * without the end fail. */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <dirent.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "check.h"
#include "cli.h"
#include "controls.h"
#include "model_neurons.h"
#include "sanitized.h"
#include "settings.h"
#include "trainer.h"
#include "window.h"


#define WARMUP_S 10.0   /* the phase mode's threads and the 3D view start within seconds */
#define READOUT_S 0.5   /* the window traces a readout at the first frame this long after the last */
#define RSS_GROWTH_MAX_KB (10 * 1024)   /* peak, second half over first half */
#define RSS_SWING_MAX_KB (20 * 1024)    /* end over warm-up: what is live depends on the view */
#define QUEUE_HIGH 256      /* pause pushing while this many events wait */
#define SCREENSHOTS_MAX 4
/* How much longer the time bounds are in a sanitizer build: sanitize.sh runs every test with
 * meson's --timeout-multiplier 4. */
#define SLOWER (SANITIZED ? 4 : 1)
/* From SDL_QUIT to window_run's return: one frame and stopping the threads. A sanitizer makes
 * both several times slower (TSan on two loaded cores: frames up to 4 s, the quit 1.3 s). */
#define QUIT_LATENCY_MAX_S (SLOWER * 1.0)
/* The hang guard, as meson's timeout: a sanitized frame at n = 512 is several times slower (the
 * whole run measured at 128 s under TSan and 165 s under ASan with other work on both cores,
 * 31 s unsanitised). */
#define HANG_S (SLOWER * 240)
#define RSS_SAMPLES 512    /* one a second, past the hang guard */

/* Every key the table binds except S (screenshots: a few, separately) and Q / Esc (the end),
 * plus keys it does not bind. */
static const SDL_Keycode bound_keys[] = {
    SDLK_LEFT, SDLK_RIGHT, SDLK_DOWN, SDLK_UP, SDLK_LEFTBRACKET, SDLK_RIGHTBRACKET, SDLK_COMMA,
    SDLK_PERIOD, SDLK_MINUS, SDLK_KP_MINUS, SDLK_EQUALS, SDLK_PLUS, SDLK_KP_PLUS, SDLK_SPACE,
    SDLK_r, SDLK_l, SDLK_g, SDLK_d, SDLK_v, SDLK_m, SDLK_j, SDLK_k, SDLK_u, SDLK_i, SDLK_p,
    SDLK_h, SDLK_F1, SDLK_f, SDLK_7, SDLK_8, SDLK_b, SDLK_o, SDLK_y, SDLK_9, SDLK_0,
    SDLK_PAGEUP, SDLK_PAGEDOWN, SDLK_HOME, SDLK_END,
};
static const SDL_Keycode other_keys[] = {
    SDLK_a, SDLK_z, SDLK_RETURN, SDLK_TAB, SDLK_F5, SDLK_LSHIFT, SDLK_BACKSPACE,
};
static const Uint16 mods[] = {
    KMOD_NONE, KMOD_NONE, KMOD_LSHIFT, KMOD_RSHIFT, KMOD_LCTRL, KMOD_LALT, KMOD_LSHIFT | KMOD_LCTRL,
};
static const int sizes[][2] = {
    { 1, 1 }, { 50, 40 }, { 120, 90 }, { 320, 240 }, { 639, 479 }, { 640, 480 }, { 1280, 800 },
    { 1920, 1080 }, { 800, 1200 }, { 2000, 300 },
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Shared between the pushing thread, the reader of the trace and the main thread. */
static atomic_int ready, stop_pushing;
static atomic_long presents;   /* frames presented (the pipe is no sync edge) */
#define GAPS_MAX (1 << 17)
static double last_present_s, gaps[GAPS_MAX];   /* main thread only: intervals between frames */
static long gaps_n;
static atomic_int resize_w, resize_h;            /* a real resize asked for, 0: none */
static atomic_int cur_w = 1280, cur_h = 800;     /* the window's size in points */
static atomic_int min_out_w = 1 << 30, min_out_h = 1 << 30, max_out_w, resizes_done;

struct push_stats {
    long pushed, retries, keys, drags, motions, resize_events, focus_events, other, shots;
    long real_resizes;
    int rss_n;
    double rss_t[RSS_SAMPLES];
    long rss_kb[RSS_SAMPLES];
    double seconds;            /* pushing, from the first event to the last */
    long rss_warm_kb, rss_end_kb, rss_peak_kb;
    long rss_early_peak_kb, rss_late_peak_kb;   /* after the warm-up: first half, second half */
    double quit_pushed;        /* monotonic seconds */
};

struct trace_stats {
    long lines, settings, readouts, views, messages, screenshots, screenshot_failed, diverged;
    long bad_settings, not_finite, loss_none, rotates, hidden;
    double density_lo, density_hi, decay_lo, decay_hi, lr_lo, lr_hi, speed_lo, speed_hi;
    int features_lo, features_hi;
    long speed_unlimited, paused_lines;
    bool quit;
    char frames[256];
    char first_bad[3][256];
    int bad_kept;
};

static struct push_stats ps;
static struct trace_stats ts;
static unsigned rng_state = 0x5eed1234u;

static double mono_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static unsigned rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static int rnd_range(int lo, int hi)   /* [lo, hi] */
{
    return lo + (int)(rnd() % (unsigned)(hi - lo + 1));
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = 0;
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) {
            kb = strtol(line + 6, NULL, 10);
            break;
        }
    fclose(f);
    return kb;
}

/* --- the main thread's side: SDL_RenderPresent, then a resize if one was asked for --- */

void __real_SDL_RenderPresent(SDL_Renderer *r);
void __wrap_SDL_RenderPresent(SDL_Renderer *r);
void __wrap_SDL_RenderPresent(SDL_Renderer *r)
{
    __real_SDL_RenderPresent(r);
    atomic_fetch_add(&presents, 1);
    double now = mono_s();
    if (last_present_s > 0 && gaps_n < GAPS_MAX)
        gaps[gaps_n++] = now - last_present_s;
    last_present_s = now;
    int ow, oh;
    if (SDL_GetRendererOutputSize(r, &ow, &oh) == 0) {
        if (ow < atomic_load(&min_out_w) || (ow == atomic_load(&min_out_w) &&
                                             oh < atomic_load(&min_out_h))) {
            atomic_store(&min_out_w, ow);
            atomic_store(&min_out_h, oh);
        }
        if (ow > atomic_load(&max_out_w))
            atomic_store(&max_out_w, ow);
    }
    int w = atomic_exchange(&resize_w, 0), h = atomic_load(&resize_h);
    SDL_Window *win = SDL_RenderGetWindow(r);
    if (w > 0 && h > 0 && win) {
        SDL_SetWindowMinimumSize(win, 1, 1);
        SDL_SetWindowSize(win, w, h);
        SDL_GetWindowSize(win, &w, &h);
        atomic_store(&cur_w, w);
        atomic_store(&cur_h, h);
        atomic_fetch_add(&resizes_done, 1);
    }
}

/* --- the pushing thread --- */

static void push(SDL_Event *e)
{
    /* The queue holds 65535 events; keep it short so every frame sees a few dozen. */
    while (SDL_PeepEvents(NULL, 0, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) > QUEUE_HIGH)
        SDL_Delay(1);
    while (SDL_PushEvent(e) <= 0) {
        ps.retries++;
        SDL_Delay(1);
    }
    ps.pushed++;
}

static void push_key(SDL_Keycode key, Uint16 mod)
{
    SDL_Event e = { 0 };
    e.key.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.repeat = (Uint8)(rnd() % 8 == 0);
    e.key.keysym.sym = key;
    e.key.keysym.mod = mod;
    push(&e);
    e.key.type = SDL_KEYUP;
    e.key.state = SDL_RELEASED;
    push(&e);
    ps.keys++;
}

static void push_button(Uint32 type, Uint8 button, int x, int y)
{
    SDL_Event e = { 0 };
    e.button.type = type;
    e.button.button = button;
    e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
    e.button.clicks = 1;
    e.button.x = x;
    e.button.y = y;
    push(&e);
}

static void push_motion(int x, int y)
{
    SDL_Event e = { 0 };
    e.motion.type = SDL_MOUSEMOTION;
    e.motion.state = SDL_BUTTON_LMASK;
    e.motion.x = x;
    e.motion.y = y;
    e.motion.xrel = rnd_range(-20, 20);
    push(&e);
    ps.motions++;
}

/* A drag starting on (or near) the sliders as compute_layout places them at scale 1: the right
 * column from x = w - clamp(0.34 w, 330, 520) - 16, five rows of about 40 px from y = 16;
 * one in four starts in the view instead (it turns the 3D view). */
static void push_drag(void)
{
    int w = atomic_load(&cur_w), h = atomic_load(&cur_h);
    int right = (int)(w * 0.34);
    right = right < 330 ? 330 : right > 520 ? 520 : right;
    int rx = w - right - 16;
    bool view = rnd() % 4 == 0;
    push_button(SDL_MOUSEBUTTONDOWN, rnd() % 10 ? SDL_BUTTON_LEFT : SDL_BUTTON_RIGHT,
                view ? rnd_range(0, rx) : rnd_range(rx - 20, rx + right + 20),
                view ? rnd_range(0, h) : rnd_range(0, 240));
    for (int k = rnd_range(1, 12); k > 0; k--)
        push_motion(rnd_range(rx - 200, w + 200), rnd_range(-50, 300));
    if (rnd() % 8)   /* else the button stays down until the next drag's press */
        push_button(SDL_MOUSEBUTTONUP, SDL_BUTTON_LEFT, rnd_range(0, w), rnd_range(0, 300));
    ps.drags++;
}

static void push_window(Uint8 event, int d1, int d2)
{
    SDL_Event e = { 0 };
    /* windowID 0: SDL's own renderer watch, which runs in the pushing thread, leaves it be. */
    e.window.type = SDL_WINDOWEVENT;
    e.window.event = event;
    e.window.data1 = d1;
    e.window.data2 = d2;
    push(&e);
}

static void push_random(int *shots_left, double t)
{
    unsigned r = rnd() % 100;
    if (r < 55) {
        SDL_Keycode k = r < 52 ? bound_keys[rnd() % COUNT(bound_keys)]
                               : other_keys[rnd() % COUNT(other_keys)];
        push_key(k, mods[rnd() % COUNT(mods)]);
    } else if (r < 80) {
        push_drag();
    } else if (r < 86) {
        int s = (int)(rnd() % COUNT(sizes));
        push_window(rnd() % 2 ? SDL_WINDOWEVENT_SIZE_CHANGED : SDL_WINDOWEVENT_RESIZED,
                    sizes[s][0], sizes[s][1]);
        ps.resize_events++;
    } else if (r < 94) {
        static const Uint8 focus[] = { SDL_WINDOWEVENT_FOCUS_LOST, SDL_WINDOWEVENT_FOCUS_GAINED,
                                       SDL_WINDOWEVENT_ENTER, SDL_WINDOWEVENT_LEAVE,
                                       SDL_WINDOWEVENT_EXPOSED, SDL_WINDOWEVENT_MINIMIZED,
                                       SDL_WINDOWEVENT_RESTORED, SDL_WINDOWEVENT_HIDDEN,
                                       SDL_WINDOWEVENT_SHOWN };
        push_window(focus[rnd() % COUNT(focus)], 0, 0);
        ps.focus_events++;
    } else if (r < 99) {
        SDL_Event e = { 0 };
        if (r < 97) {
            e.wheel.type = SDL_MOUSEWHEEL;
            e.wheel.y = rnd_range(-3, 3);
        } else {
            e.button.type = SDL_MOUSEBUTTONDOWN;
            e.button.button = SDL_BUTTON_MIDDLE;
        }
        push(&e);
        ps.other++;
    } else if (*shots_left > 0 && t > 2.0 * (SCREENSHOTS_MAX - *shots_left + 1)) {
        push_key(SDLK_s, KMOD_NONE);
        (*shots_left)--;
        ps.shots++;
    }
}

/* After malloc_trim, so that free memory glibc keeps in the arenas of threads that came and
 * went (views switched, phase cells) does not count: what is left is live memory. */
static void sample_rss(double t)
{
    malloc_trim(0);
    if (ps.rss_n < RSS_SAMPLES) {
        ps.rss_t[ps.rss_n] = t;
        ps.rss_kb[ps.rss_n] = rss_kb();
        ps.rss_n++;
    }
}

struct push_args {
    long events;
    double pace;      /* spread the events over at least this many seconds */
};

/* Waits (polling) until the main thread has presented `count` frames; false when it stopped. */
static bool wait_presents(long count)
{
    while (atomic_load(&presents) < count)
        if (atomic_load(&stop_pushing))
            return false;
        else
            SDL_Delay(1);
    return true;
}

static void *pusher(void *p)
{
    const struct push_args *args = p;
    while (!atomic_load(&ready))
        if (atomic_load(&stop_pushing))
            return NULL;
        else
            SDL_Delay(1);
    if (!wait_presents(1))
        return NULL;
    int shots_left = SCREENSHOTS_MAX;
    double start = mono_s(), next_sample = 0, next_resize = 0.3;
    sample_rss(0);
    while (ps.pushed < args->events && !atomic_load(&stop_pushing)) {
        double t = mono_s() - start;
        if (t >= next_sample) {
            sample_rss(t);
            if (t >= WARMUP_S && !ps.rss_warm_kb)
                ps.rss_warm_kb = ps.rss_kb[ps.rss_n - 1];
            next_sample += 1.0;
        }
        if (t >= next_resize) {   /* a real resize every 0.3 s or so; the main thread does it */
            int s = (int)(rnd() % COUNT(sizes));
            atomic_store(&resize_h, sizes[s][1]);
            atomic_store(&resize_w, sizes[s][0]);
            ps.real_resizes++;
            next_resize += 0.3;
        }
        if (ps.pushed > args->events * (t / args->pace)) {
            SDL_Delay(1);
            continue;
        }
        push_random(&shots_left, t);
    }
    ps.seconds = mono_s() - start;
    sample_rss(ps.seconds);
    ps.rss_end_kb = ps.rss_kb[ps.rss_n - 1];
    double middle = (WARMUP_S + ps.seconds) / 2;
    for (int k = 0; k < ps.rss_n; k++) {
        long kb = ps.rss_kb[k], *half = ps.rss_t[k] < middle ? &ps.rss_early_peak_kb
                                                             : &ps.rss_late_peak_kb;
        ps.rss_peak_kb = kb > ps.rss_peak_kb ? kb : ps.rss_peak_kb;
        if (ps.rss_t[k] >= WARMUP_S)
            *half = kb > *half ? kb : *half;
    }
    /* The end: once the queue is empty, the frame that took the last events and one whole
     * frame after it (a view switch, a screenshot) are done before SDL_QUIT goes in. */
    while (SDL_PeepEvents(NULL, 0, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) > 0)
        if (atomic_load(&stop_pushing))
            return NULL;
        else
            SDL_Delay(1);
    if (!wait_presents(atomic_load(&presents) + 2))
        return NULL;
    SDL_Event quit = { .type = SDL_QUIT };
    ps.quit_pushed = mono_s();
    for (int k = 0; k < 1000 && SDL_PushEvent(&quit) <= 0 && !atomic_load(&stop_pushing); k++)
        SDL_Delay(1);
    return NULL;
}

/* --- the trace reader --- */

static void bad_line(const char *line)
{
    if (ts.bad_kept < 3)
        snprintf(ts.first_bad[ts.bad_kept++], sizeof ts.first_bad[0], "%s", line);
}

static bool near_in(double v, double lo, double hi)
{
    /* The trace prints 6 significant digits. */
    return v >= lo * (1 - 1e-5) && v <= hi * (1 + 1e-5);
}

static void range(double v, double *lo, double *hi)
{
    *lo = v < *lo ? v : *lo;
    *hi = v > *hi ? v : *hi;
}

static void parse_settings(const char *line)
{
    double density, sparsity, decay, lr, speed;
    int features, paused;
    char act[16], model[16];
    ts.settings++;
    if (sscanf(line, "settings density=%lf sparsity=%lf features=%d decay=%lf lr=%lf speed=%lf "
               "act=%15s model=%15s paused=%d", &density, &sparsity, &features, &decay, &lr,
               &speed, act, model, &paused) != 9 ||
        model_kind_parse(model) == MODEL_KIND_COUNT) {
        ts.bad_settings++;
        bad_line(line);
        return;
    }
    struct settings_range dw = settings_window(SETTINGS_DENSITY);
    struct settings_range fw = settings_window(SETTINGS_FEATURES);
    struct settings_range cw = settings_window(SETTINGS_DECAY);
    struct settings_range lw = settings_window(SETTINGS_LR);
    struct settings_range sw = settings_window(SETTINGS_SPEED);
    bool ok = near_in(density, dw.lo, dw.hi) && fabs(sparsity - (1 - density)) < 1e-5 &&
              features >= fw.lo && features <= fw.hi && near_in(decay, cw.lo, cw.hi) &&
              near_in(lr, lw.lo, lw.hi) && (speed == 0 || near_in(speed, sw.lo, sw.hi)) &&
              (strcmp(act, "relu") == 0 || strcmp(act, "linear") == 0) &&
              (paused == 0 || paused == 1);
    if (!ok) {
        ts.bad_settings++;
        bad_line(line);
        return;
    }
    range(density, &ts.density_lo, &ts.density_hi);
    range(decay, &ts.decay_lo, &ts.decay_hi);
    range(lr, &ts.lr_lo, &ts.lr_hi);
    if (speed == 0)
        ts.speed_unlimited++;
    else
        range(speed, &ts.speed_lo, &ts.speed_hi);
    ts.features_lo = features < ts.features_lo ? features : ts.features_lo;
    ts.features_hi = features > ts.features_hi ? features : ts.features_hi;
    ts.paused_lines += paused;
}

/* Every "key=value" of a readout line is a finite number, except the loss before the first
 * step of a run: NaN there means "none yet", which the readout shows as "-" and the curve
 * skips. */
static void parse_readout(const char *line)
{
    ts.readouts++;
    long step = -1;
    sscanf(line, "readout step=%ld", &step);
    for (const char *p = strchr(line, '='); p; p = strchr(p + 1, '=')) {
        char *end;
        double v = strtod(p + 1, &end);
        bool loss = strncmp(p - 4, "loss=", 5) == 0 || strncmp(p - 8, "loss-avg=", 9) == 0;
        if (loss && step == 0 && isnan(v)) {
            ts.loss_none++;
            continue;
        }
        if (end == p + 1 || !isfinite(v)) {
            ts.not_finite++;
            bad_line(line);
            return;
        }
    }
}

static bool has_nan_or_inf(const char *line)
{
    char low[512];
    size_t k = 0;
    for (; line[k] && k + 1 < sizeof low; k++)
        low[k] = (char)tolower((unsigned char)line[k]);
    low[k] = 0;
    return strstr(low, "nan") || strstr(low, "inf");
}

static void *reader(void *p)
{
    FILE *f = fdopen(*(int *)p, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    ts.density_lo = ts.decay_lo = ts.lr_lo = ts.speed_lo = INFINITY;
    ts.density_hi = ts.decay_hi = ts.lr_hi = ts.speed_hi = -INFINITY;
    ts.features_lo = 1 << 30;
    ts.features_hi = -1;
    while (f && (len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[len - 1] = 0;
        ts.lines++;
        if (strncmp(line, "ready ", 6) == 0)
            atomic_store(&ready, 1);
        else if (strncmp(line, "settings ", 9) == 0)
            parse_settings(line);
        else if (strncmp(line, "readout ", 8) == 0)
            parse_readout(line);
        else if (strncmp(line, "view ", 5) == 0)
            ts.views++;
        else if (strncmp(line, "rotate ", 7) == 0)
            ts.rotates++;
        else if (strncmp(line, "hidden ", 7) == 0)
            ts.hidden++;
        else if (strncmp(line, "message ", 8) == 0)
            ts.messages++;
        else if (strncmp(line, "screenshot ", 11) == 0)
            ts.screenshots++;
        else if (strncmp(line, "screenshot-failed", 17) == 0)
            ts.screenshot_failed++;
        else if (strncmp(line, "diverged", 8) == 0)
            ts.diverged++;
        else if (strncmp(line, "frames ", 7) == 0)
            snprintf(ts.frames, sizeof ts.frames, "%s", line);
        else if (strcmp(line, "quit") == 0)
            ts.quit = true;
        /* The screenshot's path is ours (mkdtemp letters); everything else is the program's. */
        if (strncmp(line, "screenshot", 10) != 0 && strncmp(line, "readout ", 8) != 0 &&
            has_nan_or_inf(line)) {
            ts.not_finite++;
            bad_line(line);
        }
    }
    free(line);
    if (f)
        fclose(f);
    return NULL;
}

static void remove_dir(const char *dir, int *files)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char path[4096];
    *files = 0;
    while (d && (de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (unlink(path) == 0)
            (*files)++;
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

static long env_long(const char *name, long fallback)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : fallback;
}

static int descending(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a < b) - (a > b);
}

/* The fewest readouts the window can have traced in `seconds`: it traces one at the first frame
 * READOUT_S after the last, so consecutive ones (and the edges) are at most READOUT_S plus one
 * frame interval apart, each a different frame's: R readouts cover at most
 * (R + 1) READOUT_S + the R + 1 longest intervals. */
static long readouts_needed(double seconds)
{
    qsort(gaps, (size_t)gaps_n, sizeof *gaps, descending);
    double covered = READOUT_S + (gaps_n > 0 ? gaps[0] : 0);
    long r = 0;
    for (; covered < seconds; r++)
        covered += READOUT_S + (r + 1 < gaps_n ? gaps[r + 1] : 0);
    return r;
}

static void hang(int sig)
{
    static const char msg[] = "soak: FAIL: hang guard: the run did not end in time "
                              "(SUPERPOSE_SOAK_HANG seconds)\n";
    (void)sig;
    (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
    _exit(EXIT_FAILURE);
}

/* The most the seeds view's models take: its most models at the largest n and m the sliders
 * allow, density 1, the largest model kind. */
static long seeds_view_kb(void)
{
    size_t most = 0;
    for (int k = 0; k < MODEL_KIND_COUNT; k++) {
        struct trainer_desc d = TRAINER_DESC_DEFAULT;
        d.features = CONTROLS_FEATURES_MAX;
        d.hidden = CONTROLS_HIDDEN_MAX;
        d.density = 1;
        d.kind = (enum model_kind)k;
        size_t b = trainer_bytes(&d);
        most = b > most ? b : most;
    }
    return (long)(most * (size_t)settings_window(SETTINGS_SEEDS).hi / 1024);
}

int main(void)
{
    struct push_args args = { env_long("SUPERPOSE_SOAK_EVENTS", 100000),
                              (double)env_long("SUPERPOSE_SOAK_PACE", 25) };
    /* A hang fails the test with a message rather than waiting for meson's timeout. */
    signal(SIGALRM, hang);
    alarm((unsigned)env_long("SUPERPOSE_SOAK_HANG", HANG_S));
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    setenv("SDL_FRAMEBUFFER_ACCELERATION", "0", 1);
    setenv(WINDOW_TRACE_ENV, "1", 1);

    char dir[] = "/tmp/superpose-soak-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return EXIT_FAILURE;
    }
    struct cli_options o = { .command = CLI_WINDOW, .desc = TRAINER_DESC_DEFAULT,
                             .speed = settings_table[SETTINGS_SPEED].def, .screenshot_dir = dir };

    /* The trace goes into a pipe that the reader thread parses as it comes. */
    int fds[2];
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    if (saved < 0 || pipe(fds) != 0 || dup2(fds[1], STDOUT_FILENO) < 0) {
        perror("pipe");
        return EXIT_FAILURE;
    }
    close(fds[1]);
    pthread_t rt, pt;
    if (pthread_create(&rt, NULL, reader, &fds[0]) != 0 ||
        pthread_create(&pt, NULL, pusher, &args) != 0) {
        fprintf(stderr, "cannot start the threads\n");
        return EXIT_FAILURE;
    }
    int status = window_run(&o);
    double returned = mono_s();
    if (status != 0)
        atomic_store(&stop_pushing, 1);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);   /* closes the pipe's last write end: the reader sees EOF */
    close(saved);
    pthread_join(pt, NULL);
    pthread_join(rt, NULL);
    int files;
    remove_dir(dir, &files);

    double quit_latency = ps.quit_pushed > 0 ? returned - ps.quit_pushed : -1;
    long growth = ps.rss_end_kb - ps.rss_warm_kb;
    /* What is live depends on the view at that moment (12 models, phase cells); a leak shows as
     * the second half's peak above the first half's. */
    long peak_growth = ps.rss_late_peak_kb - ps.rss_early_peak_kb;
    printf("soak: %ld events pushed in %.1f s (%ld key presses, %ld drags with %ld motions, "
           "%ld resize events, %ld focus/window events, %ld other, %ld screenshots; %ld pushes "
           "retried); %ld real resizes asked, %d done, output sizes drawn %dx%d to %d wide\n",
           ps.pushed, ps.seconds, ps.keys, ps.drags, ps.motions, ps.resize_events,
           ps.focus_events, ps.other, ps.shots, ps.retries, ps.real_resizes,
           atomic_load(&resizes_done), atomic_load(&min_out_w), atomic_load(&min_out_h),
           atomic_load(&max_out_w));
    printf("soak: trace %ld lines: %ld settings, %ld readouts, %ld views, %ld hidden-dims "
           "changes, %ld 3D turns, %ld range messages, %ld screenshots (%d files), %ld diverged; "
           "loss not yet known (step 0) in %ld\n", ts.lines, ts.settings, ts.readouts, ts.views,
           ts.hidden, ts.rotates, ts.messages, ts.screenshots, files, ts.diverged, ts.loss_none);
    printf("soak: settings seen: density %g..%g, features %d..%d, decay %g..%g, lr %g..%g, "
           "speed %g..%g and unlimited %ld times, paused in %ld\n", ts.density_lo, ts.density_hi,
           ts.features_lo, ts.features_hi, ts.decay_lo, ts.decay_hi, ts.lr_lo, ts.lr_hi,
           ts.speed_lo, ts.speed_hi, ts.speed_unlimited, ts.paused_lines);
    printf("soak: VmRSS");
    for (int k = 0; k < ps.rss_n; k++)
        printf(" %.0fs:%.1f", ps.rss_t[k], ps.rss_kb[k] / 1024.0);
    printf(" MB\nsoak: VmRSS after %.0f s warm-up %.1f MB, at the end %.1f MB (growth %+.1f MB), "
           "peak %.1f MB; peak after the warm-up %.1f MB in the first half, %.1f MB in the "
           "second (%+.1f MB)%s\n", WARMUP_S, ps.rss_warm_kb / 1024.0, ps.rss_end_kb / 1024.0,
           growth / 1024.0, ps.rss_peak_kb / 1024.0, ps.rss_early_peak_kb / 1024.0,
           ps.rss_late_peak_kb / 1024.0, peak_growth / 1024.0,
           SANITIZED ? " (sanitizer build: not checked)" : "");
    long readouts_min = readouts_needed(ps.seconds);
    printf("soak: %s; longest frame interval %.3f s, so at least %ld readouts in %.1f s; "
           "window_run returned %d %.3f s after SDL_QUIT\n", ts.frames, gaps_n ? gaps[0] : 0,
           readouts_min, ps.seconds, status, quit_latency);
    for (int k = 0; k < ts.bad_kept; k++)
        printf("soak: bad line: %s\n", ts.first_bad[k]);

    CHECK(status == 0, "window_run returned %d", status);
    CHECK(ps.pushed >= args.events, "only %ld of %ld events pushed", ps.pushed, args.events);
    CHECK(quit_latency >= 0 && quit_latency < QUIT_LATENCY_MAX_S,
          "window_run returned %.3f s after SDL_QUIT", quit_latency);
    CHECK(ts.quit, "no 'quit' line in the trace");
    CHECK(ts.settings > 1000, "only %ld settings lines: the keys and drags did not arrive",
          ts.settings);
    /* One less: the pusher's clock and the window's frames meet only approximately. */
    CHECK(ts.readouts >= readouts_min - 1, "only %ld readout lines in %.1f s of pushing over "
          "%ld frames: want %ld", ts.readouts, ps.seconds, gaps_n, readouts_min - 1);
    CHECK(ts.bad_settings == 0, "%ld settings lines out of range or unreadable",
          ts.bad_settings);
    CHECK(ts.not_finite == 0, "%ld lines with a value NaN or infinite", ts.not_finite);
    CHECK(ts.screenshot_failed == 0, "%ld screenshots failed", ts.screenshot_failed);
    CHECK(ts.screenshots == files, "%ld screenshots traced, %d files", ts.screenshots, files);
    CHECK(atomic_load(&resizes_done) > 0, "no real resize happened");
    CHECK(ps.rss_warm_kb > 0 && ps.rss_early_peak_kb > 0 && ps.rss_late_peak_kb > 0,
          "VmRSS not sampled");
    /* The seeds view holds up to its most models, each as large as the keys can make it, and
     * may first open at any point of the run: both bounds leave room for them (a leak still
     * grows with the events, 100,000 of them). */
    const long seeds_kb = seeds_view_kb();
    printf("soak: the seeds view may hold %.1f MB\n", seeds_kb / 1024.0);
    if (!SANITIZED) {
        CHECK(growth < RSS_SWING_MAX_KB + seeds_kb, "VmRSS grew %.1f MB after the warm-up",
              growth / 1024.0);
        CHECK(peak_growth < RSS_GROWTH_MAX_KB + seeds_kb, "VmRSS's peak grew %.1f MB from the first half "
              "to the second", peak_growth / 1024.0);
    }
    return check_result("soak");
}
