/* The live window: trains at once on a background thread and draws the latest weights every
 * frame (vectors, sliders, readout, loss curve, per-feature panel), with keys and mouse
 * changing the settings while it runs. */
#ifndef SUPERPOSE_APP_WINDOW_H
#define SUPERPOSE_APP_WINDOW_H

#include <stdbool.h>

struct cli_options;
struct trainer_desc;

/* Test hook: when this environment variable is set (to anything but "0"), the window prints
 * one line per event on stdout: "ready WxH" (output pixels) once the first frame is shown,
 * "settings density=... sparsity=... features=... ..." whenever the settings change,
 * "readout step=... loss=..." (the drawn values, raw) twice a second, "screenshot PATH" or
 * "screenshot-failed REASON", "frames N mean-ms X p99-ms Y max-ms Z"
 * and "quit" at the end. */
#define WINDOW_TRACE_ENV "SUPERPOSE_TRACE"

/* Runs the window until it is closed or Q is pressed. Returns the exit status: 0 after a
 * normal quit, 1 when it could not start (no font, no display); the reason is on stderr. */
int window_run(const struct cli_options *o);

/* Frame work time (a frame's start to after its present, pacing excluded) in one view. */
struct window_bench_times {
    long frames;
    double p50_ms, p99_ms, max_ms;
    double fps;               /* frames per wall-clock second, paced to the display's rate */
    double steps_per_sec;     /* the focused model's, at the end */
};

struct window_bench_result {
    char renderer[32];
    struct window_bench_times main;    /* the focused model alone */
    struct window_bench_times sweep;   /* the sweep view: the focused model and 12 more */
    int sweep_models;                  /* models training in the sweep view */
    long rss_kb, hwm_kb;               /* VmRSS and VmHWM at the end, /proc/self/status */
};

/* Runs the real window loop offscreen (SDL_VIDEODRIVER=offscreen, software renderer) with
 * training unlimited: `frames` frames (at most 4096) in the main view, then as many in the
 * sweep view. False when the window could not start (the reason on stderr). */
bool window_bench(const struct trainer_desc *d, int frames, struct window_bench_result *out);
/* The same, printed for `superpose bench`. */
bool window_bench_print(const struct trainer_desc *d, int frames);

#endif
